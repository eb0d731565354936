/*
 * output.h: one writer per output format, one file each (cmark's one
 * renderer per format). A writer sees documents one at a time, after they
 * are linted and their findings sorted, so it can stream.
 */
#ifndef CPL_OUTPUT_H
#define CPL_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "../copylint.h"
#include "../core/doc.h"

struct cpl_output_ops {
    const char *name;
    void (*begin)(copylint_output *w);                        /* optional */
    void (*doc)(copylint_output *w, const copylint_doc *doc);
    void (*end)(copylint_output *w);                          /* optional */
};

struct copylint_output {
    const struct cpl_output_ops *ops;
    const copylint_ctx *ctx;
    FILE *out;
    unsigned flags;   /* enum copylint_output_flags */
    size_t ndocs;     /* documents written so far */
    size_t ndiags;    /* findings written so far */
    void *state;      /* the format's own, freed by its end() */
    const bool *show; /* during doc(): which findings to write; NULL all */
};

/* Whether finding i of the current document is to be written (a finding
 * covered by a baseline is not). */
static inline bool cpl_output_shown(const copylint_output *w, size_t i)
{
    return !w->show || w->show[i];
}

/* NULL-terminated, in the order --help lists them. */
extern const struct cpl_output_ops *const cpl_outputs[];

#endif
