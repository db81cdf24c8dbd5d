/*
 * Who is asking, and what a use case answers. Every use case in app/ takes
 * a `struct caller` (the account behind the request, its role and scope)
 * and checks it here: a record is visible when its unit lies within the
 * caller's scope, by arithmetic on the codes (core/unitcode.h); a record
 * outside the scope is reported exactly as one that does not exist. Errors
 * carry a stable code and the input field they are about, for the API's
 * error body and the command line.
 */
#ifndef CORDON_APP_APP_H
#define CORDON_APP_APP_H

#include "app/accounts/roles.h"
#include "core/colour.h"
#include "store/db.h"
#include "store/writer.h"

#include <jansson.h>
#include <stdint.h>

#define CALLER_NAME_MAX 64
#define CALLER_ADDR_MAX 64

struct caller {
    int64_t account;            /* 0: none (the command line, a link) */
    char name[CALLER_NAME_MAX]; /* account name, or "cli" */
    enum role role;
    int64_t unit;                  /* the account's org unit */
    int64_t grid;                  /* grid workers: their grid; else 0 */
    int64_t post;                  /* checkpoint accounts: their post; else 0 */
    int64_t org;                   /* property accounts: their organisation; else 0 */
    char address[CALLER_ADDR_MAX]; /* client address, "" if none */
    int must_change;               /* must change a one-time password first */
};

/* The unit that bounds what the caller sees: the grid, else the unit. */
int64_t scope_of(const struct caller *c);

/* The district that holds the caller's whole scope, or 0 for a city's
 * caller: what a read by id names so that it goes to one shard of a
 * database distributed by district (store_resident_get). */
int64_t scope_district(const struct caller *c);

/* 1 if `unit` (a grid, committee or any code) lies within the caller's
 * scope. */
int scope_contains(const struct caller *c, int64_t unit);

/*
 * One page of a list, the same for every list use case: the caller sets
 * cursor (0: the first page; what it means is the list's, usually the last
 * id of the page before) and limit (0 or less: the list's default; above
 * its maximum: the maximum); the list sets next, the cursor of the page
 * after this one, or 0 when this one was the last.
 */
struct page {
    int64_t cursor;
    int limit;
    int64_t next;
};

/* Starts a page in a list: next 0, the limit brought within 1..max (def
 * when not given). Returns the limit. */
int page_begin(struct page *pg, int def, int max);

/*
 * Walking rows of a list given one more than the limit (or unbounded), in
 * cursor order: page_take() is called with each row's cursor value before
 * the row is passed on. It returns 0 to pass the row on, or 1 for a row
 * past the limit, having set pg->next to the last row passed on (the
 * walk is then to stop).
 */
struct page_walk {
    struct page *pg;
    int n;
    int64_t last;
};
int page_take(struct page_walk *w, int64_t cursor);

/*
 * For a list that hands a store's rows (with an `id`, the cursor) to the
 * caller's callback as they are: defines `struct name` (the walk, the
 * callback and its argument) and `name##_one`, the store callback that
 * passes each row of the page on and stops one row past it.
 */
#define PAGE_FORWARD(name, fn_type, row_type)                                                      \
    struct name {                                                                                  \
        struct page_walk w;                                                                        \
        fn_type fn;                                                                                \
        void *arg;                                                                                 \
    };                                                                                             \
    static int name##_one(void *arg, const row_type *row)                                          \
    {                                                                                              \
        struct name *p = arg;                                                                      \
        return page_take(&p->w, row->id) ? 1 : p->fn(p->arg, row);                                 \
    }

/* Use-case results: 0, a negative enum db_status from the store, or one of
 * these (the API maps each to its HTTP status). */
enum app_status {
    APP_E_INVALID = -100,   /* 400: bad input; the error names the field */
    APP_E_AUTH = -101,      /* 401: no valid session, wrong password */
    APP_E_FORBIDDEN = -102, /* 403: the role may not do this at all */
    APP_E_NOTFOUND = -103,  /* 404: absent, or outside the scope */
    APP_E_CONFLICT = -104,  /* 409: would duplicate a record */
    APP_E_THROTTLED = -105, /* 429: too many failed logins */
    APP_E_BUSY = -106,      /* 503: the writer is saturated or stopping */
    APP_E_INTERNAL = -107,  /* 500 */
    APP_E_GONE = -108,      /* 410: nothing left to take (a campaign's stock) */
};

