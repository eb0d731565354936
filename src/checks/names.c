/*
 * names.c: one name, one spelling (names.inconsistent, names.given-name,
 * names.diacritics, and names.cross-file across the stories of a run).
 *
 * Names are capitalised words that are not dictionary words in lower case
 * (so "Champagne", "Kin" and "Defense" are not names here, "Stoltenberg"
 * and "Jean-Pierre" are), plus Arabic particles ("al-Hakim"). A word seen
 * only at the start of sentences counts only when it opens a multi-word
 * name ("Jens Stoltenberg said").
 *
 * Spellings of one name are grouped by a skeleton: case and diacritics
 * folded (António/Antonio), "sch" read as "sh" (Schumer/Shumer), a
 * repeated letter pair once (Zaporizhzhia/Zaporizhia), doubled letters
 * once (Zelenskyy/Zelensky). Skeletons of 7 letters or more one edit
 * apart are the same name too (Soleimani/Suleimani), unless they differ
 * by a final "s" (Andrew/Andrews). Two spellings that the names list or
 * the dictionary both know are different people and never merged
 * (Philips/Phillips), nor are short names one letter apart (Kim/Kin),
 * nor surnames after different given names (David Walliams, Robbie
 * Williams), nor a given name and a surname (Michel Gondry, Roger
 * Michell; see other_person()).
 * In a group, the spelling used most is right; a tie goes to the spelling
 * of the first full reference ("Jens Stoltenberg"), then the first use.
 *
 * names.given-name: one surname with two given names that look like one
 * name mistyped (Jens/Jan Stoltenberg: same initial, at most two edits,
 * neither a short form of the other). Relatives (Bill and Hillary Clinton)
 * differ more and stay silent.
 *
 * names.diacritics: a name the names list (dicts/names.txt) holds with
 * diacritics, written without them (Francois-Philippe Champagne). Full
 * names only, so "Antonio" alone is never taken for António Guterres;
 * dicts/diacritics-exceptions.txt lists the words house style writes
 * plain (CP: Quebec, Montreal).
 *
 * Cost: linear in tokens plus a sort of the distinct names; the edit
 * comparisons run inside buckets of one initial and adjacent lengths,
 * at most 64 neighbours each, so no input is quadratic. Most tokens are
 * passed over on their segmenter flags alone; each distinct spelling is
 * folded once and looked up once per article (common word, diacritics
 * names list), and whether the dictionary knows a name is asked only
 * when a merge or a group's spelling depends on it.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/alloc.h"
#include "../core/dict.h"
#include "../core/utf8.h"
#include "../core/wordcache.h"
#include "check.h"

#define SKEL 48
#define MAXNAME 96
#define NEIGHBOURS 64

/* cpl_fold(), byte for byte, without decoding an ASCII word (most are);
 * *ascii says whether s was ASCII. */
static size_t fold_ascii(const char *s, size_t len, char *out,
                         size_t outsize, bool *ascii)
{
    *ascii = false;
    if (len >= outsize)
        return cpl_fold(s, len, out, outsize);
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x80)
            return cpl_fold(s, len, out, outsize);
        out[i] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    }
    out[len] = '\0';
    *ascii = true;
    return len;
}

static size_t fold(const char *s, size_t len, char *out, size_t outsize)
{
    bool ascii;
    return fold_ascii(s, len, out, outsize, &ascii);
}

struct form {
    uint32_t off, len;   /* first occurrence */
    uint32_t count;
    uint32_t first_full; /* offset of the first full reference, or ~0 */
    uint32_t parent;     /* union-find */
    bool eligible;       /* a name candidate (always, once collected) */
    bool strong;         /* seen mid-sentence or in a multi-word name */
    int8_t known;        /* names list or dictionary knows it: 1 yes,
                            0 no, -1 not asked yet (see form_known()) */
    bool checked;        /* common was decided */
    bool common;         /* a dictionary word capitalised: not a name */
    bool dfirst;         /* an ASCII spelling that may begin a name with
                            diacritics (cpl_dict_diacritic_first), when
                            collect() was asked */
    uint8_t skel_len;
    char skel[SKEL];
};

struct names {
    struct form *forms; /* room for one per candidate token */
    size_t nforms;
    int32_t *tokform; /* by token: form index, -2 - index for a common
                         word (not a name), or -1 */
    uint32_t *toklist; /* in order, the tokens that are capitalised words
                          (capital_word()) or name candidates: every
                          token whose tokform is not -1 is here */
    size_t ntoklist;
    size_t nnames;     /* tokens whose tokform is >= 0 */
    int32_t *table;   /* open addressing over forms, by text (in the
                         block of forms) */
    size_t tcap;
};

/* Titles before a name, by length (2 to 4 letters), space-separated. */
static const char *const titles_by_len[5] = {
    NULL, NULL, " Mr Ms Dr Lt St Jr Sr ",
    " Mrs Sen Rep Gov Gen Col Sgt Cpl Maj Adm Rev Sir Mme Hon Pte ",
    " Capt Prof Dame Lord Lady Mlle Insp Supt Cmdr "};

static bool is_title(const char *w, size_t len)
{
    if (len < 2 || len > 4)
        return false;
    /* Entries of one length sit len + 1 bytes apart. */
    for (const char *p = titles_by_len[len] + 1; *p; p += len + 1)
        if (p[0] == w[0] && memcmp(p + 1, w + 1, len - 1) == 0)
            return true;
    return false;
}

/* The word without a possessive ’s, ’ or 's (the cut spelling.c makes,
 * and the one the word records keep). */
static inline uint32_t strip_possessive(const char *w, uint32_t len)
{
    return cpl_word_strip_possessive(w, len);
}

static bool particle_name(const char *w, uint32_t len)
{
    static const char *const parts[] = {"al-", "el-", "ad-", "as-", "at-",
                                        "ash-", "an-", "ar-", NULL};
    /* Called for every lower-case word: reject most by two bytes. */
    if (len < 6 || (w[0] != 'a' && w[0] != 'e') || (w[2] != '-' && w[3] != '-'))
        return false;
    for (const char *const *p = parts; *p; p++) {
        size_t n = strlen(*p);
        if (len > n + 2 && memcmp(w, *p, n) == 0 &&
            isupper((unsigned char)w[n]))
            return true;
    }
    return false;
}

