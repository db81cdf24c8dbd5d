/*
 * Cases for imported quarantines (import_cases.h): the rows are noted while
 * the sheet is written, the cases opened once it is committed, all at once
 * (or one by one, the reference path of the tests).
 */
#include "app/register/import_cases.h"

#include "app/daytime.h"
#include "app/quarantine/quarantines.h"
#include "app/register/register.h"
#include "app/tasks/tasks.h"
#include "core/date.h"
#include "core/tasks.h"
#include "store/quarantines_bulk.h"
#include "store/units.h"
#include "util/clock.h"
#include "util/linktoken.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int import_cases_note(struct import_cases *cs, size_t line, const struct resident *r, int32_t today)
{
    struct facts_change ch;
    struct import_case *c;

    memset(&ch, 0, sizeof ch);
    ch.set = FACT_QUARANTINE;
    ch.quarantine = r->facts.quarantine;
    ch.quarantine_from = r->facts.quarantine_from;
    ch.quarantine_until = r->facts.quarantine_until;
    ch.effective = r->facts.quarantine_from;
    if (!quarantines_fact_opens_case(&ch, today))
        return 0;
    if (cs->n == cs->cap) {
        size_t cap = cs->cap ? 2 * cs->cap : 64;
        struct import_case *v = realloc(cs->v, cap * sizeof *v);
        if (!v)
            return DB_E_NOMEM;
        cs->v = v;
        cs->cap = cap;
    }
    c = &cs->v[cs->n++];
    c->line = line;
    c->doc_type = r->doc_type;
    snprintf(c->doc_no, sizeof c->doc_no, "%s", r->doc_no);
    c->resident = r->id;
    c->household = r->household;
    c->unit = resident_count_unit(r);
    c->ch = ch;
    return 0;
}

struct open_job {
    struct caller c;
    const struct import_cases *cs;
    int64_t opened;
    struct app_error err;
};

/* Says which line's case could not be opened, and why. */
static void case_failed(struct app_error *err, size_t line)
{
    char why[sizeof err->message];

    snprintf(why, sizeof why, "%s", err->message);
    snprintf(err->message, sizeof err->message,
             "line %zu: the rows are imported, but the quarantine case was not opened: %s", line,
             why);
}

static int open_all(struct db *db, void *arg)
{
    struct open_job *j = arg;
    char token[QUARANTINE_TOKEN_LEN];
    struct resident r;
    int64_t id;
    int rc;

    for (size_t i = 0; i < j->cs->n; i++) {
        const struct import_case *c = &j->cs->v[i];
        if ((rc = store_resident_find_doc(db, c->doc_type, c->doc_no, &r)) < 0)
            return app_db_fail(&j->err, db, rc);
        rc = quarantines_open_for_fact(db, &j->c, r.id, &c->ch, &id, token, &j->err);
        if (rc < 0 && strcmp(j->err.code, "case_open") != 0) {
            case_failed(&j->err, c->line);
            return rc;
        }
        j->opened += rc == 0;
    }
    return 0;
}

/* Stages case c (a new check-in link's hash; bad when the caller may not
 * open it). */
static int stage_one(struct case_stage *st, const struct caller *caller,
                     const struct import_case *c, int32_t today)
{
    struct app_error scratch;
    char token[LINKTOKEN_LEN], hash[LINKHASH_LEN], *value;
    struct case_staged s;
    int rc;

    if (linktoken_new(token) < 0 || linktoken_hash(token, hash) < 0)
        return DB_E_RANGE;
    if (!(value = register_change_json(&c->ch)))
        return DB_E_NOMEM;
    s.line = (int64_t)c->line;
    s.resident = c->resident;
    s.kind = (int)c->ch.quarantine;
    s.day_from = c->ch.quarantine_from;
    s.day_until = c->ch.quarantine_until;
    s.effective = c->ch.effective == DATE_NONE ? today : c->ch.effective;
    s.token_hash = hash;
    s.value = value;
    s.bad = quarantines_may_open(caller, c->resident, c->unit, c->household, s.kind, &scratch) < 0;
    rc = store_case_stage_add(st, &s);
    free(value);
    return rc;
}

