/*
 * Tests of app/checkpoints/screenings.c and app/checkpoints/handovers.c against a real database:
 * the escalation rule (pure: deadline, one period later, never above the
 * city), strict parsing of a screening with the field named, the screening
 * job (hand-over in the committee's inbox, a second screening the same day
 * flagged and not written), accepting (resident registered, arrival
 * recorded, colour and counts), rejecting and routing, the escalation sweep
 * (idempotent) and the dashboard's counters.
 */
#include "app/checkpoints/checkpoints.h"
#include "app/checkpoints/handovers.h"
#include "app/units/hierarchy.h"
#include "app/checkpoints/screenings.h"
#include "core/unitcode.h"
#include "store/residents.h"
#include "store/screenings.h"
#include "util/clock.h"

#include "testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#define QISHAN  310105002002LL
#define JIANGSU 310105002003LL
#define STREET  310105002LL
#define T0      INT64_C(1583719200) /* 2020-03-09 10:00 +08:00 */

/* The error of the use cases that report one (app/app.h). */
static struct app_error ae;

static char path[512];
static struct db *db;
static struct caller sw, se, qishan, jiangsu, street;
static int64_t post_sw, post_se;

static void make_caller(struct caller *c, const char *name, enum role r, int64_t unit, int64_t post)
{
    memset(c, 0, sizeof *c);
    snprintf(c->name, sizeof c->name, "%s", name);
    c->account = 1;
    c->role = r;
    c->unit = unit;
    c->post = post;
}

static int group_setup(void **state)
{
    char err[DB_ERR_LEN];
    struct hierarchy_report rep;
    int64_t station;

    (void)state;
    setenv("CORDON_NOW", "2020-03-09T10:00", 1);
    testutil_db_path(path, sizeof path, "handover");
    if (db_open(path, DB_OPEN_CREATE, &db, err) < 0 ||
        hierarchy_init_city(db, 3101, &rep, &ae) < 0 ||
        checkpoints_add(db, "上海站", "railway_station", 310106, &station, &ae) < 0 ||
        checkpoints_post_add(db, station, "西南出口", &post_sw, &ae) < 0 ||
        checkpoints_post_add(db, station, "东南出口", &post_se, &ae) < 0)
        return -1;
    make_caller(&sw, "sw", ROLE_CHECKPOINT, 3101, post_sw);
    make_caller(&se, "se", ROLE_CHECKPOINT, 3101, post_se);
    make_caller(&qishan, "qishan", ROLE_COMMITTEE, QISHAN, 0);
    make_caller(&jiangsu, "jiangsu", ROLE_COMMITTEE, JIANGSU, 0);
    make_caller(&street, "jiangsulu", ROLE_STREET, STREET, 0);
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    db_close(db);
    testutil_db_remove(path);
    unsetenv("CORDON_NOW");
    return 0;
}

/* Parses a body as c; returns the app status and fills *u (and e). */
static int parse(const struct caller *c, const char *json, struct screening_new *u,
                 struct app_error *e)
{
    json_t *j = json_loads(json, 0, NULL);
    int rc;

    assert_non_null(j);
    memset(u, 0, sizeof *u);
    u->c = *c;
    u->now = T0;
    u->today = clock_today();
    rc = screenings_parse(db, j, u);
    json_decref(j);
    *e = u->err;
    return rc;
}

static void screen(const struct caller *c, const char *json, struct screening_new *u)
{
    struct app_error e;
    int rc;

    if ((rc = parse(c, json, u, &e)) < 0)
        fail_msg("parse %s: %s (%s)", json, e.message, e.field);
    if ((rc = app_write(db, NULL, screenings_create_job, u)) < 0)
        fail_msg("screen %s: %d %s", json, rc, u->err.message);
}

static void escalation_rule(void **state)
{
    struct handover h;

    (void)state;
    memset(&h, 0, sizeof h);
    h.unit = QISHAN;
    h.deadline = 1000;
    h.period = 100;
    assert_int_equal(handover_escalation(&h, 999), 0);
    assert_int_equal(handover_escalation(&h, 1000), 1);
    assert_int_equal(handover_escalation(&h, 1099), 1);
    assert_int_equal(handover_escalation(&h, 1100), 2);
    assert_int_equal(handover_escalation(&h, 999999), 2);
    assert_int_equal(handover_escalated_unit(&h, 1), STREET);
    assert_int_equal(handover_escalated_unit(&h, 2), 310105);
    h.unit = 310105;
    assert_int_equal(handover_escalated_unit(&h, 1), 3101);
    assert_int_equal(handover_escalated_unit(&h, 2), 3101);
    h.state = HANDOVER_ACCEPTED;
    assert_int_equal(handover_escalation(&h, 999999), 0);
}

