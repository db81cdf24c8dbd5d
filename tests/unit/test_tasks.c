/*
 * Tests of tasks and quarantine follow-up: the pure rules (kinds, states
 * and their moves, escalation by the clock at its boundaries), and against
 * a real database the whole flow through the use cases — a home quarantine
 * opened (colour and counts at once), the daily rubbish task generated once
 * a day however often the sweep runs and ending with the quarantine,
 * assignment from the grid's person, escalation events recorded once each,
 * and a committee that cannot reach another committee's resident or task.
 */
#include "app/accounts/accounts.h"
#include "app/daytime.h"
#include "app/units/hierarchy.h"
#include "app/register/import.h"
#include "app/units/places_grids.h"
#include "app/quarantine/quarantines.h"
#include "app/tasks/tasks.h"
#include "core/date.h"
#include "core/facts.h"
#include "core/idcard.h"
#include "core/tasks.h"
#include "core/unitcode.h"
#include "store/orgs.h"
#include "store/residents.h"
#include "store/tasks.h"
#include "store/units.h"
#include "util/clock.h"

#include "testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#define QISHAN  310105002002LL
#define GRID1   310105002002001LL
#define JIANGSU 310105002003LL

/* The error of the use cases that report one (app/app.h). */
static struct app_error ae;

static char path[512];
static struct db *db;

/* ---- pure rules ------------------------------------------------------------------ */

static void test_codes(void **state)
{
    enum task_kind k;
    enum task_state s;
    enum place_kind p;

    (void)state;
    assert_int_equal(task_kind_parse("rubbish", &k), 0);
    assert_int_equal(k, TASK_RUBBISH);
    assert_int_equal(task_kind_parse("代购药品", &k), 0);
    assert_int_equal(k, TASK_MEDICINE);
    assert_int_equal(task_kind_parse("Rubbish", &k), -1);
    assert_int_equal(task_state_parse("accepted", &s), 0);
    assert_int_equal(s, TASK_ACCEPTED);
    assert_int_equal(task_state_parse("closed", &s), -1);
    assert_int_equal(place_kind_parse("车库", &p), 0);
    assert_int_equal(p, PLACE_GARAGE);
    assert_string_equal(place_kind_code(PLACE_STATION_EXIT), "station_exit");
    assert_string_equal(task_kind_code(TASK_KIND_COUNT), "?");
}

static void test_moves(void **state)
{
    (void)state;
    assert_true(task_can_move(TASK_OPEN, TASK_ACCEPTED));
    assert_true(task_can_move(TASK_OPEN, TASK_DONE));
    assert_true(task_can_move(TASK_ACCEPTED, TASK_DONE));
    assert_true(task_can_move(TASK_ACCEPTED, TASK_CANCELLED));
    assert_false(task_can_move(TASK_ACCEPTED, TASK_ACCEPTED));
    assert_false(task_can_move(TASK_DONE, TASK_CANCELLED));
    assert_false(task_can_move(TASK_CANCELLED, TASK_DONE));
    assert_false(task_can_move(TASK_DONE, TASK_OPEN));
    assert_false(task_can_move(TASK_OPEN, TASK_OPEN));
}

static void test_escalation_boundaries(void **state)
{
    const int64_t d = 1583748000; /* any deadline */

    (void)state;
    assert_int_equal(task_escalation_at(TASK_OPEN, d, d), ESC_NONE);
    assert_int_equal(task_escalation_at(TASK_OPEN, d, d + 1), ESC_COMMITTEE);
    assert_int_equal(task_escalation_at(TASK_ACCEPTED, d, d + ESC_STREET_AFTER), ESC_COMMITTEE);
    assert_int_equal(task_escalation_at(TASK_ACCEPTED, d, d + ESC_STREET_AFTER + 1), ESC_STREET);
    assert_int_equal(task_escalation_at(TASK_OPEN, d, d + ESC_DISTRICT_AFTER), ESC_STREET);
    assert_int_equal(task_escalation_at(TASK_OPEN, d, d + ESC_DISTRICT_AFTER + 1), ESC_DISTRICT);
    assert_int_equal(task_escalation_at(TASK_DONE, d, d + ESC_DISTRICT_AFTER + 1), ESC_NONE);
    assert_int_equal(task_escalation_at(TASK_CANCELLED, d, d + 99999), ESC_NONE);
    assert_int_equal(task_escalation_level(ESC_STREET), 3);
    assert_int_equal(task_escalation_level(ESC_NONE), 0);
}

