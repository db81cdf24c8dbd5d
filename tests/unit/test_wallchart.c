/*
 * Tests of the wall chart: the layout arithmetic (how many sheets a compound
 * of N buildings x F floors x R rooms takes, every room placed once, inside
 * the page, without overlap, top floor on top, rooms of one number stacked,
 * floorless rooms below, natural building order, sheets numbered row by row
 * with consistent neighbours), the household's most urgent colour, loading
 * a compound from the store with its scope check, and rendering to memory
 * and to files, including an unwritable path.
 */
#include "app/dashboard/wallchart.h"

#include "app/units/hierarchy.h"
#include "core/date.h"
#include "core/facts.h"
#include "render/wallchart.h"
#include "store/places.h"
#include "store/residents.h"

#include "testutil.h"

#include <cairo.h>
#include <dlfcn.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <sys/stat.h>

#include <cmocka.h>

#define QISHAN 310105002002LL /* 岐山居委会 */
#define OTHER  310112001001LL /* a committee in another district */

/* The error of the use cases that report one (app/app.h). */
static struct app_error ae;

static char path[512];
static struct db *db;

/* ------------------------------------------------------------------------
 * Charts built by hand.
 */

/* nb buildings "1号".. of `units` units, `floors` floors and `rooms` rooms
 * per floor and unit, numbered 101, 102 ... as people number them. */
static struct wallchart *uniform(int nb, int floors, int units, int rooms)
{
    struct wallchart *w = wallchart_new();
    char name[32];

    assert_non_null(w);
    snprintf(w->compound, sizeof w->compound, "测试");
    for (int b = 1; b <= nb; b++) {
        snprintf(name, sizeof name, "%d号", b);
        for (int u = 1; u <= units; u++)
            for (int f = 1; f <= floors; f++)
                for (int r = 1; r <= rooms; r++) {
                    struct wallchart_room room;
                    memset(&room, 0, sizeof room);
                    if (units > 1)
                        snprintf(room.unit, sizeof room.unit, "%d", u);
                    snprintf(room.room, sizeof room.room, "%d%02d", f, r);
                    room.floor = f;
                    room.colour = COLOUR_GREEN;
                    room.counts[COLOUR_GREEN] = 1;
                    assert_int_equal(wallchart_add_room(w, name, &room), 0);
                }
    }
    return w;
}

static void add(struct wallchart *w, const char *building, const char *unit, const char *room,
                int floor, int colour)
{
    struct wallchart_room r;

    memset(&r, 0, sizeof r);
    snprintf(r.unit, sizeof r.unit, "%s", unit);
    snprintf(r.room, sizeof r.room, "%s", room);
    r.floor = floor;
    r.colour = colour;
    if (colour >= 0)
        r.counts[colour] = 1;
    assert_int_equal(wallchart_add_room(w, building, &r), 0);
}

static const struct wallchart_room *room_of(const struct wallchart *w,
                                            const struct wallchart_cell *c)
{
    return &w->buildings[c->building].rooms[c->room];
}

/* The cell of a room, found by building, unit and room; NULL if none. */
static const struct wallchart_cell *find(const struct wallchart *w,
                                         const struct wallchart_layout *l, const char *building,
                                         const char *unit, const char *room, int *out_sheet)
{
    for (int s = 0; s < l->nsheets; s++) {
        const struct wallchart_sheet *sh = &l->sheets[s];
        for (int i = 0; i < sh->ncells; i++) {
            const struct wallchart_cell *c = &l->cells[sh->first_cell + i];
            const struct wallchart_room *r = room_of(w, c);
            if (strcmp(w->buildings[c->building].name, building) == 0 &&
                strcmp(r->unit, unit) == 0 && strcmp(r->room, room) == 0) {
                if (out_sheet)
                    *out_sheet = sh->number;
                return c;
            }
        }
    }
    return NULL;
}

/*
 * Invariants every layout must keep: each room once; every cell inside the
 * page's grid area; no two cells of a sheet overlap; sheets numbered 1..M
 * row by row with the slot grid agreeing; neighbours symmetric; every strip
 * and head inside the page.
 */
