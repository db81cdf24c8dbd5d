/*
 * Audit use cases (see audit.h).
 */
#include "app/accounts/audit.h"

#include "store/residents_query.h"
#include "util/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PERSON_IDS_MAX 8

int audit_record(struct db *db, const struct caller *c, const char *action, int64_t resident,
                 int64_t unit, const char *detail)
{
    struct audit_entry e;

    memset(&e, 0, sizeof e);
    e.at = clock_now();
    e.account = c->account;
    e.account_name = c->name;
    e.action = action;
    e.resident = resident;
    e.unit = unit;
    e.address = c->address;
    e.detail = detail;
    return store_audit_add(db, &e);
}

int audit_reason_check(const char *reason, struct app_error *err)
{
    const char *p = reason;

    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    if (!*p)
        return app_fail(err, APP_E_INVALID, "missing", "reason",
                        "say why you need the full name and phone");
    if (strlen(reason) >= AUDIT_REASON_LEN - 1)
        return app_fail(err, APP_E_INVALID, "too_long", "reason",
                        "the reason is longer than %d bytes", AUDIT_REASON_LEN - 2);
    return 0;
}

int audit_record_reason(struct db *db, const struct caller *c, const char *action, int64_t resident,
                        int64_t unit, const char *reason, json_t *detail)
{
    char *text;
    int rc;

    if (!detail)
        detail = json_object();
    if (!detail || json_object_set_new(detail, "reason", json_string(reason)) < 0 ||
        !(text = json_dumps(detail, JSON_COMPACT))) {
        json_decref(detail);
        return DB_E_NOMEM;
    }
    json_decref(detail);
    rc = audit_record(db, c, action, resident, unit, text);
    free(text);
    return rc;
}

struct collect {
    struct audit_item *items;
    int n, cap;
};

static int collect_one(void *arg, const struct audit_entry *e)
{
    struct collect *c = arg;
    struct audit_item *it;

    if (c->n >= c->cap)
        return 1;
    it = &c->items[c->n++];
    memset(it, 0, sizeof *it);
    it->id = e->id;
    it->at = e->at;
    it->account = e->account;
    snprintf(it->account_name, sizeof it->account_name, "%s", e->account_name);
    snprintf(it->action, sizeof it->action, "%s", e->action);
    it->resident = e->resident;
    it->unit = e->unit;
    snprintf(it->address, sizeof it->address, "%s", e->address);
    snprintf(it->detail, sizeof it->detail, "%s", e->detail ? e->detail : "");
    return 0;
}

static int by_id_desc(const void *a, const void *b)
{
    int64_t x = ((const struct audit_item *)a)->id, y = ((const struct audit_item *)b)->id;
    return x < y ? 1 : x > y ? -1 : 0;
}

int audit_list(struct db *db, const struct caller *c, const struct audit_query *q, struct page *pg,
               audit_item_fn fn, void *arg, struct app_error *err)
{
    struct audit_filter f;
    struct collect col;
    int64_t ids[PERSON_IDS_MAX];
    int nids = 1, rc, limit = page_begin(pg, 100, AUDIT_PAGE_MAX);

    if ((rc = app_require(c, PERM_AUDIT, err)) < 0)
        return rc;
    ids[0] = 0;
    if (q->person && *q->person) {
        if ((rc = store_residents_by_doc_no(db, q->person, ids, PERSON_IDS_MAX, &nids)) < 0)
            return app_db_fail(err, db, rc);
        if (nids == 0)
            return 0;
    }
    /* Up to limit + 1 entries per resident, merged: the extra one says
     * whether there is a next page. */
    col.cap = (limit + 1) * nids;
    col.n = 0;
    if (!(col.items = malloc((size_t)col.cap * sizeof *col.items)))
        return app_fail(err, APP_E_INTERNAL, "nomem", NULL, "out of memory");
    memset(&f, 0, sizeof f);
    f.scope = scope_of(c);
    f.account_name = q->account;
    f.before = pg->cursor;
    f.limit = limit + 1;
    for (int i = 0; i < nids; i++) {
        f.resident = ids[i];
        if ((rc = store_audit_list(db, &f, collect_one, &col)) < 0) {
            free(col.items);
            return app_db_fail(err, db, rc);
        }
    }
    qsort(col.items, (size_t)col.n, sizeof *col.items, by_id_desc);
    rc = 0;
    for (int i = 0; i < col.n && i < limit && rc == 0; i++)
        rc = fn(arg, &col.items[i]);
    if (col.n > limit)
        pg->next = col.items[limit - 1].id;
    free(col.items);
    return rc < 0 ? rc : 0;
}
