/*
 * SQL of the register (see residents.h). Nullable integer columns map to
 * DATE_NONE / 0 in the structs; text columns are copied into fixed buffers
 * whose sizes the import and the API enforce before writing.
 */
#include "store/residents.h"

#include "store/residents_docs.h"
#include "store/residents_query.h"
#include "store/unit_range.h"

#include "core/date.h"
#include "core/unitcode.h"

#include <stdio.h>
#include <string.h>

#define RESIDENT_COLS                                                                              \
    "id, committee, grid, household, name, doc_type, doc_no, birth, sex, phone, presence, "        \
    "arrival_day, arrival_abroad, origin, quarantine, quarantine_from, quarantine_until, "         \
    "health, colour, next_change, updated_at, version"
/* The same, of residents r in a join. */
#define RESIDENT_COLS_R                                                                            \
    "r.id, r.committee, r.grid, r.household, r.name, r.doc_type, r.doc_no, r.birth, r.sex, "       \
    "r.phone, r.presence, r.arrival_day, r.arrival_abroad, r.origin, r.quarantine, "               \
    "r.quarantine_from, r.quarantine_until, r.health, r.colour, r.next_change, r.updated_at, "     \
    "r.version"
#define RESIDENT_NCOLS 22

int64_t resident_count_unit(const struct resident *r)
{
    return r->grid ? r->grid : r->committee;
}

static int64_t district_of(int64_t unit)
{
    int64_t d = unitcode_at_level(unit, LEVEL_DISTRICT);
    return d ? d : unit;
}

static int32_t col_day(struct db_stmt *st, int c)
{
    return db_column_is_null(st, c) ? DATE_NONE : (int32_t)db_column_int64(st, c);
}

static void bind_day(struct db_stmt *st, int i, int32_t day)
{
    if (day == DATE_NONE)
        db_bind_null(st, i);
    else
        db_bind_int64(st, i, day);
}

static void bind_opt_id(struct db_stmt *st, int i, int64_t v)
{
    if (v)
        db_bind_int64(st, i, v);
    else
        db_bind_null(st, i);
}

static void read_resident_at(struct db_stmt *st, struct resident *r)
{
    memset(r, 0, sizeof *r);
    r->id = db_column_int64(st, 0);
    r->committee = db_column_int64(st, 1);
    r->grid = db_column_int64(st, 2);
    r->household = db_column_int64(st, 3);
    snprintf(r->name, sizeof r->name, "%s", db_column_text(st, 4));
    r->doc_type = (int)db_column_int64(st, 5);
    snprintf(r->doc_no, sizeof r->doc_no, "%s", db_column_text(st, 6));
    r->birth = col_day(st, 7);
    r->sex = (int)db_column_int64(st, 8);
    snprintf(r->phone, sizeof r->phone, "%s", db_column_text(st, 9));
    r->facts.presence = (enum presence)db_column_int64(st, 10);
    r->facts.arrival_day = col_day(st, 11);
    r->facts.arrival_abroad = (int)db_column_int64(st, 12);
    snprintf(r->origin, sizeof r->origin, "%s", db_column_text(st, 13));
    r->facts.quarantine = (enum quarantine_kind)db_column_int64(st, 14);
    r->facts.quarantine_from = col_day(st, 15);
    r->facts.quarantine_until = col_day(st, 16);
    r->facts.health = (enum health)db_column_int64(st, 17);
    r->colour = (enum colour)db_column_int64(st, 18);
    r->next_change = col_day(st, 19);
    r->updated_at = db_column_int64(st, 20);
    r->version = db_column_int64(st, 21);
}

/* Binds the 21 writable columns as $b..$(b+20). */
/* The facts of a resident and what follows from them, bound from b on
 * (twelve parameters). */
static void bind_facts(struct db_stmt *st, int b, const struct resident *r)
{
    db_bind_int64(st, b + 0, r->facts.presence);
    bind_day(st, b + 1, r->facts.arrival_day);
    db_bind_int64(st, b + 2, r->facts.arrival_abroad);
    db_bind_text_static(st, b + 3, r->origin[0] ? r->origin : NULL, -1);
    db_bind_int64(st, b + 4, r->facts.quarantine);
    bind_day(st, b + 5, r->facts.quarantine_from);
    bind_day(st, b + 6, r->facts.quarantine_until);
    db_bind_int64(st, b + 7, r->facts.health);
    db_bind_int64(st, b + 8, r->colour);
    bind_day(st, b + 9, r->next_change);
    db_bind_int64(st, b + 10, r->updated_at);
    db_bind_int64(st, b + 11, r->version);
}

