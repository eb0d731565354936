/*
 * space.c: the space family, line by line over the document.
 *
 *   space.leading         whitespace at the start of a line, except the
 *                         indent of a table row
 *   space.trailing        whitespace at the end of a line (or a line of
 *                         nothing but whitespace)
 *   space.double          two spaces inside a line of prose
 *   space.before-punct    a space before , . ; : ? !
 *   space.after-sentence  a sentence end glued to the next sentence
 *                         (`end.The`)
 *
 * Whitespace is the space, the tab, NBSP and the other Unicode space
 * separators; a line break (LF, CRLF or a lone CR) is never whitespace
 * here, and form feeds and other controls are encoding.control's. Every
 * fix deletes or inserts whitespace only. Linear: each line is read twice
 * (once to see whether it is a table row), each token at most twice. Each
 * rule lists at most MAX_LISTED findings per document, then one summary.
 *
 * Sentence ends and abbreviations come from the core (segment.c and
 * dicts/abbreviations.txt); garble.* reports a period followed by a
 * lower-case word, so space.after-sentence looks only at capitals.
 */
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/alloc.h"
#include "../core/utf8.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define MAX_LISTED 1000

/* Lines up to this many bytes with two or more gaps read as table rows. */
#define TABLE_ROW_MAX 120

struct scan {
    copylint_doc *doc;
    struct cpl_diag_cap cap; /* MAX_LISTED findings per rule, then a count */
    bool two_space_style; /* the article puts two spaces after sentences */
    size_t sent;          /* the sentence scan position, for sentence ends */
    /* the whitespace-delimited token of the current position */
    uint32_t tok_start, tok_end;
    bool tok_known, tok_code;
};

/* Space, tab, NBSP and the Unicode space separators; not line breaks, not
 * NEL, form feed or vertical tab (controls, reported by encoding.*). */
CPL_TESTABLE bool is_hspace(uint32_t cp)
{
    if (cp < 0x80)
        return cp == ' ' || cp == '\t';
    return cp != 0x85 && !cpl_is_line_break(cp) && cpl_is_space(cp);
}

/* The no-break and thin spaces French typography puts before ; : ! ? */
static bool is_french_space(uint32_t cp)
{
    return cp == 0xA0 || cp == 0x202F || cp == 0x2009 || cp == 0x200A;
}

static bool is_closer(uint32_t cp)
{
    return cp == '"' || cp == '\'' || cp == ')' || cp == ']' ||
           cp == 0x201D || cp == 0x2019 || cp == 0xBB || cp == 0x203A;
}

static bool is_opener(uint32_t cp)
{
    return cp == '"' || cp == '\'' || cp == '(' || cp == '[' ||
           cp == 0x201C || cp == 0x2018 || cp == 0xAB || cp == 0x2039;
}

static uint32_t cp_at(const char *t, uint32_t i, uint32_t end, uint32_t *len)
{
    uint32_t cp = 0;
    size_t l = 0;
    if (i < end)
        l = cpl_utf8_decode(t + i, end - i, &cp);
    if (len)
        *len = (uint32_t)l;
    return cp;
}

/* cpl_utf8_prev() (i > 0), with an ASCII byte, nearly every byte of
 * copy, answered inline. */
CPL_TESTABLE uint32_t prev_cp(const char *t, size_t i, size_t *start)
{
    unsigned char c = (unsigned char)t[i - 1];
    if (c < 0x80) {
        *start = i - 1;
        return c;
    }
    return cpl_utf8_prev(t, i, start);
}

static uint32_t cp_before(const char *t, uint32_t i, uint32_t start)
{
    if (i <= start)
        return 0;
    size_t s;
    return prev_cp(t, i, &s);
}

static uint32_t line_end(const copylint_doc *doc, size_t l)
{
    uint32_t b = l + 1 < doc->nlines ? doc->lines[l + 1] : (uint32_t)doc->len;
    while (b > doc->lines[l] &&
           (doc->text[b - 1] == '\n' || doc->text[b - 1] == '\r'))
        b--;
    return b;
}

