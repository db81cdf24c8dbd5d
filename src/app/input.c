/*
 * Strict JSON input for every use case's parser (see input.h): one rule,
 * one error code and one message per kind of field.
 */
#include "app/input.h"

#include "app/daytime.h"
#include "core/colour.h"
#include "core/date.h"
#include "core/temperature.h"
#include "core/unitcode.h"

#include <stdio.h>
#include <string.h>

int input_only_keys_in(const json_t *obj, const char *const *allowed, const char *prefix,
                       struct app_error *err)
{
    const char *key;
    json_t *v;

    if (!json_is_object(obj)) {
        if (prefix)
            return app_fail(err, APP_E_INVALID, "bad_type", prefix, "%s must be an object", prefix);
        return app_fail(err, APP_E_INVALID, "bad_type", NULL, "the body must be a JSON object");
    }
    json_object_foreach((json_t *)obj, key, v)
    {
        int ok = 0;
        for (const char *const *a = allowed; *a && !ok; a++)
            ok = strcmp(key, *a) == 0;
        if (!ok) {
            char field[64];
            snprintf(field, sizeof field, "%s%s%.40s", prefix ? prefix : "", prefix ? "." : "",
                     key);
            return app_fail(err, APP_E_INVALID, "unknown_field", field, "unknown field %s", field);
        }
    }
    return 0;
}

int input_only_keys(const json_t *obj, const char *const *allowed, struct app_error *err)
{
    return input_only_keys_in(obj, allowed, NULL, err);
}

/* obj[field], or obj[key] for a dotted field "prefix.key"; NULL when
 * absent or null. */
static const json_t *get(const json_t *obj, const char *field)
{
    const char *dot = strrchr(field, '.');
    const json_t *j = json_object_get(obj, dot ? dot + 1 : field);
    return j && !json_is_null(j) ? j : NULL;
}

int input_text(const json_t *obj, const char *field, unsigned flags, size_t max, char *out,
               size_t size, struct app_error *err)
{
    const json_t *j = get(obj, field);
    const char *s, *e;
    size_t n;

    out[0] = '\0';
    if (!j) {
        if (flags & INPUT_REQUIRED)
            return app_fail(err, APP_E_INVALID, "missing", field, "%s is required", field);
        return 0;
    }
    if (!json_is_string(j))
        return app_fail(err, APP_E_INVALID, "bad_type", field, "%s must be a string", field);
    s = json_string_value(j);
    e = s + strlen(s);
    if (flags & INPUT_TRIM) {
        while (*s == ' ' || *s == '\t')
            s++;
        while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
            e--;
    }
    n = (size_t)(e - s);
    if ((flags & INPUT_REQUIRED) && n == 0)
        return app_fail(err, APP_E_INVALID, "missing", field, "%s is empty", field);
    if (max > size - 1)
        max = size - 1;
    if (n > max)
        return app_fail(err, APP_E_INVALID, "too_long", field, "%s is longer than %zu bytes", field,
                        max);
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20)
            return app_fail(err, APP_E_INVALID, "bad_value", field,
                            "%s contains a control character", field);
    memcpy(out, s, n);
    out[n] = '\0';
    return 0;
}

/* obj[field] as a string: 1 with *out set, 0 when absent or null, or
 * "bad_type" saying "FIELD must be WHAT" for a value of another type. */
static int string_of(const json_t *obj, const char *field, const char *what, const char **out,
                     struct app_error *err)
{
    const json_t *j = get(obj, field);

    if (!j)
        return 0;
    if (!json_is_string(j))
        return app_fail(err, APP_E_INVALID, "bad_type", field, "%s must be %s", field, what);
    *out = json_string_value(j);
    return 1;
}

static int strict_date(const char *s, size_t len, int32_t *out)
{
    if (len != 10 || s[4] != '-' || s[7] != '-' || strspn(s, "0123456789-") < 10)
        return -1;
    return date_parse(s, 10, out) < 0 ? -1 : 0;
}

int input_date(const json_t *obj, const char *field, int32_t *out, int *present,
               struct app_error *err)
{
    const char *s;
    int rc;

    *present = 0;
    if ((rc = string_of(obj, field, "a date YYYY-MM-DD", &s, err)) <= 0)
        return rc;
    if (strict_date(s, strlen(s), out) < 0)
        return app_fail(err, APP_E_INVALID, "bad_date", field, "%s: %.40s is not a date YYYY-MM-DD",
                        field, s);
    *present = 1;
    return 0;
}

int input_past_date(const json_t *obj, const char *field, int32_t today, int32_t *out, int *present,
                    struct app_error *err)
{
    int rc = input_date(obj, field, out, present, err);

    if (rc == 0 && *present && *out > today)
        return app_fail(err, APP_E_INVALID, "future_date", field, "%s is after today", field);
    return rc;
}

int input_time(const json_t *obj, const char *field, int64_t *out, int *present,
               struct app_error *err)
{
    const char *s;
    int32_t day;
    int h = 18, mi = 0, n = 0, rc;

