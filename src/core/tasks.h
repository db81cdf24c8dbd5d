/*
 * The rules of tasks and places, pure: the task types (rubbish collection,
 * groceries, medicine, inspection, repair, other), the states (open ->
 * accepted -> done, or cancelled) and which moves between them are allowed,
 * the kinds of non-residential place, and how far an overdue task has
 * escalated up the tree (committee, then street, then district) as a
 * function of the time alone, so every reader derives the same level.
 */
#ifndef CORDON_CORE_TASKS_H
#define CORDON_CORE_TASKS_H

#include <stdint.h>

enum task_kind {
    TASK_RUBBISH = 0,
    TASK_GROCERIES,
    TASK_MEDICINE,
    TASK_INSPECTION,
    TASK_REPAIR,
    TASK_OTHER,
    TASK_GATE_DUTY,      /* 道口值守 (issue 13) */
    TASK_CROWD_GUIDANCE, /* 人员疏导 (issue 13) */
    TASK_KIND_COUNT,
};

enum task_state {
    TASK_OPEN = 0,
    TASK_ACCEPTED = 1,
    TASK_DONE = 2,
    TASK_CANCELLED = 3,
    TASK_STATE_COUNT,
};

/* Escalation levels: where an overdue task shows. */
enum task_escalation {
    ESC_NONE = 0,      /* not overdue (or finished) */
    ESC_COMMITTEE = 1, /* past its deadline: on the committee's board */
    ESC_STREET = 2,    /* ESC_STREET_AFTER later: on the street's */
    ESC_DISTRICT = 3,  /* ESC_DISTRICT_AFTER later: on the district's */
};

/* Seconds past the deadline at which a task reaches the street, the
 * district. */
#define ESC_STREET_AFTER   (4 * 3600)
#define ESC_DISTRICT_AFTER (24 * 3600)

enum place_kind {
    PLACE_OFFICE = 0,
    PLACE_PARK,
    PLACE_GARAGE,
    PLACE_CORRIDOR,
    PLACE_PASSAGE,
    PLACE_MARKET,
    PLACE_SHOP,
    PLACE_STATION_EXIT,
    PLACE_OTHER,
    PLACE_KIND_COUNT,
};

/* English codes ("rubbish", "open", "market") and Chinese labels; parse
 * accepts either. Parsers return 0, or -1 if unknown. */
const char *task_kind_code(enum task_kind k);
const char *task_kind_label_zh(enum task_kind k);
int task_kind_parse(const char *s, enum task_kind *out);
const char *task_state_code(enum task_state s);
int task_state_parse(const char *s, enum task_state *out);
const char *place_kind_code(enum place_kind k);
const char *place_kind_label_zh(enum place_kind k);
int place_kind_parse(const char *s, enum place_kind *out);
const char *task_escalation_code(enum task_escalation e); /* "none", "committee", ... */

/* 1 if a task in state `from` may move to `to` (open -> accepted, open or
 * accepted -> done or cancelled), else 0. */
int task_can_move(enum task_state from, enum task_state to);

/* How far a task has escalated at `now`: ESC_NONE unless it is open or
 * accepted and now > deadline. */
enum task_escalation task_escalation_at(enum task_state s, int64_t deadline, int64_t now);

/* The level (core/unitcode.h) whose board shows an escalation: committee
 * 4, street 3, district 2; 0 for ESC_NONE. */
int task_escalation_level(enum task_escalation e);

#endif
