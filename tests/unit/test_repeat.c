/*
 * test_repeat.c: repeat.word (src/checks/repeat.c). Its helpers (marked
 * CPL_TESTABLE) are static, and copylint_obj is built without
 * CPL_UNIT_TESTING, so this file compiles repeat.c itself to reach them;
 * the rule is tested end to end with dicts/repeat-allowed.txt.
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
#define cpl_check_repeat cpl_check_repeat_under_test
/* NOLINTNEXTLINE(bugprone-suspicious-include): reaches the static helpers */
#include "checks/repeat.c"
#undef cpl_check_repeat

static copylint_ctx *ctx;

static int setup(void **state)
{
    (void)state;
    ctx = copylint_ctx_new();
    copylint_ctx_set_data_dir(ctx, COPYLINT_SOURCE_DATADIR);
    copylint_ctx_set_rule(ctx, "", COPYLINT_SEVERITY_OFF);
    copylint_ctx_enable_rule(ctx, "repeat");
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

static size_t count(const char *text)
{
    copylint_doc *doc = lint(text);
    size_t n = copylint_doc_diag_count(doc);
    for (size_t i = 0; i < n; i++)
        print_message("finding: %s\n",
                      copylint_diag_message(copylint_doc_diag(doc, i)));
    copylint_doc_free(doc);
    return n;
}

/* Applies the single finding's fix and compares with `want`. */
static void expect_fixed(const char *text, const char *want)
{
    copylint_doc *doc = lint(text);
    assert_int_equal(copylint_doc_diag_count(doc), 1);
    const copylint_diag *d = copylint_doc_diag(doc, 0);
    assert_string_equal(copylint_diag_rule(d), "repeat.word");
    assert_int_equal(copylint_diag_fix_count(d), 1);
    assert_true(copylint_diag_fix_safe(d, 0));
    size_t off = copylint_diag_fix_offset(d, 0);
    size_t len = copylint_diag_fix_length(d, 0);
    const char *rep = copylint_diag_fix_text(d, 0);
    char out[256];
    snprintf(out, sizeof(out), "%.*s%s%s", (int)off, text, rep,
             text + off + len);
    assert_string_equal(out, want);
    copylint_doc_free(doc);
}

#define S(lit) lit, sizeof(lit) - 1

static void test_repeat_same_word_ci(void **state)
{
    (void)state;
    assert_true(same_word_ci(S("The"), S("the")));
    assert_true(same_word_ci(S("\xC3\x89t\xC3\xA9"), S("\xC3\xA9t\xC3\xA9")));
    assert_false(same_word_ci(S("the"), S("then")));
    assert_false(same_word_ci(S("then"), S("the")));
    assert_false(same_word_ci(S("a"), S("b")));
}

/* The shortcut before same_word_ci(): whenever it says the first bytes
 * differ, same_word_ci() says the words differ, for every pair of first
 * bytes (ASCII and not) and words of one to three bytes; and it does
 * not give up on pairs that do differ there. */
static void test_repeat_first_bytes_differ_agrees(void **state)
{
    (void)state;
    static const char tails[][3] = {"", "a", "A", "\xC3\xA9"};
    unsigned decided = 0;
    for (unsigned x = 1; x < 256; x++)
        for (unsigned y = 1; y < 256; y++)
            for (size_t t = 0; t < sizeof(tails) / sizeof(tails[0]); t++) {
                char a[8] = {(char)x}, b[8] = {(char)y};
                memcpy(a + 1, tails[t], strlen(tails[t]));
                memcpy(b + 1, tails[t], strlen(tails[t]));
                size_t n = 1 + strlen(tails[t]);
                if (first_bytes_differ(a, b)) {
                    assert_false(same_word_ci(a, n, b, n));
                    decided++;
                } else if (x < 0x80 && y < 0x80 && x != y &&
                           !((x | 0x20) == (y | 0x20))) {
                    fail_msg("%u %u not decided", x, y);
                }
            }
    assert_true(decided > 60000);
}

static void test_repeat_gap_is_space(void **state)
{
    (void)state;
    const char *t = "a b\nc  \n d, e\n\nf   g\th";
    assert_true(gap_is_space(t, 1, 2));   /* "a b" */
    assert_true(gap_is_space(t, 3, 4));   /* one line break */
    assert_false(gap_is_space(t, 5, 9));  /* "  \n " has three spaces */
    assert_false(gap_is_space(t, 10, 12)); /* ", " */
    assert_false(gap_is_space(t, 13, 15)); /* blank line */
    assert_false(gap_is_space(t, 16, 19)); /* table columns */
    assert_false(gap_is_space(t, 20, 21)); /* tab */
    assert_false(gap_is_space(t, 2, 2));   /* nothing between */
}

static void test_repeat_is_table_line(void **state)
{
    (void)state;
    const char *a = "Wheat      nil  nil  0.1   0.3";
    assert_true(is_table_line(a, 0, (uint32_t)strlen(a)));
    const char *b = "550/700 700/850 550/up loads loads";
    assert_true(is_table_line(b, 0, (uint32_t)strlen(b)));
    const char *c = "Net 32.6 mln vs vs 24.8 mln";
    assert_false(is_table_line(c, 0, (uint32_t)strlen(c)));
}

static void test_repeat_glued_outside(void **state)
{
    (void)state;
    const char *t = "po/fr.po po/de.po";
    /* "po po" at offsets 6..11 */
    assert_true(glued_outside(t, strlen(t), 6, 11));
    const char *u = "mapfile mapfile.jni";
    assert_true(glued_outside(u, strlen(u), 0, 15));
    const char *v = "the the. Next";
    assert_false(glued_outside(v, strlen(v), 0, 7));
    const char *w = "and...the the";
    assert_false(glued_outside(w, strlen(w), 6, 13));
}

static void test_repeat_fires_and_fixes(void **state)
{
    (void)state;
    expect_fixed("The the bank said so.", "The bank said so.");
    /*
     * Across a line break inside a paragraph (the blank line makes the
     * file's paragraphs blank-line separated).
     */
    expect_fixed("Head\n\nIt said it would\nwould review it.",
                 "Head\n\nIt said it would review it.");
    expect_fixed("Rates rose by by a point.", "Rates rose by a point.");
    expect_fixed("Net 32.6 mln vs vs 24.8 mln", "Net 32.6 mln vs 24.8 mln");
}

static void test_repeat_silent(void **state)
{
    (void)state;
    assert_int_equal(count("He had had enough, and said that that was it."),
                     0);
    assert_int_equal(count("What the problem is is cost."), 0);
    assert_int_equal(count("Duran Duran played Walla Walla. The The too."), 0);
    assert_int_equal(count("He said it, it was fine."), 0);
    assert_int_equal(count("We saw it. It was good."), 0);
    assert_int_equal(count("It rose 10 10 times."), 0);
    assert_int_equal(count("She said \"no no no\" again."), 0);
    assert_int_equal(count("Sales were estimated at at least 5,000."), 0);
    assert_int_equal(count("The new New York office opened."), 0);
    assert_int_equal(count("Wheat      nil  nil  0.1   0.3"), 0);
    assert_int_equal(count("It was done.\n\nDone it was."), 0);
    assert_int_equal(count("Files: po/fr.po po/de.po"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_repeat_same_word_ci),
        cmocka_unit_test(test_repeat_first_bytes_differ_agrees),
        cmocka_unit_test(test_repeat_gap_is_space),
        cmocka_unit_test(test_repeat_is_table_line),
        cmocka_unit_test(test_repeat_glued_outside),
        cmocka_unit_test(test_repeat_fires_and_fixes),
        cmocka_unit_test(test_repeat_silent),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
