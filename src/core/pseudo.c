/* pseudo.c - keyed pseudonyms with libsodium; the key file lives beside the database. */
#include "core/pseudo.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const char letters[SG_ID__COUNT] = {'L', 'U', 'N', 'P'};

char sg_pseudo_kind_letter(sg_id_kind kind)
{
    return kind >= 0 && kind < SG_ID__COUNT ? letters[kind] : '?';
}

void sg_pseudo_init_key(sg_pseudo *p, const unsigned char key[SG_PSEUDO_KEYLEN])
{
    memcpy(p->key, key, SG_PSEUDO_KEYLEN);
}

void sg_pseudo_fini(sg_pseudo *p)
{
    sodium_memzero(p->key, sizeof p->key);
}

int sg_pseudo_open(sg_pseudo *p, const char *path, sg_error *err)
{
    if (sodium_init() < 0) return sg_err(err, SG_EIO, "libsodium could not initialise");
    char hex[2 * SG_PSEUDO_KEYLEN + 2];
    FILE *f = fopen(path, "r");
    if (!f) {
        if (errno != ENOENT)
            return sg_err(err, SG_EIO, "cannot read key file %s: %s", path, strerror(errno));
        randombytes_buf(p->key, sizeof p->key);
        sodium_bin2hex(hex, sizeof hex, p->key, sizeof p->key);
        int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
        if (fd < 0) {
            sodium_memzero(hex, sizeof hex);
            return sg_err(err, SG_EIO, "cannot create key file %s: %s", path, strerror(errno));
        }
        size_t n = strlen(hex);
        hex[n++] = '\n';
        ssize_t w = write(fd, hex, n);
        int ok = w == (ssize_t)n && fsync(fd) == 0;
        close(fd);
        sodium_memzero(hex, sizeof hex);
        if (!ok) return sg_err(err, SG_EIO, "cannot write key file %s", path);
        return SG_OK;
    }
    size_t n = fread(hex, 1, sizeof hex - 1, f);
    fclose(f);
    hex[n] = '\0';
    size_t bin_len = 0;
    int rc = sodium_hex2bin(p->key, sizeof p->key, hex, n, "\r\n", &bin_len, NULL);
    sodium_memzero(hex, sizeof hex);
    if (rc != 0 || bin_len != SG_PSEUDO_KEYLEN)
        return sg_err(err, SG_EPARSE, "key file %s is not 64 hex digits", path);
    return SG_OK;
}

/* Normalises into out (capacity cap); returns the length, 0 when nothing is left. */
static size_t normalise(sg_id_kind kind, const char *raw, size_t len, char *out, size_t cap)
{
    size_t n = 0;
    while (len && isspace((unsigned char)*raw))
        raw++, len--;
    while (len && isspace((unsigned char)raw[len - 1]))
        len--;
    for (size_t i = 0; i < len && n < cap; i++) {
        unsigned char c = (unsigned char)raw[i];
        switch (kind) {
        case SG_ID_LA:
        case SG_ID_UPN:
            out[n++] = (char)toupper(c);
            break;
        case SG_ID_NHS:
            if (isdigit(c)) out[n++] = (char)c;
            break;
        case SG_ID_NAMEDOB:
            if (isalpha(c))
                out[n++] = (char)tolower(c);
            else if (isdigit(c) || c == '-' || c == '|')
                out[n++] = (char)c;
            break;
        default:
            break;
        }
    }
    return n;
}

int sg_pseudo_make(const sg_pseudo *p, sg_id_kind kind, const char *raw, size_t len,
                   char out[SG_PSEUDO_LEN + 1])
{
    out[0] = '\0';
    if (kind < 0 || kind >= SG_ID__COUNT) return SG_EINVAL;
    char norm[256];
    norm[0] = letters[kind];
    size_t n = normalise(kind, raw, len, norm + 1, sizeof norm - 1);
    if (n == 0) return SG_EINVAL;
    unsigned char h[12];
    crypto_generichash(h, sizeof h, (const unsigned char *)norm, n + 1, p->key, sizeof p->key);
    sodium_memzero(norm, sizeof norm);
    static const char hexd[] = "0123456789abcdef";
    out[0] = letters[kind];
    for (size_t i = 0; i < sizeof h; i++) {
        out[1 + 2 * i] = hexd[h[i] >> 4];
        out[2 + 2 * i] = hexd[h[i] & 15];
    }
    out[SG_PSEUDO_LEN] = '\0';
    return SG_OK;
}
