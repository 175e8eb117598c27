/* publish_check.c - the narrative safety checks of a public report (publish_check.h). A line
 * is cut into tokens (runs of ASCII letters and digits); each rule looks at tokens and the
 * characters between them. */
#include "report/publish_check.h"

#include "core/mem.h"
#include "indicators/disclosure.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_TOKENS 512
#define WINDOW 8

typedef struct tok {
    const char *p;
    size_t len;
} tok;

typedef struct line_ctx {
    const char *s; /* the line (not NUL-terminated) */
    size_t len;
    tok t[MAX_TOKENS];
    int n;
} line_ctx;

static bool all_digits(const tok *t)
{
    for (size_t i = 0; i < t->len; i++)
        if (!isdigit((unsigned char)t->p[i])) return false;
    return t->len > 0;
}

static bool tok_is(const tok *t, const char *w)
{
    size_t n = strlen(w);
    if (t->len != n) return false;
    for (size_t i = 0; i < n; i++)
        if (tolower((unsigned char)t->p[i]) != w[i]) return false;
    return true;
}

static bool tok_in(const tok *t, const char *const *words)
{
    for (; *words; words++)
        if (tok_is(t, *words)) return true;
    return false;
}

bool sg_pc_nhs_valid(const char *d)
{
    if (strlen(d) != 10) return false;
    int sum = 0;
    for (int i = 0; i < 10; i++)
        if (!isdigit((unsigned char)d[i])) return false;
    for (int i = 0; i < 9; i++)
        sum += (d[i] - '0') * (10 - i);
    int check = 11 - sum % 11;
    if (check == 11) check = 0;
    if (check == 10) return false;
    return check == d[9] - '0';
}

/* The single character between tokens i and i+1, or 0 when there is not exactly one. */
static char sep_between(const line_ctx *c, int i)
{
    const char *a = c->t[i].p + c->t[i].len, *b = c->t[i + 1].p;
    return b - a == 1 ? *a : 0;
}

static const char *const months[] = {
    "january", "february", "march",    "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan",   "feb", "mar",  "apr",  "jun",    "jul",
    "aug",     "sep",      "sept",     "oct",   "nov", "dec",  NULL};

/* A day token: 1-2 digits, optionally with st/nd/rd/th. */
static bool day_tok(const tok *t)
{
    size_t k = 0;
    while (k < t->len && isdigit((unsigned char)t->p[k]))
        k++;
    if (k < 1 || k > 2) return false;
    if (k == t->len) return true;
    tok rest = {t->p + k, t->len - k};
    static const char *const suf[] = {"st", "nd", "rd", "th", NULL};
    return tok_in(&rest, suf);
}

static bool year_tok(const tok *t)
{
    return t->len == 4 && all_digits(t) && (t->p[0] == '1' || t->p[0] == '2');
}

/* A full date starting at token i: d/m/yyyy (also - and .), yyyy-mm-dd, d Month yyyy,
 * Month d yyyy. */
static bool date_at(const line_ctx *c, int i)
{
    if (i + 2 >= c->n) return false;
    const tok *a = &c->t[i], *b = &c->t[i + 1], *y = &c->t[i + 2];
    char s1 = sep_between(c, i), s2 = sep_between(c, i + 1);
    bool numsep = s1 && s1 == s2 && (s1 == '/' || s1 == '-' || s1 == '.');
    if (numsep && all_digits(a) && a->len <= 2 && all_digits(b) && b->len <= 2 && year_tok(y))
        return true;
    if (numsep && year_tok(a) && all_digits(b) && b->len <= 2 && all_digits(y) && y->len <= 2)
        return true;
    if (day_tok(a) && tok_in(b, months) && year_tok(y)) return true;
    if (tok_in(a, months) && day_tok(b) && year_tok(y)) return true;
    return false;
}

static const char *const dob_words[] = {"born", "dob", "birthday", "birthdate", NULL};

static bool mentions_birth(const line_ctx *c)
{
    for (int i = 0; i < c->n; i++) {
        if (tok_in(&c->t[i], dob_words)) return true;
        if (i + 2 < c->n && tok_is(&c->t[i], "date") && tok_is(&c->t[i + 1], "of") &&
            tok_is(&c->t[i + 2], "birth"))
            return true;
        if (i + 2 < c->n && tok_is(&c->t[i], "d") && tok_is(&c->t[i + 1], "o") &&
            tok_is(&c->t[i + 2], "b"))
            return true;
    }
    return false;
}

