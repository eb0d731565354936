/*
 * suppress.h: in-text suppression directives. Wire copy has no comment
 * syntax, so a line of its own such as
 *
 *     copylint: disable=spelling.unknown,repeat
 *     copylint: enable=repeat
 *     copylint: disable-next-line=quote.unclosed
 *
 * (or the same inside an HTML comment, `<!-- copylint: disable=... -->`,
 * for Markdown and HTML inputs) turns rules off for a range of lines.
 * copylint_doc_lint() scans for directives before segmenting, lints, then
 * drops the findings that fall in disabled ranges or on directive lines.
 */
#ifndef CPL_SUPPRESS_H
#define CPL_SUPPRESS_H

#include <stddef.h>
#include <stdint.h>

#include "doc.h"

enum cpl_directive_kind {
    CPL_DIRECTIVE_DISABLE,
    CPL_DIRECTIVE_ENABLE,
    CPL_DIRECTIVE_DISABLE_NEXT_LINE
};

struct cpl_directive {
    enum cpl_directive_kind kind;
    unsigned line;        /* 1-based line of the directive */
    uint32_t off, len;    /* the directive line's bytes */
    /* Rule ids or family prefixes, each a span of doc->text; none: all. */
    struct cpl_span *rules;
    size_t nrules;
};

struct cpl_suppress {
    struct cpl_directive *dirs;
    size_t ndirs, capdirs;
};

/* Parses line [a, b) of `t` into `dir` (whose rule list the caller frees
 * on success); false, with nothing to free, if it is not a directive. */
bool cpl_suppress_parse_line(const char *t, uint32_t a, uint32_t b,
                             struct cpl_directive *dir);

/* Finds the directive lines of a document whose line table is built
 * (cpl_doc_prepare_text) and blanks them in doc->text, so that checks
 * read them as empty lines; doc->bytes keeps them. Linear in the text. */
void cpl_suppress_scan(copylint_doc *doc, struct cpl_suppress *sup);

/* Drops the findings that the directives turn off, and those on directive
 * lines; reports directive rule names that match no known rule as
 * `suppress.unknown-rule`. Call after the checks, before cpl_doc_finish. */
void cpl_suppress_apply(const copylint_ctx *ctx, copylint_doc *doc,
                        const struct cpl_suppress *sup);

void cpl_suppress_release(struct cpl_suppress *sup);

#endif
