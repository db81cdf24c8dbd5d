/*
 * libFuzzer target: the pure checks of what people type: identity card
 * numbers, mobile phones, social credit codes, dates, unit codes,
 * temperatures, document types and address normalisation, each on the
 * same arbitrary bytes (not NUL-terminated, as they come out of a field).
 * Each result is also checked for what the header promises (normalised
 * output of the right length on success).
 */
#include "core/address.h"
#include "core/creditcode.h"
#include "core/date.h"
#include "core/document.h"
#include "core/idcard.h"
#include "core/phone.h"
#include "core/temperature.h"
#include "core/unitcode.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s;
    char *copy = malloc(size ? size : 1), phone[PHONE_STR_LEN], cc[CREDITCODE_STR_LEN];
    char norm[ADDRESS_MAX + 1];
    struct idcard id;
    enum doc_type dt;
    int32_t day;
    int64_t code;
    int tenths;

    if (!copy)
        return 0;
    memcpy(copy, data, size); /* exactly size bytes: no NUL for ASan to find */
    s = copy;
    if (idcard_parse(s, size, DATE_NONE, &id) == 0 && strlen(id.number) != IDCARD_LEN)
        abort();
    if (phone_check(s, size, phone) == 0 && strlen(phone) != PHONE_LEN)
        abort();
    if (creditcode_check(s, size, cc) == 0 && strlen(cc) != CREDITCODE_LEN)
        abort();
    date_parse(s, size, &day);
    unitcode_parse(s, size, &code);
    temperature_parse(s, size, &tenths);
    doc_type_parse(s, size, &dt);
    if (size <= ADDRESS_MAX) {
        int n = address_normalize(s, size, norm, sizeof norm);
        if (n >= 0 && (size_t)n != strlen(norm))
            abort();
    }
    free(copy);
    return 0;
}
