/*
 * run.c: the file loop. Paths come from the walker in a fixed order;
 * up to --jobs worker threads load, lint and (for --fix/--diff) fix them,
 * and the main thread writes each file's results strictly in that order,
 * so the output is byte-for-byte the same whatever the number of jobs
 * (findings and messages alike). A prepared context is read-only and
 * shared by the workers (copylint.h); each document belongs to one job.
 *
 * Memory stays bounded: at most WINDOW_PER_JOB * jobs files (or
 * MAX_OPEN_AHEAD, if more) are in flight (read, linted, not yet
 * written); the walker stops while the window is full, and a written
 * file is freed at once.
 *
 * Exit status: 2 if any file, folder or rewrite failed; else 1 if --diff
 * printed a change, or if more than --max-findings findings (default 0)
 * are at or above --fail-on and not covered by --baseline; else 0.
 * --write-baseline accepts what it records: those findings don't fail.
 */
#include "cli.h"

#include "config_cli.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define WINDOW_PER_JOB 8
#define MAX_OPEN_AHEAD 64 /* files held open between walker and reader */
#define SHORT_FILE 65536 /* bytes: a news article is a few KB */
#define HELD_BUDGET ((size_t)1 << 20) /* bytes of text linted, unwritten */

const char cli_run_usage[] =
    "Files:\n"
    "      --include=GLOB     lint files matching GLOB when walking folders\n"
    "                         (repeatable; default *.txt and *.md)\n"
    "      --exclude=GLOB     skip files and folders matching GLOB\n"
    "      --stdin-filename=NAME  the name of standard input ('-') in findings\n"
    "  -j, --jobs=N           lint N files at once (default: one per core)\n"
    "\n"
    "Fixes:\n"
    "      --fix[=all]        apply safe fixes in place (all: suggestions too)\n"
    "      --diff             print the fixes as a unified diff; write nothing\n"
    "                         (with --fix=all: all fixes)\n"
    "\n"
    "CI:\n"
    "      --max-findings=N   exit 1 only above N findings at --fail-on level\n"
    "      --baseline=FILE    findings recorded in FILE don't count or show\n"
    "      --write-baseline=FILE  record the current findings in FILE\n"
    "\n";

void cli_run_opts_init(struct cli_run_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->format = "text";
    o->fail_on = COPYLINT_SEVERITY_WARNING;
    o->max_findings = 0;
}

static void usage_error(const char *fmt, const char *arg)
{
    fputs("copylint: ", stderr);
    fprintf(stderr, fmt, arg);
    fputs("\nTry 'copylint --help' for more information.\n", stderr);
    exit(CLI_EXIT_TROUBLE);
}

static void push(const char ***list, size_t *n, const char *s)
{
    const char **p = realloc(*list, (*n + 1) * sizeof(*p));
    if (!p)
        abort();
    p[(*n)++] = s;
    *list = p;
}

static long parse_count(const char *arg, const char *opt)
{
    char *end;
    errno = 0;
    long v = strtol(arg, &end, 10);
    if (errno || end == arg || *end || v < 0) {
        fprintf(stderr, "copylint: %s takes a number, not '%s'\n", opt, arg);
        fputs("Try 'copylint --help' for more information.\n", stderr);
        exit(CLI_EXIT_TROUBLE);
    }
    return v;
}

