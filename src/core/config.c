/*
 * config.c: `.copylint.yml`, parsed with libyaml's document API (never by
 * hand), and the command-line layer that overrides it.
 *
 * Keys (all optional):
 *
 *     dialect: en_CA            # en_CA, en_US, en_GB or auto
 *     style: [cp, wire]         # packs to run; a name or a list
 *     styles_path: vale/styles  # folders holding style folders; or a list
 *     rules:                    # id or family prefix -> level
 *       quote.mixed-style: off  # off, info (suggestion), warning, error, on
 *     words: newsroom.dic       # accepted words; a file or a list
 *     reject: banned.txt        # banned words: each use is style.reject
 *     ignore: [drafts, "*.md"]  # globs, relative to the config's folder
 *     fail_on: error            # info, warning, error or never
 *
 * Discovery is copylint_config_find(): the nearest file wins whole (as
 * with most linters); files higher up are not merged, so a project's
 * config means the same wherever it is checked out. Relative paths in a
 * file are relative to its folder.
 *
 * Every mistake is an error with the position libyaml gives (1-based line
 * and column): malformed YAML, a key that is not one of the above (with a
 * "did you mean" for near misses and for Vale's own names), a value of the
 * wrong type or an unknown level, dialect or rule. The errors become
 * `config.rule-invalid` findings on the configuration file through
 * copylint_config_report(), so they print like any other finding (text,
 * JSON, ...) and the CLI exits 2.
 */
#include "config.h"

#include <errno.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <yaml.h>

#include "alloc.h"
#include "ctx.h"
#include "diag.h"
#include "doc.h"
#include "utf8.h"

/* Largest configuration file read: it is a handful of lines. */
#define CONFIG_MAX_BYTES ((size_t)1 << 20)

copylint_config *copylint_config_new(void)
{
    copylint_config *cfg = cpl_xcalloc(1, sizeof(*cfg));
    cfg->dir = cpl_xstrdup("");
    return cfg;
}

static void list_release(struct cpl_cfg_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i].value);
    free(l->v);
    memset(l, 0, sizeof(*l));
}

void copylint_config_free(copylint_config *cfg)
{
    if (!cfg)
        return;
    struct cpl_cfg_list *lists[] = {&cfg->dialect, &cfg->style,
                                    &cfg->styles_path, &cfg->words,
                                    &cfg->reject, &cfg->ignore, &cfg->fail_on};
    for (size_t i = 0; i < sizeof(lists) / sizeof(lists[0]); i++)
        list_release(lists[i]);
    for (size_t i = 0; i < cfg->nrules; i++)
        free(cfg->rules[i].pattern);
    free(cfg->rules);
    for (size_t i = 0; i < cfg->nerrors; i++)
        free(cfg->errors[i].msg);
    free(cfg->errors);
    free(cfg->bytes);
    free(cfg->path);
    free(cfg->dir);
    free(cfg);
}

const char *copylint_config_path(const copylint_config *cfg)
{
    return cfg->path;
}

size_t copylint_config_error_count(const copylint_config *cfg)
{
    return cfg->nerrors;
}

const char *copylint_config_errmsg(const copylint_config *cfg)
{
    return cfg->errmsg;
}

