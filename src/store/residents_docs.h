/*
 * The document lookup of a distributed register (issue 20). On Citus the
 * residents are distributed by district, and Citus enforces a unique key
 * only with the distribution column: UNIQUE (doc_type, doc_no) of the
 * register holds within a district there. One person, one record across
 * districts is kept by `resident_docs` (doc_no, doc_type → district, id),
 * which the Citus step creates, distributed by the document number, so its
 * primary key is enforced and a lookup by document is one shard.
 *
 * On SQLite and PostgreSQL the table does not exist and every function here
 * does nothing (the register's own unique key is the whole guarantee):
 * callers need not know which database they are on.
 */
#ifndef CORDON_STORE_RESIDENTS_DOCS_H
#define CORDON_STORE_RESIDENTS_DOCS_H

#include "store/db.h"

#include <stdint.h>

/* Records that the document belongs to resident `id` of `district`.
 * DB_E_CONSTRAINT when another resident holds it in any district. */
int store_resident_doc_put(struct db *db, int doc_type, const char *doc_no, int64_t district,
                           int64_t id);

/* Forgets the document (a resident whose document changed or was purged). */
int store_resident_doc_drop(struct db *db, int doc_type, const char *doc_no);

/* On Citus: the resident holding the document and their district
 * (0, DB_E_NOTFOUND or < 0). Elsewhere: *out_id 0 and 0 returned, i.e. "look
 * in the register itself". */
int store_resident_doc_find(struct db *db, int doc_type, const char *doc_no, int64_t *out_id,
                            int64_t *out_district);

#endif
