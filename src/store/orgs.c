/*
 * SQL of organisations, grid responsible persons, places and where a
 * household lies (see orgs.h).
 */
#include "store/orgs.h"

#include "core/tasks.h"
#include "core/unitcode.h"
#include "store/household_sql.h"

#include <stdio.h>
#include <string.h>

int store_org_insert(struct db *db, struct org_row *o)
{
    const struct db_value args[] = {DB_ARG_TEXT(o->name), DB_ARG_TEXT(o->kind),
                                    DB_ARG_INT(o->street)};

    return db_insert_id(db,
                        "INSERT INTO orgs (name, kind, street) VALUES ($1, $2, $3) RETURNING id",
                        args, 3, &o->id);
}

static int read_org(void *out, struct db_stmt *st)
{
    struct org_row *o = out;

    memset(o, 0, sizeof *o);
    o->id = db_column_int64(st, 0);
    snprintf(o->name, sizeof o->name, "%s", db_column_text(st, 1));
    snprintf(o->kind, sizeof o->kind, "%s", db_column_text(st, 2));
    o->street = db_column_int64(st, 3);
    return 0;
}

int store_org_get(struct db *db, int64_t id, struct org_row *out)
{
    const struct db_value args[] = {DB_ARG_INT(id)};

    return db_get(db, "SELECT id, name, kind, street FROM orgs WHERE id = $1", args, 1, read_org,
                  out);
}

DB_HAND_ROWS(org_each_row, struct org_row, read_org, org_row_fn)

int store_orgs_within(struct db *db, int64_t lo, int64_t hi, int64_t after, org_row_fn fn,
                      void *arg)
{
    const struct db_value args[] = {DB_ARG_INT(lo), DB_ARG_INT(hi), DB_ARG_INT(after)};
    struct db_hand e = DB_HAND(fn, arg);

    return db_list(db,
                   "SELECT id, name, kind, street FROM orgs WHERE street >= $1 AND "
                   "street < $2 AND id > $3 ORDER BY id",
                   args, 3, org_each_row, &e);
}

int store_org_link(struct db *db, int64_t org, int64_t compound)
{
    const struct db_value args[] = {DB_ARG_INT(org), DB_ARG_INT(compound)};

    return db_run(db,
                  "INSERT INTO org_compounds (org, compound) VALUES ($1, $2) "
                  "ON CONFLICT DO NOTHING",
                  args, 2);
}

int store_org_serves(struct db *db, int64_t org, int64_t compound, int *out)
{
    int64_t a[2] = {org, compound}, n = 0;
    int rc = db_query_int64(
        db, "SELECT count(*) FROM org_compounds WHERE org = $1 AND compound = $2", 2, a, &n);
    if (rc < 0)
        return rc;
    *out = n > 0;
    return 0;
}

int store_org_compounds(struct db *db, int64_t org, org_compound_fn fn, void *arg)
{
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare(db, "SELECT compound FROM org_compounds WHERE org = $1 ORDER BY compound",
                         &st)) < 0)
        return rc;
    db_bind_int64(st, 1, org);
    while ((rc = db_step(st)) == DB_ROW)
        if ((rc = fn(arg, db_column_int64(st, 0))) != 0)
            break;
    db_done(st);
    return rc == DB_DONE ? 0 : rc;
}

/* Runs "UPDATE ... SET col = $2 WHERE id = $1" with $2 NULL when v is 0:
 * 0, DB_E_NOTFOUND when no row has that id, or < 0. */
static int set_nullable(struct db *db, const char *sql, int64_t id, int64_t v)
{
    const struct db_value args[] = {DB_ARG_INT(id), DB_ARG_OPT(v)};
    int rc = db_run(db, sql, args, 2);

    if (rc < 0)
        return rc;
    return db_changes(db) ? 0 : DB_E_NOTFOUND;
}

int store_account_set_org(struct db *db, int64_t account, int64_t org)
{
    return set_nullable(db, "UPDATE accounts SET org = $2 WHERE id = $1", account, org);
}

int store_grid_person_set(struct db *db, int64_t grid, int64_t account)
{
    const struct db_value args[] = {DB_ARG_INT(grid), DB_ARG_INT(account),
                                    DB_ARG_INT(unitcode_at_level(grid, LEVEL_DISTRICT))};

    return db_run(db,
                  "INSERT INTO grid_people (grid, account, district) VALUES ($1, $2, $3) "
                  "ON CONFLICT (grid) DO UPDATE SET account = excluded.account",
                  args, 3);
}

int store_grid_person_get(struct db *db, int64_t grid, int64_t *out_account)
{
    int rc = db_query_int64(db, "SELECT account FROM grid_people WHERE grid = $1", 1, &grid,
                            out_account);
    if (rc == DB_DONE)
        return DB_E_NOTFOUND;
    return rc < 0 ? rc : 0;
}

int store_building_set_grid(struct db *db, int64_t building, int64_t grid)
{
    return set_nullable(db, "UPDATE buildings SET grid = $2 WHERE id = $1", building, grid);
}

int store_buildings_set_lift(struct db *db, int64_t compound, int64_t building, int lift)
{
    const struct db_value args[] = {DB_ARG_INT(compound), DB_ARG_INT(building), DB_ARG_INT(lift)};

    return db_run(db, "UPDATE buildings SET lift = $3 WHERE compound = $1 AND ($2 = 0 OR id = $2)",
                  args, 3);
}

