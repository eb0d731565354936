/*
 * utf8.c: UTF-8 validation (RFC 3629, table 3-7 of the Unicode standard)
 * and character classes. Classification defers to utf8proc, with an ASCII
 * fast path because news copy is mostly ASCII.
 */
#include "utf8.h"

#include <string.h>
#include <utf8proc.h>

uint32_t cpl_utf8_prev(const char *s, size_t pos, size_t *start)
{
    size_t i = pos;
    int n = 0;
    while (i > 0 && n < 4) {
        i--;
        n++;
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            break;
    }
    uint32_t cp;
    size_t l = cpl_utf8_decode(s + i, pos - i, &cp);
    if (i + l != pos) {
        i = pos - 1;
        cp = (unsigned char)s[i];
    }
    *start = i;
    return cp;
}

size_t cpl_skip_printable_ascii(const char *s, size_t i, size_t n)
{
#ifdef __SSE2__
    /* Signed: every byte from 0x80 is below 0x20 too. */
    const __m128i low = _mm_set1_epi8(0x20), del = _mm_set1_epi8(0x7F);
    while (i + 16 <= n) {
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        unsigned m = (unsigned)_mm_movemask_epi8(
            _mm_or_si128(_mm_cmplt_epi8(x, low), _mm_cmpeq_epi8(x, del)));
        if (m)
            return i + (unsigned)__builtin_ctz(m);
        i += 16;
    }
#endif
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    while (i + 8 <= n) {
        uint64_t x;
        memcpy(&x, s + i, 8);
        /* A byte below 0x20, or above 0x7E (0x7F and every byte with the
         * high bit), sets the high bit of its lane in one of the two. */
        uint64_t below = (x - ones * 0x20) & ~x & highs;
        uint64_t above = ((x + ones * (127 - 0x7E)) | x) & highs;
        if (below | above)
            break;
        i += 8;
    }
    while (i < n && (unsigned char)s[i] >= 0x20 && (unsigned char)s[i] < 0x7F)
        i++;
    return i;
}

size_t cpl_utf8_encode(uint32_t cp, char *out)
{
    utf8proc_ssize_t n = utf8proc_encode_char((utf8proc_int32_t)cp,
                                              (utf8proc_uint8_t *)out);
    return n > 0 ? (size_t)n : 0;
}

#ifdef __SSE2__
/* Lanes [16 - k, 16) of tail_mask + k are set: the last k bytes. */
static const unsigned char tail_mask[32] = {
    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,    0,
    0,    0,    0,    0,    0,    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
    0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
#endif

/*
 * Code points = bytes minus continuation bytes (0x80-0xBF). It runs once
 * per finding and over the text between findings (columns), so 16 bytes
 * at a time: a continuation byte is, signed, below -64; the last partial
 * block is the 16 bytes that end the run with the lanes already counted
 * masked off. Below 16 bytes, one 8-byte word and the rest byte by byte.
 */
size_t cpl_utf8_count(const char *s, size_t len)
{
    size_t n = len, i = 0;
#ifdef __SSE2__
    if (len >= 16) {
        const __m128i lim = _mm_set1_epi8(-64), z = _mm_setzero_si128();
        __m128i acc = z;
        for (; i + 16 <= len; i += 16) {
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            /* 0 - (0xFF lanes) = 1 per continuation byte; sad sums them */
            acc = _mm_add_epi64(
                acc, _mm_sad_epu8(_mm_sub_epi8(z, _mm_cmplt_epi8(v, lim)), z));
        }
        if (i < len) {
            __m128i v = _mm_loadu_si128(
                (const __m128i *)(const void *)(s + len - 16));
            __m128i m = _mm_loadu_si128(
                (const __m128i *)(const void *)(tail_mask + (len - i)));
            __m128i c = _mm_and_si128(m, _mm_cmplt_epi8(v, lim));
            acc = _mm_add_epi64(acc,
                                _mm_sad_epu8(_mm_sub_epi8(z, c), z));
        }
        acc = _mm_add_epi64(acc, _mm_unpackhi_epi64(acc, acc));
        return n - (size_t)_mm_cvtsi128_si64(acc);
    }
#endif
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        /* bit 7 set and bit 6 clear: one bit per continuation byte */
        uint64_t c = (w & ~(w << 1) & UINT64_C(0x8080808080808080)) >> 7;
        n -= (size_t)((c * UINT64_C(0x0101010101010101)) >> 56);
    }
    for (; i < len; i++)
        n -= ((unsigned char)s[i] & 0xC0) == 0x80;
    return n;
}

