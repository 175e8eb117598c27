/* test_codes.c - the DfE code sets table (core/codes.h): every set the code names is in the
 * embedded file, sets hold the codes of the specifications (spot checks written from the CIN
 * census and SSDA903 2024-25 specifications), look-ups ignore case, and the generator's
 * weight tables are as long as the sets they weigh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/codes.h"
#include "registers/lado_views.h"
#include "registers/register.h"
#include "synth/synth_int.h"

#include <string.h>

static void test_every_set_present(void **state)
{
    (void)state;
    for (int id = 0; id < SG_CS__COUNT; id++) {
        const sg_code_set *s = sg_code_set_get((sg_code_set_id)id); /* aborts when missing */
        assert_non_null(s->name);
        assert_true(s->n > 0);
        assert_non_null(s->source);
        /* the list and the codes one by one agree */
        size_t words = 1;
        for (const char *p = s->list; *p; p++)
            words += *p == ' ';
        assert_int_equal(words, s->n);
        assert_ptr_equal(sg_code_set_for_year((sg_code_set_id)id, 2025), s);
    }
}

static void test_known_codes(void **state)
{
    (void)state;
    const sg_code_set *eth = sg_code_set_get(SG_CS_ETHNICITY);
    assert_string_equal(eth->name, "ethnicity");
    assert_int_equal(eth->n, 20);
    assert_string_equal(eth->code[0], "WBRI");
    assert_string_equal(eth->code[19], "NOBT");
    const sg_code_set *cat = sg_code_set_get(SG_CS_CIN_ABUSE_CATEGORY);
    assert_string_equal(cat->list, "NEG EMO PHY SAB MUL");
    assert_int_equal(sg_code_index(cat, "emo"), 1); /* case ignored */
    assert_int_equal(sg_code_index(cat, "MUL"), 4);
    assert_int_equal(sg_code_index(cat, "ABC"), 5); /* not a code: n */
    assert_int_equal(sg_code_index(cat, NULL), 5);
    assert_int_equal(sg_code_set_get(SG_CS_903_LEGAL_STATUS)->n, 13);
    /* SEX changed in 2024-25: 1 2 up to 2023-24, M F U from then (the latest) */
    assert_string_equal(sg_codes(SG_CS_903_SEX), "M F U");
    assert_string_equal(sg_code_set_for_year(SG_CS_903_SEX, 2024)->list, "1 2");
    assert_string_equal(sg_code_set_for_year(SG_CS_903_SEX, 2023)->list, "1 2");
    assert_string_equal(sg_code_set_for_year(SG_CS_903_SEX, 2025)->list, "M F U");
    assert_string_equal(sg_code_set_for_year(SG_CS_903_SEX, 2026)->list, "M F U");
    /* UPN LA codes: 942 and 943 from 2023-24 (2024), not in 2022-23 (2023); 193 + 2 codes */
    const sg_code_set *la23 = sg_code_set_for_year(SG_CS_CIN_UPN_LA, 2023);
    const sg_code_set *la24 = sg_code_set_for_year(SG_CS_CIN_UPN_LA, 2024);
    assert_int_equal(la23->n, 193);
    assert_int_equal(la24->n, 195);
    assert_int_equal(sg_code_index(la23, "942"), la23->n);
    assert_int_not_equal(sg_code_index(la24, "942"), la24->n);
    assert_int_not_equal(sg_code_index(la24, "943"), la24->n);
    assert_int_equal(sg_code_index(la24, "944"), la24->n);
    assert_int_equal(sg_code_index(la24, "999"), la24->n);
    assert_int_not_equal(sg_code_index(la23, "341"), la23->n);
    assert_ptr_equal(sg_code_set_for_year(SG_CS_CIN_UPN_LA, 2026), la24);
    assert_string_equal(sg_codes(SG_CS_903_ACTIVITY), "F1 P1 F2 P2 F4 P4 F5 P5 G4 G5 G6 0");
    const sg_code_set *f = sg_code_set_get(SG_CS_CIN_FACTOR);
    assert_int_equal(f->n, 44);
    assert_int_not_equal(sg_code_index(f, "18A"), f->n);
    assert_int_not_equal(sg_code_index(f, "19A"), f->n);
}

