/*
 * check.h: the descriptor every check family fills in, one per file in
 * src/checks/ (mandoc's per-macro validators, one table). registry.c lists
 * them in run order. Checks never include each other.
 *
 * init runs once per context, after the rules are resolved, and builds
 * what the family needs for the whole run (compiled patterns, word lists);
 * it may fail with a status and a message through cpl_ctx_error(). run is
 * called once per document, possibly from several threads at once, so it
 * must treat `state` as read-only and keep per-document scratch local.
 */
#ifndef CPL_CHECK_H
#define CPL_CHECK_H

#include "../copylint.h"
#include "../core/ctx.h"
#include "../core/diag.h"
#include "../core/doc.h"

struct cpl_check {
    const char *family; /* "quote": the check runs if any rule of it is on */
    copylint_status (*init)(copylint_ctx *ctx, void **state); /* optional */
    void (*run)(const copylint_ctx *ctx, const void *state, copylint_doc *doc);
    void (*fini)(void *state); /* optional */
    /* Optional run-level pass over several linted documents, from
     * copylint_docs_cross_check(); single-threaded. */
    void (*cross)(const copylint_ctx *ctx, const void *state,
                  copylint_doc *const *docs, size_t ndocs);
};

/* NULL-terminated, in run order. */
extern const struct cpl_check *const cpl_checks[];

#endif
