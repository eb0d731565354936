/*
 * wordlist.h: plain word-list files, one entry per line, '#' comments and
 * blank lines ignored, surrounding whitespace trimmed. Used for the
 * abbreviation list and the house word lists in dicts/.
 */
#ifndef CPL_WORDLIST_H
#define CPL_WORDLIST_H

#include "../copylint.h"
#include "strset.h"

/* Adds every entry of the file at `path` to `set`. On failure names the
 * file (and line, for invalid UTF-8) through cpl_ctx_error(). */
copylint_status cpl_wordlist_load(copylint_ctx *ctx, const char *path,
                                  struct cpl_strset *set);

#endif
