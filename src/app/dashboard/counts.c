/*
 * Live colour counts and their history as JSON (see counts.h).
 */
#include "app/dashboard/counts.h"

#include "core/date.h"
#include "core/unitcode.h"
#include "store/residents.h"
#include "store/units.h"

#include <string.h>

json_t *counts_colours_json(const int64_t counts[COLOUR_COUNT])
{
    json_t *o = json_object();

    for (int c = 0; c < COLOUR_COUNT; c++)
        json_object_set_new(o, colour_code((enum colour)c), json_integer(counts[c]));
    return o;
}

static int64_t total(const int64_t counts[COLOUR_COUNT])
{
    int64_t t = 0;
    for (int c = 0; c < COLOUR_COUNT; c++)
        t += counts[c];
    return t;
}

json_t *counts_json(struct db *db, int64_t unit, int *out_rc)
{
    int64_t counts[COLOUR_COUNT];
    char code[UNITCODE_STR_LEN];
    struct unit u;
    int rc;

    if ((rc = store_unit_get(db, unit, &u)) < 0 || (rc = store_counts_get(db, unit, counts)) < 0) {
        *out_rc = rc;
        return NULL;
    }
    unitcode_format(unit, code);
    *out_rc = 0;
    return json_pack("{s:s, s:I, s:o}", "code", code, "total", (json_int_t)total(counts), "colours",
                     counts_colours_json(counts));
}

static json_t *day_entry(int32_t day, const int64_t counts[COLOUR_COUNT])
{
    char d[DATE_STR_LEN];

    date_format(day, d);
    return json_pack("{s:s, s:I, s:o}", "date", d, "total", (json_int_t)total(counts), "colours",
                     counts_colours_json(counts));
}

static int add_day(void *arg, int32_t day, const int64_t counts[COLOUR_COUNT])
{
    json_array_append_new(arg, day_entry(day, counts));
    return 0;
}

json_t *counts_history_json(struct db *db, int64_t unit, int32_t today, int days, int *out_rc)
{
    int64_t counts[COLOUR_COUNT];
    char code[UNITCODE_STR_LEN];
    struct unit u;
    json_t *arr;
    int rc;

    if ((rc = store_unit_get(db, unit, &u)) < 0) {
        *out_rc = rc;
        return NULL;
    }
    arr = json_array();
    if ((rc = store_counts_daily(db, unit, today - days + 1, today - 1, add_day, arr)) < 0 ||
        (rc = store_counts_get(db, unit, counts)) < 0) {
        json_decref(arr);
        *out_rc = rc;
        return NULL;
    }
    json_array_append_new(arr, day_entry(today, counts));
    unitcode_format(unit, code);
    *out_rc = 0;
    return json_pack("{s:s, s:o}", "code", code, "days", arr);
}
