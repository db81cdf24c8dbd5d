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

#endif