static void add_error(copylint_config *cfg, unsigned line, unsigned col,
                      unsigned end_col, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void add_error(copylint_config *cfg, unsigned line, unsigned col,
                      unsigned end_col, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    cfg->errors = cpl_xgrow(cfg->errors, &cfg->caperrors, cfg->nerrors + 1,
                            sizeof(*cfg->errors));
    struct cpl_cfg_error *e = &cfg->errors[cfg->nerrors++];
    e->line = line;
    e->col = col;
    e->end_col = end_col > col ? end_col : col + 1;
    e->msg = cpl_xstrdup(buf);
    if (cfg->nerrors == 1)
        snprintf(cfg->errmsg, sizeof(cfg->errmsg), "%s:%u:%u: %s",
                 cfg->path ? cfg->path : "command line", line, col, buf);
}

static void node_error(copylint_config *cfg, const yaml_node_t *node,
                       const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void node_error(copylint_config *cfg, const yaml_node_t *node,
                       const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    unsigned line = (unsigned)node->start_mark.line + 1;
    unsigned col = (unsigned)node->start_mark.column + 1;
    unsigned end = node->end_mark.line == node->start_mark.line
                       ? (unsigned)node->end_mark.column + 1
                       : col + 1;
    add_error(cfg, line, col, end, "%s", buf);
}

static void list_push(struct cpl_cfg_list *l, const char *value,
                      unsigned line)
{
    l->v = cpl_xgrow(l->v, &l->cap, l->n + 1, sizeof(*l->v));
    l->v[l->n].value = cpl_xstrdup(value);
    l->v[l->n].line = line;
    l->v[l->n].col = l->v[l->n].end_col = 0;
    l->n++;
    l->set = true;
}

char *cpl_config_dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? cpl_xstrndup(path, (size_t)(slash - path + 1))
                 : cpl_xstrdup("");
}

/* A path from the file, made relative to the config's folder; "~/" is the
 * home folder. free() it. */
static char *resolve_path(const copylint_config *cfg, const char *value)
{
    if (value[0] == '/')
        return cpl_xstrdup(value);
    if (value[0] == '~' && value[1] == '/') {
        const char *home = getenv("HOME");
        if (home && *home)
            return cpl_xasprintf("%s%s", home, value + 1);
    }
    return cpl_xasprintf("%s%s", cfg->dir, value);
}

/* ---- reading ------------------------------------------------------- */

static const char *scalar(const yaml_node_t *n)
{
    return (const char *)n->data.scalar.value;
}

static const char *const known_keys[] = {
    "dialect", "style", "styles_path", "rules", "words",
    "reject",  "ignore", "fail_on",     NULL,
};

/* Vale's .vale.ini names for the same settings, for the hint. */
static const struct {
    const char *vale, *ours;
} vale_names[] = {
    {"basedonstyles", "style"},
    {"stylespath", "styles_path"},
    {"minalertlevel", "fail_on"},
    {"vocab", "words"},
    {"lang", "dialect"},
    {"language", "dialect"},
    {"exclude", "ignore"},
};

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 40 || lb > 40)
        return 99;
    size_t row[41];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t best = diag + cost;
            if (row[j] + 1 < best)
                best = row[j] + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

/* A known key close to `key`, or NULL. */
static const char *suggest_key(const char *key)
{
    char low[64];
    size_t n = 0;
    for (; key[n] && n + 1 < sizeof(low); n++) {
        char c = key[n];
        low[n] = (char)(c >= 'A' && c <= 'Z' ? c - 'A' + 'a'
                        : c == '-'           ? '_'
                                             : c);
    }
    low[n] = '\0';
    for (size_t i = 0; i < sizeof(vale_names) / sizeof(vale_names[0]); i++)
        if (strcmp(low, vale_names[i].vale) == 0)
            return vale_names[i].ours;
    const char *best = NULL;
    size_t bestd = 3;
    for (size_t i = 0; known_keys[i]; i++) {
        size_t d = edit_distance(low, known_keys[i]);
        if (d < bestd) {
            bestd = d;
            best = known_keys[i];
        }
    }
    return best;
}

/* A key whose value is one string. */
static void read_scalar(copylint_config *cfg, const char *key,
                        const yaml_node_t *val, struct cpl_cfg_list *out)
{
    if (val->type != YAML_SCALAR_NODE) {
        node_error(cfg, val, "'%s' takes a single value, not a %s", key,
                   val->type == YAML_SEQUENCE_NODE ? "list" : "mapping");
        return;
    }
    list_release(out);
    list_push(out, scalar(val), (unsigned)val->start_mark.line + 1);
}

/* A key whose value is a string or a list of strings; `paths` resolves
 * each against the config's folder. */
static void read_list(copylint_config *cfg, yaml_document_t *doc,
                      const char *key, const yaml_node_t *val,
                      struct cpl_cfg_list *out, bool paths)
{
    list_release(out);
    out->set = true;
    out->line = (unsigned)val->start_mark.line + 1;
    size_t n = 0;
    if (val->type == YAML_SCALAR_NODE) {
        if (*scalar(val) == '\0' && val->data.scalar.style ==
                                        YAML_PLAIN_SCALAR_STYLE)
            return; /* `key:` with nothing: an empty list */
        n = 1;
    } else if (val->type != YAML_SEQUENCE_NODE) {
        node_error(cfg, val, "'%s' takes a name or a list of names, not a "
                   "mapping", key);
        return;
    }
    if (val->type == YAML_SEQUENCE_NODE)
        n = (size_t)(val->data.sequence.items.top -
                     val->data.sequence.items.start);
    for (size_t i = 0; i < n; i++) {
        const yaml_node_t *item =
            val->type == YAML_SEQUENCE_NODE
                ? yaml_document_get_node(doc,
                                         val->data.sequence.items.start[i])
                : val; /* a lone scalar is a list of one */
        if (!item || item->type != YAML_SCALAR_NODE || !*scalar(item)) {
            node_error(cfg, item ? item : val,
                       "each item of '%s' must be a non-empty name", key);
            continue;
        }
        unsigned line = (unsigned)item->start_mark.line + 1;
        if (paths) {
            char *p = resolve_path(cfg, scalar(item));
            list_push(out, p, line);
            free(p);
        } else {
            list_push(out, scalar(item), line);
        }
        out->v[out->n - 1].col = (unsigned)item->start_mark.column + 1;
        out->v[out->n - 1].end_col =
            item->end_mark.line == item->start_mark.line
                ? (unsigned)item->end_mark.column + 1
                : out->v[out->n - 1].col + 1;
    }
}

