/* test_web_ops.c - the operations side of the web service without a socket: which proxies are
 * trusted and the client address they report (X-Forwarded-For walked from the right, junk,
 * IPv6, X-Forwarded-Proto), the access log line (exact text, escaping, no raw bytes) and its
 * file, the header-deadline watchdog on a socket pair, and the --out folder helper. Known
 * answers written by hand. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/file.h"
#include "test_util.h"
#include "web/ops.h"

static void test_trust_parse(void **state)
{
    (void)state;
    sg_web_trust t;
    sg_error err;
    sg_error_clear(&err);
    assert_int_equal(sg_web_trust_parse(NULL, &t, &err), SG_OK);
    assert_int_equal(t.n, 0);
    assert_int_equal(sg_web_trust_parse("", &t, &err), SG_OK);
    assert_int_equal(t.n, 0);
    assert_int_equal(sg_web_trust_parse("127.0.0.1, ::1 ,192.0.2.9", &t, &err), SG_OK);
    assert_int_equal(t.n, 3);
    assert_true(sg_web_trust_has(&t, "127.0.0.1"));
    assert_true(sg_web_trust_has(&t, "::ffff:127.0.0.1")); /* IPv4-mapped is the same */
    assert_true(sg_web_trust_has(&t, "0:0:0:0:0:0:0:1"));
    assert_true(sg_web_trust_has(&t, "192.0.2.9"));
    assert_false(sg_web_trust_has(&t, "192.0.2.10"));
    assert_false(sg_web_trust_has(&t, "127.0.0.2"));
    assert_false(sg_web_trust_has(&t, "localhost"));
    assert_false(sg_web_trust_has(&t, NULL));

    const char *bad[] = {"localhost",  "1.2.3.4,,5.6.7.8", "1.2.3.4,", ",1.2.3.4",
                         "1.2.3.4/24", "1.2.3.4:80",       "256.1.1.1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sg_error_clear(&err);
        assert_int_equal(sg_web_trust_parse(bad[i], &t, &err), SG_EINVAL);
        assert_non_null(strstr(err.msg, "--trust-proxy"));
    }
    assert_int_equal(sg_web_trust_parse("1.2.3.4/24", &t, &err), SG_EINVAL);
    assert_non_null(strstr(err.msg, "'1.2.3.4/24' is not an IPv4 or IPv6 address"));

    /* 16 addresses fit, 17 do not */
    char list[512] = "";
    for (int i = 1; i <= 17; i++) {
        char a[32];
        snprintf(a, sizeof a, "%s192.0.2.%d", i > 1 ? "," : "", i);
        size_t used = strlen(list);
        snprintf(list + used, sizeof list - used, "%s", a);
        if (i == 16) assert_int_equal(sg_web_trust_parse(list, &t, &err), SG_OK);
    }
    assert_int_equal(sg_web_trust_parse(list, &t, &err), SG_EINVAL);
}

/* client address for peer/xff with proxies 192.0.2.1 and 192.0.2.2 trusted */
static const char *client(const char *peer, const char *xff)
{
    static char out[SG_WEB_ADDR_MAX];
    sg_web_trust t;
    assert_int_equal(sg_web_trust_parse("192.0.2.1,192.0.2.2", &t, NULL), SG_OK);
    bool https = false;
    sg_web_client_addr(&t, peer, xff, NULL, out, &https);
    assert_false(https);
    return out;
}