/* ---- against a database ------------------------------------------------------------- */

static const char sheet[] =
    "居委会代码,网格,小区,楼号,单元,室号,姓名,身份证号,手机号,在沪情况,返沪日期,来源地,隔离情况,"
    "隔离开始日期,隔离结束日期,健康状况\n"
    "310105002002,一网格,岐山村,1号,1,101,张伟,310105198001011235,13800138001,一直在沪,,,无,,,"
    "正常\n"
    "310105002002,一网格,岐山村,1号,1,101,李娜,310105198202022344,13800138002,一直在沪,,,无,,,"
    "正常\n";

static int setup(void **state)
{
    char err[256];
    struct hierarchy_report rep;
    struct import_opts io = {QISHAN, NULL, 0, "test", NULL, 0, NULL};
    struct import_report ir;
    struct account_new a = {"g1", "grid_worker", QISHAN, GRID1, "password-g1", 0, 0};
    char pw[ACCOUNTS_GENERATED_LEN];
    int64_t grid;
    int rc;

    (void)state;
    setenv("CORDON_NOW", "2020-03-09T08:00", 1);
    testutil_db_path(path, sizeof path, "tasks");
    if (db_open(path, DB_OPEN_CREATE, &db, err) < 0 ||
        hierarchy_init_city(db, 3101, &rep, &ae) < 0 ||
        hierarchy_grid_add(db, QISHAN, "一网格", &grid, &ae) < 0)
        return -1;
    rc = import_residents(db, NULL, sheet, sizeof sheet - 1, &io, &ir, &ae);
    import_report_cleanup(&ir);
    if (rc != 0 || accounts_create(db, &a, pw, NULL, &ae) < 0)
        return -1;
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    db_close(db);
    testutil_db_remove(path);
    unsetenv("CORDON_NOW");
    return 0;
}

static void committee_caller(struct caller *c, int64_t unit)
{
    memset(c, 0, sizeof *c);
    c->account = 9999; /* an account, not the command line */
    snprintf(c->name, sizeof c->name, "committee");
    c->role = ROLE_COMMITTEE;
    c->unit = unit;
}

static int64_t count(const char *sql)
{
    int64_t n = -1;
    assert_true(db_query_int64(db, sql, 0, NULL, &n) >= 0);
    return n;
}

static void sweep_at(const char *now, struct tasks_sweep_report *rep)
{
    setenv("CORDON_NOW", now, 1);
    assert_int_equal(tasks_sweep(db, clock_today(), daytime_now(), rep, &ae), 0);
    assert_false(rep->skipped);
}

