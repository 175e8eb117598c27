/* booklet_int.h - what the booklet's files share: the formatting of values and words the
 * CSV, JSON and HTML renderings all use (booklet.c), the HTML page being written and the
 * headline indicators (booklet_html.c), and the chart sections (booklet_charts.c). */
#ifndef SG_REPORT_BOOKLET_INT_H
#define SG_REPORT_BOOKLET_INT_H

#include "core/html.h"
#include "report/booklet.h"

/* ---- formatting (booklet.c) ---- */

/* A whole number with thousands separators. */
void bk_fmt_count(double v, char out[48]);
/* A value in the indicator's unit, without disclosure or absence handling. */
void bk_fmt_value(sg_ind_unit u, double v, char out[48]);
/* The unit and polarity in words, for the CSV, JSON and notes ("percent", "higher is
 * better"). */
const char *bk_unit_word(sg_ind_unit u);
const char *bk_polarity_word(sg_ind_polarity p);
/* The heading of an indicator group ("referrals" -> "Referrals"). */
const char *bk_group_title(const char *g);

/* ---- the HTML page (booklet_html.c) ---- */

/* The page being written: the booklet and the markup writer. */
typedef struct bk_page {
    const sg_booklet *b;
    sg_html h;
} bk_page;

#define BK_NHEADLINE 8
extern const char *const bk_headline_ids[BK_NHEADLINE];

/* ---- chart and note sections (booklet_charts.c) ---- */

/* The trend charts, the headline indicators first. */
void bk_trends(bk_page *pg);
/* One bar chart of the indicators whose id starts with prefix (categories of one measure). */
void bk_category_bars(bk_page *pg, const char *prefix, const char *chart_id, const char *title,
                      const char *what);
/* The data-quality section: the flags on the figures (or why there are none). */
void bk_dq_section(bk_page *pg);
/* The key to the page's symbols and the notes on its figures. */
void bk_notes(bk_page *pg);

#endif
