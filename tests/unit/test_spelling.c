/*
 * test_spelling.c: spelling.unknown and spelling.dialect on the tiny
 * dictionaries of tests/dicts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <unistd.h>

#include "lint_helper.h"

static void expect(const char *dialect, const char *text, const char *want)
{
    copylint_ctx *ctx = test_ctx(dialect);
    assert_int_equal(copylint_ctx_prepare(ctx), COPYLINT_OK);
    copylint_doc *doc = lint(ctx, text);
    assert_non_null(doc);
    char got[2048];
    render(doc, "spelling", got, sizeof(got));
    assert_string_equal(got, want);
    copylint_doc_free(doc);
    copylint_ctx_free(ctx);
}

static void test_spelling_unknown_with_suggestion(void **state)
{
    (void)state;
    expect("en_US", "Officials said teh fire started in the kitchen.\n",
           "spelling.unknown:teh->the;");
}

/* A possessive is cut before the look-up (cpl_word_plen(), which decides
 * most words by their last byte): the finding spans the word alone, and
 * a known word with ’s or 's is no finding. */
static void test_spelling_possessive_cut(void **state)
{
    (void)state;
    expect("en_US",
           "Officials said teh\xE2\x80\x99s fire started in the "
           "kitchen\xE2\x80\x99s kitchen. Officials said teh's fire "
           "started in the kitchen's kitchen.\n",
           "spelling.unknown:teh->the;spelling.unknown:teh->the;");
}

/* A listed word with a straight apostrophe matches the text's ’: only
 * words holding a ’ are read again with ' (cpl_dict_listed's fast path
 * leaves the rest at the first look-up). */
static void test_spelling_listed_word_with_curly_apostrophe(void **state)
{
    (void)state;
    char path[64];
    snprintf(path, sizeof(path), "/tmp/cpl-spell-words-%ld.txt",
             (long)getpid());
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("zorp'n'zap\n", f);
    fclose(f);
    copylint_ctx *ctx = test_ctx("en_US");
    copylint_ctx_add_words_file(ctx, path);
    assert_int_equal(copylint_ctx_prepare(ctx), COPYLINT_OK);
    copylint_doc *doc = lint(ctx, "Officials said zorp\xE2\x80\x99n"
                                  "\xE2\x80\x99zap and zorp'n'zap and "
                                  "zorp'n'zep started.\n");
    char got[512];
    render(doc, "spelling", got, sizeof(got));
    assert_string_equal(got, "spelling.unknown:zorp'n'zep->;");
    copylint_doc_free(doc);
    copylint_ctx_free(ctx);
    unlink(path);
}

static void test_spelling_capitalised_unknown_is_a_name(void **state)
{
    (void)state;
    expect("en_US", "Secretary Xanthippe Qorvath said it was out.\n", "");
}

static void test_spelling_skips_digits_acronyms_addresses(void **state)
{
    (void)state;
    expect("en_US",
           "The 3rd day, QXZT said at www.qzxv.com and qzx@qzxv.org #qzx.\n",
           "");
}

static void test_spelling_dialect_lower_case(void **state)
{
    (void)state;
    expect("en_US", "The colour of the fire was near the centre.\n",
           "spelling.dialect:colour->color;spelling.dialect:centre->center;");
    expect("en_GB", "The color of the fire.\n",
           "spelling.dialect:color->colour;");
}

static void test_spelling_dialect_inflection(void **state)
{
    (void)state;
    expect("en_US", "The colours and the centres.\n",
           "spelling.dialect:colours->colors;"
           "spelling.dialect:centres->centers;");
}

static void test_spelling_dialect_capitalised_title(void **state)
{
    (void)state;
    expect("en_CA", "Defense Minister Jens Stoltenberg said it.\n",
           "spelling.dialect:Defense->Defence;");
}

static void test_spelling_dialect_keeps_proper_names(void **state)
{
    (void)state;
    /* A listed proper name, and a title in a U.S. context. */
    expect("en_CA", "The troops went to Pearl Harbor.\n", "");
    expect("en_CA", "U.S. Defense Secretary Jens Stoltenberg said it.\n", "");
}

static void test_spelling_oxford_ize_is_british(void **state)
{
    (void)state;
    expect("en_GB", "We organize the training.\n", "");
    expect("en_US", "We organise the training.\n",
           "spelling.dialect:organise->organize;");
}

static void test_spelling_cache_is_consistent(void **state)
{
    (void)state;
    /* The same misspelling twice: both reported, same suggestion. */
    expect("en_US", "They said teh fire and teh blaze.\n",
           "spelling.unknown:teh->the;spelling.unknown:teh->the;");
}

/* Issue 3, corpus false alarms: a hyphenated compound of listed or known
 * words is no misspelling; a misspelt part still is. */
static void test_spelling_hyphen_compound_of_known_parts(void **state)
{
    (void)state;
    expect("en_US", "Officials said the mln-dlr fire started in the "
                    "kitchen.\n", "");
    expect("en_US", "Officials said the mln-dolr fire started.\n",
           "spelling.unknown:mln-dolr->;");
}

/* "official selling prices (osp)": defined in the story, so not a typo;
 * letters that are not the initials still fire. */
static void test_spelling_defined_abbreviation(void **state)
{
    (void)state;
    expect("en_US", "They said the airport blaze (tab) was out. The tab "
                    "fire was near.\n", "");
    expect("en_US", "They said the airport blaze (tob) was out.\n",
           "spelling.unknown:tob->to;");
}

/* An article that lost its capitals ("jens stoltenberg"): an
 * unknown word with nothing close to suggest is a name, a near miss of a
 * dictionary word still fires. */
static void test_spelling_lowercased_article(void **state)
{
    (void)state;
    expect("en_US", "Officials said jens stoltenberg met pearl and qorvath "
                    "at the airport.\n", "");
    expect("en_US", "Officials said jens stoltenberg met pearl and qorvath "
                    "at the airport. The teh fire was out.\n",
           "spelling.unknown:teh->the;");
    expect("en_US", "Officials said qorvath was at the airport.\n",
           "spelling.unknown:qorvath->;");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_spelling_unknown_with_suggestion),
        cmocka_unit_test(test_spelling_possessive_cut),
        cmocka_unit_test(test_spelling_listed_word_with_curly_apostrophe),
        cmocka_unit_test(test_spelling_capitalised_unknown_is_a_name),
        cmocka_unit_test(test_spelling_skips_digits_acronyms_addresses),
        cmocka_unit_test(test_spelling_dialect_lower_case),
        cmocka_unit_test(test_spelling_dialect_inflection),
        cmocka_unit_test(test_spelling_dialect_capitalised_title),
        cmocka_unit_test(test_spelling_dialect_keeps_proper_names),
        cmocka_unit_test(test_spelling_oxford_ize_is_british),
        cmocka_unit_test(test_spelling_cache_is_consistent),
        cmocka_unit_test(test_spelling_hyphen_compound_of_known_parts),
        cmocka_unit_test(test_spelling_defined_abbreviation),
        cmocka_unit_test(test_spelling_lowercased_article),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
