/*
 * garble.c: the damage that machine translation and automated rewriting
 * leave in otherwise edited copy (issue #2):
 *
 *   garble.month-compound  a month glued to a word: "the May-Iranian
 *                          assassination", "Jan-Gen. Smith"
 *   garble.title           a mangled title before a name: "with May-find.
 *                          Jennie Carignan" for "Maj.-Gen. Jennie Carignan"
 *   garble.sentence-break  a period that cuts a clause: "close dialogue.
 *                          with the Iraqi government"
 *
 * Word lists are data: dicts/titles.txt (titles before names),
 * dicts/clause-words.txt (words that continue a clause) and the
 * abbreviation list the sentence splitter uses. Sentence boundaries,
 * tokens and abbreviations come from the document model (doc.h); what a
 * style guide says about capitalisation or hyphens is left to the YAML
 * packs. Every check is one pass over the tokens, with no allocation per
 * token: linear in the document.
 */
#include "check.h"

#include <stdlib.h>
#include <string.h>

#include "../core/alloc.h"
#include "../core/strset.h"
#include "../core/utf8.h"
#include "../core/wordlist.h"

/*
 * One title from dicts/titles.txt, split at its hyphen: "Maj.-Gen." is
 * first "Maj" (abbreviated) and second "Gen" (abbreviated). A single
 * title has no second part.
 */
struct title {
    char first[16], second[16];
    bool first_abbrev, second_abbrev;
    const char *full; /* borrowed from the strset */
};

struct garble_state {
    struct cpl_strset title_set;
    struct cpl_strset clause_words;
    struct title *titles;
    size_t ntitles;
};

/* ASCII case-insensitive comparison of two byte strings. */
static bool eq_ci(const char *a, size_t alen, const char *b, size_t blen)
{
    if (alen != blen)
        return false;
    for (size_t i = 0; i < alen; i++) {
        unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
        if (x >= 'A' && x <= 'Z')
            x = (unsigned char)(x + 32);
        if (y >= 'A' && y <= 'Z')
            y = (unsigned char)(y + 32);
        if (x != y)
            return false;
    }
    return true;
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c + 32) : c;
}

static bool is_upper_ascii(char c)
{
    return c >= 'A' && c <= 'Z';
}

static bool is_lower_ascii(char c)
{
    return c >= 'a' && c <= 'z';
}

static bool all_letters(const char *s, size_t len)
{
    if (!len)
        return false;
    for (size_t i = 0; i < len; i++)
        if (!is_upper_ascii(s[i]) && !is_lower_ascii(s[i]))
            return false;
    return true;
}

/* ------------------------------------------------------------------ */
/* Months                                                              */

/*
 * Month names as copy writes them before a date or in a range: the full
 * name and the AP/CP/Reuters abbreviation ("Sept", "Oct"), in any case.
 * Returns 0 for no month, else 1..12.
 */
CPL_TESTABLE int month_index(const char *s, size_t len)
{
    static const char *const full[12] = {
        "january", "february", "march",     "april",   "may",      "june",
        "july",    "august",   "september", "october", "november", "december"};
    for (int m = 0; m < 12; m++) {
        size_t fl = strlen(full[m]);
        if (eq_ci(s, len, full[m], fl))
            return m + 1;
        if (len == 3 && eq_ci(s, len, full[m], 3))
            return m + 1;
    }
    if (eq_ci(s, len, "sept", 4))
        return 9;
    return 0;
}

/*
 * Months that are also given names or surnames, so that a hyphenated
 * compound with them is often a person ("Jan-Michael Gambill", "May-Britt
 * Moser", the Korean "Lee Jun-Ho") or a pair of people ("the May-Trump
 * talks").
 */
static bool month_is_name(const char *s, size_t len)
{
    return eq_ci(s, len, "may", 3) || eq_ci(s, len, "jan", 3) ||
           eq_ci(s, len, "jun", 3) || eq_ci(s, len, "june", 4) ||
           eq_ci(s, len, "april", 5) || eq_ci(s, len, "august", 6);
}

