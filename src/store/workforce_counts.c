/*
 * SQL of the staff counts (store/workforce_counts.h).
 */
#include "store/workforce_counts.h"

#include <stdio.h>
#include <string.h>

static int read_sent(void *out, struct db_stmt *st)
{
    struct sent_row *r = out;

    memset(r, 0, sizeof *r);
    r->home_unit = db_column_int64(st, 0);
    snprintf(r->name, sizeof r->name, "%s", db_column_text(st, 1));
    r->batch = (int)db_column_int64(st, 2);
    r->staff = db_column_int64(st, 3);
    r->deployed = db_column_int64(st, 4);
    return 0;
}

DB_HAND_ROWS(sent_one, struct sent_row, read_sent, sent_fn)

int store_staff_sent(struct db *db, int64_t lo, int64_t hi, int64_t home_unit, int32_t day,
                     sent_fn fn, void *arg)
{
    const struct db_value args[] = {DB_ARG_INT(lo), DB_ARG_INT(hi), DB_ARG_INT(home_unit),
                                    DB_ARG_INT(day)};
    struct db_hand h = DB_HAND(fn, arg);

    return db_list(db,
                   "SELECT h.id, h.name, s.batch, count(*), count(d.id) FROM staff s JOIN "
                   "home_units h ON h.id = s.home_unit LEFT JOIN deployments d ON d.staff = s.id "
                   "AND d.day_from <= $4 AND d.day_until >= $4 WHERE CASE WHEN $3 = 0 THEN "
                   "h.area >= $1 AND h.area < $2 ELSE h.id = $3 END GROUP BY h.id, h.name, "
                   "s.batch ORDER BY h.id, s.batch",
                   args, 4, sent_one, &h);
}

static int read_received(void *out, struct db_stmt *st)
{
    struct received_row *r = out;

    memset(r, 0, sizeof *r);
    r->area = db_column_int64(st, 0);
    snprintf(r->kind, sizeof r->kind, "%s", db_column_text(st, 1));
    r->staff = db_column_int64(st, 2);
    snprintf(r->street_name, sizeof r->street_name, "%s", db_column_text(st, 3));
    snprintf(r->district_name, sizeof r->district_name, "%s", db_column_text(st, 4));
    return 0;
}

DB_HAND_ROWS(received_one, struct received_row, read_received, received_fn)

int store_staff_received(struct db *db, int64_t lo, int64_t hi, int64_t home_unit, int32_t day,
                         received_fn fn, void *arg)
{
    const struct db_value args[] = {DB_ARG_INT(lo), DB_ARG_INT(hi), DB_ARG_INT(home_unit),
                                    DB_ARG_INT(day)};
    struct db_hand h = DB_HAND(fn, arg);

    return db_list(db,
                   "SELECT p.area, p.kind, count(*), COALESCE(su.name, ''), COALESCE(du.name, '') "
                   "FROM deployments d JOIN duty_posts p ON p.id = d.duty_post JOIN staff s ON "
                   "s.id = d.staff LEFT JOIN units su ON su.code = p.area / 1000 LEFT JOIN units "
                   "du ON du.code = p.area / 1000000 WHERE d.unit >= $1 AND d.unit < $2 AND "
                   "d.day_from <= $4 AND d.day_until >= $4 AND ($3 = 0 OR s.home_unit = $3) "
                   "GROUP BY p.area, p.kind, su.name, du.name ORDER BY p.area, p.kind",
                   args, 4, received_one, &h);
}

static int read_sign(void *out, struct db_stmt *st)
{
    struct sign_row *r = out;

    memset(r, 0, sizeof *r);
    r->staff = db_column_int64(st, 0);
    snprintf(r->name, sizeof r->name, "%s", db_column_text(st, 1));
    snprintf(r->home_unit, sizeof r->home_unit, "%s", db_column_text(st, 2));
    r->deployment = db_column_int64(st, 3);
    r->day = (int32_t)db_column_int64(st, 4);
    snprintf(r->kind, sizeof r->kind, "%s", db_column_text(st, 5));
    r->at = db_column_int64(st, 6);
    return 0;
}

DB_HAND_ROWS(sign_one, struct sign_row, read_sign, sign_fn)

int store_sign_events(struct db *db, int64_t lo, int64_t hi, int64_t home_unit, int32_t from,
                      int32_t until, sign_fn fn, void *arg)
{
    const struct db_value args[] = {DB_ARG_INT(lo), DB_ARG_INT(hi), DB_ARG_INT(home_unit),
                                    DB_ARG_INT(from), DB_ARG_INT(until)};
    struct db_hand h = DB_HAND(fn, arg);

    return db_list(db,
                   "SELECT s.id, s.name, h.name, e.deployment, e.day, e.kind, e.at FROM "
                   "sign_events e JOIN deployments d ON d.id = e.deployment JOIN staff s ON s.id "
                   "= d.staff JOIN home_units h ON h.id = s.home_unit WHERE e.area >= $1 AND "
                   "e.area < $2 AND ($3 = 0 OR s.home_unit = $3) AND e.day >= $4 AND e.day <= $5 "
                   "ORDER BY s.id, e.deployment, e.id",
                   args, 5, sign_one, &h);
}
