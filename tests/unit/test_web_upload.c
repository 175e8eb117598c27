/* test_web_upload.c - what the body phase and uploads rest on, without a socket: the route
 * table's body limits (known answers per route), sg_form_add's limits on both sides, the upload
 * folder (unnamed 0600 files in a 0700 folder, the sweep, the sweep when the store opens), and
 * an unnamed file imported under the uploader's name with the audit naming the file only, and
 * the upload page taking its file from a body parsed in memory or streamed to disk. The
 * HTTP side (refusals before the body, streaming, kill -9) is tests/e2e/web_upload.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "access/scope.h"
#include "access_fixture.h"
#include "store/import.h"
#include "store/upload.h"
#include "web/form.h"
#include "web/web.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- the route table's body limits ---- */

static void test_route_bodies(void **state)
{
    (void)state;
    /* by hand: the POST routes and what each takes; every GET takes nothing */
    static const struct {
        const char *pattern;
        size_t max;
    } posts[] = {
        {"/login", 8192},          {"/login/totp", 8192},         {"/logout", 8192},
        {"/report/publish", 8192}, {"/upload", 33554432},         {"/actions/{}", 262144},
        {"/registers/{}", 262144}, {"/registers/{}/{*}", 262144}, {"/returns/form", 262144},
    };
    size_t n = 0, nposts = 0, nstream = 0;
    const sg_web_route *r = sg_web_routes(&n);
    assert_true(n > 30);
    for (size_t i = 0; i < n; i++) {
        if (strcmp(r[i].method, "GET") == 0) {
            assert_int_equal(r[i].max_body, 0);
            assert_false(r[i].flags & SG_WEB_R_STREAM);
            continue;
        }
        assert_string_equal(r[i].method, "POST");
        nposts++;
        bool found = false;
        for (size_t k = 0; k < sizeof posts / sizeof posts[0]; k++)
            if (strcmp(posts[k].pattern, r[i].pattern) == 0) {
                assert_int_equal(r[i].max_body, posts[k].max);
                found = true;
            }
        if (!found) fail_msg("POST %s has no known body limit", r[i].pattern);
        if (r[i].flags & SG_WEB_R_STREAM) {
            nstream++;
            assert_string_equal(r[i].pattern, "/upload"); /* the one route that takes a file */
        }
    }
    assert_int_equal(nposts, sizeof posts / sizeof posts[0]);
    assert_int_equal(nstream, 1);
    /* the constants themselves */
    assert_int_equal(SG_WEB_BODY_SMALL, 8192);
    assert_int_equal(SG_WEB_BODY_FORM, 262144);
    assert_int_equal(SG_WEB_MAX_BODY, 33554432);
}

/* ---- sg_form_add ---- */

static void test_form_add(void **state)
{
    (void)state;
    sg_form f;
    sg_form_init(&f);
    sg_error e;
    sg_error_clear(&e);
    char name[SG_FORM_MAX_NAME + 2];
    memset(name, 'n', sizeof name);
    name[SG_FORM_MAX_NAME] = '\0'; /* 128 bytes: fits */
    char *val = malloc(SG_FORM_MAX_VALUE + 1);
    memset(val, 'v', SG_FORM_MAX_VALUE + 1);
    assert_int_equal(sg_form_add(&f, name, val, SG_FORM_MAX_VALUE, &e), SG_OK);
    assert_int_equal(f.n, 1);
    assert_int_equal(strlen(sg_form_get(&f, name)), 65536);
    name[SG_FORM_MAX_NAME] = 'n';
    name[SG_FORM_MAX_NAME + 1] = '\0'; /* 129 bytes */
    assert_int_equal(sg_form_add(&f, name, "x", 1, &e), SG_ELIMIT);
    assert_int_equal(sg_form_add(&f, "big", val, SG_FORM_MAX_VALUE + 1, &e), SG_ELIMIT);
    assert_int_equal(sg_form_add(&f, "", "x", 1, &e), SG_EPARSE);
    assert_int_equal(sg_form_add(&f, "nul", "a\0b", 3, &e), SG_EPARSE);
    assert_int_equal(f.n, 1); /* nothing added by a refusal */
    /* an empty value is a value; a value is copied with its length, not up to a NUL */
    assert_int_equal(sg_form_add(&f, "empty", "", 0, &e), SG_OK);
    assert_string_equal(sg_form_get(&f, "empty"), "");
    assert_int_equal(sg_form_add(&f, "csrf", "abcdef", 3, &e), SG_OK);
    assert_string_equal(sg_form_get(&f, "csrf"), "abc");
    /* 200 fields fit, the 201st does not */
    while (f.n < SG_FORM_MAX_FIELDS)
        assert_int_equal(sg_form_add(&f, "k", "v", 1, &e), SG_OK);
    assert_int_equal(f.n, 200);
    assert_int_equal(sg_form_add(&f, "k", "v", 1, &e), SG_ELIMIT);
    assert_int_equal(f.n, 200);
    free(val);
    sg_form_fini(&f);
}

