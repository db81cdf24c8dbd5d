/*
 * Tests of util/queue.c, the bounded FIFO under the group-commit writer and
 * the server's task pool: items come out in the order they went in, also
 * across the ring's wrap; a full queue and a closed one refuse a push; a
 * close hands out what is still queued and then wakes waiting pops with 0;
 * a pop waits for a push; many producers and consumers lose nothing.
 */
#include "util/queue.h"

#include <pthread.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

static void *item(intptr_t v)
{
    return (void *)v;
}

static void items_come_out_in_order(void **state)
{
    struct queue q;
    void *out[8];

    (void)state;
    assert_int_equal(queue_init(&q, 8), 0);
    for (intptr_t i = 1; i <= 5; i++)
        assert_int_equal(queue_push(&q, item(i)), 0);
    assert_int_equal(queue_length(&q), 5);
    assert_int_equal(queue_pop(&q, out, 3), 3);
    assert_ptr_equal(out[0], item(1));
    assert_ptr_equal(out[1], item(2));
    assert_ptr_equal(out[2], item(3));
    assert_int_equal(queue_pop(&q, out, 8), 2);
    assert_ptr_equal(out[0], item(4));
    assert_ptr_equal(out[1], item(5));
    assert_int_equal(queue_length(&q), 0);
    queue_cleanup(&q);
}

static void order_holds_across_the_wrap(void **state)
{
    struct queue q;
    void *out[1];
    intptr_t next_in = 1, next_out = 1;

    (void)state;
    assert_int_equal(queue_init(&q, 3), 0);
    /* Keep two in the ring while 20 pass through a ring of 3 slots. */
    assert_int_equal(queue_push(&q, item(next_in++)), 0);
    for (int round = 0; round < 20; round++) {
        assert_int_equal(queue_push(&q, item(next_in++)), 0);
        assert_int_equal(queue_pop(&q, out, 1), 1);
        assert_ptr_equal(out[0], item(next_out++));
    }
    queue_cleanup(&q);
}

static void a_full_queue_refuses(void **state)
{
    struct queue q;
    void *out[2];

    (void)state;
    assert_int_equal(queue_init(&q, 2), 0);
    assert_int_equal(queue_push(&q, item(1)), 0);
    assert_int_equal(queue_push(&q, item(2)), 0);
    assert_int_equal(queue_push(&q, item(3)), QUEUE_E_FULL);
    assert_int_equal(queue_pop(&q, out, 1), 1);
    assert_int_equal(queue_push(&q, item(3)), 0);
    assert_int_equal(queue_pop(&q, out, 2), 2);
    assert_ptr_equal(out[0], item(2));
    assert_ptr_equal(out[1], item(3));
    queue_cleanup(&q);
}

static void a_close_refuses_pushes_and_drains(void **state)
{
    struct queue q;
    void *out[4];

    (void)state;
    assert_int_equal(queue_init(&q, 4), 0);
    assert_int_equal(queue_push(&q, item(1)), 0);
    assert_int_equal(queue_push(&q, item(2)), 0);
    queue_close(&q);
    assert_int_equal(queue_push(&q, item(3)), QUEUE_E_CLOSED);
    assert_int_equal(queue_pop(&q, out, 4), 2);
    assert_ptr_equal(out[0], item(1));
    assert_ptr_equal(out[1], item(2));
    assert_int_equal(queue_pop(&q, out, 4), 0);
    queue_cleanup(&q);
}

struct popper {
    struct queue *q;
    int n;
    void *got;
};

static void *pop_one(void *arg)
{
    struct popper *p = arg;

    p->n = queue_pop(p->q, &p->got, 1);
    return NULL;
}

static void a_pop_waits_for_a_push(void **state)
{
    struct queue q;
    struct popper p = {&q, -1, NULL};
    pthread_t t;

    (void)state;
    assert_int_equal(queue_init(&q, 4), 0);
    assert_int_equal(pthread_create(&t, NULL, pop_one, &p), 0);
    assert_int_equal(queue_push(&q, item(7)), 0);
    pthread_join(t, NULL);
    assert_int_equal(p.n, 1);
    assert_ptr_equal(p.got, item(7));
    queue_cleanup(&q);
}

static void a_close_wakes_a_waiting_pop(void **state)
{
    struct queue q;
    struct popper p = {&q, -1, NULL};
    pthread_t t;

    (void)state;
    assert_int_equal(queue_init(&q, 4), 0);
    assert_int_equal(pthread_create(&t, NULL, pop_one, &p), 0);
    queue_close(&q);
    pthread_join(t, NULL); /* hangs if the close never wakes it */
    assert_int_equal(p.n, 0);
    queue_cleanup(&q);
}

#define PRODUCERS 4
#define CONSUMERS 3
#define PER       5000

struct worker {
    struct queue *q;
    intptr_t first;  /* producers: the first of PER values */
    long long sum;   /* consumers: what they took */
    long long count; /* consumers: how many */
};

static void *produce(void *arg)
{
    struct worker *w = arg;

    for (intptr_t v = w->first; v < w->first + PER; v++)
        while (queue_push(w->q, item(v)) == QUEUE_E_FULL)
            sched_yield();
    return NULL;
}

static void *consume(void *arg)
{
    struct worker *w = arg;
    void *out[16];
    int n;

    while ((n = queue_pop(w->q, out, 16)) > 0)
        for (int i = 0; i < n; i++) {
            w->sum += (intptr_t)out[i];
            w->count++;
        }
    return NULL;
}

static void many_producers_and_consumers_lose_nothing(void **state)
{
    struct queue q;
    struct worker prod[PRODUCERS], cons[CONSUMERS];
    pthread_t pt[PRODUCERS], ct[CONSUMERS];
    long long sum = 0, count = 0, want = 0;

    (void)state;
    assert_int_equal(queue_init(&q, 64), 0);
    for (int i = 0; i < CONSUMERS; i++) {
        cons[i] = (struct worker){&q, 0, 0, 0};
        assert_int_equal(pthread_create(&ct[i], NULL, consume, &cons[i]), 0);
    }
    for (int i = 0; i < PRODUCERS; i++) {
        prod[i] = (struct worker){&q, 1 + (intptr_t)i * PER, 0, 0};
        assert_int_equal(pthread_create(&pt[i], NULL, produce, &prod[i]), 0);
    }
    for (int i = 0; i < PRODUCERS; i++)
        pthread_join(pt[i], NULL);
    queue_close(&q);
    for (int i = 0; i < CONSUMERS; i++) {
        pthread_join(ct[i], NULL);
        sum += cons[i].sum;
        count += cons[i].count;
    }
    for (long long v = 1; v <= (long long)PRODUCERS * PER; v++)
        want += v;
    assert_int_equal(count, (long long)PRODUCERS * PER);
    assert_int_equal(sum, want);
    queue_cleanup(&q);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(items_come_out_in_order),
        cmocka_unit_test(order_holds_across_the_wrap),
        cmocka_unit_test(a_full_queue_refuses),
        cmocka_unit_test(a_close_refuses_pushes_and_drains),
        cmocka_unit_test(a_pop_waits_for_a_push),
        cmocka_unit_test(a_close_wakes_a_waiting_pop),
        cmocka_unit_test(many_producers_and_consumers_lose_nothing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
