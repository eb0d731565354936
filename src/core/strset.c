/*
 * strset.c: open-addressing string set (linear probing, load <= 1/2).
 */
#include "strset.h"

#include <stdlib.h>
#include <string.h>

#include "alloc.h"

void cpl_strset_init(struct cpl_strset *set)
{
    memset(set, 0, sizeof(*set));
}

void cpl_strset_release(struct cpl_strset *set)
{
    for (size_t i = 0; i < set->cap; i++)
        free(set->slots[i].key);
    free(set->slots);
    memset(set, 0, sizeof(*set));
}

uint32_t cpl_strset_hash(const char *key, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)key[i];
        h *= 16777619u;
    }
    return h;
}

static struct cpl_strset_entry *probe(const struct cpl_strset *set,
                                      const char *key, size_t len,
                                      uint32_t h)
{
    size_t mask = set->cap - 1;
    for (size_t i = h & mask;; i = (i + 1) & mask) {
        struct cpl_strset_entry *e = &set->slots[i];
        if (!e->key)
            return e;
        if (e->hash == h && e->len == len && memcmp(e->key, key, len) == 0)
            return e;
    }
}

static void grow(struct cpl_strset *set)
{
    struct cpl_strset old = *set;
    set->cap = old.cap ? old.cap * 2 : 64;
    set->slots = cpl_xcalloc(set->cap, sizeof(*set->slots));
    for (size_t i = 0; i < old.cap; i++) {
        struct cpl_strset_entry *e = &old.slots[i];
        if (e->key)
            *probe(set, e->key, e->len, e->hash) = *e;
    }
    free(old.slots);
}

struct cpl_strset_entry *cpl_strset_add(struct cpl_strset *set,
                                        const char *key, size_t len)
{
    if ((set->count + 1) * 2 > set->cap)
        grow(set);
    uint32_t h = cpl_strset_hash(key, len);
    struct cpl_strset_entry *e = probe(set, key, len, h);
    if (!e->key) {
        e->key = cpl_xstrndup(key, len);
        e->len = (uint32_t)len;
        e->hash = h;
        memset(&e->value, 0, sizeof(e->value));
        set->count++;
    }
    return e;
}

struct cpl_strset_entry *cpl_strset_find(const struct cpl_strset *set,
                                         const char *key, size_t len)
{
    if (!set->cap)
        return NULL;
    struct cpl_strset_entry *e =
        probe(set, key, len, cpl_strset_hash(key, len));
    return e->key ? e : NULL;
}

bool cpl_strset_has(const struct cpl_strset *set, const char *key,
                    size_t len)
{
    return cpl_strset_find(set, key, len) != NULL;
}
