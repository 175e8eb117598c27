/* pdf.h - printing an HTML file to an A4 PDF with headless Chromium (the page's print style
 * sheet sets the page size and margins). The only part of the report stage that runs another
 * program; it does not print anything itself. */
#ifndef SG_PDF_H
#define SG_PDF_H

#include "core/sg.h"

#include <stddef.h>

/* Finds the browser: $SG_CHROMIUM when set, else chromium, chromium-browser, google-chrome or
 * google-chrome-stable on PATH (and /usr/bin/chromium). Writes its path into out. SG_ENOTFOUND
 * with a message saying how to install it when there is none. */
int sg_pdf_find_browser(char *out, size_t outsz, sg_error *err);

/* Prints html_path (an existing file) to pdf_path with the browser, waiting at most
 * timeout_s seconds (0 = 180). The browser's own output is discarded. SG_ENOTFOUND when there
 * is no browser, SG_EIO when it fails, times out or writes no PDF. */
int sg_pdf_print(const char *html_path, const char *pdf_path, int timeout_s, sg_error *err);

#endif
