/*
 * Tests of the register's write path, roll-over and live counts against the
 * real storage: after thousands of random writes and day changes, the live
 * counts equal a full recount at every level and every stored colour equals
 * the rules evaluated today; the roll-over touches only the residents due;
 * a quarantine seen day by day changes colour on the right days.
 */
#include "app/units/hierarchy.h"
#include "app/register/register.h"
#include "app/register/rollover.h"
#include "core/date.h"
#include "core/unitcode.h"
#include "store/residents.h"
#include "store/units.h"

#include "doc_colours.h"
#include "testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

/* The error of the use cases that report one (app/app.h). */
static struct app_error ae;

static char path[512];
static struct db *db;

static const int64_t committees[] = {310105002002LL, 310105002003LL, 310105001001LL, 310112001001LL,
                                     310101002001LL};
#define NCOMMITTEES 5

static void set_today(int32_t day)
{
    char s[DATE_STR_LEN];
    date_format(day, s);
    setenv("CORDON_TODAY", s, 1);
}

static int setup(void **state)
{
    char err[256];
    struct hierarchy_report rep;
    int64_t grid;
    (void)state;
    testutil_db_path(path, sizeof path, "register");
    if (db_open(path, DB_OPEN_CREATE, &db, err) < 0)
        return -1;
    if (hierarchy_init_city(db, 3101, &rep, &ae) < 0)
        return -1;
    return hierarchy_grid_add(db, committees[0], "一网格", &grid, &ae);
}

static int teardown(void **state)
{
    (void)state;
    db_close(db);
    testutil_db_remove(path);
    unsetenv("CORDON_TODAY");
    return 0;
}

static uint64_t rng = 12345;
static uint32_t rnd(uint32_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng % n);
}

static void random_facts(struct facts *f, int32_t today)
{
    facts_init(f);
    switch (rnd(6)) {
    case 0:
        f->arrival_day = today - (int32_t)rnd(20);
        f->arrival_abroad = (int)rnd(2);
        break;
    case 1:
        f->presence = PRESENCE_AWAY;
        break;
    case 2:
        f->quarantine = (enum quarantine_kind)(1 + rnd(2));
        f->quarantine_from = today - (int32_t)rnd(10) + 2;
        f->quarantine_until = f->quarantine_from + 13 - (int32_t)rnd(5);
        f->arrival_day = f->quarantine_from;
        break;
    case 3:
        f->health = (enum health)rnd(5);
        break;
    default:
        break;
    }
}

/* All live counts, keyed by unit, as text lines sorted by the database. */
static char *dump_counts(void)
{
    struct db_stmt *st;
    size_t cap = 1 << 16, len = 0;
    char *out = malloc(cap);
    assert_non_null(out);
    out[0] = '\0';
    assert_int_equal(db_prepare(db,
                                "SELECT unit, colour, n FROM colour_counts WHERE n <> 0 "
                                "ORDER BY unit, colour",
                                &st),
                     0);
    while (db_step(st) == DB_ROW) {
        if (cap - len < 64) {
            cap *= 2;
            out = realloc(out, cap);
            assert_non_null(out);
        }
        len += (size_t)snprintf(
            out + len, cap - len, "%lld %lld %lld\n", (long long)db_column_int64(st, 0),
            (long long)db_column_int64(st, 1), (long long)db_column_int64(st, 2));
    }
    db_done(st);
    return out;
}

struct check_ctx {
    int32_t today;
    int checked;
    int bad;
};

static int check_colour(void *arg, const struct resident *r)
{
    struct check_ctx *c = arg;
    enum colour want = doc_colour(&r->facts, c->today);
    int32_t next = doc_next_change(&r->facts, c->today);

    c->checked++;
    if (want != r->colour || next != r->next_change) {
        if (c->bad++ < 5)
            print_error("resident %lld: stored colour %d next %d, the documented rules say %d "
                        "next %d on day %d\n",
                        (long long)r->id, (int)r->colour, (int)r->next_change, (int)want, (int)next,
                        (int)c->today);
    }
    return 0;
}

