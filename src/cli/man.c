/* man.c - 'safeguard help --man': the manual page safeguard(1) in roff, written from the same
 * verb table as 'safeguard help', so that every verb the command knows is in the page. The
 * build runs it to make the installed man page (cmake/install.cmake). */
#include "cli/cli.h"

#include "core/version.h"

#include <string.h>

/* Writes text as roff: a backslash becomes \e, a hyphen \- (options copy as typed), and a line
 * starting with '.' or '\'' (a request) is protected with \&. */
static void roff(FILE *out, const char *text)
{
    bool line_start = true;
    for (const char *p = text; *p; p++) {
        if (line_start && (*p == '.' || *p == '\'')) fputs("\\&", out);
        line_start = *p == '\n';
        if (*p == '\\')
            fputs("\\e", out);
        else if (*p == '-')
            fputs("\\-", out);
        else
            fputc(*p, out);
    }
}

static const char *const head =
    ".SH NAME\n"
    "safeguard \\- evidence for a local safeguarding children partnership\n"
    ".SH SYNOPSIS\n"
    ".B safeguard\n"
    "[\\fB\\-\\-store\\fR \\fIDIR\\fR] [\\fB\\-\\-json\\fR] [\\fB\\-\\-quiet\\fR] "
    "\\fIVERB\\fR [\\fIARGS\\fR]\n"
    ".br\n"
    ".B safeguard \\-\\-version\n"
    "[\\fB\\-\\-json\\fR]\n"
    ".br\n"
    ".B safeguard help\n"
    "[\\fIVERB\\fR | \\fB\\-\\-man\\fR]\n"
    ".SH DESCRIPTION\n"
    "safeguard keeps a local safeguarding children partnership's multi\\-agency dataset, its\n"
    "learning and assurance registers and its yearly report in one store (a directory holding\n"
    "an SQLite database, the partnership key and the encrypted original files), and serves them\n"
    "on the web to accounts with roles. Child identifiers are pseudonymised with the\n"
    "partnership key before anything is stored; every access is audited.\n"
    ".SH GLOBAL OPTIONS\n"
    ".TP\n"
    "\\fB\\-\\-store\\fR \\fIDIR\\fR\n"
    "The store directory (default \\fI./safeguard\\-data\\fR, or \\fB$SAFEGUARD_STORE\\fR).\n"
    "The packaged service uses \\fI/var/lib/safeguard\\fR.\n"
    ".TP\n"
    "\\fB\\-\\-json\\fR\n"
    "Machine\\-readable output on stdout; errors as a JSON object.\n"
    ".TP\n"
    "\\fB\\-\\-quiet\\fR\n"
    "No progress on stderr.\n"
    ".TP\n"
    "\\fB\\-\\-version\\fR\n"
    "Print the release, the store schema version this release writes, and the versions of the\n"
    "libraries it runs against, then exit.\n"
    ".TP\n"
    "\\fB\\-\\-help\\fR, \\fB\\-h\\fR\n"
    "List the verbs.\n"
    ".SH VERBS\n";

static const char *const tail =
    ".SH EXIT STATUS\n"
    ".TP\n0\nSuccess.\n.TP\n1\nUsage error or invalid value.\n.TP\n2\nBad input file.\n"
    ".TP\n3\nNot found.\n.TP\n4\nConflict or duplicate (also: the audit chain does not verify).\n"
    ".TP\n5\nI/O or database error.\n.TP\n6\nNot allowed.\n.TP\n70\nInternal error.\n"
    ".SH ENVIRONMENT\n"
    ".TP\n\\fBSAFEGUARD_STORE\\fR\nThe store directory when \\fB\\-\\-store\\fR is not given.\n"
    ".TP\n\\fBSG_CHROMIUM\\fR\nThe browser that prints PDF reports (default: chromium on the "
    "PATH).\n"
    ".TP\n\\fBTMPDIR\\fR\nWhere temporary files go.\n"
    ".SH FILES\n"
    ".TP\n\\fISTORE/safeguard.db\\fR\nThe database (mode 0600).\n"
    ".TP\n\\fISTORE/partnership.key\\fR\nThe partnership secret. Back it up with the database: "
    "without it new returns cannot be linked to the children already stored and the original "
    "files cannot be decrypted.\n"
    ".TP\n\\fISTORE/originals/\\fR\nEvery imported file, encrypted.\n"
    ".TP\n\\fI/var/lib/safeguard\\fR\nThe store of the packaged service (mode 0700, user "
    "safeguard).\n"
    ".TP\n\\fI/etc/default/safeguard\\fR\nExtra arguments for the service "
    "(\\fBSAFEGUARD_ARGS\\fR).\n"
    ".SH SEE ALSO\n"
    "\\fBsystemctl\\fR(1), \\fBjournalctl\\fR(1);\n"
    "\\fI/usr/share/doc/safeguard/operations.md\\fR (install, first admin user, service, keys)\n"
    "and the other documents in \\fI/usr/share/doc/safeguard/\\fR.\n";

int cli_man(FILE *out)
{
    fprintf(out, ".TH SAFEGUARD 1 \"\" \"safeguard %s\" \"safeguard manual\"\n", sg_version());
    fputs(head, out);
    int n = 0;
    const sg_verb *verbs = cli_verbs(&n);
    for (int i = 0; i < n; i++) {
        fputs(".SS ", out);
        roff(out, verbs[i].name);
        fputs("\n", out);
        roff(out, verbs[i].summary);
        fputs(".\n.PP\n.nf\n", out);
        roff(out, verbs[i].usage);
        size_t len = strlen(verbs[i].usage);
        fputs(len && verbs[i].usage[len - 1] == '\n' ? ".fi\n" : "\n.fi\n", out);
    }
    fputs(tail, out);
    return ferror(out) ? 5 : 0;
}
