/*
 * fuzz_rules.c: the rule-file parser and the rule engine. The input is
 * one rule file in Vale's YAML format; it is loaded with
 * cpl_ruleset_load_string() into a fresh context (problems must be
 * well-formed: valid UTF-8, a position inside the file), and a rule that
 * loads is run over a sample article and over the input's own text, whose
 * findings must pass fuzz_check_doc(). Patterns that backtrack must be
 * stopped by the PCRE2 limits (libFuzzer's -timeout catches a hang).
 */
#include "fuzz_common.h"

#include "core/ctx.h"
#include "core/doc.h"
#include "core/ruleset.h"

static copylint_ctx *seg_ctx; /* prepared: abbreviations for segmenting */

static const char sample[] =
    "OTTAWA \xe2\x80\x94 The minister said on Tuesday that the the talks "
    "would resume in mid-May, 2020.\n\n"
    "\xe2\x80\x9cWe are very, very close,\xe2\x80\x9d Lt.-Gen. J. R. Smith "
    "told reporters at 3 p.m. in the U.S. capital. Advertisement\n\n"
    "Officials colour-coded 25 per cent of the 1,000 files &amp; <b>more</b>."
    " caf\xc3\xa9 na\xc3\xafve \xc3\xa2\xe2\x82\xac\xe2\x84\xa2\n\n"
    "The Canadian Press\n";

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    seg_ctx = fuzz_ctx_new(NULL);
    return 0;
}

static void run_on(const struct cpl_ruleset *rs, const struct cpl_vrule *r,
                   const char *text, size_t len)
{
    copylint_doc *doc;
    if (copylint_doc_from_bytes(seg_ctx, "doc.txt", text, len, &doc) !=
        COPYLINT_OK)
        return;
    if (len > doc->start) {
        doc->ctx = seg_ctx;
        cpl_doc_segment(doc);
        cpl_doc_infer_dialect(doc);
        /* The rule's index is in the fuzz context, not seg_ctx: findings
         * take the rule's own severity while doc->ctx is NULL. */
        doc->ctx = NULL;
        struct cpl_rule_scratch *s = cpl_rule_scratch_new(rs, doc);
        cpl_vrule_run(r, doc, s);
        cpl_rule_scratch_free(s);
    }
    cpl_doc_finish(doc);
    fuzz_check_doc(doc);
    copylint_doc_free(doc);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    copylint_ctx *ctx = copylint_ctx_new();
    struct cpl_ruleset *rs = cpl_ruleset_new();
    const struct cpl_vrule *r = cpl_ruleset_load_string(
        rs, ctx, "fuzz", "styles/fuzz/Rule.yml", (const char *)data, size);
    for (size_t i = 0; i < copylint_ctx_problem_count(ctx); i++) {
        const char *t = copylint_ctx_problem_text(ctx, i);
        const char *m = copylint_ctx_problem_message(ctx, i);
        FUZZ_ASSERT(t && fuzz_valid_utf8(t, strlen(t)));
        FUZZ_ASSERT(m && fuzz_valid_utf8(m, strlen(m)));
        FUZZ_ASSERT(copylint_ctx_problem_rule(ctx, i));
    }
    if (r) {
        FUZZ_ASSERT(cpl_ruleset_count(rs) == 1);
        const struct cpl_rule_info *info = cpl_vrule_info(r);
        FUZZ_ASSERT(info && info->id && strncmp(info->id, "fuzz.", 5) == 0);
        FUZZ_ASSERT(fuzz_valid_utf8(info->id, strlen(info->id)));
        run_on(rs, r, sample, sizeof(sample) - 1);
        run_on(rs, r, (const char *)data, size);
    }
    copylint_ctx_free(ctx);
    cpl_ruleset_free(rs);
    return 0;
}
