/*
 * The end of a pickup window (issue 15): a box allocated to a household
 * that was not collected by its booking's last day (pick_by) goes back.
 * First come: back to the campaign's and the point's stock, for the next
 * booking. Draw: to the next household in the draw's seeded order that
 * was not drawn, which then has the campaign's pickup days to collect —
 * so anyone holding the seed can re-check who got the boxes that came
 * back. Run by the server's tick and `cordon campaign lapse`; with several
 * servers on one PostgreSQL database only one does it at a time.
 * Households on delivery never lapse (the goods go to their door); one a
 * box passes to gets its delivery task.
 */
#ifndef CORDON_APP_SUPPLIES_LAPSE_H
#define CORDON_APP_SUPPLIES_LAPSE_H

#include "app/app.h"

#include <stdint.h>

struct supplies_lapse_report {
    int64_t lapsed;  /* bookings whose box went back */
    int64_t redrawn; /* boxes passed on to the next drawn households */
    int skipped;     /* another process is doing it */
};

/* One pass for `today` at `now` (the time of the delivery tasks of
 * households on delivery a box passes to), in its own write transaction.
 * 0, or < 0 with err. */
int supplies_lapse(struct db *db, int32_t today, int64_t now, struct supplies_lapse_report *out,
                   struct app_error *err);

#endif
