/*
 * config_cli.c: configuration on the command line (see config_cli.h).
 *
 * Each linted file gets the context for its effective configuration: the
 * `.copylint.yml` nearest to it (or --config FILE, or none with
 * --no-config) under the command-line settings. Files without a
 * configuration share the base context main() prepared; every distinct
 * configuration file gets one context, prepared once and cached, so a run
 * over a tree with three configs loads rules and dictionaries four times
 * at most. The nearest-config look-up is cached per folder.
 */
#include "config_cli.h"

#include <stdlib.h>
#include <string.h>

static struct {
    copylint_config *cli;
    bool no_config;
    const char *config_path; /* --config */
    const char *print_target;
    copylint_ctx *base;
    const char *data_dir;
    struct entry {
        char *path;
        copylint_config *cfg; /* NULL if it could not be read */
        copylint_ctx *ctx;    /* NULL until needed, or if unusable */
        bool broken, reported;
    } *entries;
    size_t nentries;
    char *last_dir, *last_found; /* look-up cache: one folder */
} g;

copylint_config *cli_config_layer(void)
{
    if (!g.cli)
        g.cli = copylint_config_new();
    return g.cli;
}

static void split_add(const char *arg, void (*add)(copylint_config *,
                                                   const char *))
{
    char *copy = strdup(arg);
    if (!copy)
        abort();
    for (char *save = NULL, *tok = strtok_r(copy, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save))
        add(cli_config_layer(), tok);
    free(copy);
}

bool cli_config_option(const char *name, const char *arg)
{
    copylint_config *cli = cli_config_layer();
    if (strcmp(name, "config") == 0)
        g.config_path = arg;
    else if (strcmp(name, "no-config") == 0)
        g.no_config = true;
    else if (strcmp(name, "print-config") == 0)
        g.print_target = arg;
    else if (strcmp(name, "style") == 0)
        split_add(arg, copylint_config_add_style);
    else if (strcmp(name, "styles-path") == 0)
        copylint_config_add_styles_path(cli, arg);
    else if (strcmp(name, "words") == 0)
        copylint_config_add_words(cli, arg);
    else if (strcmp(name, "reject") == 0)
        copylint_config_add_reject(cli, arg);
    else if (strcmp(name, "dialect") == 0) {
        if (copylint_config_set_dialect(cli, arg) != COPYLINT_OK) {
            fprintf(stderr, "copylint: unknown dialect '%s' (en_CA, en_US, "
                            "en_GB or auto)\n", arg);
            return false;
        }
    } else {
        return false;
    }
    return true;
}

void cli_config_setup(copylint_ctx *base, const char *data_dir)
{
    g.base = base;
    g.data_dir = data_dir;
    copylint_config_apply(NULL, cli_config_layer(), base);
}

bool cli_config_print_requested(void)
{
    return g.print_target != NULL;
}

/* The configuration file for `path`, or NULL: --config, else the nearest
 * one, looked up once per folder. Borrowed. */
static const char *config_path_for(const char *path)
{
    if (g.no_config)
        return NULL;
    if (g.config_path)
        return g.config_path;
    const char *slash = strrchr(path, '/');
    size_t dlen = slash ? (size_t)(slash - path + 1) : 0;
    if (strcmp(path, "-") == 0)
        dlen = 0;
    if (g.last_dir && strlen(g.last_dir) == dlen &&
        strncmp(g.last_dir, path, dlen) == 0)
        return g.last_found;
    free(g.last_dir);
    free(g.last_found);
    g.last_dir = strndup(path, dlen);
    if (!g.last_dir)
        abort();
    g.last_found = copylint_config_find(path);
    return g.last_found;
}

static struct entry *entry_for(const char *cpath)
{
    for (size_t i = 0; i < g.nentries; i++)
        if (strcmp(g.entries[i].path, cpath) == 0)
            return &g.entries[i];
    struct entry *p = realloc(g.entries, (g.nentries + 1) * sizeof(*p));
    if (!p)
        abort();
    g.entries = p;
    struct entry *e = &g.entries[g.nentries++];
    memset(e, 0, sizeof(*e));
    e->path = strdup(cpath);
    if (!e->path)
        abort();
    char err[1024];
    if (copylint_config_load(cpath, &e->cfg, err, sizeof(err)) ==
        COPYLINT_ERR_IO) {
        fprintf(stderr, "copylint: %s\n", err);
        e->broken = e->reported = true;
    } else if (copylint_config_error_count(e->cfg)) {
        e->broken = true;
    }
    return e;
}

