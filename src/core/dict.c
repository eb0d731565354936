/*
 * dict.c: hunspell dictionaries, newsroom word lists and the dialect table
 * (see dict.h).
 *
 * Cost model. An article of 500 words holds ~250 distinct words, and most
 * of them recur across a run, so every hunspell look-up goes through a
 * cache keyed by the word: 64 shards, each a string set behind its own
 * mutex (two threads rarely want the same shard at once, and the lock is
 * held for one hash probe). A miss takes the dictionary's mutex for one
 * Hunspell_spell() (~2 us). Suggestions are not hunspell's (10-60 ms per
 * word, far too slow for a corpus): they are the dictionary words at one
 * edit from the misspelling (deletion, transposition, substitution,
 * insertion, a split in two), ~50 look-ups per letter, computed once per
 * distinct misspelling and cached.
 *
 * Compiled word forms. Loading hunspell costs ~80 ms per dialect and a
 * look-up of a word it does not know 3-10 us, which dominated a cold run
 * on one article and the suggestion search. When the build made a
 * word-form table for the dialect (core/wordforms.h: every form hunspell
 * accepts, from its own unmunch), the table answers first, with no lock,
 * and with hunspell's own case and hyphen rules (core/wordforms_spell.c):
 * lower-case, capitalised, mixed-case and ALL CAPS words, accented
 * letters, apostrophes and hyphenations of any number of parts. On every
 * word of the shared corpus and every suggestion candidate, in all three
 * dialects, it agrees with Hunspell_spell() exactly, and a run over the
 * whole corpus never loads hunspell. What it cannot decide (digits and
 * other marks inside a word, ALL CAPS with an apostrophe) goes through
 * the cache to hunspell as before, which is then loaded on first need.
 */
#include "dict.h"

#include <ctype.h>
#include <errno.h>
#include <hunspell/hunspell.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <utf8proc.h>

#include "alloc.h"
#include "ctx.h"
#include "strset.h"
#include "utf8.h"
#include "wordcache.h"
#include "wordlist.h"
#include "wordforms.h"

#define NSHARDS 64
#define MAX_WORD 96
#define NDIALECTS 4 /* by enum cpl_dialect; 0 unused */
#define VPREFIX_BITS 65536

/* The bit of vprefix_bits for the first 4 bytes of w. */
static uint32_t vprefix_bit(const char *w)
{
    uint32_t x;
    memcpy(&x, w, 4);
    return (x * 2654435761u) >> 16;
}

struct shard {
    pthread_mutex_t mu;
    struct cpl_strset words; /* value: bits 2d = checked, 2d+1 = known */
    struct cpl_strset sugg;  /* "<d>word" -> char * list */
};

struct vrow {
    char *forms[NDIALECTS][4]; /* [dialect][k]; k = 0 is the preferred */
    int nforms[NDIALECTS];
};

struct cpl_dict {
    char *hdir;
    Hunhandle *hun[NDIALECTS];
    struct cpl_wordforms *forms[NDIALECTS]; /* NULL: no usable table */
    pthread_mutex_t hmu[NDIALECTS];
    struct shard shards[NSHARDS];

    struct cpl_strset listed;     /* newsroom and user words */
    struct cpl_strset names;      /* name parts from names.txt */
    struct cpl_strset diacritic;  /* folded full name -> char * name */
    struct cpl_strset dfirst;     /* folded first words of those names */
    struct cpl_strset exceptions; /* names.diacritics exceptions */
    struct cpl_strset proper;     /* lower-case multi-word proper names */
    struct cpl_strset vforms;     /* variant form -> row + 1 */
    struct cpl_strset vprefix;    /* first 4 bytes of every form */
    uint64_t vprefix_bits[VPREFIX_BITS / 64]; /* the same, hashed: a filter */
    struct vrow *rows;
    size_t nrows;
    struct cpl_wordcache *words; /* the checks' per-word records */
};

static const char *const dialect_files[NDIALECTS] = {NULL, "en_CA", "en_US",
                                                     "en_GB"};

const char *cpl_dialect_name(enum cpl_dialect d)
{
    switch (d) {
    case CPL_DIALECT_EN_CA:
        return "en_CA";
    case CPL_DIALECT_EN_US:
        return "en_US";
    case CPL_DIALECT_EN_GB:
        return "en_GB";
    case CPL_DIALECT_UNKNOWN:
        return "unknown";
    }
    return "unknown";
}

/* ---- folding ---------------------------------------------------------- */

