/* tls.c - the certificate and private key for libmicrohttpd's own HTTPS: read from their PEM
 * files and checked with GnuTLS (the library libmicrohttpd uses for TLS) before the daemon
 * starts, so a wrong file gives an error naming it instead of a daemon that will not start. */
#include "web/ops.h"

#include "core/file.h"
#include "core/mem.h"

#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <microhttpd.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

void sg_web_tls_fini(sg_web_tls *t)
{
    if (!t) return;
    free(t->cert);
    if (t->key) {
        sodium_memzero(t->key, strlen(t->key));
        free(t->key);
    }
    t->cert = t->key = NULL;
}

static int read_pem(const char *path, const char *what, char **out, sg_error *err)
{
    size_t len = 0;
    int rc = sg_read_file(path, SG_WEB_TLS_MAX_PEM, out, &len, err);
    if (rc) return rc;
    if (len == 0 || strlen(*out) != len || !strstr(*out, "-----BEGIN ")) {
        if (*out) sodium_memzero(*out, len);
        free(*out);
        *out = NULL;
        return sg_err_at(err, SG_EPARSE, path, 0, 0, NULL,
                         "is not a PEM file (no -----BEGIN line): "
                         "expected the %s",
                         what);
    }
    return SG_OK;
}

int sg_web_tls_load(const char *cert_path, const char *key_path, sg_web_tls *t, sg_error *err)
{
    memset(t, 0, sizeof *t);
    if (!cert_path || !key_path)
        return sg_err(err, SG_EINVAL, "HTTPS needs both --tls-cert FILE and --tls-key FILE");
    if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES)
        return sg_err(err, SG_EINVAL,
                      "this libmicrohttpd was built without TLS support: serve plain HTTP behind "
                      "a reverse proxy that terminates TLS (docs/web.md)");
    int rc = read_pem(cert_path, "certificate (chain)", &t->cert, err);
    if (!rc) rc = read_pem(key_path, "private key", &t->key, err);
    if (rc) {
        sg_web_tls_fini(t);
        return rc;
    }
    gnutls_datum_t cd = {(unsigned char *)t->cert, (unsigned)strlen(t->cert)};
    gnutls_datum_t kd = {(unsigned char *)t->key, (unsigned)strlen(t->key)};

    gnutls_x509_crt_t *crts = NULL;
    unsigned ncrts = 0;
    int g = gnutls_x509_crt_list_import2(&crts, &ncrts, &cd, GNUTLS_X509_FMT_PEM, 0);
    if (g < 0 || ncrts == 0) {
        rc = sg_err_at(err, SG_EPARSE, cert_path, 0, 0, NULL,
                       "holds no certificate GnuTLS can read (%s)",
                       g < 0 ? gnutls_strerror(g) : "no CERTIFICATE block");
        goto out;
    }
    for (unsigned i = 0; i < ncrts; i++)
        gnutls_x509_crt_deinit(crts[i]);
    gnutls_free(crts);

    gnutls_x509_privkey_t pk;
    gnutls_x509_privkey_init(&pk);
    g = gnutls_x509_privkey_import2(pk, &kd, GNUTLS_X509_FMT_PEM, NULL, 0);
    gnutls_x509_privkey_deinit(pk);
    if (g < 0) {
        rc = sg_err_at(err, SG_EPARSE, key_path, 0, 0, NULL,
                       "holds no private key GnuTLS can read (an encrypted key is not "
                       "supported): %s",
                       gnutls_strerror(g));
        goto out;
    }

    gnutls_certificate_credentials_t cred;
    gnutls_certificate_allocate_credentials(&cred);
    g = gnutls_certificate_set_x509_key_mem2(cred, &cd, &kd, GNUTLS_X509_FMT_PEM, NULL, 0);
    gnutls_certificate_free_credentials(cred);
    if (g == GNUTLS_E_CERTIFICATE_KEY_MISMATCH) {
        rc = sg_err_at(err, SG_EINVAL, key_path, 0, 0, NULL,
                       "this private key does not belong to the certificate in %s", cert_path);
        goto out;
    }
    if (g < 0) {
        rc = sg_err_at(err, SG_EINVAL, cert_path, 0, 0, NULL,
                       "the certificate and the key in %s cannot be used together: %s", key_path,
                       gnutls_strerror(g));
        goto out;
    }
    return SG_OK;
out:
    sg_web_tls_fini(t);
    return rc;
}