/* Length of the longest prefix of at most `max` bytes that ends on a
 * code-point boundary. */
static int clip(const char *s, size_t len, size_t max)
{
    if (len <= max)
        return (int)len;
    size_t n = max;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    return (int)n;
}

/* ---- space.before-punct -------------------------------------------------- */

/* `:-)`, `;)`, `:D`, `:p`, `:-` : an emoticon after the colon. */
static bool is_emoticon_at(const char *t, uint32_t i, uint32_t end)
{
    uint32_t c1 = cp_at(t, i, end, NULL);
    if (!c1 || !strchr(")(-DPpOo/\\|*[]^{}<>3@$'", (int)c1) || c1 >= 0x80)
        return false;
    uint32_t c2 = cp_at(t, i + 1, end, NULL);
    return !cpl_is_letter(c2);
}

/*
 * Whether the whitespace [ra, rb) before the punctuation mark at rb is an
 * error. Convention (AP, CP, Reuters): no space before , . ; : ? !. Not
 * errors: a spaced ellipsis (`said ... and`, `. . .`), a leading point
 * (` .NET`, ` .45 calibre`, ` .com`), French spacing with a no-break or
 * thin space before ; : ? !, an emoticon (` :-)`), a colon before a
 * number or path (` :30`), a mark standing quoted or bracketed on its own
 * (`the " , " key`), and a question mark used as a list bullet (`: ? one`).
 */
CPL_TESTABLE bool before_punct_is_error(const char *t, uint32_t ra,
                                        uint32_t rb, uint32_t start,
                                        uint32_t end)
{
    uint32_t pl;
    uint32_t p = cp_at(t, rb, end, &pl);
    uint32_t next = cp_at(t, rb + pl, end, NULL);
    uint32_t before = cp_before(t, ra, start);
    bool french = true;
    for (uint32_t i = ra; i < rb;) {
        uint32_t l;
        if (!is_french_space(cp_at(t, i, rb, &l)))
            french = false;
        i += l;
    }
    if (is_opener(before) || before == '/' || before == '\\')
        return false;
    switch (p) {
    case '.':
        if (next == '.' || cpl_is_word_char(next) || next == '/' ||
            next == '\\' || next == '_' || before == '.' || before == 0x2026)
            return false;
        if (next == ' ' && cp_at(t, rb + pl + 1, end, NULL) == '.')
            return false; /* ". . ." */
        return true;
    case ',':
        return before != ',';
    case ';':
    case ':':
        if (french)
            return false;
        if (is_emoticon_at(t, rb + pl, end) || cpl_is_digit(next) ||
            next == '/' || next == '\\' || next == p)
            return false;
        return true;
    case '?':
    case '!':
        if (french)
            return false;
        if (before == ':' || before == ';' || before == '?' || before == '!' ||
            before == 0x2022)
            return false;
        return true;
    default:
        return false;
    }
}

/* ---- space.after-sentence ------------------------------------------------ */

/* Tokens that are code, addresses or markup rather than prose. */
static bool is_code_char(uint32_t cp)
{
    return cp == '@' || cp == '/' || cp == '\\' || cp == '<' || cp == '>' ||
           cp == '_' || cp == '=' || cp == '#' || cp == '~' || cp == '|' ||
           cp == '{' || cp == '}' || cp == '[' || cp == ']';
}

/* Generic top-level domains, as old copy capitalised them (`Amazon.Com`).
 * Not `net`: `1987.Net income rose` is a sentence in financial copy. */
static bool is_tld(const char *s, size_t len)
{
    static const char *const tlds[] = {"com", "org", "gov", "edu",
                                       "co",  "biz", "info"};
    for (size_t i = 0; i < sizeof(tlds) / sizeof(tlds[0]); i++)
        if (strlen(tlds[i]) == len && strncasecmp(s, tlds[i], len) == 0)
            return true;
    return false;
}