/* Skeleton of a name (see the header comment) from its folded form f
 * (fold(), MAXNAME * 2 bytes, length n, 0 if it did not fit); its
 * length, 0 if unusable. */
static size_t skeleton(const char *f, size_t n, char *out)
{
    char g[MAXNAME * 2];
    if (!n)
        return 0;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)f[i];
        if (!isalpha(c) && c < 0x80)
            continue;
        if (c == 'c' && m > 0 && g[m - 1] == 's' && i + 1 < n &&
            f[i + 1] == 'h')
            continue; /* sch -> sh */
        g[m++] = (char)c;
    }
    size_t o = 0;
    for (size_t i = 0; i < m; i++) {
        if (o >= 2 && i + 1 < m && g[i] == out[o - 2] &&
            g[i + 1] == out[o - 1]) {
            i++; /* a repeated pair: zhzh -> zh */
            continue;
        }
        if (o >= 1 && g[i] == out[o - 1])
            continue; /* a doubled letter */
        if (o + 1 >= SKEL)
            return 0;
        out[o++] = g[i];
    }
    out[o] = '\0';
    return o;
}

static uint32_t find_root(struct form *forms, uint32_t i)
{
    while (forms[i].parent != i) {
        forms[i].parent = forms[forms[i].parent].parent;
        i = forms[i].parent;
    }
    return i;
}

/* One dictionary is enough to tell names from words; an article of
 * unknown dialect asks en_US only (each miss costs ~10 us). */
static enum cpl_dialect name_dialect(const copylint_doc *doc)
{
    return doc->dialect == CPL_DIALECT_UNKNOWN ? CPL_DIALECT_EN_US
                                               : doc->dialect;
}

static bool is_common_word(const copylint_ctx *ctx, const copylint_doc *doc,
                           const char *w, size_t len)
{
    char low[MAXNAME * 2];
    size_t n = fold(w, len, low, sizeof(low));
    if (!n || n != len)
        return false; /* diacritics: not an English word */
    return cpl_dict_spell(ctx->dict, name_dialect(doc), low, n);
}

static bool is_name_token(const struct cpl_token *tok, const char *w)
{
    uint32_t f = tok->flags;
    if (f & (CPL_TOK_HAS_DIGIT | CPL_TOK_ALL_UPPER))
        return false;
    if (f & CPL_TOK_UPPER_FIRST)
        return (f & CPL_TOK_HAS_LOWER) != 0;
    return particle_name(w, tok->len);
}

/* Whether tokens a and b (a < b) are adjacent words of one name: same
 * sentence, one space between. */
static bool adjacent(const copylint_doc *doc, const struct cpl_token *a,
                     const struct cpl_token *b)
{
    return a->sentence == b->sentence && a->off + a->len + 1 == b->off &&
           doc->text[a->off + a->len] == ' ';
}

static bool capital_word(const struct cpl_token *t)
{
    return (t->flags & CPL_TOK_UPPER_FIRST) && (t->flags & CPL_TOK_HAS_LOWER) &&
           !(t->flags & CPL_TOK_HAS_DIGIT);
}

static int32_t form_lookup(struct names *nm, const char *text, uint32_t off,
                           uint32_t len, bool add)
{
    uint32_t h = cpl_strset_hash(text + off, len);
    size_t mask = nm->tcap - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        int32_t k = nm->table[i];
        if (k < 0) {
            if (!add)
                return -1;
            struct form *f = &nm->forms[nm->nforms];
            memset(f, 0, sizeof(*f));
            f->off = off;
            f->len = len;
            f->first_full = UINT32_MAX;
            f->known = -1;
            f->parent = (uint32_t)nm->nforms;
            nm->table[i] = (int32_t)nm->nforms;
            return (int32_t)nm->nforms++;
        }
        const struct form *f = &nm->forms[k];
        if (f->len == len && memcmp(text + f->off, text + off, len) == 0)
            return k;
    }
}

/* Whether the names list or the dictionary knows form f. Asked only
 * where the answer decides something (a merge, a group's spelling): most
 * names are alone in their group. */
static bool form_known(const copylint_ctx *ctx, const copylint_doc *doc,
                       struct form *f)
{
    if (f->known < 0) {
        const char *w = doc->text + f->off;
        f->known = cpl_dict_is_name(ctx->dict, w, f->len) ||
                   cpl_dict_spell(ctx->dict, name_dialect(doc), w, f->len);
    }
    return f->known > 0;
}

/* The length of token tok without a possessive when it may be a name
 * (see the top), else 0. Token flags decide most words unread. */
static uint32_t candidate_len(const copylint_doc *doc,
                              const struct cpl_token *tok)
{
    const char *w = doc->text + tok->off;
    if (!is_name_token(tok, w))
        return 0;
    uint32_t len = strip_possessive(w, tok->len);
    if (len < 3 || len >= MAXNAME || is_title(w, len))
        return 0;
    bool lower = false;
    for (uint32_t i = 1; i < len && !lower; i++)
        lower = islower((unsigned char)w[i]) || (unsigned char)w[i] >= 0x80;
    return lower ? len : 0; /* not OPEC's */
}

/* candidate_len() of token tok, from its record (rec, NULL if none)
 * after the first occurrence of the run: the answer depends on the
 * token's bytes alone (its flags come from them). test_wordcache holds
 * the findings with the cache to those without it. */
static uint32_t candidate_len_rec(const copylint_doc *doc,
                                  const struct cpl_token *tok,
                                  _Atomic uint32_t *rec)
{
    const uint32_t both = CPL_WORD_NM_CAND_SET | CPL_WORD_PLEN_SET;
    uint32_t bits = cpl_word_bits(rec);
    if ((bits & both) == both)
        return (bits & CPL_WORD_NM_CAND)
                   ? (bits & CPL_WORD_PLEN_MASK) >> CPL_WORD_PLEN_SHIFT
                   : 0;
    uint32_t len = candidate_len(doc, tok);
    if (rec) {
        cpl_word_plen(rec, bits, doc->text + tok->off, tok->len);
        cpl_word_set(rec,
                     CPL_WORD_NM_CAND_SET | (len ? CPL_WORD_NM_CAND : 0));
    }
    return len;
}

static bool ascii_only(const char *s, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] >= 0x80)
            return false;
    return true;
}

