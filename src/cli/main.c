/*
 * main.c: the copylint command. Parses options, lints each path in turn
 * and sets the exit status. Uses only the public API in copylint.h (curl's
 * tool_*.c against include/curl/): everything else is the library's job.
 *
 * Exit status: 0 nothing at or above --fail-on; 1 findings at or above it;
 * 2 a usage error or an unusable file, data file or rule file (the other
 * files are still linted).
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "config_cli.h"
#include "copylint.h"

#define EXIT_TROUBLE CLI_EXIT_TROUBLE

static const char usage_text[] =
    "usage: copylint [options] PATH...\n"
    "Lint wire-service news copy. PATH is a file, a folder (its *.txt and\n"
    "*.md files, recursively) or '-' for standard input.\n"
    "\n"
    "Output:\n"
    "  -f, --format=FMT       text (default), json, jsonl, sarif, github,\n"
    "                         checkstyle, rdjsonl, line or html\n"
    "      --color=WHEN       never, always or auto (default; honours NO_COLOR)\n"
    "      --plain            one line per finding: no excerpt, colour or summary\n"
    "      --fixits=parseable add clang-style fix-it lines (text format)\n"
    "  -q, --quiet            no summary line on standard error\n"
    "\n"
    "Rules:\n"
    "      --list-rules[=markdown]  list every rule and exit\n"
    "      --disable=RULE     turn off a rule or family (quote, quote.unclosed);\n"
    "                         repeatable, or a comma-separated list\n"
    "      --enable=RULE      turn a rule or family back on\n"
    "      --severity=RULE=LEVEL  set a rule's level: info, warning, error, off\n"
    "      --fail-on=LEVEL    exit 1 on findings at or above LEVEL: error,\n"
    "                         warning (default), info or never\n"
    "      --data-dir=DIR     folder holding copylint's dicts/ and rules/\n"
    "\n"
    "Configuration (overrides .copylint.yml; see README 'Configuration'):\n"
    "      --config=FILE      use FILE instead of the nearest .copylint.yml\n"
    "      --no-config        ignore .copylint.yml files\n"
    "      --print-config=FILE  show the effective configuration for FILE\n"
    "      --dialect=D        en_CA, en_US, en_GB or auto (default)\n"
    "      --style=NAME[,NAME...]  style packs to run (cp, ap, proselint)\n"
    "      --styles-path=DIR  a folder holding style folders (repeatable)\n"
    "      --words=FILE       accepted words, one a line (repeatable)\n"
    "      --reject=FILE      banned words, one a line (repeatable)\n"
    "\n"
    "Spelling and names:\n"
    "      --explain-dialect  say on standard error which dialect each file\n"
    "                         was linted in (--dialect auto), and why\n"
    "      --cross-file       also compare names across all the files of the\n"
    "                         run (a story package); keeps them all in memory\n"
    "\n"
    "%s"
    "  -h, --help             this help\n"
    "  -V, --version          the version and the data folder in use\n"
    "\n"
    "Exit status: 0 clean (nothing at or above --fail-on), 1 findings,\n"
    "2 usage error or a file that could not be linted.\n";

struct options {
    const char *format;
    int color; /* -1 auto, 0 never, 1 always */
    bool plain, fixits, quiet;
    int fail_on; /* a copylint_severity, or 4 for never */
    const char *list_rules; /* NULL, "text" or "markdown" */
    const char *data_dir;
};

static void usage_error(const char *fmt, const char *arg)
{
    fputs("copylint: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'copylint --help' for more information.\n", stderr);
    exit(EXIT_TROUBLE);
}

/* The data folder: $COPYLINT_DATA_DIR, the installed share/copylint next
 * to the binary, or the source tree the binary was built from. */
static const char *find_data_dir(const char *argv0, char *buf, size_t size)
{
    const char *env = getenv("COPYLINT_DATA_DIR");
    if (env && *env)
        return env;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            struct stat st;
            if ((size_t)snprintf(buf, size, "%.*s/../share/copylint",
                                 (int)(size - 32), exe) >= size)
                return COPYLINT_INSTALL_DATADIR;
            char probe[PATH_MAX + 32];
            snprintf(probe, sizeof(probe), "%s/dicts", buf);
            if (stat(probe, &st) == 0 && S_ISDIR(st.st_mode))
                return buf;
        }
    }
    (void)argv0;
