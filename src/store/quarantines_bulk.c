/*
 * SQL of the set-wise case opening (see quarantines_bulk.h). Every
 * statement joins the stage to the cases it opened by the check-in link's
 * hash, which is unique, so nothing else written in the meantime is taken
 * for one of them.
 */
#include "store/quarantines_bulk.h"

#include <stdlib.h>

struct case_stage {
    struct db_bulk *bulk;
};

#define STAGE_COLS "line, resident, kind, day_from, day_until, effective, token_hash, value, bad"

/* A resident whose case still runs on $1 keeps it: nothing is opened. An
 * anti-join, not NOT EXISTS: Citus plans no correlated subquery beside the
 * temporary table. Add "AND o.id IS NULL" to the WHERE. */
#define STILL_RUNNING                                                                              \
    " LEFT JOIN quarantines o ON o.resident = s.resident AND o.state = 0 AND o.day_until >= $1 "

/* The cases the stage opened, s and q. */
#define OPENED "case_stage s JOIN quarantines q ON q.token_hash = s.token_hash"

int store_case_stage_begin(struct db *db, struct case_stage **out)
{
    struct case_stage *s;
    int rc;

    *out = NULL;
    /* A temporary table of the connection, kept for its next import. */
    if ((rc = db_exec(db, "CREATE TEMP TABLE IF NOT EXISTS case_stage (line BIGINT PRIMARY KEY, "
                          "resident BIGINT NOT NULL, kind INTEGER NOT NULL, day_from INTEGER "
                          "NOT NULL, day_until INTEGER NOT NULL, effective INTEGER NOT NULL, "
                          "token_hash TEXT NOT NULL, value TEXT NOT NULL, bad INTEGER NOT NULL)")) <
            0 ||
        (rc = db_exec(db, "DELETE FROM case_stage")) < 0)
        return rc;
    if (!(s = calloc(1, sizeof *s)))
        return DB_E_NOMEM;
    if ((rc = db_bulk_begin(db, "case_stage", STAGE_COLS, 9, &s->bulk)) < 0) {
        free(s);
        return rc;
    }
    *out = s;
    return 0;
}

int store_case_stage_add(struct case_stage *s, const struct case_staged *c)
{
    const struct db_value v[] = {
        DB_ARG_INT(c->line),        DB_ARG_INT(c->resident),  DB_ARG_INT(c->kind),
        DB_ARG_INT(c->day_from),    DB_ARG_INT(c->day_until), DB_ARG_INT(c->effective),
        DB_ARG_TEXT(c->token_hash), DB_ARG_TEXT(c->value),    DB_ARG_INT(c->bad)};

    return db_bulk_row(s->bulk, v);
}

int store_case_stage_end(struct case_stage *s)
{
    int rc = db_bulk_end(s->bulk);

    free(s);
    return rc;
}

int store_case_stage_first_bad(struct db *db, int32_t today, int64_t *out_line)
{
    const int64_t args[] = {today};
    int rc = db_query_int64(db,
                            "SELECT s.line FROM case_stage s" STILL_RUNNING
                            "WHERE s.bad <> 0 AND o.id IS NULL ORDER BY s.line LIMIT 1",
                            1, args, out_line);

    if (rc == DB_DONE)
        *out_line = 0;
    return rc < 0 ? rc : 0;
}

/* The cases: an open case past its last day ends the day after it; the
 * follower is the grid's person, else the caller. */
static int insert_cases(struct db *db, const struct case_open_params *p, int64_t *out_opened)
{
    const struct db_value close_args[] = {DB_ARG_INT(p->today)};
    const struct db_value args[] = {DB_ARG_INT(p->today), DB_ARG_INT(p->account),
                                    DB_ARG_INT(p->created_at), DB_ARG_TEXT(p->by)};
    int rc;

    if ((rc = db_run(db,
                     "UPDATE quarantines SET state = 1, closed_day = day_until + 1 WHERE state = 0 "
                     "AND day_until < $1 AND resident IN (SELECT resident FROM case_stage)",
                     close_args, 1)) < 0)
        return rc;
    if ((rc = db_run(db,
                     "INSERT INTO quarantines (resident, household, unit, committee, district, "
                     "kind, day_from, day_until, facility, follower, state, token_hash, "
                     "created_at, created_by) SELECT r.id, r.household, COALESCE(NULLIF(r.grid, "
                     "0), r.committee), r.committee, r.district, s.kind, s.day_from, s.day_until, "
                     "'', COALESCE(g.account, NULLIF(CAST($2 AS BIGINT), 0)), 0, s.token_hash, "
                     "CAST($3 AS BIGINT), CAST($4 AS TEXT) FROM case_stage s JOIN residents r ON "
                     "r.id = s.resident LEFT JOIN grid_people g ON g.grid = r.grid" STILL_RUNNING
                     "WHERE o.id IS NULL ORDER BY s.line",
                     args, 4)) < 0)
        return rc;
    *out_opened = db_changes(db);
    return 0;
}

/* The residents' facts through the register: a new version, its history
 * row and the audit entry, as register_one() writes them (the colour and
 * the counts do not move: the import set these facts already). */