    *present = 0;
    if ((rc = string_of(obj, field, "a local time YYYY-MM-DDTHH:MM", &s, err)) <= 0)
        return rc;
    if (strlen(s) == 16 && s[10] == 'T') {
        if (sscanf(s + 11, "%2d:%2d%n", &h, &mi, &n) != 2 || n != 5 || h < 0 || h > 23 || mi < 0 ||
            mi > 59 || s[11] < '0' || s[11] > '9' || s[14] < '0' || s[14] > '9')
            return app_fail(err, APP_E_INVALID, "bad_date", field,
                            "%s: %.40s is not a time YYYY-MM-DDTHH:MM", field, s);
    } else if (strlen(s) != 10) {
        return app_fail(err, APP_E_INVALID, "bad_date", field,
                        "%s: %.40s is not a time YYYY-MM-DDTHH:MM", field, s);
    }
    if (strict_date(s, 10, &day) < 0)
        return app_fail(err, APP_E_INVALID, "bad_date", field,
                        "%s: %.40s is not a time YYYY-MM-DDTHH:MM", field, s);
    *out = daytime_at(day, h, mi);
    *present = 1;
    return 0;
}

int input_code(const json_t *obj, const char *field, int64_t *out, int *present,
               struct app_error *err)
{
    const char *s;
    int rc;

    *present = 0;
    if ((rc = string_of(obj, field, "a code as a string", &s, err)) <= 0)
        return rc;
    if (unitcode_parse(s, strlen(s), out) < 0)
        return app_fail(err, APP_E_INVALID, "bad_code", field, "%s: %.32s is not a unit code",
                        field, s);
    *present = 1;
    return 0;
}

int input_id(const json_t *obj, const char *field, int64_t *out, int *present,
             struct app_error *err)
{
    const json_t *j = get(obj, field);

    *present = 0;
    if (!j)
        return 0;
    if (!json_is_integer(j) || json_integer_value(j) < 1 ||
        json_integer_value(j) > 9007199254740991LL)
        return app_fail(err, APP_E_INVALID, "bad_id", field, "%s must be a positive integer id",
                        field);
    *out = json_integer_value(j);
    *present = 1;
    return 0;
}

int input_ids(const json_t *obj, const char *field, int64_t *out, int max, int *out_n,
              struct app_error *err)
{
    const json_t *j = get(obj, field);
    size_t i;

    *out_n = 0;
    if (!j)
        return 0;
    if (!json_is_array(j))
        return app_fail(err, APP_E_INVALID, "bad_value", field, "%s must be a list of ids", field);
    if (json_array_size(j) > (size_t)max)
        return app_fail(err, APP_E_INVALID, "too_many", field, "%s holds at most %d ids", field,
                        max);
    for (i = 0; i < json_array_size(j); i++) {
        const json_t *v = json_array_get(j, i);
        if (!json_is_integer(v) || json_integer_value(v) < 1 ||
            json_integer_value(v) > 9007199254740991LL)
            return app_fail(err, APP_E_INVALID, "bad_id", field,
                            "%s must be a list of positive integer ids", field);
        for (int k = 0; k < *out_n; k++)
            if (out[k] == json_integer_value(v))
                return app_fail(err, APP_E_INVALID, "duplicate", field, "%s: %lld twice", field,
                                (long long)out[k]);
        out[(*out_n)++] = json_integer_value(v);
    }
    return 0;
}

int input_temperature(const json_t *obj, const char *field, int *out, struct app_error *err)
{
    const json_t *j = get(obj, field);
    int rc;

    if (!j)
        return app_fail(err, APP_E_INVALID, "missing", field, "%s is required", field);
    if (json_is_number(j))
        rc = temperature_from_double(json_number_value(j), out);
    else if (json_is_string(j))
        rc = temperature_parse(json_string_value(j), strlen(json_string_value(j)), out);
    else
        return app_fail(err, APP_E_INVALID, "bad_type", field,
                        "%s must be a number of degrees Celsius (36.5)", field);
    if (rc < 0)
        return app_fail(err, APP_E_INVALID, temperature_errcode(rc), field, "%s",
                        temperature_strerror(rc));
    return 0;
}

int input_bool(const json_t *obj, const char *field, int *out, struct app_error *err)
{
    int present;

    *out = 0;
    return input_bool_opt(obj, field, out, &present, err);
}

int input_bool_opt(const json_t *obj, const char *field, int *out, int *present,
                   struct app_error *err)
{
    const json_t *j = get(obj, field);

    *present = 0;
    if (!j)
        return 0;
    if (!json_is_boolean(j))
        return app_fail(err, APP_E_INVALID, "bad_type", field, "%s must be true or false", field);
    *out = json_is_true(j);
    *present = 1;
    return 0;
}

