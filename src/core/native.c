/*
 * native.c: C matchers for `\b\w+\b`, `\w+` and `[^\s]+` (see native.h).
 *
 * Why they give PCRE2's matches: each pattern is one greedy run of one
 * class, which PCRE2 never backtracks into (the run ends where the class
 * ends), so the match from a start position is the run of that class from
 * the first position where one may start: anywhere for `\w+` and `[^\s]+`,
 * and only where the previous character is not a word character for
 * `\b\w+` (PCRE2's \b sees the character before the search's start offset
 * too, and treats the subject's start as a non-word character). A \b after
 * a greedy `\w+` always holds. What remains is the class of each
 * character, which is PCRE2's (UTF, UCP): \w is \p{L}, \p{N} and `_` in
 * PCRE2 10.42 but more in later versions, \s is White_Space-like; asking
 * PCRE2 keeps this exact whatever the installed version.
 *
 * Cost: a table look-up per ASCII byte; a non-ASCII code point costs one
 * PCRE2 call the first time a thread meets it (64-entry cache).
 */
#include "native.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "utf8.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

enum { C_WORD = 1, C_SPACE = 2 };

struct cpl_native_classes {
    pcre2_code *word, *space; /* \w and \s, anchored */
    uint8_t ascii[128];
    /* By byte, for the word runs [0] and the non-space runs [1]: 1 in a
     * run, 0 not, 2 a non-ASCII byte (decode and look up). */
    uint8_t run[2][256];
    /* run[0] is 1 exactly for [0-9A-Za-z_] among ASCII bytes, run[1]
     * for all but \t \n \v \f \r and space: ASCII chunks are then
     * classified 16 bytes at a time (ascii_bits). */
    bool usual[2];
};

#define CACHE_SIZE 64

struct cpl_native_cache {
    uint32_t cp[CACHE_SIZE]; /* 0: empty (never a non-ASCII code point) */
    uint8_t bits[CACHE_SIZE];
    pcre2_match_data *md;
};

/* ---- shapes ------------------------------------------------------------ */

enum cpl_native_shape cpl_native_shape_of(const char *src)
{
    /* The atoms, in order, with groups dropped. */
    enum { A_B, A_W, A_S } seq[4];
    size_t n = 0;
    int depth = 0;
    const char *p = src;
    while (*p) {
        if (strncmp(p, "(?:", 3) == 0) {
            depth++, p += 3;
            continue;
        }
        if (*p == '(' && p[1] != '?' && p[1] != '*') {
            depth++, p++;
            continue;
        }
        if (*p == ')') {
            /* A quantified or unbalanced group is another shape. */
            if (--depth < 0 || (p[1] && strchr("?*+{", p[1])))
                return CPL_NATIVE_NONE;
            p++;
            continue;
        }
        if (n == sizeof(seq) / sizeof(*seq))
            return CPL_NATIVE_NONE;
        if (strncmp(p, "\\b", 2) == 0)
            seq[n++] = A_B, p += 2;
        else if (strncmp(p, "\\w+", 3) == 0)
            seq[n++] = A_W, p += 3;
        else if (strncmp(p, "\\S+", 3) == 0)
            seq[n++] = A_S, p += 3;
        else if (strncmp(p, "[^\\s]+", 6) == 0)
            seq[n++] = A_S, p += 6;
        else
            return CPL_NATIVE_NONE;
        /* A lazy or possessive run, or a second quantifier. */
        if (n && seq[n - 1] != A_B && *p && strchr("?+*{", *p))
            return CPL_NATIVE_NONE;
    }
    if (depth != 0)
        return CPL_NATIVE_NONE;
    if (n == 1 && seq[0] == A_S)
        return CPL_NATIVE_NONSPACE;
    if (n == 1 && seq[0] == A_W)
        return CPL_NATIVE_WORD_CHARS;
    if (n == 2 && seq[0] == A_W && seq[1] == A_B)
        return CPL_NATIVE_WORD_CHARS;
    if (n == 2 && seq[0] == A_B && seq[1] == A_W)
        return CPL_NATIVE_WORDS;
    if (n == 3 && seq[0] == A_B && seq[1] == A_W && seq[2] == A_B)
        return CPL_NATIVE_WORDS;
    return CPL_NATIVE_NONE;
}

