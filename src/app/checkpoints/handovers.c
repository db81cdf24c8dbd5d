/*
 * Hand-overs (see handovers.h): creation from a screening, the inbox and
 * one hand-over with its timeline, accept / reject / route as writer jobs,
 * the deadline and its escalation, and the sweep that records escalations.
 */
#include "app/checkpoints/handovers.h"
#include "app/input.h"

#include "app/accounts/audit.h"
#include "app/register/register.h"
#include "app/register/residents.h"
#include "app/checkpoints/screenings.h"
#include "core/date.h"
#include "core/document.h"
#include "core/unitcode.h"
#include "store/places.h"
#include "store/residents.h"
#include "store/residents_query.h"
#include "util/clock.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The sweep's lock between processes: the bytes of "cordon", 6 and 1 (the
 * roll-over's is ..., 0, 2). */
#define ESCALATION_LOCK INT64_C(0x636f72646f6e0601)
#define SWEEP_BATCH     256

/* ---- the deadline -------------------------------------------------------------- */

static pthread_mutex_t period_lock = PTHREAD_MUTEX_INITIALIZER;
static int64_t period_cached, period_read_at;

int64_t handovers_period(struct db *db)
{
    int64_t now = clock_now(), p;
    char buf[32];

    pthread_mutex_lock(&period_lock);
    if (period_cached && now - period_read_at < 1 && now >= period_read_at) {
        p = period_cached;
        pthread_mutex_unlock(&period_lock);
        return p;
    }
    pthread_mutex_unlock(&period_lock);
    p = HANDOVER_PERIOD_DEFAULT;
    if (store_meta_get(db, "handover_deadline_hours", buf, sizeof buf) == 0) {
        long h = strtol(buf, NULL, 10);
        if (h >= 1 && h <= 168)
            p = (int64_t)h * 3600;
    }
    pthread_mutex_lock(&period_lock);
    period_cached = p;
    period_read_at = now;
    pthread_mutex_unlock(&period_lock);
    return p;
}

int handovers_set_period(struct db *db, int hours, struct app_error *err)
{
    char buf[16];
    int rc;

    if (hours < 1 || hours > 168) {
        app_fail(err, APP_E_INVALID, "out_of_range", NULL, "a deadline is 1 to 168 hours");
        return DB_E_RANGE;
    }
    snprintf(buf, sizeof buf, "%d", hours);
    if ((rc = db_begin_write(db)) < 0 ||
        (rc = store_meta_set(db, "handover_deadline_hours", buf)) < 0 || (rc = db_commit(db)) < 0) {
        app_fail(err, APP_E_INTERNAL, "db_error", NULL, "cannot set the deadline: %s",
                 db_errmsg(db));
        db_rollback(db);
        return rc;
    }
    pthread_mutex_lock(&period_lock);
    period_cached = 0;
    pthread_mutex_unlock(&period_lock);
    return 0;
}

int handover_escalation(const struct handover *h, int64_t now)
{
    if (h->state != HANDOVER_PENDING || now < h->deadline)
        return 0;
    return now >= h->deadline + h->period ? 2 : 1;
}

int64_t handover_escalated_unit(const struct handover *h, int step)
{
    int level = unitcode_level(h->unit) - step;

    return unitcode_at_level(h->unit, level < LEVEL_CITY ? LEVEL_CITY : level);
}

/* ---- creating ------------------------------------------------------------------ */

