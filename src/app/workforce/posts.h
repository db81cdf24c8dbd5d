/*
 * A post's page beyond who is deployed (issue 14): the week's roster, the
 * hand-over notes from one shift to the next, and the teams at a post whose
 * members come from several home units, with a lead (the temporary team at
 * each exit of 上海站). Readable and, for notes, writable by a caller with
 * PERM_STAFF over the post, or by the account of a person deployed there.
 */
#ifndef CORDON_APP_WORKFORCE_POSTS_H
#define CORDON_APP_WORKFORCE_POSTS_H

#include "app/app.h"
#include "store/workforce_posts.h"

#define SHIFT_NOTES_SHOWN 20

/* The post {id} if the caller may see it: PERM_STAFF with the post within
 * its scope (404 outside), or a deployed account of that post; 403 for
 * anyone else. */
int duty_post_read(struct db *db, const struct caller *c, int64_t id, struct duty_post_row *out,
                   struct app_error *err);

/* The post's roster over [from, from + 6], its latest notes, its teams
 * (each after duty_post_read's check). */
int duty_post_roster(struct db *db, const struct caller *c, int64_t id, int32_t from, roster_fn fn,
                     void *arg, struct app_error *err);
int duty_post_notes(struct db *db, const struct caller *c, int64_t id, shift_note_fn fn, void *arg,
                    struct app_error *err);
int duty_post_teams(struct db *db, const struct caller *c, int64_t id, team_fn fn, void *arg,
                    struct app_error *err);

/* Teams at the posts within `unit` (0: the caller's scope); PERM_STAFF. */
int teams_within(struct db *db, const struct caller *c, int64_t unit, team_fn fn, void *arg,
                 struct app_error *err);

/* A hand-over note at the post {id} for the current shift: body {note}. */
struct shift_note_new {
    APP_JOB_HEAD; /* c, id, today, now, err (app/app.h) */
    struct shift_note_row n;
};
int shift_note_parse(struct db *db, const json_t *body, void *job); /* app_parse_fn */
int shift_note_job(struct db *db, void *arg);

/* A team: body {name, post, lead, members: [staff ids]}; the lead is one
 * of the members; PERM_STAFF over the post. */
struct team_new {
    APP_JOB_HEAD; /* c, id, today, now, err (app/app.h) */
    struct team_row t;
};
int team_parse(struct db *db, const json_t *body, void *job); /* app_parse_fn */
int team_job(struct db *db, void *arg);

#endif
