/*
 * baseline.c: --baseline and --write-baseline, so a repository can adopt
 * copylint without first fixing its whole archive. A baseline is a JSON
 * file of the findings that were there when it was written:
 *
 *   {"tool": "copylint", "baseline_version": 1, "findings": [
 *     {"file": "wire/a.txt", "rule": "repeat.word",
 *      "fingerprint": "9c1e4f0b2a7d3e55", "count": 1,
 *      "message": "'the' is repeated"}]}
 *
 * A finding is covered when an entry has its file, rule and fingerprint;
 * an entry covers at most `count` findings. The fingerprint hashes the
 * rule, the finding's text and up to 32 code points either side of it on
 * its line, never its line number: edits elsewhere in the article leave
 * it alone, while a finding moved into new words is new. `message` is
 * for people reading the file; matching ignores it. File names are
 * compared as given on the command line (a leading "./" dropped), so use
 * the baseline from the folder it was written in. Entries are sorted, so
 * writing twice gives the same bytes.
 */
#include "cli.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct entry {
    char *file, *rule, *message;
    char fp[17];
    size_t count;
};

struct cli_baseline {
    struct entry *e; /* open addressing; file NULL = empty slot */
    size_t cap, n;
};

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 1099511628211ULL;
    }
    return h;
}

#define FNV_INIT 14695981039346656037ULL
#define CONTEXT_CPS 32

void cli_fingerprint(const copylint_doc *doc, const copylint_diag *d,
                     char out[17])
{
    size_t len;
    const char *t = copylint_doc_bytes(doc, &len);
    const char *rule = copylint_diag_rule(d);
    uint64_t h = fnv(FNV_INIT, rule, strlen(rule) + 1);
    if (copylint_diag_whole_file(d)) {
        h = fnv(h, "<file>", 6);
    } else {
        size_t off = copylint_diag_offset(d);
        size_t end = off + copylint_diag_length(d);
        if (end > len)
            end = len;
        size_t a = off, cps = 0;
        while (a > 0 && t[a - 1] != '\n' && t[a - 1] != '\r' &&
               cps < CONTEXT_CPS) {
            a--;
            if (((unsigned char)t[a] & 0xC0) != 0x80)
                cps++;
        }
        while (a > 0 && ((unsigned char)t[a] & 0xC0) == 0x80)
            a--; /* never start inside a character */
        size_t b = end;
        cps = 0;
        while (b < len && t[b] != '\n' && t[b] != '\r') {
            if (((unsigned char)t[b] & 0xC0) != 0x80 && cps++ == CONTEXT_CPS)
                break;
            b++;
        }
        h = fnv(h, t + a, off - a);
        h = fnv(h, "\x01", 1);
        h = fnv(h, t + off, end - off);
        h = fnv(h, "\x01", 1);
        h = fnv(h, t + end, b - end);
    }
    snprintf(out, 17, "%016llx", (unsigned long long)h);
}

static const char *norm_path(const char *p)
{
    while (p[0] == '.' && p[1] == '/' && p[2])
        p += 2;
    return p;
}

static uint64_t key_hash(const char *file, const char *rule, const char *fp)
{
    uint64_t h = fnv(FNV_INIT, file, strlen(file) + 1);
    h = fnv(h, rule, strlen(rule) + 1);
    return fnv(h, fp, 16);
}

static struct entry *find(struct cli_baseline *b, const char *file,
                          const char *rule, const char *fp, bool create)
{
    if (create && (b->n + 1) * 2 > b->cap) {
        size_t ncap = b->cap ? b->cap * 2 : 64;
        struct entry *ne = calloc(ncap, sizeof(*ne));
        if (!ne)
            abort();
        for (size_t i = 0; i < b->cap; i++) {
            if (!b->e[i].file)
                continue;
            size_t j = key_hash(b->e[i].file, b->e[i].rule, b->e[i].fp) &
                       (ncap - 1);
            while (ne[j].file)
                j = (j + 1) & (ncap - 1);
            ne[j] = b->e[i];
        }
        free(b->e);
        b->e = ne;
        b->cap = ncap;
    }
    if (b->cap == 0)
        return NULL;
    size_t j = key_hash(file, rule, fp) & (b->cap - 1);
    while (b->e[j].file) {
        struct entry *e = &b->e[j];
        if (strcmp(e->file, file) == 0 && strcmp(e->rule, rule) == 0 &&
            memcmp(e->fp, fp, 16) == 0)
            return e;
        j = (j + 1) & (b->cap - 1);
    }
    if (!create)
        return NULL;
    struct entry *e = &b->e[j];
    e->file = strdup(file);
    e->rule = strdup(rule);
    if (!e->file || !e->rule)
        abort();
    memcpy(e->fp, fp, 17);
    b->n++;
    return e;
}

struct cli_baseline *cli_baseline_new(void)
{
    struct cli_baseline *b = calloc(1, sizeof(*b));
    if (!b)
        abort();
    return b;
}

