/*
 * test_encoding.c: the encoding family (src/checks/encoding.c). Its
 * helpers are static; this file compiles encoding.c itself with
 * CPL_UNIT_TESTING, which makes every CPL_TESTABLE function visible here,
 * and renames the descriptor so that it does not clash with the copy in
 * copylint_obj. The rules are tested end to end through the public API.
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

#define cpl_check_encoding cpl_check_encoding_under_test
/* NOLINTNEXTLINE(bugprone-suspicious-include): reaches the static helpers */
#include "checks/encoding.c"
#undef cpl_check_encoding

#define S_ARGS(lit) lit, sizeof(lit) - 1

static copylint_ctx *ctx;

static int setup(void **state)
{
    (void)state;
    ctx = copylint_ctx_new();
    copylint_ctx_set_data_dir(ctx, COPYLINT_SOURCE_DATADIR);
    copylint_ctx_set_rule(ctx, "", COPYLINT_SEVERITY_OFF);
    copylint_ctx_enable_rule(ctx, "encoding");
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

/* Asserts exactly one finding, of `rule`, over `span`; returns the
 * document for more checks (free it). */
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

/* Asserts that mojibake_repair(in) gives `want` (NULL: nothing to do). */
static void expect_repair(const char *in, const char *want)
{
    char *got = mojibake_repair(in, strlen(in));
    if (!want) {
        if (got)
            print_message("repaired '%s' to '%s'\n", in, got);
        assert_null(got);
        return;
    }
    assert_non_null(got);
    assert_string_equal(got, want);
    free(got);
}

/* ---- helpers ---- */

static void test_encoding_cp1252_byte(void **state)
{
    (void)state;
    assert_int_equal(cp1252_byte('a'), 'a');
    assert_int_equal(cp1252_byte(0x20AC), 0x80); /* € */
    assert_int_equal(cp1252_byte(0x2019), 0x92); /* ’ */
    assert_int_equal(cp1252_byte(0x2122), 0x99); /* ™ */
    assert_int_equal(cp1252_byte(0x0178), 0x9F); /* Ÿ */
    assert_int_equal(cp1252_byte(0x00E9), 0xE9); /* é */
    assert_int_equal(cp1252_byte(0x009D), 0x9D); /* undefined: C1 */
    assert_int_equal(cp1252_byte(0x2605), -1);   /* ★ */
    assert_int_equal(cp1252_byte(0x0410), -1);   /* Cyrillic А */
}

static void test_encoding_repair(void **state)
{
    (void)state;
    expect_repair("economists\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2",
                  "economists\xE2\x80\x99");                   /* ’ */
    expect_repair("\xC3\xA2\xE2\x82\xAC\xC5\x93", "\xE2\x80\x9C"); /* “ */
    expect_repair("\xC3\xA2\xE2\x82\xAC\xE2\x80\x9D", "\xE2\x80\x94"); /* — */
    expect_repair("Montr\xC3\x83\xC2\xA9" "al", "Montr\xC3\xA9" "al");
    expect_repair("\xC3\x82\xC2\xA3" "5", "\xC2\xA3" "5");    /* £ */
    expect_repair("\xC3\x82\xC2\xA0", "\xC2\xA0");            /* NBSP */
    /* Latin-1 decoding keeps C1 controls: â + U+0080 + U+0099. */
    expect_repair("\xC3\xA2\xC2\x80\xC2\x99", "\xE2\x80\x99");
    /* Encoded twice. */
    expect_repair("\xC3\x83\xC2\xA2\xC3\xA2\xE2\x80\x9A\xC2\xAC\xC3\xA2"
                  "\xE2\x80\x9E\xC2\xA2",
                  "\xE2\x80\x99");
    /* Cyrillic and emoji. */
    expect_repair("\xC3\x90\xC5\xB8\xC3\x91\xE2\x82\xAC\xC3\x90\xC2\xB8",
                  "\xD0\x9F\xD1\x80\xD0\xB8"); /* При */
    expect_repair("\xC3\xB0\xC5\xB8\xCB\x9C\xE2\x82\xAC",
                  "\xF0\x9F\x98\x80"); /* 😀 */
    /* A BOM read as Windows-1252. */
    expect_repair("\xC3\xAF\xC2\xBB\xC2\xBF", "\xEF\xBB\xBF");
    /* `â€` with its third byte dropped: guessed as ”. */
    expect_repair("\xC3\xA2\xE2\x82\xAC ok", "\xE2\x80\x9D ok");
    /* Nothing to repair. */
    expect_repair("plain text", NULL);
    expect_repair("caf\xC3\xA9 S\xC3\x83O", NULL);
}

static void test_encoding_parse_and_strength(void **state)
{
    (void)state;
    /* Zeroed: clang-tidy does not know a failed assert_true() ends the test. */
    struct moji_seq s = {0};
    /* Ã© */
    assert_true(moji_parse(S_ARGS("\xC3\x83\xC2\xA9"), &s));
    assert_int_equal(s.target, 0xE9);
    assert_int_equal(s.len, 4);
    assert_int_equal(moji_strength(&s, 'r', 'a'), MOJI_STRONG);
    /* Ã” after a capital at a word end (Portuguese AMANHÃ”): weak. */
    assert_true(moji_parse(S_ARGS("\xC3\x83\xE2\x80\x9D"), &s));
    assert_int_equal(s.target, 0xD4);
    assert_int_equal(moji_strength(&s, 'H', '.'), MOJI_WEAK);
    /* ... but inside a word (CÃ”TE) it is Ô. */
    assert_int_equal(moji_strength(&s, 'C', 'T'), MOJI_STRONG);
    /* é…” in real text (café…”) parses, as U+9154, but only weakly. */
    assert_true(moji_parse(S_ARGS("\xC3\xA9\xE2\x80\xA6\xE2\x80\x9D"), &s));
    assert_int_equal(s.target, 0x9154);
    assert_int_equal(moji_strength(&s, 'f', ' '), MOJI_WEAK);
    /* Å‚ after a lower-case letter (WrocÅ‚aw) is ł; after a capital at a
     * word end it is not trusted. */
    assert_true(moji_parse(S_ARGS("\xC3\x85\xE2\x80\x9A"), &s));
    assert_int_equal(s.target, 0x142);
    assert_int_equal(moji_strength(&s, 'c', 'a'), MOJI_STRONG);
    assert_int_equal(moji_strength(&s, 'K', ' '), MOJI_WEAK);
    /* ÉŒ would mean an IPA letter: not plausible copy. */
    assert_true(moji_parse(S_ARGS("\xC3\x89\xE2\x80\x99"), &s));
    assert_int_equal(moji_strength(&s, 'F', 'S'), MOJI_WEAK);
    /* Not sequences: a lone lead, a lead and a letter, a C1 target. */
    assert_false(moji_parse(S_ARGS("\xC3\x83"), &s));
    assert_false(moji_parse(S_ARGS("\xC3\x83O"), &s));
    assert_false(moji_parse(S_ARGS("\xC3\x82\xC2\x85"), &s)); /* U+0085 */
    assert_false(moji_parse(S_ARGS("abc"), &s));
}

static void test_encoding_invisible_kind(void **state)
{
    (void)state;
    const char *name = NULL;
    assert_int_equal(invisible_kind(0x7F, &name), INV_ALWAYS);
    assert_string_equal(name, "control character DEL");
    assert_int_equal(invisible_kind(0x1B, &name), INV_ALWAYS);
    assert_int_equal(invisible_kind(0x85, &name), INV_ALWAYS);
    assert_int_equal(invisible_kind(0xAD, &name), INV_ALWAYS);
    assert_int_equal(invisible_kind(0x200B, &name), INV_ALWAYS);
    assert_int_equal(invisible_kind(0x2060, &name), INV_ALWAYS);
    assert_int_equal(invisible_kind(0xFEFF, &name), INV_ALWAYS);
    assert_int_equal(invisible_kind(0x200D, &name), INV_JOINER);
    assert_int_equal(invisible_kind(0x200C, &name), INV_JOINER);
    assert_int_equal(invisible_kind(0x200F, &name), INV_BIDI);
    assert_int_equal(invisible_kind(0x202E, &name), INV_BIDI);
    assert_int_equal(invisible_kind('\t', &name), INV_NONE);
    assert_int_equal(invisible_kind('\n', &name), INV_NONE);
    assert_int_equal(invisible_kind('\r', &name), INV_NONE);
    assert_int_equal(invisible_kind(0xA0, &name), INV_NONE);
    assert_int_equal(invisible_kind(0xFE0F, &name), INV_NONE);
}

/* ---- rules, end to end ---- */

static void test_encoding_mojibake_rule(void **state)
{
    (void)state;
    const char *text = "The economists\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2 view.";
    copylint_doc *doc =
        expect_one(text, "encoding.mojibake", "\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2");
    const copylint_diag *d = copylint_doc_diag(doc, 0);
    assert_int_equal(copylint_diag_fix_count(d), 1);
    assert_string_equal(copylint_diag_fix_text(d, 0), "\xE2\x80\x99");
    assert_true(copylint_diag_fix_safe(d, 0));
    copylint_doc_free(doc);
    /* One finding for a damaged word, with letters between. */
    doc = expect_one("L\xC3\x83\xC2\xA9t\xC3\x83\xC2\xA9 ends.",
                     "encoding.mojibake", "\xC3\x83\xC2\xA9t\xC3\x83\xC2\xA9");
    copylint_doc_free(doc);
    /* A guessed byte makes the fix unsafe. */
    doc = expect_one("He said \xC3\xA2\xE2\x82\xAC and left.",
                     "encoding.mojibake", "\xC3\xA2\xE2\x82\xAC");
    assert_false(copylint_diag_fix_safe(copylint_doc_diag(doc, 0), 0));
    copylint_doc_free(doc);
    /* A Cyrillic word is a run of weak sequences. */
    doc = lint("Word \xC3\x90\xC5\xB8\xC3\x91\xE2\x82\xAC\xC3\x90\xC2\xB8 here");
    assert_int_equal(count_rule(doc, "encoding.mojibake"), 1);
    copylint_doc_free(doc);
}

static void test_encoding_mojibake_silent(void **state)
{
    (void)state;
    expect_none("S\xC3\x83O PAULO, May 3 - Shares rose in S\xC3\xA3o Paulo.");
    expect_none("A banner read \xE2\x80\x9CSEM AMANH\xC3\x83\xE2\x80\x9D.");
    expect_none("At the caf\xC3\xA9\xE2\x80\xA6\xE2\x80\x9D she said.");
    expect_none("A CAF\xC3\x89\xE2\x80\x99S sign in \xC3\x85ngstr\xC3\xB6m.");
    expect_none("Zo\xC3\xAB \xC3\x98rsted\xE2\x80\x99s fund, \xC2\xA3" "50, 30\xC2\xB0"
                "C, r\xC3\xA9sum\xC3\xA9\xE2\x80\x94long.");
}

static void test_encoding_replacement(void **state)
{
    (void)state;
    copylint_doc *doc = expect_one("Z\xEF\xBF\xBDrich and more.",
                                   "encoding.replacement", "\xEF\xBF\xBD");
    copylint_doc_free(doc);
    doc = expect_one("a \xEF\xBF\xBD\xEF\xBF\xBD b", "encoding.replacement",
                     "\xEF\xBF\xBD\xEF\xBF\xBD");
    copylint_doc_free(doc);
}

static void test_encoding_control(void **state)
{
    (void)state;
    copylint_doc *doc = expect_one("cl\x7fimbed", "encoding.control", "\x7f");
    const copylint_diag *d = copylint_doc_diag(doc, 0);
    assert_string_equal(copylint_diag_fix_text(d, 0), "");
    assert_true(copylint_diag_fix_safe(d, 0));
    copylint_doc_free(doc);
    /* ENQ + RS: one run, one finding. */
    doc = expect_one("Wheat \x05\x1e" "fell.", "encoding.control", "\x05\x1e");
    copylint_doc_free(doc);
    /* A BOM after the start, a zero-width space, a stray joiner between
     * Latin letters, a bidi override on an English line. */
    doc = expect_one("said.\xEF\xBB\xBF Then", "encoding.control",
                     "\xEF\xBB\xBF");
    copylint_doc_free(doc);
    doc = expect_one("data\xE2\x80\x8B" "base", "encoding.control",
                     "\xE2\x80\x8B");
    copylint_doc_free(doc);
    doc = expect_one("co\xE2\x80\x8Dop", "encoding.control", "\xE2\x80\x8D");
    copylint_doc_free(doc);
    /* An unterminated U+202E RIGHT-TO-LEFT OVERRIDE is the case under test.
     * The source is ASCII (escapes); misc-misleading-bidirectional reads
     * the literals' bytes, not their spelling. */
    /* NOLINTNEXTLINE(misc-misleading-bidirectional): the data under test */
    doc = expect_one("abc \xE2\x80\xAE" "def", "encoding.control",
                     "\xE2\x80\xAE"); /* NOLINT(misc-misleading-bidirectional) */
    copylint_doc_free(doc);
}

static void test_encoding_control_silent(void **state)
{
    (void)state;
    /* Tab, CRLF, lone CR, a leading BOM. */
    expect_none("\xEF\xBB\xBFHead\r\n\r\nOne\ttwo.\rThree.\n");
    /* Emoji ZWJ sequence; ZWNJ in Persian; RLM on a Hebrew line. */
    expect_none("Family \xF0\x9F\x91\xA8\xE2\x80\x8D\xF0\x9F\x91\xA9 here.");
    expect_none("\xD9\x85\xDB\x8C\xE2\x80\x8C\xD8\xAE\xD9\x88\xD8\xA7\xD9\x87");
    expect_none("sign \xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D\xE2\x80\x8F 2026");
}

/* Bytes the core replaced by SUB are reported once, as invalid UTF-8; a
 * real SUB in the file is a control character. */
static void test_encoding_invalid_utf8_not_twice(void **state)
{
    (void)state;
    copylint_doc *doc = lint("bad \xFF\xFE here");
    assert_int_equal(copylint_doc_diag_count(doc), 1);
    assert_string_equal(copylint_diag_rule(copylint_doc_diag(doc, 0)),
                        "encoding.invalid-utf8");
    copylint_doc_free(doc);
    doc = lint("bad \xFF and real \x1A here");
    assert_int_equal(count_rule(doc, "encoding.invalid-utf8"), 1);
    assert_int_equal(count_rule(doc, "encoding.control"), 1);
    copylint_doc_free(doc);
}

/* A long line of noise: listed findings stop at MAX_LISTED per rule and
 * one summary counts the rest. */
static void test_encoding_findings_are_capped(void **state)
{
    (void)state;
    size_t reps = 3000;
    const char unit[] = "a\x7f \xC3\x83\xC2\xA9 ";
    size_t ul = sizeof(unit) - 1;
    char *s = malloc(reps * ul + 1);
    for (size_t i = 0; i < reps; i++)
        memcpy(s + i * ul, unit, ul);
    s[reps * ul] = '\0';
    copylint_doc *doc = lint_n(s, reps * ul);
    assert_int_equal(count_rule(doc, "encoding.control"), MAX_LISTED + 1);
    assert_int_equal(count_rule(doc, "encoding.mojibake"), MAX_LISTED + 1);
    const copylint_diag *last = NULL;
    for (size_t i = 0; i < copylint_doc_diag_count(doc); i++) {
        const copylint_diag *d = copylint_doc_diag(doc, i);
        if (strstr(copylint_diag_message(d), "more findings"))
            last = d;
    }
    assert_non_null(last);
    assert_non_null(strstr(copylint_diag_message(last), "2000 more"));
    copylint_doc_free(doc);
    free(s);
}

/* Every finding of the family on doc, one line each (appended to out). */
static void encoding_findings(const char *text, size_t len, bool inline_breaks,
                              char *out, size_t size)
{
    copylint_doc *doc = NULL;
    assert_int_equal(copylint_doc_from_bytes(ctx, "t.txt", text, len, &doc),
                     COPYLINT_OK);
    cpl_doc_segment(doc);
    breaks_inline = inline_breaks;
    cpl_check_encoding_under_test.run(ctx, NULL, doc);
    breaks_inline = true;
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < copylint_doc_diag_count(doc); i++) {
        const copylint_diag *d = copylint_doc_diag(doc, i);
        int w = snprintf(out + used, size - used, "%s %zu %zu %s %s\n",
                         copylint_diag_rule(d), copylint_diag_offset(d),
                         copylint_diag_length(d), copylint_diag_message(d),
                         copylint_diag_fix_count(d)
                             ? copylint_diag_fix_text(d, 0)
                             : "-");
        assert_true(w > 0 && (size_t)w < size - used);
        used += (size_t)w;
    }
    copylint_doc_free(doc);
}

