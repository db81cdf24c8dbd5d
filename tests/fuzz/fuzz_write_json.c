/*
 * libFuzzer target: the JSON body of every write route, through the parse
 * function of its struct http_write descriptor, exactly as http/write.c
 * calls it (the job calloc'd at its size, the header filled, the body read
 * by jansson with duplicate keys refused). The route table is walked once
 * for the routes that parse a body; the first byte picks one of them, so
 * a new write route is fuzzed without touching this file.
 */
#include "app/accounts/roles.h"
#include "http/http.h"

#include "fuzz.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define MAX_WRITES 256

static const struct http_write *writes[MAX_WRITES];
static size_t nwrites;

static void collect(void)
{
    for (const struct http_route *r = http_routes; r->method && nwrites < MAX_WRITES; r++)
        if (r->write && r->write->parse)
            writes[nwrites++] = r->write;
    if (!nwrites)
        abort();
}

/* The database once, before the first input (not against -timeout). */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    fuzz_db();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const struct http_write *w;
    struct app_job *j;
    json_t *body;
    void *job;
    struct db *db = fuzz_db();

    if (!nwrites)
        collect();
    if (size < 1)
        return 0;
    w = writes[data[0] % nwrites];
    if (!(job = calloc(1, w->job_size)))
        return 0;
    j = job;
    j->c.role = ROLE_SYSTEM;
    snprintf(j->c.name, sizeof j->c.name, "fuzz");
    j->c.unit = FUZZ_CITY;
    j->id = 1;
    j->today = 18330; /* 2020-03-09 */
    j->now = 1583712000;
    body = json_loadb((const char *)data + 1, size - 1, JSON_REJECT_DUPLICATES, NULL);
    if (body || (w->flags & HTTP_WRITE_BODY_OPTIONAL))
        w->parse(db, body, job);
    json_decref(body);
    if (w->release)
        w->release(job);
    free(job);
    return 0;
}