static void check_invariants(const struct wallchart *w, const struct wallchart_layout *l)
{
    const struct wallchart_geometry *g = &l->g;
    double top = g->margin + g->header_h, bottom = g->page_h - g->margin - g->footer_h;
    int total = 0, prev_row = 0, prev_col = 0;
    char *seen;

    assert_true(l->nsheets >= 1);
    assert_int_equal(l->ncells, w->nrooms);
    seen = calloc((size_t)w->nrooms + 1, 1);
    assert_non_null(seen);
    for (int s = 0; s < l->nsheets; s++) {
        const struct wallchart_sheet *sh = &l->sheets[s];
        assert_int_equal(sh->number, s + 1);
        assert_int_equal(l->slot[(sh->row - 1) * l->grid_cols + sh->col - 1], sh->number);
        /* Row by row. */
        assert_true(sh->row > prev_row || (sh->row == prev_row && sh->col > prev_col));
        prev_row = sh->row;
        prev_col = sh->col;
        if (sh->right)
            assert_int_equal(l->sheets[sh->right - 1].left, sh->number);
        if (sh->down)
            assert_int_equal(l->sheets[sh->down - 1].up, sh->number);
        assert_int_equal(sh->first_cell, total);
        total += sh->ncells;
        for (int i = 0; i < sh->ncells; i++) {
            const struct wallchart_cell *c = &l->cells[sh->first_cell + i];
            int index = 0;
            for (int b = 0; b < c->building; b++)
                index += w->buildings[b].nrooms;
            index += c->room;
            assert_int_equal(seen[index], 0);
            seen[index] = 1;
            assert_true(c->x >= l->grid_x - 1e-9);
            assert_true(c->x + g->cell_w <= g->page_w - g->margin + 1e-9);
            assert_true(c->y >= top + g->heads_h - 1e-9);
            assert_true(c->y + g->cell_h <= bottom + 1e-9);
            for (int j = 0; j < i; j++) {
                const struct wallchart_cell *d = &l->cells[sh->first_cell + j];
                int apart = c->x + g->cell_w <= d->x + 1e-9 || d->x + g->cell_w <= c->x + 1e-9 ||
                            c->y + g->cell_h <= d->y + 1e-9 || d->y + g->cell_h <= c->y + 1e-9;
                assert_true(apart);
            }
        }
        for (int i = 0; i < sh->nstrips; i++) {
            const struct wallchart_strip *st = &l->strips[sh->first_strip + i];
            assert_true(st->y >= top - 1e-9);
            assert_true(st->y + g->heads_h + st->nrows * (g->cell_h + g->gap) - g->gap <=
                        bottom + 1e-9);
            assert_true(st->nrows <= l->rows_per_sheet);
            for (int k = 0; k < st->nheads; k++) {
                const struct wallchart_head *h = &l->heads[st->first_head + k];
                assert_true(h->x >= l->grid_x - 1e-9);
                assert_true(h->x + h->w <= g->page_w - g->margin + 1e-9);
            }
        }
    }
    assert_int_equal(total, w->nrooms);
    for (int i = 0; i < w->nrooms; i++)
        assert_int_equal(seen[i], 1);
    free(seen);
}

static int sheets_for(struct wallchart *w)
{
    struct wallchart_geometry g;
    struct wallchart_layout l;
    int n;

    wallchart_geometry_a4(&g);
    assert_int_equal(wallchart_layout_compute(w, &g, &l), 0);
    check_invariants(w, &l);
    n = l.nsheets;
    wallchart_layout_cleanup(&l);
    return n;
}

/*
 * Sheets for nb buildings of one unit, `floors` floors and `rooms` rooms a
 * floor (rooms <= 9), worked out from the A4 geometry independently of the
 * layout code: cells 52 wide with 3 between, 14 more between buildings;
 * 521 points across for cells; 670 points down for strips, each 32 of
 * heads plus 33 a floor less the last gap, 16 between stacked strips, at
 * most 19 floors a strip.
 */
static int expected_sheets(int nb, int floors, int rooms)
{
    int width = 55 * rooms - 3, k = 0, bands, parts, h, per_sheet;

    while ((k + 1) * width + k * 17 <= 521)
        k++;
    bands = (nb + k - 1) / k;
    parts = (floors + 18) / 19;
    if (parts > 1)
        return bands * parts;
    h = 32 + 33 * floors - 3;
    per_sheet = (670 + 16) / (h + 16);
    return (bands + per_sheet - 1) / per_sheet;
}

static void sheet_counts_follow_the_geometry(void **state)
{
    static const struct {
        int nb, floors, rooms, sheets; /* sheets: worked out by hand */
    } cases[] = {
        {1, 1, 1, 1},  {8, 18, 9, 8}, {5, 3, 2, 1}, {10, 33, 2, 6},  {1, 60, 1, 4}, {40, 6, 3, 7},
        {4, 19, 9, 4}, {4, 20, 9, 8}, {2, 6, 4, 1}, {30, 18, 3, 10}, {3, 1, 9, 1},  {20, 3, 3, 2},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct wallchart *w = uniform(cases[i].nb, cases[i].floors, 1, cases[i].rooms);
        int got = sheets_for(w);
        print_message("%d buildings x %d floors x %d rooms: %d sheets\n", cases[i].nb,
                      cases[i].floors, cases[i].rooms, got);
        assert_int_equal(expected_sheets(cases[i].nb, cases[i].floors, cases[i].rooms),
                         cases[i].sheets);
        assert_int_equal(got, cases[i].sheets);
        wallchart_free(w);
    }
}

