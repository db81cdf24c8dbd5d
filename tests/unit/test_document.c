/*
 * Unit tests for core/document.c: type codes and labels both ways, the
 * shape check for non-ID documents at its length and alphabet boundaries,
 * delegation to the ID card check, and safe handling of small buffers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/document.h"
#include "core/idcard.h"

static int type_of(const char *s)
{
    enum doc_type t = (enum doc_type)99;
    int rc = doc_type_parse(s, strlen(s), &t);
    if (rc < 0) {
        assert_int_equal(rc, -1);
        assert_int_equal(t, 99);
        return -1;
    }
    return (int)t;
}

static int check(enum doc_type t, const char *s, char out[DOC_NUMBER_LEN])
{
    return doc_check(t, s, strlen(s), out, DOC_NUMBER_LEN);
}

static void test_codes_and_labels(void **state)
{
    (void)state;
    assert_string_equal(doc_type_code(DOC_ID_CARD), "id_card");
    assert_string_equal(doc_type_code(DOC_PASSPORT), "passport");
    assert_string_equal(doc_type_code(DOC_HK_MACAO_PERMIT), "hk_macao");
    assert_string_equal(doc_type_code(DOC_TAIWAN_PERMIT), "taiwan");
    assert_string_equal(doc_type_code(DOC_FOREIGN_PERMANENT), "foreign_pr");
    assert_string_equal(doc_type_code(DOC_OTHER), "other");
    assert_string_equal(doc_type_label_zh(DOC_ID_CARD), "居民身份证");
    assert_string_equal(doc_type_label_zh(DOC_PASSPORT), "护照");
    assert_string_equal(doc_type_label_zh(DOC_HK_MACAO_PERMIT), "港澳居民来往内地通行证");
    assert_string_equal(doc_type_label_zh(DOC_TAIWAN_PERMIT), "台湾居民来往大陆通行证");
    assert_string_equal(doc_type_label_zh(DOC_FOREIGN_PERMANENT), "外国人永久居留身份证");
    assert_string_equal(doc_type_label_zh(DOC_OTHER), "其他");
    assert_null(doc_type_code((enum doc_type)6));
    assert_null(doc_type_label_zh((enum doc_type) - 1));
}

static void test_parse_round_trip(void **state)
{
    (void)state;
    for (int t = DOC_ID_CARD; t <= DOC_OTHER; t++) {
        assert_int_equal(type_of(doc_type_code((enum doc_type)t)), t);
        assert_int_equal(type_of(doc_type_label_zh((enum doc_type)t)), t);
    }
}

static void test_parse_forms(void **state)
{
    (void)state;
    assert_int_equal(type_of("PASSPORT"), DOC_PASSPORT);
    assert_int_equal(type_of("Id_Card"), DOC_ID_CARD);
    assert_int_equal(type_of("  护照\t"), DOC_PASSPORT);
    assert_int_equal(type_of("\xE3\x80\x80台湾居民来往大陆通行证\xE3\x80\x80"), DOC_TAIWAN_PERMIT);
    assert_int_equal(type_of("身份证"), DOC_ID_CARD);
    assert_int_equal(type_of("港澳通行证"), DOC_HK_MACAO_PERMIT);
    assert_int_equal(type_of("台胞证"), DOC_TAIWAN_PERMIT);
    assert_int_equal(type_of("永久居留证"), DOC_FOREIGN_PERMANENT);
}

static void test_parse_unknown(void **state)
{
    enum doc_type t;
    (void)state;
    assert_int_equal(type_of(""), -1);
    assert_int_equal(type_of("  "), -1);
    assert_int_equal(type_of("\xE3\x80\x80"), -1);
    assert_int_equal(type_of("passports"), -1);
    assert_int_equal(type_of("id"), -1);
    assert_int_equal(type_of("id card"), -1);
    assert_int_equal(type_of("护"), -1);
    assert_int_equal(type_of("护照本"), -1);
    /* Only len bytes are read. */
    assert_int_equal(doc_type_parse("otherwise", 5, &t), 0);
    assert_int_equal(t, DOC_OTHER);
    assert_int_equal(doc_type_parse("otherwise", 6, &t), -1);
}

static void test_id_card_delegates(void **state)
{
    char out[DOC_NUMBER_LEN];
    (void)state;
    assert_int_equal(check(DOC_ID_CARD, " 11010519491231002x ", out), 0);
    assert_string_equal(out, "11010519491231002X");
    assert_int_equal(check(DOC_ID_CARD, "110105194912310021", out), IDCARD_E_CHECK);
    assert_string_equal(out, "");
    assert_int_equal(check(DOC_ID_CARD, "E12345678", out), IDCARD_E_LENGTH);
    assert_string_equal(doc_errcode(IDCARD_E_CHECK), "bad_check_digit");
    assert_string_equal(doc_strerror(IDCARD_E_CHECK), idcard_strerror(IDCARD_E_CHECK));
}

static void test_other_types_normalised(void **state)
{
    char out[DOC_NUMBER_LEN];
    (void)state;
    assert_int_equal(check(DOC_PASSPORT, "E12345678", out), 0);
    assert_string_equal(out, "E12345678");
    assert_int_equal(check(DOC_PASSPORT, "  e12345678\xE3\x80\x80", out), 0);
    assert_string_equal(out, "E12345678");
    assert_int_equal(check(DOC_HK_MACAO_PERMIT, "ｈ１２３４５６７８", out), 0);
    assert_string_equal(out, "H12345678");
    assert_int_equal(check(DOC_TAIWAN_PERMIT, "12345678", out), 0);
    assert_int_equal(check(DOC_FOREIGN_PERMANENT, "usa310078010101", out), 0);
    assert_string_equal(out, "USA310078010101");
    assert_int_equal(check(DOC_OTHER, "abcde", out), 0);
    assert_string_equal(out, "ABCDE");
}