bool cli_run_option(struct cli_run_opts *o, int c, const char *arg)
{
    switch (c) {
    case CLI_OPT_FIX:
        if (!arg || strcmp(arg, "safe") == 0)
            o->fix = CLI_FIX_SAFE;
        else if (strcmp(arg, "all") == 0)
            o->fix = CLI_FIX_ALL;
        else
            usage_error("--fix takes 'all' or 'safe', not '%s'", arg);
        return true;
    case CLI_OPT_DIFF:
        o->diff = true;
        return true;
    case CLI_OPT_MAX_FINDINGS:
        o->max_findings = parse_count(arg, "--max-findings");
        return true;
    case CLI_OPT_BASELINE:
        o->baseline = arg;
        return true;
    case CLI_OPT_WRITE_BASELINE:
        o->write_baseline = arg;
        return true;
    case CLI_OPT_INCLUDE:
        push(&o->include, &o->ninclude, arg);
        return true;
    case CLI_OPT_EXCLUDE:
        push(&o->exclude, &o->nexclude, arg);
        return true;
    case CLI_OPT_STDIN_FILENAME:
        o->stdin_filename = arg;
        return true;
    case 'j': {
        long v = parse_count(arg, "--jobs");
        if (v < 1 || v > 1024)
            usage_error("--jobs takes a number from 1 to 1024, not '%s'", arg);
        o->jobs = (unsigned)v;
        return true;
    }
    default:
        return false;
    }
}

void cli_run_opts_release(struct cli_run_opts *o)
{
    free(o->include);
    free(o->exclude);
}

/* ---- one file -------------------------------------------------------- */

struct job {
    char *path;         /* as walked; NULL for a walker message */
    struct cli_opened opened; /* the file, if the walker opened it */
    copylint_ctx *ctx;  /* the file's configuration, prepared */
    int fail_on;        /* its --fail-on level, or CLI_FAIL_NEVER */
    copylint_doc *report; /* a configuration's errors, written first */
    copylint_doc *doc;  /* whose findings are reported */
    char *err;          /* for standard error, in order; may be NULL */
    bool trouble;
    char *diff;         /* --diff output */
    size_t difflen;
    size_t nfixed;      /* findings fixed by --fix */
    size_t bytes;       /* the file's size as read; in pool.held until
                           written */
    bool done;
};

struct run {
    const struct cli_run_opts *o;
    /* copylint_doc_from_bytes() may record an error in the shared
     * context; the lock keeps that message with its file. */
    pthread_mutex_t ctx_lock;
};

static char *xstrdup(const char *s)
{
    char *p = strdup(s);
    if (!p)
        abort();
    return p;
}

/* A document over bytes[0..len); `owned`: it takes the malloc()ed bytes
 * (and frees them on failure) instead of copying them. */
static copylint_doc *make_doc(struct run *r, copylint_ctx *ctx,
                              const char *name, char *bytes, size_t len,
                              bool owned, char **err)
{
    copylint_doc *doc = NULL;
    pthread_mutex_lock(&r->ctx_lock);
    copylint_status s =
        owned ? copylint_doc_take(ctx, name, bytes, len, &doc)
              : copylint_doc_from_bytes(ctx, name, bytes, len, &doc);
    if (s != COPYLINT_OK) {
        *err = xstrdup(copylint_ctx_errmsg(ctx));
        doc = NULL;
    }
    pthread_mutex_unlock(&r->ctx_lock);
    return doc;
}

/* Each thread's read buffer: a file is read into it and the document
 * takes a copy (into a freed document's buffer, mostly), so that neither
 * side calls malloc() per file. A buffer grown past READ_BUF_KEEP for a
 * long file is let go after it. */
#define READ_BUF_KEEP ((size_t)1 << 20)
static _Thread_local struct cli_buf read_buf;

static void read_buf_release(void)
{
    free(read_buf.p);
    read_buf.p = NULL;
    read_buf.cap = 0;
}

