/*
 * encoding.c: the encoding family, except invalid UTF-8, which the core
 * reports while it validates the text (doc.c check_utf8(): those bytes
 * are 0x1A in doc->text and are not reported again here).
 *
 *   encoding.mojibake     UTF-8 that was decoded as Windows-1252 or
 *                         Latin-1 and encoded again (`â€™` for `’`,
 *                         `Ã©` for `é`, `Â` + NBSP for NBSP); the fix is
 *                         the repaired text (unsafe only when it guesses
 *                         a byte the decoder dropped: `â€` for `”`).
 *   encoding.replacement  U+FFFD: a conversion already lost a character.
 *   encoding.control      C0 controls other than tab and line breaks, DEL,
 *                         C1 controls, soft hyphens and the invisible
 *                         format characters (zero-width space, word
 *                         joiner, a byte order mark after the start, stray
 *                         joiners and bidi controls); the fix deletes them.
 *
 * One pass over the text, constant work per code point, so linear in the
 * document; each rule lists at most MAX_LISTED findings per document and
 * then one summary finding, so a 100 MB line of noise stays readable.
 * Copy is plain text: no markup, no escapes, and these characters never
 * belong in it (wire style books: transmit clean UTF-8 only).
 */
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "../core/alloc.h"
#include "../core/utf8.h"

/* Findings listed per rule and document before one summary finding. */
#define MAX_LISTED 1000
/* Mojibake sequences merged into one finding at most (keeps fixes small). */
#define MAX_RUN_SEQS 256

/* ---- mojibake ---------------------------------------------------------- */

/* What Windows-1252 shows for the bytes 0x80-0x9F; 0 where it leaves the
 * byte undefined (decoders then fall back to the C1 control, as Latin-1
 * does for all of them). */
static const uint16_t cp1252_high[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
    0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
    0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
    0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

/* The byte that Windows-1252 (or Latin-1) decodes to `cp`, or -1. */
CPL_TESTABLE int cp1252_byte(uint32_t cp)
{
    if (cp < 0x100)
        return (int)cp;
    if (cp > 0x2122)
        return -1;
    for (int i = 0; i < 32; i++)
        if (cp1252_high[i] == cp)
            return 0x80 + i;
    return -1;
}

/* One decoded-twice character: the code points at t[0..len) are the
 * Windows-1252 reading of the UTF-8 bytes of `target`. */
struct moji_seq {
    uint32_t len;       /* bytes of text it covers */
    uint32_t target;    /* the character that was meant */
    unsigned char lead; /* first UTF-8 byte of the target */
    unsigned nbytes;    /* UTF-8 length of the target */
    bool punct_cont;    /* a continuation shows as a quote, dash, NBSP... */
    bool guess;         /* a dropped byte was guessed: `â€` for ” */
};

/* Continuation bytes that Windows-1252 shows as punctuation which may
 * really follow a capital letter at the end of a word (`AMANHÃ”`). */
static bool is_punct_byte(int b)
{
    switch (b) {
    case 0x82: case 0x84: case 0x85: case 0x8B: case 0x91: case 0x92:
    case 0x93: case 0x94: case 0x95: case 0x96: case 0x97: case 0x9B:
    case 0xA0: case 0xAB: case 0xBB:
        return true;
    default:
        return false;
    }
}

/* Whether a repaired character is one text can hold (assigned, not a
 * control, private-use or surrogate code point). */
static bool is_text_char(uint32_t cp)
{
    switch (utf8proc_category((utf8proc_int32_t)cp)) {
    case UTF8PROC_CATEGORY_CN:
    case UTF8PROC_CATEGORY_CC:
    case UTF8PROC_CATEGORY_CO:
    case UTF8PROC_CATEGORY_CS:
        return false;
    default:
        return true;
    }
}

/* Letters, marks, digits and punctuation: what a weak sequence may mean. */
static bool is_plain_char(uint32_t cp)
{
    utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_NO) ||
           (c >= UTF8PROC_CATEGORY_PC && c <= UTF8PROC_CATEGORY_PO);
}

