/*
 * The demo's building entries (issue 16): a day of workers entering the
 * parks and office buildings of 虹梅路街道 — DEMO_ENTRIES workers (the issue's
 * "up to 300,000 workers passing a day"), spread over the places in
 * proportion to the staff the register puts there, each entering once, a
 * few with a fever — written by one bulk load in one transaction (COPY on
 * PostgreSQL), the workers' numbers keyed like the door's (HMAC-SHA-256
 * under the database's entry key).
 */
#ifndef CORDON_DEMO_DEMO_ENTRIES_H
#define CORDON_DEMO_DEMO_ENTRIES_H

#include "store/db.h"

#include <stdint.h>

#define DEMO_ENTRIES 300000

/* Writes `day`'s entries once (nothing when that day has entries in the
 * street already); *out_n the number written. 0, or < 0 with a line in err. */
int demo_entries_create(struct db *db, int32_t day, int64_t *out_n, char err[256]);

#endif
