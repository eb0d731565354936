/*
 * ruleset.c: Vale-format YAML rule files, loaded with libyaml and compiled
 * with PCRE2, and the matcher that runs one rule over a document.
 *
 * What it follows (errata-ai/vale internal/check/, one Go file per type): a non-`nonword`
 * rule's words are wrapped as `(?m)\b(?:tok1|tok2)\b` (one alternation per
 * rule, so the text is scanned once per rule, not once per token); `raw`
 * is prepended (or appended with `append: true`); `ignorecase` makes the
 * whole pattern caseless; a substitution's keys become one capture group
 * each, the group that matched names the replacement; `exceptions` are
 * one `\b(?:...)\b` pattern, longest first, searched in the matched text.
 * Messages take `%s` arguments in Vale's order, cycling when the message
 * has more `%s` than there are arguments.
 *
 * What it leaves to others: which packs run on a document (checks/rules.c),
 * positions and output (core/doc.c, output/). The library never prints:
 * problems go to the context (cpl_ctx_problem).
 *
 * Cost: each rule is compiled once and JIT-compiled. A cheap prefilter
 * (see prefilter below) skips a rule when none of the words its pattern
 * must start with begins a word of the document; otherwise one linear
 * PCRE2 scan per rule and scope block. Match and depth limits make a
 * pathological pattern stop, be reported once and be skipped.
 */
#include "ruleset.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <pcre2.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <threads.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <utf8proc.h>
#include <yaml.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "alloc.h"
#include "ctx.h"
#include "diag.h"
#include "native.h"
#include "strset.h"
#include "utf8.h"

/* The largest rule file read: Vale styles are a few KB each. */
#define MAX_RULE_FILE ((size_t)4 << 20)

enum vtype {
    T_EXISTENCE,
    T_SUBSTITUTION,
    T_OCCURRENCE,
    T_REPETITION,
    T_CONSISTENCY,
    T_CONDITIONAL,
    T_CAPITALIZATION,
    T_COUNT
};

static const char *const type_names[T_COUNT] = {
    "existence",  "substitution", "occurrence",    "repetition",
    "consistency", "conditional", "capitalization"};

enum vscope { S_TEXT, S_PARAGRAPH, S_SENTENCE };

enum vaction { A_NONE, A_REPLACE, A_REMOVE, A_EDIT };

enum vcap { CAP_TITLE, CAP_SENTENCE, CAP_LOWER, CAP_UPPER, CAP_REGEX };

struct swap {
    char *expected;        /* the swap value, as written */
    pcre2_code *expect_re; /* ^(?:expected)$, or NULL to compare bytes */
    /* A replace action without params (Vale: the swap's `a|b`
     * alternatives are the fixes): the alternatives and their
     * to_sentence(), made once by cpl_ruleset_finish(). */
    char **alts;
    size_t nalts;
    char *sentence;
};

struct literal;

/* Literal prefixes a match must start with, for the word-start prefilter. */
struct prefix {
    uint16_t key; /* 1-3 folded characters, see fold_key */
    uint8_t len;
};

struct cpl_vrule {
    struct cpl_rule_info info;
    char *id, *style, *summary, *path;
    unsigned line;

    enum vtype type;
    enum vscope scope;
    char *message, *link;
    bool ignorecase, nonword, alpha;
    int max, min, limit;

    pcre2_code *re;     /* the rule's pattern (conditional: first) */
    /* Lead-class skipping (add_lead): `(?<!C)(?:re)`, re anchored, and
     * C anchored; NULL when re does not begin with a run of one class. */
    pcre2_code *lead_re, *lead_anch, *lead_cls;
    /* Tail filter (add_tail): when re is G{n,}REST, REST alone; no
     * match of REST at or after a search start means no match of re. */
    pcre2_code *tail;
    pcre2_code *second; /* conditional */
    pcre2_code *second_tail; /* second's REST (tail_of), or NULL */
    bool second_has_group;
    /* A `first` of the shape `\b([A-Z]{m,n})\b` (case-sensitive) is
     * walked natively: caps_max > 0 (see cpl_native_caps_shape). */
    unsigned caps_min, caps_max;
    pcre2_code *except; /* exceptions, or NULL */
    /* The exceptions when each is a run of ASCII letters, digits and
     * underscores: in a subject that is itself such a run, \b(?:e1|...)\b
     * can only match the whole subject, so a look-up answers (excepted). */
    struct cpl_strset *except_words;
    uint32_t ncaps;     /* capture groups of re */

    struct swap *swaps; /* substitution: one per capture group */
    size_t nswaps;
    pcre2_code **pairs; /* consistency: one pattern per pair */
    size_t npairs;
    /* consistency: pair i's two words at 2i and 2i + 1 when every word
     * of every pair is a plain word (else NULL); they go into the
     * combined trie (cons_combined), which tells which words occur. */
    char **cons_toks;
    bool cons_combined;

    enum vcap cap;
    bool chicago;
    char **indicators;
    size_t nindicators;
    double threshold;
    pcre2_code *cap_re;   /* match: a regex */
    pcre2_code *words_re; /* capitalization word splitter */

    enum vaction action;
    char **params;
    size_t nparams;
    pcre2_code *edit_re; /* edit: regex */
    char *fix;           /* copylint extension: a fix template */
    bool safe;

    char **bad, **good; /* copylint extension: examples */
    size_t nbad, ngood;

    struct prefix *prefixes; /* NULL: the rule always runs */
    size_t nprefixes;
    /* Whether might_match() is asked: not when the prefilter's literals
     * or the combined word lists already make a rule that cannot match
     * cheap (set by cpl_ruleset_finish; the word-start pass then runs
     * only for the rules that still need it). */
    bool use_prefixes;
    struct literal *lit; /* word lists: the trie matcher instead of re */
    bool combined;       /* its words are in the ruleset's combined trie */
    char **lit_toks;     /* the word list, for the combined trie */
    size_t nlit_toks;
    uint32_t ord;        /* index in the ruleset */
    uint32_t style_ord;  /* cpl_vrule_style_ord() */
    pcre2_code *lit_re;  /* ... and the tokens that are not plain words */
    uint32_t *lit_idx;   /* token index of each group of lit_re */
    size_t nlit_idx;

    /* Shared matching (see "shared matching" below): the rule file's
     * keys that decide the matches, serialized (NULL: never shared),
     * and the group of rules with the same ones (NO_GROUP: none). */
    char *match_sig;
    size_t match_sig_len;
    uint32_t grp;
    /* substitution, replace action without params: convert_message()
     * of the message, made once by cpl_ruleset_finish() */
    char *swap_message;

    /* Each pattern compiled again without UCP, for pure-ASCII articles:
     * on ASCII text \b, \w, \s and caseless letters mean the same with or
     * without UCP, and the ASCII tables are several times faster than
     * Unicode property look-ups. */
    struct {
        const pcre2_code *ucp;
        pcre2_code *ascii;
    } *twins;
    size_t ntwins;

    /* Required-literal prefilter (pf_set): re's source, the literals
     * one of which every match holds, at most pf_off characters after
     * the match attempt's start. npf 0: no prefilter. */
    char *re_src, *lit_src; /* lit_src: lit_re's; pf is for lit_re
                             * when the rule has a word list */
    char **pf_lits;
    size_t npf;
    uint32_t pf_off;
    /* ... and at most pf_ws characters of the set pf_stop (PF_INF: no
     * such bound; see pf_back_stop()). */
    uint32_t pf_ws;
    struct pf_stop *pf_stop;
    /* A digit of its literals stands for \d, which under UCP matches
     * other decimal digits too: a document with one of those runs the
     * rule on its whole text (see has_uni_digit()). */
    bool pf_udigit;

    atomic_bool disabled; /* set once a match limit stopped it */

    /* re's matches come from a C matcher (native.h) instead of PCRE2:
     * set by cpl_ruleset_finish() for occurrence and repetition rules
     * whose pattern has one of the shapes it knows. */
    enum cpl_native_shape native;

    /* Every pattern of the rule, each JIT-compiled just before its first
     * match attempt (code_jit), not at load: most rules of a big style
     * never get past the prefilter on a given run, an article uses either
     * the UCP pattern or its ASCII twin, and the JIT compiler was most of
     * the start-up. state: 0 not yet, 1 compiling, 2 done. */
    struct jit_code {
        const pcre2_code *code;
        atomic_int state;
    } *jit_codes;
    size_t njit;
};

/* One rule's literal at a node of the prefilter trie. */
struct pf_entry {
    uint32_t rule, next; /* next: entry index + 1, 0: none */
    uint32_t len, flags; /* the literal's length, PF_WB_* */
};

/* One token of one rule at a node of the combined trie. */
struct hit_entry {
    uint32_t rule, tok, len, next; /* next: entry index + 1, 0: none */
    const char *text;              /* for case-sensitive rules */
};

#define WKEY_BITS 32768u
/* Bits of key_word (see word_key16()). */
#define WORD16_BITS 65536u
#define SCRATCH_POOL 16
#define PF_H3_BITS 15u
#define PF_MAX_GROUPS 32u
#define PF_MAX_CMP 14u
#define PF_X2_MAX 4u
#define PF_X2_ANY 255u
#define PF_MAX_VARIANTS 8u

/* Filters of the places pf_scan_words() looks at (see below). */
struct pf_filter {
    /* Filters of the places pf_scan() looks at, by the next three bytes
     * each ORed with 0x20 (so a superset of ASCII case folding): [0]
     * for every literal, at a place not inside an ASCII word; [1] for
     * the literals that need no word start, inside one. two has a
     * bit when a literal is the one byte x1 or begins with x1
     * x2 (bit x1 | x2 << 8); three bit pf_hash3(x1 | x2 << 8 | x3 <<
     * 16) when one of three bytes or more begins with them. */
    uint64_t two[2][65536 / 64];
    uint64_t three[2][(1u << PF_H3_BITS) / 64];
    /* The literals that may start inside an ASCII word or with a byte
     * that is no word byte: the places besides word starts that
     * pf_scan() looks at, by groups of one first byte x1 (ORed with
     * 0x20) and its second bytes x2[0..n2) (n2 0: any second byte).
     * x2 and nx2 collect them by first byte while literals are
     * added (nx2 PF_X2_ANY: a literal of one byte, or too many
     * second bytes); more byte compares than PF_MAX_CMP: the first
     * bytes alone (first_only: the scalar test of two/three looks at
     * the second byte); more than PF_MAX_GROUPS groups: every place. */
    struct pf_group {
        unsigned char x1, n2, x2[PF_X2_MAX];
    } grp[PF_MAX_GROUPS];
    unsigned ngrp;
    bool every; /* every place is a candidate */
    bool first_only;
    /* Every ASCII digit is a candidate ("0st" ... "9th" of `\d(?:st|th)`):
     * one test of the digit mask pf_classify64() makes anyway, instead
     * of ten groups. */
    bool digits;
    bool has1[256];
    unsigned char x2[256][PF_X2_MAX], nx2[256];
};

struct cpl_ruleset {
    struct cpl_vrule **rules;
    size_t nrules, caprules;
    char **styles;
    size_t nstyles;
    uint32_t max_caps;
    /* Every `text`-scope word list in one trie (folded), so that one pass
     * over a document finds the words of all of them; built by
     * cpl_ruleset_finish(). node.token is the first entry + 1. */
    struct literal *all;
    struct hit_entry *entries;
    size_t nentries, capentries;
    /* Filters in front of the walk of `all` at a word start, by the
     * keys of word_key(): a token of `all` is one run of ASCII letters
     * and digits (R1), or R1, one byte B (a space, mark or non-ASCII
     * byte) and a second run R2, possibly empty, and then whatever. A
     * token matches at a word start only if the article's maximal run
     * of ASCII letters and digits there is its R1 (what follows the
     * token's R1 is its end, a mark or a non-ASCII byte, and the
     * article must have the same there, none of which continues a
     * run), and then, for a longer token, the next byte is B and the
     * maximal run after it R2. key_one has the R1 keys of one-run
     * tokens, key_r1 the R1 keys of longer ones, key_r2 their R1 B R2
     * keys: most words are passed over on a look-up or two in these
     * tables (4 KiB each) instead of a walk of the trie. */
    uint64_t key_one[WKEY_BITS / 64], key_r1[WKEY_BITS / 64],
        key_r2[WKEY_BITS / 64];
    /* word_key16() of every token's R1 of at most 16 bytes: a word of
     * the article that is one run of ASCII letters and digits, up to 16
     * bytes, is passed over on its token alone (one look-up, no byte
     * loop) unless its key is here (build_cands_tokens()). */
    uint64_t key_word[WORD16_BITS / 64];
    /* For the other tokens (R1 B R2..., R2 of at most 16 bytes):
     * key_word_r1 has their R1's word_hash16(), key_word_r2 the
     * word_key3() of R1, B and R2: a word whose R1 is only here is a
     * candidate only if the byte after it and the run after that match
     * one of these. */
    uint64_t key_word_r1[WORD16_BITS / 64], key_word_r2[WORD16_BITS / 64];
    bool no_tok_pass; /* tests: build_cands() walks every byte */
    /* Every regex rule's prefilter literals in one folded trie. */
    struct literal *pf;
    struct pf_entry *pf_ent;
    size_t npf_ent, cappf_ent;
    /* The trie's second level as a table: pf_cls maps a byte (folded)
     * to its class (0: in no literal), pf_l2[c1 * pf_ncls + c2] is the
     * node of a two-byte prefix. Walking sibling lists at every byte
     * was most of the scan. */
    uint8_t pf_cls[256];
    uint32_t pf_ncls;
    uint32_t *pf_l2;
    /* For places inside a word, where a literal that must start a word
     * cannot: pf_root_any[b] when some other literal is the one byte b,
     * pf_bigram_any the first two (folded) bytes of the other literals,
     * as literal.bigram has them for all. */
    bool pf_root_any[256];
    uint64_t pf_bigram_any[65536 / 64];
    /* By byte: PF_FIRST_ANY when some literal starts with it (folded),
     * PF_FIRST_INNER when one that needs no word start does: most
     * places inside words are passed over on this one look-up. */
    uint8_t pf_first[256];
    /* The filters of pf_scan_words() for every rule (pf_f) and for
     * the sets of rules that cpl_ruleset_prefilter_variant() made:
     * pf_var[i] for the rules i with pf_var_active[i][rule]. */
    struct pf_filter pf_f;
    struct pf_filter *pf_var[PF_MAX_VARIANTS];
    bool *pf_var_active[PF_MAX_VARIANTS];
    size_t npf_var;
    bool pf_udigit;    /* some rule's pf_udigit */
    bool pf_bytewise;  /* tests: pf_scan() walks every byte */
    bool no_prefilter; /* tests: every rule scans its whole text */
    /* Scratches that documents left for the next ones (see
     * cpl_ruleset_scratch_take()): a slot is taken by exchanging it
     * with NULL and filled by a compare-exchange from NULL. */
    struct scratch_pool {
        _Atomic(struct cpl_rule_scratch *) slot[SCRATCH_POOL];
    } *pool;
    bool no_native;    /* tests: no native matcher, no lead-class skipping */
    bool no_pf_light;  /* tests: lookarounds analysed in full (pf_an) */
    bool no_trie;      /* tests: word lists load as patterns, not tries */
    struct cpl_native_classes *classes; /* when some rule is native */
    /* What cpl_rule_scratch_runnable() needs of each rule, by index, so
     * that a rule that cannot match in a document is passed over
     * without a look at its struct (set by cpl_ruleset_finish()). */
    struct run_slot *slots;
    size_t nslots;
    bool no_run_skip; /* tests: every active rule runs on every block */
    uint32_t ngroups; /* groups of rules that share their matching */
    bool no_share;    /* tests: every rule matches on its own */
};

#define NO_GROUP UINT32_MAX

/* cpl_rule_scratch_runnable()'s copy of a rule: the context index and
 * default severity of its cpl_rule_info (for cpl_ctx_severity()) and
 * which per-document passes tell that it cannot match (RK_*). */
struct run_slot {
    uint32_t index;
    uint8_t severity, kind;
};

/* A rule whose every match is at a prefilter hit (rule_match(): a
 * pattern with required literals, no native matcher), or one of the
 * combined word lists' candidates, or (RK_CONS) a consistency rule
 * whose pairs are all in the combined trie; 0: any rule else. */
enum { RK_PF = 1, RK_CANDS = 2, RK_CONS = 4 };

/* A word of a combined rule found in the document. */
struct cand {
    uint32_t a, b, tok;
};

struct cpl_rule_scratch {
    const struct cpl_ruleset *rs;
    pcre2_match_data *md, *md2;
    pcre2_match_context *mctx;
    pcre2_jit_stack *jit;
    /* Candidates of the combined word lists, by rule: rule i's are
     * cands[cand_off[i] .. cand_off[i + 1]), in text order. */
    struct cand *cands;
    uint32_t *cand_off;
    size_t cap_cands;
    struct cand *c_tmp; /* build_cands()'s buffers */
    uint32_t *c_rule, *c_fill;
    size_t cap_ctmp, cap_crule;
    bool have_cands;
    bool ascii; /* the document has no byte above 0x7F */
    /* Word-start prefilter: bit k set when some word of the document
     * starts with the folded characters of key k. */
    uint64_t *seen;
    bool have_seen;
    /* Prefilter hits (byte offsets in the document), by rule: rule i's
     * are pf_hits[pf_cnt[i] .. pf_cnt[i + 1]), in text order. pf_all:
     * this document runs every rule on its whole text. */
    uint32_t *pf_hits, *pf_cnt, *pf_last;
    struct cand *pf_tmp;
    size_t cap_hits, cap_tmp;
    bool have_pf, pf_all;
    bool pf_ndigit; /* a decimal digit that is not ASCII (pf_udigit) */
    size_t pf_var; /* the filter pf_scan() uses: 0 pf_f, else pf_var[i - 1] */
    struct cpl_native_cache *native; /* made at the first native match */
    /* The document's run bits for the native rules (native.c), word runs
     * [0] and non-space runs [1], made at the first use in a document. */
    uint64_t *nbits[2];
    size_t cap_nbits[2];
    bool have_nbits[2];
    uint32_t *runnable; /* cpl_rule_scratch_runnable()'s list */
    size_t cap_runnable;
    /* Shared matching: by group, what its first rule to run on this
     * document found (valid when gen is the scratch's gen), and the
     * findings it recorded (recs, their groups in rec_ov). */
    struct grp_state {
        uint32_t gen, state; /* state: GS_* */
        size_t from, to;     /* recs[from, to) */
    } *grp;
    size_t cap_grp;
    uint32_t gen; /* the document's number, for grp[].gen */
    struct match_rec {
        uint32_t off, a, b; /* the block's offset; the match in it */
        uint32_t ng;        /* groups kept (a fix template needs them) */
        size_t ov;          /* ... from rec_ov[ov] */
    } *recs;
    size_t nrecs, cap_recs;
    PCRE2_SIZE *rec_ov;
    size_t nrec_ov, cap_rec_ov;
};

/* ---- loading ---------------------------------------------------------- */

struct loader {
    copylint_ctx *ctx;
    const char *path;
    yaml_document_t doc;
    bool bad; /* an error: the rule is skipped */
    struct cpl_vrule *cur; /* the rule being built */
    char *last_src;        /* the pattern compile() compiled last */
    bool no_trie;          /* the rule set's no_trie */
};

static void add_ascii_twin(struct cpl_vrule *r, const pcre2_code *re,
                           const char *pattern, size_t len, uint32_t opts);

static void jit_later(struct cpl_vrule *r, pcre2_code *re)
{
    r->jit_codes =
        cpl_xrealloc(r->jit_codes, (r->njit + 1) * sizeof(*r->jit_codes));
    r->jit_codes[r->njit].code = re;
    atomic_init(&r->jit_codes[r->njit].state, 0);
    r->njit++;
}

/*
 * JIT-compiles one of the rule's patterns once, before its first match
 * attempt. Rules are shared by the --jobs threads: the first thread to
 * get here compiles, the others wait for it (a millisecond or so, once
 * per pattern) rather than match a pattern that is being compiled.
 */
static void code_jit(const struct cpl_vrule *cr, const pcre2_code *re)
{
    struct cpl_vrule *r = (struct cpl_vrule *)cr;
    for (size_t i = 0; i < r->njit; i++) {
        struct jit_code *j = &r->jit_codes[i];
        if (j->code != re)
            continue;
        if (atomic_load_explicit(&j->state, memory_order_acquire) == 2)
            return;
        int expect = 0;
        if (atomic_compare_exchange_strong(&j->state, &expect, 1)) {
            pcre2_jit_compile((pcre2_code *)re, PCRE2_JIT_COMPLETE);
            atomic_store_explicit(&j->state, 2, memory_order_release);
            return;
        }
        while (atomic_load_explicit(&j->state, memory_order_acquire) != 2)
            thrd_yield();
        return;
    }
}

/* r->re was just compiled: keep its source for the prefilter. */
static void keep_src(struct loader *ld, struct cpl_vrule *r)
{
    free(r->re_src);
    r->re_src = r->re ? ld->last_src : NULL;
    if (r->re)
        ld->last_src = NULL;
}

static void keep_lit_src(struct loader *ld, struct cpl_vrule *r)
{
    free(r->lit_src);
    r->lit_src = r->lit_re ? ld->last_src : NULL;
    if (r->lit_re)
        ld->last_src = NULL;
}

static yaml_node_t *ynode(struct loader *ld, int i)
{
    return yaml_document_get_node(&ld->doc, i);
}

static void at(struct loader *ld, const yaml_node_t *n, enum cpl_rule rule,
               unsigned coloff, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

static void at(struct loader *ld, const yaml_node_t *n, enum cpl_rule rule,
               unsigned coloff, const char *fmt, ...)
{
    char msg[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    unsigned line = n ? (unsigned)n->start_mark.line + 1 : 1;
    unsigned col = n ? (unsigned)n->start_mark.column + 1 + coloff : 1;
    cpl_ctx_problem(ld->ctx, rule, ld->path, line, col, "%s", msg);
    if (rule == CPL_RULE_CONFIG_RULE_INVALID)
        ld->bad = true;
}

#define ERR(ld, n, ...) at(ld, n, CPL_RULE_CONFIG_RULE_INVALID, 0, __VA_ARGS__)
#define UNSUP(ld, n, ...) \
    at(ld, n, CPL_RULE_CONFIG_RULE_UNSUPPORTED, 0, __VA_ARGS__)

static const char *scalar(const yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value
                                            : NULL;
}

static bool get_string(struct loader *ld, yaml_node_t *n, const char *key,
                       char **out)
{
    const char *s = scalar(n);
    if (!s) {
        ERR(ld, n, "'%s' must be a string", key);
        return false;
    }
    free(*out);
    *out = cpl_xstrdup(s);
    return true;
}

static bool get_bool(struct loader *ld, yaml_node_t *n, const char *key,
                     bool *out)
{
    const char *s = scalar(n);
    static const char *const yes[] = {"true", "True", "TRUE", "yes", "Yes",
                                      "on"};
    static const char *const no[] = {"false", "False", "FALSE", "no", "No",
                                     "off"};
    for (size_t i = 0; s && i < 6; i++) {
        if (strcmp(s, yes[i]) == 0)
            return (*out = true);
        if (strcmp(s, no[i]) == 0)
            return !(*out = false);
    }
    ERR(ld, n, "'%s' must be true or false", key);
    return false;
}

static bool get_number(struct loader *ld, yaml_node_t *n, const char *key,
                       double *out)
{
    const char *s = scalar(n);
    char *end = NULL;
    double v = s ? strtod(s, &end) : 0;
    if (!s || end == s || *end) {
        ERR(ld, n, "'%s' must be a number", key);
        return false;
    }
    *out = v;
    return true;
}

static bool get_int(struct loader *ld, yaml_node_t *n, const char *key,
                    int *out)
{
    double v;
    if (!get_number(ld, n, key, &v))
        return false;
    if (v < 0 || v > 1e9 || v != (int)v) {
        ERR(ld, n, "'%s' must be a whole number from 0", key);
        return false;
    }
    *out = (int)v;
    return true;
}

/* A scalar or a sequence of scalars; nodes of the items in *nodes. */
static bool get_list(struct loader *ld, yaml_node_t *n, const char *key,
                     char ***out, size_t *nout, yaml_node_t ***nodes)
{
    size_t cap = 0, k = 0;
    char **list = NULL;
    yaml_node_t **nl = NULL;
    if (n->type == YAML_SCALAR_NODE) {
        list = cpl_xmalloc(sizeof(*list));
        /* NOLINTNEXTLINE(bugprone-sizeof-expression): pointer elements */
        nl = cpl_xmalloc(sizeof(*nl));
        list[0] = cpl_xstrdup(scalar(n));
        nl[0] = n;
        k = 1;
    } else if (n->type == YAML_SEQUENCE_NODE) {
        for (yaml_node_item_t *it = n->data.sequence.items.start;
             it < n->data.sequence.items.top; it++) {
            yaml_node_t *item = ynode(ld, *it);
            const char *s = scalar(item);
            if (!s) {
                ERR(ld, item, "'%s' must be a list of strings", key);
                continue;
            }
            size_t c2 = cap;
            list = cpl_xgrow(list, &cap, k + 1, sizeof(*list));
            /* NOLINTNEXTLINE(bugprone-sizeof-expression): pointer elements */
            nl = cpl_xgrow(nl, &c2, k + 1, sizeof(*nl));
            list[k] = cpl_xstrdup(s);
            nl[k++] = item;
        }
    } else {
        ERR(ld, n, "'%s' must be a string or a list of strings", key);
        return false;
    }
    for (size_t i = 0; i < *nout; i++)
        free((*out)[i]);
    free(*out);
    *out = list;
    *nout = k;
    if (nodes) {
        free(*nodes); /* a key given twice: the last one wins */
        *nodes = nl;
    } else {
        free(nl);
    }
    return true;
}

static void free_list(char **list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(list[i]);
    free(list);
}

/* ---- patterns --------------------------------------------------------- */

/* A pattern being built from pieces of the rule file, so that a compile
 * error can be placed on the piece (and column) that caused it. */
struct piece {
    size_t off, len;  /* in the built pattern */
    yaml_node_t *node;
    bool whole;       /* a token or key: must be a pattern on its own */
};

struct pat {
    char *s;
    size_t len, cap;
    struct piece *pieces;
    size_t npieces, cappieces;
};

static void pat_add(struct pat *p, const char *s, size_t n)
{
    p->s = cpl_xgrow(p->s, &p->cap, p->len + n + 1, 1);
    memcpy(p->s + p->len, s, n);
    p->len += n;
    p->s[p->len] = '\0';
}

static void pat_str(struct pat *p, const char *s)
{
    pat_add(p, s, strlen(s));
}

static void pat_add_piece(struct pat *p, const char *s, yaml_node_t *node,
                          bool whole)
{
    p->pieces = cpl_xgrow(p->pieces, &p->cappieces, p->npieces + 1,
                          sizeof(*p->pieces));
    p->pieces[p->npieces++] = (struct piece){p->len, strlen(s), node, whole};
    pat_str(p, s);
}

/* A token, swap key or pair word: a pattern of its own inside the
 * combined one (a `[` or `(` it leaves open would swallow its
 * neighbours and shift the groups that tell which one matched). */
static void pat_piece(struct pat *p, const char *s, yaml_node_t *node)
{
    pat_add_piece(p, s, node, true);
}

/* An item of `raw`: Vale joins them, so one may be a fragment. */
static void pat_fragment(struct pat *p, const char *s, yaml_node_t *node)
{
    pat_add_piece(p, s, node, false);
}

static void pat_release(struct pat *p)
{
    free(p->s);
    free(p->pieces);
    memset(p, 0, sizeof(*p));
}

/* Unescaped `(` not followed by `?` becomes `(?:` (Vale substitution and
 * consistency number their own groups). Character classes are skipped. */
static char *uncapture(const char *s)
{
    struct pat p = {0};
    bool cls = false;
    for (const char *c = s; *c; c++) {
        if (*c == '\\' && c[1]) {
            pat_add(&p, c, 2);
            c++;
            continue;
        }
        if (cls) {
            if (*c == ']')
                cls = false;
        } else if (*c == '[') {
            cls = true;
            if (c[1] == ']' || (c[1] == '^' && c[2] == ']')) {
                pat_add(&p, c, c[1] == ']' ? 2 : 3);
                c += c[1] == ']' ? 1 : 2;
                continue;
            }
        } else if (*c == '(' && c[1] != '?' && c[1] != '*') {
            pat_str(&p, "(?:");
            continue;
        }
        pat_add(&p, c, 1);
    }
    if (!p.s)
        pat_str(&p, "");
    char *out = p.s;
    free(p.pieces);
    return out;
}

static bool has_capture(const char *s)
{
    char *u = uncapture(s);
    bool diff = strcmp(u, s) != 0;
    free(u);
    return diff;
}

static uint32_t column_in(const yaml_node_t *n, const char *s, size_t off)
{
    /* Code points before `off`, plus one for an opening quote. */
    uint32_t col = (uint32_t)cpl_utf8_count(s, off);
    if (n && (n->data.scalar.style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
              n->data.scalar.style == YAML_DOUBLE_QUOTED_SCALAR_STYLE))
        col++;
    return col;
}

/* Compiles and JIT-compiles; on error reports it on the piece at fault
 * (each piece is compiled alone to find it) with the PCRE2 offset as the
 * column. `where` is the node to blame when no single piece fails. */
/* Skips the class that starts at c[0] == '['; NULL if it is not closed
 * or holds what cpl_pattern_brackets_closed() does not follow (a POSIX class). */
static const char *skip_class(const char *c)
{
    c++;
    if (*c == '^')
        c++;
    if (*c == ']') /* first: a literal ] */
        c++;
    for (; *c != ']'; c++) {
        if (!*c || (*c == '[' && c[1] == ':'))
            return NULL;
        if (*c == '\\' && !*++c)
            return NULL;
    }
    return c;
}

/* Whether the group whose `(?` ends before f is one that
 * cpl_pattern_brackets_closed() follows: non-capturing, atomic, a
 * look-around, or option letters without x (extended mode has
 * comments); not a comment, a named group, a subroutine call or a
 * branch reset, each of which counts or names groups across the join. */
static bool group_plain(const char *f)
{
    if (*f == '<' && (f[1] == '=' || f[1] == '!'))
        return true;
    if (*f && strchr(":=!>", *f))
        return true;
    while (*f && strchr("imsJU^-", *f))
        f++;
    return *f == ':' || *f == ')';
}

/* Whether pattern t certainly closes every ( and [ it opens (outside
 * escapes and classes), so that joined with others it stays one piece.
 * Anything it does not follow (\Q, extended mode, a POSIX class) is
 * "not certain": the piece is then compiled alone (piece_alone_ok()),
 * which costs a compile per token at start-up. */
bool cpl_pattern_brackets_closed(const char *t)
{
    /* after the `(` of a wrapping group, `?` or `*` would make a group
     * or verb of it (`(?|` ...), and a quantifier would apply to it */
    if (strchr("?*+{", *t))
        return false;
    int depth = 0;
    for (const char *c = t; *c; c++) {
        switch (*c) {
        case '\\': /* \Q quotes; a back-reference would count in the join */
            if (!c[1] || strchr("Q123456789gk", c[1]))
                return false;
            c++;
            break;
        case '[':
            c = skip_class(c);
            if (!c)
                return false;
            break;
        case '(':
            if (c[1] == '*')
                return false; /* a verb */
            if (c[1] == '?' && !group_plain(c + 2))
                return false;
            depth++;
            break;
        case ')':
            if (--depth < 0)
                return false;
            break;
        default:
            break;
        }
    }
    return depth == 0;
}

/* Whether piece text t compiles on its own; reports it if not. */
static bool piece_alone_ok(struct loader *ld, const struct piece *pc,
                           const char *t, uint32_t opts)
{
    int err;
    PCRE2_SIZE off;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)t, PCRE2_ZERO_TERMINATED, opts,
                                   &err, &off, NULL);
    if (re) {
        pcre2_code_free(re);
        return true;
    }
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(err, msg, sizeof(msg));
    at(ld, pc->node, CPL_RULE_CONFIG_RULE_INVALID, column_in(pc->node, t, off),
       "bad regex '%s': %s", t, (const char *)msg);
    return false;
}

static pcre2_code *compile(struct loader *ld, const char *pattern, size_t len,
                           uint32_t opts, const struct piece *pieces,
                           size_t npieces, const char *const *piece_text,
                           yaml_node_t *where)
{
    int err;
    PCRE2_SIZE eoff;
    /* USE_OFFSET_LIMIT: the prefilter's windows (rule_match). */
    opts |= PCRE2_UTF | PCRE2_UCP | PCRE2_USE_OFFSET_LIMIT;
    /* A token or key that leaves a bracket open can spoil the combined
     * pattern while it still compiles; one whose brackets are certainly
     * closed cannot, and is checked only if the whole fails. */
    for (size_t i = 0; i < npieces; i++)
        if (pieces[i].whole && !cpl_pattern_brackets_closed(piece_text[i]) &&
            !piece_alone_ok(ld, &pieces[i], piece_text[i], opts))
            return NULL;
    pcre2_code *re =
        pcre2_compile((PCRE2_SPTR)pattern, len, opts, &err, &eoff, NULL);
    if (re) {
        if (ld->cur)
            jit_later(ld->cur, re);
        else
            pcre2_jit_compile(re, PCRE2_JIT_COMPLETE); /* falls back if absent */
        free(ld->last_src);
        ld->last_src = cpl_xstrndup(pattern, len);
        if (ld->cur)
            add_ascii_twin(ld->cur, re, pattern, len, opts);
        return re;
    }
    PCRE2_UCHAR msg[256];
    pcre2_get_error_message(err, msg, sizeof(msg));
    for (size_t i = 0; i < npieces; i++)
        if (!piece_alone_ok(ld, &pieces[i], piece_text[i], opts))
            return NULL;
    uint32_t col = 0;
    if (where && where->type == YAML_SCALAR_NODE &&
        strcmp(scalar(where), pattern) == 0)
        col = column_in(where, pattern, eoff);
    at(ld, where, CPL_RULE_CONFIG_RULE_INVALID, col,
       "bad regex '%s': %s at offset %zu", pattern, (const char *)msg,
       (size_t)eoff);
    return NULL;
}

static void add_ascii_twin(struct cpl_vrule *r, const pcre2_code *re,
                           const char *pattern, size_t len, uint32_t opts)
{
    int err;
    PCRE2_SIZE eoff;
    pcre2_code *a = pcre2_compile((PCRE2_SPTR)pattern, len,
                                  opts & ~(uint32_t)PCRE2_UCP, &err, &eoff,
                                  NULL);
    if (!a)
        return; /* the UCP pattern is used everywhere */
    jit_later(r, a);
    r->twins = cpl_xrealloc(r->twins, (r->ntwins + 1) * sizeof(*r->twins));
    r->twins[r->ntwins].ucp = re;
    r->twins[r->ntwins++].ascii = a;
}

/* Drops one entry of r's JIT list; returns whether there was one. */
static bool forget_jit(struct cpl_vrule *r, const pcre2_code *re)
{
    for (size_t i = 0; i < r->njit; i++)
        if (r->jit_codes[i].code == re) {
            /* loading: no thread compiles yet */
            struct jit_code *last = &r->jit_codes[--r->njit];
            r->jit_codes[i].code = last->code;
            atomic_init(&r->jit_codes[i].state, atomic_load(&last->state));
            return true;
        }
    return false;
}

/* Frees a pattern of r's that is no longer used, with its ASCII twin and
 * their JIT entries. Both lists find a pattern by its address, which the
 * next pattern compiled may reuse: an entry left behind would hand that
 * pattern a stale twin (with other groups) at match time. */
static void forget_code(struct cpl_vrule *r, pcre2_code *re)
{
    if (!re)
        return;
    for (size_t i = 0; i < r->ntwins; i++)
        if (r->twins[i].ucp == re) {
            forget_jit(r, r->twins[i].ascii);
            pcre2_code_free(r->twins[i].ascii);
            r->twins[i] = r->twins[--r->ntwins];
            break;
        }
    forget_jit(r, re);
    pcre2_code_free(re);
}

static pcre2_code *compile_one(struct loader *ld, const char *prefix,
                               const char *body, const char *suffix,
                               uint32_t opts, yaml_node_t *node)
{
    struct pat p = {0};
    pat_str(&p, prefix);
    pat_piece(&p, body, node);
    pat_str(&p, suffix);
    const char *texts[1] = {body};
    pcre2_code *re =
        compile(ld, p.s, p.len, opts, p.pieces, p.npieces, texts, node);
    pat_release(&p);
    return re;
}

static uint32_t capture_count(const pcre2_code *re)
{
    uint32_t n = 0;
    if (re)
        pcre2_pattern_info(re, PCRE2_INFO_CAPTURECOUNT, &n);
    return n;
}

