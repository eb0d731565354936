/*
 * files.c: reading a file with what --fix needs to know about it, and
 * rewriting it safely.
 *
 * A rewrite never leaves a half-written article: the new text goes to a
 * temporary file in the same folder (so rename() is atomic: same file
 * system), which gets the original's permission bits, is fsync'd, and is
 * put in the original's place; then the folder is fsync'd so the change
 * survives a crash. Just before, the original is opened again and
 * compared with what was linted (size, modification time and every byte):
 * if someone saved the article meanwhile, nothing is written.
 *
 * A save can still land between that comparison and the replacement. So
 * on Linux the replacement is an atomic exchange of the two names
 * (renameat2 RENAME_EXCHANGE), after which the file taken out is checked
 * once more: if it is not the one that was read, the exchange is undone
 * and the other writer's text stays. Where the file system cannot
 * exchange, a plain rename follows a last lstat() of the original, and
 * the window is the gap between two system calls.
 *
 * Refused targets: a symbolic link (renaming over it would replace the
 * link by a file, and following it could write outside the tree the user
 * named: fix the file it points to instead), and a file with several hard
 * links (a rename would split them: the other names would keep the old
 * text). Owner and group are kept when the process may set them.
 */
#define _GNU_SOURCE /* renameat2, RENAME_EXCHANGE */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Reads all of fd. More than COPYLINT_MAX_BYTES (standard input, or a file
 * that grew after fstat) fails with EFBIG, so memory stays bounded. With
 * `reuse`, into that buffer (grown as needed, kept on failure): *buf
 * points into it; else into a new malloc()ed one. */
static bool read_fd(int fd, char **buf, size_t *len, size_t hint,
                    bool regular, struct cli_buf *reuse)
{
    if (hint > COPYLINT_MAX_BYTES)
        hint = COPYLINT_MAX_BYTES;
    size_t cap = hint + 1 > 4096 ? hint + 1 : 4096;
    char *p;
    if (reuse && reuse->cap >= cap + 1) {
        p = reuse->p;
        cap = reuse->cap - 1;
    } else {
        p = realloc(reuse ? reuse->p : NULL, cap + 1);
        if (!p)
            abort();
        if (reuse) {
            reuse->p = p;
            reuse->cap = cap + 1;
        }
    }
    size_t n = 0;
    for (;;) {
        if (n == cap) {
            if (n > COPYLINT_MAX_BYTES) {
                if (!reuse)
                    free(p);
                errno = EFBIG;
                return false;
            }
            cap = cap * 2 < COPYLINT_MAX_BYTES + 1 ? cap * 2
                                                   : COPYLINT_MAX_BYTES + 1;
            char *q = realloc(p, cap + 1);
            if (!q)
                abort();
            p = q;
            if (reuse) {
                reuse->p = p;
                reuse->cap = cap + 1;
            }
        }
        ssize_t r = read(fd, p + n, cap - n);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            if (!reuse)
                free(p);
            errno = e;
            return false;
        }
        if (r == 0)
            break;
        n += (size_t)r;
        /* A regular file read to the size fstat gave, with room for one
         * byte more left unfilled, is at its end: no second read. */
        if (regular && n == hint && n < cap)
            break;
    }
    p[n] = '\0';
    *buf = p;
    *len = n;
    return true;
}

static bool read_open_file(const char *path, int fd, const struct stat *stp,
                           char **buf, size_t *len, struct cli_buf *reuse,
                           char *err, size_t errsize);

static bool read_file(const char *path, char **buf, size_t *len,
                      struct cli_stamp *stamp, struct cli_buf *reuse,
                      char *err, size_t errsize);

bool cli_read_file(const char *path, char **buf, size_t *len,
                   struct cli_stamp *stamp, char *err, size_t errsize)
{
    return read_file(path, buf, len, stamp, NULL, err, errsize);
}

bool cli_read_file_into(const char *path, struct cli_buf *b, char **buf,
                        size_t *len, char *err, size_t errsize)
{
    return read_file(path, buf, len, NULL, b, err, errsize);
}

