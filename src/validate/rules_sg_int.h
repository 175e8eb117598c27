/* rules_sg_int.h - what the SG rule files (rules_sg.c, rules_sg_cross.c) share and nothing
 * else uses: the submission being validated, the helpers that run a rule's SQL, and the rules
 * defined in rules_sg_cross.c for rules_sg.c's registration table. */
#ifndef SG_VALIDATE_RULES_SG_INT_H
#define SG_VALIDATE_RULES_SG_INT_H

#include "validate/validate.h"

typedef struct date_col {
    const char *table, *col; /* col: the field's name in findings */
    bool future_ok;          /* a target date may lie after the period */
    const char *expr;        /* SQL for the value when it is not the column col, or NULL */
} date_col;

/* The child's pseudonym for findings, from the record table aliased t. */
#define CHILD_PS(t)                                                                                \
    "coalesce((SELECT min(pseudonym) FROM child_key k WHERE k.child_id = " t ".child_id), '')"

typedef struct subinfo {
    char file[256], agency[64], format[64], period[32];
    char end[11]; /* last day of the period (ISO), "" when the period has no known end */
} subinfo;

/* A database error as the run's error. */
int sg_rules_sg_dberr(sg_vctx *ctx, const char *what);
/* The validated submission's file name, agency, format, period and the period's last day. */
int sg_rules_sg_sub_info(sg_vctx *ctx, subinfo *si);
/* Runs sql with ?1 = the submission and ?2 = text2 (may be NULL); each row is (line, child,
 * field, value, message) and becomes a finding (message NULL = the rule's). */
int sg_rules_sg_report_sql(sg_vctx *ctx, const sg_rule *rule, const subinfo *si, const char *sql,
                           const char *text2);

/* rules_sg_cross.c */
int sg_rule_sg_birth(sg_vctx *ctx, const sg_rule *rule);
int sg_rule_sg_birth_other(sg_vctx *ctx, const sg_rule *rule);
int sg_rule_sg_dup_across(sg_vctx *ctx, const sg_rule *rule);
int sg_rule_sg_path_cp(sg_vctx *ctx, const sg_rule *rule);

#endif
