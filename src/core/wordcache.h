/*
 * wordcache.h: what the spelling and name checks have found out about a
 * word, once per distinct word of a run (issue 6).
 *
 * Most words of a run recur: "the", "said", "Reuters". The checks ask the
 * same questions of every occurrence (is it a word in the article's
 * dialect, or in the lists; where does its possessive end; is it a
 * capitalised dictionary word for the name checks), and every answer is a
 * pure function of the word's bytes and the dictionaries. This cache keeps
 * those answers as bits of one 32-bit record per word, so that a later
 * occurrence costs one hash and one compare of at most three machine
 * words, not a dictionary probe per question.
 *
 * The cache belongs to the dictionary (one per context), is shared by
 * every thread and takes no lock: a slot is claimed with a compare-and-
 * swap, filled, then published with a release store of its tag; a reader
 * that meets a slot being filled, a word longer than CPL_WORDCACHE_MAXKEY
 * bytes or a full cache gets NULL and takes the uncached path, which
 * gives the same answer. A field is computed by whoever first needs it
 * and stored with one atomic OR of its value and its "known" bit, so two
 * threads that race compute the same bits. Bounded: a fixed number of
 * slots, filled to 3/4 at most (the dictionary makes 2^17 slots of 32
 * bytes, 4 MB, for up to 98,304 words; the whole shared corpus fills
 * about 67,000).
 *
 * The meaning of the bits is the checks' business (CPL_WORD_* below, one
 * list so that spelling.c and names.c, which never include each other,
 * keep to their own bits).
 */
#ifndef CPL_WORDCACHE_H
#define CPL_WORDCACHE_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include "dict.h"
#include "doc.h"

struct cpl_wordcache;

/* A slot of the cache: a tag (the hash's high bits and the word's length;
 * 0 free, 1 being filled), the record, and the key's bytes as three
 * 64-bit words, zero-padded. Visible here only so that a record is found
 * from its reference inline (cpl_wordcache_at()). */
struct cpl_wordslot {
    _Atomic uint32_t tag;
    _Atomic uint32_t rec;
    uint64_t key[3];
};

/* The longest word the cache keeps, in bytes. */
#define CPL_WORDCACHE_MAXKEY 23

/* A cache of 2^log2_slots slots (4 <= log2_slots <= 24). */
struct cpl_wordcache *cpl_wordcache_new(unsigned log2_slots);
void cpl_wordcache_free(struct cpl_wordcache *wc);

/* The record of the word w[0, len), added (all bits zero) if absent; NULL
 * if the word is not cached (too long or empty, the cache full, or its
 * slot being filled by another thread). The pointer lives as long as the
 * cache. */
_Atomic uint32_t *cpl_wordcache_record(struct cpl_wordcache *wc,
                                       const char *w, size_t len);

/* A word's key and hash, made once for a look-up started ahead. */
struct cpl_wordkey {
    uint64_t k[3];
    uint64_t h;
    uint32_t tag; /* 0: not a key (empty or too long) */
};

/* The key of w[0, len) (tag 0 if the word is not cached). */
void cpl_wordcache_key(const char *w, size_t len, struct cpl_wordkey *key);

/* Starts loading the key's slot into the cache, for a look-up a few words
 * later (the look-ups of a run's rarer words miss the caches: started
 * ahead, their loads overlap). No effect on the contents. */
void cpl_wordcache_prefetch(const struct cpl_wordcache *wc,
                            const struct cpl_wordkey *key);

/* cpl_wordcache_record() of the word the key was made from. */
_Atomic uint32_t *cpl_wordcache_record_key(struct cpl_wordcache *wc,
                                           const struct cpl_wordkey *key);

/*
 * One look-up per token (issue 6): the dialect inference, spelling and
 * the name checks each ask about the same words, so the first of them
 * calls cpl_wordcache_doc(), which looks up every token that any of them
 * asks about (cpl_wordcache_wants()) once, in one pass with
 * each slot's load started a few tokens ahead, and keeps in tok->word a
 * reference to the token's record (its slot + 1; 0: no record, as
 * cpl_wordcache_record() returns NULL). Later calls for the document do
 * nothing. wc may be NULL: then every reference is 0.
 */
