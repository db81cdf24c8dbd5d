/*
 * SQL of return to work (issue 16): the enterprise register, each
 * enterprise's status per day, the specialists assigned to it, and the
 * rows the resumption figures are counted from. Rules live in
 * core/resumption.c, checks of who may do what in app/enterprises/.
 */
#ifndef CORDON_STORE_ENTERPRISES_H
#define CORDON_STORE_ENTERPRISES_H

#include "store/db.h"

#include <stdint.h>

#define ENT_NAME_MAX   128
#define ENT_TEXT_MAX   64
#define ENT_STATUS_MAX 16

struct enterprise_row {
    int64_t id;
    char credit_code[20];
    char name[ENT_NAME_MAX];
    char industry[ENT_TEXT_MAX];
    int64_t staff;
    int64_t output; /* 万元 */
    int64_t street;
    int64_t park;     /* places.id, 0: none */
    int64_t building; /* places.id, 0: none */
    char park_name[ENT_NAME_MAX];
    char building_name[ENT_NAME_MAX];
    char contact[ENT_TEXT_MAX];
    char phone[32];
    int64_t account; /* its own account, 0: none */
    char status[ENT_STATUS_MAX];
    int64_t staff_on_site;
    int64_t district;
};

/* One enterprise by id or by credit code: 0, DB_E_NOTFOUND or < 0. */
int store_enterprise_get(struct db *db, int64_t id, struct enterprise_row *out);
int store_enterprise_by_code(struct db *db, const char *code, struct enterprise_row *out);

/* Inserts e, or updates the enterprise with its credit code (all but the
 * account and status); sets e->id. 0 or < 0. */
int store_enterprise_upsert(struct db *db, struct enterprise_row *e);

/* The id of the place of `kind` ("park", "office") named `name` in a
 * committee of street `street`: 0, DB_E_NOTFOUND or < 0. */
int store_enterprise_place(struct db *db, int64_t street, const char *kind, const char *name,
                           int64_t *out_id);

/* What a list is narrowed to: streets in [lo, hi); park (a park or a
 * building, 0: any); status ("" any); owner (accounts.id, 0: any);
 * specialist (assigned to that account, 0: any). */
struct enterprise_filter {
    int64_t lo, hi, place, owner, specialist;
    const char *status;
};
typedef int (*enterprise_row_fn)(void *arg, const struct enterprise_row *e);
/* Enterprises matching f with an id above `after`, by id, at most `limit`
 * (<= 0: all); fn returning non-zero stops and is returned. */
int store_enterprises_list(struct db *db, const struct enterprise_filter *f, int64_t after,
                           int limit, enterprise_row_fn fn, void *arg);

/* The status in effect on `day` (the latest day at or before it): 0 with
 * status, staff on site and that row's day, or DB_E_NOTFOUND (closed). */
int store_enterprise_day_at(struct db *db, int64_t id, int64_t day, char status[ENT_STATUS_MAX],
                            int64_t *out_on_site, int64_t *out_day);

/* Records the status of `day` (replacing that day's) and, when no later
 * day is recorded, the enterprise's current status. 0 or < 0. */
int store_enterprise_day_put(struct db *db, int64_t id, int64_t day, const char *status,
                             int64_t on_site, const char *by, const char *reason, int64_t at);

/* A day of an enterprise, as store_enterprise_day_put() takes it. */
struct enterprise_day_put {
    int64_t enterprise, day;
    const char *status;
    int64_t on_site;
    const char *by, *reason;
    int64_t at;
};

/* store_enterprise_day_put() of d[0..n-1] in a few statements (no two of
 * one enterprise and day): the days, then each enterprise's current status
 * from its latest day. 0 or < 0. */
int store_enterprise_days_put_many(struct db *db, const struct enterprise_day_put *d, size_t n);

/* 1 in *out if account `account` is assigned to enterprise `id`. */
int store_enterprise_assigned(struct db *db, int64_t id, int64_t account, int *out);
/* Assigns a specialist (idempotent), or sets the enterprise's own account. */
int store_enterprise_assign(struct db *db, int64_t id, int64_t account);
int store_enterprise_set_owner(struct db *db, int64_t id, int64_t account);

/* How many enterprises there are, city-wide, into *out. 0 or < 0. */
int store_enterprises_count(struct db *db, int64_t *out);

/* Supplier chains: `enterprise` depends on `supplier` (idempotent). */
int store_enterprise_supplier_add(struct db *db, int64_t enterprise, int64_t supplier);
/* 1 in *out if `enterprise` already depends on `supplier`. */
int store_enterprise_depends(struct db *db, int64_t enterprise, int64_t supplier, int *out);
/* The suppliers of `enterprise`, by id; fn returning non-zero stops. */
int store_enterprise_suppliers(struct db *db, int64_t enterprise, enterprise_row_fn fn, void *arg);

/* One enterprise as the resumption figures count it on a day. */
struct resumption_row {
    int64_t id;
    char credit_code[20];
    char name[ENT_NAME_MAX];
    int64_t staff, output, on_site;
    char status[ENT_STATUS_MAX]; /* "closed" when no day is recorded yet */
    /* Where and what it is, for the breakdowns (app/enterprises/dashboard.c). */
    char industry[ENT_TEXT_MAX];
    int64_t street, park, building; /* places.id, 0: none */
    char park_name[ENT_NAME_MAX], building_name[ENT_NAME_MAX];
};
typedef int (*resumption_row_fn)(void *arg, const struct resumption_row *r);
/* Every enterprise of streets [lo, hi) with its status on `day`, by id. */
int store_resumption_rows(struct db *db, int64_t lo, int64_t hi, int64_t day, resumption_row_fn fn,
                          void *arg);

#endif