/*
 * Nationality and adjective endings ("Iranian", "European", "Chinese",
 * "British", "Islamic"): a month glued to one of these is not a person.
 */
CPL_TESTABLE bool looks_adjectival(const char *s, size_t len)
{
    static const char *const ends[] = {"ian", "ean", "ese", "ish", "ic"};
    for (size_t i = 0; i < sizeof(ends) / sizeof(ends[0]); i++) {
        size_t el = strlen(ends[i]);
        if (len > el + 2 && eq_ci(s + len - el, el, ends[i], el))
            return true;
    }
    return false;
}

/* ------------------------------------------------------------------ */
/* Titles                                                              */

static void copy_part(char *dst, size_t cap, const char *s, size_t len,
                      bool *abbrev)
{
    *abbrev = len > 0 && s[len - 1] == '.';
    if (*abbrev)
        len--;
    if (len >= cap)
        len = cap - 1;
    memcpy(dst, s, len);
    dst[len] = '\0';
}

static void build_titles(struct garble_state *st)
{
    const struct cpl_strset *set = &st->title_set;
    st->titles = cpl_xcalloc(set->count ? set->count : 1, sizeof(*st->titles));
    for (size_t i = 0; i < set->cap; i++) {
        const struct cpl_strset_entry *e = &set->slots[i];
        if (!e->key)
            continue;
        struct title *t = &st->titles[st->ntitles++];
        t->full = e->key;
        const char *hy = memchr(e->key, '-', e->len);
        if (hy) {
            copy_part(t->first, sizeof(t->first), e->key,
                      (size_t)(hy - e->key), &t->first_abbrev);
            copy_part(t->second, sizeof(t->second), hy + 1,
                      e->len - (size_t)(hy - e->key) - 1, &t->second_abbrev);
        } else {
            copy_part(t->first, sizeof(t->first), e->key, e->len,
                      &t->first_abbrev);
        }
    }
    /* The strset's slot order depends on hashes; sort for determinism. */
    for (size_t i = 1; i < st->ntitles; i++)
        for (size_t j = i; j > 0 && strcmp(st->titles[j - 1].full,
                                           st->titles[j].full) > 0;
             j--) {
            struct title tmp = st->titles[j];
            st->titles[j] = st->titles[j - 1];
            st->titles[j - 1] = tmp;
        }
}

/*
 * Whether `s` could be the abbreviation `stem` with one letter mistyped or
 * mistranslated ("May" for "Maj"): same length, same first letter, at
 * most one other letter different, case ignored. Stems of two letters
 * ("Lt") must match exactly; so many words are one letter from them.
 */
CPL_TESTABLE bool resembles(const char *s, size_t len, const char *stem)
{
    size_t sl = strlen(stem);
    if (len != sl || !len)
        return false;
    if (lower(s[0]) != lower(stem[0]))
        return false;
    unsigned diff = 0;
    for (size_t i = 1; i < len; i++)
        diff += lower(s[i]) != lower(stem[i]);
    return sl <= 2 ? diff == 0 : diff <= 1;
}

/*
 * Whether two short words are at most one edit apart (one letter
 * replaced, added or dropped), case ignored: "Jen" and "Gen", "Genn" and
 * "Gen". Used for the part after the hyphen, which only chooses between
 * titles whose first part already matched.
 */
CPL_TESTABLE bool within_one_edit(const char *s, size_t len, const char *w)
{
    size_t wl = strlen(w);
    if (len + 1 < wl || wl + 1 < len || !len || !wl)
        return false;
    size_t i = 0, j = 0;
    bool edited = false;
    while (i < len && j < wl) {
        if (lower(s[i]) == lower(w[j])) {
            i++;
            j++;
            continue;
        }
        if (edited)
            return false;
        edited = true;
        if (len > wl)
            i++;
        else if (wl > len)
            j++;
        else {
            i++;
            j++;
        }
    }
    return !(edited && (i < len || j < wl));
}

/*
 * Whether `b` is a title's second part as written out or abbreviated:
 * "Gen", "General", "Gov", "Governor".
 */
