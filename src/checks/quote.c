/*
 * quote.c: quotation marks (“ ” ‘ ’ " ' and, cheaply, „ « » ‹ ›).
 *
 * Style-book rules encoded (AP, CP, Reuters, and the Guardian's British
 * single marks): every quotation that opens closes in the same paragraph,
 * unless it runs on into the next one, which then opens again; curly marks
 * point at the quoted text; no space between a mark and the quoted words;
 * one quote style per article; an apostrophe is not a quotation mark.
 *
 * One left-to-right pass over each paragraph. Every mark is classified
 * from its neighbours alone (quote_classify: opening, closing, apostrophe,
 * or undecided), then a small stack of open quotations settles the
 * undecided ones and pairs the rest. Reports:
 *
 *   quote.direction   a curly mark whose shape contradicts its place;
 *   quote.spacing     a space inside a mark (`allies, ”`, `“ We`);
 *   quote.unclosed    a quotation never closed (and not reopened by the
 *                     next paragraph), a closing mark that closes nothing,
 *                     or a " quotation closed with ' (Reuters);
 *   quote.mixed-style straight and curly marks (or '' used as ") in one
 *                     article: one finding, at the first mark of the
 *                     less-used style.
 *
 * The seed's `dialogue. with the Iraqi government. “` (an opening mark at
 * the paragraph end, after a space, while a quotation is open) is one
 * damage, not three: it is reported once, as quote.direction, with the
 * safe fix replacing ` “` (the space and the mark) with `”`. quote.spacing
 * is kept for marks that point the right way, so one character never
 * gets two findings.
 *
 * What it leaves to others: spacing outside the quotation (`said,"We` is
 * space.*), the words inside, and `Britain"s`-style garbled apostrophes
 * (read as apostrophes here, not reported).
 *
 * Each heuristic states its convention, an input that fires, one that must
 * not, and its cost. The whole check is linear in the text: each mark is
 * pushed and popped at most once, neighbour look-ups skip at most Q_SKIP
 * adjacent marks, the stack is capped at Q_STACK (deeper marks are only
 * counted), and findings per paragraph at Q_MAX_PER_PARA, so 10,000 marks
 * in one paragraph cost 10,000 steps and give at most a handful of lines.
 */
#include "check.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/alloc.h"
#include "../core/utf8.h"

enum q_kind { Q_DOUBLE = 0, Q_SINGLE = 1 };

enum q_style {
    Q_STRAIGHT = 0, /* " and ' */
    Q_CURLY,        /* “ ” ‘ ’ */
    Q_DOUBLED,      /* '' or `` standing for a double mark */
    Q_OTHER,        /* „ ‟ « » ‚ ‹ › */
    Q_NSTYLES
};

/* What the shape of the mark says. */
enum q_typed { Q_TYPED_OPEN = 0, Q_TYPED_CLOSE, Q_TYPED_EITHER };

/* What sits next to a mark, once adjacent marks are skipped. */
enum q_nb {
    Q_NB_EDGE = 0, /* paragraph start or end */
    Q_NB_SPACE,
    Q_NB_OPENP,    /* ( [ { / and dashes, on the left */
    Q_NB_PUNCT,    /* . , ; : ! ? ) ] } (and dashes, on the right) */
    Q_NB_WORD      /* letters, digits and everything else */
};

/* What the neighbours alone say about a mark. */
enum q_use {
    Q_USE_OPEN = 0,  /* `said “We` */
    Q_USE_CLOSE,     /* `go,” he` */
    Q_USE_SPACED,    /* space or edge on both sides: `. “` at the end */
    Q_USE_INWORD,    /* text on both sides: `."The` */
    Q_USE_APOS,      /* an apostrophe: Iraq’s, ’80s, rock ’n’ roll */
    Q_USE_MAYBE_APOS /* players’ union, or a closing single mark */
};

struct q_mark {
    uint32_t off, len;
    uint32_t cp; /* the code point; '\'' for '' and '`' for `` */
    unsigned char kind, style, typed;
};

struct q_ctx {
    enum q_nb left, right;
    enum q_use use;
    bool left_digit; /* `12"`: maybe inches */
};

/* An open quotation. */
struct q_open {
    struct q_mark m;
    bool weak; /* may be an elision (’Enry): never reported as unclosed */
};

#define Q_SKIP 4          /* adjacent marks skipped to find a neighbour */
#define Q_STACK 32        /* open quotations tracked; deeper ones counted */
#define Q_MAX_PER_PARA 5  /* findings per paragraph */

struct q_state {
    copylint_doc *doc;
    const char *t;
    uint32_t start, end; /* the paragraph */
    struct q_open st[Q_STACK];
    unsigned n, overflow;
    unsigned nopen[2];     /* open doubles and singles on the stack */
    bool tentative;        /* a single was closed by an ambiguous s’ */
    unsigned carry;        /* kinds left unclosed (reported) just before */
    unsigned carry_left;   /* paragraphs the carry still covers */
    unsigned found;        /* findings in this paragraph */
    uint32_t count[Q_NSTYLES];
    uint32_t first[Q_NSTYLES], first_len[Q_NSTYLES];
};

static uint32_t cp_at(const char *t, uint32_t i, uint32_t end, uint32_t *len)
{
    uint32_t cp;
    *len = (uint32_t)cpl_utf8_decode(t + i, end - i, &cp);
    return cp;
}

