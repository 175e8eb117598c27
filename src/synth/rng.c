/* rng.c - the generator's random streams (xoshiro256** seeded through splitmix64, so a child's
 * stream depends only on the seed and its index) and the working-day and month arithmetic the
 * journeys use. Working days are those of core/workdays.h (Monday to Friday except England &
 * Wales bank holidays), the same clock the indicators time assessments and conferences with, so
 * the manifest's "within 45/15 working days" truth is what the indicators must find. */
#include "synth/synth_int.h"

#include "core/workdays.h"

#include <math.h>

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

void syn_rng_seed(syn_rng *r, uint64_t seed, uint64_t stream, uint64_t a, uint64_t b)
{
    /* Mix every input through splitmix so nearby indices give unrelated streams. */
    uint64_t x = seed;
    uint64_t h = splitmix64(&x);
    x = h ^ (stream * 0xD1B54A32D192ED03ull);
    h = splitmix64(&x);
    x = h ^ (a * 0xA24BAED4963EE407ull);
    h = splitmix64(&x);
    x = h ^ (b * 0x9FB21C651E98DF25ull);
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
    if (!(r->s[0] | r->s[1] | r->s[2] | r->s[3])) r->s[0] = 1;
}

static inline uint64_t rotl(uint64_t v, int k)
{
    return (v << k) | (v >> (64 - k));
}

uint64_t syn_next(syn_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

double syn_unif(syn_rng *r)
{
    return (double)(syn_next(r) >> 11) * 0x1.0p-53;
}

int syn_range(syn_rng *r, int lo, int hi)
{
    if (hi <= lo) return lo;
    uint64_t span = (uint64_t)((int64_t)hi - lo + 1);
    return lo + (int)((syn_next(r) >> 32) * span >> 32);
}

bool syn_chance(syn_rng *r, double p)
{
    return syn_unif(r) < p;
}

double syn_exp_days(syn_rng *r, double per_year)
{
    if (per_year <= 0) return 1e12;
    return -log(1.0 - syn_unif(r)) / per_year * 365.25;
}

int syn_poisson(syn_rng *r, double mean)
{
    if (mean <= 0) return 0;
    if (mean > 60) {
        /* Normal approximation; only reached for very long windows of high rates. */
        double u1 = syn_unif(r), u2 = syn_unif(r);
        double z = sqrt(-2.0 * log(1.0 - u1)) * cos(6.283185307179586 * u2);
        long v = lround(mean + z * sqrt(mean));
        return v < 0 ? 0 : (int)v;
    }
    double l = exp(-mean), p = syn_unif(r);
    int k = 0;
    while (p > l) {
        p *= syn_unif(r);
        k++;
    }
    return k;
}

int syn_pick(syn_rng *r, const uint16_t *w, int n)
{
    uint32_t total = 0;
    for (int i = 0; i < n; i++)
        total += w[i];
    uint32_t v = (uint32_t)((syn_next(r) >> 32) * total >> 32);
    for (int i = 0; i < n; i++) {
        if (v < w[i]) return i;
        v -= w[i];
    }
    return n - 1;
}

sg_date syn_wd_next(sg_date d)
{
    while (!sg_is_working_day(d))
        d++;
    return d;
}

sg_date syn_wd_add(sg_date d, int n)
{
    return n <= 0 ? d : sg_add_working_days(d, n);
}

int syn_wd_between(sg_date a, sg_date b)
{
    return sg_working_days(a, b);
}

sg_date syn_add_years(sg_date d, int years)
{
    int y, m, dd;
    sg_date_to_ymd(d, &y, &m, &dd);
    sg_date r = sg_date_from_ymd(y + years, m, dd);
    return r != SG_DATE_NONE ? r : sg_date_from_ymd(y + years, 3, 1);
}
