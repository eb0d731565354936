/*
 * catalogue.c: the built-in rule table, from catalogue.def with designated
 * initializers (git advice.c), so the enum and the table cannot drift.
 */
#include "catalogue.h"

const struct cpl_rule_info cpl_rules[CPL_RULE_COUNT] = {
#define X(e, i, sev, fam, sum) \
    [CPL_RULE_##e] = {.id = (i), .severity = COPYLINT_SEVERITY_##sev,     \
                      .family = (fam), .summary = (sum), .index = CPL_RULE_##e},
#include "catalogue.def"
#undef X
};
