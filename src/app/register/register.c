/*
 * The register batch (see register.h): one write transaction, colours
 * derived on write, history appended, counts tallied in memory and applied
 * once at commit.
 */
#include "app/register/register.h"

#include "app/accounts/audit.h"
#include "app/register/group_counts.h"

#include "app/register/rollover.h"
#include "app/register/rules.h"
#include "core/date.h"
#include "core/unitcode.h"
#include "util/clock.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

_Static_assert(FACTS_ORIGIN_MAX == RES_ORIGIN_MAX, "a change's origin fits the register's");

int register_begin(struct register_batch *b, struct db *db, const char *by, const char *source,
                   struct app_error *err)
{
    struct rollover_report rep;
    int rc;

    memset(b, 0, sizeof *b);
    b->db = db;
    b->by = by;
    b->source = source;
    b->today = clock_today();
    b->now = clock_now();
    tally_init(&b->tally);
    if ((rc = rules_load(db, &b->rules, err)) < 0)
        return rc;
    if ((rc = db_begin_write(db)) < 0) {
        app_fail(err, APP_E_INTERNAL, "db_error", NULL, "cannot write: %s", db_errmsg(db));
        return rc;
    }
    if ((rc = rollover_catch_up(db, &b->rules, b->today, &rep)) < 0) {
        app_fail(err, APP_E_INTERNAL, "db_error", NULL, "cannot roll over: %s", db_errmsg(db));
        db_rollback(db);
        return rc;
    }
    return 0;
}

void register_begin_within(struct register_batch *b, struct db *db,
                           const struct colour_rules *rules, const char *by, const char *source)
{
    memset(b, 0, sizeof *b);
    b->db = db;
    b->by = by;
    b->source = source;
    b->today = clock_today();
    b->now = clock_now();
    b->rules = *rules;
    b->within = 1;
    tally_init(&b->tally);
}

/* Appends s to the buffer as a JSON string, escaped. */
static size_t json_str(char *out, size_t pos, size_t cap, const char *s)
{
    static const char hex[] = "0123456789abcdef";

    if (pos < cap)
        out[pos] = '"';
    pos++;
    for (; *s; s++) {
        unsigned char ch = (unsigned char)*s;
        char esc[7];
        size_t n = 0;
        if (ch == '"' || ch == '\\') {
            esc[n++] = '\\';
            esc[n++] = (char)ch;
        } else if (ch < 0x20) {
            esc[n++] = '\\';
            esc[n++] = 'u';
            esc[n++] = '0';
            esc[n++] = '0';
            esc[n++] = hex[ch >> 4];
            esc[n++] = hex[ch & 15];
        } else {
            esc[n++] = (char)ch;
        }
        for (size_t i = 0; i < n; i++, pos++)
            if (pos < cap)
                out[pos] = esc[i];
    }
    if (pos < cap)
        out[pos] = '"';
    return pos + 1;
}

static size_t json_day(char *out, size_t pos, size_t cap, int32_t day)
{
    char d[DATE_STR_LEN + 2];

    if (day == DATE_NONE) {
        snprintf(d, sizeof d, "null");
    } else {
        d[0] = '"';
        date_format(day, d + 1);
        strcat(d, "\"");
    }
    for (const char *p = d; *p; p++, pos++)
        if (pos < cap)
            out[pos] = *p;
    return pos;
}

static size_t json_raw(char *out, size_t pos, size_t cap, const char *s)
{
    for (; *s; s++, pos++)
        if (pos < cap)
            out[pos] = *s;
    return pos;
}

/*
 * Written by hand rather than with jansson: this runs once per row of an
 * import, and building a jansson object tree per row costs more than the
 * row's INSERTs. The output is the same compact JSON.
 */
char *register_facts_json(const struct resident *r)
{
    const struct facts *f = &r->facts;
    size_t cap = 256 + 6 * strlen(r->origin), n = 0;
    char *out = malloc(cap);

    if (!out)
        return NULL;
    n = json_raw(out, n, cap, "{\"presence\":\"");
    n = json_raw(out, n, cap, presence_code(f->presence));
    n = json_raw(out, n, cap, "\"");
    /* Absent parts are left out (no arrival, no quarantine): most residents
     * have neither, and the history keeps one row per change. */
    if (f->arrival_day != DATE_NONE) {
        n = json_raw(out, n, cap, ",\"arrival\":{\"date\":");
        n = json_day(out, n, cap, f->arrival_day);
        n = json_raw(out, n, cap, ",\"origin\":");
        n = json_str(out, n, cap, r->origin);
        n = json_raw(out, n, cap, f->arrival_abroad ? ",\"abroad\":true}" : ",\"abroad\":false}");
    }
    if (f->quarantine != QUARANTINE_NONE) {
        n = json_raw(out, n, cap, ",\"quarantine\":{\"kind\":\"");
        n = json_raw(out, n, cap, quarantine_code(f->quarantine));
        n = json_raw(out, n, cap, "\",\"from\":");
        n = json_day(out, n, cap, f->quarantine_from);
        n = json_raw(out, n, cap, ",\"until\":");
        n = json_day(out, n, cap, f->quarantine_until);
        n = json_raw(out, n, cap, "}");
    }
    n = json_raw(out, n, cap, ",\"health\":\"");
    n = json_raw(out, n, cap, health_code(f->health));
    n = json_raw(out, n, cap, "\"}");
    if (n >= cap) { /* cannot happen with the capacity above */
        free(out);
        return NULL;
    }
    out[n] = '\0';
    return out;
}

