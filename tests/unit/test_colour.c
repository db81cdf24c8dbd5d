/*
 * Tests for core/colour: every default rule at its boundary days, the
 * priority between rules, the exactness of the next-change day (checked
 * day by day against thousands of random residents and random rule tables),
 * the rule file's error messages and its round trip, and that the shipped
 * data/rules.default.json is the default table. Run from the repository root.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/colour.h"
#include "core/date.h"
#include "core/facts.h"

/* 2020-03-01, an arbitrary day that all the boundary tests count from. */
static int32_t day0(void)
{
    return date_from_ymd(2020, 3, 1);
}

static struct colour_rules defaults;

static int setup(void **state)
{
    (void)state;
    colour_rules_default(&defaults);
    return 0;
}

/* Colour on `today` under the default rules; next change into *next. */
static enum colour eval(const struct facts *f, int32_t today, int32_t *next)
{
    return colour_eval(&defaults, f, today, next);
}

static struct facts arrived(int32_t day, int abroad)
{
    struct facts f;

    facts_init(&f);
    f.arrival_day = day;
    f.arrival_abroad = abroad;
    return f;
}

static struct facts quarantined(enum quarantine_kind kind, int32_t from, int32_t until)
{
    struct facts f;

    facts_init(&f);
    f.quarantine = kind;
    f.quarantine_from = from;
    f.quarantine_until = until;
    return f;
}

/* ---- names, labels, display colours ---- */

static void test_codes_round_trip(void **state)
{
    static const char *codes[] = {"red", "orange", "yellow", "green", "blue", "purple"};
    static const char *zh[] = {"红", "橙", "黄", "绿", "蓝", "紫"};
    enum colour c;

    (void)state;
    for (int i = 0; i < COLOUR_COUNT; i++) {
        assert_string_equal(colour_code((enum colour)i), codes[i]);
        assert_string_equal(colour_default_label_zh((enum colour)i), zh[i]);
        assert_int_equal(colour_parse(codes[i], &c), 0);
        assert_int_equal(c, i);
        assert_int_equal(colour_parse(zh[i], &c), 0);
        assert_int_equal(c, i);
        assert_int_equal(colour_parse(colour_default_label_en((enum colour)i), &c), 0);
        assert_int_equal(c, i);
    }
    assert_int_equal(colour_parse("  purple\n", &c), 0);
    assert_int_equal(c, COLOUR_PURPLE);
    assert_int_equal(colour_parse("pink", &c), COLOUR_E_UNKNOWN);
    assert_int_equal(colour_parse("", &c), COLOUR_E_UNKNOWN);
    assert_int_equal(colour_parse("re", &c), COLOUR_E_UNKNOWN);
    assert_int_equal(colour_parse("redd", &c), COLOUR_E_UNKNOWN);
    assert_int_equal(colour_parse(NULL, &c), COLOUR_E_UNKNOWN);
    assert_string_equal(colour_code(COLOUR_COUNT), "?");
    assert_string_equal(colour_code((enum colour) - 1), "?");
}

static void test_storage_order_is_fixed(void **state)
{
    (void)state;
    /* These numbers are stored in the database; changing them recolours
     * every stored resident. */
    assert_int_equal(COLOUR_RED, 0);
    assert_int_equal(COLOUR_ORANGE, 1);
    assert_int_equal(COLOUR_YELLOW, 2);
    assert_int_equal(COLOUR_GREEN, 3);
    assert_int_equal(COLOUR_BLUE, 4);
    assert_int_equal(COLOUR_PURPLE, 5);
    assert_int_equal(COLOUR_COUNT, 6);
}

static void test_display_colours(void **state)
{
    (void)state;
    for (int i = 0; i < COLOUR_COUNT; i++) {
        char want[8];
        uint32_t rgb = colour_rgb((enum colour)i);
        /* Luma (BT.601) low enough for white text and for a printer. */
        double luma = 0.299 * (rgb >> 16) + 0.587 * ((rgb >> 8) & 0xff) + 0.114 * (rgb & 0xff);

        snprintf(want, sizeof(want), "#%06x", (unsigned)rgb);
        assert_string_equal(colour_hex((enum colour)i), want);
        assert_true(luma < 190);
        for (int j = 0; j < i; j++)
            assert_int_not_equal(colour_rgb((enum colour)j), rgb);
    }
    /* Blue and purple must not be mistaken for each other: their red
     * channels differ by a wide margin. */
    assert_true((colour_rgb(COLOUR_PURPLE) >> 16) - (colour_rgb(COLOUR_BLUE) >> 16) > 0x40);
    assert_string_equal(colour_hex(COLOUR_COUNT), "#000000");
}

static void test_strerror(void **state)
{
    (void)state;
    assert_string_equal(colour_strerror(0), "success");
    assert_string_equal(colour_strerror(COLOUR_E_UNKNOWN), "unknown colour");
    assert_string_equal(colour_strerror(COLOUR_E_RULES), "invalid colour rule table");
    assert_string_equal(colour_strerror(-99), "unknown error");
}

/* ---- the default rules at their boundaries ---- */