static void test_length_bounds(void **state)
{
    char out[DOC_NUMBER_LEN];
    (void)state;
    assert_int_equal(check(DOC_PASSPORT, "A123", out), DOC_E_LENGTH);
    assert_string_equal(out, "");
    assert_int_equal(check(DOC_PASSPORT, "A1234", out), 0);
    assert_int_equal(check(DOC_PASSPORT, "A1234567890123456789", out), 0);
    assert_string_equal(out, "A1234567890123456789");
    assert_int_equal(check(DOC_PASSPORT, "A12345678901234567890", out), DOC_E_LENGTH);
    /* Trailing white space does not count towards the 20. */
    assert_int_equal(check(DOC_PASSPORT, "A1234567890123456789   \xE3\x80\x80", out), 0);
    /* Full-width characters count as one each. */
    assert_int_equal(check(DOC_PASSPORT, "Ａ１２３４５６７８９０１２３４５６７８９", out), 0);
}

static void test_bad_chars(void **state)
{
    char out[DOC_NUMBER_LEN];
    (void)state;
    assert_int_equal(check(DOC_PASSPORT, "E1234-5678", out), DOC_E_CHAR);
    assert_int_equal(check(DOC_PASSPORT, "E1234 5678", out), DOC_E_CHAR);
    assert_int_equal(check(DOC_PASSPORT, "E1234/5678", out), DOC_E_CHAR);
    assert_int_equal(check(DOC_PASSPORT, "E1234_5678", out), DOC_E_CHAR);
    assert_int_equal(check(DOC_PASSPORT, "护照12345", out), DOC_E_CHAR);
    assert_int_equal(check(DOC_PASSPORT,
                           "E1234\xFF"
                           "5678",
                           out),
                     DOC_E_CHAR);
    assert_int_equal(check(DOC_PASSPORT, "@ABCDE", out), DOC_E_CHAR);
    assert_int_equal(check(DOC_PASSPORT, "[ABCDE", out), DOC_E_CHAR);
    assert_int_equal(check(DOC_PASSPORT, "`ABCDE", out), DOC_E_CHAR);
    assert_int_equal(check(DOC_PASSPORT, "{ABCDE", out), DOC_E_CHAR);
    assert_int_equal(check(DOC_PASSPORT, ":ABCDE", out), DOC_E_CHAR);
    assert_string_equal(out, "");
}

static void test_empty_and_type(void **state)
{
    char out[DOC_NUMBER_LEN];
    (void)state;
    assert_int_equal(check(DOC_PASSPORT, "", out), DOC_E_EMPTY);
    assert_int_equal(check(DOC_OTHER, " \t\xE3\x80\x80", out), DOC_E_EMPTY);
    assert_int_equal(check((enum doc_type)6, "E12345678", out), DOC_E_TYPE);
    assert_int_equal(check((enum doc_type) - 1, "E12345678", out), DOC_E_TYPE);
}

static void test_small_buffers(void **state)
{
    char out[32];
    (void)state;
    memset(out, '#', sizeof out);
    assert_int_equal(doc_check(DOC_PASSPORT, "E12345678", 9, out, 9), DOC_E_BUFFER);
    assert_int_equal(out[0], '\0');
    assert_int_equal(out[1], '#'); /* nothing past the start written */
    assert_int_equal(doc_check(DOC_PASSPORT, "E12345678", 9, out, 10), 0);
    assert_string_equal(out, "E12345678");
    assert_int_equal(out[10], '#');
    assert_int_equal(doc_check(DOC_ID_CARD, "11010519491231002X", 18, out, 18), DOC_E_BUFFER);
    assert_int_equal(doc_check(DOC_ID_CARD, "11010519491231002X", 18, out, 19), 0);
    assert_int_equal(doc_check(DOC_PASSPORT, "E12345678", 9, NULL, 0), DOC_E_BUFFER);
}

static void test_messages(void **state)
{
    const int codes[] = {DOC_E_EMPTY, DOC_E_LENGTH, DOC_E_CHAR, DOC_E_TYPE, DOC_E_BUFFER};
    (void)state;
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        assert_string_not_equal(doc_strerror(codes[i]), doc_strerror(-99));
        assert_string_not_equal(doc_errcode(codes[i]), doc_errcode(-99));
        for (size_t j = 0; j < i; j++) {
            assert_string_not_equal(doc_strerror(codes[i]), doc_strerror(codes[j]));
            assert_string_not_equal(doc_errcode(codes[i]), doc_errcode(codes[j]));
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_codes_and_labels),  cmocka_unit_test(test_parse_round_trip),
        cmocka_unit_test(test_parse_forms),       cmocka_unit_test(test_parse_unknown),
        cmocka_unit_test(test_id_card_delegates), cmocka_unit_test(test_other_types_normalised),
        cmocka_unit_test(test_length_bounds),     cmocka_unit_test(test_bad_chars),
        cmocka_unit_test(test_empty_and_type),    cmocka_unit_test(test_small_buffers),
        cmocka_unit_test(test_messages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
