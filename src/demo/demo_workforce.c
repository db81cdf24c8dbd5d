/*
 * The demo's staff sent down (see demo_workforce.h). Names and phones are
 * made up, deterministically; every person has one deployment, so none
 * overlap.
 */
#include "demo/demo_workforce.h"

#include "app/workforce/workforce.h"
#include "core/workforce.h"
#include "core/tasks.h"
#include "store/accounts.h"
#include "store/tasks.h"
#include "store/units.h"
#include "store/workforce.h"
#include "store/workforce_posts.h"
#include "util/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_DISTRICTS  32
#define HELPER_ACCOUNT "qishan-helper"
#define HELPER_GRID    310105002002003LL /* 岐山第三网格 */
#define MAX_STREETS    512

static const char *const offices[] = {
    "市卫健委", "市公安局",     "市城管执法局", "市交通委", "市商务委", "市教委",   "市民政局",
    "市住建委", "市生态环境局", "市市场监管局", "市文旅局", "市人社局", "市财政局", "市司法局",
};
#define NOFFICES (sizeof offices / sizeof offices[0])

static const char surnames[] = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗";
static const char given[] = "伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞平刚";

struct demo {
    struct db *db;
    int32_t today;
    char *err;
    int64_t city;
    int64_t homes[DEMO_CITY_HOME_UNITS];
    int64_t next_phone;
    int64_t last_deployment; /* the id of staff()'s last deployment */
};

static void person_name(int64_t n, char out[WF_NAME_MAX])
{
    /* Each character is three bytes of UTF-8. */
    int s = (int)(n % 20), g1 = (int)(n / 20 % 20), g2 = (int)(n / 400 % 20);

    snprintf(out, WF_NAME_MAX, "%.3s%.3s%.3s", surnames + 3 * s, given + 3 * g1, given + 3 * g2);
}

static int fail(struct demo *d, const char *what, const struct app_error *e)
{
    snprintf(d->err, 256, "demo staff: %s: %s", what,
             e && e->code[0] ? e->message : db_errmsg(d->db));
    return -1;
}

static int home_unit(struct demo *d, const char *name, const char *level, int64_t unit,
                     int64_t *out)
{
    struct home_unit_row h = {0};
    struct app_error e = {0};

    snprintf(h.name, sizeof h.name, "%s", name);
    snprintf(h.level, sizeof h.level, "%s", level);
    h.unit = unit;
    if (home_unit_add(d->db, &h, &e) < 0)
        return fail(d, name, &e);
    *out = h.id;
    return 0;
}

static int post(struct demo *d, const char *name, const char *kind, int64_t unit, int min_day,
                int min_night, int64_t *out)
{
    struct duty_post_row p = {0};
    struct app_error e = {0};

    snprintf(p.name, sizeof p.name, "%s", name);
    snprintf(p.kind, sizeof p.kind, "%s", kind);
    p.unit = unit;
    p.min_day = min_day;
    p.min_night = min_night;
    if (duty_post_add(d->db, &p, &e) < 0)
        return fail(d, name, &e);
    *out = p.id;
    return 0;
}

/* A new person of home unit `home` in `batch`, deployed to `at` (0: not
 * deployed) from 10 days ago for a month. */
static int staff(struct demo *d, int64_t home, int batch, int64_t at, const char *duty,
                 const char *shift, int64_t *out)
{
    struct staff_row s = {0};
    struct duty_post_row p;
    struct deployment_row dep = {0};
    int created = 0, rc;

    person_name(d->next_phone, s.name);
    snprintf(s.phone, sizeof s.phone, "139%08lld", (long long)d->next_phone++);
    s.home_unit = home;
    s.batch = batch;
    if ((rc = store_staff_upsert(d->db, &s, &created)) < 0)
        return fail(d, "staff", NULL);
    if (out)
        *out = s.id;
    if (!at)
        return 0;
    if ((rc = store_duty_post_get(d->db, at, &p)) < 0)
        return fail(d, "post", NULL);
    dep.staff = s.id;
    dep.duty_post = at;
    dep.unit = p.area;
    dep.from = d->today - 10;
    dep.until = d->today + 20;
    snprintf(dep.duty, sizeof dep.duty, "%s", duty);
    snprintf(dep.shift, sizeof dep.shift, "%s", shift);
    if ((rc = store_deployment_insert(d->db, &dep)) < 0)
        return fail(d, "deployment", NULL);
    d->last_deployment = dep.id;
    return 0;
}

