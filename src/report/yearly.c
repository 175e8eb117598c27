/* yearly.c - the yearly report's model (yearly.h): building sections, blocks, tables and
 * figures; formatting a figure; the disclosure pass of a public report; and the glossary of the
 * abbreviations the report actually uses. */
#include "report/yearly.h"

#include "core/mem.h"
#include "core/num.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sg_yr_init(sg_yr_report *r)
{
    memset(r, 0, sizeof *r);
    r->disc = sg_disclosure_analyst();
    r->as_at = SG_DATE_NONE;
}

static void cells_free(sg_yr_cell *c, int n)
{
    for (int i = 0; i < n; i++)
        free(c[i].text);
    free(c);
}

static void table_free(sg_yr_table *t)
{
    if (!t) return;
    for (int i = 0; i < t->ncols; i++)
        free(t->head[i]);
    free(t->head);
    cells_free(t->c, t->nrows * t->ncols);
    free(t);
}

void sg_yr_fini(sg_yr_report *r)
{
    for (int i = 0; i < r->nsec; i++) {
        sg_yr_section *s = &r->sec[i];
        for (int k = 0; k < s->nb; k++) {
            cells_free(s->b[k].runs, s->b[k].nruns);
            table_free(s->b[k].table);
            free(s->b[k].html);
            free(s->b[k].md);
        }
        free(s->b);
    }
    free(r->sec);
    for (int i = 0; i < r->nwarn; i++)
        free(r->warnings[i]);
    free(r->warnings);
    free(r->gloss);
    sg_yr_init(r);
}

sg_yr_section *sg_yr_section_add(sg_yr_report *r, int num, const char *slug, const char *title)
{
    r->sec = xrealloc(r->sec, (size_t)(r->nsec + 1) * sizeof *r->sec);
    sg_yr_section *s = &r->sec[r->nsec++];
    memset(s, 0, sizeof *s);
    s->num = num;
    sg_strlcpy(s->slug, slug, sizeof s->slug);
    sg_strlcpy(s->title, title, sizeof s->title);
    return s;
}

