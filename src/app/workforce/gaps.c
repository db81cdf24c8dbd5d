/*
 * Staffing gaps as tasks (app/workforce/gaps.h).
 */
#include "app/workforce/gaps.h"

#include "app/daytime.h"
#include "app/tasks/tasks.h"
#include "core/date.h"
#include "core/tasks.h"
#include "core/unitcode.h"
#include "core/workforce.h"
#include "store/tasks.h"
#include "store/workforce.h"

#include <stdio.h>
#include <string.h>

#define GAP_DUE_WITHIN (2 * 3600)                  /* a gap is to be filled within two hours */
#define GAP_LOCK       INT64_C(0x636f72646f6e0e14) /* one server sweeps the gaps */

/* The task lies where the post is placed, at the post's real unit: its
 * committee (the committee's board lists it, and the street's and
 * district's through their ranges), or the street or district a station
 * or toll gate is placed in (as an enterprise ticket lies at its street).
 * An urgent task with a two-hour deadline, it escalates to the level above
 * by the tasks engine's clock. */
static void place_at_post(const struct duty_post_row *p, struct task_row *t)
{
    t->committee = p->unit;
    t->street = unitcode_at_level(p->unit, LEVEL_STREET); /* 0 above a street */
    t->district = unitcode_at_level(p->unit, LEVEL_DISTRICT);
}

static int open_task(struct db *db, const struct duty_post_row *p, int32_t today, int64_t now,
                     const char *shift, int gap, const char *by)
{
    struct task_row t;
    int rc;

    memset(&t, 0, sizeof t);
    t.kind = TASK_OTHER;
    t.urgent = 1;
    t.day = DATE_NONE;
    place_at_post(p, &t);
    snprintf(t.title, sizeof t.title, "岗位缺员：%s %s缺%d人", p->name,
             strcmp(shift, "day") == 0 ? "白班" : "夜班", gap);
    t.deadline = now + GAP_DUE_WITHIN;
    t.created_at = t.updated_at = now;
    snprintf(t.created_by, sizeof t.created_by, "%s", by);
    if ((rc = tasks_add(db, &t, by, NULL)) < 0)
        return rc;
    return store_gap_task_set(db, p->id, today, shift, t.id);
}

int staffing_check_post(struct db *db, int64_t post, int32_t today, int64_t now, const char *by,
                        int *out_changed)
{
    enum shift s = shift_at((int64_t)daytime_minute(now) * 60);
    const char *shift = shift_code(s);
    struct duty_post_row p;
    struct task_row t;
    int64_t on = 0, task = 0;
    int rc, gap;

    if (out_changed)
        *out_changed = 0;
    if ((rc = store_duty_post_get(db, post, &p)) < 0 ||
        (rc = store_post_on_shift(db, post, today, shift, &on)) < 0)
        return rc;
    gap = staffing_gap(s == SHIFT_DAY ? p.min_day : p.min_night, (int)on);
    rc = store_gap_task_get(db, post, today, shift, &task);
    if (rc < 0 && rc != DB_E_NOTFOUND)
        return rc;
    if (rc == 0 && (rc = store_task_get(db, task, &t)) < 0)
        return rc;
    if (gap > 0 && (!task || t.state == TASK_DONE || t.state == TASK_CANCELLED)) {
        if ((rc = open_task(db, &p, today, now, shift, gap, by)) < 0)
            return rc;
    } else if (gap == 0 && task && (t.state == TASK_OPEN || t.state == TASK_ACCEPTED)) {
        if ((rc = tasks_close(db, &t, TASK_DONE, by, "岗位已补齐", now)) < 0)
            return rc;
    } else {
        return 0;
    }
    if (out_changed)
        *out_changed = 1;
    return 0;
}

int staffing_tick(struct db *db, int32_t today, int64_t now, int *out_changed, int *out_skipped)
{
    /* The (day, shift) of this process's last pass; the tick runs on the
     * server's main thread only. */
    static int32_t last_day = INT32_MIN;
    static int last_shift = -1;
    int shift = (int)shift_at((int64_t)daytime_minute(now) * 60), got = 0, rc;

    *out_changed = *out_skipped = 0;
    if (today == last_day && shift == last_shift)
        return 0;
    if ((rc = db_begin_write(db)) < 0)
        return rc;
    if ((rc = db_try_lock(db, GAP_LOCK, DB_LOCK_EXCLUSIVE, &got)) < 0)
        goto fail;
    if (!got) {
        *out_skipped = 1;
        db_rollback(db);
        return 0;
    }
    if ((rc = staffing_sweep(db, today, now, "tick", out_changed)) < 0 || (rc = db_commit(db)) < 0)
        goto fail;
    last_day = today;
    last_shift = shift;
    return 0;
fail:
    db_rollback(db);
    return rc;
}

int staffing_sweep(struct db *db, int32_t today, int64_t now, const char *by, int *out_changed)
{
    int64_t ids[256], after = 0;
    int n = 0, changed, rc;

    *out_changed = 0;
    do {
        if ((rc = store_duty_post_ids(db, after, ids, 256, &n)) < 0)
            return rc;
        for (int i = 0; i < n; i++) {
            if ((rc = staffing_check_post(db, ids[i], today, now, by, &changed)) < 0)
                return rc;
            *out_changed += changed;
        }
        if (n)
            after = ids[n - 1];
    } while (n == 256);
    return 0;
}
