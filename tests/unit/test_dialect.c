/*
 * test_dialect.c: --dialect auto: credit lines, then the majority of
 * distinctive spellings, else unknown.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "lint_helper.h"

static void expect(const char *text, const char *dialect, const char *style,
                   const char *reason_part)
{
    copylint_ctx *ctx = test_ctx(NULL);
    assert_int_equal(copylint_ctx_prepare(ctx), COPYLINT_OK);
    copylint_doc *doc = lint(ctx, text);
    assert_non_null(doc);
    assert_string_equal(copylint_doc_dialect(doc), dialect);
    if (style)
        assert_string_equal(copylint_doc_house_style(doc), style);
    else
        assert_null(copylint_doc_house_style(doc));
    assert_non_null(strstr(copylint_doc_dialect_reason(doc), reason_part));
    copylint_doc_free(doc);
    copylint_ctx_free(ctx);
}

static void test_dialect_cp_credit(void **state)
{
    (void)state;
    expect("The color was out.\n\nLee Berthiaume, The Canadian Press\n",
           "en_CA", "cp", "The Canadian Press");
}

static void test_dialect_ap_dateline(void **state)
{
    (void)state;
    expect("WASHINGTON (AP) - The colour was out.\n", "en_US", "ap", "(AP)");
}

static void test_dialect_files_from_is_not_a_credit(void **state)
{
    (void)state;
    expect("The colour and the centre and the defence.\n\n"
           "With files from The Associated Press\n",
           "en_GB", NULL, "majority");
}

/* The reason names the first three words that voted (written into the
 * reason without snprintf: by_spelling keeps their length). */
static void test_dialect_majority_examples(void **state)
{
    (void)state;
    expect("The colour, the centre, the defence and the honour were out.\n",
           "en_GB", NULL, "(4 en_GB: colour, centre, defence)");
}

static void test_dialect_majority_american(void **state)
{
    (void)state;
    expect("The color of the center.\n", "en_US", NULL, "majority");
}

static void test_dialect_tie_goes_to_canada_when_about_canada(void **state)
{
    (void)state;
    expect("The colour in Ottawa.\n", "en_CA", NULL, "about Canada");
    expect("The colour in Leeds.\n", "en_GB", NULL, "not about Canada");
}

static void test_dialect_capitalised_words_do_not_vote(void **state)
{
    (void)state;
    expect("They went to Pearl Harbor and the World Trade Center.\n",
           "unknown", NULL, "no credit");
}

static void test_dialect_reuters_falls_through(void **state)
{
    (void)state;
    expect("The fire was out.\n\nReuter\n", "unknown", NULL, "Reuters");
    expect("The color was out.\n\nReuter\n", "en_US", NULL, "Reuters");
}

static void test_dialect_forced(void **state)
{
    (void)state;
    copylint_ctx *ctx = test_ctx("en_GB");
    assert_int_equal(copylint_ctx_prepare(ctx), COPYLINT_OK);
    copylint_doc *doc =
        lint(ctx, "The color.\n\nLee Berthiaume, The Canadian Press\n");
    assert_string_equal(copylint_doc_dialect(doc), "en_GB");
    assert_string_equal(copylint_doc_dialect_reason(doc), "set by --dialect");
    copylint_doc_free(doc);
    copylint_ctx_free(ctx);
    ctx = copylint_ctx_new();
    assert_int_equal(copylint_ctx_set_dialect(ctx, "en_AU"), COPYLINT_ERR_ARG);
    copylint_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dialect_cp_credit),
        cmocka_unit_test(test_dialect_ap_dateline),
        cmocka_unit_test(test_dialect_files_from_is_not_a_credit),
        cmocka_unit_test(test_dialect_majority_examples),
        cmocka_unit_test(test_dialect_majority_american),
        cmocka_unit_test(test_dialect_tie_goes_to_canada_when_about_canada),
        cmocka_unit_test(test_dialect_capitalised_words_do_not_vote),
        cmocka_unit_test(test_dialect_reuters_falls_through),
        cmocka_unit_test(test_dialect_forced),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
