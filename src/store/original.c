/* original.c - the original files of every import, kept under originals/k-<keyed digest>
 * encrypted at rest, and given back decrypted for re-reading (re-validation, re-import after a
 * fix); and the one-time renaming of originals kept before migration 8 under their plaintext
 * SHA-256.
 *
 * Names. A file's name (and submission.sha256) is its keyed digest: HMAC-SHA-256, under a
 * crypto_kdf subkey of the partnership key, of the file's SHA-256. A plaintext SHA-256 would let
 * anyone holding a copy of a return confirm that it was received; the keyed digest cannot be
 * computed without partnership.key, yet the same file still gives the same name, so duplicates
 * are still found.
 *
 * The originals hold raw identifiers (names, NHS numbers), which the database never does, so
 * they are encrypted with libsodium's crypto_secretstream_xchacha20poly1305 under another subkey
 * of the partnership key: a copied originals/ folder is useless without partnership.key. Layout:
 *
 *   "SGORIG02" (8 bytes) | secretstream header (24 bytes) | chunks
 *
 * Each chunk is up to 64 KiB of plaintext plus 17 bytes of tag and MAC, the last one tagged
 * FINAL; every chunk is authenticated with the file's keyed digest (hex) as additional data, so
 * a chunk cannot be moved between files, a truncated or extended file is detected, and a copy
 * renamed to another digest fails to open. The decrypted content is also re-hashed. "SGORIG01"
 * files (before migration 8) are the same with the plaintext SHA-256 as additional data.
 *
 * Writing. A copy is written to ".k-<digest>.tmp-XXXXXX" (mkstemp, 0600) holding an exclusive
 * flock until it has been fsynced and renamed into place, so sweep.c can tell a temporary file
 * whose writer died (unlocked) from one being written right now (locked). */
#include "store/original_int.h"
#include "store/store.h"

#include "core/file.h"
#include "core/mem.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define CHUNK (64 * 1024)
#define ABYTES crypto_secretstream_xchacha20poly1305_ABYTES
#define HBYTES crypto_secretstream_xchacha20poly1305_HEADERBYTES
#define KEYBYTES crypto_secretstream_xchacha20poly1305_KEYBYTES
#define MAGIC_V1 "SGORIG01" /* additional data: the plaintext SHA-256 (before migration 8) */
#define MAGIC_V2 "SGORIG02" /* additional data: the keyed digest */
#define MAGIC_LEN 8
#define KDF_ID 1
#define KDF_CONTEXT "SGORIGNL" /* crypto_kdf contexts are exactly 8 bytes */
#define NAME_KDF_ID 2
#define NAME_KDF_CONTEXT "SGORIGNM"

bool sg_orig_is_hex64(const char *s)
{
    if (!s || strlen(s) != 64) return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f'))) return false;
    return true;
}

bool sg_orig_is_temp(const char *name)
{
    return name[0] == '.' && strstr(name, ".tmp-") != NULL;
}

int sg_orig_remove_if_unlocked(const char *path)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return 0;
    int removed = 0;
    /* The writer holds LOCK_EX from just after mkstemp until after its rename; a writer that
     * died (kill -9, power cut) holds nothing. A writer that has not taken its lock yet finds its
     * file unlinked and starts again (write_atomic). */
    if (flock(fd, LOCK_EX | LOCK_NB) == 0) removed = unlink(path) == 0;
    close(fd);
    return removed;
}

static void derive_key(sg_store *s, unsigned char key[KEYBYTES])
{
    _Static_assert(SG_PSEUDO_KEYLEN == crypto_kdf_KEYBYTES, "partnership key is a kdf key");
    crypto_kdf_derive_from_key(key, KEYBYTES, KDF_ID, KDF_CONTEXT, sg_store_pseudo(s)->key);
}

