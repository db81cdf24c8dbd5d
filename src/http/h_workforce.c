/*
 * Staff sent down over HTTP (issue 14): the staff spreadsheet import (the
 * body is the CSV, answered like POST /api/v1/imports), the staff list,
 * deploying a person to a post (a write on the group-commit writer), a
 * unit's staffing on a day and its 今日在岗 board (who is on duty where). Handlers parse, call
 * app/workforce/ and format.
 */
#include "http/http.h"

#include "app/accounts/audit.h"
#include "app/workforce/deployed.h"
#include "app/workforce/onduty.h"
#include "app/workforce/staff_import.h"
#include "app/workforce/workforce.h"
#include "core/date.h"
#include "core/unitcode.h"
#include "core/workforce.h"
#include "http/params.h"
#include "util/clock.h"

#include <stdio.h>
#include <string.h>

static json_t *import_json(const struct staff_import_report *rep)
{
    json_t *errors = http_import_errors_json(rep->errors, rep->nerrors);

    return json_pack("{s:b, s:s, s:s, s:I, s:I, s:I, s:I, s:o}", "committed", rep->committed,
                     "encoding", rep->encoding ? rep->encoding : "", "sheet", rep->sheet, "rows",
                     (json_int_t)rep->rows, "created", (json_int_t)rep->created, "updated",
                     (json_int_t)rep->updated, "total_errors", (json_int_t)rep->total_errors,
                     "errors", errors);
}

int h_staff_import(struct http_request *req, struct http_response *res)
{
    struct staff_import_report rep;
    char detail[128];
    struct app_error e, err;
    int64_t own;
    int rc;

    if ((rc = staff_caller_home_unit(req->db, req->caller, &own, &e)) < 0)
        return http_reply_app_error(res, rc, &e);
    if (req->body_len == 0)
        return http_reply_error(res, 400, "empty", "body", "send the CSV file as the body");
    rc = staff_import_sheet(req->db, NULL, req->body, req->body_len, own, http_query(req, "sheet"),
                            &rep, &err);
    if (rc < 0) {
        staff_import_cleanup(&rep);
        return http_reply_error(res, 400, "bad_file", "body", "%s", err.message);
    }
    if (rep.committed) {
        snprintf(detail, sizeof detail, "{\"staff_rows\":%zu,\"created\":%zu}", rep.rows,
                 rep.created);
        audit_record(req->db, req->caller, "staff_import", 0, scope_of(req->caller), detail);
    }
    http_reply_json(res, rc == 1 ? 422 : 200, import_json(&rep));
    staff_import_cleanup(&rep);
    return 0;
}

static json_t *staff_json(const struct staff_row *s)
{
    json_t *where = json_null();

    if (s->post_name[0])
        where = json_pack("{s:I, s:s, s:o, s:o, s:o}", "id", (json_int_t)s->deployment, "post",
                          s->post_name, "unit", params_code_json(s->post_unit), "from",
                          params_day_json(s->from), "until", params_day_json(s->until));
    return json_pack("{s:I, s:s, s:s, s:I, s:s, s:i, s:s, s:o}", "id", (json_int_t)s->id, "name",
                     s->name, "phone", s->phone, "home_unit_id", (json_int_t)s->home_unit,
                     "home_unit", s->home_unit_name, "batch", s->batch, "skills", s->skills,
                     "deployment", where);
}

static int add_staff(void *arg, const struct staff_row *s)
{
    json_array_append_new(arg, staff_json(s));
    return 0;
}

