/*
 * The demo's returning staff (see demo_returnees.h): written by the same
 * use case an enterprise's application runs (app/enterprises/returnees.c),
 * as the command line, in one write transaction.
 */
#include "demo/demo_returnees.h"

#include "app/enterprises/returnees.h"
#include "core/date.h"
#include "core/idcard.h"
#include "core/unitcode.h"
#include "demo/demo.h"
#include "demo/demo_enterprises.h"
#include "store/enterprises.h"
#include "util/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DEMO_APPLIERS 3

static const struct {
    const char *name, *region, *birth, *origin;
} people[] = {
    {"周志强", "420106", "19880415", "湖北省武汉市"},
    {"吴丽娟", "340104", "19930722", "安徽省合肥市"},
    {"郑海波", "320583", "19790103", "江苏省昆山市"},
    {"孙晓梅", "330102", "19950918", "浙江省杭州市"},
    {"冯国栋", "410105", "19860227", "河南省郑州市"},
};

struct appliers {
    struct enterprise_row e[DEMO_APPLIERS];
    int n;
};

static int keep(void *arg, const struct enterprise_row *e)
{
    struct appliers *a = arg;

    a->e[a->n++] = *e;
    return a->n == DEMO_APPLIERS;
}

/* Person k as a returnee arriving `day` at home in 岐山. */
static void person(int k, int32_t day, struct returnee *r)
{
    char digits[19];
    struct idcard ic;

    memset(r, 0, sizeof *r);
    snprintf(digits, sizeof digits, "%s%s%03d", people[k].region, people[k].birth, 101 + 2 * k);
    digits[17] = (char)idcard_make_check(digits);
    digits[18] = '\0';
    snprintf(r->doc_no, sizeof r->doc_no, "%s", digits);
    snprintf(r->name, sizeof r->name, "%s", people[k].name);
    snprintf(r->phone, sizeof r->phone, "1391234%04d", 5100 + k);
    snprintf(r->origin, sizeof r->origin, "%s", people[k].origin);
    r->birth = DATE_NONE;
    if (idcard_parse(digits, 18, day, &ic) == 0) {
        r->birth = ic.birth_day;
        r->sex = ic.sex;
    }
    r->arrival = day;
    r->committee = DEMO_COMMITTEE;
}

static int record_all(struct db *db, const struct appliers *a, int32_t today, struct app_error *e)
{
    struct enterprise_application *app = calloc(1, sizeof *app);
    struct caller c;
    int rc = 0, k = 0;

    if (!app)
        return app_fail(e, APP_E_INTERNAL, "nomem", NULL, "out of memory");
    caller_cli(&c, unitcode_at_level(DEMO_HONGMEI, LEVEL_CITY));
    for (int i = 0; i < a->n && rc == 0; i++) {
        memset(app, 0, sizeof *app);
        app->has_checklist = 1;
        app->checklist = (struct enterprise_checklist){1, 2000 + 500 * i, 1};
        for (int j = 0; j < 2 - i / 2 && k < (int)(sizeof people / sizeof *people); j++, k++)
            person(k, today - 1 - j, &app->returnees[app->n++]);
        rc = application_record(db, &c, &a->e[i], today - 6, clock_now(), app, e);
    }
    free(app);
    return rc;
}

int demo_returnees_create(struct db *db, char err[256])
{
    struct enterprise_filter f = {DEMO_HONGMEI, DEMO_HONGMEI + 1, 0, 0, 0, "applied"};
    struct appliers a = {.n = 0};
    struct app_error e = {.message = ""};
    int64_t n = 0;
    int rc;

    if ((rc = db_query_int64(db, "SELECT count(*) FROM enterprise_returnees", 0, NULL, &n)) < 0 ||
        n > 0)
        goto out;
    if ((rc = store_enterprises_list(db, &f, 0, 0, keep, &a)) < 0 || (rc = db_begin_write(db)) < 0)
        goto out;
    rc = record_all(db, &a, clock_today(), &e);
    rc = rc == 0 ? db_commit(db) : (db_rollback(db), rc);
out:
    if (rc < 0)
        snprintf(err, 256, "cannot write the demo's returning staff: %s%s", e.message,
                 e.message[0] ? "" : db_errmsg(db));
    return rc < 0 ? rc : 0;
}
