/*
 * Retention: the SQL that clears the personal data of residents whose every
 * quarantine case closed before a cutoff day, and deletes the temperature
 * readings of cases closed before it (app/register/purge.c decides who may
 * and audits; docs/operations.md says why). Counts, colours, units, case
 * kinds and days, and the colour history stay, so every aggregate is
 * unchanged.
 */
#ifndef CORDON_STORE_PURGE_H
#define CORDON_STORE_PURGE_H

#include "store/db.h"

#include <stdint.h>

/* What one purge changed. */
struct purge_counts {
    int64_t residents; /* residents anonymised */
    int64_t facts;     /* history entries whose recorded values were cleared */
    int64_t cases;     /* closed cases whose readings and facility were cleared */
    int64_t readings;  /* temperature readings deleted */
};

/* The name and document number a purged resident keeps ("purged:" and its
 * id, unique as the register requires). */
#define PURGE_NAME       "已清除"
#define PURGE_DOC_PREFIX "purged:"

/* Purges what closed before `cutoff` (a day), inside the caller's write
 * transaction; *out counts it. 0 or < 0. */
int store_purge(struct db *db, int32_t cutoff, int64_t now, struct purge_counts *out);

#endif
