/* register.c - the register engine's in-memory half: descriptor checks, records and their
 * typed reads, sets, and the validation that turns a typed value into its canonical spelling.
 * The store half (add, update, load, import, export, change log) is in reg_store.c. */
#include "registers/register.h"
#include "core/str.h"
#include "registers/reg_internal.h"

#include "core/mem.h"
#include "ingest/csv.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

/* ---- descriptors ---- */

int sg_reg_col_index(const sg_register *reg, const char *name)
{
    if (!reg || !name) return -1;
    for (int i = 0; i < reg->ncols; i++)
        if (strcmp(reg->cols[i].name, name) == 0) return i;
    return -1;
}

static bool name_ok(const char *n)
{
    if (!n || !*n || strlen(n) > 48) return false;
    for (const char *p = n; *p; p++)
        if (!(islower((unsigned char)*p) || isdigit((unsigned char)*p) || *p == '_')) return false;
    return true;
}

static int ncodes(const sg_reg_code *codes)
{
    int n = 0;
    while (codes && codes[n].code)
        n++;
    return n;
}

int sg_reg_check_descriptor(const sg_register *reg, sg_error *err)
{
    if (!reg || !name_ok(reg->name)) return sg_err(err, SG_EINVAL, "register without a valid name");
    if (!reg->title || !reg->cols || reg->ncols < 1 || reg->ncols > SG_REG_MAX_COLS)
        return sg_err(err, SG_EINVAL, "register %s: needs a title and 1..%d columns", reg->name,
                      SG_REG_MAX_COLS);
    int keys = 0;
    for (int i = 0; i < reg->ncols; i++) {
        const sg_reg_col *c = &reg->cols[i];
        if (!name_ok(c->name))
            return sg_err(err, SG_EINVAL, "register %s: column %d has no valid name", reg->name,
                          i + 1);
        if (sg_reg_col_index(reg, c->name) != i)
            return sg_err(err, SG_EINVAL, "register %s: column %s appears twice", reg->name,
                          c->name);
        if (!c->doc || !*c->doc)
            return sg_err(err, SG_EINVAL, "register %s: column %s has no doc", reg->name, c->name);
        if (c->type < 0 || c->type >= SG_RT__COUNT)
            return sg_err(err, SG_EINVAL, "register %s: column %s has no valid type", reg->name,
                          c->name);
        if (c->flags & SG_RF_KEY) keys++;
        if (c->type == SG_RT_ENUM && ncodes(c->codes) < 1)
            return sg_err(err, SG_EINVAL, "register %s: enum column %s has no codes", reg->name,
                          c->name);
        if ((c->flags & SG_RF_MULTI) && c->type != SG_RT_ENUM)
            return sg_err(err, SG_EINVAL, "register %s: column %s: MULTI is for enums", reg->name,
                          c->name);
        if (c->type == SG_RT_REF) {
            if (c->ref && !sg_reg_find(c->ref))
                return sg_err(err, SG_EINVAL,
                              "register %s: column %s refers to unknown register %s", reg->name,
                              c->name, c->ref);
            if (!c->ref && ncodes(c->codes) < 1)
                return sg_err(err, SG_EINVAL,
                              "register %s: column %s: a reference to any "
                              "source needs a list of sources",
                              reg->name, c->name);
        }
        if (c->not_before) {
            int j = sg_reg_col_index(reg, c->not_before);
            if (c->type != SG_RT_DATE || j < 0 || reg->cols[j].type != SG_RT_DATE || j == i)
                return sg_err(err, SG_EINVAL,
                              "register %s: column %s: not_before must name "
                              "another date column",
                              reg->name, c->name);
        }
        if (c->type == SG_RT_PSEUDONYM && (c->flags & SG_RF_KEY))
            return sg_err(err, SG_EINVAL, "register %s: a child pseudonym cannot be a key",
                          reg->name);
        if (c->key_default) {
            int j = sg_reg_col_index(reg, c->key_default);
            if (!(c->flags & SG_RF_KEY) || (c->flags & SG_RF_REQUIRED) || j < 0 ||
                (reg->cols[j].flags & SG_RF_KEY) || reg->cols[j].key_default)
                return sg_err(err, SG_EINVAL,
                              "register %s: column %s: key_default is for an optional key "
                              "column and must name another, non-key column",
                              reg->name, c->name);
        }
    }
    if (keys < 1) return sg_err(err, SG_EINVAL, "register %s: no key column", reg->name);
    for (int v = 0; v < reg->nviews; v++)
        if (!reg->views || !reg->views[v].name || !reg->views[v].fn)
            return sg_err(err, SG_EINVAL, "register %s: view %d is incomplete", reg->name, v + 1);
    return SG_OK;
}

