/* file.h - reading a whole small file (configuration and reference CSVs such as targets and
 * comparators) into memory, bounded so a wrong path to a huge file fails cleanly; and making
 * the missing folders of an output path (every --out of the CLI). */
#ifndef SG_FILE_H
#define SG_FILE_H

#include "core/sg.h"

#include <stddef.h>

/* Reads the file at path. On success *data (NUL-terminated, caller frees) and *len are set.
 * SG_EIO when it cannot be read, SG_ELIMIT when it is larger than max bytes. */
int sg_read_file(const char *path, size_t max, char **data, size_t *len, sg_error *err);

/* Creates the folder dir and any missing parents, each new one with mode 0700 (outputs may be
 * child-level); existing folders are left as they are. SG_EIO naming the folder that could not
 * be made (or that exists as a file). "" and "." are fine (nothing to do). */
int sg_make_dirs(const char *dir, sg_error *err);
/* Creates the missing folders above the file path ("out/x/f.csv": out and out/x). */
int sg_make_parent_dirs(const char *path, sg_error *err);

#endif
