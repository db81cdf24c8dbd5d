/*
 * Drawing the post's poster (see poster.h). Sizes are in PDF points (an A4
 * page is 595 x 842); the PNG is the same drawing scaled to 150 dpi. The QR
 * code uses error correction level M and is drawn as one filled path of
 * squares with the quiet zone the standard asks for (four modules).
 */
#include "render/poster.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PAGE_W    595.0
#define PAGE_H    842.0
#define PNG_SCALE (150.0 / 72.0)
#define FONT      "WenQuanYi Zen Hei"

struct sink {
    unsigned char *buf;
    size_t len, cap;
    int failed;
};

static cairo_status_t sink_write(void *closure, const unsigned char *data, unsigned int length)
{
    struct sink *s = closure;

    if (s->len + length > s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 65536;
        unsigned char *nb;
        while (cap < s->len + length)
            cap *= 2;
        if (!(nb = realloc(s->buf, cap))) {
            s->failed = 1;
            return CAIRO_STATUS_WRITE_ERROR;
        }
        s->buf = nb;
        s->cap = cap;
    }
    memcpy(s->buf + s->len, data, length);
    s->len += length;
    return CAIRO_STATUS_SUCCESS;
}

static void centred(cairo_t *cr, const char *text, double y, double size)
{
    cairo_text_extents_t ext;

    cairo_set_font_size(cr, size);
    cairo_text_extents(cr, text, &ext);
    cairo_move_to(cr, (PAGE_W - ext.x_advance) / 2, y);
    cairo_show_text(cr, text);
}

static void draw(cairo_t *cr, const struct poster *p, const QRcode *qr)
{
    double side = 380.0, module = side / (qr->width + 8), x0 = (PAGE_W - side) / 2, y0 = 250.0;

    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0.75, 0.1, 0.1);
    cairo_rectangle(cr, 0, 0, PAGE_W, 18);
    cairo_fill(cr);
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_BOLD);
    centred(cr, p->heading ? p->heading : "入沪人员健康申报", 90, 40);
    centred(cr, p->title, 150, 30);
    cairo_select_font_face(cr, FONT, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    if (p->subtitle && *p->subtitle)
        centred(cr, p->subtitle, 190, 16);
    centred(cr, p->heading_en ? p->heading_en : "Health declaration for arriving travellers", 220,
            16);
    for (int y = 0; y < qr->width; y++)
        for (int x = 0; x < qr->width; x++)
            if (qr->data[y * qr->width + x] & 1)
                cairo_rectangle(cr, x0 + (x + 4) * module, y0 + (y + 4) * module, module + 0.05,
                                module + 0.05);
    cairo_fill(cr);
    centred(cr, p->note ? p->note : "请用手机扫码填写，到达检测点时出示证件并测量体温", 680, 15);
    centred(cr,
            p->note_en ? p->note_en
                       : "Scan with your phone, fill in the form, then show your ID at the post",
            705, 12);
    cairo_set_font_size(cr, 10);
    centred(cr, p->url, 760, 10);
}

int poster_render(const struct poster *p, enum poster_format format, unsigned char **out,
                  size_t *out_len, char err[POSTER_ERR_LEN])
{
    struct sink s = {NULL, 0, 0, 0};
    cairo_surface_t *surf;
    cairo_status_t st;
    cairo_t *cr;
    QRcode *qr;

    *out = NULL;
    *out_len = 0;
    if (!(qr = QRcode_encodeString(p->url, 0, QR_ECLEVEL_M, QR_MODE_8, 1))) {
        snprintf(err, POSTER_ERR_LEN, "cannot encode %.64s as a QR code", p->url);
        return -1;
    }
    if (format == POSTER_PDF) {
        surf = cairo_pdf_surface_create_for_stream(sink_write, &s, PAGE_W, PAGE_H);
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, p->title);
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "cordon");
    } else {
        surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)(PAGE_W * PNG_SCALE),
                                          (int)(PAGE_H * PNG_SCALE));
    }
    cr = cairo_create(surf);
    if (format == POSTER_PNG)
        cairo_scale(cr, PNG_SCALE, PNG_SCALE);
    draw(cr, p, qr);
    if (format == POSTER_PDF)
        cairo_show_page(cr);
    st = cairo_status(cr);
    cairo_destroy(cr);
    if (st == CAIRO_STATUS_SUCCESS && format == POSTER_PNG)
        st = cairo_surface_write_to_png_stream(surf, sink_write, &s);
    cairo_surface_finish(surf);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(surf);
    cairo_surface_destroy(surf);
    QRcode_free(qr);
    if (st != CAIRO_STATUS_SUCCESS || s.failed) {
        snprintf(err, POSTER_ERR_LEN, "cannot draw the poster: %s",
                 s.failed ? "out of memory" : cairo_status_to_string(st));
        free(s.buf);
        return -1;
    }
    *out = s.buf;
    *out_len = s.len;
    return 0;
}
