/*
 * dialect.c: which English an article is written in, and so which house
 * style applies (--dialect auto, the default).
 *
 * 1. The agency credit decides when there is one: a dateline "(CP)" or
 *    "(AP)" in the first paragraph, or a short credit paragraph among the
 *    last three ("Lee Berthiaume, The Canadian Press"; "The Associated
 *    Press"). A paragraph "With files from The Associated Press" is a CP
 *    story's courtesy, not its credit, and is skipped.
 * 2. Otherwise the majority of dialect-distinctive lower-case spellings
 *    (dicts/dialect-variants.txt: colour/color, defence/defense,
 *    centre/center, -ise/-ize, travelled/traveled) decides. A form that
 *    two dialects share votes for both; Canadian and British copy differ
 *    little (-ize, tire), so a tie between them, or between Canadian and
 *    American, is settled by whether the story is about Canada.
 * 3. Otherwise the dialect is unknown: spelling accepts any of the three
 *    and spelling.dialect stays silent.
 *
 * Reuters: its credit does not decide. Reuters' UK desks write British
 * English, its North American desks (and the 1987 Reuters-21578 corpus,
 * whose sign-off is "Reuter") write American; so a Reuters story falls
 * through to the spellings, and without them stays unknown.
 *
 * Capitalised words do not vote (Pearl Harbor, Department of Defense,
 * World Trade Center are names, not the writer's spelling). Linear in the
 * number of tokens: one hash probe each.
 */
#include <stdio.h>
#include <string.h>

#include "ctx.h"
#include "dict.h"
#include "doc.h"
#include "wordcache.h"

static void set(copylint_doc *doc, enum cpl_dialect d)
{
    doc->dialect = d;
    doc->house_style = d == CPL_DIALECT_EN_CA   ? "cp"
                       : d == CPL_DIALECT_EN_US ? "ap"
                                                : NULL;
}

static bool span_has(const char *s, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    const char *end = s + len, *p = s;
    /* memchr() to each place the first byte is ('(', 'T', 'A', 'R'). */
    while (n && (size_t)(end - p) >= n &&
           (p = memchr(p, needle[0], (size_t)(end - p) - n + 1)) != NULL) {
        if (memcmp(p, needle, n) == 0)
            return true;
        p++;
    }
    return false;
}

enum agency { AG_NONE, AG_CP, AG_AP, AG_REUTERS };

static enum agency credit(const copylint_doc *doc, const char **why)
{
    if (!doc->nparas)
        return AG_NONE;
    /* Dateline: "OTTAWA (CP) — ..." */
    const struct cpl_para *first = &doc->paras[0];
    size_t n = first->len < 120 ? first->len : 120;
    const char *s = doc->text + first->off;
    if (span_has(s, n, "(CP)")) {
        *why = "dateline '(CP)'";
        return AG_CP;
    }
    if (span_has(s, n, "(AP)")) {
        *why = "dateline '(AP)'";
        return AG_AP;
    }
    if (span_has(s, n, "(Reuters)")) {
        *why = "dateline '(Reuters)'";
        return AG_REUTERS;
    }
    /* Credit lines at the end: short paragraphs. */
    for (size_t k = 0; k < 3 && k < doc->nparas; k++) {
        const struct cpl_para *p = &doc->paras[doc->nparas - 1 - k];
        if (p->len > 240)
            continue;
        s = doc->text + p->off;
        if (span_has(s, p->len, "files from"))
            continue;
        if (span_has(s, p->len, "The Canadian Press")) {
            *why = "credit 'The Canadian Press'";
            return AG_CP;
        }
        if (span_has(s, p->len, "Associated Press")) {
            *why = "credit 'The Associated Press'";
            return AG_AP;
        }
        if (span_has(s, p->len, "Reuters") ||
            (p->len <= 12 && (span_has(s, p->len, "Reuter") ||
                              span_has(s, p->len, "REUTER")))) {
            *why = "credit 'Reuters'";
            return AG_REUTERS;
        }
    }
    return AG_NONE;
}

static bool about_canada(const copylint_doc *doc)
{
    static const char *const words[] = {
        "Canada", "Canadian", "Canadians", "Ottawa", "Toronto", "Montreal",
        "Quebec", "Ontario", "Alberta", "Vancouver", "Manitoba", "Winnipeg"};
    for (size_t t = 0; t < doc->ntoks; t++) {
        const struct cpl_token *tok = &doc->toks[t];
        if (!(tok->flags & CPL_TOK_UPPER_FIRST))
            continue;
        for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
            if (strlen(words[i]) == tok->len &&
                memcmp(doc->text + tok->off, words[i], tok->len) == 0)
                return true;
    }
    return false;
}

