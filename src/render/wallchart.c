/*
 * The wall chart's data and its layout over sheets (see wallchart.h): pure
 * arithmetic with no cairo in it, so the tests can check where every room
 * lands. The drawing itself is in wallchart_draw.c.
 */
#include "render/wallchart.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------
 * Data.
 */

struct wallchart *wallchart_new(void)
{
    struct wallchart *w = calloc(1, sizeof(struct wallchart));

    if (!w)
        return NULL;
    for (int c = 0; c < COLOUR_COUNT; c++) {
        snprintf(w->labels[c].zh, sizeof w->labels[c].zh, "%s",
                 colour_default_label_zh((enum colour)c));
        snprintf(w->labels[c].en, sizeof w->labels[c].en, "%s",
                 colour_default_label_en((enum colour)c));
    }
    return w;
}

void wallchart_free(struct wallchart *w)
{
    if (!w)
        return;
    for (int i = 0; i < w->nbuildings; i++)
        free(w->buildings[i].rooms);
    free(w->buildings);
    free(w);
}

static struct wallchart_building *building_named(struct wallchart *w, const char *name)
{
    struct wallchart_building *b;

    /* Rooms usually arrive building by building: try the last one first. */
    if (w->nbuildings && strcmp(w->buildings[w->nbuildings - 1].name, name) == 0)
        return &w->buildings[w->nbuildings - 1];
    for (int i = 0; i < w->nbuildings; i++)
        if (strcmp(w->buildings[i].name, name) == 0)
            return &w->buildings[i];
    if (w->nbuildings == w->cap) {
        int cap = w->cap ? w->cap * 2 : 16;
        b = realloc(w->buildings, (size_t)cap * sizeof *b);
        if (!b)
            return NULL;
        w->buildings = b;
        w->cap = cap;
    }
    b = &w->buildings[w->nbuildings++];
    memset(b, 0, sizeof *b);
    /* Cut at a character boundary if the name is too long. */
    size_t n = strlen(name);
    if (n >= sizeof b->name) {
        n = sizeof b->name - 1;
        while (n && ((unsigned char)name[n] & 0xC0) == 0x80)
            n--;
    }
    memcpy(b->name, name, n);
    b->name[n] = '\0';
    return b;
}

int wallchart_add_room(struct wallchart *w, const char *building, const struct wallchart_room *r)
{
    struct wallchart_building *b;

    if (w->nrooms >= WALLCHART_MAX_ROOMS)
        return WALLCHART_E_TOOBIG;
    if (!(b = building_named(w, building)))
        return WALLCHART_E_NOMEM;
    if (b->nrooms == b->cap) {
        int cap = b->cap ? b->cap * 2 : 32;
        struct wallchart_room *rooms = realloc(b->rooms, (size_t)cap * sizeof *rooms);
        if (!rooms)
            return WALLCHART_E_NOMEM;
        b->rooms = rooms;
        b->cap = cap;
    }
    b->rooms[b->nrooms++] = *r;
    w->nrooms++;
    return 0;
}

void wallchart_totals(const struct wallchart *w, struct wallchart_totals *out)
{
    memset(out, 0, sizeof *out);
    for (int i = 0; i < w->nbuildings; i++) {
        for (int j = 0; j < w->buildings[i].nrooms; j++) {
            const struct wallchart_room *r = &w->buildings[i].rooms[j];
            out->all_households++;
            if (r->colour >= 0 && r->colour < COLOUR_COUNT)
                out->households[r->colour]++;
            else
                out->empty++;
            for (int c = 0; c < COLOUR_COUNT; c++) {
                out->residents[c] += r->counts[c];
                out->all_residents += r->counts[c];
            }
        }
    }
}

/* ------------------------------------------------------------------------
 * Layout.
 */

void wallchart_geometry_a4(struct wallchart_geometry *g)
{
    memset(g, 0, sizeof *g);
    g->page_w = 595;
    g->page_h = 842;
    g->margin = 22;
    g->header_h = 62;
    g->footer_h = 66;
    g->heads_h = 32;
    g->label_w = 30;
    g->cell_w = 52;
    g->cell_h = 30;
    g->gap = 3;
    g->unit_gap = 6;
    g->building_gap = 14;
    g->strip_gap = 16;
    g->nofloor_wrap = 6;
}

/*
 * Natural order of names: runs of digits compare by value, so 2号 < 10号 and
 * 1-2 < 1-10; everything else compares bytewise.
 */