/*
 * Writes the configuration's errors once, on standard error, as
 * `file:line:col: error: message [config.rule-invalid]`: like rule-file
 * problems (main.c), they are about the tool's input, not the article,
 * so they stay out of the findings on standard output in every format.
 */
static void report(struct entry *e, copylint_output *out)
{
    (void)out;
    if (e->reported)
        return;
    e->reported = true;
    copylint_doc *doc;
    if (copylint_config_report(e->cfg, g.base, &doc) != COPYLINT_OK) {
        fprintf(stderr, "copylint: %s\n", copylint_config_errmsg(e->cfg));
        return;
    }
    for (size_t i = 0; i < copylint_doc_diag_count(doc); i++) {
        const copylint_diag *d = copylint_doc_diag(doc, i);
        fprintf(stderr, "%s:%u:%u: %s: %s [%s]\n", copylint_doc_path(doc),
                copylint_diag_line(d), copylint_diag_column(d),
                copylint_severity_name(copylint_diag_severity(d)),
                copylint_diag_message(d), copylint_diag_rule(d));
    }
    copylint_doc_free(doc);
}

/* Makes and prepares the entry's context; false if that fails. */
static bool prepare(struct entry *e, copylint_output *out)
{
    if (e->broken) {
        report(e, out);
        return false;
    }
    if (e->ctx)
        return true;
    copylint_ctx *ctx = copylint_ctx_new();
    copylint_ctx_set_data_dir(ctx, g.data_dir);
    copylint_status st = copylint_config_apply(e->cfg, g.cli, ctx);
    if (st == COPYLINT_OK)
        st = copylint_ctx_prepare(ctx);
    if (st != COPYLINT_OK) {
        fprintf(stderr, "copylint: %s (configuration '%s')\n",
                copylint_ctx_errmsg(ctx), e->path);
        copylint_ctx_free(ctx);
        e->broken = e->reported = true;
        return false;
    }
    if (copylint_config_check_rules(e->cfg, ctx) != COPYLINT_OK) {
        copylint_ctx_free(ctx);
        e->broken = true;
        report(e, out);
        return false;
    }
    e->ctx = ctx;
    return true;
}

enum cli_config_result cli_config_for(const char *path, copylint_output *out,
                                      copylint_ctx **ctx,
                                      copylint_severity *fail_on)
{
    const char *cpath = config_path_for(path);
    if (!cpath) {
        *ctx = g.base;
        *fail_on = copylint_config_fail_on(NULL, g.cli,
                                           COPYLINT_SEVERITY_WARNING);
        return CLI_CONFIG_LINT;
    }
    struct entry *e = entry_for(cpath);
    if (!prepare(e, out))
        return CLI_CONFIG_TROUBLE;
    if (copylint_config_ignores(e->cfg, path))
        return CLI_CONFIG_SKIP;
    *ctx = e->ctx;
    *fail_on = copylint_config_fail_on(e->cfg, g.cli,
                                       COPYLINT_SEVERITY_WARNING);
    return CLI_CONFIG_LINT;
}

enum cli_config_result cli_config_for_report(const char *path,
                                             copylint_doc **report,
                                             copylint_ctx **ctx,
                                             copylint_severity *fail_on)
{
    *report = NULL; /* configuration errors go to stderr (report()) */
    return cli_config_for(path, NULL, ctx, fail_on);
}

int cli_config_print(void)
{
    const char *cpath = config_path_for(g.print_target);
    struct entry *e = cpath ? entry_for(cpath) : NULL;
    if (e && (e->broken || !prepare(e, NULL))) {
        report(e, NULL);
        return 2;
    }
    copylint_config_print(e ? e->cfg : NULL, g.cli, g.print_target, stdout);
    return 0;
}

void cli_config_free(void)
{
    for (size_t i = 0; i < g.nentries; i++) {
        copylint_ctx_free(g.entries[i].ctx);
        copylint_config_free(g.entries[i].cfg);
        free(g.entries[i].path);
    }
    free(g.entries);
    copylint_config_free(g.cli);
    free(g.last_dir);
    free(g.last_found);
    memset(&g, 0, sizeof(g));
}
