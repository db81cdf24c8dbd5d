/*
 * Resolving destination addresses (issue 6): the index of every unit of the
 * city with its name variants, the registered compounds and the divisions
 * outside the city (core/address.h), built once from the database and the
 * embedded division codes, kept up to date as compounds are registered, and
 * shared by every thread of the server. A resolution costs a few
 * microseconds; building the index about a tenth of a second (most of it
 * inflating the embedded division codes to learn the names outside the
 * city). Rules: docs/address.md.
 */
#ifndef CORDON_APP_RESOLVE_H
#define CORDON_APP_RESOLVE_H

#include "core/address.h"
#include "app/app.h"
#include "store/db.h"
#include "store/units.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

#define RESOLVE_ERR_LEN 256

enum resolve_error {
    RESOLVE_E_EMPTY = -101,   /* the address is empty */
    RESOLVE_E_TOOLONG = -102, /* longer than ADDRESS_MAX bytes */
    RESOLVE_E_UTF8 = -103,    /* not UTF-8 */
    RESOLVE_E_NOCITY = -104,  /* the database holds no city yet */
    RESOLVE_E_DB = -105,      /* the database failed (message in err) */
    RESOLVE_E_NOMEM = -106,
};

struct resolver;

/* One unit named in a resolution, with its name copied out of the index. */
struct resolved_unit {
    int64_t code;
    int level;
    char name[UNIT_NAME_MAX];
};

struct resolution {
    struct address_result a; /* a.name is not to be used: see path and unit */
    int npath;               /* path[0] is the city ... path[npath-1] the unit; 0 outside */
    struct resolved_unit path[4];
    struct resolved_unit candidates[ADDRESS_CANDIDATES_MAX]; /* a.ncandidates > 1 */
    int64_t household; /* the registered household at that room, 0 if none is known */
};

/*
 * Builds a resolver from `db` (which must hold a city: `cordon init`).
 * Returns 0 and *out (free with resolver_free, which accepts NULL), or < 0
 * with one line in err.
 */
int resolver_new(struct db *db, struct resolver **out, struct app_error *err);
void resolver_free(struct resolver *r);

/* Adds the compounds registered since the resolver last looked (one cheap
 * query when there are none). Safe to call while other threads resolve.
 * Returns 0 or RESOLVE_E_DB / RESOLVE_E_NOMEM. */
int resolver_refresh(struct resolver *r, struct db *db);

/*
 * Resolves `len` bytes of `text`. With db not NULL, also looks up the
 * registered household at the compound/building/unit/room read (one
 * query; a failure there only leaves household 0). Returns 0 with *out
 * filled, or RESOLVE_E_EMPTY / _TOOLONG / _UTF8. Safe from any number of
 * threads.
 */
int resolver_resolve(struct resolver *r, struct db *db, const char *text, size_t len,
                     struct resolution *out);

/*
 * The process-wide resolver for `db`'s database, built on first use (the
 * server and the CLI hold one database per process) and refreshed with newly
 * registered compounds at most once a second, then resolves as
 * resolver_resolve. Errors go to err.
 */
int resolve_address(struct db *db, const char *text, size_t len, struct resolution *out,
                    struct app_error *err);

/* Size of the resolver's index (units, compounds, outside names, keys,
 * bytes), for benchmarks and `cordon resolve --stats`. */
void resolver_stats(struct resolver *r, struct address_index_stats *out);

/* Text of a RESOLVE_E_* code. */
const char *resolve_strerror(int rc);

/*
 * {"code":"310105002002","level":4,"name":"岐山居委会","rest":"岐山村12号601室",
 *  "status":"resolved","path":[…],"compound":{…}|null,"building":…,"unit":…,
 *  "floor":…,"room":…,"household":…,"candidates":[…],"outside":{…}|null,
 *  "reason":…}. New reference; NULL when out of memory.
 */
json_t *resolution_json(const struct resolution *res);

/* The status as a word: resolved, partial, ambiguous, outside. */
const char *resolve_status_name(enum address_status s);

#endif
