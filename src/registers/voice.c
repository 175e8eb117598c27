/* voice.c - the children's voice registers: descriptors, option lists, the answer counts, the
 * wide (one row per respondent) response import and export, and the view. */
#include "registers/voice.h"

#include "core/mem.h"
#include "core/num.h"
#include "ingest/csv.h"
#include "registers/view.h"
#include "store/export.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const sg_reg_col survey_cols[] = {
    {.name = "survey",
     .type = SG_RT_TEXT,
     .flags = SG_RF_KEY | SG_RF_BRIEF,
     .max = 40,
     .doc = "the survey's code, e.g. SAFE-2024"},
    {.name = "title",
     .type = SG_RT_TEXT,
     .flags = SG_RF_REQUIRED | SG_RF_BRIEF,
     .max = 200,
     .doc = "its title, e.g. Do you feel safe? (secondary schools)"},
    {.name = "audience",
     .type = SG_RT_TEXT,
     .max = 200,
     .doc = "who was asked, e.g. children aged 11-16 in secondary schools"},
    {.name = "open_date",
     .type = SG_RT_DATE,
     .flags = SG_RF_REQUIRED | SG_RF_BRIEF,
     .doc = "when it opened"},
    {.name = "close_date",
     .type = SG_RT_DATE,
     .flags = SG_RF_BRIEF,
     .not_before = "open_date",
     .doc = "when it closed"},
};

static const sg_reg_col question_cols[] = {
    {.name = "survey",
     .type = SG_RT_REF,
     .flags = SG_RF_KEY | SG_RF_BRIEF,
     .ref = "voice_survey",
     .doc = "the survey"},
    {.name = "question",
     .type = SG_RT_TEXT,
     .flags = SG_RF_KEY | SG_RF_BRIEF,
     .max = SG_VOICE_CODE_MAX,
     .doc = "the question's code within the survey, e.g. Q1"},
    {.name = "position",
     .type = SG_RT_INT,
     .flags = SG_RF_BRIEF,
     .min = 1,
     .max = SG_VOICE_MAX_QUESTIONS,
     .doc = "its place in the survey (views list in this order)"},
    {.name = "text",
     .type = SG_RT_TEXT,
     .flags = SG_RF_REQUIRED | SG_RF_BRIEF,
     .max = 1000,
     .doc = "the question as asked"},
    {.name = "options",
     .type = SG_RT_TEXT,
     .flags = SG_RF_REQUIRED,
     .max = 8000,
     .doc = "the answer options, CODE=Label separated by ';', e.g. YES=Yes;NO=No"},
};

static const sg_reg_col response_cols[] = {
    {.name = "survey",
     .type = SG_RT_REF,
     .flags = SG_RF_KEY | SG_RF_BRIEF,
     .ref = "voice_survey",
     .doc = "the survey"},
    {.name = "respondent",
     .type = SG_RT_TEXT,
     .flags = SG_RF_KEY | SG_RF_BRIEF,
     .max = 40,
     .doc = "the survey tool's response number (never a name)"},
    {.name = "question",
     .type = SG_RT_TEXT,
     .flags = SG_RF_KEY | SG_RF_BRIEF,
     .max = SG_VOICE_CODE_MAX,
     .doc = "the question's code"},
    {.name = "answer",
     .type = SG_RT_TEXT,
     .flags = SG_RF_REQUIRED | SG_RF_BRIEF,
     .max = SG_VOICE_CODE_MAX,
     .doc = "the option code chosen"},
};

/* ---- options ---- */

