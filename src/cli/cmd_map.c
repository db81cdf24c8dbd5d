/*
 * `cordon map --compound ID -o FILE [--format pdf|png|svg] [--dpi N]`: the
 * printable six-colour wall chart of a compound; `cordon map --committee
 * CODE -o FILE.pdf`: every compound of a committee, numbered A4 sheets in
 * one PDF; and `cordon compounds --committee CODE [--json]` to find a
 * compound's id.
 */
#include "app/register/rollover.h"
#include "app/dashboard/wallchart.h"
#include "cli/cli.h"
#include "store/units.h"
#include "util/clock.h"

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* The format named by the output file's extension, else PDF. */
static enum wallchart_format format_of_path(const char *path)
{
    const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
    enum wallchart_format f = WALLCHART_PDF;

    if (dot && (!slash || dot > slash))
        wallchart_format_parse(dot + 1, &f);
    return f;
}

/* Writes bytes to path through a temporary file renamed at the end. */
static int write_file(const char *path, const unsigned char *b, size_t n)
{
    char tmp[4200];
    FILE *f;
    int ok;

    snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid());
    if (!(f = fopen(tmp, "wb")))
        return -1;
    ok = fwrite(b, 1, n, f) == n;
    if (fclose(f) != 0 || !ok || rename(tmp, path) != 0) {
        unlink(tmp);
        return -1;
    }
    return 0;
}

/* `cordon map --committee CODE -o FILE.pdf` (db open, colours rolled). */
static int committee_book(struct db *db, int64_t committee, int64_t city, const char *out)
{
    unsigned char *pdf = NULL;
    size_t len = 0;
    struct app_error err;
    int rc = wallchart_committee_mem(db, committee, city, clock_today(), &pdf, &len, &err);

    if (rc < 0)
        return cli_fail("%s", err.message);
    if (write_file(out, pdf, len) < 0) {
        free(pdf);
        return cli_fail("cannot write %s: %s", out, strerror(errno));
    }
    free(pdf);
    printf("wrote %s: %d A4 %s\n", out, rc, rc == 1 ? "sheet" : "sheets");
    return EXIT_OK;
}

int cmd_map(int argc, char **argv)
{
    const char *compound = NULL, *committee = NULL, *format = NULL, *out = NULL;
    int rc, dpi = 0;
    const struct cli_option opts[] = {
        CLI_TEXT("compound", compound),
        CLI_TEXT("committee", committee),
        CLI_TEXT("format", format),
        CLI_LETTER('o', "output", out),
        CLI_RANGE("dpi", dpi, WALLCHART_DPI_MIN, WALLCHART_DPI_MAX, ""),
        CLI_END};
    int64_t code = 0;
    char name[4096], *end;
    struct app_error rerr;
    enum wallchart_format f;
    struct rollover_report rep;
    long long id = 0;
    int64_t city = 0;
    struct db *db;

    if (cli_parse_options("map", argc, argv, 1, opts, 0) < 0)
        return EXIT_USAGE;
    if (optind < argc)
        return cli_usage_error("map", "unexpected argument %s", argv[optind]);
    if ((!compound == !committee) || !out)
        return cli_usage_error("map", "--compound ID or --committee CODE, and -o FILE, are "
                                      "required");
    if (committee) {
        if (cli_parse_code("map", committee, &code) < 0)
            return EXIT_USAGE;
        if ((format && strcasecmp(format, "pdf") != 0) || format_of_path(out) != WALLCHART_PDF)
            return cli_usage_error("map", "a committee's wall chart is one PDF (-o FILE.pdf)");
    }
    if (compound)
        id = strtoll(compound, &end, 10);
    if (compound && (*end || end == compound || id <= 0))
        return cli_usage_error("map",
                               "--compound takes a compound id (`cordon compounds "
                               "--committee CODE` lists them), not %s",
                               compound);
    if (format && wallchart_format_parse(format, &f) < 0)
        return cli_usage_error("map", "--format is pdf, png or svg, not %s", format);
    if (!format)
        f = format_of_path(out);
    if (dpi && f != WALLCHART_PNG)
        return cli_usage_error("map", "--dpi is for --format png");
    if (!(db = cli_open_db(0)))
        return EXIT_RUNTIME;
    /* The chart is dated today: bring colours up to today first. */
    if (rollover_run(db, clock_today(), &rep, &rerr) < 0) {
        db_close(db);
        return cli_fail("%s", rerr.message);
    }
    /* Whoever holds the database file sees every compound of its city. */
    if (store_city_code(db, &city) < 0) {
        rc = cli_fail("%s", db_errmsg(db));
        db_close(db);
        return rc;
    }
    if (committee) {
        rc = committee_book(db, code, city, out);
        db_close(db);
        return rc;
    }
    rc = wallchart_compound_file(db, id, city, clock_today(), f, dpi, out, &rerr);
    db_close(db);
    if (rc < 0)
        return cli_fail("%s", rerr.message);
    if (f == WALLCHART_PDF || rc == 1) {
        printf("wrote %s: %d A4 %s\n", out, rc, rc == 1 ? "sheet" : "sheets");
    } else {
        wallchart_sheet_path(out, 1, rc, name, sizeof name);
        printf("wrote %d A4 sheets: %s", rc, name);
        wallchart_sheet_path(out, rc, rc, name, sizeof name);
        printf(" ... %s\n", name);
    }
    return EXIT_OK;
}

