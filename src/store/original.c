/* original.c - the original files of every import, kept under originals/<sha256> encrypted at
 * rest, and given back decrypted for re-reading (re-validation, re-import after a fix).
 *
 * The originals hold raw identifiers (names, NHS numbers), which the database never does, so
 * they are encrypted with libsodium's crypto_secretstream_xchacha20poly1305 under a subkey
 * derived (crypto_kdf) from the partnership key: a copied originals/ folder is useless without
 * partnership.key. File layout:
 *
 *   "SGORIG01" (8 bytes) | secretstream header (24 bytes) | chunks
 *
 * Each chunk is up to 64 KiB of plaintext plus 17 bytes of tag and MAC, the last one tagged
 * FINAL; every chunk is authenticated with the file's SHA-256 as additional data, so a chunk
 * cannot be moved between files, a truncated or extended file is detected, and a copy renamed
 * to another checksum fails to open. The decrypted content is also re-hashed. */
#include "store/store.h"

#include "core/mem.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define CHUNK (64 * 1024)
#define ABYTES crypto_secretstream_xchacha20poly1305_ABYTES
#define HBYTES crypto_secretstream_xchacha20poly1305_HEADERBYTES
#define MAGIC "SGORIG01"
#define MAGIC_LEN 8
#define KDF_ID 1
#define KDF_CONTEXT "SGORIGNL" /* crypto_kdf contexts are exactly 8 bytes */

static bool valid_sha(const char *s)
{
    if (!s || strlen(s) != 64) return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'))) return false;
    return true;
}

static void derive_key(sg_store *s,
                       unsigned char key[crypto_secretstream_xchacha20poly1305_KEYBYTES])
{
    _Static_assert(SG_PSEUDO_KEYLEN == crypto_kdf_KEYBYTES, "partnership key is a kdf key");
    crypto_kdf_derive_from_key(key, crypto_secretstream_xchacha20poly1305_KEYBYTES, KDF_ID,
                               KDF_CONTEXT, sg_store_pseudo(s)->key);
}

static void original_path(sg_store *s, const char *sha256, char *out, size_t outsz)
{
    snprintf(out, outsz, "%s/originals/%s", sg_store_dir(s), sha256);
}

/* Makes the rename durable: the directory entry is data too. */
static void fsync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

