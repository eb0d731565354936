/*
 * test_ruleset.c: the Vale-format rule engine (core/ruleset.c): loading
 * from YAML text, each rule type on small documents, messages and fixes,
 * errors with their line and column, and the match limit that stops a
 * catastrophic pattern.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "core/alloc.h"
#include "core/ctx.h"
#include "random_text.h"
#include "core/diag.h"
#include "core/doc.h"
#include "core/native.h"
#include "core/ruleset.h"
#include "random_text.h"

struct fixture {
    copylint_ctx *ctx;
    struct cpl_ruleset *rs;
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof(*f));
    f->ctx = copylint_ctx_new();
    f->rs = cpl_ruleset_new();
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    cpl_ruleset_free(f->rs);
    copylint_ctx_free(f->ctx);
    free(f);
    return 0;
}

static const struct cpl_vrule *load(struct fixture *f, const char *path,
                                    const char *yaml)
{
    return cpl_ruleset_load_string(f->rs, f->ctx, "Test", path, yaml,
                                   strlen(yaml));
}

/* Runs one rule over `text`; the document is returned, finished. */
static copylint_doc *run(struct fixture *f, const struct cpl_vrule *r,
                         const char *text)
{
    copylint_doc *doc;
    assert_int_equal(copylint_doc_from_bytes(f->ctx, "t.txt", text,
                                             strlen(text), &doc),
                     COPYLINT_OK);
    doc->ctx = f->ctx;
    cpl_doc_segment(doc);
    cpl_ruleset_finish(f->rs);
    struct cpl_rule_scratch *s = cpl_rule_scratch_new(f->rs, doc);
    cpl_vrule_run(r, doc, s);
    cpl_rule_scratch_free(s);
    cpl_doc_finish(doc);
    return doc;
}

static size_t count(struct fixture *f, const struct cpl_vrule *r,
                    const char *text)
{
    copylint_doc *doc = run(f, r, text);
    size_t n = copylint_doc_diag_count(doc);
    copylint_doc_free(doc);
    return n;
}

static void expect_problem(struct fixture *f, size_t i, const char *text)
{
    assert_true(copylint_ctx_problem_count(f->ctx) > i);
    assert_string_equal(copylint_ctx_problem_text(f->ctx, i), text);
}

static void test_ruleset_existence_words(void **state)
{
    struct fixture *f = *state;
    const struct cpl_vrule *r =
        load(f, "styles/Test/Very.yml",
             "extends: existence\n"
             "message: \"Remove '%s'.\"\n"
             "level: error\n"
             "ignorecase: true\n"
             "tokens:\n  - very\n  - quite\n");
    assert_non_null(r);
    assert_string_equal(cpl_vrule_info(r)->id, "Test.Very");
    assert_int_equal(cpl_vrule_info(r)->severity, COPYLINT_SEVERITY_ERROR);
    copylint_doc *doc = run(f, r, "It was Very good and quite\nnice.\n");
    assert_int_equal(copylint_doc_diag_count(doc), 2);
    const copylint_diag *d = copylint_doc_diag(doc, 0);
    assert_string_equal(copylint_diag_message(d), "Remove 'Very'.");
    assert_string_equal(copylint_diag_rule(d), "Test.Very");
    assert_int_equal(copylint_diag_line(d), 1);
    assert_int_equal(copylint_diag_column(d), 8);
    d = copylint_doc_diag(doc, 1);
    assert_int_equal(copylint_diag_column(d), 22);
    copylint_doc_free(doc);
    /* Word boundaries: not inside "everyday" or "quiteness". */
    assert_int_equal(count(f, r, "An everyday quiteness.\n"), 0);
    /* After a curly quote (the prefilter must see the word start). */
    assert_int_equal(count(f, r, "He said, “Very well.”\n"), 1);
    assert_int_equal(copylint_ctx_problem_count(f->ctx), 0);
}

static void test_ruleset_existence_case_nonword_raw(void **state)
{
    struct fixture *f = *state;
    const struct cpl_vrule *r = load(f, "Case.yml",
                                     "extends: existence\n"
                                     "message: \"'%s'\"\n"
                                     "tokens: [NATO]\n");
    assert_non_null(r);
    assert_int_equal(cpl_vrule_info(r)->severity, COPYLINT_SEVERITY_INFO);
    assert_int_equal(count(f, r, "Nato and NATO.\n"), 1);
    /* nonword: no \b, matches inside words. */
    r = load(f, "Ly.yml",
             "extends: existence\nmessage: '%s'\nnonword: true\n"
             "tokens: ['ly-']\n");
    assert_int_equal(count(f, r, "a highly-paid job\n"), 1);
    /* raw is prepended, tokens inside \b(?:...)\b. */
    r = load(f, "Raw.yml",
             "extends: existence\nmessage: '%s'\n"
             "raw: ['\\d+ ']\ntokens: [pct, percent]\n");
    copylint_doc *doc = run(f, r, "up 5 pct, 6 percentages, 7 percent\n");
    assert_int_equal(copylint_doc_diag_count(doc), 2);
    assert_string_equal(copylint_diag_message(copylint_doc_diag(doc, 0)),
                        "5 pct");
    assert_string_equal(copylint_diag_message(copylint_doc_diag(doc, 1)),
                        "7 percent");
    copylint_doc_free(doc);
}

/* Word lists go to a trie (one pass for every text-scope list, or per
 * block for other scopes), their regex tokens to PCRE2; the result must be
 * what PCRE2's alternation gives: leftmost match, first-listed token on a
 * tie, word boundaries at both ends. */
static void test_ruleset_word_lists(void **state)
{
    struct fixture *f = *state;
    static const char *const scopes[] = {"text", "sentence"};
    for (size_t i = 0; i < 2; i++) {
        char yaml[512];
        snprintf(yaml, sizeof(yaml),
                 "extends: existence\nmessage: '%%s'\nignorecase: true\n"
                 "scope: %s\ntokens:\n  - New York\n  - New York City\n"
                 "  - 'whet (?:the|your) appetite'\n  - acid test\n",
                 scopes[i]);
        char path[32];
        snprintf(path, sizeof(path), "List%zu.yml", i);
        const struct cpl_vrule *r = load(f, path, yaml);
        assert_non_null(r);
        copylint_doc *doc = run(f, r,
                                "In New York City, an acid test. It will "
                                "whet the appetite; acid tests, NEW YORKER.\n");
        assert_int_equal(copylint_doc_diag_count(doc), 3);
        /* "New York" is listed first and ends at a boundary. */
        assert_string_equal(copylint_diag_message(copylint_doc_diag(doc, 0)),
                            "New York");
        assert_string_equal(copylint_diag_message(copylint_doc_diag(doc, 1)),
                            "acid test");
        assert_string_equal(copylint_diag_message(copylint_doc_diag(doc, 2)),
                            "whet the appetite");
        copylint_doc_free(doc);
    }
    const struct cpl_vrule *r =
        load(f, "Longest.yml",
             "extends: existence\nmessage: '%s'\n"
             "tokens: [New York City, New York]\n");
    copylint_doc *doc = run(f, r, "New York City and new york.\n");
    assert_int_equal(copylint_doc_diag_count(doc), 1); /* case-sensitive */
    assert_string_equal(copylint_diag_message(copylint_doc_diag(doc, 0)),
                        "New York City");
    copylint_doc_free(doc);
    /* Substitution through the trie: the swap of the key that matched. */
    r = load(f, "Swap.yml",
             "extends: substitution\nmessage: \"'%s' not '%s'\"\n"
             "ignorecase: true\nswap:\n  utilize: use\n"
             "  '(?:commence|commencing)': start\n  in order to: to\n");
    doc = run(f, r, "We will utilize it in order to commence.\n");
    assert_int_equal(copylint_doc_diag_count(doc), 3);
    assert_string_equal(copylint_diag_message(copylint_doc_diag(doc, 0)),
                        "'use' not 'utilize'");
    assert_string_equal(copylint_diag_message(copylint_doc_diag(doc, 1)),
                        "'to' not 'in order to'");
    assert_string_equal(copylint_diag_message(copylint_doc_diag(doc, 2)),
                        "'start' not 'commence'");
    copylint_doc_free(doc);
    assert_int_equal(copylint_ctx_problem_count(f->ctx), 0);
}

static void test_ruleset_exceptions_and_limit(void **state)
{
    struct fixture *f = *state;
    const struct cpl_vrule *r =
        load(f, "Caps.yml",
             "extends: existence\nmessage: '%s'\nlimit: 2\n"
             "tokens: ['[A-Z]{3,}']\nexceptions: [NATO, CBC]\n");
    assert_non_null(r);
    /* NATO and CBC excepted; of FBI, RCMP and UN... only two reported. */
    assert_int_equal(count(f, r, "NATO, CBC, FBI, RCMP, OPEC.\n"), 2);
}

static void test_ruleset_substitution(void **state)
{
    struct fixture *f = *state;
    const struct cpl_vrule *r =
        load(f, "Terms.yml",
             "extends: substitution\n"
             "message: \"Use '%s' instead of '%s'.\"\n"
             "level: warning\n"
             "ignorecase: true\n"
             "action:\n  name: replace\n"
             "swap:\n"
             "  'cell phone|cell-phone': cellphone\n"
             "  e-mail: email|mail\n");
    assert_non_null(r);
    copylint_doc *doc =
        run(f, r, "Her cell phone and e-mail. A cellphone, an email.\n");
    assert_int_equal(copylint_doc_diag_count(doc), 2);
    const copylint_diag *d = copylint_doc_diag(doc, 0);
    assert_string_equal(copylint_diag_message(d),
                        "Use 'cellphone' instead of 'cell phone'.");
    assert_int_equal(copylint_diag_column(d), 5);
    assert_int_equal(copylint_diag_end_column(d), 15);
    assert_int_equal(copylint_diag_fix_count(d), 1);
    assert_string_equal(copylint_diag_fix_text(d, 0), "cellphone");
    d = copylint_doc_diag(doc, 1);
    /* Vale's ToSentence and convertMessage for alternatives. */
    assert_string_equal(copylint_diag_message(d),
                        "Use 'email' or 'mail' instead of 'e-mail'.");
    assert_int_equal(copylint_diag_fix_count(d), 2);
    assert_string_equal(copylint_diag_fix_text(d, 1), "mail");
    copylint_doc_free(doc);
    /* The observed text equal to the replacement is no finding. */
    r = load(f, "Same.yml",
             "extends: substitution\nmessage: \"'%s' not '%s'\"\n"
             "ignorecase: true\nswap:\n  '(?:Premier|premier)': premier\n");
    assert_int_equal(count(f, r, "the premier said\n"), 0);
}

static void test_ruleset_occurrence(void **state)
{
    struct fixture *f = *state;
    const struct cpl_vrule *r =
        load(f, "Long.yml",
             "extends: occurrence\nmessage: 'Too long.'\n"
             "scope: sentence\nmax: 5\ntoken: '\\b(\\w+)\\b'\n");
    assert_non_null(r);
    copylint_doc *doc =
        run(f, r, "One two three. One two three four five six seven.\n");
    assert_int_equal(copylint_doc_diag_count(doc), 1);
    const copylint_diag *d = copylint_doc_diag(doc, 0);
    assert_string_equal(copylint_diag_message(d), "Too long.");
    assert_int_equal(copylint_diag_column(d), 16); /* first match */
    copylint_doc_free(doc);
    r = load(f, "Min.yml",
             "extends: occurrence\nmessage: 'Needs a dateline.'\n"
             "min: 1\ntoken: '\\(CP\\)'\n");
    assert_int_equal(count(f, r, "OTTAWA (CP) - Hi.\n"), 0);
    assert_int_equal(count(f, r, "OTTAWA - Hi.\n"), 1);
}

static void test_ruleset_repetition(void **state)
{
    struct fixture *f = *state;
    const struct cpl_vrule *r =
        load(f, "Illusions.yml",
             "extends: repetition\nmessage: \"'%s' is repeated!\"\n"
             "alpha: true\nignorecase: true\n"
             "action:\n  name: edit\n  params: [truncate, ' ']\n"
             "tokens: ['[^\\s]+']\n");
    assert_non_null(r);
    copylint_doc *doc = run(f, r, "It was the The plan. 5 5 times.\n");
    assert_int_equal(copylint_doc_diag_count(doc), 1); /* 5 5: not alpha */
    const copylint_diag *d = copylint_doc_diag(doc, 0);
    assert_string_equal(copylint_diag_message(d), "'The' is repeated!");
    assert_int_equal(copylint_diag_column(d), 8);
    assert_int_equal(copylint_diag_end_column(d), 15);
    assert_string_equal(copylint_diag_fix_text(d, 0), "the");
    copylint_doc_free(doc);
    /* Not across a sentence end. */
    assert_int_equal(count(f, r, "We knew that. That was all.\n"), 0);
}

static void test_ruleset_consistency(void **state)
{
    struct fixture *f = *state;
    const struct cpl_vrule *r =
        load(f, "Spelling.yml",
             "extends: consistency\nmessage: \"Inconsistent spelling of "
             "'%s'.\"\nignorecase: true\n"
             "either:\n  colour: color\n  centre: center\n");
    assert_non_null(r);
    copylint_doc *doc = run(f, r,
                            "The colour of the centre.\n\nThe Color, the "
                            "color, the colour.\n");
    assert_int_equal(copylint_doc_diag_count(doc), 1);
    const copylint_diag *d = copylint_doc_diag(doc, 0);
    assert_string_equal(copylint_diag_message(d),
                        "Inconsistent spelling of 'Color'.");
    assert_int_equal(copylint_diag_line(d), 3);
    assert_int_equal(copylint_diag_column(d), 5);
    copylint_doc_free(doc);
    assert_int_equal(count(f, r, "The colour, the colour.\n"), 0);
}

static void test_ruleset_conditional(void **state)
{
    struct fixture *f = *state;
    const struct cpl_vrule *r =
        load(f, "Acronyms.yml",
             "extends: conditional\nmessage: \"'%s' has no definition.\"\n"
             "first: '\\b([A-Z]{3,5})\\b'\n"
             "second: '(?:\\b[A-Z][a-z]+ )+\\(([A-Z]{3,5})\\)'\n"
             "exceptions: [CBC]\n");
    assert_non_null(r);
    copylint_doc *doc =
        run(f, r,
            "The World Health Organization (WHO) said. WHO, CBC and "
            "RCMP agreed.\n");
    assert_int_equal(copylint_doc_diag_count(doc), 1);
    assert_string_equal(copylint_diag_message(copylint_doc_diag(doc, 0)),
                        "'RCMP' has no definition.");
    copylint_doc_free(doc);
}

static void test_ruleset_capitalization(void **state)
{
    struct fixture *f = *state;
    const struct cpl_vrule *title =
        load(f, "Title.yml",
             "extends: capitalization\nmessage: \"'%s' should be in title "
             "case.\"\nscope: paragraph\nmatch: $title\nstyle: AP\n");
    assert_non_null(title);
    assert_int_equal(count(f, title, "The Mission of the Army in Iraq\n"), 0);
    assert_int_equal(count(f, title, "The mission of the army in iraq\n"), 1);
    /* AP: a small word in capitals is wrong, its first and last are not. */
    assert_int_equal(count(f, title, "Of Mice and Men\n"), 0);
    const struct cpl_vrule *sentence =
        load(f, "Sentence.yml",
             "extends: capitalization\nmessage: \"'%s'\"\n"
             "scope: paragraph\nmatch: $sentence\nindicators: [':']\n"
             "exceptions: [Iraq]\n");
    assert_int_equal(count(f, sentence, "Canada pauses mission in Iraq\n"),
                     0);
    assert_int_equal(count(f, sentence, "Canada Pauses Mission In Iraq\n"),
                     1);
    assert_int_equal(count(f, sentence, "mission paused\n"), 1);
    const struct cpl_vrule *upper = load(
        f, "Upper.yml",
        "extends: capitalization\nmessage: \"'%s'\"\nscope: paragraph\n"
        "match: $upper\n");
    assert_int_equal(count(f, upper, "IRAQ MISSION PAUSED\n"), 0);
    assert_int_equal(count(f, upper, "IRAQ Mission\n"), 1);
    const struct cpl_vrule *lower = load(
        f, "Lower.yml",
        "extends: capitalization\nmessage: \"'%s'\"\nscope: sentence\n"
        "match: $lower\n");
    assert_int_equal(count(f, lower, "all lower. Not this one.\n"), 1);
    assert_int_equal(copylint_ctx_problem_count(f->ctx), 0);
}

