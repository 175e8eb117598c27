/* test_util.h - scaffolding every unit test needs and none should write again: removing a
 * temporary directory tree. Header-only (static inline) so each test stays one executable. */
#ifndef SG_TEST_UTIL_H
#define SG_TEST_UTIL_H

#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Removes path and, if it is a directory, everything under it; does not follow symlinks.
 * Best effort: what cannot be removed is left (the test's own assertions say what matters). */
static inline void tu_rm_rf(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0) return;
    if (!S_ISDIR(st.st_mode)) {
        unlink(path);
        return;
    }
    DIR *d = opendir(path);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
            char sub[1024];
            int n = snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
            if (n < 0 || (size_t)n >= sizeof sub) continue; /* too long to be one of ours */
            tu_rm_rf(sub);
        }
        closedir(d);
    }
    rmdir(path);
}

#endif