int handovers_create(struct db *db, const struct screening *s, const struct resolution *res,
                     int64_t now, struct handover *out, struct app_error *err)
{
    const struct address_result *a = &res->a;
    struct handover *h = out;
    char detail[HANDOVER_DETAIL_MAX];
    int rc;

    memset(h, 0, sizeof *h);
    h->screening = s->id;
    h->day = s->day;
    h->fever = s->fever;
    h->screened_in = s->district;
    if (a->status != ADDRESS_OUTSIDE && a->code)
        h->unit = a->code;
    else
        h->unit = unitcode_at_level(s->district, LEVEL_CITY);
    snprintf(h->status, sizeof h->status, "%s", resolve_status_name(a->status));
    if (a->status != ADDRESS_OUTSIDE) {
        snprintf(h->compound, sizeof h->compound, "%s", a->place.compound);
        snprintf(h->building, sizeof h->building, "%s", a->place.building);
        snprintf(h->room_unit, sizeof h->room_unit, "%s", a->place.unit);
        snprintf(h->room, sizeof h->room, "%s", a->place.room);
        h->floor = a->place.floor;
        h->household = res->household;
    }
    h->created_at = h->updated_at = now;
    h->period = handovers_period(db);
    h->deadline = now + h->period;
    if ((rc = store_handover_insert(db, h)) < 0)
        return app_db_fail(err, db, rc);
    if (a->status == ADDRESS_OUTSIDE)
        snprintf(detail, sizeof detail, "outside the city: %s", a->outside_name);
    else
        snprintf(detail, sizeof detail, "%s", resolve_status_name(a->status));
    if ((rc = store_handover_event_put(db, h->id, 1, now, "created", h->unit, s->recorded_by,
                                       detail)) < 0)
        return app_db_fail(err, db, rc);
    if (s->fever) {
        snprintf(detail, sizeof detail, "fever %d.%d °C: referred to a fever clinic",
                 s->temperature / 10, s->temperature % 10);
        if ((rc = store_handover_event_put(db, h->id, 2, now, "referral", h->unit, s->recorded_by,
                                           detail)) < 0)
            return app_db_fail(err, db, rc);
    }
    return 0;
}

int handovers_create_returnee(struct db *db, const struct returnee *r, const char *by,
                              const char *detail, int64_t now, struct handover *out,
                              struct app_error *err)
{
    struct handover *h = out;
    int rc;

    memset(h, 0, sizeof *h);
    h->returnee = r->id;
    h->unit = r->committee;
    snprintf(h->status, sizeof h->status, "%s", "resolved");
    h->created_at = h->updated_at = now;
    h->period = handovers_period(db);
    h->deadline = now + h->period;
    if ((rc = store_handover_insert(db, h)) < 0 ||
        (rc = store_handover_event_put(db, h->id, 1, now, "created", h->unit, by, detail)) < 0)
        return app_db_fail(err, db, rc);
    return 0;
}

/* ---- reading ------------------------------------------------------------------- */

/* The person of a hand-over as a screening: the checkpoint's, or the
 * enterprise's returnee (no post; the arrival its day; *e its enterprise). */
static int read_subject(struct db *db, const struct handover *h, struct screening *s,
                        struct enterprise_row *e)
{
    struct returnee r;
    int rc;

    memset(e, 0, sizeof *e);
    if (!h->returnee)
        /* In its post's district; anywhere for a hand-over older than 022. */
        return store_screening_get(db, h->screening, h->screened_in, s);
    if ((rc = store_returnee_get(db, h->returnee, &r)) < 0 ||
        (rc = store_enterprise_get(db, r.enterprise, e)) < 0)
        return rc;
    memset(s, 0, sizeof *s);
    s->at = r.at;
    s->day = r.arrival;
    s->district = e->district;
    s->t.doc_type = DOC_ID_CARD;
    snprintf(s->t.doc_no, sizeof s->t.doc_no, "%s", r.doc_no);
    snprintf(s->t.name, sizeof s->t.name, "%s", r.name);
    s->t.birth = r.birth;
    s->t.sex = r.sex;
    snprintf(s->t.phone, sizeof s->t.phone, "%s", r.phone);
    snprintf(s->t.origin, sizeof s->t.origin, "%s", r.origin);
    snprintf(s->t.destination, sizeof s->t.destination, "%s", e->name);
    snprintf(s->recorded_by, sizeof s->recorded_by, "%s", e->name);
    return 0;
}

