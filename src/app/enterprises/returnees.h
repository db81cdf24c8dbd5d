/*
 * Return to work (issue 16): what an enterprise's application carries
 * besides its status — the prevention checklist (door temperature checks,
 * masks in stock, canteen spacing) and the staff returning from outside the
 * city, each of whom becomes a pending hand-over to its home committee (the
 * hand-over of app/checkpoints/handovers.h: same inbox, accept, deadline and
 * escalation). Written in the application's transaction, all or nothing.
 */
#ifndef CORDON_APP_ENTERPRISE_RETURNEES_H
#define CORDON_APP_ENTERPRISE_RETURNEES_H

#include "app/app.h"
#include "store/enterprise_returnees.h"
#include "store/enterprises.h"

#include <jansson.h>
#include <stdint.h>

#define ENT_RETURNEES_MAX 50

struct enterprise_application {
    int has_checklist;
    struct enterprise_checklist checklist;
    size_t n;
    struct returnee returnees[ENT_RETURNEES_MAX];
    int64_t handovers[ENT_RETURNEES_MAX]; /* after the job: each returnee's hand-over */
};

/* Reads body.checklist {door_checks, masks, canteen} and body.returnees
 * [{name, document, phone?, origin, arrival, committee}] (a mainland ID
 * number, checked; an arrival not after today): 0 or APP_E_INVALID naming
 * "returnees[i].field". */
int application_parse(const json_t *body, int32_t today, struct enterprise_application *a,
                      struct app_error *err);

/* Records the application of enterprise e on `day`: its checklist, its
 * returnees and a hand-over for each to its home committee. A committee
 * that is not one of the city's, or an origin inside the city: APP_E_INVALID
 * naming "returnees[i].committee" / "returnees[i].origin". Inside the
 * caller's transaction. */
int application_record(struct db *db, const struct caller *c, const struct enterprise_row *e,
                       int32_t day, int64_t now, struct enterprise_application *a,
                       struct app_error *err);

/* GET /enterprises/{id}/returnees: the returnees of an enterprise the
 * caller sees (enterprise_visible), masked, each with its hand-over's state
 * and holder — nothing of the resident register. New JSON array, or NULL
 * with *err. */
json_t *enterprise_returnees_json(struct db *db, const struct caller *c, int64_t id, int *out_rc,
                                  struct app_error *err);

#endif
