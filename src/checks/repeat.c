/*
 * repeat.c: repeat.word, the same word typed twice ("The the", "said
 * said"), the commonest slip that survives a spell check (issue #2).
 *
 * Convention: two adjacent tokens of one sentence with only white space
 * between them (a line break included) that are the same word, case
 * ignored. Silent when anything else stands between them ("it, it"), when
 * a sentence ends between them ("... it. It ..."), on numbers ("10 10"),
 * table rows and runs of three or more ("no no no"), on pieces of paths
 * and addresses ("po/fr.po po/de.po"), when the second word is
 * capitalised, as names are ("Duran Duran", "Walla Walla", "the new New
 * York office"), before "at least" ("estimated at at least"), and on
 * words whose doubling is grammatical ("had had", "that that", "what it
 * is is"), listed in dicts/repeat-allowed.txt. The fix deletes the second
 * word and the space before it, and is safe. One pass over the tokens, no
 * allocation.
 */
#include "check.h"

#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "../core/alloc.h"
#include "../core/strset.h"
#include "../core/utf8.h"
#include "../core/wordlist.h"

struct repeat_state {
    struct cpl_strset allowed; /* lower case: "had", "that" */
};

/*
 * Whether two words are the same with case folded (utf8proc's simple
 * lower-case mapping, so "Été" and "été" match). Compares code point by
 * code point; no allocation.
 */
CPL_TESTABLE bool same_word_ci(const char *a, size_t alen, const char *b,
                               size_t blen)
{
    size_t i = 0, j = 0;
    while (i < alen && j < blen) {
        uint32_t x, y;
        i += cpl_utf8_decode(a + i, alen - i, &x);
        j += cpl_utf8_decode(b + j, blen - j, &y);
        if (x == y)
            continue;
        if (x < 0x80 && y < 0x80) { /* ASCII: no utf8proc call */
            if (!cpl_is_letter(x) || (x | 0x20) != (y | 0x20))
                return false;
        } else if (utf8proc_tolower((utf8proc_int32_t)x) !=
                   utf8proc_tolower((utf8proc_int32_t)y)) {
            return false;
        }
    }
    return i == alen && j == blen;
}

/*
 * Whether bytes [a, b) are white space only, with at most one line
 * break: the words sit next to each other in the same paragraph.
 */
/* Whether two non-empty words differ already at their first bytes, both
 * ASCII: then same_word_ci() is false (most pairs of equal length). */
CPL_TESTABLE bool first_bytes_differ(const char *a, const char *b)
{
    unsigned char x = (unsigned char)a[0], y = (unsigned char)b[0];
    return (x | y) < 0x80 && (x | 0x20) != (y | 0x20);
}

CPL_TESTABLE bool gap_is_space(const char *t, uint32_t a, uint32_t b)
{
    if (a >= b)
        return false;
    unsigned breaks = 0, spaces = 0;
    for (uint32_t i = a; i < b;) {
        uint32_t cp;
        i += (uint32_t)cpl_utf8_decode(t + i, b - i, &cp);
        if (cp == '\n' || cp == '\r') {
            if (cp == '\n' || i >= b || t[i] != '\n')
                breaks++;
        } else if (cp != '\t' && cpl_is_space(cp)) {
            spaces++;
        } else {
            return false; /* a word, or a tab: table columns */
        }
    }
    /* Three or more spaces line up table columns ("nil     nil"). */
    return breaks <= 1 && spaces <= 2;
}

/* Whether the lower-cased word is in the allowed list. */
static bool allowed(const struct repeat_state *st, const char *w, size_t len)
{
    char buf[64];
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += cpl_utf8_decode(w + i, len - i, &cp);
        cp = (uint32_t)utf8proc_tolower((utf8proc_int32_t)cp);
        if (n + 4 > sizeof(buf))
            return false;
        n += cpl_utf8_encode(cp, buf + n);
    }
    return cpl_strset_has(&st->allowed, buf, n);
}

