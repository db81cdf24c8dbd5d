/*
 * `cordon task sweep|list`: the daily sweep (quarantines ending, recurring
 * rubbish collection, missed check-ins, escalation events), which the
 * server also runs on its tick, and a list of a unit's tasks.
 */
#include "app/daytime.h"
#include "app/tasks/tasks.h"
#include "cli/cli.h"
#include "core/tasks.h"
#include "store/units.h"
#include "util/clock.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

int task_tick(struct db *db, double budget_s)
{
    struct tasks_sweep_report rep;
    struct app_error err;

    if (tasks_tick(db, clock_today(), daytime_now(), budget_s, &rep, &err) < 0) {
        fprintf(stderr, "cordon: %s\n", err.message);
        return 0;
    }
    if (rep.ended || rep.generated || rep.alerts || rep.escalated)
        fprintf(stderr,
                "cordon: tasks: %lld quarantine(s) ended, %lld task(s) generated, %lld missed "
                "check-in(s), %lld escalated\n",
                (long long)rep.ended, (long long)rep.generated, (long long)rep.alerts,
                (long long)rep.escalated);
    if (rep.unfinished)
        fprintf(stderr, "cordon: tasks: %lld open case(s) gone over, the rest at the next tick\n",
                (long long)rep.cases);
    return rep.unfinished;
}

static int print_task(void *arg, const struct task_row *t)
{
    char deadline[32];
    int64_t now = *(int64_t *)arg;

    clock_format(t->deadline, deadline);
    printf("%lld\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", (long long)t->id,
           task_kind_code((enum task_kind)t->kind), task_state_code((enum task_state)t->state),
           deadline,
           task_escalation_code(task_escalation_at((enum task_state)t->state, t->deadline, now)),
           t->assignee_name[0] ? t->assignee_name : "-", t->where, t->title);
    return 0;
}

/* --state: a task state, or "active" (open or accepted). */
static int parse_state(const char *cmd, const char *arg, void *dest)
{
    enum task_state s;

    if (strcmp(arg, "active") == 0)
        *(int *)dest = -2;
    else if (task_state_parse(arg, &s) == 0)
        *(int *)dest = (int)s;
    else
        return cli_usage_error(cmd, "--state: open, accepted, done, cancelled, active"), -1;
    return 0;
}

int cmd_task(int argc, char **argv)
{
    struct tasks_query q;
    const struct cli_option opts[] = {CLI_CODE("unit", q.unit),
                                      CLI_FN("state", q.state, parse_state),
                                      CLI_FLAG("board", q.board), CLI_END};
    struct tasks_sweep_report rep;
    struct caller c;
    struct app_error e;
    struct db *db;
    struct app_error err;
    int64_t city = 0, now = daytime_now();
    struct page pg = {0, 0, 0};
    int rc;

    if (argc < 2)
        return cli_usage_error("task", "say sweep or list");
    memset(&q, 0, sizeof q);
    q.state = -1;
    if (cli_parse_options("task", argc, argv, 2, opts, 0) < 0)
        return EXIT_USAGE;
    if (strcmp(argv[1], "sweep") != 0 && strcmp(argv[1], "list") != 0)
        return cli_usage_error("task", "unknown action %s", argv[1]);
    if (!(db = cli_open_db(0)))
        return EXIT_RUNTIME;
    if (strcmp(argv[1], "sweep") == 0) {
        rc = tasks_sweep(db, clock_today(), now, &rep, &err);
        db_close(db);
        if (rc < 0)
            return cli_fail("%s", err.message);
        printf("%lld quarantine(s) ended, %lld task(s) generated, %lld missed check-in(s), "
               "%lld task(s) escalated%s\n",
               (long long)rep.ended, (long long)rep.generated, (long long)rep.alerts,
               (long long)rep.escalated, rep.skipped ? " (skipped: another process sweeps)" : "");
        return EXIT_OK;
    }
    if ((rc = store_city_code(db, &city)) < 0) {
        db_close(db);
        return cli_fail("cannot read the database");
    }
    caller_cli(&c, city);
    pg.limit = TASKS_PAGE_MAX;
    do {
        pg.cursor = pg.next;
        rc = tasks_list(db, &c, &q, &pg, print_task, &now, &e);
    } while (rc >= 0 && pg.next);
    db_close(db);
    return rc < 0 ? cli_fail("%s", e.message) : EXIT_OK;
}