size_t cpl_fold(const char *s, size_t len, char *out, size_t outsize)
{
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += cpl_utf8_decode(s + i, len - i, &cp);
        const char *lit = NULL;
        switch (cp) {
        case 0x2019: case 0x2018: case 0x02BC:
            lit = "'";
            break;
        case 0xF8: case 0xD8:
            lit = "o";
            break;
        case 0x142: case 0x141:
            lit = "l";
            break;
        case 0x111: case 0x110:
            lit = "d";
            break;
        case 0xDF:
            lit = "ss";
            break;
        case 0xE6: case 0xC6:
            lit = "ae";
            break;
        case 0x153: case 0x152:
            lit = "oe";
            break;
        case 0x131:
            lit = "i";
            break;
        default:
            break;
        }
        if (lit) {
            size_t n = strlen(lit);
            if (o + n >= outsize)
                return 0;
            memcpy(out + o, lit, n);
            o += n;
            continue;
        }
        if (cp < 0x80) {
            if (o + 1 >= outsize)
                return 0;
            out[o++] = (char)tolower((int)cp);
            continue;
        }
        utf8proc_int32_t dst[8];
        int last = 0;
        utf8proc_ssize_t n = utf8proc_decompose_char(
            (utf8proc_int32_t)cp, dst, 8,
            UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD |
                UTF8PROC_COMPAT,
            &last);
        if (n < 0 || n > 8) {
            dst[0] = (utf8proc_int32_t)cp;
            n = 1;
        }
        for (utf8proc_ssize_t k = 0; k < n; k++) {
            if (o + 4 >= outsize)
                return 0;
            o += cpl_utf8_encode((uint32_t)dst[k], out + o);
        }
    }
    if (o < outsize)
        out[o] = '\0';
    return o;
}

/* ---- loading ---------------------------------------------------------- */

typedef void (*line_fn)(struct cpl_dict *dict, char *line, size_t len);

struct line_call {
    struct cpl_dict *dict;
    line_fn fn;
};

static void call_line(void *arg, char *line, size_t len)
{
    struct line_call *c = arg;
    c->fn(c->dict, line, len);
}

static copylint_status read_lines(copylint_ctx *ctx, struct cpl_dict *dict,
                                  const char *path, line_fn fn)
{
    struct line_call c = {dict, fn};
    return cpl_wordlist_each(ctx, path, call_line, &c);
}

/* Adds each space-separated word of the line, and the parts of hyphenated
 * words, to `set`. */
static void add_words(struct cpl_strset *set, const char *line, size_t len)
{
    size_t i = 0;
    while (i < len) {
        while (i < len && line[i] == ' ')
            i++;
        size_t a = i;
        while (i < len && line[i] != ' ')
            i++;
        if (i == a)
            continue;
        cpl_strset_add(set, line + a, i - a);
        size_t p = a;
        for (size_t k = a; k <= i; k++)
            if (k == i || line[k] == '-') {
                if (k > p && (p != a || k != i))
                    cpl_strset_add(set, line + p, k - p);
                p = k + 1;
            }
    }
}

static void on_listed(struct cpl_dict *dict, char *line, size_t len)
{
    add_words(&dict->listed, line, len);
}

static bool has_non_ascii(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] >= 0x80)
            return true;
    return false;
}

static void on_name(struct cpl_dict *dict, char *line, size_t len)
{
    add_words(&dict->listed, line, len);
    add_words(&dict->names, line, len);
    if (!has_non_ascii(line, len))
        return;
    char key[256];
    size_t k = cpl_fold(line, len, key, sizeof(key));
    if (!k)
        return;
    struct cpl_strset_entry *e = cpl_strset_add(&dict->diacritic, key, k);
    if (!e->value.ptr)
        e->value.ptr = cpl_xstrndup(line, len);
    const char *sp = memchr(key, ' ', k);
    cpl_strset_add(&dict->dfirst, key, sp ? (size_t)(sp - key) : k);
}

static void on_exception(struct cpl_dict *dict, char *line, size_t len)
{
    cpl_strset_add(&dict->exceptions, line, len);
}

static void on_proper(struct cpl_dict *dict, char *line, size_t len)
{
    char key[256];
    size_t k = cpl_fold(line, len, key, sizeof(key));
    if (k)
        cpl_strset_add(&dict->proper, key, k);
}

static void on_variant(struct cpl_dict *dict, char *line, size_t len)
{
    static const enum cpl_dialect order[3] = {
        CPL_DIALECT_EN_US, CPL_DIALECT_EN_CA, CPL_DIALECT_EN_GB};
    struct vrow row;
    memset(&row, 0, sizeof(row));
    size_t i = 0;
    for (int c = 0; c < 3; c++) {
        while (i < len && line[i] == ' ')
            i++;
        size_t a = i;
        while (i < len && line[i] != ' ')
            i++;
        enum cpl_dialect d = order[c];
        size_t p = a;
        for (size_t k = a; k <= i; k++)
            if ((k == i || line[k] == '|') && k > p && row.nforms[d] < 4) {
                row.forms[d][row.nforms[d]++] = cpl_xstrndup(line + p, k - p);
                p = k + 1;
            }
    }
    for (int d = 1; d < NDIALECTS; d++)
        if (!row.nforms[d]) {
            for (int e = 1; e < NDIALECTS; e++)
                for (int k = 0; k < row.nforms[e]; k++)
                    free(row.forms[e][k]);
            return; /* malformed row: fewer than three columns */
        }
    dict->rows = cpl_xrealloc(dict->rows, (dict->nrows + 1) * sizeof(row));
    dict->rows[dict->nrows] = row;
    for (int d = 1; d < NDIALECTS; d++)
        for (int k = 0; k < row.nforms[d]; k++) {
            struct cpl_strset_entry *e = cpl_strset_add(
                &dict->vforms, row.forms[d][k], strlen(row.forms[d][k]));
            if (!e->value.num)
                e->value.num = (intptr_t)dict->nrows + 1;
            if (strlen(row.forms[d][k]) >= 4) {
                cpl_strset_add(&dict->vprefix, row.forms[d][k], 4);
                uint32_t b = vprefix_bit(row.forms[d][k]);
                dict->vprefix_bits[b / 64] |= (uint64_t)1 << (b % 64);
            }
        }
    dict->nrows++;
}

