/*
 * Query-plan check of the SQLite driver, for the tests: with the environment
 * variable CORDON_PLAN_CHECK set, every statement the driver prepares is
 * first run through EXPLAIN QUERY PLAN, and a full scan of a table that
 * grows with the city (residents, households, events...) is written to
 * stderr as one line "cordon: plan: full scan of TABLE: SQL".
 *
 * Why: a page that answers in 3 ms on the demo took 42 s on a city of 25
 * million, because one correlated subquery scanned the residents table for
 * every compound. Without statistics (cordon never runs ANALYZE) SQLite's
 * plan depends on the schema and the SQL, not on the number of rows, so a
 * scan seen on a small database is the scan a city-sized one would run.
 * tests/api/test_query_plans.py walks every page a committee, a grid worker
 * and a street open and fails on any such line.
 *
 * EXPLAIN QUERY PLAN names a table by its alias ("SCAN r"); the alias is
 * mapped back to its table by reading "FROM residents r" / "JOIN residents
 * AS r" in the statement text, which is how every statement here is written.
 */
#include "store/db_sqlite_plan.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Tables that stay small whatever the city (the hierarchy, settings,
 * accounts, the list of origins whose arrivals are quarantined, the wall
 * charts' displays, one import's staged cases): scanning them is not what
 * makes a page slow. */
static const char *const small_tables[] = {
    "units",
    "meta",
    "schema_version",
    "accounts",
    "home_units",
    "checkpoints",
    "posts",
    "duty_posts",
    "rules",
    "orgs",
    "campaigns",
    "campaign_points",
    "colour_counts",
    "sessions",
    "login_failures",
    "origins",
    "displays",
    "case_stage",
    NULL,
};

/* The comment that marks a walk of the primary key as meant. */
#define WALK_MARK "/* walk */"
/* The comment that marks a statement that reads a whole set on purpose, in
 * the background or once a day (the day's building entries into the
 * writer's memory), or page by page from the newest row (the audit log):
 * none of its lines is reported. */
#define BULK_MARK "/* bulk */"

int sqlite_plan_check_enabled(void)
{
    static int enabled = -1;

    if (enabled < 0) {
        const char *v = getenv("CORDON_PLAN_CHECK");
        enabled = v && *v && strcmp(v, "0") != 0;
    }
    return enabled;
}

static int is_small(const char *table)
{
    for (int i = 0; small_tables[i]; i++)
        if (strcmp(small_tables[i], table) == 0)
            return 1;
    return 0;
}

static int word_char(char c)
{
    return isalnum((unsigned char)c) || c == '_';
}

/* The word that ends just before sql[at], skipping spaces: its start in
 * *start and its length returned (0 when a non-word character comes first). */
static size_t prev_word(const char *sql, size_t at, size_t *start)
{
    size_t end = at;

    while (end > 0 && isspace((unsigned char)sql[end - 1]))
        end--;
    *start = end;
    while (*start > 0 && word_char(sql[*start - 1]))
        (*start)--;
    return end - *start;
}

/* Whether the table name starting at sql[at] follows FROM, JOIN or a comma. */
static int after_from(const char *sql, size_t at)
{
    size_t s, n = prev_word(sql, at, &s);

    if (n == 0)
        return s > 0 && sql[s - 1] == ',';
    return (n == 4 && strncasecmp(sql + s, "FROM", 4) == 0) ||
           (n == 4 && strncasecmp(sql + s, "JOIN", 4) == 0);
}

/* The table an alias stands for in sql ("FROM residents r", "JOIN
 * households AS h", "FROM a, residents r"); the alias itself when it is a
 * table named without one. */
static void alias_table(const char *sql, const char *alias, char *out, size_t outsz)
{
    size_t n = strlen(alias);

    snprintf(out, outsz, "%s", alias);
    for (const char *p = sql; (p = strstr(p, alias)) != NULL; p += n) {
        size_t at = (size_t)(p - sql), s, k;
        if ((at > 0 && word_char(sql[at - 1])) || word_char(p[n]))
            continue;
        k = prev_word(sql, at, &s);
        if (k == 2 && strncasecmp(sql + s, "AS", 2) == 0)
            k = prev_word(sql, s, &s);
        if (k > 0 && k < outsz && after_from(sql, s)) {
            memcpy(out, sql + s, k);
            out[k] = 0;
            return;
        }
    }
}