static void test_quarantine_and_daily_rubbish(void **state)
{
    struct caller cli, qishan, jiangsu;
    struct quarantines_open *u = calloc(1, sizeof *u);
    struct grids_set_person gp;
    struct tasks_sweep_report rep;
    struct resident r;
    int64_t rid, counts[COLOUR_COUNT];

    (void)state;
    assert_non_null(u);
    caller_cli(&cli, 3101);
    committee_caller(&qishan, QISHAN);
    committee_caller(&jiangsu, JIANGSU);
    memset(&gp, 0, sizeof gp);
    gp.c = cli;
    gp.grid = GRID1;
    snprintf(gp.account, sizeof gp.account, "g1");
    assert_int_equal(app_write(db, NULL, grids_set_person_job, &gp), 0);
    rid = count("SELECT min(id) FROM residents");

    /* Another committee cannot reach the resident: as if absent. */
    u->c = jiangsu;
    u->resident = rid;
    u->kind = QUARANTINE_HOME;
    u->from = clock_today();
    u->until = u->from + 2;
    assert_int_equal(app_write(db, NULL, quarantines_open_job, u), APP_E_NOTFOUND);
    assert_string_equal(u->err.field, "resident");
    assert_int_equal(count("SELECT count(*) FROM quarantines"), 0);

    u->c = qishan;
    memset(&u->err, 0, sizeof u->err);
    assert_int_equal(app_write(db, NULL, quarantines_open_job, u), 0);
    assert_int_equal(u->tasks, 1);
    assert_int_equal(store_resident_get(db, rid, 0, &r), 0);
    assert_int_equal(r.colour, COLOUR_ORANGE);
    assert_int_equal(store_counts_get(db, GRID1, counts), 0);
    assert_int_equal(counts[COLOUR_ORANGE], 1);
    assert_int_equal(count("SELECT count(*) FROM tasks t JOIN accounts a ON a.id = t.assignee "
                           "WHERE t.kind = 'rubbish' AND a.name = 'g1'"),
                     1);

    /* The same day again, then each day: one task a day. */
    sweep_at("2020-03-09T09:00", &rep);
    assert_int_equal(rep.generated, 0);
    sweep_at("2020-03-10T06:00", &rep);
    assert_int_equal(rep.generated, 1);
    sweep_at("2020-03-10T07:00", &rep);
    assert_int_equal(rep.generated, 0);
    sweep_at("2020-03-11T06:00", &rep);
    assert_int_equal(rep.generated, 1);
    assert_int_equal(rep.ended, 0);
    /* 03-09 to 03-11 was the quarantine; the 12th ends it, no more tasks. */
    sweep_at("2020-03-12T06:00", &rep);
    assert_int_equal(rep.ended, 1);
    assert_int_equal(rep.generated, 0);
    assert_int_equal(count("SELECT count(*) FROM tasks WHERE kind = 'rubbish'"), 3);
    assert_int_equal(count("SELECT state FROM quarantines"), QSTATE_ENDED);
    free(u);
}

static void tick_at(const char *now, struct tasks_sweep_report *rep)
{
    setenv("CORDON_NOW", now, 1);
    assert_int_equal(tasks_tick(db, clock_today(), daytime_now(), 0, rep, &ae), 0);
    assert_false(rep->skipped);
}

/* The quarantine cases still open: all of them are gone over by a pass. */
static int64_t open_cases(void)
{
    return count("SELECT count(*) FROM quarantines WHERE state = 0");
}

/* The server's tick goes over the open cases once per day and check-in
 * slot; the sweep of the command line every time. */
static void test_tick_passes_over_cases_once_per_slot(void **state)
{
    struct quarantines_open *u = calloc(1, sizeof *u);
    struct tasks_sweep_report rep;
    struct grids_set_person gp;
    struct caller qishan, cli;
    int64_t before;

    (void)state;
    assert_non_null(u);
    committee_caller(&qishan, QISHAN);
    caller_cli(&cli, 3101);
    memset(&gp, 0, sizeof gp);
    gp.c = cli;
    gp.grid = GRID1;
    snprintf(gp.account, sizeof gp.account, "g1");
    assert_int_equal(app_write(db, NULL, grids_set_person_job, &gp), 0);
    setenv("CORDON_NOW", "2020-03-13T08:00", 1);
    u->c = qishan;
    u->resident = count("SELECT min(id) FROM residents");
    u->kind = QUARANTINE_HOME;
    u->from = clock_today();
    u->until = u->from + 5;
    assert_int_equal(app_write(db, NULL, quarantines_open_job, u), 0);
    assert_int_equal(u->tasks, 1);
    assert_true(open_cases() > 0);
    before = count("SELECT count(*) FROM tasks WHERE kind = 'rubbish'");

    tick_at("2020-03-13T09:00", &rep);
    assert_int_equal(rep.cases, open_cases());
    tick_at("2020-03-13T09:30", &rep);
    assert_int_equal(rep.cases, 0);
    /* What was gone over is kept in the database, not in the process: a
     * server started again in the same slot does not go over them again,
     * and one that finds another slot recorded does. */
    assert_int_equal(count("SELECT count(*) FROM meta WHERE key = 'tasks_swept'"), 1);
    assert_int_equal(db_exec(db, "UPDATE meta SET value = '0:0' WHERE key = 'tasks_swept'"), 0);
    tick_at("2020-03-13T09:40", &rep);
    assert_int_equal(rep.cases, open_cases());
    tick_at("2020-03-13T09:50", &rep);
    assert_int_equal(rep.cases, 0);
    tick_at("2020-03-13T11:59", &rep);
    assert_int_equal(rep.cases, 0);
    tick_at("2020-03-13T12:01", &rep); /* the morning check-in fell due */
    assert_int_equal(rep.cases, open_cases());
    assert_int_equal(rep.alerts, 1); /* and was missed */
    tick_at("2020-03-13T13:00", &rep);
    assert_int_equal(rep.cases, 0);
    sweep_at("2020-03-13T13:00", &rep);
    assert_int_equal(rep.cases, open_cases());
    assert_int_equal(rep.generated + rep.alerts, 0);
    tick_at("2020-03-14T06:00", &rep); /* a new day: its rubbish */
    assert_int_equal(rep.cases, open_cases());
    assert_int_equal(rep.generated, 1);
    assert_int_equal(count("SELECT count(*) FROM tasks WHERE kind = 'rubbish'"), before + 1);
    free(u);
}

