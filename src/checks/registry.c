/*
 * registry.c: the check families, in the order they run. Add a family by
 * declaring its descriptor here and listing it below.
 */
#include "check.h"

extern const struct cpl_check cpl_check_encoding;
extern const struct cpl_check cpl_check_quote;
extern const struct cpl_check cpl_check_garble;
extern const struct cpl_check cpl_check_repeat;
extern const struct cpl_check cpl_check_space;
extern const struct cpl_check cpl_check_reject;
extern const struct cpl_check cpl_check_rules;
extern const struct cpl_check cpl_check_spelling;
extern const struct cpl_check cpl_check_names;

const struct cpl_check *const cpl_checks[] = {
    &cpl_check_encoding,
    &cpl_check_quote,
    &cpl_check_garble,
    &cpl_check_repeat,
    &cpl_check_space,
    &cpl_check_reject,
    &cpl_check_rules,
    &cpl_check_spelling,
    &cpl_check_names,
    NULL,
};