static void qishan_sized_compound(void **state)
{
    /* 2,160 households: 20 buildings of 2 units, 18 floors, 3 rooms. Each
     * building is 6 rooms wide: one building a sheet, one sheet a band. */
    struct wallchart *w = uniform(20, 18, 2, 3);
    (void)state;
    assert_int_equal(w->nrooms, 2160);
    assert_int_equal(sheets_for(w), 20);
    wallchart_free(w);
}

static void one_room_is_one_sheet(void **state)
{
    struct wallchart *w = wallchart_new();
    struct wallchart_geometry g;
    struct wallchart_layout l;
    (void)state;
    add(w, "1号", "", "101", 1, COLOUR_RED);
    wallchart_geometry_a4(&g);
    assert_int_equal(wallchart_layout_compute(w, &g, &l), 0);
    check_invariants(w, &l);
    assert_int_equal(l.nsheets, 1);
    assert_int_equal(l.grid_rows, 1);
    assert_int_equal(l.grid_cols, 1);
    assert_int_equal(l.sheets[0].ncells, 1);
    assert_int_equal(l.sheets[0].nstrips, 1);
    assert_int_equal(l.strips[0].nheads, 1); /* the building, no unit head */
    assert_null(l.heads[0].unit);
    wallchart_layout_cleanup(&l);
    wallchart_free(w);
}

static void empty_chart_is_one_blank_sheet(void **state)
{
    struct wallchart *w = wallchart_new();
    struct wallchart_geometry g;
    struct wallchart_layout l;
    (void)state;
    wallchart_geometry_a4(&g);
    assert_int_equal(wallchart_layout_compute(w, &g, &l), 0);
    assert_int_equal(l.nsheets, 1);
    assert_int_equal(l.ncells, 0);
    assert_int_equal(l.sheets[0].nstrips, 0);
    wallchart_layout_cleanup(&l);
    wallchart_layout_cleanup(&l); /* twice is safe */
    wallchart_free(w);
    wallchart_free(NULL);
}

static void top_floor_on_top_and_numbers_stack(void **state)
{
    struct wallchart *w = uniform(2, 6, 2, 2);
    struct wallchart_geometry g;
    struct wallchart_layout l;
    const struct wallchart_cell *a, *b, *c, *d, *e, *f;
    (void)state;
    wallchart_geometry_a4(&g);
    assert_int_equal(wallchart_layout_compute(w, &g, &l), 0);
    a = find(w, &l, "1号", "1", "601", NULL);
    b = find(w, &l, "1号", "1", "501", NULL);
    c = find(w, &l, "1号", "1", "602", NULL);
    d = find(w, &l, "1号", "2", "601", NULL);
    e = find(w, &l, "2号", "1", "601", NULL);
    f = find(w, &l, "1号", "2", "602", NULL);
    assert_non_null(a);
    assert_non_null(b);
    assert_non_null(c);
    assert_non_null(d);
    assert_non_null(e);
    assert_non_null(f);
    assert_true(a->y < b->y);                                      /* 6th floor above the 5th */
    assert_true(a->x == b->x);                                     /* 601 right above 501 */
    assert_true(a->y == c->y && a->x < c->x);                      /* 601 left of 602 */
    assert_true(c->x < d->x);                                      /* unit 1 left of unit 2 */
    assert_true(d->x == c->x + g.cell_w + g.gap + g.unit_gap);     /* units apart */
    assert_true(e->x == f->x + g.cell_w + g.gap + g.building_gap); /* buildings further */
    assert_true(a->y == e->y); /* floors line up across buildings */
    /* Heads: building, then its two units, for each building. */
    assert_int_equal(l.strips[0].nheads, 6);
    wallchart_layout_cleanup(&l);
    wallchart_free(w);
}

