/*
 * Screenings and self-declarations (see screenings.h): strict parsing of
 * the traveller, the writer jobs, and the reads a checkpoint account may
 * make — its own post's screenings, masked.
 */
#include "app/checkpoints/screenings.h"

#include "app/accounts/audit.h"
#include "app/checkpoints/checkpoints.h"
#include "app/checkpoints/handovers.h"
#include "app/input.h"
#include "core/date.h"
#include "core/document.h"
#include "core/idcard.h"
#include "core/mask.h"
#include "core/phone.h"
#include "core/temperature.h"
#include "core/unitcode.h"
#include "util/clock.h"
#include "util/linktoken.h"

#include <stdio.h>
#include <string.h>

#define ID_MAX 9007199254740991LL

/* ---- parsing ------------------------------------------------------------------ */

/*
 * The traveller: document (checked; a mainland ID gives birth and sex; a
 * number that fails the check is accepted only for other document types,
 * with `override` set to a reason), name, phone, origin, abroad, travel,
 * destination, symptoms.
 */
static int parse_traveller(const json_t *body, int32_t today, int allow_override,
                           struct traveller *t, char override[SCREENING_TEXT_MAX],
                           struct app_error *err)
{
    enum doc_type dt = DOC_ID_CARD;
    const json_t *j;
    char doc[64], phone[64];
    int rc;

    memset(t, 0, sizeof *t);
    t->birth = DATE_NONE;
    if (override)
        override[0] = '\0';
    if ((j = json_object_get(body, "document_type")) && !json_is_null(j)) {
        if (!json_is_string(j))
            return app_fail(err, APP_E_INVALID, "bad_type", "document_type",
                            "document_type must be a string");
        if (doc_type_parse(json_string_value(j), strlen(json_string_value(j)), &dt) < 0)
            return app_fail(err, APP_E_INVALID, "bad_value", "document_type",
                            "%.40s: not a document type (id_card, passport, hk_macao, taiwan, "
                            "foreign_pr, other)",
                            json_string_value(j));
    }
    t->doc_type = (int)dt;
    if ((rc = input_text(body, "document", INPUT_REQUIRED | INPUT_TRIM, sizeof doc - 1, doc,
                         sizeof doc, err)) < 0)
        return rc;
    if (allow_override &&
        (rc = input_text(body, "document_override", INPUT_TRIM, SCREENING_TEXT_MAX - 1, override,
                         SCREENING_TEXT_MAX, err)) < 0)
        return rc;
    if (dt == DOC_ID_CARD) {
        struct idcard ic;
        if (override && override[0])
            return app_fail(err, APP_E_INVALID, "bad_value", "document_override",
                            "a mainland ID number is always checked; choose the document type");
        if ((rc = idcard_parse(doc, strlen(doc), today, &ic)) < 0)
            return app_fail(err, APP_E_INVALID, idcard_errcode(rc), "document", "%s: %s", doc,
                            idcard_strerror(rc));
        snprintf(t->doc_no, sizeof t->doc_no, "%s", ic.number);
        t->birth = ic.birth_day;
        t->sex = ic.sex;
    } else if ((rc = doc_check(dt, doc, strlen(doc), t->doc_no, sizeof t->doc_no)) < 0) {
        if (!override || !override[0])
            return app_fail(err, APP_E_INVALID, doc_errcode(rc), "document",
                            "%s: %s (give document_override with a reason to record it as "
                            "written)",
                            doc, doc_strerror(rc));
        if (strlen(doc) >= sizeof t->doc_no)
            return app_fail(err, APP_E_INVALID, "too_long", "document",
                            "document is longer than %zu bytes", sizeof t->doc_no - 1);
        snprintf(t->doc_no, sizeof t->doc_no, "%s", doc);
    } else if (override) {
        override[0] = '\0'; /* the number passed its check: nothing to override */
    }
    if ((rc = input_text(body, "name", INPUT_REQUIRED | INPUT_TRIM, sizeof t->name - 1, t->name,
                         sizeof t->name, err)) < 0 ||
        (rc = input_text(body, "phone", INPUT_TRIM, sizeof phone - 1, phone, sizeof phone, err)) <
            0)
        return rc;
    if (phone[0] && (rc = phone_check(phone, strlen(phone), t->phone)) < 0)
        return app_fail(err, APP_E_INVALID, phone_errcode(rc), "phone", "%s: %s", phone,
                        phone_strerror(rc));
    if ((rc = input_text(body, "origin", INPUT_REQUIRED | INPUT_TRIM, sizeof t->origin - 1,
                         t->origin, sizeof t->origin, err)) < 0 ||
        (rc = input_text(body, "travel", INPUT_TRIM, sizeof t->travel - 1, t->travel,
                         sizeof t->travel, err)) < 0 ||
        (rc = input_text(body, "destination", INPUT_REQUIRED | INPUT_TRIM,
                         sizeof t->destination - 1, t->destination, sizeof t->destination, err)) <
            0 ||
        (rc = input_text(body, "symptoms", INPUT_TRIM, sizeof t->symptoms - 1, t->symptoms,
                         sizeof t->symptoms, err)) < 0)
        return rc;
    for (char *p = t->travel; *p; p++)
        if (*p >= 'a' && *p <= 'z')
            *p = (char)(*p - 'a' + 'A');
    if ((j = json_object_get(body, "abroad")) && !json_is_null(j)) {
        if (!json_is_boolean(j))
            return app_fail(err, APP_E_INVALID, "bad_type", "abroad",
                            "abroad must be true or false");
        t->abroad = json_is_true(j);
    }
    return 0;
}

