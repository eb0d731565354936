/*
 * json_diag.h: a finding as a jansson object, shared by the JSON-based
 * formats so they agree on field names.
 */
#ifndef CPL_JSON_DIAG_H
#define CPL_JSON_DIAG_H

#include <jansson.h>

#include "../core/doc.h"

/* A JSON string of s, with invalid UTF-8 replaced by U+FFFD. */
json_t *cpl_json_str(const char *s);

/* A new reference; json_decref() it. */
json_t *cpl_json_diag(const copylint_doc *doc, const struct copylint_diag *d);

#endif