static void irregular_rooms_get_columns_of_their_own(void **state)
{
    struct wallchart *w = wallchart_new();
    struct wallchart_geometry g;
    struct wallchart_layout l;
    const struct wallchart_cell *c100, *c101, *c201, *a601, *b601;
    (void)state;
    /* 100 (a ground-floor room numbered 00), 101, 201; and two rooms whose
     * numbers both end in 01 on floor 6 (601 and 601A): they must not share
     * a cell. */
    add(w, "1号", "", "101", 1, COLOUR_GREEN);
    add(w, "1号", "", "100", 1, COLOUR_GREEN);
    add(w, "1号", "", "201", 2, COLOUR_GREEN);
    add(w, "1号", "", "601", 6, COLOUR_GREEN);
    add(w, "1号", "", "601A", 6, COLOUR_GREEN);
    wallchart_geometry_a4(&g);
    assert_int_equal(wallchart_layout_compute(w, &g, &l), 0);
    check_invariants(w, &l);
    c100 = find(w, &l, "1号", "", "100", NULL);
    c101 = find(w, &l, "1号", "", "101", NULL);
    c201 = find(w, &l, "1号", "", "201", NULL);
    a601 = find(w, &l, "1号", "", "601", NULL);
    b601 = find(w, &l, "1号", "", "601A", NULL);
    assert_true(c100->x < c101->x);
    assert_true(c101->x == c201->x);
    assert_true(a601->y == b601->y && a601->x != b601->x);
    /* Rows are only the floors that exist: 6, 2, 1 (no empty 5..3). */
    assert_int_equal(l.strips[0].nrows, 3);
    assert_true(a601->y < c201->y && c201->y < c101->y);
    assert_true(c201->y - a601->y < 1.5 * (g.cell_h + g.gap));
    wallchart_layout_cleanup(&l);
    wallchart_free(w);
}

static void rooms_without_floor_go_below(void **state)
{
    struct wallchart *w = uniform(1, 3, 1, 2);
    struct wallchart_geometry g;
    struct wallchart_layout l;
    char name[16];
    (void)state;
    for (int i = 0; i < 5; i++) {
        snprintf(name, sizeof name, "商铺%c", 'A' + i);
        add(w, "1号", "", name, 0, COLOUR_BLUE);
    }
    /* A building with only floorless rooms wraps them nofloor_wrap a row. */
    for (int i = 0; i < 8; i++) {
        snprintf(name, sizeof name, "车库%d", i + 1);
        add(w, "9号", "", name, 0, COLOUR_GREEN);
    }
    wallchart_geometry_a4(&g);
    assert_int_equal(wallchart_layout_compute(w, &g, &l), 0);
    check_invariants(w, &l);
    const struct wallchart_cell *low = find(w, &l, "1号", "", "101", NULL);
    const struct wallchart_cell *shop = find(w, &l, "1号", "", "商铺A", NULL);
    const struct wallchart_cell *shop_c = find(w, &l, "1号", "", "商铺C", NULL);
    assert_true(shop->y > low->y);
    assert_true(shop_c->y > shop->y); /* wrapped at the building's 2 columns */
    int nofloor_rows = 0;
    for (int i = 0; i < l.nrows; i++)
        nofloor_rows += l.rows[i].floor == 0;
    assert_true(nofloor_rows >= 2);
    const struct wallchart_cell *g1 = find(w, &l, "9号", "", "车库1", NULL);
    const struct wallchart_cell *g6 = find(w, &l, "9号", "", "车库6", NULL);
    const struct wallchart_cell *g7 = find(w, &l, "9号", "", "车库7", NULL);
    assert_true(g1->y == g6->y);
    assert_true(g7->y > g6->y && g7->x == g1->x);
    wallchart_layout_cleanup(&l);
    wallchart_free(w);
}

static void buildings_in_natural_order(void **state)
{
    struct wallchart *w = wallchart_new();
    struct wallchart_geometry g;
    struct wallchart_layout l;
    (void)state;
    add(w, "10号", "", "101", 1, COLOUR_GREEN);
    add(w, "2号", "", "101", 1, COLOUR_GREEN);
    add(w, "1号", "", "101", 1, COLOUR_GREEN);
    wallchart_geometry_a4(&g);
    assert_int_equal(wallchart_layout_compute(w, &g, &l), 0);
    double x1 = find(w, &l, "1号", "", "101", NULL)->x;
    double x2 = find(w, &l, "2号", "", "101", NULL)->x;
    double x10 = find(w, &l, "10号", "", "101", NULL)->x;
    assert_true(x1 < x2 && x2 < x10);
    wallchart_layout_cleanup(&l);
    wallchart_free(w);
}