static int may_see(const struct caller *c, const struct handover *h)
{
    return scope_contains(c, h->unit);
}

/* Fills a view of h as of now (screening masked unless `full`). */
static int fill_view_as(struct db *db, const struct handover *h, int64_t now, int full,
                        struct handover_view *v)
{
    int rc;

    memset(v, 0, sizeof *v);
    v->h = *h;
    if ((rc = read_subject(db, h, &v->s, &v->enterprise)) < 0 ||
        (!h->returnee && (rc = store_post_get(db, v->s.post, &v->post)) < 0) ||
        (rc = origins_offer(db, v->s.t.origin, v->s.t.abroad, v->s.day, &v->offer)) < 0)
        return rc;
    v->masked = !full;
    if (!full)
        screening_mask(&v->s);
    if ((rc = store_unit_get(db, h->unit, &v->holder)) < 0)
        return rc;
    v->escalation = handover_escalation(h, now);
    v->overdue = v->escalation > 0;
    if (v->escalation &&
        (rc = store_unit_get(db, handover_escalated_unit(h, v->escalation), &v->escalated_to)) < 0)
        return rc;
    return 0;
}

static int fill_view(struct db *db, const struct handover *h, int64_t now, struct handover_view *v)
{
    return fill_view_as(db, h, now, 0, v);
}

static int check_unit(struct db *db, const struct caller *c, int64_t unit, struct app_error *err)
{
    struct unit u;
    int rc;

    if (!scope_contains(c, unit))
        return app_fail(err, APP_E_NOTFOUND, "not_found", "unit", "no unit %lld", (long long)unit);
    rc = store_unit_get(db, unit, &u);
    if (rc == DB_E_NOTFOUND || (rc == 0 && u.level > LEVEL_COMMITTEE))
        return app_fail(err, APP_E_NOTFOUND, "not_found", "unit", "no unit %lld", (long long)unit);
    return rc < 0 ? app_db_fail(err, db, rc) : 0;
}

int handovers_list(struct db *db, const struct caller *c, const struct handovers_query *q,
                   int64_t now, struct page *pg, handover_view_fn fn, void *arg,
                   struct app_error *err)
{
    struct handover_filter f;
    struct handover h;
    struct handover_view v;
    int64_t ids[HANDOVERS_PAGE_MAX + 1];
    int n = 0, rc;

    page_begin(pg, HANDOVERS_PAGE_DEFAULT, HANDOVERS_PAGE_MAX);
    if ((rc = app_require(c, PERM_HANDOVER, err)) < 0)
        return rc;
    memset(&f, 0, sizeof f);
    f.unit = q->unit ? q->unit : scope_of(c);
    if ((rc = check_unit(db, c, f.unit, err)) < 0)
        return rc;
    f.state = q->state == HQ_ACCEPTED ? HANDOVER_ACCEPTED
              : q->state == HQ_ALL    ? -1
                                      : HANDOVER_PENDING;
    f.due = q->state == HQ_OVERDUE ? now : 0;
    f.after = pg->cursor;
    f.limit = pg->limit + 1; /* one more says whether there is a next page */
    if ((rc = store_handovers_find(db, &f, ids, &n)) < 0)
        return app_db_fail(err, db, rc);
    if (n == f.limit) {
        n--;
        pg->next = ids[n - 1];
    }
    for (int i = 0; i < n; i++) {
        if ((rc = store_handover_get(db, ids[i], &h)) == DB_E_NOTFOUND)
            continue;
        if (rc < 0 || (rc = fill_view(db, &h, now, &v)) < 0)
            return app_db_fail(err, db, rc);
        if ((rc = fn(arg, &v)) != 0)
            return rc < 0 ? rc : 0;
    }
    return 0;
}

/* Reads a hand-over the caller may see: APP_E_NOTFOUND otherwise. */
static int read_visible(struct db *db, const struct caller *c, int64_t id, struct handover *h,
                        struct app_error *err)
{
    int rc;

