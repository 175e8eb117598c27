/* rules_903.c - the validation rules of family 903: SSDA903 (owned by the 903 rules helper).
 * Placeholder table: compiles and registers no rules yet. See validate.h for how to add one. */
#include "validate/validate.h"

/* ISO C has no empty arrays: one zeroed entry, and a count of 0 that the engine goes by. */
const sg_rule sg_rules_903[] = {{.id = NULL}};
const size_t sg_rules_903_count = 0;
