/*
 * `cordon serve`: run the HTTP server until SIGINT/SIGTERM.
 */
#include "app/rollover.h"
#include "cli/cli.h"
#include "core/date.h"
#include "http/server.h"
#include "util/clock.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

/* Periodic job on the server's main thread: roll colours over when the day
 * changes (checked every 30 s, so at most 30 s after local midnight). With
 * several servers on one PostgreSQL database only one of them does it; the
 * others skip the tick (rollover_run never waits for the lock). */
static void serve_tick(void *arg)
{
    struct db *db = arg;
    struct rollover_report rep;
    struct app_error err;
    char d[DATE_STR_LEN];

    handover_tick(db);
    task_tick(db);
    if (rollover_run(db, clock_today(), &rep, &err) < 0) {
        fprintf(stderr, "cordon: roll-over failed: %s\n", err.message);
        return;
    }
    if (rep.skipped) {
        fprintf(stderr, "cordon: roll-over skipped: another process is doing it\n");
        return;
    }
    if (rep.from != DATE_NONE) {
        date_format(rep.to, d);
        fprintf(stderr, "cordon: rolled over to %s: %lld re-evaluated, %lld changed colour\n", d,
                (long long)rep.evaluated, (long long)rep.changed);
    }
}

int cmd_serve(int argc, char **argv)
{
    static const struct option longopts[] = {{"listen", required_argument, 0, 'l'},
                                             {"threads", required_argument, 0, 't'},
                                             {"max-body", required_argument, 0, 'b'},
                                             {"request-timeout", required_argument, 0, 'r'},
                                             {"public-rate", required_argument, 0, 'p'},
                                             {"writer-queue", required_argument, 0, 'q'},
                                             CLI_COMMON_LONGOPTS,
                                             {0, 0, 0, 0}};
    struct server_config cfg = {.listen = "127.0.0.1:8080",
                                .max_body = 1 << 20,
                                .timeout_s = 30,
                                .tick = serve_tick,
                                .tick_s = 30,
                                .request_timeout_s = 30};
    struct db *jobs_db;
    char err[256], *end;
    long v;
    int opt, rc;

    optind = 1;
    while ((opt = getopt_long(argc, argv, "", longopts, NULL)) != -1) {
        switch (opt) {
        case 'l':
            cfg.listen = optarg;
            break;
        case 't':
            v = strtol(optarg, &end, 10);
            if (*end || v < 1 || v > 64)
                return cli_usage_error("serve", "--threads takes 1 to 64");
            cfg.threads = (unsigned)v;
            break;
        case 'b':
            v = strtol(optarg, &end, 10);
            if (*end || v < 1024 || v > (1L << 30))
                return cli_usage_error("serve", "--max-body takes 1024 to 1073741824 bytes");
            cfg.max_body = (size_t)v;
            break;
        case 'r':
            v = strtol(optarg, &end, 10);
            if (*end || v < 1 || v > 3600)
                return cli_usage_error("serve", "--request-timeout takes 1 to 3600 seconds");
            cfg.request_timeout_s = (unsigned)v;
            break;
        case 'p':
            v = strtol(optarg, &end, 10);
            if (*end || v < 1 || v > 1000000)
                return cli_usage_error("serve", "--public-rate takes 1 to 1000000 a minute");
            cfg.public_rate = (unsigned)v;
            break;
        case 'q':
            v = strtol(optarg, &end, 10);
            if (*end || v < 1 || v > 1000000)
                return cli_usage_error("serve", "--writer-queue takes 1 to 1000000 writes");
            cfg.writer_queue = (int)v;
            break;
        default:
            if ((rc = cli_common_option(opt, optarg)) <= 0)
                return rc < 0 ? EXIT_USAGE : cli_usage_error("serve", "unknown option");
        }
    }
    if (optind < argc)
        return cli_usage_error("serve", "unexpected argument %s", argv[optind]);
    cfg.db_url = cli_db_url();
    if (!(jobs_db = cli_open_db(0)))
        return EXIT_RUNTIME;
    cfg.tick_arg = jobs_db;
    rc = server_run(&cfg, err);
    db_close(jobs_db);
    if (rc < 0)
        return cli_fail("%s", err);
    return EXIT_OK;
}
