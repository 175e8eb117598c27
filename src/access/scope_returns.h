/* scope_returns.h - partner returns through the scoped query layer (access/scope.h): the return
 * calendar, chase list and data quality (SG_CAP_SUBMISSIONS; an agency data owner sees only its
 * own organisation's returns), the return template and the web form's submission
 * (SG_CAP_UPLOAD; an agency data owner only for its own organisation). A form's values become
 * a partner return in the template's columns (docs/formats/partner.md), written to an unnamed
 * upload file and imported by sg_scope_upload_named - the same validation, all-or-nothing
 * acceptance and audit as an uploaded file. */
#ifndef SG_ACCESS_SCOPE_RETURNS_H
#define SG_ACCESS_SCOPE_RETURNS_H

#include "access/scope.h"
#include "registers/return_calendar.h"
#include "registers/return_template.h"
#include "registers/view.h"

#include <stddef.h>

/* The organisation the principal acts for: its own when agency-bound (asking for another is
 * SG_EFORBIDDEN), else org (which must be given: SG_EINVAL). out holds 64 bytes. */
int sg_scope_return_org(const sg_scope *sc, const char *org, char out[64], sg_error *err);

/* One of the documents of registers/return_calendar.h - view "due", "calendar" or "quality"
 * (SG_ENOTFOUND otherwise) - for year fy on as_of, restricted to the principal's organisation
 * when it is agency-bound. */
int sg_scope_returns_doc(const sg_scope *sc, const char *view, int fy, sg_date as_of,
                         sg_view_doc *doc, sg_error *err);

/* The returns owed in year fy with their states on as_of (registers/return_calendar.h),
 * only the principal's organisation's when it is agency-bound. out is the caller's to fini. */
int sg_scope_returns_calendar(const sg_scope *sc, int fy, sg_date as_of, sg_ret_calendar *out,
                              sg_error *err);

/* The template of org (see sg_scope_return_org) for period (sg_tpl_load). */
int sg_scope_return_template(const sg_scope *sc, const char *org, const char *period, sg_tpl *out,
                             sg_error *err);

/* The values typed for one template row (NULL or "" = blank). */
typedef struct sg_scope_return_cell {
    const char *value, *numerator, *denominator, *text, *explanation;
} sg_scope_return_cell;

/* Submits t's rows with the values typed (cells[i] for t->rows[i]) as the organisation's
 * return for t->period: written as CSV (line i + 2 holds row i) and imported through
 * sg_scope_upload_named under the name ORG_PERIOD_form.csv, so a rejected row comes back in
 * out->items with its line and field. The caller fini's out. */
int sg_scope_return_submit(const sg_scope *sc, const char *store_dir, const sg_tpl *t,
                           const sg_scope_return_cell *cells, sg_scope_upload *out, sg_error *err);

#endif
