/*
 * Quarantine cases (see quarantines.h): opening one sets the fact, readings
 * go in twice a day, a fever sets health and raises a task, a case ends
 * after its last day, or earlier, later or not at all when the health
 * authority moves its last day or it was opened by mistake.
 */
#include "app/quarantine/quarantines.h"

#include "app/accounts/audit.h"
#include "app/daytime.h"
#include "app/input.h"
#include "app/units/places_grids.h"
#include "app/register/register.h"
#include "app/register/residents.h"
#include "app/tasks/tasks.h"
#include "core/date.h"
#include "core/facts.h"
#include "core/mask.h"
#include "core/quarantine.h"
#include "core/tasks.h"
#include "core/temperature.h"
#include "core/unitcode.h"
#include "store/accounts.h"
#include "store/orgs.h"
#include "store/residents_query.h"
#include "util/clock.h"
#include "util/linktoken.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define URGENT_WITHIN (2 * 3600) /* a fever's task is due within two hours */

/* ---- the check-in link ------------------------------------------------------- */

/* The link's secret and its stored form (util/linktoken.h). */
static int new_token(char token[QUARANTINE_TOKEN_LEN])
{
    return linktoken_new(token);
}

static int token_hash(const char *token, char out[QUARANTINE_HASH_LEN])
{
    return linktoken_hash(token, out);
}

/* The case behind a check-in link; a cancelled case's link opens nothing
 * (DB_E_NOTFOUND, like a wrong one). */
static int case_by_token(struct db *db, const char *token, struct quarantine_row *out)
{
    char hash[QUARANTINE_HASH_LEN];
    int rc;

    if (token_hash(token, hash) < 0)
        return DB_E_NOTFOUND;
    rc = store_quarantine_by_token(db, hash, out);
    if (rc == 0 && out->state == QSTATE_CANCELLED)
        rc = DB_E_NOTFOUND;
    return rc;
}

/* ---- views --------------------------------------------------------------------- */

/* Appends `item` (of `size` bytes) to the `*n` items of an array of `max`,
 * dropping the oldest when full: a view keeps the latest ones. */
static void keep_latest(void *items, int *n, int max, size_t size, const void *item)
{
    char *a = items;

    if (*n == max) {
        memmove(a, a + size, (size_t)(max - 1) * size);
        (*n)--;
    }
    memcpy(a + (size_t)*n * size, item, size);
    (*n)++;
}

static int add_temp(void *arg, const struct temperature_row *t)
{
    struct quarantine_view *v = arg;

    keep_latest(v->temps, &v->ntemps, QUARANTINE_TEMPS_MAX, sizeof *t, t);
    return 0;
}

static int add_event(void *arg, const struct quarantine_event *e)
{
    struct quarantine_view *v = arg;

    keep_latest(v->events, &v->nevents, QUARANTINE_EVENTS_MAX, sizeof *e, e);
    return 0;
}

static int fill_view(struct db *db, const struct quarantine_row *q, struct quarantine_view *v)
{
    struct resident_place rp;
    struct account a;
    int32_t today = clock_today();
    int64_t due;
    int rc, have = 0;

    memset(v, 0, sizeof *v);
    v->q = *q;
    v->state = q->state;
    if (q->state == QSTATE_OPEN && q->day_until < today)
        v->state = QSTATE_ENDED;
    /* In the case's district first (one shard on Citus), then any: the
     * resident may have moved out of it since. */
    rc = store_resident_place_get(db, q->resident, q->district, &rp);
    if (rc == DB_E_NOTFOUND)
        rc = store_resident_place_get(db, q->resident, 0, &rp);
    if (rc < 0 && rc != DB_E_NOTFOUND)
        return rc;
    if (rc == 0) {
        mask_name(rp.r.name, v->name, sizeof v->name);
        v->colour = (int)rp.r.colour;
        if (q->kind == QUARANTINE_HOME && rp.r.household)
            snprintf(v->address, sizeof v->address, "%s %s %s%s%s", rp.compound, rp.building,
                     rp.unit, rp.unit[0] ? "-" : "", rp.room);
    }
    if (!v->address[0])
        snprintf(v->address, sizeof v->address, "%s", q->facility);
    if (q->follower && store_account_by_id(db, q->follower, &a) == 0)
        snprintf(v->follower, sizeof v->follower, "%s", a.name);
    daytime_last_due(daytime_now(), &v->due_day, &v->due_slot, &due);
    if (v->state == QSTATE_OPEN && v->due_day >= q->day_from && v->due_day <= q->day_until &&
        q->created_at < due) {
        if ((rc = store_temperature_exists(db, q->id, q->district, v->due_day, v->due_slot,
                                           &have)) < 0)
            return rc;
        v->missed = !have;
    }
    if ((rc = store_temperatures_of(db, q->id, q->district, today - 13, add_temp, v)) < 0)
        return rc;
    return store_quarantine_events(db, q->id, q->district, add_event, v);
}

/* The unit a case is seen from: the resident's grid, else committee. */
static int case_visible(const struct caller *c, const struct quarantine_row *q)
{
    return scope_contains(c, q->unit);
}

