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

static struct resolver *r;

/* The database and the index once, before the first input (so their
 * building does not count against -timeout). */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    struct app_error e;

    (void)argc, (void)argv;
    if (resolver_new(fuzz_db(), &r, &e) < 0)
        abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct resolution out;
    struct db *db = fuzz_db();
    char *copy;
    if (!(copy = malloc(size ? size : 1)))
        return 0;
    memcpy(copy, data, size);
    resolver_resolve(r, db, copy, size, &out);
    free(copy);
    return 0;
}
