/*
 * The household's own page: its link, what it shows, booking and asking
 * for help through it (household.h).
 */
#include "app/supplies/household.h"

#include "app/input.h"
#include "app/tasks/tasks.h"
#include "core/date.h"
#include "core/mask.h"
#include "core/tasks.h"
#include "core/unitcode.h"
#include "store/orgs.h"
#include "store/tasks.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

/* The hex SHA-256 of a link's token (64 hex digits) or of a short code
 * (normalised first): 0, or -1 for text that is neither. */
static int link_hash(const char *s, char out[LINK_HASH_LEN])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    char code[PICKUP_CODE_LEN + 1];
    size_t n = strlen(s);

    if (n == 64 && strspn(s, "0123456789abcdef") == n)
        crypto_hash_sha256(h, (const unsigned char *)s, n);
    else if (pickup_code_normalise(s, code) == 0)
        crypto_hash_sha256(h, (const unsigned char *)code, PICKUP_CODE_LEN);
    else
        return -1;
    sodium_bin2hex(out, LINK_HASH_LEN, h, sizeof h);
    return 0;
}

/* The household behind a token or code and where it lies: 0, or 404 on
 * "token" as for a link that never existed. */
static int household_of(struct db *db, const char *token, int64_t *household,
                        struct household_where *w, struct app_error *err)
{
    char hash[LINK_HASH_LEN];
    int rc =
        link_hash(token, hash) < 0 ? DB_E_NOTFOUND : store_household_by_link(db, hash, household);

    if (rc == 0)
        rc = store_household_where(db, *household, 0, w);
    if (rc == DB_E_NOTFOUND)
        return app_fail(err, APP_E_NOTFOUND, "not_found", "token", "no such link");
    return rc < 0 ? app_db_fail(err, db, rc) : 0;
}

int household_link_job(struct db *db, void *arg)
{
    struct household_link *u = arg;
    unsigned char raw[32], rc_raw[PICKUP_CODE_LEN];
    char th[LINK_HASH_LEN], ch[LINK_HASH_LEN];
    struct household_where w;
    int64_t at;
    int rc;

    if ((rc = app_require(&u->c, PERM_REGISTER_WRITE, &u->err)) < 0 ||
        (rc = campaigns_household_in_scope(db, &u->c, u->id, "id", &w, &at, &u->err)) < 0)
        return rc;
    if (supplies_random(raw, sizeof raw) < 0 || supplies_random(rc_raw, sizeof rc_raw) < 0)
        return app_fail(&u->err, APP_E_INTERNAL, "random", NULL, "no random numbers");
    sodium_bin2hex(u->token, sizeof u->token, raw, sizeof raw);
    pickup_code_from(rc_raw, u->code);
    if (link_hash(u->token, th) < 0 || link_hash(u->code, ch) < 0)
        return app_fail(&u->err, APP_E_INTERNAL, "random", NULL, "bad link");
    if ((rc = store_household_link_set(db, u->id, th, ch, w.district, u->now, u->c.name)) < 0 ||
        (rc = store_household_address(db, u->id, u->address, sizeof u->address)) < 0)
        return app_db_fail(&u->err, db, rc);
    return 0;
}

static int add_member(void *arg, const struct member_row *m)
{
    struct household_page *p = arg;
    struct member_row *out;

    if (p->nmembers == HOUSEHOLD_MEMBERS_MAX)
        return 0;
    out = &p->members[p->nmembers++];
    *out = *m;
    mask_name(m->name, out->name, sizeof out->name);
    return 0;
}

static int add_campaign(void *arg, const struct campaign_row *c, const struct booking_row *b)
{
    struct household_page *p = arg;

    if (p->ncampaigns == HOUSEHOLD_CAMPAIGNS)
        return 1;
    p->campaigns[p->ncampaigns].c = *c;
    p->campaigns[p->ncampaigns].b = *b;
    p->ncampaigns++;
    return 0;
}

int household_page_get(struct db *db, const char *token, int32_t today, struct household_page *out,
                       struct app_error *err)
{
    struct household_where w;
    int rc;

    memset(out, 0, sizeof *out);
    if ((rc = household_of(db, token, &out->household, &w, err)) < 0)
        return rc;
    if ((rc = store_household_address(db, out->household, out->address, sizeof out->address)) < 0 ||
        (rc = store_household_members(db, out->household, add_member, out)) < 0 ||
        (rc = store_household_campaigns(db, out->household, w.committee, w.grid, today,
                                        add_campaign, out)) < 0)
        return app_db_fail(err, db, rc);
    return 0;
}

int household_book_parse(struct db *db, const json_t *body, void *job)
{
    static const char *const keys[] = {"campaign", "point", NULL};
    struct campaigns_book *u = job;
    int present = 0, p_point = 0, rc;

    (void)db;
    if ((rc = input_only_keys(body, keys, &u->err)) < 0 ||
        (rc = input_id(body, "campaign", &u->id, &present, &u->err)) < 0 ||
        (rc = input_id(body, "point", &u->point, &p_point, &u->err)) < 0)
        return rc;
    if (!present)
        return app_fail(&u->err, APP_E_INVALID, "missing", "campaign", "campaign is required");
    return 0;
}

int household_book_job(struct db *db, void *arg)
{
    struct campaigns_book *u = arg;
    struct household_where w;
    struct campaign_row c;
    int rc;

    caller_link(&u->c, "household");
    if ((rc = household_of(db, u->token, &u->household, &w, &u->err)) < 0)
        return rc;
    /* A campaign not of the household's committee or grid: as absent. */
    rc = store_campaign_get(db, u->id, &c);
    if (rc == DB_E_NOTFOUND || (rc == 0 && c.unit != w.committee && c.unit != w.grid))
        return app_fail(&u->err, APP_E_NOTFOUND, "not_found", "campaign", "no campaign %lld",
                        (long long)u->id);
    if (rc < 0)
        return app_db_fail(&u->err, db, rc);
    return campaigns_book_household(db, u, &c, &w);
}

int household_help_parse(struct db *db, const json_t *body, void *job)
{
    static const char *const keys[] = {"kind", "note", NULL};
    struct household_help *u = job;
    enum task_kind k;
    char kind[32];
    int rc;

    (void)db;
    if ((rc = input_only_keys(body, keys, &u->err)) < 0 ||
        (rc = input_text(body, "kind", INPUT_REQUIRED, sizeof kind - 1, kind, sizeof kind,
                         &u->err)) < 0 ||
        (rc = input_text(body, "note", INPUT_TRIM, sizeof u->note - 1, u->note, sizeof u->note,
                         &u->err)) < 0)
        return rc;
    if (task_kind_parse(kind, &k) < 0 ||
        (k != TASK_GROCERIES && k != TASK_MEDICINE && k != TASK_RUBBISH && k != TASK_OTHER))
        return app_fail(&u->err, APP_E_INVALID, "bad_value", "kind",
                        "kind is groceries, medicine, rubbish or other");
    u->kind = (int)k;
    return 0;
}

int household_help_job(struct db *db, void *arg)
{
    struct household_help *u = arg;
    struct household_where w;
    struct supplies_task_in in = {u->kind, 0, &w, "", u->note, u->now, "household"};
    char title[128];
    int rc;

    caller_link(&u->c, "household");
    if ((rc = household_of(db, u->token, &in.household, &w, &u->err)) < 0)
        return rc;
    snprintf(title, sizeof title, "居民求助: %s", task_kind_label_zh((enum task_kind)u->kind));
    in.title = title;
    if ((rc = supplies_task(db, &in, &u->task)) < 0)
        return app_db_fail(&u->err, db, rc);
    return 0;
}
