/*
 * copylint.h: the public interface of libcopylint, a linter for wire-service
 * news copy. A context holds what is shared by every article of a run
 * (options, data files, compiled rules, dictionaries); a document is one
 * article and the findings copylint made in it.
 *
 * Typical use:
 *
 *     copylint_ctx *ctx = copylint_ctx_new();
 *     copylint_ctx_set_data_dir(ctx, "/usr/share/copylint");
 *     if (copylint_ctx_prepare(ctx) != COPYLINT_OK) ... copylint_ctx_errmsg(ctx)
 *     copylint_doc *doc;
 *     if (copylint_doc_load(ctx, "story.txt", &doc) == COPYLINT_OK) {
 *         copylint_doc_lint(ctx, doc);
 *         for (size_t i = 0; i < copylint_doc_diag_count(doc); i++) ...
 *         copylint_doc_free(doc);
 *     }
 *     copylint_ctx_free(ctx);
 *
 * Ownership: documents borrow their context, so free every document before
 * the context. A `const char *` returned by this API is borrowed and lives as
 * long as the object it came from. Out-parameters are written only on
 * success. Running out of memory aborts the process (as cmark and git do);
 * no function returns NULL for lack of memory.
 *
 * Threads: after copylint_ctx_prepare() the context is read-only, so several
 * threads may each lint their own documents with one context at once.
 */
#ifndef COPYLINT_H
#define COPYLINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "copylint_export.h"

