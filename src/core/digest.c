/* digest.c - SHA-256 helpers over libsodium's crypto_hash_sha256. */
#include "core/digest.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

static void to_hex(const unsigned char *h, char hex[SG_SHA256_HEX])
{
    sodium_bin2hex(hex, SG_SHA256_HEX, h, crypto_hash_sha256_BYTES);
}

int sg_sha256_file(const char *path, char hex[SG_SHA256_HEX], sg_error *err)
{
    return sg_sha256_file_max(path, 0, hex, err);
}

int sg_sha256_file_max(const char *path, long long max_bytes, char hex[SG_SHA256_HEX],
                       sg_error *err)
{
    hex[0] = '\0';
    FILE *f = fopen(path, "rb");
    if (!f) return sg_err_at(err, SG_EIO, path, 0, 0, NULL, "cannot open: %s", strerror(errno));
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    unsigned char buf[1 << 16];
    size_t n;
    long long total = 0;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
        total += (long long)n;
        if (max_bytes > 0 && total > max_bytes) {
            fclose(f);
            sodium_memzero(&st, sizeof st);
            return sg_err_at(err, SG_ELIMIT, path, 0, 0, NULL,
                             "the file is larger than the import limit of %lld bytes", max_bytes);
        }
        crypto_hash_sha256_update(&st, buf, n);
    }
    int bad = ferror(f);
    fclose(f);
    if (bad) return sg_err_at(err, SG_EIO, path, 0, 0, NULL, "read error");
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&st, h);
    to_hex(h, hex);
    return SG_OK;
}

void sg_sha256_buf(const void *data, size_t len, char hex[SG_SHA256_HEX])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, data, len);
    to_hex(h, hex);
}
