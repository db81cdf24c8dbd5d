/*
 * `cordon demo entries`: the demo's steps too long for `init --demo` —
 * today's 300,000 building entries of 虹梅路街道 (demo/demo_entries.h), about
 * 2 s in SQLite and 5 to 10 s in PostgreSQL on a loaded machine, so the demo
 * itself stays quick to make.
 */
#include "app/app.h"
#include "cli/cli.h"
#include "demo/demo_entries.h"
#include "util/clock.h"

#include <stdio.h>
#include <string.h>

int cmd_demo(int argc, char **argv)
{
    const struct cli_option opts[] = {CLI_END};
    struct caller c;
    struct db *db;
    char err[256] = "";
    int64_t n = 0;
    int first, rc;

    if (argc < 2 || strcmp(argv[1], "entries") != 0)
        return cli_usage_error("demo", "say entries");
    if ((first = cli_parse_options("demo", argc, argv, 2, opts, 0)) < 0)
        return EXIT_USAGE;
    if (first != argc)
        return cli_usage_error("demo", "entries takes no operand");
    if (!(db = cli_open_city(&c, "cannot read the database")))
        return EXIT_RUNTIME;
    rc = demo_entries_create(db, clock_today(), &n, err);
    db_close(db);
    if (rc < 0) {
        fprintf(stderr, "cordon: %s\n", err);
        return EXIT_RUNTIME;
    }
    if (n)
        printf("demo: %lld building entries today in 虹梅路街道\n", (long long)n);
    else
        printf("demo: no entries added (虹梅路街道 has entries today already, or no demo "
               "enterprises: run `cordon init --city 3101 --demo` first)\n");
    return EXIT_OK;
}
