/*
 * SQL of the enterprise register, its days and its specialists (see
 * enterprises.h).
 */
#include "store/enterprises.h"

#include <stdio.h>
#include <string.h>

#define ENT_COLUMNS                                                                                \
    "e.id, e.credit_code, e.name, e.industry, e.staff, e.output, e.street, e.park, e.building, "   \
    "coalesce(p.name, ''), coalesce(b.name, ''), e.contact, e.phone, e.account, e.status, "        \
    "e.staff_on_site, e.district FROM enterprises e LEFT JOIN places p ON p.id = e.park "          \
    "LEFT JOIN places b ON b.id = e.building "

#define COPY(dst, st, col) snprintf(dst, sizeof dst, "%s", db_column_text(st, col))

static int read_enterprise(void *out, struct db_stmt *st)
{
    struct enterprise_row *e = out;

    memset(e, 0, sizeof *e);
    e->id = db_column_int64(st, 0);
    COPY(e->credit_code, st, 1);
    COPY(e->name, st, 2);
    COPY(e->industry, st, 3);
    e->staff = db_column_int64(st, 4);
    e->output = db_column_int64(st, 5);
    e->street = db_column_int64(st, 6);
    e->park = db_column_int64(st, 7);
    e->building = db_column_int64(st, 8);
    COPY(e->park_name, st, 9);
    COPY(e->building_name, st, 10);
    COPY(e->contact, st, 11);
    COPY(e->phone, st, 12);
    e->account = db_column_int64(st, 13);
    COPY(e->status, st, 14);
    e->staff_on_site = db_column_int64(st, 15);
    e->district = db_column_int64(st, 16);
    return 0;
}

int store_enterprise_get(struct db *db, int64_t id, struct enterprise_row *out)
{
    const struct db_value args[] = {DB_ARG_INT(id)};

    return db_get(db, "SELECT " ENT_COLUMNS "WHERE e.id = $1", args, 1, read_enterprise, out);
}

int store_enterprise_by_code(struct db *db, const char *code, struct enterprise_row *out)
{
    const struct db_value args[] = {DB_ARG_TEXT(code)};

    return db_get(db, "SELECT " ENT_COLUMNS "WHERE e.credit_code = $1", args, 1, read_enterprise,
                  out);
}

int store_enterprise_upsert(struct db *db, struct enterprise_row *e)
{
    const struct db_value args[] = {
        DB_ARG_TEXT(e->credit_code), DB_ARG_TEXT(e->name),    DB_ARG_TEXT(e->industry),
        DB_ARG_INT(e->staff),        DB_ARG_INT(e->output),   DB_ARG_INT(e->street),
        DB_ARG_OPT(e->park),         DB_ARG_OPT(e->building), DB_ARG_TEXT(e->contact),
        DB_ARG_TEXT(e->phone),       DB_ARG_INT(e->district)};

    return db_insert_id(
        db,
        "INSERT INTO enterprises (credit_code, name, industry, staff, output, street, park, "
        "building, contact, phone, district) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
        "$11) ON CONFLICT (credit_code) DO UPDATE SET name = excluded.name, industry = "
        "excluded.industry, staff = excluded.staff, output = excluded.output, park = "
        "excluded.park, building = excluded.building, contact = excluded.contact, phone = "
        "excluded.phone RETURNING id",
        args, 11, &e->id);
}

int store_enterprise_place(struct db *db, int64_t street, const char *kind, const char *name,
                           int64_t *out_id)
{
    const struct db_value args[] = {DB_ARG_INT(street * 1000), DB_ARG_INT(street * 1000 + 1000),
                                    DB_ARG_TEXT(kind), DB_ARG_TEXT(name)};
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare_args(db,
                              "SELECT id FROM places WHERE committee >= $1 AND committee < $2 "
                              "AND kind = $3 AND name = $4 ORDER BY id",
                              args, 4, &st)) < 0)
        return rc;
    return db_one(st, NULL, out_id);
}

DB_HAND_ROWS(enterprise_each, struct enterprise_row, read_enterprise, enterprise_row_fn)

int store_enterprises_list(struct db *db, const struct enterprise_filter *f, int64_t after,
                           int limit, enterprise_row_fn fn, void *arg)
{
    const struct db_value args[] = {DB_ARG_INT(f->lo),
                                    DB_ARG_INT(f->hi),
                                    DB_ARG_INT(f->place),
                                    DB_ARG_INT(f->place),
                                    DB_ARG_TEXT(f->status ? f->status : ""),
                                    DB_ARG_INT(f->owner),
                                    DB_ARG_INT(f->specialist),
                                    DB_ARG_INT(after),
                                    DB_ARG_INT(limit > 0 ? limit : INT64_MAX / 2)};
    struct db_hand h = DB_HAND(fn, arg);

    return db_list(db,
                   "SELECT " ENT_COLUMNS
                   "WHERE e.street >= $1 AND e.street < $2 AND ($3 = 0 OR e.park = $3 OR "
                   "e.building = $4) AND ($5 = '' OR e.status = $5) AND ($6 = 0 OR e.account = "
                   "$6) AND ($7 = 0 OR e.id IN (SELECT enterprise FROM enterprise_specialists "
                   "WHERE account = $7)) AND e.id > $8 ORDER BY e.id LIMIT $9",
                   args, 9, enterprise_each, &h);
}

