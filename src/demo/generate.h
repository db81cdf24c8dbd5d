/*
 * Deterministic synthetic residents over the real hierarchy, for tests,
 * benchmarks and the demo: plausible names, valid ID numbers (check digit
 * included), mobile numbers, households in compounds, buildings, units and
 * rooms, and a colour mix like Shanghai's in March 2020 (most stayed, some
 * returned from elsewhere in China or abroad, some in home quarantine, a few
 * away, very few with fever). The same seed gives the same people.
 */
#ifndef CORDON_DEMO_GENERATE_H
#define CORDON_DEMO_GENERATE_H

#include "store/db.h"

#include <stdint.h>
#include <stdio.h>

struct gen_committee {
    int64_t code;
    const char *name; /* used to name its compounds */
    int64_t residents;
};

struct gen_opts {
    uint64_t seed;
    int32_t today;                     /* arrivals and quarantines are dated relative to it */
    int with_committee_column;         /* 1: write 居委会代码 (for multi-committee sheets) */
    const char *const *compound_names; /* optional names for the first compounds */
    const char *const *grid_names;     /* optional: compound k goes to grid k % ngrids */
    int ngrids;
};

/*
 * Writes a CSV in the import format (UTF-8 with BOM, Chinese headers) with
 * about `residents` people in each committee of `c` (n of them). Returns 0,
 * or -1 on a write error. `start_index` numbers people across calls so that
 * ID numbers stay unique: pass the value *out_next_index returned before.
 */
int gen_residents_csv(FILE *out, const struct gen_committee *c, int n, const struct gen_opts *opts,
                      uint64_t start_index, uint64_t *out_next_index);

/*
 * Generates `count` residents spread over the committees under `unit` (any
 * level) and imports them into the database in chunks of at most
 * `chunk_rows` rows per transaction. Returns 0 or < 0 with err set.
 */
int gen_residents_db(struct db *db, int64_t unit, int64_t count, uint64_t seed, int64_t chunk_rows,
                     int progress, char err[256]);

/* Writes the same people as a CSV file instead (with a 居委会代码 column
 * when `unit` spans several committees). */
int gen_residents_file(struct db *db, int64_t unit, int64_t count, uint64_t seed, FILE *out,
                       char err[256]);

#endif
