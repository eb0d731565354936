/*
 * wordlist.h: plain word-list files, one entry per line, '#' comments and
 * blank lines ignored, surrounding whitespace trimmed. Used for the
 * abbreviation list and the house word lists in dicts/.
 */
#ifndef CPL_WORDLIST_H
#define CPL_WORDLIST_H

#include <stddef.h>

#include "../copylint.h"
#include "strset.h"

/* Calls fn(arg, entry, len) for every entry of the file at `path`, in
 * order; the entry is trimmed and NUL-terminated, and fn may modify it.
 * On failure names the file (and line, for invalid UTF-8) through
 * cpl_ctx_error(). */
typedef void (*cpl_wordlist_fn)(void *arg, char *entry, size_t len);
copylint_status cpl_wordlist_each(copylint_ctx *ctx, const char *path,
                                  cpl_wordlist_fn fn, void *arg);

/* Adds every entry of the file at `path` to `set`. On failure names the
 * file (and line, for invalid UTF-8) through cpl_ctx_error(). */
copylint_status cpl_wordlist_load(copylint_ctx *ctx, const char *path,
                                  struct cpl_strset *set);

#endif
