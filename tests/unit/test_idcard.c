/*
 * Unit tests for core/idcard.c. Check characters are computed here by the
 * recursive form of ISO 7064 MOD 11-2 (no weight table), so a wrong weight
 * or map in the code under test shows up; error cases are built as numbers
 * that are valid in every other respect, so each check is seen on its own.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "core/date.h"
#include "core/idcard.h"

/* The published example from the standard's annex. */
static const char *const VALID = "11010519491231002X";

/* ISO 7064 MOD 11-2, pure system, computed digit by digit. */
static char ref_check(const char *d17)
{
    int p = 0, c;
    for (int i = 0; i < 17; i++)
        p = ((p + (d17[i] - '0')) * 2) % 11;
    c = (12 - p) % 11;
    return c == 10 ? 'X' : (char)('0' + c);
}

/* Completes 17 digits with their reference check character. */
static void complete(const char *d17, char out[19])
{
    memcpy(out, d17, 17);
    out[17] = ref_check(d17);
    out[18] = '\0';
}

static int parse(const char *s, struct idcard *out)
{
    return idcard_parse(s, strlen(s), DATE_NONE, out);
}

static void test_standard_example(void **state)
{
    struct idcard c;
    (void)state;
    assert_int_equal(parse(VALID, &c), 0);
    assert_string_equal(c.number, VALID);
    assert_int_equal(c.birth_day, date_from_ymd(1949, 12, 31));
    assert_int_equal(c.sex, IDCARD_FEMALE);
    assert_int_equal(c.region, 110105);
}

static void test_reference_agrees(void **state)
{
    (void)state;
    assert_int_equal(ref_check("11010519491231002"), 'X'); /* the reference itself */
    assert_int_equal(idcard_make_check("11010519491231002"), 'X');
    /* Every check value, including 10 (X) and 0, for varied bases. */
    char base[18] = "31010519800101001";
    int seen[11] = {0};
    for (int seq = 0; seq < 1000; seq++) {
        base[14] = (char)('0' + seq / 100);
        base[15] = (char)('0' + seq / 10 % 10);
        base[16] = (char)('0' + seq % 10);
        char want = ref_check(base);
        assert_int_equal(idcard_make_check(base), want);
        seen[want == 'X' ? 10 : want - '0'] = 1;
    }
    for (int i = 0; i < 11; i++)
        assert_true(seen[i]);
}

static void test_birth_1880_rejected(void **state)
{
    struct idcard c;
    (void)state;
    /* Its check character is right (computed by ref_check), but the birth
     * year 1880 is before 1900. */
    assert_int_equal(ref_check("44052418800101001"), '4');
    assert_int_equal(parse("440524188001010014", &c), IDCARD_E_BIRTH);
}

static void test_sex_from_17th_digit(void **state)
{
    char num[19];
    struct idcard c;
    (void)state;
    for (char d = '0'; d <= '9'; d++) {
        char base[18] = "31010519800101000";
        base[16] = d;
        complete(base, num);
        assert_int_equal(parse(num, &c), 0);
        assert_int_equal(c.sex, (d - '0') % 2 ? IDCARD_MALE : IDCARD_FEMALE);
    }
}

static void test_every_single_mutation_rejected(void **state)
{
    static const char alphabet[] = "0123456789Xx";
    struct idcard c;
    (void)state;
    for (int pos = 0; pos < 18; pos++) {
        for (const char *a = alphabet; *a; a++) {
            char num[19];
            int rc;
            memcpy(num, VALID, 19);
            if (*a == num[pos] || (*a == 'x' && num[pos] == 'X'))
                continue;
            num[pos] = *a;
            rc = parse(num, &c);
            if (rc == 0)
                print_error("mutation %s accepted\n", num);
            assert_true(rc < 0);
        }
    }
}

static void test_mutation_reports_check(void **state)
{
    char num[19];
    struct idcard c;
    (void)state;
    /* Sequence digits are free of structure: a changed one is seen only by
     * the check character. */
    for (int pos = 14; pos < 17; pos++) {
        for (char d = '0'; d <= '9'; d++) {
            memcpy(num, VALID, 19);
            if (num[pos] == d)
                continue;
            num[pos] = d;
            assert_int_equal(parse(num, &c), IDCARD_E_CHECK);
        }
    }
}

