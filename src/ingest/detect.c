/* detect.c - which importer reads a file: sniffs the first bytes (XML root element, zip
 * signature, or the CSV header row) and asks each format's header detector. Also owns the
 * table from format id to importer function. */
#include "ingest/csv.h"
#include "ingest/ingest.h"

#include "core/mem.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SNIFF_MAX (64 * 1024)

static bool starts(const char *p, size_t n, const char *lit)
{
    size_t k = strlen(lit);
    return n >= k && memcmp(p, lit, k) == 0;
}

/* Finds the root element's name, skipping the XML declaration, comments, processing
 * instructions and a DOCTYPE. Returns false when none is found in the sniffed bytes. */
static bool xml_root(const char *p, size_t n, char *out, size_t outsz)
{
    size_t i = 0;
    while (i < n) {
        while (i < n && p[i] != '<')
            i++;
        if (i + 1 >= n) return false;
        const char *q = p + i + 1;
        size_t rest = n - i - 1;
        if (starts(q, rest, "?")) {
            const char *e = memchr(q, '>', rest);
            if (!e) return false;
            i = (size_t)(e - p) + 1;
        } else if (starts(q, rest, "!--")) {
            size_t j = i + 4;
            while (j + 2 < n && !(p[j] == '-' && p[j + 1] == '-' && p[j + 2] == '>'))
                j++;
            if (j + 2 >= n) return false;
            i = j + 3;
        } else if (starts(q, rest, "!")) {
            const char *e = memchr(q, '>', rest);
            if (!e) return false;
            i = (size_t)(e - p) + 1;
        } else {
            size_t k = 0;
            while (k < rest && k + 1 < outsz &&
                   (isalnum((unsigned char)q[k]) || q[k] == '_' || q[k] == '-' || q[k] == '.' ||
                    q[k] == ':'))
                out[k] = q[k], k++;
            out[k] = '\0';
            /* Drop a namespace prefix ("ns:Message" -> "Message"). */
            char *colon = strrchr(out, ':');
            if (colon) memmove(out, colon + 1, strlen(colon + 1) + 1);
            return k > 0;
        }
    }
    return false;
}

int sg_detect(FILE *fp, const char *name, char format[64], sg_error *err)
{
    format[0] = '\0';
    char *buf = xmalloc(SNIFF_MAX + 1);
    size_t n = fread(buf, 1, SNIFF_MAX, fp);
    int rc = SG_OK;
    if (ferror(fp) || fseek(fp, 0, SEEK_SET) != 0) {
        rc = sg_err_at(err, SG_EIO, name, 0, 0, NULL, "cannot read the file to detect its format");
        goto out;
    }
    buf[n] = '\0';
    const char *p = buf;
    size_t len = n;
    if (starts(p, len, "PK\x03\x04")) {
        snprintf(format, 64, sg_partner_detect_xlsx(fp, name) ? "partner" : "annexa-xlsx");
        goto out;
    }
    if (starts(p, len, "\xEF\xBB\xBF")) p += 3, len -= 3;
    while (len && isspace((unsigned char)*p))
        p++, len--;
    if (len && *p == '<') {
        char root[64];
        if (!xml_root(p, len, root, sizeof root)) {
            rc = sg_err_at(err, SG_ENOTFOUND, name, 1, 0, NULL,
                           "looks like XML but no root element was found in its first 64 KiB");
        } else if (strcmp(root, "Message") == 0) {
            snprintf(format, 64, "cin");
        } else if (strcmp(root, "EXPSSDA903") == 0) {
            snprintf(format, 64, "ssda903-xml");
        } else {
            rc = sg_err_at(err, SG_ENOTFOUND, name, 1, 0, NULL,
                           "XML with root element <%s> is not a known return (expected <Message> "
                           "for the CIN census or <EXPSSDA903> for the SSDA903)",
                           root);
        }
        goto out;
    }
    if (len == 0) {
        rc = sg_err_at(err, SG_ENOTFOUND, name, 0, 0, NULL, "the file is empty");
        goto out;
    }
    /* A CSV return: recognise it by its header row. The sniffed buffer may end mid-record;
     * only the first record matters. */
    sg_csv *c = sg_csv_new_mem(buf, n, name, NULL);
    const sg_csv_row *hdr = NULL;
    sg_error cerr;
    sg_error_clear(&cerr);
    int crc = sg_csv_next(c, &hdr, &cerr);
    if (crc == SG_OK && hdr) {
        if (!sg_partner_detect_header(hdr, format) && !sg_s903_detect_header(hdr, format) &&
            !sg_annexa_detect_header(hdr, format) && !sg_agency_detect_header(hdr, format))
            format[0] = '\0';
    }
    sg_csv_free(c);
    if (!format[0])
        rc = sg_err_at(err, SG_ENOTFOUND, name, 1, 0, NULL,
                       "the header row matches no known return (CIN census XML, SSDA903 table, "
                       "Annex A list, agency template or partner return); give --format to "
                       "force one");
out:
    free(buf);
    return rc;
}

sg_import_fn sg_importer_for(const char *format)
{
    if (!format) return NULL;
    if (strcmp(format, "cin") == 0) return sg_cin_import;
    if (strcmp(format, "ssda903-xml") == 0 || strncmp(format, "ssda903/", 8) == 0)
        return sg_s903_import;
    if (strcmp(format, "annexa-xlsx") == 0 || strncmp(format, "annexa/", 7) == 0)
        return sg_annexa_import;
    if (strcmp(format, "agency") == 0 || strncmp(format, "agency/", 7) == 0)
        return sg_agency_import;
    if (strcmp(format, "partner") == 0) return sg_partner_import;
    return NULL;
}
