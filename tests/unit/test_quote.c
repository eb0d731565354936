/*
 * test_quote.c: the quote family (src/checks/quote.c). Its helpers
 * (marked CPL_TESTABLE) are static, and copylint_obj is built without
 * CPL_UNIT_TESTING, so this file compiles quote.c itself to reach them.
 * The classification helpers are tested on their own; the rules end to
 * end through the public API, including the pathological inputs (10,000
 * marks in one paragraph) whose output must stay bounded.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* Compiled into this file, statics and all; the descriptor is renamed
 * and CPL_UNIT_TESTING dropped so that nothing here clashes with the
 * copy in copylint_obj, however that was built. */
#undef CPL_UNIT_TESTING
#define cpl_check_quote cpl_check_quote_under_test
/* NOLINTNEXTLINE(bugprone-suspicious-include): reaches the static helpers */
#include "checks/quote.c"
#undef cpl_check_quote

static copylint_ctx *ctx;

static int setup(void **state)
{
    (void)state;
    ctx = copylint_ctx_new();
    copylint_ctx_set_data_dir(ctx, COPYLINT_SOURCE_DATADIR);
    copylint_ctx_set_rule(ctx, "", COPYLINT_SEVERITY_OFF);
    copylint_ctx_enable_rule(ctx, "quote");
    return copylint_ctx_prepare(ctx) == COPYLINT_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    copylint_ctx_free(ctx);
    return 0;
}

/* ---- helpers on one mark ---- */

/* The classification of the first mark at or after `at` in `s` (a single
 * paragraph). */
static enum q_use use_of(const char *s, const char *at)
{
    uint32_t end = (uint32_t)strlen(s);
    uint32_t i = (uint32_t)(strstr(s, at) - s);
    struct q_mark m;
    while (!quote_mark_at(s, i, end, &m)) {
        i++;
        assert_true(i < end);
    }
    struct q_ctx c = quote_classify(s, 0, end, &m);
    return c.use;
}

static void test_quote_mark_at_recognises_marks(void **state)
{
    (void)state;
    struct q_mark m;
    const char *s = "\"a\" 'b' “c” ‘d’ ''e'' ``f „g« »";
    uint32_t end = (uint32_t)strlen(s);
    assert_true(quote_mark_at(s, 0, end, &m));
    assert_int_equal(m.kind, Q_DOUBLE);
    assert_int_equal(m.style, Q_STRAIGHT);
    assert_int_equal(m.typed, Q_TYPED_EITHER);
    assert_false(quote_mark_at(s, 1, end, &m));
    assert_true(quote_mark_at(s, 4, end, &m));
    assert_int_equal(m.kind, Q_SINGLE);
    const char *p = strstr(s, "“");
    assert_true(quote_mark_at(s, (uint32_t)(p - s), end, &m));
    assert_int_equal(m.len, 3);
    assert_int_equal(m.typed, Q_TYPED_OPEN);
    assert_int_equal(m.style, Q_CURLY);
    p = strstr(s, "’");
    assert_true(quote_mark_at(s, (uint32_t)(p - s), end, &m));
    assert_int_equal(m.kind, Q_SINGLE);
    assert_int_equal(m.typed, Q_TYPED_CLOSE);
    p = strstr(s, "''");
    assert_true(quote_mark_at(s, (uint32_t)(p - s), end, &m));
    assert_int_equal(m.kind, Q_DOUBLE);
    assert_int_equal(m.style, Q_DOUBLED);
    assert_int_equal(m.len, 2);
    p = strstr(s, "``");
    assert_true(quote_mark_at(s, (uint32_t)(p - s), end, &m));
    assert_int_equal(m.typed, Q_TYPED_OPEN);
    p = strstr(s, "„");
    assert_true(quote_mark_at(s, (uint32_t)(p - s), end, &m));
    assert_int_equal(m.style, Q_OTHER);
    /* a lone backtick and other punctuation are not marks */
    assert_false(quote_mark_at("`x", 0, 2, &m));
    assert_false(quote_mark_at("\xE2\x80\x94", 0, 3, &m)); /* em dash */
}

/* The curly and low quotes inside mojibake are not quotation marks: an
 * em and an en dash read as Windows-1252 ("bankâ€”which", "1â€“2"), and
 * read so twice ("bankÃ¢â‚¬â„¢s"). Real quotes next to accents still are. */
