/*
 * Creating a city's four levels from data/divisions.tsv.gz (embedded): one
 * line per unit, "code<TAB>name", sorted so that every unit follows its
 * parent. A municipality's city-level entry is named 市辖区 in the national
 * data; we show the province's name (上海市) instead, as people say it.
 */
#include "app/units/hierarchy.h"

#include "core/unitcode.h"
#include "util/assets.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DIVISIONS_ASSET "data/divisions.tsv.gz"

struct division_line {
    const char *code;
    size_t code_len;
    const char *name;
    size_t name_len;
};

/* Iterates over the lines of the inflated divisions file. */
static int next_line(const char **p, const char *end, struct division_line *out)
{
    const char *s = *p, *tab, *nl;

    if (s >= end)
        return 0;
    nl = memchr(s, '\n', (size_t)(end - s));
    if (!nl)
        nl = end;
    tab = memchr(s, '\t', (size_t)(nl - s));
    if (!tab)
        tab = nl;
    out->code = s;
    out->code_len = (size_t)(tab - s);
    out->name = tab < nl ? tab + 1 : nl;
    out->name_len = (size_t)(nl - out->name);
    *p = nl + 1;
    return 1;
}

static int load_divisions(char **out, size_t *out_len, char err[APP_ERR_LEN])
{
    const struct asset *a = asset_find(DIVISIONS_ASSET);

    if (!a) {
        snprintf(err, APP_ERR_LEN, "this build has no %s", DIVISIONS_ASSET);
        return -1;
    }
    return asset_gunzip(a, out, out_len, err);
}

static void city_display_name(const char *name, size_t len, const char *province, char *out,
                              size_t size)
{
    if ((len == strlen("市辖区") && memcmp(name, "市辖区", len) == 0) ||
        (len == strlen("县") && memcmp(name, "县", len) == 0))
        snprintf(out, size, "%s", province);
    else
        snprintf(out, size, "%.*s", (int)len, name);
}

static int insert_unit(struct db_bulk *b, int64_t code, const char *name, size_t name_len)
{
    char nm[UNIT_NAME_MAX];
    int level = unitcode_level(code);
    int64_t parent = unitcode_parent(code), district = unitcode_at_level(code, LEVEL_DISTRICT);
    struct db_value v[5] = {
        {DB_INT, code, NULL},
        {DB_TEXT, 0, nm},
        {DB_INT, level, NULL},
        {parent ? DB_INT : DB_NULL, parent, NULL},
        {DB_INT, district ? district : code, NULL},
    };

    snprintf(nm, sizeof nm, "%.*s", (int)name_len, name);
    return db_bulk_row(b, v);
}

/* hierarchy_init_city with its failure as one line in err (the asset
 * reader's convention). */