int input_account(struct db *db, const json_t *obj, const char *field, struct account *out,
                  int *present, struct app_error *err)
{
    char name[ACCOUNT_NAME_MAX];
    int rc;

    *present = 0;
    if ((rc = input_text(obj, field, 0, ACCOUNT_NAME_MAX - 1, name, sizeof name, err)) < 0)
        return rc;
    if (!name[0])
        return 0;
    rc = store_account_by_name(db, name, out);
    if (rc == DB_E_NOTFOUND || (rc == 0 && out->disabled))
        return app_fail(err, APP_E_INVALID, "bad_value", field, "%s: no account %.40s", field,
                        name);
    if (rc < 0)
        return app_db_fail(err, db, rc);
    *present = 1;
    return 0;
}

int input_count(const json_t *obj, const char *field, int64_t max, int64_t *out, int *present,
                struct app_error *err)
{
    const json_t *j = get(obj, field);

    *present = 0;
    if (!j)
        return 0;
    if (!json_is_integer(j) || json_integer_value(j) < 0 || json_integer_value(j) > max)
        return app_fail(err, APP_E_INVALID, "bad_number", field,
                        "%s must be a whole number from 0 to %lld", field, (long long)max);
    *out = json_integer_value(j);
    *present = 1;
    return 0;
}

/* Each value of the list at obj[field] through `bit` (its mask bit, or
 * < 0 when it is not one), or'ed into *mask. */
static int input_bits(const json_t *obj, const char *field, int (*bit)(const json_t *v),
                      const char *what, int64_t *mask, int *present, struct app_error *err)
{
    const json_t *j = get(obj, field), *v;
    size_t i;
    int b;

    *present = 0;
    if (!j)
        return 0;
    if (!json_is_array(j) || json_array_size(j) == 0)
        return app_fail(err, APP_E_INVALID, "bad_value", field, "%s must be a list of %s", field,
                        what);
    *mask = 0;
    json_array_foreach(j, i, v)
    {
        if ((b = bit(v)) < 0)
            return app_fail(err, APP_E_INVALID, "bad_value", field, "%s must be a list of %s",
                            field, what);
        *mask |= INT64_C(1) << b;
    }
    *present = 1;
    return 0;
}

static int colour_bit(const json_t *v)
{
    enum colour c;
    return !json_is_string(v) || colour_parse(json_string_value(v), &c) < 0 ? -1 : (int)c;
}

int input_colours(const json_t *obj, const char *field, int64_t *mask, int *present,
                  struct app_error *err)
{
    return input_bits(obj, field, colour_bit, "colours (red, orange, ...)", mask, present, err);
}

static int weekday_bit(const json_t *v)
{
    json_int_t d = json_is_integer(v) ? json_integer_value(v) : 0;
    return d >= 1 && d <= 7 ? (int)d - 1 : -1;
}

int input_weekdays(const json_t *obj, const char *field, int64_t *mask, int *present,
                   struct app_error *err)
{
    return input_bits(obj, field, weekday_bit, "days 1 (Monday) to 7", mask, present, err);
}

/* "HH:MM" at s into minutes of the day (24:00 allowed): 0 or -1. */
static int minutes_of(const char *s, int64_t *out)
{
    int h, m, n = 0;

    if (sscanf(s, "%2d:%2d%n", &h, &m, &n) != 2 || n != 5 || h < 0 || m < 0 || m > 59 ||
        h * 60 + m > 24 * 60)
        return -1;
    *out = h * 60 + m;
    return 0;
}

int input_hours(const json_t *obj, const char *field, int64_t *from, int64_t *to, int *present,
                struct app_error *err)
{
    const json_t *j = get(obj, field);
    const char *s;

    *present = 0;
    if (!j)
        return 0;
    s = json_is_string(j) ? json_string_value(j) : "";
    if (strlen(s) != 11 || s[5] != '-' || minutes_of(s, from) < 0 || minutes_of(s + 6, to) < 0 ||
        *from >= *to)
        return app_fail(err, APP_E_INVALID, "bad_value", field,
                        "%s must be opening hours like 08:00-20:00", field);
    *present = 1;
    return 0;
}

int input_each_object(const json_t *obj, const char *field, size_t max, input_item_fn fn, void *arg,
                      size_t *out_n, struct app_error *err)
{
    const json_t *a = get(obj, field);
    char prefix[48];
    int rc;

    *out_n = 0;
    if (!a)
        return 0;
    if (!json_is_array(a))
        return app_fail(err, APP_E_INVALID, "bad_type", field, "%s must be an array", field);
    if (json_array_size(a) > max)
        return app_fail(err, APP_E_INVALID, "too_many", field, "%s: at most %zu items", field, max);
    for (size_t i = 0; i < json_array_size(a); i++) {
        const json_t *item = json_array_get(a, i);
        snprintf(prefix, sizeof prefix, "%.32s[%zu]", field, i);
        if (!json_is_object(item))
            return app_fail(err, APP_E_INVALID, "bad_type", prefix, "%s must be an object", prefix);
        if ((rc = fn(arg, i, item, prefix, err)) < 0)
            return rc;
        *out_n = i + 1;
    }
    return 0;
}
