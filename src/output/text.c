/*
 * text.c: the gcc/clang diagnostic format, with the rule id where gcc puts
 * [-Wflag]:
 *
 *     story.txt:15:173: error: closing quotation mark typed as an opening one [quote.direction]
 *        15 | ... dialogue. with the Iraqi government. “
 *           |                                          ^
 *           | fix: replace “ with ”
 *
 * The excerpt is a window of the line around the finding, so a 100 MB line
 * prints a few hundred bytes. Control characters are shown as '?'.
 * COPYLINT_OUTPUT_PLAIN prints only the first line (golden tests use it);
 * COPYLINT_OUTPUT_FIXITS adds clang's parseable fix-it lines.
 */
#include "output.h"

#include <string.h>

#include "../core/utf8.h"

#define WINDOW_BEFORE 60 /* code points shown before the finding */
#define WINDOW_WIDTH 160 /* code points shown in all */

static const char *sev_color(copylint_severity sev)
{
    switch (sev) {
    case COPYLINT_SEVERITY_ERROR:
        return "\033[1;31m";
    case COPYLINT_SEVERITY_WARNING:
        return "\033[1;35m";
    case COPYLINT_SEVERITY_INFO:
        return "\033[1;36m";
    case COPYLINT_SEVERITY_OFF:
        return "";
    }
    return "";
}

/* Writes s[0..len) with control characters replaced, for a terminal. */
static void put_visible(FILE *out, const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t l = cpl_utf8_decode(s + i, len - i, &cp);
        if (cp == '\t')
            fputc('\t', out);
        else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0))
            fputc('?', out);
        else
            fwrite(s + i, 1, l, out);
        i += l;
    }
}

/* Byte offset of the code point `n` code points after s[from]. */
static size_t advance(const char *s, size_t from, size_t end, size_t n)
{
    size_t i = from;
    while (i < end && n > 0) {
        uint32_t cp;
        i += cpl_utf8_decode(s + i, end - i, &cp);
        n--;
    }
    return i;
}

/* The offset n code points before `to`, not before `from`. */
static size_t back(const char *s, size_t from, size_t to, size_t n)
{
    size_t i = to;
    while (i > from && n > 0) {
        i--;
        for (int k = 0; k < 3 && i > from &&
                        ((unsigned char)s[i] & 0xC0) == 0x80;
             k++)
            i--;
        n--;
    }
    return i;
}

static void excerpt(copylint_output *w, const copylint_doc *doc,
                    const struct copylint_diag *d, bool color)
{
    FILE *out = w->out;
    struct cpl_span line = cpl_doc_line_span(doc, d->line);
    const char *t = doc->text;
    size_t lend = line.off + line.len;
    size_t col0 = d->col - 1;
    size_t skip = col0 > WINDOW_BEFORE ? col0 - WINDOW_BEFORE : 0;
    /* The window starts WINDOW_BEFORE code points before the finding:
     * walk back from it rather than forward from the start of the line,
     * which on a one-line article would cost the whole line each time. */
    size_t a = skip ? back(t, line.off, d->off, WINDOW_BEFORE) : line.off;
    size_t b = advance(t, a, lend, WINDOW_WIDTH);
    char gutter[16];
    int gw = snprintf(gutter, sizeof(gutter), "%5u", d->line);
    fprintf(out, "%s | %s", gutter, skip ? "..." : "");
    put_visible(out, t + a, b - a);
    fprintf(out, "%s\n", b < lend ? "..." : "");
    fprintf(out, "%*s | %s", gw, "", skip ? "   " : "");
    /* Caret under the first code point, tildes under the rest. */
    for (size_t i = a; i < d->off && i < b;) {
        uint32_t cp;
        i += cpl_utf8_decode(t + i, b - i, &cp);
        fputc(cp == '\t' ? '\t' : ' ', out);
    }
    if (color)
        fputs("\033[1;32m", out);
    fputc('^', out);
    size_t span_end = d->off + d->len;
    if (span_end > b)
        span_end = b;
    size_t i = d->off;
    if (i < span_end) {
        uint32_t cp;
        i += cpl_utf8_decode(t + i, span_end - i, &cp);
    }
    while (i < span_end) {
        uint32_t cp;
        i += cpl_utf8_decode(t + i, span_end - i, &cp);
        fputc('~', out);
    }
    if (color)
        fputs("\033[0m", out);
    fputc('\n', out);
}

