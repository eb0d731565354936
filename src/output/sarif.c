/*
 * sarif.c: SARIF 2.1.0 (OASIS), the format of code-scanning dashboards
 * (GitHub code scanning, Azure DevOps, VS Code's SARIF viewer). One log,
 * one run, streamed a result at a time like json.c:
 *
 *   {"$schema": "...sarif-schema-2.1.0.json", "version": "2.1.0",
 *    "runs": [{"tool": {"driver": {"name": "copylint", "rules": [
 *        {"id": "quote.unclosed", "shortDescription": {"text": ...},
 *         "fullDescription": ..., "defaultConfiguration": {"level": "error"},
 *         "help": {"text": ...}, "properties": {"tags": ["quote"]}}, ...]}},
 *      "columnKind": "unicodeCodePoints",
 *      "results": [{"ruleId": "repeat.word", "ruleIndex": 12,
 *        "level": "warning", "message": {"text": ...},
 *        "locations": [{"physicalLocation": {
 *          "artifactLocation": {"uri": "wire/a.txt"},
 *          "region": {"startLine": 3, "startColumn": 21, "endLine": 3,
 *                     "endColumn": 25, "charOffset": 57, "charLength": 4}}}],
 *        "fixes": [{"description": {"text": ...}, "artifactChanges": [{
 *          "artifactLocation": {"uri": "wire/a.txt"}, "replacements": [{
 *            "deletedRegion": {...}, "insertedContent": {"text": ""}}]}]}]}]}]}
 *
 * Every rule the context knows is in tool.driver.rules, so ruleIndex is
 * the rule's index there. Levels: error, warning; info -> note; the
 * default level is the catalogue's. Columns and char offsets count code
 * points (columnKind unicodeCodePoints); char offsets count from the
 * first byte of the file. A whole-file finding has no region. Paths
 * become URI references: relative paths stay relative, absolute ones
 * become file:// URIs, and bytes outside RFC 3986's unreserved set are
 * percent-encoded. tests/sarif validates the output against the schema.
 */
#include "output.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "../core/alloc.h"
#include "../core/ctx.h"
#include "../core/utf8.h"
#include "json_diag.h"

#define SARIF_SCHEMA                                                           \
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/"      \
    "sarif-schema-2.1.0.json"

static const char *level(copylint_severity sev)
{
    switch (sev) {
    case COPYLINT_SEVERITY_ERROR:
        return "error";
    case COPYLINT_SEVERITY_WARNING:
        return "warning";
    case COPYLINT_SEVERITY_INFO:
        return "note";
    case COPYLINT_SEVERITY_OFF:
        return "none";
    }
    return "none";
}

/* A path as a URI reference (RFC 3986): unreserved bytes and '/' kept,
 * the rest percent-encoded; absolute paths get the file:// scheme. */
static json_t *path_uri(const char *path)
{
    size_t n = strlen(path);
    char *buf = cpl_xmalloc(n * 3 + 8), *o = buf;
    if (path[0] == '/') {
        memcpy(o, "file://", 7);
        o += 7;
    }
    for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
        unsigned char c = *p;
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
            c == '~' || c == '/') {
            *o++ = (char)c;
        } else {
            static const char hex[] = "0123456789ABCDEF";
            *o++ = '%';
            *o++ = hex[c >> 4];
            *o++ = hex[c & 15];
        }
    }
    *o = '\0';
    json_t *j = json_string(buf);
    free(buf);
    return j;
}

static json_t *text_obj(const char *s)
{
    json_t *o = json_object();
    json_object_set_new(o, "text", cpl_json_str(s));
    return o;
}