int sg_store_keyed_digest(const sg_store *s, const char *sha256, char out[65])
{
    out[0] = '\0';
    if (!sg_orig_is_hex64(sha256)) return SG_EINVAL;
    unsigned char raw[32], key[crypto_auth_hmacsha256_KEYBYTES], mac[crypto_auth_hmacsha256_BYTES];
    sodium_hex2bin(raw, sizeof raw, sha256, 64, NULL, NULL, NULL);
    _Static_assert(crypto_auth_hmacsha256_KEYBYTES >= crypto_kdf_BYTES_MIN &&
                       crypto_auth_hmacsha256_KEYBYTES <= crypto_kdf_BYTES_MAX,
                   "an HMAC key is a kdf subkey");
    crypto_kdf_derive_from_key(key, sizeof key, NAME_KDF_ID, NAME_KDF_CONTEXT,
                               sg_store_pseudo(s)->key);
    crypto_auth_hmacsha256(mac, raw, sizeof raw, key);
    sodium_memzero(key, sizeof key);
    sodium_bin2hex(out, 65, mac, sizeof mac);
    return SG_OK;
}

static void final_path(sg_store *s, const char *name, char *out, size_t outsz)
{
    snprintf(out, outsz, "%s/originals/" SG_ORIG_PREFIX "%s", sg_store_dir(s), name);
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

/* Fault-injection hook for tests/e2e/originals_sweep.sh, like import.c's: with
 * SG_TEST_HOLD_IN_KEEP naming a marker file, a copy being kept creates the marker after its
 * first chunk is written and waits (at most 60 s) while it exists, so a test can kill the
 * process with a partial temporary file on disk, or sweep while a live writer holds one. */
static void hold_in_keep(void)
{
    sg_test_hold(getenv("SG_TEST_HOLD_IN_KEEP"));
}

/* ---- the encrypted stream ---- */

typedef struct enc {
    crypto_secretstream_xchacha20poly1305_state st;
    FILE *out;
    const char *ad; /* 64 hex */
    unsigned char *cipher;
    long chunks;
} enc;

static int enc_begin(enc *e, FILE *out, const unsigned char *key, const char *ad, sg_error *err)
{
    memset(e, 0, sizeof *e);
    unsigned char header[HBYTES];
    crypto_secretstream_xchacha20poly1305_init_push(&e->st, header, key);
    e->out = out;
    e->ad = ad;
    e->cipher = xmalloc(CHUNK + ABYTES);
    if (fwrite(MAGIC_V2, 1, MAGIC_LEN, out) != MAGIC_LEN ||
        fwrite(header, 1, HBYTES, out) != HBYTES)
        return sg_err(err, SG_EIO, "cannot write a kept original");
    return SG_OK;
}

static int enc_push(enc *e, const unsigned char *plain, size_t n, bool last, sg_error *err)
{
    unsigned long long clen = 0;
    crypto_secretstream_xchacha20poly1305_push(
        &e->st, e->cipher, &clen, plain, n, (const unsigned char *)e->ad, 64,
        last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
    if (fwrite(e->cipher, 1, (size_t)clen, e->out) != clen)
        return sg_err(err, SG_EIO, "cannot write a kept original");
    if (++e->chunks == 1) hold_in_keep();
    return SG_OK;
}

static void enc_end(enc *e)
{
    sodium_memzero(&e->st, sizeof e->st);
    free(e->cipher);
    e->cipher = NULL;
}

/* Decrypts a stream written with magic and additional data ad, giving each chunk of plaintext
 * to fn and to the SHA-256 in hs. */
typedef int (*chunk_fn)(void *ctx, const unsigned char *p, size_t n, bool last, sg_error *err);
static int decrypt_stream(FILE *in, const unsigned char *key, const char *magic, const char *ad,
                          const char *path, chunk_fn fn, void *ctx, crypto_hash_sha256_state *hs,
                          sg_error *err)
{
    unsigned char head[MAGIC_LEN + HBYTES];
    if (fread(head, 1, sizeof head, in) != sizeof head || memcmp(head, magic, MAGIC_LEN) != 0)
        return sg_err_at(err, SG_EPARSE, path, 0, 0, NULL, "kept original is not in our format");
    crypto_secretstream_xchacha20poly1305_state st;
    if (crypto_secretstream_xchacha20poly1305_init_pull(&st, head + MAGIC_LEN, key) != 0)
        return sg_err_at(err, SG_EPARSE, path, 0, 0, NULL, "kept original has a bad header");
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
                                                       (const unsigned char *)ad, 64) != 0) {
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
        crypto_hash_sha256_update(hs, plain, (size_t)plen);
        if ((rc = fn(ctx, plain, (size_t)plen, final, err))) break;
    }
    sodium_memzero(plain, CHUNK);
    sodium_memzero(&st, sizeof st);
    free(plain);
    free(cipher);
    return rc;
}

