/* manifest.c - the truth the generator knows: per-year counts taken from the journeys
 * themselves (before any fault), and manifest.json, which lists every file with its format,
 * agency, period and the exact numbers of records an importer will emit and rows it will
 * reject, the options, the truth, and every planted fault. The manifest is built with jansson
 * except the fault list, which is streamed from a temporary file so memory stays flat. */
#include "synth/synth_int.h"
#include "synth/gen_partner.h"
#include "synth/gen_registers.h"

#include "core/mem.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

static bool in_year(sg_date d, const syn_year *y)
{
    return d != SG_DATE_NONE && d >= y->ys && d <= y->ye;
}

void syn_truth_add(const syn_ctx *x, const syn_child *c, syn_year *y)
{
    (void)x;
    syn_truth *t = &y->truth;
    sg_date ye = y->ye;
    bool cin31 = false;
    for (int i = 0; i < c->nref; i++) {
        const syn_ref *r = &c->ref[i];
        if (in_year(r->contact, y)) t->contacts++;
        if (r->date <= ye && r->closure > ye) cin31 = true;
        if (!in_year(r->date, y)) continue;
        t->referrals++;
        t->referrals_nfa += r->nfa;
        if (i > 0 && c->ref[i - 1].date >= syn_add_years(r->date, -1)) t->rereferrals_12m++;
    }
    t->cin_at_31march += cin31;
    for (int i = 0; i < c->ncon; i++)
        t->contacts += in_year(c->con[i].date, y);
    for (int i = 0; i < c->nass; i++) {
        const syn_assess *a = &c->ass[i];
        if (!in_year(a->auth, y)) continue;
        t->assessments_completed++;
        t->assessments_within_45wd += syn_wd_between(a->start, a->auth) <= 45;
        t->assessed_not_in_need += !a->in_need;
    }
    for (int i = 0; i < c->ns47; i++) {
        const syn_s47 *s = &c->s47[i];
        t->s47_started += in_year(s->start, y);
        if (in_year(s->icpc, y)) {
            t->icpcs++;
            t->icpcs_within_15wd += syn_wd_between(s->start, s->icpc) <= 15;
        }
    }
    for (int i = 0; i < c->ncpp; i++) {
        const syn_cpp *p = &c->cpp[i];
        if (in_year(p->start, y)) {
            t->cp_started++;
            t->cp_started_cat[p->icat]++;
            t->cp_second_or_subsequent += p->prev > 0;
        }
        if (p->start <= ye && p->end > ye) t->cp_at_31march++;
        if (in_year(p->end, y)) {
            t->cp_ended++;
            t->cp_ended_2y_plus += p->end >= syn_add_years(p->start, 2);
        }
    }
    bool cla31 = false;
    int placements = 0;
    for (int i = 0; i < c->nep; i++) {
        const syn_ep *e = &c->ep[i];
        if (e->start <= ye && e->end > ye) cla31 = true;
        if (e->rne == 'S' && in_year(e->start, y)) t->cla_started++;
        if (e->rec != REC_X1 && in_year(e->end, y)) t->cla_ceased++;
        if (e->start <= ye && e->end >= y->ys && (placements == 0 || e->rne != 'L')) placements++;
    }
    t->cla_at_31march += cla31;
    t->cla_3plus_placements += cla31 && placements >= 3;
    t->uasc_at_31march += cla31 && c->uasc;
    bool missed = false;
    for (int i = 0; i < c->nmiss; i++) {
        const syn_miss *m = &c->miss[i];
        if (!in_year(m->start, y)) continue;
        if (m->care) {
            t->missing_care_episodes++;
            missed = true;
        } else {
            t->missing_home_episodes++;
        }
    }
    t->missing_care_children += missed;
    for (int i = 0; i < c->nev; i++) {
        if (!in_year(c->ev[i].date, y)) continue;
        t->police_events++;
        t->strategy_discussions += c->ev[i].type == EV_STRATEGY;
    }
    for (int i = 0; i < c->neh; i++)
        t->early_help_started += in_year(c->eh[i].start, y);
}

static json_t *truth_json(const syn_truth *t)
{
    json_t *o = json_object();
#define T(name) json_object_set_new(o, #name, json_integer(t->name))
    T(population);
    T(contacts);
    T(referrals);
    T(rereferrals_12m);
    T(referrals_nfa);
    T(assessments_completed);
    T(assessments_within_45wd);
    T(assessed_not_in_need);
    T(strategy_discussions);
    T(s47_started);
    T(icpcs);
    T(icpcs_within_15wd);
    T(cp_started);
    json_t *cat = json_object();
    for (int i = 0; i < SYN_NCAT; i++)
        json_object_set_new(cat, syn_cat[i], json_integer(t->cp_started_cat[i]));
    json_object_set_new(o, "cp_started_by_initial_category", cat);
    T(cp_second_or_subsequent);
    T(cp_at_31march);
    T(cp_ended);
    T(cp_ended_2y_plus);
    T(cin_at_31march);
    T(cla_at_31march);
    T(cla_started);
    T(cla_ceased);
    T(cla_3plus_placements);
    T(uasc_at_31march);
    T(missing_care_episodes);
    T(missing_care_children);
    T(missing_home_episodes);
    T(police_events);
    T(early_help_started);
    T(lado_contacts);
    T(lado_referrals);
#undef T
    return o;
}

