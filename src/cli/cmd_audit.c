/*
 * `cordon audit [--person DOCNO] [--account NAME] [--limit N]`: the audit
 * log of personal data, newest first, city-wide (the command line acts as
 * the city administrator).
 */
#include "app/audit.h"
#include "cli/cli.h"
#include "core/unitcode.h"
#include "store/units.h"
#include "util/clock.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int print_entry(void *arg, const struct audit_item *it)
{
    char at[32];

    (void)arg;
    clock_format(it->at, at);
    printf("%s  %-16s %-14s", at, it->account_name, it->action);
    if (it->resident)
        printf(" resident %lld", (long long)it->resident);
    if (it->unit)
        printf(" unit %lld", (long long)it->unit);
    if (it->address[0])
        printf(" from %s", it->address);
    if (it->detail[0])
        printf(" %s", it->detail);
    printf("\n");
    return 0;
}

int cmd_audit(int argc, char **argv)
{
    static const struct option longopts[] = {{"person", required_argument, 0, 'p'},
                                             {"account", required_argument, 0, 'a'},
                                             {"limit", required_argument, 0, 'n'},
                                             CLI_COMMON_LONGOPTS,
                                             {0, 0, 0, 0}};
    struct audit_query q;
    struct page pg = {0, 100, 0};
    struct app_error e;
    struct caller c;
    struct db *db;
    int64_t city = 0;
    char *end;
    long v;
    int opt, rc;

    memset(&q, 0, sizeof q);
    optind = 1;
    while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        if (opt == 'p') {
            q.person = optarg;
        } else if (opt == 'a') {
            q.account = optarg;
        } else if (opt == 'n') {
            v = strtol(optarg, &end, 10);
            if (*end || v < 1 || v > AUDIT_PAGE_MAX)
                return cli_usage_error("audit", "--limit takes 1 to %d", AUDIT_PAGE_MAX);
            pg.limit = (int)v;
        } else if ((rc = cli_common_option(opt, optarg)) <= 0) {
            return rc < 0 ? EXIT_USAGE : cli_usage_error("audit", "unknown option");
        }
    }
    if (optind < argc)
        return cli_usage_error("audit", "unexpected argument %s", argv[optind]);
    if (!(db = cli_open_db(0)))
        return EXIT_RUNTIME;
    if ((rc = store_city_code(db, &city)) < 0 || !city) {
        db_close(db);
        return cli_fail("the database holds no city yet (`cordon init`)");
    }
    caller_cli(&c, city);
    rc = audit_list(db, &c, &q, &pg, print_entry, NULL, &e);
    db_close(db);
    if (rc < 0)
        return cli_fail("%s", e.message);
    if (pg.next)
        fprintf(stderr, "(more: older entries exist; raise --limit)\n");
    return EXIT_OK;
}