int quarantines_get(struct db *db, const struct caller *c, int64_t id, struct quarantine_view *out,
                    struct app_error *err)
{
    struct quarantine_row q;
    int rc;

    if ((rc = app_require(c, PERM_QUARANTINE, err)) < 0 &&
        (rc = app_require(c, PERM_REGISTER_READ, err)) < 0)
        return rc;
    rc = store_quarantine_get(db, id, &q);
    if (rc == DB_E_NOTFOUND || (rc == 0 && !case_visible(c, &q)))
        return app_fail(err, APP_E_NOTFOUND, "not_found", "id", "no quarantine case %lld",
                        (long long)id);
    if (rc < 0 || (rc = fill_view(db, &q, out)) < 0)
        return app_db_fail(err, db, rc);
    return 0;
}

struct list_ctx {
    struct db *db;
    struct page_walk w;
    quarantine_view_fn fn;
    void *arg;
};

static int list_one(void *arg, const struct quarantine_row *q)
{
    struct list_ctx *l = arg;
    struct quarantine_view *v;
    int rc;

    if (page_take(&l->w, q->id))
        return 1;
    if (!(v = malloc(sizeof *v)))
        return DB_E_NOMEM;
    if ((rc = fill_view(l->db, q, v)) == 0)
        rc = l->fn(l->arg, v);
    free(v);
    return rc;
}

int quarantines_list(struct db *db, const struct caller *c, int64_t unit, int open_only,
                     struct page *pg, quarantine_view_fn fn, void *arg, struct app_error *err)
{
    struct list_ctx l = {db, {pg, 0, 0}, fn, arg};
    int64_t scope, lo = 0, hi = 0, cursor = pg->cursor;
    int rc, limit = page_begin(pg, 50, QUARANTINES_PAGE_MAX) + 1; /* one more: a next page? */

    if ((rc = app_require(c, PERM_QUARANTINE, err)) < 0 &&
        (rc = app_require(c, PERM_REGISTER_READ, err)) < 0)
        return rc;
    if (unit && !scope_contains(c, unit))
        return app_fail(err, APP_E_NOTFOUND, "not_found", "unit", "no unit %lld", (long long)unit);
    scope = unit ? unit : scope_of(c);
    if (unitcode_level(scope) == LEVEL_GRID)
        rc = store_quarantines_within(db, 0, 0, scope, open_only, cursor, limit, list_one, &l);
    else if (unitcode_committee_range(scope, &lo, &hi) < 0)
        return app_fail(err, APP_E_NOTFOUND, "not_found", "unit", "no unit %lld", (long long)scope);
    else
        rc = store_quarantines_within(db, lo, hi, 0, open_only, cursor, limit, list_one, &l);
    if (rc < 0)
        return app_db_fail(err, db, rc);
    return 0;
}

/* ---- changing facts through the register ------------------------------------- */

/* Records quarantine and/or health facts of resident `id` through the
 * register (colour, history, counts, audit as `c`) inside the caller's
 * transaction. */
static int record_facts(struct db *db, const struct caller *c, int64_t id,
                        const struct facts_change *ch, struct app_error *err)
{
    struct resident old, r;
    int rc;

    if ((rc = store_resident_get(db, id, scope_district(c), &r)) < 0)
        return rc == DB_E_NOTFOUND ? app_fail(err, APP_E_NOTFOUND, "not_found", "resident",
                                              "no resident %lld", (long long)id)
                                   : app_db_fail(err, db, rc);
    old = r;
    return register_one(db, c, &r, &old, ch, "quarantine", "facts", NULL, err);
}

/* ---- opening a case ------------------------------------------------------------- */

/* What a case says besides its resident (kind, from, until, facility,
 * follower): shared by one resident's case and a household's. The keys are
 * checked by the caller. */
static int open_fields(const json_t *body, int32_t today, struct quarantines_open *u)
{
    char kind[16];
    enum quarantine_kind k;
    int rc, present;

    if ((rc = input_text(body, "kind", INPUT_REQUIRED, 15, kind, sizeof kind, &u->err)) < 0)
        return rc;
    if (quarantine_parse(kind, &k) < 0 || k == QUARANTINE_NONE)
        return app_fail(&u->err, APP_E_INVALID, "bad_value", "kind",
                        "kind: %s is not home or central", kind);
    u->kind = (int)k;
    if ((rc = input_past_date(body, "from", today, &u->from, &present, &u->err)) < 0)
        return rc;
    if (!present)
        return app_fail(&u->err, APP_E_INVALID, "missing", "from",
                        "from is required (the first day of the quarantine)");
    if ((rc = input_date(body, "until", &u->until, &present, &u->err)) < 0)
        return rc;
    if (!present)
        u->until = u->from + 13; /* fourteen days, both ends included */
    if (u->until < u->from)
        return app_fail(&u->err, APP_E_INVALID, "inconsistent", "until",
                        "the quarantine ends before it starts");
    if (u->until > u->from + 366)
        return app_fail(&u->err, APP_E_INVALID, "out_of_range", "until",
                        "a quarantine lasts at most a year");
    if (u->until < today)
        return app_fail(&u->err, APP_E_INVALID, "inconsistent", "until",
                        "that quarantine has already ended (until is before today)");
    if ((rc = input_text(body, "facility", 0, 120, u->facility, sizeof u->facility, &u->err)) < 0 ||
        (rc = input_text(body, "follower", 0, 63, u->follower, sizeof u->follower, &u->err)) < 0)
        return rc;
    if (u->kind == QUARANTINE_CENTRAL && !u->facility[0])
        return app_fail(&u->err, APP_E_INVALID, "missing", "facility",
                        "a central quarantine needs its facility");
    if (u->kind == QUARANTINE_HOME && u->facility[0])
        return app_fail(&u->err, APP_E_INVALID, "inconsistent", "facility",
                        "a home quarantine is at the resident's address, not a facility");
    return 0;
}

