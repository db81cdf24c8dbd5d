/*
 * Writing the register: every change to a resident (import, API, hand-over)
 * goes through a register batch, which runs in one write transaction, brings
 * the daily roll-over up to today first, derives the colour and next-change
 * day from the facts with the city's rules, appends to the fact history, and
 * keeps the live colour counts of every level exact when it commits.
 */
#ifndef CORDON_APP_REGISTER_H
#define CORDON_APP_REGISTER_H

#include "core/colour.h"
#include "core/tally.h"
#include "store/db.h"
#include "store/residents.h"
#include "store/residents_bulk.h"

#include <stdint.h>

#define REGISTER_ERR_LEN 256

struct register_batch {
    struct db *db;
    struct colour_rules rules;
    int32_t today;
    int64_t now;
    const char *by;     /* who records: account name, "cli", ... */
    const char *source; /* "import", "api", "cli", "handover" */
    struct tally tally;
    int64_t written;
    int within; /* 1: inside a transaction the caller owns (group commit) */
    /* Set by the caller for a first import into an empty register on a
     * driver with a fast bulk path: new residents and all history rows are
     * staged there instead of inserted one by one. The caller flushes it
     * before register_commit() and frees it. */
    struct store_bulk *bulk;
};

/* Loads the rules, begins the write transaction and catches the roll-over
 * up to today. Returns 0, or < 0 with a message in err (nothing begun). */
int register_begin(struct register_batch *b, struct db *db, const char *by, const char *source,
                   char err[REGISTER_ERR_LEN]);

/*
 * Writes resident `r` (new when old is NULL, else an update of old->id):
 * derives r->colour and r->next_change from r->facts, inserts or updates,
 * appends a history row (kind, value JSON, effective day) and tallies the
 * count change. r->id is set for a new resident.
 */
int register_put(struct register_batch *b, struct resident *r, const struct resident *old,
                 const char *kind, const char *value, int32_t effective);

/* Applies the tallied count changes and commits. On failure rolls back. */
int register_commit(struct register_batch *b, char err[REGISTER_ERR_LEN]);

/* Rolls back and frees. Safe after a failed commit. */
void register_abort(struct register_batch *b);

/*
 * The same batch inside a transaction the caller owns, as the group-commit
 * writer (store/writer.h) runs each job in a savepoint of a shared
 * transaction: nothing is begun, the caller has already caught the roll-over
 * up to today and passes the rules it loaded. register_commit() then applies
 * the counts without committing, and register_abort() only frees (the
 * caller rolls its savepoint back).
 */
void register_begin_within(struct register_batch *b, struct db *db,
                           const struct colour_rules *rules, const char *by, const char *source);

/* The facts of a resident as JSON text (for history rows), absent parts left
 * out: {"presence":"in","arrival":{"date","origin","abroad"},
 * "quarantine":{"kind","from","until"},"health":"normal"}. Caller frees. */
char *register_facts_json(const struct resident *r);

#endif
