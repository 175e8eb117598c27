/* deps.c - asks each linked library for its run-time version (deps.h). */
#include "core/deps.h"

#include <cmark.h>
#include <expat.h>
#include <gnutls/gnutls.h>
#include <jansson.h>
#include <microhttpd.h>
#include <nettle/version.h>
#include <qrencode.h>
#include <stdio.h>
#include <sodium.h>
#include <sqlite3.h>
#include <string.h>
#include <xlsxwriter.h>
#include <zlib.h>

void sg_dep_versions(sg_dep_version out[SG_DEP_COUNT])
{
    /* nettle reports only major and minor at run time (3.8 for the 3.8.1 package). The buffer is
     * static so the strings stay valid after return, as the others' are. */
    static char nettle[24];
    snprintf(nettle, sizeof nettle, "%d.%d", nettle_version_major(), nettle_version_minor());
    /* expat says "expat_2.5.0"; the others give the bare number. */
    const char *expat = XML_ExpatVersion();
    if (strncmp(expat, "expat_", 6) == 0) expat += 6;
    const char *gnutls = gnutls_check_version(NULL);
    int i = 0;
    out[i++] = (sg_dep_version){"sqlite", sqlite3_libversion()};
    out[i++] = (sg_dep_version){"libmicrohttpd", MHD_get_version()};
    out[i++] = (sg_dep_version){"gnutls", gnutls ? gnutls : "unknown"};
    out[i++] = (sg_dep_version){"expat", expat};
    out[i++] = (sg_dep_version){"jansson", jansson_version_str()};
    out[i++] = (sg_dep_version){"libsodium", sodium_version_string()};
    out[i++] = (sg_dep_version){"libcmark", cmark_version_string()};
    out[i++] = (sg_dep_version){"zlib", zlibVersion()};
    out[i++] = (sg_dep_version){"nettle", nettle};
    out[i++] = (sg_dep_version){"libqrencode", QRcode_APIVersionString()};
    out[i++] = (sg_dep_version){"libxlsxwriter", lxw_version()};
}
