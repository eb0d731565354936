/*
 * scratch_dir.h: removing a test's scratch folder, shared by the tests
 * that make one (tests/unit/test_config.c, tests/outputs/test_rewrite.c).
 * Include after <ftw.h> and <stdio.h>.
 */
#ifndef CPL_TEST_SCRATCH_DIR_H
#define CPL_TEST_SCRATCH_DIR_H

/* rm -rf without a shell: depth first, symbolic links not followed. */
static inline int remove_entry(const char *p, const struct stat *st,
                               int flag, struct FTW *ftw)
{
    (void)st;
    (void)flag;
    (void)ftw;
    return remove(p);
}

static inline int remove_tree(const char *top)
{
    return nftw(top, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

#endif
