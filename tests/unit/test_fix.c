/*
 * test_fix.c: choosing and applying fixes (core/fix.c): safe only unless
 * COPYLINT_FIX_ALL, the first qualifying alternative of a finding, the
 * overlap rule (start, longer first, finding order; shared starts
 * skipped; adjacent edits both taken; identical edits merged), bytes
 * outside the edits untouched, ranges beyond the document refused.
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

static copylint_doc *doc_of(const char *s)
{
    copylint_doc *doc;
    assert_int_equal(copylint_doc_from_bytes(ctx, "t.txt", s, strlen(s), &doc),
                     COPYLINT_OK);
    cpl_doc_prepare_text(doc);
    return doc;
}

static struct copylint_diag *add(copylint_doc *doc, uint32_t off, uint32_t len)
{
    struct copylint_diag *d =
        cpl_diag_add(doc, CPL_RULE_REPEAT_WORD, off, len, "finding");
    assert_non_null(d);
    return d;
}

/* Applies the doc's fixes and compares with `want`. */
static void expect_fixed(copylint_doc *doc, unsigned flags, const char *want,
                         size_t nfixed, size_t nskipped)
{
    cpl_doc_finish(doc);
    copylint_fixes *fx = copylint_fixes_new(doc, flags);
    size_t len;
    const char *bytes = copylint_doc_bytes(doc, &len);
    char *out;
    size_t outlen;
    assert_int_equal(copylint_fixes_apply(fx, bytes, len, &out, &outlen),
                     COPYLINT_OK);
    assert_int_equal(outlen, strlen(want));
    assert_memory_equal(out, want, outlen);
    assert_int_equal(out[outlen], '\0');
    assert_int_equal(copylint_fixes_fixed(fx), nfixed);
    assert_int_equal(copylint_fixes_skipped(fx), nskipped);
    for (size_t i = 1; i < copylint_fixes_count(fx); i++)
        assert_true(copylint_fixes_offset(fx, i - 1) +
                        copylint_fixes_length(fx, i - 1) <=
                    copylint_fixes_offset(fx, i));
    free(out);
    copylint_fixes_free(fx);
    copylint_doc_free(doc);
}

static void test_fix_safe_only_unless_all(void **state)
{
    (void)state;
    copylint_doc *doc = doc_of("the the cat sat on teh mat");
    cpl_diag_fix(add(doc, 3, 4), 3, 4, "", true);
    cpl_diag_fix(add(doc, 19, 3), 19, 3, "the", false);
    expect_fixed(doc, 0, "the cat sat on teh mat", 1, 0);
    doc = doc_of("the the cat sat on teh mat");
    cpl_diag_fix(add(doc, 3, 4), 3, 4, "", true);
    cpl_diag_fix(add(doc, 19, 3), 19, 3, "the", false);
    expect_fixed(doc, COPYLINT_FIX_ALL, "the cat sat on the mat", 2, 0);
}

static void test_fix_first_qualifying_alternative(void **state)
{
    (void)state;
    copylint_doc *doc = doc_of("colour");
    struct copylint_diag *d = add(doc, 0, 6);
    cpl_diag_fix(d, 0, 6, "color", false);
    cpl_diag_fix(d, 0, 6, "COLOUR", true);
    cpl_diag_fix(d, 0, 6, "never", true);
    expect_fixed(doc, 0, "COLOUR", 1, 0);
    doc = doc_of("colour");
    d = add(doc, 0, 6);
    cpl_diag_fix(d, 0, 6, "color", false);
    cpl_diag_fix(d, 0, 6, "COLOUR", true);
    expect_fixed(doc, COPYLINT_FIX_ALL, "color", 1, 0);
}

