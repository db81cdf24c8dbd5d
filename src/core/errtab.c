/*
 * Every core module's error codes, their stable machine codes and their
 * English messages, in one table (see errtab.h), and the *_strerror() and
 * *_errcode() functions of those modules, which read it. A lookup scans a
 * few dozen rows: cheaper than the formatting that follows it.
 */
#include "core/errtab.h"

#include "core/address.h"
#include "core/colour.h"
#include "core/creditcode.h"
#include "core/date.h"
#include "core/document.h"
#include "core/idcard.h"
#include "core/phone.h"
#include "core/quarantine.h"
#include "core/temperature.h"
#include "core/unitcode.h"

#include <stddef.h>

/* Each module's rows, then its ERRTAB_LAST row: what any other code gets
 * (NULL: the module falls back to another's table). */
static const struct errtab table[] = {
    /* address */
    {ERR_ADDRESS, 0, "ok", "ok"},
    {ERR_ADDRESS, ADDRESS_E_EMPTY, "empty", "the address is empty"},
    {ERR_ADDRESS, ADDRESS_E_TOOLONG, "too_long", "the address is too long"},
    {ERR_ADDRESS, ADDRESS_E_UTF8, "bad_utf8", "the address is not valid UTF-8"},
    {ERR_ADDRESS, ADDRESS_E_NOMEM, "no_memory", "out of memory"},
    {ERR_ADDRESS, ADDRESS_E_CODE, "bad_code", "the code does not belong in this index"},
    {ERR_ADDRESS, ERRTAB_LAST, "unknown", "unknown error"},
    /* colour */
    {ERR_COLOUR, 0, "ok", "success"},
    {ERR_COLOUR, COLOUR_E_UNKNOWN, "unknown_colour", "unknown colour"},
    {ERR_COLOUR, COLOUR_E_JSON, "bad_json", "rule file is not well-formed JSON"},
    {ERR_COLOUR, COLOUR_E_RULES, "bad_rules", "invalid colour rule table"},
    {ERR_COLOUR, COLOUR_E_NOMEM, "no_memory", "out of memory"},
    {ERR_COLOUR, ERRTAB_LAST, "unknown", "unknown error"},
    /* creditcode */
    {ERR_CREDITCODE, 0, "ok", "success"},
    {ERR_CREDITCODE, CREDITCODE_E_EMPTY, "empty", "the credit code is empty"},
    {ERR_CREDITCODE, CREDITCODE_E_LENGTH, "bad_length",
     "a unified social credit code has 18 characters"},
    {ERR_CREDITCODE, CREDITCODE_E_CHAR, "bad_char",
     "a credit code has only digits and capital letters other than I, O, S, V, Z"},
    {ERR_CREDITCODE, CREDITCODE_E_CHECK, "bad_check_digit",
     "the last character of the credit code does not match its check character"},
    {ERR_CREDITCODE, ERRTAB_LAST, "unknown", "unknown credit code error"},
    /* date */
    {ERR_DATE, 0, "ok", "success"},
    {ERR_DATE, DATE_E_EMPTY, "empty", "the date is empty"},
    {ERR_DATE, DATE_E_SYNTAX, "bad_date_format",
     "not a date: write it as YYYY-MM-DD (2020-3-9, 2020/3/9, 20200309 and "
     "2020年3月9日 are also accepted)"},
    {ERR_DATE, DATE_E_RANGE, "no_such_date", "no such day in the calendar"},
    {ERR_DATE, DATE_E_YEAR, "year_out_of_range", "the year must be between 1900 and 2200"},
    {ERR_DATE, ERRTAB_LAST, "unknown", "unknown date error"},
    /* document */
    {ERR_DOCUMENT, DOC_E_EMPTY, "empty", "the document number is empty"},
    {ERR_DOCUMENT, DOC_E_LENGTH, "bad_length", "a document number has 5 to 20 characters"},
    {ERR_DOCUMENT, DOC_E_CHAR, "bad_char", "a document number has only letters A-Z and digits"},
    {ERR_DOCUMENT, DOC_E_TYPE, "bad_doc_type", "unknown document type"},
    {ERR_DOCUMENT, DOC_E_BUFFER, "buffer_too_small", "no room for the document number"},
    {ERR_DOCUMENT, ERRTAB_LAST, NULL, NULL},
    /* idcard */
    {ERR_IDCARD, 0, "ok", "success"},
    {ERR_IDCARD, IDCARD_E_EMPTY, "empty", "the ID number is empty"},
    {ERR_IDCARD, IDCARD_E_LENGTH, "bad_length", "an ID number has 18 characters"},
    {ERR_IDCARD, IDCARD_E_CHAR, "bad_char", "an ID number is 17 digits followed by a digit or X"},
    {ERR_IDCARD, IDCARD_E_PROVINCE, "bad_province",
     "the first two digits of the ID number are not a province code"},
    {ERR_IDCARD, IDCARD_E_BIRTH, "bad_birth_date",
     "digits 7-14 of the ID number are not a birth date from 1900 on"},
    {ERR_IDCARD, IDCARD_E_FUTURE, "birth_in_future",
     "the birth date in the ID number is in the future"},
    {ERR_IDCARD, IDCARD_E_CHECK, "bad_check_digit",
     "the last character of the ID number does not match its check character"},
    {ERR_IDCARD, IDCARD_E_NUMBER, "id_as_number",
     "Excel has turned the ID number into a number and lost its last digits: set the column "
     "to text and re-enter the numbers"},
    {ERR_IDCARD, ERRTAB_LAST, "unknown", "unknown ID number error"},
    /* phone */
    {ERR_PHONE, 0, "ok", "success"},
    {ERR_PHONE, PHONE_E_EMPTY, "empty", "the phone number is empty"},
    {ERR_PHONE, PHONE_E_CHAR, "bad_char",
     "a phone number has only digits, spaces, '-' and a leading '+'"},
    {ERR_PHONE, PHONE_E_COUNTRY, "not_mainland", "only mainland China (+86) numbers are accepted"},
    {ERR_PHONE, PHONE_E_LENGTH, "bad_length", "a mobile number has 11 digits"},
    {ERR_PHONE, PHONE_E_NOT_MOBILE, "not_mobile", "a mobile number starts with 13 to 19"},
    {ERR_PHONE, ERRTAB_LAST, "unknown", "unknown phone number error"},
    /* quarantine until */
    {ERR_QUARANTINE_UNTIL, QUNTIL_E_BEFORE_FROM, "inconsistent",
     "the quarantine would end before it starts (the day before from at the earliest)"},
    {ERR_QUARANTINE_UNTIL, QUNTIL_E_PAST, "out_of_range",
     "a release takes effect today at the earliest: until is yesterday or later"},
    {ERR_QUARANTINE_UNTIL, QUNTIL_E_TOO_LONG, "out_of_range", "a quarantine lasts at most a year"},
    {ERR_QUARANTINE_UNTIL, ERRTAB_LAST, "out_of_range", "bad last day"},
    /* temperature */
    {ERR_TEMPERATURE, 0, "bad_temperature", "ok"},
    {ERR_TEMPERATURE, TEMP_E_EMPTY, "empty", "temperature is empty"},
    {ERR_TEMPERATURE, TEMP_E_FORMAT, "bad_temperature",
     "temperature must be a number of degrees Celsius with at most one decimal"},
    {ERR_TEMPERATURE, TEMP_E_RANGE, "impossible_temperature",
     "temperature must be between 34.0 and 43.0 °C"},
    {ERR_TEMPERATURE, ERRTAB_LAST, "bad_temperature", "bad temperature"},
    /* unitcode */
    {ERR_UNITCODE, UNITCODE_E_EMPTY, "empty", "empty code"},
    {ERR_UNITCODE, UNITCODE_E_DIGITS, "bad_char", "a code has only digits"},
    {ERR_UNITCODE, UNITCODE_E_LENGTH, "bad_length",
     "a code has 4 (city), 6 (district), 9 (street/town), 12 (committee/village) "
     "or 15 (grid) digits"},
    {ERR_UNITCODE, UNITCODE_E_ZERO, "bad_code", "not a valid division code"},
    {ERR_UNITCODE, ERRTAB_LAST, "bad_code", "bad code"},
};