/* Decides a new form from its text, folded once: a common word, or its
 * skeleton; and, if asked, whether it may begin a name with diacritics.
 * tok is the token that made the form: its record (wordcache.h, looked up
 * by cpl_wordcache_doc() before collect()) keeps the
 * two dictionary answers for the rest of the run, since they depend on the
 * form's bytes alone (the token's without its possessive). */
static void form_init(const copylint_ctx *ctx, const copylint_doc *doc,
                      struct form *f, bool dfirst,
                      const struct cpl_token *tok)
{
    const char *w = doc->text + f->off;
    enum cpl_dialect d = name_dialect(doc);
    struct cpl_wordcache *wc = cpl_dict_words(ctx->dict);
    _Atomic uint32_t *rec =
        cpl_wordcache_at(cpl_wordcache_slots(wc), tok->word);
    uint32_t bits = cpl_word_bits(rec);
    f->checked = true;
    /* A common word needs no skeleton: with both answers kept, the form
     * is decided without reading it. */
    if ((bits & CPL_WORD_NM_COMMON(d)) &&
        (!dfirst || (bits & CPL_WORD_NM_DFIRST_SET))) {
        f->common = true;
        f->dfirst = dfirst && (bits & CPL_WORD_NM_DFIRST);
        return;
    }
    /* A name seen in an earlier article of the run: its skeleton is kept
     * beside its record (wordcache.h), and with the two answers kept too
     * the form is decided without folding it. A spelling with diacritics
     * never has CPL_WORD_NM_DFIRST_SET (it is asked only of ASCII ones). */
    struct cpl_wordskel *ks = rec ? cpl_wordcache_skel(wc, rec) : NULL;
    if (ks && (bits & CPL_WORD_NM_COMMON_SET(d)) &&
        atomic_load_explicit(&ks->state, memory_order_acquire) == 2 &&
        (!dfirst || (bits & CPL_WORD_NM_DFIRST_SET) ||
         !ascii_only(w, f->len))) {
        f->common = false;
        memcpy(f->skel, ks->skel, ks->len);
        f->skel[ks->len] = '\0';
        f->skel_len = ks->len;
        f->dfirst = dfirst && (bits & CPL_WORD_NM_DFIRST);
        return;
    }
    char low[MAXNAME * 2];
    bool ascii;
    size_t n = fold_ascii(w, f->len, low, sizeof(low), &ascii);
    /* is_common_word(): with diacritics, not an English word. */
    if (bits & CPL_WORD_NM_COMMON_SET(d)) {
        f->common = (bits & CPL_WORD_NM_COMMON(d)) != 0;
    } else {
        f->common = n && n == f->len && cpl_dict_spell(ctx->dict, d, low, n);
        cpl_word_set(rec, CPL_WORD_NM_COMMON_SET(d) |
                              (f->common ? CPL_WORD_NM_COMMON(d) : 0));
    }
    if (!f->common) {
        f->skel_len = (uint8_t)skeleton(low, n, f->skel);
        unsigned char free_state = 0;
        if (ks && f->skel_len > 0 && f->skel_len <= CPL_WORDSKEL_MAX &&
            atomic_compare_exchange_strong_explicit(
                &ks->state, &free_state, 1, memory_order_acquire,
                memory_order_relaxed)) {
            memcpy(ks->skel, f->skel, f->skel_len);
            ks->len = f->skel_len;
            atomic_store_explicit(&ks->state, 2, memory_order_release);
        }
    }
    if (dfirst && ascii) {
        if (bits & CPL_WORD_NM_DFIRST_SET) {
            f->dfirst = (bits & CPL_WORD_NM_DFIRST) != 0;
        } else {
            f->dfirst = cpl_dict_diacritic_first(ctx->dict, low, n);
            cpl_word_set(rec, CPL_WORD_NM_DFIRST_SET |
                                  (f->dfirst ? CPL_WORD_NM_DFIRST : 0));
        }
    }
}

/* Collects the names of a document; with `dfirst`, also what
 * check_diacritics() asks of each spelling. */
static void collect(const copylint_ctx *ctx, const copylint_doc *doc,
                    struct names *nm, bool dfirst)
{
    memset(nm, 0, sizeof(*nm));
    /* One block for tokform and toklist, one for forms and table. */
    nm->tokform = cpl_xmalloc((doc->ntoks + 1) *
                              (sizeof(*nm->tokform) + sizeof(*nm->toklist)));
    nm->toklist = (uint32_t *)(nm->tokform + doc->ntoks + 1);
    memset(nm->tokform, 0xff, doc->ntoks * sizeof(*nm->tokform)); /* -1 */
    /* Candidates first (their length in tokform), to size the table. */
    size_t ncand = 0, nlist = 0;
    const struct cpl_token *toks = doc->toks;
    struct cpl_wordslot *slots =
        cpl_wordcache_slots(cpl_dict_words(ctx->dict));
    for (size_t t = 0, ntoks = doc->ntoks; t < ntoks; t++) {
        /* Most words are rejected by their flags and length alone: not
         * capitalised, and too short, not lower case or without a hyphen
         * for "al-Hakim" (particle_name()). */
        uint32_t f = toks[t].flags;
        bool cap = (f & (CPL_TOK_UPPER_FIRST | CPL_TOK_HAS_LOWER |
                         CPL_TOK_HAS_DIGIT)) ==
                   (CPL_TOK_UPPER_FIRST | CPL_TOK_HAS_LOWER);
        if (!cap && ((f & (CPL_TOK_UPPER_FIRST | CPL_TOK_HAS_DIGIT |
                           CPL_TOK_ALL_UPPER)) ||
                     !(f & CPL_TOK_HAS_HYPHEN) || toks[t].len < 6))
            continue;
        uint32_t len = candidate_len_rec(
            doc, &toks[t], cpl_wordcache_at(slots, toks[t].word));
        if (len) {
            nm->tokform[t] = (int32_t)len;
            ncand++;
        }
        if (cap || len)
            nm->toklist[nlist++] = (uint32_t)t;
    }
    nm->ntoklist = nlist;
    nm->tcap = 64;
    while (nm->tcap < ncand * 2 + 2)
        nm->tcap *= 2;
    nm->forms = cpl_xmalloc((ncand + 1) * sizeof(*nm->forms) +
                            nm->tcap * sizeof(*nm->table));
    nm->table = (int32_t *)(nm->forms + ncand + 1);
    memset(nm->table, 0xff, nm->tcap * sizeof(*nm->table)); /* -1 */
    size_t nnames = 0;
    for (size_t c = 0; c < nlist; c++) {
        uint32_t t = nm->toklist[c];
        if (nm->tokform[t] < 0)
            continue; /* a capitalised word that is no candidate */
        const struct cpl_token *tok = &doc->toks[t];
        uint32_t len = (uint32_t)nm->tokform[t];
        nm->tokform[t] = -1;
        /* Once per distinct spelling: the dictionary look-up is the cost. */
        int32_t k = form_lookup(nm, doc->text, tok->off, len, true);
        struct form *f = &nm->forms[k];
        if (!f->checked)
            form_init(ctx, doc, f, dfirst, tok);
        if (f->common) {
            nm->tokform[t] = -2 - k;
            continue; /* never eligible, strong or counted */
        }
        f->count++;
        nm->tokform[t] = k;
        nnames++;
    }
    nm->nnames = nnames;
    /* A full reference: next to another name ("Jens Stoltenberg"), not
     * merely to a capitalised word ("Then Stoltenberg"). */
    for (size_t c = 0; c < nlist; c++) {
        size_t t = nm->toklist[c];
        int32_t k = nm->tokform[t];
        if (k < 0)
            continue;
        const struct cpl_token *tok = &doc->toks[t];
        struct form *f = &nm->forms[k];
        bool full = (t > 0 && nm->tokform[t - 1] >= 0 &&
                     adjacent(doc, &doc->toks[t - 1], tok)) ||
                    (t + 1 < doc->ntoks && nm->tokform[t + 1] >= 0 &&
                     adjacent(doc, tok, &doc->toks[t + 1]));
        if (full && f->first_full == UINT32_MAX)
            f->first_full = tok->off;
        f->eligible = true;
        if (full || !(tok->flags & CPL_TOK_SENT_START))
            f->strong = true;
    }
}