static void process(struct run *r, struct job *j)
{
    const struct cli_run_opts *o = r->o;
    bool is_stdin = strcmp(j->path, "-") == 0;
    const char *name =
        is_stdin && o->stdin_filename ? o->stdin_filename : j->path;
    char *buf;
    size_t len;
    struct cli_stamp stamp;
    char err[1024];
    memset(&stamp, 0, sizeof(stamp));
    bool rewrite = o->fix != CLI_FIX_NONE && !o->diff;
    bool read;
    if (j->opened.fd >= 0) {
        read = cli_read_opened_into(j->path, &j->opened, &read_buf, &buf,
                                    &len, err, sizeof(err));
        j->opened.fd = -1; /* closed */
    } else if (!rewrite) {
        read = cli_read_file_into(j->path, &read_buf, &buf, &len, err,
                                  sizeof(err));
    } else {
        /* The document takes the bytes a rewrite compares with. */
        read = cli_read_file(j->path, &buf, &len, &stamp, err, sizeof(err));
    }
    if (!read) {
        j->err = xstrdup(err);
        j->trouble = true;
        return;
    }
    j->doc = make_doc(r, j->ctx, name, buf, len, rewrite, &j->err);
    if (!rewrite && read_buf.cap > READ_BUF_KEEP)
        read_buf_release();
    if (!j->doc) {
        j->trouble = true;
        return;
    }
    j->bytes = len;
    copylint_doc_lint(j->ctx, j->doc);
    if (o->fix == CLI_FIX_NONE && !o->diff)
        return;

    copylint_fixes *fx =
        copylint_fixes_new(j->doc, o->fix == CLI_FIX_ALL ? COPYLINT_FIX_ALL : 0);
    size_t oldlen;
    const char *old = copylint_doc_bytes(j->doc, &oldlen);
    if (o->diff) {
        FILE *m = open_memstream(&j->diff, &j->difflen);
        if (!m)
            abort();
        cli_diff_write(m, name, old, oldlen, fx);
        fclose(m);
    } else if (copylint_fixes_count(fx) > 0) {
        char *nw;
        size_t nwlen;
        if (copylint_fixes_apply(fx, old, oldlen, &nw, &nwlen) != COPYLINT_OK)
            abort(); /* edits come from this very document */
        if (cli_rewrite_file(j->path, &stamp, old, oldlen, nw, nwlen, err,
                             sizeof(err))) {
            j->nfixed = copylint_fixes_fixed(fx);
            /* Report what is left, at its new position. */
            char *e2 = NULL;
            copylint_doc *doc2 =
                make_doc(r, j->ctx, name, nw, nwlen, false, &e2);
            if (doc2) {
                copylint_doc_lint(j->ctx, doc2);
                copylint_fixes_free(fx);
                fx = NULL;
                copylint_doc_free(j->doc);
                j->doc = doc2;
            }
            free(e2);
        } else {
            j->err = xstrdup(err);
            j->trouble = true;
        }
        free(nw);
    }
    copylint_fixes_free(fx);
}

/* The file's configuration, looked up in the main thread and in file
 * order (the look-up caches and may report a broken configuration). */
static void configure(const struct cli_run_opts *o, struct job *j)
{
    const char *name = strcmp(j->path, "-") == 0 && o->stdin_filename
                           ? o->stdin_filename
                           : j->path;
    copylint_severity fail_on = COPYLINT_SEVERITY_WARNING;
    enum cli_config_result cr =
        cli_config_for_report(name, &j->report, &j->ctx, &fail_on);
    if (cr != CLI_CONFIG_LINT) {
        /* Skipped by an `ignore` glob, or an unusable configuration. */
        j->trouble = cr == CLI_CONFIG_TROUBLE;
        free(j->path);
        j->path = NULL;
        if (j->opened.fd >= 0)
            close(j->opened.fd);
        j->opened.fd = -1;
        return;
    }
    j->fail_on = fail_on == COPYLINT_SEVERITY_OFF ? CLI_FAIL_NEVER
                                                 : (int)fail_on;
    if (o->on_context && o->on_context(j->ctx))
        j->trouble = true;
}

/* ---- the pool -------------------------------------------------------- */

struct pool {
    struct run *run;
    pthread_mutex_t mu;
    pthread_cond_t work, done;
    struct job **ring;
    size_t window;
    size_t head, todo, tail; /* emit <= todo <= tail (sequence numbers) */
    const struct job *waiting; /* the job the writer waits for, or NULL */
    unsigned idle;             /* workers waiting for work */
    unsigned jobs;             /* worker threads */
    size_t held, budget;       /* bytes linted and not yet written */
    /* Documents written, for a worker to free: a document freed by the
     * thread that made it (or its sibling) goes back to that thread's
     * malloc cache and to doc.c's spares without the writer taking and
     * handing back every array of it. */
    copylint_doc **dead;
    size_t ndead, capdead;
    bool quit;
};