    if ((rc = app_require(c, PERM_HANDOVER, err)) < 0)
        return rc;
    rc = store_handover_get(db, id, h);
    if (rc == DB_E_NOTFOUND || (rc == 0 && !may_see(c, h)))
        return app_fail(err, APP_E_NOTFOUND, "not_found", "id", "no hand-over %lld", (long long)id);
    return rc < 0 ? app_db_fail(err, db, rc) : 0;
}

int handovers_get(struct db *db, const struct caller *c, int64_t id, int64_t now,
                  struct handover_view *out, handover_event_fn fn, void *arg, struct app_error *err)
{
    struct handover h;
    int rc;

    if ((rc = read_visible(db, c, id, &h, err)) < 0)
        return rc;
    if ((rc = fill_view(db, &h, now, out)) < 0 ||
        (fn && (rc = store_handover_events(db, id, fn, arg)) < 0))
        return app_db_fail(err, db, rc);
    return 0;
}

static int add_event(void *arg, const struct handover_event *ev)
{
    json_array_append_new(arg, handover_event_json(ev));
    return 0;
}

int handovers_read_unmasked_job(struct db *db, void *arg)
{
    struct handover_read *r = arg;
    struct handover h;
    int rc;

    if ((rc = app_require(&r->c, PERM_HANDOVER | PERM_UNMASK, &r->err)) < 0 ||
        (rc = audit_reason_check(r->reason, &r->err)) < 0 ||
        (rc = read_visible(db, &r->c, r->id, &h, &r->err)) < 0)
        return rc;
    if (!(r->events = json_array()))
        return app_fail(&r->err, APP_E_INTERNAL, "nomem", NULL, "out of memory");
    if ((rc = fill_view_as(db, &h, r->now, 1, &r->out)) < 0 ||
        (rc = store_handover_events(db, h.id, add_event, r->events)) < 0 ||
        (rc = audit_record_reason(db, &r->c, "read_unmasked_handover", h.resident, h.unit,
                                  r->reason, json_pack("{s:I}", "handover", (json_int_t)h.id))) < 0)
        return app_db_fail(&r->err, db, rc);
    return 0;
}

/* ---- parsing the actions ------------------------------------------------------------ */

int handovers_accept_parse(struct db *db, const json_t *body, void *job)
{
    static const char *const keys[] = {"address", NULL};
    static const char *const akeys[] = {"compound", "building", "unit", "room", NULL};
    struct handover_action *a = job;
    const json_t *ad;
    int rc;

    (void)db;
    if (!body)
        return 0;
    if ((rc = input_only_keys(body, keys, &a->err)) < 0)
        return rc;
    if (!(ad = json_object_get(body, "address")) || json_is_null(ad))
        return 0;
    if (!json_is_object(ad))
        return app_fail(&a->err, APP_E_INVALID, "bad_type", "address",
                        "address must be an object {compound, building, unit, room}");
    if ((rc = input_only_keys_in(ad, akeys, "address", &a->err)) < 0 ||
        (rc = input_text(ad, "address.compound", INPUT_REQUIRED, HANDOVER_PLACE_MAX, a->compound,
                         sizeof a->compound, &a->err)) < 0 ||
        (rc = input_text(ad, "address.building", INPUT_REQUIRED, HANDOVER_FIELD_MAX, a->building,
                         sizeof a->building, &a->err)) < 0 ||
        (rc = input_text(ad, "address.unit", 0, HANDOVER_FIELD_MAX, a->room_unit,
                         sizeof a->room_unit, &a->err)) < 0 ||
        (rc = input_text(ad, "address.room", INPUT_REQUIRED, HANDOVER_FIELD_MAX, a->room,
                         sizeof a->room, &a->err)) < 0)
        return rc;
    return 0;
}

