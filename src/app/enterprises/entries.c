/*
 * Building entry (see entries.h): the parser checks and hashes (keyed) the
 * worker's number, reads the temperature and checks the door's place, all
 * off the writer thread; the job only records the entry, once a day (the
 * writer's set of the day's workers, entry_day.c).
 */
#include "app/enterprises/entries.h"

#include "app/enterprises/enterprises.h"
#include "app/input.h"
#include "app/tasks/tasks.h"
#include "core/document.h"
#include "core/temperature.h"
#include "core/tasks.h"
#include "core/unitcode.h"
#include "store/orgs.h"
#include "store/units.h"

#include <sodium.h>

#include <stdio.h>
#include <string.h>

/* The place of the door: a park or office building the caller works. */
static int door_place(struct db *db, const struct caller *c, int64_t id, struct place_row *p,
                      struct app_error *err)
{
    int rc = store_place_get(db, id, p);

    if (rc == 0 && !(c->role == ROLE_PROPERTY      ? c->org && p->org == c->org
                     : c->role == ROLE_GRID_WORKER ? p->grid == c->grid
                                                   : scope_contains(c, p->grid)))
        rc = DB_E_NOTFOUND;
    if (rc == DB_E_NOTFOUND)
        return app_fail(err, APP_E_NOTFOUND, "not_found", "id", "no place %lld", (long long)id);
    if (rc < 0)
        return app_db_fail(err, db, rc);
    if (p->kind != PLACE_PARK && p->kind != PLACE_OFFICE)
        return app_fail(err, APP_E_INVALID, "not_a_building", "id",
                        "entries are recorded at a park or an office building");
    return 0;
}

/* The worker's number as it is kept: its HMAC-SHA-256 under the database's
 * entry key (meta 'entry_key', made by migration 014). */
static int worker_hash(struct db *db, const char *number, char out[LINKHASH_LEN],
                       struct app_error *err)
{
    char key[128];
    int rc = store_meta_get(db, "entry_key", key, sizeof key);

    if (rc == DB_E_NOTFOUND)
        return app_fail(err, APP_E_INTERNAL, "internal", NULL, "this database has no entry key");
    if (rc < 0)
        return app_db_fail(err, db, rc);
    rc = linktoken_keyed_text(key, number, out);
    sodium_memzero(key, sizeof key);
    if (rc < 0)
        return app_fail(err, APP_E_INTERNAL, "internal", NULL, "no hash function");
    return 0;
}

int entry_parse(struct db *db, const json_t *body, void *job)
{
    static const char *const keys[] = {"worker", "temperature", NULL};
    struct entry_new *u = job;
    char raw[64], norm[DOC_NUMBER_LEN];
    int rc;

    if ((rc = input_only_keys(body, keys, &u->err)) < 0 ||
        (rc = input_text(body, "worker", INPUT_REQUIRED | INPUT_TRIM, 40, raw, sizeof raw,
                         &u->err)) < 0 ||
        (rc = input_temperature(body, "temperature", &u->tenths, &u->err)) < 0)
        return rc;
    if ((rc = doc_check(DOC_OTHER, raw, strlen(raw), norm, sizeof norm)) < 0)
        return app_fail(&u->err, APP_E_INVALID, doc_errcode(rc), "worker", "worker: %s",
                        doc_strerror(rc));
    if ((rc = worker_hash(db, norm, u->worker, &u->err)) < 0)
        return rc;
    entry_day_key(u->worker, u->key);
    u->fever = temperature_is_fever(u->tenths);
    /* The door's place is read here, off the writer thread (a place is
     * never deleted, so what the job inserts still refers to it). */
    if ((rc = app_require(&u->c, PERM_TASKS, &u->err)) < 0 ||
        (rc = door_place(db, &u->c, u->id, &u->place, &u->err)) < 0)
        return rc;
    return 0;
}

int entry_job(struct db *db, void *arg)
{
    struct entry_new *u = arg;
    struct entry_row e;
    int rc, seen;

    u->counted = 0;
    if ((rc = entry_day_seen(db, u->today, u->key, &seen)) < 0)
        return app_db_fail(&u->err, db, rc);
    if (seen)
        return 0;
    e.day = u->today;
    e.worker = u->worker;
    e.place = u->place.id;
    e.street = unitcode_at_level(u->place.committee, LEVEL_STREET);
    e.district = u->place.district;
    e.tenths = u->tenths;
    e.fever = u->fever;
    e.at = u->now;
    if ((rc = store_entry_add(db, &e)) < 0 || (rc = entry_day_record(&e, u->key)) < 0)
        return app_db_fail(&u->err, db, rc);
    u->counted = 1;
    return 0;
}

struct sum {
    struct entry_totals *t;
    entry_place_fn fn;
    void *arg;
};

static int add_place(void *arg, const struct entry_place *p)
{
    struct sum *s = arg;

    s->t->on_site += p->on_site;
    s->t->fevers += p->fevers;
    s->t->normal += p->normal;
    return s->fn ? s->fn(s->arg, p) : 0;
}

int entries_of_unit(struct db *db, const struct caller *c, int64_t unit, int32_t day,
                    struct entry_totals *out, entry_place_fn fn, void *arg, struct app_error *err)
{
    struct sum s = {out, fn, arg};
    int64_t lo, hi;
    int rc;

    memset(out, 0, sizeof *out);
    if ((rc = enterprise_streets_of(c, unit, "entries are", &lo, &hi, err)) < 0)
        return rc;
    if ((rc = store_entry_places(db, lo, hi, day, add_place, &s)) < 0)
        return app_db_fail(err, db, rc);
    return 0;
}
