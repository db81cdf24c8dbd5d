/*
 * `cordon units CODE [--depth N] [--json]`: print a subtree of the org units.
 */
#include "cli/cli.h"
#include "core/unitcode.h"
#include "store/units.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

struct walk {
    struct db *db;
    int depth, max_depth, json;
    json_t *parent_arr;
};

static int visit(void *arg, const struct unit *u);

static int walk_children(struct walk *w, int64_t code, json_t *arr)
{
    struct walk child = *w;

    child.depth = w->depth + 1;
    child.parent_arr = arr;
    return store_unit_children(w->db, code, visit, &child);
}

static int visit(void *arg, const struct unit *u)
{
    struct walk *w = arg;
    char code[UNITCODE_STR_LEN];
    json_t *obj = NULL, *kids = NULL;

    unitcode_format(u->code, code);
    if (w->json) {
        obj = json_pack("{s:s, s:s, s:i}", "code", code, "name", u->name, "level", u->level);
        json_array_append_new(w->parent_arr, obj);
    } else {
        printf("%*s%s %s (%s)\n", 2 * w->depth, "", code, u->name, unitcode_level_name(u->level));
    }
    if (w->depth >= w->max_depth)
        return 0;
    if (w->json) {
        kids = json_array();
        json_object_set_new(obj, "children", kids);
    }
    return walk_children(w, u->code, kids);
}

int cmd_units(int argc, char **argv)
{
    struct walk w = {0};
    const struct cli_option opts[] = {CLI_RANGE("depth", w.max_depth, 0, 4, ""),
                                      CLI_FLAG("json", w.json), CLI_END};
    struct unit u;
    struct db *db;
    int64_t code;
    int rc;

    w.max_depth = 1;
    if (cli_parse_options("units", argc, argv, 1, opts, 0) < 0)
        return EXIT_USAGE;
    if (argc - optind != 1)
        return cli_usage_error("units", "give one unit code");
    if (cli_parse_code("units", argv[optind], &code) < 0)
        return EXIT_USAGE;
    if (!(w.db = db = cli_open_db(0)))
        return EXIT_RUNTIME;
    rc = store_unit_get(db, code, &u);
    if (rc == DB_E_NOTFOUND) {
        db_close(db);
        return cli_fail("no unit %s in %s", argv[optind], cli_db_url());
    }
    if (rc == 0) {
        w.parent_arr = json_array();
        rc = visit(&w, &u);
    }
    if (rc == 0 && w.json) {
        json_dumpf(json_array_get(w.parent_arr, 0), stdout, JSON_INDENT(2));
        putchar('\n');
    }
    json_decref(w.parent_arr);
    if (rc < 0) {
        rc = cli_fail("%s", db_errmsg(db));
        db_close(db);
        return rc;
    }
    db_close(db);
    return EXIT_OK;
}
