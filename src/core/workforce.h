/*
 * Pure rules of staff sent down (issue 14): the duties a deployment may
 * carry, the kinds of post that receive staff, the shifts, and whether two
 * periods of days overlap. Codes are English (stored, in the API); each has
 * its Chinese name, and parsing takes either.
 */
#ifndef CORDON_CORE_WORKFORCE_H
#define CORDON_CORE_WORKFORCE_H

#include <stdint.h>

enum duty {
    DUTY_COMMUNITY = 0, /* 社区防控 */
    DUTY_SHOPS,         /* 商铺巡查 */
    DUTY_GATE,          /* 道口管控 */
    DUTY_CROWD,         /* 人员疏导 */
    DUTY_RUBBISH,       /* 垃圾收运 */
    DUTY_OTHER,         /* 其他 */
    DUTY_COUNT,
};

enum duty_post_kind {
    DPOST_COMMITTEE = 0, /* 居委会 / 村委会 */
    DPOST_CHECKPOINT,    /* 卡口 (a checkpoint post) */
    DPOST_TOLL_GATE,     /* 高速道口 */
    DPOST_METRO,         /* 地铁站 */
    DPOST_RAILWAY,       /* 火车站 */
    DPOST_AIRPORT,       /* 机场 */
    DPOST_SERVICE,       /* 园区 / 楼宇服务站 */
    DPOST_KIND_COUNT,
};

enum shift {
    SHIFT_DAY = 0, /* 白班 */
    SHIFT_NIGHT,   /* 夜班 */
    SHIFT_COUNT,
};

/* Code and Chinese name of each; NULL out of range. */
const char *duty_code(enum duty d);
const char *duty_name_zh(enum duty d);
const char *duty_post_kind_code(enum duty_post_kind k);
const char *shift_code(enum shift s);

/* Parses an English code or the Chinese name: 0, or -1. */
int duty_parse(const char *s, enum duty *out);
int duty_post_kind_parse(const char *s, enum duty_post_kind *out);
int shift_parse(const char *s, enum shift *out);

/* 1 if the periods [a_from, a_until] and [b_from, b_until] (days, both
 * ends included) share a day, else 0. */
int period_overlaps(int32_t a_from, int32_t a_until, int32_t b_from, int32_t b_until);

/* The shift a local time of day falls in: day from 08:00 to 20:00. */
enum shift shift_at(int64_t seconds_of_day);

/* A unit code of level city to committee as a committee-level key (3101
 * is 310100000000, 310105002 is 310105002000), so that what lies within a
 * unit is one range of keys (unitcode_committee_range). -1 for a code
 * longer than a committee's. */
int64_t workforce_area(int64_t code);

/* What a post lacks: the minimum less those on duty, never below 0. */
int staffing_gap(int minimum, int on_duty);

#endif
