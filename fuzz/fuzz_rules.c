/*
 * fuzz_rules.c: the rule-file parser and the rule engine. The input is
 * one rule file in Vale's YAML format; it is loaded with
 * cpl_ruleset_load_string() into a fresh context (problems must be
 * well-formed: valid UTF-8, a position inside the file), and a rule that
 * loads is run over a sample article and over the input's own text, whose
 * findings must pass fuzz_check_doc(). Patterns that backtrack must be
 * stopped by the PCRE2 limits (libFuzzer's -timeout catches a hang).
 *
 * The rule is loaded into two rule sets, twice into each (fuzz.Rule and
 * fuzz.Rule2): one as a run uses them (finished, with the literal
 * prefilter, the word-list trie, the native matchers, the run skipping
 * of cpl_rule_scratch_runnable() and shared matching) and one with every
 * shortcut off (each pattern on PCRE2 over the whole text, each rule on
 * its own). Both must give the same findings, unless a match limit
 * stopped either.
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

/* Runs the rules of rs over text[0..len); returns the finished
 * document (NULL if the text is not a document), its findings checked. */
static copylint_doc *run_on(const struct cpl_ruleset *rs, const char *text,
                            size_t len)
{
    copylint_doc *doc;
    if (copylint_doc_from_bytes(seg_ctx, "doc.txt", text, len, &doc) !=
        COPYLINT_OK)
        return NULL;
    if (len > doc->start) {
        doc->ctx = seg_ctx;
        cpl_doc_segment(doc);
        cpl_doc_infer_dialect(doc);
        /* The rule's index is in the fuzz context, not seg_ctx: findings
         * take the rule's own severity while doc->ctx is NULL. */
        doc->ctx = NULL;
        struct cpl_rule_scratch *s = cpl_rule_scratch_new(rs, doc);
        /* as checks/rules.c runs them: those the run skipping lists */
        const uint32_t *list;
        size_t n = cpl_rule_scratch_runnable(s, doc, NULL, &list);
        FUZZ_ASSERT(n <= cpl_ruleset_count(rs));
        for (size_t i = 0; i < n; i++)
            cpl_vrule_run(cpl_ruleset_rule(rs, list[i]), doc, s);
        cpl_rule_scratch_free(s);
    }
    cpl_doc_finish(doc);
    fuzz_check_doc(doc);
    return doc;
}

/* Whether a match limit stopped the rule in doc (then the shortcuts
 * may rightly have found more or less than the plain run). */
static int stopped(const copylint_doc *doc)
{
    for (size_t i = 0; i < copylint_doc_diag_count(doc); i++)
        if (strncmp(copylint_diag_rule(copylint_doc_diag(doc, i)), "config.",
                    7) == 0)
            return 1;
    return 0;
}

static int same_text(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

/* The findings of the run with shortcuts equal those of the plain run. */
static void check_same(const copylint_doc *fast, const copylint_doc *plain)
{
    if (stopped(fast) || stopped(plain))
        return;
    if (getenv("FUZZ_DEBUG")) {
        for (size_t i = 0; i < copylint_doc_diag_count(fast); i++) {
            const copylint_diag *a = copylint_doc_diag(fast, i);
            fprintf(stderr, "F %zu %zu [%s]\n", copylint_diag_offset(a),
                    copylint_diag_length(a), copylint_diag_message(a));
        }
        for (size_t i = 0; i < copylint_doc_diag_count(plain); i++) {
            const copylint_diag *a = copylint_doc_diag(plain, i);
            fprintf(stderr, "P %zu %zu [%s]\n", copylint_diag_offset(a),
                    copylint_diag_length(a), copylint_diag_message(a));
        }
    }
    FUZZ_ASSERT(copylint_doc_diag_count(fast) ==
                copylint_doc_diag_count(plain));
    for (size_t i = 0; i < copylint_doc_diag_count(fast); i++) {
        const copylint_diag *a = copylint_doc_diag(fast, i);
        const copylint_diag *b = copylint_doc_diag(plain, i);
        FUZZ_ASSERT(copylint_diag_offset(a) == copylint_diag_offset(b));
        FUZZ_ASSERT(copylint_diag_length(a) == copylint_diag_length(b));
        FUZZ_ASSERT(same_text(copylint_diag_message(a),
                              copylint_diag_message(b)));
        FUZZ_ASSERT(copylint_diag_fix_count(a) == copylint_diag_fix_count(b));
        for (size_t k = 0; k < copylint_diag_fix_count(a); k++) {
            FUZZ_ASSERT(copylint_diag_fix_offset(a, k) ==
                        copylint_diag_fix_offset(b, k));
            FUZZ_ASSERT(copylint_diag_fix_length(a, k) ==
                        copylint_diag_fix_length(b, k));
            FUZZ_ASSERT(same_text(copylint_diag_fix_text(a, k),
                                  copylint_diag_fix_text(b, k)));
        }
    }
}

static void run_both(const struct cpl_ruleset *rs,
                     const struct cpl_ruleset *rs_plain, const char *text,
                     size_t len)
{
    copylint_doc *fast = run_on(rs, text, len);
    copylint_doc *plain = run_on(rs_plain, text, len);
    if (fast && plain)
        check_same(fast, plain);
    copylint_doc_free(fast);
    copylint_doc_free(plain);
}

/* Loads the input as rule fuzz.Rule (copy 0) or fuzz.Rule2 (copy 1)
 * into rule set rs. */
static const struct cpl_vrule *load(copylint_ctx *ctx,
                                    struct cpl_ruleset *rs,
                                    const uint8_t *data, size_t size,
                                    int copy)
{
    return cpl_ruleset_load_string(
        rs, ctx, "fuzz", copy ? "styles/fuzz/Rule2.yml" : "styles/fuzz/Rule.yml",
        (const char *)data, size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    copylint_ctx *ctx = copylint_ctx_new();
    struct cpl_ruleset *rs = cpl_ruleset_new();
    const struct cpl_vrule *r = load(ctx, rs, data, size, 0);
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
        /* A second copy: an existence rule shares its matching with it
         * (each adds its own findings). */
        FUZZ_ASSERT(load(ctx, rs, data, size, 1) != NULL);
        cpl_ruleset_finish(rs);
        copylint_ctx *ctx_plain = copylint_ctx_new();
        struct cpl_ruleset *rs_plain = cpl_ruleset_new();
        cpl_ruleset_set_prefilter(rs_plain, false);
        cpl_ruleset_set_native(rs_plain, false);
        cpl_ruleset_set_word_trie(rs_plain, false);
        cpl_ruleset_set_run_skip(rs_plain, false);
        cpl_ruleset_set_shared_match(rs_plain, false);
        for (int copy = 0; copy < 2; copy++)
            FUZZ_ASSERT(load(ctx_plain, rs_plain, data, size, copy) != NULL);
        cpl_ruleset_finish(rs_plain);
        run_both(rs, rs_plain, sample, sizeof(sample) - 1);
        run_both(rs, rs_plain, (const char *)data, size);
        copylint_ctx_free(ctx_plain);
        cpl_ruleset_free(rs_plain);
    }
    copylint_ctx_free(ctx);
    cpl_ruleset_free(rs);
    return 0;
}
