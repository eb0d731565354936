/*
 * doc.c: loading a document (one read, size-capped, binary refused), UTF-8
 * validation, the line table and offset-to-line/column mapping. Splitting
 * into paragraphs, sentences and tokens is segment.c's job.
 */
#include "doc.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "ctx.h"
#include "diag.h"
#include "utf8.h"

/*
 * Documents come and go one after the other (a file loop lints thousands
 * of short articles), so a freed document's own arrays (the line table,
 * tokens, sentences, findings) and its struct are kept for the next one
 * instead of going back to malloc: a few sets, each no bigger than
 * SPARE_MAX_BYTES, shared by all threads under a lock (a worker makes the
 * document, the writer frees it). Only capacity is reused: a document
 * starts empty, its arrays merely have room already.
 */
#define SPARES 4
#define SPARE_MAX_BYTES ((size_t)256 * 1024) /* per array */

struct doc_spare {
    copylint_doc *doc; /* NULL: the slot is empty */
};

static struct doc_spare spares[SPARES];
static size_t nspares;
static pthread_mutex_t spares_mu = PTHREAD_MUTEX_INITIALIZER;

static bool recycle_docs = true;

static void *keep_array(void *p, size_t *cap, size_t size)
{
    if (p && *cap * size <= SPARE_MAX_BYTES)
        return p;
    free(p);
    *cap = 0;
    return NULL;
}

/* A zeroed document, with the arrays of a freed one if there is one. */
static copylint_doc *doc_alloc(void)
{
    copylint_doc *old = NULL;
    if (recycle_docs) {
        pthread_mutex_lock(&spares_mu);
        if (nspares)
            old = spares[--nspares].doc;
        pthread_mutex_unlock(&spares_mu);
    }
    if (!old)
        return cpl_xcalloc(1, sizeof(copylint_doc));
    uint32_t *lines = old->lines;
    size_t caplines = old->caplines;
    struct cpl_token *toks = old->toks;
    size_t captoks = old->captoks;
    struct cpl_para *paras = old->paras;
    size_t capparas = old->capparas;
    struct cpl_sentence *sents = old->sents;
    size_t capsents = old->capsents;
    struct copylint_diag *diags = old->diags;
    size_t capdiags = old->capdiags;
    char *bytes = old->bytes, *path = old->path;
    size_t capbytes = old->capbytes, cappath = old->cappath;
    memset(old, 0, sizeof(*old));
    old->bytes = bytes;
    old->capbytes = capbytes;
    old->path = path;
    old->cappath = cappath;
    old->lines = lines;
    old->caplines = caplines;
    old->toks = toks;
    old->captoks = captoks;
    old->paras = paras;
    old->capparas = capparas;
    old->sents = sents;
    old->capsents = capsents;
    old->diags = diags;
    old->capdiags = capdiags;
    return old;
}

/* Frees the arrays doc_release() may keep, and doc. */
static void free_kept(copylint_doc *doc)
{
    free(doc->lines);
    free(doc->toks);
    free(doc->paras);
    free(doc->sents);
    free(doc->diags);
    free(doc->bytes);
    free(doc->path);
    free(doc);
}

/* Frees doc's arrays, or keeps them (and doc) for doc_alloc(). */
static void doc_release(copylint_doc *doc)
{
    doc->lines = keep_array(doc->lines, &doc->caplines, sizeof(*doc->lines));
    doc->toks = keep_array(doc->toks, &doc->captoks, sizeof(*doc->toks));
    doc->paras = keep_array(doc->paras, &doc->capparas, sizeof(*doc->paras));
    doc->sents = keep_array(doc->sents, &doc->capsents, sizeof(*doc->sents));
    doc->diags = keep_array(doc->diags, &doc->capdiags, sizeof(*doc->diags));
    doc->bytes = keep_array(doc->bytes, &doc->capbytes, 1);
    doc->path = keep_array(doc->path, &doc->cappath, 1);
    if (recycle_docs) {
        pthread_mutex_lock(&spares_mu);
        bool kept = nspares < SPARES;
        if (kept)
            spares[nspares++].doc = doc;
        pthread_mutex_unlock(&spares_mu);
        if (kept)
            return;
    }
    free_kept(doc);
}

