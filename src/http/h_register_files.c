/*
 * Spreadsheets over HTTP: POST /api/v1/imports?committee=CODE takes a CSV
 * (as Excel or WPS saves it) in the request body and answers the import
 * report, every bad row with its line, column and reason; GET
 * /api/v1/residents/export.xlsx|csv?unit=CODE answers the residents of a
 * unit as a file, masked unless the role may unmask and asks to (audited).
 */
#include "http/http.h"

#include "app/accounts/audit.h"
#include "http/messages.h"
#include "http/params.h"
#include "app/register/import_report.h"
#include <microhttpd.h>
#include "app/dashboard/counts.h"
#include "app/register/export.h"
#include "app/register/import.h"
#include "app/register/residents.h"
#include "core/colour.h"
#include "core/unitcode.h"
#include "store/residents.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Larger exports are for the command line (`cordon export`): an HTTP answer
 * is held in memory. */
#define EXPORT_MAX_RESIDENTS 300000

static int unit_arg(struct http_request *req, struct http_response *res, const char *name,
                    int64_t *out)
{
    const char *s = http_query(req, name);
    int rc;

    if (!s || !*s) {
        http_reply_error(res, 400, "missing", name, "the %s parameter is required", name);
        return -1;
    }
    if ((rc = unitcode_parse(s, strlen(s), out)) < 0) {
        http_reply_error(res, 400, "bad_code", name, "%s: %s", s, unitcode_strerror(rc));
        return -1;
    }
    if (!req->caller || !scope_contains(req->caller, *out)) {
        http_reply_error(res, 404, "not_found", name, "no unit %s", s);
        return -1;
    }
    return 0;
}

json_t *http_import_errors_json(const struct import_error *errs, size_t n)
{
    json_t *errors = json_array();

    for (size_t i = 0; i < n; i++) {
        const struct import_error *e = &errs[i];
        json_array_append_new(errors, json_pack("{s:I, s:i, s:s, s:s, s:s}", "line",
                                                (json_int_t)e->line, "column", e->column, "header",
                                                e->header, "code", e->code, "message", e->message));
    }
    return errors;
}

static json_t *report_json(const struct import_report *rep, const char *rejects, size_t rlen)
{
    json_t *errors = http_import_errors_json(rep->errors, rep->nerrors);

    return json_pack("{s:b, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:s, s:o, s:s%}",
                     "committed", rep->committed, "encoding", rep->encoding ? rep->encoding : "",
                     "sheet", rep->sheet, "rows", (json_int_t)rep->rows, "created",
                     (json_int_t)rep->created, "updated", (json_int_t)rep->updated, "rejected",
                     (json_int_t)rep->rejected, "households", (json_int_t)rep->households, "cases",
                     (json_int_t)rep->cases, "total_errors", (json_int_t)rep->total_errors,
                     "ignored_columns", rep->ignored_columns, "errors", errors, "rejects_csv",
                     rejects ? rejects : "", rejects ? rlen : 0);
}

int h_import_residents(struct http_request *req, struct http_response *res)
{
    struct import_opts opts = {0, NULL, 0, NULL, NULL, 0, NULL};
    struct import_report rep;
    const char *skip = http_query(req, "skip_bad");
    struct app_error err;
    char detail[256], *rejects = NULL;
    size_t rlen = 0;
    int rc;

    if (!role_can(req->caller->role, PERM_REGISTER_WRITE))
        return http_reply_error(res, 403, "forbidden", NULL, "this role may not import residents");
    if (unit_arg(req, res, "committee", &opts.committee) < 0)
        return 0;
    if (unitcode_level(opts.committee) != LEVEL_COMMITTEE)
        return http_reply_error(res, 400, "bad_code", "committee",
                                "imports go to a committee (12 digits)");
    if (req->body_len == 0)
        return http_reply_error(res, 400, "empty", "body", "send the CSV file as the body");
    if (skip && strcmp(skip, "1") == 0 && !(opts.rejects = open_memstream(&rejects, &rlen)))
        return http_reply_error(res, 500, "internal", NULL, "out of memory");
    opts.by = req->caller->name;
    opts.sheet = http_query(req, "sheet");
    opts.caller = req->caller;
    rc = import_residents(req->db, NULL, req->body, req->body_len, &opts, &rep, &err);
    if (opts.rejects)
        fclose(opts.rejects);
    if (rc < 0) {
        import_report_cleanup(&rep);
        free(rejects);
        if (db_unwritable(db_last_error(req->db))) { /* a full disk is no bad file */
            fprintf(stderr, "cordon: import: %s\n", err.message);
            app_db_fail(&err, NULL, db_last_error(req->db));
            return http_reply_app_error(res, APP_E_BUSY, &err);
        }
        return http_reply_error(res, 400, "bad_file", "body", "%s", err.message);
    }
    if (rep.committed) {
        http_cache_invalidate();
        snprintf(detail, sizeof detail, "{\"rows\":%zu,\"created\":%zu,\"updated\":%zu}",
                 rep.rows - rep.rejected, rep.created, rep.updated);
        audit_record(req->db, req->caller, "import", 0, opts.committee, detail);
    }
    http_reply_json(res, rc == 1 ? 422 : 200, report_json(&rep, rejects, rlen));
    import_report_cleanup(&rep);
    free(rejects);
    return 0;
}

