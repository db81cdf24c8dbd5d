/*
 * The demo's station and posts (see demo_checkpoints.h). The account is
 * created here rather than by accounts_create_demo() because only here is
 * the post known; that function then leaves the existing name alone.
 */
#include "demo/demo_checkpoints.h"

#include "app/accounts/accounts.h"
#include "store/accounts.h"
#include "store/checkpoints.h"

#include <stdio.h>
#include <string.h>

static const char *const exits[] = {"东南出口", "西南出口", "西北出口"};

int demo_checkpoints_create(struct db *db, int64_t *out_post, char err[256])
{
    int64_t station, post, sw = 0;
    struct account old;
    int rc;

    if ((rc = db_begin_write(db)) < 0)
        goto fail;
    if ((rc = store_checkpoint_ensure(db, "上海站", "railway_station", DEMO_STATION_DISTRICT,
                                      &station, NULL)) < 0)
        goto rollback;
    for (int i = 0; i < 3; i++) {
        if ((rc = store_post_ensure(db, station, exits[i], &post, NULL)) < 0)
            goto rollback;
        if (i == 1)
            sw = post;
    }
    if ((rc = db_commit(db)) < 0)
        goto rollback;
    if (out_post)
        *out_post = sw;
    rc = store_account_by_name(db, "checkpoint", &old);
    if (rc == 0)
        return 0;
    if (rc != DB_E_NOTFOUND)
        goto fail;
    for (const struct demo_account *d = accounts_demo; d->name; d++) {
        char generated[ACCOUNTS_GENERATED_LEN];
        struct app_error aerr;
        struct account_new n = {d->name, d->role, d->unit, d->grid, d->password, sw, 0};
        if (strcmp(d->name, "checkpoint") != 0)
            continue;
        if ((rc = accounts_create(db, &n, generated, NULL, &aerr)) < 0) {
            snprintf(err, 256, "%s", aerr.message);
            return rc;
        }
    }
    return 0;
rollback:
    db_rollback(db);
fail:
    snprintf(err, 256, "cannot create the demo checkpoints: %s", db_errmsg(db));
    return rc;
}
