/*
 * doc.h: the document model. A document owns the bytes of one article; the
 * line table, paragraphs, sentences and word tokens are spans into them
 * (cmark src/chunk.h), computed once by cpl_doc_segment() and never freed
 * one by one. Checks read these and report through diag.h.
 */
#ifndef CPL_DOC_H
#define CPL_DOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../copylint.h"
#include "catalogue.h"

struct cpl_span {
    uint32_t off, len;
};

enum cpl_token_flags {
    CPL_TOK_UPPER_FIRST = 1 << 0, /* starts with an upper-case letter */
    CPL_TOK_ALL_UPPER = 1 << 1,   /* has letters, none lower-case */
    CPL_TOK_HAS_DIGIT = 1 << 2,
    CPL_TOK_HAS_LOWER = 1 << 3,
    CPL_TOK_HAS_ALPHA = 1 << 4,
    CPL_TOK_NON_ASCII = 1 << 5,
    CPL_TOK_SENT_START = 1 << 6,  /* first word of its sentence */
    CPL_TOK_HAS_HYPHEN = 1 << 7,  /* joined at - U+2010 or U+2011 */
    CPL_TOK_UPPER_INSIDE = 1 << 8 /* an ASCII capital A-Z after the first
                                     character ("iPhone", "McCain") */
};

/* A word: letters, marks and digits, with inner apostrophes and hyphens
 * ("Jean-Pierre", "Iraq’s", "rock-’n’-roll"). No periods, no quotes. */
struct cpl_token {
    uint32_t off, len;
    uint32_t flags;
    uint32_t sentence; /* index into doc->sents */
    uint32_t word;     /* the token's record in the run's word cache
                          (wordcache.h) once cpl_wordcache_doc() has
                          looked every token up: its reference, 0 if
                          none; 0 until then */
};

struct cpl_sentence {
    uint32_t off, len;
    uint32_t first_tok, ntoks;
    uint32_t para; /* index into doc->paras */
};

/* A paragraph: lines between blank lines, without the final line break. */
struct cpl_para {
    uint32_t off, len;
    uint32_t first_sent, nsents;
    uint32_t first_tok, ntoks;
};

struct cpl_fix {
    uint32_t off, len;
    char *text;
    bool safe;
};

struct copylint_diag {
    const struct cpl_rule_info *rule;
    copylint_severity severity;
    uint32_t off, len;       /* byte range in doc->bytes */
    bool whole_file;
    unsigned line, col, end_line, end_col; /* filled by cpl_doc_finish() */
    size_t char_off, char_len;
    char *message;
    uint32_t msglen; /* strlen(message) */
    struct cpl_fix *fixes;
    uint32_t nfixes;
    uint32_t seq; /* insertion order, for a stable sort */
};

/* The article's English, inferred by dialect.c or set by the user. */
enum cpl_dialect {
    CPL_DIALECT_UNKNOWN = 0,
    CPL_DIALECT_EN_CA,
    CPL_DIALECT_EN_US,
    CPL_DIALECT_EN_GB
};

struct copylint_doc {
    const copylint_ctx *ctx; /* set while linting */
    enum cpl_dialect dialect;
    const char *dialect_reason; /* static text: "credit 'The Canadian Press'" */
    const char *house_style;    /* "cp", "ap" or NULL: packs to run */
    char dialect_why[160];      /* dialect_reason's text when built */
    char *path;
    size_t cappath; /* bytes allocated for path */
    char *bytes;  /* as read, NUL-terminated */
    size_t len, capbytes; /* capbytes: allocated (known) */
    char *text;   /* same length; invalid UTF-8 bytes replaced by 0x1A */
    uint32_t start; /* first byte after a BOM */

    uint32_t *lines; /* byte offset of each line's start */
    size_t nlines, caplines;

    struct cpl_para *paras;
    size_t nparas, capparas;
    struct cpl_sentence *sents;
    size_t nsents, capsents;
    struct cpl_token *toks;
    size_t ntoks, captoks;
    bool segmented;
    bool words_looked_up; /* tok->word is set (cpl_wordcache_doc()) */
    bool had_invalid_utf8;
    bool all_ascii; /* check_utf8() found no byte from 0x80 (false
                       until it has run) */

    struct copylint_diag *diags;
    size_t ndiags, capdiags;
    /* The findings' messages, carved from blocks that go with the
     * document (diag.c): no malloc or free per finding. */
    struct cpl_text_block *msg_blocks;
    size_t max_diags;
    bool diags_truncated;
};

/* The largest file copylint reads (offsets are 32-bit). */
#define CPL_DOC_MAX_BYTES COPYLINT_MAX_BYTES

/* Frees the arrays copylint_doc_free() keeps for the next documents
 * (doc.c); copylint_ctx_free() calls it. */
void cpl_doc_spares_free(void);

/* Whether copylint_doc_free() keeps arrays for the next documents (on by
 * default; off only in the unit test that compares the two ways). Not
 * to be called while other threads make or free documents. */
void cpl_doc_set_recycling(bool on);

/* Checks UTF-8 (reporting invalid bytes) and builds the line table. */
void cpl_doc_prepare_text(copylint_doc *doc);

/* Builds the line table, checks UTF-8 (reporting invalid bytes) and
 * splits paragraphs, sentences and tokens. Idempotent. */
void cpl_doc_segment(copylint_doc *doc);

/* cpl_doc_segment() with every word found byte by byte, without the
 * 64-byte path for ASCII sentences: the reference its unit test compares
 * the fast path with. */
void cpl_doc_segment_bytewise(copylint_doc *doc);

/* 1-based line and code-point column of a byte offset. */
void cpl_doc_line_col(const copylint_doc *doc, uint32_t off, unsigned *line,
                      unsigned *col);

/* The line containing `off`, without its line break. */
struct cpl_span cpl_doc_line_span(const copylint_doc *doc, unsigned line);

/* Whether a token ends with "." in the text and that period belongs to an
 * abbreviation or initial rather than ending a sentence. */
bool cpl_doc_is_abbrev_at(const copylint_doc *doc, uint32_t word_start,
                          uint32_t period);

/* Sets doc->dialect, dialect_reason and house_style from the context's
 * option or, for "auto", from the article itself (dialect.c). */
void cpl_doc_infer_dialect(copylint_doc *doc);

/* Sorts findings by position and fills in lines and columns, in one pass. */
void cpl_doc_finish(copylint_doc *doc);

/* cpl_doc_finish() done the plain way (qsort(), a column count per line
 * and another from the file's start): the reference its unit test
 * compares it with. */
void cpl_doc_finish_reference(copylint_doc *doc);

#endif
