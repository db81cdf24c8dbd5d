/*
 * Writing the register: every change to a resident (import, API, hand-over)
 * goes through a register batch, which runs in one write transaction, brings
 * the daily roll-over up to today first, derives the colour and next-change
 * day from the facts with the city's rules, appends to the fact history, and
 * keeps the live colour counts of every level exact when it commits.
 */
#ifndef CORDON_APP_REGISTER_H
#define CORDON_APP_REGISTER_H

#include "app/app.h"
#include "core/colour.h"
#include "core/facts.h"
#include "core/tally.h"
#include "store/db.h"
#include "store/residents.h"
#include "store/residents_bulk.h"

#include <stdint.h>

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
                   struct app_error *err);

/*
 * Writes resident `r` (new when old is NULL, else an update of old->id):
 * derives r->colour and r->next_change from r->facts, inserts or updates,
 * appends a history row (kind, value JSON, effective day) and tallies the
 * count change. r->id is set for a new resident.
 */
int register_put(struct register_batch *b, struct resident *r, const struct resident *old,
                 const char *kind, const char *value, int32_t effective);

/* Applies the tallied count changes and commits. On failure rolls back. */
int register_commit(struct register_batch *b, struct app_error *err);

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

/*
 * The one register write of a use case, inside the writer job's savepoint:
 * applies change ch (if any) to r's facts (core/facts.h), derives colour
 * and next-change day, writes r, appends its history row (kind from the
 * change, "register" for a new resident), tallies the count change and
 * audits it as caller c, all or nothing. r->id is set for a new resident.
 * Returns 0, or an app status with err filled (the caller's savepoint is
 * then to be rolled back).
 */
int register_one(struct db *db,                 /* inside the writer job's savepoint */
                 const struct caller *c,        /* who records it, as audited */
                 struct resident *r,            /* the resident to write; facts changed by ch */
                 const struct resident *old,    /* as stored, or NULL: a new resident */
                 const struct facts_change *ch, /* the change, or NULL: r's facts as they are */
                 const char *source,            /* "api", "quarantine", "handover" */
                 const char *action,            /* the audit entry's action */
                 const char *detail,            /* its detail; NULL: the change as JSON */
                 struct app_error *err);

/* A change as stored in the history ({"presence":"in",...}): only the
 * parts it sets. Caller frees; NULL when out of memory. */
char *register_change_json(const struct facts_change *ch);

/* The facts of a resident as JSON text (for history rows), absent parts left
 * out: {"presence":"in","arrival":{"date","origin","abroad"},
 * "quarantine":{"kind","from","until"},"health":"normal"}. Caller frees. */
char *register_facts_json(const struct resident *r);

#endif
