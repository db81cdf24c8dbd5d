/*
 * Tests of app/register/residents.c and app/accounts/audit.c (the register's API use cases)
 * against a real database: strict validation of facts with the field named,
 * registering and recording facts through the write path (colour, counts,
 * history, audit in one go), masking, scope (outside answers as absent,
 * lists bounded by the scope), unmasked reads audited, the audit log by
 * person.
 */
#include "app/accounts/audit.h"
#include "app/units/hierarchy.h"
#include "app/register/residents.h"
#include "core/date.h"
#include "core/unitcode.h"
#include "store/residents.h"
#include "util/clock.h"

#include "testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

/* The error of the use cases that report one (app/app.h). */
static struct app_error ae;

static char path[512];
static struct db *db;
static struct caller qishan, jiangsu, grid1, street, district, viewer;
static int64_t ids[4]; /* 张伟 (grid 1), 李娜 (no grid), 赵敏 (江苏), 周杰 (徐汇) */

static void make_caller(struct caller *c, const char *name, enum role r, int64_t unit, int64_t grid)
{
    memset(c, 0, sizeof *c);
    snprintf(c->name, sizeof c->name, "%s", name);
    c->account = 0; /* no account row: a case opened by these callers has no follower */
    c->role = r;
    c->unit = unit;
    c->grid = grid;
    snprintf(c->address, sizeof c->address, "192.0.2.1");
}

/* The parsers as the front calls them: the job's header filled first. */
static int create_parse(json_t *j, const struct caller *c, struct residents_create *u,
                        struct app_error *e)
{
    int rc;

    memset(u, 0, sizeof *u);
    u->c = *c;
    u->today = clock_today();
    rc = residents_create_parse(NULL, j, u);
    *e = u->err;
    return rc;
}

static int facts_parse(json_t *j, struct residents_facts *u, struct app_error *e)
{
    int rc;

    memset(u, 0, sizeof *u);
    u->today = clock_today();
    rc = residents_facts_parse(NULL, j, u);
    *e = u->err;
    return rc;
}

static int64_t create(const struct caller *c, const char *json)
{
    struct residents_create u;
    struct app_error e;
    json_t *j = json_loads(json, 0, NULL);
    int rc;

    assert_non_null(j);
    rc = create_parse(j, c, &u, &e);
    json_decref(j);
    if (rc < 0)
        fail_msg("parse %s: %s (%s)", json, e.message, e.field);
    if ((rc = app_write(db, NULL, residents_create_job, &u)) < 0)
        fail_msg("create %s: %d %s", json, rc, u.err.message);
    return u.out.rp.r.id;
}

static int group_setup(void **state)
{
    char err[DB_ERR_LEN];
    struct hierarchy_report rep;
    int64_t grid;

    (void)state;
    setenv("CORDON_TODAY", "2020-03-09", 1);
    testutil_db_path(path, sizeof path, "residents");
    if (db_open(path, DB_OPEN_CREATE, &db, err) < 0 ||
        hierarchy_init_city(db, 3101, &rep, &ae) < 0 ||
        hierarchy_grid_add(db, 310105002002LL, "一网格", &grid, &ae) < 0 ||
        hierarchy_grid_add(db, 310105002002LL, "二网格", &grid, &ae) < 0)
        return -1;
    make_caller(&qishan, "qishan", ROLE_COMMITTEE, 310105002002LL, 0);
    make_caller(&jiangsu, "jiangsu", ROLE_COMMITTEE, 310105002003LL, 0);
    make_caller(&grid1, "grid1", ROLE_GRID_WORKER, 310105002002LL, 310105002002001LL);
    make_caller(&street, "jiangsulu", ROLE_STREET, 310105002LL, 0);
    make_caller(&district, "changning", ROLE_DISTRICT, 310105LL, 0);
    make_caller(&viewer, "viewer", ROLE_VIEWER, 310105LL, 0);
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    db_close(db);
    testutil_db_remove(path);
    unsetenv("CORDON_TODAY");
    return 0;
}