/* The code point before t[i] (i > start); its start in *at. */
static uint32_t cp_before(const char *t, uint32_t start, uint32_t i,
                          uint32_t *at)
{
    size_t s;
    uint32_t cp = cpl_utf8_prev(t, i, &s);
    if (s < start)
        s = start;
    *at = (uint32_t)s;
    return cp;
}

/* The bytes a quotation mark can start with: " ' ` and the lead bytes
 * of « » (C2) and of the curly quotes and primes (E2). */
static const bool quote_lead[256] = {
    ['"'] = true, ['\''] = true, ['`'] = true, [0xC2] = true, [0xE2] = true};

/*
 * Quotation marks that are pieces of mojibake (encoding.mojibake reports
 * it), not quotation marks. UTF-8 read as Windows-1252 turns E2 80 xx
 * into "â€" and a third character: for an em or en dash (94, 93) a curly
 * quote ("â€”"). Read so twice, each character of that becomes two, and
 * a quote-like character sits between "â" and another non-ASCII one
 * ("â‚¬" for €, "â„¢" for ™).
 */
static bool in_mojibake(const char *t, uint32_t i, uint32_t len,
                        uint32_t end)
{
    if (i >= 5 && memcmp(t + i - 5, "\xC3\xA2\xE2\x82\xAC", 5) == 0)
        return true; /* after "â€" */
    return i >= 2 && memcmp(t + i - 2, "\xC3\xA2", 2) == 0 &&
           i + len < end && (unsigned char)t[i + len] >= 0x80;
}

/* Reads the quotation mark at t[i], if there is one. */
CPL_TESTABLE bool quote_mark_at(const char *t, uint32_t i, uint32_t end,
                                struct q_mark *m)
{
    if (!quote_lead[(unsigned char)t[i]])
        return false;
    uint32_t len;
    uint32_t cp = cp_at(t, i, end, &len);
    if (cp >= 0x80 && in_mojibake(t, i, len, end))
        return false;
    m->off = i;
    m->len = len;
    m->cp = cp;
    switch (cp) {
    case '"':
        m->kind = Q_DOUBLE, m->style = Q_STRAIGHT, m->typed = Q_TYPED_EITHER;
        return true;
    case '\'':
        if (i + 1 < end && t[i + 1] == '\'') {
            m->len = 2;
            m->kind = Q_DOUBLE, m->style = Q_DOUBLED;
            m->typed = Q_TYPED_EITHER;
        } else {
            m->kind = Q_SINGLE, m->style = Q_STRAIGHT;
            m->typed = Q_TYPED_EITHER;
        }
        return true;
    case '`':
        if (i + 1 < end && t[i + 1] == '`') {
            m->len = 2;
            m->kind = Q_DOUBLE, m->style = Q_DOUBLED, m->typed = Q_TYPED_OPEN;
            return true;
        }
        return false;
    case 0x201C:
        m->kind = Q_DOUBLE, m->style = Q_CURLY, m->typed = Q_TYPED_OPEN;
        return true;
    case 0x201D:
        m->kind = Q_DOUBLE, m->style = Q_CURLY, m->typed = Q_TYPED_CLOSE;
        return true;
    case 0x2018:
        m->kind = Q_SINGLE, m->style = Q_CURLY, m->typed = Q_TYPED_OPEN;
        return true;
    case 0x2019:
        m->kind = Q_SINGLE, m->style = Q_CURLY, m->typed = Q_TYPED_CLOSE;
        return true;
    case 0x201E: /* „ opens German and Polish quotations */
    case 0x201F:
        m->kind = Q_DOUBLE, m->style = Q_OTHER, m->typed = Q_TYPED_OPEN;
        return true;
    case 0x201A:
        m->kind = Q_SINGLE, m->style = Q_OTHER, m->typed = Q_TYPED_OPEN;
        return true;
    case 0xAB: /* « » point either way (French «x», German »x«) */
    case 0xBB:
        m->kind = Q_DOUBLE, m->style = Q_OTHER, m->typed = Q_TYPED_EITHER;
        return true;
    case 0x2039:
    case 0x203A:
        m->kind = Q_SINGLE, m->style = Q_OTHER, m->typed = Q_TYPED_EITHER;
        return true;
    default:
        return false;
    }
}

static bool is_quote_cp(uint32_t cp)
{
    return cp == '"' || cp == '\'' || cp == '`' || cp == 0xAB ||
           cp == 0xBB || (cp >= 0x2018 && cp <= 0x201F) || cp == 0x2039 ||
           cp == 0x203A;
}

static bool is_dash(uint32_t cp)
{
    return cp == '-' || (cp >= 0x2010 && cp <= 0x2015);
}

static enum q_nb left_class(uint32_t cp)
{
    if (cpl_is_space(cp))
        return Q_NB_SPACE;
    if (cp == '(' || cp == '[' || cp == '{' || cp == '/' || is_dash(cp))
        return Q_NB_OPENP;
    if (cp == '.' || cp == ',' || cp == ';' || cp == ':' || cp == '!' ||
        cp == '?' || cp == ')' || cp == ']' || cp == '}' || cp == 0x2026)
        return Q_NB_PUNCT;
    return Q_NB_WORD;
}

static enum q_nb right_class(const char *t, uint32_t i, uint32_t end,
                             uint32_t cp)
{
    if (cpl_is_space(cp))
        return Q_NB_SPACE;
    /* An ellipsis after a mark starts the quoted text: `"...and then`. */
    if (cp == '.' && i + 1 < end && t[i + 1] == '.')
        return Q_NB_WORD;
    if (cp == '.' || cp == ',' || cp == ';' || cp == ':' || cp == '!' ||
        cp == '?' || cp == ')' || cp == ']' || cp == '}' || is_dash(cp))
        return Q_NB_PUNCT;
    return Q_NB_WORD;
}