/* Learns the token around `pos` (whitespace-delimited) once. */
static void token_at(struct scan *sc, uint32_t tok_start, uint32_t end)
{
    if (sc->tok_known && sc->tok_start == tok_start)
        return;
    const char *t = sc->doc->text;
    uint32_t i = tok_start;
    bool code = false;
    unsigned inner_points = 0;
    while (i < end) {
        uint32_t l;
        uint32_t cp = cp_at(t, i, end, &l);
        if (is_hspace(cp))
            break;
        if (is_code_char(cp))
            code = true;
        if (cp == '.' && i + 1 < end &&
            cpl_is_word_char(cp_at(t, i + 1, end, NULL)))
            inner_points++;
        i += l;
    }
    /* Two points inside one token: a domain or dotted name
     * (`Halo.Bungie.Org`), not two sentences glued together. */
    if (inner_points >= 2)
        code = true;
    if (i - tok_start >= 4 && (memcmp(t + tok_start, "www.", 4) == 0 ||
                               memcmp(t + tok_start, "WWW.", 4) == 0))
        code = true;
    sc->tok_known = true;
    sc->tok_start = tok_start;
    sc->tok_end = i;
    sc->tok_code = code;
}

/*
 * A sentence end glued to the next sentence: `end.The`, `said."We`,
 * `why?“It`. Convention: one space after a sentence. Only a lower-case
 * letter, digit, `)` or `%` before the mark and a capitalised word after
 * it (a capital, then lower-case letters only, like a sentence start)
 * count, so `U.S.A.`, `J.R.R.`, `Ph.D.`, `5.30`, `.NET`, `ASP.NET`,
 * `System.Console.WriteLine` and `README.TXT` do not fire.
 * Abbreviations from dicts/abbreviations.txt (`e.g.`, `St.Louis`) do not
 * end sentences. Tokens that hold `@`, `/`, `<`, `_` and the like, start
 * `www.` or hold two inner points are addresses, paths, domains or
 * Reuters codes (`<smbs.St>`, `Halo.Bungie.Org`); a word followed by a
 * point and more letters (`bbc.Co.uk`) or a generic top-level domain
 * (`Amazon.Com`) is a domain. Known miss: a brand with an inner point
 * (`One.Tel`) reads as two sentences. Returns the end of the mark and
 * its closing quotes, where the space belongs, or 0.
 */
static uint32_t after_sentence_gap(struct scan *sc, uint32_t p,
                                   uint32_t tok_start, uint32_t start,
                                   uint32_t end, bool *straight)
{
    const char *t = sc->doc->text;
    uint32_t mark = (unsigned char)t[p];
    uint32_t before = cp_before(t, p, start);
    if (!(cpl_is_lower(before) || cpl_is_digit(before) || before == ')' ||
          before == '%'))
        return 0;
    uint32_t q = p + 1;
    if (mark == '.') {
        if (q < end && t[q] == '.')
            return 0;
    } else {
        while (q < end && (t[q] == '!' || t[q] == '?'))
            q++;
    }
    *straight = false;
    for (;;) {
        uint32_t l;
        uint32_t cp = cp_at(t, q, end, &l);
        if (!is_closer(cp))
            break;
        if (cp == '"' || cp == '\'')
            *straight = true;
        q += l;
    }
    uint32_t w = q, l;
    uint32_t cp = cp_at(t, w, end, &l);
    if (cp == 0x201C || cp == 0x2018) {
        w += l;
        cp = cp_at(t, w, end, &l);
    }
    if (!cpl_is_upper(cp))
        return 0;
    uint32_t letters = 1;
    uint32_t we = w + l;
    for (;;) {
        cp = cp_at(t, we, end, &l);
        if (!cpl_is_letter(cp))
            break;
        if (!cpl_is_lower(cp))
            return 0; /* camel case or capitals: a name or code */
        letters++;
        we += l;
    }
    if (letters < 2 || is_tld(t + w, we - w))
        return 0;
    /* After the word: prose goes on, or it is a domain, path or code. */
    uint32_t after = cp_at(t, we, end, &l);
    if (after == '.') {
        uint32_t a2 = cp_at(t, we + l, end, NULL);
        if (a2 && !is_hspace(a2) && !is_closer(a2))
            return 0;
    } else if (after && !is_hspace(after) && !is_closer(after) &&
               !strchr(",;:!?-'", (int)(after < 0x80 ? after : 'x')) &&
               after != 0x2019 && after != 0x201D && after != 0x2014 &&
               after != 0x2013) {
        return 0;
    }
    token_at(sc, tok_start, end);
    if (sc->tok_code)
        return 0;
    if (mark == '.' && cpl_doc_is_abbrev_at(sc->doc, tok_start, p))
        return 0;
    return q;
}

