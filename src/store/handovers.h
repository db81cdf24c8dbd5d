/*
 * Storage of hand-overs (each screened traveller, held by the unit that
 * must receive them) and of their append-only timeline. "Within a unit" is
 * an equality on the holder's district, street or committee column, so an
 * inbox or a street's overview is one index range. All SQL of the two
 * tables lives here; scope and state rules are in app/checkpoints/handovers.c.
 */
#ifndef CORDON_STORE_HANDOVERS_H
#define CORDON_STORE_HANDOVERS_H

#include "store/db.h"

#include <stdint.h>

#define HANDOVER_PLACE_MAX  192
#define HANDOVER_FIELD_MAX  32
#define HANDOVER_STATUS_MAX 16
#define HANDOVER_KIND_MAX   16
#define HANDOVER_DETAIL_MAX 256

enum handover_state { HANDOVER_PENDING = 0, HANDOVER_ACCEPTED = 1 };

/* A hand-over of an enterprise's returnee has the id this + the returnee's
 * id (above any screening's): the id is the source (schema/016_returnees.sql
 * says why). */
#define HANDOVER_RETURNEE_BASE INT64_C(1000000000000)

struct handover {
    int64_t id;        /* the screening's id, or HANDOVER_RETURNEE_BASE + returnee */
    int64_t screening; /* 0 for an enterprise's returnee */
    int64_t returnee;  /* enterprise_returnees.id, 0 for a checkpoint's traveller */
    int64_t unit;      /* the holder: a committee, or a street, district or city queue */
    int level;         /* the holder's level */
    int state;         /* enum handover_state */
    int64_t resolved;  /* the unit the destination resolved to (the first holder) */
    char status[HANDOVER_STATUS_MAX]; /* the destination's resolution: resolved, partial... */
    char compound[HANDOVER_PLACE_MAX];
    char building[HANDOVER_FIELD_MAX];
    char room_unit[HANDOVER_FIELD_MAX];
    char room[HANDOVER_FIELD_MAX];
    int floor;
    int64_t household; /* the registered household the address names, 0 if none */
    int64_t created_at;
    int64_t deadline; /* when the holder's time runs out */
    int64_t period;   /* the deadline's length, seconds */
    int escalated;    /* escalation steps recorded in the timeline */
    int64_t resident; /* once accepted */
    int64_t updated_at;
    int32_t day;         /* the screening's day (issue 20: arrivals counted without a join); 0 for a
                          * returnee */
    int fever;           /* the screening's fever flag */
    int64_t screened_in; /* the district of the post that screened the traveller, where the
                          * screening lies (issue 20: read on one shard); 0 for a returnee or a
                          * hand-over made before migration 022 */
};

/* Inserts h with the screening's id as its own, or the returnee's plus
 * HANDOVER_RETURNEE_BASE (h->id set); level and district follow from
 * h->unit. Read back, an id above the base sets h->returnee. */
int store_handover_insert(struct db *db, struct handover *h);

/* 0, DB_E_NOTFOUND or < 0. */
int store_handover_get(struct db *db, int64_t id, struct handover *out);
int store_handover_by_screening(struct db *db, int64_t screening, struct handover *out);

/* Writes holder, state, deadline, escalation, resident and updated_at. */
int store_handover_update(struct db *db, const struct handover *h);

/* Sets the recorded escalation when it is below `step` (idempotent);
 * *out_changed is 1 when it changed. */
int store_handover_set_escalated(struct db *db, int64_t id, int step, int *out_changed);

struct handover_filter {
    int64_t unit;  /* within this unit (any level) */
    int state;     /* enum handover_state, or -1 for any */
    int64_t due;   /* > 0: only pending ones whose deadline <= due */
    int64_t after; /* ids above this */
    int limit;
};

/* Ids in id order. *out_n how many were written to ids (at most limit). */
int store_handovers_find(struct db *db, const struct handover_filter *f, int64_t *ids, int *out_n);

/* Pending hand-overs with an escalation step due by `now` that the
 * timeline does not hold yet (past the deadline and none recorded, or past
 * deadline + period and one recorded), at most `max`: fills out, *out_n. */
int store_handovers_due(struct db *db, int64_t now, struct handover *out, int max, int *out_n);

/* Pending hand-overs within a unit, by the holder's level (index 1..4):
 * how many, how many past their deadline, and past deadline + period. */
struct handover_tally {
    int64_t pending[5];
    int64_t overdue[5];
    int64_t overdue2[5];
};
int store_handovers_tally(struct db *db, int64_t unit, int64_t now, struct handover_tally *out);

/* Arrivals to `unit` on `day`: the hand-overs held within it whose
 * screening was on that day (*out_arrivals), and the fevers among them
 * (*out_fever). A committee's 今日筛查 and 发热预警 (its posts are none). */
int store_handovers_arrivals(struct db *db, int64_t unit, int32_t day, int64_t *out_arrivals,
                             int64_t *out_fever);

/* The timeline. */
struct handover_event {
    int64_t handover;
    int seq;
    int64_t at;
    char kind[HANDOVER_KIND_MAX]; /* created, escalated, rejected, routed, accepted */
    int64_t unit;
    char recorded_by[64];
    char detail[HANDOVER_DETAIL_MAX];
};

/* Appends event number `seq` (the caller knows it: 1 and 2 for a new
 * hand-over's first events), without looking for the last. */
int store_handover_event_put(struct db *db, int64_t handover, int seq, int64_t at, const char *kind,
                             int64_t unit, const char *by, const char *detail);

/* Appends an event (seq follows the last). */
int store_handover_event_add(struct db *db, int64_t handover, int64_t at, const char *kind,
                             int64_t unit, const char *by, const char *detail);

typedef int (*handover_event_fn)(void *arg, const struct handover_event *e);
int store_handover_events(struct db *db, int64_t handover, handover_event_fn fn, void *arg);

#endif
