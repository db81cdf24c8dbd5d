/*
 * Handlers for the org-unit tree: GET /api/v1/units/{code} (public: the
 * national division tree and the grids' names hold no personal data), the
 * colour counts of a unit and their history (within the caller's scope),
 * drawing a grid, and /healthz (which proves the database answers and
 * that the last writes did not find it full or read-only).
 *
 * The live counts are the most requested answer of all (every dashboard
 * polls them), so each unit's JSON is kept for up to a second and dropped
 * as soon as this server commits a write; a write by another process shows
 * within that second.
 */
#include "http/http.h"

#include "app/dashboard/counts.h"
#include "app/units/hierarchy.h"
#include "app/input.h"
#include "core/unitcode.h"
#include "store/units.h"
#include "util/clock.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define CACHE_SLOTS 1024
#define CACHE_TTL_S 1.0

struct cached {
    int64_t unit;
    uint64_t gen;
    double at;
    char *body;
    size_t len;
};

static struct cached cache[CACHE_SLOTS];
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t cache_gen = 1;

void http_cache_invalidate(void)
{
    __atomic_fetch_add(&cache_gen, 1, __ATOMIC_RELEASE);
}

/* Copies a fresh cached answer into res: 1, or 0 when there is none. */
static int cache_get(int64_t unit, struct http_response *res)
{
    struct cached *c = &cache[(uint64_t)unit % CACHE_SLOTS];
    uint64_t gen = __atomic_load_n(&cache_gen, __ATOMIC_ACQUIRE);
    int hit = 0;

    pthread_mutex_lock(&cache_lock);
    if (c->body && c->unit == unit && c->gen == gen && clock_mono() - c->at < CACHE_TTL_S) {
        http_reply_text(res, 200, "application/json; charset=utf-8", c->body, c->len);
        hit = 1;
    }
    pthread_mutex_unlock(&cache_lock);
    return hit;
}

static void cache_put(int64_t unit, uint64_t gen, const struct http_response *res)
{
    struct cached *c = &cache[(uint64_t)unit % CACHE_SLOTS];
    char *copy = malloc(res->len + 1);

    if (!copy)
        return;
    memcpy(copy, res->body, res->len + 1);
    pthread_mutex_lock(&cache_lock);
    free(c->body);
    c->unit = unit;
    c->gen = gen;
    c->at = clock_mono();
    c->body = copy;
    c->len = res->len;
    pthread_mutex_unlock(&cache_lock);
}

int h_healthz(struct http_request *req, struct http_response *res)
{
    int64_t city = 0;
    struct app_error e;

    if (store_city_code(req->db, &city) < 0)
        return http_reply_error(res, 503, "db_unavailable", NULL, "database: %s",
                                db_errmsg(req->db));
    /* Readiness: a database the last writes found full or read-only. */
    if (db_unwritable_now()) {
        app_db_fail(&e, NULL, db_unwritable_now());
        return http_reply_error(res, 503, e.code, NULL, "%s", e.message);
    }
    http_reply_json(res, 200, json_pack("{s:s}", "status", "ok"));
    return 0;
}

struct children_ctx {
    json_t *arr;
};

static int add_child(void *arg, const struct unit *u)
{
    struct children_ctx *c = arg;
    char code[UNITCODE_STR_LEN];

    unitcode_format(u->code, code);
    json_array_append_new(
        c->arr, json_pack("{s:s, s:s, s:i}", "code", code, "name", u->name, "level", u->level));
    return 0;
}

int h_unit_get(struct http_request *req, struct http_response *res)
{
    const char *s = req->params[0];
    int64_t code;
    struct unit u;
    struct children_ctx c;
    char codes[UNITCODE_STR_LEN], parent[UNITCODE_STR_LEN];
    int rc;

    if ((rc = unitcode_parse(s, strlen(s), &code)) < 0)
        return http_reply_error(res, 400, "bad_code", "code", "%s: %s", s, unitcode_strerror(rc));
    rc = store_unit_get(req->db, code, &u);
    if (rc == DB_E_NOTFOUND)
        return http_reply_error(res, 404, "not_found", "code", "no unit %s", s);
    if (rc < 0)
        return http_reply_error(res, 500, "db_error", NULL, "%s", db_errmsg(req->db));
    c.arr = json_array();
    if ((rc = store_unit_children(req->db, code, add_child, &c)) < 0) {
        json_decref(c.arr);
        return http_reply_error(res, 500, "db_error", NULL, "%s", db_errmsg(req->db));
    }
    unitcode_format(u.code, codes);
    unitcode_format(u.parent, parent);
    http_reply_json(res, 200,
                    json_pack("{s:s, s:s, s:i, s:s?, s:o}", "code", codes, "name", u.name, "level",
                              u.level, "parent", u.parent ? parent : NULL, "children", c.arr));
    return 0;
}