static void names_release(struct names *nm)
{
    free(nm->forms);
    free(nm->tokform);
}

/* One edit apart (substitution, insertion or deletion)? */
static bool one_edit(const char *a, size_t la, const char *b, size_t lb)
{
    if (la > lb) {
        const char *t = a;
        a = b;
        b = t;
        size_t tl = la;
        la = lb;
        lb = tl;
    }
    if (lb - la > 1)
        return false;
    size_t i = 0;
    while (i < la && a[i] == b[i])
        i++;
    if (la == lb)
        return i == la || memcmp(a + i + 1, b + i + 1, la - i - 1) == 0;
    return memcmp(a + i, b + i + 1, la - i) == 0;
}

static int cmp_by_skel(const void *x, const void *y, void *ctx)
{
    const struct form *forms = ctx;
    const struct form *a = &forms[*(const uint32_t *)x];
    const struct form *b = &forms[*(const uint32_t *)y];
    if (a->skel[0] != b->skel[0])
        return (unsigned char)a->skel[0] - (unsigned char)b->skel[0];
    if (a->skel_len != b->skel_len)
        return a->skel_len - b->skel_len;
    int c = strcmp(a->skel, b->skel);
    if (c)
        return c;
    return a->off < b->off ? -1 : a->off > b->off;
}

/*
 * Two spellings the dictionaries both know are two people (Philips and
 * Phillips), unless they differ only in case or diacritics (Antonio and
 * António: the names list knows one, hunspell the other).
 */
static bool may_merge(const copylint_ctx *ctx, const copylint_doc *doc,
                      struct form *a, struct form *b)
{
    if (!form_known(ctx, doc, a) || !form_known(ctx, doc, b))
        return true;
    char fa[MAXNAME * 2], fb[MAXNAME * 2];
    size_t la = fold(doc->text + a->off, a->len, fa, sizeof(fa));
    size_t lb = fold(doc->text + b->off, b->len, fb, sizeof(fb));
    return la && la == lb && memcmp(fa, fb, la) == 0;
}

/*
 * The given name before token t ("David" in "David Walliams"): an
 * adjacent name word that is not a title ("Mr Barot") and not a
 * dictionary word ("National Olymnpics"), or -1. A possessive ends a
 * name ("Salamon's Ryavec").
 */
static long name_before(const copylint_doc *doc, const struct names *nm,
                        size_t t)
{
    if (t == 0 || nm->tokform[t - 1] < 0)
        return -1;
    const struct cpl_token *p = &doc->toks[t - 1];
    if (!adjacent(doc, p, &doc->toks[t]) ||
        strip_possessive(doc->text + p->off, p->len) != p->len)
        return -1;
    return (long)t - 1;
}

static bool before_name(const copylint_doc *doc, const struct names *nm,
                        size_t t)
{
    const struct cpl_token *tok = &doc->toks[t];
    return t + 1 < doc->ntoks && nm->tokform[t + 1] >= 0 &&
           strip_possessive(doc->text + tok->off, tok->len) == tok->len &&
           adjacent(doc, tok, &doc->toks[t + 1]);
}

/* What a form's occurrences show of its place in a person's name. */
struct role {
    bool always_first; /* every occurrence opens a name ("Michel Gondry") */
    bool ever_first;
    bool ever_after;   /* follows a capitalised word ("Roger Michell") */
    bool many;         /* more given names than fit in given[] */
    uint8_t ngiven;
    uint32_t given[4]; /* token indices of the distinct given names */
};

/* One pass over the tokens: the role of every form. */
static struct role *roles_build(const copylint_doc *doc,
                                const struct names *nm)
{
    struct role *r = cpl_xcalloc(nm->nforms + 1, sizeof(*r));
    for (size_t i = 0; i < nm->nforms; i++)
        r[i].always_first = true;
    for (size_t c = 0; c < nm->ntoklist; c++) {
        size_t t = nm->toklist[c];
        if (nm->tokform[t] < 0)
            continue;
        struct role *ro = &r[nm->tokform[t]];
        /* After a capitalised word of the name ("Roger Michell"); one
         * opening the sentence only if it is a name ("Then Barot"). */
        bool after = false;
        if (t > 0) {
            const struct cpl_token *p = &doc->toks[t - 1];
            after = adjacent(doc, p, &doc->toks[t]) && capital_word(p) &&
                    (!(p->flags & CPL_TOK_SENT_START) ||
                     nm->tokform[t - 1] >= 0) &&
                    !is_title(doc->text + p->off, p->len) &&
                    strip_possessive(doc->text + p->off, p->len) == p->len;
        }
        bool first = !after && before_name(doc, nm, t);
        ro->always_first = ro->always_first && first;
        ro->ever_first = ro->ever_first || first;
        ro->ever_after = ro->ever_after || after;
        long g = name_before(doc, nm, t);
        if (g < 0 || ro->many)
            continue;
        const struct cpl_token *x = &doc->toks[g];
        bool seen = false;
        for (size_t i = 0; i < ro->ngiven && !seen; i++) {
            const struct cpl_token *y = &doc->toks[ro->given[i]];
            seen = x->len == y->len &&
                   memcmp(doc->text + x->off, doc->text + y->off, x->len) == 0;
        }
        if (seen)
            continue;
        if (ro->ngiven == 4)
            ro->many = true;
        else
            ro->given[ro->ngiven++] = (uint32_t)g;
    }
    return r;
}