/* ---- lines ----------------------------------------------------------------- */

#define R16(v) v, v, v, v, v, v, v, v, v, v, v, v, v, v, v, v

/* Bytes check_line() stops at: whitespace (space, tab, any multi-byte
 * character, which may be a Unicode space) and, for the sentence scan,
 * . ! ? Every other byte is skipped from the table. */
enum { STOP_SPACE = 1, STOP_MARK = 2 };
static const unsigned char stop_at[256] = {
    ['\t'] = STOP_SPACE, [' '] = STOP_SPACE, ['.'] = STOP_MARK,
    ['!'] = STOP_MARK, ['?'] = STOP_MARK,
    [0x80] = R16(STOP_SPACE | STOP_MARK), R16(STOP_SPACE | STOP_MARK),
    R16(STOP_SPACE | STOP_MARK), R16(STOP_SPACE | STOP_MARK),
    R16(STOP_SPACE | STOP_MARK), R16(STOP_SPACE | STOP_MARK),
    R16(STOP_SPACE | STOP_MARK), R16(STOP_SPACE | STOP_MARK)};

/* The punctuation space.before-punct looks at after a space. */
static const bool before_punct_mark[128] = {
    [','] = true, ['.'] = true, [';'] = true, [':'] = true, ['?'] = true,
    ['!'] = true};

/* Whether check_line() must look at t[i] itself: the bytes of stop_at,
 * and a space unless an ordinary ASCII character (no white space, mark
 * or punctuation space.before-punct knows) follows it inside the line.
 * Every other byte only moves the scan on. */
static bool must_stop(const char *t, uint32_t i, uint32_t end)
{
    unsigned char c = (unsigned char)t[i];
    if (c != ' ')
        return stop_at[c] != 0;
    if (i + 1 >= end)
        return true;
    unsigned char n = (unsigned char)t[i + 1];
    return n >= 0x80 || stop_at[n] || before_punct_mark[n];
}

/*
 * The first i' >= i, below end, where must_stop() holds (end if none);
 * *after_space becomes the position after the last space of [i, i') if
 * there is one. Sixteen bytes at a time with SSE2 where the compiler has
 * it (every x86-64), byte by byte elsewhere and for the last bytes of the
 * line; quiet_end_bytewise() is the reference the unit test holds the
 * fast path to.
 */
/* Off only in the unit test that holds the bulk skip to the byte-by-byte
 * reference over the whole family. */
CPL_TESTABLE bool skip_in_bulk = true;

CPL_TESTABLE uint32_t quiet_end_bytewise(const char *t, uint32_t i,
                                         uint32_t end, uint32_t *after_space)
{
    for (; i < end; i++) {
        if (must_stop(t, i, end))
            return i;
        if (t[i] == ' ')
            *after_space = i + 1;
    }
    return end;
}