static void test_adjacent_transpositions_rejected(void **state)
{
    const char *numbers[3];
    char made[2][19];
    struct idcard c;
    (void)state;
    complete("31010519800101123", made[0]);
    complete("51152719771209876", made[1]);
    numbers[0] = VALID;
    numbers[1] = made[0];
    numbers[2] = made[1];
    for (int k = 0; k < 3; k++) {
        assert_int_equal(parse(numbers[k], &c), 0);
        for (int i = 0; i < 17; i++) {
            char num[19];
            memcpy(num, numbers[k], 19);
            if (num[i] == num[i + 1])
                continue;
            num[i] = numbers[k][i + 1];
            num[i + 1] = numbers[k][i];
            if (parse(num, &c) == 0)
                print_error("transposition %s accepted\n", num);
            assert_true(parse(num, &c) < 0);
        }
    }
}

static void test_lower_case_x(void **state)
{
    struct idcard c;
    (void)state;
    assert_int_equal(parse("11010519491231002x", &c), 0);
    assert_string_equal(c.number, VALID);
}

static void test_full_width_and_white_space(void **state)
{
    struct idcard c;
    (void)state;
    assert_int_equal(parse("１１０１０５１９４９１２３１００２Ｘ", &c), 0);
    assert_string_equal(c.number, VALID);
    assert_int_equal(parse("１１０１０５１９４９１２３１００２ｘ", &c), 0);
    assert_string_equal(c.number, VALID);
    assert_int_equal(parse("  11010519491231002X\t\r\n", &c), 0);
    assert_int_equal(parse("\xE3\x80\x80"
                           "11010519491231002X"
                           "\xE3\x80\x80 ",
                           &c),
                     0);
    assert_string_equal(c.number, VALID);
}

static void test_not_nul_terminated(void **state)
{
    const char buf[] = "11010519491231002X9999";
    struct idcard c;
    (void)state;
    assert_int_equal(idcard_parse(buf, 18, DATE_NONE, &c), 0);
    assert_int_equal(idcard_parse(buf, 19, DATE_NONE, &c), IDCARD_E_LENGTH);
}

static void test_error_empty(void **state)
{
    struct idcard c;
    (void)state;
    assert_int_equal(parse("", &c), IDCARD_E_EMPTY);
    assert_int_equal(parse(" \t ", &c), IDCARD_E_EMPTY);
    assert_int_equal(parse("\xE3\x80\x80", &c), IDCARD_E_EMPTY);
}

static void test_error_length(void **state)
{
    struct idcard c;
    (void)state;
    assert_int_equal(parse("11010519491231002", &c), IDCARD_E_LENGTH);
    assert_int_equal(parse("11010519491231002X0", &c), IDCARD_E_LENGTH);
    assert_int_equal(parse("110105491231002", &c), IDCARD_E_LENGTH); /* old 15-digit */
    assert_int_equal(parse("1101051949 1231002X", &c), IDCARD_E_LENGTH);
    assert_int_equal(parse("11010519491231002X11010519491231002X", &c), IDCARD_E_LENGTH);
}

static void test_error_char(void **state)
{
    struct idcard c;
    (void)state;
    assert_int_equal(parse("11010519491231002A", &c), IDCARD_E_CHAR);
    assert_int_equal(parse("1101051949123100X2", &c), IDCARD_E_CHAR);
    assert_int_equal(parse("X10105194912310021", &c), IDCARD_E_CHAR);
    assert_int_equal(parse("110105 9491231002X", &c), IDCARD_E_CHAR);
    assert_int_equal(parse("110105-9491231002X", &c), IDCARD_E_CHAR);
    /* One Chinese character counts as one character, not three bytes. */
    assert_int_equal(parse("11010519491231002中", &c), IDCARD_E_CHAR);
    assert_int_equal(parse("11010519491231002\xFF", &c), IDCARD_E_CHAR);
    assert_string_equal(c.number, ""); /* nothing normalised yet */
}

static void test_error_province(void **state)
{
    static const int bad[] = {0,  10, 16, 20, 24, 30, 38, 40, 47, 49,
                              55, 60, 66, 70, 72, 80, 83, 91, 99};
    static const int good[] = {11, 15, 21, 23, 31, 37, 41, 46, 50, 54, 61, 65, 71, 81, 82};
    char base[18] = "xx010519800101001";
    char num[19];
    struct idcard c;
    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        base[0] = (char)('0' + bad[i] / 10);
        base[1] = (char)('0' + bad[i] % 10);
        complete(base, num);
        assert_int_equal(parse(num, &c), IDCARD_E_PROVINCE);
        assert_false(idcard_province_valid(bad[i]));
    }
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        base[0] = (char)('0' + good[i] / 10);
        base[1] = (char)('0' + good[i] % 10);
        complete(base, num);
        assert_int_equal(parse(num, &c), 0);
        assert_int_equal(c.region, good[i] * 10000 + 105);
        assert_true(idcard_province_valid(good[i]));
    }
}

