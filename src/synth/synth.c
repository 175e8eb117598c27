/* synth.c - the generator's driver: checks the options, lays out the years and the spread of
 * births, opens every output file, then makes one child at a time (its whole journey) and
 * writes that child's part into every file before the next child. Finally the LADO returns,
 * the population, the closing tags and the manifest. */
#include "synth/synth_int.h"
#include "synth/gen_partner.h"
#include "synth/gen_registers.h"

#include "core/mem.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#define FILE_BUF (256 * 1024)

void sg_synth_opts_init(sg_synth_opts *o)
{
    memset(o, 0, sizeof *o);
    o->years = 1;
    o->la_code = "341";
    o->end_year = 2025;
}

static int check_opts(const sg_synth_opts *o, sg_error *err)
{
    if (o->children < 1 || o->children > SG_SYNTH_MAX_CHILDREN)
        return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "children",
                         "--children must be between 1 and %ld", SG_SYNTH_MAX_CHILDREN);
    if (o->years < 1 || o->years > SG_SYNTH_MAX_YEARS)
        return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "years", "--years must be between 1 and %d",
                         SG_SYNTH_MAX_YEARS);
    if (o->seed > (uint64_t)INT64_MAX)
        return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "seed",
                         "--seed must be at most 9223372036854775807");
    if (!(o->faults >= 0.0 && o->faults <= 1.0))
        return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "faults", "--faults must be between 0 and 1");
    if (o->end_year < 2000 || o->end_year > 2100)
        return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "end_year",
                         "--end-year must be between 2000 and 2100");
    const char *la = o->la_code ? o->la_code : "341";
    if (strlen(la) != 3 || la[0] < '0' || la[0] > '9' || la[1] < '0' || la[1] > '9' ||
        la[2] < '0' || la[2] > '9')
        return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "la_code",
                         "--la-code must be three digits (e.g. 341)");
    if (!o->out || !*o->out)
        return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "out", "--out is required");
    if (strlen(o->out) > 3900)
        return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "out", "--out is too long");
    return SG_OK;
}

/* mkdir -p */
int syn_make_dirs(const char *path, sg_error *err)
{
    char p[4096];
    sg_strlcpy(p, path, sizeof p);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/') continue;
        *s = '\0';
        if (mkdir(p, 0777) != 0 && errno != EEXIST)
            return sg_err_at(err, SG_EIO, p, 0, 0, NULL, "cannot create the folder: %s",
                             strerror(errno));
        *s = '/';
    }
    if (mkdir(p, 0777) != 0 && errno != EEXIST)
        return sg_err_at(err, SG_EIO, p, 0, 0, NULL, "cannot create the folder: %s",
                         strerror(errno));
    return SG_OK;
}

int syn_close_written(FILE *fp, const char *path, sg_error *err)
{
    int bad = ferror(fp);
    int no = errno;
    if (fclose(fp) != 0) {
        bad = 1;
        no = errno;
    }
    if (bad)
        return sg_err_at(err, SG_EIO, path, 0, 0, NULL, "cannot write the file: %s", strerror(no));
    return SG_OK;
}

static syn_file *file_open(syn_ctx *x, const char *rel, const char *format, const char *agency,
                           const char *period)
{
    char full[4200];
    snprintf(full, sizeof full, "%s/%s", x->dir, rel);
    char *slash = strrchr(full, '/');
    *slash = '\0';
    if (syn_make_dirs(full, x->err)) return NULL;
    *slash = '/';
    FILE *fp = fopen(full, "wb");
    if (!fp) {
        sg_err_at(x->err, SG_EIO, full, 0, 0, NULL, "cannot create the file: %s", strerror(errno));
        return NULL;
    }
    syn_file *f = xcalloc(1, sizeof *f);
    sg_strlcpy(f->path, rel, sizeof f->path);
    sg_strlcpy(f->format, format, sizeof f->format);
    f->agency = agency;
    sg_strlcpy(f->period, period, sizeof f->period);
    f->fp = fp;
    f->cap = FILE_BUF;
    f->buf = xmalloc(f->cap);
    x->files[x->nfiles++] = f;
    return f;
}

