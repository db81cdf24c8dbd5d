/*
 * The printable six-colour wall chart of one compound, drawn with cairo:
 * buildings side by side, floors as rows (top floor at the top), rooms as
 * cells painted with their household's most urgent colour, tiled over
 * numbered A4 sheets that tape together into one chart on the wall. Each
 * sheet carries the compound's name and place, the date, "sheet N of M",
 * its row and column in the taped chart with a small map of all sheets, and
 * the legend with the six colours' counts.
 *
 * Three parts: the chart's data (struct wallchart, filled by app/dashboard/wallchart.c
 * or by hand in tests), the layout (pure arithmetic: which room goes on
 * which sheet and where, unit-tested), and the painters (PDF with one page
 * per sheet; PNG or SVG with one file per sheet). Text is set in a font with
 * Chinese glyphs found through fontconfig ("WenQuanYi Zen Hei" first, from
 * Debian's fonts-wqy-zenhei); without one, rendering fails rather than
 * printing empty boxes.
 */
#ifndef CORDON_RENDER_WALLCHART_H
#define CORDON_RENDER_WALLCHART_H

#include "core/colour.h"

#include <stddef.h>
#include <stdint.h>

#define WALLCHART_NAME_MAX  128
#define WALLCHART_PLACE_MAX 384
#define WALLCHART_UNIT_MAX  32
#define WALLCHART_ROOM_MAX  32
#define WALLCHART_ERR_LEN   256

/* Largest chart accepted: rooms in one compound, sheets in one chart. */
#define WALLCHART_MAX_ROOMS  100000
#define WALLCHART_MAX_SHEETS 2000

/* A room nobody lives in (room colour; not an enum colour). */
#define WALLCHART_EMPTY (-1)

/* PNG resolution: default and accepted range, in dots per inch. */
#define WALLCHART_DPI_DEFAULT 150
#define WALLCHART_DPI_MIN     36
#define WALLCHART_DPI_MAX     300

/* Largest rendering kept in memory by wallchart_render_mem(). */
#define WALLCHART_MEM_MAX (64u << 20)

enum wallchart_error {
    WALLCHART_E_NOMEM = -1,    /* out of memory */
    WALLCHART_E_ARG = -2,      /* bad argument (format, dpi, sheet number) */
    WALLCHART_E_GEOMETRY = -3, /* a cell does not fit on the page */
    WALLCHART_E_TOOBIG = -4,   /* more rooms or sheets than the limits */
    WALLCHART_E_FONT = -5,     /* no font with Chinese glyphs is installed */
    WALLCHART_E_WRITE = -6,    /* the output cannot be written */
    WALLCHART_E_CAIRO = -7,    /* cairo failed (message in err) */
};

/* ------------------------------------------------------------------------
 * The data: a compound's buildings and rooms.
 */
struct wallchart_room {
    char unit[WALLCHART_UNIT_MAX]; /* stairwell unit (单元), "" if none */
    char room[WALLCHART_ROOM_MAX]; /* room number as written, "601" */
    int floor;                     /* 0: unknown (drawn in a row of its own) */
    int32_t counts[COLOUR_COUNT];  /* residents per enum colour */
    int colour;                    /* the household's most urgent colour, or
                                      WALLCHART_EMPTY */
};

struct wallchart_building {
    char name[WALLCHART_NAME_MAX];
    int nrooms;
    int cap;
    struct wallchart_room *rooms;
};

struct wallchart {
    char compound[WALLCHART_NAME_MAX]; /* 岐山村 */
    char place[WALLCHART_PLACE_MAX];   /* 长宁区 江苏路街道 岐山居委会 */
    int32_t day;                       /* the chart's date (days since 1970) */
    /* The legend's names of the colours: the built-in ones unless the
     * city's rule table names them otherwise. */
    struct colour_label labels[COLOUR_COUNT];
    int nbuildings;
    int cap;
    int nrooms; /* over all buildings */
    struct wallchart_building *buildings;
};

/* An empty chart (names "", day 0, the built-in colour labels); NULL if out
 * of memory. Free with wallchart_free(). */
struct wallchart *wallchart_new(void);

/* Frees the chart and everything in it. Accepts NULL. */
void wallchart_free(struct wallchart *w);

/* Adds a copy of `r` to building `building` (created at the end when it is
 * not the last one added or an earlier one of that name). Returns 0,
 * WALLCHART_E_NOMEM or WALLCHART_E_TOOBIG (over WALLCHART_MAX_ROOMS). */
