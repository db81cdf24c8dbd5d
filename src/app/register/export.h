/*
 * Exporting residents of any unit to .xlsx (the colour as a filled cell) or
 * CSV (UTF-8 with BOM, for Excel and WPS), with the same Chinese headers the
 * import reads, so an exported sheet can be edited and imported back.
 */
#ifndef CORDON_APP_EXPORT_H
#define CORDON_APP_EXPORT_H

#include "app/app.h"
#include "store/db.h"

#include <stdint.h>

enum export_format { EXPORT_XLSX = 1, EXPORT_CSV = 2 };

struct residents_query;

struct export_opts {
    int64_t unit; /* any level; a grid too */
    enum export_format format;
    int masked; /* 1: names, document numbers and phones masked */
    /* NULL: every resident of unit; else only those the residents page's
     * query finds (app/register/residents.h), as `caller` may see them. */
    const struct residents_query *filter;
    const struct caller *caller;
};

/* Writes the file at `path`. Returns the number of residents written, or
 * an app status with err set (nothing is left at path on failure;
 * APP_E_NOTFOUND for a unit that does not exist). */
int64_t export_residents(struct db *db, const struct export_opts *opts, const char *path,
                         struct app_error *err);

/* Writes the colour counts of `unit` and of each unit directly below it to
 * .xlsx (the dashboard's table): code, name, total and the six colours, the
 * colour headers filled. Returns the number of rows, or an app status with
 * err set (APP_E_NOTFOUND for a unit that does not exist). */
int64_t export_counts(struct db *db, int64_t unit, const char *path, struct app_error *err);

#endif
