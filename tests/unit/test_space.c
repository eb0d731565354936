/*
 * test_space.c: the space family (src/checks/space.c). Its helpers are
 * static; this file compiles space.c itself with CPL_UNIT_TESTING, which
 * makes every CPL_TESTABLE function visible here, and renames the
 * descriptor so that it does not clash with the copy in copylint_obj. The
 * rules are tested end to end through the public API, with the real
 * abbreviation list (dicts/abbreviations.txt).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "random_text.h"

#define cpl_check_space cpl_check_space_under_test
/* NOLINTNEXTLINE(bugprone-suspicious-include): reaches the static helpers */
#include "checks/space.c"
#undef cpl_check_space

static copylint_ctx *ctx;

static int setup(void **state)
{
    (void)state;
    ctx = copylint_ctx_new();
    copylint_ctx_set_data_dir(ctx, COPYLINT_SOURCE_DATADIR);
    copylint_ctx_set_rule(ctx, "", COPYLINT_SEVERITY_OFF);
    copylint_ctx_enable_rule(ctx, "space");
    return copylint_ctx_prepare(ctx) == COPYLINT_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    copylint_ctx_free(ctx);
    return 0;
}

static copylint_doc *lint_n(const char *s, size_t len)
{
    copylint_doc *doc = NULL;
    assert_int_equal(copylint_doc_from_bytes(ctx, "t.txt", s, len, &doc),
                     COPYLINT_OK);
    copylint_doc_lint(ctx, doc);
    return doc;
}

static copylint_doc *lint(const char *s)
{
    return lint_n(s, strlen(s));
}

static size_t count_rule(const copylint_doc *doc, const char *rule)
{
    size_t n = 0;
    for (size_t i = 0; i < copylint_doc_diag_count(doc); i++)
        if (strcmp(copylint_diag_rule(copylint_doc_diag(doc, i)), rule) == 0)
            n++;
    return n;
}

/* Asserts exactly one finding, of `rule`, at byte `off` spanning `len`;
 * returns the document for more checks (free it). */
static copylint_doc *expect_one(const char *text, const char *rule,
                                size_t off, size_t len)
{
    copylint_doc *doc = lint(text);
    size_t n = copylint_doc_diag_count(doc);
    for (size_t i = 0; n != 1 && i < n; i++)
        print_message("finding: %s [%s]\n",
                      copylint_diag_message(copylint_doc_diag(doc, i)),
                      copylint_diag_rule(copylint_doc_diag(doc, i)));
    assert_int_equal(n, 1);
    const copylint_diag *d = copylint_doc_diag(doc, 0);
    assert_string_equal(copylint_diag_rule(d), rule);
    assert_int_equal(copylint_diag_offset(d), off);
    assert_int_equal(copylint_diag_length(d), len);
    return doc;
}

static void expect_none(const char *text)
{
    copylint_doc *doc = lint(text);
    size_t n = copylint_doc_diag_count(doc);
    for (size_t i = 0; i < n; i++)
        print_message("unexpected in '%s': %s [%s]\n", text,
                      copylint_diag_message(copylint_doc_diag(doc, i)),
                      copylint_diag_rule(copylint_doc_diag(doc, i)));
    assert_int_equal(n, 0);
    copylint_doc_free(doc);
}

/* The fix of the only finding: replaces [off, off+len) with text. */
static void expect_fix(copylint_doc *doc, size_t off, size_t len,
                       const char *text, bool safe)
{
    const copylint_diag *d = copylint_doc_diag(doc, 0);
    assert_int_equal(copylint_diag_fix_count(d), 1);
    assert_int_equal(copylint_diag_fix_offset(d, 0), off);
    assert_int_equal(copylint_diag_fix_length(d, 0), len);
    assert_string_equal(copylint_diag_fix_text(d, 0), text);
    assert_int_equal(copylint_diag_fix_safe(d, 0), safe);
}

/* before_punct_is_error() on a line: the space run ends just before the
 * first punctuation mark after `at`. */
static bool bp(const char *line, const char *at)
{
    const char *r = strstr(line, at);
    assert_non_null(r);
    uint32_t ra = (uint32_t)(r - line);
    uint32_t rb = ra;
    while (line[rb] == ' ' || (unsigned char)line[rb] == 0xC2 ||
           (unsigned char)line[rb] == 0xA0)
        rb++;
    return before_punct_is_error(line, ra, rb, 0, (uint32_t)strlen(line));
}

/* ---- helpers ---- */