static json_t *file_json(const syn_file *f)
{
    json_t *o = json_object();
    json_object_set_new(o, "path", json_string(f->path));
    json_object_set_new(o, "format", json_string(f->format));
    json_object_set_new(o, "agency", json_string(f->agency));
    json_object_set_new(o, "period", json_string(f->period));
    json_t *rec = json_object();
    for (int t = 0; t < SG_REC__COUNT; t++)
        if (f->records[t])
            json_object_set_new(rec, sg_rec_type_name((sg_rec_type)t), json_integer(f->records[t]));
    json_object_set_new(o, "records", rec);
    json_object_set_new(o, "rejected", json_integer(f->rejected));
    json_object_set_new(o, "lines", json_integer(f->line));
    return o;
}

int syn_manifest_write(syn_ctx *x)
{
    const sg_synth_opts *o = x->o;
    json_t *root = json_object();
    json_object_set_new(root, "generator", json_string("safeguard generate"));
    json_object_set_new(root, "manifest_version", json_integer(1));
    json_t *opt = json_object();
    json_object_set_new(opt, "children", json_integer(o->children));
    json_object_set_new(opt, "years", json_integer(o->years));
    json_object_set_new(opt, "seed", json_integer((json_int_t)o->seed));
    json_object_set_new(opt, "faults", json_real(o->faults));
    json_object_set_new(opt, "la_code", json_string(x->la));
    json_object_set_new(opt, "end_year", json_integer(o->end_year));
    json_object_set_new(root, "options", opt);
    json_object_set_new(root, "child_slots", json_integer(x->persons));
    json_t *years = json_array();
    for (int i = 0; i < x->ny; i++)
        json_array_append_new(years, json_string(x->y[i].period));
    json_object_set_new(root, "years", years);
    json_t *files = json_array();
    for (int i = 0; i < x->nfiles; i++)
        json_array_append_new(files, file_json(x->files[i]));
    json_object_set_new(root, "files", files);
    json_object_set_new(root, "registers", syn_registers_json(x));     /* gen_registers.c */
    json_object_set_new(root, "partner_returns", syn_partner_json(x)); /* gen_partner.c */
    json_t *truth = json_object();
    for (int i = 0; i < x->ny; i++)
        json_object_set_new(truth, x->y[i].period, truth_json(&x->y[i].truth));
    json_object_set_new(root, "truth", truth);
    json_t *fk = json_object();
    for (int k = 0; k < F__COUNT; k++)
        json_object_set_new(fk, syn_fault_name[k], json_integer(x->fault_kinds[k]));
    json_object_set_new(root, "fault_counts", fk);

    char *text = json_dumps(root, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
    json_decref(root);
    if (!text) return sg_err(x->err, SG_ENOMEM, "cannot build the manifest");
    /* Reopen the object to append the streamed fault list. */
    size_t n = strlen(text);
    while (n && (text[n - 1] == '\n' || text[n - 1] == '}' || text[n - 1] == ' ')) {
        bool brace = text[n - 1] == '}';
        n--;
        if (brace) break;
    }
    while (n && text[n - 1] == '\n')
        n--;

    char path[4200], tmp[4300];
    snprintf(path, sizeof path, "%s/manifest.json", x->dir);
    snprintf(tmp, sizeof tmp, "%s/.manifest.json.tmp", x->dir);
    FILE *out = fopen(tmp, "wb");
    if (!out) {
        free(text);
        return sg_err_at(x->err, SG_EIO, tmp, 0, 0, NULL, "cannot create the manifest: %s",
                         strerror(errno));
    }
    fwrite(text, 1, n, out);
    free(text);
    fputs(",\n  \"faults\": [", out);
    int rc = SG_OK;
    if (fflush(x->faults_fp) != 0 || fseek(x->faults_fp, 0, SEEK_SET) != 0) rc = SG_EIO;
    char buf[65536];
    size_t k;
    while (rc == SG_OK && (k = fread(buf, 1, sizeof buf, x->faults_fp)) > 0)
        if (fwrite(buf, 1, k, out) != k) rc = SG_EIO;
    if (ferror(x->faults_fp)) rc = SG_EIO;
    fputs(x->nfaults ? "\n  ]\n}\n" : "]\n}\n", out);
    if (fclose(out) != 0) rc = SG_EIO;
    if (rc == SG_OK && rename(tmp, path) != 0) rc = SG_EIO;
    if (rc) {
        remove(tmp);
        return sg_err_at(x->err, SG_EIO, path, 0, 0, NULL, "cannot write the manifest: %s",
                         strerror(errno));
    }
    return SG_OK;
}
