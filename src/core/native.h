/*
 * native.h: matchers written in C for a few pattern shapes that rule files
 * use to walk every word of a text, where PCRE2's cost per call (one call
 * per word) is most of the work: Microsoft's SentenceLength counts
 * `\b(\w+)\b` in each sentence, write-good's Illusions repeats `[^\s]+`.
 * The shape is recognised from the pattern's exact source (cpl_native_
 * shape), so a rule gets a native matcher only when it gives the same
 * matches as PCRE2 with UTF and UCP would. Which characters are `\w` and
 * `\s` is PCRE2's own answer: ASCII from a table made by asking PCRE2 at
 * start-up, anything else by asking PCRE2 once per code point and keeping
 * the answer in a small per-thread cache.
 */
#ifndef CPL_NATIVE_H
#define CPL_NATIVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum cpl_native_shape {
    CPL_NATIVE_NONE = 0,
    /* `\b\w+\b` (also `\b\w+`, `\w+\b` with \b first): each maximal run of
     * word characters, starting where the previous character is not one */
    CPL_NATIVE_WORDS,
    /* `\w+`: the first word character at or after the start, to the end
     * of its run */
    CPL_NATIVE_WORD_CHARS,
    /* `[^\s]+` or `\S+`: the first non-space at or after the start, to the
     * end of its run */
    CPL_NATIVE_NONSPACE
};

/* The shape of a pattern's source (groups without quantifiers around the
 * atoms are allowed: `(?:\b(\w+)\b)`), or CPL_NATIVE_NONE. */
enum cpl_native_shape cpl_native_shape_of(const char *src);

/* `\w` and `\s` as PCRE2 (UTF, UCP) decides them; shared read-only by
 * every thread. */
struct cpl_native_classes;
struct cpl_native_classes *cpl_native_classes_new(void);
void cpl_native_classes_free(struct cpl_native_classes *c);

/* Per-thread state: the answers for non-ASCII code points seen so far
 * and PCRE2 match data. */
struct cpl_native_cache;
struct cpl_native_cache *cpl_native_cache_new(void);
void cpl_native_cache_free(struct cpl_native_cache *k);

/* The next match of `shape` in subj[0..len) at or after `start`, as PCRE2
 * would find it searching from `start` (the character before `start`
 * counts for \b): true with [*a, *b). */
bool cpl_native_next(const struct cpl_native_classes *c,
                     struct cpl_native_cache *k, enum cpl_native_shape shape,
                     const char *subj, size_t len, size_t start, size_t *a,
                     size_t *b);

/* The number of matches of `shape` in subj[0..len), searching from 0 and
 * each time from the end of the last match (as occurrence rules count),
 * and the first match in [*a, *b) when there is one. */
size_t cpl_native_count(const struct cpl_native_classes *c,
                        struct cpl_native_cache *k, enum cpl_native_shape shape,
                        const char *subj, size_t len, size_t *a, size_t *b);

/*
 * Walking the matches of `shape` in subj[0..len) from 0, each search from
 * the end of the last match (as repetition rules walk them), to the next
 * one whose bytes equal those of the match before it: true with that
 * earlier match in [*pa, *pb) and this one in [*a, *b). The walk goes on
 * from there on the next call. Zero-initialised by cpl_native_walk_init.
 */
struct cpl_native_walk {
    const struct cpl_native_classes *c;
    struct cpl_native_cache *k;
    enum cpl_native_shape shape;
    const char *subj;
    size_t len;
    size_t next;    /* the first byte not yet classified */
    size_t base;    /* the byte of bit 0 of edges */
    uint64_t edges; /* run starts and ends left in the current chunk */
    uint64_t carry; /* whether the byte before `next` is in a run */
    bool open;      /* a run started at open_a and has not ended */
    size_t open_a;
    /* cpl_native_walk_caps: only runs that begin with an ASCII capital
     * are walked (carry: the byte before `next` is in such a run;
     * carry_any: in any run). */
    bool upper_only;
    unsigned upper_min; /* the runs walked have at least this many
                           capitals first (up to 4 checked) */
    uint64_t carry_any;
    bool have_prev; /* the last run walked: [prev_a, prev_b) */
    size_t prev_a, prev_b;
    /* cpl_native_walk_use_bits: the run bits of a larger text, bit
     * bits_pos for subj[0], instead of classifying the bytes again. */
    const uint64_t *bits;
    size_t bits_pos;
};

