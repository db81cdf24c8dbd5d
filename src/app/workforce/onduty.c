/*
 * The 今日在岗 board (app/workforce/onduty.h): posts from the staffing rows
 * (or, for a home unit, from its own people), then one pass over the people
 * on duty, merged by post id, then the posts sorted gaps first; above the
 * street everything is counted by kind instead.
 */
#include "app/workforce/onduty.h"

#include "app/workforce/workforce.h"
#include "core/unitcode.h"

#include <stdlib.h>
#include <string.h>

struct walk {
    struct on_duty_board *b;
    on_duty_fn fn;
    void *arg;
    int at;       /* the merge's position in b->posts */
    int64_t last; /* the last post counted by kind */
};

static int kind_of(const struct duty_post_row *p)
{
    enum duty_post_kind k;

    return duty_post_kind_parse(p->kind, &k) < 0 ? DPOST_SERVICE : (int)k;
}

static void add_count(struct on_duty_count *to, const struct on_duty_count *n)
{
    to->minimum += n->minimum;
    to->on_duty += n->on_duty;
    to->signed_in += n->signed_in;
    to->gap += n->gap;
}

/* A post into the board: kept (by_kind 0) or counted by kind. 0, 1 past
 * ON_DUTY_POSTS_MAX, or DB_E_NOMEM. */
static int take_post(struct on_duty_board *b, const struct on_duty_post *p)
{
    struct on_duty_count all = {0};

    for (int s = 0; s < SHIFT_COUNT; s++)
        add_count(&all, &p->shift[s]);
    add_count(&b->totals, &all);
    if (b->by_kind) {
        struct on_duty_kind *k = &b->kinds[kind_of(&p->p)];
        k->posts++;
        k->posts_short += all.gap > 0;
        add_count(&k->n, &all);
        b->nkinds_posts++;
        return 0;
    }
    if (b->nposts == ON_DUTY_POSTS_MAX)
        return 1;
    if (b->nposts == b->cap) {
        int cap = b->cap ? b->cap * 2 : 64;
        struct on_duty_post *m;
        if (cap > ON_DUTY_POSTS_MAX)
            cap = ON_DUTY_POSTS_MAX;
        if (!(m = realloc(b->posts, (size_t)cap * sizeof *m)))
            return DB_E_NOMEM;
        b->posts = m;
        b->cap = cap;
    }
    b->posts[b->nposts] = *p;
    b->posts[b->nposts++].gap = all.gap;
    return 0;
}

static int staffing_post(void *arg, const struct staffing_row *r)
{
    struct on_duty_board *b = arg;
    struct on_duty_post p;

    memset(&p, 0, sizeof p);
    p.p = r->p;
    p.shift[SHIFT_DAY] =
        (struct on_duty_count){r->p.min_day, r->on_day, 0, staffing_gap(r->p.min_day, r->on_day)};
    p.shift[SHIFT_NIGHT] = (struct on_duty_count){r->p.min_night, r->on_night, 0,
                                                  staffing_gap(r->p.min_night, r->on_night)};
    if (b->by_kind) /* the people pass does not run: the post's signed in, once */
        p.shift[SHIFT_DAY].signed_in = r->signed_in;
    return take_post(b, &p);
}

/* One person on duty: counted at their post (found by the merge, or added
 * for a home unit's view) and handed on. */
static int person(void *arg, const struct on_duty_row *r)
{
    struct walk *w = arg;
    struct on_duty_board *b = w->b;
    enum shift s;
    int rc;

    if (shift_parse(r->shift, &s) < 0)
        s = SHIFT_DAY;
    while (w->at < b->nposts && b->posts[w->at].p.id < r->p.id)
        w->at++;
    if (w->at == b->nposts || b->posts[w->at].p.id != r->p.id) {
        struct on_duty_post p;
        if (b->minimums) /* a post outside the staffing pass: none should be */
            return w->fn ? w->fn(w->arg, r) : 0;
        memset(&p, 0, sizeof p);
        p.p = r->p;
        if ((rc = take_post(b, &p)) != 0)
            return rc;
        w->at = b->nposts - 1;
    }
    if (!b->minimums) {
        b->posts[w->at].shift[s].on_duty++;
        b->totals.on_duty++;
    }
    b->posts[w->at].shift[s].signed_in += r->signed_in;
    b->totals.signed_in += r->signed_in;
    return w->fn ? w->fn(w->arg, r) : 0;
}

