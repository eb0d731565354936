/*
 * config.h: the body of copylint_config, one layer of settings: either a
 * `.copylint.yml` file or the command line. copylint_config_apply() merges
 * a file layer and a command-line layer onto a context; every value keeps
 * the line it came from for --print-config and for error positions.
 */
#ifndef CPL_CONFIG_H
#define CPL_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "../copylint.h"

/* One value; line 0 means the command line. */
struct cpl_cfg_item {
    char *value;
    unsigned line, col, end_col; /* col 0: unknown */
};

struct cpl_cfg_list {
    struct cpl_cfg_item *v;
    size_t n, cap;
    bool set; /* the key was given (possibly as an empty list) */
    unsigned line;
};

struct cpl_cfg_rule {
    char *pattern;
    copylint_severity sev;
    bool use_default; /* `on`: the rule's own default severity */
    unsigned line, col, end_col;
};

struct cpl_cfg_error {
    unsigned line, col, end_col; /* 1-based; col 0: whole file */
    char *msg;
};

struct copylint_config {
    char *path; /* NULL for the command line */
    char *dir;  /* prefix for relative paths: "", "a/b/", "../" */
    char *bytes;
    size_t len;

    struct cpl_cfg_list dialect, style, styles_path, words, reject, ignore,
        fail_on;
    struct cpl_cfg_rule *rules;
    size_t nrules, caprules;

    struct cpl_cfg_error *errors;
    size_t nerrors, caperrors;
    char errmsg[1024];
};

/* The folder part of `path` with its final '/', or "" ("a/b.txt" -> "a/").
 * free() it. */
char *cpl_config_dir_of(const char *path);

#endif
