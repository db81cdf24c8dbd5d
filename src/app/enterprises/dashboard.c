/*
 * The return-to-work dashboards (see dashboard.h): one pass over the
 * enterprises of the unit with their status on the day, grouped in C (a
 * hash map from the group's key to its row); the tickets' ages bucketed
 * from one list of the open ones.
 */
#include "app/enterprises/dashboard.h"

#include "app/daytime.h"
#include "core/resumption.h"
#include "core/tasks.h"
#include "store/enterprise_tickets.h"
#include "util/strmap.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const by_codes[BY_COUNT] = {"street", "park", "building", "industry"};

int breakdown_by_parse(const char *s, enum breakdown_by *out)
{
    for (int i = 0; i < BY_COUNT; i++)
        if (strcmp(s, by_codes[i]) == 0) {
            *out = (enum breakdown_by)i;
            return 0;
        }
    return -1;
}

struct groups {
    enum breakdown_by by;
    int64_t threshold;
    struct strmap keys;
    struct breakdown_row *rows;
    int n, cap;
    resumption_row_fn large_fn;
    void *arg;
};

/* The key and name of r's group. */
static void key_of(const struct groups *g, const struct resumption_row *r, char *key, size_t ks,
                   char *name, size_t ns)
{
    int64_t place = g->by == BY_PARK ? r->park : r->building;

    if (g->by == BY_STREET) {
        snprintf(key, ks, "%lld", (long long)r->street);
        snprintf(name, ns, "%lld", (long long)r->street);
    } else if (g->by == BY_INDUSTRY) {
        snprintf(key, ks, "%s", r->industry);
        snprintf(name, ns, "%s", r->industry);
    } else {
        if (place)
            snprintf(key, ks, "%lld", (long long)place);
        else
            snprintf(key, ks, "-"); /* in no park (building) */
        snprintf(name, ns, "%s", g->by == BY_PARK ? r->park_name : r->building_name);
    }
}

static struct breakdown_row *group_of(struct groups *g, const struct resumption_row *r)
{
    char key[ENT_TEXT_MAX], name[ENT_NAME_MAX];
    int64_t at;

    key_of(g, r, key, sizeof key, name, sizeof name);
    if (strmap_get(&g->keys, key, strlen(key), &at))
        return &g->rows[at];
    if (g->n == g->cap) {
        int cap = g->cap ? g->cap * 2 : 64;
        struct breakdown_row *rows = realloc(g->rows, (size_t)cap * sizeof *rows);
        if (!rows)
            return NULL;
        g->rows = rows;
        g->cap = cap;
    }
    if (strmap_put(&g->keys, key, strlen(key), g->n) < 0)
        return NULL;
    memset(&g->rows[g->n], 0, sizeof g->rows[0]);
    snprintf(g->rows[g->n].key, sizeof g->rows[0].key, "%s", key);
    snprintf(g->rows[g->n].name, sizeof g->rows[0].name, "%s", name);
    return &g->rows[g->n++];
}

static int count_one(void *arg, const struct resumption_row *r)
{
    struct groups *g = arg;
    struct breakdown_row *b = group_of(g, r);
    enum resumption_status s = RS_CLOSED;
    int open = resumption_parse(r->status, &s) == 0 && resumption_is_open(s);

    if (!b)
        return DB_E_NOMEM;
    b->f.total++;
    b->f.staff_total += r->staff;
    b->f.output_total += r->output;
    if (open) {
        b->f.open++;
        b->f.staff_on_site += r->on_site;
        b->f.output_open += r->output;
    }
    if (g->large_fn && r->output >= g->threshold)
        return g->large_fn(g->arg, r);
    return 0;
}

int resumption_breakdown(struct db *db, const struct caller *c, int64_t unit, int32_t day,
                         enum breakdown_by by, int64_t threshold, struct breakdown_row **out,
                         int *n, resumption_row_fn large_fn, void *arg, struct app_error *err)
{
    struct groups g = {by, threshold, {0}, NULL, 0, 0, large_fn, arg};
    int64_t lo, hi;
    int rc;

    *out = NULL;
    *n = 0;
    if ((rc = enterprise_streets_of(c, unit, "resumption is", &lo, &hi, err)) < 0)
        return rc;
    strmap_init(&g.keys);
    rc = store_resumption_rows(db, lo, hi, day, count_one, &g);
    strmap_cleanup(&g.keys);
    if (rc < 0) {
        free(g.rows);
        return app_db_fail(err, db, rc);
    }
    *out = g.rows;
    *n = g.n;
    return 0;
}

struct ages {
    struct ticket_ages *a;
    int64_t now;
};

static int age_one(void *arg, const char *kind, int state, int64_t created_at, int64_t deadline)
{
    struct ages *x = arg;
    enum ticket_kind k = TICKET_OTHER;
    struct ticket_ages *a;
    int64_t age = x->now - created_at;

    ticket_kind_parse(kind, &k);
    a = &x->a[k];
    if (state == TASK_ACCEPTED)
        a->accepted++;
    else
        a->open++;
    a->overdue += deadline < x->now;
    if (age < 86400)
        a->day1++;
    else if (age < 3 * 86400)
        a->day3++;
    else
        a->older++;
    return 0;
}

int tickets_summary(struct db *db, const struct caller *c, int64_t unit,
                    struct ticket_ages out[TICKET_KIND_COUNT], struct app_error *err)
{
    struct ages x = {out, daytime_now()};
    int64_t lo, hi;
    int rc;

    memset(out, 0, sizeof(struct ticket_ages) * TICKET_KIND_COUNT);
    if ((rc = enterprise_streets_of(c, unit, "tickets are", &lo, &hi, err)) < 0)
        return rc;
    if ((rc = store_tickets_open(db, lo, hi, age_one, &x)) < 0)
        return app_db_fail(err, db, rc);
    return 0;
}
