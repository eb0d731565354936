/*
 * lint_helper.h: shared by the spelling, names and dialect unit tests.
 * Lints a string with the tiny dictionaries in tests/dicts and renders
 * the findings as "rule:text->fix;" so a test can compare one string.
 */
#ifndef LINT_HELPER_H
#define LINT_HELPER_H

#include <stdio.h>
#include <string.h>

#include "copylint.h"

static copylint_ctx *test_ctx(const char *dialect)
{
    copylint_ctx *ctx = copylint_ctx_new();
    copylint_ctx_set_data_dir(ctx, COPYLINT_SOURCE_DATADIR);
    copylint_ctx_set_hunspell_dir(ctx, COPYLINT_TEST_DIR "/dicts");
    if (dialect)
        copylint_ctx_set_dialect(ctx, dialect);
    return ctx;
}

/* Findings of rules starting with `family`, as "rule:text->fix;". */
static void render(const copylint_doc *doc, const char *family, char *out,
                   size_t size)
{
    size_t len;
    const char *bytes = copylint_doc_bytes(doc, &len);
    out[0] = '\0';
    for (size_t i = 0; i < copylint_doc_diag_count(doc); i++) {
        const copylint_diag *d = copylint_doc_diag(doc, i);
        if (strncmp(copylint_diag_rule(d), family, strlen(family)) != 0)
            continue;
        size_t o = strlen(out);
        snprintf(out + o, size - o, "%s:%.*s->%s;", copylint_diag_rule(d),
                 (int)copylint_diag_length(d),
                 bytes + copylint_diag_offset(d),
                 copylint_diag_fix_count(d) ? copylint_diag_fix_text(d, 0)
                                            : "");
    }
}

static copylint_doc *lint(copylint_ctx *ctx, const char *text)
{
    copylint_doc *doc = NULL;
    if (copylint_doc_from_bytes(ctx, "t.txt", text, strlen(text), &doc) !=
        COPYLINT_OK)
        return NULL;
    copylint_doc_lint(ctx, doc);
    return doc;
}

#endif