/* ---- classes ----------------------------------------------------------- */

static pcre2_code *class_re(const char *pat)
{
    int err;
    PCRE2_SIZE eoff;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
                                   PCRE2_UTF | PCRE2_UCP | PCRE2_ANCHORED,
                                   &err, &eoff, NULL);
    if (!re)
        CPL_BUG("cannot compile '%s'", pat);
    pcre2_jit_compile(re, PCRE2_JIT_COMPLETE); /* falls back if absent */
    return re;
}

/* Asks PCRE2 whether the character encoded in buf[0..n) is \w and \s. */
static uint8_t ask(const struct cpl_native_classes *c, pcre2_match_data *md,
                   const char *buf, size_t n)
{
    uint8_t bits = 0;
    if (pcre2_match(c->word, (PCRE2_SPTR)buf, n, 0, 0, md, NULL) > 0)
        bits |= C_WORD;
    if (pcre2_match(c->space, (PCRE2_SPTR)buf, n, 0, 0, md, NULL) > 0)
        bits |= C_SPACE;
    return bits;
}

struct cpl_native_classes *cpl_native_classes_new(void)
{
    struct cpl_native_classes *c = cpl_xcalloc(1, sizeof(*c));
    c->word = class_re("\\w");
    c->space = class_re("\\s");
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    if (!md)
        CPL_BUG("out of memory for PCRE2 match data");
    for (unsigned i = 0; i < 128; i++) {
        char b = (char)i;
        c->ascii[i] = ask(c, md, &b, 1);
        c->run[0][i] = (c->ascii[i] & C_WORD) != 0;
        c->run[1][i] = (c->ascii[i] & C_SPACE) == 0;
    }
    memset(c->run[0] + 128, 2, 128);
    memset(c->run[1] + 128, 2, 128);
    c->usual[0] = c->usual[1] = true;
    for (unsigned i = 0; i < 128; i++) {
        bool word = (i >= '0' && i <= '9') || (i >= 'A' && i <= 'Z') ||
                    (i >= 'a' && i <= 'z') || i == '_';
        bool space = (i >= 9 && i <= 13) || i == ' ';
        if (c->run[0][i] != word)
            c->usual[0] = false;
        if (c->run[1][i] != !space)
            c->usual[1] = false;
    }
    pcre2_match_data_free(md);
    return c;
}

void cpl_native_classes_free(struct cpl_native_classes *c)
{
    if (!c)
        return;
    pcre2_code_free(c->word);
    pcre2_code_free(c->space);
    free(c);
}

struct cpl_native_cache *cpl_native_cache_new(void)
{
    struct cpl_native_cache *k = cpl_xcalloc(1, sizeof(*k));
    k->md = pcre2_match_data_create(1, NULL);
    if (!k->md)
        CPL_BUG("out of memory for PCRE2 match data");
    return k;
}

void cpl_native_cache_free(struct cpl_native_cache *k)
{
    if (!k)
        return;
    pcre2_match_data_free(k->md);
    free(k);
}

/* The classes of the character at subj[i]; its length in *step. */
static inline uint8_t class_at(const struct cpl_native_classes *c,
                               struct cpl_native_cache *k, const char *subj,
                               size_t len, size_t i, size_t *step)
{
    unsigned char b = (unsigned char)subj[i];
    if (b < 0x80) {
        *step = 1;
        return c->ascii[b];
    }
    uint32_t cp;
    size_t n = cpl_utf8_decode(subj + i, len - i, &cp);
    *step = n;
    size_t slot = cp % CACHE_SIZE;
    if (k->cp[slot] == cp)
        return k->bits[slot];
    uint8_t bits = ask(c, k->md, subj + i, n);
    k->cp[slot] = cp;
    k->bits[slot] = bits;
    return bits;
}