/* Reads a finished file into the response body and removes it. */
int http_reply_file(struct http_response *res, const char *path, const char *type,
                    const char *filename)
{
    char disp[160];
    FILE *f;
    long size;

    if (!(f = fopen(path, "rb")) || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
        fseek(f, 0, SEEK_SET) != 0) {
        if (f)
            fclose(f);
        unlink(path);
        return http_reply_error(res, 500, "internal", NULL, "cannot read the export");
    }
    free(res->body);
    res->body = malloc((size_t)size + 1);
    res->len = res->body ? fread(res->body, 1, (size_t)size, f) : 0;
    fclose(f);
    unlink(path);
    if (!res->body || res->len != (size_t)size)
        return http_reply_error(res, 500, "internal", NULL, "cannot read the export");
    res->status = 200;
    res->content_type = type;
    snprintf(disp, sizeof disp, "attachment; filename=\"%s\"", filename);
    http_add_header(res, "Content-Disposition", disp);
    return 0;
}

int http_temp_path(char *path, size_t size)
{
    const char *dir = getenv("TMPDIR");
    int fd;

    snprintf(path, size, "%s/cordon-export-XXXXXX", dir && *dir ? dir : "/tmp");
    if ((fd = mkstemp(path)) < 0)
        return -1;
    close(fd);
    return 0;
}

/* GET /api/v1/units/{code}/counts.xlsx: the dashboard's table. */
int h_export_counts(struct http_request *req, struct http_response *res)
{
    const char *s = req->params[0];
    char path[512], name[64];
    struct app_error e;
    int64_t code, n;
    int rc;

    if ((rc = unitcode_parse(s, strlen(s), &code)) < 0)
        return http_reply_error(res, 400, "bad_code", "code", "%s: %s", s, unitcode_strerror(rc));
    if ((rc = scope_check_unit(req->caller, code, PERM_COUNTS, &e)) < 0)
        return http_reply_app_error(res, rc, &e);
    if (http_temp_path(path, sizeof path) < 0)
        return http_reply_error(res, 500, "internal", NULL, "cannot create a temporary file");
    if ((n = export_counts(req->db, code, path, &e)) < 0) {
        unlink(path);
        return http_reply_app_error(res, (int)n, &e); /* 404 for a unit in scope that is not */
    }
    snprintf(name, sizeof name, "counts-%s.xlsx", s);
    return http_reply_file(
        res, path, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name);
}

/* ?q= and ?colour= as on the residents page: the export is what is on
 * screen. -1 with the answer set when one is bad. */
static int export_filter(struct http_request *req, struct http_response *res,
                         struct residents_query *f)
{
    const char *colour = http_query(req, "colour");
    enum colour col;

    if (params_search(req, res, &f->q) < 0)
        return -1;
    if (colour) {
        if (colour_parse(colour, &col) < 0) {
            http_reply_error(res, 400, "bad_value", "colour", "%.32s: not a colour", colour);
            return -1;
        }
        f->colour = (int)col;
    }
    return 0;
}

