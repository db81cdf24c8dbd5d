/*
 * A row producer in its own thread: the workbook reader inflates and parses
 * the sheet on one core while the importer checks and writes rows on the
 * other, so an .xlsx import takes about as long as the slower of the two
 * instead of their sum. Rows cross in a few bounded batches (copied), so
 * memory stays flat however long the sheet.
 */
#ifndef CORDON_UTIL_ROWPIPE_H
#define CORDON_UTIL_ROWPIPE_H

#include "util/csvread.h"

/* Reads something and calls fn(fnarg, row) for each row; returns 0, fn's
 * non-zero value, or a negative error (with its message in err). */
typedef int (*rowpipe_producer)(void *parg, csvread_row_fn fn, void *fnarg,
                                char err[CSVREAD_ERR_LEN]);

/*
 * Runs produce(parg, ...) in a new thread and calls fn(arg, row) for each of
 * its rows, in order, in the calling thread. Returns fn's non-zero value if
 * fn stopped the reading (the producer is told and joined), else the
 * producer's result. When no thread can be started the producer runs in the
 * calling thread instead.
 */
int rowpipe_run(rowpipe_producer produce, void *parg, csvread_row_fn fn, void *arg,
                char err[CSVREAD_ERR_LEN]);

#endif