static void wide_building_splits_with_marks(void **state)
{
    /* 3 units of 6 rooms: 18 columns, wider than a sheet (9). */
    struct wallchart *w = uniform(1, 4, 3, 6);
    struct wallchart_geometry g;
    struct wallchart_layout l;
    int s1, s3;
    (void)state;
    wallchart_geometry_a4(&g);
    assert_int_equal(wallchart_layout_compute(w, &g, &l), 0);
    check_invariants(w, &l);
    assert_non_null(find(w, &l, "1号", "1", "401", &s1));
    assert_non_null(find(w, &l, "1号", "3", "406", &s3));
    /* Low strips stack: all of it on one sheet, units never cut. */
    assert_int_equal(l.nsheets, 1);
    assert_int_equal(l.sheets[0].nstrips, 3);
    int building_heads = 0, continued = 0, continues = 0;
    for (int i = 0; i < l.nheads; i++) {
        if (l.heads[i].unit)
            continue;
        building_heads++;
        continued += l.heads[i].continued;
        continues += l.heads[i].continues;
    }
    assert_int_equal(building_heads, 3);
    assert_int_equal(continued, 2);
    assert_int_equal(continues, 2);
    wallchart_layout_cleanup(&l);
    wallchart_free(w);

    /* Tall and wide: each strip a sheet, grid of 2 rows (parts) x 3 columns. */
    w = uniform(1, 30, 3, 6);
    wallchart_geometry_a4(&g);
    assert_int_equal(wallchart_layout_compute(w, &g, &l), 0);
    check_invariants(w, &l);
    assert_int_equal(l.grid_rows, 2);
    assert_int_equal(l.grid_cols, 3);
    assert_int_equal(l.nsheets, 6);
    assert_non_null(find(w, &l, "1号", "1", "3001", &s1));
    assert_non_null(find(w, &l, "1号", "1", "101", &s3));
    assert_int_equal(s1, 1);
    assert_int_equal(s3, 4); /* below sheet 1 */
    assert_int_equal(l.sheets[0].down, 4);
    assert_int_equal(l.sheets[0].right, 2);
    assert_int_equal(l.strips[l.sheets[0].first_strip].nrows, 15); /* 30 shared 15 + 15 */
    wallchart_layout_cleanup(&l);
    wallchart_free(w);
}

static void mixed_heights_leave_holes(void **state)
{
    /* A 25-floor tower then low buildings: the tower's column has two
     * sheets, the low ones' column one; position (2, 2) is not printed. */
    struct wallchart *w = uniform(1, 25, 1, 9);
    struct wallchart_geometry g;
    struct wallchart_layout l;
    (void)state;
    for (int b = 0; b < 2; b++)
        for (int r = 1; r <= 9; r++) {
            char room[8];
            snprintf(room, sizeof room, "1%02d", r);
            add(w, b ? "3号" : "2号", "", room, 1, COLOUR_PURPLE);
        }
    wallchart_geometry_a4(&g);
    assert_int_equal(wallchart_layout_compute(w, &g, &l), 0);
    check_invariants(w, &l);
    assert_int_equal(l.grid_rows, 2);
    assert_int_equal(l.grid_cols, 2);
    assert_int_equal(l.nsheets, 3);
    assert_int_equal(l.slot[3], 0);
    assert_int_equal(l.sheets[1].nstrips, 2); /* 2号 and 3号 stacked */
    assert_int_equal(l.sheets[1].down, 0);
    wallchart_layout_cleanup(&l);
    wallchart_free(w);
}

static void bad_geometry_and_limits(void **state)
{
    struct wallchart *w = uniform(1, 1, 1, 1);
    struct wallchart_geometry g;
    struct wallchart_layout l;
    struct wallchart_room r;
    (void)state;
    wallchart_geometry_a4(&g);
    g.cell_w = 1000;
    assert_int_equal(wallchart_layout_compute(w, &g, &l), WALLCHART_E_GEOMETRY);
    wallchart_geometry_a4(&g);
    g.cell_h = 1000;
    assert_int_equal(wallchart_layout_compute(w, &g, &l), WALLCHART_E_GEOMETRY);
    memset(&r, 0, sizeof r);
    w->nrooms = WALLCHART_MAX_ROOMS;
    assert_int_equal(wallchart_add_room(w, "1号", &r), WALLCHART_E_TOOBIG);
    w->nrooms = 1;
    wallchart_free(w);
}

/* ------------------------------------------------------------------------
 * Urgency.
 */
static void household_takes_its_most_urgent_colour(void **state)
{
    static const struct {
        int64_t counts[COLOUR_COUNT]; /* red orange yellow green blue purple */
        int want;
    } cases[] = {
        {{0, 0, 0, 0, 0, 0}, PLACE_EMPTY},   {{0, 0, 0, 3, 0, 0}, COLOUR_GREEN},
        {{0, 0, 0, 2, 0, 1}, COLOUR_PURPLE}, {{0, 0, 0, 0, 1, 1}, COLOUR_BLUE},
        {{0, 0, 1, 0, 1, 0}, COLOUR_YELLOW}, {{0, 1, 1, 1, 1, 1}, COLOUR_ORANGE},
        {{1, 1, 1, 1, 1, 1}, COLOUR_RED},    {{0, 0, 0, 5, 0, 0}, COLOUR_GREEN},
    };
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        assert_int_equal(place_urgent_colour(cases[i].counts), cases[i].want);
    /* The order is a permutation of the six colours with green last. */
    int seen = 0;
    for (int i = 0; i < COLOUR_COUNT; i++)
        seen |= 1 << place_urgency_order[i];
    assert_int_equal(seen, (1 << COLOUR_COUNT) - 1);
    assert_int_equal(place_urgency_order[COLOUR_COUNT - 1], COLOUR_GREEN);
}

