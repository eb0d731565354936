/*
 * output.c: the list of formats and the public writer life cycle.
 */
#include "output.h"

#include <stdlib.h>
#include <string.h>

#include "../core/alloc.h"

extern const struct cpl_output_ops cpl_output_text;
extern const struct cpl_output_ops cpl_output_json;
extern const struct cpl_output_ops cpl_output_jsonl;
extern const struct cpl_output_ops cpl_output_sarif;
extern const struct cpl_output_ops cpl_output_github;
extern const struct cpl_output_ops cpl_output_checkstyle;
extern const struct cpl_output_ops cpl_output_rdjsonl;
extern const struct cpl_output_ops cpl_output_line;
extern const struct cpl_output_ops cpl_output_html;

const struct cpl_output_ops *const cpl_outputs[] = {
    &cpl_output_text,
    &cpl_output_json,
    &cpl_output_jsonl,
    &cpl_output_sarif,
    &cpl_output_github,
    &cpl_output_checkstyle,
    &cpl_output_rdjsonl,
    &cpl_output_line,
    &cpl_output_html,
    NULL,
};

const char *const *copylint_output_formats(void)
{
    static const char *names[sizeof(cpl_outputs) / sizeof(cpl_outputs[0])];
    for (size_t i = 0; cpl_outputs[i]; i++)
        names[i] = cpl_outputs[i]->name;
    return names;
}

copylint_status copylint_output_new(const copylint_ctx *ctx,
                                    const char *format, FILE *out,
                                    unsigned flags, copylint_output **writer)
{
    for (size_t i = 0; cpl_outputs[i]; i++) {
        if (strcmp(cpl_outputs[i]->name, format) != 0)
            continue;
        copylint_output *w = cpl_xcalloc(1, sizeof(*w));
        w->ops = cpl_outputs[i];
        w->ctx = ctx;
        w->out = out;
        w->flags = flags;
        if (w->ops->begin)
            w->ops->begin(w);
        *writer = w;
        return COPYLINT_OK;
    }
    return COPYLINT_ERR_ARG;
}

void copylint_output_doc(copylint_output *w, const copylint_doc *doc)
{
    copylint_output_doc_filtered(w, doc, NULL);
}

void copylint_output_doc_filtered(copylint_output *w, const copylint_doc *doc,
                                  const bool *show)
{
    w->show = show;
    w->ops->doc(w, doc);
    w->show = NULL;
    w->ndocs++;
    for (size_t i = 0; i < doc->ndiags; i++)
        w->ndiags += !show || show[i];
}

void copylint_output_finish(copylint_output *w)
{
    if (!w)
        return;
    if (w->ops->end)
        w->ops->end(w);
    fflush(w->out);
    free(w);
}
