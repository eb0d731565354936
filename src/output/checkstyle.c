/*
 * checkstyle.c: Checkstyle's XML report, which reviewdog (-f=checkstyle),
 * Jenkins (Warnings NG) and many CI dashboards read:
 *
 *   <?xml version="1.0" encoding="UTF-8"?>
 *   <checkstyle version="4.3">
 *     <file name="a.txt">
 *       <error line="3" column="21" severity="warning"
 *              message="'the' is repeated" source="copylint.repeat.word"/>
 *     </file>
 *   </checkstyle>
 *
 * Every linted file gets a <file> element, even without findings (as
 * Checkstyle does), so a consumer sees what was checked. Severity is
 * error, warning or info; columns count code points; whole-file findings
 * have no line or column attribute. Text is escaped by xml_escape.c.
 */
#include "output.h"

#include "xml_escape.h"

static void cs_begin(copylint_output *w)
{
    fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<checkstyle version=\"4.3\">\n",
          w->out);
}

static void cs_doc(copylint_output *w, const copylint_doc *doc)
{
    FILE *out = w->out;
    fputs("  <file name=\"", out);
    cpl_xml_puts(out, doc->path, 1);
    fputs("\">\n", out);
    for (size_t i = 0; i < doc->ndiags; i++) {
        const struct copylint_diag *d = &doc->diags[i];
        if (!cpl_output_shown(w, i))
            continue;
        fputs("    <error", out);
        if (!d->whole_file)
            fprintf(out, " line=\"%u\" column=\"%u\"", d->line, d->col);
        fprintf(out, " severity=\"%s\" message=\"",
                copylint_severity_name(d->severity));
        cpl_xml_puts(out, d->message, 1);
        fputs("\" source=\"copylint.", out);
        cpl_xml_puts(out, d->rule->id, 1);
        fputs("\"/>\n", out);
    }
    fputs("  </file>\n", out);
}

static void cs_end(copylint_output *w)
{
    fputs("</checkstyle>\n", w->out);
}

const struct cpl_output_ops cpl_output_checkstyle = {
    .name = "checkstyle",
    .begin = cs_begin,
    .doc = cs_doc,
    .end = cs_end,
};