static bool dialect_known(const char *d)
{
    return strcmp(d, "auto") == 0 || strcmp(d, "en_CA") == 0 ||
           strcmp(d, "en_US") == 0 || strcmp(d, "en_GB") == 0;
}

static bool parse_fail_on(const char *s, copylint_severity *out)
{
    if (strcmp(s, "never") == 0) {
        *out = COPYLINT_SEVERITY_OFF;
        return true;
    }
    return copylint_severity_parse(s, out) && *out != COPYLINT_SEVERITY_OFF;
}

static void read_rules(copylint_config *cfg, yaml_document_t *doc,
                       const yaml_node_t *val)
{
    if (val->type != YAML_MAPPING_NODE) {
        if (val->type == YAML_SCALAR_NODE && !*scalar(val))
            return;
        node_error(cfg, val, "'rules' takes a mapping of rule ids to levels "
                   "(quote.mixed-style: off)");
        return;
    }
    for (yaml_node_pair_t *p = val->data.mapping.pairs.start;
         p < val->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(doc, p->key);
        yaml_node_t *v = yaml_document_get_node(doc, p->value);
        if (!k || !v)
            continue;
        if (k->type != YAML_SCALAR_NODE || !*scalar(k)) {
            node_error(cfg, k, "a rule id must be a plain name");
            continue;
        }
        copylint_severity sev = COPYLINT_SEVERITY_OFF;
        bool on = false;
        if (v->type != YAML_SCALAR_NODE) {
            node_error(cfg, v, "the level of '%s' must be off, info, "
                       "warning, error or on", scalar(k));
            continue;
        }
        if (strcmp(scalar(v), "on") == 0)
            on = true;
        else if (!copylint_severity_parse(scalar(v), &sev)) {
            node_error(cfg, v, "unknown level '%s' for '%s' (off, info, "
                       "warning, error or on)", scalar(v), scalar(k));
            continue;
        }
        cfg->rules = cpl_xgrow(cfg->rules, &cfg->caprules, cfg->nrules + 1,
                               sizeof(*cfg->rules));
        struct cpl_cfg_rule *r = &cfg->rules[cfg->nrules++];
        r->pattern = cpl_xstrdup(scalar(k));
        r->sev = sev;
        r->use_default = on;
        r->line = (unsigned)k->start_mark.line + 1;
        r->col = (unsigned)k->start_mark.column + 1;
        r->end_col = (unsigned)k->end_mark.column + 1;
    }
}

static void read_key(copylint_config *cfg, yaml_document_t *doc,
                     const yaml_node_t *key, const yaml_node_t *val)
{
    const char *k = scalar(key);
    if (strcmp(k, "dialect") == 0) {
        size_t before = cfg->nerrors;
        read_scalar(cfg, k, val, &cfg->dialect);
        if (cfg->nerrors == before && !dialect_known(scalar(val)))
            node_error(cfg, val, "unknown dialect '%s' (en_CA, en_US, "
                       "en_GB or auto)", scalar(val));
    } else if (strcmp(k, "style") == 0) {
        read_list(cfg, doc, k, val, &cfg->style, false);
    } else if (strcmp(k, "styles_path") == 0) {
        read_list(cfg, doc, k, val, &cfg->styles_path, true);
    } else if (strcmp(k, "words") == 0) {
        read_list(cfg, doc, k, val, &cfg->words, true);
    } else if (strcmp(k, "reject") == 0) {
        read_list(cfg, doc, k, val, &cfg->reject, true);
    } else if (strcmp(k, "ignore") == 0) {
        read_list(cfg, doc, k, val, &cfg->ignore, false);
    } else if (strcmp(k, "rules") == 0) {
        read_rules(cfg, doc, val);
    } else if (strcmp(k, "fail_on") == 0) {
        size_t before = cfg->nerrors;
        read_scalar(cfg, k, val, &cfg->fail_on);
        copylint_severity sev;
        if (cfg->nerrors == before && !parse_fail_on(scalar(val), &sev))
            node_error(cfg, val, "unknown level '%s' for 'fail_on' (info, "
                       "warning, error or never)", scalar(val));
    } else {
        const char *hint = suggest_key(k);
        if (hint)
            node_error(cfg, key, "unknown key '%s'; did you mean '%s'?", k,
                       hint);
        else
            node_error(cfg, key, "unknown key '%s' (dialect, style, "
                       "styles_path, rules, words, reject, ignore, fail_on)",
                       k);
    }
}