static void test_client_addr(void **state)
{
    (void)state;
    /* an untrusted peer: the header is ignored */
    assert_string_equal(client("203.0.113.5", "198.51.100.1"), "203.0.113.5");
    assert_string_equal(client("192.0.2.3", "198.51.100.1"), "192.0.2.3");
    /* a trusted peer without the header: the peer */
    assert_string_equal(client("192.0.2.1", NULL), "192.0.2.1");
    assert_string_equal(client("192.0.2.1", ""), "192.0.2.1");
    assert_string_equal(client("192.0.2.1", " , "), "192.0.2.1");
    /* right-most address that is not a trusted proxy */
    assert_string_equal(client("192.0.2.1", "198.51.100.1"), "198.51.100.1");
    assert_string_equal(client("192.0.2.1", "198.51.100.1, 203.0.113.7"), "203.0.113.7");
    assert_string_equal(client("192.0.2.1", "198.51.100.1,203.0.113.7 , 192.0.2.2"), "203.0.113.7");
    assert_string_equal(client("192.0.2.1", "203.0.113.7, 192.0.2.2, 192.0.2.1"), "203.0.113.7");
    /* every entry trusted: the left-most */
    assert_string_equal(client("192.0.2.1", "192.0.2.2"), "192.0.2.2");
    assert_string_equal(client("192.0.2.1", "192.0.2.1, 192.0.2.2"), "192.0.2.1");
    /* junk stops the walk: the (trusted) hop that reported it */
    assert_string_equal(client("192.0.2.1", "203.0.113.9, junk"), "192.0.2.1");
    assert_string_equal(client("192.0.2.1", "203.0.113.9, junk, 192.0.2.2"), "192.0.2.2");
    assert_string_equal(client("192.0.2.1", "junk, 203.0.113.9"), "203.0.113.9");
    assert_string_equal(client("192.0.2.1", "203.0.113.9:4711"), "192.0.2.1");
    assert_string_equal(client("192.0.2.1", "<script>"), "192.0.2.1");
    char longjunk[300];
    memset(longjunk, '1', sizeof longjunk - 1);
    longjunk[sizeof longjunk - 1] = '\0';
    assert_string_equal(client("192.0.2.1", longjunk), "192.0.2.1");
    /* IPv6, in canonical form; IPv4-mapped as IPv4 */
    assert_string_equal(client("192.0.2.1", "2001:DB8:0:0::1"), "2001:db8::1");
    assert_string_equal(client("192.0.2.1", "::ffff:203.0.113.4"), "203.0.113.4");
    assert_string_equal(client("::ffff:192.0.2.1", "203.0.113.4"), "203.0.113.4");
    /* no proxies trusted at all */
    char out[SG_WEB_ADDR_MAX];
    sg_web_trust none;
    assert_int_equal(sg_web_trust_parse(NULL, &none, NULL), SG_OK);
    sg_web_client_addr(&none, "192.0.2.1", "203.0.113.4", NULL, out, NULL);
    assert_string_equal(out, "192.0.2.1");
}

static bool proto(const char *peer, const char *xfproto)
{
    sg_web_trust t;
    assert_int_equal(sg_web_trust_parse("192.0.2.1", &t, NULL), SG_OK);
    char out[SG_WEB_ADDR_MAX];
    bool https = false;
    sg_web_client_addr(&t, peer, NULL, xfproto, out, &https);
    return https;
}

static void test_forwarded_proto(void **state)
{
    (void)state;
    assert_true(proto("192.0.2.1", "https"));
    assert_true(proto("192.0.2.1", " HTTPS "));
    assert_false(proto("192.0.2.1", "http"));
    assert_false(proto("192.0.2.1", "httpsx"));
    assert_false(proto("192.0.2.1", "https, http"));
    assert_false(proto("192.0.2.1", NULL));
    assert_false(proto("203.0.113.5", "https")); /* untrusted peer */
    /* an already-https request stays so whatever the proxy says */
    sg_web_trust t;
    assert_int_equal(sg_web_trust_parse("192.0.2.1", &t, NULL), SG_OK);
    char out[SG_WEB_ADDR_MAX];
    bool https = true;
    sg_web_client_addr(&t, "192.0.2.1", NULL, "http", out, &https);
    assert_true(https);
}

static void test_access_line(void **state)
{
    (void)state;
    sg_access_entry e = {.time = 31536000, /* 365 days after the epoch */
                         .client = "203.0.113.7",
                         .user = "mary",
                         .method = "GET",
                         .route = "/submissions/{}",
                         .status = 200,
                         .bytes = 1234,
                         .ms = 5};
    char *s = sg_access_log_line(&e);
    assert_string_equal(s, "{\"time\":\"1971-01-01T00:00:00Z\",\"client\":\"203.0.113.7\","
                           "\"user\":\"mary\",\"method\":\"GET\",\"route\":\"/submissions/{}\","
                           "\"status\":200,\"bytes\":1234,\"ms\":5}\n");
    free(s);

    sg_access_entry blank = {.time = 86399, .ms = -3};
    s = sg_access_log_line(&blank);
    assert_string_equal(s, "{\"time\":\"1970-01-01T23:59:59Z\",\"client\":\"-\",\"user\":\"-\","
                           "\"method\":\"-\",\"route\":\"-\",\"status\":0,\"bytes\":0,\"ms\":0}\n");
    free(s);

    /* quotes, control characters and non-ASCII are escaped; invalid UTF-8 is left out */
    sg_access_entry odd = {.time = 0,
                           .client = "a\"b",
                           .user = "\xc3\xa9\n",
                           .method = "\xff\xfe",
                           .route = "-",
                           .status = 431};
    s = sg_access_log_line(&odd);
    assert_string_equal(s, "{\"time\":\"1970-01-01T00:00:00Z\",\"client\":\"a\\\"b\","
                           "\"user\":\"\\u00E9\\n\",\"route\":\"-\",\"status\":431,\"bytes\":0,"
                           "\"ms\":0}\n");
    assert_null(strchr(s, '\xff'));
    free(s);
}