/* Six more residents in rooms 201..206 (six households) of qishan. */
static void import_six_households(void)
{
    struct import_opts io = {QISHAN, NULL, 0, "test", NULL, 0, NULL};
    struct import_report ir;
    char csv[2048], id[19];
    size_t n = (size_t)snprintf(csv, sizeof csv, "%.*s", (int)strcspn(sheet, "\n") + 1, sheet);

    for (int i = 0; i < 6; i++) {
        snprintf(id, sizeof id, "31010519900101%03d", 100 + i);
        id[17] = (char)idcard_make_check(id);
        id[18] = '\0';
        n += (size_t)snprintf(csv + n, sizeof csv - n,
                              "310105002002,一网格,岐山村,2号,1,%d,住户%d,%s,1390013900%d,"
                              "一直在沪,,,无,,,正常\n",
                              201 + i, i, id, i);
    }
    assert_true(n < sizeof csv);
    assert_int_equal(import_residents(db, NULL, csv, n, &io, &ir, &ae), 0);
    import_report_cleanup(&ir);
}

/* issue 19: the pass over a city's open cases (a million) goes in batches,
 * each its own transaction, and stands in meta `tasks_sweep_at` after each:
 * a batch that fails keeps the batches before it, and the next tick goes
 * on from there without doing any case twice. */
