/*
 * Free-text Chinese addresses, as travellers write them at a checkpoint
 * ("长宁区江苏路街道岐山村12号601室", "闵行梅陇中海寰宇16栋601"): normalising
 * the text, the names people use for a division (with and without 区/街道/
 * 镇/居委会, typos in the suffix, former names), an index of those names and
 * of registered compounds, resolving an address to the deepest unit it names
 * unambiguously, and reading compound/building/unit/floor/room from the part
 * below it. Pure: the caller fills the index from wherever the names live
 * (app/units/resolve.c reads the database); the rules are in docs/address.md.
 */
#ifndef CORDON_CORE_ADDRESS_H
#define CORDON_CORE_ADDRESS_H

#include <stddef.h>
#include <stdint.h>

#define ADDRESS_MAX            512 /* bytes of input accepted (and of any normalised text) */
#define ADDRESS_FIELD_MAX      32  /* building, unit, room as text */
#define ADDRESS_NAME_MAX       192 /* a compound's name */
#define ADDRESS_CANDIDATES_MAX 8

enum address_error {
    ADDRESS_E_EMPTY = -1,   /* nothing but spaces and punctuation */
    ADDRESS_E_TOOLONG = -2, /* more than ADDRESS_MAX bytes */
    ADDRESS_E_UTF8 = -3,    /* not valid UTF-8 */
    ADDRESS_E_NOMEM = -4,
    ADDRESS_E_CODE = -5, /* a code that does not fit the index (wrong city, level) */
};

const char *address_strerror(int rc);

/*
 * Normalises `len` bytes of UTF-8 into `out` (NUL-terminated; out_size of
 * ADDRESS_MAX + 1 always suffices for input of at most ADDRESS_MAX bytes):
 * full-width letters, digits and punctuation to ASCII, letters upper-case,
 * dash variants to '-', '#' to 号, a few traditional forms (號 樓 棟 區 鎮 單
 * 層) to simplified, brackets to ASCII parentheses; spaces and punctuation
 * dropped, or turned into '-' between two ASCII letters/digits ("12 601");
 * Chinese numerals written as house numbers (十二号, 六〇一室, 一单元,
 * 四九九弄) to digits. Division names go through the same function, so an
 * address and a name always compare in one form. Returns the output length,
 * or ADDRESS_E_TOOLONG / ADDRESS_E_UTF8.
 */
int address_normalize(const char *in, size_t len, char *out, size_t out_size);

/* How a name was written. */
enum address_form {
    ADDRESS_FULL = 0,    /* the official name: 江苏路街道, 岐山居委会 */
    ADDRESS_VARIANT = 1, /* another suffix, a typo in it, a former name: 岐山社区, 闸北区 */
    ADDRESS_SHORT = 2,   /* a village without 村委会, still ending in 村: 光明村 */
    ADDRESS_BARE = 3,    /* the name without its suffix: 长宁, 江苏路, 岐山 */
};

/*
 * Calls fn for every way people write the name of a unit at `level` (2
 * district, 3 street/town, 4 committee/village); the name is normalised
 * first and each alias passed normalised. fn returning non-zero stops the
 * walk and is returned; otherwise 0.
 */
typedef int (*address_alias_fn)(void *arg, const char *alias, size_t len, enum address_form form);
int address_aliases(const char *name, int level, address_alias_fn fn, void *arg);

/* ------------------------------------------------------------------------
 * The index: one city's units, their aliases, its registered compounds, and
 * the names of places outside the city. Built once, then only read (any
 * number of threads may resolve at once; adding needs exclusive access).
 */
struct address_index;

/* A new empty index for `city` (4-digit code) named `city_name` (上海市).
 * NULL when out of memory. Free with address_index_free (accepts NULL). */
struct address_index *address_index_new(int64_t city, const char *city_name);
void address_index_free(struct address_index *ix);

/* Adds a unit of the city (district, street/town or committee/village)
 * under its official name, with every alias. Parents must come first.
 * Returns 0, ADDRESS_E_CODE for a code outside the city or of another
 * level, or ADDRESS_E_NOMEM. */