static void test_space_is_hspace(void **state)
{
    (void)state;
    assert_true(is_hspace(' '));
    assert_true(is_hspace('\t'));
    assert_true(is_hspace(0xA0));
    assert_true(is_hspace(0x2009));
    assert_true(is_hspace(0x3000));
    assert_false(is_hspace('\n'));
    assert_false(is_hspace('\r'));
    assert_false(is_hspace('\f'));
    assert_false(is_hspace(0x85));
    assert_false(is_hspace(0x2028));
    assert_false(is_hspace(0x200B)); /* not a space: encoding.control */
    assert_false(is_hspace('a'));
}

static void test_space_before_punct_cases(void **state)
{
    (void)state;
    assert_true(bp("said , he", " ,"));
    assert_true(bp("said .", " ."));
    assert_true(bp("why ?", " ?"));
    assert_true(bp("clear ; bonds", " ;"));
    assert_true(bp("told journalists :\"The", " :"));
    assert_false(bp("the .NET tools", " ."));
    assert_false(bp("a .45 calibre", " ."));
    assert_false(bp("waiting ... he said", " ."));
    assert_false(bp("waiting . . . he", " ."));
    assert_false(bp("Finally :-) yes", " :"));
    assert_false(bp("Finally :D yes", " :"));
    assert_false(bp("at 10 :30", " :"));
    assert_false(bp("Tr\xC3\xA8s bien\xC2\xA0!", "\xC2\xA0"));
    assert_false(bp("the ( , ) keys", " ,"));
    assert_false(bp("list: ? one", " ?"));
}

/* ---- rules, end to end ---- */

static void test_space_trailing_and_leading(void **state)
{
    (void)state;
    copylint_doc *doc = expect_one("Line one. \nTwo.\n", "space.trailing",
                                   9, 1);
    expect_fix(doc, 9, 1, "", true);
    copylint_doc_free(doc);
    /* CRLF and lone CR: the CR is a line end, not trailing space. */
    expect_none("One.\r\nTwo.\r\n");
    expect_none("One.\rTwo.\r");
    doc = expect_one("One.\t\r\nTwo.\r\n", "space.trailing", 4, 1);
    copylint_doc_free(doc);
    doc = expect_one("One.\xC2\xA0\rTwo.", "space.trailing", 4, 2);
    copylint_doc_free(doc);
    /* A line of only spaces: one finding. */
    doc = expect_one("One.\n   \nTwo.", "space.trailing", 5, 3);
    copylint_doc_free(doc);
    doc = expect_one("One.\n\t Two.", "space.leading", 5, 2);
    expect_fix(doc, 5, 2, "", true);
    copylint_doc_free(doc);
    /* The BOM is not leading whitespace; a table row's indent is fine. */
    expect_none("\xEF\xBB\xBFOne.\n");
    expect_none("Ships:\n      Due  Loading  Waiting\nWheat 12 4 3\n");
}

static void test_space_double(void **state)
{
    (void)state;
    copylint_doc *doc =
        expect_one("The company said  it was fine.", "space.double", 16, 2);
    expect_fix(doc, 16, 2, " ", true);
    copylint_doc_free(doc);
    /* Two spaces after one sentence end, one after the others. */
    doc = expect_one("It rose.  It fell. It held. It won.", "space.double",
                     8, 2);
    assert_non_null(strstr(copylint_diag_message(copylint_doc_diag(doc, 0)),
                           "end of a sentence"));
    copylint_doc_free(doc);
    /* Typewriter style throughout: silent. */
    expect_none("It rose.  It fell.  It held. It won.");
    /* Alignment: three spaces, a tab, or two gaps on a short line. */
    expect_none("Due:   27\n");
    expect_none("Corn  1.35\t1.92\n");
    expect_none("North End:  13 hrs  15 hrs\n");
    expect_none("U.S. officials met. Mr. Smith spoke.");
}

static void test_space_before_punct(void **state)
{
    (void)state;
    copylint_doc *doc =
        expect_one("NEW YORK , March 3 - Stocks rose.", "space.before-punct",
                   8, 1);
    expect_fix(doc, 8, 1, "", true);
    copylint_doc_free(doc);
    /* Spaces before the mark are one finding, not also a double space. */
    doc = expect_one("The bank said  .", "space.before-punct", 13, 2);
    copylint_doc_free(doc);
    expect_none("Its .NET tools, a .45 calibre gun ... police said.");
    expect_none("A reader wrote: \"Finally :-) and about time\".");
}

