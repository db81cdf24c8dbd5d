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

static void bind_text(struct db_stmt *st, int i, const char *s)
{
    db_bind_text(st, i, s, -1);
}

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
static void bind_traveller(struct db_stmt *st, const struct traveller *t)
{
    db_bind_int64(st, 5, t->doc_type);
    bind_text(st, 6, t->doc_no);
    bind_text(st, 7, t->name);
    if (t->birth == DATE_NONE)
        db_bind_null(st, 8);
    else
        db_bind_int64(st, 8, t->birth);
    db_bind_int64(st, 9, t->sex);
    bind_text(st, 10, t->phone);
    bind_text(st, 11, t->origin);
    db_bind_int64(st, 12, t->abroad);
    bind_text(st, 13, t->travel);
    bind_text(st, 14, t->destination);
    bind_text(st, 15, t->symptoms);
}

static void read_screening(struct db_stmt *st, struct screening *s)
{
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
}

static void read_declaration(struct db_stmt *st, struct declaration *d)
{
    memset(d, 0, sizeof *d);
    d->id = db_column_int64(st, 0);
    d->post = db_column_int64(st, 1);
    d->district = db_column_int64(st, 2);
    d->at = db_column_int64(st, 3);
    d->day = (int32_t)db_column_int64(st, 4);
    read_traveller(st, &d->t);
    d->screening = db_column_int64(st, 16);
}

/* Steps an INSERT ... RETURNING id. */
static int returning_id(struct db_stmt *st, int64_t *out_id)
{
    int rc = db_step(st);

    if (rc == DB_ROW) {
        *out_id = db_column_int64(st, 0);
        rc = 0;
    } else if (rc == DB_DONE) {
        rc = DB_E_ERROR;
    }
    db_done(st);
    return rc;
}

int store_screening_insert(struct db *db, struct screening *s)
{
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare(db,
                         "INSERT INTO screenings (post, district, at, day, doc_type, doc_no, "
                         "name, birth, sex, phone, origin, abroad, travel, destination, symptoms, "
                         "doc_override, temperature, fever, recorded_by, declaration) VALUES ($1, "
                         "$2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, "
                         "$18, $19, $20) RETURNING id",
                         &st)) < 0)
        return rc;
    db_bind_int64(st, 1, s->post);
    db_bind_int64(st, 2, s->district);
    db_bind_int64(st, 3, s->at);
    db_bind_int64(st, 4, s->day);
    bind_traveller(st, &s->t);
    if (s->doc_override[0])
        bind_text(st, 16, s->doc_override);
    else
        db_bind_null(st, 16);
    db_bind_int64(st, 17, s->temperature);
    db_bind_int64(st, 18, s->fever);
    bind_text(st, 19, s->recorded_by);
    if (s->declaration)
        db_bind_int64(st, 20, s->declaration);
    else
        db_bind_null(st, 20);
    return returning_id(st, &s->id);
}

static int one_screening(struct db_stmt *st, struct screening *out)
{
    int rc = db_step(st);

    if (rc == DB_ROW) {
        read_screening(st, out);
        rc = 0;
    } else if (rc == DB_DONE) {
        rc = DB_E_NOTFOUND;
    }
    db_done(st);
    return rc;
}

int store_screening_get(struct db *db, int64_t id, struct screening *out)
{
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare(db, "SELECT " SCREENING_COLS " FROM screenings WHERE id = $1", &st)) < 0)
        return rc;
    db_bind_int64(st, 1, id);
    return one_screening(st, out);
}

int store_screening_find(struct db *db, int doc_type, const char *doc_no, int32_t day,
                         struct screening *out)
{
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare(db,
                         "SELECT " SCREENING_COLS
                         " FROM screenings WHERE doc_type = $1 AND doc_no = $2 AND day = $3",
                         &st)) < 0)
        return rc;
    db_bind_int64(st, 1, doc_type);
    bind_text(st, 2, doc_no);
    db_bind_int64(st, 3, day);
    return one_screening(st, out);
}