static const char *base = "\"name\":\"旅客\",\"origin\":\"湖北武汉\",\"destination\":"
                          "\"长宁区江苏路街道岐山村12号601室\"";

static void bad_input_names_the_field(void **state)
{
    static const struct {
        const char *json, *field, *code;
    } cases[] = {
        {"{\"document\":\"42010619900101001X\",\"temperature\":33.9,%s}", "temperature",
         "impossible_temperature"},
        {"{\"document\":\"42010619900101001X\",\"temperature\":\"43.1\",%s}", "temperature",
         "impossible_temperature"},
        {"{\"document\":\"42010619900101001X\",%s}", "temperature", "missing"},
        {"{\"document\":\"420106199001010016\",\"temperature\":36.5,%s}", "document", NULL},
        {"{\"document\":\"42010619900101001X\",\"document_override\":\"x\",\"temperature\":36.5,"
         "%s}",
         "document_override", NULL},
        {"{\"document_type\":\"passport\",\"document\":\"E1/2\",\"temperature\":36.5,%s}",
         "document", NULL},
        {"{\"document\":\"42010619900101001X\",\"temperature\":36.5,\"x\":1,%s}", "x",
         "unknown_field"},
        {"{\"document\":\"42010619900101001X\",\"temperature\":36.5,\"post\":%s,%s}", "post",
         "not_found"},
        {"{\"document\":\"42010619900101001X\",\"temperature\":36.5,\"name\":\"a\",\"origin\":"
         "\"b\",\"destination\":\"，。 \"}",
         "destination", NULL},
    };
    char json[1024], post[16];
    struct screening_new *u = malloc(sizeof *u);
    struct app_error e;

    (void)state;
    snprintf(post, sizeof post, "%lld", (long long)post_se);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (strstr(cases[i].json, "\"post\":%s"))
            snprintf(json, sizeof json, cases[i].json, post, base);
        else
            snprintf(json, sizeof json, cases[i].json, base);
        assert_true(parse(&sw, json, u, &e) < 0);
        assert_string_equal(e.field, cases[i].field);
        if (cases[i].code)
            assert_string_equal(e.code, cases[i].code);
    }
    /* Only checkpoint accounts screen. */
    snprintf(json, sizeof json, "{\"document\":\"42010619900101001X\",\"temperature\":36.5,%s}",
             base);
    assert_int_equal(parse(&qishan, json, u, &e), APP_E_FORBIDDEN);
    free(u);
}

static int64_t count(const char *sql)
{
    int64_t n = -1;
    assert_int_equal(db_query_int64(db, sql, 0, NULL, &n), DB_ROW);
    return n;
}