static void parse(copylint_config *cfg)
{
    yaml_parser_t parser;
    yaml_document_t doc;
    yaml_parser_initialize(&parser);
    yaml_parser_set_input_string(&parser, (const unsigned char *)cfg->bytes,
                                 cfg->len);
    if (!yaml_parser_load(&parser, &doc)) {
        unsigned line = (unsigned)parser.problem_mark.line + 1;
        unsigned col = (unsigned)parser.problem_mark.column + 1;
        /* The reader (bad UTF-8, a control character) sets no mark,
         * only a byte offset. */
        if (parser.error == YAML_READER_ERROR)
            cpl_utf8_line_col(cfg->bytes, cfg->len, parser.problem_offset,
                              parser.problem &&
                                  strstr(parser.problem, "trailing") != NULL,
                              &line, &col);
        if (parser.context)
            add_error(cfg, line, col, col + 1, "malformed YAML: %s %s",
                      parser.problem ? parser.problem : "syntax error",
                      parser.context);
        else
            add_error(cfg, line, col, col + 1, "malformed YAML: %s",
                      parser.problem ? parser.problem : "syntax error");
        yaml_parser_delete(&parser);
        return;
    }
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (root && root->type == YAML_SCALAR_NODE && !*scalar(root))
        root = NULL; /* only comments */
    if (root && root->type != YAML_MAPPING_NODE) {
        node_error(cfg, root, "a configuration is a mapping of keys "
                   "(dialect: en_CA), not a %s",
                   root->type == YAML_SEQUENCE_NODE ? "list" : "single value");
    } else if (root) {
        for (yaml_node_pair_t *p = root->data.mapping.pairs.start;
             p < root->data.mapping.pairs.top; p++) {
            yaml_node_t *k = yaml_document_get_node(&doc, p->key);
            yaml_node_t *v = yaml_document_get_node(&doc, p->value);
            if (!k || !v)
                continue;
            if (k->type != YAML_SCALAR_NODE) {
                node_error(cfg, k, "a key must be a plain name");
                continue;
            }
            /* A key given twice: YAML forbids it, libyaml allows it. */
            bool dup = false;
            for (yaml_node_pair_t *q = root->data.mapping.pairs.start; q < p;
                 q++) {
                yaml_node_t *qk = yaml_document_get_node(&doc, q->key);
                if (qk && qk->type == YAML_SCALAR_NODE &&
                    strcmp(scalar(qk), scalar(k)) == 0) {
                    node_error(cfg, k, "'%s' is given twice (first on line "
                               "%lu)", scalar(k),
                               (unsigned long)qk->start_mark.line + 1);
                    dup = true;
                    break;
                }
            }
            if (!dup)
                read_key(cfg, &doc, k, v);
        }
    }
    yaml_document_delete(&doc);
    yaml_parser_delete(&parser);
}

copylint_status copylint_config_load(const char *path, copylint_config **out,
                                     char *errbuf, size_t errsize)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        snprintf(errbuf, errsize, "cannot open '%s': %s", path,
                 strerror(errno));
        return COPYLINT_ERR_IO;
    }
    char *buf = cpl_xmalloc(CONFIG_MAX_BYTES + 1);
    size_t n = fread(buf, 1, CONFIG_MAX_BYTES + 1, f);
    bool bad = ferror(f);
    int err = errno;
    fclose(f);
    if (bad || n > CONFIG_MAX_BYTES) {
        free(buf);
        if (bad)
            snprintf(errbuf, errsize, "cannot read '%s': %s", path,
                     strerror(err));
        else
            snprintf(errbuf, errsize, "'%s' is larger than %zu KiB", path,
                     CONFIG_MAX_BYTES >> 10);
        return COPYLINT_ERR_IO;
    }
    buf[n] = '\0';
    copylint_config *cfg = copylint_config_new();
    free(cfg->dir);
    cfg->path = cpl_xstrdup(path);
    cfg->dir = cpl_config_dir_of(path);
    cfg->bytes = buf;
    cfg->len = n;
    if (memchr(buf, '\0', n))
        add_error(cfg, 1, 1, 2, "not a text file (NUL byte)");
    else
        parse(cfg);
    *out = cfg;
    return cfg->nerrors ? COPYLINT_ERR_RULES : COPYLINT_OK;
}

/* ---- discovery ------------------------------------------------------- */

static bool is_regular_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Whether `dir` ("" is the current folder) is the filesystem root. */
static bool is_root(const char *dir)
{
    char real[PATH_MAX];
    if (!realpath(*dir ? dir : ".", real))
        return true; /* cannot go further up */
    return strcmp(real, "/") == 0;
}

