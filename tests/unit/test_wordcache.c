/*
 * test_wordcache.c: the per-run word record cache (core/wordcache.c) and
 * the checks' use of it: every word keeps its own record (keys that share
 * a prefix, differ in one byte of any of the three key words, or only in
 * length), the cache stays within its bound, and the spelling and name
 * findings are the same with the cache as with the uncached path, on a
 * first and on a later occurrence and across dialects.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/ctx.h"
#include "core/dict.h"
#include "core/doc.h"
#include "core/wordcache.h"
#include "lint_helper.h"

/* Keys that a broken cache would confuse: prefixes of each other, one
 * byte apart in each of the three 8-byte words of the key (at both ends
 * of each), the longest key kept, UTF-8. */
static const char *const keys[] = {
    "a",
    "b",
    "ab",
    "ba",
    "the",
    "thE",
    "them",
    "theme",
    "themes",
    "defended",
    "defendex",
    "xefended",
    "elsewhere",
    "elsewherx",
    "commander's",
    "commander’s",
    "abcdefghijklmnop",
    "abcdefghijklmnoq",
    "abcdefghXjklmnop",
    "abcdefghijklmnopq",
    "abcdefghijklmnopqrstuvw",
    "abcdefghijklmnopqrstuvx",
    "abcdefghijklmnopXrstuvw",
    "abcdefghijklmnopqrstuv",
    "Fran\xC3\xA7ois",
    "Francois",
};
#define NKEYS (sizeof(keys) / sizeof(keys[0]))

static void test_wordcache_one_record_per_word(void **state)
{
    (void)state;
    struct cpl_wordcache *wc = cpl_wordcache_new(10);
    _Atomic uint32_t *rec[NKEYS];
    for (size_t i = 0; i < NKEYS; i++) {
        rec[i] = cpl_wordcache_record(wc, keys[i], strlen(keys[i]));
        assert_non_null(rec[i]);
        assert_int_equal(cpl_word_bits(rec[i]), 0); /* new: no bits */
        for (size_t j = 0; j < i; j++)
            assert_ptr_not_equal(rec[i], rec[j]);
        cpl_word_set(rec[i], (uint32_t)(i + 1) << 4 | 1u);
    }
    assert_int_equal(cpl_wordcache_count(wc), NKEYS);
    /* Found again from another copy of the bytes, with its own bits. */
    for (size_t i = 0; i < NKEYS; i++) {
        char copy[64];
        size_t n = strlen(keys[i]);
        memcpy(copy, keys[i], n);
        copy[n] = 'z'; /* a byte after the key must not matter */
        assert_ptr_equal(cpl_wordcache_record(wc, copy, n), rec[i]);
        assert_int_equal(cpl_word_bits(rec[i]), (uint32_t)(i + 1) << 4 | 1u);
    }
    assert_int_equal(cpl_wordcache_count(wc), NKEYS);
    /* Not kept: empty, longer than CPL_WORDCACHE_MAXKEY. */
    assert_null(cpl_wordcache_record(wc, "", 0));
    assert_null(cpl_wordcache_record(wc, "abcdefghijklmnopqrstuvwx", 24));
    assert_null(cpl_wordcache_record(NULL, "a", 1));
    assert_int_equal(cpl_word_bits(NULL), 0);
    cpl_word_set(NULL, 1); /* a no-op */
    cpl_wordcache_free(wc);
}

static void test_wordcache_bounded(void **state)
{
    (void)state;
    /* 16 slots hold 12 words; the rest are not cached, the first stay. */
    struct cpl_wordcache *wc = cpl_wordcache_new(4);
    _Atomic uint32_t *rec[NKEYS];
    size_t held = 0;
    for (size_t i = 0; i < NKEYS; i++) {
        rec[i] = cpl_wordcache_record(wc, keys[i], strlen(keys[i]));
        held += rec[i] != NULL;
        assert_true(rec[i] != NULL || i >= 12);
    }
    assert_int_equal(held, 12);
    assert_int_equal(cpl_wordcache_count(wc), 12);
    for (size_t i = 0; i < 12; i++)
        assert_ptr_equal(cpl_wordcache_record(wc, keys[i], strlen(keys[i])),
                         rec[i]);
    cpl_wordcache_free(wc);
}

