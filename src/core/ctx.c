/*
 * ctx.c: the context: options, the rule list and the severities in force,
 * data files, and the life cycle of the check families' state.
 */
#include "ctx.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../checks/check.h"
#include "alloc.h"
#include "dict.h"
#include "wordlist.h"

static size_t check_count(void)
{
    size_t n = 0;
    while (cpl_checks[n])
        n++;
    return n;
}

copylint_ctx *copylint_ctx_new(void)
{
    copylint_ctx *ctx = cpl_xcalloc(1, sizeof(*ctx));
    for (size_t i = 0; i < CPL_RULE_COUNT; i++)
        cpl_ctx_add_rule(ctx, (struct cpl_rule_info *)&cpl_rules[i]);
    cpl_strset_init(&ctx->abbrevs);
    ctx->check_state = cpl_xcalloc(check_count() + 1, sizeof(void *));
    ctx->check_on = cpl_xcalloc(check_count() + 1, sizeof(bool));
    ctx->max_diags_per_doc = 100000;
    ctx->dialect = cpl_xstrdup("auto");
    return ctx;
}

static void free_list(char **list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(list[i]);
    free(list);
}

static void push(char ***list, size_t *n, const char *s)
{
    *list = cpl_xrealloc(*list, (*n + 1) * sizeof(**list));
    (*list)[(*n)++] = cpl_xstrdup(s);
}

copylint_status copylint_ctx_set_dialect(copylint_ctx *ctx, const char *dialect)
{
    static const char *const known[] = {"auto", "en_CA", "en_US", "en_GB"};
    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
        if (strcmp(dialect, known[i]) == 0) {
            free(ctx->dialect);
            ctx->dialect = cpl_xstrdup(dialect);
            return COPYLINT_OK;
        }
    cpl_ctx_error(ctx, "unknown dialect '%s' (en_CA, en_US, en_GB or auto)",
                  dialect);
    return COPYLINT_ERR_ARG;
}

void copylint_ctx_add_style(copylint_ctx *ctx, const char *name)
{
    push(&ctx->styles, &ctx->nstyles, name);
}

void copylint_ctx_add_styles_path(copylint_ctx *ctx, const char *dir)
{
    push(&ctx->styles_paths, &ctx->nstyles_paths, dir);
}

void copylint_ctx_set_hunspell_dir(copylint_ctx *ctx, const char *dir)
{
    free(ctx->hunspell_dir);
    ctx->hunspell_dir = cpl_xstrdup(dir);
}

void copylint_ctx_set_wordforms_dir(copylint_ctx *ctx, const char *dir)
{
    free(ctx->wordforms_dir);
    ctx->wordforms_dir = cpl_xstrdup(dir);
}

void copylint_ctx_add_words_file(copylint_ctx *ctx, const char *path)
{
    push(&ctx->words_files, &ctx->nwords_files, path);
}

void copylint_ctx_add_reject_file(copylint_ctx *ctx, const char *path)
{
    push(&ctx->reject_files, &ctx->nreject_files, path);
}

void copylint_ctx_free(copylint_ctx *ctx)
{
    if (!ctx)
        return;
    for (size_t i = 0; cpl_checks[i]; i++)
        if (cpl_checks[i]->fini && ctx->check_state[i])
            cpl_checks[i]->fini(ctx->check_state[i]);
    free(ctx->check_state);
    free(ctx->check_on);
    for (size_t i = 0; i < ctx->nproblems; i++) {
        free(ctx->problems[i].path);
        free(ctx->problems[i].message);
        free(ctx->problems[i].text);
    }
    free(ctx->problems);
    cpl_dict_free(ctx->dict);
    free(ctx->hunspell_dir);
    free(ctx->wordforms_dir);
    for (size_t i = 0; i < ctx->nsettings; i++)
        free(ctx->settings[i].pattern);
    free(ctx->settings);
    free(ctx->rules);
    free(ctx->severity);
    cpl_strset_release(&ctx->abbrevs);
    free(ctx->dialect);
    free_list(ctx->styles, ctx->nstyles);
    free_list(ctx->styles_paths, ctx->nstyles_paths);
    free_list(ctx->words_files, ctx->nwords_files);
    free_list(ctx->reject_files, ctx->nreject_files);
    free(ctx->data_dir);
    free(ctx);
    cpl_doc_spares_free();
}

void cpl_ctx_add_rule(copylint_ctx *ctx, struct cpl_rule_info *rule)
{
    if (rule < cpl_rules || rule >= cpl_rules + CPL_RULE_COUNT)
        rule->index = (uint32_t)ctx->nrules;
    ctx->rules = cpl_xgrow(ctx->rules, &ctx->caprules, ctx->nrules + 1,
                           sizeof(const struct cpl_rule_info *));
    ctx->rules[ctx->nrules++] = rule;
}

void copylint_ctx_set_data_dir(copylint_ctx *ctx, const char *dir)
{
    free(ctx->data_dir);
    ctx->data_dir = cpl_xstrdup(dir);
}

