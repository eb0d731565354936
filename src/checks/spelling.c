/*
 * spelling.c: spelling in the article's own dialect (spelling.unknown,
 * spelling.dialect). Dictionaries, caches and word lists live in
 * core/dict.c; the dialect comes from core/dialect.c.
 *
 * General spell-checkers drown editors in names; this one does the
 * opposite. Only lower-case words can be spelling.unknown: a capitalised
 * word that no dictionary knows is a name, and names.c checks that it is
 * spelled the same way throughout. Skipped: words with digits, all-caps
 * words (acronyms, and the ALL-CAPS headlines of old wire copy), words in
 * non-Latin scripts, and anything inside a URL, e-mail address, domain,
 * hashtag or handle.
 *
 * spelling.dialect: a word the article's dictionary rejects that another
 * dialect spells that way (dicts/dialect-variants.txt, with its regular
 * inflections), fixed with the article's spelling: "Defense" in Canadian
 * copy -> "Defence", "colour" in AP copy -> "color". Capitalised words are
 * checked too ("Defense Minister Harjit Sajjan"), but a capitalised word
 * keeps its spelling when it is part of a listed proper name
 * (dicts/dialect-proper-names.txt: "Pearl Harbor", "Department of
 * Defense") or when its sentence, or the one before, is about the country
 * that spells it that way ("U.S. Defense Secretary", "Britain's Ministry
 * of Defence" in AP copy). A lower-case word is the writer's own spelling
 * and is flagged whatever the context.
 *
 * Cost: one cached dictionary probe per lower-case word, one hash probe
 * per capitalised word; suggestions once per distinct misspelling.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/alloc.h"
#include "../core/dict.h"
#include "../core/utf8.h"
#include "../core/wordcache.h"
#include "check.h"

#define MAXW 96

static const char *dialect_adjective(enum cpl_dialect d)
{
    switch (d) {
    case CPL_DIALECT_EN_CA:
        return "Canadian";
    case CPL_DIALECT_EN_US:
        return "American";
    case CPL_DIALECT_EN_GB:
        return "British";
    case CPL_DIALECT_UNKNOWN:
        break;
    }
    return "other";
}

static bool non_latin(const char *s, size_t len)
{
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        i += cpl_utf8_decode(s + i, len - i, &cp);
        if (cp >= 0x250 && !(cp >= 0x1E00 && cp <= 0x1EFF) &&
            cp != 0x2019 && cp != 0x2018 && cpl_is_letter(cp))
            return true;
    }
    return false;
}

/* UTF-8 read as Windows-1252 ("economistsâ€™", "JosÃ©"): encoding.mojibake
 * reports it; the word itself is not misspelt. */
static bool mojibake(const char *s, size_t len)
{
    for (size_t i = 0; i + 1 < len; i++) {
        unsigned char a = (unsigned char)s[i], b = (unsigned char)s[i + 1];
        if (a == 0xC3 && (b == 0x82 || b == 0x83))
            return true; /* Â or Ã */
        if (a == 0xC3 && b == 0xA2 && i + 2 == len)
            return true; /* a final â (of â€™) */
    }
    return false;
}

/* Whether the whitespace-delimited chunk around the token looks like a
 * URL, e-mail address, domain, hashtag or handle. */
static bool in_address(const copylint_doc *doc, uint32_t off, uint32_t len)
{
    const char *t = doc->text;
    size_t a = off, b = off + len;
    while (a > doc->start && off - a < 200 &&
           !isspace((unsigned char)t[a - 1]))
        a--;
    while (b < doc->len && b - off < 200 && !isspace((unsigned char)t[b]))
        b++;
    if (t[a] == '#' || t[a] == '@')
        return true;
    for (size_t i = a; i < b; i++) {
        if (t[i] == '@' || t[i] == '/' || t[i] == '_' || t[i] == '\\')
            return true;
        if (t[i] == '.' && i + 1 < b && islower((unsigned char)t[i + 1]))
            return true;
    }
    return false;
}

/* Whole-word occurrence of any cue in text[a, b). */
static bool has_cue(const char *text, size_t a, size_t b,
                    const char *const *cues)
{
    for (const char *const *c = cues; *c; c++) {
        size_t n = strlen(*c);
        for (size_t i = a; i + n <= b; i++) {
            if (memcmp(text + i, *c, n) != 0)
                continue;
            bool left = i == a || !isalnum((unsigned char)text[i - 1]);
            bool right = i + n == b || !isalpha((unsigned char)text[i + n]);
            if (left && right)
                return true;
        }
    }
    return false;
}

static const char *const us_cues[] = {
    "U.S.",     "US",      "USA",      "American", "Americans",
    "America",  "Pentagon", "Washington", "United States", "Congress",
    "White House", NULL};
static const char *const ca_cues[] = {
    "Canada", "Canadian", "Canadians", "Ottawa", "Quebec", "Ontario", NULL};
static const char *const gb_cues[] = {
    "Britain",  "British", "U.K.",   "UK",        "London", "England",
    "English",  "Scotland", "Wales", "Ireland",   "Australia",
    "Australian", "New Zealand", "Commonwealth", "Whitehall", NULL};

/* Whether the sentence holding `tok`, or the one before, is about a
 * country whose dialect writes the word this way. */
