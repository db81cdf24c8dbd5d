/*
 * What the libFuzzer targets in tests/fuzz/ share: one database per fuzzing
 * process, in memory, holding Shanghai's divisions (the import, the
 * resolver and the write parsers read units from it), created on the first
 * call and kept for the whole run. A header so each target stays one file.
 */
#ifndef CORDON_FUZZ_H
#define CORDON_FUZZ_H

#include "app/units/hierarchy.h"
#include "store/db.h"

#include <stdio.h>
#include <stdlib.h>

#define FUZZ_CITY 3101 /* Shanghai */

/* The process's database; aborts (a finding) when it cannot be set up. */
static inline struct db *fuzz_db(void)
{
    static struct db *db;
    struct hierarchy_report rep;
    struct app_error e;
    char err[DB_ERR_LEN];

    if (db)
        return db;
    setenv("CORDON_TODAY", "2020-03-09", 1);
    if (db_open(":memory:", DB_OPEN_CREATE, &db, err) < 0) {
        fprintf(stderr, "fuzz: db_open: %s\n", err);
        abort();
    }
    if (hierarchy_init_city(db, FUZZ_CITY, &rep, &e) < 0) {
        fprintf(stderr, "fuzz: hierarchy_init_city: %s\n", e.message);
        abort();
    }
    return db;
}

#endif
