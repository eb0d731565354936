/*
 * test_wordforms.c: the compiled word-form table (core/wordforms.c):
 * round trip, stale and damaged files refused, look-ups exact; and
 * cpl_wordforms_spell() (core/wordforms_spell.c): hunspell's case and
 * hyphen rules on a small table, and the same answers as hunspell itself
 * with the system dictionaries and the tables the build made.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <hunspell/hunspell.h>

#include "core/wordforms.h"

#define DIC COPYLINT_TEST_DIR "/dicts/en_US.dic"
#define AFF COPYLINT_TEST_DIR "/dicts/en_US.aff"

static char path[64];

static int make_path(void **state)
{
    (void)state;
    snprintf(path, sizeof(path), "/tmp/cpl-wf-%ld.cwf", (long)getpid());
    return 0;
}

static int remove_path(void **state)
{
    (void)state;
    unlink(path);
    return 0;
}

static void test_wordforms_round_trip(void **state)
{
    (void)state;
    char longword[300];
    memset(longword, 'a', sizeof(longword) - 1);
    longword[sizeof(longword) - 1] = '\0';
    const char *words[] = {"fire", "fires", "colour", "fire", "Ottawa",
                           "well-being", "", longword};
    assert_int_equal(cpl_wordforms_write(path, words, 8, DIC, AFF), 0);
    struct cpl_wordforms *wf = cpl_wordforms_open(path, DIC, AFF);
    assert_non_null(wf);
    assert_int_equal(cpl_wordforms_count(wf), 5);
    assert_true(cpl_wordforms_has(wf, "fire", 4));
    assert_true(cpl_wordforms_has(wf, "fires", 5));
    assert_true(cpl_wordforms_has(wf, "Ottawa", 6));
    assert_true(cpl_wordforms_has(wf, "well-being", 10));
    assert_false(cpl_wordforms_has(wf, "fir", 3));
    assert_false(cpl_wordforms_has(wf, "firee", 5));
    assert_false(cpl_wordforms_has(wf, "ottawa", 6)); /* exact bytes */
    assert_false(cpl_wordforms_has(wf, "", 0));
    assert_false(cpl_wordforms_has(wf, longword, strlen(longword)));
    assert_false(cpl_wordforms_has(NULL, "fire", 4));
    cpl_wordforms_close(wf);
}

static void test_wordforms_many_words(void **state)
{
    (void)state;
    enum { N = 5000 };
    char **words = calloc(N, sizeof(*words));
    for (int i = 0; i < N; i++) {
        words[i] = malloc(16);
        snprintf(words[i], 16, "w%dx", i * 2);
    }
    assert_int_equal(
        cpl_wordforms_write(path, (const char *const *)words, N, DIC, AFF), 0);
    struct cpl_wordforms *wf = cpl_wordforms_open(path, DIC, AFF);
    assert_non_null(wf);
    assert_int_equal(cpl_wordforms_count(wf), N);
    char w[16];
    for (int i = 0; i < 2 * N; i++) {
        int n = snprintf(w, sizeof(w), "w%dx", i);
        assert_int_equal(cpl_wordforms_has(wf, w, (size_t)n), i % 2 == 0);
    }
    cpl_wordforms_close(wf);
    for (int i = 0; i < N; i++)
        free(words[i]);
    free(words);
}

/* A table made from another dictionary (here: another file, so another
 * size and time) is stale and refused, as is a missing dictionary. */
static void test_wordforms_stale_refused(void **state)
{
    (void)state;
    const char *words[] = {"fire"};
    assert_int_equal(cpl_wordforms_write(path, words, 1, DIC, AFF), 0);
    assert_null(cpl_wordforms_open(path, COPYLINT_TEST_DIR "/dicts/en_GB.dic",
                                   COPYLINT_TEST_DIR "/dicts/en_GB.aff"));
    assert_null(cpl_wordforms_open(path, "/nonexistent.dic", AFF));
    assert_null(cpl_wordforms_open("/nonexistent.cwf", DIC, AFF));
}

