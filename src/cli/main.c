/* main.c - the safeguard command: global options, then dispatch to a verb. */
#include "cli/cli.h"
#include "cli/cmd_report.h"

#include "access/access.h"
#include "core/clock.h"
#include "core/mem.h"
#include "store/store.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static const sg_verb verbs[] = {
    {"init", cmd_init, "create a store (database, partnership key, originals folder)",
     "usage: safeguard [--store DIR] init\n"
     "Creates DIR (default ./safeguard-data) with the database, the partnership key file\n"
     "(partnership.key, keep it safe and backed up: pseudonyms cannot be recomputed without it)\n"
     "and the originals/ folder. Running it on an existing store only applies migrations.\n"},
    {"generate", cmd_generate, "write a synthetic partnership in the sector's formats",
     "usage: safeguard generate --children N --years Y --seed S --out DIR [--faults RATE]\n"
     "                          [--la-code NNN] [--end-year YYYY]\n"
     "Writes a believable partnership: a CIN census XML and SSDA903 CSVs per year, Annex A\n"
     "lists, police / early help / LADO / population returns, and manifest.json with the true\n"
     "counts and every planted fault. Deterministic for a seed; memory stays flat.\n"
     "  --children N    children aged 0-17 (Liverpool ~90000, England ~12000000)\n"
     "  --years Y       financial years to write (1..20), ending with --end-year\n"
     "  --seed S        any number 0..9223372036854775807; same seed, same files\n"
     "  --out DIR       output folder (one folder per year, annexa/, manifest.json)\n"
     "  --faults RATE   share of records (0..1) given a planted data-quality fault\n"
     "  --la-code NNN   three-digit LA code (default 341)\n"
     "  --end-year YYYY year of the last 31 March (default 2025: last year 2024-25)\n"
     "See docs/generator.md for the model, the files and the manifest.\n"},
    {"import", cmd_import, "import returns into the store (all files land or none)",
     "usage: safeguard import FILE... --agency A --period P [--format F] [--user U]\n"
     "                        [--on-errors store|refuse] [--max-size SIZE] [--max-drop PCT]\n"
     "                        [--confirm-replace] [--received YYYY-MM-DD]\n"
     "       safeguard import --manifest DIR/manifest.json [--on-errors store|refuse]\n"
     "Imports each FILE as a submission in one transaction. The format is detected from the\n"
     "content (or forced with --format: cin, ssda903-xml, ssda903/<table>, annexa/<n>,\n"
     "agency/<template>). Re-importing a file already stored changes nothing. A newer return\n"
     "for the same agency, period and format supersedes the older one, which is kept; but\n"
     "one with more than PCT per cent fewer accepted rows than the return it replaces is\n"
     "refused, nothing imported, unless --confirm-replace (audited). PCT defaults to the\n"
     "setting import.max_drop ('safeguard help config'; 90 unless set).\n"
     "--manifest imports every file a generated partnership lists, each with its own agency\n"
     "and period, in one transaction. Progress goes to stderr when it is a terminal.\n"
     "Every import is validated before it commits (see 'safeguard help validate'); the\n"
     "findings are stored with the submissions. --on-errors store (the default) keeps a return\n"
     "with errors, its errors visible; --on-errors refuse rolls the import back instead.\n"
     "--max-size SIZE refuses any file larger than SIZE (bytes, or 512M, 4G ...; default 4G):\n"
     "a device or pipe is read only until it passes the limit.\n"
     "--received D records the day the return was received when that was before today (the\n"
     "return calendar's on time / late; default: the day of the import).\n"},
    {"submissions", cmd_submissions, "list submissions with their status and counts",
     "usage: safeguard submissions [--agency A] [--period P] [--rejected ID]\n"
     "Lists submissions newest first; --rejected ID lists the rejected rows of one submission\n"
     "(file, line, field, value, reason).\n"},
    {"export", cmd_export, "export stored records as CSV (pseudonymised)",
     "usage: safeguard export TYPE [--out FILE] [--all]\n"
     "Writes the live records of TYPE (child, referral, assessment, s47, cp_plan, cla_episode,\n"
     "missing, lado, ... or 'rejected' or 'submissions') as CSV. --all includes superseded\n"
     "submissions. Cells that could be read as spreadsheet formulas are prefixed with '.\n"},
    {"status", cmd_status, "what the store holds: submissions, records by type, rejected rows",
     "usage: safeguard status\n"
     "Prints the store's schema version, submission counts and live record counts by type.\n"},
    {"store", cmd_store, "maintenance: sweep originals/ of what killed imports left",
     "usage: safeguard store sweep\n"
     "Removes from originals/ the temporary files of imports that were killed (no live process\n"
     "holds their lock) and the complete originals that no submission refers to (an import\n"
     "killed or rolled back after keeping its copy). It takes the store's write lock to decide,\n"
     "so it refuses (exit 4) while an import is running. Opening the store already removes\n"
     "abandoned temporary files; see docs/store.md.\n"},
    {"config", cmd_config, "the partnership's settings: list, read and set (audited)",
     "usage: safeguard config list\n"
     "       safeguard config get NAME\n"
     "       safeguard config set NAME VALUE\n"
     "Settings are kept in the store, so the command line and the web service apply the same\n"
     "ones; every change is audited with the old and new value. Settings:\n"
     "  import.max_drop  1-100, default 90: a new return with more than this per cent fewer\n"
     "                   accepted rows than the return it replaces is refused unless\n"
     "                   confirmed (import --confirm-replace, the upload form's box);\n"
     "                   import --max-drop overrides it for one import. 100 never refuses.\n"
     "  returns.due_days 0-250, default 15: a partner return is due this many working days\n"
     "                   after its period ends ('safeguard help returns').\n"},
    {"validate", cmd_validate, "validate a stored submission or loose files (DfE and SG rules)",
     "usage: safeguard validate SUBMISSION|FILE... [--format summary|csv|json|html] [--out F]\n"
     "                          [--as FORMAT] [--year YYYY] [--first N]\n"
     "SUBMISSION (an id from 'safeguard submissions'): validates the return it belongs to (for\n"
     "an SSDA903 table, every current table of the same agency and period, compared with last\n"
     "year's return when stored), then the SG rules over the store, and replaces the stored\n"
     "findings of those submissions. FILE...: validates loose files without storing anything\n"
     "(SSDA903 tables given together are one return; --as forces the format, --year the\n"
     "collection year, 2025 = 2024-25, of files that do not state one, default the latest\n"
     "year ended; a census stating another year is refused). Each return is checked with its\n"
     "own year's DfE rule set and code lists (2022-23 to 2025-26; docs/rules.md).\n"
     "Reports: summary (counts by rule and severity, the default), csv (file, line, field,\n"
     "value, rule, severity, message; for the agency to fix the return from), json, html (one\n"
     "self-contained page grouped by rule, the first N findings of each, default 50).\n"
     "Identifiers and dates of birth are never shown. Rules: docs/rules.md.\n"},
    {"reconcile", cmd_reconcile, "compare what agencies report about the same events",
     "usage: safeguard reconcile --period P [--format summary|csv|json] [--out F]\n"
     "For the period's live returns, pairs the sources that should agree: police missing\n"
     "episodes vs SSDA903 missing and CSC records; police strategy requests vs CSC strategy\n"
     "discussions and S47s; LADO referrals by referring agency vs that agency's own return;\n"
     "Annex A lists vs the CIN census. For each: the count on each side, matched, unmatched on\n"
     "each side; csv and json add the record-level lists (pseudonyms only).\n"},
    {"register", cmd_register, "the partnership's registers: reviews, actions, audits ...",
     "usage: safeguard register                               list the registers\n"
     "       safeguard register NAME [fields]                 columns, code lists and views\n"
     "       safeguard register NAME add FIELD=VALUE... [--user U]\n"
     "       safeguard register NAME update KEY FIELD=VALUE... [--user U]\n"
     "       safeguard register NAME list | show KEY | log [KEY]\n"
     "       safeguard register NAME import FILE [--user U]   CSV in the template, one "
     "transaction\n"
     "       safeguard register NAME export [--out FILE]      CSV in the template\n"
     "       safeguard register NAME template [--out FILE]    the template's header row\n"
     "       safeguard register NAME view VIEW [--today D] [--year Y] [--days N] [--agency A]\n"
     "Registers: case_review, recommendation, action, audit, audit_case, audit_return,\n"
     "audit_grade (and more; 'safeguard register' lists them). Every change is validated\n"
     "(row and field named on error; an import with one bad row changes nothing) and recorded\n"
     "in the change log with who, when, field, old and new value. A child is given as a\n"
     "pseudonym or, in child_la_id, as an LA child ID pseudonymised with the store's key.\n"
     "Import updates records whose key exists and adds the others. --year is the year a\n"
     "financial year starts in (2024 = 2024-25); --today fixes the date clocks run to.\n"
     "See docs/registers.md for every template and code list.\n"},
    {"returns", cmd_returns, "partner returns: chase list, calendar, data quality, templates",
     "usage: safeguard returns due [--as-of DATE] [--org SHORT]\n"
     "       safeguard returns calendar [--year Y] [--as-of DATE] [--org SHORT]\n"
     "       safeguard returns quality [--year Y] [--as-of DATE] [--org SHORT]\n"
     "       safeguard returns template --org SHORT --period P [--format csv|xlsx] --out FILE\n"
     "Every SUBMITTED measure of the catalogue (register measure) is owed by its owner for\n"
     "each period of its frequency, due returns.due_days working days after the period ends\n"
     "('safeguard help config'). due: the chase list on DATE (default today) - returns missing\n"
     "(overdue, nothing accepted) and due - for the year holding DATE and the one before.\n"
     "calendar: every return owed in year Y (2024 = 2024-25) with its due date and status:\n"
     "open, due, on time (received on or before the due day), late, missing; resubmissions,\n"
     "queries (refused returns, validation findings), measures owed and supplied.\n"
     "quality: per organisation and quarter of Y, and the year: returns measured, on time,\n"
     "late, missing, % on time, % of owed measures supplied, resubmissions, queries.\n"
     "template: the return an organisation owes for P with its measures, units, definitions,\n"
     "last period's values and instructions, as CSV or .xlsx (from --out's extension); filled\n"
     "in, it imports unchanged ('safeguard import FILE --agency SHORT --period P').\n"
     "--json prints the views as blocks. See docs/registers.md, \"The return calendar\".\n"},
    {"dataset", cmd_dataset, "the dataset for a period: CSV, JSON or the HTML data booklet",
     "usage: safeguard dataset --period P [--public] [--format csv|json|html] [--out FILE]\n"
     "                         [--threshold N] [--years N] [--partnership NAME]\n"
     "                         [--area CODE] [--csc cin|annexa]\n"
     "       safeguard dataset targets FILE\n"
     "       safeguard dataset comparators FILE\n"
     "Computes every indicator for period P (2023-24, 2023-Q1, 2023-05, R12-2023-05) and the\n"
     "same period in the years before, with targets, RAG, England and comparator-group figures\n"
     "and data-quality flags, and writes it as CSV (one row per indicator and year), JSON, or a\n"
     "self-contained HTML booklet (charts and tables, print-ready on A4). The format follows\n"
     "--out's extension when not given; the default is CSV on stdout.\n"
     "  --public       disclosure control: counts of 1..N, figures derived from them and cells\n"
     "                 that would reveal them through a total are shown as 'c'\n"
     "  --threshold N  largest count withheld in a public output (default 4; the DfE uses 5)\n"
     "  --years N      years of trend including P (1..5, default 5)\n"
     "'dataset targets FILE' loads the partnership's targets (docs/formats/targets.md);\n"
     "'dataset comparators FILE' loads comparator values (docs/formats/comparators.md), e.g.\n"
     "data/comparators_england.csv. Rows replace stored rows with the same key.\n"},
    {"user", cmd_user, "accounts: add, disable, reset, list, enrol the second factor",
     "usage: safeguard user add NAME --role ROLE [--agency A] [--password-file F] [--no-totp]\n"
     "       safeguard user reset NAME [--password-file F]\n"
     "       safeguard user disable NAME\n"
     "       safeguard user totp NAME\n"
     "       safeguard user list\n"
     "Roles: admin, analyst, business, agency (needs --agency, e.g. POLICE), executive,\n"
     "scrutineer. Passwords are never taken on the command line: on a terminal you are asked\n"
     "twice without echo; otherwise the first line of stdin is read, or of --password-file F\n"
     "('-' = stdin). Passwords are 12-256 characters, not containing the username, not one\n"
     "character repeated, not a well-known password; they are stored only as Argon2id hashes.\n"
     "add enrols a TOTP second factor for roles that see child-level data (admin, analyst,\n"
     "agency) and prints its secret and otpauth:// URI once (--no-totp to do it later with\n"
     "'user totp'). reset sets a new password, re-enables the account, clears a lockout and\n"
     "ends its sessions; disable stops logins and ends its sessions. Every change is audited.\n"
     "See docs/access.md.\n"},
    {"audit", cmd_audit, "the audit trail: show entries, verify the hash chain",
     "usage: safeguard audit show [--user U] [--object O] [--action A] [--from DATE]\n"
     "                            [--to DATE] [--limit N]\n"
     "       safeguard audit verify\n"
     "show lists entries oldest first (newest first with --limit): sequence, time (UTC), user,\n"
     "role, action, object, detail, client address. --object matches a prefix\n"
     "('submission:', 'child:L0a1...'); DATE is YYYY-MM-DD (UTC, --to includes the whole day)\n"
     "or Unix seconds. verify recomputes the keyed hash chain and exits 4 naming the first\n"
     "entry that does not verify when anything was edited, inserted, removed or reordered;\n"
     "on success it prints the head (last entry and hash) to keep outside the store.\n"
     "Reading the trail is itself audited. See docs/access.md.\n"},
    {"report", cmd_report, "the yearly report: HTML, PDF or JSON, analyst or public",
     "usage: safeguard report --year 2023-24 [--public] [--out DIR] [--format html|pdf|json]\n"
     "                        [--narrative DIR] [--config FILE] [--as-at YYYY-MM-DD]\n"
     "Writes the partnership's yearly report for a financial year: partnership arrangements\n"
     "and priorities (from the config), local context, the multi-agency dataset, learning from\n"
     "reviews, audits, Section 11/175, training, LADO, child deaths, children's voice, finance,\n"
     "risks and a glossary, from the store and the registers, with the partnership's narrative\n"
     "(NN-*.md files) in place. Every figure names its source; the same store gives the same\n"
     "bytes. Files: DIR/yearly-report-YEAR[-public].{html,json,pdf}; their paths are printed.\n"
     "  --format F    html (default), json, pdf (printed from the HTML with headless Chromium),\n"
     "                or several separated by commas: html,json,pdf\n"
     "  --public      disclosure control on every table and sentence; refuses (exit 1, naming\n"
     "                the file and line) narrative that looks like a child's identifier, a date\n"
     "                of birth or a small count next to a named place\n"
     "  --narrative D the folder of NN-*.md files (missing sections are listed as warnings)\n"
     "  --config F    partners, subgroups, priorities ... (JSON; docs/report.md)\n"
     "  --as-at D     the date register clocks and statuses are read at (default 31 March)\n"},
    {"serve", cmd_serve, "serve the web pages and JSON API (accounts, roles, audit)",
     "usage: safeguard serve [--listen ADDR:PORT] [--threads N] [--tls-cert F --tls-key F]\n"
     "                       [--trust-proxy ADDR[,ADDR...]] [--proxy-https] [--behind-proxy]\n"
     "                       [--access-log FILE|-] [--header-timeout S] [--max-per-address N]\n"
     "                       [--report FILE] [--report-config F] [--report-narrative DIR]\n"
     "                       [--period P] [--port-file FILE] [--clock-offset SECONDS]\n"
     "Serves the store on ADDR:PORT (default 127.0.0.1:8080; port 0 picks a free port):\n"
     "upload and submissions, findings, reconciliation, the dataset dashboard, action tracker,\n"
     "registers, the audit trail and the published report, plus a JSON API under /api/, and\n"
     "/healthz. Users are created with 'safeguard user add'. Stops cleanly on SIGINT or SIGTERM.\n"
     "  --tls-cert F, --tls-key F  HTTPS on the socket (PEM certificate chain and key; TLS 1.2+,\n"
     "                         HSTS and Secure cookies)\n"
     "  --trust-proxy LIST     X-Forwarded-For/-Proto are believed only from these addresses\n"
     "  --proxy-https          TLS ends in front: Secure cookies and HSTS always (old name --tls)\n"
     "  --behind-proxy         = --trust-proxy 127.0.0.1,::1 --proxy-https (a proxy on this host)\n"
     "  --access-log FILE      one JSON line per request (route pattern, never the URL); - = "
     "stdout\n"
     "  --header-timeout S     seconds a connection has to send its headers (default 10)\n"
     "  --max-per-address N    simultaneous connections per client address (default 16)\n"
     "  --report FILE          the published report (default STORE/published/report.html)\n"
     "  --report-config F, --report-narrative DIR  the yearly report's config and narrative\n"
     "                         for the preview and publish pages (see 'safeguard help report')\n"
     "  --period P             the dashboard's default period (default: the latest held)\n"
     "  --port-file FILE       write the port bound to FILE once listening\n"
     "  --clock-offset S       TESTS ONLY: add S seconds to the clock (session expiry tests)\n"
     "See docs/web.md for pages, roles, limits and security headers.\n"},
    {"backup", cmd_backup, "copy the store to a new folder while it is in use (with MANIFEST)",
     "usage: safeguard backup DEST\n"
     "Copies the store into DEST (a new or empty folder): a consistent snapshot of the\n"
     "database taken while the web service and imports go on, partnership.key, the\n"
     "encrypted originals/ and the published report, then DEST/MANIFEST (release, schema\n"
     "version, time, each file's size and SHA-256), written last. Until MANIFEST is there\n"
     "DEST is not a backup: an interrupted backup leaves a folder that 'restore' refuses.\n"
     "DEST holds the partnership key: keep it as safe as the store. The backup is recorded\n"
     "in the audit trail (after a running import commits, if one holds the write lock).\n"
     "See docs/operations.md.\n"},
    {"restore", cmd_restore, "restore a backup into an empty store folder, checking every byte",
     "usage: safeguard --store DIR restore SRC\n"
     "       safeguard restore --check SRC\n"
     "Restores the backup in SRC into the store folder DIR, which must be new or empty.\n"
     "Refuses (exit 2 or 4, naming the file) a backup without MANIFEST, or with a file missing,\n"
     "extra, or of another size or SHA-256 than its MANIFEST says. The copy is made in a\n"
     "temporary folder beside DIR and checked (PRAGMA integrity_check, foreign_key_check, the\n"
     "audit chain) before it is renamed to DIR. A backup of an older schema is restored as it\n"
     "is and upgraded the next time the store is opened. --check only verifies SRC against its\n"
     "MANIFEST and writes nothing.\n"},
    {"help", cmd_help, "show help for a verb, or the manual page",
     "usage: safeguard help [VERB]\n"
     "       safeguard help --man      the manual page safeguard(1) in roff, on stdout\n"},
};