static int init_city(struct db *db, int64_t city, struct hierarchy_report *out,
                     char err[APP_ERR_LEN])
{
    char *data = NULL, prefix[UNITCODE_STR_LEN], province[UNIT_NAME_MAX] = "", cityname[16];
    size_t len = 0, plen;
    const char *p, *end;
    struct division_line ln;
    struct db_bulk *bulk = NULL;
    int64_t existing = 0;
    int rc, found = 0;

    memset(out, 0, sizeof *out);
    out->city = city;
    if (unitcode_level(city) != LEVEL_CITY) {
        snprintf(err, APP_ERR_LEN,
                 "%lld is not a city code (4 digits, e.g. 3101 for Shanghai); "
                 "`cordon cities NAME` lists them",
                 (long long)city);
        return -1;
    }
    if ((rc = store_city_code(db, &existing)) < 0) {
        snprintf(err, APP_ERR_LEN, "cannot read the database: %s", db_errmsg(db));
        return rc;
    }
    if (existing && existing != city) {
        snprintf(err, APP_ERR_LEN, "this database already holds city %lld; use another file",
                 (long long)existing);
        return -1;
    }
    if (existing == city) {
        struct unit u;
        if ((rc = store_unit_get(db, city, &u)) < 0 ||
            (rc = store_unit_count_levels(db, city, out->counts)) < 0) {
            snprintf(err, APP_ERR_LEN, "cannot read the database: %s", db_errmsg(db));
            return rc;
        }
        snprintf(out->city_name, sizeof out->city_name, "%s", u.name);
        return 0;
    }

    if (load_divisions(&data, &len, err) < 0)
        return -1;
    unitcode_format(city, prefix);
    plen = strlen(prefix);
    snprintf(cityname, sizeof cityname, "%.2s", prefix);

    if ((rc = db_begin_write(db)) < 0) {
        snprintf(err, APP_ERR_LEN, "cannot write the database: %s", db_errmsg(db));
        goto out;
    }
    if ((rc = db_bulk_begin(db, "units", "code, name, level, parent, district", 5, &bulk)) < 0)
        goto dberr;
    p = data;
    end = data + len;
    while (next_line(&p, end, &ln)) {
        int64_t code;
        if (ln.code_len == 2 && memcmp(ln.code, prefix, 2) == 0) {
            snprintf(province, sizeof province, "%.*s", (int)ln.name_len, ln.name);
            continue;
        }
        if (ln.code_len < plen || memcmp(ln.code, prefix, plen) != 0)
            continue;
        if (unitcode_parse(ln.code, ln.code_len, &code) < 0)
            continue; /* a code the tree has no level for */
        if (code == city) {
            city_display_name(ln.name, ln.name_len, province, out->city_name,
                              sizeof out->city_name);
            rc = insert_unit(bulk, code, out->city_name, strlen(out->city_name));
            found = 1;
        } else if (found) {
            rc = insert_unit(bulk, code, ln.name, ln.name_len);
        }
        if (rc < 0)
            goto dberr;
    }
    /* COPY reports a bad row (a unit whose parent is missing) only here. */
    rc = db_bulk_end(bulk);
    bulk = NULL;
    if (rc < 0)
        goto dberr;
    if (!found) {
        snprintf(err, APP_ERR_LEN,
                 "unknown city code %s; `cordon cities NAME` lists the codes (e.g. "
                 "`cordon cities 上海`)",
                 prefix);
        rc = -1;
        goto rollback;
    }
    if ((rc = store_meta_set(db, "city", prefix)) < 0)
        goto dberr;
    if ((rc = store_unit_count_levels(db, city, out->counts)) < 0)
        goto dberr;
    if ((rc = db_commit(db)) < 0)
        goto dberr;
    out->created = 1;
    rc = 0;
    goto out;
dberr:
    snprintf(err, APP_ERR_LEN, "cannot write the hierarchy: %s", db_errmsg(db));
rollback:
    db_bulk_end(bulk);
    db_rollback(db);
out:
    free(data);
    return rc;
}

static int cities(const char *filter, city_fn fn, void *arg, char err[APP_ERR_LEN])
{
    char *data = NULL, province[UNIT_NAME_MAX] = "";
    size_t len = 0;
    const char *p, *end;
    struct division_line ln;
    struct city_info cur;
    int have = 0, rc = 0;

    if (load_divisions(&data, &len, err) < 0)
        return -1;
    memset(&cur, 0, sizeof cur);
    p = data;
    end = data + len;
    for (;;) {
        int more = next_line(&p, end, &ln);
        /* A city is complete when the next city or province begins. */
        if (have && (!more || ln.code_len <= 4)) {
            char code[UNITCODE_STR_LEN];
            unitcode_format(cur.code, code);
            if (!filter || !*filter || strstr(cur.name, filter) || strstr(cur.province, filter) ||
                strstr(code, filter))
                if ((rc = fn(arg, &cur)) != 0)
                    break;
            have = 0;
        }
        if (!more)
            break;
        if (ln.code_len == 2) {
            snprintf(province, sizeof province, "%.*s", (int)ln.name_len, ln.name);
        } else if (ln.code_len == 4) {
            memset(&cur, 0, sizeof cur);
            cur.code = strtoll(ln.code, NULL, 10);
            snprintf(cur.province, sizeof cur.province, "%s", province);
            city_display_name(ln.name, ln.name_len, province, cur.name, sizeof cur.name);
            have = 1;
        } else if (have && ln.code_len == 6) {
            cur.districts++;
        } else if (have && ln.code_len == 9) {
            cur.streets++;
        } else if (have && ln.code_len == 12) {
            cur.committees++;
        }
    }
    free(data);
    return rc;
}

int hierarchy_grid_add(struct db *db, int64_t committee, const char *name, int64_t *out_code,
                       struct app_error *err)
{
    struct unit parent, g;
    int n = 0, rc;

