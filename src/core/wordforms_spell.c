/*
 * wordforms_spell.c: what Hunspell_spell() answers for a word, worked out
 * from the compiled table of word forms (wordforms.h) where that can be
 * done exactly, so that hunspell itself need not be loaded.
 *
 * The table holds every form hunspell accepts as a whole word (its own
 * unmunch output, filtered by Hunspell_spell). What hunspell 1.7 adds to a
 * plain look-up, for the English dictionaries Debian ships (UTF-8, ICONV
 * ’ -> ', no KEEPCASE, FORBIDDENWORD or BREAK line, compound rules only
 * for numbers), is two things, both reproduced here:
 *
 * 1. Case. By the word's case type (hunspell's get_captype): no capital,
 *    or mixed case ("McKinnon", "Run-DMC"): the word as it is.
 *    Capitalised ("Defense", "Eight-year-olds"): as it is, or in lower
 *    case. ALL CAPS ("DMC"): as it is, capitalised ("Dmc") or lower case.
 * 2. Breaking at hyphens (the default BREAK table "-", "^-", "-$"), when
 *    the whole word is not found, of the word as the case handling left
 *    it (ALL CAPS capitalised: "Un-american"): ten hyphens or more, no; a leading
 *    or a trailing hyphen is dropped and the rest spelled; then the word
 *    is split at its second hyphen if it has one, and at its first, and
 *    is a word when both sides are (recursively, each with its own case
 *    type).
 *
 * ALL CAPS words that hunspell matches to a mixed-case entry ("IPHONE" to
 * "iPhone") are in the table too, under CPL_WORDFORMS_CAPS_TAG.
 *
 * Anything else is left to hunspell (-1): digits, periods and other
 * marks, ALL CAPS with an apostrophe (hunspell tries "Sant'Elia"-style
 * forms), letters whose case utf8proc and hunspell might judge apart
 * (letters with no case), words longer than MAX_WORD bytes.
 */
#include "wordforms.h"

#include <string.h>
#include <utf8proc.h>

#include "utf8.h"

#define MAX_WORD 96
#define MAX_BREAKS 10 /* hunspell gives up on this many hyphens */

enum captype { NOCAP, INITCAP, ALLCAP, MIXED, UNDECIDED };

/* Hunspell's case type of w, or UNDECIDED for a shape left to it. */
static enum captype captype(const char *w, size_t n, bool *apostrophe)
{
    size_t ncap = 0, ncased = 0;
    bool first_cap = false;
    *apostrophe = false;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t l = cpl_utf8_decode(w + i, n - i, &cp);
        if (cp == '\'' || cp == '-') {
            *apostrophe |= cp == '\'';
        } else if (cp < 0x80) {
            if (!(cpl_ascii_class[cp] & (CPL_ASCII_UPPER | CPL_ASCII_LOWER)))
                return UNDECIDED;
            ncased++;
            if (cpl_ascii_class[cp] & CPL_ASCII_UPPER) {
                ncap++;
                first_cap |= i == 0;
            }
        } else {
            utf8proc_int32_t c = (utf8proc_int32_t)cp;
            bool up = utf8proc_tolower(c) != c, low = utf8proc_toupper(c) != c;
            if (!cpl_is_letter(cp) || up == low)
                return UNDECIDED; /* a mark, or a letter without case */
            ncased++;
            if (up) {
                ncap++;
                first_cap |= i == 0;
            }
        }
        i += l;
    }
    if (ncap == 0)
        return NOCAP;
    if (ncap == 1 && first_cap)
        return INITCAP;
    if (ncap == ncased)
        return ALLCAP;
    return MIXED;
}

/* w with every letter in lower case (lower_rest) or only the first
 * (otherwise: "DMC" -> "Dmc" needs both), into out; its length, or 0. */
static size_t recase(const char *w, size_t n, bool lower_first,
                     bool lower_rest, char *out)
{
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t l = cpl_utf8_decode(w + i, n - i, &cp);
        if (i == 0 ? lower_first : lower_rest)
            cp = (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp);
        char buf[4];
        size_t bl = cpl_utf8_encode(cp, buf);
        if (o + bl >= MAX_WORD)
            return 0;
        memcpy(out + o, buf, bl);
        o += bl;
        i += l;
    }
    return o;
}

static int spell(const struct cpl_wordforms *wf, const char *w, size_t n);

/* The whole-word look-up for the word's case type, once the word as it
 * is was not found: 1, 0 or -1. */