const sg_verb *cli_verbs(int *n)
{
    *n = (int)(sizeof verbs / sizeof verbs[0]);
    return verbs;
}

void cli_iso_time(int64_t t, char out[32])
{
    sg_utc_stamp(t, out, 32, "?");
}

int cli_open_sealed(const sg_cli *cli, int64_t now, sg_store **s, sg_error *err)
{
    *s = NULL;
    if (sg_store_open(cli->store, false, s, err)) return cli_fail(cli, err);
    if (sg_audit_seal(*s, now, err)) {
        sg_store_close(*s);
        *s = NULL;
        return cli_fail(cli, err);
    }
    return 0;
}

int cli_fail(const sg_cli *cli, const sg_error *err)
{
    char msg[1024];
    sg_error_format(err, msg, sizeof msg);
    if (cli->json) {
        json_t *o = json_pack("{s:s, s:s, s:s, s:I, s:s}", "error", msg, "status",
                              sg_status_name(err->code), "file", err->file, "line",
                              (json_int_t)err->line, "field", err->field);
        if (o) {
            json_dumpf(o, stdout, JSON_COMPACT);
            fputc('\n', stdout);
            json_decref(o);
        }
    }
    fprintf(stderr, "safeguard: %s\n", msg);
    return sg_status_exit(err->code);
}

