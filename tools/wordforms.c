/*
 * tools/wordforms.c: copylint-wordforms, the build step that compiles a
 * hunspell dictionary into copylint's word-form table (src/core/wordforms.h).
 *
 *   unmunch en_CA.dic en_CA.aff | copylint-wordforms en_CA.dic en_CA.aff en_CA.cwf
 *
 * Reads the expanded word forms (one per line, as hunspell's `unmunch`
 * prints them) on standard input, keeps each form that Hunspell_spell()
 * accepts with that dictionary (so the table never knows a word hunspell
 * rejects: forbidden words and forms valid only inside compounds drop
 * out), and writes the table atomically. Exit status 0, or 1 with a
 * message on standard error.
 *
 * For each mixed-case form ("iPhone", "McDonald", "ATMs") it also asks
 * hunspell about the form in capitals ("IPHONE"): hunspell accepts some
 * such words through hidden entries of its own that no form spells out,
 * so the ones it accepts go into the table under CPL_WORDFORMS_CAPS_TAG
 * (see wordforms_spell.c).
 */
#include <errno.h>
#include <hunspell/hunspell.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/utf8.h"
#include "core/wordforms.h"

#include <utf8proc.h>

/* The form in capitals behind CPL_WORDFORMS_CAPS_TAG, if it is mixed
 * case (a capital, and a lower-case letter, and not only a capital first)
 * and has no apostrophe; NULL otherwise. */
static char *caps_entry(const char *w)
{
    size_t n = strlen(w), ncap = 0, nlow = 0, o = 1;
    bool first_cap = false;
    char *out = cpl_xmalloc(4 * n + 2);
    out[0] = CPL_WORDFORMS_CAPS_TAG;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t l = cpl_utf8_decode(w + i, n - i, &cp);
        utf8proc_int32_t c = (utf8proc_int32_t)cp;
        if (cp == '\'') {
            free(out);
            return NULL;
        }
        if (utf8proc_tolower(c) != c) {
            ncap++;
            first_cap |= i == 0;
        } else if (utf8proc_toupper(c) != c) {
            nlow++;
        }
        o += cpl_utf8_encode((uint32_t)utf8proc_toupper(c), out + o);
        i += l;
    }
    out[o] = '\0';
    if (!nlow || !ncap || (ncap == 1 && first_cap)) {
        free(out);
        return NULL;
    }
    return out;
}

static void push(char ***words, size_t *n, size_t *cap, char *w)
{
    if (*n == *cap) {
        *cap = *cap ? 2 * *cap : 65536;
        *words = cpl_xrealloc(*words, *cap * sizeof(**words));
    }
    (*words)[(*n)++] = w;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fputs("usage: unmunch DIC AFF | copylint-wordforms DIC AFF OUT\n",
              stderr);
        return 1;
    }
    const char *dic = argv[1], *aff = argv[2], *out = argv[3];
    Hunhandle *h = Hunspell_create(aff, dic);
    if (!h) {
        fprintf(stderr, "copylint-wordforms: cannot load %s\n", dic);
        return 1;
    }
    char **words = NULL;
    size_t n = 0, cap = 0, read = 0, ncaps = 0;
    char *line = NULL;
    size_t lcap = 0;
    ssize_t len;
    while ((len = getline(&line, &lcap, stdin)) > 0) {
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        read++;
        /* unmunch prints a morphological field after a tab or a flag
         * after a slash for some entries: keep only the form. */
        line[strcspn(line, "\t/ ")] = '\0';
        if (!*line || !Hunspell_spell(h, line))
            continue;
        push(&words, &n, &cap, cpl_xstrdup(line));
        char *caps = caps_entry(line);
        if (caps && Hunspell_spell(h, caps + 1)) {
            push(&words, &n, &cap, caps);
            ncaps++;
        } else {
            free(caps);
        }
    }
    free(line);
    Hunspell_destroy(h);
    if (read == 0) {
        fprintf(stderr, "copylint-wordforms: no word forms on standard "
                        "input (is unmunch installed?)\n");
        return 1;
    }
    int err = cpl_wordforms_write(out, (const char *const *)words, n, dic,
                                  aff);
    for (size_t i = 0; i < n; i++)
        free(words[i]);
    free(words);
    if (err) {
        fprintf(stderr, "copylint-wordforms: cannot write %s: %s\n", out,
                strerror(err));
        return 1;
    }
    fprintf(stderr,
            "copylint-wordforms: %s: %zu of %zu forms, and %zu in capitals\n",
            out, n - ncaps, read, ncaps);
    return 0;
}