int wallchart_add_room(struct wallchart *w, const char *building, const struct wallchart_room *r);

/* Households per room colour and residents per colour over the chart (the
 * legend's numbers), and the rooms nobody lives in. */
struct wallchart_totals {
    int64_t households[COLOUR_COUNT];
    int64_t residents[COLOUR_COUNT];
    int64_t empty;
    int64_t all_households, all_residents;
};
void wallchart_totals(const struct wallchart *w, struct wallchart_totals *out);

/* ------------------------------------------------------------------------
 * The layout: pure arithmetic in points (1/72 inch), origin at the top left.
 */
struct wallchart_geometry {
    double page_w, page_h; /* A4: 595 x 842 */
    double margin;         /* blank border every printer can keep */
    double header_h;       /* title band at the top of the sheet */
    double footer_h;       /* legend band at the bottom */
    double heads_h;        /* building and unit names above a strip's cells */
    double label_w;        /* floor numbers at the left of the cells */
    double cell_w, cell_h; /* one room */
    double gap;            /* between neighbouring cells */
    double unit_gap;       /* extra space between two units of a building */
    double building_gap;   /* extra space between two buildings */
    double strip_gap;      /* between two strips stacked on one sheet */
    int nofloor_wrap;      /* rooms per row for a building whose rooms all
                              lack a floor */
};

/* The geometry the chart is printed with: portrait A4, cells of about
 * 18 x 11 mm, nine rooms across and nineteen floors down per sheet. */
void wallchart_geometry_a4(struct wallchart_geometry *out);

/* One room placed on one sheet; (x, y) is its top-left corner. */
struct wallchart_cell {
    int building; /* index into wallchart.buildings */
    int room;     /* index into that building's rooms */
    double x, y;
};

/* A name above the cells of a strip: a building's (unit NULL) or one of its
 * units' (unit the unit text). */
struct wallchart_head {
    int building;
    const char *unit; /* NULL for the building head; points into the chart */
    double x, w;      /* horizontal extent on the sheet */
    int continued;    /* 1 when this building (or unit) began in an earlier
                         strip, to the left */
    int continues;    /* 1 when it goes on in the next strip */
};

/* A row of cells: a floor, or a row of rooms with no floor. */
struct wallchart_row {
    int floor; /* 0 for a row of rooms with no floor */
};

/*
 * A strip: the buildings that fit side by side across a sheet (a column
 * band), with the floors they have, top floor first; or, when they have
 * more floors than a sheet holds, the upper or lower part of them.
 */
struct wallchart_strip {
    int band, part;         /* column band, and part of its rows from 0 */
    double y;               /* top of the heads; cells begin heads_h lower */
    double x_end;           /* right edge of its last cell */
    int first_head, nheads; /* layout.heads[first_head..] */
    int first_row, nrows;   /* layout.rows[first_row..], top to bottom */
};

/*
 * One printed sheet. Sheets tape together as a grid: a column of the grid
 * holds one column band split into parts top to bottom, or several low
 * strips stacked on one sheet; a position of that grid with no sheet is
 * left empty on the wall. Numbers run row by row over printed sheets.
 */
struct wallchart_sheet {
    int number;                /* 1..nsheets */
    int row, col;              /* 1-based position in the taped grid */
    int first_cell, ncells;    /* layout.cells[first_cell..] */
    int first_strip, nstrips;  /* layout.strips[first_strip..], top down */
    int left, right, up, down; /* neighbouring sheet numbers, 0: none */
};

struct wallchart_layout {
    struct wallchart_geometry g;
    double grid_x;            /* left edge of the first column of cells */
    int rows_per_sheet;       /* most rows a strip can have */
    int grid_rows, grid_cols; /* the taped grid, empty positions included */
    int *slot;                /* grid_rows * grid_cols: sheet number or 0 */
    int nsheets;
    struct wallchart_sheet *sheets;
    int ncells;
    struct wallchart_cell *cells; /* sorted by sheet */
    int nstrips;
    struct wallchart_strip *strips; /* sorted by sheet */
    int nheads;
    struct wallchart_head *heads;
    int nrows;
    struct wallchart_row *rows;
};