/* The parent of folder prefix `dir` ("a/b/" -> "a/", "" -> "../",
 * "../" -> "../../", "/a/" -> "/"). free() it. */
static char *parent_of(const char *dir)
{
    size_t n = strlen(dir);
    if (n == 0)
        return cpl_xstrdup("../");
    /* The last component, without its '/'. */
    size_t end = n - 1;
    size_t start = end;
    while (start > 0 && dir[start - 1] != '/')
        start--;
    size_t clen = end - start;
    bool dots = (clen == 2 && dir[start] == '.' && dir[start + 1] == '.') ||
                (clen == 1 && dir[start] == '.');
    if (dots || clen == 0)
        return cpl_xasprintf("%s../", dir);
    return cpl_xstrndup(dir, start);
}

char *copylint_config_find(const char *file)
{
    char *dir = strcmp(file, "-") == 0 ? cpl_xstrdup("")
                                        : cpl_config_dir_of(file);
    for (int depth = 0; depth < 256; depth++) {
        char *cand = cpl_xasprintf("%s%s", dir, COPYLINT_CONFIG_NAME);
        if (is_regular_file(cand)) {
            free(dir);
            return cand;
        }
        free(cand);
        if (is_root(dir))
            break;
        char *up = parent_of(dir);
        free(dir);
        dir = up;
    }
    free(dir);
    return NULL;
}

/* ---- the command-line layer ------------------------------------------ */

copylint_status copylint_config_set_dialect(copylint_config *cfg,
                                            const char *dialect)
{
    if (!dialect_known(dialect))
        return COPYLINT_ERR_ARG;
    list_release(&cfg->dialect);
    list_push(&cfg->dialect, dialect, 0);
    return COPYLINT_OK;
}

void copylint_config_add_style(copylint_config *cfg, const char *name)
{
    list_push(&cfg->style, name, 0);
}

void copylint_config_add_styles_path(copylint_config *cfg, const char *dir)
{
    list_push(&cfg->styles_path, dir, 0);
}

void copylint_config_add_words(copylint_config *cfg, const char *path)
{
    list_push(&cfg->words, path, 0);
}

void copylint_config_add_reject(copylint_config *cfg, const char *path)
{
    list_push(&cfg->reject, path, 0);
}

static void push_rule(copylint_config *cfg, const char *pattern,
                      copylint_severity sev, bool use_default)
{
    cfg->rules = cpl_xgrow(cfg->rules, &cfg->caprules, cfg->nrules + 1,
                           sizeof(*cfg->rules));
    struct cpl_cfg_rule *r = &cfg->rules[cfg->nrules++];
    memset(r, 0, sizeof(*r));
    r->pattern = cpl_xstrdup(pattern);
    r->sev = sev;
    r->use_default = use_default;
}

void copylint_config_set_rule(copylint_config *cfg, const char *pattern,
                              copylint_severity sev)
{
    push_rule(cfg, pattern, sev, false);
}

void copylint_config_enable_rule(copylint_config *cfg, const char *pattern)
{
    push_rule(cfg, pattern, COPYLINT_SEVERITY_OFF, true);
}

void copylint_config_set_fail_on(copylint_config *cfg,
                                 copylint_severity level)
{
    list_release(&cfg->fail_on);
    list_push(&cfg->fail_on, copylint_severity_name(level), 0);
    if (level == COPYLINT_SEVERITY_OFF) {
        free(cfg->fail_on.v[0].value);
        cfg->fail_on.v[0].value = cpl_xstrdup("never");
    }
}

/* ---- merging ----------------------------------------------------------- */

/* Whether `pattern` names `id` or a family prefix of it ("quote" covers
 * "quote.unclosed"; "" covers everything), as the context matches. */
static bool covers(const char *pattern, const char *id)
{
    size_t n = strlen(pattern);
    if (n && pattern[n - 1] == '.')
        n--;
    return strncmp(pattern, id, n) == 0 && (id[n] == '\0' || id[n] == '.');
}

static const struct cpl_cfg_list *pick(const struct cpl_cfg_list *file,
                                       const struct cpl_cfg_list *cli)
{
    if (cli && cli->set)
        return cli;
    if (file && file->set)
        return file;
    return NULL;
}

#define LAYER(cfg, field) ((cfg) ? &(cfg)->field : NULL)