/* run() takes a line break with nothing pending inline; the general
 * path must find the same on text of line breaks (LF, CR, CRLF) among
 * controls, mojibake, joiners, bidi marks next to Hebrew and not,
 * replacement characters and plain words. */
static void test_encoding_line_breaks_inline_same_findings(void **state)
{
    (void)state;
    static const char *const bits[] = {
        "\n", "\r\n", "\r", "\n\n", "a", "word ", "\x7f", "\x01", "\t",
        "\xC3\x83\xC2\xA9", "\xC3\xA2\xE2\x82\xAC\xE2\x84\xA2", "t\xE2\x80\x8Dx",
        "\xE2\x80\x8F", "\xD7\x90\xD7\x91 ", "\xEF\xBF\xBD", "\xC2\xAD",
        "\xE2\x80\x8B", "caf\xC3\xA9 ", "\xE2\x80\x8D", "\xC2\xA0"};
    unsigned seed = 31337;
    char buf[1024];
    static char a[65536], b[65536];
    size_t found = 0;
    for (int n = 0; n < 3000; n++) {
        size_t len = random_text(buf, 1 + random_next(&seed) % 300, bits,
                                 sizeof(bits) / sizeof(*bits), &seed);
        encoding_findings(buf, len, true, a, sizeof(a));
        encoding_findings(buf, len, false, b, sizeof(b));
        assert_string_equal(a, b);
        found += strlen(a);
    }
    assert_true(found > 100000);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_encoding_cp1252_byte),
        cmocka_unit_test(test_encoding_repair),
        cmocka_unit_test(test_encoding_parse_and_strength),
        cmocka_unit_test(test_encoding_invisible_kind),
        cmocka_unit_test(test_encoding_mojibake_rule),
        cmocka_unit_test(test_encoding_mojibake_silent),
        cmocka_unit_test(test_encoding_replacement),
        cmocka_unit_test(test_encoding_control),
        cmocka_unit_test(test_encoding_control_silent),
        cmocka_unit_test(test_encoding_invalid_utf8_not_twice),
        cmocka_unit_test(test_encoding_findings_are_capped),
        cmocka_unit_test(test_encoding_line_breaks_inline_same_findings),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