/*
 * Places every room of `w` on sheets with geometry `g`. Buildings are taken
 * in natural order of their names (2号 before 10号); within a building,
 * rooms are grouped by unit, and a room's column is its number's last two
 * digits when the number starts with its floor (601, 602 ...), so rooms
 * stacked one above the other line up; any other room takes the next column
 * of its floor. Rooms without a floor are wrapped into rows below the
 * lowest floor. Buildings fill column bands left to right, a band breaking
 * between buildings when the next one fits a sheet of its own, else between
 * units, else between rooms. A band's rows are the floors its buildings
 * have; more than a sheet holds are shared out evenly over parts, one sheet
 * each, one below the other; bands low enough are stacked several to a
 * sheet.
 *
 * Returns 0 and fills *out (release with wallchart_layout_cleanup(); it
 * points into w, which must outlive it), or WALLCHART_E_NOMEM,
 * WALLCHART_E_GEOMETRY, WALLCHART_E_TOOBIG. A chart with no rooms has one
 * sheet with nothing on it.
 */
int wallchart_layout_compute(const struct wallchart *w, const struct wallchart_geometry *g,
                             struct wallchart_layout *out);

/* Frees what wallchart_layout_compute() allocated. Safe to call twice. */
void wallchart_layout_cleanup(struct wallchart_layout *l);

/* ------------------------------------------------------------------------
 * Rendering.
 */
enum wallchart_format { WALLCHART_PDF = 1, WALLCHART_PNG = 2, WALLCHART_SVG = 3 };

/* "pdf", "png" or "svg" (ASCII case ignored). Returns 0, or WALLCHART_E_ARG. */
int wallchart_format_parse(const char *s, enum wallchart_format *out);

/* "application/pdf", "image/png", "image/svg+xml". */
const char *wallchart_format_mime(enum wallchart_format f);

/*
 * Writes the chart to `path`. PDF: one file of M A4 pages. PNG and SVG: one
 * file per sheet, `path` itself when there is one sheet, else `path` with
 * "-N" before its extension (chart.png -> chart-1.png ... chart-M.png; see
 * wallchart_sheet_path()). Files are written under temporary names and
 * renamed at the end, so on failure nothing is left and no older file at
 * those names is touched.
 *
 * dpi is for PNG (0: WALLCHART_DPI_DEFAULT); it must be in range otherwise.
 * Returns the number of sheets (M > 0), or < 0 with one line in err
 * ("cannot write /x/chart.pdf: Permission denied").
 */
int wallchart_render_file(const struct wallchart *w,
                          enum wallchart_format format, /* PDF, PNG or SVG */
                          int dpi,                      /* PNG resolution; 0: default */
                          const char *path,             /* the file, or the stem of many */
                          char err[WALLCHART_ERR_LEN]);

/* The file name wallchart_render_file() gives sheet `n` of `m`. */
void wallchart_sheet_path(const char *path, int n, int m, char *out, size_t size);

/*
 * Renders into memory: the whole chart as PDF (sheet must be 0), or sheet
 * `sheet` (1..M) as PNG or SVG. On success returns the number of sheets M
 * and sets *out (heap, the caller frees it with free(); handing it to the
 * HTTP server as a response body is fine) and *out_len. Over
 * WALLCHART_MEM_MAX bytes is WALLCHART_E_TOOBIG. On error returns < 0 with
 * err set and *out NULL.
 */
int wallchart_render_mem(const struct wallchart *w,
                         enum wallchart_format format, /* PDF, PNG or SVG */
                         int dpi,                      /* PNG resolution; 0: default */
                         int sheet,                    /* 0 for PDF; 1..M for PNG/SVG */
                         unsigned char **out,          /* receives the bytes */
                         size_t *out_len,              /* and their number */
                         char err[WALLCHART_ERR_LEN]);

/*
 * A committee's book: charts[0..n) in one PDF, their sheets numbered
 * through (第 N 张 / 共 M 张 over the whole book, and each compound's own
 * sheet number beside it), each sheet with the legend and what the colours
 * mean. Returns M and sets *out / *out_len as wallchart_render_mem(), or
 * < 0 with err set (WALLCHART_E_ARG for no chart at all).
 */
int wallchart_render_book_mem(const struct wallchart *const *charts, int n, unsigned char **out,
                              size_t *out_len, char err[WALLCHART_ERR_LEN]);

/* English text of an enum wallchart_error. */
const char *wallchart_strerror(int rc);

#endif
