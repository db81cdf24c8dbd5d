/*
 * SQL of screenings and declarations (see screenings.h).
 */
#include "store/screenings.h"

#include "core/date.h"

#include <stdio.h>
#include <string.h>

#define SCREENING_COLS                                                                             \
    "id, post, district, at, day, doc_type, doc_no, name, birth, sex, phone, origin, abroad, "     \
    "travel, destination, symptoms, doc_override, temperature, fever, recorded_by, declaration"
#define DECLARATION_COLS                                                                           \
    "id, post, district, at, day, doc_type, doc_no, name, birth, sex, phone, origin, abroad, "     \
    "travel, destination, symptoms, screening"

/* Columns 5..15 of both tables: the traveller. */
static void read_traveller(struct db_stmt *st, struct traveller *t)
{
    t->doc_type = (int)db_column_int64(st, 5);
    snprintf(t->doc_no, sizeof t->doc_no, "%s", db_column_text(st, 6));
    snprintf(t->name, sizeof t->name, "%s", db_column_text(st, 7));
    t->birth = db_column_is_null(st, 8) ? DATE_NONE : (int32_t)db_column_int64(st, 8);
    t->sex = (int)db_column_int64(st, 9);
    snprintf(t->phone, sizeof t->phone, "%s", db_column_text(st, 10));
    snprintf(t->origin, sizeof t->origin, "%s", db_column_text(st, 11));
    t->abroad = (int)db_column_int64(st, 12);
    snprintf(t->travel, sizeof t->travel, "%s", db_column_text(st, 13));
    snprintf(t->destination, sizeof t->destination, "%s", db_column_text(st, 14));
    snprintf(t->symptoms, sizeof t->symptoms, "%s", db_column_text(st, 15));
}

/* Binds the traveller as $5..$15 (after post, district, at, day). */
/* The traveller as args[4..14], bound as $5..$15 (after post, district,
 * at, day). */
static void traveller_args(const struct traveller *t, struct db_value *args)
{
    const struct db_value a[] = {DB_ARG_INT(t->doc_type), DB_ARG_TEXT(t->doc_no),
                                 DB_ARG_TEXT(t->name),    DB_ARG_NULLIF(t->birth, DATE_NONE),
                                 DB_ARG_INT(t->sex),      DB_ARG_TEXT(t->phone),
                                 DB_ARG_TEXT(t->origin),  DB_ARG_INT(t->abroad),
                                 DB_ARG_TEXT(t->travel),  DB_ARG_TEXT(t->destination),
                                 DB_ARG_TEXT(t->symptoms)};

    memcpy(args + 4, a, sizeof a);
}

static int read_screening(void *out, struct db_stmt *st)
{
    struct screening *s = out;

    memset(s, 0, sizeof *s);
    s->id = db_column_int64(st, 0);
    s->post = db_column_int64(st, 1);
    s->district = db_column_int64(st, 2);
    s->at = db_column_int64(st, 3);
    s->day = (int32_t)db_column_int64(st, 4);
    read_traveller(st, &s->t);
    snprintf(s->doc_override, sizeof s->doc_override, "%s", db_column_text(st, 16));
    s->temperature = (int)db_column_int64(st, 17);
    s->fever = (int)db_column_int64(st, 18);
    snprintf(s->recorded_by, sizeof s->recorded_by, "%s", db_column_text(st, 19));
    s->declaration = db_column_int64(st, 20);
    return 0;
}

static int read_declaration(void *out, struct db_stmt *st)
{
    struct declaration *d = out;

    memset(d, 0, sizeof *d);
    d->id = db_column_int64(st, 0);
    d->post = db_column_int64(st, 1);
    d->district = db_column_int64(st, 2);
    d->at = db_column_int64(st, 3);
    d->day = (int32_t)db_column_int64(st, 4);
    read_traveller(st, &d->t);
    d->screening = db_column_int64(st, 16);
    return 0;
}

