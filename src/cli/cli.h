/*
 * cli.h: the parts of the copylint command beyond option parsing, one
 * file each: walking paths (paths.c), the parallel file loop with its
 * deterministic output order (run.c), reading and atomically rewriting
 * files (files.c), unified diffs of fixes (diff.c) and baselines
 * (baseline.c). main.c parses options and calls cli_run(). Like main.c,
 * these use only the public API in copylint.h (and libc, pthreads and, for
 * the baseline file, jansson).
 */
#ifndef CPL_CLI_H
#define CPL_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/stat.h>

#include "copylint.h"

#define CLI_EXIT_FINDINGS 1
#define CLI_EXIT_TROUBLE 2
#define CLI_FAIL_NEVER 4 /* --fail-on never: above every severity */

/* Option codes of the options this part of the CLI owns. */
enum {
    CLI_OPT_FIRST = 512,
    CLI_OPT_FIX = CLI_OPT_FIRST,
    CLI_OPT_DIFF,
    CLI_OPT_MAX_FINDINGS,
    CLI_OPT_BASELINE,
    CLI_OPT_WRITE_BASELINE,
    CLI_OPT_INCLUDE,
    CLI_OPT_EXCLUDE,
    CLI_OPT_STDIN_FILENAME,
    CLI_OPT_LAST
};

/* Entries for main.c's getopt_long table ('j' is --jobs). */
#define CLI_RUN_LONGOPTS                                                       \
    {"fix", optional_argument, NULL, CLI_OPT_FIX},                             \
        {"diff", no_argument, NULL, CLI_OPT_DIFF},                             \
        {"max-findings", required_argument, NULL, CLI_OPT_MAX_FINDINGS},       \
        {"baseline", required_argument, NULL, CLI_OPT_BASELINE},               \
        {"write-baseline", required_argument, NULL, CLI_OPT_WRITE_BASELINE},   \
        {"include", required_argument, NULL, CLI_OPT_INCLUDE},                 \
        {"exclude", required_argument, NULL, CLI_OPT_EXCLUDE},                 \
        {"stdin-filename", required_argument, NULL, CLI_OPT_STDIN_FILENAME},   \
        {"jobs", required_argument, NULL, 'j'}

/* Short options this part owns, for getopt_long's string. */
#define CLI_RUN_SHORTOPTS "j:"

/* The help text of these options, printed by --help. */
extern const char cli_run_usage[];

enum cli_fix_mode { CLI_FIX_NONE, CLI_FIX_SAFE, CLI_FIX_ALL };

struct cli_run_opts {
    /* Filled by main.c. */
    const char *format;
    unsigned out_flags; /* enum copylint_output_flags */
    int fail_on;        /* a copylint_severity, or CLI_FAIL_NEVER */
    bool quiet;         /* no summary */
    bool summary;       /* print the closing summary on stderr */
    bool trouble;       /* exit 2 whatever happens (a bad rule file) */
    /* Called in file order with each file's context before it is linted;
     * true makes the exit status 2. May be NULL. */
    bool (*on_context)(const copylint_ctx *ctx);
    bool explain_dialect; /* each file's dialect and why, on stderr */
    bool cross_file;      /* hold every file for the run-level pass */

    /* Filled by cli_run_option(). */
    enum cli_fix_mode fix;
    bool diff;
    long max_findings; /* -1: no limit beyond --fail-on */
    const char *baseline, *write_baseline;
    const char *stdin_filename;
    const char **include, **exclude;
    size_t ninclude, nexclude;
    unsigned jobs; /* 0: one per core */
};

/* Sets defaults. */
void cli_run_opts_init(struct cli_run_opts *o);

/* Handles one of this part's options (c is the getopt code); prints a
 * usage error and exits 2 on a bad argument. Returns false if `c` is not
 * one of them. */
bool cli_run_option(struct cli_run_opts *o, int c, const char *arg);

/* Frees what cli_run_option() allocated. */
void cli_run_opts_release(struct cli_run_opts *o);

/* Lints the paths (files, directories, "-") and returns the exit status. */
int cli_run(copylint_ctx *ctx, const struct cli_run_opts *o, char **paths,
            size_t npaths);

/* ---- paths.c --------------------------------------------------------- */

struct cli_walker;

struct cli_walker *cli_walker_new(char **args, size_t nargs,
                                  const char *const *include, size_t ninclude,
                                  const char *const *exclude,
                                  size_t nexclude);
/* A file the walker opened while finding out what an argument is: the
 * descriptor (-1 if none) and what fstat() said of it. */
struct cli_opened {
    int fd;
    struct stat st;
};

