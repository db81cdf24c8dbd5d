/*
 * SQL of the high-risk origins table (issue 13, item 9): a pattern found in
 * a traveller's origin and the quarantine it calls for.
 */
#ifndef CORDON_STORE_ORIGINS_H
#define CORDON_STORE_ORIGINS_H

#include "store/db.h"

#include <stdint.h>

#define ORIGIN_PATTERN_MAX 64
#define ORIGIN_NOTE_MAX    128

struct origin_rule {
    int64_t id;
    char pattern[ORIGIN_PATTERN_MAX];
    int kind; /* enum quarantine_kind: home or central */
    int days;
    char note[ORIGIN_NOTE_MAX];
    int64_t created_at;
    char created_by[64];
};

/* Inserts r (its id set); DB_E_CONSTRAINT for a pattern already there. */
int store_origin_insert(struct db *db, struct origin_rule *r);

int store_origin_get(struct db *db, int64_t id, struct origin_rule *out);

/* Deletes one: 0 or DB_E_NOTFOUND. */
int store_origin_delete(struct db *db, int64_t id);

/* Every rule with an id above `after`, by id. */
typedef int (*origin_fn)(void *arg, const struct origin_rule *r);
int store_origins_list(struct db *db, int64_t after, origin_fn fn, void *arg);

#endif
