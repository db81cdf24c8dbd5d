/*
 * The code<->text tables for the fact enums, and the parsers that read a
 * fact value from an API field or a spreadsheet cell. Each parser is one
 * table of accepted spellings (English code, Chinese label, and the synonyms
 * committees actually type), so adding a spelling is adding a row. English
 * is matched without regard to ASCII case; Chinese is matched exactly.
 */
#include "core/facts.h"

#include "core/date.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>

struct alias {
    const char *text;
    int value;
};

/* Accepted spellings. English rows must be lower case: input is folded to
 * lower case before comparing, Chinese rows are compared byte for byte. */
static const struct alias presence_aliases[] = {
    {"in", PRESENCE_IN},         {"在沪", PRESENCE_IN},     {"一直在沪", PRESENCE_IN},
    {"已返沪", PRESENCE_IN},     {"away", PRESENCE_AWAY},   {"外出", PRESENCE_AWAY},
    {"外出未返", PRESENCE_AWAY}, {"不在沪", PRESENCE_AWAY},
};

static const struct alias quarantine_aliases[] = {
    {"none", QUARANTINE_NONE},       {"无", QUARANTINE_NONE},          {"否", QUARANTINE_NONE},
    {"home", QUARANTINE_HOME},       {"居家隔离", QUARANTINE_HOME},    {"居家", QUARANTINE_HOME},
    {"central", QUARANTINE_CENTRAL}, {"集中隔离", QUARANTINE_CENTRAL}, {"集中", QUARANTINE_CENTRAL},
};

static const struct alias health_aliases[] = {
    {"normal", HEALTH_NORMAL},    {"正常", HEALTH_NORMAL},
    {"健康", HEALTH_NORMAL},      {"fever", HEALTH_FEVER},
    {"发热", HEALTH_FEVER},       {"suspected", HEALTH_SUSPECTED},
    {"疑似", HEALTH_SUSPECTED},   {"confirmed", HEALTH_CONFIRMED},
    {"确诊", HEALTH_CONFIRMED},   {"recovered", HEALTH_RECOVERED},
    {"已康复", HEALTH_RECOVERED}, {"康复", HEALTH_RECOVERED},
    {"治愈", HEALTH_RECOVERED},
};

/* Indexed by enum value: the canonical code and label. */
static const char *const presence_codes[] = {"in", "away"};
static const char *const presence_labels[] = {"在沪", "外出"};
static const char *const quarantine_codes[] = {"none", "home", "central"};
static const char *const quarantine_labels[] = {"无", "居家隔离", "集中隔离"};
static const char *const health_codes[] = {"normal", "fever", "suspected", "confirmed",
                                           "recovered"};
static const char *const health_labels[] = {"正常", "发热", "疑似", "确诊", "已康复"};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

void facts_init(struct facts *f)
{
    f->presence = PRESENCE_IN;
    f->arrival_day = DATE_NONE;
    f->arrival_abroad = 0;
    f->quarantine = QUARANTINE_NONE;
    f->quarantine_from = DATE_NONE;
    f->quarantine_until = DATE_NONE;
    f->health = HEALTH_NORMAL;
}

void facts_apply(struct facts *f, char *origin, size_t origin_size, const struct facts_change *ch)
{
    if (ch->set & FACT_PRESENCE)
        f->presence = ch->presence;
    if (ch->set & FACT_ARRIVAL) {
        f->arrival_day = ch->arrival_day;
        f->arrival_abroad = ch->arrival_abroad;
        if (origin_size)
            snprintf(origin, origin_size, "%s", ch->origin);
        if (ch->arrival_day != DATE_NONE && !(ch->set & FACT_PRESENCE))
            f->presence = PRESENCE_IN;
    }
    if (ch->set & FACT_QUARANTINE) {
        f->quarantine = ch->quarantine;
        f->quarantine_from = ch->quarantine_from;
        f->quarantine_until = ch->quarantine_until;
    }
    if (ch->set & FACT_HEALTH)
        f->health = ch->health;
}

const char *facts_change_kind(unsigned set)
{
    /* Indexed by bit: FACT_PRESENCE, FACT_ARRIVAL, FACT_QUARANTINE, FACT_HEALTH. */
    static const char *const one[] = {"presence", "arrival", "quarantine", "health"};

    for (unsigned i = 0; i < sizeof one / sizeof one[0]; i++)
        if (set == 1u << i)
            return one[i];
    return "facts";
}

/* Table lookups return NULL for a value outside the enum: a caller bug. */
static const char *pick(const char *const *table, size_t n, int v)
{
    return v >= 0 && (size_t)v < n ? table[v] : NULL;
}

const char *presence_code(enum presence p)
{
    return pick(presence_codes, COUNT(presence_codes), (int)p);
}

const char *quarantine_code(enum quarantine_kind q)
{
    return pick(quarantine_codes, COUNT(quarantine_codes), (int)q);
}

const char *health_code(enum health h)
{
    return pick(health_codes, COUNT(health_codes), (int)h);
}

const char *presence_label_zh(enum presence p)
{
    return pick(presence_labels, COUNT(presence_labels), (int)p);
}

const char *quarantine_label_zh(enum quarantine_kind q)
{
    return pick(quarantine_labels, COUNT(quarantine_labels), (int)q);
}

const char *health_label_zh(enum health h)
{
    return pick(health_labels, COUNT(health_labels), (int)h);
}

static int is_ascii_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* U+3000 IDEOGRAPHIC SPACE, which Chinese input methods type as a space. */
static int is_ideographic_space(const unsigned char *p, size_t n)
{
    return n >= 3 && p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80;
}

static unsigned char ascii_lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c - 'A' + 'a') : c;
}

/*
 * Finds the trimmed s in an alias table. Returns the value, or -1 when s is
 * NULL, blank or matches no row.
 */
static int lookup(const char *s, const struct alias *table, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t len;

    if (!s)
        return -1;
    len = strlen(s);
    for (;;) {
        if (len >= 1 && is_ascii_space(p[0])) {
            p++;
            len--;
        } else if (is_ideographic_space(p, len)) {
            p += 3;
            len -= 3;
        } else {
            break;
        }
    }
    for (;;) {
        if (len >= 1 && is_ascii_space(p[len - 1]))
            len--;
        else if (len >= 3 && is_ideographic_space(p + len - 3, 3))
            len -= 3;
        else
            break;
    }
    if (len == 0)
        return -1;

    for (size_t i = 0; i < n; i++) {
        const unsigned char *t = (const unsigned char *)table[i].text;
        size_t k = 0;
        while (k < len && t[k] && ascii_lower(p[k]) == t[k])
            k++;
        if (k == len && t[k] == '\0')
            return table[i].value;
    }
    return -1;
}

int presence_parse(const char *s, enum presence *out)
{
    int v = lookup(s, presence_aliases, COUNT(presence_aliases));
    if (v < 0)
        return -1;
    *out = (enum presence)v;
    return 0;
}

int quarantine_parse(const char *s, enum quarantine_kind *out)
{
    int v = lookup(s, quarantine_aliases, COUNT(quarantine_aliases));
    if (v < 0)
        return -1;
    *out = (enum quarantine_kind)v;
    return 0;
}

int health_parse(const char *s, enum health *out)
{
    int v = lookup(s, health_aliases, COUNT(health_aliases));
    if (v < 0)
        return -1;
    *out = (enum health)v;
    return 0;
}