/* The classes of the character that ends at subj[i]. */
static uint8_t class_before(const struct cpl_native_classes *c,
                            struct cpl_native_cache *k, const char *subj,
                            size_t len, size_t i)
{
    unsigned char b = (unsigned char)subj[i - 1];
    if (b < 0x80)
        return c->ascii[b];
    size_t st, step;
    cpl_utf8_prev(subj, i, &st);
    return class_at(c, k, subj, len, st, &step);
}

/* Whether the character at subj[i] is in a run of `shape`; its length
 * in *step. */
static inline bool in_run(const struct cpl_native_classes *c,
                          struct cpl_native_cache *k, const uint8_t *tab,
                          enum cpl_native_shape shape, const char *subj,
                          size_t len, size_t i, size_t *step)
{
    uint8_t t = tab[(unsigned char)subj[i]];
    if (t < 2) {
        *step = 1;
        return t;
    }
    uint8_t bits = class_at(c, k, subj, len, i, step);
    return shape == CPL_NATIVE_NONSPACE ? !(bits & C_SPACE)
                                        : (bits & C_WORD) != 0;
}

bool cpl_native_next(const struct cpl_native_classes *c,
                     struct cpl_native_cache *k, enum cpl_native_shape shape,
                     const char *subj, size_t len, size_t start, size_t *a,
                     size_t *b)
{
    const uint8_t *tab = c->run[shape == CPL_NATIVE_NONSPACE];
    const unsigned char *u = (const unsigned char *)subj;
    bool words = shape == CPL_NATIVE_WORDS;
    /* Whether the character before `i` is in a run (\b needs it not). */
    bool prev_run = false;
    if (words && start > 0)
        prev_run = (class_before(c, k, subj, len, start) & C_WORD) != 0;
    size_t i = start, step = 1;
    for (; i < len; i += step) {
        /* ASCII bytes outside runs, by table alone */
        while (i < len && tab[u[i]] == 0)
            i++, prev_run = false;
        if (i >= len)
            break;
        bool run = in_run(c, k, tab, shape, subj, len, i, &step);
        if (run && !prev_run)
            break;
        prev_run = run && words;
    }
    if (i >= len)
        return false;
    size_t j = i + step;
    for (;;) {
        while (j < len && tab[u[j]] == 1) /* ASCII bytes of the run */
            j++;
        if (j >= len || tab[u[j]] == 0 ||
            !in_run(c, k, tab, shape, subj, len, j, &step))
            break;
        j += step;
    }
    *a = i;
    *b = j;
    return true;
}

/* ---- runs by bit masks ------------------------------------------------ */

/*
 * From a search start of 0, the matches of every shape are the maximal
 * runs of its class, one after another (for `\b\w+`, the character
 * before a run is never a word character, and the subject's start counts
 * as none; a search from a run's end starts on a character outside the
 * run). So counting matches, or walking them in order, is finding where
 * runs begin and end. That is done 64 bytes at a time: one bit per byte
 * (in a run or not, every byte of a character alike), then the runs'
 * edges are the bits that differ from the bit before. An ASCII chunk
 * is classified by table without a branch per byte; a chunk with other
 * bytes character by character, and it ends before a character that
 * would not fit whole.
 */

/* The run bits of 64 ASCII bytes u[0..64) by table, one at a time
 * (the reference of the SSE2 path, and the path without it). */
static uint64_t ascii_bits_table(const uint8_t *tab, const unsigned char *u)
{
    uint64_t m = 0;
    for (unsigned j = 0; j < 64; j++)
        m |= (uint64_t)(tab[u[j]] & 1) << j; /* 2, non-ASCII: 0 */
    return m;
}

