/* voice.h - the children's voice registers: surveys, their questions with
 * the answer options, and the responses (one record per respondent and question); responses
 * are imported as CSV either in the register's own long template or as the usual survey
 * export, one row per respondent and one column per question (sg_voice_import_wide). Computed:
 * for each question, the count and % of respondents giving each answer. Template and code
 * lists: docs/registers.md. */
#ifndef SG_VOICE_H
#define SG_VOICE_H

#include "registers/register.h"

#include <stdbool.h>
#include <stdio.h>

extern const sg_register sg_reg_voice_survey;   /* "voice_survey" */
extern const sg_register sg_reg_voice_question; /* "voice_question" */
extern const sg_register sg_reg_voice_response; /* "voice_response" */

#define SG_VOICE_MAX_OPTIONS 40
#define SG_VOICE_MAX_QUESTIONS 200
#define SG_VOICE_CODE_MAX 40

/* A question's options, parsed from its `options` text "CODE=Label;CODE=Label" (codes upper
 * case A-Z, 0-9, '_'; at least 2, unique; labels not empty). */
typedef struct sg_voice_option {
    char code[SG_VOICE_CODE_MAX + 1];
    char label[200];
} sg_voice_option;

/* Parses options text into opts (room for SG_VOICE_MAX_OPTIONS) and *n. SG_EINVAL with a
 * message naming the problem. */
int sg_voice_parse_options(const char *text, sg_voice_option *opts, int *n, sg_error *err);

typedef struct sg_voice_answer {
    char code[SG_VOICE_CODE_MAX + 1];
    long count;
    bool has_pct;
    double pct; /* count / answered, 1 dp (core/num.h) */
} sg_voice_answer;

typedef struct sg_voice_question_result {
    char question[SG_VOICE_CODE_MAX + 1];
    long answered;     /* respondents who gave an answer (the denominator) */
    long unrecognised; /* answers that are not one of the options (not in answered) */
    sg_voice_answer option[SG_VOICE_MAX_OPTIONS];
    int noptions;
} sg_voice_question_result;

typedef struct sg_voice_result {
    char survey[SG_VOICE_CODE_MAX + 1];
    long respondents;            /* distinct respondents with at least one response */
    sg_voice_question_result *q; /* in position order, then question code; owned */
    size_t nq;
} sg_voice_result;

/* Computes the answers to survey from the question and response records (borrowed). A
 * question whose options do not parse is listed with no options. out is caller-owned; free
 * with _fini. */
int sg_voice_compute(const sg_reg_set *questions, const sg_reg_set *responses, const char *survey,
                     sg_voice_result *out);
void sg_voice_result_fini(sg_voice_result *r);

/* Imports the responses to survey from a CSV with a `respondent` column and one column per
 * question code of the survey (matched tolerantly; a column that is not a question of the
 * survey is an error). A blank cell is no answer. Each answer must be one of the question's
 * option codes (case-insensitive). Existing responses of a respondent are updated. One
 * transaction: the first bad row stops the import, nothing is changed, and err names the file,
 * line, column and field (the question). st counts as sg_reg_import_csv does (rows, and
 * responses added / updated / unchanged). */
int sg_voice_import_wide(sg_store *s, const char *survey, FILE *fp, const char *name,
                         const char *user, sg_reg_import_stats *st, sg_error *err);

/* Writes the responses to survey in the wide layout read by sg_voice_import_wide: header
 * `respondent` and the question codes in position order; one row per respondent in key order;
 * CRLF line ends, cells as sg_export_cell writes them. */
int sg_voice_export_wide(sg_store *s, const char *survey, FILE *out, sg_error *err);

#endif
