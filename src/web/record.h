/* record.h - the register record pages' helpers shared by pages_registers.c and
 * pages_record.c: the form built from a register's column definitions, reading it back into
 * engine fields, record links and the action progress history. */
#ifndef SG_WEB_RECORD_H
#define SG_WEB_RECORD_H

#include "registers/register.h"
#include "web/web.h"

#define SG_WEB_REG_MULTI 8 /* multi-code columns in one register's form */

/* A form read back as engine fields (names and joined multi-code values live here). */
typedef struct sg_reg_fields {
    sg_reg_field f[SG_REG_MAX_COLS];
    char names[SG_REG_MAX_COLS][96];
    char multi[SG_WEB_REG_MULTI][1024];
    size_t n;
} sg_reg_fields;

/* "CLOSED_NOT_DONE" -> "Closed not done" (a code as words). */
void sg_web_human_code(const char *code, char *out, size_t outsz);
/* href = prefix + percent-encoded key */
void sg_web_key_href(char *out, size_t outsz, const char *prefix, const char *key);
/* The form for reg posting to action: an edit of rec (key and pseudonym columns not shown) or,
 * with rec NULL, a new record. With err (a refused save) the typed values are shown and the
 * message is put at err->field. */
void sg_web_reg_form(sg_web_ctx *c, sg_html *h, const sg_register *reg, const sg_reg_record *rec,
                     const sg_error *err, const char *action, const char *button);
/* One field of such a form: label (required marked), hint, the error when err names it, and
 * the control holding value. */
void sg_web_reg_field(sg_web_ctx *c, sg_html *h, const sg_reg_col *col, const char *value,
                      const sg_error *err);
/* The codes ticked for a multi-code column (checkboxes NAME.CODE), joined by ';'. */
void sg_web_reg_multi(sg_web_ctx *c, const sg_reg_col *col, char *out, size_t outsz);
/* Reads the form of sg_web_reg_form into out; edit: every shown field, empty ones clearing;
 * add: the non-empty ones. Returns out->n. */
size_t sg_web_reg_fields(sg_web_ctx *c, const sg_register *reg, bool edit, sg_reg_fields *out);
/* The record's change log as a table (who, when, field, old -> new); false after answering
 * the request with an error. */
bool sg_web_reg_log(sg_web_ctx *c, sg_html *h, const sg_register *reg, const char *key);
/* An action's progress as dated updates, newest first; false after answering with an error. */
bool sg_web_action_history(sg_web_ctx *c, sg_html *h, const char *key);
/* The record's values under their labels (codes with their meaning). */
void sg_web_record_dl(sg_html *h, const sg_reg_record *r);

#endif
