/* cin.c - the DfE Children in Need census XML importer (format id "cin").
 *
 * Streams the file through expat and keeps only one <Child> in memory: the elements inside a
 * Child are built into a small tree in an arena that is reset after each child. At </Child> the
 * tree is mapped to canonical records (child, referral, assessment, CIN plan, s47, CP plan,
 * CP review, pre-proceedings extra) and emitted in a fixed order. Buffering the whole child is
 * what lets fields arrive in any order (ReferralNFA after Section47, DateOfInitialCPC at two
 * levels) without a second pass over the file.
 *
 * Untrusted input is bounded: element depth, text per element, elements and text bytes per
 * child, and entity declarations are refused outright (so no entity expansion of any kind, the
 * billion-laughs protection being a second line). The mapping and limits are documented in
 * docs/formats/cin.md. */
#include "ingest/ingest.h"
#include "ingest/raw.h"

#include "core/arena.h"
#include "core/buf.h"
#include "core/date.h"
#include "core/mem.h"
#include "core/pseudo.h"

/* Debian's libexpat is built with DTD support, which is what declares the billion-laughs
 * settings in expat.h; the header only shows them when the user says so. */
#ifndef XML_DTD
#define XML_DTD 1
#endif
#include <expat.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Limits (documented in docs/formats/cin.md). The real schema nests 7 deep and a child with
 * dozens of episodes has a few thousand elements, so these only stop hostile input. */
#define CIN_MAX_DEPTH 32
#define CIN_MAX_TEXT 4096                /* bytes of character data in one element */
#define CIN_MAX_CHILD_ELEMENTS 20000     /* elements inside one <Child> */
#define CIN_MAX_CHILD_TEXT (1024 * 1024) /* bytes of kept text inside one <Child> */
#define CIN_READ_CHUNK 65536

/* One element inside the current <Child> (or the <Header>): the validator's raw-view node
 * (ingest/vnode.h), so the same tree serves the importer and the validation rules. text is
 * the trimmed character data of a leaf (NULL for a container or an empty leaf): text between
 * child elements is stray and dropped. */
typedef sg_vnode cnode;

typedef struct cin_ctx {
    const sg_ingest *in;
    sg_error *err;
    XML_Parser parser;
    int rc; /* first error; stops the parser */
    int depth;
    bool seen_root;
    sg_buf text;    /* character data since the last tag (bounded) */
    sg_arena arena; /* the current child's tree; reset per child */
    cnode *child;   /* the open <Child> or <Header>, NULL outside one */
    cnode *cur;     /* innermost open element inside the child */
    long child_elements;
    size_t child_text;
    long next_local_id; /* ids for parent links when the sink gives none */
    bool in_header;     /* the open tree is the collection <Header> */
    sg_arena harena;    /* the header's tree; lives for the whole file */
    const cnode *header;
    sg_cin_child_fn fn; /* called with each complete <Child> */
    void *ud;
} cin_ctx;

/* ---- small helpers ------------------------------------------------------------------------ */