/* The error of the first case the caller may not open (whose resident is
 * in no running case: that one is left alone), as the one-by-one path says
 * it. 0 when there is none. */
static int first_refused(struct db *db, struct open_job *j, int32_t today)
{
    int64_t line;
    int rc;

    if ((rc = store_case_stage_first_bad(db, today, &line)) < 0)
        return app_db_fail(&j->err, db, rc);
    for (size_t i = 0; line && i < j->cs->n; i++) {
        const struct import_case *c = &j->cs->v[i];
        if ((int64_t)c->line != line)
            continue;
        rc = quarantines_may_open(&j->c, c->resident, c->unit, c->household, (int)c->ch.quarantine,
                                  &j->err);
        case_failed(&j->err, c->line);
        return rc;
    }
    return 0;
}

static int open_setwise(struct db *db, void *arg)
{
    struct open_job *j = arg;
    struct case_open_params p;
    struct case_stage *st;
    struct task_row t;
    int rc = 0;

    memset(&p, 0, sizeof p);
    p.today = clock_today();
    p.now = clock_now();
    p.created_at = daytime_now();
    if ((rc = store_case_stage_begin(db, &st)) < 0)
        return app_db_fail(&j->err, db, rc);
    for (size_t i = 0; i < j->cs->n && rc == 0; i++)
        rc = stage_one(st, &j->c, &j->cs->v[i], p.today);
    if (rc < 0) {
        store_case_stage_end(st);
        return app_db_fail(&j->err, db, rc);
    }
    if ((rc = store_case_stage_end(st)) < 0)
        return app_db_fail(&j->err, db, rc);
    if ((rc = first_refused(db, j, p.today)) < 0)
        return rc;
    tasks_rubbish_of_day(p.today, p.created_at, &t);
    p.account = j->c.account;
    p.by = j->c.name;
    p.address = j->c.address;
    p.history_kind = facts_change_kind(FACT_QUARANTINE);
    p.home_kind = QUARANTINE_HOME;
    p.task_kind = task_kind_code(TASK_RUBBISH);
    p.task_title = t.title;
    p.task_deadline = t.deadline;
    if ((rc = store_cases_open_staged(db, &p, &j->opened)) < 0) {
        app_db_fail(&j->err, db, rc);
        snprintf(j->err.message, sizeof j->err.message,
                 "the rows are imported, but their quarantine cases were not opened: %s",
                 db_errmsg(db));
    }
    return rc;
}

static int open_cases(struct db *db, const struct caller *c, const struct import_cases *cs,
                      writer_job_fn fn, int64_t *out_opened, struct app_error *err)
{
    struct open_job *j;
    int64_t city;
    int rc;

    *out_opened = 0;
    if (!cs->n)
        return 0;
    if (!(j = calloc(1, sizeof *j)))
        return app_fail(err, APP_E_INTERNAL, "nomem", NULL, "out of memory");
    j->cs = cs;
    if (c) {
        j->c = *c;
    } else if ((rc = store_city_code(db, &city)) < 0) {
        rc = app_db_fail(err, db, rc);
        goto out;
    } else {
        caller_cli(&j->c, city);
    }
    if ((rc = app_write(db, NULL, fn, j)) < 0) {
        *err = j->err;
        if (!err->code[0])
            app_db_fail(err, db, rc);
        goto out;
    }
    *out_opened = j->opened;
out:
    free(j);
    return rc;
}

int import_cases_open(struct db *db, const struct caller *c, const struct import_cases *cs,
                      int64_t *out_opened, struct app_error *err)
{
    return open_cases(db, c, cs, open_setwise, out_opened, err);
}

int import_cases_open_one_by_one(struct db *db, const struct caller *c,
                                 const struct import_cases *cs, int64_t *out_opened,
                                 struct app_error *err)
{
    return open_cases(db, c, cs, open_all, out_opened, err);
}

void import_cases_cleanup(struct import_cases *cs)
{
    free(cs->v);
    memset(cs, 0, sizeof *cs);
}
