/* body.h - the request body phase between libmicrohttpd's headers and sg_web_handle (body.c).
 *
 * Decided before a byte of the body is read, from the method, path and headers: the route's
 * declared limit (sg_web_route.max_body) and, for anything larger than SG_WEB_BODY_SMALL, a
 * live session with the route's capability; an upload's CSRF token (X-CSRF-Token, or the
 * "csrf" field ahead of the file part) is checked before any file byte is written and before
 * more than SG_WEB_BODY_SMALL bytes are taken. Small bodies are buffered; an upload's multipart
 * body is parsed as it arrives (libmicrohttpd's post processor), its plain fields kept in
 * memory (form.h limits) and its file part written to an unnamed file in STORE/uploads/. */
#ifndef SG_WEB_BODY_H
#define SG_WEB_BODY_H

#include "web/web.h"

struct MHD_Connection;
typedef struct sg_web_body sg_web_body;

/* The first call for a request. *out always receives a body (free it with sg_web_body_free).
 * Returns 0 to go on reading, or the HTTP status to answer at once without reading the body:
 * 400 (duplicate or malformed Content-Length, Content-Length with Transfer-Encoding, a
 * transfer coding other than chunked, a body on a GET/HEAD), 404/405 (a body for no route),
 * 413 (declared longer than the route takes), 401/403 (a large body without a session that
 * may use the route, or a wrong X-CSRF-Token on an upload). */
int sg_web_body_begin(sg_web *w, struct MHD_Connection *conn, const char *method, const char *url,
                      sg_web_body **out);

/* Takes n more bytes. Returns 0, or -1 when the connection must be dropped (past the limit,
 * the upload's CSRF token missing or wrong by then, a malformed or second file part, a disk
 * error): libmicrohttpd cannot answer in the middle of a body. */
int sg_web_body_feed(sg_web_body *b, const char *data, size_t n);

/* After the last byte: fills req's body (buffered) or fields and upload (streamed). Returns
 * 0, or the status to answer (400 for a multipart body that does not end properly, 413 for a
 * field past the form limits). */
int sg_web_body_end(sg_web_body *b, sg_web_req *req);

/* Frees everything, closing (and so deleting) the upload's file. NULL is fine. */
void sg_web_body_free(sg_web_body *b);

#endif
