/*
 * SQL of supplies campaigns, points and bookings (supplies.h).
 */
#include "store/supplies.h"

#include "core/date.h"
#include "store/household_sql.h"

#include <stdio.h>
#include <string.h>

#define CAMPAIGN_COLS                                                                              \
    "id, unit, item, measure, per_household, stock, allocated, opens, closes, allocation, seed, "  \
    "method, COALESCE(drawn_at, 0), district, created_at, created_by, pickup_days, colours, "      \
    "(SELECT count(*) FROM campaign_points p WHERE "                                               \
    "p.campaign = campaigns.id)"

int store_campaign_insert(struct db *db, struct campaign_row *c)
{
    const struct db_value args[] = {
        DB_ARG_INT(c->unit),          DB_ARG_TEXT(c->item),       DB_ARG_TEXT(c->measure),
        DB_ARG_INT(c->per_household), DB_ARG_INT(c->stock),       DB_ARG_INT(c->opens),
        DB_ARG_INT(c->closes),        DB_ARG_TEXT(c->allocation), DB_ARG_INT(c->district),
        DB_ARG_INT(c->created_at),    DB_ARG_TEXT(c->created_by), DB_ARG_INT(c->pickup_days),
        DB_ARG_INT(c->colours)};

    return db_insert_id(db,
                        "INSERT INTO campaigns (unit, item, measure, per_household, stock, opens, "
                        "closes, allocation, district, created_at, created_by, pickup_days, "
                        "colours) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) "
                        "RETURNING id",
                        args, 13, &c->id);
}

static int read_campaign(void *out, struct db_stmt *st)
{
    struct campaign_row *c = out;

    memset(c, 0, sizeof *c);
    c->id = db_column_int64(st, 0);
    c->unit = db_column_int64(st, 1);
    snprintf(c->item, sizeof c->item, "%s", db_column_text(st, 2));
    snprintf(c->measure, sizeof c->measure, "%s", db_column_text(st, 3));
    c->per_household = db_column_int64(st, 4);
    c->stock = db_column_int64(st, 5);
    c->allocated = db_column_int64(st, 6);
    c->opens = (int32_t)db_column_int64(st, 7);
    c->closes = (int32_t)db_column_int64(st, 8);
    snprintf(c->allocation, sizeof c->allocation, "%s", db_column_text(st, 9));
    snprintf(c->seed, sizeof c->seed, "%s", db_column_text(st, 10));
    snprintf(c->method, sizeof c->method, "%s", db_column_text(st, 11));
    c->drawn_at = db_column_int64(st, 12);
    c->district = db_column_int64(st, 13);
    c->created_at = db_column_int64(st, 14);
    snprintf(c->created_by, sizeof c->created_by, "%s", db_column_text(st, 15));
    c->pickup_days = db_column_int64(st, 16);
    c->colours = db_column_int64(st, 17);
    c->npoints = db_column_int64(st, 18);
    return 0;
}

int store_campaign_get(struct db *db, int64_t id, struct campaign_row *out)
{
    const struct db_value args[] = {DB_ARG_INT(id)};

    return db_get(db, "SELECT " CAMPAIGN_COLS " FROM campaigns WHERE id = $1", args, 1,
                  read_campaign, out);
}

static int read_counts(void *out, struct db_stmt *st)
{
    struct campaign_counts *k = out;

    k->booked = db_column_int64(st, 0);
    k->entered = db_column_int64(st, 1);
    k->allocated = db_column_int64(st, 2);
    k->picked = db_column_int64(st, 3);
    k->delivery = db_column_int64(st, 4);
    k->not_drawn = db_column_int64(st, 5);
    k->lapsed = db_column_int64(st, 6);
    k->delivered = db_column_int64(st, 7);
    return 0;
}

