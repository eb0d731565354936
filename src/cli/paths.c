/*
 * paths.c: turning the command line's paths into the files to lint.
 * A file argument is linted whatever its name; "-" is standard input; a
 * directory is walked recursively, in byte order of names so that runs
 * are reproducible, taking files that match an --include glob (default
 * *.txt and *.md) and no --exclude glob. A glob without '/' matches a
 * base name, one with '/' the path below the folder given as argument
 * ("2019/wire-*" when walking "archive") or the whole path as built from
 * the argument ("archive/2019/wire-*"), '*' crossing '/' there. Names starting with '.'
 * (.git, editor backups) are skipped while walking, and --exclude prunes
 * directories too. Symbolic links are followed, but a directory already
 * on the walk (a loop, or two links to one folder) is skipped with a note.
 *
 * The walk is lazy: one directory listing per level of the current path
 * is held, never the whole tree, so the file loop can start at once.
 */
#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct frame {
    char *dir;      /* path as built from the argument */
    char **names;   /* sorted entries */
    size_t n, next;
};

struct cli_walker {
    char **args;
    size_t nargs, next_arg;
    size_t root_len; /* length of the current argument's folder path */
    const char *const *include, *const *exclude;
    size_t ninclude, nexclude;
    struct frame *stack;
    size_t depth, cap;
    struct {
        dev_t dev;
        ino_t ino;
    } *seen;       /* directories entered, for loop detection */
    size_t nseen, capseen;
};

static void *xrealloc(void *p, size_t n)
{
    p = realloc(p, n ? n : 1);
    if (!p) {
        fputs("copylint: out of memory\n", stderr);
        abort();
    }
    return p;
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xrealloc(NULL, n), s, n);
}

struct cli_walker *cli_walker_new(char **args, size_t nargs,
                                  const char *const *include, size_t ninclude,
                                  const char *const *exclude, size_t nexclude)
{
    struct cli_walker *w = xrealloc(NULL, sizeof(*w));
    memset(w, 0, sizeof(*w));
    w->args = args;
    w->nargs = nargs;
    w->include = include;
    w->ninclude = ninclude;
    w->exclude = exclude;
    w->nexclude = nexclude;
    return w;
}

static bool glob_match(const char *pat, const char *path, size_t root_len)
{
    if (strchr(pat, '/')) {
        const char *rel = path + root_len;
        while (*rel == '/')
            rel++;
        return fnmatch(pat, path, 0) == 0 || fnmatch(pat, rel, 0) == 0;
    }
    const char *base = strrchr(path, '/');
    return fnmatch(pat, base ? base + 1 : path, 0) == 0;
}

static bool excluded(const struct cli_walker *w, const char *path)
{
    for (size_t i = 0; i < w->nexclude; i++)
        if (glob_match(w->exclude[i], path, w->root_len))
            return true;
    return false;
}

static bool included(const struct cli_walker *w, const char *path)
{
    static const char *const defaults[] = {"*.txt", "*.md"};
    const char *const *inc = w->ninclude ? w->include : defaults;
    size_t n = w->ninclude ? w->ninclude : 2;
    for (size_t i = 0; i < n; i++)
        if (glob_match(inc[i], path, w->root_len))
            return true;
    return false;
}

/* Directory entries are kept as one byte of d_type and then the name. */
static int name_cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a + 1, *(char *const *)b + 1);
}

static char *join(const char *dir, const char *name)
{
    size_t a = strlen(dir);
    const char *sep = a == 0 || dir[a - 1] != '/' ? "/" : "";
    size_t n = a + strlen(sep) + strlen(name) + 1;
    char *p = xrealloc(NULL, n);
    snprintf(p, n, "%s%s%s", dir, sep, name);
    return p;
}

static char *message(const char *fmt, const char *path, const char *why)
{
    size_t n = strlen(fmt) + strlen(path) + (why ? strlen(why) : 0) + 1;
    char *m = xrealloc(NULL, n);
    snprintf(m, n, fmt, path, why);
    return m;
}

/* Enters a directory: lists and sorts it. Returns a message instead if it
 * cannot be read or was walked already. */