static void put_quoted(FILE *out, const char *s, size_t len)
{
    fputc('\'', out);
    put_visible(out, s, len);
    fputc('\'', out);
}

static void fix_line(copylint_output *w, const copylint_doc *doc,
                     const struct copylint_diag *d, int gw)
{
    FILE *out = w->out;
    fprintf(out, "%*s | fix: ", gw, "");
    for (uint32_t k = 0; k < d->nfixes; k++) {
        const struct cpl_fix *f = &d->fixes[k];
        if (k > 0)
            fputs(k == 1 ? " (or " : ", ", out);
        if (f->len == 0) {
            fputs("insert ", out);
            put_quoted(out, f->text, strlen(f->text));
        } else if (f->text[0] == '\0') {
            fputs("delete ", out);
            put_quoted(out, doc->text + f->off, f->len);
        } else {
            if (k == 0) {
                fputs("replace ", out);
                put_quoted(out, doc->text + f->off, f->len);
                fputs(" with ", out);
            }
            put_quoted(out, f->text, strlen(f->text));
        }
    }
    if (d->nfixes > 1)
        fputc(')', out);
    fputc('\n', out);
}

static void fixit_lines(copylint_output *w, const copylint_doc *doc,
                        const struct copylint_diag *d)
{
    for (uint32_t k = 0; k < d->nfixes; k++) {
        const struct cpl_fix *f = &d->fixes[k];
        unsigned l1, c1, l2, c2;
        cpl_doc_line_col(doc, f->off, &l1, &c1);
        cpl_doc_line_col(doc, f->off + f->len, &l2, &c2);
        fprintf(w->out, "fix-it:\"%s\":{%u:%u-%u:%u}:\"", doc->path, l1, c1,
                l2, c2);
        for (const char *p = f->text; *p; p++) {
            if (*p == '"' || *p == '\\')
                fputc('\\', w->out);
            if (*p == '\n')
                fputs("\\n", w->out);
            else
                fputc(*p, w->out);
        }
        fputs("\"\n", w->out);
    }
}

/* The findings' first lines, gathered in one buffer and written with
 * one fwrite() per buffer full (or before anything else is printed):
 * each stdio call locks the stream, and these lines are written once
 * per finding. A line longer than the buffer goes out in pieces. */
struct line {
    FILE *out;
    size_t n;
    char buf[4096];
};

static void line_flush(struct line *l)
{
    fwrite(l->buf, 1, l->n, l->out);
    l->n = 0;
}

static void put_mem(struct line *l, const char *s, size_t k)
{
    if (k > sizeof(l->buf) - l->n)
        line_flush(l);
    if (k > sizeof(l->buf)) {
        fwrite(s, 1, k, l->out);
        return;
    }
    memcpy(l->buf + l->n, s, k);
    l->n += k;
}

static void put_str(struct line *l, const char *s)
{
    put_mem(l, s, strlen(s));
}

/* ":N" */
static void put_uint(struct line *l, unsigned v)
{
    char b[16], *p = b + sizeof(b);
    *--p = '\0';
    do
        *--p = (char)('0' + v % 10);
    while (v /= 10);
    *--p = ':';
    put_str(l, p);
}

/* Adds "path:line:col: severity: message [rule]\n" (colours when
 * asked) to l; the path is path[0..plen). */
static void first_line_slow(struct line *l, const char *path, size_t plen,
                            const struct copylint_diag *d, bool color)
{
    if (color)
        put_str(l, "\033[1m");
    put_mem(l, path, plen);
    if (!d->whole_file) {
        put_uint(l, d->line);
        put_uint(l, d->col);
    }
    put_str(l, ": ");
    if (color) {
        put_str(l, "\033[0m");
        put_str(l, sev_color(d->severity));
    }
    put_str(l, copylint_severity_name(d->severity));
    put_str(l, color ? ":\033[0m " : ": ");
    put_mem(l, d->message, d->msglen);
    put_str(l, " [");
    put_str(l, d->rule->id);
    put_str(l, "]\n");
}

