/*
 * SQL of the audit log (see audit.h). Scope filtering is by code range, so
 * it uses the index and never fetches entries it then throws away.
 */
#include "store/audit.h"

#include "core/unitcode.h"

#include <string.h>

int store_audit_add(struct db *db, const struct audit_entry *e)
{
    int64_t district = e->unit ? unitcode_at_level(e->unit, LEVEL_DISTRICT) : 0;
    const struct db_value args[] = {DB_ARG_INT(e->at),
                                    DB_ARG_OPT(e->account),
                                    DB_ARG_TEXT(e->account_name),
                                    DB_ARG_TEXT(e->action),
                                    DB_ARG_OPT(e->resident),
                                    DB_ARG_OPT(e->unit),
                                    DB_ARG_TEXT(e->address ? e->address : ""),
                                    DB_ARG_TEXT(e->detail),
                                    DB_ARG_INT(district)};

    return db_run(db,
                  "INSERT INTO audit (at, account, account_name, action, resident, unit, "
                  "address, detail, district) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                  args, 9);
}

/*
 * The codes within `scope` form at most two ranges: committees [lo, hi) and
 * their grids [lo * 1000, hi * 1000); a grid scope is the single code.
 */
static int scope_ranges(int64_t scope, int64_t r[4])
{
    int level = unitcode_level(scope);
    int64_t lo = scope, hi = scope + 1;

    if (!level)
        return DB_E_RANGE;
    if (level == LEVEL_GRID) {
        r[0] = lo, r[1] = hi, r[2] = lo, r[3] = hi;
        return 0;
    }
    for (int l = level; l < LEVEL_COMMITTEE; l++) {
        int64_t m = (l + 1 == LEVEL_DISTRICT) ? 100 : 1000;
        lo *= m;
        hi *= m;
    }
    r[0] = lo, r[1] = hi, r[2] = lo * 1000, r[3] = hi * 1000;
    return 0;
}

#define AUDIT_COLS "id, at, account, account_name, action, resident, unit, address, detail"
#define AUDIT_SCOPE_AND_CURSOR                                                                     \
    "((unit >= $1 AND unit < $2) OR (unit >= $3 AND unit < $4) OR (unit IS NULL AND $7 = 1)) "     \
    "AND (CAST($8 AS BIGINT) = 0 OR id < $8) ORDER BY id DESC LIMIT $9"

int store_audit_list(struct db *db, const struct audit_filter *f, audit_fn fn, void *arg)
{
    struct db_stmt *st;
    struct audit_entry e;
    int64_t r[4];
    int rc;

    if ((rc = scope_ranges(f->scope, r)) < 0)
        return rc;
    /* One statement per selective filter, so each uses its index: by
     * resident (audit_resident), by account (audit_account), or the newest
     * first: read back from the newest entry until the page is full, marked
     * as such for the plan check (docs/scaling.md, section 6). A city-wide
     * reader also sees entries that concern no resident. */
    rc = db_prepare(db,
                    f->resident ? "SELECT " AUDIT_COLS " FROM audit WHERE resident = $5 AND "
                                  "($6 = '' OR account_name = $6) AND " AUDIT_SCOPE_AND_CURSOR
                    : f->account_name && *f->account_name
                        ? "SELECT " AUDIT_COLS " FROM audit WHERE account_name = $6 AND "
                          "($5 = 0 OR resident = $5) AND " AUDIT_SCOPE_AND_CURSOR
                        : "SELECT " AUDIT_COLS
                          " FROM audit WHERE ($5 = 0 OR resident = $5) /* bulk */ AND "
                          "($6 = '' OR account_name = $6) AND " AUDIT_SCOPE_AND_CURSOR,
                    &st);
    if (rc < 0)
        return rc;
    for (int i = 0; i < 4; i++)
        db_bind_int64(st, i + 1, r[i]);
    db_bind_int64(st, 5, f->resident);
    db_bind_text(st, 6, f->account_name ? f->account_name : "", -1);
    db_bind_int64(st, 7, unitcode_level(f->scope) == LEVEL_CITY);
    db_bind_int64(st, 8, f->before);
    db_bind_int64(st, 9, f->limit > 0 ? f->limit : 100);
    while ((rc = db_step(st)) == DB_ROW) {
        memset(&e, 0, sizeof e);
        e.id = db_column_int64(st, 0);
        e.at = db_column_int64(st, 1);
        e.account = db_column_int64(st, 2);
        e.account_name = db_column_text(st, 3);
        e.action = db_column_text(st, 4);
        e.resident = db_column_int64(st, 5);
        e.unit = db_column_int64(st, 6);
        e.address = db_column_text(st, 7);
        e.detail = db_column_is_null(st, 8) ? NULL : db_column_text(st, 8);
        if ((rc = fn(arg, &e)) != 0)
            break;
    }
    db_done(st);
    return rc == DB_DONE ? 0 : rc;
}