/* Steps an INSERT ... RETURNING id. */
int store_screening_insert(struct db *db, struct screening *s)
{
    struct db_value args[20] = {DB_ARG_INT(s->post), DB_ARG_INT(s->district), DB_ARG_INT(s->at),
                                DB_ARG_INT(s->day)};
    const struct db_value tail[] = {{s->doc_override[0] ? DB_TEXT : DB_NULL, 0, s->doc_override},
                                    DB_ARG_INT(s->temperature),
                                    DB_ARG_INT(s->fever),
                                    DB_ARG_TEXT(s->recorded_by),
                                    DB_ARG_OPT(s->declaration)};

    traveller_args(&s->t, args);
    memcpy(args + 15, tail, sizeof tail);
    return db_insert_id(db,
                        "INSERT INTO screenings (post, district, at, day, doc_type, doc_no, "
                        "name, birth, sex, phone, origin, abroad, travel, destination, symptoms, "
                        "doc_override, temperature, fever, recorded_by, declaration) VALUES ($1, "
                        "$2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, "
                        "$18, $19, $20) RETURNING id",
                        args, 20, &s->id);
}

int store_screening_get(struct db *db, int64_t id, int64_t district, struct screening *out)
{
    const struct db_value args[] = {DB_ARG_INT(id), DB_ARG_INT(district)};

#define BY_ID "SELECT " SCREENING_COLS " FROM screenings WHERE id = $1"
    return db_get(db,
                  district ? BY_ID " AND district = $2"
                           : BY_ID " /* fan-out: the district of the post not known */",
                  args, district ? 2 : 1, read_screening, out);
#undef BY_ID
}

int store_screening_find(struct db *db, int doc_type, const char *doc_no, int32_t day,
                         struct screening *out)
{
    const struct db_value args[] = {DB_ARG_INT(doc_type), DB_ARG_TEXT(doc_no), DB_ARG_INT(day)};

    return db_get(db,
                  "SELECT " SCREENING_COLS
                  " FROM screenings WHERE doc_type = $1 AND doc_no = $2 AND day = $3 "
                  "/* fan-out: screened today at any post of the city */",
                  args, 3, read_screening, out);
}

DB_HAND_ROWS(screening_row, struct screening, read_screening, screening_fn)

int store_screenings_list(struct db *db, int64_t post, int64_t district_lo, int64_t district_hi,
                          int32_t day, int64_t before, int limit, screening_fn fn, void *arg)
{
    const struct db_value args[] = {DB_ARG_INT(post ? post : district_lo), DB_ARG_INT(day),
                                    DB_ARG_INT(before > 0 ? before : INT64_MAX), DB_ARG_INT(limit),
                                    DB_ARG_INT(district_hi)};
    struct db_hand e = DB_HAND(fn, arg);
    /* A district's list probes (day, post) for each of its posts, as
     * store_screenings_count does, rather than read the city's day. */
    int rc = db_list(db,
                     post ? "SELECT " SCREENING_COLS " FROM screenings WHERE post = $1 AND "
                            "district = $5 AND day = $2 AND id < $3 ORDER BY id DESC LIMIT $4"
                          : "SELECT " SCREENING_COLS " FROM screenings WHERE district BETWEEN $1 "
                            "AND $5 AND day = $2 AND post IN (SELECT p.id FROM posts p JOIN "
                            "checkpoints c ON c.id = p.checkpoint WHERE c.district BETWEEN $1 AND "
                            "$5) AND id < $3 ORDER BY id DESC LIMIT $4",
                     args, 5, screening_row, &e);

    return rc < 0 ? rc : 0;
}

struct count_each {
    post_count_fn fn;
    void *arg;
};

static int count_row(void *arg, struct db_stmt *st)
{
    struct count_each *e = arg;

    return e->fn(e->arg, db_column_int64(st, 0), db_column_int64(st, 1), db_column_int64(st, 2));
}

