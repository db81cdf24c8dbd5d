/*
 * Task and place vocabularies as tables, the state machine, and the
 * escalation clock (see tasks.h).
 */
#include "core/tasks.h"

#include "core/unitcode.h"

#include <string.h>

static const char *const kind_codes[TASK_KIND_COUNT] = {
    "rubbish", "groceries", "medicine",  "inspection",
    "repair",  "other",     "gate_duty", "crowd_guidance",
};
static const char *const kind_zh[TASK_KIND_COUNT] = {
    "垃圾清运", "代购生活物资", "代购药品", "巡查", "维修", "其他", "道口值守", "人员疏导",
};
static const char *const state_codes[TASK_STATE_COUNT] = {"open", "accepted", "done", "cancelled"};
static const char *const place_codes[PLACE_KIND_COUNT] = {
    "office", "park", "garage", "corridor", "passage", "market", "shop", "station_exit", "other",
};
static const char *const place_zh[PLACE_KIND_COUNT] = {
    "办公楼", "园区", "车库", "楼道", "通道", "菜场", "商铺", "站点出口", "其他",
};
static const char *const esc_codes[] = {"none", "committee", "street", "district"};

static int lookup(const char *s, const char *const *a, const char *const *b, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(s, a[i]) == 0 || (b && strcmp(s, b[i]) == 0))
            return i;
    return -1;
}

const char *task_kind_code(enum task_kind k)
{
    return (unsigned)k < TASK_KIND_COUNT ? kind_codes[k] : "?";
}

const char *task_kind_label_zh(enum task_kind k)
{
    return (unsigned)k < TASK_KIND_COUNT ? kind_zh[k] : "?";
}

int task_kind_parse(const char *s, enum task_kind *out)
{
    int i = lookup(s, kind_codes, kind_zh, TASK_KIND_COUNT);
    if (i < 0)
        return -1;
    *out = (enum task_kind)i;
    return 0;
}

const char *task_state_code(enum task_state s)
{
    return (unsigned)s < TASK_STATE_COUNT ? state_codes[s] : "?";
}

int task_state_parse(const char *s, enum task_state *out)
{
    int i = lookup(s, state_codes, NULL, TASK_STATE_COUNT);
    if (i < 0)
        return -1;
    *out = (enum task_state)i;
    return 0;
}

const char *place_kind_code(enum place_kind k)
{
    return (unsigned)k < PLACE_KIND_COUNT ? place_codes[k] : "?";
}

const char *place_kind_label_zh(enum place_kind k)
{
    return (unsigned)k < PLACE_KIND_COUNT ? place_zh[k] : "?";
}

int place_kind_parse(const char *s, enum place_kind *out)
{
    int i = lookup(s, place_codes, place_zh, PLACE_KIND_COUNT);
    if (i < 0)
        return -1;
    *out = (enum place_kind)i;
    return 0;
}

const char *task_escalation_code(enum task_escalation e)
{
    return (unsigned)e <= ESC_DISTRICT ? esc_codes[e] : "?";
}

int task_can_move(enum task_state from, enum task_state to)
{
    switch (to) {
    case TASK_ACCEPTED:
        return from == TASK_OPEN;
    case TASK_DONE:
    case TASK_CANCELLED:
        return from == TASK_OPEN || from == TASK_ACCEPTED;
    default:
        return 0;
    }
}

enum task_escalation task_escalation_at(enum task_state s, int64_t deadline, int64_t now)
{
    if (s != TASK_OPEN && s != TASK_ACCEPTED)
        return ESC_NONE;
    if (now <= deadline)
        return ESC_NONE;
    if (now > deadline + ESC_DISTRICT_AFTER)
        return ESC_DISTRICT;
    if (now > deadline + ESC_STREET_AFTER)
        return ESC_STREET;
    return ESC_COMMITTEE;
}

int task_escalation_level(enum task_escalation e)
{
    switch (e) {
    case ESC_COMMITTEE:
        return LEVEL_COMMITTEE;
    case ESC_STREET:
        return LEVEL_STREET;
    case ESC_DISTRICT:
        return LEVEL_DISTRICT;
    default:
        return 0;
    }
}
