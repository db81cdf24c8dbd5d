/*
 * Benchmark: destination address resolution (app/units/resolve.c), in
 * microseconds per address over the corpus tests/data/addresses.tsv, against
 * the checkpoint's budget of 100 us per traveller. Three figures: the index
 * alone; with the household lookup (one query when a registered room is
 * read); and resolve_address() as the server calls it (plus the check for
 * newly registered compounds). Also the time to build the index.
 * Usage: bench_resolve DB [ROUNDS]   (DB made by `cordon init`)
 */
#include "app/units/resolve.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_ADDR 2000

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    static char *addr[MAX_ADDR];
    int rounds = argc > 2 ? atoi(argv[2]) : 200, n = 0;
    char err[DB_ERR_LEN], line[2048];
    struct app_error ae;
    struct resolver *r;
    struct resolution res;
    struct db *db;
    FILE *f;
    double t0, t;

    if (argc < 2) {
        fprintf(stderr, "usage: bench_resolve DB [ROUNDS]\n");
        return 2;
    }
    if (db_open(argv[1], 0, &db, err) < 0) {
        fprintf(stderr, "bench_resolve: %s\n", err);
        return 1;
    }
    if (!(f = fopen("tests/data/addresses.tsv", "r"))) {
        fprintf(stderr, "bench_resolve: run from the repository root\n");
        return 1;
    }
    while (n < MAX_ADDR && fgets(line, sizeof line, f))
        if (*line != '#' && *line != '\n')
            addr[n++] = strndup(line, strcspn(line, "\t\n"));
    fclose(f);

    t0 = now();
    if (resolver_new(db, &r, &ae) < 0) {
        fprintf(stderr, "bench_resolve: %s\n", ae.message);
        return 1;
    }
    printf("resolve: index built in %.1f ms\n", (now() - t0) * 1e3);
    {
        struct address_index_stats st;
        resolver_stats(r, &st);
        printf("resolve: index of %zu units, %zu compounds, %zu outside names, %zu keys, %.1f MB\n",
               st.units, st.compounds, st.outside, st.keys, st.bytes / 1048576.0);
    }

    t0 = now();
    for (int k = 0; k < rounds; k++)
        for (int i = 0; i < n; i++)
            resolver_resolve(r, NULL, addr[i], strlen(addr[i]), &res);
    t = (now() - t0) / ((double)rounds * n) * 1e6;
    printf(
        "resolve: index only          %6.2f us/address  (%d addresses x %d; budget 100 us: %.3f)\n",
        t, n, rounds, t / 100);

    t0 = now();
    for (int k = 0; k < rounds; k++)
        for (int i = 0; i < n; i++)
            resolver_resolve(r, db, addr[i], strlen(addr[i]), &res);
    t = (now() - t0) / ((double)rounds * n) * 1e6;
    printf("resolve: with household      %6.2f us/address  (budget 100 us: %.3f)\n", t, t / 100);

    resolve_address(db, addr[0], strlen(addr[0]), &res, &ae); /* builds the shared index */
    t0 = now();
    for (int k = 0; k < rounds; k++)
        for (int i = 0; i < n; i++)
            resolve_address(db, addr[i], strlen(addr[i]), &res, &ae);
    t = (now() - t0) / ((double)rounds * n) * 1e6;
    printf("resolve: resolve_address()   %6.2f us/address  (budget 100 us: %.3f)\n", t, t / 100);

    resolver_free(r);
    for (int i = 0; i < n; i++)
        free(addr[i]);
    db_close(db);
    return 0;
}
