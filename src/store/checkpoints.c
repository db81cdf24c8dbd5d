/*
 * SQL of checkpoints and posts (see checkpoints.h).
 */
#include "store/checkpoints.h"

#include <stdio.h>
#include <string.h>

#define POST_COLS "p.id, p.checkpoint, p.name, c.name, c.kind, c.district"

static void read_post(struct db_stmt *st, struct post *p)
{
    memset(p, 0, sizeof *p);
    p->id = db_column_int64(st, 0);
    p->checkpoint = db_column_int64(st, 1);
    snprintf(p->name, sizeof p->name, "%s", db_column_text(st, 2));
    snprintf(p->checkpoint_name, sizeof p->checkpoint_name, "%s", db_column_text(st, 3));
    snprintf(p->kind, sizeof p->kind, "%s", db_column_text(st, 4));
    p->district = db_column_int64(st, 5);
}

/* Runs a one-row SELECT of an id with text/int parameters bound by the
 * caller; 0 with *out_id, DB_E_NOTFOUND or < 0. */
int store_checkpoint_ensure(struct db *db, const char *name, const char *kind, int64_t district,
                            int64_t *out_id, int *out_created)
{
    const struct db_value args[] = {DB_ARG_INT(district), DB_ARG_TEXT(name), DB_ARG_TEXT(kind)};

    return db_find_or_insert(db, "SELECT id FROM checkpoints WHERE district = $1 AND name = $2", 2,
                             "INSERT INTO checkpoints (district, name, kind) VALUES ($1, $2, $3) "
                             "RETURNING id",
                             args, 3, out_id, out_created);
}

int store_checkpoint_get(struct db *db, int64_t id, struct checkpoint *out)
{
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare(db, "SELECT id, name, kind, district FROM checkpoints WHERE id = $1",
                         &st)) < 0)
        return rc;
    db_bind_int64(st, 1, id);
    rc = db_step(st);
    if (rc == DB_ROW) {
        memset(out, 0, sizeof *out);
        out->id = db_column_int64(st, 0);
        snprintf(out->name, sizeof out->name, "%s", db_column_text(st, 1));
        snprintf(out->kind, sizeof out->kind, "%s", db_column_text(st, 2));
        out->district = db_column_int64(st, 3);
        rc = 0;
    } else if (rc == DB_DONE) {
        rc = DB_E_NOTFOUND;
    }
    db_done(st);
    return rc;
}

int store_post_ensure(struct db *db, int64_t checkpoint, const char *name, int64_t *out_id,
                      int *out_created)
{
    const struct db_value args[] = {DB_ARG_INT(checkpoint), DB_ARG_TEXT(name)};

    return db_find_or_insert(db, "SELECT id FROM posts WHERE checkpoint = $1 AND name = $2", 2,
                             "INSERT INTO posts (checkpoint, name) VALUES ($1, $2) RETURNING id",
                             args, 2, out_id, out_created);
}

int store_post_get(struct db *db, int64_t id, struct post *out)
{
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare(db,
                         "SELECT " POST_COLS " FROM posts p JOIN checkpoints c ON c.id = "
                         "p.checkpoint WHERE p.id = $1",
                         &st)) < 0)
        return rc;
    db_bind_int64(st, 1, id);
    rc = db_step(st);
    if (rc == DB_ROW) {
        read_post(st, out);
        rc = 0;
    } else if (rc == DB_DONE) {
        rc = DB_E_NOTFOUND;
    }
    db_done(st);
    return rc;
}

int store_posts_list(struct db *db, int64_t district_lo, int64_t district_hi, post_fn fn, void *arg)
{
    struct db_stmt *st;
    struct post p;
    int rc;

    if ((rc = db_prepare(db,
                         "SELECT " POST_COLS " FROM posts p JOIN checkpoints c ON c.id = "
                         "p.checkpoint WHERE c.district BETWEEN $1 AND $2 ORDER BY c.id, p.id",
                         &st)) < 0)
        return rc;
    db_bind_int64(st, 1, district_lo);
    db_bind_int64(st, 2, district_hi);
    while ((rc = db_step(st)) == DB_ROW) {
        read_post(st, &p);
        if ((rc = fn(arg, &p)) != 0)
            break;
    }
    db_done(st);
    return rc < 0 ? rc : 0;
}