static bool is_second_part(const struct title *t, const char *b, size_t blen)
{
    size_t sl = strlen(t->second);
    return sl && blen >= sl && eq_ci(b, sl, t->second, sl);
}

/*
 * Decides whether "A-B." before a name is a mangled title, and which.
 * Returns false when A does not look like a title abbreviation, when B is
 * capitalised but not a title's second part ("Brit-Awards"), or when
 * "A-B" is itself a title written without periods ("Maj-Gen", BBC
 * style). On true, *fix is the compound title to suggest, or NULL when
 * none or several fit ("Lt-find.": Lt.-Col., Lt.-Gen. or Lt.-Gov.?).
 */
CPL_TESTABLE bool title_guess(const struct title *titles, size_t ntitles,
                              const char *a, size_t alen, const char *b,
                              size_t blen, const char **fix)
{
    *fix = NULL;
    if (alen < 2 || alen > 5 || blen < 2 || blen > 10 ||
        !is_upper_ascii(a[0]) || !all_letters(a, alen) ||
        !all_letters(b, blen))
        return false;
    /* Written out or abbreviated without periods: a title, not damage. */
    for (size_t i = 0; i < ntitles; i++) {
        const struct title *t = &titles[i];
        if (t->second[0] && eq_ci(a, alen, t->first, strlen(t->first)) &&
            is_second_part(t, b, blen))
            return false;
    }
    bool b_lower = is_lower_ascii(b[0]);
    const char *cand = NULL, *b_match = NULL;
    size_t ncand = 0, nb_match = 0;
    bool any = false;
    for (size_t i = 0; i < ntitles; i++) {
        const struct title *t = &titles[i];
        if (!t->first_abbrev || !resembles(a, alen, t->first))
            continue;
        /*
         * The second part must not make a proper compound of its own
         * ("Brit-Awards", "Gen-Xers"): lower case, or the title's own
         * second part mistyped ("Lt-Jen.").
         */
        bool b_fits = t->second[0] && blen >= 3 &&
                      within_one_edit(b, blen, t->second);
        if (!b_lower && !b_fits)
            continue;
        any = true;
        if (!t->second[0])
            continue;
        if (!cand || strcmp(cand, t->full) != 0)
            ncand++;
        cand = t->full;
        if (b_fits) {
            nb_match++;
            b_match = t->full;
        }
    }
    if (!any)
        return false;
    if (nb_match == 1)
        *fix = b_match;
    else if (nb_match == 0 && ncand == 1)
        *fix = cand;
    return true;
}

/* ------------------------------------------------------------------ */
/* State                                                               */

static copylint_status load_list(copylint_ctx *ctx, const char *rel,
                                 struct cpl_strset *set)
{
    char *path = cpl_ctx_data_path(ctx, rel);
    copylint_status st = cpl_wordlist_load(ctx, path, set);
    free(path);
    return st;
}

static void fini(void *state)
{
    struct garble_state *st = state;
    if (!st)
        return;
    cpl_strset_release(&st->title_set);
    cpl_strset_release(&st->clause_words);
    free(st->titles);
    free(st);
}

static copylint_status init(copylint_ctx *ctx, void **state)
{
    struct garble_state *st = cpl_xcalloc(1, sizeof(*st));
    cpl_strset_init(&st->title_set);
    cpl_strset_init(&st->clause_words);
    copylint_status s = load_list(ctx, "dicts/titles.txt", &st->title_set);
    if (s == COPYLINT_OK)
        s = load_list(ctx, "dicts/clause-words.txt", &st->clause_words);
    if (s != COPYLINT_OK) {
        fini(st);
        return s;
    }
    build_titles(st);
    *state = st;
    return COPYLINT_OK;
}

/* ------------------------------------------------------------------ */
/* Helpers over the document                                           */

static const char *tok_text(const copylint_doc *doc, const struct cpl_token *t)
{
    return doc->text + t->off;
}

/*
 * Whether bytes [a, b) are only spaces and tabs, with at most one line
 * break: the same paragraph, nothing between.
 */
