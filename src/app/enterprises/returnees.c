/*
 * An application's checklist and returning staff (see returnees.h): the
 * parsing of the two fields of POST /enterprises/{id}/status, their record
 * with a hand-over per returnee, and the enterprise's own view of them.
 */
#include "app/enterprises/returnees.h"

#include "app/checkpoints/handovers.h"
#include "app/enterprises/enterprises.h"
#include "app/input.h"
#include "core/date.h"
#include "core/idcard.h"
#include "core/mask.h"
#include "core/phone.h"
#include "core/unitcode.h"
#include "store/units.h"

#include <stdio.h>
#include <string.h>

static int parse_checklist(const json_t *body, struct enterprise_application *a,
                           struct app_error *err)
{
    static const char *const keys[] = {"door_checks", "masks", "canteen", NULL};
    const json_t *k = json_object_get(body, "checklist");
    int present, rc;

    if (!k || json_is_null(k))
        return 0;
    a->has_checklist = 1;
    if ((rc = input_only_keys_in(k, keys, "checklist", err)) < 0 ||
        (rc = input_bool(k, "checklist.door_checks", &a->checklist.door_checks, err)) < 0 ||
        (rc = input_count(k, "checklist.masks", 100000000, &a->checklist.masks, &present, err)) <
            0 ||
        (rc = input_bool(k, "checklist.canteen", &a->checklist.canteen, err)) < 0)
        return rc;
    return 0;
}

struct parse_ctx {
    struct enterprise_application *a;
    int32_t today;
};

static int field_fail(struct app_error *err, const char *code, const char *prefix, const char *key,
                      const char *what)
{
    char field[64];

    snprintf(field, sizeof field, "%s.%s", prefix, key);
    return app_fail(err, APP_E_INVALID, code, field, "%s: %s", field, what);
}

static int parse_one(void *arg, size_t i, const json_t *item, const char *prefix,
                     struct app_error *err)
{
    static const char *const keys[] = {"name",    "document",  "phone", "origin",
                                       "arrival", "committee", NULL};
    struct parse_ctx *x = arg;
    struct returnee *r = &x->a->returnees[i];
    char f[6][64], doc[40], phone[40];
    struct idcard ic;
    int present, rc;

    for (int k = 0; k < 6; k++)
        snprintf(f[k], sizeof f[k], "%s.%s", prefix, keys[k]);
    memset(r, 0, sizeof *r);
    if ((rc = input_only_keys_in(item, keys, prefix, err)) < 0 ||
        (rc = input_text(item, f[0], INPUT_REQUIRED | INPUT_TRIM, sizeof r->name - 1, r->name,
                         sizeof r->name, err)) < 0 ||
        (rc = input_text(item, f[1], INPUT_REQUIRED | INPUT_TRIM, sizeof doc - 1, doc, sizeof doc,
                         err)) < 0 ||
        (rc = input_text(item, f[2], INPUT_TRIM, sizeof phone - 1, phone, sizeof phone, err)) < 0 ||
        (rc = input_text(item, f[3], INPUT_REQUIRED | INPUT_TRIM, sizeof r->origin - 1, r->origin,
                         sizeof r->origin, err)) < 0 ||
        (rc = input_past_date(item, f[4], x->today, &r->arrival, &present, err)) < 0)
        return rc;
    if (!present)
        return app_fail(err, APP_E_INVALID, "missing", f[4], "%s is required", f[4]);
    if ((rc = input_code(item, f[5], &r->committee, &present, err)) < 0)
        return rc;
    if (!present)
        return app_fail(err, APP_E_INVALID, "missing", f[5], "%s is required", f[5]);
    if ((rc = idcard_parse(doc, strlen(doc), x->today, &ic)) < 0)
        return field_fail(err, idcard_errcode(rc), prefix, "document", idcard_strerror(rc));
    snprintf(r->doc_no, sizeof r->doc_no, "%s", ic.number);
    r->birth = ic.birth_day;
    r->sex = ic.sex;
    if (phone[0] && (rc = phone_check(phone, strlen(phone), r->phone)) < 0)
        return field_fail(err, phone_errcode(rc), prefix, "phone", phone_strerror(rc));
    for (size_t k = 0; k < i; k++)
        if (strcmp(x->a->returnees[k].doc_no, r->doc_no) == 0)
            return field_fail(err, "duplicate", prefix, "document", "given twice");
    return 0;
}

int application_parse(const json_t *body, int32_t today, struct enterprise_application *a,
                      struct app_error *err)
{
    struct parse_ctx x = {a, today};
    int rc;

    memset(a, 0, sizeof *a);
    if ((rc = parse_checklist(body, a, err)) < 0)
        return rc;
    return input_each_object(body, "returnees", ENT_RETURNEES_MAX, parse_one, &x, &a->n, err);
}

/* The home committee: one of the city's committees. */
static int check_committee(struct db *db, int64_t city, size_t i, int64_t code,
                           struct app_error *err)
{
    char field[48];
    struct unit u;
    int rc = store_unit_get(db, code, &u);

    snprintf(field, sizeof field, "returnees[%zu].committee", i);
    if (rc < 0 && rc != DB_E_NOTFOUND)
        return app_db_fail(err, db, rc);
    if (rc == DB_E_NOTFOUND || u.level != LEVEL_COMMITTEE || !unitcode_within(code, city))
        return app_fail(err, APP_E_INVALID, "unknown_committee", field,
                        "%s: %lld is not a committee of the city", field, (long long)code);
    return 0;
}