static bool foreign_context(const copylint_doc *doc,
                            const struct cpl_token *tok,
                            const struct cpl_variant_hit *hit)
{
    const struct cpl_sentence *s = &doc->sents[tok->sentence];
    size_t a = s->off, b = s->off + s->len;
    if (tok->sentence > 0)
        a = doc->sents[tok->sentence - 1].off;
    if (hit->in[CPL_DIALECT_EN_US] && has_cue(doc->text, a, b, us_cues))
        return true;
    if (hit->in[CPL_DIALECT_EN_CA] && has_cue(doc->text, a, b, ca_cues))
        return true;
    if (hit->in[CPL_DIALECT_EN_GB] && has_cue(doc->text, a, b, gb_cues))
        return true;
    return false;
}

static const char *spelled_by(const struct cpl_variant_hit *hit)
{
    if (hit->in[CPL_DIALECT_EN_US] && !hit->in[CPL_DIALECT_EN_CA] &&
        !hit->in[CPL_DIALECT_EN_GB])
        return "American";
    if (hit->in[CPL_DIALECT_EN_GB] && !hit->in[CPL_DIALECT_EN_US] &&
        !hit->in[CPL_DIALECT_EN_CA])
        return "British";
    if (hit->in[CPL_DIALECT_EN_CA] && hit->in[CPL_DIALECT_EN_GB])
        return "British and Canadian";
    if (hit->in[CPL_DIALECT_EN_US] && hit->in[CPL_DIALECT_EN_CA])
        return "American and Canadian";
    return "another dialect's";
}

static void report_dialect(copylint_doc *doc, enum cpl_dialect d,
                           uint32_t off, uint32_t len, const char *fix,
                           const char *by)
{
    struct copylint_diag *dg = cpl_diag_add(
        doc, CPL_RULE_SPELL_DIALECT, off, len,
        "'%.*s' is %s spelling; %s copy writes '%s'", (int)len,
        doc->text + off, by, dialect_adjective(d), fix);
    if (dg)
        cpl_diag_fix(dg, off, len, fix, false);
}

/*
 * A lower-case word the dictionaries lack is still no misspelling when:
 * - it is a name or month written in lower case ("april", "venezuela":
 *   the dictionary knows it capitalised), or an acronym written in lower
 *   case ("opec": the lists know "OPEC");
 * - it has no vowel and at most four letters (unit and table
 *   abbreviations: "mcf", "cwts", "kms");
 * - it is a drawn-out interjection ("ummm", "pleeease": drawn_out());
 * - it is a closed compound of two dictionary words of three letters or
 *   more ("writedown", "carryforward", "soymeal"), or a common prefix and
 *   a word ("nonaccrual", "presplit", "mispackaged"), or a word plus -s
 *   ("crudes", "sowings"): wire copy closes compounds freely.
 * These tests need no context, so they also judge each part of a
 * hyphenated compound (see compound_ok()). Each costs a few cached
 * look-ups and runs only for unknown words.
 */
static bool known_any(const copylint_ctx *ctx, const copylint_doc *doc,
                      const char *w, size_t len)
{
    return cpl_dict_listed(ctx->dict, w, len) ||
           cpl_dict_spell(ctx->dict, doc->dialect, w, len);
}

static bool plausible_form(const copylint_ctx *ctx, const copylint_doc *doc,
                           const char *w, size_t len, bool part)
{
    char buf[MAXW];
    if (len == 0 || len >= MAXW)
        return false;
    memcpy(buf, w, len);
    buf[0] = (char)toupper((unsigned char)buf[0]);
    /* A part of three letters would let "one-tim" through as "Tim". */
    if ((!part || len >= 4) && known_any(ctx, doc, buf, len))
        return true;
    /* "opec", "nato": an acronym of the lists in lower case. */
    for (size_t i = 1; i < len; i++)
        buf[i] = (char)toupper((unsigned char)buf[i]);
    if (len >= 3 && cpl_dict_listed(ctx->dict, buf, len))
        return true;
    if (len <= 4 && !memchr(w, 'a', len) && !memchr(w, 'e', len) &&
        !memchr(w, 'i', len) && !memchr(w, 'o', len) &&
        !memchr(w, 'u', len) && !memchr(w, 'y', len))
        return true;
    if (len >= 5 && w[len - 1] == 's' && known_any(ctx, doc, w, len - 1))
        return true;
    static const struct {
        const char *p;
        size_t min; /* shortest word after it */
    } prefixes[] = {
        {"anti", 3}, {"co", 3},    {"counter", 3}, {"cross", 3},
        {"de", 6},   {"euro", 3},  {"inter", 3},   {"intra", 3},
        {"micro", 3}, {"mid", 3},  {"mini", 3},    {"mis", 4},
        {"multi", 3}, {"non", 3},  {"over", 3},    {"post", 3},
        {"pre", 3},  {"re", 3},    {"semi", 3},    {"sub", 3},
        {"super", 3}, {"trans", 3}, {"un", 3},     {"under", 3}};
    for (size_t k = 0; k < sizeof(prefixes) / sizeof(prefixes[0]); k++) {
        size_t pl = strlen(prefixes[k].p);
        if (len >= pl + prefixes[k].min && memcmp(w, prefixes[k].p, pl) == 0 &&
            known_any(ctx, doc, w + pl, len - pl))
            return true;
    }
    if (part || memchr(w, '-', len))
        return false; /* a split part would pass "taxa|bale" as "taxabale" */
    for (size_t i = 3; len >= 7 && i + 3 <= len; i++)
        if (known_any(ctx, doc, w, i) && known_any(ctx, doc, w + i, len - i))
            return true;
    return false;
}

