/*
 * utf8.c: UTF-8 validation (RFC 3629, table 3-7 of the Unicode standard)
 * and character classes. Classification defers to utf8proc, with an ASCII
 * fast path because news copy is mostly ASCII.
 */
#include "utf8.h"

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

size_t cpl_utf8_encode(uint32_t cp, char *out)
{
    utf8proc_ssize_t n = utf8proc_encode_char((utf8proc_int32_t)cp,
                                              (utf8proc_uint8_t *)out);
    return n > 0 ? (size_t)n : 0;
}

size_t cpl_utf8_count(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            n++;
    return n;
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

static utf8proc_category_t cat(uint32_t cp)
{
    return utf8proc_category((utf8proc_int32_t)cp);
}

bool cpl_is_letter(uint32_t cp)
{
    if (cp < 0x80)
        return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
    utf8proc_category_t c = cat(cp);
    return c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO;
}

bool cpl_is_upper(uint32_t cp)
{
    if (cp < 0x80)
        return cp >= 'A' && cp <= 'Z';
    utf8proc_category_t c = cat(cp);
    return c == UTF8PROC_CATEGORY_LU || c == UTF8PROC_CATEGORY_LT;
}

bool cpl_is_lower(uint32_t cp)
{
    if (cp < 0x80)
        return cp >= 'a' && cp <= 'z';
    return cat(cp) == UTF8PROC_CATEGORY_LL;
}

bool cpl_is_digit(uint32_t cp)
{
    if (cp < 0x80)
        return cp >= '0' && cp <= '9';
    return cat(cp) == UTF8PROC_CATEGORY_ND;
}

bool cpl_is_word_char(uint32_t cp)
{
    if (cp < 0x80)
        return ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') ||
               (cp >= '0' && cp <= '9');
    utf8proc_category_t c = cat(cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_ME) ||
           c == UTF8PROC_CATEGORY_ND;
}

bool cpl_is_line_break(uint32_t cp)
{
    return cp == '\n' || cp == '\r' || cp == 0x2028 || cp == 0x2029;
}

bool cpl_is_space(uint32_t cp)
{
    if (cp < 0x80)
        return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
               cp == '\f' || cp == '\v';
    if (cp == 0x85)
        return true;
    utf8proc_category_t c = cat(cp);
    return c == UTF8PROC_CATEGORY_ZS || c == UTF8PROC_CATEGORY_ZL ||
           c == UTF8PROC_CATEGORY_ZP;
}