#ifdef __cplusplus
extern "C" {
#endif

#define COPYLINT_VERSION "0.1.0"

/* The largest document copylint reads, in bytes (offsets are 32-bit).
 * Larger input fails with COPYLINT_ERR_TOO_BIG before it is read whole. */
#define COPYLINT_MAX_BYTES ((size_t)512 << 20)

typedef struct copylint_ctx copylint_ctx;
typedef struct copylint_doc copylint_doc;
typedef struct copylint_diag copylint_diag;
typedef struct copylint_output copylint_output;
typedef struct copylint_config copylint_config;

typedef enum {
    COPYLINT_OK = 0,
    COPYLINT_ERR_IO,      /* a file could not be opened or read */
    COPYLINT_ERR_RULES,   /* a rule file or config is invalid */
    COPYLINT_ERR_DICT,    /* a dictionary or data file is missing or bad */
    COPYLINT_ERR_TOO_BIG, /* the input exceeds the size limit */
    COPYLINT_ERR_ARG,     /* a caller passed an invalid argument */
    COPYLINT_ERR_BINARY,  /* the input is not text (it holds NUL bytes) */
    COPYLINT_ERR_NOT_FILE /* the path is a directory, FIFO or device */
} copylint_status;

/* Ordered: a higher value is more severe. OFF disables a rule. */
typedef enum {
    COPYLINT_SEVERITY_OFF = 0,
    COPYLINT_SEVERITY_INFO = 1,
    COPYLINT_SEVERITY_WARNING = 2,
    COPYLINT_SEVERITY_ERROR = 3
} copylint_severity;

/** A sentence naming the status, e.g. "binary file". Never NULL. */
COPYLINT_EXPORT const char *copylint_strerror(copylint_status status);

/** "info", "warning", "error" or "off". Never NULL. */
COPYLINT_EXPORT const char *copylint_severity_name(copylint_severity sev);

/** Parses "info", "warning", "error", "off" (also Vale's "suggestion").
 * Returns false and leaves `*out` untouched for anything else. */
COPYLINT_EXPORT bool copylint_severity_parse(const char *name,
                                             copylint_severity *out);

/* ---- context --------------------------------------------------------- */

/** A new context with default options. Free it with copylint_ctx_free(). */
COPYLINT_EXPORT copylint_ctx *copylint_ctx_new(void);

/** Frees the context; NULL is a no-op. Free its documents first. */
COPYLINT_EXPORT void copylint_ctx_free(copylint_ctx *ctx);

/** The folder that holds copylint's `dicts/` and `rules/`. Copied. */
COPYLINT_EXPORT void copylint_ctx_set_data_dir(copylint_ctx *ctx,
                                               const char *dir);

/** The article's English: "en_CA", "en_US", "en_GB" or "auto" (default:
 * inferred per article from its credit line and spellings). Copied. */
COPYLINT_EXPORT copylint_status copylint_ctx_set_dialect(copylint_ctx *ctx,
                                                         const char *dialect);

/** Adds a style pack to run ("cp", "ap", "proselint"). Without any, the
 * house packs follow each article's dialect (CP for en_CA, AP for en_US).
 * Copied. */
COPYLINT_EXPORT void copylint_ctx_add_style(copylint_ctx *ctx,
                                            const char *name);

/** Adds a folder that holds style folders (Vale's StylesPath). Copied. */
COPYLINT_EXPORT void copylint_ctx_add_styles_path(copylint_ctx *ctx,
                                                  const char *dir);

/** Adds a file of accepted words (one per line). Copied. */
COPYLINT_EXPORT void copylint_ctx_add_words_file(copylint_ctx *ctx,
                                                 const char *path);

/** Adds a file of banned words (one per line, `#` comments): each use in
 * an article is a `style.reject` finding. Copied. */
COPYLINT_EXPORT void copylint_ctx_add_reject_file(copylint_ctx *ctx,
                                                  const char *path);
/** The folder holding the hunspell en_US, en_CA and en_GB .aff/.dic
 * files (default /usr/share/hunspell). Copied. */
COPYLINT_EXPORT void copylint_ctx_set_hunspell_dir(copylint_ctx *ctx,
                                                   const char *dir);
/** The folder holding the compiled word-form tables (en_CA.cwf, ...) made
 * from those hunspell dictionaries at build time. Optional: a table that
 * is missing, or stale because its dictionary changed, is not used and
 * hunspell answers alone (same findings, slower). Copied. */
COPYLINT_EXPORT void copylint_ctx_set_wordforms_dir(copylint_ctx *ctx,
                                                    const char *dir);

/** Sets the severity of every rule whose id is `pattern` or starts with
 * `pattern` followed by '.' (so "quote" covers "quote.unclosed"); "*"
 * covers every rule.
 * COPYLINT_SEVERITY_OFF disables. Settings apply in call order, the more
 * specific pattern winning over a family prefix. Call before prepare. */
COPYLINT_EXPORT void copylint_ctx_set_rule(copylint_ctx *ctx,
                                           const char *pattern,
                                           copylint_severity sev);

/** Turns a rule (or family) on at its default severity. */
COPYLINT_EXPORT void copylint_ctx_enable_rule(copylint_ctx *ctx,
                                              const char *pattern);

/** Loads the data files and compiles the rules. On failure the context
 * stays usable for listing rules and copylint_ctx_errmsg() says why. */
COPYLINT_EXPORT copylint_status copylint_ctx_prepare(copylint_ctx *ctx);

/** The last error, as a sentence naming the file; "" if none. Borrowed. */
COPYLINT_EXPORT const char *copylint_ctx_errmsg(const copylint_ctx *ctx);

/*
 * Problems with rule files and configuration found while preparing (a
 * malformed YAML file, a bad regex, an unknown key, a Vale feature copylint
 * does not support). The rule that had the problem is skipped and the
 * others run; copylint_ctx_prepare() still succeeds. The CLI prints them
 * and exits 2 when one is an error. Strings are borrowed from the context.
 */
COPYLINT_EXPORT size_t copylint_ctx_problem_count(const copylint_ctx *ctx);
/** "rules/cp/Numbers.yml:12:9: error: missing ) [config.rule-invalid]" */
COPYLINT_EXPORT const char *copylint_ctx_problem_text(const copylint_ctx *ctx,
                                                      size_t i);
COPYLINT_EXPORT const char *copylint_ctx_problem_path(const copylint_ctx *ctx,
                                                      size_t i);
/** 1-based line and code-point column; 0 when unknown. */
COPYLINT_EXPORT unsigned copylint_ctx_problem_line(const copylint_ctx *ctx,
                                                   size_t i);
COPYLINT_EXPORT unsigned copylint_ctx_problem_column(const copylint_ctx *ctx,
                                                     size_t i);
COPYLINT_EXPORT const char *
copylint_ctx_problem_message(const copylint_ctx *ctx, size_t i);
/** "config.rule-invalid" or "config.rule-unsupported". */
COPYLINT_EXPORT const char *copylint_ctx_problem_rule(const copylint_ctx *ctx,
                                                      size_t i);
/** The severity in force for the problem's rule (OFF if disabled). */
COPYLINT_EXPORT copylint_severity
copylint_ctx_problem_severity(const copylint_ctx *ctx, size_t i);

/** Whether `pattern` names at least one known rule or family. */
COPYLINT_EXPORT bool copylint_ctx_rule_known(const copylint_ctx *ctx,
                                             const char *pattern);

/* Every rule the context knows: the built-in catalogue, then rule files. */
COPYLINT_EXPORT size_t copylint_ctx_rule_count(const copylint_ctx *ctx);
COPYLINT_EXPORT const char *copylint_ctx_rule_id(const copylint_ctx *ctx,
                                                 size_t i);
COPYLINT_EXPORT const char *copylint_ctx_rule_summary(const copylint_ctx *ctx,
                                                      size_t i);
COPYLINT_EXPORT copylint_severity
copylint_ctx_rule_default(const copylint_ctx *ctx, size_t i);
/** The severity in force after copylint_ctx_set_rule(); OFF if disabled. */
COPYLINT_EXPORT copylint_severity
copylint_ctx_rule_severity(const copylint_ctx *ctx, size_t i);

/* ---- documents ------------------------------------------------------- */

/** Reads `path` ("-" for standard input) into a new document. On success
 * `*out` owns a copy of the bytes; on failure `*out` is untouched and
 * copylint_ctx_errmsg() names the file and the reason. Invalid UTF-8 is
 * not a failure: it becomes an `encoding.invalid-utf8` finding. */
COPYLINT_EXPORT copylint_status copylint_doc_load(copylint_ctx *ctx,
                                                  const char *path,
                                                  copylint_doc **out);

/** A document over a copy of `bytes`, named `name` in findings. */
COPYLINT_EXPORT copylint_status
copylint_doc_from_bytes(copylint_ctx *ctx, const char *name, const char *bytes,
                        size_t len, copylint_doc **out);

/** copylint_doc_from_bytes() without the copy: the document takes `bytes`,
 * which must come from malloc() with room for len + 1 bytes (byte `len`
 * becomes a NUL). The document frees them; on failure they are freed at
 * once. */
COPYLINT_EXPORT copylint_status
copylint_doc_take(copylint_ctx *ctx, const char *name, char *bytes,
                  size_t len, copylint_doc **out);

/** Runs every enabled check on `doc`. Findings accumulate in the document,
 * sorted by position. Safe to call from several threads on different
 * documents sharing one prepared context. */
COPYLINT_EXPORT void copylint_doc_lint(const copylint_ctx *ctx,
                                       copylint_doc *doc);

/** Frees the document and its findings; NULL is a no-op. */
COPYLINT_EXPORT void copylint_doc_free(copylint_doc *doc);

/** The name given at load time. Borrowed. */
COPYLINT_EXPORT const char *copylint_doc_path(const copylint_doc *doc);
/** The document's bytes as read (BOM and invalid bytes included). */
COPYLINT_EXPORT const char *copylint_doc_bytes(const copylint_doc *doc,
                                               size_t *len);
COPYLINT_EXPORT size_t copylint_doc_diag_count(const copylint_doc *doc);
/** The i-th finding in position order; NULL when i is out of range. */
COPYLINT_EXPORT const copylint_diag *copylint_doc_diag(const copylint_doc *doc,
                                                       size_t i);

/** The document's English as linted: "en_CA", "en_US", "en_GB" or
 * "unknown" (no credit line and no majority of distinctive spellings). */
COPYLINT_EXPORT const char *copylint_doc_dialect(const copylint_doc *doc);
/** Why: "credit 'The Canadian Press'", "set by --dialect", ... Borrowed;
 * "" before linting. */
COPYLINT_EXPORT const char *copylint_doc_dialect_reason(const copylint_doc *doc);
/** The house style the dialect selects ("cp", "ap"), or NULL. */
COPYLINT_EXPORT const char *copylint_doc_house_style(const copylint_doc *doc);

/** A run-level pass over several linted documents (a story package):
 * checks that look across articles (names.cross-file: one name spelled
 * differently in two stories) add their findings to the documents. Call
 * after copylint_doc_lint() on each and before writing output; findings
 * stay sorted. The documents must not be linted or freed meanwhile. */
COPYLINT_EXPORT void copylint_docs_cross_check(const copylint_ctx *ctx,
                                               copylint_doc *const *docs,
                                               size_t ndocs);

/* ---- findings -------------------------------------------------------- */

COPYLINT_EXPORT const char *copylint_diag_rule(const copylint_diag *d);
COPYLINT_EXPORT copylint_severity copylint_diag_severity(const copylint_diag *d);
COPYLINT_EXPORT const char *copylint_diag_message(const copylint_diag *d);
/** True for a finding about the whole file (no line or column). */
COPYLINT_EXPORT bool copylint_diag_whole_file(const copylint_diag *d);
/* 1-based; columns count Unicode code points. end_column is exclusive. */
COPYLINT_EXPORT unsigned copylint_diag_line(const copylint_diag *d);
COPYLINT_EXPORT unsigned copylint_diag_column(const copylint_diag *d);
COPYLINT_EXPORT unsigned copylint_diag_end_line(const copylint_diag *d);
COPYLINT_EXPORT unsigned copylint_diag_end_column(const copylint_diag *d);
/* Byte range in the document's bytes. */
COPYLINT_EXPORT size_t copylint_diag_offset(const copylint_diag *d);
COPYLINT_EXPORT size_t copylint_diag_length(const copylint_diag *d);
/* 0-based code-point offset and length (SARIF charOffset/charLength). */
COPYLINT_EXPORT size_t copylint_diag_char_offset(const copylint_diag *d);
COPYLINT_EXPORT size_t copylint_diag_char_length(const copylint_diag *d);

/* Suggested fixes: replace the byte range with the text ("" deletes). A
 * safe fix needs no editorial judgement (quote direction, doubled space);
 * an unsafe one is a suggestion (a spelling, a title). */
COPYLINT_EXPORT size_t copylint_diag_fix_count(const copylint_diag *d);
COPYLINT_EXPORT size_t copylint_diag_fix_offset(const copylint_diag *d,
                                                size_t i);
COPYLINT_EXPORT size_t copylint_diag_fix_length(const copylint_diag *d,
                                                size_t i);
COPYLINT_EXPORT const char *copylint_diag_fix_text(const copylint_diag *d,
                                                   size_t i);
COPYLINT_EXPORT bool copylint_diag_fix_safe(const copylint_diag *d, size_t i);

/* ---- configuration ---------------------------------------------------- */

/*
 * A configuration layer: a `.copylint.yml` file, or the settings given on
 * the command line. The file is found by walking up from each linted file
 * (copylint_config_find); the nearest one wins, whole, and files are not
 * merged. Command-line settings override the file's:
 * copylint_config_apply() merges the two onto a fresh context.
 */

/** The name copylint looks for: ".copylint.yml". */
#define COPYLINT_CONFIG_NAME ".copylint.yml"

/** An empty layer, for settings from the command line. Free it with
 * copylint_config_free(). */
COPYLINT_EXPORT copylint_config *copylint_config_new(void);

/** Frees the layer; NULL is a no-op. */
COPYLINT_EXPORT void copylint_config_free(copylint_config *cfg);

/** The nearest ".copylint.yml" in the folder of `file` or a folder above
 * it, up to the filesystem root ("-": from the current folder). The path
 * is built on `file` as given ("../.copylint.yml" for "story.txt" one
 * level down); free() it. NULL if there is none. */
COPYLINT_EXPORT char *copylint_config_find(const char *file);

/** Reads a configuration file into a new layer. COPYLINT_ERR_IO if the
 * file cannot be read: `*out` is untouched and `errbuf` says why.
 * Otherwise `*out` is set, even when the file is invalid: then the status
 * is COPYLINT_ERR_RULES, copylint_config_error_count() > 0 and
 * copylint_config_report() makes the errors into findings. Relative paths
 * in the file are taken relative to its folder. */
COPYLINT_EXPORT copylint_status copylint_config_load(const char *path,
                                                     copylint_config **out,
                                                     char *errbuf,
                                                     size_t errsize);

/** The file's path as given to copylint_config_load(); NULL for a
 * command-line layer. Borrowed. */
COPYLINT_EXPORT const char *copylint_config_path(const copylint_config *cfg);

/* Command-line settings. Strings are copied. */
COPYLINT_EXPORT copylint_status
copylint_config_set_dialect(copylint_config *cfg, const char *dialect);
/** Any style given here replaces the file's `style` list. */
COPYLINT_EXPORT void copylint_config_add_style(copylint_config *cfg,
                                               const char *name);
COPYLINT_EXPORT void copylint_config_add_styles_path(copylint_config *cfg,
                                                     const char *dir);
COPYLINT_EXPORT void copylint_config_add_words(copylint_config *cfg,
                                               const char *path);
COPYLINT_EXPORT void copylint_config_add_reject(copylint_config *cfg,
                                                const char *path);
/** As copylint_ctx_set_rule(); a command-line pattern overrides every file
 * setting it covers ("--disable quote" beats "quote.unclosed: error"). */
COPYLINT_EXPORT void copylint_config_set_rule(copylint_config *cfg,
                                              const char *pattern,
                                              copylint_severity sev);
COPYLINT_EXPORT void copylint_config_enable_rule(copylint_config *cfg,
                                                 const char *pattern);
/** The level at which findings fail the run; OFF means never. */
COPYLINT_EXPORT void copylint_config_set_fail_on(copylint_config *cfg,
                                                 copylint_severity level);

/** Applies the file layer `file` (may be NULL) and then the command-line
 * layer `cli` (may be NULL) to a context that is not prepared yet. */
COPYLINT_EXPORT copylint_status copylint_config_apply(
    const copylint_config *file, const copylint_config *cli,
    copylint_ctx *ctx);

/** After copylint_ctx_prepare(): records an error for each `rules` key of
 * `cfg` that names no rule the context knows, and for each `style` that
 * loaded no rule. COPYLINT_ERR_RULES if any. */
COPYLINT_EXPORT copylint_status
copylint_config_check_rules(copylint_config *cfg, const copylint_ctx *ctx);

/** Whether the file layer's `ignore` globs (relative to its folder) match
 * `path`. */
COPYLINT_EXPORT bool copylint_config_ignores(const copylint_config *file,
                                             const char *path);

/** The effective fail-on level (OFF: never), `dflt` if neither sets it. */
COPYLINT_EXPORT copylint_severity
copylint_config_fail_on(const copylint_config *file,
                        const copylint_config *cli, copylint_severity dflt);

/** Writes the effective configuration for `target` as YAML, each value
 * commented with where it came from (default, file:line, command line). */
COPYLINT_EXPORT void copylint_config_print(const copylint_config *file,
                                           const copylint_config *cli,
                                           const char *target, FILE *out);

COPYLINT_EXPORT size_t copylint_config_error_count(const copylint_config *cfg);

/** The first error as "file:line:col: message"; "" if none. Borrowed. */
COPYLINT_EXPORT const char *copylint_config_errmsg(const copylint_config *cfg);

/** A document over the configuration file holding one
 * `config.rule-invalid` finding per error, for any output writer. Free it
 * with copylint_doc_free() before `ctx`. */
COPYLINT_EXPORT copylint_status copylint_config_report(
    const copylint_config *cfg, copylint_ctx *ctx, copylint_doc **out);

/* ---- applying fixes -------------------------------------------------- */

/*
 * A fix set is the edits copylint would make to a linted document: for
 * each finding, its first fix that qualifies (a finding's fixes are
 * alternatives, best first), where only safe fixes qualify unless
 * COPYLINT_FIX_ALL is given. Edits are never applied on top of each other:
 * they are taken in order of start offset, then the longer range first,
 * then the finding that comes first in the document's order; an edit that
 * overlaps one already taken, or starts where one already taken starts,
 * is skipped (an identical edit from another finding counts as taken, and
 * fixes that finding too). An edit that ends where the next starts is not
 * an overlap. Bytes outside the edits are never changed, so a second lint
 * of the result may pick up the skipped fixes.
 */
typedef struct copylint_fixes copylint_fixes;

enum copylint_fix_flags {
    COPYLINT_FIX_ALL = 1 << 0 /* also fixes that need judgement */
};

/** The fix set of a linted document. It borrows `doc`: free it first. */
COPYLINT_EXPORT copylint_fixes *copylint_fixes_new(const copylint_doc *doc,
                                                   unsigned flags);
/** Frees the fix set; NULL is a no-op. */
COPYLINT_EXPORT void copylint_fixes_free(copylint_fixes *fixes);

/** The number of edits chosen, in increasing offset order. */
COPYLINT_EXPORT size_t copylint_fixes_count(const copylint_fixes *fixes);
/* The i-th edit: replace bytes [offset, offset+length) of the document's
 * bytes with text ("" deletes). The text is borrowed from the document. */
COPYLINT_EXPORT size_t copylint_fixes_offset(const copylint_fixes *fixes,
                                             size_t i);
COPYLINT_EXPORT size_t copylint_fixes_length(const copylint_fixes *fixes,
                                             size_t i);
COPYLINT_EXPORT const char *copylint_fixes_text(const copylint_fixes *fixes,
                                                size_t i);
/** Whether finding `diag_index` of the document is fixed by the set. */
COPYLINT_EXPORT bool copylint_fixes_diag_fixed(const copylint_fixes *fixes,
                                               size_t diag_index);
/** How many findings the set fixes, and how many qualifying fixes were
 * left out because they overlapped another. */
COPYLINT_EXPORT size_t copylint_fixes_fixed(const copylint_fixes *fixes);
COPYLINT_EXPORT size_t copylint_fixes_skipped(const copylint_fixes *fixes);

/** Applies the edits to `bytes` (the document's bytes, `len` long) and
 * returns the result in `*out` (NUL-terminated; free() it) and its length
 * in `*out_len`. COPYLINT_ERR_ARG if an edit lies beyond `len`. */
COPYLINT_EXPORT copylint_status
copylint_fixes_apply(const copylint_fixes *fixes, const char *bytes,
                     size_t len, char **out, size_t *out_len);

/* ---- output ---------------------------------------------------------- */

enum copylint_output_flags {
    COPYLINT_OUTPUT_COLOR = 1 << 0,    /* ANSI colour (text) */
    COPYLINT_OUTPUT_PLAIN = 1 << 1,    /* no source excerpt, caret or fix */
    COPYLINT_OUTPUT_FIXITS = 1 << 2    /* parseable fix-it lines (text) */
};

/** A writer for `format` ("text", "json", ...) onto `out`, which it
 * borrows. COPYLINT_ERR_ARG for an unknown format. */
COPYLINT_EXPORT copylint_status copylint_output_new(const copylint_ctx *ctx,
                                                    const char *format,
                                                    FILE *out, unsigned flags,
                                                    copylint_output **writer);
/** Writes the findings of one linted document. */
COPYLINT_EXPORT void copylint_output_doc(copylint_output *w,
                                         const copylint_doc *doc);
/** The same, writing only finding i where show[i] (show NULL: all), as
 * for findings a baseline covers. `show` is read during the call only. */
COPYLINT_EXPORT void copylint_output_doc_filtered(copylint_output *w,
                                                  const copylint_doc *doc,
                                                  const bool *show);
/** Finishes the output (closing brackets, summary) and frees the writer. */
COPYLINT_EXPORT void copylint_output_finish(copylint_output *w);
/** A NULL-terminated list of the format names. */
COPYLINT_EXPORT const char *const *copylint_output_formats(void);

#ifdef __cplusplus
}
#endif

#endif /* COPYLINT_H */