int sg_voice_parse_options(const char *text, sg_voice_option *opts, int *n, sg_error *err)
{
    *n = 0;
    const char *p = text ? text : "";
    while (*p) {
        const char *end = strchr(p, ';');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *eq = memchr(p, '=', len);
        if (!eq)
            return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "options",
                             "option '%.*s' is not CODE=Label", (int)(len > 60 ? 60 : len), p);
        size_t clen = (size_t)(eq - p), llen = len - clen - 1;
        while (clen && p[clen - 1] == ' ')
            clen--;
        const char *code = p;
        while (clen && *code == ' ')
            code++, clen--;
        const char *label = eq + 1;
        while (llen && *label == ' ')
            label++, llen--;
        while (llen && label[llen - 1] == ' ')
            llen--;
        if (clen == 0 || clen > SG_VOICE_CODE_MAX || llen == 0)
            return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "options",
                             "option '%.*s' needs a code (1-%d characters) and a label",
                             (int)(len > 60 ? 60 : len), p, SG_VOICE_CODE_MAX);
        for (size_t i = 0; i < clen; i++)
            if (!(isupper((unsigned char)code[i]) || isdigit((unsigned char)code[i]) ||
                  code[i] == '_'))
                return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "options",
                                 "option code '%.*s' may hold only A-Z, 0-9 and _", (int)clen,
                                 code);
        if (*n >= SG_VOICE_MAX_OPTIONS)
            return sg_err_at(err, SG_ELIMIT, NULL, 0, 0, "options", "more than %d options",
                             SG_VOICE_MAX_OPTIONS);
        sg_voice_option *o = &opts[*n];
        snprintf(o->code, sizeof o->code, "%.*s", (int)clen, code);
        snprintf(o->label, sizeof o->label, "%.*s", (int)llen, label);
        for (int i = 0; i < *n; i++)
            if (strcmp(opts[i].code, o->code) == 0)
                return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "options",
                                 "option code '%s' appears twice", o->code);
        (*n)++;
        p = end ? end + 1 : p + len;
    }
    if (*n < 2)
        return sg_err_at(err, SG_EINVAL, NULL, 0, 0, "options",
                         "a question needs at least 2 options");
    return SG_OK;
}

static int question_check(const sg_register *reg, const sg_reg_record *rec, sg_error *err)
{
    (void)reg;
    sg_voice_option *opts = xcalloc(SG_VOICE_MAX_OPTIONS, sizeof *opts);
    int n = 0;
    int rc = sg_voice_parse_options(sg_reg_get(rec, "options"), opts, &n, err);
    free(opts);
    return rc;
}

/* ---- counts ---- */

static const char *str0(const char *s)
{
    return s ? s : "";
}

typedef struct qref {
    const sg_reg_record *rec;
    long long pos;
} qref;

static int qref_cmp(const void *a, const void *b)
{
    const qref *x = a, *y = b;
    if (x->pos != y->pos) return x->pos < y->pos ? -1 : 1;
    return strcmp(str0(sg_reg_get(x->rec, "question")), str0(sg_reg_get(y->rec, "question")));
}

/* The survey's questions in position order (unpositioned last); *n the count; caller frees. */
static qref *survey_questions(const sg_reg_set *questions, const char *survey, size_t *n)
{
    qref *q = xcalloc(questions->n + 1, sizeof *q);
    *n = 0;
    for (size_t i = 0; i < questions->n; i++) {
        const sg_reg_record *r = &questions->rec[i];
        if (strcmp(str0(sg_reg_get(r, "survey")), survey) != 0) continue;
        q[*n].rec = r;
        if (sg_reg_get_int(r, "position", &q[*n].pos) != SG_OK) q[*n].pos = 1000000;
        (*n)++;
    }
    qsort(q, *n, sizeof *q, qref_cmp);
    return q;
}

void sg_voice_result_fini(sg_voice_result *r)
{
    if (!r) return;
    free(r->q);
    memset(r, 0, sizeof *r);
}

int sg_voice_compute(const sg_reg_set *questions, const sg_reg_set *responses, const char *survey,
                     sg_voice_result *out)
{
    memset(out, 0, sizeof *out);
    sg_strlcpy(out->survey, str0(survey), sizeof out->survey);
    size_t nq = 0;
    qref *qs = survey_questions(questions, out->survey, &nq);
    out->q = xcalloc(nq + 1, sizeof *out->q);
    out->nq = nq;
    sg_voice_option *opts = xcalloc(SG_VOICE_MAX_OPTIONS, sizeof *opts);
    for (size_t i = 0; i < nq; i++) {
        sg_voice_question_result *q = &out->q[i];
        sg_strlcpy(q->question, str0(sg_reg_get(qs[i].rec, "question")), sizeof q->question);
        int n = 0;
        if (sg_voice_parse_options(sg_reg_get(qs[i].rec, "options"), opts, &n, NULL) != SG_OK)
            n = 0;
        q->noptions = n;
        for (int k = 0; k < n; k++)
            memcpy(q->option[k].code, opts[k].code, sizeof opts[k].code);
    }
    free(opts);
    free(qs);
    /* Responses are in key order (survey/respondent/question), so a respondent's responses
     * are together: count a respondent when the respondent changes. */
    const char *last = NULL;
    for (size_t i = 0; i < responses->n; i++) {
        const sg_reg_record *r = &responses->rec[i];
        if (strcmp(str0(sg_reg_get(r, "survey")), out->survey) != 0) continue;
        const char *who = str0(sg_reg_get(r, "respondent"));
        if (!last || strcmp(last, who) != 0) out->respondents++;
        last = who;
        const char *qc = str0(sg_reg_get(r, "question")), *a = str0(sg_reg_get(r, "answer"));
        for (size_t j = 0; j < out->nq; j++) {
            sg_voice_question_result *q = &out->q[j];
            if (strcmp(q->question, qc) != 0) continue;
            int k = 0;
            while (k < q->noptions && strcmp(q->option[k].code, a) != 0)
                k++;
            if (k < q->noptions) {
                q->option[k].count++;
                q->answered++;
            } else {
                q->unrecognised++;
            }
        }
    }
    for (size_t j = 0; j < out->nq; j++)
        for (int k = 0; k < out->q[j].noptions; k++) {
            sg_voice_answer *a = &out->q[j].option[k];
            a->has_pct = sg_pct(a->count, out->q[j].answered, &a->pct) == SG_OK;
        }
    return SG_OK;
}