/* Reads one mojibake sequence at t[0..len): a lead (Â Ã â ð ...) and the
 * continuations its UTF-8 length needs, which together re-encode to valid
 * UTF-8 for a text character. */
CPL_TESTABLE bool moji_parse(const char *t, size_t len, struct moji_seq *out)
{
    uint32_t cp;
    size_t l = cpl_utf8_decode(t, len, &cp);
    int b0 = cp1252_byte(cp);
    unsigned need = b0 >= 0xC2 && b0 <= 0xDF   ? 2
                    : b0 >= 0xE0 && b0 <= 0xEF ? 3
                    : b0 >= 0xF0 && b0 <= 0xF4 ? 4
                                               : 0;
    if (!need)
        return false;
    unsigned char bytes[4] = {(unsigned char)b0, 0, 0, 0};
    bool punct = false;
    size_t i = l;
    out->guess = false;
    for (unsigned k = 1; k < need; k++) {
        int b = -1;
        size_t cl = 0;
        if (i < len) {
            cl = cpl_utf8_decode(t + i, len - i, &cp);
            b = cp1252_byte(cp);
        }
        if (b < 0x80 || b > 0xBF) {
            /*
             * `â€` then no third continuation: the third byte was one
             * Windows-1252 leaves undefined and the decoder dropped. Of
             * E2 80 81/8D/8F/90/9D only 9D, the closing quote ”, is common
             * in copy, so that is the (unsafe) guess.
             */
            if (k == 2 && b0 == 0xE2 && bytes[1] == 0x80) {
                out->len = (uint32_t)i;
                out->target = 0x201D;
                out->lead = 0xE2;
                out->nbytes = 3;
                out->punct_cont = false;
                out->guess = true;
                return true;
            }
            return false;
        }
        i += cl;
        punct |= is_punct_byte(b);
        bytes[k] = (unsigned char)b;
    }
    if (cpl_utf8_valid_len(bytes, need) != need)
        return false;
    uint32_t target;
    cpl_utf8_decode((const char *)bytes, need, &target);
    if (!is_text_char(target))
        return false;
    out->len = (uint32_t)i;
    out->target = target;
    out->lead = bytes[0];
    out->nbytes = need;
    out->punct_cont = punct;
    return true;
}

enum moji_strength { MOJI_NONE, MOJI_WEAK, MOJI_STRONG };

/*
 * How sure a single sequence is, given the code points before and after
 * it. Strong: `Â`/`Ã` + a continuation (Latin-1 letters and symbols),
 * `â` + two continuations meaning general punctuation or symbols (`â€™`),
 * `ï»¿` (a BOM), `ï¿½`, and emoji; no real word holds these. Weak: other
 * leads are real letters (`é`, `Å`, `Ð`) that may meet a quote or dash in
 * real text (`café…”`), so they count only inside a longer damaged run or,
 * for two-byte Latin, Greek, Cyrillic, Hebrew and Arabic, right after a
 * lower-case letter (`WrocÅ‚aw`). A capital at a word end followed by a
 * quote or dash (`AMANHÃ”.`) is weak even with a strong lead.
 */
CPL_TESTABLE enum moji_strength moji_strength(const struct moji_seq *s,
                                              uint32_t prev, uint32_t next)
{
    bool capital_end = s->nbytes == 2 && s->punct_cont &&
                       cpl_is_upper(prev) && !cpl_is_word_char(next);
    enum moji_strength weak = is_plain_char(s->target) ? MOJI_WEAK : MOJI_NONE;
    if (s->lead == 0xC2 || s->lead == 0xC3)
        return capital_end ? MOJI_WEAK : MOJI_STRONG;
    if (s->nbytes == 2) {
        if (weak == MOJI_NONE || capital_end)
            return weak;
        if (cpl_is_lower(prev) ||
            (cpl_is_lower(next) && !cpl_is_letter(prev)))
            return MOJI_STRONG;
        return MOJI_WEAK;
    }
    if (s->lead == 0xE2 && s->target >= 0x2000 && s->target <= 0x2BFF)
        return MOJI_STRONG;
    if (s->target == 0xFEFF || s->target == 0xFFFD)
        return MOJI_STRONG;
    if (s->lead == 0xF0 && s->target >= 0x1F000 && s->target <= 0x1FAFF)
        return MOJI_STRONG;
    return weak;
}

