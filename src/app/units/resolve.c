/*
 * The address resolver over the database (see resolve.h). The index is
 * core/address.c's; this file fills it — the city's units from the units
 * table, former district names, the registered compounds, and every
 * province, city and county outside the city from the embedded division
 * codes — keeps it current, and turns results into what the API shows.
 * One index serves every thread: resolving takes a read lock, adding newly
 * registered compounds a write lock.
 */
#include "app/units/resolve.h"

#include "core/unitcode.h"
#include "store/gazetteer.h"
#include "util/assets.h"

#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define DIVISIONS_ASSET "data/divisions.tsv.gz"

struct resolver {
    struct address_index *ix;
    int64_t city;
    int64_t last_compound; /* largest compound id in the index */
    pthread_rwlock_t lock;
};

/* Names that districts had before mergers and redesignations, still in
 * people's mouths and on old ID cards (闸北区 became part of 静安区 in 2015).
 * Applied only when the database holds the unit. */
static const struct {
    int64_t code;
    const char *name;
} former_names[] = {
    /* clang-format off */
    {310106, "闸北区"}, /* merged into 静安区, 2015 */
    {310101, "卢湾区"}, /* into 黄浦区, 2011 */
    {310101, "南市区"}, /* into 黄浦区, 2000 */
    {310115, "南汇区"}, /* into 浦东新区, 2009 */
    {310115, "南汇县"},
    {310115, "川沙县"}, /* into 浦东新区, 1993 */
    {310112, "上海县"}, /* with the old 闵行区, 1992 */
    {310113, "宝山县"}, /* with 吴淞区, 1988 */
    {310113, "吴淞区"},
    {310114, "嘉定县"}, /* counties that became districts */
    {310116, "金山县"},
    {310117, "松江县"},
    {310118, "青浦县"},
    {310120, "奉贤县"},
    {310151, "崇明县"},
    /* clang-format on */
};

const char *resolve_strerror(int rc)
{
    switch (rc) {
    case 0:
        return "ok";
    case RESOLVE_E_EMPTY:
        return "the address is empty";
    case RESOLVE_E_TOOLONG:
        return "the address is longer than 512 bytes";
    case RESOLVE_E_UTF8:
        return "the address is not valid UTF-8";
    case RESOLVE_E_NOCITY:
        return "the database holds no city yet (run `cordon init`)";
    case RESOLVE_E_DB:
        return "database error";
    case RESOLVE_E_NOMEM:
        return "out of memory";
    default:
        return "unknown error";
    }
}

const char *resolve_status_name(enum address_status s)
{
    switch (s) {
    case ADDRESS_RESOLVED:
        return "resolved";
    case ADDRESS_PARTIAL:
        return "partial";
    case ADDRESS_AMBIGUOUS:
        return "ambiguous";
    case ADDRESS_OUTSIDE:
        return "outside";
    }
    return "?";
}

static int address_rc(int rc)
{
    switch (rc) {
    case ADDRESS_E_EMPTY:
        return RESOLVE_E_EMPTY;
    case ADDRESS_E_TOOLONG:
        return RESOLVE_E_TOOLONG;
    case ADDRESS_E_UTF8:
        return RESOLVE_E_UTF8;
    default:
        return RESOLVE_E_NOMEM;
    }
}

/* What the store's callbacks add to, and the index's own error (kept apart
 * from the store's codes, which share their numbers). */
struct compound_sink {
    struct resolver *r;
    int rc;
};

static int add_unit(void *arg, const struct unit *u)
{
    struct compound_sink *s = arg;
    int rc = address_index_add_unit(s->r->ix, u->code, u->name);

    /* A unit of another city (cannot happen with `cordon init`) is skipped. */
    if (rc == ADDRESS_E_NOMEM) {
        s->rc = rc;
        return 1;
    }
    return 0;
}

static int add_compound(void *arg, int64_t id, int64_t committee, const char *name)
{
    struct compound_sink *s = arg;
    int rc = address_index_add_compound(s->r->ix, id, committee, name);

    if (rc == ADDRESS_E_NOMEM) {
        s->rc = rc;
        return 1;
    }
    if (id > s->r->last_compound)
        s->r->last_compound = id;
    return 0;
}

/* The provinces, cities and counties outside the city, from the embedded
 * national division codes (lines "code<TAB>name", codes of 2, 4, 6, 9 and
 * 12 digits); the city's own province name becomes a name of the city. */
