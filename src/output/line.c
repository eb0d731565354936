/*
 * line.c: one finding per line, colon-separated, for grep, awk and
 * editors' quickfix lists (vim's errorformat "%f:%l:%c:%t%*[^:]:%m"):
 *
 *   story.txt:3:21:warning:repeat.word:'the' is repeated
 *
 * Columns count code points. A whole-file finding is placed at 1:1.
 * Line breaks inside a message become spaces, so one finding is one line.
 */
#include "output.h"

static void line_doc(copylint_output *w, const copylint_doc *doc)
{
    for (size_t i = 0; i < doc->ndiags; i++) {
        const struct copylint_diag *d = &doc->diags[i];
        if (!cpl_output_shown(w, i))
            continue;
        fprintf(w->out, "%s:%u:%u:%s:%s:", doc->path,
                d->whole_file ? 1 : d->line, d->whole_file ? 1 : d->col,
                copylint_severity_name(d->severity), d->rule->id);
        for (const char *p = d->message; *p; p++)
            fputc(*p == '\n' || *p == '\r' ? ' ' : *p, w->out);
        fputc('\n', w->out);
    }
}

const struct cpl_output_ops cpl_output_line = {
    .name = "line",
    .doc = line_doc,
};
