/*
 * Storage of an enterprise application's prevention checklist and of its
 * staff returning from outside the city (schema/016_returnees.sql). Each
 * returnee becomes a hand-over (store/handovers.h); the listing here joins
 * the hand-over's state for the enterprise's own view.
 */
#ifndef CORDON_STORE_ENTERPRISE_RETURNEES_H
#define CORDON_STORE_ENTERPRISE_RETURNEES_H

#include "store/db.h"
#include "store/residents.h"

#include <stdint.h>

#define RETURNEE_ORIGIN_MAX 128

struct enterprise_checklist {
    int door_checks; /* temperatures taken at the door: 0 / 1 */
    int64_t masks;   /* masks in stock */
    int canteen;     /* canteen spaced: 0 / 1 */
};

/* Writes (or replaces) the checklist of enterprise's application of `day`. */
int store_application_put(struct db *db, int64_t enterprise, int32_t day,
                          const struct enterprise_checklist *k, const char *by, int64_t at,
                          int64_t district);

struct returnee {
    int64_t id;
    int64_t enterprise;
    int32_t day; /* the application's */
    char doc_no[RES_DOC_MAX];
    char name[RES_NAME_MAX];
    int32_t birth; /* DATE_NONE when unknown */
    int sex;
    char phone[RES_PHONE_MAX];
    char origin[RETURNEE_ORIGIN_MAX];
    int32_t arrival;
    int64_t committee; /* the home committee */
    int64_t at;
    /* read with the hand-over (store_returnees_of) */
    int64_t handover;
    int state; /* enum handover_state */
    int64_t holder;
};

/* Inserts r (r->id set); district is the enterprise's. */
int store_returnee_insert(struct db *db, struct returnee *r, int64_t district);

/* 0, DB_E_NOTFOUND or < 0. */
int store_returnee_get(struct db *db, int64_t id, struct returnee *out);

/* The returnee an enterprise already gave for this document and arrival
 * (its first): 0 with *out_id, DB_E_NOTFOUND or < 0. */
int store_returnee_find(struct db *db, int64_t enterprise, const char *doc_no, int32_t arrival,
                        int64_t *out_id);

/* The returnees of an enterprise in id order, each with its hand-over's
 * id, state and holder. fn's non-zero return stops. */
typedef int (*returnee_fn)(void *arg, const struct returnee *r);
int store_returnees_of(struct db *db, int64_t enterprise, returnee_fn fn, void *arg);

#endif