/*
 * Two spellings that are different people, not one name mistyped:
 * - surnames after different given names, and never after the same one
 *   ("David Walliams" and "Robbie Williams", "Ruhollah Khomenei" and
 *   "Ali Khamenei"); occurrences alone ("Williams said") do not count;
 * - a given name and a surname: one spelling always opens a name, the
 *   other never does and follows a capitalised word at least once
 *   ("Michel Gondry" and "Roger Michell"; "Jumardi Jukardi" is one man).
 * "Brian Hassell" and "Hassel said" are one name: only one has a given
 * name. More than four given names for one spelling: merged as before.
 */
static bool other_person(const copylint_doc *doc, const struct role *r,
                         uint32_t a, uint32_t b)
{
    const struct role *ra = &r[a], *rb = &r[b];
    if ((ra->always_first && !rb->ever_first && rb->ever_after) ||
        (rb->always_first && !ra->ever_first && ra->ever_after))
        return true;
    if (!ra->ngiven || !rb->ngiven || ra->many || rb->many)
        return false;
    for (size_t i = 0; i < ra->ngiven; i++)
        for (size_t j = 0; j < rb->ngiven; j++) {
            const struct cpl_token *x = &doc->toks[ra->given[i]];
            const struct cpl_token *y = &doc->toks[rb->given[j]];
            if (x->len == y->len &&
                memcmp(doc->text + x->off, doc->text + y->off, x->len) == 0)
                return false;
        }
    return true;
}

/* Groups the eligible forms: equal skeletons, or long ones an edit apart. */
static void group(const copylint_ctx *ctx, const copylint_doc *doc,
                  struct names *nm)
{
    struct role *roles = NULL; /* built for the first pair to merge */
    uint32_t *idx = cpl_xmalloc(2 * (nm->nforms + 1) * sizeof(*idx));
    size_t n = 0;
    for (size_t i = 0; i < nm->nforms; i++)
        if (nm->forms[i].eligible && nm->forms[i].skel_len >= 4)
            idx[n++] = (uint32_t)i;
    /* A merge sort: qsort() has no context argument, and run() may be
     * called from several threads at once. */
    {
        uint32_t *tmp = idx + nm->nforms + 1;
        for (size_t w = 1; w < n; w *= 2)
            for (size_t lo = 0; lo < n; lo += 2 * w) {
                size_t mid = lo + w < n ? lo + w : n;
                size_t hi = lo + 2 * w < n ? lo + 2 * w : n;
                size_t i = lo, j = mid, k = lo;
                while (i < mid && j < hi)
                    tmp[k++] = cmp_by_skel(&idx[j], &idx[i], nm->forms) < 0
                                   ? idx[j++]
                                   : idx[i++];
                while (i < mid)
                    tmp[k++] = idx[i++];
                while (j < hi)
                    tmp[k++] = idx[j++];
                memcpy(idx + lo, tmp + lo, (hi - lo) * sizeof(*idx));
            }
    }
    for (size_t i = 0; i < n; i++) {
        struct form *a = &nm->forms[idx[i]];
        for (size_t j = i + 1; j < n && j <= i + NEIGHBOURS; j++) {
            struct form *b = &nm->forms[idx[j]];
            if (b->skel[0] != a->skel[0] || b->skel_len > a->skel_len + 1)
                break;
            bool same = a->skel_len == b->skel_len &&
                        strcmp(a->skel, b->skel) == 0;
            if (!same) {
                /* An edit apart: only names seen mid-sentence or in full,
                 * never a lone capitalised word opening a sentence. */
                if (!a->strong || !b->strong || a->skel_len < 7 ||
                    b->skel_len < 7 ||
                    !one_edit(a->skel, a->skel_len, b->skel, b->skel_len))
                    continue;
                /* A difference in the last letter is another name
                 * (Andrew/Andrews, Mexican/Mexicana, Rafale-A/Rafale-D). */
                size_t la = a->skel_len, lb = b->skel_len, m = la < lb ? la : lb;
                if (memcmp(a->skel, b->skel, m - 1) == 0)
                    continue;
            }
            if (!may_merge(ctx, doc, a, b))
                continue;
            if (!roles)
                roles = roles_build(doc, nm);
            if (other_person(doc, roles, idx[i], idx[j]))
                continue;
            uint32_t ra = find_root(nm->forms, idx[i]);
            uint32_t rb = find_root(nm->forms, idx[j]);
            if (ra != rb)
                nm->forms[rb].parent = ra;
        }
    }
    free(idx);
    free(roles);
}

/* Whether form a beats form b as the group's spelling. */
static bool better(const copylint_ctx *ctx, const copylint_doc *doc,
                   struct form *a, struct form *b)
{
    bool ka = form_known(ctx, doc, a), kb = form_known(ctx, doc, b);
    if (ka != kb)
        return ka; /* Portuguese over Portugues, April over APril */
    if (a->count != b->count)
        return a->count > b->count;
    if (a->first_full != b->first_full)
        return a->first_full < b->first_full;
    return a->off < b->off;
}