/* Frees docs[0..n). */
static void free_docs(copylint_doc **docs, size_t n)
{
    for (size_t i = 0; i < n; i++)
        copylint_doc_free(docs[i]);
}

/* Whether a worker must wait before it starts the next file: the files
 * linted and not yet written hold more than the budget, and the workers
 * are ahead of the writer (the oldest files can always start). */
static bool over_budget(const struct pool *p)
{
    return p->held > p->budget && p->todo - p->head >= p->jobs;
}

static void *worker(void *arg)
{
    struct pool *p = arg;
    copylint_doc **dead = NULL; /* taken from p->dead (buffers swapped) */
    size_t ndead = 0, capdead = 0;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while ((p->todo == p->tail || over_budget(p)) && !p->quit) {
            p->idle++;
            pthread_cond_wait(&p->work, &p->mu);
            p->idle--;
        }
        if (p->todo == p->tail)
            break;
        struct job *j = p->ring[p->todo++ % p->window];
        if (p->ndead) {
            copylint_doc **d = p->dead;
            size_t cap = p->capdead;
            ndead = p->ndead;
            p->dead = dead;
            p->capdead = capdead;
            p->ndead = 0;
            dead = d;
            capdead = cap;
        }
        pthread_mutex_unlock(&p->mu);
        free_docs(dead, ndead);
        ndead = 0;
        if (j->path)
            process(p->run, j);
        pthread_mutex_lock(&p->mu);
        p->held += j->bytes;
        j->done = true;
        /* Wake the writer only for the file it waits for: a wake-up per
         * file cost more than linting a short article. */
        if (j == p->waiting)
            pthread_cond_signal(&p->done);
    }
    pthread_mutex_unlock(&p->mu);
    free(dead);
    read_buf_release();
    return NULL;
}

/* ---- writing results ------------------------------------------------- */

struct totals {
    size_t counts[4]; /* shown findings by severity */
    size_t failing;   /* shown, at or above --fail-on */
    size_t covered;   /* covered by the baseline */
    size_t nfiles, nfixed, nfixed_files, ndiffs;
    bool trouble;
};

static void emit(struct run *r, struct job *j, copylint_output *out,
                 struct cli_baseline *base, struct cli_baseline *record,
                 struct totals *t)
{
    const struct cli_run_opts *o = r->o;
    if (j->report) {
        if (out) {
            copylint_output_doc(out, j->report);
        } else {
            for (size_t i = 0; i < copylint_doc_diag_count(j->report); i++) {
                const copylint_diag *d = copylint_doc_diag(j->report, i);
                fprintf(stderr, "%s:%u:%u: %s: %s [%s]\n",
                        copylint_doc_path(j->report), copylint_diag_line(d),
                        copylint_diag_column(d),
                        copylint_severity_name(copylint_diag_severity(d)),
                        copylint_diag_message(d), copylint_diag_rule(d));
            }
        }
    }
    if (j->err)
        fprintf(stderr, "copylint: %s\n", j->err);
    if (j->trouble)
        t->trouble = true;
    if (!j->doc)
        return;
    if (o->explain_dialect) {
        const char *style = copylint_doc_house_style(j->doc);
        fprintf(stderr, "copylint: %s: dialect %s (%s)%s%s\n",
                copylint_doc_path(j->doc), copylint_doc_dialect(j->doc),
                copylint_doc_dialect_reason(j->doc),
                style ? ", house style " : "", style ? style : "");
    }
    t->nfiles++;
    if (j->nfixed) {
        t->nfixed += j->nfixed;
        t->nfixed_files++;
    }
    if (o->diff) {
        if (j->difflen) {
            fwrite(j->diff, 1, j->difflen, stdout);
            t->ndiffs++;
        }
        return;
    }
    size_t n = copylint_doc_diag_count(j->doc);
    bool few[64]; /* most files: no malloc */
    bool *show = n <= sizeof(few) / sizeof(few[0])
                     ? few
                     : malloc(n * sizeof(bool));
    if (!show)
        abort();
    for (size_t i = 0; i < n; i++)
        show[i] = true;
    if (base)
        t->covered += cli_baseline_match(base, j->doc, show);
    if (record)
        cli_baseline_record(record, j->doc);
    copylint_output_doc_filtered(out, j->doc, show);
    for (size_t i = 0; i < n; i++) {
        if (!show[i])
            continue;
        copylint_severity sev =
            copylint_diag_severity(copylint_doc_diag(j->doc, i));
        t->counts[sev]++;
        if ((int)sev >= j->fail_on)
            t->failing++;
    }
    if (show != few)
        free(show);
}

