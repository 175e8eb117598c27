/* write_agency.c - the agency returns in our own templates (docs/formats/agency.md): police
 * missing episodes and police events, early help assessments, LADO allegations and the
 * population. Child-level rows carry the LA child ID when the agency would know it (children
 * already known to children's social care, most of the time); otherwise a made-up name and
 * date of birth, or an NHS number. Dates are ISO, as the template asks. */
#include "ingest/ingest.h"
#include "synth/synth_int.h"

#include <string.h>

/* Column names come from the importer's one table of our templates (sg_agency_columns), so
 * what we write is what it reads. The row specs below take them when a row is emitted. */
#define COLS(tpl) sg_agency_columns(tpl, NULL)

static const syn_rowspec pmiss_spec = {.rec = SG_REC_MISSING,
                                       .emits_child = 1,
                                       .id_cols = {0, 1, 2, 3},
                                       .start_col = 9,
                                       .end_col = 10,
                                       .future_col = 10,
                                       .imp_cols = {9, 10, 4, -1},
                                       .code_col = 7,
                                       .bad_code = "STREET",
                                       .req_col = 8,
                                       .no = FM(F_DISAGREE),
                                       .names = NULL};
static const syn_rowspec pev_spec = {.rec = SG_REC_POLICE_EVENT,
                                     .emits_child = 1,
                                     .id_cols = {0, 1, 2, 3},
                                     .start_col = -1,
                                     .end_col = -1,
                                     .future_col = 8,
                                     .imp_cols = {8, 4, -1},
                                     .code_col = 7,
                                     .bad_code = "ARREST",
                                     .req_col = 7,
                                     .no = FM(F_DISAGREE),
                                     .names = NULL};
static const syn_rowspec eh_spec = {.rec = SG_REC_EARLY_HELP,
                                    .emits_child = 1,
                                    .id_cols = {0, 1, 2, 3},
                                    .start_col = 7,
                                    .end_col = 8,
                                    .future_col = 8,
                                    .imp_cols = {7, 8, 4, -1},
                                    .code_col = 9,
                                    .bad_code = "DONE",
                                    .req_col = 6,
                                    .no = FM(F_DISAGREE),
                                    .names = NULL};
static const syn_rowspec lado_spec = {.rec = SG_REC_LADO,
                                      .emits_child = 0,
                                      .id_cols = {-1},
                                      .start_col = 2,
                                      .end_col = 7,
                                      .future_col = 7,
                                      .imp_cols = {2, 6, 7, -1},
                                      .code_col = 5,
                                      .bad_code = "VERBAL",
                                      .req_col = 3,
                                      .no = FM(F_DISAGREE),
                                      .names = NULL};

#define ev_name SYN_CODES(SG_CS_POLICE_EVENT_TYPE)
#define vpr_name SYN_CODES(SG_CS_VPR_TYPE)
static const char *const eh_org[] = {"FAMILY_HUB", "SCHOOL",          "HEALTH_VISITING",
                                     "VOLUNTARY",  "EARLY_HELP_TEAM", "YOUTH_SERVICE"};
#define eh_outcome SYN_CODES(SG_CS_EARLY_HELP_OUTCOME)

/* Emits a row of template tpl under spec, with the template's column names for the fault log. */
static void emit(syn_ctx *x, syn_file *f, syn_rowspec spec, const char *tpl, syn_row *r, sg_date ye)
{
    spec.names = COLS(tpl);
    syn_row_emit(x, f, &spec, r, ye);
}

void syn_agency_headers(syn_year *y)
{
    syn_header(y->pmiss, COLS("police_missing"), 13);
    syn_header(y->pev, COLS("police_events"), 10);
    syn_header(y->eh, COLS("early_help"), 10);
    syn_header(y->lado, COLS("lado"), 9);
}

/* A uniform number in [0,1) from a hash of (seed, index, salt): choices that must not
 * consume the child's streams (which identity an agency holds, reference numbers). */