/* The next file to lint, in a deterministic order (arguments as given,
 * directory entries sorted by name); NULL at the end. The string is the
 * caller's to free(). If *is_note is set, the string is instead a message
 * for standard error (a folder that cannot be read, which also sets
 * *trouble, or a symbolic link loop skipped), kept in order with the
 * files' own messages. With `opened` (else NULL), an argument that is not
 * a folder may come back open in *opened (to be read with cli_read_opened()
 * or closed): the open() and fstat() that tell a file from a folder then
 * serve for reading it too, where a stat() and an open() took two path
 * look-ups. */
char *cli_walker_next(struct cli_walker *w, bool *is_note, bool *trouble,
                      struct cli_opened *opened);
void cli_walker_free(struct cli_walker *w);

/* ---- files.c --------------------------------------------------------- */

/* What was read, for --fix's "changed since read" test. */
struct cli_stamp {
    dev_t dev;
    ino_t ino;
    off_t size;
    struct timespec mtime;
    mode_t mode;
    nlink_t nlink;
    uid_t uid;
    gid_t gid;
    bool is_link; /* the path itself is a symbolic link */
};

/* Reads a whole file ("-" is standard input). On failure returns false
 * with a sentence in err ("cannot open 'a': No such file or directory").
 * `stamp` (for cli_rewrite_file) may be NULL when the file will not be
 * rewritten. */
bool cli_read_file(const char *path, char **buf, size_t *len,
                   struct cli_stamp *stamp, char *err, size_t errsize);

/* cli_read_file() of a file cli_walker_next() opened (never for a
 * rewrite: no stamp); closes opened->fd. */
bool cli_read_opened(const char *path, const struct cli_opened *opened,
                     char **buf, size_t *len, char *err, size_t errsize);

/* A read buffer reused from one file to the next (one per thread): no
 * malloc() and free() per file. Free p when done. */
struct cli_buf {
    char *p;
    size_t cap;
};

/* cli_read_file() (no stamp) and cli_read_opened() into b, grown as
 * needed: *buf points into b, valid until its next use. */
bool cli_read_file_into(const char *path, struct cli_buf *b, char **buf,
                        size_t *len, char *err, size_t errsize);
bool cli_read_opened_into(const char *path, const struct cli_opened *opened,
                          struct cli_buf *b, char **buf, size_t *len,
                          char *err, size_t errsize);

/* Replaces `path` by `bytes` atomically: a temporary file in the same
 * folder, written, given the old mode, fsync'd and exchanged with the
 * original (renameat2 RENAME_EXCHANGE; a plain rename where the file
 * system cannot), then the folder fsync'd. Refuses (false, err) if the
 * file no longer matches `stamp` and `old` (changed since it was read,
 * checked before the exchange and again on the file taken out, which is
 * put back if it changed), if it is a symbolic link or has other hard
 * links. On failure the original (or the other writer's text) is in
 * place and no temporary file is left, except when two saves raced the
 * exchange: then both are kept and err names both files. */
bool cli_rewrite_file(const char *path, const struct cli_stamp *stamp,
                      const char *old, size_t oldlen, const char *bytes,
                      size_t len, char *err, size_t errsize);

/* ---- diff.c ---------------------------------------------------------- */

/* Writes a unified diff (3 lines of context, `git apply`-able) of the
 * fixes to `out`; `name` is the path shown. Writes nothing if no fix. */
void cli_diff_write(FILE *out, const char *name, const char *old,
                    size_t oldlen, const copylint_fixes *fixes);

/* ---- baseline.c ------------------------------------------------------ */

struct cli_baseline;

/* Loads a baseline file; NULL with a message in err on failure. */
struct cli_baseline *cli_baseline_load(const char *path, char *err,
                                       size_t errsize);
/* An empty baseline, to record findings for --write-baseline. */
struct cli_baseline *cli_baseline_new(void);
/* For each finding of doc, whether the baseline covers it: show[i] is set
 * false for those, which are used up (each entry covers as many findings
 * as it recorded). Returns how many were covered. */
size_t cli_baseline_match(struct cli_baseline *b, const copylint_doc *doc,
                          bool *show);
/* Records every finding of doc. */
void cli_baseline_record(struct cli_baseline *b, const copylint_doc *doc);
/* Writes the baseline (sorted, so reruns are byte-identical). */
bool cli_baseline_write(const struct cli_baseline *b, const char *path,
                        char *err, size_t errsize);
void cli_baseline_free(struct cli_baseline *b);

/* The fingerprint of a finding: a hash of its rule, its text and up to 32
 * code points either side on its line, as 16 hex digits. */
void cli_fingerprint(const copylint_doc *doc, const copylint_diag *d,
                     char out[17]);

#endif
