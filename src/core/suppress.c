/*
 * suppress.c: `copylint: disable=...` directives in the text itself.
 *
 * Grammar, one directive per line and nothing else on it (leading and
 * trailing blanks allowed), so that an article sentence that happens to
 * start with "copylint:" is never taken for one:
 *
 *     line  := [ "<!--" ] "copylint:" kind [ "=" rule { "," rule } ] [ "-->" ]
 *     (blanks are allowed around ":", "=" and ",")
 *     kind  := "disable" | "enable" | "disable-next-line"
 *     rule  := [A-Za-z0-9._-]+      (an id or a family prefix, as --disable)
 *
 * The comment form is for Markdown and HTML; it is accepted in any file,
 * as is the bare form. Without a rule list a directive covers every rule.
 *
 * Semantics: `disable` turns the rules off from the next line until an
 * `enable` that matches them (or the end of the file); where several
 * directives match a rule, the last one before the finding's line wins,
 * so `disable=quote` then `enable=quote.unclosed` leaves only the other
 * quote rules off. `disable-next-line` covers the line after it. A finding
 * is placed by the line it starts on. A whole-file finding is dropped if
 * any `disable` names its rule. The directive line itself is not linted:
 * it is blanked in doc->text before segmentation (so it reads as an empty
 * line, which also ends a paragraph), and findings on it are dropped. In
 * a file that has no blank line at all (one paragraph per line) blanking
 * would change how the rest is split, so there the line is left in place
 * and only its findings are dropped.
 *
 * Cost: one pass over the lines to find directives; O(findings x
 * directives) to filter, and directives are few.
 */
#include "suppress.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "ctx.h"
#include "diag.h"
#include "utf8.h"

static uint32_t line_end(const copylint_doc *doc, size_t l)
{
    uint32_t b = l + 1 < doc->nlines ? doc->lines[l + 1] : (uint32_t)doc->len;
    while (b > doc->lines[l] &&
           (doc->text[b - 1] == '\n' || doc->text[b - 1] == '\r'))
        b--;
    return b;
}

static bool is_blank(const char *t, uint32_t a, uint32_t b)
{
    for (uint32_t i = a; i < b;) {
        uint32_t cp;
        i += (uint32_t)cpl_utf8_decode(t + i, b - i, &cp);
        if (!cpl_is_space(cp))
            return false;
    }
    return true;
}

static uint32_t skip_blanks(const char *t, uint32_t i, uint32_t b)
{
    while (i < b && (t[i] == ' ' || t[i] == '\t'))
        i++;
    return i;
}

static bool eat(const char *t, uint32_t *i, uint32_t b, const char *word)
{
    size_t n = strlen(word);
    if (b - *i < n || memcmp(t + *i, word, n) != 0)
        return false;
    *i += (uint32_t)n;
    return true;
}

static bool is_rule_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

/* Parses line [a, b) into `dir`; false if it is not a directive. */
bool cpl_suppress_parse_line(const char *t, uint32_t a, uint32_t b,
                             struct cpl_directive *dir)
{
    uint32_t i = skip_blanks(t, a, b);
    bool comment = eat(t, &i, b, "<!--");
    i = skip_blanks(t, i, b);
    if (!eat(t, &i, b, "copylint:"))
        return false;
    i = skip_blanks(t, i, b);
    if (eat(t, &i, b, "disable-next-line"))
        dir->kind = CPL_DIRECTIVE_DISABLE_NEXT_LINE;
    else if (eat(t, &i, b, "disable"))
        dir->kind = CPL_DIRECTIVE_DISABLE;
    else if (eat(t, &i, b, "enable"))
        dir->kind = CPL_DIRECTIVE_ENABLE;
    else
        return false;
    dir->rules = NULL;
    dir->nrules = 0;
    size_t cap = 0;
    i = skip_blanks(t, i, b);
    if (i < b && t[i] == '=') {
        i++;
        for (;;) {
            i = skip_blanks(t, i, b);
            uint32_t s = i;
            /* "--" ends a name: `<!--copylint: enable=quote-->`. */
            while (i < b && is_rule_char(t[i]) &&
                   !(t[i] == '-' && i + 1 < b && t[i + 1] == '-'))
                i++;
            if (i == s)
                goto fail;
            dir->rules = cpl_xgrow(dir->rules, &cap, dir->nrules + 1,
                                   sizeof(*dir->rules));
            dir->rules[dir->nrules++] = (struct cpl_span){s, i - s};
            i = skip_blanks(t, i, b);
            if (i < b && t[i] == ',') {
                i++;
                continue;
            }
            break;
        }
    }
    i = skip_blanks(t, i, b);
    if (comment && !eat(t, &i, b, "-->"))
        goto fail;
    i = skip_blanks(t, i, b);
    if (i != b && !is_blank(t, i, b))
        goto fail;
    return true;
fail:
    free(dir->rules);
    dir->rules = NULL;
    dir->nrules = 0;
    return false;
}

