/*
 * The demo's part of a cadre's day (issue 13, X13): which buildings have a
 * lift, for the grid worker's task card — 岐山村's old lane houses are
 * walk-up (步梯), the other compounds of 岐山居委会 and the supplies demo's
 * 中海寰宇 have lifts; and the high-risk origins table (湖北: central
 * quarantine, 温州: home, 14 days each).
 */
#ifndef CORDON_DEMO_DEMO_CADRE_DAY_H
#define CORDON_DEMO_DEMO_CADRE_DAY_H

#include "store/db.h"

/* 0, or < 0 with a line in err. */
int demo_cadre_day_create(struct db *db, char err[256]);

#endif
