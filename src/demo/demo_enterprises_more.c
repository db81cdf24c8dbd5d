/*
 * The demo's rest of return to work (see demo_enterprises_more.h): the
 * group is made by the same use case a street's request runs, as the
 * command line, in one write transaction.
 */
#include "demo/demo_enterprises_more.h"

#include "app/enterprises/groups.h"
#include "core/unitcode.h"
#include "demo/demo_enterprises.h"
#include "store/enterprises.h"
#include "util/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int first_id(void *arg, const struct enterprise_row *e)
{
    *(int64_t *)arg = e->id;
    return 1;
}

static int add_member(void *arg, const struct enterprise_row *e)
{
    struct group_create *u = arg;

    if (u->n == GROUP_MEMBERS_MAX)
        return 1;
    u->ids[u->n++] = e->id;
    return 0;
}

/* The maker (the street's first enterprise) and its suppliers as a group. */
static int make_group(struct db *db, struct group_create *u, char err[256])
{
    struct enterprise_filter f = {DEMO_HONGMEI, DEMO_HONGMEI + 1, 0, 0, 0, ""};
    int64_t maker = 0, in = 0;
    int rc;

    if ((rc = store_enterprises_list(db, &f, 0, 1, first_id, &maker)) < 0)
        goto fail;
    if (!maker || (rc = store_group_of(db, maker, &in)) == 0)
        return 0; /* no demo enterprises, or grouped already */
    if (rc != DB_E_NOTFOUND)
        goto fail;
    caller_cli(&u->c, unitcode_at_level(DEMO_HONGMEI, LEVEL_CITY));
    u->now = clock_now();
    u->today = clock_today();
    snprintf(u->name, sizeof u->name, "整车及8家配套企业同步复工组");
    u->ids[u->n++] = maker;
    if ((rc = store_enterprise_suppliers(db, maker, add_member, u)) < 0)
        goto fail;
    if ((rc = group_create_job(db, u)) < 0) {
        snprintf(err, 256, "cannot group the demo's maker: %s", u->err.message);
        return rc;
    }
    return 0;
fail:
    snprintf(err, 256, "cannot group the demo's maker: %s", db_errmsg(db));
    return rc;
}

int demo_enterprises_more_create(struct db *db, char err[256])
{
    struct group_create *u = calloc(1, sizeof *u);
    int rc;

    if (!u) {
        snprintf(err, 256, "out of memory");
        return -1;
    }
    if ((rc = db_begin_write(db)) < 0) {
        snprintf(err, 256, "%s", db_errmsg(db));
        free(u);
        return rc;
    }
    rc = make_group(db, u, err);
    if (rc == 0 && (rc = db_commit(db)) < 0)
        snprintf(err, 256, "%s", db_errmsg(db));
    if (rc < 0)
        db_rollback(db);
    free(u);
    return rc;
}