#ifdef __SSE2__
/* Bytes of x in [lo, lo + n] (unsigned), as 0xFF. */
static inline __m128i in_range(__m128i x, unsigned char lo, unsigned char n)
{
    __m128i d = _mm_sub_epi8(x, _mm_set1_epi8((char)lo));
    return _mm_cmpeq_epi8(_mm_min_epu8(d, _mm_set1_epi8((char)n)), d);
}
#endif

/* ascii_bits_table(), 16 bytes at a time when the table is the usual
 * one (word: [0-9A-Za-z_]; non-space: not \t-\r or space). */
static uint64_t ascii_bits(const struct cpl_native_classes *c,
                           bool nonspace, const unsigned char *u)
{
#ifdef __SSE2__
    if (c->usual[nonspace]) {
        uint64_t m = 0;
        for (unsigned q = 0; q < 4; q++) {
            __m128i x = _mm_loadu_si128((const __m128i *)(u + (size_t)16 * q));
            __m128i in;
            if (nonspace) {
                __m128i sp = _mm_or_si128(
                    _mm_cmpeq_epi8(x, _mm_set1_epi8(' ')), in_range(x, 9, 4));
                in = _mm_xor_si128(sp, _mm_set1_epi8((char)0xFF));
            } else {
                in = _mm_or_si128(
                    _mm_or_si128(in_range(x, '0', 9), in_range(x, 'A', 25)),
                    _mm_or_si128(in_range(x, 'a', 25),
                                 _mm_cmpeq_epi8(x, _mm_set1_epi8('_'))));
            }
            m |= (uint64_t)(uint16_t)_mm_movemask_epi8(in) << (16 * q);
        }
        return m;
    }
#endif
    return ascii_bits_table(c->run[nonspace], u);
}

uint64_t cpl_native_ascii_bits(const struct cpl_native_classes *c,
                               bool nonspace, const unsigned char *u,
                               bool fast)
{
    return fast ? ascii_bits(c, nonspace, u)
                : ascii_bits_table(c->run[nonspace], u);
}

/* The low n bits (n <= 64). */
static inline uint64_t low_bits(size_t n)
{
    return n >= 64 ? ~UINT64_C(0) : (UINT64_C(1) << n) - 1;
}

/* Bit j: u[j] >= 0x80, for the 64 bytes u[0..64). */
static inline uint64_t high_bits(const unsigned char *u)
{
#ifdef __SSE2__
    uint64_t m = 0;
    for (unsigned q = 0; q < 4; q++) {
        __m128i x = _mm_loadu_si128((const __m128i *)(u + (size_t)16 * q));
        m |= (uint64_t)(uint16_t)_mm_movemask_epi8(x) << (16 * q);
    }
    return m;
#else
    uint64_t w[8], any = 0;
    memcpy(w, u, sizeof(w));
    for (int q = 0; q < 8; q++)
        any |= w[q];
    if (!(any & UINT64_C(0x8080808080808080)))
        return 0;
    uint64_t m = 0;
    for (unsigned j = 0; j < 64; j++)
        m |= (uint64_t)(u[j] >> 7) << j;
    return m;
#endif
}

/*
 * The run bits of subj[i..i + *n), *n <= 64. The ASCII bytes by
 * ascii_bits() (a chunk shorter than 64 bytes, at the end of the
 * subject, through a copy padded with NULs, whose bits are dropped);
 * then each non-ASCII character, in order, sets or clears the bits of
 * all its bytes. The chunk ends before a character that would not fit
 * whole: the next one starts there.
 */