static copylint_status load_data(copylint_ctx *ctx, struct cpl_dict *dict,
                                 const char *rel, line_fn fn)
{
    char *path = cpl_ctx_data_path(ctx, rel);
    copylint_status st = read_lines(ctx, dict, path, fn);
    free(path);
    return st;
}

static bool hunspell_files_exist(const char *dir, const char *name)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s.aff", dir, name);
    if (access(path, R_OK) != 0)
        return false;
    snprintf(path, sizeof(path), "%s/%s.dic", dir, name);
    return access(path, R_OK) == 0;
}

copylint_status cpl_dict_new(copylint_ctx *ctx, struct cpl_dict **out)
{
    struct cpl_dict *dict = cpl_xcalloc(1, sizeof(*dict));
    dict->hdir = cpl_xstrdup(ctx->hunspell_dir ? ctx->hunspell_dir
                                               : "/usr/share/hunspell");
    for (int d = 0; d < NDIALECTS; d++)
        pthread_mutex_init(&dict->hmu[d], NULL);
    for (int s = 0; s < NSHARDS; s++) {
        pthread_mutex_init(&dict->shards[s].mu, NULL);
        cpl_strset_init(&dict->shards[s].words);
        cpl_strset_init(&dict->shards[s].sugg);
    }
    static const struct {
        const char *rel;
        line_fn fn;
    } files[] = {
        {"dicts/wire-vocabulary.txt", on_listed},
        {"dicts/organisations.txt", on_listed},
        {"dicts/places.txt", on_listed},
        {"dicts/names.txt", on_name},
        {"dicts/diacritics-exceptions.txt", on_exception},
        {"dicts/dialect-proper-names.txt", on_proper},
        {"dicts/dialect-variants.txt", on_variant},
    };
    copylint_status st = COPYLINT_OK;
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]) && !st; i++)
        st = load_data(ctx, dict, files[i].rel, files[i].fn);
    for (size_t i = 0; i < ctx->nwords_files && !st; i++)
        st = read_lines(ctx, dict, ctx->words_files[i], on_listed);
    bool need_hunspell = cpl_ctx_family_on(ctx, "spelling") ||
                         cpl_ctx_family_on(ctx, "names");
    for (int d = 1; d < NDIALECTS && !st && need_hunspell; d++)
        if (!hunspell_files_exist(dict->hdir, dialect_files[d])) {
            cpl_ctx_error(ctx,
                          "cannot find the hunspell dictionary '%s/%s.dic' "
                          "(install hunspell-en-us, hunspell-en-ca and "
                          "hunspell-en-gb)",
                          dict->hdir, dialect_files[d]);
            st = COPYLINT_ERR_DICT;
        }
    if (st) {
        cpl_dict_free(dict);
        return st;
    }
    for (int d = 1; d < NDIALECTS && need_hunspell && ctx->wordforms_dir;
         d++) {
        char table[4096], aff[4096], dic[4096];
        snprintf(table, sizeof(table), "%s/%s.cwf", ctx->wordforms_dir,
                 dialect_files[d]);
        snprintf(aff, sizeof(aff), "%s/%s.aff", dict->hdir, dialect_files[d]);
        snprintf(dic, sizeof(dic), "%s/%s.dic", dict->hdir, dialect_files[d]);
        dict->forms[d] = cpl_wordforms_open(table, dic, aff);
    }
    dict->words = cpl_wordcache_new(17);
    *out = dict;
    return COPYLINT_OK;
}

struct cpl_wordcache *cpl_dict_words(const struct cpl_dict *dict)
{
    return dict->words;
}

void cpl_dict_drop_words(struct cpl_dict *dict)
{
    cpl_wordcache_free(dict->words);
    dict->words = NULL;
}

static void release_values(struct cpl_strset *set)
{
    for (size_t i = 0; i < set->cap; i++)
        if (set->slots[i].key)
            free(set->slots[i].value.ptr);
    cpl_strset_release(set);
}