copylint_status copylint_config_apply(const copylint_config *file,
                                      const copylint_config *cli,
                                      copylint_ctx *ctx)
{
    const struct cpl_cfg_list *l =
        pick(LAYER(file, dialect), LAYER(cli, dialect));
    if (l && l->n) {
        copylint_status st = copylint_ctx_set_dialect(ctx, l->v[0].value);
        if (st != COPYLINT_OK)
            return st;
    }
    l = pick(LAYER(file, style), LAYER(cli, style));
    for (size_t i = 0; l && i < l->n; i++)
        copylint_ctx_add_style(ctx, l->v[i].value);
    /* Search paths and word lists add up; the command line's come first. */
    const copylint_config *layers[2] = {cli, file};
    for (int k = 0; k < 2; k++) {
        const copylint_config *c = layers[k];
        if (!c)
            continue;
        for (size_t i = 0; i < c->styles_path.n; i++)
            copylint_ctx_add_styles_path(ctx, c->styles_path.v[i].value);
        for (size_t i = 0; i < c->words.n; i++)
            copylint_ctx_add_words_file(ctx, c->words.v[i].value);
        for (size_t i = 0; i < c->reject.n; i++)
            copylint_ctx_add_reject_file(ctx, c->reject.v[i].value);
    }
    /* Rules: the file's, minus those a command-line pattern covers, then
     * the command line's in order. */
    for (size_t i = 0; file && i < file->nrules; i++) {
        const struct cpl_cfg_rule *r = &file->rules[i];
        bool overridden = false;
        for (size_t j = 0; cli && j < cli->nrules && !overridden; j++)
            overridden = covers(cli->rules[j].pattern, r->pattern);
        if (overridden)
            continue;
        if (r->use_default)
            copylint_ctx_enable_rule(ctx, r->pattern);
        else
            copylint_ctx_set_rule(ctx, r->pattern, r->sev);
    }
    for (size_t j = 0; cli && j < cli->nrules; j++) {
        const struct cpl_cfg_rule *r = &cli->rules[j];
        if (r->use_default)
            copylint_ctx_enable_rule(ctx, r->pattern);
        else
            copylint_ctx_set_rule(ctx, r->pattern, r->sev);
    }
    return COPYLINT_OK;
}

copylint_status copylint_config_check_rules(copylint_config *cfg,
                                            const copylint_ctx *ctx)
{
    size_t before = cfg->nerrors;
    for (size_t i = 0; i < cfg->nrules; i++) {
        const struct cpl_cfg_rule *r = &cfg->rules[i];
        if (r->line && !copylint_ctx_rule_known(ctx, r->pattern))
            add_error(cfg, r->line, r->col, r->end_col,
                      "unknown rule or family '%s' (see --list-rules)",
                      r->pattern);
    }
    /* A style that loaded no rule: missing, misspelt or empty. */
    for (size_t i = 0; i < cfg->style.n; i++) {
        const struct cpl_cfg_item *it = &cfg->style.v[i];
        if (it->line && !copylint_ctx_rule_known(ctx, it->value))
            add_error(cfg, it->line, it->col ? it->col : 1, it->end_col,
                      "style '%s' has no rules: no folder '%s' in "
                      "styles_path or in the data folder's rules/",
                      it->value, it->value);
    }
    return cfg->nerrors > before ? COPYLINT_ERR_RULES : COPYLINT_OK;
}

copylint_severity copylint_config_fail_on(const copylint_config *file,
                                          const copylint_config *cli,
                                          copylint_severity dflt)
{
    const struct cpl_cfg_list *l =
        pick(LAYER(file, fail_on), LAYER(cli, fail_on));
    copylint_severity sev;
    if (l && l->n && parse_fail_on(l->v[0].value, &sev))
        return sev;
    return dflt;
}

/* ---- ignore ------------------------------------------------------------ */

/* `path` relative to the folder `dir` (a prefix such as "../"), or NULL if
 * it lies outside. free() it. */
static char *relative_to(const char *dir, const char *path)
{
    char rdir[PATH_MAX], rparent[PATH_MAX];
    if (!realpath(*dir ? dir : ".", rdir))
        return NULL;
    char *pdir = cpl_config_dir_of(path);
    const char *base = path + strlen(pdir);
    bool ok = realpath(*pdir ? pdir : ".", rparent) != NULL;
    free(pdir);
    if (!ok)
        return NULL;
    size_t n = strlen(rdir);
    if (strcmp(rdir, "/") == 0)
        n = 0;
    if (strncmp(rparent, rdir, n) != 0 ||
        (rparent[n] != '\0' && rparent[n] != '/'))
        return NULL;
    const char *rest = rparent + n;
    while (*rest == '/')
        rest++;
    return *rest ? cpl_xasprintf("%s/%s", rest, base) : cpl_xstrdup(base);
}

/*
 * gitignore-like: a glob without '/' matches any one component of the
 * path (a file name or a folder on the way); one with '/' matches the
 * whole relative path or a leading folder part of it. fnmatch(3) with
 * FNM_PATHNAME, so '*' stays inside one component; no '**'.
 */