static void test_fix_overlap_earliest_then_longest(void **state)
{
    (void)state;
    /* [2,6) and [4,8) overlap: the earlier wins. */
    copylint_doc *doc = doc_of("0123456789");
    cpl_diag_fix(add(doc, 4, 4), 4, 4, "B", true);
    cpl_diag_fix(add(doc, 2, 4), 2, 4, "A", true);
    expect_fixed(doc, 0, "01A6789", 1, 1);
    /* Same start: the longer wins; an insertion there is skipped. */
    doc = doc_of("0123456789");
    cpl_diag_fix(add(doc, 2, 2), 2, 2, "short", true);
    cpl_diag_fix(add(doc, 2, 5), 2, 5, "L", true);
    cpl_diag_fix(add(doc, 2, 0), 2, 0, "ins", true);
    expect_fixed(doc, 0, "01L789", 1, 2);
    /* Same start and length: the first finding in document order. */
    doc = doc_of("0123456789");
    cpl_diag_fix(add(doc, 5, 1), 5, 1, "x", true);
    cpl_diag_fix(cpl_diag_add(doc, CPL_RULE_SPACE_DOUBLE, 5, 1, "f"), 5, 1,
                 "y", true);
    /* Sorted by rule id: repeat.word before space.double. */
    expect_fixed(doc, 0, "01234x6789", 1, 1);
}

static void test_fix_adjacent_and_identical(void **state)
{
    (void)state;
    /* Adjacent edits both apply; an insertion at the end of a
     * replacement is not an overlap. */
    copylint_doc *doc = doc_of("aabbcc");
    cpl_diag_fix(add(doc, 0, 2), 0, 2, "A", true);
    cpl_diag_fix(add(doc, 2, 2), 2, 2, "B", true);
    cpl_diag_fix(add(doc, 4, 0), 4, 0, "+", true);
    expect_fixed(doc, 0, "AB+cc", 3, 0);
    /* The same edit from two findings: applied once, both fixed. */
    doc = doc_of("x  y");
    cpl_diag_fix(add(doc, 1, 1), 1, 1, "", true);
    cpl_diag_fix(cpl_diag_add(doc, CPL_RULE_SPACE_DOUBLE, 1, 1, "f"), 1, 1,
                 "", true);
    expect_fixed(doc, 0, "x y", 2, 0);
}

static void test_fix_bytes_outside_untouched(void **state)
{
    (void)state;
    /* Invalid UTF-8 and a BOM stay byte for byte. */
    const char *s = "\xEF\xBB\xBF" "a \xFF b  c\r\n";
    copylint_doc *doc = doc_of(s);
    cpl_diag_fix(add(doc, 8, 2), 8, 2, " ", true);
    expect_fixed(doc, 0, "\xEF\xBB\xBF" "a \xFF b c\r\n", 1, 0);
}

static void test_fix_range_beyond_end(void **state)
{
    (void)state;
    copylint_doc *doc = doc_of("abc");
    struct copylint_diag *d = add(doc, 0, 1);
    cpl_diag_fix(d, 2, 5, "zz", true); /* a check's bug: ignored */
    cpl_diag_fix(d, 0, 1, "A", true);
    cpl_doc_finish(doc);
    copylint_fixes *fx = copylint_fixes_new(doc, 0);
    assert_int_equal(copylint_fixes_count(fx), 0);
    copylint_fixes_free(fx);
    /* Applying to shorter bytes than the document's is refused. */
    copylint_doc *doc2 = doc_of("abcdef");
    cpl_diag_fix(add(doc2, 4, 2), 4, 2, "", true);
    cpl_doc_finish(doc2);
    fx = copylint_fixes_new(doc2, 0);
    char *out = NULL;
    size_t outlen;
    assert_int_equal(copylint_fixes_apply(fx, "abc", 3, &out, &outlen),
                     COPYLINT_ERR_ARG);
    assert_null(out);
    copylint_fixes_free(fx);
    copylint_doc_free(doc2);
    copylint_doc_free(doc);
}

static void test_fix_no_findings(void **state)
{
    (void)state;
    copylint_doc *doc = doc_of("clean");
    expect_fixed(doc, COPYLINT_FIX_ALL, "clean", 0, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fix_safe_only_unless_all),
        cmocka_unit_test(test_fix_first_qualifying_alternative),
        cmocka_unit_test(test_fix_overlap_earliest_then_longest),
        cmocka_unit_test(test_fix_adjacent_and_identical),
        cmocka_unit_test(test_fix_bytes_outside_untouched),
        cmocka_unit_test(test_fix_range_beyond_end),
        cmocka_unit_test(test_fix_no_findings),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