void cpl_wordcache_doc(struct cpl_wordcache *wc, copylint_doc *doc);

/* Whether cpl_wordcache_doc() looks up a token with these flags and
 * length: no check asks about a word of one or two bytes (spelling
 * judges none, a name or a voting word is longer), nor about one longer
 * than the cache keeps. */
static inline bool cpl_wordcache_wants(uint32_t flags, uint32_t len)
{
    return (flags & (CPL_TOK_HAS_ALPHA | CPL_TOK_HAS_DIGIT |
                     CPL_TOK_ALL_UPPER)) == CPL_TOK_HAS_ALPHA &&
           len - 3u <= CPL_WORDCACHE_MAXKEY - 3u;
}

/* The first slot, for cpl_wordcache_at(); NULL if wc is NULL. */
struct cpl_wordslot *cpl_wordcache_slots(const struct cpl_wordcache *wc);

/* The record of a reference cpl_wordcache_doc() kept (NULL for 0), given
 * cpl_wordcache_slots() of its cache. */
static inline _Atomic uint32_t *cpl_wordcache_at(struct cpl_wordslot *slots,
                                                 uint32_t ref)
{
    return ref ? &slots[ref - 1].rec : NULL;
}

/*
 * names.c's skeleton of a word (the token without its possessive), kept
 * beside the word's record for the rest of the run: a pure function of
 * the word's bytes, made once per word instead of once per article.
 * state: 0 not made, 1 being made by one thread (claimed with a
 * compare-and-swap), 2 made (published with a release store); a reader
 * that finds 0 or 1 makes its own. Skeletons longer than
 * CPL_WORDSKEL_MAX are not kept.
 */
#define CPL_WORDSKEL_MAX 45
struct cpl_wordskel {
    _Atomic unsigned char state;
    unsigned char len;
    char skel[CPL_WORDSKEL_MAX + 1];
};

/* The skeleton entry of a record that cpl_wordcache_record*() returned
 * (not NULL); it lives as long as the cache. */
struct cpl_wordskel *cpl_wordcache_skel(struct cpl_wordcache *wc,
                                        _Atomic uint32_t *rec);

/* Number of words held. */
size_t cpl_wordcache_count(const struct cpl_wordcache *wc);

static inline uint32_t cpl_word_bits(_Atomic uint32_t *rec)
{
    return rec ? atomic_load_explicit(rec, memory_order_relaxed) : 0;
}

static inline void cpl_word_set(_Atomic uint32_t *rec, uint32_t bits)
{
    if (rec)
        atomic_fetch_or_explicit(rec, bits, memory_order_relaxed);
}

/* The word w[0, len) without a possessive ’s, ’ or 's: the length that
 * CPL_WORD_PLEN keeps (the same cut in every check). */
static inline uint32_t cpl_word_strip_possessive(const char *w, uint32_t len)
{
    /* Each form below ends in s, ' or the last byte of ’ (0x99): most
     * words are decided by their last byte. */
    unsigned char last = len ? (unsigned char)w[len - 1] : 0;
    if (last != 's' && last != '\'' && last != 0x99)
        return len;
    if (len > 4 && (unsigned char)w[len - 4] == 0xE2 &&
        (unsigned char)w[len - 3] == 0x80 &&
        (unsigned char)w[len - 2] == 0x99 && w[len - 1] == 's')
        return len - 4;
    if (len > 2 && w[len - 2] == '\'' && w[len - 1] == 's')
        return len - 2;
    if (len > 3 && (unsigned char)w[len - 3] == 0xE2 &&
        (unsigned char)w[len - 2] == 0x80 && (unsigned char)w[len - 1] == 0x99)
        return len - 3;
    if (len > 1 && w[len - 1] == '\'')
        return len - 1;
    return len;
}

/*
 * Bits of a record, keyed by the whole token as the segmenter cut it
 * (possessive included). Each field has a bit saying it was computed.
 */
