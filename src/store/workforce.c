/*
 * SQL of home units, staff, posts that receive staff and deployments (see
 * workforce.h).
 */
#include "store/workforce.h"

#include "core/date.h"

#include <stdio.h>
#include <string.h>

int store_home_unit_insert(struct db *db, struct home_unit_row *h)
{
    const struct db_value args[] = {DB_ARG_TEXT(h->name), DB_ARG_TEXT(h->level),
                                    DB_ARG_INT(h->unit), DB_ARG_INT(h->area)};

    return db_insert_id(db,
                        "INSERT INTO home_units (name, level, unit, area) VALUES ($1, $2, $3, $4) "
                        "RETURNING id",
                        args, 4, &h->id);
}

static int read_home_unit(void *out, struct db_stmt *st)
{
    struct home_unit_row *h = out;

    memset(h, 0, sizeof *h);
    h->id = db_column_int64(st, 0);
    snprintf(h->name, sizeof h->name, "%s", db_column_text(st, 1));
    snprintf(h->level, sizeof h->level, "%s", db_column_text(st, 2));
    h->unit = db_column_int64(st, 3);
    h->area = db_column_int64(st, 4);
    return 0;
}

int store_home_unit_by_name(struct db *db, const char *name, struct home_unit_row *out)
{
    const struct db_value args[] = {DB_ARG_TEXT(name)};

    return db_get(db, "SELECT id, name, level, unit, area FROM home_units WHERE name = $1", args, 1,
                  read_home_unit, out);
}

int store_home_unit_account_set(struct db *db, int64_t account, int64_t home_unit)
{
    const struct db_value args[] = {DB_ARG_INT(account), DB_ARG_INT(home_unit)};

    return db_run(db,
                  "INSERT INTO home_unit_accounts (account, home_unit) VALUES ($1, $2) "
                  "ON CONFLICT (account) DO UPDATE SET home_unit = excluded.home_unit",
                  args, 2);
}

int store_home_unit_of_account(struct db *db, int64_t account, int64_t *out)
{
    int rc = db_query_int64(db, "SELECT home_unit FROM home_unit_accounts WHERE account = $1", 1,
                            &account, out);

    if (rc == DB_DONE)
        return DB_E_NOTFOUND;
    return rc < 0 ? rc : 0;
}

int store_staff_upsert(struct db *db, struct staff_row *s, int *out_created)
{
    const struct db_value args[] = {DB_ARG_TEXT(s->phone), DB_ARG_TEXT(s->name),
                                    DB_ARG_INT(s->home_unit), DB_ARG_INT(s->batch),
                                    DB_ARG_TEXT(s->skills)};
    int rc;

    if ((rc = db_find_or_insert(db, "SELECT id FROM staff WHERE phone = $1", 1,
                                "INSERT INTO staff (phone, name, home_unit, batch, skills) VALUES "
                                "($1, $2, $3, $4, $5) RETURNING id",
                                args, 5, &s->id, out_created)) < 0 ||
        *out_created)
        return rc;
    /* Built now: s->id is the row found. */
    const struct db_value upd[] = {DB_ARG_INT(s->id), DB_ARG_TEXT(s->name),
                                   DB_ARG_INT(s->home_unit), DB_ARG_INT(s->batch),
                                   DB_ARG_TEXT(s->skills)};
    return db_run(db,
                  "UPDATE staff SET name = $2, home_unit = $3, batch = $4, skills = $5 WHERE id = "
                  "$1",
                  upd, 5);
}

static void staff_values(const void *arg, size_t i, struct db_value *v)
{
    const struct staff_row *s = (const struct staff_row *)arg + i;
    const struct db_value row[] = {DB_ARG_TEXT(s->phone), DB_ARG_TEXT(s->name),
                                   DB_ARG_INT(s->home_unit), DB_ARG_INT(s->batch),
                                   DB_ARG_TEXT(s->skills)};

    memcpy(v, row, sizeof row);
}

int store_staff_insert_many(struct db *db, struct staff_row *s, size_t n)
{
    return db_rows_insert(db, "staff", "phone, name, home_unit, batch, skills", 5, "", n,
                          staff_values, s, n ? &s[0].id : NULL, sizeof *s);
}

/* The latest deployment's column `col` of staff s. */
#define LATEST(col)                                                                                \
    "(SELECT " col " FROM deployments d JOIN duty_posts p ON p.id = d.duty_post WHERE d.staff = "  \
    "s.id ORDER BY d.day_from DESC LIMIT 1)"
