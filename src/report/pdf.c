/* pdf.c - HTML to PDF through headless Chromium (pdf.h). The browser runs in its own process
 * group with a throw-away profile folder, so a hung browser (and its helpers) can be killed
 * as a whole and nothing is left behind. */
/* realpath is an XSI function. */
#define _XOPEN_SOURCE 700
#include "report/pdf.h"

#include "core/mem.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static bool executable(const char *p)
{
    return access(p, X_OK) == 0;
}

int sg_pdf_find_browser(char *out, size_t outsz, sg_error *err)
{
    const char *env = getenv("SG_CHROMIUM");
    if (env && *env) {
        if (!executable(env))
            return sg_err(err, SG_ENOTFOUND, "SG_CHROMIUM=%s is not an executable program", env);
        sg_strlcpy(out, env, outsz);
        return SG_OK;
    }
    static const char *const names[] = {"chromium", "chromium-browser", "google-chrome",
                                        "google-chrome-stable", NULL};
    const char *path = getenv("PATH");
    char dirs[4096];
    sg_strlcpy(dirs, path && *path ? path : "/usr/local/bin:/usr/bin:/bin", sizeof dirs);
    for (int i = 0; names[i]; i++) {
        char *save = dirs;
        for (char *d = dirs; d; d = save) {
            char *colon = strchr(d, ':');
            if (colon) *colon = '\0';
            save = colon ? colon + 1 : NULL;
            char cand[sizeof dirs + 32];
            snprintf(cand, sizeof cand, "%s/%s", *d ? d : ".", names[i]);
            if (colon) *colon = ':';
            if (executable(cand)) {
                sg_strlcpy(out, cand, outsz);
                return SG_OK;
            }
        }
    }
    if (executable("/usr/bin/chromium")) {
        sg_strlcpy(out, "/usr/bin/chromium", outsz);
        return SG_OK;
    }
    return sg_err(err, SG_ENOTFOUND,
                  "a PDF needs headless Chromium, which is not installed: install the Debian "
                  "package 'chromium' (scripts/install-deps.sh does), or set SG_CHROMIUM to the "
                  "browser; the HTML report was written and can be printed from any browser");
}

/* Removes a folder tree made by the browser (no symbolic links are followed). */
static void remove_tree(const char *dir, int depth)
{
    if (depth > 32) return;
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
            char p[PATH_MAX];
            snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
            struct stat st;
            if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
                remove_tree(p, depth + 1);
            else
                unlink(p);
        }
        closedir(d);
    }
    rmdir(dir);
}

int sg_pdf_print(const char *html_path, const char *pdf_path, int timeout_s, sg_error *err)
{
    char browser[PATH_MAX];
    int rc = sg_pdf_find_browser(browser, sizeof browser, err);
    if (rc) return rc;
    char abs[PATH_MAX];
    if (!realpath(html_path, abs))
        return sg_err_at(err, SG_EIO, html_path, 0, 0, NULL, "cannot find the HTML: %s",
                         strerror(errno));
    char url[PATH_MAX + 16], pdf_arg[PATH_MAX + 32], profile[64], prof_arg[96];
    snprintf(url, sizeof url, "file://%s", abs);
    snprintf(pdf_arg, sizeof pdf_arg, "--print-to-pdf=%s", pdf_path);
    const char *tmp = getenv("TMPDIR");
    snprintf(profile, sizeof profile, "%s/sg-chromium.XXXXXX",
             tmp && *tmp && strlen(tmp) < 40 ? tmp : "/tmp");
    if (!mkdtemp(profile))
        return sg_err(err, SG_EIO, "cannot make a browser profile folder: %s", strerror(errno));
    snprintf(prof_arg, sizeof prof_arg, "--user-data-dir=%s", profile);
    unlink(pdf_path);
    pid_t pid = fork();
    if (pid < 0) {
        remove_tree(profile, 0);
        return sg_err(err, SG_EIO, "cannot start the browser: %s", strerror(errno));
    }
    if (pid == 0) {
        setpgid(0, 0);
        int nul = open("/dev/null", O_RDWR);
        if (nul >= 0) {
            dup2(nul, 0);
            dup2(nul, 1);
            dup2(nul, 2);
        }
        char *argv[] = {browser,
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--no-pdf-header-footer",
                        prof_arg,
                        pdf_arg,
                        url,
                        NULL};
        execv(browser, argv);
        _exit(127);
    }
    setpgid(pid, pid);
    if (timeout_s <= 0) timeout_s = 180;
    int status = 0;
    bool done = false;
    for (long waited_ms = 0; waited_ms < (long)timeout_s * 1000; waited_ms += 100) {
        pid_t w = waitpid(pid, &status, WNOHANG);
        if (w == pid) {
            done = true;
            break;
        }
        if (w < 0 && errno != EINTR) break;
        struct timespec ts = {0, 100 * 1000 * 1000};
        nanosleep(&ts, NULL);
    }
    if (!done) {
        kill(-pid, SIGKILL);
        kill(pid, SIGKILL);
        waitpid(pid, &status, 0);
        remove_tree(profile, 0);
        return sg_err(err, SG_EIO, "the browser did not finish printing within %d s", timeout_s);
    }
    kill(-pid, SIGKILL); /* helpers left behind, if any */
    remove_tree(profile, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        return sg_err(err, SG_EIO, "the browser (%s) failed to print the PDF (status %d)", browser,
                      WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    FILE *fp = fopen(pdf_path, "rb");
    char head[5] = {0};
    bool ok = fp && fread(head, 1, 5, fp) == 5 && memcmp(head, "%PDF-", 5) == 0;
    if (fp) fclose(fp);
    if (!ok) return sg_err_at(err, SG_EIO, pdf_path, 0, 0, NULL, "the browser wrote no PDF");
    return SG_OK;
}