static void hash_hex(crypto_hash_sha256_state *hs, char hex[65])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(hs, h);
    sodium_bin2hex(hex, 65, h, sizeof h);
}

/* ---- writing a copy into place ---- */

typedef int (*fill_fn)(void *ctx, FILE *out, sg_error *err);

/* Writes originals/k-<name> through fill: a locked temporary file, fsynced, renamed into place
 * (the lock held until after the rename), the folder fsynced. On error nothing is left. */
static int write_atomic(sg_store *s, const char *name, fill_fn fill, void *ctx, sg_error *err)
{
    char final[4096], tmp[4096 + 96], dir[4096];
    final_path(s, name, final, sizeof final);
    snprintf(dir, sizeof dir, "%s/originals", sg_store_dir(s));
    if (mkdir(dir, 0700) != 0 && errno != EEXIST)
        return sg_err(err, SG_EIO, "cannot create %s: %s", dir, strerror(errno));
    int fd = -1;
    for (int attempt = 0; attempt < 5 && fd < 0; attempt++) {
        snprintf(tmp, sizeof tmp, "%s/." SG_ORIG_PREFIX "%s.tmp-XXXXXX", dir, name);
        fd = mkstemp(tmp); /* mode 0600 */
        if (fd < 0)
            return sg_err(err, SG_EIO, "cannot create a file in %s: %s", dir, strerror(errno));
        struct stat st;
        /* A sweep may have taken the still unlocked file for a dead writer's: then it is gone
         * (no links) and we start again. */
        if (flock(fd, LOCK_EX) != 0 || fstat(fd, &st) != 0 || st.st_nlink == 0) {
            close(fd);
            fd = -1;
        }
    }
    if (fd < 0) return sg_err(err, SG_EIO, "cannot create a locked file in %s", dir);
    FILE *out = fdopen(fd, "wb");
    if (!out) {
        unlink(tmp);
        close(fd);
        return sg_err(err, SG_EIO, "cannot write in %s", dir);
    }
    int rc = fill(ctx, out, err);
    if (!rc && (fflush(out) != 0 || fsync(fileno(out)) != 0))
        rc = sg_err(err, SG_EIO, "cannot write a kept original: %s", strerror(errno));
    if (!rc && rename(tmp, final) != 0)
        rc = sg_err(err, SG_EIO, "cannot keep an original: %s", strerror(errno));
    if (rc) unlink(tmp);
    if (fclose(out) != 0 && !rc) { /* the lock goes with the descriptor */
        unlink(final);
        rc = sg_err(err, SG_EIO, "cannot write a kept original");
    }
    if (!rc) fsync_dir(dir);
    return rc;
}

/* ---- keeping a file ---- */

typedef struct keep_ctx {
    sg_store *s;
    FILE *in;
    const char *path, *name;
} keep_ctx;

static int keep_fill(void *arg, FILE *out, sg_error *err)
{
    keep_ctx *k = arg;
    unsigned char key[KEYBYTES];
    derive_key(k->s, key);
    enc e;
    int rc = enc_begin(&e, out, key, k->name, err);
    sodium_memzero(key, sizeof key);
    unsigned char *plain = xmalloc(CHUNK);
    crypto_hash_sha256_state hs;
    crypto_hash_sha256_init(&hs);
    while (!rc) {
        size_t n = fread(plain, 1, CHUNK, k->in);
        if (ferror(k->in)) {
            rc = sg_err_at(err, SG_EIO, k->path, 0, 0, NULL,
                           "read error while keeping the original");
            break;
        }
        bool last = feof(k->in) != 0;
        crypto_hash_sha256_update(&hs, plain, n);
        if ((rc = enc_push(&e, plain, n, last, err)) || last) break;
    }
    sodium_memzero(plain, CHUNK);
    free(plain);
    enc_end(&e);
    if (rc) return rc;
    char hex[65], keyed[65];
    hash_hex(&hs, hex);
    sg_store_keyed_digest(k->s, hex, keyed);
    if (strcmp(keyed, k->name) != 0)
        return sg_err_at(err, SG_ECONFLICT, k->path, 0, 0, NULL,
                         "the file changed while it was being imported (checksum differs)");
    return SG_OK;
}