void cpl_suppress_scan(copylint_doc *doc, struct cpl_suppress *sup)
{
    memset(sup, 0, sizeof(*sup));
    bool any_blank = false;
    for (size_t l = 0; l < doc->nlines; l++) {
        uint32_t a = doc->lines[l], b = line_end(doc, l);
        struct cpl_directive dir;
        if (!any_blank && is_blank(doc->text, a, b))
            any_blank = true;
        /* Cheap filter: the line must mention "copylint:" near its start. */
        uint32_t i = skip_blanks(doc->text, a, b);
        if (b - i < 9 || (doc->text[i] != 'c' && doc->text[i] != '<'))
            continue;
        if (!cpl_suppress_parse_line(doc->text, a, b, &dir))
            continue;
        dir.line = (unsigned)l + 1;
        dir.off = a;
        dir.len = b - a;
        sup->dirs = cpl_xgrow(sup->dirs, &sup->capdirs, sup->ndirs + 1,
                              sizeof(*sup->dirs));
        sup->dirs[sup->ndirs++] = dir;
    }
    if (!sup->ndirs || !any_blank)
        return;
    if (doc->text == doc->bytes) {
        doc->text = cpl_xmalloc(doc->len + 1);
        memcpy(doc->text, doc->bytes, doc->len + 1);
    }
    /* The rule names must stay readable after blanking: keep them as
     * offsets into doc->bytes, which is unchanged. */
    for (size_t k = 0; k < sup->ndirs; k++)
        memset(doc->text + sup->dirs[k].off, ' ', sup->dirs[k].len);
}

/* Whether rule name [s, s+n) is `id` or a family prefix of it. */
static bool name_matches(const char *s, size_t n, const char *id)
{
    if (n && s[n - 1] == '.')
        n--;
    return strncmp(s, id, n) == 0 && strlen(id) >= n &&
           (id[n] == '\0' || id[n] == '.');
}

static bool dir_matches(const copylint_doc *doc, const struct cpl_directive *d,
                        const char *id)
{
    if (d->nrules == 0)
        return true;
    for (size_t i = 0; i < d->nrules; i++)
        if (name_matches(doc->bytes + d->rules[i].off, d->rules[i].len, id))
            return true;
    return false;
}

static unsigned line_of(const copylint_doc *doc, uint32_t off)
{
    size_t lo = 0, hi = doc->nlines;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (doc->lines[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    return (unsigned)lo + 1;
}

static bool suppressed(const copylint_doc *doc, const struct cpl_suppress *sup,
                       const struct copylint_diag *d)
{
    const char *id = d->rule->id;
    if (d->whole_file) {
        for (size_t k = 0; k < sup->ndirs; k++)
            if (sup->dirs[k].kind == CPL_DIRECTIVE_DISABLE &&
                dir_matches(doc, &sup->dirs[k], id))
                return true;
        return false;
    }
    unsigned line = line_of(doc, d->off);
    bool off = false;
    for (size_t k = 0; k < sup->ndirs && sup->dirs[k].line <= line; k++) {
        const struct cpl_directive *dir = &sup->dirs[k];
        if (dir->line == line)
            return true; /* the directive line is not linted */
        switch (dir->kind) {
        case CPL_DIRECTIVE_DISABLE:
        case CPL_DIRECTIVE_ENABLE:
            if (dir_matches(doc, dir, id))
                off = dir->kind == CPL_DIRECTIVE_DISABLE;
            break;
        case CPL_DIRECTIVE_DISABLE_NEXT_LINE:
            if (dir->line + 1 == line && dir_matches(doc, dir, id))
                return true;
            break;
        }
    }
    return off;
}

void cpl_suppress_apply(const copylint_ctx *ctx, copylint_doc *doc,
                        const struct cpl_suppress *sup)
{
    if (!sup->ndirs)
        return;
    size_t kept = 0;
    for (size_t i = 0; i < doc->ndiags; i++) {
        if (suppressed(doc, sup, &doc->diags[i])) {
            cpl_diag_release(&doc->diags[i]);
            continue;
        }
        if (kept != i)
            doc->diags[kept] = doc->diags[i];
        kept++;
    }
    doc->ndiags = kept;
    for (size_t k = 0; k < sup->ndirs; k++) {
        const struct cpl_directive *dir = &sup->dirs[k];
        for (size_t r = 0; r < dir->nrules; r++) {
            char name[128];
            size_t n = dir->rules[r].len;
            if (n >= sizeof(name))
                n = sizeof(name) - 1;
            memcpy(name, doc->bytes + dir->rules[r].off, n);
            name[n] = '\0';
            if (!copylint_ctx_rule_known(ctx, name))
                cpl_diag_add(doc, CPL_RULE_SUPPRESS_UNKNOWN,
                             dir->rules[r].off, dir->rules[r].len,
                             "'%s' in this directive names no known rule or "
                             "family",
                             name);
        }
    }
}

void cpl_suppress_release(struct cpl_suppress *sup)
{
    for (size_t k = 0; k < sup->ndirs; k++)
        free(sup->dirs[k].rules);
    free(sup->dirs);
    memset(sup, 0, sizeof(*sup));
}
