/*
 * Cases for imported quarantines (import_cases.h): the rows are noted while
 * the sheet is written, the cases opened once it is committed.
 */
#include "app/register/import_cases.h"

#include "app/quarantine/quarantines.h"
#include "store/units.h"

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
    c->ch = ch;
    return 0;
}

struct open_job {
    struct caller c;
    const struct import_cases *cs;
    int64_t opened;
    struct app_error err;
};

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
            char why[sizeof j->err.message];
            snprintf(why, sizeof why, "%s", j->err.message);
            snprintf(j->err.message, sizeof j->err.message,
                     "line %zu: the rows are imported, but the quarantine case was not opened: %s",
                     c->line, why);
            return rc;
        }
        j->opened += rc == 0;
    }
    return 0;
}

int import_cases_open(struct db *db, const struct caller *c, const struct import_cases *cs,
                      int64_t *out_opened, struct app_error *err)
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
    if ((rc = app_write(db, NULL, open_all, j)) < 0) {
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

void import_cases_cleanup(struct import_cases *cs)
{
    free(cs->v);
    memset(cs, 0, sizeof *cs);
}
