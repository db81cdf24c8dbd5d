/*
 * The demo's rest of return to work (issue 16, X16): the vehicle maker of
 * 虹梅路街道 and its 8 suppliers made one resume-together group (two
 * suppliers still closed: the group waits for them); and the Lingang new
 * area (临港新片区: 南汇新城镇, 泥城镇, 书院镇, 万祥镇 of 浦东新区) with 600
 * enterprises and 300 service specialists matched to them in advance, two
 * each (accounts lingang001 .. lingang300, password demo-lingang).
 */
#ifndef CORDON_DEMO_DEMO_ENTERPRISES_MORE_H
#define CORDON_DEMO_DEMO_ENTERPRISES_MORE_H

#include "store/db.h"

#define DEMO_LINGANG_SPECIALISTS 300
#define DEMO_LINGANG_ENTERPRISES (2 * DEMO_LINGANG_SPECIALISTS)

/* Creates the above once, after demo_enterprises_create (nothing when the
 * maker is in a group already). 0, or < 0 with a line in err. */
int demo_enterprises_more_create(struct db *db, char err[256]);

#endif