static void test_access_file(void **state)
{
    (void)state;
    char dir[] = "/tmp/sg-test-ops-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[256], missing[256];
    snprintf(path, sizeof path, "%s/access.log", dir);
    snprintf(missing, sizeof missing, "%s/no/such/access.log", dir);
    sg_error err;
    sg_error_clear(&err);
    sg_access_log *l = NULL;
    assert_int_equal(sg_access_log_open(missing, &l, &err), SG_EIO);
    assert_null(l);
    assert_string_equal(err.file, missing);
    assert_int_equal(sg_access_log_open("", &l, &err), SG_EINVAL);

    assert_int_equal(sg_access_log_open(path, &l, &err), SG_OK);
    sg_access_entry e = {.time = 0, .route = "/healthz", .status = 200, .bytes = 44};
    sg_access_log_write(l, &e);
    e.status = 503;
    sg_access_log_write(l, &e);
    sg_access_log_close(l);
    /* appends, never truncates */
    assert_int_equal(sg_access_log_open(path, &l, &err), SG_OK);
    e.status = 404;
    sg_access_log_write(l, &e);
    sg_access_log_close(l);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    char *data = NULL;
    size_t len = 0;
    assert_int_equal(sg_read_file(path, 4096, &data, &len, &err), SG_OK);
#define LINE(st)                                                                                   \
    "{\"time\":\"1970-01-01T00:00:00Z\",\"client\":\"-\",\"user\":\"-\",\"method\":\"-\","         \
    "\"route\":\"/healthz\",\"status\":" st ",\"bytes\":44,\"ms\":0}\n"
    const char *want = LINE("200") LINE("503") LINE("404");
#undef LINE
    assert_string_equal(data, want);
    free(data);
    tu_rm_rf(dir);
}

/* true when the peer end of fd reads end-of-stream within ms */
static bool eof_within(int fd, int ms)
{
    for (int waited = 0; waited <= ms; waited += 50) {
        char c;
        ssize_t r = recv(fd, &c, 1, MSG_DONTWAIT);
        if (r == 0) return true;
        struct timespec ts = {0, 50 * 1000000L};
        nanosleep(&ts, NULL);
    }
    return false;
}

static void test_header_deadline(void **state)
{
    (void)state;
    sg_conn_table *t = NULL;
    sg_error err;
    assert_int_equal(sg_conn_table_new(1, 16, &t, &err), SG_OK);
    int late[2], done[2], again[2];
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, late), 0);
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, done), 0);
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, again), 0);
    sg_conn a, b, c;
    memset(&a, 0, sizeof a);
    memset(&b, 0, sizeof b);
    memset(&c, 0, sizeof c);
    int64_t t0 = sg_conn_now_ms();
    assert_true(sg_conn_opened(t, &a, late[0], false));
    assert_true(sg_conn_opened(t, &b, done[0], false));
    assert_true(sg_conn_opened(t, &c, again[0], false));
    sg_conn_headers_done(t, &b);
    sg_conn_headers_done(t, &c);
    /* not before the deadline (1 s) */
    assert_false(eof_within(late[1], 600));
    /* then within a watchdog period of it */
    assert_true(eof_within(late[1], 800));
    int64_t took = sg_conn_now_ms() - t0;
    assert_true(took >= 1000 && took <= 1500);
    assert_int_equal(sg_conn_reaped(t), 1);
    /* headers complete: no deadline; after an answer the next request has one again */
    assert_false(eof_within(done[1], 300));
    sg_conn_request_done(t, &c);
    assert_true(eof_within(again[1], 1600));
    assert_int_equal(sg_conn_reaped(t), 2);
    /* a closed connection leaves the table and is never touched */
    sg_conn_closed(t, &a);
    sg_conn_closed(t, &b);
    sg_conn_closed(t, &c);
    sg_conn_closed(t, &c); /* twice is harmless */
    sg_conn_table_free(t);
    for (int i = 0; i < 2; i++) {
        close(late[i]);
        close(done[i]);
        close(again[i]);
    }
}