void cpl_dict_free(struct cpl_dict *dict)
{
    if (!dict)
        return;
    for (int d = 0; d < NDIALECTS; d++) {
        if (dict->hun[d])
            Hunspell_destroy(dict->hun[d]);
        pthread_mutex_destroy(&dict->hmu[d]);
    }
    for (int s = 0; s < NSHARDS; s++) {
        pthread_mutex_destroy(&dict->shards[s].mu);
        cpl_strset_release(&dict->shards[s].words);
        release_values(&dict->shards[s].sugg);
    }
    cpl_strset_release(&dict->listed);
    cpl_strset_release(&dict->names);
    release_values(&dict->diacritic);
    cpl_strset_release(&dict->dfirst);
    cpl_strset_release(&dict->exceptions);
    cpl_strset_release(&dict->proper);
    cpl_strset_release(&dict->vforms);
    cpl_strset_release(&dict->vprefix);
    for (size_t r = 0; r < dict->nrows; r++)
        for (int d = 0; d < NDIALECTS; d++)
            for (int k = 0; k < dict->rows[r].nforms[d]; k++)
                free(dict->rows[r].forms[d][k]);
    free(dict->rows);
    cpl_wordcache_free(dict->words);
    for (int d = 0; d < NDIALECTS; d++)
        cpl_wordforms_close(dict->forms[d]);
    free(dict->hdir);
    free(dict);
}

/* ---- hunspell --------------------------------------------------------- */

/* Locks the dialect's handle, loading it on first use. */
static Hunhandle *hun_lock(struct cpl_dict *dict, enum cpl_dialect d)
{
    pthread_mutex_lock(&dict->hmu[d]);
    if (!dict->hun[d]) {
        char aff[4096], dic[4096];
        snprintf(aff, sizeof(aff), "%s/%s.aff", dict->hdir, dialect_files[d]);
        snprintf(dic, sizeof(dic), "%s/%s.dic", dict->hdir, dialect_files[d]);
        dict->hun[d] = Hunspell_create(aff, dic);
    }
    return dict->hun[d];
}

static void hun_unlock(struct cpl_dict *dict, enum cpl_dialect d)
{
    pthread_mutex_unlock(&dict->hmu[d]);
}

/* Copies the word with ’ read as ', NUL-terminated; 0 if too long. */
static size_t normalise(const char *w, size_t len, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        if (o + 1 >= MAX_WORD)
            return 0;
        if (i + 2 < len && (unsigned char)w[i] == 0xE2 &&
            (unsigned char)w[i + 1] == 0x80 &&
            ((unsigned char)w[i + 2] == 0x99 ||
             (unsigned char)w[i + 2] == 0x98)) {
            out[o++] = '\'';
            i += 2;
            continue;
        }
        out[o++] = w[i];
    }
    out[o] = '\0';
    return o;
}

/* What the word-form table says of w: 1 known, 0 unknown, -1 not for the
 * table to say (no table, or a shape it does not decide). */
static int table_says(const struct cpl_dict *dict, enum cpl_dialect d,
                      const char *w, size_t n)
{
    return cpl_wordforms_spell(dict->forms[d], w, n);
}

/* Whether hunspell accepts w[0..n) (n < MAX_WORD, ’ already read as '). */
static bool spell_one(const struct cpl_dict *cdict, enum cpl_dialect d,
                      const char *w, size_t n)
{
    int says = table_says(cdict, d, w, n);
    if (says >= 0)
        return says == 1;
    struct cpl_dict *dict = (struct cpl_dict *)cdict;
    uint32_t h = cpl_strset_hash(w, n);
    struct shard *sh = &dict->shards[h % NSHARDS];
    intptr_t bit_checked = (intptr_t)1 << (2 * d);
    intptr_t bit_known = (intptr_t)1 << (2 * d + 1);
    pthread_mutex_lock(&sh->mu);
    struct cpl_strset_entry *e = cpl_strset_find(&sh->words, w, n);
    intptr_t v = e ? e->value.num : 0;
    pthread_mutex_unlock(&sh->mu);
    if (v & bit_checked)
        return (v & bit_known) != 0;
    char z[MAX_WORD]; /* hunspell wants it NUL-terminated */
    memcpy(z, w, n);
    z[n] = '\0';
    Hunhandle *hh = hun_lock(dict, d);
    bool ok = hh && Hunspell_spell(hh, z) != 0;
    hun_unlock(dict, d);
    pthread_mutex_lock(&sh->mu);
    e = cpl_strset_add(&sh->words, w, n);
    e->value.num |= bit_checked | (ok ? bit_known : 0);
    pthread_mutex_unlock(&sh->mu);
    return ok;
}

bool cpl_dict_spell(const struct cpl_dict *dict, enum cpl_dialect dialect,
                    const char *word, size_t len)
{
    char buf[MAX_WORD];
    const char *w = word;
    size_t n = len;
    /* Most words need no copy: no ’ to read as '. */
    if (!len || len >= MAX_WORD || memchr(word, 0xE2, len)) {
        n = normalise(word, len, buf);
        w = buf;
    }
    if (!n)
        return true; /* too long to judge: not a finding */
    if (dialect == CPL_DIALECT_UNKNOWN)
        return spell_one(dict, CPL_DIALECT_EN_US, w, n) ||
               spell_one(dict, CPL_DIALECT_EN_GB, w, n);
    return spell_one(dict, dialect, w, n);
}

