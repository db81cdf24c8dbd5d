/*
 * Helpers shared by the unit tests: temporary database files that clean up
 * after themselves. Header-only so each test stays one executable.
 */
#ifndef CORDON_TESTS_TESTUTIL_H
#define CORDON_TESTS_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Makes a fresh path under $TMPDIR for a database; removes leftovers. */
static inline void testutil_db_path(char *out, size_t size, const char *name)
{
    const char *dir = getenv("TMPDIR");
    char p[512];

    snprintf(out, size, "%s/cordon-test-%d-%s.db", dir && *dir ? dir : "/tmp", (int)getpid(),
             name);
    unlink(out);
    snprintf(p, sizeof p, "%s-wal", out);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", out);
    unlink(p);
}

static inline void testutil_db_remove(const char *path)
{
    char p[512];

    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
}

#endif