/* The generator draws by index with weights in the sets' order: sizes must match. */
static void test_generator_sizes(void **state)
{
    (void)state;
    assert_int_equal(sg_code_set_get(SG_CS_CIN_REFERRAL_SOURCE)->n, SYN_NSOURCE);
    assert_int_equal(sg_code_set_get(SG_CS_CIN_PRIMARY_NEED)->n, SYN_NNEED);
    assert_int_equal(sg_code_set_get(SG_CS_ETHNICITY)->n, SYN_NETH);
    assert_int_equal(sg_code_set_get(SG_CS_CIN_DISABILITY)->n, SYN_NDIS + 1);
    assert_string_equal(sg_code_set_get(SG_CS_CIN_DISABILITY)->code[0], "NONE");
    assert_string_equal(syn_dis[0], "MOB");
    assert_int_equal(sg_code_set_get(SG_CS_CIN_ABUSE_CATEGORY)->n, SYN_NCAT);
    assert_int_equal(sg_code_set_get(SG_CS_903_LEGAL_STATUS)->n, SYN_NLS);
    assert_int_equal(sg_code_set_get(SG_CS_903_PLACEMENT)->n, SYN_NPLACE);
    assert_int_equal(sg_code_set_get(SG_CS_903_REASON_CEASED)->n, SYN_NREC);
    assert_int_equal(sg_code_set_get(SG_CS_903_REASON_PLACE_CHANGE)->n, SYN_NRPC);
    assert_int_equal(sg_code_set_get(SG_CS_903_PLACEMENT_PROVIDER)->n, SYN_NPROV);
    /* the generator's factors: the CIN set without the two it only queries */
    const sg_code_set *f = sg_code_set_get(SG_CS_CIN_FACTOR);
    assert_int_equal(f->n, SYN_NFACTOR + 2);
    for (int i = 0; i < SYN_NFACTOR; i++)
        assert_int_not_equal(sg_code_index(f, syn_factor[i]), f->n);
}

/* The LADO register's code lists (with their meanings) hold the same codes in the same order. */
static void same_codes(const char *column, sg_code_set_id id)
{
    const sg_register *lado = &sg_reg_lado;
    const sg_reg_code *codes = NULL;
    for (int i = 0; i < lado->ncols; i++)
        if (strcmp(lado->cols[i].name, column) == 0) codes = lado->cols[i].codes;
    assert_non_null(codes);
    const sg_code_set *set = sg_code_set_get(id);
    size_t n = 0;
    for (; codes[n].code; n++) {
        assert_true(n < set->n);
        assert_string_equal(codes[n].code, set->code[n]);
    }
    assert_int_equal(n, set->n);
}

static void test_lado_sets(void **state)
{
    (void)state;
    same_codes("category", SG_CS_LADO_CATEGORY);
    same_codes("outcome", SG_CS_LADO_OUTCOME);
    const sg_code_set *out = sg_code_set_get(SG_CS_LADO_OUTCOME);
    assert_string_equal(out->code[out->n - 1], "ONGOING"); /* the generator draws the others */
    /* the other agency-template sets the generator indexes: sizes its draws assume */
    assert_int_equal(sg_code_set_get(SG_CS_LADO_EMPLOYMENT_SECTOR)->n, 12);
    assert_int_equal(sg_code_set_get(SG_CS_POLICE_EVENT_TYPE)->n, 4);
    assert_string_equal(sg_code_set_get(SG_CS_POLICE_EVENT_TYPE)->code[3], "VPR");
    assert_int_equal(sg_code_set_get(SG_CS_VPR_TYPE)->n, 8);
    assert_int_equal(sg_code_set_get(SG_CS_EARLY_HELP_OUTCOME)->n, 6);
    assert_string_equal(sg_code_set_get(SG_CS_EARLY_HELP_OUTCOME)->code[0], "ONGOING");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_set_present),
        cmocka_unit_test(test_known_codes),
        cmocka_unit_test(test_generator_sizes),
        cmocka_unit_test(test_lado_sets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