int h_staff_list(struct http_request *req, struct http_response *res)
{
    const char *home = http_query(req, "home_unit");
    struct page pg = {0, 0, 0};
    int64_t unit, limit = STAFF_PAGE_DEFAULT;
    struct app_error e;
    json_t *items;
    int rc;

    if (params_unit(req, res, "unit", &unit) < 0 ||
        params_int(req, res, "cursor", 1, PARAMS_ID_MAX, &pg.cursor) < 0 ||
        params_int(req, res, "limit", 1, STAFF_PAGE_MAX, &limit) < 0)
        return 0;
    pg.limit = (int)limit;
    items = json_array();
    if ((rc = staff_list(req->db, req->caller, unit, home, &pg, add_staff, items, &e)) < 0) {
        json_decref(items);
        return http_reply_app_error(res, rc, &e);
    }
    http_reply_json(res, 200, params_page_json(items, pg.next));
    return 0;
}

static json_t *shift_json(int on, int minimum)
{
    return json_pack("{s:i, s:i, s:i}", "on_duty", on, "minimum", minimum, "gap",
                     staffing_gap(minimum, on));
}

static int add_post(void *arg, const struct staffing_row *r)
{
    json_array_append_new(
        arg,
        json_pack("{s:I, s:s, s:s, s:o, s:i, s:i, s:i, s:i, s:{s:o, s:o}}", "post",
                  (json_int_t)r->p.id, "name", r->p.name, "kind", r->p.kind, "unit",
                  params_code_json(r->p.unit), "on_duty", r->on_day + r->on_night, "signed_in",
                  r->signed_in, "minimum", r->p.min_day + r->p.min_night, "gap",
                  staffing_gap(r->p.min_day, r->on_day) + staffing_gap(r->p.min_night, r->on_night),
                  "shifts", "day", shift_json(r->on_day, r->p.min_day), "night",
                  shift_json(r->on_night, r->p.min_night)));
    return 0;
}

/* The path's {code} and ?date= (today when absent): 0, or -1 once the 400
 * is written. */
static int code_and_day(struct http_request *req, struct http_response *res, int64_t *code,
                        int32_t *day)
{
    const char *ds = http_query(req, "date");

    *day = clock_today();
    if (unitcode_parse(req->params[0], strlen(req->params[0]), code) < 0) {
        http_reply_error(res, 400, "bad_code", "code", "%.32s is not a unit code", req->params[0]);
        return -1;
    }
    if (ds && (strlen(ds) != 10 || date_parse(ds, 10, day) < 0)) {
        http_reply_error(res, 400, "bad_date", "date", "%.32s is not YYYY-MM-DD", ds);
        return -1;
    }
    return 0;
}

int h_unit_staffing(struct http_request *req, struct http_response *res)
{
    struct staffing_totals t;
    struct app_error e;
    int32_t day;
    int64_t code;
    json_t *items;
    int rc;

    if (code_and_day(req, res, &code, &day) < 0)
        return 0;
    items = json_array();
    if ((rc = staffing_of(req->db, req->caller, code, day, add_post, items, &t, &e)) < 0) {
        json_decref(items);
        return http_reply_app_error(res, rc, &e);
    }
    http_reply_json(res, 200,
                    json_pack("{s:o, s:o, s:o, s:{s:i, s:i, s:i, s:i}}", "unit",
                              params_code_json(code), "date", params_day_json(day), "items", items,
                              "totals", "posts", t.posts, "on_duty", t.on_duty, "minimum",
                              t.minimum, "gap", t.gap));
    return 0;
}

/* {minimum, on_duty, signed_in, gap}; a home unit's view (minimums 0)
 * says null for what it may not know. */
static json_t *count_json(const struct on_duty_count *n, int minimums)
{
    return json_pack("{s:o, s:i, s:i, s:o}", "minimum",
                     minimums ? json_integer(n->minimum) : json_null(), "on_duty", n->on_duty,
                     "signed_in", n->signed_in, "gap",
                     minimums ? json_integer(n->gap) : json_null());
}

