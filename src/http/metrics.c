/*
 * Metrics for GET /metrics: requests by route and status, a latency
 * histogram per route, time in the database (reads on server threads,
 * writes and commits on the writer), group-commit sizes and live sessions.
 */
#include "http/metrics.h"

#include "app/accounts/accounts.h"
#include "app/accounts/session.h"
#include "app/tasks/tally_memo.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_ROUTES 128
#define NBUCKETS   14

static const double bounds[NBUCKETS] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                        0.1,    0.25,  0.5,    1,     2.5,  5,     10};
static const int statuses[] = {200, 201, 204, 304, 400, 401, 403, 404,
                               405, 408, 409, 413, 415, 429, 500, 503};
#define NSTATUS ((int)(sizeof statuses / sizeof statuses[0]) + 1) /* + "other" */

struct route_metrics {
    uint64_t by_status[NSTATUS];
    uint64_t buckets[NBUCKETS + 1]; /* not cumulative; the last is +Inf */
    uint64_t sum_ns;
};

static int nroutes;
static struct route_metrics rm[MAX_ROUTES + 1]; /* the last: no route matched */
static uint64_t read_ns;

void metrics_init(void)
{
    nroutes = 0;
    while (nroutes < MAX_ROUTES && http_routes[nroutes].method)
        nroutes++;
}

static int status_index(int status)
{
    for (int i = 0; i < NSTATUS - 1; i++)
        if (statuses[i] == status)
            return i;
    return NSTATUS - 1;
}

void metrics_observe(const struct http_route *route, int status, double seconds)
{
    int r = route ? (int)(route - http_routes) : nroutes, b = 0;
    struct route_metrics *m;

    if (r < 0 || r > nroutes)
        r = nroutes;
    m = &rm[r];
    while (b < NBUCKETS && seconds > bounds[b])
        b++;
    __atomic_fetch_add(&m->by_status[status_index(status)], 1, __ATOMIC_RELAXED);
    __atomic_fetch_add(&m->buckets[b], 1, __ATOMIC_RELAXED);
    __atomic_fetch_add(&m->sum_ns, (uint64_t)(seconds * 1e9), __ATOMIC_RELAXED);
}

void metrics_add_read_time(double seconds)
{
    __atomic_fetch_add(&read_ns, (uint64_t)(seconds * 1e9), __ATOMIC_RELAXED);
}

static void route_label(FILE *f, int r)
{
    if (r == nroutes)
        fprintf(f, "method=\"\",route=\"(none)\"");
    else
        fprintf(f, "method=\"%s\",route=\"%s\"", http_routes[r].method, http_routes[r].pattern);
}