static void bind_resident(struct db_stmt *st, int b, const struct resident *r)
{
    db_bind_int64(st, b + 0, r->committee);
    bind_opt_id(st, b + 1, r->grid);
    db_bind_int64(st, b + 2, district_of(r->committee));
    bind_opt_id(st, b + 3, r->household);
    db_bind_text_static(st, b + 4, r->name, -1);
    db_bind_int64(st, b + 5, r->doc_type);
    db_bind_text_static(st, b + 6, r->doc_no, -1);
    bind_day(st, b + 7, r->birth);
    db_bind_int64(st, b + 8, r->sex);
    db_bind_text_static(st, b + 9, r->phone[0] ? r->phone : NULL, -1);
    bind_facts(st, b + 10, r);
}

int store_compound_ensure(struct db *db, int64_t committee, const char *name, int64_t *out_id)
{
    const struct db_value args[] = {DB_ARG_INT(committee), DB_ARG_TEXT(name)};
    int rc = db_get(db, "SELECT id FROM compounds WHERE committee = $1 AND name = $2", args, 2,
                    NULL, out_id);

    if (rc != DB_E_NOTFOUND)
        return rc;
    return store_compound_insert(db, committee, name, out_id);
}

int store_compound_set_grid(struct db *db, int64_t compound, int64_t grid)
{
    const struct db_value args[] = {DB_ARG_INT(compound), DB_ARG_OPT(grid)};

    return db_run(db, "UPDATE compounds SET grid = $2 WHERE id = $1", args, 2);
}

int store_compound_insert(struct db *db, int64_t committee, const char *name, int64_t *out_id)
{
    const struct db_value args[] = {DB_ARG_INT(committee), DB_ARG_TEXT(name),
                                    DB_ARG_INT(district_of(committee))};

    return db_get(db,
                  "INSERT INTO compounds (committee, name, district) VALUES ($1, $2, $3) "
                  "RETURNING id",
                  args, 3, NULL, out_id);
}

int store_building_ensure(struct db *db, int64_t compound, int64_t district, const char *name,
                          int64_t *out_id)
{
    const struct db_value args[] = {DB_ARG_INT(compound), DB_ARG_TEXT(name)};
    int rc = db_get(db, "SELECT id FROM buildings WHERE compound = $1 AND name = $2", args, 2, NULL,
                    out_id);

    if (rc != DB_E_NOTFOUND)
        return rc;
    return store_building_insert(db, compound, district, name, out_id);
}

int store_building_insert(struct db *db, int64_t compound, int64_t district, const char *name,
                          int64_t *out_id)
{
    const struct db_value args[] = {DB_ARG_INT(compound), DB_ARG_TEXT(name), DB_ARG_INT(district)};

    return db_get(db,
                  "INSERT INTO buildings (compound, name, district) VALUES ($1, $2, $3) "
                  "RETURNING id",
                  args, 3, NULL, out_id);
}

int store_household_ensure(struct db *db, int64_t building, const char *unit, const char *room,
                           int floor, int64_t committee, int64_t *out_id)
{
    const struct db_value args[] = {DB_ARG_INT(building), DB_ARG_TEXT(unit), DB_ARG_TEXT(room)};
    int rc = db_get(db, "SELECT id FROM households WHERE building = $1 AND unit = $2 AND room = $3",
                    args, 3, NULL, out_id);

    if (rc != DB_E_NOTFOUND)
        return rc;
    return store_household_insert(db, building, unit, room, floor, committee, out_id);
}

