/*
 * The self-declaration poster of a checkpoint post: an A4 sheet with the
 * post's name, a line of instructions in Chinese and English, and a large
 * QR code (libqrencode) of the URL of the phone form, drawn with cairo as a
 * PDF page or a PNG image. Pure rendering: the caller says what to print.
 */
#ifndef CORDON_RENDER_POSTER_H
#define CORDON_RENDER_POSTER_H

#include <stddef.h>

#define POSTER_ERR_LEN 256

enum poster_format { POSTER_PDF = 1, POSTER_PNG = 2 };

struct poster {
    const char *title;    /* 上海站 西南出口 */
    const char *subtitle; /* 火车站 · 静安区 */
    const char *url;      /* what the QR code opens */
    /* Optional (NULL: the self-declaration poster's): the heading in
     * Chinese and English, and the instruction under the QR code in both. */
    const char *heading, *heading_en, *note, *note_en;
};

/*
 * Renders the poster into a new buffer (*out, *out_len; the caller frees
 * it with free()). Returns 0, or -1 with one line in err (the URL too long
 * for a QR code, a cairo failure, out of memory).
 */
int poster_render(const struct poster *p, enum poster_format format, unsigned char **out,
                  size_t *out_len, char err[POSTER_ERR_LEN]);

#endif
