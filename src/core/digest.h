/* digest.h - SHA-256 of files and buffers (libsodium), as lower-case hex. */
#ifndef SG_DIGEST_H
#define SG_DIGEST_H

#include "core/sg.h"

#include <stddef.h>

#define SG_SHA256_HEX 65

/* Hashes the whole file at path. Returns SG_EIO when it cannot be read. */
int sg_sha256_file(const char *path, char hex[SG_SHA256_HEX], sg_error *err);
/* The same, but stops with SG_ELIMIT (naming the file) as soon as more than max_bytes have been
 * read, so a device or pipe without end (/dev/zero) cannot keep it reading forever.
 * max_bytes <= 0: no limit. */
int sg_sha256_file_max(const char *path, long long max_bytes, char hex[SG_SHA256_HEX],
                       sg_error *err);
void sg_sha256_buf(const void *data, size_t len, char hex[SG_SHA256_HEX]);

#endif