int store_campaign_counts(struct db *db, int64_t id, struct campaign_counts *out)
{
    const struct db_value args[] = {DB_ARG_INT(id)};

    memset(out, 0, sizeof *out);
    return db_get(db,
                  "SELECT count(*), COALESCE(sum(CASE WHEN state = 0 THEN 1 ELSE 0 END), 0), "
                  "COALESCE(sum(CASE WHEN state = 1 THEN 1 ELSE 0 END), 0), "
                  "COALESCE(sum(CASE WHEN state = 2 THEN 1 ELSE 0 END), 0), "
                  "COALESCE(sum(CASE WHEN delivery = 1 AND state IN (1, 2) THEN 1 ELSE 0 END), "
                  "0), COALESCE(sum(CASE WHEN state = 3 THEN 1 ELSE 0 END), 0), "
                  "COALESCE(sum(CASE WHEN state = 4 THEN 1 ELSE 0 END), 0), "
                  "COALESCE(sum(CASE WHEN delivery = 1 AND state = 2 THEN 1 ELSE 0 END), 0) "
                  "FROM bookings WHERE campaign = $1",
                  args, 1, read_counts, out);
}

int store_point_insert(struct db *db, struct point_row *p, int64_t district)
{
    const struct db_value args[] = {DB_ARG_INT(p->campaign),  DB_ARG_TEXT(p->name),
                                    DB_ARG_INT(p->stock),     DB_ARG_INT(district),
                                    DB_ARG_INT(p->days),      DB_ARG_INT(p->opens_at),
                                    DB_ARG_INT(p->closes_at), DB_ARG_INT(p->daily)};

    return db_insert_id(db,
                        "INSERT INTO campaign_points (campaign, name, stock, district, days, "
                        "opens_at, closes_at, daily) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
                        "RETURNING id",
                        args, 8, &p->id);
}

static int read_point(void *out, struct db_stmt *st)
{
    struct point_row *p = out;

    memset(p, 0, sizeof *p);
    p->id = db_column_int64(st, 0);
    p->campaign = db_column_int64(st, 1);
    snprintf(p->name, sizeof p->name, "%s", db_column_text(st, 2));
    p->stock = db_column_int64(st, 3);
    p->allocated = db_column_int64(st, 4);
    p->picked = db_column_int64(st, 5);
    p->days = db_column_int64(st, 6);
    p->opens_at = db_column_int64(st, 7);
    p->closes_at = db_column_int64(st, 8);
    p->daily = db_column_int64(st, 9);
    return 0;
}

DB_HAND_ROWS(point_each_row, struct point_row, read_point, point_row_fn)

int store_campaign_points(struct db *db, int64_t campaign, point_row_fn fn, void *arg)
{
    const struct db_value args[] = {DB_ARG_INT(campaign)};
    struct db_hand e = DB_HAND(fn, arg);

    return db_list(
        db,
        "SELECT p.id, p.campaign, p.name, p.stock, p.allocated, (SELECT count(*) FROM "
        "bookings b WHERE b.point = p.id AND b.state = 2), p.days, p.opens_at, p.closes_at, "
        "p.daily FROM campaign_points p "
        "WHERE p.campaign = $1 ORDER BY p.id",
        args, 1, point_each_row, &e);
}

/* Runs a bounded UPDATE: 0 when it changed a row, DB_E_NOTFOUND when not. */
static int run_bounded(struct db *db, const char *sql, const struct db_value *args, int n)
{
    int rc = db_run(db, sql, args, n);

    if (rc < 0)
        return rc;
    return db_changes(db) ? 0 : DB_E_NOTFOUND;
}

int store_campaign_take(struct db *db, int64_t campaign)
{
    const struct db_value args[] = {DB_ARG_INT(campaign)};

    return run_bounded(db,
                       "UPDATE campaigns SET allocated = allocated + 1 WHERE id = $1 AND "
                       "allocated < stock",
                       args, 1);
}