int handovers_reject_parse(struct db *db, const json_t *body, void *job)
{
    static const char *const keys[] = {"reason", NULL};
    struct handover_action *a = job;
    int rc;

    (void)db;
    if (!body)
        return app_fail(&a->err, APP_E_INVALID, "missing", "reason", "reason is required");
    if ((rc = input_only_keys(body, keys, &a->err)) < 0)
        return rc;
    return input_text(body, "reason", INPUT_REQUIRED, HANDOVER_REASON_MAX, a->reason,
                      sizeof a->reason, &a->err);
}

int handovers_route_parse(struct db *db, const json_t *body, void *job)
{
    static const char *const keys[] = {"unit", "reason", NULL};
    struct handover_action *a = job;
    int rc, present;

    (void)db;
    if (!body)
        return app_fail(&a->err, APP_E_INVALID, "missing", "unit", "unit is required");
    if ((rc = input_only_keys(body, keys, &a->err)) < 0 ||
        (rc = input_code(body, "unit", &a->unit, &present, &a->err)) < 0)
        return rc;
    if (!present)
        return app_fail(&a->err, APP_E_INVALID, "missing", "unit", "unit is required");
    if (unitcode_level(a->unit) > LEVEL_COMMITTEE)
        return app_fail(&a->err, APP_E_INVALID, "bad_code", "unit",
                        "%lld is not the code of a committee, street, district or city",
                        (long long)a->unit);
    return input_text(body, "reason", 0, HANDOVER_REASON_MAX, a->reason, sizeof a->reason, &a->err);
}

/* ---- the actions ------------------------------------------------------------------ */

/* A pending hand-over the caller may act on. */
static int pending_visible(struct db *db, struct handover_action *a)
{
    int rc;

    if ((rc = read_visible(db, &a->c, a->id, &a->h, &a->err)) < 0)
        return rc;
    if (a->h.state != HANDOVER_PENDING)
        return app_fail(&a->err, APP_E_CONFLICT, "accepted", "id",
                        "hand-over %lld was accepted already", (long long)a->id);
    return 0;
}

/* The answer of an action: the hand-over as it is now. */
static int finish_view(struct db *db, struct handover_action *a)
{
    int rc = fill_view(db, &a->h, a->now, &a->out);

    return rc < 0 ? app_db_fail(&a->err, db, rc) : 0;
}

/* Moves the hand-over to `unit` with a fresh deadline and records why. */
static int move_to(struct db *db, struct handover_action *a, int64_t unit, const char *kind)
{
    int rc;

    a->h.unit = unit;
    a->h.deadline = a->now + a->h.period;
    a->h.escalated = 0;
    a->h.updated_at = a->now;
    if ((rc = store_handover_update(db, &a->h)) < 0 ||
        (rc = store_handover_event_add(db, a->h.id, a->now, kind, unit, a->c.name, a->reason)) < 0)
        return app_db_fail(&a->err, db, rc);
    a->h.level = unitcode_level(unit);
    return 0;
}

int handovers_reject_job(struct db *db, void *arg)
{
    struct handover_action *a = arg;
    int rc;

    if ((rc = pending_visible(db, a)) < 0)
        return rc;
    if (unitcode_level(a->h.unit) <= LEVEL_CITY)
        return app_fail(&a->err, APP_E_CONFLICT, "inconsistent", "id",
                        "the city's queue has nobody above it: route the hand-over instead");
    if ((rc = move_to(db, a, unitcode_parent(a->h.unit), "rejected")) < 0)
        return rc;
    return finish_view(db, a);
}

