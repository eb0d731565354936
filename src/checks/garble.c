/*
 * garble.c: placeholder descriptor for the garble family; the checks are being
 * written (issue #2) and land in this file.
 */
#include "check.h"

static void run(const copylint_ctx *ctx, const void *state, copylint_doc *doc)
{
    (void)ctx;
    (void)state;
    (void)doc;
}

const struct cpl_check cpl_check_garble = {
    .family = "garble",
    .run = run,
};
