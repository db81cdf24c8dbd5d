/*
 * Building entry over HTTP (issue 16): the door's write (on the
 * group-commit writer: answered once the entry is committed) and the
 * street's count of today's workers on site by place. Handlers parse, call
 * app/enterprises/entries.c and format.
 */
#include "http/http.h"

#include "app/enterprises/entries.h"
#include "core/date.h"
#include "core/unitcode.h"
#include "http/params.h"
#include "util/clock.h"

#include <string.h>

static void entry_answer(void *job, struct http_response *res)
{
    struct entry_new *u = job;

    http_reply_json(res, u->counted ? 201 : 200,
                    json_pack("{s:I, s:o, s:b, s:b}", "place", (json_int_t)u->id, "day",
                              params_day_json(u->today), "counted", u->counted, "fever", u->fever));
}

const struct http_write w_entry = {
    .perm = PERM_TASKS,
    .job_size = sizeof(struct entry_new),
    .parse = entry_parse,
    .job = entry_job,
    .answer = entry_answer,
};

static int add_place(void *arg, const struct entry_place *p)
{
    json_array_append_new(arg, json_pack("{s:I, s:s, s:s, s:I, s:I, s:I}", "id", (json_int_t)p->id,
                                         "name", p->name, "kind", p->kind, "on_site",
                                         (json_int_t)p->on_site, "fevers", (json_int_t)p->fevers,
                                         "normal", (json_int_t)p->normal));
    return 0;
}

int unit_and_date(struct http_request *req, struct http_response *res, int64_t *code, int32_t *day)
{
    const char *s = req->params[0], *ds = http_query(req, "date");
    int rc;

    *day = clock_today();
    if ((rc = unitcode_parse(s, strlen(s), code)) < 0)
        return http_reply_error(res, 400, "bad_code", "code", "%s: %s", s, unitcode_strerror(rc)),
               -1;
    if (ds && (strlen(ds) != 10 || date_parse(ds, 10, day) < 0))
        return http_reply_error(res, 400, "bad_date", "date", "%.32s is not YYYY-MM-DD", ds), -1;
    return 0;
}

int h_unit_entries(struct http_request *req, struct http_response *res)
{
    struct entry_totals t;
    struct app_error e;
    int32_t day;
    int64_t code;
    json_t *places;
    int rc;

    if (unit_and_date(req, res, &code, &day) < 0)
        return 0;
    places = json_array();
    if ((rc = entries_of_unit(req->db, req->caller, code, day, &t, add_place, places, &e)) < 0) {
        json_decref(places);
        return http_reply_app_error(res, rc, &e);
    }
    http_reply_json(res, 200,
                    json_pack("{s:o, s:o, s:I, s:I, s:I, s:o}", "unit", params_code_json(code),
                              "date", params_day_json(day), "on_site", (json_int_t)t.on_site,
                              "fevers", (json_int_t)t.fevers, "normal", (json_int_t)t.normal,
                              "places", places));
    return 0;
}
