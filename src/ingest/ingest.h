/* ingest.h - the importers' common entry: what to read, where records go, and format
 * detection. Each format lives in its own file (cin.c, s903.c, annexa.c, agency.c) and exposes
 * one function with the sg_import_fn signature. The store's import driver (store/import.c)
 * picks the importer with sg_detect() or the user's --format, and supplies a sink that writes
 * into the open transaction. */
#ifndef SG_INGEST_H
#define SG_INGEST_H

#include "core/pseudo.h"
#include "core/sg.h"
#include "ingest/record.h"

#include <stdio.h>

typedef struct sg_ingest {
    FILE *fp;                /* the input, positioned at its start (borrowed) */
    const char *name;        /* file name used in diagnostics and rejected rows */
    const char *format;      /* the detected or requested format id (see sg_detect) */
    const sg_pseudo *pseudo; /* key for pseudonymising identifiers */
    const sg_sink *sink;     /* where records and rejected rows go */
    sg_import_stats *stats;  /* counts to fill (caller zeroes) */
} sg_ingest;

/* Every importer: reads in->fp to the end, emitting records and rejected rows. Returns SG_OK
 * when the file was read (even with rejected rows), or an error (with location in err) when
 * the file as a whole cannot be imported: not well-formed XML, a CSV without the required
 * columns, a limit exceeded, or an error from the sink. On error the caller rolls back. */
typedef int (*sg_import_fn)(const sg_ingest *in, sg_error *err);

int sg_cin_import(const sg_ingest *in, sg_error *err);     /* "cin" */
int sg_s903_import(const sg_ingest *in, sg_error *err);    /* "ssda903/<table>", "ssda903-xml" */
int sg_annexa_import(const sg_ingest *in, sg_error *err);  /* "annexa/<1..11>" */
int sg_agency_import(const sg_ingest *in, sg_error *err);  /* "agency/<template>" */
int sg_partner_import(const sg_ingest *in, sg_error *err); /* "partner" (CSV or .xlsx) */

/* Format ids:
 *   "cin"                     DfE CIN census XML
 *   "ssda903-xml"             SSDA903 as XML (root EXPSSDA903)
 *   "ssda903/<table>"         one SSDA903 CSV table: header episodes reviews uasc oc2 oc3 ad1
 *                             placed_adoption prev_perm missing sw_episodes dolo
 *   "annexa/<n>"              Ofsted Annex A list n (1..11) as CSV
 *   "annexa-xlsx"             a whole Annex A workbook (each sheet mapped to its list)
 *   "agency/<template>"       our templates: police_missing police_events early_help lado
 *                             population (docs/formats/agency.md)
 *   "partner"                 a partner return (docs/formats/partner.md), as CSV or as an
 *                             .xlsx workbook (a zip whose "Return" sheet, or else first sheet,
 *                             has the return's header row in its first 20 rows)
 * Detection reads at most the first 64 KiB of fp and rewinds it. Returns SG_ENOTFOUND (with a
 * message naming the file) when the content matches no known format. */
int sg_detect(FILE *fp, const char *name, char format[64], sg_error *err);

/* The importer for a format id, or NULL when unknown. */
sg_import_fn sg_importer_for(const char *format);

/* Per-format detectors used by sg_detect: given a CSV header row, write the format id and
 * return true when it is theirs. */
struct sg_csv_row;
int sg_s903_detect_header(const struct sg_csv_row *hdr, char format[64]);
int sg_annexa_detect_header(const struct sg_csv_row *hdr, char format[64]);
int sg_agency_detect_header(const struct sg_csv_row *hdr, char format[64]);
int sg_partner_detect_header(const struct sg_csv_row *hdr, char format[64]);
/* Whether the workbook in fp is a partner return (see above); rewinds fp. */
int sg_partner_detect_xlsx(FILE *fp, const char *name);

/* The header of our agency template `tpl` ("police_missing", "police_events", "early_help",
 * "lado", "population") in the order docs/formats/agency.md gives: a NULL-terminated array of
 * column names owned by the importer (never freed), with its length in *n when n is not NULL.
 * NULL (and *n = 0) for an unknown template. The generator writes its returns with it. */
const char *const *sg_agency_columns(const char *tpl, int *n);

#endif
