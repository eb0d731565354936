/*
 * utf8.h: decoding of text that doc.c has already validated, and the
 * character classes the checks share. Categories come from utf8proc.
 */
#ifndef CPL_UTF8_H
#define CPL_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Decodes one code point at s[0..len); returns its byte length (>= 1).
 * Bytes that do not start a valid sequence decode as themselves. */
static inline size_t cpl_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] < 0x80 || len < 2) {
        *cp = u[0];
        return 1;
    }
    if ((u[0] & 0xE0) == 0xC0) {
        *cp = ((uint32_t)(u[0] & 0x1F) << 6) | (u[1] & 0x3F);
        return 2;
    }
    if ((u[0] & 0xF0) == 0xE0 && len >= 3) {
        *cp = ((uint32_t)(u[0] & 0x0F) << 12) | ((uint32_t)(u[1] & 0x3F) << 6) |
              (u[2] & 0x3F);
        return 3;
    }
    if ((u[0] & 0xF8) == 0xF0 && len >= 4) {
        *cp = ((uint32_t)(u[0] & 0x07) << 18) |
              ((uint32_t)(u[1] & 0x3F) << 12) |
              ((uint32_t)(u[2] & 0x3F) << 6) | (u[3] & 0x3F);
        return 4;
    }
    *cp = u[0];
    return 1;
}

/* The first index in [i, n) whose byte is not printable ASCII (below
 * 0x20 or from 0x7F: controls, line breaks, multi-byte characters), or n.
 * Sixteen bytes at a time with SSE2, else eight. */
size_t cpl_skip_printable_ascii(const char *s, size_t i, size_t n);

/* The first index in [i, n) whose byte is a, b or c (ASCII) or is not
 * ASCII (the lead or continuation byte of a multi-byte character), or n.
 * Sixteen bytes at a time with SSE2, else eight, for the scans that look
 * only at a few ASCII marks and at multi-byte characters: sentence ends,
 * quotation marks. */
static inline size_t cpl_skip_to_marks(const char *s, size_t i, size_t n,
                                       unsigned char a, unsigned char b,
                                       unsigned char c)
{
#ifdef __SSE2__
    const __m128i ma = _mm_set1_epi8((char)a), mb = _mm_set1_epi8((char)b),
                  mc = _mm_set1_epi8((char)c);
    while (i + 16 <= n) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i hit = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(x, ma), _mm_cmpeq_epi8(x, mb)),
            _mm_or_si128(_mm_cmpeq_epi8(x, mc), x)); /* x: its high bits */
        unsigned m = (unsigned)_mm_movemask_epi8(hit);
        if (m)
            return i + (unsigned)__builtin_ctz(m);
        i += 16;
    }
#endif
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    /* (v - ones) & ~v & highs is non-zero exactly when some byte of v
     * is zero (which lane it flags may be off after the first zero, so
     * the byte loop below finds the byte itself). */
#define CPL_HAS_ZERO(v) (((v) - ones) & ~(v) & highs)
    while (i + 8 <= n) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        if (CPL_HAS_ZERO(x ^ (ones * a)) | CPL_HAS_ZERO(x ^ (ones * b)) |
            CPL_HAS_ZERO(x ^ (ones * c)) | (x & highs))
            break;
        i += 8;
    }
#undef CPL_HAS_ZERO
    while (i < n) {
        unsigned char u = (unsigned char)s[i];
        if (u == a || u == b || u == c || u >= 0x80)
            break;
        i++;
    }
    return i;
}

/* The code point that ends just before s[pos]; its start in *start. */
uint32_t cpl_utf8_prev(const char *s, size_t pos, size_t *start);

/* Encodes cp into out (4 bytes room); returns the length. */
size_t cpl_utf8_encode(uint32_t cp, char *out);

/* Number of code points in s[0..len) (bytes that are not 0x80-0xBF). */
size_t cpl_utf8_count(const char *s, size_t len);

/* The same, byte by byte: the reference its unit test compares with. */
size_t cpl_utf8_count_bytewise(const char *s, size_t len);

/* The 1-based line and column (in code points) of byte `off` of
 * s[0..len), for errors that know only an offset (libyaml's reader). With
 * `in_seq` (off is a bad trailing byte) it counts from the sequence's lead
 * byte, where the encoding check puts the same problem. */
void cpl_utf8_line_col(const char *s, size_t len, size_t off, bool in_seq,
                       unsigned *line, unsigned *col);

/* Length of a valid UTF-8 sequence at s, or 0 if the bytes are invalid
 * (overlong, surrogate, above U+10FFFF, truncated, stray continuation). */
size_t cpl_utf8_valid_len(const unsigned char *s, size_t len);

/*
 * Character classes. News copy is nearly all ASCII, and these are asked
 * for every character by the segmenter and the checks, so the ASCII case
 * is answered inline from a table; other code points go to utf8proc
 * through the out-of-line cpl_uni_* functions (utf8.c).
 */
enum {
    CPL_ASCII_UPPER = 1 << 0,
    CPL_ASCII_LOWER = 1 << 1,
    CPL_ASCII_DIGIT = 1 << 2,
    CPL_ASCII_SPACE = 1 << 3 /* space, \t, \n, \r, \f, \v */
};
extern const unsigned char cpl_ascii_class[128];

bool cpl_uni_is_letter(uint32_t cp);
bool cpl_uni_is_upper(uint32_t cp);
bool cpl_uni_is_lower(uint32_t cp);
bool cpl_uni_is_digit(uint32_t cp);
bool cpl_uni_is_word_char(uint32_t cp);
bool cpl_uni_is_space(uint32_t cp);

static inline bool cpl_is_letter(uint32_t cp)
{
    if (cp < 0x80)
        return cpl_ascii_class[cp] & (CPL_ASCII_UPPER | CPL_ASCII_LOWER);
    return cpl_uni_is_letter(cp);
}

static inline bool cpl_is_upper(uint32_t cp)
{
    if (cp < 0x80)
        return cpl_ascii_class[cp] & CPL_ASCII_UPPER;
    return cpl_uni_is_upper(cp);
}

static inline bool cpl_is_lower(uint32_t cp)
{
    if (cp < 0x80)
        return cpl_ascii_class[cp] & CPL_ASCII_LOWER;
    return cpl_uni_is_lower(cp);
}

static inline bool cpl_is_digit(uint32_t cp)
{
    if (cp < 0x80)
        return cpl_ascii_class[cp] & CPL_ASCII_DIGIT;
    return cpl_uni_is_digit(cp);
}

/* Letter, combining mark or decimal digit: the stuff of words. */
static inline bool cpl_is_word_char(uint32_t cp)
{
    if (cp < 0x80)
        return cpl_ascii_class[cp] &
               (CPL_ASCII_UPPER | CPL_ASCII_LOWER | CPL_ASCII_DIGIT);
    return cpl_uni_is_word_char(cp);
}

/* Any Unicode space separator, tab, or line break. */
static inline bool cpl_is_space(uint32_t cp)
{
    if (cp < 0x80)
        return cpl_ascii_class[cp] & CPL_ASCII_SPACE;
    return cpl_uni_is_space(cp);
}

static inline bool cpl_is_line_break(uint32_t cp)
{
    return cp == '\n' || cp == '\r' || cp == 0x2028 || cp == 0x2029;
}
/* Opening/closing quotation marks and apostrophes. */
static inline bool cpl_is_apostrophe(uint32_t cp)
{
    return cp == '\'' || cp == 0x2019;
}

#endif