/* Resolves u->s.t.destination into u->res (reads the database). */
static int resolve(struct db *db, struct screening_new *u, struct app_error *err);

int screenings_parse(struct db *db, const json_t *body, void *job)
{
    static const char *const keys[] = {"document",
                                       "document_type",
                                       "document_override",
                                       "name",
                                       "phone",
                                       "origin",
                                       "abroad",
                                       "travel",
                                       "destination",
                                       "temperature",
                                       "symptoms",
                                       "post",
                                       "declaration",
                                       NULL};
    struct screening_new *u = job;
    const struct caller *c = &u->c;
    struct app_error *err = &u->err;
    struct screening *s = &u->s;
    int64_t post = 0;
    int rc, present;

    if ((rc = app_require(c, PERM_SCREEN, err)) < 0)
        return rc;
    if (!json_is_object(body))
        return app_fail(err, APP_E_INVALID, "bad_type", NULL, "the body must be a JSON object");
    if ((rc = input_only_keys(body, keys, err)) < 0 ||
        (rc = parse_traveller(body, u->today, 1, &s->t, s->doc_override, err)) < 0 ||
        (rc = input_temperature(body, "temperature", &s->temperature, err)) < 0 ||
        (rc = input_id(body, "post", &post, &present, err)) < 0 ||
        (rc = input_id(body, "declaration", &s->declaration, &present, err)) < 0)
        return rc;
    if (!post && !(post = c->post))
        return app_fail(err, APP_E_INVALID, "missing", "post",
                        "this account belongs to no post: say at which post (post)");
    if ((rc = checkpoints_post_get(db, c, post, &u->post, err)) < 0)
        return rc;
    s->post = post;
    s->district = u->post.district;
    s->at = u->now;
    s->day = u->today;
    s->fever = temperature_is_fever(s->temperature);
    snprintf(s->recorded_by, sizeof s->recorded_by, "%s", c->name);
    return resolve(db, u, err);
}

static int resolve(struct db *db, struct screening_new *u, struct app_error *err)
{
    struct app_error rerr;
    const char *d = u->s.t.destination;
    int rc = resolve_address(db, d, strlen(d), &u->res, &rerr);

    switch (rc) {
    case 0:
        return 0;
    case RESOLVE_E_EMPTY:
        return app_fail(err, APP_E_INVALID, "empty", "destination", "%s", rerr.message);
    case RESOLVE_E_TOOLONG:
        return app_fail(err, APP_E_INVALID, "too_long", "destination", "%s", rerr.message);
    case RESOLVE_E_UTF8:
        return app_fail(err, APP_E_INVALID, "bad_encoding", "destination", "%s", rerr.message);
    default:
        return app_fail(err, APP_E_INTERNAL, "internal", NULL, "%s", rerr.message);
    }
}

/* ---- writing ------------------------------------------------------------------- */