static bool read_file(const char *path, char **buf, size_t *len,
                      struct cli_stamp *stamp, struct cli_buf *reuse,
                      char *err, size_t errsize)
{
    struct cli_stamp unused;
    bool for_rewrite = stamp != NULL; /* else no lstat() for is_link */
    if (!stamp)
        stamp = &unused;
    memset(stamp, 0, sizeof(*stamp));
    if (strcmp(path, "-") == 0) {
        if (!read_fd(STDIN_FILENO, buf, len, 0, false, reuse)) {
            snprintf(err, errsize, "cannot read standard input: %s",
                     strerror(errno));
            return false;
        }
        return true;
    }
    struct stat lst;
    if (for_rewrite && lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode))
        stamp->is_link = true;
    int fd = open(path, O_RDONLY | O_NONBLOCK);
    if (fd < 0) {
        snprintf(err, errsize, "cannot open '%s': %s", path, strerror(errno));
        return false;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        snprintf(err, errsize, "cannot stat '%s': %s", path, strerror(errno));
        close(fd);
        return false;
    }
    bool ok = read_open_file(path, fd, &st, buf, len, reuse, err, errsize);
    stamp->dev = st.st_dev;
    stamp->ino = st.st_ino;
    stamp->size = st.st_size;
    stamp->mtime = st.st_mtim;
    stamp->mode = st.st_mode;
    stamp->nlink = st.st_nlink;
    stamp->uid = st.st_uid;
    stamp->gid = st.st_gid;
    return ok;
}

bool cli_read_opened(const char *path, const struct cli_opened *opened,
                     char **buf, size_t *len, char *err, size_t errsize)
{
    return read_open_file(path, opened->fd, &opened->st, buf, len, NULL, err,
                          errsize);
}

bool cli_read_opened_into(const char *path, const struct cli_opened *opened,
                          struct cli_buf *b, char **buf, size_t *len,
                          char *err, size_t errsize)
{
    return read_open_file(path, opened->fd, &opened->st, buf, len, b, err,
                          errsize);
}

/* Reads the file open at fd (st: its fstat()), which it closes; refuses a
 * folder, a FIFO or device, and a file over COPYLINT_MAX_BYTES. */
static bool read_open_file(const char *path, int fd, const struct stat *stp,
                           char **buf, size_t *len, struct cli_buf *reuse,
                           char *err, size_t errsize)
{
    if (S_ISDIR(stp->st_mode)) {
        snprintf(err, errsize, "'%s' is a directory", path);
        close(fd);
        return false;
    }
    if (!S_ISREG(stp->st_mode)) {
        /* A FIFO or device could block or never end: refuse it. */
        snprintf(err, errsize, "'%s' is not a regular file", path);
        close(fd);
        return false;
    }
    if ((uintmax_t)stp->st_size > COPYLINT_MAX_BYTES) {
        /* Refused before reading: memory follows the largest file read. */
        snprintf(err, errsize, "'%s' is larger than %zu MiB", path,
                 COPYLINT_MAX_BYTES >> 20);
        close(fd);
        return false;
    }
    /* O_NONBLOCK (so that opening a FIFO could not hang) has no effect on
     * a regular file: it stays set. */
    bool ok = read_fd(fd, buf, len, (size_t)stp->st_size, true, reuse);
    if (!ok && errno == EFBIG)
        snprintf(err, errsize, "'%s' is larger than %zu MiB", path,
                 COPYLINT_MAX_BYTES >> 20);
    else if (!ok)
        snprintf(err, errsize, "cannot read '%s': %s", path, strerror(errno));
    close(fd);
    return ok;
}

/* Whether `st` describes the file that was read (same inode, size and
 * modification time). */
static bool same_stamp(const struct stat *st, const struct cli_stamp *stamp)
{
    return st->st_dev == stamp->dev && st->st_ino == stamp->ino &&
           st->st_size == stamp->size &&
           st->st_mtim.tv_sec == stamp->mtime.tv_sec &&
           st->st_mtim.tv_nsec == stamp->mtime.tv_nsec;
}

/* Whether `path` still holds exactly what was read. */
static bool unchanged(const char *path, const struct cli_stamp *stamp,
                      const char *old, size_t oldlen)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW);
    if (fd < 0)
        return false;
    struct stat st;
    bool same = fstat(fd, &st) == 0 && same_stamp(&st, stamp) &&
                (size_t)st.st_size == oldlen;
    if (same) {
        char *now;
        size_t nowlen;
        if (read_fd(fd, &now, &nowlen, oldlen, false, NULL)) {
            same = nowlen == oldlen && memcmp(now, old, oldlen) == 0;
            free(now);
        } else {
            same = false;
        }
    }
    close(fd);
    return same;
}

static bool write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return false;
        }
        p += w;
        n -= (size_t)w;
    }
    return true;
}

enum commit { COMMITTED, CHANGED, FAILED, BOTH_KEPT };

/* Puts `tmp` (whose inode is `mine`) in place of `path` if `path` is
 * still the file that was read. CHANGED: it was not, and it is left as
 * it was; `tmp` is gone. BOTH_KEPT: a second save landed while the first
 * was being put back; `path` and `tmp` both hold someone's text and
 * neither is removed. FAILED: errno says why; `tmp` is still there. */