static void registering_goes_through_the_register(void **state)
{
    struct caller xuhui;
    int64_t counts[COLOUR_COUNT];

    (void)state;
    make_caller(&xuhui, "xuhui", ROLE_COMMITTEE, 310104003001LL, 0);
    ids[0] = create(&grid1, "{\"name\":\"张伟\",\"doc_no\":\"310105198001011235\","
                            "\"phone\":\"13800138001\",\"address\":{\"compound\":\"岐山村\","
                            "\"building\":\"1号\",\"unit\":\"1\",\"room\":\"101\"}}");
    ids[1] = create(&qishan, "{\"name\":\"李娜\",\"doc_no\":\"310105198202022344\","
                             "\"arrival\":{\"date\":\"2020-03-01\",\"origin\":\"湖北武汉\"}}");
    ids[2] = create(&jiangsu, "{\"name\":\"赵敏\",\"doc_no\":\"310105197007077898\"}");
    ids[3] = create(&xuhui, "{\"name\":\"周杰\",\"doc_no\":\"310104197209099124\","
                            "\"health\":\"suspected\"}");
    assert_int_equal(store_counts_get(db, 310105002002LL, counts), 0);
    assert_int_equal(counts[COLOUR_GREEN], 1);
    assert_int_equal(counts[COLOUR_BLUE], 1);
    assert_int_equal(store_counts_get(db, 310105002002001LL, counts), 0);
    assert_int_equal(counts[COLOUR_GREEN], 1);
    assert_int_equal(store_counts_get(db, 3101, counts), 0);
    assert_int_equal(counts[COLOUR_RED] + counts[COLOUR_GREEN] + counts[COLOUR_BLUE], 4);
}

static void registering_refuses_what_it_must(void **state)
{
    static const struct {
        const char *json;
        int rc;
        const char *field;
    } bad[] = {
        {"{\"doc_no\":\"310105198001011235\"}", APP_E_INVALID, "name"},
        {"{\"name\":\"x\"}", APP_E_INVALID, "doc_no"},
        {"{\"name\":\"x\",\"doc_no\":\"310105198001011234\"}", APP_E_INVALID, "doc_no"},
        {"{\"name\":\"x\",\"doc_no\":\"310105203001011230\"}", APP_E_INVALID, "doc_no"},
        {"{\"name\":\"x\",\"doc_no\":\"E1234567\",\"doc_type\":\"passport\","
         "\"phone\":\"12345\"}",
         APP_E_INVALID, "phone"},
        {"{\"name\":\"x\",\"doc_no\":\"E1234567\",\"doc_type\":\"visa\"}", APP_E_INVALID,
         "doc_type"},
        {"{\"name\":1,\"doc_no\":\"E1234567\",\"doc_type\":\"passport\"}", APP_E_INVALID, "name"},
        {"{\"name\":\"x\",\"doc_no\":\"E1234567\",\"doc_type\":\"passport\",\"age\":3}",
         APP_E_INVALID, "age"},
        {"{\"name\":\"x\",\"doc_no\":\"E1234567\",\"doc_type\":\"passport\",\"address\":{"
         "\"compound\":\"a\"}}",
         APP_E_INVALID, "address.building"},
        {"{\"name\":\"x\",\"doc_no\":\"E1234567\",\"doc_type\":\"passport\",\"address\":{"
         "\"compound\":\"a\",\"building\":\"b\",\"room\":\"1\",\"floor\":0}}",
         APP_E_INVALID, "address.floor"},
        {"{\"name\":\"x\",\"doc_no\":\"E1234567\",\"doc_type\":\"passport\",\"grid\":"
         "\"310105002003001\"}",
         APP_E_INVALID, "grid"},
        {"{\"name\":\"x\",\"doc_no\":\"E1234567\",\"doc_type\":\"passport\",\"committee\":"
         "\"310105002\"}",
         APP_E_INVALID, "committee"},
    };
    struct residents_create u;
    struct app_error e;

    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        json_t *j = json_loads(bad[i].json, 0, NULL);
        int rc = create_parse(j, &qishan, &u, &e);
        json_decref(j);
        if (rc != bad[i].rc || strcmp(e.field, bad[i].field) != 0)
            fail_msg("%s: got %d field '%s' (%s)", bad[i].json, rc, e.field, e.message);
    }
    /* Outside the scope: as if the committee did not exist. */
    json_t *j = json_loads("{\"name\":\"x\",\"doc_no\":\"E1234567\",\"doc_type\":\"passport\","
                           "\"committee\":\"310105002003\"}",
                           0, NULL);
    assert_int_equal(create_parse(j, &qishan, &u, &e), 0);
    json_decref(j);
    assert_int_equal(app_write(db, NULL, residents_create_job, &u), APP_E_NOTFOUND);
    /* The same document twice: a conflict. */
    j = json_loads("{\"name\":\"x\",\"doc_no\":\"310105198001011235\"}", 0, NULL);
    assert_int_equal(create_parse(j, &qishan, &u, &e), 0);
    json_decref(j);
    assert_int_equal(app_write(db, NULL, residents_create_job, &u), APP_E_CONFLICT);
    assert_string_equal(u.err.field, "doc_no");
    /* A viewer may not write at all. */
    j = json_loads("{\"name\":\"x\",\"doc_no\":\"E7654321\",\"doc_type\":\"passport\","
                   "\"committee\":\"310105002002\"}",
                   0, NULL);
    assert_int_equal(create_parse(j, &viewer, &u, &e), 0);
    json_decref(j);
    assert_int_equal(app_write(db, NULL, residents_create_job, &u), APP_E_FORBIDDEN);
}

