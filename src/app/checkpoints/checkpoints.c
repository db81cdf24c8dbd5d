/*
 * Checkpoints and posts (see checkpoints.h). Posts are not personal data,
 * but a checkpoint account is tied to its post: it sees and screens there
 * only, so that a team at one exit never reads another exit's travellers.
 */
#include "app/checkpoints/checkpoints.h"

#include "core/unitcode.h"
#include "render/poster.h"
#include "store/units.h"

#include <stdio.h>
#include <string.h>

const struct checkpoint_kind checkpoint_kinds[] = {
    {"railway_station", "火车站"},
    {"highway_gate", "高速道口"},
    {"airport", "机场"},
    {"metro_station", "地铁站"},
    {NULL, NULL},
};

const char *checkpoint_kind_label(const char *code)
{
    for (const struct checkpoint_kind *k = checkpoint_kinds; k->code; k++)
        if (strcmp(k->code, code) == 0)
            return k->label_zh;
    return NULL;
}

int checkpoints_add(struct db *db, const char *name, const char *kind, int64_t district,
                    int64_t *out_id, struct app_error *err)
{
    struct unit u;
    int rc;

    if (!name || !*name || strlen(name) >= CHECKPOINT_NAME_MAX) {
        app_fail(err, APP_E_INVALID, "bad_value", "name", "a checkpoint's name has 1 to %d bytes",
                 CHECKPOINT_NAME_MAX - 1);
        return DB_E_RANGE;
    }
    if (!checkpoint_kind_label(kind)) {
        app_fail(err, APP_E_INVALID, "bad_value", "kind",
                 "%s: not a kind (railway_station, highway_gate, airport, metro_station)", kind);
        return DB_E_RANGE;
    }
    rc = store_unit_get(db, district, &u);
    if (rc == 0 && u.level != LEVEL_DISTRICT)
        rc = DB_E_RANGE;
    if (rc < 0) {
        if (rc == DB_E_NOTFOUND || rc == DB_E_RANGE)
            app_fail(err, APP_E_NOTFOUND, "not_found", "district",
                     "%lld is not a district of this city", (long long)district);
        else
            app_fail(err, APP_E_INTERNAL, "db_error", NULL, "%s", db_errmsg(db));
        return rc;
    }
    if ((rc = db_begin_write(db)) < 0 ||
        (rc = store_checkpoint_ensure(db, name, kind, district, out_id, NULL)) < 0 ||
        (rc = db_commit(db)) < 0) {
        app_fail(err, APP_E_INTERNAL, "db_error", NULL, "cannot add the checkpoint: %s",
                 db_errmsg(db));
        db_rollback(db);
        return rc;
    }
    return 0;
}

int checkpoints_post_add(struct db *db, int64_t checkpoint, const char *name, int64_t *out_id,
                         struct app_error *err)
{
    struct checkpoint cp;
    int rc;

    if (!name || !*name || strlen(name) >= CHECKPOINT_NAME_MAX) {
        app_fail(err, APP_E_INVALID, "bad_value", "name", "a post's name has 1 to %d bytes",
                 CHECKPOINT_NAME_MAX - 1);
        return DB_E_RANGE;
    }
    if ((rc = store_checkpoint_get(db, checkpoint, &cp)) < 0) {
        if (rc == DB_E_NOTFOUND)
            app_fail(err, APP_E_NOTFOUND, "not_found", "checkpoint", "no checkpoint %lld",
                     (long long)checkpoint);
        else
            app_fail(err, APP_E_INTERNAL, "db_error", NULL, "%s", db_errmsg(db));
        return rc;
    }
    if ((rc = db_begin_write(db)) < 0 ||
        (rc = store_post_ensure(db, checkpoint, name, out_id, NULL)) < 0 ||
        (rc = db_commit(db)) < 0) {
        app_fail(err, APP_E_INTERNAL, "db_error", NULL, "cannot add the post: %s", db_errmsg(db));
        db_rollback(db);
        return rc;
    }
    return 0;
}