static void test_stayed_all_along_is_green_forever(void **state)
{
    struct facts f;
    int32_t next = 0;

    (void)state;
    facts_init(&f);
    assert_int_equal(eval(&f, day0(), &next), COLOUR_GREEN);
    assert_int_equal(next, DATE_NONE);
}

static void check_arrival_window(int abroad, enum colour recent)
{
    int32_t a = day0(), next = 0;
    struct facts f = arrived(a, abroad);

    assert_int_equal(eval(&f, a, &next), recent); /* day 0 */
    assert_int_equal(next, a + 14);
    assert_int_equal(eval(&f, a + 1, &next), recent);
    assert_int_equal(next, a + 14);
    assert_int_equal(eval(&f, a + 13, &next), recent); /* day 13: still */
    assert_int_equal(next, a + 14);
    assert_int_equal(eval(&f, a + 14, &next), COLOUR_GREEN); /* day 14: green */
    assert_int_equal(next, DATE_NONE);
    assert_int_equal(eval(&f, a + 400, &next), COLOUR_GREEN);
    assert_int_equal(next, DATE_NONE);
}

static void test_abroad_arrival_yellow_for_14_days(void **state)
{
    (void)state;
    check_arrival_window(1, COLOUR_YELLOW);
}

static void test_domestic_arrival_blue_for_14_days(void **state)
{
    (void)state;
    check_arrival_window(0, COLOUR_BLUE);
}

static void test_future_arrival_not_yet_counted(void **state)
{
    int32_t a = day0(), next = 0;
    struct facts f = arrived(a, 1);

    (void)state;
    assert_int_equal(eval(&f, a - 5, &next), COLOUR_GREEN);
    assert_int_equal(next, a);
    assert_int_equal(eval(&f, a - 1, &next), COLOUR_GREEN);
    assert_int_equal(next, a);
    assert_int_equal(eval(&f, a, &next), COLOUR_YELLOW);
}

static void test_quarantine_until_inclusive(void **state)
{
    int32_t from = day0(), until = day0() + 13, next = 0;
    struct facts home = quarantined(QUARANTINE_HOME, from, until);
    struct facts central = quarantined(QUARANTINE_CENTRAL, from, until);

    (void)state;
    assert_int_equal(eval(&home, from, &next), COLOUR_ORANGE);
    assert_int_equal(next, until + 1);
    assert_int_equal(eval(&home, until, &next), COLOUR_ORANGE);
    assert_int_equal(next, until + 1);
    assert_int_equal(eval(&home, until + 1, &next), COLOUR_GREEN);
    assert_int_equal(next, DATE_NONE);
    assert_int_equal(eval(&central, until, &next), COLOUR_ORANGE);
    assert_int_equal(next, until + 1);
    assert_int_equal(eval(&central, until + 1, &next), COLOUR_GREEN);
}

static void test_quarantine_from_in_future(void **state)
{
    int32_t from = day0(), next = 0;
    struct facts f = quarantined(QUARANTINE_CENTRAL, from, from + 13);

    (void)state;
    assert_int_equal(eval(&f, from - 3, &next), COLOUR_GREEN);
    assert_int_equal(next, from);
    assert_int_equal(eval(&f, from - 1, &next), COLOUR_GREEN);
    assert_int_equal(next, from);
    assert_int_equal(eval(&f, from, &next), COLOUR_ORANGE);
    assert_int_equal(next, from + 14);
}

static void test_quarantine_open_ended(void **state)
{
    int32_t next = 0;
    struct facts no_until = quarantined(QUARANTINE_HOME, day0(), DATE_NONE);
    struct facts no_from = quarantined(QUARANTINE_HOME, DATE_NONE, day0());
    struct facts neither = quarantined(QUARANTINE_CENTRAL, DATE_NONE, DATE_NONE);

    (void)state;
    /* A quarantine without an end stays orange until someone records one. */
    assert_int_equal(eval(&no_until, day0() + 1000, &next), COLOUR_ORANGE);
    assert_int_equal(next, DATE_NONE);
    assert_int_equal(eval(&no_until, day0() - 1, &next), COLOUR_GREEN);
    assert_int_equal(next, day0());
    /* Without a start it is in force from the beginning of time. */
    assert_int_equal(eval(&no_from, day0() - 1000, &next), COLOUR_ORANGE);
    assert_int_equal(next, day0() + 1);
    assert_int_equal(eval(&neither, day0(), &next), COLOUR_ORANGE);
    assert_int_equal(next, DATE_NONE);
}

static void test_no_quarantine_kind_ignores_dates(void **state)
{
    int32_t next = 0;
    struct facts f = quarantined(QUARANTINE_NONE, day0(), day0() + 13);

    (void)state;
    assert_int_equal(eval(&f, day0() + 2, &next), COLOUR_GREEN);
    assert_int_equal(next, DATE_NONE);
    assert_int_equal(eval(&f, day0() - 2, &next), COLOUR_GREEN);
    assert_int_equal(next, DATE_NONE);
}