static void test_ruleset_actions(void **state)
{
    struct fixture *f = *state;
    const struct cpl_vrule *r =
        load(f, "Remove.yml",
             "extends: existence\nmessage: '%s'\nnonword: true\n"
             "action:\n  name: remove\ntokens: ['\\bvery ']\n");
    copylint_doc *doc = run(f, r, "a very big deal\n");
    assert_int_equal(copylint_diag_fix_count(copylint_doc_diag(doc, 0)), 1);
    assert_string_equal(copylint_diag_fix_text(copylint_doc_diag(doc, 0), 0),
                        "");
    copylint_doc_free(doc);
    r = load(f, "Edit.yml",
             "extends: existence\nmessage: '%s'\nnonword: true\n"
             "action:\n  name: edit\n  params: [regex, '-', ' ']\n"
             "tokens: ['\\b\\w+ly-\\w+\\b']\n");
    doc = run(f, r, "a highly-paid job\n");
    assert_string_equal(copylint_diag_fix_text(copylint_doc_diag(doc, 0), 0),
                        "highly paid");
    copylint_doc_free(doc);
    r = load(f, "Trim.yml",
             "extends: existence\nmessage: '%s'\nignorecase: true\n"
             "action:\n  name: edit\n  params: [trim, ly]\n"
             "tokens: [firstly]\n");
    doc = run(f, r, "Firstly, no.\n");
    assert_int_equal(copylint_doc_diag_count(doc), 1);
    assert_string_equal(copylint_diag_fix_text(copylint_doc_diag(doc, 0), 0),
                        "First");
    copylint_doc_free(doc);
    r = load(f, "Split.yml",
             "extends: existence\nmessage: '%s'\n"
             "action:\n  name: edit\n  params: [split, ' ', '1']\n"
             "tokens: ['ABM missile']\n");
    doc = run(f, r, "An ABM missile.\n");
    assert_string_equal(copylint_diag_fix_text(copylint_doc_diag(doc, 0), 0),
                        "missile");
    assert_false(copylint_diag_fix_safe(copylint_doc_diag(doc, 0), 0));
    copylint_doc_free(doc);
    /* copylint's fix template with the html filter, marked safe. */
    r = load(f, "Entity.yml",
             "extends: existence\nmessage: '%s'\nnonword: true\n"
             "fix: '${1|html}'\nsafe: true\n"
             "raw: ['(&(?:amp|#\\d+);)|<br>']\n");
    doc = run(f, r, "A &amp; B&#8217;s<br>\n");
    assert_int_equal(copylint_doc_diag_count(doc), 3);
    assert_string_equal(copylint_diag_fix_text(copylint_doc_diag(doc, 0), 0),
                        "&");
    assert_true(copylint_diag_fix_safe(copylint_doc_diag(doc, 0), 0));
    assert_string_equal(copylint_diag_fix_text(copylint_doc_diag(doc, 1), 0),
                        "’");
    assert_int_equal(copylint_diag_fix_count(copylint_doc_diag(doc, 2)), 0);
    copylint_doc_free(doc);
    assert_int_equal(copylint_ctx_problem_count(f->ctx), 0);
}

static void test_ruleset_malformed_yaml(void **state)
{
    struct fixture *f = *state;
    assert_null(load(f, "rules/x/Bad.yml",
                     "extends: existence\nmessage: 'unclosed\ntokens: [a]\n"));
    /* Where libyaml found the problem, and where the scalar started. */
    expect_problem(f, 0,
                   "rules/x/Bad.yml:4:1: error: malformed YAML: found "
                   "unexpected end of stream while scanning a quoted scalar "
                   "that starts at 2:10 [config.rule-invalid]");
    assert_string_equal(copylint_ctx_problem_rule(f->ctx, 0),
                        "config.rule-invalid");
    assert_int_equal(copylint_ctx_problem_severity(f->ctx, 0),
                     COPYLINT_SEVERITY_ERROR);
    assert_null(load(f, "rules/x/List.yml", "- a\n- b\n"));
    expect_problem(f, 1,
                   "rules/x/List.yml:1:1: error: a rule file must be a "
                   "mapping of keys [config.rule-invalid]");
    /* Invalid UTF-8: libyaml's reader gives only a byte offset, from
     * which the line and column (of the sequence's lead byte) come. */
    assert_null(load(f, "rules/x/Utf.yml",
                     "extends: existence\nmessage: \"caf\xE9 %s\"\n"
                     "tokens: [a]\n"));
    expect_problem(f, 2,
                   "rules/x/Utf.yml:2:14: error: malformed YAML: invalid "
                   "trailing UTF-8 octet [config.rule-invalid]");
    assert_null(load(f, "rules/x/Lead.yml",
                     "extends: existence\nmessage: x\ntokens:\n"
                     "  - \xC3\xA9\xFF\n"));
    expect_problem(f, 3,
                   "rules/x/Lead.yml:4:6: error: malformed YAML: invalid "
                   "leading UTF-8 octet [config.rule-invalid]");
}

static void test_ruleset_bad_regex_column(void **state)
{
    struct fixture *f = *state;
    assert_null(load(f, "rules/cp/Numbers.yml",
                     "extends: existence\n"
                     "message: '%s'\n"
                     "tokens:\n"
                     "  - fine\n"
                     "  - '(unclosed'\n"));
    /* Line 5, the quote at column 5, the pattern from column 6; PCRE2
     * reports the missing ) at offset 9, the end of the pattern. */
    expect_problem(f, 0,
                   "rules/cp/Numbers.yml:5:15: error: bad regex '(unclosed': "
                   "missing closing parenthesis [config.rule-invalid]");
    assert_null(load(f, "rules/cp/Plain.yml",
                     "extends: existence\nmessage: '%s'\n"
                     "tokens:\n  - ok\n  - a{2,1}\n"));
    expect_problem(f, 1,
                   "rules/cp/Plain.yml:5:10: error: bad regex 'a{2,1}': "
                   "numbers out of order in {} quantifier "
                   "[config.rule-invalid]");
    /* A key that leaves a class open: the joined pattern still compiles
     * (the class swallows the next key's `)|(`), but its groups no longer
     * say which key matched, and "waitress" took the swap of
     * "tribesman" (found by fuzz_rules comparing the trie with PCRE2).
     * Each key must be a pattern of its own, as in Vale. */
    assert_null(load(f, "rules/cp/Swap.yml",
                     "extends: substitution\nmessage: '%s, not %s'\n"
                     "swap:\n"
                     "  mail(?:m[ae]n|wom[?: flight attendant\n"
                     "  tribes(?:m[ae]n|wom[ae]n): tribe member(s)\n"
                     "  waitress: waiter\n"));
    expect_problem(f, 2,
                   "rules/cp/Swap.yml:4:22: error: bad regex "
                   "'mail(?:m[ae]n|wom[?': missing terminating ] for "
                   "character class [config.rule-invalid]");
    assert_null(load(f, "rules/cp/Tok.yml",
                     "extends: existence\nmessage: '%s'\n"
                     "tokens:\n  - 'a[b'\n  - 'c]'\n"));
    expect_problem(f, 3,
                   "rules/cp/Tok.yml:4:9: error: bad regex 'a[b': missing "
                   "terminating ] for character class [config.rule-invalid]");
    /* raw items are joined, and may be fragments alone */
    assert_non_null(load(f, "rules/cp/Raw.yml",
                         "extends: existence\nmessage: '%s'\n"
                         "raw:\n  - '(?:ab'\n  - '|cd)'\n"));
}

static void test_ruleset_unknown_type_key_scope(void **state)
{
    struct fixture *f = *state;
    assert_null(load(f, "T.yml", "extends: existance\nmessage: x\n"));
    assert_int_equal(copylint_ctx_problem_line(f->ctx, 0), 1);
    assert_int_equal(copylint_ctx_problem_column(f->ctx, 0), 10);
    assert_non_null(strstr(copylint_ctx_problem_message(f->ctx, 0),
                           "unknown rule type 'existance'"));
    assert_null(load(f, "K.yml",
                     "extends: existence\nmessage: x\ntokenz: [a]\n"
                     "tokens: [a]\n"));
    expect_problem(f, 1,
                   "K.yml:3:1: error: unknown key 'tokenz' "
                   "[config.rule-invalid]");
    assert_null(load(f, "S.yml",
                     "extends: existence\nmessage: x\nscope: chapter\n"
                     "tokens: [a]\n"));
    assert_int_equal(copylint_ctx_problem_severity(f->ctx, 2),
                     COPYLINT_SEVERITY_ERROR);
    /* A Vale scope that means nothing in plain text: a warning, skipped. */
    assert_null(load(f, "H.yml",
                     "extends: capitalization\nmessage: x\nscope: heading\n"
                     "match: $title\n"));
    expect_problem(f, 3,
                   "H.yml:3:8: warning: scope 'heading' is not supported in "
                   "plain text; rule skipped [config.rule-unsupported]");
    /* A Vale type copylint does not run. */
    assert_null(load(f, "R.yml", "extends: readability\nmessage: x\n"));
    assert_int_equal(copylint_ctx_problem_severity(f->ctx, 4),
                     COPYLINT_SEVERITY_WARNING);
    /* Missing message; a key of another type. */
    assert_null(load(f, "M.yml", "extends: existence\ntokens: [a]\n"));
    assert_null(load(f, "W.yml",
                     "extends: existence\nmessage: x\ntokens: [a]\n"
                     "swap: {a: b}\n"));
    expect_problem(f, 6,
                   "W.yml:4:1: error: key 'swap' does not apply to "
                   "'existence' rules [config.rule-invalid]");
    assert_int_equal(cpl_ruleset_count(f->rs), 0);
}

/* `(a+)+$` on a long line of a's ending in b backtracks exponentially:
 * the match limit stops it, it is reported once, and the rule is off for
 * the rest of the run. The test has a ctest TIMEOUT, not a timer. */
static void test_ruleset_match_limit(void **state)
{
    struct fixture *f = *state;
    const struct cpl_vrule *r =
        load(f, "Evil.yml",
             "extends: existence\nmessage: '%s'\nnonword: true\n"
             "raw: ['(a+)+$']\n");
    assert_non_null(r);
    size_t n = 100000;
    char *text = malloc(n + 3);
    memset(text, 'a', n);
    memcpy(text + n, "b\n", 3);
    copylint_doc *doc = run(f, r, text);
    assert_int_equal(copylint_doc_diag_count(doc), 1);
    const copylint_diag *d = copylint_doc_diag(doc, 0);
    assert_string_equal(copylint_diag_rule(d), "config.rule-invalid");
    assert_non_null(strstr(copylint_diag_message(d), "Test.Evil"));
    copylint_doc_free(doc);
    /* Skipped from now on, even where it would match. */
    assert_int_equal(count(f, r, "aaa\n"), 0);
    free(text);
}

static void test_ruleset_html_unescape(void **state)
{
    (void)state;
    const char *in = "a&amp;b &#8217; &#x2014; &bogus; &#0; &";
    char *s = cpl_html_unescape(in, strlen(in));
    assert_string_equal(s, "a&b ’ — &bogus; &#0; &");
    free(s);
}

/* doc's findings as one string, "offset+length message|" each; frees
 * doc. */
static char *findings_string(copylint_doc *doc)
{
    size_t cap = 64, len = 0;
    char *out = cpl_xcalloc(1, cap);
    for (size_t i = 0; i < copylint_doc_diag_count(doc); i++) {
        const copylint_diag *d = copylint_doc_diag(doc, i);
        char line[512];
        int n = snprintf(line, sizeof(line), "%zu+%zu %s|",
                         copylint_diag_offset(d), copylint_diag_length(d),
                         copylint_diag_message(d));
        while (len + (size_t)n + 1 > cap)
            out = cpl_xrealloc(out, cap *= 2); /* aborts on OOM */
        memcpy(out + len, line, (size_t)n + 1);
        len += (size_t)n;
    }
    copylint_doc_free(doc);
    return out;
}

/* Findings of `r` on `text` as one string, with or without prefilter. */
static char *findings(struct fixture *f, const struct cpl_vrule *r,
                      const char *text, bool prefilter)
{
    cpl_ruleset_set_prefilter(f->rs, prefilter);
    char *out = findings_string(run(f, r, text));
    cpl_ruleset_set_prefilter(f->rs, true);
    return out;
}

/*
 * Each rule over each text, with a shortcut on and off (`fn`: findings()
 * or findings_native()): the findings must be the same, and each rule
 * must fire on some text. Rule files are named <prefix><n>.yml.
 */
static void assert_same_findings(
    struct fixture *f, const char *prefix, const char *const *rules,
    size_t nrules, const char *const *texts, size_t ntexts,
    char *(*fn)(struct fixture *, const struct cpl_vrule *, const char *,
                bool))
{
    for (size_t i = 0; i < nrules; i++) {
        char path[32];
        snprintf(path, sizeof(path), "%s%zu.yml", prefix, i);
        const struct cpl_vrule *r = load(f, path, rules[i]);
        assert_non_null(r);
        size_t fired = 0;
        for (size_t t = 0; t < ntexts; t++) {
            char *with = fn(f, r, texts[t], true);
            char *without = fn(f, r, texts[t], false);
            assert_string_equal(with, without);
            fired += *with != '\0';
            free(with);
            free(without);
        }
        assert_true(fired > 0); /* each rule fires somewhere */
    }
    assert_int_equal(copylint_ctx_problem_count(f->ctx), 0);
}

/*
 * The required-literal prefilter must not change any finding: each rule
 * below runs over each text with the prefilter and with a plain scan of
 * the whole text, and the findings must be the same. The patterns cover
 * what the analysis reads (lookbehind, (?:^|\s), \b, (?=\s), \K,
 * unbounded prefixes, nested alternations, quantified groups, classes,
 * inline options) and the texts put matches at block edges, next to
 * non-ASCII letters and beside the Kelvin sign that caseless matching
 * folds to k.
 */
