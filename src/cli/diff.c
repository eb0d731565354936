/*
 * diff.c: --diff, the fixes of one file as a unified diff that `git apply`
 * and `patch -p1` accept (relative paths get git's a/ and b/ prefixes;
 * absolute paths are written as they are, for `patch -p0`).
 *
 * No diff algorithm is needed: the changed byte ranges are known. Each
 * edit marks the old lines it touches; a block of changed lines is then
 * widened until its new text ends at a line break (deleting a line break
 * joins two lines, so the next one belongs to the block), and blocks
 * closer than twice the context (3 lines) share a hunk, as diff -u does.
 * Lines end at LF only, as git sees them (a CR stays in the line). A last
 * line without a line break gets "\ No newline at end of file".
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#define CONTEXT 3

struct lines {
    const char *s;
    size_t len;
    size_t *start; /* start of each line; start[n] == len */
    size_t n;
};

static void index_lines(struct lines *L, const char *s, size_t len)
{
    size_t cap = 64, n = 0;
    size_t *st = malloc(cap * sizeof(*st));
    if (!st)
        abort();
    if (len > 0)
        st[n++] = 0;
    for (size_t i = 0; i < len; i++)
        if (s[i] == '\n' && i + 1 < len) {
            if (n + 1 >= cap) {
                cap *= 2;
                st = realloc(st, cap * sizeof(*st));
                if (!st)
                    abort();
            }
            st[n++] = i + 1;
        }
    st[n] = len;
    L->s = s;
    L->len = len;
    L->start = st;
    L->n = n;
}

/* The line holding byte `off` (the last line for off == len). */
static size_t line_of(const struct lines *L, size_t off)
{
    size_t lo = 0, hi = L->n;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (L->start[mid] <= off)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* Prints the lines of s[0..len) with a prefix; `at_eof`: s ends the file,
 * so a missing final line break is announced. */
static void put_lines(FILE *out, char prefix, const char *s, size_t len,
                      bool at_eof)
{
    size_t i = 0;
    while (i < len) {
        const char *nl = memchr(s + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - s) : len;
        fputc(prefix, out);
        fwrite(s + i, 1, e - i, out);
        fputc('\n', out);
        if (!nl && at_eof)
            fputs("\\ No newline at end of file\n", out);
        i = nl ? e + 1 : len;
    }
}

static size_t count_lines(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += s[i] == '\n';
    return n + (len > 0 && s[len - 1] != '\n');
}

/* Old bytes [a, b) with the edits that fall inside applied, appended to
 * a growing buffer. */
static char *apply_range(const struct lines *L, const copylint_fixes *fx,
                         size_t e0, size_t e1, size_t a, size_t b,
                         size_t *outlen)
{
    size_t size = b - a + 1;
    for (size_t k = e0; k < e1; k++)
        size += strlen(copylint_fixes_text(fx, k));
    char *buf = malloc(size), *o = buf;
    if (!buf)
        abort();
    size_t pos = a;
    for (size_t k = e0; k < e1; k++) {
        size_t off = copylint_fixes_offset(fx, k);
        const char *t = copylint_fixes_text(fx, k);
        memcpy(o, L->s + pos, off - pos);
        o += off - pos;
        memcpy(o, t, strlen(t));
        o += strlen(t);
        pos = off + copylint_fixes_length(fx, k);
    }
    memcpy(o, L->s + pos, b - pos);
    o += b - pos;
    *outlen = (size_t)(o - buf);
    return buf;
}

void cli_diff_write(FILE *out, const char *name, const char *old,
                    size_t oldlen, const copylint_fixes *fx)
{
    size_t nedits = copylint_fixes_count(fx);
    if (nedits == 0)
        return;
    struct lines L;
    index_lines(&L, old, oldlen);
    if (name[0] == '/')
        fprintf(out, "--- %s\n+++ %s\n", name, name);
    else
        fprintf(out, "--- a/%s\n+++ b/%s\n", name, name);
    long delta = 0; /* new line number minus old, so far */
    size_t k = 0;
    while (k < nedits) {
        /* A hunk: edits [k, j), changed old lines [F, Lst]. */
        size_t off = copylint_fixes_offset(fx, k);
        size_t F = L.n ? line_of(&L, off) : 0, Lst = F;
        size_t j = k;
        char *nw = NULL;
        size_t nwlen = 0;
        for (;;) {
            /* Take every edit that starts within the block or its
             * context reach. */
            while (j < nedits) {
                size_t o = copylint_fixes_offset(fx, j);
                size_t len = copylint_fixes_length(fx, j);
                size_t f = L.n ? line_of(&L, o) : 0;
                if (j > k && f > Lst + 2 * CONTEXT)
                    break;
                size_t l = L.n ? line_of(&L, len ? o + len - 1 : o) : 0;
                if (l > Lst)
                    Lst = l;
                j++;
            }
            free(nw);
            size_t a = L.n ? L.start[F] : 0;
            size_t b = L.n ? L.start[Lst + 1 <= L.n ? Lst + 1 : L.n] : 0;
            nw = apply_range(&L, fx, k, j, a, b, &nwlen);
            /* The new text must end at a line break unless at the end. */
            if (b < oldlen && (nwlen == 0 || nw[nwlen - 1] != '\n') &&
                Lst + 1 < L.n) {
                Lst++;
                continue;
            }
            if (j < nedits) {
                size_t f = L.n ? line_of(&L, copylint_fixes_offset(fx, j)) : 0;
                if (f <= Lst + 2 * CONTEXT)
                    continue;
            }
            break;
        }
        size_t c0 = F > CONTEXT ? F - CONTEXT : 0;
        size_t c1 = Lst + 1 + CONTEXT < L.n ? Lst + 1 + CONTEXT : L.n;
        if (L.n == 0)
            c0 = c1 = 0;
        size_t a = L.n ? L.start[F] : 0, b = L.n ? L.start[Lst + 1] : 0;
        size_t before_len = a - (L.n ? L.start[c0] : 0);
        size_t after_len = (L.n ? L.start[c1] : 0) - b;
        size_t old_count = count_lines(old + (L.n ? L.start[c0] : 0),
                                       before_len + (b - a) + after_len);
        size_t ctx_lines = count_lines(old + (L.n ? L.start[c0] : 0),
                                       before_len) +
                           count_lines(old + b, after_len);
        size_t new_count = ctx_lines + count_lines(nw, nwlen);
        long old_start = L.n ? (long)c0 + 1 : 0;
        long new_start = old_start + delta;
        if (old_count == 0)
            old_start = old_start > 0 ? old_start - 1 : 0;
        if (new_count == 0)
            new_start = new_start > 0 ? new_start - 1 : 0;
        else if (L.n == 0)
            new_start = 1;
        fprintf(out, "@@ -%ld,%zu +%ld,%zu @@\n", old_start, old_count,
                new_start, new_count);
        bool eof = b == oldlen;
        put_lines(out, ' ', old + (L.n ? L.start[c0] : 0), before_len, false);
        put_lines(out, '-', old + a, b - a, eof);
        put_lines(out, '+', nw, nwlen, eof);
        put_lines(out, ' ', old + b, after_len, true);
        delta += (long)count_lines(nw, nwlen) - (long)count_lines(old + a, b - a);
        free(nw);
        k = j;
    }
    free(L.start);
}
