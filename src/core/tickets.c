/*
 * Ticket kinds as tables, and who may move a ticket (see tickets.h).
 */
#include "core/tickets.h"

#include "core/tasks.h"

#include <string.h>

static const char *const codes[TICKET_KIND_COUNT] = {
    "supplies", "staff_quarantine", "logistics", "finance", "permits", "other",
};
static const char *const zh[TICKET_KIND_COUNT] = {
    "防疫物资", "员工隔离", "物流运输", "资金", "证照审批", "其他",
};

const char *ticket_kind_code(enum ticket_kind k)
{
    return (unsigned)k < TICKET_KIND_COUNT ? codes[k] : "?";
}

const char *ticket_kind_label_zh(enum ticket_kind k)
{
    return (unsigned)k < TICKET_KIND_COUNT ? zh[k] : "?";
}

int ticket_kind_parse(const char *s, enum ticket_kind *out)
{
    for (int i = 0; i < TICKET_KIND_COUNT; i++)
        if (strcmp(s, codes[i]) == 0 || strcmp(s, zh[i]) == 0) {
            *out = (enum ticket_kind)i;
            return 0;
        }
    return -1;
}

int ticket_may_move(enum ticket_actor who, int to, int opened_by_self)
{
    if (who == TICKET_BY_ENTERPRISE)
        return to == TASK_CANCELLED && opened_by_self;
    return to == TASK_ACCEPTED || to == TASK_DONE || to == TASK_CANCELLED;
}
