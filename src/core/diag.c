/*
 * diag.c: adding findings and fixes, and the public accessors of a
 * finding. Positions (line, column) are filled by cpl_doc_finish().
 */
#include "diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alloc.h"
#include "ctx.h"

/* A new finding with no message yet, or NULL when the rule is off or
 * the document has as many findings as it keeps. */
static struct copylint_diag *new_diag(copylint_doc *doc,
                                      const struct cpl_rule_info *rule,
                                      uint32_t off, uint32_t len, bool whole)
{
    copylint_severity sev =
        doc->ctx ? cpl_ctx_severity(doc->ctx, rule) : rule->severity;
    if (sev == COPYLINT_SEVERITY_OFF)
        return NULL;
    if (doc->ndiags >= doc->max_diags) {
        doc->diags_truncated = true;
        return NULL;
    }
    if (off > doc->len)
        CPL_BUG("finding at %u beyond the end (%zu) of '%s'", off, doc->len,
                doc->path);
    if (len > doc->len - off)
        len = (uint32_t)(doc->len - off);
    doc->diags = cpl_xgrow(doc->diags, &doc->capdiags, doc->ndiags + 1,
                           sizeof(*doc->diags));
    struct copylint_diag *d = &doc->diags[doc->ndiags];
    memset(d, 0, sizeof(*d));
    d->rule = rule;
    d->severity = sev;
    d->off = off;
    d->len = len;
    d->whole_file = whole;
    d->seq = (uint32_t)doc->ndiags;
    doc->ndiags++;
    return d;
}

#define MESSAGE_MAX 512 /* bytes with the NUL */

/* A block of message text; the first block in doc->msg_blocks is the
 * one being filled. */
struct cpl_text_block {
    struct cpl_text_block *next;
    size_t used, cap;
    char data[];
};

#define TEXT_BLOCK_MIN 2048 /* bytes: most documents need one block */

/* n bytes of message text that live as long as the document. */
static char *message_space(copylint_doc *doc, size_t n)
{
    struct cpl_text_block *b = doc->msg_blocks;
    if (!b || b->cap - b->used < n) {
        size_t cap = b ? 2 * b->cap : TEXT_BLOCK_MIN;
        if (cap > (size_t)64 * 1024)
            cap = (size_t)64 * 1024;
        if (cap < n)
            cap = n;
        b = cpl_xmalloc(sizeof(*b) + cap);
        b->next = doc->msg_blocks;
        b->used = 0;
        b->cap = cap;
        doc->msg_blocks = b;
    }
    char *p = b->data + b->used;
    b->used += n;
    return p;
}

