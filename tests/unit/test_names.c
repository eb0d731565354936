/*
 * test_names.c: names.inconsistent, names.given-name, names.diacritics and
 * the run-level names.cross-file pass.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "lint_helper.h"

static void expect(const char *text, const char *want)
{
    copylint_ctx *ctx = test_ctx("en_US");
    assert_int_equal(copylint_ctx_prepare(ctx), COPYLINT_OK);
    copylint_doc *doc = lint(ctx, text);
    assert_non_null(doc);
    char got[2048];
    render(doc, "names", got, sizeof(got));
    assert_string_equal(got, want);
    copylint_doc_free(doc);
    copylint_ctx_free(ctx);
}

static void test_names_doubled_letter_minority(void **state)
{
    (void)state;
    expect("President Volodymyr Zelenskyy said it. Zelenskyy went out. "
           "Then Zelensky said it.\n",
           "names.inconsistent:Zelensky->Zelenskyy;");
}

/* A lower-case Arabic particle before the name ("al-Baghdadi"): collect()
 * passes over lower-case words without a hyphen on their flags alone, and
 * these must still reach particle_name(). */
static void test_names_particle_name(void **state)
{
    (void)state;
    expect("Abu Bakr al-Baghdadi said it on Monday. The leader al-Baghdadi "
           "went out. Then, al-Bagdadi said it.\n",
           "names.inconsistent:al-Bagdadi->al-Baghdadi;");
}

static void test_names_transliteration(void **state)
{
    (void)state;
    expect("Senator Chuck Schumer said it. Then Shumer went out.\n",
           "names.inconsistent:Shumer->Schumer;");
    expect("They went to Zaporizhzhia. The fire in Zaporizhia was out.\n",
           "names.inconsistent:Zaporizhia->Zaporizhzhia;");
}

static void test_names_diacritics_folded(void **state)
{
    (void)state;
    expect("Secretary António Guterres said it. Then Antonio Guterres "
           "went out. António was there.\n",
           "names.diacritics:Antonio->António;"
           "names.inconsistent:Antonio->António;");
}

static void test_names_tie_goes_to_first_full_reference(void **state)
{
    (void)state;
    expect("Then Qorvatth said it. Officials said Xan Qorvath was out.\n",
           "names.inconsistent:Qorvatth->Qorvath;");
}

static void test_names_one_edit_long_name(void **state)
{
    (void)state;
    expect("General Qassem Soleimani was there. Soleimani said it. "
           "Then Suleimani was out.\n",
           "names.inconsistent:Suleimani->Soleimani;");
}

static void test_names_look_alikes_stay_apart(void **state)
{
    (void)state;
    /* Short names one letter apart; a final letter (Andrew/Andrews). */
    expect("Then Kim said it and Kin went out.\n", "");
    expect("Then Bob Qandrew said it and Qandrews went out.\n", "");
    /* Two spellings the dictionary both knows: Pearl, Kim. */
    expect("Then Pearl said it. Kim went out.\n", "");
}

static void test_names_given_name(void **state)
{
    (void)state;
    expect("Secretary Jens Stoltenberg said it. Then Jens Stoltenberg "
           "went out. Jan Stoltenberg was there.\n",
           "names.given-name:Jan->Jens;");
    /* Relatives: different initials. */
    expect("Bill Qlinton said it. Then Hillary Qlinton went out.\n", "");
}

static void test_names_diacritics(void **state)
{
    (void)state;
    expect("Minister Francois-Philippe Champagne said it.\n",
           "names.diacritics:Francois-Philippe->François-Philippe;");
    expect("Minister François-Philippe Champagne said it.\n", "");
}

static void test_names_cross_file(void **state)
{
    (void)state;
    copylint_ctx *ctx = test_ctx("en_US");
    assert_int_equal(copylint_ctx_prepare(ctx), COPYLINT_OK);
    copylint_doc *docs[3];
    docs[0] = lint(ctx, "Secretary Xan Qorvatz said it.\n");
    docs[1] = lint(ctx, "Then Xan Qorvatz went out.\n");
    docs[2] = lint(ctx, "Then Xan Qorvattz was there.\n");
    copylint_docs_cross_check(ctx, docs, 3);
    char got[512];
    render(docs[2], "names.cross-file", got, sizeof(got));
    assert_string_equal(got, "names.cross-file:Qorvattz->Qorvatz;");
    render(docs[0], "names.cross-file", got, sizeof(got));
    assert_string_equal(got, "");
    for (int i = 0; i < 3; i++)
        copylint_doc_free(docs[i]);
    copylint_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_doubled_letter_minority),
        cmocka_unit_test(test_names_transliteration),
        cmocka_unit_test(test_names_particle_name),
        cmocka_unit_test(test_names_diacritics_folded),
        cmocka_unit_test(test_names_tie_goes_to_first_full_reference),
        cmocka_unit_test(test_names_one_edit_long_name),
        cmocka_unit_test(test_names_look_alikes_stay_apart),
        cmocka_unit_test(test_names_given_name),
        cmocka_unit_test(test_names_diacritics),
        cmocka_unit_test(test_names_cross_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
