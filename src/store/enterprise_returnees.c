/*
 * SQL of an application's checklist and its returning staff (see
 * enterprise_returnees.h).
 */
#include "store/enterprise_returnees.h"

#include "core/date.h"
#include "store/handovers.h"

#include <stdio.h>
#include <string.h>

int store_application_put(struct db *db, int64_t enterprise, int32_t day,
                          const struct enterprise_checklist *k, const char *by, int64_t at,
                          int64_t district)
{
    const struct db_value args[] = {
        DB_ARG_INT(enterprise), DB_ARG_INT(day),        DB_ARG_INT(k->door_checks),
        DB_ARG_INT(k->masks),   DB_ARG_INT(k->canteen), DB_ARG_TEXT(by),
        DB_ARG_INT(at),         DB_ARG_INT(district)};

    return db_run(db,
                  "INSERT INTO enterprise_applications (enterprise, day, door_checks, masks, "
                  "canteen, by_name, at, district) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
                  "ON CONFLICT (enterprise, day) DO UPDATE SET door_checks = excluded.door_checks, "
                  "masks = excluded.masks, canteen = excluded.canteen, by_name = excluded.by_name, "
                  "at = excluded.at",
                  args, 8);
}

int store_returnee_insert(struct db *db, struct returnee *r, int64_t district)
{
    const struct db_value args[] = {DB_ARG_INT(r->enterprise),
                                    DB_ARG_INT(r->day),
                                    DB_ARG_TEXT(r->doc_no),
                                    DB_ARG_TEXT(r->name),
                                    DB_ARG_NULLIF(r->birth, DATE_NONE),
                                    DB_ARG_INT(r->sex),
                                    DB_ARG_TEXT(r->phone),
                                    DB_ARG_TEXT(r->origin),
                                    DB_ARG_INT(r->arrival),
                                    DB_ARG_INT(r->committee),
                                    DB_ARG_INT(r->at),
                                    DB_ARG_INT(district)};

    return db_insert_id(db,
                        "INSERT INTO enterprise_returnees (enterprise, day, doc_no, name, birth, "
                        "sex, phone, origin, arrival, committee, at, district) VALUES ($1, $2, "
                        "$3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
                        args, 12, &r->id);
}

#define RETURNEE_COLS                                                                              \
    "r.id, r.enterprise, r.day, r.doc_no, r.name, r.birth, r.sex, r.phone, r.origin, r.arrival, "  \
    "r.committee, r.at"

static int read_returnee(void *out, struct db_stmt *st)
{
    struct returnee *r = out;

    memset(r, 0, sizeof *r);
    r->id = db_column_int64(st, 0);
    r->enterprise = db_column_int64(st, 1);
    r->day = (int32_t)db_column_int64(st, 2);
    snprintf(r->doc_no, sizeof r->doc_no, "%s", db_column_text(st, 3));
    snprintf(r->name, sizeof r->name, "%s", db_column_text(st, 4));
    r->birth = db_column_is_null(st, 5) ? DATE_NONE : (int32_t)db_column_int64(st, 5);
    r->sex = (int)db_column_int64(st, 6);
    snprintf(r->phone, sizeof r->phone, "%s", db_column_text(st, 7));
    snprintf(r->origin, sizeof r->origin, "%s", db_column_text(st, 8));
    r->arrival = (int32_t)db_column_int64(st, 9);
    r->committee = db_column_int64(st, 10);
    r->at = db_column_int64(st, 11);
    return 0;
}

int store_returnee_get(struct db *db, int64_t id, struct returnee *out)
{
    const struct db_value args[] = {DB_ARG_INT(id)};

    return db_get(db, "SELECT " RETURNEE_COLS " FROM enterprise_returnees r WHERE r.id = $1", args,
                  1, read_returnee, out);
}

int store_returnee_find(struct db *db, int64_t enterprise, const char *doc_no, int32_t arrival,
                        int64_t *out_id)
{
    const struct db_value args[] = {DB_ARG_INT(enterprise), DB_ARG_TEXT(doc_no),
                                    DB_ARG_INT(arrival)};

    return db_get(db,
                  "SELECT id FROM enterprise_returnees WHERE enterprise = $1 AND doc_no = $2 "
                  "AND arrival = $3 ORDER BY id LIMIT 1",
                  args, 3, NULL, out_id);
}

static int read_with_handover(void *out, struct db_stmt *st)
{
    struct returnee *r = out;

    read_returnee(r, st);
    r->handover = db_column_is_null(st, 12) ? 0 : db_column_int64(st, 12);
    r->state = (int)db_column_int64(st, 13);
    r->holder = db_column_int64(st, 14);
    return 0;
}

DB_HAND_ROWS(returnee_row, struct returnee, read_with_handover, returnee_fn)

int store_returnees_of(struct db *db, int64_t enterprise, returnee_fn fn, void *arg)
{
    const struct db_value args[] = {DB_ARG_INT(enterprise), DB_ARG_INT(HANDOVER_RETURNEE_BASE)};
    struct db_hand h = DB_HAND(fn, arg);
    int rc = db_list(db,
                     "SELECT " RETURNEE_COLS ", h.id, COALESCE(h.state, 0), COALESCE(h.unit, 0) "
                     "FROM enterprise_returnees r LEFT JOIN handovers h ON h.id = r.id + $2 "
                     "WHERE r.enterprise = $1 ORDER BY r.id",
                     args, 2, returnee_row, &h);

    return rc < 0 ? rc : 0;
}
