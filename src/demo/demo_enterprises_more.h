/*
 * The demo's rest of return to work (issue 16, X16): the vehicle maker of
 * 虹梅路街道 and its 8 suppliers made one resume-together group (two
 * suppliers still closed: the group waits for them).
 */
#ifndef CORDON_DEMO_DEMO_ENTERPRISES_MORE_H
#define CORDON_DEMO_DEMO_ENTERPRISES_MORE_H

#include "store/db.h"

/* Creates the above once, after demo_enterprises_create (nothing when the
 * maker is in a group already). 0, or < 0 with a line in err. */
int demo_enterprises_more_create(struct db *db, char err[256]);

#endif