bool cpl_dict_listed(const struct cpl_dict *dict, const char *word,
                     size_t len)
{
    if (cpl_strset_has(&dict->listed, word, len))
        return true;
    if (!memchr(word, 0xE2, len))
        return false; /* no ’ to read as ': normalise() would change nothing */
    char w[MAX_WORD];
    size_t n = normalise(word, len, w);
    return n && n != len && cpl_strset_has(&dict->listed, w, n);
}

bool cpl_dict_is_name(const struct cpl_dict *dict, const char *word,
                      size_t len)
{
    return cpl_strset_has(&dict->names, word, len);
}

/* ---- suggestions ------------------------------------------------------ */

struct sugg_buf {
    char list[3][MAX_WORD + 2];
    int n;
};

/* Whether cand is a word: the table's answer where it has one, else
 * hunspell's (loaded on first need). */
static bool sugg_known(const struct cpl_dict *cdict, enum cpl_dialect d,
                       const char *cand)
{
    int says = table_says(cdict, d, cand, strlen(cand));
    if (says >= 0)
        return says == 1;
    struct cpl_dict *dict = (struct cpl_dict *)cdict;
    Hunhandle *hh = hun_lock(dict, d);
    bool ok = hh && Hunspell_spell(hh, cand) != 0;
    hun_unlock(dict, d);
    return ok;
}

static void sugg_try(const struct cpl_dict *dict, enum cpl_dialect d,
                     struct sugg_buf *sb, const char *cand)
{
    if (sb->n >= 3)
        return;
    for (int i = 0; i < sb->n; i++)
        if (strcmp(sb->list[i], cand) == 0)
            return;
    if (strchr(cand, ' ')) {
        /* A split: both halves must be words. */
        char a[MAX_WORD + 2];
        snprintf(a, sizeof(a), "%s", cand);
        char *sp = strchr(a, ' ');
        *sp = '\0';
        if (strlen(a) < 2 || strlen(sp + 1) < 2 ||
            !sugg_known(dict, d, a) || !sugg_known(dict, d, sp + 1))
            return;
    } else if (!sugg_known(dict, d, cand)) {
        return;
    }
    snprintf(sb->list[sb->n++], sizeof(sb->list[0]), "%s", cand);
}

/*
 * Most misspellings are plain lower-case words (a-z and '), and so are
 * all their candidates but the splits: for those, Hunspell_spell() is
 * exactly "the table holds it" (wordforms_spell.c), and each look-up is a
 * random probe into a table of megabytes, a cache miss. So the candidates
 * are taken 32 at a time: all 32 hashed and their slots fetched, then
 * judged in order as sugg_try() would, with the loads overlapping instead
 * of waiting one by one. Other words, the splits and a candidate of no
 * letters go through sugg_try(), after the batch before them.
 */
#define SUGG_BATCH 32

struct sugg_batch {
    const struct cpl_dict *dict;
    enum cpl_dialect d;
    struct sugg_buf *sb;
    const struct cpl_wordforms *wf; /* NULL: every candidate to sugg_try */
    size_t n;
    uint64_t hash[SUGG_BATCH];
    char cand[SUGG_BATCH][MAX_WORD + 2];
};

static bool plain_lower_word(const char *w, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((w[i] < 'a' || w[i] > 'z') && w[i] != '\'')
            return false;
    return true;
}

static void batch_flush(struct sugg_batch *b)
{
    struct sugg_buf *sb = b->sb;
    for (size_t i = 0; i < b->n && sb->n < 3; i++) {
        const char *cand = b->cand[i];
        bool dup = false;
        for (int k = 0; k < sb->n && !dup; k++)
            dup = strcmp(sb->list[k], cand) == 0;
        if (dup || !cpl_wordforms_has_hash(b->wf, b->hash[i]))
            continue;
        snprintf(sb->list[sb->n++], sizeof(sb->list[0]), "%s", cand);
    }
    b->n = 0;
}

/* A candidate of n bytes, in order: sugg_try(), or into the batch. Its
 * first `from` bytes are the misspelling's, whose hash state after them
 * is `state` (pre[from] in suggest_ed1()): only the rest is hashed. */
static void emit(struct sugg_batch *b, const char *cand, size_t n,
                 uint64_t state, size_t from)
{
    if (b->sb->n >= 3)
        return;
    /* Only a split holds a space, and the batch takes only words of
     * a-z and ' (suggest_ed1()). */
    if (!b->wf || n == 0 || memchr(cand, ' ', n)) {
        if (b->n)
            batch_flush(b);
        sugg_try(b->dict, b->d, b->sb, cand);
        return;
    }
    memcpy(b->cand[b->n], cand, n + 1);
    b->hash[b->n] =
        cpl_wordforms_hash_end(cpl_wordforms_hash_more(state, cand + from,
                                                       n - from));
    cpl_wordforms_prefetch(b->wf, b->hash[b->n]);
    if (++b->n == SUGG_BATCH)
        batch_flush(b);
}