static void test_health_red(void **state)
{
    static const enum health reds[] = {HEALTH_FEVER, HEALTH_SUSPECTED, HEALTH_CONFIRMED};
    struct facts f;
    int32_t next = 0;

    (void)state;
    facts_init(&f);
    for (size_t i = 0; i < 3; i++) {
        f.health = reds[i];
        assert_int_equal(eval(&f, day0(), &next), COLOUR_RED);
        assert_int_equal(next, DATE_NONE);
    }
    f.health = HEALTH_RECOVERED;
    assert_int_equal(eval(&f, day0(), &next), COLOUR_GREEN);
    f.health = HEALTH_NORMAL;
    assert_int_equal(eval(&f, day0(), &next), COLOUR_GREEN);
}

static void test_away_purple(void **state)
{
    struct facts f;
    int32_t next = 0;

    (void)state;
    facts_init(&f);
    f.presence = PRESENCE_AWAY;
    assert_int_equal(eval(&f, day0(), &next), COLOUR_PURPLE);
    assert_int_equal(next, DATE_NONE);
}

/* ---- priority: first match wins ---- */

static void test_fever_beats_quarantine(void **state)
{
    struct facts f = quarantined(QUARANTINE_HOME, day0(), day0() + 13);
    int32_t next = 0;

    (void)state;
    f.health = HEALTH_FEVER;
    f.arrival_day = day0();
    f.arrival_abroad = 1;
    assert_int_equal(eval(&f, day0() + 3, &next), COLOUR_RED);
    /* Quarantine and arrival both end later, but red holds regardless:
     * the next change is never, not a day that changes nothing. */
    assert_int_equal(next, DATE_NONE);
}

static void test_quarantine_then_arrival_colour(void **state)
{
    int32_t a = day0(), next = 0;
    struct facts f = quarantined(QUARANTINE_HOME, a, a + 6);

    (void)state;
    f.arrival_day = a;
    f.arrival_abroad = 0;
    assert_int_equal(eval(&f, a, &next), COLOUR_ORANGE);
    assert_int_equal(next, a + 7);
    assert_int_equal(eval(&f, a + 6, &next), COLOUR_ORANGE);
    assert_int_equal(next, a + 7);
    assert_int_equal(eval(&f, a + 7, &next), COLOUR_BLUE); /* still within 14 days */
    assert_int_equal(next, a + 14);
    assert_int_equal(eval(&f, a + 14, &next), COLOUR_GREEN);
    assert_int_equal(next, DATE_NONE);

    /* Quarantine outlasting the window goes straight to green. */
    f.quarantine_until = a + 20;
    f.arrival_abroad = 1;
    assert_int_equal(eval(&f, a + 13, &next), COLOUR_ORANGE);
    assert_int_equal(next, a + 21);
    assert_int_equal(eval(&f, a + 21, &next), COLOUR_GREEN);
}

static void test_recent_arrival_beats_away(void **state)
{
    int32_t a = day0(), next = 0;
    struct facts f = arrived(a, 1);

    (void)state;
    f.presence = PRESENCE_AWAY;
    assert_int_equal(eval(&f, a + 2, &next), COLOUR_YELLOW);
    assert_int_equal(next, a + 14);
    assert_int_equal(eval(&f, a + 14, &next), COLOUR_PURPLE);
    assert_int_equal(next, DATE_NONE);
}

static void test_null_next_change_allowed(void **state)
{
    struct facts f = arrived(day0(), 1);

    (void)state;
    assert_int_equal(colour_eval(&defaults, &f, day0(), NULL), COLOUR_YELLOW);
}

static void test_dates_near_int32_limits(void **state)
{
    int32_t next = 0;
    struct facts f = quarantined(QUARANTINE_HOME, DATE_NONE, INT32_MAX);

    (void)state;
    f.arrival_day = INT32_MAX - 3;
    assert_int_equal(eval(&f, INT32_MAX - 1, &next), COLOUR_ORANGE);
    assert_int_equal(next, DATE_NONE); /* until + 1 is not a date */
}

/* ---- next change is exact: property test ---- */

static uint64_t rng_state;

static uint32_t rnd(uint32_t n)
{
    /* splitmix64: a fixed seed makes every failure reproducible. */
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);

    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    z ^= z >> 31;
    return (uint32_t)(z % n);
}

static int32_t random_day_near(int32_t today, int spread)
{
    return today - spread + (int32_t)rnd(2 * (uint32_t)spread + 1);
}

static void random_facts(struct facts *f, int32_t today)
{
    facts_init(f);
    f->presence = (enum presence)rnd(2);
    f->health = (enum health)rnd(5);
    if (rnd(5)) {
        f->arrival_day = random_day_near(today, 40);
        f->arrival_abroad = (int)rnd(2);
    }
    f->quarantine = (enum quarantine_kind)rnd(3);
    if (rnd(5))
        f->quarantine_from = random_day_near(today, 40);
    if (rnd(5))
        f->quarantine_until = f->quarantine_from != DATE_NONE && rnd(4)
                                  ? f->quarantine_from + (int32_t)rnd(30) - 2
                                  : random_day_near(today, 40);
}

/* A random valid table: up to 8 rules with random conditions, then a
 * catch-all of a random colour; random window and labels left default. */
