/*
 * Storage of tasks and their event history (tables of 005_tasks.sql).
 * Lists take a filter whose scope part is one of: a range of committee
 * codes, one grid (plus what is assigned to one account), or one
 * organisation (its own tasks and those of the compounds it serves), so
 * that the bound is in the query itself. Generated daily tasks are
 * inserted idempotently on (household, kind, day).
 */
#ifndef CORDON_STORE_TASKS_H
#define CORDON_STORE_TASKS_H

#include "store/db.h"

#include <stdint.h>

#define TASK_TITLE_MAX 256
#define TASK_NOTE_MAX  512
#define TASK_WHERE_MAX 256

/* A household task's household, read with the task in the same query so a
 * list of tasks needs no request per household: its address, floor, the
 * building's lift, and its head (the first resident registered in it).
 * The head's name is masked when read: a task row goes to lists, answers
 * and the sweep alike, and the phone is revealed through the resident
 * (查看完整信息), never through a task. */
struct task_home {
    char compound[128];
    char building[128];
    char unit[32];
    char room[32];
    int floor;           /* 0: not known */
    int lift;            /* the building: 1 lift, 0 walk-up, -1 not known */
    int64_t head;        /* residents.id, 0: nobody registered */
    int64_t head_unit;   /* the head's grid, else committee (for the scope) */
    char head_name[128]; /* masked */
};

struct task_row {
    int64_t id;
    int kind; /* enum task_kind (core/tasks.h) */
    char title[TASK_TITLE_MAX];
    int64_t place, household, quarantine, compound; /* 0: none */
    int64_t grid;                                   /* 0: none */
    int64_t committee, street, district;
    int64_t org;      /* 0: none */
    int64_t assignee; /* accounts.id, 0: nobody yet */
    int state;        /* enum task_state */
    int urgent;
    int32_t day; /* DATE_NONE unless generated for a day */
    int64_t deadline;
    int escalated; /* highest enum task_escalation recorded */
    char note[TASK_NOTE_MAX];
    int64_t created_at;
    char created_by[64];
    int64_t updated_at;
    /* Filled on reads: the assignee's account name, and where (the place's
     * name, or the household's compound, building and room). */
    char assignee_name[64];
    char where[TASK_WHERE_MAX];
    struct task_home home; /* zero unless t->household */
};

/* Inserts t (sets t->id). With t->day set and a task of that household,
 * kind and day already there, inserts nothing and sets *out_new to 0 (else
 * 1). out_new may be NULL. */
int store_task_insert(struct db *db, struct task_row *t, int *out_new);
int store_task_get(struct db *db, int64_t id, struct task_row *out);
/* Sets state, note (NULL: unchanged), assignee (< 0: unchanged), updated_at. */
int store_task_update(struct db *db, int64_t id, int state, const char *note, int64_t assignee,
                      int64_t now);
int store_task_set_escalated(struct db *db, int64_t id, int level);

struct task_filter {
    int64_t lo, hi;     /* committee range (used when grid and org are 0) */
    int64_t grid;       /* one grid: its tasks ... */
    int64_t grid_also;  /* ... and those assigned to this account (0: none) */
    int64_t org;        /* an organisation's tasks and its compounds' */
    int state;          /* enum task_state, or -1: any; -2: open or accepted */
    int64_t assignee;   /* 0: anyone */
    int64_t overdue_at; /* not 0: only open/accepted with deadline < this */
    int64_t after;      /* cursor: ids greater than this */
    int limit;
    const char *kind; /* a kind's code; NULL or "": any */
};
typedef int (*task_fn)(void *arg, const struct task_row *t);
/* Tasks matching f by id, at most f->limit. */
int store_tasks_find(struct db *db, const struct task_filter *f, task_fn fn, void *arg);
/* At most `limit` open or accepted tasks whose recorded escalation is below
 * the one due at `now`: past their deadline and not yet on the committee's
 * board, past street_before and not yet on the street's, past
 * district_before and not yet on the district's (the sweep). */
int store_tasks_to_escalate(struct db *db, int64_t now, int64_t street_before,
                            int64_t district_before, int limit, task_fn fn, void *arg);

/* Open or accepted tasks generated for quarantine case `quarantine` for a
 * day after `after` (tasks for no particular day, as a fever's, are left
 * out), by id. */
int store_tasks_of_case(struct db *db, int64_t quarantine, int32_t after, task_fn fn, void *arg);

/* Counts in the scope of f (state and the rest of f ignored): open or
 * accepted, and of those overdue at `now` (past the deadline), escalated to
 * the street (past street_at), to the district (past district_at). */
struct task_counts {
    int64_t open, overdue, street, district;
};
int store_task_counts(struct db *db, const struct task_filter *f, int64_t now, int64_t street_at,
                      int64_t district_at, struct task_counts *out);

struct task_event {
    int64_t task;
    int seq;
    int64_t at;
    char kind[16];
    int64_t unit;
    char recorded_by[64];
    char detail[TASK_NOTE_MAX];
};
/* Appends an event (seq is the next of the task). */
int store_task_event_add(struct db *db, const struct task_event *e, int64_t district);
typedef int (*task_event_fn)(void *arg, const struct task_event *e);
int store_task_events(struct db *db, int64_t task, int64_t district, task_event_fn fn, void *arg);

#endif
