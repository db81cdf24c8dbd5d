/*
 * Unit tests for the write parsers as the front calls them (app_parse_fn,
 * the job's header filled first): a household's quarantine body is one
 * resident's case without "resident" (the shared fields read once, no
 * stand-in resident), and app/input.c's one text rule (required, trimmed,
 * too long, dotted nested fields) gives the same code everywhere.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "app/checkpoints/handovers.h"
#include "app/input.h"
#include "app/quarantine/quarantines.h"
#include "core/date.h"

#define TODAY 18330 /* 2020-03-09 */

static struct quarantines_household hh;
static struct quarantines_open one;

static int household(const char *json)
{
    json_t *j = json_loads(json, 0, NULL);
    int rc;

    assert_non_null(j);
    memset(&hh, 0, sizeof hh);
    hh.id = 42;
    hh.today = TODAY;
    rc = quarantines_household_parse(NULL, j, &hh);
    json_decref(j);
    return rc;
}

static int single(const char *json)
{
    json_t *j = json_loads(json, 0, NULL);
    int rc;

    assert_non_null(j);
    memset(&one, 0, sizeof one);
    one.today = TODAY;
    rc = quarantines_open_parse(NULL, j, &one);
    json_decref(j);
    return rc;
}

static void household_reads_the_case_fields(void **state)
{
    (void)state;
    assert_int_equal(household("{\"kind\":\"home\",\"from\":\"2020-03-08\"}"), 0);
    assert_int_equal(hh.household, 42);
    assert_int_equal(hh.one.kind, QUARANTINE_HOME);
    assert_int_equal(hh.one.from, TODAY - 1);
    assert_int_equal(hh.one.until, TODAY - 1 + 13);
    assert_int_equal(hh.one.resident, 0); /* each resident's, set by the job */
    /* The same fields as one resident's case, read by the same code. */
    assert_int_equal(single("{\"resident\":7,\"kind\":\"home\",\"from\":\"2020-03-08\"}"), 0);
    assert_int_equal(one.resident, 7);
    assert_int_equal(one.kind, hh.one.kind);
    assert_int_equal(one.until, hh.one.until);
}

static void household_refuses_what_one_case_refuses(void **state)
{
    static const struct {
        const char *json, *code, *field;
    } bad[] = {
        {"{\"resident\":1,\"kind\":\"home\",\"from\":\"2020-03-08\"}", "unknown_field", "resident"},
        {"{\"kind\":\"home\",\"from\":\"2020-03-08\",\"x\":1}", "unknown_field", "x"},
        {"{\"kind\":\"hotel\",\"from\":\"2020-03-08\"}", "bad_value", "kind"},
        {"{\"kind\":\"home\"}", "missing", "from"},
        {"{\"kind\":\"home\",\"from\":\"2020-03-10\"}", "future_date", "from"},
        {"{\"kind\":\"central\",\"from\":\"2020-03-08\"}", "missing", "facility"},
        {"[1]", "bad_type", ""},
    };

    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        json_t *j = json_loads(bad[i].json, JSON_DECODE_ANY, NULL);
        int rc;

        memset(&hh, 0, sizeof hh);
        hh.today = TODAY;
        rc = quarantines_household_parse(NULL, j, &hh);
        json_decref(j);
        if (rc != APP_E_INVALID || strcmp(hh.err.code, bad[i].code) != 0 ||
            strcmp(hh.err.field, bad[i].field) != 0)
            fail_msg("%s: got %d %s field '%s' (%s)", bad[i].json, rc, hh.err.code, hh.err.field,
                     hh.err.message);
    }
    /* One resident's case needs its resident. */
    assert_int_equal(single("{\"kind\":\"home\",\"from\":\"2020-03-08\"}"), APP_E_INVALID);
    assert_string_equal(one.err.field, "resident");
}

static void one_text_rule(void **state)
{
    json_t *j = json_loads(
        "{\"a\":\"  x  \",\"b\":\"   \",\"c\":\"toolong\",\"n\":{\"d\":\"\\t\"}}", 0, NULL);
    struct app_error e;
    char out[8];

    (void)state;
    assert_int_equal(input_text(j, "a", INPUT_TRIM, 7, out, sizeof out, &e), 0);
    assert_string_equal(out, "x");
    assert_int_equal(input_text(j, "a", 0, 7, out, sizeof out, &e), 0);
    assert_string_equal(out, "  x  ");
    assert_int_equal(input_text(j, "b", INPUT_REQUIRED | INPUT_TRIM, 7, out, sizeof out, &e),
                     APP_E_INVALID);
    assert_string_equal(e.code, "missing");
    assert_int_equal(input_text(j, "c", 0, 3, out, sizeof out, &e), APP_E_INVALID);
    assert_string_equal(e.code, "too_long");
    assert_string_equal(e.message, "c is longer than 3 bytes");
    /* The buffer bounds the length too. */
    assert_int_equal(input_text(j, "c", 0, 100, out, 4, &e), APP_E_INVALID);
    assert_string_equal(e.message, "c is longer than 3 bytes");
    /* A dotted field reads the nested object's key and names the path. */
    assert_int_equal(input_text(json_object_get(j, "n"), "n.d", 0, 7, out, sizeof out, &e),
                     APP_E_INVALID);
    assert_string_equal(e.code, "bad_value");
    assert_string_equal(e.field, "n.d");
    assert_int_equal(input_text(j, "absent", INPUT_REQUIRED, 7, out, sizeof out, &e),
                     APP_E_INVALID);
    assert_string_equal(e.code, "missing");
    json_decref(j);
}

static void handover_address_names_the_nested_field(void **state)
{
    struct handover_action a;
    json_t *j =
        json_loads("{\"address\":{\"compound\":\"c\",\"building\":\"\",\"room\":\"1\"}}", 0, NULL);

    (void)state;
    memset(&a, 0, sizeof a);
    assert_int_equal(handovers_accept_parse(NULL, j, &a), APP_E_INVALID);
    assert_string_equal(a.err.code, "missing");
    assert_string_equal(a.err.field, "address.building");
    json_decref(j);
    j = json_loads("{\"address\":{\"compound\":\"c\",\"building\":\"b\",\"floor\":1}}", 0, NULL);
    memset(&a, 0, sizeof a);
    assert_int_equal(handovers_accept_parse(NULL, j, &a), APP_E_INVALID);
    assert_string_equal(a.err.code, "unknown_field");
    assert_string_equal(a.err.field, "address.floor");
    json_decref(j);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(household_reads_the_case_fields),
        cmocka_unit_test(household_refuses_what_one_case_refuses),
        cmocka_unit_test(one_text_rule),
        cmocka_unit_test(handover_address_names_the_nested_field),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