void cpl_native_walk_init(struct cpl_native_walk *w,
                          const struct cpl_native_classes *c,
                          struct cpl_native_cache *k,
                          enum cpl_native_shape shape, const char *subj,
                          size_t len);
bool cpl_native_walk_repeat(struct cpl_native_walk *w, size_t *pa,
                            size_t *pb, size_t *a, size_t *b);

/*
 * The run bits of a whole text, made once and shared by every native
 * rule and block of a document (the word runs of CPL_NATIVE_WORDS and
 * CPL_NATIVE_WORD_CHARS are the same): bit i for text[i], in
 * (*bits)[0 .. len / 64 + 2), grown as needed (*cap words), the words
 * after the text zero. A block text[pos .. pos + n) that starts and ends
 * at character boundaries has, in bits pos .. pos + n, the bits a walk
 * or count of that block alone computes: a character's class does not
 * depend on what is around it.
 */
void cpl_native_text_bits(const struct cpl_native_classes *c,
                          struct cpl_native_cache *k,
                          enum cpl_native_shape shape, const char *text,
                          size_t len, uint64_t **bits, size_t *cap);

/* cpl_native_count() of a block from the text's bits, bit pos first. */
size_t cpl_native_count_bits(const uint64_t *bits, size_t pos, size_t len,
                             size_t *a, size_t *b);

/* Makes the walk read its run bits from a text's bits, bit pos for
 * subj[0], instead of classifying the bytes. Call right after
 * cpl_native_walk_init(). */
void cpl_native_walk_use_bits(struct cpl_native_walk *w, const uint64_t *bits,
                              size_t pos);

/*
 * `\b([A-Z]{m,n})\b` (also without the group, with `(?:`, or `{m}`),
 * case-sensitive: a whole word of m..n ASCII capitals. From a word start
 * PCRE2 takes the capitals and then needs a non-word character; giving
 * back capitals only puts a word character (a capital) after them, so
 * the match is the word itself when it is m..n capitals, else none.
 * cpl_native_caps_shape tells the shape from the source;
 * cpl_native_walk_caps walks the words (a walk of CPL_NATIVE_WORDS) to
 * the next such match, searching from the end of the last one.
 */
bool cpl_native_caps_shape(const char *src, unsigned *min, unsigned *max);
bool cpl_native_walk_caps(struct cpl_native_walk *w, unsigned min,
                          unsigned max, size_t *a, size_t *b);

/* The bits (bit j: u[j] is in a run) of 64 ASCII bytes for the word
 * runs (nonspace false) or the non-space runs: `fast` as the matchers
 * get them (SSE2 when the classes are the usual ones), else by table
 * byte by byte, the reference the unit test holds the fast path to. */
uint64_t cpl_native_ascii_bits(const struct cpl_native_classes *c,
                               bool nonspace, const unsigned char *u,
                               bool fast);

/* The run bits of subj[i..i + *n) for `shape`, *n <= 64 (the chunk ends
 * before a character that does not fit whole): `fast` as the matchers
 * get them (ASCII bytes 64 at a time, then each non-ASCII character),
 * else byte by byte, the reference the unit test holds the fast path to. */
uint64_t cpl_native_chunk_bits(const struct cpl_native_classes *c,
                               struct cpl_native_cache *k,
                               enum cpl_native_shape shape, const char *subj,
                               size_t len, size_t i, size_t *n, bool fast);

/* Whether no match of `shape` begins or ends with a byte that isspace()
 * (C locale) takes for white space, so that trimming a match changes
 * nothing. */
bool cpl_native_untrimmed(const struct cpl_native_classes *c,
                          enum cpl_native_shape shape);

#endif