/* Appends s[0..n) to a growing heap string. */
static void put(char **buf, size_t *len, size_t *cap, const char *s,
                size_t n)
{
    *buf = cpl_xgrow(*buf, cap, *len + n + 1, 1);
    memcpy(*buf + *len, s, n);
    *len += n;
    (*buf)[*len] = '\0';
}

/* One repair pass; *strong_left says whether the result still holds a
 * strong sequence (text encoded twice). Returns a heap string. */
static char *repair_once(const char *s, size_t len, size_t *outlen,
                         bool *strong_left)
{
    char *buf = NULL;
    size_t n = 0, cap = 0;
    put(&buf, &n, &cap, "", 0);
    for (size_t i = 0; i < len;) {
        struct moji_seq seq;
        if ((unsigned char)s[i] >= 0x80 && moji_parse(s + i, len - i, &seq)) {
            char enc[4];
            size_t el = cpl_utf8_encode(seq.target, enc);
            put(&buf, &n, &cap, enc, el);
            i += seq.len;
            continue;
        }
        uint32_t cp;
        size_t l = cpl_utf8_decode(s + i, len - i, &cp);
        put(&buf, &n, &cap, s + i, l);
        i += l;
    }
    *strong_left = false;
    uint32_t prev = 0;
    for (size_t i = 0; i < n;) {
        struct moji_seq seq;
        uint32_t cp;
        size_t l = cpl_utf8_decode(buf + i, n - i, &cp);
        if (cp >= 0x80 && moji_parse(buf + i, n - i, &seq)) {
            uint32_t next = 0;
            if (i + seq.len < n)
                cpl_utf8_decode(buf + i + seq.len, n - i - seq.len, &next);
            if (moji_strength(&seq, prev, next) == MOJI_STRONG) {
                *strong_left = true;
                break;
            }
        }
        prev = cp;
        i += l;
    }
    *outlen = n;
    return buf;
}

/*
 * The text s[0..len) with every mojibake sequence repaired: each code
 * point maps back to its Windows-1252 byte and the bytes decode as UTF-8.
 * Text encoded twice or three times (`Ã¢â‚¬â„¢`) is repaired as often as
 * a strong sequence remains. Returns a NUL-terminated string to free(),
 * or NULL when nothing was repaired.
 */
CPL_TESTABLE char *mojibake_repair(const char *s, size_t len)
{
    char *cur = NULL;
    size_t curlen = len;
    for (int pass = 0; pass < 3; pass++) {
        bool again;
        size_t n;
        char *next = repair_once(cur ? cur : s, curlen, &n, &again);
        bool same = n == curlen && memcmp(next, cur ? cur : s, n) == 0;
        if (same) {
            free(next);
            break;
        }
        free(cur);
        cur = next;
        curlen = n;
        if (!again)
            break;
    }
    return cur;
}

/* ---- invisible and control characters --------------------------------- */

static const char *const c0_names[32] = {
    "control character NUL", "control character SOH", "control character STX",
    "control character ETX", "control character EOT", "control character ENQ",
    "control character ACK", "control character BEL", "control character BS",
    "control character HT",  "control character LF",  "control character VT",
    "control character FF",  "control character CR",  "control character SO",
    "control character SI",  "control character DLE", "control character DC1",
    "control character DC2", "control character DC3", "control character DC4",
    "control character NAK", "control character SYN", "control character ETB",
    "control character CAN", "control character EM",  "control character SUB",
    "control character ESC", "control character FS",  "control character GS",
    "control character RS",  "control character US"};

enum invisible_kind {
    INV_NONE,
    INV_ALWAYS,  /* never belongs in copy */
    INV_JOINER,  /* ZWJ/ZWNJ: only between Latin text */
    INV_BIDI     /* bidi controls: only on a line with no RTL letter */
};

