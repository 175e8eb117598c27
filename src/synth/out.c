/* out.c - the generator's output: big buffered writes with a running line count (so a planted
 * fault can name its line), fast date formatting, CSV rows with fault planting, and the fault
 * log (JSON lines in a temporary file, copied into the manifest at the end so memory stays flat
 * however many faults are planted). */
#include "synth/synth_int.h"

#include "core/mem.h"

#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

const char *const syn_fault_name[F__COUNT] = {
    "duplicate_record", "dates_out_of_order", "bad_code",   "missing_field",
    "future_date",      "impossible_date",    "missing_id", "police_csc_disagreement",
    "year_rule",
};

static void flush(syn_file *f)
{
    if (f->len && !f->failed && fwrite(f->buf, 1, f->len, f->fp) != f->len) {
        f->failed = 1;
        f->err_no = errno;
    }
    f->len = 0;
}

void syn_put(syn_file *f, const char *s, size_t n)
{
    if (f->len + n > f->cap) {
        flush(f);
        if (n > f->cap) {
            if (!f->failed && fwrite(s, 1, n, f->fp) != n) f->failed = 1, f->err_no = errno;
            return;
        }
    }
    memcpy(f->buf + f->len, s, n);
    f->len += n;
}

void syn_puts(syn_file *f, const char *s)
{
    syn_put(f, s, strlen(s));
}

void syn_putc(syn_file *f, char c)
{
    if (f->len + 1 > f->cap) flush(f);
    f->buf[f->len++] = c;
}

void syn_put_long(syn_file *f, long v)
{
    char tmp[24];
    int i = 24;
    unsigned long u = v < 0 ? 0ul - (unsigned long)v : (unsigned long)v;
    do {
        tmp[--i] = (char)('0' + u % 10);
        u /= 10;
    } while (u);
    if (v < 0) tmp[--i] = '-';
    syn_put(f, tmp + i, (size_t)(24 - i));
}

void syn_nl(syn_file *f)
{
    syn_putc(f, '\n');
    f->line++;
}

static void two(char *p, int v)
{
    p[0] = (char)('0' + v / 10 % 10);
    p[1] = (char)('0' + v % 10);
}

void syn_fmt_iso(sg_date d, char out[11])
{
    if (d == SG_DATE_NONE) {
        out[0] = '\0';
        return;
    }
    int y, m, dd;
    sg_date_to_ymd(d, &y, &m, &dd);
    two(out, y / 100);
    two(out + 2, y % 100);
    out[4] = '-';
    two(out + 5, m);
    out[7] = '-';
    two(out + 8, dd);
    out[10] = '\0';
}

void syn_fmt_uk(sg_date d, char out[11])
{
    if (d == SG_DATE_NONE) {
        out[0] = '\0';
        return;
    }
    int y, m, dd;
    sg_date_to_ymd(d, &y, &m, &dd);
    two(out, dd);
    out[2] = '/';
    two(out + 3, m);
    out[5] = '/';
    two(out + 6, y / 100);
    two(out + 8, y % 100);
    out[10] = '\0';
}

void syn_bad_date(sg_date d, bool uk, syn_rng *r, char out[11])
{
    int y, m, dd;
    sg_date_to_ymd(d, &y, &m, &dd);
    /* Days that do not exist: 30 February, 31 April/June/September/November. */
    static const int mon[] = {2, 4, 6, 9, 11};
    int mm = mon[syn_range(r, 0, 4)];
    int day = mm == 2 ? 30 : 31;
    if (uk)
        snprintf(out, 11, "%02d/%02d/%04d", day, mm, y);
    else
        snprintf(out, 11, "%04d-%02d-%02d", y, mm, day);
}

int syn_fault_pick(syn_ctx *x, unsigned mask)
{
    if (x->rate <= 0 || !mask) return -1;
    if (!syn_chance(&x->frng, x->rate)) return -1;
    int n = 0, kinds[F__COUNT];
    for (int k = 0; k < F__COUNT; k++)
        if (mask & FM(k)) kinds[n++] = k;
    return kinds[syn_range(&x->frng, 0, n - 1)];
}

void syn_fault_log(syn_ctx *x, syn_fault_kind kind, const syn_file *f, long line, sg_rec_type rec,
                   const char *field, const char *value, bool rejected)
{
    syn_fault_log_rule(x, kind, f, line, rec, field, value, rejected, NULL);
}

void syn_fault_log_rule(syn_ctx *x, syn_fault_kind kind, const syn_file *f, long line,
                        sg_rec_type rec, const char *field, const char *value, bool rejected,
                        const char *rule)
{
    char id[24];
    snprintf(id, sizeof id, "F%07ld", x->nfaults + 1);
    json_t *o = json_object();
    json_object_set_new(o, "id", json_string(id));
    json_object_set_new(o, "kind", json_string(syn_fault_name[kind]));
    json_object_set_new(o, "file", json_string(f->path));
    json_object_set_new(o, "line", json_integer(line));
    json_object_set_new(o, "record", json_string(sg_rec_type_name(rec)));
    json_object_set_new(o, "field", field ? json_string(field) : json_null());
    json_object_set_new(o, "value", value ? json_string(value) : json_null());
    json_object_set_new(o, "expect", json_string(rejected ? "rejected" : "stored"));
    if (!rule) rule = syn_fault_rule(f->format, kind, field, rejected);
    json_object_set_new(o, "rule", rule ? json_string(rule) : json_null());
    char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
    if (s) {
        fputs(x->nfaults ? ",\n    " : "\n    ", x->faults_fp);
        fputs(s, x->faults_fp);
        free(s);
    }
    json_decref(o);
    x->nfaults++;
    x->fault_kinds[kind]++;
}

