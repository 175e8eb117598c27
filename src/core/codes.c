/* codes.c - the DfE code sets table (codes.h), parsed once from the embedded
 * data/code_sets.csv. */
#include "core/codes.h"

#include "core/mem.h"
#include "core/str.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

extern const char sg_code_sets_csv[];

static const char *const names[SG_CS__COUNT] = {
    [SG_CS_ETHNICITY] = "ethnicity",
    [SG_CS_CIN_DISABILITY] = "cin_disability",
    [SG_CS_CIN_REFERRAL_SOURCE] = "cin_referral_source",
    [SG_CS_CIN_PRIMARY_NEED] = "cin_primary_need",
    [SG_CS_CIN_CLOSURE_REASON] = "cin_closure_reason",
    [SG_CS_CIN_ABUSE_CATEGORY] = "cin_abuse_category",
    [SG_CS_CIN_FACTOR] = "cin_factor",
    [SG_CS_903_SEX] = "903_sex",
    [SG_CS_903_REASON_NEW_EPISODE] = "903_reason_new_episode",
    [SG_CS_903_LEGAL_STATUS] = "903_legal_status",
    [SG_CS_903_CATEGORY_OF_NEED] = "903_category_of_need",
    [SG_CS_903_PLACEMENT] = "903_placement",
    [SG_CS_903_PLACEMENT_PROVIDER] = "903_placement_provider",
    [SG_CS_903_REASON_CEASED] = "903_reason_ceased",
    [SG_CS_903_REASON_PLACE_CHANGE] = "903_reason_place_change",
    [SG_CS_903_REVIEW_CODE] = "903_review_code",
    [SG_CS_903_MISSING] = "903_missing",
    [SG_CS_903_IN_TOUCH] = "903_in_touch",
    [SG_CS_903_ACTIVITY] = "903_activity",
    [SG_CS_903_ACCOMMODATION] = "903_accommodation",
    [SG_CS_903_SEX_ADOPTER] = "903_sex_adopter",
    [SG_CS_903_LS_ADOPTER] = "903_ls_adopter",
    [SG_CS_903_REASON_NO_LONGER_PLACED] = "903_reason_no_longer_placed",
    [SG_CS_903_PREVIOUS_PERMANENCE] = "903_previous_permanence",
    [SG_CS_903_SDQ_REASON] = "903_sdq_reason",
    [SG_CS_903_UPN_UNKNOWN] = "903_upn_unknown",
    [SG_CS_903_SW_REASON] = "903_sw_reason",
    [SG_CS_CIN_UPN_LA] = "cin_upn_la",
    [SG_CS_LADO_CATEGORY] = "lado_category",
    [SG_CS_LADO_OUTCOME] = "lado_outcome",
    [SG_CS_LADO_EMPLOYMENT_SECTOR] = "lado_employment_sector",
    [SG_CS_POLICE_EVENT_TYPE] = "police_event_type",
    [SG_CS_VPR_TYPE] = "vpr_type",
    [SG_CS_EARLY_HELP_OUTCOME] = "early_help_outcome",
};

#define MAX_ROWS 128
typedef struct row {
    sg_code_set_id id;
    sg_code_set set;
} row;

static row rows[MAX_ROWS];
static size_t nrows;
static const sg_code_set *latest[SG_CS__COUNT]; /* each set's row without a to_year */
static pthread_once_t once = PTHREAD_ONCE_INIT;

/* A collection year, 0 for a blank (no limit). */
static int year_of(const char *s)
{
    return *s ? (int)strtol(s, NULL, 10) : 0;
}

static void split(sg_code_set *s)
{
    size_t n = 0, cap = 8;
    const char **v = xmalloc(cap * sizeof *v);
    for (const char *p = s->list; *p;) {
        while (*p == ' ')
            p++;
        if (!*p) break;
        const char *q = p;
        while (*q && *q != ' ')
            q++;
        if (n == cap) v = xrealloc(v, (cap *= 2) * sizeof *v);
        v[n++] = xstrndup(p, (size_t)(q - p));
        p = q;
    }
    s->code = v;
    s->n = n;
}

/* One row of data/code_sets.csv: name, from, to, source, the codes. */
static void load_line(void *ctx, const char *p, const char *end)
{
    (void)ctx;
    if (nrows >= MAX_ROWS) return;
    char *name = sg_str_field_dup(&p, end, false), *from = sg_str_field_dup(&p, end, false);
    char *to = sg_str_field_dup(&p, end, false), *source = sg_str_field_dup(&p, end, false);
    char *list = sg_str_field_dup(&p, end, true);
    int id = -1;
    for (int i = 0; i < SG_CS__COUNT; i++)
        if (strcmp(names[i], name) == 0) id = i;
    if (id >= 0 && *list) {
        row *r = &rows[nrows++];
        r->id = (sg_code_set_id)id;
        r->set = (sg_code_set){.name = names[id],
                               .from_year = year_of(from),
                               .to_year = year_of(to),
                               .source = source,
                               .list = list};
        split(&r->set);
        if (!r->set.to_year) latest[id] = &r->set;
        source = list = NULL;
    }
    free(name), free(from), free(to), free(source), free(list);
}

/* Parses the embedded file (written with the program, so a malformed row is a build error the
 * tests catch: it is left out and its set then reported missing). The table lives as long as
 * the process. */
static void load(void)
{
    sg_str_each_data_line(sg_code_sets_csv, load_line, NULL);
}

const sg_code_set *sg_code_set_for_year(sg_code_set_id id, int year)
{
    pthread_once(&once, load);
    for (size_t i = 0; i < nrows; i++) {
        const sg_code_set *s = &rows[i].set;
        if (rows[i].id == id && (!s->from_year || year >= s->from_year) &&
            (!s->to_year || year <= s->to_year))
            return s;
    }
    return NULL;
}

const sg_code_set *sg_code_set_get(sg_code_set_id id)
{
    pthread_once(&once, load);
    if (id < 0 || id >= SG_CS__COUNT || !latest[id])
        abort(); /* the embedded file lacks a set the code names: a build error */
    return latest[id];
}

const char *sg_codes(sg_code_set_id id)
{
    return sg_code_set_get(id)->list;
}

size_t sg_code_index(const sg_code_set *s, const char *code)
{
    for (size_t i = 0; i < s->n; i++)
        if (sg_str_ieq(code, s->code[i])) return i;
    return s->n;
}
