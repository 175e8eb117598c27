/* test_originals.c - keyed names for originals and the upgrade of a store made before them
 * (tests/fixtures/orig-store-v6: schema 6, three originals under their plaintext SHA-256, an
 * account with a SHA-256 TOTP secret). Opening it migrates: the digests the submissions hold
 * and the file names are the keyed digests computed independently with Python (BLAKE2b kdf as
 * libsodium defines crypto_kdf, then HMAC-SHA-256), every original decrypts byte for byte, no
 * plaintext SHA-256 is left in any file or name of the store, and the old account still logs in
 * with SHA-256 codes. The renaming is idempotent and crash-safe: an old name next to its new
 * one, an old name alone (still readable before the next open), a dead temporary file, and a
 * damaged old copy (left, and reported) are all handled. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "access/access.h"
#include "core/digest.h"
#include "store/store.h"
#include "test_util.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const files[3] = {"population.csv", "cin_census.xml", "police_missing.csv"};
/* SHA-256 of the files in plain/ (sha256sum) and their keyed digests under the fixture's key:
 * python3: sub = blake2b(b'', digest_size=32, key=K, salt=(2).to_bytes(8,'little')+bytes(8),
 * person=b'SGORIGNM'+bytes(8)); hmac.new(sub, sha256(file).digest(), 'sha256').hexdigest() */
static const char *const plain_sha[3] = {
    "08e6904625db37ba1010533b7136e7bdb30301fcdc4185a1cd4108e9d8c0cf23",
    "ffa5f462f73b4a0e4cfbde96261861752859b62b3da244cd3d65fc47ff4408fe",
    "75a3a531674b5eff27482fe1733d5515709b0b332551564b75d2b582b0545e5e",
};
static const char *const keyed[3] = {
    "5c07e23337040c431a1fc81e46e4c8b59888d646c4da39f27495f8e7db05d89d",
    "5d3dcca50ae7ba24850c0a7898b6820c336d349add1d316853ace0aaec425c60",
    "9192ba6e431cab7201edd8e8b8e8bd7436514af7f28b21b5d1f79b6fd49387bf",
};

typedef struct fx {
    char dir[64];
    char src[1024]; /* the fixture */
} fx;

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    size_t cap = 4096, len = 0;
    char *b = malloc(cap);
    size_t r;
    while ((r = fread(b + len, 1, cap - len, f)) > 0) {
        len += r;
        if (len == cap) b = realloc(b, cap *= 2);
    }
    fclose(f);
    *n = len;
    return b;
}

static void copy_file(const char *from, const char *to)
{
    size_t n = 0;
    char *b = slurp(from, &n);
    assert_non_null(b);
    FILE *f = fopen(to, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(b, 1, n, f), n);
    fclose(f);
    chmod(to, 0600);
    free(b);
}

static void in_store(fx *f, const char *rel, char *out, size_t outsz)
{
    snprintf(out, outsz, "%s/%s", f->dir, rel);
}

static void in_fixture(fx *f, const char *rel, char *out, size_t outsz)
{
    snprintf(out, outsz, "%s/%s", f->src, rel);
}

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/sg-orig-XXXXXX");
    if (!mkdtemp(f->dir)) return -1;
    const char *t = getenv("SG_TESTS_DIR");
    snprintf(f->src, sizeof f->src, "%s/fixtures/orig-store-v6", t ? t : "../../../tests");
    char a[1400], b[1400];
    const char *top[] = {"safeguard.db", "partnership.key"};
    for (int i = 0; i < 2; i++) {
        in_fixture(f, top[i], a, sizeof a);
        in_store(f, top[i], b, sizeof b);
        copy_file(a, b);
    }
    in_store(f, "originals", b, sizeof b);
    mkdir(b, 0700);
    for (int i = 0; i < 3; i++) {
        char rel[128];
        snprintf(rel, sizeof rel, "originals/%s", plain_sha[i]);
        in_fixture(f, rel, a, sizeof a);
        in_store(f, rel, b, sizeof b);
        copy_file(a, b);
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    tu_rm_rf(f->dir);
    free(f);
    return 0;
}

static sg_store *open_it(fx *f)
{
    sg_store *s = NULL;
    sg_error e;
    sg_error_clear(&e);
    if (sg_store_open(f->dir, false, &s, &e)) fail_msg("open: %s", e.msg);
    return s;
}

static bool exists(fx *f, const char *rel)
{
    char p[1400];
    in_store(f, rel, p, sizeof p);
    return access(p, F_OK) == 0;
}