static int file_close(syn_ctx *x, syn_file *f, int rc)
{
    if (f->len && !f->failed && fwrite(f->buf, 1, f->len, f->fp) != f->len) {
        f->failed = 1;
        f->err_no = errno;
    }
    f->len = 0;
    if (fclose(f->fp) != 0 && !f->failed) {
        f->failed = 1;
        f->err_no = errno;
    }
    f->fp = NULL;
    free(f->buf);
    f->buf = NULL;
    if (f->failed && rc == SG_OK)
        rc = sg_err_at(x->err, SG_EIO, f->path, 0, 0, NULL, "cannot write the file: %s",
                       strerror(f->err_no));
    return rc;
}

static int open_year(syn_ctx *x, syn_year *y)
{
    char rel[64];
    const char *p = y->period;
#define OPEN(field, name, fmt, agency)                                                             \
    do {                                                                                           \
        snprintf(rel, sizeof rel, "%s/%s", p, name);                                               \
        if (!(y->field = file_open(x, rel, fmt, agency, p))) return SG_EIO;                        \
    } while (0)
    OPEN(cin, "cin_census.xml", "cin", "LA");
    OPEN(h903, "ssda903_header.csv", "ssda903/header", "LA");
    OPEN(ep903, "ssda903_episodes.csv", "ssda903/episodes", "LA");
    OPEN(rev903, "ssda903_reviews.csv", "ssda903/reviews", "LA");
    OPEN(uasc903, "ssda903_uasc.csv", "ssda903/uasc", "LA");
    OPEN(miss903, "ssda903_missing.csv", "ssda903/missing", "LA");
    OPEN(oc2, "ssda903_oc2.csv", "ssda903/oc2", "LA");
    OPEN(ad1, "ssda903_ad1.csv", "ssda903/ad1", "LA");
    OPEN(perm903, "ssda903_prev_perm.csv", "ssda903/prev_perm", "LA");
    OPEN(sw903, "ssda903_sw_episodes.csv", "ssda903/sw_episodes", "LA");
    OPEN(placed903, "ssda903_placed_adoption.csv", "ssda903/placed_adoption", "LA");
    OPEN(pmiss, "police_missing.csv", "agency/police_missing", "POLICE");
    OPEN(pev, "police_events.csv", "agency/police_events", "POLICE");
    OPEN(eh, "early_help.csv", "agency/early_help", "EARLY_HELP");
    OPEN(lado, "lado.csv", "agency/lado", "LADO");
#undef OPEN
    syn_cin_header(y->cin, x, y);
    syn_903_headers(y);
    syn_agency_headers(y);
    return SG_OK;
}

