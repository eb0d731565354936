/*
 * segment.c: paragraphs, sentences and word tokens.
 *
 * Wire copy separates paragraphs with a blank line; a file with no blank
 * line at all is read as one paragraph per line. A sentence ends at . ! ?
 * or … followed by optional closing quotes or brackets and then a space,
 * except after an abbreviation from dicts/abbreviations.txt ("Lt.-Gen.",
 * "p.m."), an initial ("J.") or a dotted acronym ("U.S.", "N.L."). The
 * list is data so that an editor can extend it. Linear in the text.
 */
#include "doc.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "ctx.h"
#include "utf8.h"

#ifdef __SSE2__
#include <emmintrin.h>
#endif

static bool is_blank_line(const char *t, uint32_t a, uint32_t b)
{
    for (uint32_t i = a; i < b;) {
        uint32_t cp;
        i += (uint32_t)cpl_utf8_decode(t + i, b - i, &cp);
        if (!cpl_is_space(cp))
            return false;
    }
    return true;
}

static uint32_t line_end(const copylint_doc *doc, size_t l)
{
    uint32_t b = l + 1 < doc->nlines ? doc->lines[l + 1] : (uint32_t)doc->len;
    while (b > doc->lines[l] &&
           (doc->text[b - 1] == '\n' || doc->text[b - 1] == '\r'))
        b--;
    return b;
}

