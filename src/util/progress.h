/*
 * A one-line progress bar on stderr for long commands (rows, rows/s, time
 * left), shown only when stderr is a terminal so that logs and pipes stay
 * clean.
 */
#ifndef CORDON_UTIL_PROGRESS_H
#define CORDON_UTIL_PROGRESS_H

#include <stddef.h>

struct progress {
    int enabled;
    size_t total; /* 0: unknown */
    double start, last;
    const char *what;
};

/* enabled < 0: decide by isatty(stderr). */
void progress_init(struct progress *p, const char *what, size_t total, int enabled);
void progress_update(struct progress *p, size_t done);
void progress_finish(struct progress *p, size_t done);

#endif