static int natcmp(const char *a, const char *b)
{
    while (*a && *b) {
        if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
            const char *ea = a, *eb = b;
            while (*a == '0' && a[1] >= '0' && a[1] <= '9')
                a++;
            while (*b == '0' && b[1] >= '0' && b[1] <= '9')
                b++;
            for (ea = a; *ea >= '0' && *ea <= '9'; ea++)
                ;
            for (eb = b; *eb >= '0' && *eb <= '9'; eb++)
                ;
            if (ea - a != eb - b)
                return ea - a < eb - b ? -1 : 1;
            int c = memcmp(a, b, (size_t)(ea - a));
            if (c)
                return c;
            a = ea;
            b = eb;
            continue;
        }
        if (*a != *b)
            return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
        a++, b++;
    }
    return *a ? 1 : (*b ? -1 : 0);
}

/* The value of a room number's first run of digits when it has at least
 * three (601 -> 601, "B-1203" -> 1203), else -1. */
static long room_number(const char *room)
{
    long v = 0;
    int digits = 0;

    for (const char *p = room; *p; p++) {
        if (*p >= '0' && *p <= '9') {
            if (digits < 9)
                v = v * 10 + (*p - '0');
            digits++;
        } else if (digits) {
            break;
        }
    }
    return digits >= 3 && digits <= 9 ? v : -1;
}

/* What the sort of a building's rooms sees. */
struct room_ref {
    const struct wallchart_room *r;
    int index; /* in the building */
};

static int cmp_room(const void *pa, const void *pb)
{
    const struct wallchart_room *a = ((const struct room_ref *)pa)->r;
    const struct wallchart_room *b = ((const struct room_ref *)pb)->r;
    int c;

    /* Rooms without a floor go last, then by unit, floor (high first), room. */
    if ((a->floor == 0) != (b->floor == 0))
        return a->floor == 0 ? 1 : -1;
    if ((c = natcmp(a->unit, b->unit)) != 0)
        return c;
    if (a->floor != b->floor)
        return a->floor > b->floor ? -1 : 1;
    if ((c = natcmp(a->room, b->room)) != 0)
        return c;
    return ((const struct room_ref *)pa)->index - ((const struct room_ref *)pb)->index;
}

static int cmp_long(const void *pa, const void *pb)
{
    long a = *(const long *)pa, b = *(const long *)pb;
    return a < b ? -1 : a > b;
}

/* A run of a building's columns that share a unit. */
struct group {
    const char *unit; /* points into the chart */
    int c0, c1;       /* building columns [c0, c1) */
};

/* Per building: its columns and where each of its rooms goes. */
struct bplan {
    int ncols;
    int ngroups;
    struct group *groups;
    int *col;    /* per room: building column */
    int *nfrow;  /* per room: row among the no-floor rows, or -1 */
    int nf_rows; /* rows its floorless rooms take */
    int *band;   /* per column: column band */
    double *x;   /* per column: x within the band */
};

static void bplan_free(struct bplan *p)
{
    free(p->groups);
    free(p->col);
    free(p->nfrow);
    free(p->band);
    free(p->x);
}

/*
 * Columns of one building (see wallchart_layout_compute()). Within a unit,
 * a floored room's column key is its number's last two digits when the
 * number starts with its floor and no earlier room of that floor took the
 * key, else 1000 + its rank on the floor; the unit's columns are its
 * distinct keys in order.
 */
