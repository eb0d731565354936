/*
 * lint.c: runs the check families over one document, then sorts and
 * locates the findings.
 */
#include "../checks/check.h"
#include "ctx.h"
#include "diag.h"
#include "doc.h"

void copylint_doc_lint(const copylint_ctx *ctx, copylint_doc *doc)
{
    doc->ctx = ctx;
    if (doc->len <= doc->start) {
        cpl_diag_add_file(doc, CPL_RULE_FILE_EMPTY, "the file is empty");
    } else {
        cpl_doc_segment(doc);
        cpl_doc_infer_dialect(doc);
        for (size_t i = 0; cpl_checks[i]; i++) {
            const struct cpl_check *c = cpl_checks[i];
            if (cpl_ctx_family_on(ctx, c->family))
                c->run(ctx, ctx->check_state[i], doc);
        }
    }
    cpl_doc_finish(doc);
    doc->ctx = NULL;
}