/* clang-format off */
#define STAFF_COLS                                                                                 \
    "s.id, s.name, s.phone, s.home_unit, h.name, s.batch, s.skills, "                              \
    LATEST("p.name") ", " LATEST("p.unit") ", " LATEST("d.day_from") ", "                          \
    LATEST("d.day_until") ", " LATEST("d.id")                                                      \
    " FROM staff s JOIN home_units h ON h.id = s.home_unit "
/* clang-format on */

static int read_staff(void *out, struct db_stmt *st)
{
    struct staff_row *s = out;

    memset(s, 0, sizeof *s);
    s->id = db_column_int64(st, 0);
    snprintf(s->name, sizeof s->name, "%s", db_column_text(st, 1));
    snprintf(s->phone, sizeof s->phone, "%s", db_column_text(st, 2));
    s->home_unit = db_column_int64(st, 3);
    snprintf(s->home_unit_name, sizeof s->home_unit_name, "%s", db_column_text(st, 4));
    s->batch = (int)db_column_int64(st, 5);
    snprintf(s->skills, sizeof s->skills, "%s", db_column_text(st, 6));
    s->from = s->until = DATE_NONE;
    if (!db_column_is_null(st, 7)) {
        snprintf(s->post_name, sizeof s->post_name, "%s", db_column_text(st, 7));
        s->post_unit = db_column_int64(st, 8);
        s->from = (int32_t)db_column_int64(st, 9);
        s->until = (int32_t)db_column_int64(st, 10);
        s->deployment = db_column_int64(st, 11);
    }
    return 0;
}

int store_staff_get(struct db *db, int64_t id, struct staff_row *out)
{
    const struct db_value args[] = {DB_ARG_INT(id)};

    return db_get(db, "SELECT " STAFF_COLS "WHERE s.id = $1", args, 1, read_staff, out);
}

DB_HAND_ROWS(staff_each_row, struct staff_row, read_staff, staff_row_fn)

/* The staff whose home unit's area or one of whose deployments is in the
 * range: two index paths (staff by home unit, deployments by unit) joined
 * by UNION, the cursor a filter ("+s.id"). Written as an OR with EXISTS,
 * SQLite walked every member of staff of the city from the cursor. */
int store_staff_within(struct db *db, int64_t lo, int64_t hi, int64_t home_unit, int64_t after,
                       staff_row_fn fn, void *arg)
{
    const struct db_value args[] = {DB_ARG_INT(lo), DB_ARG_INT(hi), DB_ARG_INT(after),
                                    DB_ARG_INT(home_unit)};
    struct db_hand e = DB_HAND(fn, arg);

    return db_list(db,
                   "SELECT " STAFF_COLS "WHERE s.id IN (SELECT s2.id FROM staff s2 WHERE "
                   "s2.home_unit IN (SELECT h2.id FROM home_units h2 WHERE h2.area >= $1 AND "
                   "h2.area < $2) UNION SELECT d.staff FROM deployments d WHERE d.unit >= $1 AND "
                   "d.unit < $2) AND +s.id > $3 AND ($4 = 0 OR s.home_unit = $4) ORDER BY s.id",
                   args, 4, staff_each_row, &e);
}

#define DPOST_COLS "id, name, kind, unit, area, post, min_day, min_night"