/* The decrypted original under name equals plain/<file>. */
static void same_as_plain(fx *f, sg_store *s, const char *name, const char *file)
{
    FILE *fp = NULL;
    sg_error e;
    sg_error_clear(&e);
    if (sg_store_open_original(s, name, &fp, &e)) fail_msg("open original %s: %s", file, e.msg);
    char p[1400], rel[128];
    snprintf(rel, sizeof rel, "plain/%s", file);
    in_fixture(f, rel, p, sizeof p);
    size_t want_n = 0;
    char *want = slurp(p, &want_n);
    assert_non_null(want);
    char *got = malloc(want_n + 16);
    size_t got_n = fread(got, 1, want_n + 16, fp);
    fclose(fp);
    assert_int_equal(got_n, want_n);
    assert_memory_equal(got, want, want_n);
    free(got);
    free(want);
}

/* 1 when needle (text) occurs in the file at path. */
static bool file_has(const char *path, const char *needle)
{
    size_t n = 0;
    char *b = slurp(path, &n);
    if (!b) return false;
    size_t k = strlen(needle);
    bool found = false;
    for (size_t i = 0; !found && i + k <= n; i++)
        found = memcmp(b + i, needle, k) == 0;
    free(b);
    return found;
}

static void test_fixture_migrates(void **state)
{
    fx *f = *state;
    sg_store *s = open_it(f);
    assert_int_equal(sg_store_schema_version(s), sg_schema_latest());
    assert_true(sg_schema_latest() >= 8);
    for (int i = 0; i < 3; i++) {
        char k[65];
        assert_int_equal(sg_store_keyed_digest(s, plain_sha[i], k), SG_OK);
        assert_string_equal(k, keyed[i]); /* the known answer */
        sg_submission sub;
        assert_int_equal(sg_submission_by_sha(s, keyed[i], &sub, NULL), SG_OK);
        assert_string_equal(sub.file_name, files[i]);
        assert_int_equal(sg_submission_by_sha(s, plain_sha[i], &sub, NULL), SG_ENOTFOUND);
        char rel[128];
        snprintf(rel, sizeof rel, "originals/k-%s", keyed[i]);
        assert_true(exists(f, rel));
        snprintf(rel, sizeof rel, "originals/%s", plain_sha[i]);
        assert_false(exists(f, rel));
        same_as_plain(f, s, keyed[i], files[i]);
    }
    /* No plaintext SHA-256 in any file of the store, nor in any name. */
    sg_store_close(s);
    const char *rels[] = {"safeguard.db", "safeguard.db-wal", "safeguard.db-shm"};
    for (int r = 0; r < 3; r++) {
        char p[1400];
        in_store(f, rels[r], p, sizeof p);
        for (int i = 0; i < 3; i++)
            assert_false(file_has(p, plain_sha[i]));
    }
    for (int i = 0; i < 3; i++) {
        char rel[128];
        snprintf(rel, sizeof rel, "originals/k-%s", keyed[i]);
        char p[1400];
        in_store(f, rel, p, sizeof p);
        assert_true(file_has(p, "SGORIG02"));
        for (int j = 0; j < 3; j++)
            assert_false(file_has(p, plain_sha[j]));
    }
    /* Opening again changes nothing. */
    s = open_it(f);
    sg_sweep_stats st;
    assert_int_equal(sg_store_sweep(s, &st, NULL), SG_OK);
    assert_int_equal(st.kept, 3);
    assert_int_equal(st.unreferenced_removed + st.temps_removed + st.legacy_left + st.other, 0);
    sg_store_close(s);
}

/* The account enrolled before migration 7 keeps HMAC-SHA-256 (fixture secret, README). */
static void test_fixture_account_keeps_sha256(void **state)
{
    fx *f = *state;
    sg_store *s = open_it(f);
    uint8_t key[32];
    size_t n = 0;
    assert_int_equal(
        sg_base32_decode("XMVYU7CNFM5LY65P26ZTOXQP5CZSD7K3", key, sizeof key, &n, NULL), SG_OK);
    int64_t now = 1800000015;
    char tok[SG_TOKEN_HEX + 1], code[8];
    sg_session ss;
    sg_error e;
    sg_error_clear(&e);
    if (sg_login(s, "ana", "fixture-password-7781", NULL, now, tok, &ss, &e))
        fail_msg("login: %s", e.msg);
    snprintf(code, sizeof code, "%06u", (unsigned)sg_totp_code(SG_TOTP_SHA1, key, n, now, 6));
    assert_int_equal(sg_login_totp(s, tok, code, NULL, now, &ss, NULL), SG_EAUTH);
    snprintf(code, sizeof code, "%06u", (unsigned)sg_totp_code(SG_TOTP_SHA256, key, n, now, 6));
    sg_error_clear(&e);
    if (sg_login_totp(s, tok, code, NULL, now, &ss, &e)) fail_msg("totp: %s", e.msg);
    assert_true(ss.second_factor_done);
    sg_store_close(s);
}