/* ---- wide import and export ---- */

/* Relocates an error from the engine (which knows no CSV position) onto the cell. */
static int at_cell(sg_error *err, int rc, const char *file, const sg_csv_field *f,
                   const char *field)
{
    if (err) {
        sg_strlcpy(err->file, file, sizeof err->file);
        err->line = f ? f->line : 0;
        err->column = f ? f->column : 0;
        sg_strlcpy(err->field, field, sizeof err->field);
    }
    return rc;
}

int sg_voice_import_wide(sg_store *s, const char *survey, FILE *fp, const char *name,
                         const char *user, sg_reg_import_stats *st, sg_error *err)
{
    memset(st, 0, sizeof *st);
    if (!survey || !*survey) return sg_err(err, SG_EINVAL, "no survey given");
    sg_reg_record sv; /* initialised by sg_reg_get_record */
    int rc = sg_reg_get_record(s, &sg_reg_voice_survey, survey, &sv, err);
    sg_reg_record_fini(&sv);
    if (rc == SG_ENOTFOUND)
        return sg_err(err, SG_ENOTFOUND, "there is no survey '%.60s' (add it first)", survey);
    if (rc) return rc;

    sg_reg_set questions, existing;
    memset(&existing, 0, sizeof existing);
    rc = sg_reg_load(s, &sg_reg_voice_question, &questions, err);
    if (!rc) rc = sg_reg_load(s, &sg_reg_voice_response, &existing, err);
    size_t nq = 0;
    qref *qs = rc ? NULL : survey_questions(&questions, survey, &nq);
    sg_csv *csv = sg_csv_new(fp, name, NULL);
    /* Per file column: the question record (NULL for the respondent column) and options. */
    const sg_reg_record **colq = NULL;
    sg_voice_option(*colopt)[SG_VOICE_MAX_OPTIONS] = NULL;
    int *ncolopt = NULL, respondent_col = -1;
    size_t ncols = 0;
    bool began = false;
    if (rc) goto out;

    const sg_csv_row *row = NULL;
    if ((rc = sg_csv_next(csv, &row, err))) goto out;
    if (!row) {
        rc = sg_err_at(err, SG_EPARSE, name, 1, 0, NULL,
                       "the file is empty: a header row with "
                       "respondent and the question codes is required");
        goto out;
    }
    ncols = row->nfields;
    colq = xcalloc(ncols + 1, sizeof *colq);
    colopt = xcalloc(ncols + 1, sizeof *colopt);
    ncolopt = xcalloc(ncols + 1, sizeof *ncolopt);
    for (size_t c = 0; c < ncols; c++) {
        const sg_csv_field *f = &row->f[c];
        if (sg_csv_name_eq(f->ptr, f->len, "respondent") && respondent_col < 0) {
            respondent_col = (int)c;
            continue;
        }
        for (size_t j = 0; j < nq && !colq[c]; j++)
            if (sg_csv_name_eq(f->ptr, f->len, str0(sg_reg_get(qs[j].rec, "question"))))
                colq[c] = qs[j].rec;
        if (!colq[c]) {
            rc = sg_err_at(err, SG_EPARSE, name, f->line, f->column, f->ptr,
                           "column '%.60s' is not a question of survey %s", f->ptr, survey);
            goto out;
        }
        sg_voice_parse_options(sg_reg_get(colq[c], "options"), colopt[c], &ncolopt[c], NULL);
    }
    if (respondent_col < 0) {
        rc = sg_err_at(err, SG_EPARSE, name, 1, 0, "respondent",
                       "missing required column 'respondent'");
        goto out;
    }
    if ((rc = sg_store_begin(s, err))) goto out;
    began = true;
    while ((rc = sg_csv_next(csv, &row, err)) == SG_OK && row) {
        bool blank = true;
        for (size_t c = 0; c < row->nfields && blank; c++)
            blank = row->f[c].len == 0;
        if (blank) continue;
        if (++st->rows > SG_REG_MAX_ROWS) {
            rc = sg_err_at(err, SG_ELIMIT, name, row->line, 0, NULL, "more than %d rows",
                           SG_REG_MAX_ROWS);
            goto out;
        }
        const sg_csv_field *rf =
            (size_t)respondent_col < row->nfields ? &row->f[respondent_col] : NULL;
        if (!rf || rf->len == 0) {
            rc = sg_err_at(err, SG_EINVAL, name, row->line, rf ? rf->column : 0, "respondent",
                           "respondent is blank (row %ld)", st->rows);
            goto out;
        }
        for (size_t c = 0; c < ncols && c < row->nfields; c++) {
            if (!colq[c] || row->f[c].len == 0) continue;
            const sg_csv_field *f = &row->f[c];
            const char *qcode = sg_reg_get(colq[c], "question");
            int k = 0;
            while (k < ncolopt[c] && strcasecmp(colopt[c][k].code, f->ptr) != 0)
                k++;
            if (k == ncolopt[c]) {
                rc = sg_err_at(err, SG_EINVAL, name, f->line, f->column, qcode,
                               "'%.60s' is not an answer option of question %s (row %ld)", f->ptr,
                               qcode, st->rows);
                goto out;
            }
            const sg_reg_field fields[] = {{"survey", survey},
                                           {"respondent", rf->ptr},
                                           {"question", qcode},
                                           {"answer", colopt[c][k].code}};
            char key[SG_REG_KEY_MAX + 1];
            snprintf(key, sizeof key, "%s/%s/%s", survey, rf->ptr, qcode);
            if (sg_reg_set_find(&existing, key)) {
                int changed = 0;
                rc = sg_reg_update(s, &sg_reg_voice_response, key, fields + 3, 1, user, &changed,
                                   err);
                if (!rc) changed ? st->updated++ : st->unchanged++;
            } else {
                rc = sg_reg_add(s, &sg_reg_voice_response, fields, 4, user, NULL, err);
                if (!rc) st->added++;
            }
            if (rc) {
                rc = at_cell(err, rc, name, f, qcode);
                goto out;
            }
        }
    }
    if (rc) goto out;
    rc = sg_store_commit(s, err);
    began = rc != SG_OK;
out:
    if (began) sg_store_rollback(s);
    if (rc) memset(st, 0, sizeof *st);
    sg_csv_free(csv);
    free(colq);
    free(colopt);
    free(ncolopt);
    free(qs);
    sg_reg_set_fini(&questions);
    sg_reg_set_fini(&existing);
    return rc;
}

