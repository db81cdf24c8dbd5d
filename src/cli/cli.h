/*
 * Shared by the `cordon` subcommands: the command table entry, the options
 * every command accepts (--db, --tz), and opening the database with one clear
 * error line. Each command lives in its own cli/cmd_*.c and is thin: parse,
 * call one use case in app/, print.
 */
#ifndef CORDON_CLI_CLI_H
#define CORDON_CLI_CLI_H

#include "store/db.h"

#include <stdint.h>

/* Exit codes. */
#define EXIT_OK      0
#define EXIT_RUNTIME 1
#define EXIT_USAGE   2

struct cli_command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary; /* one line for `cordon help` */
    const char *usage;   /* full text for `cordon help NAME` */
};

extern const struct cli_command cli_commands[];

/* Options common to all commands, filled by cli_common_option(). */
struct cli_common {
    const char *db; /* --db, else $CORDON_DB, else ./cordon.db */
};

extern struct cli_common cli_opts;

/* Long option entries for --db and --tz, to splice into getopt tables, and
 * their handler: returns 1 if `opt` was one of them, 0 if not, -1 on a bad
 * value (message printed). */
#define CLI_OPT_DB 1000
#define CLI_OPT_TZ 1001
#define CLI_COMMON_LONGOPTS                                                                        \
    {"db", required_argument, 0, CLI_OPT_DB},                                                      \
    {                                                                                              \
        "tz", required_argument, 0, CLI_OPT_TZ                                                     \
    }
int cli_common_option(int opt, const char *arg);

/* The database URL in force. */
const char *cli_db_url(void);

/* Opens the database (create: for init). Prints one line and returns NULL
 * on failure. */
struct db *cli_open_db(int create);

/* Prints "cordon COMMAND: message" on stderr; returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prints "cordon: message" on stderr; returns EXIT_RUNTIME. */
int cli_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Parses a unit code argument; prints a usage error on failure. */
int cli_parse_code(const char *cmd, const char *s, int64_t *out);

/* Commands. */
int cmd_init(int argc, char **argv);
int cmd_cities(int argc, char **argv);
int cmd_units(int argc, char **argv);
int cmd_grid(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_counts(int argc, char **argv);
int cmd_map(int argc, char **argv);
int cmd_compounds(int argc, char **argv);
int cmd_rollover(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_gen(int argc, char **argv);
int cmd_resolve(int argc, char **argv);
int cmd_user(int argc, char **argv);
int cmd_audit(int argc, char **argv);
int cmd_checkpoint(int argc, char **argv);
int cmd_handover(int argc, char **argv);
int cmd_quarantine(int argc, char **argv);
int cmd_task(int argc, char **argv);
int cmd_place(int argc, char **argv);
int cmd_org(int argc, char **argv);

/* The server's tick: records due hand-over escalations (cmd_checkpoint.c). */
void handover_tick(struct db *db);

/* The server's tick: ends quarantines, generates the day's recurring tasks,
 * raises missed check-ins, records task escalations (cmd_task.c). */
void task_tick(struct db *db);

#endif
