/*
 * test_files.c: --fix's rewrite of an article (cli/files.c) when someone
 * else saves it at the worst moment: between copylint's last comparison
 * and the replacement. The test is linked with --wrap=renameat2, so the
 * other writer's save runs just before each exchange copylint makes. The
 * rule under test: the other writer's text is never lost, and no
 * temporary file is left behind.
 */
#define _GNU_SOURCE
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"

/* What the other writer does before the n-th call of renameat2 (NULL:
 * nothing), and whether the file system "cannot exchange". */
static void (*before_call[2])(void);
static int calls;
static bool no_exchange;
static char dir[64];
static char path[128];

int __real_renameat2(int olddirfd, const char *oldpath, int newdirfd,
                     const char *newpath, unsigned int flags);
int __wrap_renameat2(int olddirfd, const char *oldpath, int newdirfd,
                     const char *newpath, unsigned int flags);

int __wrap_renameat2(int olddirfd, const char *oldpath, int newdirfd,
                     const char *newpath, unsigned int flags)
{
    int n = calls++;
    if (n < 2 && before_call[n])
        before_call[n]();
    if (no_exchange && (flags & RENAME_EXCHANGE)) {
        errno = EINVAL;
        return -1;
    }
    return __real_renameat2(olddirfd, oldpath, newdirfd, newpath, flags);
}

static void write_file(const char *p, const char *text)
{
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    assert_int_equal(fputs(text, f) >= 0, 1);
    assert_int_equal(fclose(f), 0);
}

static char *slurp(const char *p)
{
    static char buf[4096];
    FILE *f = fopen(p, "r");
    if (!f)
        return NULL;
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

/* An editor's save: a new file renamed over the article. */
static void save_as(const char *text)
{
    char other[160];
    snprintf(other, sizeof(other), "%s/.editor-save", dir);
    write_file(other, text);
    assert_int_equal(rename(other, path), 0);
}
static void save_theirs(void) { save_as("THEIR TEXT\n"); }
static void save_theirs_again(void) { save_as("THEIR SECOND TEXT\n"); }

/* A shell's `>>`: the same file, written in place. */
static void append_in_place(void)
{
    int fd = open(path, O_WRONLY | O_APPEND);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, "MORE\n", 5), 5);
    close(fd);
}

static void remove_article(void) { assert_int_equal(unlink(path), 0); }

/* The names in the folder other than the article (and .editor-save). */
static int leftovers(char *first, size_t size)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..") ||
            !strcmp(e->d_name, "story.txt"))
            continue;
        if (n++ == 0 && first)
            snprintf(first, size, "%s/%s", dir, e->d_name);
    }
    closedir(d);
    return n;
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof(dir), "/tmp/copylint-files-XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/story.txt", dir);
    write_file(path, "the the story\n");
    before_call[0] = before_call[1] = NULL;
    calls = 0;
    no_exchange = false;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char p[256];
    while (leftovers(p, sizeof(p)) > 0)
        unlink(p);
    unlink(path);
    rmdir(dir);
    return 0;
}

/* Reads the article as --fix does and rewrites it with the fixed text. */
static bool fix(char *err, size_t errsize)
{
    char *old;
    size_t oldlen;
    struct cli_stamp stamp;
    assert_true(cli_read_file(path, &old, &oldlen, &stamp, err, errsize));
    bool ok = cli_rewrite_file(path, &stamp, old, oldlen, "the story\n", 10,
                               err, errsize);
    free(old);
    return ok;
}

static void test_files_rewrite_replaces_the_article(void **state)
{
    (void)state;
    char err[512] = "";
    assert_true(fix(err, sizeof(err)));
    assert_string_equal(slurp(path), "the story\n");
    assert_int_equal(leftovers(NULL, 0), 0);
}

static void test_files_save_just_before_the_replacement_is_kept(void **state)
{
    (void)state;
    before_call[0] = save_theirs;
    char err[512] = "";
    assert_false(fix(err, sizeof(err)));
    assert_non_null(strstr(err, "it changed after it was read"));
    assert_string_equal(slurp(path), "THEIR TEXT\n");
    assert_int_equal(leftovers(NULL, 0), 0);
}