/* Returning from outside the city: an origin naming the city (上海 of
 * 上海市) is someone who never left it, not a hand-over. */
static int check_origin(const struct unit *city, size_t i, const char *origin,
                        struct app_error *err)
{
    char stem[UNIT_NAME_MAX], field[48];
    size_t n = strlen(city->name);

    snprintf(stem, sizeof stem, "%s", city->name);
    if (n > 3 && strcmp(stem + n - 3, "市") == 0)
        stem[n - 3] = '\0';
    if (!stem[0] || !strstr(origin, stem))
        return 0;
    snprintf(field, sizeof field, "returnees[%zu].origin", i);
    return app_fail(err, APP_E_INVALID, "inside_city", field,
                    "%s: %s is inside %s; only staff returning from outside the city are "
                    "handed over",
                    field, origin, city->name);
}

int application_record(struct db *db, const struct caller *c, const struct enterprise_row *e,
                       int32_t day, int64_t now, struct enterprise_application *a,
                       struct app_error *err)
{
    char detail[HANDOVER_DETAIL_MAX];
    struct unit city;
    int64_t code;
    int rc;

    if (a->has_checklist &&
        (rc = store_application_put(db, e->id, day, &a->checklist, c->name, now, e->district)) < 0)
        return app_db_fail(err, db, rc);
    if (!a->n)
        return 0;
    if ((rc = store_city_code(db, &code)) < 0 || (rc = store_unit_get(db, code, &city)) < 0)
        return app_db_fail(err, db, rc);
    for (size_t i = 0; i < a->n; i++) {
        struct returnee *r = &a->returnees[i];
        struct handover h;
        if ((rc = check_committee(db, code, i, r->committee, err)) < 0 ||
            (rc = check_origin(&city, i, r->origin, err)) < 0)
            return rc;
        r->enterprise = e->id;
        r->day = day;
        r->at = now;
        /* An application returned and made again names the same people:
         * a person this enterprise already handed over for this arrival
         * keeps that hand-over (the committee's inbox shows them once; a
         * wrong home committee is the committee's to route on). */
        rc = store_returnee_find(db, e->id, r->doc_no, r->arrival, &r->id);
        if (rc == 0) {
            a->handovers[i] = HANDOVER_RETURNEE_BASE + r->id;
            continue;
        }
        if (rc != DB_E_NOTFOUND)
            return app_db_fail(err, db, rc);
        if ((rc = store_returnee_insert(db, r, e->district)) < 0)
            return app_db_fail(err, db, rc);
        snprintf(detail, sizeof detail, "returning staff of %s from %s", e->name, r->origin);
        if ((rc = handovers_create_returnee(db, r, c->name, detail, now, &h, err)) < 0)
            return rc;
        a->handovers[i] = h.id;
    }
    return 0;
}

static json_t *returnee_json(struct db *db, const struct returnee *r, int *out_rc)
{
    char name[RES_NAME_MAX], doc[RES_DOC_MAX], arrival[DATE_STR_LEN];
    char home_code[UNITCODE_STR_LEN], holder_code[UNITCODE_STR_LEN] = "";
    struct unit holder, home;
    int rc;

    mask_name(r->name, name, sizeof name);
    mask_doc(r->doc_no, doc, sizeof doc);
    date_format(r->arrival, arrival);
    memset(&holder, 0, sizeof holder);
    if ((rc = store_unit_get(db, r->committee, &home)) < 0 ||
        (r->holder && (rc = store_unit_get(db, r->holder, &holder)) < 0)) {
        *out_rc = rc;
        return NULL;
    }
    unitcode_format(home.code, home_code);
    if (r->holder)
        unitcode_format(holder.code, holder_code);
    return json_pack("{s:I, s:s, s:s, s:s, s:s, s:{s:s, s:s}, s:{s:I, s:s, s:s, s:s}}", "id",
                     (json_int_t)r->id, "name", name, "document", doc, "origin", r->origin,
                     "arrival", arrival, "committee", "code", home_code, "name", home.name,
                     "handover", "id", (json_int_t)r->handover, "state",
                     r->state == HANDOVER_ACCEPTED ? "accepted" : "pending", "unit", holder_code,
                     "unit_name", holder.name);
}

struct list_ctx {
    struct db *db;
    json_t *out;
    int rc;
};

static int add_one(void *arg, const struct returnee *r)
{
    struct list_ctx *x = arg;
    json_t *j = returnee_json(x->db, r, &x->rc);

    if (!j)
        return x->rc < 0 ? x->rc : DB_E_NOMEM;
    json_array_append_new(x->out, j);
    return 0;
}

json_t *enterprise_returnees_json(struct db *db, const struct caller *c, int64_t id, int *out_rc,
                                  struct app_error *err)
{
    struct enterprise_row e;
    struct list_ctx x = {db, NULL, 0};
    int rc;

    if ((*out_rc = enterprise_visible(db, c, id, &e, err)) < 0)
        return NULL;
    if (!(x.out = json_array())) {
        *out_rc = app_fail(err, APP_E_INTERNAL, "nomem", NULL, "out of memory");
        return NULL;
    }
    if ((rc = store_returnees_of(db, id, add_one, &x)) < 0) {
        json_decref(x.out);
        *out_rc = app_db_fail(err, db, rc);
        return NULL;
    }
    *out_rc = 0;
    return x.out;
}