size_t cpl_utf8_count_bytewise(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            n++;
    return n;
}

void cpl_utf8_line_col(const char *s, size_t len, size_t off, bool in_seq,
                       unsigned *line, unsigned *col)
{
    if (off > len)
        off = len;
    for (size_t k = 1; in_seq && k <= 3 && k <= off; k++) {
        unsigned char c = (unsigned char)s[off - k];
        if (c >= 0xC0) {
            off -= k;
            break;
        }
        if ((c & 0xC0) != 0x80)
            break;
    }
    size_t bol = 0;
    unsigned l = 1;
    for (size_t i = 0; i < off; i++)
        if (s[i] == '\n') {
            l++;
            bol = i + 1;
        }
    *line = l;
    *col = (unsigned)cpl_utf8_count(s + bol, off - bol) + 1;
}

size_t cpl_utf8_valid_len(const unsigned char *s, size_t len)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    if (c < 0xC2 || c > 0xF4)
        return 0;
    size_t need = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (len < need)
        return 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c == 0xE0)
        lo = 0xA0; /* overlong */
    else if (c == 0xED)
        hi = 0x9F; /* surrogates */
    else if (c == 0xF0)
        lo = 0x90; /* overlong */
    else if (c == 0xF4)
        hi = 0x8F; /* above U+10FFFF */
    if (s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < need; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    return need;
}

#define U CPL_ASCII_UPPER
#define L CPL_ASCII_LOWER
#define D CPL_ASCII_DIGIT
#define S CPL_ASCII_SPACE
const unsigned char cpl_ascii_class[128] = {
    ['\t'] = S, ['\n'] = S, ['\v'] = S, ['\f'] = S, ['\r'] = S, [' '] = S,
    ['0'] = D, ['1'] = D, ['2'] = D, ['3'] = D, ['4'] = D,
    ['5'] = D, ['6'] = D, ['7'] = D, ['8'] = D, ['9'] = D,
    ['A'] = U, ['B'] = U, ['C'] = U, ['D'] = U, ['E'] = U, ['F'] = U, ['G'] = U,
    ['H'] = U, ['I'] = U, ['J'] = U, ['K'] = U, ['L'] = U, ['M'] = U, ['N'] = U,
    ['O'] = U, ['P'] = U, ['Q'] = U, ['R'] = U, ['S'] = U, ['T'] = U, ['U'] = U,
    ['V'] = U, ['W'] = U, ['X'] = U, ['Y'] = U, ['Z'] = U,
    ['a'] = L, ['b'] = L, ['c'] = L, ['d'] = L, ['e'] = L, ['f'] = L, ['g'] = L,
    ['h'] = L, ['i'] = L, ['j'] = L, ['k'] = L, ['l'] = L, ['m'] = L, ['n'] = L,
    ['o'] = L, ['p'] = L, ['q'] = L, ['r'] = L, ['s'] = L, ['t'] = L, ['u'] = L,
    ['v'] = L, ['w'] = L, ['x'] = L, ['y'] = L, ['z'] = L,
};
#undef U
#undef L
#undef D
#undef S

/* The non-ASCII halves of the classes in utf8.h, which answer ASCII
 * themselves: only called for code points from U+0080 up. */
static utf8proc_category_t cat(uint32_t cp)
{
    return utf8proc_category((utf8proc_int32_t)cp);
}

bool cpl_uni_is_letter(uint32_t cp)
{
    utf8proc_category_t c = cat(cp);
    return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

bool cpl_uni_is_upper(uint32_t cp)
{
    utf8proc_category_t c = cat(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

bool cpl_uni_is_lower(uint32_t cp)
{
    return cat(cp) == UTF8PROC_CATEGORY_LL;
}

bool cpl_uni_is_digit(uint32_t cp)
{
    return cat(cp) == UTF8PROC_CATEGORY_ND;
}

bool cpl_uni_is_word_char(uint32_t cp)
{
    utf8proc_category_t c = cat(cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_ME) ||
           c == UTF8PROC_CATEGORY_ND;
}

bool cpl_uni_is_space(uint32_t cp)
{
    if (cp == 0x85)
        return true;
    utf8proc_category_t c = cat(cp);
    return c == UTF8PROC_CATEGORY_ZS || c == UTF8PROC_CATEGORY_ZL ||
           c == UTF8PROC_CATEGORY_ZP;
}
