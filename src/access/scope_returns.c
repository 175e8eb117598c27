/* scope_returns.c - partner returns for a logged-in principal (access/scope_returns.h): the
 * calendar documents, the template and the form's submission, each checked against the
 * capability matrix and the principal's organisation. */
#include "access/scope_returns.h"

#include "core/mem.h"
#include "registers/return_calendar.h"
#include "store/export.h"
#include "store/upload.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int sg_scope_return_org(const sg_scope *sc, const char *org, char out[64], sg_error *err)
{
    if (sg_scope_agency_bound(sc)) {
        if (org && *org && strcmp(org, sc->who->agency) != 0)
            return sg_err(err, SG_EFORBIDDEN, "not allowed");
        sg_strlcpy(out, sc->who->agency, 64);
        return SG_OK;
    }
    if (!org || !*org)
        return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "org", "choose an organisation");
    sg_strlcpy(out, org, 64);
    return SG_OK;
}

int sg_scope_returns_doc(const sg_scope *sc, const char *view, int fy, sg_date as_of,
                         sg_view_doc *doc, sg_error *err)
{
    int rc = sg_require(sc->who, SG_CAP_SUBMISSIONS, err);
    if (rc) return rc;
    const char *org = sg_scope_agency_bound(sc) ? sc->who->agency : NULL;
    if (view && strcmp(view, "due") == 0) return sg_ret_due_doc(sc->store, as_of, org, doc, err);
    if (view && strcmp(view, "calendar") == 0)
        return sg_ret_calendar_doc(sc->store, fy, as_of, org, doc, err);
    if (view && strcmp(view, "quality") == 0)
        return sg_ret_quality_doc(sc->store, fy, as_of, org, doc, err);
    return sg_err(err, SG_ENOTFOUND, "no such view");
}

int sg_scope_returns_calendar(const sg_scope *sc, int fy, sg_date as_of, sg_ret_calendar *out,
                              sg_error *err)
{
    memset(out, 0, sizeof *out);
    int rc = sg_require(sc->who, SG_CAP_SUBMISSIONS, err);
    if (!rc) rc = sg_ret_load(sc->store, fy, fy, as_of, out, err);
    if (rc || !sg_scope_agency_bound(sc)) return rc;
    size_t k = 0;
    for (size_t i = 0; i < out->n; i++)
        if (strcmp(out->v[i].organisation, sc->who->agency) == 0) out->v[k++] = out->v[i];
    out->n = k;
    return SG_OK;
}

int sg_scope_return_template(const sg_scope *sc, const char *org, const char *period, sg_tpl *out,
                             sg_error *err)
{
    memset(out, 0, sizeof *out);
    int rc = sg_require(sc->who, SG_CAP_UPLOAD, err);
    char who[64];
    if (!rc) rc = sg_scope_return_org(sc, org, who, err);
    if (!rc) rc = sg_tpl_load(sc->store, who, period, out, err);
    return rc;
}

static void cell(FILE *fp, const char *s, bool comma)
{
    if (comma) fputc(',', fp);
    if (s && *s) sg_export_cell(fp, s, strlen(s));
}

int sg_scope_return_submit(const sg_scope *sc, const char *store_dir, const sg_tpl *t,
                           const sg_scope_return_cell *cells, sg_scope_upload *out, sg_error *err)
{
    memset(out, 0, sizeof *out);
    int rc = sg_require(sc->who, SG_CAP_UPLOAD, err);
    char org[64];
    if (!rc) rc = sg_scope_return_org(sc, t->organisation, org, err);
    if (rc) return rc;
    int fd = -1;
    if ((rc = sg_upload_open(store_dir, &fd, err))) return rc;
    int fd2 = dup(fd);
    FILE *fp = fd2 >= 0 ? fdopen(fd2, "w") : NULL;
    if (!fp) {
        if (fd2 >= 0) close(fd2);
        close(fd);
        return sg_err(err, SG_EIO, "cannot write the return");
    }
    fputs("organisation,period,measure,breakdown,value,numerator,denominator,text,explanation\r\n",
          fp);
    for (size_t i = 0; i < t->n; i++) {
        const sg_tpl_row *r = &t->rows[i];
        const sg_scope_return_cell *v = &cells[i];
        cell(fp, t->organisation, false);
        cell(fp, t->period, true);
        cell(fp, r->m->id, true);
        cell(fp, r->breakdown, true);
        cell(fp, v->value, true);
        cell(fp, v->numerator, true);
        cell(fp, v->denominator, true);
        cell(fp, v->text, true);
        cell(fp, v->explanation, true);
        fputs("\r\n", fp);
    }
    bool bad = ferror(fp) != 0;
    if (fclose(fp) != 0) bad = true;
    if (bad) {
        close(fd);
        return sg_err(err, SG_EIO, "cannot write the return");
    }
    char path[64], name[160];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    snprintf(name, sizeof name, "%s_%s_form.csv", t->organisation, t->period);
    rc = sg_scope_upload_named(sc, path, name, t->organisation, t->period, "partner", false, out,
                               err);
    close(fd);
    return rc;
}
