/*
 * SQL of tasks and task events (see tasks.h). Lists and counts come in
 * three variants, one per kind of scope (a committee range, a grid and its
 * assignee, an organisation), sharing their parameters.
 */
#include "store/tasks.h"

#include "store/unit_range.h"

#include "core/date.h"
#include "core/mask.h"
#include "core/tasks.h"

#include <stdio.h>
#include <string.h>

#define T_COLS                                                                                     \
    "t.id, t.kind, t.title, t.place, t.household, t.quarantine, t.compound, t.grid, "              \
    "t.committee, t.street, t.district, t.org, t.assignee, t.state, t.urgent, t.day, t.deadline, " \
    "t.escalated, t.note, t.created_at, t.created_by, t.updated_at, COALESCE(a.name, ''), "        \
    "COALESCE(p.name, c.name || ' ' || b.name || ' ' || "                                          \
    "CASE WHEN h.unit = '' THEN '' ELSE h.unit || '-' END || h.room, ''), "                        \
    "COALESCE(c.name, ''), COALESCE(b.name, ''), COALESCE(h.unit, ''), COALESCE(h.room, ''), "     \
    "h.floor, b.lift, hr.id, COALESCE(hr.grid, hr.committee), COALESCE(hr.name, '') "
/* The tasks CHOOSE picks ("WHERE ...", in ORDER, then LIMIT: "" or
 * "LIMIT $n"), each with its place, its household and the household's head:
 * its first resident, the least id of each household's residents on the
 * (committee, household) index, then that resident's row. The page comes
 * first and the heads are found for its households alone, in joins with no
 * subquery correlated with a task row: Citus plans none into the register
 * once it is distributed (issue 20, docs/scaling.md). */
/* DISTRICT names the heads' district where all the tasks lie in one (" AND
 * r.district = $n"), so that on Citus, where the residents are distributed
 * by district, the two reads of them go to one shard; "" where they may lie
 * in several, and the statement is marked as reading every shard there. */
/* clang-format off */
#define T_SELECT(CHOOSE, ORDER, LIMIT, DISTRICT)                                                   \
    "WITH pg AS (SELECT t.id FROM tasks t " CHOOSE " ORDER BY " ORDER " " LIMIT "), "              \
    "hd AS (SELECT h.id AS household, min(r.id) AS head FROM pg JOIN tasks t ON t.id = pg.id "     \
    "JOIN households h ON h.id = t.household JOIN residents r ON r.committee = h.committee AND "   \
    "r.household = h.id" DISTRICT " GROUP BY h.id), "                                              \
    "hr AS (SELECT hd.household, r.id, r.grid, r.committee, r.name FROM hd JOIN residents r ON "   \
    "r.id = hd.head" DISTRICT ") "                                                                 \
    "SELECT " T_COLS "FROM pg JOIN tasks t ON t.id = pg.id "                                       \
    "LEFT JOIN accounts a ON a.id = t.assignee LEFT JOIN places p ON p.id = t.place "              \
    "LEFT JOIN households h ON h.id = t.household LEFT JOIN buildings b ON b.id = h.building "     \
    "LEFT JOIN compounds c ON c.id = b.compound LEFT JOIN hr ON hr.household = h.id "              \
    "ORDER BY " ORDER
/* clang-format on */
#define ANY_DISTRICT "/* fan-out: the tasks of several districts */"

/* On Citus, the district of `sql`'s one row ($1), read from the reference
 * tables (the coordinator's own copy); 0 elsewhere, or when it has none. */
static int district_on_citus(struct db *db, const char *sql, int64_t id, int64_t *out)
{
    int rc;

    *out = 0;
    if (!db_is_citus(db))
        return 0;
    rc = db_query_int64(db, sql, 1, (const int64_t[]){id}, out);
    return rc < 0 ? rc : 0;
}