int store_household_insert(struct db *db, int64_t building, const char *unit, const char *room,
                           int floor, int64_t committee, int64_t *out_id)
{
    const struct db_value args[] = {DB_ARG_INT(building),  DB_ARG_TEXT(unit),
                                    DB_ARG_TEXT(room),     DB_ARG_OPT(floor),
                                    DB_ARG_INT(committee), DB_ARG_INT(district_of(committee))};

    return db_get(db,
                  "INSERT INTO households (building, unit, room, floor, committee, district) "
                  "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                  args, 6, NULL, out_id);
}

static void household_values(const void *arg, size_t i, struct db_value *v)
{
    const struct household_add *h = (const struct household_add *)arg + i;
    const struct db_value row[] = {DB_ARG_INT(h->building),  DB_ARG_TEXT(h->unit),
                                   DB_ARG_TEXT(h->room),     DB_ARG_OPT(h->floor),
                                   DB_ARG_INT(h->committee), DB_ARG_INT(district_of(h->committee))};

    memcpy(v, row, sizeof row);
}

int store_households_insert_many(struct db *db, struct household_add *h, size_t n)
{
    return db_rows_insert(db, "households", "building, unit, room, floor, committee, district", 6,
                          "", n, household_values, h, n ? &h[0].id : NULL, sizeof *h);
}

int store_places_of_committee(struct db *db, int64_t committee, place_row_fn fn, void *arg)
{
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare(db,
                         "SELECT c.id, c.name, b.id, b.name, h.id, h.unit, h.room FROM compounds c "
                         "LEFT JOIN buildings b ON b.compound = c.id "
                         "LEFT JOIN households h ON h.building = b.id WHERE c.committee = $1",
                         &st)) < 0)
        return rc;
    db_bind_int64(st, 1, committee);
    while ((rc = db_step(st)) == DB_ROW) {
        if ((rc = fn(arg, db_column_int64(st, 0), db_column_text(st, 1),
                     db_column_is_null(st, 2) ? 0 : db_column_int64(st, 2), db_column_text(st, 3),
                     db_column_is_null(st, 4) ? 0 : db_column_int64(st, 4), db_column_text(st, 5),
                     db_column_text(st, 6))) != 0)
            break;
    }
    db_done(st);
    return rc < 0 ? rc : (rc == DB_DONE ? 0 : rc);
}

int store_residents_count(struct db *db, int64_t *out)
{
    int rc = db_query_int64(db, "SELECT count(*) FROM residents", 0, NULL, out);

    return rc < 0 ? rc : 0;
}

int store_resident_first_well_at_home(struct db *db, int64_t grid, int64_t *out_id)
{
    /* By the grid's committee first: residents have no index on the grid,
     * and min(id) by the grid alone walked the register from its first
     * row. */
    int64_t args[2] = {unitcode_parent(grid), grid};
    int rc;

    *out_id = 0;
    rc = db_query_int64(db,
                        "SELECT min(id) FROM residents WHERE committee = $1 AND grid = $2 "
                        "AND quarantine = 0 AND health = 0 AND household IS NOT NULL",
                        2, args, out_id);
    return rc < 0 ? rc : 0;
}

int store_residents_empty(struct db *db, int *out_empty)
{
    int rc = db_query_int64(db, "SELECT id FROM residents LIMIT 1", 0, NULL, NULL);

    if (rc < 0)
        return rc;
    *out_empty = rc == DB_DONE;
    return 0;
}

static int read_resident(void *out, struct db_stmt *st)
{
    read_resident_at(st, out);
    return 0;
}

DB_HAND_ROWS(resident_row, struct resident, read_resident, resident_fn)

int store_resident_find_doc(struct db *db, int doc_type, const char *doc_no, struct resident *out)
{
    const struct db_value args[] = {DB_ARG_INT(doc_type), DB_ARG_TEXT(doc_no)};
    int64_t id, district;
    int rc;

    /* On Citus, the document's shard says who and where, then the
     * resident's own: two single-shard reads instead of one on all. */
    if ((rc = store_resident_doc_find(db, doc_type, doc_no, &id, &district)) < 0)
        return rc;
    if (id)
        return store_resident_get(db, id, district, out);
    return db_get(db, "SELECT " RESIDENT_COLS " FROM residents WHERE doc_type = $1 AND doc_no = $2",
                  args, 2, read_resident, out);
}

int store_resident_get(struct db *db, int64_t id, int64_t district, struct resident *out)
{
    const struct db_value args[] = {DB_ARG_INT(id), DB_ARG_INT(district)};

#define BY_ID "SELECT " RESIDENT_COLS " FROM residents WHERE id = $1"
    return db_get(db, district ? BY_ID " AND district = $2" : BY_ID, args, district ? 2 : 1,
                  read_resident, out);
#undef BY_ID
}