void cpl_doc_spares_free(void)
{
    pthread_mutex_lock(&spares_mu);
    while (nspares)
        free_kept(spares[--nspares].doc);
    pthread_mutex_unlock(&spares_mu);
}

void cpl_doc_set_recycling(bool on)
{
    cpl_doc_spares_free();
    recycle_docs = on;
}

/* doc (from doc_alloc()) over bytes[0..len), named `name`. */
static copylint_doc *doc_init(copylint_doc *doc, const copylint_ctx *ctx,
                              const char *name, size_t len)
{
    size_t n = strlen(name) + 1;
    if (n > doc->cappath) {
        free(doc->path);
        doc->path = cpl_xmalloc(n);
        doc->cappath = n;
    }
    memcpy(doc->path, name, n);
    char *bytes = doc->bytes;
    doc->len = len;
    doc->text = bytes;
    doc->max_diags = ctx->max_diags_per_doc;
    if (len >= 3 && memcmp(bytes, "\xEF\xBB\xBF", 3) == 0)
        doc->start = 3;
    return doc;
}

/* Whether bytes[0..len) can be a document: not too big, no NUL byte. */
static copylint_status check_bytes(copylint_ctx *ctx, const char *name,
                                   const char *bytes, size_t len)
{
    if (len > CPL_DOC_MAX_BYTES) {
        cpl_ctx_error(ctx, "'%s' is larger than %zu MiB", name,
                      CPL_DOC_MAX_BYTES >> 20);
        return COPYLINT_ERR_TOO_BIG;
    }
    const char *nul = memchr(bytes, '\0', len);
    if (nul) {
        cpl_ctx_error(ctx, "'%s' is a binary file (NUL byte at offset %zu)",
                      name, (size_t)(nul - bytes));
        return COPYLINT_ERR_BINARY;
    }
    return COPYLINT_OK;
}

copylint_status copylint_doc_from_bytes(copylint_ctx *ctx, const char *name,
                                        const char *bytes, size_t len,
                                        copylint_doc **out)
{
    copylint_status s = check_bytes(ctx, name, bytes, len);
    if (s != COPYLINT_OK)
        return s;
    copylint_doc *doc = doc_alloc();
    if (len + 1 > doc->capbytes) { /* else a freed document's buffer */
        free(doc->bytes);
        doc->bytes = cpl_xmalloc(len + 1);
        doc->capbytes = len + 1;
    }
    memcpy(doc->bytes, bytes, len);
    doc->bytes[len] = '\0';
    *out = doc_init(doc, ctx, name, len);
    return COPYLINT_OK;
}

copylint_status copylint_doc_take(copylint_ctx *ctx, const char *name,
                                  char *bytes, size_t len, copylint_doc **out)
{
    copylint_status s = check_bytes(ctx, name, bytes, len);
    if (s != COPYLINT_OK) {
        free(bytes);
        return s;
    }
    bytes[len] = '\0';
    copylint_doc *doc = doc_alloc();
    free(doc->bytes);
    doc->bytes = bytes;
    doc->capbytes = len + 1; /* at least: copylint.h asks for len + 1 */
    *out = doc_init(doc, ctx, name, len);
    return COPYLINT_OK;
}