static json_t *driver(const copylint_ctx *ctx)
{
    json_t *rules = json_array();
    for (size_t i = 0; i < copylint_ctx_rule_count(ctx); i++) {
        const struct cpl_rule_info *r = ctx->rules[i];
        json_t *o = json_object();
        json_object_set_new(o, "id", cpl_json_str(r->id));
        json_object_set_new(o, "shortDescription", text_obj(r->summary));
        char *full = cpl_xasprintf("%s (rule %s, family %s)", r->summary,
                                   r->id, r->family);
        json_object_set_new(o, "fullDescription", text_obj(full));
        free(full);
        json_t *conf = json_object();
        json_object_set_new(conf, "level", json_string(level(r->severity)));
        json_object_set_new(
            conf, "enabled",
            json_boolean(copylint_ctx_rule_severity(ctx, i) !=
                         COPYLINT_SEVERITY_OFF));
        json_object_set_new(o, "defaultConfiguration", conf);
        char *help = cpl_xasprintf(
            "%s. Default level: %s. Change it with --severity=%s=LEVEL or "
            "turn it off with --disable=%s; the family '%s' names all its "
            "rules. See copylint(1).",
            r->summary, copylint_severity_name(r->severity), r->id, r->id,
            r->family);
        json_object_set_new(o, "help", text_obj(help));
        free(help);
        if (r->link) /* a rule file's Vale `link` */
            json_object_set_new(o, "helpUri", cpl_json_str(r->link));
        json_t *props = json_object();
        json_t *tags = json_array();
        json_array_append_new(tags, cpl_json_str(r->family));
        json_object_set_new(props, "tags", tags);
        json_object_set_new(o, "properties", props);
        json_array_append_new(rules, o);
    }
    json_t *d = json_object();
    json_object_set_new(d, "name", json_string("copylint"));
    json_object_set_new(d, "version", json_string(COPYLINT_VERSION));
    json_object_set_new(d, "semanticVersion", json_string(COPYLINT_VERSION));
    json_object_set_new(d, "rules", rules);
    return d;
}

static void sarif_begin(copylint_output *w)
{
    json_t *tool = json_object();
    json_object_set_new(tool, "driver", driver(w->ctx));
    fputs("{\"$schema\": \"" SARIF_SCHEMA "\",\n \"version\": \"2.1.0\",\n"
          " \"runs\": [{\n  \"tool\": ",
          w->out);
    json_dumpf(tool, w->out, JSON_COMPACT);
    json_decref(tool);
    fputs(",\n  \"columnKind\": \"unicodeCodePoints\",\n  \"results\": [",
          w->out);
}

/* A position in the text, found by walking from a known one (`at`), so a
 * finding's fixes cost their distance from it, not a count from the
 * start of a long line. Line breaks as in doc.c: LF, or CR not before LF. */
struct pos {
    uint32_t off;
    unsigned line, col;
    size_t char_off;
};

static struct pos walk(const copylint_doc *doc, struct pos at, uint32_t to)
{
    if (to < at.off) {
        /* Before the anchor: start over from the line table. */
        at.off = to;
        cpl_doc_line_col(doc, to, &at.line, &at.col);
        at.char_off = cpl_utf8_count(doc->text, to);
        return at;
    }
    const unsigned char *t = (const unsigned char *)doc->text;
    for (uint32_t i = at.off; i < to; i++) {
        if ((t[i] & 0xC0) == 0x80)
            continue;
        at.char_off++;
        if (t[i] == '\n' || (t[i] == '\r' && t[i + 1] != '\n')) {
            at.line++;
            at.col = 1;
        } else {
            at.col++;
        }
    }
    at.off = to;
    return at;
}

static json_t *region(struct pos a, struct pos b)
{
    json_t *r = json_object();
    json_object_set_new(r, "startLine", json_integer(a.line));
    json_object_set_new(r, "startColumn", json_integer(a.col));
    json_object_set_new(r, "endLine", json_integer(b.line));
    json_object_set_new(r, "endColumn", json_integer(b.col));
    json_object_set_new(r, "charOffset", json_integer((json_int_t)a.char_off));
    json_object_set_new(r, "charLength",
                        json_integer((json_int_t)(b.char_off - a.char_off)));
    return r;
}

static json_t *artifact(const copylint_doc *doc)
{
    json_t *a = json_object();
    json_object_set_new(a, "uri", path_uri(doc->path));
    return a;
}