static uint64_t hash3(uint64_t a, uint64_t b, uint64_t c)
{
    uint64_t z = a * 0x9E3779B97F4A7C15ull ^ (b + 0x632BE59BD9B4E019ull) * 0xBF58476D1CE4E5B9ull ^
                 (c + 0x8CB92BA72F3D8DD7ull) * 0x94D049BB133111EBull;
    z = (z ^ (z >> 31)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 29)) * 0x94D049BB133111EBull;
    return z ^ (z >> 32);
}

static double hashu(uint64_t a, uint64_t b, uint64_t c)
{
    return (double)(hash3(a, b, c) >> 11) * 0x1.0p-53;
}

/* Identity columns 0..5 as an agency would hold them on date `when`. */
static void identity(const syn_ctx *x, syn_row *r, const syn_child *c, sg_date when, uint64_t salt)
{
    bool known = false;
    for (int i = 0; i < c->nref && !known; i++)
        known = c->ref[i].date <= when;
    double u = hashu(x->o->seed, (uint64_t)c->index, salt);
    if (known && u < 0.9) {
        syn_row_set(r, 0, c->la_id);
        if (u < 0.45) syn_row_set(r, 1, c->nhs);
    } else if (u < 0.96) {
        syn_row_set(r, 2, syn_words_surname[c->surname]);
        syn_row_set(r, 3, syn_words_forename[c->forename]);
    } else {
        syn_row_set(r, 1, c->nhs);
    }
    syn_row_date(r, 4, c->dob, false);
    syn_row_set(r, 5, c->sex == 'M' ? "M" : "F");
}

static void ref_code(char *out, size_t n, const char *prefix, uint64_t h)
{
    snprintf(out, n, "%s%010llX", prefix, (unsigned long long)(h & 0xFFFFFFFFFFull));
}

/* One police missing row; faults may be planted in it only when allow_faults. */
static void missing_row(syn_ctx *x, const syn_child *c, const syn_miss *m, int i, syn_year *y,
                        sg_date start, sg_date end, int variant, bool allow_faults)
{
    syn_row r;
    syn_row_init(&r, 13);
    identity(x, &r, c, start, 0x100 + (uint64_t)i);
    ref_code(r.cell[6], sizeof r.cell[6], "PM",
             hash3(x->o->seed, (uint64_t)c->index, (uint64_t)i * 2 + (uint64_t)variant));
    syn_row_set(&r, 7, m->care ? "CARE" : "HOME");
    char k[2] = {(char)m->kind, '\0'};
    syn_row_set(&r, 8, k);
    syn_row_date(&r, 9, start, false);
    if (end <= y->ye) syn_row_date(&r, 10, end, false);
    syn_row_set(&r, 11, m->ri_off ? "Y" : "N");
    syn_row_set(&r, 12, m->ri_off ? (m->ri_acc ? "Y" : "N") : "");
    syn_rowspec plain = pmiss_spec;
    if (!allow_faults) plain.no = ~0u;
    emit(x, y->pmiss, plain, "police_missing", &r, y->ye);
}

/* A missing-from-care episode as the police report it: now and then (a planted
 * police_csc_disagreement) with dates that differ from the 903's, or followed by an episode
 * the 903 lacks. */
/* True when the 903 has a missing-from-care episode of the child starting within a day of d
 * in the year (so reconciliation would pair a police row dated d with it). */
static bool care_missing_near(const syn_child *c, sg_date d, const syn_year *y)
{
    for (int k = 0; k < c->nmiss; k++) {
        const syn_miss *o = &c->miss[k];
        if (o->care && o->start >= y->ys && o->start <= y->ye && o->start >= d - 1 &&
            o->start <= d + 1)
            return true;
    }
    return false;
}