/* ---- records ---- */

void sg_reg_record_init(sg_reg_record *rec, const sg_register *reg)
{
    memset(rec, 0, sizeof *rec);
    rec->reg = reg;
    rec->val = xcalloc((size_t)(reg->ncols > 0 ? reg->ncols : 1), sizeof *rec->val);
}

void sg_reg_record_fini(sg_reg_record *rec)
{
    if (!rec || !rec->val) return;
    for (int i = 0; i < rec->reg->ncols; i++)
        free(rec->val[i]);
    free(rec->val);
    rec->val = NULL;
}

const char *sg_reg_key_part(const sg_reg_record *rec, int i)
{
    const sg_reg_col *c = &rec->reg->cols[i];
    if (rec->val[i] || !c->key_default) return rec->val[i];
    int j = sg_reg_col_index(rec->reg, c->key_default);
    return j < 0 ? NULL : rec->val[j];
}

void sg_reg_record_rekey(sg_reg_record *rec)
{
    size_t n = 0;
    rec->key[0] = '\0';
    for (int i = 0; i < rec->reg->ncols; i++) {
        if (!(rec->reg->cols[i].flags & SG_RF_KEY)) continue;
        const char *v = sg_reg_key_part(rec, i);
        if (!v) {
            rec->key[0] = '\0';
            return;
        }
        size_t len = strlen(v);
        if (n + len + (n ? 1 : 0) > SG_REG_KEY_MAX) {
            rec->key[0] = '\0';
            return;
        }
        if (n) rec->key[n++] = '/';
        memcpy(rec->key + n, v, len);
        n += len;
        rec->key[n] = '\0';
    }
}

int sg_reg_record_put(sg_reg_record *rec, const char *col, const char *value)
{
    int i = sg_reg_col_index(rec->reg, col);
    if (i < 0) return SG_EINVAL;
    free(rec->val[i]);
    rec->val[i] = value && *value ? xstrdup(value) : NULL;
    sg_reg_record_rekey(rec);
    return SG_OK;
}

const char *sg_reg_get(const sg_reg_record *rec, const char *col)
{
    int i = sg_reg_col_index(rec->reg, col);
    return i < 0 ? NULL : rec->val[i];
}

sg_date sg_reg_get_date(const sg_reg_record *rec, const char *col)
{
    const char *v = sg_reg_get(rec, col);
    return v ? sg_date_parse_iso(v, strlen(v)) : SG_DATE_NONE;
}

bool sg_reg_get_flag(const sg_reg_record *rec, const char *col)
{
    const char *v = sg_reg_get(rec, col);
    return v && strcmp(v, "Y") == 0;
}