static bool glob_matches(const char *glob, const char *rel)
{
    char pat[PATH_MAX];
    snprintf(pat, sizeof(pat), "%s", glob[0] == '/' ? glob + 1 : glob);
    size_t pl = strlen(pat);
    while (pl > 0 && pat[pl - 1] == '/')
        pat[--pl] = '\0';
    if (pl == 0)
        return false;
    bool anchored = strchr(pat, '/') != NULL;
    char buf[PATH_MAX];
    snprintf(buf, sizeof(buf), "%s", rel);
    if (!anchored) {
        for (char *save = NULL, *c = strtok_r(buf, "/", &save); c;
             c = strtok_r(NULL, "/", &save))
            if (fnmatch(pat, c, 0) == 0)
                return true;
        return false;
    }
    /* The whole path, then each leading folder part ("drafts/2024"). */
    for (size_t i = strlen(buf);; i--) {
        if (i == strlen(buf) || buf[i] == '/') {
            char save = buf[i];
            buf[i] = '\0';
            bool m = fnmatch(pat, buf, FNM_PATHNAME) == 0;
            buf[i] = save;
            if (m)
                return true;
        }
        if (i == 0)
            break;
    }
    return false;
}

bool copylint_config_ignores(const copylint_config *file, const char *path)
{
    if (!file || !file->ignore.n || strcmp(path, "-") == 0)
        return false;
    char *rel = relative_to(file->dir, path);
    if (!rel)
        return false;
    bool hit = false;
    for (size_t i = 0; i < file->ignore.n && !hit; i++)
        hit = glob_matches(file->ignore.v[i].value, rel);
    free(rel);
    return hit;
}

/* ---- printing ---------------------------------------------------------- */

static void origin(const copylint_config *cfg, unsigned line, FILE *out)
{
    if (!cfg)
        fputs("  # default\n", out);
    else if (!cfg->path || line == 0)
        fputs("  # command line\n", out);
    else
        fprintf(out, "  # %s:%u\n", cfg->path, line);
}

/* A YAML scalar, quoted when it could be misread. */
static void put_scalar(const char *s, FILE *out)
{
    bool plain = *s && !strchr(":#{}[],&*!|>'\"%@`", s[0]) &&
                 !strstr(s, ": ") && !strstr(s, " #") &&
                 s[strlen(s) - 1] != ' ' && s[0] != ' ' && s[0] != '-' &&
                 s[0] != '?' && s[0] != '~';
    if (plain) {
        fputs(s, out);
        return;
    }
    fputc('"', out);
    for (; *s; s++) {
        if (*s == '"' || *s == '\\')
            fputc('\\', out);
        fputc(*s, out);
    }
    fputc('"', out);
}

static void print_list(const char *key, const copylint_config *file,
                       const copylint_config *cli,
                       const struct cpl_cfg_list *fl,
                       const struct cpl_cfg_list *cl, bool additive,
                       const char *dflt_note, FILE *out)
{
    const struct cpl_cfg_list *parts[2] = {NULL, NULL};
    const copylint_config *owners[2] = {NULL, NULL};
    if (additive) {
        parts[0] = cl, owners[0] = cli;
        parts[1] = fl, owners[1] = file;
    } else {
        const struct cpl_cfg_list *l = pick(fl, cl);
        parts[0] = l;
        owners[0] = l == cl ? cli : file;
    }
    size_t total = 0;
    for (int k = 0; k < 2; k++)
        total += parts[k] ? parts[k]->n : 0;
    if (total == 0) {
        fprintf(out, "%s: []", key);
        bool set = (parts[0] && parts[0]->set) || (parts[1] && parts[1]->set);
        if (set)
            origin(parts[0] && parts[0]->set ? owners[0] : owners[1],
                   parts[0] && parts[0]->set ? parts[0]->line
                                             : parts[1]->line,
                   out);
        else
            fprintf(out, "  # default%s%s\n", dflt_note ? ": " : "",
                    dflt_note ? dflt_note : "");
        return;
    }
    fprintf(out, "%s:\n", key);
    for (int k = 0; k < 2; k++)
        for (size_t i = 0; parts[k] && i < parts[k]->n; i++) {
            fputs("  - ", out);
            put_scalar(parts[k]->v[i].value, out);
            origin(owners[k], parts[k]->v[i].line, out);
        }
}

