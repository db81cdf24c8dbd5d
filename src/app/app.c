/*
 * Scope checks and use-case errors (see app.h).
 */
#include "app/app.h"

#include "app/enterprises/entry_day.h"
#include "app/register/group_counts.h"
#include "app/register/rollover.h"
#include "app/register/rules.h"
#include "core/unitcode.h"
#include "util/clock.h"
#include "util/utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int64_t scope_of(const struct caller *c)
{
    return c->grid ? c->grid : c->unit;
}

int64_t scope_district(const struct caller *c)
{
    return unitcode_at_level(scope_of(c), LEVEL_DISTRICT);
}

int scope_contains(const struct caller *c, int64_t unit)
{
    return unit != 0 && unitcode_within(unit, scope_of(c));
}

int page_begin(struct page *pg, int def, int max)
{
    pg->next = 0;
    if (pg->limit <= 0)
        pg->limit = def;
    if (pg->limit > max)
        pg->limit = max;
    return pg->limit;
}

int page_take(struct page_walk *w, int64_t cursor)
{
    if (w->n == w->pg->limit) {
        w->pg->next = w->last;
        return 1;
    }
    w->n++;
    w->last = cursor;
    return 0;
}

int app_fail(struct app_error *e, int status, const char *code, const char *field, const char *fmt,
             ...)
{
    va_list ap;

    memset(e, 0, sizeof *e);
    snprintf(e->code, sizeof e->code, "%s", code);
    snprintf(e->field, sizeof e->field, "%s", field ? field : "");
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    va_end(ap);
    /* Messages quote what was sent, cut at byte counts: whole characters
     * only, or the JSON answer could not be written. */
    utf8_repair(e->field);
    utf8_repair(e->message);
    return status;
}

int app_db_fail(struct app_error *e, struct db *db, int rc)
{
    switch (rc) {
    case DB_E_NOTFOUND:
        return app_fail(e, APP_E_NOTFOUND, "not_found", NULL, "not found");
    case DB_E_BUSY:
        return app_fail(e, APP_E_BUSY, "busy", NULL, "the database is busy; try again");
    case DB_E_CONSTRAINT:
        return app_fail(e, APP_E_CONFLICT, "conflict", NULL, "%s",
                        db ? db_errmsg(db) : "constraint violated");
    case DB_E_FULL:
        return app_fail(e, APP_E_BUSY, "db_full", NULL,
                        "the database is full: no write can be saved until space is freed");
    case DB_E_READONLY:
        return app_fail(e, APP_E_BUSY, "db_readonly", NULL,
                        "the database is read-only: no write can be saved");
    default:
        if (rc <= APP_E_INVALID && rc >= APP_E_INTERNAL && e->code[0])
            return rc; /* already an app error */
        return app_fail(e, APP_E_INTERNAL, "db_error", NULL, "%s",
                        db ? db_errmsg(db) : db_strerror(rc));
    }
}

int app_require(const struct caller *c, unsigned perm, struct app_error *e)
{
    if (role_can(c->role, perm))
        return 0;
    return app_fail(e, APP_E_FORBIDDEN, "forbidden", NULL, "the role %s may not do this",
                    role_code(c->role));
}

int scope_check_unit(const struct caller *c, int64_t unit, unsigned perm, struct app_error *e)
{
    int rc;

    if ((rc = app_require(c, perm, e)) < 0)
        return rc;
    if (!scope_contains(c, unit))
        return app_fail(e, APP_E_NOTFOUND, "not_found", "code", "no unit %lld", (long long)unit);
    return 0;
}

void caller_cli(struct caller *out, int64_t city)
{
    memset(out, 0, sizeof *out);
    snprintf(out->name, sizeof out->name, "cli");
    out->role = ROLE_SYSTEM;
    out->unit = city;
}

void caller_link(struct caller *out, const char *name)
{
    memset(out, 0, sizeof *out);
    snprintf(out->name, sizeof out->name, "%s", name);
    out->role = ROLE_LINK;
}

static __thread struct colour_rules group_rules;

int app_group_begin(struct db *db, void *arg)
{
    struct rollover_report rep;
    struct app_error err;
    int rc;

    (void)arg;
    group_counts_open();
    entry_day_group_begin();
    if ((rc = rules_load(db, &group_rules, &err)) < 0) {
        fprintf(stderr, "cordon: %s\n", err.message);
        return rc;
    }
    return rollover_catch_up(db, &group_rules, clock_today(), &rep);
}

void app_job_end(void *arg, int rc)
{
    (void)arg;
    group_counts_job_end(rc);
}

int app_group_end(struct db *db, void *arg)
{
    int rc;

    (void)arg;
    rc = group_counts_flush(db);
    return rc < 0 ? rc : entry_day_group_end(db);
}

void app_group_committed(void)
{
    entry_day_committed();
}

const struct colour_rules *app_group_rules(void)
{
    return &group_rules;
}

int app_write(struct db *db, struct writer *w, writer_job_fn fn, void *arg)
{
    int rc;

    if (w)
        return writer_run(w, fn, arg);
    if ((rc = db_begin_write(db)) < 0)
        return rc;
    if ((rc = app_group_begin(db, NULL)) < 0 || (rc = fn(db, arg)) < 0) {
        group_counts_close();
        db_rollback(db);
        return rc;
    }
    app_job_end(NULL, rc);
    if ((rc = app_group_end(db, NULL)) < 0 || (rc = db_commit(db)) < 0) {
        db_rollback(db);
        return rc;
    }
    app_group_committed();
    return 0;
}
