/*
 * test_doc.c: the document model: loading, BOM, line endings, invalid
 * UTF-8, line/column mapping, paragraphs, sentences and tokens.
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
#include "core/ctx.h"
#include "core/diag.h"
#include "core/doc.h"
#include "random_text.h"

static copylint_ctx *ctx;

static int setup(void **state)
{
    (void)state;
    ctx = copylint_ctx_new();
    copylint_ctx_set_data_dir(ctx, COPYLINT_SOURCE_DATADIR);
    /* Only the document model: no check family. */
    copylint_ctx_set_rule(ctx, "*", COPYLINT_SEVERITY_OFF);
    copylint_ctx_enable_rule(ctx, "encoding.invalid-utf8");
    copylint_ctx_enable_rule(ctx, "file.empty");
    return copylint_ctx_prepare(ctx) == COPYLINT_OK ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    copylint_ctx_free(ctx);
    return 0;
}

static copylint_doc *lint(const char *s, size_t len)
{
    copylint_doc *doc = NULL;
    assert_int_equal(copylint_doc_from_bytes(ctx, "t.txt", s, len, &doc),
                     COPYLINT_OK);
    copylint_doc_lint(ctx, doc);
    return doc;
}

#define LINT(lit) lint(lit, sizeof(lit) - 1)

static void assert_span(const copylint_doc *doc, uint32_t off, uint32_t len,
                        const char *expected)
{
    if (len != strlen(expected) ||
        memcmp(doc->bytes + off, expected, len) != 0)
        print_message("got '%.*s', want '%s'\n", (int)len, doc->bytes + off,
                      expected);
    assert_int_equal(len, strlen(expected));
    assert_memory_equal(doc->bytes + off, expected, len);
}

static void test_doc_line_col_lf(void **state)
{
    (void)state;
    copylint_doc *doc = LINT("ab\ncd\n\nef");
    unsigned line, col;
    cpl_doc_line_col(doc, 0, &line, &col);
    assert_int_equal(line, 1);
    assert_int_equal(col, 1);
    cpl_doc_line_col(doc, 4, &line, &col);
    assert_int_equal(line, 2);
    assert_int_equal(col, 2);
    cpl_doc_line_col(doc, 7, &line, &col);
    assert_int_equal(line, 4);
    assert_int_equal(col, 1);
    assert_int_equal(doc->nlines, 4);
    copylint_doc_free(doc);
}

static void test_doc_line_col_crlf_and_cr(void **state)
{
    (void)state;
    copylint_doc *doc = LINT("ab\r\ncd\ref");
    unsigned line, col;
    assert_int_equal(doc->nlines, 3);
    cpl_doc_line_col(doc, 5, &line, &col); /* 'd' */
    assert_int_equal(line, 2);
    assert_int_equal(col, 2);
    cpl_doc_line_col(doc, 7, &line, &col); /* 'e' after a lone CR */
    assert_int_equal(line, 3);
    assert_int_equal(col, 1);
    struct cpl_span sp = cpl_doc_line_span(doc, 1);
    assert_span(doc, sp.off, sp.len, "ab");
    copylint_doc_free(doc);
}

static void test_doc_columns_count_code_points(void **state)
{
    (void)state;
    /* “é” is 2 code points in 5 bytes; x is the 4th code point. */
    copylint_doc *doc = LINT("\xE2\x80\x9C\xC3\xA9 x");
    unsigned line, col;
    cpl_doc_line_col(doc, 6, &line, &col);
    assert_int_equal(line, 1);
    assert_int_equal(col, 4);
    copylint_doc_free(doc);
}

static void test_doc_bom_is_skipped(void **state)
{
    (void)state;
    copylint_doc *doc = LINT("\xEF\xBB\xBFHello there.");
    assert_int_equal(doc->start, 3);
    unsigned line, col;
    cpl_doc_line_col(doc, 3, &line, &col);
    assert_int_equal(col, 1);
    assert_int_equal(doc->ntoks, 2);
    assert_span(doc, doc->toks[0].off, doc->toks[0].len, "Hello");
    assert_int_equal(copylint_doc_diag_count(doc), 0);
    copylint_doc_free(doc);
}

