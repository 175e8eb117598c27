/* yearly_sections.c - sg_yr_build: the yearly report's sections from the store (indicators and
 * the dataset booklet, population), the registers' computed views, the config and the
 * narrative folder (docs/report.md, "Structure"). Every figure is made through one of the yr_fig_*
 * helpers, which give it its trace: source, period and the inputs it came from. A section
 * without data says so in a plain sentence. This file lists the sections and runs them; the
 * builders are in yearly_data.c, yearly_learning.c and yearly_registers.c, the helpers in
 * yearly_figures.c (yearly_int.h). */
#include "report/yearly_int.h"

#include "core/period.h"
#include "core/mem.h"
#include "core/num.h"
#include "indicators/indicators.h"
#include "registers/cdop.h"
#include "registers/finance.h"
#include "registers/lado_views.h"
#include "registers/reg_actions.h"
#include "registers/reg_audit.h"
#include "registers/reg_case_review.h"
#include "registers/risks.h"
#include "registers/section11.h"
#include "registers/training.h"
#include "registers/voice.h"
#include "indicators/targets.h"
#include "report/booklet.h"
#include "report/narrative.h"
#include "report/publish_check.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the whole report ---- */

/* The report's sections in order: number (also the prefix of its narrative files), slug,
 * title, whether only the partnership's narrative fills it, and what builds it from the data
 * (NULL: narrative only, or the glossary that sg_yr_finish writes). */
typedef struct section_def {
    int num;
    const char *slug, *title;
    bool narrative_only;
    int (*build)(bctx *c, sg_yr_section *s);
} section_def;

enum { S_SCRUTINY = 13, S_GLOSSARY = 17 }; /* sections the builder treats specially */

static const section_def sections[] = {
    {1, "foreword", "Foreword", true, NULL},
    {2, "arrangements", "Partnership arrangements", false, yr_sec_arrangements},
    {3, "context", "Local context", false, yr_sec_context},
    {4, "priorities", "Priorities and progress", false, yr_sec_priorities},
    {5, "dataset", "The multi-agency dataset", false, yr_sec_dataset},
    {6, "reviews", "Learning from reviews", false, yr_sec_reviews},
    {7, "audits", "Multi-agency audits", false, yr_sec_audits},
    {8, "section11", "Section 11 and Section 175 self-assessment", false, yr_sec_section11},
    {9, "training", "Training and its evaluation", false, yr_sec_training},
    {10, "lado", "Allegations against people who work with children (LADO)", false, yr_sec_lado},
    {11, "child-deaths", "Child deaths", false, yr_sec_child_deaths},
    {12, "voice", "Children's voice", false, yr_sec_voice},
    {S_SCRUTINY, "scrutiny", "Independent scrutiny", true, NULL},
    {14, "finance", "Finance", false, yr_sec_finance},
    {15, "risks", "Risk register", false, yr_sec_risks},
    {16, "next-year", "Priorities for next year", false, yr_sec_next},
    {S_GLOSSARY, "glossary", "Glossary", false, NULL},
};

