/*
 * The register as the API uses it: listing and reading residents within
 * the caller's scope (masked unless the role may unmask, and then audited),
 * registering a resident, recording facts, reading a resident's history and
 * a household. Writes are written as jobs for the group-commit writer
 * (store/writer.h): each runs inside a savepoint of a shared transaction,
 * goes through a register batch (colour, history, live counts) and appends
 * its audit entry in the same savepoint, so a change and its audit entry
 * are durable together or not at all.
 *
 * Input arrives as parsed JSON (jansson) and is validated here, strictly:
 * unknown fields, wrong types, impossible or future dates and inconsistent
 * values are refused with the field named (e.g. "arrival.date").
 */
#ifndef CORDON_APP_RESIDENTS_H
#define CORDON_APP_RESIDENTS_H

#include "app/accounts/audit.h"
#include "app/app.h"
#include "core/facts.h"
#include "store/places.h"
#include "store/residents.h"
#include "store/residents_query.h"

#include <jansson.h>
#include <stdint.h>

#define RESIDENTS_PAGE_DEFAULT  50
#define RESIDENTS_HOUSEHOLD_MAX 64

/* A resident as a reader may see it. When masked, name, doc_no and phone
 * hold the masked forms and birth is DATE_NONE. */
struct resident_view {
    struct resident_place rp;
    int masked;
};

struct residents_query {
    int64_t unit;     /* 0: the caller's scope */
    int64_t compound; /* 0: any */
    int colour;       /* enum colour, or -1 */
    const char *q;    /* text search, or NULL */
};

/* Lists residents (masked) a page at a time (the cursor an id; limit
 * RESIDENTS_PAGE_DEFAULT, at most RESIDENTS_PAGE_MAX). Returns 0 or an app
 * status with err. */
typedef int (*resident_view_fn)(void *arg, const struct resident_view *v);

/* Calls fn with every resident the query finds (unmasked: the caller
 * masks what it shows), in id order, a page at a time underneath; the
 * scope checked as residents_list. For an export of what is on screen. */
int residents_each(struct db *db, const struct caller *c, const struct residents_query *q,
                   resident_place_fn fn, void *arg, struct app_error *err);

/* out_total: NULL, or on the first page (no cursor) how many residents
 * the query finds in all (q an address as people write it, or a substring
 * of name, document, phone), read in the same scan as the page where the
 * search reads every resident of the unit anyway. */
int residents_list(struct db *db, const struct caller *c, const struct residents_query *q,
                   struct page *pg, resident_view_fn fn, void *arg, int64_t *out_total,
                   struct app_error *err);

/* One resident, masked. 0 or an app status (APP_E_NOTFOUND also when the
 * resident lies outside the caller's scope). */
int residents_get(struct db *db, const struct caller *c, int64_t id, struct resident_view *out,
                  struct app_error *err);

/* One resident unmasked: a writer job (arg: struct residents_read) that
 * reads and writes the audit entry in the same transaction. rc and err as
 * residents_get; APP_E_FORBIDDEN for a role that may not unmask. */
struct residents_read {
    APP_JOB_HEAD;                  /* c, id, today, now, err (app/app.h) */
    char reason[AUDIT_REASON_LEN]; /* why the caller needs it, kept in the audit entry */
    struct resident_view out;
};
int residents_read_unmasked_job(struct db *db, void *arg);

/* The fact history of a resident, newest first, a page at a time as
 * above (the cursor a history entry's id). */
int residents_history(struct db *db, const struct caller *c, int64_t id, struct page *pg,
                      history_fn fn, void *arg, struct app_error *err);

/* Records a change of facts: the body {presence, arrival, quarantine,
 * health, effective} validated by residents_facts_parse (0 or APP_E_INVALID
 * with the field named), then a writer job (arg: struct residents_facts). */
/* A quarantine still running today opens its case (app/quarantine:
 * quarantines_open_for_fact) in the same transaction: case and token are
 * then set. */
struct residents_facts {
    APP_JOB_HEAD; /* c, id, today, now, err (app/app.h) */
    struct facts_change ch;
    struct resident_view out; /* the resident after the change, masked */
    int64_t quarantine_case;  /* the case opened by this change, or 0 */
    char token[65];           /* its check-in link's secret (QUARANTINE_TOKEN_LEN) */
};
int residents_facts_parse(struct db *db, const json_t *body, void *job); /* app_parse_fn */
int residents_facts_job(struct db *db, void *arg);

/* Registers a new resident: parse, then a writer job. */
struct residents_create {
    APP_JOB_HEAD;      /* c, id, today, now, err (app/app.h) */
    struct resident r; /* committee, grid, name, document, phone, facts */
    char compound[PLACE_NAME_MAX];
    char building[PLACE_NAME_MAX];
    char unit[32];
    char room[32];
    int floor;
    struct resident_view out;
};
int residents_create_parse(struct db *db, const json_t *body, void *job); /* app_parse_fn */
int residents_create_job(struct db *db, void *arg);

/* A household and those of its residents within the caller's scope. */
struct household_view {
    struct household_info h;
    int n;
    struct resident_view residents[RESIDENTS_HOUSEHOLD_MAX];
};
int residents_household(struct db *db, const struct caller *c, int64_t id,
                        struct household_view *out, struct app_error *err);

/* Compounds within a unit (0: the scope), a page at a time (the cursor
 * the number of compounds of the pages before). */
typedef int (*compound_view_fn)(void *arg, const struct place_compound *pc);
int residents_compounds(struct db *db, const struct caller *c, int64_t unit, struct page *pg,
                        compound_view_fn fn, void *arg, struct app_error *err);

/* One compound and its households with their colour counts. */
int residents_compound(struct db *db, const struct caller *c, int64_t id,
                       struct place_compound *out, place_household_fn fn, void *arg,
                       struct app_error *err);

#endif
