/* proxy.c - which reverse proxies are trusted and what the client's address is: the
 * X-Forwarded-For and X-Forwarded-Proto headers count only when the connection comes from a
 * trusted proxy (anyone else could write them). Pure functions over text. */
#include "web/ops.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>

/* Parses one address literal (exactly n bytes at s) into family/bytes. */
static bool parse_addr(const char *s, size_t n, int *family, unsigned char addr[16])
{
    char tmp[SG_WEB_ADDR_MAX];
    if (n == 0 || n >= sizeof tmp) return false;
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    memset(addr, 0, 16);
    if (inet_pton(AF_INET, tmp, addr) == 1) {
        *family = AF_INET;
        return true;
    }
    if (inet_pton(AF_INET6, tmp, addr) == 1) {
        /* an IPv4-mapped IPv6 address is the IPv4 address */
        static const unsigned char mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
        if (memcmp(addr, mapped, 12) == 0) {
            memmove(addr, addr + 12, 4);
            memset(addr + 4, 0, 12);
            *family = AF_INET;
        } else {
            *family = AF_INET6;
        }
        return true;
    }
    return false;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

int sg_web_trust_parse(const char *list, sg_web_trust *t, sg_error *err)
{
    memset(t, 0, sizeof *t);
    if (!list) return SG_OK;
    const char *p = list;
    while (*p) {
        while (is_space(*p))
            p++;
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        while (n && is_space(p[n - 1]))
            n--;
        if (n) {
            if (t->n >= SG_WEB_MAX_PROXIES)
                return sg_err(err, SG_EINVAL, "--trust-proxy: at most %d addresses",
                              SG_WEB_MAX_PROXIES);
            if (!parse_addr(p, n, &t->a[t->n].family, t->a[t->n].addr))
                return sg_err(err, SG_EINVAL,
                              "--trust-proxy: '%.*s' is not an IPv4 or IPv6 address",
                              (int)(n > 64 ? 64 : n), p);
            t->n++;
        } else if (e || p != list) {
            return sg_err(err, SG_EINVAL, "--trust-proxy: empty address in the list");
        }
        if (!e) break;
        p = e + 1;
        if (!*p) return sg_err(err, SG_EINVAL, "--trust-proxy: empty address in the list");
    }
    return SG_OK;
}

static bool trusted_bin(const sg_web_trust *t, int family, const unsigned char addr[16])
{
    for (int i = 0; i < t->n; i++)
        if (t->a[i].family == family && memcmp(t->a[i].addr, addr, family == AF_INET ? 4 : 16) == 0)
            return true;
    return false;
}

bool sg_web_trust_has(const sg_web_trust *t, const char *addr)
{
    int fam;
    unsigned char bin[16];
    if (!t || !addr || !parse_addr(addr, strlen(addr), &fam, bin)) return false;
    return trusted_bin(t, fam, bin);
}

static void to_text(int family, const unsigned char addr[16], char out[SG_WEB_ADDR_MAX])
{
    if (!inet_ntop(family, addr, out, SG_WEB_ADDR_MAX)) out[0] = '\0';
}

void sg_web_client_addr(const sg_web_trust *t, const char *peer, const char *xff,
                        const char *xfproto, char out[SG_WEB_ADDR_MAX], bool *https)
{
    out[0] = '\0';
    int fam;
    unsigned char bin[16];
    if (!peer || !parse_addr(peer, strlen(peer), &fam, bin)) {
        /* not an address we understand: keep nothing from it but a bounded copy */
        if (peer) snprintf(out, SG_WEB_ADDR_MAX, "%s", peer);
        return;
    }
    to_text(fam, bin, out);
    if (!t || !trusted_bin(t, fam, bin)) return;
    if (xfproto && https) {
        const char *s = xfproto;
        while (is_space(*s))
            s++;
        size_t n = strlen(s);
        while (n && is_space(s[n - 1]))
            n--;
        if (n == 5 && strncasecmp(s, "https", 5) == 0) *https = true;
    }
    if (!xff) return;
    /* walk X-Forwarded-For from the right: each entry was appended by the hop to its right */
    size_t end = strlen(xff);
    for (;;) {
        while (end && (is_space(xff[end - 1]) || xff[end - 1] == ','))
            end--;
        if (!end) return; /* every entry trusted: the left-most one is already in out */
        size_t start = end;
        while (start && xff[start - 1] != ',')
            start--;
        size_t s = start;
        while (s < end && is_space(xff[s]))
            s++;
        int f2;
        unsigned char b2[16];
        if (!parse_addr(xff + s, end - s, &f2, b2)) return; /* junk: the reporting hop */
        to_text(f2, b2, out);
        if (!trusted_bin(t, f2, b2)) return;
        end = start;
    }
}
