/* reg_internal.h - pieces shared by the register engine's files (register.c, reg_store.c);
 * not part of the registers API. */
#ifndef SG_REG_INTERNAL_H
#define SG_REG_INTERNAL_H

#include "registers/register.h"

/* Rebuilds rec->key from the key columns ("" when one is absent or it would not fit). */
void sg_reg_record_rekey(sg_reg_record *rec);

/* The value of key column i as a key part: its own value or, when absent and the column has a
 * key_default, the value of that column (NULL when neither is present). */
const char *sg_reg_key_part(const sg_reg_record *rec, int i);

#endif
