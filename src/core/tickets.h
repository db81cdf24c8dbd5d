/*
 * The problem tickets of return to work (issue 16), pure: the kinds an
 * enterprise's problem is filed under (supplies, staff in quarantine,
 * logistics, finance, permits, other) with their Chinese labels, and who
 * may move a ticket (the service specialist works it; the enterprise may
 * only withdraw its own).
 */
#ifndef CORDON_CORE_TICKETS_H
#define CORDON_CORE_TICKETS_H

enum ticket_kind {
    TICKET_SUPPLIES = 0,
    TICKET_STAFF_QUARANTINE,
    TICKET_LOGISTICS,
    TICKET_FINANCE,
    TICKET_PERMITS,
    TICKET_OTHER,
    TICKET_KIND_COUNT,
};

/* English codes ("staff_quarantine") and Chinese labels ("员工隔离");
 * parse accepts either: 0, or -1 if unknown. */
const char *ticket_kind_code(enum ticket_kind k);
const char *ticket_kind_label_zh(enum ticket_kind k);
int ticket_kind_parse(const char *s, enum ticket_kind *out);

/* Who moves a ticket, by what the caller is to its enterprise. */
enum ticket_actor {
    TICKET_BY_ENTERPRISE = 0, /* the enterprise's own account */
    TICKET_BY_SPECIALIST,     /* a specialist assigned to it */
    TICKET_BY_STREET,         /* the street (and above) */
};

/* 1 if `who` may move a ticket to task state `to` (enum task_state):
 * accept and done by the specialist or the street, cancel by anyone of
 * them (the enterprise withdraws its own: `opened_by_self`). */
int ticket_may_move(enum ticket_actor who, int to, int opened_by_self);

#endif
