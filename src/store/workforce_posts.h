/*
 * Storage of a post's life beyond who is deployed (tables of
 * 010_workforce_more.sql): hand-over notes from one shift to the next, the
 * week's roster (the deployments covering some days, with names) and the
 * teams at a post with their members. Plain rows; the rules are
 * app/workforce/posts.c's.
 */
#ifndef CORDON_STORE_WORKFORCE_POSTS_H
#define CORDON_STORE_WORKFORCE_POSTS_H

#include "store/workforce.h"

#define SHIFT_NOTE_MAX   1000
#define TEAM_MEMBERS_MAX 64

struct shift_note_row {
    int64_t id;
    int64_t duty_post;
    int32_t day;
    char shift[WF_CODE_MAX];
    char note[SHIFT_NOTE_MAX + 1];
    char written_by[64];
    int64_t at;
};

/* Appends a note (sets n->id); a post's latest `limit` notes, newest first. */
int store_shift_note_insert(struct db *db, struct shift_note_row *n);
typedef int (*shift_note_fn)(void *arg, const struct shift_note_row *n);
int store_shift_notes(struct db *db, int64_t post, int limit, shift_note_fn fn, void *arg);

/* The deployments at a post covering some day of [from, until], by name. */
struct roster_row {
    int64_t deployment, staff;
    char name[WF_NAME_MAX];
    char home_unit[WF_NAME_MAX];
    int32_t from, until;
    char duty[WF_CODE_MAX];
    char shift[WF_CODE_MAX];
};
typedef int (*roster_fn)(void *arg, const struct roster_row *r);
int store_roster(struct db *db, int64_t post, int32_t from, int32_t until, roster_fn fn, void *arg);

/* Teams: insert with its members (sets t->id; DB_E_CONSTRAINT for a name
 * taken at the post); those whose post's area lies in [lo, hi), or of one
 * post (post not 0), by id, each with its members (names and home units). */
struct team_row {
    int64_t id;
    char name[WF_NAME_MAX];
    int64_t duty_post;
    char post_name[WF_NAME_MAX]; /* read only */
    int64_t area;
    int64_t lead;
    int nmembers;
    int64_t members[TEAM_MEMBERS_MAX];
    /* read only: the members' names and home units, as members[] */
    char names[TEAM_MEMBERS_MAX][WF_NAME_MAX];
    char homes[TEAM_MEMBERS_MAX][WF_NAME_MAX];
};
int store_team_insert(struct db *db, struct team_row *t);
typedef int (*team_fn)(void *arg, const struct team_row *t);
int store_teams(struct db *db, int64_t lo, int64_t hi, int64_t post, team_fn fn, void *arg);

#endif
