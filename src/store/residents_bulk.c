/*
 * Staged bulk writes of a first import (see residents_bulk.h). Each table's
 * rows wait in an array of db_value with their strings in one arena; text
 * values hold their arena offset until they are sent, as the arena moves
 * when it grows. The column lists mirror the INSERTs of store/residents.c:
 * keep the two in step (tests/unit/test_import_bulk.c checks that both paths
 * write the same rows).
 */
#include "store/residents_bulk.h"

#include "core/date.h"
#include "core/unitcode.h"

#include <stdlib.h>
#include <string.h>

/* Staged residents that trigger a flush. */
#define FLUSH_RESIDENTS 8192
/* Ids drawn from a sequence at once, at most: the first draw is of 64, then
 * twice as many each time, so a small import wastes few. */
#define ID_BLOCK 8192

struct stage {
    const char *table;
    const char *columns;
    int ncols;
    struct db_value *v; /* nrows * ncols */
    size_t nrows, cap;  /* in rows */
    char *text;         /* NUL-terminated strings of the staged rows */
    size_t tlen, tcap;
};

struct id_pool {
    const char *table;
    int64_t v[ID_BLOCK];
    int n, next;
    int block; /* size of the next draw */
};

struct store_bulk {
    struct db *db;
    /* In the order they are sent: each refers only to those before it. */
    struct stage compounds, buildings, households, residents, history;
    /* On Citus only: the document lookup (store/residents_docs.h). */
    struct stage docs;
    int docs_kept;
    struct id_pool compound_ids, building_ids, household_ids, resident_ids;
};

static void stage_init(struct stage *s, const char *table, const char *columns, int ncols)
{
    memset(s, 0, sizeof *s);
    s->table = table;
    s->columns = columns;
    s->ncols = ncols;
}

static void stage_cleanup(struct stage *s)
{
    free(s->v);
    free(s->text);
}

/* A new zeroed row (all NULL) at the end of the stage, or NULL. */
static struct db_value *stage_row(struct stage *s)
{
    struct db_value *row;

    if (s->nrows == s->cap) {
        size_t cap = s->cap ? 2 * s->cap : 1024;
        struct db_value *v = realloc(s->v, cap * (size_t)s->ncols * sizeof *v);
        if (!v)
            return NULL;
        s->v = v;
        s->cap = cap;
    }
    row = s->v + s->nrows++ * (size_t)s->ncols;
    memset(row, 0, (size_t)s->ncols * sizeof *row);
    return row;
}

static void put_int(struct db_value *v, int64_t i)
{
    v->type = DB_INT;
    v->i = i;
}

/* NULL for 0, as the per-row path binds optional ids. */
static void put_opt_id(struct db_value *v, int64_t id)
{
    if (id)
        put_int(v, id);
}

static void put_day(struct db_value *v, int32_t day)
{
    if (day != DATE_NONE)
        put_int(v, day);
}

/* Copies s into the arena; NULL stays NULL. Returns 0 or DB_E_NOMEM. */
static int put_text(struct stage *st, struct db_value *v, const char *s)
{
    size_t n;

    if (!s)
        return 0;
    n = strlen(s) + 1;
    if (st->tlen + n > st->tcap) {
        size_t cap = st->tcap ? st->tcap : 1 << 16;
        char *p;
        while (cap < st->tlen + n)
            cap *= 2;
        if (!(p = realloc(st->text, cap)))
            return DB_E_NOMEM;
        st->text = p;
        st->tcap = cap;
    }
    memcpy(st->text + st->tlen, s, n);
    v->type = DB_TEXT;
    v->i = (int64_t)st->tlen;
    st->tlen += n;
    return 0;
}

/* Sends the stage's rows and empties it. */
static int stage_send(struct db *db, struct stage *s)
{
    struct db_bulk *h;
    int rc = 0, end;

    if (s->nrows == 0)
        return 0;
    if ((rc = db_bulk_begin(db, s->table, s->columns, s->ncols, &h)) < 0)
        return rc;
    for (size_t r = 0; r < s->nrows && rc >= 0; r++) {
        struct db_value *row = s->v + r * (size_t)s->ncols;
        for (int c = 0; c < s->ncols; c++)
            if (row[c].type == DB_TEXT)
                row[c].s = s->text + row[c].i;
        rc = db_bulk_row(h, row);
    }
    end = db_bulk_end(h);
    s->nrows = 0;
    s->tlen = 0;
    return rc < 0 ? rc : end;
}