static void facts_are_validated_strictly(void **state)
{
    static const struct {
        const char *json;
        const char *code;
        const char *field;
    } bad[] = {
        {"[]", "bad_type", ""},
        {"{}", "missing", ""},
        {"{\"effective\":\"2020-03-01\"}", "missing", ""},
        {"{\"colour\":\"red\"}", "unknown_field", "colour"},
        {"{\"presence\":1}", "bad_type", "presence"},
        {"{\"presence\":\"gone\"}", "bad_value", "presence"},
        {"{\"health\":null}", "bad_type", "health"},
        {"{\"health\":\"zombie\"}", "bad_value", "health"},
        {"{\"arrival\":\"2020-03-01\"}", "bad_type", "arrival"},
        {"{\"arrival\":{}}", "missing", "arrival.date"},
        {"{\"arrival\":{\"date\":\"2020-02-30\"}}", "bad_date", "arrival.date"},
        {"{\"arrival\":{\"date\":\"2020/03/01\"}}", "bad_date", "arrival.date"},
        {"{\"arrival\":{\"date\":20200301}}", "bad_type", "arrival.date"},
        {"{\"arrival\":{\"date\":\"2020-03-10\"}}", "future_date", "arrival.date"},
        {"{\"arrival\":{\"date\":\"1850-03-01\"}}", "bad_date", "arrival.date"},
        {"{\"arrival\":{\"date\":\"2020-03-01\",\"abroad\":\"yes\"}}", "bad_type",
         "arrival.abroad"},
        {"{\"arrival\":{\"date\":\"2020-03-01\",\"ship\":\"x\"}}", "unknown_field", "arrival.ship"},
        {"{\"arrival\":{\"date\":\"2020-03-01\",\"origin\":5}}", "bad_type", "arrival.origin"},
        {"{\"quarantine\":{\"kind\":\"hotel\",\"from\":\"2020-03-01\"}}", "bad_value",
         "quarantine.kind"},
        {"{\"quarantine\":{\"from\":\"2020-03-01\"}}", "missing", "quarantine.kind"},
        {"{\"quarantine\":{\"kind\":\"home\"}}", "missing", "quarantine.from"},
        {"{\"quarantine\":{\"kind\":\"home\",\"from\":\"2020-03-05\",\"until\":\"2020-03-04\"}}",
         "inconsistent", "quarantine.until"},
        {"{\"quarantine\":{\"kind\":\"home\",\"from\":\"2020-03-12\"}}", "future_date",
         "quarantine.from"},
        {"{\"quarantine\":{\"kind\":\"none\",\"from\":\"2020-03-01\"}}", "inconsistent",
         "quarantine.from"},
        {"{\"quarantine\":{\"kind\":\"home\",\"from\":\"2020-03-01\",\"until\":\"2022-03-01\"}}",
         "out_of_range", "quarantine.until"},
        {"{\"health\":\"fever\",\"effective\":\"2020-04-01\"}", "future_date", "effective"},
        {"{\"presence\":\"away\",\"arrival\":{\"date\":\"2020-03-01\"}}", "inconsistent",
         "presence"},
    };
    struct residents_facts u;
    struct app_error e;

    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        json_t *j = json_loads(bad[i].json, JSON_DECODE_ANY, NULL);
        int rc = facts_parse(j, &u, &e);
        json_decref(j);
        if (rc != APP_E_INVALID || strcmp(e.code, bad[i].code) != 0 ||
            strcmp(e.field, bad[i].field) != 0)
            fail_msg("%s: got %d %s field '%s' (%s)", bad[i].json, rc, e.code, e.field, e.message);
    }
}