int handovers_route_job(struct db *db, void *arg)
{
    struct handover_action *a = arg;
    struct unit u;
    int64_t city;
    int rc;

    if ((rc = pending_visible(db, a)) < 0)
        return rc;
    if ((rc = store_city_code(db, &city)) < 0)
        return app_db_fail(&a->err, db, rc);
    rc = store_unit_get(db, a->unit, &u);
    if (rc == DB_E_NOTFOUND || (rc == 0 && !unitcode_within(a->unit, city)))
        return app_fail(&a->err, APP_E_NOTFOUND, "not_found", "unit", "no unit %lld in the city",
                        (long long)a->unit);
    if (rc < 0)
        return app_db_fail(&a->err, db, rc);
    if (a->unit == a->h.unit)
        return app_fail(&a->err, APP_E_INVALID, "inconsistent", "unit",
                        "the hand-over is held there already");
    if ((rc = move_to(db, a, a->unit, "routed")) < 0)
        return rc;
    return finish_view(db, a);
}

/* The household the traveller goes to, in the hand-over's committee: the
 * one the address named, else compound/building/room (the accept's, else
 * the address's) found or registered; 0 when the address says too little. */
static int find_household(struct db *db, struct handover_action *a, int64_t *out_household,
                          int64_t *out_grid)
{
    const char *compound = a->compound[0] ? a->compound : a->h.compound;
    const char *building = a->compound[0] ? a->building : a->h.building;
    const char *room_unit = a->compound[0] ? a->room_unit : a->h.room_unit;
    const char *room = a->compound[0] ? a->room : a->h.room;
    struct place_compound pc;
    struct household_info hi;
    char bname[HANDOVER_FIELD_MAX + 8];
    int64_t cid, bid;
    int rc;

    *out_household = *out_grid = 0;
    /* The place read from the address belongs to the unit it resolved to;
     * routed elsewhere, the traveller's room is for the new holder to say. */
    if (!a->compound[0] && a->h.resolved != a->h.unit)
        return 0;
    if (!a->compound[0] && a->h.household) {
        rc = store_household_get(db, a->h.household, &hi);
        if (rc == 0 && hi.committee == a->h.unit) {
            *out_household = hi.id;
            cid = hi.compound;
            goto grid;
        }
        if (rc < 0 && rc != DB_E_NOTFOUND)
            return rc;
    }
    if (!*compound || !*building || !*room)
        return 0;
    /* Buildings read as bare numbers are registered the way people write
     * them: 12号. */
    snprintf(bname, sizeof bname, "%s%s", building,
             strspn(building, "0123456789") == strlen(building) ? "号" : "");
    if ((rc = store_compound_ensure(db, a->h.unit, compound, &cid)) < 0 ||
        (rc = store_building_ensure(db, cid, unitcode_at_level(a->h.unit, LEVEL_DISTRICT), bname,
                                    &bid)) < 0 ||
        (rc = store_household_ensure(db, bid, room_unit, room, 0, a->h.unit, out_household)) < 0)
        return rc;
grid:
    if ((rc = store_compound_get(db, cid, &pc)) < 0)
        return rc;
    *out_grid = pc.grid;
    return 0;
}

