/*
 * High-risk origins (issue 13, item 9): a table of patterns (a region's
 * name or code as checkpoints write it) with the quarantine each calls for,
 * kept by city and district accounts; and the offer a hand-over carries —
 * the quarantine its traveller's arrival calls for, from the arrival day,
 * so accepting it is one click. A traveller from abroad with no rule of
 * its own is offered home quarantine for 14 days.
 */
#ifndef CORDON_APP_CHECKPOINTS_ORIGINS_H
#define CORDON_APP_CHECKPOINTS_ORIGINS_H

#include "app/app.h"
#include "store/origins.h"

#include <jansson.h>

#define ORIGINS_PAGE_DEFAULT 100
#define ORIGINS_PAGE_MAX     500
#define ORIGIN_DAYS_MAX      60
#define ORIGIN_ABROAD_DAYS   14

/* What an arrival calls for; set 0: nothing. */
struct origin_offer {
    int set;
    int kind; /* enum quarantine_kind */
    int days;
    int32_t from, until; /* the arrival day, and the last day */
    int64_t rule;        /* the rule's id; 0: from abroad */
    char pattern[ORIGIN_PATTERN_MAX];
};

/* The offer for a traveller from `origin` (abroad or not) arriving on
 * `arrival`: the rule whose pattern is found last in origin (the most
 * specific place; then the longest), else the abroad default. 0 or < 0 (a
 * store error). */
int origins_offer(struct db *db, const char *origin, int abroad, int32_t arrival,
                  struct origin_offer *out);

/* {"kind", "days", "from", "until", "rule", "pattern"}, or JSON null. */
json_t *origin_offer_json(const struct origin_offer *o);

json_t *origin_rule_json(const struct origin_rule *r);

/* POST /api/v1/origins {pattern, kind, days, note?}. */
struct origins_add {
    APP_JOB_HEAD;
    struct origin_rule r;
};
int origins_add_parse(struct db *db, const json_t *body, void *job);
int origins_add_job(struct db *db, void *arg);

/* POST /api/v1/origins/{id}/delete: the rule as it was. */
struct origins_delete {
    APP_JOB_HEAD;
    struct origin_rule out;
};
int origins_delete_job(struct db *db, void *arg);

/* Every rule, a page at a time (roles that edit them or accept hand-overs). */
int origins_list(struct db *db, const struct caller *c, struct page *pg, origin_fn fn, void *arg,
                 struct app_error *err);

#endif
