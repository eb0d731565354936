/*
 * test_garble.c: the garble family (src/checks/garble.c). Its helpers
 * (marked CPL_TESTABLE) are static, and copylint_obj is built without
 * CPL_UNIT_TESTING, so this file compiles garble.c itself to reach them.
 * The rules are tested end to end through the public API, with the real
 * data files (dicts/titles.txt, dicts/clause-words.txt).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/*
 * Compiled into this file, statics and all; the descriptor is renamed
 * and CPL_UNIT_TESTING dropped so that nothing here clashes with the
 * copy in copylint_obj, however that was built.
 */
#undef CPL_UNIT_TESTING
#define cpl_check_garble cpl_check_garble_under_test
/* NOLINTNEXTLINE(bugprone-suspicious-include): reaches the static helpers */
#include "checks/garble.c"
#undef cpl_check_garble

static copylint_ctx *ctx;

static int setup(void **state)
{
    (void)state;
    ctx = copylint_ctx_new();
    copylint_ctx_set_data_dir(ctx, COPYLINT_SOURCE_DATADIR);
    copylint_ctx_set_rule(ctx, "", COPYLINT_SEVERITY_OFF);
    copylint_ctx_enable_rule(ctx, "garble");
    return copylint_ctx_prepare(ctx) == COPYLINT_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    copylint_ctx_free(ctx);
    return 0;
}

static copylint_doc *lint(const char *s)
{
    copylint_doc *doc = NULL;
    assert_int_equal(copylint_doc_from_bytes(ctx, "t.txt", s, strlen(s), &doc),
                     COPYLINT_OK);
    copylint_doc_lint(ctx, doc);
    return doc;
}

/*
 * Asserts that `text` gives exactly one finding, of `rule`, over `span`;
 * returns the document for more checks (free it).
 */
static copylint_doc *expect_one(const char *text, const char *rule,
                                const char *span)
{
    copylint_doc *doc = lint(text);
    size_t n = copylint_doc_diag_count(doc);
    for (size_t i = 0; n != 1 && i < n; i++)
        print_message("finding: %s\n",
                      copylint_diag_message(copylint_doc_diag(doc, i)));
    assert_int_equal(n, 1);
    const copylint_diag *d = copylint_doc_diag(doc, 0);
    assert_string_equal(copylint_diag_rule(d), rule);
    size_t off = copylint_diag_offset(d), len = copylint_diag_length(d);
    assert_int_equal(len, strlen(span));
    assert_memory_equal(text + off, span, len);
    return doc;
}

static void expect_none(const char *text)
{
    copylint_doc *doc = lint(text);
    size_t n = copylint_doc_diag_count(doc);
    for (size_t i = 0; i < n; i++)
        print_message("unexpected: %s [%s]\n",
                      copylint_diag_message(copylint_doc_diag(doc, i)),
                      copylint_diag_rule(copylint_doc_diag(doc, i)));
    assert_int_equal(n, 0);
    copylint_doc_free(doc);
}

#define S(lit) lit, sizeof(lit) - 1

/* ---- helpers ---- */

static void test_garble_month_index(void **state)
{
    (void)state;
    assert_int_equal(month_index(S("May")), 5);
    assert_int_equal(month_index(S("JANUARY")), 1);
    assert_int_equal(month_index(S("Sept")), 9);
    assert_int_equal(month_index(S("Dec")), 12);
    assert_int_equal(month_index(S("Ma")), 0);
    assert_int_equal(month_index(S("Mayor")), 0);
    assert_int_equal(month_index(S("Junes")), 0);
}

static void test_garble_looks_adjectival(void **state)
{
    (void)state;
    assert_true(looks_adjectival(S("Iranian")));
    assert_true(looks_adjectival(S("Chinese")));
    assert_true(looks_adjectival(S("British")));
    assert_true(looks_adjectival(S("Islamic")));
    assert_false(looks_adjectival(S("Trump")));
    assert_false(looks_adjectival(S("Britt")));
    assert_false(looks_adjectival(S("Ian"))); /* the ending alone */
}

static void test_garble_resembles(void **state)
{
    (void)state;
    assert_true(resembles(S("May"), "Maj"));
    assert_true(resembles(S("maj"), "Maj"));
    assert_true(resembles(S("Brit"), "Brig"));
    assert_false(resembles(S("Jay"), "Maj"));  /* first letter differs */
    assert_false(resembles(S("Mat"), "Msgr")); /* length differs */
    assert_false(resembles(S("Lo"), "Lt"));    /* two letters: exact only */
    assert_true(resembles(S("LT"), "Lt"));
    assert_false(resembles(S("Mxy"), "Maj")); /* two letters differ */
}

static void test_garble_within_one_edit(void **state)
{
    (void)state;
    assert_true(within_one_edit(S("Jen"), "Gen"));
    assert_true(within_one_edit(S("Genn"), "Gen"));
    assert_true(within_one_edit(S("Ge"), "Gen"));
    assert_true(within_one_edit(S("gen"), "Gen"));
    assert_false(within_one_edit(S("find"), "Gen"));
    assert_false(within_one_edit(S("eGn"), "Gen"));
    assert_false(within_one_edit(S("General"), "Gen"));
}

