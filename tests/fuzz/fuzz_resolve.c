/*
 * libFuzzer target: the address resolver (app/units/resolve.c over
 * core/address.c) with Shanghai's divisions indexed, on arbitrary text as
 * a traveller types it at a checkpoint, including the household look-up.
 */
#include "app/units/resolve.h"

#include "fuzz.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct resolver *r;
    struct resolution out;
    struct app_error e;
    struct db *db = fuzz_db();
    char *copy;

    if (!r && resolver_new(db, &r, &e) < 0)
        abort();
    if (!(copy = malloc(size ? size : 1)))
        return 0;
    memcpy(copy, data, size);
    resolver_resolve(r, db, copy, size, &out);
    free(copy);
    return 0;
}