static int add_outside(struct address_index *ix, int64_t city, char err[RESOLVE_ERR_LEN])
{
    const struct asset *a = asset_find(DIVISIONS_ASSET);
    char *buf, *p, *end, name[UNIT_NAME_MAX], aerr[256];
    size_t len;
    int64_t province = city / 100;
    int rc = 0;

    if (!a) {
        snprintf(err, RESOLVE_ERR_LEN, "this build has no %s", DIVISIONS_ASSET);
        return RESOLVE_E_DB;
    }
    if (asset_gunzip(a, &buf, &len, aerr) < 0) {
        snprintf(err, RESOLVE_ERR_LEN, "%s", aerr);
        return RESOLVE_E_DB;
    }
    for (p = buf, end = buf + len; p < end && rc == 0;) {
        char *nl = memchr(p, '\n', (size_t)(end - p)), *tab;
        int64_t code = 0;
        int digits;

        if (!nl)
            nl = end;
        tab = memchr(p, '\t', (size_t)(nl - p));
        digits = tab ? (int)(tab - p) : 0;
        if (digits == 2 || digits == 4 || digits == 6) {
            for (char *d = p; d < tab; d++)
                code = code * 10 + (*d - '0');
            snprintf(name, sizeof name, "%.*s", (int)(nl - tab - 1), tab + 1);
            if (digits == 2 && code == province)
                rc = address_index_add_alias(ix, city, name);
            else if ((digits == 2 && code != province) || (digits == 4 && code != city) ||
                     (digits == 6 && code / 100 != city))
                rc = address_index_add_outside(ix, code, name);
            if (rc == ADDRESS_E_CODE)
                rc = 0;
        }
        p = nl + 1;
    }
    free(buf);
    if (rc < 0) {
        snprintf(err, RESOLVE_ERR_LEN, "building the address index: %s", address_strerror(rc));
        return RESOLVE_E_NOMEM;
    }
    return 0;
}

/* resolver_new with its failure as one line in err. */
static int new_resolver(struct db *db, struct resolver **out, char err[RESOLVE_ERR_LEN])
{
    struct resolver *r;
    struct unit city;
    struct compound_sink cs;
    int rc;

    *out = NULL;
    if (store_city_code(db, &city.code) < 0 ||
        (city.code && store_unit_get(db, city.code, &city) < 0)) {
        snprintf(err, RESOLVE_ERR_LEN, "%s", db_errmsg(db));
        return RESOLVE_E_DB;
    }
    if (!city.code) {
        snprintf(err, RESOLVE_ERR_LEN, "%s", resolve_strerror(RESOLVE_E_NOCITY));
        return RESOLVE_E_NOCITY;
    }
    if (!(r = calloc(1, sizeof *r)) || !(r->ix = address_index_new(city.code, city.name))) {
        free(r);
        snprintf(err, RESOLVE_ERR_LEN, "out of memory");
        return RESOLVE_E_NOMEM;
    }
    r->city = city.code;
    pthread_rwlock_init(&r->lock, NULL);
    cs.r = r;
    cs.rc = 0;
    if (store_gazetteer_units(db, add_unit, &cs) != 0) {
        snprintf(err, RESOLVE_ERR_LEN, "%s", cs.rc ? "out of memory" : db_errmsg(db));
        rc = cs.rc ? RESOLVE_E_NOMEM : RESOLVE_E_DB;
        goto fail;
    }
    for (size_t i = 0; i < sizeof former_names / sizeof former_names[0]; i++)
        if (address_index_add_alias(r->ix, former_names[i].code, former_names[i].name) ==
            ADDRESS_E_NOMEM) {
            snprintf(err, RESOLVE_ERR_LEN, "out of memory");
            rc = RESOLVE_E_NOMEM;
            goto fail;
        }
    if ((rc = add_outside(r->ix, city.code, err)) < 0)
        goto fail;
    if (store_gazetteer_compounds(db, 0, add_compound, &cs) != 0 || cs.rc) {
        snprintf(err, RESOLVE_ERR_LEN, "%s", cs.rc ? "out of memory" : db_errmsg(db));
        rc = cs.rc ? RESOLVE_E_NOMEM : RESOLVE_E_DB;
        goto fail;
    }
    *out = r;
    return 0;
fail:
    resolver_free(r);
    return rc;
}

void resolver_free(struct resolver *r)
{
    if (!r)
        return;
    address_index_free(r->ix);
    pthread_rwlock_destroy(&r->lock);
    free(r);
}