/*
 * Candidates in the order a typist's slips are most likely: a swapped pair
 * (teh), a dropped letter (goverment, accomodate), a wrong vowel
 * (seperate), an extra letter, two words run together (thebank). To keep
 * the cost near 20 look-ups per letter (a miss costs hunspell ~10 us),
 * insertions try the neighbours' letters, vowels and the consonants most
 * often dropped, and substitutions try vowels and the neighbours' letters
 * (keyboard slips beyond that are left without a suggestion).
 */
static void suggest_ed1(const struct cpl_dict *dict, enum cpl_dialect d,
                        const char *w, size_t n, struct sugg_buf *sb,
                        bool batch)
{
    struct sugg_batch b;
    b.dict = dict;
    b.d = d;
    b.sb = sb;
    b.n = 0;
    b.wf = batch && plain_lower_word(w, n) ? dict->forms[d] : NULL;
    static const char ins_letters[] = "aeioulnrstmcdh";
    static const char vowels[] = "aeiouy";
    char c[MAX_WORD + 2];
    /* The hash state after each beginning w[0, i): every candidate below
     * starts with one. */
    uint64_t pre[MAX_WORD + 1];
    pre[0] = CPL_WORDFORMS_HASH_START;
    for (size_t i = 0; i < n; i++)
        pre[i + 1] = cpl_wordforms_hash_more(pre[i], w + i, 1);
    for (size_t i = 0; i + 1 < n; i++) {
        if (w[i] == w[i + 1])
            continue;
        memcpy(c, w, n + 1);
        c[i] = w[i + 1];
        c[i + 1] = w[i];
        emit(&b, c, n, pre[i], i);
    }
    for (size_t i = 0; i <= n && n + 1 < MAX_WORD; i++)
        for (const char *p = ins_letters; *p; p++) {
            memcpy(c, w, i);
            c[i] = *p;
            memcpy(c + i + 1, w + i, n - i + 1);
            emit(&b, c, n + 1, pre[i], i);
        }
    for (size_t i = 0; i < n; i++) {
        memcpy(c, w, i);
        memcpy(c + i, w + i + 1, n - i);
        emit(&b, c, n - 1, pre[i], i);
    }
    for (size_t i = 0; i < n; i++) {
        char alts[16];
        size_t na = 0;
        if (strchr(vowels, w[i]))
            for (const char *p = vowels; *p; p++)
                alts[na++] = *p;
        if (i > 0)
            alts[na++] = w[i - 1];
        if (i + 1 < n)
            alts[na++] = w[i + 1];
        for (size_t k = 0; k < na; k++) {
            if (alts[k] == w[i])
                continue;
            memcpy(c, w, n + 1);
            c[i] = alts[k];
            emit(&b, c, n, pre[i], i);
        }
    }
    for (size_t i = 3; i + 3 <= n; i++) {
        memcpy(c, w, i);
        c[i] = ' ';
        memcpy(c + i + 1, w + i, n - i + 1);
        emit(&b, c, n + 1, pre[i], i);
    }
    if (b.n)
        batch_flush(&b);
}

const char *cpl_dict_suggest(const struct cpl_dict *cdict,
                             enum cpl_dialect dialect, const char *word,
                             size_t len)
{
    struct cpl_dict *dict = (struct cpl_dict *)cdict;
    if (dialect == CPL_DIALECT_UNKNOWN)
        dialect = CPL_DIALECT_EN_US;
    char key[MAX_WORD + 2];
    size_t n = normalise(word, len, key + 1);
    if (!n)
        return "";
    key[0] = (char)('0' + dialect);
    uint32_t h = cpl_strset_hash(key + 1, n);
    struct shard *sh = &dict->shards[h % NSHARDS];
    pthread_mutex_lock(&sh->mu);
    struct cpl_strset_entry *e = cpl_strset_find(&sh->sugg, key, n + 1);
    const char *v = e ? (const char *)e->value.ptr : NULL;
    pthread_mutex_unlock(&sh->mu);
    if (v)
        return v;

    struct sugg_buf sb;
    sb.n = 0;
    /* The table answers nearly every candidate; hunspell is asked (and
     * loaded) only for the shapes it does not decide. */
    suggest_ed1(dict, dialect, key + 1, n, &sb, true);
    size_t total = 1;
    for (int i = 0; i < sb.n; i++)
        total += strlen(sb.list[i]) + 1;
    char *list = cpl_xmalloc(total), *p = list;
    for (int i = 0; i < sb.n; i++) {
        size_t l = strlen(sb.list[i]) + 1;
        memcpy(p, sb.list[i], l);
        p += l;
    }
    *p = '\0';

    pthread_mutex_lock(&sh->mu);
    e = cpl_strset_add(&sh->sugg, key, n + 1);
    if (e->value.ptr) {
        free(list); /* another thread was quicker */
    } else {
        e->value.ptr = list;
    }
    v = (const char *)e->value.ptr;
    pthread_mutex_unlock(&sh->mu);
    return v;
}