sg_yr_block *sg_yr_block_add(sg_yr_section *s, sg_yr_block_kind kind)
{
    if (s->nb == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 8;
        s->b = xrealloc(s->b, (size_t)s->cap * sizeof *s->b);
    }
    sg_yr_block *b = &s->b[s->nb++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    return b;
}

static sg_yr_cell *run_push(sg_yr_block *b)
{
    b->runs = xrealloc(b->runs, (size_t)(b->nruns + 1) * sizeof *b->runs);
    sg_yr_cell *c = &b->runs[b->nruns++];
    memset(c, 0, sizeof *c);
    return c;
}

void sg_yr_run_text(sg_yr_block *b, const char *text)
{
    run_push(b)->text = xstrdup(text ? text : "");
}

void sg_yr_run_textf(sg_yr_block *b, const char *fmt, ...)
{
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    sg_yr_run_text(b, buf);
}

void sg_yr_run_fig(sg_yr_block *b, const sg_yr_fig *f)
{
    sg_yr_cell *c = run_push(b);
    c->is_fig = true;
    c->fig = *f;
}

void sg_yr_note(sg_yr_section *s, const char *fmt, ...)
{
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    sg_yr_run_text(sg_yr_block_add(s, SG_YB_NOTE), buf);
}

sg_yr_table *sg_yr_table_add(sg_yr_section *s, const char *caption, int ncols,
                             const char *const *head)
{
    sg_yr_block *b = sg_yr_block_add(s, SG_YB_TABLE);
    sg_yr_table *t = xcalloc(1, sizeof *t);
    sg_strlcpy(t->caption, caption, sizeof t->caption);
    t->ncols = ncols;
    t->head = xcalloc((size_t)ncols, sizeof *t->head);
    for (int i = 0; i < ncols; i++)
        t->head[i] = xstrdup(head[i] ? head[i] : "");
    t->total_row = -1;
    t->chart_col2 = -1;
    b->table = t;
    return t;
}

int sg_yr_row(sg_yr_table *t, const char *heading)
{
    if (t->nrows == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 8;
        t->c = xrealloc(t->c, (size_t)t->cap * (size_t)t->ncols * sizeof *t->c);
    }
    memset(&t->c[(size_t)t->nrows * (size_t)t->ncols], 0, (size_t)t->ncols * sizeof *t->c);
    t->c[(size_t)t->nrows * (size_t)t->ncols].text = xstrdup(heading ? heading : "");
    return t->nrows++;
}

sg_yr_cell *sg_yr_cell_at(const sg_yr_table *t, int row, int col)
{
    return &t->c[(size_t)row * (size_t)t->ncols + (size_t)col];
}

void sg_yr_cell_fig(sg_yr_table *t, int row, int col, const sg_yr_fig *f)
{
    sg_yr_cell *c = sg_yr_cell_at(t, row, col);
    free(c->text);
    c->text = NULL;
    c->is_fig = true;
    c->fig = *f;
}

void sg_yr_cell_text(sg_yr_table *t, int row, int col, const char *text)
{
    sg_yr_cell *c = sg_yr_cell_at(t, row, col);
    free(c->text);
    c->is_fig = false;
    c->text = xstrdup(text ? text : "");
}

void sg_yr_warn(sg_yr_report *r, const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    r->warnings = xrealloc(r->warnings, (size_t)(r->nwarn + 1) * sizeof *r->warnings);
    r->warnings[r->nwarn++] = xstrdup(buf);
}

/* ---- formatting ---- */

static void thousands(long long n, char *out, size_t outsz)
{
    char digits[32];
    unsigned long long u = n < 0 ? (unsigned long long)(-(n + 1)) + 1 : (unsigned long long)n;
    snprintf(digits, sizeof digits, "%llu", u);
    size_t len = strlen(digits), k = 0;
    if (n < 0 && k + 1 < outsz) out[k++] = '-';
    for (size_t i = 0; i < len && k + 2 < outsz; i++) {
        if (i && (len - i) % 3 == 0) out[k++] = ',';
        out[k++] = digits[i];
    }
    out[k] = '\0';
}

void sg_yr_fig_fmt(const sg_yr_fig *f, char out[64])
{
    char one[32];
    if (f->sup) {
        snprintf(out, 64, "%s", SG_DISCLOSURE_SYMBOL);
        return;
    }
    if (!f->has) {
        snprintf(out, 64, "%s", f->kind == SG_YF_SHOWN && f->text[0] ? f->text : "-");
        return;
    }
    switch (f->kind) {
    case SG_YF_COUNT:
        thousands(f->n, out, 64);
        return;
    case SG_YF_PCT:
        sg_fmt1(f->v, one);
        snprintf(out, 64, "%s%%", one);
        return;
    case SG_YF_RATE:
    case SG_YF_MEAN:
        sg_fmt1(f->v, one);
        snprintf(out, 64, "%s", one);
        return;
    case SG_YF_MONEY: {
        long long p = f->n < 0 ? -f->n : f->n;
        char pounds[40];
        thousands(p / 100, pounds, sizeof pounds);
        snprintf(out, 64, "%s\xC2\xA3%s.%02lld", f->n < 0 ? "-" : "", pounds, p % 100);
        return;
    }
    case SG_YF_SHOWN:
        snprintf(out, 64, "%s", f->text);
        return;
    }
    out[0] = '\0';
}

/* ---- disclosure ---- */

static bool is_people_count(const sg_yr_cell *c)
{
    return c->is_fig && c->fig.people && !c->fig.presup && c->fig.has && c->fig.kind == SG_YF_COUNT;
}

static void disclose_table(const sg_disclosure *d, sg_yr_table *t)
{
    long *cells = xcalloc((size_t)t->nrows + 1, sizeof *cells);
    bool *sup = xcalloc((size_t)t->nrows + 1, sizeof *sup);
    int *rowof = xcalloc((size_t)t->nrows + 1, sizeof *rowof);
    bool any_total_sup = false;
    bool *row_sup = xcalloc((size_t)t->nrows + 1, sizeof *row_sup);
    /* Primary, then secondary down each count column with the total row. */
    for (int col = 1; col < t->ncols; col++) {
        size_t n = 0;
        long total = -1;
        for (int r = 0; r < t->nrows; r++) {
            sg_yr_cell *c = sg_yr_cell_at(t, r, col);
            if (!is_people_count(c)) continue;
            if (r == t->total_row) {
                total = (long)c->fig.n;
                continue;
            }
            cells[n] = (long)c->fig.n;
            rowof[n++] = r;
        }
        if (n == 0 && total < 0) continue;
        bool tsup = false;
        sg_disc_breakdown(d, cells, n, t->sums ? total : -1, sup, &tsup);
        for (size_t i = 0; i < n; i++)
            if (sup[i]) {
                sg_yr_cell_at(t, rowof[i], col)->fig.sup = true;
                row_sup[rowof[i]] = true;
            }
        if (total >= 0) {
            sg_yr_cell *tc = sg_yr_cell_at(t, t->total_row, col);
            if (tsup || sg_disc_small(d, total)) {
                tc->fig.sup = true;
                any_total_sup = true;
                row_sup[t->total_row] = true;
            }
        }
    }
    /* Percentages and rates. */
    for (int r = 0; r < t->nrows; r++)
        for (int col = 1; col < t->ncols; col++) {
            sg_yr_cell *c = sg_yr_cell_at(t, r, col);
            if (!c->is_fig || !c->fig.people || c->fig.presup || !c->fig.has) continue;
            if (c->fig.kind == SG_YF_PCT) {
                if (sg_disc_ratio(d, (long)c->fig.n, (long)c->fig.den, NULL, NULL) || row_sup[r] ||
                    (t->sums && any_total_sup))
                    c->fig.sup = true;
            } else if (c->fig.kind == SG_YF_RATE || c->fig.kind == SG_YF_MEAN) {
                if (sg_disc_rate(d, (long)c->fig.n) || row_sup[r]) c->fig.sup = true;
            }
        }
    free(cells);
    free(sup);
    free(rowof);
    free(row_sup);
}

static void disclose_run(const sg_disclosure *d, sg_yr_cell *c)
{
    if (!c->is_fig || !c->fig.people || c->fig.presup || !c->fig.has) return;
    switch (c->fig.kind) {
    case SG_YF_COUNT:
    case SG_YF_RATE:
    case SG_YF_MEAN:
        if (sg_disc_small(d, (long)c->fig.n)) c->fig.sup = true;
        break;
    case SG_YF_PCT:
        if (sg_disc_ratio(d, (long)c->fig.n, (long)c->fig.den, NULL, NULL)) c->fig.sup = true;
        break;
    case SG_YF_MONEY:
    case SG_YF_SHOWN:
        break;
    }
}

typedef void (*fig_fn)(sg_yr_fig *f, void *ctx);

static void each_fig(sg_yr_report *r, fig_fn fn, void *ctx)
{
    for (int i = 0; i < r->nsec; i++)
        for (int k = 0; k < r->sec[i].nb; k++) {
            sg_yr_block *b = &r->sec[i].b[k];
            for (int j = 0; j < b->nruns; j++)
                if (b->runs[j].is_fig) fn(&b->runs[j].fig, ctx);
            if (b->table)
                for (int j = 0; j < b->table->nrows * b->table->ncols; j++)
                    if (b->table->c[j].is_fig) fn(&b->table->c[j].fig, ctx);
        }
}

typedef struct idset {
    char (*id)[96];
    size_t n, cap;
} idset;

static void collect_sup(sg_yr_fig *f, void *ctx)
{
    idset *s = ctx;
    if (!f->sup || !f->id[0]) return;
    if (s->n == s->cap) {
        s->cap = s->cap ? s->cap * 2 : 32;
        s->id = xrealloc(s->id, s->cap * sizeof *s->id);
    }
    sg_strlcpy(s->id[s->n++], f->id, 96);
}

typedef struct spread_ctx {
    idset *s;
    bool changed;
} spread_ctx;

static void spread_sup(sg_yr_fig *f, void *ctx)
{
    spread_ctx *sc = ctx;
    if (f->sup || !f->id[0]) return;
    for (size_t i = 0; i < sc->s->n; i++)
        if (strcmp(sc->s->id[i], f->id) == 0) {
            f->sup = true;
            sc->changed = true;
            return;
        }
}

static void clear_sup(sg_yr_fig *f, void *ctx)
{
    (void)ctx;
    if (!f->presup) f->sup = false;
}

/* ---- glossary ---- */

static const sg_yr_gloss glossary[] = {
    {"ADCS", "Association of Directors of Children's Services"},
    {"CAMHS", "Child and Adolescent Mental Health Services"},
    {"CCE", "child criminal exploitation"},
    {"CDOP", "Child Death Overview Panel"},
    {"CIN", "child in need"},
    {"CLA", "child looked after"},
    {"CP", "child protection"},
    {"CQC", "Care Quality Commission"},
    {"CSC", "children's social care"},
    {"CSE", "child sexual exploitation"},
    {"DA", "domestic abuse"},
    {"DfE", "Department for Education"},
    {"DSL", "designated safeguarding lead"},
    {"EHCP", "education, health and care plan"},
    {"HMICFRS", "His Majesty's Inspectorate of Constabulary and Fire & Rescue Services"},
    {"ICB", "integrated care board"},
    {"ICPC", "initial child protection conference"},
    {"ILACS", "inspection of local authority children's services"},
    {"JTAI", "joint targeted area inspection"},
    {"LA", "local authority"},
    {"LADO", "local authority designated officer"},
    {"LCSPR", "local child safeguarding practice review"},
    {"LSCP", "local safeguarding children partnership"},
    {"MASH", "multi-agency safeguarding hub"},
    {"NFA", "no further action"},
    {"NHS", "National Health Service"},
    {"ONS", "Office for National Statistics"},
    {"RAG", "red, amber, green rating against a target"},
    {"S11", "Section 11 of the Children Act 2004"},
    {"S175", "Section 175 of the Education Act 2002"},
    {"S47", "section 47 enquiry (Children Act 1989)"},
    {"SEND", "special educational needs and disabilities"},
    {"SUDI", "sudden unexpected death in infancy"},
    {"UASC", "unaccompanied asylum-seeking children"},
    {NULL, NULL},
};

const sg_yr_gloss *sg_yr_glossary_all(void)
{
    return glossary;
}

static void corpus_add(sg_buf *c, const char *s)
{
    if (!s) return;
    sg_buf_puts(c, s);
    sg_buf_putc(c, '\n');
}

/* Whether word occurs in text as a whole word (neighbours not letters or digits). */
static bool has_word(const char *text, const char *word)
{
    size_t wl = strlen(word);
    for (const char *p = strstr(text, word); p; p = strstr(p + 1, word)) {
        bool left = p == text || !isalnum((unsigned char)p[-1]);
        bool right = !isalnum((unsigned char)p[wl]);
        if (left && right) return true;
    }
    return false;
}

static void find_glossary(sg_yr_report *r)
{
    sg_buf c;
    sg_buf_init(&c, 0);
    corpus_add(&c, r->title);
    for (int i = 0; i < r->nsec; i++) {
        sg_yr_section *s = &r->sec[i];
        if (strcmp(s->slug, "glossary") == 0) continue;
        corpus_add(&c, s->title);
        for (int k = 0; k < s->nb; k++) {
            sg_yr_block *b = &s->b[k];
            for (int j = 0; j < b->nruns; j++)
                corpus_add(&c, b->runs[j].text);
            corpus_add(&c, b->md);
            if (b->table) {
                corpus_add(&c, b->table->caption);
                for (int j = 0; j < b->table->ncols; j++)
                    corpus_add(&c, b->table->head[j]);
                for (int j = 0; j < b->table->nrows * b->table->ncols; j++)
                    corpus_add(&c, b->table->c[j].text);
            }
        }
    }
    free(r->gloss);
    r->gloss = NULL;
    r->ngloss = 0;
    const char *text = sg_buf_str(&c);
    for (const sg_yr_gloss *g = glossary; g->abbr; g++)
        if (has_word(text, g->abbr)) {
            r->gloss = xrealloc(r->gloss, (size_t)(r->ngloss + 1) * sizeof *r->gloss);
            r->gloss[r->ngloss++] = *g;
        }
    sg_buf_fini(&c);
}

void sg_yr_finish(sg_yr_report *r)
{
    r->disc.active = r->public_view;
    if (r->disc.threshold <= 0) r->disc.threshold = SG_DISCLOSURE_DEFAULT_THRESHOLD;
    each_fig(r, clear_sup, NULL);
    if (r->public_view) {
        for (int i = 0; i < r->nsec; i++)
            for (int k = 0; k < r->sec[i].nb; k++) {
                sg_yr_block *b = &r->sec[i].b[k];
                if (b->table) disclose_table(&r->disc, b->table);
                for (int j = 0; j < b->nruns; j++)
                    disclose_run(&r->disc, &b->runs[j]);
            }
        for (bool again = true; again;) {
            idset s = {0};
            each_fig(r, collect_sup, &s);
            spread_ctx sc = {.s = &s};
            each_fig(r, spread_sup, &sc);
            free(s.id);
            again = sc.changed;
        }
    }
    find_glossary(r);
}