/* Whether word occurs in sql as a whole word. */
static int names_word(const char *sql, const char *word)
{
    size_t n = strlen(word);

    for (const char *p = sql; (p = strstr(p, word)) != NULL; p += n)
        if ((p == sql || !word_char(p[-1])) && !word_char(p[n]))
            return 1;
    return 0;
}

/* Whether name is a table of the schema. */
static int is_table(sqlite3 *h, const char *name)
{
    sqlite3_stmt *st = NULL;
    int yes = 0;

    if (sqlite3_prepare_v2(h, "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?", -1,
                           &st, NULL) == SQLITE_OK &&
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC) == SQLITE_OK)
        yes = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return yes;
}

void sqlite_plan_check(sqlite3 *h, const char *sql, int len)
{
    sqlite3_stmt *st = NULL;
    char *q;
    size_t n = len < 0 ? strlen(sql) : (size_t)len;

    if (strncasecmp(sql, "SELECT", 6) != 0 && strncasecmp(sql, "WITH", 4) != 0 &&
        strncasecmp(sql, "UPDATE", 6) != 0 && strncasecmp(sql, "DELETE", 6) != 0 &&
        strncasecmp(sql, "INSERT", 6) != 0)
        return;
    if (!(q = malloc(n + 20)))
        return;
    memcpy(q, "EXPLAIN QUERY PLAN ", 19);
    memcpy(q + 19, sql, n);
    q[19 + n] = 0;
    if (sqlite3_prepare_v2(h, q, -1, &st, NULL) != SQLITE_OK)
        goto cleanup;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *detail = (const char *)sqlite3_column_text(st, 3);
        char alias[64], table[64];
        int automatic, open_key, city_day, bare;
        if (!detail)
            continue;
        /* An automatic index is built from a full scan of its table on
         * every run of the statement: the worst kind of scan. So is a walk
         * of the primary key from a cursor to the end ("id > $n" chosen
         * over the unit's index: every resident after the cursor is read
         * to find the unit's, 5 s for a street of a city of 25 million),
         * on any table that grows with the city. A statement carrying the
         * comment WALK_MARK walks on purpose, from a start its caller
         * found (store/residents_query.h, `walk`). */
        automatic = strstr(detail, "AUTOMATIC") != NULL;
        open_key =
            strstr(detail, "PRIMARY KEY (rowid>?)") || strstr(detail, "PRIMARY KEY (rowid<?)");
        /* And a search by the day alone: every row of the city's day (a
         * district's dashboard counted its posts' screenings by reading
         * the 143,622 of the city's day, 20-60 ms for none of its own). */
        city_day = strstr(detail, " (day=?)") != NULL;
        /* And a SEARCH that names no index: SQLite's words for a min() or
         * max() over a full scan ("SELECT min(colour) FROM residents WHERE
         * household = ?" read all 25 million rows, 15 s, for one
         * booking). */
        bare = strncmp(detail, "SEARCH ", 7) == 0 && !strstr(detail, " USING ") &&
               strstr(q + 19, " WHERE ");
        if (strncmp(detail, "SCAN ", 5) != 0 &&
            !((automatic || open_key || city_day || bare) && strncmp(detail, "SEARCH ", 7) == 0))
            continue;
        if (sscanf(detail + (detail[1] == 'C' ? 5 : 7), "%63[A-Za-z0-9_]", alias) != 1 ||
            strcmp(alias, "CONSTANT") == 0)
            continue;
        alias_table(q + 19, alias, table, sizeof table);
        /* A CTE or a subquery in FROM ("SCAN q" of a one-row WITH) holds
         * the rows its own statement chose, whose reads are checked as
         * lines of their own. */
        if (!is_table(h, table))
            continue;
        /* An INSERT's plan also shows the foreign-key checks of the tables
         * that reference the one written (a scan of each child), which
         * SQLite runs only while a deferred violation is outstanding; a
         * table the statement reads is named in its text. */
        if (strncasecmp(q + 19, "INSERT", 6) == 0 && !names_word(q + 19, table))
            continue;
        /* "Is there a row at all?" reads the first row and stops. */
        if (!strstr(q + 19, " WHERE ") && n > 8 && strcmp(q + 19 + n - 8, " LIMIT 1") == 0)
            continue;
        if ((open_key && !automatic && strstr(q + 19, WALK_MARK)) || strstr(q + 19, BULK_MARK))
            continue;
        if (!is_small(table))
            fprintf(stderr, "cordon: plan: full scan of %s (%s): %.*s\n", table, detail, (int)n,
                    sql);
    }
cleanup:
    sqlite3_finalize(st);
    free(q);
}