/* Exceptions: `\b(?:e1|e2)\b`, longest first (Vale's updateExceptions). */
static int by_len_desc(const void *a, const void *b)
{
    size_t la = strlen(*(char *const *)a), lb = strlen(*(char *const *)b);
    return la < lb ? 1 : la > lb ? -1 : strcmp(*(char *const *)a,
                                               *(char *const *)b);
}

/* s[0..n) is a non-empty run of ASCII letters, digits and underscores. */
static bool ascii_word_run(const char *s, size_t n)
{
    if (n == 0)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!((unsigned)((c | 32) - 'a') < 26 || (unsigned)(c - '0') < 10 ||
              c == '_'))
            return false;
    }
    return true;
}

/* The set of words[0..n) when every one is an ascii_word_run(), else
 * NULL. */
static struct cpl_strset *word_set(char **words, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!ascii_word_run(words[i], strlen(words[i])))
            return NULL;
    struct cpl_strset *set = cpl_xcalloc(1, sizeof(*set));
    cpl_strset_init(set);
    for (size_t i = 0; i < n; i++)
        cpl_strset_add(set, words[i], strlen(words[i]));
    return set;
}

static pcre2_code *compile_exceptions(struct loader *ld, char **exc,
                                      size_t n, yaml_node_t *node)
{
    if (n == 0)
        return NULL;
    char **sorted = cpl_xmalloc(n * sizeof(*sorted));
    memcpy(sorted, exc, n * sizeof(*sorted));
    qsort(sorted, n, sizeof(*sorted), by_len_desc);
    struct pat p = {0};
    pat_str(&p, "\\b(?:");
    for (size_t i = 0; i < n; i++) {
        if (i)
            pat_str(&p, "|");
        pat_str(&p, sorted[i]);
    }
    pat_str(&p, ")\\b");
    pcre2_code *re =
        compile(ld, p.s, p.len, PCRE2_MULTILINE, NULL, 0, NULL, node);
    pat_release(&p);
    free(sorted);
    return re;
}

/* ---- the word-start prefilter ---------------------------------------- */

/*
 * Most rules are word lists, and a news story has a few hundred distinct
 * words, so most rules cannot match most stories. A rule whose every
 * alternative starts (after `\b`) with literal word characters gets the
 * set of its folded 1-3 character prefixes; the document gets, in one
 * pass, the set of folded prefixes of every position that may start a
 * word. A rule none of whose prefixes is in the document's set is not
 * run: it cannot match. Folding maps ASCII letters case-insensitively and
 * every non-ASCII byte to one value, so the test only ever errs towards
 * running the rule. Rules with a leading class, group or `nonword` pattern
 * without `\b` always run.
 */
#define KEY_BITS 15 /* three 5-bit characters */

static unsigned fold_char(unsigned char c)
{
    if (c >= 'a' && c <= 'z')
        return (unsigned)(c - 'a' + 1);
    if (c >= 'A' && c <= 'Z')
        return (unsigned)(c - 'A' + 1);
    if (c >= '0' && c <= '9')
        return 27 + (unsigned)(c - '0') % 4; /* 27..30 */
    if (c == '_')
        return 27;
    return 31; /* non-ASCII */
}

static bool is_word_byte(unsigned char c)
{
    return isalnum(c) || c == '_' || c >= 0x80;
}

/* The literal prefix of one alternative: word characters only, stopping
 * before a quantified character or any meta character. */
static size_t literal_prefix(const char *s, size_t n, char *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k < 3; i++) {
        unsigned char c = (unsigned char)s[i];
        if (!is_word_byte(c))
            break;
        if (i + 1 < n && (s[i + 1] == '?' || s[i + 1] == '*' ||
                          s[i + 1] == '{'))
            break;
        out[k++] = (char)c;
    }
    return k;
}

/* Splits `s` at top-level `|`; calls back for each alternative. Returns
 * false if any alternative has no usable literal prefix. */
static bool alternatives_prefixes(const char *s, size_t n, bool need_b,
                                  struct prefix **out, size_t *nout,
                                  size_t *cap)
{
    size_t depth = 0, start = 0;
    bool cls = false;
    for (size_t i = 0; i <= n; i++) {
        char c = i < n ? s[i] : '|';
        if (i < n && c == '\\') {
            i++;
            continue;
        }
        if (cls) {
            if (c == ']')
                cls = false;
            continue;
        }
        if (c == '[')
            cls = true;
        else if (c == '(')
            depth++;
        else if (c == ')' && depth)
            depth--;
        else if (c == '|' && depth == 0) {
            const char *a = s + start;
            size_t alen = i - start;
            start = i + 1;
            bool had_b = false;
            while (alen >= 2 && a[0] == '\\' && a[1] == 'b') {
                a += 2, alen -= 2;
                had_b = true;
            }
            if (need_b && !had_b)
                return false;
            /* A leading non-capturing group of alternatives. */
            if (alen >= 3 && a[0] == '(' && a[1] == '?' && a[2] == ':') {
                size_t d = 0, j;
                bool cl = false;
                for (j = 0; j < alen; j++) {
                    if (a[j] == '\\') {
                        j++;
                        continue;
                    }
                    if (cl) {
                        if (a[j] == ']')
                            cl = false;
                        continue;
                    }
                    if (a[j] == '[')
                        cl = true;
                    else if (a[j] == '(')
                        d++;
                    else if (a[j] == ')' && --d == 0)
                        break;
                }
                if (j >= alen)
                    return false;
                /* A quantified group may be skipped: no prefix. */
                if (j + 1 < alen &&
                    (a[j + 1] == '?' || a[j + 1] == '*' || a[j + 1] == '{'))
                    return false;
                if (!alternatives_prefixes(a + 3, j - 3, false, out, nout,
                                           cap))
                    return false;
                continue;
            }
            char lit[3];
            size_t k = literal_prefix(a, alen, lit);
            if (k == 0)
                return false;
            uint16_t key = 0;
            for (size_t m = 0; m < k; m++)
                key = (uint16_t)(key << 5 | fold_char((unsigned char)lit[m]));
            *out = cpl_xgrow(*out, cap, *nout + 1, sizeof(**out));
            (*out)[(*nout)++] = (struct prefix){key, (uint8_t)k};
        }
    }
    return true;
}

/* Sets the rule's prefixes from its alternatives; `need_b`: each must
 * begin with `\b` (nonword patterns). */
static void set_prefixes(struct cpl_vrule *r, char **alts, size_t n,
                         bool need_b)
{
    struct prefix *p = NULL;
    size_t np = 0, cap = 0;
    for (size_t i = 0; i < n; i++)
        if (!alternatives_prefixes(alts[i], strlen(alts[i]), need_b, &p, &np,
                                   &cap) ||
            np == 0) {
            free(p);
            return;
        }
    if (np == 0) {
        free(p);
        return;
    }
    r->prefixes = p;
    r->nprefixes = np;
}

/* Three bit sets (1, 2 and 3 characters) in one array. */
#define SEEN_WORDS (3u << (KEY_BITS - 6))
static size_t seen_index(unsigned len)
{
    return (size_t)(len - 1) << (KEY_BITS - 6);
}

static void build_seen(struct cpl_rule_scratch *s, const copylint_doc *doc)
{
    if (!s->seen)
        s->seen = cpl_xmalloc(SEEN_WORDS * sizeof(uint64_t));
    memset(s->seen, 0, SEEN_WORDS * sizeof(uint64_t));
    const unsigned char *t = (const unsigned char *)doc->text;
    size_t n = doc->len;
    for (size_t i = doc->start; i < n; i++) {
        if (!is_word_byte(t[i]))
            continue;
        /* Any non-ASCII byte before may be a non-word character (’, “),
         * so a word may start here. */
        if (i > doc->start && t[i - 1] < 0x80 && is_word_byte(t[i - 1]))
            continue;
        unsigned key = 0;
        for (unsigned k = 0; k < 3 && i + k < n && is_word_byte(t[i + k]);
             k++) {
            key = key << 5 | fold_char(t[i + k]);
            size_t bit = seen_index(k + 1) * 64 + key;
            s->seen[bit / 64] |= (uint64_t)1 << (bit % 64);
        }
    }
    s->have_seen = true;
}

static bool might_match(const struct cpl_vrule *r,
                        struct cpl_rule_scratch *s, const copylint_doc *doc)
{
    if (!r->prefixes || !r->use_prefixes)
        return true;
    if (!s->have_seen)
        build_seen(s, doc);
    for (size_t i = 0; i < r->nprefixes; i++) {
        size_t bit = seen_index(r->prefixes[i].len) * 64 + r->prefixes[i].key;
        if (s->seen[bit / 64] & ((uint64_t)1 << (bit % 64)))
            return true;
    }
    return false;
}

/* ---- literal word lists ---------------------------------------------- */

/*
 * Most Vale rules are lists of plain words and phrases (proselint's
 * Cliches has about 700). PCRE2 tries such an alternation one branch at a
 * time at every word start, so a rule whose every token is a literal that
 * starts and ends with a word character is matched with a trie instead:
 * at each word start, walk the trie and keep, among the tokens that end at
 * a word boundary, the one listed first. That is exactly what PCRE2 does
 * with `\b(?:t1|t2|...)\b` (leftmost position, then the first alternative
 * in list order that matches), in one pass over the text per rule.
 * `ignorecase` folds ASCII letters; a caseless list with non-ASCII bytes
 * stays with PCRE2, whose Unicode case folding this does not copy.
 */
#define LIT_NONE UINT32_MAX

struct lit_node {
    uint32_t child, sibling; /* node indices, 0: none */
    uint32_t token;          /* lowest token index ending here */
    unsigned char byte;
    uint16_t nchild; /* once indexed: children are child .. child+nchild-1 */
};

struct literal {
    struct lit_node *nodes; /* nodes[0] unused */
    size_t n, cap;
    uint32_t root[256];
    bool fold;
    unsigned char ftab[256]; /* lit_fold() by table */
    /* Once the trie is complete, lit_index() numbers its nodes level by
     * level, each node's children consecutive and sorted by byte, and
     * kb[i] is node i's byte: a step down the trie reads a few adjacent
     * bytes of kb, and the upper levels, which every walk goes through,
     * share a few cache lines. (A hash table of edges, before, missed
     * the cache at almost every step: most of the cost of a pass.) */
    unsigned char *kb;
    /* The second level as a table: cls maps a (folded) byte to its
     * class, 0 when no token holds it; l2[cls(b1) * ncls + cls(b2)] is
     * the node of the two-byte prefix b1 b2, 0: none. Root nodes have
     * the most children, which kb would scan one by one. */
    uint16_t cls[256];
    uint32_t ncls;
    uint32_t *l2;
    /* Bit (b1 << 8 | b2) set when some token starts with the two
     * (folded) bytes: most places where a walk would start fail here,
     * in a table that stays in the L1 cache. */
    uint64_t bigram[65536 / 64];
};

static inline unsigned char lit_fold(const struct literal *l, unsigned char c)
{
    return l->ftab[c];
}

static uint32_t lit_new_node(struct literal *l, unsigned char byte);

/* An empty trie; `fold`: ASCII letters match either case. */
static struct literal *lit_new(bool fold)
{
    struct literal *l = cpl_xcalloc(1, sizeof(*l));
    l->fold = fold;
    for (unsigned c = 0; c < 256; c++)
        l->ftab[c] = (unsigned char)(fold && c >= 'A' && c <= 'Z' ? c + 32 : c);
    lit_new_node(l, 0);
    return l;
}

/* Renumbers the complete trie level by level, children consecutive and
 * sorted by byte (see struct literal), and fills kb and bigram. No
 * lit_insert() after this. */
static void lit_index(struct literal *l)
{
    size_t n = l->n;
    struct lit_node *old = l->nodes;
    struct lit_node *nodes = cpl_xcalloc(n, sizeof(*nodes));
    uint32_t *order = cpl_xcalloc(n, sizeof(*order)); /* new id -> old */
    uint32_t *map = cpl_xcalloc(n, sizeof(*map));     /* old id -> new */
    /* Children of one node as (byte, old id) pairs, to sort by byte. */
    struct {
        unsigned char byte;
        uint32_t id;
    } kids[256];
    size_t next = 1;
    nodes[0] = old[0];
    for (unsigned b = 0; b < 256; b++)
        if (l->root[b]) {
            order[next] = l->root[b];
            map[l->root[b]] = (uint32_t)next++;
        }
    for (size_t h = 1; h < next; h++) {
        const struct lit_node *o = &old[order[h]];
        size_t k = 0;
        for (uint32_t ch = o->child; ch; ch = old[ch].sibling) {
            /* insertion by byte: lists are short, and qsort() was half
             * the cost of this function */
            size_t i = k++;
            while (i > 0 && kids[i - 1].byte > old[ch].byte) {
                kids[i] = kids[i - 1];
                i--;
            }
            kids[i].byte = old[ch].byte;
            kids[i].id = ch;
        }
        nodes[h] = *o;
        nodes[h].sibling = 0;
        nodes[h].child = k ? (uint32_t)next : 0;
        nodes[h].nchild = (uint16_t)k;
        for (size_t i = 0; i < k; i++) {
            order[next] = kids[i].id;
            map[kids[i].id] = (uint32_t)next++;
        }
    }
    if (next != n)
        CPL_BUG("literal trie: %zu of %zu nodes reached", next, n);
    for (unsigned b = 0; b < 256; b++)
        l->root[b] = map[l->root[b]];
    free(old);
    free(order);
    free(map);
    l->nodes = nodes;
    l->cap = n;
    free(l->kb);
    /* 16 bytes more, which no node owns: lit_child() reads 16 at a time */
    l->kb = cpl_xcalloc(n + 16, 1);
    for (size_t i = 0; i < n; i++)
        l->kb[i] = nodes[i].byte;
    memset(l->bigram, 0, sizeof(l->bigram));
    for (unsigned b1 = 0; b1 < 256; b1++) {
        const struct lit_node *r = l->root[b1] ? &nodes[l->root[b1]] : NULL;
        for (uint32_t i = 0; r && i < r->nchild; i++) {
            unsigned bit = b1 << 8 | l->kb[r->child + i];
            l->bigram[bit / 64] |= (uint64_t)1 << (bit % 64);
        }
    }
    memset(l->cls, 0, sizeof(l->cls));
    l->ncls = 1;
    for (size_t i = 1; i < n; i++)
        if (!l->cls[l->kb[i]])
            l->cls[l->kb[i]] = (uint16_t)l->ncls++;
    for (unsigned c = 0; c < 256; c++) /* so that cls folds too */
        l->cls[c] = l->cls[lit_fold(l, (unsigned char)c)];
    free(l->l2);
    l->l2 = cpl_xcalloc((size_t)l->ncls * l->ncls, sizeof(*l->l2));
    for (unsigned b1 = 0; b1 < 256; b1++) {
        const struct lit_node *r = l->root[b1] ? &nodes[l->root[b1]] : NULL;
        for (uint32_t i = 0; r && i < r->nchild; i++)
            l->l2[l->cls[b1] * l->ncls + l->cls[l->kb[r->child + i]]] =
                r->child + i;
    }
}

/* The node of the two-byte prefix b1 b2 (not folded), 0: none. */
static inline uint32_t lit_child2(const struct literal *l, unsigned char b1,
                                  unsigned char b2)
{
    unsigned c1 = l->cls[b1], c2 = l->cls[b2];
    return c1 && c2 ? l->l2[c1 * l->ncls + c2] : 0;
}

/* Whether a token may start at s[p], whose root node is `node`: one
 * ends there, or the next byte continues one. */
static inline bool lit_may_start(const struct literal *l, uint32_t node,
                                 const unsigned char *s, size_t p, size_t len)
{
    if (l->nodes[node].token != LIT_NONE)
        return true;
    if (p + 1 >= len)
        return false;
    unsigned bit = (unsigned)lit_fold(l, s[p]) << 8 | lit_fold(l, s[p + 1]);
    return (l->bigram[bit / 64] >> (bit % 64)) & 1;
}

/* The child of `node` by byte c (already folded), 0: none, by
 * scanning its children's bytes in order (the reference for the SSE2
 * path, which test_ruleset holds to it through the word-list and
 * prefilter tests). */
static inline uint32_t lit_child_scan(const struct literal *l,
                                      uint32_t node, unsigned char c)
{
    const struct lit_node *nd = &l->nodes[node];
    const unsigned char *kb = l->kb + nd->child;
    for (uint32_t i = 0; i < nd->nchild; i++)
        if (kb[i] >= c)
            return kb[i] == c ? nd->child + i : 0;
    return 0;
}

/* lit_child_scan(), but for a node of at most 16 children all of them
 * compared at once: the scan's exit, a different child each time, was
 * a mispredicted branch at almost every step of a walk. The bytes past
 * the last child (another node's, or kb's padding) are masked off. */
static inline uint32_t lit_child(const struct literal *l, uint32_t node,
                                 unsigned char c)
{
#ifdef __SSE2__
    const struct lit_node *nd = &l->nodes[node];
    if (nd->nchild <= 16) {
        __m128i k = _mm_loadu_si128((const __m128i *)(l->kb + nd->child));
        unsigned m = (unsigned)_mm_movemask_epi8(
                         _mm_cmpeq_epi8(k, _mm_set1_epi8((char)c))) &
                     ((1u << nd->nchild) - 1);
        return m ? nd->child + (uint32_t)__builtin_ctz(m) : 0;
    }
#endif
    return lit_child_scan(l, node, c);
}

/* 1 for the ASCII letters and digits (isalnum() in the C locale). */
static const unsigned char alnum_tab[256] = {
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1,
    ['7'] = 1, ['8'] = 1, ['9'] = 1, ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1,
    ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1,
    ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1,
    ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1,
    ['Z'] = 1, ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
    ['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1,
    ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1,
    ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
};

/* An ASCII letter or digit (isalnum() in the C locale, by table). */
static inline bool ascii_alnum(unsigned char c)
{
    return alnum_tab[c];
}

/* Hashes the run of ASCII letters and digits that starts s[0..len)
 * into *h (folded: letters in either case hash alike); returns the
 * run's length. */
static inline size_t key_run(const unsigned char *s, size_t len,
                             uint32_t *h)
{
    uint32_t k = *h; /* a local: a store through h may alias s */
    size_t i = 0;
    for (; i < len && ascii_alnum(s[i]); i++)
        k = (k + (s[i] | 32u)) * 0x9E3779B1u;
    *h = k;
    return i;
}

static inline uint32_t key_byte(uint32_t h, unsigned char c)
{
    return (h + (c | 32u) + 0x100u) * 0x9E3779B1u;
}

/* The byte masks of the first and second 8-byte half of a word of
 * len <= 16 bytes. */
static inline uint64_t half_mask(size_t len, unsigned half)
{
    static const uint64_t low[9] = {
        0,
        0xFFu,
        0xFFFFu,
        0xFFFFFFu,
        0xFFFFFFFFu,
        0xFFFFFFFFFFu,
        0xFFFFFFFFFFFFu,
        0xFFFFFFFFFFFFFFu,
        0xFFFFFFFFFFFFFFFFu,
    };
    size_t skip = (size_t)8 * half;
    size_t k = len > skip ? len - skip : 0;
    return low[k < 8 ? k : 8];
}

/* A 64-bit hash of a word of len <= 16 bytes given as its two 8-byte
 * halves (bytes past its end ignored), each byte | 0x20 (letters in
 * either case alike, as key_run() folds them). A word holds no zero
 * byte, so its length is in the masked halves. */
static inline uint64_t word_hash16(uint64_t x0, uint64_t x1, size_t len)
{
    const uint64_t fold = 0x2020202020202020u;
    uint64_t h = ((x0 | fold) & half_mask(len, 0)) * 0x9E3779B97F4A7C15u;
    h += ((x1 | fold) & half_mask(len, 1)) * 0xC2B2AE3D27D4EB4Fu;
    return h ^ (h >> 29);
}

/* A hash as a bit of key_word* (WORD16_BITS). */
static inline unsigned word_bit(uint64_t h)
{
    return (unsigned)((h * 0x165667B19E3779F9u) >> 48);
}

static inline bool word_has(const uint64_t *set, unsigned k)
{
    return (set[k / 64] >> (k % 64)) & 1;
}

/* The key of R1, the byte B after it and the run R2 after B, from
 * R1's and R2's word_hash16() (R2's is word_hash16(0, 0, 0) if empty). */
static inline unsigned word_key3(uint64_t h1, unsigned char b, uint64_t h2)
{
    uint64_t h = (h1 + (b | 0x20u) + 1) * 0xD6E8FEB86659FD93u;
    h ^= (h2 << 7 | h2 >> 57) + (h >> 31);
    return word_bit(h * 0x9E3779B97F4A7C15u);
}

/* word_hash16() of the bytes w[0, len) (len <= 16), as the halves of
 * little-endian loads. */
static inline uint64_t word_hash16_of(const unsigned char *w, size_t len)
{
    unsigned char b[16] = {0};
    memcpy(b, w, len);
    uint64_t x0, x1;
    memcpy(&x0, b, 8);
    memcpy(&x1, b + 8, 8);
    return word_hash16(x0, x1, len);
}

static inline unsigned key_bit(uint32_t h)
{
    return h >> 17; /* WKEY_BITS == 1 << 15 */
}

static inline bool key_has(const uint64_t *set, uint32_t h)
{
    unsigned k = key_bit(h);
    return (set[k / 64] >> (k % 64)) & 1;
}

static inline void key_add(uint64_t *set, uint32_t h)
{
    unsigned k = key_bit(h);
    set[k / 64] |= (uint64_t)1 << (k % 64);
}

/* An ASCII byte that \w matches (false for any byte above 0x7F). */
static inline bool ascii_word(unsigned char c)
{
    return (unsigned)((c | 32) - 'a') < 26 || (unsigned)(c - '0') < 10 ||
           c == '_';
}

/* PCRE2 10.42 with UCP: \w is \p{L}, \p{N} or underscore. */
static bool pcre_word(uint32_t cp)
{
    if (cp < 0x80)
        return isalnum((int)cp) || cp == '_';
    utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
    return (c >= UTF8PROC_CATEGORY_LU && c <= UTF8PROC_CATEGORY_LO) ||
           (c >= UTF8PROC_CATEGORY_ND && c <= UTF8PROC_CATEGORY_NO);
}

static bool literal_token_ok(const char *t, bool fold)
{
    size_t n = strlen(t);
    if (n == 0 || !isalnum((unsigned char)t[0]) ||
        !isalnum((unsigned char)t[n - 1]))
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)t[i];
        if (c >= 0x80 ? fold : !(isalnum(c) || strchr(" '-,&/:;", c)))
            return false;
    }
    return true;
}

static void literal_free(struct literal *l)
{
    if (l) {
        free(l->nodes);
        free(l->kb);
        free(l->l2);
        free(l);
    }
}

static uint32_t lit_new_node(struct literal *l, unsigned char byte)
{
    l->nodes = cpl_xgrow(l->nodes, &l->cap, l->n + 1, sizeof(*l->nodes));
    l->nodes[l->n] = (struct lit_node){0, 0, LIT_NONE, byte, 0};
    return (uint32_t)l->n++;
}

/* The node that ends token t (NUL-terminated), adding the path to it. */
static uint32_t lit_insert(struct literal *l, const unsigned char *t)
{
    unsigned char c = lit_fold(l, t[0]);
    if (!l->root[c])
        l->root[c] = lit_new_node(l, c);
    uint32_t node = l->root[c];
    for (size_t k = 1; t[k]; k++) {
        c = lit_fold(l, t[k]);
        uint32_t ch = l->nodes[node].child;
        while (ch && l->nodes[ch].byte != c)
            ch = l->nodes[ch].sibling;
        if (!ch) {
            ch = lit_new_node(l, c);
            l->nodes[ch].sibling = l->nodes[node].child;
            l->nodes[node].child = ch;
        }
        node = ch;
    }
    return node;
}

/* A trie of the plain-word tokens among toks[0..n) (token i keeps index
 * i); NULL when there is none. */
static struct literal *literal_build(char **toks, size_t n, bool fold)
{
    size_t nlit = 0;
    for (size_t i = 0; i < n; i++)
        nlit += literal_token_ok(toks[i], fold);
    if (nlit == 0)
        return NULL;
    struct literal *l = lit_new(fold);
    for (size_t i = 0; i < n; i++) {
        if (!literal_token_ok(toks[i], fold))
            continue;
        const unsigned char *t = (const unsigned char *)toks[i];
        uint32_t node = lit_insert(l, t);
        if (l->nodes[node].token == LIT_NONE)
            l->nodes[node].token = (uint32_t)i;
    }
    lit_index(l);
    return l;
}

/* The leftmost match at or after `from` in subj[0..len): [*a, *b) and the
 * token's index. Outside the block counts as a non-word character. */
static bool literal_next(const struct literal *l, const char *subj,
                         size_t len, size_t from, size_t *a, size_t *b,
                         uint32_t *tok)
{
    const unsigned char *s = (const unsigned char *)subj;
    for (size_t p = from; p < len; p++) {
        uint32_t node = l->root[lit_fold(l, s[p])];
        if (!node || !lit_may_start(l, node, s, p, len))
            continue;
        if (p > 0) {
            size_t st;
            uint32_t prev = s[p - 1] < 0x80
                                ? s[p - 1]
                                : cpl_utf8_prev(subj, p, &st);
            if (pcre_word(prev))
                continue;
        }
        uint32_t best = LIT_NONE;
        size_t best_end = 0;
        for (size_t q = p;;) {
            const struct lit_node *nd = &l->nodes[node];
            if (nd->token != LIT_NONE && nd->token < best) {
                uint32_t next = 0;
                if (q + 1 < len)
                    cpl_utf8_decode(subj + q + 1, len - q - 1, &next);
                if (q + 1 >= len || !pcre_word(next)) {
                    best = nd->token;
                    best_end = q + 1;
                }
            }
            if (++q >= len)
                break;
            uint32_t ch = lit_child(l, node, lit_fold(l, s[q]));
            if (!ch)
                break;
            node = ch;
        }
        if (best != LIT_NONE) {
            *a = p;
            *b = best_end;
            *tok = best;
            return true;
        }
    }
    return false;
}

/*
 * The tokens of a word list that are not plain words ("whet (?:the|your)
 * appetite") go to one PCRE2 pattern `\b(?:(t1)|(t2))\b`, group k naming
 * the token; the rule then takes, at each step, the leftmost of the trie's
 * and the pattern's next match, the earlier-listed token on a tie, which
 * is what the single alternation would have matched.
 */
static pcre2_code *literal_rest(struct loader *ld, char **toks, size_t n,
                                bool fold, uint32_t **idx, size_t *nidx)
{
    struct pat p = {0};
    size_t k = 0;
    *idx = NULL;
    *nidx = 0;
    for (size_t i = 0; i < n; i++) {
        if (literal_token_ok(toks[i], fold))
            continue;
        char *t = uncapture(toks[i]);
        pat_str(&p, k ? "|(" : "\\b(?:(");
        pat_str(&p, t);
        pat_str(&p, ")");
        free(t);
        *idx = cpl_xrealloc(*idx, (k + 1) * sizeof(**idx));
        (*idx)[k++] = (uint32_t)i;
    }
    if (k == 0)
        return NULL;
    pat_str(&p, ")\\b");
    pcre2_code *re =
        compile(ld, p.s, p.len, PCRE2_MULTILINE | (fold ? PCRE2_CASELESS : 0),
                NULL, 0, NULL, NULL);
    pat_release(&p);
    *nidx = k;
    return re;
}

/* Gives the rule the literal trie of its word tokens (matched by the
 * combined word-list pass), with the regex for the tokens that are not
 * plain literals, and keeps a copy of the tokens. No trie: nothing kept. */
static void attach_literals(struct loader *ld, struct cpl_vrule *r,
                            char **toks, size_t n)
{
    if (ld->no_trie)
        return;
    r->lit = literal_build(toks, n, r->ignorecase);
    if (!r->lit)
        return;
    r->lit_re = literal_rest(ld, toks, n, r->ignorecase, &r->lit_idx,
                             &r->nlit_idx);
    keep_lit_src(ld, r);
    uint32_t minlen = 1;
    if (r->lit_re)
        pcre2_pattern_info(r->lit_re, PCRE2_INFO_MINLENGTH, &minlen);
    if (minlen == 0) {
        /* A token that may match nothing (`a||b`) is, where it does, the
         * whole pattern's match, before any later token: the trie cannot
         * say so. The rule runs its pattern (lit_re, never run now, is
         * freed with the rule). */
        literal_free(r->lit);
        r->lit = NULL;
        return;
    }
    r->lit_toks = cpl_xcalloc(n + 1, sizeof(char *));
    for (size_t k = 0; k < n; k++)
        r->lit_toks[k] = cpl_xstrdup(toks[k]);
    r->nlit_toks = n;
}

/* ---- keys ------------------------------------------------------------- */

enum key_support { K_OK, K_IGNORED, K_UNSUPPORTED_SKIP };

/* Which keys a type takes: bit T_x. */
#define ALL 0x7F
#define B(t) (1u << (t))
static const struct {
    const char *name;
    unsigned types;
} known_keys[] = {
    {"extends", ALL},
    {"message", ALL},
    {"description", ALL},
    {"level", ALL},
    {"scope", ALL},
    {"link", ALL},
    {"limit", ALL},
    {"action", ALL},
    {"name", ALL},
    {"fix", ALL},  /* copylint */
    {"safe", ALL}, /* copylint */
    {"test", ALL}, /* copylint */
    {"ignorecase", ALL},
    {"nonword", B(T_EXISTENCE) | B(T_SUBSTITUTION) | B(T_CONSISTENCY)},
    {"tokens", B(T_EXISTENCE) | B(T_REPETITION)},
    {"raw", B(T_EXISTENCE)},
    {"append", B(T_EXISTENCE)},
    {"exceptions", B(T_EXISTENCE) | B(T_SUBSTITUTION) | B(T_REPETITION) |
                       B(T_CONDITIONAL) | B(T_CAPITALIZATION)},
    {"vocab", B(T_EXISTENCE) | B(T_SUBSTITUTION) | B(T_REPETITION) |
                  B(T_CONDITIONAL) | B(T_CAPITALIZATION)},
    {"swap", B(T_SUBSTITUTION)},
    {"pos", B(T_SUBSTITUTION)},
    {"capitalize", B(T_SUBSTITUTION)},
    {"token", B(T_OCCURRENCE)},
    {"max", B(T_OCCURRENCE) | B(T_REPETITION)},
    {"min", B(T_OCCURRENCE)},
    {"alpha", B(T_REPETITION)},
    {"either", B(T_CONSISTENCY)},
    {"first", B(T_CONDITIONAL)},
    {"second", B(T_CONDITIONAL)},
    {"in", B(T_CONDITIONAL)},
    {"match", B(T_CAPITALIZATION)},
    {"style", B(T_CAPITALIZATION)},
    {"indicators", B(T_CAPITALIZATION)},
    {"threshold", B(T_CAPITALIZATION)},
    {"prefix", B(T_CAPITALIZATION)},
    {"code", ALL},
};

/* Vale types copylint does not run. */
static const char *const other_vale_types[] = {
    "spelling", "readability", "sequence", "metric", "script", "lt", NULL};

/* ---- required-literal prefilter ---------------------------------------- */

/*
 * Regex rules (existence, substitution, occurrence, repetition whose
 * pattern is not a plain word list) would otherwise scan each document
 * once per rule, and PCRE2 cannot skip ahead for a pattern that starts
 * with a lookbehind, `(?:^|\s)` or a class. So each such pattern is read
 * once at load time (pf_analyze) for a set of literals one of which every
 * match must contain, each starting at most `off` characters after the
 * position where the match attempt starts. One pass over a document with
 * one trie of every rule's literals (ASCII, case folded, so a superset)
 * gives each rule the sorted positions of its literals (pf_scan). The
 * rule's own regex then runs only in windows: from `off` characters before
 * a run of nearby hits up to the last of them (PCRE2's offset limit), on
 * the whole subject, so lookbehind, \b, ^ and lookahead see what they saw
 * before. A match starting at a contains a hit h with a <= h <= a + off,
 * so no match is lost and the first match found is the leftmost: the
 * findings are exactly those of a plain scan (tests/unit/test_ruleset.c
 * compares both). A pattern the analysis does not understand (backrefs,
 * conditionals, \Q..\E, (?x), ...) or without a required literal keeps
 * the plain scan.
 *
 * When `off` is unbounded (`(?:[^\s,]+,){1,} \w+ (?:and|or) \w+[.?!]`:
 * any number of characters before " and "), the window would start at
 * the block's start. But such a part usually cannot hold every
 * character. pf_stop_bound() reads the pattern twice more: for the set
 * `stop` of the characters that no unbounded repeat of it can match
 * (here the white space), then for how many of them at most a match
 * holds (3 here). A match holds its literal, and the literal's own stop
 * characters (the two spaces of " and ") come after h: so a match
 * starting at a whose literal is at h has at most ws = 3 - 2 = 1 stop
 * characters in [a, h), and a is after the (ws + 1)-th stop character
 * before h (pf_back_stop): the window is a few words, not the sentence.
 * That bound only grows with h, as `off`'s does, so the argument above
 * holds with it: windows in order, the first match found is the
 * leftmost. Characters are sets of 192 bits (pf_cs): ASCII, up to PF_NCP
 * non-ASCII punctuation characters that the pattern names (curly quotes,
 * dashes: caseless, never \w or \s), and one bit for every other
 * non-ASCII character; what a set holds is a superset of what PCRE2 may
 * match (letters in either case, as caseless matching would, and the
 * non-ASCII bit, though a document with a Kelvin sign or a long s is
 * never prefiltered), and what a negated class takes out is a subset of
 * what it names (the letters as written), so the count is never too
 * small; a literal's letter counts only if both its cases are stops. A
 * character the scan cannot decode counts as no stop (a longer window,
 * never a lost match).
 */
#define PF_INF UINT32_MAX
#define PF_GAP 24 /* hits closer than this share one window (bytes) */
#define PF_FIRST_ANY 1u
#define PF_FIRST_INNER 2u
#define PF_WORD_PASS 4u /* an ASCII word byte without PF_FIRST_INNER */

/* Each literal is folded ASCII after one flag byte, '@' + PF_WB_*: a
 * word boundary the pattern demands before or after it. */
enum { PF_WB_BEFORE = 1, PF_WB_AFTER = 2 };

struct pf_req {
    char **lits; /* flag byte, then folded ASCII (full sets: no flag) */
    size_t n;
    uint32_t off; /* characters from the item's start, at most */
    bool has;
    double cost; /* pf_req_cost() of the best one of a sequence, 0: not yet */
};

struct pf_res {
    uint32_t minw, maxw; /* in characters; maxw PF_INF: unbounded */
    struct pf_req req;
    /* The character before the item's end / at its start is not a word
     * character (\s, ^, $, \b next to a word character, (?=\s)). */
    bool nw_end, nw_start;
    /* When full.has, every match of the item is one of full's strings
     * (folded ASCII and plain non-ASCII punctuation, no flag byte): a
     * character, a class of a few, a sequence of them, or a group of
     * branches that each are one. A run of characters around it takes
     * them in (" (?:and|or) " gives " and " and " or "). */
    struct pf_req full;
};

struct pf_an {
    const char *s;
    size_t n, i;
    bool fail;
    bool digit; /* some \d was read as the ten ASCII digits */
    /* Inside a lookaround whose analysis gives nothing but the reader's
     * moves (a->i, fail, digit): (?!, (?<=, (?<!. pf_seq() reads its
     * atoms and makes no runs, stretches or sets. */
    bool light;
    bool no_light; /* tests: never light (cpl_ruleset_set_pf_light()) */
};

/* A set of characters (see above): bits 0-127 ASCII, 128 + i the named
 * character cps[i] of struct pf_sb, PF_CS_OTHER any other non-ASCII. */
#define PF_NCP 63
#define PF_CS_OTHER 191u
struct pf_cs {
    uint64_t w[3];
};

/* The stop set of a rule, for pf_back_stop(). */
struct pf_stop {
    uint64_t ascii[2];
    uint64_t cp_in; /* bit i: cps[i] is a stop character */
    bool other;     /* any non-ASCII character not in cps[] is */
    bool nonascii;  /* cp_in || other */
    uint32_t ncps;
    uint32_t cps[PF_NCP];
};

/* At most this many spellings of one literal run ("0am" ... "9pm" of
 * `\d{1,2}[ap]m`), members of one class, and strings of a set of a
 * whole item. */
#define PF_RUN_MAX 128u
#define PF_CLASS_MAX 40u
/* Characters and classes of one run, at most; copies of a repeated one
 * (`\d{4}`, ` {2,}`) that a run takes in. */
#define PF_RUN_SEGS 96u
#define PF_COPIES 4u

/* The analysis's strings, freed together at its end (pf_analyze()):
 * sets of characters are made and combined many times over. */
struct pf_block {
    struct pf_block *next;
    size_t used, cap;
    char data[];
};
static _Thread_local struct pf_block *pf_blocks;

