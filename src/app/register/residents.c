/*
 * Register use cases for the API (see residents.h): scope checks, masking,
 * strict validation of facts, and the writer jobs that record them.
 */
#include "app/register/residents.h"

#include "app/input.h"

#include "app/accounts/audit.h"
#include "app/quarantine/quarantines.h"
#include "app/register/register.h"
#include "core/address.h"
#include "core/date.h"
#include "core/document.h"
#include "core/idcard.h"
#include "core/mask.h"
#include "core/phone.h"
#include "core/unitcode.h"
#include "store/units.h"
#include "util/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define TEXT_MAX 120 /* bytes of a name, origin or address part */

static int compound_visible(const struct caller *c, const struct place_compound *pc);

/* ---- reading ---------------------------------------------------------------- */

static void mask_view(struct resident_view *v)
{
    struct resident *r = &v->rp.r;
    char tmp[RES_NAME_MAX];

    mask_name(r->name, tmp, sizeof tmp);
    memcpy(r->name, tmp, sizeof r->name);
    mask_doc(r->doc_no, tmp, sizeof r->doc_no);
    memcpy(r->doc_no, tmp, sizeof r->doc_no);
    mask_phone(r->phone, tmp, sizeof r->phone);
    memcpy(r->phone, tmp, sizeof r->phone);
    r->birth = DATE_NONE;
    v->masked = 1;
}

/* Reads a resident the caller may see: APP_E_NOTFOUND when absent or
 * outside the scope, the two being indistinguishable. */
static int read_visible(struct db *db, const struct caller *c, int64_t id, struct resident_view *v,
                        struct app_error *err)
{
    int rc;

    memset(v, 0, sizeof *v);
    rc = store_resident_place_get(db, id, scope_district(c), &v->rp);
    if (rc == DB_E_NOTFOUND || (rc == 0 && !scope_contains(c, resident_count_unit(&v->rp.r))))
        return app_fail(err, APP_E_NOTFOUND, "not_found", "id", "no resident %lld", (long long)id);
    if (rc < 0)
        return app_db_fail(err, db, rc);
    return 0;
}

int residents_get(struct db *db, const struct caller *c, int64_t id, struct resident_view *out,
                  struct app_error *err)
{
    int rc;

    if ((rc = app_require(c, PERM_REGISTER_READ, err)) < 0 ||
        (rc = read_visible(db, c, id, out, err)) < 0)
        return rc;
    mask_view(out);
    return 0;
}

int residents_read_unmasked_job(struct db *db, void *arg)
{
    struct residents_read *u = arg;
    int rc;

    if ((rc = app_require(&u->c, PERM_REGISTER_READ | PERM_UNMASK, &u->err)) < 0 ||
        (rc = audit_reason_check(u->reason, &u->err)) < 0 ||
        (rc = read_visible(db, &u->c, u->id, &u->out, &u->err)) < 0)
        return rc;
    if ((rc = audit_record_reason(
             db, &u->c, "read_unmasked", u->id, resident_count_unit(&u->out.rp.r), u->reason,
             json_pack("{s:[s,s,s,s]}", "fields", "name", "doc_no", "phone", "birth"))) < 0)
        return app_db_fail(&u->err, db, rc);
    return 0;
}

/* Checks that a unit filter lies within the scope and exists. */
static int check_unit(struct db *db, const struct caller *c, int64_t unit, const char *field,
                      struct app_error *err)
{
    struct unit u;
    int rc;

    if (!scope_contains(c, unit))
        return app_fail(err, APP_E_NOTFOUND, "not_found", field, "no unit %lld", (long long)unit);
    rc = store_unit_get(db, unit, &u);
    if (rc == DB_E_NOTFOUND)
        return app_fail(err, APP_E_NOTFOUND, "not_found", field, "no unit %lld", (long long)unit);
    return rc < 0 ? app_db_fail(err, db, rc) : 0;
}

/* Reads q as an address when it names a room, or a building with its
 * compound or its 号 (岐山村1号1802, 岐山村 1号 1802室, 1号 2-1501, 1号楼):
 * the address rules of core/address.c, as the resolver reads them. A bare
 * number (1802, a phone's digits) stays a text search. */