struct listing {
    int json;
    int64_t n;
    json_t *arr;
};

static int print_compound(void *arg, const struct place_compound *c)
{
    struct listing *ls = arg;

    ls->n++;
    if (ls->json) {
        char committee[32];
        snprintf(committee, sizeof committee, "%lld", (long long)c->committee);
        json_array_append_new(ls->arr, json_pack("{s:I, s:s, s:s, s:I, s:I, s:I}", "id",
                                                 (json_int_t)c->id, "name", c->name, "committee",
                                                 committee, "buildings", (json_int_t)c->buildings,
                                                 "households", (json_int_t)c->households,
                                                 "residents", (json_int_t)c->residents));
        return 0;
    }
    printf("%6lld  %s  (%lld %s, %lld %s, %lld %s; committee %lld)\n", (long long)c->id, c->name,
           (long long)c->buildings, c->buildings == 1 ? "building" : "buildings",
           (long long)c->households, c->households == 1 ? "household" : "households",
           (long long)c->residents, c->residents == 1 ? "resident" : "residents",
           (long long)c->committee);
    return 0;
}

int cmd_compounds(int argc, char **argv)
{
    struct listing ls = {0, 0, NULL};
    const char *unit = NULL;
    const struct cli_option opts[] = {CLI_TEXT("committee", unit), CLI_FLAG("json", ls.json),
                                      CLI_END};
    struct app_error err;
    int64_t code;
    struct db *db;
    int rc;

    if (cli_parse_options("compounds", argc, argv, 1, opts, 0) < 0)
        return EXIT_USAGE;
    if (optind < argc)
        return cli_usage_error("compounds", "unexpected argument %s", argv[optind]);
    if (!unit)
        return cli_usage_error("compounds", "--committee CODE is required");
    if (cli_parse_code("compounds", unit, &code) < 0)
        return EXIT_USAGE;
    if (!(db = cli_open_db(0)))
        return EXIT_RUNTIME;
    if (ls.json)
        ls.arr = json_array();
    rc = wallchart_compounds(db, code, print_compound, &ls, &err);
    db_close(db);
    if (rc < 0) {
        json_decref(ls.arr);
        return cli_fail("%s", err.message);
    }
    if (ls.json) {
        json_dumpf(ls.arr, stdout, JSON_COMPACT);
        putchar('\n');
        json_decref(ls.arr);
    } else if (ls.n == 0) {
        printf("no compounds under %s yet (`cordon import residents` creates them)\n", unit);
    }
    return EXIT_OK;
}