void screening_mask(struct screening *s)
{
    char tmp[RES_NAME_MAX];

    mask_name(s->t.name, tmp, sizeof tmp);
    memcpy(s->t.name, tmp, sizeof s->t.name);
    mask_doc(s->t.doc_no, tmp, sizeof s->t.doc_no);
    memcpy(s->t.doc_no, tmp, sizeof s->t.doc_no);
    if (s->t.phone[0]) {
        mask_phone(s->t.phone, tmp, sizeof s->t.phone);
        memcpy(s->t.phone, tmp, sizeof s->t.phone);
    }
    s->t.birth = DATE_NONE;
}

int screenings_create_job(struct db *db, void *arg)
{
    struct screening_new *u = arg;
    struct screening *s = &u->s;
    int rc;

    rc = store_screening_find(db, s->t.doc_type, s->t.doc_no, s->day, &u->out.s);
    if (rc == 0) {
        /* Screened already today, here or at another post: the earlier
         * screening answers, masked (it may be another team's). */
        u->duplicate = 1;
        u->out.masked = 1;
        if ((rc = store_post_get(db, u->out.s.post, &u->out.post)) < 0 ||
            (rc = store_handover_by_screening(db, u->out.s.id, &u->h)) < 0 ||
            (rc = store_unit_get(db, u->h.unit, &u->holder)) < 0)
            return app_db_fail(&u->err, db, rc);
        screening_mask(&u->out.s);
        return 0;
    }
    if (rc != DB_E_NOTFOUND)
        return app_db_fail(&u->err, db, rc);
    if (s->declaration) {
        struct declaration d;
        rc = store_declaration_get(db, s->declaration, &d);
        if (rc == DB_E_NOTFOUND || (rc == 0 && strcmp(d.t.doc_no, s->t.doc_no) != 0))
            return app_fail(&u->err, APP_E_NOTFOUND, "not_found", "declaration",
                            "no declaration %lld for this document", (long long)s->declaration);
        if (rc < 0)
            return app_db_fail(&u->err, db, rc);
        if (d.screening)
            return app_fail(&u->err, APP_E_CONFLICT, "duplicate", "declaration",
                            "declaration %lld was confirmed already", (long long)d.id);
    }
    if ((rc = store_screening_insert(db, s)) < 0 ||
        (s->declaration && (rc = store_declaration_set_screening(db, s->declaration, s->id)) < 0))
        return app_db_fail(&u->err, db, rc);
    if ((rc = handovers_create(db, s, &u->res, s->at, &u->h, &u->err)) < 0)
        return rc;
    /* The holder's name: the resolution read it, except for the city's
     * queue of a place outside the city. */
    if (u->res.npath > 0 && u->res.path[u->res.npath - 1].code == u->h.unit) {
        const struct resolved_unit *ru = &u->res.path[u->res.npath - 1];
        u->holder.code = ru->code;
        u->holder.level = ru->level;
        snprintf(u->holder.name, sizeof u->holder.name, "%s", ru->name);
    } else if ((rc = store_unit_get(db, u->h.unit, &u->holder)) < 0) {
        return app_db_fail(&u->err, db, rc);
    }
    u->out.s = *s;
    u->out.post = u->post;
    u->out.masked = 0;
    return 0;
}

/* ---- reading ------------------------------------------------------------------- */

struct list_ctx {
    struct db *db;
    const struct caller *c;
    screening_view_fn fn;
    void *arg;
    int n, limit, more;
    int64_t last;
};

static int list_one(void *arg, const struct screening *s)
{
    struct list_ctx *l = arg;
    struct screening_view v;
    int rc;

    if (l->n == l->limit) {
        l->more = 1; /* one row beyond the page: there is a next page */
        return 1;
    }
    memset(&v, 0, sizeof v);
    v.s = *s;
    if ((rc = store_post_get(l->db, s->post, &v.post)) < 0)
        return rc;
    screening_mask(&v.s);
    v.masked = 1;
    l->n++;
    l->last = s->id;
    return l->fn(l->arg, &v);
}

int screenings_list(struct db *db, const struct caller *c, int64_t post, int32_t day,
                    struct page *pg, screening_view_fn fn, void *arg, struct app_error *err)
{
    struct list_ctx l = {db, c, fn, arg, 0, 0, 0, 0};
    struct post p;
    int64_t lo = 0, hi = 0;
    int rc;