/* A home unit's people counted by kind (its view above the street). */
static int person_by_kind(void *arg, const struct on_duty_row *r)
{
    struct walk *w = arg;
    struct on_duty_board *b = w->b;
    struct on_duty_kind *k = &b->kinds[kind_of(&r->p)];

    if (r->p.id != w->last) { /* the rows come by post id */
        k->posts++;
        b->nkinds_posts++;
        w->last = r->p.id;
    }
    k->n.on_duty++;
    k->n.signed_in += r->signed_in;
    b->totals.on_duty++;
    b->totals.signed_in += r->signed_in;
    return 0;
}

static int gaps_first(const void *a, const void *b)
{
    const struct on_duty_post *x = a, *y = b;

    if ((x->gap > 0) != (y->gap > 0))
        return x->gap > 0 ? -1 : 1;
    return x->p.id < y->p.id ? -1 : x->p.id > y->p.id;
}

/* PERM_STAFF within its scope, a committee its own posts, a home unit its
 * own staff (*out_own its id). */
static int may_see(struct db *db, const struct caller *c, int64_t unit, int64_t *out_own,
                   struct app_error *err)
{
    int rc;

    *out_own = 0;
    if (c->role == ROLE_COMMITTEE) {
        if (!scope_contains(c, unit))
            return app_fail(err, APP_E_NOTFOUND, "not_found", "code", "no unit %lld",
                            (long long)unit);
        return 0;
    }
    if ((rc = staff_caller_home_unit(db, c, out_own, err)) < 0)
        return rc;
    return scope_check_unit(c, unit, *out_own ? PERM_STAFF_SENT : PERM_STAFF, err);
}

int on_duty_of(struct db *db, const struct caller *c, int64_t unit, int32_t day,
               on_duty_fn person_fn, void *arg, struct on_duty_board *out, struct app_error *err)
{
    struct walk w = {out, person_fn, arg, 0, 0};
    int64_t own, lo, hi;
    int rc;

    memset(out, 0, sizeof *out);
    if ((rc = may_see(db, c, unit, &own, err)) < 0)
        return rc;
    if (unitcode_committee_range(unit, &lo, &hi) < 0)
        return app_fail(err, APP_E_NOTFOUND, "not_found", "code", "no unit %lld", (long long)unit);
    out->by_kind = unitcode_level(unit) <= LEVEL_DISTRICT;
    out->minimums = own == 0;
    if (own)
        rc = store_on_duty(db, lo, hi, own, day, out->by_kind ? person_by_kind : person, &w);
    else if ((rc = store_staffing(db, lo, hi, day, staffing_post, out)) == 0 && !out->by_kind)
        rc = store_on_duty(db, lo, hi, 0, day, person, &w);
    if (rc == 0)
        rc = store_on_duty_moves(db, lo, hi, own, day, &out->arriving, &out->leaving);
    if (rc > 0)
        return app_fail(err, APP_E_INVALID, "too_many", "code",
                        "more than %d posts: ask for a smaller unit", ON_DUTY_POSTS_MAX);
    if (rc < 0)
        return app_db_fail(err, db, rc);
    if (out->posts)
        qsort(out->posts, (size_t)out->nposts, sizeof *out->posts, gaps_first);
    return 0;
}

void on_duty_board_cleanup(struct on_duty_board *b)
{
    if (b) {
        free(b->posts);
        b->posts = NULL;
    }
}