/* The bits of the checks' fields do not overlap. */
static void test_wordcache_fields_apart(void **state)
{
    (void)state;
    uint32_t fields[64];
    size_t n = 0;
    fields[n++] = CPL_WORD_PLEN_SET;
    fields[n++] = CPL_WORD_PLEN_MASK;
    fields[n++] = CPL_WORD_SP_SKIP_SET;
    fields[n++] = CPL_WORD_SP_SKIP;
    for (int d = 0; d < 4; d++) {
        fields[n++] = CPL_WORD_SP_KNOWN_SET(d);
        fields[n++] = CPL_WORD_SP_KNOWN(d);
    }
    fields[n++] = CPL_WORD_SP_VAR_SET;
    fields[n++] = CPL_WORD_SP_VAR_ROW;
    for (int d = 1; d < 4; d++)
        fields[n++] = CPL_WORD_SP_VAR_IN(d);
    for (int d = 1; d < 4; d++) {
        fields[n++] = CPL_WORD_NM_COMMON_SET(d);
        fields[n++] = CPL_WORD_NM_COMMON(d);
    }
    fields[n++] = CPL_WORD_NM_CAND_SET;
    fields[n++] = CPL_WORD_NM_CAND;
    fields[n++] = CPL_WORD_NM_DFIRST_SET;
    fields[n++] = CPL_WORD_NM_DFIRST;
    uint32_t seen = 0;
    for (size_t i = 0; i < n; i++) {
        assert_int_not_equal(fields[i], 0);
        assert_int_equal(seen & fields[i], 0);
        seen |= fields[i];
    }
    /* The longest key's length fits the length field. */
    assert_true(((uint32_t)CPL_WORDCACHE_MAXKEY << CPL_WORD_PLEN_SHIFT &
                 ~(uint32_t)CPL_WORD_PLEN_MASK) == 0);
}

/*
 * Articles whose words the cache answers: known and unknown, with and
 * without possessives, one byte apart beyond the first eight bytes,
 * dialect spellings lower-case and capitalised, names spelled two ways,
 * a known name without its diacritics, names whose skeletons differ in
 * the last letter only (Castellano, Castellana: two names; the skeleton
 * kept beside the record must be the whole one), non-Latin, mojibake and
 * a word too long to cache, a capitalised word that is no name candidate
 * ("OPEC's": no small letter before the possessive) beside one that is
 * ("Opec"). The misspellings come last: the first unknown word of an
 * article makes spelling look the rest up without the cache
 * (lowercased_article()). One Canadian, one American (same words, other answers),
 * then the Canadian again: its words are all in the cache by then.
 */
static const char *const articles[] = {
    "OTTAWA - The minister said the fire started in the kitchen. The "
    "kitchen's fire was near the airport's centre. Defense Minister Jens "
    "Stoltenberg said the colour and the color of the defence troops "
    "elsewhere was organize and organise. Elsewherx the commander "
    "defended it, and Stoltenburg said it. Stoltenberg went out "
    "with Francois-Philippe Champagne. Colour was near. Labour said it. "
    "Castellano met Castellana and Castellano. Opec met OPEC's envoy "
    "and Opec. "
    "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0 and Jos\xC3\x83\xC2\xA9 "
    "of \xD0\xBC\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0 and caf\xC3\x83\xC2\xA9 "
    "was there. Then the commandex was near, and teh fire was in the "
    "kitchn with the supercalifragilisticexpialidociouss story.\n"
    "The Canadian Press\n",
    "WASHINGTON (AP) - The minister said the fire started in the kitchen. "
    "The kitchen's fire was near the airport's centre. Defence Minister "
    "Jens Stoltenberg said the colour and the color of the defense troops "
    "elsewhere was organize and organise. Elsewherx the commander "
    "defended it, and Stoltenburg said it. Stoltenberg went out "
    "with Francois-Philippe Champagne. Color was near. Labour said it. "
    "Castellano met Castellana and Castellano. Opec met OPEC's envoy "
    "and Opec. "
    "Then the commandex was near, and teh fire was in the kitchn.\n",
    "OTTAWA - The minister said the fire started in the kitchen. The "
    "kitchen's fire was near the airport's centre. Defense Minister Jens "
    "Stoltenberg said the colour and the color of the defence troops "
    "elsewhere was organize and organise. Elsewherx the commander "
    "defended it, and Stoltenburg said it. Stoltenberg went out "
    "with Francois-Philippe Champagne. Colour was near. Labour said it. "
    "Castellano met Castellana and Castellano. Opec met OPEC's envoy "
    "and Opec. "
    "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0 and Jos\xC3\x83\xC2\xA9 "
    "of \xD0\xBC\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0 and caf\xC3\x83\xC2\xA9 "
    "was there. Then the commandex was near, and teh fire was in the "
    "kitchn with the supercalifragilisticexpialidociouss story.\n"
    "The Canadian Press\n",
};
#define NARTICLES (sizeof(articles) / sizeof(articles[0]))

