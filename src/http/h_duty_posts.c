/*
 * A post's page over HTTP (issue 14): the week's roster by day and shift,
 * the hand-over notes (written from one shift to the next on the
 * group-commit writer) and the teams at the post; teams within a unit and
 * a new team. Handlers parse, call app/workforce/posts.h and format.
 */
#include "http/http.h"

#include "app/workforce/posts.h"
#include "core/date.h"
#include "core/workforce.h"
#include "http/params.h"
#include "util/clock.h"

#include <stdio.h>
#include <string.h>

#define WEEK 7

static json_t *note_json(const struct shift_note_row *n)
{
    return json_pack("{s:I, s:o, s:s, s:s, s:s, s:o}", "id", (json_int_t)n->id, "day",
                     params_day_json(n->day), "shift", n->shift, "note", n->note, "written_by",
                     n->written_by, "at", params_time_json(n->at));
}

static json_t *team_json(const struct team_row *t)
{
    json_t *members = json_array();

    for (int i = 0; i < t->nmembers; i++)
        json_array_append_new(members,
                              json_pack("{s:I, s:s, s:s, s:b}", "staff", (json_int_t)t->members[i],
                                        "name", t->names[i], "home_unit", t->homes[i], "lead",
                                        t->members[i] == t->lead));
    return json_pack("{s:I, s:s, s:I, s:s, s:I, s:o}", "id", (json_int_t)t->id, "name", t->name,
                     "post", (json_int_t)t->duty_post, "post_name", t->post_name, "lead",
                     (json_int_t)t->lead, "members", members);
}

/* The roster read once: each deployment, and by day of the week and shift
 * the names on duty. */
struct week {
    int32_t from;
    json_t *roster, *days;
};

static int add_roster(void *arg, const struct roster_row *r)
{
    struct week *w = arg;
    int night = strcmp(r->shift, "night") == 0;

    json_array_append_new(w->roster,
                          json_pack("{s:I, s:I, s:s, s:s, s:o, s:o, s:s, s:s}", "deployment",
                                    (json_int_t)r->deployment, "staff", (json_int_t)r->staff,
                                    "name", r->name, "home_unit", r->home_unit, "from",
                                    params_day_json(r->from), "until", params_day_json(r->until),
                                    "duty", r->duty, "shift", r->shift));
    for (int i = 0; i < WEEK; i++)
        if (r->from <= w->from + i && w->from + i <= r->until)
            json_array_append_new(
                json_object_get(
                    json_object_get(json_array_get(w->days, (size_t)i), night ? "night" : "day"),
                    "staff"),
                json_string(r->name));
    return 0;
}

static int add_note(void *arg, const struct shift_note_row *n)
{
    json_array_append_new(arg, note_json(n));
    return 0;
}

static int add_team(void *arg, const struct team_row *t)
{
    json_array_append_new(arg, team_json(t));
    return 0;
}

static json_t *week_days(const struct duty_post_row *p, int32_t from)
{
    json_t *days = json_array();

    for (int i = 0; i < WEEK; i++)
        json_array_append_new(days,
                              json_pack("{s:o, s:{s:i, s:[]}, s:{s:i, s:[]}}", "date",
                                        params_day_json(from + i), "day", "minimum", p->min_day,
                                        "staff", "night", "minimum", p->min_night, "staff"));
    return days;
}

int h_duty_post(struct http_request *req, struct http_response *res)
{
    const char *ws = http_query(req, "week");
    int32_t today = clock_today(), from = today - (today + 3) % 7; /* its Monday */
    struct week w = {0};
    struct duty_post_row p;
    struct app_error e;
    json_t *notes, *teams;
    int64_t id;
    int rc;

    if (params_id(req, res, &id) < 0)
        return 0;
    if (ws && (strlen(ws) != 10 || date_parse(ws, 10, &from) < 0))
        return http_reply_error(res, 400, "bad_date", "week", "%.32s is not YYYY-MM-DD", ws);
    if ((rc = duty_post_read(req->db, req->caller, id, &p, &e)) < 0)
        return http_reply_app_error(res, rc, &e);
    w.from = from;
    w.roster = json_array();
    w.days = week_days(&p, from);
    notes = json_array();
    teams = json_array();
    if ((rc = duty_post_roster(req->db, req->caller, id, from, add_roster, &w, &e)) < 0 ||
        (rc = duty_post_notes(req->db, req->caller, id, add_note, notes, &e)) < 0 ||
        (rc = duty_post_teams(req->db, req->caller, id, add_team, teams, &e)) < 0) {
        json_decref(w.roster);
        json_decref(w.days);
        json_decref(notes);
        json_decref(teams);
        return http_reply_app_error(res, rc, &e);
    }
    http_reply_json(res, 200,
                    json_pack("{s:{s:I, s:s, s:s, s:o, s:i, s:i}, s:o, s:o, s:o, s:o, s:o}", "post",
                              "id", (json_int_t)p.id, "name", p.name, "kind", p.kind, "unit",
                              params_code_json(p.unit), "min_day", p.min_day, "min_night",
                              p.min_night, "week", params_day_json(from), "days", w.days, "roster",
                              w.roster, "notes", notes, "teams", teams));
    return 0;
}

int h_teams(struct http_request *req, struct http_response *res)
{
    struct app_error e;
    int64_t unit = 0;
    json_t *items;
    int rc;

    if (params_unit(req, res, "unit", &unit) < 0)
        return 0;
    items = json_array();
    if ((rc = teams_within(req->db, req->caller, unit, add_team, items, &e)) < 0) {
        json_decref(items);
        return http_reply_app_error(res, rc, &e);
    }
    http_reply_json(res, 200, json_pack("{s:o}", "items", items));
    return 0;
}

static void note_answer(void *job, struct http_response *res)
{
    struct shift_note_new *u = job;

    http_reply_json(res, 201, note_json(&u->n));
}

/* The job checks the caller (PERM_STAFF over the post, or deployed there). */
const struct http_write w_shift_note = {
    .job_size = sizeof(struct shift_note_new),
    .parse = shift_note_parse,
    .job = shift_note_job,
    .answer = note_answer,
};

static void team_answer(void *job, struct http_response *res)
{
    struct team_new *u = job;

    http_reply_json(res, 201, team_json(&u->t));
}

/* The job checks the role (PERM_STAFF) and the post's scope. */
const struct http_write w_team = {
    .job_size = sizeof(struct team_new),
    .parse = team_parse,
    .job = team_job,
    .answer = team_answer,
};