const struct errtab *errtab_find(enum errtab_module module, int rc)
{
    const struct errtab *t = table;

    while (t->module != module || (t->rc != rc && t->rc != ERRTAB_LAST))
        t++;
    return t;
}

/* clang-format off */
#define MESSAGE(prefix, module) \
    const char *prefix##_strerror(int rc) { return errtab_find(module, rc)->message; }
#define CODE(prefix, module) \
    const char *prefix##_errcode(int rc) { return errtab_find(module, rc)->code; }
/* clang-format on */

MESSAGE(address, ERR_ADDRESS)
MESSAGE(colour, ERR_COLOUR)
MESSAGE(creditcode, ERR_CREDITCODE)
CODE(creditcode, ERR_CREDITCODE)
MESSAGE(date, ERR_DATE)
CODE(date, ERR_DATE)
MESSAGE(idcard, ERR_IDCARD)
CODE(idcard, ERR_IDCARD)
MESSAGE(phone, ERR_PHONE)
CODE(phone, ERR_PHONE)
MESSAGE(quarantine_until, ERR_QUARANTINE_UNTIL)
CODE(quarantine_until, ERR_QUARANTINE_UNTIL)
MESSAGE(temperature, ERR_TEMPERATURE)
CODE(temperature, ERR_TEMPERATURE)
MESSAGE(unitcode, ERR_UNITCODE)

/* A document number's errors are its own or, for an ID card, the card's. */
const char *doc_strerror(int rc)
{
    const struct errtab *e = errtab_find(ERR_DOCUMENT, rc);
    return e->message ? e->message : idcard_strerror(rc);
}

const char *doc_errcode(int rc)
{
    const struct errtab *e = errtab_find(ERR_DOCUMENT, rc);
    return e->code ? e->code : idcard_errcode(rc);
}
