/*
 * The wall chart use case (see wallchart.h): a compound's rooms from
 * store/places.c into a struct wallchart, its place written out from the
 * unit tree (district, street, committee), and the renderer called on it.
 */
#include "app/dashboard/wallchart.h"

#include "app/register/rules.h"
#include "core/unitcode.h"
#include "store/units.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int in_scope(const struct place_compound *c, int64_t scope)
{
    int level = scope > 0 ? unitcode_level(scope) : 0;

    if (!level)
        return 0;
    if (level == LEVEL_GRID)
        return c->grid == scope;
    return unitcode_within(c->committee, scope);
}

/* "长宁区 江苏路街道 岐山居委会" (and the grid when the compound has one). */
static int describe_place(struct db *db, const struct place_compound *c, char *out, size_t size)
{
    static const int levels[] = {LEVEL_DISTRICT, LEVEL_STREET, LEVEL_COMMITTEE};
    struct unit u;
    size_t len = 0;
    int rc;

    out[0] = '\0';
    for (size_t i = 0; i < sizeof levels / sizeof levels[0]; i++) {
        int64_t code = unitcode_at_level(c->committee, levels[i]);
        if (!code)
            continue;
        if ((rc = store_unit_get(db, code, &u)) == DB_E_NOTFOUND)
            continue;
        if (rc < 0)
            return rc;
        len += (size_t)snprintf(out + len, len < size ? size - len : 0, "%s%s", len ? " " : "",
                                u.name);
    }
    if (c->grid && store_unit_get(db, c->grid, &u) == 0)
        snprintf(out + len, len < size ? size - len : 0, " %s", u.name);
    return 0;
}

struct loader {
    struct wallchart *w;
    int rc;
};

static int add_household(void *arg, const struct place_household *h)
{
    struct loader *ld = arg;
    struct wallchart_room r;

    memset(&r, 0, sizeof r);
    snprintf(r.unit, sizeof r.unit, "%s", h->unit);
    snprintf(r.room, sizeof r.room, "%s", h->room);
    r.floor = h->floor;
    for (int c = 0; c < COLOUR_COUNT; c++)
        r.counts[c] = h->counts[c] > INT32_MAX ? INT32_MAX : (int32_t)h->counts[c];
    r.colour = h->colour == PLACE_EMPTY ? WALLCHART_EMPTY : h->colour;
    if ((ld->rc = wallchart_add_room(ld->w, h->building_name, &r)) < 0)
        return 1;
    return 0;
}

/* wallchart_load, its failure as one line in err (the renderer's
 * convention, shared by the two below). */
static int load(struct db *db, int64_t compound, int64_t scope, int32_t today,
                struct wallchart **out, char err[WALLCHART_ERR_LEN])
{
    struct place_compound c;
    struct loader ld = {NULL, 0};
    struct colour_rules rules;
    struct app_error rerr;
    int rc;

    *out = NULL;
    rc = store_compound_get(db, compound, &c);
    if (rc == DB_E_NOTFOUND || (rc == 0 && !in_scope(&c, scope))) {
        snprintf(err, WALLCHART_ERR_LEN,
                 "no compound %lld (`cordon compounds --committee CODE` "
                 "lists them)",
                 (long long)compound);
        return WALLCHART_E_NOTFOUND;
    }
    if (rc < 0)
        goto db_error;
    if (!(ld.w = wallchart_new())) {
        snprintf(err, WALLCHART_ERR_LEN, "out of memory");
        return WALLCHART_E_NOMEM;
    }
    snprintf(ld.w->compound, sizeof ld.w->compound, "%s", c.name);
    ld.w->day = today;
    /* The legend names the colours as the city's rule table does. */
    if (rules_load(db, &rules, &rerr) == 0)
        memcpy(ld.w->labels, rules.label, sizeof ld.w->labels);
    if ((rc = describe_place(db, &c, ld.w->place, sizeof ld.w->place)) < 0)
        goto db_error;
    rc = store_households_of_compound(db, compound, add_household, &ld);
    if (rc > 0) {
        snprintf(err, WALLCHART_ERR_LEN, "%s", wallchart_strerror(ld.rc));
        wallchart_free(ld.w);
        return ld.rc;
    }
    if (rc < 0)
        goto db_error;
    *out = ld.w;
    return 0;

db_error:
    snprintf(err, WALLCHART_ERR_LEN, "cannot read compound %lld: %s", (long long)compound,
             db_errmsg(db));
    wallchart_free(ld.w);
    return WALLCHART_E_DB;
}

/* A renderer's result as an app error: rc < 0 with its line `why`. */
static int chart_fail(struct app_error *err, int rc, const char *why)
{
    if (rc < 0)
        app_fail(err,
                 rc == WALLCHART_E_NOTFOUND ? APP_E_NOTFOUND
                 : rc == WALLCHART_E_ARG    ? APP_E_INVALID
                                            : APP_E_INTERNAL,
                 "wallchart", NULL, "%s", why);
    return rc;
}

int wallchart_load(struct db *db, int64_t compound, int64_t scope, int32_t today,
                   struct wallchart **out, struct app_error *err)
{
    char why[WALLCHART_ERR_LEN];

    return chart_fail(err, load(db, compound, scope, today, out, why), why);
}

