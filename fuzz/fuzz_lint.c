/*
 * fuzz_lint.c: the document loader, the UTF-8 validator, the segmenter
 * and every check family on arbitrary bytes, then every output format.
 * The input is the article; its length picks the dialect (so the CP, AP
 * and British paths all run) and the text output's flags. Each linted
 * document must pass fuzz_check_doc(); the writers must not crash.
 */
#include "fuzz_common.h"

static const char *const dialects[] = {"auto", "en_CA", "en_US", "en_GB"};
static copylint_ctx *ctxs[4];
static FILE *devnull;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    for (size_t i = 0; i < 4; i++)
        ctxs[i] = fuzz_ctx_new(dialects[i]);
    devnull = fopen("/dev/null", "w");
    if (!devnull)
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    copylint_ctx *ctx = ctxs[size % 4];
    copylint_doc *doc;
    copylint_status st = copylint_doc_from_bytes(ctx, "fuzz.txt",
                                                 (const char *)data, size, &doc);
    if (st != COPYLINT_OK) {
        /* Only NUL bytes (binary) refuse an input this small. */
        FUZZ_ASSERT(st == COPYLINT_ERR_BINARY && memchr(data, 0, size));
        FUZZ_ASSERT(*copylint_ctx_errmsg(ctx));
        return 0;
    }
    copylint_doc_lint(ctx, doc);
    fuzz_check_doc(doc);

    size_t len;
    const char *bytes = copylint_doc_bytes(doc, &len);
    FUZZ_ASSERT(len == size && memcmp(bytes, data, size) == 0);

    const char *const *formats = copylint_output_formats();
    for (size_t i = 0; formats[i]; i++) {
        unsigned flags = (size / 4) % 8;
        copylint_output *w;
        FUZZ_ASSERT(copylint_output_new(ctx, formats[i], devnull, flags, &w) ==
                    COPYLINT_OK);
        copylint_output_doc(w, doc);
        copylint_output_finish(w);
    }
    copylint_doc_free(doc);
    return 0;
}