static int plan_building(const struct wallchart_building *b, int nofloor_wrap, struct bplan *p)
{
    struct room_ref *refs = NULL;
    long *key = NULL, *keys = NULL;
    int n = b->nrooms, rc = WALLCHART_E_NOMEM, nfloored = 0;

    memset(p, 0, sizeof *p);
    if (n == 0)
        return 0;
    refs = malloc((size_t)n * sizeof *refs);
    key = malloc((size_t)n * sizeof *key);
    keys = malloc((size_t)n * sizeof *keys);
    p->groups = malloc((size_t)(n + 1) * sizeof *p->groups);
    p->col = malloc((size_t)n * sizeof *p->col);
    p->nfrow = malloc((size_t)n * sizeof *p->nfrow);
    if (!refs || !key || !keys || !p->groups || !p->col || !p->nfrow)
        goto out;
    for (int i = 0; i < n; i++) {
        refs[i].r = &b->rooms[i];
        refs[i].index = i;
        p->nfrow[i] = -1;
    }
    qsort(refs, (size_t)n, sizeof *refs, cmp_room);
    while (nfloored < n && refs[nfloored].r->floor != 0)
        nfloored++;

    /* Keys, floor by floor within each unit (the sort made them runs). */
    for (int i = 0; i < nfloored;) {
        int j = i;
        while (j < nfloored && refs[j].r->floor == refs[i].r->floor &&
               strcmp(refs[j].r->unit, refs[i].r->unit) == 0)
            j++;
        for (int k = i; k < j; k++) {
            long v = room_number(refs[k].r->room);
            long kk = (v >= 0 && v / 100 == refs[k].r->floor) ? v % 100 : -1;
            for (int m = i; kk >= 0 && m < k; m++)
                if (key[m] == kk)
                    kk = -1;
            key[k] = kk >= 0 ? kk : 1000 + (k - i);
        }
        i = j;
    }
    /* Units: runs of the sorted floored rooms; columns: their distinct keys. */
    for (int i = 0; i < nfloored;) {
        int j = i, nk = 0;
        while (j < nfloored && strcmp(refs[j].r->unit, refs[i].r->unit) == 0)
            j++;
        for (int k = i; k < j; k++)
            keys[nk++] = key[k];
        qsort(keys, (size_t)nk, sizeof *keys, cmp_long);
        int nd = 0;
        for (int k = 0; k < nk; k++)
            if (nd == 0 || keys[nd - 1] != keys[k])
                keys[nd++] = keys[k];
        struct group *g = &p->groups[p->ngroups++];
        g->unit = refs[i].r->unit;
        g->c0 = p->ncols;
        g->c1 = p->ncols + nd;
        for (int k = i; k < j; k++) {
            long *hit = bsearch(&key[k], keys, (size_t)nd, sizeof *keys, cmp_long);
            p->col[refs[k].index] = g->c0 + (int)(hit - keys);
        }
        p->ncols += nd;
        i = j;
    }
    /* Rooms without a floor wrap under the building's columns, or into rows
     * of their own width when the building has no floored room at all. */
    if (nfloored < n) {
        int nnf = n - nfloored, wrap = p->ncols;
        if (wrap == 0) {
            wrap = nnf < nofloor_wrap ? nnf : nofloor_wrap;
            struct group *g = &p->groups[p->ngroups++];
            g->unit = "";
            g->c0 = 0;
            g->c1 = wrap;
            p->ncols = wrap;
        }
        for (int k = nfloored; k < n; k++) {
            p->col[refs[k].index] = (k - nfloored) % wrap;
            p->nfrow[refs[k].index] = (k - nfloored) / wrap;
        }
        p->nf_rows = (nnf + wrap - 1) / wrap;
    }
    p->band = calloc((size_t)p->ncols, sizeof *p->band);
    p->x = calloc((size_t)p->ncols, sizeof *p->x);
    rc = (p->band && p->x) ? 0 : WALLCHART_E_NOMEM;
out:
    free(refs);
    free(key);
    free(keys);
    return rc;
}

/* The column band being filled. */
struct packer {
    const struct wallchart_geometry *g;
    double avail; /* width for cells on a sheet */
    int band;     /* current band */
    int used;     /* columns in it so far */
    double end;   /* right edge of its last cell */
    int last_b, last_g;
};

/* Where the next column of building b, group gi would start in the
 * current band. */
static double next_x(const struct packer *k, int b, int gi)
{
    if (!k->used)
        return 0;
    if (b != k->last_b)
        return k->end + k->g->gap + k->g->building_gap;
    if (gi != k->last_g)
        return k->end + k->g->gap + k->g->unit_gap;
    return k->end + k->g->gap;
}

/* Width that columns [c0, c1) of building b would take if started in the
 * current band. */
static double span_end(const struct packer *k, const struct bplan *p, int b, int c0, int c1)
{
    int gi = 0;
    struct packer t = *k;

    for (int c = c0; c < c1; c++) {
        while (c >= p->groups[gi].c1)
            gi++;
        t.end = next_x(&t, b, gi) + k->g->cell_w;
        t.used = 1;
        t.last_b = b;
        t.last_g = gi;
    }
    return t.end;
}

static void new_band(struct packer *k)
{
    if (k->used)
        k->band++;
    k->used = 0;
    k->end = 0;
    k->last_b = k->last_g = -1;
}

static void place(struct packer *k, struct bplan *p, int b, int c0, int c1)
{
    int gi = 0;

    for (int c = c0; c < c1; c++) {
        while (c >= p->groups[gi].c1)
            gi++;
        double x = next_x(k, b, gi);
        p->band[c] = k->band;
        p->x[c] = x;
        k->end = x + k->g->cell_w;
        k->used++;
        k->last_b = b;
        k->last_g = gi;
    }
}