/* ":N" at p; returns the end. */
static char *write_uint(char *p, unsigned v)
{
    size_t k = 1;
    for (unsigned t = v; t >= 10; t /= 10)
        k++;
    *p = ':';
    char *end = p + 1 + k;
    for (char *q = end; q > p + 1; v /= 10)
        *--q = (char)('0' + v % 10);
    return end;
}

/* What first_line() needs of a document: its path and, for the last
 * rule seen, the length of its id (findings of one rule come in runs). */
struct line_ctx {
    const char *path;
    size_t plen;
    const struct cpl_rule_info *rule;
    const char *id; /* rule's, NULL before the first finding */
    size_t idlen;
};

/* first_line_slow() without colour, written straight into the buffer
 * when the whole line fits: the path of every finding of a run of
 * hundreds of thousands, so no call per field. */
static void first_line(struct line *l, struct line_ctx *c,
                       const struct copylint_diag *d, bool color)
{
    if (color) {
        first_line_slow(l, c->path, c->plen, d, color);
        return;
    }
    if (!c->id || d->rule != c->rule) {
        c->rule = d->rule;
        c->id = d->rule->id;
        c->idlen = strlen(c->id);
    }
    const char *sev = copylint_severity_name(d->severity);
    /* path, two ":N" (11 bytes each at most), ": ", severity (at most
     * 7 bytes), ": ", message, " [", id, "]\n" */
    size_t need = c->plen + 22 + 2 + 16 + 2 + d->msglen + 2 + c->idlen + 2;
    if (need > sizeof(l->buf) - l->n) {
        line_flush(l);
        if (need > sizeof(l->buf)) {
            first_line_slow(l, c->path, c->plen, d, color);
            return;
        }
    }
    char *p = l->buf + l->n;
    memcpy(p, c->path, c->plen);
    p += c->plen;
    if (!d->whole_file) {
        p = write_uint(p, d->line);
        p = write_uint(p, d->col);
    }
    *p++ = ':';
    *p++ = ' ';
    while (*sev)
        *p++ = *sev++;
    *p++ = ':';
    *p++ = ' ';
    memcpy(p, d->message, d->msglen);
    p += d->msglen;
    *p++ = ' ';
    *p++ = '[';
    memcpy(p, c->id, c->idlen);
    p += c->idlen;
    *p++ = ']';
    *p++ = '\n';
    l->n = (size_t)(p - l->buf);
}

static void text_doc(copylint_output *w, const copylint_doc *doc)
{
    bool color = w->flags & COPYLINT_OUTPUT_COLOR;
    bool plain = w->flags & COPYLINT_OUTPUT_PLAIN;
    if (plain)
        color = false;
    FILE *out = w->out;
    bool fixits = w->flags & COPYLINT_OUTPUT_FIXITS;
    struct line_ctx c = {doc->path, strlen(doc->path), NULL, NULL, 0};
    struct line l;
    l.out = out;
    l.n = 0;
    for (size_t i = 0; i < doc->ndiags; i++) {
        const struct copylint_diag *d = &doc->diags[i];
        if (!cpl_output_shown(w, i))
            continue;
        first_line(&l, &c, d, color);
        if (plain && !fixits)
            continue; /* only first lines: they stay in the buffer */
        line_flush(&l);
        if (!plain && !d->whole_file) {
            excerpt(w, doc, d, color);
            if (d->nfixes) {
                char g[16];
                int gw = snprintf(g, sizeof(g), "%5u", d->line);
                fix_line(w, doc, d, gw);
            }
        }
        if (fixits)
            fixit_lines(w, doc, d);
    }
    line_flush(&l);
    if (doc->diags_truncated)
        fprintf(out, "%s: note: stopped after %zu findings\n", doc->path,
                doc->ndiags);
}

const struct cpl_output_ops cpl_output_text = {
    .name = "text",
    .doc = text_doc,
};