int register_put(struct register_batch *b, struct resident *r, const struct resident *old,
                 const char *kind, const char *value, int32_t effective)
{
    struct fact_record h;
    char *own = NULL;
    int rc;

    r->colour = colour_eval(&b->rules, &r->facts, b->today, &r->next_change);
    r->updated_at = b->now;
    r->version = old ? old->version + 1 : 1;
    if (old) {
        r->id = old->id;
        rc = store_resident_update(b->db, r, old);
    } else if (b->bulk) {
        rc = store_bulk_resident(b->bulk, r);
    } else {
        rc = store_resident_insert(b->db, r);
    }
    if (rc < 0)
        return rc;
    if (!value && !(value = own = register_facts_json(r)))
        return DB_E_NOMEM;
    memset(&h, 0, sizeof h);
    h.resident = r->id;
    h.version = r->version;
    h.kind = kind;
    h.value = value;
    h.effective = effective == DATE_NONE ? b->today : effective;
    h.recorded_at = b->now;
    h.recorded_by = b->by;
    h.source = b->source;
    h.colour = r->colour;
    h.district = unitcode_at_level(r->committee, LEVEL_DISTRICT);
    rc = b->bulk ? store_bulk_history(b->bulk, &h) : store_history_add(b->db, &h);
    free(own);
    if (rc < 0)
        return rc;
    if (tally_move(&b->tally, old ? resident_count_unit(old) : 0, old ? old->colour : COLOUR_GREEN,
                   resident_count_unit(r), r->colour) < 0)
        return DB_E_NOMEM;
    b->written++;
    return 0;
}

int register_commit(struct register_batch *b, struct app_error *err)
{
    int rc;

    if (b->within) {
        /* In a writer group the counts are written once for the group
         * (app/register/group_counts.h); otherwise here. */
        if ((rc = group_counts_defer(&b->tally)) == 0)
            rc = store_counts_add_tally(b->db, &b->tally);
        if (rc < 0)
            app_fail(err, APP_E_INTERNAL, "db_error", NULL, "cannot update the counts: %s",
                     rc == DB_E_NOMEM ? "out of memory" : db_errmsg(b->db));
        else
            rc = 0;
    } else if ((rc = store_counts_add_tally(b->db, &b->tally)) < 0 || (rc = db_commit(b->db)) < 0) {
        app_fail(err, APP_E_INTERNAL, "db_error", NULL, "cannot commit: %s", db_errmsg(b->db));
        db_rollback(b->db);
    }
    tally_cleanup(&b->tally);
    return rc;
}

void register_abort(struct register_batch *b)
{
    if (!b->within)
        db_rollback(b->db);
    tally_cleanup(&b->tally);
}

static json_t *day_json(int32_t day)
{
    char s[DATE_STR_LEN];

    if (day == DATE_NONE)
        return json_null();
    date_format(day, s);
    return json_string(s);
}

char *register_change_json(const struct facts_change *ch)
{
    json_t *o = json_object();
    char *s;

    if (!o)
        return NULL;
    if (ch->set & FACT_PRESENCE)
        json_object_set_new(o, "presence", json_string(presence_code(ch->presence)));
    if (ch->set & FACT_ARRIVAL) {
        if (ch->arrival_day == DATE_NONE)
            json_object_set_new(o, "arrival", json_null());
        else
            json_object_set_new(o, "arrival",
                                json_pack("{s:o, s:s, s:b}", "date", day_json(ch->arrival_day),
                                          "origin", ch->origin, "abroad", ch->arrival_abroad));
    }
    if (ch->set & FACT_QUARANTINE)
        json_object_set_new(o, "quarantine",
                            json_pack("{s:s, s:o, s:o}", "kind", quarantine_code(ch->quarantine),
                                      "from", day_json(ch->quarantine_from), "until",
                                      day_json(ch->quarantine_until)));
    if (ch->set & FACT_HEALTH)
        json_object_set_new(o, "health", json_string(health_code(ch->health)));
    s = json_dumps(o, JSON_COMPACT);
    json_decref(o);
    return s;
}

int register_one(struct db *db, const struct caller *c, struct resident *r,
                 const struct resident *old, const struct facts_change *ch, const char *source,
                 const char *action, const char *detail, struct app_error *err)
{
    struct register_batch b;
    char *value = NULL;
    int rc;

    if (ch)
        facts_apply(&r->facts, r->origin, sizeof r->origin, ch);
    /* An update records the change; a new resident all its facts. */
    if (old && ch && !(value = register_change_json(ch)))
        return app_fail(err, APP_E_INTERNAL, "nomem", NULL, "out of memory");
    register_begin_within(&b, db, app_group_rules(), c->name, source);
    if ((rc = register_put(&b, r, old, old ? facts_change_kind(ch ? ch->set : 0) : "register",
                           value, ch ? ch->effective : DATE_NONE)) < 0 ||
        (rc = register_commit(&b, err)) < 0 ||
        (rc = audit_record(db, c, action, r->id, resident_count_unit(r), detail ? detail : value)) <
            0) {
        register_abort(&b);
        free(value);
        return app_db_fail(err, db, rc);
    }
    free(value);
    return 0;
}