/* The household's columns from `col` on (see T_COLS). */
static void read_home(struct db_stmt *st, int col, struct task_home *h)
{
    snprintf(h->compound, sizeof h->compound, "%s", db_column_text(st, col));
    snprintf(h->building, sizeof h->building, "%s", db_column_text(st, col + 1));
    snprintf(h->unit, sizeof h->unit, "%s", db_column_text(st, col + 2));
    snprintf(h->room, sizeof h->room, "%s", db_column_text(st, col + 3));
    h->floor = (int)db_column_int64(st, col + 4);
    h->lift = db_column_is_null(st, col + 5) ? -1 : (int)db_column_int64(st, col + 5);
    h->head = db_column_int64(st, col + 6);
    h->head_unit = db_column_int64(st, col + 7);
    mask_name(db_column_text(st, col + 8), h->head_name, sizeof h->head_name);
}

static int read_task(void *out, struct db_stmt *st)
{
    struct task_row *t = out;
    enum task_kind k;

    memset(t, 0, sizeof *t);
    t->id = db_column_int64(st, 0);
    t->kind = task_kind_parse(db_column_text(st, 1), &k) == 0 ? (int)k : TASK_OTHER;
    snprintf(t->title, sizeof t->title, "%s", db_column_text(st, 2));
    t->place = db_column_int64(st, 3);
    t->household = db_column_int64(st, 4);
    t->quarantine = db_column_int64(st, 5);
    t->compound = db_column_int64(st, 6);
    t->grid = db_column_int64(st, 7);
    t->committee = db_column_int64(st, 8);
    t->street = db_column_int64(st, 9);
    t->district = db_column_int64(st, 10);
    t->org = db_column_int64(st, 11);
    t->assignee = db_column_int64(st, 12);
    t->state = (int)db_column_int64(st, 13);
    t->urgent = (int)db_column_int64(st, 14);
    t->day = db_column_is_null(st, 15) ? DATE_NONE : (int32_t)db_column_int64(st, 15);
    t->deadline = db_column_int64(st, 16);
    t->escalated = (int)db_column_int64(st, 17);
    snprintf(t->note, sizeof t->note, "%s", db_column_text(st, 18));
    t->created_at = db_column_int64(st, 19);
    snprintf(t->created_by, sizeof t->created_by, "%s", db_column_text(st, 20));
    t->updated_at = db_column_int64(st, 21);
    snprintf(t->assignee_name, sizeof t->assignee_name, "%s", db_column_text(st, 22));
    snprintf(t->where, sizeof t->where, "%s", db_column_text(st, 23));
    if (t->household)
        read_home(st, 24, &t->home);
    return 0;
}

DB_HAND_ROWS(task_each_row, struct task_row, read_task, task_fn)

int store_task_insert(struct db *db, struct task_row *t, int *out_new)
{
    const struct db_value args[] = {DB_ARG_TEXT(task_kind_code((enum task_kind)t->kind)),
                                    DB_ARG_TEXT(t->title),
                                    DB_ARG_OPT(t->place),
                                    DB_ARG_OPT(t->household),
                                    DB_ARG_OPT(t->quarantine),
                                    DB_ARG_OPT(t->compound),
                                    DB_ARG_INT(t->grid),
                                    DB_ARG_INT(t->committee),
                                    DB_ARG_INT(t->street),
                                    DB_ARG_INT(t->district),
                                    DB_ARG_OPT(t->org),
                                    DB_ARG_OPT(t->assignee),
                                    DB_ARG_INT(t->urgent),
                                    DB_ARG_NULLIF(t->day, DATE_NONE),
                                    DB_ARG_INT(t->deadline),
                                    DB_ARG_TEXT(t->note),
                                    DB_ARG_INT(t->created_at),
                                    DB_ARG_TEXT(t->created_by)};
    int rc = db_get(db,
                    "INSERT INTO tasks (kind, title, place, household, quarantine, compound, "
                    "grid, committee, street, district, org, assignee, state, urgent, day, "
                    "deadline, escalated, note, created_at, created_by, updated_at) VALUES "
                    "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 0, $13, $14, $15, 0, "
                    "$16, $17, $18, $17) ON CONFLICT (household, kind, day) DO NOTHING "
                    /* not "RETURNING id" alone: the SQLite driver answers that
                     * from last_insert_rowid, which is stale when nothing was
                     * inserted */
                    "RETURNING id, 1",
                    args, 18, NULL, &t->id);

    if (out_new)
        *out_new = rc == 0;
    if (rc == 0) {
        t->state = TASK_OPEN;
        t->updated_at = t->created_at;
    }
    return rc == DB_E_NOTFOUND ? 0 : rc;
}