int store_point_take(struct db *db, int64_t campaign, int64_t point, int64_t *out)
{
    const struct db_value args[] = {DB_ARG_INT(campaign)};
    int64_t id = point;
    int rc;

    *out = 0;
    if (!id) {
        rc = db_get(db,
                    "SELECT id FROM campaign_points WHERE campaign = $1 AND allocated < stock "
                    "ORDER BY id LIMIT 1",
                    args, 1, NULL, &id);
        if (rc == DB_E_NOTFOUND) {
            int64_t n = 0;
            if ((rc = db_query_int64(db, "SELECT count(*) FROM campaign_points WHERE campaign = $1",
                                     1, &campaign, &n)) < 0)
                return rc;
            return n ? DB_E_NOTFOUND : 0; /* no points at all: nothing to take */
        }
        if (rc < 0)
            return rc;
    }
    const struct db_value up[] = {DB_ARG_INT(id), DB_ARG_INT(campaign)};
    if ((rc = run_bounded(db,
                          "UPDATE campaign_points SET allocated = allocated + 1 WHERE id = $1 AND "
                          "campaign = $2 AND allocated < stock",
                          up, 2)) < 0)
        return rc;
    *out = id;
    return 0;
}

int store_booking_exists(struct db *db, int64_t campaign, int64_t household, int *out)
{
    int64_t a[2] = {campaign, household}, n = 0;
    int rc = db_query_int64(
        db, "SELECT count(*) FROM bookings WHERE campaign = $1 AND household = $2", 2, a, &n);

    if (rc < 0)
        return rc;
    *out = n > 0;
    return 0;
}

static int read_booking(void *out, struct db_stmt *st)
{
    struct booking_row *b = out;

    memset(b, 0, sizeof *b);
    b->id = db_column_int64(st, 0);
    b->campaign = db_column_int64(st, 1);
    b->household = db_column_int64(st, 2);
    b->point = db_column_int64(st, 3);
    snprintf(b->code, sizeof b->code, "%s", db_column_text(st, 4));
    b->state = (int)db_column_int64(st, 5);
    b->delivery = (int)db_column_int64(st, 6);
    b->committee = db_column_int64(st, 7);
    b->district = db_column_int64(st, 8);
    b->created_at = db_column_int64(st, 9);
    snprintf(b->created_by, sizeof b->created_by, "%s", db_column_text(st, 10));
    b->picked_at = db_column_int64(st, 11);
    b->pick_by = db_column_is_null(st, 12) ? DATE_NONE : (int32_t)db_column_int64(st, 12);
    return 0;
}

#define BOOKING_COLS                                                                               \
    "id, campaign, household, COALESCE(point, 0), code, state, delivery, committee, district, "    \
    "created_at, created_by, COALESCE(picked_at, 0), pick_by"

/* The household's grid as store_household_where() finds it (its
 * building's, else its members', else its compound's; 0: none). */
#define HOUSEHOLD_GRID "COALESCE(b.grid, " HOUSEHOLD_MEMBERS_GRID("$2", "") ", k.grid, 0)"

/* The booking statement's CTEs: the campaign open today (fc 1 when first
 * come), the household within the caller's scope with where it lies (at:
 * its grid, else its committee), whether it is quarantined today, and the
 * point a first-come box comes from. */
#define TAKE_CTES                                                                                  \
    "WITH c AS (SELECT id, unit, stock, allocated, colours, pickup_days, CASE allocation WHEN "    \
    "'first_come' THEN 1 ELSE 0 END AS fc FROM campaigns WHERE id = $1 AND opens <= $5 AND "       \
    "closes >= $5), "                                                                              \
    "w AS (SELECT h.id, h.committee, h.district, " HOUSEHOLD_GRID " AS grid FROM households h "    \
    "JOIN buildings b ON b.id = h.building JOIN compounds k ON k.id = b.compound WHERE h.id = $2 " \
    "AND h.committee >= $8 AND h.committee < $9), "                                                \
    "h AS (SELECT id, committee, district, grid, CASE WHEN grid <> 0 THEN grid ELSE committee "    \
    "END AS at FROM w WHERE CAST($10 AS BIGINT) IN (0, grid)), "                                   \
    "q AS (SELECT CASE WHEN EXISTS (SELECT 1 FROM quarantines WHERE household = $2 AND state = 0 " \
    "AND day_from <= $5 AND day_until >= $5) THEN 1 ELSE 0 END AS delivery), "                     \
    "p AS (SELECT CASE WHEN CAST($3 AS BIGINT) <> 0 THEN (SELECT id FROM campaign_points WHERE "   \
    "id = $3 AND campaign = $1 AND allocated < stock) ELSE (SELECT id FROM campaign_points "       \
    "WHERE campaign = $1 AND allocated < stock ORDER BY id LIMIT 1) END AS id, CASE WHEN "         \
    "CAST($3 AS BIGINT) <> 0 OR EXISTS (SELECT 1 FROM campaign_points WHERE campaign = $1) THEN "  \
    "1 ELSE 0 END AS asked) "

