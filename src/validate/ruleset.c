/* ruleset.c - the DfE rule sets by collection year (ruleset.h): the embedded
 * data/collection_years.csv and data/rule_years.csv, parsed once, and the year's copy of a rule
 * table the engine runs. */
#include "validate/ruleset.h"

#include "core/mem.h"
#include "core/str.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

extern const char sg_collection_years_csv[];
extern const char sg_rule_years_csv[];

#define MAX_ROWS 256
static sg_rule_year rows[MAX_ROWS];
static size_t nrows;
#define MAX_YEARS 64
static struct {
    int year;
    sg_date ref;
} years[MAX_YEARS];
static size_t nyears;
static int first_year, last_year;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void year_line(void *ctx, const char *p, const char *end)
{
    (void)ctx;
    char *y = sg_str_field_dup(&p, end, false), *period = sg_str_field_dup(&p, end, false);
    char *ref = sg_str_field_dup(&p, end, false);
    int v = (int)strtol(y, NULL, 10);
    sg_date d = sg_date_parse_iso(ref, strlen(ref));
    free(y), free(period), free(ref);
    if (v <= 0 || d == SG_DATE_NONE) return;
    if (nyears < MAX_YEARS) {
        years[nyears].year = v;
        years[nyears++].ref = d;
    }
    if (!first_year || v < first_year) first_year = v;
    if (v > last_year) last_year = v;
}

/* A malformed row (the files are written with the program) is left out; the unit tests and
 * tests/meta/rule_years_docs.py catch it. */
static void rule_line(void *ctx, const char *p, const char *end)
{
    (void)ctx;
    char *fam = sg_str_field_dup(&p, end, false), *rule = sg_str_field_dup(&p, end, false);
    char *from = sg_str_field_dup(&p, end, false), *to = sg_str_field_dup(&p, end, false);
    char *code = sg_str_field_dup(&p, end, false), *sev = sg_str_field_dup(&p, end, false);
    char *source = sg_str_field_dup(&p, end, false), *msg = sg_str_field_dup(&p, end, true);
    int f = strcmp(fam, "cin") == 0 ? SG_FAMILY_CIN : strcmp(fam, "903") == 0 ? SG_FAMILY_903 : -1;
    bool withdrawn = strcmp(sev, "withdrawn") == 0;
    int s = withdrawn ? -1 : sg_severity_parse(sev);
    if (f >= 0 && *rule && (withdrawn || s >= 0) && nrows < MAX_ROWS) {
        sg_rule_year *r = &rows[nrows++];
        *r = (sg_rule_year){.family = (sg_rule_family)f,
                            .rule = rule,
                            .from_year = *from ? (int)strtol(from, NULL, 10) : 0,
                            .to_year = *to ? (int)strtol(to, NULL, 10) : 0,
                            .code = withdrawn ? NULL : code,
                            .severity = s,
                            .source = source,
                            .message = *msg ? msg : NULL};
        rule = source = NULL;
        if (!withdrawn) code = NULL;
        if (*msg) msg = NULL;
    }
    free(fam), free(rule), free(from), free(to), free(code), free(sev), free(source), free(msg);
}

static void load(void)
{
    sg_str_each_data_line(sg_collection_years_csv, year_line, NULL);
    sg_str_each_data_line(sg_rule_years_csv, rule_line, NULL);
}

const sg_rule_year *sg_rule_years(size_t *n)
{
    pthread_once(&once, load);
    *n = nrows;
    return rows;
}

void sg_collection_years(int *first, int *last)
{
    pthread_once(&once, load);
    if (first) *first = first_year;
    if (last) *last = last_year;
}

bool sg_collection_year_supported(int year)
{
    pthread_once(&once, load);
    return year >= first_year && year <= last_year;
}

sg_date sg_collection_ref_date(int year)
{
    pthread_once(&once, load);
    for (size_t i = 0; i < nyears; i++)
        if (years[i].year == year) return years[i].ref;
    return sg_date_from_ymd(year, 3, 31);
}

bool sg_rule_in_year(const sg_rule *r, int year, sg_rule *out)
{
    pthread_once(&once, load);
    bool has_rows = false;
    for (size_t i = 0; i < nrows; i++) {
        const sg_rule_year *y = &rows[i];
        if (y->family != r->family || strcmp(y->rule, r->id) != 0) continue;
        has_rows = true;
        if ((y->from_year && year < y->from_year) || (y->to_year && year > y->to_year)) continue;
        if (!y->code) return false;
        if (out) {
            *out = *r;
            out->id = y->code;
            out->severity = (sg_severity)y->severity;
            if (y->message) out->message = y->message;
        }
        return true;
    }
    if (has_rows) return false;
    if (out) *out = *r;
    return true;
}

sg_rule *sg_rules_for_year(const sg_rule *rules, size_t n, int year, size_t *out_n)
{
    sg_rule *out = xcalloc(n + 1, sizeof *out);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (sg_rule_in_year(&rules[i], year, &out[k])) k++;
    *out_n = k;
    return out;
}
