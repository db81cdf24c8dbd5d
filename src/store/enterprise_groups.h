/*
 * SQL of "resume together" groups (issue 16): a group of enterprises of one
 * street (a vehicle maker and its suppliers) and its members, an enterprise
 * in at most one group. The rule (a member opens only when every member is
 * approved) is core/resume_groups.c's, the checks app/enterprises/groups.c's.
 */
#ifndef CORDON_STORE_ENTERPRISE_GROUPS_H
#define CORDON_STORE_ENTERPRISE_GROUPS_H

#include "store/db.h"
#include "store/enterprises.h"

#include <stdint.h>

struct group_row {
    int64_t id;
    char name[ENT_NAME_MAX];
    int64_t street, district;
};

/* Inserts g (sets g->id). 0 or < 0. */
int store_group_insert(struct db *db, struct group_row *g, const char *by, int64_t at);
/* Adds a member: DB_E_CONSTRAINT when the enterprise is in a group already. */
int store_group_member_add(struct db *db, int64_t group, int64_t enterprise, int64_t district);
/* 0, DB_E_NOTFOUND or < 0. */
int store_group_get(struct db *db, int64_t id, struct group_row *out);
/* The group of an enterprise into *out: 0, DB_E_NOTFOUND or < 0. */
int store_group_of(struct db *db, int64_t enterprise, int64_t *out);
/* The member ids of a group, by id, at most max. */
int store_group_members(struct db *db, int64_t group, int64_t *ids, int max, int *out_n);

#endif