static void split_paragraphs(copylint_doc *doc)
{
    bool few[512] = {false}; /* an article's lines: no malloc */
    bool *blank = doc->nlines <= sizeof(few) / sizeof(few[0])
                      ? few
                      : cpl_xmalloc(doc->nlines * sizeof(bool));
    bool any_blank = false;
    for (size_t l = 0; l < doc->nlines; l++) {
        blank[l] = is_blank_line(doc->text, doc->lines[l], line_end(doc, l));
        any_blank |= blank[l];
    }
    for (size_t l = 0; l < doc->nlines;) {
        if (blank[l]) {
            l++;
            continue;
        }
        size_t first = l;
        if (any_blank)
            while (l < doc->nlines && !blank[l])
                l++;
        else
            l++;
        doc->paras = cpl_xgrow(doc->paras, &doc->capparas, doc->nparas + 1,
                               sizeof(*doc->paras));
        struct cpl_para *p = &doc->paras[doc->nparas++];
        memset(p, 0, sizeof(*p));
        p->off = doc->lines[first];
        p->len = line_end(doc, l - 1) - p->off;
    }
    if (blank != few)
        free(blank);
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

/* "U.S.", "N.L.", "J.": single letters each followed by a period. */
static bool is_dotted_initials(const char *s, size_t len)
{
    if (len < 2)
        return false;
    uint32_t first;
    size_t fl = cpl_utf8_decode(s, len, &first);
    if (fl + 1 == len && !cpl_is_upper(first))
        return false; /* a lone lower-case letter ends sentences ("plan b.") */
    size_t i = 0;
    while (i < len) {
        uint32_t cp;
        size_t l = cpl_utf8_decode(s + i, len - i, &cp);
        if (!cpl_is_letter(cp) || i + l >= len || s[i + l] != '.')
            return false;
        i += l + 1;
    }
    return true;
}

bool cpl_doc_is_abbrev_at(const copylint_doc *doc, uint32_t word_start,
                          uint32_t period)
{
    const char *t = doc->text;
    uint32_t a = word_start;
    /* Skip opening quotes and brackets before the word. */
    while (a < period) {
        uint32_t cp;
        size_t l = cpl_utf8_decode(t + a, period - a, &cp);
        if (!is_opener(cp))
            break;
        a += (uint32_t)l;
    }
    size_t len = period + 1 - a;
    if (is_dotted_initials(t + a, len))
        return true;
    if (doc->ctx && cpl_strset_has(&doc->ctx->abbrevs, t + a, len))
        return true;
    /* After a hyphen or slash: "R-Mo.", "D-Calif.", "non-U.S.". */
    for (uint32_t k = period; k > a; k--) {
        if (t[k - 1] != '-' && t[k - 1] != '/')
            continue;
        size_t tail = period + 1 - k;
        return is_dotted_initials(t + k, tail) ||
               (doc->ctx && cpl_strset_has(&doc->ctx->abbrevs, t + k, tail));
    }
    return false;
}

static void add_sentence(copylint_doc *doc, uint32_t para, uint32_t a,
                         uint32_t b)
{
    const char *t = doc->text;
    while (a < b) {
        uint32_t cp;
        size_t l = cpl_utf8_decode(t + a, b - a, &cp);
        if (!cpl_is_space(cp))
            break;
        a += (uint32_t)l;
    }
    while (b > a && (t[b - 1] == ' ' || t[b - 1] == '\t'))
        b--;
    if (a == b)
        return;
    if (doc->nsents == doc->capsents)
        doc->sents = cpl_xgrow(doc->sents, &doc->capsents, doc->nsents + 1,
                               sizeof(*doc->sents));
    struct cpl_sentence *s = &doc->sents[doc->nsents++];
    s->off = a;
    s->len = b - a;
    s->first_tok = 0;
    s->ntoks = 0;
    s->para = para;
}

/* Where the word that ends at `at` starts: after the last white space
 * before it in the paragraph starting at `from`. */
static uint32_t word_start_before(const char *t, uint32_t from, uint32_t at)
{
    while (at > from) {
        unsigned char c = (unsigned char)t[at - 1];
        if (c < 0x80) { /* an ASCII byte is its own code point */
            if (cpl_is_space(c))
                break;
            at--;
            continue;
        }
        size_t prev;
        uint32_t cp = cpl_utf8_prev(t, at, &prev);
        if (prev < from || cpl_is_space(cp))
            break;
        at = (uint32_t)prev;
    }
    return at;
}

static void split_sentences(copylint_doc *doc, uint32_t pi)
{
    struct cpl_para *p = &doc->paras[pi];
    const char *t = doc->text;
    uint32_t end = p->off + p->len;
    uint32_t start = p->off;
    p->first_sent = (uint32_t)doc->nsents;
    for (uint32_t i = p->off; i < end;) {
        uint32_t cp;
        uint32_t l;
        /* . ! ? or a multi-byte character (which may be … or a Unicode
         * space): most of a paragraph is skipped eight bytes at a time. */
        i = (uint32_t)cpl_skip_to_marks(t, i, end, '.', '!', '?');
        if (i >= end)
            break;
        unsigned char c = (unsigned char)t[i];
        if (c < 0x80) {
            cp = c;
            l = 1;
        } else {
            l = (uint32_t)cpl_utf8_decode(t + i, end - i, &cp);
        }
        if (cp != '.' && cp != '!' && cp != '?' && cp != 0x2026) {
            i += l;
            continue;
        }
        uint32_t punct = i;
        uint32_t j = i + l;
        while (j < end && (t[j] == '.' || t[j] == '!' || t[j] == '?'))
            j++;
        while (j < end) {
            uint32_t c2;
            uint32_t l2 = (uint32_t)cpl_utf8_decode(t + j, end - j, &c2);
            if (!is_closer(c2))
                break;
            j += l2;
        }
        uint32_t c3 = ' ';
        if (j < end)
            cpl_utf8_decode(t + j, end - j, &c3);
        if (!cpl_is_space(c3)) {
            i = j > i + l ? j : i + l;
            continue;
        }
        if (cp == '?' || cp == '!') {
            /* “Really?” he asked: the attribution continues the sentence. */
            uint32_t k = j, c4 = 0;
            while (k < end) {
                k += (uint32_t)cpl_utf8_decode(t + k, end - k, &c4);
                if (!cpl_is_space(c4))
                    break;
            }
            if (k <= end && c4 && cpl_is_lower(c4)) {
                i = j;
                continue;
            }
        }
        /* An abbreviation ("U.S.", "Inc.)") ends no sentence; an
         * ellipsis after one ("etc...") does. */
        if (cp == '.' && (j == punct + 1 || t[punct + 1] != '.') &&
            cpl_doc_is_abbrev_at(doc, word_start_before(t, p->off, punct),
                                 punct)) {
            i = j;
            continue;
        }
        add_sentence(doc, pi, start, j);
        start = j;
        i = j;
    }
    add_sentence(doc, pi, start, end);
    p->nsents = (uint32_t)doc->nsents - p->first_sent;
}

static bool is_joiner(uint32_t cp)
{
    return cp == '\'' || cp == 0x2019 || cp == '-' || cp == 0x2010 ||
           cp == 0x2011;
}

/* The token flags an ASCII letter or digit sets when it is not the
 * word's first character; 0 for every other byte. */
#define A_ (CPL_TOK_HAS_ALPHA | CPL_TOK_UPPER_INSIDE)
#define L_ (CPL_TOK_HAS_ALPHA | CPL_TOK_HAS_LOWER)
#define D_ CPL_TOK_HAS_DIGIT
static const uint16_t word_flags[256] = {
    ['0'] = D_, D_, D_, D_, D_, D_, D_, D_, D_, D_,
    ['A'] = A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_,
    A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_, A_,
    ['a'] = L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_,
    L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_};
#undef A_
#undef L_
#undef D_

/*
 * Skips the ASCII letters and digits from t[i] on, eight bytes at a time,
 * and adds the flags word_flags[] gives them; returns where it stopped
 * (the byte loop after it takes the last, partial word). A word ends in
 * a branch on a mask, not in a mispredicted exit from a byte loop, which
 * was most of the segmenter's time.
 *
 * Each lane holds a byte below 0x80 once masked: adding 0x80 - lo sets
 * its high bit exactly when the byte is >= lo, adding 0x7F - hi exactly
 * when it is > hi, and no sum carries into the next lane. Bytes from
 * 0x80 (multi-byte characters) are no lane of any class.
 */
static uint32_t ascii_word_run(const char *t, uint32_t i, uint32_t end,
                               uint32_t *flags)
{
#if defined(__GNUC__) && defined(__BYTE_ORDER__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
#define IN_RANGE(v, lo, hi) \
    (((v) + ones * (0x80 - (lo))) & ~((v) + ones * (0x7F - (hi))))
    uint64_t digs = 0, ups = 0, lows = 0; /* the lanes seen, OR-ed */
    while (i + 8 <= end) {
        uint64_t x;
        memcpy(&x, t + i, 8);
        uint64_t ascii = ~x & highs, v = x & ~highs;
        uint64_t dig = IN_RANGE(v, '0', '9') & ascii;
        uint64_t up = IN_RANGE(v, 'A', 'Z') & ascii;
        uint64_t low = IN_RANGE(v, 'a', 'z') & ascii;
        uint64_t other = ~(dig | up | low) & highs;
        if (!other) {
            digs |= dig;
            ups |= up;
            lows |= low;
            i += 8;
            continue;
        }
        unsigned n = (unsigned)__builtin_ctzll(other) / 8; /* first lane out */
        uint64_t keep = (((uint64_t)1 << (8 * n)) - 1) & highs;
        digs |= dig & keep;
        ups |= up & keep;
        lows |= low & keep;
        i += n;
        break;
    }
#undef IN_RANGE
    if (digs)
        *flags |= CPL_TOK_HAS_DIGIT;
    if (ups)
        *flags |= CPL_TOK_HAS_ALPHA | CPL_TOK_UPPER_INSIDE;
    if (lows)
        *flags |= CPL_TOK_HAS_ALPHA | CPL_TOK_HAS_LOWER;
#else
    (void)t;
    (void)end;
    (void)flags;
#endif
    return i;
}

/* The flags a word character sets; `first`: it starts the word. */
static uint32_t char_flags(uint32_t cp, bool first)
{
    uint32_t f = 0;
    if (cpl_is_letter(cp)) {
        f |= CPL_TOK_HAS_ALPHA;
        if (cpl_is_lower(cp))
            f |= CPL_TOK_HAS_LOWER;
        else if (first && cpl_is_upper(cp))
            f |= CPL_TOK_UPPER_FIRST;
        else if (!first && cp >= 'A' && cp <= 'Z')
            f |= CPL_TOK_UPPER_INSIDE;
    } else if (cpl_is_digit(cp)) {
        f |= CPL_TOK_HAS_DIGIT;
    }
    if (cp >= 0x80)
        f |= CPL_TOK_NON_ASCII;
    return f;
}

/* char_flags(c, true) of an ASCII letter or digit c, by table. */
#define FL_ (CPL_TOK_HAS_ALPHA | CPL_TOK_HAS_LOWER)
#define FU_ (CPL_TOK_HAS_ALPHA | CPL_TOK_UPPER_FIRST)
#define FD_ CPL_TOK_HAS_DIGIT
static const uint16_t first_flags[128] = {
    ['0'] = FD_, FD_, FD_, FD_, FD_, FD_, FD_, FD_, FD_, FD_,
    ['A'] = FU_, FU_, FU_, FU_, FU_, FU_, FU_, FU_, FU_, FU_, FU_, FU_, FU_,
    FU_, FU_, FU_, FU_, FU_, FU_, FU_, FU_, FU_, FU_, FU_, FU_, FU_,
    ['a'] = FL_, FL_, FL_, FL_, FL_, FL_, FL_, FL_, FL_, FL_, FL_, FL_, FL_,
    FL_, FL_, FL_, FL_, FL_, FL_, FL_, FL_, FL_, FL_, FL_, FL_, FL_};
#undef FL_
#undef FU_
#undef FD_

static void add_token(copylint_doc *doc, uint32_t si, uint32_t a, uint32_t b,
                      uint32_t flags)
{
    if ((flags & CPL_TOK_HAS_ALPHA) && !(flags & CPL_TOK_HAS_LOWER))
        flags |= CPL_TOK_ALL_UPPER;
    if (doc->ntoks == doc->sents[si].first_tok)
        flags |= CPL_TOK_SENT_START;
    if (doc->ntoks == doc->captoks)
        doc->toks = cpl_xgrow(doc->toks, &doc->captoks, doc->ntoks + 1,
                              sizeof(*doc->toks));
    struct cpl_token *tk = &doc->toks[doc->ntoks++];
    tk->off = a;
    tk->len = b - a;
    tk->flags = flags;
    tk->sentence = si;
    tk->word = 0;
}

#ifdef __SSE2__
/* add_token() for tokenize_ascii() at `tk`, where it has made room;
 * it marks the sentence's first word itself. Returns the next place. */
static inline struct cpl_token *put_token(struct cpl_token *tk, uint32_t si,
                                          uint32_t a, uint32_t b,
                                          uint32_t flags)
{
    if ((flags & (CPL_TOK_HAS_ALPHA | CPL_TOK_HAS_LOWER)) == CPL_TOK_HAS_ALPHA)
        flags |= CPL_TOK_ALL_UPPER;
    tk->off = a;
    tk->len = b - a;
    tk->flags = flags;
    tk->sentence = si;
    tk->word = 0;
    return tk + 1;
}

/* Which of 64 bytes (bit k: byte k) are ASCII digits, capitals, small
 * letters, apostrophes, hyphen-minus, and bytes from 0x80. */
struct lanes {
    uint64_t digit, upper, lower, joiner, hyphen, high;
};

static uint64_t lane_bits(__m128i m, unsigned k)
{
    return (uint64_t)(unsigned)_mm_movemask_epi8(m) << (16 * k);
}

static void classify64(const char *p, struct lanes *c)
{
    /* Signed compares: bytes from 0x80 are below every bound. */
    const __m128i d0 = _mm_set1_epi8('0' - 1), d9 = _mm_set1_epi8('9' + 1),
                  ua = _mm_set1_epi8('A' - 1), uz = _mm_set1_epi8('Z' + 1),
                  la = _mm_set1_epi8('a' - 1), lz = _mm_set1_epi8('z' + 1),
                  ap = _mm_set1_epi8('\''), hy = _mm_set1_epi8('-');
    memset(c, 0, sizeof(*c));
    for (unsigned k = 0; k < 4; k++) {
        __m128i x = _mm_loadu_si128(
            (const __m128i *)(const void *)(p + (size_t)16 * k));
        c->digit |= lane_bits(
            _mm_and_si128(_mm_cmpgt_epi8(x, d0), _mm_cmpgt_epi8(d9, x)), k);
        c->upper |= lane_bits(
            _mm_and_si128(_mm_cmpgt_epi8(x, ua), _mm_cmpgt_epi8(uz, x)), k);
        c->lower |= lane_bits(
            _mm_and_si128(_mm_cmpgt_epi8(x, la), _mm_cmpgt_epi8(lz, x)), k);
        __m128i h = _mm_cmpeq_epi8(x, hy);
        c->joiner |= lane_bits(_mm_or_si128(_mm_cmpeq_epi8(x, ap), h), k);
        c->hyphen |= lane_bits(h, k);
        c->high |= lane_bits(x, k);
    }
}

static bool ascii_alnum(unsigned char c)
{
    return word_flags[c] != 0;
}

/*
 * tokenize_sentence() for a sentence with no byte from 0x80, 64 bytes at
 * a time: a word is a run of ASCII letters and digits, and ' or - with a
 * letter or digit on both sides inside the sentence joins two runs, which
 * is what the byte loop finds in ASCII text; the flags come from the
 * class masks of each run. false (and no token added) if the sentence
 * holds a byte from 0x80: the byte loop takes it.
 */
static bool tokenize_ascii(copylint_doc *doc, uint32_t si)
{
    const char *t = doc->text;
    uint32_t off = doc->sents[si].off, end = off + doc->sents[si].len;
    size_t first = doc->ntoks;
    /* The next token's place, kept in a register rather than in doc. */
    struct cpl_token *out = doc->toks + first;
    bool open = false; /* a word runs on from the last block */
    uint32_t start = 0, flags = 0;
    uint64_t carry = 0; /* bit 0: the last block's last byte is alnum */
    for (uint32_t b = off; b < end; b += 64) {
        uint32_t n = end - b;
        char buf[64];
        const char *p = t + b;
        if ((size_t)b + 64 > doc->len) {
            memset(buf, 0, sizeof(buf));
            memcpy(buf, t + b, n < 64 ? n : 64);
            p = buf;
        }
        struct lanes c;
        classify64(p, &c);
        uint64_t valid = n >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << n) - 1;
        if (c.high & valid)
            return false; /* doc->ntoks is still `first` */
        uint64_t w = (c.digit | c.upper | c.lower) & valid;
        uint64_t after = w >> 1; /* the next byte is alnum */
        if (n > 64 && ascii_alnum((unsigned char)t[b + 64]))
            after |= (uint64_t)1 << 63;
        uint64_t before = (w << 1) | carry;
        uint64_t joined = c.joiner & before & after;
        uint64_t e = w | joined;
        carry = w >> 63;
        uint64_t hyphens = c.hyphen & joined;
        bool rare = (c.digit & valid) || hyphens;
        /* At most 32 words end in a block, one more at its start and
         * one after the last block. */
        size_t nt = (size_t)(out - doc->toks);
        if (nt + 34 > doc->captoks) {
            doc->toks = cpl_xgrow(doc->toks, &doc->captoks, nt + 34,
                                  sizeof(*doc->toks));
            out = doc->toks + nt;
        }
        if (open && !(e & 1)) {
            out = put_token(out, si, start, b, flags);
            open = false;
        }
        while (e) {
            /* The lowest run of set bits: adding its lowest bit carries
             * through it and stops just above it. */
            uint64_t low = e & (~e + 1);
            uint64_t run = e & ~(e + low);
            e ^= run;
            uint64_t rest = run;
            if (!open) {
                open = true;
                unsigned s0 = (unsigned)__builtin_ctzll(low);
                start = b + s0;
                flags = first_flags[(unsigned char)p[s0]];
                rest ^= low;
            }
            flags |= (c.upper & rest)
                         ? CPL_TOK_HAS_ALPHA | CPL_TOK_UPPER_INSIDE
                         : 0u;
            flags |= (c.lower & rest) ? CPL_TOK_HAS_ALPHA | CPL_TOK_HAS_LOWER
                                      : 0u;
            if (rare) { /* most blocks hold no digit and no joining hyphen */
                flags |= (c.digit & rest) ? CPL_TOK_HAS_DIGIT : 0u;
                flags |= (hyphens & run) ? CPL_TOK_HAS_HYPHEN : 0u;
            }
            if (!(run >> 63)) { /* the word ends in this block */
                out = put_token(out, si, start,
                                b + 64 - (unsigned)__builtin_clzll(run),
                                flags);
                open = false;
            }
        }
    }
    if (open)
        out = put_token(out, si, start, end, flags);
    doc->ntoks = (size_t)(out - doc->toks);
    if (doc->ntoks > first)
        doc->toks[first].flags |= CPL_TOK_SENT_START;
    return true;
}
#endif

