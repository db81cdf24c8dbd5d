/*
 * The bounded FIFO behind the writer and the task pool (see queue.h): a
 * ring of pointers under one mutex, with one condition variable for the
 * poppers. Pushers never wait, so no "not full" condition is needed.
 */
#include "util/queue.h"

#include <stdlib.h>

int queue_init(struct queue *q, int cap)
{
    q->items = calloc((size_t)(cap > 0 ? cap : 1), sizeof *q->items);
    if (!q->items)
        return QUEUE_E_NOMEM;
    q->cap = cap > 0 ? cap : 1;
    q->head = q->count = 0;
    q->closed = 0;
    pthread_mutex_init(&q->lock, NULL);
    pthread_cond_init(&q->nonempty, NULL);
    return 0;
}

void queue_cleanup(struct queue *q)
{
    if (!q->items)
        return;
    pthread_cond_destroy(&q->nonempty);
    pthread_mutex_destroy(&q->lock);
    free(q->items);
    q->items = NULL;
}

int queue_push(struct queue *q, void *item)
{
    int rc = 0;

    pthread_mutex_lock(&q->lock);
    if (q->closed) {
        rc = QUEUE_E_CLOSED;
    } else if (q->count >= q->cap) {
        rc = QUEUE_E_FULL;
    } else {
        q->items[(q->head + q->count) % q->cap] = item;
        q->count++;
        pthread_cond_signal(&q->nonempty);
    }
    pthread_mutex_unlock(&q->lock);
    return rc;
}

int queue_pop(struct queue *q, void **out, int max)
{
    int n = 0;

    pthread_mutex_lock(&q->lock);
    while (q->count == 0 && !q->closed)
        pthread_cond_wait(&q->nonempty, &q->lock);
    while (q->count > 0 && n < max) {
        out[n++] = q->items[q->head];
        q->head = (q->head + 1) % q->cap;
        q->count--;
    }
    pthread_mutex_unlock(&q->lock);
    return n;
}

void queue_close(struct queue *q)
{
    pthread_mutex_lock(&q->lock);
    q->closed = 1;
    pthread_cond_broadcast(&q->nonempty);
    pthread_mutex_unlock(&q->lock);
}

int queue_length(struct queue *q)
{
    int n;

    pthread_mutex_lock(&q->lock);
    n = q->count;
    pthread_mutex_unlock(&q->lock);
    return n;
}