CPL_TESTABLE uint32_t quiet_end(const char *t, uint32_t i, uint32_t end,
                                uint32_t *after_space)
{
#ifdef __SSE2__
    const __m128i dot = _mm_set1_epi8('.'), bang = _mm_set1_epi8('!'),
                  ques = _mm_set1_epi8('?'), tab = _mm_set1_epi8('\t'),
                  space = _mm_set1_epi8(' '), comma = _mm_set1_epi8(','),
                  semi = _mm_set1_epi8(';'), colon = _mm_set1_epi8(':');
    /* Bytes i .. i+16 are read: the one after the block decides whether
     * its last space stops. */
    while (end - i > 16) {
        __m128i a = _mm_loadu_si128((const __m128i *)(const void *)(t + i));
        __m128i b =
            _mm_loadu_si128((const __m128i *)(const void *)(t + i + 1));
        __m128i marks = _mm_or_si128(
            _mm_or_si128(_mm_cmpeq_epi8(a, dot), _mm_cmpeq_epi8(a, bang)),
            _mm_or_si128(_mm_cmpeq_epi8(a, ques), _mm_cmpeq_epi8(a, tab)));
        /* What a space must not be followed by (bytes >= 0x80 come from
         * the sign bits below). */
        __m128i next = _mm_or_si128(
            _mm_or_si128(
                _mm_or_si128(_mm_cmpeq_epi8(b, space), _mm_cmpeq_epi8(b, tab)),
                _mm_or_si128(_mm_cmpeq_epi8(b, dot), _mm_cmpeq_epi8(b, bang))),
            _mm_or_si128(
                _mm_or_si128(_mm_cmpeq_epi8(b, ques), _mm_cmpeq_epi8(b, comma)),
                _mm_or_si128(_mm_cmpeq_epi8(b, semi),
                             _mm_cmpeq_epi8(b, colon))));
        __m128i sp = _mm_cmpeq_epi8(a, space);
        unsigned spaces = (unsigned)_mm_movemask_epi8(sp);
        unsigned stop =
            (unsigned)_mm_movemask_epi8(
                _mm_or_si128(marks, _mm_and_si128(sp, next))) |
            (unsigned)_mm_movemask_epi8(a) |
            (spaces & (unsigned)_mm_movemask_epi8(b));
        if (stop) {
            unsigned k = (unsigned)__builtin_ctz(stop);
            unsigned before = spaces & ((1u << k) - 1);
            if (before)
                *after_space = i + 32 - (unsigned)__builtin_clz(before);
            return i + k;
        }
        if (spaces)
            *after_space = i + 32 - (unsigned)__builtin_clz(spaces);
        i += 16;
    }
#endif
    return quiet_end_bytewise(t, i, end, after_space);
}

/* The end of the run of white space at t[i]; its length in characters
 * in *n, and whether it holds a tab in *tab. */
static uint32_t hspace_run(const char *t, uint32_t i, uint32_t end,
                           unsigned *n, bool *tab)
{
    uint32_t cp, l;
    *n = 0;
    *tab = false;
    while (i < end && is_hspace(cp = cp_at(t, i, end, &l))) {
        *tab |= cp == '\t';
        (*n)++;
        i += l;
    }
    return i;
}

/*
 * Table rows align columns with runs of spaces: a line is a table row
 * when a gap is three or more spaces or holds a tab, or when a short
 * line has two gaps or more (`North End:  13 hrs  15 hrs`). Prose with
 * a stray double space has one gap, or long lines.
 */
static bool is_table_row(const char *t, uint32_t la, uint32_t tb)
{
    unsigned gaps = 0;
    for (uint32_t i = la; i < tb;) {
        if (!(stop_at[(unsigned char)t[i]] & STOP_SPACE)) {
            i++;
            continue;
        }
        uint32_t l;
        uint32_t cp = cp_at(t, i, tb, &l);
        if (!is_hspace(cp)) {
            i += l;
            continue;
        }
        unsigned n;
        bool tab;
        i = hspace_run(t, i, tb, &n, &tab);
        if (tab || n >= 3)
            return true;
        if (n >= 2)
            gaps++;
    }
    return gaps >= 2 && tb - la <= TABLE_ROW_MAX;
}

/* Whether the whitespace run [ra, rb) follows the end of a sentence found
 * by the segmenter. Sentence offsets only grow, so the scan is linear. */
