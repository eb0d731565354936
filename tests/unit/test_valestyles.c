/*
 * test_valestyles.c: the third-party Vale styles in ../shared/vale-styles
 * (proselint, write-good, Microsoft; not part of the repository) load:
 * no rule file is an error, every rule file either loads or is reported as
 * unsupported with its file, line and feature, and the expected number of
 * rules runs. Skipped (exit 77) when the folder is absent.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "core/ctx.h"

static char styles[1024];

static size_t rules_of(const copylint_ctx *ctx, const char *style)
{
    size_t n = 0, len = strlen(style);
    for (size_t i = 0; i < copylint_ctx_rule_count(ctx); i++) {
        const char *id = copylint_ctx_rule_id(ctx, i);
        if (strncmp(id, style, len) == 0 && id[len] == '.')
            n++;
    }
    return n;
}

static void test_valestyles_load(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        size_t files, unsupported_rules;
    } expect[] = {
        {"proselint", 34, 0},
        {"write-good", 8, 0},
        /* Headings, HeadingAcronyms, HeadingColons, HeadingPunctuation:
         * scope heading; Auto loads without its `convert` fix. */
        {"Microsoft", 40, 4},
    };
    copylint_ctx *ctx = copylint_ctx_new();
    copylint_ctx_set_data_dir(ctx, COPYLINT_SOURCE_DATADIR);
    for (size_t i = 0; i < 3; i++) {
        char dir[1200];
        snprintf(dir, sizeof(dir), "%s/%s", styles, expect[i].name);
        copylint_ctx_add_styles_path(ctx, dir);
        copylint_ctx_add_style(ctx, expect[i].name);
    }
    assert_int_equal(copylint_ctx_prepare(ctx), COPYLINT_OK);
    size_t unsupported = 0;
    for (size_t i = 0; i < copylint_ctx_problem_count(ctx); i++) {
        print_message("%s\n", copylint_ctx_problem_text(ctx, i));
        /* Never an error; always a file, a line and a column. */
        assert_string_equal(copylint_ctx_problem_rule(ctx, i),
                            "config.rule-unsupported");
        assert_true(copylint_ctx_problem_line(ctx, i) > 0);
        assert_true(copylint_ctx_problem_column(ctx, i) > 0);
        if (strstr(copylint_ctx_problem_message(ctx, i), "rule skipped"))
            unsupported++;
    }
    assert_int_equal(unsupported, 4);
    for (size_t i = 0; i < 3; i++)
        assert_int_equal(rules_of(ctx, expect[i].name),
                         expect[i].files - expect[i].unsupported_rules);
    copylint_ctx_free(ctx);
}

int main(void)
{
    const char *shared = getenv("COPYLINT_SHARED_DIR");
    struct stat st;
    if (!shared || !*shared)
        return 77;
    snprintf(styles, sizeof(styles), "%s/vale-styles", shared);
    if (stat(styles, &st) != 0 || !S_ISDIR(st.st_mode))
        return 77;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_valestyles_load),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
