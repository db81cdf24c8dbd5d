/*
 * Painting the wall chart's sheets with cairo (see wallchart.h): one page
 * of a PDF per sheet, or one PNG or SVG per sheet, to files or to memory.
 * The chart is meant to be read on a wall from a metre away, so colour
 * carries the message, cells are large, and every sheet says by itself
 * what it is, when it was printed and where it goes among the others.
 * Private to render/: only wallchart.h is public.
 */
#include "render/wallchart.h"

#include "core/date.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* ------------------------------------------------------------------------
 * The font. cairo's "toy" text API asks fontconfig for a family and draws
 * every glyph from that one face, with no fallback: a face without Chinese
 * glyphs prints boxes. So the families are tried in order and the first
 * whose glyphs for a sample of Chinese text are all present is used.
 */
static const char *const font_families[] = {
    "WenQuanYi Zen Hei", /* fonts-wqy-zenhei: Latin and Chinese in one face */
    "Noto Sans CJK SC",    "Source Han Sans SC", "WenQuanYi Micro Hei",
    "Droid Sans Fallback", "AR PL UMing CN",     NULL,
};
static const char font_sample[] = "岐山居委会六色图第张共层户人楼单元续空";

static pthread_once_t font_once = PTHREAD_ONCE_INIT;
static const char *font_family; /* NULL: none found */

static int face_has_sample(cairo_t *cr, const char *family)
{
    cairo_glyph_t *glyphs = NULL;
    int n = 0, ok = 1;

    cairo_select_font_face(cr, family, CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
    if (cairo_scaled_font_text_to_glyphs(cairo_get_scaled_font(cr), 0, 0, font_sample, -1, &glyphs,
                                         &n, NULL, NULL, NULL) != CAIRO_STATUS_SUCCESS)
        return 0;
    for (int i = 0; i < n; i++)
        if (glyphs[i].index == 0)
            ok = 0;
    cairo_glyph_free(glyphs);
    return ok && n > 0;
}

static void find_font(void)
{
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_A8, 8, 8);
    cairo_t *cr = cairo_create(s);

    for (int i = 0; font_families[i]; i++) {
        if (face_has_sample(cr, font_families[i])) {
            font_family = font_families[i];
            break;
        }
    }
    cairo_destroy(cr);
    cairo_surface_destroy(s);
}

/* ------------------------------------------------------------------------
 * Small drawing helpers.
 */
struct rgb {
    double r, g, b;
};

static struct rgb rgb_of(uint32_t v)
{
    struct rgb c = {((v >> 16) & 0xff) / 255.0, ((v >> 8) & 0xff) / 255.0, (v & 0xff) / 255.0};
    return c;
}