int sg_voice_export_wide(sg_store *s, const char *survey, FILE *out, sg_error *err)
{
    sg_reg_set questions, responses;
    memset(&responses, 0, sizeof responses);
    int rc = sg_reg_load(s, &sg_reg_voice_question, &questions, err);
    if (!rc) rc = sg_reg_load(s, &sg_reg_voice_response, &responses, err);
    if (rc) {
        sg_reg_set_fini(&questions);
        sg_reg_set_fini(&responses);
        return rc;
    }
    size_t nq = 0;
    qref *qs = survey_questions(&questions, survey, &nq);
    fputs("respondent", out);
    for (size_t j = 0; j < nq; j++) {
        const char *q = str0(sg_reg_get(qs[j].rec, "question"));
        fputc(',', out);
        sg_export_cell(out, q, strlen(q));
    }
    fputs("\r\n", out);
    const char **cells = xcalloc(nq + 1, sizeof *cells);
    size_t i = 0;
    while (i < responses.n) {
        const sg_reg_record *r = &responses.rec[i];
        if (strcmp(str0(sg_reg_get(r, "survey")), survey) != 0) {
            i++;
            continue;
        }
        const char *who = str0(sg_reg_get(r, "respondent"));
        memset(cells, 0, (nq + 1) * sizeof *cells);
        for (; i < responses.n; i++) {
            const sg_reg_record *x = &responses.rec[i];
            if (strcmp(str0(sg_reg_get(x, "survey")), survey) != 0 ||
                strcmp(str0(sg_reg_get(x, "respondent")), who) != 0)
                break;
            for (size_t j = 0; j < nq; j++)
                if (strcmp(str0(sg_reg_get(qs[j].rec, "question")),
                           str0(sg_reg_get(x, "question"))) == 0)
                    cells[j] = sg_reg_get(x, "answer");
        }
        sg_export_cell(out, who, strlen(who));
        for (size_t j = 0; j < nq; j++) {
            fputc(',', out);
            if (cells[j]) sg_export_cell(out, cells[j], strlen(cells[j]));
        }
        fputs("\r\n", out);
    }
    free(cells);
    free(qs);
    sg_reg_set_fini(&questions);
    sg_reg_set_fini(&responses);
    if (fflush(out) != 0 || ferror(out)) return sg_err(err, SG_EIO, "cannot write the export");
    return SG_OK;
}