/*
 * A hyphenated compound whose every part is a word ("mln-dlr",
 * "joint-bookrunner", "end-february") or a combining form before a hyphen
 * ("agro-food", "mis-transcription", "tri-state"). Hunspell splits at
 * hyphens too, but knows neither the newsroom lists nor the tests above.
 * A misspelt part still fires ("one-hundreth"), and so does a word cut
 * by a stray hyphen ("orga-nise": "orga" is no word).
 */
static bool compound_ok(const copylint_ctx *ctx, const copylint_doc *doc,
                        const char *w, size_t len)
{
    static const char *const forms[] = {
        "agro",  "bi",    "bio",    "co",     "docu",   "eco",  "electro",
        "ex",    "geo",   "hydro",  "hyper",  "immuno", "infra", "macro",
        "mega",  "micro", "mis",    "mono",   "neo",    "neuro", "opto",
        "pan",   "petro", "photo",  "poly",   "pseudo", "psycho", "quasi",
        "socio", "tele",  "thermo", "tri",    "uber",   "ultra", "vaso",
        NULL};
    if (!memchr(w, '-', len) || len >= MAXW)
        return false;
    for (size_t a = 0; a <= len;) {
        const char *dash = memchr(w + a, '-', len - a);
        size_t b = dash ? (size_t)(dash - w) : len;
        size_t pl = b - a;
        bool ok = pl > 0 && (known_any(ctx, doc, w + a, pl) ||
                             plausible_form(ctx, doc, w + a, pl, true));
        for (const char *const *f = forms; !ok && dash && *f; f++)
            ok = strlen(*f) == pl && memcmp(*f, w + a, pl) == 0;
        if (!ok)
            return false;
        a = b + 1;
    }
    return true;
}

/*
 * What the story itself shows about its words, gathered in one pass over
 * the tokens the first time an unknown word needs it (so each unknown word
 * costs a hash look-up, not a scan of the article), folded to lower case:
 *   capitalised  every hyphen-separated part of a capitalised token
 *                ("usda" next to "USDA", "petroleos" next to "Petroleos");
 *   acronyms     the same for ALL-CAPS tokens, which count only up to six
 *                letters: an ALL-CAPS headline holds every word of the
 *                story, typos included;
 *   defined      abbreviations defined in parentheses after the words
 *                whose initials they spell ("official selling prices
 *                (osp)"); any occurrence counts once one is defined.
 */
/* One part of a token, kept as its place in the text (no copy): the
 * words above, folded to lower case when compared. */
struct story_part {
    uint32_t off, len; /* len 0: a free slot */
    uint32_t hash;     /* of the folded bytes */
    uint32_t kinds;    /* SW_* */
};

enum { SW_CAPITALISED = 1, SW_ACRONYM = 2, SW_DEFINED = 4 };

struct story_words {
    bool built;
    /* Open addressing over the folded parts, each once with the kinds it
     * was seen as: one block per article, nothing per word. */
    struct story_part *parts;
    size_t mask;
    size_t room; /* parts that may still be added */
    /* Per token: whether the whole token is a word (known_any()), or -1
     * not looked up yet. check_lower() and lowercased_article() ask the
     * same of the same tokens; each keeps what it found for the other. */
    signed char *known;
};

static void story_words_release(struct story_words *sw)
{
    free(sw->parts);
    sw->parts = NULL;
}

static size_t fold_ascii(const char *w, size_t len, char *out)
{
    for (size_t i = 0; i < len; i++)
        out[i] = (char)tolower((unsigned char)w[i]);
    return len;
}

/* FNV-1a of w[0, len) folded as fold_ascii() folds it. */
static uint32_t folded_hash(const char *w, size_t len)
{
    uint32_t h = 2166136261u;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)tolower((unsigned char)w[i]);
        h *= 16777619u;
    }
    return h;
}

/* The slot of the folded word key[0, len) (hash h): its part, or the free
 * slot where it would go. */
static struct story_part *story_slot(const copylint_doc *doc,
                                     const struct story_words *sw,
                                     const char *key, size_t len, uint32_t h)
{
    for (size_t i = h & sw->mask;; i = (i + 1) & sw->mask) {
        struct story_part *p = &sw->parts[i];
        if (!p->len)
            return p;
        if (p->hash != h || p->len != len)
            continue;
        const char *t = doc->text + p->off;
        size_t k = 0;
        while (k < len && (char)tolower((unsigned char)t[k]) == key[k])
            k++;
        if (k == len)
            return p;
    }
}

static void add_part(const copylint_doc *doc, struct story_words *sw,
                     uint32_t off, uint32_t len, uint32_t kind)
{
    char buf[MAXW];
    fold_ascii(doc->text + off, len, buf);
    uint32_t h = folded_hash(doc->text + off, len);
    struct story_part *p = story_slot(doc, sw, buf, len, h);
    if (!p->len) {
        if (!sw->room)
            return; /* never: the parts were counted (the table is kept
                       at most half full, so that a probe ends) */
        sw->room--;
        p->off = off;
        p->len = len;
        p->hash = h;
    }
    p->kinds |= kind;
}

