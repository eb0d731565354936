/*
 * json.c: one JSON document for the whole run, streamed a finding at a
 * time (each built with jansson), so memory does not grow with the run:
 *
 *   {"tool": "copylint", "version": "0.1.0", "diagnostics": [
 *     {"file": "a.txt", "line": 3, "column": 21, "end_line": 3,
 *      "end_column": 24, "offset": 57, "length": 3, "rule": "repeat.word",
 *      "severity": "warning", "message": "...",
 *      "fixes": [{"offset": 57, "length": 4, "text": "", "safe": true}]}
 *   ]}
 *
 * Whole-file findings have null line and column fields. After the
 * findings, one entry per file says which English it was linted in and
 * why (kept in memory until the end: a few dozen bytes per file):
 *
 *   "files": [{"file": "a.txt", "dialect": "en_CA",
 *              "dialect_reason": "credit 'The Canadian Press'",
 *              "house_style": "cp"}]
 *
 * Field names are stable; see the README.
 */
#include "output.h"

#include <jansson.h>

#include "json_diag.h"

static void json_begin(copylint_output *w)
{
    fprintf(w->out, "{\"tool\": \"copylint\", \"version\": \"%s\", "
                    "\"diagnostics\": [",
            COPYLINT_VERSION);
}

static void json_doc(copylint_output *w, const copylint_doc *doc)
{
    size_t written = 0;
    if (!w->state)
        w->state = json_array();
    json_t *file = json_object();
    json_object_set_new(file, "file", cpl_json_str(doc->path));
    json_object_set_new(file, "dialect",
                        json_string(copylint_doc_dialect(doc)));
    json_object_set_new(file, "dialect_reason",
                        cpl_json_str(copylint_doc_dialect_reason(doc)));
    const char *style = copylint_doc_house_style(doc);
    json_object_set_new(file, "house_style",
                        style ? json_string(style) : json_null());
    json_array_append_new((json_t *)w->state, file);
    for (size_t i = 0; i < doc->ndiags; i++) {
        if (!cpl_output_shown(w, i))
            continue;
        json_t *o = cpl_json_diag(doc, &doc->diags[i]);
        fputs(w->ndiags + written++ ? ",\n  " : "\n  ", w->out);
        json_dumpf(o, w->out, JSON_COMPACT);
        json_decref(o);
    }
}

static void json_end(copylint_output *w)
{
    fputs(w->ndiags ? "\n], \"files\": [" : "], \"files\": [", w->out);
    json_t *files = w->state;
    for (size_t i = 0; files && i < json_array_size(files); i++) {
        fputs(i ? ",\n  " : "\n  ", w->out);
        json_dumpf(json_array_get(files, i), w->out, JSON_COMPACT);
    }
    fputs(files && json_array_size(files) ? "\n]}\n" : "]}\n", w->out);
    json_decref(files);
    w->state = NULL;
}

const struct cpl_output_ops cpl_output_json = {
    .name = "json",
    .begin = json_begin,
    .doc = json_doc,
    .end = json_end,
};