/* Crash states of the renaming, each repaired by the next open. */
static void test_upgrade_crash_states(void **state)
{
    fx *f = *state;
    sg_store *s = open_it(f);
    sg_store_close(s);
    char a[1400], b[1400], rel[200];
    /* (1) killed between the rename and the unlink: old and new name both there. */
    snprintf(rel, sizeof rel, "originals/%s", plain_sha[0]);
    in_fixture(f, rel, a, sizeof a);
    in_store(f, rel, b, sizeof b);
    copy_file(a, b);
    /* (2) killed before the rename: only the old name, and the dead writer's temporary file. */
    snprintf(rel, sizeof rel, "originals/k-%s", keyed[1]);
    in_store(f, rel, b, sizeof b);
    assert_int_equal(unlink(b), 0);
    snprintf(rel, sizeof rel, "originals/%s", plain_sha[1]);
    in_fixture(f, rel, a, sizeof a);
    in_store(f, rel, b, sizeof b);
    copy_file(a, b);
    snprintf(rel, sizeof rel, "originals/.k-%s.tmp-Ab12Cd", keyed[1]);
    in_store(f, rel, b, sizeof b);
    copy_file(a, b);
    s = open_it(f);
    snprintf(rel, sizeof rel, "originals/%s", plain_sha[0]);
    assert_false(exists(f, rel));
    snprintf(rel, sizeof rel, "originals/%s", plain_sha[1]);
    assert_false(exists(f, rel));
    snprintf(rel, sizeof rel, "originals/.k-%s.tmp-Ab12Cd", keyed[1]);
    assert_false(exists(f, rel));
    for (int i = 0; i < 3; i++)
        same_as_plain(f, s, keyed[i], files[i]);
    /* (3) both names resolvable: with the store open (its upgrade done), an original back under
     * its old name only is still found by its keyed digest. */
    snprintf(rel, sizeof rel, "originals/k-%s", keyed[2]);
    in_store(f, rel, b, sizeof b);
    assert_int_equal(unlink(b), 0);
    snprintf(rel, sizeof rel, "originals/%s", plain_sha[2]);
    in_fixture(f, rel, a, sizeof a);
    in_store(f, rel, b, sizeof b);
    copy_file(a, b);
    same_as_plain(f, s, keyed[2], files[2]);
    long left = -1;
    assert_int_equal(sg_store_originals_upgrade(s, &left, NULL), SG_OK);
    assert_int_equal(left, 0);
    assert_false(exists(f, rel));
    same_as_plain(f, s, keyed[2], files[2]);
    /* (4) a damaged old copy cannot be renamed: it stays, is reported, and reads as damaged. */
    snprintf(rel, sizeof rel, "originals/k-%s", keyed[0]);
    in_store(f, rel, b, sizeof b);
    assert_int_equal(unlink(b), 0);
    snprintf(rel, sizeof rel, "originals/%s", plain_sha[0]);
    in_fixture(f, rel, a, sizeof a);
    in_store(f, rel, b, sizeof b);
    copy_file(a, b);
    FILE *w = fopen(b, "r+b");
    assert_non_null(w);
    fseek(w, 40, SEEK_SET);
    int c = fgetc(w);
    fseek(w, 40, SEEK_SET);
    fputc(c ^ 1, w);
    fclose(w);
    sg_error e;
    sg_error_clear(&e);
    assert_int_equal(sg_store_originals_upgrade(s, &left, &e), SG_EPARSE);
    assert_int_equal(left, 1);
    assert_true(exists(f, rel));
    FILE *fp = NULL;
    assert_int_equal(sg_store_open_original(s, keyed[0], &fp, NULL), SG_EPARSE);
    assert_null(fp);
    sg_sweep_stats st;
    assert_int_equal(sg_store_sweep(s, &st, NULL), SG_OK);
    assert_int_equal(st.legacy_left, 1);
    assert_int_equal(st.kept, 2);
    assert_true(exists(f, rel)); /* the sweep never removes it */
    sg_store_close(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_fixture_migrates, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fixture_account_keeps_sha256, setup, teardown),
        cmocka_unit_test_setup_teardown(test_upgrade_crash_states, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