static void test_ruleset_prefilter_same_findings(void **state)
{
    struct fixture *f = *state;
    static const char *const rules[] = {
        "extends: existence\nmessage: '%s'\nignorecase: true\n"
        "nonword: true\ntokens:\n  - (?:^|\\s)I(?=\\s)\n  - \\bI'd\\b\n"
        "  - \\bme\\b\n  - \\bmy\\b\n",
        "extends: existence\nmessage: '%s'\nnonword: true\nraw:\n"
        "  - '\\b12 (?=noon\\b|midnight\\b)'\n"
        "  - '|(?<=\\ba\\.m\\.)\\K (?:in the|this) morning\\b'\n"
        "  - '|\\$\\d[\\d,.]*(?: (?:million|billion))?\\K dollars\\b'\n",
        "extends: existence\nmessage: '%s'\nnonword: true\nscope: sentence\n"
        "tokens:\n  - '\\b[a-zA-Z]+\\spercent\\b'\n  - '[^\\s-]+ly-\\w+'\n",
        "extends: substitution\nmessage: \"'%s' not '%s'\"\n"
        "ignorecase: true\nswap:\n  '(?:bull|ox)-like': taurine\n"
        "  bird-like: avine\n  skunk: polecat\n  '(?i)kin(?:d|g)s?': x\n",
        "extends: existence\nmessage: '%s'\nscope: paragraph\n"
        "nonword: true\ntokens:\n  - '(?:[^\\s,]+,){1,} \\w+ (?:and|or) "
        "\\w+[.?!]'\n  - '\\d{1,2} ?[ap]\\.?m\\.?'\n",
        "extends: occurrence\nmessage: 'many'\nmax: 1\ntoken: '\\bthe\\b'\n",
        "extends: repetition\nmessage: '%s'\nalpha: true\ntokens:\n"
        "  - '[^\\s]+'\n",
        "extends: existence\nmessage: '%s'\nignorecase: true\ntokens:\n"
        "  - skis\n  - 'ask(?:ed)?'\n  - 'o[kK]+ay'\n",
        /* classes of a few characters, non-ASCII punctuation */
        "extends: existence\nmessage: '%s'\nignorecase: true\n"
        "nonword: true\ntokens:\n"
        "  - '\\s[\xE2\x80\x94\xE2\x80\x93]\\s|\\s[\xE2\x80\x94\xE2\x80\x93]|"
        "[\xE2\x80\x94\xE2\x80\x93]\\s'\n",
        "extends: existence\nmessage: '%s'\nnonword: true\ntokens:\n"
        "  - '[a-z][.?!] {2,}[A-Z]'\n  - '[a-z][.?!][A-Z]'\n"
        "  - '[\\.\\?]x'\n",
        "extends: existence\nmessage: '%s'\nnonword: true\ntokens:\n"
        "  - '[\"\xE2\x80\x9C][^\"\xE2\x80\x9D\xE2\x80\x9C]+[\"\xE2\x80\x9D][.,]'\n",
        "extends: existence\nmessage: '%s'\nignorecase: true\n"
        "nonword: true\ntokens:\n  - '\\d{1,2}[AP]M'\n"
        "  - '\xE2\x80\x94\\w+'\n  - '\\b[\xC3\xA9x]\\d'\n",
        /* classes and one-character groups inside a literal run */
        "extends: existence\nmessage: '%s'\nnonword: true\ntokens:\n"
        "  - '\\b(?:a|p)\\.m\\.'\n  - '\\d ?[ap][mM]\\b'\n"
        "  - 'x[ab][cd][ef]y'\n",
        /* groups of plain branches inside a literal run (joined: " and ",
         * "xabdy", ...), nested, captured, atomic, caseless, in
         * sentences */
        "extends: existence\nmessage: '%s'\nignorecase: true\n"
        "nonword: true\ntokens:\n"
        "  - '\\b(?:up|down)ward(?:s|ly)? (?:to|from)\\b'\n"
        "  - 'x(?:ab|c)(?:d|ef)y'\n  - 'z(?:a(?:b|cd)|e)f'\n",
        "extends: existence\nmessage: '%s'\nnonword: true\ntokens:\n"
        "  - '(to|from) (?:the|a) (?:left|right)\\b'\n"
        "  - '(?>ab|a)c'\n  - 'q(?:u|ui)(?:ck|et)'\n",
        "extends: existence\nmessage: '%s'\nscope: sentence\n"
        "nonword: true\ntokens:\n  - '\\w+ (?:and|or) \\w+[.?!]'\n",
        /* optional characters inside a run: each spelling with and
         * without them */
        "extends: existence\nmessage: '%s'\nignorecase: true\ntokens:\n"
        "  - 'colou?r'\n  - 'x-?ray'\n  - 're-?(?:open|elect)(?:ed)?'\n"
        "  - 'a[.-]?b[cd]?e'\n",
    };
    static const char *const texts[] = {
        "I think my dog, and I'd say me too, is mine. I\nI said.\n",
        "At 12 noon, at 10 a.m. in the morning, $5 million dollars.\n\n"
        "12 noon\n",
        "Up 5 percent. The newly-built yard grew 3\tpercent! percentage\n",
        "A bull-like, Ox-like and bird-like skunk. KINGS kind\n",
        "Red, blue, green and gold. At 5 pm or 10 a.m. they met.\n\n"
        "Tea, milk, sugar or salt!\n",
        "the cat saw the the dog and the bird. The end the\n",
        "Skis and \xE2\x84\xAA\x69s, \xC5\xBFkis asked; \xC3\xA9" "ask okkay "
        "OKay.\n",
        "Caf\xC3\xA9 my\xC3\xA9 me\xE2\x80\x99s I\xE2\x80\x99" "d "
        "\xE2\x80\x9CI\xE2\x80\x9D I\n",
        "He left \xE2\x80\x94 again \xE2\x80\x94" "again\xE2\x80\x93 at 5PM, "
        "5 pm or 11am.  Then?No.\tYes!  Maybe x.x ?x "
        "\xE2\x80\x9CGo,\xE2\x80\x9D she said. \"Stop\". \xC3\x89" "5 "
        "x5\n",
        "Only \xC3\x89" "5 here\n",
        "At 5pm, 5 Am, 5 p.m. amid 5 PM 7 pM xbdfy xaceY xbcfy.\n",
        "Only 5 pm\n",
        /* literals inside words, where only those that need no word
         * start are looked for */
        "Xmy amid mI'd 10pm5pm x12 noon5 a.m.x in the morningly "
        "bull-likeness tea,milk,sugar and salt.\n",
        "Upward to the left, downwards from a right turn, DOWNWARDLY TO x."
        " xabdy xcefy XABEFY xcdy zabf zacdf zef zacf. From the LEFT; to a "
        "righteous. abc ac quick quiet quiick qUIET. Tea and milk. Tea or "
        "coffee? Bread and. hand or, fork and knife! Brand new band or.\n",
        "upwards to.\nTo\nthe left\nrun and\ndone.\n",
        "Colour color colouur COLOR X-ray xray x--ray re-open reopened "
        "Re-elected reelect abe a.be a-bce ab.e a..be abde abce.\n",
        "",
        "no match here at all\n",
    };
    assert_same_findings(f, "Pf", rules, sizeof(rules) / sizeof(*rules),
                         texts, sizeof(texts) / sizeof(*texts), findings);
}

/*
 * Word lists are matched with a trie (and text-scope lists share one
 * trie for the whole ruleset), not PCRE2: the findings must be those of
 * the same list as one `\b(?:t1|t2|...)\b` pattern (a `raw` rule, which
 * PCRE2 runs). Many tokens share their first bytes, so nodes have many
 * children (up to 36 below "q"), and the texts hold prefixes, longer
 * words, capitals, digits, punctuation inside tokens and non-ASCII
 * letters beside them.
 */
static void test_ruleset_word_list_same_as_pcre(void **state)
{
    struct fixture *f = *state;
    static const char *const fixed[] = {
        "the end", "the", "then", "there", "therefore", "thesis",
        "o'clock", "x/y", "a-b", "3d", "R&D", "on time", "on", "once",
        "New York", "New York City", "York", "caf\xC3\xA9 noir",
        "a b2", "ab 2c",
    };
    static const char alnum[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    static const char *const scopes[] = {"text", "sentence"};
    static const char *const cases[] = {"true", "false"};
    for (size_t sc = 0; sc < 2; sc++)
        for (size_t ci = 0; ci < 2; ci++) {
            char list[4096] = "", alt[4096] = "";
            size_t ll = 0, al = 0;
            size_t nfixed = sizeof(fixed) / sizeof(*fixed);
            for (size_t i = 0; i < nfixed + 56; i++) {
                char tok[16];
                if (i < nfixed)
                    snprintf(tok, sizeof(tok), "%s", fixed[i]);
                else if (i < nfixed + 36) /* qa .. q9, qaz .. for every third */
                    snprintf(tok, sizeof(tok), "q%c%s", alnum[i - nfixed],
                             i % 3 ? "" : "z");
                else /* zqa .. zqt: 20 children at the third level (more
                      * than lit_child() compares at once) */
                    snprintf(tok, sizeof(tok), "zq%c", alnum[i - nfixed - 36]);
                ll += (size_t)snprintf(list + ll, sizeof(list) - ll,
                                       "  - \"%s\"\n", tok);
                if (al)
                    alt[al++] = '|';
                for (const char *c = tok; *c; c++) { /* YAML '' quoting */
                    if (*c == '\'')
                        alt[al++] = '\'';
                    alt[al++] = *c;
                }
                alt[al] = '\0';
            }
            char words[8192], raw[8192];
            snprintf(words, sizeof(words),
                     "extends: existence\nmessage: '%%s'\nignorecase: %s\n"
                     "scope: %s\ntokens:\n%s",
                     cases[ci], scopes[sc], list);
            snprintf(raw, sizeof(raw),
                     "extends: existence\nmessage: '%%s'\nignorecase: %s\n"
                     "scope: %s\nnonword: true\nraw:\n  - '\\b(?:%s)\\b'\n",
                     cases[ci], scopes[sc], alt);
            char path[32];
            snprintf(path, sizeof(path), "Wl%zu%zu.yml", sc, ci);
            const struct cpl_vrule *rw = load(f, path, words);
            snprintf(path, sizeof(path), "Re%zu%zu.yml", sc, ci);
            const struct cpl_vrule *rr = load(f, path, raw);
            assert_non_null(rw);
            assert_non_null(rr);
            static const char *const texts[] = {
                "The end, then there! Therefore the thesis: theses, "
                "thence. THE END the endless Then\n",
                "At 3 o'clock x/y a-b 3d R&D r&d on time, once on; onto "
                "ontime New York City, New York Cityscape, new york.\n",
                "qa qb qaz qbz qcz q9 q9z q0 qz qzz qa1 Qa QAZ q qaa "
                "q-a qa-b qa's qa\xC3\xA9 \xC3\xA9qa q\xC3\xA9 qa9z\n",
                "\xC3\xA9the the\xC3\xA9 \xE2\x80\x9Cthe\xE2\x80\x9D "
                "the_ _the the1 1the York\xE2\x80\x99s Yorkshire\n",
                /* the first run, the byte after it and the second run
                 * (the filter in front of the combined trie) */
                "caf\xC3\xA9 noir, Caf\xC3\xA9 noir caf\xC3\xA9 noirs "
                "caf\xC3\xA8 noir a b2 a b2c a b a  b2 ab 2c ab 2 A B2 a-b2 "
                "ab-2c the-end the end.\n",
                "zqa zqp zqq zqt zqu zqz zq0 zqtz zq zq- zqa1 ZQT Zqs\n",
                "",
                "then",
            };
            for (size_t t = 0; t < sizeof(texts) / sizeof(*texts); t++) {
                char *a = findings(f, rw, texts[t], true);
                char *b = findings(f, rr, texts[t], true);
                assert_string_equal(a, b);
                free(a);
                free(b);
            }
            char *some = findings(f, rw, texts[0], true);
            assert_true(*some != '\0');
            free(some);
        }
    assert_int_equal(copylint_ctx_problem_count(f->ctx), 0);
}

static bool compiles(const char *pat, uint32_t *caps)
{
    int err;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
                                   PCRE2_UTF | PCRE2_UCP, &err, &off, NULL);
    if (!re)
        return false;
    pcre2_pattern_info(re, PCRE2_INFO_CAPTURECOUNT, caps);
    pcre2_code_free(re);
    return true;
}

/*
 * cpl_pattern_brackets_closed() lets the loader skip compiling a token
 * alone: whenever it says yes, the token joined with another as
 * `(?:(t)|(b))` must compile exactly when it compiles alone, with its own
 * groups plus the two (nothing swallowed). Random strings over the
 * characters that matter, and fixed cases it must not call closed.
 */
static void test_ruleset_brackets_closed(void **state)
{
    (void)state;
    static const char *const open[] = {
        "mail(?:m[ae]n|wom[", "a[b", "(a", "a)", "a\\", "[]a", "[^]a",
        "\\Q(\\E", "(?x)a#(", "(?#(a)", "[[:alpha:]", "(?:a|b))(",
        "(a)\\1", "(?1)", "(?|(a)|(b))", "?a", "(?<n>a)", "(*ACCEPT)",
    };
    for (size_t i = 0; i < sizeof(open) / sizeof(*open); i++)
        assert_false(cpl_pattern_brackets_closed(open[i]));
    assert_true(cpl_pattern_brackets_closed("a(?:b|c)[]x]\\(\\[d"));
    static const char alphabet[] = "()[]\\^a?:x#|-Q*+{}1,<=!P";
    unsigned seed = 42;
    size_t closed = 0;
    for (int n = 0; n < 200000; n++) {
        char t[12], join[40];
        size_t len = 1 + (size_t)(random_next(&seed) % 10);
        for (size_t k = 0; k < len; k++)
            t[k] = alphabet[random_next(&seed) % (sizeof(alphabet) - 1)];
        t[len] = '\0';
        if (!cpl_pattern_brackets_closed(t))
            continue;
        closed++;
        snprintf(join, sizeof(join), "(?:(%s)|(b))", t);
        uint32_t ct = 0, cj = 0;
        bool alone = compiles(t, &ct), joined = compiles(join, &cj);
        if (alone != joined || (alone && cj != ct + 2))
            fail_msg("'%s' called closed; alone %d (%u groups), joined %d "
                     "(%u groups)",
                     t, alone, ct, joined, cj);
    }
    assert_true(closed > 10000);
}

/*
 * A rule set holding one word list, by the trie and by PCRE2 (a second
 * rule set with the trie off): the same findings.
 * - "thought leaders?" is not a plain word, so it goes to the rule's rest
 *   pattern, whose one capture group tells which token matched; the rule
 *   set's match data must have room for it even when no other pattern
 *   has a group, or "thought leaders" (listed last) wins over "thought"
 *   where both start.
 * - "load off||x" may match nothing, and where it does (at any word
 *   start) PCRE2 takes that empty match before the later tokens: the
 *   trie cannot know it, so such a rule runs its pattern.
 * Both found by fuzz_rules.
 */
static void test_ruleset_word_list_alone(void **state)
{
    (void)state;
    static const char *const rules[] = {
        "extends: existence\nmessage: '%s'\nignorecase: true\n"
        "tokens:\n  - taught\n  - thought\n  - thought leaders?\n",
        "extends: existence\nmessage: '%s'\n"
        "tokens:\n  - on time\n  - load off||x\n  - thieves\n",
    };
    static const char *const texts[] = {
        "They taught the thought leaders a thought.\n",
        "Thought leader, thought leaders, THOUGHT.\n",
        "Take a load off, thieves, on time x.\n",
    };
    for (size_t ri = 0; ri < 2; ri++) {
        struct fixture *two[2];
        const struct cpl_vrule *r[2];
        for (int k = 0; k < 2; k++) {
            setup((void **)&two[k]);
            cpl_ruleset_set_word_trie(two[k]->rs, k == 0);
            r[k] = load(two[k], "Alone.yml", rules[ri]);
            assert_non_null(r[k]);
        }
        for (size_t t = 0; t < sizeof(texts) / sizeof(*texts); t++) {
            char *a = findings(two[0], r[0], texts[t], true);
            char *b = findings(two[1], r[1], texts[t], false);
            assert_string_equal(a, b);
            if (ri == 0 && t == 0)
                assert_non_null(strstr(a, "+7 thought|"));
            if (ri == 1 && t == 2) /* empty matches hide thieves and x */
                assert_string_equal(a, "7+8 load off|26+7 on time|");
            free(a);
            free(b);
        }
        for (int k = 0; k < 2; k++)
            teardown((void **)&two[k]);
    }
}

/*
 * Consistency rules whose pairs are plain words search only the pairs
 * both of whose words the combined trie saw (prefilter on); the findings
 * must be those of searching every pair (prefilter off): caseless and
 * not, words inside longer words or beside non-ASCII letters, and the
 * Kelvin sign, which caseless matching folds to k.
 */
static void test_ruleset_consistency_same_findings(void **state)
{
    struct fixture *f = *state;
    static const char *const rules[] = {
        "extends: consistency\nmessage: '%s'\nignorecase: true\neither:\n"
        "  advisor: adviser\n  centre: center\n  kerb: curb\n"
        "  organise: organize\n  organised: organized\n",
        "extends: consistency\nmessage: '%s'\neither:\n  colour: color\n"
        "  Colour: Color\n  grey: gray\n",
        /* a pair that is a pattern: every pair searched */
        "extends: consistency\nmessage: '%s'\nignorecase: true\neither:\n"
        "  'colou?r': hue\n  grey: gray\n",
    };
    static const char *const texts[] = {
        "The adviser met the Advisor at the centre. Center.\n",
        "A grey cat, a gray dog. Colour and color; COLOUR, Color.\n",
        "organised then organize, organizer organizes organiser.\n",
        "\xE2\x84\xAA" "erb, then curb. grey hue\n",
        "the centre\xC3\xA9 \xC3\xA9" "center centres centers\n",
        "only the centre here\n",
        "",
    };
    assert_same_findings(f, "Cons", rules, sizeof(rules) / sizeof(*rules),
                         texts, sizeof(texts) / sizeof(*texts), findings);
}

/*
 * Tokens after a raw part go to PCRE2 with each run of plain tokens
 * grouped by first character (b(?:eat|een)); the findings must be those
 * of the same alternation written out as one raw pattern, which is left
 * as written. The list has tokens that are prefixes of others with a
 * space ("on", "on time", listed both ways), the same first letter in
 * both cases, one-letter tokens, and patterns between and before runs.
 */