static int export_as(struct http_request *req, struct http_response *res, enum export_format format)
{
    struct export_opts opts = {0, format, 1, NULL, req->caller};
    struct residents_query filter = {0, 0, -1, NULL};
    const char *unmask = http_query(req, "unmask");
    char path[512], reason[AUDIT_REASON_LEN];
    struct app_error err;
    int64_t counts[COLOUR_COUNT], total = 0, n;

    if (!role_can(req->caller->role, PERM_REGISTER_READ))
        return http_reply_error(res, 403, "forbidden", NULL, "this role sees counts only");
    if (unit_arg(req, res, "unit", &opts.unit) < 0 || export_filter(req, res, &filter) < 0)
        return 0;
    if (filter.q || filter.colour >= 0) {
        filter.unit = opts.unit;
        opts.filter = &filter;
    }
    if (unmask && strcmp(unmask, "1") == 0) {
        if (!role_can(req->caller->role, PERM_UNMASK))
            return http_reply_error(res, 403, "forbidden", "unmask",
                                    "this role may not see personal data unmasked");
        if (params_text(req, res, "reason", reason, sizeof reason) < 0)
            return 0;
        if (audit_reason_check(reason, &err) < 0)
            return http_reply_app_error(res, APP_E_INVALID, &err);
        opts.masked = 0;
    }
    if (store_counts_get(req->db, opts.unit, counts) < 0)
        return http_reply_error(res, 500, "db_error", NULL, "%s", db_errmsg(req->db));
    for (int i = 0; i < COLOUR_COUNT; i++)
        total += counts[i];
    if (total > EXPORT_MAX_RESIDENTS)
        return http_reply_error(res, 413, "too_large", "unit",
                                "%lld residents: export a smaller unit, or use `cordon export`",
                                (long long)total);
    if (http_temp_path(path, sizeof path) < 0)
        return http_reply_error(res, 500, "internal", NULL, "cannot create a temporary file");
    if (!opts.masked && audit_record_reason(req->db, req->caller, "export_unmasked", 0, opts.unit,
                                            reason, NULL) < 0) {
        unlink(path);
        return http_reply_error(res, 500, "db_error", NULL, "%s", db_errmsg(req->db));
    }
    n = export_residents(req->db, &opts, path, &err);
    if (n < 0) {
        unlink(path);
        return http_reply_app_error(res, (int)n, &err);
    }
    {
        char name[64], code[UNITCODE_STR_LEN];
        unitcode_format(opts.unit, code);
        snprintf(name, sizeof name, "residents-%s.%s", code,
                 format == EXPORT_XLSX ? "xlsx" : "csv");
        return http_reply_file(
            res, path,
            format == EXPORT_XLSX
                ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                : "text/csv; charset=utf-8",
            name);
    }
}

int h_export_xlsx(struct http_request *req, struct http_response *res)
{
    return export_as(req, res, EXPORT_XLSX);
}

int h_export_csv(struct http_request *req, struct http_response *res)
{
    return export_as(req, res, EXPORT_CSV);
}

/* POST /api/v1/imports/report.xlsx: the error report of an import (its
 * `errors` and `sheet`, sent back by the browser) as a sheet to download,
 * the workbook's sheet named on each row, each problem
 * in the language of Accept-Language (Chinese by default) from the message
 * table, the code beside it. Writes nothing in the database. */
int h_import_report_xlsx(struct http_request *req, struct http_response *res)
{
    enum msg_lang lang = msg_lang_of(
        MHD_lookup_connection_value(req->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_LANGUAGE));
    struct import_report_row *rows = NULL;
    char path[512], err[XLSX_TABLE_ERR_LEN], sheet[IMPORT_REPORT_SHEET_LEN];
    struct app_error e;
    int64_t total;
    json_t *body;
    size_t n;
    int rc;

    if (!role_can(req->caller->role, PERM_REGISTER_WRITE))
        return http_reply_error(res, 403, "forbidden", NULL, "this role may not import residents");
    if (!(body = http_json_body(req, res)))
        return 0;
    rc = import_report_parse(body, &rows, &n, &total, sheet, &e);
    json_decref(body);
    if (rc < 0)
        return http_reply_app_error(res, rc, &e);
    for (size_t i = 0; i < n; i++) {
        const char *text = msg_code_text(rows[i].code, lang);
        if (text && (lang == MSG_ZH || !rows[i].message[0]))
            snprintf(rows[i].message, sizeof rows[i].message, "%s", text);
    }
    if (http_temp_path(path, sizeof path) < 0) {
        free(rows);
        return http_reply_error(res, 500, "internal", NULL, "cannot create a temporary file");
    }
    rc = import_report_write(path, rows, n, total, sheet, lang == MSG_ZH, err);
    free(rows);
    if (rc < 0) {
        unlink(path);
        return http_reply_error(res, 500, "export_failed", NULL, "%s", err);
    }
    return http_reply_file(res, path,
                           "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           "import-errors.xlsx");
}
