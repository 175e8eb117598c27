/* marking.h - the protective marking every report document carries on its cover: a public
 * edition has small numbers withheld; any other holds exact figures and is not for publication. */
#ifndef SG_REPORT_MARKING_H
#define SG_REPORT_MARKING_H

#include "core/html.h"

#include <stdbool.h>

/* The marking's words for an edition. */
const char *sg_report_marking(bool public_view);

/* Writes the marking as <span class="marking">. */
void sg_report_marking_html(sg_html *h, bool public_view);

#endif