static void test_ruleset_factored_tokens_same_as_pcre(void **state)
{
    struct fixture *f = *state;
    static const char *const toks[] = {
        "[\\w]+ed", "beat", "Been", "b", "on", "on time", "be\\w*",
        "become", "bet", "Bet", "time off", "time", "x-ray", "x", "O'Neil",
        "on-line", "two words here", "two words", "t", "bo", "bo\\w+ \\w+",
        "bolder",
    };
    static const char *const cases[] = {"true", "false"};
    for (size_t ci = 0; ci < 2; ci++) {
        char list[2048] = "", alt[2048] = "";
        size_t ll = 0, al = 0;
        for (size_t i = 0; i < sizeof(toks) / sizeof(*toks); i++) {
            ll += (size_t)snprintf(list + ll, sizeof(list) - ll, "  - '%s'\n",
                                   toks[i]);
            if (al)
                alt[al++] = '|';
            for (const char *c = toks[i]; *c; c++) { /* YAML '' quoting */
                if (*c == '\'')
                    alt[al++] = '\'';
                alt[al++] = *c;
            }
            alt[al] = '\0';
        }
        /* the apostrophe of O'Neil, doubled for YAML */
        char fixed[2048];
        size_t fl = 0;
        for (const char *c = list; *c; c++) {
            fixed[fl++] = *c;
            if (*c == '\'' && c[-1] == 'O')
                fixed[fl++] = '\'';
        }
        fixed[fl] = '\0';
        char words[4096], raw[4096];
        snprintf(words, sizeof(words),
                 "extends: existence\nmessage: '%%s'\nignorecase: %s\n"
                 "raw:\n  - '\\b(?:is|was)\\s+'\ntokens:\n%s",
                 cases[ci], fixed);
        snprintf(raw, sizeof(raw),
                 "extends: existence\nmessage: '%%s'\nignorecase: %s\n"
                 "nonword: true\nraw:\n"
                 "  - '\\b(?:is|was)\\s+\\b(?:%s)\\b'\n",
                 cases[ci], alt);
        char path[32];
        snprintf(path, sizeof(path), "Fw%zu.yml", ci);
        const struct cpl_vrule *rw = load(f, path, words);
        snprintf(path, sizeof(path), "Fr%zu.yml", ci);
        const struct cpl_vrule *rr = load(f, path, raw);
        assert_non_null(rw);
        assert_non_null(rr);
        static const char *const texts[] = {
            "It was on time. It is on. It was on timeless. is On Time\n",
            "It was beat, is been, was BEEN, is b, was bet, is Bet, "
            "was become, is beaten, was bettered, is Betting\n",
            "was time off, is time, was timed, is x-ray, was x, is xy, "
            "was O'Neil, is on-line, was two words here, is two words, "
            "was t, is T, was two words herein\n",
            "is caf\xC3\xA9 was b\xC3\xA9 is be\xC3\xA9t\n",
            "was bolder type, is bo, was bolder\n",
            "",
        };
        size_t fired = 0;
        for (size_t t = 0; t < sizeof(texts) / sizeof(*texts); t++) {
            char *a = findings(f, rw, texts[t], true);
            char *b = findings(f, rr, texts[t], true);
            assert_string_equal(a, b);
            fired += *a != '\0';
            free(a);
            free(b);
        }
        assert_true(fired > 0);
    }
    assert_int_equal(copylint_ctx_problem_count(f->ctx), 0);
}

/* findings() with the native matchers on or off (prefilter on). */
static char *findings_native(struct fixture *f, const struct cpl_vrule *r,
                             const char *text, bool native)
{
    cpl_ruleset_set_native(f->rs, native);
    char *out = findings(f, r, text, true);
    cpl_ruleset_set_native(f->rs, true);
    return out;
}

/* Which pattern sources get a native matcher, and which must not. */
static void test_ruleset_native_shapes(void **state)
{
    (void)state;
    assert_int_equal(cpl_native_shape_of("(?:\\b(\\w+)\\b)"),
                     CPL_NATIVE_WORDS);
    assert_int_equal(cpl_native_shape_of("\\b\\w+\\b"), CPL_NATIVE_WORDS);
    assert_int_equal(cpl_native_shape_of("\\b\\w+"), CPL_NATIVE_WORDS);
    assert_int_equal(cpl_native_shape_of("(\\w+)"), CPL_NATIVE_WORD_CHARS);
    assert_int_equal(cpl_native_shape_of("\\w+\\b"), CPL_NATIVE_WORD_CHARS);
    assert_int_equal(cpl_native_shape_of("([^\\s]+)"), CPL_NATIVE_NONSPACE);
    assert_int_equal(cpl_native_shape_of("(?:\\S+)"), CPL_NATIVE_NONSPACE);
    static const char *const other[] = {
        "\\b\\w\\b",   "\\b\\w+?\\b", "\\b\\w++\\b", "(\\w+)+",
        "(\\w+)?",     "\\b\\S+\\b",  "[^\\s]*",     "\\w+\\s",
        "(?i)\\w+",    "(\\w+",       "\\w+)",       "\\b(\\w+)\\b|x",
        "\\b\\b\\w+",  "",            "[^\\s-]+",    "\\w{2,}",
    };
    for (size_t i = 0; i < sizeof(other) / sizeof(*other); i++)
        assert_int_equal(cpl_native_shape_of(other[i]), CPL_NATIVE_NONE);
}

/*
 * The native matchers must find what PCRE2 finds: each rule runs over
 * each text with and without them. The texts hold the characters where
 * \w and \s are easy to get wrong: letters and digits of other scripts,
 * combining marks and connector punctuation (\w or not depending on the
 * PCRE2 version), no-break, em, ideographic and Mongolian spaces, NEL,
 * vertical tab, zero-width space (not \s), curly quotes and dashes, and
 * matches at the edges of sentences and of the text.
 */
static void test_ruleset_native_same_findings(void **state)
{
    struct fixture *f = *state;
    static const char *const rules[] = {
        "extends: occurrence\nmessage: 'long'\nscope: sentence\nmax: 3\n"
        "token: \\b(\\w+)\\b\n",
        "extends: occurrence\nmessage: 'long'\nscope: sentence\nmax: 5\n"
        "token: \\b(\\w+)\\b\n",
        "extends: occurrence\nmessage: 'short'\nscope: sentence\nmin: 50\n"
        "token: \\b(\\w+)\\b\n",
        "extends: occurrence\nmessage: 'short'\nscope: paragraph\nmin: 99\n"
        "token: '\\w+'\n",
        "extends: occurrence\nmessage: 'long'\nmax: 9\ntoken: '[^\\s]+'\n",
        "extends: repetition\nmessage: '%s'\nalpha: true\ntokens:\n"
        "  - '[^\\s]+'\n",
        "extends: repetition\nmessage: '%s'\nignorecase: true\ntokens:\n"
        "  - '[^\\s]+'\n",
        "extends: repetition\nmessage: '%s'\nscope: sentence\ntokens:\n"
        "  - '\\b(\\w+)\\b'\n",
        "extends: repetition\nmessage: '%s'\nignorecase: true\ntokens:\n"
        "  - '\\S+'\n",
    };
    static const char *const texts[] = {
        "the cat saw the the dog and the bird. The end the\n",
        "Caf\xC3\xA9 caf\xC3\xA9 \xC3\x89t\xC3\xA9 \xC3\xA9t\xC3\xA9 "
        "\xCE\xB1\xCE\xB2 \xCE\xB1\xCE\xB2 \xD9\xA3\xD9\xA4 \xD9\xA3\xD9\xA4 "
        "x\xCC\x81 x\xCC\x81 a\xE2\x80\xBF" "b a\xE2\x80\xBF" "b.\n",
        "one\xC2\xA0one two\xE2\x80\x83two three\xE3\x80\x80three "
        "four\xE1\xA0\x8E" "four five\xC2\x85" "five six\vsix "
        "seven\xE2\x80\x8Bseven seven\xE2\x80\x8Bseven.\n",
        "\xE2\x80\x9CNo,\xE2\x80\x9D he said \xE2\x80\x94 no \xE2\x80\x94 "
        "no. It\xE2\x80\x99s it\xE2\x80\x99s so so! so\n\n"
        "A b c d e f g h i j k l m n o p q r s t.\tu u\n",
        "word",
        "  \n\t ",
        "",
        "x_y x_y 3rd 3rd \xEF\xBC\xA1 \xEF\xBC\xA1 \xF0\x9D\x90\x80 "
        "\xF0\x9D\x90\x80 end. End end\n",
    };
    assert_same_findings(f, "Nat", rules, sizeof(rules) / sizeof(*rules),
                         texts, sizeof(texts) / sizeof(*texts), findings_native);
}

/*
 * The native counts and repetition walks go 64 bytes at a time (a bit
 * per byte, then the runs' edges): long random texts put runs, repeated
 * words and multi-byte characters (\w or \s or neither) across every
 * chunk boundary, and at the very end of the text; the findings must
 * be PCRE2's.
 */
static void test_ruleset_native_long_texts(void **state)
{
    struct fixture *f = *state;
    static const char *const rules[] = {
        "extends: occurrence\nmessage: 'long'\nscope: sentence\nmax: 7\n"
        "token: \\b(\\w+)\\b\n",
        "extends: occurrence\nmessage: 'short'\nscope: sentence\nmin: 9\n"
        "token: \\b(\\w+)\\b\n",
        "extends: occurrence\nmessage: 'long'\nscope: paragraph\nmax: 20\n"
        "token: '[^\\s]+'\n",
        "extends: occurrence\nmessage: 'long'\nscope: paragraph\nmax: 4\n"
        "token: '[^\\s]+'\n",
        "extends: occurrence\nmessage: 'short'\nscope: paragraph\nmin: 6\n"
        "token: '\\b\\w+'\n",
        "extends: repetition\nmessage: '%s'\nalpha: true\ntokens:\n"
        "  - '[^\\s]+'\n",
        "extends: repetition\nmessage: '%s'\ntokens:\n  - '[^\\s]+'\n",
        "extends: repetition\nmessage: '%s'\nmax: 1\ntokens:\n"
        "  - '\\b(\\w+)\\b'\n",
        "extends: repetition\nmessage: '%s'\nscope: sentence\ntokens:\n"
        "  - '\\w+'\n",
    };
    static const char *const pieces[] = {
        "the ", "the ", "cat ", "cat", "a ", "so ", "so, ", "x", "y",
        "  ", "\t", "\n", "\n\n", ". ", "! ", "The ", "it's ",
        "caf\xC3\xA9 ", "\xC3\xA9", "\xCE\xB1\xCE\xB2 ",
        "\xE2\x80\x94", "\xE2\x80\x83", "\xC2\xA0", "\xE3\x80\x80",
        "\xF0\x9D\x90\x80", "\xE2\x80\x9C", "\xE2\x80\x9D ", "x_y ",
        "3rd ", "\v", "one-two ", "12 12 ", "\n\n", "\n\n",
        "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyz0123456789 ",
        "abcdefghijklmnopqrstuvwxyz\303\251abcdefghijklmnopqrstuvwxyz ",
    };
    enum { NTEXTS = 12, WANT = 700 };
    static char bufs[NTEXTS][WANT + 64];
    const char *texts[NTEXTS];
    unsigned seed = 42;
    for (size_t t = 0; t < NTEXTS; t++) {
        random_text(bufs[t], WANT - 64 * (t % 4) + t,
                    pieces, sizeof(pieces) / sizeof(*pieces), &seed);
        texts[t] = bufs[t];
    }
    assert_same_findings(f, "NatLong", rules, sizeof(rules) / sizeof(*rules),
                         texts, NTEXTS, findings_native);
}

/*
 * The SSE2 classification of ASCII chunks must give the table's bits
 * (PCRE2's own \w and \s) for every ASCII byte at every lane.
 */
static void test_ruleset_native_ascii_bits(void **state)
{
    (void)state;
    struct cpl_native_classes *c = cpl_native_classes_new();
    unsigned char u[64];
    unsigned seed = 42;
    for (int round = 0; round < 400; round++) {
        for (unsigned j = 0; j < 64; j++)
            u[j] = round < 2 ? (unsigned char)(j + 64 * round)
                             : (unsigned char)(random_next(&seed) % 128);
        for (int ns = 0; ns < 2; ns++)
            assert_int_equal(cpl_native_ascii_bits(c, ns, u, true),
                             cpl_native_ascii_bits(c, ns, u, false));
    }
    /* Each class has members and non-members among the 128 bytes. */
    unsigned char all[128];
    for (unsigned j = 0; j < 128; j++)
        all[j] = (unsigned char)j;
    for (int ns = 0; ns < 2; ns++) {
        uint64_t lo = cpl_native_ascii_bits(c, ns, all, false);
        uint64_t hi = cpl_native_ascii_bits(c, ns, all + 64, false);
        assert_true((lo | hi) != 0 && (lo & hi) != ~UINT64_C(0));
    }
    cpl_native_classes_free(c);
}

/*
 * chunk_bits() classifies the ASCII bytes 64 at a time (a short last
 * chunk through a padded copy) and then each non-ASCII character: its
 * bits and the chunk's length must be the byte-by-byte reference's for
 * every shape, from every offset, with characters of two to four bytes
 * (word, space, neither), invalid bytes and truncated sequences at and
 * across the chunk's end and the subject's end.
 */
static void test_ruleset_native_chunk_bits(void **state)
{
    (void)state;
    struct cpl_native_classes *c = cpl_native_classes_new();
    static const char *const pieces[] = {
        "a", "Z", "_", "9", " ", "\t", "\n", "\v", "-", "'", ".",
        "\xC3\xA9", "\xC2\xA0", "\xC2\x85", "\xE2\x80\x83",
        "\xE2\x80\x9C", "\xE3\x80\x80", "\xE2\x80\xBF",
        "\xF0\x9D\x90\x80", "\xF0\x9F\x98\x80", "\xCC\x81", "\xFF",
        "\x80", "\xE2\x80", "\xF0\x9D", "word ", "    ",
    };
    static const enum cpl_native_shape shapes[] = {
        CPL_NATIVE_WORDS, CPL_NATIVE_WORD_CHARS, CPL_NATIVE_NONSPACE};
    char buf[400];
    unsigned seed = 7;
    size_t nonascii = 0;
    for (int round = 0; round < 60; round++) {
        size_t len = random_text(buf, 40 + (size_t)round * 5, pieces,
                                 sizeof(pieces) / sizeof(*pieces), &seed);
        for (size_t t = 0; t < sizeof(shapes) / sizeof(*shapes); t++)
            for (size_t i = 0; i < len; i++) {
                /* A fresh cache each: the cache is keyed by code point,
                 * and an invalid byte (0xA0 alone) decodes to the code
                 * point of a valid character (U+00A0) of another class. */
                struct cpl_native_cache *k1 = cpl_native_cache_new();
                struct cpl_native_cache *k2 = cpl_native_cache_new();
                size_t n1 = 99, n2 = 98;
                uint64_t m1 = cpl_native_chunk_bits(c, k1, shapes[t], buf,
                                                    len, i, &n1, true);
                uint64_t m2 = cpl_native_chunk_bits(c, k2, shapes[t], buf,
                                                    len, i, &n2, false);
                cpl_native_cache_free(k1);
                cpl_native_cache_free(k2);
                assert_int_equal(n1, n2);
                assert_int_equal(m1, m2);
                nonascii += (unsigned char)buf[i] >= 0x80;
            }
    }
    assert_true(nonascii > 1000);
    cpl_native_classes_free(c);
}

/*
 * The run bits of a whole text, made once per document, must give every
 * block that starts and ends at character boundaries what classifying
 * the block alone gives: the count and first run of
 * cpl_native_count(), and the repetition and capitals walks, hit for
 * hit, for every shape and blocks at every boundary of random texts
 * (runs, repeats and multi-byte characters across 64-byte words).
 */
static void test_ruleset_native_text_bits(void **state)
{
    (void)state;
    struct cpl_native_classes *c = cpl_native_classes_new();
    struct cpl_native_cache *k = cpl_native_cache_new();
    static const char *const pieces[] = {
        "the ", "the ", "THE ", "NATO ", "UN ", "ABCDEFG ", "a", "Z", "_",
        "9", " ", "\t", "\n", "-", "'", ". ", "\xC3\xA9", "\xC2\xA0",
        "\xE2\x80\x83", "\xE2\x80\x9C", "\xE3\x80\x80",
        "\xF0\x9D\x90\x80", "\xCC\x81", "word ", "    ",
        "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ ",
    };
    static const enum cpl_native_shape shapes[] = {
        CPL_NATIVE_WORDS, CPL_NATIVE_WORD_CHARS, CPL_NATIVE_NONSPACE};
    char buf[700];
    unsigned seed = 11;
    uint64_t *bits = NULL;
    size_t cap = 0, blocks = 0, hits = 0;
    for (int round = 0; round < 40; round++) {
        size_t len = random_text(buf, 100 + (size_t)round * 13, pieces,
                                 sizeof(pieces) / sizeof(*pieces), &seed);
        for (size_t t = 0; t < sizeof(shapes) / sizeof(*shapes); t++) {
            cpl_native_text_bits(c, k, shapes[t], buf, len, &bits, &cap);
            for (int q = 0; q < 30; q++) {
                size_t p0 = random_next(&seed) % (len + 1);
                size_t p1 = p0 + random_next(&seed) % (len + 1 - p0);
                while (p0 > 0 && ((unsigned char)buf[p0] & 0xC0) == 0x80)
                    p0--;
                while (p1 < len && ((unsigned char)buf[p1] & 0xC0) == 0x80)
                    p1++;
                const char *sub = buf + p0;
                size_t n = p1 - p0;
                size_t a1 = 0, b1 = 0, a2 = 0, b2 = 0;
                assert_int_equal(cpl_native_count_bits(bits, p0, n, &a1, &b1),
                                 cpl_native_count(c, k, shapes[t], sub, n,
                                                  &a2, &b2));
                assert_int_equal(a1, a2);
                assert_int_equal(b1, b2);
                struct cpl_native_walk w1, w2;
                cpl_native_walk_init(&w1, c, k, shapes[t], sub, n);
                cpl_native_walk_init(&w2, c, k, shapes[t], sub, n);
                cpl_native_walk_use_bits(&w1, bits, p0);
                size_t r1[4], r2[4];
                for (;;) {
                    bool h1 = cpl_native_walk_repeat(&w1, &r1[0], &r1[1],
                                                     &r1[2], &r1[3]);
                    bool h2 = cpl_native_walk_repeat(&w2, &r2[0], &r2[1],
                                                     &r2[2], &r2[3]);
                    assert_int_equal(h1, h2);
                    if (!h1)
                        break;
                    assert_memory_equal(r1, r2, sizeof(r1));
                    hits++;
                }
                if (shapes[t] != CPL_NATIVE_WORDS)
                    continue;
                cpl_native_walk_init(&w1, c, k, shapes[t], sub, n);
                cpl_native_walk_init(&w2, c, k, shapes[t], sub, n);
                cpl_native_walk_use_bits(&w1, bits, p0);
                for (;;) {
                    bool h1 = cpl_native_walk_caps(&w1, 2, 5, &r1[0], &r1[1]);
                    bool h2 = cpl_native_walk_caps(&w2, 2, 5, &r2[0], &r2[1]);
                    assert_int_equal(h1, h2);
                    if (!h1)
                        break;
                    assert_memory_equal(r1, r2, 2 * sizeof(*r1));
                    hits++;
                }
                blocks++;
            }
        }
    }
    assert_true(blocks > 1000 && hits > 1000);
    free(bits);
    cpl_native_cache_free(k);
    cpl_native_classes_free(c);
}