static void care_missing_row(syn_ctx *x, const syn_child *c, const syn_miss *m, int i, syn_year *y)
{
    if (syn_fault_pick(x, FM(F_DISAGREE)) != F_DISAGREE) {
        missing_row(x, c, m, i, y, m->start, m->end, 0, true);
        return;
    }
    /* The disagreement must be one reconciliation can see: the police date lies more than a
     * day from every 903 episode of the child (its matching tolerance), inside the year. */
    char d[11];
    if (syn_chance(&x->frng, 0.3) && m->start + 25 <= y->ye) {
        sg_date s2 = m->start + syn_range(&x->frng, 5, 20);
        for (int t = 0; t < 16 && care_missing_near(c, s2, y); t++)
            s2++;
        missing_row(x, c, m, i, y, m->start, m->end, 0, false);
        if (care_missing_near(c, s2, y) || s2 > y->ye) return; /* nothing planted */
        missing_row(x, c, m, i, y, s2, s2 + 1, 1, false);
        syn_fmt_iso(s2, d);
    } else {
        static const int shifts[] = {2, 3, -2, -3};
        int first = syn_range(&x->frng, 0, 1), shift = 0;
        for (int t = 0; t < 4 && !shift; t++) {
            int s = shifts[(first + t) % 4];
            sg_date d2 = m->start + s;
            if (d2 >= y->ys && d2 <= y->ye && !care_missing_near(c, d2, y)) shift = s;
        }
        if (!shift) {
            missing_row(x, c, m, i, y, m->start, m->end, 0, false);
            return;
        }
        missing_row(x, c, m, i, y, m->start + shift, m->end + shift, 0, false);
        syn_fmt_iso(m->start + shift, d);
    }
    syn_fault_log(x, F_DISAGREE, y->pmiss, y->pmiss->line, SG_REC_MISSING, "start_date", d, false);
}

void syn_write_agency(syn_ctx *x, const syn_child *c, syn_year *y)
{
    for (int i = 0; i < c->nmiss; i++) {
        const syn_miss *m = &c->miss[i];
        if (!m->police || m->start < y->ys || m->start > y->ye) continue;
        if (m->care)
            care_missing_row(x, c, m, i, y);
        else
            missing_row(x, c, m, i, y, m->start, m->end, 0, true);
    }
    syn_row r;
    for (int i = 0; i < c->nev; i++) {
        const syn_ev *e = &c->ev[i];
        if (e->date < y->ys || e->date > y->ye) continue;
        syn_row_init(&r, 10);
        identity(x, &r, c, e->date, 0x200 + (uint64_t)i);
        ref_code(r.cell[6], sizeof r.cell[6], "PE",
                 hash3(x->o->seed, (uint64_t)c->index, 0x10000 + (uint64_t)i));
        syn_row_set(&r, 7, ev_name[e->type]);
        syn_row_date(&r, 8, e->date, false);
        if (e->type == EV_VPR) syn_row_set(&r, 9, vpr_name[e->vpr]);
        emit(x, y->pev, pev_spec, "police_events", &r, y->ye);
    }
    for (int i = 0; i < c->neh; i++) {
        const syn_eh *e = &c->eh[i];
        if (e->start < y->ys || e->start > y->ye) continue;
        syn_row_init(&r, 10);
        identity(x, &r, c, e->start, 0x300 + (uint64_t)i);
        syn_row_set(&r, 6, eh_org[e->org]);
        syn_row_date(&r, 7, e->start, false);
        bool done = e->end <= y->ye;
        if (done) syn_row_date(&r, 8, e->end, false);
        syn_row_set(&r, 9, done ? eh_outcome[e->outcome] : "ONGOING");
        emit(x, y->eh, eh_spec, "early_help", &r, y->ye);
    }
}

/* LADO allegations are about adults who work with children, not about a child: a year's
 * count is drawn from the LADO stream (~350 per 100,000 children, a little over half of them
 * contacts that do not meet the threshold), each allegation from its own stream. */