static enum commit commit_rewrite(const char *tmp, const char *path,
                                  const struct cli_stamp *stamp, ino_t mine)
{
    struct stat st;
#ifdef RENAME_EXCHANGE
    if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_EXCHANGE) == 0) {
        /* `tmp` now names what `path` held a moment ago. */
        if (lstat(tmp, &st) == 0 && same_stamp(&st, stamp)) {
            unlink(tmp);
            return COMMITTED;
        }
        if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_EXCHANGE) == 0 &&
            lstat(tmp, &st) == 0 && st.st_ino == mine) {
            unlink(tmp);
            return CHANGED;
        }
        return BOTH_KEPT;
    }
    if (errno == ENOENT) {
        /* Removed since it was read: not recreated. */
        unlink(tmp);
        return CHANGED;
    }
    if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP)
        return FAILED;
#endif
    /* No exchange on this file system: the last look, then the rename. */
    if (lstat(path, &st) != 0 || !same_stamp(&st, stamp)) {
        unlink(tmp);
        return CHANGED;
    }
    return rename(tmp, path) == 0 ? COMMITTED : FAILED;
}

bool cli_rewrite_file(const char *path, const struct cli_stamp *stamp,
                      const char *old, size_t oldlen, const char *bytes,
                      size_t len, char *err, size_t errsize)
{
    struct stat lst;
    if (stamp->is_link || (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode))) {
        snprintf(err, errsize,
                 "not rewriting '%s': it is a symbolic link (run --fix on "
                 "the file it points to)",
                 path);
        return false;
    }
    if (stamp->nlink > 1) {
        snprintf(err, errsize,
                 "not rewriting '%s': it has %lu hard links, which a rewrite "
                 "would separate",
                 path, (unsigned long)stamp->nlink);
        return false;
    }
    /* The temporary file: ".NAME.copylint-XXXXXX" beside the original. */
    const char *slash = strrchr(path, '/');
    size_t dirlen = slash ? (size_t)(slash - path) + 1 : 0;
    const char *base = path + dirlen;
    size_t need = dirlen + strlen(base) + 32;
    char *tmp = malloc(need);
    if (!tmp)
        abort();
    snprintf(tmp, need, "%.*s.%s.copylint-XXXXXX", (int)dirlen, path, base);
    int fd = mkstemp(tmp);
    if (fd < 0) {
        snprintf(err, errsize, "cannot write '%s': cannot create a file in "
                 "its folder: %s", path, strerror(errno));
        free(tmp);
        return false;
    }
    const char *what = NULL;
    int e = 0;
    struct stat mine;
    if (fstat(fd, &mine) != 0) {
        what = "stat";
        e = errno;
    }
    if (!what && !write_all(fd, bytes, len)) {
        what = "write";
        e = errno;
    }
    if (!what && fchown(fd, stamp->uid, stamp->gid) != 0) {
        /* Only root may give a file away; the group may still fail. The
         * text matters more than the owner: go on. */
    }
    /* After fchown, which may clear set-id bits. */
    if (!what && fchmod(fd, stamp->mode & 07777) != 0) {
        what = "set the mode of";
        e = errno;
    }
    if (!what && fsync(fd) != 0) {
        what = "sync";
        e = errno;
    }
    if (close(fd) != 0 && !what) {
        what = "close";
        e = errno;
    }
    if (!what && !unchanged(path, stamp, old, oldlen)) {
        snprintf(err, errsize,
                 "not rewriting '%s': it changed after it was read", path);
        unlink(tmp);
        free(tmp);
        return false;
    }
    if (!what) {
        switch (commit_rewrite(tmp, path, stamp, mine.st_ino)) {
        case COMMITTED:
            break;
        case CHANGED:
            snprintf(err, errsize,
                     "not rewriting '%s': it changed after it was read", path);
            free(tmp);
            return false;
        case BOTH_KEPT:
            snprintf(err, errsize,
                     "not rewriting '%s': it was saved twice while copylint "
                     "replaced it; one version is in '%s', the other in '%s'",
                     path, path, tmp);
            free(tmp);
            return false;
        case FAILED:
            what = "rename";
            e = errno;
            break;
        }
    }
    if (what) {
        snprintf(err, errsize, "cannot write '%s' (%s the temporary file "
                 "'%s'): %s", path, what, tmp, strerror(e));
        unlink(tmp);
        free(tmp);
        return false;
    }
    free(tmp);
    /* Make the rename durable. */
    char dir[PATH_MAX];
    snprintf(dir, sizeof(dir), "%.*s", dirlen ? (int)dirlen : 1,
             dirlen ? path : ".");
    int dfd = open(dir, O_RDONLY | O_DIRECTORY);
    if (dfd >= 0) {
        fsync(dfd);
        close(dfd);
    }
    return true;
}