/*
 * A conditional's `first` of the shape \b([A-Z]{m,n})\b is walked word
 * by word in native.c; the findings must be PCRE2's: capitals next to
 * digits, underscores, apostrophes, hyphens and non-ASCII letters, runs
 * longer than n, words shorter than m, at the text's edges, and in long
 * random texts (words across the 64-byte chunks).
 */
static void test_ruleset_native_caps_first(void **state)
{
    struct fixture *f = *state;
    assert_true(cpl_native_caps_shape("\\b([A-Z]{3,5})\\b", &(unsigned){0},
                                      &(unsigned){0}));
    unsigned lo = 0, hi = 0;
    assert_true(cpl_native_caps_shape("\\b(?:[A-Z]{2})\\b", &lo, &hi));
    assert_int_equal(lo, 2);
    assert_int_equal(hi, 2);
    static const char *const other[] = {
        "\\b([A-Z]{3,5})", "\\b[A-Z]{3,}\\b", "\\b([A-Z]{0,5})\\b",
        "\\b[a-z]{3}\\b", "\\b([A-Z]{3,5})\\b+", "\\b([A-Z]{5,3})\\b",
        "\\b([A-Z]{3,5}\\b", "\\b[A-Z]{3,5})\\b", "\\b[A-Z]{3,5}s\\b",
    };
    for (size_t i = 0; i < sizeof(other) / sizeof(*other); i++)
        assert_false(cpl_native_caps_shape(other[i], &lo, &hi));
    static const char *const rules[] = {
        "extends: conditional\nmessage: '%s'\n"
        "first: '\\b([A-Z]{3,5})\\b'\n"
        "second: '(?:\\b[A-Z][a-z]+ )+\\(([A-Z]{3,5})\\)'\n"
        "exceptions:\n  - NASA\n  - USA\n",
        "extends: conditional\nmessage: '%s'\nfirst: '\\b[A-Z]{2}\\b'\n"
        "second: 'QQQ'\n",
        "extends: conditional\nmessage: '%s'\n"
        "first: '\\b(?:[A-Z]{1,4})\\b'\nsecond: '\\(([A-Z]+)\\)'\n",
    };
    static const char *const fixed[] = {
        "The WHO and the UN met NATO. World Health Organization (WHO) "
        "said. ABCDEF ABC1 ABC_ 1ABC \xC3\x89" "ABC ABC\xC3\x89 AB-CD ABC's "
        "NASA USA. BBC\n",
        "ABC",
        "AB",
        "UN ... EU, OK? X Y Z. (EU) ABCD\xE2\x80\x99s A\xCC\x81" "BC ABC\n",
    };
    static const char *const pieces[] = {
        "the ", "WHO ", "UN ", "NATO ", "ABCDEF ", "ABC1 ", "X ", "EU. ",
        "\303\211AB ", "AB\xC3\x89 ", "caf\xC3\xA9 ", "\n", "(WHO) ",
        "World Health Organization ", "a-BBC ", "_AB ", "BBC's ",
        "\xE2\x80\x94", "  ",
    };
    enum { NRAND = 8, WANT = 600, NEDGE = 6 };
    static char bufs[NRAND][WANT + 64];
    /* A lower-case word whose capital tail crosses the 64-byte chunk
     * boundary at each place: only runs that begin with a capital may
     * be kept across it. */
    static char edge[NEDGE][96];
    const char *texts[4 + NRAND + NEDGE];
    for (size_t t = 0; t < 4; t++)
        texts[t] = fixed[t];
    unsigned seed = 42;
    for (size_t t = 0; t < NRAND; t++) {
        random_text(bufs[t], WANT - 50 * t, pieces,
                    sizeof(pieces) / sizeof(*pieces), &seed);
        texts[4 + t] = bufs[t];
    }
    for (size_t t = 0; t < NEDGE; t++) {
        size_t k = 59 + t;
        memset(edge[t], 'x', k);
        memcpy(edge[t] + k, "ABCD ok AB\n", 12);
        texts[4 + NRAND + t] = edge[t];
    }
    assert_same_findings(f, "Caps", rules, sizeof(rules) / sizeof(*rules),
                         texts, 4 + NRAND + NEDGE, findings_native);
}

/*
 * Patterns that begin with a run of one class search with the starts
 * inside such a run skipped (`(?:\G|(?<!C))`); the findings must be those
 * of the pattern itself: matches right after a character of the class
 * (where only \G lets them through), at block starts and ends, next to
 * non-ASCII letters, in sentences and in the whole text.
 */
static void test_ruleset_lead_class_same_findings(void **state)
{
    struct fixture *f = *state;
    static const char *const rules[] = {
        "extends: existence\nmessage: '%s'\nnonword: true\nscope: sentence\n"
        "tokens:\n  - '(?:[^\\s,]+,){1,} \\w+ (?:and|or) \\w+[.?!]'\n",
        "extends: existence\nmessage: '%s'\nnonword: true\n"
        "tokens:\n  - '(?:[^\\s,]+,){1,} \\w+ (?:and|or) \\w+[.?!]'\n",
        "extends: existence\nmessage: '%s'\nnonword: true\ntokens:\n"
        "  - '[a-z]+[!?]{2,}'\n",
        "extends: existence\nmessage: '%s'\nnonword: true\nignorecase: true\n"
        "tokens:\n  - '\\w+ing'\n",
        "extends: existence\nmessage: '%s'\nnonword: true\ntokens:\n"
        "  - '(?:[a-z]{2,}ly)'\n",
        "extends: substitution\nmessage: \"'%s' not '%s'\"\nnonword: true\n"
        "swap:\n  '[a-z]+ness': x\n",
        "extends: occurrence\nmessage: 'many'\nmax: 2\ntoken: '[A-Z]+\\d'\n",
        "extends: repetition\nmessage: '%s'\ntokens:\n  - '\\w+,'\n",
    };
    static const char *const texts[] = {
        "Red, blue, green and gold. At 5 pm we met.\n\nTea, milk or salt!\n",
        "x, y and z.q, r and s. a,b, c and d.e, f or g?\n",
        "Wow!! really?! no!!! Ok?? fine!?\n",
        "Running, singing and swinging; KING Sing. caf\xC3\xA9ing x\xC3\xA9ing\n",
        "Quickly and sadly, slyly. ly fly Ugly\n",
        "Sadness, madnessness and happiness. \xC3\xA9ness\n",
        "AB1 CD2xEF3 G4 HH5\n",
        "a, a, b, b,c,c, d\n",
        "",
        "no match here at all\n",
    };
    assert_same_findings(f, "Lead", rules, sizeof(rules) / sizeof(*rules),
                         texts, sizeof(texts) / sizeof(*texts), findings_native);
}

/*
 * The tail filter (a pattern G{n,}REST searches only where REST matches
 * at or after the search start) must not change any finding: the rules
 * below run with it (native on) and without (native off, which also
 * turns it off). REST holds look-behinds into G's text, look-aheads, \b,
 * caseless letters and several matches per block, so the cached REST
 * match is reused and passed.
 */
static void test_ruleset_tail_same_findings(void **state)
{
    struct fixture *f = *state;
    static const char *const rules[] = {
        "extends: existence\nmessage: '%s'\nnonword: true\nscope: sentence\n"
        "tokens:\n  - '(?:[^\\s,]+,){1,} \\w+ (?:and|or) \\w+[.?!]'\n",
        "extends: existence\nmessage: '%s'\nnonword: true\nscope: paragraph\n"
        "tokens:\n  - '(?:[^\\s,]+,){1,} \\w+ (?:and|or) \\w+[.?!]'\n",
        "extends: existence\nmessage: '%s'\nnonword: true\ntokens:\n"
        "  - '[a-zA-Z]+\\s\\b(?:cm|inches|(?:kilo)?grams)\\b'\n",
        "extends: existence\nmessage: '%s'\nnonword: true\nignorecase: true\n"
        "tokens:\n  - '\\w*x\\b'\n",
        "extends: existence\nmessage: '%s'\nnonword: true\ntokens:\n"
        "  - '(?:\\w+,)+(?<=[a-z],) y'\n",
        "extends: existence\nmessage: '%s'\nnonword: true\ntokens:\n"
        "  - '(?:ab)+(?=c)'\n",
        "extends: existence\nmessage: '%s'\nnonword: true\nignorecase: true\n"
        "tokens:\n  - '(?:[^\\s]+ ){2,}THE\\b'\n",
        "extends: substitution\nmessage: \"'%s' not '%s'\"\nnonword: true\n"
        "swap:\n  '[a-z]+[!?]{2,}': x\n",
        /* conditional: the filter on `second` */
        "extends: conditional\nmessage: '%s'\nfirst: '\\b([A-Z]{3,5})\\b'\n"
        "second: '(?:\\b[A-Z][a-z]+ )+\\(([A-Z]{3,5})\\)'\n"
        "exceptions: [API, NOTE]\n",
    };
    static const char *const texts[] = {
        /* NOLINTNEXTLINE(bugprone-suspicious-missing-comma): one text */
        "Red, blue, green and gold. At 5 pm we met.\n\nTea, milk or salt! "
        "Salt, pepper and oil? Oil, vinegar, and wine.\n",
        "x, y and z.q, r and s. a,b, c and d.e, f or g? and and. a, b and\n",
        "Cats and dogs run. Then x, y and z. Tea or milk! So a, b or c?\n",
        "It is 5 cm long, 3 Inches wide, ten kilograms; 4 cmx, 7 grams.\n",
        "Box fox, FOX\xC3\xA9 x x1 wax. Xx\n",
        "a,b, y c1, y ,, y d, yx\n",
        "ababc abc abab ab c aabc\n",
        "one two the three four THE five the\xC3\xA9 six the\n",
        "Wow!! really?! no!!! Ok?? fine!?\n",
        "caf\xC3\xA9, th\xC3\xA9 and t\xC3\xA9. \xE2\x84\xAA, s and q.\n",
        "The World Health Organization (WHO) and WHO met NATO. API, NOTE.\n",
        "NATO and the UN met the EU; API (WHO) WHOM.\n",
        "",
        "no match here at all\n",
    };
    assert_same_findings(f, "Tail", rules, sizeof(rules) / sizeof(*rules),
                         texts, sizeof(texts) / sizeof(*texts),
                         findings_native);
}

/* The prefilter's hits of every rule of f->rs on `text` (of the rules
 * with active[i] when active is not NULL), as one string, by the
 * byte-by-byte reference pass or by the word-start pass (with variant
 * `var` of cpl_ruleset_prefilter_variant()). */
static char *pf_hits_var(struct fixture *f, const char *text, size_t len,
                         bool bytewise, const bool *active, size_t var)
{
    copylint_doc *doc;
    assert_int_equal(
        copylint_doc_from_bytes(f->ctx, "t.txt", text, len, &doc),
        COPYLINT_OK);
    cpl_ruleset_set_prefilter_bytewise(f->rs, bytewise);
    struct cpl_rule_scratch *s = cpl_rule_scratch_new(f->rs, doc);
    cpl_rule_scratch_set_variant(s, var);
    size_t cap = 256, n = 0;
    char *out = cpl_xcalloc(1, cap);
    for (size_t r = 0; r < cpl_ruleset_count(f->rs); r++) {
        if (active && !active[r])
            continue;
        const uint32_t *hits = NULL;
        size_t nh = cpl_rule_scratch_pf_hits(s, doc, r, &hits);
        char buf[32];
        int k = snprintf(buf, sizeof(buf), "%zu:", r);
        for (size_t i = 0; i <= (nh == SIZE_MAX ? 0 : nh); i++) {
            while (n + (size_t)k + 1 > cap)
                out = cpl_xrealloc(out, cap *= 2);
            memcpy(out + n, buf, (size_t)k + 1);
            n += (size_t)k;
            if (nh == SIZE_MAX || i == nh)
                break;
            k = snprintf(buf, sizeof(buf), "%u,", (unsigned)hits[i]);
        }
    }
    cpl_rule_scratch_free(s);
    copylint_doc_free(doc);
    cpl_ruleset_set_prefilter_bytewise(f->rs, false);
    return out;
}

static char *pf_hits_of(struct fixture *f, const char *text, size_t len,
                        bool bytewise)
{
    return pf_hits_var(f, text, len, bytewise, NULL, 0);
}

/*
 * A pattern with an unbounded part before its literal opens its windows a
 * few stop characters back (pf_back_stop), not at the block's start: the
 * findings must be those of the plain scan. The rules cover white space
 * (Microsoft OxfordComma), digits (proselint Typography), curly quotes
 * (named non-ASCII stops), a letter in a negated class (which a
 * case-sensitive pattern takes out in one case only), caseless letters
 * (and the Kelvin sign, which makes a document skip the prefilter), and
 * classes with ranges; each must get a bound in stop characters, and the
 * random texts put their pieces next to each other in every order.
 */
static void test_ruleset_prefilter_stop_bound(void **state)
{
    struct fixture *f = *state;
    static const char *const rules[] = {
        "extends: existence\nmessage: '%s'\nscope: sentence\nnonword: true\n"
        "tokens:\n  - '(?:[^\\s,]+,){1,} \\w+ (?:and|or) \\w+[.?!]'\n",
        "extends: existence\nmessage: '%s'\nnonword: true\ntokens:\n"
        "  - '[0-9]+ ?x ?[0-9]+'\n  - '\\.\\.\\.'\n",
        "extends: existence\nmessage: '%s'\nnonword: true\ntokens:\n"
        "  - '[^\"\xE2\x80\x9D\xE2\x80\x9C]+[\"\xE2\x80\x9D][.,]'\n",
        "extends: existence\nmessage: '%s'\nnonword: true\ntokens:\n"
        "  - '[^k ]+ xyz'\n",
        "extends: existence\nmessage: '%s'\nignorecase: true\n"
        "nonword: true\ntokens:\n  - '[a-z]+ xyz'\n",
        "extends: existence\nmessage: '%s'\nnonword: true\ntokens:\n"
        "  - '\\b[a-zA-z]+\\spercent\\b'\n  - '\\w+- and \\w+-'\n"
        "  - '[a-z]+[!?]{2,}'\n",
    };
    static const char *const texts[] = {
        "Red, blue, green and gold. Tea, milk or salt! A, b and c.\n",
        "Tea and milk, sugar, salt and pepper, bread or jam?\n",
        "A 3 x 4 board, 10x12 and 5 x6... next tax 7 x y.\n",
        "\xE2\x80\x9CGo home\xE2\x80\x9D. He said \"Stop\", then "
        "\xE2\x80\x9CStay\xE2\x80\x9D, \"x\".\n",
        "aKb xyz, kab xyz, ab xyz; Kxyz xyz\n",
        "a\xE2\x84\xAA" "b xyz, \xC5\xBF" "xyz ok XYZ\n",
        "Up 5 percent, a[b percent, pre- and post-war, wow!!! no?!\n",
    };
    const size_t nrules = sizeof(rules) / sizeof(*rules);
    assert_same_findings(f, "Ws", rules, nrules, texts,
                         sizeof(texts) / sizeof(*texts), findings);
    static const char *const pieces[] = {
        " ", " ", "  ", ",", ", ", "and", " and ", " or ", ".", "!", "?",
        "x", " x ", "3", "12", "...", "\"", "\xE2\x80\x9C", "\xE2\x80\x9D",
        "k", "K", "\xE2\x84\xAA", "\xC5\xBF", "xyz", " xyz", "percent",
        "-", "a", "bc", "Tea", "\n", "\t", "\xC3\xA9", "[",
    };
    unsigned seed = 11;
    char buf[400];
    size_t fired = 0;
    for (size_t i = 0; i < nrules; i++) {
        char path[32];
        snprintf(path, sizeof(path), "Ws%zu.yml", i);
        const struct cpl_vrule *r = load(f, path, rules[i]);
        assert_non_null(r);
        cpl_ruleset_finish(f->rs);
        uint32_t off, ws;
        assert_true(cpl_vrule_pf_bounds(r, &off, &ws));
        assert_int_equal(off, UINT32_MAX);
        assert_true(ws <= 4);
        for (unsigned k = 0; k < 300; k++) {
            random_text(buf, 20 + random_next(&seed) % 300, pieces,
                        sizeof(pieces) / sizeof(*pieces), &seed);
            char *with = findings(f, r, buf, true);
            char *without = findings(f, r, buf, false);
            assert_string_equal(with, without);
            fired += *with != '\0';
            free(with);
            free(without);
        }
    }
    assert_true(fired > 300);
}

