/* deps.h - the versions of the Debian libraries libsafeguard runs against, read from the
 * libraries themselves at run time (not the headers it was compiled with), so that an operator
 * can tell which security updates a running binary has picked up. */
#ifndef SG_DEPS_H
#define SG_DEPS_H

#include <stddef.h>

typedef struct sg_dep_version {
    const char *name;    /* "sqlite", "libmicrohttpd", "gnutls", ... */
    const char *version; /* "3.40.1": the library's own string, never NULL */
} sg_dep_version;

/* The number of libraries sg_dep_versions reports. */
#define SG_DEP_COUNT 11

/* Fills out[0..SG_DEP_COUNT) with each library's run-time version, in a fixed order: sqlite,
 * libmicrohttpd, gnutls, expat, jansson, libsodium, libcmark, zlib, nettle
 * (major.minor: all nettle tells at run time), libqrencode, libxlsxwriter. The strings are
 * static; not thread-safe (the nettle string is formatted into a static buffer). */
void sg_dep_versions(sg_dep_version out[SG_DEP_COUNT]);

#endif