/* The columns bind_resident() binds, in its order. */
#define INSERT_COLUMNS                                                                             \
    "committee, grid, district, household, name, doc_type, doc_no, birth, sex, phone, presence, "  \
    "arrival_day, arrival_abroad, origin, quarantine, quarantine_from, quarantine_until, health, " \
    "colour, next_change, updated_at, version"

int store_resident_insert(struct db *db, struct resident *r)
{
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare(db,
                         "INSERT INTO residents (" INSERT_COLUMNS ") VALUES ($1, $2, $3, $4, $5, "
                         "$6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, "
                         "$21, $22) RETURNING id",
                         &st)) < 0)
        return rc;
    bind_resident(st, 1, r);
    if ((rc = db_one(st, NULL, &r->id)) < 0)
        return rc;
    return store_resident_doc_put(db, r->doc_type, r->doc_no, district_of(r->committee), r->id);
}

/* Citus refuses an UPDATE of the distribution column: a resident who moves
 * to another district is deleted from the old one's shard and inserted,
 * with the same id, into the new one's. (Nothing references a resident by
 * foreign key on Citus; the history stays where it was written.) Returns 1
 * when the resident was in `from` and moved, 0 when not there (as an
 * UPDATE that matches no row), or < 0. The caller's transaction makes the
 * two one change. */
static int move_across_districts(struct db *db, const struct resident *r, int64_t from)
{
    struct db_stmt *st;
    int rc;

    /* RETURNING: a pipelined statement's count of rows is not known until
     * its answer is read. */
    if ((rc = db_query_int64(db,
                             "DELETE FROM residents WHERE id = $1 AND district = $2 RETURNING id",
                             2, (const int64_t[]){r->id, from}, NULL)) != DB_ROW)
        return rc < 0 ? rc : 0;
    if ((rc = db_prepare(db,
                         "INSERT INTO residents (id, " INSERT_COLUMNS ") VALUES ($1, $2, $3, $4, "
                         "$5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, "
                         "$20, $21, $22, $23)",
                         &st)) < 0)
        return rc;
    db_bind_int64(st, 1, r->id);
    bind_resident(st, 2, r);
    rc = db_step(st);
    db_done(st);
    return rc < 0 ? rc : 1;
}

/* The document lookup follows a resident's document and district
 * (store/residents_docs.h; nothing to do off Citus). */
static int follow_docs(struct db *db, const struct resident *r, const struct resident *old)
{
    int rc;

    if (!old || (old->doc_type == r->doc_type && strcmp(old->doc_no, r->doc_no) == 0 &&
                 district_of(old->committee) == district_of(r->committee)))
        return 0;
    if ((rc = store_resident_doc_drop(db, old->doc_type, old->doc_no)) < 0)
        return rc;
    return store_resident_doc_put(db, r->doc_type, r->doc_no, district_of(r->committee), r->id);
}

/* Who the resident is and where they live: the columns of the residents'
 * indexes (committee, household, name, document, phone). */
static int same_identity(const struct resident *a, const struct resident *b)
{
    return a->committee == b->committee && a->grid == b->grid && a->household == b->household &&
           a->doc_type == b->doc_type && a->birth == b->birth && a->sex == b->sex &&
           strcmp(a->name, b->name) == 0 && strcmp(a->doc_no, b->doc_no) == 0 &&
           strcmp(a->phone, b->phone) == 0;
}

/* A change of facts alone (most writes: a fact update, a day's roll-over)
 * sets the fact columns only. SQLite rewrites the entries of every index
 * whose columns an UPDATE sets, changed or not: setting the whole row cost
 * a fact update four index pages more than its own (the document, name,
 * phone and committee indexes), half of the WAL it wrote (bench/RESULTS.md,
 * "the bytes of a write"). */