/* How many times c occurs in s: the hits of a pf_hits_of() string (its
 * commas), the findings of an all_findings() string (its bars). */
static size_t count_char(const char *s, char c)
{
    size_t n = 0;
    for (; *s; s++)
        n += *s == c;
    return n;
}

/*
 * A group of plain branches joins the characters around it in the
 * prefilter's literals: ` \w+ (?:and|or) \w+[.?!]` (Microsoft
 * OxfordComma's tail) looks for " and " and " or ", not for "and" and
 * "or" inside every word ("brand", "for"), whose hits each cost a search;
 * so does an optional character (`[ap]\.?m`: "am", "a.m", not "m").
 */
static void test_ruleset_prefilter_joined_literals(void **state)
{
    struct fixture *f = *state;
    assert_non_null(load(f, "Join.yml",
                         "extends: existence\nmessage: '%s'\n"
                         "scope: sentence\nnonword: true\ntokens:\n"
                         "  - '\\w+ (?:and|or) \\w+[.?!]'\n"));
    assert_non_null(load(f, "Join2.yml",
                         "extends: existence\nmessage: '%s'\n"
                         "nonword: true\ntokens:\n  - 'x(?:ab|c)(?:d|ef)y'\n"));
    /* an optional character: "5am", "5a.m", "5pm", ..., with the digit
     * before (\d: the ten ASCII digits), neither "am" inside "team" nor
     * "m" (proselint DateSpacing) */
    assert_non_null(load(f, "Join3.yml",
                         "extends: existence\nmessage: '%s'\n"
                         "nonword: true\nignorecase: true\ntokens:\n"
                         "  - '\\d{1,2}[ap]\\.?m\\.?'\n"));
    cpl_ruleset_finish(f->rs);
    static const char text[] =
        "hand or fork and knife. Brand for band. xcdy xabefy xaby.";
    char *hits = pf_hits_of(f, text, strlen(text), false);
    assert_string_equal(hits, "0:4,12,1:40,45,2:");
    free(hits);
    static const char text2[] = "at 5pm, 10 a.m. team mom";
    hits = pf_hits_of(f, text2, strlen(text2), false);
    assert_string_equal(hits, "0:1:2:3,");
    free(hits);
}

/*
 * The prefilter picks the rarest literals a match must hold, by an
 * estimate of how often they occur in English (pf_est()): classes and
 * \d next to a literal are spelt out, repeats count their copies, and
 * a back-reference is an item that gives no literal. Each rule below
 * must hit only where its rare literals are, not at the common ones the
 * plain reading gave ("may", "-", ".", "so", "am", every place).
 */
static void test_ruleset_prefilter_rare_literals(void **state)
{
    struct fixture *f = *state;
    static const char *const rules[] = {
        /* not "may" alone: "May 5" (wire DateOrdinal) */
        "extends: existence\nmessage: '%s'\nnonword: true\nraw:\n"
        "  - '\\b(?:May|June|Mar\\.?) \\d{1,2}\\K(?:st|nd|rd|th)\\b'\n",
        /* not "-": "-5" (Microsoft Negative) */
        "extends: existence\nmessage: '%s'\nnonword: true\nraw:\n"
        "  - '(?<=\\s)-\\d+(?:\\.\\d+)?\\b'\n",
        /* not ".": ".  " and ".a" ... (Microsoft Spacing) */
        "extends: existence\nmessage: '%s'\nnonword: true\ntokens:\n"
        "  - '[a-z][.?!] {2,}[A-Z]'\n  - '[a-z][.?!][A-Z]'\n",
        /* not "so": "; so", "- so" (write-good So) */
        "extends: existence\nmessage: '%s'\nnonword: true\nraw:\n"
        "  - '(?:[;-]\\s)so[\\s,]'\n",
        /* a back-reference: "<b>" and the other tags, not every place */
        "extends: existence\nmessage: '%s'\nnonword: true\nraw:\n"
        "  - '<(b|i)>(?=[^\\n]*</\\1>)'\n",
    };
    for (size_t i = 0; i < sizeof(rules) / sizeof(*rules); i++) {
        char path[32];
        snprintf(path, sizeof(path), "Rare%zu.yml", i);
        assert_non_null(load(f, path, rules[i]));
    }
    cpl_ruleset_finish(f->rs);
    static const char text[] =
        "In May the market fell; on May 5th a well-known -3 drop. So x."
        "  U.S. said.  Then x.Yes; so <b>a</b> and <i>";
    char *hits = pf_hits_of(f, text, strlen(text), false);
    assert_string_equal(hits, "0:27,1:48,2:61,65,73,82,3:86,4:91,104,");
    free(hits);
    char *slow = pf_hits_of(f, text, strlen(text), true);
    assert_string_equal(slow, "0:27,1:48,2:61,65,73,82,3:86,4:91,104,");
    free(slow);
}

/*
 * What the prefilter reads since it spells out classes, \d, \s and
 * repeats and passes over back-references must not change a finding
 * (as test_ruleset_prefilter_same_findings): \d and \s under UCP match
 * more than the ASCII characters they are spelt as (Arabic-Indic and
 * fullwidth digits, no-break and thin spaces), which a document that
 * holds them must still find.
 */
static void test_ruleset_prefilter_spelt_same_findings(void **state)
{
    struct fixture *f = *state;
    static const char *const rules[] = {
        "extends: existence\nmessage: '%s'\nnonword: true\nraw:\n"
        "  - '\\b(?:May|June|Mar\\.?) \\d{1,2}\\K(?:st|nd|rd|th)\\b'\n",
        "extends: existence\nmessage: '%s'\nnonword: true\nraw:\n"
        "  - '(?<=\\s)-\\d+(?:\\.\\d+)?\\b'\n",
        "extends: existence\nmessage: '%s'\nnonword: true\ntokens:\n"
        "  - '[a-z][.?!] {2,}[A-Z]'\n  - '[a-z][.?!][A-Z]'\n"
        "  - 'x{3}[0-9A-F]{2}'\n",
        "extends: existence\nmessage: '%s'\nnonword: true\n"
        "ignorecase: true\nraw:\n"
        "  - '(?:[;-]\\s)so[\\s,]|\\bSo[\\s,](?:)'\n",
        "extends: existence\nmessage: '%s'\nnonword: true\nraw:\n"
        "  - '<(b|i)>(?=[^\\n]*</\\1>)|(\\w+) \\2\\b|(?P<w>ab) (?P=w)'\n",
        "extends: existence\nmessage: '%s'\nnonword: true\n"
        "ignorecase: true\ntokens:\n"
        "  - '\\d{1,2} ?[aApP]\\.[mM]\\.'\n  - '\\d+ ?x ?\\d+'\n"
        "  - '(?:^|\\s)I(?=\\s)'\n  - '[\\d.]{2}%'\n",
        "extends: existence\nmessage: '%s'\nnonword: true\ntokens:\n"
        "  - 'a(?:bc)?d\\s+e'\n  - '(?:ab){2,3}c'\n  - 'q\\s?[\\s,]r'\n",
    };
    static const char *const texts[] = {
        "On May 5th, June 22nd and Mar. 3rd; Mar 1st. May 5 th.\n",
        "It fell -3 and -4.5 in a well-known -x drop.\t-7\n",
        "Then x.Yes.  No way?Ok. U.S. xxxA0 xxx0F xxxxFF\n",
        "Yes; so it went - so, then. So, Se; so\xC2\xA0it. So\xE2\x80\x89"
        "x -\xE3\x80\x80so\n",
        "<b>bold</b> and <i>x</b> the the word ab ab cd cd.\n",
        "At 5 a.m. and 10P.M., 3 x 4 and 3x4. I said I\nI I\xC2\xA0"
        "ok 5.5% 12%\n",
        "abcd e ad\te abcd\xC2\xA0\xC2\xA0" "e ababc abababc q , r q\xC2\xA0,r\n",
        /* \d past ASCII: Arabic-Indic and fullwidth digits */
        "On May \xD9\xA3rd, June \xEF\xBC\x92nd: -\xD9\xA3 and "
        "\xEF\xBC\x95 p.m. and \xD9\xA3x\xD9\xA4. 5 am\n",
        "Caf\xC3\xA9 May 3rd \xE2\x80\x94 -2\n",
        "",
    };
    assert_same_findings(f, "Spelt", rules, sizeof(rules) / sizeof(*rules),
                         texts, sizeof(texts) / sizeof(*texts), findings);
}

/*
 * The prefilter's pass looks only at word starts and at the places where
 * a literal that needs none may start (64 bytes at a time, then filters
 * by the next three bytes); it must find exactly the hits of the
 * byte-by-byte reference pass. Rule sets: the built-in packs (few
 * literals that need no word start: compared in pairs), then with rules
 * that add more of them (still in pairs), more still (compared by first
 * byte), then more first bytes than that compares (every place), each over random texts of pieces that begin, end and break
 * literals, in both cases, beside non-ASCII letters and punctuation and
 * across 64-byte blocks, and over corpus articles when ../shared is
 * there.
 */
static void test_ruleset_prefilter_pass_same_hits(void **state)
{
    struct fixture *f = *state;
    static const char *const packs[] = {"residue", "wire", "cp", "ap"};
    for (size_t i = 0; i < sizeof(packs) / sizeof(*packs); i++) {
        char dir[1024];
        snprintf(dir, sizeof(dir), "%s/rules/%s", COPYLINT_SOURCE_DATADIR,
                 packs[i]);
        assert_true(cpl_ruleset_load_style(f->rs, f->ctx, packs[i], dir,
                                           true) > 0);
    }
    /* Literals that need no word start (inside words, sentence scope:
     * no boundary test at all), compared by first and second byte, or by
     * first byte alone when it has too many second bytes ("i"). */
    static const char *const more[] = {
        "extends: existence\nmessage: '%s'\nnonword: true\ntokens:\n"
        "  - 'ing\\b'\n  - 'ion\\b'\n  - 'ies\\b'\n  - 'iqz'\n"
        "  - '[a-z]+iz\\w+'\n",
        "extends: existence\nmessage: '%s'\nnonword: true\n"
        "scope: sentence\ntokens:\n  - '\\bthe\\b'\n  - '\\b(?:Ta|tE)c'\n",
    };
    /* ... and more pairs than it compares (first bytes alone):
     * non-ASCII, punctuation, one byte. */
    static const char *const most[] = {
        "extends: existence\nmessage: '%s'\nnonword: true\ntokens:\n"
        "  - '\xE2\x80\x94\\w+'\n  - '[.?!] {2,}'\n  - '%'\n",
        "extends: existence\nmessage: '%s'\nnonword: true\nignorecase: true\n"
        "tokens:\n  - 'qu'\n  - 'zz\\b'\n  - 'o[kK]ay'\n  - '\\(\\d'\n",
    };
    /* ... and more first bytes than it compares (every place). */
    static const char *const all[] = {
        "extends: existence\nmessage: '%s'\nnonword: true\ntokens:\n"
        "  - 'b7'\n  - 'c7'\n  - 'd7'\n  - 'f7'\n  - 'g7'\n  - 'h7'\n"
        "  - 'j7'\n  - 'k7'\n  - 'm7'\n  - 'n7'\n  - 'p7'\n  - 'r7'\n"
        "  - 'v7'\n  - 'w7'\n  - 'y7'\n  - '#'\n  - '&'\n  - '\\*'\n"
        "  - '\\+'\n  - '/'\n  - ':'\n  - ';'\n  - '<'\n  - '='\n"
        "  - '>'\n  - '@'\n  - '~'\n",
    };
    static const char *const pieces[] = {
        "January", "JAN.", "jan", "Sept.", "sep", "December 7", "May 5",
        "12", "2", "3 people", "ten", "thirty", "thirteen", "the", "The",
        "then", "$", "$5", " morning", "Morning", " continues",
        "Newsletter", " newsletter", "us", "US", "U.S.", "percent",
        "per cent", "Secretary General", "read more", "Read More",
        "advertisement", "posted", "updated", "tonight", "evening", "12 noon",
        "\xC3\xA9", "\xC3\x89t\xC3\xA9", "\xE2\x80\x94", "\xE2\x80\x99",
        "\xE2\x80\x9C", "\n", "\n\n", " ", "  ", ",", ".", "x", "_", "9",
        "ab", "abc", "Xyc", "xYC", "running", "newly-built", "quick", "fizz",
        "okay", "OKAY", "(1)", "%", "?  ", "nation", "lies", "IQZ", "prize",
        "xiqz", "AIQZ", "thetac",
        "ion", "ies", "tac", "TEC", "word", "Word", "words", "-", "'", "\t",
        "&amp;", "<b>", "</i>", "&", "<",
        "b7", "Hy7", "ky7e", "7", "#", "a=b", "~", "x:y", "*", "@me",
    };
    const size_t npieces = sizeof(pieces) / sizeof(*pieces);
    const char *shared = getenv("COPYLINT_SHARED_DIR");
    for (unsigned set = 0; set < 4; set++) {
        if (set == 1)
            for (size_t i = 0; i < sizeof(more) / sizeof(*more); i++) {
                char path[32];
                snprintf(path, sizeof(path), "More%zu.yml", i);
                assert_non_null(load(f, path, more[i]));
            }
        if (set == 2)
            for (size_t i = 0; i < sizeof(most) / sizeof(*most); i++) {
                char path[32];
                snprintf(path, sizeof(path), "Most%zu.yml", i);
                assert_non_null(load(f, path, most[i]));
            }
        if (set == 3)
            for (size_t i = 0; i < sizeof(all) / sizeof(*all); i++) {
                char path[32];
                snprintf(path, sizeof(path), "All%zu.yml", i);
                assert_non_null(load(f, path, all[i]));
            }
        cpl_ruleset_finish(f->rs);
        /* the packs and `more` by pairs, `most` by first bytes, `all`
         * at every place */
        assert_int_equal(cpl_ruleset_prefilter_mode(f->rs),
                         set < 2 ? 0 : set == 2 ? 1 : 2);
        unsigned seed = 7 + set;
        size_t hits = 0;
        char buf[600];
        for (unsigned k = 0; k < 400; k++) {
            /* lengths around the 64-byte blocks, and longer */
            size_t want = k < 200 ? 60 + k % 12 : random_next(&seed) % 500;
            size_t len = random_text(buf, want, pieces, npieces, &seed);
            char *slow = pf_hits_of(f, buf, len, true);
            char *fast = pf_hits_of(f, buf, len, false);
            assert_string_equal(fast, slow);
            hits += count_char(slow, ',');
            free(slow);
            free(fast);
        }
        assert_true(hits > 1000); /* the texts hit literals of the rules */
        /* A pass for some of the rules only (cpl_ruleset_prefilter_variant):
         * their hits are those of the reference. */
        size_t nr = cpl_ruleset_count(f->rs);
        bool *active = cpl_xcalloc(nr, 1);
        hits = 0;
        for (unsigned v = 0; v < 4; v++) {
            for (size_t r = 0; r < nr; r++)
                active[r] = random_next(&seed) % 2 == 0;
            size_t var = cpl_ruleset_prefilter_variant(f->rs, active);
            assert_true(var > 0);
            assert_int_equal(cpl_ruleset_prefilter_find(f->rs, active), var);
            for (unsigned k = 0; k < 150; k++) {
                size_t len = random_text(buf, random_next(&seed) % 500,
                                         pieces, npieces, &seed);
                char *slow = pf_hits_var(f, buf, len, true, active, 0);
                char *fast = pf_hits_var(f, buf, len, false, active, var);
                assert_string_equal(fast, slow);
                hits += count_char(slow, ',');
                free(slow);
                free(fast);
            }
        }
        assert_true(hits > 400);
        free(active);
        /* Corpus articles, when there. */
        static const char *const articles[] = {
            "reuters/000001.txt", "reuters/000002.txt", "reuters/000100.txt",
            "bbc/business-001.txt", "bbc/business-050.txt",
            "guardian/AffiliateProductShowcase.txt",
        };
        for (size_t i = 0; shared && *shared &&
                           i < sizeof(articles) / sizeof(*articles);
             i++) {
            char path[1024];
            snprintf(path, sizeof(path), "%s/corpus/%s", shared, articles[i]);
            FILE *fp = fopen(path, "rb");
            if (!fp)
                continue;
            static char art[1 << 16];
            size_t n = fread(art, 1, sizeof(art) - 1, fp);
            fclose(fp);
            art[n] = '\0';
            char *slow = pf_hits_of(f, art, strlen(art), true);
            char *fast = pf_hits_of(f, art, strlen(art), false);
            assert_string_equal(fast, slow);
            free(slow);
            free(fast);
        }
    }
}