/* Packs building b into bands: whole if it fits, else unit by unit, else
 * room by room (see wallchart_layout_compute()). */
static void pack_building(struct packer *k, struct bplan *p, int b)
{
    struct packer fresh = *k;

    if (p->ncols == 0)
        return;
    fresh.used = 0;
    fresh.last_b = fresh.last_g = -1;
    if (span_end(k, p, b, 0, p->ncols) <= k->avail) {
        place(k, p, b, 0, p->ncols);
        return;
    }
    if (k->used && span_end(&fresh, p, b, 0, p->ncols) <= k->avail) {
        new_band(k);
        place(k, p, b, 0, p->ncols);
        return;
    }
    for (int gi = 0; gi < p->ngroups; gi++) {
        const struct group *g = &p->groups[gi];
        fresh = *k;
        fresh.used = 0;
        fresh.last_b = fresh.last_g = -1;
        if (span_end(k, p, b, g->c0, g->c1) <= k->avail) {
            place(k, p, b, g->c0, g->c1);
            continue;
        }
        if (k->used && span_end(&fresh, p, b, g->c0, g->c1) <= k->avail) {
            new_band(k);
            place(k, p, b, g->c0, g->c1);
            continue;
        }
        for (int c = g->c0; c < g->c1; c++) {
            if (span_end(k, p, b, c, c + 1) > k->avail)
                new_band(k);
            place(k, p, b, c, c + 1);
        }
    }
}

static int cmp_building(const void *pa, const void *pb, void *arg)
{
    const struct wallchart *w = arg;
    int a = *(const int *)pa, b = *(const int *)pb;
    int c = natcmp(w->buildings[a].name, w->buildings[b].name);
    return c ? c : a - b;
}

void wallchart_layout_cleanup(struct wallchart_layout *l)
{
    free(l->slot);
    free(l->sheets);
    free(l->cells);
    free(l->strips);
    free(l->heads);
    free(l->rows);
    memset(l, 0, sizeof *l);
}

/* Appends a head for columns [c0, c1) of building b (group gi, or -1 for
 * the building itself), which lie in one band. */
static int push_head(struct wallchart_layout *l, int *cap, const struct bplan *p, int b, int gi,
                     int c0, int c1)
{
    struct wallchart_head *h;

    if (l->nheads == *cap) {
        int ncap = *cap ? *cap * 2 : 64;
        h = realloc(l->heads, (size_t)ncap * sizeof *h);
        if (!h)
            return WALLCHART_E_NOMEM;
        l->heads = h;
        *cap = ncap;
    }
    h = &l->heads[l->nheads++];
    h->building = b;
    h->unit = gi < 0 ? NULL : p->groups[gi].unit;
    h->x = l->grid_x + p->x[c0];
    h->w = p->x[c1 - 1] + l->g.cell_w - p->x[c0];
    h->continued = c0 > (gi < 0 ? 0 : p->groups[gi].c0);
    h->continues = c1 < (gi < 0 ? p->ncols : p->groups[gi].c1);
    return 0;
}

/* Which building (in presentation order) and unit group a strip shows. */
struct present {
    int strip, oi, gi;
};

static int cmp_present(const void *pa, const void *pb)
{
    const struct present *a = pa, *b = pb;
    if (a->strip != b->strip)
        return a->strip < b->strip ? -1 : 1;
    if (a->oi != b->oi)
        return a->oi < b->oi ? -1 : 1;
    return a->gi < b->gi ? -1 : a->gi > b->gi;
}

/* The group of building column c. */
static int group_of(const struct bplan *p, int c)
{
    int gi = 0;
    while (gi + 1 < p->ngroups && c >= p->groups[gi].c1)
        gi++;
    return gi;
}

/* A floor seen in a band, for collecting each band's floors. */
struct band_floor {
    int band, floor;
};

static int cmp_band_floor(const void *pa, const void *pb)
{
    const struct band_floor *a = pa, *b = pb;
    if (a->band != b->band)
        return a->band < b->band ? -1 : 1;
    return a->floor > b->floor ? -1 : a->floor < b->floor;
}

/* Per column band, while laying out. */
struct band {
    int first_floor, nfloors; /* slice of the sorted band floors */
    int nf_rows;              /* rows of rooms without a floor */
    int nrows, parts, per;    /* rows, parts of at most rows_per_sheet, rows per part */
    int first_row;            /* in layout.rows */
    double x_end;
    int first_strip; /* in creation order */
};

