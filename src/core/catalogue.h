/*
 * catalogue.h: the built-in rules, generated from catalogue.def, and the
 * rule descriptor shared with rules loaded from YAML files.
 */
#ifndef CPL_CATALOGUE_H
#define CPL_CATALOGUE_H

#include <stdint.h>

#include "../copylint.h"

enum cpl_rule {
#define X(e, id, sev, fam, sum) CPL_RULE_##e,
#include "catalogue.def"
#undef X
    CPL_RULE_COUNT
};

/* One rule, built in or from a rule file. */
struct cpl_rule_info {
    const char *id;          /* "quote.unclosed", "proselint.Very" */
    copylint_severity severity; /* default */
    const char *family;      /* "quote", "proselint" */
    const char *summary;     /* one line, for --list-rules and SARIF */
    uint32_t index;          /* position in the context's rule list */
    const char *link;        /* a rule file's Vale `link`, or NULL */
};

extern const struct cpl_rule_info cpl_rules[CPL_RULE_COUNT];

#endif