void copylint_config_print(const copylint_config *file,
                           const copylint_config *cli, const char *target,
                           FILE *out)
{
    fprintf(out, "# effective configuration for '%s'\n", target);
    if (file && file->path)
        fprintf(out, "# from %s, then the command line\n", file->path);
    else
        fputs("# no configuration file; defaults and the command line\n",
              out);
    const struct cpl_cfg_list *l =
        pick(LAYER(file, dialect), LAYER(cli, dialect));
    fputs("dialect: ", out);
    if (l && l->n) {
        put_scalar(l->v[0].value, out);
        origin(l == LAYER(cli, dialect) ? cli : file, l->v[0].line, out);
    } else {
        fputs("auto  # default: inferred per article\n", out);
    }
    print_list("style", file, cli, LAYER(file, style), LAYER(cli, style),
               false, "the house style the article's dialect implies", out);
    print_list("styles_path", file, cli, LAYER(file, styles_path),
               LAYER(cli, styles_path), true, NULL, out);
    /* Rules: the file's that the command line leaves, then its own. */
    size_t nr = 0;
    for (size_t i = 0; file && i < file->nrules; i++) {
        bool overridden = false;
        for (size_t j = 0; cli && j < cli->nrules && !overridden; j++)
            overridden = covers(cli->rules[j].pattern, file->rules[i].pattern);
        if (!overridden)
            nr++;
    }
    nr += cli ? cli->nrules : 0;
    if (nr == 0) {
        fputs("rules: {}  # default: every rule at its default level\n",
              out);
    } else {
        fputs("rules:\n", out);
        const copylint_config *layers[2] = {file, cli};
        for (int k = 0; k < 2; k++) {
            const copylint_config *c = layers[k];
            for (size_t i = 0; c && i < c->nrules; i++) {
                const struct cpl_cfg_rule *r = &c->rules[i];
                bool overridden = false;
                for (size_t j = 0; k == 0 && cli && j < cli->nrules &&
                                   !overridden;
                     j++)
                    overridden = covers(cli->rules[j].pattern, r->pattern);
                if (overridden)
                    continue;
                fputs("  ", out);
                put_scalar(r->pattern, out);
                fprintf(out, ": %s",
                        r->use_default ? "on" : copylint_severity_name(r->sev));
                origin(c, r->line, out);
            }
        }
    }
    print_list("words", file, cli, LAYER(file, words), LAYER(cli, words),
               true, NULL, out);
    print_list("reject", file, cli, LAYER(file, reject), LAYER(cli, reject),
               true, NULL, out);
    print_list("ignore", file, cli, LAYER(file, ignore), NULL, false, NULL,
               out);
    l = pick(LAYER(file, fail_on), LAYER(cli, fail_on));
    fputs("fail_on: ", out);
    if (l && l->n) {
        put_scalar(l->v[0].value, out);
        origin(l == LAYER(cli, fail_on) ? cli : file, l->v[0].line, out);
    } else {
        fputs("warning  # default\n", out);
    }
    if (file && copylint_config_ignores(file, target))
        fprintf(out, "# '%s' is ignored: copylint skips it\n", target);
}

/* ---- errors as findings -------------------------------------------------- */

/* Byte offset of 1-based (line, col) in `bytes`, columns in code points. */
static uint32_t offset_of(const char *bytes, size_t len, unsigned line,
                          unsigned col)
{
    size_t i = 0;
    for (unsigned l = 1; l < line && i < len; i++)
        if (bytes[i] == '\n')
            l++;
    for (unsigned c = 1; c < col && i < len && bytes[i] != '\n'; c++) {
        i++;
        while (i < len && ((unsigned char)bytes[i] & 0xC0) == 0x80)
            i++;
    }
    return (uint32_t)i;
}

copylint_status copylint_config_report(const copylint_config *cfg,
                                       copylint_ctx *ctx, copylint_doc **out)
{
    const char *name = cfg->path ? cfg->path : "command line";
    copylint_doc *doc;
    copylint_status st = copylint_doc_from_bytes(
        ctx, name, cfg->bytes ? cfg->bytes : "", cfg->bytes ? cfg->len : 0,
        &doc);
    if (st != COPYLINT_OK)
        return st;
    /* doc->ctx stays NULL: these are reported at their default level
     * whatever the rule settings, since the settings are what failed. */
    cpl_doc_prepare_text(doc);
    for (size_t i = 0; i < cfg->nerrors; i++) {
        const struct cpl_cfg_error *e = &cfg->errors[i];
        uint32_t a = offset_of(doc->bytes, doc->len, e->line, e->col);
        uint32_t b = offset_of(doc->bytes, doc->len, e->line, e->end_col);
        cpl_diag_add(doc, CPL_RULE_CONFIG_RULE_INVALID, a, b > a ? b - a : 0,
                     "%s", e->msg);
    }
    cpl_doc_finish(doc);
    *out = doc;
    return COPYLINT_OK;
}
