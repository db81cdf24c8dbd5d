/*
 * SQL of resume-together groups (see enterprise_groups.h).
 */
#include "store/enterprise_groups.h"

#include <stdio.h>
#include <string.h>

int store_group_insert(struct db *db, struct group_row *g, const char *by, int64_t at)
{
    const struct db_value args[] = {DB_ARG_TEXT(g->name), DB_ARG_INT(g->street),
                                    DB_ARG_INT(g->district), DB_ARG_TEXT(by), DB_ARG_INT(at)};

    return db_insert_id(db,
                        "INSERT INTO enterprise_groups (name, street, district, created_by, at) "
                        "VALUES ($1, $2, $3, $4, $5) RETURNING id",
                        args, 5, &g->id);
}

int store_group_member_add(struct db *db, int64_t group, int64_t enterprise, int64_t district)
{
    const struct db_value args[] = {DB_ARG_INT(group), DB_ARG_INT(enterprise),
                                    DB_ARG_INT(district)};

    return db_run(db,
                  "INSERT INTO enterprise_group_members (grp, enterprise, district) VALUES ($1, "
                  "$2, $3)",
                  args, 3);
}

static int read_group(void *out, struct db_stmt *st)
{
    struct group_row *g = out;

    memset(g, 0, sizeof *g);
    g->id = db_column_int64(st, 0);
    snprintf(g->name, sizeof g->name, "%s", db_column_text(st, 1));
    g->street = db_column_int64(st, 2);
    g->district = db_column_int64(st, 3);
    return 0;
}

int store_group_get(struct db *db, int64_t id, struct group_row *out)
{
    const struct db_value args[] = {DB_ARG_INT(id)};

    return db_get(db, "SELECT id, name, street, district FROM enterprise_groups WHERE id = $1",
                  args, 1, read_group, out);
}

int store_group_of(struct db *db, int64_t enterprise, int64_t *out)
{
    const struct db_value args[] = {DB_ARG_INT(enterprise)};
    struct db_stmt *st;
    int rc;

    if ((rc = db_prepare_args(db, "SELECT grp FROM enterprise_group_members WHERE enterprise = $1",
                              args, 1, &st)) < 0)
        return rc;
    return db_one(st, NULL, out);
}

int store_group_members(struct db *db, int64_t group, int64_t *ids, int max, int *out_n)
{
    const struct db_value args[] = {DB_ARG_INT(group)};

    return db_list_ids(db,
                       "SELECT enterprise FROM enterprise_group_members WHERE grp = $1 ORDER BY "
                       "enterprise",
                       args, 1, ids, max, out_n);
}
