/*
 * Return to work (issue 16), the pure rules: an enterprise's status on a
 * day (closed, applied, approved, partly open, fully open), which changes
 * are allowed and for whom (the table in resumption.c), and the rates the
 * street's dashboard shows. Pure: no database, no I/O.
 */
#ifndef CORDON_CORE_RESUMPTION_H
#define CORDON_CORE_RESUMPTION_H

#include <stdint.h>

enum resumption_status {
    RS_CLOSED = 0,
    RS_APPLIED,
    RS_APPROVED,
    RS_PARTLY_OPEN,
    RS_FULLY_OPEN,
    RS_COUNT,
};

/* Who moves a status: the enterprise itself (its own account, or its
 * specialist on its behalf), or the street that approves. */
enum resumption_actor {
    RA_ENTERPRISE = 0,
    RA_STREET,
};

/* "closed", "applied", "approved", "partly_open", "fully_open"; parse also
 * takes the Chinese labels. Parse returns 0, or -1 if unknown. */
const char *resumption_code(enum resumption_status s);
const char *resumption_label_zh(enum resumption_status s);
int resumption_parse(const char *s, enum resumption_status *out);

/* 1 if `who` may move an enterprise from `from` to `to` (the same status
 * again records another day's staff on site), else 0. */
int resumption_can_move(enum resumption_status from, enum resumption_status to,
                        enum resumption_actor who);

/* 1 for partly or fully open (counted as open by the rates). */
int resumption_is_open(enum resumption_status s);

/* The output above which an enterprise is listed as large: 500 million
 * yuan, in the register's unit of 10,000 yuan. */
#define RESUMPTION_LARGE_OUTPUT 50000

#endif
