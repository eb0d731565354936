/*
 * test_config.c: .copylint.yml: discovery, every key, precedence of the
 * command line, ignore globs, --print-config provenance, and each kind of
 * error with its line and column. Files are written to a fresh temporary
 * folder per test.
 */
#define _XOPEN_SOURCE 700 /* nftw() */
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "core/config.h"
#include "../scratch_dir.h"
#include "core/ctx.h"

static char tmp[256];

static int setup(void **state)
{
    (void)state;
    snprintf(tmp, sizeof(tmp), "/tmp/cpl-config-XXXXXX");
    assert_non_null(mkdtemp(tmp));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    assert_int_equal(remove_tree(tmp), 0);
    return 0;
}

static void write_file(const char *rel, const char *text)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", tmp, rel);
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static void make_dir(const char *rel)
{
    char path[512];
    snprintf(path, sizeof(path), "%s/%s", tmp, rel);
    assert_int_equal(mkdir(path, 0755), 0);
}

/* Loads tmp/rel; returns the status and sets *out. */
static copylint_status load(const char *rel, copylint_config **out)
{
    char path[512], err[256];
    snprintf(path, sizeof(path), "%s/%s", tmp, rel);
    return copylint_config_load(path, out, err, sizeof(err));
}

/* The config with one error, which must be at line:col and mention
 * `needle`. */
static void expect_error(const char *yaml, unsigned line, unsigned col,
                         const char *needle)
{
    write_file(".copylint.yml", yaml);
    copylint_config *cfg;
    assert_int_equal(load(".copylint.yml", &cfg), COPYLINT_ERR_RULES);
    assert_int_equal(copylint_config_error_count(cfg), 1);
    assert_int_equal(cfg->errors[0].line, line);
    assert_int_equal(cfg->errors[0].col, col);
    assert_non_null(strstr(cfg->errors[0].msg, needle));
    char where[64];
    snprintf(where, sizeof(where), ".copylint.yml:%u:%u: ", line, col);
    assert_non_null(strstr(copylint_config_errmsg(cfg), where));
    copylint_config_free(cfg);
}

static void test_config_find_nearest_wins(void **state)
{
    (void)state;
    make_dir("a");
    make_dir("a/b");
    make_dir("a/b/c");
    write_file(".copylint.yml", "dialect: en_US\n");
    write_file("a/.copylint.yml", "dialect: en_CA\n");
    char file[512], want[512];
    snprintf(file, sizeof(file), "%s/a/b/c/story.txt", tmp);
    snprintf(want, sizeof(want), "%s/a/.copylint.yml", tmp);
    char *found = copylint_config_find(file);
    assert_non_null(found);
    assert_string_equal(found, want);
    free(found);
    /* The nearest wins whole: the one above is not merged in. */
    copylint_config *cfg;
    assert_int_equal(load("a/.copylint.yml", &cfg), COPYLINT_OK);
    copylint_ctx *ctx = copylint_ctx_new();
    assert_int_equal(copylint_config_apply(cfg, NULL, ctx), COPYLINT_OK);
    assert_string_equal(ctx->dialect, "en_CA");
    copylint_ctx_free(ctx);
    copylint_config_free(cfg);
}

static void test_config_find_relative_paths(void **state)
{
    (void)state;
    make_dir("a");
    make_dir("a/b");
    write_file("a/.copylint.yml", "style: cp\n");
    char cwd[512];
    assert_non_null(getcwd(cwd, sizeof(cwd)));
    char dir[512];
    snprintf(dir, sizeof(dir), "%s/a/b", tmp);
    assert_int_equal(chdir(dir), 0);
    char *found = copylint_config_find("story.txt");
    assert_string_equal(found, "../.copylint.yml");
    free(found);
    found = copylint_config_find("-");
    assert_string_equal(found, "../.copylint.yml");
    free(found);
    assert_int_equal(chdir(cwd), 0);
}