int store_resident_update(struct db *db, const struct resident *r, const struct resident *old)
{
    struct db_stmt *st;
    int rc;

    if (old && same_identity(r, old)) {
        if ((rc = db_prepare(db,
                             "UPDATE residents SET presence = $2, arrival_day = $3, "
                             "arrival_abroad = $4, origin = $5, quarantine = $6, "
                             "quarantine_from = $7, quarantine_until = $8, health = $9, "
                             "colour = $10, next_change = $11, updated_at = $12, version = $13 "
                             "WHERE id = $1 AND district = $14",
                             &st)) < 0)
            return rc;
        db_bind_int64(st, 1, r->id);
        bind_facts(st, 2, r);
        db_bind_int64(st, 14, district_of(old->committee));
    } else if (old && db_is_citus(db) && district_of(old->committee) != district_of(r->committee)) {
        if ((rc = move_across_districts(db, r, district_of(old->committee))) <= 0)
            return rc;
        return follow_docs(db, r, old);
    } else {
        /* On Citus the district is not set (Citus refuses to set its
         * distribution column, even to the value it has: a move is
         * move_across_districts), and the row it changed is read back
         * (RETURNING: a pipelined statement's count of rows is not known
         * until read) for the document lookup to follow it. */
/* clang-format off */
#define WHOLE_ROW(SET_DISTRICT, ROUTE)                                                             \
    "UPDATE residents SET committee = $2, grid = $3, " SET_DISTRICT "household = $5, name = $6, "  \
    "doc_type = $7, doc_no = $8, birth = $9, sex = $10, phone = $11, presence = $12, "             \
    "arrival_day = $13, arrival_abroad = $14, origin = $15, quarantine = $16, "                    \
    "quarantine_from = $17, quarantine_until = $18, health = $19, colour = $20, "                  \
    "next_change = $21, updated_at = $22, version = $23 WHERE id = $1 AND district = $24" ROUTE
        /* clang-format on */
        if ((rc = db_prepare(db,
                             db_is_citus(db) ? WHOLE_ROW("", " AND district = $4 RETURNING id")
                                             : WHOLE_ROW("district = $4, ", ""),
                             &st)) < 0)
            return rc;
#undef WHOLE_ROW
        db_bind_int64(st, 1, r->id);
        bind_resident(st, 2, r);
        db_bind_int64(st, 24, district_of(old ? old->committee : r->committee));
        rc = db_step(st);
        db_done(st);
        if (rc != DB_ROW)
            return rc < 0 ? rc : 0;
        return follow_docs(db, r, old);
    }
    rc = db_step(st);
    db_done(st);
    return rc < 0 ? rc : 0;
}

int store_resident_set_colour(struct db *db, int64_t id, int64_t unit, enum colour c,
                              int32_t next_change)
{
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare(db,
                         "UPDATE residents SET colour = $2, next_change = $3 WHERE id = $1 AND "
                         "district = $4",
                         &st)) < 0)
        return rc;
    db_bind_int64(st, 1, id);
    db_bind_int64(st, 2, c);
    bind_day(st, 3, next_change);
    db_bind_int64(st, 4, district_of(unit));
    rc = db_step(st);
    db_done(st);
    return rc < 0 ? rc : 0;
}

int store_residents_due(struct db *db, int32_t day, int limit, resident_fn fn, void *arg)
{
    const struct db_value args[] = {DB_ARG_INT(day), DB_ARG_INT(limit)};
    struct db_hand h = DB_HAND(fn, arg);

    /* In the order of residents_next_change, from its start: the residents
     * a batch re-evaluates leave the range (their next change is after
     * `day`), so each batch reads only its own entries. */
    return db_list(db,
                   "SELECT " RESIDENT_COLS
                   " FROM residents WHERE next_change IS NOT NULL AND next_change <= $1 "
                   "ORDER BY next_change LIMIT $2",
                   args, 2, resident_row, &h);
}

int store_residents_within(struct db *db, int64_t unit, resident_fn fn, void *arg)
{
    struct db_hand h = DB_HAND(fn, arg);
    struct unit_range u;

    if (store_unit_range(unit, &u) < 0)
        return DB_E_RANGE;
    const struct db_value args[] = {DB_ARG_INT(u.lo), DB_ARG_INT(u.hi), DB_ARG_INT(u.grid)};
    return db_list(db,
                   "SELECT " RESIDENT_COLS " FROM residents WHERE committee >= $1 AND "
                   "committee < $2 AND (CAST($3 AS BIGINT) = 0 OR grid = $3) "
                   "ORDER BY committee, household NULLS FIRST, id",
                   args, 3, resident_row, &h);
}

/* A row of RESIDENT_COLS_R, then compound, building, unit and room (NULL
 * read as "") into rp. */