/* The booking's row, as the INSERT takes it (columns TAKE_INTO). */
#define TAKE_INTO                                                                                  \
    "bookings (campaign, household, point, code, state, delivery, committee, district, "           \
    "created_at, created_by, pick_by)"
#define TAKE_ROW                                                                                   \
    "SELECT c.id, h.id, CASE WHEN c.fc = 1 THEN p.id END, CAST($4 AS TEXT), c.fc, q.delivery, "    \
    "h.committee, h.district, CAST($6 AS BIGINT), CAST($7 AS TEXT), CASE WHEN c.fc = 1 AND "       \
    "c.pickup_days > 0 THEN $5 + c.pickup_days - 1 END FROM c, h, q, p WHERE substr(CAST(h.at AS " \
    "TEXT), 1, length(CAST(c.unit AS TEXT))) = CAST(c.unit AS TEXT) AND (c.fc = 0 OR "             \
    "(c.allocated < c.stock AND (p.id IS NOT NULL OR p.asked = 0))) AND (q.delivery = 0 OR $11 = " \
    "1) AND (c.colours = 0 OR ((c.colours >> " HOUSEHOLD_WORST_COLOUR("$2") ") & 1) = 1)"

/* Citus (issue 20): the row computed by a SELECT, which reads the copies
 * of the reference tables on the coordinator, then inserted with VALUES
 * (~5 ms on the test cluster); the one INSERT ... SELECT costs ~40 ms
 * there, Citus pulling the SELECT to the coordinator and pushing its
 * result to every copy, which is what these two statements do in the same
 * transaction. */
struct take_row {
    struct db_value v[11];
};

static int read_take(void *out, struct db_stmt *st)
{
    struct take_row *t = out;

    for (int i = 0; i < 11; i++)
        if (i != 3 && i != 9) /* the texts are the caller's: in->code, in->by */
            t->v[i] = (struct db_value){db_column_is_null(st, i) ? DB_NULL : DB_INT,
                                        db_column_int64(st, i), NULL};
    return 0;
}

static int take_in_two(struct db *db, const struct db_value *args, const struct booking_take *in,
                       struct booking_row *out)
{
    struct take_row t;
    int rc;

    if ((rc = db_get(db, TAKE_CTES TAKE_ROW, args, 11, read_take, &t)) < 0)
        return rc;
    t.v[3] = (struct db_value)DB_ARG_TEXT(in->code);
    t.v[9] = (struct db_value)DB_ARG_TEXT(in->by);
    return db_get(db,
                  "INSERT INTO " TAKE_INTO " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) "
                  "ON CONFLICT DO NOTHING RETURNING " BOOKING_COLS,
                  t.v, 11, read_booking, out);
}