void syn_row_init(syn_row *r, int n)
{
    r->n = n;
    for (int i = 0; i < n; i++) {
        r->cell[i][0] = '\0';
        r->date[i] = SG_DATE_NONE;
    }
}

void syn_row_set(syn_row *r, int col, const char *s)
{
    size_t n = strlen(s);
    if (n >= sizeof r->cell[col]) n = sizeof r->cell[col] - 1;
    memcpy(r->cell[col], s, n);
    r->cell[col][n] = '\0';
}

void syn_row_date(syn_row *r, int col, sg_date d, bool uk)
{
    r->date[col] = d;
    if (uk)
        syn_fmt_uk(d, r->cell[col]);
    else
        syn_fmt_iso(d, r->cell[col]);
}

void syn_row_long(syn_row *r, int col, long v)
{
    snprintf(r->cell[col], sizeof r->cell[col], "%ld", v);
}

static void write_row(syn_file *f, const syn_row *r)
{
    for (int i = 0; i < r->n; i++) {
        if (i) syn_putc(f, ',');
        syn_puts(f, r->cell[i]);
    }
    syn_nl(f);
}

void syn_header(syn_file *f, const char *const *names, int n)
{
    for (int i = 0; i < n; i++) {
        if (i) syn_putc(f, ',');
        syn_puts(f, names[i]);
    }
    syn_nl(f);
}

void syn_row_emit(syn_ctx *x, syn_file *f, const syn_rowspec *sp, syn_row *r, sg_date ye)
{
    int kind = -1;
    const char *yr_rule = x->yr_rule;
    x->yr_rule = NULL;
    if (x->rate > 0 && !yr_rule) {
        unsigned mask = FM(F_DUPLICATE);
        if (sp->id_cols[0] >= 0) mask |= FM(F_MISSING_ID);
        if (sp->start_col >= 0 && r->date[sp->start_col] != SG_DATE_NONE) mask |= FM(F_ORDER);
        if (sp->future_col >= 0) mask |= FM(F_FUTURE);
        if (sp->code_col >= 0) mask |= FM(F_BAD_CODE);
        if (sp->req_col >= 0 && r->cell[sp->req_col][0]) mask |= FM(F_MISSING_FIELD);
        for (int i = 0; i < 4 && sp->imp_cols[i] >= 0; i++)
            if (r->cell[sp->imp_cols[i]][0]) mask |= FM(F_IMPOSSIBLE);
        kind = syn_fault_pick(x, mask & ~sp->no);
    }
    int col = -1;
    bool rejected = false;
    switch (kind) {
    case F_ORDER: {
        col = sp->end_col;
        sg_date s = r->date[sp->start_col];
        syn_row_date(r, col, s - syn_range(&x->frng, 1, 30), sp->uk);
        break;
    }
    case F_FUTURE:
        col = sp->future_col;
        syn_row_date(r, col, ye + syn_range(&x->frng, 1, 90), sp->uk);
        break;
    case F_BAD_CODE:
        col = sp->code_col;
        syn_row_set(r, col, sp->bad_code);
        break;
    case F_MISSING_FIELD:
        col = sp->req_col;
        r->cell[col][0] = '\0';
        break;
    case F_IMPOSSIBLE: {
        int cand[4], n = 0;
        for (int i = 0; i < 4 && sp->imp_cols[i] >= 0; i++)
            if (r->cell[sp->imp_cols[i]][0]) cand[n++] = sp->imp_cols[i];
        col = cand[syn_range(&x->frng, 0, n - 1)];
        char bad[11];
        syn_bad_date(r->date[col] != SG_DATE_NONE ? r->date[col] : ye, sp->uk, &x->frng, bad);
        syn_row_set(r, col, bad);
        rejected = true;
        break;
    }
    case F_MISSING_ID:
        col = sp->id_cols[0];
        for (int i = 0; i < 4 && sp->id_cols[i] >= 0; i++)
            r->cell[sp->id_cols[i]][0] = '\0';
        rejected = true;
        break;
    default:
        break;
    }
    int copies = kind == F_DUPLICATE ? 2 : 1;
    for (int i = 0; i < copies; i++) {
        write_row(f, r);
        if (rejected) {
            f->rejected++;
        } else {
            if (sp->emits_child) f->records[SG_REC_CHILD]++;
            if (sp->also_strategy) f->records[SG_REC_STRATEGY]++;
            f->records[sp->rec]++;
        }
    }
    if (kind >= 0)
        syn_fault_log(x, (syn_fault_kind)kind, f, f->line, sp->rec,
                      col >= 0 ? sp->names[col] : NULL, col >= 0 ? r->cell[col] : NULL, rejected);
    else if (yr_rule) /* the cell the writer set (fault_years.c) */
        syn_fault_log_rule(x, F_YEAR_RULE, f, f->line, sp->rec, sp->names[x->yr_col],
                           r->cell[x->yr_col], false, yr_rule);
}
