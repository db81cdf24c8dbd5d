/*
 * The checkpoint part of the demo: Shanghai Railway Station (上海站, a
 * railway station in 静安区, 310106) with its south-east, south-west and
 * north-west exits (东南出口, 西南出口, 西北出口), and the demo account
 * `checkpoint` on the south-west exit, where the March 2020 teams stood.
 */
#ifndef CORDON_DEMO_DEMO_CHECKPOINTS_H
#define CORDON_DEMO_DEMO_CHECKPOINTS_H

#include "store/db.h"

#include <stdint.h>

#define DEMO_STATION_DISTRICT 310106LL

/*
 * Creates the station and its posts (idempotent) and, when it does not
 * exist yet, the demo account `checkpoint` (from accounts_demo[]) tied to
 * the south-west exit. Returns 0 (the south-west exit's id in *out_post,
 * may be NULL) or < 0 with err.
 */
int demo_checkpoints_create(struct db *db, int64_t *out_post, char err[256]);

#endif