static void screening_hands_over_and_accepting_registers(void **state)
{
    struct screening_new *u = malloc(sizeof *u);
    struct handover_action *a = calloc(1, sizeof *a);
    struct resident r;
    int64_t before[COLOUR_COUNT], after[COLOUR_COUNT], hid;
    char json[1024];

    (void)state;
    snprintf(json, sizeof json,
             "{\"document\":\"42010619900101001X\",\"temperature\":36.5,\"abroad\":true,%s}", base);
    screen(&sw, json, u);
    assert_int_equal(u->duplicate, 0);
    assert_int_equal(u->h.unit, QISHAN);
    assert_int_equal(u->h.deadline, T0 + 12 * 3600);
    assert_string_equal(u->h.compound, "岐山村");
    assert_string_equal(u->h.room, "601");
    assert_int_equal(u->out.s.t.sex, 1);
    hid = u->h.id;
    /* The screening read by id in its post's district, by any, not in
     * another (on Citus the district picks its one shard). */
    struct screening got;
    int64_t sid = u->out.s.id, district = u->out.s.district;
    assert_true(district != 0);
    assert_int_equal(store_screening_get(db, sid, district, &got), 0);
    assert_int_equal(got.id, sid);
    assert_int_equal(store_screening_get(db, sid, 0, &got), 0);
    assert_int_equal(store_screening_get(db, sid, district == 310104 ? 310105 : 310104, &got),
                     DB_E_NOTFOUND);
    /* The same person again, at another post: the first answers. */
    screen(&se, json, u);
    assert_int_equal(u->duplicate, 1);
    assert_int_equal(u->h.id, hid);
    assert_true(u->out.masked);
    assert_int_equal(count("SELECT count(*) FROM screenings"), 1);
    assert_int_equal(count("SELECT count(*) FROM handovers"), 1);
    /* Another committee may not accept it; its own may. */
    assert_int_equal(store_counts_get(db, QISHAN, before), 0);
    a->c = jiangsu;
    a->id = hid;
    a->now = T0 + 60;
    assert_int_equal(app_write(db, NULL, handovers_accept_job, a), APP_E_NOTFOUND);
    memset(a, 0, sizeof *a);
    a->c = qishan;
    a->id = hid;
    a->now = T0 + 60;
    assert_int_equal(app_write(db, NULL, handovers_accept_job, a), 0);
    assert_int_equal(a->h.state, HANDOVER_ACCEPTED);
    assert_int_equal(store_resident_get(db, a->resident, 0, &r), 0);
    assert_int_equal(r.colour, COLOUR_YELLOW);
    assert_int_equal(r.committee, QISHAN);
    assert_true(r.household != 0);
    assert_int_equal(store_counts_get(db, QISHAN, after), 0);
    assert_int_equal(after[COLOUR_YELLOW], before[COLOUR_YELLOW] + 1);
    assert_int_equal(app_write(db, NULL, handovers_accept_job, a), APP_E_CONFLICT);
    free(a);
    free(u);
}

static void reject_route_and_escalate(void **state)
{
    struct screening_new *u = malloc(sizeof *u);
    struct handover_action *a = calloc(1, sizeof *a);
    struct escalation_report rep;
    json_t *d;
    char json[1024];
    int rc;

    (void)state;
    snprintf(json, sizeof json, "{\"document\":\"420106199001010028\",\"temperature\":38,%s}",
             base);
    screen(&sw, json, u);
    assert_true(u->out.s.fever);
    a->c = qishan;
    a->id = u->h.id;
    a->now = T0 + 600;
    assert_int_equal(app_write(db, NULL, handovers_reject_job, a), 0);
    assert_int_equal(a->h.unit, STREET);
    assert_int_equal(a->h.deadline, T0 + 600 + 12 * 3600);
    /* Now the committee no longer holds it. */
    a->c = qishan;
    assert_int_equal(app_write(db, NULL, handovers_reject_job, a), APP_E_NOTFOUND);
    a->c = street;
    a->unit = JIANGSU;
    assert_int_equal(app_write(db, NULL, handovers_route_job, a), 0);
    assert_int_equal(a->h.unit, JIANGSU);
    /* The sweep: nothing before the deadline, one step at it, idempotent. */
    assert_int_equal(handovers_escalate(db, T0 + 600 + 12 * 3600 - 1, &rep, &ae), 0);
    assert_int_equal(rep.to_street + rep.to_district, 0);
    assert_int_equal(handovers_escalate(db, T0 + 600 + 12 * 3600, &rep, &ae), 0);
    assert_int_equal(rep.to_street, 1);
    assert_int_equal(handovers_escalate(db, T0 + 600 + 12 * 3600 + 5, &rep, &ae), 0);
    assert_int_equal(rep.to_street + rep.to_district, 0);
    assert_int_equal(handovers_escalate(db, T0 + 600 + 24 * 3600, &rep, &ae), 0);
    assert_int_equal(rep.to_district, 1);
    assert_int_equal(count("SELECT count(*) FROM handover_events WHERE kind = 'escalated'"), 2);
    /* The dashboard: one fever today at the SW exit, one overdue in 江苏. */
    d = checkpoints_dashboard_json(db, 3101, T0 + 600 + 24 * 3600, clock_today(), &rc);
    assert_non_null(d);
    assert_int_equal(json_integer_value(json_object_get(json_object_get(d, "screenings"), "fever")),
                     1);
    assert_int_equal(
        json_integer_value(json_object_get(json_object_get(d, "handovers"), "overdue")), 1);
    json_decref(d);
    free(a);
    free(u);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(escalation_rule),
        cmocka_unit_test(bad_input_names_the_field),
        cmocka_unit_test(screening_hands_over_and_accepting_registers),
        cmocka_unit_test(reject_route_and_escalate),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