struct codes {
    int64_t v[MAX_STREETS];
    char names[MAX_STREETS][UNIT_NAME_MAX];
    int n;
};

static int collect(void *arg, const struct unit *u)
{
    struct codes *c = arg;

    if (c->n == MAX_STREETS)
        return 0;
    snprintf(c->names[c->n], UNIT_NAME_MAX, "%s", u->name);
    c->v[c->n++] = u->code;
    return 0;
}

/* Districts of the city, then the streets of each (in *streets, with the
 * index of each street's district in district_of). */
static int read_units(struct demo *d, struct codes *districts, struct codes *streets,
                      int district_of[MAX_STREETS])
{
    int rc;

    if ((rc = store_unit_children(d->db, d->city, collect, districts)) < 0)
        return fail(d, "units", NULL);
    for (int i = 0; i < districts->n; i++) {
        int before = streets->n;
        if ((rc = store_unit_children(d->db, districts->v[i], collect, streets)) < 0)
            return fail(d, "units", NULL);
        for (int j = before; j < streets->n; j++)
            district_of[j] = i;
    }
    if (!districts->n || !streets->n) {
        snprintf(d->err, 256, "demo staff: the city has no streets");
        return -1;
    }
    return 0;
}

static const char *const duties_round[] = {"community", "shops", "gate", "crowd", "rubbish"};

/* Staff sent down and their deployments, written together at the end (a
 * few multi-row statements instead of four statements a person). */
struct sent {
    struct staff_row *s;
    struct deployment_row *dep;
    size_t n;
};

/* As staff() does for one person, into the next row of x. */
static void sent_add(struct demo *d, struct sent *x, int64_t home, int batch, int64_t at,
                     int64_t area, const char *duty, const char *shift)
{
    struct staff_row *s = &x->s[x->n];
    struct deployment_row *dep = &x->dep[x->n++];

    person_name(d->next_phone, s->name);
    snprintf(s->phone, sizeof s->phone, "139%08lld", (long long)d->next_phone++);
    s->home_unit = home;
    s->batch = batch;
    dep->duty_post = at;
    dep->unit = area;
    dep->from = d->today - 10;
    dep->until = d->today + 20;
    snprintf(dep->duty, sizeof dep->duty, "%s", duty);
    snprintf(dep->shift, sizeof dep->shift, "%s", shift);
}

static int sent_write(struct demo *d, struct sent *x)
{
    if (store_staff_insert_many(d->db, x->s, x->n) < 0)
        return fail(d, "staff", NULL);
    for (size_t i = 0; i < x->n; i++)
        x->dep[i].staff = x->s[i].id;
    if (store_deployments_insert_many(d->db, x->dep, x->n) < 0)
        return fail(d, "deployment", NULL);
    return 0;
}

/* 20,000 staff of the districts' offices, each at a station of a street of
 * its own district; 3,100 of the city's 55 offices over every street.
 * stations[s] is street s's station, areas[s] that station's area. */