static void add_parts(const copylint_doc *doc, struct story_words *sw,
                      const struct cpl_token *o, uint32_t kind)
{
    const char *t = doc->text + o->off;
    size_t tl = o->len;
    for (size_t a = 0; a < tl;) {
        const char *dash = memchr(t + a, '-', tl - a);
        size_t b = dash ? (size_t)(dash - t) : tl;
        if (b > a && b - a < MAXW)
            add_part(doc, sw, o->off + (uint32_t)a, (uint32_t)(b - a), kind);
        a = b + 1;
    }
}

/* Whether token k, two to six letters in parentheses, spells the initials
 * of the tokens just before it in its sentence. */
static bool defines_abbreviation(const copylint_doc *doc, size_t k)
{
    const struct cpl_token *o = &doc->toks[k];
    size_t len = o->len;
    if (len < 2 || len > 6 || k < len || o->off == 0 ||
        doc->text[o->off - 1] != '(' || o->off + len >= doc->len ||
        doc->text[o->off + len] != ')')
        return false;
    for (size_t i = 0; i < len; i++) {
        const struct cpl_token *p = &doc->toks[k - len + i];
        if (p->sentence != o->sentence ||
            tolower((unsigned char)doc->text[p->off]) !=
                tolower((unsigned char)doc->text[o->off + i]))
            return false;
    }
    return true;
}

static void story_words_build(const copylint_doc *doc, struct story_words *sw)
{
    sw->built = true;
    /* At most one part per capitalised token and hyphen in it, and one
     * definition per token: the table is made big enough at once. */
    size_t n = 0;
    for (size_t k = 0; k < doc->ntoks; k++) {
        const struct cpl_token *o = &doc->toks[k];
        if (o->len >= 2 && o->len <= 6 && o->off > 0 &&
            doc->text[o->off - 1] == '(')
            n++; /* maybe a definition */
        if (!(o->flags & (CPL_TOK_ALL_UPPER | CPL_TOK_UPPER_FIRST)))
            continue;
        n++;
        /* A '-' inside a token always joins (CPL_TOK_HAS_HYPHEN). */
        if (o->flags & CPL_TOK_HAS_HYPHEN)
            for (const char *p = doc->text + o->off, *e = p + o->len;
                 p < e && (p = memchr(p, '-', (size_t)(e - p))) != NULL; p++)
                n++;
    }
    sw->room = n;
    size_t cap = 16;
    while (cap < 2 * n)
        cap *= 2;
    sw->parts = cpl_xcalloc(cap, sizeof(*sw->parts));
    sw->mask = cap - 1;
    for (size_t k = 0; k < doc->ntoks; k++) {
        const struct cpl_token *o = &doc->toks[k];
        if (o->flags & CPL_TOK_ALL_UPPER)
            add_parts(doc, sw, o, SW_ACRONYM);
        else if (o->flags & CPL_TOK_UPPER_FIRST)
            add_parts(doc, sw, o, SW_CAPITALISED);
        if (defines_abbreviation(doc, k))
            add_part(doc, sw, o->off, o->len, SW_DEFINED);
    }
}

/* The kinds the story shows the word w[0, len) as (SW_*). */
static uint32_t story_kinds(const copylint_doc *doc, struct story_words *sw,
                            const char *w, size_t len)
{
    if (!sw->built)
        story_words_build(doc, sw);
    if (len == 0 || len >= MAXW)
        return 0;
    char buf[MAXW];
    fold_ascii(w, len, buf);
    return story_slot(doc, sw, buf, len, folded_hash(w, len))->kinds;
}

static bool capitalised_elsewhere(const copylint_doc *doc,
                                  struct story_words *sw, const char *w,
                                  size_t len)
{
    uint32_t k = story_kinds(doc, sw, w, len);
    return (k & SW_CAPITALISED) || (len <= 6 && (k & SW_ACRONYM));
}

static bool defined_abbreviation(const copylint_doc *doc,
                                 struct story_words *sw, const char *w,
                                 size_t len)
{
    if (len < 2 || len > 6)
        return false;
    return (story_kinds(doc, sw, w, len) & SW_DEFINED) != 0;
}

/* Function words of French, Spanish, Italian, Portuguese and German that
 * English never writes alone: the word next to one is in that language
 * ("joie de vivre", "en espanol", "banco de mexico"). */
static bool foreign_particle(const copylint_doc *doc, const struct cpl_token *o)
{
    static const char *const words[] = {
        "de", "del", "della", "der", "des", "di", "du", "el", "en", "et",
        "la", "las", "le", "les", "los", "und", "von", NULL};
    for (const char *const *p = words; *p; p++)
        if (strlen(*p) == o->len && memcmp(doc->text + o->off, *p, o->len) == 0)
            return true;
    return false;
}

static bool is_quote_at(const char *t, size_t n, size_t i, bool before)
{
    if (before) {
        if (i >= 1 && (t[i - 1] == '"' || t[i - 1] == '\''))
            return true;
        return i >= 3 && (unsigned char)t[i - 3] == 0xE2 &&
               (unsigned char)t[i - 2] == 0x80 &&
               ((unsigned char)t[i - 1] == 0x9C ||
                (unsigned char)t[i - 1] == 0x98);
    }
    if (i < n && (t[i] == '"' || t[i] == '\''))
        return true;
    return i + 2 < n && (unsigned char)t[i] == 0xE2 &&
           (unsigned char)t[i + 1] == 0x80 &&
           ((unsigned char)t[i + 2] == 0x9D || (unsigned char)t[i + 2] == 0x99);
}

