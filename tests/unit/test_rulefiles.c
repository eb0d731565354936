/*
 * test_rulefiles.c: every rule file shipped in rules/ loads without a
 * problem, and its copylint `test:` examples hold: each `bad` example
 * makes the rule fire, no `good` example does. The rule files are found
 * through the data folder (the source tree), so a new pack is covered
 * without editing this file.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "checks/check.h"
#include "core/ctx.h"
#include "core/diag.h"
#include "core/doc.h"
#include "core/ruleset.h"

extern const struct cpl_check cpl_check_rules;
/* checks/rules.c: the rule set in the family's state */
const struct cpl_ruleset *cpl_check_rules_ruleset(const void *state);

static const struct cpl_ruleset *ruleset_of(const copylint_ctx *ctx)
{
    for (size_t i = 0; cpl_checks[i]; i++)
        if (cpl_checks[i] == &cpl_check_rules)
            return cpl_check_rules_ruleset(ctx->check_state[i]);
    return NULL;
}

/* Findings of rule `r` in `text`. */
static size_t fired(copylint_ctx *ctx, const struct cpl_ruleset *rs,
                    const struct cpl_vrule *r, const char *text)
{
    copylint_doc *doc;
    assert_int_equal(copylint_doc_from_bytes(ctx, "example.txt", text,
                                             strlen(text), &doc),
                     COPYLINT_OK);
    doc->ctx = ctx;
    cpl_doc_segment(doc);
    struct cpl_rule_scratch *s = cpl_rule_scratch_new(rs, doc);
    cpl_vrule_run(r, doc, s);
    cpl_rule_scratch_free(s);
    size_t n = 0;
    for (size_t i = 0; i < copylint_doc_diag_count(doc); i++)
        if (strcmp(copylint_diag_rule(copylint_doc_diag(doc, i)),
                   cpl_vrule_info(r)->id) == 0)
            n++;
    copylint_doc_free(doc);
    return n;
}

static void test_rulefiles_examples(void **state)
{
    (void)state;
    copylint_ctx *ctx = copylint_ctx_new();
    copylint_ctx_set_data_dir(ctx, COPYLINT_SOURCE_DATADIR);
    assert_int_equal(copylint_ctx_prepare(ctx), COPYLINT_OK);
    for (size_t i = 0; i < copylint_ctx_problem_count(ctx); i++)
        print_error("%s\n", copylint_ctx_problem_text(ctx, i));
    assert_int_equal(copylint_ctx_problem_count(ctx), 0);
    const struct cpl_ruleset *rs = ruleset_of(ctx);
    assert_non_null(rs);
    size_t nrules = cpl_ruleset_count(rs), nexamples = 0, failures = 0;
    assert_true(nrules >= 2); /* residue.boilerplate, residue.markup */
    for (size_t i = 0; i < nrules; i++) {
        const struct cpl_vrule *r = cpl_ruleset_rule(rs, i);
        const char *const *ex;
        size_t n = cpl_vrule_examples(r, true, &ex);
        for (size_t k = 0; k < n; k++, nexamples++)
            if (fired(ctx, rs, r, ex[k]) == 0) {
                print_error("%s: bad example %zu does not fire: %s\n",
                            cpl_vrule_path(r), k + 1, ex[k]);
                failures++;
            }
        n = cpl_vrule_examples(r, false, &ex);
        for (size_t k = 0; k < n; k++, nexamples++)
            if (fired(ctx, rs, r, ex[k]) != 0) {
                print_error("%s: good example %zu fires: %s\n",
                            cpl_vrule_path(r), k + 1, ex[k]);
                failures++;
            }
    }
    print_message("%zu rules, %zu examples\n", nrules, nexamples);
    assert_int_equal(failures, 0);
    copylint_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rulefiles_examples),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
