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

/*
 * A command's options as data: a table of cli_option rows (made with the
 * CLI_* macros below, ended by CLI_END) read by cli_parse_options(), which
 * also takes --db and --tz and prints one precise usage line on a bad value.
 * Each row names the option, how its argument is read, and where it goes.
 */
enum cli_kind {
    CLI_K_TEXT,     /* const char *: the argument as given */
    CLI_K_CODE,     /* int64_t: a unit code (cli_parse_code) */
    CLI_K_NUM,      /* int64_t: leading digits, 0 if none (strtoll) */
    CLI_K_POSITIVE, /* int64_t: a whole number > 0, else "--NAME needs a positive number" */
    CLI_K_RANGE,    /* int, unsigned, long or size_t: MIN to MAX, else "--NAME takes MIN to MAX" */
    CLI_K_SET,      /* int: set to `min`, no argument */
    CLI_K_FN,       /* fn(cmd, arg, dest): 0, or -1 after printing a usage error */
};

struct cli_option {
    const char *name;
    enum cli_kind kind;
    void *dest;
    size_t size;        /* CLI_K_RANGE: sizeof *dest */
    long long min, max; /* CLI_K_RANGE bounds; CLI_K_SET: the value */
    const char *unit;   /* CLI_K_RANGE: said after the bounds ("days"), or "" */
    const char **text;  /* if not NULL, also receives the argument as given */
    int (*fn)(const char *cmd, const char *arg, void *dest);
    char letter; /* a one-letter form (-o), or 0 */
};

/* clang-format off */
#define CLI_TEXT(name, var)         {name, CLI_K_TEXT, &(var), 0, 0, 0, NULL, NULL, NULL, 0}
#define CLI_LETTER(c, name, var)    {name, CLI_K_TEXT, &(var), 0, 0, 0, NULL, NULL, NULL, c}
#define CLI_CODE(name, var)         {name, CLI_K_CODE, &(var), 0, 0, 0, NULL, NULL, NULL, 0}
#define CLI_CODE_TEXT(name, var, s) {name, CLI_K_CODE, &(var), 0, 0, 0, NULL, &(s), NULL, 0}
#define CLI_NUM(name, var)          {name, CLI_K_NUM, &(var), 0, 0, 0, NULL, NULL, NULL, 0}
#define CLI_POSITIVE(name, var)     {name, CLI_K_POSITIVE, &(var), 0, 0, 0, NULL, NULL, NULL, 0}
#define CLI_RANGE(name, var, lo, hi, unit) \
    {name, CLI_K_RANGE, &(var), sizeof(var), lo, hi, unit, NULL, NULL, 0}
#define CLI_FLAG(name, var)         {name, CLI_K_SET, &(var), 0, 1, 0, NULL, NULL, NULL, 0}
#define CLI_SET(name, var, v)       {name, CLI_K_SET, &(var), 0, v, 0, NULL, NULL, NULL, 0}
#define CLI_FN(name, var, fn)       {name, CLI_K_FN, &(var), 0, 0, 0, NULL, NULL, fn, 0}
#define CLI_END                     {NULL, CLI_K_TEXT, NULL, 0, 0, 0, NULL, NULL, NULL, 0}
/* clang-format on */

/* cli_parse_options() flags. */
#define CLI_QUIET_BAD 1 /* an unknown option: "bad option ARG", not getopt's line and ours */

/*
 * Parses argv[first..] by `opts` (and --db, --tz) for command `cmd`. Returns
 * the index of the first operand, also left in optind as getopt does (it
 * moves the operands last), or -1 after printing one usage line (the caller
 * exits with EXIT_USAGE).
 */
int cli_parse_options(const char *cmd, int argc, char **argv, int first,
                      const struct cli_option *opts, int flags);

/*
 * Opens the database with the command line's caller: the city
 * administrator of the database's city. On failure prints `fail_msg` (or
 * the open error) and returns NULL.
 */
struct caller;
struct db *cli_open_city(struct caller *out, const char *fail_msg);

/* Prints a use case's failure ("field: message", else the database's error
 * after "cannot WHAT: "), closes the database; returns EXIT_RUNTIME. */
struct app_error;
int cli_app_fail(struct db *db, const struct app_error *e, const char *what);

/* The --db and --tz handler (cli_parse_options() calls it): returns 1 if
 * `opt` was one of them, 0 if not, -1 on a bad value (message printed). */
#define CLI_OPT_DB 1000
#define CLI_OPT_TZ 1001
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
int cmd_enterprise(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_org(int argc, char **argv);
int cmd_campaign(int argc, char **argv);
int cmd_staff(int argc, char **argv);
int cmd_backup(int argc, char **argv);
int cmd_restore(int argc, char **argv);
int cmd_purge(int argc, char **argv);

/* The server's tick: records due hand-over escalations (cmd_checkpoint.c). */
void handover_tick(struct db *db);

/* The server's tick: ends quarantines, generates the day's recurring tasks,
 * raises missed check-ins, records task escalations (cmd_task.c); at most
 * budget_s on the pass over the open cases (tasks_tick). 1 when the pass
 * is not over. */
int task_tick(struct db *db, double budget_s);
/* The staffing gaps at the start of each shift (cmd_staff.c). */
void staff_tick(struct db *db);

/* The server's tick: boxes not collected by the end of their pickup
 * window go back (cmd_campaign.c). */
void campaign_tick(struct db *db);

#endif
