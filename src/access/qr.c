/* qr.c - the enrolment QR code: an otpauth:// URI drawn as a QR code (libqrencode) in UTF-8
 * half blocks, two module rows to a line of text, so that `safeguard user add/totp` can be
 * scanned straight off the terminal by an authenticator app.
 *
 * Light modules (and the quiet zone) are drawn as blocks and dark modules as blanks, as
 * qrencode -t UTF8 does: terminals are usually light text on a dark background, and a scanner
 * needs the code dark on light. */
#include "access/access.h"

#include "core/mem.h"

#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

#define QUIET 2 /* modules of light margin on every side */

/* 1 when module (x, y) of the symbol, margin included, is dark. */
static int dark(const QRcode *q, int x, int y)
{
    x -= QUIET;
    y -= QUIET;
    if (x < 0 || y < 0 || x >= q->width || y >= q->width) return 0;
    return q->data[y * q->width + x] & 1;
}

int sg_totp_qr_utf8(const char *text, char **out, int *modules, sg_error *err)
{
    *out = NULL;
    if (modules) *modules = 0;
    if (!text || !*text) return sg_err(err, SG_EINVAL, "nothing to draw as a QR code");
    /* Level M (15% recovery), 8-bit mode: the URI's mixed case must survive. */
    QRcode *q = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
    if (!q) return sg_err(err, SG_ELIMIT, "the text does not fit in a QR code");
    int n = q->width + 2 * QUIET;
    /* every cell is at most 3 bytes of UTF-8; one newline per text line */
    size_t cap = (size_t)((n + 1) / 2) * ((size_t)n * 3 + 1) + 1, o = 0;
    char *s = xmalloc(cap);
    static const char *const cell[4] = {
        "\xe2\x96\x88", /* both light: full block */
        "\xe2\x96\x80", /* top light, bottom dark: upper half */
        "\xe2\x96\x84", /* top dark, bottom light: lower half */
        " ",            /* both dark */
    };
    for (int y = 0; y < n; y += 2) {
        for (int x = 0; x < n; x++) {
            int top = dark(q, x, y), bottom = y + 1 < n ? dark(q, x, y + 1) : 1;
            const char *c = cell[(top << 1) | bottom];
            size_t len = strlen(c);
            memcpy(s + o, c, len);
            o += len;
        }
        s[o++] = '\n';
    }
    s[o] = '\0';
    if (modules) *modules = q->width;
    QRcode_free(q);
    *out = s;
    return SG_OK;
}
