/*
 * The rules of moving a quarantine case's last day (see quarantine.h). No
 * I/O: the use case in app/quarantine/quarantines.c reads the case and the clock and
 * acts on the answer.
 */
#include "core/quarantine.h"

int quarantine_until_check(int32_t from, int32_t until, int32_t next, int32_t today,
                           enum quarantine_change *out)
{
    if ((int64_t)next < (int64_t)from - 1)
        return QUNTIL_E_BEFORE_FROM;
    if ((int64_t)next < (int64_t)today - 1)
        return QUNTIL_E_PAST;
    if ((int64_t)next > (int64_t)from + QUARANTINE_DAYS_MAX)
        return QUNTIL_E_TOO_LONG;
    if (next == until)
        *out = QCHANGE_NONE;
    else if (next > until)
        *out = QCHANGE_EXTEND;
    else if (next < today)
        *out = QCHANGE_END_NOW;
    else
        *out = QCHANGE_SHORTEN;
    return 0;
}