struct cli_baseline *cli_baseline_load(const char *path, char *err,
                                       size_t errsize)
{
    json_error_t je;
    json_t *root = json_load_file(path, 0, &je);
    if (!root) {
        if (je.line < 0)
            snprintf(err, errsize, "cannot read baseline '%s': %s", path,
                     je.text);
        else
            snprintf(err, errsize, "%s:%d:%d: invalid baseline: %s", path,
                     je.line, je.column, je.text);
        return NULL;
    }
    json_t *list = json_object_get(root, "findings");
    if (!json_is_array(list)) {
        snprintf(err, errsize,
                 "invalid baseline '%s': no \"findings\" list (write one "
                 "with --write-baseline)",
                 path);
        json_decref(root);
        return NULL;
    }
    struct cli_baseline *b = cli_baseline_new();
    size_t i;
    json_t *it;
    json_array_foreach(list, i, it) {
        const char *file = json_string_value(json_object_get(it, "file"));
        const char *rule = json_string_value(json_object_get(it, "rule"));
        const char *fp =
            json_string_value(json_object_get(it, "fingerprint"));
        json_t *cnt = json_object_get(it, "count");
        if (!file || !rule || !fp || strlen(fp) != 16 ||
            (cnt && (!json_is_integer(cnt) || json_integer_value(cnt) < 1))) {
            snprintf(err, errsize,
                     "invalid baseline '%s': entry %zu needs file, rule, a "
                     "16-digit fingerprint and a positive count",
                     path, i + 1);
            json_decref(root);
            cli_baseline_free(b);
            return NULL;
        }
        struct entry *e = find(b, norm_path(file), rule, fp, true);
        e->count += cnt ? (size_t)json_integer_value(cnt) : 1;
    }
    json_decref(root);
    return b;
}

size_t cli_baseline_match(struct cli_baseline *b, const copylint_doc *doc,
                          bool *show)
{
    size_t covered = 0;
    const char *file = norm_path(copylint_doc_path(doc));
    for (size_t i = 0; i < copylint_doc_diag_count(doc); i++) {
        const copylint_diag *d = copylint_doc_diag(doc, i);
        char fp[17];
        cli_fingerprint(doc, d, fp);
        struct entry *e = find(b, file, copylint_diag_rule(d), fp, false);
        if (e && e->count > 0) {
            e->count--;
            show[i] = false;
            covered++;
        }
    }
    return covered;
}

void cli_baseline_record(struct cli_baseline *b, const copylint_doc *doc)
{
    const char *file = norm_path(copylint_doc_path(doc));
    for (size_t i = 0; i < copylint_doc_diag_count(doc); i++) {
        const copylint_diag *d = copylint_doc_diag(doc, i);
        char fp[17];
        cli_fingerprint(doc, d, fp);
        struct entry *e = find(b, file, copylint_diag_rule(d), fp, true);
        if (e->count++ == 0) {
            e->message = strdup(copylint_diag_message(d));
            if (!e->message)
                abort();
        }
    }
}

static int entry_cmp(const void *pa, const void *pb)
{
    const struct entry *a = *(const struct entry *const *)pa;
    const struct entry *b = *(const struct entry *const *)pb;
    int c = strcmp(a->file, b->file);
    if (!c)
        c = strcmp(a->rule, b->rule);
    if (!c)
        c = memcmp(a->fp, b->fp, 16);
    return c;
}

bool cli_baseline_write(const struct cli_baseline *b, const char *path,
                        char *err, size_t errsize)
{
    /* NOLINTNEXTLINE(bugprone-sizeof-expression): pointer elements */
    const struct entry **list = malloc((b->n ? b->n : 1) * sizeof(*list));
    if (!list)
        abort();
    size_t n = 0;
    for (size_t i = 0; i < b->cap; i++)
        if (b->e[i].file)
            list[n++] = &b->e[i];
    /* NOLINTNEXTLINE(bugprone-sizeof-expression): pointer elements */
    qsort(list, n, sizeof(*list), entry_cmp);
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *o = json_object();
        json_object_set_new(o, "file", json_string(list[i]->file));
        json_object_set_new(o, "rule", json_string(list[i]->rule));
        json_object_set_new(o, "fingerprint", json_string(list[i]->fp));
        json_object_set_new(o, "count",
                            json_integer((json_int_t)list[i]->count));
        json_t *msg = list[i]->message ? json_string(list[i]->message) : NULL;
        if (msg)
            json_object_set_new(o, "message", msg);
        if (!json_object_get(o, "file")) /* a file name not in UTF-8 */
            json_object_set_new(o, "file", json_string("?"));
        json_array_append_new(arr, o);
    }
    free(list);
    json_t *root = json_object();
    json_object_set_new(root, "tool", json_string("copylint"));
    json_object_set_new(root, "baseline_version", json_integer(1));
    json_object_set_new(root, "findings", arr);
    int rc = json_dump_file(root, path, JSON_INDENT(1) | JSON_PRESERVE_ORDER);
    json_decref(root);
    if (rc != 0) {
        snprintf(err, errsize, "cannot write baseline '%s'", path);
        return false;
    }
    return true;
}

void cli_baseline_free(struct cli_baseline *b)
{
    if (!b)
        return;
    for (size_t i = 0; i < b->cap; i++) {
        free(b->e[i].file);
        free(b->e[i].rule);
        free(b->e[i].message);
    }
    free(b->e);
    free(b);
}
