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

#define CONTEXT ((size_t)3) /* lines around each change */

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

/* A run of changed old lines [first, last] and the edits [e0, e1) in it,
 * with its new text. */
struct block {
    size_t first, last, e0, e1;
    char *nw;
    size_t nwlen;
};

void cli_diff_write(FILE *out, const char *name, const char *old,
                    size_t oldlen, const copylint_fixes *fx)
{
    size_t nedits = copylint_fixes_count(fx);
    if (nedits == 0)
        return;
    struct lines L;
    index_lines(&L, old, oldlen);
    /* Blocks: edits that touch the same or adjacent lines. */
    struct block *bl = malloc(nedits * sizeof(*bl));
    if (!bl)
        abort();
    size_t nb = 0;
    for (size_t k = 0; k < nedits;) {
        size_t off = copylint_fixes_offset(fx, k);
        struct block b = {L.n ? line_of(&L, off) : 0, 0, k, k, NULL, 0};
        b.last = b.first;
        for (;;) {
            while (b.e1 < nedits) {
                size_t o = copylint_fixes_offset(fx, b.e1);
                size_t len = copylint_fixes_length(fx, b.e1);
                size_t f = L.n ? line_of(&L, o) : 0;
                if (b.e1 > b.e0 && f > b.last)
                    break;
                size_t l = L.n ? line_of(&L, len ? o + len - 1 : o) : 0;
                if (l > b.last)
                    b.last = l;
                b.e1++;
            }
            free(b.nw);
            size_t a = L.n ? L.start[b.first] : 0;
            size_t z = L.n ? L.start[b.last + 1] : 0;
            b.nw = apply_range(&L, fx, b.e0, b.e1, a, z, &b.nwlen);
            /* The new text must end at a line break, unless at the end
             * of the file: a deleted line break pulls in the next line. */
            if (z < oldlen && (b.nwlen == 0 || b.nw[b.nwlen - 1] != '\n') &&
                b.last + 1 < L.n) {
                b.last++;
                continue;
            }
            break;
        }
        bl[nb++] = b;
        k = b.e1;
    }
    if (name[0] == '/')
        fprintf(out, "--- %s\n+++ %s\n", name, name);
    else
        fprintf(out, "--- a/%s\n+++ b/%s\n", name, name);
    long delta = 0; /* new line number minus old, before the hunk */
    for (size_t h = 0; h < nb;) {
        /* A hunk: blocks [h, g) whose gaps are at most twice the context. */
        size_t g = h + 1;
        while (g < nb && bl[g].first <= bl[g - 1].last + 1 + 2 * CONTEXT)
            g++;
        size_t c0 = bl[h].first > CONTEXT ? bl[h].first - CONTEXT : 0;
        size_t end = bl[g - 1].last + 1 + CONTEXT;
        if (end > L.n)
            end = L.n;
        size_t old_count = L.n ? end - c0 : 0, new_count = old_count;
        for (size_t i = h; i < g; i++) {
            new_count -= bl[i].last - bl[i].first + 1;
            new_count += count_lines(bl[i].nw, bl[i].nwlen);
        }
        if (L.n == 0)
            new_count = count_lines(bl[h].nw, bl[h].nwlen);
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
        size_t line = c0;
        for (size_t i = h; i < g; i++) {
            if (L.n) {
                put_lines(out, ' ', old + L.start[line],
                          L.start[bl[i].first] - L.start[line], true);
                size_t a = L.start[bl[i].first], z = L.start[bl[i].last + 1];
                put_lines(out, '-', old + a, z - a, true);
                delta -= (long)count_lines(old + a, z - a);
            }
            put_lines(out, '+', bl[i].nw, bl[i].nwlen, true);
            delta += (long)count_lines(bl[i].nw, bl[i].nwlen);
            line = bl[i].last + 1;
        }
        if (L.n)
            put_lines(out, ' ', old + L.start[line],
                      L.start[end] - L.start[line], true);
        h = g;
    }
    for (size_t i = 0; i < nb; i++)
        free(bl[i].nw);
    free(bl);
    free(L.start);
}
