/*
 * xml_escape.h: text into XML and HTML, shared by checkstyle.c and html.c.
 */
#ifndef CPL_XML_ESCAPE_H
#define CPL_XML_ESCAPE_H

#include <stddef.h>
#include <stdio.h>

/* Writes s[0..len) escaped for XML/HTML text and attribute values: & < >
 * " ' become entities; bytes that are not valid UTF-8 (and the SUB that
 * doc.c puts in their place) become U+FFFD; other control characters,
 * which XML 1.0 forbids, become their Control Pictures symbol (U+2400 +
 * c), one code point for one, so columns still line up. Tab, line feed
 * and carriage return are kept unless `attr` is set, when they become
 * character references. */
void cpl_xml_put(FILE *out, const char *s, size_t len, int attr);

/* The same for a NUL-terminated string. */
void cpl_xml_puts(FILE *out, const char *s, int attr);

#endif