int cli_usage(const sg_cli *cli, const char *verb, const char *fmt, ...)
{
    (void)cli;
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "safeguard %s: ", verb);
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n(see 'safeguard help %s')\n", verb);
    va_end(ap);
    return 1;
}

int cmd_help(const sg_cli *cli, int argc, char **argv)
{
    (void)cli;
    if (argc > 1 && strcmp(argv[1], "--man") == 0) return cli_man(stdout);
    if (argc > 1) {
        for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
            if (strcmp(verbs[i].name, argv[1]) == 0) {
                fputs(verbs[i].usage, stdout);
                return 0;
            }
        fprintf(stderr, "safeguard help: no verb '%s'\n", argv[1]);
        return 1;
    }
    printf("usage: safeguard [--store DIR] [--json] [--quiet] VERB [ARGS]\n"
           "       safeguard --version [--json]\n\nverbs:\n");
    for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
        printf("  %-12s %s\n", verbs[i].name, verbs[i].summary);
    printf("\nglobal options:\n"
           "  --store DIR  the store directory (default ./safeguard-data, or $SAFEGUARD_STORE)\n"
           "  --json       machine-readable output on stdout\n"
           "  --quiet      no progress on stderr\n"
           "  --version    the release, its store schema and the libraries it runs against\n"
           "\nexit codes: 0 ok, 1 usage or invalid value, 2 bad input file, 3 not found,\n"
           "4 conflict or duplicate, 5 I/O or database error, 6 not allowed, 70 internal error\n"
           "'safeguard help VERB' shows a verb's options.\n");
    return 0;
}

