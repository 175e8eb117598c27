/* upload.h - the upload folder STORE/uploads/: where a return uploaded through the web service
 * is held while it is imported. The folder is 0700 and every file in it is 0600 and has no
 * name: it is created with O_TMPFILE (or, on a file system without it, created and unlinked at
 * once), so no other process can open it by a path and a crash (kill -9, power loss) leaves
 * nothing behind. The sweep removes whatever a name was ever left on (an older release, or the
 * instant between create and unlink). */
#ifndef SG_STORE_UPLOAD_H
#define SG_STORE_UPLOAD_H

#include "core/sg.h"

#define SG_UPLOAD_DIR "uploads"

/* Opens a new, empty, unnamed file (read-write, mode 0600) in STORE/uploads/, making the
 * folder (0700) if needed. *fd receives the descriptor, which the caller closes; closing it
 * frees the file. The file can be opened again by this process at /proc/self/fd/<fd>. */
int sg_upload_open(const char *store_dir, int *fd, sg_error *err);

/* Removes every file left in STORE/uploads/ (not folders) and makes the folder's mode 0700.
 * A missing folder is nothing to do. *removed (may be NULL) receives how many were removed. */
int sg_upload_sweep(const char *store_dir, int *removed, sg_error *err);

#endif