static void test_files_append_just_before_the_replacement_is_kept(void **state)
{
    (void)state;
    before_call[0] = append_in_place;
    char err[512] = "";
    assert_false(fix(err, sizeof(err)));
    assert_string_equal(slurp(path), "the the story\nMORE\n");
    assert_int_equal(leftovers(NULL, 0), 0);
}

static void test_files_removed_article_is_not_recreated(void **state)
{
    (void)state;
    before_call[0] = remove_article;
    char err[512] = "";
    assert_false(fix(err, sizeof(err)));
    assert_null(slurp(path));
    assert_int_equal(leftovers(NULL, 0), 0);
}

/* A second save while the first is being put back: both saves survive,
 * and the message says where the second one is. */
static void test_files_two_saves_are_both_kept(void **state)
{
    (void)state;
    before_call[0] = save_theirs;
    before_call[1] = save_theirs_again;
    char err[512] = "";
    assert_false(fix(err, sizeof(err)));
    char other[256];
    assert_int_equal(leftovers(other, sizeof(other)), 1);
    assert_non_null(strstr(err, other));
    assert_string_equal(slurp(path), "THEIR TEXT\n");
    assert_string_equal(slurp(other), "THEIR SECOND TEXT\n");
}

/* Without RENAME_EXCHANGE: a plain rename, after a last look. */
static void test_files_without_exchange_still_rewrites(void **state)
{
    (void)state;
    no_exchange = true;
    char err[512] = "";
    assert_true(fix(err, sizeof(err)));
    assert_string_equal(slurp(path), "the story\n");
    assert_int_equal(leftovers(NULL, 0), 0);
}

static void test_files_without_exchange_sees_a_save(void **state)
{
    (void)state;
    no_exchange = true;
    before_call[0] = save_theirs;
    char err[512] = "";
    assert_false(fix(err, sizeof(err)));
    assert_string_equal(slurp(path), "THEIR TEXT\n");
    assert_int_equal(leftovers(NULL, 0), 0);
}

/* Files of very different sizes read one after the other into one
 * reused buffer (cli_read_file_into) come out as a fresh read of each
 * gives them (cli_read_file), NUL-terminated. */
static void test_files_read_into_reused_buffer(void **state)
{
    (void)state;
    static const size_t sizes[] = {10, 0, 5000, 100, 70000, 3, 4096, 4095,
                                   4097, 200000, 1};
    struct cli_buf b = {NULL, 0};
    char err[512];
    char *text = malloc(200001);
    assert_non_null(text);
    for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
        size_t n = sizes[k];
        for (size_t i = 0; i < n; i++)
            text[i] = (char)('a' + (i * 7 + k) % 26);
        text[n] = '\0';
        FILE *f = fopen(path, "wb");
        assert_non_null(f);
        assert_int_equal(fwrite(text, 1, n, f), n);
        fclose(f);
        char *fresh, *reused;
        size_t flen, rlen;
        assert_true(cli_read_file(path, &fresh, &flen, NULL, err,
                                  sizeof(err)));
        assert_true(cli_read_file_into(path, &b, &reused, &rlen, err,
                                       sizeof(err)));
        assert_int_equal(rlen, flen);
        assert_int_equal(rlen, n);
        assert_memory_equal(reused, fresh, n + 1);
        assert_true(reused >= b.p && reused + rlen < b.p + b.cap);
        free(fresh);
    }
    free(b.p);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(
            test_files_rewrite_replaces_the_article, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_files_save_just_before_the_replacement_is_kept, setup,
            teardown),
        cmocka_unit_test_setup_teardown(
            test_files_append_just_before_the_replacement_is_kept, setup,
            teardown),
        cmocka_unit_test_setup_teardown(
            test_files_removed_article_is_not_recreated, setup, teardown),
        cmocka_unit_test_setup_teardown(test_files_two_saves_are_both_kept,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_files_without_exchange_still_rewrites, setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_files_without_exchange_sees_a_save, setup, teardown),
        cmocka_unit_test_setup_teardown(test_files_read_into_reused_buffer,
                                        setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
