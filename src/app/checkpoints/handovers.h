/*
 * The closed loop from a checkpoint to a community: every screened
 * traveller becomes a hand-over held by the unit the destination resolved
 * to (a committee's inbox, else the queue of the street, district or city
 * for a person to route). The holder accepts it (the resident is found by
 * document number or registered, and the arrival recorded, so colour and
 * counts change), rejects it with a reason (back one level up, to be
 * routed again) or routes it to another unit. Each holder has a deadline
 * (12 hours unless configured); past it the hand-over escalates to the
 * street, one period later to the district — derived from the clock on
 * every read, and recorded in the timeline by a sweep that runs once
 * however many servers share the database.
 */
#ifndef CORDON_APP_HANDOVERS_H
#define CORDON_APP_HANDOVERS_H

#include "app/checkpoints/origins.h"
#include "app/units/resolve.h"
#include "app/accounts/audit.h"
#include "app/app.h"
#include "store/checkpoints.h"
#include "store/enterprise_returnees.h"
#include "store/enterprises.h"
#include "store/handovers.h"
#include "store/screenings.h"
#include "store/units.h"

#include <jansson.h>
#include <stdint.h>

#define HANDOVERS_PAGE_DEFAULT  50
#define HANDOVERS_PAGE_MAX      500
#define HANDOVER_PERIOD_DEFAULT (12 * 3600)
#define HANDOVER_REASON_MAX     200

/* The deadline's length in seconds (setting `handover_deadline_hours`,
 * default 12 h), read at most once a second per process. */
int64_t handovers_period(struct db *db);

/* Sets the deadline for hand-overs created from now on: 1 to 168 hours. */
int handovers_set_period(struct db *db, int hours, struct app_error *err);

/* Escalation as of `now`: 0 none, 1 the street's, 2 the district's (one
 * level up and two, from the holder, never above the city). */
int handover_escalation(const struct handover *h, int64_t now);
int64_t handover_escalated_unit(const struct handover *h, int step);

/*
 * Creates the hand-over of screening s (inside the caller's transaction):
 * held by the deepest unit res resolved (the city's queue when it lies
 * outside the city), due one period after `now`, with its `created` event
 * and, for a fever, a `referral` event. Returns 0 or an app status.
 */
int handovers_create(struct db *db, const struct screening *s, const struct resolution *res,
                     int64_t now, struct handover *out, struct app_error *err);

/*
 * Creates the hand-over of an enterprise's returnee r (inside the caller's
 * transaction): held by r's home committee, due one period after `now`,
 * with its `created` event (by, detail). Returns 0 or an app status.
 */
int handovers_create_returnee(struct db *db, const struct returnee *r, const char *by,
                              const char *detail, int64_t now, struct handover *out,
                              struct app_error *err);

/* A hand-over as a reader sees it: with its screening (masked), post,
 * holder's name and escalation as of now. An enterprise's returnee is read
 * into `s` as a screening without a post (its day the arrival), and
 * `enterprise` names the enterprise it came from. */
struct handover_view {
    struct handover h;
    struct screening s;
    struct post post;
    struct unit holder;
    int escalation;           /* as of now */
    struct unit escalated_to; /* when escalation > 0 */
    int overdue;
    int masked;                       /* the screening's name, document and phone */
    struct origin_offer offer;        /* the quarantine its arrival calls for (issue 13) */
    struct enterprise_row enterprise; /* source enterprise: id 0 for a checkpoint's */
};

enum handover_query_state { HQ_PENDING, HQ_OVERDUE, HQ_ACCEPTED, HQ_ALL };

struct handovers_query {
    int64_t unit; /* 0: the caller's scope */
    enum handover_query_state state;
};

typedef int (*handover_view_fn)(void *arg, const struct handover_view *v);

/* Hand-overs held within the unit (PERM_HANDOVER, unit within the scope),
 * in id order, a page at a time (the cursor an id). */
int handovers_list(struct db *db, const struct caller *c, const struct handovers_query *q,
                   int64_t now, struct page *pg, handover_view_fn fn, void *arg,
                   struct app_error *err);

/* One hand-over held within the scope, and its timeline (fn may be NULL). */
int handovers_get(struct db *db, const struct caller *c, int64_t id, int64_t now,
                  struct handover_view *out, handover_event_fn fn, void *arg,
                  struct app_error *err);

/* One hand-over with the traveller's name, document, phone and birth date
 * in full, and its timeline: a writer job (arg: struct handover_read) that
 * reads it and writes the audit entry (action `read_unmasked_handover`) in
 * the same transaction; PERM_HANDOVER and PERM_UNMASK (APP_E_FORBIDDEN
 * otherwise). `events` is a new JSON array the caller releases. */
struct handover_read {
    APP_JOB_HEAD;                  /* c, id, today, now, err (app/app.h) */
    char reason[AUDIT_REASON_LEN]; /* why the caller needs it, kept in the audit entry */
    struct handover_view out;
    json_t *events;
};
int handovers_read_unmasked_job(struct db *db, void *arg);

/* Accept, reject, route: writer jobs (arg: struct handover_action). */
struct handover_action {
    APP_JOB_HEAD;                         /* c, id, today, now, err (app/app.h) */
    char reason[HANDOVER_REASON_MAX + 1]; /* reject, route (optional) */
    int64_t unit;                         /* route: where to */
    /* accept: where the resident lives, when the address did not say */
    char compound[HANDOVER_PLACE_MAX];
    char building[HANDOVER_FIELD_MAX];
    char room_unit[HANDOVER_FIELD_MAX];
    char room[HANDOVER_FIELD_MAX];
    /* results */
    struct handover h;
    int64_t resident;
    struct handover_view out; /* the hand-over after the action */
};

/* Parse the bodies: accept {address?:{compound,building,unit,room}},
 * reject {reason}, route {unit, reason?}. */
int handovers_accept_parse(struct db *db, const json_t *body, void *job);
int handovers_reject_parse(struct db *db, const json_t *body, void *job);
int handovers_route_parse(struct db *db, const json_t *body, void *job);

int handovers_accept_job(struct db *db, void *arg);
int handovers_reject_job(struct db *db, void *arg);
int handovers_route_job(struct db *db, void *arg);

/* The escalation sweep: records the escalations due by `now` in the
 * timelines, in a transaction of its own holding the sweep's lock (another
 * process already sweeping: skipped). Idempotent. */
struct escalation_report {
    int64_t to_street; /* events recorded */
    int64_t to_district;
    int skipped;
};
int handovers_escalate(struct db *db, int64_t now, struct escalation_report *out,
                       struct app_error *err);

/* What the dashboard of `unit` shows of checkpoints: screened today by
 * post, fever alerts, hand-overs pending and overdue by level, and "as_of"
 * (at the city and its districts the part may be a few seconds old:
 * app/tasks/tally_memo.c). New reference, or NULL with *out_rc. */
json_t *checkpoints_dashboard_json(struct db *db, int64_t unit, int64_t now, int32_t today,
                                   int *out_rc);

/* Counts that part of `unit` ahead on the server's task pool when it was
 * not counted yet for this day (tally_memo_warm's answer). */
int checkpoints_dashboard_warm(int64_t unit, int64_t now, int32_t today);

/* JSON of a hand-over: {"id","state","unit","unit_name","level","status",
 * "address":{compound,building,unit,room},"created_at","deadline","overdue",
 * "escalation","escalated_to":{code,name,level}|null,"resident",
 * "screening":{…masked}}. New reference. */
json_t *handover_json(const struct handover_view *v);

/* JSON of one timeline event. New reference. */
json_t *handover_event_json(const struct handover_event *e);

#endif
