/*
 * The size of the tick's batches and the pause between two (batches.h).
 */
#include "app/batches.h"

#include <stdlib.h>
#include <time.h>

#define BATCH_ROWS      2000
#define BATCH_PAUSE_MAX 0.25 /* seconds */

int batch_rows(const char *hook)
{
    const char *s = getenv(hook);
    long n = s ? strtol(s, NULL, 10) : 0;

    return n > 0 && n < BATCH_ROWS ? (int)n : BATCH_ROWS;
}

void batch_pause(double took)
{
    struct timespec ts = {0, 0};

    if (took > BATCH_PAUSE_MAX)
        took = BATCH_PAUSE_MAX;
    if (took > 0) {
        ts.tv_nsec = (long)(took * 1e9);
        nanosleep(&ts, NULL);
    }
}
