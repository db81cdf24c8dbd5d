/*
 * Parsing an import error report sent back for download (see
 * import_report.h).
 */
#include "app/register/import_report.h"

#include "app/input.h"

#include <stdlib.h>
#include <string.h>

static int parse_row(const json_t *o, struct import_report_row *r, struct app_error *err)
{
    static const char *const keys[] = {"line", "column", "header", "code", "message", NULL};
    int64_t line = 0;
    int present, rc;

    if ((rc = input_only_keys_in(o, keys, "errors", err)) < 0 ||
        (rc = input_id(o, "errors.line", &line, &present, err)) < 0 ||
        (rc = input_text(o, "errors.header", 0, sizeof r->header - 1, r->header, sizeof r->header,
                         err)) < 0 ||
        (rc = input_text(o, "errors.code", INPUT_REQUIRED, sizeof r->code - 1, r->code,
                         sizeof r->code, err)) < 0 ||
        (rc = input_text(o, "errors.message", 0, sizeof r->message - 1, r->message,
                         sizeof r->message, err)) < 0)
        return rc;
    r->line = line;
    return 0;
}

int import_report_parse(const json_t *body, struct import_report_row **rows, size_t *n,
                        int64_t *total, char sheet[IMPORT_REPORT_SHEET_LEN], struct app_error *err)
{
    static const char *const keys[] = {"errors", "total_errors", "sheet", NULL};
    const json_t *list, *t, *o;
    size_t i;
    int rc;

    *rows = NULL;
    *n = 0;
    sheet[0] = '\0';
    if ((rc = input_only_keys(body, keys, err)) < 0 ||
        (rc = input_text(body, "sheet", 0, IMPORT_REPORT_SHEET_LEN - 1, sheet,
                         IMPORT_REPORT_SHEET_LEN, err)) < 0)
        return rc;
    list = json_object_get(body, "errors");
    if (!json_is_array(list))
        return app_fail(err, APP_E_INVALID, "bad_type", "errors", "errors must be an array");
    if (json_array_size(list) > IMPORT_REPORT_MAX_ROWS)
        return app_fail(err, APP_E_INVALID, "too_long", "errors", "at most %d errors",
                        IMPORT_REPORT_MAX_ROWS);
    if (json_array_size(list) && !(*rows = calloc(json_array_size(list), sizeof **rows)))
        return app_fail(err, APP_E_INTERNAL, "nomem", NULL, "out of memory");
    json_array_foreach(list, i, o)
    {
        if (!json_is_object(o))
            rc = app_fail(err, APP_E_INVALID, "bad_type", "errors", "each error is an object");
        else
            rc = parse_row(o, &(*rows)[i], err);
        if (rc < 0) {
            free(*rows);
            *rows = NULL;
            return rc;
        }
    }
    *n = json_array_size(list);
    t = json_object_get(body, "total_errors");
    *total = json_is_integer(t) && json_integer_value(t) > (json_int_t)*n ? json_integer_value(t)
                                                                          : (int64_t)*n;
    return 0;
}