static void test_space_after_sentence(void **state)
{
    (void)state;
    const char *t = "The bank held its rate.The decision was expected.";
    copylint_doc *doc = expect_one(t, "space.after-sentence", 22, 1);
    expect_fix(doc, 23, 0, " ", true);
    copylint_doc_free(doc);
    /* A straight quote could open or close: the fix is not safe. */
    doc = expect_one("He said \"yes.\"The rest left.", "space.after-sentence",
                     12, 2);
    expect_fix(doc, 14, 0, " ", false);
    copylint_doc_free(doc);
    /* A curly quote closes: safe; `?` and `)` end sentences too. */
    doc = expect_one("What next?Nobody knew.", "space.after-sentence", 9, 1);
    copylint_doc_free(doc);
    doc = expect_one("It sold the iPhone.Markets fell.",
                     "space.after-sentence", 18, 1);
    copylint_doc_free(doc);
    doc = expect_one("It was paid June 1, 1987.Net includes gains.",
                     "space.after-sentence", 24, 1);
    copylint_doc_free(doc);
    doc = expect_one("He left (as in 2024).Markets fell.",
                     "space.after-sentence", 20, 1);
    copylint_doc_free(doc);
    doc = expect_one("It was \xE2\x80\x9Cresilient.\xE2\x80\x9D"
                     "Analysts agreed.",
                     "space.after-sentence", 19, 4);
    expect_fix(doc, 23, 0, " ", true);
    copylint_doc_free(doc);
}

static void test_space_after_sentence_silent(void **state)
{
    (void)state;
    expect_none("A Ph.D. economist from the U.S.A. read J.R.R. Tolkien.");
    expect_none("It opens at 5.30 p.m. on the research.gc.ca site.");
    expect_none("Its ASP.NET portal, version 2.0, is new.");
    expect_none("Mail info@research.gc.ca or see www.Example.com today.");
    expect_none("See the Halo.Bungie.Org pages.");
    expect_none("Exporters, e.g.Canada, agreed.");
    expect_none("The move to St.Louis was made.");
    expect_none("Shares of <smbs.St> rose.");
    expect_none("Use System.Console.WriteLine or README.TXT now.");
    expect_none("Its eBay.Com rival and Amazon.Com Inc rose.");
    expect_none("The end...Then more.");
}

/* A document of many bad lines: listed findings stop at MAX_LISTED per
 * rule and one summary counts the rest; a long line stays bounded. */
static void test_space_findings_are_capped(void **state)
{
    (void)state;
    size_t reps = 2500;
    const char unit[] = "word \n";
    size_t ul = sizeof(unit) - 1;
    char *s = malloc(reps * ul + 1);
    for (size_t i = 0; i < reps; i++)
        memcpy(s + i * ul, unit, ul);
    copylint_doc *doc = lint_n(s, reps * ul);
    assert_int_equal(count_rule(doc, "space.trailing"), MAX_LISTED + 1);
    copylint_doc_free(doc);
    free(s);

    const char unit2[] = "a , b.C ";
    ul = sizeof(unit2) - 1;
    s = malloc(reps * ul + 1);
    for (size_t i = 0; i < reps; i++)
        memcpy(s + i * ul, unit2, ul);
    doc = lint_n(s, reps * ul);
    assert_int_equal(count_rule(doc, "space.before-punct"), MAX_LISTED + 1);
    assert_true(count_rule(doc, "space.after-sentence") <= MAX_LISTED + 1);
    copylint_doc_free(doc);
    free(s);
}


/* ---- the bulk skip ---- */

/* prev_cp() (ASCII inline) answers as cpl_utf8_prev() at every position
 * of text mixing ASCII, multi-byte characters and broken sequences. */
static void test_space_prev_cp_same_as_utf8_prev(void **state)
{
    (void)state;
    static const char *const bits[] = {
        "a", " ", ".", "\t", "\xc3\xa9", "\xc2\xa0", "\xe2\x80\x9d",
        "\xf0\x9f\x98\x80", "\x80", "\xc3", "\xe2\x80", "Z", "\x7f"};
    char buf[256];
    unsigned seed = 777;
    size_t ascii = 0;
    for (int n = 0; n < 5000; n++) {
        size_t len = random_text(buf, 60, bits, sizeof(bits) / sizeof(*bits),
                                 &seed);
        for (size_t i = 1; i <= len; i++) {
            size_t s1 = 99, s2 = 98;
            assert_int_equal(prev_cp(buf, i, &s1), cpl_utf8_prev(buf, i, &s2));
            assert_int_equal(s1, s2);
            ascii += (unsigned char)buf[i - 1] < 0x80;
        }
    }
    assert_true(ascii > 10000);
}

/* quiet_end() (sixteen bytes at a time) stops where the byte-by-byte
 * reference stops, with the same last space, on text made of the bytes
 * that decide: marks, spaces, tabs, punctuation, multi-byte characters. */