static uint64_t chunk_bits(const struct cpl_native_classes *c,
                           struct cpl_native_cache *k, const uint8_t *tab,
                           enum cpl_native_shape shape, const char *subj,
                           size_t len, size_t i, size_t *n)
{
    const unsigned char *u = (const unsigned char *)subj + i;
    size_t end = len - i < 64 ? len - i : 64;
    bool nonspace = shape == CPL_NATIVE_NONSPACE;
    uint64_t m, high;
    if (end == 64) {
        high = high_bits(u);
        m = ascii_bits(c, nonspace, u);
    } else {
        unsigned char pad[64];
        memcpy(pad, u, end);
        memset(pad + end, 0, sizeof(pad) - end);
        high = high_bits(pad);
        m = ascii_bits(c, nonspace, pad); /* the padding: dropped below */
    }
    size_t stop = end;
    while (high) {
        unsigned j = (unsigned)__builtin_ctzll(high);
        size_t step;
        bool run = in_run(c, k, tab, shape, subj, len, i + j, &step);
        if (j + step > end) {
            stop = j;
            break;
        }
        uint64_t bits = low_bits(step) << j;
        m = run ? m | bits : m & ~bits;
        high &= ~low_bits(j + step);
    }
    *n = stop;
    return m & low_bits(stop);
}

/* chunk_bits() byte by byte (a table look-up per ASCII byte): the
 * reference its unit test compares with. */
static uint64_t chunk_bits_bytewise(const struct cpl_native_classes *c,
                                    struct cpl_native_cache *k,
                                    const uint8_t *tab,
                                    enum cpl_native_shape shape,
                                    const char *subj, size_t len, size_t i,
                                    size_t *n)
{
    const unsigned char *u = (const unsigned char *)subj + i;
    size_t end = len - i < 64 ? len - i : 64;
    uint64_t m = 0;
    size_t j = 0;
    while (j < end) {
        uint8_t t = tab[u[j]];
        if (t < 2) {
            m |= (uint64_t)t << j;
            j++;
            continue;
        }
        size_t step;
        bool run = in_run(c, k, tab, shape, subj, len, i + j, &step);
        if (j + step > end)
            break; /* not whole in this chunk: the next one starts there */
        if (run)
            m |= ((UINT64_C(1) << step) - 1) << j;
        j += step;
    }
    *n = j;
    return m;
}

uint64_t cpl_native_chunk_bits(const struct cpl_native_classes *c,
                               struct cpl_native_cache *k,
                               enum cpl_native_shape shape, const char *subj,
                               size_t len, size_t i, size_t *n, bool fast)
{
    const uint8_t *tab = c->run[shape == CPL_NATIVE_NONSPACE];
    return fast ? chunk_bits(c, k, tab, shape, subj, len, i, n)
                : chunk_bits_bytewise(c, k, tab, shape, subj, len, i, n);
}

/* Set bits of x (without a call to libgcc where POPCNT is not enabled). */
static inline unsigned popcount64(uint64_t x)
{
#ifdef __POPCNT__
    return (unsigned)__builtin_popcountll(x);
#else
    x = x - ((x >> 1) & UINT64_C(0x5555555555555555));
    x = (x & UINT64_C(0x3333333333333333)) +
        ((x >> 2) & UINT64_C(0x3333333333333333));
    x = (x + (x >> 4)) & UINT64_C(0x0F0F0F0F0F0F0F0F);
    return (unsigned)((x * UINT64_C(0x0101010101010101)) >> 56);
#endif
}

/* A count of runs over consecutive chunks of run bits (one bit a byte):
 * the runs that start, and the first run's bounds. */
struct run_count {
    size_t count;
    bool need_b;    /* the first run's end is still to be found */
    uint64_t carry; /* the bit of the byte before the chunk */
};

/* Adds chunk m, the bits of the n bytes from byte i, to st; the first
 * run's start goes to *a and its end, once found, to *b. */
static inline void count_chunk(struct run_count *st, uint64_t m, size_t i,
                               size_t n, size_t *a, size_t *b)
{
    uint64_t before = (m << 1) | st->carry;
    uint64_t starts = m & ~before;
    if (st->need_b) {
        uint64_t ends = ~m & before & low_bits(n);
        if (ends) {
            *b = i + (size_t)__builtin_ctzll(ends);
            st->need_b = false;
        }
    }
    if (starts && st->count == 0) {
        unsigned s0 = (unsigned)__builtin_ctzll(starts);
        *a = i + s0;
        /* Its end: the first byte after it not in a run. */
        uint64_t ends = ~m & before & low_bits(n) & ~low_bits((size_t)s0 + 1);
        if (ends)
            *b = i + (size_t)__builtin_ctzll(ends);
        else
            st->need_b = true;
    }
    st->count += popcount64(starts);
    st->carry = n ? (m >> (n - 1)) & 1 : 0;
}