static void test_config_find_none_stops_at_root(void **state)
{
    (void)state;
    /* Nothing in tmp or above it (a stray /tmp/.copylint.yml would make
     * this test meaningless, so it is skipped then). */
    if (access("/tmp/" COPYLINT_CONFIG_NAME, F_OK) == 0 ||
        access("/" COPYLINT_CONFIG_NAME, F_OK) == 0)
        skip();
    char file[512];
    snprintf(file, sizeof(file), "%s/story.txt", tmp);
    assert_null(copylint_config_find(file));
}

static void test_config_every_key(void **state)
{
    (void)state;
    make_dir("lists");
    write_file(".copylint.yml",
               "# newsroom settings\n"
               "dialect: en_CA\n"
               "style: [cp, wire]\n"
               "styles_path: vale\n"
               "rules:\n"
               "  quote.mixed-style: off\n"
               "  space: info\n"
               "  repeat.word: on\n"
               "words: [lists/desk.dic, /abs/names.dic]\n"
               "reject: lists/banned.txt\n"
               "ignore: [drafts]\n"
               "fail_on: never\n");
    copylint_config *cfg;
    assert_int_equal(load(".copylint.yml", &cfg), COPYLINT_OK);
    copylint_ctx *ctx = copylint_ctx_new();
    assert_int_equal(copylint_config_apply(cfg, NULL, ctx), COPYLINT_OK);
    assert_string_equal(ctx->dialect, "en_CA");
    assert_int_equal(ctx->nstyles, 2);
    assert_string_equal(ctx->styles[1], "wire");
    /* Paths are relative to the config's folder. */
    char want[512];
    snprintf(want, sizeof(want), "%s/vale", tmp);
    assert_string_equal(ctx->styles_paths[0], want);
    snprintf(want, sizeof(want), "%s/lists/desk.dic", tmp);
    assert_string_equal(ctx->words_files[0], want);
    assert_string_equal(ctx->words_files[1], "/abs/names.dic");
    snprintf(want, sizeof(want), "%s/lists/banned.txt", tmp);
    assert_string_equal(ctx->reject_files[0], want);
    assert_int_equal(copylint_ctx_rule_severity(ctx, CPL_RULE_QUOTE_MIXED_STYLE),
                     COPYLINT_SEVERITY_OFF);
    assert_int_equal(copylint_ctx_rule_severity(ctx, CPL_RULE_SPACE_DOUBLE),
                     COPYLINT_SEVERITY_INFO);
    assert_int_equal(copylint_ctx_rule_severity(ctx, CPL_RULE_SPACE_TRAILING),
                     COPYLINT_SEVERITY_INFO);
    assert_int_equal(copylint_ctx_rule_severity(ctx, CPL_RULE_REPEAT_WORD),
                     COPYLINT_SEVERITY_WARNING);
    assert_int_equal(copylint_config_fail_on(cfg, NULL,
                                             COPYLINT_SEVERITY_WARNING),
                     COPYLINT_SEVERITY_OFF);
    copylint_ctx_free(ctx);
    copylint_config_free(cfg);
}