static void test_error_birth(void **state)
{
    static const char *const bases[] = {
        "31010519490229001", /* 1949 is a common year */
        "31010519000229001", /* 1900 is not a leap year */
        "31010518991231001", /* before 1900 */
        "31010519491301001", /* month 13 */
        "31010519490001001", /* month 0 */
        "31010519490100001", /* day 0 */
        "31010519490431001", /* 31 April */
        "31010522010101001", /* after 2200 */
    };
    char num[19];
    struct idcard c;
    (void)state;
    for (size_t i = 0; i < sizeof bases / sizeof bases[0]; i++) {
        complete(bases[i], num);
        assert_int_equal(parse(num, &c), IDCARD_E_BIRTH);
    }
    complete("31010520000229001", num); /* 2000 is */
    assert_int_equal(parse(num, &c), 0);
    complete("31010519000101001", num);
    assert_int_equal(parse(num, &c), 0);
}

static void test_max_day(void **state)
{
    struct idcard c;
    int32_t born = date_from_ymd(1949, 12, 31);
    (void)state;
    assert_int_equal(idcard_parse(VALID, 18, born, &c), 0);
    assert_int_equal(idcard_parse(VALID, 18, born + 1, &c), 0);
    assert_int_equal(idcard_parse(VALID, 18, born - 1, &c), IDCARD_E_FUTURE);
    assert_int_equal(idcard_parse(VALID, 18, DATE_NONE, &c), 0);
}

static void test_error_check_names_expected(void **state)
{
    struct idcard c;
    (void)state;
    assert_int_equal(parse("110105194912310021", &c), IDCARD_E_CHECK);
    /* The normalised number is there for the message. */
    assert_string_equal(c.number, "110105194912310021");
    assert_int_equal(idcard_make_check(c.number), 'X');
    assert_int_equal(c.birth_day, DATE_NONE); /* not a success */
}

static void test_make_check_rejects_non_digits(void **state)
{
    (void)state;
    assert_int_equal(idcard_make_check("1101051949123100X"), -1);
    assert_int_equal(idcard_make_check("a1010519491231002"), -1);
    assert_int_equal(idcard_make_check("11010519491231002X"), 'X'); /* 18th not read */
}

static void test_messages(void **state)
{
    const int codes[] = {IDCARD_E_EMPTY, IDCARD_E_LENGTH, IDCARD_E_CHAR, IDCARD_E_PROVINCE,
                         IDCARD_E_BIRTH, IDCARD_E_FUTURE, IDCARD_E_CHECK};
    (void)state;
    for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++) {
        assert_string_not_equal(idcard_strerror(codes[i]), idcard_strerror(-99));
        assert_string_not_equal(idcard_errcode(codes[i]), idcard_errcode(-99));
        for (size_t j = 0; j < i; j++) {
            assert_string_not_equal(idcard_strerror(codes[i]), idcard_strerror(codes[j]));
            assert_string_not_equal(idcard_errcode(codes[i]), idcard_errcode(codes[j]));
        }
    }
    assert_string_equal(idcard_errcode(IDCARD_E_CHECK), "bad_check_digit");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_standard_example),
        cmocka_unit_test(test_reference_agrees),
        cmocka_unit_test(test_birth_1880_rejected),
        cmocka_unit_test(test_sex_from_17th_digit),
        cmocka_unit_test(test_every_single_mutation_rejected),
        cmocka_unit_test(test_mutation_reports_check),
        cmocka_unit_test(test_adjacent_transpositions_rejected),
        cmocka_unit_test(test_lower_case_x),
        cmocka_unit_test(test_full_width_and_white_space),
        cmocka_unit_test(test_not_nul_terminated),
        cmocka_unit_test(test_error_empty),
        cmocka_unit_test(test_error_length),
        cmocka_unit_test(test_error_char),
        cmocka_unit_test(test_error_province),
        cmocka_unit_test(test_error_birth),
        cmocka_unit_test(test_max_day),
        cmocka_unit_test(test_error_check_names_expected),
        cmocka_unit_test(test_make_check_rejects_non_digits),
        cmocka_unit_test(test_messages),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
