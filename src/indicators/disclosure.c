/* disclosure.c - primary and secondary suppression of small numbers (see disclosure.h). */
#include "indicators/disclosure.h"

sg_disclosure sg_disclosure_analyst(void)
{
    return (sg_disclosure){.active = false, .threshold = SG_DISCLOSURE_DEFAULT_THRESHOLD};
}

sg_disclosure sg_disclosure_public(void)
{
    return (sg_disclosure){.active = true, .threshold = SG_DISCLOSURE_DEFAULT_THRESHOLD};
}

bool sg_disc_small(const sg_disclosure *d, long count)
{
    return d && d->active && count >= 1 && count <= d->threshold;
}

size_t sg_disc_breakdown(const sg_disclosure *d, const long *cells, size_t n, long total,
                         bool *cell_sup, bool *total_sup)
{
    size_t nsup = 0;
    long sup_sum = 0;
    bool tsup = false;
    for (size_t i = 0; i < n; i++) {
        cell_sup[i] = sg_disc_small(d, cells[i]);
        if (cell_sup[i]) {
            nsup++;
            sup_sum += cells[i];
        }
    }
    if (total >= 0 && d && d->active) {
        if (sg_disc_small(d, total)) {
            /* Every non-zero cell of a small total is small, or the data is inconsistent; either
             * way nothing of the row can be shown but zeros. */
            tsup = true;
            for (size_t i = 0; i < n; i++)
                if (cells[i] > 0 && !cell_sup[i]) {
                    cell_sup[i] = true;
                    nsup++;
                }
        } else {
            while (nsup > 0 && (nsup == 1 || sup_sum <= d->threshold)) {
                size_t pick = n;
                for (size_t i = 0; i < n; i++)
                    if (!cell_sup[i] && cells[i] > 0 && (pick == n || cells[i] < cells[pick]))
                        pick = i;
                if (pick == n) {
                    /* Nothing left to hide behind: the total would give the cells back. */
                    tsup = true;
                    break;
                }
                cell_sup[pick] = true;
                nsup++;
                sup_sum += cells[pick];
            }
        }
    }
    if (total_sup) *total_sup = tsup;
    return nsup;
}

bool sg_disc_ratio(const sg_disclosure *d, long num, long den, bool *num_sup, bool *den_sup)
{
    bool ns = sg_disc_small(d, num), ds = sg_disc_small(d, den);
    if (den > 0 && num >= 0 && num <= den && !ds) {
        long parts[2] = {num, den - num};
        bool sup[2];
        bool tsup = false;
        sg_disc_breakdown(d, parts, 2, den, sup, &tsup);
        ns = ns || sup[0] || sup[1];
        ds = tsup;
    } else if (ds) {
        /* A small denominator withholds what it divides. */
        ns = ns || num > 0;
    }
    if (num_sup) *num_sup = ns;
    if (den_sup) *den_sup = ds;
    return ns || ds;
}

bool sg_disc_rate(const sg_disclosure *d, long count)
{
    return sg_disc_small(d, count);
}
