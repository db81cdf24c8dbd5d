/*
 * A bounded FIFO of pointers shared by threads, written once for the
 * group-commit writer (store/writer.c) and the server's task pool
 * (http/server.c). Pushing never blocks: a full or closed queue refuses, so
 * a saturated server answers "busy" instead of piling up work. Popping
 * blocks until there is an item or the queue is closed; after a close the
 * items still queued are handed out before pops return 0.
 */
#ifndef CORDON_UTIL_QUEUE_H
#define CORDON_UTIL_QUEUE_H

#include <pthread.h>

#define QUEUE_E_FULL   -1 /* as many items as the queue holds */
#define QUEUE_E_CLOSED -2 /* queue_close() was called */
#define QUEUE_E_NOMEM  -3

struct queue {
    pthread_mutex_t lock;
    pthread_cond_t nonempty;
    void **items; /* a ring of `cap` slots */
    int cap, head, count;
    int closed;
};

/* A queue of at most `cap` items (cap > 0). 0 or QUEUE_E_NOMEM. */
int queue_init(struct queue *q, int cap);

/* Frees the ring; the items still queued are the caller's to free. */
void queue_cleanup(struct queue *q);

/* Appends item: 0, QUEUE_E_FULL or QUEUE_E_CLOSED (the item stays the
 * caller's). Wakes one waiting pop. */
int queue_push(struct queue *q, void *item);

/* Takes up to `max` items, oldest first, into out[], waiting while the
 * queue is empty and open. Returns how many (0: closed and empty). */
int queue_pop(struct queue *q, void **out, int max);

/* Refuses further pushes and wakes every waiting pop. */
void queue_close(struct queue *q);

/* Items queued now. */
int queue_length(struct queue *q);

#endif
