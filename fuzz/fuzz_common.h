/*
 * fuzz_common.h: what every fuzz target shares: a prepared context over
 * the source tree's data files (or $COPYLINT_DATA_DIR), and the invariant
 * checks a linted document must pass whatever its bytes. A broken
 * invariant aborts, which libFuzzer reports as a crash with the input.
 *
 * Header-only on purpose: each target is one translation unit, built
 * either against libFuzzer (COPYLINT_FUZZ=ON, clang) or against
 * replay.c, the plain driver that ctest uses to replay the seed and
 * regression corpora in every build (fuzz/CMakeLists.txt).
 */
#ifndef CPL_FUZZ_COMMON_H
#define CPL_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "copylint.h"
#include "core/utf8.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

#define FUZZ_ASSERT(cond)                                                      \
    do {                                                                       \
        if (!(cond)) {                                                         \
            fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__,         \
                    __LINE__, #cond);                                          \
            abort();                                                           \
        }                                                                      \
    } while (0)

static inline const char *fuzz_data_dir(void)
{
    const char *env = getenv("COPYLINT_DATA_DIR");
    return env && *env ? env : COPYLINT_SOURCE_DATADIR;
}

/* A prepared context with every rule of the catalogue on. */
static inline copylint_ctx *fuzz_ctx_new(const char *dialect)
{
    copylint_ctx *ctx = copylint_ctx_new();
    copylint_ctx_set_data_dir(ctx, fuzz_data_dir());
    if (dialect && copylint_ctx_set_dialect(ctx, dialect) != COPYLINT_OK)
        abort();
    for (size_t i = 0; i < copylint_ctx_rule_count(ctx); i++)
        copylint_ctx_enable_rule(ctx, copylint_ctx_rule_id(ctx, i));
    if (copylint_ctx_prepare(ctx) != COPYLINT_OK) {
        fprintf(stderr, "fuzz: cannot prepare the context: %s\n",
                copylint_ctx_errmsg(ctx));
        abort();
    }
    return ctx;
}

static inline int fuzz_valid_utf8(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0; i < len;) {
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        size_t l = cpl_utf8_valid_len(u + i, len - i);
        if (!l)
            return 0;
        i += l;
    }
    return 1;
}

/*
 * What every finding must satisfy: a rule id and a message in valid UTF-8
 * (JSON and SARIF writers need it), ranges inside the document, 1-based
 * positions with the end after the start, fixes inside the document, and
 * findings sorted by position (whole-file ones first).
 */
static inline void fuzz_check_doc(const copylint_doc *doc)
{
    size_t len;
    (void)copylint_doc_bytes(doc, &len);
    size_t prev_off = 0;
    int seen_located = 0;
    for (size_t i = 0; i < copylint_doc_diag_count(doc); i++) {
        const copylint_diag *d = copylint_doc_diag(doc, i);
        FUZZ_ASSERT(d != NULL);
        const char *rule = copylint_diag_rule(d);
        FUZZ_ASSERT(rule && *rule);
        const char *msg = copylint_diag_message(d);
        FUZZ_ASSERT(msg && fuzz_valid_utf8(msg, strlen(msg)));
        copylint_severity sev = copylint_diag_severity(d);
        FUZZ_ASSERT(sev >= COPYLINT_SEVERITY_INFO &&
                    sev <= COPYLINT_SEVERITY_ERROR);
        size_t off = copylint_diag_offset(d), n = copylint_diag_length(d);
        FUZZ_ASSERT(off <= len && n <= len - off);
        if (copylint_diag_whole_file(d)) {
            FUZZ_ASSERT(!seen_located);
        } else {
            FUZZ_ASSERT(off >= prev_off);
            prev_off = off;
            seen_located = 1;
            unsigned l = copylint_diag_line(d), c = copylint_diag_column(d);
            unsigned el = copylint_diag_end_line(d);
            unsigned ec = copylint_diag_end_column(d);
            FUZZ_ASSERT(l >= 1 && c >= 1 && el >= l);
            FUZZ_ASSERT(el > l || ec >= c);
            FUZZ_ASSERT(copylint_diag_char_offset(d) <= off);
            FUZZ_ASSERT(copylint_diag_char_length(d) <= n);
        }
        for (size_t k = 0; k < copylint_diag_fix_count(d); k++) {
            size_t fo = copylint_diag_fix_offset(d, k);
            size_t fl = copylint_diag_fix_length(d, k);
            const char *ft = copylint_diag_fix_text(d, k);
            FUZZ_ASSERT(fo <= len && fl <= len - fo);
            FUZZ_ASSERT(ft && fuzz_valid_utf8(ft, strlen(ft)));
        }
    }
}

#endif