int resolver_refresh(struct resolver *r, struct db *db)
{
    struct compound_sink cs = {r, 0};
    int64_t last, known;
    int rc;

    if (store_compound_last_id(db, &last) < 0)
        return RESOLVE_E_DB;
    pthread_rwlock_rdlock(&r->lock);
    known = r->last_compound;
    pthread_rwlock_unlock(&r->lock);
    if (last <= known)
        return 0;
    pthread_rwlock_wrlock(&r->lock);
    rc = store_gazetteer_compounds(db, r->last_compound, add_compound, &cs);
    pthread_rwlock_unlock(&r->lock);
    if (cs.rc)
        return RESOLVE_E_NOMEM;
    return rc < 0 ? RESOLVE_E_DB : 0;
}

void resolver_stats(struct resolver *r, struct address_index_stats *out)
{
    pthread_rwlock_rdlock(&r->lock);
    address_index_stats(r->ix, out);
    pthread_rwlock_unlock(&r->lock);
}

static void copy_unit(const struct address_index *ix, int64_t code, struct resolved_unit *out)
{
    const char *name = address_index_name(ix, code);

    out->code = code;
    out->level = unitcode_level(code);
    snprintf(out->name, sizeof out->name, "%s", name ? name : "");
}

/* The household at the address read, when the compound is registered and
 * building and room were read: buildings are registered as 12, 12号, 12号楼,
 * 12栋..., rooms as 601 or 601室, units as 1 or 1单元. */
static void find_household(struct db *db, struct resolution *res)
{
    const struct address_place *pl = &res->a.place;
    char b[7][ADDRESS_FIELD_MAX + 8], u[2][ADDRESS_FIELD_MAX + 8], rm[2][ADDRESS_FIELD_MAX + 8];
    static const char *const bsuffix[7] = {"", "号", "号楼", "栋", "幢", "座", "楼"};
    const char *bp[7], *up[2], *rp[2];
    int64_t id;

    if (!pl->compound_id || !*pl->building || !*pl->room)
        return;
    for (int i = 0; i < 7; i++) {
        snprintf(b[i], sizeof b[i], "%s%s", pl->building, bsuffix[i]);
        bp[i] = b[i];
    }
    snprintf(u[0], sizeof u[0], "%s", pl->unit);
    snprintf(u[1], sizeof u[1], "%s单元", pl->unit);
    snprintf(rm[0], sizeof rm[0], "%s", pl->room);
    snprintf(rm[1], sizeof rm[1], "%s室", pl->room);
    up[0] = u[0], up[1] = u[1], rp[0] = rm[0], rp[1] = rm[1];
    if (store_household_at(db, pl->compound_id, bp, 7, up, *pl->unit ? 2 : 0, rp, 2, &id) == 0)
        res->household = id;
}

int resolver_resolve(struct resolver *r, struct db *db, const char *text, size_t len,
                     struct resolution *out)
{
    int rc;

    memset(&out->npath, 0, sizeof *out - offsetof(struct resolution, npath));
    pthread_rwlock_rdlock(&r->lock);
    rc = address_resolve(r->ix, text, len, &out->a);
    if (rc == 0) {
        /* Copy names out: the index may grow (and move) once the lock is released. */
        out->npath = out->a.level;
        for (int l = 1; l <= out->a.level; l++)
            copy_unit(r->ix, unitcode_at_level(out->a.code, l), &out->path[l - 1]);
        for (int i = 0; i < out->a.ncandidates && i < ADDRESS_CANDIDATES_MAX; i++)
            copy_unit(r->ix, out->a.candidates[i], &out->candidates[i]);
        out->a.name = NULL;
    }
    pthread_rwlock_unlock(&r->lock);
    if (rc < 0)
        return address_rc(rc);
    out->household = 0;
    if (db)
        find_household(db, out);
    return 0;
}

/* The shared resolver looks for new compounds at most this often: one
 * query per address would be a network round trip on PostgreSQL, and a
 * compound registered a second ago may wait a second. */
#define REFRESH_EVERY_NS 1000000000LL

static pthread_mutex_t shared_lock = PTHREAD_MUTEX_INITIALIZER;
static struct resolver *shared;
static int64_t shared_checked; /* CLOCK_MONOTONIC ns of the last refresh */

static int64_t monotonic_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int resolver_new(struct db *db, struct resolver **out, struct app_error *err)
{
    char why[RESOLVE_ERR_LEN];
    int rc = new_resolver(db, out, why);

    if (rc < 0)
        app_fail(err, APP_E_INTERNAL, "resolver", NULL, "%s", why);
    return rc;
}

int resolve_address(struct db *db, const char *text, size_t len, struct resolution *out,
                    struct app_error *err)
{
    struct resolver *r;
    int64_t now = monotonic_ns();
    int rc = 0, check = 0;