static int sent_down(struct demo *d, const struct codes *districts, const struct codes *streets,
                     const int district_of[MAX_STREETS], const int64_t *stations,
                     const int64_t *areas)
{
    int64_t dhome[MAX_DISTRICTS] = {0};
    char name[WF_NAME_MAX];
    int nd = districts->n < MAX_DISTRICTS ? districts->n : MAX_DISTRICTS, rc;
    struct sent x = {calloc(DEMO_DISTRICT_STAFF + DEMO_CITY_STAFF, sizeof *x.s),
                     calloc(DEMO_DISTRICT_STAFF + DEMO_CITY_STAFF, sizeof *x.dep), 0};

    if (!x.s || !x.dep) {
        rc = fail(d, "out of memory", NULL);
        goto out;
    }
    for (int i = 0; i < nd; i++) {
        snprintf(name, sizeof name, "%s机关事业单位", districts->names[i]);
        if ((rc = home_unit(d, name, "district", districts->v[i], &dhome[i])) < 0)
            goto out;
    }
    for (int i = 0; i < DEMO_DISTRICT_STAFF; i++) {
        int s = i % streets->n;
        if (district_of[s] < nd)
            sent_add(d, &x, dhome[district_of[s]], 1 + i % 3, stations[s], areas[s],
                     duties_round[i % 5], i % 3 == 2 ? "night" : "day");
    }
    for (int i = 0; i < DEMO_CITY_STAFF; i++) {
        int batch = i < 1000 ? 1 : i < 2000 ? 2 : 3, s = (i * 7) % streets->n;
        sent_add(d, &x, d->homes[i % DEMO_CITY_HOME_UNITS], batch, stations[s], areas[s],
                 duties_round[i % 5], i % 4 == 3 ? "night" : "day");
    }
    rc = sent_write(d, &x);
out:
    free(x.s);
    free(x.dep);
    return rc;
}

struct ids {
    int64_t v[256];
    int n;
};

static int collect_rubbish(void *arg, const struct task_row *t)
{
    struct ids *x = arg;

    if (t->kind == TASK_RUBBISH && x->n < (int)(sizeof x->v / sizeof x->v[0]))
        x->v[x->n++] = t->id;
    return 0;
}

/* The community helper's account (qishan-helper, made by
 * accounts_create_demo) follows its deployment: valid for its days, and
 * the rubbish round of the quarantined households of 岐山第三网格 is
 * assigned to it (the grid's worker keeps the others).
 * Nothing when the account does not exist. */
static int helper_account(struct demo *d, int64_t deployment)
{
    struct task_filter f = {0};
    struct ids *x;
    struct account a;
    int rc;

    if ((rc = store_account_by_name(d->db, HELPER_ACCOUNT, &a)) == DB_E_NOTFOUND)
        return 0;
    if (rc < 0 || (rc = store_account_set_period(d->db, a.id, d->today - 10, d->today + 20)) < 0 ||
        (rc = store_deployment_account_set(d->db, deployment, a.id)) < 0)
        return fail(d, HELPER_ACCOUNT, NULL);
    if (!(x = calloc(1, sizeof *x)))
        return fail(d, "out of memory", NULL);
    f.state = TASK_OPEN; /* those not taken yet */
    f.limit = (int)(sizeof x->v / sizeof x->v[0]);
    f.grid = HELPER_GRID;
    rc = store_tasks_find(d->db, &f, collect_rubbish, x);
    for (int i = 0; rc >= 0 && i < x->n; i++)
        rc = store_task_update(d->db, x->v[i], TASK_OPEN, NULL, a.id, clock_now());
    free(x);
    return rc < 0 ? fail(d, "rubbish round", NULL) : 0;
}

/* At one exit of the station: 12 staff from the police, city management
 * and the Jing'an district office, one temporary team of them all (a
 * temporary party branch) led by the first. */
static int exit_team(struct demo *d, const char *exit, int64_t at, int64_t jingan)
{
    struct team_row *t = calloc(1, sizeof *t);
    struct duty_post_row p;
    int rc = 0;

    if (!t)
        return fail(d, "out of memory", NULL);
    for (int k = 0; k < 12 && rc == 0; k++) {
        int64_t home = k % 3 == 0 ? d->homes[1] : k % 3 == 1 ? d->homes[2] : jingan;
        rc = staff(d, home, 1, at, k % 2 ? "crowd" : "gate", k < 8 ? "day" : "night",
                   &t->members[t->nmembers++]);
    }
    if (rc == 0) {
        snprintf(t->name, sizeof t->name, "%s临时党支部", exit);
        t->duty_post = at;
        t->lead = t->members[0];
        if ((rc = store_duty_post_get(d->db, at, &p)) == 0) {
            t->area = p.area;
            rc = store_team_insert(d->db, t);
        }
        if (rc < 0)
            rc = fail(d, "team", NULL);
    }
    free(t);
    return rc;
}

