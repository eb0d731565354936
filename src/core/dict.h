/*
 * dict.h: the dictionaries shared by the dialect inference, the spelling
 * check and the name checks: the hunspell dictionaries (en_US, en_CA,
 * en_GB), the newsroom word lists in dicts/, the user's word lists, the
 * table of dialect variants and the names list with its diacritics.
 *
 * Hunspell dictionaries are loaded lazily, the first time an article needs
 * one (a cold run over one Canadian article loads only en_CA: ~40 ms each).
 * Look-ups are cached per distinct word in a sharded, locked cache shared by
 * every thread; hunspell handles are not thread-safe, so each sits behind
 * its own mutex. Everything else is read-only after cpl_dict_new().
 */
#ifndef CPL_DICT_H
#define CPL_DICT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../copylint.h"
#include "doc.h"

struct cpl_dict;

/* Loads the word lists from the data folder and the user's lists, checks
 * that the hunspell dictionaries exist (under ctx->hunspell_dir). */
copylint_status cpl_dict_new(copylint_ctx *ctx, struct cpl_dict **out);
void cpl_dict_free(struct cpl_dict *dict);

/* Whether hunspell accepts `word` in `dialect` (UNKNOWN: en_US or en_GB).
 * Cached. `word` may hold ’, read as '. */
bool cpl_dict_spell(const struct cpl_dict *dict, enum cpl_dialect dialect,
                    const char *word, size_t len);

/* Whether a newsroom or user list holds `word` (exact case). */
bool cpl_dict_listed(const struct cpl_dict *dict, const char *word,
                     size_t len);

/* Whether the names list (dicts/names.txt) holds `word` as a name part. */
bool cpl_dict_is_name(const struct cpl_dict *dict, const char *word,
                      size_t len);

/* Up to 3 suggestions for a misspelt lower-case word, as "a\0b\0c\0\0"
 * (an empty list is "\0"). Computed once per distinct word and dialect;
 * the string lives as long as the dictionary. */
const char *cpl_dict_suggest(const struct cpl_dict *dict,
                             enum cpl_dialect dialect, const char *word,
                             size_t len);

/* cpl_dict_suggest()'s list computed again, uncached and with every
 * candidate looked up one by one (no batches), into out as "a\0b\0\0";
 * its length without the final NUL. For the tests that hold the batched
 * look-ups to it. */
size_t cpl_dict_suggest_slow(const struct cpl_dict *dict,
                             enum cpl_dialect dialect, const char *word,
                             size_t len, char *out, size_t outsize);

/* The dialect-variant row holding `word` (lower case), directly or through
 * a regular inflection (-s, -ed, -ing, -er, -ation, ...). */
struct cpl_variant_hit {
    int row;      /* -1: none */
    bool in[4];   /* by enum cpl_dialect: the form is accepted there */
};
struct cpl_variant_hit cpl_dict_variant(const struct cpl_dict *dict,
                                        const char *word, size_t len);

/* False when cpl_dict_variant() finds no row for `word`, decided by the
 * word's first four bytes (a bit, then a probe): true for few words. */
bool cpl_dict_variant_maybe(const struct cpl_dict *dict, const char *word,
                            size_t len);

/* The article-dialect spelling of the variant `word` (same inflection),
 * written into out (size >= len + 16). Returns its length, 0 if none. */
size_t cpl_dict_variant_fix(const struct cpl_dict *dict, const char *word,
                            size_t len, enum cpl_dialect dialect, char *out,
                            size_t outsize);

/* Whether a sequence of words starting at `text` (any case) matches a
 * multi-word proper name whose spelling is kept in every dialect
 * (dicts/dialect-proper-names.txt): "Pearl Harbor", "Department of
 * Defense". `at` is the offset of the variant word inside text. */
bool cpl_dict_proper_name_at(const struct cpl_dict *dict, const char *text,
                             size_t len, size_t at, size_t wlen);

/* The names-list spelling with diacritics of the folded name `key` (see
 * cpl_fold), or NULL. */
const char *cpl_dict_diacritic_name(const struct cpl_dict *dict,
                                    const char *key, size_t len);

/* Whether the folded word `key` begins a names-list name that has
 * diacritics ("francois" for "François-Philippe Champagne"). */
bool cpl_dict_diacritic_first(const struct cpl_dict *dict, const char *key,
                              size_t len);

/* Whether names.diacritics must leave the word alone (Quebec, Montreal). */
bool cpl_dict_diacritic_exception(const struct cpl_dict *dict,
                                  const char *word, size_t len);

/* Folds case and diacritics ("François" -> "francois") into out; returns
 * the length, or 0 if it does not fit. Apostrophes become '. */
size_t cpl_fold(const char *s, size_t len, char *out, size_t outsize);

/* The per-run cache of what the checks found out about each word
 * (wordcache.h), shared by threads; NULL after cpl_dict_drop_words(). */
struct cpl_wordcache *cpl_dict_words(const struct cpl_dict *dict);

/* Frees the per-word cache: the checks then take their uncached path for
 * every word (test_wordcache compares the two). Not while linting. */
void cpl_dict_drop_words(struct cpl_dict *dict);

/* Dialect names: "en_CA" ...; "unknown" for CPL_DIALECT_UNKNOWN. */
const char *cpl_dialect_name(enum cpl_dialect d);

#endif