/* A message as the matcher built it byte by byte before it copied the
 * text between '%' signs in one piece: the reference. */
static void format_reference(const char *msg, const char *const *args,
                             size_t nargs, char *out, size_t size)
{
    size_t o = 0, k = 0;
    for (const char *c = msg; *c && o + 1 < size; c++) {
        if (c[0] == '%' && c[1] == 's' && nargs) {
            const char *add = args[k++ % nargs];
            size_t l = strlen(add);
            if (l > size - 1 - o)
                l = size - 1 - o;
            memcpy(out + o, add, l);
            o += l;
            c++;
        } else if (c[0] == '%' && c[1] == '%') {
            out[o++] = '%';
            c++;
        } else {
            out[o++] = *c;
        }
    }
    out[o] = '\0';
}

/*
 * Messages: `%s` takes the arguments in turn (cycling), `%%` is one '%',
 * any other '%' is itself; each must be what the reference builds.
 */
static void test_ruleset_message_format(void **state)
{
    struct fixture *f = *state;
    static const char *const msgs[] = {
        "plain", "%s", "'%s' or '%s' then %s!", "100%% sure: %s", "%",
        "50% off %s %", "%%s is %s", "%%%s%%", "a%", "%d%x%s%q",
        "", "%s%s%s%s",
    };
    char big[600];
    for (size_t which = 0; which < 3; which++) {
        for (size_t m = 0; m < sizeof(msgs) / sizeof(*msgs) + 3; m++) {
            const char *msg = m < sizeof(msgs) / sizeof(*msgs) ? msgs[m] : big;
            if (m >= sizeof(msgs) / sizeof(*msgs)) {
                /* longer runs between the '%' signs (findings keep at
                 * most 511 bytes of a message: below that) */
                size_t at = m - sizeof(msgs) / sizeof(*msgs);
                size_t pre = 100 + 150 * at;
                memset(big, 'y', pre);
                memcpy(big + pre, "%s tail %% z%s", 15);
            }
            char yaml[2048], text[] = "He said okaaay twice, okaaay.\n";
            snprintf(yaml, sizeof(yaml),
                     "extends: existence\nmessage: \"%s\"\nnonword: true\n"
                     "tokens:\n  - 'ok%s'\n",
                     msg, which == 0 ? "a+y" : which == 1 ? "(a+)y" : "");
            char path[32];
            snprintf(path, sizeof(path), "Msg%zu_%zu.yml", which, m);
            const struct cpl_vrule *r = load(f, path, yaml);
            assert_non_null(r);
            copylint_doc *doc = run(f, r, text);
            assert_true(copylint_doc_diag_count(doc) >= 1);
            const copylint_diag *d = copylint_doc_diag(doc, 0);
            char match[64];
            snprintf(match, sizeof(match), "%.*s",
                     (int)copylint_diag_length(d),
                     text + copylint_diag_offset(d));
            const char *args[] = {match};
            char want[1024];
            format_reference(msg, args, 1, want, sizeof(want));
            assert_string_equal(copylint_diag_message(d), want);
            copylint_doc_free(doc);
        }
    }
    assert_int_equal(copylint_ctx_problem_count(f->ctx), 0);
}

/* Every rule's findings over `text` (the word lists' candidates built
 * once for all of them), with the token pass of the word lists on or
 * off (the byte pass). */
static char *all_findings(struct fixture *f, const char *text, size_t tlen,
                          bool token_pass)
{
    copylint_doc *doc;
    assert_int_equal(
        copylint_doc_from_bytes(f->ctx, "t.txt", text, tlen, &doc),
        COPYLINT_OK);
    doc->ctx = f->ctx;
    cpl_doc_segment(doc);
    cpl_ruleset_set_word_token_pass(f->rs, token_pass);
    cpl_ruleset_finish(f->rs);
    struct cpl_rule_scratch *s = cpl_rule_scratch_new(f->rs, doc);
    for (size_t r = 0; r < cpl_ruleset_count(f->rs); r++)
        cpl_vrule_run(cpl_ruleset_rule(f->rs, r), doc, s);
    cpl_rule_scratch_free(s);
    cpl_doc_finish(doc);
    cpl_ruleset_set_word_token_pass(f->rs, true);
    return findings_string(doc);
}

/*
 * The word lists' pass from the segmenter's tokens (short words passed
 * over on a look-up of the whole word, and of the word after it for the
 * first word of a longer list token) must find what the pass over every
 * byte finds: word lists of one run, of two runs with a short or a long
 * second run (more than 16 bytes) or an empty one ("yes, sir": a comma,
 * then a space), a first run of 16 and 17 bytes, case
 * and caseless, over random texts of those words, near misses,
 * apostrophes, hyphens, non-ASCII letters and marks, underscores, digits
 * and line breaks, at every length near the end of a text, and over
 * real copy from the shared corpus when it is there.
 */
static void test_ruleset_word_token_pass_same(void **state)
{
    struct fixture *f = *state;
    static const char *const rules[] = {
        "extends: existence\nmessage: 'a %s'\nignorecase: true\n"
        "tokens:\n  - very\n  - said\n  - the end\n  - a lot\n"
        "  - in order to\n  - don't\n  - o'clock\n  - mid-May\n"
        "  - U.S.\n  - Inc.\n  - New York City\n  - 3d\n  - x2\n"
        "  - abcdefghijklmnop\n  - abcdefghijklmnopq\n"
        "  - up abcdefghijklmnopqr\n  - up to\n  - t\n  - s\n"
        "  - yes, sir\n  - R&D\n  - x/y\n",
        "extends: existence\nmessage: 'b %s'\nignorecase: false\n"
        "tokens:\n  - Very\n  - New York\n  - the\n  - end\n"
        "  - caf\xC3\xA9\n  - co-op\n  - a\n",
        "extends: substitution\nmessage: 'c %s'\nignorecase: true\n"
        "swap:\n  utilize: use\n  in spite of: despite\n"
        "  at this point in time: now\n  end: finish\n",
    };
    for (size_t i = 0; i < sizeof(rules) / sizeof(*rules); i++) {
        char path[32];
        snprintf(path, sizeof(path), "Tok%zu.yml", i);
        assert_non_null(load(f, path, rules[i]));
    }
    static const char *const pieces[] = {
        "very", "Very", "VERY", "said", "the", "The", "end", "the end",
        "a lot", "a", "lot", "in order to", "in", "order", "to", "don't",
        "dont", "o'clock", "mid-May", "mid", "May", "U.S.", "U.S", "Inc.",
        "Inc", "New York City", "New York", "New", "York", "3d", "x2",
        "abcdefghijklmnop", "abcdefghijklmnopq", "abcdefghijklmnopqr",
        "up", "up to", "up abcdefghijklmnopqr", "t", "s", "caf\xC3\xA9",
        "co-op", "utilize", "in spite of", "at this point in time",
        "endless", "veryy", "_", "_the", "the_", "\xC3\xA9", "\xC3\xA9the",
        "the\xC3\xA9", "\xE2\x80\x99", "\xE2\x80\x99s", "'s", "-", "--",
        "\xE2\x80\x90", " ", " ", " ", " ", "  ", ", ", ". ", "\n",
        "\n\n", "\r\n", "\t", "(", ")", "\"", "1", "42", "3D", "x", "A",
        "a\xCC\x81", "\xE2\x80\x9C", "\xE2\x80\x9D", "/", "?", "!",
        "yes, sir", "yes", "sir", ",", "R&D", "R", "&", "D", "x/y", "y",
    };
    size_t npieces = sizeof(pieces) / sizeof(*pieces);
    unsigned seed = 4;
    char buf[400];
    size_t fired = 0;
    for (size_t k = 0; k < 600; k++) {
        size_t len = random_text(buf, 1 + k % 300, pieces, npieces, &seed);
        if (k % 7 == 0) /* a text that ends at every place near a word */
            len -= len > 3 ? k % 4 : 0;
        for (size_t cut = 0; cut < 2; cut++) {
            size_t tl = cut && len > 20 ? len - 17 : len;
            char *a = all_findings(f, buf, tl, true);
            char *b = all_findings(f, buf, tl, false);
            assert_string_equal(a, b);
            fired += count_char(a, '|');
            free(a);
            free(b);
        }
    }
    assert_true(fired > 1000);
    static const char *const real[] = {
        "../shared/corpus/reuters/000001.txt",
        "../shared/corpus/reuters/000002.txt",
        "../shared/corpus/reuters/000003.txt",
        "../shared/corpus/bbc/business-001.txt",
        "../shared/corpus/bbc/business-002.txt",
    };
    for (size_t i = 0; i < sizeof(real) / sizeof(*real); i++) {
        char name[256];
        FILE *fp = NULL;
        for (int up = 0; up < 4 && !fp; up++) { /* from build/tests etc. */
            snprintf(name, sizeof(name), "%.*s%s", 3 * up,
                     "../../../../", real[i]);
            fp = fopen(name, "rb");
        }
        if (!fp)
            continue; /* no shared corpus here */
        static char text[1 << 16];
        size_t tl = fread(text, 1, sizeof(text), fp);
        fclose(fp);
        char *a = all_findings(f, text, tl, true);
        char *b = all_findings(f, text, tl, false);
        assert_string_equal(a, b);
        free(a);
        free(b);
    }
    assert_int_equal(copylint_ctx_problem_count(f->ctx), 0);
}

/* Every listed rule's findings over text[0..tlen) as
 * checks/rules.c runs them: the rules that cpl_rule_scratch_runnable()
 * lists (of `active`, NULL: all) under prefilter variant `var`, with the
 * run skipping on or off; the number of rules run is added to *nrun. */
static char *runnable_findings(struct fixture *f, const char *text,
                               size_t tlen, const bool *active, size_t var,
                               bool skip, size_t *nrun)
{
    copylint_doc *doc;
    assert_int_equal(
        copylint_doc_from_bytes(f->ctx, "t.txt", text, tlen, &doc),
        COPYLINT_OK);
    doc->ctx = f->ctx;
    cpl_doc_segment(doc);
    cpl_ruleset_set_run_skip(f->rs, skip);
    struct cpl_rule_scratch *s = cpl_rule_scratch_new(f->rs, doc);
    cpl_rule_scratch_set_variant(s, var);
    const uint32_t *list;
    size_t n = cpl_rule_scratch_runnable(s, doc, active, &list);
    for (size_t i = 0; i < n; i++) {
        assert_true(!active || active[list[i]]);
        assert_true(i == 0 || list[i] > list[i - 1]);
        cpl_vrule_run(cpl_ruleset_rule(f->rs, list[i]), doc, s);
    }
    *nrun += n;
    cpl_rule_scratch_free(s);
    cpl_doc_finish(doc);
    cpl_ruleset_set_run_skip(f->rs, true);
    return findings_string(doc);
}

/*
 * The run skipping (cpl_rule_scratch_runnable() passes over the rules
 * whose prefilter hits or word-list candidates are none; a rule of
 * sentence or paragraph scope runs only on the blocks that hold a hit)
 * must give the findings of every rule on every block: rules of every
 * kind the skipping reads (prefiltered existence, substitution and
 * repetition in each scope, word lists alone or with a pattern, a
 * consistency rule) and of kinds it must always run (an occurrence rule
 * that reports a missing match, a non-combined word list, a
 * conditional, a rule without literals), over random texts of their
 * words and near misses, for every rule and for some rules only (a
 * prefilter variant), and over real copy when it is there.
 */
static void test_ruleset_run_skip_same(void **state)
{
    struct fixture *f = *state;
    static const char *const rules[] = {
        "extends: existence\nmessage: 'a %s'\nignorecase: true\n"
        "tokens:\n  - 'colou?r'\n  - 'x-?ray'\n  - 'kilos?'\n",
        "extends: existence\nmessage: 'b %s'\nscope: sentence\n"
        "nonword: true\ntokens:\n  - '\\w+ (?:and|or) \\w+[.?!]'\n",
        "extends: existence\nmessage: 'c %s'\nscope: paragraph\n"
        "nonword: true\ntokens:\n  - '\\d{1,2} ?[ap]\\.?m\\.?'\n",
        "extends: substitution\nmessage: \"d '%s' not '%s'\"\n"
        "scope: sentence\nignorecase: true\nswap:\n"
        "  '(?:bull|ox)-like': taurine\n  'colou?rs': hues\n",
        "extends: repetition\nmessage: 'e %s'\nscope: sentence\n"
        "ignorecase: true\ntokens:\n  - '\\b(?:the|a|very)\\b'\n",
        "extends: existence\nmessage: 'f %s'\nignorecase: true\n"
        "tokens:\n  - very\n  - said\n  - the end\n",
        "extends: existence\nmessage: 'g %s'\ntokens:\n  - gray\n"
        "  - 'x-?ray'\n",
        "extends: consistency\nmessage: 'h %s'\nignorecase: true\n"
        "either:\n  colour: color\n  grey: gray\n  kerb: kurb\n",
        "extends: occurrence\nmessage: 'i'\nmin: 2\n"
        "token: '\\bzebra\\b'\n",
        "extends: occurrence\nmessage: 'j'\nscope: sentence\nmax: 1\n"
        "token: '\\bthe\\b'\n",
        "extends: existence\nmessage: 'k %s'\nscope: sentence\n"
        "tokens:\n  - said\n  - told\n",
        "extends: conditional\nmessage: \"l '%s'\"\n"
        "first: '\\b([A-Z]{3,5})\\b'\n"
        "second: '(?:\\b[A-Z][a-z]+ )+\\(([A-Z]{3,5})\\)'\n",
        "extends: existence\nmessage: 'm %s'\nscope: sentence\n"
        "nonword: true\ntokens:\n  - '\\b\\d+\\b'\n",
        "extends: existence\nmessage: 'n %s'\nscope: paragraph\n"
        "tokens:\n  - 'zebras?'\n",
        "extends: existence\nmessage: 'o %s'\nscope: sentence\n"
        "nonword: true\ntokens:\n  - '\\w[!?]'\n",
    };
    size_t nrules = sizeof(rules) / sizeof(*rules);
    for (size_t i = 0; i < nrules; i++) {
        char path[32];
        snprintf(path, sizeof(path), "Skip%zu.yml", i);
        assert_non_null(load(f, path, rules[i]));
    }
    assert_int_equal(copylint_ctx_problem_count(f->ctx), 0);
    cpl_ruleset_finish(f->rs);
    /* some rules only, with a prefilter pass for them */
    bool some[sizeof(rules) / sizeof(*rules)];
    for (size_t i = 0; i < nrules; i++)
        some[i] = i % 3 != 1;
    size_t var = cpl_ruleset_prefilter_variant(f->rs, some);
    assert_true(var > 0);
    static const char *const pieces[] = {
        "colour", "color", "Colours", "x-ray", "xray", "X-Ray", "gray",
        "grey", "Gray", "bull-like", "ox-like", "the", "The", "a", "very",
        "Very", "said", "told", "the end", "and", "or", "5 pm", "10am",
        "3 a.m.", "12", "zebra", "zebras", "WHO", "RCMP",
        "World Health Organization (WHO)", "red", "tea", "milk", " ", " ",
        " ", " ", ", ", ". ", "! ", "? ", "\n", "\n\n", "\xC3\xA9",
        "\xE2\x80\x99", "\xE2\x80\x9C", "\xE2\x80\x9D", "kilo", "kerb",
        "kurb", "\342\204\252ilo", "\342\204\252erb",
        "\342\204\252urb", /* the Kelvin sign, octal: 'e' is hex */
    };
    size_t npieces = sizeof(pieces) / sizeof(*pieces);
    static const char *const fixed[] = {
        /* a hit at the last byte of a sentence */
        "Stop!",
        "Go on? Now!",
        /* only words of the consistency rule that the trie cannot see */
        "The \xE2\x84\xAA" "erb and the \xE2\x84\xAA" "urb.\n",
        /* only digits that \d matches but the ASCII literals do not */
        "At \xD9\xA3 p.m. and \xEF\xBC\x95" "am.\n",
        "",
    };
    unsigned seed = 11;
    char buf[700];
    size_t fired = 0, run_on = 0, run_off = 0;
    for (size_t i = 0; i < sizeof(fixed) / sizeof(*fixed); i++) {
        char *a = runnable_findings(f, fixed[i], strlen(fixed[i]), NULL, 0,
                                    true, &run_on);
        char *b = runnable_findings(f, fixed[i], strlen(fixed[i]), NULL, 0,
                                    false, &run_off);
        assert_string_equal(a, b);
        free(a);
        free(b);
    }
    for (size_t k = 0; k < 400; k++) {
        /* the last pieces (with the Kelvin sign) in a fifth of the
         * texts: caseless matching lets it match k, so such a document
         * runs every rule on its whole text */
        size_t np = k % 5 == 0 ? npieces : npieces - 3;
        size_t len = random_text(buf, 1 + k % 500, pieces, np, &seed);
        const bool *act = k % 2 ? some : NULL;
        size_t v = k % 2 ? var : 0;
        char *a = runnable_findings(f, buf, len, act, v, true, &run_on);
        char *b = runnable_findings(f, buf, len, act, v, false, &run_off);
        assert_string_equal(a, b);
        fired += count_char(a, '|');
        free(a);
        free(b);
    }
    assert_true(fired > 1000);
    assert_true(run_on < run_off); /* some rules were passed over */
    static const char *const real[] = {
        "../shared/corpus/reuters/000001.txt",
        "../shared/corpus/reuters/000002.txt",
        "../shared/corpus/bbc/business-001.txt",
    };
    for (size_t i = 0; i < sizeof(real) / sizeof(*real); i++) {
        char name[256];
        FILE *fp = NULL;
        for (int up = 0; up < 4 && !fp; up++) { /* from build/tests etc. */
            snprintf(name, sizeof(name), "%.*s%s", 3 * up,
                     "../../../../", real[i]);
            fp = fopen(name, "rb");
        }
        if (!fp)
            continue; /* no shared corpus here */
        static char text[1 << 16];
        size_t tl = fread(text, 1, sizeof(text), fp);
        fclose(fp);
        char *a = runnable_findings(f, text, tl, NULL, 0, true, &run_on);
        char *b = runnable_findings(f, text, tl, NULL, 0, false, &run_off);
        assert_string_equal(a, b);
        free(a);
        free(b);
    }
}