static char *pf_strndup(const char *s, size_t n)
{
    struct pf_block *b = pf_blocks;
    if (!b || b->cap - b->used < n + 1) {
        size_t cap = n + 1 > 16384 ? n + 1 : 16384;
        b = cpl_xmalloc(sizeof(*b) + cap);
        b->next = pf_blocks;
        b->used = 0;
        b->cap = cap;
        pf_blocks = b;
    }
    char *d = b->data + b->used;
    memcpy(d, s, n);
    d[n] = '\0';
    b->used += n + 1;
    return d;
}

static char *pf_strdup(const char *s)
{
    return pf_strndup(s, strlen(s));
}

static void pf_strings_free(void)
{
    while (pf_blocks) {
        struct pf_block *next = pf_blocks->next;
        free(pf_blocks);
        pf_blocks = next;
    }
}

static void pf_req_free(struct pf_req *q)
{
    free(q->lits);
    *q = (struct pf_req){0};
}

static size_t pf_req_minlen(const struct pf_req *q)
{
    size_t m = SIZE_MAX;
    for (size_t i = 0; i < q->n; i++) {
        /* a whole-word literal counts as two characters more */
        size_t l = strlen(q->lits[i] + 1) +
                   ((q->lits[i][0] - '@') & PF_WB_BEFORE ? 1 : 0) +
                   ((q->lits[i][0] - '@') & PF_WB_AFTER ? 1 : 0);
        if (l < m)
            m = l;
    }
    return q->n ? m : 0;
}

/*
 * How often literal `lit` (flag byte, then folded text) occurs, per byte
 * of English prose, roughly: a first-order model over classes of
 * characters (letters, digits, spaces, punctuation, other), each
 * character weighted within its class. It only has to rank candidates:
 * a digit or a mark next to a letter is rare, a short word or a mark
 * alone is frequent. A letter after a letter is weighted by a flatter
 * share than its own (within 0.15 and 0.6): words are not random
 * letters, and each letter of a common word makes it only a few times
 * rarer.
 */
enum { PFC_LETTER, PFC_DIGIT, PFC_SPACE, PFC_PUNCT, PFC_OTHER, PFC_N };

static int pf_char_class(unsigned char c)
{
    if (c >= 0x80)
        return PFC_OTHER;
    if ((c | 0x20u) >= 'a' && (c | 0x20u) <= 'z')
        return PFC_LETTER;
    if (c >= '0' && c <= '9')
        return PFC_DIGIT;
    if (c == ' ' || (c >= '\t' && c <= '\r'))
        return PFC_SPACE;
    return PFC_PUNCT;
}

/* The share of c within its class. */
static double pf_char_share(unsigned char c)
{
    /* a..z in English text */
    static const double letter[26] = {
        .082,  .015, .028, .043, .127, .022, .020, .061, .070,
        .0015, .0077, .040, .024, .067, .075, .019, .00095, .060,
        .063,  .091, .028, .0098, .024, .0015, .020, .00074};
    switch (pf_char_class(c)) {
    case PFC_LETTER: {
        unsigned k = (c | 0x20u) - 'a';
        return k < 26 ? letter[k] : 0.05;
    }
    case PFC_DIGIT:
        return 0.1;
    case PFC_SPACE:
        return c == ' ' ? 0.95 : 0.05;
    case PFC_PUNCT:
        switch (c) {
        case '.':
        case ',':
            return 0.3;
        case '\'':
            return 0.1;
        case '"':
        case '-':
            return 0.08;
        case ':':
            return 0.02;
        case '(':
        case ')':
            return 0.015;
        case '/':
            return 0.01;
        case ';':
        case '?':
        case '$':
        case '%':
            return 0.005;
        default:
            return 0.002;
        }
    default:
        return 0.05;
    }
}

static double pf_est(const char *lit)
{
    static const double start[PFC_N] = {0.78, 0.02, 0.165, 0.03, 0.005};
    static const double next[PFC_N][PFC_N] = {
        {0.80, 0.004, 0.15, 0.045, 0.001}, /* after a letter */
        {0.06, 0.52, 0.20, 0.22, 0.001},   /* a digit */
        {0.85, 0.05, 0.02, 0.07, 0.01},    /* a space */
        {0.15, 0.08, 0.62, 0.14, 0.01},    /* a mark */
        {0.30, 0.05, 0.40, 0.20, 0.05},    /* another character */
    };
    unsigned flags = (unsigned)(lit[0] - '@');
    const unsigned char *s = (const unsigned char *)lit + 1;
    double p = 1;
    int prev = -1, last = -1;
    for (size_t i = 0; s[i]; i++) {
        if ((s[i] & 0xC0) == 0x80)
            continue; /* inside a character */
        int c = pf_char_class(s[i]);
        double share = pf_char_share(s[i]);
        if (prev == PFC_LETTER && c == PFC_LETTER)
            share = share * 6 < 0.15 ? 0.15 : share * 6 > 0.6 ? 0.6 : share * 6;
        p *= (prev < 0 ? start[c] : next[prev][c]) * share;
        prev = last = c;
    }
    int first = pf_char_class(s[0]);
    if ((flags & PF_WB_BEFORE) && (first == PFC_LETTER || first == PFC_DIGIT))
        p *= first == PFC_LETTER ? 0.2 : 0.5;
    if ((flags & PF_WB_AFTER) && (last == PFC_LETTER || last == PFC_DIGIT))
        p *= last == PFC_LETTER ? 0.2 : 0.5;
    return p;
}

/* The estimated cost of a requirement, per byte, in searches of the
 * rule's regex: how often its literals occur (each occurrence is a
 * window), plus a little for each literal (the pass's tables), plus, for
 * each letter or digit that starts a literal that may start inside a
 * word, a look at every place inside a word where it occurs (pf_filter:
 * a letter group makes "[a-z]iz" cost more than "iz"). With no bound on
 * the offset, a document with a hit is searched from its start (about
 * 1/20 of a window a byte) up to the last one: likely unless its
 * literals are very rare (words are more frequent than pf_est() says). */
static double pf_req_cost(const struct pf_req *q)
{
    double c = 0, est = 0;
    bool inner[128] = {false};
    for (size_t i = 0; i < q->n; i++) {
        const char *l = q->lits[i];
        unsigned char b = (unsigned char)l[1];
        est += pf_est(l);
        c += 1e-9;
        if (!((l[0] - '@') & PF_WB_BEFORE) && b < 0x80 && isalnum(b) &&
            !inner[b]) {
            inner[b] = true;
            c += 0.015 * (isdigit(b) ? 0.02 : 0.78) * pf_char_share(b);
        }
    }
    if (q->off == PF_INF)
        c += 0.05 * (est * 20000 < 1 ? est * 20000 : 1);
    return c + est;
}

/* Whether `a` is a better requirement than `b`: a lower cost
 * (pf_req_cost()), then a bounded offset, a longer shortest literal,
 * fewer literals, a smaller offset. */
static bool pf_better(struct pf_req *a, struct pf_req *b)
{
    if (!a->has)
        return false;
    if (!b->has)
        return true;
    if (!a->cost)
        a->cost = pf_req_cost(a);
    if (!b->cost)
        b->cost = pf_req_cost(b);
    double ca = a->cost, cb = b->cost;
    if (ca < cb * 0.999)
        return true;
    if (cb < ca * 0.999)
        return false;
    if ((a->off == PF_INF) != (b->off == PF_INF))
        return b->off == PF_INF;
    size_t la = pf_req_minlen(a), lb = pf_req_minlen(b);
    if (la != lb)
        return la > lb;
    if (a->n != b->n)
        return a->n < b->n;
    return a->off < b->off;
}

static uint32_t pf_add(uint32_t a, uint32_t b)
{
    return a == PF_INF || b == PF_INF || a + b < a ? PF_INF : a + b;
}

static uint32_t pf_mul(uint32_t a, uint32_t k)
{
    if (a == 0 || k == 0)
        return 0;
    if (a == PF_INF || k == PF_INF || a > PF_INF / k)
        return PF_INF;
    return a * k;
}

/* Keeps `cand` (offset already relative to the sequence) if better.
 * best's cost is kept with it: only pf_offer() changes a best. */
static void pf_offer(struct pf_req *best, struct pf_req *cand)
{
    cand->cost = 0;
    if (cand->has && pf_better(cand, best)) {
        pf_req_free(best);
        *best = *cand;
        *cand = (struct pf_req){0};
    } else
        pf_req_free(cand);
}

static int pf_cmp_lit(const void *a, const void *b)
{
    return strcmp(*(char *const *)a + 1, *(char *const *)b + 1);
}

/* Sorts q's literals and drops repeats (after the flag byte: the
 * repeats keep the flags they share). */
static void pf_req_dedupe(struct pf_req *q)
{
    if (q->n < 2)
        return;
    qsort(q->lits, q->n, sizeof(char *), pf_cmp_lit);
    size_t k = 1;
    for (size_t i = 1; i < q->n; i++) {
        char *last = q->lits[k - 1];
        if (strcmp(last + 1, q->lits[i] + 1) == 0)
            last[0] = (char)('@' + ((last[0] - '@') & (q->lits[i][0] - '@')));
        else
            q->lits[k++] = q->lits[i];
    }
    q->n = k;
    q->lits[k] = NULL;
    q->cost = 0;
}

/* Appends b's strings to a's (b is emptied). */
static void pf_req_join(struct pf_req *a, struct pf_req *b)
{
    a->lits = cpl_xrealloc(a->lits, (a->n + b->n + 1) * sizeof(char *));
    memcpy(a->lits + a->n, b->lits, b->n * sizeof(char *));
    a->n += b->n;
    a->lits[a->n] = NULL;
    free(b->lits);
    *b = (struct pf_req){0};
}

/* A set of one string of n bytes. */
static struct pf_req pf_full1(const char *s, size_t n)
{
    struct pf_req q = {cpl_xcalloc(2, sizeof(char *)), 1, 0, true, 0};
    q.lits[0] = pf_strndup(s, n);
    return q;
}

/* Whether byte c of a literal is part of a word character (a byte from
 * 0x80 is part of a plain non-ASCII mark: pf_plain_mb()). */
static bool pf_wordc_any(char c)
{
    unsigned char u = (unsigned char)c;
    return u < 0x80 && (isalnum(u) || u == '_');
}

/* Whether every string of `full` is not empty and starts (first) or
 * ends (!first) with a character that is no word character. */
static bool pf_full_nw(const struct pf_req *full, bool first)
{
    if (!full->has || !full->n)
        return false;
    for (size_t i = 0; i < full->n; i++) {
        const char *s = full->lits[i];
        size_t n = strlen(s);
        if (!n || pf_wordc_any(first ? s[0] : s[n - 1]))
            return false;
    }
    return true;
}

/* The shortest and longest string of `full`, in characters. */
static void pf_full_widths(const struct pf_req *full, uint32_t *minw,
                           uint32_t *maxw)
{
    *minw = PF_INF;
    *maxw = 0;
    for (size_t i = 0; i < full->n; i++) {
        uint32_t w = 0;
        for (const char *c = full->lits[i]; *c; c++)
            w += ((unsigned char)*c & 0xC0) != 0x80;
        if (w < *minw)
            *minw = w;
        if (w > *maxw)
            *maxw = w;
    }
    if (!full->n)
        *minw = 0;
}

static struct pf_res pf_alt(struct pf_an *a, bool prev_nw);

/* Skips a character class; a is at '['. */
static void pf_class(struct pf_an *a)
{
    a->i++;
    if (a->i < a->n && a->s[a->i] == '^')
        a->i++;
    if (a->i < a->n && a->s[a->i] == ']')
        a->i++;
    while (a->i < a->n && a->s[a->i] != ']') {
        if (a->s[a->i] == '\\')
            a->i++;
        else if (a->s[a->i] == '[' && a->i + 1 < a->n &&
                 a->s[a->i + 1] == ':') {
            const char *e = strstr(a->s + a->i, ":]");
            if (!e || (size_t)(e - a->s) >= a->n) {
                a->fail = true;
                return;
            }
            a->i = (size_t)(e - a->s) + 1;
        }
        a->i++;
    }
    if (a->i >= a->n)
        a->fail = true;
    else
        a->i++;
}

/* Reads a quantifier at a->i, if any: min and max repeats. */
static bool pf_quant(struct pf_an *a, uint32_t *lo, uint32_t *hi)
{
    if (a->i >= a->n)
        return false;
    char c = a->s[a->i];
    if (c == '?' || c == '*' || c == '+') {
        *lo = c == '+' ? 1 : 0;
        *hi = c == '?' ? 1 : PF_INF;
        a->i++;
    } else if (c == '{') {
        size_t j = a->i + 1;
        uint32_t x = 0, y;
        bool digits = false;
        while (j < a->n && isdigit((unsigned char)a->s[j]) && x < 100000)
            x = x * 10 + (uint32_t)(a->s[j++] - '0'), digits = true;
        if (!digits)
            return false; /* a literal '{' (PCRE2 10.42) */
        if (j < a->n && a->s[j] == '}')
            y = x;
        else if (j < a->n && a->s[j] == ',') {
            j++;
            if (j < a->n && a->s[j] == '}')
                y = PF_INF;
            else {
                y = 0;
                bool d2 = false;
                while (j < a->n && isdigit((unsigned char)a->s[j]) &&
                       y < 100000)
                    y = y * 10 + (uint32_t)(a->s[j++] - '0'), d2 = true;
                if (!d2 || j >= a->n || a->s[j] != '}')
                    return false;
            }
        } else
            return false;
        *lo = x;
        *hi = y;
        a->i = j + 1;
    } else
        return false;
    if (a->i < a->n && (a->s[a->i] == '?' || a->s[a->i] == '+'))
        a->i++; /* lazy or possessive */
    return true;
}

/* One atom: a character, class, escape or group. `lit` receives the
 * character when the atom is one plain ASCII character. */
/* Skips a braced argument ("{Lu}" of \p{Lu}, "{263A}" of \x{263A}) at the
 * reader's position; false if there is none. An unclosed brace fails. */
static bool skip_braces(struct pf_an *a)
{
    if (a->i >= a->n || a->s[a->i] != '{')
        return false;
    const char *cl = memchr(a->s + a->i, '}', a->n - a->i);
    if (!cl)
        a->fail = true;
    else
        a->i = (size_t)(cl - a->s) + 1;
    return true;
}

/*
 * Whether the non-ASCII character at s[0..n) may be a literal of the
 * prefilter: punctuation or a symbol without case (PCRE2's caseless
 * matching gives it no other form) that \w never matches, so that the
 * word-boundary flags next to it hold. Its length in *len.
 */
static bool pf_plain_mb(const char *s, size_t n, size_t *len)
{
    uint32_t cp;
    *len = cpl_utf8_decode(s, n, &cp);
    if (*len < 2)
        return false;
    utf8proc_category_t c = utf8proc_category((utf8proc_int32_t)cp);
    bool punct = c == UTF8PROC_CATEGORY_PD || c == UTF8PROC_CATEGORY_PS ||
                 c == UTF8PROC_CATEGORY_PE || c == UTF8PROC_CATEGORY_PI ||
                 c == UTF8PROC_CATEGORY_PF || c == UTF8PROC_CATEGORY_PO ||
                 c == UTF8PROC_CATEGORY_SM || c == UTF8PROC_CATEGORY_SC ||
                 c == UTF8PROC_CATEGORY_SK || c == UTF8PROC_CATEGORY_SO;
    utf8proc_int32_t u = (utf8proc_int32_t)cp;
    return punct && utf8proc_tolower(u) == u && utf8proc_toupper(u) == u &&
           utf8proc_totitle(u) == u;
}


/* What \s matches under UCP besides the ASCII white space (\t \n \v
 * \f \r and the space): \h, \v and Zs (U+0085, U+00A0, U+1680,
 * U+180E, U+2000..U+200A, U+2028, U+2029, U+202F, U+205F, U+3000). */
static const char *const pf_uspace[] = {
    "\xC2\x85", "\xC2\xA0", "\xE1\x9A\x80", "\xE1\xA0\x8E",
    "\xE2\x80\x80", "\xE2\x80\x81", "\xE2\x80\x82", "\xE2\x80\x83",
    "\xE2\x80\x84", "\xE2\x80\x85", "\xE2\x80\x86", "\xE2\x80\x87",
    "\xE2\x80\x88", "\xE2\x80\x89", "\xE2\x80\x8A", "\xE2\x80\xA8",
    "\xE2\x80\xA9", "\xE2\x80\xAF", "\xE2\x81\x9F", "\xE3\x80\x80"};
#define PF_NUSPACE (sizeof(pf_uspace) / sizeof(*pf_uspace))

/* A class of plain characters at the reader's '[' ("[.?!]", "[a-zA-Z]",
 * "[\d,]", "[—–]"): its members, ASCII letters folded like the trie folds
 * them, each once, become the strings of *full, and the reader moves past
 * it. False for anything else (negation, \w, \s and other escapes, POSIX
 * names, ranges of non-ASCII characters, a letter of another script,
 * more than PF_CLASS_MAX members). \d stands for the ASCII digits: see
 * pf_udigit. */
static bool pf_class_set(struct pf_an *a, struct pf_req *full)
{
    bool in[128] = {false}, digit = false, space = false;
    char mb[8][5];
    size_t nmb = 0, i = a->i + 1;
    if (i >= a->n || a->s[i] == '^' || a->s[i] == ']')
        return false;
    while (i < a->n && a->s[i] != ']') {
        unsigned char c = (unsigned char)a->s[i], hi;
        if (c == '[')
            return false;
        if (c >= 0x80) {
            size_t len;
            if (nmb == 8 || !pf_plain_mb(a->s + i, a->n - i, &len))
                return false;
            memcpy(mb[nmb], a->s + i, len);
            mb[nmb++][len] = '\0';
            i += len;
            if (i + 1 < a->n && a->s[i] == '-' && a->s[i + 1] != ']')
                return false; /* a range from it */
            continue;
        }
        if (c == '\\') {
            if (i + 1 >= a->n)
                return false;
            c = (unsigned char)a->s[i + 1];
            i += 2;
            if (c == 'd') {
                for (unsigned d = '0'; d <= '9'; d++)
                    in[d] = true;
                digit = true;
                continue;
            }
            if (c == 's') {
                for (const char *w = " \t\n\v\f\r"; *w; w++)
                    in[(unsigned char)*w] = true;
                space = true;
                continue;
            }
            if (c >= 0x80 || isalnum(c))
                return false;
        } else
            i++;
        if (i + 1 < a->n && a->s[i] == '-' && a->s[i + 1] != ']') {
            /* a range c-hi */
            hi = (unsigned char)a->s[i + 1];
            i += 2;
            if (hi == '\\') {
                if (i >= a->n)
                    return false;
                hi = (unsigned char)a->s[i++];
                if (isalnum(hi))
                    return false;
            }
            if (hi >= 0x80 || hi == '[' || hi < c)
                return false;
            for (unsigned x = c; x <= hi; x++)
                in[x] = true;
        } else
            in[c] = true;
    }
    if (i >= a->n)
        return false;
    size_t n = nmb + (space ? PF_NUSPACE : 0);
    for (unsigned c = 0; c < 128; c++) {
        if (c >= 'A' && c <= 'Z' && in[c]) {
            in[c] = false;
            in[c + 32] = true;
        }
    }
    for (unsigned c = 0; c < 128; c++)
        n += in[c];
    if (n == 0 || n > PF_CLASS_MAX)
        return false;
    a->i = i + 1;
    a->digit = a->digit || digit;
    if (a->light)
        return true; /* (*full stays empty: nothing reads it) */
    *full = (struct pf_req){cpl_xcalloc(n + 1, sizeof(char *)), 0, 0, true, 0};
    for (unsigned c = 0; c < 128; c++)
        if (in[c]) {
            char one = (char)c;
            full->lits[full->n++] = pf_strndup(&one, 1);
        }
    for (size_t k = 0; k < nmb; k++)
        full->lits[full->n++] = pf_strdup(mb[k]);
    for (size_t k = 0; space && k < PF_NUSPACE; k++)
        full->lits[full->n++] = pf_strdup(pf_uspace[k]);
    return true;
}

/* An atom of unknown width that gives no literal: a back-reference or a
 * call of a group repeats or matches text that the literals of the rest
 * of the pattern do not depend on. */
static struct pf_res pf_any_width(void)
{
    return (struct pf_res){0, PF_INF, {0}, false, false, {0}};
}

/* One atom: a character, class, escape or group. The set of strings it
 * matches in r.full when it is one of a few (a character, a class of a
 * few, a group of such branches). */
static struct pf_res pf_atom(struct pf_an *a, bool prev_nw)
{
    struct pf_res r = {1, 1, {0}, false, false, {0}};
    unsigned char c = (unsigned char)a->s[a->i];
    if (c == '\\') {
        if (a->i + 1 >= a->n) {
            a->fail = true;
            return r;
        }
        unsigned char e = (unsigned char)a->s[a->i + 1];
        a->i += 2;
        if (strchr("bBAzZGK", e)) {
            r.minw = r.maxw = 0;
            r.nw_start = r.nw_end = e == 'b';
        } else if (e == 'd') {
            /* the ASCII digits (see pf_udigit) */
            a->digit = true;
            if (a->light)
                return r;
            r.full = (struct pf_req){cpl_xcalloc(11, sizeof(char *)), 10, 0,
                                     true, 0};
            for (unsigned d = 0; d < 10; d++) {
                char one = (char)('0' + d);
                r.full.lits[d] = pf_strndup(&one, 1);
            }
        } else if (e == 's' && (a->i >= a->n || !strchr("*+{", a->s[a->i]))) {
            /* white space: the ASCII characters and pf_uspace (not when
             * repeated: `\s+`, `\s*` join no run worth having) */
            r.nw_start = r.nw_end = true;
            if (a->light)
                return r;
            r.full = (struct pf_req){
                cpl_xcalloc(6 + PF_NUSPACE + 1, sizeof(char *)), 0, 0, true, 0};
            for (const char *w = " \t\n\v\f\r"; *w; w++)
                r.full.lits[r.full.n++] = pf_strndup(w, 1);
            for (size_t k = 0; k < PF_NUSPACE; k++)
                r.full.lits[r.full.n++] = pf_strdup(pf_uspace[k]);
        } else if (strchr("DwWsShHvVNntrfea", e)) {
            /* one character */
            r.nw_start = r.nw_end = strchr("WshvVntrfea", e) != NULL;
        } else if (e == 'p' || e == 'P') {
            if (!skip_braces(a))
                a->i++;
        } else if (e == 'x') {
            if (!skip_braces(a))
                while (a->i < a->n && isxdigit((unsigned char)a->s[a->i]))
                    a->i++;
        } else if (e >= '1' && e <= '9') {
            /* a back-reference (or an octal character) */
            while (a->i < a->n && isdigit((unsigned char)a->s[a->i]))
                a->i++;
            return pf_any_width();
        } else if (e == 'g' || e == 'k') {
            /* \g1 \g-1 \g{..} \g<..> \g'..' \k<..> \k'..' \k{..} */
            size_t j = a->i;
            if (j < a->n && (a->s[j] == '{' || a->s[j] == '<' ||
                             a->s[j] == '\'')) {
                char close = a->s[j] == '{' ? '}' : a->s[j] == '<' ? '>' : '\'';
                const char *cl = memchr(a->s + j + 1, close, a->n - j - 1);
                if (!cl) {
                    a->fail = true;
                    return r;
                }
                a->i = (size_t)(cl - a->s) + 1;
            } else if (e == 'g') {
                if (j < a->n && (a->s[j] == '-' || a->s[j] == '+'))
                    j++;
                if (j >= a->n || !isdigit((unsigned char)a->s[j])) {
                    a->fail = true;
                    return r;
                }
                while (j < a->n && isdigit((unsigned char)a->s[j]))
                    j++;
                a->i = j;
            } else {
                a->fail = true;
                return r;
            }
            return pf_any_width();
        } else if (e < 0x80 && !isalnum(e)) {
            r.full = pf_full1((const char *)&e, 1);
            r.nw_start = r.nw_end = !pf_wordc_any((char)e);
        } else
            a->fail = true; /* \Q, \R, \X, \C, \0, \o, \c, ... */
        return r;
    }
    if (c == '[') {
        if (pf_class_set(a, &r.full)) {
            r.nw_start = r.nw_end = pf_full_nw(&r.full, true);
        } else
            pf_class(a);
        return r;
    }
    if (c == '.') {
        a->i++;
        return r;
    }
    if (c == '^' || c == '$') {
        a->i++;
        r.minw = r.maxw = 0;
        r.nw_end = c == '^';
        r.nw_start = c == '$';
        return r;
    }
    if (c == '(') {
        a->i++;
        bool look = false;
        size_t la = a->i + 1; /* '=' for a lookahead */
        if (a->i < a->n && a->s[a->i] == '*') {
            a->fail = true;
            return r;
        }
        if (a->i < a->n && a->s[a->i] == '?') {
            a->i++;
            const char *p = a->s + a->i;
            size_t left = a->n - a->i;
            if (left && (*p == '=' || *p == '!')) {
                look = true;
                a->i++;
            } else if (left >= 2 && p[0] == '<' && (p[1] == '=' || p[1] == '!')) {
                look = true;
                a->i += 2;
            } else if (left && (*p == ':' || *p == '>' || *p == '|')) {
                a->i++;
            } else if (left && *p == '#') {
                const char *cl = memchr(p, ')', left);
                if (!cl)
                    a->fail = true;
                else
                    a->i = (size_t)(cl - a->s) + 1;
                r.minw = r.maxw = 0;
                return r;
            } else if (left >= 2 && p[0] == 'P' && p[1] == '=') {
                /* (?P=name): a back-reference */
                const char *cl = memchr(p, ')', left);
                if (!cl) {
                    a->fail = true;
                    return r;
                }
                a->i = (size_t)(cl - a->s) + 1;
                return pf_any_width();
            } else if (left >= 2 && (p[0] == '<' || p[0] == '\'' ||
                                     (p[0] == 'P' && p[1] == '<'))) {
                char close = p[0] == '\'' ? '\'' : '>';
                const char *cl = memchr(p, close, left);
                if (!cl)
                    a->fail = true;
                else
                    a->i = (size_t)(cl - a->s) + 1;
            } else {
                /* Option letters: (?i) (?-i) (?i: ...); (?x) changes
                 * what a space means, which this does not follow, and
                 * any other letter ((?R), ...) is not an option. */
                size_t j = a->i;
                while (j < a->n && a->s[j] && strchr("imnsJU-^", a->s[j]))
                    j++;
                if (j == a->i || j >= a->n) {
                    a->fail = true;
                    return r;
                }
                a->i = j + 1;
                if (a->s[j] == ')') {
                    r.minw = r.maxw = 0;
                    return r;
                }
                if (a->s[j] != ':') {
                    a->fail = true;
                    return r;
                }
            }
        }
        /* (only a lookahead (?= tells what follows: in.nw_start, minw) */
        bool light = a->light;
        a->light = light || (look && a->s[la] != '=' && !a->no_light);
        struct pf_res in = pf_alt(a, prev_nw && !look);
        a->light = light;
        if (a->fail || a->i >= a->n || a->s[a->i] != ')') {
            pf_req_free(&in.req);
            pf_req_free(&in.full);
            a->fail = true;
            return r;
        }
        a->i++;
        if (look) {
            pf_req_free(&in.req);
            pf_req_free(&in.full);
            r.minw = r.maxw = 0;
            /* (?=\s): what follows is not a word character */
            r.nw_start = a->s[la] == '=' && in.nw_start && in.minw > 0;
            return r;
        }
        return in;
    }
    if (c == ')' || c == '|' || c == '*' || c == '+' || c == '?' ||
        c == '{') {
        a->fail = true;
        return r;
    }
    if (c >= 0x80) {
        size_t len;
        if (pf_plain_mb(a->s + a->i, a->n - a->i, &len)) {
            r.full = pf_full1(a->s + a->i, len);
            r.nw_start = r.nw_end = true;
            a->i += len;
            return r;
        }
        a->i++;
        while (a->i < a->n && ((unsigned char)a->s[a->i] & 0xC0) == 0x80)
            a->i++;
        return r;
    }
    a->i++;
    char f = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
    if (!a->light)
        r.full = pf_full1(&f, 1);
    r.nw_start = r.nw_end = !pf_wordc_any(f);
    return r;
}

/*
 * A run of adjacent items that each match one of a few strings (seg[]:
 * characters, classes, groups of such branches, optional ones): any
 * stretch of it is a required literal set, the product of its items'
 * strings. wb_before[i] / wb_after[i]: at the border before item i, the
 * character before / after is known to be no word character when the
 * one beside it is a word character (\b, \s, a mark, (?=\s)).
 */
struct pf_seg {
    struct pf_req set; /* no flag byte */
    uint32_t minw, maxw;
    size_t bytes; /* of its longest string */
};

struct pf_run {
    struct pf_seg seg[PF_RUN_SEGS];
    bool wb_before[PF_RUN_SEGS + 1], wb_after[PF_RUN_SEGS + 1];
    size_t n;
    uint32_t off; /* where the run starts, in characters, at most */
    bool cut;     /* it was flushed for its length: not the whole item */
};

/* Runs of pf_seq() that ended, kept for the next (a run is large, and
 * a pattern has a sequence per branch); freed by pf_analyze(). */
static _Thread_local struct pf_run *pf_runs_spare[8];
static _Thread_local size_t pf_nruns_spare;

static struct pf_run *pf_run_get(void)
{
    struct pf_run *run = pf_nruns_spare ? pf_runs_spare[--pf_nruns_spare]
                                        : cpl_xmalloc(sizeof(*run));
    run->n = 0; /* pf_run_add() sets what it reads */
    run->cut = false;
    return run;
}

static void pf_run_put(struct pf_run *run)
{
    if (pf_nruns_spare < sizeof(pf_runs_spare) / sizeof(pf_runs_spare[0]))
        pf_runs_spare[pf_nruns_spare++] = run;
    else
        free(run);
}

static void pf_runs_free(void)
{
    while (pf_nruns_spare)
        free(pf_runs_spare[--pf_nruns_spare]);
}

/* Whether seg could be left out of a stretch at no loss: one string. */
static bool pf_seg_single(const struct pf_seg *g)
{
    return g->set.n == 1 && g->set.lits[0][0];
}

/* The strings of seg[i..j) one after the other (flag byte first), or
 * none when there are more than PF_RUN_MAX, one is empty or too long. */
static bool pf_run_product(const struct pf_run *run, size_t i, size_t j,
                           struct pf_req *out)
{
    size_t total = 1, len = 0;
    for (size_t k = i; k < j; k++) {
        const struct pf_seg *g = &run->seg[k];
        if (!g->set.n || total * g->set.n > PF_RUN_MAX)
            return false;
        total *= g->set.n;
        len += g->bytes;
    }
    if (len + 2 > 255)
        return false;
    *out = (struct pf_req){cpl_xcalloc(total + 1, sizeof(char *)), 0, 0,
                           true, 0};
    char buf[256];
    for (size_t t = 0; t < total; t++) {
        size_t o = 1, stride = total;
        /* item k's string: (t / stride_k) % n_k, the last item fastest */
        for (size_t k = i; k < j; k++) {
            const struct pf_seg *g = &run->seg[k];
            stride /= g->set.n;
            const char *s = g->set.lits[(t / stride) % g->set.n];
            size_t l = strlen(s);
            memcpy(buf + o, s, l);
            o += l;
        }
        if (o == 1) {
            pf_req_free(out);
            return false;
        }
        buf[o] = '\0';
        buf[0] = '@';
        out->lits[out->n++] = pf_strdup(buf);
    }
    return true;
}

/* Offers the stretches of the run worth having to s->req, and empties
 * the run. nw_after: the character after it is known to be no word
 * character when its last is a word character. whole: NULL, or
 * pf_run_product() of the whole run, already made (pf_seq()), taken
 * as that stretch's candidate (its flag bytes are set here; *whole is
 * emptied). */
static void pf_run_flush(struct pf_run *run, struct pf_res *s, bool nw_after,
                         struct pf_req *whole)
{
    size_t n = run->n;
    if (!n)
        return;
    run->wb_after[n] = run->wb_after[n] || nw_after;
    /* A stretch that could take in one more single string is not worth
     * looking at: it would only get rarer. So stretches start at the
     * run's start or after an item of several strings, and end at the
     * run's end or before one. */
    for (size_t i = 0; i < n; i++) {
        if (i > 0 && pf_seg_single(&run->seg[i - 1]))
            continue;
        uint32_t off = run->off;
        for (size_t k = 0; k < i; k++)
            off = pf_add(off, run->seg[k].maxw);
        for (size_t j = n; j > i; j--) {
            if (j < n && pf_seg_single(&run->seg[j]))
                continue;
            struct pf_req c;
            if (whole && i == 0 && j == n) {
                c = *whole;
                *whole = (struct pf_req){0};
            } else if (!pf_run_product(run, i, j, &c))
                continue;
            for (size_t m = 0; m < c.n; m++) {
                char *l = c.lits[m];
                size_t ln = strlen(l);
                int f = (run->wb_before[i] && pf_wordc_any(l[1])
                             ? PF_WB_BEFORE
                             : 0) |
                        (run->wb_after[j] && pf_wordc_any(l[ln - 1])
                             ? PF_WB_AFTER
                             : 0);
                l[0] = (char)('@' + f);
            }
            c.off = off;
            pf_offer(&s->req, &c);
        }
    }
    for (size_t k = 0; k < n; k++)
        pf_req_free(&run->seg[k].set);
    run->n = 0;
}

/* Adds an item of strings `set` to the run (copied, or taken when
 * `take`: *set is emptied); off: where it starts, in characters, at most
 * (when it starts a run); nw_before: the character before it is no word
 * character (see struct pf_run); nw_first: pf_full_nw(set, true). */
static void pf_run_add(struct pf_run *run, struct pf_res *s,
                       struct pf_req *set, uint32_t off, bool nw_before,
                       bool nw_first, bool take)
{
    if (run->n == PF_RUN_SEGS) {
        pf_run_flush(run, s, false, NULL);
        run->cut = true;
    }
    size_t i = run->n;
    if (i == 0) {
        run->off = off;
        run->wb_after[0] = false;
    }
    run->wb_before[i] = nw_before;
    run->wb_after[i] = run->wb_after[i] || nw_first;
    struct pf_seg *g = &run->seg[i];
    if (take) {
        g->set = (struct pf_req){set->lits, set->n, 0, true, 0};
        *set = (struct pf_req){0};
    } else {
        g->set = (struct pf_req){cpl_xcalloc(set->n + 1, sizeof(char *)),
                                 set->n, 0, true, 0};
        memcpy(g->set.lits, set->lits, set->n * sizeof(char *));
    }
    pf_full_widths(&g->set, &g->minw, &g->maxw);
    g->bytes = 0;
    for (size_t k = 0; k < g->set.n; k++) {
        size_t l = strlen(g->set.lits[k]);
        g->bytes = l > g->bytes ? l : g->bytes;
    }
    run->n++;
    run->wb_before[run->n] = run->wb_after[run->n] = false;
}

