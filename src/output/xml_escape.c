/*
 * xml_escape.c: see xml_escape.h.
 */
#include "xml_escape.h"

#include <string.h>

#include "../core/utf8.h"

void cpl_xml_put(FILE *out, const char *s, size_t len, int attr)
{
    for (size_t i = 0; i < len;) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80) {
            size_t l = cpl_utf8_valid_len((const unsigned char *)s + i,
                                          len - i);
            if (l == 0) {
                fputs("\xEF\xBF\xBD", out);
                i++;
                continue;
            }
            uint32_t cp;
            cpl_utf8_decode(s + i, l, &cp);
            /* C1 controls and U+FFFE, U+FFFF: not in XML */
            if ((cp >= 0x80 && cp < 0xA0) || cp == 0xFFFE || cp == 0xFFFF)
                fputs("\xEF\xBF\xBD", out);
            else
                fwrite(s + i, 1, l, out);
            i += l;
            continue;
        }
        switch (c) {
        case '&':
            fputs("&amp;", out);
            break;
        case '<':
            fputs("&lt;", out);
            break;
        case '>':
            fputs("&gt;", out);
            break;
        case '"':
            fputs("&quot;", out);
            break;
        case '\'':
            fputs("&#39;", out);
            break;
        case '\t':
        case '\n':
        case '\r':
            if (attr)
                fprintf(out, "&#%d;", c);
            else
                fputc(c, out);
            break;
        case 0x1A:
            fputs("\xEF\xBF\xBD", out);
            break;
        default:
            if (c < 0x20 || c == 0x7F) {
                char buf[4];
                size_t n = cpl_utf8_encode(c == 0x7F ? 0x2421 : 0x2400 + c,
                                           buf);
                fwrite(buf, 1, n, out);
            } else {
                fputc(c, out);
            }
        }
        i++;
    }
}

void cpl_xml_puts(FILE *out, const char *s, int attr)
{
    cpl_xml_put(out, s, strlen(s), attr);
}