/* Every finding of doc (then freed) with its rule, severity and fixes,
 * as one string. */
static char *findings_full(copylint_doc *doc)
{
    size_t cap = 64, len = 0;
    char *out = cpl_xcalloc(1, cap);
    for (size_t i = 0; i < copylint_doc_diag_count(doc); i++) {
        const copylint_diag *d = copylint_doc_diag(doc, i);
        char line[1024];
        int n = snprintf(line, sizeof(line), "%zu+%zu %s %d %s",
                         copylint_diag_offset(d), copylint_diag_length(d),
                         copylint_diag_rule(d), (int)copylint_diag_severity(d),
                         copylint_diag_message(d));
        for (size_t k = 0; k < copylint_diag_fix_count(d) && n > 0 &&
                           (size_t)n < sizeof(line);
             k++)
            n += snprintf(line + n, sizeof(line) - (size_t)n, " >%s",
                          copylint_diag_fix_text(d, k));
        assert_true(n > 0 && (size_t)n + 1 < sizeof(line));
        line[n++] = '|';
        line[n] = '\0';
        while (len + (size_t)n + 1 > cap)
            out = cpl_xrealloc(out, cap *= 2); /* aborts on OOM */
        memcpy(out + len, line, (size_t)n + 1);
        len += (size_t)n;
    }
    copylint_doc_free(doc);
    return out;
}

/* Every rule of rs over text[0..tlen), in rule order, on one scratch. */
static char *every_rule_findings(copylint_ctx *ctx, struct cpl_ruleset *rs,
                                 const char *text, size_t tlen)
{
    copylint_doc *doc;
    assert_int_equal(copylint_doc_from_bytes(ctx, "t.txt", text, tlen, &doc),
                     COPYLINT_OK);
    doc->ctx = ctx;
    cpl_doc_segment(doc);
    struct cpl_rule_scratch *s = cpl_rule_scratch_new(rs, doc);
    for (size_t i = 0; i < cpl_ruleset_count(rs); i++)
        cpl_vrule_run(cpl_ruleset_rule(rs, i), doc, s);
    cpl_rule_scratch_free(s);
    cpl_doc_finish(doc);
    return findings_full(doc);
}

/*
 * Shared matching: existence rules whose files differ only in message,
 * level, link or description match once per document and each adds its
 * own findings from the record. Rules loaded into two rule sets, one
 * sharing and one not, must give the same findings (rule, severity,
 * message, fixes, order) over random texts: copies of a rule with a
 * capture group, a fix template and exceptions, a limit, in sentence
 * scope, with others between them and near-copies that differ in a key
 * that decides matches (not shared), over several documents on one
 * scratch each; and where a match limit stops the first copy after
 * some findings, each copy is stopped and reported on its own.
 */
static void test_ruleset_shared_match_same(void **state)
{
    struct fixture *f = *state;
    static const char *const rules[] = {
        /* 0, 3, 6: one group (message, level, link differ) */
        "extends: existence\nmessage: 'a %s'\nignorecase: true\n"
        "raw:\n  - '\\b(am|is|was)\\b\\s*'\ntokens:\n  - '\\w+ed'\n"
        "  - bought\nfix: '<${1}>'\nexceptions:\n  - is wanted\n",
        /* 1, 4: one group, sentence scope, a limit */
        "extends: existence\nmessage: 'b %s'\nscope: sentence\n"
        "limit: 2\ntokens:\n  - very\n  - said\n",
        /* 2: as 0 but case-sensitive: not in 0's group */
        "extends: existence\nmessage: 'c %s'\nignorecase: false\n"
        "raw:\n  - '\\b(am|is|was)\\b\\s*'\ntokens:\n  - '\\w+ed'\n"
        "  - bought\nfix: '<${1}>'\nexceptions:\n  - is wanted\n",
        "extends: existence\nmessage: 'd %s'\nlevel: error\n"
        "ignorecase: true\n"
        "raw:\n  - '\\b(am|is|was)\\b\\s*'\ntokens:\n  - '\\w+ed'\n"
        "  - bought\nfix: '<${1}>'\nexceptions:\n  - is wanted\n",
        "extends: existence\nmessage: 'e %s'\nlevel: warning\n"
        "scope: sentence\nlimit: 2\ntokens:\n  - very\n  - said\n",
        /* 5: as 1 but another limit: not in 1's group */
        "extends: existence\nmessage: 'f %s'\nscope: sentence\n"
        "limit: 1\ntokens:\n  - very\n  - said\n",
        "extends: existence\nmessage: 'g %s'\nignorecase: true\n"
        "link: https://example.com/\n"
        "raw:\n  - '\\b(am|is|was)\\b\\s*'\ntokens:\n  - '\\w+ed'\n"
        "  - bought\nfix: '<${1}>'\nexceptions:\n  - is wanted\n",
    };
    size_t nrules = sizeof(rules) / sizeof(*rules);
    copylint_ctx *ctx2 = copylint_ctx_new();
    struct cpl_ruleset *plain = cpl_ruleset_new();
    cpl_ruleset_set_shared_match(plain, false);
    for (size_t i = 0; i < nrules; i++) {
        char path[32];
        snprintf(path, sizeof(path), "Share%zu.yml", i);
        assert_non_null(load(f, path, rules[i]));
        assert_non_null(cpl_ruleset_load_string(plain, ctx2, "Test", path,
                                                rules[i], strlen(rules[i])));
    }
    assert_int_equal(copylint_ctx_problem_count(f->ctx), 0);
    cpl_ruleset_finish(f->rs);
    cpl_ruleset_finish(plain);
    static const int shares[][3] = {{0, 3, 1}, {0, 6, 1}, {3, 6, 1},
                                    {1, 4, 1}, {0, 2, 0}, {1, 5, 0},
                                    {0, 1, 0}};
    for (size_t i = 0; i < sizeof(shares) / sizeof(*shares); i++)
        assert_int_equal(
            cpl_vrule_shares_matching(
                cpl_ruleset_rule(f->rs, (size_t)shares[i][0]),
                cpl_ruleset_rule(f->rs, (size_t)shares[i][1])),
            shares[i][2]);
    static const char *const pieces[] = {
        "I am", "He is", "it was", "is wanted", "IS", "Was", "walked",
        "jumped", "bought", "Bought", "the", "ed", "very", "Very", "said",
        "a", " ", " ", " ", ", ", ". ", "\n", "\n\n", "\xC3\xA9",
        "\xE2\x80\x99",
    };
    unsigned seed = 5;
    char buf[500];
    size_t fired = 0;
    for (size_t k = 0; k < 300; k++) {
        size_t len = random_text(buf, 1 + k % 400, pieces,
                                 sizeof(pieces) / sizeof(*pieces), &seed);
        char *a = every_rule_findings(f->ctx, f->rs, buf, len);
        char *b = every_rule_findings(ctx2, plain, buf, len);
        assert_string_equal(a, b);
        fired += count_char(a, '|');
        free(a);
        free(b);
    }
    assert_true(fired > 400);
    /* a match limit stops the group's first rule after two findings */
    static const char *const evil[] = {
        "extends: existence\nmessage: 'x %s'\nnonword: true\n"
        "raw: ['\\bzz\\b|(a+)+$']\n",
        "extends: existence\nmessage: 'y %s'\nnonword: true\n"
        "raw: ['\\bzz\\b|(a+)+$']\n",
    };
    for (size_t i = 0; i < 2; i++) {
        char path[32];
        snprintf(path, sizeof(path), "Evil%zu.yml", i);
        assert_non_null(load(f, path, evil[i]));
        assert_non_null(cpl_ruleset_load_string(plain, ctx2, "Test", path,
                                                evil[i], strlen(evil[i])));
    }
    cpl_ruleset_finish(f->rs);
    cpl_ruleset_finish(plain);
    size_t n = 100000;
    char *text = malloc(n + 10);
    static const char head[] = "zz, zz. ";
    memcpy(text, head, sizeof(head) - 1);
    memset(text + 8, 'a', n);
    memcpy(text + 8 + n, "b", 2);
    char *a = every_rule_findings(f->ctx, f->rs, text, n + 9);
    char *b = every_rule_findings(ctx2, plain, text, n + 9);
    assert_string_equal(a, b);
    assert_int_equal(count_char(a, '|'), 6); /* 2 + 2 + 2 stops */
    free(a);
    free(b);
    free(text);
    cpl_ruleset_free(plain);
    copylint_ctx_free(ctx2);
}

/* The literal analysis reads a lookaround whose result it does not use
 * ((?!, (?<=, (?<!) lightly: every rule gets the same literals, flags,
 * offsets and \d flag as when lookarounds are analysed in full. */
static void test_ruleset_prefilter_light_lookaround(void **state)
{
    struct fixture *f = *state;
    /* (ap.Numerals' shape, shortened) */
    static const char numerals[] =
        "(?<=[\\s\"(]\\p{Ll}{1} |[\\s\"(]\\p{Ll}{2} )(?<!aged |no )"
        "(?<![\\d,.] )\\b2(?![\\d.,:/%-])(?= (?!(?:acres|days|feet)\\b)"
        "\\p{Ll}{2,}[^\\W\\d_siu]s\\b| (?:people|men)\\b)";
    static const char *const pats[] = {
        /* \d only in a lookbehind: the [0-9] literals spell \d */
        "(?<=\\d )x[0-9]",
        "(?<!\\d{2})\\bab[0-9]{2}",
        /* a lookahead (?= is read: what follows is no word character */
        "\\bfoo(?= )",
        "\\bbar(?=\\s)(?!\\s(?:one|two)\\b)",
        numerals,
        "(?=ten)(?<=\\s\\p{Ll}{3} )\\bten\\b(?!-)(?= (?:people|men)\\b)",
        "(?!(?<=a(?=b)c)d)(?<=(?:x|y)z)\\bkey(?:word|note)s?\\b",
        "(?<=\\ba\\.m\\.)\\K (?:in the|this|Monday) morning\\b",
        "(?<!\\d)(?<![a-z])[ap]\\.?m(?=\\s)",
        "(?<=(?=\\d)\\d\\d)(?:st|nd|rd|th)\\b",
        "(?!\\s)(?<=\\s)\\$\\d[\\d,.]*(?: (?:million|billion))?\\K dollars\\b",
    };
    const size_t n = sizeof(pats) / sizeof(*pats);
    copylint_ctx *ctx2 = copylint_ctx_new();
    struct cpl_ruleset *full = cpl_ruleset_new();
    cpl_ruleset_set_pf_light(full, false);
    const struct cpl_vrule *a[16], *b[16];
    assert_true(n <= 16);
    for (size_t i = 0; i < n; i++) {
        char yaml[1024], path[32];
        snprintf(yaml, sizeof(yaml),
                 "extends: existence\nmessage: '%%s'\nnonword: true\n"
                 "raw:\n  - '%s'\n",
                 pats[i]);
        snprintf(path, sizeof(path), "Lk%zu.yml", i);
        a[i] = load(f, path, yaml);
        b[i] = cpl_ruleset_load_string(full, ctx2, "Test", path, yaml,
                                       strlen(yaml));
        assert_non_null(a[i]);
        assert_non_null(b[i]);
    }
    cpl_ruleset_finish(f->rs);
    cpl_ruleset_finish(full);
    size_t with = 0;
    for (size_t i = 0; i < n; i++) {
        const char *const *la, *const *lb;
        bool da, db;
        size_t na = cpl_vrule_pf_lits(a[i], &la, &da);
        size_t nb = cpl_vrule_pf_lits(b[i], &lb, &db);
        assert_int_equal(na, nb);
        assert_int_equal(da, db);
        for (size_t k = 0; k < na; k++)
            assert_string_equal(la[k], lb[k]);
        uint32_t oa, wa, ob, wb;
        assert_int_equal(cpl_vrule_pf_bounds(a[i], &oa, &wa),
                         cpl_vrule_pf_bounds(b[i], &ob, &wb));
        assert_int_equal(oa, ob);
        assert_int_equal(wa, wb);
        with += na > 0;
    }
    assert_true(with >= n - 1);
    /* what the comparison rests on: the lookbehind's \d, the lookahead's
     * word boundary */
    const char *const *l;
    bool d;
    assert_true(cpl_vrule_pf_lits(a[0], &l, &d) == 10 && d);
    assert_true(cpl_vrule_pf_lits(a[2], &l, &d) == 1);
    assert_string_equal(l[0], "Cfoo"); /* '@' + before | after */
    cpl_ruleset_free(full);
    copylint_ctx_free(ctx2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
        T(test_ruleset_existence_words),
        T(test_ruleset_message_format),
        T(test_ruleset_existence_case_nonword_raw),
        T(test_ruleset_word_lists),
        T(test_ruleset_exceptions_and_limit),
        T(test_ruleset_substitution),
        T(test_ruleset_occurrence),
        T(test_ruleset_repetition),
        T(test_ruleset_consistency),
        T(test_ruleset_conditional),
        T(test_ruleset_capitalization),
        T(test_ruleset_actions),
        T(test_ruleset_malformed_yaml),
        T(test_ruleset_bad_regex_column),
        T(test_ruleset_unknown_type_key_scope),
        T(test_ruleset_match_limit),
        T(test_ruleset_prefilter_same_findings),
        T(test_ruleset_prefilter_joined_literals),
        T(test_ruleset_prefilter_rare_literals),
        T(test_ruleset_prefilter_spelt_same_findings),
        T(test_ruleset_prefilter_stop_bound),
        T(test_ruleset_prefilter_light_lookaround),
        T(test_ruleset_prefilter_pass_same_hits),
        T(test_ruleset_word_list_same_as_pcre),
        T(test_ruleset_factored_tokens_same_as_pcre),
        T(test_ruleset_consistency_same_findings),
        T(test_ruleset_word_list_alone),
        T(test_ruleset_brackets_closed),
        T(test_ruleset_native_shapes),
        T(test_ruleset_native_same_findings),
        T(test_ruleset_native_long_texts),
        T(test_ruleset_native_caps_first),
        T(test_ruleset_native_ascii_bits),
        T(test_ruleset_native_chunk_bits),
        T(test_ruleset_native_text_bits),
        T(test_ruleset_lead_class_same_findings),
        T(test_ruleset_tail_same_findings),
        T(test_ruleset_html_unescape),
        T(test_ruleset_word_token_pass_same),
        T(test_ruleset_run_skip_same),
        T(test_ruleset_shared_match_same),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