/* A sheet and a strip in the order they are made (column by column). */
struct made_sheet {
    int row, col, number, nstrips, ncells, first_cell, first_strip;
};
struct made_strip {
    struct wallchart_strip s;
    int sheet; /* made_sheet index */
};

/*
 * The work of one wallchart_layout_compute() call, shared by its phases
 * (the way SQLite's where.c passes one WhereInfo through its steps): each
 * phase reads what the earlier ones left here and returns 0 or a negative
 * WALLCHART_E_*. Everything in it except `out` is freed by work_free().
 */
struct layout_work {
    const struct wallchart *w;
    const struct wallchart_geometry *g;
    struct wallchart_layout *out;
    double avail_w, avail_h, pitch, top;
    struct bplan *plans; /* per building */
    int *order;          /* buildings in presentation order */
    struct band *bands;  /* per column band */
    int nbands;
    struct band_floor *bf; /* distinct (band, floor), sorted */
    int nbf;
    struct made_sheet *ms; /* sheets in the order they are made */
    int nms;
    struct made_strip *mst; /* strips in the order they are made */
    int nmst;
    int *strip_at;              /* per made strip: index in out->strips */
    int *by_number;             /* per sheet number - 1: made_sheet index */
    int *room_strip, *room_row; /* per room in presentation order */
    struct present *pres;       /* per room in presentation order */
    int heads_cap;
};

static void work_free(struct layout_work *k)
{
    if (k->plans)
        for (int b = 0; b < k->w->nbuildings; b++)
            bplan_free(&k->plans[b]);
    free(k->plans);
    free(k->order);
    free(k->bf);
    free(k->bands);
    free(k->ms);
    free(k->mst);
    free(k->strip_at);
    free(k->by_number);
    free(k->room_strip);
    free(k->room_row);
    free(k->pres);
}

/* Each building's columns, and the buildings packed into column bands. */
static int lay_pack(struct layout_work *k)
{
    const struct wallchart *w = k->w;
    struct packer pk;
    int rc;

    k->plans = calloc((size_t)w->nbuildings + 1, sizeof *k->plans);
    k->order = malloc(((size_t)w->nbuildings + 1) * sizeof *k->order);
    k->bf = malloc(((size_t)w->nrooms + 1) * sizeof *k->bf);
    if (!k->plans || !k->order || !k->bf)
        return WALLCHART_E_NOMEM;
    for (int b = 0; b < w->nbuildings; b++) {
        k->order[b] = b;
        if ((rc = plan_building(&w->buildings[b], k->g->nofloor_wrap, &k->plans[b])) < 0)
            return rc;
    }
    qsort_r(k->order, (size_t)w->nbuildings, sizeof *k->order, cmp_building, (void *)w);
    memset(&pk, 0, sizeof pk);
    pk.g = k->g;
    pk.avail = k->avail_w;
    pk.last_b = pk.last_g = -1;
    for (int oi = 0; oi < w->nbuildings; oi++)
        pack_building(&pk, &k->plans[k->order[oi]], k->order[oi]);
    k->nbands = w->nrooms ? pk.band + 1 : 0;
    k->bands = calloc((size_t)k->nbands + 1, sizeof *k->bands);
    return k->bands ? 0 : WALLCHART_E_NOMEM;
}

/* Each band's rows: the floors its rooms have, highest first, then the
 * rows of its rooms without a floor; and each band's right edge. */