#ifdef COPYLINT_SOURCE_DATADIR
    {
        struct stat st;
        if (stat(COPYLINT_SOURCE_DATADIR "/dicts", &st) == 0)
            return COPYLINT_SOURCE_DATADIR;
    }
#endif
    return COPYLINT_INSTALL_DATADIR;
}

/* The compiled word-form tables (see copylint_ctx_set_wordforms_dir):
 * $COPYLINT_WORDFORMS_DIR, the build tree's wordforms/ beside the binary,
 * or the data folder's wordforms/ (installed). NULL: none. */
static const char *find_wordforms_dir(const char *data_dir, char *buf,
                                      size_t size)
{
    const char *env = getenv("COPYLINT_WORDFORMS_DIR");
    if (env)
        return *env ? env : NULL;
    struct stat st;
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash && (size_t)snprintf(buf, size, "%.*s/wordforms",
                                      (int)(slash - exe), exe) < size &&
            stat(buf, &st) == 0 && S_ISDIR(st.st_mode))
            return buf;
    }
    if ((size_t)snprintf(buf, size, "%s/wordforms", data_dir) < size &&
        stat(buf, &st) == 0 && S_ISDIR(st.st_mode))
        return buf;
    return NULL;
}

/*
 * Rule settings are applied before the context is prepared, but rules
 * from rule files are only known after; so the names are kept and checked
 * once everything is loaded (check_rule_names).
 */
static const char **rule_names;
static size_t nrule_names;

static void remember_rule_name(const char *name)
{
    const char **p = realloc(rule_names, (nrule_names + 1) * sizeof(*p));
    if (!p)
        abort();
    rule_names = p;
    rule_names[nrule_names++] = name;
}

static void apply_rule_list(copylint_ctx *ctx, char *list, bool enable)
{
    for (char *save = NULL, *tok = strtok_r(list, ",", &save); tok;
         tok = strtok_r(NULL, ",", &save)) {
        remember_rule_name(tok);
        (void)ctx;
        if (enable)
            copylint_config_enable_rule(cli_config_layer(), tok);
        else
            copylint_config_set_rule(cli_config_layer(), tok,
                                     COPYLINT_SEVERITY_OFF);
    }
}

static void apply_severity(copylint_ctx *ctx, char *arg)
{
    char *eq = strrchr(arg, '=');
    if (!eq)
        usage_error("--severity needs RULE=LEVEL, not '%s'", arg);
    *eq = '\0';
    copylint_severity sev;
    if (!copylint_severity_parse(eq + 1, &sev))
        usage_error("unknown level '%s' (info, warning, error, off)", eq + 1);
    remember_rule_name(arg);
    (void)ctx;
    copylint_config_set_rule(cli_config_layer(), arg, sev);
}

static bool check_rule_names(const copylint_ctx *ctx)
{
    bool ok = true;
    for (size_t i = 0; i < nrule_names; i++)
        if (!copylint_ctx_rule_known(ctx, rule_names[i])) {
            fprintf(stderr,
                    "copylint: unknown rule or family '%s' (see "
                    "--list-rules)\n",
                    rule_names[i]);
            ok = false;
        }
    free(rule_names);
    return ok;
}

static void list_rules(const copylint_ctx *ctx, bool markdown)
{
    if (markdown)
        puts("| id | default | summary |\n| --- | --- | --- |");
    for (size_t i = 0; i < copylint_ctx_rule_count(ctx); i++) {
        const char *id = copylint_ctx_rule_id(ctx, i);
        const char *sev =
            copylint_severity_name(copylint_ctx_rule_default(ctx, i));
        const char *sum = copylint_ctx_rule_summary(ctx, i);
        if (markdown)
            printf("| `%s` | %s | %s |\n", id, sev, sum);
        else
            printf("%-26s %-8s %s\n", id, sev, sum);
    }
}

/*
 * Rule-file and configuration problems of a context (a malformed rule file,
 * a bad regex, an unsupported Vale feature), printed once per context on
 * standard error. The faulty rules are skipped and the rest still run;
 * returns true when one is an error, which makes the exit status 2.
 */
