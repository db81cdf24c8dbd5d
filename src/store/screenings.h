/*
 * Storage of checkpoint screenings and of the self-declarations travellers
 * make on their phones before reaching the officer. A person (document
 * type and number) is screened at most once a day (a unique key); the
 * counts the dashboards show per post are one grouped query. All SQL of the
 * two tables lives here.
 */
#ifndef CORDON_STORE_SCREENINGS_H
#define CORDON_STORE_SCREENINGS_H

#include "store/db.h"
#include "store/residents.h"

#include <stdint.h>

#define SCREENING_TEXT_MAX   128 /* origin, override reason */
#define SCREENING_TRAVEL_MAX 24  /* G1234, MU5101 */
#define SCREENING_DEST_MAX   513 /* ADDRESS_MAX + 1 */
#define SCREENING_SYMPT_MAX  256
#define SCREENING_BY_MAX     64

/* A traveller as declared or screened (shared by both tables). */
struct traveller {
    int doc_type; /* enum doc_type */
    char doc_no[RES_DOC_MAX];
    char name[RES_NAME_MAX];
    int32_t birth; /* DATE_NONE unless read from a mainland ID */
    int sex;       /* 0 unknown, 1 male, 2 female */
    char phone[RES_PHONE_MAX];
    char origin[SCREENING_TEXT_MAX];
    int abroad;
    char travel[SCREENING_TRAVEL_MAX];
    char destination[SCREENING_DEST_MAX];
    char symptoms[SCREENING_SYMPT_MAX];
};

struct screening {
    int64_t id;
    int64_t post;
    int64_t district; /* the post's */
    int64_t at;       /* Unix seconds */
    int32_t day;
    struct traveller t;
    char doc_override[SCREENING_TEXT_MAX]; /* why the number was not checked; "" */
    int temperature;                       /* tenths of a degree */
    int fever;
    char recorded_by[SCREENING_BY_MAX];
    int64_t declaration; /* 0: none */
};

struct declaration {
    int64_t id;
    int64_t post;
    int64_t district;
    int64_t at;
    int32_t day;
    struct traveller t;
    int64_t screening; /* 0 until confirmed */
};

/* Inserts s (s->id set). DB_E_CONSTRAINT when the person was already
 * screened that day. */
int store_screening_insert(struct db *db, struct screening *s);

/* 0, DB_E_NOTFOUND or < 0. `district`: the screening's (its post's) when
 * the caller knows it, which a table distributed by district reads on one
 * shard (another district's screening is then not found); 0: any. */
int store_screening_get(struct db *db, int64_t id, int64_t district, struct screening *out);
int store_screening_find(struct db *db, int doc_type, const char *doc_no, int32_t day,
                         struct screening *out);

/* Screenings of one post (0: of every post in [district_lo, district_hi])
 * on `day`, newest first, ids below `before` (0: from the newest), at most
 * `limit`. For one post, district_hi is the post's district. */
typedef int (*screening_fn)(void *arg, const struct screening *s);
int store_screenings_list(struct db *db, int64_t post, int64_t district_lo, int64_t district_hi,
                          int32_t day, int64_t before, int limit, screening_fn fn, void *arg);

/* Per post with screenings on `day` in [district_lo, district_hi]: how many
 * and how many with fever. */
typedef int (*post_count_fn)(void *arg, int64_t post, int64_t screened, int64_t fever);
int store_screenings_count(struct db *db, int64_t district_lo, int64_t district_hi, int32_t day,
                           post_count_fn fn, void *arg);

/* Declarations. */
/* Inserts d with its id d->id (chosen by the caller: unguessable). */
int store_declaration_insert(struct db *db, struct declaration *d);
int store_declaration_get(struct db *db, int64_t id, struct declaration *out);
/* The declarations of `day` with that document number (any type), newest
 * first, at most `max`; *out_n how many. */
int store_declarations_find(struct db *db, const char *doc_no, int32_t day, struct declaration *out,
                            int max, int *out_n);
int store_declaration_set_screening(struct db *db, int64_t id, int64_t screening);

#endif