static void test_doc_invalid_utf8_is_a_finding(void **state)
{
    (void)state;
    /* An overlong, a surrogate and a truncated sequence at the end. */
    copylint_doc *doc = LINT("ok \xC0\xAF then \xED\xA0\x80 end \xE2\x80");
    assert_int_equal(copylint_doc_diag_count(doc), 3);
    const copylint_diag *d = copylint_doc_diag(doc, 0);
    assert_string_equal(copylint_diag_rule(d), "encoding.invalid-utf8");
    assert_int_equal(copylint_diag_offset(d), 3);
    assert_int_equal(copylint_diag_length(d), 2);
    assert_int_equal(copylint_diag_column(d), 4);
    assert_non_null(strstr(copylint_diag_message(d), "byte offset 3"));
    /* The rest is still read: tokens after the bad bytes exist. */
    assert_span(doc, doc->toks[doc->ntoks - 1].off,
                doc->toks[doc->ntoks - 1].len, "end");
    /* The original bytes are kept for fixes. */
    assert_int_equal((unsigned char)doc->bytes[3], 0xC0);
    copylint_doc_free(doc);
}

static void test_doc_binary_is_refused(void **state)
{
    (void)state;
    copylint_doc *doc = NULL;
    assert_int_equal(copylint_doc_from_bytes(ctx, "b.bin", "a\0b", 3, &doc),
                     COPYLINT_ERR_BINARY);
    assert_null(doc);
    assert_non_null(strstr(copylint_ctx_errmsg(ctx), "NUL byte at offset 1"));
}

/* copylint_doc_take() keeps the bytes it is given (no copy) and frees
 * them when it refuses them (AddressSanitizer reports a leak otherwise). */
static void test_doc_take_owns_the_bytes(void **state)
{
    (void)state;
    static const char text[6] = {'H', 'i', '.', '\n', 'X', '!'};
    char *bytes = malloc(6);
    assert_non_null(bytes);
    memcpy(bytes, text, 6); /* '!' after the text: take() writes a NUL */
    copylint_doc *doc = NULL;
    assert_int_equal(copylint_doc_take(ctx, "t.txt", bytes, 5, &doc),
                     COPYLINT_OK);
    size_t len = 0;
    assert_ptr_equal(copylint_doc_bytes(doc, &len), bytes);
    assert_int_equal(len, 5);
    assert_int_equal(bytes[5], '\0');
    assert_string_equal(copylint_doc_path(doc), "t.txt");
    copylint_doc_free(doc);

    static const char binary[3] = {'a', '\0', 'b'};
    char *bin = malloc(4);
    assert_non_null(bin);
    memcpy(bin, binary, 3);
    doc = NULL;
    assert_int_equal(copylint_doc_take(ctx, "b.bin", bin, 3, &doc),
                     COPYLINT_ERR_BINARY);
    assert_null(doc);
    assert_non_null(strstr(copylint_ctx_errmsg(ctx), "NUL byte at offset 1"));
}

static void test_doc_empty_file_is_a_whole_file_finding(void **state)
{
    (void)state;
    copylint_doc *doc = lint("", 0);
    assert_int_equal(copylint_doc_diag_count(doc), 1);
    const copylint_diag *d = copylint_doc_diag(doc, 0);
    assert_true(copylint_diag_whole_file(d));
    assert_string_equal(copylint_diag_rule(d), "file.empty");
    copylint_doc_free(doc);
}

static void test_doc_paragraphs_blank_line_separated(void **state)
{
    (void)state;
    copylint_doc *doc = LINT("Head\n\nOne line\nstill one.\n \t\nTwo.\n");
    assert_int_equal(doc->nparas, 3);
    assert_span(doc, doc->paras[1].off, doc->paras[1].len,
                "One line\nstill one.");
    assert_span(doc, doc->paras[2].off, doc->paras[2].len, "Two.");
    copylint_doc_free(doc);
}

static void test_doc_paragraph_per_line_without_blank_lines(void **state)
{
    (void)state;
    copylint_doc *doc = LINT("First.\nSecond.\r\nThird.");
    assert_int_equal(doc->nparas, 3);
    assert_span(doc, doc->paras[1].off, doc->paras[1].len, "Second.");
    copylint_doc_free(doc);
}