/* Truncated or damaged files are refused, never read past their end. */
static void test_wordforms_damaged_refused(void **state)
{
    (void)state;
    const char *words[] = {"fire", "smoke", "water"};
    assert_int_equal(cpl_wordforms_write(path, words, 3, DIC, AFF), 0);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char buf[4096];
    size_t n = fread(buf, 1, sizeof(buf), f);
    fclose(f);
    assert_true(n > 64);
    /* truncated */
    f = fopen(path, "wb");
    fwrite(buf, 1, n - 3, f);
    fclose(f);
    assert_null(cpl_wordforms_open(path, DIC, AFF));
    /* bad magic */
    buf[0] ^= 0x55;
    f = fopen(path, "wb");
    fwrite(buf, 1, n, f);
    fclose(f);
    assert_null(cpl_wordforms_open(path, DIC, AFF));
    /* empty file */
    f = fopen(path, "wb");
    fclose(f);
    assert_null(cpl_wordforms_open(path, DIC, AFF));
}

/* Hunspell's rules on a table of a few forms. */
static void test_wordforms_spell_rules(void **state)
{
    (void)state;
    const char *words[] = {"eight", "year", "olds", "old", "well-being",
                           "post", "classical", "neo", "steps", "jointly",
                           "held", "based", "nasa", "Ottawa", "café",
                           "\x01IPHONE", "rock'n'roll", "a", "b"};
    size_t n = sizeof(words) / sizeof(words[0]);
    assert_int_equal(cpl_wordforms_write(path, words, n, DIC, AFF), 0);
    struct cpl_wordforms *wf = cpl_wordforms_open(path, DIC, AFF);
    assert_non_null(wf);
#define SAYS(w) cpl_wordforms_spell(wf, w, strlen(w))
    /* Case: as it is; capitalised also in lower case; ALL CAPS also
     * capitalised or in lower case, or listed under the tag. */
    assert_int_equal(SAYS("eight"), 1);
    assert_int_equal(SAYS("Eight"), 1);
    assert_int_equal(SAYS("ottawa"), 0);
    assert_int_equal(SAYS("OTTAWA"), 1);
    assert_int_equal(SAYS("NASA"), 1);
    assert_int_equal(SAYS("NaSa"), 0);  /* mixed case: only as it is */
    assert_int_equal(SAYS("IPHONE"), 1);
    assert_int_equal(SAYS("DMC"), 0);
    assert_int_equal(SAYS("Café"), 1);
    assert_int_equal(SAYS("CAFÉ"), 1);
    assert_int_equal(SAYS("rock'n'roll"), 1);
    /* Hyphens: split at the second, then the first; ends dropped. */
    assert_int_equal(SAYS("eight-year-olds"), 1);
    assert_int_equal(SAYS("Eight-year-olds"), 1);
    assert_int_equal(SAYS("eight-yaer-olds"), 0);
    assert_int_equal(SAYS("post-neo-classical"), 1);
    assert_int_equal(SAYS("well-being-based"), 1);
    assert_int_equal(SAYS("jointly--held"), 1); /* "jointly-" is a word */
    assert_int_equal(SAYS("-steps"), 1);
    assert_int_equal(SAYS("steps-"), 1);
    assert_int_equal(SAYS("NASA-based"), 1);
    assert_int_equal(SAYS("DMC-based"), 0);
    assert_int_equal(SAYS("a-b-a-b-a-b-a-b-a-b-a"), 0); /* ten hyphens */
    assert_int_equal(SAYS("a-b-a-b-a-b-a-b-a"), 1);
    /* Lower-case ASCII words not in the table are decided without the
     * case rules (plain_lower()); a hyphen, a digit, a capital or a
     * non-ASCII letter still takes the full rules. */
    assert_int_equal(SAYS("eigth"), 0);
    assert_int_equal(SAYS("year's"), 0);
    assert_int_equal(SAYS("rock'n'rol"), 0);
    assert_int_equal(SAYS("year-"), 1);
    assert_int_equal(SAYS("well-being-old"), 1);
    assert_int_equal(SAYS("year-2"), -1);
    assert_int_equal(SAYS("caf\xC3\xA9s"), 0);
    assert_int_equal(SAYS("Year"), 1);
    /* Left to hunspell. */
    assert_int_equal(SAYS("O'NEILL"), -1);
    assert_int_equal(SAYS("year2"), -1);
    assert_int_equal(SAYS("eight-year2"), -1);
    assert_int_equal(cpl_wordforms_spell(NULL, "eight", 5), -1);
#undef SAYS
    cpl_wordforms_close(wf);
}

/* The same answers as Hunspell_spell() with the system dictionaries, on
 * words of every shape the table decides. Skips without the tables. */