/* Whether a token votes: a lower-case word of four bytes or more. */
static inline bool votes_with(const struct cpl_token *tok)
{
    return !(tok->flags & (CPL_TOK_UPPER_FIRST | CPL_TOK_ALL_UPPER |
                           CPL_TOK_HAS_DIGIT | CPL_TOK_NON_ASCII)) &&
           tok->len >= 4;
}

/*
 * cpl_dict_variant() of a voting token that cpl_dict_variant_maybe()
 * let through (about one in twenty), from its word record (wordcache.h,
 * looked up by cpl_wordcache_doc()) after the first occurrence of the run: the record keeps the answer for
 * the word without possessive, lower-cased, which is the token itself
 * when it has no possessive and no capital inside. The row of a hit from
 * the record is 0: the votes need only whether there is one. Without the
 * cache (cpl_dict_drop_words()), cpl_dict_variant() alone: test_wordcache
 * holds the two to the same dialects and reasons.
 */
static struct cpl_variant_hit token_variant(const struct cpl_dict *dict,
                                            struct cpl_wordslot *slots,
                                            const copylint_doc *doc,
                                            const struct cpl_token *tok)
{
    const char *w = doc->text + tok->off;
    _Atomic uint32_t *rec = cpl_wordcache_at(slots, tok->word);
    if (!rec || (tok->flags & CPL_TOK_UPPER_INSIDE))
        return cpl_dict_variant(dict, w, tok->len);
    uint32_t bits = cpl_word_bits(rec);
    uint32_t plen = cpl_word_plen(rec, bits, w, tok->len);
    if (plen != tok->len)
        return cpl_dict_variant(dict, w, tok->len);
    if (bits & CPL_WORD_SP_VAR_SET)
        return cpl_word_variant_hit(bits);
    struct cpl_variant_hit hit = cpl_dict_variant(dict, w, tok->len);
    cpl_word_set(rec, cpl_word_variant_bits(hit));
    return hit;
}

/*
 * cpl_dict_variant_maybe() of a voting token, which rejects most: from
 * its record after the first occurrence of the run, where the record
 * holds the answer for the token itself (no possessive, no capital
 * inside: see token_variant()); a rejected token's record is given the
 * answer "in no row". test_wordcache holds the inference with the cache
 * to the inference without it.
 */
static bool variant_maybe(const struct cpl_dict *dict,
                          struct cpl_wordslot *slots,
                          const copylint_doc *doc,
                          const struct cpl_token *tok)
{
    const char *w = doc->text + tok->off;
    _Atomic uint32_t *rec = cpl_wordcache_at(slots, tok->word);
    if (!rec || (tok->flags & CPL_TOK_UPPER_INSIDE))
        return cpl_dict_variant_maybe(dict, w, tok->len);
    uint32_t bits = cpl_word_bits(rec);
    const uint32_t whole =
        CPL_WORD_PLEN_SET | (tok->len << CPL_WORD_PLEN_SHIFT);
    if ((bits & (CPL_WORD_PLEN_SET | CPL_WORD_PLEN_MASK)) == whole &&
        (bits & CPL_WORD_SP_VAR_SET))
        return (bits & CPL_WORD_SP_VAR_ROW) != 0;
    if (cpl_dict_variant_maybe(dict, w, tok->len))
        return true;
    /* No row: cpl_dict_variant()'s answer, kept if it is the token's. */
    if (cpl_word_plen(rec, bits, w, tok->len) == tok->len)
        cpl_word_set(rec, CPL_WORD_SP_VAR_SET);
    return false;
}

/* Writes a, then b, then c into out (size bytes), cut to fit. */
static void join3(char *out, size_t size, const char *a, const char *b,
                  const char *c)
{
    size_t n = 0;
    const char *parts[3] = {a, b, c};
    for (int i = 0; i < 3; i++)
        for (const char *p = parts[i]; *p && n + 1 < size; p++)
            out[n++] = *p;
    out[n] = '\0';
}