/*
 * Whether token k-1 and k are the same word with white space only
 * between them (the test run() makes, minus the exceptions).
 */
static bool pair(const copylint_doc *doc, size_t k)
{
    const struct cpl_token *a = &doc->toks[k - 1], *b = &doc->toks[k];
    return a->sentence == b->sentence &&
           same_word_ci(doc->text + a->off, a->len, doc->text + b->off,
                        b->len) &&
           gap_is_space(doc->text, a->off + a->len, b->off);
}

/* Whether the pair ending at token k belongs to a run of three or more. */
static bool run_of_three(const copylint_doc *doc, size_t k)
{
    return (k >= 2 && pair(doc, k - 1)) ||
           (k + 1 < doc->ntoks && pair(doc, k + 1));
}

/*
 * "estimated at at least", "at at most": the first "at" ends a phrase,
 * the second starts the idiom.
 */
static bool at_least(const copylint_doc *doc, size_t k)
{
    const struct cpl_token *b = &doc->toks[k];
    if (b->len != 2 || k + 1 >= doc->ntoks ||
        !same_word_ci(doc->text + b->off, 2, "at", 2))
        return false;
    const struct cpl_token *n = &doc->toks[k + 1];
    const char *w = doc->text + n->off;
    return same_word_ci(w, n->len, "least", 5) ||
           same_word_ci(w, n->len, "most", 4) ||
           same_word_ci(w, n->len, "all", 3) ||
           same_word_ci(w, n->len, "last", 4);
}

/*
 * Whether the line holding byte `off` is a table row: two or more runs of
 * several spaces ("Wheat      nil  nil  0.1"), or more words with digits
 * than without ("550/700 700/850 550/up  loads loads"). Only asked once a
 * repeat is found, so its cost does not matter.
 */
CPL_TESTABLE bool is_table_line(const char *t, uint32_t a, uint32_t b)
{
    unsigned runs = 0, numeric = 0, words = 0;
    for (uint32_t i = a; i < b;) {
        if (t[i] == ' ' || t[i] == '\t') {
            uint32_t j = i;
            while (j < b && (t[j] == ' ' || t[j] == '\t'))
                j++;
            if (j - i >= 2 || t[i] == '\t')
                runs++;
            i = j;
            continue;
        }
        bool digit = false;
        while (i < b && t[i] != ' ' && t[i] != '\t') {
            digit = digit || (t[i] >= '0' && t[i] <= '9');
            i++;
        }
        if (digit)
            numeric++;
        else
            words++;
    }
    return runs >= 2 || numeric > words;
}

/*
 * Whether the pair is part of a path, address or file name rather than
 * prose: glued on the outside to a slash, an at sign, an underscore, a
 * backslash or a period that continues a word ("po/fr.po po/de.po",
 * "mapfile mapfile.jni"). A period followed by a space ends a sentence.
 */
CPL_TESTABLE bool glued_outside(const char *t, size_t len, uint32_t a,
                                uint32_t b_end)
{
    if (a > 0 && t[a - 1] != '\0' && strchr("/@_\\", t[a - 1]))
        return true;
    if (a > 1 && t[a - 1] == '.' && t[a - 2] != '.' && t[a - 2] != ' ' &&
        t[a - 2] != '\n')
        return true; /* "bbc.co.uk uk", not "...the the" */
    if (b_end < len && t[b_end] != '\0' && strchr("/@_\\", t[b_end]))
        return true;
    if (b_end + 1 < len && t[b_end] == '.') {
        uint32_t cp;
        cpl_utf8_decode(t + b_end + 1, len - b_end - 1, &cp);
        return cpl_is_word_char(cp);
    }
    return false;
}

/*
 * The line around bytes [a, b) for is_table_line(), but at most
 * TABLE_WINDOW bytes on either side: a table row is short, and a bound
 * keeps a file that is one huge line linear (the whole line per repeat
 * was quadratic: 16 s for 10 MB on one line).
 */