size_t cpl_native_count(const struct cpl_native_classes *c,
                        struct cpl_native_cache *k, enum cpl_native_shape shape,
                        const char *subj, size_t len, size_t *a, size_t *b)
{
    const uint8_t *tab = c->run[shape == CPL_NATIVE_NONSPACE];
    struct run_count st = {0, false, 0};
    for (size_t i = 0, n; i < len; i += n) {
        uint64_t m = chunk_bits(c, k, tab, shape, subj, len, i, &n);
        count_chunk(&st, m, i, n, a, b);
    }
    if (st.need_b)
        *b = len; /* the first run ends the subject */
    return st.count;
}

/* 64 bits of the bit array from bit pos (the array has a word after
 * the last one used). */
static inline uint64_t bits_at(const uint64_t *bits, size_t pos)
{
    size_t q = pos / 64;
    unsigned sh = (unsigned)(pos % 64);
    return sh ? (bits[q] >> sh) | (bits[q + 1] << (64 - sh)) : bits[q];
}

void cpl_native_text_bits(const struct cpl_native_classes *c,
                          struct cpl_native_cache *k,
                          enum cpl_native_shape shape, const char *text,
                          size_t len, uint64_t **bits, size_t *cap)
{
    const uint8_t *tab = c->run[shape == CPL_NATIVE_NONSPACE];
    size_t words = len / 64 + 2;
    *bits = cpl_xgrow(*bits, cap, words, sizeof(**bits));
    uint64_t *out = *bits;
    memset(out, 0, words * sizeof(*out));
    for (size_t i = 0, n; i < len; i += n) {
        uint64_t m = chunk_bits(c, k, tab, shape, text, len, i, &n);
        size_t q = i / 64;
        unsigned sh = (unsigned)(i % 64);
        out[q] |= m << sh;
        if (sh && n > 64 - sh)
            out[q + 1] |= m >> (64 - sh);
    }
}

size_t cpl_native_count_bits(const uint64_t *bits, size_t pos, size_t len,
                             size_t *a, size_t *b)
{
    struct run_count st = {0, false, 0};
    for (size_t i = 0, n; i < len; i += n) {
        n = len - i < 64 ? len - i : 64;
        count_chunk(&st, bits_at(bits, pos + i) & low_bits(n), i, n, a, b);
    }
    if (st.need_b)
        *b = len;
    return st.count;
}

void cpl_native_walk_use_bits(struct cpl_native_walk *w, const uint64_t *bits,
                              size_t pos)
{
    w->bits = bits;
    w->bits_pos = pos;
}

/* The walk's next chunk: its run bits, *n bytes from w->next. */
static inline uint64_t walk_chunk(const struct cpl_native_walk *w,
                                  const uint8_t *tab, size_t *n)
{
    if (w->bits) {
        *n = w->len - w->next < 64 ? w->len - w->next : 64;
        return bits_at(w->bits, w->bits_pos + w->next) & low_bits(*n);
    }
    return chunk_bits(w->c, w->k, tab, w->shape, w->subj, w->len, w->next,
                      n);
}

void cpl_native_walk_init(struct cpl_native_walk *w,
                          const struct cpl_native_classes *c,
                          struct cpl_native_cache *k,
                          enum cpl_native_shape shape, const char *subj,
                          size_t len)
{
    memset(w, 0, sizeof(*w));
    w->c = c;
    w->k = k;
    w->shape = shape;
    w->subj = subj;
    w->len = len;
}