static void check_inconsistent(const copylint_ctx *ctx, copylint_doc *doc,
                               struct names *nm)
{
    size_t n = nm->nforms;
    uint32_t *best = cpl_xcalloc(2 * (n + 1), sizeof(*best));
    uint32_t *members = best + n + 1;
    bool any = false;
    for (size_t i = 0; i < n; i++) {
        best[i] = UINT32_MAX;
        if (!nm->forms[i].eligible)
            continue;
        uint32_t r = find_root(nm->forms, (uint32_t)i);
        any |= ++members[r] > 1;
    }
    /* The spelling of each group of two or more (most names are alone). */
    for (size_t i = 0; any && i < n; i++) {
        if (!nm->forms[i].eligible)
            continue;
        uint32_t r = find_root(nm->forms, (uint32_t)i);
        if (members[r] < 2)
            continue;
        if (best[r] == UINT32_MAX ||
            better(ctx, doc, &nm->forms[i], &nm->forms[best[r]]))
            best[r] = (uint32_t)i;
    }
    for (size_t c = 0; any && c < nm->ntoklist; c++) {
        size_t t = nm->toklist[c];
        int32_t k = nm->tokform[t];
        if (k < 0 || !nm->forms[k].eligible)
            continue;
        uint32_t r = find_root(nm->forms, (uint32_t)k);
        if (members[r] < 2 || best[r] == (uint32_t)k)
            continue;
        const struct form *f = &nm->forms[k];
        const struct form *b = &nm->forms[best[r]];
        struct copylint_diag *d = cpl_diag_add(
            doc, CPL_RULE_NAMES_INCONSISTENT, doc->toks[t].off, f->len,
            "'%.*s' is spelled '%.*s' elsewhere in this story", (int)f->len,
            doc->text + f->off, (int)b->len, doc->text + b->off);
        if (d) {
            char fix[MAXNAME];
            snprintf(fix, sizeof(fix), "%.*s", (int)b->len,
                     doc->text + b->off);
            cpl_diag_fix(d, doc->toks[t].off, f->len, fix, false);
        }
    }
    free(best);
}

/* Levenshtein distance, capped: returns cap + 1 when larger. */
static size_t edit_distance(const char *a, size_t la, const char *b,
                            size_t lb, size_t cap)
{
    if (la > 32 || lb > 32)
        return cap + 1;
    size_t row[33];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t prev = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t cur = row[j];
            size_t sub = prev + (a[i - 1] != b[j - 1]);
            size_t del = row[j] + 1, ins = row[j - 1] + 1;
            row[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
            prev = cur;
        }
    }
    return row[lb] > cap ? cap + 1 : row[lb];
}

struct given {
    uint32_t surname_root;
    uint32_t off, len; /* the given name */
    uint32_t count;
    int32_t prefer;    /* after sorting: the pair to use instead, or -1 */
};

/* The token before token t when it is the given name of the surname at t
 * (same conditions for counting and for flagging); NULL if not. */
static const struct cpl_token *given_before(const copylint_ctx *ctx,
                                            const copylint_doc *doc,
                                            const struct names *nm, size_t t)
{
    int32_t k = nm->tokform[t];
    const struct cpl_token *gt = &doc->toks[t - 1];
    if (k < 0 || !capital_word(gt) || !adjacent(doc, gt, &doc->toks[t]))
        return NULL;
    const char *gw = doc->text + gt->off;
    /* A spelling collect() decided needs no second look-up. */
    int32_t gk = nm->tokform[t - 1];
    bool decided =
        gk != -1 && nm->forms[gk >= 0 ? gk : -2 - gk].len == gt->len;
    if (gt->len < 2 || is_title(gw, gt->len) ||
        (decided ? gk < -1 : is_common_word(ctx, doc, gw, gt->len)) ||
        (t >= 2 && nm->tokform[t - 2] >= 0 &&
         adjacent(doc, &doc->toks[t - 2], gt)))
        return NULL; /* a title, a word, or a middle name */
    return gt;
}

static int cmp_given(const void *x, const void *y)
{
    const struct given *a = x, *b = y;
    if (a->surname_root != b->surname_root)
        return a->surname_root < b->surname_root ? -1 : 1;
    return a->off < b->off ? -1 : a->off > b->off;
}

/* The slot of the pair (surname root r, given name text[off, off+len)) in
 * the open-addressing index over g (mask + 1 slots, -1 = free). */
static size_t given_slot(const int32_t *index, size_t mask,
                         const struct given *g, const char *text,
                         uint32_t r, uint32_t off, uint32_t len)
{
    uint32_t h = cpl_strset_hash(text + off, len) ^ (r * 0x9E3779B1u);
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        int32_t k = index[i];
        if (k < 0 || (g[k].surname_root == r && g[k].len == len &&
                      memcmp(text + g[k].off, text + off, len) == 0))
            return i;
    }
}

/*
 * One surname with two given names a letter or two apart (Jens / Jan
 * Stoltenberg): the minority pair is flagged at each use. Linear in the
 * article: the pairs are counted through a hash index, compared only
 * within one surname (sorted by surname, at most NEIGHBOURS others each),
 * and flagged in one more pass over the tokens.
 */
