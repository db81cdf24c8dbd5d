/*
 * Return to work (issue 16), the use cases: the enterprise register of a
 * street (listed within the caller's scope; an enterprise account sees its
 * own record, a specialist the enterprises assigned to it), each
 * enterprise's status per day (applied by the enterprise, approved or
 * returned by the street, then open with its staff on site), and the
 * resumption figures of a unit on a date. Every use case checks the
 * caller's role and scope; the register is none of the resident register.
 */
#ifndef CORDON_APP_ENTERPRISES_H
#define CORDON_APP_ENTERPRISES_H

#include "app/app.h"
#include "app/enterprises/returnees.h"
#include "core/resumption.h"
#include "store/enterprises.h"

#include <jansson.h>
#include <stdint.h>

#define ENTERPRISES_PAGE_DEFAULT 100
#define ENTERPRISES_PAGE_MAX     1000

/* The streets [lo, hi) a unit covers: a street itself, or those of a
 * district or city. 0, or -1 for a code below a street. */
int enterprise_street_range(int64_t unit, int64_t *lo, int64_t *hi);
/* The streets [lo, hi) of a unit the caller may count enterprises in
 * (scope_check_unit with PERM_ENTERPRISES), or 400 bad_code for a unit
 * below a street ("<what> counted by street, district or city"). */
int enterprise_streets_of(const struct caller *c, int64_t unit, const char *what, int64_t *lo,
                          int64_t *hi, struct app_error *err);

/* The enterprise `id` if the caller may see it (in scope for the register
 * roles, its own for an enterprise, assigned for a specialist): 0, or
 * APP_E_NOTFOUND for one absent or not the caller's, APP_E_FORBIDDEN for
 * a role that sees no enterprise. */
int enterprise_visible(struct db *db, const struct caller *c, int64_t id,
                       struct enterprise_row *out, struct app_error *err);

/* A list's narrowing: unit (0: the caller's scope), a park or building
 * (places.id, 0: any), a status ("" any). */
struct enterprise_query {
    int64_t unit, place;
    char status[ENT_STATUS_MAX];
};
int enterprises_list(struct db *db, const struct caller *c, const struct enterprise_query *q,
                     struct page *pg, enterprise_row_fn fn, void *arg, struct app_error *err);

/* POST /enterprises/{id}/status {status, staff_on_site?, day?, reason?,
 * checklist?, returnees?}: an application (status applied) may carry its
 * checklist and returning staff (app/enterprises/returnees.h). */
struct enterprise_status {
    APP_JOB_HEAD; /* c, id, today, now, err (app/app.h) */
    enum resumption_status status;
    int64_t on_site;
    int32_t day;
    char reason[256];
    struct enterprise_application app;
    struct enterprise_row out;
};
int enterprise_status_parse(struct db *db, const json_t *body, void *job);
int enterprise_status_job(struct db *db, void *arg);

/* The resumption figures of a unit on a day; open = partly or fully open. */
struct resumption_figures {
    int64_t total, open; /* enterprises */
    int64_t staff_total, staff_on_site;
    int64_t output_total, output_open; /* 万元 */
};
/* Counts the enterprises of `unit` (street or above, in the caller's
 * scope) on `day`; large_fn (may be NULL) gets each enterprise whose output
 * is at least RESUMPTION_LARGE_OUTPUT. */
int resumption_of_unit(struct db *db, const struct caller *c, int64_t unit, int32_t day,
                       struct resumption_figures *out, resumption_row_fn large_fn, void *arg,
                       struct app_error *err);

/* Sets an enterprise's own account (owner 1) or assigns a specialist
 * (owner 0), by account name; the street or the command line. */
int enterprise_link_account(struct db *db, const struct caller *c, int64_t id, const char *account,
                            int owner, struct app_error *err);

/* A supplier chain: an enterprise and those it depends on; blocked while
 * any of them is not open (core/resumption.h). */
#define ENT_CHAIN_MAX 64
struct enterprise_chain {
    struct enterprise_row root;
    struct enterprise_row suppliers[ENT_CHAIN_MAX];
    int n;
    int blocked; /* suppliers not open */
};
int enterprise_chain(struct db *db, const struct caller *c, int64_t id,
                     struct enterprise_chain *out, struct app_error *err);

/* POST /enterprises/{id}/suppliers {supplier}: the street records that
 * enterprise {id} depends on `supplier` (both of its streets); answers
 * the chain. */
struct enterprise_supplier {
    APP_JOB_HEAD; /* c, id, today, now, err (app/app.h) */
    int64_t supplier;
    struct enterprise_chain out;
};
int enterprise_supplier_parse(struct db *db, const json_t *body, void *job);
int enterprise_supplier_job(struct db *db, void *arg);

#endif