static int lay_rows(struct layout_work *k)
{
    const struct wallchart *w = k->w;
    struct wallchart_layout *out = k->out;
    struct band *bands = k->bands;
    struct band_floor *bf = k->bf;
    int nbf = 0, nd = 0;

    for (int b = 0; b < w->nbuildings; b++) {
        const struct bplan *p = &k->plans[b];
        for (int i = 0; i < w->buildings[b].nrooms; i++) {
            int cb = p->band[p->col[i]], f = w->buildings[b].rooms[i].floor;
            if (f != 0) {
                bf[nbf].band = cb;
                bf[nbf++].floor = f;
            } else if (p->nfrow[i] + 1 > bands[cb].nf_rows) {
                bands[cb].nf_rows = p->nfrow[i] + 1;
            }
        }
    }
    qsort(bf, (size_t)nbf, sizeof *bf, cmp_band_floor);
    for (int i = 0; i < nbf; i++)
        if (nd == 0 || cmp_band_floor(&bf[nd - 1], &bf[i]) != 0)
            bf[nd++] = bf[i];
    k->nbf = nbf = nd;
    for (int i = nbf - 1; i >= 0; i--) {
        bands[bf[i].band].first_floor = i;
        bands[bf[i].band].nfloors++;
    }
    for (int cb = 0; cb < k->nbands; cb++) {
        struct band *bd = &bands[cb];
        bd->nrows = bd->nfloors + bd->nf_rows;
        bd->parts = (bd->nrows + out->rows_per_sheet - 1) / out->rows_per_sheet;
        if (bd->parts < 1)
            bd->parts = 1;
        bd->per = (bd->nrows + bd->parts - 1) / bd->parts;
        bd->first_row = out->nrows;
        out->nrows += bd->nrows;
        out->nstrips += bd->parts;
    }
    out->rows = calloc((size_t)out->nrows + 1, sizeof *out->rows);
    if (!out->rows)
        return WALLCHART_E_NOMEM;
    for (int cb = 0; cb < k->nbands; cb++)
        for (int i = 0; i < bands[cb].nfloors; i++)
            out->rows[bands[cb].first_row + i].floor = bf[bands[cb].first_floor + i].floor;

    for (int b = 0; b < w->nbuildings; b++) {
        const struct bplan *p = &k->plans[b];
        for (int c = 0; c < p->ncols; c++)
            if (out->grid_x + p->x[c] + k->g->cell_w > bands[p->band[c]].x_end)
                bands[p->band[c]].x_end = out->grid_x + p->x[c] + k->g->cell_w;
    }
    return 0;
}

/* Strips onto sheets, column by column of the taped grid: a band in parts
 * takes a column of its own, one sheet per part; a band in one part goes
 * below the previous one when that was in one part too and there is room
 * left on its sheet. */
static int lay_strips(struct layout_work *k)
{
    const struct wallchart_geometry *g = k->g;
    struct wallchart_layout *out = k->out;
    struct made_sheet *ms;
    int col = 0, open = 0;
    double used = 0;

    if (out->nstrips > WALLCHART_MAX_SHEETS)
        return WALLCHART_E_TOOBIG;
    k->ms = ms = calloc((size_t)out->nstrips + 1, sizeof *k->ms);
    k->mst = calloc((size_t)out->nstrips + 1, sizeof *k->mst);
    if (!k->ms || !k->mst)
        return WALLCHART_E_NOMEM;
    for (int cb = 0; cb < k->nbands; cb++) {
        struct band *bd = &k->bands[cb];
        bd->first_strip = k->nmst;
        for (int p = 0; p < bd->parts; p++) {
            struct made_strip *m = &k->mst[k->nmst++];
            int nrows = bd->nrows - p * bd->per < bd->per ? bd->nrows - p * bd->per : bd->per;
            double h = g->heads_h + nrows * k->pitch - g->gap;
            m->s.band = cb;
            m->s.part = p;
            m->s.x_end = bd->x_end;
            m->s.first_row = bd->first_row + p * bd->per;
            m->s.nrows = nrows;
            if (bd->parts == 1 && open && used + g->strip_gap + h <= k->avail_h) {
                m->s.y = k->top + used + g->strip_gap;
                used += g->strip_gap + h;
            } else {
                if (p == 0)
                    col++;
                ms[k->nms].row = p + 1;
                ms[k->nms].col = col;
                k->nms++;
                m->s.y = k->top;
                used = h;
                open = bd->parts == 1;
            }
            m->sheet = k->nms - 1;
            ms[k->nms - 1].nstrips++;
        }
    }
    if (k->nms == 0) {
        ms[0].row = ms[0].col = 1;
        k->nms = 1;
    }
    out->grid_cols = col ? col : 1;
    out->grid_rows = 1;
    for (int i = 0; i < k->nms; i++)
        if (ms[i].row > out->grid_rows)
            out->grid_rows = ms[i].row;
    /* The taped grid, holes included, is bounded too (a tall column next to
     * many short ones is mostly holes). */
    if ((int64_t)out->grid_rows * out->grid_cols > 16 * WALLCHART_MAX_SHEETS)
        return WALLCHART_E_TOOBIG;
    return 0;
}

/* Sheet numbers, row by row over the taped grid; then the strips grouped
 * by sheet number. */
