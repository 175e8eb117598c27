/* write_cin.c - one child's part of a year's DfE CIN census XML (element names and order from
 * the DfE's XSD, tests/fixtures/liia-tools/CIN_schema_2024.xsd), one element per line so every
 * planted fault has a known line. A CINdetails is written for each CIN episode open at any
 * time in the year, with the assessments, CIN plans, section 47 enquiries and CP plans of that
 * episode that were open in the year; dates after 31 March are left out (the census sees those
 * items as still open). Faults are planted only in leaf records (see docs/generator.md). */
#include "synth/synth_int.h"

#include <string.h>

static const char spaces[] = "                                ";

static void ind(syn_file *f, int level)
{
    syn_put(f, spaces, (size_t)level * 2);
}

static void open_tag(syn_file *f, int level, const char *name)
{
    ind(f, level);
    syn_putc(f, '<');
    syn_puts(f, name);
    syn_putc(f, '>');
    syn_nl(f);
}

static void close_tag(syn_file *f, int level, const char *name)
{
    ind(f, level);
    syn_put(f, "</", 2);
    syn_puts(f, name);
    syn_putc(f, '>');
    syn_nl(f);
}

/* Writes <name>value</name> on its own line and returns that line's number. */
static long el(syn_file *f, int level, const char *name, const char *value)
{
    ind(f, level);
    syn_putc(f, '<');
    syn_puts(f, name);
    syn_putc(f, '>');
    syn_puts(f, value);
    syn_put(f, "</", 2);
    syn_puts(f, name);
    syn_putc(f, '>');
    syn_nl(f);
    return f->line;
}

static long el_date(syn_file *f, int level, const char *name, sg_date d)
{
    char b[11];
    syn_fmt_iso(d, b);
    return el(f, level, name, b);
}

