/*
 * test_suppress.c: in-text `copylint: disable=...` directives: parsing,
 * ranges, precedence, the directive line itself and unknown rule names.
 * Findings are planted with cpl_diag_add() so the tests do not depend on
 * what the checks find.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/ctx.h"
#include "core/diag.h"
#include "core/doc.h"
#include "core/suppress.h"

static copylint_ctx *ctx;

static int setup(void **state)
{
    (void)state;
    ctx = copylint_ctx_new();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    copylint_ctx_free(ctx);
    return 0;
}

static copylint_doc *make(const char *text)
{
    copylint_doc *doc;
    assert_int_equal(copylint_doc_from_bytes(ctx, "t.txt", text, strlen(text),
                                             &doc),
                     COPYLINT_OK);
    doc->ctx = ctx;
    cpl_doc_prepare_text(doc);
    return doc;
}

/* Plants a finding of `rule` at the first occurrence of `needle`. */
static void plant(copylint_doc *doc, enum cpl_rule rule, const char *needle)
{
    const char *p = strstr(doc->bytes, needle);
    assert_non_null(p);
    assert_non_null(cpl_diag_add(doc, rule, (uint32_t)(p - doc->bytes),
                                 (uint32_t)strlen(needle), "planted"));
}

/* Runs the directives and returns how many findings of `rule` remain. */
static size_t run(copylint_doc *doc, enum cpl_rule rule)
{
    struct cpl_suppress sup;
    cpl_suppress_scan(doc, &sup);
    cpl_suppress_apply(ctx, doc, &sup);
    cpl_suppress_release(&sup);
    size_t n = 0;
    for (size_t i = 0; i < doc->ndiags; i++)
        if (doc->diags[i].rule == &cpl_rules[rule])
            n++;
    return n;
}

static bool parses(const char *line, enum cpl_directive_kind kind,
                   size_t nrules)
{
    struct cpl_directive d;
    if (!cpl_suppress_parse_line(line, 0, (uint32_t)strlen(line), &d))
        return false;
    bool ok = d.kind == kind && d.nrules == nrules;
    free(d.rules);
    return ok;
}

static void test_suppress_parses_forms(void **state)
{
    (void)state;
    assert_true(parses("copylint: disable=repeat.word", CPL_DIRECTIVE_DISABLE,
                       1));
    assert_true(parses("  copylint:disable = quote , repeat  ",
                       CPL_DIRECTIVE_DISABLE, 2));
    assert_true(parses("copylint: enable", CPL_DIRECTIVE_ENABLE, 0));
    assert_true(parses("copylint: disable-next-line=cp.Percent",
                       CPL_DIRECTIVE_DISABLE_NEXT_LINE, 1));
    assert_true(parses("<!-- copylint: disable=quote -->",
                       CPL_DIRECTIVE_DISABLE, 1));
    assert_true(parses("<!--copylint: enable=quote-->", CPL_DIRECTIVE_ENABLE,
                       1));
}

