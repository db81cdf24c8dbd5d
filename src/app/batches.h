/*
 * Work a server's tick does in batches, each in a transaction of its own
 * (issue 19): the sweep's ends, escalations and pass over the open cases
 * (app/tasks/tasks.c) and the roll-over's residents due (rollover.c). At a
 * city's size each is a hundred thousand rows or more; in one transaction
 * it held SQLite's write lock for seconds, and writes waiting past the
 * busy timeout were refused. The size of a batch and the pause between
 * two live here, once.
 */
#ifndef CORDON_APP_BATCHES_H
#define CORDON_APP_BATCHES_H

/* Rows a batch takes: 2,000 (~20–70 ms of work on the city), or fewer when
 * the environment variable `hook` says so (the tests make batches of 2). */
int batch_rows(const char *hook);

/* Sleeps as long as the batch took, at most 0.25 s: writers waiting for
 * the lock take it meanwhile. */
void batch_pause(double took);

#endif
