/*
 * fix.c: choosing and applying the fixes of a linted document (--fix,
 * --diff). The rule for overlapping fixes is in copylint.h: sort by start,
 * longer first, then finding order; take greedily; skip what overlaps or
 * shares a start with an edit already taken. Deterministic, since the
 * findings are sorted before this runs. Linear in the document plus
 * n log n in the number of fixes. Writing files is the CLI's job.
 */
#include <stdlib.h>
#include <string.h>

#include "../copylint.h"
#include "alloc.h"
#include "doc.h"

struct edit {
    uint32_t off, len;
    const char *text;
    size_t diag;
};

struct copylint_fixes {
    struct edit *edits; /* chosen, by offset */
    size_t nedits;
    bool *fixed; /* by finding index */
    size_t ndiags;
    size_t nfixed, nskipped;
};

static int edit_cmp(const void *pa, const void *pb)
{
    const struct edit *a = pa, *b = pb;
    if (a->off != b->off)
        return a->off < b->off ? -1 : 1;
    if (a->len != b->len)
        return a->len > b->len ? -1 : 1;
    return a->diag < b->diag ? -1 : a->diag > b->diag;
}

copylint_fixes *copylint_fixes_new(const copylint_doc *doc, unsigned flags)
{
    copylint_fixes *fs = cpl_xcalloc(1, sizeof(*fs));
    fs->ndiags = doc->ndiags;
    fs->fixed = cpl_xcalloc(doc->ndiags ? doc->ndiags : 1, sizeof(bool));
    struct edit *cand = cpl_xmalloc((doc->ndiags ? doc->ndiags : 1) *
                                    sizeof(*cand));
    size_t n = 0;
    for (size_t i = 0; i < doc->ndiags; i++) {
        const struct copylint_diag *d = &doc->diags[i];
        for (uint32_t k = 0; k < d->nfixes; k++) {
            const struct cpl_fix *f = &d->fixes[k];
            if (!f->safe && !(flags & COPYLINT_FIX_ALL))
                continue;
            /* A range outside the document is a check's bug; skip it
             * rather than write garbage. */
            if (f->off > doc->len || f->len > doc->len - f->off)
                break;
            cand[n++] = (struct edit){f->off, f->len, f->text, i};
            break;
        }
    }
    if (n > 1)
        qsort(cand, n, sizeof(*cand), edit_cmp);
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        struct edit *e = &cand[i];
        if (m > 0) {
            const struct edit *p = &cand[m - 1];
            if (e->off == p->off && e->len == p->len &&
                strcmp(e->text, p->text) == 0) {
                /* The same edit from another finding. */
                fs->fixed[e->diag] = true;
                fs->nfixed++;
                continue;
            }
            if (e->off < p->off + p->len || e->off == p->off) {
                fs->nskipped++;
                continue;
            }
        }
        cand[m++] = *e;
        fs->fixed[e->diag] = true;
        fs->nfixed++;
    }
    fs->edits = cand;
    fs->nedits = m;
    return fs;
}

void copylint_fixes_free(copylint_fixes *fs)
{
    if (!fs)
        return;
    free(fs->edits);
    free(fs->fixed);
    free(fs);
}

size_t copylint_fixes_count(const copylint_fixes *fs) { return fs->nedits; }

size_t copylint_fixes_offset(const copylint_fixes *fs, size_t i)
{
    return i < fs->nedits ? fs->edits[i].off : 0;
}

size_t copylint_fixes_length(const copylint_fixes *fs, size_t i)
{
    return i < fs->nedits ? fs->edits[i].len : 0;
}

const char *copylint_fixes_text(const copylint_fixes *fs, size_t i)
{
    return i < fs->nedits ? fs->edits[i].text : NULL;
}

bool copylint_fixes_diag_fixed(const copylint_fixes *fs, size_t diag_index)
{
    return diag_index < fs->ndiags && fs->fixed[diag_index];
}

size_t copylint_fixes_fixed(const copylint_fixes *fs) { return fs->nfixed; }
size_t copylint_fixes_skipped(const copylint_fixes *fs)
{
    return fs->nskipped;
}

copylint_status copylint_fixes_apply(const copylint_fixes *fs,
                                     const char *bytes, size_t len,
                                     char **out, size_t *out_len)
{
    size_t size = len;
    for (size_t i = 0; i < fs->nedits; i++) {
        const struct edit *e = &fs->edits[i];
        if (e->off > len || e->len > len - e->off)
            return COPYLINT_ERR_ARG;
        size = size - e->len + strlen(e->text);
    }
    char *buf = cpl_xmalloc(size + 1), *o = buf;
    size_t pos = 0;
    for (size_t i = 0; i < fs->nedits; i++) {
        const struct edit *e = &fs->edits[i];
        memcpy(o, bytes + pos, e->off - pos);
        o += e->off - pos;
        size_t tl = strlen(e->text);
        memcpy(o, e->text, tl);
        o += tl;
        pos = e->off + e->len;
    }
    memcpy(o, bytes + pos, len - pos);
    o += len - pos;
    *o = '\0';
    *out = buf;
    *out_len = (size_t)(o - buf);
    return COPYLINT_OK;
}
