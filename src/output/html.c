/*
 * html.c: one self-contained HTML page per run, for reading findings the
 * way an editor reads copy: each article as its text, every finding
 * highlighted in place (colour by severity; message and fix on hover, in
 * the title attribute), a list of the findings beside it linking to each
 * highlight, and at the top the counts per rule and per severity. No
 * external assets and no script needed: styles are inline, so the page
 * works offline and from an attachment.
 *
 * Overlapping findings are drawn by cutting the text at every start and
 * end: each piece is one <mark> whose class is the highest severity of
 * the findings over it and whose data-f lists their numbers (the
 * finding's index in its article). A finding's start has an empty anchor
 * <span id="aNfM">; a zero-length finding (a missing space) is an empty
 * <span class="pt"> drawn as a caret by CSS, so the article's text
 * content is exactly its text: tests/html/check-html.py compares the
 * highlights' positions in a real browser's DOM with the JSON output.
 *
 * The text shown is the file's bytes (doc->bytes), not the checks' view
 * of them (doc->text, where suppression directives are blanked): invalid
 * UTF-8 shows as U+FFFD, one per byte, as the checks count it.
 *
 * Counts are only known at the end, but articles stream: article sections
 * go to a temporary file (memory stays flat for a large run) and are
 * copied after the counts when the run ends. Every text and attribute is
 * escaped by xml_escape.c; control characters become visible symbols.
 */
#include "output.h"

#include <stdlib.h>
#include <string.h>

#include "../core/alloc.h"
#include "../core/ctx.h"
#include "xml_escape.h"

/* Findings of one rule. By id, not index: files linted under another
 * configuration have rule lists of their own. */
struct rule_count {
    char *id, *summary;
    copylint_severity sev; /* of the last finding */
    size_t n;
};

struct html_state {
    FILE *body;      /* article sections, copied out at the end */
    char *membuf;    /* when body is a memory stream */
    size_t memlen;
    struct rule_count *counts;
    size_t ncounts, capcounts, last;
    size_t sev[4];
    size_t nfiles;
};

static void count_rule(struct html_state *st, const struct copylint_diag *d)
{
    struct rule_count *c = NULL;
    if (st->last < st->ncounts &&
        strcmp(st->counts[st->last].id, d->rule->id) == 0)
        c = &st->counts[st->last];
    for (size_t i = 0; !c && i < st->ncounts; i++)
        if (strcmp(st->counts[i].id, d->rule->id) == 0) {
            c = &st->counts[i];
            st->last = i;
        }
    if (!c) {
        st->counts = cpl_xgrow(st->counts, &st->capcounts, st->ncounts + 1,
                               sizeof(*st->counts));
        c = &st->counts[st->ncounts];
        c->id = cpl_xstrdup(d->rule->id);
        c->summary = cpl_xstrdup(d->rule->summary ? d->rule->summary : "");
        c->n = 0;
        st->last = st->ncounts++;
    }
    c->n++;
    c->sev = d->severity;
}

static const char *sev_class(copylint_severity sev)
{
    switch (sev) {
    case COPYLINT_SEVERITY_ERROR:
        return "e";
    case COPYLINT_SEVERITY_WARNING:
        return "w";
    case COPYLINT_SEVERITY_INFO:
    case COPYLINT_SEVERITY_OFF:
        return "i";
    }
    return "i";
}

static void html_begin(copylint_output *w)
{
    struct html_state *st = cpl_xcalloc(1, sizeof(*st));
    st->body = tmpfile();
    if (!st->body)
        st->body = open_memstream(&st->membuf, &st->memlen);
    if (!st->body)
        CPL_BUG("cannot create a temporary file for the HTML report");
    w->state = st;
}

