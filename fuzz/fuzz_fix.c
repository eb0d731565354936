/*
 * fuzz_fix.c: the fix applier. Lints arbitrary text with every rule on,
 * builds the fix set (safe fixes, or all of them, by input length),
 * applies it and checks what --fix promises (copylint.h, "applying
 * fixes"): edits in order, inside the text and never overlapping; every
 * byte outside the edits unchanged; valid UTF-8 stays valid UTF-8; and the
 * result loads and lints again like any document.
 */
#include "fuzz_common.h"

static copylint_ctx *ctx;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    ctx = fuzz_ctx_new(NULL);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    copylint_doc *doc;
    if (copylint_doc_from_bytes(ctx, "fuzz.txt", (const char *)data, size,
                                &doc) != COPYLINT_OK)
        return 0;
    copylint_doc_lint(ctx, doc);
    size_t len;
    const char *bytes = copylint_doc_bytes(doc, &len);
    unsigned flags = size % 2 ? COPYLINT_FIX_ALL : 0;
    copylint_fixes *fx = copylint_fixes_new(doc, flags);

    /* Edits: sorted, inside the text, not overlapping, each for a finding
     * whose fix it is. */
    size_t n = copylint_fixes_count(fx), end = 0, grow = 0;
    for (size_t i = 0; i < n; i++) {
        size_t off = copylint_fixes_offset(fx, i);
        size_t l = copylint_fixes_length(fx, i);
        const char *t = copylint_fixes_text(fx, i);
        FUZZ_ASSERT(t != NULL);
        FUZZ_ASSERT(off <= len && l <= len - off);
        FUZZ_ASSERT(i == 0 || off >= end);
        FUZZ_ASSERT(i == 0 || off > copylint_fixes_offset(fx, i - 1));
        end = off + l;
        grow += strlen(t);
    }
    FUZZ_ASSERT(copylint_fixes_fixed(fx) <= copylint_doc_diag_count(doc));
    size_t nfixed = 0;
    for (size_t i = 0; i < copylint_doc_diag_count(doc); i++)
        nfixed += copylint_fixes_diag_fixed(fx, i);
    FUZZ_ASSERT(nfixed == copylint_fixes_fixed(fx));
    FUZZ_ASSERT(n <= nfixed);

    char *out;
    size_t outlen;
    FUZZ_ASSERT(copylint_fixes_apply(fx, bytes, len, &out, &outlen) ==
                COPYLINT_OK);
    FUZZ_ASSERT(out[outlen] == '\0');
    FUZZ_ASSERT(outlen <= len + grow);

    /* Bytes outside the edits are unchanged and in order; each edit's
     * range became exactly its text. */
    size_t pos = 0, o = 0;
    for (size_t i = 0; i < n; i++) {
        size_t off = copylint_fixes_offset(fx, i);
        const char *t = copylint_fixes_text(fx, i);
        size_t tl = strlen(t);
        FUZZ_ASSERT(memcmp(out + o, bytes + pos, off - pos) == 0);
        o += off - pos;
        FUZZ_ASSERT(memcmp(out + o, t, tl) == 0);
        o += tl;
        pos = off + copylint_fixes_length(fx, i);
    }
    FUZZ_ASSERT(outlen - o == len - pos);
    FUZZ_ASSERT(memcmp(out + o, bytes + pos, len - pos) == 0);

    /* A fix never breaks the encoding of valid text. */
    if (fuzz_valid_utf8(bytes, len))
        FUZZ_ASSERT(fuzz_valid_utf8(out, outlen));

    /* The result is a document like any other (no NUL crept in). */
    copylint_doc *again;
    FUZZ_ASSERT(copylint_doc_from_bytes(ctx, "fixed.txt", out, outlen,
                                        &again) == COPYLINT_OK);
    copylint_doc_lint(ctx, again);
    fuzz_check_doc(again);
    copylint_doc_free(again);

    free(out);
    copylint_fixes_free(fx);
    copylint_doc_free(doc);
    return 0;
}