    l.limit = page_begin(pg, SCREENINGS_PAGE_DEFAULT, SCREENINGS_PAGE_MAX);
    if ((rc = app_require(c, PERM_SCREEN, err)) < 0)
        return rc;
    if (!post && c->post)
        post = c->post;
    if (post && (rc = checkpoints_post_get(db, c, post, &p, err)) < 0)
        return rc;
    if (post)
        lo = hi = p.district;
    else
        checkpoints_scope_districts(c, &lo, &hi);
    rc = store_screenings_list(db, post, lo, hi, day, pg->cursor, l.limit + 1, list_one, &l);
    if (rc < 0)
        return app_db_fail(err, db, rc);
    if (l.more)
        pg->next = l.last;
    return 0;
}

int screenings_get(struct db *db, const struct caller *c, int64_t id, struct screening_view *out,
                   struct app_error *err)
{
    int rc;

    memset(out, 0, sizeof *out);
    if ((rc = app_require(c, PERM_SCREEN, err)) < 0)
        return rc;
    /* A post's account reads in its post's district (one shard on Citus);
     * other roles by the id alone. */
    rc = c->post ? store_post_get(db, c->post, &out->post) : 0;
    if (rc == 0)
        rc = store_screening_get(db, id, c->post ? out->post.district : 0, &out->s);
    if (rc == 0)
        rc = store_post_get(db, out->s.post, &out->post);
    if (rc == DB_E_NOTFOUND || (rc == 0 && !checkpoints_post_visible(c, &out->post)))
        return app_fail(err, APP_E_NOTFOUND, "not_found", "id", "no screening %lld", (long long)id);
    if (rc < 0)
        return app_db_fail(err, db, rc);
    screening_mask(&out->s);
    out->masked = 1;
    return 0;
}

/* ---- self-declarations ------------------------------------------------------------ */

int declarations_parse(struct db *db, const json_t *body, void *job)
{
    static const char *const keys[] = {"document", "document_type", "name",   "phone",
                                       "origin",   "abroad",        "travel", "destination",
                                       "symptoms", "post",          NULL};
    struct declaration_new *u = job;
    struct app_error *err = &u->err;
    int64_t post = 0;
    int rc, present;

    if (!json_is_object(body))
        return app_fail(err, APP_E_INVALID, "bad_type", NULL, "the body must be a JSON object");
    if ((rc = input_only_keys(body, keys, err)) < 0 ||
        (rc = input_id(body, "post", &post, &present, err)) < 0)
        return rc;
    if (!post)
        return app_fail(err, APP_E_INVALID, "missing", "post", "post is required");
    if ((rc = checkpoints_post_public(db, post, &u->post, err)) < 0 ||
        (rc = parse_traveller(body, u->today, 0, &u->d.t, NULL, err)) < 0)
        return rc;
    u->d.post = post;
    u->d.district = u->post.district;
    u->d.at = u->now;
    u->d.day = u->today;
    return 0;
}

int declarations_create_job(struct db *db, void *arg)
{
    struct declaration_new *u = arg;
    int rc;

    /* Answered to anyone: an id that tells nothing (not how many came
     * before) and leads nowhere when guessed. */
    if (!(u->d.id = linktoken_public_id()))
        return app_fail(&u->err, APP_E_INTERNAL, "internal", NULL, "no random source");
    if ((rc = store_declaration_insert(db, &u->d)) < 0)
        return app_db_fail(&u->err, db, rc);
    return 0;
}

int declarations_find(struct db *db, const struct caller *c, const char *document, int32_t day,
                      struct declaration *out, int *out_n, struct app_error *err)
{
    struct declaration all[DECLARATIONS_FIND_MAX];
    char doc[RES_DOC_MAX];
    struct post p;
    int n = 0, rc;

