/*
 * "Resume together" (issue 16), the pure rule: the members of a group (a
 * vehicle maker and its suppliers) reopen together, so a member may open
 * (partly or fully) only when every member is approved or already open.
 */
#ifndef CORDON_CORE_RESUME_GROUPS_H
#define CORDON_CORE_RESUME_GROUPS_H

#include "core/resumption.h"

/* 1 when a member in status s counts as ready: approved, partly or fully
 * open. */
int group_member_ready(enum resumption_status s);

/* How many of the n statuses are not ready (0: the group may open). */
int group_waiting(const enum resumption_status *s, int n);

#endif