static void random_rules(struct colour_rules *r)
{
    colour_rules_default(r);
    r->window_days = 1 + (int)rnd(COLOUR_WINDOW_MAX);
    r->count = 1 + (int)rnd(8);
    for (int i = 0; i < r->count; i++) {
        struct colour_rule *rule = &r->rule[i];

        rule->colour = (enum colour)rnd(COLOUR_COUNT);
        rule->health = rnd(3) ? 0 : 1u + rnd(31);
        rule->quarantine = rnd(2) ? 0 : (1u + rnd(3)) << 1;
        rule->arrived = (enum colour_arrival)rnd(4);
        rule->presence = rnd(2) ? -1 : (int)rnd(2);
        if (i == r->count - 1) {
            rule->health = rule->quarantine = 0;
            rule->arrived = COLOUR_ARRIVAL_NOCOND;
            rule->presence = -1;
        } else if (!rule->health && !rule->quarantine && !rule->arrived && rule->presence < 0) {
            rule->presence = PRESENCE_AWAY;
        }
    }
}

static void test_next_change_exact_random(void **state)
{
    struct colour_rules r;
    struct facts f;
    int changes = 0, nevers = 0;

    (void)state;
    rng_state = 20200301;
    for (int iter = 0; iter < 20000; iter++) {
        int32_t today = day0() + (int32_t)rnd(400) - 200, next = 0;
        enum colour now;
        /* Every boundary lies within today + 40 + window (<= 60) + 1. */
        int32_t horizon = today + 110;

        if (iter % 2)
            random_rules(&r);
        else
            r = defaults;
        random_facts(&f, today);
        now = colour_eval(&r, &f, today, &next);
        if (next != DATE_NONE) {
            assert_true(next > today);
            assert_true(next <= horizon);
            changes++;
        } else {
            nevers++;
        }
        for (int32_t d = today + 1; d <= horizon; d++) {
            enum colour c = colour_eval(&r, &f, d, NULL);

            if (next == DATE_NONE || d < next) {
                if (c != now)
                    fail_msg("iteration %d: colour changed on day %d (today %d) but next "
                             "change said %d",
                             iter, (int)(d - today), (int)today, next == DATE_NONE ? -1 : next);
            } else {
                assert_int_not_equal(c, now); /* differs exactly at next */
                break;
            }
        }
        if (next == DATE_NONE)
            assert_int_equal(colour_eval(&r, &f, today + 100000, NULL), now);
    }
    /* The generator must exercise both outcomes plentifully. */
    assert_true(changes > 3000);
    assert_true(nevers > 3000);
}

/* ---- the rule file ---- */

static void test_default_round_trip(void **state)
{
    struct colour_rules back;
    char err[COLOUR_ERR_LEN];
    char *json = colour_rules_to_json(&defaults);

    (void)state;
    assert_non_null(json);
    assert_int_equal(colour_rules_parse(json, &back, err), 0);
    assert_string_equal(err, "");
    assert_true(colour_rules_equal(&back, &defaults));
    free(json);
}

static void test_default_json_text(void **state)
{
    static const char want[] =
        "{\n"
        "  \"window_days\": 14,\n"
        "  \"labels\": {\n"
        "    \"red\": {\"zh\": \"红\", \"en\": \"Red\"},\n"
        "    \"orange\": {\"zh\": \"橙\", \"en\": \"Orange\"},\n"
        "    \"yellow\": {\"zh\": \"黄\", \"en\": \"Yellow\"},\n"
        "    \"green\": {\"zh\": \"绿\", \"en\": \"Green\"},\n"
        "    \"blue\": {\"zh\": \"蓝\", \"en\": \"Blue\"},\n"
        "    \"purple\": {\"zh\": \"紫\", \"en\": \"Purple\"}\n"
        "  },\n"
        "  \"rules\": [\n"
        "    {\"colour\": \"red\", \"health\": [\"fever\", \"suspected\", \"confirmed\"]},\n"
        "    {\"colour\": \"orange\", \"quarantine\": [\"home\", \"central\"]},\n"
        "    {\"colour\": \"yellow\", \"arrived\": \"abroad\"},\n"
        "    {\"colour\": \"blue\", \"arrived\": \"domestic\"},\n"
        "    {\"colour\": \"purple\", \"presence\": \"away\"},\n"
        "    {\"colour\": \"green\"}\n"
        "  ]\n"
        "}\n";
    char *json = colour_rules_to_json(&defaults);

    (void)state;
    assert_non_null(json);
    assert_string_equal(json, want);
    free(json);
}

static char *read_file(const char *path)
{
    FILE *fp = fopen(path, "rb");
    char *s;
    long n;

    if (!fp)
        return NULL;
    fseek(fp, 0, SEEK_END);
    n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    s = malloc((size_t)n + 1);
    if (s && fread(s, 1, (size_t)n, fp) != (size_t)n) {
        free(s);
        s = NULL;
    }
    if (s)
        s[n] = '\0';
    fclose(fp);
    return s;
}