int store_booking_take(struct db *db, const struct booking_take *in, struct booking_row *out)
{
    const struct db_value args[] = {
        DB_ARG_INT(in->campaign), DB_ARG_INT(in->household),  DB_ARG_INT(in->point),
        DB_ARG_TEXT(in->code),    DB_ARG_INT(in->today),      DB_ARG_INT(in->now),
        DB_ARG_TEXT(in->by),      DB_ARG_INT(in->lo),         DB_ARG_INT(in->hi),
        DB_ARG_INT(in->grid),     DB_ARG_INT(in->delivery_ok)};

    if (db_is_citus(db))
        return take_in_two(db, args, in, out);
    return db_get(db,
                  TAKE_CTES "INSERT INTO " TAKE_INTO " " TAKE_ROW
                            " ON CONFLICT DO NOTHING RETURNING " BOOKING_COLS,
                  args, 11, read_booking, out);
}

int store_booking_by_code(struct db *db, const char *code, struct booking_row *out)
{
    const struct db_value args[] = {DB_ARG_TEXT(code)};

    return db_get(db, "SELECT " BOOKING_COLS " FROM bookings WHERE code = $1", args, 1,
                  read_booking, out);
}

int store_booking_get(struct db *db, int64_t id, struct booking_row *out)
{
    const struct db_value args[] = {DB_ARG_INT(id)};

    return db_get(db, "SELECT " BOOKING_COLS " FROM bookings WHERE id = $1", args, 1, read_booking,
                  out);
}

int store_bookings_overdue(struct db *db, int32_t today, int64_t *ids, int max, int *n)
{
    const struct db_value args[] = {DB_ARG_INT(today)};

    return db_list_ids(db,
                       "SELECT id FROM bookings WHERE state = 1 AND pick_by < $1 AND delivery = 0 "
                       "ORDER BY pick_by, id LIMIT 256",
                       args, 1, ids, max, n);
}

int store_booking_lapse(struct db *db, const struct booking_row *b)
{
    const struct db_value one[] = {DB_ARG_INT(b->id)};
    const struct db_value camp[] = {DB_ARG_INT(b->campaign)};
    const struct db_value point[] = {DB_ARG_INT(b->point)};
    int rc;

    if ((rc = run_bounded(db, "UPDATE bookings SET state = 4 WHERE id = $1 AND state = 1", one,
                          1)) < 0 ||
        (rc = db_run(db, "UPDATE campaigns SET allocated = allocated - 1 WHERE id = $1", camp, 1)) <
            0)
        return rc;
    if (!b->point)
        return 0;
    return db_run(db, "UPDATE campaign_points SET allocated = allocated - 1 WHERE id = $1", point,
                  1);
}

int store_campaign_next_drawn(struct db *db, int64_t campaign, int64_t *out)
{
    const struct db_value args[] = {DB_ARG_INT(campaign)};

    return db_get(db,
                  "SELECT id FROM bookings WHERE campaign = $1 AND state = 3 ORDER BY draw_rank, "
                  "id LIMIT 1",
                  args, 1, NULL, out);
}

int store_household_worst_colour(struct db *db, int64_t household, int *out)
{
    int64_t a[1] = {household}, v = -1;
    int rc = db_query_int64(db, "SELECT COALESCE(" HOUSEHOLD_WORST_COLOUR("$1") ", -1)", 1, a, &v);

    if (rc < 0)
        return rc;
    *out = (int)v;
    return 0;
}

int store_point_get(struct db *db, int64_t id, struct point_row *out)
{
    const struct db_value args[] = {DB_ARG_INT(id)};

    return db_get(
        db,
        "SELECT id, campaign, name, stock, allocated, 0, days, opens_at, closes_at, daily "
        "FROM campaign_points WHERE id = $1",
        args, 1, read_point, out);
}

int store_point_pick_day(struct db *db, int64_t point, int32_t day, int64_t daily)
{
    const struct db_value args[] = {DB_ARG_INT(point), DB_ARG_INT(day), DB_ARG_INT(daily)};

    return run_bounded(db,
                       "INSERT INTO campaign_point_days (point, day, picked) VALUES ($1, $2, 1) ON "
                       "CONFLICT (point, day) DO UPDATE SET picked = campaign_point_days.picked + "
                       "1 WHERE campaign_point_days.picked < $3",
                       args, 3);
}