int quarantines_open_parse(struct db *db, const json_t *body, void *job)
{
    static const char *const keys[] = {"resident", "kind",     "from", "until",
                                       "facility", "follower", NULL};
    struct quarantines_open *u = job;
    int rc, present;

    (void)db;
    if ((rc = input_only_keys(body, keys, &u->err)) < 0 ||
        (rc = input_id(body, "resident", &u->resident, &present, &u->err)) < 0)
        return rc;
    if (!present)
        return app_fail(&u->err, APP_E_INVALID, "missing", "resident", "resident is required");
    return open_fields(body, u->today, u);
}

int quarantines_may_open(const struct caller *c, int64_t resident, int64_t unit, int64_t household,
                         int kind, struct app_error *err)
{
    int rc;

    if ((rc = app_require(c, PERM_QUARANTINE, err)) < 0)
        return rc;
    if (!scope_contains(c, unit))
        return app_fail(err, APP_E_NOTFOUND, "not_found", "resident", "no resident %lld",
                        (long long)resident);
    if (kind == QUARANTINE_HOME && !household)
        return app_fail(err, APP_E_INVALID, "inconsistent", "kind",
                        "the resident has no address for a home quarantine");
    return 0;
}

/* 1 if a case store_quarantine_open_of() found still runs today (one past
 * its last day is closed by opening a new one). */
static int case_still_open(const struct quarantine_row *q, int32_t today)
{
    return q->day_until >= today;
}

int quarantines_open_job(struct db *db, void *arg)
{
    struct quarantines_open *u = arg;
    struct quarantine_row q;
    struct resident r;
    struct facts_change ch;
    char hash[QUARANTINE_HASH_LEN];
    int32_t today = clock_today();
    int rc;

    if ((rc = app_require(&u->c, PERM_QUARANTINE, &u->err)) < 0)
        return rc;
    rc = store_resident_get(db, u->resident, scope_district(&u->c), &r);
    if (rc == DB_E_NOTFOUND)
        return app_fail(&u->err, APP_E_NOTFOUND, "not_found", "resident", "no resident %lld",
                        (long long)u->resident);
    if (rc < 0)
        return app_db_fail(&u->err, db, rc);
    if ((rc = quarantines_may_open(&u->c, r.id, resident_count_unit(&r), r.household, u->kind,
                                   &u->err)) < 0)
        return rc;
    rc = store_quarantine_open_of(db, r.id, &q);
    if (rc == 0 && case_still_open(&q, today))
        return app_fail(&u->err, APP_E_CONFLICT, "duplicate", "resident",
                        "the resident already has an open quarantine case (%lld)", (long long)q.id);
    if (rc == 0 && (rc = store_quarantine_close(db, q.id, QSTATE_ENDED, q.day_until + 1)) < 0)
        return app_db_fail(&u->err, db, rc);
    if (rc < 0 && rc != DB_E_NOTFOUND)
        return app_db_fail(&u->err, db, rc);
    memset(&q, 0, sizeof q);
    if (u->follower[0]) {
        struct account a;
        rc = store_account_by_name(db, u->follower, &a);
        if (rc == DB_E_NOTFOUND ||
            (rc == 0 && (a.disabled || !unitcode_within(a.grid ? a.grid : a.unit, r.committee))))
            return app_fail(&u->err, APP_E_INVALID, "bad_value", "follower",
                            "follower: %.40s is no account of the resident's committee",
                            u->follower);
        if (rc < 0)
            return app_db_fail(&u->err, db, rc);
        q.follower = a.id;
    } else if (r.grid && (rc = grids_responsible(db, r.grid, &q.follower, NULL)) < 0) {
        return app_db_fail(&u->err, db, rc);
    }
    if (!q.follower && u->c.account)
        q.follower = u->c.account;
    q.resident = r.id;
    q.household = r.household;
    q.unit = resident_count_unit(&r);
    q.committee = r.committee;
    q.district = unitcode_at_level(r.committee, LEVEL_DISTRICT);
    q.kind = u->kind;
    q.day_from = u->from;
    q.day_until = u->until;
    snprintf(q.facility, sizeof q.facility, "%s", u->facility);
    q.created_at = daytime_now();
    snprintf(q.created_by, sizeof q.created_by, "%s", u->c.name);
    if (new_token(u->token) < 0 || token_hash(u->token, hash) < 0)
        return app_fail(&u->err, APP_E_INTERNAL, "random", NULL, "no random numbers");
    if ((rc = store_quarantine_insert(db, &q, hash)) < 0)
        return app_db_fail(&u->err, db, rc);
    memset(&ch, 0, sizeof ch);
    if (u->facts)
        ch = *u->facts;
    ch.set |= FACT_QUARANTINE;
    ch.quarantine = (enum quarantine_kind)u->kind;
    ch.quarantine_from = u->from;
    ch.quarantine_until = u->until;
    if (!u->facts)
        ch.effective = u->from;
    if ((rc = record_facts(db, &u->c, r.id, &ch, &u->err)) < 0)
        return rc;
    if ((rc = tasks_generate_for_case(db, &q, today, daytime_now(), &u->tasks)) < 0)
        return app_db_fail(&u->err, db, rc);
    if ((rc = fill_view(db, &q, &u->out)) < 0)
        return app_db_fail(&u->err, db, rc);
    return 0;
}

