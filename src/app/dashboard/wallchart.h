/*
 * The wall chart of one compound as a use case: load its buildings and
 * rooms with each household's most urgent colour, check that the caller may
 * see it, and render it (render/wallchart.h) to a file or to memory. The CLI
 * (`cordon map`) and the HTTP endpoint GET /api/v1/compounds/{id}/wallchart.pdf
 * both come through here, so both print the same chart.
 */
#ifndef CORDON_APP_WALLCHART_H
#define CORDON_APP_WALLCHART_H

#include "app/app.h"
#include "render/wallchart.h"
#include "store/db.h"
#include "store/places.h"

#include <stddef.h>
#include <stdint.h>

/* Errors of this module, besides the enum wallchart_error of the renderer
 * (-1..-7), which they do not overlap. */
enum wallchart_app_error {
    WALLCHART_E_NOTFOUND = -16, /* no such compound, or not within the scope */
    WALLCHART_E_DB = -17,       /* the database failed (message in err) */
};

/*
 * Loads compound `compound` as a chart dated `today`, for a caller whose
 * jurisdiction is the unit `scope` (city, district, street or committee
 * code: the compound's committee must be it or lie beneath it; a grid
 * code: the compound must be drawn into that grid). A compound outside the
 * scope is WALLCHART_E_NOTFOUND, exactly like one that does not exist, so
 * the answer does not tell which ids exist elsewhere; scope 0 or a code
 * that is no unit sees nothing. Colours are as stored: bring the roll-over
 * up to today first (cmd_map does; the server does it at midnight).
 *
 * Returns 0 and sets *out (free with wallchart_free()), or < 0 with one line
 * in err and *out NULL.
 */
int wallchart_load(struct db *db, int64_t compound, int64_t scope, int32_t today,
                   struct wallchart **out, struct app_error *err);

/*
 * Loads and renders into memory: the whole chart as PDF (sheet 0), or one
 * sheet (1..M) as PNG or SVG. For the HTTP handler: on success returns the
 * number of sheets and sets *out (heap; free() it, or hand it to the server
 * as the response body, which frees it) and *out_len; on failure returns
 * WALLCHART_E_NOTFOUND (reply 404), WALLCHART_E_ARG (400: bad sheet) or
 * another negative code (500), with err set.
 */
int wallchart_compound_mem(struct db *db, int64_t compound, /* compounds.id */
                           int64_t scope,                /* caller's unit, see wallchart_load() */
                           int32_t today,                /* date printed on the chart */
                           enum wallchart_format format, /* PDF, PNG or SVG */
                           int sheet,                    /* 0 for PDF, else 1..M */
                           unsigned char **out,          /* receives the bytes */
                           size_t *out_len,              /* and their number */
                           struct app_error *err);

/*
 * Loads and writes files (see wallchart_render_file(): a PDF of M pages, or
 * M PNG/SVG files). Returns the number of sheets, or < 0 with err set.
 */
int wallchart_compound_file(struct db *db, int64_t compound, /* compounds.id */
                            int64_t scope,                   /* caller's unit */
                            int32_t today,                   /* date printed on the chart */
                            enum wallchart_format format,    /* PDF, PNG or SVG */
                            int dpi,                         /* PNG resolution; 0: default */
                            const char *path,                /* output file (stem for many) */
                            struct app_error *err);

/*
 * A committee's whole wall chart: every compound of committee `committee`
 * that has rooms, in the order of store_compounds_within(), as one PDF of
 * numbered A4 sheets (wallchart_render_book_mem). `committee` must be a
 * committee within `scope` (else WALLCHART_E_NOTFOUND, as for a compound).
 * Returns the number of sheets and sets *out / *out_len (heap), or < 0
 * with err set.
 */
int wallchart_committee_mem(struct db *db, int64_t committee, int64_t scope, int32_t today,
                            unsigned char **out, size_t *out_len, struct app_error *err);

/*
 * Calls fn for each compound within unit `unit` (see
 * store_compounds_within()), so a user can find a compound's id. Returns 0,
 * fn's non-zero value, WALLCHART_E_NOTFOUND for a unit that does not exist,
 * or WALLCHART_E_DB with err set.
 */
int wallchart_compounds(struct db *db, int64_t unit, place_compound_fn fn, void *arg,
                        struct app_error *err);

#endif