static struct resident_view record(const struct caller *c, int64_t id, const char *json, int want)
{
    struct residents_facts u;
    struct app_error e;
    json_t *j = json_loads(json, 0, NULL);
    int rc;

    assert_int_equal(facts_parse(j, &u, &e), 0);
    json_decref(j);
    u.c = *c;
    u.id = id;
    rc = app_write(db, NULL, residents_facts_job, &u);
    if (rc != want)
        fail_msg("%s on %lld: %d, wanted %d (%s)", json, (long long)id, rc, want, u.err.message);
    return u.out;
}

static void facts_change_colour_counts_history_and_audit(void **state)
{
    struct resident_view v;
    int64_t counts[COLOUR_COUNT], n = 0;

    (void)state;
    v = record(&grid1, ids[0],
               "{\"quarantine\":{\"kind\":\"home\",\"from\":\"2020-03-05\"},\"effective\":"
               "\"2020-03-05\"}",
               0);
    assert_int_equal(v.rp.r.colour, COLOUR_ORANGE);
    assert_int_equal(v.rp.r.facts.quarantine_until, date_from_ymd(2020, 3, 18));
    assert_true(v.masked);
    assert_string_equal(v.rp.r.name, "张*");
    assert_int_equal(store_counts_get(db, 310105002LL, counts), 0);
    assert_int_equal(counts[COLOUR_ORANGE], 1);
    assert_int_equal(store_counts_get(db, 310105002002001LL, counts), 0);
    assert_int_equal(counts[COLOUR_ORANGE], 1);
    assert_int_equal(counts[COLOUR_GREEN], 0);
    /* Outside the scope, or no right to write: nothing happens. */
    record(&grid1, ids[1], "{\"health\":\"fever\"}", APP_E_NOTFOUND);
    record(&jiangsu, ids[0], "{\"health\":\"fever\"}", APP_E_NOTFOUND);
    record(&street, ids[0], "{\"health\":\"fever\"}", APP_E_FORBIDDEN);
    record(&qishan, 999999, "{\"health\":\"fever\"}", APP_E_NOTFOUND);
    assert_int_equal(db_query_int64(db,
                                    "SELECT count(*) FROM fact_history WHERE kind = 'quarantine'",
                                    0, NULL, &n),
                     DB_ROW);
    assert_int_equal(n, 1);
    assert_int_equal(
        db_query_int64(db, "SELECT count(*) FROM audit WHERE action = 'facts'", 0, NULL, &n),
        DB_ROW);
    assert_int_equal(n, 1);
}

static void reading_is_masked_and_bounded_by_scope(void **state)
{
    struct resident_view v;
    struct app_error e;

    (void)state;
    assert_int_equal(residents_get(db, &street, ids[0], &v, &e), 0);
    assert_true(v.masked);
    assert_string_equal(v.rp.r.name, "张*");
    assert_string_equal(v.rp.r.doc_no, "310***********1235");
    assert_string_equal(v.rp.r.phone, "138****8001");
    assert_int_equal(v.rp.r.birth, DATE_NONE);
    assert_string_equal(v.rp.compound, "岐山村");
    assert_int_equal(residents_get(db, &qishan, ids[2], &v, &e), APP_E_NOTFOUND);
    assert_int_equal(residents_get(db, &grid1, ids[1], &v, &e), APP_E_NOTFOUND);
    assert_int_equal(residents_get(db, &district, ids[3], &v, &e), APP_E_NOTFOUND);
    assert_int_equal(residents_get(db, &viewer, ids[0], &v, &e), APP_E_FORBIDDEN);
    assert_int_equal(residents_get(db, &qishan, 0, &v, &e), APP_E_NOTFOUND);
}