/* A sequence of atoms up to '|' or ')'. */
static struct pf_res pf_seq(struct pf_an *a, bool prev_nw)
{
    struct pf_res s = {0, 0, {0}, false, false, {0}};
    struct pf_run *run = pf_run_get();
    bool first = true;
    bool only_run = true; /* nothing but the run so far (s.full) */
    while (!a->fail && a->i < a->n && a->s[a->i] != '|' &&
           a->s[a->i] != ')') {
        uint32_t before = s.maxw;
        struct pf_res at = pf_atom(a, prev_nw);
        if (a->fail) {
            pf_req_free(&at.req);
            pf_req_free(&at.full);
            break;
        }
        uint32_t lo = 1, hi = 1;
        bool q = pf_quant(a, &lo, &hi);
        if (a->light) {
            pf_req_free(&at.req);
            pf_req_free(&at.full);
            continue;
        }
        if (q && lo == 1 && hi == 1)
            q = false;
        /* an optional item of characters that are no word characters
         * (`\s*`) keeps what was known of the character before */
        bool nw_opt = q && lo == 0 && at.nw_end;
        if (q && lo == 0)
            at.nw_start = at.nw_end = false;
        if (!q && at.minw == 0 && at.maxw == 0) {
            /* zero-width (\b, ^, \K, a lookaround): the characters on
             * either side are next to each other, the run goes on */
            if (first)
                s.nw_start = at.nw_start;
            first = false;
            if (run->n)
                run->wb_after[run->n] = run->wb_after[run->n] || at.nw_start;
            prev_nw = prev_nw || at.nw_end;
            pf_req_free(&at.req);
            pf_req_free(&at.full);
            continue;
        }
        /* (a class of many repeated a varying number of times, `[a-z]+`,
         * is rarely worth its many stretches) */
        if (at.full.has && at.full.n && (!q || lo >= 1 || hi == 1) &&
            (!q || hi == lo || hi == 1 || at.full.n <= 10)) {
            /* An item of a few strings joins the run: once, optional
             * (the strings and ""), or repeated (lo copies; when the
             * count varies, the run ends after them and a new one
             * starts with the last copies). */
            /* (a group's flags hold for its empty branches too:
             * `(?:^|\s)`) */
            bool nw_first = at.nw_start || pf_full_nw(&at.full, true),
                 nw_last = at.nw_end || pf_full_nw(&at.full, false);
            if (!q)
                pf_run_add(run, &s, &at.full, before, prev_nw, nw_first,
                           true);
            else if (lo == 0) {
                struct pf_req opt = {
                    cpl_xcalloc(at.full.n + 2, sizeof(char *)), 0, 0, true, 0};
                for (size_t k = 0; k < at.full.n; k++)
                    opt.lits[opt.n++] = at.full.lits[k];
                opt.lits[opt.n++] = (char *)"";
                pf_run_add(run, &s, &opt, before, prev_nw, false, true);
            } else {
                uint32_t c = lo < PF_COPIES ? lo : PF_COPIES;
                bool nw = prev_nw;
                for (uint32_t k = 0; k < c; k++) {
                    pf_run_add(run, &s, &at.full,
                               pf_add(before, pf_mul(at.maxw, k)), nw,
                               nw_first, false);
                    nw = nw_last;
                }
                if (hi != lo || lo > c) {
                    only_run = false;
                    pf_run_flush(run, &s, false, NULL);
                    uint32_t start = pf_add(
                        before, pf_mul(at.maxw, hi == PF_INF ? PF_INF : hi - c));
                    nw = prev_nw && nw_last;
                    for (uint32_t k = 0; k < c; k++) {
                        pf_run_add(run, &s, &at.full,
                                   pf_add(start, pf_mul(at.maxw, k)), nw,
                                   nw_first, false);
                        nw = nw_last;
                    }
                }
            }
            /* The group's own choice, when it is one (a stretch of one
             * of its branches may be rarer than all its strings). */
            if (at.req.has)
                at.req.off = pf_add(at.req.off, before);
            if (!q || lo >= 1)
                pf_offer(&s.req, &at.req);
            pf_req_free(&at.req);
            pf_req_free(&at.full);
            if (first)
                s.nw_start = !q || lo >= 1 ? nw_first : false;
            first = false;
            prev_nw = !q || lo >= 1 ? nw_last : prev_nw && nw_last;
            s.minw = pf_add(s.minw, pf_mul(at.minw, q ? lo : 1));
            s.maxw = pf_add(s.maxw, pf_mul(at.maxw, q ? hi : 1));
            continue;
        }
        pf_req_free(&at.full);
        only_run = false;
        pf_run_flush(run, &s, at.nw_start, NULL);
        if (first)
            s.nw_start = at.nw_start;
        first = false;
        prev_nw = at.nw_end || (nw_opt && prev_nw);
        if (q) {
            at.minw = pf_mul(at.minw, lo);
            at.maxw = pf_mul(at.maxw, hi);
            if (lo == 0)
                pf_req_free(&at.req);
        }
        if (at.req.has)
            at.req.off = pf_add(at.req.off, before);
        pf_offer(&s.req, &at.req);
        s.minw = pf_add(s.minw, at.minw);
        s.maxw = pf_add(s.maxw, at.maxw);
    }
    struct pf_req whole = {0};
    if (only_run && !run->cut && !a->fail && !a->light) {
        /* every match is one of the run's spellings: the strings of the
         * whole run's stretch (pf_run_flush() sets their flag bytes, which
         * s.full's view, one byte on, does not hold) */
        if (!run->n)
            s.full = pf_full1("", 0);
        else if (pf_run_product(run, 0, run->n, &whole)) {
            s.full = (struct pf_req){cpl_xcalloc(whole.n + 1, sizeof(char *)),
                                     whole.n, 0, true, 0};
            for (size_t k = 0; k < whole.n; k++)
                s.full.lits[k] = whole.lits[k] + 1; /* (strings of the
                                                     * analysis: not freed
                                                     * one by one) */
        }
    }
    pf_run_flush(run, &s, false, whole.has ? &whole : NULL);
    pf_req_free(&whole);
    pf_run_put(run);
    s.nw_end = !first && prev_nw;
    return s;
}

/* Branches separated by '|': each must give a literal. */
static struct pf_res pf_alt(struct pf_an *a, bool prev_nw)
{
    struct pf_res r = pf_seq(a, prev_nw);
    while (!a->fail && a->i < a->n && a->s[a->i] == '|') {
        a->i++;
        struct pf_res b = pf_seq(a, prev_nw);
        r.nw_start = r.nw_start && b.nw_start;
        r.nw_end = r.nw_end && b.nw_end;
        if (b.minw < r.minw)
            r.minw = b.minw;
        if (b.maxw > r.maxw)
            r.maxw = b.maxw;
        if (r.full.has && b.full.has && r.full.n + b.full.n <= PF_RUN_MAX) {
            pf_req_join(&r.full, &b.full);
        } else {
            pf_req_free(&r.full);
            pf_req_free(&b.full);
        }
        if (r.req.has && b.req.has) {
            uint32_t off = b.req.off > r.req.off ? b.req.off : r.req.off;
            pf_req_join(&r.req, &b.req);
            r.req.off = off;
            r.req.has = true;
            r.req.cost = 0;
        } else {
            pf_req_free(&r.req);
            pf_req_free(&b.req);
        }
    }
    return r;
}

/*
 * The stop-character reader (see "required-literal prefilter"): over the
 * pattern in `an`, it first gathers what repeats of more than PF_UNB_HI
 * may match (unb), then (count) how many characters of stop = ~unb a
 * match holds at most. It follows the syntax pf_atom() reads.
 */
#define PF_UNB_HI 8
struct pf_sb {
    struct pf_an an;
    bool count;
    unsigned look; /* inside this many lookarounds (they add no unb) */
    uint32_t ncps;
    uint32_t cps[PF_NCP];
    struct pf_cs unb, stop;
};

struct pf_sbr {
    struct pf_cs cs; /* the characters the item may match */
    uint32_t cnt;    /* how many of them are stop characters, at most */
};

static void pf_cs_add(struct pf_cs *c, unsigned bit)
{
    c->w[bit >> 6] |= (uint64_t)1 << (bit & 63);
}

static void pf_cs_or(struct pf_cs *c, const struct pf_cs *d)
{
    for (size_t k = 0; k < 3; k++)
        c->w[k] |= d->w[k];
}

static bool pf_cs_meets(const struct pf_cs *c, const struct pf_cs *d)
{
    return ((c->w[0] & d->w[0]) | (c->w[1] & d->w[1]) |
            (c->w[2] & d->w[2])) != 0;
}

/* Every character. */
static struct pf_cs pf_cs_all(void)
{
    return (struct pf_cs){{UINT64_MAX, UINT64_MAX, UINT64_MAX}};
}

/* ASCII character c; a letter in either case and, as caseless matching
 * may fold one to the Kelvin sign or the long s, any other non-ASCII. */
static void pf_cs_char(struct pf_cs *c, unsigned ch)
{
    pf_cs_add(c, ch);
    if (isalpha((int)ch)) {
        pf_cs_add(c, ch ^ 0x20u);
        pf_cs_add(c, PF_CS_OTHER);
    }
}

/* The bit of non-ASCII character cp (one that pf_plain_mb() accepts):
 * its own while there is room, else the one of every other. */
static unsigned pf_cp_bit(struct pf_sb *b, uint32_t cp)
{
    for (uint32_t i = 0; i < b->ncps; i++)
        if (b->cps[i] == cp)
            return 128u + i;
    if (b->ncps == PF_NCP)
        return PF_CS_OTHER;
    b->cps[b->ncps] = cp;
    return 128u + b->ncps++;
}

/* The non-ASCII character at s[0..n): its bit, with its length in *len. */
static unsigned pf_mb_bit(struct pf_sb *b, const char *s, size_t n,
                          size_t *len)
{
    uint32_t cp;
    if (pf_plain_mb(s, n, len)) {
        cpl_utf8_decode(s, n, &cp);
        return pf_cp_bit(b, cp);
    }
    *len = 1;
    while (*len < n && ((unsigned char)s[*len] & 0xC0) == 0x80)
        (*len)++;
    return PF_CS_OTHER;
}

/*
 * What escape \e (a letter, one character wide) may match: *may, a
 * superset, and *sure, a subset (what a negated class may take out).
 * False for an escape this does not know.
 */
static bool pf_cs_escape(char e, struct pf_cs *may, struct pf_cs *sure)
{
    /* The ASCII members of \d \w \s \h \v and \N's complement; VT
     * may or may not be \s: in neither \s nor \S. */
    static const struct {
        char e;
        uint64_t lo, hi;
    } set[] = {
        {'d', UINT64_C(0x03FF000000000000), 0},
        {'w', UINT64_C(0x03FF000000000000), UINT64_C(0x07FFFFFE87FFFFFE)},
        {'s', UINT64_C(0x0000000100003600), 0},
        {'h', UINT64_C(0x0000000100000200), 0},
        {'v', UINT64_C(0x0000000000003C00), 0},
        {'n', UINT64_C(0x0000000000000400), 0},
    };
    static const char ctl[] = "n\nt\tr\rf\fe\033a\007";
    *may = *sure = (struct pf_cs){{0}};
    char l = (char)tolower((unsigned char)e);
    for (size_t i = 0; i < sizeof(set) / sizeof(*set); i++) {
        if (set[i].e != l || e == 'n')
            continue;
        if (e == l) {
            *sure = (struct pf_cs){{set[i].lo, set[i].hi, 0}};
            *may = *sure;
            if (e == 's')
                pf_cs_add(may, 11);
            pf_cs_add(may, PF_CS_OTHER); /* Unicode digits, letters... */
        } else {
            *may = pf_cs_all();
            may->w[0] &= ~set[i].lo;
            may->w[1] &= ~set[i].hi;
        }
        return true;
    }
    for (size_t i = 0; ctl[i]; i += 2)
        if (ctl[i] == e) {
            pf_cs_add(may, (unsigned char)ctl[i + 1]);
            *sure = *may;
            return true;
        }
    return false;
}

/* The characters the class at s[i..end) ('[' to its ']') may match; the
 * reader is not moved (pf_class() has checked the class's syntax). */
static struct pf_cs pf_class_cs(struct pf_sb *b, size_t i, size_t end)
{
    const char *s = b->an.s;
    struct pf_cs may = {{0}}, sure = {{0}}, all = pf_cs_all();
    bool neg = false;
    size_t last = end - 1; /* its ']' */
    i++;
    if (i < last && s[i] == '^')
        neg = true, i++;
    while (i < last) {
        /* one member: a character, range, escape or POSIX class */
        unsigned lo = 0, hi = 0;
        bool lo_mb = false, hi_mb = false;
        size_t len;
        unsigned char c = (unsigned char)s[i];
        if (c == '[' && i + 1 < last && s[i + 1] == ':')
            return all; /* a POSIX class */
        if (c == '\\') {
            if (i + 1 >= last)
                return all;
            char e = s[i + 1];
            struct pf_cs m, u;
            if (isalnum((unsigned char)e) && e != 'b') {
                if (!pf_cs_escape(e, &m, &u) || (i + 2 < last && s[i + 2] == '-' &&
                                                 i + 3 < last))
                    return all; /* \p, \x, \Q, \c, a range from \n ... */
                pf_cs_or(&may, &m);
                pf_cs_or(&sure, &u);
                i += 2;
                continue;
            }
            if ((unsigned char)e >= 0x80)
                return all;
            lo = e == 'b' ? 8u : (unsigned char)e;
            i += 2;
        } else if (c >= 0x80) {
            lo = pf_mb_bit(b, s + i, last - i, &len);
            lo_mb = true;
            i += len;
        } else {
            lo = c;
            i++;
        }
        hi = lo;
        hi_mb = lo_mb;
        if (i + 1 < last && s[i] == '-') {
            /* a range */
            unsigned char d = (unsigned char)s[i + 1];
            if (d == '\\' || d == '[')
                return all;
            if (d >= 0x80) {
                hi_mb = true;
                pf_mb_bit(b, s + i + 1, last - i - 1, &len);
                i += 1 + len;
            } else {
                hi = d;
                i += 2;
            }
            if (lo_mb || hi_mb) {
                may.w[2] = UINT64_MAX; /* every non-ASCII character */
                if (!lo_mb)
                    for (unsigned ch = lo; ch < 128; ch++)
                        pf_cs_char(&may, ch);
                continue;
            }
            if (hi < lo)
                return all;
        }
        if (lo_mb) {
            pf_cs_add(&may, lo);
            if (lo != PF_CS_OTHER)
                pf_cs_add(&sure, lo);
            continue;
        }
        /* [^a] never matches a; A only when case-sensitive */
        for (unsigned ch = lo; ch <= hi; ch++) {
            pf_cs_char(&may, ch);
            pf_cs_add(&sure, ch);
        }
    }
    if (!neg)
        return may;
    for (size_t k = 0; k < 3; k++)
        all.w[k] &= ~sure.w[k];
    return all;
}

static struct pf_sbr pf_sb_alt(struct pf_sb *b);

/* The header of a group after its '(': whether it is a lookaround; zero
 * width (a comment, an option setting) in *empty. */
static bool pf_sb_group(struct pf_an *a, bool *empty)
{
    *empty = false;
    if (a->i < a->n && a->s[a->i] == '*') {
        a->fail = true; /* a verb */
        return false;
    }
    if (a->i >= a->n || a->s[a->i] != '?')
        return false;
    a->i++;
    const char *p = a->s + a->i;
    size_t left = a->n - a->i;
    if (left && (*p == '=' || *p == '!')) {
        a->i++;
        return true;
    }
    if (left >= 2 && p[0] == '<' && (p[1] == '=' || p[1] == '!')) {
        a->i += 2;
        return true;
    }
    if (left && (*p == ':' || *p == '>' || *p == '|')) {
        a->i++;
        return false;
    }
    if (left && *p == '#') {
        const char *cl = memchr(p, ')', left);
        if (!cl)
            a->fail = true;
        else
            a->i = (size_t)(cl - a->s) + 1;
        *empty = true;
        return false;
    }
    if (left >= 2 &&
        (p[0] == '<' || p[0] == '\'' || (p[0] == 'P' && p[1] == '<'))) {
        const char *cl = memchr(p, p[0] == '\'' ? '\'' : '>', left);
        if (!cl)
            a->fail = true;
        else
            a->i = (size_t)(cl - a->s) + 1;
        return false;
    }
    /* Option letters: (?i) (?-i) (?i: ...); anything else ((?R), (?x),
     * a subroutine call) is not read. */
    size_t j = a->i;
    while (j < a->n && a->s[j] && strchr("imnsJU-^", a->s[j]))
        j++;
    if (j == a->i || j >= a->n || (a->s[j] != ')' && a->s[j] != ':')) {
        a->fail = true;
        return false;
    }
    a->i = j + 1;
    *empty = a->s[j] == ')';
    return false;
}

/* One atom. */
static struct pf_sbr pf_sb_atom(struct pf_sb *b)
{
    struct pf_an *a = &b->an;
    struct pf_sbr r = {{{0}}, 0};
    unsigned char c = (unsigned char)a->s[a->i];
    if (c == '(') {
        a->i++;
        bool empty, look = pf_sb_group(a, &empty);
        if (a->fail || empty)
            return r;
        b->look += look;
        struct pf_sbr in = pf_sb_alt(b);
        b->look -= look;
        if (a->fail || a->i >= a->n || a->s[a->i] != ')') {
            a->fail = true;
            return r;
        }
        a->i++;
        return look ? r : in;
    }
    if (c == '\\') {
        if (a->i + 1 >= a->n) {
            a->fail = true;
            return r;
        }
        unsigned char e = (unsigned char)a->s[a->i + 1];
        a->i += 2;
        struct pf_cs sure;
        if (strchr("bBAzZGK", e))
            return r; /* zero width */
        if (strchr("dDwWsShHvVNntrfea", e))
            pf_cs_escape((char)e, &r.cs, &sure);
        else if (e == 'p' || e == 'P') {
            if (!skip_braces(a))
                a->i++;
            r.cs = pf_cs_all();
        } else if (e == 'x') {
            if (!skip_braces(a))
                while (a->i < a->n && isxdigit((unsigned char)a->s[a->i]))
                    a->i++;
            r.cs = pf_cs_all();
        } else if (e < 0x80 && !isalnum(e))
            pf_cs_char(&r.cs, e);
        else {
            a->fail = true; /* backrefs, \Q, \R, \X, \C, octal, ... */
            return r;
        }
    } else if (c == '[') {
        size_t from = a->i;
        pf_class(a);
        if (a->fail)
            return r;
        r.cs = pf_class_cs(b, from, a->i);
    } else if (c == '.') {
        a->i++;
        r.cs = pf_cs_all();
    } else if (c == '^' || c == '$') {
        a->i++;
        return r;
    } else if (c == ')' || c == '|' || c == '*' || c == '+' || c == '?' ||
               c == '{') {
        a->fail = true;
        return r;
    } else if (c >= 0x80) {
        size_t len;
        pf_cs_add(&r.cs, pf_mb_bit(b, a->s + a->i, a->n - a->i, &len));
        a->i += len;
    } else {
        a->i++;
        pf_cs_char(&r.cs, c);
    }
    r.cnt = b->count && pf_cs_meets(&r.cs, &b->stop) ? 1 : 0;
    return r;
}

/* A sequence of atoms up to '|' or ')'. */
static struct pf_sbr pf_sb_seq(struct pf_sb *b)
{
    struct pf_an *a = &b->an;
    struct pf_sbr s = {{{0}}, 0};
    while (!a->fail && a->i < a->n && a->s[a->i] != '|' &&
           a->s[a->i] != ')') {
        struct pf_sbr at = pf_sb_atom(b);
        if (a->fail)
            break;
        uint32_t lo = 1, hi = 1;
        if (pf_quant(a, &lo, &hi)) {
            if (hi > PF_UNB_HI && !b->look)
                pf_cs_or(&b->unb, &at.cs);
            at.cnt = pf_mul(at.cnt, hi);
        }
        pf_cs_or(&s.cs, &at.cs);
        s.cnt = pf_add(s.cnt, at.cnt);
    }
    return s;
}

static struct pf_sbr pf_sb_alt(struct pf_sb *b)
{
    struct pf_sbr r = pf_sb_seq(b);
    while (!b->an.fail && b->an.i < b->an.n && b->an.s[b->an.i] == '|') {
        b->an.i++;
        struct pf_sbr o = pf_sb_seq(b);
        pf_cs_or(&r.cs, &o.cs);
        if (o.cnt > r.cnt)
            r.cnt = o.cnt;
    }
    return r;
}

/* How many of the stop characters (b->stop, cps) literal `lit` (flag
 * byte, then folded ASCII or plain non-ASCII) holds: a letter only when
 * both its cases are stops. */
static uint32_t pf_lit_stops(const struct pf_sb *b, const char *lit)
{
    uint32_t n = 0;
    const char *p = lit + 1, *end = p + strlen(p);
    while (p < end) {
        unsigned char c = (unsigned char)*p;
        uint32_t cp;
        size_t len = cpl_utf8_decode(p, (size_t)(end - p), &cp);
        unsigned bit = PF_CS_OTHER;
        bool other_case = true; /* in the stop set, when a letter */
        if (c < 0x80) {
            bit = c;
            if (isalpha(c))
                other_case = (b->stop.w[(c ^ 0x20u) >> 6] >>
                              ((c ^ 0x20u) & 63)) & 1;
        } else
            for (uint32_t i = 0; i < b->ncps; i++)
                if (b->cps[i] == cp)
                    bit = 128u + i;
        if (other_case && ((b->stop.w[bit >> 6] >> (bit & 63)) & 1))
            n++;
        p += len;
    }
    return n;
}

/*
 * The bound in stop characters of a pattern whose offset is unbounded,
 * with literals lits[0..n): at most *ws stop characters (*stop) lie
 * between a match's start and its literal. False when there is none.
 */
static bool pf_stop_bound(const char *pattern, size_t len, char **lits,
                          size_t n, uint32_t *ws, struct pf_stop *stop)
{
    struct pf_sb *b = cpl_xcalloc(1, sizeof(*b));
    b->an = (struct pf_an){.s = pattern, .n = len};
    pf_sb_alt(b);
    bool ok = !b->an.fail && b->an.i == len;
    struct pf_sbr r = {{{0}}, PF_INF};
    if (ok) {
        for (size_t k = 0; k < 3; k++)
            b->stop.w[k] = ~b->unb.w[k];
        b->an = (struct pf_an){.s = pattern, .n = len};
        b->count = true;
        b->look = 0;
        r = pf_sb_alt(b);
        ok = !b->an.fail && b->an.i == len && r.cnt != PF_INF;
    }
    if (ok) {
        /* the literal's own stop characters are after its start */
        uint32_t least = r.cnt;
        for (size_t i = 0; i < n; i++) {
            uint32_t k = pf_lit_stops(b, lits[i]);
            if (k < least)
                least = k;
        }
        *ws = r.cnt - least;
        *stop = (struct pf_stop){{b->stop.w[0], b->stop.w[1]},
                                 b->stop.w[2] & ((UINT64_C(1) << PF_NCP) - 1),
                                 (b->stop.w[2] >> (PF_CS_OTHER - 128)) & 1,
                                 false,
                                 b->ncps,
                                 {0}};
        stop->nonascii = stop->cp_in || stop->other;
        memcpy(stop->cps, b->cps, sizeof(b->cps));
    }
    free(b);
    return ok;
}

/* The literals and offset of `pattern`, or false; *digit: some literal
 * holds a digit that stands for \d (see pf_udigit). */
static bool pf_analyze(const char *pattern, size_t len, bool light,
                       char ***lits, size_t *nlits, uint32_t *off, bool *digit)
{
    struct pf_an a = {pattern, len, 0, false, false, false, !light};
    struct pf_res r = pf_alt(&a, false);
    pf_req_free(&r.full);
    bool ok = !a.fail && a.i == a.n && r.req.has && r.req.n && r.minw;
    if (ok) {
        pf_req_dedupe(&r.req);
        *digit = false;
        *lits = cpl_xcalloc(r.req.n + 1, sizeof(char *));
        for (size_t i = 0; i < r.req.n; i++) {
            (*lits)[i] = cpl_xstrdup(r.req.lits[i]);
            *digit = *digit || (a.digit && strpbrk(r.req.lits[i] + 1,
                                                   "0123456789") != NULL);
        }
        *nlits = r.req.n;
        *off = r.req.off;
    }
    pf_req_free(&r.req);
    pf_strings_free();
    pf_runs_free();
    return ok;
}

/* The prefilter of a regex rule from its compiled pattern's text. */
static void pf_set(struct cpl_vrule *r, bool light)
{
    char **lits = NULL;
    size_t n = 0;
    uint32_t off, ws;
    struct pf_stop stop;
    bool digit;
    const char *src = r->lit ? r->lit_src : r->re_src;
    if (!src ||
        !(r->type == T_EXISTENCE || r->type == T_SUBSTITUTION ||
          r->type == T_OCCURRENCE || r->type == T_REPETITION))
        return;
    if (!pf_analyze(src, strlen(src), light, &lits, &n, &off, &digit))
        return;
    r->pf_lits = lits;
    r->npf = n;
    r->pf_off = off;
    r->pf_udigit = digit;
    r->pf_ws = PF_INF;
    /* the stop characters bound a window that off does not */
    if (off == PF_INF &&
        pf_stop_bound(src, strlen(src), lits, n, &ws, &stop)) {
        r->pf_ws = ws;
        r->pf_stop = cpl_xmalloc(sizeof(*r->pf_stop));
        *r->pf_stop = stop;
    }
}

static bool has_bytes(const unsigned char *t, size_t len, const char *pat)
{
    size_t m = strlen(pat);
    const unsigned char *end = t + len, *p = t;
    while (m && (size_t)(end - p) >= m &&
           (p = memchr(p, (unsigned char)pat[0], (size_t)(end - p - m + 1))))
        if (memcmp(p++, pat, m) == 0)
            return true;
    return false;
}

/* Whether t[0..len) holds a character besides the ASCII digits that \d
 * matches under UCP (Arabic-Indic, Devanagari, fullwidth ... digits).
 * None is below U+0660 (lead byte 0xD9) or in U+2000..U+3FFF (0xE2, 0xE3:
 * dashes, quotes, symbols), where the non-ASCII bytes of news copy are. */
static bool has_uni_digit(const char *t, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)t[i];
        if (c < 0xD9 || c == 0xE2 || c == 0xE3)
            continue;
        uint32_t cp;
        size_t l = cpl_utf8_decode(t + i, len - i, &cp);
        if (utf8proc_category((utf8proc_int32_t)cp) == UTF8PROC_CATEGORY_ND)
            return true;
        if (l > 1)
            i += l - 1;
    }
    return false;
}

/* The bit of three bytes (each already ORed with 0x20) in pf_three. */
static inline uint32_t pf_hash3(uint32_t x)
{
    return (x * 0x9E3779B1u) >> (32 - PF_H3_BITS);
}

static inline void pf_bit_set(uint64_t *set, uint32_t bit)
{
    set[bit / 64] |= (uint64_t)1 << (bit % 64);
}

static inline uint64_t pf_bit(const uint64_t *set, uint32_t bit)
{
    return (set[bit / 64] >> (bit % 64)) & 1;
}

/* Adds literal `lit` (folded, NUL-terminated; PF_WB_* `flags`) to the
 * filters of the places pf_scan() looks at (see struct cpl_ruleset). */
static void pf_filter_add(struct pf_filter *f, const char *lit,
                          uint32_t flags)
{
    const unsigned char *b = (const unsigned char *)lit;
    size_t m = strlen(lit);
    uint32_t x1 = b[0] | 0x20u;
    for (unsigned k = 0; k < 2; k++) {
        if (k == 1 && (flags & PF_WB_BEFORE))
            break;
        if (m == 1)
            for (uint32_t x2 = 0; x2 < 256; x2++)
                pf_bit_set(f->two[k], x1 | x2 << 8);
        else if (m == 2)
            pf_bit_set(f->two[k], x1 | (b[1] | 0x20u) << 8);
        else
            pf_bit_set(f->three[k],
                       pf_hash3(x1 | (b[1] | 0x20u) << 8 |
                                (b[2] | 0x20u) << 16));
    }
    if ((flags & PF_WB_BEFORE) && ascii_word(b[0]))
        return;
    f->has1[x1] = true;
    if (f->nx2[x1] == PF_X2_ANY)
        return;
    if (m == 1) {
        f->nx2[x1] = PF_X2_ANY;
        return;
    }
    unsigned char x2 = (unsigned char)(b[1] | 0x20u);
    for (unsigned i = 0; i < f->nx2[x1]; i++)
        if (f->x2[x1][i] == x2)
            return;
    if (f->nx2[x1] == PF_X2_MAX)
        f->nx2[x1] = PF_X2_ANY;
    else
        f->x2[x1][f->nx2[x1]++] = x2;
}

/* The groups of pf_classify64() from what pf_filter_add() collected. */
static void pf_groups(struct pf_filter *f)
{
    unsigned ncmp = 0;
    f->ngrp = 0;
    f->every = f->first_only = false;
    f->digits = false;
    for (unsigned x1 = '0'; x1 <= '9'; x1++)
        f->digits = f->digits || f->has1[x1];
    for (unsigned x1 = 0; x1 < 256; x1++) {
        if (!f->has1[x1] || (f->digits && x1 >= '0' && x1 <= '9'))
            continue;
        if (f->ngrp == PF_MAX_GROUPS) {
            f->every = true;
            return;
        }
        struct pf_group *g = &f->grp[f->ngrp++];
        g->x1 = (unsigned char)x1;
        g->n2 = f->nx2[x1] == PF_X2_ANY ? 0 : f->nx2[x1];
        memcpy(g->x2, f->x2[x1], g->n2);
        ncmp += 1 + g->n2;
    }
    /* Too many compares: the first bytes alone. Comparing every place
     * with a few first bytes costs less than testing every place in
     * two and three one by one (PF_MAX_GROUPS 8 and a Vale style's 20
     * first bytes made every place a candidate: most of the pass). */
    f->first_only = ncmp > PF_MAX_CMP;
    if (f->first_only)
        for (unsigned i = 0; i < f->ngrp; i++)
            f->grp[i].n2 = 0;
}

int cpl_ruleset_prefilter_mode(const struct cpl_ruleset *rs)
{
    return rs->pf_f.every ? 2 : rs->pf_f.first_only ? 1 : 0;
}

/* Every rule's literals in one folded trie; node.token is the first
 * entry + 1, entries chain by `next`. */
static void pf_build(struct cpl_ruleset *rs)
{
    literal_free(rs->pf);
    free(rs->pf_ent);
    free(rs->pf_l2);
    rs->pf_l2 = NULL;
    rs->pf_ent = NULL;
    rs->npf_ent = rs->cappf_ent = 0;
    struct literal *l = rs->pf = lit_new(true);
    memset(rs->pf_root_any, 0, sizeof(rs->pf_root_any));
    memset(rs->pf_bigram_any, 0, sizeof(rs->pf_bigram_any));
    memset(&rs->pf_f, 0, sizeof(rs->pf_f));
    rs->pf_udigit = false;
    for (size_t ri = 0; ri < rs->nrules; ri++) {
        struct cpl_vrule *r = rs->rules[ri];
        rs->pf_udigit = rs->pf_udigit || (r->npf && r->pf_udigit);
        for (size_t i = 0; i < r->npf; i++) {
            const char *lit = r->pf_lits[i];
            uint32_t node = lit_insert(l, (const unsigned char *)lit + 1);
            uint32_t head = l->nodes[node].token == LIT_NONE
                                ? 0
                                : l->nodes[node].token;
            rs->pf_ent = cpl_xgrow(rs->pf_ent, &rs->cappf_ent,
                                   rs->npf_ent + 1, sizeof(*rs->pf_ent));
            /* Sentence blocks may start or end inside what the whole
             * text sees as a word: no boundary test there. */
            uint32_t flags = r->scope == S_SENTENCE ? 0u
                                                    : (uint32_t)(lit[0] - '@');
            rs->pf_ent[rs->npf_ent] = (struct pf_entry){
                (uint32_t)ri, head, (uint32_t)strlen(lit + 1), flags};
            l->nodes[node].token = (uint32_t)++rs->npf_ent;
            pf_filter_add(&rs->pf_f, lit + 1, flags);
            if (!(flags & PF_WB_BEFORE)) {
                unsigned c1 = lit_fold(l, (unsigned char)lit[1]);
                if (!lit[2])
                    rs->pf_root_any[c1] = true;
                else {
                    unsigned bit = c1 << 8 | lit_fold(l, (unsigned char)lit[2]);
                    rs->pf_bigram_any[bit / 64] |= (uint64_t)1 << (bit % 64);
                }
            }
        }
    }
    lit_index(l);
    pf_groups(&rs->pf_f);
    for (unsigned c = 0; c < 256; c++) {
        unsigned c1 = lit_fold(l, (unsigned char)c);
        bool inner = rs->pf_root_any[c1];
        for (unsigned w = 0; w < 256 / 64 && !inner; w++)
            inner = rs->pf_bigram_any[(c1 << 8) / 64 + w] != 0;
        rs->pf_first[c] = (uint8_t)((l->root[c1] ? PF_FIRST_ANY : 0) |
                                    (inner ? PF_FIRST_INNER : 0) |
                                    (!inner && ascii_word((unsigned char)c)
                                         ? PF_WORD_PASS
                                         : 0));
    }
    memset(rs->pf_cls, 0, sizeof(rs->pf_cls));
    uint32_t ncls = 1;
    for (size_t i = 1; i < l->n; i++)
        if (!rs->pf_cls[l->nodes[i].byte])
            rs->pf_cls[l->nodes[i].byte] = (uint8_t)ncls++;
    for (unsigned c = 'A'; c <= 'Z'; c++)
        rs->pf_cls[c] = rs->pf_cls[c + 32];
    rs->pf_ncls = ncls;
    free(rs->pf_l2);
    rs->pf_l2 = cpl_xcalloc((size_t)ncls * ncls, sizeof(uint32_t));
    for (unsigned b1 = 0; b1 < 256; b1++) {
        uint32_t n1 = l->root[b1];
        if (!n1)
            continue;
        for (uint32_t i = 0; i < l->nodes[n1].nchild; i++) {
            uint32_t n2 = l->nodes[n1].child + i;
            rs->pf_l2[rs->pf_cls[b1] * ncls + rs->pf_cls[l->nodes[n2].byte]] =
                n2;
        }
    }
}

/*
 * The prefilter's work at byte p of the document (inword: the byte
 * before is an ASCII word byte): walk the trie of every rule's literals
 * from p; each literal found adds p to its rule's hits (once per rule
 * and position), as a struct cand (a: p, b: the rule) in pf_tmp[*n].
 */
static inline void pf_at(struct cpl_rule_scratch *s, const copylint_doc *doc,
                         size_t p, bool inword, size_t *n)
{
    const struct cpl_ruleset *rs = s->rs;
    const struct literal *l = rs->pf;
    const unsigned char *t = (const unsigned char *)doc->text;
    const char *subj = doc->text;
    size_t len = doc->len;
    if (!(rs->pf_first[t[p]] & (inword ? PF_FIRST_INNER : PF_FIRST_ANY)))
        return;
    uint32_t node = l->root[lit_fold(l, t[p])];
    if (inword) {
        /* Inside a word: only the literals that need no word start
         * (a test of the first one or two bytes), then the walk. */
        unsigned c1 = lit_fold(l, t[p]);
        unsigned bit = p + 1 < len ? c1 << 8 | lit_fold(l, t[p + 1]) : 0;
        if (!rs->pf_root_any[c1] &&
            !(p + 1 < len && (rs->pf_bigram_any[bit / 64] >> (bit % 64)) & 1))
            return;
    } else if (!lit_may_start(l, node, t, p, len))
        return;
    int wb_before = -1; /* unknown yet */
    for (size_t q = p; node;) {
        const struct lit_node *nd = &l->nodes[node];
        int wb_after = -1;
        for (uint32_t e = nd->token == LIT_NONE ? 0 : nd->token; e;
             e = rs->pf_ent[e - 1].next) {
            const struct pf_entry *pe = &rs->pf_ent[e - 1];
            uint32_t ri = pe->rule;
            if (s->pf_last[ri] == (uint32_t)p)
                continue;
            if (pe->flags & PF_WB_BEFORE) {
                if (wb_before < 0) {
                    size_t st;
                    wb_before = p == doc->start ||
                                !pcre_word(t[p - 1] < 0x80
                                               ? t[p - 1]
                                               : cpl_utf8_prev(subj, p, &st));
                }
                if (!wb_before)
                    continue;
            }
            if (pe->flags & PF_WB_AFTER) {
                if (wb_after < 0) {
                    uint32_t next = 0;
                    if (q + 1 < len)
                        cpl_utf8_decode(subj + q + 1, len - q - 1, &next);
                    wb_after = q + 1 >= len || !pcre_word(next);
                }
                if (!wb_after)
                    continue;
            }
            s->pf_last[ri] = (uint32_t)p;
            s->pf_tmp = cpl_xgrow(s->pf_tmp, &s->cap_tmp, *n + 1,
                                  sizeof(*s->pf_tmp));
            s->pf_tmp[(*n)++] = (struct cand){(uint32_t)p, ri, 0};
            s->pf_cnt[ri + 1]++;
        }
        if (++q >= len)
            break;
        if (q == p + 1) {
            uint32_t c2 = rs->pf_cls[t[q]];
            node = c2 ? rs->pf_l2[rs->pf_cls[t[p]] * rs->pf_ncls + c2] : 0;
            continue;
        }
        node = lit_child(l, node, lit_fold(l, t[q]));
    }
}

/* The reference pass: pf_at() at every byte but those inside an ASCII
 * word that start no literal there (tests hold pf_scan_words() to it). */
static void pf_scan_bytes(struct cpl_rule_scratch *s, const copylint_doc *doc,
                          size_t *n)
{
    const struct cpl_ruleset *rs = s->rs;
    const unsigned char *t = (const unsigned char *)doc->text;
    size_t len = doc->len;
    bool prev_word = false; /* t[p - 1] is an ASCII word byte */
    for (size_t p = doc->start; p < len; p++) {
        bool inword = prev_word;
        /* Inside an ASCII word, the bytes that start no literal there
         * are passed over in one tight loop. inword stays true: each
         * byte passed over is a word byte. */
        if (inword)
            while (p < len && (rs->pf_first[t[p]] & PF_WORD_PASS))
                p++;
        if (p >= len)
            break;
        prev_word = ascii_word(t[p]);
        pf_at(s, doc, p, inword, n);
    }
}

/* 64 bytes from p (p[64] readable too): `word`, the ASCII word bytes
 * (letters, digits, _), and `inner`, the places where a literal may
 * start that needs no word start or starts with a byte that is no word
 * byte, by the groups f->grp (all places when f->every). */
