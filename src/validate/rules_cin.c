/* rules_cin.c - the DfE Children in Need census validation rules (family CIN), implemented from
 * the published rule texts (2022-23 set with the 2023-24 and 2024-25 changes; no changes were
 * published in the 2025-26 set for the rules below). docs/rules_cin.md lists every rule with its
 * number, severity, message, what it checks and the rules not implemented, with the reasons.
 *
 * Each check reads one <Child> tree (ingest/vnode.h) and reports through sg_vreport at the
 * module that holds the offending field, so a finding's line is that element's line. Rules about
 * the return as a whole (duplicate identifiers, LA-level counts) keep a little state with
 * sg_vstate and report either when a duplicate is met or in their finish() check.
 *
 * Conventions of the texts: [Period_of_Census] is coll->start .. coll->ref_date inclusive;
 * "true" flags are true/1 and "false" flags false/0 (any letter case, as the schema allows);
 * a date that is absent or not a real date takes no part in a comparison (other rules and the
 * importer report those). */
#include "validate/validate.h"

#include "core/codes.h"
#include "core/mem.h"
#include "core/period.h"
#include "core/str.h"
#include "core/workdays.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- small helpers --------------------------------------------------------------------- */

#define EACH(var, parent, name)                                                                    \
    for (const sg_vnode *var = sg_vnode_child((parent), (name)); var; var = sg_vnode_next(var))

static bool date_at(const sg_vnode *n, const char *name, sg_date *out)
{
    return sg_vnode_date(n, name, out) == SG_VOK;
}

static bool has_text(const sg_vnode *n, const char *name)
{
    return sg_vnode_text(n, name) != NULL;
}

/* yesnotype of the schema: true/false in any case, or 1/0. */
static bool flag_true(const char *t)
{
    return t && (sg_str_ieq(t, "true") || strcmp(t, "1") == 0);
}

