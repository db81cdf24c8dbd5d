/*
 * Unit tests for util/utf8.c: what is a character (strictly, as jansson
 * reads them), and repairing text cut at a byte count.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "util/utf8.h"

static void characters_strictly(void **state)
{
    (void)state;
    assert_int_equal(utf8_char_len("a", 1), 1);
    assert_int_equal(utf8_char_len("张", 3), 3);
    assert_int_equal(utf8_char_len("张", 2), 0);               /* cut */
    assert_int_equal(utf8_char_len("\xF0\x9F\x98\x80", 4), 4); /* U+1F600 */
    assert_int_equal(utf8_char_len("\xC0\xAF", 2), 0);         /* overlong */
    assert_int_equal(utf8_char_len("\xE0\x80\xAF", 3), 0);     /* overlong */
    assert_int_equal(utf8_char_len("\xED\xA0\x80", 3), 0);     /* a surrogate */
    assert_int_equal(utf8_char_len("\xF4\x90\x80\x80", 4), 0); /* above U+10FFFF */
    assert_int_equal(utf8_char_len("\xFF", 1), 0);
    assert_true(utf8_valid("岐山村 1号", strlen("岐山村 1号")));
    assert_false(utf8_valid("ab\xFF", 3));
}

static void a_cut_character_goes_whole(void **state)
{
    char s[64], cut[8];
    (void)state;

    /* "%.3s" of "a张三" keeps a and two bytes of 张. */
    snprintf(cut, sizeof cut, "%.3s", "a张三");
    snprintf(s, sizeof s, "%s: not a colour", cut);
    assert_false(utf8_valid(s, strlen(s)));
    assert_int_equal(utf8_repair(s), strlen("a: not a colour"));
    assert_string_equal(s, "a: not a colour");
    strcpy(s, "\xFF张\x80三\xE5");
    utf8_repair(s);
    assert_string_equal(s, "张三");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(characters_strictly),
        cmocka_unit_test(a_cut_character_goes_whole),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
