/*
 * The colour rules (GET for anyone who sees counts, PUT for the city
 * administrator), the audit log (city administrator), and the server's own
 * pages: /metrics (Prometheus text format).
 */
#include "http/http.h"

#include "app/accounts/audit.h"
#include "app/register/rules.h"
#include "core/unitcode.h"
#include "http/metrics.h"
#include "http/params.h"
#include "util/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int h_metrics(struct http_request *req, struct http_response *res)
{
    size_t len = 0;
    char *text;

    if (!http_metrics_allowed(req))
        return http_reply_error(res, 403, "forbidden", NULL,
                                "the metrics are for the addresses of cordon serve --metrics-from "
                                "or the bearer of CORDON_METRICS_TOKEN");
    if (!(text = metrics_render(req->db, http_writer(), &len)))
        return http_reply_error(res, 500, "nomem", NULL, "out of memory");
    free(res->body);
    res->body = text;
    res->len = len;
    res->status = 200;
    res->content_type = "text/plain; version=0.0.4; charset=utf-8";
    return 0;
}

int h_rules_get(struct http_request *req, struct http_response *res)
{
    struct colour_rules rules;
    struct app_error e;
    char *text;
    int rc;

    if ((rc = app_require(req->caller, PERM_COUNTS, &e)) < 0)
        return http_reply_app_error(res, rc, &e);
    if (rules_load(req->db, &rules, &e) < 0)
        return http_reply_error(res, 500, "db_error", NULL, "%s", e.message);
    if (!(text = colour_rules_to_json(&rules)))
        return http_reply_error(res, 500, "nomem", NULL, "out of memory");
    http_reply_text(res, 200, "application/json; charset=utf-8", text, strlen(text));
    free(text);
    return 0;
}

struct rules_put {
    char *text;
    int64_t changed;
    struct app_error err;
};

/* Re-evaluates every resident: minutes for a whole city, so on the task
 * pool, in its own transaction. */
static int rules_task(struct db *db, void *arg)
{
    struct rules_put *p = arg;
    return rules_set(db, p->text, &p->changed, &p->err);
}

static void rules_finish(void *arg, int rc, struct http_response *res)
{
    struct rules_put *p = arg;

    if (rc == -1)
        http_reply_error(res, 400, "bad_rules", NULL, "%s", p->err.message);
    else if (rc < 0)
        http_reply_error(res, rc == DB_E_BUSY ? 503 : 500, "db_error", NULL, "%s",
                         p->err.message[0] ? p->err.message : db_strerror(rc));
    else
        http_reply_json(res, 200, json_pack("{s:I}", "changed", (json_int_t)p->changed));
    if (rc >= 0)
        http_cache_invalidate();
    free(p->text);
    free(p);
}

int h_rules_put(struct http_request *req, struct http_response *res)
{
    struct rules_put *p;
    struct app_error e;
    json_t *body;
    int rc;

    if ((rc = app_require(req->caller, PERM_RULES, &e)) < 0)
        return http_reply_app_error(res, rc, &e);
    if (!(body = http_json_body(req, res)))
        return 0;
    json_decref(body);
    if (!(p = calloc(1, sizeof *p)) || !(p->text = strndup(req->body, req->body_len))) {
        free(p);
        return http_reply_error(res, 500, "nomem", NULL, "out of memory");
    }
    return http_defer_task(req, rules_task, rules_finish, p);
}

static int add_entry(void *arg, const struct audit_item *it)
{
    char at[32], unit[UNITCODE_STR_LEN];
    json_t *detail = it->detail[0] ? json_loads(it->detail, 0, NULL) : NULL;

    clock_format(it->at, at);
    unitcode_format(it->unit, unit);
    json_array_append_new(arg, json_pack("{s:I, s:s, s:s, s:s, s:o, s:s?, s:s, s:o}", "id",
                                         (json_int_t)it->id, "at", at, "account", it->account_name,
                                         "action", it->action, "resident",
                                         it->resident ? json_integer(it->resident) : json_null(),
                                         "unit", it->unit ? unit : NULL, "address", it->address,
                                         "detail", detail ? detail : json_null()));
    return 0;
}

int h_audit_list(struct http_request *req, struct http_response *res)
{
    struct audit_query q;
    struct page pg = {0, 100, 0};
    struct app_error e;
    const char *s;
    char *end;
    json_t *items;
    int rc;

    memset(&q, 0, sizeof q);
    q.person = http_query(req, "person");
    q.account = http_query(req, "account");
    if (q.person && (!*q.person || strlen(q.person) > 32))
        return http_reply_error(res, 400, "bad_value", "person", "person is a document number");
    if (q.account && (!*q.account || strlen(q.account) > 64))
        return http_reply_error(res, 400, "bad_value", "account", "account is a name");
    if ((s = http_query(req, "cursor"))) {
        pg.cursor = strtoll(s, &end, 10);
        if (!*s || *end || pg.cursor < 0)
            return http_reply_error(res, 400, "bad_value", "cursor", "cursor is an integer");
    }
    if ((s = http_query(req, "limit"))) {
        long v = strtol(s, &end, 10);
        if (!*s || *end || v < 1 || v > AUDIT_PAGE_MAX)
            return http_reply_error(res, 400, "bad_value", "limit", "limit is 1 to %d",
                                    AUDIT_PAGE_MAX);
        pg.limit = (int)v;
    }
    items = json_array();
    if ((rc = audit_list(req->db, req->caller, &q, &pg, add_entry, items, &e)) < 0) {
        json_decref(items);
        return http_reply_app_error(res, rc, &e);
    }
    http_reply_json(res, 200, params_page_json(items, pg.next));
    return 0;
}
