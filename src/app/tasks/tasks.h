/*
 * Tasks: a service or a problem at a place or a household, for the person
 * answerable for its grid (or one named by hand), with a deadline and a
 * state (open -> accepted -> done, or cancelled) and an event history.
 * Visibility follows the caller: a grid worker sees its grid's tasks and
 * those assigned to it, committee and above everything within their unit,
 * a property company the tasks it owns and those of the compounds it
 * serves. Overdue tasks escalate committee -> street -> district
 * (core/tasks.h derives the level from the clock; the daily sweep records
 * each step as an event). The sweep also ends quarantines past their last
 * day and generates each quarantined household's rubbish collection.
 */
#ifndef CORDON_APP_TASKS_H
#define CORDON_APP_TASKS_H

#include "app/app.h"
#include "store/tasks.h"

#include <jansson.h>
#include <stdint.h>

#define TASKS_PAGE_DEFAULT 50
#define TASKS_PAGE_MAX     500

/* Inserts a task and its "created" event (no scope check: for use cases
 * that have done theirs). *out_new as store_task_insert (may be NULL). */
int tasks_add(struct db *db, struct task_row *t, const char *by, int *out_new);

/* Moves t to `state` (done, cancelled) by itself, with its event saying
 * who (`by`) and why. 0 or a store status. */
int tasks_close(struct db *db, const struct task_row *t, int state, const char *by, const char *why,
                int64_t now);

/* A task created by hand: body {kind, place | household, title?, note?,
 * deadline?, assignee?, urgent?}; a writer job. */
struct tasks_create {
    APP_JOB_HEAD; /* c, id, today, now, err (app/app.h) */
    json_t *body; /* a reference taken by tasks_create_parse, read by the job */
    struct task_row out;
};
/* The body is read inside the job (it looks accounts and places up in the
 * writer's transaction): the parser keeps a reference, the release drops
 * it. */
int tasks_create_parse(struct db *db, const json_t *body, void *job); /* app_parse_fn */
void tasks_create_release(void *job);
int tasks_create_job(struct db *db, void *arg);

/* accept, done or cancel (to: enum task_state), with an optional note. */
struct tasks_move {
    APP_JOB_HEAD; /* c, id, today, now, err (app/app.h) */
    int to;
    char note[TASK_NOTE_MAX];
    struct task_row out;
};
/* The optional body {note} (NULL: none), and the state moved to. */
int tasks_accept_parse(struct db *db, const json_t *body, void *job);
int tasks_done_parse(struct db *db, const json_t *body, void *job);
int tasks_cancel_parse(struct db *db, const json_t *body, void *job);
int tasks_move_job(struct db *db, void *arg);
/* The move itself, for a use case that has read the task into u->out and
 * checked the caller (an enterprise's ticket): the state machine, the
 * update and its event; u->out re-read. */
int tasks_move_apply(struct db *db, struct tasks_move *u);

struct tasks_query {
    int64_t unit;      /* 0: the caller's scope */
    int state;         /* enum task_state, -1 any, -2 open or accepted */
    char assignee[64]; /* "" anyone */
    int board;         /* 1: only those escalated to the unit's level or beyond */
    int kind;          /* enum task_kind + 1; 0: any */
};
/* Lists tasks a page at a time (the cursor an id). */
int tasks_list(struct db *db, const struct caller *c, const struct tasks_query *q, struct page *pg,
               task_fn fn, void *arg, struct app_error *err);
/* One task and its events. */
int tasks_get(struct db *db, const struct caller *c, int64_t id, struct task_row *out,
              task_event_fn fn, void *arg, struct app_error *err);

/* Where a task at place p lies: the place, its grid, committee, compound,
 * organisation and district. */
struct place_row;
void tasks_at_place(struct task_row *t, const struct place_row *p);

/* The daily sweep: ends quarantines whose last day has passed, generates
 * today's rubbish collection for every household in home quarantine,
 * raises an inspection task for each missed check-in, and records the
 * escalation steps overdue tasks have reached. Idempotent; with several
 * servers only one runs it at a time (an advisory lock; out->skipped when
 * another holds it). Runs in write transactions of its own on db, each a
 * batch of at most 2,000 cases to end, tasks to escalate, then open cases
 * to go over, with a pause between batches so that the writes of the day
 * get the lock. */
struct tasks_sweep_report {
    int skipped;
    int64_t ended, generated, alerts, escalated;
    int64_t cases;  /* open cases the pass went over (0: no pass) */
    int unfinished; /* the tick's time was up before the pass was over */
};
int tasks_sweep(struct db *db, int32_t today, int64_t now, struct tasks_sweep_report *out,
                struct app_error *err);

/* The server's tick (every 30 s): the sweep, but its pass over every open
 * case (the day's recurring tasks, missed check-ins) only when the day or
 * the check-in slot due has changed since that pass was last made, by any
 * process (meta `tasks_swept`, so a restart does not make it again) — in
 * between it could find nothing new, since a case opened meanwhile gets
 * its tasks when it opens. The pass stands in meta `tasks_sweep_at` after
 * each batch: a server stopped in the middle of it goes on where it
 * stopped. budget_s (> 0) bounds the time a tick spends on the pass, the
 * pauses included: a tick whose time is up leaves the rest to the next
 * (out->unfinished), so neither a server's start nor its other periodic
 * work waits for a city's pass. Ending cases and escalating overdue tasks
 * (indexed, cheap) run every time. Keeps a city with 100,000 cases in
 * quarantine from re-reading them all twice a minute, and a server on a
 * city with a million from spending 11 s at each start. */
int tasks_tick(struct db *db, int32_t today, int64_t now, double budget_s,
               struct tasks_sweep_report *out, struct app_error *err);

/* The parts of a household's rubbish task of `today` that do not depend on
 * the household (kind, title, day, deadline, created_at/by), t zeroed
 * first; `now` is when it is generated. */
void tasks_rubbish_of_day(int32_t today, int64_t now, struct task_row *t);

/* Today's tasks of one quarantine case, generated at once when the case
 * opens (the sweep would do it at its next run). */
struct quarantine_row;
int tasks_generate_for_case(struct db *db, const struct quarantine_row *q, int32_t today,
                            int64_t now, int64_t *out_generated);

/* Cancels the open or accepted tasks generated for case `q` for a day after
 * `after` (DATE_NONE: every day; a fever's inspection, for no particular
 * day, stays, and so does a day's task another open case of the household
 * still needs), each with a "cancelled" event by `by` whose detail is `why`.
 * Adds their number to *out_cancelled. Inside the caller's transaction. */
int tasks_cancel_for_case(struct db *db, const struct quarantine_row *q, int32_t after,
                          const char *by, const char *why, int64_t now, int64_t *out_cancelled);

/* Adds "quarantine" {active, ending_today, missed} and "tasks" {open,
 * overdue, board} of a unit to a dashboard answer. */
int tasks_dashboard_add(struct db *db, int64_t unit, int32_t today, int64_t now, json_t *out);

/* Counts that part of `unit` ahead on the server's task pool when it was
 * not counted yet for this day and slot (tally_memo_warm's answer). */
int tasks_dashboard_warm(int64_t unit, int32_t today, int64_t now);

/* Whom a task in grid `grid` goes to when nobody is named: the grid's
 * person (0 when none). */
int tasks_default_assignee(struct db *db, int64_t place, int64_t grid, int64_t *out);

#endif
