/*
 * Body temperatures, as measured at checkpoints and twice a day during a
 * quarantine. Kept as whole tenths of a degree Celsius (373 is 37.3 °C) so
 * that the fever threshold compares exactly. The readings people type come
 * with full-width digits, a comma for the decimal point or a trailing ℃; an
 * impossible reading (below 34 °C or above 43 °C) is refused rather than
 * stored. Pure.
 */
#ifndef CORDON_CORE_TEMPERATURE_H
#define CORDON_CORE_TEMPERATURE_H

#include <stddef.h>

#define TEMP_MIN   340 /* 34.0 °C: below, the thermometer or the typing is wrong */
#define TEMP_MAX   430 /* 43.0 °C */
#define TEMP_FEVER 373 /* 37.3 °C and above is a fever */

enum temperature_error {
    TEMP_E_EMPTY = -1,  /* nothing but white space */
    TEMP_E_FORMAT = -2, /* not a number with at most one decimal */
    TEMP_E_RANGE = -3,  /* outside [TEMP_MIN, TEMP_MAX] */
};

/*
 * Parses a reading as typed: "37.3", "37", "３７．３", "37,3", "37.3℃",
 * "37.3°C", surrounded by white space. At most one decimal (36.65 is
 * refused, not rounded). `s` need not be NUL-terminated. Returns 0 with the
 * tenths in *out_tenths, or a negative enum temperature_error.
 */
int temperature_parse(const char *s, size_t len, int *out_tenths);

/* The same for a JSON number: refuses NaN, more than one decimal (after
 * tolerance for binary representation) and the impossible range. */
int temperature_from_double(double v, int *out_tenths);

/* 1 if the reading is a fever (>= TEMP_FEVER). */
int temperature_is_fever(int tenths);

/* Formats tenths as "37.3" into out (at least 8 bytes). Returns out. */
char *temperature_format(int tenths, char *out, size_t cap);

/* English text and stable machine code of an enum temperature_error. */
const char *temperature_strerror(int rc);
const char *temperature_errcode(int rc);

#endif
