/*
 * fuzz_config.c: the configuration parser (.copylint.yml). The input is
 * written to a file in a private folder and loaded with
 * copylint_config_load() (the only way in: configurations are files).
 * Then everything a run does with a configuration: its errors as findings
 * (fuzz_check_doc), --print-config, the ignore globs, fail-on, applying
 * it to a context and checking its rule names against a prepared one.
 */
#include "fuzz_common.h"

#include <unistd.h>

static copylint_ctx *ctx; /* prepared, with every rule */
static char dir[64];
static char path[96];
static FILE *devnull;

static void cleanup(void)
{
    unlink(path);
    rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    ctx = fuzz_ctx_new(NULL);
    snprintf(dir, sizeof(dir), "/tmp/copylint-fuzz-config-XXXXXX");
    if (!mkdtemp(dir))
        abort();
    snprintf(path, sizeof(path), "%s/.copylint.yml", dir);
    atexit(cleanup);
    devnull = fopen("/dev/null", "w");
    if (!devnull)
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, size, f) != size || fclose(f) != 0)
        abort();
    copylint_config *cfg = NULL;
    char err[256] = "";
    copylint_status st = copylint_config_load(path, &cfg, err, sizeof(err));
    if (st == COPYLINT_ERR_IO) {
        FUZZ_ASSERT(cfg == NULL && *err);
        return 0;
    }
    FUZZ_ASSERT(cfg != NULL);
    FUZZ_ASSERT((st == COPYLINT_OK) == (copylint_config_error_count(cfg) == 0));
    const char *msg = copylint_config_errmsg(cfg);
    FUZZ_ASSERT(msg && fuzz_valid_utf8(msg, strlen(msg)));

    copylint_config_print(cfg, NULL, "story.txt", devnull);
    (void)copylint_config_ignores(cfg, "story.txt");
    (void)copylint_config_ignores(cfg, "a/b/c.txt");
    (void)copylint_config_fail_on(cfg, NULL, COPYLINT_SEVERITY_WARNING);

    copylint_ctx *fresh = copylint_ctx_new();
    (void)copylint_config_apply(cfg, NULL, fresh);
    copylint_ctx_free(fresh);
    (void)copylint_config_check_rules(cfg, ctx);

    copylint_doc *doc;
    if (copylint_config_report(cfg, ctx, &doc) == COPYLINT_OK) {
        /* One finding per error, plus any invalid UTF-8 in the file. */
        FUZZ_ASSERT(copylint_doc_diag_count(doc) >=
                    copylint_config_error_count(cfg));
        fuzz_check_doc(doc);
        copylint_doc_free(doc);
    } else {
        FUZZ_ASSERT(memchr(data, 0, size)); /* only a binary file fails */
    }
    copylint_config_free(cfg);
    return 0;
}
