/*
 * The retention use case (app/register/purge.h): who may purge, the cutoff,
 * the store's purge and its audit entry in one write transaction.
 */
#include "app/register/purge.h"

#include "core/date.h"
#include "store/audit.h"

#include <stdio.h>

static int audit(struct db *db, const struct caller *c, int64_t days, int32_t cutoff, int64_t now,
                 const struct purge_counts *n)
{
    char detail[256], day[DATE_STR_LEN];
    struct audit_entry a = {0};

    date_format(cutoff, day);
    snprintf(detail, sizeof detail,
             "{\"older_than_days\":%lld,\"closed_before\":\"%s\",\"residents\":%lld,"
             "\"facts\":%lld,\"cases\":%lld,\"readings\":%lld}",
             (long long)days, day, (long long)n->residents, (long long)n->facts,
             (long long)n->cases, (long long)n->readings);
    a.at = now;
    a.account = c->account;
    a.account_name = c->name[0] ? c->name : "cli";
    a.action = "purge";
    a.unit = c->unit;
    a.address = c->address;
    a.detail = detail;
    return store_audit_add(db, &a);
}

int purge_personal_data(struct db *db, const struct caller *c, int64_t days, int32_t today,
                        int64_t now, int dry_run, struct purge_counts *out, struct app_error *e)
{
    int32_t cutoff;
    int rc;

    if (c->role != ROLE_SYSTEM && c->role != ROLE_CITY_ADMIN)
        return app_fail(e, APP_E_FORBIDDEN, "forbidden", NULL,
                        "only the city administrator may purge personal data");
    if (days < PURGE_MIN_DAYS || days > PURGE_MAX_DAYS)
        return app_fail(e, APP_E_INVALID, "bad_value", "older_than",
                        "--older-than takes %d to %d days", PURGE_MIN_DAYS, PURGE_MAX_DAYS);
    cutoff = today - (int32_t)days;
    if ((rc = db_begin_write(db)) < 0 || (rc = store_purge(db, cutoff, now, out)) < 0 ||
        (!dry_run && (rc = audit(db, c, days, cutoff, now, out)) < 0) ||
        (rc = dry_run ? db_rollback(db) : db_commit(db)) < 0) {
        int st = app_db_fail(e, db, rc);
        db_rollback(db);
        return st;
    }
    return 0;
}
