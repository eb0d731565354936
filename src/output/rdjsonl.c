/*
 * rdjsonl.c: reviewdog's Diagnostic Format as JSON Lines
 * (reviewdog/proto/rdf/reviewdog.proto), for `reviewdog -f=rdjsonl`:
 *
 *   {"message":"'the' is repeated","location":{"path":"a.txt","range":
 *    {"start":{"line":3,"column":21},"end":{"line":3,"column":25}}},
 *    "severity":"WARNING","source":{"name":"copylint"},
 *    "code":{"value":"repeat.word"},"suggestions":[{"range":{...},"text":""}]}
 *
 * Unlike every other format, rdf columns count UTF-8 bytes (1-based; the
 * end is exclusive), so they are computed here from byte offsets. Every
 * fix becomes a suggestion, safe or not: reviewdog shows them to a human.
 * Whole-file findings have a location without a range.
 */
#include "output.h"

#include <jansson.h>

#include "json_diag.h"

static json_t *position(const copylint_doc *doc, uint32_t off)
{
    unsigned line, col;
    cpl_doc_line_col(doc, off, &line, &col);
    uint32_t line_start = doc->lines[line - 1];
    json_t *p = json_object();
    json_object_set_new(p, "line", json_integer(line));
    json_object_set_new(p, "column", json_integer(off - line_start + 1));
    return p;
}

static json_t *range(const copylint_doc *doc, uint32_t off, uint32_t len)
{
    json_t *r = json_object();
    json_object_set_new(r, "start", position(doc, off));
    json_object_set_new(r, "end", position(doc, off + len));
    return r;
}

static const char *rd_severity(copylint_severity sev)
{
    switch (sev) {
    case COPYLINT_SEVERITY_ERROR:
        return "ERROR";
    case COPYLINT_SEVERITY_WARNING:
        return "WARNING";
    case COPYLINT_SEVERITY_INFO:
        return "INFO";
    case COPYLINT_SEVERITY_OFF:
        return "UNKNOWN_SEVERITY";
    }
    return "UNKNOWN_SEVERITY";
}

static void rdjsonl_doc(copylint_output *w, const copylint_doc *doc)
{
    for (size_t i = 0; i < doc->ndiags; i++) {
        const struct copylint_diag *d = &doc->diags[i];
        if (!cpl_output_shown(w, i))
            continue;
        json_t *o = json_object();
        json_object_set_new(o, "message", cpl_json_str(d->message));
        json_t *loc = json_object();
        json_object_set_new(loc, "path", cpl_json_str(doc->path));
        if (!d->whole_file)
            json_object_set_new(loc, "range", range(doc, d->off, d->len));
        json_object_set_new(o, "location", loc);
        json_object_set_new(o, "severity",
                            json_string(rd_severity(d->severity)));
        json_t *src = json_object();
        json_object_set_new(src, "name", json_string("copylint"));
        json_object_set_new(o, "source", src);
        json_t *code = json_object();
        json_object_set_new(code, "value", json_string(d->rule->id));
        json_object_set_new(o, "code", code);
        if (d->nfixes) {
            json_t *sug = json_array();
            for (uint32_t k = 0; k < d->nfixes; k++) {
                const struct cpl_fix *f = &d->fixes[k];
                json_t *s = json_object();
                json_object_set_new(s, "range", range(doc, f->off, f->len));
                json_object_set_new(s, "text", cpl_json_str(f->text));
                json_array_append_new(sug, s);
            }
            json_object_set_new(o, "suggestions", sug);
        }
        json_dumpf(o, w->out, JSON_COMPACT);
        fputc('\n', w->out);
        json_decref(o);
    }
    fflush(w->out);
}

const struct cpl_output_ops cpl_output_rdjsonl = {
    .name = "rdjsonl",
    .doc = rdjsonl_doc,
};