struct seen {
    int n;
    int64_t ids[16];
};

static int see(void *arg, const struct resident_view *v)
{
    struct seen *s = arg;
    assert_true(v->masked);
    s->ids[s->n++] = v->rp.r.id;
    return 0;
}

static int list(const struct caller *c, int64_t unit, const char *q, int colour, int limit,
                int64_t cursor, struct seen *out, int64_t *next)
{
    struct residents_query rq = {unit, 0, colour, q};
    struct page pg = {cursor, limit, -1};
    struct app_error e;
    int rc;

    memset(out, 0, sizeof *out);
    rc = residents_list(db, c, &rq, &pg, see, out, NULL, &e);
    *next = pg.next;
    return rc;
}

static void lists_are_filtered_by_scope(void **state)
{
    struct seen s;
    int64_t next;

    (void)state;
    assert_int_equal(list(&qishan, 0, NULL, -1, 0, 0, &s, &next), 0);
    assert_int_equal(s.n, 2);
    assert_int_equal(list(&grid1, 0, NULL, -1, 0, 0, &s, &next), 0);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.ids[0], ids[0]);
    assert_int_equal(list(&street, 0, NULL, -1, 0, 0, &s, &next), 0);
    assert_int_equal(s.n, 3);
    assert_int_equal(list(&district, 0, NULL, -1, 0, 0, &s, &next), 0);
    assert_int_equal(s.n, 3);
    /* A unit outside the scope is as absent as one that does not exist. */
    assert_int_equal(list(&qishan, 310105002003LL, NULL, -1, 0, 0, &s, &next), APP_E_NOTFOUND);
    assert_int_equal(list(&qishan, 310105002002999LL, NULL, -1, 0, 0, &s, &next), APP_E_NOTFOUND);
    assert_int_equal(list(&street, 310105002003LL, NULL, -1, 0, 0, &s, &next), 0);
    assert_int_equal(s.n, 1);
    /* Text search: name, document or phone, never beyond the scope. */
    assert_int_equal(list(&street, 0, "赵", -1, 0, 0, &s, &next), 0);
    assert_int_equal(s.n, 1);
    assert_int_equal(list(&qishan, 0, "赵", -1, 0, 0, &s, &next), 0);
    assert_int_equal(s.n, 0);
    assert_int_equal(list(&street, 0, "1380013", -1, 0, 0, &s, &next), 0);
    assert_int_equal(s.n, 1);
    assert_int_equal(list(&street, 0, "%", -1, 0, 0, &s, &next), 0);
    assert_int_equal(s.n, 0);
    assert_int_equal(list(&street, 0, NULL, COLOUR_ORANGE, 0, 0, &s, &next), 0);
    assert_int_equal(s.n, 1);
    /* Pages. */
    assert_int_equal(list(&street, 0, NULL, -1, 2, 0, &s, &next), 0);
    assert_int_equal(s.n, 2);
    assert_int_equal(next, s.ids[1]);
    assert_int_equal(list(&street, 0, NULL, -1, 2, next, &s, &next), 0);
    assert_int_equal(s.n, 1);
    assert_int_equal(next, 0);
    assert_int_equal(list(&viewer, 0, NULL, -1, 0, 0, &s, &next), APP_E_FORBIDDEN);
}

static int count_items(void *arg, const struct audit_item *it)
{
    (*(int *)arg)++;
    assert_true(it->resident != 0);
    return 0;
}

