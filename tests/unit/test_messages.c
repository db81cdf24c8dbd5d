/*
 * Unit tests for http/messages.c: which language an Accept-Language header
 * asks for (q-values, order, case, absence), field labels (whole dotted
 * name first, then its last part), code sentences (a field's own row before
 * the general one), and the rewriting of an error body: Chinese with the
 * label, English untouched, import rows localised, anything else left alone.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "http/messages.h"

static void test_lang_of(void **state)
{
    (void)state;
    assert_int_equal(msg_lang_of(NULL), MSG_ZH);
    assert_int_equal(msg_lang_of(""), MSG_ZH);
    assert_int_equal(msg_lang_of("fr-FR"), MSG_ZH);
    assert_int_equal(msg_lang_of("en"), MSG_EN);
    assert_int_equal(msg_lang_of("EN-us,en;q=0.9"), MSG_EN);
    assert_int_equal(msg_lang_of("zh-CN,zh;q=0.9,en;q=0.8"), MSG_ZH);
    assert_int_equal(msg_lang_of("en;q=0.5, zh-CN;q=0.9"), MSG_ZH);
    assert_int_equal(msg_lang_of("fr, en;q=0.3"), MSG_EN);
    assert_int_equal(msg_lang_of("en;q=0, zh;q=0"), MSG_ZH);
}

static void test_labels_and_codes(void **state)
{
    (void)state;
    assert_string_equal(msg_field_label("quarantine.until", MSG_ZH), "隔离截止日期");
    assert_string_equal(msg_field_label("until", MSG_ZH), "截止日期");
    assert_string_equal(msg_field_label("address.room", MSG_ZH), "室号");
    assert_string_equal(msg_field_label("errors.code", MSG_EN), "Code");
    assert_null(msg_field_label("no_such_field", MSG_ZH));
    assert_null(msg_field_label(NULL, MSG_ZH));
    assert_string_equal(msg_code_text("not_found", MSG_ZH), "没有找到，或不在您的管辖范围内");
    assert_null(msg_code_text("no_such_code", MSG_ZH));
}

static char *localised(int status, const char *body, enum msg_lang lang)
{
    struct http_response res;
    char *out;

    memset(&res, 0, sizeof res);
    res.status = status;
    res.body = strdup(body);
    res.len = strlen(body);
    res.content_type = "application/json; charset=utf-8";
    msg_localise(&res, lang);
    out = res.body;
    assert_int_equal(res.status, status);
    return out;
}

static void test_localise(void **state)
{
    const char *e = "{\"error\":{\"code\":\"inconsistent\",\"field\":\"quarantine.until\","
                    "\"message\":\"until is before from\"}}";
    char *s;

    (void)state;
    s = localised(400, e, MSG_ZH);
    assert_non_null(strstr(s, "\"message\":\"隔离截止日期：截止日期早于开始日期\""));
    assert_non_null(strstr(s, "\"field\":\"quarantine.until\""));
    free(s);
    s = localised(400, e, MSG_EN);
    assert_non_null(strstr(s, "until is before from"));
    free(s);
    s = localised(403, "{\"error\":{\"code\":\"odd\",\"field\":null,\"message\":\"x\"}}", MSG_ZH);
    assert_non_null(strstr(s, "您的角色无权执行此操作"));
    free(s);
    s = localised(422,
                  "{\"committed\":false,\"errors\":[{\"line\":2,\"code\":\"no_such_date\","
                  "\"message\":\"2020-02-30: no such day\"}]}",
                  MSG_ZH);
    assert_non_null(strstr(s, "日历上没有这一天"));
    assert_null(strstr(s, "no such day"));
    free(s);
    s = localised(200, "{\"error\":{\"code\":\"missing\"}}", MSG_ZH);
    assert_string_equal(s, "{\"error\":{\"code\":\"missing\"}}");
    free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lang_of),
        cmocka_unit_test(test_labels_and_codes),
        cmocka_unit_test(test_localise),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