/* Reads all of fd, refusing more than CPL_DOC_MAX_BYTES. */
static copylint_status read_all(copylint_ctx *ctx, int fd, const char *name,
                                size_t hint, char **buf, size_t *len)
{
    size_t cap = hint + 1 < CPL_DOC_MAX_BYTES ? hint + 1 : CPL_DOC_MAX_BYTES;
    if (cap < 4096)
        cap = 4096;
    char *p = cpl_xmalloc(cap + 1);
    size_t n = 0;
    for (;;) {
        if (n == cap) {
            if (cap >= CPL_DOC_MAX_BYTES) {
                free(p);
                cpl_ctx_error(ctx, "'%s' is larger than %zu MiB", name,
                              CPL_DOC_MAX_BYTES >> 20);
                return COPYLINT_ERR_TOO_BIG;
            }
            cap = cap * 2 < CPL_DOC_MAX_BYTES ? cap * 2 : CPL_DOC_MAX_BYTES;
            p = cpl_xrealloc(p, cap + 1);
        }
        ssize_t r = read(fd, p + n, cap - n);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            cpl_ctx_error(ctx, "cannot read '%s': %s", name, strerror(errno));
            free(p);
            return COPYLINT_ERR_IO;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    *buf = p;
    *len = n;
    return COPYLINT_OK;
}

copylint_status copylint_doc_load(copylint_ctx *ctx, const char *path,
                                  copylint_doc **out)
{
    bool is_stdin = strcmp(path, "-") == 0;
    int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_NONBLOCK);
    if (fd < 0) {
        cpl_ctx_error(ctx, "cannot open '%s': %s", path, strerror(errno));
        return COPYLINT_ERR_IO;
    }
    struct stat st;
    size_t hint = 0;
    if (!is_stdin) {
        if (fstat(fd, &st) != 0) {
            cpl_ctx_error(ctx, "cannot stat '%s': %s", path, strerror(errno));
            close(fd);
            return COPYLINT_ERR_IO;
        }
        if (S_ISDIR(st.st_mode)) {
            cpl_ctx_error(ctx, "'%s' is a directory", path);
            close(fd);
            return COPYLINT_ERR_NOT_FILE;
        }
        if (!S_ISREG(st.st_mode)) {
            /* A FIFO or device could block or never end: refuse it. */
            cpl_ctx_error(ctx, "'%s' is not a regular file", path);
            close(fd);
            return COPYLINT_ERR_NOT_FILE;
        }
        if ((size_t)st.st_size > CPL_DOC_MAX_BYTES) {
            cpl_ctx_error(ctx, "'%s' is larger than %zu MiB", path,
                          CPL_DOC_MAX_BYTES >> 20);
            close(fd);
            return COPYLINT_ERR_TOO_BIG;
        }
        hint = (size_t)st.st_size;
        /* Regular files never block; clear O_NONBLOCK all the same. */
        int fl = fcntl(fd, F_GETFL);
        if (fl >= 0)
            fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
    }
    char *buf;
    size_t len;
    copylint_status s = read_all(ctx, fd, path, hint, &buf, &len);
    if (!is_stdin)
        close(fd);
    if (s != COPYLINT_OK)
        return s;
    return copylint_doc_take(ctx, path, buf, len, out);
}

void copylint_doc_free(copylint_doc *doc)
{
    if (!doc)
        return;
    for (size_t i = 0; i < doc->ndiags; i++)
        if (doc->diags[i].fixes)
            cpl_diag_release(&doc->diags[i]);
    cpl_diag_free_messages(doc);
    if (doc->text != doc->bytes)
        free(doc->text);
    doc_release(doc);
}

const char *copylint_doc_path(const copylint_doc *doc)
{
    return doc->path;
}

const char *copylint_doc_bytes(const copylint_doc *doc, size_t *len)
{
    if (len)
        *len = doc->len;
    return doc->bytes;
}

size_t copylint_doc_diag_count(const copylint_doc *doc)
{
    return doc->ndiags;
}

const copylint_diag *copylint_doc_diag(const copylint_doc *doc, size_t i)
{
    return i < doc->ndiags ? &doc->diags[i] : NULL;
}

/*
 * Invalid UTF-8 is a finding, one per run of bad bytes, and each bad byte
 * becomes 0x1A (SUB) in doc->text so that later checks read valid text at
 * unchanged offsets. The encoding check does not report those SUBs again.
 */
CPL_TESTABLE void check_utf8(copylint_doc *doc)
{
    const unsigned char *s = (const unsigned char *)doc->bytes;
    size_t i = doc->start;
    bool ascii = doc->start == 0; /* a BOM is not ASCII */
    while (i < doc->len) {
        if (s[i] < 0x80) {
            /* ASCII, the common case: eight bytes at a time. */
            i++;
            while (i + 8 <= doc->len) {
                uint64_t w;
                memcpy(&w, s + i, 8);
                if (w & UINT64_C(0x8080808080808080))
                    break;
                i += 8;
            }
            continue;
        }
        ascii = false;
        size_t l = cpl_utf8_valid_len(s + i, doc->len - i);
        if (l) {
            i += l;
            continue;
        }
        size_t a = i;
        while (i < doc->len && s[i] >= 0x80 &&
               !cpl_utf8_valid_len(s + i, doc->len - i))
            i++;
        if (doc->text == doc->bytes) {
            doc->text = cpl_xmalloc(doc->len + 1);
            memcpy(doc->text, doc->bytes, doc->len + 1);
        }
        memset(doc->text + a, 0x1A, i - a);
        doc->had_invalid_utf8 = true;
        if (i - a == 1)
            cpl_diag_add(doc, CPL_RULE_ENC_INVALID_UTF8, (uint32_t)a, 1,
                         "invalid UTF-8 byte 0x%02X at byte offset %zu", s[a],
                         a);
        else
            cpl_diag_add(doc, CPL_RULE_ENC_INVALID_UTF8, (uint32_t)a,
                         (uint32_t)(i - a),
                         "%zu bytes of invalid UTF-8 at byte offset %zu",
                         i - a, a);
    }
    doc->all_ascii = ascii;
}

