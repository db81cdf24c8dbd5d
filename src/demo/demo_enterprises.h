/*
 * The demo's return to work (issue 16, docs/enterprises.md): 虹梅路街道
 * (徐汇区) with 20 parks and 200 office buildings of the Caohejing zone in
 * one grid, 4,000 generated enterprises (deterministic) at every stage of
 * resumption, a vehicle maker depending on its 8 suppliers (two still
 * closed: its chain is blocked) whose own account is the demo `enterprise`
 * and whose specialist is the demo `specialist`, and the street's own
 * account `hongmeilu`.
 */
#ifndef CORDON_DEMO_DEMO_ENTERPRISES_H
#define CORDON_DEMO_DEMO_ENTERPRISES_H

#include "store/db.h"

#define DEMO_HONGMEI           310104012LL
#define DEMO_HONGMEI_COMMITTEE 310104012001LL
#define DEMO_ENTERPRISES       4000

/* Creates the above once (nothing when enterprises exist already). 0, or
 * < 0 with a line in err. */
int demo_enterprises_create(struct db *db, char err[256]);

#endif
