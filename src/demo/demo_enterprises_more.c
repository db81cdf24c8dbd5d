/*
 * The demo's rest of return to work (see demo_enterprises_more.h): the
 * group is made by the same use case a street's request runs, as the
 * command line, in one write transaction; Lingang's enterprises and
 * specialists are written through the store in another (the specialists
 * share one password hash, computed once: 300 Argon2id hashes would cost
 * the demo about 15 s).
 */
#include "demo/demo_enterprises_more.h"

#include "app/accounts/accounts.h"
#include "app/enterprises/groups.h"
#include "core/creditcode.h"
#include "core/unitcode.h"
#include "demo/demo_enterprises.h"
#include "store/accounts.h"
#include "store/enterprises.h"
#include "util/clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int first_id(void *arg, const struct enterprise_row *e)
{
    *(int64_t *)arg = e->id;
    return 1;
}

static int add_member(void *arg, const struct enterprise_row *e)
{
    struct group_create *u = arg;

    if (u->n == GROUP_MEMBERS_MAX)
        return 1;
    u->ids[u->n++] = e->id;
    return 0;
}

/* The maker (the street's first enterprise) and its suppliers as a group. */
static int make_group(struct db *db, struct group_create *u, char err[256])
{
    struct enterprise_filter f = {DEMO_HONGMEI, DEMO_HONGMEI + 1, 0, 0, 0, ""};
    int64_t maker = 0, in = 0;
    int rc;

    if ((rc = store_enterprises_list(db, &f, 0, 1, first_id, &maker)) < 0)
        goto fail;
    if (!maker || (rc = store_group_of(db, maker, &in)) == 0)
        return 0; /* no demo enterprises, or grouped already */
    if (rc != DB_E_NOTFOUND)
        goto fail;
    caller_cli(&u->c, unitcode_at_level(DEMO_HONGMEI, LEVEL_CITY));
    u->now = clock_now();
    u->today = clock_today();
    snprintf(u->name, sizeof u->name, "整车及8家配套企业同步复工组");
    u->ids[u->n++] = maker;
    if ((rc = store_enterprise_suppliers(db, maker, add_member, u)) < 0)
        goto fail;
    if ((rc = group_create_job(db, u)) < 0) {
        snprintf(err, 256, "cannot group the demo's maker: %s", u->err.message);
        return rc;
    }
    return 0;
fail:
    snprintf(err, 256, "cannot group the demo's maker: %s", db_errmsg(db));
    return rc;
}

/* Lingang's streets (towns of 浦东新区 in the new area) and what they hold. */
static const int64_t lingang[] = {310115145LL, 310115140LL, 310115142LL, 310115143LL};
static const char *const lg_industries[] = {"智能网联汽车", "集成电路", "航空航天", "高端装备",
                                            "生物医药",     "人工智能", "航运物流", "新能源"};

/* Enterprise n of Lingang (0 .. DEMO_LINGANG_ENTERPRISES-1). */
static int lingang_enterprise(struct db *db, int n, int64_t *out_id)
{
    struct enterprise_row e;

    memset(&e, 0, sizeof e);
    snprintf(e.credit_code, sizeof e.credit_code, "91310115%09d", 500000 + n);
    e.credit_code[17] = (char)creditcode_make_check(e.credit_code);
    e.credit_code[18] = '\0';
    snprintf(e.name, sizeof e.name, "临港%s企业%03d有限公司", lg_industries[n % 8], n + 1);
    snprintf(e.industry, sizeof e.industry, "%s", lg_industries[n % 8]);
    e.staff = 50 + (n * 37) % 950;
    e.output = 2000 + (int64_t)((n * 7919) % 120000);
    e.street = lingang[n % 4];
    e.district = 310115;
    snprintf(e.contact, sizeof e.contact, "联络员%03d", n + 1);
    snprintf(e.phone, sizeof e.phone, "139%08d", 20000000 + n);
    if (store_enterprise_upsert(db, &e) < 0)
        return -1;
    *out_id = e.id;
    return 0;
}

/* 300 specialists (lingang001 ...), each matched to two enterprises in
 * advance (一企一策: one specialist per enterprise). */
static int make_lingang(struct db *db, char err[256])
{
    struct account a, found;
    int64_t ids[2];
    int rc;

    if ((rc = store_account_by_name(db, "lingang001", &found)) == 0)
        return 0; /* made already */
    memset(&a, 0, sizeof a);
    if (accounts_hash_password("demo-lingang", a.password_hash) < 0) {
        snprintf(err, 256, "cannot hash the Lingang specialists' password");
        return -1;
    }
    snprintf(a.role, sizeof a.role, "specialist");
    a.unit = 310115;
    a.created_at = clock_now();
    for (int i = 0; i < DEMO_LINGANG_SPECIALISTS; i++) {
        snprintf(a.name, sizeof a.name, "lingang%03d", i + 1);
        if (store_account_insert(db, &a) < 0 || lingang_enterprise(db, 2 * i, &ids[0]) < 0 ||
            lingang_enterprise(db, 2 * i + 1, &ids[1]) < 0 ||
            store_enterprise_assign(db, ids[0], a.id) < 0 ||
            store_enterprise_assign(db, ids[1], a.id) < 0) {
            snprintf(err, 256, "cannot write Lingang's specialists: %s", db_errmsg(db));
            return -1;
        }
    }
    return 0;
}

int demo_enterprises_more_create(struct db *db, char err[256])
{
    struct group_create *u = calloc(1, sizeof *u);
    int rc;

    if (!u) {
        snprintf(err, 256, "out of memory");
        return -1;
    }
    if ((rc = db_begin_write(db)) < 0) {
        snprintf(err, 256, "%s", db_errmsg(db));
        free(u);
        return rc;
    }
    rc = make_group(db, u, err);
    if (rc == 0)
        rc = make_lingang(db, err);
    if (rc == 0 && (rc = db_commit(db)) < 0)
        snprintf(err, 256, "%s", db_errmsg(db));
    if (rc < 0)
        db_rollback(db);
    free(u);
    return rc;
}