char *metrics_render(struct db *db, struct writer *w, size_t *out_len)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    int64_t live = 0;

    if (!f)
        return NULL;
    fprintf(f, "# HELP cordon_http_requests_total Requests answered, by route and status.\n"
               "# TYPE cordon_http_requests_total counter\n");
    for (int r = 0; r <= nroutes; r++)
        for (int s = 0; s < NSTATUS; s++) {
            uint64_t n = __atomic_load_n(&rm[r].by_status[s], __ATOMIC_RELAXED);
            if (!n)
                continue;
            fprintf(f, "cordon_http_requests_total{");
            route_label(f, r);
            if (s < NSTATUS - 1)
                fprintf(f, ",status=\"%d\"} %llu\n", statuses[s], (unsigned long long)n);
            else
                fprintf(f, ",status=\"other\"} %llu\n", (unsigned long long)n);
        }
    fprintf(f, "# HELP cordon_http_request_seconds Time from a request's first byte to its "
               "answer.\n# TYPE cordon_http_request_seconds histogram\n");
    for (int r = 0; r <= nroutes; r++) {
        uint64_t cum = 0, total = 0;
        for (int b = 0; b <= NBUCKETS; b++)
            total += __atomic_load_n(&rm[r].buckets[b], __ATOMIC_RELAXED);
        if (!total)
            continue;
        for (int b = 0; b <= NBUCKETS; b++) {
            cum += __atomic_load_n(&rm[r].buckets[b], __ATOMIC_RELAXED);
            fprintf(f, "cordon_http_request_seconds_bucket{");
            route_label(f, r);
            if (b < NBUCKETS)
                fprintf(f, ",le=\"%g\"} %llu\n", bounds[b], (unsigned long long)cum);
            else
                fprintf(f, ",le=\"+Inf\"} %llu\n", (unsigned long long)cum);
        }
        fprintf(f, "cordon_http_request_seconds_sum{");
        route_label(f, r);
        fprintf(f, "} %.6f\ncordon_http_request_seconds_count{",
                (double)__atomic_load_n(&rm[r].sum_ns, __ATOMIC_RELAXED) / 1e9);
        route_label(f, r);
        fprintf(f, "} %llu\n", (unsigned long long)cum);
    }
    fprintf(f,
            "# HELP cordon_db_read_seconds_total Time in request handlers on server threads "
            "(database reads and formatting).\n# TYPE cordon_db_read_seconds_total counter\n"
            "cordon_db_read_seconds_total %.6f\n",
            (double)__atomic_load_n(&read_ns, __ATOMIC_RELAXED) / 1e9);
    fprintf(f,
            "# HELP cordon_dashboard_parts_counted_total Dashboard parts counted "
            "(app/tasks/tally_memo.c): for a request, on the task pool when a kept one had "
            "expired, ahead by the tick.\n# TYPE cordon_dashboard_parts_counted_total counter\n"
            "cordon_dashboard_parts_counted_total{how=\"request\"} %llu\n"
            "cordon_dashboard_parts_counted_total{how=\"expired\"} %llu\n"
            "cordon_dashboard_parts_counted_total{how=\"ahead\"} %llu\n",
            (unsigned long long)tally_memo_counted(TALLY_COUNTED_INLINE),
            (unsigned long long)tally_memo_counted(TALLY_COUNTED_BACKGROUND),
            (unsigned long long)tally_memo_counted(TALLY_COUNTED_AHEAD));
    if (w) {
        struct writer_stats st;
        uint64_t cum = 0;
        writer_get_stats(w, &st);
        fprintf(f,
                "# HELP cordon_db_write_seconds_total Time inside write transactions (group "
                "commit).\n# TYPE cordon_db_write_seconds_total counter\n"
                "cordon_db_write_seconds_total %.6f\n"
                "# HELP cordon_db_commit_seconds_total Time inside COMMIT (the disk flush).\n"
                "# TYPE cordon_db_commit_seconds_total counter\n"
                "cordon_db_commit_seconds_total %.6f\n"
                "# HELP cordon_db_commits_total Write transactions (groups).\n"
                "# TYPE cordon_db_commits_total counter\ncordon_db_commits_total %llu\n"
                "# HELP cordon_db_commits_failed_total Groups that failed as a whole.\n"
                "# TYPE cordon_db_commits_failed_total counter\n"
                "cordon_db_commits_failed_total %llu\n"
                "# HELP cordon_db_commits_rerun_total Groups a failure in their PostgreSQL "
                "pipeline made run again without it.\n"
                "# TYPE cordon_db_commits_rerun_total counter\n"
                "cordon_db_commits_rerun_total %llu\n"
                "# HELP cordon_db_write_jobs_total Writes run, and those that rolled back.\n"
                "# TYPE cordon_db_write_jobs_total counter\n"
                "cordon_db_write_jobs_total{result=\"ok\"} %llu\n"
                "cordon_db_write_jobs_total{result=\"failed\"} %llu\n"
                "# HELP cordon_db_write_queue Writes waiting for the writer.\n"
                "# TYPE cordon_db_write_queue gauge\ncordon_db_write_queue %d\n"
                "# HELP cordon_db_group_jobs Writes per committed group.\n"
                "# TYPE cordon_db_group_jobs histogram\n",
                st.busy_s, st.commit_s, (unsigned long long)st.groups,
                (unsigned long long)st.groups_failed, (unsigned long long)st.groups_rerun,
                (unsigned long long)(st.jobs - st.jobs_failed), (unsigned long long)st.jobs_failed,
                st.queued);
        for (int b = 0; b < WRITER_GROUP_BUCKETS; b++) {
            cum += st.group_size[b];
            if (b < WRITER_GROUP_BUCKETS - 1)
                fprintf(f, "cordon_db_group_jobs_bucket{le=\"%d\"} %llu\n", (2 << b) - 1,
                        (unsigned long long)cum);
        }
        fprintf(f,
                "cordon_db_group_jobs_bucket{le=\"+Inf\"} %llu\ncordon_db_group_jobs_sum "
                "%llu\ncordon_db_group_jobs_count %llu\n",
                (unsigned long long)cum, (unsigned long long)st.jobs, (unsigned long long)cum);
        if (st.wal_bytes >= 0)
            fprintf(f,
                    "# HELP cordon_db_wal_bytes_total Bytes the writer appended to SQLite's "
                    "write-ahead log (pages and frame headers).\n"
                    "# TYPE cordon_db_wal_bytes_total counter\ncordon_db_wal_bytes_total %lld\n",
                    (long long)st.wal_bytes);
    }
    fprintf(f,
            "# HELP cordon_password_verifications_total Password hashes computed to check a "
            "login (an unknown name costs one too).\n"
            "# TYPE cordon_password_verifications_total counter\n"
            "cordon_password_verifications_total %llu\n",
            (unsigned long long)accounts_verify_count());
    if (db && session_live_count(db, &live) == 0)
        fprintf(f,
                "# HELP cordon_sessions_live Sessions used within the idle timeout.\n"
                "# TYPE cordon_sessions_live gauge\ncordon_sessions_live %lld\n",
                (long long)live);
    fclose(f);
    *out_len = len;
    return buf;
}