static void test_tick_pass_goes_in_batches_and_resumes(void **state)
{
    struct quarantines_open *u = calloc(1, sizeof *u);
    struct tasks_sweep_report rep;
    struct grids_set_person gp;
    struct caller qishan, cli;
    char sql[256], at[64];
    int64_t cases[6], fourth_household, done_cases = 0, alerts = 0;
    int ticks = 0;

    (void)state;
    assert_non_null(u);
    import_six_households();
    committee_caller(&qishan, QISHAN);
    caller_cli(&cli, 3101);
    memset(&gp, 0, sizeof gp);
    gp.c = cli;
    gp.grid = GRID1;
    snprintf(gp.account, sizeof gp.account, "g1");
    assert_int_equal(app_write(db, NULL, grids_set_person_job, &gp), 0);
    setenv("CORDON_NOW", "2020-03-13T08:00", 1);
    for (int i = 0; i < 6; i++) {
        memset(u, 0, sizeof *u);
        u->c = qishan;
        snprintf(sql, sizeof sql, "SELECT id FROM residents WHERE phone = '1390013900%d'", i);
        u->resident = count(sql);
        u->kind = QUARANTINE_HOME;
        u->from = clock_today();
        u->until = u->from + 5;
        if (app_write(db, NULL, quarantines_open_job, u) != 0)
            fail_msg("%lld: %s", (long long)u->resident, u->err.message);
        cases[i] = u->out.q.id;
    }
    assert_int_equal(open_cases(), 6);
    for (int i = 1; i < 6; i++)
        assert_true(cases[i] > cases[i - 1]);
    tick_at("2020-03-13T09:00", &rep);
    assert_int_equal(rep.cases, 6);

    /* A new day, in batches of two; the fifth case's rubbish cannot be
     * written, so the third batch fails. */
    setenv("CORDON_SWEEP_BATCH", "2", 1);
    snprintf(sql, sizeof sql, "SELECT household FROM quarantines WHERE id = %lld",
             (long long)cases[4]);
    fourth_household = count(sql);
    setenv("CORDON_NOW", "2020-03-14T06:00", 1);
    /* A check that only new rows must pass on PostgreSQL (Citus refuses
     * triggers on distributed tables); the day keeps yesterday's task,
     * which the sweep escalates, out of it. */
    if (db_kind(db) == DB_POSTGRES)
        snprintf(sql, sizeof sql,
                 "ALTER TABLE tasks ADD CONSTRAINT fail_one CHECK (household <> %lld OR day <> %d) "
                 "NOT VALID",
                 (long long)fourth_household, (int)clock_today());
    else
        snprintf(sql, sizeof sql,
                 "CREATE TRIGGER fail_one BEFORE INSERT ON tasks WHEN NEW.household = %lld "
                 "BEGIN SELECT RAISE(ABORT, 'injected'); END",
                 (long long)fourth_household);
    assert_int_equal(db_exec(db, sql), 0);
    assert_true(tasks_tick(db, clock_today(), daytime_now(), 0, &rep, &ae) < 0);
    if (rep.cases != 4)
        fail_msg("%lld cases gone over: %s", (long long)rep.cases, ae.message);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM tasks WHERE kind = 'rubbish' AND day = %d",
             (int)clock_today());
    assert_int_equal(count(sql), 4);
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM meta WHERE key = 'tasks_sweep_at' "
             "AND value LIKE '%%:%lld'",
             (long long)cases[3]);
    assert_int_equal(count(sql), 1);
    assert_int_equal(store_meta_get(db, "tasks_sweep_at", at, sizeof at), 0);

    /* Mended: the next tick does the last two cases only, then the slot is
     * recorded as gone over and the cursor cleared. */
    assert_int_equal(db_exec(db, db_kind(db) == DB_POSTGRES
                                     ? "ALTER TABLE tasks DROP CONSTRAINT fail_one"
                                     : "DROP TRIGGER fail_one"),
                     0);
    tick_at("2020-03-14T06:01", &rep);
    assert_int_equal(rep.cases, 2);
    assert_int_equal(rep.generated, 2);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM tasks WHERE kind = 'rubbish' AND day = %d",
             (int)clock_today());
    assert_int_equal(count(sql), 6);
    assert_int_equal(count("SELECT count(*) FROM meta WHERE key = 'tasks_sweep_at' "
                           "AND value <> ''"),
                     0);
    tick_at("2020-03-14T06:02", &rep);
    assert_int_equal(rep.cases, 0);
    /* A tick whose time is up leaves the rest of the pass to the next one:
     * the noon check-in fell due and was missed by all six. */
    setenv("CORDON_NOW", "2020-03-14T12:01", 1);
    do {
        assert_int_equal(tasks_tick(db, clock_today(), daytime_now(), 1e-9, &rep, &ae), 0);
        assert_true(rep.cases <= 2);
        done_cases += rep.cases;
        alerts += rep.alerts;
        ticks++;
    } while (rep.unfinished && ticks < 50);
    assert_false(rep.unfinished);
    assert_int_equal(done_cases, 6);
    assert_int_equal(alerts, 6);
    assert_true(ticks >= 4);
    tick_at("2020-03-14T12:02", &rep);
    assert_int_equal(rep.cases, 0);
    /* The command line's sweep goes over all of them, in batches too. */
    sweep_at("2020-03-14T12:03", &rep);
    assert_int_equal(rep.cases, 6);
    assert_int_equal(rep.generated, 0);
    /* Their last day was the 18th: all six end on the 19th, two a batch. */
    tick_at("2020-03-19T06:00", &rep);
    assert_int_equal(rep.ended, 6);
    assert_int_equal(open_cases(), 0);
    unsetenv("CORDON_SWEEP_BATCH");
    free(u);
}