static void set_rgb(cairo_t *cr, uint32_t v)
{
    struct rgb c = rgb_of(v);
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

static double lin(double c)
{
    return c <= 0.03928 ? c / 12.92 : pow((c + 0.055) / 1.055, 2.4);
}

/* Text colour for a fill: near-black or white, whichever contrasts more
 * (WCAG relative luminance). */
static uint32_t ink_on(uint32_t fill)
{
    struct rgb c = rgb_of(fill);
    double l = 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
    return (l + 0.05) / 0.05 > 1.05 / (l + 0.05) ? 0x1a1a1a : 0xffffff;
}

#define INK       0x212121
#define INK_SOFT  0x555555
#define INK_FAINT 0x8a8a8a
#define RULE      0x9e9e9e
#define BAR       0x37474f
#define ZEBRA     0xf1f3f4

static void font(cairo_t *cr, double size, int bold)
{
    cairo_select_font_face(cr, font_family, CAIRO_FONT_SLANT_NORMAL,
                           bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
    cairo_set_font_size(cr, size);
}

static double text_width(cairo_t *cr, const char *s)
{
    cairo_text_extents_t e;
    cairo_text_extents(cr, s, &e);
    return e.x_advance;
}

enum align { LEFT, CENTRE, RIGHT };

/* Draws s with its baseline at y, aligned at x; returns its width. */
static double text_at(cairo_t *cr, const char *s, double x, double y, enum align a)
{
    double w = text_width(cr, s);

    cairo_move_to(cr, a == LEFT ? x : a == CENTRE ? x - w / 2 : x - w, y);
    cairo_show_text(cr, s);
    return w;
}

/* Draws s in at most max_w: at `size`, smaller down to min_size if needed,
 * and cut with an ellipsis if even that is too wide. */
static void text_fit(cairo_t *cr, const char *s, double x, double y, enum align a, double max_w,
                     double size, double min_size, int bold)
{
    char buf[WALLCHART_PLACE_MAX + 8];
    double w;
    size_t n;

    font(cr, size, bold);
    w = text_width(cr, s);
    if (w > max_w && max_w > 0) {
        /* Widths are not quite proportional to the size once hinted (PNG),
         * so step down from the proportional guess until it fits. */
        double fit = size * max_w / w;
        for (;;) {
            font(cr, fit < min_size ? min_size : fit, bold);
            if (fit <= min_size || text_width(cr, s) <= max_w)
                break;
            fit -= 0.25;
        }
    }
    if (text_width(cr, s) <= max_w) {
        text_at(cr, s, x, y, a);
        return;
    }
    snprintf(buf, sizeof buf - 4, "%s", s);
    n = strlen(buf);
    while (n > 0) {
        do
            n--;
        while (n > 0 && ((unsigned char)buf[n] & 0xC0) == 0x80);
        memcpy(buf + n, "…", sizeof "…");
        if (text_width(cr, buf) <= max_w)
            break;
    }
    text_at(cr, buf, x, y, a);
}

static void rounded(cairo_t *cr, double x, double y, double w, double h, double r)
{
    cairo_new_sub_path(cr);
    cairo_arc(cr, x + w - r, y + r, r, -M_PI / 2, 0);
    cairo_arc(cr, x + w - r, y + h - r, r, 0, M_PI / 2);
    cairo_arc(cr, x + r, y + h - r, r, M_PI / 2, M_PI);
    cairo_arc(cr, x + r, y + r, r, M_PI, 3 * M_PI / 2);
    cairo_close_path(cr);
}

/* A small solid triangle pointing left (dir -1) or right (dir 1). */
static void triangle(cairo_t *cr, double x, double cy, double size, int dir)
{
    cairo_move_to(cr, x, cy - size / 2);
    cairo_line_to(cr, x + dir * size * 0.8, cy);
    cairo_line_to(cr, x, cy + size / 2);
    cairo_close_path(cr);
    cairo_fill(cr);
}

/* ------------------------------------------------------------------------
 * One sheet.
 */
struct painter {
    const struct wallchart *w;
    const struct wallchart_layout *l;
    struct wallchart_totals t;
    char date[DATE_STR_LEN];
    int book_first; /* in a committee's book: sheets before this chart's */
    int book_total; /* all the book's sheets; 0: a chart printed alone */
};

/* What each colour means, printed under its name in the legend (the
 * built-in meanings of the city's rules). */
static const char *const colour_meaning[COLOUR_COUNT] = {
    [COLOUR_RED] = "发热/疑似/确诊",   [COLOUR_ORANGE] = "隔离观察中",
    [COLOUR_YELLOW] = "境外返沪<14天", [COLOUR_GREEN] = "在沪或返沪满14天",
    [COLOUR_BLUE] = "外省返沪<14天",   [COLOUR_PURPLE] = "外出未返",
};

static void paint_cell(cairo_t *cr, const struct wallchart_geometry *g,
                       const struct wallchart_room *r, double x, double y)
{
    int empty = r->colour < 0 || r->colour >= COLOUR_COUNT;
    uint32_t fill = empty ? 0xffffff : colour_rgb((enum colour)r->colour);
    uint32_t ink = empty ? INK_FAINT : ink_on(fill);
    char label[WALLCHART_UNIT_MAX + WALLCHART_ROOM_MAX + 2], line[32];
    long long total = 0;
    int kinds = 0;

    rounded(cr, x, y, g->cell_w, g->cell_h, 2.5);
    set_rgb(cr, fill);
    if (empty) {
        static const double dash[] = {2, 1.5};
        cairo_fill_preserve(cr);
        set_rgb(cr, RULE);
        cairo_set_line_width(cr, 0.8);
        cairo_set_dash(cr, dash, 2, 0);
        cairo_stroke(cr);
        cairo_set_dash(cr, NULL, 0, 0);
    } else {
        cairo_fill(cr);
    }

    if (r->unit[0])
        snprintf(label, sizeof label, "%s-%s", r->unit, r->room);
    else
        snprintf(label, sizeof label, "%s", r->room);
    set_rgb(cr, ink);
    text_fit(cr, label, x + g->cell_w / 2, y + g->cell_h * 0.45, CENTRE, g->cell_w - 5, 11, 6, 1);

    for (int c = 0; c < COLOUR_COUNT; c++) {
        kinds += r->counts[c] > 0;
        total += r->counts[c];
    }
    double base = y + g->cell_h - 5;
    if (empty) {
        font(cr, 7.5, 0);
        text_at(cr, "空", x + g->cell_w / 2, base, CENTRE);
        return;
    }
    if (kinds <= 1) {
        snprintf(line, sizeof line, "%lld人", total);
        font(cr, 8, 0);
        text_at(cr, line, x + g->cell_w / 2, base, CENTRE);
        return;
    }
    /* A mixed household: a square of each colour with its count. */
    double sq = 6.5, pad = 1.5, space = 3, width = 0;
    font(cr, 7.5, 1);
    for (int c = 0; c < COLOUR_COUNT; c++) {
        if (!r->counts[c])
            continue;
        snprintf(line, sizeof line, "%d", r->counts[c]);
        width += (width > 0 ? space : 0) + sq + pad + text_width(cr, line);
    }
    double scale = width > g->cell_w - 8 ? (g->cell_w - 8) / width : 1;
    double cx = x + (g->cell_w - width * scale) / 2;
    rounded(cr, cx - 2, base - sq * scale - 1.5, width * scale + 4, sq * scale + 3.5, 1.5);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_fill(cr);
    ink = INK;
    cairo_save(cr);
    cairo_translate(cr, cx, base);
    cairo_scale(cr, scale, scale);
    double at = 0;
    for (int c = 0; c < COLOUR_COUNT; c++) {
        if (!r->counts[c])
            continue;
        snprintf(line, sizeof line, "%d", r->counts[c]);
        cairo_rectangle(cr, at, -sq + 0.5, sq, sq);
        set_rgb(cr, colour_rgb((enum colour)c));
        cairo_fill_preserve(cr);
        set_rgb(cr, colour_rgb((enum colour)c) == fill ? INK : 0xffffff);
        cairo_set_line_width(cr, 0.6);
        cairo_stroke(cr);
        set_rgb(cr, ink);
        at += sq + pad;
        at += text_at(cr, line, at, 0, LEFT) + space;
    }
    cairo_restore(cr);
}

/* The sheet grid in small at (x, y), at most max_w x max_h, with this
 * sheet filled; returns the width used. */
static double paint_minimap(cairo_t *cr, const struct wallchart_layout *l, int number,
                            double x_right, double y, double max_w, double max_h)
{
    double gap = 1.5;
    double cw = (max_w - gap * (l->grid_cols - 1)) / l->grid_cols;
    double chh = (max_h - gap * (l->grid_rows - 1)) / l->grid_rows;
    double x0;
    char n[16];

    if (chh < cw * 1.414)
        cw = chh / 1.414;
    if (cw > 13)
        cw = 13;
    chh = cw * 1.414;
    x0 = x_right - (cw * l->grid_cols + gap * (l->grid_cols - 1));
    for (int r = 0; r < l->grid_rows; r++) {
        for (int c = 0; c < l->grid_cols; c++) {
            int s = l->slot[r * l->grid_cols + c];
            double cx = x0 + c * (cw + gap), cy = y + r * (chh + gap);
            cairo_rectangle(cr, cx + 0.25, cy + 0.25, cw - 0.5, chh - 0.5);
            cairo_set_line_width(cr, 0.5);
            if (s == number) {
                set_rgb(cr, BAR);
                cairo_fill(cr);
            } else if (s) {
                set_rgb(cr, INK_FAINT);
                cairo_stroke(cr);
            } else {
                static const double dot[] = {0.6, 1.2};
                set_rgb(cr, 0xcccccc);
                cairo_set_dash(cr, dot, 2, 0);
                cairo_stroke(cr);
                cairo_set_dash(cr, NULL, 0, 0);
            }
            if (s && cw >= 8) {
                snprintf(n, sizeof n, "%d", s);
                set_rgb(cr, s == number ? 0xffffff : INK_SOFT);
                text_fit(cr, n, cx + cw / 2, cy + chh / 2 + 2.3, CENTRE, cw - 1, 6.5, 3,
                         s == number);
            }
        }
    }
    return x_right - x0;
}

static void paint_header(cairo_t *cr, const struct painter *p, const struct wallchart_sheet *sh)
{
    const struct wallchart_geometry *g = &p->l->g;
    double x = g->margin, y = g->margin, right = g->page_w - g->margin, tw, mw;
    char buf[WALLCHART_PLACE_MAX + 64];

    /* Right: the small map of sheets, and "sheet N of M" beside it. */
    mw = paint_minimap(cr, p->l, sh->number, right, y + 1, 120, g->header_h - 16);
    double tx = right - mw - 10;
    set_rgb(cr, INK);
    int number = p->book_total ? p->book_first + sh->number : sh->number;
    int total = p->book_total ? p->book_total : p->l->nsheets;
    snprintf(buf, sizeof buf, "第 %d 张 / 共 %d 张", number, total);
    font(cr, 15, 1);
    tw = text_at(cr, buf, tx, y + 15, RIGHT);
    set_rgb(cr, INK_SOFT);
    font(cr, 8.5, 0);
    snprintf(buf, sizeof buf, "sheet %d of %d", number, total);
    text_at(cr, buf, tx, y + 28, RIGHT);
    if (p->book_total)
        snprintf(buf, sizeof buf, "本小区第 %d/%d 张 · 第 %d 行 第 %d 列", sh->number,
                 p->l->nsheets, sh->row, sh->col);
    else
        snprintf(buf, sizeof buf, "第 %d 行 第 %d 列 · row %d, column %d", sh->row, sh->col,
                 sh->row, sh->col);
    text_at(cr, buf, tx, y + 40, RIGHT);
    double title_w = tx - x - (tw > 130 ? tw : 130) - 12;

    /* Left: what and where, and when. */
    set_rgb(cr, INK);
    snprintf(buf, sizeof buf, "%s  六色图", p->w->compound);
    text_fit(cr, buf, x, y + 17, LEFT, title_w, 19, 10, 1);
    set_rgb(cr, INK_SOFT);
    snprintf(buf, sizeof buf, "%s · %s", p->w->place, p->date);
    text_fit(cr, buf, x, y + 32, LEFT, title_w, 9.5, 6, 0);
    snprintf(buf, sizeof buf,
             "%lld 户 %lld 人 · six-colour wall chart, %lld households, %lld residents",
             (long long)p->t.all_households, (long long)p->t.all_residents,
             (long long)p->t.all_households, (long long)p->t.all_residents);
    text_fit(cr, buf, x, y + 44, LEFT, title_w, 8, 5, 0);

    set_rgb(cr, RULE);
    cairo_set_line_width(cr, 0.8);
    cairo_move_to(cr, g->margin, g->margin + g->header_h - 6);
    cairo_line_to(cr, right, g->margin + g->header_h - 6);
    cairo_stroke(cr);
}

static void paint_heads(cairo_t *cr, const struct painter *p, const struct wallchart_strip *st)
{
    const struct wallchart_layout *l = p->l;
    const struct wallchart_geometry *g = &l->g;
    double bar_y = st->y + 1, bar_h = 16, cells_y = st->y + g->heads_h;
    char buf[WALLCHART_NAME_MAX + 16];

    for (int i = 0; i < st->nheads; i++) {
        const struct wallchart_head *h = &l->heads[st->first_head + i];
        if (h->unit) {
            /* "1" and "A" read as 1单元 and A单元; a unit written out in
             * words (东单元, 2号门) is shown as it is. */
            const char *u = h->unit;
            int bare = u[0] != '\0' && strlen(u) <= 3;
            for (const char *q = u; *q; q++)
                if (!((*q >= '0' && *q <= '9') || (*q >= 'A' && *q <= 'Z') ||
                      (*q >= 'a' && *q <= 'z')))
                    bare = 0;
            snprintf(buf, sizeof buf, bare ? "%s单元" : "%s", u[0] ? u : "—");
            set_rgb(cr, INK_SOFT);
            text_fit(cr, buf, h->x + h->w / 2, cells_y - 5, CENTRE, h->w, 8, 5, 0);
            set_rgb(cr, RULE);
            cairo_set_line_width(cr, 0.6);
            cairo_move_to(cr, h->x + 1, cells_y - 13.5);
            cairo_line_to(cr, h->x + h->w - 1, cells_y - 13.5);
            cairo_stroke(cr);
            continue;
        }
        rounded(cr, h->x, bar_y, h->w, bar_h, 2);
        set_rgb(cr, BAR);
        cairo_fill(cr);
        cairo_set_source_rgb(cr, 1, 1, 1);
        if (h->continued)
            triangle(cr, h->x + 5, bar_y + bar_h / 2, 7, -1);
        if (h->continues)
            triangle(cr, h->x + h->w - 5, bar_y + bar_h / 2, 7, 1);
        snprintf(buf, sizeof buf, h->continued ? "%s（续）" : "%s",
                 p->w->buildings[h->building].name);
        text_fit(cr, buf, h->x + h->w / 2, bar_y + 12, CENTRE, h->w - 16, 11, 6, 1);
    }
}

static void paint_rows(cairo_t *cr, const struct painter *p, const struct wallchart_strip *st)
{
    const struct wallchart_layout *l = p->l;
    const struct wallchart_geometry *g = &l->g;
    double pitch = g->cell_h + g->gap, cells_y = st->y + g->heads_h;
    char buf[32];

    /* Floor header, then a faint band on every other floor so a floor can
     * be followed across a wide strip. */
    set_rgb(cr, INK_FAINT);
    font(cr, 7.5, 0);
    text_at(cr, "楼层", l->grid_x - 5, cells_y - 14, RIGHT);
    text_at(cr, "floor", l->grid_x - 5, cells_y - 5, RIGHT);
    for (int i = 0; i < st->nrows; i++) {
        const struct wallchart_row *row = &l->rows[st->first_row + i];
        double y = cells_y + i * pitch;
        if (i % 2 == 1) {
            cairo_rectangle(cr, g->margin, y - g->gap / 2, st->x_end + 4 - g->margin, pitch);
            set_rgb(cr, ZEBRA);
            cairo_fill(cr);
        }
        if (row->floor) {
            snprintf(buf, sizeof buf, "%d", row->floor);
            set_rgb(cr, INK);
            text_fit(cr, buf, l->grid_x - 7, y + g->cell_h / 2 + 2, RIGHT, g->label_w - 8, 12, 6,
                     1);
            set_rgb(cr, INK_FAINT);
            font(cr, 6.5, 0);
            text_at(cr, "层", l->grid_x - 7, y + g->cell_h / 2 + 10, RIGHT);
        } else {
            set_rgb(cr, INK_SOFT);
            text_fit(cr, "无楼层", l->grid_x - 5, y + g->cell_h / 2 - 1, RIGHT, g->label_w - 6, 7,
                     4, 0);
            set_rgb(cr, INK_FAINT);
            text_fit(cr, "no floor", l->grid_x - 5, y + g->cell_h / 2 + 7, RIGHT, g->label_w - 6, 6,
                     3, 0);
        }
    }
}

static void paint_footer(cairo_t *cr, const struct painter *p)
{
    const struct wallchart_geometry *g = &p->l->g;
    double top = g->page_h - g->margin - g->footer_h, x = g->margin;
    double width = g->page_w - 2 * g->margin;
    int entries = COLOUR_COUNT + (p->t.empty > 0);
    double ew = width / entries;
    char buf[2 * COLOUR_LABEL_LEN + 32];

    set_rgb(cr, RULE);
    cairo_set_line_width(cr, 0.8);
    cairo_move_to(cr, g->margin, top + 4);
    cairo_line_to(cr, g->page_w - g->margin, top + 4);
    cairo_stroke(cr);

    for (int i = 0; i < entries; i++) {
        double ex = x + i * ew, ey = top + 12;
        if (i < COLOUR_COUNT) {
            enum colour c = (enum colour)i;
            rounded(cr, ex, ey, 18, 18, 2.5);
            set_rgb(cr, colour_rgb(c));
            cairo_fill(cr);
            set_rgb(cr, INK);
            snprintf(buf, sizeof buf, "%s %s", p->w->labels[c].zh, p->w->labels[c].en);
            text_fit(cr, buf, ex + 22, ey + 8, LEFT, ew - 24, 9.5, 6, 1);
            set_rgb(cr, INK_SOFT);
            snprintf(buf, sizeof buf, "%lld户 %lld人", (long long)p->t.households[c],
                     (long long)p->t.residents[c]);
            text_fit(cr, buf, ex + 22, ey + 18, LEFT, ew - 24, 8, 5, 0);
            text_fit(cr, colour_meaning[c], ex, ey + 28, LEFT, ew - 4, 7, 4, 0);
        } else {
            static const double dash[] = {2, 1.5};
            rounded(cr, ex + 0.4, ey + 0.4, 17.2, 17.2, 2.5);
            set_rgb(cr, RULE);
            cairo_set_line_width(cr, 0.8);
            cairo_set_dash(cr, dash, 2, 0);
            cairo_stroke(cr);
            cairo_set_dash(cr, NULL, 0, 0);
            set_rgb(cr, INK);
            text_fit(cr, "空 Empty", ex + 22, ey + 8, LEFT, ew - 24, 9.5, 6, 1);
            set_rgb(cr, INK_SOFT);
            snprintf(buf, sizeof buf, "%lld户", (long long)p->t.empty);
            text_fit(cr, buf, ex + 22, ey + 18, LEFT, ew - 24, 8, 5, 0);
        }
    }
    set_rgb(cr, INK_SOFT);
    text_fit(cr,
             "每格：单元-室号与人数；混合户以小方块标出各色人数。一户取户内最紧急的颜色：红 > 橙 > "
             "黄 > 蓝 > 紫 > 绿。按行、列号拼贴各张。",
             x, top + 50, LEFT, width, 7, 4, 0);
    text_fit(cr,
             "Each room: unit-room and residents; a mixed household shows a square per colour. "
             "A room takes its most urgent colour: red > orange > yellow > blue > purple > green. "
             "Tape the sheets by row and column.",
             x, top + 59, LEFT, width, 6.5, 4, 0);
}

static void paint_sheet(cairo_t *cr, const struct painter *p, const struct wallchart_sheet *sh)
{
    const struct wallchart_layout *l = p->l;

    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    paint_header(cr, p, sh);
    for (int i = 0; i < sh->nstrips; i++) {
        paint_rows(cr, p, &l->strips[sh->first_strip + i]);
        paint_heads(cr, p, &l->strips[sh->first_strip + i]);
    }
    for (int i = 0; i < sh->ncells; i++) {
        const struct wallchart_cell *c = &l->cells[sh->first_cell + i];
        paint_cell(cr, &l->g, &p->w->buildings[c->building].rooms[c->room], c->x, c->y);
    }
    paint_footer(cr, p);
}

/* ------------------------------------------------------------------------
 * Output streams: a file, or a bounded buffer in memory.
 */
struct sink {
    FILE *f;            /* a file, or */
    unsigned char *buf; /* memory */
    size_t len, cap;
    int toobig, failed;
};

static cairo_status_t sink_write(void *arg, const unsigned char *data, unsigned int n)
{
    struct sink *s = arg;

    if (s->f) {
        if (fwrite(data, 1, n, s->f) != n) {
            s->failed = 1;
            return CAIRO_STATUS_WRITE_ERROR;
        }
        return CAIRO_STATUS_SUCCESS;
    }
    if (s->len + n > WALLCHART_MEM_MAX) {
        s->toobig = 1;
        return CAIRO_STATUS_WRITE_ERROR;
    }
    if (s->len + n > s->cap) {
        size_t cap = s->cap ? s->cap : 65536;
        while (cap < s->len + n)
            cap *= 2;
        unsigned char *b = realloc(s->buf, cap);
        if (!b) {
            s->failed = 1;
            return CAIRO_STATUS_NO_MEMORY;
        }
        s->buf = b;
        s->cap = cap;
    }
    memcpy(s->buf + s->len, data, n);
    s->len += n;
    return CAIRO_STATUS_SUCCESS;
}

static int cairo_fail(cairo_status_t st, const struct sink *s, char err[WALLCHART_ERR_LEN])
{
    if (s->toobig) {
        snprintf(err, WALLCHART_ERR_LEN, "the chart is larger than %u MB", WALLCHART_MEM_MAX >> 20);
        return WALLCHART_E_TOOBIG;
    }
    if (st == CAIRO_STATUS_WRITE_ERROR || s->failed) {
        snprintf(err, WALLCHART_ERR_LEN, "%s",
                 s->f ? strerror(errno ? errno : EIO) : "out of memory");
        return s->f ? WALLCHART_E_WRITE : WALLCHART_E_NOMEM;
    }
    if (st == CAIRO_STATUS_NO_MEMORY) {
        snprintf(err, WALLCHART_ERR_LEN, "out of memory");
        return WALLCHART_E_NOMEM;
    }
    snprintf(err, WALLCHART_ERR_LEN, "cairo: %s", cairo_status_to_string(st));
    return WALLCHART_E_CAIRO;
}

/* Paints sheet `only` (0: all) of charts p[0..n) in `format` into sink s
 * (several charts: one PDF, their sheets one after the other). */
static int paint_many(const struct painter *p, int n, enum wallchart_format format, int dpi,
                      int only, struct sink *s, char err[WALLCHART_ERR_LEN])
{
    const struct wallchart_geometry *g = &p->l->g;
    cairo_surface_t *surf;
    cairo_status_t st;
    cairo_t *cr;

    errno = 0;
    if (format == WALLCHART_PDF) {
        char title[WALLCHART_NAME_MAX + 64];
        surf = cairo_pdf_surface_create_for_stream(sink_write, s, g->page_w, g->page_h);
        snprintf(title, sizeof title, "%s 六色图 %s", n > 1 ? p->w->place : p->w->compound,
                 p->date);
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_TITLE, title);
        cairo_pdf_surface_set_metadata(surf, CAIRO_PDF_METADATA_CREATOR, "cordon");
    } else if (format == WALLCHART_SVG) {
        surf = cairo_svg_surface_create_for_stream(sink_write, s, g->page_w, g->page_h);
        cairo_svg_surface_set_document_unit(surf, CAIRO_SVG_UNIT_PT);
    } else {
        int wpx = (int)lround(g->page_w * dpi / 72.0), hpx = (int)lround(g->page_h * dpi / 72.0);
        surf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, wpx, hpx);
    }
    cr = cairo_create(surf);
    if (format == WALLCHART_PNG)
        cairo_scale(cr, dpi / 72.0, dpi / 72.0);
    for (int k = 0; k < n; k++) {
        for (int i = 0; i < p[k].l->nsheets; i++) {
            if (only && i + 1 != only)
                continue;
            paint_sheet(cr, &p[k], &p[k].l->sheets[i]);
            if (format == WALLCHART_PDF)
                cairo_show_page(cr);
        }
    }
    st = cairo_status(cr);
    cairo_destroy(cr);
    if (st == CAIRO_STATUS_SUCCESS && format == WALLCHART_PNG)
        st = cairo_surface_write_to_png_stream(surf, sink_write, s);
    cairo_surface_finish(surf);
    if (st == CAIRO_STATUS_SUCCESS)
        st = cairo_surface_status(surf);
    cairo_surface_destroy(surf);
    if (st != CAIRO_STATUS_SUCCESS || s->failed || s->toobig)
        return cairo_fail(st, s, err);
    return 0;
}