static int address_query(const char *q, struct resident_address_filter *out)
{
    char norm[ADDRESS_MAX + 1];
    struct address_place p;
    int n;

    memset(out, 0, sizeof *out);
    if (!q || !*q || strlen(q) > ADDRESS_MAX ||
        (n = address_normalize(q, strlen(q), norm, sizeof norm)) <= 0)
        return 0;
    memset(&p, 0, sizeof p);
    address_parse_place(norm, 0, 0, &p);
    if (!p.room[0] && !(p.building[0] && (p.compound[0] || strstr(norm, "号"))))
        return 0;
    snprintf(out->compound, sizeof out->compound, "%s", p.compound);
    snprintf(out->building, sizeof out->building, "%s", p.building);
    snprintf(out->unit, sizeof out->unit, "%s", p.unit);
    snprintf(out->room, sizeof out->room, "%s", p.room);
    return 1;
}

/* How a text search q matches for caller c (issue 17: search must not be
 * an oracle for what masking hides). A role that may unmask searches
 * substrings of name, document and phone (audited: search_audit). Any
 * other searches only by what it sees or by a whole value: one character
 * is the start of a name (a masked name shows its first), 8 or more
 * letters and digits the whole document or phone number, answered only
 * when it matches exactly; anything else is refused, so that no partial
 * value is ever confirmed. */
/* Whether s is one UTF-8 character, not a digit. */
static int one_character(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t len = p[0] < 0x80 ? 1 : p[0] >= 0xF0 ? 4 : p[0] >= 0xE0 ? 3 : p[0] >= 0xC0 ? 2 : 0;

    if (!len || strlen(s) != len)
        return 0;
    for (size_t i = 1; i < len; i++)
        if ((p[i] & 0xC0) != 0x80)
            return 0;
    return !(len == 1 && p[0] >= '0' && p[0] <= '9');
}

