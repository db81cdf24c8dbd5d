/*
 * Tests of render/poster.c: a post's poster comes out as a one-page PDF or
 * a PNG of an A4 sheet at 150 dpi, and a URL too long for any QR code is
 * refused with a message rather than drawn wrong.
 */
#include "render/poster.h"

#include <cairo.h>
#include <dlfcn.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

static const struct poster sample = {.title = "上海站 西南出口",
                                     .subtitle = "火车站",
                                     .url = "http://10.0.0.5:8080/declare.html?post=2"};

static void pdf_and_png(void **state)
{
    unsigned char *buf = NULL;
    size_t len = 0;
    char err[POSTER_ERR_LEN];

    (void)state;
    assert_int_equal(poster_render(&sample, POSTER_PDF, &buf, &len, err), 0);
    assert_true(len > 1000);
    assert_memory_equal(buf, "%PDF", 4);
    free(buf);
    assert_int_equal(poster_render(&sample, POSTER_PNG, &buf, &len, err), 0);
    assert_memory_equal(buf, "\x89PNG", 4);
    /* IHDR: width and height, big-endian, at bytes 16..23: A4 at 150 dpi. */
    assert_int_equal((buf[16] << 24) | (buf[17] << 16) | (buf[18] << 8) | buf[19], 1239);
    assert_int_equal((buf[20] << 24) | (buf[21] << 16) | (buf[22] << 8) | buf[23], 1754);
    free(buf);
}

static void url_too_long_for_a_qr_code(void **state)
{
    struct poster p = sample;
    char *url = malloc(5000);
    unsigned char *buf = (unsigned char *)"x";
    size_t len = 1;
    char err[POSTER_ERR_LEN];

    (void)state;
    memset(url, 'a', 4999);
    url[4999] = '\0';
    p.url = url;
    assert_int_equal(poster_render(&p, POSTER_PDF, &buf, &len, err), -1);
    assert_null(buf);
    assert_int_equal(len, 0);
    assert_non_null(strstr(err, "QR code"));
    free(url);
}

/* Let go of cairo's and fontconfig's caches, so that a leak checker sees
 * only ours (as test_wallchart does). */
static int teardown(void **state)
{
    void (*fc_fini)(void);

    (void)state;
    cairo_debug_reset_static_data();
    fc_fini = (void (*)(void))dlsym(RTLD_DEFAULT, "FcFini");
    if (fc_fini)
        fc_fini();
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(pdf_and_png),
        cmocka_unit_test(url_too_long_for_a_qr_code),
    };
    return cmocka_run_group_tests(tests, NULL, teardown);
}
