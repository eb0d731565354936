/*
 * rules.c: the check family that runs rule files (Vale-format YAML styles,
 * core/ruleset.c) over a document.
 *
 * Which styles run on a document:
 *   - the built-in packs `residue` and `wire`, always;
 *   - `cp` when the article's house style is CP (doc->house_style "cp",
 *     set by core/dialect.c), `ap` when it is AP; naming `cp` or `ap` in
 *     the context's styles (--style, config `style`) overrides that choice
 *     for every document;
 *   - every other style named in the context's styles, looked up first in
 *     each styles path (Vale's StylesPath: DIR/NAME/ holding the .yml files), then in the
 *     data folder's rules/NAME.
 * All built-in packs are loaded at init so that --list-rules shows them
 * and --disable/--severity apply to them like any built-in rule.
 *
 * The family has no name of its own (`family` NULL): its init always runs,
 * since it is what registers the rules, and each rule is switched on or off
 * by its own id (`proselint.Very`) or style prefix (`proselint`).
 */
#include "check.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../core/alloc.h"
#include "../core/ruleset.h"

static const char *const builtin_packs[] = {"residue", "wire", "cp", "ap",
                                            NULL};

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* Whether the context's styles name `name`. */
static bool named(const copylint_ctx *ctx, const char *name)
{
    for (size_t i = 0; i < ctx->nstyles; i++)
        if (strcmp(ctx->styles[i], name) == 0)
            return true;
    return false;
}

/* Whether the rules of `style` run on an article of house style `house`
 * ("cp", "ap" or NULL). */
static bool style_runs(const copylint_ctx *ctx, const char *house,
                       const char *style)
{
    if (strcmp(style, "residue") == 0 || strcmp(style, "wire") == 0)
        return true;
    if (strcmp(style, "cp") == 0 || strcmp(style, "ap") == 0) {
        if (named(ctx, "cp") || named(ctx, "ap"))
            return named(ctx, style);
        return house && strcmp(house, style) == 0;
    }
    return named(ctx, style);
}

/* Whether the rules of a style run on an article of house style `house`,
 * asked of consecutive rules: the answer for the last style asked is
 * kept in *last (its ordinal, UINT32_MAX at first) and *runs. */
static bool rule_runs(const copylint_ctx *ctx, const char *house,
                      const struct cpl_vrule *r, uint32_t *last, bool *runs)
{
    uint32_t style = cpl_vrule_style_ord(r);
    if (style != *last) {
        *runs = style_runs(ctx, house, cpl_vrule_style(r));
        *last = style;
    }
    return *runs;
}

/* The house styles that decide which rules run (style_runs()): any
 * other house style runs the same rules as none. */
static const char *const houses[] = {NULL, "cp", "ap"};
#define NHOUSES 3

/* The family's state: the rules, and for each of houses[] which rules
 * run on its articles and the prefilter pass made for them. */
struct rules_state {
    struct cpl_ruleset *rs;
    bool *active[NHOUSES];
    size_t variant[NHOUSES];
};

/* The rule set of the family's state (tests: test_rulefiles.c). */
const struct cpl_ruleset *cpl_check_rules_ruleset(const void *state);
const struct cpl_ruleset *cpl_check_rules_ruleset(const void *state)
{
    return state ? ((const struct rules_state *)state)->rs : NULL;
}

/* Which rules run on an article of house style `house`, in active[]. */
static void active_rules(const copylint_ctx *ctx, const struct cpl_ruleset *rs,
                         const char *house, bool *active)
{
    uint32_t last_style = UINT32_MAX;
    bool runs = false;
    for (size_t i = 0; i < cpl_ruleset_count(rs); i++)
        active[i] = rule_runs(ctx, house, cpl_ruleset_rule(rs, i),
                              &last_style, &runs);
}

static copylint_status init(copylint_ctx *ctx, void **state)
{
    struct cpl_ruleset *rs = cpl_ruleset_new();
    for (size_t i = 0; builtin_packs[i]; i++) {
        char *rel = cpl_xasprintf("rules/%s", builtin_packs[i]);
        char *dir = cpl_ctx_data_path(ctx, rel);
        cpl_ruleset_load_style(rs, ctx, builtin_packs[i], dir, false);
        free(dir);
        free(rel);
    }
    for (size_t i = 0; i < ctx->nstyles; i++) {
        const char *name = ctx->styles[i];
        if (cpl_ruleset_has_style(rs, name))
            continue;
        if (!*name || strchr(name, '/') || strcmp(name, ".") == 0 ||
            strcmp(name, "..") == 0) {
            cpl_ctx_problem(ctx, CPL_RULE_CONFIG_RULE_INVALID, name, 0, 0,
                            "'%s' is not a style name", name);
            continue;
        }
        char *found = NULL;
        for (size_t p = 0; p < ctx->nstyles_paths && !found; p++) {
            char *dir = cpl_xasprintf("%s/%s", ctx->styles_paths[p], name);
            if (is_dir(dir))
                found = dir;
            else
                free(dir);
        }
        if (!found) {
            char *rel = cpl_xasprintf("rules/%s", name);
            char *dir = cpl_ctx_data_path(ctx, rel);
            free(rel);
            if (is_dir(dir))
                found = dir;
            else
                free(dir);
        }
        if (!found) {
            cpl_ctx_problem(ctx, CPL_RULE_CONFIG_RULE_INVALID, name, 0, 0,
                            "style '%s' not found in the styles paths or in "
                            "the data folder's rules/",
                            name);
            continue;
        }
        cpl_ruleset_load_style(rs, ctx, name, found, true);
        free(found);
    }
    cpl_ruleset_finish(rs);
    /* The prefilter pass of an article looks for the literals of the
     * rules that run on it only: one pass for each house style. */
    struct rules_state *st = cpl_xcalloc(1, sizeof(*st));
    st->rs = rs;
    for (size_t h = 0; h < NHOUSES; h++) {
        st->active[h] = cpl_xcalloc(cpl_ruleset_count(rs) + 1, sizeof(bool));
        active_rules(ctx, rs, houses[h], st->active[h]);
        st->variant[h] = cpl_ruleset_prefilter_variant(rs, st->active[h]);
    }
    *state = st;
    return COPYLINT_OK;
}

static void run(const copylint_ctx *ctx, const void *state, copylint_doc *doc)
{
    (void)ctx;
    const struct rules_state *st = state;
    if (!st || cpl_ruleset_count(st->rs) == 0)
        return;
    size_t h = 0;
    for (size_t i = 1; i < NHOUSES && doc->house_style; i++)
        if (strcmp(doc->house_style, houses[i]) == 0)
            h = i;
    struct cpl_rule_scratch *s = cpl_ruleset_scratch_take(st->rs, doc);
    cpl_rule_scratch_set_variant(s, st->variant[h]);
    const uint32_t *list;
    size_t n = cpl_rule_scratch_runnable(s, doc, st->active[h], &list);
    for (size_t i = 0; i < n; i++)
        cpl_vrule_run(cpl_ruleset_rule(st->rs, list[i]), doc, s);
    cpl_ruleset_scratch_put(st->rs, s);
}

static void fini(void *state)
{
    struct rules_state *st = state;
    if (!st)
        return;
    cpl_ruleset_free(st->rs);
    for (size_t h = 0; h < NHOUSES; h++)
        free(st->active[h]);
    free(st);
}

const struct cpl_check cpl_check_rules = {
    .family = NULL,
    .init = init,
    .run = run,
    .fini = fini,
};
