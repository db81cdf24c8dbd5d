/*
 * `cordon enterprise import|list|owner|assign`: the street's enterprise
 * spreadsheet, the register listed, an enterprise's own account and its
 * service specialists — the use cases of app/enterprises/ as the command
 * line (the system role).
 */
#include "app/enterprises/enterprises.h"
#include "app/enterprises/import.h"
#include "cli/cli.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct ent_args {
    int64_t street, unit;
    const char *account, *sheet;
    char **operands;
    int noperands;
    struct caller c;
};

static int ent_import(struct db *db, const struct ent_args *a)
{
    struct import_report rep;
    struct app_error e;
    int rc;

    if (a->noperands != 1 || !a->street)
        return cli_usage_error("enterprise", "import needs FILE --street CODE");
    rc =
        enterprises_import_sheet(db, &a->c, a->street, a->operands[0], NULL, 0, a->sheet, &rep, &e);
    if (rc < 0) {
        import_report_cleanup(&rep);
        return cli_app_fail(db, &e, "import");
    }
    for (size_t i = 0; i < rep.nerrors; i++)
        fprintf(stderr, "%s:%zu:%d: %s: %s [%s]\n", a->operands[0], rep.errors[i].line,
                rep.errors[i].column, rep.errors[i].header, rep.errors[i].message,
                rep.errors[i].code);
    if (rc == 1)
        fprintf(stderr, "cordon: %zu of %zu rows are bad; nothing was imported\n", rep.rejected,
                rep.rows);
    else
        printf("imported %zu enterprises from %s (%s): %zu new, %zu updated\n", rep.rows,
               a->operands[0], rep.encoding, rep.created, rep.updated);
    import_report_cleanup(&rep);
    return rc == 1 ? EXIT_RUNTIME : EXIT_OK;
}

static int print_enterprise(void *arg, const struct enterprise_row *e)
{
    (void)arg;
    printf("%lld\t%s\t%s\t%s\t%lld\t%lld\t%s\n", (long long)e->id, e->credit_code, e->name,
           e->industry, (long long)e->staff, (long long)e->output, e->status);
    return 0;
}

static int ent_list(struct db *db, const struct ent_args *a)
{
    struct enterprise_query q;
    struct page pg = {0, ENTERPRISES_PAGE_MAX, 0};
    struct app_error e;

    memset(&q, 0, sizeof q);
    q.unit = a->unit;
    do {
        pg.cursor = pg.next;
        if (enterprises_list(db, &a->c, &q, &pg, print_enterprise, NULL, &e) < 0)
            return cli_app_fail(db, &e, "list");
    } while (pg.next);
    return EXIT_OK;
}

/* owner (1) or assign (0): ENTERPRISE_ID --account NAME. */
static int link(struct db *db, const struct ent_args *a, int owner)
{
    struct app_error e;
    long long id;

    if (a->noperands != 1 || !a->account || (id = atoll(a->operands[0])) <= 0)
        return cli_usage_error("enterprise", "%s needs ENTERPRISE_ID --account NAME",
                               owner ? "owner" : "assign");
    if (enterprise_link_account(db, &a->c, id, a->account, owner, &e) < 0)
        return cli_app_fail(db, &e, owner ? "set the account" : "assign");
    return EXIT_OK;
}

static int ent_owner(struct db *db, const struct ent_args *a)
{
    return link(db, a, 1);
}

static int ent_assign(struct db *db, const struct ent_args *a)
{
    return link(db, a, 0);
}

typedef int (*ent_action)(struct db *db, const struct ent_args *a);

/* The action named, or NULL: known before the database is opened. */
static ent_action find_action(const char *name)
{
    static const struct {
        const char *name;
        ent_action run;
    } actions[] = {
        {"import", ent_import}, {"list", ent_list}, {"owner", ent_owner}, {"assign", ent_assign}};

    for (size_t i = 0; i < sizeof actions / sizeof *actions; i++)
        if (strcmp(name, actions[i].name) == 0)
            return actions[i].run;
    return NULL;
}

int cmd_enterprise(int argc, char **argv)
{
    struct ent_args a;
    const struct cli_option opts[] = {CLI_CODE("street", a.street), CLI_CODE("unit", a.unit),
                                      CLI_TEXT("account", a.account), CLI_TEXT("sheet", a.sheet),
                                      CLI_END};
    ent_action run;
    struct db *db;
    int first, rc;

    memset(&a, 0, sizeof a);
    if (argc < 2 || !(run = find_action(argv[1])))
        return cli_usage_error("enterprise", "say import, list, owner or assign");
    if ((first = cli_parse_options("enterprise", argc, argv, 2, opts, 0)) < 0)
        return EXIT_USAGE;
    a.operands = argv + first;
    a.noperands = argc - first;
    if (!(db = cli_open_city(&a.c, "cannot read the database")))
        return EXIT_RUNTIME;
    rc = run(db, &a);
    db_close(db);
    return rc;
}