int store_screenings_list(struct db *db, int64_t post, int64_t district_lo, int64_t district_hi,
                          int32_t day, int64_t before, int limit, screening_fn fn, void *arg)
{
    struct db_stmt *st;
    struct screening s;
    int rc;

    if (post)
        rc = db_prepare(db,
                        "SELECT " SCREENING_COLS " FROM screenings WHERE post = $1 AND day = $2 "
                        "AND id < $3 ORDER BY id DESC LIMIT $4",
                        &st);
    else
        rc = db_prepare(db,
                        "SELECT " SCREENING_COLS " FROM screenings WHERE district BETWEEN $1 AND "
                        "$5 AND day = $2 AND id < $3 ORDER BY id DESC LIMIT $4",
                        &st);
    if (rc < 0)
        return rc;
    db_bind_int64(st, 1, post ? post : district_lo);
    db_bind_int64(st, 2, day);
    db_bind_int64(st, 3, before > 0 ? before : INT64_MAX);
    db_bind_int64(st, 4, limit);
    if (!post)
        db_bind_int64(st, 5, district_hi);
    while ((rc = db_step(st)) == DB_ROW) {
        read_screening(st, &s);
        if ((rc = fn(arg, &s)) != 0)
            break;
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}

int store_screenings_count(struct db *db, int64_t district_lo, int64_t district_hi, int32_t day,
                           post_count_fn fn, void *arg)
{
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare(db,
                         "SELECT post, count(*), sum(fever) FROM screenings WHERE day = $1 AND "
                         "district BETWEEN $2 AND $3 GROUP BY post ORDER BY post",
                         &st)) < 0)
        return rc;
    db_bind_int64(st, 1, day);
    db_bind_int64(st, 2, district_lo);
    db_bind_int64(st, 3, district_hi);
    while ((rc = db_step(st)) == DB_ROW)
        if ((rc = fn(arg, db_column_int64(st, 0), db_column_int64(st, 1),
                     db_column_int64(st, 2))) != 0)
            break;
    db_done(st);
    return rc < 0 ? rc : 0;
}

int store_declaration_insert(struct db *db, struct declaration *d)
{
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare(db,
                         "INSERT INTO declarations (post, district, at, day, doc_type, doc_no, "
                         "name, birth, sex, phone, origin, abroad, travel, destination, symptoms) "
                         "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, "
                         "$15) RETURNING id",
                         &st)) < 0)
        return rc;
    db_bind_int64(st, 1, d->post);
    db_bind_int64(st, 2, d->district);
    db_bind_int64(st, 3, d->at);
    db_bind_int64(st, 4, d->day);
    bind_traveller(st, &d->t);
    return returning_id(st, &d->id);
}

int store_declaration_get(struct db *db, int64_t id, struct declaration *out)
{
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare(db, "SELECT " DECLARATION_COLS " FROM declarations WHERE id = $1", &st)) <
        0)
        return rc;
    db_bind_int64(st, 1, id);
    rc = db_step(st);
    if (rc == DB_ROW) {
        read_declaration(st, out);
        rc = 0;
    } else if (rc == DB_DONE) {
        rc = DB_E_NOTFOUND;
    }
    db_done(st);
    return rc;
}

int store_declarations_find(struct db *db, const char *doc_no, int32_t day, struct declaration *out,
                            int max, int *out_n)
{
    struct db_stmt *st;
    int rc;

    *out_n = 0;
    if ((rc = db_prepare(db,
                         "SELECT " DECLARATION_COLS " FROM declarations WHERE doc_no = $1 AND "
                         "day = $2 ORDER BY id DESC LIMIT $3",
                         &st)) < 0)
        return rc;
    bind_text(st, 1, doc_no);
    db_bind_int64(st, 2, day);
    db_bind_int64(st, 3, max);
    while ((rc = db_step(st)) == DB_ROW && *out_n < max)
        read_declaration(st, &out[(*out_n)++]);
    db_done(st);
    return rc < 0 ? rc : 0;
}

int store_declaration_set_screening(struct db *db, int64_t id, int64_t screening)
{
    const struct db_value args[] = {DB_ARG_INT(id), DB_ARG_INT(screening)};

    return db_run(db, "UPDATE declarations SET screening = $2 WHERE id = $1", args, 2);
}