struct app_error {
    char code[32];     /* stable machine code: "bad_date", "not_found", ... */
    char field[64];    /* the input field, "" if none */
    char message[256]; /* English sentence */
    int retry_after;   /* seconds, for APP_E_THROTTLED */
};

/*
 * What every write job starts with, filled by the front (http/write.c, the
 * command line) before the job's parser runs: who asks, the path's {id} or
 * {code}, the request's day and time, and the error the parser or the job
 * leaves. A job struct puts APP_JOB_HEAD first; its fields are then reached
 * directly (u->c, u->err) and the whole header as u->job, the two being
 * one union over the same members (C17 6.5.2.3: a common initial sequence).
 */
#define APP_JOB_FIELDS                                                                             \
    struct caller c;                                                                               \
    int64_t id;    /* the path's {id} or {code}; 0 when none */                                    \
    int32_t today; /* the request's day (clock_today) */                                           \
    int64_t now;   /* the request's time (clock_now) */                                            \
    struct app_error err

struct app_job {
    APP_JOB_FIELDS;
};

#define APP_JOB_HEAD                                                                               \
    union {                                                                                        \
        struct app_job job;                                                                        \
        struct {                                                                                   \
            APP_JOB_FIELDS;                                                                        \
        };                                                                                         \
    }

/*
 * The one shape of a write's parser: reads `body` (NULL when the route
 * takes none) into `job` (a struct with APP_JOB_HEAD first, header already
 * filled). `db` is the front's own connection, for the parsers that must
 * read (screenings: the post, the destination; NULL will do for the
 * others); it is never written. Returns 0, or an app status with the job's
 * err filled.
 */
typedef int (*app_parse_fn)(struct db *db, const json_t *body, void *job);

/* Fills e and returns status, so use cases can `return app_fail(...)`.
 * field may be NULL. */
int app_fail(struct app_error *e, int status, const char *code, const char *field, const char *fmt,
             ...) __attribute__((format(printf, 5, 6)));

/* Turns a store result (< 0) into an app error: DB_E_NOTFOUND becomes
 * APP_E_NOTFOUND, DB_E_BUSY APP_E_BUSY, DB_E_CONSTRAINT APP_E_CONFLICT,
 * DB_E_FULL and DB_E_READONLY APP_E_BUSY ("db_full", "db_readonly"),
 * anything else APP_E_INTERNAL with the database's message. Returns the
 * app status. */
int app_db_fail(struct app_error *e, struct db *db, int rc);

/* Checks that the caller's role has `perm`: 0, or APP_E_FORBIDDEN. */
int app_require(const struct caller *c, unsigned perm, struct app_error *e);

/* Checks that the caller may read `perm` data of `unit`: 0, APP_E_FORBIDDEN
 * for the role, or APP_E_NOTFOUND (field "code") when the unit lies
 * outside the scope, as if it did not exist. */
int scope_check_unit(const struct caller *c, int64_t unit, unsigned perm, struct app_error *e);

/* A caller for the command line: the system role (every permission), the
 * whole city as its scope, named "cli", no account. */
void caller_cli(struct caller *out, int64_t city);

/* A caller for a link sent to a resident (a quarantine case's check-in):
 * the link role, no account and no scope, named `name` in what it
 * records. */
void caller_link(struct caller *out, const char *name);

/*
 * Runs `fn` as one durable write: through the group-commit writer when w is
 * not NULL (blocking until the commit; not on the writer thread), else in a
 * transaction of its own on db, after app_group_begin(). Returns fn's
 * result or the commit's failure.
 */
int app_write(struct db *db, struct writer *w, writer_job_fn fn, void *arg);

/* The writer's group hook (writer_config.group_begin): inside the group's
 * transaction, loads the colour rules and catches the daily roll-over up to
 * today, once for all the group's jobs. */
int app_group_begin(struct db *db, void *arg);

/* The writer's hooks after each job and before the group's COMMIT
 * (writer_config.job_end, group_end): the live counts of the group's
 * writes, kept per job and written once (app/register/group_counts.h),
 * and the building entries' counts by place (app/enterprises/entry_day.h). */
void app_job_end(void *arg, int rc);
int app_group_end(struct db *db, void *arg);
/* After the group's COMMIT succeeded (from writer_config.committed): what
 * the group kept in memory is now durable (app/enterprises/entry_day.h). */
void app_group_committed(void);

/* The rules loaded by the current group's app_group_begin() (valid on the
 * thread that ran it, until its next group). */
const struct colour_rules *app_group_rules(void);

#endif
