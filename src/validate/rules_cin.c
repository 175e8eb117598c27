/* rules_cin.c - the validation rules of family CIN: CIN census (owned by the CIN rules helper).
 * Placeholder table: compiles and registers no rules yet. See validate.h for how to add one. */
#include "validate/validate.h"

/* ISO C has no empty arrays: one zeroed entry, and a count of 0 that the engine goes by. */
const sg_rule sg_rules_cin[] = {{.id = NULL}};
const size_t sg_rules_cin_count = 0;