int sg_yr_build(sg_store *s, const sg_yr_opts *o, sg_yr_report *r, sg_error *err)
{
    sg_yr_init(r);
    if (!o || !o->year) return sg_err(err, SG_EINVAL, "which year? (e.g. 2023-24)");
    sg_period per;
    int rc = sg_period_parse(o->year, &per, err);
    if (rc) return rc;
    if (per.kind != SG_PERIOD_YEAR)
        return sg_err(err, SG_EINVAL,
                      "the yearly report needs a financial year such as 2023-24, "
                      "not '%s'",
                      o->year);
    bctx *c = xcalloc(1, sizeof *c);
    c->s = s;
    c->o = o;
    c->cfg = o->cfg;
    c->r = r;
    c->err = err;
    c->fy = per.fy;
    c->first = per.start;
    c->last = per.end;
    c->as_at = o->as_at != SG_DATE_NONE ? o->as_at : per.end;
    sg_strlcpy(c->year, per.text, sizeof c->year);
    sg_booklet_init(&c->bk);

    r->public_view = o->public_view;
    r->fy = per.fy;
    r->as_at = c->as_at;
    r->disc.threshold = o->cfg && o->cfg->threshold ? o->cfg->threshold : 0;
    if (r->disc.threshold <= 0) r->disc.threshold = SG_DISCLOSURE_DEFAULT_THRESHOLD;
    sg_strlcpy(r->year, per.text, sizeof r->year);
    sg_strlcpy(r->partnership, o->cfg ? o->cfg->partnership : "", sizeof r->partnership);
    if (o->cfg && o->cfg->title[0])
        sg_strlcpy(r->title, o->cfg->title, sizeof r->title);
    else
        yr_sfmt(r->title, sizeof r->title, "Safeguarding children partnership yearly report %s",
                per.text);

    rc = sg_narrative_load(o->narrative_dir, &c->narr, err);
    for (size_t i = 0; !rc && i < YR_NREG; i++) {
        const sg_register *rg = sg_reg_find(yr_reg_names[i]);
        if (!rg) {
            sg_reg_set_init(&c->set[i], NULL);
            continue;
        }
        rc = sg_reg_load(s, rg, &c->set[i], err);
        c->loaded[i] = rc == SG_OK;
    }
    sg_ind_opts io;
    sg_ind_opts_init(&io);
    io.as_of = c->as_at;
    if (o->cfg && o->cfg->area[0]) io.area = o->cfg->area;
    if (!rc) {
        sg_booklet_opts bo = {.public_view = o->public_view,
                              .threshold = r->disc.threshold,
                              .years = 3,
                              .partnership = r->partnership,
                              .ind = &io};
        rc = sg_booklet_build(s, per.text, &bo, &c->bk, err);
    }
    if (!rc) rc = sg_ind_compute_opts(s, per.text, &io, &c->ind, &c->nind, err);

    for (size_t i = 0; !rc && i < sizeof sections / sizeof sections[0]; i++) {
        sg_yr_section *sec =
            sg_yr_section_add(r, sections[i].num, sections[i].slug, sections[i].title);
        sec->narrative_only = sections[i].narrative_only;
        if (sections[i].num == S_GLOSSARY) continue;
        rc = yr_narrative(c, sec, false);
        if (rc) break;
        if (!sec->has_before) {
            sg_yr_warn(r, "section %02d (%s): no narrative file %02d-*.md%s%s", sec->num,
                       sec->title, sec->num, o->narrative_dir ? " in " : "",
                       o->narrative_dir ? o->narrative_dir : " (no --narrative folder)");
            if (sec->narrative_only)
                sg_yr_note(sec, "This section is written by the partnership and has not been "
                                "provided yet.");
        }
        if (sections[i].num == S_SCRUTINY && o->cfg && o->cfg->scrutineer[0]) {
            sg_yr_block *b = sg_yr_block_add(sec, SG_YB_PARA);
            sg_yr_run_textf(b, "Independent scrutineer: %s.", o->cfg->scrutineer);
        }
        if (sections[i].build) rc = sections[i].build(c, sec);
        if (!rc) rc = yr_narrative(c, sec, true);
    }
    if (!rc)
        for (size_t i = 0; i < c->narr.n; i++)
            if (!c->narr.f[i].used)
                sg_yr_warn(r,
                           "narrative file %s was not used (no section %02d, or a second file "
                           "for it)",
                           c->narr.f[i].name, c->narr.f[i].num);

    for (size_t i = 0; i < YR_NREG; i++)
        sg_reg_set_fini(&c->set[i]);
    sg_booklet_fini(&c->bk);
    sg_ind_results_free(c->ind, c->nind);
    sg_narrative_fini(&c->narr);
    free(c);
    if (rc) {
        sg_yr_fini(r);
        return rc;
    }
    sg_yr_finish(r);
    return SG_OK;
}
