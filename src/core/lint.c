/*
 * lint.c: runs the check families over one document, drops the findings
 * that in-text directives suppress (suppress.c), then sorts and locates
 * the rest.
 */
#include "../checks/check.h"
#include "ctx.h"
#include "diag.h"
#include "doc.h"
#include "suppress.h"

void copylint_doc_lint(const copylint_ctx *ctx, copylint_doc *doc)
{
    doc->ctx = ctx;
    if (doc->len <= doc->start) {
        cpl_diag_add_file(doc, CPL_RULE_FILE_EMPTY, "the file is empty");
    } else {
        struct cpl_suppress sup;
        cpl_doc_prepare_text(doc);
        cpl_suppress_scan(doc, &sup);
        cpl_doc_segment(doc);
        cpl_doc_infer_dialect(doc);
        for (size_t i = 0; cpl_checks[i]; i++) {
            if (ctx->check_on[i])
                cpl_checks[i]->run(ctx, ctx->check_state[i], doc);
        }
        cpl_suppress_apply(ctx, doc, &sup);
        cpl_suppress_release(&sup);
    }
    cpl_doc_finish(doc);
    doc->ctx = NULL;
}

void copylint_docs_cross_check(const copylint_ctx *ctx,
                               copylint_doc *const *docs, size_t ndocs)
{
    for (size_t i = 0; i < ndocs; i++)
        docs[i]->ctx = ctx;
    for (size_t i = 0; cpl_checks[i]; i++) {
        const struct cpl_check *c = cpl_checks[i];
        if (c->cross && ctx->check_on[i])
            c->cross(ctx, ctx->check_state[i], docs, ndocs);
    }
    for (size_t i = 0; i < ndocs; i++) {
        cpl_doc_finish(docs[i]);
        docs[i]->ctx = NULL;
    }
}