static void test_escalation_events_once(void **state)
{
    struct tasks_sweep_report rep;
    struct caller jiangsu, qishan;
    struct task_row t;
    struct app_error e;
    char sql[160];
    int32_t day;

    (void)state;
    /* A repair due on 2020-03-20 at 18:00, never done. */
    assert_int_equal(date_parse("2020-03-20", 10, &day), 0);
    memset(&t, 0, sizeof t);
    t.kind = TASK_REPAIR;
    t.grid = GRID1;
    t.committee = QISHAN;
    t.street = 310105002;
    t.district = 310105;
    t.day = DATE_NONE;
    t.deadline = daytime_at(day, 18, 0);
    t.created_at = t.deadline - 3600;
    snprintf(t.created_by, sizeof t.created_by, "test");
    assert_int_equal(db_begin_write(db), 0);
    assert_int_equal(tasks_add(db, &t, "test", NULL), 0);
    assert_int_equal(db_commit(db), 0);
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM task_events WHERE kind = 'escalated' AND task = %lld",
             (long long)t.id);
    sweep_at("2020-03-20T17:59", &rep);
    assert_int_equal(count(sql), 0);
    sweep_at("2020-03-20T18:30", &rep);
    assert_int_equal(count(sql), 1);
    sweep_at("2020-03-20T23:00", &rep);
    sweep_at("2020-03-20T23:30", &rep);
    assert_int_equal(count(sql), 2);
    sweep_at("2020-03-21T18:01", &rep);
    assert_int_equal(count(sql), 3);
    committee_caller(&jiangsu, JIANGSU);
    committee_caller(&qishan, QISHAN);
    assert_int_equal(tasks_get(db, &jiangsu, t.id, &t, NULL, NULL, &e), APP_E_NOTFOUND);
    assert_int_equal(tasks_get(db, &qishan, t.id, &t, NULL, NULL, &e), 0);
    assert_int_equal(t.escalated, ESC_DISTRICT);
}

/* Where a household lies, read in its district (a case's, a booking's):
 * found there, not found when another district is named, found by any. */
static void test_household_where_in_its_district(void **state)
{
    struct household_where w;
    int64_t household = count("SELECT household FROM residents WHERE id = (SELECT min(id) FROM "
                              "residents)");
    int64_t committee = count("SELECT committee FROM residents WHERE id = (SELECT min(id) FROM "
                              "residents)");
    int64_t own = unitcode_at_level(committee, LEVEL_DISTRICT);
    int64_t other = own == 310104 ? 310105 : 310104;

    (void)state;
    assert_true(household > 0);
    assert_int_equal(store_household_where(db, household, own, &w), 0);
    assert_int_equal(w.committee, committee);
    assert_int_equal(w.district, own);
    assert_int_equal(store_household_where(db, household, 0, &w), 0);
    assert_int_equal(w.committee, committee);
    assert_int_equal(store_household_where(db, household, other, &w), DB_E_NOTFOUND);
}

static int count_task(void *arg, const struct task_row *t)
{
    (void)t;
    (*(int *)arg)++;
    return 0;
}

static int count_place(void *arg, const struct place_row *p)
{
    (void)p;
    (*(int *)arg)++;
    return 0;
}

static int count_case(void *arg, const struct quarantine_view *v)
{
    (void)v;
    (*(int *)arg)++;
    return 0;
}

/* An account id of 0 is no command line: a caller of any other role with
 * account 0 reaches only what its role and scope give it, while the
 * command line (the system role) reaches the whole city. One check for
 * each place that used to let account 0 through. */
