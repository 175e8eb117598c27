/* clock.h - moments in time (seconds since the epoch) written the one way the store, the audit
 * trails, backups and logs write them: ISO 8601 in UTC to the second, "YYYY-MM-DDTHH:MM:SSZ". */
#ifndef SG_CLOCK_H
#define SG_CLOCK_H

#include <stddef.h>
#include <stdint.h>

/* Room for "YYYY-MM-DDTHH:MM:SSZ" and its NUL (21 bytes; years 0..9999). */
#define SG_UTC_STAMP_LEN 21

/* Writes t as "YYYY-MM-DDTHH:MM:SSZ" (UTC) into out (cap bytes, at least SG_UTC_STAMP_LEN) and
 * returns out. When t cannot be written so (gmtime cannot convert it, or it does not fit in cap)
 * out holds fallback instead ("" for NULL; truncated to cap). */
char *sg_utc_stamp(int64_t t, char *out, size_t cap, const char *fallback);

#endif