static int next_id(struct db *db, struct id_pool *p, int64_t *out)
{
    int rc;

    if (p->next == p->n) {
        p->block = p->block ? (p->block < ID_BLOCK / 2 ? 2 * p->block : ID_BLOCK) : 64;
        if ((rc = db_new_ids(db, p->table, p->block, p->v)) < 0)
            return rc;
        p->n = p->block;
        p->next = 0;
    }
    *out = p->v[p->next++];
    return 0;
}

static int64_t district_of(int64_t unit)
{
    int64_t d = unitcode_at_level(unit, LEVEL_DISTRICT);
    return d ? d : unit;
}

int store_bulk_new(struct db *db, struct store_bulk **out)
{
    struct store_bulk *b = calloc(1, sizeof *b);

    *out = NULL;
    if (!b)
        return DB_E_NOMEM;
    b->db = db;
    stage_init(&b->compounds, "compounds", "id, committee, grid, name, district", 5);
    stage_init(&b->buildings, "buildings", "id, compound, name, district", 4);
    stage_init(&b->households, "households", "id, building, unit, room, floor, committee, district",
               7);
    stage_init(&b->residents, "residents",
               "id, committee, grid, district, household, name, doc_type, doc_no, birth, sex, "
               "phone, presence, arrival_day, arrival_abroad, origin, quarantine, "
               "quarantine_from, quarantine_until, health, colour, next_change, updated_at, "
               "version",
               23);
    stage_init(&b->history, "fact_history",
               "resident, version, kind, value, effective, recorded_at, recorded_by, source, "
               "colour, district",
               10);
    stage_init(&b->docs, "resident_docs", "doc_no, doc_type, district, id", 4);
    b->docs_kept = db_is_citus(db);
    b->compound_ids.table = "compounds";
    b->building_ids.table = "buildings";
    b->household_ids.table = "households";
    b->resident_ids.table = "residents";
    *out = b;
    return 0;
}

void store_bulk_free(struct store_bulk *b)
{
    if (!b)
        return;
    stage_cleanup(&b->compounds);
    stage_cleanup(&b->buildings);
    stage_cleanup(&b->households);
    stage_cleanup(&b->residents);
    stage_cleanup(&b->history);
    stage_cleanup(&b->docs);
    free(b);
}

int store_bulk_compound(struct store_bulk *b, int64_t committee, const char *name, int64_t grid,
                        int64_t *out_id)
{
    struct stage *s = &b->compounds;
    struct db_value *v;
    int rc;

    if ((rc = next_id(b->db, &b->compound_ids, out_id)) < 0)
        return rc;
    if (!(v = stage_row(s)))
        return DB_E_NOMEM;
    put_int(&v[0], *out_id);
    put_int(&v[1], committee);
    put_opt_id(&v[2], grid);
    if ((rc = put_text(s, &v[3], name)) < 0)
        return rc;
    put_int(&v[4], district_of(committee));
    return 0;
}

int store_bulk_building(struct store_bulk *b, int64_t compound, int64_t district, const char *name,
                        int64_t *out_id)
{
    struct stage *s = &b->buildings;
    struct db_value *v;
    int rc;

    if ((rc = next_id(b->db, &b->building_ids, out_id)) < 0)
        return rc;
    if (!(v = stage_row(s)))
        return DB_E_NOMEM;
    put_int(&v[0], *out_id);
    put_int(&v[1], compound);
    if ((rc = put_text(s, &v[2], name)) < 0)
        return rc;
    put_int(&v[3], district);
    return 0;
}