static int search_mode(const struct caller *c, struct resident_filter *f, struct app_error *err)
{
    size_t n = strlen(f->q), alnum = 0;

    if (role_can(c->role, PERM_UNMASK)) {
        f->match = RESIDENT_MATCH_SUBSTRING;
        return 0;
    }
    for (const char *p = f->q; *p; p++)
        alnum += (*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z');
    if (alnum == n && n >= 8) {
        f->match = RESIDENT_MATCH_EXACT;
        return 0;
    }
    if (one_character(f->q)) {
        f->match = RESIDENT_MATCH_NAME_START;
        return 0;
    }
    return app_fail(err, APP_E_INVALID, "search_restricted", "q",
                    "the role %s searches by an address, the first character of a name, or a "
                    "whole ID or phone number",
                    role_code(c->role));
}

/* A substring search of personal fields is audited as an unmask is; the
 * entry keeps what was searched masked as a name is (its first character
 * and its length), since whoever reads the log may not unmask. */
static int search_audit(struct db *db, const struct caller *c, const struct resident_filter *f,
                        struct app_error *err)
{
    char masked[200], *detail;
    json_t *j;
    int rc;

    if (f->address || !f->q || !*f->q || f->match != RESIDENT_MATCH_SUBSTRING)
        return 0;
    mask_name(f->q, masked, sizeof masked);
    j = json_pack("{s:s}", "q", masked);
    detail = j ? json_dumps(j, JSON_COMPACT) : NULL;
    json_decref(j);
    if (!detail)
        return app_fail(err, APP_E_INVALID, "bad_utf8", "q", "q is not valid UTF-8");
    rc = audit_record(db, c, "search", 0, f->unit, detail);
    free(detail);
    return rc < 0 ? app_db_fail(err, db, rc) : 0;
}

/* The store filter of a query, the unit and compound checked against the
 * caller's scope; addr holds the address q reads as, if it does. */
static int list_filter(struct db *db, const struct caller *c, const struct residents_query *q,
                       struct resident_filter *f, struct resident_address_filter *addr,
                       struct app_error *err)
{
    int rc;

    if ((rc = app_require(c, PERM_REGISTER_READ, err)) < 0)
        return rc;
    memset(f, 0, sizeof *f);
    f->unit = q->unit ? q->unit : scope_of(c);
    if (q->unit && (rc = check_unit(db, c, q->unit, "unit", err)) < 0)
        return rc;
    if (q->compound) {
        struct place_compound pc;
        rc = store_compound_get(db, q->compound, &pc);
        if (rc == DB_E_NOTFOUND || (rc == 0 && !compound_visible(c, &pc)))
            return app_fail(err, APP_E_NOTFOUND, "not_found", "compound", "no compound %lld",
                            (long long)q->compound);
        if (rc < 0)
            return app_db_fail(err, db, rc);
        f->compound = q->compound;
    }
    f->colour = q->colour;
    f->q = q->q;
    if (address_query(q->q, addr))
        f->address = addr;
    else if (f->q && *f->q && (rc = search_mode(c, f, err)) < 0)
        return rc;
    return 0;
}

int residents_each(struct db *db, const struct caller *c, const struct residents_query *q,
                   resident_place_fn fn, void *arg, struct app_error *err)
{
    struct resident_filter f;
    struct resident_address_filter addr;
    struct resident_place rp;
    int64_t ids[RESIDENTS_PAGE_MAX];
    int n, rc;

    if ((rc = list_filter(db, c, q, &f, &addr, err)) < 0 || (rc = search_audit(db, c, &f, err)) < 0)
        return rc;
    /* Every resident of the unit in id order: the primary key walked from
     * just below the unit's first resident (a street of a city of 25
     * million starts 14 million ids in). */
    f.limit = 1;
    if ((rc = store_residents_find(db, &f, ids, &n)) < 0)
        return app_db_fail(err, db, rc);
    f.after = n ? ids[0] - 1 : 0;
    f.walk = 1;
    f.limit = RESIDENTS_PAGE_MAX;
    while (n) {
        if ((rc = store_residents_find(db, &f, ids, &n)) < 0)
            return app_db_fail(err, db, rc);
        for (int i = 0; i < n; i++) {
            rc = store_resident_place_get(db, ids[i], scope_district(c), &rp);
            if (rc == DB_E_NOTFOUND)
                continue;
            if (rc < 0 || (rc = fn(arg, &rp)) < 0)
                return app_db_fail(err, db, rc);
        }
        if (n < f.limit)
            break;
        f.after = ids[n - 1];
    }
    return 0;
}

int residents_list(struct db *db, const struct caller *c, const struct residents_query *q,
                   struct page *pg, resident_view_fn fn, void *arg, int64_t *out_total,
                   struct app_error *err)
{
    struct resident_filter f;
    struct resident_address_filter addr;
    struct resident_view v;
    int64_t ids[RESIDENTS_PAGE_MAX + 1];
    int n = 0, rc;

    page_begin(pg, RESIDENTS_PAGE_DEFAULT, RESIDENTS_PAGE_MAX);
    if ((rc = list_filter(db, c, q, &f, &addr, err)) < 0 ||
        (!pg->cursor && (rc = search_audit(db, c, &f, err)) < 0))
        return rc;
    f.after = pg->cursor;
    f.limit = pg->limit + 1; /* one more says whether there is a next page */
    if (out_total && !pg->cursor)
        rc = store_residents_find_counted(db, &f, ids, &n, out_total);
    else
        rc = store_residents_find(db, &f, ids, &n);
    if (rc < 0)
        return app_db_fail(err, db, rc);
    if (n == f.limit) {
        n--;
        pg->next = ids[n - 1];
    }
    for (int i = 0; i < n; i++) {
        memset(&v, 0, sizeof v);
        rc = store_resident_place_get(db, ids[i], scope_district(c), &v.rp);
        if (rc == DB_E_NOTFOUND)
            continue;
        if (rc < 0)
            return app_db_fail(err, db, rc);
        mask_view(&v);
        if ((rc = fn(arg, &v)) != 0)
            return rc < 0 ? rc : 0;
    }
    return 0;
}

PAGE_FORWARD(history_page, history_fn, struct history_row)

int residents_history(struct db *db, const struct caller *c, int64_t id, struct page *pg,
                      history_fn fn, void *arg, struct app_error *err)
{
    struct history_page p = {{pg, 0, 0}, fn, arg};
    struct resident_view v;
    int rc;

    page_begin(pg, RESIDENTS_PAGE_DEFAULT, RESIDENTS_PAGE_MAX);
    if ((rc = app_require(c, PERM_REGISTER_READ, err)) < 0 ||
        (rc = read_visible(db, c, id, &v, err)) < 0)
        return rc;
    /* One more than the page says whether there is a next one. */
    if ((rc = store_history_list(db, id, pg->cursor, pg->limit + 1, history_page_one, &p)) < 0)
        return app_db_fail(err, db, rc);
    return 0;
}

int residents_household(struct db *db, const struct caller *c, int64_t id,
                        struct household_view *out, struct app_error *err)
{
    int64_t ids[RESIDENTS_HOUSEHOLD_MAX];
    int n = 0, rc;

    memset(out, 0, sizeof *out);
    if ((rc = app_require(c, PERM_REGISTER_READ, err)) < 0)
        return rc;
    rc = store_household_get(db, id, &out->h);
    if (rc == DB_E_NOTFOUND)
        return app_fail(err, APP_E_NOTFOUND, "not_found", "id", "no household %lld", (long long)id);
    if (rc < 0)
        return app_db_fail(err, db, rc);
    if ((rc = store_household_residents(db, id, out->h.committee, ids, RESIDENTS_HOUSEHOLD_MAX,
                                        &n)) < 0)
        return app_db_fail(err, db, rc);
    for (int i = 0; i < n; i++) {
        struct resident_view *v = &out->residents[out->n];
        rc = store_resident_place_get(db, ids[i],
                                      unitcode_at_level(out->h.committee, LEVEL_DISTRICT), &v->rp);
        if (rc == DB_E_NOTFOUND)
            continue;
        if (rc < 0)
            return app_db_fail(err, db, rc);
        if (!scope_contains(c, resident_count_unit(&v->rp.r)))
            continue;
        mask_view(v);
        out->n++;
    }
    /* A grid worker sees a household through its residents in the grid. */
    if (!scope_contains(c, out->h.committee) && out->n == 0)
        return app_fail(err, APP_E_NOTFOUND, "not_found", "id", "no household %lld", (long long)id);
    return 0;
}

/* A compound is seen through its grid when it has one, else through its
 * committee. */
static int compound_visible(const struct caller *c, const struct place_compound *pc)
{
    return scope_contains(c, pc->grid ? pc->grid : pc->committee);
}

struct compound_page {
    compound_view_fn fn;
    void *arg;
    int64_t skip, seen;
    int limit, given;
    int more;
};

static int compound_one(void *arg, const struct place_compound *pc)
{
    struct compound_page *p = arg;

    if (p->seen++ < p->skip)
        return 0;
    if (p->given == p->limit) {
        p->more = 1;
        return 1;
    }
    p->given++;
    return p->fn(p->arg, pc);
}

int residents_compounds(struct db *db, const struct caller *c, int64_t unit, struct page *pg,
                        compound_view_fn fn, void *arg, struct app_error *err)
{
    struct compound_page p;
    int rc;

    page_begin(pg, RESIDENTS_PAGE_DEFAULT, RESIDENTS_PAGE_MAX);
    if ((rc = app_require(c, PERM_REGISTER_READ, err)) < 0)
        return rc;
    if (unit && (rc = check_unit(db, c, unit, "unit", err)) < 0)
        return rc;
    memset(&p, 0, sizeof p);
    p.fn = fn;
    p.arg = arg;
    p.skip = pg->cursor;
    p.limit = pg->limit;
    rc = store_compounds_within(db, unit ? unit : scope_of(c), compound_one, &p);
    if (rc < 0)
        return app_db_fail(err, db, rc);
    if (p.more)
        pg->next = pg->cursor + p.limit;
    return 0;
}

int residents_compound(struct db *db, const struct caller *c, int64_t id,
                       struct place_compound *out, place_household_fn fn, void *arg,
                       struct app_error *err)
{
    int rc;

    if ((rc = app_require(c, PERM_REGISTER_READ, err)) < 0)
        return rc;
    rc = store_compound_get(db, id, out);
    if (rc == DB_E_NOTFOUND || (rc == 0 && !compound_visible(c, out)))
        return app_fail(err, APP_E_NOTFOUND, "not_found", "id", "no compound %lld", (long long)id);
    if (rc < 0)
        return app_db_fail(err, db, rc);
    if ((rc = store_households_of_compound(db, id, fn, arg)) < 0)
        return app_db_fail(err, db, rc);
    return 0;
}

/* ---- validating input --------------------------------------------------------- */

/* A required date (obj[field], or the key after the dot of a dotted
 * field), no later than today unless allow_future. */
static int parse_date(const json_t *obj, const char *field, int32_t today, int allow_future,
                      int32_t *out, struct app_error *err)
{
    int present, rc;

    rc = allow_future ? input_date(obj, field, out, &present, err)
                      : input_past_date(obj, field, today, out, &present, err);
    if (rc == 0 && !present)
        return app_fail(err, APP_E_INVALID, "missing", field, "%s is required", field);
    return rc;
}

static int parse_enum(const json_t *j, const char *field, int (*parse)(const char *, void *),
                      void *out, const char *choices, struct app_error *err)
{
    if (!json_is_string(j))
        return app_fail(err, APP_E_INVALID, "bad_type", field, "%s must be a string (%s)", field,
                        choices);
    if (parse(json_string_value(j), out) < 0)
        return app_fail(err, APP_E_INVALID, "bad_value", field, "%s: %s is not one of %s", field,
                        json_string_value(j), choices);
    return 0;
}

static int p_presence(const char *s, void *out)
{
    return presence_parse(s, out);
}
static int p_health(const char *s, void *out)
{
    return health_parse(s, out);
}
static int p_quarantine(const char *s, void *out)
{
    return quarantine_parse(s, out);
}

static int parse_arrival(const json_t *j, int32_t today, struct facts_change *ch,
                         struct app_error *err)
{
    static const char *const keys[] = {"date", "origin", "abroad", NULL};
    const json_t *abroad;
    int rc;

    ch->set |= FACT_ARRIVAL;
    if (json_is_null(j)) { /* no arrival on record: stayed all along */
        ch->arrival_day = DATE_NONE;
        ch->arrival_abroad = 0;
        ch->origin[0] = '\0';
        return 0;
    }
    if (!json_is_object(j))
        return app_fail(err, APP_E_INVALID, "bad_type", "arrival",
                        "arrival must be an object {date, origin, abroad} or null");
    if ((rc = input_only_keys_in(j, keys, "arrival", err)) < 0)
        return rc;
    if (!json_object_get(j, "date"))
        return app_fail(err, APP_E_INVALID, "missing", "arrival.date", "arrival.date is required");
    if ((rc = parse_date(j, "arrival.date", today, 0, &ch->arrival_day, err)) < 0 ||
        (rc = input_text(j, "arrival.origin", 0, TEXT_MAX, ch->origin, sizeof ch->origin, err)) < 0)
        return rc;
    abroad = json_object_get(j, "abroad");
    if (abroad && !json_is_boolean(abroad))
        return app_fail(err, APP_E_INVALID, "bad_type", "arrival.abroad",
                        "arrival.abroad must be true or false");
    ch->arrival_abroad = abroad && json_is_true(abroad);
    return 0;
}

static int parse_quarantine(const json_t *j, int32_t today, struct facts_change *ch,
                            struct app_error *err)
{
    static const char *const keys[] = {"kind", "from", "until", NULL};
    const json_t *from, *until;
    int rc;

    ch->set |= FACT_QUARANTINE;
    if (!json_is_object(j))
        return app_fail(err, APP_E_INVALID, "bad_type", "quarantine",
                        "quarantine must be an object {kind, from, until}");
    if ((rc = input_only_keys_in(j, keys, "quarantine", err)) < 0)
        return rc;
    if (!json_object_get(j, "kind"))
        return app_fail(err, APP_E_INVALID, "missing", "quarantine.kind",
                        "quarantine.kind is required (none, home, central)");
    if ((rc = parse_enum(json_object_get(j, "kind"), "quarantine.kind", p_quarantine,
                         &ch->quarantine, "none, home, central", err)) < 0)
        return rc;
    from = json_object_get(j, "from");
    until = json_object_get(j, "until");
    if (from && json_is_null(from))
        from = NULL;
    if (until && json_is_null(until))
        until = NULL;
    ch->quarantine_from = ch->quarantine_until = DATE_NONE;
    if (ch->quarantine == QUARANTINE_NONE) {
        if (from || until)
            return app_fail(err, APP_E_INVALID, "inconsistent",
                            from ? "quarantine.from" : "quarantine.until",
                            "a quarantine of kind none has no dates");
        return 0;
    }
    if (!from)
        return app_fail(err, APP_E_INVALID, "missing", "quarantine.from",
                        "a quarantine needs its start date");
    if ((rc = parse_date(j, "quarantine.from", today, 0, &ch->quarantine_from, err)) < 0)
        return rc;
    if (!until) {
        ch->quarantine_until = ch->quarantine_from + 13; /* 14 days, inclusive */
        return 0;
    }
    if ((rc = parse_date(j, "quarantine.until", today, 1, &ch->quarantine_until, err)) < 0)
        return rc;
    if (ch->quarantine_until < ch->quarantine_from)
        return app_fail(err, APP_E_INVALID, "inconsistent", "quarantine.until",
                        "the quarantine ends before it starts");
    if (ch->quarantine_until > ch->quarantine_from + 366)
        return app_fail(err, APP_E_INVALID, "out_of_range", "quarantine.until",
                        "a quarantine lasts at most a year");
    return 0;
}

/* The facts of body (and `effective` when allow_effective); keys outside
 * the facts and `extra` are refused. */
static int parse_facts(const json_t *body, int32_t today, int allow_effective,
                       const char *const *extra, struct facts_change *ch, struct app_error *err)
{
    static const char *const fact_keys[] = {"presence", "arrival", "quarantine", "health",
                                            "effective"};
    const char *allowed[32];
    const json_t *j;
    int n = 0, rc;

    memset(ch, 0, sizeof *ch);
    ch->arrival_day = ch->quarantine_from = ch->quarantine_until = DATE_NONE;
    ch->effective = today;
    if (!json_is_object(body))
        return app_fail(err, APP_E_INVALID, "bad_type", NULL, "the body must be a JSON object");
    for (int i = 0; i < 5; i++)
        if (i < 4 || allow_effective)
            allowed[n++] = fact_keys[i];
    for (int i = 0; extra && extra[i] && n < 31; i++)
        allowed[n++] = extra[i];
    allowed[n] = NULL;
    if ((rc = input_only_keys_in(body, allowed, NULL, err)) < 0)
        return rc;
    if ((j = json_object_get(body, "presence"))) {
        ch->set |= FACT_PRESENCE;
        if ((rc = parse_enum(j, "presence", p_presence, &ch->presence, "in, away", err)) < 0)
            return rc;
    }
    if ((j = json_object_get(body, "arrival")) && (rc = parse_arrival(j, today, ch, err)) < 0)
        return rc;
    if ((j = json_object_get(body, "quarantine")) && (rc = parse_quarantine(j, today, ch, err)) < 0)
        return rc;
    if ((j = json_object_get(body, "health"))) {
        ch->set |= FACT_HEALTH;
        if ((rc = parse_enum(j, "health", p_health, &ch->health,
                             "normal, fever, suspected, confirmed, recovered", err)) < 0)
            return rc;
    }
    if (allow_effective && json_object_get(body, "effective") &&
        (rc = parse_date(body, "effective", today, 0, &ch->effective, err)) < 0)
        return rc;
    if ((ch->set & FACT_PRESENCE) && ch->presence == PRESENCE_AWAY && (ch->set & FACT_ARRIVAL) &&
        ch->arrival_day != DATE_NONE)
        return app_fail(err, APP_E_INVALID, "inconsistent", "presence",
                        "an arrival is recorded, but presence says away");
    return 0;
}

int residents_facts_parse(struct db *db, const json_t *body, void *job)
{
    struct residents_facts *u = job;
    int rc;

    (void)db;
    if ((rc = parse_facts(body, u->today, 1, NULL, &u->ch, &u->err)) < 0)
        return rc;
    if (!u->ch.set)
        return app_fail(&u->err, APP_E_INVALID, "missing", NULL,
                        "give at least one of presence, arrival, quarantine, health");
    return 0;
}

/* A change setting a running quarantine opens its case, which records the
 * whole change (one register write), so the fact never exists without its
 * case. */
static int facts_with_case(struct db *db, struct residents_facts *u)
{
    int rc;

    if ((rc = quarantines_open_for_fact(db, &u->c, u->id, &u->ch, &u->quarantine_case, u->token,
                                        &u->err)) < 0 ||
        (rc = read_visible(db, &u->c, u->id, &u->out, &u->err)) < 0)
        return rc;
    mask_view(&u->out);
    return 0;
}

int residents_facts_job(struct db *db, void *arg)
{
    struct residents_facts *u = arg;
    struct resident old;
    int rc;

    if ((rc = app_require(&u->c, PERM_REGISTER_WRITE, &u->err)) < 0 ||
        (rc = read_visible(db, &u->c, u->id, &u->out, &u->err)) < 0)
        return rc;
    if (quarantines_fact_opens_case(&u->ch, clock_today()))
        return facts_with_case(db, u);
    old = u->out.rp.r;
    if ((rc = register_one(db, &u->c, &u->out.rp.r, &old, &u->ch, "api", "facts", NULL, &u->err)) <
        0)
        return rc;
    mask_view(&u->out);
    return 0;
}

/* ---- registering ---------------------------------------------------------------- */

static int parse_address(const json_t *j, struct residents_create *u, struct app_error *err)
{
    static const char *const keys[] = {"compound", "building", "unit", "room", "floor", NULL};
    const json_t *fl;
    int rc;

    if (!json_is_object(j))
        return app_fail(err, APP_E_INVALID, "bad_type", "address",
                        "address must be an object {compound, building, unit, room, floor}");
    if ((rc = input_only_keys_in(j, keys, "address", err)) < 0 ||
        (rc = input_text(j, "address.compound", INPUT_REQUIRED, TEXT_MAX, u->compound,
                         sizeof u->compound, err)) < 0 ||
        (rc = input_text(j, "address.building", INPUT_REQUIRED, TEXT_MAX, u->building,
                         sizeof u->building, err)) < 0 ||
        (rc = input_text(j, "address.unit", 0, TEXT_MAX, u->unit, sizeof u->unit, err)) < 0 ||
        (rc = input_text(j, "address.room", INPUT_REQUIRED, TEXT_MAX, u->room, sizeof u->room,
                         err)) < 0)
        return rc;
    fl = json_object_get(j, "floor");
    if (fl && !json_is_null(fl)) {
        json_int_t f;
        if (!json_is_integer(fl))
            return app_fail(err, APP_E_INVALID, "bad_type", "address.floor",
                            "address.floor must be an integer");
        f = json_integer_value(fl);
        if (f < -5 || f > 200 || f == 0)
            return app_fail(err, APP_E_INVALID, "out_of_range", "address.floor",
                            "address.floor must be -5 to 200, not 0");
        u->floor = (int)f;
    }
    return 0;
}

int residents_create_parse(struct db *db, const json_t *body, void *job)
{
    static const char *const extra[] = {"name",      "doc_type", "doc_no",  "phone",
                                        "committee", "grid",     "address", NULL};
    struct residents_create *u = job;
    const struct caller *c = &u->c;
    struct app_error *err = &u->err;
    int32_t today = u->today;
    struct facts_change ch;
    struct resident *r = &u->r;
    enum doc_type dt = DOC_ID_CARD;
    const json_t *j;
    char doc[64], phone[64];
    int rc, present;

    (void)db;
    if ((rc = parse_facts(body, today, 0, extra, &ch, err)) < 0)
        return rc;
    facts_init(&r->facts);
    r->birth = DATE_NONE;
    facts_apply(&r->facts, r->origin, sizeof r->origin, &ch);
    if ((rc = input_text(body, "name", INPUT_REQUIRED, TEXT_MAX, r->name, sizeof r->name, err)) < 0)
        return rc;
    if ((j = json_object_get(body, "doc_type"))) {
        if (!json_is_string(j))
            return app_fail(err, APP_E_INVALID, "bad_type", "doc_type",
                            "doc_type must be a string");
        if (doc_type_parse(json_string_value(j), strlen(json_string_value(j)), &dt) < 0)
            return app_fail(err, APP_E_INVALID, "bad_value", "doc_type",
                            "%s: not a document type (id_card, passport, hk_macao, taiwan, "
                            "foreign_pr, other)",
                            json_string_value(j));
    }
    r->doc_type = dt;
    if ((rc = input_text(body, "doc_no", INPUT_REQUIRED, TEXT_MAX, doc, sizeof doc, err)) < 0)
        return rc;
    if (dt == DOC_ID_CARD) {
        struct idcard ic;
        if ((rc = idcard_parse(doc, strlen(doc), today, &ic)) < 0)
            return app_fail(err, APP_E_INVALID, idcard_errcode(rc), "doc_no", "%s: %s", doc,
                            idcard_strerror(rc));
        snprintf(r->doc_no, sizeof r->doc_no, "%s", ic.number);
        r->birth = ic.birth_day;
        r->sex = ic.sex;
    } else if ((rc = doc_check(dt, doc, strlen(doc), r->doc_no, sizeof r->doc_no)) < 0) {
        return app_fail(err, APP_E_INVALID, doc_errcode(rc), "doc_no", "%s: %s", doc,
                        doc_strerror(rc));
    }
    if ((rc = input_text(body, "phone", 0, TEXT_MAX, phone, sizeof phone, err)) < 0)
        return rc;
    if (*phone && (rc = phone_check(phone, strlen(phone), r->phone)) < 0)
        return app_fail(err, APP_E_INVALID, phone_errcode(rc), "phone", "%s: %s", phone,
                        phone_strerror(rc));
    /* Where: by default the caller's own committee (and grid). */
    r->committee = unitcode_level(c->unit) == LEVEL_COMMITTEE ? c->unit : 0;
    if ((rc = input_code(body, "committee", &r->committee, &present, err)) < 0)
        return rc;
    if (r->committee == c->unit)
        r->grid = c->grid;
    if ((rc = input_code(body, "grid", &r->grid, &present, err)) < 0)
        return rc;
    if (!r->committee)
        return app_fail(err, APP_E_INVALID, "missing", "committee",
                        "say which committee the resident belongs to");
    if (unitcode_level(r->committee) != LEVEL_COMMITTEE)
        return app_fail(err, APP_E_INVALID, "bad_code", "committee",
                        "committee must be a 12-digit committee code");
    if (r->grid && unitcode_parent(r->grid) != r->committee)
        return app_fail(err, APP_E_INVALID, "bad_code", "grid",
                        "grid must be one of the committee's grids");
    if ((j = json_object_get(body, "address")) && !json_is_null(j) &&
        (rc = parse_address(j, u, err)) < 0)
        return rc;
    return 0;
}

int residents_create_job(struct db *db, void *arg)
{
    struct residents_create *u = arg;
    struct resident *r = &u->r, dup;
    struct unit unit;
    int64_t compound, building;
    int rc;

    if ((rc = app_require(&u->c, PERM_REGISTER_WRITE, &u->err)) < 0)
        return rc;
    /* A committee or grid outside the scope is reported as absent. */
    if (!scope_contains(&u->c, resident_count_unit(r)) ||
        store_unit_get(db, r->committee, &unit) != 0 ||
        (r->grid && store_unit_get(db, r->grid, &unit) != 0))
        return app_fail(&u->err, APP_E_NOTFOUND, "not_found", r->grid ? "grid" : "committee",
                        "no unit %lld", (long long)resident_count_unit(r));
    rc = store_resident_find_doc(db, r->doc_type, r->doc_no, &dup);
    if (rc == 0)
        return app_fail(&u->err, APP_E_CONFLICT, "duplicate", "doc_no",
                        "a resident with this document is already registered");
    if (rc != DB_E_NOTFOUND)
        return app_db_fail(&u->err, db, rc);
    if (u->compound[0]) {
        int64_t district = unitcode_at_level(r->committee, LEVEL_DISTRICT);
        if ((rc = store_compound_ensure(db, r->committee, u->compound, &compound)) < 0 ||
            (rc = store_building_ensure(db, compound, district, u->building, &building)) < 0 ||
            (rc = store_household_ensure(db, building, u->unit, u->room, u->floor, r->committee,
                                         &r->household)) < 0)
            return app_db_fail(&u->err, db, rc);
    }
    if ((rc = register_one(db, &u->c, r, NULL, NULL, "api", "register", NULL, &u->err)) < 0)
        return rc;
    if ((rc = read_visible(db, &u->c, r->id, &u->out, &u->err)) < 0)
        return rc;
    mask_view(&u->out);
    return 0;
}
