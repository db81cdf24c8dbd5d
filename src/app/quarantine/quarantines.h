/*
 * Quarantine follow-up: a committee or grid worker opens a case for a
 * resident (home or central, from / until, fourteen days by default, the
 * facility, who follows up); opening sets the resident's quarantine fact
 * through the register batch, so colour, history and live counts change in
 * the same transaction. Temperatures are taken twice a day, by the grid
 * worker or by the resident through the case's own check-in link (a secret
 * token that opens nothing else); 37.3 °C or more records health = fever
 * (the resident turns red) and raises an urgent task. A case ends by itself
 * after its last day (the sweep in app/tasks/tasks.c); the colour follows from
 * the fact's dates with no write at all.
 */
#ifndef CORDON_APP_QUARANTINES_H
#define CORDON_APP_QUARANTINES_H

#include "app/app.h"
#include "store/quarantines.h"
#include "store/residents.h"

#include <jansson.h>
#include <stdint.h>

#define QUARANTINE_TOKEN_LEN  65 /* 64 hex and a NUL */
#define QUARANTINE_TEMPS_MAX  32 /* readings shown with a case */
#define QUARANTINES_PAGE_MAX  500
#define QUARANTINE_EVENTS_MAX 16  /* changes shown with a case (the latest) */
#define QUARANTINE_REASON_LEN 200 /* bytes of a change's reason */

/* A case as readers see it: the resident's name masked, the address (or
 * facility), the follower's name, the state now ("open" turns "ended" the
 * day after day_until even before the sweep has run), the last check-in
 * slot that was due and whether it was missed, and recent readings. */
struct quarantine_view {
    struct quarantine_row q;
    char name[RES_NAME_MAX];
    char address[256];
    char follower[64];
    int state; /* enum quarantine_state, derived */
    int32_t due_day;
    int due_slot;
    int missed;
    int colour; /* the resident's colour now */
    int ntemps;
    struct temperature_row temps[QUARANTINE_TEMPS_MAX];
    int nevents; /* changes after opening, oldest first */
    struct quarantine_event events[QUARANTINE_EVENTS_MAX];
};

/* Opening a case: parse, then a writer job. */
struct quarantines_open {
    APP_JOB_HEAD; /* c, id, today, now, err (app/app.h) */
    int64_t resident;
    int kind; /* enum quarantine_kind: home or central */
    int32_t from, until;
    char facility[QUARANTINE_FACILITY_MAX];
    char follower[64];
    struct quarantine_view out;
    char token[QUARANTINE_TOKEN_LEN]; /* the check-in link's secret */
    int64_t tasks;                    /* tasks generated at once */
    /* NULL: the case sets the quarantine fact alone; else the whole change
     * of facts recorded with it, as one register write (its quarantine part
     * is the case's: quarantines_open_for_fact). */
    const struct facts_change *facts;
};
int quarantines_open_parse(struct db *db, const json_t *body, void *job); /* app_parse_fn */
int quarantines_open_job(struct db *db, void *arg);

/* Whether caller c may open a case of `kind` for resident `resident`
 * (counted in `unit`, living in `household`, 0: no address): the role, the
 * scope, an address for a home quarantine. 0, or < 0 with err filled. */
int quarantines_may_open(const struct caller *c, int64_t resident, int64_t unit, int64_t household,
                         int kind, struct app_error *err);

/* The one path from a quarantine fact to a case: a register write that
 * sets a current quarantine (kind home or central, last day today or
 * later) opens the case instead of setting the fact alone, inside the
 * caller's transaction (quarantines_open_job with the fact's kind and
 * dates: the facts of ch, the case, its tasks and the check-in link
 * together, the facts as one register write).
 * *out_case is the case; token its check-in link's secret. A resident
 * already in an open case: APP_E_CONFLICT "case_open" (change the case). */
int quarantines_open_for_fact(struct db *db, const struct caller *c, int64_t resident,
                              const struct facts_change *ch, int64_t *out_case,
                              char token[QUARANTINE_TOKEN_LEN], struct app_error *err);

/* 1 if change ch sets a quarantine still running on `today` (one that
 * opens a case), else 0. */
int quarantines_fact_opens_case(const struct facts_change *ch, int32_t today);

