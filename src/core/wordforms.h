/*
 * wordforms.h: a hunspell dictionary compiled to a table of its word forms.
 *
 * Hunspell needs ~80 ms to load en_CA and 3-10 us per look-up of a word it
 * does not know; a copy desk runs copylint on one article at a time and a
 * CI gate on thousands. The build expands each system dictionary with
 * hunspell's own `unmunch` (hunspell-tools), keeps the forms that
 * Hunspell_spell() accepts, and writes them into a hash table file
 * (build/wordforms/en_CA.cwf, installed under share/copylint/wordforms)
 * that copylint maps into memory: opening costs one mmap, a look-up one
 * hash probe, and the table is shared read-only between threads.
 *
 * The table records the size and modification time of the .dic and .aff
 * it was made from; if the system dictionary changes, the table is stale,
 * cpl_wordforms_open() refuses it, and copylint uses hunspell alone.
 * core/dict.c decides which words the table may answer (see there).
 */
#ifndef CPL_WORDFORMS_H
#define CPL_WORDFORMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cpl_wordforms;

/* A table entry that starts with this byte is an ALL CAPS word
 * ("IPHONE") that hunspell accepts, made from a mixed-case form. */
#define CPL_WORDFORMS_CAPS_TAG '\x01'

/* Maps the table at `path` if it exists, is well formed and was made from
 * the hunspell files `dic` and `aff` as they are now; NULL otherwise. */
struct cpl_wordforms *cpl_wordforms_open(const char *path, const char *dic,
                                         const char *aff);
void cpl_wordforms_close(struct cpl_wordforms *wf);

/* Whether the table holds the word (exact bytes). */
bool cpl_wordforms_has(const struct cpl_wordforms *wf, const char *word,
                       size_t len);

/* cpl_wordforms_has() in two steps, so that a caller with many words to
 * look up can start the memory loads of all of them before it needs the
 * first answer: the word's hash, a hint to fetch its slot, and the probe.
 * cpl_wordforms_has_hash(wf, cpl_wordforms_hash(w, n)) is
 * cpl_wordforms_has(wf, w, n) for 0 < n <= 255. */
uint64_t cpl_wordforms_hash(const char *word, size_t len);

/* cpl_wordforms_hash() in parts, for words that share a beginning (the
 * candidates of a suggestion): the state after more bytes, and the hash
 * of a state. cpl_wordforms_hash(w, n) is
 * cpl_wordforms_hash_end(cpl_wordforms_hash_more(
 *     cpl_wordforms_hash_more(CPL_WORDFORMS_HASH_START, w, i), w + i, n - i))
 * for any i <= n. */
#define CPL_WORDFORMS_HASH_START 14695981039346656037u
static inline uint64_t cpl_wordforms_hash_more(uint64_t h, const char *s,
                                               size_t len)
{
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211u; /* FNV-1a 64 */
    }
    return h;
}

static inline uint64_t cpl_wordforms_hash_end(uint64_t h)
{
    h ^= h >> 33; /* murmur3's fmix64 */
    h *= 0xff51afd7ed558ccdu;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53u;
    h ^= h >> 33;
    return h ? h : 1; /* 0 marks an empty slot */
}
void cpl_wordforms_prefetch(const struct cpl_wordforms *wf, uint64_t hash);
bool cpl_wordforms_has_hash(const struct cpl_wordforms *wf, uint64_t hash);

/* What Hunspell_spell() says of `word` (’ already read as '), worked out
 * from the table: 1 a word, 0 not a word, -1 a shape the table cannot
 * decide (wordforms_spell.c) or no table. */
int cpl_wordforms_spell(const struct cpl_wordforms *wf, const char *word,
                        size_t len);

/* Number of word forms in the table. */
size_t cpl_wordforms_count(const struct cpl_wordforms *wf);

/* Writes a table of `n` words (duplicates allowed; words longer than 255
 * bytes are left out) stamped with the current state of `dic` and `aff`,
 * atomically (a temporary file renamed over `path`). 0 on success, else
 * an errno value. */
int cpl_wordforms_write(const char *path, const char *const *words, size_t n,
                        const char *dic, const char *aff);

#endif
