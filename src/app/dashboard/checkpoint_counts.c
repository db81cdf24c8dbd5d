/*
 * The checkpoint part of a unit's dashboard (checkpoints_dashboard_json in
 * handovers.h): travellers screened today at each post within the unit and
 * the fever alerts among them (a city or district: its posts), or for a
 * street, committee or grid, which hold no post, the travellers screened
 * today who were handed over to it and the fevers among them ("basis"
 * says which), and the hand-overs pending within it by the
 * level that holds them, with those past their deadline (escalated to the
 * street) and past it by a further period (escalated to the district).
 */
#include "app/checkpoints/checkpoints.h"
#include "app/checkpoints/handovers.h"
#include "app/tasks/tally_memo.h"

#include "core/unitcode.h"
#include "store/checkpoints.h"
#include "store/handovers.h"
#include "store/screenings.h"
#include "util/clock.h"

#include <string.h>

struct post_counts {
    struct db *db;
    json_t *posts;
    int64_t screened, fever;
};

static int add_post(void *arg, int64_t post, int64_t screened, int64_t fever)
{
    struct post_counts *pc = arg;
    struct post p;
    int rc;

    if ((rc = store_post_get(pc->db, post, &p)) < 0)
        return rc;
    pc->screened += screened;
    pc->fever += fever;
    json_array_append_new(pc->posts,
                          json_pack("{s:I, s:s, s:s, s:I, s:I}", "id", (json_int_t)p.id, "name",
                                    p.name, "checkpoint", p.checkpoint_name, "screened",
                                    (json_int_t)screened, "fever", (json_int_t)fever));
    return 0;
}

/* The part as counted now (tally_memo.c keeps it for the city and its
 * districts); *out_rows: the day's screenings or arrivals and the pending
 * hand-overs it counted. */
static json_t *count_checkpoints_part(struct db *db, const struct tally_key *k, int64_t now,
                                      int64_t *out_rows, int *out_rc)
{
    int64_t unit = k->unit;
    int32_t today = k->today;
    static const char *const level_names[] = {NULL, "city", "district", "street", "committee"};
    struct post_counts pc = {db, NULL, 0, 0};
    struct handover_tally t;
    struct caller scope;
    int64_t lo, hi, pending = 0, overdue = 0, street = 0, district = 0;
    json_t *levels;
    char as_of[32];
    int rc;

    memset(&scope, 0, sizeof scope);
    scope.unit = unit;
    checkpoints_scope_districts(&scope, &lo, &hi);
    pc.posts = json_array();
    if (lo < 0)
        rc = store_handovers_arrivals(db, unit, today, &pc.screened, &pc.fever);
    else
        rc = store_screenings_count(db, lo, hi, today, add_post, &pc);
    if (rc < 0 || (rc = store_handovers_tally(db, unit, now, &t)) < 0) {
        json_decref(pc.posts);
        *out_rc = rc;
        return NULL;
    }
    levels = json_object();
    for (int l = LEVEL_COMMITTEE; l >= LEVEL_CITY; l--) {
        if (l < unitcode_level(unit) && !t.pending[l])
            continue;
        pending += t.pending[l];
        overdue += t.overdue[l];
        street += t.overdue[l] - t.overdue2[l];
        district += t.overdue2[l];
        json_object_set_new(levels, level_names[l],
                            json_pack("{s:I, s:I}", "pending", (json_int_t)t.pending[l], "overdue",
                                      (json_int_t)t.overdue[l]));
    }
    *out_rc = 0;
    *out_rows = pc.screened + pending;
    clock_format(now, as_of);
    return json_pack("{s:{s:I, s:I, s:o, s:s}, s:{s:I, s:I, s:o, s:{s:I, s:I}}, s:s}", "screenings",
                     "today", (json_int_t)pc.screened, "fever", (json_int_t)pc.fever, "posts",
                     pc.posts, "basis", lo < 0 ? "arrivals" : "posts", "handovers", "pending",
                     (json_int_t)pending, "overdue", (json_int_t)overdue, "levels", levels,
                     "escalated", "street", (json_int_t)street, "district", (json_int_t)district,
                     "as_of", as_of);
}

/* The part's key: a unit's figures of a day. */
static void checkpoints_key(int64_t unit, int32_t today, struct tally_key *k)
{
    memset(k, 0, sizeof *k);
    k->kind = TALLY_CHECKPOINTS;
    k->unit = unit;
    k->today = today;
}

json_t *checkpoints_dashboard_json(struct db *db, int64_t unit, int64_t now, int32_t today,
                                   int *out_rc)
{
    struct tally_key k;

    checkpoints_key(unit, today, &k);
    /* The city's and a district's may be a few seconds old (tally_memo.c). */
    return tally_memo_part(db, &k, now, count_checkpoints_part, out_rc);
}

int checkpoints_dashboard_warm(int64_t unit, int64_t now, int32_t today)
{
    struct tally_key k;

    checkpoints_key(unit, today, &k);
    return tally_memo_warm(&k, now, count_checkpoints_part);
}