static void pf_classify64(const struct pf_filter *flt, const unsigned char *p,
                          uint64_t *word, uint64_t *inner)
{
    uint64_t w = 0, in = flt->every ? ~(uint64_t)0 : 0;
    unsigned ngrp = flt->every ? 0 : flt->ngrp;
#ifdef __SSE2__
    const __m128i d0 = _mm_set1_epi8('0' - 1), d9 = _mm_set1_epi8('9' + 1),
                  la = _mm_set1_epi8('a' - 1), lz = _mm_set1_epi8('z' + 1),
                  us = _mm_set1_epi8('_'), sp = _mm_set1_epi8(0x20);
    for (unsigned k = 0; k < 4; k++) {
        const unsigned char *q = p + (size_t)16 * k;
        __m128i x = _mm_loadu_si128((const __m128i *)(const void *)q);
        __m128i f = _mm_or_si128(x, sp);
        /* Signed compares: bytes from 0x80 are below every bound. */
        __m128i dg =
            _mm_and_si128(_mm_cmpgt_epi8(x, d0), _mm_cmpgt_epi8(d9, x));
        __m128i m = _mm_or_si128(
            dg, _mm_or_si128(_mm_and_si128(_mm_cmpgt_epi8(f, la),
                                           _mm_cmpgt_epi8(lz, f)),
                             _mm_cmpeq_epi8(x, us)));
        w |= (uint64_t)(unsigned)_mm_movemask_epi8(m) << (16 * k);
        if (flt->digits)
            in |= (uint64_t)(unsigned)_mm_movemask_epi8(dg) << (16 * k);
        if (!ngrp)
            continue;
        __m128i f2 = _mm_or_si128(
            _mm_loadu_si128((const __m128i *)(const void *)(q + 1)), sp);
        __m128i e = _mm_setzero_si128();
        for (unsigned i = 0; i < ngrp; i++) {
            const struct pf_group *g = &flt->grp[i];
            __m128i e1 = _mm_cmpeq_epi8(f, _mm_set1_epi8((char)g->x1));
            if (g->n2) {
                __m128i e2 = _mm_setzero_si128();
                for (unsigned j = 0; j < g->n2; j++)
                    e2 = _mm_or_si128(
                        e2, _mm_cmpeq_epi8(f2, _mm_set1_epi8((char)g->x2[j])));
                e1 = _mm_and_si128(e1, e2);
            }
            e = _mm_or_si128(e, e1);
        }
        in |= (uint64_t)(unsigned)_mm_movemask_epi8(e) << (16 * k);
    }
#else
    for (unsigned k = 0; k < 64; k++) {
        unsigned x1 = p[k] | 0x20u, x2 = p[k + 1] | 0x20u;
        w |= (uint64_t)ascii_word(p[k]) << k;
        in |= (uint64_t)(flt->digits && p[k] >= '0' && p[k] <= '9') << k;
        for (unsigned i = 0; i < ngrp; i++) {
            const struct pf_group *g = &flt->grp[i];
            bool hit = x1 == g->x1 && !g->n2;
            for (unsigned j = 0; x1 == g->x1 && j < g->n2; j++)
                hit |= x2 == g->x2[j];
            in |= (uint64_t)hit << k;
        }
    }
#endif
    *word = w;
    *inner = in;
}

/*
 * The pass of pf_scan(), 64 bytes at a time: pf_at() does something only
 * at a word start (an ASCII word byte after none) or where a literal may
 * start inside a word or with a byte that is no word byte (pf_inner);
 * each such place then passes only if the bytes from it may begin a
 * literal of the right kind (pf_two, pf_three). What remains goes to
 * pf_at(), in text order: the hits are those of pf_scan_bytes().
 */
static void pf_scan_words(struct cpl_rule_scratch *s, const copylint_doc *doc,
                          size_t *n)
{
    const struct cpl_ruleset *rs = s->rs;
    const unsigned char *t = (const unsigned char *)doc->text;
    size_t len = doc->len;
    const struct pf_filter *f =
        s->pf_var ? rs->pf_var[s->pf_var - 1] : &rs->pf_f;
    uint64_t carry = 0; /* bit 0: the last block's last byte is a word byte */
    for (size_t b = doc->start; b < len; b += 64) {
        size_t nb = len - b < 64 ? len - b : 64;
        unsigned char buf[64 + 2];
        const unsigned char *p = t + b;
        /* The next three bytes of each place are read from p, and after
         * the document's end they are 0. */
        if (len - b < sizeof(buf)) {
            memset(buf, 0, sizeof(buf));
            memcpy(buf, t + b, len - b);
            p = buf;
        }
        uint64_t word, inner;
        pf_classify64(f, p, &word, &inner);
        uint64_t valid = nb == 64 ? ~(uint64_t)0 : ((uint64_t)1 << nb) - 1;
        uint64_t before = word << 1 | carry; /* inside a word */
        carry = word >> 63;
        uint64_t cand = ((word & ~before) | inner) & valid, keep = 0;
        while (cand) {
            unsigned i = (unsigned)__builtin_ctzll(cand);
            cand &= cand - 1;
            unsigned k = (unsigned)(before >> i) & 1;
            uint32_t x = (p[i] | 0x20u) | (p[i + 1] | 0x20u) << 8 |
                         (p[i + 2] | 0x20u) << 16;
            keep |= (pf_bit(f->two[k], x & 0xFFFF) |
                     pf_bit(f->three[k], pf_hash3(x)))
                    << i;
        }
        while (keep) {
            unsigned i = (unsigned)__builtin_ctzll(keep);
            keep &= keep - 1;
            pf_at(s, doc, b + i, (before >> i) & 1, n);
        }
    }
}

/*
 * One pass over the document for every rule's literals (pf_scan_words(),
 * or the reference pf_scan_bytes() in tests); hits are then grouped by
 * rule, in text order.
 */
static void pf_scan(struct cpl_rule_scratch *s, const copylint_doc *doc)
{
    const struct cpl_ruleset *rs = s->rs;
    const unsigned char *t = (const unsigned char *)doc->text;
    size_t len = doc->len;
    s->have_pf = true;
    s->pf_cnt = cpl_xrealloc(s->pf_cnt, (rs->nrules + 1) * sizeof(uint32_t));
    memset(s->pf_cnt, 0, (rs->nrules + 1) * sizeof(uint32_t));
    s->pf_last = cpl_xrealloc(s->pf_last, (rs->nrules + 1) * sizeof(uint32_t));
    memset(s->pf_last, 0xff, (rs->nrules + 1) * sizeof(uint32_t));
    size_t n = 0;
    /* Caseless UCP matching lets ASCII k and s match U+212A KELVIN SIGN
     * and U+017F LONG S, which the folded trie does not see: such a
     * document runs every rule on its whole text. */
    s->pf_all = rs->no_prefilter ||
                (!s->ascii && (has_bytes(t, len, "\xE2\x84\xAA") ||
                               has_bytes(t, len, "\xC5\xBF")));
    s->pf_ndigit = rs->pf_udigit && !s->ascii && !s->pf_all &&
                   has_uni_digit(doc->text + doc->start, len - doc->start);
    if (rs->pf && !s->pf_all) {
        if (rs->pf_bytewise)
            pf_scan_bytes(s, doc, &n);
        else
            pf_scan_words(s, doc, &n);
    }
    for (size_t i = 0; i < rs->nrules; i++)
        s->pf_cnt[i + 1] += s->pf_cnt[i];
    s->pf_hits = cpl_xgrow(s->pf_hits, &s->cap_hits, n + 1,
                           sizeof(*s->pf_hits));
    memset(s->pf_last, 0, (rs->nrules + 1) * sizeof(uint32_t));
    for (size_t i = 0; i < n; i++) {
        uint32_t ri = s->pf_tmp[i].b;
        s->pf_hits[s->pf_cnt[ri] + s->pf_last[ri]++] = s->pf_tmp[i].a;
    }
}

/* `k` characters back from byte `p` of subj, not before `lo`. */
static size_t pf_back(const char *subj, size_t p, uint32_t k, size_t lo)
{
    while (k-- && p > lo) {
        p--;
        while (p > lo && ((unsigned char)subj[p] & 0xC0) == 0x80)
            p--;
    }
    return p;
}

/* Whether the character subj[q..p) is one of st's stop characters; one
 * that does not decode is not (that only makes a window longer). */
static bool pf_stop_mb(const struct pf_stop *st, const char *subj, size_t q,
                       size_t p)
{
    uint32_t cp;
    if (cpl_utf8_decode(subj + q, p - q, &cp) != p - q)
        return false;
    for (uint32_t i = 0; i < st->ncps; i++)
        if (st->cps[i] == cp)
            return (st->cp_in >> i) & 1;
    return st->other;
}

/* Where a window for the hit at byte p of subj starts when a match holds
 * at most k of st's stop characters before its literal (see "required-
 * literal prefilter"): just after the (k + 1)-th one before p, not before
 * lo. */
static size_t pf_back_stop(const struct pf_stop *st, const char *subj,
                           size_t p, uint32_t k, size_t lo)
{
    const unsigned char *t = (const unsigned char *)subj;
    while (p > lo) {
        size_t q = p - 1;
        bool in;
        if (t[q] < 0x80)
            in = (st->ascii[t[q] >> 6] >> (t[q] & 63)) & 1;
        else {
            while (q > lo && (t[q] & 0xC0) == 0x80)
                q--;
            in = st->nonascii && pf_stop_mb(st, subj, q, p);
        }
        if (in && k-- == 0)
            return p;
        p = q;
    }
    return lo;
}

static yaml_node_t *map_get(struct loader *ld, yaml_node_t *map,
                            const char *key, yaml_node_t **keynode)
{
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
         p < map->data.mapping.pairs.top; p++) {
        yaml_node_t *k = ynode(ld, p->key);
        const char *ks = scalar(k);
        if (ks && strcmp(ks, key) == 0) {
            if (keynode)
                *keynode = k;
            return ynode(ld, p->value);
        }
    }
    return NULL;
}

static void rule_free(struct cpl_vrule *r)
{
    if (!r)
        return;
    pcre2_code_free(r->lead_re);
    pcre2_code_free(r->lead_anch);
    pcre2_code_free(r->lead_cls);
    pcre2_code_free(r->tail);
    pcre2_code_free(r->second_tail);
    free(r->id);
    free(r->style);
    free(r->summary);
    free(r->path);
    free(r->message);
    free(r->link);
    pcre2_code_free(r->re);
    pcre2_code_free(r->second);
    pcre2_code_free(r->except);
    if (r->except_words) {
        cpl_strset_release(r->except_words);
        free(r->except_words);
    }
    for (size_t i = 0; i < r->nswaps; i++) {
        free(r->swaps[i].expected);
        pcre2_code_free(r->swaps[i].expect_re);
        free_list(r->swaps[i].alts, r->swaps[i].nalts);
        free(r->swaps[i].sentence);
    }
    free(r->swap_message);
    free(r->swaps);
    for (size_t i = 0; i < r->npairs; i++)
        pcre2_code_free(r->pairs[i]);
    free(r->pairs);
    if (r->cons_toks)
        free_list(r->cons_toks, 2 * r->npairs);
    free_list(r->indicators, r->nindicators);
    pcre2_code_free(r->cap_re);
    pcre2_code_free(r->words_re);
    free_list(r->params, r->nparams);
    pcre2_code_free(r->edit_re);
    free(r->fix);
    free_list(r->bad, r->nbad);
    free_list(r->good, r->ngood);
    free(r->prefixes);
    for (size_t i = 0; i < r->ntwins; i++)
        pcre2_code_free(r->twins[i].ascii);
    free(r->twins);
    literal_free(r->lit);
    free_list(r->lit_toks, r->nlit_toks);
    pcre2_code_free(r->lit_re);
    free(r->lit_idx);
    free(r->re_src);
    free(r->lit_src);
    free(r->jit_codes);
    free_list(r->pf_lits, r->npf);
    free(r->pf_stop);
    free(r->match_sig);
    free(r);
}

/* Vale: a phrase (has a space) is compared as text, anything else as a
 * regex anchored at both ends. */
static void add_swap(struct loader *ld, struct cpl_vrule *r, const char *val,
                     yaml_node_t *node)
{
    struct swap *sw = &r->swaps[r->nswaps++];
    sw->expected = cpl_xstrdup(val);
    sw->expect_re = NULL;
    if (strchr(val, ' '))
        return;
    struct pat p = {0};
    pat_str(&p, "^(?:");
    pat_str(&p, val);
    pat_str(&p, ")$");
    int err;
    PCRE2_SIZE eoff;
    sw->expect_re = pcre2_compile(
        (PCRE2_SPTR)p.s, p.len,
        PCRE2_UTF | PCRE2_UCP | (r->ignorecase ? PCRE2_CASELESS : 0), &err,
        &eoff, NULL);
    (void)ld;
    (void)node;
    pat_release(&p);
}

static enum vaction parse_action(struct loader *ld, struct cpl_vrule *r,
                                 yaml_node_t *n)
{
    if (n->type != YAML_MAPPING_NODE) {
        ERR(ld, n, "'action' must be a mapping with 'name' and 'params'");
        return A_NONE;
    }
    yaml_node_t *name = map_get(ld, n, "name", NULL);
    yaml_node_t *params = map_get(ld, n, "params", NULL);
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
         p < n->data.mapping.pairs.top; p++) {
        const char *k = scalar(ynode(ld, p->key));
        if (!k || (strcmp(k, "name") != 0 && strcmp(k, "params") != 0))
            ERR(ld, ynode(ld, p->key), "unknown key '%s' in 'action'",
                k ? k : "?");
    }
    const char *nm = scalar(name);
    if (!nm) {
        ERR(ld, n, "'action' needs a 'name'");
        return A_NONE;
    }
    if (params && !get_list(ld, params, "params", &r->params, &r->nparams,
                            NULL))
        return A_NONE;
    if (strcmp(nm, "replace") == 0)
        return A_REPLACE;
    if (strcmp(nm, "remove") == 0)
        return A_REMOVE;
    if (strcmp(nm, "edit") == 0) {
        static const struct {
            const char *op;
            size_t nparams;
        } ops[] = {{"regex", 3}, {"trim_right", 2}, {"trim_left", 2},
                   {"trim", 2},  {"truncate", 2},   {"split", 3}};
        for (size_t i = 0; r->nparams && i < 6; i++)
            if (strcmp(r->params[0], ops[i].op) == 0) {
                if (r->nparams != ops[i].nparams) {
                    ERR(ld, params, "action 'edit' '%s' takes %zu parameters",
                        ops[i].op, ops[i].nparams - 1);
                    return A_NONE;
                }
                if (i == 0) {
                    /* `action` given twice: the last one wins. */
                    forget_code(r, r->edit_re);
                    r->edit_re = compile_one(ld, "", r->params[1], "", 0,
                                             params);
                    if (!r->edit_re)
                        return A_NONE;
                }
                if (i == 5) {
                    char *end;
                    long v = strtol(r->params[2], &end, 10);
                    if (*end || v < 0) {
                        ERR(ld, params, "action 'edit' 'split' needs an index");
                        return A_NONE;
                    }
                }
                return A_EDIT;
            }
        ERR(ld, params ? params : n,
            "action 'edit' needs regex, trim_right, trim_left, trim, "
            "truncate or split");
        return A_NONE;
    }
    if (strcmp(nm, "suggest") == 0 || strcmp(nm, "convert") == 0) {
        UNSUP(ld, name, "action '%s' is not supported (no fix offered)", nm);
        return A_NONE;
    }
    ERR(ld, name, "unknown action '%s' (replace, remove, edit)", nm);
    return A_NONE;
}

static void parse_test(struct loader *ld, struct cpl_vrule *r, yaml_node_t *n)
{
    if (n->type != YAML_MAPPING_NODE) {
        ERR(ld, n, "'test' must be a mapping with 'bad' and 'good' lists");
        return;
    }
    for (yaml_node_pair_t *p = n->data.mapping.pairs.start;
         p < n->data.mapping.pairs.top; p++) {
        yaml_node_t *k = ynode(ld, p->key), *v = ynode(ld, p->value);
        const char *ks = scalar(k);
        if (ks && strcmp(ks, "bad") == 0)
            get_list(ld, v, "bad", &r->bad, &r->nbad, NULL);
        else if (ks && strcmp(ks, "good") == 0)
            get_list(ld, v, "good", &r->good, &r->ngood, NULL);
        else
            ERR(ld, k, "unknown key '%s' in 'test' (bad, good)",
                ks ? ks : "?");
    }
}

static bool parse_scope(struct loader *ld, struct cpl_vrule *r,
                        yaml_node_t *n)
{
    char **list = NULL;
    size_t nlist = 0;
    yaml_node_t **nodes = NULL;
    if (!get_list(ld, n, "scope", &list, &nlist, &nodes))
        return false;
    bool ok = true, have = false;
    for (size_t i = 0; i < nlist; i++) {
        const char *s = list[i];
        enum vscope sc;
        if (s[0] == '~')
            continue; /* plain text has no headings, code or tables */
        if (strcmp(s, "text") == 0 || strcmp(s, "raw") == 0 ||
            strcmp(s, "summary") == 0)
            sc = S_TEXT;
        else if (strcmp(s, "paragraph") == 0)
            sc = S_PARAGRAPH;
        else if (strcmp(s, "sentence") == 0)
            sc = S_SENTENCE;
        else {
            static const char *const markup[] = {
                "heading", "table", "list", "blockquote", "code", "comment",
                "alt",     "title", "link", "attr",       "strong",
                "emphasis", NULL};
            bool known = false;
            for (size_t m = 0; markup[m]; m++)
                if (strncmp(s, markup[m], strlen(markup[m])) == 0)
                    known = true;
            if (known)
                UNSUP(ld, nodes[i],
                      "scope '%s' is not supported in plain text; rule "
                      "skipped",
                      s);
            else
                ERR(ld, nodes[i],
                    "unknown scope '%s' (text, paragraph, sentence); rule "
                    "skipped",
                    s);
            ok = false;
            break;
        }
        if (!have)
            r->scope = sc;
        have = true;
    }
    free(nodes);
    free_list(list, nlist);
    return ok;
}

/* "Avoid '%s'." → "Avoid '…'." for --list-rules. */
static char *summary_of(const char *msg)
{
    struct pat p = {0};
    for (const char *c = msg; *c; c++) {
        if (c[0] == '%' && c[1] == 's') {
            pat_str(&p, "…");
            c++;
        } else if (c[0] == '%' && c[1] == '%') {
            pat_str(&p, "%");
            c++;
        } else if (*c == '\n') {
            pat_str(&p, " ");
        } else {
            pat_add(&p, c, 1);
        }
    }
    if (!p.s)
        pat_str(&p, "");
    free(p.pieces);
    return p.s;
}

/* A token of ASCII letters, digits, spaces, hyphens and apostrophes that
 * starts with a letter or digit: no regex syntax at all. */
static bool plain_token(const char *t)
{
    if (!isalnum((unsigned char)t[0]) || (unsigned char)t[0] >= 0x80)
        return false;
    for (const char *c = t; *c; c++)
        if ((unsigned char)*c >= 0x80 ||
            !(isalnum((unsigned char)*c) || strchr(" '-", *c)))
            return false;
    return true;
}

/*
 * The token alternation t1|t2|... with each run of consecutive plain
 * tokens grouped by first character: `beat|become|been` -> `b(?:eat|
 * ecome|een)`. PCRE2 tries alternatives one by one (write-good Passive
 * has 170 after its raw part), and a token whose first character does
 * not match costs a try each. The match is the same: at one place, two
 * plain tokens with different first characters (folded when caseless;
 * ASCII letters fold only to themselves, the Kelvin and long-s signs
 * aside, which no plain token starts with) cannot both match, so only
 * the order of tokens with the same first character matters, and that
 * order is kept; other tokens stay where they were, between the runs.
 * NULL when a token has a capture group (the groups would be
 * renumbered) or nothing would be grouped.
 */
static char *factored_tokens(char **tokens, size_t ntok, bool fold)
{
    for (size_t i = 0; i < ntok; i++)
        if (has_capture(tokens[i]))
            return NULL;
    struct pat p = {0};
    bool grouped = false;
    bool *done = cpl_xcalloc(ntok + 1, sizeof(*done));
    size_t nout = 0;
    for (size_t i = 0; i < ntok; i++) {
        const char *t = tokens[i];
        bool blank = true;
        for (const char *c = t; *c; c++)
            if (!isspace((unsigned char)*c))
                blank = false;
        if (blank || done[i])
            continue;
        if (nout++)
            pat_str(&p, "|");
        if (!plain_token(t)) {
            pat_str(&p, t);
            continue;
        }
        /* The run of plain tokens from i: those with t's first
         * character, in order. */
        unsigned char c0 = (unsigned char)t[0];
        size_t ng = 0;
        for (size_t j = i; j < ntok && plain_token(tokens[j]); j++)
            if (!done[j] && (fold ? tolower((unsigned char)tokens[j][0]) ==
                                        tolower(c0)
                                  : (unsigned char)tokens[j][0] == c0))
                ng++;
        if (ng == 1) {
            pat_str(&p, t);
            done[i] = true;
            continue;
        }
        grouped = true;
        pat_add(&p, t, 1);
        pat_str(&p, "(?:");
        size_t k = 0;
        for (size_t j = i; j < ntok && plain_token(tokens[j]); j++)
            if (!done[j] && (fold ? tolower((unsigned char)tokens[j][0]) ==
                                        tolower(c0)
                                  : (unsigned char)tokens[j][0] == c0)) {
                if (k++)
                    pat_str(&p, "|");
                pat_str(&p, tokens[j] + 1);
                done[j] = true;
            }
        pat_str(&p, ")");
    }
    free(done);
    free(p.pieces);
    if (!grouped) {
        free(p.s);
        return NULL;
    }
    return p.s;
}

static bool build_existence(struct loader *ld, struct cpl_vrule *r,
                            char **tokens, size_t ntok, yaml_node_t **tnodes,
                            char **raw, size_t nraw, yaml_node_t **rnodes,
                            bool append)
{
    struct pat p = {0};
    size_t nt = 0;
    const char **texts = cpl_xcalloc(ntok + nraw + 1, sizeof(*texts));
    bool word = !r->nonword && ntok > 0;
    size_t k = 0;
    if (!append)
        for (size_t i = 0; i < nraw; i++) {
            pat_fragment(&p, raw[i], rnodes[i]);
            texts[k++] = raw[i];
        }
    pat_str(&p, word ? "\\b(?:" : "(?:");
    for (size_t i = 0; i < ntok; i++) {
        const char *t = tokens[i];
        bool blank = true;
        for (const char *c = t; *c; c++)
            if (!isspace((unsigned char)*c))
                blank = false;
        if (blank)
            continue;
        if (nt++)
            pat_str(&p, "|");
        pat_piece(&p, t, tnodes[i]);
        texts[k++] = t;
    }
    pat_str(&p, word ? ")\\b" : ")");
    if (append)
        for (size_t i = 0; i < nraw; i++) {
            pat_fragment(&p, raw[i], rnodes[i]);
            texts[k++] = raw[i];
        }
    uint32_t opts = PCRE2_MULTILINE | (r->ignorecase ? PCRE2_CASELESS : 0);
    /* Tokens that are not matched by a trie (below): grouped by first
     * character when that keeps the match (factored_tokens). */
    char *fact = r->fix || (word && nraw == 0)
                     ? NULL
                     : factored_tokens(tokens, ntok, r->ignorecase);
    if (fact) {
        struct pat f = {0};
        if (!append)
            for (size_t i = 0; i < nraw; i++)
                pat_str(&f, raw[i]);
        pat_str(&f, word ? "\\b(?:" : "(?:");
        pat_str(&f, fact);
        pat_str(&f, word ? ")\\b" : ")");
        if (append)
            for (size_t i = 0; i < nraw; i++)
                pat_str(&f, raw[i]);
        int err;
        PCRE2_SIZE eoff;
        pcre2_code *probe = pcre2_compile(
            (PCRE2_SPTR)f.s, f.len, opts | PCRE2_UTF | PCRE2_UCP, &err,
            &eoff, NULL);
        if (probe)
            r->re = compile(ld, f.s, f.len, opts, NULL, 0, NULL, NULL);
        pcre2_code_free(probe);
        pat_release(&f);
        free(fact);
    }
    if (!r->re)
        r->re = compile(ld, p.s, p.len, opts, p.pieces, p.npieces, texts,
                        ntok ? tnodes[0] : nraw ? rnodes[0] : NULL);
    keep_src(ld, r);
    /* Prefilter: word tokens, with no raw part in front of them. */
    if (r->re && nt > 0 && (nraw == 0 || append))
        set_prefixes(r, tokens, ntok, !word);
    if (r->re && word && nraw == 0 && !r->fix) {
        char **lits = cpl_xcalloc(nt + 1, sizeof(*lits));
        size_t k2 = 0;
        for (size_t i = 0; i < ntok; i++) {
            bool blank = true;
            for (const char *c = tokens[i]; *c; c++)
                if (!isspace((unsigned char)*c))
                    blank = false;
            if (!blank)
                lits[k2++] = tokens[i];
        }
        attach_literals(ld, r, lits, k2);
        free(lits);
    }
    else if (r->re && nt == 0 && nraw > 0 && !append) {
        /* raw only: usable when it is one piece (the whole pattern). */
        char *joined = NULL;
        struct pat j = {0};
        for (size_t i = 0; i < nraw; i++)
            pat_str(&j, raw[i]);
        joined = j.s;
        if (joined)
            set_prefixes(r, &joined, 1, true);
        pat_release(&j);
    }
    free(texts);
    pat_release(&p);
    return r->re != NULL;
}

/* Loads one rule from a parsed document. */
/*
 * Lead-class skipping. When a pattern must begin with a run of one class
 * C (`[^\s,]+` in Microsoft's OxfordComma, `(?:[^\s,]+,){1,} \w+ and`),
 * PCRE2 tries it at every position inside each run of C and each try reads
 * to the end of the run. But a match that starts at p, where the
 * character before p is in C, gives a match at p - 1 too (the leading run
 * takes one more character, and the rest is unchanged): so the leftmost
 * match from a search start s is at s or after a character not in C, and
 * `(?:\G|(?<!C))(?:P)` finds exactly the match P finds, from any start
 * (\G lets the search start itself through). lead_class() accepts only
 * what this argument covers: the first item is C+ or C{n,} (n >= 1),
 * possibly inside groups without alternatives whose quantifier repeats
 * at least once; no back-references, atomic groups, possessive
 * quantifiers, verbs, conditionals, recursion, \G or option changes
 * other than (?m), which would let the captured text or the path matter.
 * Returns C's source (free it), or NULL.
 */
/* For the two scanners below: whether s[*j] of a pattern's source is
 * syntax outside a [class] and not escaped. Steps *j onto the escaped
 * character of an escape, and over the `^` and a leading `]` of a class
 * it opens; *cls says whether a class is open. */
static bool pattern_syntax_at(const char *s, size_t *j, bool *cls)
{
    if (s[*j] == '\\') {
        (*j)++;
        return false;
    }
    if (*cls) {
        if (s[*j] == ']')
            *cls = false;
        return false;
    }
    if (s[*j] != '[')
        return true;
    *cls = true;
    if (s[*j + 1] == '^')
        (*j)++;
    if (s[*j + 1] == ']')
        (*j)++;
    return false;
}

static size_t group_end(const char *s, size_t i)
{
    /* s[i] is '('; the index of its ')' or 0. */
    int depth = 0;
    bool cls = false;
    for (size_t j = i; s[j]; j++) {
        if (!pattern_syntax_at(s, &j, &cls)) {
            if (!s[j])
                return 0; /* a trailing backslash */
            continue;
        }
        if (s[j] == '(')
            depth++;
        else if (s[j] == ')' && --depth == 0)
            return j;
    }
    return 0;
}

static bool has_top_bar(const char *s, size_t a, size_t b)
{
    int depth = 0;
    bool cls = false;
    for (size_t j = a; j < b; j++) {
        if (!pattern_syntax_at(s, &j, &cls))
            continue;
        if (s[j] == '(')
            depth++;
        else if (s[j] == ')')
            depth--;
        else if (s[j] == '|' && depth == 0)
            return true;
    }
    return false;
}

static char *lead_class(const char *s)
{
    size_t n = strlen(s);
    for (size_t j = 0; j + 1 < n; j++) {
        char c = s[j], d = s[j + 1];
        if (c == '\\') {
            if (strchr("123456789gkGQEKRX", d))
                return NULL;
            j++;
            continue;
        }
        if (c == '(' && (d == '*' || (d == '?' && s[j + 2] != ':' &&
                                      strncmp(s + j, "(?m)", 4) != 0)))
            return NULL; /* verbs, atomic, lookaround first, options... */
        if ((c == '+' || c == '*' || c == '?' || c == '}') && d == '+')
            return NULL; /* possessive (or an escaped '+': refused too) */
    }
    if (has_top_bar(s, 0, n))
        return NULL;
    size_t i = 0;
    for (;;) {
        if (strncmp(s + i, "(?m)", 4) == 0) {
            i += 4;
            continue;
        }
        if (s[i] == '(') {
            size_t e = group_end(s, i);
            size_t in = s[i + 1] == '?' ? i + 3 : i + 1;
            if (!e || has_top_bar(s, in, e))
                return NULL;
            char q = s[e + 1];
            if (q == '*' || q == '?' ||
                (q == '{' && (s[e + 2] == '0' || s[e + 2] == ',')))
                return NULL;
            i = in;
            continue;
        }
        break;
    }
    size_t a = i, b;
    if (s[i] == '[') {
        size_t j = i + 1;
        if (s[j] == '^')
            j++;
        if (s[j] == ']')
            j++;
        while (s[j] && s[j] != ']') {
            if (s[j] == '\\' && s[j + 1])
                j++;
            else if (s[j] == '[' && s[j + 1] == ':') {
                const char *e = strstr(s + j, ":]");
                if (!e)
                    return NULL;
                j = (size_t)(e - s) + 1;
            }
            j++;
        }
        if (!s[j])
            return NULL;
        b = j + 1;
    } else if (s[i] == '\\' && s[i + 1] && strchr("wWdDsS", s[i + 1]))
        b = i + 2;
    else
        return NULL;
    /* Unbounded, at least once. */
    if (s[b] == '+')
        ;
    else if (s[b] == '{' && s[b + 1] >= '1' && s[b + 1] <= '9') {
        size_t j = b + 1;
        while (isdigit((unsigned char)s[j]))
            j++;
        if (s[j] != ',' || s[j + 1] != '}')
            return NULL;
    } else
        return NULL;
    return cpl_xstrndup(s + a, b - a);
}

/* One of the lead-class patterns, JIT-compiled later like the others, or
 * NULL. */
static pcre2_code *lead_compile(struct cpl_vrule *r, const char *pat,
                                uint32_t opts)
{
    int err;
    PCRE2_SIZE eoff;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED,
                                   opts, &err, &eoff, NULL);
    if (re) {
        jit_later(r, re);
        add_ascii_twin(r, re, pat, strlen(pat), opts);
    }
    return re;
}

/* Gives the rule its lead-class patterns when lead_class() allows them. */
static void add_lead(struct cpl_vrule *r)
{
    if (!r->re || !r->re_src || r->lit)
        return;
    char *cls = lead_class(r->re_src);
    if (!cls)
        return;
    uint32_t opts = 0;
    pcre2_pattern_info(r->re, PCRE2_INFO_ARGOPTIONS, &opts);
    /* The lookbehind goes first, where PCRE2's start-of-match
     * optimisation looks past it (a leading \G alternative would stop
     * that); the search start itself is the anchored pattern's job. */
    char *pat = cpl_xasprintf("(?<!%s)(?:%s)", cls, r->re_src);
    r->lead_re = lead_compile(r, pat, opts);
    free(pat);
    r->lead_anch = lead_compile(r, r->re_src, opts | PCRE2_ANCHORED);
    r->lead_cls = lead_compile(r, cls, opts | PCRE2_ANCHORED);
    free(cls);
    if (!r->lead_re || !r->lead_anch || !r->lead_cls ||
        capture_count(r->lead_re) != capture_count(r->re)) {
        /* unused: the plain pattern runs */
        forget_code(r, r->lead_re);
        forget_code(r, r->lead_anch);
        forget_code(r, r->lead_cls);
        r->lead_re = r->lead_anch = r->lead_cls = NULL;
    }
}

/*
 * The tail filter. A pattern that is one atom repeated without an upper
 * bound, then the rest (`(?:[^\s,]+,){1,} \w+ (?:and|or) \w+[.?!]` in
 * Microsoft OxfordComma: REST is ` \w+ (?:and|or) \w+[.?!]`), can only
 * match where REST matches at the end of the repetitions, so a search
 * that finds no match of REST at or after its start finds no match of
 * the pattern either, and is skipped. Whether REST matches at a place
 * does not depend on where a search starts (its look-behinds and \b see
 * the text before the start), so one REST match q also answers every
 * later search that starts at or before q. Refused: a top-level `|`,
 * back-references, \G, groups other than (?: and look-arounds (options,
 * names, conditionals, recursion), verbs, lazy or possessive repetition
 * of the atom. Returns REST's source or NULL.
 */
static char *tail_of(const char *s)
{
    size_t n = strlen(s);
    bool cls = false;
    for (size_t j = 0; j < n; j++) {
        if (s[j] == '\\' && j + 1 < n &&
            strchr("123456789gkGQE", s[j + 1]) && !cls)
            return NULL;
        if (s[j] == '[' && s[j + 1] == ':')
            return NULL; /* POSIX classes: not followed by pattern_syntax_at */
        if (!pattern_syntax_at(s, &j, &cls))
            continue;
        if (s[j] == '(' && s[j + 1] == '*')
            return NULL;
        if (s[j] == '(' && s[j + 1] == '?' && !strchr(":=!", s[j + 2]) &&
            !(s[j + 2] == '<' && (s[j + 3] == '=' || s[j + 3] == '!')))
            return NULL;
    }
    /* Unwrap groups that hold the whole pattern. */
    size_t a = 0, b = n;
    while (s[a] == '(' && group_end(s, a) == b - 1) {
        size_t in = s[a + 1] == '?' ? a + 3 : a + 1;
        if (s[a + 1] == '?' && s[a + 2] != ':')
            return NULL;
        a = in;
        b--;
    }
    if (has_top_bar(s, a, b))
        return NULL;
    size_t e; /* just past the first atom */
    if (s[a] == '(') {
        if (s[a + 1] == '?' && s[a + 2] != ':')
            return NULL;
        e = group_end(s, a);
        if (!e || e >= b)
            return NULL;
        e++;
    } else if (s[a] == '[') {
        size_t j = a;
        bool c = false;
        pattern_syntax_at(s, &j, &c);
        for (j++; j < b && c; j++)
            pattern_syntax_at(s, &j, &c);
        if (c || j >= b)
            return NULL;
        e = j;
    } else if (s[a] == '\\' && s[a + 1] && strchr("wWdDsS", s[a + 1])) {
        e = a + 2;
    } else {
        return NULL;
    }
    size_t q = e;
    if (s[q] == '+' || s[q] == '*') {
        q++;
    } else if (s[q] == '{') {
        size_t j = q + 1;
        while (j < b && isdigit((unsigned char)s[j]))
            j++;
        if (j == q + 1 || s[j] != ',' || s[j + 1] != '}')
            return NULL;
        q = j + 2;
    } else {
        return NULL;
    }
    if (q >= b || s[q] == '?' || s[q] == '+')
        return NULL;
    return cpl_xstrndup(s + q, b - q);
}

/* Gives the rule its tail pattern when tail_of() allows one. */
static void add_tail(struct cpl_vrule *r)
{
    if (!r->re || !r->re_src || r->lit)
        return;
    char *rest = tail_of(r->re_src);
    if (!rest)
        return;
    uint32_t opts = 0;
    pcre2_pattern_info(r->re, PCRE2_INFO_ARGOPTIONS, &opts);
    opts &= ~(uint32_t)PCRE2_USE_OFFSET_LIMIT;
    r->tail = lead_compile(r, rest, opts);
    free(rest);
}

