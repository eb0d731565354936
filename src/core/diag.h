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

/* The same with the message already written: msg[0..n), no format
 * (cut like any message when it is long). */
struct copylint_diag *cpl_diag_add_rule_text(copylint_doc *doc,
                                             const struct cpl_rule_info *rule,
                                             uint32_t off, uint32_t len,
                                             const char *msg, size_t n);

/* A finding about the whole file, printed without line and column. */
struct copylint_diag *cpl_diag_add_file(copylint_doc *doc, enum cpl_rule rule,
                                        const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Suggests replacing bytes [off, off+len) with `text` ("" deletes). */
void cpl_diag_fix(struct copylint_diag *d, uint32_t off, uint32_t len,
                  const char *text, bool safe);

/* Frees what the finding owns (its fixes; the message is the
 * document's, see cpl_diag_free_messages). */
void cpl_diag_release(struct copylint_diag *d);

/* Frees the blocks that hold the document's finding messages. */
void cpl_diag_free_messages(copylint_doc *doc);

/*
 * A per-rule listing cap for one document, for checks that can fire on
 * every line of a hostile input: after `max` findings of a rule the rest
 * are only counted, and cpl_diag_cap_finish() adds one summary finding per
 * rule at the first unlisted place. Zero-initialise, set doc and max.
 */
struct cpl_diag_cap {
    copylint_doc *doc;
    unsigned max;
    unsigned listed[CPL_RULE_COUNT];
    unsigned more[CPL_RULE_COUNT];
    uint32_t more_off[CPL_RULE_COUNT], more_len[CPL_RULE_COUNT];
};

/* cpl_diag_add() under the cap; NULL once the rule is past it. */
struct copylint_diag *cpl_diag_add_capped(struct cpl_diag_cap *cap,
                                          enum cpl_rule rule, uint32_t off,
                                          uint32_t len, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Adds the summary findings ("N more findings of this kind"). */
void cpl_diag_cap_finish(struct cpl_diag_cap *cap);

#endif