static char *push_dir(struct cli_walker *w, const char *path,
                      const struct stat *st, bool *trouble)
{
    for (size_t i = 0; i < w->nseen; i++)
        if (w->seen[i].dev == st->st_dev && w->seen[i].ino == st->st_ino)
            return message("skipping '%s': already walked (a symbolic link "
                           "loop or a second link to one folder)%s",
                           path, "");
    DIR *d = opendir(path);
    if (!d) {
        *trouble = true;
        return message("cannot open directory '%s': %s", path,
                       strerror(errno));
    }
    if (w->nseen == w->capseen) {
        w->capseen = w->capseen ? 2 * w->capseen : 16;
        w->seen = xrealloc(w->seen, w->capseen * sizeof(*w->seen));
    }
    w->seen[w->nseen].dev = st->st_dev;
    w->seen[w->nseen].ino = st->st_ino;
    w->nseen++;
    struct frame f = {xstrdup(path), NULL, 0, 0};
    size_t cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        if (f.n == cap) {
            cap = cap ? 2 * cap : 32;
            f.names = xrealloc(f.names, cap * sizeof(*f.names));
        }
        size_t len = strlen(e->d_name);
        char *entry = xrealloc(NULL, len + 2);
        entry[0] = (char)e->d_type;
        memcpy(entry + 1, e->d_name, len + 1);
        f.names[f.n++] = entry;
    }
    closedir(d);
    if (f.n > 1)
        qsort(f.names, f.n, sizeof(*f.names), name_cmp);
    if (w->depth == w->cap) {
        w->cap = w->cap ? 2 * w->cap : 8;
        w->stack = xrealloc(w->stack, w->cap * sizeof(*w->stack));
    }
    w->stack[w->depth++] = f;
    return NULL;
}

static void pop_dir(struct cli_walker *w)
{
    struct frame *f = &w->stack[--w->depth];
    for (size_t i = f->next; i < f->n; i++)
        free(f->names[i]);
    free(f->names);
    free(f->dir);
}

char *cli_walker_next(struct cli_walker *w, bool *is_note, bool *trouble,
                      struct cli_opened *opened)
{
    *is_note = false;
    if (opened)
        opened->fd = -1;
    for (;;) {
        if (w->depth > 0) {
            struct frame *f = &w->stack[w->depth - 1];
            if (f->next == f->n) {
                pop_dir(w);
                continue;
            }
            char *name = f->names[f->next++];
            char *path = join(f->dir, name + 1);
            bool regular = (unsigned char)name[0] == DT_REG;
            free(name);
            if (regular) {
                /* The listing says a regular file (not a link): no stat. */
                if (!excluded(w, path) && included(w, path))
                    return path;
                free(path);
                continue;
            }
            struct stat st;
            if (stat(path, &st) != 0) {
                /* A dangling link or a file gone since the listing. */
                if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode)) {
                    free(path);
                    continue;
                }
                char *m = message("cannot open '%s': %s", path,
                                  strerror(errno));
                *trouble = true;
                *is_note = true;
                free(path);
                return m;
            }
            if (excluded(w, path)) {
                free(path);
                continue;
            }
            if (S_ISDIR(st.st_mode)) {
                char *m = push_dir(w, path, &st, trouble);
                free(path);
                if (m) {
                    *is_note = true;
                    return m;
                }
                continue;
            }
            if (S_ISREG(st.st_mode) && included(w, path))
                return path;
            free(path);
            continue;
        }
        if (w->next_arg == w->nargs)
            return NULL;
        const char *arg = w->args[w->next_arg++];
        if (strcmp(arg, "-") == 0)
            return xstrdup(arg);
        /* What the argument is: open() and fstat() when the caller takes
         * the file open, else (or if it cannot be opened) stat(). */
        struct stat st;
        int fd = opened ? open(arg, O_RDONLY | O_NONBLOCK | O_CLOEXEC) : -1;
        if (fd >= 0 && fstat(fd, &st) != 0) {
            close(fd);
            fd = -1;
        }
        bool known = fd >= 0 || stat(arg, &st) == 0;
        if (known && S_ISDIR(st.st_mode)) {
            if (fd >= 0)
                close(fd);
            w->nseen = 0; /* each argument is walked on its own */
            w->root_len = strlen(arg);
            char *m = push_dir(w, arg, &st, trouble);
            if (m) {
                *is_note = true;
                return m;
            }
            continue;
        }
        if (fd >= 0) {
            opened->fd = fd;
            opened->st = st;
        }
        /* A file, or a path that fails: the loader reports it. */
        return xstrdup(arg);
    }
}

void cli_walker_free(struct cli_walker *w)
{
    if (!w)
        return;
    while (w->depth)
        pop_dir(w);
    free(w->stack);
    free(w->seen);
    free(w);
}
