/*
 * `cordon audit [--person DOCNO] [--account NAME] [--limit N]`: the audit
 * log of personal data, newest first, city-wide (the command line acts as
 * the city administrator).
 */
#include "app/accounts/audit.h"
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
    struct audit_query q;
    struct page pg = {0, 100, 0};
    const struct cli_option opts[] = {CLI_TEXT("person", q.person), CLI_TEXT("account", q.account),
                                      CLI_RANGE("limit", pg.limit, 1, AUDIT_PAGE_MAX, ""), CLI_END};
    struct app_error e;
    struct caller c;
    struct db *db;
    int rc;

    memset(&q, 0, sizeof q);
    if (cli_parse_options("audit", argc, argv, 1, opts, 0) < 0)
        return EXIT_USAGE;
    if (optind < argc)
        return cli_usage_error("audit", "unexpected argument %s", argv[optind]);
    if (!(db = cli_open_city(&c, "the database holds no city yet (`cordon init`)")))
        return EXIT_RUNTIME;
    rc = audit_list(db, &c, &q, &pg, print_entry, NULL, &e);
    db_close(db);
    if (rc < 0)
        return cli_fail("%s", e.message);
    if (pg.next)
        fprintf(stderr, "(more: older entries exist; raise --limit)\n");
    return EXIT_OK;
}
