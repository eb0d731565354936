/*
 * dialect.c: which English an article is written in, and so which house
 * style applies. Placeholder until issue #3 lands: honours the --dialect
 * option and otherwise leaves the dialect unknown.
 */
#include <string.h>

#include "ctx.h"
#include "doc.h"

void cpl_doc_infer_dialect(copylint_doc *doc)
{
    const char *opt = doc->ctx->dialect;
    if (strcmp(opt, "en_CA") == 0) {
        doc->dialect = CPL_DIALECT_EN_CA;
        doc->house_style = "cp";
    } else if (strcmp(opt, "en_US") == 0) {
        doc->dialect = CPL_DIALECT_EN_US;
        doc->house_style = "ap";
    } else if (strcmp(opt, "en_GB") == 0) {
        doc->dialect = CPL_DIALECT_EN_GB;
    }
    if (doc->dialect != CPL_DIALECT_UNKNOWN)
        doc->dialect_reason = "set by --dialect";
}
