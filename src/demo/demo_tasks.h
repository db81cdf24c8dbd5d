/*
 * The demo's quarantine follow-up and tasks (docs/demo.md): a responsible
 * person for each of 岐山's four grids, a property company serving some of
 * its compounds with the demo `property` account attached, a few places
 * (a market, a garage, a corridor, a metro exit), a household in home
 * quarantine with its daily rubbish collection, and an overdue repair that
 * has reached the street's board.
 */
#ifndef CORDON_DEMO_DEMO_TASKS_H
#define CORDON_DEMO_DEMO_TASKS_H

#include "store/db.h"

/* Creates the above once (nothing when the places exist already). Returns
 * 0, or < 0 with a line in err. */
int demo_tasks_create(struct db *db, char err[256]);

#endif