static bool only_space(const copylint_doc *doc, uint32_t a, uint32_t b)
{
    if (a >= b)
        return false;
    unsigned breaks = 0;
    for (uint32_t i = a; i < b;) {
        uint32_t cp;
        i += (uint32_t)cpl_utf8_decode(doc->text + i, b - i, &cp);
        if (cp == '\n')
            breaks++;
        else if (!cpl_is_space(cp))
            return false;
    }
    return breaks <= 1;
}

/* Words that start sentences and are never a personal name. */
static bool is_function_word(const struct garble_state *st, const char *s,
                             size_t len)
{
    static const char *const words[] = {
        "the", "a", "an", "this", "that", "these", "those", "it", "he",
        "she", "they", "we", "i", "you", "his", "her", "its", "their",
        "our", "my", "there", "but", "and", "so", "then", "yet", "also"};
    char buf[32];
    if (len >= sizeof(buf))
        return false;
    for (size_t i = 0; i < len; i++)
        buf[i] = lower(s[i]);
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        if (strlen(words[i]) == len && memcmp(buf, words[i], len) == 0)
            return true;
    return cpl_strset_has(&st->clause_words, buf, len);
}

/* A token that can be part of a personal name: "Jennie", "Carignan". */
static bool is_name_tok(const struct cpl_token *t)
{
    return (t->flags & CPL_TOK_UPPER_FIRST) && (t->flags & CPL_TOK_HAS_LOWER) &&
           !(t->flags & CPL_TOK_HAS_DIGIT) && t->len >= 2;
}

/*
 * The hyphens a token may contain (segment.c joins on these). Returns the
 * byte length of a hyphen at s, or 0.
 */
static size_t hyphen_len(const char *s, size_t avail)
{
    if (avail >= 1 && s[0] == '-')
        return 1;
    if (avail >= 3 && (unsigned char)s[0] == 0xE2 &&
        (unsigned char)s[1] == 0x80 &&
        ((unsigned char)s[2] == 0x90 || (unsigned char)s[2] == 0x91))
        return 3;
    return 0;
}

/* ------------------------------------------------------------------ */
/* garble.title                                                        */

/*
 * Convention: CP and AP abbreviate a title before a full name ("Maj.-Gen.
 * Jennie Carignan"). Translation and rewriting tools turn the
 * abbreviations into words ("May-find."), because "Maj." reads as a month
 * and "Gen." as a verb stem. The shape left behind is a short capitalised
 * chunk that is one letter from a title abbreviation, a hyphen, a word, a
 * period, then a first name and a surname. Fires: "with May-find. Jennie
 * Carignan has"; silent: "Maj-Gen Jennie Carignan" (BBC style), "the
 * Brit-Awards. Robbie Williams" (capitalised compound). Returns whether it
 * reported, so that the month check leaves the same span alone.
 */