static void findings(copylint_ctx *ctx, const char *text, char *out,
                     size_t size)
{
    copylint_doc *doc = lint(ctx, text);
    assert_non_null(doc);
    char sp[2048], nm[2048];
    render(doc, "spelling", sp, sizeof(sp));
    render(doc, "names", nm, sizeof(nm));
    snprintf(out, size, "%s|%s", sp, nm);
    copylint_doc_free(doc);
}

static void test_wordcache_same_findings_as_uncached(void **state)
{
    (void)state;
    copylint_ctx *cached = test_ctx(NULL), *plain = test_ctx(NULL);
    assert_int_equal(copylint_ctx_prepare(cached), COPYLINT_OK);
    assert_int_equal(copylint_ctx_prepare(plain), COPYLINT_OK);
    assert_non_null(cached->dict);
    assert_non_null(cpl_dict_words(cached->dict));
    cpl_dict_drop_words(plain->dict);
    assert_null(cpl_dict_words(plain->dict));
    char want[4200], got[4200];
    for (int round = 0; round < 2; round++) {
        for (size_t i = 0; i < NARTICLES; i++) {
            findings(plain, articles[i], want, sizeof(want));
            findings(cached, articles[i], got, sizeof(got));
            if (getenv("CPL_TEST_SHOW"))
                fprintf(stderr, "%zu: %s\n", i, got);
            assert_string_equal(got, want);
            /* The findings the words are there for. */
            assert_non_null(strstr(want, "spelling.unknown:teh->the;"));
            assert_non_null(strstr(want, "spelling.unknown:kitchn->"));
            assert_non_null(strstr(want, "spelling.unknown:commandex->"));
            assert_non_null(strstr(want, "names.inconsistent:Stoltenburg"));
            assert_null(strstr(want, "Castellan"));
            assert_null(strstr(want, "OPEC"));
            if (i != 1) {
                /* Too long to cache, still checked; non-Latin and
                 * mojibake words skipped, in either case. */
                assert_non_null(strstr(want, "supercalifragilistic"));
                assert_null(strstr(want, "\xD0\xBC"));
                assert_null(strstr(want, "caf"));
                assert_non_null(strstr(want, "spelling.dialect:color->"));
                assert_null(strstr(want, "spelling.dialect:colour->"));
                assert_non_null(
                    strstr(want, "spelling.dialect:Defense->Defence;"));
            } else {
                assert_non_null(strstr(want, "spelling.dialect:colour->"));
                assert_null(strstr(want, "spelling.dialect:color->"));
                assert_non_null(
                    strstr(want, "spelling.dialect:Defence->Defense;"));
            }
        }
    }
    assert_true(cpl_wordcache_count(cpl_dict_words(cached->dict)) > 40);
    copylint_ctx_free(cached);
    copylint_ctx_free(plain);
}

/*
 * The dialect inference reads a voting word's variant answer from its
 * record after the first occurrence (dialect.c token_variant()): the same
 * dialect and reason as without the cache, on first and later
 * occurrences. Possessives vote as the whole token ("colour's" is no
 * variant form), so the record's answer, which is for the word without
 * its possessive, must not be taken for them; nor for a word with a
 * capital inside ("iColour"), whose record is not the lower-cased word.
 */
static const char *const dialect_articles[] = {
    "The colour of the centre was grey, and the colours were organised.\n",
    "The color of the center was gray, and the colors were organized.\n",
    "The colour's shade, the colour's tone, the colour's light and the "
    "centre's edge, but the color and the center and the color.\n",
    "The colour and the colour and the colour, then the color's shade, "
    "the color's tone, the color's light, the center's edge.\n",
    "The iColour and iColour and iColour, and the color.\n",
    "Nothing here votes at all.\n",
};