/*
 * The neighbour on the left of the mark at t[off], skipping adjacent marks
 * (`"'No`), and a mark set off by one space (`,' "`: AP puts a space
 * between a single and a double mark that meet) if `skip_space`. *digit
 * tells whether it is a digit (`12"`).
 */
CPL_TESTABLE enum q_nb quote_left(const char *t, uint32_t start, uint32_t off,
                                  bool skip_space, bool *digit)
{
    uint32_t i = off;
    *digit = false;
    for (int k = 0; k <= Q_SKIP; k++) {
        if (i <= start)
            return Q_NB_EDGE;
        uint32_t at;
        uint32_t cp = cp_before(t, start, i, &at);
        if (is_quote_cp(cp) && k < Q_SKIP) {
            i = at;
            continue;
        }
        if (skip_space && cp == ' ' && at > start && k < Q_SKIP) {
            uint32_t at2;
            uint32_t cp2 = cp_before(t, start, at, &at2);
            if (is_quote_cp(cp2) && cp2 != '`') {
                i = at2;
                continue;
            }
        }
        *digit = cpl_is_digit(cp);
        return left_class(cp);
    }
    return Q_NB_WORD;
}

/* The neighbour on the right of a mark ending at t[pos], likewise. */
CPL_TESTABLE enum q_nb quote_right(const char *t, uint32_t pos, uint32_t end,
                                   bool skip_space)
{
    uint32_t i = pos;
    for (int k = 0; k <= Q_SKIP; k++) {
        if (i >= end)
            return Q_NB_EDGE;
        uint32_t len;
        uint32_t cp = cp_at(t, i, end, &len);
        if (is_quote_cp(cp) && k < Q_SKIP) {
            i += len;
            continue;
        }
        if (skip_space && cp == ' ' && i + 1 < end && k < Q_SKIP) {
            uint32_t len2;
            uint32_t cp2 = cp_at(t, i + 1, end, &len2);
            /* `" 'Tis`: only a mark that itself opens something */
            if (is_quote_cp(cp2) && cp2 != 0x201D && i + 1 + len2 < end &&
                !cpl_is_space((unsigned char)t[i + 1 + len2])) {
                i += 1 + len2;
                continue;
            }
        }
        return right_class(t, i, end, cp);
    }
    return Q_NB_WORD;
}