static void test_space_quiet_end_same_as_bytewise(void **state)
{
    (void)state;
    static const char *const bits[] = {
        "a", "word", " ", " ", " ", "  ", ".", "!", "?", "\t", ",", ";",
        ":", "\xc3\xa9", "\xc2\xa0", "Z", "3", "'", "\"", "-", "x y z "};
    char buf[256];
    unsigned seed = 12345;
    for (int n = 0; n < 20000; n++) {
        size_t len = random_text(buf, 120, bits, sizeof(bits) / sizeof(*bits),
                                 &seed);
        unsigned r = random_next(&seed);
        uint32_t from = r % 8, end = (uint32_t)len - (r >> 4) % 8;
        for (uint32_t i = from; i < end;) {
            uint32_t s1 = 7, s2 = 7;
            uint32_t a = quiet_end(buf, i, end, &s1);
            uint32_t b = quiet_end_bytewise(buf, i, end, &s2);
            assert_int_equal(a, b);
            assert_int_equal(s1, s2);
            i = a + 1;
        }
    }
}

/* Everything the space family reports on doc, one line per finding. */
static char *space_findings(const char *text, size_t len, bool bulk)
{
    copylint_doc *doc = NULL;
    assert_int_equal(copylint_doc_from_bytes(ctx, "t.txt", text, len, &doc),
                     COPYLINT_OK);
    cpl_doc_segment(doc);
    skip_in_bulk = bulk;
    cpl_check_space_under_test.run(ctx, NULL, doc);
    skip_in_bulk = true;
    size_t cap = 4096, used = 0;
    char *out = cpl_xmalloc(cap);
    out[0] = '\0';
    for (size_t i = 0; i < copylint_doc_diag_count(doc); i++) {
        const copylint_diag *d = copylint_doc_diag(doc, i);
        char line[512];
        int n = snprintf(line, sizeof(line), "%s %zu %zu %s", copylint_diag_rule(d),
                         copylint_diag_offset(d), copylint_diag_length(d),
                         copylint_diag_message(d));
        for (size_t f = 0; f < copylint_diag_fix_count(d); f++)
            n += snprintf(line + n, sizeof(line) - (size_t)n, " [%zu %zu '%s']",
                          copylint_diag_fix_offset(d, f),
                          copylint_diag_fix_length(d, f),
                          copylint_diag_fix_text(d, f));
        if (used + (size_t)n + 2 > cap) {
            cap = 2 * (used + (size_t)n + 2);
            out = cpl_xrealloc(out, cap);
        }
        memcpy(out + used, line, (size_t)n);
        used += (size_t)n;
        out[used++] = '\n';
        out[used] = '\0';
    }
    copylint_doc_free(doc);
    return out;
}

/* The whole family finds the same with the bulk skip as with the
 * byte-by-byte reference, on varied text: words with accents and inner
 * periods, sentence ends glued to capitals, quotes, doubled and Unicode
 * spaces, tabs, punctuation after spaces. */
static void test_space_bulk_skip_same_findings(void **state)
{
    (void)state;
    static const char *const bits[] = {
        "a", "word", "caf\xc3\xa9", "\xc3\x89t\xc3\xa9", " ", " ", " ",
        " ", "  ", "   ", ".", ". ", "!", "?", "!?", ",", ";", ":", "\t",
        "The", "Then", "U.S.", "e.g.", "3.5", "Mr.", "\"", "'", ")",
        "(", "\xe2\x80\x9c", "\xe2\x80\x9d", "\xe2\x80\x99", "\xc2\xa0",
        "\xe2\x80\x89", "\n", "\n\n", "\r\n", "-", "\xe2\x80\x94", "...",
        ":-)", "www.example.com", "a.b", "end.The", "x\xc2\xa0:"};
    unsigned seed = 777;
    char buf[2048];
    for (int n = 0; n < 3000; n++) {
        size_t want = 40 + random_next(&seed) % 1500;
        size_t len = random_text(buf, want, bits, sizeof(bits) / sizeof(*bits),
                                 &seed);
        char *slow = space_findings(buf, len, false);
        char *fast = space_findings(buf, len, true);
        assert_string_equal(fast, slow);
        free(slow);
        free(fast);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_space_is_hspace),
        cmocka_unit_test(test_space_before_punct_cases),
        cmocka_unit_test(test_space_trailing_and_leading),
        cmocka_unit_test(test_space_double),
        cmocka_unit_test(test_space_before_punct),
        cmocka_unit_test(test_space_after_sentence),
        cmocka_unit_test(test_space_after_sentence_silent),
        cmocka_unit_test(test_space_findings_are_capped),
        cmocka_unit_test(test_space_prev_cp_same_as_utf8_prev),
        cmocka_unit_test(test_space_quiet_end_same_as_bytewise),
        cmocka_unit_test(test_space_bulk_skip_same_findings),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
