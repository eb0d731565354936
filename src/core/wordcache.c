/*
 * wordcache.c: the per-run word record cache (see wordcache.h).
 *
 * A slot is 32 bytes, half a cache line: a tag (the hash's high bits and
 * the word's length; 0 free, 1 being filled), the record, and the key's
 * bytes as three 64-bit words, zero-padded. A look-up loads the same
 * three words from the token (overlapping loads, never a byte outside
 * it), hashes them with a few multiplications, and compares the tag and
 * three words: no byte loop, no call.
 * Open addressing with linear probing; nothing is ever removed.
 */
#include "wordcache.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "alloc.h"

#define TAG_FREE 0u
#define TAG_BUSY 1u
#define MAX_PROBES 64

_Static_assert(sizeof(struct cpl_wordslot) == 32, "two slots per cache line");

struct cpl_wordcache {
    struct cpl_wordslot *slots;
    size_t mask;
    size_t max;             /* words held at most: 3/4 of the slots */
    _Atomic size_t count;
    size_t mapped; /* bytes mapped with mmap(), or 0: calloc() */
    /* One skeleton entry per slot, in zero pages mapped on first touch
     * (about 48 bytes for each word held), or calloc()ed. */
    struct cpl_wordskel *skels;
    size_t skels_mapped;
};

_Static_assert(sizeof(struct cpl_wordskel) == 48, "a skeleton entry is small");