int sg_synth_run(const sg_synth_opts *o, sg_synth_progress_fn progress, void *pctx, sg_error *err)
{
    int rc = check_opts(o, err);
    if (rc) return rc;
    syn_ctx *x = xcalloc(1, sizeof *x);
    syn_child *c = xmalloc(sizeof *c);
    long *pop = NULL;
    x->o = o;
    x->err = err;
    x->rate = o->faults;
    sg_strlcpy(x->la, o->la_code ? o->la_code : "341", sizeof x->la);
    sg_strlcpy(x->dir, o->out, sizeof x->dir);
    size_t dl = strlen(x->dir);
    while (dl > 1 && x->dir[dl - 1] == '/')
        x->dir[--dl] = '\0';
    x->ny = o->years;
    for (int i = 0; i < x->ny; i++) {
        syn_year *y = &x->y[i];
        y->fy = o->end_year - o->years + i;
        /* fy is 1980..2099 (checked), so the casts only tell gcc the widths */
        snprintf(y->period, sizeof y->period, "%04u-%02u", (unsigned)y->fy % 10000u,
                 (unsigned)(y->fy + 1) % 100u);
        y->ys = sg_date_from_ymd(y->fy, 4, 1);
        y->ye = sg_date_from_ymd(y->fy + 1, 3, 31);
    }
    x->p0 = x->y[0].ys;
    x->p1 = x->y[x->ny - 1].ye;
    x->w0 = syn_add_years(x->p0, -1);
    /* Births spread evenly so that on any day of the years about `children` are aged 0-17:
     * everyone younger than 18 on the first 1 April, and everyone born since. */
    sg_date b18 = syn_add_years(x->p0, -18);
    x->birth0 = b18 + 1;
    x->span = (long)(x->p1 - x->birth0 + 1);
    x->persons = lround((double)o->children * (double)x->span / (double)(x->p0 - b18));

    rc = syn_make_dirs(x->dir, err);
    if (rc) goto out;
    snprintf(x->faults_path, sizeof x->faults_path, "%s/.faults.jsonl.tmp", x->dir);
    x->faults_fp = fopen(x->faults_path, "w+b");
    if (!x->faults_fp) {
        rc = sg_err_at(err, SG_EIO, x->faults_path, 0, 0, NULL, "cannot create: %s",
                       strerror(errno));
        goto out;
    }
    for (int i = 0; i < x->ny; i++)
        if ((rc = open_year(x, &x->y[i]))) goto out;
    syn_year *last = &x->y[x->ny - 1];
    for (int n = 1; n <= 8; n++) {
        char rel[64], fmt[16];
        snprintf(rel, sizeof rel, "annexa/annexa_list%d.csv", n);
        snprintf(fmt, sizeof fmt, "annexa/%d", n);
        if (!(x->annexa[n] = file_open(x, rel, fmt, "LA", last->period))) {
            rc = SG_EIO;
            goto out;
        }
    }
    syn_annexa_headers(x);
    if (!(x->pop = file_open(x, "population.csv", "agency/population", "ONS", last->period))) {
        rc = SG_EIO;
        goto out;
    }

    pop = xcalloc((size_t)x->ny, sizeof *pop);
    sg_date mid[SG_SYNTH_MAX_YEARS];
    for (int i = 0; i < x->ny; i++)
        mid[i] = sg_date_from_ymd(x->y[i].fy, 6, 30);
    long step = x->persons / 100 > 0 ? x->persons / 100 : 1;
    for (long i = 0; i < x->persons; i++) {
        syn_child_make(x, i, c);
        for (int k = 0; k < x->ny; k++)
            pop[k] += c->dob <= mid[k] && c->d18 > mid[k];
        if (c->nref || c->nmiss || c->nev || c->neh || c->ncon) {
            for (int k = 0; k < x->ny; k++) {
                syn_year *y = &x->y[k];
                if (c->dob > y->ye) continue;
                if (x->rate > 0)
                    syn_rng_seed(&x->frng, o->seed, SYN_STREAM_FAULT, (uint64_t)i, (uint64_t)y->fy);
                syn_write_cin(x, c, y);
                syn_write_903(x, c, y);
                syn_write_agency(x, c, y);
                syn_truth_add(x, c, y);
                if (k == x->ny - 1) syn_write_annexa(x, c, y);
            }
        }
        if (progress && (i + 1) % step == 0) progress(pctx, i + 1, x->persons);
    }
    for (int k = 0; k < x->ny; k++) {
        x->y[k].truth.population = pop[k];
        syn_write_lado(x, &x->y[k]);
        syn_cin_footer(x->y[k].cin);
    }
    syn_write_population(x, pop);
    if (progress) progress(pctx, x->persons, x->persons);
out:
    for (int i = 0; i < x->nfiles; i++)
        rc = file_close(x, x->files[i], rc);
    if (rc == SG_OK) rc = syn_registers_write(x); /* registers/NAME.csv (gen_registers.c) */
    if (rc == SG_OK) rc = syn_partner_write(x);   /* returns/ (gen_partner.c) */
    if (rc == SG_OK) rc = syn_manifest_write(x);
    if (x->faults_fp) {
        fclose(x->faults_fp);
        remove(x->faults_path);
    }
    for (int i = 0; i < x->nfiles; i++)
        free(x->files[i]);
    free(pop);
    free(c);
    free(x);
    return rc;
}