/*
 * A drawn-out interjection or plea in quoted speech or readers' comments
 * ("ummm", "ahhhh", "pleeease"): a letter three times or more, and the word
 * with each such run cut to one letter is on a short list. A tripled
 * letter in any other word is a typo ("commment", "stresssed").
 */
static bool drawn_out(const char *w, size_t len)
{
    static const char *const words[] = {
        "ah", "argh", "aw", "boo", "eh", "er", "ha", "hey", "hm", "huh",
        "mm", "no", "oh", "please", "so", "ugh", "uh", "um", "whoa", "wow",
        "yay", "yes", NULL};
    char buf[MAXW];
    size_t n = 0;
    bool run = false;
    if (len >= MAXW)
        return false;
    for (size_t i = 0; i < len;) {
        size_t j = i;
        while (j < len && w[j] == w[i])
            j++;
        if (j - i >= 3) {
            run = true;
            buf[n++] = w[i];
        } else {
            for (size_t k = i; k < j; k++)
                buf[n++] = w[k];
        }
        i = j;
    }
    for (const char *const *p = words; run && *p; p++)
        if (strlen(*p) == n && memcmp(*p, buf, n) == 0)
            return true;
    return false;
}

static bool plausible_word(const copylint_ctx *ctx, const copylint_doc *doc,
                           struct story_words *sw, size_t t, uint32_t len)
{
    const struct cpl_token *tok = &doc->toks[t];
    const char *w = doc->text + tok->off;
    const char *txt = doc->text;
    if (plausible_form(ctx, doc, w, len, false) ||
        compound_ok(ctx, doc, w, len) || drawn_out(w, len))
        return true;
    if (capitalised_elsewhere(doc, sw, w, len) ||
        defined_abbreviation(doc, sw, w, len))
        return true;
    /* Between two capitalised words, as foreign particles are ("Banco de
     * los Andes", "Credit du Nord"), or next to a foreign particle. */
    bool prev = t > 0 && doc->toks[t - 1].sentence == tok->sentence;
    bool next = t + 1 < doc->ntoks && doc->toks[t + 1].sentence == tok->sentence;
    if (prev && next && (doc->toks[t - 1].flags & CPL_TOK_UPPER_FIRST) &&
        (doc->toks[t + 1].flags & CPL_TOK_UPPER_FIRST))
        return true;
    if ((prev && foreign_particle(doc, &doc->toks[t - 1])) ||
        (next && foreign_particle(doc, &doc->toks[t + 1])))
        return true;
    /* A ticker or company marker of the old wire, alone in angle brackets
     * ("Crazy Eddie Inc <crzy>"): a symbol, not a word. */
    if (tok->off > 0 && txt[tok->off - 1] == '<' &&
        tok->off + tok->len < doc->len && txt[tok->off + tok->len] == '>')
        return true;
    /* A word cut by an HTML entity ("caf&#233;"): residue.markup reports
     * the entity, and the word is not misspelt. */
    if (tok->off + tok->len < doc->len && txt[tok->off + tok->len] == '&')
        return true;
    /* A word quoted alone is a term held up for view, often deliberately
     * unusual or foreign ("a \"gutful\" of", the \"belg\" rains), unless a
     * dictionary word is close enough to suggest ("a \"dilemna\""). */
    if (is_quote_at(txt, doc->len, tok->off, true) &&
        is_quote_at(txt, doc->len, tok->off + len, false) &&
        !*cpl_dict_suggest(ctx->dict, doc->dialect, w, len))
        return true;
    return false;
}

/*
 * Whether w[0, len), the token of record rec without its possessive, is
 * known in dialect d (hunspell or the lists), from the record where it
 * was asked before. Below, for the other dialects, it stands for
 * cpl_dict_spell() alone: asked only of words that are in no list.
 */
static bool known_in(const copylint_ctx *ctx, _Atomic uint32_t *rec,
                     enum cpl_dialect d, const char *w, size_t len)
{
    uint32_t bits = cpl_word_bits(rec);
    if (bits & CPL_WORD_SP_KNOWN_SET(d))
        return (bits & CPL_WORD_SP_KNOWN(d)) != 0;
    bool known = cpl_dict_spell(ctx->dict, d, w, len) ||
                 cpl_dict_listed(ctx->dict, w, len);
    cpl_word_set(rec, CPL_WORD_SP_KNOWN_SET(d) |
                          (known ? CPL_WORD_SP_KNOWN(d) : 0));
    return known;
}

/* known_any() of the whole token k, from its record when the token has
 * no possessive to cut (the record's answers are for the word without). */
static bool token_known(const copylint_ctx *ctx, const copylint_doc *doc,
                        size_t k)
{
    const struct cpl_token *o = &doc->toks[k];
    const char *w = doc->text + o->off;
    _Atomic uint32_t *rec = cpl_wordcache_at(
        cpl_wordcache_slots(cpl_dict_words(ctx->dict)), o->word);
    uint32_t bits = cpl_word_bits(rec);
    uint32_t plen = cpl_word_plen(rec, bits, w, o->len);
    if (!rec || plen != o->len)
        return known_any(ctx, doc, w, o->len);
    return known_in(ctx, rec, doc->dialect, w, o->len);
}

