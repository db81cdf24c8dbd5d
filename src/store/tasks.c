/*
 * SQL of tasks and task events (see tasks.h). Lists and counts come in
 * three variants, one per kind of scope (a committee range, a grid and its
 * assignee, an organisation), sharing their parameters.
 */
#include "store/tasks.h"

#include "core/date.h"
#include "core/tasks.h"

#include <stdio.h>
#include <string.h>

#define T_COLS                                                                                     \
    "t.id, t.kind, t.title, t.place, t.household, t.quarantine, t.compound, t.grid, "              \
    "t.committee, t.street, t.district, t.org, t.assignee, t.state, t.urgent, t.day, t.deadline, " \
    "t.escalated, t.note, t.created_at, t.created_by, t.updated_at, COALESCE(a.name, ''), "        \
    "COALESCE(p.name, c.name || ' ' || b.name || ' ' || "                                          \
    "CASE WHEN h.unit = '' THEN '' ELSE h.unit || '-' END || h.room, '') "
#define T_FROM                                                                                     \
    "FROM tasks t LEFT JOIN accounts a ON a.id = t.assignee "                                      \
    "LEFT JOIN places p ON p.id = t.place LEFT JOIN households h ON h.id = t.household "           \
    "LEFT JOIN buildings b ON b.id = h.building LEFT JOIN compounds c ON c.id = b.compound "

static void read_task(struct db_stmt *st, struct task_row *t)
{
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
}

static void bind_opt(struct db_stmt *st, int idx, int64_t v)
{
    if (v)
        db_bind_int64(st, idx, v);
    else
        db_bind_null(st, idx);
}

int store_task_insert(struct db *db, struct task_row *t, int *out_new)
{
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare(db,
                         "INSERT INTO tasks (kind, title, place, household, quarantine, compound, "
                         "grid, committee, street, district, org, assignee, state, urgent, day, "
                         "deadline, escalated, note, created_at, created_by, updated_at) VALUES "
                         "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 0, $13, $14, $15, 0, "
                         "$16, $17, $18, $17) ON CONFLICT (household, kind, day) DO NOTHING "
                         /* not "RETURNING id" alone: the SQLite driver answers that
                          * from last_insert_rowid, which is stale when nothing was
                          * inserted */
                         "RETURNING id, 1",
                         &st)) < 0)
        return rc;
    db_bind_text(st, 1, task_kind_code((enum task_kind)t->kind), -1);
    db_bind_text(st, 2, t->title, -1);
    bind_opt(st, 3, t->place);
    bind_opt(st, 4, t->household);
    bind_opt(st, 5, t->quarantine);
    bind_opt(st, 6, t->compound);
    db_bind_int64(st, 7, t->grid);
    db_bind_int64(st, 8, t->committee);
    db_bind_int64(st, 9, t->street);
    db_bind_int64(st, 10, t->district);
    bind_opt(st, 11, t->org);
    bind_opt(st, 12, t->assignee);
    db_bind_int64(st, 13, t->urgent);
    if (t->day == DATE_NONE)
        db_bind_null(st, 14);
    else
        db_bind_int64(st, 14, t->day);
    db_bind_int64(st, 15, t->deadline);
    db_bind_text(st, 16, t->note, -1);
    db_bind_int64(st, 17, t->created_at);
    db_bind_text(st, 18, t->created_by, -1);
    rc = db_step(st);
    if (out_new)
        *out_new = rc == DB_ROW;
    if (rc == DB_ROW) {
        t->id = db_column_int64(st, 0);
        t->state = TASK_OPEN;
        t->updated_at = t->created_at;
        rc = 0;
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

int store_task_get(struct db *db, int64_t id, struct task_row *out)
{
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare(db, "SELECT " T_COLS T_FROM "WHERE t.id = $1", &st)) < 0)
        return rc;
    db_bind_int64(st, 1, id);
    rc = db_step(st);
    if (rc == DB_ROW) {
        read_task(st, out);
        rc = 0;
    } else if (rc == DB_DONE) {
        rc = DB_E_NOTFOUND;
    }
    db_done(st);
    return rc;
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
    int64_t a[2] = {id, level};

    const struct db_value args[] = {DB_ARG_INT(a[0]), DB_ARG_INT(a[1])};

    return db_run(db, "UPDATE tasks SET escalated = $2 WHERE id = $1", args, 2);
}

/*
 * The scope part of every list, one variant per kind of scope so that each
 * can use its index (an OR of the three would scan the table). All three
 * take the same parameters $1..$5 (see bind_scope); each variant mentions
 * the ones it does not use in a condition that is always true, because
 * PostgreSQL refuses a parameter that appears nowhere. (The casts:
 * PostgreSQL types a parameter by where it first appears.)
 */
#define SCOPE_RANGE                                                                                \
    "t.committee >= $1 AND t.committee < $2 AND COALESCE(CAST($3 AS BIGINT), "                     \
    "CAST($4 AS BIGINT), CAST($5 AS BIGINT)) IS NOT NULL "
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

static void bind_scope(struct db_stmt *st, const struct task_filter *f)
{
    db_bind_int64(st, 1, f->lo);
    db_bind_int64(st, 2, f->hi);
    db_bind_int64(st, 3, f->grid);
    db_bind_int64(st, 4, f->grid_also ? f->grid_also : -1);
    db_bind_int64(st, 5, f->org);
}

