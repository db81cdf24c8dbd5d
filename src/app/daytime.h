/*
 * Times of day in the city's zone for quarantine check-ins and task
 * deadlines: the instant of a local hour on a day, the local minute of an
 * instant, and which check-in slot (morning, evening) was due last. The
 * clock itself (CORDON_NOW, CORDON_TODAY) is util/clock.c's.
 */
#ifndef CORDON_APP_DAYTIME_H
#define CORDON_APP_DAYTIME_H

#include <stdint.h>

/* Check-ins: the morning reading is due by 12:00, the evening one by
 * 21:00; a reading taken before 14:00 counts as the morning's. */
#define CHECKIN_MORNING_DUE_H 12
#define CHECKIN_EVENING_DUE_H 21
#define CHECKIN_SPLIT_H       14

/* "Now" for check-ins and deadlines: clock_now(), unless CORDON_TODAY
 * names another day than the clock's (a replayed exercise), then noon of
 * that day, so that deadlines of the replayed day are neither all overdue
 * nor all far away. */
int64_t daytime_now(void);

/* Unix seconds of local hour:min on `day` (days since 1970-01-01). */
int64_t daytime_at(int32_t day, int hour, int min);

/* Local minutes since midnight of instant t. */
int daytime_minute(int64_t t);

/* The last check-in slot whose due time is at or before `now`: its day,
 * slot (0 morning, 1 evening) and due instant. */
void daytime_last_due(int64_t now, int32_t *out_day, int *out_slot, int64_t *out_due);

/* The slot a reading taken at t belongs to (0 morning, 1 evening). */
int daytime_slot_of(int64_t t);

#endif