/* ---- from a quarantine fact ---------------------------------------------------------- */

int quarantines_fact_opens_case(const struct facts_change *ch, int32_t today)
{
    return (ch->set & FACT_QUARANTINE) && ch->quarantine != QUARANTINE_NONE &&
           ch->quarantine_until != DATE_NONE && ch->quarantine_until >= today;
}

int quarantines_open_for_fact(struct db *db, const struct caller *c, int64_t resident,
                              const struct facts_change *ch, int64_t *out_case,
                              char token[QUARANTINE_TOKEN_LEN], struct app_error *err)
{
    struct quarantines_open *u = calloc(1, sizeof *u);
    struct quarantine_row q;
    int rc;

    if (!u)
        return app_fail(err, APP_E_INTERNAL, "nomem", NULL, "out of memory");
    rc = store_quarantine_open_of(db, resident, &q);
    if (rc == 0 && case_still_open(&q, clock_today())) {
        rc = app_fail(err, APP_E_CONFLICT, "case_open", "quarantine",
                      "the resident is already in quarantine case %lld: change the case",
                      (long long)q.id);
        goto out;
    }
    if (rc < 0 && rc != DB_E_NOTFOUND) {
        rc = app_db_fail(err, db, rc);
        goto out;
    }
    u->c = *c;
    u->today = clock_today();
    u->resident = resident;
    u->kind = (int)ch->quarantine;
    u->from = ch->quarantine_from;
    u->until = ch->quarantine_until;
    u->facts = ch;
    if ((rc = quarantines_open_job(db, u)) < 0) {
        *err = u->err;
        goto out;
    }
    *out_case = u->out.q.id;
    snprintf(token, QUARANTINE_TOKEN_LEN, "%s", u->token);
    rc = 0;
out:
    free(u);
    return rc;
}

/* ---- a whole household ------------------------------------------------------------ */

int quarantines_household_parse(struct db *db, const json_t *body, void *job)
{
    static const char *const keys[] = {"kind", "from", "until", "facility", "follower", NULL};
    struct quarantines_household *u = job;
    int rc;

    (void)db;
    /* The fields of one resident's case; the residents are the household's. */
    if (json_is_object(body) && json_object_get(body, "resident"))
        return app_fail(&u->err, APP_E_INVALID, "unknown_field", "resident",
                        "unknown field resident (the household's residents are meant)");
    if ((rc = input_only_keys(body, keys, &u->err)) < 0)
        return rc;
    if ((rc = open_fields(body, u->today, &u->one)) < 0)
        u->err = u->one.err;
    u->household = u->id;
    return rc;
}

/* 1 in *out_open when resident `id` is in a case that still runs today:
 * the household skips it (asked explicitly, not inferred from an error). */
static int already_open(struct db *db, int64_t id, int32_t today, int *out_open)
{
    struct quarantine_row q;
    int rc = store_quarantine_open_of(db, id, &q);

    *out_open = rc == 0 && case_still_open(&q, today);
    return rc == DB_E_NOTFOUND ? 0 : rc;
}

/* Opens the household template's case for resident `id` in a savepoint of
 * its own: when any step fails, nothing of this resident's is kept, and the
 * error is the household's (the writer then rolls the whole job back). */
static int open_one(struct db *db, struct quarantines_household *u, int64_t id)
{
    struct quarantines_open *o = &u->one;
    int rc;

    o->c = u->c;
    o->resident = id;
    o->tasks = 0;
    memset(&o->err, 0, sizeof o->err);
    if ((rc = db_savepoint(db, "household_one")) < 0)
        return app_db_fail(&u->err, db, rc);
    if ((rc = quarantines_open_job(db, o)) < 0) {
        u->err = o->err;
        if (db_savepoint_undo(db, "household_one") < 0 ||
            db_savepoint_release(db, "household_one") < 0)
            return app_db_fail(&u->err, db, DB_E_ERROR);
        return rc;
    }
    if ((rc = db_savepoint_release(db, "household_one")) < 0)
        return app_db_fail(&u->err, db, rc);
    u->cases[u->n].view = o->out;
    snprintf(u->cases[u->n].token, sizeof u->cases[u->n].token, "%s", o->token);
    u->n++;
    u->tasks += o->tasks;
    return 0;
}