/* The oracle above against cases worked out by hand from the table. */
static void documented_rules_by_hand(void **state)
{
    int32_t t = date_from_ymd(2020, 3, 9);
    struct facts f;
    (void)state;

    facts_init(&f);
    assert_int_equal(doc_colour(&f, t), COLOUR_GREEN);
    assert_int_equal(doc_next_change(&f, t), DATE_NONE);
    f.presence = PRESENCE_AWAY;
    assert_int_equal(doc_colour(&f, t), COLOUR_PURPLE);
    /* Arrived from elsewhere in China on 03-01: blue through 03-14 (day
     * 13), green from 03-15 (day 14). */
    facts_init(&f);
    f.arrival_day = date_from_ymd(2020, 3, 1);
    assert_int_equal(doc_colour(&f, date_from_ymd(2020, 3, 14)), COLOUR_BLUE);
    assert_int_equal(doc_colour(&f, date_from_ymd(2020, 3, 15)), COLOUR_GREEN);
    assert_int_equal(doc_next_change(&f, t), date_from_ymd(2020, 3, 15));
    f.arrival_abroad = 1;
    assert_int_equal(doc_colour(&f, t), COLOUR_YELLOW);
    /* Home quarantine 03-10 to 03-23: green today, orange from tomorrow
     * through the 23rd, and a fever beats everything. */
    facts_init(&f);
    f.quarantine = QUARANTINE_HOME;
    f.quarantine_from = date_from_ymd(2020, 3, 10);
    f.quarantine_until = date_from_ymd(2020, 3, 23);
    assert_int_equal(doc_colour(&f, t), COLOUR_GREEN);
    assert_int_equal(doc_next_change(&f, t), date_from_ymd(2020, 3, 10));
    assert_int_equal(doc_colour(&f, date_from_ymd(2020, 3, 23)), COLOUR_ORANGE);
    assert_int_equal(doc_next_change(&f, date_from_ymd(2020, 3, 10)), date_from_ymd(2020, 3, 24));
    f.health = HEALTH_FEVER;
    assert_int_equal(doc_colour(&f, date_from_ymd(2020, 3, 12)), COLOUR_RED);
    assert_int_equal(doc_next_change(&f, t), DATE_NONE);
    f.health = HEALTH_RECOVERED;
    assert_int_equal(doc_colour(&f, date_from_ymd(2020, 3, 12)), COLOUR_ORANGE);
}

static void live_counts_equal_full_recount(void **state)
{
    int32_t day = date_from_ymd(2020, 3, 1);
    int64_t ids[2000];
    int nids = 0, made = 0;
    char *live, *recount;
    struct check_ctx cc;
    (void)state;

    for (int round = 0; round < 30; round++) {
        struct register_batch b;
        struct rollover_report rep;
        set_today(day);
        assert_int_equal(register_begin(&b, db, "test", "cli", &ae), 0);
        for (int i = 0; i < 100; i++) {
            struct resident r, old;
            if (nids > 0 && rnd(3) == 0) {
                /* Update someone: new facts, maybe another committee or grid. */
                assert_int_equal(store_resident_get(db, ids[rnd((uint32_t)nids)], 0, &old), 0);
                r = old;
                random_facts(&r.facts, day);
                if (rnd(4) == 0) {
                    r.committee = committees[rnd(NCOMMITTEES)];
                    r.grid = r.committee == committees[0] && rnd(2) ? committees[0] * 1000 + 1 : 0;
                }
                if (register_put(&b, &r, &old, "register", NULL, day) != 0)
                    fail_msg("update: %s", db_errmsg(db));
            } else {
                memset(&r, 0, sizeof r);
                r.committee = committees[rnd(NCOMMITTEES)];
                if (r.committee == committees[0] && rnd(2))
                    r.grid = committees[0] * 1000 + 1;
                snprintf(r.name, sizeof r.name, "测试%d", made);
                r.doc_type = 1;
                snprintf(r.doc_no, sizeof r.doc_no, "E%08d", made++);
                r.birth = DATE_NONE;
                random_facts(&r.facts, day);
                assert_int_equal(register_put(&b, &r, NULL, "register", NULL, day), 0);
                if (nids < 2000)
                    ids[nids++] = r.id;
            }
        }
        assert_int_equal(register_commit(&b, &ae), 0);
        day += 1 + (int32_t)rnd(3);
        set_today(day);
        assert_int_equal(rollover_run(db, day, &rep, &ae), 0);
    }

    live = dump_counts();
    assert_int_equal(db_begin_write(db), 0);
    assert_int_equal(store_counts_rebuild(db), 0);
    recount = dump_counts();
    assert_int_equal(db_rollback(db), 0);
    assert_string_equal(live, recount);
    assert_true(strlen(live) > 100);
    free(live);
    free(recount);

    /* Every stored colour and next change is what the documented rules
     * say today. */
    memset(&cc, 0, sizeof cc);
    cc.today = day;
    assert_int_equal(store_residents_within(db, 3101, check_colour, &cc), 0);
    assert_int_equal(cc.checked, made);
    assert_int_equal(cc.bad, 0);
}

/* How many residents the documented rules give another colour on `day`
 * than the one they have stored: those a roll-over to `day` must touch. */
struct due_ctx {
    int32_t day;
    int due;
};

static int count_changing(void *arg, const struct resident *r)
{
    struct due_ctx *c = arg;

    c->due += doc_colour(&r->facts, c->day) != r->colour;
    return 0;
}

static int count_due(struct db *d, int32_t day)
{
    int64_t n = 0, a = day;
    assert_int_equal(db_query_int64(d,
                                    "SELECT count(*) FROM residents WHERE next_change IS NOT "
                                    "NULL AND next_change <= $1",
                                    1, &a, &n),
                     DB_ROW);
    return (int)n;
}