static bool at_sentence_end(struct scan *sc, uint32_t ra)
{
    const copylint_doc *doc = sc->doc;
    while (sc->sent < doc->nsents &&
           doc->sents[sc->sent].off + doc->sents[sc->sent].len < ra)
        sc->sent++;
    if (sc->sent >= doc->nsents)
        return false;
    const struct cpl_sentence *s = &doc->sents[sc->sent];
    return s->off + s->len == ra && sc->sent + 1 < doc->nsents &&
           doc->sents[sc->sent + 1].para == s->para;
}

static void check_line(struct scan *sc, uint32_t a, uint32_t b, bool want[])
{
    const char *t = sc->doc->text;
    uint32_t l, la = a;
    while (la < b && is_hspace(cp_at(t, la, b, &l)))
        la += l;
    if (la == b) {
        if (b > a && want[CPL_RULE_SPACE_TRAILING]) {
            struct copylint_diag *d =
                cpl_diag_add_capped(&sc->cap, CPL_RULE_SPACE_TRAILING, a, b - a,
                       "the line holds only whitespace");
            cpl_diag_fix(d, a, b - a, "", true);
        }
        return;
    }
    uint32_t tb = b;
    for (;;) {
        size_t s;
        uint32_t cp = prev_cp(t, tb, &s);
        if (!is_hspace(cp))
            break;
        tb = (uint32_t)s;
    }
    if (tb < b && want[CPL_RULE_SPACE_TRAILING]) {
        struct copylint_diag *d = cpl_diag_add_capped(&sc->cap, CPL_RULE_SPACE_TRAILING, tb, b - tb,
                                         "whitespace at the end of the line");
        cpl_diag_fix(d, tb, b - tb, "", true);
    }

    /* Whether the line is a table row, found out only when it matters
     * (an indent or a double space): -1 not yet known. */
    int table = -1;
    /* A table row's indent aligns its first column: not an error. */
    if (la > a && want[CPL_RULE_SPACE_LEADING] &&
        !(table < 0 ? (table = is_table_row(t, la, tb)) : table)) {
        struct copylint_diag *d = cpl_diag_add_capped(&sc->cap, CPL_RULE_SPACE_LEADING, a, la - a,
                                         "whitespace at the start of the line");
        cpl_diag_fix(d, a, la - a, "", true);
    }

    uint32_t tok_start = la;
    for (uint32_t i = la; i < tb;) {
        /* The bytes that only move the scan on (letters, digits, most
         * punctuation, one space before an ordinary character) are passed
         * over in bulk; tok_start follows the last space passed. */
        i = skip_in_bulk ? quiet_end(t, i, tb, &tok_start)
                         : quiet_end_bytewise(t, i, tb, &tok_start);
        if (i >= tb)
            break;
        uint32_t cp = cp_at(t, i, tb, &l);
        if (!is_hspace(cp)) {
            if ((cp == '.' || cp == '!' || cp == '?') &&
                want[CPL_RULE_SPACE_AFTER_SENTENCE]) {
                bool straight;
                uint32_t q = after_sentence_gap(sc, i, tok_start, la, tb,
                                                &straight);
                if (q) {
                    uint32_t wl;
                    uint32_t w = q;
                    uint32_t oc = cp_at(t, w, tb, &wl);
                    if (oc == 0x201C || oc == 0x2018)
                        w += wl;
                    uint32_t we = w;
                    while (we < tb && cpl_is_letter(cp_at(t, we, tb, &wl)))
                        we += wl;
                    struct copylint_diag *d = cpl_diag_add_capped(
                        &sc->cap, CPL_RULE_SPACE_AFTER_SENTENCE, i, q - i,
                        "no space between the end of the sentence and "
                        "'%.*s'",
                        clip(t + w, we - w, 40), t + w);
                    cpl_diag_fix(d, q, 0, " ", !straight);
                    i = q;
                    continue;
                }
            }
            i += l;
            continue;
        }
        uint32_t ra = i;
        unsigned n;
        bool tab;
        i = hspace_run(t, i, tb, &n, &tab);
        uint32_t rb = i;
        tok_start = rb;
        uint32_t next = cp_at(t, rb, tb, NULL);
        if (next < 0x80 && before_punct_mark[next]) {
            if (want[CPL_RULE_SPACE_BEFORE_PUNCT] &&
                before_punct_is_error(t, ra, rb, la, tb)) {
                struct copylint_diag *d =
                    cpl_diag_add_capped(&sc->cap, CPL_RULE_SPACE_BEFORE_PUNCT, ra, rb - ra,
                           "space before '%c'", (int)next);
                cpl_diag_fix(d, ra, rb - ra, "", true);
                continue;
            }
        }
        if (n < 2 || tab || n >= 3 || !want[CPL_RULE_SPACE_DOUBLE] ||
            (table < 0 ? (table = is_table_row(t, la, tb)) : table))
            continue;
        uint32_t fl;
        cp_at(t, ra, rb, &fl);
        struct copylint_diag *d;
        if (at_sentence_end(sc, ra)) {
            if (sc->two_space_style)
                continue;
            d = cpl_diag_add_capped(&sc->cap, CPL_RULE_SPACE_DOUBLE, ra, rb - ra,
                       "two spaces after the end of a sentence; the article "
                       "uses one elsewhere");
        } else {
            d = cpl_diag_add_capped(&sc->cap, CPL_RULE_SPACE_DOUBLE, ra, rb - ra,
                       "doubled space inside a sentence");
        }
        char keep[5];
        memcpy(keep, t + ra, fl);
        keep[fl] = '\0';
        cpl_diag_fix(d, ra, rb - ra, keep, true);
    }
}

