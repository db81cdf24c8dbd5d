/*
 * Query-plan check of the SQLite driver (tests only, CORDON_PLAN_CHECK=1):
 * reports full scans of tables that grow with the city. See the .c file.
 */
#ifndef CORDON_STORE_DB_SQLITE_PLAN_H
#define CORDON_STORE_DB_SQLITE_PLAN_H

#include <sqlite3.h>

/* Whether CORDON_PLAN_CHECK is set (read once). */
int sqlite_plan_check_enabled(void);

/* Writes one stderr line per full scan of a large table in sql's plan. */
void sqlite_plan_check(sqlite3 *h, const char *sql, int len);

#endif