static void test_quote_mark_in_mojibake_is_not_a_mark(void **state)
{
    (void)state;
    struct q_mark m;
    const char *cases[] = {"bank\xC3\xA2\xE2\x82\xAC\xE2\x80\x9Dwhich",
                           "1\xC3\xA2\xE2\x82\xAC\xE2\x80\x9C" "2",
                           "bank\xC3\x83\xC2\xA2\xC3\xA2\xE2\x80\x9A\xC2\xAC"
                           "\xC3\xA2\xE2\x80\x9E\xC2\xA2s"};
    for (size_t k = 0; k < 3; k++) {
        const char *s = cases[k];
        uint32_t end = (uint32_t)strlen(s);
        for (uint32_t i = 0; i < end; i++)
            assert_false(quote_mark_at(s, i, end, &m));
    }
    /* "Là”, he said" and “â” stay quotation marks. */
    const char *s = "L\xC3\xA0\xE2\x80\x9D, \xE2\x80\x9C\xC3\xA2\xE2\x80\x9D.";
    uint32_t end = (uint32_t)strlen(s);
    assert_true(quote_mark_at(s, 3, end, &m));
    assert_true(quote_mark_at(s, 8, end, &m));
    assert_true(quote_mark_at(s, 13, end, &m));
}

static void test_quote_classify_by_neighbours(void **state)
{
    (void)state;
    assert_int_equal(use_of("He said “We go.”", "“"), Q_USE_OPEN);
    assert_int_equal(use_of("He said “We go.”", "”"), Q_USE_CLOSE);
    assert_int_equal(use_of("(\"Yes\")", "\""), Q_USE_OPEN);
    assert_int_equal(use_of("\"...and then\"", "\""), Q_USE_OPEN);
    assert_int_equal(use_of("go\" - he", "\""), Q_USE_CLOSE);
    /* the seed: an opening mark after a space at the paragraph end */
    assert_int_equal(use_of("the Iraqi government. “", "“"), Q_USE_SPACED);
    assert_int_equal(use_of("our allies, ” Joly said", "”"), Q_USE_SPACED);
    assert_int_equal(use_of("he said.\"We go", "\""), Q_USE_INWORD);
}

static void test_quote_classify_apostrophes(void **state)
{
    (void)state;
    assert_int_equal(use_of("Iraq’s demands", "’"), Q_USE_APOS);
    assert_int_equal(use_of("Iraq's demands", "'"), Q_USE_APOS);
    assert_int_equal(use_of("at seven o’clock", "’"), Q_USE_APOS);
    assert_int_equal(use_of("in the ’80s", "’"), Q_USE_APOS);
    assert_int_equal(use_of("in the '80s", "'"), Q_USE_APOS);
    assert_int_equal(use_of("since ’09, fans", "’"), Q_USE_APOS);
    assert_int_equal(use_of("rock ’n’ roll", "’n"), Q_USE_APOS);
    assert_int_equal(use_of("rock ’n’ roll", "’ roll"), Q_USE_APOS);
    assert_int_equal(use_of("rock 'n' roll", "' roll"), Q_USE_APOS);
    assert_int_equal(use_of("Pay 'N Pak Stores", "'"), Q_USE_APOS);
    assert_int_equal(use_of("see ’em all", "’"), Q_USE_APOS);
    assert_int_equal(use_of("wait ’til then", "’"), Q_USE_APOS);
    assert_int_equal(use_of("\" 'Tis the season", "'"), Q_USE_APOS);
    assert_int_equal(use_of("the U.S.'s biggest", "'"), Q_USE_APOS);
    /* plural possessive: an apostrophe or a closing mark, the stack
     * decides */
    assert_int_equal(use_of("the players’ union", "’"), Q_USE_MAYBE_APOS);
    assert_int_equal(use_of("the players' union", "'"), Q_USE_MAYBE_APOS);
    /* a quotation mark after punctuation is never an apostrophe */
    assert_int_equal(use_of("‘No,’ she said", "’"), Q_USE_CLOSE);
    assert_int_equal(use_of("said ‘No", "‘"), Q_USE_OPEN);
    /* Reuters' garbled apostrophes: Britain"s */
    assert_int_equal(use_of("Britain\"s ruling party", "\""), Q_USE_APOS);
    assert_int_equal(use_of("QATAR\"S BANKS", "\""), Q_USE_APOS);
    assert_int_equal(use_of("the company''s plant", "''"), Q_USE_APOS);
}

