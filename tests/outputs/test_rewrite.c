/*
 * test_rewrite.c: the CLI's atomic rewrite (src/cli/files.c): the new
 * text replaces the old with the mode kept; a file changed after it was
 * read is left alone (a longer file, and a same-size edit with the old
 * modification time put back, which only the byte comparison sees); a
 * file replaced by another is left alone; no temporary file remains.
 */
#define _XOPEN_SOURCE 700 /* nftw() */
#include <dirent.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "cli/cli.h"
#include "../scratch_dir.h"

static char dir[64], path[128];

static void write_file(const char *p, const char *s)
{
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    fputs(s, f);
    assert_int_equal(fclose(f), 0);
}

static char *slurp(const char *p)
{
    static char buf[4096];
    FILE *f = fopen(p, "rb");
    assert_non_null(f);
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    buf[n] = '\0';
    fclose(f);
    return buf;
}

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof(dir), "/tmp/cpl-rewrite-XXXXXX");
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/story.txt", dir);
    write_file(path, "the the end\n");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    assert_int_equal(remove_tree(dir), 0);
    return 0;
}

/* Whether the folder holds only the story: no temporary file is left. */
static int entries(void)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    for (const struct dirent *e; (e = readdir(d));)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            n++;
    closedir(d);
    return n == 1;
}

static void test_rewrite_replaces_and_keeps_mode(void **state)
{
    (void)state;
    assert_int_equal(chmod(path, 0604), 0);
    char *buf, err[512];
    size_t len;
    struct cli_stamp st;
    assert_true(cli_read_file(path, &buf, &len, &st, err, sizeof(err)));
    assert_true(cli_rewrite_file(path, &st, buf, len, "the end\n", 8, err,
                                 sizeof(err)));
    assert_string_equal(slurp(path), "the end\n");
    struct stat s;
    assert_int_equal(stat(path, &s), 0);
    assert_int_equal(s.st_mode & 07777, 0604);
    assert_true(entries());
    free(buf);
}

static void test_rewrite_refuses_changed_file(void **state)
{
    (void)state;
    char *buf, err[512];
    size_t len;
    struct cli_stamp st;
    assert_true(cli_read_file(path, &buf, &len, &st, err, sizeof(err)));
    write_file(path, "the the end, edited by someone\n");
    assert_false(cli_rewrite_file(path, &st, buf, len, "the end\n", 8, err,
                                  sizeof(err)));
    assert_non_null(strstr(err, "changed after it was read"));
    assert_string_equal(slurp(path), "the the end, edited by someone\n");
    assert_true(entries());
    free(buf);
}

static void test_rewrite_refuses_same_size_same_mtime_edit(void **state)
{
    (void)state;
    char *buf, err[512];
    size_t len;
    struct cli_stamp st;
    assert_true(cli_read_file(path, &buf, &len, &st, err, sizeof(err)));
    write_file(path, "THE THE END\n");
    /* Put the old modification time back: only the bytes differ. */
    struct timespec ts[2] = {st.mtime, st.mtime};
    assert_int_equal(utimensat(AT_FDCWD, path, ts, 0), 0);
    assert_false(cli_rewrite_file(path, &st, buf, len, "the end\n", 8, err,
                                  sizeof(err)));
    assert_string_equal(slurp(path), "THE THE END\n");
    assert_true(entries());
    free(buf);
}

static void test_rewrite_refuses_replaced_file(void **state)
{
    (void)state;
    char *buf, err[512], other[160];
    size_t len;
    struct cli_stamp st;
    assert_true(cli_read_file(path, &buf, &len, &st, err, sizeof(err)));
    /* Same bytes, but a different file renamed into place. */
    snprintf(other, sizeof(other), "%s/new", dir);
    write_file(other, "the the end\n");
    assert_int_equal(rename(other, path), 0);
    assert_false(cli_rewrite_file(path, &st, buf, len, "the end\n", 8, err,
                                  sizeof(err)));
    assert_string_equal(slurp(path), "the the end\n");
    free(buf);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_rewrite_replaces_and_keeps_mode,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(test_rewrite_refuses_changed_file,
                                        setup, teardown),
        cmocka_unit_test_setup_teardown(
            test_rewrite_refuses_same_size_same_mtime_edit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rewrite_refuses_replaced_file,
                                        setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