/* Shanghai Railway Station's three exits (静安区), each with a team drawn
 * from the police, city management and the Jing'an district office; the
 * community helper of 岐山居委会. */
static int station_and_qishan(struct demo *d)
{
    static const char *const exits[] = {"上海站 南出口", "上海站 北出口", "上海站 西南出口"};
    int64_t jingan = 0, at, helper;
    struct app_error e = {0};
    int rc;

    if (home_unit(d, "静安区政府办", "district", 310106, &jingan) < 0)
        return -1;
    for (int i = 0; i < 3; i++) {
        if (post(d, exits[i], "railway", 310106, 8, 4, &at) < 0)
            return -1;
        if (exit_team(d, exits[i], at, jingan) < 0)
            return -1;
    }
    if (post(d, "岐山居委会", "committee", 310105002002LL, 2, 0, &at) < 0 ||
        staff(d, d->homes[0], 1, at, "rubbish", "day", &helper) < 0 ||
        helper_account(d, d->last_deployment) < 0)
        return -1;
    rc = home_unit_attach(d->db, "weijianwei", offices[0], &e);
    if (rc < 0 && rc != APP_E_NOTFOUND) /* the demo account may not exist yet */
        return fail(d, "weijianwei", &e);
    return 0;
}

static int create_all(struct demo *d, struct codes *districts, struct codes *streets)
{
    static int district_of[MAX_STREETS];
    static int64_t stations[MAX_STREETS], areas[MAX_STREETS];
    struct duty_post_row p;
    char name[WF_NAME_MAX];

    for (int i = 0; i < DEMO_CITY_HOME_UNITS; i++) {
        if ((size_t)i < NOFFICES)
            snprintf(name, sizeof name, "%s", offices[i]);
        else
            snprintf(name, sizeof name, "市级机关第%02d单位", i + 1);
        if (home_unit(d, name, "city", d->city, &d->homes[i]) < 0)
            return -1;
    }
    if (read_units(d, districts, streets, district_of) < 0)
        return -1;
    for (int s = 0; s < streets->n; s++) {
        snprintf(name, sizeof name, "%s下沉干部服务站", streets->names[s]);
        if (post(d, name, "service", streets->v[s], 70, 35, &stations[s]) < 0)
            return -1;
        if (store_duty_post_get(d->db, stations[s], &p) < 0)
            return fail(d, "post", NULL);
        areas[s] = p.area;
    }
    if (sent_down(d, districts, streets, district_of, stations, areas) < 0)
        return -1;
    return station_and_qishan(d);
}

int demo_workforce_create(struct db *db, int32_t today, char err[256])
{
    struct demo d = {db, today, err, 0, {0}, 10000000, 0};
    struct codes *c = calloc(2, sizeof *c);
    struct home_unit_row h;
    int rc;

    if (!c) {
        snprintf(err, 256, "out of memory");
        return -1;
    }
    if ((rc = store_city_code(db, &d.city)) < 0 ||
        (rc = store_home_unit_by_name(db, offices[0], &h)) != DB_E_NOTFOUND) {
        free(c);
        if (rc == 0)
            return 0; /* done before */
        snprintf(err, 256, "demo staff: %s", db_errmsg(db));
        return rc;
    }
    if ((rc = db_begin_write(db)) < 0) {
        free(c);
        snprintf(err, 256, "demo staff: %s", db_errmsg(db));
        return rc;
    }
    db_bulk_hint(db, 1);
    rc = create_all(&d, &c[0], &c[1]);
    db_bulk_hint(db, 0);
    if (rc < 0 || (rc = db_commit(db)) < 0) {
        if (!err[0])
            snprintf(err, 256, "demo staff: %s", db_errmsg(db));
        db_rollback(db);
        rc = -1;
    }
    free(c);
    return rc;
}
