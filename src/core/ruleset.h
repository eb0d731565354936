/*
 * ruleset.h: rule packs ("styles") in Vale's YAML rule format. A style is a
 * folder of rule files; each file is one rule whose id is `Style.File`
 * (`proselint.Very`, `residue.boilerplate`). Files are parsed with libyaml,
 * patterns compiled once with PCRE2 (UTF, UCP, JIT) and the compiled rules
 * are shared read-only by every document of a run; per-document scratch
 * (match data, match limits, JIT stack) lives in a struct cpl_rule_scratch
 * that each run creates for itself.
 *
 * Problems in rule files (malformed YAML, a bad regex, an unknown type or
 * key) are collected on the context with cpl_ctx_problem() as
 * `file:line:col` diagnostics; the faulty rule is skipped and the others
 * load. The README section "Rule files" lists the Vale keys and how far
 * each is supported.
 */
#ifndef CPL_RULESET_H
#define CPL_RULESET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../copylint.h"
#include "doc.h"

struct cpl_ruleset;
struct cpl_vrule;
struct cpl_rule_scratch;

struct cpl_ruleset *cpl_ruleset_new(void);
/* Frees every rule; NULL is a no-op. The rules' cpl_rule_info entries are
 * borrowed by the context, so free the ruleset only with the context. */
void cpl_ruleset_free(struct cpl_ruleset *rs);

/* Loads every `*.yml` file of `dir` (sorted by name) as style `name`.
 * Problems go to the context; a missing folder is one when `required`.
 * Registers each rule with cpl_ctx_add_rule(). Returns the number of
 * rules loaded. */
size_t cpl_ruleset_load_style(struct cpl_ruleset *rs, copylint_ctx *ctx,
                              const char *name, const char *dir,
                              bool required);

/* Loads one rule from YAML text; `path` names it in problems and its base
 * name (without `.yml`) is the rule's name in style `style`. Returns the
 * rule, or NULL if it was skipped (the reason is a problem on ctx). */
const struct cpl_vrule *cpl_ruleset_load_string(struct cpl_ruleset *rs,
                                                copylint_ctx *ctx,
                                                const char *style,
                                                const char *path,
                                                const char *yaml, size_t len);

/* Builds what the rules share at run time (the combined word-list trie).
 * Call after the last load and before linting; loading more rules later
 * needs another call. */
void cpl_ruleset_finish(struct cpl_ruleset *rs);

/* Whether pattern t certainly closes every ( and [ it opens, so that
 * joined with other tokens it stays one piece (false: not certain; the
 * loader then compiles it alone). */
bool cpl_pattern_brackets_closed(const char *t);

/* Whether word lists (tokens, swap keys) that are plain words are
 * matched by a trie (the default, same findings) or as their whole
 * pattern on PCRE2 (tests, the fuzzer). Affects the rules loaded after
 * the call. */
void cpl_ruleset_set_word_trie(struct cpl_ruleset *rs, bool on);

/* Tests: whether the pass over a segmented document for the combined
 * word lists goes from token to token, passing over most words on a
 * look-up of the whole word (the default, same candidates), or walks
 * every byte and hashes every run of ASCII letters and digits (the
 * reference). */
void cpl_ruleset_set_word_token_pass(struct cpl_ruleset *rs, bool on);

/* Whether regex rules run only where their required literals occur
 * (the default, same findings) or over their whole text (tests). */
void cpl_ruleset_set_prefilter(struct cpl_ruleset *rs, bool on);

/* Tests: whether the prefilter's pass over a document walks every byte
 * (the reference) or only the places where a literal may start (the
 * default, same hits). */
void cpl_ruleset_set_prefilter_bytewise(struct cpl_ruleset *rs, bool on);
/* Tests: how the prefilter's pass picks the places it looks at besides
 * word starts (after cpl_ruleset_finish): 0 by first and second byte,
 * 1 by first byte alone, 2 every place. */
int cpl_ruleset_prefilter_mode(const struct cpl_ruleset *rs);

/* Whether rules whose pattern has a shape core/native.h knows are
 * matched in C, and patterns that begin with a run of one class skip the
 * starts inside such a run (the default, same findings), or every rule
 * runs its own pattern on PCRE2 (tests). Call before
 * cpl_ruleset_finish(). */
void cpl_ruleset_set_native(struct cpl_ruleset *rs, bool on);

/* Whether the rules that cannot match in a document (their prefilter
 * found none of their literals there, their word list none of its
 * words) are passed over, and a rule of sentence or paragraph scope runs
 * only on the blocks that hold one of its prefilter hits (the default,
 * same findings: see cpl_rule_scratch_runnable()), or every rule runs
 * on every block (tests). */
void cpl_ruleset_set_run_skip(struct cpl_ruleset *rs, bool on);

/* Whether existence rules whose files differ only in keys that do not
 * decide matches (message, level, link, description) match once per
 * document for all of them, each adding its own findings (the default,
 * same findings), or each on its own (tests). Call before
 * cpl_ruleset_finish(). */
void cpl_ruleset_set_shared_match(struct cpl_ruleset *rs, bool on);
/* Tests: whether rules a and b share their matching (after
 * cpl_ruleset_finish()). */
bool cpl_vrule_shares_matching(const struct cpl_vrule *a,
                               const struct cpl_vrule *b);

/* Whether style `name` was loaded (even if it had no usable rule). */
bool cpl_ruleset_has_style(const struct cpl_ruleset *rs, const char *name);

size_t cpl_ruleset_count(const struct cpl_ruleset *rs);
const struct cpl_vrule *cpl_ruleset_rule(const struct cpl_ruleset *rs,
                                         size_t i);