static bool report_problems(const copylint_ctx *ctx)
{
    static const copylint_ctx **seen;
    static size_t nseen;
    for (size_t i = 0; i < nseen; i++)
        if (seen[i] == ctx)
            return false;
    /* NOLINTNEXTLINE(bugprone-sizeof-expression): pointer elements */
    const copylint_ctx **p = realloc(seen, (nseen + 1) * sizeof(*p));
    if (!p)
        abort();
    seen = p;
    seen[nseen++] = ctx;
    bool error = false;
    for (size_t i = 0; i < copylint_ctx_problem_count(ctx); i++) {
        copylint_severity sev = copylint_ctx_problem_severity(ctx, i);
        if (sev == COPYLINT_SEVERITY_OFF)
            continue;
        fprintf(stderr, "%s\n", copylint_ctx_problem_text(ctx, i));
        if (sev == COPYLINT_SEVERITY_ERROR)
            error = true;
    }
    return error;
}

int main(int argc, char **argv)
{
    enum {
        OPT_COLOR = 256, OPT_PLAIN, OPT_FIXITS, OPT_LIST, OPT_DISABLE,
        OPT_ENABLE, OPT_SEVERITY, OPT_FAIL_ON, OPT_DATA_DIR, OPT_CONFIG,
        OPT_EXPLAIN_DIALECT, OPT_CROSS_FILE
    };
    static const struct option longopts[] = {
        {"format", required_argument, NULL, 'f'},
        {"color", required_argument, NULL, OPT_COLOR},
        {"colour", required_argument, NULL, OPT_COLOR},
        {"plain", no_argument, NULL, OPT_PLAIN},
        {"fixits", required_argument, NULL, OPT_FIXITS},
        {"quiet", no_argument, NULL, 'q'},
        {"list-rules", optional_argument, NULL, OPT_LIST},
        {"disable", required_argument, NULL, OPT_DISABLE},
        {"enable", required_argument, NULL, OPT_ENABLE},
        {"severity", required_argument, NULL, OPT_SEVERITY},
        {"fail-on", required_argument, NULL, OPT_FAIL_ON},
        {"data-dir", required_argument, NULL, OPT_DATA_DIR},
        {"config", required_argument, NULL, OPT_CONFIG},
        {"no-config", no_argument, NULL, OPT_CONFIG},
        {"print-config", required_argument, NULL, OPT_CONFIG},
        {"dialect", required_argument, NULL, OPT_CONFIG},
        {"style", required_argument, NULL, OPT_CONFIG},
        {"styles-path", required_argument, NULL, OPT_CONFIG},
        {"words", required_argument, NULL, OPT_CONFIG},
        {"reject", required_argument, NULL, OPT_CONFIG},
        {"explain-dialect", no_argument, NULL, OPT_EXPLAIN_DIALECT},
        {"cross-file", no_argument, NULL, OPT_CROSS_FILE},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, 'V'},
        CLI_RUN_LONGOPTS,
        {NULL, 0, NULL, 0},
    };
    struct options opt = {.format = "text", .color = -1,
                          .fail_on = COPYLINT_SEVERITY_WARNING};
    struct cli_run_opts run;
    cli_run_opts_init(&run);
    bool version = false;
    copylint_ctx *ctx = copylint_ctx_new();
    int c, li = 0;
    while ((c = getopt_long(argc, argv, "f:qhV" CLI_RUN_SHORTOPTS, longopts,
                            &li)) != -1) {
        switch (c) {
        case 'f':
            opt.format = optarg;
            break;
        case OPT_COLOR:
            if (strcmp(optarg, "never") == 0)
                opt.color = 0;
            else if (strcmp(optarg, "always") == 0)
                opt.color = 1;
            else if (strcmp(optarg, "auto") == 0)
                opt.color = -1;
            else
                usage_error("--color takes never, always or auto, not '%s'",
                            optarg);
            break;
        case OPT_PLAIN:
            opt.plain = true;
            break;
        case OPT_FIXITS:
            if (strcmp(optarg, "parseable") != 0)
                usage_error("--fixits takes 'parseable', not '%s'", optarg);
            opt.fixits = true;
            break;
        case 'q':
            opt.quiet = true;
            break;
        case OPT_LIST:
            if (optarg && strcmp(optarg, "markdown") != 0)
                usage_error("--list-rules takes 'markdown', not '%s'", optarg);
            opt.list_rules = optarg ? "markdown" : "text";
            break;
        case OPT_DISABLE:
            apply_rule_list(ctx, optarg, false);
            break;
        case OPT_ENABLE:
            apply_rule_list(ctx, optarg, true);
            break;
        case OPT_SEVERITY:
            apply_severity(ctx, optarg);
            break;
        case OPT_FAIL_ON: {
            copylint_severity sev;
            if (strcmp(optarg, "never") == 0)
                opt.fail_on = CLI_FAIL_NEVER;
            else if (copylint_severity_parse(optarg, &sev) &&
                     sev != COPYLINT_SEVERITY_OFF)
                opt.fail_on = (int)sev;
            else
                usage_error("--fail-on takes error, warning, info or never, "
                            "not '%s'",
                            optarg);
            copylint_config_set_fail_on(cli_config_layer(),
                                        opt.fail_on == CLI_FAIL_NEVER
                                            ? COPYLINT_SEVERITY_OFF
                                            : (copylint_severity)opt.fail_on);
            break;
        }
        case OPT_CONFIG:
            if (!cli_config_option(longopts[li].name, optarg)) {
                copylint_ctx_free(ctx);
                usage_error("bad argument to --%s", longopts[li].name);
            }
            break;
        case OPT_DATA_DIR:
            opt.data_dir = optarg;
            break;
        case OPT_EXPLAIN_DIALECT:
            run.explain_dialect = true;
            break;
        case OPT_CROSS_FILE:
            run.cross_file = true;
            break;
        case 'h':
            printf(usage_text, cli_run_usage);
            copylint_ctx_free(ctx);
            return 0;
        case 'V':
            version = true;
            break;
        default:
            if (cli_run_option(&run, c, optarg))
                break;
            fputs("Try 'copylint --help' for more information.\n", stderr);
            copylint_ctx_free(ctx);
            return EXIT_TROUBLE;
        }
    }

    char databuf[PATH_MAX];
    const char *data_dir = opt.data_dir ? opt.data_dir
                                        : find_data_dir(argv[0], databuf,
                                                        sizeof(databuf));
    if (version) {
        printf("copylint %s\ndata: %s\n", COPYLINT_VERSION, data_dir);
        copylint_ctx_free(ctx);
        return 0;
    }
    copylint_ctx_set_data_dir(ctx, data_dir);
    char formsbuf[PATH_MAX];
    const char *forms_dir =
        find_wordforms_dir(data_dir, formsbuf, sizeof(formsbuf));
    if (forms_dir)
        copylint_ctx_set_wordforms_dir(ctx, forms_dir);
    cli_config_setup(ctx, data_dir);
    copylint_status st = copylint_ctx_prepare(ctx);
    bool rule_trouble = report_problems(ctx);
    if (!check_rule_names(ctx)) {
        copylint_ctx_free(ctx);
        return EXIT_TROUBLE;
    }
    if (opt.list_rules) {
        list_rules(ctx, strcmp(opt.list_rules, "markdown") == 0);
        copylint_ctx_free(ctx);
        return st == COPYLINT_OK && !rule_trouble ? 0 : EXIT_TROUBLE;
    }
    if (st != COPYLINT_OK) {
        fprintf(stderr, "copylint: %s\n", copylint_ctx_errmsg(ctx));
        copylint_ctx_free(ctx);
        return EXIT_TROUBLE;
    }
    if (cli_config_print_requested()) {
        int r = cli_config_print();
        cli_config_free();
        copylint_ctx_free(ctx);
        return r;
    }
    if (optind >= argc) {
        copylint_ctx_free(ctx);
        usage_error("%s", "no input files");
    }

    bool color = opt.color == 1;
    if (opt.color == -1) {
        const char *nc = getenv("NO_COLOR");
        color = isatty(STDOUT_FILENO) && !(nc && *nc);
    }
    run.format = opt.format;
    run.out_flags = (color ? COPYLINT_OUTPUT_COLOR : 0) |
                    (opt.plain ? COPYLINT_OUTPUT_PLAIN : 0) |
                    (opt.fixits ? COPYLINT_OUTPUT_FIXITS : 0);
    run.fail_on = opt.fail_on;
    run.on_context = report_problems;
    run.trouble = rule_trouble;
    run.summary = !opt.plain && !opt.quiet && strcmp(opt.format, "text") == 0;
    int status = cli_run(ctx, &run, argv + optind, (size_t)(argc - optind));
    cli_run_opts_release(&run);
    cli_config_free();
    copylint_ctx_free(ctx);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "copylint: error writing output: %s\n",
                strerror(errno));
        return EXIT_TROUBLE;
    }
    return status;
}