size_t cpl_dict_suggest_slow(const struct cpl_dict *dict,
                             enum cpl_dialect dialect, const char *word,
                             size_t len, char *out, size_t outsize)
{
    if (dialect == CPL_DIALECT_UNKNOWN)
        dialect = CPL_DIALECT_EN_US;
    char w[MAX_WORD + 2];
    size_t n = normalise(word, len, w);
    struct sugg_buf sb;
    sb.n = 0;
    if (n)
        suggest_ed1(dict, dialect, w, n, &sb, false);
    size_t o = 0;
    for (int i = 0; i < sb.n; i++) {
        size_t l = strlen(sb.list[i]) + 1;
        if (o + l + 1 > outsize)
            break;
        memcpy(out + o, sb.list[i], l);
        o += l;
    }
    if (o < outsize)
        out[o] = '\0';
    return o;
}

/* ---- dialect variants ------------------------------------------------- */

/* Regular inflections: the word ends in `strip`; its base is the rest plus
 * `add`. Tried in order after the word itself. */
#define INFL(strip, add) {strip, add, sizeof(strip) - 1, sizeof(add) - 1}
static const struct {
    const char *strip, *add;
    size_t strip_len, add_len;
} inflections[] = {
    INFL("s", ""),     INFL("es", ""),    INFL("d", ""),
    INFL("ed", ""),    INFL("ing", ""),   INFL("ing", "e"),
    INFL("r", ""),     INFL("er", ""),    INFL("rs", ""),
    INFL("ers", ""),   INFL("ation", "e"), INFL("ations", "e"),
    INFL("able", ""),  INFL("able", "e"), INFL("ful", ""),
    INFL("ite", ""),   INFL("ites", ""),  INFL("ly", ""),
    INFL("al", ""),    INFL("ally", ""),  INFL("less", ""),
    INFL("ist", ""),   INFL("ists", ""),  INFL("ment", ""),
    INFL("ments", ""), INFL("ed", "e"),   INFL("ery", ""),
};
#undef INFL

#define NINFL (sizeof(inflections) / sizeof(inflections[0]))
_Static_assert(NINFL <= 32, "a bit per inflection in a uint32_t");

/* Bit i of infl_by_last[c]: inflection i strips an ending whose last
 * byte is c. Filled on first use (the table is small and constant). */
static uint32_t infl_by_last[256];
static pthread_once_t infl_once = PTHREAD_ONCE_INIT;

static void infl_index(void)
{
    for (size_t i = 0; i < NINFL; i++) {
        const char *e = inflections[i].strip;
        infl_by_last[(unsigned char)e[inflections[i].strip_len - 1]] |=
            (uint32_t)1 << i;
    }
}

static int find_row(const struct cpl_dict *dict, const char *w, size_t n,
                    int *infl, const char **base_form)
{
    pthread_once(&infl_once, infl_index);
    struct cpl_strset_entry *e = cpl_strset_find(&dict->vforms, w, n);
    if (e) {
        *infl = -1;
        *base_form = e->key;
        return (int)e->value.num - 1;
    }
    char b[MAX_WORD + 8];
    /* Only the inflections whose ending ends in the word's last byte, in
     * their order: most words end in a letter that rules out all but a
     * few (a bit per inflection, by last byte). */
    uint32_t cand = n ? infl_by_last[(unsigned char)w[n - 1]] : 0;
    for (size_t i = 0; cand; i++, cand >>= 1) {
        if (!(cand & 1))
            continue;
        size_t sl = inflections[i].strip_len;
        size_t al = inflections[i].add_len;
        if (n <= sl + 2 || n - sl + al >= sizeof(b) ||
            memcmp(w + n - sl, inflections[i].strip, sl) != 0)
            continue;
        memcpy(b, w, n - sl);
        memcpy(b + n - sl, inflections[i].add, al);
        e = cpl_strset_find(&dict->vforms, b, n - sl + al);
        if (e) {
            *infl = (int)i;
            *base_form = e->key;
            return (int)e->value.num - 1;
        }
    }
    return -1;
}

bool cpl_dict_variant_maybe(const struct cpl_dict *dict, const char *word,
                            size_t len)
{
    /* One bit, then one probe, reject almost every word: no form starts
     * like it. */
    uint32_t b = len >= 4 ? vprefix_bit(word) : 0;
    return len >= 4 && len < MAX_WORD &&
           (dict->vprefix_bits[b / 64] >> (b % 64) & 1) &&
           cpl_strset_has(&dict->vprefix, word, 4);
}