static struct cpl_vrule *load_rule(struct loader *ld, const char *style,
                                   const char *name)
{
    yaml_node_t *root = yaml_document_get_root_node(&ld->doc);
    if (!root) {
        cpl_ctx_problem(ld->ctx, CPL_RULE_CONFIG_RULE_INVALID, ld->path, 1, 1,
                        "empty rule file");
        return NULL;
    }
    if (root->type != YAML_MAPPING_NODE) {
        ERR(ld, root, "a rule file must be a mapping of keys");
        return NULL;
    }
    yaml_node_t *ext = map_get(ld, root, "extends", NULL);
    if (!ext || !scalar(ext)) {
        ERR(ld, root, "missing the required 'extends' key");
        return NULL;
    }
    enum vtype type = T_COUNT;
    for (int t = 0; t < T_COUNT; t++)
        if (strcmp(scalar(ext), type_names[t]) == 0)
            type = (enum vtype)t;
    if (type == T_COUNT) {
        for (size_t i = 0; other_vale_types[i]; i++)
            if (strcmp(scalar(ext), other_vale_types[i]) == 0) {
                UNSUP(ld, ext,
                      "rule type '%s' is not supported; rule skipped",
                      scalar(ext));
                return NULL;
            }
        ERR(ld, ext,
            "unknown rule type '%s' (existence, substitution, occurrence, "
            "repetition, consistency, conditional, capitalization)",
            scalar(ext));
        return NULL;
    }

    struct cpl_vrule *r = cpl_xcalloc(1, sizeof(*r));
    ld->cur = r;
    atomic_init(&r->disabled, false);
    r->type = type;
    r->style = cpl_xstrdup(style);
    r->id = cpl_xasprintf("%s.%s", style, name);
    r->path = cpl_xstrdup(ld->path);
    r->line = 1;
    r->threshold = 0.8;
    r->info.severity = COPYLINT_SEVERITY_INFO; /* Vale: suggestion */

    char **tokens = NULL, **raw = NULL, **exc = NULL;
    size_t ntok = 0, nraw = 0, nexc = 0;
    yaml_node_t **tnodes = NULL, **rnodes = NULL, **enodes = NULL;
    yaml_node_t *swap = NULL, *either = NULL, *token = NULL, *first = NULL,
                *second = NULL, *match = NULL, *excnode = NULL,
                *description = NULL;
    bool append = false, skip = false;
    char *desc = NULL;

    for (yaml_node_pair_t *p = root->data.mapping.pairs.start;
         p < root->data.mapping.pairs.top; p++) {
        yaml_node_t *k = ynode(ld, p->key), *v = ynode(ld, p->value);
        const char *key = scalar(k);
        if (!key) {
            ERR(ld, k, "keys must be strings");
            continue;
        }
        size_t ki;
        for (ki = 0; ki < sizeof(known_keys) / sizeof(known_keys[0]); ki++)
            if (strcmp(key, known_keys[ki].name) == 0)
                break;
        if (ki == sizeof(known_keys) / sizeof(known_keys[0])) {
            ERR(ld, k, "unknown key '%s'", key);
            continue;
        }
        if (!(known_keys[ki].types & B(type))) {
            ERR(ld, k, "key '%s' does not apply to '%s' rules", key,
                type_names[type]);
            continue;
        }
        if (strcmp(key, "extends") == 0 || strcmp(key, "name") == 0) {
            continue;
        } else if (strcmp(key, "message") == 0) {
            get_string(ld, v, key, &r->message);
        } else if (strcmp(key, "description") == 0) {
            description = v;
            get_string(ld, v, key, &desc);
        } else if (strcmp(key, "link") == 0) {
            get_string(ld, v, key, &r->link);
        } else if (strcmp(key, "level") == 0) {
            const char *s = scalar(v);
            copylint_severity sev;
            if (s && strcmp(s, "off") != 0 && copylint_severity_parse(s, &sev))
                r->info.severity = sev;
            else
                ERR(ld, v, "'level' must be suggestion, warning or error");
        } else if (strcmp(key, "scope") == 0) {
            if (!parse_scope(ld, r, v))
                skip = true;
        } else if (strcmp(key, "limit") == 0) {
            get_int(ld, v, key, &r->limit);
        } else if (strcmp(key, "action") == 0) {
            r->action = parse_action(ld, r, v);
        } else if (strcmp(key, "fix") == 0) {
            get_string(ld, v, key, &r->fix);
        } else if (strcmp(key, "safe") == 0) {
            get_bool(ld, v, key, &r->safe);
        } else if (strcmp(key, "test") == 0) {
            parse_test(ld, r, v);
        } else if (strcmp(key, "ignorecase") == 0) {
            get_bool(ld, v, key, &r->ignorecase);
        } else if (strcmp(key, "nonword") == 0) {
            get_bool(ld, v, key, &r->nonword);
        } else if (strcmp(key, "alpha") == 0) {
            get_bool(ld, v, key, &r->alpha);
        } else if (strcmp(key, "append") == 0) {
            get_bool(ld, v, key, &append);
        } else if (strcmp(key, "tokens") == 0) {
            get_list(ld, v, key, &tokens, &ntok, &tnodes);
        } else if (strcmp(key, "raw") == 0) {
            get_list(ld, v, key, &raw, &nraw, &rnodes);
        } else if (strcmp(key, "exceptions") == 0) {
            excnode = v;
            get_list(ld, v, key, &exc, &nexc, &enodes);
        } else if (strcmp(key, "indicators") == 0) {
            get_list(ld, v, key, &r->indicators, &r->nindicators, NULL);
        } else if (strcmp(key, "swap") == 0) {
            swap = v;
        } else if (strcmp(key, "either") == 0) {
            either = v;
        } else if (strcmp(key, "token") == 0) {
            token = v;
        } else if (strcmp(key, "first") == 0) {
            first = v;
        } else if (strcmp(key, "second") == 0) {
            second = v;
        } else if (strcmp(key, "match") == 0) {
            match = v;
        } else if (strcmp(key, "max") == 0) {
            get_int(ld, v, key, &r->max);
        } else if (strcmp(key, "min") == 0) {
            get_int(ld, v, key, &r->min);
        } else if (strcmp(key, "threshold") == 0) {
            get_number(ld, v, key, &r->threshold);
        } else if (strcmp(key, "style") == 0) {
            const char *s = scalar(v);
            if (s && strcmp(s, "Chicago") == 0)
                r->chicago = true;
            else if (!s || strcmp(s, "AP") != 0)
                ERR(ld, v, "'style' must be AP or Chicago");
        } else if (strcmp(key, "vocab") == 0) {
            bool b;
            get_bool(ld, v, key, &b); /* no Vale vocabularies here */
        } else if (strcmp(key, "pos") == 0) {
            UNSUP(ld, k, "'pos' (part-of-speech filter) is not supported; "
                         "rule skipped");
            skip = true;
        } else if (strcmp(key, "in") == 0) {
            UNSUP(ld, k, "'in' (view scopes) is not supported; rule skipped");
            skip = true;
        } else if (strcmp(key, "capitalize") == 0) {
            UNSUP(ld, k, "'capitalize' is not supported; ignored");
        } else if (strcmp(key, "prefix") == 0) {
            UNSUP(ld, k, "'prefix' is not supported; ignored");
        } else if (strcmp(key, "code") == 0) {
            ERR(ld, k, "'code' is deprecated in Vale; use 'scope: raw'");
        }
    }
    (void)description;

    if (!r->message && !ld->bad)
        ERR(ld, root, "missing the required 'message' key");

    if (!ld->bad && !skip) {
        switch (type) {
        case T_EXISTENCE:
            if (ntok == 0 && nraw == 0)
                ERR(ld, root, "an existence rule needs 'tokens' or 'raw'");
            else
                build_existence(ld, r, tokens, ntok, tnodes, raw, nraw,
                                rnodes, append);
            break;
        case T_SUBSTITUTION: {
            if (!swap || swap->type != YAML_MAPPING_NODE) {
                ERR(ld, swap ? swap : root,
                    "a substitution rule needs a 'swap' mapping");
                break;
            }
            size_t n = (size_t)(swap->data.mapping.pairs.top -
                                swap->data.mapping.pairs.start);
            r->swaps = cpl_xcalloc(n + 1, sizeof(*r->swaps));
            struct pat p = {0};
            char **texts = cpl_xcalloc(n + 1, sizeof(*texts));
            char **keys = cpl_xcalloc(n + 1, sizeof(*keys));
            bool word = !r->nonword;
            pat_str(&p, word ? "\\b(?:" : "(?:");
            size_t i = 0;
            for (yaml_node_pair_t *q = swap->data.mapping.pairs.start;
                 q < swap->data.mapping.pairs.top; q++) {
                yaml_node_t *kn = ynode(ld, q->key), *vn = ynode(ld, q->value);
                if (!scalar(kn) || !scalar(vn)) {
                    ERR(ld, kn, "'swap' entries must be strings");
                    continue;
                }
                keys[i] = uncapture(scalar(kn));
                if (i)
                    pat_str(&p, "|");
                pat_str(&p, "(");
                pat_piece(&p, keys[i], kn);
                pat_str(&p, ")");
                texts[i] = keys[i];
                add_swap(ld, r, scalar(vn), vn);
                i++;
            }
            pat_str(&p, word ? ")\\b" : ")");
            if (i == 0)
                ERR(ld, swap, "'swap' is empty");
            else if (!ld->bad) {
                r->re = compile(ld, p.s, p.len,
                                PCRE2_MULTILINE |
                                    (r->ignorecase ? PCRE2_CASELESS : 0),
                                p.pieces, p.npieces, (const char **)texts,
                                swap);
                keep_src(ld, r);
                if (r->re)
                    set_prefixes(r, keys, i, !word);
                if (r->re && word && !r->fix)
                    attach_literals(ld, r, keys, i);
            }
            free_list(keys, n + 1);
            free(texts);
            pat_release(&p);
            break;
        }
        case T_OCCURRENCE:
            if (!scalar(token))
                ERR(ld, token ? token : root,
                    "an occurrence rule needs a 'token' pattern");
            else if (r->max == 0 && r->min == 0)
                ERR(ld, root, "an occurrence rule needs 'max' or 'min'");
            else
            {
                r->re = compile_one(ld, "(?:", scalar(token), ")",
                                    r->ignorecase ? PCRE2_CASELESS : 0,
                                    token);
                keep_src(ld, r);
            }
            break;
        case T_REPETITION: {
            if (ntok == 0) {
                ERR(ld, root, "a repetition rule needs 'tokens'");
                break;
            }
            struct pat p = {0};
            pat_str(&p, "(");
            for (size_t i = 0; i < ntok; i++) {
                if (i)
                    pat_str(&p, "|");
                pat_piece(&p, tokens[i], tnodes[i]);
            }
            pat_str(&p, ")");
            r->re = compile(ld, p.s, p.len,
                            r->ignorecase ? PCRE2_CASELESS : 0, p.pieces,
                            p.npieces, (const char **)tokens, tnodes[0]);
            keep_src(ld, r);
            pat_release(&p);
            break;
        }
        case T_CONSISTENCY: {
            if (!either || either->type != YAML_MAPPING_NODE) {
                ERR(ld, either ? either : root,
                    "a consistency rule needs an 'either' mapping");
                break;
            }
            size_t n = (size_t)(either->data.mapping.pairs.top -
                                either->data.mapping.pairs.start);
            /* NOLINTNEXTLINE(bugprone-sizeof-expression): pointer elements */
            r->pairs = cpl_xcalloc(n + 1, sizeof(*r->pairs));
            bool word = !r->nonword;
            /* NOLINTNEXTLINE(bugprone-sizeof-expression): pointer elements */
            r->cons_toks = cpl_xcalloc(2 * n + 1, sizeof(*r->cons_toks));
            bool plain = word;
            for (yaml_node_pair_t *q = either->data.mapping.pairs.start;
                 q < either->data.mapping.pairs.top; q++) {
                yaml_node_t *kn = ynode(ld, q->key), *vn = ynode(ld, q->value);
                if (!scalar(kn) || !scalar(vn)) {
                    ERR(ld, kn, "'either' entries must be strings");
                    continue;
                }
                char *a = uncapture(scalar(kn)), *b = uncapture(scalar(vn));
                struct pat p = {0};
                pat_str(&p, word ? "\\b(?:(" : "(?:(");
                pat_piece(&p, a, kn);
                pat_str(&p, ")|(");
                pat_piece(&p, b, vn);
                pat_str(&p, word ? "))\\b" : "))");
                const char *texts[2] = {a, b};
                pcre2_code *re = compile(
                    ld, p.s, p.len,
                    PCRE2_MULTILINE | (r->ignorecase ? PCRE2_CASELESS : 0),
                    p.pieces, p.npieces, texts, kn);
                if (re) {
                    plain = plain && literal_token_ok(a, r->ignorecase) &&
                            literal_token_ok(b, r->ignorecase);
                    r->cons_toks[2 * r->npairs] = a;
                    r->cons_toks[2 * r->npairs + 1] = b;
                    r->pairs[r->npairs++] = re;
                } else {
                    free(a);
                    free(b);
                }
                pat_release(&p);
            }
            if (!plain) {
                free_list(r->cons_toks, 2 * r->npairs);
                r->cons_toks = NULL;
            }
            break;
        }
        case T_CONDITIONAL:
            if (!scalar(first) || !scalar(second)) {
                ERR(ld, root, "a conditional rule needs 'first' and 'second'");
                break;
            }
            r->second = compile_one(ld, "", scalar(second), "", 0, second);
            r->second_has_group = has_capture(scalar(second));
            if (r->second) {
                /* The tail filter (tail_of) for `second`: when its REST
                 * never matches, neither does `second`. */
                char *rest = tail_of(scalar(second));
                uint32_t opts = 0;
                pcre2_pattern_info(r->second, PCRE2_INFO_ARGOPTIONS, &opts);
                if (rest)
                    r->second_tail = lead_compile(
                        r, rest, opts & ~(uint32_t)PCRE2_USE_OFFSET_LIMIT);
                free(rest);
            }
            r->re = compile_one(ld, "", scalar(first), "", 0, first);
            if (r->re && !r->ignorecase &&
                !cpl_native_caps_shape(scalar(first), &r->caps_min,
                                       &r->caps_max))
                r->caps_max = 0;
            break;
        case T_CAPITALIZATION: {
            const char *m = scalar(match);
            if (!m) {
                ERR(ld, match ? match : root,
                    "a capitalization rule needs 'match'");
                break;
            }
            if (strcmp(m, "$title") == 0)
                r->cap = CAP_TITLE;
            else if (strcmp(m, "$sentence") == 0)
                r->cap = CAP_SENTENCE;
            else if (strcmp(m, "$lower") == 0)
                r->cap = CAP_LOWER;
            else if (strcmp(m, "$upper") == 0)
                r->cap = CAP_UPPER;
            else {
                r->cap = CAP_REGEX;
                r->cap_re = compile_one(ld, "", m, "", 0, match);
            }
            /* Words: Vale's `[\p{N}\p{L}*]+[^\s]*`, exceptions first. */
            struct pat p = {0};
            for (size_t i = 0; i < nexc; i++) {
                pat_str(&p, "\\b(?:");
                pat_str(&p, exc[i]);
                pat_str(&p, ")\\b|");
            }
            pat_str(&p, "[\\p{N}\\p{L}*]+[^\\s]*");
            r->words_re = compile(ld, p.s, p.len, 0, NULL, 0, NULL, excnode);
            pat_release(&p);
            break;
        }
        case T_COUNT:
            break;
        }
        if (!ld->bad && nexc)
            r->except = compile_exceptions(ld, exc, nexc, excnode);
        if (r->except)
            r->except_words = word_set(exc, nexc);
    }
    free_list(tokens, ntok);
    free_list(raw, nraw);
    free_list(exc, nexc);
    free(tnodes);
    free(rnodes);
    free(enodes);

    if (ld->bad || skip) {
        free(desc);
        rule_free(r);
        return NULL;
    }
    r->summary = desc ? desc : summary_of(r->message);
    if (r->type == T_EXISTENCE || r->type == T_SUBSTITUTION ||
        r->type == T_OCCURRENCE || r->type == T_REPETITION) {
        add_lead(r);
        add_tail(r);
    }
    r->ncaps = capture_count(r->re);
    for (size_t i = 0; i < r->npairs; i++)
        if (capture_count(r->pairs[i]) > r->ncaps)
            r->ncaps = capture_count(r->pairs[i]);
    if (capture_count(r->second) > r->ncaps)
        r->ncaps = capture_count(r->second);
    /* lit_re names the token that matched by its group */
    if (capture_count(r->lit_re) > r->ncaps)
        r->ncaps = capture_count(r->lit_re);
    r->info.id = r->id;
    r->info.family = r->style;
    r->info.summary = r->summary;
    r->info.link = r->link;
    return r;
}

static void add_rule(struct cpl_ruleset *rs, copylint_ctx *ctx,
                     struct cpl_vrule *r)
{
    rs->rules =
        /* NOLINTNEXTLINE(bugprone-sizeof-expression): pointer elements */
        cpl_xgrow(rs->rules, &rs->caprules, rs->nrules + 1, sizeof(*rs->rules));
    r->ord = (uint32_t)rs->nrules;
    rs->rules[rs->nrules++] = r;
    if (r->ncaps > rs->max_caps)
        rs->max_caps = r->ncaps;
    cpl_ctx_add_rule(ctx, &r->info);
}

/*
 * Shared matching. Two rule files that differ only in keys that do not
 * decide matches (message, level, link, description; Vale styles copy
 * rules from each other: write-good's and Microsoft's Passive) compile
 * to the same patterns, lists and options, so they find the same
 * matches. cpl_ruleset_finish() puts such existence rules in one group;
 * in a document, the group's first rule to run matches and records each
 * finding it adds (where, and the groups a fix template reads); each
 * later rule of the group adds its own findings (its message, severity,
 * limit and fix) from the record, at its own turn, so that the findings
 * and their order are those of every rule matching on its own. A rule
 * that a match limit stopped leaves no record: the others match on
 * their own (and are stopped and reported in the same place).
 */

/* Appends node n to the signature: its kind, tag and style, then a
 * scalar's bytes (length first) or the items. false: nested too deep
 * (an alias loop). */
static bool sig_node(struct loader *ld, const yaml_node_t *n, struct pat *p,
                     int depth)
{
    if (!n || depth > 64)
        return false;
    char head[64];
    const char *tag = n->tag ? (const char *)n->tag : "";
    switch (n->type) {
    case YAML_SCALAR_NODE:
        snprintf(head, sizeof(head), "S%d:%zu:", (int)n->data.scalar.style,
                 n->data.scalar.length);
        pat_str(p, tag);
        pat_str(p, head);
        if (n->data.scalar.value)
            pat_add(p, (const char *)n->data.scalar.value,
                    n->data.scalar.length);
        return true;
    case YAML_SEQUENCE_NODE:
        pat_str(p, tag);
        pat_str(p, "[");
        for (yaml_node_item_t *i = n->data.sequence.items.start;
             i < n->data.sequence.items.top; i++)
            if (!sig_node(ld, ynode(ld, *i), p, depth + 1))
                return false;
        pat_str(p, "]");
        return true;
    case YAML_MAPPING_NODE:
        pat_str(p, tag);
        pat_str(p, "{");
        for (yaml_node_pair_t *q = n->data.mapping.pairs.start;
             q < n->data.mapping.pairs.top; q++)
            if (!sig_node(ld, ynode(ld, q->key), p, depth + 1) ||
                !sig_node(ld, ynode(ld, q->value), p, depth + 1))
                return false;
        pat_str(p, "}");
        return true;
    case YAML_NO_NODE:
        break;
    }
    return false;
}

/* r's match signature: every top-level key of its file but those that
 * do not decide matches, in file order, with their values. */
static void match_sig(struct loader *ld, struct cpl_vrule *r)
{
    static const char *const inert[] = {"message", "level", "link",
                                        "description", "name"};
    yaml_node_t *root = yaml_document_get_root_node(&ld->doc);
    if (!root || root->type != YAML_MAPPING_NODE)
        return;
    struct pat p = {0};
    pat_str(&p, "{");
    for (yaml_node_pair_t *q = root->data.mapping.pairs.start;
         q < root->data.mapping.pairs.top; q++) {
        const yaml_node_t *k = ynode(ld, q->key);
        const char *key = scalar(k);
        bool skip = false;
        for (size_t i = 0; key && i < sizeof(inert) / sizeof(*inert); i++)
            skip = skip || strcmp(key, inert[i]) == 0;
        if (skip)
            continue;
        if (!sig_node(ld, k, &p, 1) ||
            !sig_node(ld, ynode(ld, q->value), &p, 1)) {
            pat_release(&p);
            return;
        }
    }
    pat_str(&p, "}");
    r->match_sig = p.s;
    r->match_sig_len = p.len;
    free(p.pieces);
}

const struct cpl_vrule *cpl_ruleset_load_string(struct cpl_ruleset *rs,
                                                copylint_ctx *ctx,
                                                const char *style,
                                                const char *path,
                                                const char *yaml, size_t len)
{
    struct loader ld = {.ctx = ctx, .path = path, .no_trie = rs->no_trie};
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser))
        CPL_BUG("yaml_parser_initialize failed");
    yaml_parser_set_input_string(&parser, (const unsigned char *)yaml, len);
    if (!yaml_parser_load(&parser, &ld.doc)) {
        const yaml_mark_t *m = parser.problem ? &parser.problem_mark
                                              : &parser.context_mark;
        char ctxbuf[160] = "";
        if (parser.context && parser.problem)
            snprintf(ctxbuf, sizeof(ctxbuf), " %s that starts at %u:%u",
                     parser.context, (unsigned)parser.context_mark.line + 1,
                     (unsigned)parser.context_mark.column + 1);
        unsigned line = (unsigned)m->line + 1, col = (unsigned)m->column + 1;
        /* The reader (bad UTF-8, a control character) sets no mark,
         * only a byte offset. */
        if (parser.error == YAML_READER_ERROR)
            cpl_utf8_line_col(yaml, len, parser.problem_offset,
                              parser.problem &&
                                  strstr(parser.problem, "trailing") != NULL,
                              &line, &col);
        cpl_ctx_problem(ctx, CPL_RULE_CONFIG_RULE_INVALID, path, line, col,
                        "malformed YAML: %s%s",
                        parser.problem ? parser.problem : "parse error",
                        ctxbuf);
        yaml_parser_delete(&parser);
        return NULL;
    }
    yaml_parser_delete(&parser);

    /* The rule's name: the file's base name without `.yml`. */
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t blen = strlen(base);
    if (blen > 4 && strcmp(base + blen - 4, ".yml") == 0)
        blen -= 4;
    else if (blen > 5 && strcmp(base + blen - 5, ".yaml") == 0)
        blen -= 5;
    char *name = cpl_xstrndup(base, blen);
    struct cpl_vrule *r = load_rule(&ld, style, name);
    free(name);
    if (r)
        match_sig(&ld, r);
    free(ld.last_src);
    yaml_document_delete(&ld.doc);
    if (!r)
        return NULL;
    add_rule(rs, ctx, r);
    return r;
}

static void load_file(struct cpl_ruleset *rs, copylint_ctx *ctx,
                      const char *style, const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        cpl_ctx_problem(ctx, CPL_RULE_CONFIG_RULE_INVALID, path, 0, 0,
                        "cannot open: %s", strerror(errno));
        return;
    }
    char *buf = NULL;
    size_t len = 0, cap = 0, n;
    do {
        buf = cpl_xgrow(buf, &cap, len + 65536, 1);
        n = fread(buf + len, 1, cap - len, f);
        len += n;
    } while (n > 0 && len <= MAX_RULE_FILE);
    bool err = ferror(f);
    fclose(f);
    if (err || len > MAX_RULE_FILE)
        cpl_ctx_problem(ctx, CPL_RULE_CONFIG_RULE_INVALID, path, 0, 0,
                        err ? "read error" : "rule file larger than 4 MB");
    else
        cpl_ruleset_load_string(rs, ctx, style, path, buf, len);
    free(buf);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

size_t cpl_ruleset_load_style(struct cpl_ruleset *rs, copylint_ctx *ctx,
                              const char *name, const char *dir,
                              bool required)
{
    DIR *d = opendir(dir);
    if (!d) {
        if (required)
            cpl_ctx_problem(ctx, CPL_RULE_CONFIG_RULE_INVALID, dir, 0, 0,
                            "cannot open style '%s': %s", name,
                            strerror(errno));
        return 0;
    }
    rs->styles = cpl_xrealloc(rs->styles, (rs->nstyles + 1) * sizeof(char *));
    rs->styles[rs->nstyles++] = cpl_xstrdup(name);
    char **files = NULL;
    size_t nfiles = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t l = strlen(e->d_name);
        if (e->d_name[0] == '.' || l < 5 ||
            strcmp(e->d_name + l - 4, ".yml") != 0)
            continue;
        files = cpl_xgrow(files, &cap, nfiles + 1, sizeof(*files));
        files[nfiles++] = cpl_xasprintf("%s/%s", dir, e->d_name);
    }
    closedir(d);
    if (nfiles == 0 && required) {
        /* A style's git repository (errata-ai/proselint) keeps the rules
         * one folder down, in proselint/proselint/: say so. */
        char *inner = cpl_xasprintf("%s/%s", dir, name);
        struct stat st;
        bool nested = stat(inner, &st) == 0 && S_ISDIR(st.st_mode);
        cpl_ctx_problem(ctx, CPL_RULE_CONFIG_RULE_INVALID, dir, 0, 0,
                        "style '%s' has no rule files (*.yml)%s%s%s", name,
                        nested ? "; they seem to be in '" : "",
                        nested ? inner : "",
                        nested ? "': name its parent in the styles path"
                               : "");
        free(inner);
    }
    if (nfiles > 1) /* qsort(NULL, 0, ...) is undefined behaviour */
        qsort(files, nfiles, sizeof(*files), cmp_str);
    size_t before = rs->nrules;
    for (size_t i = 0; i < nfiles; i++) {
        load_file(rs, ctx, name, files[i]);
        free(files[i]);
    }
    free(files);
    return rs->nrules - before;
}

struct cpl_ruleset *cpl_ruleset_new(void)
{
    struct cpl_ruleset *rs = cpl_xcalloc(1, sizeof(struct cpl_ruleset));
    rs->pool = cpl_xcalloc(1, sizeof(*rs->pool));
    return rs;
}

/* Frees the filters of cpl_ruleset_prefilter_variant(). */
static void pf_variants_free(struct cpl_ruleset *rs)
{
    for (size_t i = 0; i < rs->npf_var; i++) {
        free(rs->pf_var[i]);
        free(rs->pf_var_active[i]);
    }
    rs->npf_var = 0;
}

/* Frees the pooled scratches (made for the rules as they were). */
static void pool_drain(struct cpl_ruleset *rs)
{
    for (size_t i = 0; i < SCRATCH_POOL; i++)
        cpl_rule_scratch_free(atomic_exchange(&rs->pool->slot[i], NULL));
}

/*
 * Which per-document passes can tell that rule r finds nothing (RK_*,
 * see cpl_rule_scratch_runnable()): an existence or substitution rule
 * matches only through next_match(), i.e. its pattern through
 * rule_match() (which with required literals searches only where they
 * occur) and, for a word list, the trie (a combined one: its
 * candidates) and lit_re through rule_match(); a repetition rule needs
 * a match of its pattern for a finding; a consistency rule whose pairs
 * are all in the combined trie searches only the pairs whose two words
 * are candidates (when the document's prefilter is not off: pf_all).
 * An occurrence rule may report no match (min), the others search on
 * their own: they always run.
 */
static void swap_alts(struct cpl_vrule *r);

static uint8_t run_kind(const struct cpl_vrule *r)
{
    bool pf = r->npf && !r->native;
    switch (r->type) {
    case T_EXISTENCE:
    case T_SUBSTITUTION:
        if (!r->lit)
            return pf ? RK_PF : 0;
        if (!r->combined)
            return 0;
        if (!r->lit_re)
            return RK_CANDS;
        return pf ? RK_PF | RK_CANDS : 0;
    case T_REPETITION:
        return !r->lit && pf ? RK_PF : 0;
    case T_CONSISTENCY:
        return r->cons_combined ? RK_CONS : 0;
    case T_OCCURRENCE:
    case T_CONDITIONAL:
    case T_CAPITALIZATION:
    case T_COUNT:
        break;
    }
    return 0;
}

void cpl_ruleset_finish(struct cpl_ruleset *rs)
{
    pool_drain(rs);
    pf_variants_free(rs);
    literal_free(rs->all);
    memset(rs->key_one, 0, sizeof(rs->key_one));
    memset(rs->key_r1, 0, sizeof(rs->key_r1));
    memset(rs->key_r2, 0, sizeof(rs->key_r2));
    memset(rs->key_word, 0, sizeof(rs->key_word));
    memset(rs->key_word_r1, 0, sizeof(rs->key_word_r1));
    memset(rs->key_word_r2, 0, sizeof(rs->key_word_r2));
    free(rs->entries);
    rs->entries = NULL;
    rs->nentries = rs->capentries = 0;
    for (size_t ri = 0; ri < rs->nrules; ri++) {
        struct cpl_vrule *r = rs->rules[ri];
        /* the first rule of the same style gives its ordinal */
        r->style_ord = (uint32_t)ri;
        for (size_t j = 0; j < ri; j++)
            if (strcmp(rs->rules[j]->style, r->style) == 0) {
                r->style_ord = rs->rules[j]->style_ord;
                break;
            }
        if (!r->npf)
            pf_set(r, !rs->no_pf_light);
        r->use_prefixes =
            r->prefixes &&
            !(r->lit ? r->scope == S_TEXT && (!r->lit_re || r->npf) : r->npf);
        r->native = CPL_NATIVE_NONE;
        if (!rs->no_native && !r->lit && r->re_src &&
            (r->type == T_OCCURRENCE || r->type == T_REPETITION))
            r->native = cpl_native_shape_of(r->re_src);
        if ((r->native || r->caps_max) && !rs->classes)
            rs->classes = cpl_native_classes_new();
    }
    pf_build(rs);
    struct literal *l = rs->all = lit_new(true);
    for (size_t ri = 0; ri < rs->nrules; ri++) {
        struct cpl_vrule *r = rs->rules[ri];
        r->combined = r->lit && r->scope == S_TEXT;
        r->cons_combined = r->type == T_CONSISTENCY && r->cons_toks;
        char **toks = r->combined ? r->lit_toks : r->cons_toks;
        size_t ntoks = r->combined        ? r->nlit_toks
                       : r->cons_combined ? 2 * r->npairs
                                          : 0;
        for (size_t i = 0; i < ntoks; i++) {
            const unsigned char *t = (const unsigned char *)toks[i];
            if (!literal_token_ok(toks[i], r->ignorecase))
                continue;
            uint32_t node = lit_insert(l, t);
            size_t tl = strlen(toks[i]);
            uint32_t h = 0;
            size_t r1 = key_run(t, tl, &h);
            if (r1 <= 16) {
                /* R1 alone, or R1 B R2 when R2 is short enough */
                uint64_t h1 = word_hash16_of(t, r1);
                size_t r2 = 0;
                while (r1 < tl && r1 + 1 + r2 < tl &&
                       ascii_alnum(t[r1 + 1 + r2]))
                    r2++;
                if (r1 == tl || r2 > 16) {
                    unsigned k = word_bit(h1);
                    rs->key_word[k / 64] |= (uint64_t)1 << (k % 64);
                } else {
                    unsigned k = word_bit(h1);
                    rs->key_word_r1[k / 64] |= (uint64_t)1 << (k % 64);
                    k = word_key3(h1, t[r1],
                                  word_hash16_of(t + r1 + 1, r2));
                    rs->key_word_r2[k / 64] |= (uint64_t)1 << (k % 64);
                }
            }
            if (r1 == tl) {
                key_add(rs->key_one, h);
            } else {
                key_add(rs->key_r1, h);
                h = key_byte(h, t[r1]);
                key_run(t + r1 + 1, tl - r1 - 1, &h);
                key_add(rs->key_r2, h);
            }
            rs->entries = cpl_xgrow(rs->entries, &rs->capentries,
                                    rs->nentries + 1, sizeof(*rs->entries));
            uint32_t head = l->nodes[node].token == LIT_NONE
                                ? 0
                                : l->nodes[node].token;
            rs->entries[rs->nentries] = (struct hit_entry){
                (uint32_t)ri, (uint32_t)i, (uint32_t)strlen(toks[i]), head,
                r->ignorecase ? NULL : toks[i]};
            l->nodes[node].token = (uint32_t)++rs->nentries;
        }
    }
    lit_index(l);
    rs->slots = cpl_xrealloc(rs->slots, (rs->nrules + 1) * sizeof(*rs->slots));
    for (size_t ri = 0; ri < rs->nrules; ri++) {
        struct cpl_vrule *r = rs->rules[ri];
        swap_alts(r);
        rs->slots[ri] = (struct run_slot){r->info.index,
                                          (uint8_t)r->info.severity,
                                          run_kind(r)};
    }
    rs->nslots = rs->nrules;
    /* Existence rules with the same match signature share matching:
     * the group number is that of the first. */
    rs->ngroups = 0;
    for (size_t ri = 0; ri < rs->nrules; ri++)
        rs->rules[ri]->grp = NO_GROUP;
    for (size_t ri = 0; ri < rs->nrules; ri++) {
        struct cpl_vrule *r = rs->rules[ri];
        if (r->type != T_EXISTENCE || !r->match_sig || r->grp != NO_GROUP)
            continue;
        for (size_t j = ri + 1; j < rs->nrules; j++) {
            struct cpl_vrule *o = rs->rules[j];
            if (o->type == T_EXISTENCE && o->grp == NO_GROUP &&
                o->match_sig && o->match_sig_len == r->match_sig_len &&
                memcmp(o->match_sig, r->match_sig, r->match_sig_len) == 0)
                o->grp = r->grp = rs->ngroups;
        }
        if (r->grp != NO_GROUP)
            rs->ngroups++;
    }
}

/*
 * The combined word lists at p, a start of a run of ASCII letters and
 * digits in t[0, len) (the document's text from doc->start): if no \w
 * character comes before p, walks the combined trie; each token that
 * ends at a word boundary (and, for a case-sensitive rule, matches
 * exactly) is a candidate of its rule, added at s->c_tmp[*n]. Returns
 * the run's length (no byte after its first starts a word).
 */
static size_t cands_at(struct cpl_rule_scratch *s, const unsigned char *t,
                       size_t len, size_t p, size_t *n)
{
    const struct cpl_ruleset *rs = s->rs;
    const struct literal *l = rs->all;
    const char *subj = (const char *)t;
    /* A token that matches here has the same first run and, if it is
     * longer, the same byte and second run after it (see key_one). */
    uint32_t h = 0;
    size_t run = key_run(t + p, len - p, &h);
    if (!key_has(rs->key_one, h)) {
        if (p + run >= len || !key_has(rs->key_r1, h))
            return run;
        uint32_t h2 = key_byte(h, t[p + run]);
        key_run(t + p + run + 1, len - p - run - 1, &h2);
        if (!key_has(rs->key_r2, h2))
            return run;
    }
    uint32_t node = l->root[lit_fold(l, t[p])];
    if (!node)
        return run;
    if (p > 0) {
        size_t st;
        uint32_t prev =
            t[p - 1] < 0x80 ? t[p - 1] : cpl_utf8_prev(subj, p, &st);
        if (pcre_word(prev))
            return run;
    }
    for (size_t q = p;;) {
        const struct lit_node *nd = &l->nodes[node];
        if (nd->token != LIT_NONE) {
            uint32_t next = 0;
            if (q + 1 < len)
                cpl_utf8_decode(subj + q + 1, len - q - 1, &next);
            if (q + 1 >= len || !pcre_word(next))
                for (uint32_t e = nd->token; e; e = rs->entries[e - 1].next) {
                    const struct hit_entry *he = &rs->entries[e - 1];
                    if (he->text && memcmp(subj + p, he->text, he->len) != 0)
                        continue;
                    s->c_tmp = cpl_xgrow(s->c_tmp, &s->cap_ctmp, *n + 1,
                                         sizeof(*s->c_tmp));
                    s->c_rule = cpl_xgrow(s->c_rule, &s->cap_crule, *n + 1,
                                          sizeof(*s->c_rule));
                    s->c_tmp[*n] = (struct cand){(uint32_t)p,
                                                 (uint32_t)(q + 1), he->tok};
                    s->c_rule[(*n)++] = he->rule;
                    s->cand_off[he->rule + 1]++;
                }
        }
        if (++q >= len)
            break;
        uint32_t ch = q == p + 1 ? lit_child2(l, t[p], t[q])
                                : lit_child(l, node, lit_fold(l, t[q]));
        if (!ch)
            break;
        node = ch;
    }
    return run;
}

/* cands_at() at every start of a run of ASCII letters and digits in
 * t[from, to) (from is 0 or follows a byte that is not one); runs may
 * reach past `to`. The reference pass, over a whole document. */
static void cands_bytes(struct cpl_rule_scratch *s, const unsigned char *t,
                        size_t len, size_t from, size_t to, size_t *n)
{
    for (size_t p = from, run; p < to; p += run) {
        run = 1;
        if (ascii_alnum(t[p]))
            run = cands_at(s, t, len, p, n);
    }
}

/* Whether some byte of x in the lanes of mask (whole bytes, the lowest
 * ones) is an apostrophe. */
static inline bool has_apostrophe(uint64_t x, uint64_t mask)
{
    const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
    uint64_t v = x ^ ones * '\'';
    /* a borrow only runs upwards from a zero lane, itself in mask */
    return ((v - ones) & ~v & highs & mask) != 0;
}

/* Whether the token tk (at a in t, the text from doc->start, len bytes)
 * is at most 16 bytes, all ASCII letters and digits, with 16 bytes to
 * read from its start: then *h is its word_hash16(). A token without
 * CPL_TOK_NON_ASCII or CPL_TOK_HAS_HYPHEN holds only ASCII letters,
 * digits and apostrophes (the segmenter's joiners are ' - and three
 * non-ASCII marks). */