static void test_per_address_limit(void **state)
{
    (void)state;
    sg_conn_table *t = NULL;
    sg_error err;
    assert_int_equal(sg_conn_table_new(10, 2, &t, &err), SG_OK);
    enum { N = 6 };
    int sp[N][2];
    sg_conn c[N];
    memset(c, 0, sizeof c);
    for (int i = 0; i < N; i++)
        assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sp[i]), 0);
    /* two from 192.0.2.7 fit, the third is shut down at once */
    for (int i = 0; i < 3; i++)
        snprintf(c[i].peer, sizeof c[i].peer, "%s", "192.0.2.7");
    assert_true(sg_conn_opened(t, &c[0], sp[0][0], false));
    assert_true(sg_conn_opened(t, &c[1], sp[1][0], false));
    assert_false(sg_conn_opened(t, &c[2], sp[2][0], false));
    assert_true(eof_within(sp[2][1], 100));
    assert_false(eof_within(sp[0][1], 100));
    assert_int_equal(sg_conn_refused(t), 1);
    /* another address has its own count; an exempt (trusted proxy) address has none */
    snprintf(c[3].peer, sizeof c[3].peer, "%s", "192.0.2.8");
    assert_true(sg_conn_opened(t, &c[3], sp[3][0], false));
    snprintf(c[4].peer, sizeof c[4].peer, "%s", "127.0.0.1");
    snprintf(c[5].peer, sizeof c[5].peer, "%s", "127.0.0.1");
    assert_true(sg_conn_opened(t, &c[4], sp[4][0], true));
    assert_true(sg_conn_opened(t, &c[5], sp[5][0], true));
    /* the refused one closes; then one of the two: room for one more */
    sg_conn_closed(t, &c[2]);
    sg_conn_closed(t, &c[0]);
    int extra[2];
    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, extra), 0);
    sg_conn e;
    memset(&e, 0, sizeof e);
    snprintf(e.peer, sizeof e.peer, "%s", "192.0.2.7");
    assert_true(sg_conn_opened(t, &e, extra[0], false));
    assert_false(eof_within(extra[1], 100));
    assert_int_equal(sg_conn_refused(t), 1);
    sg_conn_closed(t, &e);
    for (int i = 1; i < N; i++)
        if (i != 2) sg_conn_closed(t, &c[i]);
    sg_conn_table_free(t);
    for (int i = 0; i < N; i++) {
        close(sp[i][0]);
        close(sp[i][1]);
    }
    close(extra[0]);
    close(extra[1]);
}

static void test_make_dirs(void **state)
{
    (void)state;
    char dir[] = "/tmp/sg-test-dirs-XXXXXX";
    assert_non_null(mkdtemp(dir));
    chmod(dir, 0755);
    char p[512];
    sg_error err;
    sg_error_clear(&err);
    snprintf(p, sizeof p, "%s/a/b//c/", dir);
    assert_int_equal(sg_make_dirs(p, &err), SG_OK);
    struct stat st;
    snprintf(p, sizeof p, "%s/a/b/c", dir);
    assert_int_equal(stat(p, &st), 0);
    assert_true(S_ISDIR(st.st_mode));
    assert_int_equal(st.st_mode & 0777, 0700);
    snprintf(p, sizeof p, "%s/a", dir);
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0700);
    assert_int_equal(stat(dir, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0755);      /* existing: unchanged */
    assert_int_equal(sg_make_dirs(p, &err), SG_OK); /* already there */
    assert_int_equal(sg_make_dirs("", &err), SG_OK);
    assert_int_equal(sg_make_dirs(".", &err), SG_OK);
    assert_int_equal(sg_make_dirs("/", &err), SG_OK);

    /* the parents of a file, not the file */
    snprintf(p, sizeof p, "%s/x/y/out.csv", dir);
    assert_int_equal(sg_make_parent_dirs(p, &err), SG_OK);
    assert_int_not_equal(stat(p, &st), 0);
    snprintf(p, sizeof p, "%s/x/y", dir);
    assert_int_equal(stat(p, &st), 0);
    assert_true(S_ISDIR(st.st_mode));
    assert_int_equal(sg_make_parent_dirs("out.csv", &err), SG_OK);
    assert_int_equal(sg_make_parent_dirs("/out.csv", &err), SG_OK);

    /* a file in the way, named */
    char f[512];
    snprintf(f, sizeof f, "%s/file", dir);
    FILE *fp = fopen(f, "w");
    assert_non_null(fp);
    fclose(fp);
    snprintf(p, sizeof p, "%s/file/sub/out.csv", dir);
    sg_error_clear(&err);
    assert_int_equal(sg_make_parent_dirs(p, &err), SG_EIO);
    assert_string_equal(err.file, f);
    assert_non_null(strstr(err.msg, "a file is in the way"));
    tu_rm_rf(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_trust_parse),       cmocka_unit_test(test_client_addr),
        cmocka_unit_test(test_forwarded_proto),   cmocka_unit_test(test_access_line),
        cmocka_unit_test(test_access_file),       cmocka_unit_test(test_header_deadline),
        cmocka_unit_test(test_per_address_limit), cmocka_unit_test(test_make_dirs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