static void unmasking_is_audited_and_the_log_read_by_person(void **state)
{
    struct residents_read u;
    struct audit_query q = {"310105198001011235", NULL};
    struct page pg = {0, 10, 0};
    struct app_error e;
    struct caller admin;
    int n = 0;

    (void)state;
    memset(&u, 0, sizeof u);
    u.c = grid1;
    u.id = ids[0];
    /* A reason is required: blank, refused and not audited. */
    snprintf(u.reason, sizeof u.reason, "  ");
    assert_int_equal(app_write(db, NULL, residents_read_unmasked_job, &u), APP_E_INVALID);
    assert_string_equal(u.err.field, "reason");
    snprintf(u.reason, sizeof u.reason, "电话通知");
    memset(&u.err, 0, sizeof u.err);
    assert_int_equal(app_write(db, NULL, residents_read_unmasked_job, &u), 0);
    assert_false(u.out.masked);
    assert_string_equal(u.out.rp.r.name, "张伟");
    assert_int_equal(u.out.rp.r.birth, date_from_ymd(1980, 1, 1));
    u.c = district; /* may read masked, may not unmask */
    assert_int_equal(app_write(db, NULL, residents_read_unmasked_job, &u), APP_E_FORBIDDEN);
    u.c = jiangsu;
    assert_int_equal(app_write(db, NULL, residents_read_unmasked_job, &u), APP_E_NOTFOUND);
    caller_cli(&admin, 3101);
    assert_int_equal(audit_list(db, &admin, &q, &pg, count_items, &n, &e), 0);
    assert_int_equal(n, 3); /* registered, facts, read_unmasked */
    assert_int_equal(pg.next, 0);
    assert_int_equal(audit_list(db, &qishan, &q, &pg, count_items, &n, &e), APP_E_FORBIDDEN);
    /* Append-only. */
    assert_true(db_exec(db, "DELETE FROM audit") < 0);
    assert_true(db_exec(db, "UPDATE audit SET account_name = 'x'") < 0);
}

struct versions {
    int n;
    int64_t v[64];
};

static int add_version(void *arg, const struct history_row *h)
{
    struct versions *s = arg;

    assert_true(s->n < 64);
    s->v[s->n++] = h->id;
    return 0;
}

/* Paging through a resident's history with small pages gives every entry
 * exactly once, newest first, and the last page says there is no next
 * one, also when it is full. */
static void history_pages_give_every_entry_once(void **state)
{
    static const char *const changes[] = {"{\"health\":\"fever\"}", "{\"health\":\"normal\"}",
                                          "{\"presence\":\"away\"}", "{\"presence\":\"in\"}"};
    struct versions all = {0}, paged;
    struct page pg = {0, 0, 0};
    struct app_error e;

    (void)state;
    for (int i = 0; i < 4; i++)
        record(&grid1, ids[0], changes[i], 0);
    pg.limit = 64;
    assert_int_equal(residents_history(db, &grid1, ids[0], &pg, add_version, &all, &e), 0);
    assert_int_equal(pg.next, 0);
    assert_true(all.n >= 5);
    for (int limit = 1; limit <= all.n + 1; limit++) {
        int pages = 0;
        memset(&paged, 0, sizeof paged);
        pg.next = 0;
        do {
            pg.cursor = pg.next;
            pg.limit = limit;
            assert_int_equal(residents_history(db, &grid1, ids[0], &pg, add_version, &paged, &e),
                             0);
            pages++;
            assert_true(pages <= all.n);
        } while (pg.next);
        assert_int_equal(pages, (all.n + limit - 1) / limit);
        assert_int_equal(paged.n, all.n);
        for (int i = 0; i < all.n; i++)
            assert_int_equal(paged.v[i], all.v[i]);
    }
    pg.cursor = 0;
    pg.limit = 1;
    assert_int_equal(residents_history(db, &jiangsu, ids[0], &pg, add_version, &paged, &e),
                     APP_E_NOTFOUND);
}

/* A resident read or written by id with its district: found and changed
 * in its own, not found and left alone when another district is named
 * (on Citus the district picks the one shard; everywhere the term is in
 * the statement, so a caller that names the wrong one sees nothing). */