int handovers_accept_job(struct db *db, void *arg)
{
    struct handover_action *a = arg;
    struct screening s;
    struct enterprise_row e;
    struct resident r, old;
    struct facts_change ch;
    char detail[64];
    int found, rc;

    if ((rc = pending_visible(db, a)) < 0)
        return rc;
    if (unitcode_level(a->h.unit) != LEVEL_COMMITTEE)
        return app_fail(&a->err, APP_E_CONFLICT, "not_routed", "id",
                        "the hand-over is in the queue of a %s: route it to a committee first",
                        unitcode_level_name(unitcode_level(a->h.unit)));
    if ((rc = read_subject(db, &a->h, &s, &e)) < 0)
        return app_db_fail(&a->err, db, rc);
    rc = store_resident_find_doc(db, s.t.doc_type, s.t.doc_no, &old);
    if (rc < 0 && rc != DB_E_NOTFOUND)
        return app_db_fail(&a->err, db, rc);
    found = rc == 0;
    if (found && old.committee != a->h.unit)
        return app_fail(&a->err, APP_E_CONFLICT, "registered_elsewhere", "document",
                        "this person is registered with another committee: route the "
                        "hand-over there, or reject it");
    if (found) {
        r = old;
    } else {
        memset(&r, 0, sizeof r);
        facts_init(&r.facts);
        r.committee = a->h.unit;
        snprintf(r.name, sizeof r.name, "%s", s.t.name);
        r.doc_type = s.t.doc_type;
        snprintf(r.doc_no, sizeof r.doc_no, "%s", s.t.doc_no);
        r.birth = s.t.birth;
        r.sex = s.t.sex;
        snprintf(r.phone, sizeof r.phone, "%s", s.t.phone);
    }
    if (!r.household) {
        int64_t household, grid;
        if ((rc = find_household(db, a, &household, &grid)) < 0)
            return app_db_fail(&a->err, db, rc);
        if (household) {
            r.household = household;
            if (!found || !r.grid)
                r.grid = grid;
        }
    }
    /* The arrival as screened: the day, where from, domestic or abroad;
     * a fever makes the resident red. */
    memset(&ch, 0, sizeof ch);
    ch.set = FACT_PRESENCE | FACT_ARRIVAL | (s.fever ? FACT_HEALTH : 0);
    ch.presence = PRESENCE_IN;
    ch.arrival_day = s.day;
    ch.arrival_abroad = s.t.abroad;
    snprintf(ch.origin, sizeof ch.origin, "%s", s.t.origin);
    ch.health = HEALTH_FEVER;
    ch.effective = s.day;
    snprintf(detail, sizeof detail, "{\"handover\":%lld}", (long long)a->h.id);
    if ((rc = register_one(db, &a->c, &r, found ? &old : NULL, &ch, "handover", "handover_accept",
                           detail, &a->err)) < 0)
        return rc;
    a->resident = r.id;
    a->h.state = HANDOVER_ACCEPTED;
    a->h.resident = r.id;
    a->h.updated_at = a->now;
    snprintf(detail, sizeof detail, "resident %lld%s", (long long)r.id,
             found ? "" : " (registered)");
    if ((rc = store_handover_update(db, &a->h)) < 0 ||
        (rc = store_handover_event_add(db, a->h.id, a->now, "accepted", a->h.unit, a->c.name,
                                       detail)) < 0)
        return app_db_fail(&a->err, db, rc);
    return finish_view(db, a);
}

/* ---- the sweep ------------------------------------------------------------------ */

static int sweep(struct db *db, int64_t now, struct escalation_report *out)
{
    struct handover *batch = malloc(SWEEP_BATCH * sizeof *batch);
    int n = 0, rc = 0;

    if (!batch)
        return DB_E_NOMEM;
    do {
        if ((rc = store_handovers_due(db, now, batch, SWEEP_BATCH, &n)) < 0)
            break;
        for (int i = 0; i < n && rc >= 0; i++) {
            struct handover *h = &batch[i];
            int step = handover_escalation(h, now), changed = 0;
            char detail[64];
            if (step <= h->escalated)
                continue;
            if ((rc = store_handover_set_escalated(db, h->id, step, &changed)) < 0 || !changed)
                continue;
            for (int k = h->escalated + 1; k <= step && rc >= 0; k++) {
                snprintf(detail, sizeof detail, "past the deadline%s",
                         k == 2 ? " by a further period" : "");
                rc = store_handover_event_add(db, h->id, now, "escalated",
                                              handover_escalated_unit(h, k), "cordon", detail);
                if (k == 1)
                    out->to_street++;
                else
                    out->to_district++;
            }
        }
    } while (rc >= 0 && n == SWEEP_BATCH);
    free(batch);
    return rc;
}

int handovers_escalate(struct db *db, int64_t now, struct escalation_report *out,
                       struct app_error *err)
{
    int rc, got = 0;

