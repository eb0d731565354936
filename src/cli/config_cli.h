/*
 * config_cli.h: the command line's side of configuration: the options
 * (--config, --no-config, --print-config, --style, --styles-path,
 * --dialect, --words, --reject), and one prepared context per distinct
 * effective configuration, found for each linted file and cached.
 */
#ifndef COPYLINT_CLI_CONFIG_H
#define COPYLINT_CLI_CONFIG_H

#include <stdbool.h>
#include <stdio.h>

#include "copylint.h"

/* The command-line layer; rule options record themselves here too. */
copylint_config *cli_config_layer(void);

/* Handles one of the options above by its long name; false (with a
 * message on stderr) for a bad argument. */
bool cli_config_option(const char *name, const char *arg);

/* Applies the command-line layer to the base context and remembers the
 * data folder for the contexts made later. Call before preparing it. */
void cli_config_setup(copylint_ctx *base, const char *data_dir);

/* Whether --print-config was given. */
bool cli_config_print_requested(void);

/* Prints the effective configuration for the --print-config file; the
 * exit status (2 if its configuration has errors, which are printed). */
int cli_config_print(void);

enum cli_config_result {
    CLI_CONFIG_LINT,   /* *ctx and *fail_on are set */
    CLI_CONFIG_SKIP,   /* an `ignore` glob matches the file */
    CLI_CONFIG_TROUBLE /* the file's configuration is unusable */
};

/* The prepared context and fail-on level (OFF: never) for `path`.
 * Configuration errors are written to `out` once per configuration file,
 * as config.rule-invalid findings. */
enum cli_config_result cli_config_for(const char *path, copylint_output *out,
                                      copylint_ctx **ctx,
                                      copylint_severity *fail_on);

/* The same, but the configuration's error report, if this call makes it,
 * is handed back in *report (else NULL) for the caller to write in its
 * place in the output (run.c keeps output in file order while files are
 * linted in parallel); free it with copylint_doc_free(). */
enum cli_config_result cli_config_for_report(const char *path,
                                             copylint_doc **report,
                                             copylint_ctx **ctx,
                                             copylint_severity *fail_on);

/* Frees the cached contexts and configurations (not the base context). */
void cli_config_free(void);

#endif
