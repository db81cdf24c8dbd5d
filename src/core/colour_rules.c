/*
 * The colour rule file: JSON text to struct colour_rules and back (format in
 * colour.h). Parsing is strict and says exactly where a file is wrong,
 * because the file is edited by hand by a city administrator and a rule that
 * silently means something else would paint residents the wrong colour.
 * Serialising is canonical (fixed key order, one rule per line) so the
 * shipped data/rules.default.json is byte for byte colour_rules_default().
 */
#include "core/colour.h"

#include <jansson.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const arrival_codes[] = {
    [COLOUR_ARRIVAL_NOCOND] = NULL,
    [COLOUR_ARRIVAL_ABROAD] = "abroad",
    [COLOUR_ARRIVAL_DOMESTIC] = "domestic",
    [COLOUR_ARRIVAL_ANY] = "any",
};

#define N_HEALTH     5 /* HEALTH_NORMAL..HEALTH_RECOVERED */
#define N_QUARANTINE 3 /* QUARANTINE_NONE..QUARANTINE_CENTRAL */

static int fail(char *err, int rc, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int fail(char *err, int rc, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(err, COLOUR_ERR_LEN, fmt, ap);
    va_end(ap);
    return rc;
}

static const char *type_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT:
        return "an object";
    case JSON_ARRAY:
        return "an array";
    case JSON_STRING:
        return "a string";
    case JSON_INTEGER:
        return "an integer";
    case JSON_REAL:
        return "a number with a fraction";
    case JSON_TRUE:
    case JSON_FALSE:
        return "a boolean";
    case JSON_NULL:
        return "null";
    }
    return "something else";
}

/* 1 if `key` is one of the NULL-terminated `allowed`. */
static int known_key(const char *key, const char *const *allowed)
{
    for (; *allowed; allowed++)
        if (!strcmp(key, *allowed))
            return 1;
    return 0;
}

/* Rejects any key of `obj` not in `allowed`, naming the first one met (keys
 * are met in file order) and listing the accepted ones. */
static int check_keys(const json_t *obj, const char *const *allowed, const char *where, char *err)
{
    const char *key;
    json_t *v;

    json_object_foreach((json_t *)obj, key, v)
    {
        char list[128] = "";

        if (known_key(key, allowed))
            continue;
        for (const char *const *a = allowed; *a; a++) {
            strncat(list, a == allowed ? "" : ", ", sizeof(list) - strlen(list) - 1);
            strncat(list, *a, sizeof(list) - strlen(list) - 1);
        }
        return fail(err, COLOUR_E_RULES, "%s: unknown key \"%s\" (expected %s)", where, key, list);
    }
    return 0;
}

/*
 * A condition listing fact values, e.g. "health": ["fever", "confirmed"].
 * `parse` turns one value into its enum, `codes` names the values for the
 * error message; `none_ok` is 0 when the first value (QUARANTINE_NONE) may
 * not be listed. Sets *out_set to the bit set.
 */
static int parse_set(const json_t *v, const char *where, const char *what,
                     int (*parse)(const char *, int *), const char *codes, int none_ok,
                     unsigned *out_set, char *err)
{
    unsigned set = 0;
    size_t i;
    json_t *item;

    if (!json_is_array(v))
        return fail(err, COLOUR_E_RULES, "%s: must be an array of %s values, not %s", where, what,
                    type_name(v));
    if (json_array_size(v) == 0)
        return fail(err, COLOUR_E_RULES,
                    "%s: empty list, which no one matches; list at least one of %s", where, codes);
    json_array_foreach(v, i, item)
    {
        int value;

        if (!json_is_string(item))
            return fail(err, COLOUR_E_RULES, "%s[%zu]: must be a string, not %s", where, i,
                        type_name(item));
        if (parse(json_string_value(item), &value) < 0)
            return fail(err, COLOUR_E_RULES, "%s[%zu]: unknown %s value \"%s\" (expected %s)",
                        where, i, what, json_string_value(item), codes);
        if (!none_ok && value == 0)
            return fail(err, COLOUR_E_RULES,
                        "%s[%zu]: \"%s\" cannot be listed; a quarantine condition asks for a "
                        "quarantine in progress (expected %s)",
                        where, i, json_string_value(item), codes);
        if (set & (1u << value))
            return fail(err, COLOUR_E_RULES, "%s[%zu]: \"%s\" is listed twice", where, i,
                        json_string_value(item));
        set |= 1u << value;
    }
    *out_set = set;
    return 0;
}

/* Adapters from the facts.h parsers to parse_set()'s int-valued signature. */
static int parse_health(const char *s, int *out)
{
    enum health h;
    int rc = health_parse(s, &h);

    if (rc == 0)
        *out = (int)h;
    return rc < 0 ? -1 : 0;
}