/* ------------------------------------------------------------------------
 * Public.
 */
int wallchart_format_parse(const char *s, enum wallchart_format *out)
{
    static const struct {
        const char *name;
        enum wallchart_format f;
    } formats[] = {{"pdf", WALLCHART_PDF}, {"png", WALLCHART_PNG}, {"svg", WALLCHART_SVG}};

    for (size_t i = 0; s && i < sizeof formats / sizeof formats[0]; i++) {
        if (strcasecmp(s, formats[i].name) == 0) {
            *out = formats[i].f;
            return 0;
        }
    }
    return WALLCHART_E_ARG;
}

const char *wallchart_format_mime(enum wallchart_format f)
{
    return f == WALLCHART_PDF   ? "application/pdf"
           : f == WALLCHART_PNG ? "image/png"
                                : "image/svg+xml";
}

const char *wallchart_strerror(int rc)
{
    switch (rc) {
    case 0:
        return "success";
    case WALLCHART_E_NOMEM:
        return "out of memory";
    case WALLCHART_E_ARG:
        return "bad argument";
    case WALLCHART_E_GEOMETRY:
        return "a room does not fit on the page";
    case WALLCHART_E_TOOBIG:
        return "the chart is too large";
    case WALLCHART_E_FONT:
        return "no font with Chinese glyphs (install fonts-wqy-zenhei)";
    case WALLCHART_E_WRITE:
        return "cannot write the output";
    case WALLCHART_E_CAIRO:
        return "cairo failed";
    default:
        return "unknown error";
    }
}

