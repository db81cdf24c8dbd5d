/*
 * resident_docs on Citus (store/residents_docs.h): one statement each, every
 * one naming doc_no, the table's distribution column, so each goes to one
 * shard. Nothing to do on SQLite and PostgreSQL.
 */
#include "store/residents_docs.h"

int store_resident_doc_put(struct db *db, int doc_type, const char *doc_no, int64_t district,
                           int64_t id)
{
    const struct db_value args[] = {DB_ARG_TEXT(doc_no), DB_ARG_INT(doc_type), DB_ARG_INT(district),
                                    DB_ARG_INT(id)};

    if (!db_is_citus(db))
        return 0;
    return db_run(db,
                  "INSERT INTO resident_docs (doc_no, doc_type, district, id) "
                  "VALUES ($1, $2, $3, $4)",
                  args, 4);
}

int store_resident_doc_drop(struct db *db, int doc_type, const char *doc_no)
{
    const struct db_value args[] = {DB_ARG_TEXT(doc_no), DB_ARG_INT(doc_type)};

    if (!db_is_citus(db))
        return 0;
    return db_run(db, "DELETE FROM resident_docs WHERE doc_no = $1 AND doc_type = $2", args, 2);
}

struct found {
    int64_t id, district;
};

static int read_found(void *out, struct db_stmt *st)
{
    struct found *f = out;

    f->id = db_column_int64(st, 0);
    f->district = db_column_int64(st, 1);
    return 0;
}

int store_resident_doc_find(struct db *db, int doc_type, const char *doc_no, int64_t *out_id,
                            int64_t *out_district)
{
    const struct db_value args[] = {DB_ARG_TEXT(doc_no), DB_ARG_INT(doc_type)};
    struct found f = {0, 0};
    int rc = 0;

    if (db_is_citus(db))
        rc =
            db_get(db, "SELECT id, district FROM resident_docs WHERE doc_no = $1 AND doc_type = $2",
                   args, 2, read_found, &f);
    *out_id = f.id;
    *out_district = f.district;
    return rc;
}
