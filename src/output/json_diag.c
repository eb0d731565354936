/*
 * json_diag.c: see json_diag.h.
 */
#include "json_diag.h"

#include <stdlib.h>
#include <string.h>

#include "../core/alloc.h"
#include "../core/utf8.h"

json_t *cpl_json_str(const char *s)
{
    json_t *j = json_string(s);
    if (j)
        return j;
    /* Not UTF-8 (a file name, say): replace bad bytes with U+FFFD. */
    size_t n = strlen(s);
    char *buf = cpl_xmalloc(n * 3 + 1), *o = buf;
    for (size_t i = 0; i < n;) {
        size_t l = cpl_utf8_valid_len((const unsigned char *)s + i, n - i);
        if (l) {
            memcpy(o, s + i, l);
            o += l;
            i += l;
        } else {
            memcpy(o, "\xEF\xBF\xBD", 3);
            o += 3;
            i++;
        }
    }
    *o = '\0';
    j = json_string(buf);
    free(buf);
    return j ? j : json_string("");
}

json_t *cpl_json_diag(const copylint_doc *doc, const struct copylint_diag *d)
{
    json_t *o = json_object();
    json_object_set_new(o, "file", cpl_json_str(doc->path));
    if (d->whole_file) {
        json_object_set_new(o, "line", json_null());
        json_object_set_new(o, "column", json_null());
        json_object_set_new(o, "end_line", json_null());
        json_object_set_new(o, "end_column", json_null());
    } else {
        json_object_set_new(o, "line", json_integer(d->line));
        json_object_set_new(o, "column", json_integer(d->col));
        json_object_set_new(o, "end_line", json_integer(d->end_line));
        json_object_set_new(o, "end_column", json_integer(d->end_col));
    }
    json_object_set_new(o, "offset", json_integer(d->off));
    json_object_set_new(o, "length", json_integer(d->len));
    json_object_set_new(o, "rule", json_string(d->rule->id));
    json_object_set_new(o, "severity",
                        json_string(copylint_severity_name(d->severity)));
    json_object_set_new(o, "message", cpl_json_str(d->message));
    if (d->rule->link) /* a rule file's Vale `link` */
        json_object_set_new(o, "link", cpl_json_str(d->rule->link));
    json_t *fixes = json_array();
    for (uint32_t k = 0; k < d->nfixes; k++) {
        const struct cpl_fix *f = &d->fixes[k];
        json_t *fx = json_object();
        json_object_set_new(fx, "offset", json_integer(f->off));
        json_object_set_new(fx, "length", json_integer(f->len));
        json_object_set_new(fx, "text", cpl_json_str(f->text));
        json_object_set_new(fx, "safe", json_boolean(f->safe));
        json_array_append_new(fixes, fx);
    }
    json_object_set_new(o, "fixes", fixes);
    return o;
}