static void test_wordforms_spell_agrees_with_hunspell(void **state)
{
    (void)state;
    static const char *const words[] = {
        "eight-year-olds", "Eight-year-olds", "four-year-old",
        "post-neo-classical", "Post-neo-classical", "Post-Neo-classical",
        "january-to-march", "roc-a-fella", "Roc-A-Fella", "jointly--held",
        "limb-", "-steps", "bbc--ulltext", "JS-literal", "Run-DMC",
        "ILO-based", "NATO-led", "IPHONE", "MCDONALD", "OPENOFFICE", "DMC",
        "NASA", "Nasa", "nasa", "rock'n'roll", "o'sullivan's",
        "O'Sullivan's", "'rate", "countr''rate", "children''", "é", "á",
        "Appétit", "Micheál", "Guðnadóttir", "Niña", "Fáil-Fine", "café",
        "Café", "CAFÉ", "naïve", "NAÏVE", "a-b-c-d-e-f-g-h-i-j-k",
        "well-being", "Well-Being", "WELL-BEING", "mother-in-law",
        "Mother-In-Law", "mother-in-laws", "x-ray", "X-ray", "X-Ray",
        "X-RAY", "e-mail", "E-mail", "re-elect", "Hartz-IV", "AT-ATs",
        "ATMs", "ATMS", "McDonald", "McDonald's", "iPhone", "IPhone",
        "Iphone", "colour-blind", "color-blind", "self-", "a-", "-a",
        "the-the-the", "anti-anti-war", "Defense", "defence", "DEFENCE",
        "organise", "Organize", "ORGANISE", "Zelenskyy", "Khamenei",
        "didn't", "DIDN'T", "banks'", "o'clock", "O'CLOCK", "aren't",
        "Quebec", "Québec", "QUÉBEC", "Montréal", "Zürich", "ZÜRICH",
        "señor", "Señor", "SEÑOR", "über", "Über", "ÜBER", "de-icing",
        "De-icing", "DE-ICING", "un-American", "Un-American", "UN-AMERICAN",
        "Anglo-Saxon", "ANGLO-SAXON", "anglo-saxon", "Pre-Columbian",
        "pre-Columbian", "PRE-COLUMBIAN", "MacBook", "MACBOOK", "Macbook",
        "PhD", "PHD", "Phd", "phd", "DJs", "DJS", "Djs", "TVs", "TVS",
    };
    static const char *const dialects[] = {"en_US", "en_GB", "en_CA"};
    size_t decided = 0;
    for (size_t d = 0; d < 3; d++) {
        char cwf[512], dic[128], aff[128];
        snprintf(cwf, sizeof(cwf), "%s/wordforms/%s.cwf", COPYLINT_BINARY_DIR,
                 dialects[d]);
        snprintf(dic, sizeof(dic), "/usr/share/hunspell/%s.dic", dialects[d]);
        snprintf(aff, sizeof(aff), "/usr/share/hunspell/%s.aff", dialects[d]);
        struct cpl_wordforms *wf = cpl_wordforms_open(cwf, dic, aff);
        if (!wf)
            continue;
        Hunhandle *h = Hunspell_create(aff, dic);
        assert_non_null(h);
        for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
            int says = cpl_wordforms_spell(wf, words[i], strlen(words[i]));
            if (says < 0)
                continue;
            decided++;
            int hun = Hunspell_spell(h, words[i]) != 0;
            if (says != hun)
                fail_msg("%s: '%s': table %d, hunspell %d", dialects[d],
                         words[i], says, hun);
        }
        Hunspell_destroy(h);
        cpl_wordforms_close(wf);
    }
    if (!decided)
        skip(); /* no tables built (no unmunch) */
    assert_true(decided > 300); /* nearly all of the 3 x ~130 decided */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_wordforms_round_trip, make_path,
                                        remove_path),
        cmocka_unit_test_setup_teardown(test_wordforms_many_words, make_path,
                                        remove_path),
        cmocka_unit_test_setup_teardown(test_wordforms_stale_refused,
                                        make_path, remove_path),
        cmocka_unit_test_setup_teardown(test_wordforms_damaged_refused,
                                        make_path, remove_path),
        cmocka_unit_test_setup_teardown(test_wordforms_spell_rules, make_path,
                                        remove_path),
        cmocka_unit_test(test_wordforms_spell_agrees_with_hunspell),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