/* Line starts: after LF, after CR not followed by LF (old Mac endings). */
static void build_lines(copylint_doc *doc)
{
    doc->lines = cpl_xgrow(doc->lines, &doc->caplines, 64,
                           sizeof(*doc->lines));
    size_t cap = doc->caplines;
    doc->lines[doc->nlines++] = doc->start;
    const char *t = doc->text;
    if (!memchr(t + doc->start, '\r', doc->len - doc->start)) {
        /* LF only, the common case: memchr finds the breaks. */
        const char *p = t + doc->start, *end = t + doc->len;
        while ((p = memchr(p, '\n', (size_t)(end - p))) != NULL) {
            if (++p >= end)
                break;
            if (doc->nlines == cap)
                doc->lines = cpl_xgrow(doc->lines, &cap, doc->nlines + 1,
                                       sizeof(*doc->lines));
            doc->lines[doc->nlines++] = (uint32_t)(p - t);
        }
        doc->caplines = cap;
        return;
    }
    for (size_t i = doc->start; i < doc->len; i++) {
        if (t[i] == '\n' || (t[i] == '\r' && t[i + 1] != '\n')) {
            if (i + 1 >= doc->len)
                break;
            doc->lines = cpl_xgrow(doc->lines, &cap, doc->nlines + 1,
                                   sizeof(*doc->lines));
            doc->lines[doc->nlines++] = (uint32_t)(i + 1);
        }
    }
    doc->caplines = cap;
}

/* The index of the line holding `off`, looked for from line lo on
 * (doc->lines[lo] <= off). */
