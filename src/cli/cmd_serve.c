/* cmd_serve.c - the 'serve' verb: runs the web service (src/web) until SIGINT or SIGTERM,
 * then stops accepting, lets requests in flight finish and exits 0. Options: the address,
 * HTTPS (--tls-cert/--tls-key), trusted reverse proxies (--trust-proxy, --proxy-https and the
 * older --behind-proxy/--tls), the access log and the connection limits. */
#include "cli/cli.h"

#include "web/web.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static volatile sig_atomic_t stop_signal;

static void on_signal(int sig)
{
    stop_signal = sig;
}

static bool parse_long(const char *s, long lo, long hi, long *out)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || end == s || *end || v < lo || v > hi) return false;
    *out = v;
    return true;
}

int cmd_serve(const sg_cli *cli, int argc, char **argv)
{
    sg_web_config cfg = {.store_dir = cli->store, .listen = "127.0.0.1:8080"};
    const char *port_file = NULL;
    bool behind_proxy = false;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool has = i + 1 < argc;
        long v = 0;
        if (strcmp(a, "--listen") == 0 && has) {
            cfg.listen = argv[++i];
        } else if (strcmp(a, "--threads") == 0 && has) {
            if (!parse_long(argv[++i], 1, 64, &v))
                return cli_usage(cli, "serve", "--threads must be 1..64");
            cfg.threads = (int)v;
        } else if (strcmp(a, "--tls-cert") == 0 && has) {
            cfg.tls_cert = argv[++i];
        } else if (strcmp(a, "--tls-key") == 0 && has) {
            cfg.tls_key = argv[++i];
        } else if (strcmp(a, "--trust-proxy") == 0 && has) {
            cfg.trust_proxy = argv[++i];
        } else if (strcmp(a, "--proxy-https") == 0 || strcmp(a, "--tls") == 0) {
            /* TLS ends in front of us: every answer as if over HTTPS (--tls: older name) */
            cfg.secure_cookies = true;
        } else if (strcmp(a, "--behind-proxy") == 0) {
            /* older name for the usual set-up: an HTTPS proxy on this machine */
            behind_proxy = true;
            cfg.secure_cookies = true;
        } else if (strcmp(a, "--access-log") == 0 && has) {
            cfg.access_log = argv[++i];
        } else if (strcmp(a, "--header-timeout") == 0 && has) {
            if (!parse_long(argv[++i], 1, 300, &v))
                return cli_usage(cli, "serve", "--header-timeout must be 1..300 seconds");
            cfg.header_timeout = (int)v;
        } else if (strcmp(a, "--max-per-address") == 0 && has) {
            if (!parse_long(argv[++i], 1, 256, &v))
                return cli_usage(cli, "serve", "--max-per-address must be 1..256");
            cfg.per_ip_limit = (int)v;
        } else if (strcmp(a, "--clock-offset") == 0 && has) {
            if (!parse_long(argv[++i], -100000000L, 100000000L, &v))
                return cli_usage(cli, "serve", "--clock-offset must be a number of seconds");
            cfg.clock_offset = v;
        } else if (strcmp(a, "--report") == 0 && has) {
            cfg.report_path = argv[++i];
        } else if (strcmp(a, "--report-config") == 0 && has) {
            cfg.report_config = argv[++i];
        } else if (strcmp(a, "--report-narrative") == 0 && has) {
            cfg.report_narrative = argv[++i];
        } else if (strcmp(a, "--period") == 0 && has) {
            cfg.period = argv[++i];
        } else if (strcmp(a, "--port-file") == 0 && has) {
            port_file = argv[++i];
        } else {
            return cli_usage(cli, "serve", "unknown option %s", a);
        }
    }
    if (behind_proxy && !cfg.trust_proxy) cfg.trust_proxy = "127.0.0.1,::1";
    if ((cfg.tls_cert != NULL) != (cfg.tls_key != NULL))
        return cli_usage(cli, "serve", "--tls-cert and --tls-key go together");
    sg_error err;
    sg_error_clear(&err);
    sg_web *w = NULL;
    int rc = sg_web_new(&cfg, &w, &err);
    if (rc) return cli_fail(cli, &err);

    /* Block the stop signals before the server's threads start, so only the main thread
     * takes them (the threads inherit the mask). */
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &block, &old);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);

    sg_web_server *srv = NULL;
    int port = 0;
    rc = sg_web_server_start(w, &srv, &port, &err);
    if (rc) {
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        sg_web_free(w);
        return cli_fail(cli, &err);
    }
    const char *colon = strrchr(cfg.listen, ':');
    int hostlen = colon ? (int)(colon - cfg.listen) : 0;
    printf("safeguard: serving %s on %s://%.*s:%d/ (Ctrl-C to stop)\n", cli->store,
           sg_web_server_https(srv) ? "https" : "http", hostlen, cfg.listen, port);
    fflush(stdout);
    if (port_file) {
        FILE *fp = fopen(port_file, "w");
        if (fp) {
            fprintf(fp, "%d\n", port);
            fclose(fp);
        }
    }
    sigset_t wait_set = old;
    sigdelset(&wait_set, SIGINT);
    sigdelset(&wait_set, SIGTERM);
    while (!stop_signal)
        sigsuspend(&wait_set);
    if (!cli->quiet) fprintf(stderr, "safeguard: stopping (signal %d)\n", (int)stop_signal);
    sg_web_server_stop(srv);
    sg_web_free(w);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return 0;
}