int store_booking_pick(struct db *db, int64_t id, int64_t now, const char *by)
{
    const struct db_value args[] = {DB_ARG_INT(id), DB_ARG_INT(now), DB_ARG_TEXT(by)};

    return run_bounded(db,
                       "UPDATE bookings SET state = 2, picked_at = $2, picked_by = $3 WHERE id = "
                       "$1 AND state = 1",
                       args, 3);
}

int store_campaign_entries(struct db *db, int64_t campaign, int64_t *ids, int max, int *n)
{
    const struct db_value args[] = {DB_ARG_INT(campaign)};

    return db_list_ids(db, "SELECT id FROM bookings WHERE campaign = $1 AND state = 0 ORDER BY id",
                       args, 1, ids, max, n);
}

int store_booking_settle(struct db *db, int64_t id, int state, int64_t point, int32_t pick_by,
                         int64_t rank)
{
    const struct db_value args[] = {DB_ARG_INT(id), DB_ARG_INT(state), DB_ARG_OPT(point),
                                    DB_ARG_NULLIF(pick_by, DATE_NONE), DB_ARG_OPT(rank)};

    return db_run(db,
                  "UPDATE bookings SET state = $2, point = COALESCE($3, point), pick_by = $4, "
                  "draw_rank = COALESCE($5, draw_rank) WHERE id = $1",
                  args, 5);
}

int store_campaign_drawn(struct db *db, int64_t id, const char *seed, const char *method,
                         int64_t now)
{
    const struct db_value args[] = {DB_ARG_INT(id), DB_ARG_TEXT(seed), DB_ARG_TEXT(method),
                                    DB_ARG_INT(now)};

    return db_run(db, "UPDATE campaigns SET seed = $2, method = $3, drawn_at = $4 WHERE id = $1",
                  args, 4);
}

int store_household_quarantined(struct db *db, int64_t household, int32_t today, int *out)
{
    int64_t a[2] = {household, today}, n = 0;
    int rc = db_query_int64(db,
                            "SELECT count(*) FROM quarantines WHERE household = $1 AND state = 0 "
                            "AND day_from <= $2 AND day_until >= $2",
                            2, a, &n);

    if (rc < 0)
        return rc;
    *out = n > 0;
    return 0;
}

/* ---- the household's own page ----------------------------------------------- */

int store_household_link_set(struct db *db, int64_t household, const char *token_hash,
                             const char *code_hash, int64_t district, int64_t now, const char *by)
{
    const struct db_value args[] = {DB_ARG_INT(household),  DB_ARG_TEXT(token_hash),
                                    DB_ARG_TEXT(code_hash), DB_ARG_INT(district),
                                    DB_ARG_INT(now),        DB_ARG_TEXT(by)};

    return db_run(db,
                  "INSERT INTO household_links (household, token_hash, code_hash, district, "
                  "created_at, created_by) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT "
                  "(household) DO UPDATE SET token_hash = excluded.token_hash, code_hash = "
                  "excluded.code_hash, created_at = excluded.created_at, created_by = "
                  "excluded.created_by",
                  args, 6);
}

int store_household_by_link(struct db *db, const char *hash, int64_t *out)
{
    const struct db_value args[] = {DB_ARG_TEXT(hash)};

    return db_get(db,
                  "SELECT household FROM household_links WHERE token_hash = $1 OR code_hash = $1",
                  args, 1, NULL, out);
}

static int read_member(void *out, struct db_stmt *st)
{
    struct member_row *m = out;

    memset(m, 0, sizeof *m);
    m->id = db_column_int64(st, 0);
    snprintf(m->name, sizeof m->name, "%s", db_column_text(st, 1));
    m->colour = (int)db_column_int64(st, 2);
    m->quarantine_until = (int32_t)db_column_int64(st, 3);
    return 0;
}

DB_HAND_ROWS(member_each_row, struct member_row, read_member, member_row_fn)