void syn_write_lado(syn_ctx *x, syn_year *y)
{
    static const char *const agency[] = {"POLICE", "EDUCATION", "HEALTH",    "EARLY_YEARS",
                                         "CSC",    "OTHER",     "VOLUNTARY", "PROBATION",
                                         "FAITH",  "SPORT"};
    static const uint16_t agency_w[] = {25, 30, 10, 8, 12, 5, 4, 1, 2, 3};
    const char *const *sector = SYN_CODES(SG_CS_LADO_EMPLOYMENT_SECTOR);
    static const uint16_t sector_w[] = {38, 12, 8, 6, 3, 10, 9, 4, 3, 4, 2, 1};
    const char *const *cat = SYN_CODES(SG_CS_LADO_CATEGORY);
    static const uint16_t cat_w[] = {40, 20, 10, 8, 22};
    const char *const *outcome = SYN_CODES(SG_CS_LADO_OUTCOME); /* all but the last, ONGOING */
    static const uint16_t outcome_w[] = {35, 35, 15, 3, 7, 5};
    syn_rng r;
    syn_rng_seed(&r, x->o->seed, SYN_STREAM_LADO, (uint64_t)y->fy, 0xFFFFFFFFull);
    int n = syn_poisson(&r, (double)x->o->children * 0.0035);
    int days = (int)(y->ye - y->ys);
    syn_row row;
    for (int k = 0; k < n; k++) {
        syn_rng_seed(&r, x->o->seed, SYN_STREAM_LADO, (uint64_t)y->fy, (uint64_t)k);
        syn_rng_seed(&x->frng, x->o->seed, SYN_STREAM_LADO_FAULT, (uint64_t)y->fy, (uint64_t)k);
        bool referral = syn_chance(&r, 0.45);
        sg_date rec = y->ys + syn_range(&r, 0, days);
        sg_date strat = SG_DATE_NONE, concl;
        int out;
        if (referral) {
            if (syn_chance(&r, 0.7)) strat = syn_wd_add(rec, syn_range(&r, 1, 8));
            concl = rec + syn_range(&r, 10, 160);
            if (strat != SG_DATE_NONE && concl <= strat) concl = strat + 1;
            out = syn_pick(&r, outcome_w, 6);
        } else {
            concl = rec + syn_range(&r, 0, 5);
            out = syn_chance(&r, 0.85) ? 5 : 2;
        }
        syn_row_init(&row, 9);
        snprintf(row.cell[0], sizeof row.cell[0], "LADO-%d-%06d", y->fy, k + 1);
        syn_row_set(&row, 1, referral ? "REFERRAL" : "CONTACT");
        syn_row_date(&row, 2, rec, false);
        syn_row_set(&row, 3, agency[syn_pick(&r, agency_w, 10)]);
        syn_row_set(&row, 4, sector[syn_pick(&r, sector_w, 12)]);
        syn_row_set(&row, 5, cat[syn_pick(&r, cat_w, 5)]);
        if (strat != SG_DATE_NONE && strat <= y->ye) syn_row_date(&row, 6, strat, false);
        bool done = concl <= y->ye;
        if (done) syn_row_date(&row, 7, concl, false);
        syn_row_set(&row, 8, done ? outcome[out] : "ONGOING");
        emit(x, y->lado, lado_spec, "lado", &row, y->ye);
        if (referral)
            y->truth.lado_referrals++;
        else
            y->truth.lado_contacts++;
    }
}

void syn_write_population(syn_ctx *x, const long *counts)
{
    syn_file *f = x->pop;
    syn_header(f, COLS("population"), 7);
    for (int i = 0; i < x->ny; i++) {
        syn_puts(f, x->la);
        syn_puts(f, ",Synthetic partnership ");
        syn_puts(f, x->la);
        syn_putc(f, ',');
        syn_put_long(f, x->y[i].fy);
        syn_puts(f, ",0,17,,");
        syn_put_long(f, counts[i]);
        syn_nl(f);
        f->records[SG_REC_POPULATION]++;
    }
}