    *out_n = 0;
    if ((rc = app_require(c, PERM_SCREEN, err)) < 0)
        return rc;
    if (!document || !*document || strlen(document) >= sizeof doc)
        return app_fail(err, APP_E_INVALID, "bad_value", "document",
                        "give the document number (1 to %zu bytes)", sizeof doc - 1);
    /* As stored: a mainland ID normalised (full-width digits, x). */
    {
        struct idcard ic;
        if (idcard_parse(document, strlen(document), day, &ic) == 0)
            snprintf(doc, sizeof doc, "%s", ic.number);
        else if (doc_check(DOC_OTHER, document, strlen(document), doc, sizeof doc) < 0)
            snprintf(doc, sizeof doc, "%s", document);
    }
    if ((rc = store_declarations_find(db, doc, day, all, DECLARATIONS_FIND_MAX, &n)) < 0)
        return app_db_fail(err, db, rc);
    for (int i = 0; i < n; i++) {
        if (store_post_get(db, all[i].post, &p) != 0 || !checkpoints_post_visible(c, &p))
            continue;
        out[(*out_n)++] = all[i];
    }
    return 0;
}

int declarations_lookup_job(struct db *db, void *arg)
{
    struct declarations_lookup *u = arg;
    char detail[96];
    int rc;

    if ((rc = declarations_find(db, &u->c, u->document, u->day, u->found, &u->n, &u->err)) < 0)
        return rc;
    for (int i = 0; i < u->n; i++) {
        if ((rc = store_post_get(db, u->found[i].post, &u->posts[i])) < 0)
            return app_db_fail(&u->err, db, rc);
        snprintf(detail, sizeof detail, "{\"declaration\":%lld,\"post\":%lld}",
                 (long long)u->found[i].id, (long long)u->found[i].post);
        if ((rc = audit_record(db, &u->c, "read_declaration", 0, u->posts[i].district, detail)) < 0)
            return app_db_fail(&u->err, db, rc);
    }
    return 0;
}

/* ---- JSON ------------------------------------------------------------------------ */

static json_t *day_json(int32_t day)
{
    char s[DATE_STR_LEN];

    if (day == DATE_NONE)
        return json_null();
    date_format(day, s);
    return json_string(s);
}

static json_t *traveller_json(const struct traveller *t)
{
    static const char *const sexes[] = {NULL, "male", "female"};

    return json_pack("{s:s, s:s, s:s, s:s?, s:o, s:s?, s:s, s:b, s:s, s:s, s:s}", "document_type",
                     doc_type_code((enum doc_type)t->doc_type), "document", t->doc_no, "name",
                     t->name, "sex", t->sex >= 1 && t->sex <= 2 ? sexes[t->sex] : NULL, "birth",
                     day_json(t->birth), "phone", t->phone[0] ? t->phone : NULL, "origin",
                     t->origin, "abroad", t->abroad, "travel", t->travel, "destination",
                     t->destination, "symptoms", t->symptoms);
}

static json_t *post_json(const struct post *p)
{
    return json_pack("{s:I, s:s, s:s}", "id", (json_int_t)p->id, "name", p->name, "checkpoint",
                     p->checkpoint_name);
}

json_t *screening_json(const struct screening_view *v)
{
    const struct screening *s = &v->s;
    char at[32], temp[8];
    json_t *j = traveller_json(&s->t);

    clock_format(s->at, at);
    temperature_format(s->temperature, temp, sizeof temp);
    json_object_set_new(j, "id", json_integer(s->id));
    json_object_set_new(j, "post", post_json(&v->post));
    json_object_set_new(j, "at", json_string(at));
    json_object_set_new(j, "date", day_json(s->day));
    json_object_set_new(j, "document_override",
                        s->doc_override[0] ? json_string(s->doc_override) : json_null());
    json_object_set_new(j, "temperature", json_real(s->temperature / 10.0));
    json_object_set_new(j, "temperature_text", json_string(temp));
    json_object_set_new(j, "fever", json_boolean(s->fever));
    json_object_set_new(j, "masked", json_boolean(v->masked));
    return j;
}

json_t *declaration_json(const struct declaration *d, const struct post *p)
{
    char at[32];
    json_t *j = traveller_json(&d->t);

    clock_format(d->at, at);
    json_object_set_new(j, "id", json_integer(d->id));
    json_object_set_new(j, "post", post_json(p));
    json_object_set_new(j, "at", json_string(at));
    json_object_set_new(j, "screening", d->screening ? json_integer(d->screening) : json_null());
    return j;
}