/* "proselint" for proselint.Very. */
const char *cpl_vrule_style(const struct cpl_vrule *r);
/* The same number for every rule of one style (the index of its first
 * rule), set by cpl_ruleset_finish(): comparing styles without strcmp. */
uint32_t cpl_vrule_style_ord(const struct cpl_vrule *r);
const struct cpl_rule_info *cpl_vrule_info(const struct cpl_vrule *r);
const char *cpl_vrule_path(const struct cpl_vrule *r);

/* The copylint `test:` examples of a rule (NULL-free arrays). */
size_t cpl_vrule_examples(const struct cpl_vrule *r, bool bad,
                          const char *const **out);

/* Per-document scratch: create one per document, or one per thread
 * that cpl_rule_scratch_reset() readies for each next document (its
 * buffers are kept); never share it between threads. */
struct cpl_rule_scratch *cpl_rule_scratch_new(const struct cpl_ruleset *rs,
                                              const copylint_doc *doc);
void cpl_rule_scratch_reset(struct cpl_rule_scratch *s,
                            const copylint_doc *doc);
void cpl_rule_scratch_free(struct cpl_rule_scratch *s);

/* A scratch for doc: one that an earlier document gave back with
 * cpl_ruleset_scratch_put() (reset for doc), or a new one. Thread-safe:
 * a run makes about one scratch per thread instead of one per document.
 * Pooled scratches are freed by cpl_ruleset_finish() and
 * cpl_ruleset_free(). */
struct cpl_rule_scratch *cpl_ruleset_scratch_take(const struct cpl_ruleset *rs,
                                                  const copylint_doc *doc);
/* Gives s (NULL: nothing) back for a later document; freed when the
 * pool is full. */
void cpl_ruleset_scratch_put(const struct cpl_ruleset *rs,
                             struct cpl_rule_scratch *s);

/* A prefilter pass for the rules i with active[i] (nrules entries) only:
 * call after cpl_ruleset_finish() and before linting (not thread-safe).
 * Returns its number for cpl_rule_scratch_set_variant(), the same for
 * the same set; 0 (every rule) when there are too many. */
size_t cpl_ruleset_prefilter_variant(struct cpl_ruleset *rs,
                                     const bool *active);
/* The number of the variant made for `active`, 0 if none. */
size_t cpl_ruleset_prefilter_find(const struct cpl_ruleset *rs,
                                  const bool *active);
/* Which prefilter pass the scratch's document uses (0: every rule; reset
 * sets 0). A rule outside the variant's set still runs, on its whole
 * text: the findings never depend on the variant. Call before the first
 * cpl_vrule_run() of the document. */
void cpl_rule_scratch_set_variant(struct cpl_rule_scratch *s, size_t v);

/* Tests: how far before its literal a match of r may start, in
 * characters (*off) and in stop characters (*ws); UINT32_MAX: no bound
 * (see "required-literal prefilter" in ruleset.c). False when the rule
 * has no prefilter. Call after cpl_ruleset_finish(). */
bool cpl_vrule_pf_bounds(const struct cpl_vrule *r, uint32_t *off,
                         uint32_t *ws);
/* Tests: rule r's required literals (each a flag byte, '@' + PF_WB_*,
 * then folded text) in *lits, and whether it spells \d as the ASCII
 * digits (*udigit); their number returned, 0 when it has no prefilter.
 * Call after cpl_ruleset_finish(). */
size_t cpl_vrule_pf_lits(const struct cpl_vrule *r, const char *const **lits,
                         bool *udigit);
/* Tests: whether the literal analysis reads a lookaround whose result it
 * does not use ((?!, (?<=, (?<!) without making its sets and stretches
 * (the default, same literals) or analyses it in full (the reference).
 * Call before cpl_ruleset_finish(). */
void cpl_ruleset_set_pf_light(struct cpl_ruleset *rs, bool on);

/* Tests: the prefilter's hits of rule `rule` (its index in the ruleset)
 * in doc, the scratch's document: byte offsets in text order in *hits,
 * their number returned; SIZE_MAX when the document runs the rule on
 * its whole text (every rule, or the rule is outside the variant). */
size_t cpl_rule_scratch_pf_hits(struct cpl_rule_scratch *s,
                                const copylint_doc *doc, size_t rule,
                                const uint32_t **hits);

/* The rules to run on the scratch's document, in rule order: of the
 * rules i with active[i] (nrules entries; NULL: every rule), those that
 * are not off in doc->ctx and that may find something there. A rule
 * whose every match starts at a prefilter hit, or is a candidate of the
 * combined word lists, and that has none in the document cannot; the
 * check reads the document's prefilter and word-list passes (made here
 * when some listed rule needs them), not the rules. Their indexes in
 * *out (valid until the next call with s); returns their number.
 * Running only these with cpl_vrule_run() gives the same findings as
 * running every active rule. Call after cpl_rule_scratch_set_variant(). */
size_t cpl_rule_scratch_runnable(struct cpl_rule_scratch *s,
                                 const copylint_doc *doc, const bool *active,
                                 const uint32_t **out);

/* Runs one rule over a segmented document, adding its findings. A rule
 * whose pattern exceeds the match limits is reported once (a
 * config.rule-invalid finding in the document where it happened) and is
 * skipped from then on, in every thread. */
void cpl_vrule_run(const struct cpl_vrule *r, copylint_doc *doc,
                   struct cpl_rule_scratch *s);

/* Decodes HTML entities of s[0..len) into a new string (free() it);
 * unknown entities stay as they are. Used by the `${N|html}` fix filter. */
char *cpl_html_unescape(const char *s, size_t len);

#endif