/* Element names without any namespace prefix: some management systems write "cin:Child". */
static const char *local_name(const XML_Char *name)
{
    const char *colon = strrchr(name, ':');
    return colon ? colon + 1 : name;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static void fail(cin_ctx *c, int rc)
{
    if (!c->rc) c->rc = rc;
    XML_StopParser(c->parser, XML_FALSE);
}

static long cur_line(const cin_ctx *c)
{
    return (long)XML_GetCurrentLineNumber(c->parser);
}

static long cur_col(const cin_ctx *c)
{
    return (long)XML_GetCurrentColumnNumber(c->parser) + 1;
}

static const cnode *first_named(const cnode *n, const char *name)
{
    for (const cnode *k = n ? n->first : NULL; k; k = k->next)
        if (strcmp(k->name, name) == 0) return k;
    return NULL;
}

static const char *text_of(const cnode *n)
{
    return n ? n->text : NULL;
}

/* ---- expat callbacks -------------------------------------------------------------------- */

static void XMLCALL on_start(void *ud, const XML_Char *qname, const XML_Char **atts)
{
    (void)atts;
    cin_ctx *c = ud;
    if (c->rc) return;
    const char *name = local_name(qname);
    if (++c->depth > CIN_MAX_DEPTH) {
        sg_err_at(c->err, SG_ELIMIT, c->in->name, cur_line(c), cur_col(c), name,
                  "elements are nested more than %d deep", CIN_MAX_DEPTH);
        fail(c, SG_ELIMIT);
        return;
    }
    if (!c->seen_root) {
        c->seen_root = true;
        if (strcmp(name, "Message") != 0) {
            sg_err_at(c->err, SG_EPARSE, c->in->name, cur_line(c), cur_col(c), name,
                      "the root element is <%.64s>, a CIN census file starts with <Message>", name);
            fail(c, SG_EPARSE);
            return;
        }
    }
    /* Text before a start tag belongs to the enclosing element and is stray (indentation or a
     * stray word between fields): drop it. */
    sg_buf_reset(&c->text);
    sg_arena *arena = c->in_header ? &c->harena : &c->arena;
    if (!c->child) {
        /* The collection header (depth 2, before the children) is kept for the whole file. */
        c->in_header = c->depth == 2 && !c->header && strcmp(name, "Header") == 0;
        if (c->in_header) {
            arena = &c->harena;
        } else {
            if (strcmp(name, "Child") != 0) return;
            c->in->stats->rows_read++;
        }
        sg_arena_reset(arena);
        c->child_elements = 0;
        c->child_text = 0;
    } else if (++c->child_elements > CIN_MAX_CHILD_ELEMENTS) {
        sg_err_at(c->err, SG_ELIMIT, c->in->name, cur_line(c), cur_col(c), name,
                  "a <Child> holds more than %d elements", CIN_MAX_CHILD_ELEMENTS);
        fail(c, SG_ELIMIT);
        return;
    }
    cnode *n = sg_arena_alloc(arena, sizeof *n);
    memset(n, 0, sizeof *n);
    n->name = sg_arena_strdup(arena, name);
    n->file = c->in->name;
    n->line = cur_line(c);
    n->parent = c->cur;
    if (c->cur) {
        if (c->cur->last)
            c->cur->last->next = n;
        else
            c->cur->first = n;
        c->cur->last = n;
    } else {
        c->child = n;
    }
    c->cur = n;
}

static void XMLCALL on_text(void *ud, const XML_Char *s, int len)
{
    cin_ctx *c = ud;
    if (c->rc || len <= 0) return;
    /* Only a leaf's text is kept; text outside a child or after a container's first element is
     * stray and never buffered, so it cannot hit the limit either. */
    if (!c->cur || c->cur->first) return;
    if (sg_buf_append(&c->text, s, (size_t)len) != SG_OK) {
        sg_err_at(c->err, SG_ELIMIT, c->in->name, cur_line(c), cur_col(c), c->cur->name,
                  "more than %d bytes of text in one element", CIN_MAX_TEXT);
        fail(c, SG_ELIMIT);
    }
}

static void XMLCALL on_end(void *ud, const XML_Char *qname)
{
    (void)qname;
    cin_ctx *c = ud;
    if (c->rc) return;
    c->depth--;
    if (!c->cur) {
        sg_buf_reset(&c->text);
        return;
    }
    cnode *n = c->cur;
    if (!n->first) {
        const char *s = c->text.len ? c->text.data : "";
        size_t len = c->text.len;
        while (len && is_space(*s))
            s++, len--;
        while (len && is_space(s[len - 1]))
            len--;
        if (len) {
            c->child_text += len;
            if (c->child_text > CIN_MAX_CHILD_TEXT) {
                sg_err_at(c->err, SG_ELIMIT, c->in->name, cur_line(c), cur_col(c), n->name,
                          "a <Child> holds more than %d bytes of text", CIN_MAX_CHILD_TEXT);
                fail(c, SG_ELIMIT);
                return;
            }
            n->text = sg_arena_strndup(c->in_header ? &c->harena : &c->arena, s, len);
        }
    }
    sg_buf_reset(&c->text);
    c->cur = n->parent;
    if (!c->cur) {
        if (c->in_header) {
            c->header = n;
            c->in_header = false;
            c->child = NULL;
            return;
        }
        int rc = c->fn(c->ud, c->header, n, c->err);
        c->child = NULL;
        sg_arena_reset(&c->arena);
        if (rc) fail(c, rc);
    }
}

/* Any entity declaration (internal, external, parameter, unparsed) is refused: a census file
 * has no use for one, and refusing them removes entity expansion attacks at the root. */
static void XMLCALL on_entity_decl(void *ud, const XML_Char *entity_name, int is_param,
                                   const XML_Char *value, int value_length, const XML_Char *base,
                                   const XML_Char *system_id, const XML_Char *public_id,
                                   const XML_Char *notation_name)
{
    (void)is_param, (void)value, (void)value_length, (void)base, (void)system_id;
    (void)public_id, (void)notation_name;
    cin_ctx *c = ud;
    if (c->rc) return;
    sg_err_at(c->err, SG_EPARSE, c->in->name, cur_line(c), cur_col(c), NULL,
              "the DOCTYPE declares entity '%.64s': entity declarations are not accepted in a "
              "CIN census file",
              entity_name);
    fail(c, SG_EPARSE);
}

static int XMLCALL on_external_entity(XML_Parser p, const XML_Char *context, const XML_Char *base,
                                      const XML_Char *system_id, const XML_Char *public_id)
{
    (void)p, (void)context, (void)base, (void)system_id, (void)public_id;
    return XML_STATUS_ERROR; /* never fetch anything */
}

/* ---- field tables --------------------------------------------------------------------- */

typedef enum { F_TEXT, F_DATE, F_BOOL, F_COUNT } fkind;

typedef struct fdesc {
    const char *name;
    fkind kind;
    size_t off; /* offset in sg_rec */
} fdesc;

#define FD(name, kind, member)                                                                     \
    {                                                                                              \
        name, kind, offsetof(sg_rec, u.member)                                                     \
    }

static const fdesc referral_fields[] = {
    FD("CINreferralDate", F_DATE, referral.referral_date),
    FD("ReferralSource", F_TEXT, referral.source),
    FD("PrimaryNeedCode", F_TEXT, referral.primary_need),
    FD("CINclosureDate", F_DATE, referral.closure_date),
    FD("ReasonForClosure", F_TEXT, referral.closure_reason),
    FD("DateOfInitialCPC", F_DATE, referral.initial_cpc),
    FD("ReferralNFA", F_BOOL, referral.nfa),
};
static const fdesc assessment_fields[] = {
    FD("AssessmentActualStartDate", F_DATE, assessment.start),
    FD("AssessmentInternalReviewDate", F_DATE, assessment.internal_review),
    FD("AssessmentAuthorisationDate", F_DATE, assessment.authorised),
};
static const fdesc cin_plan_fields[] = {
    FD("CINPlanStartDate", F_DATE, cin_plan.start),
    FD("CINPlanEndDate", F_DATE, cin_plan.end),
};
static const fdesc s47_fields[] = {
    FD("S47ActualStartDate", F_DATE, s47.start),
    FD("InitialCPCtarget", F_DATE, s47.icpc_target),
    FD("DateOfInitialCPC", F_DATE, s47.icpc_date),
    FD("ICPCnotRequired", F_BOOL, s47.icpc_not_required),
};
static const fdesc cp_plan_fields[] = {
    FD("CPPstartDate", F_DATE, cp_plan.start),
    FD("CPPendDate", F_DATE, cp_plan.end),
    FD("InitialCategoryOfAbuse", F_TEXT, cp_plan.initial_category),
    FD("LatestCategoryOfAbuse", F_TEXT, cp_plan.latest_category),
    FD("NumberOfPreviousCPP", F_COUNT, cp_plan.previous_plans),
};
#define NFIELDS(t) (sizeof(t) / sizeof((t)[0]))

/* Dates inside PreProceedingsandFGDM (2025-26 collection): kept as text in an extra record, but
 * checked so that a value downstream code will parse as a date really is one. */
static const char *const pp_dates[] = {
    "PPStartDate",      "LBPSentDate",  "InitialPPMeetingDate",
    "StepDecisionDate", "CourtAppDate", "LetterInitCPDate",
};

static const char *const reason_date = "not a real date (expected YYYY-MM-DD)";
static const char *const reason_bool = "not a boolean (expected true, false, TRUE, FALSE, 1 or 0)";
static const char *const reason_count = "not a whole number from 0 to 999";

/* The schema's yesnotype. Returns SG_TRI_YES/NO, or SG_TRI_UNKNOWN when not recognised. */
static int parse_bool(const char *s)
{
    if (!strcmp(s, "true") || !strcmp(s, "TRUE") || !strcmp(s, "1")) return SG_TRI_YES;
    if (!strcmp(s, "false") || !strcmp(s, "FALSE") || !strcmp(s, "0")) return SG_TRI_NO;
    return SG_TRI_UNKNOWN;
}

static int parse_count(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 3) return -1;
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

/* Fills r's fields from elem's direct children named in the table (first occurrence wins).
 * Returns NULL, or the first element in document order whose value cannot be represented, with
 * *reason set. */
static const cnode *apply_fields(sg_rec *r, const cnode *elem, const fdesc *t, size_t nt,
                                 const char **reason)
{
    unsigned seen = 0;
    char *base = (char *)r;
    for (const cnode *k = elem->first; k; k = k->next) {
        for (size_t i = 0; i < nt; i++) {
            if (strcmp(k->name, t[i].name) != 0 || (seen & (1u << i))) continue;
            seen |= 1u << i;
            if (!k->text) break; /* empty element: absent */
            switch (t[i].kind) {
            case F_TEXT:
                *(const char **)(base + t[i].off) = k->text;
                break;
            case F_DATE: {
                sg_date d = sg_date_parse_iso(k->text, strlen(k->text));
                if (d == SG_DATE_NONE) return *reason = reason_date, k;
                *(sg_date *)(base + t[i].off) = d;
                break;
            }
            case F_BOOL: {
                int b = parse_bool(k->text);
                if (b == SG_TRI_UNKNOWN) return *reason = reason_bool, k;
                *(int *)(base + t[i].off) = b;
                break;
            }
            case F_COUNT: {
                int v = parse_count(k->text);
                if (v < 0) return *reason = reason_count, k;
                *(int *)(base + t[i].off) = v;
                break;
            }
            }
            break;
        }
    }
    return NULL;
}

/* ---- emitting ----------------------------------------------------------------------------- */

static int do_emit(cin_ctx *c, sg_rec *r, int64_t *id)
{
    int64_t got = 0;
    int rc = c->in->sink->emit(c->in->sink->ctx, r, &got, c->err);
    if (rc) return rc;
    c->in->stats->records[r->type]++;
    /* A sink that keeps no ids (a fuzzer's, a counter's) still gets distinct parent links. */
    if (id) *id = got ? got : ++c->next_local_id;
    return SG_OK;
}

static int do_reject(cin_ctx *c, long line, const char *field, const char *value,
                     const char *reason)
{
    sg_reject rj = {.file = c->in->name,
                    .line = line,
                    .field = field,
                    .value = value,
                    .reason = reason,
                    .raw = NULL};
    int rc = c->in->sink->reject(c->in->sink->ctx, &rj, c->err);
    if (rc) return rc;
    c->in->stats->rejected++;
    return SG_OK;
}

/* Rejects because field element bad is not representable; the value is the text, except for
 * the child's own identity fields whose values are personal (a date of birth, a date of death). */
static int reject_field(cin_ctx *c, const cnode *bad, bool personal, const char *reason)
{
    return do_reject(c, bad->line, bad->name, personal ? NULL : bad->text, reason);
}

/* Joins the text of every element named leaf under container with single spaces (NULL when
 * there is none). The string lives in the child's arena. */
static const char *join_leaves(cin_ctx *c, const cnode *container, const char *leaf)
{
    if (!container) return NULL;
    size_t total = 0;
    for (const cnode *k = container->first; k; k = k->next)
        if (k->text && !strcmp(k->name, leaf)) total += strlen(k->text) + 1;
    if (!total) return NULL;
    char *out = sg_arena_alloc(&c->arena, total), *p = out;
    for (const cnode *k = container->first; k; k = k->next) {
        if (!k->text || strcmp(k->name, leaf)) continue;
        if (p != out) *p++ = ' ';
        size_t n = strlen(k->text);
        memcpy(p, k->text, n);
        p += n;
    }
    *p = '\0';
    return out;
}

/* Emits one record of type t for each element named name under cin (document order), with
 * parent link parent. Bad elements are rejected alone. */
static int emit_simple(cin_ctx *c, const cnode *cin, const char *child, int64_t parent,
                       const char *name, sg_rec_type t, const fdesc *fields, size_t nfields)
{
    for (const cnode *e = cin->first; e; e = e->next) {
        if (strcmp(e->name, name) != 0) continue;
        sg_rec r;
        sg_rec_init(&r, t);
        sg_strlcpy(r.child, child, sizeof r.child);
        r.line = e->line;
        r.parent = parent;
        const char *reason = NULL;
        const cnode *bad = apply_fields(&r, e, fields, nfields, &reason);
        if (bad) {
            int rc = reject_field(c, bad, false, reason);
            if (rc) return rc;
            continue;
        }
        if (t == SG_REC_ASSESSMENT)
            r.u.assessment.factors = join_leaves(c, first_named(e, "FactorsIdentifiedAtAssessment"),
                                                 "AssessmentFactors");
        int64_t id = 0;
        int rc = do_emit(c, &r, &id);
        if (rc) return rc;
        if (t != SG_REC_CP_PLAN) continue;
        /* Each review is its own record, so a bad review date loses only that review. */
        const cnode *reviews = first_named(e, "Reviews");
        for (const cnode *k = reviews ? reviews->first : NULL; k; k = k->next) {
            if (strcmp(k->name, "CPPreviewDate") != 0) continue;
            sg_rec rv;
            sg_rec_init(&rv, SG_REC_CP_REVIEW);
            sg_strlcpy(rv.child, child, sizeof rv.child);
            rv.line = k->line;
            rv.parent = id;
            if (k->text) {
                rv.u.cp_review.date = sg_date_parse_iso(k->text, strlen(k->text));
                if (rv.u.cp_review.date == SG_DATE_NONE) {
                    rc = reject_field(c, k, false, reason_date);
                    if (rc) return rc;
                    continue;
                }
            }
            rc = do_emit(c, &rv, NULL);
            if (rc) return rc;
        }
    }
    return SG_OK;
}

static int emit_preproceedings(cin_ctx *c, const cnode *cin, const char *child, int64_t parent)
{
    for (const cnode *e = cin->first; e; e = e->next) {
        if (strcmp(e->name, "PreProceedingsandFGDM") != 0) continue;
        sg_rec r;
        sg_rec_init(&r, SG_REC_EXTRA);
        sg_strlcpy(r.child, child, sizeof r.child);
        r.line = e->line;
        r.parent = parent;
        r.u.extra.table = "cin/preproceedings";
        const cnode *bad = NULL;
        const char *reason = NULL;
        for (const cnode *k = e->first; k && !bad; k = k->next) {
            if (k->first) continue; /* only leaf fields are pairs */
            if (r.u.extra.nfields == SG_EXTRA_MAX) {
                bad = k, reason = "more than 48 fields in PreProceedingsandFGDM";
                break;
            }
            for (size_t i = 0; i < NFIELDS(pp_dates); i++)
                if (k->text && !strcmp(k->name, pp_dates[i]) &&
                    sg_date_parse_iso(k->text, strlen(k->text)) == SG_DATE_NONE)
                    bad = k, reason = reason_date;
            r.u.extra.names[r.u.extra.nfields] = k->name;
            r.u.extra.values[r.u.extra.nfields] = k->text;
            r.u.extra.nfields++;
        }
        int rc = bad ? reject_field(c, bad, false, reason) : do_emit(c, &r, NULL);
        if (rc) return rc;
    }
    return SG_OK;
}

static int emit_cindetails(cin_ctx *c, const cnode *cin, const char *child)
{
    sg_rec r;
    sg_rec_init(&r, SG_REC_REFERRAL);
    sg_strlcpy(r.child, child, sizeof r.child);
    r.line = cin->line;
    const char *reason = NULL;
    const cnode *bad = apply_fields(&r, cin, referral_fields, NFIELDS(referral_fields), &reason);
    if (bad) return reject_field(c, bad, false, reason);
    int64_t id = 0;
    int rc = do_emit(c, &r, &id);
    if (!rc)
        rc = emit_simple(c, cin, child, id, "Assessments", SG_REC_ASSESSMENT, assessment_fields,
                         NFIELDS(assessment_fields));
    if (!rc)
        rc = emit_simple(c, cin, child, id, "CINPlanDates", SG_REC_CIN_PLAN, cin_plan_fields,
                         NFIELDS(cin_plan_fields));
    if (!rc)
        rc = emit_simple(c, cin, child, id, "Section47", SG_REC_S47, s47_fields,
                         NFIELDS(s47_fields));
    if (!rc)
        rc = emit_simple(c, cin, child, id, "ChildProtectionPlans", SG_REC_CP_PLAN, cp_plan_fields,
                         NFIELDS(cp_plan_fields));
    if (!rc) rc = emit_preproceedings(c, cin, child, id);
    return rc;
}

/* Adds a pseudonym for raw (a UPN) to the child's extra keys unless empty or already there. */
static void add_key(const cin_ctx *c, sg_rec_child *ch, sg_id_kind kind, const char *raw)
{
    char ps[SG_PSEUDO_LEN + 1];
    if (!raw || ch->nkeys == SG_CHILD_MAX_KEYS) return;
    if (sg_pseudo_make(c->in->pseudo, kind, raw, strlen(raw), ps) != SG_OK) return;
    for (int i = 0; i < ch->nkeys; i++)
        if (!strcmp(ch->keys[i], ps)) return;
    sg_strlcpy(ch->keys[ch->nkeys++], ps, sizeof ch->keys[0]);
}

/* Parses a present date field of the child's identity. Returns false (and the node) when the
 * value is not a real date; absent leaves *out untouched. */
static bool identity_date(const cnode *n, sg_date *out)
{
    if (!n || !n->text) return true;
    *out = sg_date_parse_iso(n->text, strlen(n->text));
    return *out != SG_DATE_NONE;
}

/* Maps one complete <Child>: a bad identity rejects everything in it (one rejected row). */
static int emit_child(cin_ctx *c, const cnode *child)
{
    const cnode *ids = first_named(child, "ChildIdentifiers");
    const cnode *la = first_named(ids, "LAchildID");
    char pseudo[SG_PSEUDO_LEN + 1];
    if (!la) return do_reject(c, child->line, "LAchildID", NULL, "no LAchildID in this Child");
    if (!la->text ||
        sg_pseudo_make(c->in->pseudo, SG_ID_LA, la->text, strlen(la->text), pseudo) != SG_OK)
        return do_reject(c, la->line, "LAchildID", NULL, "LAchildID is empty");

    sg_rec r;
    sg_rec_init(&r, SG_REC_CHILD);
    sg_strlcpy(r.child, pseudo, sizeof r.child);
    r.line = child->line;
    sg_rec_child *ch = &r.u.child;

    /* Dates of the child's identity are checked in document order so the first bad one is the
     * one reported; their values are personal, so rejections carry no value. */
    const char *date_names[] = {"PersonBirthDate", "ExpectedPersonBirthDate", "PersonDeathDate"};
    sg_date dates[3] = {SG_DATE_NONE, SG_DATE_NONE, SG_DATE_NONE};
    for (const cnode *k = ids ? ids->first : NULL; k; k = k->next) {
        for (int i = 0; i < 3; i++) {
            if (strcmp(k->name, date_names[i]) != 0 || k != first_named(ids, date_names[i]))
                continue;
            if (!identity_date(k, &dates[i])) return reject_field(c, k, true, reason_date);
        }
    }
    int y, m, d;
    if (dates[0] != SG_DATE_NONE) {
        sg_date_to_ymd(dates[0], &y, &m, &d);
        ch->birth_year = y, ch->birth_month = m;
    } else if (dates[1] != SG_DATE_NONE) {
        sg_date_to_ymd(dates[1], &y, &m, &d);
        ch->birth_year = y, ch->birth_month = m;
        ch->expected_birth = 1;
    }
    if (dates[2] != SG_DATE_NONE) {
        sg_date_to_ymd(dates[2], &y, &m, &d);
        ch->death_year = y, ch->death_month = m;
    }
    add_key(c, ch, SG_ID_UPN, text_of(first_named(ids, "UPN")));
    add_key(c, ch, SG_ID_UPN, text_of(first_named(ids, "FormerUPN")));
    ch->upn_unknown = text_of(first_named(ids, "UPNunknown"));
    /* Sex replaced GenderCurrent from 2024-25; a file in transition may carry both. */
    ch->sex = text_of(first_named(ids, "Sex"));
    if (!ch->sex) ch->sex = text_of(first_named(ids, "GenderCurrent"));
    const cnode *chars = first_named(child, "ChildCharacteristics");
    ch->ethnicity = text_of(first_named(chars, "Ethnicity"));
    ch->disabilities = join_leaves(c, first_named(chars, "Disabilities"), "Disability");

    int rc = do_emit(c, &r, NULL);
    for (const cnode *k = child->first; k && !rc; k = k->next)
        if (!strcmp(k->name, "CINdetails")) rc = emit_cindetails(c, k, pseudo);
    return rc;
}

/* ---- the driver -------------------------------------------------------------------------- */

static XML_Parser make_parser(cin_ctx *c)
{
    XML_Parser p = XML_ParserCreate(NULL);
    if (!p) return NULL;
    XML_SetUserData(p, c);
    XML_SetElementHandler(p, on_start, on_end);
    XML_SetCharacterDataHandler(p, on_text);
    XML_SetEntityDeclHandler(p, on_entity_decl);
    XML_SetExternalEntityRefHandler(p, on_external_entity);
    XML_SetParamEntityParsing(p, XML_PARAM_ENTITY_PARSING_NEVER);
#if XML_MAJOR_VERSION > 2 || (XML_MAJOR_VERSION == 2 && XML_MINOR_VERSION >= 4)
    /* Second line of defence behind the refusal of entity declarations. */
    XML_SetBillionLaughsAttackProtectionMaximumAmplification(p, 10.0f);
    XML_SetBillionLaughsAttackProtectionActivationThreshold(p, 1024 * 1024);
#endif
    return p;
}

static int import_child(void *ud, const sg_vnode *header, const sg_vnode *child, sg_error *err);

/* Streams in->fp through expat, calling fn(ud, header, child) for each complete <Child> (the
 * importer's own callback gets the parser's context as ud). */
static int cin_run(const sg_ingest *in, sg_cin_child_fn fn, void *ud, sg_error *err)
{
    cin_ctx c;
    memset(&c, 0, sizeof c);
    c.in = in;
    c.err = err;
    c.fn = fn;
    c.ud = fn == import_child ? (void *)&c : ud;
    sg_buf_init(&c.text, CIN_MAX_TEXT);
    sg_arena_init(&c.arena, 64 * 1024);
    sg_arena_init(&c.harena, 4 * 1024);
    c.parser = make_parser(&c);
    if (!c.parser) {
        c.rc = sg_err_at(err, SG_ENOMEM, in->name, 0, 0, NULL, "cannot create an XML parser");
        goto out;
    }
    for (;;) {
        void *buf = XML_GetBuffer(c.parser, CIN_READ_CHUNK);
        if (!buf) {
            c.rc = sg_err_at(err, SG_ENOMEM, in->name, 0, 0, NULL, "XML parser out of memory");
            goto out;
        }
        size_t n = fread(buf, 1, CIN_READ_CHUNK, in->fp);
        if (n < CIN_READ_CHUNK && ferror(in->fp)) {
            c.rc = sg_err_at(err, SG_EIO, in->name, cur_line(&c), 0, NULL, "read error");
            goto out;
        }
        bool final = n == 0;
        if (XML_ParseBuffer(c.parser, (int)n, final) == XML_STATUS_ERROR) {
            if (!c.rc) {
                enum XML_Error code = XML_GetErrorCode(c.parser);
                c.rc = SG_EPARSE;
#if XML_MAJOR_VERSION > 2 || (XML_MAJOR_VERSION == 2 && XML_MINOR_VERSION >= 4)
                if (code == XML_ERROR_AMPLIFICATION_LIMIT_BREACH) c.rc = SG_ELIMIT;
#endif
                sg_err_at(err, c.rc, in->name, cur_line(&c), cur_col(&c), NULL,
                          "not well-formed XML: %s", XML_ErrorString(code));
            }
            goto out;
        }
        if (c.rc) goto out; /* stopped with XML_FALSE reports an error above; belt and braces */
        if (final) break;
    }
out:
    if (c.parser) XML_ParserFree(c.parser);
    sg_arena_fini(&c.arena);
    sg_arena_fini(&c.harena);
    sg_buf_fini(&c.text);
    return c.rc;
}

/* The importer's callback: maps one <Child> to records (ud is the parser's own context). */
static int import_child(void *ud, const sg_vnode *header, const sg_vnode *child, sg_error *err)
{
    (void)header, (void)err;
    return emit_child(ud, child);
}

int sg_cin_import(const sg_ingest *in, sg_error *err)
{
    return cin_run(in, import_child, NULL, err);
}

int sg_cin_parse(FILE *fp, const char *name, sg_cin_child_fn fn, void *ud, sg_error *err)
{
    if (!fp || !fn) return sg_err(err, SG_EINVAL, "sg_cin_parse needs an input and a callback");
    sg_import_stats stats;
    memset(&stats, 0, sizeof stats);
    sg_ingest in = {.fp = fp, .name = name ? name : "(input)", .format = "cin", .stats = &stats};
    return cin_run(&in, fn, ud, err);
}