static inline bool short_word(const unsigned char *t, size_t len, size_t a,
                              const struct cpl_token *tk, uint64_t *h)
{
    size_t tl = tk->len;
    if (tl - 1 >= 16 || a + 16 > len ||
        (tk->flags & (CPL_TOK_NON_ASCII | CPL_TOK_HAS_HYPHEN)))
        return false;
    uint64_t x0, x1 = 0;
    memcpy(&x0, t + a, 8);
    if (has_apostrophe(x0, half_mask(tl, 0)))
        return false;
    if (tl > 8) {
        memcpy(&x1, t + a + 8, 8);
        if (has_apostrophe(x1, half_mask(tl, 1)))
            return false;
    }
    *h = word_hash16(x0, x1, tl);
    return true;
}

/*
 * The same candidates as cands_bytes() over the whole text, from the
 * segmenter's tokens: every ASCII letter or digit of a segmented
 * document is inside a token (a token runs over letters, digits and
 * the joiners between them), and a token starts after a byte that is
 * neither, so the runs that start a word are the tokens' first runs
 * and the runs inside a token after a joiner or a non-ASCII letter. A
 * token of at most 16 bytes, all ASCII letters and digits, is one run
 * R1: it is passed over on its word_hash16() when no list token's R1
 * has that key, or, for the R1 of longer list tokens only, when the
 * byte B after it and the run R2 after B (empty, or the next token if
 * that is short too) give no word_key3() of a list token (no byte loop,
 * no hash of the run). Any other token goes through cands_bytes().
 */
static void cands_tokens(struct cpl_rule_scratch *s, const copylint_doc *doc,
                         size_t *n)
{
    const struct cpl_ruleset *rs = s->rs;
    const unsigned char *t = (const unsigned char *)doc->text + doc->start;
    size_t len = doc->len - doc->start;
    for (size_t i = 0; i < doc->ntoks; i++) {
        const struct cpl_token *tk = &doc->toks[i];
        if (tk->off < doc->start)
            continue;
        size_t a = tk->off - doc->start, tl = tk->len;
        uint64_t h1;
        if (!short_word(t, len, a, tk, &h1)) {
            cands_bytes(s, t, len, a, a + tl, n);
            continue;
        }
        unsigned k = word_bit(h1);
        if (word_has(rs->key_word, k)) {
            cands_at(s, t, len, a, n);
            continue;
        }
        size_t b = a + tl; /* B: not a letter or digit */
        if (!word_has(rs->key_word_r1, k) || b >= len)
            continue;
        uint64_t h2 = 0;
        if (b + 1 >= len || !ascii_alnum(t[b + 1])) {
            h2 = word_hash16(0, 0, 0);
        } else if (i + 1 >= doc->ntoks || doc->toks[i + 1].off < doc->start ||
                   doc->toks[i + 1].off - doc->start != b + 1 ||
                   !short_word(t, len, b + 1, &doc->toks[i + 1], &h2)) {
            cands_at(s, t, len, a, n); /* R2 not at hand */
            continue;
        }
        if (word_has(rs->key_word_r2, word_key3(h1, t[b], h2)))
            cands_at(s, t, len, a, n);
    }
}

/*
 * One pass over the document for every combined word list (cands_at()
 * at each start of a run of ASCII letters and digits: from the tokens
 * of a segmented document, else over every byte); candidates are then
 * grouped by rule, in text order.
 */
static void build_cands(struct cpl_rule_scratch *s, const copylint_doc *doc)
{
    const struct cpl_ruleset *rs = s->rs;
    size_t n = 0;
    s->have_cands = true;
    s->cand_off = cpl_xrealloc(s->cand_off,
                               (rs->nrules + 1) * sizeof(*s->cand_off));
    memset(s->cand_off, 0, (rs->nrules + 1) * sizeof(*s->cand_off));
    if (rs->all && doc->segmented && !rs->no_tok_pass)
        cands_tokens(s, doc, &n);
    else if (rs->all)
        cands_bytes(s, (const unsigned char *)doc->text + doc->start,
                    doc->len - doc->start, 0, doc->len - doc->start, &n);
    const struct cand *tmp = s->c_tmp;
    const uint32_t *rule_of = s->c_rule;
    for (size_t i = 0; i < rs->nrules; i++)
        s->cand_off[i + 1] += s->cand_off[i];
    s->cands = cpl_xgrow(s->cands, &s->cap_cands, n + 1, sizeof(*s->cands));
    uint32_t *fill = s->c_fill =
        cpl_xrealloc(s->c_fill, (rs->nrules + 1) * sizeof(*fill));
    memset(fill, 0, (rs->nrules + 1) * sizeof(*fill));
    for (size_t i = 0; i < n; i++)
        s->cands[s->cand_off[rule_of[i]] + fill[rule_of[i]]++] = tmp[i];
}

void cpl_ruleset_set_word_token_pass(struct cpl_ruleset *rs, bool on)
{
    rs->no_tok_pass = !on;
}

void cpl_ruleset_set_word_trie(struct cpl_ruleset *rs, bool on)
{
    rs->no_trie = !on;
}

void cpl_ruleset_set_prefilter(struct cpl_ruleset *rs, bool on)
{
    rs->no_prefilter = !on;
}

void cpl_ruleset_set_prefilter_bytewise(struct cpl_ruleset *rs, bool on)
{
    rs->pf_bytewise = on;
}

size_t cpl_ruleset_prefilter_variant(struct cpl_ruleset *rs,
                                     const bool *active)
{
    size_t known = cpl_ruleset_prefilter_find(rs, active);
    if (known)
        return known;
    if (rs->npf_var == PF_MAX_VARIANTS || !rs->nrules)
        return 0;
    struct pf_filter *f = cpl_xcalloc(1, sizeof(*f));
    for (size_t ri = 0; ri < rs->nrules; ri++) {
        const struct cpl_vrule *r = rs->rules[ri];
        for (size_t i = 0; active[ri] && i < r->npf; i++)
            pf_filter_add(f, r->pf_lits[i] + 1,
                          r->scope == S_SENTENCE
                              ? 0u
                              : (uint32_t)(r->pf_lits[i][0] - '@'));
    }
    pf_groups(f);
    bool *a = cpl_xmalloc(rs->nrules);
    memcpy(a, active, rs->nrules);
    rs->pf_var[rs->npf_var] = f;
    rs->pf_var_active[rs->npf_var] = a;
    return ++rs->npf_var;
}

size_t cpl_ruleset_prefilter_find(const struct cpl_ruleset *rs,
                                  const bool *active)
{
    for (size_t i = 0; i < rs->npf_var; i++)
        if (memcmp(rs->pf_var_active[i], active, rs->nrules) == 0)
            return i + 1;
    return 0;
}

void cpl_rule_scratch_set_variant(struct cpl_rule_scratch *s, size_t v)
{
    s->pf_var = v <= s->rs->npf_var ? v : 0;
}

size_t cpl_rule_scratch_pf_hits(struct cpl_rule_scratch *s,
                                const copylint_doc *doc, size_t rule,
                                const uint32_t **hits)
{
    if (!s->have_pf)
        pf_scan(s, doc);
    if (s->pf_all || (s->rs->rules[rule]->pf_udigit && s->pf_ndigit) ||
        (s->pf_var && !s->rs->pf_var_active[s->pf_var - 1][rule]))
        return SIZE_MAX;
    *hits = s->pf_hits + s->pf_cnt[rule];
    return s->pf_cnt[rule + 1] - s->pf_cnt[rule];
}

void cpl_ruleset_set_shared_match(struct cpl_ruleset *rs, bool on)
{
    rs->no_share = !on;
}

bool cpl_vrule_shares_matching(const struct cpl_vrule *a,
                               const struct cpl_vrule *b)
{
    return a->grp != NO_GROUP && a->grp == b->grp;
}

void cpl_ruleset_set_run_skip(struct cpl_ruleset *rs, bool on)
{
    rs->no_run_skip = !on;
}

/* Whether the scratch's prefilter hits of rule `rule` are all the places
 * where it may match (else rule_match() searches its whole text). */
static bool pf_complete(const struct cpl_rule_scratch *s, size_t rule)
{
    return s->have_pf && !s->pf_all &&
           /* the document's flag first: the rule's struct is read only
            * when the document has such a digit */
           !(s->pf_ndigit && s->rs->rules[rule]->pf_udigit) &&
           !(s->pf_var && !s->rs->pf_var_active[s->pf_var - 1][rule]);
}

size_t cpl_rule_scratch_runnable(struct cpl_rule_scratch *s,
                                 const copylint_doc *doc, const bool *active,
                                 const uint32_t **out)
{
    const struct cpl_ruleset *rs = s->rs;
    size_t n = rs->nrules, k = 0;
    s->runnable = cpl_xgrow(s->runnable, &s->cap_runnable, n + 1,
                            sizeof(*s->runnable));
    uint32_t *list = s->runnable;
    *out = list;
    if (rs->nslots != n) { /* not finished: every active rule */
        for (size_t i = 0; i < n; i++)
            if (!active || active[i])
                list[k++] = (uint32_t)i;
        return k;
    }
    unsigned need = 0;
    for (size_t i = 0; i < n; i++) {
        if (active && !active[i])
            continue;
        const struct run_slot *sl = &rs->slots[i];
        if (doc->ctx) {
            /* cpl_vrule_run() does nothing for a rule that is off */
            struct cpl_rule_info info = {.index = sl->index,
                                         .severity = sl->severity};
            if (cpl_ctx_severity(doc->ctx, &info) == COPYLINT_SEVERITY_OFF)
                continue;
        }
        list[k++] = (uint32_t)i;
        need |= sl->kind;
    }
    if (rs->no_run_skip || !need)
        return k;
    if ((need & (RK_PF | RK_CONS)) && !s->have_pf)
        pf_scan(s, doc);
    if ((need & (RK_CANDS | RK_CONS)) && !s->have_cands)
        build_cands(s, doc);
    size_t m = 0;
    for (size_t j = 0; j < k; j++) {
        uint32_t i = list[j];
        unsigned kind = rs->slots[i].kind;
        bool cands = (kind & (RK_CANDS | RK_CONS)) &&
                     s->cand_off[i + 1] > s->cand_off[i];
        bool may = !kind || cands ||
                   ((kind & RK_PF) &&
                    (!pf_complete(s, i) || s->pf_cnt[i + 1] > s->pf_cnt[i])) ||
                   ((kind & RK_CONS) && s->pf_all);
        if (may)
            list[m++] = i;
    }
    return m;
}

bool cpl_vrule_pf_bounds(const struct cpl_vrule *r, uint32_t *off,
                         uint32_t *ws)
{
    *off = r->pf_off;
    *ws = r->pf_ws;
    return r->npf > 0;
}

size_t cpl_vrule_pf_lits(const struct cpl_vrule *r, const char *const **lits,
                         bool *udigit)
{
    *lits = (const char *const *)r->pf_lits;
    *udigit = r->pf_udigit;
    return r->npf;
}

void cpl_ruleset_set_pf_light(struct cpl_ruleset *rs, bool on)
{
    rs->no_pf_light = !on;
}

void cpl_ruleset_set_native(struct cpl_ruleset *rs, bool on)
{
    rs->no_native = !on;
}

void cpl_ruleset_free(struct cpl_ruleset *rs)
{
    if (!rs)
        return;
    pool_drain(rs);
    free(rs->pool);
    pf_variants_free(rs);
    literal_free(rs->all);
    free(rs->entries);
    literal_free(rs->pf);
    free(rs->pf_ent);
    free(rs->pf_l2);
    cpl_native_classes_free(rs->classes);
    free(rs->slots);
    for (size_t i = 0; i < rs->nrules; i++)
        rule_free(rs->rules[i]);
    free(rs->rules);
    free_list(rs->styles, rs->nstyles);
    free(rs);
}

bool cpl_ruleset_has_style(const struct cpl_ruleset *rs, const char *name)
{
    for (size_t i = 0; i < rs->nstyles; i++)
        if (strcmp(rs->styles[i], name) == 0)
            return true;
    return false;
}

size_t cpl_ruleset_count(const struct cpl_ruleset *rs)
{
    return rs->nrules;
}

const struct cpl_vrule *cpl_ruleset_rule(const struct cpl_ruleset *rs,
                                         size_t i)
{
    return i < rs->nrules ? rs->rules[i] : NULL;
}

const char *cpl_vrule_style(const struct cpl_vrule *r)
{
    return r->style;
}

uint32_t cpl_vrule_style_ord(const struct cpl_vrule *r)
{
    return r->style_ord;
}

const struct cpl_rule_info *cpl_vrule_info(const struct cpl_vrule *r)
{
    return &r->info;
}

const char *cpl_vrule_path(const struct cpl_vrule *r)
{
    return r->path;
}

size_t cpl_vrule_examples(const struct cpl_vrule *r, bool bad,
                          const char *const **out)
{
    *out = (const char *const *)(bad ? r->bad : r->good);
    return bad ? r->nbad : r->ngood;
}

/* ---- running ---------------------------------------------------------- */

void cpl_rule_scratch_reset(struct cpl_rule_scratch *s,
                            const copylint_doc *doc)
{
    /* Whether no byte is from 0x80, eight at a time. */
    const char *t = doc->text;
    size_t i = doc->start, n = doc->len;
    uint64_t high = 0;
    for (; i + 8 <= n && !high; i += 8) {
        uint64_t w;
        memcpy(&w, t + i, 8);
        high = w & 0x8080808080808080u;
    }
    for (; i < n && !high; i++)
        high = (unsigned char)t[i] & 0x80u;
    s->ascii = !high;
    s->have_cands = s->have_seen = s->have_pf = s->pf_all = false;
    s->have_nbits[0] = s->have_nbits[1] = false;
    s->pf_ndigit = false;
    s->pf_var = 0;
    s->nrecs = s->nrec_ov = 0;
    if (++s->gen == 0) { /* wrapped: no state may look current */
        memset(s->grp, 0, s->cap_grp * sizeof(*s->grp));
        s->gen = 1;
    }
}

struct cpl_rule_scratch *cpl_rule_scratch_new(const struct cpl_ruleset *rs,
                                              const copylint_doc *doc)
{
    struct cpl_rule_scratch *s = cpl_xcalloc(1, sizeof(*s));
    s->rs = rs;
    cpl_rule_scratch_reset(s, doc);
    s->md = pcre2_match_data_create(rs->max_caps + 1, NULL);
    s->md2 = pcre2_match_data_create(16, NULL);
    s->mctx = pcre2_match_context_create(NULL);
    if (!s->md || !s->md2 || !s->mctx)
        CPL_BUG("out of memory for PCRE2 match data");
    pcre2_set_depth_limit(s->mctx, 10000);
    pcre2_set_heap_limit(s->mctx, 64 * 1024); /* KiB */
    return s;
}

struct cpl_rule_scratch *cpl_ruleset_scratch_take(const struct cpl_ruleset *rs,
                                                  const copylint_doc *doc)
{
    for (size_t i = 0; i < SCRATCH_POOL; i++) {
        struct cpl_rule_scratch *s = atomic_exchange(&rs->pool->slot[i], NULL);
        if (s) {
            cpl_rule_scratch_reset(s, doc);
            return s;
        }
    }
    return cpl_rule_scratch_new(rs, doc);
}

void cpl_ruleset_scratch_put(const struct cpl_ruleset *rs,
                             struct cpl_rule_scratch *s)
{
    for (size_t i = 0; s && i < SCRATCH_POOL; i++) {
        struct cpl_rule_scratch *none = NULL;
        if (atomic_compare_exchange_strong(&rs->pool->slot[i], &none, s))
            return;
    }
    cpl_rule_scratch_free(s);
}

void cpl_rule_scratch_free(struct cpl_rule_scratch *s)
{
    if (!s)
        return;
    pcre2_match_data_free(s->md);
    pcre2_match_data_free(s->md2);
    pcre2_match_context_free(s->mctx);
    pcre2_jit_stack_free(s->jit);
    free(s->seen);
    free(s->cands);
    free(s->cand_off);
    free(s->c_tmp);
    free(s->c_rule);
    free(s->c_fill);
    free(s->pf_hits);
    free(s->pf_cnt);
    free(s->pf_last);
    free(s->pf_tmp);
    free(s->runnable);
    free(s->grp);
    free(s->recs);
    free(s->rec_ov);
    cpl_native_cache_free(s->native);
    free(s->nbits[0]);
    free(s->nbits[1]);
    free(s);
}

/* One scope block of the document: text, a paragraph or a sentence. */
struct run {
    const struct cpl_vrule *r;
    copylint_doc *doc;
    struct cpl_rule_scratch *s;
    int nalerts;
    bool stopped;
    bool rec; /* shared matching: record the findings (record_match()) */
    /* Word lists: the next match of the trie [0] and of lit_re [1]. */
    struct {
        bool valid, done;
        size_t a, b;
        uint32_t idx;
    } lc[2];
    size_t ci; /* combined rules: next candidate */
    size_t hi; /* prefiltered rules: the next hit to look at */
    /* Tail filter (add_tail), for this block: REST matches at tail_at
     * (tail_state 1) or nowhere from tail_at on (2); 0: not yet asked. */
    int tail_state;
    size_t tail_at;
    PCRE2_SIZE nat_ov[2]; /* a native rule's last match */
};

/* The groups of the last rule_match(): PCRE2's, or the native match. */
static PCRE2_SIZE *rule_ov(struct run *u)
{
    return u->r->native ? u->nat_ov : pcre2_get_ovector_pointer(u->s->md);
}

static size_t block_count(const struct run *u)
{
    switch (u->r->scope) {
    case S_TEXT:
        return 1;
    case S_PARAGRAPH:
        return u->doc->nparas;
    case S_SENTENCE:
        return u->doc->nsents;
    }
    return 0;
}

static struct cpl_span block(const struct run *u, size_t i)
{
    switch (u->r->scope) {
    case S_TEXT:
        return (struct cpl_span){u->doc->start,
                                 (uint32_t)(u->doc->len - u->doc->start)};
    case S_PARAGRAPH:
        return (struct cpl_span){u->doc->paras[i].off, u->doc->paras[i].len};
    case S_SENTENCE:
        return (struct cpl_span){u->doc->sents[i].off, u->doc->sents[i].len};
    }
    return (struct cpl_span){0, 0};
}

/* Runs `re` on subj[0..len) from `start`. Returns > 0 on a match (ovector
 * in md), 0 on no match, -1 when the rule was stopped by a limit. */
static int run_match(struct run *u, const pcre2_code *re, const char *subj,
                     size_t len, size_t start, pcre2_match_data *md)
{
    if (u->stopped)
        return -1;
    if (u->s->ascii)
        for (size_t i = 0; i < u->r->ntwins; i++)
            if (u->r->twins[i].ucp == re) {
                re = u->r->twins[i].ascii;
                break;
            }
    code_jit(u->r, re);
    /* Enough for any sane pattern over this block, small enough that
     * `(a+)+$` on a long line stops within a fraction of a second. */
    pcre2_set_match_limit(u->s->mctx, (uint32_t)(10000000u +
                          (len < 50000000u ? len * 64u : 3200000000u)));
    int rc = pcre2_match(re, (PCRE2_SPTR)subj, len, start, PCRE2_NO_UTF_CHECK,
                         md, u->s->mctx);
    if (rc == PCRE2_ERROR_JIT_STACKLIMIT && !u->s->jit) {
        /* The default 32 KiB JIT stack was too small: give this document
         * a larger one (made only when needed: most never need it). */
        u->s->jit = pcre2_jit_stack_create((PCRE2_SIZE)32 * 1024,
                                           (PCRE2_SIZE)1024 * 1024, NULL);
        if (u->s->jit) {
            pcre2_jit_stack_assign(u->s->mctx, NULL, u->s->jit);
            rc = pcre2_match(re, (PCRE2_SPTR)subj, len, start,
                             PCRE2_NO_UTF_CHECK, md, u->s->mctx);
        }
    }
    if (rc > 0)
        return rc;
    if (rc == 0)
        return (int)pcre2_get_ovector_count(md);
    if (rc == PCRE2_ERROR_NOMATCH)
        return 0;
    u->stopped = true;
    struct cpl_vrule *mut = (struct cpl_vrule *)u->r;
    if (!atomic_exchange(&mut->disabled, true)) {
        PCRE2_UCHAR msg[160];
        pcre2_get_error_message(rc, msg, sizeof(msg));
        cpl_diag_add(u->doc, CPL_RULE_CONFIG_RULE_INVALID,
                     (uint32_t)(subj - u->doc->text), 0,
                     "rule '%s' (%s:%u) stopped here: %s; it is skipped for "
                     "the rest of the run",
                     u->r->id, u->r->path, u->r->line, (const char *)msg);
    }
    return -1;
}

/*
 * re's next match from `from` (run_match), through the lead-class
 * patterns when the rule has them (see lead_class): when the character
 * before `from` is in the class, a match at `from` itself is tried
 * anchored first; then `(?<!C)(?:re)` finds the leftmost match after it.
 */
static int lead_match(struct run *u, const pcre2_code *re, const char *subj,
                      size_t len, size_t from, pcre2_match_data *md)
{
    const struct cpl_vrule *r = u->r;
    if (re != r->re || !r->lead_re || u->s->rs->no_native)
        return run_match(u, re, subj, len, from, md);
    if (from > 0) {
        size_t st;
        cpl_utf8_prev(subj, from, &st);
        int in = run_match(u, r->lead_cls, subj, len, st, u->s->md2);
        if (in < 0)
            return -1;
        if (in > 0) {
            int rc = run_match(u, r->lead_anch, subj, len, from, md);
            if (rc != 0)
                return rc;
        }
    }
    return run_match(u, r->lead_re, subj, len, from, md);
}

/* Whether the tail filter lets a search of subj[0..len) from `start`
 * find a match: REST matches at or after start (see tail_of). */
static bool tail_may_match(struct run *u, const char *subj, size_t len,
                           size_t start)
{
    if (u->tail_state == 1 && start <= u->tail_at)
        return true;
    if (u->tail_state == 2 && start >= u->tail_at)
        return false;
    int rc = run_match(u, u->r->tail, subj, len, start, u->s->md2);
    if (rc < 0)
        return true; /* stopped: rule_match() reports nothing either */
    if (rc == 0) {
        u->tail_state = 2;
        u->tail_at = start;
        return false;
    }
    u->tail_state = 1;
    u->tail_at = pcre2_get_ovector_pointer(u->s->md2)[0];
    return true;
}

/* lead_match() into s->md with PCRE2's offset limit `limit` (PCRE2_UNSET:
 * none), unless the tail filter tells that there is no match from
 * `from` (then 0). */
static int tail_lead_match(struct run *u, const pcre2_code *re,
                           const char *subj, size_t len, size_t from,
                           PCRE2_SIZE limit)
{
    if (u->r->tail && re == u->r->re && !u->s->rs->no_native &&
        !tail_may_match(u, subj, len, from))
        return 0;
    if (limit == PCRE2_UNSET)
        return lead_match(u, re, subj, len, from, u->s->md);
    pcre2_set_offset_limit(u->s->mctx, limit);
    int rc = lead_match(u, re, subj, len, from, u->s->md);
    pcre2_set_offset_limit(u->s->mctx, PCRE2_UNSET);
    return rc;
}

/*
 * The rule's next match of r->re in subj[0..len) from `start`, as
 * run_match() gives it, but through the prefilter when the rule has one:
 * only windows that end at a run of hits are searched (see "required-
 * literal prefilter" above for why the result is the same).
 */
static int rule_match(struct run *u, const char *subj, size_t len,
                      size_t start)
{
    const struct cpl_vrule *r = u->r;
    struct cpl_rule_scratch *s = u->s;
    if (r->native) {
        if (!s->native)
            s->native = cpl_native_cache_new();
        size_t a, b;
        if (!cpl_native_next(s->rs->classes, s->native, r->native, subj, len,
                             start, &a, &b))
            return 0;
        u->nat_ov[0] = a;
        u->nat_ov[1] = b;
        return 1;
    }
    /* A rule with a word list runs lit_re, the rest of its list. */
    const pcre2_code *re = r->lit ? r->lit_re : r->re;
    if (!r->npf)
        return tail_lead_match(u, re, subj, len, start, PCRE2_UNSET);
    if (!s->have_pf)
        pf_scan(s, u->doc);
    /* A rule outside the scratch's filter may have lost hits: it
     * scans its whole text. */
    if (s->pf_all || (r->pf_udigit && s->pf_ndigit) ||
        (s->pf_var && !s->rs->pf_var_active[s->pf_var - 1][r->ord]))
        return tail_lead_match(u, re, subj, len, start, PCRE2_UNSET);
    size_t base = (size_t)(subj - u->doc->text);
    const uint32_t *h = s->pf_hits + s->pf_cnt[r->ord];
    size_t nh = s->pf_cnt[r->ord + 1] - s->pf_cnt[r->ord];
    size_t i = u->hi;
    while (i < nh && h[i] < base + start)
        i++;
    while (i < nh && h[i] < base + len) {
        size_t j = i;
        while (j + 1 < nh && h[j + 1] < base + len &&
               h[j + 1] - h[j] <= PF_GAP)
            j++;
        /* No bound on how far before its literal a match starts: one
         * window from `start` to the last hit. */
        if (r->pf_off == PF_INF && r->pf_ws == PF_INF)
            while (j + 1 < nh && h[j + 1] < base + len)
                j++;
        size_t from =
            r->pf_off != PF_INF
                ? pf_back(subj, h[i] - base, r->pf_off, start)
            : r->pf_ws != PF_INF
                ? pf_back_stop(r->pf_stop, subj, h[i] - base, r->pf_ws, start)
                : start;
        int rc = tail_lead_match(u, re, subj, len, from, h[j] - base);
        if (rc != 0) {
            u->hi = i;
            return rc;
        }
        i = j + 1;
    }
    u->hi = i;
    return 0;
}

static bool search(struct run *u, const pcre2_code *re, const char *s,
                   size_t n)
{
    return re && run_match(u, re, s, n, 0, u->s->md2) > 0;
}

/* Whether an exception matches in s[0..n): by look-up when it can
 * (except_words), else PCRE2. */
static bool excepted(struct run *u, const char *s, size_t n)
{
    const struct cpl_vrule *r = u->r;
    if (!r->except)
        return false;
    if (r->except_words && !u->s->rs->no_native && ascii_word_run(s, n))
        return cpl_strset_has(r->except_words, s, n);
    return search(u, r->except, s, n);
}

/* Vale's FormatMessage: each `%s` takes the next argument, cycling.
 * Writes at most size - 1 bytes and a NUL; returns the length. */
static size_t format_message(const char *msg, const char *const *args,
                             size_t nargs, char *out, size_t size)
{
    size_t o = 0, k = 0;
    const char *c = msg;
    while (*c && o + 1 < size) {
        /* the text up to the next '%' in one copy (a finding's message
         * is built for every finding: byte by byte, this was most of
         * the cost of a finding) */
        const char *pct = strchr(c, '%');
        size_t run = pct ? (size_t)(pct - c) : strlen(c);
        if (run) {
            if (run > size - 1 - o)
                run = size - 1 - o;
            memcpy(out + o, c, run);
            o += run;
            c += run;
        } else if (c[1] == 's' && nargs) {
            const char *add = args[k++ % nargs];
            size_t l = strlen(add);
            if (l > size - 1 - o)
                l = size - 1 - o;
            memcpy(out + o, add, l);
            o += l;
            c += 2;
        } else {
            /* "%%" is one '%'; any other '%' is itself */
            out[o++] = '%';
            c += c[1] == '%' ? 2 : 1;
        }
    }
    out[o] = '\0';
    return o;
}

/* s[0..n) without the white space at either end: [*a, *b) of s. */
static void trim_range(const char *s, size_t n, size_t *a, size_t *b)
{
    size_t i = 0;
    while (i < n && isspace((unsigned char)s[i]))
        i++;
    while (n > i && isspace((unsigned char)s[n - 1]))
        n--;
    *a = i;
    *b = n;
}

static char *trim_dup(const char *s, size_t n)
{
    size_t a, b;
    trim_range(s, n, &a, &b);
    return cpl_xstrndup(s + a, b - a);
}

/* s[0..n) as a C string (up to its first NUL, as cpl_xstrndup() would
 * copy it): in buf[0..size) when it fits, else on the heap, in *heap,
 * which the caller frees (NULL when buf was used). */
static char *str_copy(const char *s, size_t n, char *buf, size_t size,
                      char **heap)
{
    if (n < size) {
        memcpy(buf, s, n);
        buf[n] = '\0';
        *heap = NULL;
        return buf;
    }
    return *heap = cpl_xstrndup(s, n);
}

static bool in_cutset(char c, const char *set)
{
    return c && strchr(set, c) != NULL;
}

/* Vale's `edit` action on the matched text. */
static char *edit_text(const struct cpl_vrule *r, const char *m, size_t n)
{
    code_jit(r, r->edit_re);
    const char *op = r->params[0];
    char *out = NULL;
    if (strcmp(op, "regex") == 0) {
        PCRE2_SIZE olen = n * 2 + 256;
        for (int tries = 0; tries < 4; tries++) {
            out = cpl_xmalloc(olen + 1);
            PCRE2_SIZE got = olen + 1;
            int rc = pcre2_substitute(
                r->edit_re, (PCRE2_SPTR)m, n, 0,
                PCRE2_SUBSTITUTE_GLOBAL | PCRE2_SUBSTITUTE_OVERFLOW_LENGTH,
                NULL, NULL, (PCRE2_SPTR)r->params[2], PCRE2_ZERO_TERMINATED,
                (PCRE2_UCHAR *)out, &got);
            if (rc >= 0)
                break;
            free(out);
            out = NULL;
            if (rc != PCRE2_ERROR_NOMEMORY)
                return NULL;
            olen = got;
        }
        if (!out)
            return NULL;
    } else if (strncmp(op, "trim", 4) == 0) {
        const char *set = r->params[1];
        size_t a = 0, b = n;
        if (strcmp(op, "trim_right") != 0)
            while (a < b && in_cutset(m[a], set))
                a++;
        if (strcmp(op, "trim_left") != 0)
            while (b > a && in_cutset(m[b - 1], set))
                b--;
        out = cpl_xstrndup(m + a, b - a);
    } else if (strcmp(op, "truncate") == 0 || strcmp(op, "split") == 0) {
        const char *sep = r->params[1];
        size_t seplen = strlen(sep);
        long index = op[0] == 's' ? strtol(r->params[2], NULL, 10) : 0;
        const char *p = m, *end = m + n;
        for (long i = 0;; i++) {
            const char *q = NULL;
            if (seplen)
                for (const char *c = p; c + seplen <= end; c++)
                    if (memcmp(c, sep, seplen) == 0) {
                        q = c;
                        break;
                    }
            if (i == index) {
                out = cpl_xstrndup(p, (size_t)((q ? q : end) - p));
                break;
            }
            if (!q)
                return NULL; /* index out of range: no fix */
            p = q + seplen;
        }
    }
    if (!out)
        return NULL;
    char *t = trim_dup(out, strlen(out));
    free(out);
    return t;
}

/* The `fix` template: $0-$9 or ${N} the groups, ${N|html} a group with
 * HTML entities decoded, ${N|lower}, ${N|upper}, $$ a dollar. NULL (no
 * fix) when the template names groups and none of them matched. */
static char *expand_fix(const char *tmpl, const char *subj,
                        const PCRE2_SIZE *ov, int ngroups)
{
    struct pat p = {0};
    size_t nref = 0, nset = 0;
    for (const char *c = tmpl; *c; c++) {
        if (*c != '$') {
            pat_add(&p, c, 1);
            continue;
        }
        if (c[1] == '$') {
            pat_str(&p, "$");
            c++;
            continue;
        }
        int g = -1;
        const char *filter = NULL;
        size_t flen = 0;
        if (isdigit((unsigned char)c[1])) {
            g = c[1] - '0';
            c++;
        } else if (c[1] == '{') {
            const char *close = strchr(c, '}');
            if (!close) {
                pat_str(&p, c);
                break;
            }
            g = (int)strtol(c + 2, NULL, 10);
            const char *bar = memchr(c, '|', (size_t)(close - c));
            if (bar) {
                filter = bar + 1;
                flen = (size_t)(close - filter);
            }
            c = close;
        } else {
            pat_add(&p, c, 1);
            continue;
        }
        nref++;
        if (g < 0 || g >= ngroups)
            continue;
        const PCRE2_SIZE *gv = ov + 2 * (size_t)g; /* group g: start, end */
        if (gv[0] == PCRE2_UNSET)
            continue;
        nset++;
        const char *gs = subj + gv[0];
        size_t gl = gv[1] - gv[0];
        if (filter && flen == 4 && memcmp(filter, "html", 4) == 0) {
            char *d = cpl_html_unescape(gs, gl);
            pat_str(&p, d);
            free(d);
        } else if (filter && flen == 5 &&
                   (memcmp(filter, "lower", 5) == 0 ||
                    memcmp(filter, "upper", 5) == 0)) {
            bool up = filter[0] == 'u';
            for (size_t i = 0; i < gl; i++) {
                char ch = up ? (char)toupper((unsigned char)gs[i])
                             : (char)tolower((unsigned char)gs[i]);
                pat_add(&p, &ch, 1);
            }
        } else {
            pat_add(&p, gs, gl);
        }
    }
    free(p.pieces);
    if (nref && !nset) {
        /* Only groups that did not take part: no fix for this match. */
        free(p.s);
        return NULL;
    }
    return p.s ? p.s : cpl_xstrdup("");
}

/* Adds a finding over block-relative [a, b) with the message arguments,
 * then its fixes. `params`: replacement alternatives for A_REPLACE. */
static struct copylint_diag *alert(struct run *u, const char *subj,
                                   size_t a, size_t b,
                                   const char *const *args, size_t nargs,
                                   const char *message)
{
    const struct cpl_vrule *r = u->r;
    if (r->limit && u->nalerts >= r->limit)
        return NULL;
    char msg[1024];
    size_t n = format_message(message ? message : r->message, args, nargs,
                              msg, sizeof(msg));
    uint32_t off = (uint32_t)(subj - u->doc->text + a);
    struct copylint_diag *d = cpl_diag_add_rule_text(
        u->doc, &r->info, off, (uint32_t)(b - a), msg, n);
    if (d)
        u->nalerts++;
    return d;
}

static void add_fixes(struct run *u, struct copylint_diag *d,
                      const char *subj, const PCRE2_SIZE *ov, int ngroups,
                      size_t a, size_t b, char **repl, size_t nrepl)
{
    const struct cpl_vrule *r = u->r;
    if (!d)
        return;
    uint32_t off = (uint32_t)(subj - u->doc->text + a);
    uint32_t len = (uint32_t)(b - a);
    if (r->fix) {
        char *t = expand_fix(r->fix, subj, ov, ngroups);
        if (t)
            cpl_diag_fix(d, off, len, t, r->safe);
        free(t);
        return;
    }
    switch (r->action) {
    case A_NONE:
        break;
    case A_REPLACE:
        for (size_t i = 0; i < nrepl; i++)
            cpl_diag_fix(d, off, len, repl[i], r->safe);
        break;
    case A_REMOVE:
        cpl_diag_fix(d, off, len, "", r->safe);
        break;
    case A_EDIT: {
        char *t = edit_text(r, subj + a, b - a);
        if (t)
            cpl_diag_fix(d, off, len, t, r->safe);
        free(t);
        break;
    }
    }
}

static void next_start(const char *subj, size_t len, const PCRE2_SIZE *ov,
                       size_t *start)
{
    if (ov[1] > ov[0]) {
        *start = ov[1];
        return;
    }
    size_t p = ov[1] + 1;
    while (p < len && ((unsigned char)subj[p] & 0xC0) == 0x80)
        p++;
    *start = p;
}

/* The next match of the rule's pattern, or of its word list: true with
 * the groups in *ov (*ngroups of them); for a word list, *which is the
 * token that matched (else -1). */
