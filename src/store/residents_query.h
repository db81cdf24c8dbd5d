/*
 * Reading the register for the API: residents filtered by unit, compound,
 * colour and text, a page at a time in id order; one resident with its
 * address; a household and who lives there; the fact history of a
 * resident; residents by document number. Every list is bounded in SQL by
 * a unit (a code range over committees, or one grid), so a caller's scope
 * is applied by the query itself, never by fetching and then filtering.
 */
#ifndef CORDON_STORE_RESIDENTS_QUERY_H
#define CORDON_STORE_RESIDENTS_QUERY_H

#include "store/db.h"
#include "store/residents.h"

#include <stdint.h>

#define RESIDENTS_PAGE_MAX 500

struct resident_address_filter {
    char compound[192];
    char building[32];
    char unit[32];
    char room[32];
};

enum resident_match {
    RESIDENT_MATCH_SUBSTRING = 0,
    RESIDENT_MATCH_EXACT,
    RESIDENT_MATCH_NAME_START,
    /* Chosen by the store for a substring with a character outside ASCII,
     * which only a name can hold; callers pass RESIDENT_MATCH_SUBSTRING. */
    RESIDENT_MATCH_NAME_SUBSTRING,
};

struct resident_filter {
    int64_t unit;     /* a grid, or any unit of level <= committee (required) */
    int64_t compound; /* compounds.id; 0: any */
    int colour;       /* enum colour, or -1: any */
    const char *q;    /* NULL or "": none; else what `match` says */
    /* How q matches: RESIDENT_MATCH_SUBSTRING a substring of the name, the
     * document number or the phone number (roles that may unmask);
     * RESIDENT_MATCH_EXACT the whole document number or phone number;
     * RESIDENT_MATCH_NAME_START the start of the name (the surname a
     * masked name shows). */
    int match;
    /* An address as people write it, read by the caller (core/address.c):
     * when set, q is not used and residents match by their household's
     * compound (a substring of its name), building (1 matches 1, 1号,
     * 1号楼, 1栋, 1幢), unit and room; an empty part matches any. */
    const struct resident_address_filter *address;
    int64_t after; /* only ids above this (the cursor); 0: from the first */
    /* 1: walk the primary key from `after` (an export reading every
     * resident of the unit; the caller starts `after` just below the
     * unit's first resident). 0: the unit's index, the cursor a filter. */
    int walk;
    int limit; /* 1..RESIDENTS_PAGE_MAX */
};

/* Ids of the matching residents, in id order, at most f->limit into
 * out_ids. Returns 0 (count in *out_n), DB_E_RANGE for a bad unit, or < 0. */
int store_residents_find(struct db *db, const struct resident_filter *f, int64_t *out_ids,
                         int *out_n);

/* store_residents_find() and, in *out_total, how many match f in all
 * (f->after is 0: the first page), in one scan where the filter is a
 * substring. */
int store_residents_find_counted(struct db *db, const struct resident_filter *f, int64_t *out_ids,
                                 int *out_n, int64_t *out_total);

/* How many residents match f (f->after and f->limit are not used). */
int store_residents_count_matching(struct db *db, const struct resident_filter *f,
                                   int64_t *out_count);

/* One resident with its address ("" where it has none), in one statement
 * (store/residents.c), within `district` as store_resident_get (0: any).
 * 0, DB_E_NOTFOUND or < 0. */
int store_resident_place_get(struct db *db, int64_t id, int64_t district,
                             struct resident_place *out);

struct household_info {
    int64_t id;
    int64_t committee;
    int64_t compound; /* compounds.id */
    char compound_name[PLACE_NAME_MAX];
    int64_t building_id; /* buildings.id */
    char building[PLACE_NAME_MAX];
    char unit[32];
    char room[32];
    int floor; /* 0: unknown */
    int lift;  /* the building: 1 lift, 0 walk-up, -1 not known */
};

/* 0, DB_E_NOTFOUND or < 0. */
int store_household_get(struct db *db, int64_t id, struct household_info *out);

/* Ids of the residents of a household (at most max), in id order. */
int store_household_residents(struct db *db, int64_t household, int64_t committee, int64_t *out_ids,
                              int max, int *out_n);

struct history_row {
    int64_t id; /* the resident's version: 1, 2, ... */
    const char *kind;
    const char *value; /* JSON text */
    int32_t effective;
    int64_t recorded_at;
    const char *recorded_by;
    const char *source;
    int colour;
};

/* Fact history of a resident, newest first, versions below `before` (0: all),
 * at most `limit`. Strings are valid during the call only. */
typedef int (*history_fn)(void *arg, const struct history_row *h);
int store_history_list(struct db *db, int64_t resident, int64_t before, int limit, history_fn fn,
                       void *arg);

/* Ids of residents whose document number is doc_no, of any type (at most
 * max). */
int store_residents_by_doc_no(struct db *db, const char *doc_no, int64_t *out_ids, int max,
                              int *out_n);

#endif