static bool check_title(const struct garble_state *st, copylint_doc *doc,
                        size_t ti, const struct cpl_para *p)
{
    const struct cpl_token *t = &doc->toks[ti];
    const char *s = tok_text(doc, t);
    uint32_t a_off = t->off, a_len, b_off, b_len;
    size_t next; /* index of the first token after B */
    /* "May-find" in one token, or "Maj.-find" across two. */
    uint32_t hy = 0; /* the hyphen's offset in the token */
    size_t hl = 0;
    while ((t->flags & CPL_TOK_HAS_HYPHEN) && hy < t->len &&
           !(hl = hyphen_len(s + hy, t->len - hy)))
        hy++;
    if (hl) {
        a_len = hy;
        b_off = a_off + a_len + (uint32_t)hl;
        b_len = t->off + t->len - b_off;
        if (hyphen_len(doc->text + b_off, b_len) ||
            memchr(doc->text + b_off, '-', b_len))
            return false;
        next = ti + 1;
    } else {
        if (ti + 1 >= p->first_tok + p->ntoks)
            return false;
        const struct cpl_token *t2 = &doc->toks[ti + 1];
        if (t2->off != t->off + t->len + 2 || s[t->len] != '.' ||
            s[t->len + 1] != '-')
            return false;
        a_len = t->len;
        b_off = t2->off;
        b_len = t2->len;
        if (memchr(doc->text + b_off, '-', b_len))
            return false;
        next = ti + 2;
    }
    uint32_t b_end = b_off + b_len;
    if (doc->text[b_end] != '.' || next + 1 >= p->first_tok + p->ntoks)
        return false;
    const struct cpl_token *n1 = &doc->toks[next], *n2 = &doc->toks[next + 1];
    if (!only_space(doc, b_end + 1, n1->off) ||
        !only_space(doc, n1->off + n1->len, n2->off) ||
        !is_name_tok(n1) || !is_name_tok(n2) ||
        is_function_word(st, tok_text(doc, n1), n1->len))
        return false;
    const char *fix;
    if (!title_guess(st->titles, st->ntitles, doc->text + a_off, a_len,
                     doc->text + b_off, b_len, &fix))
        return false;
    uint32_t span = b_end + 1 - a_off;
    struct copylint_diag *d;
    if (fix)
        d = cpl_diag_add(doc, CPL_RULE_GARBLE_TITLE, a_off, span,
                         "'%.*s' looks like a mangled title before the name "
                         "'%.*s %.*s'; did you mean '%s'?",
                         (int)span, doc->text + a_off, (int)n1->len,
                         tok_text(doc, n1), (int)n2->len, tok_text(doc, n2),
                         fix);
    else
        d = cpl_diag_add(doc, CPL_RULE_GARBLE_TITLE, a_off, span,
                         "'%.*s' looks like a mangled title before the name "
                         "'%.*s %.*s'",
                         (int)span, doc->text + a_off, (int)n1->len,
                         tok_text(doc, n1), (int)n2->len, tok_text(doc, n2));
    if (d && fix)
        cpl_diag_fix(d, a_off, span, fix, false);
    return true;
}

/* ------------------------------------------------------------------ */
/* garble.month-compound                                               */

/*
 * Convention: a month joins another month in a range ("May-June",
 * "Oct-Sept", "October-to-December"), follows a prefix ("mid-May",
 * "end-February") or starts a date ("April-5-6"). Glued to any other
 * capitalised word it is debris ("the May-Iranian assassination",
 * "Jan-Gen. Smith"). May, Jan, Jun, June, April and August are also
 * names, so with them only a title abbreviation ("Jan-Gen.") or an
 * adjective of nationality followed by a lower-case word ("May-Iranian
 * assassination") fires; "Jan-Michael Gambill", "Lee Jun-Ho" and "the
 * May-Trump talks" stay silent. Lower-case second parts ("June-dated
 * bonds") and all-capitals headlines are left alone.
 */