int quarantines_household_job(struct db *db, void *arg)
{
    struct quarantines_household *u = arg;
    struct household_info h;
    int64_t ids[QUARANTINE_HOUSEHOLD_MAX];
    int32_t today = clock_today();
    int n = 0, rc;

    if ((rc = app_require(&u->c, PERM_QUARANTINE, &u->err)) < 0)
        return rc;
    rc = store_household_get(db, u->household, &h);
    if (rc == DB_E_NOTFOUND)
        return app_fail(&u->err, APP_E_NOTFOUND, "not_found", "id", "no household %lld",
                        (long long)u->household);
    if (rc < 0)
        return app_db_fail(&u->err, db, rc);
    if ((rc = store_household_residents(db, u->household, h.committee, ids,
                                        QUARANTINE_HOUSEHOLD_MAX, &n)) < 0)
        return app_db_fail(&u->err, db, rc);
    u->n = u->nskipped = 0;
    u->tasks = 0;
    for (int i = 0; i < n; i++) {
        struct resident r;
        int open = 0;

        if ((rc = store_resident_get(db, ids[i], scope_district(&u->c), &r)) < 0)
            return app_db_fail(&u->err, db, rc);
        if (!scope_contains(&u->c, resident_count_unit(&r)))
            continue; /* another grid's resident: not this worker's to open */
        if ((rc = already_open(db, ids[i], today, &open)) < 0)
            return app_db_fail(&u->err, db, rc);
        if (open) {
            u->skipped[u->nskipped++] = ids[i];
            continue;
        }
        if ((rc = open_one(db, u, ids[i])) < 0)
            return rc;
    }
    if (u->n == 0 && u->nskipped == 0)
        return app_fail(&u->err, APP_E_NOTFOUND, "not_found", "id", "no household %lld",
                        (long long)u->household);
    return 0;
}

/* ---- temperatures --------------------------------------------------------------- */

int quarantines_temp_parse(struct db *db, const json_t *body, void *job)
{
    static const char *const keys[] = {"temperature", "slot", "day", NULL};
    struct quarantines_temp *u = job;
    const json_t *t;
    char slot[16];
    int rc, present;

    (void)db;
    u->slot = -1;
    u->day = DATE_NONE;
    if ((rc = input_only_keys(body, keys, &u->err)) < 0)
        return rc;
    t = json_object_get(body, "temperature");
    if (!t || json_is_null(t))
        return app_fail(&u->err, APP_E_INVALID, "missing", "temperature",
                        "temperature is required (°C, e.g. 36.6)");
    if (json_is_number(t))
        rc = temperature_from_double(json_number_value(t), &u->tenths);
    else if (json_is_string(t))
        rc = temperature_parse(json_string_value(t), strlen(json_string_value(t)), &u->tenths);
    else
        return app_fail(&u->err, APP_E_INVALID, "bad_type", "temperature",
                        "temperature must be a number of °C");
    if (rc < 0)
        return app_fail(&u->err, APP_E_INVALID, temperature_errcode(rc), "temperature",
                        "temperature: %s", temperature_strerror(rc));
    if ((rc = input_text(body, "slot", 0, 15, slot, sizeof slot, &u->err)) < 0)
        return rc;
    if (slot[0]) {
        if (strcmp(slot, "morning") == 0)
            u->slot = 0;
        else if (strcmp(slot, "evening") == 0)
            u->slot = 1;
        else
            return app_fail(&u->err, APP_E_INVALID, "bad_value", "slot",
                            "slot: %s is not morning or evening", slot);
    }
    if ((rc = input_date(body, "day", &u->day, &present, &u->err)) < 0)
        return rc;
    return 0;
}

/* A fever: health = fever (unless already fever, suspected or confirmed)
 * and an urgent inspection task for the follower (or the grid's person). */
