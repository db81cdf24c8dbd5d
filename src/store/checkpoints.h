/*
 * Storage of checkpoints (a railway station, a highway toll gate, an
 * airport, a metro station) and their posts (an exit, a lane), each
 * checkpoint in one district. All SQL of the two tables lives here; who may
 * create or see them is decided in app/checkpoints/checkpoints.c.
 */
#ifndef CORDON_STORE_CHECKPOINTS_H
#define CORDON_STORE_CHECKPOINTS_H

#include "store/db.h"

#include <stdint.h>

#define CHECKPOINT_NAME_MAX 128
#define CHECKPOINT_KIND_MAX 32

struct checkpoint {
    int64_t id;
    char name[CHECKPOINT_NAME_MAX];
    char kind[CHECKPOINT_KIND_MAX]; /* railway_station, highway_gate, airport, metro_station */
    int64_t district;
};

/* A post with its checkpoint's name, kind and district. */
struct post {
    int64_t id;
    int64_t checkpoint;
    char name[CHECKPOINT_NAME_MAX];
    char checkpoint_name[CHECKPOINT_NAME_MAX];
    char kind[CHECKPOINT_KIND_MAX];
    int64_t district;
};

/* Finds the checkpoint (district, name), creating it when missing.
 * *out_created is 1 when it was created (may be NULL). */
int store_checkpoint_ensure(struct db *db, const char *name, const char *kind, int64_t district,
                            int64_t *out_id, int *out_created);
int store_checkpoint_get(struct db *db, int64_t id, struct checkpoint *out);

/* Finds the post (checkpoint, name), creating it when missing. */
int store_post_ensure(struct db *db, int64_t checkpoint, const char *name, int64_t *out_id,
                      int *out_created);

/* 0, DB_E_NOTFOUND or < 0. */
int store_post_get(struct db *db, int64_t id, struct post *out);

/* Posts whose district lies in [district_lo, district_hi], by checkpoint
 * and post id. fn returning non-zero stops (and is returned if < 0). */
typedef int (*post_fn)(void *arg, const struct post *p);
int store_posts_list(struct db *db, int64_t district_lo, int64_t district_hi, post_fn fn,
                     void *arg);

#endif