static int record_facts(struct db *db, const struct case_open_params *p)
{
    const struct db_value now[] = {DB_ARG_INT(p->now)};
    const struct db_value hist[] = {DB_ARG_TEXT(p->history_kind), DB_ARG_INT(p->now),
                                    DB_ARG_TEXT(p->by)};
    const struct db_value audit[] = {DB_ARG_INT(p->now), DB_ARG_INT(p->account), DB_ARG_TEXT(p->by),
                                     DB_ARG_TEXT(p->address)};
    int rc;

    if ((rc = db_run(db,
                     "UPDATE residents SET version = version + 1, updated_at = $1 WHERE id IN "
                     "(SELECT q.resident FROM " OPENED ")",
                     now, 1)) < 0 ||
        (rc = db_run(db,
                     "INSERT INTO fact_history (resident, version, kind, value, effective, "
                     "recorded_at, recorded_by, source, colour, district) SELECT r.id, r.version, "
                     "CAST($1 AS TEXT), s.value, s.effective, CAST($2 AS BIGINT), CAST($3 AS "
                     "TEXT), 'quarantine', r.colour, r.district FROM " OPENED
                     " JOIN residents r ON r.id = q.resident ORDER BY s.line",
                     hist, 3)) < 0)
        return rc;
    return db_run(db,
                  "INSERT INTO audit (at, account, account_name, action, resident, unit, address, "
                  "detail, district) SELECT CAST($1 AS BIGINT), NULLIF(CAST($2 AS BIGINT), 0), "
                  "CAST($3 AS TEXT), 'facts', q.resident, q.unit, CAST($4 AS TEXT), s.value, "
                  "q.district FROM " OPENED " ORDER BY s.line",
                  audit, 4);
}

/* Today's rubbish task of each household in home quarantine, for the
 * household's first case (by line), unless it has one already
 * (tasks_generate_for_case()), and its "created" event (tasks_add()). */
static int add_tasks(struct db *db, const struct case_open_params *p)
{
    const struct db_value args[] = {DB_ARG_TEXT(p->task_kind), DB_ARG_TEXT(p->task_title),
                                    DB_ARG_INT(p->today),      DB_ARG_INT(p->task_deadline),
                                    DB_ARG_INT(p->created_at), DB_ARG_INT(p->home_kind)};
    int rc;

    if ((rc = db_run(
             db,
             "INSERT INTO tasks (kind, title, place, household, quarantine, compound, grid, "
             "committee, street, district, org, assignee, state, urgent, day, deadline, "
             "escalated, note, created_at, created_by, updated_at) SELECT CAST($1 AS TEXT), "
             "CAST($2 AS TEXT), NULL, y.household, y.id, y.compound, y.grid, y.committee, "
             "y.committee / 1000, y.district, NULL, COALESCE(g.account, y.follower), 0, 0, "
             "CAST($3 AS INTEGER), CAST($4 AS BIGINT), 0, '', CAST($5 AS BIGINT), 'sweep', "
             "CAST($5 AS BIGINT) FROM (SELECT x.id, x.household, x.follower, x.compound, "
             "x.committee, x.district, CASE WHEN x.wgrid <> 0 THEN x.wgrid WHEN x.unit <> "
             "x.qcommittee THEN x.unit ELSE 0 END AS grid FROM (SELECT q.id, q.household, "
             "q.follower, q.unit, q.committee AS qcommittee, c.id AS compound, h.committee, "
             "h.district, COALESCE(b.grid, m.grid, c.grid, 0) AS wgrid FROM "
             "(SELECT q.household, min(s.line) AS line FROM " OPENED " WHERE q.kind = $6 AND "
             "q.household IS NOT NULL AND q.day_from <= $3 AND q.day_until >= $3 GROUP BY "
             "q.household) f JOIN case_stage s ON s.line = f.line JOIN quarantines q ON "
             "q.token_hash = s.token_hash JOIN households h ON h.id = q.household JOIN "
             "buildings b ON b.id = h.building JOIN compounds c ON c.id = b.compound "
             /* the least grid of the household's residents (store_household_where) */
             /* (a LEFT JOIN from k: SQLite, without statistics, scanned the
              * whole residents index for an inner join) */
             "LEFT JOIN (SELECT k.committee, k.id AS household, min(r.grid) AS grid FROM (SELECT "
             "DISTINCT hh.committee, hh.id FROM " OPENED " JOIN households hh ON hh.id = "
             "q.household) k LEFT JOIN residents r ON r.committee = k.committee AND r.household = "
             "k.id GROUP BY k.committee, k.id) m ON m.committee = h.committee AND "
             "m.household = h.id) x) y "
             "LEFT JOIN grid_people g ON g.grid = y.grid WHERE true "
             "ON CONFLICT (household, kind, day) DO NOTHING",
             args, 6)) < 0)
        return rc;
    return db_run(db,
                  "INSERT INTO task_events (task, seq, at, kind, unit, recorded_by, detail, "
                  "district) SELECT t.id, 1, t.created_at, 'created', CASE WHEN t.grid <> 0 THEN "
                  "t.grid ELSE t.committee END, 'sweep', COALESCE('assigned to ' || a.name, ''), "
                  "t.district FROM " OPENED " JOIN tasks t ON t.quarantine = q.id LEFT JOIN "
                  "accounts a ON a.id = t.assignee ORDER BY s.line",
                  NULL, 0);
}

int store_cases_open_staged(struct db *db, const struct case_open_params *p, int64_t *out_opened)
{
    int rc;

    *out_opened = 0;
    if ((rc = insert_cases(db, p, out_opened)) < 0 || (rc = record_facts(db, p)) < 0 ||
        (rc = add_tasks(db, p)) < 0)
        return rc;
    return db_exec(db, "DELETE FROM case_stage");
}