static void test_quote_is_elision(void **state)
{
    (void)state;
    const char *s;
    s = "em all";
    assert_true(quote_is_elision(s, 0, (uint32_t)strlen(s)));
    s = "Twas the night";
    assert_true(quote_is_elision(s, 0, (uint32_t)strlen(s)));
    s = "90s";
    assert_true(quote_is_elision(s, 0, (uint32_t)strlen(s)));
    s = "n’ roll";
    assert_true(quote_is_elision(s, 0, (uint32_t)strlen(s)));
    s = "n Egg";
    assert_true(quote_is_elision(s, 0, (uint32_t)strlen(s)));
    s = "emergency";
    assert_false(quote_is_elision(s, 0, (uint32_t)strlen(s)));
    s = "Nobody";
    assert_false(quote_is_elision(s, 0, (uint32_t)strlen(s)));
    s = "nothing";
    assert_false(quote_is_elision(s, 0, (uint32_t)strlen(s)));
    s = "1987";
    assert_false(quote_is_elision(s, 0, (uint32_t)strlen(s)));
}

static void test_quote_after_sentence_end(void **state)
{
    (void)state;
    const char *s = "for 26 weeks. \"We are going";
    uint32_t q = (uint32_t)(strrchr(s, '"') - s);
    assert_true(quote_after_sentence_end(s, 0, q));
    s = "he asked?\" \"Why";
    q = (uint32_t)(strrchr(s, '"') - s);
    assert_true(quote_after_sentence_end(s, 0, q));
    s = "and said \"we";
    q = (uint32_t)(strrchr(s, '"') - s);
    assert_false(quote_after_sentence_end(s, 0, q));
    s = "weeks.\"We";
    q = (uint32_t)(strrchr(s, '"') - s);
    assert_false(quote_after_sentence_end(s, 0, q)); /* no space */
    s = "\"We";
    assert_false(quote_after_sentence_end(s, 0, 0));
}

static void test_quote_left_right_skip_marks(void **state)
{
    (void)state;
    bool digit;
    /* `"'No`: the ' sees the start of the paragraph through the " */
    assert_int_equal(quote_left("\"'No", 0, 1, false, &digit), Q_NB_EDGE);
    /* AP spacing `no,' " he`: with skip_space the " sees the comma */
    const char *s = "no,' \" he";
    uint32_t q = (uint32_t)(strchr(s, '"') - s);
    assert_int_equal(quote_left(s, 0, q, false, &digit), Q_NB_SPACE);
    assert_int_equal(quote_left(s, 0, q, true, &digit), Q_NB_PUNCT);
    assert_int_equal(quote_left("12\"", 0, 2, false, &digit), Q_NB_WORD);
    assert_true(digit);
    assert_int_equal(quote_right("\" 'Tis", 1, 6, true), Q_NB_WORD);
    assert_int_equal(quote_right("\" 'Tis", 1, 6, false), Q_NB_SPACE);
    assert_int_equal(quote_right("x\"", 2, 2, false), Q_NB_EDGE);
}

/* ---- the rules, end to end ---- */

static copylint_doc *lint(const char *s)
{
    copylint_doc *doc = NULL;
    assert_int_equal(copylint_doc_from_bytes(ctx, "t.txt", s, strlen(s), &doc),
                     COPYLINT_OK);
    copylint_doc_lint(ctx, doc);
    return doc;
}

static size_t count_rule(const copylint_doc *doc, const char *rule)
{
    size_t n = 0;
    for (size_t i = 0; i < copylint_doc_diag_count(doc); i++)
        if (strcmp(copylint_diag_rule(copylint_doc_diag(doc, i)), rule) == 0)
            n++;
    return n;
}

static void expect_silent(const char *text)
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

/* Exactly one finding, of `rule`, starting at the byte where `at` first
 * occurs after `after` (NULL: from the start). */
