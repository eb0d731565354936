/*
 * reject.c: `style.reject`, the newsroom's banned words (config `reject`,
 * or copylint_ctx_add_reject_file()). Each line of a reject file is a word
 * or phrase, optionally followed by " -> " and the preferred form, which
 * becomes the fix:
 *
 *     # banned.txt
 *     utilize -> use
 *     very unique
 *     Xmas -> Christmas
 *
 * An entry written in lower case matches in any case ("Utilize"); one with
 * capitals matches only as written, so "Xmas" leaves "xmas-tree" alone
 * only if the list says so. Spaces in a phrase match any run of blanks.
 * Matches are whole words (Unicode word boundaries).
 *
 * All entries go into one PCRE2 pattern, one capturing group each,
 * compiled and JIT-compiled once in init: one scan of the text per
 * article, whatever the length of the list. Which group matched names the
 * entry. Fires: "We will utilize it." Silent: "utilization", "Utilized"
 * with "utilize" (another word).
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/alloc.h"
#include "check.h"

struct reject_entry {
    char *word;        /* as listed */
    char *replacement; /* NULL: none */
};

struct reject_state {
    struct reject_entry *entries;
    size_t n, cap;
    pcre2_code *re;
};

static void state_free(void *p)
{
    struct reject_state *s = p;
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++) {
        free(s->entries[i].word);
        free(s->entries[i].replacement);
    }
    free(s->entries);
    pcre2_code_free(s->re);
    free(s);
}

static char *trim(char *a)
{
    while (*a == ' ' || *a == '\t')
        a++;
    char *b = a + strlen(a);
    while (b > a && (b[-1] == ' ' || b[-1] == '\t' || b[-1] == '\n' ||
                     b[-1] == '\r'))
        *--b = '\0';
    return a;
}

static copylint_status load_file(copylint_ctx *ctx, struct reject_state *s,
                                 const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        cpl_ctx_error(ctx, "cannot open reject list '%s': %s", path,
                      strerror(errno));
        return COPYLINT_ERR_DICT;
    }
    char *line = NULL;
    size_t cap = 0;
    while (getline(&line, &cap, f) >= 0) {
        char *w = trim(line);
        if (!*w || *w == '#')
            continue;
        char *arrow = strstr(w, "->");
        char *rep = NULL;
        if (arrow) {
            *arrow = '\0';
            rep = trim(arrow + 2);
            w = trim(w);
            if (!*w)
                continue;
        }
        s->entries = cpl_xgrow(s->entries, &s->cap, s->n + 1,
                               sizeof(*s->entries));
        s->entries[s->n].word = cpl_xstrdup(w);
        s->entries[s->n].replacement = rep && *rep ? cpl_xstrdup(rep) : NULL;
        s->n++;
    }
    free(line);
    fclose(f);
    return COPYLINT_OK;
}

static bool has_upper(const char *s)
{
    for (; *s; s++)
        if (*s >= 'A' && *s <= 'Z')
            return true;
    return false;
}

/* Appends `w` to `buf` as a literal, blanks as \s+. */
static char *append_literal(char *buf, const char *w)
{
    for (; *w; w++) {
        if (*w == ' ' || *w == '\t') {
            while (w[1] == ' ' || w[1] == '\t')
                w++;
            char *nb = cpl_xasprintf("%s\\s+", buf);
            free(buf);
            buf = nb;
            continue;
        }
        bool meta = strchr("\\^$.|?*+()[]{}#-/", *w) != NULL;
        char *nb = cpl_xasprintf("%s%s%c", buf, meta ? "\\" : "", *w);
        free(buf);
        buf = nb;
    }
    return buf;
}

static copylint_status reject_init(copylint_ctx *ctx, void **state)
{
    if (ctx->nreject_files == 0)
        return COPYLINT_OK;
    struct reject_state *s = cpl_xcalloc(1, sizeof(*s));
    for (size_t i = 0; i < ctx->nreject_files; i++) {
        copylint_status st = load_file(ctx, s, ctx->reject_files[i]);
        if (st != COPYLINT_OK) {
            state_free(s);
            return st;
        }
    }
    if (s->n == 0) {
        state_free(s);
        return COPYLINT_OK;
    }
    /* (?<!\w)(?:(word1)|((?i)word2)|...)(?!\w) */
    char *pat = cpl_xstrdup("(?<![\\w'’-])(?:");
    for (size_t i = 0; i < s->n; i++) {
        char *np = cpl_xasprintf("%s%s(%s", pat, i ? "|" : "",
                                 has_upper(s->entries[i].word) ? "" : "(?i)");
        free(pat);
        pat = append_literal(np, s->entries[i].word);
        np = cpl_xasprintf("%s)", pat);
        free(pat);
        pat = np;
    }
    char *np = cpl_xasprintf("%s)(?![\\w-])", pat);
    free(pat);
    pat = np;
    int err;
    PCRE2_SIZE erroff;
    s->re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
                          PCRE2_UTF | PCRE2_UCP, &err, &erroff, NULL);
    free(pat);
    if (!s->re) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(err, msg, sizeof(msg));
        cpl_ctx_error(ctx, "reject list: %s", (char *)msg);
        state_free(s);
        return COPYLINT_ERR_RULES;
    }
    pcre2_jit_compile(s->re, PCRE2_JIT_COMPLETE);
    *state = s;
    return COPYLINT_OK;
}

static void reject_run(const copylint_ctx *ctx, const void *state,
                       copylint_doc *doc)
{
    (void)ctx;
    const struct reject_state *s = state;
    if (!s)
        return;
    pcre2_match_data *md = pcre2_match_data_create_from_pattern(s->re, NULL);
    PCRE2_SIZE pos = doc->start;
    while (pos < doc->len) {
        int rc = pcre2_match(s->re, (PCRE2_SPTR)doc->text, doc->len, pos,
                             PCRE2_NO_UTF_CHECK, md, NULL);
        if (rc < 0)
            break;
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(md);
        size_t which = 0;
        for (int g = 1; g < rc; g++)
            if (ov[2 * (size_t)g] != PCRE2_UNSET) {
                which = (size_t)g - 1;
                break;
            }
        const struct reject_entry *e = &s->entries[which];
        uint32_t a = (uint32_t)ov[0], len = (uint32_t)(ov[1] - ov[0]);
        struct copylint_diag *d;
        if (e->replacement) {
            d = cpl_diag_add(doc, CPL_RULE_STYLE_REJECT, a, len,
                             "'%.*s' is on the reject list; use '%s'",
                             (int)len, doc->text + a, e->replacement);
            cpl_diag_fix(d, a, len, e->replacement, false);
        } else {
            cpl_diag_add(doc, CPL_RULE_STYLE_REJECT, a, len,
                         "'%.*s' is on the reject list", (int)len,
                         doc->text + a);
        }
        pos = ov[1] > ov[0] ? ov[1] : ov[0] + 1;
    }
    pcre2_match_data_free(md);
}

const struct cpl_check cpl_check_reject = {
    .family = "style",
    .init = reject_init,
    .run = reject_run,
    .fini = state_free,
};