int store_screenings_count(struct db *db, int64_t district_lo, int64_t district_hi, int32_t day,
                           post_count_fn fn, void *arg)
{
    const struct db_value args[] = {DB_ARG_INT(day), DB_ARG_INT(district_lo),
                                    DB_ARG_INT(district_hi)};
    struct count_each e = {fn, arg};
    /* The day's screenings of each post of the districts, one probe of
     * screenings_day_post (day, post) per post: the district alone would
     * read every screening of the city's day (a district with none of its
     * own read the city's 143,622 in 20-60 ms). A screening's district is
     * its post's (app/checkpoints/screenings.c); the district stays for
     * Citus, where it picks the shards: one district by equality (a hash
     * of the key prunes on nothing else), a range of them on every shard. */
    int rc = db_list(db,
                     district_lo == district_hi
                         ? "SELECT post, count(*), sum(fever) FROM screenings WHERE day = $1 AND "
                           "district = $2 AND post IN (SELECT p.id FROM posts p JOIN "
                           "checkpoints c ON c.id = p.checkpoint WHERE c.district = $3) "
                           "GROUP BY post ORDER BY post"
                         : "SELECT post, count(*), sum(fever) FROM screenings WHERE day = $1 AND "
                           "district BETWEEN $2 AND $3 /* fan-out: the districts of a city */ "
                           "AND post IN (SELECT p.id FROM posts p JOIN checkpoints c ON c.id = "
                           "p.checkpoint WHERE c.district BETWEEN $2 AND $3) "
                           "GROUP BY post ORDER BY post",
                     args, 3, count_row, &e);

    return rc < 0 ? rc : 0;
}

int store_declaration_insert(struct db *db, struct declaration *d)
{
    struct db_value args[16] = {DB_ARG_INT(d->post), DB_ARG_INT(d->district), DB_ARG_INT(d->at),
                                DB_ARG_INT(d->day)};

    traveller_args(&d->t, args);
    args[15] = (struct db_value)DB_ARG_INT(d->id);
    return db_insert_id(db,
                        "INSERT INTO declarations (post, district, at, day, doc_type, doc_no, "
                        "name, birth, sex, phone, origin, abroad, travel, destination, symptoms, "
                        "id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, "
                        "$15, $16) RETURNING id",
                        args, 16, &d->id);
}

int store_declaration_get(struct db *db, int64_t id, struct declaration *out)
{
    const struct db_value args[] = {DB_ARG_INT(id)};

    return db_get(db, "SELECT " DECLARATION_COLS " FROM declarations WHERE id = $1", args, 1,
                  read_declaration, out);
}

struct declaration_list {
    struct declaration *out;
    int n, max;
};

static int take_declaration(void *arg, struct db_stmt *st)
{
    struct declaration_list *l = arg;

    if (l->n >= l->max)
        return 1;
    return read_declaration(&l->out[l->n++], st);
}

int store_declarations_find(struct db *db, const char *doc_no, int32_t day, struct declaration *out,
                            int max, int *out_n)
{
    const struct db_value args[] = {DB_ARG_TEXT(doc_no), DB_ARG_INT(day), DB_ARG_INT(max)};
    struct declaration_list l = {out, 0, max};
    int rc = db_list(db,
                     "SELECT " DECLARATION_COLS " FROM declarations WHERE doc_no = $1 AND "
                     "day = $2 ORDER BY at DESC, id DESC LIMIT $3",
                     args, 3, take_declaration, &l);

    *out_n = l.n;
    return rc < 0 ? rc : 0;
}

int store_declaration_set_screening(struct db *db, int64_t id, int64_t screening)
{
    const struct db_value args[] = {DB_ARG_INT(id), DB_ARG_INT(screening)};

    return db_run(db, "UPDATE declarations SET screening = $2 WHERE id = $1", args, 2);
}
