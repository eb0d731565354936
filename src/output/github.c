/*
 * github.c: GitHub Actions workflow commands, which the runner turns into
 * annotations on the pull request:
 *
 *   ::warning file=a.txt,line=3,col=21,endLine=3,endColumn=24,title=repeat.word::'the' is repeated
 *
 * error -> ::error, warning -> ::warning, info -> ::notice. Escaping
 * follows the runner's toolkit (actions/toolkit, command.ts): in the
 * message, % CR LF become %25 %0D %0A; in property values also : and ,
 * become %3A and %2C. Whole-file findings carry no line or column.
 * Columns count code points.
 */
#include "output.h"

static void put_escaped(FILE *out, const char *s, bool property)
{
    for (; *s; s++) {
        switch (*s) {
        case '%':
            fputs("%25", out);
            break;
        case '\r':
            fputs("%0D", out);
            break;
        case '\n':
            fputs("%0A", out);
            break;
        case ':':
            fputs(property ? "%3A" : ":", out);
            break;
        case ',':
            fputs(property ? "%2C" : ",", out);
            break;
        default:
            fputc(*s, out);
        }
    }
}

static const char *command(copylint_severity sev)
{
    switch (sev) {
    case COPYLINT_SEVERITY_ERROR:
        return "error";
    case COPYLINT_SEVERITY_WARNING:
        return "warning";
    case COPYLINT_SEVERITY_INFO:
    case COPYLINT_SEVERITY_OFF:
        return "notice";
    }
    return "notice";
}

static void github_doc(copylint_output *w, const copylint_doc *doc)
{
    FILE *out = w->out;
    for (size_t i = 0; i < doc->ndiags; i++) {
        const struct copylint_diag *d = &doc->diags[i];
        if (!cpl_output_shown(w, i))
            continue;
        fprintf(out, "::%s file=", command(d->severity));
        put_escaped(out, doc->path, true);
        if (!d->whole_file)
            fprintf(out, ",line=%u,col=%u,endLine=%u,endColumn=%u", d->line,
                    d->col, d->end_line, d->end_col);
        fputs(",title=", out);
        put_escaped(out, d->rule->id, true);
        fputs("::", out);
        put_escaped(out, d->message, false);
        fputc('\n', out);
    }
}

const struct cpl_output_ops cpl_output_github = {
    .name = "github",
    .doc = github_doc,
};
