/*
 * ctx.h: the body of copylint_ctx. The context owns options, data files,
 * every rule (built-in and loaded) with its severity in force, and the
 * state each check family builds once in its init (compiled patterns,
 * dictionaries). Documents borrow it read-only while they are linted.
 */
#ifndef CPL_CTX_H
#define CPL_CTX_H

#include <stdbool.h>
#include <stddef.h>

#include "../copylint.h"
#include "catalogue.h"
#include "strset.h"

struct cpl_rule_setting {
    char *pattern;
    copylint_severity sev;
    bool use_default; /* --enable: the rule's own default severity */
};

/* A problem with a rule file or configuration (not a finding in an
 * article): `path:line:col: severity: message [rule]`. */
struct cpl_problem {
    char *path;
    unsigned line, col; /* 1-based; 0 when unknown */
    copylint_severity sev;
    enum cpl_rule rule; /* config.rule-invalid, config.rule-unsupported */
    char *message;
    char *text; /* the formatted line */
};

struct copylint_ctx {
    char *data_dir;

    struct cpl_rule_setting *settings;
    size_t nsettings, capsettings;

    /* Every rule: the catalogue first (index == enum cpl_rule), then
     * rules from rule files in load order. */
    const struct cpl_rule_info **rules;
    size_t nrules, caprules;
    copylint_severity *severity; /* in force, by rule index */

    struct cpl_strset abbrevs; /* "U.S.", "Lt.-Gen.", ... */

    char *dialect;        /* "auto", "en_CA", "en_US", "en_GB" */
    char **styles;        /* --style / config `style`; none: by dialect */
    size_t nstyles;
    char **styles_paths;  /* extra folders holding style folders */
    size_t nstyles_paths;
    char **words_files;   /* accepted-word lists */
    size_t nwords_files;
    char **reject_files;  /* banned-word lists (config `reject`) */
    size_t nreject_files;

    struct cpl_problem *problems; /* rule-file and config problems */
    size_t nproblems, capproblems;

    char *hunspell_dir;   /* NULL: /usr/share/hunspell */
    char *wordforms_dir;  /* NULL: no compiled word-form tables */
    struct cpl_dict *dict; /* core/dict.h: spelling, names, dialect */

    void **check_state; /* by position in cpl_checks[] */
    bool *check_on;     /* by position: runs on each document (prepare) */
    bool prepared;
    size_t max_diags_per_doc;
    char errmsg[1024];
};

/* Registers a rule loaded from a file; sets rule->index. The context
 * borrows `rule`, which must outlive it. Call before prepare resolves. */
void cpl_ctx_add_rule(copylint_ctx *ctx, struct cpl_rule_info *rule);

/* The severity in force for a rule; COPYLINT_SEVERITY_OFF if disabled. */
static inline copylint_severity
cpl_ctx_severity(const copylint_ctx *ctx, const struct cpl_rule_info *rule)
{
    return ctx->severity ? ctx->severity[rule->index] : rule->severity;
}

static inline bool cpl_rule_on(const copylint_ctx *ctx, enum cpl_rule rule)
{
    return cpl_ctx_severity(ctx, &cpl_rules[rule]) != COPYLINT_SEVERITY_OFF;
}

/* Whether any rule of `family` ("quote") is on. */
bool cpl_ctx_family_on(const copylint_ctx *ctx, const char *family);

/* Records an error sentence for copylint_ctx_errmsg(). */
void cpl_ctx_error(copylint_ctx *ctx, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Records a problem with a rule file or configuration; `line` and `col`
 * are 1-based, 0 when unknown. Call only while preparing the context. */
void cpl_ctx_problem(copylint_ctx *ctx, enum cpl_rule rule, const char *path,
                     unsigned line, unsigned col, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* A path under the data folder ("dicts/abbreviations.txt"); free() it. */
char *cpl_ctx_data_path(const copylint_ctx *ctx, const char *rel);

#endif