/*
 * Some wire copy lost its capitals (Reuters-21578 holds articles
 * case-restored to "caracas, march 11 - venezuela will supply ecuador"):
 * there, the names the dictionary does not know are lower case too
 * ("venalum", "carbozulia"). An article is taken to be lower-cased when
 * three or more of its lower-case words are names the dictionary knows
 * only capitalised; in it, an unknown word with no dictionary word close
 * enough to suggest is a name, and a near miss still fires ("goverment").
 * One pass over the tokens with cached look-ups, only for articles that
 * have an unknown word.
 */
static bool lowercased_article(const copylint_ctx *ctx,
                               const copylint_doc *doc,
                               struct story_words *sw)
{
    unsigned n = 0;
    char buf[MAXW];
    for (size_t k = 0; k < doc->ntoks && n < 3; k++) {
        const struct cpl_token *o = &doc->toks[k];
        if ((o->flags & (CPL_TOK_UPPER_FIRST | CPL_TOK_HAS_DIGIT |
                         CPL_TOK_NON_ASCII)) ||
            !(o->flags & CPL_TOK_HAS_ALPHA) || o->len < 4 || o->len >= MAXW)
            continue;
        const char *w = doc->text + o->off;
        if (memchr(w, '-', o->len) || memchr(w, '\'', o->len))
            continue;
        if (sw->known[k] < 0)
            sw->known[k] = (signed char)token_known(ctx, doc, k);
        if (sw->known[k])
            continue;
        memcpy(buf, w, o->len);
        buf[0] = (char)toupper((unsigned char)buf[0]);
        if (known_any(ctx, doc, buf, o->len))
            n++;
    }
    return n >= 3;
}

/* Whether token k is a word no dictionary knows, in any case. */
static bool unknown_token(const copylint_ctx *ctx, const copylint_doc *doc,
                          size_t k)
{
    const struct cpl_token *o = &doc->toks[k];
    if (o->flags & (CPL_TOK_HAS_DIGIT | CPL_TOK_ALL_UPPER) || o->len < 2 ||
        o->len >= MAXW)
        return false;
    char low[MAXW];
    for (uint32_t i = 0; i < o->len; i++)
        low[i] = (char)tolower((unsigned char)doc->text[o->off + i]);
    return !known_any(ctx, doc, low, o->len) &&
           !known_any(ctx, doc, doc->text + o->off, o->len);
}

/*
 * Two unknown words side by side are a phrase in another language
 * ("Wir schaffen das", "c'est la vie" in English copy), not two typos:
 * skipped. A typo rarely sits next to another one.
 */
static bool foreign_phrase(const copylint_ctx *ctx, const copylint_doc *doc,
                           size_t t)
{
    const struct cpl_token *tok = &doc->toks[t];
    if (t > 0 && doc->toks[t - 1].sentence == tok->sentence &&
        unknown_token(ctx, doc, t - 1))
        return true;
    return t + 1 < doc->ntoks && doc->toks[t + 1].sentence == tok->sentence &&
           unknown_token(ctx, doc, t + 1);
}

/* Capitalised title words after which a dialect word is a common noun in
 * a title ("Defense Minister"), not part of a proper name. */
static bool title_word(const copylint_doc *doc, const struct cpl_token *t)
{
    static const char *const words[] = {
        "Minister", "Ministers", "Ministry", "Secretary", "Critic",
        "Spokesman", "Spokeswoman", "Spokesperson", "Chief", "Committee",
        "Adviser", "Advisor", "Staff", "Officials", "Official", NULL};
    for (const char *const *w = words; *w; w++)
        if (strlen(*w) == t->len &&
            memcmp(doc->text + t->off, *w, t->len) == 0)
            return true;
    return false;
}

static void check_capitalised(const copylint_ctx *ctx, copylint_doc *doc,
                              const struct cpl_token *tok, uint32_t len,
                              _Atomic uint32_t *rec, uint32_t bits)
{
    enum cpl_dialect d = doc->dialect;
    const char *w = doc->text + tok->off;
    char low[MAXW], fix[MAXW + 16];
    /* CPL_TOK_UPPER_INSIDE: has_upper_after_first() of the whole token,
     * from the segmenter; the possessive cut from it holds no capital. */
    if (len >= MAXW || (tok->flags & CPL_TOK_UPPER_INSIDE) ||
        (tok->flags & CPL_TOK_NON_ASCII))
        return;
    /* Most capitalised words are in no row of the table: the record
     * says so after the first occurrence (CPL_WORD_SP_VAR_*). */
    if ((bits & CPL_WORD_SP_VAR_SET) &&
        (!(bits & CPL_WORD_SP_VAR_ROW) || (bits & CPL_WORD_SP_VAR_IN(d))))
        return;
    for (uint32_t i = 0; i < len; i++)
        low[i] = (char)tolower((unsigned char)w[i]);
    struct cpl_variant_hit hit = cpl_dict_variant(ctx->dict, low, len);
    if (!(bits & CPL_WORD_SP_VAR_SET))
        cpl_word_set(rec, cpl_word_variant_bits(hit));
    if (hit.row < 0 || hit.in[d])
        return;
    /*
     * A capitalised word is checked only where it is a common noun:
     * opening a sentence before a lower-case word ("Colour matters"), or
     * before a title ("Defense Minister Harjit Sajjan"). Elsewhere it is
     * most likely part of a name ("Labour leader", "Kennedy Space
     * Center"), spelled as its owner spells it.
     */
    size_t t = (size_t)(tok - doc->toks);
    const struct cpl_token *next = t + 1 < doc->ntoks ? tok + 1 : NULL;
    bool common =
        next && next->sentence == tok->sentence &&
        (((tok->flags & CPL_TOK_SENT_START) &&
          !(next->flags & CPL_TOK_UPPER_FIRST)) ||
         title_word(doc, next));
    /* ... and not after another capitalised word of the same name
     * ("Kennedy Space Center"; a dateline "OTTAWA — Defense" is no name). */
    bool in_name = t > 0 && tok[-1].sentence == tok->sentence &&
                   (tok[-1].flags & CPL_TOK_UPPER_FIRST) &&
                   (tok[-1].flags & CPL_TOK_HAS_LOWER) &&
                   tok[-1].off + tok[-1].len + 1 == tok->off &&
                   !(tok->flags & CPL_TOK_SENT_START);
    if (!common || in_name)
        return;
    if (cpl_dict_spell(ctx->dict, d, low, len))
        return;
    if (cpl_dict_proper_name_at(ctx->dict, doc->text, doc->len, tok->off,
                                len) ||
        foreign_context(doc, tok, &hit))
        return;
    size_t fl = cpl_dict_variant_fix(ctx->dict, low, len, d, fix,
                                     sizeof(fix));
    if (!fl)
        return;
    fix[0] = (char)toupper((unsigned char)fix[0]);
    report_dialect(doc, d, tok->off, len, fix, spelled_by(&hit));
}

