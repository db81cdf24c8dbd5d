/*
 * Boxes not collected in time go back (lapse.h): the overdue bookings are
 * lapsed in batches, and for a draw each freed box is passed on to the
 * next not-drawn booking by draw_rank, at the same point.
 */
#include "app/supplies/lapse.h"

#include "app/supplies/campaigns.h"
#include "store/supplies.h"

#include <string.h>

#define LAPSE_LOCK  INT64_C(0x636f72646f6e0f01)
#define LAPSE_BATCH 256

/* Passes the box freed at `point` to the next drawn household, if any. */
static int redraw(struct db *db, const struct campaign_row *c, int64_t point, int32_t today,
                  int64_t now, int64_t *count)
{
    int64_t next = 0, at = 0;
    int rc = store_campaign_next_drawn(db, c->id, &next);

    if (rc == DB_E_NOTFOUND)
        return 0;
    if (rc < 0 || (rc = store_campaign_take(db, c->id)) < 0 ||
        (rc = store_point_take(db, c->id, point, &at)) < 0 ||
        (rc = store_booking_settle(db, next, BOOKING_ALLOCATED, at, campaigns_pick_by(c, today),
                                   0)) < 0 ||
        (rc = campaigns_allocated(db, c, next, now, "system")) < 0)
        return rc;
    (*count)++;
    return 0;
}

static int lapse_one(struct db *db, int64_t id, int32_t today, int64_t now,
                     struct supplies_lapse_report *out)
{
    struct booking_row b;
    struct campaign_row c;
    int rc;

    if ((rc = store_booking_get(db, id, &b)) < 0 ||
        (rc = store_campaign_get(db, b.campaign, &c)) < 0)
        return rc;
    if ((rc = store_booking_lapse(db, &b)) == DB_E_NOTFOUND)
        return 0;
    if (rc < 0)
        return rc;
    out->lapsed++;
    if (strcmp(c.allocation, "draw") != 0)
        return 0;
    return redraw(db, &c, b.point, today, now, &out->redrawn);
}

static int lapse_within(struct db *db, int32_t today, int64_t now,
                        struct supplies_lapse_report *out)
{
    int64_t ids[LAPSE_BATCH];
    int n, rc;

    do {
        if ((rc = store_bookings_overdue(db, today, ids, LAPSE_BATCH, &n)) < 0)
            return rc;
        for (int i = 0; i < n; i++)
            if ((rc = lapse_one(db, ids[i], today, now, out)) < 0)
                return rc;
    } while (n == LAPSE_BATCH);
    return 0;
}

int supplies_lapse(struct db *db, int32_t today, int64_t now, struct supplies_lapse_report *out,
                   struct app_error *err)
{
    int rc, got = 0;

    memset(out, 0, sizeof *out);
    if ((rc = db_begin_write(db)) < 0)
        goto fail_open;
    if ((rc = db_try_lock(db, LAPSE_LOCK, DB_LOCK_EXCLUSIVE, &got)) < 0)
        goto fail;
    if (!got) {
        out->skipped = 1;
        db_rollback(db);
        return 0;
    }
    if ((rc = lapse_within(db, today, now, out)) < 0 || (rc = db_commit(db)) < 0)
        goto fail;
    return 0;
fail:
    app_fail(err, APP_E_INTERNAL, "db_error", NULL, "cannot end pickup windows: %s", db_errmsg(db));
    db_rollback(db);
    return rc;
fail_open:
    return app_fail(err, APP_E_INTERNAL, "db_error", NULL, "cannot end pickup windows: %s",
                    db_errmsg(db));
}