int store_building_in_compound(struct db *db, int64_t building, int64_t compound)
{
    int64_t a[2] = {building, compound}, n = 0;
    int rc = db_query_int64(db, "SELECT count(*) FROM buildings WHERE id = $1 AND compound = $2", 2,
                            a, &n);

    return rc < 0 ? rc : n > 0;
}

static int read_where(void *arg, struct db_stmt *st)
{
    struct household_where *out = arg;

    out->committee = db_column_int64(st, 0);
    out->compound = db_column_int64(st, 1);
    out->grid = db_column_int64(st, 2);
    out->district = db_column_int64(st, 3);
    return 0;
}

/* Where a household lies: its grid is its building's, else its
 * residents' least, else its compound's (0: none). */
/* (clang-format would break the lines at the macro, not in the text.) */
/* clang-format off */
static const char household_where_sql[] =
    "SELECT h.committee, c.id, COALESCE(b.grid, " HOUSEHOLD_MEMBERS_GRID("$1", "") ", c.grid, 0), "
    "h.district FROM households h JOIN buildings b ON b.id = h.building "
    "JOIN compounds c ON c.id = b.compound WHERE h.id = $1";
static const char household_where_in_sql[] =
    "SELECT h.committee, c.id, COALESCE(b.grid, "
    HOUSEHOLD_MEMBERS_GRID("$1", " AND district = $2") ", c.grid, 0), "
    "h.district FROM households h JOIN buildings b ON b.id = h.building "
    "JOIN compounds c ON c.id = b.compound WHERE h.id = $1 AND h.district = $2";
/* clang-format on */

int store_household_where(struct db *db, int64_t household, int64_t district,
                          struct household_where *out)
{
    const struct db_value args[] = {DB_ARG_INT(household), DB_ARG_INT(district)};

    return district ? db_get(db, household_where_in_sql, args, 2, read_where, out)
                    : db_get(db, household_where_sql, args, 1, read_where, out);
}

#define PLACE_COLS "id, committee, grid, kind, name, compound, org, responsible, district"

static int read_place(void *out, struct db_stmt *st)
{
    struct place_row *p = out;
    enum place_kind k;

    memset(p, 0, sizeof *p);
    p->id = db_column_int64(st, 0);
    p->committee = db_column_int64(st, 1);
    p->grid = db_column_int64(st, 2);
    p->kind = place_kind_parse(db_column_text(st, 3), &k) == 0 ? (int)k : PLACE_OTHER;
    snprintf(p->name, sizeof p->name, "%s", db_column_text(st, 4));
    p->compound = db_column_int64(st, 5);
    p->org = db_column_int64(st, 6);
    p->responsible = db_column_int64(st, 7);
    p->district = db_column_int64(st, 8);
    return 0;
}

int store_place_insert(struct db *db, struct place_row *p)
{
    if (p->kind < 0 || p->kind >= PLACE_KIND_COUNT)
        return DB_E_RANGE;
    const struct db_value args[] = {DB_ARG_INT(p->committee),
                                    DB_ARG_INT(p->grid),
                                    DB_ARG_TEXT(place_kind_code((enum place_kind)p->kind)),
                                    DB_ARG_TEXT(p->name),
                                    DB_ARG_OPT(p->compound),
                                    DB_ARG_OPT(p->org),
                                    DB_ARG_OPT(p->responsible),
                                    DB_ARG_INT(p->district)};
    return db_insert_id(db,
                        "INSERT INTO places (committee, grid, kind, name, compound, org, "
                        "responsible, district) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) "
                        "RETURNING id",
                        args, 8, &p->id);
}

int store_places_count(struct db *db, int64_t *out)
{
    int rc = db_query_int64(db, "SELECT count(*) FROM places", 0, NULL, out);

    return rc < 0 ? rc : 0;
}

int store_place_get(struct db *db, int64_t id, struct place_row *out)
{
    const struct db_value args[] = {DB_ARG_INT(id)};

    return db_get(db, "SELECT " PLACE_COLS " FROM places WHERE id = $1", args, 1, read_place, out);
}

DB_HAND_ROWS(place_each_row, struct place_row, read_place, place_row_cb)

int store_places_within(struct db *db, int64_t lo, int64_t hi, int64_t grid, int64_t after,
                        place_row_cb fn, void *arg)
{
    struct db_hand e = DB_HAND(fn, arg);
    struct db_stmt *st;
    int rc;

    /* "+id": the cursor filters, the unique (committee, name) index finds
     * the range's places (test_query_plans). */
    rc = grid
             ? db_prepare(
                   db, "SELECT " PLACE_COLS " FROM places WHERE grid = $1 AND id > $2 ORDER BY id",
                   &st)
             : db_prepare(db,
                          "SELECT " PLACE_COLS " FROM places WHERE committee >= $1 AND committee < "
                          "$2 AND +id > $3 ORDER BY id",
                          &st);
    if (rc < 0)
        return rc;
    /* Numbered without a gap: PostgreSQL cannot type a parameter that the
     * statement never uses. */
    if (grid) {
        db_bind_int64(st, 1, grid);
        db_bind_int64(st, 2, after);
    } else {
        db_bind_int64(st, 1, lo);
        db_bind_int64(st, 2, hi);
        db_bind_int64(st, 3, after);
    }
    return db_each(st, place_each_row, &e);
}
