/*
 * wordlist.c: loads word-list files (see wordlist.h).
 */
#include "wordlist.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ctx.h"
#include "utf8.h"

copylint_status cpl_wordlist_each(copylint_ctx *ctx, const char *path,
                                  cpl_wordlist_fn fn, void *arg)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        cpl_ctx_error(ctx, "cannot open '%s': %s", path, strerror(errno));
        return COPYLINT_ERR_DICT;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    unsigned lineno = 0;
    copylint_status st = COPYLINT_OK;
    while ((n = getline(&line, &cap, f)) >= 0) {
        lineno++;
        size_t a = 0, b = (size_t)n;
        while (a < b && (line[a] == ' ' || line[a] == '\t'))
            a++;
        while (b > a && isspace((unsigned char)line[b - 1]))
            b--;
        if (a == b || line[a] == '#')
            continue;
        for (size_t i = a; i < b;) {
            size_t l = cpl_utf8_valid_len((unsigned char *)line + i, b - i);
            if (!l) {
                cpl_ctx_error(ctx, "%s:%u: invalid UTF-8", path, lineno);
                st = COPYLINT_ERR_DICT;
                goto out;
            }
            i += l;
        }
        line[b] = '\0';
        fn(arg, line + a, b - a);
    }
    if (ferror(f)) {
        cpl_ctx_error(ctx, "cannot read '%s': %s", path, strerror(errno));
        st = COPYLINT_ERR_DICT;
    }
out:
    free(line);
    fclose(f);
    return st;
}

static void add_to_set(void *set, char *entry, size_t len)
{
    cpl_strset_add(set, entry, len);
}

copylint_status cpl_wordlist_load(copylint_ctx *ctx, const char *path,
                                  struct cpl_strset *set)
{
    return cpl_wordlist_each(ctx, path, add_to_set, set);
}
