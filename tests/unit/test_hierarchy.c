/*
 * Unit tests for app/hierarchy with store/units: creating Shanghai from the
 * embedded division codes, parents and children, subtree counts, idempotent
 * init, refusing another city or an unknown code, and grids.
 */
#include "app/units/hierarchy.h"
#include "core/unitcode.h"
#include "store/units.h"

#include "testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

/* The error of the use cases that report one (app/app.h). */
static struct app_error ae;

static char path[512];
static struct db *db;

/* One database with Shanghai for the whole group: init is the slow part. */
static int group_setup(void **state)
{
    char err[DB_ERR_LEN];
    struct hierarchy_report rep;
    (void)state;
    testutil_db_path(path, sizeof path, "hier");
    if (db_open(path, DB_OPEN_CREATE, &db, err) < 0)
        return -1;
    return hierarchy_init_city(db, 3101, &rep, &ae);
}

static int group_teardown(void **state)
{
    (void)state;
    db_close(db);
    testutil_db_remove(path);
    return 0;
}

static void shanghai_has_its_real_counts(void **state)
{
    int64_t c[6];
    struct unit u;
    (void)state;
    assert_int_equal(store_unit_count_levels(db, 3101, c), 0);
    assert_int_equal(c[LEVEL_CITY], 1);
    assert_int_equal(c[LEVEL_DISTRICT], 16);
    assert_int_equal(c[LEVEL_STREET], 234);
    assert_int_equal(c[LEVEL_COMMITTEE], 6509);
    assert_int_equal(store_unit_get(db, 3101, &u), 0);
    assert_string_equal(u.name, "上海市");
    assert_int_equal(u.parent, 0);
}

static void qishan_sits_in_jiangsu_road_in_changning(void **state)
{
    struct unit u;
    (void)state;
    assert_int_equal(store_unit_get(db, 310105002002LL, &u), 0);
    assert_string_equal(u.name, "岐山居委会");
    assert_int_equal(u.level, LEVEL_COMMITTEE);
    assert_int_equal(u.parent, 310105002);
    assert_int_equal(store_unit_get(db, u.parent, &u), 0);
    assert_string_equal(u.name, "江苏路街道");
    assert_int_equal(store_unit_get(db, u.parent, &u), 0);
    assert_string_equal(u.name, "长宁区");
    assert_int_equal(u.parent, 3101);
}

struct collect {
    int n;
    int64_t first, last;
    int found_qishan;
};

static int collect(void *arg, const struct unit *u)
{
    struct collect *c = arg;
    if (!c->n)
        c->first = u->code;
    c->last = u->code;
    c->n++;
    if (u->code == 310105002002LL)
        c->found_qishan = 1;
    return 0;
}

static void children_in_code_order(void **state)
{
    struct collect c = {0};
    int64_t counts[6];
    (void)state;
    assert_int_equal(store_unit_children(db, 310105002, collect, &c), 0);
    assert_true(c.found_qishan);
    assert_true(c.first < c.last);
    assert_int_equal(store_unit_count_levels(db, 310105002, counts), 0);
    assert_int_equal(c.n, counts[LEVEL_COMMITTEE]);
    memset(&c, 0, sizeof c);
    assert_int_equal(store_unit_children(db, 3101, collect, &c), 0);
    assert_int_equal(c.n, 16);
    memset(&c, 0, sizeof c);
    assert_int_equal(store_unit_children(db, 0, collect, &c), 0);
    assert_int_equal(c.n, 1);
    assert_int_equal(c.first, 3101);
}

static void subtree_counts_add_up(void **state)
{
    struct collect districts = {0};
    int64_t total = 0, c[6];
    (void)state;
    /* The committees of each district add up to the city's. */
    for (int64_t d = 310101; d <= 310151; d++) {
        if (store_unit_count_levels(db, d, c) == 0)
            total += c[LEVEL_COMMITTEE];
    }
    assert_int_equal(total, 6509);
    assert_int_equal(store_unit_children(db, 3101, collect, &districts), 0);
    assert_int_equal(districts.n, 16);
}

static void init_again_changes_nothing(void **state)
{
    struct hierarchy_report rep;
    (void)state;
    assert_int_equal(hierarchy_init_city(db, 3101, &rep, &ae), 0);
    assert_int_equal(rep.created, 0);
    assert_int_equal(rep.counts[LEVEL_COMMITTEE], 6509);
}

