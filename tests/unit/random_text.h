/*
 * random_text.h: texts made of pieces drawn at random, for the unit tests
 * that hold a fast path to its plain reference on varied input (the
 * segmenter's and space's bulk scans). Deterministic: a linear
 * congruential generator from the caller's seed.
 */
#ifndef RANDOM_TEXT_H
#define RANDOM_TEXT_H

#include <stddef.h>
#include <string.h>

/* The next number of the generator (its high bits). */
static unsigned random_next(unsigned *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return *seed >> 16;
}

/*
 * Fills buf with pieces from the first `npieces` of `pieces` until it
 * holds at least `want` bytes, NUL-terminated; returns its length. buf
 * must have room for want bytes plus the longest piece and a NUL.
 */
static size_t random_text(char *buf, size_t want, const char *const *pieces,
                          size_t npieces, unsigned *seed)
{
    size_t len = 0;
    buf[0] = '\0';
    while (len < want) {
        const char *p = pieces[random_next(seed) % npieces];
        size_t pl = strlen(p);
        memcpy(buf + len, p, pl + 1); /* with its NUL */
        len += pl;
    }
    return len;
}

#endif