static void assert_sentences(const char *text, size_t n, const char **want)
{
    copylint_doc *doc = lint(text, strlen(text));
    if (doc->nsents != n)
        for (size_t i = 0; i < doc->nsents; i++)
            print_message("sentence %zu: '%.*s'\n", i, (int)doc->sents[i].len,
                          doc->bytes + doc->sents[i].off);
    assert_int_equal(doc->nsents, n);
    for (size_t i = 0; i < n; i++)
        assert_span(doc, doc->sents[i].off, doc->sents[i].len, want[i]);
    copylint_doc_free(doc);
}

static void test_doc_sentences_split_after_period(void **state)
{
    (void)state;
    const char *want[] = {"Hi.", "There!", "“Really?” he asked.", "Yes…",
                          "ok"};
    assert_sentences("Hi. There! “Really?” he asked. Yes… ok", 5, want);
}

static void test_doc_sentences_not_after_abbreviations(void **state)
{
    (void)state;
    const char *want[] = {
        "The U.S. envoy met Dr. Ana Ruiz and Sen. Bob Lee at 3 p.m. on Jan. "
        "7 in St. John's, N.L., with Lt.-Gen. Jennie Carignan.",
        "Then Maj.-Gen. J. R. Smith of Calif. spoke at No. 10 Downing St. "
        "first.",
        "It ended."};
    assert_sentences(
        "The U.S. envoy met Dr. Ana Ruiz and Sen. Bob Lee at 3 p.m. on Jan. 7 "
        "in St. John's, N.L., with Lt.-Gen. Jennie Carignan. Then Maj.-Gen. "
        "J. R. Smith of Calif. spoke at No. 10 Downing St. first. It ended.",
        3, want);
}

static void test_doc_sentences_decimals_and_lowercase(void **state)
{
    (void)state;
    /* A decimal point is not a boundary; a lower-case "no." is not the
     * abbreviation "No.", so it ends the sentence. */
    const char *want[] = {"Rates rose 3.5 per cent.", "The answer was no.",
                          "Fine."};
    assert_sentences("Rates rose 3.5 per cent. The answer was no. Fine.", 3,
                     want);
}

static void test_doc_tokens_join_apostrophes_and_hyphens(void **state)
{
    (void)state;
    copylint_doc *doc =
        LINT("Iraq’s Jean-Pierre said rock ’n’ roll -- 'quoted' NATO 2020s");
    const char *want[] = {"Iraq’s", "Jean-Pierre", "said", "rock", "n",
                          "roll", "quoted", "NATO", "2020s"};
    assert_int_equal(doc->ntoks, 9);
    for (size_t i = 0; i < 9; i++)
        assert_span(doc, doc->toks[i].off, doc->toks[i].len, want[i]);
    assert_true(doc->toks[0].flags & CPL_TOK_UPPER_FIRST);
    assert_true(doc->toks[0].flags & CPL_TOK_NON_ASCII);
    assert_true(doc->toks[0].flags & CPL_TOK_SENT_START);
    assert_true(doc->toks[7].flags & CPL_TOK_ALL_UPPER);
    assert_true(doc->toks[8].flags & CPL_TOK_HAS_DIGIT);
    assert_false(doc->toks[2].flags & CPL_TOK_UPPER_FIRST);
    /* Hyphen-joined, not apostrophe-joined. */
    assert_true(doc->toks[1].flags & CPL_TOK_HAS_HYPHEN);
    assert_false(doc->toks[0].flags & CPL_TOK_HAS_HYPHEN);
    assert_false(doc->toks[2].flags & CPL_TOK_HAS_HYPHEN);
    assert_true(doc->toks[1].flags & CPL_TOK_HAS_LOWER);
    assert_true(doc->toks[8].flags & CPL_TOK_HAS_LOWER);
    assert_false(doc->toks[7].flags & CPL_TOK_HAS_LOWER);
    copylint_doc_free(doc);
}

/* CPL_TOK_UPPER_INSIDE stands for a scan of the token for A-Z after its
 * first byte (spelling.c relies on it): set by a capital in the ASCII run,
 * after a joiner and after a multi-byte letter; not by the first letter,
 * nor by capitals outside ASCII. */