static bool flag_false(const char *t)
{
    return t && (sg_str_ieq(t, "false") || strcmp(t, "0") == 0);
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static bool is_upper(char c)
{
    return c >= 'A' && c <= 'Z';
}

static bool in_period(const sg_vctx *ctx, sg_date d)
{
    return d >= ctx->coll->start && d <= ctx->coll->ref_date;
}

static const sg_vnode *ids_of(const sg_vctx *ctx)
{
    return sg_vnode_child(ctx->child, "ChildIdentifiers");
}

static const sg_vnode *chars_of(const sg_vctx *ctx)
{
    return sg_vnode_child(ctx->child, "ChildCharacteristics");
}

/* ---- working days (England; core/workdays.h holds the bank holidays) ---------------- */

/* The working day n working days before d (d itself need not be a working day). */
static sg_date minus_working_days(sg_date d, int n)
{
    while (n > 0) {
        d--;
        if (sg_is_working_day(d)) n--;
    }
    return d;
}

/* ---- code lists: the program's one table of DfE code sets (core/codes.h) --------------- */

#define ETHNICITY sg_codes(SG_CS_ETHNICITY)
#define DISABILITY sg_codes(SG_CS_CIN_DISABILITY)
#define REFERRAL_SOURCE sg_codes(SG_CS_CIN_REFERRAL_SOURCE)
#define PRIMARY_NEED sg_codes(SG_CS_CIN_PRIMARY_NEED)
#define CLOSURE_REASON sg_codes(SG_CS_CIN_CLOSURE_REASON)
#define ABUSE_CATEGORY sg_codes(SG_CS_CIN_ABUSE_CATEGORY)
/* 18A and 19A are still valid codes, queried by 8945Q / 8950Q rather than refused. */
#define FACTORS sg_codes(SG_CS_CIN_FACTOR)
static const char SEX[] = "M F U";

/* ---- per-return state: a set of strings (duplicate identifiers) ------------------------ */

#define SET_MAX_LEN 64 /* identifiers longer than this are compared by their first 64 bytes */

typedef struct strset {
    char **slot;
    size_t cap, n;
} strset;

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603u;
    for (size_t i = 0; s[i] && i < SET_MAX_LEN; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    return h;
}

static bool same_key(const char *a, const char *b)
{
    return strncmp(a, b, SET_MAX_LEN) == 0;
}

/* Adds s; returns true when it was already there. */
static bool strset_add(strset *set, const char *s)
{
    if (set->n * 2 >= set->cap) {
        size_t ncap = set->cap ? set->cap * 2 : 64;
        char **ns = xcalloc(ncap, sizeof *ns);
        for (size_t i = 0; i < set->cap; i++) {
            if (!set->slot[i]) continue;
            size_t j = hash_str(set->slot[i]) & (ncap - 1);
            while (ns[j])
                j = (j + 1) & (ncap - 1);
            ns[j] = set->slot[i];
        }
        free(set->slot);
        set->slot = ns;
        set->cap = ncap;
    }
    size_t j = hash_str(s) & (set->cap - 1);
    while (set->slot[j]) {
        if (same_key(set->slot[j], s)) return true;
        j = (j + 1) & (set->cap - 1);
    }
    set->slot[j] = xstrdup(s);
    set->n++;
    return false;
}

static void strset_free(strset *set)
{
    for (size_t i = 0; i < set->cap; i++)
        free(set->slot[i]);
    free(set->slot);
    memset(set, 0, sizeof *set);
}

/* ---- header ---------------------------------------------------------------------------- */

typedef struct once_state {
    bool done;
} once_state;

/* 100: <ReferenceDate> must be present and equal the collection's reference date. Checked once
 * per return, on the first child (the header comes with every child). */
static int rule_100(sg_vctx *ctx, const sg_rule *rule)
{
    once_state *st = sg_vstate(ctx, rule, sizeof *st);
    if (st->done || !ctx->header) return SG_OK;
    st->done = true;
    const sg_vnode *cd = sg_vnode_child(ctx->header, "CollectionDetails");
    const sg_vnode *at = cd ? cd : ctx->header;
    sg_date ref;
    if (!date_at(at, "ReferenceDate", &ref) || ref != ctx->coll->ref_date)
        sg_vreport(ctx, rule, at, "ReferenceDate", NULL);
    return SG_OK;
}

/* ---- child identifiers ----------------------------------------------------------------- */

static int rule_8500(sg_vctx *ctx, const sg_rule *rule)
{
    const sg_vnode *ids = ids_of(ctx);
    if (!has_text(ids, "LAchildID"))
        sg_vreport(ctx, rule, ids ? ids : ctx->child, "LAchildID", NULL);
    return SG_OK;
}

typedef struct dup_state {
    strset seen;
} dup_state;

static int dup_finish(sg_vctx *ctx, const sg_rule *rule)
{
    dup_state *st = sg_vstate(ctx, rule, sizeof *st);
    strset_free(&st->seen);
    return SG_OK;
}

/* Reports every occurrence of an identifier after its first in the return. */
static void report_dup(sg_vctx *ctx, const sg_rule *rule, const char *field)
{
    const sg_vnode *ids = ids_of(ctx);
    const char *v = sg_vnode_text(ids, field);
    if (!v) return;
    dup_state *st = sg_vstate(ctx, rule, sizeof *st);
    if (strset_add(&st->seen, v)) sg_vreport(ctx, rule, ids, field, NULL);
}

static int rule_8510(sg_vctx *ctx, const sg_rule *rule)
{
    report_dup(ctx, rule, "LAchildID");
    return SG_OK;
}

static int rule_1520(sg_vctx *ctx, const sg_rule *rule)
{
    report_dup(ctx, rule, "UPN");
    return SG_OK;
}

static int rule_1570(sg_vctx *ctx, const sg_rule *rule)
{
    const sg_vnode *ids = ids_of(ctx);
    const char *id = sg_vnode_text(ids, "LAchildID");
    if (id && strlen(id) > 20) sg_vreport(ctx, rule, ids, "LAchildID", NULL);
    return SG_OK;
}

static int rule_1580(sg_vctx *ctx, const sg_rule *rule)
{
    const sg_vnode *ids = ids_of(ctx);
    const char *id = sg_vnode_text(ids, "LAchildID");
    if (!id) return SG_OK;
    for (const char *p = id; *p; p++) {
        if (!is_digit(*p) && !is_upper(*p) && !(*p >= 'a' && *p <= 'z')) {
            sg_vreport(ctx, rule, ids, "LAchildID", NULL);
            break;
        }
    }
    return SG_OK;
}

/* The UPN check letters: remainder 0..22 of the weighted sum. */
static const char UPN_LETTERS[] = "ABCDEFGHJKLMNPQRTUVWXYZ";

/* The check letter for a 13-character UPN whose characters 2-12 are digits; a letter at 13 (a
 * temporary UPN) counts as its position among the check letters. '\0' when not computable. */
static char upn_check_letter(const char *upn)
{
    if (strlen(upn) != 13) return '\0';
    int sum = 0;
    for (int i = 1; i < 13; i++) {
        int v;
        if (is_digit(upn[i])) {
            v = upn[i] - '0';
        } else if (i == 12 && upn[i] && strchr(UPN_LETTERS, upn[i])) {
            v = (int)(strchr(UPN_LETTERS, upn[i]) - UPN_LETTERS);
        } else {
            return '\0';
        }
        sum += v * (i + 1);
    }
    return UPN_LETTERS[sum % 23];
}

static int rule_1510(sg_vctx *ctx, const sg_rule *rule)
{
    const sg_vnode *ids = ids_of(ctx);
    const char *upn = sg_vnode_text(ids, "UPN");
    if (!upn) return SG_OK;
    char want = upn_check_letter(upn);
    if (want && upn[0] != want) sg_vreport(ctx, rule, ids, "UPN", NULL);
    return SG_OK;
}

/* The LA codes UPN characters 2-4 may be, for the run's collection year (code set cin_upn_la in
 * data/code_sets.csv: 942 and 943 from 2023-24), as a table by number made once per run. */
typedef struct la_table {
    bool made;
    bool ok[1000];
} la_table;

static bool la_code(sg_vctx *ctx, const sg_rule *rule, const char *s)
{
    if (!is_digit(s[0]) || !is_digit(s[1]) || !is_digit(s[2])) return false;
    la_table *t = sg_vstate(ctx, rule, sizeof *t);
    if (!t->made) {
        const sg_code_set *cs = sg_code_set_for_year(SG_CS_CIN_UPN_LA, ctx->coll->year);
        if (!cs) cs = sg_code_set_get(SG_CS_CIN_UPN_LA);
        for (size_t i = 0; i < cs->n; i++) {
            const char *c = cs->code[i];
            if (strlen(c) == 3 && is_digit(c[0]) && is_digit(c[1]) && is_digit(c[2]))
                t->ok[(c[0] - '0') * 100 + (c[1] - '0') * 10 + (c[2] - '0')] = true;
        }
        t->made = true;
    }
    return t->ok[(s[0] - '0') * 100 + (s[1] - '0') * 10 + (s[2] - '0')];
}

static int rule_1530(sg_vctx *ctx, const sg_rule *rule)
{
    const sg_vnode *ids = ids_of(ctx);
    const char *upn = sg_vnode_text(ids, "UPN");
    if (upn && strlen(upn) >= 4 && !la_code(ctx, rule, upn + 1))
        sg_vreport(ctx, rule, ids, "UPN", NULL);
    return SG_OK;
}

static int rule_1540(sg_vctx *ctx, const sg_rule *rule)
{
    const sg_vnode *ids = ids_of(ctx);
    const char *upn = sg_vnode_text(ids, "UPN");
    if (!upn) return SG_OK;
    size_t n = strlen(upn);
    for (size_t i = 4; i < 12 && i < n; i++) {
        if (!is_digit(upn[i])) {
            sg_vreport(ctx, rule, ids, "UPN", NULL);
            break;
        }
    }
    return SG_OK;
}

static bool upn_last_ok(char c)
{
    return is_digit(c) || (is_upper(c) && c != 'I' && c != 'O' && c != 'S');
}

static int rule_1550(sg_vctx *ctx, const sg_rule *rule)
{
    const sg_vnode *ids = ids_of(ctx);
    const char *upn = sg_vnode_text(ids, "UPN");
    if (upn && strlen(upn) >= 13 && !upn_last_ok(upn[12])) sg_vreport(ctx, rule, ids, "UPN", NULL);
    return SG_OK;
}

/* The data table's UPN format: a letter, 11 digits, then a digit or a letter (not I, O, S). */
static int rule_1560Q(sg_vctx *ctx, const sg_rule *rule)
{
    const sg_vnode *ids = ids_of(ctx);
    const char *f = sg_vnode_text(ids, "FormerUPN");
    if (!f) return SG_OK;
    bool ok = strlen(f) == 13 && is_upper(f[0]) && upn_last_ok(f[12]);
    for (int i = 1; ok && i < 12; i++)
        ok = is_digit(f[i]);
    if (!ok) sg_vreport(ctx, rule, ids, "FormerUPN", NULL);
    return SG_OK;
}

/* Sex (N00783, M/F/U) replaced GenderCurrent (N00065, 0/1/2/9) from the 2024-25 collection
 * (DfE collection year 2025); earlier returns are read in their own terms. */
static bool uses_gender_current(const sg_vctx *ctx)
{
    return ctx->coll->year <= 2024;
}

static int rule_4180(sg_vctx *ctx, const sg_rule *rule)
{
    const sg_vnode *ids = ids_of(ctx);
    const sg_vnode *at = ids ? ids : ctx->child;
    if (uses_gender_current(ctx)) {
        /* the rule's 2023-24 text and message */
        if (!sg_vcode_in(sg_vnode_text(ids, "GenderCurrent"), "0 1 2 9"))
            sg_vreportf(ctx, rule, at, "GenderCurrent", NULL, "Gender is missing");
    } else if (!sg_vcode_in(sg_vnode_text(ids, "Sex"), SEX)) {
        sg_vreport(ctx, rule, at, "Sex", NULL);
    }
    return SG_OK;
}

static int rule_8520(sg_vctx *ctx, const sg_rule *rule)
{
    const sg_vnode *ids = ids_of(ctx);
    sg_date dob;
    if (date_at(ids, "PersonBirthDate", &dob) && dob > ctx->coll->ref_date)
        sg_vreport(ctx, rule, ids, "PersonBirthDate", NULL);
    return SG_OK;
}

static int rule_8525(sg_vctx *ctx, const sg_rule *rule)
{
    const sg_vnode *ids = ids_of(ctx);
    bool dob = has_text(ids, "PersonBirthDate"), edob = has_text(ids, "ExpectedPersonBirthDate");
    if (dob == edob) sg_vreport(ctx, rule, ids ? ids : ctx->child, "PersonBirthDate", NULL);
    return SG_OK;
}

static int rule_8530Q(sg_vctx *ctx, const sg_rule *rule)
{
    const sg_vnode *ids = ids_of(ctx);
    sg_date edob, ref = ctx->coll->ref_date;
    if (date_at(ids, "ExpectedPersonBirthDate", &edob) &&
        (edob < ref - 30 || edob > sg_date_add_months(ref, 9)))
        sg_vreport(ctx, rule, ids, "ExpectedPersonBirthDate", NULL);
    return SG_OK;
}

static int rule_8535Q(sg_vctx *ctx, const sg_rule *rule)
{
    const sg_vnode *ids = ids_of(ctx);
    sg_date dob, dod;
    if (date_at(ids, "PersonBirthDate", &dob) && date_at(ids, "PersonDeathDate", &dod) && dod < dob)
        sg_vreport(ctx, rule, ids, "PersonDeathDate", NULL);
    return SG_OK;
}

static int rule_8545Q(sg_vctx *ctx, const sg_rule *rule)
{
    const sg_vnode *ids = ids_of(ctx);
    sg_date dod;
    if (date_at(ids, "PersonDeathDate", &dod) && !in_period(ctx, dod))
        sg_vreport(ctx, rule, ids, "PersonDeathDate", NULL);
    return SG_OK;
}

static int rule_8750(sg_vctx *ctx, const sg_rule *rule)
{
    const sg_vnode *ids = ids_of(ctx);
    if (!has_text(ids, "ExpectedPersonBirthDate") || has_text(ids, "PersonBirthDate")) return SG_OK;
    if (uses_gender_current(ctx)) {
        const char *g = sg_vnode_text(ids, "GenderCurrent");
        if (!g || strcmp(g, "0") != 0)
            sg_vreportf(ctx, rule, ids, "GenderCurrent", NULL,
                        "%s (GenderCurrent 0 before 2024-25)", rule->message);
    } else {
        const char *sex = sg_vnode_text(ids, "Sex");
        if (!sex || strcmp(sex, "U") != 0) sg_vreport(ctx, rule, ids, "Sex", NULL);
    }
    return SG_OK;
}

/* true when some <CINdetails> of the child has ReferralNFA false/0. */
static bool any_further_action(const sg_vctx *ctx)
{
    EACH(cd, ctx->child, "CINdetails")
    if (flag_false(sg_vnode_text(cd, "ReferralNFA"))) return true;
    return false;
}

static int rule_8770Q(sg_vctx *ctx, const sg_rule *rule)
{
    const sg_vnode *ids = ids_of(ctx);
    sg_date dob;
    if (!date_at(ids, "PersonBirthDate", &dob) || !any_further_action(ctx)) return SG_OK;
    if (dob > sg_date_add_months(ctx->coll->ref_date, -48))
        return SG_OK; /* not yet of school age */
    if (has_text(ids, "UPN")) return SG_OK;
    if (sg_vcode_in(sg_vnode_text(ids, "UPNunknown"), "UN2 UN3 UN4 UN5 UN6 UN7")) return SG_OK;
    sg_vreport(ctx, rule, ids, "UPN", NULL);
    return SG_OK;
}

static int rule_8772(sg_vctx *ctx, const sg_rule *rule)
{
    const sg_vnode *ids = ids_of(ctx);
    const char *un = sg_vnode_text(ids, "UPNunknown");
    if (!un || strcmp(un, "UN7") != 0) return SG_OK;
    EACH(cd, ctx->child, "CINdetails")
    {
        if (!flag_true(sg_vnode_text(cd, "ReferralNFA"))) {
            sg_vreport(ctx, rule, ids, "UPNunknown", NULL);
            break;
        }
    }
    return SG_OK;
}

static int rule_8775Q(sg_vctx *ctx, const sg_rule *rule)
{
    const sg_vnode *ids = ids_of(ctx);
    sg_date dob;
    if (!date_at(ids, "PersonBirthDate", &dob) ||
        dob >= sg_date_add_months(ctx->coll->ref_date, -300))
        return SG_OK;
    sg_date at25 = sg_date_add_months(dob, 300);
    EACH(cd, ctx->child, "CINdetails")
    {
        sg_date closed;
        if (!has_text(cd, "CINclosureDate") ||
            (date_at(cd, "CINclosureDate", &closed) && closed > at25)) {
            sg_vreport(ctx, rule, ids, "PersonBirthDate", NULL);
            break;
        }
    }
    return SG_OK;
}

/* ---- child characteristics ------------------------------------------------------------- */

static int rule_4220(sg_vctx *ctx, const sg_rule *rule)
{
    const sg_vnode *ch = chars_of(ctx);
    if (!sg_vcode_in(sg_vnode_text(ch, "Ethnicity"), ETHNICITY))
        sg_vreport(ctx, rule, ch ? ch : ctx->child, "Ethnicity", NULL);
    return SG_OK;
}

static int rule_8540(sg_vctx *ctx, const sg_rule *rule)
{
    if (!has_text(ids_of(ctx), "PersonBirthDate") || !any_further_action(ctx)) return SG_OK;
    const sg_vnode *ch = chars_of(ctx);
    const sg_vnode *dis = sg_vnode_child(ch, "Disabilities");
    bool any = false;
    EACH(d, dis, "Disability")
    {
        if (d->text) any = true;
        if (!sg_vcode_in(d->text, DISABILITY)) sg_vreport(ctx, rule, d, NULL, NULL);
    }
    if (!any && !sg_vnode_child(dis, "Disability"))
        sg_vreport(ctx, rule, dis ? dis : ch ? ch : ctx->child, "Disability", NULL);
    return SG_OK;
}

static int rule_8790(sg_vctx *ctx, const sg_rule *rule)
{
    const sg_vnode *dis = sg_vnode_child(chars_of(ctx), "Disabilities");
    bool none = false, other = false;
    EACH(d, dis, "Disability")
    {
        if (!d->text) continue;
        if (strcmp(d->text, "NONE") == 0)
            none = true;
        else
            other = true;
    }
    if (none && other) sg_vreport(ctx, rule, dis, "Disability", NULL);
    return SG_OK;
}

/* Reports every leaf named name under parent whose text repeats an earlier sibling's. */
static void report_repeats(sg_vctx *ctx, const sg_rule *rule, const sg_vnode *parent,
                           const char *name)
{
    EACH(a, parent, name)
    {
        if (!a->text) continue;
        for (const sg_vnode *b = sg_vnode_child(parent, name); b != a; b = sg_vnode_next(b)) {
            if (b->text && strcmp(a->text, b->text) == 0) {
                sg_vreport(ctx, rule, a, NULL, NULL);
                break;
            }
        }
    }
}

static int rule_8794(sg_vctx *ctx, const sg_rule *rule)
{
    report_repeats(ctx, rule, sg_vnode_child(chars_of(ctx), "Disabilities"), "Disability");
    return SG_OK;
}

/* ---- CIN details ----------------------------------------------------------------------- */

static int rule_8590(sg_vctx *ctx, const sg_rule *rule)
{
    if (!sg_vnode_child(ctx->child, "CINdetails"))
        sg_vreport(ctx, rule, ctx->child, "CINdetails", NULL);
    return SG_OK;
}

static int rule_8555(sg_vctx *ctx, const sg_rule *rule)
{
    sg_date dod, ref;
    if (!date_at(ids_of(ctx), "PersonDeathDate", &dod)) return SG_OK;
    EACH(cd, ctx->child, "CINdetails")
    if (date_at(cd, "CINreferralDate", &ref) && ref > dod)
        sg_vreport(ctx, rule, cd, "CINreferralDate", NULL);
    return SG_OK;
}

static int rule_8565(sg_vctx *ctx, const sg_rule *rule)
{
    static const char *const in_assess[] = {"AssessmentActualStartDate",
                                            "AssessmentAuthorisationDate"};
    EACH(cd, ctx->child, "CINdetails")
    {
        sg_date closed, d;
        if (!date_at(cd, "CINclosureDate", &closed)) continue;
        if (date_at(cd, "DateOfInitialCPC", &d) && d > closed)
            sg_vreport(ctx, rule, cd, "DateOfInitialCPC", NULL);
        EACH(a, cd, "Assessments")
        for (size_t i = 0; i < 2; i++)
            if (date_at(a, in_assess[i], &d) && d > closed)
                sg_vreport(ctx, rule, a, in_assess[i], NULL);
        EACH(s, cd, "Section47")
        {
            if (date_at(s, "S47ActualStartDate", &d) && d > closed)
                sg_vreport(ctx, rule, s, "S47ActualStartDate", NULL);
            if (date_at(s, "DateOfInitialCPC", &d) && d > closed)
                sg_vreport(ctx, rule, s, "DateOfInitialCPC", NULL);
        }
        EACH(p, cd, "ChildProtectionPlans")
        if (date_at(p, "CPPendDate", &d) && d > closed)
            sg_vreport(ctx, rule, p, "CPPendDate", NULL);
        EACH(p, cd, "CINPlanDates")
        {
            if (date_at(p, "CINPlanStartDate", &d) && d > closed)
                sg_vreport(ctx, rule, p, "CINPlanStartDate", NULL);
            if (date_at(p, "CINPlanEndDate", &d) && d > closed)
                sg_vreport(ctx, rule, p, "CINPlanEndDate", NULL);
        }
    }
    return SG_OK;
}

static int rule_8568(sg_vctx *ctx, const sg_rule *rule)
{
    EACH(cd, ctx->child, "CINdetails")
    {
        const char *t = sg_vnode_text(cd, "ReferralNFA");
        if (!flag_true(t) && !flag_false(t)) sg_vreport(ctx, rule, cd, "ReferralNFA", NULL);
    }
    return SG_OK;
}

static int rule_8569(sg_vctx *ctx, const sg_rule *rule)
{
    sg_date limit = minus_working_days(ctx->coll->start, 1), ref;
    EACH(cd, ctx->child, "CINdetails")
    if (date_at(cd, "CINreferralDate", &ref) && ref < limit &&
        !flag_false(sg_vnode_text(cd, "ReferralNFA")))
        sg_vreport(ctx, rule, cd, "ReferralNFA", NULL);
    return SG_OK;
}

static int rule_8585Q(sg_vctx *ctx, const sg_rule *rule)
{
    sg_date dod;
    bool died = date_at(ids_of(ctx), "PersonDeathDate", &dod);
    EACH(cd, ctx->child, "CINdetails")
    {
        const char *r = sg_vnode_text(cd, "ReasonForClosure");
        if (r && strcmp(r, "RC2") == 0 && !died)
            sg_vreport(ctx, rule, cd, "ReasonForClosure", NULL);
    }
    return SG_OK;
}

static int rule_8600(sg_vctx *ctx, const sg_rule *rule)
{
    EACH(cd, ctx->child, "CINdetails")
    {
        sg_date ref;
        if (!date_at(cd, "CINreferralDate", &ref) || ref > ctx->coll->ref_date)
            sg_vreport(ctx, rule, cd, "CINreferralDate", NULL);
    }
    return SG_OK;
}

static int rule_8606(sg_vctx *ctx, const sg_rule *rule)
{
    const sg_vnode *ids = ids_of(ctx);
    sg_date dob = SG_DATE_NONE, edob = SG_DATE_NONE, ref;
    date_at(ids, "PersonBirthDate", &dob);
    date_at(ids, "ExpectedPersonBirthDate", &edob);
    EACH(cd, ctx->child, "CINdetails")
    {
        if (!date_at(cd, "CINreferralDate", &ref)) continue;
        if ((dob != SG_DATE_NONE && ref < dob - 280) || (edob != SG_DATE_NONE && ref < edob - 280))
            sg_vreport(ctx, rule, cd, "CINreferralDate", NULL);
    }
    return SG_OK;
}

static int rule_8610(sg_vctx *ctx, const sg_rule *rule)
{
    EACH(cd, ctx->child, "CINdetails")
    if (flag_false(sg_vnode_text(cd, "ReferralNFA")) && !has_text(cd, "PrimaryNeedCode"))
        sg_vreport(ctx, rule, cd, "PrimaryNeedCode", NULL);
    return SG_OK;
}

static int rule_8620(sg_vctx *ctx, const sg_rule *rule)
{
    sg_date d;
    EACH(cd, ctx->child, "CINdetails")
    if (date_at(cd, "CINclosureDate", &d) && !in_period(ctx, d))
        sg_vreport(ctx, rule, cd, "CINclosureDate", NULL);
    return SG_OK;
}

static int rule_8630(sg_vctx *ctx, const sg_rule *rule)
{
    sg_date ref, closed;
    EACH(cd, ctx->child, "CINdetails")
    if (date_at(cd, "CINreferralDate", &ref) && date_at(cd, "CINclosureDate", &closed) &&
        closed < ref)
        sg_vreport(ctx, rule, cd, "CINclosureDate", NULL);
    return SG_OK;
}

static int rule_8640(sg_vctx *ctx, const sg_rule *rule)
{
    EACH(cd, ctx->child, "CINdetails")
    {
        const char *r = sg_vnode_text(cd, "ReasonForClosure");
        if (r && !sg_vcode_in(r, CLOSURE_REASON))
            sg_vreport(ctx, rule, cd, "ReasonForClosure", NULL);
    }
    return SG_OK;
}

static int rule_8650(sg_vctx *ctx, const sg_rule *rule)
{
    EACH(cd, ctx->child, "CINdetails")
    {
        const char *p = sg_vnode_text(cd, "PrimaryNeedCode");
        if (p && !sg_vcode_in(p, PRIMARY_NEED)) sg_vreport(ctx, rule, cd, "PrimaryNeedCode", NULL);
    }
    return SG_OK;
}

static int rule_8805(sg_vctx *ctx, const sg_rule *rule)
{
    EACH(cd, ctx->child, "CINdetails")
    if (has_text(cd, "CINclosureDate") && !has_text(cd, "ReasonForClosure"))
        sg_vreport(ctx, rule, cd, "ReasonForClosure", NULL);
    return SG_OK;
}

static int rule_8810(sg_vctx *ctx, const sg_rule *rule)
{
    EACH(cd, ctx->child, "CINdetails")
    if (has_text(cd, "ReasonForClosure") && !has_text(cd, "CINclosureDate"))
        sg_vreport(ctx, rule, cd, "CINclosureDate", NULL);
    return SG_OK;
}

/* An episode that is still open and led to further action. */
static bool open_with_action(const sg_vnode *cd)
{
    return !has_text(cd, "CINclosureDate") && flag_false(sg_vnode_text(cd, "ReferralNFA"));
}

static int rule_8815(sg_vctx *ctx, const sg_rule *rule)
{
    int open = 0;
    EACH(cd, ctx->child, "CINdetails")
    open += open_with_action(cd);
    if (open < 2) return SG_OK;
    EACH(cd, ctx->child, "CINdetails")
    if (open_with_action(cd)) sg_vreport(ctx, rule, cd, "CINclosureDate", NULL);
    return SG_OK;
}

static int rule_8816(sg_vctx *ctx, const sg_rule *rule)
{
    sg_date latest = SG_DATE_NONE, ref;
    EACH(cd, ctx->child, "CINdetails")
    if (date_at(cd, "CINreferralDate", &ref) && (latest == SG_DATE_NONE || ref > latest))
        latest = ref;
    EACH(cd, ctx->child, "CINdetails")
    if (open_with_action(cd) && date_at(cd, "CINreferralDate", &ref) && ref != latest)
        sg_vreport(ctx, rule, cd, "CINreferralDate", NULL);
    return SG_OK;
}

static int rule_8820(sg_vctx *ctx, const sg_rule *rule)
{
    EACH(cd, ctx->child, "CINdetails")
    {
        sg_date ref;
        if (!date_at(cd, "CINreferralDate", &ref)) continue;
        EACH(other, ctx->child, "CINdetails")
        {
            sg_date oref, oclosed;
            if (other == cd || !date_at(other, "CINreferralDate", &oref) || ref < oref) continue;
            /* The end of one episode may be the start of the next. */
            bool inside = date_at(other, "CINclosureDate", &oclosed)
                              ? ref < oclosed
                              : !has_text(other, "CINclosureDate") &&
                                    flag_false(sg_vnode_text(other, "ReferralNFA")) &&
                                    ref <= ctx->coll->ref_date;
            if (inside) {
                sg_vreport(ctx, rule, cd, "CINreferralDate", NULL);
                break;
            }
        }
    }
    return SG_OK;
}

static int rule_8866(sg_vctx *ctx, const sg_rule *rule)
{
    sg_date ref, from = sg_date_from_ymd(2013, 4, 1);
    EACH(cd, ctx->child, "CINdetails")
    if (date_at(cd, "CINreferralDate", &ref) && ref >= from &&
        !sg_vcode_in(sg_vnode_text(cd, "ReferralSource"), REFERRAL_SOURCE))
        sg_vreport(ctx, rule, cd, "ReferralSource", NULL);
    return SG_OK;
}

static int rule_8825Q(sg_vctx *ctx, const sg_rule *rule)
{
    EACH(cd, ctx->child, "CINdetails")
    if (sg_vcode_in(sg_vnode_text(cd, "ReasonForClosure"), "RC8 RC9") &&
        !sg_vnode_child(cd, "Assessments"))
        sg_vreport(ctx, rule, cd, "ReasonForClosure", NULL);
    return SG_OK;
}

static int rule_2990(sg_vctx *ctx, const sg_rule *rule)
{
    EACH(cd, ctx->child, "CINdetails")
    {
        /* RC8 "case closed after assessment, no further action" and RC9 "... referred to early
         * help": both say the episode ended with its assessment. */
        if (!sg_vcode_in(sg_vnode_text(cd, "ReasonForClosure"), "RC8 RC9")) continue;
        if (sg_vnode_child(cd, "Section47") || sg_vnode_child(cd, "ChildProtectionPlans") ||
            has_text(cd, "DateOfInitialCPC") || sg_vnode_child(cd, "CINPlanDates"))
            sg_vreport(ctx, rule, cd, "ReasonForClosure", NULL);
    }
    return SG_OK;
}

static int rule_8831(sg_vctx *ctx, const sg_rule *rule)
{
    EACH(cd, ctx->child, "CINdetails")
    {
        if (!flag_true(sg_vnode_text(cd, "ReferralNFA"))) continue;
        bool activity = has_text(cd, "DateOfInitialCPC");
        EACH(a, cd, "Assessments")
        activity = activity || has_text(a, "AssessmentActualStartDate") ||
                   has_text(a, "AssessmentAuthorisationDate");
        EACH(s, cd, "Section47")
        activity = activity || has_text(s, "S47ActualStartDate") || has_text(s, "DateOfInitialCPC");
        if (activity) sg_vreport(ctx, rule, cd, "ReferralNFA", NULL);
    }
    return SG_OK;
}

static int rule_8832(sg_vctx *ctx, const sg_rule *rule)
{
    EACH(cd, ctx->child, "CINdetails")
    if (flag_true(sg_vnode_text(cd, "ReferralNFA")) && sg_vnode_child(cd, "ChildProtectionPlans"))
        sg_vreport(ctx, rule, cd, "ReferralNFA", NULL);
    return SG_OK;
}

static int rule_4000(sg_vctx *ctx, const sg_rule *rule)
{
    EACH(cd, ctx->child, "CINdetails")
    if (flag_true(sg_vnode_text(cd, "ReferralNFA")) && sg_vnode_child(cd, "CINPlanDates"))
        sg_vreport(ctx, rule, cd, "ReferralNFA", NULL);
    return SG_OK;
}

/* ---- assessments ----------------------------------------------------------------------- */

static int rule_1103(sg_vctx *ctx, const sg_rule *rule)
{
    sg_date ref, d;
    EACH(cd, ctx->child, "CINdetails")
    {
        if (!date_at(cd, "CINreferralDate", &ref)) continue;
        EACH(a, cd, "Assessments")
        if (date_at(a, "AssessmentActualStartDate", &d) && d < ref)
            sg_vreport(ctx, rule, a, "AssessmentActualStartDate", NULL);
    }
    return SG_OK;
}

static int rule_8608(sg_vctx *ctx, const sg_rule *rule)
{
    sg_date s, e;
    EACH(cd, ctx->child, "CINdetails")
    EACH(a, cd, "Assessments")
    if (date_at(a, "AssessmentActualStartDate", &s) &&
        date_at(a, "AssessmentAuthorisationDate", &e) && e < s)
        sg_vreport(ctx, rule, a, "AssessmentAuthorisationDate", NULL);
    return SG_OK;
}

static const sg_vnode *factors_of(const sg_vnode *assessment)
{
    return sg_vnode_child(assessment, "FactorsIdentifiedAtAssessment");
}

static bool has_factor(const sg_vnode *assessment, const char *code)
{
    EACH(f, factors_of(assessment), "AssessmentFactors")
    if (f->text && strcmp(f->text, code) == 0) return true;
    return false;
}

static bool any_factor(const sg_vnode *assessment)
{
    EACH(f, factors_of(assessment), "AssessmentFactors")
    if (f->text) return true;
    return false;
}

static int rule_8614(sg_vctx *ctx, const sg_rule *rule)
{
    EACH(cd, ctx->child, "CINdetails")
    EACH(a, cd, "Assessments")
    if (!has_text(a, "AssessmentAuthorisationDate") && any_factor(a))
        sg_vreport(ctx, rule, factors_of(a), "AssessmentFactors", NULL);
    return SG_OK;
}

/* Reports every factor leaf with exactly this code. */
static void report_factor(sg_vctx *ctx, const sg_rule *rule, const char *code)
{
    EACH(cd, ctx->child, "CINdetails")
    EACH(a, cd, "Assessments")
    EACH(f, factors_of(a), "AssessmentFactors")
    if (f->text && strcmp(f->text, code) == 0) sg_vreport(ctx, rule, f, NULL, NULL);
}

static int rule_8617(sg_vctx *ctx, const sg_rule *rule)
{
    report_factor(ctx, rule, "8A");
    return SG_OK;
}

static int rule_8945Q(sg_vctx *ctx, const sg_rule *rule)
{
    report_factor(ctx, rule, "18A");
    return SG_OK;
}

static int rule_8950Q(sg_vctx *ctx, const sg_rule *rule)
{
    report_factor(ctx, rule, "19A");
    return SG_OK;
}

static int rule_8670Q(sg_vctx *ctx, const sg_rule *rule)
{
    sg_date limit = minus_working_days(ctx->coll->ref_date, 45), s;
    EACH(cd, ctx->child, "CINdetails")
    EACH(a, cd, "Assessments")
    if (!has_text(a, "AssessmentAuthorisationDate") &&
        date_at(a, "AssessmentActualStartDate", &s) && s < limit)
        sg_vreport(ctx, rule, a, "AssessmentActualStartDate", NULL);
    return SG_OK;
}

static int rule_8696(sg_vctx *ctx, const sg_rule *rule)
{
    sg_date e;
    EACH(cd, ctx->child, "CINdetails")
    EACH(a, cd, "Assessments")
    if (date_at(a, "AssessmentAuthorisationDate", &e) && !in_period(ctx, e))
        sg_vreport(ctx, rule, a, "AssessmentAuthorisationDate", NULL);
    return SG_OK;
}

static int rule_8736(sg_vctx *ctx, const sg_rule *rule)
{
    sg_date s;
    EACH(cd, ctx->child, "CINdetails")
    EACH(a, cd, "Assessments")
    if (!has_text(a, "AssessmentAuthorisationDate") &&
        date_at(a, "AssessmentActualStartDate", &s) && !in_period(ctx, s))
        sg_vreport(ctx, rule, a, "AssessmentActualStartDate", NULL);
    return SG_OK;
}

static int rule_8863(sg_vctx *ctx, const sg_rule *rule)
{
    EACH(cd, ctx->child, "CINdetails")
    EACH(a, cd, "Assessments")
    {
        sg_date s;
        if (!date_at(a, "AssessmentActualStartDate", &s)) continue;
        EACH(b, cd, "Assessments")
        {
            sg_date bs, be;
            if (b == a || !date_at(b, "AssessmentActualStartDate", &bs) || s < bs) continue;
            bool inside =
                date_at(b, "AssessmentAuthorisationDate", &be)
                    ? s <= be
                    : !has_text(b, "AssessmentAuthorisationDate") && s <= ctx->coll->ref_date;
            if (inside) {
                sg_vreport(ctx, rule, a, "AssessmentActualStartDate", NULL);
                break;
            }
        }
    }
    return SG_OK;
}

static int rule_8867(sg_vctx *ctx, const sg_rule *rule)
{
    EACH(cd, ctx->child, "CINdetails")
    {
        if (!has_text(cd, "CINclosureDate")) continue;
        EACH(a, cd, "Assessments")
        if (!has_text(a, "AssessmentAuthorisationDate"))
            sg_vreport(ctx, rule, a, "AssessmentAuthorisationDate", NULL);
    }
    return SG_OK;
}

static int rule_8869(sg_vctx *ctx, const sg_rule *rule)
{
    EACH(cd, ctx->child, "CINdetails")
    EACH(a, cd, "Assessments")
    {
        if (!has_factor(a, "21")) continue;
        EACH(f, factors_of(a), "AssessmentFactors")
        {
            if (f->text && strcmp(f->text, "21") != 0) {
                sg_vreport(ctx, rule, factors_of(a), "AssessmentFactors", NULL);
                break;
            }
        }
    }
    return SG_OK;
}

/* 8873Q: an episode whose only assessment was completed (authorised) with factor 21 "no factors
 * identified" is closed as RC8 or RC9. An episode not yet closed has no reason to check. */
static int rule_8873Q(sg_vctx *ctx, const sg_rule *rule)
{
    EACH(cd, ctx->child, "CINdetails")
    {
        const sg_vnode *a = sg_vnode_child(cd, "Assessments");
        if (!a || sg_vnode_next(a) || !has_text(a, "AssessmentAuthorisationDate") ||
            !has_factor(a, "21"))
            continue;
        const char *r = sg_vnode_text(cd, "ReasonForClosure");
        if (r && !sg_vcode_in(r, "RC8 RC9")) sg_vreport(ctx, rule, cd, "ReasonForClosure", NULL);
    }
    return SG_OK;
}

static int rule_8896(sg_vctx *ctx, const sg_rule *rule)
{
    EACH(cd, ctx->child, "CINdetails")
    {
        int open = 0;
        EACH(a, cd, "Assessments")
        open += !has_text(a, "AssessmentAuthorisationDate");
        if (open < 2) continue;
        EACH(a, cd, "Assessments")
        if (!has_text(a, "AssessmentAuthorisationDate"))
            sg_vreport(ctx, rule, a, "AssessmentAuthorisationDate", NULL);
    }
    return SG_OK;
}

static int rule_8897(sg_vctx *ctx, const sg_rule *rule)
{
    sg_date e;
    EACH(cd, ctx->child, "CINdetails")
    EACH(a, cd, "Assessments")
    {
        if (!date_at(a, "AssessmentAuthorisationDate", &e) || e < ctx->coll->start) continue;
        if (!any_factor(a)) {
            const sg_vnode *f = factors_of(a);
            sg_vreport(ctx, rule, f ? f : a, "AssessmentFactors", NULL);
            continue;
        }
        EACH(f, factors_of(a), "AssessmentFactors")
        if (f->text && !sg_vcode_in(f->text, FACTORS)) sg_vreport(ctx, rule, f, NULL, NULL);
    }
    return SG_OK;
}

static int rule_8898(sg_vctx *ctx, const sg_rule *rule)
{
    EACH(cd, ctx->child, "CINdetails")
    EACH(a, cd, "Assessments")
    report_repeats(ctx, rule, factors_of(a), "AssessmentFactors");
    return SG_OK;
}

static int rule_8899Q(sg_vctx *ctx, const sg_rule *rule)
{
    bool disabled = false;
    EACH(d, sg_vnode_child(chars_of(ctx), "Disabilities"), "Disability")
    if (d->text && strcmp(d->text, "NONE") != 0) disabled = true;
    if (!disabled) return SG_OK;
    sg_date e;
    EACH(cd, ctx->child, "CINdetails")
    EACH(a, cd, "Assessments")
    if (date_at(a, "AssessmentAuthorisationDate", &e) && e >= ctx->coll->start &&
        !has_factor(a, "5A") && !has_factor(a, "6A")) {
        const sg_vnode *f = factors_of(a);
        sg_vreport(ctx, rule, f ? f : a, "AssessmentFactors", NULL);
    }
    return SG_OK;
}

/* ---- section 47 enquiries -------------------------------------------------------------- */

static int rule_1104(sg_vctx *ctx, const sg_rule *rule)
{
    sg_date ref, d;
    EACH(cd, ctx->child, "CINdetails")
    {
        if (!date_at(cd, "CINreferralDate", &ref)) continue;
        EACH(s, cd, "Section47")
        if (date_at(s, "DateOfInitialCPC", &d) && d < ref)
            sg_vreport(ctx, rule, s, "DateOfInitialCPC", NULL);
    }
    return SG_OK;
}

static int rule_2889(sg_vctx *ctx, const sg_rule *rule)
{
    sg_date ref, d;
    EACH(cd, ctx->child, "CINdetails")
    {
        if (!date_at(cd, "CINreferralDate", &ref)) continue;
        EACH(s, cd, "Section47")
        if (date_at(s, "S47ActualStartDate", &d) && d < ref)
            sg_vreport(ctx, rule, s, "S47ActualStartDate", NULL);
    }
    return SG_OK;
}

static int rule_2884(sg_vctx *ctx, const sg_rule *rule)
{
    sg_date top, d;
    EACH(cd, ctx->child, "CINdetails")
    {
        if (!date_at(cd, "DateOfInitialCPC", &top)) continue;
        EACH(s, cd, "Section47")
        if (date_at(s, "DateOfInitialCPC", &d) && d == top)
            sg_vreport(ctx, rule, s, "DateOfInitialCPC", NULL);
    }
    return SG_OK;
}

static int rule_2991Q(sg_vctx *ctx, const sg_rule *rule)
{
    EACH(cd, ctx->child, "CINdetails")
    {
        const sg_vnode *s = sg_vnode_child(cd, "Section47");
        if (s && !sg_vnode_child(cd, "Assessments")) sg_vreport(ctx, rule, s, NULL, NULL);
    }
    return SG_OK;
}

static int rule_8615(sg_vctx *ctx, const sg_rule *rule)
{
    sg_date icpc, s47;
    EACH(cd, ctx->child, "CINdetails")
    EACH(s, cd, "Section47")
    {
        if (!date_at(s, "DateOfInitialCPC", &icpc)) continue;
        if (!has_text(s, "S47ActualStartDate") ||
            (date_at(s, "S47ActualStartDate", &s47) && s47 > icpc))
            sg_vreport(ctx, rule, s, "S47ActualStartDate", NULL);
    }
    return SG_OK;
}

/* A section 47 enquiry with no conference yet that still expects one. */
static bool s47_awaiting_icpc(const sg_vnode *s)
{
    return !has_text(s, "DateOfInitialCPC") && flag_false(sg_vnode_text(s, "ICPCnotRequired"));
}

static int rule_8675Q(sg_vctx *ctx, const sg_rule *rule)
{
    sg_date limit = minus_working_days(ctx->coll->ref_date, 15), d;
    EACH(cd, ctx->child, "CINdetails")
    EACH(s, cd, "Section47")
    if (s47_awaiting_icpc(s) && date_at(s, "S47ActualStartDate", &d) && d < limit)
        sg_vreport(ctx, rule, s, "S47ActualStartDate", NULL);
    return SG_OK;
}

/* The rule's module is Section47: a conference recorded on the CIN details module (the form used
 * when there was no section 47 enquiry) is not covered by the text. */
static int rule_8715(sg_vctx *ctx, const sg_rule *rule)
{
    sg_date d;
    EACH(cd, ctx->child, "CINdetails")
    EACH(s, cd, "Section47")
    if (date_at(s, "DateOfInitialCPC", &d) && !in_period(ctx, d))
        sg_vreport(ctx, rule, s, "DateOfInitialCPC", NULL);
    return SG_OK;
}

static int rule_8740(sg_vctx *ctx, const sg_rule *rule)
{
    sg_date d;
    EACH(cd, ctx->child, "CINdetails")
    EACH(s, cd, "Section47")
    if (s47_awaiting_icpc(s) && date_at(s, "S47ActualStartDate", &d) && !in_period(ctx, d))
        sg_vreport(ctx, rule, s, "S47ActualStartDate", NULL);
    return SG_OK;
}

/* Open in the sense of 8839 and 8890: no conference date, and a conference not ruled out. */
static bool s47_open(const sg_vnode *s)
{
    return !has_text(s, "DateOfInitialCPC") && !flag_true(sg_vnode_text(s, "ICPCnotRequired"));
}

static int rule_8839(sg_vctx *ctx, const sg_rule *rule)
{
    EACH(cd, ctx->child, "CINdetails")
    {
        int open = 0;
        EACH(s, cd, "Section47")
        open += s47_open(s);
        if (open < 2) continue;
        EACH(s, cd, "Section47")
        if (s47_open(s)) sg_vreport(ctx, rule, s, "DateOfInitialCPC", NULL);
    }
    return SG_OK;
}

static int rule_8868(sg_vctx *ctx, const sg_rule *rule)
{
    EACH(cd, ctx->child, "CINdetails")
    {
        if (!has_text(cd, "CINclosureDate")) continue;
        EACH(s, cd, "Section47")
        if (!has_text(s, "DateOfInitialCPC") && !flag_true(sg_vnode_text(s, "ICPCnotRequired")))
            sg_vreport(ctx, rule, s, "DateOfInitialCPC", NULL);
    }
    return SG_OK;
}

static int rule_8870Q(sg_vctx *ctx, const sg_rule *rule)
{
    sg_date d;
    EACH(cd, ctx->child, "CINdetails")
    EACH(s, cd, "Section47")
    if (date_at(s, "InitialCPCtarget", &d) && sg_date_weekday(d) >= 5)
        sg_vreport(ctx, rule, s, "InitialCPCtarget", NULL);
    return SG_OK;
}

/* 8875: the conference of a Section 47 module (the rule's module; the CINdetails module's
 * DateOfInitialCPC is not read) is held on a weekday. */
static int rule_8875(sg_vctx *ctx, const sg_rule *rule)
{
    sg_date d;
    EACH(cd, ctx->child, "CINdetails")
    EACH(s, cd, "Section47")
    if (date_at(s, "DateOfInitialCPC", &d) && sg_date_weekday(d) >= 5)
        sg_vreport(ctx, rule, s, "DateOfInitialCPC", NULL);
    return SG_OK;
}

static int rule_8890(sg_vctx *ctx, const sg_rule *rule)
{
    EACH(cd, ctx->child, "CINdetails")
    EACH(s, cd, "Section47")
    {
        sg_date start;
        if (!date_at(s, "S47ActualStartDate", &start)) continue;
        EACH(o, cd, "Section47")
        {
            sg_date os, oe;
            if (o == s || !date_at(o, "S47ActualStartDate", &os) || start < os) continue;
            bool inside = date_at(o, "DateOfInitialCPC", &oe)
                              ? start <= oe
                              : s47_open(o) && start <= ctx->coll->ref_date;
            if (inside) {
                sg_vreport(ctx, rule, s, "S47ActualStartDate", NULL);
                break;
            }
        }
    }
    return SG_OK;
}

/* ---- CIN plans ------------------------------------------------------------------------- */

static int rule_4001(sg_vctx *ctx, const sg_rule *rule)
{
    EACH(cd, ctx->child, "CINdetails")
    {
        bool open_cpp = false;
        EACH(p, cd, "ChildProtectionPlans")
        open_cpp = open_cpp || !has_text(p, "CPPendDate");
        if (!open_cpp) continue;
        EACH(p, cd, "CINPlanDates")
        if (!has_text(p, "CINPlanEndDate")) sg_vreport(ctx, rule, p, "CINPlanEndDate", NULL);
    }
    return SG_OK;
}

static int rule_4003(sg_vctx *ctx, const sg_rule *rule)
{
    EACH(cd, ctx->child, "CINdetails")
    EACH(cpp, cd, "ChildProtectionPlans")
    {
        sg_date cend = SG_DATE_NONE;
        date_at(cpp, "CPPendDate", &cend);
        EACH(r, sg_vnode_child(cpp, "Reviews"), "CPPreviewDate")
        {
            sg_date rd;
            if (sg_vnode_date_of(r, &rd) != SG_VOK || rd == cend) continue;
            EACH(p, cd, "CINPlanDates")
            {
                sg_date ps, pe;
                if (!date_at(p, "CINPlanStartDate", &ps)) continue;
                if (!date_at(p, "CINPlanEndDate", &pe)) {
                    if (has_text(p, "CINPlanEndDate")) continue;
                    pe = ctx->coll->ref_date;
                }
                if (rd >= ps && rd <= pe) {
                    sg_vreport(ctx, rule, r, NULL, NULL);
                    break;
                }
            }
        }
    }
    return SG_OK;
}

static int rule_4004(sg_vctx *ctx, const sg_rule *rule)
{
    EACH(cd, ctx->child, "CINdetails")
    {
        int open = 0;
        EACH(p, cd, "CINPlanDates")
        open += !has_text(p, "CINPlanEndDate");
        if (open < 2) continue;
        EACH(p, cd, "CINPlanDates")
        if (!has_text(p, "CINPlanEndDate")) sg_vreport(ctx, rule, p, "CINPlanEndDate", NULL);
    }
    return SG_OK;
}

static int rule_4008(sg_vctx *ctx, const sg_rule *rule)
{
    sg_date dod, d;
    if (!date_at(ids_of(ctx), "PersonDeathDate", &dod)) return SG_OK;
    EACH(cd, ctx->child, "CINdetails")
    EACH(p, cd, "CINPlanDates")
    if (date_at(p, "CINPlanStartDate", &d) && d > dod)
        sg_vreport(ctx, rule, p, "CINPlanStartDate", NULL);
    return SG_OK;
}

static int rule_4009(sg_vctx *ctx, const sg_rule *rule)
{
    sg_date dod, d;
    if (!date_at(ids_of(ctx), "PersonDeathDate", &dod)) return SG_OK;
    EACH(cd, ctx->child, "CINdetails")
    EACH(p, cd, "CINPlanDates")
    if (date_at(p, "CINPlanEndDate", &d) && d > dod)
        sg_vreport(ctx, rule, p, "CINPlanEndDate", NULL);
    return SG_OK;
}

static int rule_4010(sg_vctx *ctx, const sg_rule *rule)
{
    sg_date d;
    EACH(cd, ctx->child, "CINdetails")
    EACH(p, cd, "CINPlanDates")
    if (!date_at(p, "CINPlanStartDate", &d) || d > ctx->coll->ref_date)
        sg_vreport(ctx, rule, p, "CINPlanStartDate", NULL);
    return SG_OK;
}

static int rule_4011(sg_vctx *ctx, const sg_rule *rule)
{
    sg_date s, e;
    EACH(cd, ctx->child, "CINdetails")
    EACH(p, cd, "CINPlanDates")
    if (date_at(p, "CINPlanStartDate", &s) && date_at(p, "CINPlanEndDate", &e) && e < s)
        sg_vreport(ctx, rule, p, "CINPlanEndDate", NULL);
    return SG_OK;
}

static int rule_4012Q(sg_vctx *ctx, const sg_rule *rule)
{
    sg_date s, e;
    EACH(cd, ctx->child, "CINdetails")
    EACH(p, cd, "CINPlanDates")
    if (date_at(p, "CINPlanStartDate", &s) && date_at(p, "CINPlanEndDate", &e) && e == s)
        sg_vreport(ctx, rule, p, "CINPlanEndDate", NULL);
    return SG_OK;
}

static int rule_4013(sg_vctx *ctx, const sg_rule *rule)
{
    sg_date e;
    EACH(cd, ctx->child, "CINdetails")
    EACH(p, cd, "CINPlanDates")
    if (date_at(p, "CINPlanEndDate", &e) && !in_period(ctx, e))
        sg_vreport(ctx, rule, p, "CINPlanEndDate", NULL);
    return SG_OK;
}

/* The plan's or period's interval [start, end], end = the reference date when the end leaf is
 * absent; false when the start is not a date or the end is present but not a date. */
static bool interval_of(const sg_vctx *ctx, const sg_vnode *n, const char *start, const char *end,
                        sg_date *s, sg_date *e)
{
    if (!date_at(n, start, s)) return false;
    if (date_at(n, end, e)) return true;
    if (has_text(n, end)) return false;
    *e = ctx->coll->ref_date;
    return true;
}

/* 4014 and 8940: a start inside any other module's [start, end or reference date]. */
static void report_overlaps(sg_vctx *ctx, const sg_rule *rule, const char *module,
                            const char *start, const char *end)
{
    EACH(cd, ctx->child, "CINdetails")
    EACH(p, cd, module)
    {
        sg_date ps;
        if (!date_at(p, start, &ps)) continue;
        bool hit = false;
        EACH(ocd, ctx->child, "CINdetails")
        {
            EACH(o, ocd, module)
            {
                sg_date os, oe;
                if (o != p && interval_of(ctx, o, start, end, &os, &oe) && ps >= os && ps <= oe) {
                    hit = true;
                    break;
                }
            }
            if (hit) break;
        }
        if (hit) sg_vreport(ctx, rule, p, start, NULL);
    }
}

static int rule_4014(sg_vctx *ctx, const sg_rule *rule)
{
    report_overlaps(ctx, rule, "CINPlanDates", "CINPlanStartDate", "CINPlanEndDate");
    return SG_OK;
}

static int rule_4015(sg_vctx *ctx, const sg_rule *rule)
{
    sg_date ref, d;
    EACH(cd, ctx->child, "CINdetails")
    {
        if (!date_at(cd, "CINreferralDate", &ref)) continue;
        EACH(p, cd, "CINPlanDates")
        if (date_at(p, "CINPlanStartDate", &d) && d < ref)
            sg_vreport(ctx, rule, p, "CINPlanStartDate", NULL);
    }
    return SG_OK;
}

/* 4016 / 4017: the start of a module of kind `a` inside an interval of kind `b` of the same
 * child: [b start, b end) or [b start, reference date] when b has no end. A start on the end
 * date of the other plan is a handover, not an overlap. */
static void report_during(sg_vctx *ctx, const sg_rule *rule, const char *a, const char *a_start,
                          const char *b, const char *b_start, const char *b_end)
{
    EACH(cd, ctx->child, "CINdetails")
    EACH(p, cd, a)
    {
        sg_date ps;
        if (!date_at(p, a_start, &ps)) continue;
        bool hit = false;
        EACH(ocd, ctx->child, "CINdetails")
        {
            EACH(o, ocd, b)
            {
                sg_date os, oe;
                if (!date_at(o, b_start, &os) || ps < os) continue;
                if (date_at(o, b_end, &oe))
                    hit = ps < oe;
                else
                    hit = !has_text(o, b_end) && ps <= ctx->coll->ref_date;
                if (hit) break;
            }
            if (hit) break;
        }
        if (hit) sg_vreport(ctx, rule, p, a_start, NULL);
    }
}

static int rule_4016(sg_vctx *ctx, const sg_rule *rule)
{
    report_during(ctx, rule, "CINPlanDates", "CINPlanStartDate", "ChildProtectionPlans",
                  "CPPstartDate", "CPPendDate");
    return SG_OK;
}

static int rule_4017(sg_vctx *ctx, const sg_rule *rule)
{
    report_during(ctx, rule, "ChildProtectionPlans", "CPPstartDate", "CINPlanDates",
                  "CINPlanStartDate", "CINPlanEndDate");
    return SG_OK;
}

/* ---- child protection plans ------------------------------------------------------------ */

static int rule_1105(sg_vctx *ctx, const sg_rule *rule)
{
    sg_date ref, d;
    EACH(cd, ctx->child, "CINdetails")
    {
        if (!date_at(cd, "CINreferralDate", &ref)) continue;
        EACH(p, cd, "ChildProtectionPlans")
        if (date_at(p, "CPPstartDate", &d) && d < ref)
            sg_vreport(ctx, rule, p, "CPPstartDate", NULL);
    }
    return SG_OK;
}

static int rule_2885(sg_vctx *ctx, const sg_rule *rule)
{
    EACH(cd, ctx->child, "CINdetails")
    EACH(p, cd, "ChildProtectionPlans")
    {
        sg_date start, d;
        if (!date_at(p, "CPPstartDate", &start) || !in_period(ctx, start)) continue;
        bool match = date_at(cd, "DateOfInitialCPC", &d) && d == start;
        EACH(s, cd, "Section47")
        match = match || (date_at(s, "DateOfInitialCPC", &d) && d == start);
        if (!match) sg_vreport(ctx, rule, p, "CPPstartDate", NULL);
    }
    return SG_OK;
}

static int rule_8720(sg_vctx *ctx, const sg_rule *rule)
{
    sg_date d;
    EACH(cd, ctx->child, "CINdetails")
    EACH(p, cd, "ChildProtectionPlans")
    if (!date_at(p, "CPPstartDate", &d) || d > ctx->coll->ref_date)
        sg_vreport(ctx, rule, p, "CPPstartDate", NULL);
    return SG_OK;
}

static int rule_8730(sg_vctx *ctx, const sg_rule *rule)
{
    long n;
    EACH(cd, ctx->child, "CINdetails")
    EACH(p, cd, "ChildProtectionPlans")
    if (sg_vnode_int(p, "NumberOfPreviousCPP", &n) != SG_VOK || n < 0)
        sg_vreport(ctx, rule, p, "NumberOfPreviousCPP", NULL);
    return SG_OK;
}

static int rule_8840(sg_vctx *ctx, const sg_rule *rule)
{
    sg_date s, e;
    EACH(cd, ctx->child, "CINdetails")
    EACH(p, cd, "ChildProtectionPlans")
    if (date_at(p, "CPPstartDate", &s) && date_at(p, "CPPendDate", &e) && s == e)
        sg_vreport(ctx, rule, p, "CPPendDate", NULL);
    return SG_OK;
}

static int rule_8841(sg_vctx *ctx, const sg_rule *rule)
{
    sg_date s, r;
    EACH(cd, ctx->child, "CINdetails")
    EACH(p, cd, "ChildProtectionPlans")
    {
        if (!date_at(p, "CPPstartDate", &s)) continue;
        EACH(rv, sg_vnode_child(p, "Reviews"), "CPPreviewDate")
        if (sg_vnode_date_of(rv, &r) == SG_VOK && r <= s) sg_vreport(ctx, rule, rv, NULL, NULL);
    }
    return SG_OK;
}

static int rule_8842Q(sg_vctx *ctx, const sg_rule *rule)
{
    sg_date r;
    EACH(cd, ctx->child, "CINdetails")
    EACH(p, cd, "ChildProtectionPlans")
    EACH(rv, p, "Reviews")
    {
        if (!sg_vnode_child(rv, "CPPreviewDate")) sg_vreport(ctx, rule, rv, "CPPreviewDate", NULL);
        EACH(d, rv, "CPPreviewDate")
        if (sg_vnode_date_of(d, &r) != SG_VOK) sg_vreport(ctx, rule, d, NULL, NULL);
    }
    return SG_OK;
}

static int rule_8905(sg_vctx *ctx, const sg_rule *rule)
{
    EACH(cd, ctx->child, "CINdetails")
    EACH(p, cd, "ChildProtectionPlans")
    if (!sg_vcode_in(sg_vnode_text(p, "InitialCategoryOfAbuse"), ABUSE_CATEGORY))
        sg_vreport(ctx, rule, p, "InitialCategoryOfAbuse", NULL);
    return SG_OK;
}

static int rule_8910(sg_vctx *ctx, const sg_rule *rule)
{
    EACH(cd, ctx->child, "CINdetails")
    EACH(p, cd, "ChildProtectionPlans")
    if (!sg_vcode_in(sg_vnode_text(p, "LatestCategoryOfAbuse"), ABUSE_CATEGORY))
        sg_vreport(ctx, rule, p, "LatestCategoryOfAbuse", NULL);
    return SG_OK;
}

static int rule_8915(sg_vctx *ctx, const sg_rule *rule)
{
    sg_date dod, d;
    if (!date_at(ids_of(ctx), "PersonDeathDate", &dod)) return SG_OK;
    EACH(cd, ctx->child, "CINdetails")
    EACH(p, cd, "ChildProtectionPlans")
    if (date_at(p, "CPPstartDate", &d) && d > dod) sg_vreport(ctx, rule, p, "CPPstartDate", NULL);
    return SG_OK;
}

/* 8920: no plan ends after the child's death (ending on the day of death is allowed). */
static int rule_8920(sg_vctx *ctx, const sg_rule *rule)
{
    sg_date dod, end;
    if (!date_at(ids_of(ctx), "PersonDeathDate", &dod)) return SG_OK;
    EACH(cd, ctx->child, "CINdetails")
    EACH(p, cd, "ChildProtectionPlans")
    if (date_at(p, "CPPendDate", &end) && end > dod) sg_vreport(ctx, rule, p, "CPPendDate", NULL);
    return SG_OK;
}

static int rule_8925(sg_vctx *ctx, const sg_rule *rule)
{
    sg_date s, e;
    EACH(cd, ctx->child, "CINdetails")
    EACH(p, cd, "ChildProtectionPlans")
    if (date_at(p, "CPPstartDate", &s) && date_at(p, "CPPendDate", &e) && e < s)
        sg_vreport(ctx, rule, p, "CPPendDate", NULL);
    return SG_OK;
}

static int rule_8930(sg_vctx *ctx, const sg_rule *rule)
{
    sg_date e;
    EACH(cd, ctx->child, "CINdetails")
    EACH(p, cd, "ChildProtectionPlans")
    if (date_at(p, "CPPendDate", &e) && !in_period(ctx, e))
        sg_vreport(ctx, rule, p, "CPPendDate", NULL);
    return SG_OK;
}

static int rule_8935(sg_vctx *ctx, const sg_rule *rule)
{
    int open = 0;
    EACH(cd, ctx->child, "CINdetails")
    EACH(p, cd, "ChildProtectionPlans")
    open += !has_text(p, "CPPendDate");
    if (open < 2) return SG_OK;
    EACH(cd, ctx->child, "CINdetails")
    EACH(p, cd, "ChildProtectionPlans")
    if (!has_text(p, "CPPendDate")) sg_vreport(ctx, rule, p, "CPPendDate", NULL);
    return SG_OK;
}

static int rule_8940(sg_vctx *ctx, const sg_rule *rule)
{
    report_overlaps(ctx, rule, "ChildProtectionPlans", "CPPstartDate", "CPPendDate");
    return SG_OK;
}

/* ---- LA-level rules: counts over the whole return, reported once in finish() ----------- */

typedef struct count_state {
    long a, b; /* rule-specific counters */
    strset codes;
} count_state;

/* 2883: CP plans starting in the period vs initial conferences held in the period. */
static int rule_2883(sg_vctx *ctx, const sg_rule *rule)
{
    count_state *st = sg_vstate(ctx, rule, sizeof *st);
    sg_date d;
    EACH(cd, ctx->child, "CINdetails")
    {
        if (date_at(cd, "DateOfInitialCPC", &d) && in_period(ctx, d)) st->b++;
        EACH(s, cd, "Section47")
        if (date_at(s, "DateOfInitialCPC", &d) && in_period(ctx, d)) st->b++;
        EACH(p, cd, "ChildProtectionPlans")
        if (date_at(p, "CPPstartDate", &d) && in_period(ctx, d)) st->a++;
    }
    return SG_OK;
}

static int finish_2883(sg_vctx *ctx, const sg_rule *rule)
{
    count_state *st = sg_vstate(ctx, rule, sizeof *st);
    if (st->a > st->b)
        sg_vreportf(ctx, rule, NULL, "CPPstartDate", NULL,
                    "%s (%ld plans starting, %ld initial conferences)", rule->message, st->a,
                    st->b);
    return SG_OK;
}

/* 2886Q: children with no sex recorded, unborn children excluded. */
static int rule_2886Q(sg_vctx *ctx, const sg_rule *rule)
{
    count_state *st = sg_vstate(ctx, rule, sizeof *st);
    const sg_vnode *ids = ids_of(ctx);
    st->b++;
    /* not recorded: Sex missing or U; before 2024-25, GenderCurrent missing or 0 */
    bool unknown = uses_gender_current(ctx)
                       ? !sg_vcode_in(sg_vnode_text(ids, "GenderCurrent"), "1 2 9")
                       : !sg_vcode_in(sg_vnode_text(ids, "Sex"), "M F");
    if (unknown && !has_text(ids, "ExpectedPersonBirthDate")) st->a++;
    return SG_OK;
}

static int finish_2886Q(sg_vctx *ctx, const sg_rule *rule)
{
    count_state *st = sg_vstate(ctx, rule, sizeof *st);
    /* a / b > 0.02, kept in integers */
    if (st->b > 0 && st->a * 50 > st->b)
        sg_vreportf(ctx, rule, NULL, uses_gender_current(ctx) ? "GenderCurrent" : "Sex", NULL,
                    "%s (%ld of %ld children)", rule->message, st->a, st->b);
    return SG_OK;
}

/* 2887Q: distinct disability codes other than NONE used in the return. */
static int rule_2887Q(sg_vctx *ctx, const sg_rule *rule)
{
    count_state *st = sg_vstate(ctx, rule, sizeof *st);
    st->b++;
    EACH(d, sg_vnode_child(chars_of(ctx), "Disabilities"), "Disability")
    if (d->text && strcmp(d->text, "NONE") != 0 && !strset_add(&st->codes, d->text)) st->a++;
    return SG_OK;
}

static int finish_2887Q(sg_vctx *ctx, const sg_rule *rule)
{
    count_state *st = sg_vstate(ctx, rule, sizeof *st);
    if (st->b > 0 && st->a <= 7)
        sg_vreportf(ctx, rule, NULL, "Disability", NULL, "%s (%ld codes used)", rule->message,
                    st->a);
    strset_free(&st->codes);
    return SG_OK;
}

/* 2888Q: a: children with two or more disability codes other than NONE; b: children seen. */
static int rule_2888Q(sg_vctx *ctx, const sg_rule *rule)
{
    count_state *st = sg_vstate(ctx, rule, sizeof *st);
    st->b++;
    int n = 0;
    EACH(d, sg_vnode_child(chars_of(ctx), "Disabilities"), "Disability")
    n += d->text && strcmp(d->text, "NONE") != 0;
    if (n > 1) st->a++;
    return SG_OK;
}

static int finish_2888Q(sg_vctx *ctx, const sg_rule *rule)
{
    count_state *st = sg_vstate(ctx, rule, sizeof *st);
    if (st->b > 0 && st->a == 0) sg_vreport(ctx, rule, NULL, "Disability", NULL);
    return SG_OK;
}

/* ---- the table ------------------------------------------------------------------------- */

#define E SG_SEV_ERROR
#define Q SG_SEV_QUERY
#define RULE(code, sev, msg, flds, rd)                                                             \
    {                                                                                              \
        .id = #code, .family = SG_FAMILY_CIN, .severity = sev, .message = msg, .fields = flds,     \
        .reads = rd, .check = rule_##code                                                          \
    }
#define RULE_F(code, sev, msg, flds, rd, fin)                                                      \
    {                                                                                              \
        .id = #code, .family = SG_FAMILY_CIN, .severity = sev, .message = msg, .fields = flds,     \
        .reads = rd, .check = rule_##code, .finish = fin                                           \
    }

const sg_rule sg_rules_cin[] = {
    RULE(100, E, "Reference Date is incorrect", "ReferenceDate", "Header"),
    RULE(1103, E, "The assessment start date cannot be before the referral date",
         "AssessmentActualStartDate CINreferralDate", "CINdetails Assessments"),
    RULE(1104, E,
         "The date of the initial child protection conference cannot be before the referral date",
         "DateOfInitialCPC CINreferralDate", "CINdetails Section47"),
    RULE(1105, E, "The child protection plan start date cannot be before the referral date",
         "CPPstartDate CINreferralDate", "CINdetails ChildProtectionPlans"),
    RULE(1510, E, "UPN invalid (wrong check letter at character 1)", "UPN", "ChildIdentifiers"),
    RULE_F(1520, E, "More than one record with the same UPN", "UPN", "ChildIdentifiers",
           dup_finish),
    RULE(1530, E, "UPN invalid (characters 2-4 not a recognised LA code)", "UPN",
         "ChildIdentifiers"),
    RULE(1540, E, "UPN invalid (characters 5-12 not all numeric)", "UPN", "ChildIdentifiers"),
    RULE(1550, E, "UPN invalid (character 13 not a recognised value)", "UPN", "ChildIdentifiers"),
    RULE(1560Q, Q, "Please check: Former UPN wrongly formatted", "FormerUPN", "ChildIdentifiers"),
    RULE(1570, E, "LA Child ID must not be longer than 20 characters", "LAchildID",
         "ChildIdentifiers"),
    RULE(1580, E, "LA Child ID must not contain any non-alphanumeric characters", "LAchildID",
         "ChildIdentifiers"),
    RULE_F(2883, E,
           "There are more child protection plans starting than initial conferences taking place",
           "CPPstartDate DateOfInitialCPC", "CINdetails Section47 ChildProtectionPlans",
           finish_2883),
    RULE(2884, E,
         "An initial child protection conference is recorded at both the S47 and CIN Details "
         "level and it should only be recorded in one",
         "DateOfInitialCPC", "CINdetails Section47"),
    RULE(2885, E,
         "Child protection plan shown as starting a different day to the initial child protection "
         "conference.",
         "CPPstartDate DateOfInitialCPC", "CINdetails Section47 ChildProtectionPlans"),
    RULE_F(2886Q, Q,
           "Please check and either amend or provide a reason: Percentage of children with no sex "
           "recorded is more than 2% (excluding unborns)",
           "Sex GenderCurrent ExpectedPersonBirthDate", "ChildIdentifiers", finish_2886Q),
    RULE_F(2887Q, Q,
           "Please check and either amend or provide a reason: Less than 8 disability codes have "
           "been used in your return",
           "Disability", "Disabilities", finish_2887Q),
    RULE_F(2888Q, Q,
           "Please check: Only one disability code is recorded per child and multiple "
           "disabilities should be recorded where possible.",
           "Disability", "Disabilities", finish_2888Q),
    RULE(2889, E, "The S47 start date cannot be before the referral date.",
         "S47ActualStartDate CINreferralDate", "CINdetails Section47"),
    RULE(2990, E,
         "Activity is recorded against a case marked as \xe2\x80\x98"
         "Case closed after assessment, no further action\xe2\x80\x99 or \xe2\x80\x98"
         "case closed after assessment, referred to early help\xe2\x80\x99.",
         "ReasonForClosure", "CINdetails Section47 ChildProtectionPlans CINPlanDates"),
    RULE(2991Q, Q,
         "Please check: A Section 47 module is recorded and there is no assessment on the episode",
         "Section47", "CINdetails Section47 Assessments"),
    RULE(4000, E, "CIN Plan details provided for a referral with no further action", "ReferralNFA",
         "CINdetails CINPlanDates"),
    RULE(4001, E, "A CIN Plan cannot run concurrently with a Child Protection Plan",
         "CINPlanEndDate CPPendDate", "CINPlanDates ChildProtectionPlans"),
    RULE(4003, E, "A CPP review date is shown as being held at the same time as an open CIN Plan.",
         "CPPreviewDate CINPlanStartDate CINPlanEndDate",
         "CINPlanDates ChildProtectionPlans Reviews"),
    RULE(4004, E, "This child is showing more than one open CIN Plan, i.e. with no End Date",
         "CINPlanEndDate", "CINPlanDates"),
    RULE(4008, E, "CIN Plan shown as starting after the child\xe2\x80\x99s Date of Death.",
         "CINPlanStartDate PersonDeathDate", "ChildIdentifiers CINPlanDates"),
    RULE(4009, E, "CIN Plan cannot end after the child\xe2\x80\x99s Date of Death",
         "CINPlanEndDate PersonDeathDate", "ChildIdentifiers CINPlanDates"),
    RULE(4010, E, "CIN Plan start date is missing or out of data collection period",
         "CINPlanStartDate", "CINPlanDates"),
    RULE(4011, E, "CIN Plan End Date earlier than Start Date", "CINPlanEndDate CINPlanStartDate",
         "CINPlanDates"),
    RULE(4012Q, Q, "CIN Plan shown as starting and ending on the same day - please check",
         "CINPlanStartDate CINPlanEndDate", "CINPlanDates"),
    RULE(4013, E, "CIN Plan end date must fall within the census year", "CINPlanEndDate",
         "CINPlanDates"),
    RULE(4014, E, "CIN Plan data contains overlapping dates", "CINPlanStartDate CINPlanEndDate",
         "CINPlanDates"),
    RULE(4015, E, "The CIN Plan start date cannot be before the referral date",
         "CINPlanStartDate CINreferralDate", "CINdetails CINPlanDates"),
    RULE(4016, E,
         "A CIN Plan has been reported as open at the same time as a Child Protection Plan.",
         "CINPlanStartDate CPPstartDate CPPendDate", "CINPlanDates ChildProtectionPlans"),
    RULE(4017, E,
         "A CIN Plan has been reported as open at the same time as a Child Protection Plan.",
         "CPPstartDate CINPlanStartDate CINPlanEndDate", "CINPlanDates ChildProtectionPlans"),
    RULE(4180, E, "Sex must be provided and equal M, F, or U", "Sex GenderCurrent",
         "ChildIdentifiers"),
    RULE(4220, E, "Ethnicity is missing or invalid (see Ethnicity table)", "Ethnicity",
         "ChildCharacteristics"),
    RULE(8500, E, "LA Child ID missing", "LAchildID", "ChildIdentifiers"),
    RULE_F(8510, E, "More than one child record with the same LA Child ID", "LAchildID",
           "ChildIdentifiers", dup_finish),
    RULE(8520, E,
         "Date of Birth is after data collection period (must be on or before the end of the "
         "census period)",
         "PersonBirthDate", "ChildIdentifiers Header"),
    RULE(8525, E, "Either Date of Birth or Expected Date of Birth must be provided (but not both)",
         "PersonBirthDate ExpectedPersonBirthDate", "ChildIdentifiers"),
    RULE(8530Q, Q,
         "Please check: Expected Date of Birth is outside the expected range for this census "
         "(March to December of the Census Year end)",
         "ExpectedPersonBirthDate", "ChildIdentifiers Header"),
    RULE(8535Q, Q, "Child\xe2\x80\x99s date of death should not be prior to the date of birth",
         "PersonDeathDate PersonBirthDate", "ChildIdentifiers"),
    RULE(8540, E, "Child\xe2\x80\x99s disability is missing or invalid (see Disability table)",
         "Disability", "ChildIdentifiers Disabilities CINdetails"),
    RULE(8545Q, Q, "Please check: Child's date of death should be within the census year",
         "PersonDeathDate", "ChildIdentifiers Header"),
    RULE(8555, E, "Child cannot be referred after its recorded date of death",
         "CINreferralDate PersonDeathDate", "ChildIdentifiers CINdetails"),
    RULE(8565, E, "Activity shown after a case has been closed",
         "CINclosureDate AssessmentActualStartDate AssessmentAuthorisationDate "
         "S47ActualStartDate DateOfInitialCPC CPPendDate CINPlanStartDate CINPlanEndDate",
         "CINdetails Assessments Section47 ChildProtectionPlans CINPlanDates"),
    RULE(8568, E, "RNFA flag is missing or invalid", "ReferralNFA", "CINdetails"),
    RULE(8569, E,
         "A case with referral date before one working day prior to the collection start date "
         "must not be flagged as a no further action case",
         "ReferralNFA CINreferralDate", "CINdetails Header"),
    RULE(8585Q, Q,
         "Please check and either amend or provide a reason: CIN episode shows Died as the "
         "Closure Reason, however child has no recorded Date of Death",
         "ReasonForClosure PersonDeathDate", "ChildIdentifiers CINdetails"),
    RULE(8590, E, "Child does not have a recorded CIN episode.", "CINdetails", "Child"),
    RULE(8600, E, "Child referral date missing or after data collection period", "CINreferralDate",
         "CINdetails Header"),
    RULE(8606, E, "Child referral date is more than 40 weeks before DOB or expected DOB",
         "CINreferralDate PersonBirthDate ExpectedPersonBirthDate", "ChildIdentifiers CINdetails"),
    RULE(8608, E, "Assessment Start Date cannot be later than its End Date",
         "AssessmentAuthorisationDate AssessmentActualStartDate", "Assessments"),
    RULE(8610, E, "Primary Need code is missing for a referral which led to further action.",
         "PrimaryNeedCode ReferralNFA", "CINdetails"),
    RULE(8614, E,
         "Parental or child factors at assessment should only be present for a completed "
         "assessment.",
         "AssessmentFactors AssessmentAuthorisationDate", "Assessments"),
    RULE(8615, E,
         "Section 47 Enquiry Start Date must be present and cannot be later than the date of the "
         "initial Child Protection Conference",
         "S47ActualStartDate DateOfInitialCPC", "Section47"),
    RULE(8617, E, "Code 8A has been returned. This code is not a valid code.", "AssessmentFactors",
         "Assessments"),
    RULE(8620, E, "CIN Closure Date present and does not fall within the Census year",
         "CINclosureDate", "CINdetails Header"),
    RULE(8630, E, "CIN Closure Date is before CIN Referral Date for the same CIN episode",
         "CINclosureDate CINreferralDate", "CINdetails"),
    RULE(8640, E,
         "CIN Reason for closure code invalid (see Reason for Closure table in CIN Census code "
         "set)",
         "ReasonForClosure", "CINdetails"),
    RULE(8650, E, "Primary Need Code invalid (see Primary Need table in CIN census code set)",
         "PrimaryNeedCode", "CINdetails"),
    RULE(8670Q, Q,
         "Please check: Assessment started more than 45 working days before the end of the "
         "census year. However, there is no Assessment end date.",
         "AssessmentActualStartDate AssessmentAuthorisationDate", "Assessments Header"),
    RULE(8675Q, Q,
         "Please check: S47 Enquiry started more than 15 working days before the end of the "
         "census year. However, there is no date of Initial Child Protection Conference.",
         "S47ActualStartDate DateOfInitialCPC ICPCnotRequired", "Section47 Header"),
    RULE(8696, E, "Assessment end date must fall within the census year",
         "AssessmentAuthorisationDate", "Assessments Header"),
    RULE(8715, E, "Date of Initial Child Protection Conference must fall within the census year",
         "DateOfInitialCPC", "Section47 Header"),
    RULE(8720, E, "Child Protection Plan Start Date missing or out of data collection period",
         "CPPstartDate", "ChildProtectionPlans Header"),
    RULE(8730, E, "Total Number of previous Child Protection Plans missing", "NumberOfPreviousCPP",
         "ChildProtectionPlans"),
    RULE(8736, E,
         "For an Assessment that has not been completed, the start date must fall within the "
         "census year",
         "AssessmentActualStartDate AssessmentAuthorisationDate", "Assessments Header"),
    RULE(8740, E,
         "For a Section 47 Enquiry that has not held the Initial Child Protection Conference by "
         "the end of the census year, the start date must fall within the census year",
         "S47ActualStartDate DateOfInitialCPC ICPCnotRequired", "Section47 Header"),
    RULE(8750, E, "Sex must equal U for an unborn child",
         "Sex GenderCurrent PersonBirthDate ExpectedPersonBirthDate", "ChildIdentifiers"),
    RULE(8770Q, Q,
         "Please check and either amend data or provide a reason: UPN is missing or reason UPN "
         "is missing or is UN1 for a child who is of school age.",
         "UPN UPNunknown PersonBirthDate ReferralNFA", "ChildIdentifiers CINdetails Header"),
    RULE(8772, E,
         "UPN unknown reason is UN7 (Referral with no further action) but at least one CIN "
         "details is a referral going on to further action",
         "UPNunknown ReferralNFA", "ChildIdentifiers CINdetails"),
    RULE(8775Q, Q, "Please check: Child is over 25 years old", "PersonBirthDate CINclosureDate",
         "ChildIdentifiers CINdetails Header"),
    RULE(8790, E, "Disability information includes both None and other values", "Disability",
         "Disabilities"),
    RULE(8794, E, "Child has two or more disabilities with the same code", "Disability",
         "Disabilities"),
    RULE(8805, E, "A CIN case cannot have a CIN closure date without a Reason for Closure",
         "ReasonForClosure CINclosureDate", "CINdetails"),
    RULE(8810, E, "A CIN case cannot have a Reason for Closure without a CIN Closure Date",
         "CINclosureDate ReasonForClosure", "CINdetails"),
    RULE(8815, E,
         "More than one open CIN Details episode (a module with no CIN Closure Date) has been "
         "provided for this child and case is not a referral with no further action.",
         "CINclosureDate ReferralNFA", "CINdetails"),
    RULE(8816, E,
         "An open CIN episode is shown and case is not a referral with no further action, but it "
         "is not the latest episode.",
         "CINreferralDate CINclosureDate ReferralNFA", "CINdetails"),
    RULE(8820, E, "The dates on the CIN episodes for this child overlap",
         "CINreferralDate CINclosureDate", "CINdetails Header"),
    RULE(8825Q, Q,
         "Please check and either amend data or provide a reason: Reason for Closure code RC8 "
         "(case closed after assessment) or RC9 (case closed after assessment, referred to early "
         "help) has been returned but there is no assessment present for the episode.",
         "ReasonForClosure", "CINdetails Assessments"),
    RULE(8831, E, "Activity is recorded against a case marked as a referral with no further action",
         "ReferralNFA AssessmentActualStartDate AssessmentAuthorisationDate S47ActualStartDate "
         "DateOfInitialCPC",
         "CINdetails Assessments Section47"),
    RULE(8832, E, "Child Protection details provided for a referral with no further action.",
         "ReferralNFA", "CINdetails ChildProtectionPlans"),
    RULE(8839, E, "Within one CINDetails group there are 2 or more open S47 Assessments",
         "DateOfInitialCPC ICPCnotRequired", "Section47"),
    RULE(8840, E, "Child Protection Plan cannot start and end on the same day",
         "CPPendDate CPPstartDate", "ChildProtectionPlans"),
    RULE(8841, E,
         "The review date cannot be on the same day or before the Child protection Plan start "
         "date.",
         "CPPreviewDate CPPstartDate", "ChildProtectionPlans Reviews"),
    RULE(8842Q, Q, "Please check: Review Record has a missing date", "CPPreviewDate", "Reviews"),
    RULE(8863, E, "An Assessment is shown as starting when there is another Assessment ongoing",
         "AssessmentActualStartDate AssessmentAuthorisationDate", "Assessments Header"),
    RULE(8866, E, "Source of Referral is missing or an invalid code",
         "ReferralSource CINreferralDate", "CINdetails"),
    RULE(8867, E, "CIN episode is shown as closed, however Assessment is not shown as completed",
         "AssessmentAuthorisationDate CINclosureDate", "CINdetails Assessments"),
    RULE(8868, E,
         "CIN episode is shown as closed, however Section 47 enquiry is not shown as completed "
         "by ICPC date or ICPC not required flag",
         "DateOfInitialCPC ICPCnotRequired CINclosureDate", "CINdetails Section47"),
    RULE(8869, E,
         "The assessment factors code \xe2\x80\x9c"
         "21\xe2\x80\x9d cannot be used in conjunction with any other assessment factors.",
         "AssessmentFactors", "Assessments"),
    RULE(8870Q, Q,
         "Please check: The Target Date for Initial Child Protection Conference should not be a "
         "weekend",
         "InitialCPCtarget", "Section47"),
    RULE(8873Q, Q,
         "Please check and either amend data or provide a reason: When there is only one "
         "assessment on the episode and the factors code \xe2\x80\x9c"
         "21 No factors identified\xe2\x80\x9d has been used for the completed assessment, the "
         "reason for closure \xe2\x80\x98RC8\xe2\x80\x99 or \xe2\x80\x98RC9\xe2\x80\x99 should be "
         "used.",
         "ReasonForClosure AssessmentFactors", "CINdetails Assessments"),
    RULE(8875, E, "The Date of Initial Child Protection Conference cannot be a weekend",
         "DateOfInitialCPC", "Section47"),
    RULE(8890, E,
         "A Section 47 enquiry is shown as starting when there is another Section 47 Enquiry "
         "ongoing",
         "S47ActualStartDate DateOfInitialCPC ICPCnotRequired", "Section47 Header"),
    RULE(8896, E, "Within one CINDetails group there are 2 or more open Assessments groups",
         "AssessmentAuthorisationDate", "Assessments"),
    RULE(8897, E,
         "Parental or child factors at assessment information is missing from a completed "
         "assessment",
         "AssessmentFactors AssessmentAuthorisationDate", "Assessments Header"),
    RULE(8898, E, "The assessment has more than one parental or child factors with the same code",
         "AssessmentFactors", "Assessments"),
    RULE(8899Q, Q,
         "Please check: A child identified as having a disability does not have a disability "
         "factor recorded at the end of assessment.",
         "AssessmentFactors Disability", "Assessments Disabilities Header"),
    RULE(8905, E,
         "Initial Category of Abuse code missing or invalid (see Category of Abuse table in CIN "
         "Census code set)",
         "InitialCategoryOfAbuse", "ChildProtectionPlans"),
    RULE(8910, E,
         "Latest Category of Abuse code missing or invalid (see Category of Abuse table in CIN "
         "Census code set)",
         "LatestCategoryOfAbuse", "ChildProtectionPlans"),
    RULE(8915, E,
         "Child Protection Plan shown as starting after the child\xe2\x80\x99s Date of Death",
         "CPPstartDate PersonDeathDate", "ChildIdentifiers ChildProtectionPlans"),
    RULE(8920, E, "Child Protection Plan cannot end after the child\xe2\x80\x99s Date of Death",
         "CPPendDate PersonDeathDate", "ChildIdentifiers ChildProtectionPlans"),
    RULE(8925, E, "Child Protection Plan End Date earlier than Start Date",
         "CPPendDate CPPstartDate", "ChildProtectionPlans"),
    RULE(8930, E, "Child Protection Plan End Date must fall within the census year", "CPPendDate",
         "ChildProtectionPlans Header"),
    RULE(8935, E,
         "This child is showing more than one open Child Protection plan, i.e. with no End Date",
         "CPPendDate", "ChildProtectionPlans"),
    RULE(8940, E, "Child Protection Plan data contains overlapping dates",
         "CPPstartDate CPPendDate", "ChildProtectionPlans Header"),
    RULE(8945Q, Q,
         "Please check and either amend data or provide a reason: the assessment factors code "
         "'18A' should not be used ('18B' or '18C' should be used instead)",
         "AssessmentFactors", "Assessments"),
    RULE(8950Q, Q,
         "Please check and either amend data or provide a reason: the assessment factors code "
         "'19A' should not be used ('19B' or '19C' should be used instead)",
         "AssessmentFactors", "Assessments"),
};
const size_t sg_rules_cin_count = sizeof sg_rules_cin / sizeof sg_rules_cin[0];