static unsigned line_search(const copylint_doc *doc, size_t lo, uint32_t off)
{
    size_t hi = doc->nlines;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (doc->lines[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    return (unsigned)lo;
}

static unsigned line_index(const copylint_doc *doc, uint32_t off)
{
    return line_search(doc, 0, off);
}

void cpl_doc_line_col(const copylint_doc *doc, uint32_t off, unsigned *line,
                      unsigned *col)
{
    unsigned l = line_index(doc, off);
    uint32_t start = doc->lines[l];
    *line = l + 1;
    *col = off > start
               ? (unsigned)cpl_utf8_count(doc->text + start, off - start) + 1
               : 1;
}

struct cpl_span cpl_doc_line_span(const copylint_doc *doc, unsigned line)
{
    struct cpl_span sp = {0, 0};
    if (line == 0 || line > doc->nlines)
        return sp;
    uint32_t a = doc->lines[line - 1];
    uint32_t b = line < doc->nlines ? doc->lines[line] : (uint32_t)doc->len;
    while (b > a && (doc->text[b - 1] == '\n' || doc->text[b - 1] == '\r'))
        b--;
    sp.off = a;
    sp.len = b - a;
    return sp;
}

void cpl_doc_prepare_text(copylint_doc *doc)
{
    if (doc->nlines) /* built: it always holds the first line */
        return;
    check_utf8(doc);
    build_lines(doc);
}

static int diag_cmp(const void *pa, const void *pb)
{
    const struct copylint_diag *a = pa, *b = pb;
    if (a->whole_file != b->whole_file)
        return a->whole_file ? -1 : 1;
    if (a->off != b->off)
        return a->off < b->off ? -1 : 1;
    int c = strcmp(a->rule->id, b->rule->id);
    if (c)
        return c;
    if (a->len != b->len)
        return a->len < b->len ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/*
 * The reference: qsort() with diag_cmp, then lines and columns with
 * the column count resumed from the previous offset on the same line
 * and a second count for the code-point offset from the file's start.
 * cpl_doc_finish() must give exactly this (test_doc compares them).
 */
static void locate(const copylint_doc *doc, uint32_t off, unsigned *cur_line,
                   uint32_t *cur_off, size_t *cur_col, unsigned *line,
                   unsigned *col)
{
    unsigned l = line_index(doc, off);
    /* Only an offset inside a BOM lies before the first line's start
     * (a configuration error at 1:1 of a file that has one): column 1. */
    if (off < doc->lines[l])
        off = doc->lines[l];
    if (l + 1 != *cur_line || off < *cur_off) {
        *cur_line = l + 1;
        *cur_off = doc->lines[l];
        *cur_col = 0;
    }
    *cur_col += cpl_utf8_count_bytewise(doc->text + *cur_off, off - *cur_off);
    *cur_off = off;
    *line = *cur_line;
    *col = (unsigned)*cur_col + 1;
}

/* The end of d: usually on the same line, so count onwards. */
static void locate_end(const copylint_doc *doc, struct copylint_diag *d)
{
    d->char_len = cpl_utf8_count_bytewise(doc->text + d->off, d->len);
    uint32_t end = d->off + d->len;
    unsigned el = line_index(doc, end);
    if (el + 1 == d->line) {
        d->end_line = d->line;
        d->end_col = d->col + (unsigned)d->char_len;
    } else {
        cpl_doc_line_col(doc, end, &d->end_line, &d->end_col);
    }
}

void cpl_doc_finish_reference(copylint_doc *doc)
{
    if (doc->ndiags > 1)
        qsort(doc->diags, doc->ndiags, sizeof(*doc->diags), diag_cmp);
    unsigned cur_line = 0;
    uint32_t cur_off = 0;
    size_t cur_col = 0;
    uint32_t char_pos_off = 0;
    size_t char_pos = 0;
    for (size_t i = 0; i < doc->ndiags; i++) {
        struct copylint_diag *d = &doc->diags[i];
        if (d->whole_file)
            continue;
        locate(doc, d->off, &cur_line, &cur_off, &cur_col, &d->line, &d->col);
        if (d->off >= char_pos_off) {
            char_pos += cpl_utf8_count_bytewise(doc->text + char_pos_off,
                                       d->off - char_pos_off);
            char_pos_off = d->off;
        } else {
            char_pos = cpl_utf8_count_bytewise(doc->text, d->off);
            char_pos_off = d->off;
        }
        d->char_off = char_pos;
        locate_end(doc, d);
    }
}

/*
 * Sorting: the findings arrive in runs (each rule's in text order), so
 * a merge sort of their indices that skips the merge of two halves
 * already in order costs about one comparison per finding for a run.
 * Comparisons go by a 64-bit key (whole-file first, then the offset)
 * and fall back to diag_cmp only on a tie; the findings are then moved
 * once into their places.
 */
struct sort_ctx {
    const struct copylint_diag *d;
    const uint64_t *key;
};

static inline bool sort_le(const struct sort_ctx *c, uint32_t i, uint32_t j)
{
    if (c->key[i] != c->key[j])
        return c->key[i] < c->key[j];
    return diag_cmp(&c->d[i], &c->d[j]) <= 0;
}

static void sort_idx(const struct sort_ctx *c, uint32_t *a, uint32_t *tmp,
                     size_t n)
{
    if (n <= 8) {
        for (size_t i = 1; i < n; i++) {
            uint32_t v = a[i];
            size_t j = i;
            while (j > 0 && !sort_le(c, a[j - 1], v)) {
                a[j] = a[j - 1];
                j--;
            }
            a[j] = v;
        }
        return;
    }
    size_t h = n / 2;
    sort_idx(c, a, tmp, h);
    sort_idx(c, a + h, tmp, n - h);
    if (sort_le(c, a[h - 1], a[h]))
        return; /* the halves are already in order */
    memcpy(tmp, a, h * sizeof(*a));
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n)
        a[k++] = sort_le(c, tmp[i], a[j]) ? tmp[i++] : a[j++];
    while (i < h)
        a[k++] = tmp[i++];
}

static void sort_diags(copylint_doc *doc)
{
    size_t n = doc->ndiags;
    struct copylint_diag *d = doc->diags;
    /* one block: the keys, then the indices and the merge's room */
    uint64_t *key = cpl_xmalloc(n * (sizeof(*key) + 2 * sizeof(uint32_t)));
    uint32_t *idx = (uint32_t *)(key + n);
    bool sorted = true;
    for (size_t i = 0; i < n; i++) {
        key[i] = (uint64_t)!d[i].whole_file << 32 | d[i].off;
        idx[i] = (uint32_t)i;
        if (i > 0 && key[i] <= key[i - 1] &&
            (key[i] < key[i - 1] || diag_cmp(&d[i - 1], &d[i]) > 0))
            sorted = false;
    }
    if (!sorted) {
        struct sort_ctx c = {d, key};
        sort_idx(&c, idx, idx + n, n);
        struct copylint_diag *out =
            cpl_xmalloc(doc->capdiags * sizeof(*out));
        for (size_t i = 0; i < n; i++)
            out[i] = d[idx[i]];
        free(doc->diags);
        doc->diags = out;
    }
    free(key);
}

/* The index of the line holding `off`, as line_index() gives it, looked
 * for from line l onwards: the findings come sorted, so the next one is
 * mostly on the same line or a few lines on. */
static unsigned line_from(const copylint_doc *doc, unsigned l, uint32_t off)
{
    if (doc->lines[l] > off)
        return line_index(doc, off);
    for (int k = 0; k < 4; k++, l++)
        if (l + 1 >= doc->nlines || doc->lines[l + 1] > off)
            return l;
    return line_search(doc, l, off);
}

/* cpl_doc_finish() for a text of ASCII bytes only: code points are
 * bytes, so no counting. */
static void finish_ascii(copylint_doc *doc)
{
    unsigned l = 0;
    for (size_t i = 0; i < doc->ndiags; i++) {
        struct copylint_diag *d = &doc->diags[i];
        if (d->whole_file)
            continue;
        l = line_from(doc, l, d->off);
        uint32_t ls = doc->lines[l];
        d->char_off = d->off;
        d->line = l + 1;
        d->col = d->off - ls + 1;
        d->char_len = d->len;
        uint32_t end = d->off + d->len;
        if (line_from(doc, l, end) == l) {
            d->end_line = d->line;
            d->end_col = d->col + d->len;
        } else {
            cpl_doc_line_col(doc, end, &d->end_line, &d->end_col);
        }
    }
}

void cpl_doc_finish(copylint_doc *doc)
{
    if (doc->ndiags > 1)
        sort_diags(doc);
    if (doc->all_ascii) {
        finish_ascii(doc);
        return;
    }
    /* One count of code points from the file's start, onwards from the
     * last finding: a finding's column is its count minus its line
     * start's. */
    uint32_t pos_off = 0;
    size_t pos = 0;
    unsigned cur_line = 0; /* 1-based; 0: none yet */
    size_t line_pos = 0;   /* code points before cur_line's start */
    unsigned l = 0;
    for (size_t i = 0; i < doc->ndiags; i++) {
        struct copylint_diag *d = &doc->diags[i];
        if (d->whole_file)
            continue;
        l = line_from(doc, l, d->off);
        uint32_t ls = doc->lines[l];
        if (l + 1 != cur_line) {
            if (ls < pos_off)
                pos = pos_off = 0;
            pos += cpl_utf8_count(doc->text + pos_off, ls - pos_off);
            pos_off = ls;
            line_pos = pos;
            cur_line = l + 1;
        }
        if (d->off < pos_off)
            pos = pos_off = 0; /* inside a BOM: before its line's start */
        pos += cpl_utf8_count(doc->text + pos_off, d->off - pos_off);
        pos_off = d->off;
        d->char_off = pos;
        d->line = cur_line;
        d->col = d->off > ls ? (unsigned)(pos - line_pos) + 1 : 1;
        /* the end: mostly on the same line (locate_end()'s test) */
        d->char_len = cpl_utf8_count(doc->text + d->off, d->len);
        uint32_t end = d->off + d->len;
        if (line_from(doc, l, end) == l) {
            d->end_line = d->line;
            d->end_col = d->col + (unsigned)d->char_len;
        } else {
            cpl_doc_line_col(doc, end, &d->end_line, &d->end_col);
        }
    }
}
