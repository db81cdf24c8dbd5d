/*
 * The row pipe of util/rowpipe.h: a ring of NBATCH batches, each holding up
 * to BATCH_ROWS rows copied into one byte arena. The producer fills the
 * batch after the filled ones and waits while all are full; the consumer
 * delivers the oldest and hands it back. One mutex, one condition variable.
 */
#include "util/rowpipe.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define NBATCH     4
#define BATCH_ROWS 512

struct prow {
    size_t line, nfields, first; /* first: index of its first cell */
};

struct batch {
    struct prow rows[BATCH_ROWS];
    size_t nrows;
    size_t *off, *len; /* per cell: offset in bytes, length */
    size_t ncells, cellcap;
    char *bytes;
    size_t nbytes, bytecap;
};

struct pipe {
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct batch b[NBATCH];
    size_t head, count; /* oldest filled batch, filled batches */
    int done, stop, rc;
    rowpipe_producer produce;
    void *parg;
    char *err;
};

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    size_t c = *cap ? *cap : 256;
    void *q;

    if (need <= *cap)
        return 0;
    while (c < need)
        c *= 2;
    if (!(q = realloc(*p, c * size)))
        return CSVREAD_E_NOMEM;
    *p = q;
    *cap = c;
    return 0;
}

/* Copies a row into batch b. 0, or CSVREAD_E_NOMEM. */
static int batch_add(struct batch *b, const struct csvread_row *r)
{
    size_t bytes = b->nbytes, cap = b->cellcap;

    for (size_t i = 0; i < r->nfields; i++)
        bytes += r->lens[i] + 1;
    if (grow((void **)&b->bytes, &b->bytecap, bytes, 1) < 0 ||
        grow((void **)&b->off, &cap, b->ncells + r->nfields, sizeof *b->off) < 0 ||
        grow((void **)&b->len, &b->cellcap, b->ncells + r->nfields, sizeof *b->len) < 0)
        return CSVREAD_E_NOMEM;
    b->rows[b->nrows++] = (struct prow){r->line, r->nfields, b->ncells};
    for (size_t i = 0; i < r->nfields; i++) {
        memcpy(b->bytes + b->nbytes, r->fields[i], r->lens[i] + 1);
        b->off[b->ncells] = b->nbytes;
        b->len[b->ncells++] = r->lens[i];
        b->nbytes += r->lens[i] + 1;
    }
    return 0;
}

/* Producer side: a full batch is published, then wait for a free one. */
static int on_produced(void *arg, const struct csvread_row *r)
{
    struct pipe *p = arg;
    struct batch *b;
    int stop;

    pthread_mutex_lock(&p->mu);
    b = &p->b[(p->head + p->count) % NBATCH];
    if (b->nrows == BATCH_ROWS) {
        p->count++;
        pthread_cond_broadcast(&p->cv);
        while (p->count == NBATCH && !p->stop)
            pthread_cond_wait(&p->cv, &p->mu);
        b = &p->b[(p->head + p->count) % NBATCH];
        b->nrows = b->ncells = b->nbytes = 0;
    }
    stop = p->stop;
    pthread_mutex_unlock(&p->mu);
    return stop ? 1 : batch_add(b, r); /* b is the producer's alone now */
}

static void *producer_main(void *arg)
{
    struct pipe *p = arg;
    int rc = p->produce(p->parg, on_produced, p, p->err);

    pthread_mutex_lock(&p->mu);
    if (p->b[(p->head + p->count) % NBATCH].nrows && p->count < NBATCH)
        p->count++; /* the last, partly filled batch */
    p->rc = rc;
    p->done = 1;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

/* Consumer side: delivers every batch; fn's non-zero value stops. */
static int consume(struct pipe *p, csvread_row_fn fn, void *arg)
{
    const char **fields = NULL;
    size_t nf = 0, index = 0;
    int rc = 0;

    for (;;) {
        struct batch *b;
        pthread_mutex_lock(&p->mu);
        while (p->count == 0 && !p->done)
            pthread_cond_wait(&p->cv, &p->mu);
        if (p->count == 0) {
            pthread_mutex_unlock(&p->mu);
            break;
        }
        b = &p->b[p->head];
        pthread_mutex_unlock(&p->mu);
        for (size_t i = 0; i < b->nrows && rc == 0; i++) {
            const struct prow *w = &b->rows[i];
            if (grow((void **)&fields, &nf, w->nfields, sizeof *fields) < 0) {
                rc = CSVREAD_E_NOMEM;
                break;
            }
            for (size_t k = 0; k < w->nfields; k++)
                fields[k] = b->bytes + b->off[w->first + k];
            rc = fn(arg,
                    &(struct csvread_row){fields, b->len + w->first, w->nfields, w->line, index++});
        }
        pthread_mutex_lock(&p->mu);
        b->nrows = b->ncells = b->nbytes = 0;
        p->head = (p->head + 1) % NBATCH;
        p->count--;
        p->stop = rc != 0;
        pthread_cond_broadcast(&p->cv);
        pthread_mutex_unlock(&p->mu);
        if (rc != 0)
            break;
    }
    free(fields);
    return rc;
}

int rowpipe_run(rowpipe_producer produce, void *parg, csvread_row_fn fn, void *arg,
                char err[CSVREAD_ERR_LEN])
{
    struct pipe p = {.produce = produce, .parg = parg, .err = err};
    pthread_t t;
    int rc;

    if (pthread_mutex_init(&p.mu, NULL) != 0)
        return produce(parg, fn, arg, err);
    if (pthread_cond_init(&p.cv, NULL) != 0) {
        pthread_mutex_destroy(&p.mu);
        return produce(parg, fn, arg, err);
    }
    if (pthread_create(&t, NULL, producer_main, &p) != 0) {
        rc = produce(parg, fn, arg, err);
    } else {
        rc = consume(&p, fn, arg);
        pthread_join(t, NULL);
        if (rc == 0)
            rc = p.rc;
    }
    for (int i = 0; i < NBATCH; i++) {
        free(p.b[i].off);
        free(p.b[i].len);
        free(p.b[i].bytes);
    }
    pthread_cond_destroy(&p.cv);
    pthread_mutex_destroy(&p.mu);
    return rc;
}
