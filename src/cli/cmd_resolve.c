/*
 * `cordon resolve ADDRESS... [--json]` and `cordon resolve --file FILE`:
 * resolve destination addresses to the deepest unit they name, as the
 * checkpoint screening does, and show what was read below it.
 */
#include "app/units/resolve.h"
#include "cli/cli.h"
#include "core/unitcode.h"

#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>

static void print_text(const char *address, const struct resolution *res)
{
    const struct address_result *a = &res->a;
    const struct address_place *pl = &a->place;
    char code[UNITCODE_STR_LEN];

    printf("%s\n", address);
    if (a->status == ADDRESS_OUTSIDE) {
        printf("  outside the city: %s (%lld)\n", a->outside_name, (long long)a->outside_code);
        return;
    }
    unitcode_format(a->code, code);
    printf("  %s %s (%s) %s\n  ", code, res->path[res->npath - 1].name,
           unitcode_level_name(a->level), resolve_status_name(a->status));
    for (int i = 0; i < res->npath; i++)
        printf("%s%s", i ? " / " : "", res->path[i].name);
    putchar('\n');
    for (int i = 0; i < a->ncandidates && i < ADDRESS_CANDIDATES_MAX; i++) {
        unitcode_format(res->candidates[i].code, code);
        printf("  could be %s %s\n", code, res->candidates[i].name);
    }
    if (a->ncandidates > ADDRESS_CANDIDATES_MAX)
        printf("  ... %d in all\n", a->ncandidates);
    printf("  rest: %s\n", a->rest);
    if (*pl->compound || *pl->building || *pl->room) {
        printf(" ");
        if (*pl->compound)
            printf(" compound %s%s", pl->compound, pl->compound_id ? " (registered)" : "");
        if (*pl->building)
            printf(" building %s", pl->building);
        if (*pl->unit)
            printf(" unit %s", pl->unit);
        if (pl->floor)
            printf(" floor %d", pl->floor);
        if (*pl->room)
            printf(" room %s", pl->room);
        if (res->household)
            printf(" household #%lld", (long long)res->household);
        putchar('\n');
    }
}

/* One address per line of f; each answer on one line (TSV, or JSON lines). */
static int resolve_lines(struct resolver *r, struct db *db, FILE *f, int json)
{
    char line[4096];
    int rc = EXIT_OK;

    if (!json)
        printf("address\tcode\tlevel\tstatus\trest\tcompound\tbuilding\tunit\troom\n");
    while (fgets(line, sizeof line, f)) {
        struct resolution res;
        size_t len = strcspn(line, "\r\n");
        int e;

        line[len] = '\0';
        if (len == 0)
            continue;
        if ((e = resolver_resolve(r, db, line, len, &res)) < 0) {
            fprintf(stderr, "cordon resolve: %s: %s\n", line, resolve_strerror(e));
            rc = EXIT_RUNTIME;
            continue;
        }
        if (json) {
            json_t *j = resolution_json(&res);
            json_object_set_new(j, "address", json_string(line));
            json_dumpf(j, stdout, JSON_COMPACT);
            putchar('\n');
            json_decref(j);
        } else {
            char code[UNITCODE_STR_LEN] = "";
            if (res.a.code)
                unitcode_format(res.a.code, code);
            printf("%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\n", line, code, res.a.level,
                   resolve_status_name(res.a.status), res.a.rest, res.a.place.compound,
                   res.a.place.building, res.a.place.unit, res.a.place.room);
        }
    }
    return rc;
}

int cmd_resolve(int argc, char **argv)
{
    const char *file = NULL;
    int json = 0, rc = EXIT_OK;
    const struct cli_option opts[] = {CLI_FLAG("json", json), CLI_TEXT("file", file), CLI_END};
    struct resolver *r = NULL;
    struct db *db;
    struct app_error err;

    /* One line of ours on a bad option, not getopt's too. */
    if (cli_parse_options("resolve", argc, argv, 1, opts, CLI_QUIET_BAD) < 0)
        return EXIT_USAGE;
    if (!file && optind >= argc)
        return cli_usage_error("resolve", "give an address, or --file FILE");
    if (file && optind < argc)
        return cli_usage_error("resolve", "give addresses or --file, not both");
    for (int i = optind; i < argc; i++)
        if (strspn(argv[i], " \t\r\n") == strlen(argv[i]))
            return cli_usage_error("resolve", "the address is empty");
    if (!(db = cli_open_db(0)))
        return EXIT_RUNTIME;
    if (resolver_new(db, &r, &err) < 0) {
        db_close(db);
        return cli_fail("%s", err.message);
    }
    if (file) {
        FILE *f = strcmp(file, "-") == 0 ? stdin : fopen(file, "r");
        if (!f) {
            rc = cli_fail("cannot read %s", file);
        } else {
            rc = resolve_lines(r, db, f, json);
            if (f != stdin)
                fclose(f);
        }
        goto out;
    }
    for (int i = optind; i < argc; i++) {
        struct resolution res;
        int e = resolver_resolve(r, db, argv[i], strlen(argv[i]), &res);

        if (e < 0) {
            rc = e == RESOLVE_E_EMPTY || e == RESOLVE_E_TOOLONG || e == RESOLVE_E_UTF8
                     ? cli_usage_error("resolve", "%s", resolve_strerror(e))
                     : cli_fail("%s", resolve_strerror(e));
            goto out;
        }
        if (json) {
            json_t *j = resolution_json(&res);
            json_dumpf(j, stdout, argc - optind > 1 ? JSON_COMPACT : JSON_INDENT(2));
            putchar('\n');
            json_decref(j);
        } else {
            print_text(argv[i], &res);
        }
    }
out:
    resolver_free(r);
    db_close(db);
    return rc;
}