static void report_unknown(const copylint_ctx *ctx, copylint_doc *doc,
                           uint32_t off, uint32_t len, bool dialect_rule)
{
    const char *s = cpl_dict_suggest(ctx->dict, doc->dialect,
                                     doc->text + off, len);
    const char *sug[3];
    int n = 0;
    for (const char *p = s; *p && n < 3; p += strlen(p) + 1)
        sug[n++] = p;
    char list[3 * (MAXW + 8)] = "";
    for (int i = 0; i < n; i++) {
        size_t l = strlen(list);
        snprintf(list + l, sizeof(list) - l, "%s'%s'",
                 i == 0 ? "" : i == n - 1 ? " or " : ", ", sug[i]);
    }
    struct copylint_diag *dg;
    if (dialect_rule)
        dg = cpl_diag_add(doc, CPL_RULE_SPELL_DIALECT, off, len,
                          "'%.*s' is not %s spelling%s%s%s", (int)len,
                          doc->text + off, dialect_adjective(doc->dialect),
                          n ? "; did you mean " : "", list, n ? "?" : "");
    else
        dg = cpl_diag_add(doc, CPL_RULE_SPELL_UNKNOWN, off, len,
                          "'%.*s' is not in the dictionary%s%s%s", (int)len,
                          doc->text + off, n ? "; did you mean " : "", list,
                          n ? "?" : "");
    for (int i = 0; dg && i < n; i++)
        cpl_diag_fix(dg, off, len, sug[i], false);
}

static void check_lower(const copylint_ctx *ctx, copylint_doc *doc,
                        struct story_words *sw, size_t t, uint32_t len,
                        _Atomic uint32_t *rec, uint32_t bits,
                        bool unknown_on, bool dialect_on, int *lowercased)
{
    const struct cpl_token *tok = &doc->toks[t];
    enum cpl_dialect d = doc->dialect;
    const char *w = doc->text + tok->off;
    /* A token that does not start with a capital has one A-Z byte
     * exactly when the segmenter flagged CPL_TOK_UPPER_INSIDE (what
     * has_upper() would find; the possessive cut holds none). */
    if (tok->flags & CPL_TOK_UPPER_INSIDE)
        return;
    /* Whether the word is known: what lowercased_article() found for the
     * token, if it asked already (for the whole token only). */
    if (len == tok->len && sw->known[t] >= 0) {
        if (sw->known[t])
            return;
    } else {
        /* The record of the token knows it after the first occurrence of
         * the run (spell and listed, of the word without possessive). */
        bool known = (bits & CPL_WORD_SP_KNOWN_SET(d))
                         ? (bits & CPL_WORD_SP_KNOWN(d)) != 0
                         : known_in(ctx, rec, d, w, len);
        if (len == tok->len)
            sw->known[t] = (signed char)known;
        if (known)
            return;
    }
    if (in_address(doc, tok->off, tok->len))
        return;
    struct cpl_variant_hit hit = cpl_dict_variant(ctx->dict, w, len);
    if (hit.row >= 0) {
        char fix[MAXW + 16];
        if (d == CPL_DIALECT_UNKNOWN || hit.in[d] || !dialect_on)
            return;
        size_t fl = cpl_dict_variant_fix(ctx->dict, w, len, d, fix,
                                         sizeof(fix));
        if (fl)
            report_dialect(doc, d, tok->off, len, fix, spelled_by(&hit));
        return;
    }
    if (d != CPL_DIALECT_UNKNOWN) {
        /* Valid in another dialect but in no row of the table: not a
         * misspelling, and too uncertain for spelling.dialect (the stock
         * dictionaries differ in far more than spelling: "ringgit"). */
        for (int o = 1; o < 4; o++)
            if (o != (int)d && known_in(ctx, rec, (enum cpl_dialect)o, w, len))
                return;
    }
    if (len <= 2 || plausible_word(ctx, doc, sw, t, len) ||
        foreign_phrase(ctx, doc, t))
        return;
    if (*lowercased < 0)
        *lowercased = lowercased_article(ctx, doc, sw);
    if (*lowercased && !*cpl_dict_suggest(ctx->dict, d, w, len))
        return;
    if (unknown_on)
        report_unknown(ctx, doc, tok->off, len, false);
}