int store_duty_post_insert(struct db *db, struct duty_post_row *p)
{
    const struct db_value args[] = {
        DB_ARG_TEXT(p->name), DB_ARG_TEXT(p->kind),   DB_ARG_INT(p->unit),     DB_ARG_INT(p->area),
        DB_ARG_OPT(p->post),  DB_ARG_INT(p->min_day), DB_ARG_INT(p->min_night)};

    return db_insert_id(db,
                        "INSERT INTO duty_posts (name, kind, unit, area, post, min_day, "
                        "min_night) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                        args, 7, &p->id);
}

int store_duty_post_read(void *out, struct db_stmt *st)
{
    struct duty_post_row *p = out;

    memset(p, 0, sizeof *p);
    p->id = db_column_int64(st, 0);
    snprintf(p->name, sizeof p->name, "%s", db_column_text(st, 1));
    snprintf(p->kind, sizeof p->kind, "%s", db_column_text(st, 2));
    p->unit = db_column_int64(st, 3);
    p->area = db_column_int64(st, 4);
    p->post = db_column_int64(st, 5);
    p->min_day = (int)db_column_int64(st, 6);
    p->min_night = (int)db_column_int64(st, 7);
    return 0;
}

int store_duty_post_get(struct db *db, int64_t id, struct duty_post_row *out)
{
    const struct db_value args[] = {DB_ARG_INT(id)};

    return db_get(db, "SELECT " DPOST_COLS " FROM duty_posts WHERE id = $1", args, 1,
                  store_duty_post_read, out);
}

int store_deployment_insert(struct db *db, struct deployment_row *d)
{
    const struct db_value args[] = {
        DB_ARG_INT(d->staff), DB_ARG_INT(d->duty_post), DB_ARG_INT(d->unit),  DB_ARG_INT(d->from),
        DB_ARG_INT(d->until), DB_ARG_TEXT(d->duty),     DB_ARG_TEXT(d->shift)};

    return db_insert_id(db,
                        "INSERT INTO deployments (staff, duty_post, unit, day_from, day_until, "
                        "duty, shift) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
                        args, 7, &d->id);
}

static void deployment_values(const void *arg, size_t i, struct db_value *v)
{
    const struct deployment_row *d = (const struct deployment_row *)arg + i;
    const struct db_value row[] = {
        DB_ARG_INT(d->staff), DB_ARG_INT(d->duty_post), DB_ARG_INT(d->unit),  DB_ARG_INT(d->from),
        DB_ARG_INT(d->until), DB_ARG_TEXT(d->duty),     DB_ARG_TEXT(d->shift)};

    memcpy(v, row, sizeof row);
}

int store_deployments_insert_many(struct db *db, struct deployment_row *d, size_t n)
{
    return db_rows_insert(db, "deployments",
                          "staff, duty_post, unit, day_from, day_until, duty, shift", 7, "", n,
                          deployment_values, d, n ? &d[0].id : NULL, sizeof *d);
}

int store_deployments_overlapping(struct db *db, int64_t staff, int32_t from, int32_t until,
                                  int64_t *out)
{
    const int64_t a[3] = {staff, until, from};
    int rc = db_query_int64(db,
                            "SELECT count(*) FROM deployments WHERE staff = $1 AND day_from <= $2 "
                            "AND day_until >= $3",
                            3, a, out);

    return rc < 0 ? rc : 0;
}

#define DEPLOYMENT_COLS "id, staff, duty_post, unit, day_from, day_until, duty, shift"

static int read_deployment(void *out, struct db_stmt *st)
{
    struct deployment_row *d = out;

    memset(d, 0, sizeof *d);
    d->id = db_column_int64(st, 0);
    d->staff = db_column_int64(st, 1);
    d->duty_post = db_column_int64(st, 2);
    d->unit = db_column_int64(st, 3);
    d->from = (int32_t)db_column_int64(st, 4);
    d->until = (int32_t)db_column_int64(st, 5);
    snprintf(d->duty, sizeof d->duty, "%s", db_column_text(st, 6));
    snprintf(d->shift, sizeof d->shift, "%s", db_column_text(st, 7));
    return 0;
}

int store_deployment_get(struct db *db, int64_t id, struct deployment_row *out)
{
    const struct db_value args[] = {DB_ARG_INT(id)};

    return db_get(db, "SELECT " DEPLOYMENT_COLS " FROM deployments WHERE id = $1", args, 1,
                  read_deployment, out);
}

int store_deployment_by_link(struct db *db, const char *hash, struct deployment_row *out)
{
    const struct db_value args[] = {DB_ARG_TEXT(hash)};

    return db_get(db, "SELECT " DEPLOYMENT_COLS " FROM deployments WHERE link_hash = $1", args, 1,
                  read_deployment, out);
}

int store_deployment_set_link(struct db *db, int64_t id, const char *hash)
{
    const struct db_value args[] = {DB_ARG_INT(id), DB_ARG_TEXT(hash)};

    return db_run(db, "UPDATE deployments SET link_hash = $2 WHERE id = $1", args, 2);
}

int store_deployment_account_set(struct db *db, int64_t deployment, int64_t account)
{
    const struct db_value args[] = {DB_ARG_INT(deployment), DB_ARG_INT(account)};

    return db_run(db, "INSERT INTO deployment_accounts (deployment, account) VALUES ($1, $2)", args,
                  2);
}

int store_deployment_by_account(struct db *db, int64_t account, struct deployment_row *out)
{
    const struct db_value args[] = {DB_ARG_INT(account)};

    return db_get(db,
                  "SELECT " DEPLOYMENT_COLS " FROM deployments WHERE id = (SELECT deployment FROM "
                  "deployment_accounts WHERE account = $1)",
                  args, 1, read_deployment, out);
}

static int read_kind(void *out, struct db_stmt *st)
{
    snprintf(out, 8, "%s", db_column_text(st, 0));
    return 0;
}

int store_sign_last(struct db *db, int64_t deployment, int32_t day, char kind[8])
{
    const struct db_value args[] = {DB_ARG_INT(deployment), DB_ARG_INT(day)};

    return db_get(db,
                  "SELECT kind FROM sign_events WHERE deployment = $1 AND day = $2 ORDER BY id "
                  "DESC LIMIT 1",
                  args, 2, read_kind, kind);
}

int store_sign_insert(struct db *db, const struct deployment_row *d, int64_t area, int32_t day,
                      int64_t at, const char *kind)
{
    const struct db_value args[] = {DB_ARG_INT(d->id), DB_ARG_INT(d->duty_post), DB_ARG_INT(area),
                                    DB_ARG_INT(day),   DB_ARG_INT(at),           DB_ARG_TEXT(kind)};

    return db_run(db,
                  "INSERT INTO sign_events (deployment, duty_post, area, day, at, kind) VALUES "
                  "($1, $2, $3, $4, $5, $6)",
                  args, 6);
}

static int read_staffing(void *out, struct db_stmt *st)
{
    struct staffing_row *r = out;
    int rc = store_duty_post_read(&r->p, st);

    r->on_day = (int)db_column_int64(st, 8);
    r->on_night = (int)db_column_int64(st, 9);
    r->signed_in = (int)db_column_int64(st, 10);
    return rc;
}

DB_HAND_ROWS(staffing_each_row, struct staffing_row, read_staffing, staffing_row_fn)

int store_staffing(struct db *db, int64_t lo, int64_t hi, int32_t day, staffing_row_fn fn,
                   void *arg)
{
    const struct db_value args[] = {DB_ARG_INT(lo), DB_ARG_INT(hi), DB_ARG_INT(day)};
    struct db_hand e = DB_HAND(fn, arg);

    return db_list(db,
                   "SELECT " DPOST_COLS ", "
                   "(SELECT count(*) FROM deployments d WHERE d.duty_post = p.id AND "
                   "d.day_from <= $3 AND d.day_until >= $3 AND d.shift = 'day'), "
                   "(SELECT count(*) FROM deployments d WHERE d.duty_post = p.id AND "
                   "d.day_from <= $3 AND d.day_until >= $3 AND d.shift = 'night'), "
                   "(SELECT count(*) FROM deployments d WHERE d.duty_post = p.id AND "
                   "d.day_from <= $3 AND d.day_until >= $3 AND (SELECT e.kind FROM sign_events e "
                   "WHERE e.deployment = d.id AND e.day = $3 ORDER BY e.id DESC LIMIT 1) = 'in') "
                   "FROM duty_posts p WHERE p.area >= $1 AND p.area < $2 ORDER BY p.id",
                   args, 3, staffing_each_row, &e);
}

int store_post_on_shift(struct db *db, int64_t post, int32_t day, const char *shift, int64_t *out)
{
    const struct db_value args[] = {DB_ARG_INT(post), DB_ARG_INT(day), DB_ARG_TEXT(shift)};
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare_args(db,
                              "SELECT count(*) FROM deployments WHERE duty_post = $1 AND day_from "
                              "<= $2 AND day_until >= $2 AND shift = $3",
                              args, 3, &st)) < 0)
        return rc;
    rc = db_step(st);
    *out = rc == DB_ROW ? db_column_int64(st, 0) : 0;
    db_done(st);
    return rc == DB_ROW ? 0 : rc < 0 ? rc : DB_E_NOTFOUND;
}