static void test_wordcache_same_dialect_as_uncached(void **state)
{
    (void)state;
    copylint_ctx *cached = test_ctx(NULL), *plain = test_ctx(NULL);
    assert_int_equal(copylint_ctx_prepare(cached), COPYLINT_OK);
    assert_int_equal(copylint_ctx_prepare(plain), COPYLINT_OK);
    cpl_dict_drop_words(plain->dict);
    size_t n = sizeof(dialect_articles) / sizeof(dialect_articles[0]);
    for (int round = 0; round < 3; round++) {
        for (size_t i = 0; i < n; i++) {
            copylint_doc *a = lint(plain, dialect_articles[i]);
            copylint_doc *b = lint(cached, dialect_articles[i]);
            assert_non_null(a);
            assert_non_null(b);
            if (getenv("CPL_TEST_SHOW"))
                fprintf(stderr, "%zu: %s (%s)\n", i,
                        copylint_doc_dialect(b),
                        copylint_doc_dialect_reason(b));
            assert_string_equal(copylint_doc_dialect(b),
                                copylint_doc_dialect(a));
            assert_string_equal(copylint_doc_dialect_reason(b),
                                copylint_doc_dialect_reason(a));
            copylint_doc_free(a);
            copylint_doc_free(b);
        }
    }
    /* What the articles are there for: "colour's" does not vote, the
     * plain "colour" does. */
    copylint_doc *d = lint(cached, dialect_articles[2]);
    assert_string_equal(copylint_doc_dialect(d), "en_US");
    copylint_doc_free(d);
    d = lint(cached, dialect_articles[3]);
    assert_string_equal(copylint_doc_dialect(d), "en_GB");
    copylint_doc_free(d);
    d = lint(cached, dialect_articles[4]);
    assert_string_equal(copylint_doc_dialect(d), "en_US");
    copylint_doc_free(d);
    copylint_ctx_free(cached);
    copylint_ctx_free(plain);
}

/*
 * cpl_wordcache_doc(): each token's reference is the record
 * cpl_wordcache_record() finds for its bytes when the token is one the
 * checks ask about (letters, no digit, not all capitals, three bytes or
 * more and short enough to cache), else 0; a second call changes nothing; without a cache every
 * reference is 0. On a first and a later occurrence of each word.
 */
static void test_wordcache_doc_one_lookup_per_token(void **state)
{
    (void)state;
    copylint_ctx *ctx = test_ctx(NULL);
    assert_int_equal(copylint_ctx_prepare(ctx), COPYLINT_OK);
    struct cpl_wordcache *wc = cpl_dict_words(ctx->dict);
    struct cpl_wordslot *slots = cpl_wordcache_slots(wc);
    assert_non_null(slots);
    static const char extra[] =
        "NATO and G7 leaders, a 12th-century abbey, e-mail, the A-team "
        "and Fran\xC3\xA7ois met x y z in 2024; the kitchen’s "
        "supercalifragilisticexpialidocious plan.\n";
    const char *texts[NARTICLES + 1];
    for (size_t i = 0; i < NARTICLES; i++)
        texts[i] = articles[i];
    texts[NARTICLES] = extra;
    size_t checked = 0, zero = 0;
    for (int round = 0; round < 2; round++) {
        for (size_t i = 0; i <= NARTICLES; i++) {
            copylint_doc *doc = lint(ctx, texts[i]);
            assert_non_null(doc);
            assert_true(doc->words_looked_up);
            for (size_t t = 0; t < doc->ntoks; t++) {
                const struct cpl_token *o = &doc->toks[t];
                const char *w = doc->text + o->off;
                if (!cpl_wordcache_wants(o->flags, o->len)) {
                    /* What the checks ask of none: no letter, a digit,
                     * all capitals, too short or too long to keep. */
                    assert_true(!(o->flags & CPL_TOK_HAS_ALPHA) ||
                                (o->flags & (CPL_TOK_HAS_DIGIT |
                                             CPL_TOK_ALL_UPPER)) ||
                                o->len <= 2 ||
                                o->len > CPL_WORDCACHE_MAXKEY);
                    assert_int_equal(o->word, 0);
                    zero++;
                    continue;
                }
                assert_int_not_equal(o->word, 0);
                assert_ptr_equal(cpl_wordcache_at(slots, o->word),
                                 cpl_wordcache_record(wc, w, o->len));
                checked++;
            }
            /* Idempotent. */
            uint32_t first = doc->ntoks ? doc->toks[0].word : 0;
            cpl_wordcache_doc(wc, doc);
            if (doc->ntoks)
                assert_int_equal(doc->toks[0].word, first);
            copylint_doc_free(doc);
        }
    }
    assert_true(checked > 300);
    assert_true(zero > 10);
    /* Without a cache: every reference 0. */
    cpl_dict_drop_words(ctx->dict);
    copylint_doc *doc = lint(ctx, articles[0]);
    assert_non_null(doc);
    for (size_t t = 0; t < doc->ntoks; t++)
        assert_int_equal(doc->toks[t].word, 0);
    copylint_doc_free(doc);
    copylint_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_wordcache_one_record_per_word),
        cmocka_unit_test(test_wordcache_bounded),
        cmocka_unit_test(test_wordcache_fields_apart),
        cmocka_unit_test(test_wordcache_same_findings_as_uncached),
        cmocka_unit_test(test_wordcache_same_dialect_as_uncached),
        cmocka_unit_test(test_wordcache_doc_one_lookup_per_token),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