/* Whether cp is a control or invisible format character, and its name. */
CPL_TESTABLE enum invisible_kind invisible_kind(uint32_t cp,
                                                const char **name)
{
    if (cp < 0x20 && cp != '\t' && cp != '\n' && cp != '\r') {
        *name = c0_names[cp];
        return INV_ALWAYS;
    }
    if (cp < 0x7F)
        return INV_NONE;
    if (cp == 0x7F) {
        *name = "control character DEL";
        return INV_ALWAYS;
    }
    if (cp <= 0x9F) {
        *name = "C1 control character";
        return INV_ALWAYS;
    }
    switch (cp) {
    case 0xAD:
        *name = "invisible soft hyphen";
        return INV_ALWAYS;
    case 0x200B:
        *name = "invisible zero-width space";
        return INV_ALWAYS;
    case 0x2060:
        *name = "invisible word joiner";
        return INV_ALWAYS;
    case 0x2061: case 0x2062: case 0x2063: case 0x2064:
        *name = "invisible operator";
        return INV_ALWAYS;
    case 0xFEFF:
        *name = "byte order mark";
        return INV_ALWAYS;
    case 0x200C:
        *name = "invisible zero-width non-joiner";
        return INV_JOINER;
    case 0x200D:
        *name = "invisible zero-width joiner";
        return INV_JOINER;
    case 0x200E: case 0x200F: case 0x061C:
        *name = "invisible bidi mark";
        return INV_BIDI;
    case 0x202A: case 0x202B: case 0x202C: case 0x202D: case 0x202E:
    case 0x2066: case 0x2067: case 0x2068: case 0x2069:
        *name = "invisible bidi control";
        return INV_BIDI;
    default:
        return INV_NONE;
    }
}

/* Latin text around a joiner: ASCII, Latin-1 and Latin Extended, spaces
 * and punctuation below U+0300, or the edge of the text (0). */
static bool is_latin_context(uint32_t cp)
{
    return cp < 0x300 || (cp >= 0x2000 && cp <= 0x206F);
}

static bool is_rtl(uint32_t cp)
{
    return (cp >= 0x0590 && cp <= 0x08FF) || (cp >= 0xFB1D && cp <= 0xFDFF) ||
           (cp >= 0xFE70 && cp <= 0xFEFC) ||
           (cp >= 0x10800 && cp <= 0x10FFF) ||
           (cp >= 0x1E800 && cp <= 0x1EFFF);
}

/* ---- the scan ------------------------------------------------------------ */

struct scan {
    copylint_doc *doc;
    struct cpl_diag_cap cap; /* MAX_LISTED findings per rule, then a count */

    /* the mojibake run being built */
    bool run_open;
    uint32_t run_start, run_end;
    unsigned run_seqs;
    bool run_strong;
    bool run_guess; /* the repair guesses a dropped byte */
    bool run_letter; /* its last sequence means a letter */

    /* the run of invisible characters being built */
    uint32_t ctl_start, ctl_end;
    unsigned ctl_count;
    uint32_t ctl_first;
    const char *ctl_name;

    /* whether the current line holds a right-to-left letter */
    uint32_t line_start;
    bool line_rtl_known, line_rtl;
};

/* Copies s[0..len) into out for a message: at most about 60 bytes, cut
 * on a character; controls and spaces other than U+0020 are written as
 * <U+0085>, so that none reaches a terminal and NBSP shows. */
static void quote_text(const char *s, size_t len, char *out, size_t size)
{
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t l = cpl_utf8_decode(s + i, len - i, &cp);
        char tmp[16];
        const char *piece = s + i;
        size_t pl = l;
        if (cp < 0x20 || (cp >= 0x7F && cp <= 0xA0) ||
            (cp > 0x7F && cpl_is_space(cp))) {
            pl = (size_t)snprintf(tmp, sizeof(tmp), "<U+%04X>", cp);
            piece = tmp;
        }
        if (o >= 60 || o + pl + 4 > size) {
            memcpy(out + o, "...", 3);
            o += 3;
            break;
        }
        memcpy(out + o, piece, pl);
        o += pl;
        i += l;
    }
    out[o] = '\0';
}

