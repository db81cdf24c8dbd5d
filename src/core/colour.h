/*
 * The six-colour code of a resident, derived from facts and today's date by
 * an ordered rule table that the city administrator may edit (DESIGN.md,
 * "Colour is derived, never typed"). Evaluation also gives the first later
 * day on which the colour would change with no new fact, which is what lets
 * the daily roll-over touch only the residents whose colour actually moves.
 * Pure: no I/O, no clock; the rule file is read and written as text.
 */
#ifndef CORDON_CORE_COLOUR_H
#define CORDON_CORE_COLOUR_H

#include <stdint.h>

#include "core/facts.h"

/* Display order, and the value stored in the database: keep it. */
enum colour {
    COLOUR_RED = 0,    /* 红 */
    COLOUR_ORANGE = 1, /* 橙 */
    COLOUR_YELLOW = 2, /* 黄 */
    COLOUR_GREEN = 3,  /* 绿 */
    COLOUR_BLUE = 4,   /* 蓝 */
    COLOUR_PURPLE = 5, /* 紫 */
    COLOUR_COUNT = 6,
};

enum colour_error {
    COLOUR_E_UNKNOWN = -1, /* not a colour code or label */
    COLOUR_E_JSON = -2,    /* rule file is not well-formed JSON */
    COLOUR_E_RULES = -3,   /* well-formed JSON, but not a valid rule table */
    COLOUR_E_NOMEM = -4,   /* out of memory */
};

#define COLOUR_RULES_MAX      16 /* rules in one table, catch-all included */
#define COLOUR_LABEL_LEN      64 /* bytes of a label (UTF-8) and its NUL */
#define COLOUR_WINDOW_DEFAULT 14 /* days an arrival counts as recent */
#define COLOUR_WINDOW_MIN     1
#define COLOUR_WINDOW_MAX     60
#define COLOUR_ERR_LEN        256   /* size of colour_rules_parse()'s err */
#define COLOUR_RULES_TEXT_MAX 65536 /* longest rule file accepted, in bytes */

/* What a rule asks of the resident's last arrival. */
enum colour_arrival {
    COLOUR_ARRIVAL_NOCOND = 0, /* no condition on arrival */
    COLOUR_ARRIVAL_ABROAD,     /* arrived from outside mainland China, recently */
    COLOUR_ARRIVAL_DOMESTIC,   /* arrived from elsewhere in China, recently */
    COLOUR_ARRIVAL_ANY,        /* arrived from anywhere, recently */
};

/*
 * One rule: a colour and a conjunction of conditions; a condition left at
 * its "no condition" value always holds, so a rule with none is a catch-all.
 * "Recently" means 0 <= today - arrival_day < window_days; an arrival dated
 * after today has not happened yet and does not count. A quarantine is
 * active on a day when its kind is in the set and from <= day <= until,
 * where a missing from or a missing until does not limit it.
 */
struct colour_rule {
    enum colour colour;
    unsigned health;             /* bit 1u << enum health per value; 0: any */
    unsigned quarantine;         /* bit 1u << enum quarantine_kind (never
                                    NONE), active on the day; 0: any */
    enum colour_arrival arrived; /* see above */
    int presence;                /* an enum presence, or -1: any */
};

struct colour_label {
    char zh[COLOUR_LABEL_LEN];
    char en[COLOUR_LABEL_LEN];
};

/*
 * A rule table: rules tried in order, first match wins; the last one is a
 * catch-all (colour_rules_parse() and colour_rules_default() guarantee it).
 */
struct colour_rules {
    int window_days; /* COLOUR_WINDOW_MIN..COLOUR_WINDOW_MAX */
    int count;       /* rules used, 1..COLOUR_RULES_MAX */
    struct colour_rule rule[COLOUR_RULES_MAX];
    struct colour_label label[COLOUR_COUNT]; /* indexed by enum colour */
};

/* English code: "red", "orange", "yellow", "green", "blue", "purple";
 * "?" for a value outside the enum. */
const char *colour_code(enum colour c);

/* Parses an English code (ASCII case ignored) or a built-in Chinese label
 * (红...), after trimming white space. Returns 0 and sets *out, or
 * COLOUR_E_UNKNOWN. */