int address_index_add_unit(struct address_index *ix, int64_t code, const char *name);

/* Adds another name for the city itself (the province name, 上海) or a
 * unit already added (a former name such as 闸北区 for 静安区), written as
 * given (ADDRESS_VARIANT). */
int address_index_add_alias(struct address_index *ix, int64_t code, const char *alias);

/* Adds a registered compound of a committee already added (name as
 * registered; 中海寰宇 also matches 中海寰宇小区 and the reverse). */
int address_index_add_compound(struct address_index *ix, int64_t id, int64_t committee,
                               const char *name);

/* Adds a division outside the city: a province (2-digit code), a city
 * (4) or a county/district (6), by its official name. Provinces and
 * cities also match by their stem (江苏, 南京) when a division of theirs
 * follows (江苏南京, 南京鼓楼区). */
int address_index_add_outside(struct address_index *ix, int64_t code, const char *name);

/* Numbers of units, compounds, outside names and distinct keys held. */
struct address_index_stats {
    size_t units, compounds, outside, keys, bytes;
};
void address_index_stats(const struct address_index *ix, struct address_index_stats *out);

/* The city's code, and the official name of a unit in the index (NULL if
 * the code is not there). The pointer lives as long as the index. */
int64_t address_index_city(const struct address_index *ix);
const char *address_index_name(const struct address_index *ix, int64_t code);

/* ------------------------------------------------------------------------
 * Results.
 */

/* What the part below the deepest unit says about the place. */
struct address_place {
    int64_t compound_id;              /* registered compound, 0 if none */
    char compound[ADDRESS_NAME_MAX];  /* its registered name, or the text read as one
                                         (江苏路480弄, 中海寰宇小区); "" if none */
    char building[ADDRESS_FIELD_MAX]; /* "12", "A"; "" if none */
    char unit[ADDRESS_FIELD_MAX];     /* 单元 */
    int floor;                        /* only when written (6层, 12号楼3楼); 0 if not */
    char room[ADDRESS_FIELD_MAX];     /* "601" */
};

enum address_status {
    ADDRESS_RESOLVED = 0,  /* a committee (or village) */
    ADDRESS_PARTIAL = 1,   /* a district or street, or only the city: nothing deeper is named */
    ADDRESS_AMBIGUOUS = 2, /* the name below `code` fits several units: see candidates */
    ADDRESS_OUTSIDE = 3,   /* names a place outside the city; code is 0 */
};

struct address_result {
    enum address_status status;
    int64_t code;     /* deepest unit resolved (the city when nothing below is); 0 outside */
    int level;        /* its level, 0 outside */
    const char *name; /* its official name (owned by the index); NULL outside */
    char rest[ADDRESS_MAX + 1]; /* normalised text below `code` */
    char normalized[ADDRESS_MAX + 1];
    int ncandidates; /* ADDRESS_AMBIGUOUS: units the name fits (at most ..._MAX listed) */
    int64_t candidates[ADDRESS_CANDIDATES_MAX];
    int64_t outside_code; /* ADDRESS_OUTSIDE: the province, city or county named */
    char outside_name[ADDRESS_NAME_MAX];
    struct address_place place;
};

/*
 * Resolves `text` (UTF-8, at most ADDRESS_MAX bytes) against the index.
 * Returns 0 with *out filled, or ADDRESS_E_EMPTY / _TOOLONG / _UTF8.
 */
int address_resolve(const struct address_index *ix, const char *text, size_t len,
                    struct address_result *out);

/*
 * Reads compound, building, unit, floor and room from normalised text below
 * a unit ("岐山村12号601室", "12-1-601", "A座1203"). When compound_len > 0,
 * rest[compound_at..+compound_len) is a registered compound already found
 * (its id and name are the caller's to set) and reading starts after it;
 * otherwise the text before the first number is taken as the compound.
 * Pure; what it cannot read is left alone (it stays in the result's rest).
 */
void address_parse_place(const char *rest, size_t compound_at, size_t compound_len,
                         struct address_place *out);

#endif