static int parse_quarantine(const char *s, int *out)
{
    enum quarantine_kind q;
    int rc = quarantine_parse(s, &q);

    if (rc == 0)
        *out = (int)q;
    return rc < 0 ? -1 : 0;
}

static int parse_rule(const json_t *v, int index, struct colour_rule *out, char *err)
{
    static const char *const keys[] = {"colour",  "health",   "quarantine",
                                       "arrived", "presence", NULL};
    char where[64], sub[80];
    const json_t *x;
    int rc;

    snprintf(where, sizeof(where), "rules[%d]", index);
    if (!json_is_object(v))
        return fail(err, COLOUR_E_RULES, "%s: must be an object, not %s", where, type_name(v));
    if ((rc = check_keys(v, keys, where, err)) < 0)
        return rc;

    memset(out, 0, sizeof(*out));
    out->arrived = COLOUR_ARRIVAL_NOCOND;
    out->presence = -1;

    x = json_object_get(v, "colour");
    if (!x)
        return fail(err, COLOUR_E_RULES, "%s: missing \"colour\"", where);
    if (!json_is_string(x))
        return fail(err, COLOUR_E_RULES, "%s.colour: must be a string, not %s", where,
                    type_name(x));
    if (colour_parse(json_string_value(x), &out->colour) < 0)
        return fail(err, COLOUR_E_RULES,
                    "%s.colour: unknown colour \"%s\" (expected red, orange, yellow, green, "
                    "blue, purple)",
                    where, json_string_value(x));

    if ((x = json_object_get(v, "health"))) {
        snprintf(sub, sizeof(sub), "%s.health", where);
        rc = parse_set(x, sub, "health", parse_health,
                       "normal, fever, suspected, confirmed, recovered", 1, &out->health, err);
        if (rc < 0)
            return rc;
    }
    if ((x = json_object_get(v, "quarantine"))) {
        snprintf(sub, sizeof(sub), "%s.quarantine", where);
        rc = parse_set(x, sub, "quarantine", parse_quarantine, "home, central", 0, &out->quarantine,
                       err);
        if (rc < 0)
            return rc;
    }
    if ((x = json_object_get(v, "arrived"))) {
        const char *s = json_is_string(x) ? json_string_value(x) : NULL;
        int a;

        for (a = COLOUR_ARRIVAL_ABROAD; a <= COLOUR_ARRIVAL_ANY; a++)
            if (s && !strcmp(s, arrival_codes[a]))
                break;
        if (!s)
            return fail(err, COLOUR_E_RULES, "%s.arrived: must be a string, not %s", where,
                        type_name(x));
        if (a > COLOUR_ARRIVAL_ANY)
            return fail(err, COLOUR_E_RULES,
                        "%s.arrived: unknown value \"%s\" (expected abroad, domestic, any)", where,
                        s);
        out->arrived = (enum colour_arrival)a;
    }
    if ((x = json_object_get(v, "presence"))) {
        enum presence p;

        if (!json_is_string(x))
            return fail(err, COLOUR_E_RULES, "%s.presence: must be a string, not %s", where,
                        type_name(x));
        if (presence_parse(json_string_value(x), &p) < 0)
            return fail(err, COLOUR_E_RULES,
                        "%s.presence: unknown value \"%s\" (expected in, away)", where,
                        json_string_value(x));
        out->presence = (int)p;
    }
    return 0;
}

static int is_catch_all(const struct colour_rule *rule)
{
    return !rule->health && !rule->quarantine && rule->arrived == COLOUR_ARRIVAL_NOCOND &&
           rule->presence < 0;
}

static int parse_label(const json_t *v, const char *where, char out[COLOUR_LABEL_LEN], char *err)
{
    const char *s;
    size_t len;

    if (!json_is_string(v))
        return fail(err, COLOUR_E_RULES, "%s: must be a string, not %s", where, type_name(v));
    s = json_string_value(v);
    len = json_string_length(v);
    if (len == 0)
        return fail(err, COLOUR_E_RULES, "%s: must not be empty", where);
    if (len >= COLOUR_LABEL_LEN)
        return fail(err, COLOUR_E_RULES, "%s: %zu bytes long, at most %d allowed", where, len,
                    COLOUR_LABEL_LEN - 1);
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
            return fail(err, COLOUR_E_RULES, "%s: must not contain control characters", where);
    memcpy(out, s, len + 1);
    return 0;
}