/* Parses an optionally signed decimal of at most 18 digits. */
static bool parse_ll(const char *s, size_t len, long long *out)
{
    size_t i = 0;
    bool neg = false;
    if (i < len && (s[i] == '-' || s[i] == '+')) neg = s[i++] == '-';
    if (i == len || len - i > 18) return false;
    long long v = 0;
    for (; i < len; i++) {
        if (!isdigit((unsigned char)s[i])) return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = neg ? -v : v;
    return true;
}

int sg_reg_get_int(const sg_reg_record *rec, const char *col, long long *out)
{
    const char *v = sg_reg_get(rec, col);
    if (!v) return SG_ENOTFOUND;
    return parse_ll(v, strlen(v), out) ? SG_OK : SG_EINVAL;
}

/* Parses money as typed ("£1,234.5", "-12", "0.07") into pence. Commas are allowed only as
 * thousands separators between digits. */
static bool parse_money(const char *s, size_t len, long long *pence)
{
    size_t i = 0;
    bool neg = false;
    if (i < len && s[i] == '-') {
        neg = true;
        i++;
    }
    if (len - i >= 2 && (unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xA3) i += 2;
    if (!neg && i < len && s[i] == '-') {
        neg = true;
        i++;
    }
    long long pounds = 0;
    int digits = 0;
    for (; i < len && s[i] != '.'; i++) {
        if (s[i] == ',' && digits > 0 && i + 1 < len && isdigit((unsigned char)s[i + 1])) continue;
        if (!isdigit((unsigned char)s[i]) || digits >= 15) return false;
        pounds = pounds * 10 + (s[i] - '0');
        digits++;
    }
    long long p = 0;
    int dec = 0;
    if (i < len) { /* the '.' */
        i++;
        for (; i < len; i++) {
            if (!isdigit((unsigned char)s[i]) || dec >= 2) return false;
            p = p * 10 + (s[i] - '0');
            dec++;
        }
        if (dec == 0) return false;
        if (dec == 1) p *= 10;
    }
    if (digits == 0 && dec == 0) return false;
    long long v = pounds * 100 + p;
    *pence = neg ? -v : v;
    return true;
}

int sg_reg_get_money(const sg_reg_record *rec, const char *col, long long *pence)
{
    const char *v = sg_reg_get(rec, col);
    if (!v) return SG_ENOTFOUND;
    return parse_money(v, strlen(v), pence) ? SG_OK : SG_EINVAL;
}

bool sg_reg_has_code(const sg_reg_record *rec, const char *col, const char *code)
{
    const char *v = sg_reg_get(rec, col);
    size_t n = strlen(code);
    while (v && *v) {
        const char *end = strchr(v, ';');
        size_t len = end ? (size_t)(end - v) : strlen(v);
        if (len == n && memcmp(v, code, n) == 0) return true;
        v = end ? end + 1 : NULL;
    }
    return false;
}

/* ---- sets ---- */

void sg_reg_set_init(sg_reg_set *set, const sg_register *reg)
{
    memset(set, 0, sizeof *set);
    set->reg = reg;
}

void sg_reg_set_fini(sg_reg_set *set)
{
    for (size_t i = 0; i < set->n; i++)
        sg_reg_record_fini(&set->rec[i]);
    free(set->rec);
    memset(set, 0, sizeof *set);
}

sg_reg_record *sg_reg_set_push(sg_reg_set *set)
{
    if (set->n == set->cap) {
        set->cap = set->cap ? set->cap * 2 : 16;
        set->rec = xrealloc(set->rec, set->cap * sizeof *set->rec);
    }
    sg_reg_record *r = &set->rec[set->n++];
    sg_reg_record_init(r, set->reg);
    return r;
}

const sg_reg_record *sg_reg_set_find(const sg_reg_set *set, const char *key)
{
    for (size_t i = 0; i < set->n; i++)
        if (strcmp(set->rec[i].key, key) == 0) return &set->rec[i];
    return NULL;
}

/* ---- validation ---- */

/* Whether s[0..len) is well-formed UTF-8 without control characters (TAB, CR, LF allowed
 * when multiline). */
static bool text_ok(const char *s, size_t len, bool multiline)
{
    const unsigned char *p = (const unsigned char *)s;
    for (size_t i = 0; i < len;) {
        unsigned char c = p[i];
        if (c < 0x80) {
            if ((c < 0x20 && !(multiline && (c == '\t' || c == '\r' || c == '\n'))) || c == 0x7f)
                return false;
            i++;
            continue;
        }
        size_t n = c >= 0xF0 && c <= 0xF4   ? 4
                   : c >= 0xE0 && c <= 0xEF ? 3
                   : c >= 0xC2 && c <= 0xDF ? 2
                                            : 0;
        if (!n) return false;
        if (i + n > len) return false;
        for (size_t k = 1; k < n; k++)
            if ((p[i + k] & 0xC0) != 0x80) return false;
        if (n == 3 && c == 0xE0 && p[i + 1] < 0xA0) return false;  /* overlong */
        if (n == 3 && c == 0xED && p[i + 1] >= 0xA0) return false; /* surrogates */
        if (n == 4 && c == 0xF0 && p[i + 1] < 0x90) return false;
        if (n == 4 && c == 0xF4 && p[i + 1] >= 0x90) return false;
        i += n;
    }
    return true;
}

/* Writes "A, B, C" (the code list) into out, shortened with "..." when long. */
static void code_list(const sg_reg_code *codes, char *out, size_t outsz)
{
    size_t n = 0;
    out[0] = '\0';
    for (int i = 0; codes[i].code; i++) {
        size_t len = strlen(codes[i].code);
        if (n + len + 6 >= outsz) {
            snprintf(out + n, outsz - n, "...");
            return;
        }
        n += (size_t)snprintf(out + n, outsz - n, "%s%s", i ? ", " : "", codes[i].code);
    }
}

static const sg_reg_code *find_code(const sg_reg_code *codes, const char *s, size_t len)
{
    for (int i = 0; codes && codes[i].code; i++)
        if (sg_str_ieqn(s, len, codes[i].code)) return &codes[i];
    return NULL;
}

/* Appends to out, failing when it would not fit. */
static bool put(char *out, size_t outsz, size_t *n, const char *s, size_t len)
{
    if (*n + len + 1 > outsz) return false;
    memcpy(out + *n, s, len);
    *n += len;
    out[*n] = '\0';
    return true;
}

static int canon_enum(const sg_reg_col *c, const char *s, size_t len, char *out, size_t outsz,
                      sg_error *err)
{
    char list[300];
    size_t n = 0;
    const char *codes_seen[64];
    int nseen = 0;
    size_t i = 0;
    while (i <= len) {
        size_t j = i;
        while (j < len && s[j] != ';')
            j++;
        size_t a = i, b = j;
        while (a < b && (s[a] == ' ' || s[a] == '\t'))
            a++;
        while (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t'))
            b--;
        if (j < len && !(c->flags & SG_RF_MULTI)) {
            code_list(c->codes, list, sizeof list);
            return sg_err(err, SG_EINVAL, "'%.*s' is not one code (expected one of %s)",
                          (int)(len > 80 ? 80 : len), s, list);
        }
        if (a == b) {
            if (len == 0) return SG_OK;
            return sg_err(err, SG_EINVAL, "empty code in the list '%.*s'",
                          (int)(len > 80 ? 80 : len), s);
        }
        const sg_reg_code *code = find_code(c->codes, s + a, b - a);
        if (!code) {
            code_list(c->codes, list, sizeof list);
            return sg_err(err, SG_EINVAL, "unknown code '%.*s' (expected %s%s)",
                          (int)(b - a > 80 ? 80 : b - a), s + a,
                          c->flags & SG_RF_MULTI ? "codes separated by ';' from " : "one of ",
                          list);
        }
        for (int k = 0; k < nseen; k++)
            if (codes_seen[k] == code->code)
                return sg_err(err, SG_EINVAL, "code %s is given twice", code->code);
        if (nseen == 64) return sg_err(err, SG_ELIMIT, "more than 64 codes");
        codes_seen[nseen++] = code->code;
        if ((n && !put(out, outsz, &n, ";", 1)) ||
            !put(out, outsz, &n, code->code, strlen(code->code)))
            return sg_err(err, SG_ELIMIT, "too many codes");
        i = j + 1;
    }
    return SG_OK;
}

static bool pseudonym_ok(const char *s, size_t len)
{
    if (len != SG_PSEUDO_LEN || !strchr("LUNP", s[0])) return false;
    for (size_t i = 1; i < len; i++)
        if (!isxdigit((unsigned char)s[i])) return false;
    return true;
}

int sg_reg_canon(const sg_register *reg, const sg_reg_col *c, const char *value, bool la_id,
                 const sg_pseudo *pseudo, sg_date today, char *out, size_t outsz, sg_error *err)
{
    (void)reg;
    if (outsz < SG_PSEUDO_LEN + 1) return sg_err(err, SG_EINVAL, "output buffer too small");
    out[0] = '\0';
    const char *s = value ? value : "";
    size_t len = strlen(s);
    while (len && (*s == ' ' || *s == '\t'))
        s++, len--;
    while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
        len--;
    if (len == 0) return SG_OK;
    /* Never echo a child identifier; everything else is quoted back (shortened) to help. */
    int shown = (int)(len > 80 ? 80 : len);
    if (c->type == SG_RT_PSEUDONYM) {
        if (la_id) {
            if (!pseudo)
                return sg_err(err, SG_EINVAL, "an LA child ID cannot be pseudonymised here");
            if (len > 64 || !text_ok(s, len, false) ||
                sg_pseudo_make(pseudo, SG_ID_LA, s, len, out) != SG_OK) {
                out[0] = '\0';
                return sg_err(err, SG_EINVAL, "the LA child ID is not usable (value not shown)");
            }
            return SG_OK;
        }
        if (!pseudonym_ok(s, len))
            return sg_err(err, SG_EINVAL,
                          "not a child pseudonym (a letter L, U, N or P and 24 hex digits; value "
                          "not shown); give an LA child ID in %s_la_id instead",
                          c->name);
        for (size_t i = 0; i < len; i++)
            out[i] = i ? (char)tolower((unsigned char)s[i]) : s[i];
        out[len] = '\0';
        return SG_OK;
    }
    if (!text_ok(s, len, c->type == SG_RT_TEXT))
        return sg_err(err, SG_EINVAL, "contains control characters or is not valid UTF-8");
    switch (c->type) {
    case SG_RT_TEXT: {
        size_t max = c->max > 0 ? (size_t)c->max : SG_REG_TEXT_MAX;
        if (len > max)
            return sg_err(err, SG_ELIMIT, "text of %zu bytes is longer than the %zu allowed", len,
                          max);
        if (len + 1 > outsz) return sg_err(err, SG_ELIMIT, "text too long");
        memcpy(out, s, len);
        out[len] = '\0';
        return SG_OK;
    }
    case SG_RT_INT: {
        long long v;
        if (!parse_ll(s, len, &v))
            return sg_err(err, SG_EINVAL, "'%.*s' is not a whole number", shown, s);
        if (c->min < c->max && (v < c->min || v > c->max))
            return sg_err(err, SG_EINVAL, "%lld is outside %lld..%lld", v, c->min, c->max);
        snprintf(out, outsz, "%lld", v);
        return SG_OK;
    }
    case SG_RT_MONEY: {
        long long p;
        if (!parse_money(s, len, &p))
            return sg_err(err, SG_EINVAL, "'%.*s' is not an amount of money (e.g. 1234.50)", shown,
                          s);
        if (c->min < c->max && (p < c->min || p > c->max))
            return sg_err(err, SG_EINVAL, "%.*s is outside the allowed %lld.%02lld..%lld.%02lld",
                          shown, s, c->min / 100, llabs(c->min % 100), c->max / 100,
                          llabs(c->max % 100));
        long long a = llabs(p);
        snprintf(out, outsz, "%s%lld.%02lld", p < 0 ? "-" : "", a / 100, a % 100);
        return SG_OK;
    }
    case SG_RT_DATE: {
        sg_date d = sg_date_parse_any(s, len, false);
        if (d == SG_DATE_NONE)
            return sg_err(err, SG_EINVAL, "'%.*s' is not a real date (YYYY-MM-DD)", shown, s);
        char iso[11], t[11];
        sg_date_iso(d, iso);
        if ((c->flags & SG_RF_PAST) && today != SG_DATE_NONE && d > today)
            return sg_err(err, SG_EINVAL, "date %s is in the future (today is %s)", iso,
                          sg_date_iso(today, t));
        snprintf(out, outsz, "%s", iso);
        return SG_OK;
    }
    case SG_RT_ENUM:
        return canon_enum(c, s, len, out, outsz, err);
    case SG_RT_AGENCY: {
        const sg_reg_code *a = find_code(sg_reg_agencies, s, len);
        if (!a) {
            char list[300];
            code_list(sg_reg_agencies, list, sizeof list);
            return sg_err(err, SG_EINVAL, "unknown agency '%.*s' (expected one of %s)", shown, s,
                          list);
        }
        snprintf(out, outsz, "%s", a->code);
        return SG_OK;
    }
    case SG_RT_FLAG: {
        static const char *const yes[] = {"Y", "YES", "TRUE", "1"}, *const no[] = {"N", "NO",
                                                                                   "FALSE", "0"};
        for (int i = 0; i < 4; i++) {
            if (sg_str_ieqn(s, len, yes[i])) return snprintf(out, outsz, "Y"), SG_OK;
            if (sg_str_ieqn(s, len, no[i])) return snprintf(out, outsz, "N"), SG_OK;
        }
        return sg_err(err, SG_EINVAL, "'%.*s' is not Y or N", shown, s);
    }
    case SG_RT_REF: {
        if (len > SG_REG_KEY_MAX + 64 || len + 1 > outsz)
            return sg_err(err, SG_ELIMIT, "reference too long");
        if (c->ref) {
            memcpy(out, s, len);
            out[len] = '\0';
            return SG_OK;
        }
        const char *colon = memchr(s, ':', len);
        const sg_reg_code *src = colon ? find_code(c->codes, s, (size_t)(colon - s)) : NULL;
        if (!src || colon + 1 == s + len) {
            char list[300];
            code_list(c->codes, list, sizeof list);
            return sg_err(err, SG_EINVAL, "'%.*s' is not SOURCE:KEY with SOURCE one of %s", shown,
                          s, list);
        }
        size_t sl = strlen(src->code), kl = len - (size_t)(colon + 1 - s);
        if (sl + 1 + kl + 1 > outsz) return sg_err(err, SG_ELIMIT, "reference too long");
        memcpy(out, src->code, sl);
        out[sl] = ':';
        memcpy(out + sl + 1, colon + 1, kl);
        out[sl + 1 + kl] = '\0';
        return SG_OK;
    }
    default:
        return sg_err(err, SG_EINVAL, "column %s has an unknown type", c->name);
    }
}

/* ---- financial years ---- */

int sg_reg_fy_of(sg_date d)
{
    int y, m, day;
    sg_date_to_ymd(d, &y, &m, &day);
    return m >= 4 ? y : y - 1;
}

void sg_reg_fy_bounds(int y, sg_date *first, sg_date *last)
{
    if (first) *first = sg_date_from_ymd(y, 4, 1);
    if (last) *last = sg_date_from_ymd(y + 1, 3, 31);
}

void sg_reg_view_defaults(const sg_reg_view_opts *in, sg_reg_view_opts *out)
{
    sg_reg_view_opts o = {.today = SG_DATE_NONE};
    if (in) o = *in;
    if (o.today == SG_DATE_NONE || o.today == 0) o.today = sg_date_today();
    if (o.year == 0) o.year = sg_reg_fy_of(o.today);
    *out = o;
}
