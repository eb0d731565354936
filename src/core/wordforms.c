/*
 * wordforms.c: the compiled word-form table (see wordforms.h).
 *
 * File layout (native byte order: the table is built on the machine that
 * uses it, from that machine's dictionaries):
 *   header   struct wf_header
 *   slots    nslots x uint64_t, open addressing, linear probing, nslots a
 *            power of two at least twice the number of words
 * A slot holds a 64-bit hash of the word (0: empty), not the word: a
 * look-up touches one cache line, where a stored word would cost a second
 * memory access per probe (the table is 2-4 MB, far beyond the caches,
 * and this probe ran once per word of every article). Two different
 * strings share a 64-bit hash with odds of about 2^-64 per pair: for a
 * table of 400,000 forms, one false "known" in ~10^13 look-ups of
 * unknown words. The hash is FNV-1a 64 with a final avalanche mix, so
 * near-identical words (one letter apart) differ in every bit.
 */
#include "wordforms.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc.h"
#include "strset.h"

static const char wf_magic[8] = "CPLWF03";

struct wf_header {
    char magic[8];
    uint64_t dic_size, dic_mtime, aff_size, aff_mtime;
    uint32_t nslots, nwords;
};

struct cpl_wordforms {
    void *map;
    size_t map_size;
    const uint64_t *slots;
    uint32_t mask;
    uint32_t nwords;
};

static uint64_t wf_hash(const char *s, size_t len)
{
    return cpl_wordforms_hash_end(
        cpl_wordforms_hash_more(CPL_WORDFORMS_HASH_START, s, len));
}

static bool stamp(const char *path, uint64_t *size, uint64_t *mtime)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return false;
    *size = (uint64_t)st.st_size;
    *mtime = (uint64_t)st.st_mtime;
    return true;
}

struct cpl_wordforms *cpl_wordforms_open(const char *path, const char *dic,
                                         const char *aff)
{
    uint64_t dsize, dtime, asize, atime;
    if (!stamp(dic, &dsize, &dtime) || !stamp(aff, &asize, &atime))
        return NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return NULL;
    struct stat st;
    struct cpl_wordforms *wf = NULL;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
        (uint64_t)st.st_size < sizeof(struct wf_header))
        goto out;
    size_t size = (size_t)st.st_size;
    void *map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (map == MAP_FAILED)
        goto out;
    struct wf_header h;
    memcpy(&h, map, sizeof(h));
    if (memcmp(h.magic, wf_magic, sizeof(wf_magic)) != 0 ||
        h.dic_size != dsize || h.dic_mtime != dtime ||
        h.aff_size != asize || h.aff_mtime != atime || h.nslots == 0 ||
        (h.nslots & (h.nslots - 1)) != 0 ||
        sizeof(h) + (uint64_t)h.nslots * sizeof(uint64_t) != (uint64_t)size) {
        munmap(map, size);
        goto out;
    }
    wf = cpl_xcalloc(1, sizeof(*wf));
    wf->map = map;
    wf->map_size = size;
    wf->slots = (const uint64_t *)(const void *)((const char *)map + sizeof(h));
    wf->mask = h.nslots - 1;
    wf->nwords = h.nwords;
out:
    close(fd);
    return wf;
}

void cpl_wordforms_close(struct cpl_wordforms *wf)
{
    if (!wf)
        return;
    munmap(wf->map, wf->map_size);
    free(wf);
}

size_t cpl_wordforms_count(const struct cpl_wordforms *wf)
{
    return wf ? wf->nwords : 0;
}

uint64_t cpl_wordforms_hash(const char *word, size_t len)
{
    return wf_hash(word, len);
}

void cpl_wordforms_prefetch(const struct cpl_wordforms *wf, uint64_t hash)
{
    if (wf)
        __builtin_prefetch(&wf->slots[(uint32_t)hash & wf->mask]);
}

bool cpl_wordforms_has_hash(const struct cpl_wordforms *wf, uint64_t h)
{
    if (!wf)
        return false;
    /* At most mask + 1 probes, even in a damaged table with no free slot. */
    for (uint32_t i = (uint32_t)h & wf->mask, k = 0; k <= wf->mask;
         i = (i + 1) & wf->mask, k++) {
        uint64_t s = wf->slots[i];
        if (s == h)
            return true;
        if (s == 0)
            return false;
    }
    return false;
}

bool cpl_wordforms_has(const struct cpl_wordforms *wf, const char *word,
                       size_t len)
{
    if (!wf || len == 0 || len > 255)
        return false;
    return cpl_wordforms_has_hash(wf, wf_hash(word, len));
}

/* ---- writing ----------------------------------------------------------- */

int cpl_wordforms_write(const char *path, const char *const *words, size_t n,
                        const char *dic, const char *aff)
{
    struct wf_header h;
    memset(&h, 0, sizeof(h));
    memcpy(h.magic, wf_magic, sizeof(wf_magic));
    if (!stamp(dic, &h.dic_size, &h.dic_mtime) ||
        !stamp(aff, &h.aff_size, &h.aff_mtime))
        return errno ? errno : ENOENT;

    /* Distinct words first, so that the slot count fits them. */
    struct cpl_strset seen;
    cpl_strset_init(&seen);
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(words[i]);
        if (len > 0 && len <= 255)
            cpl_strset_add(&seen, words[i], len);
    }
    if (seen.count > UINT32_MAX / 4) {
        cpl_strset_release(&seen);
        return EFBIG;
    }
    uint32_t nslots = 64;
    while (nslots < 2 * seen.count)
        nslots *= 2;
    h.nslots = nslots;
    h.nwords = (uint32_t)seen.count;
    uint64_t *slots = cpl_xcalloc(nslots, sizeof(*slots));
    for (size_t i = 0; i < seen.cap; i++) {
        const struct cpl_strset_entry *e = &seen.slots[i];
        if (!e->key)
            continue;
        uint64_t hv = wf_hash(e->key, e->len);
        uint32_t j = (uint32_t)hv & (nslots - 1);
        while (slots[j] && slots[j] != hv)
            j = (j + 1) & (nslots - 1);
        slots[j] = hv;
    }
    cpl_strset_release(&seen);

    size_t plen = strlen(path);
    char *tmp = cpl_xmalloc(plen + 16);
    snprintf(tmp, plen + 16, "%s.tmpXXXXXX", path);
    int err = 0;
    int fd = mkstemp(tmp);
    if (fd < 0) {
        err = errno;
    } else {
        FILE *f = fdopen(fd, "wb");
        if (!f) {
            err = errno;
            close(fd);
        } else {
            if (fwrite(&h, sizeof(h), 1, f) != 1 ||
                fwrite(slots, sizeof(*slots), nslots, f) != nslots)
                err = errno ? errno : EIO;
            if (fclose(f) != 0 && !err)
                err = errno ? errno : EIO;
        }
        if (!err && chmod(tmp, 0644) != 0)
            err = errno;
        if (!err && rename(tmp, path) != 0)
            err = errno;
        if (err)
            unlink(tmp);
    }
    free(tmp);
    free(slots);
    return err;
}