/* ------------------------------------------------------------------------
 * From the store.
 */
static int64_t compound_id, other_compound;

static void put_resident(int64_t committee, int64_t household, int n, enum colour c)
{
    struct resident r;

    memset(&r, 0, sizeof r);
    r.committee = committee;
    r.household = household;
    snprintf(r.name, sizeof r.name, "居民%d", n);
    r.doc_type = 1;
    snprintf(r.doc_no, sizeof r.doc_no, "T%08d", n);
    r.birth = DATE_NONE;
    facts_init(&r.facts);
    r.colour = c;
    r.next_change = DATE_NONE;
    assert_int_equal(store_resident_insert(db, &r), 0);
}

static int setup(void **state)
{
    char err[256];
    struct hierarchy_report rep;
    int64_t b1, b2, h[4];
    (void)state;
    testutil_db_path(path, sizeof path, "wallchart");
    if (db_open(path, DB_OPEN_CREATE, &db, err) < 0)
        return -1;
    if (hierarchy_init_city(db, 3101, &rep, &ae) < 0)
        return -1;
    if (store_compound_ensure(db, QISHAN, "岐山村", &compound_id) < 0 ||
        store_building_ensure(db, compound_id, 310105, "1号", &b1) < 0 ||
        store_building_ensure(db, compound_id, 310105, "2号", &b2) < 0 ||
        store_household_ensure(db, b1, "1", "601", 6, QISHAN, &h[0]) < 0 ||
        store_household_ensure(db, b1, "1", "501", 5, QISHAN, &h[1]) < 0 ||
        store_household_ensure(db, b2, "", "门卫", 0, QISHAN, &h[2]) < 0 ||
        store_household_ensure(db, b2, "", "101", 1, QISHAN, &h[3]) < 0 ||
        store_compound_ensure(db, OTHER, "别处", &other_compound) < 0)
        return -1;
    put_resident(QISHAN, h[0], 1, COLOUR_GREEN);
    put_resident(QISHAN, h[0], 2, COLOUR_PURPLE);
    put_resident(QISHAN, h[0], 3, COLOUR_GREEN);
    put_resident(QISHAN, h[1], 4, COLOUR_RED);
    put_resident(QISHAN, h[2], 5, COLOUR_BLUE);
    /* h[3]: nobody lives there. */
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    db_close(db);
    testutil_db_remove(path);
    /* Let go of cairo's and fontconfig's caches, so that a leak checker
     * sees only ours. fontconfig is cairo's dependency, not ours: look its
     * FcFini() up rather than link it. */
    cairo_debug_reset_static_data();
    void (*fc_fini)(void) = (void (*)(void))dlsym(RTLD_DEFAULT, "FcFini");
    if (fc_fini)
        fc_fini();
    return 0;
}

struct collected {
    int n;
    struct place_household h[8];
};

static int collect(void *arg, const struct place_household *h)
{
    struct collected *c = arg;
    if (c->n < 8)
        c->h[c->n] = *h;
    c->n++;
    return 0;
}

static void households_are_counted_per_colour(void **state)
{
    struct collected c = {0};
    (void)state;
    assert_int_equal(store_households_of_compound(db, compound_id, collect, &c), 0);
    assert_int_equal(c.n, 4);
    assert_string_equal(c.h[0].room, "601");
    assert_int_equal(c.h[0].floor, 6);
    assert_int_equal(c.h[0].counts[COLOUR_GREEN], 2);
    assert_int_equal(c.h[0].counts[COLOUR_PURPLE], 1);
    assert_int_equal(c.h[0].colour, COLOUR_PURPLE);
    assert_int_equal(c.h[1].colour, COLOUR_RED);
    assert_string_equal(c.h[2].room, "门卫");
    assert_int_equal(c.h[2].floor, 0);
    assert_string_equal(c.h[2].building_name, "2号");
    assert_int_equal(c.h[2].colour, COLOUR_BLUE);
    assert_int_equal(c.h[3].colour, PLACE_EMPTY);
    c.n = 0;
    assert_int_equal(store_households_of_compound(db, 999999, collect, &c), 0);
    assert_int_equal(c.n, 0);
}

static int count_compound(void *arg, const struct place_compound *pc)
{
    struct place_compound *out = arg;
    *out = *pc;
    out[1].id++;
    return 0;
}

