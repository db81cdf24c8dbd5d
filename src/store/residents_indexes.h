/*
 * The residents' indexes and foreign keys put aside during a first import.
 * An import into an empty register (store_residents_empty(), read inside
 * the import's write transaction) drops them before its first row and
 * makes them again, from the definitions the database itself gave, after
 * its last, in the same transaction: one sort per index and one check per
 * foreign key instead of one B-tree insert and one lookup per row, and
 * all-or-nothing kept, since the schema change commits or rolls back with
 * the rows.
 *
 * SQLite: the residents' secondary indexes (those made by CREATE INDEX;
 * the UNIQUE (doc_type, doc_no) constraint is the table's own and stays).
 * PostgreSQL: those, the UNIQUE (doc_type, doc_no) constraint, and the
 * foreign keys of residents and households; the table locks this takes
 * keep other sessions from reading residents until the import commits
 * (an empty register: nothing to read yet). Nothing on Citus, whose
 * distributed tables take DDL differently.
 */
#ifndef CORDON_STORE_RESIDENTS_INDEXES_H
#define CORDON_STORE_RESIDENTS_INDEXES_H

#include "store/db.h"

#define STORE_DEFERRED_INDEXES_MAX 16

struct store_deferred_indexes {
    int n;
    char *drop[STORE_DEFERRED_INDEXES_MAX]; /* statements that drop them, owned */
    char *make[STORE_DEFERRED_INDEXES_MAX]; /* statements that make them again, owned */
};

/* Drops what a first import builds at its end and remembers how to make it
 * again in *out. Call it inside the write transaction, on an empty
 * register only. 0 or < 0 (db_errmsg() says why). */
int store_residents_indexes_defer(struct db *db, struct store_deferred_indexes *out);

/* Makes again everything put aside, in order, in the same transaction: a
 * row that breaks a UNIQUE index or a foreign key fails it here. 0 or
 * < 0. */
int store_residents_indexes_build(struct db *db, const struct store_deferred_indexes *d);

/* On PostgreSQL, the statistics of the register's tables brought up to
 * date in the import's transaction (ANALYZE sees its own rows): a first
 * import fills tables the planner last saw empty, and until autovacuum's
 * ANALYZE (within a minute or so) it planned a committee's compound list
 * as hash joins over sequential scans, 37-56 ms for 200,000 residents
 * against under 1 ms after (bench/RESULTS.md). Nothing on SQLite, whose
 * plans here do not use statistics, nor on Citus, whose shards are
 * analysed on their workers. 0 or < 0. */
int store_residents_analyze(struct db *db);

/* Forgets what was put aside (the indexes themselves come back with a
 * rollback or with store_residents_indexes_build()). Accepts an empty one. */
void store_residents_indexes_free(struct store_deferred_indexes *d);

#endif