static json_t *fix_obj(const copylint_doc *doc, const struct copylint_diag *d,
                       const struct cpl_fix *f)
{

    struct pos at = {d->off, d->line, d->col, d->char_off};
    if (d->whole_file)
        at.off = UINT32_MAX; /* no position: walk() starts over */
    struct pos a = walk(doc, at, f->off);
    struct pos b = walk(doc, a, f->off + f->len);
    json_t *rep = json_object();
    json_object_set_new(rep, "deletedRegion", region(a, b));
    json_object_set_new(rep, "insertedContent", text_obj(f->text));
    json_t *reps = json_array();
    json_array_append_new(reps, rep);
    json_t *change = json_object();
    json_object_set_new(change, "artifactLocation", artifact(doc));
    json_object_set_new(change, "replacements", reps);
    json_t *changes = json_array();
    json_array_append_new(changes, change);
    json_t *fx = json_object();
    char *desc;
    if (f->len == 0)
        desc = cpl_xasprintf("insert '%s'%s", f->text,
                             f->safe ? "" : " (suggestion)");
    else if (f->text[0] == '\0')
        desc = cpl_xasprintf("delete%s", f->safe ? "" : " (suggestion)");
    else
        desc = cpl_xasprintf("replace with '%s'%s", f->text,
                             f->safe ? "" : " (suggestion)");
    json_object_set_new(fx, "description", text_obj(desc));
    free(desc);
    json_object_set_new(fx, "artifactChanges", changes);
    return fx;
}

/* The rule's index in tool.driver.rules (the writer's context). A file
 * linted under another configuration may have rules of its own, at other
 * indices: those are found by id, and a rule the writer's context lacks
 * gets no ruleIndex (ruleId still names it). */
static long rule_index(const copylint_ctx *ctx, const struct cpl_rule_info *r)
{
    if (r->index < ctx->nrules && ctx->rules[r->index] == r)
        return (long)r->index;
    for (size_t i = 0; i < ctx->nrules; i++)
        if (strcmp(ctx->rules[i]->id, r->id) == 0)
            return (long)i;
    return -1;
}

static void sarif_doc(copylint_output *w, const copylint_doc *doc)
{
    size_t written = 0;
    for (size_t i = 0; i < doc->ndiags; i++) {
        const struct copylint_diag *d = &doc->diags[i];
        if (!cpl_output_shown(w, i))
            continue;
        json_t *o = json_object();
        json_object_set_new(o, "ruleId", cpl_json_str(d->rule->id));
        long idx = rule_index(w->ctx, d->rule);
        if (idx >= 0)
            json_object_set_new(o, "ruleIndex", json_integer(idx));
        json_object_set_new(o, "level", json_string(level(d->severity)));
        json_object_set_new(o, "message", text_obj(d->message));
        json_t *phys = json_object();
        json_object_set_new(phys, "artifactLocation", artifact(doc));
        if (!d->whole_file) {
            struct pos a = {d->off, d->line, d->col, d->char_off};
            struct pos b = {d->off + d->len, d->end_line, d->end_col,
                            d->char_off + d->char_len};
            json_object_set_new(phys, "region", region(a, b));
        }
        json_t *loc = json_object();
        json_object_set_new(loc, "physicalLocation", phys);
        json_t *locs = json_array();
        json_array_append_new(locs, loc);
        json_object_set_new(o, "locations", locs);
        if (d->nfixes) {
            json_t *fixes = json_array();
            for (uint32_t k = 0; k < d->nfixes; k++)
                json_array_append_new(fixes, fix_obj(doc, d, &d->fixes[k]));
            json_object_set_new(o, "fixes", fixes);
        }
        fputs(w->ndiags + written++ ? ",\n   " : "\n   ", w->out);
        json_dumpf(o, w->out, JSON_COMPACT);
        json_decref(o);
    }
}

static void sarif_end(copylint_output *w)
{
    fputs(w->ndiags ? "\n  ]\n }]\n}\n" : "]\n }]\n}\n", w->out);
}

const struct cpl_output_ops cpl_output_sarif = {
    .name = "sarif",
    .begin = sarif_begin,
    .doc = sarif_doc,
    .end = sarif_end,
};