static void read_place_at(struct db_stmt *st, struct resident_place *rp)
{
    read_resident_at(st, &rp->r);
    snprintf(rp->compound, sizeof rp->compound, "%s", db_column_text(st, RESIDENT_NCOLS));
    snprintf(rp->building, sizeof rp->building, "%s", db_column_text(st, RESIDENT_NCOLS + 1));
    snprintf(rp->unit, sizeof rp->unit, "%s", db_column_text(st, RESIDENT_NCOLS + 2));
    snprintf(rp->room, sizeof rp->room, "%s", db_column_text(st, RESIDENT_NCOLS + 3));
}

static int read_place_one(void *arg, struct db_stmt *st)
{
    struct resident_place *rp = arg;

    read_place_at(st, rp);
    rp->compound_id = db_column_int64(st, RESIDENT_NCOLS + 4);
    return 0;
}

/* residents_query.h */
int store_resident_place_get(struct db *db, int64_t id, int64_t district,
                             struct resident_place *out)
{
    const struct db_value args[] = {DB_ARG_INT(id), DB_ARG_INT(district)};

    memset(out, 0, sizeof *out);
    /* Left joins one after the other: a household always has its building
     * and a building its compound (foreign keys), so the address comes
     * whole or not at all. A parenthesised join (households JOIN buildings
     * JOIN compounds) reads the same rows, but SQLite plans it as a scan of
     * every household (test_query_plans). */
#define PLACE_BY_ID                                                                                \
    "SELECT " RESIDENT_COLS_R ", c.name, b.name, h.unit, h.room, c.id FROM residents r LEFT JOIN " \
    "households h ON h.id = r.household LEFT JOIN buildings b ON b.id = h.building LEFT JOIN "     \
    "compounds c ON c.id = b.compound WHERE r.id = $1"
    return db_get(db, district ? PLACE_BY_ID " AND r.district = $2" : PLACE_BY_ID, args,
                  district ? 2 : 1, read_place_one, out);
#undef PLACE_BY_ID
}

int store_residents_with_places(struct db *db, int64_t unit, resident_place_fn fn, void *arg)
{
    struct db_stmt *st;
    struct resident_place rp;
    struct unit_range u;
    int rc;

    if ((rc = store_unit_range(unit, &u)) < 0)
        return rc;
    rc = db_prepare(db,
                    "SELECT " RESIDENT_COLS_R ", c.name, b.name, h.unit, h.room FROM residents r "
                    "LEFT JOIN households h ON h.id = r.household "
                    "LEFT JOIN buildings b ON b.id = h.building "
                    "LEFT JOIN compounds c ON c.id = b.compound "
                    "WHERE r.committee >= $1 AND r.committee < $2 "
                    "AND (CAST($3 AS BIGINT) = 0 OR r.grid = $3) "
                    "ORDER BY r.committee, c.name NULLS FIRST, b.name, h.unit, h.room, r.id",
                    &st);
    if (rc < 0)
        return rc;
    db_bind_int64(st, 1, u.lo);
    db_bind_int64(st, 2, u.hi);
    db_bind_int64(st, 3, u.grid);
    while ((rc = db_step(st)) == DB_ROW) {
        read_place_at(st, &rp);
        if ((rc = fn(arg, &rp)) != 0)
            break;
    }
    db_done(st);
    return rc < 0 ? rc : (rc == DB_DONE ? 0 : rc);
}

int store_history_add(struct db *db, const struct fact_record *f)
{
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare(db,
                         "INSERT INTO fact_history (resident, version, kind, value, effective, "
                         "recorded_at, recorded_by, source, colour, district) "
                         "VALUES ($1, $10, $2, $3, $4, $5, $6, $7, $8, $9)",
                         &st)) < 0)
        return rc;
    db_bind_int64(st, 1, f->resident);
    db_bind_text_static(st, 2, f->kind, -1);
    db_bind_text_static(st, 3, f->value, -1);
    db_bind_int64(st, 4, f->effective);
    db_bind_int64(st, 5, f->recorded_at);
    db_bind_text_static(st, 6, f->recorded_by, -1);
    db_bind_text_static(st, 7, f->source, -1);
    db_bind_int64(st, 8, f->colour);
    db_bind_int64(st, 9, f->district);
    db_bind_int64(st, 10, f->version);
    rc = db_step(st);
    db_done(st);
    return rc < 0 ? rc : 0;
}
