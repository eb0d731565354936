/*
 * test_recycle.c: a document made from a freed one's arrays (doc.c keeps
 * them for the next document) must lint exactly like one made from
 * scratch. Texts of very different sizes, line endings and findings go
 * through both ways, in an order that hands big arrays to small
 * documents and back, with documents alive at once; every finding
 * (position, line, column, message, fixes) and the document model
 * (lines, paragraphs, sentences, tokens) must be the same.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "copylint.h"
#include "core/doc.h"
#include "lint_helper.h"

static copylint_ctx *ctx;

static int setup(void **state)
{
    (void)state;
    ctx = test_ctx(NULL);
    return copylint_ctx_prepare(ctx) == COPYLINT_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    copylint_ctx_free(ctx);
    cpl_doc_set_recycling(true);
    return 0;
}

/* Everything a document's lint produced, as one string (appended). */
static void dump(const copylint_doc *doc, char **out, size_t *len)
{
    FILE *m = open_memstream(out, len);
    assert_non_null(m);
    size_t blen;
    const char *bytes = copylint_doc_bytes(doc, &blen);
    fprintf(m, "%s %zu '%s'\n", copylint_doc_path(doc), blen, bytes);
    fprintf(m, "lines %zu:", doc->nlines);
    for (size_t i = 0; i < doc->nlines; i++)
        fprintf(m, " %u", doc->lines[i]);
    fprintf(m, "\nparas %zu:", doc->nparas);
    for (size_t i = 0; i < doc->nparas; i++)
        fprintf(m, " %u+%u s%u/%u t%u/%u", doc->paras[i].off,
                doc->paras[i].len, doc->paras[i].first_sent,
                doc->paras[i].nsents, doc->paras[i].first_tok,
                doc->paras[i].ntoks);
    fprintf(m, "\nsents %zu:", doc->nsents);
    for (size_t i = 0; i < doc->nsents; i++)
        fprintf(m, " %u+%u t%u/%u p%u", doc->sents[i].off, doc->sents[i].len,
                doc->sents[i].first_tok, doc->sents[i].ntoks,
                doc->sents[i].para);
    fprintf(m, "\ntoks %zu:", doc->ntoks);
    for (size_t i = 0; i < doc->ntoks; i++)
        fprintf(m, " %u+%u f%x s%u", doc->toks[i].off, doc->toks[i].len,
                doc->toks[i].flags, doc->toks[i].sentence);
    fprintf(m, "\ndialect %s\n", copylint_doc_dialect(doc));
    for (size_t i = 0; i < copylint_doc_diag_count(doc); i++) {
        const copylint_diag *d = copylint_doc_diag(doc, i);
        fprintf(m, "%s %u:%u-%u:%u @%zu+%zu %s: %s", copylint_diag_rule(d),
                copylint_diag_line(d), copylint_diag_column(d),
                copylint_diag_end_line(d), copylint_diag_end_column(d),
                copylint_diag_offset(d), copylint_diag_length(d),
                copylint_severity_name(copylint_diag_severity(d)),
                copylint_diag_message(d));
        for (size_t f = 0; f < copylint_diag_fix_count(d); f++)
            fprintf(m, " fix '%s'", copylint_diag_fix_text(d, f));
        fputc('\n', m);
    }
    fclose(m);
}

/* Long: many lines, tokens, sentences and findings of several families. */
static char *long_text(unsigned copies)
{
    static const char para[] =
        "The  minister said the the plan was \"ready.The vote is next week. "
        "\xE2\x80\x9CWe are ready,\xE2\x80\x9D she said , adding that "
        "Mr. Smith of the U.S. agency agreed .  \r\n"
        "Prices rose 5.3 per cent in May-Iranian talks \xC3\xA2\xE2\x82\xAC\xE2\x84\xA2 "
        "and then fell. teh recieve  color colour\n\n";
    size_t n = strlen(para);
    char *s = malloc(n * copies + 1);
    assert_non_null(s);
    for (unsigned i = 0; i < copies; i++)
        memcpy(s + i * n, para, n);
    s[n * copies] = '\0';
    return s;
}

/* Lints texts[order[k]] for each k; docs stay alive in windows of
 * `keep` so that several are out at once and freed out of order. */
static char *run_all(const char *const *texts, const size_t *order,
                     size_t n, size_t keep)
{
    char *all = NULL;
    size_t alllen = 0;
    FILE *m = open_memstream(&all, &alllen);
    assert_non_null(m);
    copylint_doc *live[8] = {NULL};
    assert_true(keep <= 8);
    static const char *const names[] = {"t.txt", "a/much/longer/name.txt",
                                        "b.md"};
    for (size_t k = 0; k < n; k++) {
        const char *t = texts[order[k]];
        const char *name = names[k % 3];
        copylint_doc *doc = NULL;
        if (k % 4 == 1) { /* a buffer the document takes */
            size_t tl = strlen(t);
            char *own = malloc(tl + 1);
            assert_non_null(own);
            memcpy(own, t, tl + 1);
            assert_int_equal(copylint_doc_take(ctx, name, own, tl, &doc),
                             COPYLINT_OK);
        } else {
            assert_int_equal(
                copylint_doc_from_bytes(ctx, name, t, strlen(t), &doc),
                COPYLINT_OK);
        }
        copylint_doc_lint(ctx, doc);
        char *d = NULL;
        size_t dl = 0;
        dump(doc, &d, &dl);
        fprintf(m, "== %zu\n%s", order[k], d);
        free(d);
        /* Free the oldest of the window (or, every third time, the
         * newest) once it is full. */
        size_t slot = k % keep;
        if (live[slot]) {
            if (k % 3 == 0) {
                copylint_doc_free(doc);
                continue;
            }
            copylint_doc_free(live[slot]);
        }
        live[slot] = doc;
    }
    for (size_t i = 0; i < keep; i++)
        copylint_doc_free(live[i]);
    fclose(m);
    return all;
}

static void test_recycled_docs_lint_like_new_ones(void **state)
{
    (void)state;
    char *big = long_text(200), *mid = long_text(7);
    const char *texts[] = {
        big,
        "Short.",
        "",
        mid,
        "One line without end",
        "\xEF\xBB\xBFWith a BOM and a bad byte \xFF here.\n",
        "Old\rMac\rline  endings . and and\r",
        "   \n\n\n",
        "A \xE2\x80\x9Cquote never closed.\n\nNext paragraph.\n",
    };
    size_t order[] = {0, 1, 2, 3, 4, 5, 0, 6, 7, 8, 3, 1, 0, 2, 5, 8, 6,
                      7, 4, 3, 0, 1, 2, 3, 4, 5, 6, 7, 8, 0, 8};
    size_t n = sizeof(order) / sizeof(order[0]);
    for (size_t keep = 1; keep <= 6; keep += 5) {
        cpl_doc_set_recycling(false);
        char *fresh = run_all(texts, order, n, keep);
        cpl_doc_set_recycling(true);
        char *recycled = run_all(texts, order, n, keep);
        assert_true(strlen(fresh) > 100000); /* findings were made */
        assert_string_equal(recycled, fresh);
        free(fresh);
        free(recycled);
    }
    free(big);
    free(mid);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_recycled_docs_lint_like_new_ones),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
