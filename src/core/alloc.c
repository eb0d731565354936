/*
 * alloc.c: x-allocators. Every allocation in copylint goes through these,
 * so an out-of-memory condition has exactly one, loud, outcome.
 */
#include "alloc.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static _Noreturn void oom(size_t size)
{
    fprintf(stderr, "copylint: out of memory allocating %zu bytes\n", size);
    abort();
}

void *cpl_xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p)
        oom(size);
    return p;
}

/* Below this many bytes, malloc() and memset(): glibc's calloc() skips
 * the per-thread cache malloc() takes small blocks from, and clears the
 * block all the same unless it comes fresh from the system. */
#define CALLOC_BY_MALLOC 4096

/* memset() called through a pointer the compiler cannot see through, or
 * it turns malloc() and memset() back into calloc(). */
static void *(*volatile const zero_bytes)(void *, int, size_t) = memset;

void *cpl_xcalloc(size_t nmemb, size_t size)
{
    if (nmemb && size && nmemb <= CALLOC_BY_MALLOC / size) {
        size_t n = nmemb * size;
        void *p = malloc(n);
        if (!p)
            oom(n);
        return zero_bytes(p, 0, n);
    }
    void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);
    if (!p)
        oom(nmemb * size);
    return p;
}

void *cpl_xrealloc(void *ptr, size_t size)
{
    void *p = realloc(ptr, size ? size : 1);
    if (!p)
        oom(size);
    return p;
}

void *cpl_xgrow_slow(void *ptr, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return ptr;
    size_t n = *cap ? *cap : 8;
    while (n < need) {
        if (n > SIZE_MAX / 2 / size)
            oom(SIZE_MAX);
        n *= 2;
    }
    *cap = n;
    return cpl_xrealloc(ptr, n * size);
}

char *cpl_xstrdup(const char *s)
{
    return cpl_xstrndup(s, strlen(s));
}

char *cpl_xstrndup(const char *s, size_t n)
{
    char *p = cpl_xmalloc(n + 1);
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *cpl_xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        CPL_BUG("bad format '%s'", fmt);
    char *p = cpl_xmalloc((size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

void cpl_bug(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "copylint: BUG at %s:%d: ", file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    abort();
}
