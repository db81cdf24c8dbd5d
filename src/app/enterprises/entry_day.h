/*
 * Building entry's "counted once a day" (issue 16), kept by the writer: the
 * set of the worker hashes already counted today, in the writer thread's
 * memory, so that an entry is one appended row and no random-key index
 * page (bench/RESULTS.md, "Building entries"). The set is loaded from the
 * day's rows on the first entry of a day (after a restart too) and emptied
 * when the day changes. A worker joins it only once its entry is written;
 * if the group holding that entry then fails to commit, the set is dropped
 * and read again from the table by the next entry, so a rolled-back entry
 * never counts. The places' counts of the day (building_entry_days) are
 * summed over the group and written once per place at its end.
 *
 * Every function runs on the writer thread (the group hooks of app/app.c
 * and entry_job); the state is thread-local. One writer per database: a
 * second server writing entries into the same database would not see this
 * one's set.
 */
#ifndef CORDON_APP_ENTRY_DAY_H
#define CORDON_APP_ENTRY_DAY_H

#include "store/building_entries.h"
#include "util/keyset.h"

#include <stdint.h>

/* The set's key of a stored worker hash: its 16-byte BLAKE2b. */
void entry_day_key(const char *worker, uint8_t out[KEYSET_KEY]);

/* *out_seen 1 when the worker is counted already on `day` (the day's set
 * loaded from the table first when needed). 0 or < 0 (a db error). */
int entry_day_seen(struct db *db, int32_t day, const uint8_t key[KEYSET_KEY], int *out_seen);

/* After the entry's row is written: the worker joins the day's set and the
 * entry the group's count for its place. 0, or DB_E_NOMEM (nothing kept). */
int entry_day_record(const struct entry_row *e, const uint8_t key[KEYSET_KEY]);

/* Group hooks: begin drops what a failed group left (its counts, and the
 * set if it had grown); end writes the group's counts by place; committed
 * seals the set's additions. */
void entry_day_group_begin(void);
int entry_day_group_end(struct db *db);
void entry_day_committed(void);

#endif