/* Whether spelling_run() judges a token with these flags. */
static inline bool wants_record(uint32_t f, bool unknown_on, bool dialect_on)
{
    if ((f & (CPL_TOK_HAS_DIGIT | CPL_TOK_ALL_UPPER)) ||
        !(f & CPL_TOK_HAS_ALPHA))
        return false;
    return (f & CPL_TOK_UPPER_FIRST) ? dialect_on : unknown_on || dialect_on;
}

/*
 * Whether a token with these flags and record bits has no finding, known
 * without reading it (test_wordcache holds the findings to those of the
 * run without the cache, where no record has bits):
 * - a lower-case word that the record knows in the article's dialect
 *   (`known`: CPL_WORD_SP_KNOWN_SET(d) | CPL_WORD_SP_KNOWN(d)): what
 *   check_lower() returns on first; the story's known[] entry it would
 *   set is worked out again by lowercased_article() if asked;
 * - a capitalised word with a capital inside or a byte from 0x80, or in
 *   no row of the variant table, or in its row for the article's
 *   dialect: what check_capitalised() returns on first.
 */
static inline bool skip_by_bits(uint32_t f, uint32_t bits, uint32_t known,
                                enum cpl_dialect d)
{
    if (!(f & CPL_TOK_UPPER_FIRST))
        return (bits & known) == known;
    return (f & (CPL_TOK_UPPER_INSIDE | CPL_TOK_NON_ASCII)) ||
           ((bits & CPL_WORD_SP_VAR_SET) &&
            (!(bits & CPL_WORD_SP_VAR_ROW) ||
             (bits & CPL_WORD_SP_VAR_IN(d))));
}

static void spelling_run(const copylint_ctx *ctx, const void *state,
                         copylint_doc *doc)
{
    (void)state;
    if (!ctx->dict)
        return;
    bool unknown_on = cpl_rule_on(ctx, CPL_RULE_SPELL_UNKNOWN);
    bool dialect_on = cpl_rule_on(ctx, CPL_RULE_SPELL_DIALECT) &&
                      doc->dialect != CPL_DIALECT_UNKNOWN;
    int lowercased = -1; /* not yet known */
    struct story_words sw;
    memset(&sw, 0, sizeof(sw));
    signed char known_buf[1024];
    sw.known = doc->ntoks <= sizeof(known_buf) ? known_buf
                                               : cpl_xmalloc(doc->ntoks);
    memset(sw.known, -1, doc->ntoks);
    /* Every token's record, looked up once for the dialect inference,
     * spelling and the name checks (wordcache.h). */
    struct cpl_wordcache *wc = cpl_dict_words(ctx->dict);
    cpl_wordcache_doc(wc, doc);
    struct cpl_wordslot *slots = cpl_wordcache_slots(wc);
    enum cpl_dialect d = doc->dialect;
    /* Most tokens are decided by their record's bits alone (see
     * skip_by_bits()). */
    const uint32_t known = CPL_WORD_SP_KNOWN_SET(d) | CPL_WORD_SP_KNOWN(d);
    for (size_t t = 0; t < doc->ntoks; t++) {
        const struct cpl_token *tok = &doc->toks[t];
        uint32_t f = tok->flags;
        /* A word of two bytes or less has no finding: check_lower()
         * and check_capitalised() return for it (no variant row holds
         * it, and it is no misspelling) whatever they look up first. */
        if (!wants_record(f, unknown_on, dialect_on) || tok->len <= 2)
            continue;
        /* What the run found out about this token before (wordcache.h);
         * NULL (no bits) for a word the cache does not keep. */
        _Atomic uint32_t *rec = cpl_wordcache_at(slots, tok->word);
        uint32_t bits = cpl_word_bits(rec);
        if (skip_by_bits(f, bits, known, d))
            continue;
        const char *w = doc->text + tok->off;
        if (f & CPL_TOK_NON_ASCII) {
            if (!(bits & CPL_WORD_SP_SKIP_SET)) {
                bool skip = non_latin(w, tok->len) || mojibake(w, tok->len);
                bits |= CPL_WORD_SP_SKIP_SET | (skip ? CPL_WORD_SP_SKIP : 0);
                cpl_word_set(rec, bits & (CPL_WORD_SP_SKIP_SET |
                                          CPL_WORD_SP_SKIP));
            }
            if (bits & CPL_WORD_SP_SKIP)
                continue;
        }
        uint32_t len = cpl_word_plen(rec, bits, w, tok->len);
        if (len < 2 || len >= MAXW)
            continue;
        if (f & CPL_TOK_UPPER_FIRST)
            check_capitalised(ctx, doc, tok, len, rec, bits);
        else
            check_lower(ctx, doc, &sw, t, len, rec, bits, unknown_on,
                        dialect_on, &lowercased);
    }
    story_words_release(&sw);
    if (sw.known != known_buf)
        free(sw.known);
}

const struct cpl_check cpl_check_spelling = {
    .family = "spelling",
    .run = spelling_run,
};
