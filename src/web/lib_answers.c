/* lib_answers.c - our security headers on the answers libmicrohttpd makes itself.
 *
 * Why this exists. libmicrohttpd (0.9.75, Debian) answers some malformed or oversized requests
 * from inside its parser, before our handler runs: 400 (a header line without a colon, a bad
 * request line, a broken chunk size, Content-Length "+5"), 414, 431 and 505. It builds a fresh
 * response for each (transmit_error_response) and offers no hook to add headers to it. But it
 * queues that response by calling its own exported MHD_queue_response through its PLT, so the
 * dynamic linker binds that call to the first definition in the process: this one, which the
 * executable exports (GNU ld exports a definition that a linked shared library also defines;
 * CMakeLists.txt asks for it explicitly too, --export-dynamic-symbol=MHD_queue_response, for
 * every program linking the library). It adds the security headers to a response that
 * lacks them and forwards to libmicrohttpd's own function (dlsym RTLD_NEXT).
 *
 * Which responses it changes. Only those without X-Content-Type-Options: every response of ours
 * carries every header already (server.c), so ours are never written to here (none is shared
 * between threads and changed); the library's own are created per call and destroyed after
 * queueing, so adding headers to them races with nothing.
 *
 * How it fails safe. sg_web_lib_answers_check runs when the server starts: if the process does
 * not resolve MHD_queue_response to this function (the executable was linked without the
 * export, or statically), or libmicrohttpd's own cannot be found, the server refuses to start
 * and says why - it never runs silently without the headers. If the forward cannot be found at
 * a call (it was found at start, so only in theory), the call answers MHD_NO and libmicrohttpd
 * closes the connection: nothing is sent without the headers. A libmicrohttpd that bound its
 * calls internally (no PLT) would make the interposition silently ineffective: the e2e test
 * tests/e2e/web_library_answers.sh checks every library answer for every header and fails. */
#define _GNU_SOURCE
#include "web/ops.h"
#include "web/web.h"

#include <dlfcn.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stddef.h>
#include <string.h>

typedef enum MHD_Result (*queue_fn)(struct MHD_Connection *, unsigned int, struct MHD_Response *);

static queue_fn real_queue;
static pthread_once_t real_once = PTHREAD_ONCE_INIT;

static void find_real(void)
{
    /* POSIX leaves function pointers from dlsym to the platform; glibc guarantees them */
    void *p = dlsym(RTLD_NEXT, "MHD_queue_response");
    _Static_assert(sizeof p == sizeof real_queue, "function and data pointers differ");
    memcpy(&real_queue, &p, sizeof p);
}

enum MHD_Result MHD_queue_response(struct MHD_Connection *connection, unsigned int status_code,
                                   struct MHD_Response *response)
{
    pthread_once(&real_once, find_real);
    if (!real_queue) return MHD_NO;
    if (response && !MHD_get_response_header(response, "X-Content-Type-Options")) {
        for (int i = 0; sg_web_security_headers[i]; i += 2)
            MHD_add_response_header(response, sg_web_security_headers[i],
                                    sg_web_security_headers[i + 1]);
        MHD_add_response_header(response, "Cache-Control", "no-store");
        const union MHD_ConnectionInfo *ci =
            connection ? MHD_get_connection_info(connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT)
                       : NULL;
        const sg_conn *sc = ci ? ci->socket_context : NULL;
        if (sc && sc->https)
            MHD_add_response_header(response, "Strict-Transport-Security",
                                    "max-age=31536000; includeSubDomains");
    }
    return real_queue(connection, status_code, response);
}

int sg_web_lib_answers_check(sg_error *err)
{
    pthread_once(&real_once, find_real);
    void *bound = dlsym(RTLD_DEFAULT, "MHD_queue_response");
    queue_fn ours = MHD_queue_response;
    void *ours_p;
    memcpy(&ours_p, &ours, sizeof ours_p);
    if (!real_queue || bound != ours_p)
        return sg_err(err, SG_ECONFLICT,
                      "libmicrohttpd's own error answers would go out without the security "
                      "headers: this program does not interpose MHD_queue_response (%s); it must "
                      "be linked dynamically with --export-dynamic-symbol=MHD_queue_response, "
                      "as the build does",
                      !real_queue ? "libmicrohttpd's own was not found"
                                  : "the process resolves it elsewhere");
    return SG_OK;
}
