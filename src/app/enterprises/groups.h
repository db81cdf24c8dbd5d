/*
 * Return to work (issue 16), "resume together" groups: the street puts
 * enterprises of its own that depend on one another (a vehicle maker and
 * its 8 suppliers) in one group; no member opens (partly or fully) until
 * every member is approved (core/resume_groups.c). A group reads with its
 * members' statuses, whether it is ready, and how many members it waits
 * for; the chain graph shows the group of its enterprise.
 */
#ifndef CORDON_APP_ENTERPRISE_GROUPS_H
#define CORDON_APP_ENTERPRISE_GROUPS_H

#include "app/app.h"
#include "core/resumption.h"
#include "store/enterprise_groups.h"

#include <jansson.h>
#include <stdint.h>

#define GROUP_MEMBERS_MAX 64

struct enterprise_group {
    struct group_row g; /* id 0: none */
    struct enterprise_row members[GROUP_MEMBERS_MAX];
    int n;
    int waiting; /* members neither approved nor open */
};

/* POST /enterprise-groups {name, members: [id, ...]} (the street; 2 to 64
 * enterprises of its own, none in a group yet). */
struct group_create {
    APP_JOB_HEAD; /* c, id, today, now, err (app/app.h) */
    char name[ENT_NAME_MAX];
    int64_t ids[GROUP_MEMBERS_MAX];
    int n;
    struct enterprise_group out;
};
int group_create_parse(struct db *db, const json_t *body, void *job);
int group_create_job(struct db *db, void *arg);

/* A group by id: seen by the register roles within their scope, and by an
 * enterprise or specialist that sees one of its members. */
int enterprise_group_get(struct db *db, const struct caller *c, int64_t id,
                         struct enterprise_group *out, struct app_error *err);

/* The group of an enterprise the caller already sees (out->g.id 0: none). */
int enterprise_group_of(struct db *db, int64_t enterprise, struct enterprise_group *out,
                        struct app_error *err);

/* Before enterprise `id` opens: 0, or 409 "group_waiting" while a member
 * of its group is neither approved nor open. */
int enterprise_group_check_open(struct db *db, int64_t id, struct app_error *err);

#endif
