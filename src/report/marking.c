/* marking.c - the protective marking of the booklet and the yearly report (marking.h). */
#include "report/marking.h"

const char *sg_report_marking(bool public_view)
{
    return public_view ? "Public: small numbers withheld"
                       : "Official-sensitive: exact figures, not for publication";
}

void sg_report_marking_html(sg_html *h, bool public_view)
{
    sg_html_elem(h, "span", sg_report_marking(public_view), "class", "marking", NULL);
}