struct cpl_variant_hit cpl_dict_variant(const struct cpl_dict *dict,
                                        const char *word, size_t len)
{
    struct cpl_variant_hit hit;
    memset(&hit, 0, sizeof(hit));
    int infl;
    const char *base;
    if (!cpl_dict_variant_maybe(dict, word, len)) {
        hit.row = -1;
        return hit;
    }
    hit.row = find_row(dict, word, len, &infl, &base);
    if (hit.row < 0)
        return hit;
    const struct vrow *r = &dict->rows[hit.row];
    for (int d = 1; d < NDIALECTS; d++)
        for (int k = 0; k < r->nforms[d]; k++)
            if (strcmp(r->forms[d][k], base) == 0)
                hit.in[d] = true;
    return hit;
}

size_t cpl_dict_variant_fix(const struct cpl_dict *dict, const char *word,
                            size_t len, enum cpl_dialect dialect, char *out,
                            size_t outsize)
{
    int infl;
    const char *base;
    if (dialect == CPL_DIALECT_UNKNOWN || len >= MAX_WORD)
        return 0;
    int row = find_row(dict, word, len, &infl, &base);
    if (row < 0)
        return 0;
    const char *target = dict->rows[row].forms[dialect][0];
    size_t tl = strlen(target);
    const char *strip = infl >= 0 ? inflections[infl].strip : "";
    const char *add = infl >= 0 ? inflections[infl].add : "";
    size_t sl = strlen(strip), al = strlen(add);
    if (al && tl >= al && memcmp(target + tl - al, add, al) == 0)
        tl -= al;
    if (tl + sl + 1 > outsize)
        return 0;
    memcpy(out, target, tl);
    memcpy(out + tl, strip, sl);
    out[tl + sl] = '\0';
    return tl + sl;
}

/* ---- proper names, diacritics ----------------------------------------- */

static bool word_byte(unsigned char c)
{
    return c >= 0x80 || isalnum(c) || c == '.' || c == '-' || c == '\'';
}

bool cpl_dict_proper_name_at(const struct cpl_dict *dict, const char *text,
                             size_t len, size_t at, size_t wlen)
{
    if (!dict->proper.count)
        return false;
    enum { MAXW = 9 };
    struct cpl_span words[MAXW];
    int nw = 0, k = -1;
    /* Up to four words before the word, and four after. */
    size_t start = at;
    for (int seen = 0; start > 0 && seen < 4;) {
        size_t p = start;
        while (p > 0 && !word_byte((unsigned char)text[p - 1]) &&
               text[p - 1] != '\n' && at - p < 200)
            p--;
        if (p == 0 || text[p - 1] == '\n' || at - p >= 200)
            break;
        while (p > 0 && word_byte((unsigned char)text[p - 1]))
            p--;
        start = p;
        seen++;
    }
    for (size_t p = start; p < len && nw < MAXW;) {
        while (p < len && !word_byte((unsigned char)text[p]) &&
               text[p] != '\n')
            p++;
        if (p >= len || text[p] == '\n')
            break;
        size_t a = p;
        while (p < len && word_byte((unsigned char)text[p]))
            p++;
        size_t b = p;
        while (b > a && (text[b - 1] == '.' || text[b - 1] == '\''))
            b--; /* "Defense." and "Defense's" -> "Defense" */
        if (b > a + 2 && text[b - 2] == '\'' && text[b - 1] == 's')
            b -= 2;
        words[nw].off = (uint32_t)a;
        words[nw].len = (uint32_t)(b - a);
        if (a <= at && at < p)
            k = nw;
        nw++;
        if (k >= 0 && nw - k > 4)
            break;
    }
    (void)wlen;
    if (k < 0)
        return false;
    char phrase[512], key[512];
    for (int i = k - 4 < 0 ? 0 : k - 4; i <= k; i++)
        for (int j = k; j < nw && j <= k + 4; j++) {
            if (i == j)
                continue;
            size_t o = 0;
            bool fits = true;
            for (int m = i; m <= j && fits; m++) {
                if (o + words[m].len + 2 >= sizeof(phrase)) {
                    fits = false;
                    break;
                }
                if (m > i)
                    phrase[o++] = ' ';
                memcpy(phrase + o, text + words[m].off, words[m].len);
                o += words[m].len;
            }
            if (!fits)
                continue;
            size_t kl = cpl_fold(phrase, o, key, sizeof(key));
            if (kl && cpl_strset_has(&dict->proper, key, kl))
                return true;
        }
    return false;
}

const char *cpl_dict_diacritic_name(const struct cpl_dict *dict,
                                    const char *key, size_t len)
{
    struct cpl_strset_entry *e = cpl_strset_find(&dict->diacritic, key, len);
    return e ? (const char *)e->value.ptr : NULL;
}

bool cpl_dict_diacritic_first(const struct cpl_dict *dict, const char *key,
                              size_t len)
{
    return cpl_strset_has(&dict->dfirst, key, len);
}

bool cpl_dict_diacritic_exception(const struct cpl_dict *dict,
                                  const char *word, size_t len)
{
    return cpl_strset_has(&dict->exceptions, word, len);
}