int store_tasks_find(struct db *db, const struct task_filter *f, task_fn fn, void *arg)
{
    struct task_row t;
    struct db_stmt *st;
    int rc;

#define FIND(SCOPE)                                                                                \
    "SELECT " T_COLS T_FROM "WHERE " SCOPE                                                         \
    "AND ($6 = -1 OR ($6 = -2 AND t.state < 2) OR t.state = $6) "                                  \
    "AND (CAST($7 AS BIGINT) = 0 OR t.assignee = $7) "                                             \
    "AND (CAST($8 AS BIGINT) = 0 OR (t.state < 2 AND t.deadline < $8)) "                           \
    "AND t.id > $9 ORDER BY t.id LIMIT $10"
    static const char *const sql[3] = {FIND(SCOPE_RANGE), FIND(SCOPE_GRID), FIND(SCOPE_ORG)};

    if ((rc = db_prepare(db, sql[scope_variant(f)], &st)) < 0)
        return rc;
    bind_scope(st, f);
    db_bind_int64(st, 6, f->state);
    db_bind_int64(st, 7, f->assignee);
    db_bind_int64(st, 8, f->overdue_at);
    db_bind_int64(st, 9, f->after);
    db_bind_int64(st, 10, f->limit);
    while ((rc = db_step(st)) == DB_ROW) {
        read_task(st, &t);
        if ((rc = fn(arg, &t)) != 0)
            break;
    }
    db_done(st);
    return rc == DB_DONE ? 0 : rc;
}

int store_tasks_overdue(struct db *db, int64_t before, int below, task_fn fn, void *arg)
{
    struct task_row t;
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare(db,
                         "SELECT " T_COLS T_FROM "WHERE t.state < 2 AND t.deadline < $1 "
                         "AND t.escalated < $2 ORDER BY t.id",
                         &st)) < 0)
        return rc;
    db_bind_int64(st, 1, before);
    db_bind_int64(st, 2, below);
    while ((rc = db_step(st)) == DB_ROW) {
        read_task(st, &t);
        if ((rc = fn(arg, &t)) != 0)
            break;
    }
    db_done(st);
    return rc == DB_DONE ? 0 : rc;
}

int store_tasks_of_case(struct db *db, int64_t quarantine, int32_t after, task_fn fn, void *arg)
{
    struct task_row t;
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare(db,
                         "SELECT " T_COLS T_FROM "WHERE t.quarantine = $1 AND t.state < 2 "
                         "AND t.day > $2 ORDER BY t.id",
                         &st)) < 0)
        return rc;
    db_bind_int64(st, 1, quarantine);
    db_bind_int64(st, 2, after);
    while ((rc = db_step(st)) == DB_ROW) {
        read_task(st, &t);
        if ((rc = fn(arg, &t)) != 0)
            break;
    }
    db_done(st);
    return rc == DB_DONE ? 0 : rc;
}

int store_task_counts(struct db *db, const struct task_filter *f, int64_t now, int64_t street_at,
                      int64_t district_at, struct task_counts *out)
{
    struct db_stmt *st;
    int rc;

#define COUNTS(SCOPE)                                                                              \
    "SELECT count(*), count(CASE WHEN t.deadline < $6 THEN 1 END), "                               \
    "count(CASE WHEN t.deadline < $7 THEN 1 END), "                                                \
    "count(CASE WHEN t.deadline < $8 THEN 1 END) FROM tasks t WHERE " SCOPE "AND t.state < 2"
    static const char *const sql[3] = {COUNTS(SCOPE_RANGE), COUNTS(SCOPE_GRID), COUNTS(SCOPE_ORG)};

    memset(out, 0, sizeof *out);
    if ((rc = db_prepare(db, sql[scope_variant(f)], &st)) < 0)
        return rc;
    bind_scope(st, f);
    db_bind_int64(st, 6, now);
    db_bind_int64(st, 7, street_at);
    db_bind_int64(st, 8, district_at);
    rc = db_step(st);
    if (rc == DB_ROW) {
        out->open = db_column_int64(st, 0);
        out->overdue = db_column_int64(st, 1);
        out->street = db_column_int64(st, 2);
        out->district = db_column_int64(st, 3);
        rc = 0;
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

int store_task_event_add(struct db *db, const struct task_event *e, int64_t district)
{
    const struct db_value args[] = {DB_ARG_INT(e->task),         DB_ARG_INT(e->at),
                                    DB_ARG_TEXT(e->kind),        DB_ARG_INT(e->unit),
                                    DB_ARG_TEXT(e->recorded_by), DB_ARG_TEXT(e->detail),
                                    DB_ARG_INT(district)};

    return db_run(db,
                  "INSERT INTO task_events (task, seq, at, kind, unit, recorded_by, detail, "
                  "district) VALUES ($1, (SELECT COALESCE(max(seq), 0) + 1 FROM task_events "
                  "WHERE task = $1), $2, $3, $4, $5, $6, $7)",
                  args, 7);
}

int store_task_events(struct db *db, int64_t task, task_event_fn fn, void *arg)
{
    struct task_event e;
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare(db,
                         "SELECT task, seq, at, kind, unit, recorded_by, detail FROM task_events "
                         "WHERE task = $1 ORDER BY seq",
                         &st)) < 0)
        return rc;
    db_bind_int64(st, 1, task);
    while ((rc = db_step(st)) == DB_ROW) {
        memset(&e, 0, sizeof e);
        e.task = db_column_int64(st, 0);
        e.seq = (int)db_column_int64(st, 1);
        e.at = db_column_int64(st, 2);
        snprintf(e.kind, sizeof e.kind, "%s", db_column_text(st, 3));
        e.unit = db_column_int64(st, 4);
        snprintf(e.recorded_by, sizeof e.recorded_by, "%s", db_column_text(st, 5));
        snprintf(e.detail, sizeof e.detail, "%s", db_column_text(st, 6));
        if ((rc = fn(arg, &e)) != 0)
            break;
    }
    db_done(st);
    return rc == DB_DONE ? 0 : rc;
}