static int raise_fever(struct db *db, const struct caller *c, const struct quarantine_row *q,
                       int tenths, int64_t now, int64_t *out_task, struct app_error *err)
{
    struct resident r;
    struct facts_change ch;
    struct household_where w;
    struct task_row t;
    char temp[8];
    int rc;

    if ((rc = store_resident_get(db, q->resident, scope_district(c), &r)) < 0)
        return app_db_fail(err, db, rc);
    if (r.facts.health != HEALTH_FEVER && r.facts.health != HEALTH_SUSPECTED &&
        r.facts.health != HEALTH_CONFIRMED) {
        memset(&ch, 0, sizeof ch);
        ch.set = FACT_HEALTH;
        ch.health = HEALTH_FEVER;
        ch.effective = clock_day_of(now);
        if ((rc = record_facts(db, c, r.id, &ch, err)) < 0)
            return rc;
    }
    memset(&t, 0, sizeof t);
    t.kind = TASK_INSPECTION;
    t.urgent = 1;
    t.day = DATE_NONE;
    t.quarantine = q->id;
    t.household = q->household;
    t.committee = q->committee;
    t.grid = unitcode_level(q->unit) == LEVEL_GRID ? q->unit : 0;
    if (q->household && (rc = store_household_where(db, q->household, q->district, &w)) == 0) {
        t.compound = w.compound;
        if (!t.grid)
            t.grid = w.grid;
    }
    t.street = unitcode_at_level(q->committee, LEVEL_STREET);
    t.district = q->district;
    t.assignee = q->follower;
    if (!t.assignee && (rc = grids_responsible(db, t.grid, &t.assignee, NULL)) < 0)
        return app_db_fail(err, db, rc);
    temperature_format(tenths, temp, sizeof temp);
    snprintf(t.title, sizeof t.title,
             "发热 %s°C：上门复核并联系医疗 (fever %s °C: visit and refer)", temp, temp);
    t.deadline = now + URGENT_WITHIN;
    t.created_at = now;
    snprintf(t.created_by, sizeof t.created_by, "%s", c->name);
    if ((rc = tasks_add(db, &t, c->name, NULL)) < 0)
        return app_db_fail(err, db, rc);
    *out_task = t.id;
    return 0;
}

int quarantines_temp_job(struct db *db, void *arg)
{
    struct quarantines_temp *u = arg;
    struct quarantine_row q;
    struct temperature_row t;
    struct caller link;
    const struct caller *c = &u->c;
    int64_t now = daytime_now();
    int32_t today = clock_today();
    int rc;

    if (u->token[0]) {
        rc = case_by_token(db, u->token, &q);
        if (rc == DB_E_NOTFOUND)
            return app_fail(&u->err, APP_E_NOTFOUND, "not_found", "token", "no such link");
        if (rc < 0)
            return app_db_fail(&u->err, db, rc);
        caller_link(&link, "resident");
        c = &link;
        if ((rc = app_require(c, PERM_CHECKIN, &u->err)) < 0)
            return rc;
    } else {
        if ((rc = app_require(c, PERM_QUARANTINE, &u->err)) < 0)
            return rc;
        rc = store_quarantine_get(db, u->id, &q);
        if (rc == DB_E_NOTFOUND || (rc == 0 && !case_visible(c, &q)))
            return app_fail(&u->err, APP_E_NOTFOUND, "not_found", "id", "no quarantine case %lld",
                            (long long)u->id);
        if (rc < 0)
            return app_db_fail(&u->err, db, rc);
    }
    /* Like moving the last day or cancelling: only an open case changes. */
    if (q.state != QSTATE_OPEN || q.day_until < today)
        return app_fail(&u->err, APP_E_CONFLICT, "bad_state", NULL,
                        "the quarantine has ended: no more readings");
    memset(&t, 0, sizeof t);
    t.day = u->day == DATE_NONE ? today : u->day;
    if (t.day > today)
        return app_fail(&u->err, APP_E_INVALID, "future_date", "day", "day is after today");
    if (t.day < q.day_from || t.day < today - 1)
        return app_fail(&u->err, APP_E_INVALID, "out_of_range", "day",
                        "readings are for today or yesterday within the quarantine");
    t.slot = u->slot >= 0 ? u->slot : daytime_slot_of(now);
    t.tenths = u->tenths;
    t.at = now;
    snprintf(t.recorded_by, sizeof t.recorded_by, "%s", c->name);
    rc = store_temperature_insert(db, q.id, &t, q.district);
    if (rc == DB_E_CONSTRAINT)
        return app_fail(&u->err, APP_E_CONFLICT, "duplicate", "slot",
                        "the %s reading of that day is already recorded",
                        t.slot ? "evening" : "morning");
    if (rc < 0)
        return app_db_fail(&u->err, db, rc);
    u->fever = temperature_is_fever(u->tenths);
    if (u->fever && (rc = raise_fever(db, c, &q, u->tenths, now, &u->task, &u->err)) < 0)
        return rc;
    if ((rc = fill_view(db, &q, &u->out)) < 0)
        return app_db_fail(&u->err, db, rc);
    return 0;
}

int quarantines_checkin_get(struct db *db, const char *token, struct quarantine_view *out,
                            struct app_error *err)
{
    struct quarantine_row q;
    int rc;

    rc = case_by_token(db, token, &q);
    if (rc == DB_E_NOTFOUND)
        return app_fail(err, APP_E_NOTFOUND, "not_found", "token", "no such link");
    if (rc < 0 || (rc = fill_view(db, &q, out)) < 0)
        return app_db_fail(err, db, rc);
    return 0;
}