static void compounds_are_listed_within_a_unit(void **state)
{
    struct place_compound pc[2];
    (void)state;
    memset(pc, 0, sizeof pc);
    assert_int_equal(wallchart_compounds(db, 310105002, count_compound, pc, &ae), 0);
    assert_int_equal(pc[1].id, 1); /* one compound under the street */
    assert_int_equal(pc[0].id, compound_id);
    assert_int_equal(pc[0].buildings, 2);
    assert_int_equal(pc[0].households, 4);
    assert_int_equal(pc[0].residents, 5);
    memset(pc, 0, sizeof pc);
    assert_int_equal(wallchart_compounds(db, 3101, count_compound, pc, &ae), 0);
    assert_int_equal(pc[1].id, 2);
    assert_int_equal(wallchart_compounds(db, 310105002999LL, count_compound, pc, &ae),
                     WALLCHART_E_NOTFOUND);
}

static void load_checks_the_scope(void **state)
{
    static const int64_t inside[] = {3101, 310105, 310105002, QISHAN};
    static const int64_t outside[] = {0, 310112, 310105001, 310105002003LL, OTHER, 12345};
    struct wallchart *w;
    int32_t day = date_from_ymd(2020, 3, 9);
    (void)state;
    for (size_t i = 0; i < sizeof inside / sizeof inside[0]; i++) {
        assert_int_equal(wallchart_load(db, compound_id, inside[i], day, &w, &ae), 0);
        assert_string_equal(w->compound, "岐山村");
        assert_string_equal(w->place, "长宁区 江苏路街道 岐山居委会");
        assert_int_equal(w->day, day);
        assert_int_equal(w->nbuildings, 2);
        assert_int_equal(w->nrooms, 4);
        wallchart_free(w);
    }
    for (size_t i = 0; i < sizeof outside / sizeof outside[0]; i++) {
        assert_int_equal(wallchart_load(db, compound_id, outside[i], day, &w, &ae),
                         WALLCHART_E_NOTFOUND);
        assert_null(w);
        assert_non_null(strstr(ae.message, "no compound"));
    }
    assert_int_equal(wallchart_load(db, 999999, 3101, day, &w, &ae), WALLCHART_E_NOTFOUND);
    /* The other committee's compound, from its own district. */
    assert_int_equal(wallchart_load(db, other_compound, 310112, day, &w, &ae), 0);
    assert_int_equal(w->nrooms, 0);
    wallchart_free(w);
}

/* ------------------------------------------------------------------------
 * Rendering.
 */
static void renders_pdf_png_svg_to_memory(void **state)
{
    unsigned char *buf;
    size_t len;
    int32_t day = date_from_ymd(2020, 3, 9);
    int rc;
    (void)state;
    rc = wallchart_compound_mem(db, compound_id, QISHAN, day, WALLCHART_PDF, 0, &buf, &len, &ae);
    assert_int_equal(rc, 1);
    assert_true(len > 1000);
    assert_memory_equal(buf, "%PDF-", 5);
    free(buf);
    rc = wallchart_compound_mem(db, compound_id, QISHAN, day, WALLCHART_PNG, 1, &buf, &len, &ae);
    assert_int_equal(rc, 1);
    assert_memory_equal(buf, "\x89PNG\r\n\x1a\n", 8);
    free(buf);
    rc = wallchart_compound_mem(db, compound_id, QISHAN, day, WALLCHART_SVG, 1, &buf, &len, &ae);
    assert_int_equal(rc, 1);
    assert_non_null(memmem(buf, len, "<svg", 4));
    free(buf);
    /* A PDF takes every sheet; PNG needs one that exists. */
    assert_int_equal(
        wallchart_compound_mem(db, compound_id, QISHAN, day, WALLCHART_PDF, 1, &buf, &len, &ae),
        WALLCHART_E_ARG);
    assert_null(buf);
    assert_int_equal(
        wallchart_compound_mem(db, compound_id, QISHAN, day, WALLCHART_PNG, 2, &buf, &len, &ae),
        WALLCHART_E_ARG);
    assert_int_equal(
        wallchart_compound_mem(db, compound_id, OTHER, day, WALLCHART_PDF, 0, &buf, &len, &ae),
        WALLCHART_E_NOTFOUND);
    assert_null(buf);
}