/* people[post id][shift] += the person */
static int add_person(void *arg, const struct on_duty_row *r)
{
    json_t *people = arg, *post, *list;
    char key[24];

    snprintf(key, sizeof key, "%lld", (long long)r->p.id);
    if (!(post = json_object_get(people, key))) {
        post = json_object();
        json_object_set_new(people, key, post);
    }
    if (!(list = json_object_get(post, r->shift))) {
        list = json_array();
        json_object_set_new(post, r->shift, list);
    }
    json_array_append_new(list, json_pack("{s:I, s:s, s:s, s:s, s:b, s:o, s:o}", "staff",
                                          (json_int_t)r->staff, "name", r->name, "home_unit",
                                          r->home_unit, "duty", r->duty, "signed_in", r->signed_in,
                                          "from", params_day_json(r->from), "until",
                                          params_day_json(r->until)));
    return 0;
}

static json_t *board_posts(const struct on_duty_board *b, json_t *people)
{
    json_t *items = json_array();

    for (int i = 0; i < b->nposts; i++) {
        const struct on_duty_post *p = &b->posts[i];
        json_t *shifts = json_object(), *mine;
        char key[24];

        snprintf(key, sizeof key, "%lld", (long long)p->p.id);
        mine = json_object_get(people, key);
        for (int s = 0; s < SHIFT_COUNT; s++) {
            json_t *o = count_json(&p->shift[s], b->minimums);
            json_t *list = mine ? json_object_get(mine, shift_code((enum shift)s)) : NULL;
            json_object_set_new(o, "people", list ? json_incref(list) : json_array());
            json_object_set_new(shifts, shift_code((enum shift)s), o);
        }
        json_array_append_new(
            items,
            json_pack("{s:I, s:s, s:s, s:o, s:o, s:o}", "post", (json_int_t)p->p.id, "name",
                      p->p.name, "kind", p->p.kind, "unit", params_code_json(p->p.unit), "gap",
                      b->minimums ? json_integer(p->gap) : json_null(), "shifts", shifts));
    }
    return items;
}

static json_t *board_kinds(const struct on_duty_board *b)
{
    json_t *items = json_array();

    for (int k = 0; k < DPOST_KIND_COUNT; k++) {
        const struct on_duty_kind *x = &b->kinds[k];
        json_t *o;
        if (!x->posts)
            continue;
        o = count_json(&x->n, b->minimums);
        json_object_set_new(o, "kind", json_string(duty_post_kind_code((enum duty_post_kind)k)));
        json_object_set_new(o, "posts", json_integer(x->posts));
        json_object_set_new(o, "posts_short",
                            b->minimums ? json_integer(x->posts_short) : json_null());
        json_array_append_new(items, o);
    }
    return items;
}

int h_unit_on_duty(struct http_request *req, struct http_response *res)
{
    struct on_duty_board b;
    struct app_error e;
    json_t *people, *totals;
    int32_t day;
    int64_t code;
    int rc;

    if (code_and_day(req, res, &code, &day) < 0)
        return 0;
    people = json_object();
    if ((rc = on_duty_of(req->db, req->caller, code, day, add_person, people, &b, &e)) < 0) {
        on_duty_board_cleanup(&b);
        json_decref(people);
        return http_reply_app_error(res, rc, &e);
    }
    totals = count_json(&b.totals, b.minimums);
    json_object_set_new(totals, "posts", json_integer(b.by_kind ? b.nkinds_posts : b.nposts));
    json_object_set_new(totals, "arriving", json_integer(b.arriving));
    json_object_set_new(totals, "leaving", json_integer(b.leaving));
    http_reply_json(res, 200,
                    json_pack("{s:o, s:o, s:s, s:o, s:o}", "unit", params_code_json(code), "date",
                              params_day_json(day), "by", b.by_kind ? "kind" : "post", "items",
                              b.by_kind ? board_kinds(&b) : board_posts(&b, people), "totals",
                              totals));
    on_duty_board_cleanup(&b);
    json_decref(people);
    return 0;
}