struct day_out {
    char *status;
    int64_t *on_site, *day;
};

static int read_day(void *arg, struct db_stmt *st)
{
    struct day_out *d = arg;

    snprintf(d->status, ENT_STATUS_MAX, "%s", db_column_text(st, 0));
    *d->on_site = db_column_int64(st, 1);
    *d->day = db_column_int64(st, 2);
    return 0;
}

int store_enterprise_day_at(struct db *db, int64_t id, int64_t day, char status[ENT_STATUS_MAX],
                            int64_t *out_on_site, int64_t *out_day)
{
    const struct db_value args[] = {DB_ARG_INT(id), DB_ARG_INT(day)};
    struct day_out d = {status, out_on_site, out_day};

    return db_get(db,
                  "SELECT status, staff_on_site, day FROM enterprise_days WHERE enterprise = $1 "
                  "AND day <= $2 ORDER BY day DESC LIMIT 1",
                  args, 2, read_day, &d);
}

#define DAY_COLS "enterprise, day, status, staff_on_site, by_name, reason, at"
#define DAY_CONFLICT                                                                               \
    "ON CONFLICT (enterprise, day) DO UPDATE SET status = excluded.status, staff_on_site = "       \
    "excluded.staff_on_site, by_name = excluded.by_name, reason = excluded.reason, at = "          \
    "excluded.at"

int store_enterprise_day_put(struct db *db, int64_t id, int64_t day, const char *status,
                             int64_t on_site, const char *by, const char *reason, int64_t at)
{
    const struct db_value args[] = {DB_ARG_INT(id),      DB_ARG_INT(day), DB_ARG_TEXT(status),
                                    DB_ARG_INT(on_site), DB_ARG_TEXT(by), DB_ARG_TEXT(reason),
                                    DB_ARG_INT(at)};
    int rc = db_run(db,
                    "INSERT INTO enterprise_days (" DAY_COLS ") VALUES ($1, $2, $3, $4, $5, $6, "
                    "$7) " DAY_CONFLICT,
                    args, 7);

    if (rc < 0)
        return rc;
    return db_run(db,
                  "UPDATE enterprises SET status = $3, staff_on_site = $4 WHERE id = $1 AND NOT "
                  "EXISTS (SELECT 1 FROM enterprise_days WHERE enterprise = $1 AND day > $2)",
                  args, 4);
}

static void day_values(const void *arg, size_t i, struct db_value *v)
{
    const struct enterprise_day_put *d = (const struct enterprise_day_put *)arg + i;
    const struct db_value row[] = {DB_ARG_INT(d->enterprise), DB_ARG_INT(d->day),
                                   DB_ARG_TEXT(d->status),    DB_ARG_INT(d->on_site),
                                   DB_ARG_TEXT(d->by),        DB_ARG_TEXT(d->reason),
                                   DB_ARG_INT(d->at)};

    memcpy(v, row, sizeof row);
}

/* The latest day's column `col` of the enterprise being updated. */
#define LATEST_DAY(col)                                                                            \
    "(SELECT d." col " FROM enterprise_days d WHERE d.enterprise = enterprises.id ORDER BY d.day " \
    "DESC LIMIT 1)"

int store_enterprise_days_put_many(struct db *db, const struct enterprise_day_put *d, size_t n)
{
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    int rc;

    if (!n)
        return 0;
    if ((rc = db_rows_insert(db, "enterprise_days", DAY_COLS, 7, DAY_CONFLICT, n, day_values, d,
                             NULL, 0)) < 0)
        return rc;
    for (size_t i = 0; i < n; i++) {
        lo = d[i].enterprise < lo ? d[i].enterprise : lo;
        hi = d[i].enterprise > hi ? d[i].enterprise : hi;
    }
    /* Every enterprise's status is its latest day's (store_enterprise_day_put
     * keeps it so), so those of the range that already agree stay as
     * they are. */
    const struct db_value args[] = {DB_ARG_INT(lo), DB_ARG_INT(hi)};
    return db_run(
        db,
        "UPDATE enterprises SET status = " LATEST_DAY("status") ", staff_on_site = " LATEST_DAY(
            "staff_on_site") " WHERE id BETWEEN $1 AND $2 AND EXISTS (SELECT 1 "
                             "FROM enterprise_days d WHERE d.enterprise = enterprises.id)",
        args, 2);
}