static void test_shipped_file_is_default(void **state)
{
    struct colour_rules r;
    char err[COLOUR_ERR_LEN];
    char *file = read_file("data/rules.default.json");
    char *json = colour_rules_to_json(&defaults);

    (void)state;
    if (!file)
        fail_msg("cannot read data/rules.default.json: run the tests from the repository root");
    assert_int_equal(colour_rules_parse(file, &r, err), 0);
    assert_true(colour_rules_equal(&r, &defaults));
    assert_string_equal(file, json);
    free(file);
    free(json);
}

static void test_random_tables_round_trip(void **state)
{
    struct colour_rules r, back;
    char err[COLOUR_ERR_LEN];

    (void)state;
    rng_state = 7;
    for (int i = 0; i < 500; i++) {
        char *json;

        random_rules(&r);
        snprintf(r.label[i % COLOUR_COUNT].en, COLOUR_LABEL_LEN, "Code \"%d\" \\ é", i);
        json = colour_rules_to_json(&r);
        assert_non_null(json);
        if (colour_rules_parse(json, &back, err) != 0)
            fail_msg("table %d: %s\n%s", i, err, json);
        assert_true(colour_rules_equal(&back, &r));
        free(json);
    }
}

static void test_custom_table(void **state)
{
    static const char json[] =
        "{\"window_days\": 7,\n"
        " \"labels\": {\"yellow\": {\"en\": \"Watch\"}, \"绿\": {\"zh\": \"绿码\"}},\n"
        " \"rules\": [\n"
        "  {\"colour\": \"红\", \"health\": [\"发热\", \"confirmed\"]},\n"
        "  {\"colour\": \"purple\", \"presence\": \"away\", \"quarantine\": [\"居家隔离\"]},\n"
        "  {\"colour\": \"yellow\", \"arrived\": \"any\"},\n"
        "  {\"colour\": \"blue\", \"presence\": \"in\", \"health\": [\"recovered\"]},\n"
        "  {\"colour\": \"green\"}]}";
    struct colour_rules r;
    struct facts f;
    char err[COLOUR_ERR_LEN];
    int32_t a = day0(), next = 0;
    char *out;

    (void)state;
    assert_int_equal(colour_rules_parse(json, &r, err), 0);
    assert_int_equal(r.window_days, 7);
    assert_int_equal(r.count, 5);
    assert_string_equal(r.label[COLOUR_YELLOW].en, "Watch");
    assert_string_equal(r.label[COLOUR_YELLOW].zh, "黄"); /* default kept */
    assert_string_equal(r.label[COLOUR_GREEN].zh, "绿码");
    assert_string_equal(r.label[COLOUR_RED].en, "Red");
    assert_int_equal(r.rule[0].colour, COLOUR_RED);
    assert_int_equal(r.rule[0].health, 1u << HEALTH_FEVER | 1u << HEALTH_CONFIRMED);

    f = arrived(a, 0); /* "any" takes domestic arrivals, over 7 days */
    assert_int_equal(colour_eval(&r, &f, a + 6, &next), COLOUR_YELLOW);
    assert_int_equal(next, a + 7);
    assert_int_equal(colour_eval(&r, &f, a + 7, &next), COLOUR_GREEN);
    f.health = HEALTH_SUSPECTED; /* not listed in this table's red rule */
    assert_int_equal(colour_eval(&r, &f, a + 7, &next), COLOUR_GREEN);
    f.health = HEALTH_RECOVERED;
    assert_int_equal(colour_eval(&r, &f, a + 7, &next), COLOUR_BLUE);
    f = quarantined(QUARANTINE_HOME, a, a + 3); /* both conditions needed */
    assert_int_equal(colour_eval(&r, &f, a, &next), COLOUR_GREEN);
    f.presence = PRESENCE_AWAY;
    assert_int_equal(colour_eval(&r, &f, a, &next), COLOUR_PURPLE);
    assert_int_equal(next, a + 4);
    f.quarantine = QUARANTINE_CENTRAL;
    assert_int_equal(colour_eval(&r, &f, a, &next), COLOUR_GREEN);

    /* Written back with English codes, in canonical order. */
    out = colour_rules_to_json(&r);
    assert_non_null(out);
    assert_non_null(strstr(out, "{\"colour\": \"red\", \"health\": [\"fever\", \"confirmed\"]}"));
    assert_non_null(strstr(out, "{\"colour\": \"purple\", \"quarantine\": [\"home\"], "
                                "\"presence\": \"away\"}"));
    assert_non_null(strstr(out, "\"green\": {\"zh\": \"绿码\", \"en\": \"Green\"}"));
    free(out);
}

static void test_minimal_file_takes_defaults(void **state)
{
    struct colour_rules r, want;
    char err[COLOUR_ERR_LEN];
    struct facts f;

    (void)state;
    assert_int_equal(colour_rules_parse("{\"rules\": [{\"colour\": \"blue\"}]}", &r, err), 0);
    colour_rules_default(&want);
    assert_int_equal(r.window_days, 14);
    assert_int_equal(r.count, 1);
    want.count = 1;
    want.rule[0].colour = COLOUR_BLUE;
    want.rule[0].health = 0;
    assert_true(colour_rules_equal(&r, &want));
    facts_init(&f);
    f.health = HEALTH_CONFIRMED;
    assert_int_equal(colour_eval(&r, &f, day0(), NULL), COLOUR_BLUE);
}

