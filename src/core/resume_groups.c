/*
 * The resume-together rule (see resume_groups.h).
 */
#include "core/resume_groups.h"

int group_member_ready(enum resumption_status s)
{
    return s == RS_APPROVED || resumption_is_open(s);
}

int group_waiting(const enum resumption_status *s, int n)
{
    int w = 0;

    for (int i = 0; i < n; i++)
        w += !group_member_ready(s[i]);
    return w;
}