    pthread_mutex_lock(&shared_lock);
    if (!shared) {
        rc = resolver_new(db, &shared, err);
        shared_checked = now;
    } else if (now - shared_checked >= REFRESH_EVERY_NS) {
        shared_checked = now;
        check = 1;
    }
    r = shared;
    pthread_mutex_unlock(&shared_lock);
    if (rc < 0)
        return rc;
    if (check && (rc = resolver_refresh(r, db)) < 0) {
        app_fail(err, APP_E_INTERNAL, "resolver", NULL, "%s",
                 rc == RESOLVE_E_DB ? db_errmsg(db) : resolve_strerror(rc));
        return rc;
    }
    if ((rc = resolver_resolve(r, db, text, len, out)) < 0)
        app_fail(err, rc == RESOLVE_E_DB || rc == RESOLVE_E_NOCITY ? APP_E_INTERNAL : APP_E_INVALID,
                 "resolver", NULL, "%s", resolve_strerror(rc));
    return rc;
}

/* ------------------------------------------------------------------------
 * JSON
 */

static json_t *unit_json(const struct resolved_unit *u)
{
    char code[UNITCODE_STR_LEN];

    unitcode_format(u->code, code);
    return json_pack("{s:s, s:i, s:s}", "code", code, "level", u->level, "name", u->name);
}

static json_t *text_or_null(const char *s)
{
    return *s ? json_string(s) : json_null();
}

static json_t *reason(const struct resolution *res)
{
    const struct address_result *a = &res->a;
    char buf[512];

    switch (a->status) {
    case ADDRESS_RESOLVED:
        return json_null();
    case ADDRESS_OUTSIDE:
        snprintf(buf, sizeof buf, "outside the city: %s", a->outside_name);
        break;
    case ADDRESS_AMBIGUOUS:
        snprintf(buf, sizeof buf,
                 "ambiguous: the name after %s fits %d units; resolved to what they share",
                 res->path[res->npath - 1].name, a->ncandidates);
        break;
    case ADDRESS_PARTIAL:
        if (a->level == LEVEL_CITY)
            snprintf(buf, sizeof buf,
                     "no district, street or committee of %s is named at the start",
                     res->path[0].name);
        else
            snprintf(buf, sizeof buf, "no committee of %s is named",
                     res->path[res->npath - 1].name);
        break;
    default:
        return json_null();
    }
    return json_string(buf);
}

json_t *resolution_json(const struct resolution *res)
{
    const struct address_result *a = &res->a;
    const struct address_place *pl = &a->place;
    json_t *j, *path, *comp = json_null();
    char code[UNITCODE_STR_LEN];

    if (!(path = json_array()))
        return NULL;
    for (int i = 0; i < res->npath; i++)
        json_array_append_new(path, unit_json(&res->path[i]));
    if (*pl->compound)
        comp = json_pack("{s:o, s:s}", "id",
                         pl->compound_id ? json_integer(pl->compound_id) : json_null(), "name",
                         pl->compound);
    unitcode_format(a->code, code);
    j = json_pack("{s:o, s:i, s:o, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:s}", "code",
                  a->code ? json_string(code) : json_null(), "level", a->level, "name",
                  res->npath ? json_string(res->path[res->npath - 1].name) : json_null(), "rest",
                  a->rest, "status", resolve_status_name(a->status), "reason", reason(res), "path",
                  path, "compound", comp, "building", text_or_null(pl->building), "unit",
                  text_or_null(pl->unit), "floor",
                  pl->floor ? json_integer(pl->floor) : json_null(), "room", text_or_null(pl->room),
                  "household", res->household ? json_integer(res->household) : json_null(),
                  "normalized", a->normalized);
    if (!j)
        return NULL;
    if (a->status == ADDRESS_AMBIGUOUS) {
        json_t *c = json_array();
        for (int i = 0; i < a->ncandidates && i < ADDRESS_CANDIDATES_MAX; i++) {
            json_t *u = unit_json(&res->candidates[i]);
            char parent[UNITCODE_STR_LEN];
            unitcode_format(unitcode_parent(res->candidates[i].code), parent);
            json_object_set_new(u, "parent", json_string(parent));
            json_array_append_new(c, u);
        }
        json_object_set_new(j, "candidates", c);
        json_object_set_new(j, "candidates_total", json_integer(a->ncandidates));
    }
    if (a->status == ADDRESS_OUTSIDE) {
        char oc[UNITCODE_STR_LEN];
        snprintf(oc, sizeof oc, "%lld", (long long)a->outside_code);
        json_object_set_new(j, "outside",
                            json_pack("{s:s, s:s}", "code", oc, "name", a->outside_name));
    }
    return j;
}