int sg_store_keep_original(sg_store *s, const char *path, const char *name, sg_error *err)
{
    if (!sg_orig_is_hex64(name))
        return sg_err(err, SG_EINVAL, "checksum is not 64 lower-case hex digits");
    char final[4096];
    final_path(s, name, final, sizeof final);
    if (access(final, F_OK) == 0) return SG_OK; /* content-addressed: same name, same bytes */
    FILE *in = fopen(path, "rb");
    if (!in) return sg_err_at(err, SG_EIO, path, 0, 0, NULL, "cannot open: %s", strerror(errno));
    keep_ctx k = {.s = s, .in = in, .path = path, .name = name};
    int rc = write_atomic(s, name, keep_fill, &k, err);
    fclose(in);
    return rc;
}

/* ---- reading a copy back ---- */

static int to_file(void *ctx, const unsigned char *p, size_t n, bool last, sg_error *err)
{
    (void)last;
    if (fwrite(p, 1, n, (FILE *)ctx) != n)
        return sg_err(err, SG_EIO, "cannot write a temporary file");
    return SG_OK;
}

/* Finds a file kept before migration 8 (named by its plaintext SHA-256) whose keyed digest is
 * name: the renaming at open (sg_store_originals_upgrade) may not have reached it yet, or may
 * have failed. */
static bool find_legacy(sg_store *s, const char *name, char legacy[65])
{
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/originals", sg_store_dir(s));
    DIR *d = opendir(dir);
    if (!d) return false;
    bool found = false;
    struct dirent *de;
    while (!found && (de = readdir(d)) != NULL) {
        char keyed[65];
        if (!sg_orig_is_hex64(de->d_name) || sg_store_keyed_digest(s, de->d_name, keyed)) continue;
        if (strcmp(keyed, name) == 0) {
            sg_strlcpy(legacy, de->d_name, 65);
            found = true;
        }
    }
    closedir(d);
    return found;
}

int sg_store_open_original(sg_store *s, const char *name, FILE **out, sg_error *err)
{
    *out = NULL;
    if (!sg_orig_is_hex64(name))
        return sg_err(err, SG_EINVAL, "checksum is not 64 lower-case hex digits");
    char path[4096], legacy[65] = "";
    final_path(s, name, path, sizeof path);
    FILE *in = fopen(path, "rb");
    int open_errno = in ? 0 : errno;
    if (!in && open_errno == ENOENT && find_legacy(s, name, legacy)) {
        snprintf(path, sizeof path, "%s/originals/%s", sg_store_dir(s), legacy);
        in = fopen(path, "rb");
        open_errno = in ? 0 : errno;
        if (!in && open_errno == ENOENT) { /* renamed in the meantime */
            legacy[0] = '\0';
            final_path(s, name, path, sizeof path);
            in = fopen(path, "rb");
            open_errno = in ? 0 : errno;
        }
    }
    if (!in) {
        if (open_errno == ENOENT)
            return sg_err(err, SG_ENOTFOUND, "no original kept for checksum %s", name);
        return sg_err_at(err, SG_EIO, path, 0, 0, NULL, "cannot open: %s", strerror(open_errno));
    }
    FILE *tmp = tmpfile();
    if (!tmp) {
        fclose(in);
        return sg_err(err, SG_EIO, "cannot create a temporary file: %s", strerror(errno));
    }
    unsigned char key[KEYBYTES];
    derive_key(s, key);
    crypto_hash_sha256_state hs;
    crypto_hash_sha256_init(&hs);
    const char *ad = legacy[0] ? legacy : name;
    int rc =
        decrypt_stream(in, key, legacy[0] ? MAGIC_V1 : MAGIC_V2, ad, path, to_file, tmp, &hs, err);
    sodium_memzero(key, sizeof key);
    fclose(in);
    if (!rc) {
        char hex[65], keyed[65];
        hash_hex(&hs, hex);
        sg_store_keyed_digest(s, hex, keyed);
        if (strcmp(legacy[0] ? hex : keyed, ad) != 0)
            rc = sg_err_at(err, SG_EPARSE, path, 0, 0, NULL,
                           "kept original does not match its checksum");
    }
    if (!rc && (fflush(tmp) != 0 || fseek(tmp, 0, SEEK_SET) != 0))
        rc = sg_err(err, SG_EIO, "cannot write a temporary file");
    if (rc) {
        fclose(tmp);
        return rc;
    }
    *out = tmp;
    return SG_OK;
}

