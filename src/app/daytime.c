/*
 * Local times of day (see daytime.h), through the C library under the TZ
 * that util/clock.c sets.
 */
#include "app/daytime.h"

#include "core/date.h"
#include "util/clock.h"

#include <string.h>
#include <time.h>

int64_t daytime_now(void)
{
    int64_t now = clock_now();
    int32_t today = clock_today();

    return clock_day_of(now) == today ? now : daytime_at(today, 12, 0);
}

int64_t daytime_at(int32_t day, int hour, int min)
{
    struct tm tm;
    int y, m, d;

    (void)clock_day_of(0); /* makes sure the zone is applied */
    date_to_ymd(day, &y, &m, &d);
    memset(&tm, 0, sizeof tm);
    tm.tm_year = y - 1900;
    tm.tm_mon = m - 1;
    tm.tm_mday = d;
    tm.tm_hour = hour;
    tm.tm_min = min;
    tm.tm_isdst = -1;
    return (int64_t)mktime(&tm);
}

int daytime_minute(int64_t t)
{
    struct tm tm;
    time_t tt = (time_t)t;

    (void)clock_day_of(0);
    localtime_r(&tt, &tm);
    return tm.tm_hour * 60 + tm.tm_min;
}

void daytime_last_due(int64_t now, int32_t *out_day, int *out_slot, int64_t *out_due)
{
    int32_t today = clock_day_of(now);
    int m = daytime_minute(now);

    if (m >= CHECKIN_EVENING_DUE_H * 60) {
        *out_day = today;
        *out_slot = 1;
    } else if (m >= CHECKIN_MORNING_DUE_H * 60) {
        *out_day = today;
        *out_slot = 0;
    } else {
        *out_day = today - 1;
        *out_slot = 1;
    }
    *out_due = daytime_at(*out_day, *out_slot ? CHECKIN_EVENING_DUE_H : CHECKIN_MORNING_DUE_H, 0);
}

int daytime_slot_of(int64_t t)
{
    return daytime_minute(t) >= CHECKIN_SPLIT_H * 60;
}