int store_task_get(struct db *db, int64_t id, struct task_row *out)
{
    int64_t district;
    int rc;

    /* A task without a household has no head: district 0 then reads one
     * shard and finds none, as it should. */
    if ((rc = district_on_citus(db,
                                "SELECT h.district FROM tasks t JOIN households h ON "
                                "h.id = t.household WHERE t.id = $1",
                                id, &district)) < 0)
        return rc;
    const struct db_value args[] = {DB_ARG_INT(id), DB_ARG_INT(district)};
    if (db_is_citus(db))
        return db_get(db, T_SELECT("WHERE t.id = $1", "t.id", "", " AND r.district = $2"), args, 2,
                      read_task, out);
    return db_get(db, T_SELECT("WHERE t.id = $1", "t.id", "", ANY_DISTRICT), args, 1, read_task,
                  out);
}

int store_task_update(struct db *db, int64_t id, int state, const char *note, int64_t assignee,
                      int64_t now)
{
    const struct db_value args[] = {DB_ARG_INT(id), DB_ARG_INT(state), DB_ARG_TEXT(note),
                                    DB_ARG_INT(assignee), DB_ARG_INT(now)};

    return db_run(db,
                  "UPDATE tasks SET state = $2, note = COALESCE($3, note), "
                  "assignee = CASE WHEN CAST($4 AS BIGINT) < 0 THEN assignee WHEN $4 = 0 "
                  "THEN NULL ELSE $4 END, updated_at = $5 WHERE id = $1",
                  args, 5);
}

int store_task_set_escalated(struct db *db, int64_t id, int level)
{
    const struct db_value args[] = {DB_ARG_INT(id), DB_ARG_INT(level)};

    return db_run(db, "UPDATE tasks SET escalated = $2 WHERE id = $1", args, 2);
}

/*
 * The scope part of every list, one variant per kind of scope so that each
 * can use its index (an OR of the three would scan the table). All three
 * take the same parameters $1..$5 (see SCOPE_ARGS); each variant mentions
 * the ones it does not use in a condition that is always true, because
 * PostgreSQL refuses a parameter that appears nowhere. (The casts:
 * PostgreSQL types a parameter by where it first appears.)
 */
/* A task lies at a committee, or at the street or district itself (a gap
 * at a station, a ticket at a street): the street and district codes a
 * range of committee codes holds are that range divided by 1,000 and by
 * 1,000,000 (a committee's own range holds none), three ranges of one
 * index. */
#define SCOPE_RANGE                                                                                \
    "(t.committee >= $1 AND t.committee < $2 OR t.committee >= $1 / 1000 AND "                     \
    "t.committee < $2 / 1000 OR t.committee >= $1 / 1000000 AND t.committee < $2 / 1000000) AND "  \
    "COALESCE(CAST($3 AS BIGINT), CAST($4 AS BIGINT), CAST($5 AS BIGINT)) IS NOT NULL "
#define SCOPE_GRID                                                                                 \
    "(t.grid = CAST($3 AS BIGINT) OR t.assignee = CAST($4 AS BIGINT)) AND "                        \
    "COALESCE(CAST($1 AS BIGINT), CAST($2 AS BIGINT), CAST($5 AS BIGINT)) IS NOT NULL "
#define SCOPE_ORG                                                                                  \
    "(t.org = CAST($5 AS BIGINT) OR t.compound IN (SELECT oc.compound FROM org_compounds oc "      \
    "WHERE oc.org = $5)) AND COALESCE(CAST($1 AS BIGINT), CAST($2 AS BIGINT), "                    \
    "CAST($3 AS BIGINT), CAST($4 AS BIGINT)) IS NOT NULL "

static int scope_variant(const struct task_filter *f)
{
    return f->org ? 2 : f->grid ? 1 : 0;
}

