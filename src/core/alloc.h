/*
 * alloc.h: allocation that never returns NULL. Out of memory prints a
 * message and aborts (cmark src/cmark.c, git wrapper.c), so nobody else
 * checks for NULL. Also CPL_BUG() for broken invariants.
 */
#ifndef CPL_ALLOC_H
#define CPL_ALLOC_H

#include <stddef.h>

void *cpl_xmalloc(size_t size);
void *cpl_xcalloc(size_t nmemb, size_t size);
void *cpl_xrealloc(void *ptr, size_t size);
/* Grows `ptr` (holding *cap elements of `size`) to hold at least `need`.
 * Inline: most calls find room already (a push onto an array). */
void *cpl_xgrow_slow(void *ptr, size_t *cap, size_t need, size_t size);
static inline void *cpl_xgrow(void *ptr, size_t *cap, size_t need,
                              size_t size)
{
    return need <= *cap ? ptr : cpl_xgrow_slow(ptr, cap, need, size);
}
char *cpl_xstrdup(const char *s);
char *cpl_xstrndup(const char *s, size_t n);
/* A formatted string, heap-allocated; free() it. */
char *cpl_xasprintf(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

_Noreturn void cpl_bug(const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
#define CPL_BUG(...) cpl_bug(__FILE__, __LINE__, __VA_ARGS__)

/* Exposes a static function to the unit tests (curl's UNITTEST). */
#ifdef CPL_UNIT_TESTING
#define CPL_TESTABLE
#else
#define CPL_TESTABLE static
#endif

#endif