struct bad_file {
    const char *json;
    int rc;
    const char *message; /* the whole message, exactly */
};

static const struct bad_file bad_files[] = {
    {"", COLOUR_E_JSON, "line 1 column 0: '[' or '{' expected near end of file"},
    {"{\"rules\": [{\"colour\": \"green\"}", COLOUR_E_JSON,
     "line 1 column 30: ']' expected near end of file"},
    {"{\"rules\": [{\"colour\": \"green\"}],\n \"rules\": []}", COLOUR_E_JSON,
     "line 2 column 8: duplicate object key near '\"rules\"'"},
    {"[]", COLOUR_E_RULES, "the rule file must be a JSON object, not an array"},
    {"{\"window\": 14, \"rules\": [{\"colour\": \"green\"}]}", COLOUR_E_RULES,
     "rule file: unknown key \"window\" (expected window_days, labels, rules)"},
    {"{}", COLOUR_E_RULES, "rule file: missing \"rules\""},
    {"{\"rules\": {}}", COLOUR_E_RULES, "rules: must be an array, not an object"},
    {"{\"rules\": []}", COLOUR_E_RULES,
     "rules: empty; at least a final catch-all such as {\"colour\": \"green\"} is needed"},
    {"{\"window_days\": 0, \"rules\": [{\"colour\": \"green\"}]}", COLOUR_E_RULES,
     "window_days: 0 is out of range 1..60"},
    {"{\"window_days\": 61, \"rules\": [{\"colour\": \"green\"}]}", COLOUR_E_RULES,
     "window_days: 61 is out of range 1..60"},
    {"{\"window_days\": 14.5, \"rules\": [{\"colour\": \"green\"}]}", COLOUR_E_RULES,
     "window_days: must be a whole number of days, not a number with a fraction"},
    {"{\"window_days\": \"14\", \"rules\": [{\"colour\": \"green\"}]}", COLOUR_E_RULES,
     "window_days: must be a whole number of days, not a string"},
    {"{\"rules\": [\"red\", {\"colour\": \"green\"}]}", COLOUR_E_RULES,
     "rules[0]: must be an object, not a string"},
    {"{\"rules\": [{\"health\": [\"fever\"]}, {\"colour\": \"green\"}]}", COLOUR_E_RULES,
     "rules[0]: missing \"colour\""},
    {"{\"rules\": [{\"colour\": \"pink\", \"health\": [\"fever\"]}, {\"colour\": \"green\"}]}",
     COLOUR_E_RULES,
     "rules[0].colour: unknown colour \"pink\" (expected red, orange, yellow, green, blue, "
     "purple)"},
    {"{\"rules\": [{\"colour\": 1}]}", COLOUR_E_RULES,
     "rules[0].colour: must be a string, not an "
     "integer"},
    {"{\"rules\": [{\"colour\": \"red\", \"helth\": [\"fever\"]}, {\"colour\": \"green\"}]}",
     COLOUR_E_RULES,
     "rules[0]: unknown key \"helth\" (expected colour, health, quarantine, arrived, presence)"},
    {"{\"rules\": [{\"colour\": \"red\", \"health\": [\"fever\"]},\n"
     "  {\"colour\": \"red\", \"health\": [\"confirmed\", \"feverish\"]}, {\"colour\": "
     "\"green\"}]}",
     COLOUR_E_RULES,
     "rules[1].health[1]: unknown health value \"feverish\" (expected normal, fever, suspected, "
     "confirmed, recovered)"},
    {"{\"rules\": [{\"colour\": \"red\", \"health\": \"fever\"}, {\"colour\": \"green\"}]}",
     COLOUR_E_RULES, "rules[0].health: must be an array of health values, not a string"},
    {"{\"rules\": [{\"colour\": \"red\", \"health\": []}, {\"colour\": \"green\"}]}",
     COLOUR_E_RULES,
     "rules[0].health: empty list, which no one matches; list at least one of normal, fever, "
     "suspected, confirmed, recovered"},
    {"{\"rules\": [{\"colour\": \"red\", \"health\": [\"fever\", 3]}, {\"colour\": \"green\"}]}",
     COLOUR_E_RULES, "rules[0].health[1]: must be a string, not an integer"},
    {"{\"rules\": [{\"colour\": \"red\", \"health\": [\"fever\", \"发热\"]}, {\"colour\": "
     "\"green\"}]}",
     COLOUR_E_RULES, "rules[0].health[1]: \"发热\" is listed twice"},
    {"{\"rules\": [{\"colour\": \"orange\", \"quarantine\": [\"none\"]}, {\"colour\": "
     "\"green\"}]}",
     COLOUR_E_RULES,
     "rules[0].quarantine[0]: \"none\" cannot be listed; a quarantine condition asks for a "
     "quarantine in progress (expected home, central)"},
    {"{\"rules\": [{\"colour\": \"orange\", \"quarantine\": [\"hotel\"]}, {\"colour\": "
     "\"green\"}]}",
     COLOUR_E_RULES,
     "rules[0].quarantine[0]: unknown quarantine value \"hotel\" (expected home, central)"},
    {"{\"rules\": [{\"colour\": \"yellow\", \"arrived\": \"overseas\"}, {\"colour\": "
     "\"green\"}]}",
     COLOUR_E_RULES,
     "rules[0].arrived: unknown value \"overseas\" (expected abroad, domestic, any)"},
    {"{\"rules\": [{\"colour\": \"yellow\", \"arrived\": true}, {\"colour\": \"green\"}]}",
     COLOUR_E_RULES, "rules[0].arrived: must be a string, not a boolean"},
    {"{\"rules\": [{\"colour\": \"purple\", \"presence\": \"gone\"}, {\"colour\": \"green\"}]}",
     COLOUR_E_RULES, "rules[0].presence: unknown value \"gone\" (expected in, away)"},
    {"{\"rules\": [{\"colour\": \"red\", \"health\": [\"fever\"]}]}", COLOUR_E_RULES,
     "rules[0]: the last rule must have no condition (a catch-all such as {\"colour\": "
     "\"green\"}) so that every resident gets a colour"},
    {"{\"rules\": [{\"colour\": \"red\", \"health\": [\"fever\"]}, {\"colour\": \"green\"},\n"
     "  {\"colour\": \"purple\", \"presence\": \"away\"}, {\"colour\": \"green\"}]}",
     COLOUR_E_RULES,
     "rules[1]: has no condition, so it matches everyone and the rules after it could never "
     "apply; only the last rule may be a catch-all"},
    {"{\"labels\": {\"pink\": {\"zh\": \"粉\"}}, \"rules\": [{\"colour\": \"green\"}]}",
     COLOUR_E_RULES,
     "labels: unknown colour \"pink\" (expected red, orange, yellow, green, blue, purple)"},
    {"{\"labels\": {\"red\": {\"fr\": \"Rouge\"}}, \"rules\": [{\"colour\": \"green\"}]}",
     COLOUR_E_RULES, "labels.red: unknown key \"fr\" (expected zh, en)"},
    {"{\"labels\": {\"red\": \"Red\"}, \"rules\": [{\"colour\": \"green\"}]}", COLOUR_E_RULES,
     "labels.red: must be an object like {\"zh\": ..., \"en\": ...}, not a string"},
    {"{\"labels\": {\"red\": {\"zh\": \"\"}}, \"rules\": [{\"colour\": \"green\"}]}",
     COLOUR_E_RULES, "labels.red.zh: must not be empty"},
    {"{\"labels\": {\"red\": {\"en\": 5}}, \"rules\": [{\"colour\": \"green\"}]}", COLOUR_E_RULES,
     "labels.red.en: must be a string, not an integer"},
    {"{\"labels\": {\"red\": {\"en\": \"a\\nb\"}}, \"rules\": [{\"colour\": \"green\"}]}",
     COLOUR_E_RULES, "labels.red.en: must not contain control characters"},
    {"{\"labels\": {\"red\": {\"en\": \"Red\"}, \"红\": {\"zh\": \"红\"}}, \"rules\": "
     "[{\"colour\": \"green\"}]}",
     COLOUR_E_RULES, "labels.红: red is labelled twice"},
};