/* "fix: replace 'x' with 'y'" lines, for the title and the side list. */
static void put_fixes(FILE *out, const copylint_doc *doc,
                      const struct copylint_diag *d, const char *nl)
{
    for (uint32_t k = 0; k < d->nfixes; k++) {
        const struct cpl_fix *f = &d->fixes[k];
        fputs(nl, out);
        fputs(k == 0 ? "fix: " : "or: ", out);
        if (f->len == 0) {
            fputs("insert \xE2\x80\x98", out);
            cpl_xml_puts(out, f->text, 1);
            fputs("\xE2\x80\x99", out);
        } else {
            fputs(f->text[0] ? "replace \xE2\x80\x98" : "delete \xE2\x80\x98",
                  out);
            cpl_xml_put(out, doc->bytes + f->off, f->len, 1);
            fputs("\xE2\x80\x99", out);
            if (f->text[0]) {
                fputs(" with \xE2\x80\x98", out);
                cpl_xml_puts(out, f->text, 1);
                fputs("\xE2\x80\x99", out);
            }
        }
        if (!f->safe)
            fputs(" (suggestion)", out);
    }
}

static void put_title(FILE *out, const copylint_doc *doc,
                      const struct copylint_diag *d)
{
    fputs(copylint_severity_name(d->severity), out);
    fputs(" [", out);
    cpl_xml_puts(out, d->rule->id, 1);
    fputs("]: ", out);
    cpl_xml_puts(out, d->message, 1);
    put_fixes(out, doc, d, "&#10;");
}

static int cut_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* The article's text with its findings highlighted. */
static void put_text(copylint_output *w, FILE *out, const copylint_doc *doc,
                     size_t docno)
{
    size_t n = doc->ndiags;
    /* Ends of the findings in progress, as indices into doc->diags. */
    size_t *active = cpl_xmalloc((n ? n : 1) * sizeof(size_t));
    size_t nactive = 0;
    /* Every cut: starts and ends, sorted. */
    uint32_t *cuts = cpl_xmalloc((2 * n + 2) * sizeof(uint32_t));
    size_t ncuts = 0;
    for (size_t i = 0; i < n; i++) {
        const struct copylint_diag *d = &doc->diags[i];
        if (d->whole_file || !cpl_output_shown(w, i))
            continue;
        cuts[ncuts++] = d->off;
        cuts[ncuts++] = d->off + d->len;
    }
    cuts[ncuts++] = (uint32_t)doc->len;
    qsort(cuts, ncuts, sizeof(*cuts), cut_cmp);
    size_t next = 0; /* next finding to start, in offset order */
    uint32_t pos = doc->start;
    fputs("<pre class=\"text\">\n", out); /* the parser drops this LF */
    for (size_t c = 0; c < ncuts; c++) {
        uint32_t cut = cuts[c];
        if (cut < pos)
            continue;
        if (cut > pos) {
            /* Text [pos, cut) under the active findings. */
            if (nactive) {
                copylint_severity top = COPYLINT_SEVERITY_OFF;
                for (size_t a = 0; a < nactive; a++)
                    if (doc->diags[active[a]].severity > top)
                        top = doc->diags[active[a]].severity;
                fprintf(out, "<mark class=\"%s\" data-f=\"", sev_class(top));
                for (size_t a = 0; a < nactive; a++)
                    fprintf(out, "%s%zu", a ? " " : "", active[a]);
                fputs("\" title=\"", out);
                for (size_t a = 0; a < nactive; a++) {
                    if (a)
                        fputs("&#10;&#10;", out);
                    put_title(out, doc, &doc->diags[active[a]]);
                }
                fputs("\">", out);
            }
            cpl_xml_put(out, doc->bytes + pos, cut - pos, 0);
            if (nactive)
                fputs("</mark>", out);
            pos = cut;
        }
        /* Findings ending here leave the active set. */
        size_t keep = 0;
        for (size_t a = 0; a < nactive; a++) {
            const struct copylint_diag *d = &doc->diags[active[a]];
            if (d->off + d->len > pos)
                active[keep++] = active[a];
        }
        nactive = keep;
        /* Findings starting here: anchors, carets, and the active set. */
        while (next < n && (doc->diags[next].whole_file ||
                            !cpl_output_shown(w, next) ||
                            doc->diags[next].off <= pos)) {
            const struct copylint_diag *d = &doc->diags[next];
            if (!d->whole_file && cpl_output_shown(w, next)) {
                if (d->len == 0) {
                    fprintf(out,
                            "<span id=\"a%zuf%zu\" class=\"pt %s\" "
                            "data-f=\"%zu\" title=\"",
                            docno, next, sev_class(d->severity), next);
                    put_title(out, doc, d);
                    fputs("\"></span>", out);
                } else {
                    fprintf(out, "<span id=\"a%zuf%zu\"></span>", docno,
                            next);
                    active[nactive++] = next;
                }
            }
            next++;
        }
    }
    fputs("</pre>\n", out);
    free(cuts);
    free(active);
}