static void check_given_names(const copylint_ctx *ctx, copylint_doc *doc,
                              struct names *nm)
{
    struct given *g = NULL;
    size_t ng = 0, capg = 0;
    size_t mask = 63; /* at most one pair per name token */
    while (mask + 1 < nm->nnames * 2 + 2)
        mask = mask * 2 + 1;
    int32_t *index = cpl_xmalloc((mask + 1) * sizeof(*index));
    for (size_t i = 0; i <= mask; i++)
        index[i] = -1;
    for (size_t c = 0; c < nm->ntoklist; c++) {
        size_t t = nm->toklist[c]; /* given_before(): NULL if no name */
        const struct cpl_token *gt = t ? given_before(ctx, doc, nm, t) : NULL;
        if (!gt)
            continue;
        uint32_t r = find_root(nm->forms, (uint32_t)nm->tokform[t]);
        size_t slot =
            given_slot(index, mask, g, doc->text, r, gt->off, gt->len);
        if (index[slot] < 0) {
            g = cpl_xgrow(g, &capg, ng + 1, sizeof(*g));
            g[ng].surname_root = r;
            g[ng].off = gt->off;
            g[ng].len = gt->len;
            g[ng].count = 0;
            g[ng].prefer = -1;
            index[slot] = (int32_t)ng++;
        }
        g[index[slot]].count++;
    }
    if (ng < 2) {
        free(index);
        free(g);
        return;
    }
    qsort(g, ng, sizeof(*g), cmp_given);
    /* Pairs of one surname are now adjacent: compare within the run. */
    bool any = false;
    for (size_t lo = 0, hi; lo < ng; lo = hi) {
        for (hi = lo + 1; hi < ng && g[hi].surname_root == g[lo].surname_root;
             hi++)
            ;
        for (size_t i = lo; i < hi; i++) {
            for (size_t j = lo, seen = 0; j < hi && seen < NEIGHBOURS; j++) {
                if (j == i)
                    continue;
                seen++;
                const char *a = doc->text + g[i].off, *b = doc->text + g[j].off;
                char fa[MAXNAME], fb[MAXNAME];
                size_t la = fold(a, g[i].len, fa, sizeof(fa));
                size_t lb = fold(b, g[j].len, fb, sizeof(fb));
                if (!la || !lb || fa[0] != fb[0] ||
                    (la == lb && memcmp(fa, fb, la) == 0))
                    continue;
                size_t m = la < lb ? la : lb;
                if (memcmp(fa, fb, m) == 0)
                    continue; /* Dan / Daniel */
                if (edit_distance(fa, la, fb, lb, 2) > 2)
                    continue;
                /* i is the minority: fewer uses, or as many but later. */
                if (g[i].count > g[j].count ||
                    (g[i].count == g[j].count && g[i].off < g[j].off))
                    continue;
                g[i].prefer = (int32_t)j;
                any = true;
                break;
            }
        }
    }
    if (any) {
        /* Re-index the sorted pairs and flag every use of a minority one. */
        for (size_t i = 0; i <= mask; i++)
            index[i] = -1;
        for (size_t i = 0; i < ng; i++)
            index[given_slot(index, mask, g, doc->text, g[i].surname_root,
                             g[i].off, g[i].len)] = (int32_t)i;
        for (size_t c = 0; c < nm->ntoklist; c++) {
            size_t t = nm->toklist[c];
            const struct cpl_token *gt =
                t ? given_before(ctx, doc, nm, t) : NULL;
            if (!gt)
                continue;
            uint32_t r = find_root(nm->forms, (uint32_t)nm->tokform[t]);
            int32_t i = index[given_slot(index, mask, g, doc->text, r,
                                         gt->off, gt->len)];
            if (i < 0 || g[i].prefer < 0)
                continue;
            const struct given *gi = &g[i], *gj = &g[g[i].prefer];
            const struct form *s = &nm->forms[gi->surname_root];
            const char *a = doc->text + gi->off, *b = doc->text + gj->off;
            struct copylint_diag *d = cpl_diag_add(
                doc, CPL_RULE_NAMES_GIVEN_NAME, gt->off, gt->len,
                "'%.*s %.*s' here, but '%.*s %.*s' elsewhere in this story",
                (int)gi->len, a, (int)s->len, doc->text + s->off,
                (int)gj->len, b, (int)s->len, doc->text + s->off);
            if (d) {
                char fix[MAXNAME];
                snprintf(fix, sizeof(fix), "%.*s", (int)gj->len, b);
                cpl_diag_fix(d, gt->off, gt->len, fix, false);
            }
        }
    }
    free(index);
    free(g);
}

/* nm: the names collect() found with `dfirst`, or NULL: then every token
 * is read and looked up. */
static void check_diacritics(const copylint_ctx *ctx, copylint_doc *doc,
                             const struct names *nm)
{
    char buf[MAXNAME * 3], key[MAXNAME * 3];
    const struct cpl_token *toks = doc->toks;
    size_t next = 0; /* tokens before it belong to a name reported */
    for (size_t c = 0, nc = nm ? nm->ntoklist : doc->ntoks; c < nc; c++) {
        size_t t = nm ? nm->toklist[c] : c;
        const struct cpl_token *first = &toks[t];
        if (t < next || !capital_word(first))
            continue;
        /* Most capitalised words begin no listed name: one look-up, once
         * per spelling when collect() made it. */
        uint32_t fl = strip_possessive(doc->text + first->off, first->len);
        if ((first->flags & CPL_TOK_NON_ASCII) &&
            !ascii_only(doc->text + first->off, fl))
            continue; /* every name below holds it: written with them */
        int32_t fi = nm ? nm->tokform[t] : -1;
        if (fi != -1) {
            if (!nm->forms[fi >= 0 ? fi : -2 - fi].dfirst)
                continue;
        } else {
            size_t fk =
                fl < sizeof(key) / 3
                    ? fold(doc->text + first->off, fl, key, sizeof(key))
                    : 0;
            if (fk && !cpl_dict_diacritic_first(ctx->dict, key, fk))
                continue;
        }
        for (size_t n = 3; n >= 1; n--) {
            if (t + n > doc->ntoks)
                continue;
            bool ok = true;
            for (size_t k = 1; k < n && ok; k++)
                ok = capital_word(&doc->toks[t + k]) &&
                     adjacent(doc, &doc->toks[t + k - 1], &doc->toks[t + k]);
            if (!ok)
                continue;
            const struct cpl_token *last = &doc->toks[t + n - 1];
            uint32_t a = first->off,
                     b = last->off + strip_possessive(doc->text + last->off,
                                                      last->len);
            if (b - a >= sizeof(buf) / 2 || ascii_only(doc->text + a, b - a) ==
                                                 false)
                continue;
            size_t kl = fold(doc->text + a, b - a, key, sizeof(key));
            const char *name = kl ? cpl_dict_diacritic_name(ctx->dict, key, kl)
                                  : NULL;
            if (!name)
                continue;
            /* Walk the words of the text and of the listed name together. */
            const char *p = name;
            for (size_t k = 0; k < n; k++) {
                const struct cpl_token *tk = &doc->toks[t + k];
                uint32_t tl = k == n - 1 ? b - tk->off : tk->len;
                const char *q = strchr(p, ' ');
                size_t pl = q ? (size_t)(q - p) : strlen(p);
                if (!ascii_only(p, pl) &&
                    !cpl_dict_diacritic_exception(ctx->dict,
                                                  doc->text + tk->off, tl)) {
                    snprintf(buf, sizeof(buf), "%.*s", (int)pl, p);
                    struct copylint_diag *d = cpl_diag_add(
                        doc, CPL_RULE_NAMES_DIACRITICS, tk->off, tl,
                        "'%.*s' is written '%s' (%s)", (int)tl,
                        doc->text + tk->off, buf, name);
                    if (d)
                        cpl_diag_fix(d, tk->off, tl, buf, false);
                }
                p = q ? q + 1 : p + pl;
            }
            next = t + n;
            break;
        }
    }
}