static void add_setting(copylint_ctx *ctx, const char *pattern,
                        copylint_severity sev, bool use_default)
{
    ctx->settings = cpl_xgrow(ctx->settings, &ctx->capsettings,
                              ctx->nsettings + 1, sizeof(*ctx->settings));
    struct cpl_rule_setting *s = &ctx->settings[ctx->nsettings++];
    s->pattern = cpl_xstrdup(pattern);
    s->sev = sev;
    s->use_default = use_default;
}

void copylint_ctx_set_rule(copylint_ctx *ctx, const char *pattern,
                           copylint_severity sev)
{
    add_setting(ctx, pattern, sev, false);
}

void copylint_ctx_enable_rule(copylint_ctx *ctx, const char *pattern)
{
    add_setting(ctx, pattern, COPYLINT_SEVERITY_OFF, true);
}

/* How specifically `pattern` names `id`: 0 not at all, 1 for "*" or ""
 * (every rule), else its length plus one when it is the id or a prefix of
 * it ending at a '.' ("quote" and "quote." match "quote.unclosed"). */
static size_t match_len(const char *pattern, const char *id)
{
    if (pattern[0] == '\0' || strcmp(pattern, "*") == 0)
        return 1;
    size_t n = strlen(pattern);
    if (n == 0)
        return 1; /* "" matches every rule, as documented */
    if (pattern[n - 1] == '.')
        n--;
    if (strncmp(pattern, id, n) != 0)
        return 0;
    if (id[n] == '\0' || id[n] == '.')
        return n + 2;
    return 0;
}

static void resolve_severities(copylint_ctx *ctx)
{
    free(ctx->severity);
    ctx->severity = cpl_xcalloc(ctx->nrules, sizeof(*ctx->severity));
    for (size_t r = 0; r < ctx->nrules; r++) {
        const struct cpl_rule_info *rule = ctx->rules[r];
        copylint_severity sev = rule->severity;
        size_t best = 0;
        for (size_t i = 0; i < ctx->nsettings; i++) {
            const struct cpl_rule_setting *s = &ctx->settings[i];
            size_t m = match_len(s->pattern, rule->id);
            if (m && m >= best) {
                best = m;
                sev = s->use_default ? rule->severity : s->sev;
            }
        }
        ctx->severity[r] = sev;
    }
}

bool copylint_ctx_rule_known(const copylint_ctx *ctx, const char *pattern)
{
    for (size_t r = 0; r < ctx->nrules; r++)
        if (match_len(pattern, ctx->rules[r]->id))
            return true;
    return false;
}

bool cpl_ctx_family_on(const copylint_ctx *ctx, const char *family)
{
    for (size_t r = 0; r < ctx->nrules; r++)
        if (strcmp(ctx->rules[r]->family, family) == 0 &&
            cpl_ctx_severity(ctx, ctx->rules[r]) != COPYLINT_SEVERITY_OFF)
            return true;
    return false;
}

void cpl_ctx_error(copylint_ctx *ctx, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(ctx->errmsg, sizeof(ctx->errmsg), fmt, ap);
    va_end(ap);
}

void cpl_ctx_problem(copylint_ctx *ctx, enum cpl_rule rule, const char *path,
                     unsigned line, unsigned col, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    ctx->problems = cpl_xgrow(ctx->problems, &ctx->capproblems,
                              ctx->nproblems + 1, sizeof(*ctx->problems));
    struct cpl_problem *p = &ctx->problems[ctx->nproblems++];
    p->path = cpl_xstrdup(path ? path : "");
    p->line = line;
    p->col = col;
    p->rule = rule;
    p->sev = cpl_rules[rule].severity;
    p->message = cpl_xstrdup(msg);
    char where[64] = "";
    if (line && col)
        snprintf(where, sizeof(where), ":%u:%u", line, col);
    else if (line)
        snprintf(where, sizeof(where), ":%u", line);
    p->text = cpl_xasprintf("%s%s: %s: %s [%s]", p->path, where,
                            copylint_severity_name(p->sev), msg,
                            cpl_rules[rule].id);
}

size_t copylint_ctx_problem_count(const copylint_ctx *ctx)
{
    return ctx->nproblems;
}

const char *copylint_ctx_problem_text(const copylint_ctx *ctx, size_t i)
{
    return i < ctx->nproblems ? ctx->problems[i].text : NULL;
}

const char *copylint_ctx_problem_path(const copylint_ctx *ctx, size_t i)
{
    return i < ctx->nproblems ? ctx->problems[i].path : NULL;
}

unsigned copylint_ctx_problem_line(const copylint_ctx *ctx, size_t i)
{
    return i < ctx->nproblems ? ctx->problems[i].line : 0;
}

unsigned copylint_ctx_problem_column(const copylint_ctx *ctx, size_t i)
{
    return i < ctx->nproblems ? ctx->problems[i].col : 0;
}

const char *copylint_ctx_problem_message(const copylint_ctx *ctx, size_t i)
{
    return i < ctx->nproblems ? ctx->problems[i].message : NULL;
}

const char *copylint_ctx_problem_rule(const copylint_ctx *ctx, size_t i)
{
    return i < ctx->nproblems ? cpl_rules[ctx->problems[i].rule].id : NULL;
}