/*
 * Typewriter convention: two spaces after a sentence. It is a house
 * style, not an error, when most sentence gaps of the article use it (at
 * least two of them); then only double spaces inside sentences count.
 */
static bool uses_two_spaces(const copylint_doc *doc)
{
    size_t one = 0, two = 0;
    for (size_t s = 0; s + 1 < doc->nsents; s++) {
        const struct cpl_sentence *a = &doc->sents[s], *b = &doc->sents[s + 1];
        if (a->para != b->para)
            continue;
        uint32_t gap = b->off - (a->off + a->len);
        const char *g = doc->text + a->off + a->len;
        if (gap == 1 && g[0] == ' ')
            one++;
        else if (gap == 2 && g[0] == ' ' && g[1] == ' ')
            two++;
    }
    return two >= 2 && two >= one;
}

static void run(const copylint_ctx *ctx, const void *state, copylint_doc *doc)
{
    (void)state;
    bool want[CPL_RULE_COUNT] = {false};
    want[CPL_RULE_SPACE_DOUBLE] = cpl_rule_on(ctx, CPL_RULE_SPACE_DOUBLE);
    want[CPL_RULE_SPACE_BEFORE_PUNCT] =
        cpl_rule_on(ctx, CPL_RULE_SPACE_BEFORE_PUNCT);
    want[CPL_RULE_SPACE_AFTER_SENTENCE] =
        cpl_rule_on(ctx, CPL_RULE_SPACE_AFTER_SENTENCE);
    want[CPL_RULE_SPACE_TRAILING] = cpl_rule_on(ctx, CPL_RULE_SPACE_TRAILING);
    want[CPL_RULE_SPACE_LEADING] = cpl_rule_on(ctx, CPL_RULE_SPACE_LEADING);
    struct scan scan = {0}; /* on the stack: no malloc per document */
    struct scan *sc = &scan;
    sc->cap.doc = doc;
    sc->cap.max = MAX_LISTED;
    sc->doc = doc;
    sc->two_space_style = uses_two_spaces(doc);
    for (size_t l = 0; l < doc->nlines; l++)
        check_line(sc, doc->lines[l], line_end(doc, l), want);
    cpl_diag_cap_finish(&sc->cap);
}

const struct cpl_check cpl_check_space = {
    .family = "space",
    .run = run,
};
