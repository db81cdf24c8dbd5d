/*
 * Duties, kinds of post, shifts and periods of staff sent down
 * (core/workforce.h): tables and arithmetic, no storage.
 */
#include "core/workforce.h"

#include <string.h>

struct named {
    const char *code;
    const char *zh;
};

static const struct named duties[DUTY_COUNT] = {
    {"community", "社区防控"}, {"shops", "商铺巡查"},   {"gate", "道口管控"},
    {"crowd", "人员疏导"},     {"rubbish", "垃圾收运"}, {"other", "其他"},
};

static const struct named kinds[DPOST_KIND_COUNT] = {
    {"committee", "居委会"}, {"checkpoint", "卡口"}, {"toll_gate", "高速道口"}, {"metro", "地铁站"},
    {"railway", "火车站"},   {"airport", "机场"},    {"service", "服务站"},
};

static const struct named shifts[SHIFT_COUNT] = {{"day", "白班"}, {"night", "夜班"}};

static int lookup(const struct named *t, int n, const char *s)
{
    if (!s)
        return -1;
    for (int i = 0; i < n; i++)
        if (strcmp(s, t[i].code) == 0 || strcmp(s, t[i].zh) == 0)
            return i;
    return -1;
}

const char *duty_code(enum duty d)
{
    return (unsigned)d < DUTY_COUNT ? duties[d].code : NULL;
}

const char *duty_name_zh(enum duty d)
{
    return (unsigned)d < DUTY_COUNT ? duties[d].zh : NULL;
}

const char *duty_post_kind_code(enum duty_post_kind k)
{
    return (unsigned)k < DPOST_KIND_COUNT ? kinds[k].code : NULL;
}

const char *shift_code(enum shift s)
{
    return (unsigned)s < SHIFT_COUNT ? shifts[s].code : NULL;
}

int duty_parse(const char *s, enum duty *out)
{
    int i = lookup(duties, DUTY_COUNT, s);

    if (i < 0)
        return -1;
    *out = (enum duty)i;
    return 0;
}

int duty_post_kind_parse(const char *s, enum duty_post_kind *out)
{
    int i = lookup(kinds, DPOST_KIND_COUNT, s);

    if (i < 0)
        return -1;
    *out = (enum duty_post_kind)i;
    return 0;
}

int shift_parse(const char *s, enum shift *out)
{
    int i = lookup(shifts, SHIFT_COUNT, s);

    if (i < 0)
        return -1;
    *out = (enum shift)i;
    return 0;
}

int period_overlaps(int32_t a_from, int32_t a_until, int32_t b_from, int32_t b_until)
{
    return a_from <= b_until && b_from <= a_until;
}

enum shift shift_at(int64_t seconds_of_day)
{
    return seconds_of_day >= 8 * 3600 && seconds_of_day < 20 * 3600 ? SHIFT_DAY : SHIFT_NIGHT;
}

int staffing_gap(int minimum, int on_duty)
{
    return minimum > on_duty ? minimum - on_duty : 0;
}

int64_t workforce_area(int64_t code)
{
    if (code <= 0 || code > 999999999999LL)
        return -1;
    while (code < 100000000000LL)
        code *= 10;
    return code;
}