struct cpl_wordcache *cpl_wordcache_new(unsigned log2_slots)
{
    if (log2_slots < 4)
        log2_slots = 4;
    if (log2_slots > 24)
        log2_slots = 24;
    struct cpl_wordcache *wc = cpl_xcalloc(1, sizeof(*wc));
    size_t n = (size_t)1 << log2_slots;
    /* Zero pages, mapped on first touch, so a run over a few articles
     * pays only for the slots it fills; in 2 MB pages where the kernel
     * allows it, since the slots of a run's frequent words are scattered
     * over the whole table and 4 KB pages cost a TLB miss per look-up. */
    size_t bytes = n * sizeof(*wc->slots);
    const size_t huge = (size_t)2 << 20;
    char *p = MAP_FAILED;
#ifdef MAP_ANONYMOUS
    if (bytes >= huge)
    /* One huge page more than needed, then the ends cut off: the table
     * starts on a 2 MB boundary. */
    p = mmap(NULL, bytes + huge, PROT_READ | PROT_WRITE,
             MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
#endif
    if (p == MAP_FAILED) {
        wc->slots = cpl_xcalloc(n, sizeof(*wc->slots));
    } else {
        size_t head = (huge - (uintptr_t)p % huge) % huge;
        if (head)
            munmap(p, head);
        if (huge - head)
            munmap(p + head + bytes, huge - head);
        wc->slots = (struct cpl_wordslot *)(void *)(p + head);
        wc->mapped = bytes;
#ifdef MADV_HUGEPAGE
        madvise(wc->slots, bytes, MADV_HUGEPAGE);
#endif
    }
    size_t sbytes = n * sizeof(*wc->skels);
    void *sp = MAP_FAILED;
#ifdef MAP_ANONYMOUS
    if (sbytes >= huge)
        sp = mmap(NULL, sbytes, PROT_READ | PROT_WRITE,
                  MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
#endif
    if (sp == MAP_FAILED) {
        wc->skels = cpl_xcalloc(n, sizeof(*wc->skels));
    } else {
        wc->skels = sp;
        wc->skels_mapped = sbytes;
    }
    wc->mask = n - 1;
    wc->max = n / 4 * 3;
    atomic_init(&wc->count, 0);
    return wc;
}

void cpl_wordcache_free(struct cpl_wordcache *wc)
{
    if (!wc)
        return;
    if (wc->mapped)
        munmap(wc->slots, wc->mapped);
    else
        free(wc->slots);
    if (wc->skels_mapped)
        munmap(wc->skels, wc->skels_mapped);
    else
        free(wc->skels);
    free(wc);
}

struct cpl_wordskel *cpl_wordcache_skel(struct cpl_wordcache *wc,
                                        _Atomic uint32_t *rec)
{
    size_t i = (size_t)((struct cpl_wordslot *)(void *)((char *)rec -
                                                offsetof(struct cpl_wordslot, rec)) -
                        wc->slots);
    return &wc->skels[i];
}

size_t cpl_wordcache_count(const struct cpl_wordcache *wc)
{
    return wc ? atomic_load_explicit(&((struct cpl_wordcache *)wc)->count,
                                     memory_order_relaxed)
              : 0;
}

static inline uint64_t load64(const char *p)
{
    uint64_t x;
    memcpy(&x, p, 8);
    return x;
}

static inline uint32_t load32(const char *p)
{
    uint32_t x;
    memcpy(&x, p, 4);
    return x;
}

/* The bytes w[0, n), 1 <= n <= 8, zero-padded into a word, reading no
 * byte outside them: two overlapping loads (or three bytes), the second
 * shifted into place. (Little-endian order is assumed only for speed:
 * any order gives a word that is a function of the bytes, and keys are
 * only ever compared with keys built here.) */
static inline uint64_t word_upto8(const char *w, size_t n)
{
    if (n >= 4) {
        uint64_t lo = load32(w), hi = load32(w + n - 4);
        return lo | hi << (8 * (n - 4));
    }
    uint64_t b0 = (unsigned char)w[0], b1 = (unsigned char)w[n / 2],
             b2 = (unsigned char)w[n - 1];
    return b0 | b1 << (8 * (n / 2)) | b2 << (8 * (n - 1));
}

/* The key words of w[0, len) (1 <= len <= CPL_WORDCACHE_MAXKEY), its hash
 * and tag. */
static inline void make_key(const char *w, size_t len,
                            struct cpl_wordkey *key)
{
    uint64_t k0, k1 = 0, k2 = 0;
    if (len <= 8) {
        k0 = word_upto8(w, len);
    } else if (len <= 16) {
        k0 = load64(w);
        k1 = load64(w + len - 8) >> (8 * (16 - len));
    } else {
        k0 = load64(w);
        k1 = load64(w + 8);
        k2 = load64(w + len - 8) >> (8 * (24 - len));
    }
    uint64_t h = (k0 ^ (k1 * 0x9E3779B97F4A7C15u) ^
                  (k2 * 0xC2B2AE3D27D4EB4Fu) ^ len) *
                 0xFF51AFD7ED558CCDu;
    h ^= h >> 29;
    h *= 0xC4CEB9FE1A85EC53u;
    h ^= h >> 32;
    key->k[0] = k0;
    key->k[1] = k1;
    key->k[2] = k2;
    key->h = h;
    /* The length in the low byte of the tag (never FREE or BUSY): equal
     * tags and keys are equal words. */
    key->tag = ((uint32_t)(h >> 32) & 0xFFFFFF00u) | 0x80u | (uint32_t)len;
}

void cpl_wordcache_key(const char *w, size_t len, struct cpl_wordkey *key)
{
    if (len == 0 || len > CPL_WORDCACHE_MAXKEY) {
        key->tag = 0;
        return;
    }
    make_key(w, len, key);
}

void cpl_wordcache_prefetch(const struct cpl_wordcache *wc,
                            const struct cpl_wordkey *key)
{
    if (wc && key->tag)
        __builtin_prefetch(&wc->slots[(size_t)key->h & wc->mask]);
}

_Atomic uint32_t *cpl_wordcache_record(struct cpl_wordcache *wc,
                                       const char *w, size_t len)
{
    if (!wc || len == 0 || len > CPL_WORDCACHE_MAXKEY)
        return NULL;
    struct cpl_wordkey key;
    make_key(w, len, &key);
    return cpl_wordcache_record_key(wc, &key);
}

/* The slot of cpl_wordcache_record_key()'s record (NULL for none), for
 * a key with a tag, in a cache. */
static inline struct cpl_wordslot *probe(struct cpl_wordcache *wc,
                                         const struct cpl_wordkey *key)
{
    uint64_t h = key->h, k0 = key->k[0], k1 = key->k[1], k2 = key->k[2];
    uint32_t tag = key->tag;
    for (size_t i = (size_t)h & wc->mask, n = 0; n < MAX_PROBES;
         i = (i + 1) & wc->mask, n++) {
        struct cpl_wordslot *s = &wc->slots[i];
        uint32_t t = atomic_load_explicit(&s->tag, memory_order_acquire);
        if (t == tag) {
            if (s->key[0] == k0 && s->key[1] == k1 && s->key[2] == k2)
                return s;
            continue;
        }
        if (t == TAG_BUSY)
            return NULL; /* maybe this word, being filled: not cached */
        if (t != TAG_FREE)
            continue;
        if (atomic_load_explicit(&wc->count, memory_order_relaxed) >=
            wc->max)
            return NULL;
        uint32_t expect = TAG_FREE;
        if (!atomic_compare_exchange_strong_explicit(
                &s->tag, &expect, TAG_BUSY, memory_order_acquire,
                memory_order_relaxed))
            return NULL; /* another thread took the slot just now */
        s->key[0] = k0;
        s->key[1] = k1;
        s->key[2] = k2;
        atomic_store_explicit(&s->rec, 0, memory_order_relaxed);
        atomic_fetch_add_explicit(&wc->count, 1, memory_order_relaxed);
        atomic_store_explicit(&s->tag, tag, memory_order_release);
        return s;
    }
    return NULL;
}

_Atomic uint32_t *cpl_wordcache_record_key(struct cpl_wordcache *wc,
                                           const struct cpl_wordkey *key)
{
    if (!wc || !key->tag)
        return NULL;
    struct cpl_wordslot *s = probe(wc, key);
    return s ? &s->rec : NULL;
}

struct cpl_wordslot *cpl_wordcache_slots(const struct cpl_wordcache *wc)
{
    return wc ? wc->slots : NULL;
}

void cpl_wordcache_doc(struct cpl_wordcache *wc, copylint_doc *doc)
{
    if (doc->words_looked_up)
        return;
    doc->words_looked_up = true;
    struct cpl_token *toks = doc->toks;
    size_t n = doc->ntoks;
    if (!wc) {
        for (size_t t = 0; t < n; t++)
            toks[t].word = 0;
        return;
    }
    /* In batches: the keys of BATCH tokens are made and their slots'
     * loads started, then the slots are probed, so that the loads of a
     * run's rarer words overlap. */
    enum { BATCH = 16 };
    struct cpl_wordkey keys[BATCH];
    const char *text = doc->text;
    for (size_t base = 0; base < n; base += BATCH) {
        size_t m = n - base < BATCH ? n - base : BATCH;
        struct cpl_token *o = toks + base;
        for (size_t i = 0; i < m; i++) {
            if (cpl_wordcache_wants(o[i].flags, o[i].len)) {
                make_key(text + o[i].off, o[i].len, &keys[i]);
                __builtin_prefetch(&wc->slots[(size_t)keys[i].h & wc->mask]);
            } else {
                keys[i].tag = 0;
            }
        }
        for (size_t i = 0; i < m; i++) {
            struct cpl_wordslot *s = keys[i].tag ? probe(wc, &keys[i]) : NULL;
            o[i].word = s ? (uint32_t)(s - wc->slots) + 1 : 0;
        }
    }
}