static void names_run(const copylint_ctx *ctx, const void *state,
                      copylint_doc *doc)
{
    (void)state;
    if (!ctx->dict)
        return;
    bool diacritics = cpl_rule_on(ctx, CPL_RULE_NAMES_DIACRITICS);
    if (cpl_rule_on(ctx, CPL_RULE_NAMES_INCONSISTENT) ||
        cpl_rule_on(ctx, CPL_RULE_NAMES_GIVEN_NAME)) {
        struct names nm;
        cpl_wordcache_doc(cpl_dict_words(ctx->dict), doc);
        collect(ctx, doc, &nm, diacritics);
        group(ctx, doc, &nm);
        if (cpl_rule_on(ctx, CPL_RULE_NAMES_INCONSISTENT))
            check_inconsistent(ctx, doc, &nm);
        if (cpl_rule_on(ctx, CPL_RULE_NAMES_GIVEN_NAME))
            check_given_names(ctx, doc, &nm);
        if (diacritics)
            check_diacritics(ctx, doc, &nm);
        names_release(&nm);
    } else if (diacritics) {
        check_diacritics(ctx, doc, NULL);
    }
}

/*
 * names.cross-file: the names of every story of the run, grouped by
 * skeleton as within one story. A group that holds two spellings used in
 * different stories is reported in each story that uses only the minority
 * spelling (the spelling most stories use; a tie goes to the first story
 * given), once per story, at its first use. A story that mixes both is
 * left to names.inconsistent. Cost: one sort of the distinct names of the
 * run.
 */
struct xname {
    const char *text; /* borrowed from the document */
    uint32_t doc;
    uint32_t off, len;
    int8_t known; /* as struct form's */
    char skel[SKEL];
};

static int cmp_xname(const void *x, const void *y)
{
    const struct xname *a = x, *b = y;
    int c = strcmp(a->skel, b->skel);
    if (c)
        return c;
    if (a->len != b->len)
        return a->len < b->len ? -1 : 1;
    c = memcmp(a->text, b->text, a->len);
    if (c)
        return c;
    return a->doc < b->doc ? -1 : a->doc > b->doc;
}

static bool same_text(const struct xname *a, const struct xname *b)
{
    return a->len == b->len && memcmp(a->text, b->text, a->len) == 0;
}

/* Whether the run [a, b) of one spelling holds document `doc`. */
static bool run_has_doc(const struct xname *xs, size_t a, size_t b,
                        uint32_t doc)
{
    while (a < b) {
        size_t m = a + (b - a) / 2;
        if (xs[m].doc == doc)
            return true;
        if (xs[m].doc < doc)
            a = m + 1;
        else
            b = m;
    }
    return false;
}

/* form_known() for a name of the run. */
static bool xname_known(const copylint_ctx *ctx, copylint_doc *const *docs,
                        struct xname *x)
{
    if (x->known < 0)
        x->known = cpl_dict_is_name(ctx->dict, x->text, x->len) ||
                   cpl_dict_spell(ctx->dict, name_dialect(docs[x->doc]),
                                  x->text, x->len);
    return x->known > 0;
}

static void names_cross(const copylint_ctx *ctx, const void *state,
                        copylint_doc *const *docs, size_t ndocs)
{
    (void)state;
    if (!ctx->dict || !cpl_rule_on(ctx, CPL_RULE_NAMES_CROSS_FILE))
        return;
    struct xname *xs = NULL;
    size_t nx = 0, capx = 0;
    for (size_t di = 0; di < ndocs; di++) {
        struct names nm;
        cpl_wordcache_doc(cpl_dict_words(ctx->dict), docs[di]);
        collect(ctx, docs[di], &nm, false);
        for (size_t i = 0; i < nm.nforms; i++) {
            const struct form *f = &nm.forms[i];
            if (!f->strong || f->skel_len < 4)
                continue;
            xs = cpl_xgrow(xs, &capx, nx + 1, sizeof(*xs));
            struct xname *x = &xs[nx++];
            x->text = docs[di]->text + f->off;
            x->doc = (uint32_t)di;
            x->off = f->off;
            x->len = f->len;
            x->known = f->known;
            memcpy(x->skel, f->skel, sizeof(x->skel));
        }
        names_release(&nm);
    }
    if (nx > 1)
        qsort(xs, nx, sizeof(*xs), cmp_xname);
    for (size_t i = 0; i < nx;) {
        size_t j = i;
        while (j < nx && strcmp(xs[j].skel, xs[i].skel) == 0)
            j++;
        /* Runs of one spelling inside the group [i, j); the best run is
         * the one most stories use, a tie going to the earliest story. */
        size_t best = i, best_end = i, nruns = 0;
        for (size_t a = i; a < j;) {
            size_t b = a;
            while (b < j && same_text(&xs[b], &xs[a]))
                b++;
            nruns++;
            if (b - a > best_end - best ||
                (b - a == best_end - best && xs[a].doc < xs[best].doc)) {
                best = a;
                best_end = b;
            }
            a = b;
        }
        for (size_t a = i; nruns > 1 && a < j;) {
            size_t b = a;
            while (b < j && same_text(&xs[b], &xs[a]))
                b++;
            if (a != best && !(xname_known(ctx, docs, &xs[a]) &&
                               xname_known(ctx, docs, &xs[best]))) {
                for (size_t k = a; k < b; k++) {
                    if (run_has_doc(xs, best, best_end, xs[k].doc))
                        continue; /* mixed: names.inconsistent's job */
                    copylint_doc *doc = docs[xs[k].doc];
                    struct copylint_diag *d = cpl_diag_add(
                        doc, CPL_RULE_NAMES_CROSS_FILE, xs[k].off, xs[k].len,
                        "'%.*s' is spelled '%.*s' in '%s'", (int)xs[k].len,
                        xs[k].text, (int)xs[best].len, xs[best].text,
                        docs[xs[best].doc]->path);
                    if (d) {
                        char fix[MAXNAME];
                        snprintf(fix, sizeof(fix), "%.*s", (int)xs[best].len,
                                 xs[best].text);
                        cpl_diag_fix(d, xs[k].off, xs[k].len, fix, false);
                    }
                }
            }
            a = b;
        }
        i = j;
    }
    free(xs);
}

const struct cpl_check cpl_check_names = {
    .family = "names",
    .run = names_run,
    .cross = names_cross,
};