copylint_severity copylint_ctx_problem_severity(const copylint_ctx *ctx,
                                                size_t i)
{
    if (i >= ctx->nproblems)
        return COPYLINT_SEVERITY_OFF;
    const struct cpl_problem *p = &ctx->problems[i];
    return ctx->severity ? ctx->severity[p->rule] : p->sev;
}

const char *copylint_ctx_errmsg(const copylint_ctx *ctx)
{
    return ctx->errmsg;
}

char *cpl_ctx_data_path(const copylint_ctx *ctx, const char *rel)
{
    const char *dir = ctx->data_dir ? ctx->data_dir : ".";
    return cpl_xasprintf("%s/%s", dir, rel);
}

copylint_status copylint_ctx_prepare(copylint_ctx *ctx)
{
    if (ctx->prepared)
        return COPYLINT_OK;
    char *path = cpl_ctx_data_path(ctx, "dicts/abbreviations.txt");
    copylint_status st = cpl_wordlist_load(ctx, path, &ctx->abbrevs);
    free(path);
    if (st != COPYLINT_OK)
        return st;
    resolve_severities(ctx);
    /* Always: the dialect inference (and so the house packs) reads the
     * dialect table; hunspell itself loads only if spelling or names run. */
    if (!ctx->dict) {
        st = cpl_dict_new(ctx, &ctx->dict);
        if (st != COPYLINT_OK)
            return st;
    }
    for (size_t i = 0; cpl_checks[i]; i++) {
        const struct cpl_check *c = cpl_checks[i];
        /* A check without a family (rule files) always initialises: it
         * is what brings its rules into the context. */
        if (!c->init || (c->family && !cpl_ctx_family_on(ctx, c->family)))
            continue;
        st = c->init(ctx, &ctx->check_state[i]);
        if (st != COPYLINT_OK)
            return st;
    }
    /* Rule files loaded by an init add rules; resolve them too. */
    resolve_severities(ctx);
    /* Which checks run, decided once rather than per document. */
    for (size_t i = 0; cpl_checks[i]; i++)
        ctx->check_on[i] = !cpl_checks[i]->family ||
                           cpl_ctx_family_on(ctx, cpl_checks[i]->family);
    ctx->prepared = true;
    return COPYLINT_OK;
}

size_t copylint_ctx_rule_count(const copylint_ctx *ctx)
{
    return ctx->nrules;
}

const char *copylint_ctx_rule_id(const copylint_ctx *ctx, size_t i)
{
    return i < ctx->nrules ? ctx->rules[i]->id : NULL;
}

const char *copylint_ctx_rule_summary(const copylint_ctx *ctx, size_t i)
{
    return i < ctx->nrules ? ctx->rules[i]->summary : NULL;
}

copylint_severity copylint_ctx_rule_default(const copylint_ctx *ctx, size_t i)
{
    return i < ctx->nrules ? ctx->rules[i]->severity : COPYLINT_SEVERITY_OFF;
}

copylint_severity copylint_ctx_rule_severity(const copylint_ctx *ctx, size_t i)
{
    if (i >= ctx->nrules)
        return COPYLINT_SEVERITY_OFF;
    if (!ctx->severity) {
        /* Not prepared yet: resolve on the fly for listing. */
        copylint_ctx *mut = (copylint_ctx *)ctx;
        resolve_severities(mut);
    }
    return ctx->severity[i];
}

const char *copylint_strerror(copylint_status status)
{
    /* No default: -Wswitch flags a status without a sentence. */
    switch (status) {
    case COPYLINT_OK:
        return "no error";
    case COPYLINT_ERR_IO:
        return "input/output error";
    case COPYLINT_ERR_RULES:
        return "invalid rule file or configuration";
    case COPYLINT_ERR_DICT:
        return "missing or invalid dictionary or data file";
    case COPYLINT_ERR_TOO_BIG:
        return "file too large";
    case COPYLINT_ERR_ARG:
        return "invalid argument";
    case COPYLINT_ERR_BINARY:
        return "binary file";
    case COPYLINT_ERR_NOT_FILE:
        return "not a regular file";
    }
    return "unknown error";
}

const char *copylint_severity_name(copylint_severity sev)
{
    switch (sev) {
    case COPYLINT_SEVERITY_OFF:
        return "off";
    case COPYLINT_SEVERITY_INFO:
        return "info";
    case COPYLINT_SEVERITY_WARNING:
        return "warning";
    case COPYLINT_SEVERITY_ERROR:
        return "error";
    }
    return "unknown";
}

bool copylint_severity_parse(const char *name, copylint_severity *out)
{
    static const struct {
        const char *name;
        copylint_severity sev;
    } names[] = {
        {"off", COPYLINT_SEVERITY_OFF},
        {"info", COPYLINT_SEVERITY_INFO},
        {"suggestion", COPYLINT_SEVERITY_INFO},
        {"note", COPYLINT_SEVERITY_INFO},
        {"warning", COPYLINT_SEVERITY_WARNING},
        {"error", COPYLINT_SEVERITY_ERROR},
    };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strcmp(name, names[i].name) == 0) {
            *out = names[i].sev;
            return true;
        }
    return false;
}
