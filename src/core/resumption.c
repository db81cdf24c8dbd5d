/*
 * The status rules of return to work, as one table: for each status, the
 * statuses each actor may move it to. The enterprise applies, opens once
 * approved, and reports its staff on site day by day; the street approves
 * or returns an application (back to closed), and may close or open any
 * enterprise it has approved. An enterprise never approves itself.
 */
#include "core/resumption.h"

#include <string.h>

static const char *const codes[RS_COUNT] = {"closed", "applied", "approved", "partly_open",
                                            "fully_open"};
static const char *const labels[RS_COUNT] = {"停工", "已申请", "已批准", "部分复工", "全面复工"};

#define B(s) (1u << (s))

/* moves[from][actor]: the set of statuses `actor` may move `from` to. */
static const unsigned moves[RS_COUNT][2] = {
    [RS_CLOSED] = {B(RS_APPLIED), B(RS_CLOSED)},
    [RS_APPLIED] = {B(RS_APPLIED) | B(RS_CLOSED), B(RS_APPROVED) | B(RS_CLOSED)},
    [RS_APPROVED] = {B(RS_PARTLY_OPEN) | B(RS_FULLY_OPEN) | B(RS_CLOSED),
                     B(RS_APPROVED) | B(RS_PARTLY_OPEN) | B(RS_FULLY_OPEN) | B(RS_CLOSED)},
    [RS_PARTLY_OPEN] = {B(RS_PARTLY_OPEN) | B(RS_FULLY_OPEN) | B(RS_CLOSED),
                        B(RS_PARTLY_OPEN) | B(RS_FULLY_OPEN) | B(RS_CLOSED)},
    [RS_FULLY_OPEN] = {B(RS_PARTLY_OPEN) | B(RS_FULLY_OPEN) | B(RS_CLOSED),
                       B(RS_PARTLY_OPEN) | B(RS_FULLY_OPEN) | B(RS_CLOSED)},
};

const char *resumption_code(enum resumption_status s)
{
    return (unsigned)s < RS_COUNT ? codes[s] : "?";
}

const char *resumption_label_zh(enum resumption_status s)
{
    return (unsigned)s < RS_COUNT ? labels[s] : "?";
}

int resumption_parse(const char *s, enum resumption_status *out)
{
    for (int i = 0; i < RS_COUNT; i++)
        if (strcmp(s, codes[i]) == 0 || strcmp(s, labels[i]) == 0) {
            *out = (enum resumption_status)i;
            return 0;
        }
    return -1;
}

int resumption_can_move(enum resumption_status from, enum resumption_status to,
                        enum resumption_actor who)
{
    if ((unsigned)from >= RS_COUNT || (unsigned)to >= RS_COUNT || (unsigned)who > RA_STREET)
        return 0;
    return (moves[from][who] & B(to)) != 0;
}

int resumption_is_open(enum resumption_status s)
{
    return s == RS_PARTLY_OPEN || s == RS_FULLY_OPEN;
}