/* Parses the {code} capture; on failure replies 400 and returns -1. */
static int unit_param(struct http_request *req, struct http_response *res, int64_t *out)
{
    const char *s = req->params[0];
    int rc = unitcode_parse(s, strlen(s), out);

    if (rc < 0) {
        http_reply_error(res, 400, "bad_code", "code", "%s: %s", s, unitcode_strerror(rc));
        return -1;
    }
    return 0;
}

int h_unit_counts(struct http_request *req, struct http_response *res)
{
    struct app_error e;
    uint64_t gen;
    int64_t code;
    json_t *j;
    int rc;

    if (unit_param(req, res, &code) < 0)
        return 0;
    if ((rc = scope_check_unit(req->caller, code, PERM_COUNTS, &e)) < 0)
        return http_reply_app_error(res, rc, &e);
    if (cache_get(code, res))
        return 0;
    /* Taken before reading: a write committed meanwhile makes it stale. */
    gen = __atomic_load_n(&cache_gen, __ATOMIC_ACQUIRE);
    if (!(j = counts_json(req->db, code, &rc))) {
        if (rc == DB_E_NOTFOUND)
            return http_reply_error(res, 404, "not_found", "code", "no unit %s", req->params[0]);
        return http_reply_error(res, 500, "db_error", NULL, "%s", db_errmsg(req->db));
    }
    http_reply_json(res, 200, j);
    if (res->status == 200)
        cache_put(code, gen, res);
    return 0;
}

int h_unit_counts_history(struct http_request *req, struct http_response *res)
{
    const char *ds = http_query(req, "days");
    struct app_error e;
    int64_t code;
    long days = 30;
    char *end;
    json_t *j;
    int rc;

    if (unit_param(req, res, &code) < 0)
        return 0;
    if ((rc = scope_check_unit(req->caller, code, PERM_COUNTS, &e)) < 0)
        return http_reply_app_error(res, rc, &e);
    if (ds) {
        days = strtol(ds, &end, 10);
        if (!*ds || *end || days < 1 || days > 366)
            return http_reply_error(res, 400, "bad_value", "days", "days must be 1 to 366");
    }
    if (!(j = counts_history_json(req->db, code, clock_today(), (int)days, &rc))) {
        if (rc == DB_E_NOTFOUND)
            return http_reply_error(res, 404, "not_found", "code", "no unit %s", req->params[0]);
        return http_reply_error(res, 500, "db_error", NULL, "%s", db_errmsg(req->db));
    }
    http_reply_json(res, 200, j);
    return 0;
}

int h_unit_grids_add(struct http_request *req, struct http_response *res)
{
    static const char *const keys[] = {"name", NULL};
    struct app_error e;
    char code_s[UNITCODE_STR_LEN], name[UNIT_NAME_MAX];
    json_t *body;
    int64_t code, grid;
    int rc;

    if (unit_param(req, res, &code) < 0)
        return 0;
    if ((rc = scope_check_unit(req->caller, code, PERM_GRIDS, &e)) < 0)
        return http_reply_app_error(res, rc, &e);
    if (!(body = http_json_body(req, res)))
        return 0;
    rc = input_only_keys(body, keys, &e);
    if (rc == 0)
        rc = input_text(body, "name", INPUT_REQUIRED, 120, name, sizeof name, &e);
    json_decref(body);
    if (rc < 0)
        return http_reply_app_error(res, rc, &e);
    if ((rc = hierarchy_grid_add(req->db, code, name, &grid, &e)) < 0)
        return http_reply_error(res, rc == -1 ? 400 : 500, rc == -1 ? "bad_value" : "db_error",
                                rc == -1 ? "code" : NULL, "%s", e.message);
    unitcode_format(grid, code_s);
    http_reply_json(res, 201,
                    json_pack("{s:s, s:s, s:i, s:s}", "code", code_s, "name", name, "level",
                              LEVEL_GRID, "parent", req->params[0]));
    return 0;
}