static void a_resident_by_id_is_read_and_written_in_its_district(void **state)
{
    struct resident old, now, r;
    struct resident_place rp;
    int64_t own, other;

    (void)state;
    assert_int_equal(store_resident_get(db, ids[1], 0, &old), 0);
    own = unitcode_at_level(old.committee, LEVEL_DISTRICT);
    other = own == 310104 ? 310105 : 310104;
    assert_int_equal(store_resident_get(db, ids[1], own, &now), 0);
    assert_int_equal(now.id, ids[1]);
    assert_int_equal(store_resident_get(db, ids[1], other, &now), DB_E_NOTFOUND);
    assert_int_equal(store_resident_place_get(db, ids[1], own, &rp), 0);
    assert_int_equal(rp.r.id, ids[1]);
    assert_int_equal(store_resident_place_get(db, ids[1], other, &rp), DB_E_NOTFOUND);

    /* The roll-over's colour, named by a unit of another district: no row. */
    enum colour c = old.colour == COLOUR_GREEN ? COLOUR_YELLOW : COLOUR_GREEN;
    assert_int_equal(store_resident_set_colour(db, ids[1], other * 1000000 + 1001, c, DATE_NONE),
                     0);
    assert_int_equal(store_resident_get(db, ids[1], 0, &now), 0);
    assert_int_equal(now.colour, old.colour);
    assert_int_equal(store_resident_set_colour(db, ids[1], old.committee, c, DATE_NONE), 0);
    assert_int_equal(store_resident_get(db, ids[1], 0, &now), 0);
    assert_int_equal(now.colour, c);

    /* An update goes to the district the row was read in (old's). */
    r = now;
    r.version = now.version + 1;
    old = now;
    old.committee = other * 1000000 + 1001;
    assert_int_equal(store_resident_update(db, &r, &old), 0);
    assert_int_equal(store_resident_get(db, ids[1], 0, &now), 0);
    assert_int_equal(now.version, r.version - 1);
    old.committee = now.committee;
    assert_int_equal(store_resident_update(db, &r, &old), 0);
    assert_int_equal(store_resident_get(db, ids[1], 0, &now), 0);
    assert_int_equal(now.version, r.version);
}

/* A change of facts alone sets the fact columns only: the row changes and
 * the indexes of who and where (document, name, phone, committee) are not
 * rewritten, which on SQLite shows in the bytes the commit appends to the
 * WAL; a change of name and phone goes through all of them. */
static void a_change_of_facts_leaves_the_identity_indexes_alone(void **state)
{
    struct resident old, r, now;
    int64_t w0, w1, w2;
    int64_t n = 0;

    (void)state;
    assert_int_equal(store_resident_get(db, ids[1], 0, &old), 0);
    r = old;
    r.facts.health = old.facts.health == HEALTH_NORMAL ? HEALTH_FEVER : HEALTH_NORMAL;
    r.version = old.version + 1;
    w0 = db_wal_bytes(db);
    assert_int_equal(store_resident_update(db, &r, &old), 0);
    w1 = db_wal_bytes(db);
    assert_int_equal(store_resident_get(db, ids[1], 0, &now), 0);
    assert_int_equal(now.facts.health, r.facts.health);
    assert_int_equal(now.version, r.version);
    assert_string_equal(now.name, old.name);

    r = now;
    snprintf(r.name, sizeof r.name, "李娜娜");
    snprintf(r.phone, sizeof r.phone, "13800000099");
    r.version = now.version + 1;
    assert_int_equal(store_resident_update(db, &r, &now), 0);
    w2 = db_wal_bytes(db);
    assert_int_equal(store_resident_get(db, ids[1], 0, &now), 0);
    assert_string_equal(now.name, "李娜娜");
    assert_string_equal(now.phone, "13800000099");
    const struct db_value args[] = {DB_ARG_INT(r.committee), DB_ARG_TEXT("李娜娜")};
    assert_int_equal(db_get(db,
                            "SELECT count(*) FROM residents WHERE committee = $1 AND "
                            "substr(name, 1, 1) = substr($2, 1, 1) AND name = $2",
                            args, 2, NULL, &n),
                     0);
    assert_int_equal(n, 1);
    if (db_kind(db) == DB_SQLITE) {
        assert_true(w1 > w0);
        assert_true(w1 - w0 < w2 - w1);
    } else {
        assert_int_equal(w0, -1);
    }
}

