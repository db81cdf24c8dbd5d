/*
 * High-risk origins (origins.h): the rules' use cases and the offer of a
 * hand-over. The match is a substring of the origin as screened ("湖北武汉"
 * contains 湖北 and 武汉); places are written from the largest to the
 * smallest, so the match that ends last wins (then the longest): a city's
 * own rule overrides its province's.
 */
#include "app/checkpoints/origins.h"

#include "app/input.h"
#include "core/date.h"
#include "core/facts.h"

#include <stdio.h>
#include <string.h>

struct best {
    const char *origin;
    struct origin_rule r;
    size_t end, len; /* of the match so far; len 0: none */
};

static int consider(void *arg, const struct origin_rule *r)
{
    struct best *b = arg;
    size_t n = strlen(r->pattern), end = 0;

    for (const char *p = b->origin; n && (p = strstr(p, r->pattern)); p++)
        end = (size_t)(p - b->origin) + n;
    if (end && (end > b->end || (end == b->end && n > b->len))) {
        b->r = *r;
        b->end = end;
        b->len = n;
    }
    return 0;
}

int origins_offer(struct db *db, const char *origin, int abroad, int32_t arrival,
                  struct origin_offer *out)
{
    struct best b = {origin, {0}, 0, 0};
    int rc;

    memset(out, 0, sizeof *out);
    if (*origin && (rc = store_origins_list(db, 0, consider, &b)) < 0)
        return rc;
    if (b.len) {
        out->kind = b.r.kind;
        out->days = b.r.days;
        out->rule = b.r.id;
        snprintf(out->pattern, sizeof out->pattern, "%s", b.r.pattern);
    } else if (abroad) {
        out->kind = QUARANTINE_HOME;
        out->days = ORIGIN_ABROAD_DAYS;
    } else {
        return 0;
    }
    out->set = 1;
    out->from = arrival;
    out->until = arrival + out->days - 1;
    return 0;
}

json_t *origin_offer_json(const struct origin_offer *o)
{
    char from[DATE_STR_LEN], until[DATE_STR_LEN];

    if (!o->set)
        return json_null();
    date_format(o->from, from);
    date_format(o->until, until);
    return json_pack("{s:s, s:i, s:s, s:s, s:o, s:s}", "kind",
                     quarantine_code((enum quarantine_kind)o->kind), "days", o->days, "from", from,
                     "until", until, "rule", o->rule ? json_integer(o->rule) : json_null(),
                     "pattern", o->pattern);
}

json_t *origin_rule_json(const struct origin_rule *r)
{
    return json_pack("{s:I, s:s, s:s, s:i, s:s, s:s}", "id", (json_int_t)r->id, "pattern",
                     r->pattern, "kind", quarantine_code((enum quarantine_kind)r->kind), "days",
                     r->days, "note", r->note, "created_by", r->created_by);
}

int origins_add_parse(struct db *db, const json_t *body, void *job)
{
    static const char *const keys[] = {"pattern", "kind", "days", "note", NULL};
    struct origins_add *u = job;
    enum quarantine_kind k;
    char kind[16];
    int64_t days = 0;
    int present = 0, rc;

    (void)db;
    if ((rc = input_only_keys(body, keys, &u->err)) < 0 ||
        (rc = input_text(body, "pattern", INPUT_REQUIRED | INPUT_TRIM, ORIGIN_PATTERN_MAX - 1,
                         u->r.pattern, sizeof u->r.pattern, &u->err)) < 0 ||
        (rc = input_text(body, "kind", INPUT_REQUIRED, sizeof kind - 1, kind, sizeof kind,
                         &u->err)) < 0 ||
        (rc = input_count(body, "days", ORIGIN_DAYS_MAX, &days, &present, &u->err)) < 0 ||
        (rc = input_text(body, "note", INPUT_TRIM, ORIGIN_NOTE_MAX - 1, u->r.note, sizeof u->r.note,
                         &u->err)) < 0)
        return rc;
    if (quarantine_parse(kind, &k) < 0 || k == QUARANTINE_NONE)
        return app_fail(&u->err, APP_E_INVALID, "bad_value", "kind", "kind: home or central");
    if (!present || days < 1)
        return app_fail(&u->err, APP_E_INVALID, present ? "bad_number" : "missing", "days",
                        "days: 1 to %d", ORIGIN_DAYS_MAX);
    u->r.kind = (int)k;
    u->r.days = (int)days;
    return 0;
}

int origins_add_job(struct db *db, void *arg)
{
    struct origins_add *u = arg;
    int rc;

    if ((rc = app_require(&u->c, PERM_ORIGINS, &u->err)) < 0)
        return rc;
    u->r.created_at = u->now;
    snprintf(u->r.created_by, sizeof u->r.created_by, "%s", u->c.name);
    rc = store_origin_insert(db, &u->r);
    if (rc == DB_E_CONSTRAINT)
        return app_fail(&u->err, APP_E_CONFLICT, "duplicate", "pattern",
                        "a rule for %s exists: delete it first", u->r.pattern);
    return rc < 0 ? app_db_fail(&u->err, db, rc) : 0;
}

int origins_delete_job(struct db *db, void *arg)
{
    struct origins_delete *u = arg;
    int rc;

    if ((rc = app_require(&u->c, PERM_ORIGINS, &u->err)) < 0)
        return rc;
    if ((rc = store_origin_get(db, u->id, &u->out)) == DB_E_NOTFOUND)
        return app_fail(&u->err, APP_E_NOTFOUND, "not_found", "id", "no rule %lld",
                        (long long)u->id);
    if (rc < 0 || (rc = store_origin_delete(db, u->id)) < 0)
        return app_db_fail(&u->err, db, rc);
    return 0;
}

PAGE_FORWARD(origin_page, origin_fn, struct origin_rule)

int origins_list(struct db *db, const struct caller *c, struct page *pg, origin_fn fn, void *arg,
                 struct app_error *err)
{
    struct origin_page p = {{pg, 0, 0}, fn, arg};
    int rc;

    page_begin(pg, ORIGINS_PAGE_DEFAULT, ORIGINS_PAGE_MAX);
    if (!role_can(c->role, PERM_ORIGINS) && (rc = app_require(c, PERM_HANDOVER, err)) < 0)
        return rc;
    if ((rc = store_origins_list(db, pg->cursor, origin_page_one, &p)) < 0)
        return app_db_fail(err, db, rc);
    return 0;
}