void wallchart_sheet_path(const char *path, int n, int m, char *out, size_t size)
{
    const char *slash = strrchr(path, '/'), *dot = strrchr(path, '.');

    if (m <= 1) {
        snprintf(out, size, "%s", path);
        return;
    }
    if (!dot || (slash && dot < slash) || dot == (slash ? slash + 1 : path))
        snprintf(out, size, "%s-%d", path, n);
    else
        snprintf(out, size, "%.*s-%d%s", (int)(dot - path), path, n, dot);
}

/* Checks the arguments, finds the font and lays the chart out. */
static int prepare(const struct wallchart *w, enum wallchart_format format, int *dpi,
                   struct painter *p, struct wallchart_layout *l, char err[WALLCHART_ERR_LEN])
{
    struct wallchart_geometry g;
    int rc;

    if (format != WALLCHART_PDF && format != WALLCHART_PNG && format != WALLCHART_SVG) {
        snprintf(err, WALLCHART_ERR_LEN, "unknown format (say pdf, png or svg)");
        return WALLCHART_E_ARG;
    }
    if (*dpi == 0)
        *dpi = WALLCHART_DPI_DEFAULT;
    if (*dpi < WALLCHART_DPI_MIN || *dpi > WALLCHART_DPI_MAX) {
        snprintf(err, WALLCHART_ERR_LEN, "resolution must be %d to %d dpi", WALLCHART_DPI_MIN,
                 WALLCHART_DPI_MAX);
        return WALLCHART_E_ARG;
    }
    pthread_once(&font_once, find_font);
    if (!font_family) {
        snprintf(err, WALLCHART_ERR_LEN, "%s", wallchart_strerror(WALLCHART_E_FONT));
        return WALLCHART_E_FONT;
    }
    wallchart_geometry_a4(&g);
    if ((rc = wallchart_layout_compute(w, &g, l)) < 0) {
        snprintf(err, WALLCHART_ERR_LEN, "%s", wallchart_strerror(rc));
        return rc;
    }
    memset(p, 0, sizeof *p);
    p->w = w;
    p->l = l;
    wallchart_totals(w, &p->t);
    date_format(w->day, p->date);
    return 0;
}