static void tokenize_sentence(copylint_doc *doc, uint32_t si, bool bulk)
{
#ifdef __SSE2__
    doc->sents[si].first_tok = (uint32_t)doc->ntoks;
    if (bulk && tokenize_ascii(doc, si)) {
        doc->sents[si].ntoks =
            (uint32_t)doc->ntoks - doc->sents[si].first_tok;
        return;
    }
#else
    (void)bulk;
#endif
    struct cpl_sentence *s = &doc->sents[si];
    const char *t = doc->text;
    uint32_t end = s->off + s->len;
    s->first_tok = (uint32_t)doc->ntoks;
    uint32_t i = s->off;
    while (i < end) {
        uint32_t cp;
        unsigned char c = (unsigned char)t[i];
        if (c < 0x80 && !word_flags[c]) {
            i++; /* space or ASCII punctuation between words */
            continue;
        }
        uint32_t a = i, flags, l;
        if (c < 0x80) {
            flags = first_flags[c]; /* an ASCII letter or digit */
            i++;
        } else {
            l = (uint32_t)cpl_utf8_decode(t + i, end - i, &cp);
            if (!cpl_is_word_char(cp)) {
                i += l;
                continue;
            }
            flags = char_flags(cp, true);
            i += l;
        }
        for (;;) {
            /* The rest of a run of ASCII letters and digits (most of
             * every word): eight bytes at a time where it can, then a
             * byte at a time from the class table. */
            i = ascii_word_run(t, i, end, &flags);
            unsigned k;
            while (i < end && (k = word_flags[(unsigned char)t[i]])) {
                flags |= k;
                i++;
            }
            if (i >= end)
                break;
            unsigned char e = (unsigned char)t[i];
            if (e < 0x80 && e != '\'' && e != '-')
                break; /* a space or ASCII punctuation: no joiner */
            l = (uint32_t)cpl_utf8_decode(t + i, end - i, &cp);
            if (!cpl_is_word_char(cp)) {
                if (!is_joiner(cp) || i + l >= end)
                    break;
                uint32_t next;
                uint32_t l2 = (uint32_t)cpl_utf8_decode(t + i + l,
                                                        end - i - l, &next);
                if (!cpl_is_word_char(next))
                    break;
                if (cp >= 0x80)
                    flags |= CPL_TOK_NON_ASCII;
                if (cp != '\'' && cp != 0x2019)
                    flags |= CPL_TOK_HAS_HYPHEN;
                i += l;
                cp = next;
                l = l2;
            }
            flags |= char_flags(cp, false);
            i += l;
        }
        add_token(doc, si, a, i, flags);
    }
    s->ntoks = (uint32_t)doc->ntoks - s->first_tok;
}