static int other_cases(const struct cpl_wordforms *wf, const char *w,
                       size_t n, enum captype type, bool apostrophe)
{
    char alt[MAX_WORD];
    size_t al;
    switch (type) {
    case NOCAP:
    case MIXED:
        return 0;
    case INITCAP:
        al = recase(w, n, true, true, alt);
        return al ? cpl_wordforms_has(wf, alt, al) : -1;
    case ALLCAP:
        if (apostrophe)
            return -1;
        al = recase(w, n, false, true, alt); /* "Dmc" */
        if (!al)
            return -1;
        if (cpl_wordforms_has(wf, alt, al))
            return 1;
        al = recase(w, n, true, true, alt); /* "dmc" */
        if (cpl_wordforms_has(wf, alt, al))
            return 1;
        /* Hunspell also matches "IPHONE" to a mixed-case entry ("iPhone")
         * through a hidden "Iphone"; the table lists those it accepts. */
        if (n + 1 > sizeof(alt))
            return -1;
        alt[0] = CPL_WORDFORMS_CAPS_TAG;
        memcpy(alt + 1, w, n);
        return cpl_wordforms_has(wf, alt, n + 1);
    case UNDECIDED:
        break;
    }
    return -1;
}

/* Both sides of a break at w[at] are words: 1, 0 or -1. Hunspell spells
 * the right side first and looks at the left only if it is a word. */
static int both_sides(const struct cpl_wordforms *wf, const char *w,
                      size_t n, size_t at)
{
    int right = spell(wf, w + at + 1, n - at - 1);
    if (right <= 0)
        return right;
    return spell(wf, w, at);
}

/* What spell() answers of a word the table does not hold as it is. */
static int spell_other(const struct cpl_wordforms *wf, const char *w,
                       size_t n);

/* Whether spell() leaves w to hunspell before looking at the table. */
static bool not_for_table(const char *w, size_t n)
{
    return n == 0 || n > MAX_WORD ||
           (n >= 2 && (unsigned char)w[0] == 0xC4 &&
            (unsigned char)w[1] == 0xB0); /* a dotted capital I has rules
                                             of its own */
}

static int spell(const struct cpl_wordforms *wf, const char *w, size_t n)
{
    if (not_for_table(w, n))
        return -1;
    if (cpl_wordforms_has(wf, w, n))
        return 1; /* most words, at once */
    return spell_other(wf, w, n);
}

/* Only lower-case ASCII letters and apostrophes: hunspell's case type
 * NOCAP, and no hyphen to break at. */
static bool plain_lower(const char *w, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)w[i];
        if ((c < 'a' || c > 'z') && c != '\'')
            return false;
    }
    return true;
}

static int spell_other(const struct cpl_wordforms *wf, const char *w,
                       size_t n)
{
    /* Most words that reach here are misspellings and the suggestion
     * search's candidates ("recieve", "recive"): lower case, so no other
     * case to try and no hyphen to break at. Not in the table as they
     * are, they are not words; this is what the rules below conclude,
     * without decoding each character for its case. */
    if (plain_lower(w, n))
        return 0;
    bool apostrophe;
    enum captype type = captype(w, n, &apostrophe);
    int r = other_cases(wf, w, n, type, apostrophe);
    if (r != 0 || !memchr(w, '-', n))
        return r;
    /* Hunspell breaks the word as its case handling left it: an ALL CAPS
     * word capitalised ("UN-AMERICAN" -> "Un-american"). */
    char capitalised[MAX_WORD];
    if (type == ALLCAP) {
        n = recase(w, n, false, true, capitalised);
        if (!n)
            return -1;
        w = capitalised;
    }
    size_t breaks = 0, first = n, second = n;
    for (size_t i = 0; i < n; i++)
        if (w[i] == '-') {
            if (first == n)
                first = i;
            else if (second == n)
                second = i;
            breaks++;
        }
    if (!breaks)
        return 0;
    if (breaks >= MAX_BREAKS)
        return 0;
    bool undecided = false;
    /* "^-" and "-$": a hyphen at either end is dropped. */
    if (n >= 2 && w[0] == '-') {
        r = spell(wf, w + 1, n - 1);
        if (r > 0)
            return 1;
        undecided |= r < 0;
    }
    if (n >= 2 && w[n - 1] == '-') {
        r = spell(wf, w, n - 1);
        if (r > 0)
            return 1;
        undecided |= r < 0;
    }
    /* "-": at the second hyphen if it is not the last character, else at
     * the first; then at the first. Neither may be the first or last. */
    if (first > 0 && first < n - 1) {
        size_t at = second < n - 1 ? second : first;
        r = both_sides(wf, w, n, at);
        if (r > 0)
            return 1;
        undecided |= r < 0;
        r = both_sides(wf, w, n, first);
        if (r > 0)
            return 1;
        undecided |= r < 0;
    }
    return undecided ? -1 : 0;
}

int cpl_wordforms_spell(const struct cpl_wordforms *wf, const char *word,
                        size_t len)
{
    if (!wf)
        return -1;
    /* spell() unrolled once: most words are in the table as they are,
     * and need neither its recursion nor the case rules. */
    if (not_for_table(word, len))
        return -1;
    if (cpl_wordforms_has(wf, word, len))
        return 1;
    return spell_other(wf, word, len);
}
