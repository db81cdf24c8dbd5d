/*
 * Colour evaluation: the rule table applied to one resident's facts on one
 * day, and the exact day the answer next changes. Conditions depend on the
 * day only through four dates (quarantine from and until, arrival day and
 * arrival day + window), so the colour is constant between them and the
 * next change is found by evaluating at those few days, not by scanning.
 * Rule-file text lives in colour_rules.c. See colour.h.
 */
#include "core/colour.h"

#include <string.h>
#include <strings.h>

#include "core/date.h"

/* One row per colour, in enum order: the table is the single place where
 * codes, labels and display colours are written down. */
static const struct {
    const char *code;
    const char *zh;
    const char *en;
    uint32_t rgb;
    const char *hex;
} colours[COLOUR_COUNT] = {
    [COLOUR_RED] = {"red", "红", "Red", 0xd32f2f, "#d32f2f"},
    [COLOUR_ORANGE] = {"orange", "橙", "Orange", 0xef6c00, "#ef6c00"},
    [COLOUR_YELLOW] = {"yellow", "黄", "Yellow", 0xf9a825, "#f9a825"},
    [COLOUR_GREEN] = {"green", "绿", "Green", 0x2e7d32, "#2e7d32"},
    [COLOUR_BLUE] = {"blue", "蓝", "Blue", 0x1565c0, "#1565c0"},
    [COLOUR_PURPLE] = {"purple", "紫", "Purple", 0x7b1fa2, "#7b1fa2"},
};

static int valid(enum colour c)
{
    return (unsigned)c < COLOUR_COUNT;
}

const char *colour_code(enum colour c)
{
    return valid(c) ? colours[c].code : "?";
}

const char *colour_default_label_zh(enum colour c)
{
    return valid(c) ? colours[c].zh : "?";
}

const char *colour_default_label_en(enum colour c)
{
    return valid(c) ? colours[c].en : "?";
}

uint32_t colour_rgb(enum colour c)
{
    return valid(c) ? colours[c].rgb : 0;
}

const char *colour_hex(enum colour c)
{
    return valid(c) ? colours[c].hex : "#000000";
}