static void test_parse_errors(void **state)
{
    struct colour_rules out, before;
    char err[COLOUR_ERR_LEN];

    (void)state;
    for (size_t i = 0; i < sizeof(bad_files) / sizeof(bad_files[0]); i++) {
        int rc;

        /* A recognisable table, which a failed parse must leave alone. */
        colour_rules_default(&out);
        out.window_days = 3;
        before = out;
        rc = colour_rules_parse(bad_files[i].json, &out, err);
        if (rc != bad_files[i].rc || strcmp(err, bad_files[i].message))
            fail_msg("case %zu: rc %d, message\n  %s\nwanted rc %d, message\n  %s", i, rc, err,
                     bad_files[i].rc, bad_files[i].message);
        assert_true(colour_rules_equal(&out, &before));
    }
}

static void test_parse_limits(void **state)
{
    struct colour_rules r;
    char err[COLOUR_ERR_LEN];
    char json[4096], label[80], *big;
    size_t n = 0;

    (void)state;
    /* 16 rules are allowed, 17 are not. */
    n += (size_t)snprintf(json + n, sizeof(json) - n, "{\"rules\": [");
    for (int i = 0; i < 15; i++)
        n += (size_t)snprintf(json + n, sizeof(json) - n,
                              "{\"colour\": \"red\", \"health\": [\"fever\"]}, ");
    snprintf(json + n, sizeof(json) - n, "{\"colour\": \"green\"}]}");
    assert_int_equal(colour_rules_parse(json, &r, err), 0);
    assert_int_equal(r.count, 16);
    snprintf(json + n, sizeof(json) - n,
             "{\"colour\": \"red\", \"health\": [\"fever\"]}, {\"colour\": \"green\"}]}");
    assert_int_equal(colour_rules_parse(json, &r, err), COLOUR_E_RULES);
    assert_string_equal(err, "rules: 17 rules, at most 16 allowed");

    /* Labels of 63 bytes fit, 64 do not. */
    memset(label, 'x', 64);
    label[64] = '\0';
    snprintf(json, sizeof(json),
             "{\"labels\": {\"blue\": {\"en\": \"%s\"}}, "
             "\"rules\": [{\"colour\": \"green\"}]}",
             label);
    assert_int_equal(colour_rules_parse(json, &r, err), COLOUR_E_RULES);
    assert_string_equal(err, "labels.blue.en: 64 bytes long, at most 63 allowed");
    label[63] = '\0';
    snprintf(json, sizeof(json),
             "{\"labels\": {\"blue\": {\"en\": \"%s\"}}, "
             "\"rules\": [{\"colour\": \"green\"}]}",
             label);
    assert_int_equal(colour_rules_parse(json, &r, err), 0);
    assert_string_equal(r.label[COLOUR_BLUE].en, label);

    /* Window bounds are inclusive. */
    assert_int_equal(
        colour_rules_parse("{\"window_days\": 1, \"rules\": [{\"colour\": \"red\"}]}", &r, err), 0);
    assert_int_equal(r.window_days, 1);
    assert_int_equal(
        colour_rules_parse("{\"window_days\": 60, \"rules\": [{\"colour\": \"red\"}]}", &r, err),
        0);
    assert_int_equal(r.window_days, 60);

    /* An over-long file is refused before it is parsed. */
    big = malloc(COLOUR_RULES_TEXT_MAX + 2);
    assert_non_null(big);
    memset(big, ' ', COLOUR_RULES_TEXT_MAX + 1);
    big[COLOUR_RULES_TEXT_MAX + 1] = '\0';
    assert_int_equal(colour_rules_parse(big, &r, err), COLOUR_E_RULES);
    assert_string_equal(err, "rule file is longer than 65536 bytes");
    free(big);
}