static void check_month(const struct garble_state *st, copylint_doc *doc,
                        size_t ti, const struct cpl_para *p)
{
    const struct cpl_token *t = &doc->toks[ti];
    const char *s = tok_text(doc, t);
    if ((t->flags & CPL_TOK_ALL_UPPER) || !(t->flags & CPL_TOK_HAS_HYPHEN))
        return;
    /* Split at hyphens: part k is s[pa[k], pe[k]). */
    enum { MAX_PARTS = 8 };
    uint32_t pa[MAX_PARTS], pe[MAX_PARTS];
    size_t n = 0;
    uint32_t a = 0;
    for (uint32_t i = 0; i < t->len && n < MAX_PARTS - 1;) {
        size_t hl = hyphen_len(s + i, t->len - i);
        if (!hl) {
            i++;
            continue;
        }
        pa[n] = a;
        pe[n++] = i;
        i += (uint32_t)hl;
        a = i;
    }
    if (n == 0)
        return;
    pa[n] = a;
    pe[n++] = t->len;
    for (size_t k = 0; k + 1 < n; k++) {
        const char *m = s + pa[k], *w = s + pa[k + 1];
        size_t mlen = pe[k] - pa[k], wl = pe[k + 1] - pa[k + 1];
        if (!mlen || !wl || !is_upper_ascii(m[0]) || !month_index(m, mlen) ||
            !is_upper_ascii(w[0]) || month_index(w, wl) ||
            !all_letters(w, wl) || wl < 2)
            continue;
        bool last = k + 2 == n;
        uint32_t wend = t->off + pe[k + 1];
        bool fire;
        if (!month_is_name(m, mlen)) {
            fire = true;
        } else {
            char buf[24];
            bool titled = false;
            if (last && wl + 1 < sizeof(buf) && doc->text[wend] == '.') {
                memcpy(buf, w, wl);
                buf[wl] = '.';
                titled = cpl_strset_has(&st->title_set, buf, wl + 1);
            }
            bool name_next = false;
            if (last && ti + 1 < p->first_tok + p->ntoks) {
                const struct cpl_token *nx = &doc->toks[ti + 1];
                name_next = (nx->flags & CPL_TOK_UPPER_FIRST) &&
                            only_space(doc, wend, nx->off);
            }
            fire = titled || (looks_adjectival(w, wl) && !name_next);
        }
        if (!fire)
            continue;
        uint32_t off = t->off + pa[k];
        cpl_diag_add(doc, CPL_RULE_GARBLE_MONTH, off, wend - off,
                     "month '%.*s' glued to '%.*s': a word was probably "
                     "lost or mistranslated here",
                     (int)mlen, m, (int)wl, w);
        return;
    }
}

/* ------------------------------------------------------------------ */
/* garble.sentence-break                                               */

/* Start of the run of non-space bytes that ends at `period`. */
static uint32_t chunk_start(const copylint_doc *doc, uint32_t lo,
                            uint32_t period)
{
    uint32_t a = period;
    while (a > lo) {
        size_t ps;
        uint32_t cp = cpl_utf8_prev(doc->text, a, &ps);
        if (cpl_is_space(cp))
            break;
        a = (uint32_t)ps;
    }
    return a;
}

/*
 * The word before a period that is not a sentence end in its own right:
 * a list label ("a.", "iv.", "2." at a line start), a web address or
 * e-mail ("bbc.co.uk."), a decimal or version whose period is part of
 * the number is handled by the caller.
 */
CPL_TESTABLE bool chunk_is_label_or_address(const char *s, size_t len,
                                            bool at_line_start)
{
    /* Strip opening brackets and quotes. */
    while (len && (s[0] == '(' || s[0] == '[' || s[0] == '"' || s[0] == '\'')) {
        s++;
        len--;
    }
    if (len < 2)
        return true;
    size_t n = len - 1; /* without the final period */
    if (n == 1)
        return true; /* "a." "b." "J." */
    bool roman = n <= 4;
    for (size_t i = 0; i < n && roman; i++)
        roman = strchr("ivx", s[i]) != NULL;
    if (roman)
        return true;
    bool digits = true;
    for (size_t i = 0; i < n; i++)
        digits = digits && s[i] >= '0' && s[i] <= '9';
    if (digits && at_line_start)
        return true;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '@' || s[i] == '/')
            return true;
        if (s[i] == '.' && i > 0 && i + 1 < n &&
            (is_lower_ascii(s[i - 1]) || is_upper_ascii(s[i - 1])) &&
            is_lower_ascii(s[i + 1]))
            return true; /* "bbc.co.uk", "example.com" */
    }
    return false;
}

/*
 * Convention: a sentence ends at a period before a capital. A period
 * followed by a lower-case preposition, conjunction or relative word
 * (dicts/clause-words.txt) cut a clause in two, usually because a
 * rewriting tool inserted it ("close dialogue. with the Iraqi
 * government", "Jeffrey said. that the"). Silent after abbreviations and
 * initials (dicts/abbreviations.txt, "U.S. and", "p.m. on", "e.g. with"),
 * list labels, addresses, ellipses, and before words with inner capitals
 * ("iPhone") or not in the list ("the", "de"). Linear in the tokens.
 */
/* garble.sentence-break between token k - 1, which a period follows, and
 * token k of paragraph p. */
