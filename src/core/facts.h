/*
 * A resident's situation: the four kinds of fact DESIGN.md names, as plain
 * values. The current facts of a resident are one `struct facts`; history is
 * a list of changes kept by the store. Pure data and the code<->text tables
 * for each enum (English codes as used in the API and rule files, Chinese
 * labels as written in committees' spreadsheets).
 */
#ifndef CORDON_CORE_FACTS_H
#define CORDON_CORE_FACTS_H

#include <stddef.h>
#include <stdint.h>

enum presence {
    PRESENCE_IN = 0,   /* in the city (一直在沪 / 已返沪) */
    PRESENCE_AWAY = 1, /* away, expected back (外出未返) */
};

enum quarantine_kind {
    QUARANTINE_NONE = 0,    /* 无 */
    QUARANTINE_HOME = 1,    /* 居家隔离 */
    QUARANTINE_CENTRAL = 2, /* 集中隔离 */
};

enum health {
    HEALTH_NORMAL = 0,    /* 正常 */
    HEALTH_FEVER = 1,     /* 发热 */
    HEALTH_SUSPECTED = 2, /* 疑似 */
    HEALTH_CONFIRMED = 3, /* 确诊 */
    HEALTH_RECOVERED = 4, /* 已康复 */
};

/*
 * Current facts. Dates are days since 1970-01-01 (core/date.h), DATE_NONE
 * when absent. arrival_day == DATE_NONE means "never recorded as arriving":
 * the resident stayed in the city all along.
 */
struct facts {
    enum presence presence;
    int32_t arrival_day;
    int arrival_abroad; /* 1: arrived from outside mainland China */
    enum quarantine_kind quarantine;
    int32_t quarantine_from;
    int32_t quarantine_until; /* inclusive last day */
    enum health health;
};

/* Facts of someone who has stayed in the city, healthy, all along. */
void facts_init(struct facts *f);

/* Bytes of the place an arrival came from, with its NUL (the register's
 * origin column). */
#define FACTS_ORIGIN_MAX 128

/* Which facts a change sets. */
enum fact_bits {
    FACT_PRESENCE = 1u << 0,
    FACT_ARRIVAL = 1u << 1,
    FACT_QUARANTINE = 1u << 2,
    FACT_HEALTH = 1u << 3,
};

/* A change of some of the facts, as recorded by the API, a quarantine case
 * or a hand-over: only the parts named in `set` apply. */
struct facts_change {
    unsigned set; /* enum fact_bits */
    enum presence presence;
    int32_t arrival_day; /* DATE_NONE with FACT_ARRIVAL: arrival cleared */
    int arrival_abroad;
    char origin[FACTS_ORIGIN_MAX];
    enum quarantine_kind quarantine;
    int32_t quarantine_from;
    int32_t quarantine_until;
    enum health health;
    int32_t effective; /* day the change took effect */
};

/*
 * Applies change ch to facts f and the arrival's origin (a buffer of
 * origin_size bytes, truncated to fit): the parts named in ch->set replace
 * the current ones, the rest stay. An arrival puts someone back in the
 * city unless the change says where they are.
 */
void facts_apply(struct facts *f, char *origin, size_t origin_size, const struct facts_change *ch);

/* The history kind of a change: "presence", "arrival", "quarantine" or
 * "health" when it sets one part, "facts" for several (or none). */
const char *facts_change_kind(unsigned set);

/* English codes ("in", "away"; "none", "home", "central"; "normal",
 * "fever", "suspected", "confirmed", "recovered"). */
const char *presence_code(enum presence p);
const char *quarantine_code(enum quarantine_kind q);
const char *health_code(enum health h);

/* Chinese labels (在沪, 外出; 无, 居家隔离, 集中隔离; 正常, 发热, 疑似, 确诊, 已康复). */
const char *presence_label_zh(enum presence p);
const char *quarantine_label_zh(enum quarantine_kind q);
const char *health_label_zh(enum health h);

/* Parse an English code or a Chinese label (exact, after trimming white
 * space). Return 0 and set *out, or -1 if unknown. */
int presence_parse(const char *s, enum presence *out);
int quarantine_parse(const char *s, enum quarantine_kind *out);
int health_parse(const char *s, enum health *out);

#endif