static void free_job(struct job *j)
{
    if (j->opened.fd >= 0)
        close(j->opened.fd);
    free(j->path);
    copylint_doc_free(j->report);
    copylint_doc_free(j->doc);
    free(j->err);
    free(j->diff);
    free(j);
}

static void summary(const struct totals *t, const struct cli_run_opts *o)
{
    static const char *names[4][2] = {
        {"", ""}, {"note", "notes"}, {"warning", "warnings"},
        {"error", "errors"}};
    char parts[3][48];
    int n = 0;
    for (int s = 3; s >= 1; s--)
        if (t->counts[s])
            snprintf(parts[n++], sizeof(parts[0]), "%zu %s", t->counts[s],
                     names[s][t->counts[s] != 1]);
    fputs("copylint: ", stderr);
    if (n == 0)
        fputs("no findings", stderr);
    for (int i = 0; i < n; i++)
        fprintf(stderr, "%s%s", i == 0 ? "" : i == n - 1 ? " and " : ", ",
                parts[i]);
    fprintf(stderr, " in %zu file%s", t->nfiles, t->nfiles == 1 ? "" : "s");
    if (t->covered)
        fprintf(stderr, " (%zu more in the baseline)", t->covered);
    if (o->fix != CLI_FIX_NONE && !o->diff)
        fprintf(stderr, "; fixed %zu in %zu file%s", t->nfixed,
                t->nfixed_files, t->nfixed_files == 1 ? "" : "s");
    fputc('\n', stderr);
}

static unsigned default_jobs(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 64 ? 64 : (unsigned)n;
}

