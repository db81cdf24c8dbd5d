/*
 * Unit tests for core/facts.c: every accepted spelling of every value, the
 * case and white-space rules, near misses that must be refused, and the
 * code/label tables reading back through the parsers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "core/date.h"
#include "core/facts.h"

#define SENTINEL 77

static int presence_of(const char *s)
{
    enum presence p = (enum presence)SENTINEL;
    int rc = presence_parse(s, &p);
    if (rc < 0) {
        assert_int_equal(rc, -1);
        assert_int_equal(p, SENTINEL); /* untouched on failure */
        return -1;
    }
    assert_int_equal(rc, 0);
    return (int)p;
}

static int quarantine_of(const char *s)
{
    enum quarantine_kind q = (enum quarantine_kind)SENTINEL;
    int rc = quarantine_parse(s, &q);
    if (rc < 0) {
        assert_int_equal(rc, -1);
        assert_int_equal(q, SENTINEL);
        return -1;
    }
    assert_int_equal(rc, 0);
    return (int)q;
}

static int health_of(const char *s)
{
    enum health h = (enum health)SENTINEL;
    int rc = health_parse(s, &h);
    if (rc < 0) {
        assert_int_equal(rc, -1);
        assert_int_equal(h, SENTINEL);
        return -1;
    }
    assert_int_equal(rc, 0);
    return (int)h;
}

static void test_init(void **state)
{
    struct facts f;
    (void)state;
    memset(&f, 0x5a, sizeof f);
    facts_init(&f);
    assert_int_equal(f.presence, PRESENCE_IN);
    assert_int_equal(f.arrival_day, DATE_NONE);
    assert_int_equal(f.arrival_abroad, 0);
    assert_int_equal(f.quarantine, QUARANTINE_NONE);
    assert_int_equal(f.quarantine_from, DATE_NONE);
    assert_int_equal(f.quarantine_until, DATE_NONE);
    assert_int_equal(f.health, HEALTH_NORMAL);
}

static void test_presence_spellings(void **state)
{
    (void)state;
    assert_int_equal(presence_of("in"), PRESENCE_IN);
    assert_int_equal(presence_of("在沪"), PRESENCE_IN);
    assert_int_equal(presence_of("一直在沪"), PRESENCE_IN);
    assert_int_equal(presence_of("已返沪"), PRESENCE_IN);
    assert_int_equal(presence_of("away"), PRESENCE_AWAY);
    assert_int_equal(presence_of("外出"), PRESENCE_AWAY);
    assert_int_equal(presence_of("外出未返"), PRESENCE_AWAY);
    assert_int_equal(presence_of("不在沪"), PRESENCE_AWAY);
}

static void test_quarantine_spellings(void **state)
{
    (void)state;
    assert_int_equal(quarantine_of("none"), QUARANTINE_NONE);
    assert_int_equal(quarantine_of("无"), QUARANTINE_NONE);
    assert_int_equal(quarantine_of("否"), QUARANTINE_NONE);
    assert_int_equal(quarantine_of("home"), QUARANTINE_HOME);
    assert_int_equal(quarantine_of("居家隔离"), QUARANTINE_HOME);
    assert_int_equal(quarantine_of("居家"), QUARANTINE_HOME);
    assert_int_equal(quarantine_of("central"), QUARANTINE_CENTRAL);
    assert_int_equal(quarantine_of("集中隔离"), QUARANTINE_CENTRAL);
    assert_int_equal(quarantine_of("集中"), QUARANTINE_CENTRAL);
}

static void test_health_spellings(void **state)
{
    (void)state;
    assert_int_equal(health_of("normal"), HEALTH_NORMAL);
    assert_int_equal(health_of("正常"), HEALTH_NORMAL);
    assert_int_equal(health_of("健康"), HEALTH_NORMAL);
    assert_int_equal(health_of("fever"), HEALTH_FEVER);
    assert_int_equal(health_of("发热"), HEALTH_FEVER);
    assert_int_equal(health_of("suspected"), HEALTH_SUSPECTED);
    assert_int_equal(health_of("疑似"), HEALTH_SUSPECTED);
    assert_int_equal(health_of("confirmed"), HEALTH_CONFIRMED);
    assert_int_equal(health_of("确诊"), HEALTH_CONFIRMED);
    assert_int_equal(health_of("recovered"), HEALTH_RECOVERED);
    assert_int_equal(health_of("已康复"), HEALTH_RECOVERED);
    assert_int_equal(health_of("康复"), HEALTH_RECOVERED);
    assert_int_equal(health_of("治愈"), HEALTH_RECOVERED);
}

