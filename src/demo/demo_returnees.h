/*
 * The demo's returning staff (issue 16): three of Hongmei Road's applied
 * enterprises carry their checklist and staff returning from outside the
 * city whose home is 岐山居委会, so its hand-over inbox shows hand-overs
 * "from enterprise X" next to the checkpoints' travellers.
 */
#ifndef CORDON_DEMO_RETURNEES_H
#define CORDON_DEMO_RETURNEES_H

#include "store/db.h"

/* Idempotent: nothing when a returnee exists. 0, or < 0 with err. */
int demo_returnees_create(struct db *db, char err[256]);

#endif