static void test_account_zero_is_no_command_line(void **state)
{
    struct caller cli, qishan, jiangsu, viewer, property, grid2, link;
    struct quarantines_open *u = calloc(1, sizeof *u);
    struct quarantines_change ch;
    struct quarantine_view *v = calloc(1, sizeof *v);
    struct grids_set_person gp;
    struct grids_assign ga;
    struct tasks_create tc;
    struct tasks_move tm;
    struct tasks_query tq;
    struct places_create pc;
    struct place_row place;
    json_t *body;
    struct page pg = {0, 0, 0};
    struct task_row t;
    struct app_error e;
    enum role r;
    int64_t rid, household, compound, task;
    int n;

    (void)state;
    assert_non_null(u);
    assert_non_null(v);
    assert_int_equal(role_parse("system", &r), -1);
    assert_int_equal(role_parse("link", &r), -1);
    caller_cli(&cli, 3101);
    caller_link(&link, "resident");
    committee_caller(&qishan, QISHAN);
    committee_caller(&jiangsu, JIANGSU);
    committee_caller(&viewer, QISHAN);
    committee_caller(&property, QISHAN);
    committee_caller(&grid2, QISHAN);
    jiangsu.account = viewer.account = property.account = grid2.account = 0;
    viewer.role = ROLE_VIEWER;
    property.role = ROLE_PROPERTY; /* of no organisation */
    grid2.role = ROLE_GRID_WORKER;
    grid2.grid = GRID1 + 1;
    rid = count("SELECT min(id) FROM residents");
    household = count("SELECT household FROM residents WHERE id = (SELECT min(id) FROM residents)");
    compound = count("SELECT min(id) FROM compounds");

    /* Grids: the permission, then the scope. */
    memset(&gp, 0, sizeof gp);
    gp.c = viewer;
    gp.grid = GRID1;
    snprintf(gp.account, sizeof gp.account, "g1");
    assert_int_equal(app_write(db, NULL, grids_set_person_job, &gp), APP_E_FORBIDDEN);
    gp.c = jiangsu;
    assert_int_equal(app_write(db, NULL, grids_set_person_job, &gp), APP_E_NOTFOUND);
    gp.c = cli;
    assert_int_equal(app_write(db, NULL, grids_set_person_job, &gp), 0);
    memset(&ga, 0, sizeof ga);
    ga.c = jiangsu;
    ga.compound = compound;
    ga.grid = GRID1;
    assert_int_equal(app_write(db, NULL, grids_assign_job, &ga), APP_E_NOTFOUND);
    ga.c = cli;
    assert_int_equal(app_write(db, NULL, grids_assign_job, &ga), 0);

    /* Opening, reading, listing and changing a case. */
    u->c = viewer;
    u->resident = rid;
    u->kind = QUARANTINE_HOME;
    u->from = clock_today();
    u->until = u->from + 2;
    assert_int_equal(app_write(db, NULL, quarantines_open_job, u), APP_E_FORBIDDEN);
    u->c = jiangsu;
    assert_int_equal(app_write(db, NULL, quarantines_open_job, u), APP_E_NOTFOUND);
    u->c = link;
    assert_int_equal(app_write(db, NULL, quarantines_open_job, u), APP_E_FORBIDDEN);
    u->c = cli;
    assert_int_equal(app_write(db, NULL, quarantines_open_job, u), 0);
    assert_int_equal(quarantines_get(db, &jiangsu, u->out.q.id, v, &e), APP_E_NOTFOUND);
    assert_int_equal(quarantines_get(db, &link, u->out.q.id, v, &e), APP_E_FORBIDDEN);
    assert_int_equal(quarantines_get(db, &cli, u->out.q.id, v, &e), 0);
    n = 0;
    assert_int_equal(quarantines_list(db, &jiangsu, QISHAN, 0, &pg, count_case, &n, &e),
                     APP_E_NOTFOUND);
    assert_int_equal(quarantines_list(db, &cli, QISHAN, 0, &pg, count_case, &n, &e), 0);
    assert_int_equal(n, 1);
    memset(&ch, 0, sizeof ch);
    ch.c = jiangsu;
    ch.id = u->out.q.id;
    ch.until = u->until + 1;
    snprintf(ch.reason, sizeof ch.reason, "test");
    assert_int_equal(app_write(db, NULL, quarantines_change_job, &ch), APP_E_NOTFOUND);

    /* Tasks: the case's rubbish task. */
    task = count("SELECT min(id) FROM tasks");
    assert_true(task > 0);
    assert_int_equal(tasks_get(db, &jiangsu, task, &t, NULL, NULL, &e), APP_E_NOTFOUND);
    assert_int_equal(tasks_get(db, &property, task, &t, NULL, NULL, &e), APP_E_NOTFOUND);
    assert_int_equal(tasks_get(db, &grid2, task, &t, NULL, NULL, &e), APP_E_NOTFOUND);
    assert_int_equal(tasks_get(db, &cli, task, &t, NULL, NULL, &e), 0);
    memset(&tq, 0, sizeof tq);
    tq.state = -1;
    tq.unit = QISHAN;
    n = 0;
    assert_int_equal(tasks_list(db, &jiangsu, &tq, &pg, count_task, &n, &e), APP_E_NOTFOUND);
    tq.unit = 0;
    assert_int_equal(tasks_list(db, &property, &tq, &pg, count_task, &n, &e), 0);
    assert_int_equal(tasks_list(db, &grid2, &tq, &pg, count_task, &n, &e), 0);
    assert_int_equal(n, 0);
    assert_int_equal(tasks_list(db, &cli, &tq, &pg, count_task, &n, &e), 0);
    assert_int_equal(n, 1);
    memset(&tc, 0, sizeof tc);
    tc.c = jiangsu;
    tc.body = json_pack("{s:s, s:I}", "kind", "groceries", "household", (json_int_t)household);
    assert_non_null(tc.body);
    assert_int_equal(app_write(db, NULL, tasks_create_job, &tc), APP_E_NOTFOUND);
    tc.c = cli;
    memset(&tc.err, 0, sizeof tc.err);
    assert_int_equal(app_write(db, NULL, tasks_create_job, &tc), 0);
    json_decref(tc.body);
    /* A grid worker cancels only what it created (the sweep made this). */
    memset(&tm, 0, sizeof tm);
    tm.c = grid2;
    tm.c.grid = GRID1;
    tm.id = task;
    tm.to = TASK_CANCELLED;
    assert_int_equal(app_write(db, NULL, tasks_move_job, &tm), APP_E_FORBIDDEN);
    /* Places of a unit outside the scope: as if absent. */
    assert_int_equal(places_list(db, &jiangsu, QISHAN, &pg, count_place, &n, &e), APP_E_NOTFOUND);
    assert_int_equal(places_list(db, &cli, QISHAN, &pg, count_place, &n, &e), 0);
    memset(&pc, 0, sizeof pc);
    pc.c = cli;
    body = json_pack("{s:s, s:s, s:s}", "kind", "garage", "name", "一号车库", "grid",
                     "310105002002001");
    assert_non_null(body);
    assert_int_equal(places_create_parse(db, body, &pc), 0);
    json_decref(body);
    assert_int_equal(app_write(db, NULL, places_create_job, &pc), 0);
    assert_int_equal(places_get(db, &jiangsu, pc.p.id, &place, &e), APP_E_NOTFOUND);
    assert_int_equal(places_get(db, &cli, pc.p.id, &place, &e), 0);
    memset(&tc, 0, sizeof tc);
    tc.c = jiangsu;
    tc.body = json_pack("{s:s, s:I}", "kind", "repair", "place", (json_int_t)pc.p.id);
    assert_non_null(tc.body);
    assert_int_equal(app_write(db, NULL, tasks_create_job, &tc), APP_E_NOTFOUND);
    assert_string_equal(tc.err.field, "place");
    json_decref(tc.body);
    free(v);
    free(u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_codes),
        cmocka_unit_test(test_moves),
        cmocka_unit_test(test_escalation_boundaries),
        cmocka_unit_test_setup_teardown(test_quarantine_and_daily_rubbish, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tick_passes_over_cases_once_per_slot, setup, teardown),
        cmocka_unit_test_setup_teardown(test_tick_pass_goes_in_batches_and_resumes, setup,
                                        teardown),
        cmocka_unit_test_setup_teardown(test_escalation_events_once, setup, teardown),
        cmocka_unit_test_setup_teardown(test_account_zero_is_no_command_line, setup, teardown),
        cmocka_unit_test_setup_teardown(test_household_where_in_its_district, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
