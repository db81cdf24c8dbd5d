/*
 * Building the compound map answer (see compound_map.h) from the places
 * store: households in building order, grouped by building name.
 */
#include "app/dashboard/compound_map.h"

#include "core/colour.h"
#include "core/date.h"
#include "core/unitcode.h"
#include "store/places.h"
#include "store/units.h"

#include <string.h>

struct map_ctx {
    json_t *buildings;    /* array of {name, rooms} */
    json_t *cur;          /* rooms array of the current building */
    int64_t cur_building; /* buildings.id of cur */
    int64_t households[COLOUR_COUNT + 1];
    int64_t residents[COLOUR_COUNT];
};

static json_t *colours_obj(const int64_t c[COLOUR_COUNT])
{
    json_t *o = json_object();
    for (int i = 0; i < COLOUR_COUNT; i++)
        json_object_set_new(o, colour_code((enum colour)i), json_integer(c[i]));
    return o;
}

static int add_household(void *arg, const struct place_household *h)
{
    struct map_ctx *m = arg;
    json_t *room;

    if (!m->cur || h->building != m->cur_building) {
        m->cur = json_array();
        m->cur_building = h->building;
        json_array_append_new(m->buildings,
                              json_pack("{s:I, s:s, s:o}", "id", (json_int_t)h->building, "name",
                                        h->building_name, "rooms", m->cur));
    }
    room = json_pack(
        "{s:I, s:s, s:s, s:o, s:o, s:o}", "household", (json_int_t)h->id, "unit", h->unit, "room",
        h->room, "floor", h->floor ? json_integer(h->floor) : json_null(), "colour",
        h->colour == PLACE_EMPTY ? json_null() : json_string(colour_code((enum colour)h->colour)),
        "counts", colours_obj(h->counts));
    json_array_append_new(m->cur, room);
    if (h->colour == PLACE_EMPTY)
        m->households[COLOUR_COUNT]++;
    else
        m->households[h->colour]++;
    for (int i = 0; i < COLOUR_COUNT; i++)
        m->residents[i] += h->counts[i];
    return 0;
}

json_t *compound_map_json(struct db *db, int64_t id, int64_t scope, int32_t today, int *out_rc)
{
    char day[DATE_STR_LEN];
    struct place_compound c;
    struct unit committee;
    struct map_ctx m;
    char code[UNITCODE_STR_LEN];
    int rc;

    memset(&m, 0, sizeof m);
    if ((rc = store_compound_get(db, id, &c)) < 0)
        goto fail;
    if (scope && !(unitcode_level(scope) == LEVEL_GRID ? c.grid == scope
                                                       : unitcode_within(c.committee, scope))) {
        rc = DB_E_NOTFOUND;
        goto fail;
    }
    if ((rc = store_unit_get(db, c.committee, &committee)) < 0)
        goto fail;
    m.buildings = json_array();
    if ((rc = store_households_of_compound(db, id, add_household, &m)) < 0) {
        json_decref(m.buildings);
        goto fail;
    }
    unitcode_format(c.committee, code);
    date_format(today, day);
    *out_rc = 0;
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:o, s:{s:o, s:o, s:I}}", "id", (json_int_t)id,
                     "name", c.name, "committee", code, "committee_name", committee.name, "today",
                     day, "buildings", m.buildings, "totals", "households",
                     colours_obj(m.households), "residents", colours_obj(m.residents), "empty",
                     (json_int_t)m.households[COLOUR_COUNT]);
fail:
    *out_rc = rc;
    return NULL;
}
