/*
 * SQL for the address resolver's index and its household lookup (see
 * gazetteer.h).
 */
#include "store/gazetteer.h"

#include <stdio.h>
#include <string.h>

DB_HAND_ROWS(unit_row, struct unit, store_unit_row, unit_fn)

int store_gazetteer_units(struct db *db, unit_fn fn, void *arg)
{
    struct db_hand h = DB_HAND(fn, arg);

    return db_list(db,
                   "SELECT code, name, level, parent FROM units "
                   "WHERE level BETWEEN 2 AND 4 ORDER BY level, code",
                   NULL, 0, unit_row, &h);
}

struct compound_each {
    gazetteer_compound_fn fn;
    void *arg;
};

static int compound_row(void *arg, struct db_stmt *st)
{
    struct compound_each *e = arg;

    return e->fn(e->arg, db_column_int64(st, 0), db_column_int64(st, 1), db_column_text(st, 2));
}

int store_gazetteer_compounds(struct db *db, int64_t after_id, gazetteer_compound_fn fn, void *arg)
{
    const struct db_value args[] = {DB_ARG_INT(after_id)};
    struct compound_each e = {fn, arg};

    return db_list(db,
                   "SELECT id, committee, name FROM compounds WHERE id > $1 /* walk */ ORDER BY id",
                   args, 1, compound_row, &e);
}

int store_compound_last_id(struct db *db, int64_t *out)
{
    int rc = db_query_int64(db, "SELECT coalesce(max(id), 0) FROM compounds", 0, NULL, out);

    if (rc == DB_DONE)
        *out = 0;
    return rc < 0 ? rc : 0;
}

#define AT_MAX 8 /* names tried per level */

int store_household_at(struct db *db, int64_t compound, const char *const *buildings,
                       int nbuildings, const char *const *units, int nunits,
                       const char *const *rooms, int nrooms, int64_t *out_id)
{
    /* One statement text for every call: missing names are bound as NULL,
     * which IN never matches; $14 = 0 means "any unit". */
    static const char sql[] = "SELECT h.id FROM households h JOIN buildings b ON b.id = h.building "
                              "WHERE b.compound = $1 "
                              "AND b.name IN ($2, $3, $4, $5, $6, $7, $8, $9) "
                              "AND h.room IN ($10, $11, $12, $13) "
                              "AND ($14 = 0 OR h.unit IN ($15, $16, $17, $18)) LIMIT 2";
    struct db_stmt *st;
    int rc, found = 0;

    if (nbuildings > AT_MAX || nrooms > 4 || nunits > 4)
        return DB_E_RANGE;
    if ((rc = db_prepare(db, sql, &st)) < 0)
        return rc;
    db_bind_int64(st, 1, compound);
    for (int i = 0; i < AT_MAX; i++)
        db_bind_text(st, 2 + i, i < nbuildings ? buildings[i] : NULL, -1);
    for (int i = 0; i < 4; i++)
        db_bind_text(st, 10 + i, i < nrooms ? rooms[i] : NULL, -1);
    db_bind_int64(st, 14, nunits > 0);
    for (int i = 0; i < 4; i++)
        db_bind_text(st, 15 + i, i < nunits ? units[i] : NULL, -1);
    while ((rc = db_step(st)) == DB_ROW) {
        *out_id = db_column_int64(st, 0);
        found++;
    }
    db_done(st);
    if (rc < 0)
        return rc;
    return found == 1 ? 0 : DB_E_NOTFOUND;
}
