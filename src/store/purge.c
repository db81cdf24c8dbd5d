/*
 * Retention's SQL (store/purge.h): four statements in the caller's
 * transaction, each counted. A resident is "released past retention" when
 * they have had a quarantine case, none is open, and every one closed
 * before the cutoff; a resident already purged has the PURGE_DOC_PREFIX
 * document number and is never counted twice.
 */
#include "store/purge.h"

#include <stddef.h>

/* The residents to purge, as a condition on `residents` (no alias: it is
 * used in an UPDATE of residents and in a sub-select from fact_history). */
#define RELEASED                                                                                   \
    "residents.doc_no NOT LIKE '" PURGE_DOC_PREFIX "%' "                                           \
    "AND EXISTS (SELECT 1 FROM quarantines q WHERE q.resident = residents.id) "                    \
    "AND NOT EXISTS (SELECT 1 FROM quarantines q WHERE q.resident = residents.id "                 \
    "AND (q.state = 0 OR q.closed_day IS NULL OR q.closed_day >= $1))"

/* Cases closed before the cutoff that still hold readings or a facility.
 * The readings are a subquery of their own, not one correlated with the
 * cases: on Citus they are distributed and the cases a reference table,
 * and Citus plans no correlated subquery from the one into the other. */
#define CLOSED                                                                                     \
    "quarantines.state <> 0 AND quarantines.closed_day < $1 AND (quarantines.facility <> '' OR "   \
    "quarantines.id IN (SELECT quarantine FROM temperatures))"

static int run(struct db *db, const char *sql, const struct db_value *args, int n, int64_t *count)
{
    int rc = db_run(db, sql, args, n);

    if (rc < 0)
        return rc;
    *count = db_changes(db);
    return 0;
}

int store_purge(struct db *db, int32_t cutoff, int64_t now, struct purge_counts *out)
{
    const struct db_value args[] = {DB_ARG_INT(cutoff), DB_ARG_INT(now)};
    int64_t none;
    int rc;

    *out = (struct purge_counts){0, 0, 0, 0};
    /* The recorded values (names, origins, phones in the JSON) go; the kind,
     * day, colour and unit of each change stay for the history. */
    /* On Citus the document lookup forgets them first (the purged number
     * is theirs alone: store/residents_docs.h). */
    if (db_is_citus(db) && (rc = run(db,
                                     "DELETE FROM resident_docs WHERE (doc_no, doc_type) IN "
                                     "(SELECT doc_no, doc_type FROM residents WHERE " RELEASED ")",
                                     args, 1, &none)) < 0)
        return rc;
    if ((rc = run(db,
                  "UPDATE fact_history SET value = '{}' WHERE value <> '{}' AND resident IN "
                  "(SELECT id FROM residents WHERE " RELEASED ")",
                  args, 1, &out->facts)) < 0 ||
        (rc = run(db,
                  "UPDATE residents SET name = '" PURGE_NAME "', doc_no = '" PURGE_DOC_PREFIX
                  "' || CAST(id AS TEXT), phone = NULL, origin = NULL, birth = NULL, "
                  "household = NULL, updated_at = $2 WHERE " RELEASED,
                  args, 2, &out->residents)) < 0)
        return rc;
    if ((rc = db_query_int64(db, "SELECT count(*) FROM quarantines WHERE " CLOSED, 1,
                             (const int64_t[]){cutoff}, &out->cases)) < 0 ||
        (rc = run(db,
                  "DELETE FROM temperatures WHERE quarantine IN "
                  "(SELECT id FROM quarantines WHERE state <> 0 AND closed_day < $1)",
                  args, 1, &out->readings)) < 0 ||
        (rc = run(db,
                  "UPDATE quarantines SET facility = '' WHERE state <> 0 AND closed_day < $1 "
                  "AND facility <> ''",
                  args, 1, &none)) < 0)
        return rc;
    return 0;
}
