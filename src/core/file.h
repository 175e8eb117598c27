/* file.h - reading a whole small file (configuration and reference CSVs such as targets and
 * comparators) into memory, bounded so a wrong path to a huge file fails cleanly. */
#ifndef SG_FILE_H
#define SG_FILE_H

#include "core/sg.h"

#include <stddef.h>

/* Reads the file at path. On success *data (NUL-terminated, caller frees) and *len are set.
 * SG_EIO when it cannot be read, SG_ELIMIT when it is larger than max bytes. */
int sg_read_file(const char *path, size_t max, char **data, size_t *len, sg_error *err);

#endif