static int is_space(char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

int colour_parse(const char *s, enum colour *out)
{
    size_t len;

    if (!s)
        return COLOUR_E_UNKNOWN;
    while (is_space(*s))
        s++;
    len = strlen(s);
    while (len && is_space(s[len - 1]))
        len--;
    for (int c = 0; c < COLOUR_COUNT; c++) {
        if ((strlen(colours[c].code) == len && !strncasecmp(s, colours[c].code, len)) ||
            (strlen(colours[c].zh) == len && !memcmp(s, colours[c].zh, len))) {
            *out = (enum colour)c;
            return 0;
        }
    }
    return COLOUR_E_UNKNOWN;
}

/*
 * Conditions take the day as int64_t so that date arithmetic near the ends
 * of int32_t (until + 1, arrival + window) cannot overflow.
 */
static int quarantine_active(const struct facts *f, int64_t day)
{
    if (f->quarantine == QUARANTINE_NONE)
        return 0;
    if (f->quarantine_from != DATE_NONE && day < f->quarantine_from)
        return 0;
    if (f->quarantine_until != DATE_NONE && day > f->quarantine_until)
        return 0;
    return 1;
}

/* An arrival dated after `day` has not happened yet on that day. */
static int arrived_recently(const struct facts *f, int64_t day, int window)
{
    int64_t since;

    if (f->arrival_day == DATE_NONE)
        return 0;
    since = day - (int64_t)f->arrival_day;
    return since >= 0 && since < window;
}

static int in_set(unsigned set, int value)
{
    return (unsigned)value < 32 && (set & (1u << value));
}

static int rule_matches(const struct colour_rule *rule, const struct facts *f, int64_t day,
                        int window)
{
    if (rule->health && !in_set(rule->health, (int)f->health))
        return 0;
    if (rule->quarantine &&
        (!in_set(rule->quarantine, (int)f->quarantine) || !quarantine_active(f, day)))
        return 0;
    switch (rule->arrived) {
    case COLOUR_ARRIVAL_NOCOND:
        break;
    case COLOUR_ARRIVAL_ABROAD:
        if (!f->arrival_abroad || !arrived_recently(f, day, window))
            return 0;
        break;
    case COLOUR_ARRIVAL_DOMESTIC:
        if (f->arrival_abroad || !arrived_recently(f, day, window))
            return 0;
        break;
    case COLOUR_ARRIVAL_ANY:
        if (!arrived_recently(f, day, window))
            return 0;
        break;
    }
    if (rule->presence >= 0 && (int)f->presence != rule->presence)
        return 0;
    return 1;
}

static enum colour eval_on(const struct colour_rules *r, const struct facts *f, int64_t day)
{
    for (int i = 0; i < r->count && i < COLOUR_RULES_MAX; i++)
        if (rule_matches(&r->rule[i], f, day, r->window_days))
            return r->rule[i].colour;
    return COLOUR_GREEN;
}

/* Adds `day` to the sorted, duplicate-free candidates if it lies after
 * today and is a representable date. */
static void add_candidate(int64_t *cand, int *n, int64_t day, int64_t today)
{
    int i;

    if (day <= today || day > INT32_MAX)
        return;
    for (i = 0; i < *n; i++)
        if (cand[i] == day)
            return;
    for (i = *n; i > 0 && cand[i - 1] > day; i--)
        cand[i] = cand[i - 1];
    cand[i] = day;
    (*n)++;
}

enum colour colour_eval(const struct colour_rules *r, const struct facts *f, int32_t today,
                        int32_t *out_next_change)
{
    enum colour now = eval_on(r, f, today);
    int64_t cand[4];
    int n = 0;

    if (!out_next_change)
        return now;
    /* Every condition is constant on each stretch of days between these
     * boundaries, so the colour can only change on one of them. */
    if (f->quarantine != QUARANTINE_NONE) {
        if (f->quarantine_from != DATE_NONE)
            add_candidate(cand, &n, f->quarantine_from, today);
        if (f->quarantine_until != DATE_NONE)
            add_candidate(cand, &n, (int64_t)f->quarantine_until + 1, today);
    }
    if (f->arrival_day != DATE_NONE) {
        add_candidate(cand, &n, f->arrival_day, today);
        add_candidate(cand, &n, (int64_t)f->arrival_day + r->window_days, today);
    }
    *out_next_change = DATE_NONE;
    for (int i = 0; i < n; i++) {
        if (eval_on(r, f, cand[i]) != now) {
            *out_next_change = (int32_t)cand[i];
            break;
        }
    }
    return now;
}

void colour_rules_default(struct colour_rules *out)
{
    static const struct colour_rule rules[] = {
        {COLOUR_RED, 1u << HEALTH_FEVER | 1u << HEALTH_SUSPECTED | 1u << HEALTH_CONFIRMED, 0,
         COLOUR_ARRIVAL_NOCOND, -1},
        {COLOUR_ORANGE, 0, 1u << QUARANTINE_HOME | 1u << QUARANTINE_CENTRAL, COLOUR_ARRIVAL_NOCOND,
         -1},
        {COLOUR_YELLOW, 0, 0, COLOUR_ARRIVAL_ABROAD, -1},
        {COLOUR_BLUE, 0, 0, COLOUR_ARRIVAL_DOMESTIC, -1},
        {COLOUR_PURPLE, 0, 0, COLOUR_ARRIVAL_NOCOND, PRESENCE_AWAY},
        {COLOUR_GREEN, 0, 0, COLOUR_ARRIVAL_NOCOND, -1},
    };

    memset(out, 0, sizeof(*out));
    out->window_days = COLOUR_WINDOW_DEFAULT;
    out->count = (int)(sizeof(rules) / sizeof(rules[0]));
    memcpy(out->rule, rules, sizeof(rules));
    for (int c = 0; c < COLOUR_COUNT; c++) {
        strcpy(out->label[c].zh, colours[c].zh);
        strcpy(out->label[c].en, colours[c].en);
    }
}

int colour_rules_equal(const struct colour_rules *a, const struct colour_rules *b)
{
    if (a->window_days != b->window_days || a->count != b->count)
        return 0;
    for (int i = 0; i < a->count && i < COLOUR_RULES_MAX; i++) {
        const struct colour_rule *x = &a->rule[i], *y = &b->rule[i];

        if (x->colour != y->colour || x->health != y->health || x->quarantine != y->quarantine ||
            x->arrived != y->arrived || x->presence != y->presence)
            return 0;
    }
    for (int c = 0; c < COLOUR_COUNT; c++)
        if (strcmp(a->label[c].zh, b->label[c].zh) || strcmp(a->label[c].en, b->label[c].en))
            return 0;
    return 1;
}
