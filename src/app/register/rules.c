/*
 * Loading and replacing the colour rules (see rules.h).
 */
#include "app/register/rules.h"

#include "app/register/rollover.h"
#include "core/date.h"
#include "store/residents.h"
#include "store/units.h"
#include "util/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int rules_load(struct db *db, struct colour_rules *out, struct app_error *err)
{
    char *text = malloc(COLOUR_RULES_TEXT_MAX + 1);
    char why[COLOUR_ERR_LEN];
    int rc;

    if (!text) {
        app_fail(err, APP_E_INTERNAL, "nomem", NULL, "out of memory");
        return DB_E_NOMEM;
    }
    rc = store_meta_get(db, "rules", text, COLOUR_RULES_TEXT_MAX + 1);
    if (rc == DB_E_NOTFOUND) {
        colour_rules_default(out);
        rc = 0;
    } else if (rc < 0) {
        app_fail(err, APP_E_INTERNAL, "db_error", NULL, "cannot read the rules: %s", db_errmsg(db));
    } else if (colour_rules_parse(text, out, why) < 0) {
        app_fail(err, APP_E_INTERNAL, "bad_rules", NULL, "%s", why);
        rc = -1;
    }
    free(text);
    return rc;
}

struct reeval {
    struct db *db;
    const struct colour_rules *rules;
    int32_t today;
    int64_t changed;
};

static int reeval_one(void *arg, const struct resident *r)
{
    struct reeval *e = arg;
    int32_t next;
    enum colour c = colour_eval(e->rules, &r->facts, e->today, &next);

    if (c == r->colour && next == r->next_change)
        return 0;
    if (c != r->colour)
        e->changed++;
    return store_resident_set_colour(e->db, r->id, r->committee, c, next);
}

int rules_set(struct db *db, const char *json, int64_t *out_changed, struct app_error *err)
{
    struct colour_rules rules;
    struct reeval e;
    struct rollover_report rep;
    char *canon = NULL, why[256];
    int64_t city = 0;
    int rc;

    if (strlen(json) > COLOUR_RULES_TEXT_MAX) {
        app_fail(err, APP_E_INVALID, "too_long", NULL, "the rule file is larger than %d bytes",
                 COLOUR_RULES_TEXT_MAX);
        return -1;
    }
    if (colour_rules_parse(json, &rules, why) < 0) {
        app_fail(err, APP_E_INVALID, "bad_rules", NULL, "%s", why);
        return -1;
    }
    if (!(canon = colour_rules_to_json(&rules))) {
        app_fail(err, APP_E_INTERNAL, "nomem", NULL, "out of memory");
        return DB_E_NOMEM;
    }
    memset(&e, 0, sizeof e);
    e.db = db;
    e.rules = &rules;
    e.today = clock_today();
    if ((rc = db_begin_write(db)) < 0)
        goto fail;
    /* Catch up under the old rules' next-change days is pointless: every
     * resident is re-evaluated below. Only record the day. No other writer
     * may run meanwhile (on PostgreSQL they would change residents and
     * counts under the recount). */
    if ((rc = rollover_exclude_writers(db)) < 0 ||
        (rc = rollover_catch_up(db, &rules, e.today, &rep)) < 0 ||
        (rc = store_meta_set(db, "rules", canon)) < 0 || (rc = store_city_code(db, &city)) < 0)
        goto rollback;
    if (city && (rc = store_residents_within(db, city, reeval_one, &e)) < 0)
        goto rollback;
    if ((rc = store_counts_rebuild(db)) < 0 || (rc = db_commit(db)) < 0)
        goto rollback;
    free(canon);
    if (out_changed)
        *out_changed = e.changed;
    return 0;
rollback:
    app_fail(err, APP_E_INTERNAL, "db_error", NULL, "cannot apply the rules: %s", db_errmsg(db));
    db_rollback(db);
    free(canon);
    return rc;
fail:
    app_fail(err, APP_E_INTERNAL, "db_error", NULL, "cannot apply the rules: %s", db_errmsg(db));
    free(canon);
    return rc;
}
