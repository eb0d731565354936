/*
 * strset.h: a set of byte strings with an optional value each, open
 * addressing with FNV-1a. Used for abbreviation lists, word lists and the
 * per-word caches of the spelling and name checks. Keys are copied.
 */
#ifndef CPL_STRSET_H
#define CPL_STRSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cpl_strset_entry {
    char *key;
    uint32_t len;
    uint32_t hash;
    /* The caller's value, all bits zero when the key is added (num 0, ptr
     * NULL). Each set uses one member: a number or bits, or a pointer. */
    union {
        intptr_t num;
        void *ptr;
    } value;
};

struct cpl_strset {
    struct cpl_strset_entry *slots;
    size_t cap;   /* power of two, or 0 */
    size_t count;
};

void cpl_strset_init(struct cpl_strset *set);
void cpl_strset_release(struct cpl_strset *set);
uint32_t cpl_strset_hash(const char *key, size_t len);
/* Adds the key (no-op if present); returns its entry. */
struct cpl_strset_entry *cpl_strset_add(struct cpl_strset *set,
                                        const char *key, size_t len);
/* The entry for the key, or NULL. */
struct cpl_strset_entry *cpl_strset_find(const struct cpl_strset *set,
                                         const char *key, size_t len);
bool cpl_strset_has(const struct cpl_strset *set, const char *key,
                    size_t len);

#endif