static void by_spelling(copylint_doc *doc, const char *prefix)
{
    const struct cpl_dict *dict = doc->ctx->dict;
    unsigned votes[4] = {0};
    char examples[4][64] = {{0}};
    size_t elen[4] = {0}; /* strlen(examples[d]) */
    struct cpl_wordcache *wc = dict ? cpl_dict_words(dict) : NULL;
    /* The records of the document's words, looked up once for the
     * inference, spelling and the name checks (wordcache.h). */
    if (dict)
        cpl_wordcache_doc(wc, doc);
    struct cpl_wordslot *slots = cpl_wordcache_slots(wc);
    for (size_t t = 0; dict && t < doc->ntoks; t++) {
        const struct cpl_token *tok = &doc->toks[t];
        if (!votes_with(tok))
            continue;
        if (!variant_maybe(dict, slots, doc, tok))
            continue;
        struct cpl_variant_hit h = token_variant(dict, slots, doc, tok);
        if (h.row < 0 || (h.in[1] && h.in[2] && h.in[3]))
            continue;
        for (int d = 1; d < 4; d++)
            if (h.in[d]) {
                votes[d]++;
                /* The first three words as examples: "colour, centre". */
                size_t el = elen[d];
                if (votes[d] <= 3 && el + tok->len + 3 < sizeof(examples[d])) {
                    char *e = examples[d] + el;
                    if (el) {
                        memcpy(e, ", ", 2);
                        e += 2;
                    }
                    memcpy(e, doc->text + tok->off, tok->len);
                    e[tok->len] = '\0';
                    elen[d] = (size_t)(e + tok->len - examples[d]);
                }
            }
    }
    int best = 0;
    for (int d = 1; d < 4; d++)
        if (votes[d] > votes[best])
            best = d;
    if (!votes[best]) {
        join3(doc->dialect_why, sizeof(doc->dialect_why), prefix,
              *prefix ? "; " : "",
              "no credit line decides and no dialect-specific spelling");
        doc->dialect_reason = doc->dialect_why;
        return;
    }
    int tied = 0;
    for (int d = 1; d < 4; d++)
        if (d != best && votes[d] == votes[best])
            tied = tied ? -1 : d;
    bool canada = false;
    if (tied > 0 && (best == CPL_DIALECT_EN_CA || tied == CPL_DIALECT_EN_CA)) {
        int other = best == CPL_DIALECT_EN_CA ? tied : best;
        canada = about_canada(doc);
        best = canada ? CPL_DIALECT_EN_CA : other;
    } else if (tied) {
        /* All three alike (tied < 0): no evidence either way; en_US
         * against en_GB: undecided. */
        best = 0;
    }
    if (!best) {
        snprintf(doc->dialect_why, sizeof(doc->dialect_why),
                 "%s%sAmerican and British spellings are evenly mixed",
                 prefix, *prefix ? "; " : "");
        doc->dialect_reason = doc->dialect_why;
        return;
    }
    set(doc, (enum cpl_dialect)best);
    /*
     * Spelling tells the dialect, not the stylebook: a Reuters or BBC story
     * in American or Canadian spelling follows its own house style, not AP
     * or CP. So the cp/ap packs run only on an agency credit, --dialect or
     * --style (on the corpus this removed ~190 findings that were each
     * outlet following its own stylebook).
     */
    doc->house_style = NULL;
    snprintf(doc->dialect_why, sizeof(doc->dialect_why),
             "%s%smajority of spellings (%u %s: %s)%s", prefix,
             *prefix ? "; " : "", votes[best],
             cpl_dialect_name((enum cpl_dialect)best), examples[best],
             tied ? (canada ? ", story about Canada" : ", story not about Canada")
                  : "");
    doc->dialect_reason = doc->dialect_why;
}

void cpl_doc_infer_dialect(copylint_doc *doc)
{
    const char *opt = doc->ctx->dialect;
    doc->dialect = CPL_DIALECT_UNKNOWN;
    doc->house_style = NULL;
    if (strcmp(opt, "auto") != 0) {
        if (strcmp(opt, "en_CA") == 0)
            set(doc, CPL_DIALECT_EN_CA);
        else if (strcmp(opt, "en_US") == 0)
            set(doc, CPL_DIALECT_EN_US);
        else if (strcmp(opt, "en_GB") == 0)
            set(doc, CPL_DIALECT_EN_GB);
        doc->dialect_reason = "set by --dialect";
        return;
    }
    const char *why = "";
    switch (credit(doc, &why)) {
    case AG_CP:
        set(doc, CPL_DIALECT_EN_CA);
        doc->dialect_reason = why;
        return;
    case AG_AP:
        set(doc, CPL_DIALECT_EN_US);
        doc->dialect_reason = why;
        return;
    case AG_REUTERS:
        by_spelling(doc, "credit 'Reuters' (desk spelling varies)");
        return;
    case AG_NONE:
        break;
    }
    by_spelling(doc, "");
}

const char *copylint_doc_dialect(const copylint_doc *doc)
{
    return cpl_dialect_name(doc->dialect);
}

const char *copylint_doc_dialect_reason(const copylint_doc *doc)
{
    return doc->dialect_reason ? doc->dialect_reason : "";
}

const char *copylint_doc_house_style(const copylint_doc *doc)
{
    return doc->house_style;
}