int store_bulk_household(struct store_bulk *b, int64_t building, const char *unit, const char *room,
                         int floor, int64_t committee, int64_t *out_id)
{
    struct stage *s = &b->households;
    struct db_value *v;
    int rc;

    if ((rc = next_id(b->db, &b->household_ids, out_id)) < 0)
        return rc;
    if (!(v = stage_row(s)))
        return DB_E_NOMEM;
    put_int(&v[0], *out_id);
    put_int(&v[1], building);
    if ((rc = put_text(s, &v[2], unit)) < 0 || (rc = put_text(s, &v[3], room)) < 0)
        return rc;
    put_opt_id(&v[4], floor);
    put_int(&v[5], committee);
    put_int(&v[6], district_of(committee));
    return 0;
}

int store_bulk_resident(struct store_bulk *b, struct resident *r)
{
    struct stage *s = &b->residents;
    struct db_value *v;
    int rc;

    if (s->nrows >= FLUSH_RESIDENTS && (rc = store_bulk_flush(b)) < 0)
        return rc;
    if ((rc = next_id(b->db, &b->resident_ids, &r->id)) < 0)
        return rc;
    if (!(v = stage_row(s)))
        return DB_E_NOMEM;
    put_int(&v[0], r->id);
    put_int(&v[1], r->committee);
    put_opt_id(&v[2], r->grid);
    put_int(&v[3], district_of(r->committee));
    put_opt_id(&v[4], r->household);
    if ((rc = put_text(s, &v[5], r->name)) < 0)
        return rc;
    put_int(&v[6], r->doc_type);
    if ((rc = put_text(s, &v[7], r->doc_no)) < 0)
        return rc;
    put_day(&v[8], r->birth);
    put_int(&v[9], r->sex);
    if ((rc = put_text(s, &v[10], r->phone[0] ? r->phone : NULL)) < 0)
        return rc;
    put_int(&v[11], r->facts.presence);
    put_day(&v[12], r->facts.arrival_day);
    put_int(&v[13], r->facts.arrival_abroad);
    if ((rc = put_text(s, &v[14], r->origin[0] ? r->origin : NULL)) < 0)
        return rc;
    put_int(&v[15], r->facts.quarantine);
    put_day(&v[16], r->facts.quarantine_from);
    put_day(&v[17], r->facts.quarantine_until);
    put_int(&v[18], r->facts.health);
    put_int(&v[19], r->colour);
    put_day(&v[20], r->next_change);
    put_int(&v[21], r->updated_at);
    put_int(&v[22], r->version);
    if (!b->docs_kept)
        return 0;
    if (!(v = stage_row(&b->docs)) || put_text(&b->docs, &v[0], r->doc_no) < 0)
        return DB_E_NOMEM;
    put_int(&v[1], r->doc_type);
    put_int(&v[2], district_of(r->committee));
    put_int(&v[3], r->id);
    return 0;
}

int store_bulk_history(struct store_bulk *b, const struct fact_record *f)
{
    struct stage *s = &b->history;
    struct db_value *v;
    int rc;

    if (!(v = stage_row(s)))
        return DB_E_NOMEM;
    put_int(&v[0], f->resident);
    put_int(&v[1], f->version);
    if ((rc = put_text(s, &v[2], f->kind)) < 0 || (rc = put_text(s, &v[3], f->value)) < 0)
        return rc;
    put_int(&v[4], f->effective);
    put_int(&v[5], f->recorded_at);
    if ((rc = put_text(s, &v[6], f->recorded_by)) < 0 || (rc = put_text(s, &v[7], f->source)) < 0)
        return rc;
    put_int(&v[8], f->colour);
    put_int(&v[9], f->district);
    return 0;
}

int store_bulk_flush(struct store_bulk *b)
{
    int rc;

    if ((rc = stage_send(b->db, &b->compounds)) < 0 ||
        (rc = stage_send(b->db, &b->buildings)) < 0 ||
        (rc = stage_send(b->db, &b->households)) < 0 ||
        (rc = stage_send(b->db, &b->residents)) < 0 || (rc = stage_send(b->db, &b->docs)) < 0 ||
        (rc = stage_send(b->db, &b->history)) < 0)
        return rc;
    return 0;
}
