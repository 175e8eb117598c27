/* clock.c - writes moments as ISO 8601 UTC timestamps (clock.h). */
#include "core/clock.h"

#include "core/mem.h"

#include <time.h>

char *sg_utc_stamp(int64_t t, char *out, size_t cap, const char *fallback)
{
    if (!cap) return out;
    time_t tt = (time_t)t;
    struct tm tm;
    if (!gmtime_r(&tt, &tm) || strftime(out, cap, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
        sg_strlcpy(out, fallback ? fallback : "", cap);
    return out;
}