static void segment(copylint_doc *doc, bool bulk)
{
    if (doc->segmented)
        return;
    cpl_doc_prepare_text(doc);
    doc->words_looked_up = false;
    split_paragraphs(doc);
    /* Room for a typical article's tokens (about one per 6 bytes) and
     * sentences at once, instead of many doublings; big files still
     * grow by doubling. */
    size_t est = doc->len / 6 + 16;
    if (est > 65536)
        est = 65536;
    doc->toks = cpl_xgrow(doc->toks, &doc->captoks, est, sizeof(*doc->toks));
    doc->sents = cpl_xgrow(doc->sents, &doc->capsents, est / 16 + 4,
                           sizeof(*doc->sents));
    for (uint32_t p = 0; p < doc->nparas; p++) {
        split_sentences(doc, p);
        struct cpl_para *para = &doc->paras[p];
        para->first_tok = (uint32_t)doc->ntoks;
        for (uint32_t s = para->first_sent; s < para->first_sent + para->nsents;
             s++)
            tokenize_sentence(doc, s, bulk);
        para->ntoks = (uint32_t)doc->ntoks - para->first_tok;
    }
    doc->segmented = true;
}

void cpl_doc_segment(copylint_doc *doc)
{
    segment(doc, true);
}

void cpl_doc_segment_bytewise(copylint_doc *doc)
{
    segment(doc, false);
}