/* The scope's $1..$5 (see above), then the caller's own from args[5]. */
#define SCOPE_ARGS(f)                                                                              \
    DB_ARG_INT((f)->lo), DB_ARG_INT((f)->hi), DB_ARG_INT((f)->grid),                               \
        DB_ARG_INT((f)->grid_also ? (f)->grid_also : -1), DB_ARG_INT((f)->org)

/* The scope's tasks are found by its indexes in a subquery, and the cursor
 * only filters ("+t.id"): written as one WHERE, SQLite walked the primary
 * key from the cursor, or scanned the table, through every task of the
 * city (test_query_plans). */
int store_tasks_find(struct db *db, const struct task_filter *f, task_fn fn, void *arg)
{
    /* A range of one district (a committee's, a street's list): its tasks'
     * households lie in it. A grid's list holds the tasks assigned to its
     * people too, and an org's lie wherever its compounds are. */
    struct unit_range u = {f->lo, f->hi, 0};
    int64_t district = scope_variant(f) == 0 ? store_unit_range_district(db, &u) : 0;
    const struct db_value args[] = {SCOPE_ARGS(f),
                                    DB_ARG_INT(f->state),
                                    DB_ARG_INT(f->assignee),
                                    DB_ARG_INT(f->overdue_at),
                                    DB_ARG_INT(f->after),
                                    DB_ARG_INT(f->limit),
                                    DB_ARG_TEXT(f->kind ? f->kind : ""),
                                    DB_ARG_INT(district)};
    struct db_hand e = DB_HAND(fn, arg);

#define FIND(SCOPE, DISTRICT)                                                                      \
    T_SELECT("WHERE t.id IN (SELECT t.id FROM tasks t WHERE " SCOPE ") "                           \
             "AND ($6 = -1 OR ($6 = -2 AND t.state < 2) OR t.state = $6) "                         \
             "AND (CAST($7 AS BIGINT) = 0 OR t.assignee = $7) "                                    \
             "AND (CAST($8 AS BIGINT) = 0 OR (t.state < 2 AND t.deadline < $8)) "                  \
             "AND (CAST($11 AS TEXT) = '' OR t.kind = $11) AND +t.id > $9",                        \
             "t.id", "LIMIT $10", DISTRICT)
    static const char *const sql[3] = {FIND(SCOPE_RANGE, ANY_DISTRICT),
                                       FIND(SCOPE_GRID, ANY_DISTRICT),
                                       FIND(SCOPE_ORG, ANY_DISTRICT)};

    if (district)
        return db_list(db, FIND(SCOPE_RANGE, " AND r.district = $12"), args, 12, task_each_row, &e);
    return db_list(db, sql[scope_variant(f)], args, 11, task_each_row, &e);
}

int store_tasks_to_escalate(struct db *db, int64_t now, int64_t street_before,
                            int64_t district_before, int limit, task_fn fn, void *arg)
{
    const struct db_value args[] = {DB_ARG_INT(now), DB_ARG_INT(street_before),
                                    DB_ARG_INT(district_before), DB_ARG_INT(limit)};
    struct db_hand e = DB_HAND(fn, arg);

    /* The overdue tasks whose board is already the one due are not read
     * back (a city has a hundred thousand of them on some days), and those
     * a batch escalates leave the set. */
    return db_list(db,
                   T_SELECT("WHERE t.state < 2 AND t.deadline < $1 "
                            "AND (t.escalated < 1 OR (t.escalated < 2 AND t.deadline < $2) "
                            "OR (t.escalated < 3 AND t.deadline < $3))",
                            "t.deadline, t.id", "LIMIT $4", ANY_DISTRICT),
                   args, 4, task_each_row, &e);
}

int store_tasks_of_case(struct db *db, int64_t quarantine, int32_t after, task_fn fn, void *arg)
{
    struct db_hand e = DB_HAND(fn, arg);
    int64_t district;
    int rc;

    if ((rc = district_on_citus(db, "SELECT district FROM quarantines WHERE id = $1", quarantine,
                                &district)) < 0)
        return rc;
    const struct db_value args[] = {DB_ARG_INT(quarantine), DB_ARG_INT(after),
                                    DB_ARG_INT(district)};
#define OF_CASE "WHERE t.quarantine = $1 AND t.state < 2 AND t.day > $2"
    if (district)
        return db_list(db, T_SELECT(OF_CASE, "t.id", "", " AND r.district = $3"), args, 3,
                       task_each_row, &e);
    return db_list(db, T_SELECT(OF_CASE, "t.id", "", ANY_DISTRICT), args, 2, task_each_row, &e);
#undef OF_CASE
}