static int parse_labels(const json_t *v, struct colour_rules *r, char *err)
{
    static const char *const langs[] = {"zh", "en", NULL};
    unsigned seen = 0;
    const char *key;
    json_t *lv;
    int rc;

    if (!json_is_object(v))
        return fail(err, COLOUR_E_RULES, "labels: must be an object, not %s", type_name(v));
    json_object_foreach((json_t *)v, key, lv)
    {
        char where[96];
        enum colour c;
        const json_t *s;

        if (colour_parse(key, &c) < 0)
            return fail(err, COLOUR_E_RULES,
                        "labels: unknown colour \"%s\" (expected red, orange, yellow, green, "
                        "blue, purple)",
                        key);
        snprintf(where, sizeof(where), "labels.%s", key);
        if (seen & (1u << c))
            return fail(err, COLOUR_E_RULES, "%s: %s is labelled twice", where, colour_code(c));
        seen |= 1u << c;
        if (!json_is_object(lv))
            return fail(err, COLOUR_E_RULES,
                        "%s: must be an object like {\"zh\": ..., \"en\": "
                        "...}, not %s",
                        where, type_name(lv));
        if ((rc = check_keys(lv, langs, where, err)) < 0)
            return rc;
        if ((s = json_object_get(lv, "zh"))) {
            snprintf(where, sizeof(where), "labels.%s.zh", key);
            if ((rc = parse_label(s, where, r->label[c].zh, err)) < 0)
                return rc;
        }
        if ((s = json_object_get(lv, "en"))) {
            snprintf(where, sizeof(where), "labels.%s.en", key);
            if ((rc = parse_label(s, where, r->label[c].en, err)) < 0)
                return rc;
        }
    }
    return 0;
}

static int parse_root(const json_t *root, struct colour_rules *r, char *err)
{
    static const char *const keys[] = {"window_days", "labels", "rules", NULL};
    const json_t *x;
    size_t n;
    int rc;

    if (!json_is_object(root))
        return fail(err, COLOUR_E_RULES, "the rule file must be a JSON object, not %s",
                    type_name(root));
    if ((rc = check_keys(root, keys, "rule file", err)) < 0)
        return rc;

    if ((x = json_object_get(root, "window_days"))) {
        json_int_t w;

        if (!json_is_integer(x))
            return fail(err, COLOUR_E_RULES, "window_days: must be a whole number of days, not %s",
                        type_name(x));
        w = json_integer_value(x);
        if (w < COLOUR_WINDOW_MIN || w > COLOUR_WINDOW_MAX)
            return fail(err, COLOUR_E_RULES,
                        "window_days: %" JSON_INTEGER_FORMAT " is out of range %d..%d", w,
                        COLOUR_WINDOW_MIN, COLOUR_WINDOW_MAX);
        r->window_days = (int)w;
    }
    if ((x = json_object_get(root, "labels")) && (rc = parse_labels(x, r, err)) < 0)
        return rc;

    x = json_object_get(root, "rules");
    if (!x)
        return fail(err, COLOUR_E_RULES, "rule file: missing \"rules\"");
    if (!json_is_array(x))
        return fail(err, COLOUR_E_RULES, "rules: must be an array, not %s", type_name(x));
    n = json_array_size(x);
    if (n == 0)
        return fail(err, COLOUR_E_RULES,
                    "rules: empty; at least a final catch-all such as {\"colour\": \"green\"} "
                    "is needed");
    if (n > COLOUR_RULES_MAX)
        return fail(err, COLOUR_E_RULES, "rules: %zu rules, at most %d allowed", n,
                    COLOUR_RULES_MAX);
    for (size_t i = 0; i < n; i++)
        if ((rc = parse_rule(json_array_get(x, i), (int)i, &r->rule[i], err)) < 0)
            return rc;
    r->count = (int)n;

    for (int i = 0; i < r->count - 1; i++)
        if (is_catch_all(&r->rule[i]))
            return fail(err, COLOUR_E_RULES,
                        "rules[%d]: has no condition, so it matches everyone and the rules "
                        "after it could never apply; only the last rule may be a catch-all",
                        i);
    if (!is_catch_all(&r->rule[r->count - 1]))
        return fail(err, COLOUR_E_RULES,
                    "rules[%d]: the last rule must have no condition (a catch-all such as "
                    "{\"colour\": \"green\"}) so that every resident gets a colour",
                    r->count - 1);
    return 0;
}