    if (unitcode_level(committee) != LEVEL_COMMITTEE) {
        app_fail(err, APP_E_INVALID, "bad_value", "code",
                 "grids belong to a committee (a 12-digit code)");
        return -1;
    }
    if (!name || !*name || strlen(name) >= UNIT_NAME_MAX) {
        app_fail(err, APP_E_INVALID, "bad_value", "name", "a grid needs a name of 1 to %d bytes",
                 UNIT_NAME_MAX - 1);
        return -1;
    }
    if ((rc = db_begin_write(db)) < 0)
        goto dberr;
    rc = store_unit_get(db, committee, &parent);
    if (rc == DB_E_NOTFOUND) {
        app_fail(err, APP_E_NOTFOUND, "not_found", "code", "no committee %lld in this database",
                 (long long)committee);
        goto rollback;
    }
    if (rc < 0 || (rc = store_grid_last(db, committee, &n)) < 0)
        goto dberr_rb;
    if (n >= 999) {
        app_fail(err, APP_E_CONFLICT, "full", "code", "committee %lld already has 999 grids",
                 (long long)committee);
        rc = -1;
        goto rollback;
    }
    memset(&g, 0, sizeof g);
    g.code = committee * 1000 + n + 1;
    g.level = LEVEL_GRID;
    g.parent = committee;
    snprintf(g.name, sizeof g.name, "%s", name);
    if ((rc = store_unit_insert(db, &g)) < 0 || (rc = db_commit(db)) < 0)
        goto dberr_rb;
    *out_code = g.code;
    return 0;
dberr_rb:
    app_fail(err, APP_E_INTERNAL, "db_error", NULL, "cannot add the grid: %s", db_errmsg(db));
rollback:
    db_rollback(db);
    return rc < 0 ? rc : -1;
dberr:
    app_fail(err, APP_E_INTERNAL, "db_error", NULL, "cannot add the grid: %s", db_errmsg(db));
    return rc;
}

int hierarchy_grid_rename(struct db *db, int64_t grid, const char *name, struct app_error *err)
{
    int rc;

    if (unitcode_level(grid) != LEVEL_GRID) {
        app_fail(err, APP_E_INVALID, "bad_code", "grid", "%lld is not a grid code (15 digits)",
                 (long long)grid);
        return -1;
    }
    if (!name || !*name || strlen(name) >= UNIT_NAME_MAX) {
        app_fail(err, APP_E_INVALID, "bad_value", "name", "a grid needs a name of 1 to %d bytes",
                 UNIT_NAME_MAX - 1);
        return -1;
    }
    rc = store_unit_rename(db, grid, name);
    if (rc == DB_E_NOTFOUND)
        app_fail(err, APP_E_NOTFOUND, "not_found", "grid", "no grid %lld", (long long)grid);
    else if (rc < 0)
        app_fail(err, APP_E_INTERNAL, "db_error", NULL, "cannot rename the grid: %s",
                 db_errmsg(db));
    return rc;
}

int hierarchy_grid_remove(struct db *db, int64_t grid, struct app_error *err)
{
    int rc;

    if (unitcode_level(grid) != LEVEL_GRID) {
        app_fail(err, APP_E_INVALID, "bad_code", "grid", "%lld is not a grid code (15 digits)",
                 (long long)grid);
        return -1;
    }
    rc = store_unit_delete(db, grid);
    if (rc == DB_E_NOTFOUND)
        app_fail(err, APP_E_NOTFOUND, "not_found", "grid", "no grid %lld", (long long)grid);
    else if (rc == DB_E_CONSTRAINT)
        app_fail(err, APP_E_CONFLICT, "in_use", "grid",
                 "grid %lld still has places or people assigned", (long long)grid);
    else if (rc < 0)
        app_fail(err, APP_E_INTERNAL, "db_error", NULL, "cannot remove the grid: %s",
                 db_errmsg(db));
    return rc;
}

int hierarchy_init_city(struct db *db, int64_t city, struct hierarchy_report *out,
                        struct app_error *err)
{
    char why[APP_ERR_LEN];
    int rc = init_city(db, city, out, why);

    if (rc < 0)
        app_fail(err, rc == -1 ? APP_E_INVALID : APP_E_INTERNAL, "init_failed", NULL, "%s", why);
    return rc;
}

int hierarchy_cities(const char *filter, city_fn fn, void *arg, struct app_error *err)
{
    char why[APP_ERR_LEN];
    int rc = cities(filter, fn, arg, why);

    if (rc < 0)
        app_fail(err, APP_E_INTERNAL, "no_divisions", NULL, "%s", why);
    return rc;
}