void cpl_diag_free_messages(copylint_doc *doc)
{
    for (struct cpl_text_block *b = doc->msg_blocks, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    doc->msg_blocks = NULL;
}

/* d's message: msg, n bytes long, of which at least the first
 * min(n, MESSAGE_MAX - 1) are in msg. Long messages (quoting long words)
 * are cut at a UTF-8 boundary and end in "...". */
static void set_message(copylint_doc *doc, struct copylint_diag *d,
                        const char *msg, size_t n)
{
    if (n < MESSAGE_MAX) {
        char *m = message_space(doc, n + 1);
        memcpy(m, msg, n);
        m[n] = '\0';
        d->message = m;
        d->msglen = (uint32_t)n;
        return;
    }
    size_t cut = MESSAGE_MAX - 4;
    while (cut > 0 && ((unsigned char)msg[cut] & 0xC0) == 0x80)
        cut--;
    char *m = message_space(doc, cut + 4);
    memcpy(m, msg, cut);
    memcpy(m + cut, "...", 4);
    d->message = m;
    d->msglen = (uint32_t)(cut + 3);
}

static struct copylint_diag *add_v(copylint_doc *doc,
                                   const struct cpl_rule_info *rule,
                                   uint32_t off, uint32_t len, bool whole,
                                   const char *fmt, va_list ap)
{
    struct copylint_diag *d = new_diag(doc, rule, off, len, whole);
    if (!d)
        return NULL;
    char buf[MESSAGE_MAX];
    int n = vsnprintf(buf, sizeof(buf), fmt, ap);
    if (n < 0)
        CPL_BUG("bad message format '%s'", fmt);
    set_message(doc, d, buf, (size_t)n);
    return d;
}

struct copylint_diag *cpl_diag_add(copylint_doc *doc, enum cpl_rule rule,
                                   uint32_t off, uint32_t len,
                                   const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    struct copylint_diag *d =
        add_v(doc, &cpl_rules[rule], off, len, false, fmt, ap);
    va_end(ap);
    return d;
}

struct copylint_diag *cpl_diag_add_rule(copylint_doc *doc,
                                        const struct cpl_rule_info *rule,
                                        uint32_t off, uint32_t len,
                                        const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    struct copylint_diag *d = add_v(doc, rule, off, len, false, fmt, ap);
    va_end(ap);
    return d;
}

struct copylint_diag *cpl_diag_add_rule_text(copylint_doc *doc,
                                             const struct cpl_rule_info *rule,
                                             uint32_t off, uint32_t len,
                                             const char *msg, size_t n)
{
    struct copylint_diag *d = new_diag(doc, rule, off, len, false);
    if (d)
        set_message(doc, d, msg, n);
    return d;
}

struct copylint_diag *cpl_diag_add_file(copylint_doc *doc, enum cpl_rule rule,
                                        const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    struct copylint_diag *d =
        add_v(doc, &cpl_rules[rule], doc->start, 0, true, fmt, ap);
    va_end(ap);
    return d;
}

void cpl_diag_fix(struct copylint_diag *d, uint32_t off, uint32_t len,
                  const char *text, bool safe)
{
    if (!d)
        return;
    d->fixes = cpl_xrealloc(d->fixes, (d->nfixes + 1) * sizeof(*d->fixes));
    struct cpl_fix *f = &d->fixes[d->nfixes++];
    f->off = off;
    f->len = len;
    f->text = cpl_xstrdup(text);
    f->safe = safe;
}

void cpl_diag_release(struct copylint_diag *d)
{
    for (uint32_t i = 0; i < d->nfixes; i++)
        free(d->fixes[i].text);
    free(d->fixes);
    d->fixes = NULL;
    d->nfixes = 0;
}

const char *copylint_diag_rule(const copylint_diag *d) { return d->rule->id; }
copylint_severity copylint_diag_severity(const copylint_diag *d)
{
    return d->severity;
}
const char *copylint_diag_message(const copylint_diag *d)
{
    return d->message;
}
bool copylint_diag_whole_file(const copylint_diag *d) { return d->whole_file; }
unsigned copylint_diag_line(const copylint_diag *d) { return d->line; }
unsigned copylint_diag_column(const copylint_diag *d) { return d->col; }
unsigned copylint_diag_end_line(const copylint_diag *d) { return d->end_line; }
unsigned copylint_diag_end_column(const copylint_diag *d)
{
    return d->end_col;
}
size_t copylint_diag_offset(const copylint_diag *d) { return d->off; }
size_t copylint_diag_length(const copylint_diag *d) { return d->len; }
size_t copylint_diag_char_offset(const copylint_diag *d)
{
    return d->char_off;
}
size_t copylint_diag_char_length(const copylint_diag *d)
{
    return d->char_len;
}
size_t copylint_diag_fix_count(const copylint_diag *d) { return d->nfixes; }
size_t copylint_diag_fix_offset(const copylint_diag *d, size_t i)
{
    return i < d->nfixes ? d->fixes[i].off : 0;
}
size_t copylint_diag_fix_length(const copylint_diag *d, size_t i)
{
    return i < d->nfixes ? d->fixes[i].len : 0;
}
const char *copylint_diag_fix_text(const copylint_diag *d, size_t i)
{
    return i < d->nfixes ? d->fixes[i].text : NULL;
}
bool copylint_diag_fix_safe(const copylint_diag *d, size_t i)
{
    return i < d->nfixes && d->fixes[i].safe;
}

struct copylint_diag *cpl_diag_add_capped(struct cpl_diag_cap *cap,
                                          enum cpl_rule rule, uint32_t off,
                                          uint32_t len, const char *fmt, ...)
{
    if (cap->listed[rule] >= cap->max) {
        if (cap->more[rule]++ == 0) {
            cap->more_off[rule] = off;
            cap->more_len[rule] = len;
        }
        return NULL;
    }
    cap->listed[rule]++;
    va_list ap;
    va_start(ap, fmt);
    struct copylint_diag *d =
        add_v(cap->doc, &cpl_rules[rule], off, len, false, fmt, ap);
    va_end(ap);
    return d;
}

void cpl_diag_cap_finish(struct cpl_diag_cap *cap)
{
    for (int r = 0; r < CPL_RULE_COUNT; r++)
        if (cap->more[r])
            cpl_diag_add(cap->doc, (enum cpl_rule)r, cap->more_off[r],
                         cap->more_len[r],
                         "%u more findings of this kind in the file are "
                         "not listed (the first %u are)",
                         cap->more[r], cap->max);
}
