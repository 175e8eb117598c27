/* reg_internal.h - pieces shared by the register engine's files (register.c, reg_store.c);
 * not part of the registers API. */
#ifndef SG_REG_INTERNAL_H
#define SG_REG_INTERNAL_H

#include "registers/register.h"

/* Rebuilds rec->key from the key columns ("" when one is absent or it would not fit). */
void sg_reg_record_rekey(sg_reg_record *rec);

#endif