static int encrypt_stream(FILE *in, FILE *out, const unsigned char *key, const char *sha256,
                          const char *path, sg_error *err)
{
    crypto_secretstream_xchacha20poly1305_state st;
    unsigned char header[HBYTES];
    crypto_secretstream_xchacha20poly1305_init_push(&st, header, key);
    if (fwrite(MAGIC, 1, MAGIC_LEN, out) != MAGIC_LEN || fwrite(header, 1, HBYTES, out) != HBYTES)
        return sg_err(err, SG_EIO, "cannot write the kept copy of %s", path);
    /* On the heap, not static: the web service may read originals from several threads. */
    unsigned char *plain = xmalloc(CHUNK), *cipher = xmalloc(CHUNK + ABYTES);
    crypto_hash_sha256_state hs;
    crypto_hash_sha256_init(&hs);
    int rc = SG_OK;
    for (;;) {
        size_t n = fread(plain, 1, CHUNK, in);
        if (ferror(in)) {
            rc = sg_err_at(err, SG_EIO, path, 0, 0, NULL, "read error while keeping the original");
            break;
        }
        bool last = feof(in) != 0;
        crypto_hash_sha256_update(&hs, plain, n);
        unsigned long long clen = 0;
        crypto_secretstream_xchacha20poly1305_push(
            &st, cipher, &clen, plain, n, (const unsigned char *)sha256, 64,
            last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
        if (fwrite(cipher, 1, (size_t)clen, out) != clen) {
            rc = sg_err(err, SG_EIO, "cannot write the kept copy of %s", path);
            break;
        }
        if (last) break;
    }
    sodium_memzero(plain, CHUNK);
    sodium_memzero(&st, sizeof st);
    free(plain);
    free(cipher);
    if (rc) return rc;
    unsigned char h[crypto_hash_sha256_BYTES];
    char hex[65];
    crypto_hash_sha256_final(&hs, h);
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    if (strcmp(hex, sha256) != 0)
        return sg_err_at(err, SG_ECONFLICT, path, 0, 0, NULL,
                         "the file changed while it was being imported (checksum differs)");
    return SG_OK;
}

int sg_store_keep_original(sg_store *s, const char *path, const char *sha256, sg_error *err)
{
    if (!valid_sha(sha256))
        return sg_err(err, SG_EINVAL, "checksum is not 64 lower-case hex digits");
    char final[4096], tmp[4096 + 96], dir[4096];
    original_path(s, sha256, final, sizeof final);
    if (access(final, F_OK) == 0) return SG_OK; /* content-addressed: same name, same bytes */
    snprintf(dir, sizeof dir, "%s/originals", sg_store_dir(s));
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        return sg_err(err, SG_EIO, "cannot create %s: %s", dir, strerror(errno));
    snprintf(tmp, sizeof tmp, "%s/.%s.tmp-XXXXXX", dir, sha256);

    FILE *in = fopen(path, "rb");
    if (!in) return sg_err_at(err, SG_EIO, path, 0, 0, NULL, "cannot open: %s", strerror(errno));
    int fd = mkstemp(tmp); /* mode 0600 */
    if (fd < 0) {
        fclose(in);
        return sg_err(err, SG_EIO, "cannot create a file in %s: %s", dir, strerror(errno));
    }
    FILE *out = fdopen(fd, "wb");
    if (!out) {
        close(fd);
        unlink(tmp);
        fclose(in);
        return sg_err(err, SG_EIO, "cannot write in %s", dir);
    }
    unsigned char key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
    derive_key(s, key);
    int rc = encrypt_stream(in, out, key, sha256, path, err);
    sodium_memzero(key, sizeof key);
    fclose(in);
    if (!rc && (fflush(out) != 0 || fsync(fileno(out)) != 0))
        rc = sg_err(err, SG_EIO, "cannot write the kept copy of %s: %s", path, strerror(errno));
    if (fclose(out) != 0 && !rc) rc = sg_err(err, SG_EIO, "cannot write the kept copy of %s", path);
    if (!rc && rename(tmp, final) != 0)
        rc = sg_err(err, SG_EIO, "cannot keep the original of %s: %s", path, strerror(errno));
    if (rc) {
        unlink(tmp);
        return rc;
    }
    fsync_dir(dir);
    return SG_OK;
}

static int decrypt_stream(FILE *in, FILE *out, const unsigned char *key, const char *sha256,
                          const char *path, sg_error *err)
{
    unsigned char head[MAGIC_LEN + HBYTES];
    if (fread(head, 1, sizeof head, in) != sizeof head || memcmp(head, MAGIC, MAGIC_LEN) != 0)
        return sg_err_at(err, SG_EPARSE, path, 0, 0, NULL, "kept original is not in our format");
    crypto_secretstream_xchacha20poly1305_state st;
    if (crypto_secretstream_xchacha20poly1305_init_pull(&st, head + MAGIC_LEN, key) != 0)
        return sg_err_at(err, SG_EPARSE, path, 0, 0, NULL, "kept original has a bad header");
    crypto_hash_sha256_state hs;
    crypto_hash_sha256_init(&hs);
    unsigned char *plain = xmalloc(CHUNK), *cipher = xmalloc(CHUNK + ABYTES);
    int rc = SG_OK;
    bool final = false;
    while (!final) {
        size_t n = fread(cipher, 1, CHUNK + ABYTES, in);
        if (ferror(in)) {
            rc = sg_err_at(err, SG_EIO, path, 0, 0, NULL, "read error");
            break;
        }
        unsigned long long plen = 0;
        unsigned char tag = 0;
        if (n < ABYTES ||
            crypto_secretstream_xchacha20poly1305_pull(&st, plain, &plen, &tag, cipher, n,
                                                       (const unsigned char *)sha256, 64) != 0) {
            rc = sg_err_at(err, SG_EPARSE, path, 0, 0, NULL,
                           "kept original was altered or truncated (authentication failed)");
            break;
        }
        final = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
        /* A short read means end of file: it must be the final chunk, and nothing may follow. */
        if ((n < CHUNK + ABYTES && !final) || (final && fgetc(in) != EOF)) {
            rc = sg_err_at(err, SG_EPARSE, path, 0, 0, NULL,
                           "kept original was truncated or extended");
            break;
        }
        crypto_hash_sha256_update(&hs, plain, (size_t)plen);
        if (fwrite(plain, 1, (size_t)plen, out) != plen) {
            rc = sg_err(err, SG_EIO, "cannot write a temporary file");
            break;
        }
    }
    sodium_memzero(plain, CHUNK);
    sodium_memzero(&st, sizeof st);
    free(plain);
    free(cipher);
    if (rc) return rc;
    unsigned char h[crypto_hash_sha256_BYTES];
    char hex[65];
    crypto_hash_sha256_final(&hs, h);
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    if (strcmp(hex, sha256) != 0)
        return sg_err_at(err, SG_EPARSE, path, 0, 0, NULL,
                         "kept original does not match its checksum");
    return SG_OK;
}

int sg_store_open_original(sg_store *s, const char *sha256, FILE **out, sg_error *err)
{
    *out = NULL;
    if (!valid_sha(sha256))
        return sg_err(err, SG_EINVAL, "checksum is not 64 lower-case hex digits");
    char path[4096];
    original_path(s, sha256, path, sizeof path);
    FILE *in = fopen(path, "rb");
    if (!in) {
        if (errno == ENOENT)
            return sg_err(err, SG_ENOTFOUND, "no original kept for checksum %s", sha256);
        return sg_err_at(err, SG_EIO, path, 0, 0, NULL, "cannot open: %s", strerror(errno));
    }
    FILE *tmp = tmpfile();
    if (!tmp) {
        fclose(in);
        return sg_err(err, SG_EIO, "cannot create a temporary file: %s", strerror(errno));
    }
    unsigned char key[crypto_secretstream_xchacha20poly1305_KEYBYTES];
    derive_key(s, key);
    int rc = decrypt_stream(in, tmp, key, sha256, path, err);
    sodium_memzero(key, sizeof key);
    fclose(in);
    if (!rc && (fflush(tmp) != 0 || fseek(tmp, 0, SEEK_SET) != 0))
        rc = sg_err(err, SG_EIO, "cannot write a temporary file");
    if (rc) {
        fclose(tmp);
        return rc;
    }
    *out = tmp;
    return SG_OK;
}
