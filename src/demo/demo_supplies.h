/*
 * The demo's masks by reservation (issue 15, docs/supplies.md): the
 * 中海寰宇 compound of 中海寰宇居委会 (梅陇镇, 闵行区) with 16 buildings and
 * 1,200 households, 6 of them in home quarantine, and three campaigns:
 * thermometers for red to yellow households only (all on delivery, a task
 * each), disinfectant by a draw already run (its seed shown), and masks,
 * first come, open now, at two pharmacies with their days, hours and
 * boxes a day, 1,194 bookings of which some collected and some lapsed
 * (docs/supplies.md).
 */
#ifndef CORDON_DEMO_DEMO_SUPPLIES_H
#define CORDON_DEMO_DEMO_SUPPLIES_H

#include "store/db.h"

#define DEMO_SUPPLIES_COMMITTEE 310112108064LL /* 中海寰宇居委会 */

/* Creates the above once (nothing when a campaign exists). 0, or < 0 with
 * a line in err. */
int demo_supplies_create(struct db *db, char err[256]);

#endif