int store_gap_task_get(struct db *db, int64_t post, int32_t day, const char *shift, int64_t *out)
{
    const struct db_value args[] = {DB_ARG_INT(post), DB_ARG_INT(day), DB_ARG_TEXT(shift)};
    int64_t ids[1];
    int n = 0, rc = db_list_ids(db,
                                "SELECT task FROM gap_tasks WHERE duty_post = $1 AND day = $2 AND "
                                "shift = $3",
                                args, 3, ids, 1, &n);

    if (rc < 0)
        return rc;
    if (!n)
        return DB_E_NOTFOUND;
    *out = ids[0];
    return 0;
}

int store_gap_task_set(struct db *db, int64_t post, int32_t day, const char *shift, int64_t task)
{
    const struct db_value args[] = {DB_ARG_INT(post), DB_ARG_INT(day), DB_ARG_TEXT(shift),
                                    DB_ARG_INT(task)};

    return db_run(db,
                  "INSERT INTO gap_tasks (duty_post, day, shift, task) VALUES ($1, $2, $3, $4) "
                  "ON CONFLICT (duty_post, day, shift) DO UPDATE SET task = excluded.task",
                  args, 4);
}

int store_duty_post_ids(struct db *db, int64_t after, int64_t *out, int max, int *out_n)
{
    const struct db_value args[] = {DB_ARG_INT(after)};

    return db_list_ids(db, "SELECT id FROM duty_posts WHERE id > $1 ORDER BY id", args, 1, out, max,
                       out_n);
}
