/*
 * SQL of hand-over notes, rosters and teams (store/workforce_posts.h).
 */
#include "store/workforce_posts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int store_shift_note_insert(struct db *db, struct shift_note_row *n)
{
    const struct db_value args[] = {DB_ARG_INT(n->duty_post),   DB_ARG_INT(n->day),
                                    DB_ARG_TEXT(n->shift),      DB_ARG_TEXT(n->note),
                                    DB_ARG_TEXT(n->written_by), DB_ARG_INT(n->at)};

    return db_insert_id(db,
                        "INSERT INTO shift_notes (duty_post, day, shift, note, written_by, at) "
                        "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                        args, 6, &n->id);
}

static int read_note(void *out, struct db_stmt *st)
{
    struct shift_note_row *n = out;

    memset(n, 0, sizeof *n);
    n->id = db_column_int64(st, 0);
    n->duty_post = db_column_int64(st, 1);
    n->day = (int32_t)db_column_int64(st, 2);
    snprintf(n->shift, sizeof n->shift, "%s", db_column_text(st, 3));
    snprintf(n->note, sizeof n->note, "%s", db_column_text(st, 4));
    snprintf(n->written_by, sizeof n->written_by, "%s", db_column_text(st, 5));
    n->at = db_column_int64(st, 6);
    return 0;
}

DB_HAND_ROWS(note_row, struct shift_note_row, read_note, shift_note_fn)

int store_shift_notes(struct db *db, int64_t post, int limit, shift_note_fn fn, void *arg)
{
    const struct db_value args[] = {DB_ARG_INT(post), DB_ARG_INT(limit)};
    struct db_hand h = DB_HAND(fn, arg);

    return db_list(db,
                   "SELECT id, duty_post, day, shift, note, written_by, at FROM shift_notes "
                   "WHERE duty_post = $1 ORDER BY id DESC LIMIT $2",
                   args, 2, note_row, &h);
}

static int read_roster(void *out, struct db_stmt *st)
{
    struct roster_row *r = out;

    memset(r, 0, sizeof *r);
    r->deployment = db_column_int64(st, 0);
    r->staff = db_column_int64(st, 1);
    snprintf(r->name, sizeof r->name, "%s", db_column_text(st, 2));
    snprintf(r->home_unit, sizeof r->home_unit, "%s", db_column_text(st, 3));
    r->from = (int32_t)db_column_int64(st, 4);
    r->until = (int32_t)db_column_int64(st, 5);
    snprintf(r->duty, sizeof r->duty, "%s", db_column_text(st, 6));
    snprintf(r->shift, sizeof r->shift, "%s", db_column_text(st, 7));
    return 0;
}

DB_HAND_ROWS(roster_one, struct roster_row, read_roster, roster_fn)

int store_roster(struct db *db, int64_t post, int32_t from, int32_t until, roster_fn fn, void *arg)
{
    const struct db_value args[] = {DB_ARG_INT(post), DB_ARG_INT(from), DB_ARG_INT(until)};
    struct db_hand h = DB_HAND(fn, arg);

    return db_list(db,
                   "SELECT d.id, s.id, s.name, h.name, d.day_from, d.day_until, d.duty, d.shift "
                   "FROM deployments d JOIN staff s ON s.id = d.staff JOIN home_units h ON h.id = "
                   "s.home_unit WHERE d.duty_post = $1 AND d.day_from <= $3 AND d.day_until >= $2 "
                   "ORDER BY d.shift, s.name, d.id",
                   args, 3, roster_one, &h);
}

int store_team_insert(struct db *db, struct team_row *t)
{
    const struct db_value args[] = {DB_ARG_TEXT(t->name), DB_ARG_INT(t->duty_post),
                                    DB_ARG_INT(t->area), DB_ARG_INT(t->lead)};
    int rc;

    if ((rc = db_insert_id(db,
                           "INSERT INTO teams (name, duty_post, area, lead) VALUES ($1, $2, $3, "
                           "$4) RETURNING id",
                           args, 4, &t->id)) < 0)
        return rc;
    for (int i = 0; i < t->nmembers; i++) {
        const struct db_value m[] = {DB_ARG_INT(t->id), DB_ARG_INT(t->members[i])};
        if ((rc = db_run(db, "INSERT INTO team_members (team, staff) VALUES ($1, $2)", m, 2)) < 0)
            return rc;
    }
    return 0;
}

/* Rows are one member each, by team: gathered into one team_row, handed
 * on when the team changes and at the end. */
struct team_walk {
    struct team_row t;
    team_fn fn;
    void *arg;
};

static int team_member_row(void *arg, struct db_stmt *st)
{
    struct team_walk *w = arg;
    int64_t id = db_column_int64(st, 0);
    int rc, i;

    if (w->t.id && w->t.id != id && (rc = w->fn(w->arg, &w->t)) != 0)
        return rc;
    if (w->t.id != id) {
        memset(&w->t, 0, sizeof w->t);
        w->t.id = id;
        snprintf(w->t.name, sizeof w->t.name, "%s", db_column_text(st, 1));
        w->t.duty_post = db_column_int64(st, 2);
        snprintf(w->t.post_name, sizeof w->t.post_name, "%s", db_column_text(st, 3));
        w->t.area = db_column_int64(st, 4);
        w->t.lead = db_column_int64(st, 5);
    }
    if ((i = w->t.nmembers) >= TEAM_MEMBERS_MAX)
        return 0;
    w->t.members[i] = db_column_int64(st, 6);
    snprintf(w->t.names[i], sizeof w->t.names[i], "%s", db_column_text(st, 7));
    snprintf(w->t.homes[i], sizeof w->t.homes[i], "%s", db_column_text(st, 8));
    w->t.nmembers++;
    return 0;
}

#define TEAM_SELECT                                                                                \
    "SELECT t.id, t.name, t.duty_post, p.name, t.area, t.lead, s.id, s.name, h.name FROM teams t " \
    "JOIN duty_posts p ON p.id = t.duty_post JOIN team_members m ON m.team = t.id JOIN staff s "   \
    "ON s.id = m.staff JOIN home_units h ON h.id = s.home_unit "

int store_teams(struct db *db, int64_t lo, int64_t hi, int64_t post, team_fn fn, void *arg)
{
    const struct db_value range[] = {DB_ARG_INT(lo), DB_ARG_INT(hi)};
    const struct db_value one[] = {DB_ARG_INT(post)};
    struct team_walk *w = calloc(1, sizeof *w);
    int rc;

    if (!w)
        return DB_E_NOMEM;
    w->fn = fn;
    w->arg = arg;
    rc = post ? db_list(db, TEAM_SELECT "WHERE t.duty_post = $1 ORDER BY t.id, s.id", one, 1,
                        team_member_row, w)
              : db_list(db, TEAM_SELECT "WHERE t.area >= $1 AND t.area < $2 ORDER BY t.id, s.id",
                        range, 2, team_member_row, w);
    if (rc == 0 && w->t.id)
        rc = fn(arg, &w->t);
    free(w);
    return rc;
}