static void test_english_any_case(void **state)
{
    (void)state;
    assert_int_equal(presence_of("IN"), PRESENCE_IN);
    assert_int_equal(presence_of("Away"), PRESENCE_AWAY);
    assert_int_equal(quarantine_of("HoMe"), QUARANTINE_HOME);
    assert_int_equal(quarantine_of("NONE"), QUARANTINE_NONE);
    assert_int_equal(health_of("Confirmed"), HEALTH_CONFIRMED);
    assert_int_equal(health_of("FEVER"), HEALTH_FEVER);
}

static void test_trimming(void **state)
{
    (void)state;
    assert_int_equal(presence_of("  in\t"), PRESENCE_IN);
    assert_int_equal(presence_of("\r\naway\r\n"), PRESENCE_AWAY);
    assert_int_equal(quarantine_of("\xE3\x80\x80居家隔离\xE3\x80\x80"), QUARANTINE_HOME);
    assert_int_equal(health_of(" \xE3\x80\x80 确诊 \xE3\x80\x80"), HEALTH_CONFIRMED);
}

static void test_empty_is_unknown(void **state)
{
    enum presence p;
    (void)state;
    assert_int_equal(presence_of(""), -1);
    assert_int_equal(quarantine_of(""), -1);
    assert_int_equal(health_of(""), -1);
    assert_int_equal(quarantine_of("   "), -1);
    assert_int_equal(health_of("\xE3\x80\x80"), -1);
    assert_int_equal(presence_parse(NULL, &p), -1);
}

static void test_near_misses(void **state)
{
    (void)state;
    assert_int_equal(presence_of("i"), -1);
    assert_int_equal(presence_of("inn"), -1);
    assert_int_equal(presence_of("in city"), -1);
    assert_int_equal(presence_of("在 沪"), -1);
    assert_int_equal(presence_of("在沪x"), -1);
    assert_int_equal(presence_of("外"), -1);
    assert_int_equal(presence_of("home"), -1); /* a quarantine value */
    assert_int_equal(quarantine_of("居家隔"), -1);
    assert_int_equal(quarantine_of("居家隔离中"), -1);
    assert_int_equal(quarantine_of("no"), -1);
    assert_int_equal(quarantine_of("是"), -1);
    assert_int_equal(quarantine_of("fever"), -1);
    assert_int_equal(health_of("fevers"), -1);
    assert_int_equal(health_of("康"), -1);
    assert_int_equal(health_of("正常\xE3\x80"), -1); /* a broken trailing U+3000 */
    assert_int_equal(health_of("ＦＥＶＥＲ"), -1);   /* full-width Latin is not folded */
}

static void test_codes_and_labels_round_trip(void **state)
{
    (void)state;
    for (int v = PRESENCE_IN; v <= PRESENCE_AWAY; v++) {
        assert_int_equal(presence_of(presence_code((enum presence)v)), v);
        assert_int_equal(presence_of(presence_label_zh((enum presence)v)), v);
    }
    for (int v = QUARANTINE_NONE; v <= QUARANTINE_CENTRAL; v++) {
        assert_int_equal(quarantine_of(quarantine_code((enum quarantine_kind)v)), v);
        assert_int_equal(quarantine_of(quarantine_label_zh((enum quarantine_kind)v)), v);
    }
    for (int v = HEALTH_NORMAL; v <= HEALTH_RECOVERED; v++) {
        assert_int_equal(health_of(health_code((enum health)v)), v);
        assert_int_equal(health_of(health_label_zh((enum health)v)), v);
    }
}

static void test_documented_codes(void **state)
{
    (void)state;
    /* The API and rule files depend on these exact strings. */
    assert_string_equal(presence_code(PRESENCE_AWAY), "away");
    assert_string_equal(quarantine_code(QUARANTINE_CENTRAL), "central");
    assert_string_equal(health_code(HEALTH_SUSPECTED), "suspected");
    assert_string_equal(health_label_zh(HEALTH_RECOVERED), "已康复");
    assert_string_equal(quarantine_label_zh(QUARANTINE_HOME), "居家隔离");
    assert_string_equal(presence_label_zh(PRESENCE_IN), "在沪");
}