enum cpl_word_bits {
    /* The token without its possessive: length in CPL_WORD_PLEN (set by
     * either check, with CPL_WORD_PLEN_SET; both cut the same way). */
    CPL_WORD_PLEN_SET = 1u << 0,
    CPL_WORD_PLEN_SHIFT = 1, /* 5 bits: 1..5 */
    CPL_WORD_PLEN_MASK = 31u << 1,
    /* spelling: a non-Latin word or mojibake, never checked. */
    CPL_WORD_SP_SKIP_SET = 1u << 6,
    CPL_WORD_SP_SKIP = 1u << 7,
    /* spelling: the word without possessive is known (hunspell in the
     * dialect, or the lists), by enum cpl_dialect d = 0..3: bits 8..15. */
    CPL_WORD_SP_KNOWN_SET0 = 1u << 8,
    /* spelling and the dialect inference: the dialect-variant table
     * (cpl_dict_variant()), for the lower-cased word. */
    CPL_WORD_SP_VAR_SET = 1u << 16,
    CPL_WORD_SP_VAR_ROW = 1u << 17,
    CPL_WORD_SP_VAR_IN0 = 1u << 17, /* + d, d = 1..3: bits 18..20 */
    /* names: the folded word is a dictionary word (form_init's common),
     * by d = 1..3: bits 23..28 (d = 0 is never asked: bits 21 and 22
     * below are another field). */
    CPL_WORD_NM_COMMON_SET0 = 1u << 21,
    /* names: the token may be a name (candidate_len() is not 0; it is
     * then the length in CPL_WORD_PLEN, set with it). */
    CPL_WORD_NM_CAND_SET = 1u << 21,
    CPL_WORD_NM_CAND = 1u << 22,
    /* names: the folded word may begin a name with diacritics. */
    CPL_WORD_NM_DFIRST_SET = 1u << 29,
    CPL_WORD_NM_DFIRST = 1u << 30
};

/* The "computed" and "yes" bits of the per-dialect fields. */
#define CPL_WORD_SP_KNOWN_SET(d) (CPL_WORD_SP_KNOWN_SET0 << (2 * (d)))
#define CPL_WORD_SP_KNOWN(d) (CPL_WORD_SP_KNOWN_SET0 << (2 * (d) + 1))
#define CPL_WORD_SP_VAR_IN(d) (CPL_WORD_SP_VAR_IN0 << (d))
#define CPL_WORD_NM_COMMON_SET(d) (CPL_WORD_NM_COMMON_SET0 << (2 * (d)))
#define CPL_WORD_NM_COMMON(d) (CPL_WORD_NM_COMMON_SET0 << (2 * (d) + 1))

/* The word's length without its possessive (cpl_word_strip_possessive()),
 * from the record's bits when it holds it, else worked out and kept in
 * the record (rec may be NULL: then only worked out). */
static inline uint32_t cpl_word_plen(_Atomic uint32_t *rec, uint32_t bits,
                                     const char *w, uint32_t len)
{
    if (bits & CPL_WORD_PLEN_SET)
        return (bits & CPL_WORD_PLEN_MASK) >> CPL_WORD_PLEN_SHIFT;
    uint32_t plen = cpl_word_strip_possessive(w, len);
    if (rec)
        cpl_word_set(rec, CPL_WORD_PLEN_SET | plen << CPL_WORD_PLEN_SHIFT);
    return plen;
}

/* The CPL_WORD_SP_VAR_* bits that keep a cpl_dict_variant() answer. */
static inline uint32_t cpl_word_variant_bits(struct cpl_variant_hit hit)
{
    uint32_t v = CPL_WORD_SP_VAR_SET;
    if (hit.row >= 0) {
        v |= CPL_WORD_SP_VAR_ROW;
        for (int d = 1; d < 4; d++)
            if (hit.in[d])
                v |= CPL_WORD_SP_VAR_IN(d);
    }
    return v;
}

/* The answer kept by cpl_word_variant_bits(), its row as 0 (any row: the
 * bits say only whether there is one). */
static inline struct cpl_variant_hit cpl_word_variant_hit(uint32_t bits)
{
    struct cpl_variant_hit hit = {0};
    hit.row = (bits & CPL_WORD_SP_VAR_ROW) ? 0 : -1;
    for (int d = 1; d < 4; d++)
        hit.in[d] = (bits & CPL_WORD_SP_VAR_IN(d)) != 0;
    return hit;
}

#endif