#define TABLE_WINDOW 512
static struct cpl_span line_window(const copylint_doc *doc, uint32_t a,
                                   uint32_t b)
{
    const char *t = doc->text;
    uint32_t lo = a, hi = b, stop;
    stop = a > TABLE_WINDOW ? a - TABLE_WINDOW : 0;
    if (stop < doc->start)
        stop = doc->start;
    while (lo > stop && t[lo - 1] != '\n' && t[lo - 1] != '\r')
        lo--;
    stop = doc->len - b > TABLE_WINDOW ? b + TABLE_WINDOW : (uint32_t)doc->len;
    while (hi < stop && t[hi] != '\n' && t[hi] != '\r')
        hi++;
    return (struct cpl_span){lo, hi - lo};
}

static void fini(void *state)
{
    struct repeat_state *st = state;
    if (!st)
        return;
    cpl_strset_release(&st->allowed);
    free(st);
}

static copylint_status init(copylint_ctx *ctx, void **state)
{
    struct repeat_state *st = cpl_xcalloc(1, sizeof(*st));
    cpl_strset_init(&st->allowed);
    char *path = cpl_ctx_data_path(ctx, "dicts/repeat-allowed.txt");
    copylint_status s = cpl_wordlist_load(ctx, path, &st->allowed);
    free(path);
    if (s != COPYLINT_OK) {
        fini(st);
        return s;
    }
    *state = st;
    return COPYLINT_OK;
}

static void run(const copylint_ctx *ctx, const void *state, copylint_doc *doc)
{
    const struct repeat_state *st = state;
    if (!cpl_rule_on(ctx, CPL_RULE_REPEAT_WORD))
        return;
    for (size_t k = 1; k < doc->ntoks; k++) {
        const struct cpl_token *a = &doc->toks[k - 1], *b = &doc->toks[k];
        /* The tests without a side effect, most selective first. Two
         * ASCII words of different lengths are different words. */
        uint32_t fa = a->flags, fb = b->flags;
        if (a->len != b->len && !((fa | fb) & CPL_TOK_NON_ASCII))
            continue;
        if (a->sentence != b->sentence || !(fa & CPL_TOK_HAS_ALPHA) ||
            (fa & CPL_TOK_HAS_DIGIT))
            continue;
        /*
         * A capitalised second word is a name, a place or a band ("Duran
         * Duran", "the new New York office", "law lord Lord Bingham").
         */
        if (fb & CPL_TOK_UPPER_FIRST)
            continue;
        const char *wa = doc->text + a->off, *wb = doc->text + b->off;
        if (first_bytes_differ(wa, wb) || !same_word_ci(wa, a->len, wb, b->len))
            continue;
        uint32_t a_end = a->off + a->len;
        if (!gap_is_space(doc->text, a_end, b->off))
            continue;
        if (allowed(st, wa, a->len))
            continue;
        /*
         * A run of three or more is deliberate ("no no no", "caveat
         * caveat caveat") or a table row ("nil nil nil").
         */
        if (run_of_three(doc, k))
            continue;
        if (glued_outside(doc->text, doc->len, a->off, b->off + b->len))
            continue;
        /* "at at least": a stranded preposition before the idiom. */
        if (at_least(doc, k))
            continue;
        struct cpl_span ls = line_window(doc, a->off, b->off + b->len);
        if (is_table_line(doc->text, ls.off, ls.off + ls.len))
            continue;
        struct copylint_diag *d =
            cpl_diag_add(doc, CPL_RULE_REPEAT_WORD, a->off,
                         b->off + b->len - a->off, "'%.*s' is repeated",
                         (int)b->len, wb);
        if (d)
            cpl_diag_fix(d, a_end, b->off + b->len - a_end, "", true);
    }
}

const struct cpl_check cpl_check_repeat = {
    .family = "repeat",
    .init = init,
    .run = run,
    .fini = fini,
};