/* ---- renaming the originals kept before migration 8 ---- */

typedef struct upgrade_ctx {
    sg_store *s;
    FILE *in;
    const char *path, *legacy, *name;
    enc e;
} upgrade_ctx;

static int push_chunk(void *ctx, const unsigned char *p, size_t n, bool last, sg_error *err)
{
    return enc_push(&((upgrade_ctx *)ctx)->e, p, n, last, err);
}

/* Decrypts the legacy copy (SGORIG01, its plaintext SHA-256 as additional data) and encrypts it
 * again, chunk by chunk, as SGORIG02 under its keyed digest: the plaintext is never on disk. */
static int upgrade_fill(void *arg, FILE *out, sg_error *err)
{
    upgrade_ctx *u = arg;
    unsigned char key[KEYBYTES];
    derive_key(u->s, key);
    int rc = enc_begin(&u->e, out, key, u->name, err);
    crypto_hash_sha256_state hs;
    crypto_hash_sha256_init(&hs);
    if (!rc) rc = decrypt_stream(u->in, key, MAGIC_V1, u->legacy, u->path, push_chunk, u, &hs, err);
    sodium_memzero(key, sizeof key);
    enc_end(&u->e);
    if (rc) return rc;
    char hex[65];
    hash_hex(&hs, hex);
    if (strcmp(hex, u->legacy) != 0)
        return sg_err_at(err, SG_EPARSE, u->path, 0, 0, NULL,
                         "kept original does not match its checksum");
    return SG_OK;
}

/* One legacy file: already renamed (a crash came between rename and unlink) -> the old name
 * goes; else it is copied to its new name and then the old name goes. Idempotent. */
static int upgrade_one(sg_store *s, const char *legacy, sg_error *err)
{
    char name[65], path[4096 + 80], final[4096], dir[4096];
    if (sg_store_keyed_digest(s, legacy, name)) return SG_EINVAL;
    snprintf(dir, sizeof dir, "%s/originals", sg_store_dir(s));
    snprintf(path, sizeof path, "%s/%s", dir, legacy);
    final_path(s, name, final, sizeof final);
    if (access(final, F_OK) != 0) {
        FILE *in = fopen(path, "rb");
        if (!in) return errno == ENOENT ? SG_OK : sg_err(err, SG_EIO, "cannot read %s", path);
        upgrade_ctx u = {.s = s, .in = in, .path = path, .legacy = legacy, .name = name};
        int rc = write_atomic(s, name, upgrade_fill, &u, err);
        fclose(in);
        if (rc) return rc;
    }
    if (unlink(path) != 0 && errno != ENOENT)
        return sg_err(err, SG_EIO, "cannot remove %s: %s", path, strerror(errno));
    fsync_dir(dir);
    return SG_OK;
}

int sg_store_originals_upgrade(sg_store *s, long *left, sg_error *err)
{
    if (left) *left = 0;
    char dir[4096];
    snprintf(dir, sizeof dir, "%s/originals", sg_store_dir(s));
    DIR *d = opendir(dir);
    if (!d) return errno == ENOENT ? SG_OK : sg_err(err, SG_EIO, "cannot list %s", dir);
    int rc = SG_OK;
    struct dirent *de;
    /* Names are collected first: renaming while reading a directory may show an entry twice. */
    char(*names)[65] = NULL;
    size_t n = 0, cap = 0;
    while ((de = readdir(d)) != NULL) {
        if (!sg_orig_is_hex64(de->d_name)) continue;
        if (n == cap) names = xrealloc(names, (cap = cap ? cap * 2 : 16) * sizeof *names);
        sg_strlcpy(names[n++], de->d_name, 65);
    }
    closedir(d);
    for (size_t i = 0; i < n; i++) {
        sg_error e;
        sg_error_clear(&e);
        int r = upgrade_one(s, names[i], &e);
        if (r) {
            if (left) (*left)++;
            if (!rc) {
                rc = r;
                if (err) *err = e;
            }
        }
    }
    free(names);
    return rc;
}
