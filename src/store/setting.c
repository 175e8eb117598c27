/* setting.c - the partnership's settings (store/setting.h): the table of known names and
 * ranges, and reading and writing the setting table. */
#include "store/setting.h"

#include "core/clock.h"
#include "store/store.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static const sg_setting_info known[] = {
    {SG_SETTING_IMPORT_MAX_DROP, 1, 100, 90,
     "the largest drop in accepted rows, in per cent, that a new return may make over the "
     "return it replaces without confirmation (100 = never refuse)"},
    {SG_SETTING_RETURNS_DUE_DAYS, 0, 250, 15,
     "working days after a period ends that a partner return for it is due (0 = the period's "
     "last day when that is a working day, else the next working day)"},
};
#define N_KNOWN ((int)(sizeof known / sizeof known[0]))

const sg_setting_info *sg_settings_known(int *n)
{
    *n = N_KNOWN;
    return known;
}

static const sg_setting_info *find(const char *name, sg_error *err)
{
    for (int i = 0; i < N_KNOWN; i++)
        if (name && strcmp(known[i].name, name) == 0) return &known[i];
    sg_err(err, SG_EINVAL, "there is no setting '%s' (known: %s, %s)", name ? name : "",
           SG_SETTING_IMPORT_MAX_DROP, SG_SETTING_RETURNS_DUE_DAYS);
    return NULL;
}

int sg_setting_get(sg_store *s, const char *name, long long *value, int *is_set, sg_error *err)
{
    const sg_setting_info *info = find(name, err);
    if (!info) return SG_EINVAL;
    *value = info->dflt;
    if (is_set) *is_set = 0;
    sqlite3 *db = sg_store_db(s);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT value FROM setting WHERE name = ?1", -1, &st, NULL) !=
        SQLITE_OK)
        return sg_store_dberr(db, err, "cannot read the settings");
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    int rc = SG_OK, step = sqlite3_step(st);
    if (step == SQLITE_ROW) {
        long long v = sqlite3_column_int64(st, 0);
        /* The table's CHECK cannot know each name's range: a value put there by hand outside it
         * is an error, not silently used. */
        if (v < info->min || v > info->max)
            rc = sg_err(err, SG_ECONFLICT,
                        "the stored setting %s is %lld, outside %lld-%lld: set it again with "
                        "'safeguard config set %s VALUE'",
                        name, v, info->min, info->max, name);
        else {
            *value = v;
            if (is_set) *is_set = 1;
        }
    } else if (step != SQLITE_DONE) {
        rc = sg_store_dberr(db, err, "cannot read the settings");
    }
    sqlite3_finalize(st);
    return rc;
}

int sg_setting_set(sg_store *s, const char *name, const char *text, const char *user, int64_t now,
                   long long *old, sg_error *err)
{
    const sg_setting_info *info = find(name, err);
    if (!info) return SG_EINVAL;
    bool digits = text && *text && strlen(text) <= 18;
    for (const char *p = text; digits && *p; p++)
        if (*p < '0' || *p > '9') digits = false;
    long long v = digits ? strtoll(text, NULL, 10) : -1;
    if (!digits || v < info->min || v > info->max)
        return sg_err(err, SG_EINVAL,
                      "setting %s must be a whole number from %lld to %lld, not '%s'", name,
                      info->min, info->max, text ? text : "");
    long long before = 0;
    int rc = sg_setting_get(s, name, &before, NULL, err);
    /* A value out of range stored by hand is being replaced: that is the way out of it. */
    if (rc == SG_ECONFLICT) {
        before = info->dflt;
        rc = SG_OK;
    }
    if (rc) return rc;
    char when[32];
    sg_utc_stamp(now, when, sizeof when, NULL);
    sqlite3 *db = sg_store_db(s);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "INSERT INTO setting (name, value, set_at, set_by) VALUES "
                           "(?1, ?2, ?3, ?4) ON CONFLICT (name) DO UPDATE SET value = "
                           "excluded.value, set_at = excluded.set_at, set_by = excluded.set_by",
                           -1, &st, NULL) != SQLITE_OK)
        return sg_store_dberr(db, err, "cannot store the setting");
    sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, v);
    sqlite3_bind_text(st, 3, when, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 4, user ? user : "", -1, SQLITE_STATIC);
    rc = sqlite3_step(st) == SQLITE_DONE ? SG_OK
                                         : sg_store_dberr(db, err, "cannot store the setting");
    sqlite3_finalize(st);
    if (!rc && old) *old = before;
    return rc;
}