int store_household_members(struct db *db, int64_t household, member_row_fn fn, void *arg)
{
    const struct db_value args[] = {DB_ARG_INT(household)};
    struct db_hand e = DB_HAND(fn, arg);

    return db_list(db,
                   "SELECT id, name, colour, COALESCE(quarantine_until, 0) FROM residents WHERE "
                   "committee = " HOUSEHOLD_COMMITTEE("$1") " AND household = $1 ORDER BY id",
                   args, 1, member_each_row, &e);
}

static int read_address(void *out, struct db_stmt *st)
{
    struct {
        char *s;
        size_t n;
    } *a = out;
    const char *unit = db_column_text(st, 2);

    snprintf(a->s, a->n, "%s%s%s%s%s", db_column_text(st, 0), db_column_text(st, 1),
             unit[0] ? unit : "", unit[0] ? "-" : "", db_column_text(st, 3));
    return 0;
}

int store_household_address(struct db *db, int64_t household, char *out, size_t size)
{
    const struct db_value args[] = {DB_ARG_INT(household)};
    struct {
        char *s;
        size_t n;
    } a = {out, size};

    return db_get(db,
                  "SELECT c.name, b.name, h.unit, h.room FROM households h JOIN buildings b ON "
                  "b.id = h.building JOIN compounds c ON c.id = b.compound WHERE h.id = $1",
                  args, 1, read_address, &a);
}

struct hc_walk {
    household_campaign_fn fn;
    void *arg;
};

static int read_household_campaign(void *arg, struct db_stmt *st)
{
    struct hc_walk *w = arg;
    struct campaign_row c;
    struct booking_row b;
    int rc;

    if ((rc = read_campaign(&c, st)) < 0)
        return rc;
    memset(&b, 0, sizeof b);
    b.id = db_column_int64(st, 19);
    snprintf(b.code, sizeof b.code, "%s", db_column_text(st, 20));
    b.state = (int)db_column_int64(st, 21);
    b.point = db_column_int64(st, 22);
    b.delivery = (int)db_column_int64(st, 23);
    b.pick_by = db_column_is_null(st, 24) ? DATE_NONE : (int32_t)db_column_int64(st, 24);
    b.campaign = c.id;
    return w->fn(w->arg, &c, &b);
}

int store_household_campaigns(struct db *db, int64_t household, int64_t committee, int64_t grid,
                              int32_t today, household_campaign_fn fn, void *arg)
{
    const struct db_value args[] = {DB_ARG_INT(household), DB_ARG_INT(committee), DB_ARG_INT(grid),
                                    DB_ARG_INT(today)};
    struct hc_walk w = {fn, arg};

    return db_list(
        db,
        "SELECT c.id, c.unit, c.item, c.measure, c.per_household, c.stock, "
        "c.allocated, c.opens, c.closes, c.allocation, c.seed, c.method, "
        "COALESCE(c.drawn_at, 0), c.district, c.created_at, c.created_by, c.pickup_days, "
        "c.colours, (SELECT count(*) FROM campaign_points p WHERE p.campaign = c.id), "
        "COALESCE(b.id, 0), COALESCE(b.code, ''), COALESCE(b.state, 0), "
        "COALESCE(b.point, 0), COALESCE(b.delivery, 0), b.pick_by FROM campaigns c LEFT "
        "JOIN "
        "bookings b ON b.campaign = c.id AND b.household = $1 WHERE c.unit IN ($2, "
        "$3) AND ((c.opens <= $4 AND c.closes >= $4) OR b.id IS NOT NULL) "
        "ORDER BY c.id DESC LIMIT 20",
        args, 4, read_household_campaign, &w);
}

DB_HAND_ROWS(campaign_each_row, struct campaign_row, read_campaign, campaign_row_fn)

