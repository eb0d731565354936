/*
 * diag.h: how checks report findings. A finding is not an error: the check
 * calls cpl_diag_add() and goes on. Message and fix text are copied, so
 * callers may pass stack buffers.
 */
#ifndef CPL_DIAG_H
#define CPL_DIAG_H

#include <stdbool.h>
#include <stdint.h>

#include "catalogue.h"
#include "doc.h"

/* Adds a finding over bytes [off, off+len) of the document. Returns NULL
 * when the rule is off or the document hit its finding limit; otherwise
 * the finding, valid until the next cpl_diag_add*() on this document. */
struct copylint_diag *cpl_diag_add(copylint_doc *doc, enum cpl_rule rule,
                                   uint32_t off, uint32_t len,
                                   const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* The same for a rule loaded from a rule file. */
struct copylint_diag *cpl_diag_add_rule(copylint_doc *doc,
                                        const struct cpl_rule_info *rule,
                                        uint32_t off, uint32_t len,
                                        const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* A finding about the whole file, printed without line and column. */
struct copylint_diag *cpl_diag_add_file(copylint_doc *doc, enum cpl_rule rule,
                                        const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Suggests replacing bytes [off, off+len) with `text` ("" deletes). */
void cpl_diag_fix(struct copylint_diag *d, uint32_t off, uint32_t len,
                  const char *text, bool safe);

void cpl_diag_release(struct copylint_diag *d);

#endif