static void html_doc(copylint_output *w, const copylint_doc *doc)
{
    struct html_state *st = w->state;
    FILE *out = st->body;
    size_t docno = st->nfiles++;
    size_t shown = 0;
    for (size_t i = 0; i < doc->ndiags; i++) {
        if (!cpl_output_shown(w, i))
            continue;
        const struct copylint_diag *d = &doc->diags[i];
        shown++;
        count_rule(st, d);
        st->sev[d->severity]++;
    }
    fprintf(out, "<section class=\"article\" id=\"a%zu\">\n<h2>", docno);
    cpl_xml_puts(out, doc->path, 0);
    fprintf(out, " <small>%zu finding%s</small></h2>\n<div class=\"cols\">\n",
            shown, shown == 1 ? "" : "s");
    put_text(w, out, doc, docno);
    fputs("<ol class=\"findings\">\n", out);
    for (size_t i = 0; i < doc->ndiags; i++) {
        const struct copylint_diag *d = &doc->diags[i];
        if (!cpl_output_shown(w, i))
            continue;
        fprintf(out, "<li class=\"%s\" data-f=\"%zu\">", sev_class(d->severity),
                i);
        if (d->whole_file)
            fputs("<span class=\"pos\">file</span>", out);
        else
            fprintf(out, "<a class=\"pos\" href=\"#a%zuf%zu\">%u:%u</a>",
                    docno, i, d->line, d->col);
        fprintf(out, " <span class=\"sev\">%s</span> <code>",
                copylint_severity_name(d->severity));
        cpl_xml_puts(out, d->rule->id, 0);
        fputs("</code> ", out);
        cpl_xml_puts(out, d->message, 0);
        if (d->nfixes) {
            fputs("<div class=\"fix\">", out);
            put_fixes(out, doc, d, "");
            fputs("</div>", out);
        }
        fputs("</li>\n", out);
    }
    if (doc->diags_truncated)
        fprintf(out, "<li class=\"i\">stopped after %zu findings</li>\n",
                doc->ndiags);
    fputs("</ol>\n</div>\n</section>\n", out);
}