static void test_config_command_line_overrides(void **state)
{
    (void)state;
    write_file(".copylint.yml", "dialect: en_CA\n"
                                "style: cp\n"
                                "rules:\n"
                                "  quote.unclosed: error\n"
                                "  space.double: warning\n"
                                "fail_on: error\n"
                                "words: a.dic\n");
    copylint_config *cfg;
    assert_int_equal(load(".copylint.yml", &cfg), COPYLINT_OK);
    copylint_config *cli = copylint_config_new();
    assert_int_equal(copylint_config_set_dialect(cli, "en_US"), COPYLINT_OK);
    assert_int_equal(copylint_config_set_dialect(cli, "en_AU"),
                     COPYLINT_ERR_ARG);
    copylint_config_add_style(cli, "ap");
    copylint_config_add_words(cli, "cli.dic");
    /* A family on the command line beats a specific id in the file. */
    copylint_config_set_rule(cli, "quote", COPYLINT_SEVERITY_OFF);
    copylint_config_set_fail_on(cli, COPYLINT_SEVERITY_INFO);
    copylint_ctx *ctx = copylint_ctx_new();
    assert_int_equal(copylint_config_apply(cfg, cli, ctx), COPYLINT_OK);
    assert_string_equal(ctx->dialect, "en_US");
    assert_int_equal(ctx->nstyles, 1);
    assert_string_equal(ctx->styles[0], "ap");
    /* Word lists add up, the command line's first. */
    assert_int_equal(ctx->nwords_files, 2);
    assert_string_equal(ctx->words_files[0], "cli.dic");
    assert_int_equal(copylint_ctx_rule_severity(ctx, CPL_RULE_QUOTE_UNCLOSED),
                     COPYLINT_SEVERITY_OFF);
    /* What the command line does not cover stays as the file says. */
    assert_int_equal(copylint_ctx_rule_severity(ctx, CPL_RULE_SPACE_DOUBLE),
                     COPYLINT_SEVERITY_WARNING);
    assert_int_equal(copylint_config_fail_on(cfg, cli,
                                             COPYLINT_SEVERITY_WARNING),
                     COPYLINT_SEVERITY_INFO);
    assert_int_equal(copylint_config_fail_on(cfg, NULL,
                                             COPYLINT_SEVERITY_WARNING),
                     COPYLINT_SEVERITY_ERROR);
    copylint_ctx_free(ctx);
    copylint_config_free(cli);
    copylint_config_free(cfg);
}

static void test_config_empty_file(void **state)
{
    (void)state;
    write_file(".copylint.yml", "# nothing yet\n");
    copylint_config *cfg;
    assert_int_equal(load(".copylint.yml", &cfg), COPYLINT_OK);
    assert_int_equal(copylint_config_error_count(cfg), 0);
    copylint_config_free(cfg);
}

static void test_config_errors_have_positions(void **state)
{
    (void)state;
    expect_error("dialect: en_CA\nstlye: cp\n", 2, 1, "did you mean 'style'");
    expect_error("BasedOnStyles: cp\n", 1, 1, "did you mean 'style'");
    expect_error("frobnicate: 1\n", 1, 1, "unknown key 'frobnicate'");
    expect_error("dialect: en_AU\n", 1, 10, "unknown dialect 'en_AU'");
    expect_error("dialect: [en_CA]\n", 1, 10, "single value");
    expect_error("style:\n  cp: 1\n", 2, 3, "not a mapping");
    expect_error("rules:\n  quote: loud\n", 2, 10, "unknown level 'loud'");
    expect_error("rules: off\n", 1, 8, "mapping of rule ids");
    expect_error("fail_on: sometimes\n", 1, 10, "'sometimes'");
    expect_error("words: [a, [b]]\n", 1, 12, "non-empty name");
    expect_error("style: cp\nstyle: ap\n", 2, 1, "given twice");
    expect_error("- style\n", 1, 1, "not a list");
    expect_error("dialect: en_CA\nrules: [quote\n", 3, 1, "malformed YAML");
    expect_error("a: 'unterminated\n", 2, 1, "malformed YAML");
    /* libyaml's reader gives only a byte offset: line and column are
     * counted from it (at the lead byte of a broken sequence). */
    expect_error("dialect: en_CA\nstyle: \"caf\xE9\"\n", 2, 12,
                 "invalid trailing UTF-8 octet");
    expect_error("dialect: en_CA\n\nstyle: \xC3\xA9\xFF\n", 3, 9,
                 "invalid leading UTF-8 octet");
}