int colour_parse(const char *s, enum colour *out);

/* Built-in labels: 红 橙 黄 绿 蓝 紫 and Red Orange ... Purple ("?" outside
 * the enum). A table's own labels are in struct colour_rules.label. */
const char *colour_default_label_zh(enum colour c);
const char *colour_default_label_en(enum colour c);

/* Display colour as 0xRRGGBB and as "#rrggbb" (CSS, cairo, print). Chosen
 * dark enough to print and to carry white text, blue and purple well apart;
 * black / "#000000" outside the enum. */
uint32_t colour_rgb(enum colour c);
const char *colour_hex(enum colour c);

/* English text of an enum colour_error. */
const char *colour_strerror(int rc);

/*
 * The colour of a resident with facts `f` on day `today` under rules `r`.
 * If out_next_change is not NULL it receives the first day after today on
 * which the colour differs, assuming no new fact is recorded, or DATE_NONE
 * if it never does. The day is exact: never later than the real change
 * (the roll-over relies on it), never earlier. If no rule matches, which
 * only a table without a catch-all allows, the colour is green.
 */
enum colour colour_eval(const struct colour_rules *r, const struct facts *f, int32_t today,
                        int32_t *out_next_change);

/* The table of DESIGN.md: red fever/suspected/confirmed, orange home or
 * central quarantine, yellow abroad < 14 days, blue domestic < 14 days,
 * purple away, green otherwise; built-in labels. */
void colour_rules_default(struct colour_rules *out);

/* 1 if the two tables behave and display alike (same window, rules and
 * labels), else 0. Unused slots are ignored. */
int colour_rules_equal(const struct colour_rules *a, const struct colour_rules *b);

/*
 * Rule file. A JSON object:
 *
 *   {
 *     "window_days": 14,                      optional, 1..60, default 14
 *     "labels": {                             optional, each part too;
 *       "red": {"zh": "红", "en": "Red"},     missing ones take the
 *       ...                                   built-in label
 *     },
 *     "rules": [                              required, 1..16 rules
 *       {"colour": "red", "health": ["fever", "suspected", "confirmed"]},
 *       {"colour": "orange", "quarantine": ["home", "central"]},
 *       {"colour": "yellow", "arrived": "abroad"},
 *       {"colour": "blue", "arrived": "domestic"},
 *       {"colour": "purple", "presence": "away"},
 *       {"colour": "green"}
 *     ]
 *   }
 *
 * A rule is "colour" plus any of these conditions, all of which must hold:
 *   "health":     non-empty array of normal, fever, suspected, confirmed,
 *                 recovered: the health fact is one of them;
 *   "quarantine": non-empty array of home, central: a quarantine of one of
 *                 these kinds is active today (see struct colour_rule);
 *   "arrived":    "abroad", "domestic" or "any": the last arrival, of that
 *                 origin, was 0 to window_days - 1 days ago;
 *   "presence":   "in" or "away".
 * Fact values may also be written as their Chinese labels (发热, 居家隔离,
 * 外出...) and colours as 红...; serialising writes the English codes.
 * The last rule must have no condition, and only the last. Unknown keys,
 * duplicate keys and values listed twice are errors, so a typo never
 * silently changes meaning.
 */

/*
 * Parses rule-file text (NUL-terminated, at most COLOUR_RULES_TEXT_MAX
 * bytes). Returns 0 and fills *out, or a negative enum colour_error with one
 * line in err saying where and what ("rules[2].health[1]: unknown health
 * value \"feverish\" ..."); *out is left untouched on error.
 */
int colour_rules_parse(const char *json, struct colour_rules *out, char err[COLOUR_ERR_LEN]);

/*
 * The rule file for `r` (as colour_rules_parse() reads it), indented, keys in
 * a fixed order, ending with a newline: the same table always gives the same
 * bytes. The caller frees it with free(). NULL if out of memory or if a
 * label is not valid UTF-8 (labels from colour_rules_parse() always are).
 */
char *colour_rules_to_json(const struct colour_rules *r);

#endif