static void check_sentence_break(const struct garble_state *st,
                                 copylint_doc *doc, const struct cpl_para *p,
                                 size_t k)
{
    const struct cpl_token *prev = &doc->toks[k - 1], *t = &doc->toks[k];
    uint32_t period = prev->off + prev->len;
    if (!only_space(doc, period + 1, t->off))
        return;
    /* All lower-case ASCII letters: "with", not "iPhone" or "Über". */
    if (t->len >= 16 ||
        (t->flags &
         (CPL_TOK_UPPER_FIRST | CPL_TOK_HAS_DIGIT | CPL_TOK_NON_ASCII)))
        return;
    const char *w = tok_text(doc, t);
    bool plain = true;
    for (uint32_t i = 0; i < t->len; i++)
        plain = plain && is_lower_ascii(w[i]);
    if (!plain || !cpl_strset_has(&st->clause_words, w, t->len))
        return;
    /* An ellipsis or a doubled period is not a sentence end. */
    if (period > p->off && doc->text[period - 1] == '.')
        return;
    uint32_t cs = chunk_start(doc, p->off, period);
    if (cpl_doc_is_abbrev_at(doc, cs, period))
        return;
    /*
     * "R-Mo.", "D-Calif.", "non-U.S.": an abbreviation after a
     * hyphen.
     */
    uint32_t hy = period;
    while (hy > cs && doc->text[hy - 1] != '-')
        hy--;
    if (hy > cs && hy < period && cpl_doc_is_abbrev_at(doc, hy, period))
        return;
    bool line_start = cs == p->off || doc->text[cs - 1] == '\n';
    if (chunk_is_label_or_address(doc->text + cs, period + 1 - cs, line_start))
        return;
    uint32_t off = prev->off, len = t->off + t->len - off;
    struct copylint_diag *d = cpl_diag_add(
        doc, CPL_RULE_GARBLE_SENTENCE, off, len,
        "period before '%.*s' breaks the sentence in mid-clause",
        (int)t->len, w);
    if (d)
        cpl_diag_fix(d, period, 1, "", false);
}

static void run(const copylint_ctx *ctx, const void *state, copylint_doc *doc)
{
    const struct garble_state *st = state;
    bool want_month = cpl_rule_on(ctx, CPL_RULE_GARBLE_MONTH);
    bool want_break = cpl_rule_on(ctx, CPL_RULE_GARBLE_SENTENCE);
    const char *text = doc->text; /* NUL-terminated */
    for (size_t pi = 0; pi < doc->nparas; pi++) {
        const struct cpl_para *p = &doc->paras[pi];
        size_t last = p->first_tok + p->ntoks;
        for (size_t ti = p->first_tok; ti < last;) {
            /*
             * Every check needs a hyphen in the token, or a period right
             * after it (the title's "Maj.-find" across two tokens, the
             * period that breaks a sentence). Most tokens have neither:
             * the candidates of up to 64 tokens are listed first, without
             * a branch per token, then checked in order.
             */
            uint32_t cand[64] = {0};
            size_t n = 0, stop = last - ti > 64 ? ti + 64 : last;
            for (; ti < stop; ti++) {
                const struct cpl_token *t = &doc->toks[ti];
                cand[n] = (uint32_t)ti;
                n += (size_t)(((t->flags & CPL_TOK_HAS_HYPHEN) != 0) |
                              (text[t->off + t->len] == '.'));
            }
            for (size_t k = 0; k < n; k++) {
                uint32_t c = cand[k];
                const struct cpl_token *t = &doc->toks[c];
                bool period = text[t->off + t->len] == '.';
                /*
                 * The title check runs even when its rule is off, so that
                 * the month check never reports a span that is a mangled
                 * title.
                 */
                bool titled = check_title(st, doc, c, p);
                if (want_month && !titled)
                    check_month(st, doc, c, p);
                if (want_break && period && c + 1 < last)
                    check_sentence_break(st, doc, p, c + 1);
            }
        }
    }
}

const struct cpl_check cpl_check_garble = {
    .family = "garble",
    .init = init,
    .run = run,
    .fini = fini,
};