static void test_doc_tokens_upper_inside(void **state)
{
    (void)state;
    copylint_doc *doc = LINT("iPhone McCain Jean-Pierre caf\xC3\xA9X word "
                             "Word \xC3\x89\x63ole NATO d\xC3\x89j\xC3\xA0 "
                             "it's IT'S x-Ray");
    const char *want[] = {"iPhone", "McCain", "Jean-Pierre", "caf\xC3\xA9X",
                          "word", "Word", "\xC3\x89\x63ole", "NATO",
                          "d\xC3\x89j\xC3\xA0", "it's", "IT'S", "x-Ray"};
    const bool inside[] = {true, true, true, true, false, false, false,
                           true, false, false, true, true};
    assert_int_equal(doc->ntoks, 12);
    for (size_t i = 0; i < 12; i++) {
        assert_span(doc, doc->toks[i].off, doc->toks[i].len, want[i]);
        const char *w = doc->text + doc->toks[i].off;
        bool scan = false;
        for (uint32_t k = 1; k < doc->toks[i].len; k++)
            scan |= w[k] >= 'A' && w[k] <= 'Z';
        assert_int_equal(scan, inside[i]);
        assert_int_equal((doc->toks[i].flags & CPL_TOK_UPPER_INSIDE) != 0,
                         inside[i]);
    }
    copylint_doc_free(doc);
}

/* The segmenter reads runs of ASCII letters and digits eight bytes at a
 * time (ascii_word_run): every word length from 1 to 20, with a capital,
 * a digit, an é or a comma at each position, must give the spans and
 * flags a byte-by-byte reading gives. */
static void test_doc_tokens_every_length_and_lane(void **state)
{
    (void)state;
    static const char *const marks[] = {"", "Q", "7", "\xC3\xA9", ","};
    enum { MAXLEN = 20 };
    char *text = malloc((size_t)64 * 1024);
    size_t n = 0;
    for (size_t m = 0; m < 5; m++)
        for (size_t len = 1; len <= MAXLEN; len++)
            for (size_t at = 0; at < (m ? len : 1); at++) {
                for (size_t k = 0; k < len; k++) {
                    if (m && k == at) {
                        memcpy(text + n, marks[m], strlen(marks[m]));
                        n += strlen(marks[m]);
                    } else {
                        text[n++] = (char)('a' + (k * 7 + len) % 26);
                    }
                }
                text[n++] = (len % 3) ? ' ' : '\n';
            }
    copylint_doc *doc = lint(text, n);
    /* The reference: words are the runs between spaces, line breaks and
     * commas, read a byte at a time. */
    size_t t = 0;
    for (size_t i = 0; i < n;) {
        if (text[i] == ' ' || text[i] == '\n' || text[i] == ',') {
            i++;
            continue;
        }
        size_t a = i;
        uint32_t want = 0;
        bool first = true;
        while (i < n && text[i] != ' ' && text[i] != '\n' && text[i] != ',') {
            unsigned char c = (unsigned char)text[i];
            if (c >= '0' && c <= '9')
                want |= CPL_TOK_HAS_DIGIT;
            else if (c >= 'a' && c <= 'z')
                want |= CPL_TOK_HAS_ALPHA | CPL_TOK_HAS_LOWER;
            else if (c >= 'A' && c <= 'Z')
                want |= CPL_TOK_HAS_ALPHA |
                        (first ? CPL_TOK_UPPER_FIRST : CPL_TOK_UPPER_INSIDE);
            else if (c == 0xC3) {
                want |= CPL_TOK_HAS_ALPHA | CPL_TOK_HAS_LOWER |
                        CPL_TOK_NON_ASCII;
                i++;
            }
            first = false;
            i++;
        }
        if ((want & CPL_TOK_HAS_ALPHA) && !(want & CPL_TOK_HAS_LOWER))
            want |= CPL_TOK_ALL_UPPER;
        assert_true(t < doc->ntoks);
        assert_int_equal(doc->toks[t].off, a);
        assert_int_equal(doc->toks[t].len, i - a);
        const uint32_t kinds = CPL_TOK_HAS_DIGIT | CPL_TOK_HAS_ALPHA |
                               CPL_TOK_HAS_LOWER | CPL_TOK_UPPER_FIRST |
                               CPL_TOK_UPPER_INSIDE | CPL_TOK_ALL_UPPER |
                               CPL_TOK_NON_ASCII;
        assert_int_equal(doc->toks[t].flags & kinds, want);
        t++;
    }
    assert_int_equal(doc->ntoks, t);
    copylint_doc_free(doc);
    free(text);
}