void syn_cin_header(syn_file *f, const syn_ctx *x, const syn_year *y)
{
    char yr[16];
    snprintf(yr, sizeof yr, "%d", y->fy + 1);
    syn_puts(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    syn_nl(f);
    open_tag(f, 0, "Message");
    open_tag(f, 1, "Header");
    open_tag(f, 2, "CollectionDetails");
    el(f, 3, "Collection", "CIN");
    el(f, 3, "Year", yr);
    el_date(f, 3, "ReferenceDate", y->ye);
    close_tag(f, 2, "CollectionDetails");
    open_tag(f, 2, "Source");
    el(f, 3, "SourceLevel", "L");
    el(f, 3, "LEA", x->la);
    el(f, 3, "SoftwareCode", "safeguard synthetic partnership");
    el(f, 3, "Release", "1");
    el(f, 3, "SerialNo", "001");
    /* A fixed time keeps the files byte-identical between runs. */
    char dt[32];
    snprintf(dt, sizeof dt, "%d-05-15T09:00:00", y->fy + 1);
    el(f, 3, "DateTime", dt);
    close_tag(f, 2, "Source");
    close_tag(f, 1, "Header");
    open_tag(f, 1, "Children");
}

void syn_cin_footer(syn_file *f)
{
    close_tag(f, 1, "Children");
    close_tag(f, 0, "Message");
}

/* CP review dates: three months after the start, then every six months, while the plan is
 * open; moved to the next working day. Returns how many were written into out. */
int syn_cpp_reviews(const syn_cpp *p, sg_date *out, int max)
{
    int n = 0;
    for (int k = 0; n < max; k++) {
        sg_date d = syn_wd_next(sg_date_add_months(p->start, 3 + 6 * k));
        if (d >= p->end) break;
        out[n++] = d;
    }
    return n;
}

static void write_assessment(syn_ctx *x, syn_file *f, const syn_assess *a, const syn_year *y)
{
    unsigned mask = FM(F_DUPLICATE) | FM(F_FUTURE) | FM(F_ORDER);
    bool authorised = a->auth <= y->ye;
    if (authorised) mask |= FM(F_IMPOSSIBLE);
    int kind = syn_fault_pick(x, mask);
    int copies = kind == F_DUPLICATE ? 2 : 1;
    char auth[11] = "";
    if (authorised) syn_fmt_iso(a->auth, auth);
    if (kind == F_FUTURE)
        syn_fmt_iso(y->ye + syn_range(&x->frng, 1, 60), auth);
    else if (kind == F_ORDER)
        syn_fmt_iso(a->start - syn_range(&x->frng, 1, 20), auth);
    else if (kind == F_IMPOSSIBLE)
        syn_bad_date(a->auth, false, &x->frng, auth);
    /* Year-rule faults (fault_years.c): factor 18A (8945Q) or 19A (8950Q), from 2024-25. */
    const char *yr = NULL, *yr_code = NULL;
    long yr_line = 0;
    if (kind < 0 && authorised && a->nf) {
        if ((yr = syn_year_fault(x, y, SYN_YR_8945Q)))
            yr_code = "18A";
        else if ((yr = syn_year_fault(x, y, SYN_YR_8950Q)))
            yr_code = "19A";
    }
    long fault_line = 0;
    for (int k = 0; k < copies; k++) {
        if (k == 1) fault_line = f->line + 1;
        open_tag(f, 4, "Assessments");
        el_date(f, 5, "AssessmentActualStartDate", a->start);
        if (auth[0]) {
            long l = el(f, 5, "AssessmentAuthorisationDate", auth);
            if (kind != F_DUPLICATE) fault_line = l;
        }
        if (authorised && a->nf) {
            open_tag(f, 5, "FactorsIdentifiedAtAssessment");
            for (int i = 0; i < a->nf; i++) {
                long l =
                    el(f, 6, "AssessmentFactors", i == 0 && yr ? yr_code : syn_factor[a->f[i]]);
                if (i == 0 && yr) yr_line = l;
            }
            close_tag(f, 5, "FactorsIdentifiedAtAssessment");
        }
        close_tag(f, 4, "Assessments");
        if (kind == F_IMPOSSIBLE)
            f->rejected++;
        else
            f->records[SG_REC_ASSESSMENT]++;
    }
    if (kind >= 0)
        syn_fault_log(x, (syn_fault_kind)kind, f, fault_line, SG_REC_ASSESSMENT,
                      kind == F_DUPLICATE ? NULL : "AssessmentAuthorisationDate",
                      kind == F_DUPLICATE ? NULL : auth, kind == F_IMPOSSIBLE);
    if (yr)
        syn_fault_log_rule(x, F_YEAR_RULE, f, yr_line, SG_REC_ASSESSMENT, "AssessmentFactors",
                           yr_code, false, yr);
}

static void write_cinplan(syn_ctx *x, syn_file *f, const syn_cinplan *p, const syn_year *y)
{
    int kind = syn_fault_pick(x, FM(F_DUPLICATE) | FM(F_ORDER));
    char end[11] = "";
    if (p->end <= y->ye) syn_fmt_iso(p->end, end);
    if (kind == F_ORDER) syn_fmt_iso(p->start - syn_range(&x->frng, 1, 30), end);
    long fault_line = 0;
    for (int k = 0; k < (kind == F_DUPLICATE ? 2 : 1); k++) {
        if (k == 1) fault_line = f->line + 1;
        open_tag(f, 4, "CINPlanDates");
        el_date(f, 5, "CINPlanStartDate", p->start);
        if (end[0]) {
            long l = el(f, 5, "CINPlanEndDate", end);
            if (kind == F_ORDER) fault_line = l;
        }
        close_tag(f, 4, "CINPlanDates");
        f->records[SG_REC_CIN_PLAN]++;
    }
    if (kind >= 0)
        syn_fault_log(x, (syn_fault_kind)kind, f, fault_line, SG_REC_CIN_PLAN,
                      kind == F_ORDER ? "CINPlanEndDate" : NULL, kind == F_ORDER ? end : NULL,
                      false);
}

static void write_s47(syn_ctx *x, syn_file *f, const syn_s47 *s, const syn_year *y)
{
    bool held = s->icpc != SG_DATE_NONE && s->icpc <= y->ye;
    int kind = syn_fault_pick(x, FM(F_DUPLICATE) | (held ? FM(F_ORDER) : 0));
    char icpc[11] = "";
    if (held) syn_fmt_iso(s->icpc, icpc);
    if (kind == F_ORDER) syn_fmt_iso(s->start - syn_range(&x->frng, 1, 10), icpc);
    long fault_line = 0;
    for (int k = 0; k < (kind == F_DUPLICATE ? 2 : 1); k++) {
        if (k == 1) fault_line = f->line + 1;
        open_tag(f, 4, "Section47");
        el_date(f, 5, "S47ActualStartDate", s->start);
        /* A target after 31 March is not yet a fact of this collection year. */
        if (s->target <= y->ye) el_date(f, 5, "InitialCPCtarget", s->target);
        if (icpc[0]) {
            long l = el(f, 5, "DateOfInitialCPC", icpc);
            if (kind == F_ORDER) fault_line = l;
        }
        /* Not required only once the enquiry has concluded without a conference. */
        el(f, 5, "ICPCnotRequired", s->not_required && s->icpc == SG_DATE_NONE ? "true" : "false");
        close_tag(f, 4, "Section47");
        f->records[SG_REC_S47]++;
    }
    if (kind >= 0)
        syn_fault_log(x, (syn_fault_kind)kind, f, fault_line, SG_REC_S47,
                      kind == F_ORDER ? "DateOfInitialCPC" : NULL, kind == F_ORDER ? icpc : NULL,
                      false);
}

static void write_cpp(syn_ctx *x, syn_file *f, const syn_cpp *p, const syn_year *y)
{
    bool ended = p->end <= y->ye;
    int kind = syn_fault_pick(x, FM(F_ORDER) | FM(F_BAD_CODE) | FM(F_MISSING_FIELD) | FM(F_FUTURE));
    char end[11] = "";
    if (ended) syn_fmt_iso(p->end, end);
    if (kind == F_ORDER)
        syn_fmt_iso(p->start - syn_range(&x->frng, 1, 60), end);
    else if (kind == F_FUTURE)
        syn_fmt_iso(y->ye + syn_range(&x->frng, 1, 90), end);
    const char *icat = syn_cat[p->icat], *lcat = syn_cat[p->lcat];
    if (kind == F_BAD_CODE) icat = "NGL";
    if (kind == F_MISSING_FIELD) lcat = "";
    open_tag(f, 4, "ChildProtectionPlans");
    el_date(f, 5, "CPPstartDate", p->start);
    long l_end = 0, l_icat, l_lcat;
    if (end[0]) l_end = el(f, 5, "CPPendDate", end);
    l_icat = el(f, 5, "InitialCategoryOfAbuse", icat);
    l_lcat = el(f, 5, "LatestCategoryOfAbuse", lcat);
    char prev[8];
    snprintf(prev, sizeof prev, "%d", p->prev);
    el(f, 5, "NumberOfPreviousCPP", prev);
    f->records[SG_REC_CP_PLAN]++;
    if (kind >= 0) {
        long line = kind == F_BAD_CODE ? l_icat : kind == F_MISSING_FIELD ? l_lcat : l_end;
        const char *field = kind == F_BAD_CODE        ? "InitialCategoryOfAbuse"
                            : kind == F_MISSING_FIELD ? "LatestCategoryOfAbuse"
                                                      : "CPPendDate";
        const char *value = kind == F_BAD_CODE ? icat : kind == F_MISSING_FIELD ? lcat : end;
        syn_fault_log(x, (syn_fault_kind)kind, f, line, SG_REC_CP_PLAN, field, value, false);
    }
    sg_date rv[64];
    int nrv = syn_cpp_reviews(p, rv, 64), nin = 0;
    for (int i = 0; i < nrv; i++)
        nin += rv[i] >= y->ys && rv[i] <= y->ye;
    if (nin) {
        open_tag(f, 5, "Reviews");
        for (int i = 0; i < nrv; i++) {
            if (rv[i] < y->ys || rv[i] > y->ye) continue;
            int k = syn_fault_pick(x, FM(F_DUPLICATE) | FM(F_IMPOSSIBLE) | FM(F_FUTURE));
            char d[11];
            syn_fmt_iso(rv[i], d);
            if (k == F_IMPOSSIBLE)
                syn_bad_date(rv[i], false, &x->frng, d);
            else if (k == F_FUTURE)
                syn_fmt_iso(y->ye + syn_range(&x->frng, 1, 90), d);
            long line = el(f, 6, "CPPreviewDate", d);
            if (k == F_DUPLICATE) {
                line = el(f, 6, "CPPreviewDate", d);
                f->records[SG_REC_CP_REVIEW]++;
            }
            if (k == F_IMPOSSIBLE)
                f->rejected++;
            else
                f->records[SG_REC_CP_REVIEW]++;
            if (k >= 0)
                syn_fault_log(x, (syn_fault_kind)k, f, line, SG_REC_CP_REVIEW,
                              k == F_DUPLICATE ? NULL : "CPPreviewDate",
                              k == F_DUPLICATE ? NULL : d, k == F_IMPOSSIBLE);
        }
        close_tag(f, 5, "Reviews");
    }
    close_tag(f, 4, "ChildProtectionPlans");
}

static bool ref_in_year(const syn_ref *r, const syn_year *y)
{
    return r->date <= y->ye && r->closure >= y->ys;
}

/* An enquiry is in a year's return when it started in the year, or its conference was held in
 * it. */
static bool s47_in_year(const syn_s47 *s, const syn_year *y)
{
    return s->start <= y->ye &&
           (s->start >= y->ys || (s->icpc != SG_DATE_NONE && s->icpc >= y->ys));
}

static void write_ref(syn_ctx *x, syn_file *f, const syn_child *c, const syn_ref *r,
                      const syn_year *y)
{
    bool closed = r->closure <= y->ye;
    int kind = syn_fault_pick(x, FM(F_BAD_CODE) | FM(F_MISSING_FIELD) | FM(F_FUTURE) |
                                     (closed ? FM(F_ORDER) : 0));
    const char *source = syn_ref_source[r->source], *need = syn_need[r->need];
    const char *field = NULL;
    if (kind == F_BAD_CODE) {
        if (syn_chance(&x->frng, 0.5))
            source = "11", field = "ReferralSource";
        else
            need = "N10", field = "PrimaryNeedCode";
    } else if (kind == F_MISSING_FIELD) {
        source = "";
        field = "ReferralSource";
    }
    char close[11] = "";
    if (closed) syn_fmt_iso(r->closure, close);
    if (kind == F_ORDER)
        syn_fmt_iso(r->date - syn_range(&x->frng, 1, 30), close);
    else if (kind == F_FUTURE)
        syn_fmt_iso(y->ye + syn_range(&x->frng, 1, 90), close);
    open_tag(f, 3, "CINdetails");
    el_date(f, 4, "CINreferralDate", r->date);
    long l_src = el(f, 4, "ReferralSource", source);
    long l_need = el(f, 4, "PrimaryNeedCode", need);
    long l_close = 0;
    if (close[0]) {
        l_close = el(f, 4, "CINclosureDate", close);
        char rc[4] = {'R', 'C', (char)('0' + (closed ? r->reason : RC7)), '\0'};
        el(f, 4, "ReasonForClosure", rc);
    }
    f->records[SG_REC_REFERRAL]++;
    if (kind >= 0) {
        long line = kind == F_ORDER || kind == F_FUTURE              ? l_close
                    : field && strcmp(field, "PrimaryNeedCode") == 0 ? l_need
                                                                     : l_src;
        if (!field) field = "CINclosureDate";
        const char *value = strcmp(field, "ReferralSource") == 0    ? source
                            : strcmp(field, "PrimaryNeedCode") == 0 ? need
                                                                    : close;
        syn_fault_log(x, (syn_fault_kind)kind, f, line, SG_REC_REFERRAL, field, value, false);
    }
    /* The episode's first conference held by 31 March whose enquiry is not in this year's
     * return: a conference is recorded at one level only (CIN rule 2884). */
    for (int i = r->s0; i < r->s0 + r->ns; i++)
        if (c->s47[i].icpc != SG_DATE_NONE && c->s47[i].icpc <= y->ye &&
            !s47_in_year(&c->s47[i], y)) {
            el_date(f, 4, "DateOfInitialCPC", c->s47[i].icpc);
            break;
        }
    for (int i = r->a0; i < r->a0 + r->na; i++) {
        const syn_assess *a = &c->ass[i];
        if (a->start <= y->ye && a->auth >= y->ys) write_assessment(x, f, a, y);
    }
    for (int i = r->p0; i < r->p0 + r->np; i++) {
        const syn_cinplan *p = &c->cinp[i];
        if (p->start <= y->ye && p->end >= y->ys) write_cinplan(x, f, p, y);
    }
    for (int i = r->s0; i < r->s0 + r->ns; i++) {
        if (s47_in_year(&c->s47[i], y)) write_s47(x, f, &c->s47[i], y);
    }
    el(f, 4, "ReferralNFA", r->nfa ? "true" : "false");
    for (int i = r->c0; i < r->c0 + r->nc; i++) {
        const syn_cpp *p = &c->cpp[i];
        if (p->start <= y->ye && p->end >= y->ys) write_cpp(x, f, p, y);
    }
    close_tag(f, 3, "CINdetails");
}

void syn_write_cin(syn_ctx *x, const syn_child *c, syn_year *y)
{
    int n = 0;
    for (int i = 0; i < c->nref; i++)
        n += ref_in_year(&c->ref[i], y);
    if (!n) return;
    syn_file *f = y->cin;
    open_tag(f, 2, "Child");
    open_tag(f, 3, "ChildIdentifiers");
    /* Year-rule faults (fault_years.c), from 2024-25: an LAchildID longer than 20 characters
     * (1570) or with a character that is not a letter or digit (1580). The manifest carries no
     * value: it is the child's identifier. */
    const char *yr = syn_year_fault(x, y, SYN_YR_1570);
    const char *yr2 = yr ? NULL : syn_year_fault(x, y, SYN_YR_1580);
    char id[64];
    snprintf(id, sizeof id, "%s%s", c->la_id, yr ? "ABCDEFGHIJKLMNOPQRST" : yr2 ? "/1" : "");
    long id_line = el(f, 4, "LAchildID", id);
    if (yr || yr2)
        syn_fault_log_rule(x, F_YEAR_RULE, f, id_line, SG_REC_CHILD, "LAchildID", NULL, false,
                           yr ? yr : yr2);
    int age = syn_age(c, y->ye);
    if (age >= 6 && c->upn_known)
        el(f, 4, "UPN", c->upn);
    else
        el(f, 4, "UPNunknown", age < 6 ? "UN1" : "UN4");
    el_date(f, 4, "PersonBirthDate", c->dob);
    /* GenderCurrent (1 male, 2 female) until 2023-24; Sex (M/F) from the 2024-25 collection. */
    if (y->fy >= 2024)
        el(f, 4, "Sex", c->sex == 'M' ? "M" : "F");
    else
        el(f, 4, "GenderCurrent", c->sex == 'M' ? "1" : "2");
    close_tag(f, 3, "ChildIdentifiers");
    open_tag(f, 3, "ChildCharacteristics");
    el(f, 4, "Ethnicity", syn_eth[c->eth]);
    open_tag(f, 4, "Disabilities");
    if (!c->ndis) el(f, 5, "Disability", "NONE");
    for (int i = 0; i < c->ndis; i++)
        el(f, 5, "Disability", syn_dis[c->dis[i]]);
    close_tag(f, 4, "Disabilities");
    close_tag(f, 3, "ChildCharacteristics");
    f->records[SG_REC_CHILD]++;
    for (int i = 0; i < c->nref; i++)
        if (ref_in_year(&c->ref[i], y)) write_ref(x, f, c, &c->ref[i], y);
    close_tag(f, 2, "Child");
}
