/* file.h - reading a whole small file (configuration and reference CSVs such as targets and
 * comparators) into memory, bounded so a wrong path to a huge file fails cleanly; making the
 * missing folders of an output path (every --out of the CLI); writing a whole output file so
 * that a failure never leaves half of it. */
#ifndef SG_FILE_H
#define SG_FILE_H

#include "core/sg.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Reads the file at path. On success *data (NUL-terminated, caller frees) and *len are set.
 * SG_EIO when it cannot be read, SG_ELIMIT when it is larger than max bytes. */
int sg_read_file(const char *path, size_t max, char **data, size_t *len, sg_error *err);

/* Creates the folder dir and any missing parents, each new one with mode 0700 (outputs may be
 * child-level); existing folders are left as they are. SG_EIO naming the folder that could not
 * be made (or that exists as a file). "" and "." are fine (nothing to do). */
int sg_make_dirs(const char *dir, sg_error *err);
/* Creates the missing folders above the file path ("out/x/f.csv": out and out/x). */
int sg_make_parent_dirs(const char *path, sg_error *err);

/* Writes len bytes to path through a temporary file beside it (fsync'd) and a rename, so a
 * failure keeps any older file. Mode 0600 (analyst outputs), 0644 when world_readable (public
 * ones). The folder must exist. SG_EINVAL for a path over 4000 bytes; SG_EIO naming the path. */
int sg_write_file_atomic(const char *path, const void *data, size_t len, bool world_readable,
                         sg_error *err);

/* The same for an output written as a stream (CSV exports): sg_out_open opens a temporary file
 * (0600) beside path, the caller writes to o->fp, and sg_out_commit flushes, fsyncs, closes
 * and renames it over path when rc is SG_OK, or removes it; it returns rc, or SG_EIO naming
 * the path when the file could not be finished. The folder must exist. */
typedef struct sg_out_file {
    FILE *fp;
    const char *path; /* borrowed */
    char tmp[4200];
} sg_out_file;
int sg_out_open(sg_out_file *o, const char *path, sg_error *err);
int sg_out_commit(sg_out_file *o, int rc, sg_error *err);

/* Fault injection for the tests that kill a process at a chosen moment (as SQLite's own tests
 * inject faults): when marker names a file, creates it and waits while it exists, at most 60 s;
 * the test kills the process meanwhile, or removes the file to let it go on. NULL or "" (the
 * environment variable unset, as in production) returns at once. */
void sg_test_hold(const char *marker);

#endif