static void flush_run(struct scan *sc)
{
    if (!sc->run_open)
        return;
    sc->run_open = false;
    if (!sc->run_strong && sc->run_seqs < 2)
        return;
    const char *t = sc->doc->text + sc->run_start;
    size_t len = sc->run_end - sc->run_start;
    char *fixed = mojibake_repair(t, len);
    if (!fixed)
        return;
    char shown[200], meant[200];
    quote_text(t, len, shown, sizeof(shown));
    quote_text(fixed, strlen(fixed), meant, sizeof(meant));
    struct copylint_diag *d =
        cpl_diag_add_capped(&sc->cap, CPL_RULE_ENC_MOJIBAKE, sc->run_start, (uint32_t)len,
               "mojibake (UTF-8 read as Windows-1252): '%s' should read '%s'",
               shown, meant);
    cpl_diag_fix(d, sc->run_start, (uint32_t)len, fixed, !sc->run_guess);
    free(fixed);
}

static void flush_controls(struct scan *sc)
{
    if (!sc->ctl_count)
        return;
    uint32_t len = sc->ctl_end - sc->ctl_start;
    struct copylint_diag *d;
    if (sc->ctl_count == 1)
        d = cpl_diag_add_capped(&sc->cap, CPL_RULE_ENC_CONTROL, sc->ctl_start, len,
                   "%s (U+%04X) in the text", sc->ctl_name,
                   sc->ctl_first);
    else
        d = cpl_diag_add_capped(&sc->cap, CPL_RULE_ENC_CONTROL, sc->ctl_start, len,
                   "%u control or invisible characters in a row (the "
                   "first: %s, U+%04X)",
                   sc->ctl_count, sc->ctl_name, sc->ctl_first);
    cpl_diag_fix(d, sc->ctl_start, len, "", true);
    sc->ctl_count = 0;
}

static bool line_has_rtl(struct scan *sc)
{
    if (sc->line_rtl_known)
        return sc->line_rtl;
    const char *t = sc->doc->text;
    size_t n = sc->doc->len;
    bool rtl = false;
    for (size_t i = sc->line_start; i < n && t[i] != '\n' && t[i] != '\r';) {
        uint32_t cp;
        i += cpl_utf8_decode(t + i, n - i, &cp);
        if (is_rtl(cp)) {
            rtl = true;
            break;
        }
    }
    sc->line_rtl_known = true;
    sc->line_rtl = rtl;
    return rtl;
}

/* Off only in the unit test that holds the line-break shortcut of run()
 * to the general path. */
CPL_TESTABLE bool breaks_inline = true;