/* One person, one record, whatever the district: a second resident with
 * a document already registered in another district is refused by the
 * database itself (on Citus, where the register's unique key holds within
 * a district only, by the document lookup, store/residents_docs.h), and
 * nothing of the attempt stays. */
static void a_document_is_one_person_across_districts(void **state)
{
    struct resident r, found;

    (void)state;
    assert_int_equal(store_resident_get(db, ids[1], 0, &r), 0);
    assert_int_equal(unitcode_at_level(r.committee, LEVEL_DISTRICT), 310105);
    r.id = 0;
    r.committee = 310104003001LL; /* 徐汇 */
    r.grid = 0;
    r.household = 0;
    assert_int_equal(db_begin_write(db), 0);
    assert_int_equal(store_resident_insert(db, &r), DB_E_CONSTRAINT);
    assert_int_equal(db_rollback(db), 0);
    assert_int_equal(store_resident_find_doc(db, r.doc_type, r.doc_no, &found), 0);
    assert_int_equal(found.id, ids[1]);
    assert_int_equal(found.committee, 310105002002LL);
}

/* A resident who moves to a committee of another district keeps their id;
 * they are read in the new district and not in the old one, found by their
 * document there, and their document still refuses a second person. (On
 * Citus the move is a delete and an insert: the district is the
 * distribution column.) Then back. */
static void a_resident_moves_across_districts(void **state)
{
    struct resident old, r, now, found, dup;

    (void)state;
    assert_int_equal(store_resident_get(db, ids[2], 0, &old), 0);
    assert_int_equal(old.committee, 310105002003LL);
    r = old;
    r.committee = 310104003001LL;
    r.grid = 0;
    r.household = 0;
    r.version = old.version + 1;
    assert_int_equal(db_begin_write(db), 0);
    assert_int_equal(store_resident_update(db, &r, &old), 0);
    assert_int_equal(db_commit(db), 0);
    assert_int_equal(store_resident_get(db, ids[2], 310104, &now), 0);
    assert_int_equal(now.committee, 310104003001LL);
    assert_int_equal(now.version, r.version);
    assert_int_equal(store_resident_get(db, ids[2], 310105, &found), DB_E_NOTFOUND);
    assert_int_equal(store_resident_find_doc(db, old.doc_type, old.doc_no, &found), 0);
    assert_int_equal(found.id, ids[2]);
    assert_int_equal(found.committee, 310104003001LL);

    dup = old;
    dup.id = 0;
    assert_int_equal(db_begin_write(db), 0);
    assert_int_equal(store_resident_insert(db, &dup), DB_E_CONSTRAINT);
    assert_int_equal(db_rollback(db), 0);

    r = now;
    r.committee = old.committee;
    r.version = now.version + 1;
    assert_int_equal(db_begin_write(db), 0);
    assert_int_equal(store_resident_update(db, &r, &now), 0);
    assert_int_equal(db_commit(db), 0);
    assert_int_equal(store_resident_get(db, ids[2], 310105, &found), 0);
    assert_int_equal(found.committee, 310105002003LL);
    assert_int_equal(store_resident_get(db, ids[2], 310104, &found), DB_E_NOTFOUND);
    assert_int_equal(store_resident_find_doc(db, old.doc_type, old.doc_no, &found), 0);
    assert_int_equal(found.committee, 310105002003LL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(registering_goes_through_the_register),
        cmocka_unit_test(registering_refuses_what_it_must),
        cmocka_unit_test(facts_are_validated_strictly),
        cmocka_unit_test(facts_change_colour_counts_history_and_audit),
        cmocka_unit_test(reading_is_masked_and_bounded_by_scope),
        cmocka_unit_test(lists_are_filtered_by_scope),
        cmocka_unit_test(unmasking_is_audited_and_the_log_read_by_person),
        cmocka_unit_test(history_pages_give_every_entry_once),
        cmocka_unit_test(a_resident_by_id_is_read_and_written_in_its_district),
        cmocka_unit_test(a_change_of_facts_leaves_the_identity_indexes_alone),
        cmocka_unit_test(a_document_is_one_person_across_districts),
        cmocka_unit_test(a_resident_moves_across_districts),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