int quarantines_link_job(struct db *db, void *arg)
{
    struct quarantines_link *u = arg;
    struct quarantine_row q;
    char hash[QUARANTINE_HASH_LEN];
    int rc;

    if ((rc = app_require(&u->c, PERM_QUARANTINE, &u->err)) < 0)
        return rc;
    rc = store_quarantine_get(db, u->id, &q);
    if (rc == DB_E_NOTFOUND || (rc == 0 && !case_visible(&u->c, &q)))
        return app_fail(&u->err, APP_E_NOTFOUND, "not_found", "id", "no quarantine case %lld",
                        (long long)u->id);
    if (rc < 0)
        return app_db_fail(&u->err, db, rc);
    if (new_token(u->token) < 0 || token_hash(u->token, hash) < 0)
        return app_fail(&u->err, APP_E_INTERNAL, "random", NULL, "no random numbers");
    if ((rc = store_quarantine_set_token(db, q.id, hash)) < 0)
        return app_db_fail(&u->err, db, rc);
    return 0;
}

/* ---- moving the last day, cancelling ------------------------------------------- */

/* The reason of a change: required, at most QUARANTINE_REASON_LEN bytes,
 * not only spaces. */
static int parse_reason(const json_t *body, struct quarantines_change *u)
{
    return input_text(body, "reason", INPUT_REQUIRED | INPUT_TRIM, QUARANTINE_REASON_LEN, u->reason,
                      sizeof u->reason, &u->err);
}

int quarantines_until_parse(struct db *db, const json_t *body, void *job)
{
    static const char *const keys[] = {"until", "reason", NULL};
    struct quarantines_change *u = job;
    int rc, present;

    (void)db;
    u->cancel = 0;
    if ((rc = input_only_keys(body, keys, &u->err)) < 0 ||
        (rc = input_date(body, "until", &u->until, &present, &u->err)) < 0)
        return rc;
    if (!present)
        return app_fail(&u->err, APP_E_INVALID, "missing", "until",
                        "until is required (the new last day of the quarantine)");
    return parse_reason(body, u);
}

int quarantines_cancel_parse(struct db *db, const json_t *body, void *job)
{
    static const char *const keys[] = {"reason", NULL};
    struct quarantines_change *u = job;
    int rc;

    (void)db;
    u->cancel = 1;
    if ((rc = input_only_keys(body, keys, &u->err)) < 0)
        return rc;
    return parse_reason(body, u);
}

/* The case `id` if the caller may change it — the case visible to it and
 * its resident within its scope, as for opening (else 404) — and it is
 * still open today (else 409). */
static int changeable(struct db *db, const struct caller *c, int64_t id, int32_t today,
                      struct quarantine_row *q, struct app_error *err)
{
    struct resident r;
    int rc;

    rc = store_quarantine_get(db, id, q);
    if (rc == 0 && !case_visible(c, q))
        rc = DB_E_NOTFOUND;
    if (rc == 0 && (rc = store_resident_get(db, q->resident, scope_district(c), &r)) == 0 &&
        !scope_contains(c, resident_count_unit(&r)))
        rc = DB_E_NOTFOUND;
    if (rc == DB_E_NOTFOUND)
        return app_fail(err, APP_E_NOTFOUND, "not_found", "id", "no quarantine case %lld",
                        (long long)id);
    if (rc < 0)
        return app_db_fail(err, db, rc);
    if (q->state != QSTATE_OPEN || q->day_until < today)
        return app_fail(err, APP_E_CONFLICT, "bad_state", "state",
                        "the quarantine case is %s: it can no longer be changed",
                        q->state == QSTATE_CANCELLED ? "cancelled" : "ended");
    return 0;
}

/* Writes the case's quarantine fact as it now stands — kind and first day
 * of the case, last day `until`; cleared (kind none) when `clear` or when
 * the case holds no whole day — through the register, unless the
 * resident's fact is no longer this case's (changed by hand since): that
 * record is not the case's to overwrite. */
static int set_case_fact(struct db *db, const struct caller *c, const struct quarantine_row *q,
                         int32_t until, int clear, int32_t today, struct app_error *err)
{
    struct facts_change ch;
    struct resident r;
    int rc;

    if ((rc = store_resident_get(db, q->resident, scope_district(c), &r)) < 0)
        return app_db_fail(err, db, rc);
    if ((int)r.facts.quarantine != q->kind || r.facts.quarantine_from != q->day_from)
        return 0;
    memset(&ch, 0, sizeof ch);
    ch.set = FACT_QUARANTINE;
    ch.quarantine_from = ch.quarantine_until = DATE_NONE;
    ch.quarantine = QUARANTINE_NONE;
    if (!clear && until >= q->day_from) {
        ch.quarantine = (enum quarantine_kind)q->kind;
        ch.quarantine_from = q->day_from;
        ch.quarantine_until = until;
    }
    ch.effective = today;
    return record_facts(db, c, q->resident, &ch, err);
}

/* The event of the change, its audit entry, and the tasks of the days no
 * longer in quarantine (after `last`) cancelled with the reason. */
