/*
 * The demo's return to work (see demo_enterprises.h): places written in one
 * transaction, the enterprises generated as the street's spreadsheet and
 * taken in by the same import a street uses, then each enterprise's days
 * (applied, approved, opened) chosen by a fixed hash of its row.
 */
#include "demo/demo_enterprises.h"

#include "app/accounts/accounts.h"
#include "app/enterprises/enterprises.h"
#include "app/enterprises/import.h"
#include "app/units/hierarchy.h"
#include "core/creditcode.h"
#include "core/tasks.h"
#include "core/unitcode.h"
#include "store/orgs.h"
#include "util/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PARKS     20
#define BUILDINGS 200
#define SUPPLIERS 8

static const char *const industries[] = {"软件和信息技术", "集成电路", "生物医药", "汽车零部件",
                                         "金融服务",       "商务服务", "餐饮",     "物流"};
static const char *const words[] = {"华", "创", "科", "新", "微", "联", "达", "信", "智", "德"};

static void code_of(int n, char out[CREDITCODE_STR_LEN])
{
    snprintf(out, CREDITCODE_STR_LEN, "91310104%09d", n);
    out[17] = (char)creditcode_make_check(out);
    out[18] = '\0';
}

/* Row n of the sheet: 0 the vehicle maker, 1..8 its suppliers, then the
 * generated enterprises; park and building by n. */
static void write_row(FILE *f, int n)
{
    unsigned h = (unsigned)n * 2654435761u;
    int park = n % PARKS, building = park * (BUILDINGS / PARKS) + (int)(h >> 8) % 10;
    char code[CREDITCODE_STR_LEN];
    long staff = 5 + (long)(h >> 4) % 400, output = 100 + (long)(h >> 12) % 20000;

    code_of(n + 1, code);
    if (n == 0)
        fprintf(f, "漕河泾整车制造有限公司,%s,汽车制造,12000,8000000,", code);
    else if (n <= SUPPLIERS)
        fprintf(f, "漕河泾汽车配套%d厂,%s,汽车零部件,%ld,%ld,", n, code, 200 + staff,
                n <= 2 ? 60000L : 8000L + output);
    else
        fprintf(f, "上海%s%s%s有限公司%d,%s,%s,%ld,%ld,", words[h % 10], words[(h >> 5) % 10],
                industries[(h >> 9) % 8], n, code, industries[(h >> 9) % 8],
                (h >> 20) % 40 == 0 ? staff * 20 : staff,
                (h >> 20) % 40 == 0 ? output * 10 : output);
    fprintf(f, "漕河泾第%d园区,虹梅商务楼%d号,联系人%d,139%08d\n", park + 1, building + 1, n,
            64850000 + n);
}

static int add_places(struct db *db, char err[256])
{
    struct place_row p;
    struct app_error ae;
    int64_t grid;
    int rc;

    if ((rc = hierarchy_grid_add(db, DEMO_HONGMEI_COMMITTEE, "漕河泾园区网格", &grid, &ae)) < 0) {
        snprintf(err, 256, "%s", ae.message);
        return rc;
    }
    if ((rc = db_begin_write(db)) < 0)
        goto fail;
    for (int i = 0; i < PARKS + BUILDINGS; i++) {
        memset(&p, 0, sizeof p);
        p.committee = DEMO_HONGMEI_COMMITTEE;
        p.grid = grid;
        p.district = unitcode_at_level(DEMO_HONGMEI, LEVEL_DISTRICT);
        p.kind = i < PARKS ? PLACE_PARK : PLACE_OFFICE;
        if (i < PARKS)
            snprintf(p.name, sizeof p.name, "漕河泾第%d园区", i + 1);
        else
            snprintf(p.name, sizeof p.name, "虹梅商务楼%d号", i - PARKS + 1);
        if ((rc = store_place_insert(db, &p)) < 0) {
            db_rollback(db);
            goto fail;
        }
    }
    if ((rc = db_commit(db)) == 0)
        return 0;
fail:
    snprintf(err, 256, "cannot write the demo's parks: %s", db_errmsg(db));
    return rc;
}

static int import_sheet(struct db *db, char err[256])
{
    struct import_report rep;
    struct app_error e;
    struct caller c;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    int rc;

    if (!f) {
        snprintf(err, 256, "out of memory");
        return -1;
    }
    fprintf(f, "企业名称,统一社会信用代码,行业,员工数,年产值(万元),所在园区,所在楼宇,联系人,"
               "联系电话\n");
    for (int n = 0; n < DEMO_ENTERPRISES; n++)
        write_row(f, n);
    fclose(f);
    caller_cli(&c, unitcode_at_level(DEMO_HONGMEI, LEVEL_CITY));
    rc = enterprises_import(db, &c, DEMO_HONGMEI, NULL, buf, len, &rep, &e);
    free(buf);
    if (rc == 1)
        snprintf(err, 256, "demo enterprise rejected: line %zu: %s", rep.errors[0].line,
                 rep.errors[0].message);
    else if (rc < 0)
        snprintf(err, 256, "demo enterprises: %s", e.message);
    import_report_cleanup(&rep);
    return rc == 0 ? 0 : -1;
}

