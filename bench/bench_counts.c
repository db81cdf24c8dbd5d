/*
 * Benchmark: live colour counts for a unit (city, district, committee), in
 * microseconds per query through the store layer, against the floor of the
 * same statement as a bare prepared SQLite statement in the same run: a
 * point lookup for a district or a committee, the sum of the districts'
 * rows for a city (store/counts.c).
 * Usage: bench_counts DB [ITERATIONS]. Prints one line per level.
 */
#include "core/colour.h"
#include "store/db.h"
#include "store/residents.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    static const struct {
        const char *level;
        int64_t code;
    } units[] = {{"city", 3101}, {"district", 310105}, {"committee", 310105002002LL}};
    int iters = argc > 2 ? atoi(argv[2]) : 200000;
    char err[DB_ERR_LEN];
    struct db *db;
    sqlite3 *raw;
    sqlite3_stmt *one, *city;

    if (argc < 2) {
        fprintf(stderr, "usage: bench_counts DB [ITERATIONS]\n");
        return 2;
    }
    if (db_open(argv[1], 0, &db, err) < 0) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    if (sqlite3_open_v2(argv[1], &raw, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(raw,
                           "SELECT colour, n FROM colour_counts WHERE unit = ? AND district = ?",
                           -1, &one, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(raw, "SELECT colour, n FROM colour_counts WHERE unit >= ? AND unit < ?",
                           -1, &city, NULL) != SQLITE_OK) {
        fprintf(stderr, "sqlite3: cannot prepare\n");
        return 1;
    }
    for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
        int64_t c[COLOUR_COUNT], sum = 0, ref = 0;
        double t0 = now(), ours, floor_;
        for (int i = 0; i < iters; i++) {
            store_counts_get(db, units[u].code, c);
            sum += c[COLOUR_GREEN];
        }
        ours = (now() - t0) / iters * 1e6;
        t0 = now();
        int64_t district = units[u].code;
        sqlite3_stmt *st = district > 9999 ? one : city;
        while (district > 999999)
            district /= 1000; /* committee -> street -> district */
        for (int i = 0; i < iters; i++) {
            sqlite3_bind_int64(st, 1, st == one ? units[u].code : units[u].code * 100);
            sqlite3_bind_int64(st, 2, st == one ? district : units[u].code * 100 + 100);
            while (sqlite3_step(st) == SQLITE_ROW)
                ref += sqlite3_column_int64(st, 1);
            sqlite3_reset(st);
        }
        floor_ = (now() - t0) / iters * 1e6;
        printf("counts %-9s ours %.2f us/query, bare sqlite3 lookup %.2f us, ratio %.2f "
               "(checksums %lld %lld)\n",
               units[u].level, ours, floor_, ours / floor_, (long long)(sum / iters),
               (long long)(ref / iters));
    }
    sqlite3_finalize(one);
    sqlite3_finalize(city);
    sqlite3_close(raw);
    db_close(db);
    return 0;
}