static void test_doc_tokens_nbsp_and_unicode_spaces_separate(void **state)
{
    (void)state;
    /* NBSP, em space and a tab between words. */
    copylint_doc *doc = LINT("10\xC2\xA0km\xE2\x80\x83north\tof town");
    assert_int_equal(doc->ntoks, 5);
    assert_span(doc, doc->toks[1].off, doc->toks[1].len, "km");
    assert_span(doc, doc->toks[2].off, doc->toks[2].len, "north");
    copylint_doc_free(doc);
}

static void test_doc_findings_sorted_and_located(void **state)
{
    (void)state;
    copylint_doc *doc = LINT("x\xFF\ny \xFE\xFF z\n");
    assert_int_equal(copylint_doc_diag_count(doc), 2);
    const copylint_diag *a = copylint_doc_diag(doc, 0);
    const copylint_diag *b = copylint_doc_diag(doc, 1);
    assert_int_equal(copylint_diag_line(a), 1);
    assert_int_equal(copylint_diag_column(a), 2);
    assert_int_equal(copylint_diag_line(b), 2);
    assert_int_equal(copylint_diag_column(b), 3);
    assert_int_equal(copylint_diag_end_column(b), 5);
    assert_int_equal(copylint_diag_length(b), 2);
    assert_int_equal(copylint_diag_char_offset(b), 5);
    copylint_doc_free(doc);
}

/* A document of random text with findings added in runs (as rules add
 * them: each run in text order, runs overlapping), some on the same
 * offset, some whole-file; the same every time for one seed. */
static copylint_doc *random_findings_doc(unsigned seed)
{
    static const char *const pieces[] = {
        "word ", "a", "\n", "\r\n", "\r", "caf\xC3\xA9 ", "\xE2\x80\x94",
        "\xF0\x9D\x90\x80", "  ", "\t", "The end. ", "x",
    };
    /* every fourth text ASCII only (cpl_doc_finish() counts no code
     * points there), without a BOM */
    static const char *const ascii_pieces[] = {
        "word ", "a", "\n", "\r\n", "\r", "  ", "\t", "The end. ", "x",
    };
    bool ascii = seed % 4 == 1;
    char buf[1200];
    unsigned s = seed;
    size_t len =
        ascii ? random_text(buf, 300 + random_next(&s) % 800, ascii_pieces,
                            sizeof(ascii_pieces) / sizeof(*ascii_pieces), &s)
              : random_text(buf, 300 + random_next(&s) % 800, pieces,
                            sizeof(pieces) / sizeof(*pieces), &s);
    bool bom = seed % 3 == 0 && !ascii;
    char text[1300];
    size_t n = 0;
    static const char bom_bytes[3] = {'\xEF', '\xBB', '\xBF'};
    if (bom)
        memcpy(text, bom_bytes, 3), n = 3;
    memcpy(text + n, buf, len);
    n += len;
    copylint_doc *doc = NULL;
    assert_int_equal(copylint_doc_from_bytes(ctx, "t.txt", text, n, &doc),
                     COPYLINT_OK);
    cpl_doc_prepare_text(doc);
    assert_int_equal(doc->all_ascii, ascii);
    /* Code-point starts, where findings begin. */
    uint32_t starts[1300];
    size_t ns = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)text[i] & 0xC0) != 0x80)
            starts[ns++] = (uint32_t)i;
    size_t runs = random_next(&s) % 6;
    for (size_t r = 0; r < runs; r++) {
        enum cpl_rule rule;
        do
            rule = (enum cpl_rule)(random_next(&s) % CPL_RULE_COUNT);
        while (cpl_rules[rule].severity == COPYLINT_SEVERITY_OFF);
        size_t k = random_next(&s) % 40;
        size_t at = ns ? random_next(&s) % ns : 0;
        for (size_t j = 0; j < k; j++) {
            if (random_next(&s) % 17 == 0) {
                cpl_diag_add_file(doc, rule, "whole %zu", j);
                continue;
            }
            /* Mostly onwards, sometimes the same place (ties). */
            if (random_next(&s) % 4)
                at += random_next(&s) % 30;
            if (at >= ns)
                break;
            size_t end = at + random_next(&s) % 8;
            uint32_t b = end < ns ? starts[end] : (uint32_t)n;
            uint32_t a = bom && random_next(&s) % 50 == 0 ? 1 : starts[at];
            cpl_diag_add(doc, rule, a, b - a, "finding %zu.%zu", r, j);
        }
    }
    return doc;
}

