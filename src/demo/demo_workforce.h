/*
 * The demo's staff sent down (docs/demo.md, issue 14): 55 city home units
 * sending three batches (about 3,100 staff), every district's offices
 * sending about 20,000 more to a service station in each street, the three
 * teams at Shanghai Railway Station's exits drawn from the police, city
 * management and the Jing'an district office, and a community helper of
 * 市卫健委 doing the rubbish round in 岐山居委会; the demo account weijianwei
 * speaks for 市卫健委.
 */
#ifndef CORDON_DEMO_DEMO_WORKFORCE_H
#define CORDON_DEMO_DEMO_WORKFORCE_H

#include "store/db.h"

#include <stdint.h>

#define DEMO_CITY_HOME_UNITS 55
#define DEMO_CITY_STAFF      3100
#define DEMO_DISTRICT_STAFF  20000

/* Creates the above once (nothing when home units exist already), in one
 * transaction. Returns 0, or < 0 with a line in err. */
int demo_workforce_create(struct db *db, int32_t today, char err[256]);

#endif