static void rollover_touches_only_the_due(void **state)
{
    struct rollover_report rep;
    struct due_ctx dc;
    struct check_ctx cc;
    int32_t last;
    (void)state;
    assert_int_equal(rollover_last_day(db, &last), 0);
    assert_true(last != DATE_NONE);
    dc.day = last + 1;
    dc.due = 0;
    assert_int_equal(store_residents_within(db, 3101, count_changing, &dc), 0);
    assert_true(dc.due > 0);
    assert_int_equal(rollover_run(db, last + 1, &rep, &ae), 0);
    assert_int_equal(rep.evaluated, dc.due);
    assert_int_equal(rep.from, last + 1);
    assert_int_equal(count_due(db, last + 1), 0);
    memset(&cc, 0, sizeof cc);
    cc.today = last + 1;
    assert_int_equal(store_residents_within(db, 3101, check_colour, &cc), 0);
    assert_int_equal(cc.bad, 0);
    /* Running again the same day touches nobody. */
    assert_int_equal(rollover_run(db, last + 1, &rep, &ae), 0);
    assert_int_equal(rep.evaluated, 0);
}

static void quarantine_day_by_day(void **state)
{
    int32_t start = date_from_ymd(2021, 1, 10), day;
    struct register_batch b;
    struct resident r;
    int64_t before[COLOUR_COUNT], now[COLOUR_COUNT];
    (void)state;
    set_today(start);
    {
        /* Bring everyone else up to the start day first. */
        struct rollover_report rep;
        assert_int_equal(rollover_run(db, start, &rep, &ae), 0);
    }
    assert_int_equal(store_counts_get(db, committees[1], before), 0);
    assert_int_equal(register_begin(&b, db, "test", "cli", &ae), 0);
    memset(&r, 0, sizeof r);
    r.committee = committees[1];
    snprintf(r.name, sizeof r.name, "隔离者");
    r.doc_type = 1;
    snprintf(r.doc_no, sizeof r.doc_no, "QDAYBYDAY");
    r.birth = DATE_NONE;
    facts_init(&r.facts);
    r.facts.arrival_day = start; /* arrived today from elsewhere */
    r.facts.quarantine = QUARANTINE_HOME;
    r.facts.quarantine_from = start;
    r.facts.quarantine_until = start + 13; /* 14 days inclusive */
    assert_int_equal(register_put(&b, &r, NULL, "register", NULL, start), 0);
    assert_int_equal(register_commit(&b, &ae), 0);
    for (day = start; day <= start + 15; day++) {
        struct rollover_report rep;
        struct resident got;
        enum colour want = day <= start + 13 ? COLOUR_ORANGE : COLOUR_GREEN;
        set_today(day);
        assert_int_equal(rollover_run(db, day, &rep, &ae), 0);
        assert_int_equal(store_resident_get(db, r.id, 0, &got), 0);
        assert_int_equal(got.colour, want);
        assert_int_equal(store_counts_get(db, committees[1], now), 0);
        assert_int_equal(now[COLOUR_ORANGE] - before[COLOUR_ORANGE], want == COLOUR_ORANGE);
        assert_int_equal(now[COLOUR_GREEN] - before[COLOUR_GREEN], want == COLOUR_GREEN);
    }
}

/* One write of a resident's facts appends one history row with them (the
 * case makes its own resident: it runs alone as well as after the others). */
static void history_is_appended(void **state)
{
    int32_t day = date_from_ymd(2022, 5, 2);
    struct register_batch b;
    struct resident r;
    int64_t n = 0, id = 0;
    (void)state;
    set_today(day);
    assert_int_equal(register_begin(&b, db, "test", "cli", &ae), 0);
    memset(&r, 0, sizeof r);
    r.committee = committees[2];
    snprintf(r.name, sizeof r.name, "历史");
    r.doc_type = 1;
    snprintf(r.doc_no, sizeof r.doc_no, "QHISTORY");
    r.birth = DATE_NONE;
    facts_init(&r.facts);
    r.facts.quarantine = QUARANTINE_HOME;
    r.facts.quarantine_from = day;
    r.facts.quarantine_until = day + 13;
    assert_int_equal(register_put(&b, &r, NULL, "register", NULL, day), 0);
    assert_int_equal(register_commit(&b, &ae), 0);
    id = r.id;
    assert_true(id > 0);
    assert_int_equal(
        db_query_int64(db, "SELECT count(*) FROM fact_history WHERE resident = $1", 1, &id, &n),
        DB_ROW);
    assert_int_equal(n, 1);
    assert_int_equal(db_query_int64(db,
                                    "SELECT count(*) FROM fact_history WHERE resident = $1 AND "
                                    "value LIKE '%\"kind\":\"home\"%'",
                                    1, &id, &n),
                     DB_ROW);
    assert_int_equal(n, 1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(documented_rules_by_hand),
        cmocka_unit_test(live_counts_equal_full_recount),
        cmocka_unit_test(rollover_touches_only_the_due),
        cmocka_unit_test(quarantine_day_by_day),
        cmocka_unit_test(history_is_appended),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
