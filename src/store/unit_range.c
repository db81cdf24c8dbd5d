/*
 * store_unit_range(): the committee range (and grid) a unit's lists filter
 * by; see unit_range.h for why a grid goes through its committee.
 */
#include "store/unit_range.h"

#include "core/unitcode.h"
#include "store/db.h"

int store_unit_range(int64_t unit, struct unit_range *out)
{
    out->grid = 0;
    if (unitcode_level(unit) == LEVEL_GRID) {
        out->grid = unit;
        out->lo = unitcode_parent(unit);
        out->hi = out->lo + 1;
        return 0;
    }
    return unitcode_committee_range(unit, &out->lo, &out->hi) < 0 ? DB_E_RANGE : 0;
}

int64_t store_unit_range_district(const struct db *db, const struct unit_range *u)
{
    int64_t d;

    if (!db_is_citus(db) || u->hi <= u->lo)
        return 0;
    d = unitcode_at_level(u->lo, LEVEL_DISTRICT);
    return d && d == unitcode_at_level(u->hi - 1, LEVEL_DISTRICT) ? d : 0;
}
