/*
 * Progress line rendering, redrawn at most five times a second.
 */
#include "util/progress.h"

#include <stdio.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void progress_init(struct progress *p, const char *what, size_t total, int enabled)
{
    p->enabled = enabled < 0 ? isatty(STDERR_FILENO) : enabled;
    p->total = total;
    p->start = p->last = now_s();
    p->what = what;
}

static void draw(struct progress *p, size_t done, double t)
{
    double el = t - p->start, rate = el > 0 ? (double)done / el : 0;
    char bar[32];
    int w = 24, fill = 0;

    if (p->total) {
        double frac = (double)done / (double)p->total;
        if (frac > 1)
            frac = 1;
        fill = (int)(frac * w);
        for (int i = 0; i < w; i++)
            bar[i] = i < fill ? '#' : '.';
        bar[w] = '\0';
        double left = rate > 0 ? ((double)p->total - (double)done) / rate : 0;
        if (left < 0)
            left = 0;
        fprintf(stderr, "\r%s [%s] %zu/%zu %s, %.0f/s, %d:%02d left   ", p->what, bar, done,
                p->total, "rows", rate, (int)left / 60, (int)left % 60);
    } else {
        fprintf(stderr, "\r%s %zu rows, %.0f/s   ", p->what, done, rate);
    }
    fflush(stderr);
}

void progress_update(struct progress *p, size_t done)
{
    double t;

    if (!p->enabled || (done & 1023))
        return;
    t = now_s();
    if (t - p->last < 0.2)
        return;
    p->last = t;
    draw(p, done, t);
}

void progress_finish(struct progress *p, size_t done)
{
    if (!p->enabled)
        return;
    draw(p, done, now_s());
    fputc('\n', stderr);
}