static void test_garble_title_guess(void **state)
{
    (void)state;
    struct title t[3];
    memset(t, 0, sizeof(t));
    strcpy(t[0].first, "Lt");
    strcpy(t[0].second, "Col");
    t[0].first_abbrev = t[0].second_abbrev = true;
    t[0].full = "Lt.-Col.";
    strcpy(t[1].first, "Lt");
    strcpy(t[1].second, "Gen");
    t[1].first_abbrev = t[1].second_abbrev = true;
    t[1].full = "Lt.-Gen.";
    strcpy(t[2].first, "Maj");
    strcpy(t[2].second, "Gen");
    t[2].first_abbrev = t[2].second_abbrev = true;
    t[2].full = "Maj.-Gen.";
    const char *fix = "unset";

    assert_true(title_guess(t, 3, S("May"), S("find"), &fix));
    assert_string_equal(fix, "Maj.-Gen.");
    /* Two titles start with Lt; the second part chooses. */
    assert_true(title_guess(t, 3, S("Lt"), S("Jen"), &fix));
    assert_string_equal(fix, "Lt.-Gen.");
    assert_true(title_guess(t, 3, S("Lt"), S("xyz"), &fix));
    assert_null(fix);
    /* Written without periods: a title, not damage. */
    assert_false(title_guess(t, 3, S("Maj"), S("Gen"), &fix));
    assert_false(title_guess(t, 3, S("Lt"), S("General"), &fix));
    /* A capitalised second part makes a compound or a name. */
    assert_false(title_guess(t, 3, S("May"), S("Britt"), &fix));
    assert_false(title_guess(t, 3, S("Lt"), S("Smith"), &fix));
    /* Nothing like a title. */
    assert_false(title_guess(t, 3, S("Coca"), S("cola"), &fix));
    assert_false(title_guess(t, 3, S("may"), S("find"), &fix));
}

static void test_garble_chunk_labels(void **state)
{
    (void)state;
    assert_true(chunk_is_label_or_address(S("a."), false));
    assert_true(chunk_is_label_or_address(S("(iv."), false));
    assert_true(chunk_is_label_or_address(S("2."), true));
    assert_false(chunk_is_label_or_address(S("2003."), false));
    assert_true(chunk_is_label_or_address(S("bbc.co.uk."), false));
    assert_true(chunk_is_label_or_address(S("news@example."), false));
    assert_false(chunk_is_label_or_address(S("dialogue."), false));
    assert_false(chunk_is_label_or_address(S("1.1."), false));
}

/* ---- rules, end to end ---- */

static void test_garble_seed_month(void **state)
{
    (void)state;
    copylint_doc *doc = expect_one(
        "The mission was suspended following the May-Iranian "
        "assassination. Qassem Soleimani died.",
        "garble.month-compound", "May-Iranian");
    copylint_doc_free(doc);
}

static void test_garble_month_title_abbrev(void **state)
{
    (void)state;
    copylint_doc *doc = expect_one("They met Jan-Gen. Robert Dubois there.",
                                   "garble.month-compound", "Jan-Gen");
    copylint_doc_free(doc);
}

static void test_garble_month_silent(void **state)
{
    (void)state;
    expect_none("Prices fell in mid-May, in the May-June period and in "
                "late-January, then in June-July and Oct-Sept.");
    expect_none("Jan-Michael Gambill met May-Britt Moser and Lee Jun-Ho.");
    expect_none("The May-Trump talks ended in the October-to-December "
                "quarter, before the April-5-6 summit.");
    expect_none("June-dated bonds rose. Trump flew to Mar-a-Lago.");
    expect_none("MAY-IRANIAN TALKS END");
}

static void test_garble_seed_title_with_fix(void **state)
{
    (void)state;
    const char *text = "Canada has led it since 2018, with May-find. Jennie "
                       "Carignan has recently taken the lead.";
    copylint_doc *doc = expect_one(text, "garble.title", "May-find.");
    const copylint_diag *d = copylint_doc_diag(doc, 0);
    assert_int_equal(copylint_diag_fix_count(d), 1);
    assert_string_equal(copylint_diag_fix_text(d, 0), "Maj.-Gen.");
    assert_false(copylint_diag_fix_safe(d, 0));
    assert_int_equal(copylint_diag_fix_offset(d, 0),
                     copylint_diag_offset(d));
    copylint_doc_free(doc);
}

/* The title split across two tokens ("May." and "find", no hyphen in
 * either): run() passes over tokens with neither a hyphen nor a period
 * right after them, and must still reach this one. */