int wallchart_render_mem(const struct wallchart *w, enum wallchart_format format, int dpi,
                         int sheet, unsigned char **out, size_t *out_len,
                         char err[WALLCHART_ERR_LEN])
{
    struct wallchart_layout l;
    struct painter p;
    struct sink s;
    int rc;

    *out = NULL;
    *out_len = 0;
    if ((rc = prepare(w, format, &dpi, &p, &l, err)) < 0)
        return rc;
    if (format == WALLCHART_PDF ? sheet != 0 : (sheet < 1 || sheet > l.nsheets)) {
        snprintf(err, WALLCHART_ERR_LEN,
                 format == WALLCHART_PDF ? "a PDF holds every sheet (sheet must be 0)"
                                         : "no sheet %d (the chart has %d)",
                 sheet, l.nsheets);
        wallchart_layout_cleanup(&l);
        return WALLCHART_E_ARG;
    }
    memset(&s, 0, sizeof s);
    rc = paint_many(&p, 1, format, dpi, sheet, &s, err);
    if (rc < 0) {
        free(s.buf);
    } else {
        *out = s.buf;
        *out_len = s.len;
        rc = l.nsheets;
    }
    wallchart_layout_cleanup(&l);
    return rc;
}

int wallchart_render_file(const struct wallchart *w, enum wallchart_format format, int dpi,
                          const char *path, char err[WALLCHART_ERR_LEN])
{
    struct wallchart_layout l;
    struct painter p;
    char final[4096], tmp[4200], why[WALLCHART_ERR_LEN];
    int rc, files, done = 0;

    if (strlen(path) + 32 > sizeof final) {
        snprintf(err, WALLCHART_ERR_LEN, "output path too long");
        return WALLCHART_E_ARG;
    }
    if ((rc = prepare(w, format, &dpi, &p, &l, err)) < 0)
        return rc;
    files = format == WALLCHART_PDF ? 1 : l.nsheets;
    /* Write every file under a temporary name beside its final one. */
    for (int i = 1; i <= files && rc == 0; i++) {
        struct sink s;
        memset(&s, 0, sizeof s);
        wallchart_sheet_path(path, i, files, final, sizeof final);
        snprintf(tmp, sizeof tmp, "%s.tmp%ld", final, (long)getpid());
        if (!(s.f = fopen(tmp, "wb"))) {
            snprintf(err, WALLCHART_ERR_LEN, "cannot write %s: %s", final, strerror(errno));
            rc = WALLCHART_E_WRITE;
            break;
        }
        rc = paint_many(&p, 1, format, dpi, format == WALLCHART_PDF ? 0 : i, &s, why);
        if (fclose(s.f) != 0 && rc == 0) {
            snprintf(why, sizeof why, "%s", strerror(errno));
            rc = WALLCHART_E_WRITE;
        }
        if (rc < 0) {
            snprintf(err, WALLCHART_ERR_LEN, "cannot write %s: %s", final, why);
            unlink(tmp);
            break;
        }
        done = i;
    }
    /* Then rename them all, or remove them all. */
    for (int i = 1; i <= done; i++) {
        wallchart_sheet_path(path, i, files, final, sizeof final);
        snprintf(tmp, sizeof tmp, "%s.tmp%ld", final, (long)getpid());
        if (rc == 0 && rename(tmp, final) != 0) {
            snprintf(err, WALLCHART_ERR_LEN, "cannot write %s: %s", final, strerror(errno));
            rc = WALLCHART_E_WRITE;
        }
        if (rc < 0)
            unlink(tmp);
    }
    if (rc == 0)
        rc = l.nsheets;
    wallchart_layout_cleanup(&l);
    return rc;
}

