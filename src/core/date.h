/*
 * Calendar dates as whole days, and the date formats people type.
 *
 * Every date in cordon is an int32_t count of days since 1970-01-01 in the
 * proleptic Gregorian calendar (the "civil day"). Storing days, not
 * timestamps, keeps rules like "14 days after arrival" exact arithmetic and
 * lets both database dialects hold dates as plain integers. Pure: no clock,
 * no time zone (the clock lives in util/clock.c).
 */
#ifndef CORDON_CORE_DATE_H
#define CORDON_CORE_DATE_H

#include <stddef.h>
#include <stdint.h>

/* "No date": an absent fact, or "never" for a next-change date. */
#define DATE_NONE INT32_MIN

/* Buffer size for date_format(): "YYYY-MM-DD" and its NUL. */
#define DATE_STR_LEN 11

enum date_error {
    DATE_E_EMPTY = -1,  /* nothing but white space */
    DATE_E_SYNTAX = -2, /* not one of the accepted forms */
    DATE_E_RANGE = -3,  /* month 13, 31 April, 29 Feb of a common year... */
    DATE_E_YEAR = -4,   /* year outside 1900..2200 */
};

/* Days since 1970-01-01 of a valid y-m-d; the caller checks validity first
 * with date_valid(). */
int32_t date_from_ymd(int year, int month, int day);

/* Splits a day number into year, month (1-12) and day of month (1-31). */
void date_to_ymd(int32_t days, int *out_year, int *out_month, int *out_day);

/* 1 if y-m-d is a real calendar date with 1900 <= y <= 2200, else 0. */
int date_valid(int year, int month, int day);

/*
 * Parses a date as people write it in spreadsheets: 2020-03-09, 2020-3-9,
 * 2020/3/9, 2020.3.9, 20200309, 2020年3月9日 (full-width digits accepted),
 * with surrounding white space ignored. Returns 0 and sets *out_days, or a
 * negative enum date_error. `s` need not be NUL-terminated.
 */
int date_parse(const char *s, size_t len, int32_t *out_days);

/* Writes "YYYY-MM-DD" into out; DATE_NONE is written as "". */
void date_format(int32_t days, char out[DATE_STR_LEN]);

/* Day of the week of `days`: 0 Monday .. 6 Sunday (1970-01-01 was a
 * Thursday). */
int date_weekday(int32_t days);

/* English text of an enum date_error. */
const char *date_strerror(int rc);

/* Stable short machine code of an enum date_error ("bad_date_format"...),
 * for API error bodies and import reports. */
const char *date_errcode(int rc);

#endif