/* ---- the upload folder ---- */

static int count_entries(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) n++;
    closedir(d);
    return n;
}

static void put(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
}

static void test_upload_folder(void **state)
{
    afx *f = *state;
    char up[128];
    snprintf(up, sizeof up, "%s/uploads", f->dir);
    sg_error e;
    sg_error_clear(&e);
    int removed = -1;
    /* no folder yet: nothing to sweep */
    assert_int_equal(sg_upload_sweep(f->dir, &removed, &e), SG_OK);
    assert_int_equal(removed, 0);

    int fd = -1;
    assert_int_equal(sg_upload_open(f->dir, &fd, &e), SG_OK);
    assert_true(fd >= 0);
    struct stat st;
    assert_int_equal(stat(up, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0700);
    assert_int_equal(fstat(fd, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0600);
    assert_int_equal(st.st_nlink, 0); /* no name anywhere */
    assert_int_equal(count_entries(up), 0);
    assert_int_equal(write(fd, "hello 341C0001", 14), 14);
    /* readable again by this process at /proc/self/fd/N, as the import reads it */
    char path[64], buf[32] = "";
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    FILE *fp = fopen(path, "rb");
    assert_non_null(fp);
    assert_int_equal(fread(buf, 1, sizeof buf - 1, fp), 14);
    fclose(fp);
    assert_string_equal(buf, "hello 341C0001");
    /* a second one is a different file */
    int fd2 = -1;
    assert_int_equal(sg_upload_open(f->dir, &fd2, &e), SG_OK);
    assert_int_equal(fstat(fd2, &st), 0);
    assert_int_equal(st.st_size, 0);
    close(fd2);
    close(fd);
    assert_int_equal(count_entries(up), 0);

    /* leftovers (two files, a folder) in a folder someone opened up: files go, 0700 again */
    char p1[160], p2[160], sub[160];
    snprintf(p1, sizeof p1, "%s/.upload-abc123", up);
    snprintf(p2, sizeof p2, "%s/cin_census.xml", up);
    snprintf(sub, sizeof sub, "%s/keep", up);
    put(p1, "left behind");
    put(p2, "left behind too");
    assert_int_equal(mkdir(sub, 0700), 0);
    assert_int_equal(chmod(up, 0755), 0);
    assert_int_equal(sg_upload_sweep(f->dir, &removed, &e), SG_OK);
    assert_int_equal(removed, 2);
    assert_int_equal(count_entries(up), 1);
    assert_int_equal(stat(sub, &st), 0);
    assert_int_equal(stat(up, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0700);
    assert_int_equal(sg_upload_sweep(f->dir, &removed, &e), SG_OK);
    assert_int_equal(removed, 0);

    /* opening the store sweeps too */
    put(p1, "left by a crash of an older release");
    sg_store *s2 = NULL;
    assert_int_equal(sg_store_open(f->dir, false, &s2, &e), SG_OK);
    sg_store_close(s2);
    assert_int_equal(access(p1, F_OK), -1);
    assert_int_equal(count_entries(up), 1); /* the folder "keep" */
    rmdir(sub);
}

/* ---- an unnamed file imported under the uploader's name ---- */

static const char *const police_csv =
    "child_la_id,sex,date_of_birth,episode_ref,missing_from,missing_type,start_date,end_date,"
    "return_interview_offered,return_interview_accepted\n"
    "C2,M,2010-02-02,E2,HOME,M,2024-07-01,2024-07-02,Y,N\n";

static int unnamed_with(afx *f, const char *text, char path[64])
{
    sg_error e;
    sg_error_clear(&e);
    int fd = -1;
    assert_int_equal(sg_upload_open(f->dir, &fd, &e), SG_OK);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    snprintf(path, 64, "/proc/self/fd/%d", fd);
    return fd;
}

static void test_import_named(void **state)
{
    afx *f = *state;
    char path[64];
    int fd = unnamed_with(f, police_csv, path);
    sg_error e;
    sg_error_clear(&e);

    /* a name is for one file only */
    sg_import_opts o = {.agency = "POLICE", .period = "2024-25", .user = "t", .name = "x.csv"};
    sg_import_file_result res[2];
    const char *two[2] = {path, path};
    assert_int_equal(sg_import_files(f->s, two, 2, &o, res, &e), SG_EINVAL);
    assert_int_equal(afx_q(f, "SELECT count(*) FROM submission"), 0);

    /* through the scope, as the upload page does: filed, reported and audited by name */
    sg_principal police;
    memset(&police, 0, sizeof police);
    police.user_id = 7;
    snprintf(police.username, sizeof police.username, "police1");
    police.role = SG_ROLE_AGENCY;
    snprintf(police.agency, sizeof police.agency, "POLICE");
    sg_scope sc = {f->s, &police, "127.0.0.1", 1700000000};
    sg_scope_upload up;
    assert_int_equal(sg_scope_upload_named(&sc, path, "returns_may.csv", NULL, "2024-25",
                                           "agency/police_missing", false, &up, &e),
                     SG_OK);
    assert_true(up.accepted);
    sg_scope_upload_fini(&up);
    close(fd);
    char got[256];
    afx_qs(f, "SELECT file_name FROM submission", got, sizeof got);
    assert_string_equal(got, "returns_may.csv");
    afx_qs(f, "SELECT detail FROM audit_log WHERE action = 'upload'", got, sizeof got);
    assert_string_equal(got, "POLICE 2024-25 agency/police_missing returns_may.csv: accepted");

    /* a rejected one names the file in its rows and its audit entry, never the fd path */
    fd = unnamed_with(f,
                      "child_la_id,sex,date_of_birth,episode_ref,missing_from,missing_type,"
                      "start_date,end_date,return_interview_offered,"
                      "return_interview_accepted\n"
                      "C3,F,2011-03-03,E9,HOME,M,2024-13-45,2024-05-02,Y,Y\n",
                      path);
    assert_int_equal(sg_scope_upload_named(&sc, path, "june.csv", NULL, "2024-25",
                                           "agency/police_missing", false, &up, &e),
                     SG_OK);
    assert_false(up.accepted);
    bool named = false;
    for (size_t i = 0; i < up.nitems; i++) {
        assert_null(strstr(up.items[i].file, "/proc"));
        if (strcmp(up.items[i].file, "june.csv") == 0) named = true;
    }
    assert_true(named);
    sg_scope_upload_fini(&up);
    close(fd);
    afx_qs(f, "SELECT detail FROM audit_log WHERE action = 'upload' ORDER BY seq DESC LIMIT 1", got,
           sizeof got);
    /* (the counts are the validator's business; here only what names the file) */
    const char *want = "POLICE 2024-25 agency/police_missing june.csv: rejected (";
    assert_int_equal(strncmp(got, want, strlen(want)), 0);
    assert_int_equal(afx_q(f, "SELECT count(*) FROM audit_log WHERE detail LIKE '%/proc%' OR "
                              "detail LIKE '%/fd/%'"),
                     0);
}

/* ---- the upload page over both sources of the file ---- */

typedef struct page_run {
    int status;
    char body[8192];
} page_run;

/* Runs the upload handler as a police data owner with the given form (taken over) and
 * request; returns the status and the start of the page. */
static page_run run_upload(afx *f, sg_web *w, const sg_web_req *req, sg_form *form)
{
    sg_web_resp resp;
    sg_web_resp_init(&resp);
    sg_web_ctx c;
    memset(&c, 0, sizeof c);
    c.app = w;
    c.store = f->s;
    c.req = req;
    c.resp = &resp;
    c.now = 1700000000;
    memset(&c.who, 0, sizeof c.who);
    c.who.user_id = 7;
    snprintf(c.who.username, sizeof c.who.username, "police1");
    c.who.role = SG_ROLE_AGENCY;
    snprintf(c.who.agency, sizeof c.who.agency, "POLICE");
    c.logged_in = true;
    c.scope.store = f->s;
    c.scope.who = &c.who;
    c.scope.client = "127.0.0.1";
    c.scope.now = c.now;
    c.form = *form;
    sg_form_init(form);
    sg_form_init(&c.query);
    sg_h_upload(&c);
    page_run r;
    r.status = c.resp->status;
    snprintf(r.body, sizeof r.body, "%s", sg_buf_str(&resp.body));
    sg_form_fini(&c.form);
    sg_web_resp_fini(&resp);
    return r;
}

static void test_upload_page(void **state)
{
    afx *f = *state;
    sg_web_config cfg = {.store_dir = f->dir, .threads = 1};
    sg_web *w = NULL;
    sg_error e;
    sg_error_clear(&e);
    assert_int_equal(sg_web_new(&cfg, &w, &e), SG_OK);
    char up_dir[128];
    snprintf(up_dir, sizeof up_dir, "%s/uploads", f->dir);

    /* 1. a body parsed in memory (as sg_web_handle does for a small multipart body) */
    const char *ct = "multipart/form-data; boundary=BB";
    char body[2048];
    int n = snprintf(body, sizeof body,
                     "--BB\r\nContent-Disposition: form-data; name=\"period\"\r\n\r\n2024-25\r\n"
                     "--BB\r\nContent-Disposition: form-data; name=\"format\"\r\n\r\n"
                     "agency/police_missing\r\n"
                     "--BB\r\nContent-Disposition: form-data; name=\"file\"; filename=\"may.csv\""
                     "\r\nContent-Type: text/csv\r\n\r\n%s\r\n--BB--\r\n",
                     police_csv);
    sg_form form;
    sg_form_init(&form);
    assert_int_equal(sg_form_parse_multipart(&form, body, (size_t)n, ct, &e), SG_OK);
    sg_web_req req = {.method = "POST", .path = "/upload", .query = ""};
    page_run r = run_upload(f, w, &req, &form);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "Accepted"));
    char got[256];
    afx_qs(f, "SELECT file_name FROM submission ORDER BY id DESC LIMIT 1", got, sizeof got);
    assert_string_equal(got, "may.csv");
    assert_int_equal(count_entries(up_dir), 0);

    /* 2. a body streamed to disk (body.c): the file is the unnamed file, filed by its name */
    sg_web_upload up = {.fd = -1, .field = "file", .name = "june return.csv"};
    const char *june = "child_la_id,sex,date_of_birth,episode_ref,missing_from,missing_type,"
                       "start_date,end_date,return_interview_offered,return_interview_accepted\n"
                       "C7,F,2012-05-05,E7,HOME,M,2024-06-01,2024-06-02,Y,Y\n";
    assert_int_equal(sg_upload_open(f->dir, &up.fd, &e), SG_OK);
    assert_int_equal(write(up.fd, june, strlen(june)), (ssize_t)strlen(june));
    assert_int_equal(lseek(up.fd, 0, SEEK_SET), 0);
    up.len = strlen(june);
    sg_form_init(&form);
    assert_int_equal(sg_form_add(&form, "period", "2024-25", 7, &e), SG_OK);
    assert_int_equal(sg_form_add(&form, "format", "agency/police_missing", 21, &e), SG_OK);
    req.upload = &up;
    r = run_upload(f, w, &req, &form);
    assert_int_equal(r.status, 200);
    assert_non_null(strstr(r.body, "Accepted"));
    afx_qs(f, "SELECT file_name FROM submission ORDER BY id DESC LIMIT 1", got, sizeof got);
    assert_string_equal(got, "june_return.csv"); /* sanitised */
    assert_null(strstr(r.body, "/proc"));
    assert_int_equal(fcntl(up.fd, F_GETFD), FD_CLOEXEC); /* the body's, still open: it closes */

    /* 3. a streamed file part under another field name is not the return */
    snprintf(up.field, sizeof up.field, "attachment");
    sg_form_init(&form);
    assert_int_equal(sg_form_add(&form, "period", "2024-25", 7, &e), SG_OK);
    r = run_upload(f, w, &req, &form);
    assert_int_equal(r.status, 400);
    assert_non_null(strstr(r.body, "Choose a file"));
    close(up.fd);
    assert_int_equal(afx_q(f, "SELECT count(*) FROM submission"), 2);
    assert_int_equal(afx_q(f, "SELECT count(*) FROM audit_log WHERE detail LIKE '%/proc%'"), 0);
    sg_web_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_route_bodies),
        cmocka_unit_test(test_form_add),
        cmocka_unit_test_setup_teardown(test_upload_folder, afx_setup, afx_teardown),
        cmocka_unit_test_setup_teardown(test_import_named, afx_setup, afx_teardown),
        cmocka_unit_test_setup_teardown(test_upload_page, afx_setup, afx_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