static int record_change(struct db *db, struct quarantines_change *u,
                         const struct quarantine_row *q, int32_t last, int64_t now)
{
    struct quarantine_event e;
    char why[TASK_NOTE_MAX], until[DATE_STR_LEN] = "", *detail;
    json_t *j;
    int rc;

    memset(&e, 0, sizeof e);
    e.quarantine = q->id;
    e.at = now;
    snprintf(e.kind, sizeof e.kind, "%s", u->cancel ? "cancelled" : "until");
    e.until_before = q->day_until;
    e.until_after = u->cancel ? DATE_NONE : u->until;
    snprintf(e.reason, sizeof e.reason, "%s", u->reason);
    snprintf(e.recorded_by, sizeof e.recorded_by, "%s", u->c.name);
    if (u->cancel) {
        snprintf(why, sizeof why, "隔离已撤销 (quarantine case %lld cancelled): %s",
                 (long long)q->id, u->reason);
    } else {
        date_format(u->until, until);
        snprintf(why, sizeof why, "隔离解除日期改为 %s (quarantine case %lld now ends %s): %s",
                 until, (long long)q->id, until, u->reason);
    }
    j = json_pack("{s:I, s:s, s:s?, s:s}", "case", (json_int_t)q->id, "change", e.kind, "until",
                  u->cancel ? NULL : until, "reason", u->reason);
    detail = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    if (!detail)
        return app_fail(&u->err, APP_E_INTERNAL, "nomem", NULL, "out of memory");
    if ((rc = store_quarantine_event_add(db, &e, q->district)) < 0 ||
        (rc = audit_record(db, &u->c, u->cancel ? "quarantine_cancel" : "quarantine_until",
                           q->resident, q->unit, detail)) < 0 ||
        (rc = tasks_cancel_for_case(db, q, last, u->c.name, why, now, &u->tasks_cancelled)) < 0) {
        free(detail);
        return app_db_fail(&u->err, db, rc);
    }
    free(detail);
    return 0;
}

/* Moves the last day; a release before today ends the case now. */
static int move_until(struct db *db, struct quarantines_change *u, const struct quarantine_row *q,
                      int32_t today, int64_t now)
{
    enum quarantine_change ch;
    int rc;

    if ((rc = quarantine_until_check(q->day_from, q->day_until, u->until, today, &ch)) < 0)
        return app_fail(&u->err, APP_E_INVALID, quarantine_until_errcode(rc), "until", "%s",
                        quarantine_until_strerror(rc));
    if (ch == QCHANGE_NONE)
        return 0; /* already so: nothing to write (a retried request) */
    if ((rc = store_quarantine_set_until(db, q->id, u->until)) < 0 ||
        (ch == QCHANGE_END_NOW &&
         (rc = store_quarantine_close(db, q->id, QSTATE_ENDED, today)) < 0))
        return app_db_fail(&u->err, db, rc);
    if ((rc = set_case_fact(db, &u->c, q, u->until, 0, today, &u->err)) < 0)
        return rc;
    return record_change(db, u, q, u->until, now);
}

static int cancel_case(struct db *db, struct quarantines_change *u, const struct quarantine_row *q,
                       int32_t today, int64_t now)
{
    int rc;

    if ((rc = store_quarantine_close(db, q->id, QSTATE_CANCELLED, today)) < 0)
        return app_db_fail(&u->err, db, rc);
    if ((rc = set_case_fact(db, &u->c, q, DATE_NONE, 1, today, &u->err)) < 0)
        return rc;
    return record_change(db, u, q, DATE_NONE, now);
}

int quarantines_change_job(struct db *db, void *arg)
{
    struct quarantines_change *u = arg;
    struct quarantine_row q;
    int32_t today = clock_today();
    int64_t now = daytime_now();
    int rc;

    u->tasks_cancelled = 0;
    if ((rc = app_require(&u->c, PERM_QUARANTINE, &u->err)) < 0 ||
        (rc = changeable(db, &u->c, u->id, today, &q, &u->err)) < 0)
        return rc;
    rc = u->cancel ? cancel_case(db, u, &q, today, now) : move_until(db, u, &q, today, now);
    if (rc < 0)
        return rc;
    if ((rc = store_quarantine_get(db, q.id, &q)) < 0 || (rc = fill_view(db, &q, &u->out)) < 0)
        return app_db_fail(&u->err, db, rc);
    return 0;
}

struct end_ctx {
    struct db *db;
    int64_t n;
    int64_t ids[256];
    int nids, most;
};

static int collect_expired(void *arg, const struct quarantine_row *q)
{
    struct end_ctx *e = arg;

    if (e->nids == e->most)
        return 1; /* the rest next time round */
    e->ids[e->nids] = q->id;
    e->nids++;
    return 0;
}

int quarantines_end_expired(struct db *db, int32_t today, int64_t max, int64_t *out_ended)
{
    struct end_ctx e;
    struct quarantine_row q;
    int rc;

    *out_ended = 0;
    do {
        memset(&e, 0, sizeof e);
        e.db = db;
        e.most = max - *out_ended < 256 ? (int)(max - *out_ended) : 256;
        if ((rc = store_quarantines_expired(db, today, collect_expired, &e)) < 0)
            return rc;
        for (int i = 0; i < e.nids; i++) {
            if ((rc = store_quarantine_get(db, e.ids[i], &q)) < 0 ||
                (rc = store_quarantine_close(db, q.id, QSTATE_ENDED, q.day_until + 1)) < 0)
                return rc;
            (*out_ended)++;
        }
    } while (e.nids == e.most && *out_ended < max);
    return 0;
}