static void test_garble_title_across_two_tokens(void **state)
{
    (void)state;
    copylint_doc *doc = expect_one("Canada has led it since 2018, with "
                                   "May.-find. Jennie Carignan has.",
                                   "garble.title", "May.-find.");
    const copylint_diag *d = copylint_doc_diag(doc, 0);
    assert_string_equal(copylint_diag_fix_text(d, 0), "Maj.-Gen.");
    copylint_doc_free(doc);
    doc = expect_one("It ended with Lt.-Gem. Jennie Carignan there.",
                     "garble.title", "Lt.-Gem.");
    copylint_doc_free(doc);
}

/* run() lists a paragraph's candidate tokens 64 at a time: a garble is
 * found as the 1st, 63rd, 64th, 65th, 128th and 129th word of a long
 * paragraph, and the sentence-break check still sees the next word when
 * it falls in the next batch. */
static void test_garble_found_at_every_batch_edge(void **state)
{
    (void)state;
    static const size_t at[] = {0, 62, 63, 64, 127, 128, 200};
    for (size_t k = 0; k < sizeof(at) / sizeof(*at); k++) {
        char text[4096];
        size_t n = 0;
        for (size_t w = 0; w < at[k]; w++)
            n += (size_t)snprintf(text + n, sizeof(text) - n, "word ");
        n += (size_t)snprintf(text + n, sizeof(text) - n,
                              "May-Iranian talks ended, ");
        for (size_t w = 0; w < 70; w++)
            n += (size_t)snprintf(text + n, sizeof(text) - n, "more ");
        snprintf(text + n, sizeof(text) - n, "end.");
        copylint_doc *doc =
            expect_one(text, "garble.month-compound", "May-Iranian");
        copylint_doc_free(doc);
    }
    for (size_t k = 0; k < sizeof(at) / sizeof(*at); k++) {
        char text[4096];
        size_t n = 0;
        for (size_t w = 0; w < at[k]; w++)
            n += (size_t)snprintf(text + n, sizeof(text) - n, "word ");
        snprintf(text + n, sizeof(text) - n,
                 "close dialogue. with the government.");
        copylint_doc *doc =
            expect_one(text, "garble.sentence-break", "dialogue. with");
        copylint_doc_free(doc);
    }
}

static void test_garble_title_needs_a_name(void **state)
{
    (void)state;
    /* "The" is not a first name; one capital word is not a full name. */
    expect_none("He was with May-find. The army said so.");
    expect_none("He was with May-find. Carignan said so.");
    expect_none("Maj.-Gen. Jennie Carignan and Maj-Gen. Dany Fortin spoke.");
    expect_none("He won a Brit-Awards. Robbie Williams said so.");
}

static void test_garble_sentence_break(void **state)
{
    (void)state;
    const char *text = "We will have close dialogue. with the Iraqi "
                       "government.";
    copylint_doc *doc =
        expect_one(text, "garble.sentence-break", "dialogue. with");
    const copylint_diag *d = copylint_doc_diag(doc, 0);
    assert_int_equal(copylint_diag_fix_count(d), 1);
    assert_int_equal(copylint_diag_fix_length(d, 0), 1);
    assert_int_equal(text[copylint_diag_fix_offset(d, 0)], '.');
    assert_string_equal(copylint_diag_fix_text(d, 0), "");
    copylint_doc_free(doc);

    /* A blank line elsewhere makes the line break inside a paragraph. */
    doc = expect_one("Head\n\nSmith said.\nthat the plan would work.",
                     "garble.sentence-break", "said.\nthat");
    copylint_doc_free(doc);
}

static void test_garble_sentence_break_silent(void **state)
{
    (void)state;
    expect_none("The U.S. and Canada met at 3 p.m. on Tuesday.");
    expect_none("Exporters, e.g. with contracts, agreed. Sales at Acme Co. "
                "and Smith Inc. rose.");
    expect_none("Rep. Bill Emerson, R-Mo. and others voted.");
    expect_none("It rose 3.5 pct. The plan... with luck, works.");
    expect_none("See example.com. for details.");
    expect_none("They left. iPhone sales rose. the rest stayed.");
    expect_none("The list:\na. with care\nb. for now");
    expect_none("He said.\n\nwith that, the meeting ended.");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_garble_month_index),
        cmocka_unit_test(test_garble_looks_adjectival),
        cmocka_unit_test(test_garble_resembles),
        cmocka_unit_test(test_garble_within_one_edit),
        cmocka_unit_test(test_garble_title_guess),
        cmocka_unit_test(test_garble_chunk_labels),
        cmocka_unit_test(test_garble_seed_month),
        cmocka_unit_test(test_garble_month_title_abbrev),
        cmocka_unit_test(test_garble_month_silent),
        cmocka_unit_test(test_garble_seed_title_with_fix),
        cmocka_unit_test(test_garble_title_across_two_tokens),
        cmocka_unit_test(test_garble_found_at_every_batch_edge),
        cmocka_unit_test(test_garble_title_needs_a_name),
        cmocka_unit_test(test_garble_sentence_break),
        cmocka_unit_test(test_garble_sentence_break_silent),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