/* Bit j: s[j] is an ASCII capital, for j < n <= 64. */
static uint64_t upper_bits(const char *s, size_t n)
{
    const unsigned char *u = (const unsigned char *)s;
    uint64_t m = 0;
#ifdef __SSE2__
    if (n == 64) {
        for (unsigned q = 0; q < 4; q++) {
            __m128i x = _mm_loadu_si128((const __m128i *)(u + (size_t)16 * q));
            m |= (uint64_t)(uint16_t)_mm_movemask_epi8(in_range(x, 'A', 25))
                 << (16 * q);
        }
        return m;
    }
#endif
    for (size_t j = 0; j < n; j++)
        m |= (uint64_t)((unsigned)(u[j] - 'A') < 26u) << j;
    return m;
}

/* The next maximal run [*a, *b), in text order (with upper_only, the
 * next one that begins with an ASCII capital). Inlined into the walks,
 * which keep the state in a local copy: in registers, not memory, for
 * the edges of every word. */
static inline __attribute__((always_inline)) bool
walk_next(struct cpl_native_walk *w, size_t *a, size_t *b)
{
    const uint8_t *tab = w->c->run[w->shape == CPL_NATIVE_NONSPACE];
    for (;;) {
        while (w->edges) {
            size_t e = w->base + (size_t)__builtin_ctzll(w->edges);
            w->edges &= w->edges - 1;
            if (!w->open) {
                w->open = true;
                w->open_a = e;
                continue;
            }
            w->open = false;
            *a = w->open_a;
            *b = e;
            return true;
        }
        if (w->next >= w->len) {
            if (!w->open)
                return false;
            w->open = false;
            *a = w->open_a;
            *b = w->len;
            return true;
        }
        size_t n;
        uint64_t m = walk_chunk(w, tab, &n);
        uint64_t carry = w->carry;
        if (w->upper_only) {
            /* Only the runs that begin with a capital: adding a run's
             * first bit carries through the run and clears it, so
             * m & ~(m + T) is the runs that begin at a bit of T. A run
             * that goes on from the chunk before is kept when it was. */
            uint64_t starts = m & ~((m << 1) | w->carry_any) & low_bits(n);
            uint64_t up = upper_bits(w->subj + w->next, n);
            uint64_t t = starts & up;
            /* and capitals in the next bytes too ("The" is not walked
             * for three); past a full chunk's end, not known: kept */
            for (unsigned q = 1; q < w->upper_min && q < 4; q++)
                t &= (up >> q) | (n == 64 ? ~UINT64_C(0) << (64 - q) : 0);
            uint64_t keep = m & ~(m + t);
            if (w->carry_any && w->carry)
                keep |= m & ~(m + 1);
            w->carry_any = n ? (m >> (n - 1)) & 1 : 0;
            m = keep;
        }
        w->edges = (m ^ ((m << 1) | carry)) & low_bits(n);
        w->base = w->next;
        w->next += n;
        w->carry = n ? (m >> (n - 1)) & 1 : 0;
    }
}

bool cpl_native_walk_caps(struct cpl_native_walk *w, unsigned min,
                          unsigned max, size_t *a, size_t *b)
{
    size_t ra, rb;
    struct cpl_native_walk s = *w;
    s.upper_only = true;
    s.upper_min = min;
    while (walk_next(&s, &ra, &rb)) {
        if (rb - ra < min || rb - ra > max)
            continue;
        size_t i = ra;
        while (i < rb && s.subj[i] >= 'A' && s.subj[i] <= 'Z')
            i++;
        if (i == rb) {
            *w = s;
            *a = ra;
            *b = rb;
            return true;
        }
    }
    *w = s;
    return false;
}

/* Reads a decimal number at *p (at most 3 digits). */
static bool read_num(const char **p, unsigned *v)
{
    const char *s = *p;
    unsigned n = 0;
    int k = 0;
    while (*s >= '0' && *s <= '9' && k < 3)
        n = n * 10 + (unsigned)(*s++ - '0'), k++;
    if (k == 0 || (*s >= '0' && *s <= '9'))
        return false;
    *p = s;
    *v = n;
    return true;
}