static bool ons_code(const tok *t)
{
    if (t->len != 9 || !strchr("EWSNK", t->p[0])) return false;
    tok rest = {t->p + 1, 8};
    return all_digits(&rest);
}

static const char *const number_words[] = {"one", "two",   "three", "four", "five",
                                           "six", "seven", "eight", "nine", NULL};

/* The small count at token i (1..thr), or 0. */
static int small_count(const line_ctx *c, int i, int thr)
{
    const tok *t = &c->t[i];
    const char *start = c->s, *end = c->s + c->len;
    char before = t->p > start ? t->p[-1] : ' ';
    char after = t->p + t->len < end ? t->p[t->len] : ' ';
    int v = 0;
    if (all_digits(t) && t->len <= 3) {
        /* Not money (pound sign, dollar), a percentage, a decimal, a time or a date. */
        bool digit_after_dot =
            after == '.' && t->p + t->len + 1 < end && isdigit((unsigned char)t->p[t->len + 1]);
        bool digit_before_dot =
            before == '.' && t->p - 1 > start && isdigit((unsigned char)t->p[-2]);
        if (before == '$' || (unsigned char)before == 0xA3 || after == '%' || after == ':' ||
            before == ':' || after == '/' || before == '/' || digit_after_dot || digit_before_dot)
            return 0;
        for (size_t k = 0; k < t->len; k++)
            v = v * 10 + (t->p[k] - '0');
    } else {
        for (int k = 0; number_words[k]; k++)
            if (tok_is(t, number_words[k])) v = k + 1;
    }
    return v >= 1 && v <= thr ? v : 0;
}

static const char *const preps[] = {"in", "at", "from", "near", "around", "across", NULL};

/* Capitalised words that follow "in"/"at" without naming a place. */
static const char *const not_places[] = {
    "january",   "february",    "march",    "april",    "may",         "june",      "july",
    "august",    "september",   "october",  "november", "december",    "monday",    "tuesday",
    "wednesday", "thursday",    "friday",   "saturday", "sunday",      "england",   "wales",
    "britain",   "english",     "the",      "this",     "that",        "these",     "those",
    "our",       "their",       "its",      "a",        "an",          "year",      "years",
    "quarter",   "term",        "key",      "stage",    "section",     "part",      "table",
    "figure",    "appendix",    "chapter",  "working",  "together",    "practice",  "review",
    "reviews",   "children",    "child",    "court",    "care",        "health",    "police",
    "education", "social",      "early",    "help",     "partnership", "partners",  "safeguarding",
    "panel",     "board",       "group",    "team",     "total",       "all",       "each",
    "every",     "spring",      "summer",   "autumn",   "winter",      "christmas", "easter",
    "primary",   "secondary",   "school",   "schools",  "hospital",    "home",      "homes",
    "foster",    "residential", "national", "local",    "phase",       "round",     "cohort",
    "case",      "cases",       NULL};

static bool capitalised_name(const tok *t)
{
    if (t->len < 2 || !isupper((unsigned char)t->p[0])) return false;
    bool lower = false;
    for (size_t k = 1; k < t->len; k++) {
        if (islower((unsigned char)t->p[k])) lower = true;
        if (isdigit((unsigned char)t->p[k])) return false;
    }
    return lower && !tok_in(t, not_places);
}

/* Whether a sentence ends between tokens a < b. */
static bool sentence_break(const line_ctx *c, int a, int b)
{
    for (const char *p = c->t[a].p + c->t[a].len; p < c->t[b].p; p++)
        if (*p == '!' || *p == '?' || *p == ';' ||
            (*p == '.' && (p + 1 >= c->s + c->len || isspace((unsigned char)p[1]))))
            return true;
    return false;
}

static bool place_at(const line_ctx *c, int j, const sg_pc_opts *o)
{
    const tok *t = &c->t[j];
    for (int k = 0; k < o->nplaces; k++) {
        size_t pl = strlen(o->places[k]);
        if (pl && (size_t)(c->s + c->len - t->p) >= pl && strncmp(t->p, o->places[k], pl) == 0 &&
            (t->p + pl == c->s + c->len || !isalnum((unsigned char)t->p[pl])))
            return true;
    }
    return j > 0 && tok_in(&c->t[j - 1], preps) && capitalised_name(t);
}