static bool next_match(struct run *u, const char *subj, size_t len,
                       size_t *start, PCRE2_SIZE **ov, int *ngroups,
                       PCRE2_SIZE *buf, int *which)
{
    const struct cpl_vrule *r = u->r;
    if (*start > len)
        return false;
    if (r->lit) {
        for (int k = 0; k < 2; k++) {
            if (u->lc[k].done || (u->lc[k].valid && u->lc[k].a >= *start))
                continue;
            u->lc[k].valid = false;
            if (k == 0 && r->combined) {
                /* The first candidate at or after start; among those at
                 * the same place, the token listed first. */
                struct cpl_rule_scratch *sc = u->s;
                if (!sc->have_cands)
                    build_cands(sc, u->doc);
                size_t end = sc->cand_off[r->ord + 1];
                size_t i = u->ci > sc->cand_off[r->ord] ? u->ci
                                                        : sc->cand_off[r->ord];
                while (i < end && sc->cands[i].a < *start)
                    i++;
                if (i >= end) {
                    u->lc[0].done = true;
                    continue;
                }
                const struct cand *best = &sc->cands[i];
                for (size_t j = i + 1; j < end && sc->cands[j].a == best->a;
                     j++)
                    if (sc->cands[j].tok < best->tok)
                        best = &sc->cands[j];
                u->ci = i;
                u->lc[0].a = best->a;
                u->lc[0].b = best->b;
                u->lc[0].idx = best->tok;
                u->lc[0].valid = true;
                continue;
            }
            if (k == 0) {
                if (!literal_next(r->lit, subj, len, *start, &u->lc[0].a,
                                  &u->lc[0].b, &u->lc[0].idx)) {
                    u->lc[0].done = true;
                    continue;
                }
                u->lc[0].valid = true;
                continue;
            }
            if (!r->lit_re) {
                u->lc[1].done = true;
                continue;
            }
            size_t from = *start;
            for (;;) {
                int rc = from <= len ? rule_match(u, subj, len, from) : 0;
                if (rc <= 0) {
                    u->lc[1].done = true;
                    break;
                }
                PCRE2_SIZE *o = rule_ov(u);
                if (o[0] == o[1]) {
                    next_start(subj, len, o, &from);
                    continue;
                }
                int g = 1;
                while (g < rc && o[2 * (size_t)g] == PCRE2_UNSET)
                    g++;
                u->lc[1].a = o[0];
                u->lc[1].b = o[1];
                u->lc[1].idx = g < rc && (size_t)(g - 1) < r->nlit_idx
                                   ? r->lit_idx[g - 1]
                                   : 0;
                u->lc[1].valid = true;
                break;
            }
        }
        int pick = -1;
        for (int k = 0; k < 2; k++)
            if (u->lc[k].valid &&
                (pick < 0 || u->lc[k].a < u->lc[pick].a ||
                 (u->lc[k].a == u->lc[pick].a &&
                  u->lc[k].idx < u->lc[pick].idx)))
                pick = k;
        if (pick < 0)
            return false;
        buf[0] = u->lc[pick].a;
        buf[1] = u->lc[pick].b;
        *ov = buf;
        *ngroups = 1;
        *which = (int)u->lc[pick].idx;
        *start = u->lc[pick].b;
        u->lc[pick].valid = false;
        return true;
    }
    *which = -1;
    int rc = rule_match(u, subj, len, *start);
    if (rc <= 0)
        return false;
    *ov = rule_ov(u);
    *ngroups = rc;
    next_start(subj, len, *ov, start);
    return true;
}

/* The finding of existence rule u->r at subj[a, b), ov its first ng
 * groups (for a fix template). */
static void existence_alert(struct run *u, const char *subj, size_t a,
                            size_t b, const PCRE2_SIZE *ov, int ng)
{
    const struct cpl_vrule *r = u->r;
    char mbuf[256], *m_heap;
    const char *args[1] = {
        str_copy(subj + a, b - a, mbuf, sizeof(mbuf), &m_heap)};
    struct copylint_diag *d = alert(u, subj, a, b, args, 1, NULL);
    add_fixes(u, d, subj, ov, ng, a, b, r->params, r->nparams);
    free(m_heap);
}

/* Records a finding of existence_alert() for the other rules of u->r's
 * group (shared matching): the groups only when a fix template reads
 * them. */
static void record_match(struct run *u, const char *subj, size_t a,
                         size_t b, const PCRE2_SIZE *ov, int ng)
{
    struct cpl_rule_scratch *s = u->s;
    uint32_t keep = u->r->fix ? (uint32_t)ng : 0;
    if (keep) {
        s->rec_ov = cpl_xgrow(s->rec_ov, &s->cap_rec_ov,
                              s->nrec_ov + 2 * (size_t)keep,
                              sizeof(*s->rec_ov));
        memcpy(s->rec_ov + s->nrec_ov, ov, 2 * (size_t)keep * sizeof(*ov));
    }
    s->recs = cpl_xgrow(s->recs, &s->cap_recs, s->nrecs + 1,
                        sizeof(*s->recs));
    s->recs[s->nrecs++] = (struct match_rec){
        (uint32_t)(subj - u->doc->text), (uint32_t)a, (uint32_t)b, keep,
        s->nrec_ov};
    s->nrec_ov += 2 * (size_t)keep;
}

static void run_existence(struct run *u, const char *subj, size_t len)
{
    const struct cpl_vrule *r = u->r;
    size_t start = 0;
    int rc;
    PCRE2_SIZE *ov, buf[2];
    int which;
    while (next_match(u, subj, len, &start, &ov, &rc, buf, &which)) {
        size_t a = ov[0], b = ov[1];
        if (a == b)
            continue;
        if (r->except) {
            /* The trimmed match, up to a NUL, as its own subject. */
            size_t ta, tb;
            trim_range(subj + a, b - a, &ta, &tb);
            const char *obs = subj + a + ta;
            const char *nul = memchr(obs, '\0', tb - ta);
            if (excepted(u, obs,
                       nul ? (size_t)(nul - obs) : tb - ta))
                continue;
        }
        if (u->stopped)
            continue;
        /* Keep the groups: the fix template may use them. */
        PCRE2_SIZE saved[20];
        int ng = rc < 10 ? rc : 10;
        memcpy(saved, ov, (size_t)ng * 2 * sizeof(PCRE2_SIZE));
        if (u->rec)
            record_match(u, subj, a, b, saved, ng);
        existence_alert(u, subj, a, b, saved, ng);
    }
}

/* Vale's ToSentence: 'a', 'a' or 'b', 'a', 'b', or 'c'. */
static char *to_sentence(char **w, size_t n)
{
    struct pat p = {0};
    for (size_t i = 0; i < n; i++) {
        if (i && n > 2)
            pat_str(&p, ", ");
        else if (i)
            pat_str(&p, " ");
        if (i && i == n - 1)
            pat_str(&p, "or ");
        pat_str(&p, "'");
        pat_str(&p, w[i]);
        pat_str(&p, "'");
    }
    if (!p.s)
        pat_str(&p, "");
    free(p.pieces);
    return p.s;
}

/* Vale's convertMessage: with quoted alternatives, "'%s'" loses its quotes
 * once when the message has it twice. */
static char *convert_message(const char *msg)
{
    static const char *const specs[] = {"'%s'", "\"%s\""};
    for (size_t i = 0; i < 2; i++) {
        const char *f = strstr(msg, specs[i]);
        if (f && strstr(f + 4, specs[i])) {
            return cpl_xasprintf("%.*s%%s%s", (int)(f - msg), msg, f + 4);
        }
    }
    return cpl_xstrdup(msg);
}

/* For a substitution rule with a replace action and no params: each
 * swap's alternatives and their sentence, and the converted message
 * (once per rule, not per finding). */
static void swap_alts(struct cpl_vrule *r)
{
    if (r->type != T_SUBSTITUTION || r->action != A_REPLACE || r->nparams ||
        r->swap_message)
        return;
    for (size_t i = 0; i < r->nswaps; i++) {
        struct swap *sw = &r->swaps[i];
        for (const char *p = sw->expected;;) {
            const char *bar = strchr(p, '|');
            sw->alts = cpl_xrealloc(sw->alts,
                                    (sw->nalts + 1) * sizeof(*sw->alts));
            sw->alts[sw->nalts++] = bar ? cpl_xstrndup(p, (size_t)(bar - p))
                                        : cpl_xstrdup(p);
            if (!bar)
                break;
            p = bar + 1;
        }
        sw->sentence = to_sentence(sw->alts, sw->nalts);
    }
    r->swap_message = convert_message(r->message);
}

static void run_substitution(struct run *u, const char *subj, size_t len)
{
    const struct cpl_vrule *r = u->r;
    size_t start = 0;
    int rc;
    PCRE2_SIZE *ov, buf[2];
    int which;
    while (next_match(u, subj, len, &start, &ov, &rc, buf, &which)) {
        int g;
        if (which >= 0) {
            g = which + 1;
            rc = g + 1;
        } else {
            for (g = 1; g < rc; g++)
                if (ov[2 * (size_t)g] != PCRE2_UNSET)
                    break;
        }
        /* The whole match, or the first group that took part. */
        const PCRE2_SIZE *gv = which < 0 && g < rc ? ov + 2 * (size_t)g : ov;
        size_t a = gv[0], b = gv[1];
        if (g >= rc || (size_t)(g - 1) >= r->nswaps || a == b)
            continue;
        const struct swap *sw = &r->swaps[g - 1];
        size_t ta, tb;
        trim_range(subj + a, b - a, &ta, &tb);
        char obuf[256], *obs_heap;
        const char *obs =
            str_copy(subj + a + ta, tb - ta, obuf, sizeof(obuf), &obs_heap);
        bool same;
        if (sw->expect_re)
            same = search(u, sw->expect_re, obs, strlen(obs));
        else
            same = strcmp(sw->expected, obs) == 0;
        if (!same && !excepted(u, obs, strlen(obs)) && !u->stopped) {
            /* Vale: with a replace action and no params, the swap's
             * `a|b` alternatives are the fixes (swap_alts()). */
            bool swap_fix = r->action == A_REPLACE && r->nparams == 0;
            const char *args[2] = {swap_fix ? sw->sentence : sw->expected,
                                   obs};
            struct copylint_diag *d = alert(u, subj, a, b, args, 2,
                                            swap_fix ? r->swap_message : NULL);
            if (swap_fix)
                add_fixes(u, d, subj, ov, which >= 0 ? 1 : rc, a, b,
                          sw->alts, sw->nalts);
            else
                add_fixes(u, d, subj, ov, which >= 0 ? 1 : rc, a, b,
                          r->params, r->nparams);
        }
        free(obs_heap);
    }
}

/* The document's run bits for `shape`, shared by every native rule and
 * block (made at the first call in a document), with *pos the bit of
 * subj[0]; NULL when subj[0..len) is not a block of the text that starts
 * and ends at character boundaries (then the caller classifies it). */
static const uint64_t *native_bits(struct run *u, enum cpl_native_shape shape,
                                   const char *subj, size_t len, size_t *pos)
{
    struct cpl_rule_scratch *sc = u->s;
    const copylint_doc *doc = u->doc;
    const char *t = doc->text;
    if (subj < t + doc->start || subj > t + doc->len ||
        len > (size_t)(t + doc->len - subj))
        return NULL;
    size_t off = (size_t)(subj - t);
    if ((off < doc->len && ((unsigned char)t[off] & 0xC0) == 0x80) ||
        (off + len < doc->len &&
         ((unsigned char)t[off + len] & 0xC0) == 0x80))
        return NULL;
    int k = shape == CPL_NATIVE_NONSPACE;
    if (!sc->have_nbits[k]) {
        cpl_native_text_bits(sc->rs->classes, sc->native, shape,
                             t + doc->start, doc->len - doc->start,
                             &sc->nbits[k], &sc->cap_nbits[k]);
        sc->have_nbits[k] = true;
    }
    *pos = off - doc->start;
    return sc->nbits[k];
}

static void run_occurrence(struct run *u, const char *subj, size_t len)
{
    const struct cpl_vrule *r = u->r;
    size_t start = 0, count = 0, fa = 0, fb = 0;
    if (r->native) {
        if (!u->s->native)
            u->s->native = cpl_native_cache_new();
        size_t pos;
        const uint64_t *bits = native_bits(u, r->native, subj, len, &pos);
        count = bits ? cpl_native_count_bits(bits, pos, len, &fa, &fb)
                     : cpl_native_count(u->s->rs->classes, u->s->native,
                                        r->native, subj, len, &fa, &fb);
        start = len + 1; /* counted: no search */
    }
    while (start <= len && rule_match(u, subj, len, start) > 0) {
        PCRE2_SIZE *ov = rule_ov(u);
        if (count == 0)
            fa = ov[0], fb = ov[1];
        count++;
        next_start(subj, len, ov, &start);
    }
    if (u->stopped)
        return;
    if ((r->max > 0 && count > (size_t)r->max) ||
        (r->min > 0 && count < (size_t)r->min)) {
        /* Vale: the message is not formatted; at the first match, or at
         * the start of the block when there is none. */
        alert(u, subj, fa, count ? fb : fa, NULL, 0, NULL);
    }
}

/* The sentence holding byte offset `off`, by binary search. */
static const struct cpl_sentence *sentence_at(const copylint_doc *doc,
                                              uint32_t off)
{
    size_t lo = 0, hi = doc->nsents;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const struct cpl_sentence *s = &doc->sents[mid];
        if (off < s->off)
            hi = mid;
        else if (off >= s->off + s->len)
            lo = mid + 1;
        else
            return s;
    }
    return NULL;
}

static bool all_letters(const char *s, size_t n)
{
    if (n == 0)
        return false;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += cpl_utf8_decode(s + i, n - i, &cp);
        if (!cpl_is_letter(cp))
            return false;
    }
    return true;
}

/* a[0..la) and b[0..lb) are equal but for case (simple lower-casing). */
static bool fold_equal(const char *a, size_t la, const char *b, size_t lb)
{
    size_t i = 0, j = 0;
    while (i < la && j < lb) {
        uint32_t ca, cb;
        i += cpl_utf8_decode(a + i, la - i, &ca);
        j += cpl_utf8_decode(b + j, lb - j, &cb);
        if (ca != cb && utf8proc_tolower((utf8proc_int32_t)ca) !=
                            utf8proc_tolower((utf8proc_int32_t)cb))
            return false;
    }
    return i == la && j == lb;
}

/* s[*a, *b) without the ASCII white space at either end (trim_dup). */
static void trim_span(const char *s, size_t *a, size_t *b)
{
    while (*a < *b && isspace((unsigned char)s[*a]))
        (*a)++;
    while (*b > *a && isspace((unsigned char)s[*b - 1]))
        (*b)--;
}

/* A repetition found: subj[pa, b) is the earlier match (from pa) and the
 * repeated one, subj[ca, ca + cl) the repeated text trimmed, ov its
 * groups. Reports it when it lies in one sentence and no exception
 * matches; true when it did. */
static bool repetition_alert(struct run *u, const char *subj, size_t pa,
                             size_t b, size_t ca, size_t cl,
                             const PCRE2_SIZE *ov)
{
    const struct cpl_vrule *r = u->r;
    /* Only within one sentence: "about that. That is" is not a
     * repetition. */
    uint32_t abs_a = (uint32_t)(subj - u->doc->text + pa);
    uint32_t abs_b = (uint32_t)(subj - u->doc->text + b);
    const struct cpl_sentence *s = sentence_at(u->doc, abs_a);
    if (!s || abs_b > s->off + s->len)
        return false;
    bool done = false;
    char *span = cpl_xstrndup(subj + pa, b - pa);
    if (!excepted(u, span, b - pa)) {
        char *curr = cpl_xstrndup(subj + ca, cl);
        const char *args[1] = {curr};
        struct copylint_diag *d = alert(u, subj, pa, b, args, 1, NULL);
        add_fixes(u, d, subj, ov, 1, pa, b, r->params, r->nparams);
        done = true;
        free(curr);
    }
    free(span);
    return done;
}

/*
 * run_repetition() for a native, case-sensitive rule whose matches need
 * no trimming: the walk in native.c passes over every match that does
 * not repeat the one before (most words) without coming back here. Same
 * findings: a match that differs from the one before is never a hit,
 * and only hits change the count.
 */
static void run_repetition_native(struct run *u, const char *subj,
                                  size_t len)
{
    const struct cpl_vrule *r = u->r;
    struct cpl_rule_scratch *sc = u->s;
    if (!sc->native)
        sc->native = cpl_native_cache_new();
    struct cpl_native_walk w;
    cpl_native_walk_init(&w, sc->rs->classes, sc->native, r->native, subj,
                         len);
    size_t pos;
    const uint64_t *bits = native_bits(u, r->native, subj, len, &pos);
    if (bits)
        cpl_native_walk_use_bits(&w, bits, pos);
    int count = 0;
    size_t pa, pb, a, b;
    while (cpl_native_walk_repeat(&w, &pa, &pb, &a, &b)) {
        if (r->alpha && !all_letters(subj + a, b - a))
            continue;
        count++;
        PCRE2_SIZE ov[2] = {a, b};
        if (count > r->max && repetition_alert(u, subj, pa, b, a, b - a, ov))
            count = 0;
    }
}

static void run_repetition(struct run *u, const char *subj, size_t len)
{
    const struct cpl_vrule *r = u->r;
    if (r->native && !r->ignorecase &&
        cpl_native_untrimmed(u->s->rs->classes, r->native)) {
        run_repetition_native(u, subj, len);
        return;
    }
    size_t start = 0, pa = 0;
    /* The previous match, trimmed: subj[prev_a, prev_b), once there is one.
     * Spans, not copies: this runs once per word of the text. */
    size_t prev_a = 0, prev_b = 0;
    bool have_prev = false;
    int count = 0;
    while (start <= len && rule_match(u, subj, len, start) > 0) {
        PCRE2_SIZE *ov = rule_ov(u);
        size_t a = ov[0], b = ov[1];
        next_start(subj, len, ov, &start);
        size_t ca = a, cb = b;
        trim_span(subj, &ca, &cb);
        size_t cl = cb - ca, pl = prev_b - prev_a;
        bool hit = cl && have_prev &&
                   (r->ignorecase
                        ? fold_equal(subj + ca, cl, subj + prev_a, pl)
                        : (cl == pl &&
                           memcmp(subj + ca, subj + prev_a, cl) == 0));
        hit = hit && (!r->alpha || all_letters(subj + ca, cl));
        if (hit)
            count++;
        if (hit && count > r->max &&
            repetition_alert(u, subj, pa, b, ca, cl, ov))
            count = 0;
        prev_a = ca;
        prev_b = cb;
        have_prev = true;
        pa = a;
    }
}

/*
 * consistency: over the whole document (Vale keeps what it has seen per
 * file), when both spellings of a pair occur, one finding at the first
 * occurrence of the spelling that appeared second; '%s' is that text.
 */
static void run_consistency(struct run *u)
{
    const struct cpl_vrule *r = u->r;
    struct cpl_rule_scratch *sc = u->s;
    const char *subj = u->doc->text + u->doc->start;
    size_t len = u->doc->len - u->doc->start;
    /* Plain words: the combined trie's pass tells which words occur at
     * word boundaries; a pair needs both for a finding, so a pair with
     * a word that does not occur is not searched. Caseless UCP matching
     * also lets k and s match the Kelvin and long-s signs, which the
     * folded trie does not: a document with either searches every pair. */
    bool *present = NULL;
    if (r->cons_combined && !sc->rs->no_prefilter &&
        !(r->ignorecase && !sc->ascii &&
          (has_bytes((const unsigned char *)subj, len, "\xE2\x84\xAA") ||
           has_bytes((const unsigned char *)subj, len, "\xC5\xBF")))) {
        if (!sc->have_cands)
            build_cands(sc, u->doc);
        present = cpl_xcalloc(2 * r->npairs, sizeof(*present));
        for (size_t i = sc->cand_off[r->ord]; i < sc->cand_off[r->ord + 1];
             i++)
            present[sc->cands[i].tok] = true;
    }
    for (size_t i = 0; i < r->npairs && !u->stopped; i++) {
        if (present && !(present[2 * i] && present[2 * i + 1]))
            continue;
        size_t start = 0, first_at[3] = {0}, first_end[3] = {0};
        bool seen[3] = {false};
        int order[2] = {0}, norder = 0;
        int rc;
        while (start <= len &&
               (rc = run_match(u, r->pairs[i], subj, len, start, u->s->md)) >
                   0) {
            PCRE2_SIZE *ov = pcre2_get_ovector_pointer(u->s->md);
            for (int g = 1; g <= 2 && g < rc; g++) {
                const PCRE2_SIZE *gv = ov + 2 * (size_t)g;
                if (gv[0] != PCRE2_UNSET && !seen[g]) {
                    seen[g] = true;
                    first_at[g] = gv[0];
                    first_end[g] = gv[1];
                    order[norder++] = g;
                }
            }
            next_start(subj, len, ov, &start);
            if (norder == 2)
                break;
        }
        if (norder == 2) {
            int g = order[1];
            char *m = cpl_xstrndup(subj + first_at[g], first_end[g] - first_at[g]);
            const char *args[1] = {m};
            alert(u, subj, first_at[g], first_end[g], args, 1, NULL);
            free(m);
        }
    }
    free(present);
}

/*
 * conditional: every match of `first` needs `second` in the document
 * (Vale keeps the captures per file). With a group in `second`, a match
 * of `first` is fine when its text was captured by some `second` match
 * (an acronym defined as "World Health Organization (WHO)").
 */
static void run_conditional(struct run *u)
{
    const struct cpl_vrule *r = u->r;
    const char *subj = u->doc->text + u->doc->start;
    size_t len = u->doc->len - u->doc->start;
    struct cpl_strset defined;
    cpl_strset_init(&defined);
    bool any_second = false;
    size_t start = 0;
    int rc;
    /* No match of second's REST: no match of second (tail_of). */
    bool no_second = r->second_tail && !u->s->rs->no_native &&
                     run_match(u, r->second_tail, subj, len, 0,
                               u->s->md2) == 0;
    while (!no_second && start <= len &&
           (rc = run_match(u, r->second, subj, len, start, u->s->md)) > 0) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(u->s->md);
        any_second = true;
        for (int g = 1; g < rc; g++) {
            const PCRE2_SIZE *gv = ov + 2 * (size_t)g; /* group g: start, end */
            if (gv[0] != PCRE2_UNSET && gv[1] > gv[0])
                cpl_strset_add(&defined, subj + gv[0], gv[1] - gv[0]);
        }
        next_start(subj, len, ov, &start);
        if (!r->second_has_group)
            break;
    }
    /* `first` of the shape \b[A-Z]{m,n}\b: its matches are words, walked
     * in native.c (its matches are never empty, so each search starts
     * at the end of the last match, as the walk does). */
    bool caps = r->caps_max && !u->s->rs->no_native && u->s->rs->classes;
    struct cpl_native_walk w;
    if (caps) {
        if (!u->s->native)
            u->s->native = cpl_native_cache_new();
        cpl_native_walk_init(&w, u->s->rs->classes, u->s->native,
                             CPL_NATIVE_WORDS, subj, len);
        size_t pos;
        const uint64_t *bits =
            native_bits(u, CPL_NATIVE_WORDS, subj, len, &pos);
        if (bits)
            cpl_native_walk_use_bits(&w, bits, pos);
    }
    if (!u->stopped && !(any_second && !r->second_has_group)) {
        start = 0;
        for (;;) {
            size_t a, b;
            if (caps) {
                if (!cpl_native_walk_caps(&w, r->caps_min, r->caps_max, &a,
                                          &b))
                    break;
            } else {
                if (start > len ||
                    run_match(u, r->re, subj, len, start, u->s->md) <= 0)
                    break;
                PCRE2_SIZE *ov = pcre2_get_ovector_pointer(u->s->md);
                a = ov[0];
                b = ov[1];
                next_start(subj, len, ov, &start);
            }
            if (a == b ||
                (defined.count && cpl_strset_has(&defined, subj + a, b - a)))
                continue;
            if (!excepted(u, subj + a, b - a) && !u->stopped) {
                char mbuf[256], *m_heap;
                const char *args[1] = {
                    str_copy(subj + a, b - a, mbuf, sizeof(mbuf), &m_heap)};
                alert(u, subj, a, b, args, 1, NULL);
                free(m_heap);
            }
        }
    }
    cpl_strset_release(&defined);
}

/* ---- capitalization ---------------------------------------------------- */

static bool has_lower(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += cpl_utf8_decode(s + i, n - i, &cp);
        if (cpl_is_lower(cp))
            return true;
    }
    return false;
}

static bool has_upper(const char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += cpl_utf8_decode(s + i, n - i, &cp);
        if (cpl_is_upper(cp))
            return true;
    }
    return false;
}

/* Go's strings.Title(strings.ToLower(w)) == w: upper after a separator,
 * lower elsewhere. */
static bool is_capitalized(const char *s, size_t n)
{
    bool after_sep = true;
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        i += cpl_utf8_decode(s + i, n - i, &cp);
        bool word = cpl_is_letter(cp) || cpl_is_digit(cp) || cp == '_' ||
                    cp == '\'' || cp == 0x2019;
        if (cpl_is_letter(cp)) {
            if (after_sep ? cpl_is_lower(cp) : cpl_is_upper(cp))
                return false;
        }
        after_sep = !word;
    }
    return true;
}

static bool small_word(const char *w, size_t n, bool chicago)
{
    static const char *const ap[] = {
        "a",   "an", "and", "as", "at",  "but", "by", "en",  "for", "if",
        "in",  "nor", "of", "off", "on", "or",  "out", "per", "so", "the",
        "to",  "up", "v",   "v.", "via", "vs",  "vs.", "yet", NULL};
    static const char *const chicago_extra[] = {
        "about", "above", "across", "after", "against", "along", "among",
        "around", "before", "behind", "below", "beneath", "beside",
        "between", "beyond", "down", "during", "except", "from", "inside",
        "into", "like", "near", "onto", "outside", "over", "past", "since",
        "through", "toward", "towards", "under", "underneath", "until",
        "upon", "with", "within", "without", NULL};
    char low[16];
    if (n >= sizeof(low))
        return false;
    for (size_t i = 0; i < n; i++)
        low[i] = (char)tolower((unsigned char)w[i]);
    low[n] = '\0';
    for (size_t i = 0; ap[i]; i++)
        if (strcmp(low, ap[i]) == 0)
            return true;
    for (size_t i = 0; chicago && chicago_extra[i]; i++)
        if (strcmp(low, chicago_extra[i]) == 0)
            return true;
    return false;
}

/* The word as title case would write it: a small word in lower case
 * (except first and last), any other with its first letter upper. */
static bool title_ok(const char *w, size_t n, bool first, bool last,
                     bool chicago)
{
    if (!first && !last && small_word(w, n, chicago))
        return !has_upper(w, n);
    uint32_t cp;
    cpl_utf8_decode(w, n, &cp);
    return !cpl_is_lower(cp);
}

static bool cap_check(struct run *u, const char *s, size_t n)
{
    const struct cpl_vrule *r = u->r;
    switch (r->cap) {
    case CAP_LOWER:
        return !has_upper(s, n) || excepted(u, s, n);
    case CAP_UPPER:
        return !has_lower(s, n) || excepted(u, s, n);
    case CAP_REGEX:
        return search(u, r->cap_re, s, n) || excepted(u, s, n);
    case CAP_TITLE:
    case CAP_SENTENCE:
        break;
    }
    if (r->cap == CAP_SENTENCE)
        while (n && strchr("?!.:", s[n - 1]))
            n--;
    /* Words, with their offsets, first. */
    size_t cap = 0, nw = 0;
    struct cpl_span *w = NULL;
    size_t start = 0;
    while (start < n && run_match(u, r->words_re, s, n, start, u->s->md2) > 0) {
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(u->s->md2);
        w = cpl_xgrow(w, &cap, nw + 1, sizeof(*w));
        w[nw++] = (struct cpl_span){(uint32_t)ov[0], (uint32_t)(ov[1] - ov[0])};
        next_start(s, n, ov, &start);
    }
    double count = 0, words = 0;
    bool ok = true;
    for (size_t i = 0; i < nw && ok; i++) {
        const char *t = s + w[i].off;
        size_t tl = w[i].len;
        bool exc = excepted(u, t, tl);
        if (r->cap == CAP_TITLE) {
            if (exc || !has_lower(t, tl) ||
                title_ok(t, tl, i == 0, i + 1 == nw, r->chicago))
                count++;
        } else {
            /* Vale: "Top-level" → "Top", "Client's" → "Client". */
            size_t cut = tl;
            for (size_t k = 0; k < tl; k++)
                if (t[k] == '-' || t[k] == '\'' ||
                    (k + 2 < tl && memcmp(t + k, "’", 3) == 0)) {
                    cut = k;
                    break;
                }
            bool indicated = false;
            if (i > 0) {
                const char *pt = s + w[i - 1].off;
                size_t pl = w[i - 1].len;
                for (size_t k = 0; k < r->nindicators; k++) {
                    size_t il = strlen(r->indicators[k]);
                    if (il <= pl && memcmp(pt + pl - il, r->indicators[k],
                                           il) == 0)
                        indicated = true;
                }
            }
            /* Counts: no lower case, after an indicator, an exception;
             * else the first word must be capitalised, the rest lower. */
            bool passes = !has_lower(t, cut) || indicated || exc;
            if (!passes && i == 0 && !is_capitalized(t, cut))
                ok = false;
            else if (passes || i == 0 || !has_upper(t, cut))
                count++;
        }
        words++;
    }
    free(w);
    if (!ok)
        return false;
    return words == 0 || count / words > r->threshold;
}

static void run_capitalization(struct run *u, const char *subj, size_t len)
{
    size_t a = 0, b = len;
    while (a < b && isspace((unsigned char)subj[a]))
        a++;
    while (b > a && isspace((unsigned char)subj[b - 1]))
        b--;
    if (a == b || cap_check(u, subj + a, b - a) || u->stopped)
        return;
    char *m = cpl_xstrndup(subj + a, b - a);
    const char *args[1] = {m};
    alert(u, subj, a, b, args, 1, NULL);
    free(m);
}

/* One block of a rule of a type that runs block by block. */
static void run_block(struct run *u, struct cpl_span sp)
{
    memset(u->lc, 0, sizeof(u->lc));
    u->ci = 0;
    u->tail_state = 0;
    const char *subj = u->doc->text + sp.off;
    switch (u->r->type) {
    case T_EXISTENCE:
        run_existence(u, subj, sp.len);
        break;
    case T_SUBSTITUTION:
        run_substitution(u, subj, sp.len);
        break;
    case T_OCCURRENCE:
        run_occurrence(u, subj, sp.len);
        break;
    case T_REPETITION:
        run_repetition(u, subj, sp.len);
        break;
    case T_CAPITALIZATION:
        run_capitalization(u, subj, sp.len);
        break;
    case T_CONSISTENCY:
    case T_CONDITIONAL:
    case T_COUNT:
        break;
    }
}

enum { GS_DONE = 1, GS_STOPPED = 2 };

/* The state of group g in the scratch's document (shared matching). */
static struct grp_state *group_state(struct cpl_rule_scratch *s, uint32_t g)
{
    if (s->cap_grp < s->rs->ngroups) {
        s->grp = cpl_xrealloc(s->grp, s->rs->ngroups * sizeof(*s->grp));
        memset(s->grp + s->cap_grp, 0,
               (s->rs->ngroups - s->cap_grp) * sizeof(*s->grp));
        s->cap_grp = s->rs->ngroups;
    }
    return &s->grp[g];
}

/* Rule u->r over the document: the blocks of its scope. */
static void run_rule(struct run *u)
{
    const struct cpl_vrule *r = u->r;
    copylint_doc *doc = u->doc;
    struct cpl_rule_scratch *s = u->s;
    if ((r->type == T_EXISTENCE || r->type == T_SUBSTITUTION) &&
        !might_match(r, s, doc))
        return;
    if (r->type == T_CONSISTENCY) {
        run_consistency(u);
        return;
    }
    if (r->type == T_CONDITIONAL) {
        run_conditional(u);
        return;
    }
    size_t n = block_count(u);
    bool by_hits = n > 1 && !s->rs->no_run_skip &&
                   s->rs->nslots == s->rs->nrules &&
                   s->rs->slots[r->ord].kind == RK_PF;
    if (by_hits && !s->have_pf)
        pf_scan(s, doc); /* as rule_match() would */
    if (by_hits && pf_complete(s, r->ord)) {
        /* Every match is at a hit (rule_match()): the blocks without
         * one find nothing (a block's findings depend on its own
         * matches alone), so only those with a hit are run. Blocks
         * come in text order. */
        const uint32_t *h = s->pf_hits + s->pf_cnt[r->ord];
        size_t nh = s->pf_cnt[r->ord + 1] - s->pf_cnt[r->ord], k = 0;
        for (size_t i = 0; i < n && k < nh && !u->stopped; i++) {
            struct cpl_span sp = block(u, i);
            while (k < nh && h[k] < sp.off)
                k++;
            if (k < nh && h[k] - sp.off < sp.len)
                run_block(u, sp);
        }
        return;
    }
    for (size_t i = 0; i < n && !u->stopped; i++)
        run_block(u, block(u, i));
}

void cpl_vrule_run(const struct cpl_vrule *r, copylint_doc *doc,
                   struct cpl_rule_scratch *s)
{
    if (atomic_load_explicit(&((struct cpl_vrule *)r)->disabled,
                             memory_order_relaxed))
        return;
    if (doc->ctx && cpl_ctx_severity(doc->ctx, &r->info) ==
                        COPYLINT_SEVERITY_OFF)
        return;
    struct run u = {.r = r, .doc = doc, .s = s};
    struct grp_state *g = NULL;
    if (r->grp != NO_GROUP && !s->rs->no_share) {
        g = group_state(s, r->grp);
        if (g->gen == s->gen && g->state == GS_DONE) {
            /* another rule of the group matched: its findings */
            for (size_t i = g->from; i < g->to; i++) {
                const struct match_rec *m = &s->recs[i];
                existence_alert(&u, doc->text + m->off, m->a, m->b,
                                m->ng ? s->rec_ov + m->ov : NULL,
                                (int)m->ng);
            }
            return;
        }
        if (g->gen == s->gen) {
            g = NULL; /* it was stopped: match on its own */
        } else {
            g->gen = s->gen;
            g->from = s->nrecs;
            u.rec = true;
        }
    }
    run_rule(&u);
    if (g) {
        g->state = u.stopped ? GS_STOPPED : GS_DONE;
        g->to = s->nrecs;
    }
}

/* ---- HTML entities ----------------------------------------------------- */

static const struct {
    const char *name;
    uint32_t cp;
} entities[] = {
    {"amp", '&'},       {"lt", '<'},         {"gt", '>'},
    {"quot", '"'},      {"apos", '\''},      {"nbsp", 0xA0},
    {"ndash", 0x2013},  {"mdash", 0x2014},   {"lsquo", 0x2018},
    {"rsquo", 0x2019},  {"ldquo", 0x201C},   {"rdquo", 0x201D},
    {"sbquo", 0x201A},  {"bdquo", 0x201E},   {"hellip", 0x2026},
    {"bull", 0x2022},   {"middot", 0xB7},    {"laquo", 0xAB},
    {"raquo", 0xBB},    {"copy", 0xA9},      {"reg", 0xAE},
    {"trade", 0x2122},  {"deg", 0xB0},       {"euro", 0x20AC},
    {"pound", 0xA3},    {"cent", 0xA2},      {"yen", 0xA5},
    {"sect", 0xA7},     {"para", 0xB6},      {"times", 0xD7},
    {"divide", 0xF7},   {"frac12", 0xBD},    {"frac14", 0xBC},
    {"frac34", 0xBE},   {"eacute", 0xE9},    {"Eacute", 0xC9},
    {"egrave", 0xE8},   {"agrave", 0xE0},    {"aacute", 0xE1},
    {"acirc", 0xE2},    {"ecirc", 0xEA},     {"euml", 0xEB},
    {"iacute", 0xED},   {"iuml", 0xEF},      {"icirc", 0xEE},
    {"oacute", 0xF3},   {"ocirc", 0xF4},     {"ouml", 0xF6},
    {"uacute", 0xFA},   {"uuml", 0xFC},      {"ucirc", 0xFB},
    {"ccedil", 0xE7},   {"Ccedil", 0xC7},    {"ntilde", 0xF1},
    {"auml", 0xE4},     {"aring", 0xE5},     {"oslash", 0xF8},
    {"szlig", 0xDF},    {"thinsp", 0x2009},  {"ensp", 0x2002},
    {"emsp", 0x2003},   {"zwj", 0x200D},     {"zwnj", 0x200C},
    {"shy", 0xAD},      {"prime", 0x2032},   {"Prime", 0x2033},
};

char *cpl_html_unescape(const char *s, size_t len)
{
    struct pat p = {0};
    for (size_t i = 0; i < len; i++) {
        if (s[i] != '&') {
            pat_add(&p, s + i, 1);
            continue;
        }
        const char *semi = memchr(s + i, ';', len - i);
        size_t nl = semi ? (size_t)(semi - (s + i)) - 1 : 0;
        uint32_t cp = 0;
        if (semi && nl >= 2 && s[i + 1] == '#') {
            char *end;
            bool hex = s[i + 2] == 'x' || s[i + 2] == 'X';
            unsigned long v = strtoul(s + i + (hex ? 3 : 2), &end,
                                      hex ? 16 : 10);
            if (end == semi && v > 0 && v <= 0x10FFFF &&
                !(v >= 0xD800 && v <= 0xDFFF))
                cp = (uint32_t)v;
        } else if (semi && nl > 0 && nl < 10) {
            for (size_t e = 0; e < sizeof(entities) / sizeof(entities[0]); e++)
                if (strlen(entities[e].name) == nl &&
                    memcmp(entities[e].name, s + i + 1, nl) == 0)
                    cp = entities[e].cp;
        }
        if (!cp) {
            pat_add(&p, s + i, 1);
            continue;
        }
        char buf[4];
        size_t blen = cpl_utf8_encode(cp, buf);
        pat_add(&p, buf, blen);
        i = (size_t)(semi - s);
    }
    if (!p.s)
        pat_str(&p, "");
    free(p.pieces);
    return p.s;
}