bool cpl_native_caps_shape(const char *src, unsigned *min, unsigned *max)
{
    const char *p = src;
    if (strncmp(p, "\\b", 2) != 0)
        return false;
    p += 2;
    int group = 0;
    if (strncmp(p, "(?:", 3) == 0)
        p += 3, group = 1;
    else if (*p == '(' && p[1] != '?' && p[1] != '*')
        p += 1, group = 1;
    if (strncmp(p, "[A-Z]{", 6) != 0)
        return false;
    p += 6;
    unsigned lo, hi;
    if (!read_num(&p, &lo))
        return false;
    hi = lo;
    if (*p == ',') {
        p++;
        if (!read_num(&p, &hi))
            return false;
    }
    if (*p++ != '}' || lo == 0 || hi < lo)
        return false;
    if (group && *p++ != ')')
        return false;
    if (strcmp(p, "\\b") != 0)
        return false;
    *min = lo;
    *max = hi;
    return true;
}

/*
 * The runs two at a time, with the walk's state in locals: a chunk's
 * edges alternate start, end, start, ... (after a run left open by the
 * chunk before, which its first edge closes), so each run costs two
 * ctz and, when its length is the previous run's, a byte compare. On a
 * hit the state goes back to *w for the next call.
 */
bool cpl_native_walk_repeat(struct cpl_native_walk *w, size_t *pa,
                            size_t *pb, size_t *a, size_t *b)
{
    const char *subj = w->subj;
    const uint8_t *tab = w->c->run[w->shape == CPL_NATIVE_NONSPACE];
    uint64_t edges = w->edges, carry = w->carry;
    size_t base = w->base, next = w->next;
    bool open = w->open, had = w->have_prev;
    size_t open_a = w->open_a, prev_a = w->prev_a, prev_b = w->prev_b;
    size_t ra = 0, rb = 0;
    bool found = false;
    for (;;) {
        /* the next run [ra, rb), or refill, or the end */
        if (edges && !open) {
            ra = base + (size_t)__builtin_ctzll(edges);
            edges &= edges - 1;
            if (!edges) {
                open = true;
                open_a = ra;
                continue;
            }
            rb = base + (size_t)__builtin_ctzll(edges);
            edges &= edges - 1;
        } else if (edges) { /* open: this edge ends it */
            ra = open_a;
            rb = base + (size_t)__builtin_ctzll(edges);
            edges &= edges - 1;
            open = false;
        } else if (next < w->len) {
            size_t n;
            w->next = next;
            uint64_t m = walk_chunk(w, tab, &n);
            edges = (m ^ ((m << 1) | carry)) & low_bits(n);
            base = next;
            next += n;
            carry = n ? (m >> (n - 1)) & 1 : 0;
            continue;
        } else if (open) { /* the last run ends the subject */
            ra = open_a;
            rb = w->len;
            open = false;
        } else {
            break;
        }
        size_t ppa = prev_a, ppb = prev_b;
        bool hit = had && rb - ra == ppb - ppa && subj[ra] == subj[ppa] &&
                   memcmp(subj + ra, subj + ppa, rb - ra) == 0;
        prev_a = ra;
        prev_b = rb;
        had = true;
        if (hit) {
            *pa = ppa;
            *pb = ppb;
            *a = ra;
            *b = rb;
            found = true;
            break;
        }
    }
    w->edges = edges;
    w->carry = carry;
    w->base = base;
    w->next = next;
    w->open = open;
    w->open_a = open_a;
    w->have_prev = had;
    w->prev_a = prev_a;
    w->prev_b = prev_b;
    return found;
}

bool cpl_native_untrimmed(const struct cpl_native_classes *c,
                          enum cpl_native_shape shape)
{
    const uint8_t *tab = c->run[shape == CPL_NATIVE_NONSPACE];
    static const char ws[] = " \t\n\v\f\r";
    for (const char *p = ws; *p; p++)
        if (tab[(unsigned char)*p])
            return false;
    return true;
}
