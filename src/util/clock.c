/*
 * The program's single clock. Time zones are applied by offset: we read the
 * zone's UTC offset for a given instant with localtime_r() under TZ, once per
 * call, so no other code needs to know about zones.
 */
#include "util/clock.h"

#include "core/date.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static pthread_once_t tz_once = PTHREAD_ONCE_INIT;
static char tz_name[64] = "Asia/Shanghai";

static void tz_apply(void)
{
    setenv("TZ", tz_name, 1);
    tzset();
}

int clock_set_tz(const char *tz)
{
    char path[128];
    FILE *f;

    if (strlen(tz) >= sizeof tz_name || strstr(tz, ".."))
        return -1;
    snprintf(path, sizeof path, "/usr/share/zoneinfo/%s", tz);
    if (!(f = fopen(path, "rb")))
        return -1;
    fclose(f);
    snprintf(tz_name, sizeof tz_name, "%s", tz);
    tz_apply();
    return 0;
}

/* Parses "YYYY-MM-DDTHH:MM" (local time in the zone) into a UTC timestamp. */
static int parse_now(const char *s, int64_t *out)
{
    int y, mo, d, h, mi, n = 0;
    struct tm tm;

    if (sscanf(s, "%4d-%2d-%2dT%2d:%2d%n", &y, &mo, &d, &h, &mi, &n) != 5 || s[n] != '\0' ||
        !date_valid(y, mo, d) || h > 23 || mi > 59 || h < 0 || mi < 0)
        return -1;
    pthread_once(&tz_once, tz_apply);
    memset(&tm, 0, sizeof tm);
    tm.tm_year = y - 1900;
    tm.tm_mon = mo - 1;
    tm.tm_mday = d;
    tm.tm_hour = h;
    tm.tm_min = mi;
    tm.tm_isdst = -1;
    *out = (int64_t)mktime(&tm);
    return 0;
}

int clock_check_env(char err[256])
{
    const char *s;
    int32_t day;
    int64_t t;

    if ((s = getenv("CORDON_TODAY")) && *s && date_parse(s, strlen(s), &day) < 0) {
        snprintf(err, 256, "CORDON_TODAY=%s is not a date (use YYYY-MM-DD)", s);
        return -1;
    }
    if ((s = getenv("CORDON_NOW")) && *s && parse_now(s, &t) < 0) {
        snprintf(err, 256, "CORDON_NOW=%s is not a time (use YYYY-MM-DDTHH:MM)", s);
        return -1;
    }
    return 0;
}

int64_t clock_now(void)
{
    const char *s = getenv("CORDON_NOW");
    int64_t t;

    if (s && *s && parse_now(s, &t) == 0)
        return t;
    return (int64_t)time(NULL);
}

int32_t clock_day_of(int64_t t)
{
    struct tm tm;
    time_t tt = (time_t)t;

    pthread_once(&tz_once, tz_apply);
    localtime_r(&tt, &tm);
    return date_from_ymd(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

int32_t clock_today(void)
{
    const char *s = getenv("CORDON_TODAY");
    int32_t day;

    if (s && *s && date_parse(s, strlen(s), &day) == 0)
        return day;
    return clock_day_of(clock_now());
}

void clock_format(int64_t t, char out[32])
{
    struct tm tm;
    time_t tt = (time_t)t;
    char zone[8];

    pthread_once(&tz_once, tz_apply);
    localtime_r(&tt, &tm);
    strftime(zone, sizeof zone, "%z", &tm);
    snprintf(out, 32, "%04d-%02d-%02dT%02d:%02d:%02d%.3s:%.2s", tm.tm_year + 1900, tm.tm_mon + 1,
             tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, zone, zone + 3);
}

double clock_mono(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