/* Opening cases for a whole household ("the household is in home
 * quarantine"): the body of quarantines_open without "resident". Every
 * resident of the household within the caller's scope gets a case, in one
 * transaction; one already in an open case is skipped (listed, not an
 * error). The household's rubbish task is generated once. */
#define QUARANTINE_HOUSEHOLD_MAX 64
struct quarantines_household {
    APP_JOB_HEAD; /* c, id, today, now, err (app/app.h) */
    int64_t household;
    struct quarantines_open one; /* the template; each case is opened with it */
    int n;
    struct {
        struct quarantine_view view;
        char token[QUARANTINE_TOKEN_LEN];
    } cases[QUARANTINE_HOUSEHOLD_MAX];
    int nskipped;
    int64_t skipped[QUARANTINE_HOUSEHOLD_MAX];
    int64_t tasks;
};
int quarantines_household_parse(struct db *db, const json_t *body, void *job);
int quarantines_household_job(struct db *db, void *arg);

/* Lists cases within a unit (0: scope), open only or all, newest first,
 * a page at a time (the cursor an id; limit 50, at most
 * QUARANTINES_PAGE_MAX). */
typedef int (*quarantine_view_fn)(void *arg, const struct quarantine_view *v);
int quarantines_list(struct db *db, const struct caller *c, int64_t unit, int open_only,
                     struct page *pg, quarantine_view_fn fn, void *arg, struct app_error *err);
int quarantines_get(struct db *db, const struct caller *c, int64_t id, struct quarantine_view *out,
                    struct app_error *err);

/* A temperature reading, by a worker (token "") or through the check-in
 * link (token set; the caller is then ignored). Body {temperature, slot?,
 * day?}: slot "morning" or "evening" (default: by the time of day), day
 * today unless given. */
struct quarantines_temp {
    APP_JOB_HEAD; /* c, id, today, now, err (app/app.h) */
    char token[QUARANTINE_TOKEN_LEN];
    int tenths;
    int slot;    /* -1: by the time of day */
    int32_t day; /* DATE_NONE: today */
    int fever;
    int64_t task; /* the urgent task raised by a fever, or 0 */
    struct quarantine_view out;
};
int quarantines_temp_parse(struct db *db, const json_t *body, void *job);
int quarantines_temp_job(struct db *db, void *arg);

/* The case behind a check-in link (for the resident's page). */
int quarantines_checkin_get(struct db *db, const char *token, struct quarantine_view *out,
                            struct app_error *err);

/* A new check-in link for a case (the old one stops working). */
struct quarantines_link {
    APP_JOB_HEAD; /* c, id, today, now, err (app/app.h) */
    char token[QUARANTINE_TOKEN_LEN];
};
int quarantines_link_job(struct db *db, void *arg);

/* Changing an open case (within the caller's scope, PERM_QUARANTINE, as
 * opening): moving its last day (body {until, reason}: an early release
 * by the health authority, or an extension) or cancelling a case opened by
 * mistake (body {reason}). Either writes the resident's quarantine fact
 * through the register batch in the same transaction (while the fact is
 * still this case's), records an event with the reason, cancels the open
 * generated tasks of the days no longer in quarantine, and audits. A case
 * released before today ends at once (state ended, closed today); a
 * cancelled one's fact is cleared and its check-in link opens nothing.
 * An ended or cancelled case: APP_E_CONFLICT "bad_state". */
struct quarantines_change {
    APP_JOB_HEAD;  /* c, id, today, now, err (app/app.h) */
    int cancel;    /* 1: cancel the case; 0: move the last day */
    int32_t until; /* the new last day (cancel: unused) */
    char reason[QUARANTINE_REASON_MAX];
    int64_t tasks_cancelled; /* generated tasks cancelled with it */
    struct quarantine_view out;
};
int quarantines_until_parse(struct db *db, const json_t *body, void *job);
int quarantines_cancel_parse(struct db *db, const json_t *body, void *job);
int quarantines_change_job(struct db *db, void *arg);

/* Ends the open cases whose last day is before today, at most `max` of
 * them (the rest at the next call); *out_ended. */
int quarantines_end_expired(struct db *db, int32_t today, int64_t max, int64_t *out_ended);

#endif