int cli_run(copylint_ctx *ctx, const struct cli_run_opts *o, char **paths,
            size_t npaths)
{
    char err[1024];
    for (size_t i = 0; i < npaths; i++)
        if (o->fix != CLI_FIX_NONE && !o->diff && strcmp(paths[i], "-") == 0)
            usage_error("%s", "--fix cannot rewrite standard input; use "
                              "--diff");
    struct cli_baseline *base = NULL, *record = NULL;
    if (o->baseline) {
        base = cli_baseline_load(o->baseline, err, sizeof(err));
        if (!base) {
            fprintf(stderr, "copylint: %s\n", err);
            return CLI_EXIT_TROUBLE;
        }
    }
    if (o->write_baseline)
        record = cli_baseline_new();

    copylint_output *out = NULL;
    if (!o->diff && copylint_output_new(ctx, o->format, stdout, o->out_flags,
                                        &out) != COPYLINT_OK) {
        cli_baseline_free(base);
        cli_baseline_free(record);
        usage_error("unknown format '%s'", o->format);
    }

    (void)ctx; /* each file gets its own from cli_config_for_report() */
    struct run r = {.o = o};
    pthread_mutex_init(&r.ctx_lock, NULL);
    struct pool p = {.run = &r};
    unsigned jobs = o->jobs ? o->jobs : default_jobs();
    /* A wide window lets the writer sleep while workers lint a long run
     * of short files and write them in one go: with 16 files for 2 jobs
     * the three threads switched 7,800 times over the corpus, with 64
     * 2,300 times (and 5 % less CPU). Up to MAX_OPEN_AHEAD, so that the
     * walker still hands over open files. */
    p.window = (size_t)jobs * WINDOW_PER_JOB;
    if (p.window < MAX_OPEN_AHEAD)
        p.window = MAX_OPEN_AHEAD;
    p.jobs = jobs;
    /* Memory follows the largest file, not the sum (--cross-file keeps
     * every file anyway). */
    p.budget = o->cross_file ? SIZE_MAX : HELD_BUDGET;
    /* NOLINTNEXTLINE(bugprone-sizeof-expression): pointer elements */
    p.ring = calloc(p.window, sizeof(*p.ring));
    if (!p.ring)
        abort();
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.work, NULL);
    pthread_cond_init(&p.done, NULL);
    pthread_t *threads = NULL;
    unsigned nthreads = 0;
    if (jobs > 1) {
        threads = calloc(jobs, sizeof(*threads));
        if (!threads)
            abort();
        for (; nthreads < jobs; nthreads++)
            if (pthread_create(&threads[nthreads], NULL, worker, &p) != 0)
                break;
    }

    struct cli_walker *walker = cli_walker_new(
        paths, npaths, o->include, o->ninclude, o->exclude, o->nexclude);
    /* Files named as arguments are read through the descriptor the walker
     * opened to tell them from folders (one path look-up less a file),
     * except for a rewrite, which stamps the file as it opens it, and when
     * the window could hold more descriptors than a process may have
     * open; --cross-file holds documents, not descriptors. */
    bool keep_open = (o->fix == CLI_FIX_NONE || o->diff) &&
                     p.window <= MAX_OPEN_AHEAD;
    struct totals t = {.trouble = o->trouble};
    struct job **held = NULL; /* --cross-file */
    size_t nheld = 0;
    bool walking = true;
    /* Of the files written lately; taken as long until some are read. */
    size_t recent_bytes = SHORT_FILE + 1;
    for (;;) {
        /* Fill the window. */
        while (walking && p.tail - p.head < p.window) {
            bool is_note = false, trouble = false;
            struct cli_opened opened;
            char *s = cli_walker_next(walker, &is_note, &trouble,
                                      keep_open ? &opened : NULL);
            if (!s) {
                walking = false;
                break;
            }
            /* malloc() and a zeroed copy: glibc's calloc() bypasses its
             * per-thread cache (and the compiler turns malloc() and
             * memset() into calloc()). */
            static const struct job zero_job;
            struct job *j = malloc(sizeof(*j));
            if (!j)
                abort();
            *j = zero_job;
            j->opened.fd = -1;
            if (keep_open)
                j->opened = opened;
            if (is_note) {
                /* A message keeps its place in the queue; a worker marks
                 * it done like any job, so the ring slot stays owned. */
                j->err = s;
                j->trouble = trouble;
            } else {
                j->path = s;
                configure(o, j);
            }
            if (nthreads == 0) {
                if (j->path)
                    process(&r, j);
                j->done = true;
            }
            pthread_mutex_lock(&p.mu);
            p.ring[p.tail++ % p.window] = j;
            if (nthreads == 0)
                p.todo = p.tail; /* done here, not by a worker */
            else if (p.idle)
                pthread_cond_signal(&p.work);
            pthread_mutex_unlock(&p.mu);
            if (nthreads == 0)
                break; /* write each file at once */
        }
        if (p.head == p.tail)
            break;
        /* Write the oldest file once it is done. While it is not, and the
         * files are short articles, sleep until a file half the queue
         * further on is done too: by then most files before that one
         * are, and one wake-up writes them all (a wake-up per file cost
         * as much as linting a short one). Long files are written one by
         * one, so that memory follows the largest file, not the sum. */
        pthread_mutex_lock(&p.mu);
        struct job *j = p.ring[p.head % p.window];
        while (!j->done) {
            struct job *target = p.ring[(p.head + (p.tail - p.head) / 2) %
                                        p.window];
            if (target->done || recent_bytes > SHORT_FILE)
                target = j;
            p.waiting = target;
            while (!target->done)
                pthread_cond_wait(&p.done, &p.mu);
        }
        p.waiting = NULL;
        size_t bytes = j->bytes;
        pthread_mutex_unlock(&p.mu);
        copylint_doc *dead = NULL; /* j's document once written */
        if (o->cross_file) {
            /* Held, in order, for copylint_docs_cross_check(). */
            /* NOLINTNEXTLINE(bugprone-sizeof-expression): pointer elements */
            struct job **h = realloc(held, (nheld + 1) * sizeof(*h));
            if (!h)
                abort();
            held = h;
            held[nheld++] = j;
        } else {
            if (j->doc) /* a running average of the files' sizes */
                recent_bytes = (recent_bytes * 7 + bytes) / 8;
            emit(&r, j, out, base, record, &t);
            dead = j->doc;
            j->doc = NULL;
            free_job(j);
        }
        pthread_mutex_lock(&p.mu);
        /* A short article goes back to a worker to free (see struct
         * pool); a long file is freed here at once, so that written
         * documents do not wait for a busy worker and memory follows the
         * largest file (tests/hostile: twenty 1 MB files). */
        if (dead && nthreads > 0 && bytes <= SHORT_FILE) {
            if (p.ndead == p.capdead) {
                p.capdead = p.capdead ? p.capdead * 2 : 32;
                /* NOLINTNEXTLINE(bugprone-sizeof-expression): pointers */
                copylint_doc **d = realloc(p.dead, p.capdead * sizeof(*d));
                if (!d)
                    abort();
                p.dead = d;
            }
            p.dead[p.ndead++] = dead;
            dead = NULL;
        }
        p.held -= bytes;
        p.head++;
        if (p.idle && !over_budget(&p))
            pthread_cond_signal(&p.work);
        pthread_mutex_unlock(&p.mu);
        copylint_doc_free(dead); /* --jobs 1, or a long file */
    }
    if (o->cross_file) {
        /* NOLINTNEXTLINE(bugprone-sizeof-expression): pointer elements */
        copylint_doc **docs = malloc((nheld + 1) * sizeof(*docs));
        if (!docs)
            abort();
        size_t ndocs = 0;
        const copylint_ctx *cctx = NULL;
        for (size_t i = 0; i < nheld; i++)
            if (held[i]->doc) {
                docs[ndocs++] = held[i]->doc;
                if (!cctx)
                    cctx = held[i]->ctx;
            }
        if (cctx)
            copylint_docs_cross_check(cctx, docs, ndocs);
        free(docs);
        for (size_t i = 0; i < nheld; i++) {
            emit(&r, held[i], out, base, record, &t);
            free_job(held[i]);
        }
        free(held);
    }
    cli_walker_free(walker);
    pthread_mutex_lock(&p.mu);
    p.quit = true;
    pthread_cond_broadcast(&p.work);
    pthread_mutex_unlock(&p.mu);
    for (unsigned i = 0; i < nthreads; i++)
        pthread_join(threads[i], NULL);
    free(threads);
    free_docs(p.dead, p.ndead); /* written after the workers' last file */
    free(p.dead);
    free(p.ring);
    pthread_mutex_destroy(&p.mu);
    pthread_cond_destroy(&p.work);
    pthread_cond_destroy(&p.done);
    pthread_mutex_destroy(&r.ctx_lock);
    read_buf_release(); /* the main thread's (--jobs 1) */

    copylint_output_finish(out);
    int status = 0;
    if (record) {
        if (!cli_baseline_write(record, o->write_baseline, err, sizeof(err))) {
            fprintf(stderr, "copylint: %s\n", err);
            t.trouble = true;
        }
    }
    if (o->summary && !o->diff)
        summary(&t, o);
    if (t.trouble)
        status = CLI_EXIT_TROUBLE;
    else if (o->diff)
        status = t.ndiffs ? CLI_EXIT_FINDINGS : 0;
    else if (!record &&
             t.failing > (size_t)o->max_findings)
        status = CLI_EXIT_FINDINGS;
    cli_baseline_free(base);
    cli_baseline_free(record);
    return status;
}