int main(int argc, char **argv)
{
    sg_cli cli = {.store = getenv("SAFEGUARD_STORE"), .prog = argv[0]};
    if (!cli.store || !*cli.store) cli.store = "./safeguard-data";
    bool version = false;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "--store") == 0 && i + 1 < argc)
            cli.store = argv[++i];
        else if (strncmp(argv[i], "--store=", 8) == 0)
            cli.store = argv[i] + 8;
        else if (strcmp(argv[i], "--json") == 0)
            cli.json = true;
        else if (strcmp(argv[i], "--quiet") == 0)
            cli.quiet = true;
        else if (strcmp(argv[i], "--version") == 0)
            version = true;
        else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            return cmd_help(&cli, 0, NULL);
        } else {
            fprintf(stderr, "safeguard: unknown option %s (see 'safeguard help')\n", argv[i]);
            return 1;
        }
    }
    cli.progress = !cli.quiet && isatty(2);
    if (version) {
        if (i < argc) {
            fprintf(stderr, "safeguard: --version takes no verb (see 'safeguard help')\n");
            return 1;
        }
        return cli_version(&cli);
    }
    if (i >= argc) {
        cmd_help(&cli, 0, NULL);
        return 1;
    }
    for (size_t v = 0; v < sizeof verbs / sizeof verbs[0]; v++)
        if (strcmp(verbs[v].name, argv[i]) == 0) return verbs[v].run(&cli, argc - i, argv + i);
    fprintf(stderr, "safeguard: unknown verb '%s' (see 'safeguard help')\n", argv[i]);
    return 1;
}