/* ---- view ---- */

static int view_answers(sg_store *s, const sg_register *reg, const sg_reg_view_opts *in,
                        sg_view_doc *out, sg_error *err)
{
    (void)reg;
    (void)in;
    sg_reg_set surveys, questions, responses;
    memset(&questions, 0, sizeof questions);
    memset(&responses, 0, sizeof responses);
    int rc = sg_reg_load(s, &sg_reg_voice_survey, &surveys, err);
    if (!rc) rc = sg_reg_load(s, &sg_reg_voice_question, &questions, err);
    if (!rc) rc = sg_reg_load(s, &sg_reg_voice_response, &responses, err);
    sg_voice_option *opts = xcalloc(SG_VOICE_MAX_OPTIONS, sizeof *opts);
    for (size_t i = 0; !rc && i < surveys.n; i++) {
        const sg_reg_record *sv = &surveys.rec[i];
        sg_voice_result res;
        sg_voice_compute(&questions, &responses, sv->key, &res);
        if (i) sg_view_gap(out);
        sg_view_heading(out, 1, "Survey %s: %s (%ld respondents)", sv->key,
                        str0(sg_reg_get(sv, "title")), res.respondents);
        size_t nq = 0;
        qref *qs = survey_questions(&questions, sv->key, &nq);
        for (size_t j = 0; j < res.nq; j++) {
            const sg_voice_question_result *q = &res.q[j];
            int n = 0;
            sg_voice_parse_options(sg_reg_get(qs[j].rec, "options"), opts, &n, NULL);
            sg_view_heading(out, 2, "%s %s (%ld answered%s)", q->question,
                            str0(sg_reg_get(qs[j].rec, "text")), q->answered,
                            q->unrecognised ? ", some answers not an option" : "");
            static const char *const head[] = {"answer", ">count", ">%"};
            sg_tab *t = sg_view_table(out, NULL, 3, head);
            for (int k = 0; k < q->noptions; k++) {
                char c[24], p[32];
                snprintf(c, sizeof c, "%ld", q->option[k].count);
                if (q->option[k].has_pct)
                    sg_fmt1(q->option[k].pct, p);
                else
                    snprintf(p, sizeof p, "-");
                const char *row[] = {k < n ? opts[k].label : q->option[k].code, c, p};
                sg_tab_row(t, row);
            }
        }
        free(qs);
        sg_voice_result_fini(&res);
    }
    free(opts);
    if (!rc)
        sg_view_note(out, "%%: of the respondents who answered the question, 1 decimal "
                          "place, halves rounded away from zero.");
    sg_reg_set_fini(&surveys);
    sg_reg_set_fini(&questions);
    sg_reg_set_fini(&responses);
    return rc ? rc : sg_view_check(out, err);
}

static const sg_reg_view views[] = {
    {"answers", "for every survey and question, the count and % of each answer", view_answers},
};

const sg_register sg_reg_voice_survey = {
    .name = "voice_survey",
    .title = "Children's voice: surveys",
    .doc = "Surveys of children and young people.",
    .cols = survey_cols,
    .ncols = (int)(sizeof survey_cols / sizeof survey_cols[0]),
    .views = views,
    .nviews = (int)(sizeof views / sizeof views[0]),
};

const sg_register sg_reg_voice_question = {
    .name = "voice_question",
    .title = "Children's voice: questions",
    .doc = "Each survey's questions with their answer options.",
    .cols = question_cols,
    .ncols = (int)(sizeof question_cols / sizeof question_cols[0]),
    .check = question_check,
};

const sg_register sg_reg_voice_response = {
    .name = "voice_response",
    .title = "Children's voice: responses",
    .doc = "One record per respondent and question. Import a survey tool's export (one row per "
           "respondent, one column per question) with the wide import, which checks every "
           "answer against the question's options.",
    .cols = response_cols,
    .ncols = (int)(sizeof response_cols / sizeof response_cols[0]),
};