static void test_config_unknown_rule_after_prepare(void **state)
{
    (void)state;
    write_file(".copylint.yml", "rules:\n  quote: off\n  quotes.unclosed: off\n");
    copylint_config *cfg;
    assert_int_equal(load(".copylint.yml", &cfg), COPYLINT_OK);
    copylint_ctx *ctx = copylint_ctx_new();
    assert_int_equal(copylint_config_check_rules(cfg, ctx), COPYLINT_ERR_RULES);
    assert_int_equal(copylint_config_error_count(cfg), 1);
    assert_int_equal(cfg->errors[0].line, 3);
    assert_int_equal(cfg->errors[0].col, 3);
    /* As a finding on the config file, for any output format. */
    copylint_doc *doc;
    assert_int_equal(copylint_config_report(cfg, ctx, &doc), COPYLINT_OK);
    assert_int_equal(copylint_doc_diag_count(doc), 1);
    const copylint_diag *d = copylint_doc_diag(doc, 0);
    assert_string_equal(copylint_diag_rule(d), "config.rule-invalid");
    assert_int_equal(copylint_diag_line(d), 3);
    assert_int_equal(copylint_diag_column(d), 3);
    assert_int_equal(copylint_diag_end_column(d), 3 + strlen("quotes.unclosed"));
    copylint_doc_free(doc);
    copylint_ctx_free(ctx);
    copylint_config_free(cfg);
}

static void test_config_unreadable(void **state)
{
    (void)state;
    copylint_config *cfg = NULL;
    char err[256];
    assert_int_equal(copylint_config_load("/nonexistent/.copylint.yml", &cfg,
                                          err, sizeof(err)),
                     COPYLINT_ERR_IO);
    assert_null(cfg);
    assert_non_null(strstr(err, "cannot open"));
}

static void test_config_ignore_globs(void **state)
{
    (void)state;
    make_dir("drafts");
    make_dir("wire");
    make_dir("wire/2024");
    write_file(".copylint.yml", "ignore: [drafts, \"*-old.txt\", wire/2024]\n");
    copylint_config *cfg;
    assert_int_equal(load(".copylint.yml", &cfg), COPYLINT_OK);
    char p[512];
    snprintf(p, sizeof(p), "%s/drafts/a.txt", tmp);
    assert_true(copylint_config_ignores(cfg, p));
    snprintf(p, sizeof(p), "%s/wire/story-old.txt", tmp);
    assert_true(copylint_config_ignores(cfg, p));
    snprintf(p, sizeof(p), "%s/wire/2024/a.txt", tmp);
    assert_true(copylint_config_ignores(cfg, p));
    snprintf(p, sizeof(p), "%s/wire/story.txt", tmp);
    assert_false(copylint_config_ignores(cfg, p));
    snprintf(p, sizeof(p), "%s/wire/drafts-note.txt", tmp);
    assert_false(copylint_config_ignores(cfg, p));
    assert_false(copylint_config_ignores(cfg, "-"));
    copylint_config_free(cfg);
}

static void test_config_print_shows_origins(void **state)
{
    (void)state;
    write_file(".copylint.yml", "dialect: en_CA\n\nrules:\n  space: off\n");
    copylint_config *cfg;
    assert_int_equal(load(".copylint.yml", &cfg), COPYLINT_OK);
    copylint_config *cli = copylint_config_new();
    copylint_config_add_style(cli, "ap");
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    copylint_config_print(cfg, cli, "story.txt", f);
    fclose(f);
    char want[512];
    snprintf(want, sizeof(want), "dialect: en_CA  # %s/.copylint.yml:1\n",
             tmp);
    assert_non_null(strstr(buf, want));
    snprintf(want, sizeof(want), "  space: off  # %s/.copylint.yml:4\n", tmp);
    assert_non_null(strstr(buf, want));
    assert_non_null(strstr(buf, "  - ap  # command line\n"));
    assert_non_null(strstr(buf, "fail_on: warning  # default\n"));
    free(buf);
    copylint_config_free(cli);
    copylint_config_free(cfg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_config_find_nearest_wins, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_config_find_relative_paths,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_config_find_none_stops_at_root,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_config_every_key, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_config_command_line_overrides,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_config_empty_file, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_config_errors_have_positions,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_config_unknown_rule_after_prepare,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_config_unreadable, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_config_ignore_globs, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_config_print_shows_origins,
                                        setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