int colour_rules_parse(const char *json, struct colour_rules *out, char err[COLOUR_ERR_LEN])
{
    struct colour_rules r;
    json_error_t je;
    json_t *root;
    size_t len;
    int rc;

    err[0] = '\0';
    len = strnlen(json, COLOUR_RULES_TEXT_MAX + 1);
    if (len > COLOUR_RULES_TEXT_MAX)
        return fail(err, COLOUR_E_RULES, "rule file is longer than %d bytes",
                    COLOUR_RULES_TEXT_MAX);
    root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        if (json_error_code(&je) == json_error_out_of_memory)
            return fail(err, COLOUR_E_NOMEM, "out of memory reading the rule file");
        return fail(err, COLOUR_E_JSON, "line %d column %d: %s", je.line, je.column, je.text);
    }

    /* Anything the file leaves out keeps its default: window and labels. */
    colour_rules_default(&r);
    r.count = 0;
    memset(r.rule, 0, sizeof(r.rule));
    rc = parse_root(root, &r, err);
    json_decref(root);
    if (rc == 0)
        *out = r;
    return rc;
}

/* A growable string for the serialiser. */
struct buf {
    char *p;
    size_t len, cap;
    int failed;
};

static void buf_add(struct buf *b, const char *s)
{
    size_t n = strlen(s);

    if (b->failed)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 1024;
        char *p;

        while (b->len + n + 1 > cap)
            cap *= 2;
        if (!(p = realloc(b->p, cap))) {
            b->failed = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n + 1);
    b->len += n;
}

/* Appends `v` on one line (", " and ": " separators, keys in insertion
 * order) and releases it. */
static void buf_add_json(struct buf *b, json_t *v)
{
    char *s = v ? json_dumps(v, JSON_PRESERVE_ORDER | JSON_ENCODE_ANY) : NULL;

    if (!s)
        b->failed = 1;
    else
        buf_add(b, s);
    free(s);
    json_decref(v);
}

/* Builds a string array of the values whose bit is in `set`. */
static json_t *set_to_json(unsigned set, int n, const char *(*code)(int))
{
    json_t *a = json_array();

    for (int i = 0; a && i < n; i++)
        if ((set & (1u << i)) && json_array_append_new(a, json_string(code(i))) < 0) {
            json_decref(a);
            return NULL;
        }
    return a;
}

static const char *health_code_int(int v)
{
    return health_code((enum health)v);
}

static const char *quarantine_code_int(int v)
{
    return quarantine_code((enum quarantine_kind)v);
}

static json_t *rule_to_json(const struct colour_rule *rule)
{
    json_t *o = json_object();
    int rc = 0;

    if (!o)
        return NULL;
    rc |= json_object_set_new(o, "colour", json_string(colour_code(rule->colour)));
    if (rule->health)
        rc |=
            json_object_set_new(o, "health", set_to_json(rule->health, N_HEALTH, health_code_int));
    if (rule->quarantine)
        rc |= json_object_set_new(o, "quarantine",
                                  set_to_json(rule->quarantine, N_QUARANTINE, quarantine_code_int));
    if (rule->arrived > COLOUR_ARRIVAL_NOCOND && rule->arrived <= COLOUR_ARRIVAL_ANY)
        rc |= json_object_set_new(o, "arrived", json_string(arrival_codes[rule->arrived]));
    if (rule->presence >= 0)
        rc |= json_object_set_new(o, "presence",
                                  json_string(presence_code((enum presence)rule->presence)));
    if (rc) {
        json_decref(o);
        return NULL;
    }
    return o;
}

char *colour_rules_to_json(const struct colour_rules *r)
{
    struct buf b = {0};
    char line[64];

    /* The outer layout is written by hand so each label and each rule sits
     * on one line, which is how an administrator reads and edits the table;
     * jansson renders (and escapes) every value. */
    snprintf(line, sizeof(line), "{\n  \"window_days\": %d,\n  \"labels\": {\n", r->window_days);
    buf_add(&b, line);
    for (int c = 0; c < COLOUR_COUNT; c++) {
        json_t *l = json_object();

        if (!l || json_object_set_new(l, "zh", json_string(r->label[c].zh)) < 0 ||
            json_object_set_new(l, "en", json_string(r->label[c].en)) < 0) {
            json_decref(l);
            l = NULL;
        }
        snprintf(line, sizeof(line), "    \"%s\": ", colour_code((enum colour)c));
        buf_add(&b, line);
        buf_add_json(&b, l);
        buf_add(&b, c + 1 < COLOUR_COUNT ? ",\n" : "\n");
    }
    buf_add(&b, "  },\n  \"rules\": [\n");
    for (int i = 0; i < r->count && i < COLOUR_RULES_MAX; i++) {
        buf_add(&b, "    ");
        buf_add_json(&b, rule_to_json(&r->rule[i]));
        buf_add(&b, i + 1 < r->count ? ",\n" : "\n");
    }
    buf_add(&b, "  ]\n}\n");
    if (b.failed) {
        free(b.p);
        return NULL;
    }
    return b.p;
}