/* The days of enterprise n (id), up to the stage its hash gives, after
 * out[0..*k) (up to 4 more). */
static void set_days(int n, int64_t id, int64_t staff, int32_t today,
                     struct enterprise_day_put *out, size_t *k)
{
    static const char *const stages[] = {"applied", "approved", "partly_open", "fully_open"};
    unsigned h = ((unsigned)n * 2246822519u) >> 7;
    int stage = (int)(h % 100), last;

    /* closed 8%, applied 6%, approved 8%, partly open 23%, fully open 55%;
     * the maker fully open, its suppliers 3..8 open, 1 and 2 closed. */
    last = stage < 8 ? -1 : stage < 14 ? 0 : stage < 22 ? 1 : stage < 45 ? 2 : 3;
    if (n == 0)
        last = 3;
    else if (n <= SUPPLIERS)
        last = n <= 2 ? -1 : 2 + n % 2;
    for (int s = 0; s <= last; s++)
        out[(*k)++] = (struct enterprise_day_put){id,
                                                  today - 6 + 2 * s,
                                                  stages[s],
                                                  s == 2   ? staff / 3
                                                  : s == 3 ? staff * 9 / 10
                                                           : 0,
                                                  s == 1 ? "hongmeilu" : "demo",
                                                  "",
                                                  0};
}

struct ids {
    int64_t id[DEMO_ENTERPRISES], staff[DEMO_ENTERPRISES];
    int n;
    struct enterprise_day_put days[4 * DEMO_ENTERPRISES]; /* written in one go */
    size_t ndays;
};

static int keep_id(void *arg, const struct enterprise_row *e)
{
    struct ids *ids = arg;

    if (ids->n < DEMO_ENTERPRISES) {
        ids->staff[ids->n] = e->staff;
        ids->id[ids->n++] = e->id;
    }
    return 0;
}

static int add_days(struct db *db, int32_t today, char err[256])
{
    struct enterprise_filter flt = {DEMO_HONGMEI, DEMO_HONGMEI + 1, 0, 0, 0, ""};
    struct ids *ids = calloc(1, sizeof *ids);
    int rc;

    if (!ids) {
        snprintf(err, 256, "out of memory");
        return -1;
    }
    if ((rc = store_enterprises_list(db, &flt, 0, 0, keep_id, ids)) < 0 ||
        (rc = db_begin_write(db)) < 0)
        goto out;
    for (int i = 0; i < ids->n; i++)
        set_days(i, ids->id[i], ids->staff[i], today, ids->days, &ids->ndays);
    rc = store_enterprise_days_put_many(db, ids->days, ids->ndays);
    for (int i = 0; i <= SUPPLIERS && i < ids->n && rc == 0; i++) {
        struct app_error e;
        struct caller c;
        caller_cli(&c, unitcode_at_level(DEMO_HONGMEI, LEVEL_CITY));
        rc = enterprise_link_account(db, &c, ids->id[i], "specialist", 0, &e);
        if (rc == 0 && i > 0) /* the maker depends on its 8 suppliers */
            rc = store_enterprise_supplier_add(db, ids->id[0], ids->id[i]);
        if (rc == 0 && i == 0)
            rc = enterprise_link_account(db, &c, ids->id[i], "enterprise", 1, &e);
    }
    rc = rc == 0 ? db_commit(db) : (db_rollback(db), rc);
out:
    if (rc < 0)
        snprintf(err, 256, "cannot write the demo's enterprises: %s", db_errmsg(db));
    free(ids);
    return rc;
}

int demo_enterprises_create(struct db *db, char err[256])
{
    struct account_new street = {"hongmeilu", "street", DEMO_HONGMEI, 0, "demo-hongmeilu", 0, 0};
    char generated[ACCOUNTS_GENERATED_LEN];
    struct app_error ae;
    int64_t n = 0;
    int rc;

    if ((rc = store_enterprises_count(db, &n)) < 0) {
        snprintf(err, 256, "cannot read the database: %s", db_errmsg(db));
        return rc;
    }
    if (n > 0)
        return 0;
    if ((rc = add_places(db, err)) < 0 || (rc = import_sheet(db, err)) < 0 ||
        (rc = add_days(db, clock_today(), err)) < 0)
        return rc;
    if ((rc = accounts_create(db, &street, generated, NULL, &ae)) < 0)
        snprintf(err, 256, "%s", ae.message);
    return rc;
}