static void deploy_answer(void *job, struct http_response *res)
{
    struct deploy *u = job;

    http_reply_json(res, 201,
                    json_pack("{s:I, s:I, s:s, s:I, s:s, s:o, s:o, s:s, s:s}", "id",
                              (json_int_t)u->d.id, "staff", (json_int_t)u->d.staff, "staff_name",
                              u->staff.name, "post", (json_int_t)u->d.duty_post, "post_name",
                              u->post.name, "from", params_day_json(u->d.from), "until",
                              params_day_json(u->d.until), "duty", u->d.duty, "shift", u->d.shift));
}

/* The job checks the role (PERM_STAFF) and the post's scope. */
const struct http_write w_deploy = {
    .job_size = sizeof(struct deploy),
    .parse = deploy_parse,
    .job = deploy_job,
    .answer = deploy_answer,
};

/* The phone page of the link: the post in the query, the secret in the
 * fragment (never sent in a Referer). */
static void link_url(const struct deploy_link *u, char *out, size_t size)
{
    snprintf(out, size, "/sign.html?post=%lld#%s", (long long)u->post, u->token);
}

static void link_answer(void *job, struct http_response *res)
{
    struct deploy_link *u = job;
    char url[128];

    link_url(u, url, sizeof url);
    http_reply_json(res, 200,
                    json_pack("{s:I, s:s, s:s}", "deployment", (json_int_t)u->id, "token", u->token,
                              "url", url));
}

/* The job checks the role (PERM_STAFF) and the post's scope. */
const struct http_write w_deploy_link = {
    .job_size = sizeof(struct deploy_link),
    .parse = deploy_link_parse,
    .job = deploy_link_job,
    .answer = link_answer,
    .flags = HTTP_WRITE_BODY_OPTIONAL,
};

static int sign_token(struct http_request *req, struct http_response *res, void *job)
{
    struct sign *u = job;
    char hash[LINKHASH_LEN];

    if (linktoken_hash(req->params[0], hash) < 0) {
        http_reply_error(res, 404, "not_found", "token", "no such link");
        return -1;
    }
    snprintf(u->token, sizeof u->token, "%.64s", req->params[0]);
    return 0;
}

static void sign_answer(void *job, struct http_response *res)
{
    struct sign *u = job;

    http_reply_json(res, 201,
                    json_pack("{s:I, s:I, s:s, s:s, s:o}", "deployment", (json_int_t)u->d.id,
                              "post", (json_int_t)u->d.duty_post, "post_name", u->p.name, "action",
                              u->action, "at", params_time_json(u->now)));
}

/* Public: the link is the permission. */
const struct http_write w_sign = {
    .job_size = sizeof(struct sign),
    .request = sign_token,
    .parse = sign_parse,
    .job = sign_job,
    .answer = sign_answer,
};

/* ---- accounts that follow deployments (app/workforce/deployed.h) ---- */

static void account_answer(void *job, struct http_response *res)
{
    struct deploy_account *u = job;

    http_reply_json(res, 201,
                    json_pack("{s:I, s:s, s:s, s:o, s:o, s:s, s:o, s:o}", "deployment",
                              (json_int_t)u->d.id, "username", u->name, "role", u->role, "unit",
                              params_code_json(u->p.unit), "post",
                              u->p.post ? json_integer(u->p.post) : json_null(), "password",
                              u->password, "valid_from", params_day_json(u->d.from), "valid_until",
                              params_day_json(u->d.until)));
}

/* The role is refused before the parser hashes (PERM_STAFF); the job
 * checks the post's scope. */
const struct http_write w_deploy_account = {
    .perm = PERM_STAFF,
    .job_size = sizeof(struct deploy_account),
    .parse = deploy_account_parse,
    .job = deploy_account_job,
    .answer = account_answer,
    .flags = HTTP_WRITE_BODY_OPTIONAL,
};

/* The job finds the caller's own deployment (403 for an account that has
 * none). */
const struct http_write w_sign_self = {
    .job_size = sizeof(struct sign),
    .parse = sign_self_parse,
    .job = sign_self_job,
    .answer = sign_answer,
};