static int read_task_counts(void *arg, struct db_stmt *st)
{
    struct task_counts *out = arg;

    out->open = db_column_int64(st, 0);
    out->overdue = db_column_int64(st, 1);
    out->street = db_column_int64(st, 2);
    out->district = db_column_int64(st, 3);
    return 0;
}

int store_task_counts(struct db *db, const struct task_filter *f, int64_t now, int64_t street_at,
                      int64_t district_at, struct task_counts *out)
{
    const struct db_value args[] = {SCOPE_ARGS(f), DB_ARG_INT(now), DB_ARG_INT(street_at),
                                    DB_ARG_INT(district_at)};
    int rc;

#define COUNTS(SCOPE)                                                                              \
    "SELECT count(*), count(CASE WHEN t.deadline < $6 THEN 1 END), "                               \
    "count(CASE WHEN t.deadline < $7 THEN 1 END), "                                                \
    "count(CASE WHEN t.deadline < $8 THEN 1 END) FROM tasks t WHERE " SCOPE "AND t.state < 2"
    static const char *const sql[3] = {COUNTS(SCOPE_RANGE), COUNTS(SCOPE_GRID), COUNTS(SCOPE_ORG)};

    memset(out, 0, sizeof *out);
    rc = db_get(db, sql[scope_variant(f)], args, 8, read_task_counts, out);
    return rc == DB_E_NOTFOUND ? 0 : rc;
}

int store_task_event_add(struct db *db, const struct task_event *e, int64_t district)
{
    const int64_t key[] = {e->task, district};
    int64_t seq = 0;
    int rc;

    /* The next number, then the row, each in the task's district (one
     * shard on Citus), as store_quarantine_event_add. */
    if ((rc = db_query_int64(db,
                             "SELECT COALESCE(max(seq), 0) + 1 FROM task_events "
                             "WHERE task = $1 AND district = $2",
                             2, key, &seq)) < 0)
        return rc;
    const struct db_value args[] = {DB_ARG_INT(e->task),    DB_ARG_INT(seq),
                                    DB_ARG_INT(e->at),      DB_ARG_TEXT(e->kind),
                                    DB_ARG_INT(e->unit),    DB_ARG_TEXT(e->recorded_by),
                                    DB_ARG_TEXT(e->detail), DB_ARG_INT(district)};

    return db_run(db,
                  "INSERT INTO task_events (task, seq, at, kind, unit, recorded_by, detail, "
                  "district) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                  args, 8);
}

struct event_each {
    task_event_fn fn;
    void *arg;
};

static int event_row(void *arg, struct db_stmt *st)
{
    struct event_each *x = arg;
    struct task_event e;

    memset(&e, 0, sizeof e);
    e.task = db_column_int64(st, 0);
    e.seq = (int)db_column_int64(st, 1);
    e.at = db_column_int64(st, 2);
    snprintf(e.kind, sizeof e.kind, "%s", db_column_text(st, 3));
    e.unit = db_column_int64(st, 4);
    snprintf(e.recorded_by, sizeof e.recorded_by, "%s", db_column_text(st, 5));
    snprintf(e.detail, sizeof e.detail, "%s", db_column_text(st, 6));
    return x->fn(x->arg, &e);
}

int store_task_events(struct db *db, int64_t task, int64_t district, task_event_fn fn, void *arg)
{
    const struct db_value args[] = {DB_ARG_INT(task), DB_ARG_INT(district)};
    struct event_each x = {fn, arg};

    return db_list(db,
                   "SELECT task, seq, at, kind, unit, recorded_by, detail FROM task_events "
                   "WHERE task = $1 AND district = $2 ORDER BY seq",
                   args, 2, event_row, &x);
}