/*
 * cpl_doc_finish() sorts by index with a skip for halves already in
 * order and counts code points once; the result must be the reference's
 * (qsort(), a count per line and another from the file's start) in
 * every field, on random texts with CR, CRLF, BOMs, multi-byte
 * characters, ties and whole-file findings.
 */
static void test_doc_finish_same_as_reference(void **state)
{
    (void)state;
    size_t total = 0;
    for (unsigned seed = 1; seed <= 300; seed++) {
        copylint_doc *a = random_findings_doc(seed);
        copylint_doc *b = random_findings_doc(seed);
        cpl_doc_finish(a);
        cpl_doc_finish_reference(b);
        assert_int_equal(a->ndiags, b->ndiags);
        for (size_t i = 0; i < a->ndiags; i++) {
            const struct copylint_diag *x = &a->diags[i], *y = &b->diags[i];
            assert_int_equal(x->seq, y->seq);
            assert_string_equal(x->message, y->message);
            assert_int_equal(x->off, y->off);
            assert_int_equal(x->len, y->len);
            assert_int_equal(x->line, y->line);
            assert_int_equal(x->col, y->col);
            assert_int_equal(x->end_line, y->end_line);
            assert_int_equal(x->end_col, y->end_col);
            assert_int_equal(x->char_off, y->char_off);
            assert_int_equal(x->char_len, y->char_len);
        }
        total += a->ndiags;
        copylint_doc_free(a);
        copylint_doc_free(b);
    }
    assert_true(total > 1000);
}

static void test_doc_rule_settings_prefix_and_specific(void **state)
{
    (void)state;
    copylint_ctx *c = copylint_ctx_new();
    copylint_ctx_set_rule(c, "quote", COPYLINT_SEVERITY_OFF);
    copylint_ctx_set_rule(c, "quote.unclosed", COPYLINT_SEVERITY_WARNING);
    copylint_ctx_set_rule(c, "quote", COPYLINT_SEVERITY_INFO);
    for (size_t i = 0; i < copylint_ctx_rule_count(c); i++) {
        const char *id = copylint_ctx_rule_id(c, i);
        copylint_severity sev = copylint_ctx_rule_severity(c, i);
        if (strcmp(id, "quote.unclosed") == 0)
            assert_int_equal(sev, COPYLINT_SEVERITY_WARNING);
        else if (strncmp(id, "quote.", 6) == 0)
            assert_int_equal(sev, COPYLINT_SEVERITY_INFO);
        else if (strcmp(id, "repeat.word") == 0)
            assert_int_equal(sev, copylint_ctx_rule_default(c, i));
    }
    assert_true(copylint_ctx_rule_known(c, "quote"));
    assert_false(copylint_ctx_rule_known(c, "quo"));
    copylint_ctx_free(c);
}


/* Segments text both ways and asserts the same paragraphs, sentences and
 * tokens (offsets, lengths, flags, sentence of each). */
