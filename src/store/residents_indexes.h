/*
 * The residents' secondary indexes put aside during a first import. An
 * import into an empty register (store_residents_empty(), read inside the
 * import's write transaction) drops them before its first row and builds
 * them again, from the same SQL text, after its last, in the same
 * transaction: one sort per index instead of one B-tree insert per row and
 * index, and all-or-nothing kept, since the schema change commits or rolls
 * back with the rows. The UNIQUE (doc_type, doc_no) constraint is kept
 * throughout (it is the table's own, and the import's duplicate check
 * against the database relies on it).
 *
 * SQLite only, where DDL is transactional and cheap; on PostgreSQL
 * store_residents_indexes_defer() puts nothing aside (the bulk path of
 * store/residents_bulk.h is its first-import lever).
 */
#ifndef CORDON_STORE_RESIDENTS_INDEXES_H
#define CORDON_STORE_RESIDENTS_INDEXES_H

#include "store/db.h"

#define STORE_DEFERRED_INDEXES_MAX 16

struct store_deferred_indexes {
    int n;
    char *name[STORE_DEFERRED_INDEXES_MAX]; /* owned */
    char *sql[STORE_DEFERRED_INDEXES_MAX];  /* their CREATE INDEX statements, owned */
};

/* Drops the secondary indexes of residents (every index created by a
 * CREATE INDEX statement) and remembers their SQL in *out. Call it inside
 * the write transaction, on an empty register only. 0 or < 0 (db_errmsg()
 * says why); on failure *out holds what was dropped so far. */
int store_residents_indexes_defer(struct db *db, struct store_deferred_indexes *out);

/* Builds again every index put aside, in the same transaction. 0 or < 0. */
int store_residents_indexes_build(struct db *db, const struct store_deferred_indexes *d);

/* Forgets what was put aside (the indexes themselves come back with a
 * rollback or with store_residents_indexes_build()). Accepts an empty one. */
void store_residents_indexes_free(struct store_deferred_indexes *d);

#endif