static int lay_number(struct layout_work *k)
{
    struct wallchart_layout *out = k->out;
    struct made_sheet *ms = k->ms;
    int nms = k->nms, at = 0;

    out->slot = calloc((size_t)out->grid_rows * out->grid_cols, sizeof *out->slot);
    out->sheets = calloc((size_t)nms, sizeof *out->sheets);
    out->strips = calloc((size_t)out->nstrips + 1, sizeof *out->strips);
    out->cells = malloc(((size_t)k->w->nrooms + 1) * sizeof *out->cells);
    k->strip_at = malloc(((size_t)out->nstrips + 1) * sizeof *k->strip_at);
    k->by_number = malloc((size_t)nms * sizeof *k->by_number);
    if (!out->slot || !out->sheets || !out->strips || !out->cells || !k->strip_at || !k->by_number)
        return WALLCHART_E_NOMEM;
    for (int i = 0; i < nms; i++)
        out->slot[(ms[i].row - 1) * out->grid_cols + ms[i].col - 1] = i + 1;
    for (int s = 0; s < out->grid_rows * out->grid_cols; s++)
        if (out->slot[s])
            ms[out->slot[s] - 1].number = ++out->nsheets;
    for (int s = 0; s < out->grid_rows * out->grid_cols; s++) {
        if (out->slot[s]) {
            k->by_number[ms[out->slot[s] - 1].number - 1] = out->slot[s] - 1;
            out->slot[s] = ms[out->slot[s] - 1].number;
        }
    }

    for (int n = 0; n < out->nsheets; n++) {
        struct made_sheet *sh = &ms[k->by_number[n]];
        sh->first_strip = at;
        at += sh->nstrips;
    }
    for (int i = 0; i < nms; i++)
        ms[i].nstrips = 0;
    for (int j = 0; j < k->nmst; j++) {
        struct made_sheet *sh = &ms[k->mst[j].sheet];
        k->strip_at[j] = sh->first_strip + sh->nstrips++;
        out->strips[k->strip_at[j]] = k->mst[j].s;
    }
    return 0;
}

/* Every room: its band row, hence its part (strip) and sheet; then the
 * cells grouped by sheet number. */
static int lay_cells(struct layout_work *k)
{
    const struct wallchart *w = k->w;
    struct wallchart_layout *out = k->out;
    struct made_sheet *ms = k->ms;
    int at = 0;

    k->room_strip = malloc(((size_t)w->nrooms + 1) * sizeof *k->room_strip);
    k->room_row = malloc(((size_t)w->nrooms + 1) * sizeof *k->room_row);
    k->pres = malloc(((size_t)w->nrooms + 1) * sizeof *k->pres);
    if (!k->room_strip || !k->room_row || !k->pres)
        return WALLCHART_E_NOMEM;
    for (int oi = 0, ri = 0; oi < w->nbuildings; oi++) {
        int b = k->order[oi];
        const struct bplan *p = &k->plans[b];
        for (int i = 0; i < w->buildings[b].nrooms; i++, ri++) {
            const struct band *bd = &k->bands[p->band[p->col[i]]];
            int f = w->buildings[b].rooms[i].floor, row;
            if (f != 0) {
                struct band_floor key = {p->band[p->col[i]], f};
                struct band_floor *hit =
                    bsearch(&key, k->bf, (size_t)k->nbf, sizeof *k->bf, cmp_band_floor);
                row = (int)(hit - k->bf) - bd->first_floor;
            } else {
                row = bd->nfloors + p->nfrow[i];
            }
            k->room_row[ri] = row % bd->per;
            k->room_strip[ri] = bd->first_strip + row / bd->per;
            ms[k->mst[k->room_strip[ri]].sheet].ncells++;
            k->pres[ri].strip = k->room_strip[ri];
            k->pres[ri].oi = oi;
            k->pres[ri].gi = group_of(p, p->col[i]);
        }
    }
    for (int n = 0; n < out->nsheets; n++) {
        struct made_sheet *sh = &ms[k->by_number[n]];
        sh->first_cell = at;
        at += sh->ncells;
        sh->ncells = 0;
    }
    for (int oi = 0, ri = 0; oi < w->nbuildings; oi++) {
        int b = k->order[oi];
        const struct bplan *p = &k->plans[b];
        for (int i = 0; i < w->buildings[b].nrooms; i++, ri++) {
            struct made_sheet *sh = &ms[k->mst[k->room_strip[ri]].sheet];
            struct wallchart_cell *c = &out->cells[sh->first_cell + sh->ncells++];
            c->building = b;
            c->room = i;
            c->x = out->grid_x + p->x[p->col[i]];
            c->y = k->mst[k->room_strip[ri]].s.y + k->g->heads_h + k->room_row[ri] * k->pitch;
        }
    }
    out->ncells = w->nrooms;
    return 0;
}