    memset(out, 0, sizeof *out);
    if ((rc = db_begin_write(db)) < 0) {
        app_fail(err, APP_E_INTERNAL, "db_error", NULL, "cannot escalate: %s", db_errmsg(db));
        return rc;
    }
    if ((rc = db_try_lock(db, ESCALATION_LOCK, DB_LOCK_EXCLUSIVE, &got)) < 0)
        goto fail;
    if (!got) {
        out->skipped = 1;
        db_rollback(db);
        return 0;
    }
    if ((rc = sweep(db, now, out)) < 0 || (rc = db_commit(db)) < 0)
        goto fail;
    return 0;
fail:
    app_fail(err, APP_E_INTERNAL, "db_error", NULL, "cannot escalate: %s", db_errmsg(db));
    db_rollback(db);
    return rc;
}

/* ---- JSON ------------------------------------------------------------------------ */

static json_t *code_json(int64_t code)
{
    char s[UNITCODE_STR_LEN];

    unitcode_format(code, s);
    return json_string(s);
}

/* The source: a checkpoint's screening, or an enterprise's returnee (the
 * person under "returnee", "screening" null, and the enterprise named). */
static void source_json(json_t *out, const struct handover_view *v)
{
    static const char *const not_a_returnee[] = {
        "id",    "post",   "at",          "document_override", "temperature", "temperature_text",
        "fever", "travel", "destination", "symptoms",          NULL};
    json_t *p;

    json_object_set_new(out, "source", json_string(v->h.returnee ? "enterprise" : "checkpoint"));
    if (!v->h.returnee) {
        json_object_set_new(out, "enterprise", json_null());
        json_object_set_new(out, "returnee", json_null());
        return;
    }
    p = json_incref(json_object_get(out, "screening"));
    for (const char *const *k = not_a_returnee; *k; k++)
        json_object_del(p, *k);
    json_object_set_new(p, "id", json_integer(v->h.returnee));
    json_object_set_new(out, "returnee", p);
    json_object_set_new(out, "screening", json_null());
    json_object_set_new(
        out, "enterprise",
        json_pack("{s:I, s:s}", "id", (json_int_t)v->enterprise.id, "name", v->enterprise.name));
}

json_t *handover_json(const struct handover_view *v)
{
    const struct handover *h = &v->h;
    struct screening_view sv;
    char created[32], deadline[32];
    json_t *esc = json_null(), *out;

    memset(&sv, 0, sizeof sv);
    sv.s = v->s;
    sv.post = v->post;
    sv.masked = v->masked;
    clock_format(h->created_at, created);
    clock_format(h->deadline, deadline);
    if (v->escalation)
        esc = json_pack("{s:o, s:s, s:i}", "code", code_json(v->escalated_to.code), "name",
                        v->escalated_to.name, "level", v->escalated_to.level);
    out = json_pack(
        "{s:I, s:s, s:o, s:s, s:i, s:s, s:{s:s, s:s, s:s, s:s}, s:s, s:s, s:b, "
        "s:i, s:o, s:o, s:o}",
        "id", (json_int_t)h->id, "state", h->state == HANDOVER_ACCEPTED ? "accepted" : "pending",
        "unit", code_json(h->unit), "unit_name", v->holder.name, "level", v->holder.level, "status",
        h->status, "address", "compound", h->compound, "building", h->building, "unit",
        h->room_unit, "room", h->room, "created_at", created, "deadline", deadline, "overdue",
        v->overdue, "escalation", v->escalation, "escalated_to", esc, "resident",
        h->resident ? json_integer(h->resident) : json_null(), "screening", screening_json(&sv));
    json_object_set_new(out, "quarantine_offer", origin_offer_json(&v->offer));
    source_json(out, v);
    return out;
}

json_t *handover_event_json(const struct handover_event *e)
{
    char at[32];

    clock_format(e->at, at);
    return json_pack("{s:i, s:s, s:s, s:o, s:s, s:s}", "seq", e->seq, "at", at, "kind", e->kind,
                     "unit", code_json(e->unit), "by", e->recorded_by, "detail", e->detail);
}
