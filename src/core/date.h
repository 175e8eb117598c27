/* date.h - calendar dates as day numbers (days since 1970-01-01, proleptic Gregorian), parsed
 * from the sector's spellings (ISO YYYY-MM-DD in the CIN census, dd/mm/YYYY in the SSDA903,
 * Excel serial numbers in Annex A spreadsheets) and formatted back as ISO. */
#ifndef SG_DATE_H
#define SG_DATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef int32_t sg_date;
#define SG_DATE_NONE INT32_MIN

/* Day number for a valid y-m-d; SG_DATE_NONE if the date does not exist (e.g. 2023-02-29). */
sg_date sg_date_from_ymd(int y, int m, int d);
void sg_date_to_ymd(sg_date dt, int *y, int *m, int *d);

/* Parsers take (ptr, len), ignore surrounding spaces, and return SG_DATE_NONE for anything that
 * is not exactly a real date in that spelling. Years are limited to 1900..2199. */
sg_date sg_date_parse_iso(const char *s, size_t len);   /* YYYY-MM-DD */
sg_date sg_date_parse_uk(const char *s, size_t len);    /* dd/mm/YYYY (d/m/YYYY allowed) */
sg_date sg_date_parse_excel(const char *s, size_t len); /* serial days, 1900 system */
/* Tries ISO, then UK, then (when allow_excel) an Excel serial. */
sg_date sg_date_parse_any(const char *s, size_t len, bool allow_excel);

/* Writes "YYYY-MM-DD" (11 bytes incl. NUL) into out; "" for SG_DATE_NONE. Returns out. */
char *sg_date_iso(sg_date dt, char out[static 11]);

/* 0 = Monday ... 6 = Sunday. */
int sg_date_weekday(sg_date dt);

/* Whole years between birth and on (age on a date, birthdays on 29 Feb count from 1 Mar). */
int sg_date_age(sg_date birth, sg_date on);

/* Today in UTC (or SG_TODAY=YYYY-MM-DD from the environment, so tests are repeatable). */
sg_date sg_date_today(void);

#endif
