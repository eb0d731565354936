/*
 * wordforms.c: the compiled word-form table (see wordforms.h).
 *
 * File layout (native byte order: the table is built on the machine that
 * uses it, from that machine's dictionaries):
 *   header   struct wf_header
 *   slots    nslots x struct wf_slot, open addressing, linear probing,
 *            nslots a power of two at least twice the number of words
 *   blob     the words, each as one length byte and its bytes
 * A slot holds the word's FNV-1a hash (cpl_strset_hash) and 1 + the
 * offset of its entry in the blob (0: empty). Every offset is checked
 * against the blob size on look-up, so a damaged file cannot make a
 * look-up read outside the mapping.
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

static const char wf_magic[8] = "CPLWF01";

struct wf_header {
    char magic[8];
    uint64_t dic_size, dic_mtime, aff_size, aff_mtime;
    uint32_t nslots, nwords;
    uint64_t blob_size;
};

struct wf_slot {
    uint32_t hash;
    uint32_t off; /* 1 + offset in the blob; 0 = empty */
};

struct cpl_wordforms {
    void *map;
    size_t map_size;
    const struct wf_slot *slots;
    uint32_t mask;
    uint32_t nwords;
    const unsigned char *blob;
    uint64_t blob_size;
};

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
    uint64_t slots_size = (uint64_t)h.nslots * sizeof(struct wf_slot);
    if (memcmp(h.magic, wf_magic, sizeof(wf_magic)) != 0 ||
        h.dic_size != dsize || h.dic_mtime != dtime ||
        h.aff_size != asize || h.aff_mtime != atime || h.nslots == 0 ||
        (h.nslots & (h.nslots - 1)) != 0 ||
        sizeof(h) + slots_size + h.blob_size != (uint64_t)size) {
        munmap(map, size);
        goto out;
    }
    wf = cpl_xcalloc(1, sizeof(*wf));
    wf->map = map;
    wf->map_size = size;
    wf->slots = (const struct wf_slot *)((const char *)map + sizeof(h));
    wf->mask = h.nslots - 1;
    wf->nwords = h.nwords;
    wf->blob = (const unsigned char *)map + sizeof(h) + slots_size;
    wf->blob_size = h.blob_size;
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

bool cpl_wordforms_has(const struct cpl_wordforms *wf, const char *word,
                       size_t len)
{
    if (!wf || len == 0 || len > 255)
        return false;
    uint32_t h = cpl_strset_hash(word, len);
    /* At most mask + 1 probes, even in a damaged table with no free slot. */
    for (uint32_t i = h & wf->mask, k = 0; k <= wf->mask;
         i = (i + 1) & wf->mask, k++) {
        const struct wf_slot *s = &wf->slots[i];
        if (s->off == 0)
            return false;
        if (s->hash != h)
            continue;
        uint64_t at = (uint64_t)s->off - 1;
        if (at >= wf->blob_size || at + 1 + wf->blob[at] > wf->blob_size)
            return false;
        if (wf->blob[at] == len && memcmp(wf->blob + at + 1, word, len) == 0)
            return true;
    }
    return false;
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
    uint64_t blob_size = 0;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(words[i]);
        if (len == 0 || len > 255 || cpl_strset_has(&seen, words[i], len))
            continue;
        cpl_strset_add(&seen, words[i], len);
        blob_size += 1 + len;
    }
    if (seen.count > UINT32_MAX / 4 || blob_size >= UINT32_MAX) {
        cpl_strset_release(&seen);
        return EFBIG;
    }
    uint32_t nslots = 64;
    while (nslots < 2 * seen.count)
        nslots *= 2;
    h.nslots = nslots;
    h.nwords = (uint32_t)seen.count;
    h.blob_size = blob_size;

    struct wf_slot *slots = cpl_xcalloc(nslots, sizeof(*slots));
    unsigned char *blob = cpl_xmalloc(blob_size ? blob_size : 1);
    uint64_t at = 0;
    for (size_t i = 0; i < seen.cap; i++) {
        const struct cpl_strset_entry *e = &seen.slots[i];
        if (!e->key)
            continue;
        uint32_t j = e->hash & (nslots - 1);
        while (slots[j].off)
            j = (j + 1) & (nslots - 1);
        slots[j].hash = e->hash;
        slots[j].off = (uint32_t)(at + 1);
        blob[at] = (unsigned char)e->len;
        memcpy(blob + at + 1, e->key, e->len);
        at += 1 + e->len;
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
                fwrite(slots, sizeof(*slots), nslots, f) != nslots ||
                (blob_size && fwrite(blob, 1, blob_size, f) != blob_size))
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
    free(blob);
    return err;
}