/* Heads: in each strip, every building with a room in it, over its
 * columns in the band, and each of its named units with a room in it. */
static int lay_heads(struct layout_work *k)
{
    struct wallchart_layout *out = k->out;
    struct present *pres = k->pres;
    int rc;

    qsort(pres, (size_t)k->w->nrooms, sizeof *pres, cmp_present);
    for (int j = 0; j < k->w->nrooms; j++) {
        const struct present *pr = &pres[j];
        int b = k->order[pr->oi], cb = k->mst[pr->strip].s.band, c0 = -1, c1 = -1;
        const struct bplan *p = &k->plans[b];
        struct wallchart_strip *st = &out->strips[k->strip_at[pr->strip]];

        if (j > 0 && cmp_present(&pres[j - 1], pr) == 0)
            continue;
        if (st->nheads == 0)
            st->first_head = out->nheads;
        for (int c = 0; c < p->ncols; c++) {
            if (p->band[c] != cb)
                continue;
            if (c0 < 0)
                c0 = c;
            c1 = c + 1;
        }
        if (j == 0 || pres[j - 1].strip != pr->strip || pres[j - 1].oi != pr->oi) {
            if ((rc = push_head(out, &k->heads_cap, p, b, -1, c0, c1)) < 0)
                return rc;
            st->nheads++;
        }
        if (p->ngroups > 1 || p->groups[0].unit[0]) {
            const struct group *gr = &p->groups[pr->gi];
            int s0 = gr->c0 > c0 ? gr->c0 : c0, s1 = gr->c1 < c1 ? gr->c1 : c1;
            if (s0 < s1) {
                if ((rc = push_head(out, &k->heads_cap, p, b, pr->gi, s0, s1)) < 0)
                    return rc;
                st->nheads++;
            }
        }
    }
    return 0;
}

/* The sheets in number order, each with its neighbours on the taped grid. */
static void lay_sheets(struct layout_work *k)
{
    struct wallchart_layout *out = k->out;
    const struct made_sheet *ms = k->ms;

    for (int i = 0; i < k->nms; i++) {
        struct wallchart_sheet *sh = &out->sheets[ms[i].number - 1];
        int r = ms[i].row - 1, c = ms[i].col - 1, cols = out->grid_cols;
        sh->number = ms[i].number;
        sh->row = ms[i].row;
        sh->col = ms[i].col;
        sh->first_cell = ms[i].first_cell;
        sh->ncells = ms[i].ncells;
        sh->first_strip = ms[i].first_strip;
        sh->nstrips = ms[i].nstrips;
        sh->left = c > 0 ? out->slot[r * cols + c - 1] : 0;
        sh->right = c + 1 < cols ? out->slot[r * cols + c + 1] : 0;
        sh->up = r > 0 ? out->slot[(r - 1) * cols + c] : 0;
        sh->down = r + 1 < out->grid_rows ? out->slot[(r + 1) * cols + c] : 0;
    }
}

int wallchart_layout_compute(const struct wallchart *w, const struct wallchart_geometry *g,
                             struct wallchart_layout *out)
{
    struct layout_work k = {.w = w, .g = g, .out = out};
    int rc;

    memset(out, 0, sizeof *out);
    out->g = *g;
    out->grid_x = g->margin + g->label_w;
    k.pitch = g->cell_h + g->gap;
    k.top = g->margin + g->header_h;
    k.avail_w = g->page_w - g->margin - out->grid_x;
    k.avail_h = g->page_h - 2 * g->margin - g->header_h - g->footer_h;
    if (g->cell_w <= 0 || g->cell_h <= 0 || g->gap < 0 || g->nofloor_wrap < 1 ||
        k.avail_w < g->cell_w || k.avail_h < g->heads_h + g->cell_h)
        return WALLCHART_E_GEOMETRY;
    out->rows_per_sheet = (int)floor((k.avail_h - g->heads_h + g->gap) / k.pitch);
    if (w->nrooms > WALLCHART_MAX_ROOMS)
        return WALLCHART_E_TOOBIG;

    if ((rc = lay_pack(&k)) < 0 || (rc = lay_rows(&k)) < 0 || (rc = lay_strips(&k)) < 0 ||
        (rc = lay_number(&k)) < 0 || (rc = lay_cells(&k)) < 0 || (rc = lay_heads(&k)) < 0)
        goto out;
    lay_sheets(&k);
out:
    work_free(&k);
    if (rc < 0)
        wallchart_layout_cleanup(out);
    return rc;
}