void checkpoints_scope_districts(const struct caller *c, int64_t *out_lo, int64_t *out_hi)
{
    int64_t scope = scope_of(c);

    if (unitcode_level(scope) == LEVEL_CITY) {
        *out_lo = scope * 100;
        *out_hi = scope * 100 + 99;
    } else {
        /* A street or committee scope holds no post: posts sit in districts. */
        *out_lo = *out_hi = unitcode_level(scope) == LEVEL_DISTRICT ? scope : -1;
    }
}

int checkpoints_post_visible(const struct caller *c, const struct post *p)
{
    int64_t lo, hi;

    if (c->post)
        return c->post == p->id;
    checkpoints_scope_districts(c, &lo, &hi);
    return p->district >= lo && p->district <= hi;
}

int checkpoints_posts(struct db *db, const struct caller *c, post_fn fn, void *arg,
                      struct app_error *err)
{
    struct post p;
    int64_t lo, hi;
    int rc;

    if (c->post) {
        rc = store_post_get(db, c->post, &p);
        if (rc == DB_E_NOTFOUND)
            return 0;
        if (rc < 0)
            return app_db_fail(err, db, rc);
        rc = fn(arg, &p);
        return rc < 0 ? rc : 0;
    }
    checkpoints_scope_districts(c, &lo, &hi);
    if ((rc = store_posts_list(db, lo, hi, fn, arg)) < 0)
        return app_db_fail(err, db, rc);
    return 0;
}

int checkpoints_post_get(struct db *db, const struct caller *c, int64_t id, struct post *out,
                         struct app_error *err)
{
    int rc = store_post_get(db, id, out);

    if (rc == DB_E_NOTFOUND || (rc == 0 && !checkpoints_post_visible(c, out)))
        return app_fail(err, APP_E_NOTFOUND, "not_found", "post", "no post %lld", (long long)id);
    return rc < 0 ? app_db_fail(err, db, rc) : 0;
}

int checkpoints_post_public(struct db *db, int64_t id, struct post *out, struct app_error *err)
{
    int rc = store_post_get(db, id, out);

    if (rc == DB_E_NOTFOUND)
        return app_fail(err, APP_E_NOTFOUND, "not_found", "post", "no post %lld", (long long)id);
    return rc < 0 ? app_db_fail(err, db, rc) : 0;
}

int checkpoints_poster(struct db *db, const struct caller *c, int64_t post, const char *base,
                       int pdf, unsigned char **out, size_t *out_len, struct app_error *err)
{
    char title[2 * CHECKPOINT_NAME_MAX + 2], subtitle[CHECKPOINT_NAME_MAX + 32], url[600],
        perr[POSTER_ERR_LEN];
    struct poster ps = {.title = title, .subtitle = subtitle, .url = url};
    const char *label;
    struct post p;
    int rc;

    if ((rc = checkpoints_post_get(db, c, post, &p, err)) < 0)
        return rc;
    if (!base || !*base || strlen(base) > 400 ||
        (strncmp(base, "http://", 7) != 0 && strncmp(base, "https://", 8) != 0))
        return app_fail(err, APP_E_INVALID, "bad_value", "base",
                        "base must be the server's address as phones reach it: http(s)://…");
    label = checkpoint_kind_label(p.kind);
    snprintf(title, sizeof title, "%s %s", p.checkpoint_name, p.name);
    snprintf(subtitle, sizeof subtitle, "%s", label ? label : "");
    snprintf(url, sizeof url, "%s%sdeclare.html?post=%lld", base,
             base[strlen(base) - 1] == '/' ? "" : "/", (long long)p.id);
    if (poster_render(&ps, pdf ? POSTER_PDF : POSTER_PNG, out, out_len, perr) < 0)
        return app_fail(err, APP_E_INTERNAL, "internal", NULL, "%s", perr);
    return 0;
}
