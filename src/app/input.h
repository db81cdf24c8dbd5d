/*
 * Strict reading of JSON request bodies for the use cases, the one reader every parser in app/
 * uses: only known keys, typed values, text without control characters and within a size, real
 * dates, unit codes, account names. Every failure is an APP_E_INVALID naming the JSON field, with
 * the same code and message for the same rule everywhere, so the API can answer 400 with `field`
 * and nothing is written.
 *
 * `field` is the name the error gives; a dotted one ("address.room") reads the key after the last
 * dot ("room") from `obj`, which is then the nested object.
 */
#ifndef CORDON_APP_INPUT_H
#define CORDON_APP_INPUT_H

#include "app/app.h"
#include "store/accounts.h"

#include <jansson.h>
#include <stddef.h>
#include <stdint.h>

/* Refuses a body that is not an object, and keys of obj outside `allowed`
 * (NULL-terminated). */
int input_only_keys(const json_t *obj, const char *const *allowed, struct app_error *err);

/* The same for an object nested at `prefix` ("arrival"): the field named
 * is "arrival.key". */
int input_only_keys_in(const json_t *obj, const char *const *allowed, const char *prefix,
                       struct app_error *err);

/* Flags of input_text. */
#define INPUT_REQUIRED 1u /* absent, null or empty: "missing" */
#define INPUT_TRIM     2u /* spaces and tabs around the text dropped first */

/* Text of at most `max` bytes (and size-1); absent or null gives "". Too
 * long: "too_long", "FIELD is longer than N bytes". */
int input_text(const json_t *obj, const char *field, unsigned flags, size_t max, char *out,
               size_t size, struct app_error *err);

/* A "YYYY-MM-DD" date; *present 0 when absent or null (out untouched). */
int input_date(const json_t *obj, const char *field, int32_t *out, int *present,
               struct app_error *err);

/* The same, not after `today` (else "future_date"). */
int input_past_date(const json_t *obj, const char *field, int32_t today, int32_t *out, int *present,
                    struct app_error *err);

/* A local time "YYYY-MM-DDTHH:MM" (or a date, meaning 18:00 that day) as
 * Unix seconds; *present as input_date. */
int input_time(const json_t *obj, const char *field, int64_t *out, int *present,
               struct app_error *err);

/* A unit code given as a string of digits; *present as above. */
int input_code(const json_t *obj, const char *field, int64_t *out, int *present,
               struct app_error *err);

/* A positive integer id; *present as above. */
int input_id(const json_t *obj, const char *field, int64_t *out, int *present,
             struct app_error *err);

/* A list of distinct positive integer ids, at most `max`, into out[] and
 * their number into *out_n (0 when absent or null); else 400 "bad_value",
 * "too_many", "bad_id" or "duplicate" on the field. */
int input_ids(const json_t *obj, const char *field, int64_t *out, int max, int *out_n,
              struct app_error *err);

/* A body temperature (a JSON number such as 36.5, or the text as typed,
 * core/temperature.h) in tenths of a degree; required: absent or null is
 * 400 "missing", else "bad_type" or the reading's own error code. */
int input_temperature(const json_t *obj, const char *field, int *out, struct app_error *err);

/* true/false; absent gives 0. */
int input_bool(const json_t *obj, const char *field, int *out, struct app_error *err);

/* The same, *present 0 when absent or null (out untouched). */
int input_bool_opt(const json_t *obj, const char *field, int *out, int *present,
                   struct app_error *err);

/* An account named by obj[field] (a string): looked up, must be enabled.
 * *present as above; unknown or disabled: 400 bad_value on the field. */
int input_account(struct db *db, const json_t *obj, const char *field, struct account *out,
                  int *present, struct app_error *err);

/* A whole number from 0 to max (a count: staff on site); *present as
 * above; else 400 "bad_number". */
int input_count(const json_t *obj, const char *field, int64_t max, int64_t *out, int *present,
                struct app_error *err);

/* A list of colour codes or labels (["red", "橙"]) as a mask of bits
 * 1 << enum colour; *present as above; else 400 "bad_value". */
int input_colours(const json_t *obj, const char *field, int64_t *mask, int *present,
                  struct app_error *err);

/* A list of days of the week, 1 Monday .. 7 Sunday, as a mask of bits
 * 1 << (day - 1); *present as above; else 400 "bad_value". */
int input_weekdays(const json_t *obj, const char *field, int64_t *mask, int *present,
                   struct app_error *err);

/* Opening hours "HH:MM-HH:MM" (24:00 allowed at the end, the start before
 * the end) as local minutes of the day; *present as above; else 400
 * "bad_value". */
int input_hours(const json_t *obj, const char *field, int64_t *from, int64_t *to, int *present,
                struct app_error *err);

/* An optional array of objects obj[field] of at most `max` items: fn(arg,
 * i, item, "field[i]") for each, in order (the prefix names the item's
 * fields in errors: "field[i].key"); *out_n the count (0 when absent). */
typedef int (*input_item_fn)(void *arg, size_t i, const json_t *item, const char *prefix,
                             struct app_error *err);
int input_each_object(const json_t *obj, const char *field, size_t max, input_item_fn fn, void *arg,
                      size_t *out_n, struct app_error *err);

#endif
