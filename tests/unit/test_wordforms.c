/*
 * test_wordforms.c: the compiled word-form table (core/wordforms.c):
 * round trip, stale and damaged files refused, look-ups exact.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/wordforms.h"

#define DIC COPYLINT_TEST_DIR "/dicts/en_US.dic"
#define AFF COPYLINT_TEST_DIR "/dicts/en_US.aff"

static char path[64];

static int make_path(void **state)
{
    (void)state;
    snprintf(path, sizeof(path), "/tmp/cpl-wf-%ld.cwf", (long)getpid());
    return 0;
}

static int remove_path(void **state)
{
    (void)state;
    unlink(path);
    return 0;
}

static void test_wordforms_round_trip(void **state)
{
    (void)state;
    char longword[300];
    memset(longword, 'a', sizeof(longword) - 1);
    longword[sizeof(longword) - 1] = '\0';
    const char *words[] = {"fire", "fires", "colour", "fire", "Ottawa",
                           "well-being", "", longword};
    assert_int_equal(cpl_wordforms_write(path, words, 8, DIC, AFF), 0);
    struct cpl_wordforms *wf = cpl_wordforms_open(path, DIC, AFF);
    assert_non_null(wf);
    assert_int_equal(cpl_wordforms_count(wf), 5);
    assert_true(cpl_wordforms_has(wf, "fire", 4));
    assert_true(cpl_wordforms_has(wf, "fires", 5));
    assert_true(cpl_wordforms_has(wf, "Ottawa", 6));
    assert_true(cpl_wordforms_has(wf, "well-being", 10));
    assert_false(cpl_wordforms_has(wf, "fir", 3));
    assert_false(cpl_wordforms_has(wf, "firee", 5));
    assert_false(cpl_wordforms_has(wf, "ottawa", 6)); /* exact bytes */
    assert_false(cpl_wordforms_has(wf, "", 0));
    assert_false(cpl_wordforms_has(wf, longword, strlen(longword)));
    assert_false(cpl_wordforms_has(NULL, "fire", 4));
    cpl_wordforms_close(wf);
}

static void test_wordforms_many_words(void **state)
{
    (void)state;
    enum { N = 5000 };
    char **words = calloc(N, sizeof(*words));
    for (int i = 0; i < N; i++) {
        words[i] = malloc(16);
        snprintf(words[i], 16, "w%dx", i * 2);
    }
    assert_int_equal(
        cpl_wordforms_write(path, (const char *const *)words, N, DIC, AFF), 0);
    struct cpl_wordforms *wf = cpl_wordforms_open(path, DIC, AFF);
    assert_non_null(wf);
    assert_int_equal(cpl_wordforms_count(wf), N);
    char w[16];
    for (int i = 0; i < 2 * N; i++) {
        int n = snprintf(w, sizeof(w), "w%dx", i);
        assert_int_equal(cpl_wordforms_has(wf, w, (size_t)n), i % 2 == 0);
    }
    cpl_wordforms_close(wf);
    for (int i = 0; i < N; i++)
        free(words[i]);
    free(words);
}

/* A table made from another dictionary (here: another file, so another
 * size and time) is stale and refused, as is a missing dictionary. */
static void test_wordforms_stale_refused(void **state)
{
    (void)state;
    const char *words[] = {"fire"};
    assert_int_equal(cpl_wordforms_write(path, words, 1, DIC, AFF), 0);
    assert_null(cpl_wordforms_open(path, COPYLINT_TEST_DIR "/dicts/en_GB.dic",
                                   COPYLINT_TEST_DIR "/dicts/en_GB.aff"));
    assert_null(cpl_wordforms_open(path, "/nonexistent.dic", AFF));
    assert_null(cpl_wordforms_open("/nonexistent.cwf", DIC, AFF));
}

/* Truncated or damaged files are refused, never read past their end. */
static void test_wordforms_damaged_refused(void **state)
{
    (void)state;
    const char *words[] = {"fire", "smoke", "water"};
    assert_int_equal(cpl_wordforms_write(path, words, 3, DIC, AFF), 0);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char buf[4096];
    size_t n = fread(buf, 1, sizeof(buf), f);
    fclose(f);
    assert_true(n > 64);
    /* truncated */
    f = fopen(path, "wb");
    fwrite(buf, 1, n - 3, f);
    fclose(f);
    assert_null(cpl_wordforms_open(path, DIC, AFF));
    /* bad magic */
    buf[0] ^= 0x55;
    f = fopen(path, "wb");
    fwrite(buf, 1, n, f);
    fclose(f);
    assert_null(cpl_wordforms_open(path, DIC, AFF));
    /* empty file */
    f = fopen(path, "wb");
    fclose(f);
    assert_null(cpl_wordforms_open(path, DIC, AFF));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_wordforms_round_trip, make_path,
                                        remove_path),
        cmocka_unit_test_setup_teardown(test_wordforms_many_words, make_path,
                                        remove_path),
        cmocka_unit_test_setup_teardown(test_wordforms_stale_refused,
                                        make_path, remove_path),
        cmocka_unit_test_setup_teardown(test_wordforms_damaged_refused,
                                        make_path, remove_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
