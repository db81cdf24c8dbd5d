/*
 * `cordon serve`: run the HTTP server until SIGINT/SIGTERM.
 */
#include "app/dashboard/dashboard.h"
#include "app/register/rollover.h"
#include "cli/cli.h"
#include "core/date.h"
#include "http/server.h"
#include "util/clock.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

/* The time a tick may spend on the pass over the open quarantine cases
 * (tasks_tick) and on the roll-over's batches (rollover_tick). The tick
 * before the server listens has half a second for both together, so that a
 * start at a new check-in slot or a new day is not held by a city's million
 * cases (~11 s of work) nor by its 130,000 residents due (the roll-over then
 * opens the day and does one more batch: TICK_BUDGET_LEAST_S). Later ticks
 * have five seconds each, the next tick a second later while work is left
 * (server.h), so that the other periodic jobs and a signal to stop are not
 * held either, and neither job waits for the other's long pass. */
#define TICK_BUDGET_FIRST_S 0.5
#define TICK_BUDGET_S       5.0
#define TICK_BUDGET_LEAST_S 1e-3

struct serve_ticks {
    struct db *db;
    long ticks;
};

/* Periodic job on the server's main thread: roll colours over when the day
 * changes (checked every 30 s, so at most 30 s after local midnight). With
 * several servers on one PostgreSQL database only one of them does it; the
 * others skip the tick (rollover_tick never waits for the lock to open a
 * day; the day's later batches wait for the writers' few milliseconds). */
static int serve_tick(void *arg)
{
    struct serve_ticks *t = arg;
    struct db *db = t->db;
    struct rollover_report rep;
    struct app_error err;
    char d[DATE_STR_LEN];
    int first = t->ticks++ == 0;
    double start = clock_mono(), budget = first ? TICK_BUDGET_FIRST_S : TICK_BUDGET_S;
    int more;

    handover_tick(db);
    more = task_tick(db, budget);
    campaign_tick(db);
    staff_tick(db);
    /* rollover_tick runs to the end on a budget of 0: never pass it less
     * than the least. */
    if (first && (budget -= clock_mono() - start) < TICK_BUDGET_LEAST_S)
        budget = TICK_BUDGET_LEAST_S;
    if (rollover_tick(db, clock_today(), budget, &rep, &err) < 0) {
        fprintf(stderr, "cordon: roll-over failed: %s\n", err.message);
        return more;
    }
    /* After the roll-over: the counts of the day it opened. */
    if (dashboard_warm(db, clock_today()) < 0)
        fprintf(stderr, "cordon: cannot count the city's dashboards ahead: %s\n", db_errmsg(db));
    more |= rep.unfinished;
    if (rep.skipped) {
        fprintf(stderr, "cordon: roll-over skipped: another process is doing it\n");
        return more;
    }
    if (rep.from != DATE_NONE) {
        date_format(rep.to, d);
        fprintf(stderr, "cordon: rolled over to %s: %lld re-evaluated, %lld changed colour%s\n", d,
                (long long)rep.evaluated, (long long)rep.changed,
                rep.unfinished ? ", the rest at the next tick" : "");
    } else if (rep.evaluated) {
        date_format(rep.to, d);
        fprintf(stderr, "cordon: roll-over to %s: %lld more re-evaluated, %lld changed colour%s\n",
                d, (long long)rep.evaluated, (long long)rep.changed,
                rep.unfinished ? ", the rest at the next tick" : "");
    }
    return more;
}

int cmd_serve(int argc, char **argv)
{
    struct server_config cfg = {.listen = "127.0.0.1:8080",
                                .max_body = 1 << 20,
                                .timeout_s = 30,
                                .tick = serve_tick,
                                .tick_s = 30,
                                .request_timeout_s = 30};
    const struct cli_option opts[] = {
        CLI_TEXT("listen", cfg.listen),
        CLI_RANGE("threads", cfg.threads, 1, 64, ""),
        CLI_RANGE("max-body", cfg.max_body, 1024, 1L << 30, "bytes"),
        CLI_RANGE("request-timeout", cfg.request_timeout_s, 1, 3600, "seconds"),
        CLI_RANGE("public-rate", cfg.public_rate, 1, 1000000, "a minute"),
        CLI_RANGE("search-rate", cfg.search_rate, 1, 1000000, "a minute"),
        CLI_RANGE("max-per-address", cfg.max_per_address, 1, 4096, "connections"),
        CLI_TEXT("metrics-from", cfg.metrics_from),
        CLI_RANGE("writer-queue", cfg.writer_queue, 1, 1000000, "writes"),
        CLI_END};
    struct serve_ticks ticks = {0};
    char err[256];
    int rc;

    if (cli_parse_options("serve", argc, argv, 1, opts, 0) < 0)
        return EXIT_USAGE;
    if (optind < argc)
        return cli_usage_error("serve", "unexpected argument %s", argv[optind]);
    cfg.db_url = cli_db_url();
    if (!(ticks.db = cli_open_db(0)))
        return EXIT_RUNTIME;
    cfg.tick_arg = &ticks;
    rc = server_run(&cfg, err);
    db_close(ticks.db);
    if (rc < 0)
        return cli_fail("%s", err);
    return EXIT_OK;
}
