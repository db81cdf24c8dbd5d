/*
 * Return to work (issue 16), building entry: the door of a park or office
 * building records each worker's first entry of the day with the
 * temperature taken there (a fever is recorded and refused entry); a
 * worker is counted once a day (the writer's set of the day's workers,
 * entry_day.h). The
 * door's account is one that works the place's tasks (its property
 * company, the grid's worker, the committee). The street sees today's
 * workers on site by place against the staff its register puts there.
 */
#ifndef CORDON_APP_ENTRIES_H
#define CORDON_APP_ENTRIES_H

#include "app/app.h"
#include "app/enterprises/entry_day.h"
#include "store/building_entries.h"
#include "store/orgs.h"
#include "util/linktoken.h"

#include <jansson.h>
#include <stdint.h>

/* POST /places/{id}/entries {worker, temperature}: worker is the worker's
 * document number (5 to 20 letters and digits), kept only as its HMAC-SHA-256
 * under the database's secret entry key (meta 'entry_key'). */
struct entry_new {
    APP_JOB_HEAD; /* c, id, today, now, err (app/app.h) */
    char worker[LINKHASH_LEN];
    uint8_t key[KEYSET_KEY]; /* the worker's in the writer's set (entry_day.h) */
    int tenths;
    int fever;
    struct place_row place; /* the door's, read by the parser */
    int counted;            /* out: 0 when the worker was counted earlier that day */
};
int entry_parse(struct db *db, const json_t *body, void *job);
int entry_job(struct db *db, void *arg);

/* A unit's (street or above) workers on site on `day`, by place. */
struct entry_totals {
    int64_t on_site, fevers, normal;
};
int entries_of_unit(struct db *db, const struct caller *c, int64_t unit, int32_t day,
                    struct entry_totals *out, entry_place_fn fn, void *arg, struct app_error *err);

#endif
