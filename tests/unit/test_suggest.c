/*
 * test_suggest.c: spelling suggestions (core/dict.c). With a compiled
 * word-form table, the candidates of a plain lower-case misspelling are
 * looked up in batches with their loads started ahead; the list must be
 * the one that looking them up one by one gives (cpl_dict_suggest_slow),
 * in every dialect, for words of every shape. Needs the system
 * dictionaries and the tables the build made; skipped without them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "copylint.h"
#include "core/ctx.h"
#include "core/dict.h"

static const char *const words[] = {
    "teh",        "goverment", "recieve",   "seperate",   "accomodate",
    "thebank",    "definately", "occured",  "untill",     "wich",
    "beleive",    "xyzzqk",    "colr",      "centr",      "defense",
    "colour",     "organise",  "dont",      "doesn't",    "cant",
    "ist",        "aa",        "a",         "z",          "kitchn",
    "commandex",  "thier",     "becuase",   "wierd",      "thankyou",
    "alot",       "inthe",     "ofthe",     "mln-dlr",    "end-februray",
    "caf\xC3\xA9s", "na\xC3\xAFve", "rock'n",  "o'clok",    "ccc",
    "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "internationalisationn",   "responsibilty", "comittee", "embarassed",
};

static void test_suggest_batched_same_as_one_by_one(void **state)
{
    (void)state;
    char table[512];
    snprintf(table, sizeof(table), "%s/wordforms/en_US.cwf",
             COPYLINT_BINARY_DIR);
    if (access(table, R_OK) != 0 ||
        access("/usr/share/hunspell/en_US.dic", R_OK) != 0)
        skip(); /* no tables built, or no system dictionaries */
    copylint_ctx *ctx = copylint_ctx_new();
    copylint_ctx_set_data_dir(ctx, COPYLINT_SOURCE_DATADIR);
    copylint_ctx_set_hunspell_dir(ctx, "/usr/share/hunspell");
    copylint_ctx_set_wordforms_dir(ctx, COPYLINT_BINARY_DIR "/wordforms");
    assert_int_equal(copylint_ctx_prepare(ctx), COPYLINT_OK);
    size_t some = 0;
    for (int d = 1; d < 4; d++) {
        for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
            char slow[512];
            size_t n = strlen(words[i]);
            cpl_dict_suggest_slow(ctx->dict, (enum cpl_dialect)d, words[i], n,
                                  slow, sizeof(slow));
            /* Read as the list is read: up to an empty string. */
            size_t sl = 0;
            while (slow[sl])
                sl += strlen(slow + sl) + 1;
            /* Twice: computed, then from the cache. */
            for (int round = 0; round < 2; round++) {
                const char *fast = cpl_dict_suggest(
                    ctx->dict, (enum cpl_dialect)d, words[i], n);
                size_t fl = 0;
                while (fast[fl])
                    fl += strlen(fast + fl) + 1;
                if (fl != sl || memcmp(fast, slow, sl) != 0)
                    fail_msg("%d '%s': batched '%s'.. (%zu), one by one "
                             "'%s'.. (%zu)",
                             d, words[i], fast, fl, slow, sl);
            }
            some += sl > 0;
        }
    }
    assert_true(some > 60); /* most words have suggestions */
    copylint_ctx_free(ctx);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_suggest_batched_same_as_one_by_one),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