static void assert_same_segmentation(const char *text, size_t len)
{
    copylint_doc *a = NULL, *b = NULL;
    assert_int_equal(copylint_doc_from_bytes(ctx, "t.txt", text, len, &a),
                     COPYLINT_OK);
    assert_int_equal(copylint_doc_from_bytes(ctx, "t.txt", text, len, &b),
                     COPYLINT_OK);
    cpl_doc_segment(a);
    cpl_doc_segment_bytewise(b);
    assert_int_equal(a->nsents, b->nsents);
    assert_int_equal(a->ntoks, b->ntoks);
    for (size_t i = 0; i < a->nsents; i++) {
        assert_int_equal(a->sents[i].first_tok, b->sents[i].first_tok);
        assert_int_equal(a->sents[i].ntoks, b->sents[i].ntoks);
    }
    for (size_t i = 0; i < a->ntoks; i++) {
        const struct cpl_token *x = &a->toks[i], *y = &b->toks[i];
        if (x->off != y->off || x->len != y->len || x->flags != y->flags)
            print_message("token %zu: '%.*s' %x, bytewise '%.*s' %x\n", i,
                          (int)x->len, a->text + x->off, x->flags,
                          (int)y->len, b->text + y->off, y->flags);
        assert_int_equal(x->off, y->off);
        assert_int_equal(x->len, y->len);
        assert_int_equal(x->flags, y->flags);
        assert_int_equal(x->sentence, y->sentence);
    }
    copylint_doc_free(a);
    copylint_doc_free(b);
}

/* The 64-byte path for ASCII sentences finds the words the byte loop
 * finds, with the same flags: joiners at and across block edges, words
 * longer than a block, sentences ending in a joiner, mixed case, digits,
 * and sentences with non-ASCII letters (which go to the byte loop). */
static void test_doc_tokens_bulk_same_as_bytewise(void **state)
{
    (void)state;
    static const char *const bits[] = {
        "a", "word", "Word", "WORD", "iPhone", "McDonald", "x1", "2024",
        "3.5", " ", " ", " ", "  ", "-", "'", "--", "''", "don't", "co-op",
        "U.S.", "Mr.", ". ", "! ", "? ", ", ", "\n", "\n\n", "(", ")",
        "\"", "e-mail", "Jean-Pierre", "rock'n'roll", "A-", "-b", "'s",
        "supercalifragilisticexpialidociousandthensomemorelettersaaaaaaaaaa",
        "caf\xc3\xa9", "\xe2\x80\x99", "\xc2\xa0"};
    unsigned seed = 4242;
    char buf[4096];
    for (int n = 0; n < 4000; n++) {
        size_t want = 1 + random_next(&seed) % 2000;
        /* Every third text is ASCII only, so whole paragraphs take the
         * 64-byte path. */
        size_t nbits = sizeof(bits) / sizeof(*bits) - (n % 3 ? 0 : 3);
        size_t len = random_text(buf, want, bits, nbits, &seed);
        assert_same_segmentation(buf, len);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_doc_line_col_lf),
        cmocka_unit_test(test_doc_line_col_crlf_and_cr),
        cmocka_unit_test(test_doc_columns_count_code_points),
        cmocka_unit_test(test_doc_bom_is_skipped),
        cmocka_unit_test(test_doc_invalid_utf8_is_a_finding),
        cmocka_unit_test(test_doc_binary_is_refused),
        cmocka_unit_test(test_doc_take_owns_the_bytes),
        cmocka_unit_test(test_doc_empty_file_is_a_whole_file_finding),
        cmocka_unit_test(test_doc_paragraphs_blank_line_separated),
        cmocka_unit_test(test_doc_paragraph_per_line_without_blank_lines),
        cmocka_unit_test(test_doc_sentences_split_after_period),
        cmocka_unit_test(test_doc_sentences_not_after_abbreviations),
        cmocka_unit_test(test_doc_sentences_decimals_and_lowercase),
        cmocka_unit_test(test_doc_tokens_join_apostrophes_and_hyphens),
        cmocka_unit_test(test_doc_tokens_upper_inside),
        cmocka_unit_test(test_doc_tokens_every_length_and_lane),
        cmocka_unit_test(test_doc_tokens_bulk_same_as_bytewise),
        cmocka_unit_test(test_doc_tokens_nbsp_and_unicode_spaces_separate),
        cmocka_unit_test(test_doc_findings_sorted_and_located),
        cmocka_unit_test(test_doc_finish_same_as_reference),
        cmocka_unit_test(test_doc_rule_settings_prefix_and_specific),
    };
    return cmocka_run_group_tests_name("doc", tests, setup, teardown);
}
