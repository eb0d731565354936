/*
 * jsonl.c: JSON Lines, one finding per line, each the same object as in
 * the json format (json_diag.c), written and flushed as each file is done,
 * so a pipeline sees findings while a long run goes on and memory does not
 * grow with the run:
 *
 *   {"file":"a.txt","line":3,"column":21,"end_line":3,"end_column":24,...}
 *
 * No header, no footer: an empty run writes nothing.
 */
#include "output.h"

#include <jansson.h>

#include "json_diag.h"

static void jsonl_doc(copylint_output *w, const copylint_doc *doc)
{
    for (size_t i = 0; i < doc->ndiags; i++) {
        if (!cpl_output_shown(w, i))
            continue;
        json_t *o = cpl_json_diag(doc, &doc->diags[i]);
        json_dumpf(o, w->out, JSON_COMPACT);
        fputc('\n', w->out);
        json_decref(o);
    }
    fflush(w->out);
}

const struct cpl_output_ops cpl_output_jsonl = {
    .name = "jsonl",
    .doc = jsonl_doc,
};
