/*
 * The people on duty at the posts within a unit on a day
 * (store/workforce_onduty.h).
 */
#include "store/workforce_onduty.h"

#include <stdio.h>
#include <string.h>

static int read_on_duty(void *out, struct db_stmt *st)
{
    struct on_duty_row *r = out;
    int rc = store_duty_post_read(&r->p, st);

    r->staff = db_column_int64(st, 8);
    snprintf(r->name, sizeof r->name, "%s", db_column_text(st, 9));
    snprintf(r->home_unit, sizeof r->home_unit, "%s", db_column_text(st, 10));
    snprintf(r->duty, sizeof r->duty, "%s", db_column_text(st, 11));
    snprintf(r->shift, sizeof r->shift, "%s", db_column_text(st, 12));
    r->signed_in = db_column_int64(st, 13) != 0;
    r->from = (int32_t)db_column_int64(st, 14);
    r->until = (int32_t)db_column_int64(st, 15);
    return rc;
}

DB_HAND_ROWS(on_duty_one, struct on_duty_row, read_on_duty, on_duty_fn)

int store_on_duty(struct db *db, int64_t lo, int64_t hi, int64_t home_unit, int32_t day,
                  on_duty_fn fn, void *arg)
{
    const struct db_value args[] = {DB_ARG_INT(lo), DB_ARG_INT(hi), DB_ARG_INT(home_unit),
                                    DB_ARG_INT(day)};
    struct db_hand h = DB_HAND(fn, arg);

    /* d.unit is the post's area: the deployments_unit index finds the
     * day's deployments of the range without reading every post. */
    return db_list(
        db,
        "SELECT p.id, p.name, p.kind, p.unit, p.area, p.post, p.min_day, p.min_night, s.id, "
        "s.name, h.name, d.duty, d.shift, CASE WHEN (SELECT e.kind FROM sign_events e "
        "WHERE e.deployment = d.id AND e.day = $4 ORDER BY e.id DESC LIMIT 1) = 'in' "
        "THEN 1 ELSE 0 END, d.day_from, d.day_until FROM deployments d JOIN duty_posts p ON p.id = "
        "d.duty_post "
        "JOIN staff s ON s.id = d.staff JOIN home_units h ON h.id = s.home_unit WHERE "
        "d.unit >= $1 AND d.unit < $2 AND d.day_from <= $4 AND d.day_until >= $4 AND "
        "($3 = 0 OR s.home_unit = $3) ORDER BY p.id, d.shift, s.name, s.id",
        args, 4, on_duty_one, &h);
}

static int read_moves(void *out, struct db_stmt *st)
{
    int64_t *n = out;

    n[0] = db_column_int64(st, 0);
    n[1] = db_column_int64(st, 1);
    return 0;
}

int store_on_duty_moves(struct db *db, int64_t lo, int64_t hi, int64_t home_unit, int32_t day,
                        int64_t *arriving, int64_t *leaving)
{
    const struct db_value args[] = {DB_ARG_INT(lo), DB_ARG_INT(hi), DB_ARG_INT(home_unit),
                                    DB_ARG_INT(day)};
    int64_t n[2] = {0, 0};
    int rc;

    /* The same deployments as store_on_duty, by the deployments_unit index. */
    rc = db_get(db,
                "SELECT COALESCE(SUM(CASE WHEN d.day_from = $4 THEN 1 ELSE 0 END), 0), "
                "COALESCE(SUM(CASE WHEN d.day_until = $4 THEN 1 ELSE 0 END), 0) "
                "FROM deployments d JOIN staff s ON s.id = d.staff WHERE d.unit >= $1 AND "
                "d.unit < $2 AND d.day_from <= $4 AND d.day_until >= $4 AND "
                "($3 = 0 OR s.home_unit = $3)",
                args, 4, read_moves, n);
    *arriving = n[0];
    *leaving = n[1];
    return rc < 0 ? rc : 0;
}