int store_campaigns_walk(struct db *db, int64_t district, int64_t before, campaign_row_fn fn,
                         void *arg)
{
    const struct db_value args[] = {DB_ARG_INT(district), DB_ARG_INT(before)};
    struct db_hand e = DB_HAND(fn, arg);
    int rc = db_list(db,
                     "SELECT " CAMPAIGN_COLS " FROM campaigns WHERE ($1 = 0 OR district = $1) AND "
                     "($2 = 0 OR id < $2) ORDER BY id DESC",
                     args, 2, campaign_each_row, &e);

    return rc < 0 ? rc : 0;
}

static int read_unit_counts(void *out, struct db_stmt *st)
{
    struct unit_counts *u = out;

    u->unit = db_column_int64(st, 0);
    u->booked = db_column_int64(st, 1);
    u->allocated = db_column_int64(st, 2);
    u->picked = db_column_int64(st, 3);
    u->delivery = db_column_int64(st, 4);
    u->delivered = db_column_int64(st, 5);
    return 0;
}

DB_HAND_ROWS(unit_counts_row, struct unit_counts, read_unit_counts, unit_counts_fn)

int store_campaign_units(struct db *db, int64_t campaign, unit_counts_fn fn, void *arg)
{
    const struct db_value args[] = {DB_ARG_INT(campaign)};
    struct db_hand e = DB_HAND(fn, arg);

    return db_list(db,
                   "SELECT COALESCE(g.grid, k.committee) AS u, count(*), "
                   "COALESCE(sum(CASE WHEN k.state = 1 THEN 1 ELSE 0 END), 0), "
                   "COALESCE(sum(CASE WHEN k.state = 2 THEN 1 ELSE 0 END), 0), "
                   "COALESCE(sum(CASE WHEN k.delivery = 1 AND k.state IN (1, 2) THEN 1 ELSE 0 "
                   "END), 0), COALESCE(sum(CASE WHEN k.delivery = 1 AND k.state = 2 THEN 1 ELSE "
                   "0 END), 0) FROM bookings k JOIN households h ON h.id = k.household JOIN "
                   "buildings g ON g.id = h.building WHERE k.campaign = $1 GROUP BY "
                   "COALESCE(g.grid, k.committee) ORDER BY 1",
                   args, 1, unit_counts_row, &e);
}

int store_campaigns_count(struct db *db, int64_t *out)
{
    int rc = db_query_int64(db, "SELECT count(*) FROM campaigns", 0, NULL, out);

    return rc < 0 ? rc : 0;
}

struct line_walk {
    booking_line_fn fn;
    void *arg;
};

static int read_line(void *arg, struct db_stmt *st)
{
    struct line_walk *w = arg;
    struct booking_row b;
    char address[192];
    const char *unit = db_column_text(st, 7);

    memset(&b, 0, sizeof b);
    b.id = db_column_int64(st, 0);
    b.household = db_column_int64(st, 1);
    snprintf(b.code, sizeof b.code, "%s", db_column_text(st, 2));
    b.state = (int)db_column_int64(st, 3);
    b.delivery = (int)db_column_int64(st, 4);
    snprintf(address, sizeof address, "%s%s%s%s%s", db_column_text(st, 5), db_column_text(st, 6),
             unit, unit[0] ? "-" : "", db_column_text(st, 8));
    b.point = db_column_int64(st, 9);
    b.pick_by = DATE_NONE;
    return w->fn(w->arg, &b, address);
}

int store_point_bookings(struct db *db, int64_t campaign, int64_t point, booking_line_fn fn,
                         void *arg)
{
    const struct db_value args[] = {DB_ARG_INT(campaign), DB_ARG_INT(point)};
    struct line_walk w = {fn, arg};

    return db_list(db,
                   "SELECT k.id, k.household, k.code, k.state, k.delivery, c.name, b.name, h.unit, "
                   "h.room, COALESCE(k.point, 0) FROM bookings k JOIN households h ON h.id = "
                   "k.household JOIN buildings b ON b.id = h.building JOIN compounds c ON c.id = "
                   "b.compound WHERE k.campaign = $1 AND ($2 = 0 OR k.point = $2) ORDER BY k.id",
                   args, 2, read_line, &w);
}
