/*
 * Parts of a dashboard that are dear to count at the city and its
 * districts, shared between requests for a few seconds (issue 19; see
 * tally_memo.c).
 */
#ifndef CORDON_APP_TASKS_TALLY_MEMO_H
#define CORDON_APP_TASKS_TALLY_MEMO_H

#include <jansson.h>
#include <stdint.h>

struct db;

/* Which part, of which unit, for which day and check-in slot: a kept part
 * of another day or slot is never served. */
enum tally_kind { TALLY_TASKS = 1, TALLY_CHECKPOINTS = 2 };
struct tally_key {
    int kind;
    int64_t unit;
    int32_t today, due_day;
    int slot;
};

/* Counts the part of k at `now`: its JSON (the caller's), and in *out_rows
 * how many rows it counted (what decides whether it is kept); NULL with
 * *out_rc < 0 on failure. Runs on the request's connection, or on a task
 * thread's when recounting in the background. */
typedef json_t *(*tally_count_fn)(struct db *db, const struct tally_key *k, int64_t now,
                                  int64_t *out_rows, int *out_rc);

/* The part of k: a copy of the kept one when there is one to serve, else
 * counted here with count (and kept when it counted enough rows). The
 * caller owns the result; NULL with *out_rc < 0 on failure. */
json_t *tally_memo_part(struct db *db, const struct tally_key *k, int64_t now, tally_count_fn count,
                        int *out_rc);

/* Runs fn(db, arg) where no request waits for it, then frees arg; 0, or -1
 * (arg kept) when it cannot. The server sets it (http_background); NULL
 * elsewhere (the command line, the unit tests), where a recount is done in
 * line. */
typedef int (*tally_background_fn)(int (*fn)(struct db *db, void *arg), void *arg);
void tally_memo_set_background(tally_background_fn fn);

/* Counts k's part ahead on the task pool, unless k was counted ahead or
 * is kept already: the server's tick calls it for the city and its
 * districts, so that their first dashboard after a start, a new day or a
 * new check-in slot is served without counting. 1 when handed to the
 * pool, 0 when there is nothing to do, -1 when there is no pool (or it
 * refused; the next call tries again). */
int tally_memo_warm(const struct tally_key *k, int64_t now, tally_count_fn count);

/* How many parts were counted, by how (the server's metrics): for a
 * request, on the task pool when a kept one had expired, ahead. */
enum tally_counted {
    TALLY_COUNTED_INLINE = 0,
    TALLY_COUNTED_BACKGROUND = 1,
    TALLY_COUNTED_AHEAD = 2
};
uint64_t tally_memo_counted(enum tally_counted how);

#endif