static void other_city_or_unknown_code_is_refused(void **state)
{
    struct hierarchy_report rep;
    char err[APP_ERR_LEN] = "";
    char p2[512];
    struct db *db2;
    int64_t city = -1;
    (void)state;
    assert_int_equal(hierarchy_init_city(db, 1101, &rep, &ae), -1);
    assert_non_null(strstr(ae.message, "already holds city 3101"));
    testutil_db_path(p2, sizeof p2, "hier2");
    assert_int_equal(db_open(p2, DB_OPEN_CREATE, &db2, err), 0);
    assert_int_equal(hierarchy_init_city(db2, 9901, &rep, &ae), -1);
    assert_non_null(strstr(ae.message, "cordon cities"));
    /* Nothing was written by the failed init. */
    assert_int_equal(store_city_code(db2, &city), 0);
    assert_int_equal(city, 0);
    assert_int_equal(hierarchy_init_city(db2, 310105, &rep, &ae), -1);
    assert_non_null(strstr(ae.message, "not a city code"));
    db_close(db2);
    testutil_db_remove(p2);
}

static int count_city(void *arg, const struct city_info *c)
{
    struct collect *col = arg;
    col->n++;
    col->last = c->code;
    if (c->code == 3101 && c->committees == 6509 && c->streets == 234 && c->districts == 16)
        col->found_qishan = 1;
    return 0;
}

static void cities_filter_finds_shanghai(void **state)
{
    struct collect c = {0};
    (void)state;
    assert_int_equal(hierarchy_cities("上海", count_city, &c, &ae), 0);
    assert_int_equal(c.n, 1);
    assert_true(c.found_qishan);
    memset(&c, 0, sizeof c);
    assert_int_equal(hierarchy_cities(NULL, count_city, &c, &ae), 0);
    assert_true(c.n > 300);
}

static void grids_add_rename_remove(void **state)
{
    int64_t g1, g2;
    struct unit u;
    (void)state;
    assert_int_equal(hierarchy_grid_add(db, 310105002002LL, "岐山第一网格", &g1, &ae), 0);
    assert_int_equal(g1, 310105002002001LL);
    assert_int_equal(hierarchy_grid_add(db, 310105002002LL, "岐山第二网格", &g2, &ae), 0);
    assert_int_equal(g2, 310105002002002LL);
    assert_int_equal(store_unit_get(db, g2, &u), 0);
    assert_int_equal(u.level, LEVEL_GRID);
    assert_int_equal(u.parent, 310105002002LL);
    assert_int_equal(hierarchy_grid_rename(db, g2, "二网格", &ae), 0);
    assert_int_equal(store_unit_get(db, g2, &u), 0);
    assert_string_equal(u.name, "二网格");
    assert_int_equal(hierarchy_grid_remove(db, g1, &ae), 0);
    assert_int_equal(store_unit_get(db, g1, &u), DB_E_NOTFOUND);
    assert_int_not_equal(hierarchy_grid_remove(db, g1, &ae), 0);
    /* Grids only under committees, and the committee must exist. */
    assert_int_equal(hierarchy_grid_add(db, 310105002, "x", &g1, &ae), -1);
    assert_string_equal(ae.field, "code");
    assert_int_not_equal(hierarchy_grid_add(db, 310105002999LL, "x", &g1, &ae), 0);
    assert_non_null(strstr(ae.message, "no committee"));
    assert_int_equal(hierarchy_grid_add(db, 310105002002LL, "", &g1, &ae), -1);
    assert_string_equal(ae.field, "name");
    /* A district cannot be removed through the grid path. */
    assert_int_equal(hierarchy_grid_remove(db, 310105, &ae), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(shanghai_has_its_real_counts),
        cmocka_unit_test(qishan_sits_in_jiangsu_road_in_changning),
        cmocka_unit_test(children_in_code_order),
        cmocka_unit_test(subtree_counts_add_up),
        cmocka_unit_test(init_again_changes_nothing),
        cmocka_unit_test(other_city_or_unknown_code_is_refused),
        cmocka_unit_test(cities_filter_finds_shanghai),
        cmocka_unit_test(grids_add_rename_remove),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