static void expect_one(const char *text, const char *rule, const char *after,
                       const char *at)
{
    copylint_doc *doc = lint(text);
    size_t n = copylint_doc_diag_count(doc);
    for (size_t i = 0; n != 1 && i < n; i++)
        print_message("finding: %s [%s]\n",
                      copylint_diag_message(copylint_doc_diag(doc, i)),
                      copylint_diag_rule(copylint_doc_diag(doc, i)));
    assert_int_equal(n, 1);
    const struct copylint_diag *d = copylint_doc_diag(doc, 0);
    assert_string_equal(copylint_diag_rule(d), rule);
    const char *from = after ? strstr(text, after) : text;
    assert_non_null(from);
    const char *p = strstr(from, at);
    assert_non_null(p);
    assert_int_equal(d->off, (uint32_t)(p - text));
    copylint_doc_free(doc);
}

static void test_quote_seed_direction_with_fix(void **state)
{
    (void)state;
    const char *s = "He added: “We will work with the Iraqi government. “\n\n"
                    "The next paragraph.\n";
    copylint_doc *doc = lint(s);
    assert_int_equal(copylint_doc_diag_count(doc), 1);
    const struct copylint_diag *d = copylint_doc_diag(doc, 0);
    assert_string_equal(copylint_diag_rule(d), "quote.direction");
    const char *last = strstr(s, "government. “") + strlen("government. ");
    assert_int_equal(d->off, (uint32_t)(last - s));
    /* one fix, safe, replacing the space and the mark with ” */
    assert_int_equal(d->nfixes, 1);
    assert_true(d->fixes[0].safe);
    assert_int_equal(d->fixes[0].off, (uint32_t)(last - s) - 1);
    assert_int_equal(d->fixes[0].len, 1 + 3);
    assert_string_equal(d->fixes[0].text, "”");
    copylint_doc_free(doc);
}

static void test_quote_wire_continuation_is_silent(void **state)
{
    (void)state;
    expect_silent("\"We had crews in place,\" the chief said. \"Within 20 "
                  "minutes the fire had jumped the highway.\n\n"
                  "\"Nobody was hurt.\"\n");
    expect_silent("“It was a long night,” he said. “We worked until five.\n\n"
                  "“Then we slept.”\n");
    /* BBC: the paragraphs were merged, the quotation re-opened mid-line */
    expect_silent("\"It was fantastic,\" he said. \"They waited 26 weeks. "
                  "\"We are going to need it again.\"\n");
    /* British single quotes, nested doubles */
    expect_silent("‘We all deserve representation’: model speaks\n\n"
                  "“My mother said, ‘Be brave,’ and I was,” she said.\n");
}

static void test_quote_unclosed(void **state)
{
    (void)state;
    expect_one("\"We need more time, the mayor said.\n\nCouncil met again.\n",
               "quote.unclosed", NULL, "\"We");
    expect_one("He called it \"a mistake.\n", "quote.unclosed", NULL,
               "\"a");
    /* a closing mark with nothing open */
    expect_one("It was a fair result,\" an official said.\n",
               "quote.unclosed", NULL, "\"");
    /* the same quotation closed in the next paragraph: one finding */
    expect_one("He said \"this was a deceptive budget.\n\nThe money could "
               "have gone to jobs.\"\n",
               "quote.unclosed", NULL, "\"this");
    /* a double quotation closed with a single mark */
    expect_one("\"It will be approved soon,' Azpurua said.\n",
               "quote.unclosed", NULL, "'");
    expect_one("\"The borrower says to himself, \"Well I can travel first "
               "class,'\" he said.\n",
               "quote.unclosed", NULL, "'");
}

static void test_quote_single_marks_tolerate_apostrophes(void **state)
{
    (void)state;
    expect_silent("“The players’ union is angry,” he said.\n");
    expect_silent("‘The players’ union is angry,’ he said.\n");
    expect_silent("Hijacked computers are known as zombies or 'bots.\n");
    expect_silent("A pipeline to Bir 'Ali is planned.\n");
    expect_silent("“We’ll see ’em all in the ’90s,” she said.\n");
    /* a curly opening single mark never closed is reported */
    expect_one("“I kept thinking ‘I’m not losing this,” she said.\n",
               "quote.unclosed", NULL, "‘");
}