int wallchart_render_book_mem(const struct wallchart *const *charts, int n, unsigned char **out,
                              size_t *out_len, char err[WALLCHART_ERR_LEN])
{
    struct wallchart_layout *l = calloc(n > 0 ? (size_t)n : 1, sizeof *l);
    struct painter *p = calloc(n > 0 ? (size_t)n : 1, sizeof *p);
    struct sink s;
    int rc = 0, made = 0, total = 0, dpi = 0;

    *out = NULL;
    *out_len = 0;
    memset(&s, 0, sizeof s);
    if (!l || !p) {
        snprintf(err, WALLCHART_ERR_LEN, "out of memory");
        rc = WALLCHART_E_NOMEM;
        goto out;
    }
    if (n < 1) {
        snprintf(err, WALLCHART_ERR_LEN, "no compound to print");
        rc = WALLCHART_E_ARG;
        goto out;
    }
    for (made = 0; made < n; made++) {
        if ((rc = prepare(charts[made], WALLCHART_PDF, &dpi, &p[made], &l[made], err)) < 0)
            goto out;
        p[made].book_first = total;
        total += l[made].nsheets;
    }
    if (total > WALLCHART_MAX_SHEETS) {
        snprintf(err, WALLCHART_ERR_LEN, "more than %d sheets", WALLCHART_MAX_SHEETS);
        rc = WALLCHART_E_TOOBIG;
        goto out;
    }
    for (int k = 0; k < n; k++)
        p[k].book_total = total;
    if ((rc = paint_many(p, n, WALLCHART_PDF, dpi, 0, &s, err)) < 0)
        goto out;
    *out = s.buf;
    *out_len = s.len;
    s.buf = NULL;
    rc = total;
out:
    free(s.buf);
    for (int k = 0; k < made && l; k++)
        wallchart_layout_cleanup(&l[k]);
    free(l);
    free(p);
    return rc;
}