static void long_names_and_many_colours_render(void **state)
{
    struct wallchart *w = uniform(3, 2, 1, 2);
    char err[WALLCHART_ERR_LEN];
    struct wallchart_room r;
    unsigned char *buf;
    size_t len;
    (void)state;
    memset(w->compound, 0, sizeof w->compound);
    for (int i = 0; i < 40; i++)
        strcat(w->compound, "岐");
    snprintf(w->place, sizeof w->place, "长宁区 江苏路街道 岐山居委会");
    memset(&r, 0, sizeof r);
    snprintf(r.unit, sizeof r.unit, "东区第十二单元A");
    snprintf(r.room, sizeof r.room, "一二三四五六七八九十");
    r.floor = 3;
    for (int c = 0; c < COLOUR_COUNT; c++)
        r.counts[c] = 100 + c;
    r.colour = COLOUR_RED;
    assert_int_equal(wallchart_add_room(w, "非常非常非常非常非常非常非常长的楼名", &r), 0);
    assert_int_equal(wallchart_render_mem(w, WALLCHART_PDF, 0, 0, &buf, &len, err), 1);
    free(buf);
    assert_int_equal(wallchart_render_mem(w, WALLCHART_PNG, 1000, 1, &buf, &len, err),
                     WALLCHART_E_ARG);
    assert_int_equal(wallchart_render_mem(w, (enum wallchart_format)9, 0, 0, &buf, &len, err),
                     WALLCHART_E_ARG);
    wallchart_free(w);
}

static void files_are_named_per_sheet(void **state)
{
    static const struct {
        const char *path;
        int n, m;
        const char *want;
    } cases[] = {
        {"chart.png", 1, 1, "chart.png"},     {"chart.png", 2, 12, "chart-2.png"},
        {"/a.b/chart", 3, 4, "/a.b/chart-3"}, {"out/x.y.svg", 1, 2, "out/x.y-1.svg"},
        {".hidden", 1, 2, ".hidden-1"},
    };
    char out[256];
    (void)state;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        wallchart_sheet_path(cases[i].path, cases[i].n, cases[i].m, out, sizeof out);
        assert_string_equal(out, cases[i].want);
    }
}

static void writes_files_or_nothing(void **state)
{
    struct wallchart *w = uniform(1, 25, 1, 2); /* two sheets */
    char err[WALLCHART_ERR_LEN], p[600], q[600];
    struct stat st;
    (void)state;
    testutil_tmp_path(p, sizeof p, "chart.png");
    assert_int_equal(wallchart_render_file(w, WALLCHART_PNG, 36, p, err), 2);
    wallchart_sheet_path(p, 1, 2, q, sizeof q);
    assert_int_equal(stat(q, &st), 0);
    unlink(q);
    wallchart_sheet_path(p, 2, 2, q, sizeof q);
    assert_int_equal(stat(q, &st), 0);
    unlink(q);
    assert_int_not_equal(stat(p, &st), 0);

    testutil_tmp_path(p, sizeof p, "chart.pdf");
    assert_int_equal(wallchart_render_file(w, WALLCHART_PDF, 0, p, err), 2);
    assert_int_equal(stat(p, &st), 0);
    unlink(p);

    assert_int_equal(wallchart_render_file(w, WALLCHART_PDF, 0, "/nonexistent/dir/x.pdf", err),
                     WALLCHART_E_WRITE);
    assert_non_null(strstr(err, "cannot write /nonexistent/dir/x.pdf"));
    /* A directory where the file should be: nothing written, nothing left. */
    testutil_tmp_path(p, sizeof p, "chart.dir");
    rmdir(p);
    assert_int_equal(mkdir(p, 0700), 0);
    assert_int_equal(wallchart_render_file(w, WALLCHART_SVG, 0, p, err), 2);
    wallchart_sheet_path(p, 1, 2, q, sizeof q);
    unlink(q);
    wallchart_sheet_path(p, 2, 2, q, sizeof q);
    unlink(q);
    assert_int_equal(wallchart_render_file(w, WALLCHART_PDF, 0, p, err), WALLCHART_E_WRITE);
    rmdir(p);
    wallchart_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sheet_counts_follow_the_geometry),
        cmocka_unit_test(qishan_sized_compound),
        cmocka_unit_test(one_room_is_one_sheet),
        cmocka_unit_test(empty_chart_is_one_blank_sheet),
        cmocka_unit_test(top_floor_on_top_and_numbers_stack),
        cmocka_unit_test(irregular_rooms_get_columns_of_their_own),
        cmocka_unit_test(rooms_without_floor_go_below),
        cmocka_unit_test(buildings_in_natural_order),
        cmocka_unit_test(wide_building_splits_with_marks),
        cmocka_unit_test(mixed_heights_leave_holes),
        cmocka_unit_test(bad_geometry_and_limits),
        cmocka_unit_test(household_takes_its_most_urgent_colour),
        cmocka_unit_test(households_are_counted_per_colour),
        cmocka_unit_test(compounds_are_listed_within_a_unit),
        cmocka_unit_test(load_checks_the_scope),
        cmocka_unit_test(renders_pdf_png_svg_to_memory),
        cmocka_unit_test(long_names_and_many_colours_render),
        cmocka_unit_test(files_are_named_per_sheet),
        cmocka_unit_test(writes_files_or_nothing),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