static void test_quote_spacing(void **state)
{
    (void)state;
    expect_one("“The door is open to our allies, ” Joly said.\n",
               "quote.spacing", NULL, "”");
    expect_one("He said: “ We are close.”\n", "quote.spacing", NULL, "“");
    expect_one("\"Round one to the Americans, \" said Reid.\n",
               "quote.spacing", NULL, "\" said");
    /* AP puts a space between a single and a double mark that meet */
    expect_silent("\"They told us, 'Not one more year,' \" he said.\n");
    expect_silent("\" 'Tis the season,\" he said.\n");
    /* French spacing inside guillemets */
    expect_silent("It called the offer « un premier pas » in a statement.\n");
}

static void test_quote_direction(void **state)
{
    (void)state;
    expect_one("Asked about it, he said ”We are ready.”\n", "quote.direction",
               NULL, "”We");
    expect_one("He said “We are ready.“ Then he left.\n", "quote.direction",
               "ready", "“");
    expect_one("It was paused in the ‘90s.\n", "quote.direction", NULL, "‘");
    /* an opening mark with nothing after it, and nothing open */
    expect_one("He said so on Monday. “\n", "quote.direction", NULL, "“");
    /* German quotation marks close with “ */
    expect_silent("The slogan „Wir schaffen das“ stuck.\n");
}

static void test_quote_mixed_style_once(void **state)
{
    (void)state;
    const char *s = "“One,” he said. “Two.”\n\n"
                    "Iraq's answer was \"three\".\n\n"
                    "“Four,” she said. “Five, six.”\n";
    copylint_doc *doc = lint(s);
    assert_int_equal(copylint_doc_diag_count(doc), 1);
    const struct copylint_diag *d = copylint_doc_diag(doc, 0);
    assert_string_equal(copylint_diag_rule(d), "quote.mixed-style");
    /* at the first straight mark: the minority style */
    assert_int_equal(d->off, (uint32_t)(strstr(s, "'s") - s));
    copylint_doc_free(doc);
    expect_silent("“One,” he said. ‘Two’ and Iraq’s three.\n");
}

/* 10,000 marks of every kind in one paragraph, and in 10,000 paragraphs:
 * linear work (the test would time out otherwise) and bounded output. */
static void test_quote_pathological_marks(void **state)
{
    (void)state;
    const char *pieces[] = {"“", "\"", "‘", "'", " “ ", "” ", "''"};
    for (size_t k = 0; k < sizeof(pieces) / sizeof(*pieces); k++) {
        size_t pl = strlen(pieces[k]);
        size_t n = 10000;
        char *buf = malloc(n * pl + 2);
        assert_non_null(buf);
        for (size_t i = 0; i < n; i++)
            memcpy(buf + i * pl, pieces[k], pl);
        buf[n * pl] = '\n';
        buf[n * pl + 1] = '\0';
        copylint_doc *doc = lint(buf);
        assert_true(copylint_doc_diag_count(doc) <= Q_MAX_PER_PARA + 1);
        copylint_doc_free(doc);
        free(buf);
    }
    /* one unclosed quotation in each of 10,000 paragraphs */
    const char *para = "He said \"no.\n\n";
    size_t pl = strlen(para), n = 10000;
    char *buf = malloc(n * pl + 1);
    assert_non_null(buf);
    for (size_t i = 0; i < n; i++)
        memcpy(buf + i * pl, para, pl);
    buf[n * pl] = '\0';
    copylint_doc *doc = lint(buf);
    assert_true(count_rule(doc, "quote.unclosed") <= n);
    assert_true(copylint_doc_diag_count(doc) > 0);
    copylint_doc_free(doc);
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quote_mark_at_recognises_marks),
        cmocka_unit_test(test_quote_mark_in_mojibake_is_not_a_mark),
        cmocka_unit_test(test_quote_classify_by_neighbours),
        cmocka_unit_test(test_quote_classify_apostrophes),
        cmocka_unit_test(test_quote_is_elision),
        cmocka_unit_test(test_quote_after_sentence_end),
        cmocka_unit_test(test_quote_left_right_skip_marks),
        cmocka_unit_test(test_quote_seed_direction_with_fix),
        cmocka_unit_test(test_quote_wire_continuation_is_silent),
        cmocka_unit_test(test_quote_unclosed),
        cmocka_unit_test(test_quote_single_marks_tolerate_apostrophes),
        cmocka_unit_test(test_quote_spacing),
        cmocka_unit_test(test_quote_direction),
        cmocka_unit_test(test_quote_mixed_style_once),
        cmocka_unit_test(test_quote_pathological_marks),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