/* *out 1 when `sql` (a count over $1, $2) finds a row. */
static int exists2(struct db *db, const char *sql, int64_t a, int64_t b, int *out)
{
    int64_t args[2] = {a, b}, n = 0;
    int rc = db_query_int64(db, sql, 2, args, &n);

    if (rc < 0)
        return rc;
    *out = n > 0;
    return 0;
}

int store_enterprise_assigned(struct db *db, int64_t id, int64_t account, int *out)
{
    return exists2(db,
                   "SELECT count(*) FROM enterprise_specialists WHERE enterprise = $1 AND "
                   "account = $2",
                   id, account, out);
}

int store_enterprise_depends(struct db *db, int64_t enterprise, int64_t supplier, int *out)
{
    return exists2(db,
                   "SELECT count(*) FROM enterprise_suppliers WHERE enterprise = $1 AND "
                   "supplier = $2",
                   enterprise, supplier, out);
}

int store_enterprise_supplier_add(struct db *db, int64_t enterprise, int64_t supplier)
{
    const struct db_value args[] = {DB_ARG_INT(enterprise), DB_ARG_INT(supplier)};

    return db_run(db,
                  "INSERT INTO enterprise_suppliers (enterprise, supplier) VALUES ($1, $2) "
                  "ON CONFLICT DO NOTHING",
                  args, 2);
}

int store_enterprise_suppliers(struct db *db, int64_t enterprise, enterprise_row_fn fn, void *arg)
{
    const struct db_value args[] = {DB_ARG_INT(enterprise)};
    struct db_hand h = DB_HAND(fn, arg);

    return db_list(db,
                   "SELECT " ENT_COLUMNS "WHERE e.id IN (SELECT supplier FROM "
                   "enterprise_suppliers WHERE enterprise = $1) ORDER BY e.id",
                   args, 1, enterprise_each, &h);
}

int store_enterprise_assign(struct db *db, int64_t id, int64_t account)
{
    const struct db_value args[] = {DB_ARG_INT(id), DB_ARG_INT(account)};

    return db_run(db,
                  "INSERT INTO enterprise_specialists (enterprise, account) VALUES ($1, $2) "
                  "ON CONFLICT DO NOTHING",
                  args, 2);
}

int store_enterprise_set_owner(struct db *db, int64_t id, int64_t account)
{
    const struct db_value args[] = {DB_ARG_INT(id), DB_ARG_OPT(account)};

    return db_run(db, "UPDATE enterprises SET account = $2 WHERE id = $1", args, 2);
}

static int read_resumption(void *out, struct db_stmt *st)
{
    struct resumption_row *r = out;

    memset(r, 0, sizeof *r);
    r->id = db_column_int64(st, 0);
    COPY(r->credit_code, st, 1);
    COPY(r->name, st, 2);
    r->staff = db_column_int64(st, 3);
    r->output = db_column_int64(st, 4);
    COPY(r->status, st, 5);
    r->on_site = db_column_int64(st, 6);
    COPY(r->industry, st, 7);
    r->street = db_column_int64(st, 8);
    r->park = db_column_int64(st, 9);
    r->building = db_column_int64(st, 10);
    COPY(r->park_name, st, 11);
    COPY(r->building_name, st, 12);
    return 0;
}

DB_HAND_ROWS(resumption_each, struct resumption_row, read_resumption, resumption_row_fn)

int store_resumption_rows(struct db *db, int64_t lo, int64_t hi, int64_t day, resumption_row_fn fn,
                          void *arg)
{
    const struct db_value args[] = {DB_ARG_INT(lo), DB_ARG_INT(hi), DB_ARG_INT(day)};
    struct db_hand h = DB_HAND(fn, arg);

    return db_list(
        db,
        "SELECT e.id, e.credit_code, e.name, e.staff, e.output, coalesce(d.status, 'closed'), "
        "coalesce(d.staff_on_site, 0), e.industry, e.street, e.park, e.building, "
        "coalesce(p.name, ''), coalesce(b.name, '') FROM enterprises e LEFT JOIN places p ON "
        "p.id = e.park LEFT JOIN places b ON b.id = e.building LEFT JOIN enterprise_days d ON "
        "d.enterprise = e.id AND d.day = (SELECT x.day FROM enterprise_days x WHERE "
        "x.enterprise = e.id AND x.day <= $3 ORDER BY x.day DESC LIMIT 1) WHERE e.street >= $1 AND "
        "e.street < $2 ORDER BY "
        "e.id",
        args, 3, resumption_each, &h);
}

int store_enterprises_count(struct db *db, int64_t *out)
{
    return db_query_int64(db, "SELECT count(*) FROM enterprises", 0, NULL, out);
}