static void run(const copylint_ctx *ctx, const void *state, copylint_doc *doc)
{
    (void)state;
    bool want_moji = cpl_rule_on(ctx, CPL_RULE_ENC_MOJIBAKE);
    bool want_repl = cpl_rule_on(ctx, CPL_RULE_ENC_REPLACEMENT);
    bool want_ctl = cpl_rule_on(ctx, CPL_RULE_ENC_CONTROL);
    struct scan scan = {0}; /* on the stack: no malloc per document */
    struct scan *sc = &scan;
    sc->cap.doc = doc;
    sc->cap.max = MAX_LISTED;
    sc->doc = doc;
    sc->line_start = doc->start;
    const char *t = doc->text;
    size_t n = doc->len;
    uint32_t prev = 0;
    size_t i = doc->start;
    while (i < n) {
        /* Fast path: printable ASCII with nothing pending, and a line
         * break (what the general path below does with one: nothing to
         * flush, no finding, a new line). */
        unsigned char c = (unsigned char)t[i];
        if (!sc->run_open && !sc->ctl_count) {
            if (c >= 0x20 && c < 0x7F) {
                i = cpl_skip_printable_ascii(t, i + 1, n);
                prev = (unsigned char)t[i - 1];
                continue;
            }
            if ((c == '\n' || c == '\r') && breaks_inline) {
                i++;
                sc->line_start = (uint32_t)i;
                sc->line_rtl_known = false;
                prev = c;
                continue;
            }
        }
        uint32_t cp;
        size_t l = cpl_utf8_decode(t + i, n - i, &cp);
        struct moji_seq seq;
        if (want_moji && cp >= 0x80 && moji_parse(t + i, n - i, &seq)) {
            uint32_t next = 0;
            if (i + seq.len < n)
                cpl_utf8_decode(t + i + seq.len, n - i - seq.len, &next);
            enum moji_strength st = moji_strength(&seq, prev, next);
            if (st != MOJI_NONE) {
                flush_controls(sc);
                /* A run goes on over letters between two damaged
                 * letters (`Ã©tÃ©`), not between punctuation marks
                 * (`â€œyesâ€`: two findings). */
                bool letter = cpl_is_word_char(seq.target);
                if (sc->run_open &&
                    (sc->run_seqs >= MAX_RUN_SEQS ||
                     (sc->run_end != i && !(letter && sc->run_letter))))
                    flush_run(sc);
                if (!sc->run_open) {
                    sc->run_open = true;
                    sc->run_start = (uint32_t)i;
                    sc->run_seqs = 0;
                    sc->run_strong = false;
                    sc->run_guess = false;
                }
                sc->run_guess |= seq.guess;
                sc->run_seqs++;
                sc->run_letter = letter;
                sc->run_strong |= st == MOJI_STRONG;
                sc->run_end = (uint32_t)(i + seq.len);
                size_t last;
                prev = cpl_utf8_prev(t, i + seq.len, &last);
                i += seq.len;
                continue;
            }
        }
        if (sc->run_open && !cpl_is_word_char(cp))
            flush_run(sc);

        const char *name = NULL;
        enum invisible_kind k = want_ctl ? invisible_kind(cp, &name) : INV_NONE;
        /* A SUB that stands for invalid bytes was reported by the core. */
        if (cp == 0x1A && doc->bytes[i] != 0x1A)
            k = INV_NONE;
        if (k == INV_JOINER) {
            uint32_t next = 0;
            if (i + l < n)
                cpl_utf8_decode(t + i + l, n - i - l, &next);
            if (!is_latin_context(prev) || !is_latin_context(next))
                k = INV_NONE;
        } else if (k == INV_BIDI && line_has_rtl(sc)) {
            k = INV_NONE;
        }
        if (k != INV_NONE) {
            if (sc->ctl_count && sc->ctl_end == i) {
                sc->ctl_count++;
            } else {
                flush_controls(sc);
                sc->ctl_start = (uint32_t)i;
                sc->ctl_count = 1;
                sc->ctl_first = cp;
                sc->ctl_name = name;
            }
            sc->ctl_end = (uint32_t)(i + l);
        } else {
            flush_controls(sc);
        }

        if (want_repl && cp == 0xFFFD) {
            size_t j = i + l;
            unsigned count = 1;
            while (j + 3 <= n && memcmp(t + j, "\xEF\xBF\xBD", 3) == 0) {
                j += 3;
                count++;
            }
            cpl_diag_add_capped(&sc->cap, CPL_RULE_ENC_REPLACEMENT, (uint32_t)i,
                   (uint32_t)(j - i),
                   count == 1
                       ? "replacement character U+FFFD: a conversion lost "
                         "the character that stood here"
                       : "replacement characters U+FFFD: a conversion lost "
                         "the characters that stood here");
            prev = cp;
            i = j;
            continue;
        }

        if (cp == '\n' || cp == '\r') {
            sc->line_start = (uint32_t)(i + l);
            sc->line_rtl_known = false;
        }
        prev = cp;
        i += l;
    }
    flush_run(sc);
    flush_controls(sc);
    cpl_diag_cap_finish(&sc->cap);
}

const struct cpl_check cpl_check_encoding = {
    .family = "encoding",
    .run = run,
};