static const char html_head[] =
    "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
    "<meta name=\"generator\" content=\"copylint " COPYLINT_VERSION "\">\n"
    "<title>copylint report</title>\n<style>\n"
    "body{font:15px/1.45 system-ui,sans-serif;margin:0 1.5em 2em;"
    "color:#1d1d1f;background:#fafafa}\n"
    "h1{font-size:1.4em}h2{font-size:1.1em;margin:1.5em 0 .4em;"
    "word-break:break-all}h2 small{font-weight:normal;color:#666}\n"
    "table.counts{border-collapse:collapse;margin:.5em 0}\n"
    ".counts td,.counts th{border:1px solid #ccc;padding:2px 8px;"
    "text-align:left}.counts td.n{text-align:right}\n"
    ".cols{display:flex;gap:1.5em;align-items:flex-start}\n"
    "pre.text{flex:3;white-space:pre-wrap;word-wrap:break-word;"
    "font:15px/1.6 Georgia,serif;background:#fff;border:1px solid #ddd;"
    "padding:1em;margin:0;min-width:0}\n"
    "ol.findings{flex:2;margin:0;padding-left:1.5em;font-size:.9em;"
    "max-height:90vh;overflow:auto;position:sticky;top:0}\n"
    "ol.findings li{margin:.3em 0}.fix{color:#2a6f2a}\n"
    "mark{background:none;border-bottom:2px solid;cursor:help}\n"
    "mark.e{background:#fde0e0;border-color:#c0392b}\n"
    "mark.w{background:#fff1c4;border-color:#d68910}\n"
    "mark.i{background:#e1eefb;border-color:#2e86c1}\n"
    "mark:hover{outline:2px solid #555}\n"
    "span.pt::before{content:\"\\2038\";font-weight:bold;cursor:help}\n"
    "span.pt.e::before{color:#c0392b}span.pt.w::before{color:#d68910}"
    "span.pt.i::before{color:#2e86c1}\n"
    ".sev{font-weight:bold}li.e .sev{color:#c0392b}li.w .sev{color:#b9770e}"
    "li.i .sev{color:#2e86c1}\n"
    ":target+mark{outline:3px solid #000}\n"
    "</style>\n</head>\n<body>\n<h1>copylint report</h1>\n";

/* Most frequent first, then by rule id. */
static int count_cmp(const void *pa, const void *pb)
{
    const struct rule_count *a = pa, *b = pb;
    if (a->n != b->n)
        return a->n > b->n ? -1 : 1;
    return strcmp(a->id, b->id);
}

static void html_end(copylint_output *w)
{
    struct html_state *st = w->state;
    FILE *out = w->out;
    fputs(html_head, out);
    fprintf(out,
            "<p class=\"summary\">%zu file%s: <span class=\"sev e\">%zu "
            "error%s</span>, <span class=\"sev w\">%zu warning%s</span>, "
            "<span class=\"sev i\">%zu note%s</span>.</p>\n",
            st->nfiles, st->nfiles == 1 ? "" : "s", st->sev[3],
            st->sev[3] == 1 ? "" : "s", st->sev[2], st->sev[2] == 1 ? "" : "s",
            st->sev[1], st->sev[1] == 1 ? "" : "s");
    if (st->ncounts > 1)
        qsort(st->counts, st->ncounts, sizeof(*st->counts), count_cmp);
    if (st->ncounts) {
        fputs("<table class=\"counts\">\n<tr><th>rule</th><th>level</th>"
              "<th>findings</th><th>summary</th></tr>\n",
              out);
        for (size_t k = 0; k < st->ncounts; k++) {
            const struct rule_count *c = &st->counts[k];
            fputs("<tr><td><code>", out);
            cpl_xml_puts(out, c->id, 0);
            fprintf(out, "</code></td><td>%s</td><td class=\"n\">%zu</td><td>",
                    copylint_severity_name(c->sev), c->n);
            cpl_xml_puts(out, c->summary, 0);
            fputs("</td></tr>\n", out);
            free(c->id);
            free(c->summary);
        }
        fputs("</table>\n", out);
    }
    fflush(st->body);
    if (st->membuf) {
        fwrite(st->membuf, 1, st->memlen, out);
    } else {
        rewind(st->body);
        char buf[65536];
        size_t r;
        while ((r = fread(buf, 1, sizeof(buf), st->body)) > 0)
            fwrite(buf, 1, r, out);
    }
    fclose(st->body);
    free(st->membuf);
    fputs("</body>\n</html>\n", out);
    free(st->counts);
    free(st);
    w->state = NULL;
}

const struct cpl_output_ops cpl_output_html = {
    .name = "html",
    .begin = html_begin,
    .doc = html_doc,
    .end = html_end,
};
