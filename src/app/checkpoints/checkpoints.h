/*
 * Checkpoints and posts as use cases: the kinds of checkpoint (railway
 * station, highway toll gate, airport, metro station), adding checkpoints
 * and posts (the command line), the posts a caller may see (a checkpoint
 * account with a post: that post; anyone else: the posts of the districts
 * within the scope), and the little a phone may know of a post (its name)
 * to show the self-declaration form.
 */
#ifndef CORDON_APP_CHECKPOINTS_H
#define CORDON_APP_CHECKPOINTS_H

#include "app/app.h"
#include "store/checkpoints.h"

#include <stddef.h>
#include <stdint.h>

#define CHECKPOINTS_ERR_LEN 256

struct checkpoint_kind {
    const char *code;     /* railway_station */
    const char *label_zh; /* 火车站 */
};
extern const struct checkpoint_kind checkpoint_kinds[]; /* ends with code == NULL */

/* The Chinese label of a kind code, or NULL when it is none. */
const char *checkpoint_kind_label(const char *code);

/* Adds (or finds) a checkpoint in a district, in a transaction of its own.
 * Returns 0 with *out_id, or < 0 with one line in err. */
int checkpoints_add(struct db *db, const char *name, const char *kind, int64_t district,
                    int64_t *out_id, struct app_error *err);

/* Adds (or finds) a post of a checkpoint. */
int checkpoints_post_add(struct db *db, int64_t checkpoint, const char *name, int64_t *out_id,
                         struct app_error *err);

/* The district range [lo, hi] of the posts a caller may see. */
void checkpoints_scope_districts(const struct caller *c, int64_t *out_lo, int64_t *out_hi);

/* 1 if the caller may see (and screen at, with PERM_SCREEN) post p. */
int checkpoints_post_visible(const struct caller *c, const struct post *p);

/* The posts the caller may see. Returns 0 or an app status. */
int checkpoints_posts(struct db *db, const struct caller *c, post_fn fn, void *arg,
                      struct app_error *err);

/* One post the caller may see: 0, APP_E_NOTFOUND (also outside the scope). */
int checkpoints_post_get(struct db *db, const struct caller *c, int64_t id, struct post *out,
                         struct app_error *err);

/* One post, for anyone (the self-declaration form): its names only. */
int checkpoints_post_public(struct db *db, int64_t id, struct post *out, struct app_error *err);

/* The self-declaration poster of a post the caller may see (PDF or PNG,
 * render/poster.h) whose QR code opens BASE/declare.html?post=ID. The
 * buffer is the caller's to free. Returns 0 or an app status. */
int checkpoints_poster(struct db *db, const struct caller *c, int64_t post, const char *base,
                       int pdf, unsigned char **out, size_t *out_len, struct app_error *err);

#endif