static bool ascii_letter(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool ascii_digit(char c)
{
    return c >= '0' && c <= '9';
}

/*
 * Elisions that start with an apostrophe: ’em, ’til, ’tis, ’twas, ’cause,
 * ’n’, and decades and years: ’80s, ’07. `after` is the byte after the
 * mark; the first letter may be a capital (’Tis the season). Fires on
 * `rock ’n’ roll`, `the ’90s`; not on `‘Nobody’`. A quotation that starts
 * with a listed word (‘Cause and effect’) loses its opening mark, and its
 * closing mark then finds nothing open and reads as an apostrophe: silent
 * either way. Constant time.
 */
CPL_TESTABLE bool quote_is_elision(const char *t, uint32_t after, uint32_t end)
{
    static const char *const words[] = {
        "em", "til", "tis", "twas", "twere", "cause", "cos", "bout",
        "nuff", "n", "round", "ere", "ow", "im", "er", "s", NULL,
    };
    uint32_t i = after;
    if (i < end && ascii_digit(t[i])) {
        /* two digits, then an s or the end of the number */
        if (i + 1 < end && ascii_digit(t[i + 1]) &&
            (i + 2 >= end || !ascii_digit(t[i + 2])))
            return true;
        return false;
    }
    if (i + 1 < end && t[i] == 'N' && t[i + 1] == ' ')
        return true; /* PAY ’N PAK */
    uint32_t j = i;
    if (j < end && t[j] >= 'A' && t[j] <= 'Z' && j + 1 < end &&
        t[j + 1] >= 'a' && t[j + 1] <= 'z')
        j++; /* ’Tis, ’Twas at the start of a sentence */
    while (j < end && j - i < 8 && t[j] >= 'a' && t[j] <= 'z')
        j++;
    if (j == i || (j < end && ascii_letter(t[j])))
        return false;
    size_t n = j - i;
    for (size_t w = 0; words[w]; w++) {
        if (strlen(words[w]) == n && (t[i] | 0x20) == words[w][0] &&
            memcmp(t + i + 1, words[w] + 1, n - 1) == 0) {
            if (n == 1 && t[i] == 'n') {
                /* ’n’, or ’n alone before a space (Pay ’n Pak) */
                uint32_t cp, l;
                if (j >= end)
                    return false;
                cp = cp_at(t, j, end, &l);
                return cp == '\'' || cp == 0x2019 || cp == 0x2018 ||
                       cp == ' ';
            }
            if (n == 1 && t[i] == 's') /* ’s after a closing mark */
                return false;
            return true;
        }
    }
    return false;
}

/* The second apostrophe of ’n’: `n’` right after an apostrophe that
 * follows a space. */
static bool closes_n_elision(const char *t, uint32_t start, uint32_t off)
{
    if (off < start + 2 || (t[off - 1] != 'n' && t[off - 1] != 'N'))
        return false;
    uint32_t at;
    uint32_t cp = cp_before(t, start, off - 1, &at);
    if (cp != '\'' && cp != 0x2019 && cp != 0x2018)
        return false;
    if (at <= start)
        return true;
    uint32_t at2;
    uint32_t cp2 = cp_before(t, start, at, &at2);
    return !cpl_is_word_char(cp2);
}

/* A letter, the mark, then s, t, d, m, ll, re or ve ending the word:
 * the mark stands for an apostrophe (`Britain"s`, `don"t`). */
static bool is_apostrophe_suffix(const char *t, uint32_t start, uint32_t end,
                                 const struct q_mark *m)
{
    if (m->off <= start ||
        !(ascii_letter(t[m->off - 1]) || t[m->off - 1] == '>'))
        return false;
    uint32_t i = m->off + m->len, j = i;
    while (j < end && j - i < 3 && ascii_letter(t[j]))
        j++;
    if (j == i || (j < end && ascii_letter(t[j])))
        return false;
    static const char *const sfx[] = {"s", "t", "d", "m", "ll", "re", "ve",
                                      NULL};
    for (size_t k = 0; sfx[k]; k++) {
        if (strlen(sfx[k]) != j - i)
            continue;
        size_t n = 0;
        while (n < j - i && (t[i + n] | 0x20) == sfx[k][n])
            n++;
        if (n == j - i)
            return true;
    }
    return false;
}

/*
 * What the neighbours say. Apostrophes: a single mark between two letters
 * (Iraq’s, o’clock), before a listed elision (’em, ’80s, ’n’), or after a
 * period and before s (`U.S.’s`). A single mark after a letter and before
 * a space (players’, goin’) might close a quotation: Q_USE_MAYBE_APOS, and
 * the stack decides. A doubled '' inside a word is a doubled apostrophe.
 */
CPL_TESTABLE struct q_ctx quote_classify(const char *t, uint32_t start,
                                         uint32_t end, const struct q_mark *m)
{
    struct q_ctx c;
    c.left = quote_left(t, start, m->off, false, &c.left_digit);
    c.right = quote_right(t, m->off + m->len, end, false);
    /* A mark with space around it may sit next to another one, AP style:
     * `no,' " he said` closes, `said, " 'Tis` opens. */
    bool lopen = c.left == Q_NB_EDGE || c.left == Q_NB_SPACE ||
                 c.left == Q_NB_OPENP;
    if (c.left == Q_NB_SPACE && c.right != Q_NB_WORD)
        c.left = quote_left(t, start, m->off, true, &c.left_digit);
    else if (c.right == Q_NB_SPACE && lopen)
        c.right = quote_right(t, m->off + m->len, end, true);
    lopen = c.left == Q_NB_EDGE || c.left == Q_NB_SPACE ||
            c.left == Q_NB_OPENP;
    bool ropen = c.right == Q_NB_WORD;
    if (lopen && ropen)
        c.use = Q_USE_OPEN;
    else if (!lopen && !ropen)
        c.use = Q_USE_CLOSE;
    else if (lopen)
        c.use = Q_USE_SPACED;
    else
        c.use = Q_USE_INWORD;

    if (m->kind == Q_DOUBLE) {
        /* company''s, and Britain"s: a garbled apostrophe */
        if ((m->style == Q_DOUBLED && c.use == Q_USE_INWORD &&
             c.left == Q_NB_WORD) ||
            (m->style == Q_STRAIGHT && is_apostrophe_suffix(t, start, end, m)))
            c.use = Q_USE_APOS;
        return c;
    }
    /* The immediate neighbours, without skipping marks. */
    uint32_t pat = m->off;
    uint32_t prev = m->off > start ? cp_before(t, start, m->off, &pat) : 0;
    uint32_t nl = 0;
    uint32_t after = m->off + m->len;
    uint32_t next = after < end ? cp_at(t, after, end, &nl) : 0;
    bool pword = m->off > start && cpl_is_word_char(prev);
    bool nword = after < end && cpl_is_word_char(next);
    if (!pword && m->typed != Q_TYPED_EITHER && m->style == Q_OTHER)
        return c; /* ‚ ‹ ›: never apostrophes */
    /* After a letter: Iraq’s, or the second mark of ’n’; else before a
     * listed elision: ’em, ’80s, ’n’. */
    bool apos = pword ? nword || closes_n_elision(t, start, m->off)
                      : quote_is_elision(t, after, end);
    if (!apos && pword && c.use == Q_USE_CLOSE) {
        c.use = Q_USE_MAYBE_APOS;
        return c;
    }
    if (apos || (prev == '.' && next == 's' && /* U.S.’s */
                 (after + 1 >= end || !ascii_letter(t[after + 1]))))
        c.use = Q_USE_APOS;
    return c;
}

/*
 * Wire style, and the BBC corpus, whose paragraphs were merged: a quotation
 * that runs on into a new paragraph is not closed, and the new paragraph
 * opens it again. Merged, that reads `…26 weeks. "We are going`: an opening
 * mark after a sentence end (. ! ? …, then closing marks or brackets, then
 * a space) while a quotation of the same kind is open. Fires (re-opens
 * silently) on `weeks. "We`; not on `said "we`. Constant time.
 */
CPL_TESTABLE bool quote_after_sentence_end(const char *t, uint32_t start,
                                           uint32_t off)
{
    uint32_t i = off;
    bool space = false;
    while (i > start) {
        uint32_t at;
        uint32_t cp = cp_before(t, start, i, &at);
        if (!cpl_is_space(cp))
            break;
        space = true;
        i = at;
    }
    if (!space || i <= start)
        return false;
    for (int k = 0; k < 4 && i > start; k++) {
        uint32_t at;
        uint32_t cp = cp_before(t, start, i, &at);
        if (cp == '.' || cp == '!' || cp == '?' || cp == 0x2026)
            return true;
        if (!(is_quote_cp(cp) || cp == ')' || cp == ']'))
            return false;
        i = at;
    }
    return false;
}

/* Whether paragraph text at t[off..end) starts with an opening mark. */
static bool starts_with_opener(const char *t, uint32_t off, uint32_t end)
{
    uint32_t i = off;
    while (i < end) {
        uint32_t len;
        uint32_t cp = cp_at(t, i, end, &len);
        if (!cpl_is_space(cp))
            break;
        i += len;
    }
    struct q_mark m;
    if (i >= end || !quote_mark_at(t, i, end, &m))
        return false;
    if (m.typed == Q_TYPED_CLOSE && m.style == Q_CURLY)
        return false;
    uint32_t len;
    return i + m.len < end && !cpl_is_space(cp_at(t, i + m.len, end, &len));
}

/* ---- reporting ---- */

static struct copylint_diag *report(struct q_state *s, enum cpl_rule rule,
                                    uint32_t off, uint32_t len,
                                    const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static struct copylint_diag *report(struct q_state *s, enum cpl_rule rule,
                                    uint32_t off, uint32_t len,
                                    const char *fmt, ...)
{
    if (s->found >= Q_MAX_PER_PARA)
        return NULL;
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    struct copylint_diag *d = cpl_diag_add(s->doc, rule, off, len, "%s", buf);
    if (d)
        s->found++;
    return d;
}

static const char *mark_text(const struct q_mark *m, char *buf)
{
    if (m->len == 2 && (m->cp == '\'' || m->cp == '`')) {
        buf[0] = buf[1] = (char)m->cp;
        buf[2] = '\0';
        return buf;
    }
    size_t l = cpl_utf8_encode(m->cp, buf);
    buf[l] = '\0';
    return buf;
}

/* The whitespace run before t[off] (back to the paragraph start). */
static uint32_t space_before(const struct q_state *s, uint32_t off,
                             bool *newline)
{
    uint32_t i = off;
    *newline = false;
    while (i > s->start) {
        uint32_t at;
        uint32_t cp = cp_before(s->t, s->start, i, &at);
        if (!cpl_is_space(cp))
            break;
        *newline |= cpl_is_line_break(cp);
        i = at;
    }
    return i;
}

static uint32_t space_after(const struct q_state *s, uint32_t pos,
                            bool *newline)
{
    uint32_t i = pos;
    *newline = false;
    while (i < s->end) {
        uint32_t len;
        uint32_t cp = cp_at(s->t, i, s->end, &len);
        if (!cpl_is_space(cp))
            break;
        *newline |= cpl_is_line_break(cp);
        i += len;
    }
    return i;
}

static const char *counterpart(uint32_t cp)
{
    switch (cp) {
    case 0x201C: return "\xE2\x80\x9D"; /* “ -> ” */
    case 0x201D: return "\xE2\x80\x9C";
    case 0x2018: return "\xE2\x80\x99";
    case 0x2019: return "\xE2\x80\x98";
    default: return NULL;
    }
}

/* A curly mark pointing the wrong way. `space` < 0: the space before the
 * mark goes too; > 0: the space after it. */
static void report_direction(struct q_state *s, const struct q_mark *m,
                             bool used_to_close, int space)
{
    const char *to = counterpart(m->cp);
    char mk[8];
    mark_text(m, mk);
    struct copylint_diag *d;
    if (space == 0) {
        d = report(s, CPL_RULE_QUOTE_DIRECTION, m->off, m->len,
                   used_to_close
                       ? "closing quotation mark typed as an opening one (%s)"
                       : "opening quotation mark typed as a closing one (%s)",
                   mk);
        if (d && to)
            cpl_diag_fix(d, m->off, m->len, to, true);
        return;
    }
    bool nl;
    uint32_t a, b;
    if (space < 0) {
        a = space_before(s, m->off, &nl);
        b = m->off + m->len;
    } else {
        a = m->off;
        b = space_after(s, m->off + m->len, &nl);
    }
    d = report(s, CPL_RULE_QUOTE_DIRECTION, m->off, m->len,
               used_to_close ? "closing quotation mark typed as an opening "
                               "one (%s), after a space"
                             : "opening quotation mark typed as a closing "
                               "one (%s), before a space",
               mk);
    if (d && to)
        cpl_diag_fix(d, a, b - a, to, !nl);
}

static void report_spacing(struct q_state *s, const struct q_mark *m,
                           bool before)
{
    bool nl;
    uint32_t a, b;
    if (before) {
        a = space_before(s, m->off, &nl);
        b = m->off;
    } else {
        a = m->off + m->len;
        b = space_after(s, a, &nl);
    }
    if (a == b)
        return;
    struct copylint_diag *d =
        report(s, CPL_RULE_QUOTE_SPACING, m->off, m->len,
               before ? "space before a closing quotation mark"
                      : "space after an opening quotation mark");
    if (d)
        cpl_diag_fix(d, a, b - a, "", !nl);
}

static void report_unclosed(struct q_state *s, const struct q_open *o,
                            const char *why)
{
    if (o->weak)
        return;
    report(s, CPL_RULE_QUOTE_UNCLOSED, o->m.off, o->m.len,
           "quotation opened here is %s", why);
}

/* ---- the stack ---- */

static void push(struct q_state *s, const struct q_mark *m, bool weak)
{
    if (s->n >= Q_STACK) {
        s->overflow++;
        return;
    }
    s->st[s->n].m = *m;
    s->st[s->n].weak = weak;
    s->n++;
    s->nopen[m->kind]++;
    if (m->kind == Q_SINGLE)
        s->tentative = false;
}

/* Index of the innermost open quotation of `kind`, or -1. */
static int innermost(const struct q_state *s, unsigned kind)
{
    if (!s->nopen[kind])
        return -1;
    for (int k = (int)s->n - 1; k >= 0; k--)
        if (s->st[k].m.kind == kind)
            return k;
    return -1;
}

/* Pops down to (not including) level k; `report_why` names what the
 * dropped quotations are (NULL: drop silently). */
static void pop_to(struct q_state *s, int k, const char *report_why)
{
    while ((int)s->n > k) {
        struct q_open *o = &s->st[--s->n];
        s->nopen[o->m.kind]--;
        if (report_why)
            report_unclosed(s, o, report_why);
    }
}

static void open_quote(struct q_state *s, const struct q_mark *m, bool weak)
{
    int k = innermost(s, m->kind);
    if (k >= 0 && !s->overflow &&
        quote_after_sentence_end(s->t, s->start, m->off))
        pop_to(s, k, NULL); /* the wire's re-opened quotation */
    push(s, m, weak);
}

/* Closes the innermost quotation of the mark's kind. `sure`: the mark
 * cannot be an apostrophe. Returns false when none is open. */
static bool close_quote(struct q_state *s, const struct q_mark *m, bool sure)
{
    if (s->overflow) {
        s->overflow--;
        return true;
    }
    int k = innermost(s, m->kind);
    if (k < 0)
        return false;
    pop_to(s, k + 1,
           "not closed before the quotation around it ends");
    struct q_open o = s->st[k];
    pop_to(s, k, NULL);
    /* `’Go home,’ he said`: the weak ’ was an opening mark after all;
     * not after `’Enry’s players’ union`, closed by a mere s’ */
    if (sure && o.weak && o.m.typed == Q_TYPED_CLOSE && o.m.style == Q_CURLY)
        report_direction(s, &o.m, false, 0);
    if (m->kind == Q_SINGLE)
        s->tentative = false;
    return true;
}

/* `states" contributions`, `the U.S.' ability`: s or an abbreviation's
 * period, the mark, a space and a lower-case word. */
static bool is_plural_possessive(const struct q_state *s,
                                 const struct q_mark *m)
{
    const char *t = s->t;
    uint32_t after = m->off + m->len;
    if (m->off < s->start + 2 || after + 1 >= s->end || t[after] != ' ' ||
        !(t[after + 1] >= 'a' && t[after + 1] <= 'z'))
        return false;
    char p = t[m->off - 1], pp = t[m->off - 2];
    return p == 's' || (p == '.' && pp >= 'A' && pp <= 'Z');
}

static void stray_close(struct q_state *s, const struct q_mark *m,
                        const struct q_ctx *c)
{
    if (s->carry & (1u << m->kind)) {
        /* the end of a quotation left open in the previous paragraph,
         * already reported there */
        s->carry &= ~(1u << m->kind);
        return;
    }
    if (m->style == Q_STRAIGHT && c->left_digit)
        return; /* 12" is twelve inches */
    if (m->style == Q_STRAIGHT && is_plural_possessive(s, m))
        return; /* Reuters' `farmers" incomes`: a garbled apostrophe */
    report(s, CPL_RULE_QUOTE_UNCLOSED, m->off, m->len,
           "closing quotation mark with no opening one");
}

/* ---- one mark ---- */

/*
 * ’Enry, straight 'bot nets, '771, Bir 'Ali: an apostrophe in an opening
 * place may be an elision or a transliteration. A straight ' is a sure
 * opening mark only before a capital, and not right after a capitalised
 * word (`Bir 'Ali`, `Pay 'N Pak`).
 */
static bool straight_weak(const struct q_state *s, const struct q_mark *m)
{
    const char *t = s->t;
    uint32_t after = m->off + m->len;
    if (m->style != Q_STRAIGHT)
        return false;
    if (!(after < s->end && t[after] >= 'A' && t[after] <= 'Z'))
        return true;
    if (m->off < s->start + 2 || t[m->off - 1] != ' ')
        return false;
    uint32_t i = m->off - 1;
    while (i > s->start && ascii_letter(t[i - 1]))
        i--;
    return i < m->off - 1 && t[i] >= 'A' && t[i] <= 'Z';
}

/* A straight mark after a colon, then a space and a capital, with no
 * quotation open: an opening mark with the space on the wrong side
 * (`Haughey said:" Delors assured me`). */
static bool opens_after_space(const struct q_state *s, const struct q_mark *m,
                              const struct q_ctx *c)
{
    const char *t = s->t;
    uint32_t after = m->off + m->len;
    if (c->right != Q_NB_SPACE || m->off <= s->start || after + 1 >= s->end)
        return false;
    char p = t[m->off - 1];
    return p == ':' && t[after] == ' ' &&
           t[after + 1] >= 'A' && t[after + 1] <= 'Z';
}

static void do_double(struct q_state *s, const struct q_mark *m,
                      const struct q_ctx *c)
{
    bool open = s->nopen[Q_DOUBLE] > 0 || s->overflow;
    bool spacing = m->style != Q_OTHER; /* French spaces « x » */
    enum q_use u = c->use;
    if (u == Q_USE_APOS)
        return;
    if (u == Q_USE_INWORD)
        u = open ? Q_USE_CLOSE : Q_USE_OPEN;
    if (u == Q_USE_SPACED) {
        if (open) {
            if (m->typed == Q_TYPED_OPEN && counterpart(m->cp)) {
                int k = innermost(s, Q_DOUBLE);
                if (!(m->cp == 0x201C && k >= 0 &&
                      s->st[k].m.cp == 0x201E))
                    report_direction(s, m, true,
                                     c->left == Q_NB_SPACE ? -1 : 0);
            } else if (spacing && c->left == Q_NB_SPACE) {
                report_spacing(s, m, true);
            }
            close_quote(s, m, true);
            return;
        }
        if (c->right == Q_NB_SPACE && m->typed == Q_TYPED_CLOSE &&
            counterpart(m->cp)) {
            report_direction(s, m, false, 1); /* ` ” We` */
            open_quote(s, m, false);
            return;
        }
        if (c->right == Q_NB_EDGE) {
            /* nothing follows: this mark can only close */
            if (m->typed == Q_TYPED_OPEN && counterpart(m->cp))
                report_direction(s, m, true, c->left == Q_NB_SPACE ? -1 : 0);
            else
                stray_close(s, m, c);
            return;
        }
        if (m->typed == Q_TYPED_CLOSE) {
            stray_close(s, m, c);
            return;
        }
        if (spacing && c->right == Q_NB_SPACE)
            report_spacing(s, m, false);
        open_quote(s, m, false);
        return;
    }
    if (u == Q_USE_OPEN) {
        if (m->typed == Q_TYPED_CLOSE)
            report_direction(s, m, false, 0);
        open_quote(s, m, false);
        return;
    }
    /* Q_USE_CLOSE */
    if (!open && m->style == Q_STRAIGHT && opens_after_space(s, m, c)) {
        report_spacing(s, m, false); /* `said:" Delors` */
        open_quote(s, m, false);
        return;
    }
    if (m->typed == Q_TYPED_OPEN) {
        int k = innermost(s, Q_DOUBLE);
        bool german = m->cp == 0x201C && k >= 0 && s->st[k].m.cp == 0x201E;
        if (!german && counterpart(m->cp))
            report_direction(s, m, true, 0);
    }
    if (!close_quote(s, m, true))
        stray_close(s, m, c);
}

/*
 * Reuters copy often closes a double quotation with a single mark:
 * `traditional "kasgeldleningen'," said`, `in a short time,' Azpurua
 * said`. A straight ' that closes for sure (after punctuation), or any
 * closing ' inside a nested double quotation, closes the straight double
 * on top of the stack: one finding at the ', and the quotation around it
 * still pairs. Not for `"The players' union"`: one double open, and the '
 * follows a letter.
 */
static bool close_mismatched(struct q_state *s, const struct q_mark *m)
{
    if (m->style != Q_STRAIGHT || s->n == 0 || s->overflow)
        return false;
    /* `forms.'" She`: the ' ends a single quotation opened in an earlier
     * (merged) paragraph, and the " closes the double; but in `says to
     * himself, "Well I can ... class,'" he said` the inner " is the odd
     * one out */
    uint32_t after = m->off + m->len;
    if (after < s->end && s->t[after] == '"' && s->nopen[Q_DOUBLE] < 2)
        return false;
    const struct q_open *o = &s->st[s->n - 1];
    if (o->m.kind != Q_DOUBLE || o->m.style != Q_STRAIGHT)
        return false;
    struct copylint_diag *d =
        report(s, CPL_RULE_QUOTE_UNCLOSED, m->off, m->len,
               "quotation opened with \" is closed with '");
    if (d)
        cpl_diag_fix(d, m->off, m->len, "\"", false);
    s->n--;
    s->nopen[Q_DOUBLE]--;
    return true;
}

static bool top_is_single(const struct q_state *s)
{
    return s->n > 0 && s->st[s->n - 1].m.kind == Q_SINGLE;
}

/*
 * Single marks are also apostrophes, so they are judged more gently than
 * double ones: an ambiguous s’ closes an open single quotation, and if a
 * certain closing mark (`,’`) then finds nothing open, the s’ was an
 * apostrophe after all (`‘The players’ union is angry,’ he said`). An ’
 * in an opening place may be an elision we do not list (’Enry): it opens
 * a weak quotation, never reported as unclosed.
 */
static void do_single(struct q_state *s, const struct q_mark *m,
                      const struct q_ctx *c)
{
    bool curly = m->style == Q_CURLY;
    switch (c->use) {
    case Q_USE_APOS:
        if (m->cp == 0x2018) { /* ‘80s, rock ‘n’ roll, Iraq‘s */
            struct copylint_diag *d =
                report(s, CPL_RULE_QUOTE_DIRECTION, m->off, m->len,
                       "apostrophe typed as an opening quotation mark (‘)");
            if (d)
                cpl_diag_fix(d, m->off, m->len, "\xE2\x80\x99", true);
        }
        return;
    case Q_USE_MAYBE_APOS:
        if (m->cp == 0x2018)
            report_direction(s, m, true, 0);
        if (top_is_single(s)) {
            close_quote(s, m, false);
            s->tentative = true;
        } else if (s->nopen[Q_DOUBLE] >= 2) {
            close_mismatched(s, m);
        }
        return;
    case Q_USE_OPEN:
        open_quote(s, m, m->typed == Q_TYPED_CLOSE || straight_weak(s, m));
        return;
    case Q_USE_INWORD:
        if (top_is_single(s))
            close_quote(s, m, false);
        return;
    case Q_USE_CLOSE:
        if (m->cp == 0x2018)
            report_direction(s, m, true, 0);
        if (s->nopen[Q_SINGLE] == 0 && close_mismatched(s, m))
            return;
        if (!close_quote(s, m, true)) {
            if (s->tentative)
                s->tentative = false;
            else
                stray_close(s, m, c);
        }
        return;
    case Q_USE_SPACED:
        if (s->nopen[Q_SINGLE] > 0) {
            if (m->cp == 0x2018)
                report_direction(s, m, true, c->left == Q_NB_SPACE ? -1 : 0);
            else if (curly && c->left == Q_NB_SPACE)
                report_spacing(s, m, true);
            close_quote(s, m, true);
        } else if (m->cp == 0x2018) {
            if (c->right == Q_NB_SPACE)
                report_spacing(s, m, false);
            open_quote(s, m, false);
        }
        return;
    }
}

/* ---- paragraphs ---- */

static void count_style(struct q_state *s, const struct q_mark *m)
{
    if (m->style == Q_OTHER)
        return;
    if (s->count[m->style]++ == 0) {
        s->first[m->style] = m->off;
        s->first_len[m->style] = m->len;
    }
}

static void end_paragraph(struct q_state *s, const copylint_doc *doc,
                          size_t p)
{
    /* A quotation left open (and reported) may be closed a paragraph or
     * two later, after a stray paragraph break: that closing mark is part
     * of the same damage. */
    if (s->carry_left && --s->carry_left == 0)
        s->carry = 0;
    if (s->n == 0 && !s->overflow)
        return;
    bool last = p + 1 >= doc->nparas;
    if (!last && starts_with_opener(s->t, doc->paras[p + 1].off,
                                    doc->paras[p + 1].off +
                                        doc->paras[p + 1].len))
        return; /* the wire's multi-paragraph quotation */
    for (unsigned k = 0; k < s->n; k++) {
        const struct q_open *o = &s->st[k];
        if (o->weak)
            continue;
        report_unclosed(s, o,
                        last ? "never closed"
                             : "not closed in its paragraph, and the next "
                               "paragraph does not reopen it");
        s->carry |= 1u << o->m.kind;
        s->carry_left = 2;
    }
}

static void lint_paragraph(struct q_state *s, copylint_doc *doc, size_t p)
{
    const struct cpl_para *para = &doc->paras[p];
    const char *t = doc->text;
    s->start = para->off;
    s->end = para->off + para->len;
    s->n = 0;
    s->overflow = 0;
    s->nopen[0] = s->nopen[1] = 0;
    s->tentative = false;
    s->found = 0;
    for (uint32_t i = s->start; i < s->end;) {
        /* Every byte of quote_lead is " ' ` or not ASCII: the text
         * between marks is skipped eight bytes at a time. */
        i = (uint32_t)cpl_skip_to_marks(t, i, s->end, '"', '\'', '`');
        if (i >= s->end)
            break;
        if (!quote_lead[(unsigned char)t[i]]) {
            i++;
            continue;
        }
        struct q_mark m;
        if (!quote_mark_at(t, i, s->end, &m)) {
            i++;
            continue;
        }
        count_style(s, &m);
        struct q_ctx c = quote_classify(t, s->start, s->end, &m);
        if (m.kind == Q_DOUBLE)
            do_double(s, &m, &c);
        else
            do_single(s, &m, &c);
        i += m.len;
    }
    end_paragraph(s, doc, p);
}

static const char *const style_names[] = {
    [Q_STRAIGHT] = "straight", [Q_CURLY] = "curly",
    [Q_DOUBLED] = "doubled-apostrophe ('')", [Q_OTHER] = "other"};

/*
 * House style picks straight or curly marks for a whole article. Mixed
 * ones are reported once, at the first mark of the less-used style, with
 * the counts (info: often a paste from another system). Counts every mark
 * including apostrophes; '' standing for " counts as a third style.
 */
static void report_mixed(struct q_state *s)
{
    int styles = 0;
    int minority = -1;
    for (int k = 0; k < Q_OTHER; k++) {
        if (!s->count[k])
            continue;
        styles++;
        if (minority < 0 || s->count[k] < s->count[minority] ||
            (s->count[k] == s->count[minority] &&
             s->first[k] > s->first[minority]))
            minority = k;
    }
    if (styles < 2)
        return;
    int major = -1;
    for (int k = 0; k < Q_OTHER; k++)
        if (k != minority && s->count[k] &&
            (major < 0 || s->count[k] > s->count[major]))
            major = k;
    if (minority < 0 || major < 0)
        return; /* cannot happen with two styles; says so to cppcheck */
    cpl_diag_add(s->doc, CPL_RULE_QUOTE_MIXED_STYLE, s->first[minority],
                 s->first_len[minority],
                 "article mixes %s and %s quotes and apostrophes (%u %s, "
                 "%u %s); the first %s one is here",
                 style_names[major], style_names[minority],
                 (unsigned)s->count[major], style_names[major],
                 (unsigned)s->count[minority], style_names[minority],
                 style_names[minority]);
}

static void run(const copylint_ctx *ctx, const void *state, copylint_doc *doc)
{
    (void)ctx;
    (void)state;
    /* On the stack: a few hundred bytes, and no malloc per document. */
    struct q_state st = {0};
    struct q_state *s = &st;
    s->doc = doc;
    s->t = doc->text;
    for (size_t p = 0; p < doc->nparas; p++)
        lint_paragraph(s, doc, p);
    report_mixed(s);
}

const struct cpl_check cpl_check_quote = {
    .family = "quote",
    .run = run,
};