static void test_suppress_rejects_prose(void **state)
{
    (void)state;
    struct cpl_directive d;
    static const char *const bad[] = {
        "copylint: disabled the check, he said.",
        "copylint: disable=quote and more",
        "The copylint: disable=quote",
        "copylint: disable=",
        "copylint: disable=quote,",
        "<!-- copylint: disable=quote",
        "copylint: disable=quote -->x",
        "Copylint: disable=quote",
        "copylint: switch=quote",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        assert_false(cpl_suppress_parse_line(bad[i], 0, (uint32_t)strlen(bad[i]), &d));
}

static void test_suppress_disable_range(void **state)
{
    (void)state;
    copylint_doc *doc = make("one here\n\ncopylint: disable=repeat\n\n"
                             "two here\n\ncopylint: enable=repeat.word\n\n"
                             "three here\n");
    plant(doc, CPL_RULE_REPEAT_WORD, "one");
    plant(doc, CPL_RULE_REPEAT_WORD, "two");
    plant(doc, CPL_RULE_SPACE_DOUBLE, "two");
    plant(doc, CPL_RULE_REPEAT_WORD, "three");
    assert_int_equal(run(doc, CPL_RULE_REPEAT_WORD), 2);
    assert_int_equal(run(doc, CPL_RULE_SPACE_DOUBLE), 1);
    /* The survivors are the ones before and after the range. */
    assert_int_equal(doc->diags[0].off, 0);
    copylint_doc_free(doc);
}

static void test_suppress_last_directive_wins(void **state)
{
    (void)state;
    copylint_doc *doc = make("copylint: disable=quote\n\n"
                             "copylint: enable=quote.unclosed\n\n"
                             "text here\n");
    plant(doc, CPL_RULE_QUOTE_UNCLOSED, "text");
    plant(doc, CPL_RULE_QUOTE_DIRECTION, "text");
    struct cpl_suppress sup;
    cpl_suppress_scan(doc, &sup);
    cpl_suppress_apply(ctx, doc, &sup);
    cpl_suppress_release(&sup);
    assert_int_equal(doc->ndiags, 1);
    assert_ptr_equal(doc->diags[0].rule, &cpl_rules[CPL_RULE_QUOTE_UNCLOSED]);
    copylint_doc_free(doc);
}

static void test_suppress_next_line_only(void **state)
{
    (void)state;
    copylint_doc *doc = make("Para one\n"
                             "<!-- copylint: disable-next-line -->\n"
                             "alpha line\n"
                             "beta line\n");
    plant(doc, CPL_RULE_REPEAT_WORD, "alpha");
    plant(doc, CPL_RULE_REPEAT_WORD, "beta");
    assert_int_equal(run(doc, CPL_RULE_REPEAT_WORD), 1);
    assert_int_equal(doc->diags[0].off, strstr(doc->bytes, "beta") - doc->bytes);
    copylint_doc_free(doc);
}

static void test_suppress_directive_line_blanked(void **state)
{
    (void)state;
    copylint_doc *doc = make("First.\n\ncopylint: disable=nosuch.rule\n\n"
                             "Last.\n");
    plant(doc, CPL_RULE_SPACE_TRAILING, "copylint");
    struct cpl_suppress sup;
    cpl_suppress_scan(doc, &sup);
    /* Checks read the directive as an empty line; the bytes keep it. */
    const char *line = doc->text + (strstr(doc->bytes, "copylint") - doc->bytes);
    assert_int_equal(line[0], ' ');
    assert_non_null(strstr(doc->bytes, "copylint: disable"));
    cpl_suppress_apply(ctx, doc, &sup);
    cpl_suppress_release(&sup);
    /* The planted finding on the directive line is gone; the unknown name
     * is reported, on the name itself. */
    assert_int_equal(doc->ndiags, 1);
    assert_ptr_equal(doc->diags[0].rule, &cpl_rules[CPL_RULE_SUPPRESS_UNKNOWN]);
    assert_int_equal(doc->diags[0].off,
                     strstr(doc->bytes, "nosuch") - doc->bytes);
    assert_int_equal(doc->diags[0].len, strlen("nosuch.rule"));
    copylint_doc_free(doc);
}

static void test_suppress_no_blank_lines_keeps_text(void **state)
{
    (void)state;
    /* One paragraph per line: blanking would merge the rest. */
    copylint_doc *doc = make("First line.\ncopylint: disable=repeat\nNext.\n");
    plant(doc, CPL_RULE_REPEAT_WORD, "Next");
    struct cpl_suppress sup;
    cpl_suppress_scan(doc, &sup);
    assert_ptr_equal(doc->text, doc->bytes);
    cpl_suppress_apply(ctx, doc, &sup);
    cpl_suppress_release(&sup);
    assert_int_equal(doc->ndiags, 0);
    copylint_doc_free(doc);
}

static void test_suppress_whole_file(void **state)
{
    (void)state;
    copylint_doc *doc = make("copylint: disable=quote.mixed-style\n\nText.\n");
    cpl_diag_add_file(doc, CPL_RULE_QUOTE_MIXED_STYLE, "planted");
    cpl_diag_add_file(doc, CPL_RULE_QUOTE_UNCLOSED, "planted");
    assert_int_equal(run(doc, CPL_RULE_QUOTE_MIXED_STYLE), 0);
    assert_int_equal(run(doc, CPL_RULE_QUOTE_UNCLOSED), 1);
    copylint_doc_free(doc);
}

static void test_suppress_without_directives_keeps_all(void **state)
{
    (void)state;
    copylint_doc *doc = make("A copylint: line that is prose.\n");
    plant(doc, CPL_RULE_REPEAT_WORD, "prose");
    assert_int_equal(run(doc, CPL_RULE_REPEAT_WORD), 1);
    assert_ptr_equal(doc->text, doc->bytes);
    copylint_doc_free(doc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_suppress_parses_forms),
        cmocka_unit_test(test_suppress_rejects_prose),
        cmocka_unit_test(test_suppress_disable_range),
        cmocka_unit_test(test_suppress_last_directive_wins),
        cmocka_unit_test(test_suppress_next_line_only),
        cmocka_unit_test(test_suppress_directive_line_blanked),
        cmocka_unit_test(test_suppress_no_blank_lines_keeps_text),
        cmocka_unit_test(test_suppress_whole_file),
        cmocka_unit_test(test_suppress_without_directives_keeps_all),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
