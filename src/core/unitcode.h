/*
 * Org-unit codes and the shape of the tree they imply. A unit's code is the
 * national statistical division code (4 digits for a city, 6 for a district,
 * 9 for a street or town, 12 for a residents' committee or village) or, for a
 * grid, its committee's code * 1000 + n (15 digits). Level and parent follow
 * from the code alone, so scope checks ("is this record under that unit?")
 * need no database. Pure.
 */
#ifndef CORDON_CORE_UNITCODE_H
#define CORDON_CORE_UNITCODE_H

#include <stddef.h>
#include <stdint.h>

enum unit_level {
    LEVEL_CITY = 1,
    LEVEL_DISTRICT = 2,
    LEVEL_STREET = 3,
    LEVEL_COMMITTEE = 4,
    LEVEL_GRID = 5,
};

#define UNITCODE_STR_LEN 16 /* 15 digits and a NUL */

enum unitcode_error {
    UNITCODE_E_EMPTY = -1,
    UNITCODE_E_DIGITS = -2, /* something other than ASCII digits */
    UNITCODE_E_LENGTH = -3, /* not 4, 6, 9, 12 or 15 digits */
    UNITCODE_E_ZERO = -4,   /* a part that must not be zero is zero */
};

/* Parses a code written as text. Returns 0 and sets *out, or < 0. */
int unitcode_parse(const char *s, size_t len, int64_t *out);

/* Level of a valid code (1..5), or 0 if the code is not one. */
int unitcode_level(int64_t code);

/* The parent's code; 0 for a city. */
int64_t unitcode_parent(int64_t code);

/* The ancestor of `code` at `level` (<= code's level), or 0. */
int64_t unitcode_at_level(int64_t code, int level);

/* 1 if `code` is `scope` or lies beneath it, else 0. */
int unitcode_within(int64_t code, int64_t scope);

/*
 * The committee codes beneath a unit of level city to committee form one
 * range [*out_lo, *out_hi): a district 310105 holds 310105000000..
 * 310105999999. SQL filters "within this unit" by that range on an index.
 * Returns 0, or -1 for a grid or a code that is no unit.
 */
int unitcode_committee_range(int64_t unit, int64_t *out_lo, int64_t *out_hi);

/* The province (2-digit) code above a city or anything beneath it. */
int unitcode_province(int64_t code);

/* Decimal text of a code. */
void unitcode_format(int64_t code, char out[UNITCODE_STR_LEN]);

const char *unitcode_strerror(int rc);

/* English and Chinese names of a level ("street", "街道/镇"). */
const char *unitcode_level_name(int level);
const char *unitcode_level_name_zh(int level);

#endif