static void test_out_of_range_values(void **state)
{
    (void)state;
    assert_null(presence_code((enum presence)2));
    assert_null(presence_label_zh((enum presence) - 1));
    assert_null(quarantine_code((enum quarantine_kind)3));
    assert_null(health_code((enum health)5));
    assert_null(health_label_zh((enum health)5));
}

/* A change touches only the parts it names. */
static void test_apply_only_what_is_set(void **state)
{
    struct facts f;
    struct facts_change ch;
    char origin[FACTS_ORIGIN_MAX] = "Wuhan";

    (void)state;
    facts_init(&f);
    f.arrival_day = 19000;
    memset(&ch, 0, sizeof ch);
    ch.set = FACT_HEALTH;
    ch.health = HEALTH_FEVER;
    ch.presence = PRESENCE_AWAY; /* not named: ignored */
    ch.arrival_day = DATE_NONE;
    facts_apply(&f, origin, sizeof origin, &ch);
    assert_int_equal(f.health, HEALTH_FEVER);
    assert_int_equal(f.presence, PRESENCE_IN);
    assert_int_equal(f.arrival_day, 19000);
    assert_string_equal(origin, "Wuhan");
    assert_string_equal(facts_change_kind(ch.set), "health");

    ch.set = FACT_QUARANTINE;
    ch.quarantine = QUARANTINE_HOME;
    ch.quarantine_from = 19001;
    ch.quarantine_until = 19014;
    facts_apply(&f, origin, sizeof origin, &ch);
    assert_int_equal(f.quarantine, QUARANTINE_HOME);
    assert_int_equal(f.quarantine_from, 19001);
    assert_int_equal(f.quarantine_until, 19014);
    assert_int_equal(f.health, HEALTH_FEVER);
    assert_string_equal(facts_change_kind(ch.set), "quarantine");
}

/* An arrival brings someone back unless the change also says where they
 * are; clearing it clears the origin; the origin is cut to the buffer. */
static void test_apply_arrival(void **state)
{
    struct facts f;
    struct facts_change ch;
    char origin[8] = "";

    (void)state;
    facts_init(&f);
    f.presence = PRESENCE_AWAY;
    memset(&ch, 0, sizeof ch);
    ch.set = FACT_ARRIVAL;
    ch.arrival_day = 19005;
    ch.arrival_abroad = 1;
    snprintf(ch.origin, sizeof ch.origin, "Guangzhou");
    facts_apply(&f, origin, sizeof origin, &ch);
    assert_int_equal(f.presence, PRESENCE_IN);
    assert_int_equal(f.arrival_day, 19005);
    assert_int_equal(f.arrival_abroad, 1);
    assert_string_equal(origin, "Guangzh");
    assert_string_equal(facts_change_kind(ch.set), "arrival");

    f.presence = PRESENCE_AWAY;
    ch.set = FACT_ARRIVAL | FACT_PRESENCE;
    ch.presence = PRESENCE_AWAY;
    facts_apply(&f, origin, sizeof origin, &ch);
    assert_int_equal(f.presence, PRESENCE_AWAY);
    assert_string_equal(facts_change_kind(ch.set), "facts");

    ch.set = FACT_ARRIVAL;
    ch.arrival_day = DATE_NONE;
    ch.arrival_abroad = 0;
    ch.origin[0] = '\0';
    facts_apply(&f, origin, sizeof origin, &ch);
    assert_int_equal(f.presence, PRESENCE_AWAY); /* a cleared arrival moves nobody */
    assert_int_equal(f.arrival_day, DATE_NONE);
    assert_int_equal(f.arrival_abroad, 0);
    assert_string_equal(origin, "");
    assert_string_equal(facts_change_kind(0), "facts");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_init),
        cmocka_unit_test(test_presence_spellings),
        cmocka_unit_test(test_quarantine_spellings),
        cmocka_unit_test(test_health_spellings),
        cmocka_unit_test(test_english_any_case),
        cmocka_unit_test(test_trimming),
        cmocka_unit_test(test_empty_is_unknown),
        cmocka_unit_test(test_near_misses),
        cmocka_unit_test(test_codes_and_labels_round_trip),
        cmocka_unit_test(test_documented_codes),
        cmocka_unit_test(test_out_of_range_values),
        cmocka_unit_test(test_apply_only_what_is_set),
        cmocka_unit_test(test_apply_arrival),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