static void test_equal_sees_every_field(void **state)
{
    struct colour_rules a, b;

    (void)state;
    colour_rules_default(&a);
    b = a;
    assert_true(colour_rules_equal(&a, &b));
    b.rule[COLOUR_RULES_MAX - 1].colour = COLOUR_RED; /* unused slot: ignored */
    assert_true(colour_rules_equal(&a, &b));
    b = a;
    b.window_days = 13;
    assert_false(colour_rules_equal(&a, &b));
    b = a;
    b.rule[2].arrived = COLOUR_ARRIVAL_ANY;
    assert_false(colour_rules_equal(&a, &b));
    b = a;
    b.rule[0].health &= ~(1u << HEALTH_SUSPECTED);
    assert_false(colour_rules_equal(&a, &b));
    b = a;
    b.rule[1].quarantine = 1u << QUARANTINE_HOME;
    assert_false(colour_rules_equal(&a, &b));
    b = a;
    b.rule[4].presence = PRESENCE_IN;
    assert_false(colour_rules_equal(&a, &b));
    b = a;
    b.rule[5].colour = COLOUR_BLUE;
    assert_false(colour_rules_equal(&a, &b));
    b = a;
    b.count = 5;
    assert_false(colour_rules_equal(&a, &b));
    b = a;
    strcpy(b.label[COLOUR_PURPLE].en, "Away");
    assert_false(colour_rules_equal(&a, &b));
    b = a;
    strcpy(b.label[COLOUR_RED].zh, "红码");
    assert_false(colour_rules_equal(&a, &b));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_codes_round_trip),
        cmocka_unit_test(test_storage_order_is_fixed),
        cmocka_unit_test(test_display_colours),
        cmocka_unit_test(test_strerror),
        cmocka_unit_test(test_stayed_all_along_is_green_forever),
        cmocka_unit_test(test_abroad_arrival_yellow_for_14_days),
        cmocka_unit_test(test_domestic_arrival_blue_for_14_days),
        cmocka_unit_test(test_future_arrival_not_yet_counted),
        cmocka_unit_test(test_quarantine_until_inclusive),
        cmocka_unit_test(test_quarantine_from_in_future),
        cmocka_unit_test(test_quarantine_open_ended),
        cmocka_unit_test(test_no_quarantine_kind_ignores_dates),
        cmocka_unit_test(test_health_red),
        cmocka_unit_test(test_away_purple),
        cmocka_unit_test(test_fever_beats_quarantine),
        cmocka_unit_test(test_quarantine_then_arrival_colour),
        cmocka_unit_test(test_recent_arrival_beats_away),
        cmocka_unit_test(test_null_next_change_allowed),
        cmocka_unit_test(test_dates_near_int32_limits),
        cmocka_unit_test(test_next_change_exact_random),
        cmocka_unit_test(test_default_round_trip),
        cmocka_unit_test(test_default_json_text),
        cmocka_unit_test(test_shipped_file_is_default),
        cmocka_unit_test(test_random_tables_round_trip),
        cmocka_unit_test(test_custom_table),
        cmocka_unit_test(test_minimal_file_takes_defaults),
        cmocka_unit_test(test_parse_errors),
        cmocka_unit_test(test_parse_limits),
        cmocka_unit_test(test_equal_sees_every_field),
    };

    return cmocka_run_group_tests(tests, setup, NULL);
}