int wallchart_compound_mem(struct db *db, int64_t compound, int64_t scope, int32_t today,
                           enum wallchart_format format, int sheet, unsigned char **out,
                           size_t *out_len, struct app_error *err)
{
    struct wallchart *w;
    char why[WALLCHART_ERR_LEN];
    int rc;

    *out = NULL;
    *out_len = 0;
    if ((rc = load(db, compound, scope, today, &w, why)) < 0)
        return chart_fail(err, rc, why);
    rc = wallchart_render_mem(w, format, 0, sheet, out, out_len, why);
    wallchart_free(w);
    return chart_fail(err, rc, why);
}

int wallchart_compound_file(struct db *db, int64_t compound, int64_t scope, int32_t today,
                            enum wallchart_format format, int dpi, const char *path,
                            struct app_error *err)
{
    struct wallchart *w;
    char why[WALLCHART_ERR_LEN];
    int rc;

    if ((rc = load(db, compound, scope, today, &w, why)) < 0)
        return chart_fail(err, rc, why);
    rc = wallchart_render_file(w, format, dpi, path, why);
    wallchart_free(w);
    return chart_fail(err, rc, why);
}

/* The compounds of a committee, as ids. */
struct compound_ids {
    int64_t *ids;
    int n, cap;
};

static int add_compound_id(void *arg, const struct place_compound *c)
{
    struct compound_ids *ci = arg;

    if (ci->n == ci->cap) {
        int cap = ci->cap ? 2 * ci->cap : 32;
        int64_t *ids = realloc(ci->ids, (size_t)cap * sizeof *ids);
        if (!ids)
            return DB_E_NOMEM;
        ci->ids = ids;
        ci->cap = cap;
    }
    ci->ids[ci->n++] = c->id;
    return 0;
}

/* Loads the charts of every compound in ci that has rooms into charts[],
 * counting them in *out_n. */
static int load_all(struct db *db, const struct compound_ids *ci, int64_t scope, int32_t today,
                    struct wallchart **charts, int *out_n, char why[WALLCHART_ERR_LEN])
{
    int rc;

    *out_n = 0;
    for (int i = 0; i < ci->n; i++) {
        struct wallchart *w;
        if ((rc = load(db, ci->ids[i], scope, today, &w, why)) < 0)
            return rc;
        if (w->nrooms == 0) {
            wallchart_free(w);
            continue;
        }
        charts[(*out_n)++] = w;
    }
    return 0;
}

int wallchart_committee_mem(struct db *db, int64_t committee, int64_t scope, int32_t today,
                            unsigned char **out, size_t *out_len, struct app_error *err)
{
    struct compound_ids ci = {NULL, 0, 0};
    struct wallchart **charts = NULL;
    char why[WALLCHART_ERR_LEN];
    struct unit u;
    int rc, n = 0;

    *out = NULL;
    *out_len = 0;
    rc = store_unit_get(db, committee, &u);
    if (rc == DB_E_NOTFOUND || (rc == 0 && (unitcode_level(committee) != LEVEL_COMMITTEE ||
                                            !scope || !unitcode_within(committee, scope)))) {
        app_fail(err, APP_E_NOTFOUND, "not_found", "code", "no committee %lld",
                 (long long)committee);
        return WALLCHART_E_NOTFOUND;
    }
    if (rc < 0 || (rc = store_compounds_within(db, committee, add_compound_id, &ci)) < 0) {
        app_fail(err, APP_E_INTERNAL, "db_error", NULL, "cannot list compounds: %s", db_errmsg(db));
        rc = WALLCHART_E_DB;
        goto out;
    }
    if (!(charts = calloc(ci.n ? (size_t)ci.n : 1, sizeof *charts))) {
        rc = chart_fail(err, WALLCHART_E_NOMEM, "out of memory");
        goto out;
    }
    if ((rc = load_all(db, &ci, scope, today, charts, &n, why)) < 0)
        goto fail;
    if (n == 0) { /* no compound yet: one empty sheet with the committee's name */
        if (!(charts[0] = wallchart_new())) {
            rc = chart_fail(err, WALLCHART_E_NOMEM, "out of memory");
            goto out;
        }
        n = 1;
        snprintf(charts[0]->compound, sizeof charts[0]->compound, "%s", u.name);
        charts[0]->day = today;
    }
    if ((rc = wallchart_render_book_mem((const struct wallchart *const *)charts, n, out, out_len,
                                        why)) < 0)
        goto fail;
    goto out;
fail:
    chart_fail(err, rc, why);
out:
    for (int i = 0; charts && i < n; i++)
        wallchart_free(charts[i]);
    free(charts);
    free(ci.ids);
    return rc;
}

int wallchart_compounds(struct db *db, int64_t unit, place_compound_fn fn, void *arg,
                        struct app_error *err)
{
    struct unit u;
    int rc;

    rc = store_unit_get(db, unit, &u);
    if (rc == DB_E_NOTFOUND) {
        app_fail(err, APP_E_NOTFOUND, "not_found", "unit", "no unit %lld", (long long)unit);
        return WALLCHART_E_NOTFOUND;
    }
    if (rc == 0)
        rc = store_compounds_within(db, unit, fn, arg);
    if (rc < 0) {
        app_fail(err, APP_E_INTERNAL, "db_error", NULL, "cannot list compounds: %s", db_errmsg(db));
        return WALLCHART_E_DB;
    }
    return rc;
}