/* Returns a description of the first finding, with its token in *at, or NULL. */
static const char *check_line(line_ctx *c, const sg_pc_opts *o, int thr, int *at)
{
    for (int i = 0; i < c->n; i++) {
        const tok *t = &c->t[i];
        *at = i;
        if (t->len == 13 && isalpha((unsigned char)t->p[0]) &&
            (isdigit((unsigned char)t->p[12]) || isalpha((unsigned char)t->p[12]))) {
            tok mid = {t->p + 1, 11};
            if (all_digits(&mid)) return "a unique pupil number (UPN)";
        }
        if (t->len == 10 && all_digits(t)) {
            char d[11];
            memcpy(d, t->p, 10);
            d[10] = '\0';
            if (sg_pc_nhs_valid(d)) return "an NHS number (its check digit is valid)";
        }
        if (i + 2 < c->n && t->len == 3 && c->t[i + 1].len == 3 && c->t[i + 2].len == 4 &&
            all_digits(t) && all_digits(&c->t[i + 1]) && all_digits(&c->t[i + 2])) {
            char s1 = sep_between(c, i), s2 = sep_between(c, i + 1);
            if ((s1 == ' ' || s1 == '-') && s1 == s2) {
                char d[11];
                memcpy(d, t->p, 3);
                memcpy(d + 3, c->t[i + 1].p, 3);
                memcpy(d + 6, c->t[i + 2].p, 4);
                d[10] = '\0';
                if (sg_pc_nhs_valid(d)) return "an NHS number (its check digit is valid)";
            }
        }
        if (t->len >= 6 && t->len <= 14 && !ons_code(t)) {
            int letters = 0, digits = 0;
            for (size_t k = 0; k < t->len; k++) {
                if (isdigit((unsigned char)t->p[k]))
                    digits++;
                else
                    letters++;
            }
            if (letters >= 1 && digits >= 5) return "an LA child ID";
        }
        if (i + 1 < c->n &&
            (tok_is(&c->t[i + 1], "id") || tok_is(&c->t[i + 1], "ref") ||
             tok_is(&c->t[i + 1], "number")) &&
            (tok_is(t, "child") || tok_is(t, "la") || tok_is(t, "case") || tok_is(t, "person") ||
             tok_is(t, "pupil") || tok_is(t, "nhs"))) {
            for (int j = i + 2; j < c->n && j <= i + 4; j++) {
                int digits = 0;
                for (size_t k = 0; k < c->t[j].len; k++)
                    digits += isdigit((unsigned char)c->t[j].p[k]) != 0;
                if (digits >= 4) {
                    *at = j;
                    return "a child's identifier (a number after an ID label)";
                }
            }
        }
    }
    if (mentions_birth(c))
        for (int i = 0; i < c->n; i++)
            if (date_at(c, i)) {
                *at = i;
                return "a date of birth";
            }
    for (int i = 0; i < c->n; i++) {
        if (!small_count(c, i, thr)) continue;
        int lo = i - WINDOW < 0 ? 0 : i - WINDOW, hi = i + WINDOW >= c->n ? c->n - 1 : i + WINDOW;
        for (int j = lo; j <= hi; j++) {
            if (j == i) continue;
            if (sentence_break(c, j < i ? j : i, j < i ? i : j)) continue;
            if (place_at(c, j, o)) {
                *at = i;
                return "a small count next to a named place";
            }
        }
    }
    return NULL;
}

int sg_publish_check(const char *text, size_t len, const char *name, const sg_pc_opts *o,
                     sg_error *err)
{
    sg_pc_opts none = {0};
    if (!o) o = &none;
    int thr = o->threshold > 0 ? o->threshold : SG_DISCLOSURE_DEFAULT_THRESHOLD;
    line_ctx *c = xmalloc(sizeof *c);
    const char *p = text, *end = text + len;
    long line = 1;
    int rc = SG_OK;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        c->s = p;
        c->len = (size_t)(le - p);
        c->n = 0;
        for (const char *q = p; q < le && c->n < MAX_TOKENS;) {
            if (!isalnum((unsigned char)*q) || (unsigned char)*q >= 0x80) {
                q++;
                continue;
            }
            const char *s = q;
            while (q < le && (unsigned char)*q < 0x80 && isalnum((unsigned char)*q))
                q++;
            c->t[c->n].p = s;
            c->t[c->n].len = (size_t)(q - s);
            c->n++;
        }
        int at = 0;
        const char *what = check_line(c, o, thr, &at);
        if (what) {
            rc = sg_err_at(err, SG_EINVAL, name, line, (long)(c->t[at].p - p) + 1, "narrative",
                           "this looks like %s, which a public report must not contain: remove "
                           "or reword it (or publish without --public)",
                           what);
            break;
        }
        line++;
        p = nl ? nl + 1 : end;
    }
    free(c);
    return rc;
}
