/* setting.h - the partnership's settings: named values kept in the store (table setting,
 * migration 10) so that every way in - the CLI and the web service - applies the same ones.
 * Only the names listed here exist, each with its own range; a value outside it is refused.
 * Setting one is the caller's to audit (cli/cmd_config.c does so in the same transaction). */
#ifndef SG_STORE_SETTING_H
#define SG_STORE_SETTING_H

#include "core/sg.h"

#include <stdint.h>

typedef struct sg_store sg_store;

/* import.max_drop: the largest drop, in per cent of the accepted rows of the return being
 * replaced, that a new return may make without confirmation (store/import.h). 1-100. */
#define SG_SETTING_IMPORT_MAX_DROP "import.max_drop"

/* returns.due_days: a partner return is due this many working days (core/workdays.h) after the
 * last day of its period (registers/return_calendar.h). 0-250, default 15. */
#define SG_SETTING_RETURNS_DUE_DAYS "returns.due_days"

typedef struct sg_setting_info {
    const char *name;
    long long min, max, dflt;
    const char *meaning;
} sg_setting_info;

/* The known settings (n of them). */
const sg_setting_info *sg_settings_known(int *n);

/* The value of name: the stored one, or the default when none is stored. An unknown name is
 * SG_EINVAL. *is_set says whether a value is stored (may be NULL). */
int sg_setting_get(sg_store *s, const char *name, long long *value, int *is_set, sg_error *err);

/* Parses text (decimal digits only) and stores it as name's value; SG_EINVAL naming the
 * setting and its range when text is not a number in range, or name is unknown. old receives
 * the value in force before (may be NULL). now and user are recorded with the value. Runs in
 * the caller's transaction when one is open. */
int sg_setting_set(sg_store *s, const char *name, const char *text, const char *user, int64_t now,
                   long long *old, sg_error *err);

#endif
