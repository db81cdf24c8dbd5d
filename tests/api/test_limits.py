"""Two of the server's limits that no other test reaches (issue 21): the
public check-in route's rate limit per client address (`cordon serve
--public-rate`), and the writer's queue (`cordon serve --writer-queue`):
past it a write is answered 503 `busy` with Retry-After at once, and
nothing of it is written, while every write answered 2xx is kept.

The writer is made to wait on a lock the test holds on the database (an
open SQLite write transaction; on PostgreSQL, LOCK TABLE tasks IN
EXCLUSIVE MODE, which lets reads through), the way another process
writing would: the writes that reach it wait, the queue fills, and what
comes after is refused. No timing is asserted; the test waits for answers,
bounded."""
import json
import subprocess
import threading
import time
import unittest

from harness import ON_PG, Server, sql
from api_helpers import Client, password_of
from tasks_helpers import ZHANG_WEI, make_task_world, resident_ids, session

RATE = 3


class CheckinRateLimitTest(unittest.TestCase):
    """POST /api/v1/checkin/{token} is public and limited per address: with
    --public-rate 3, the fourth reading within a minute gets 429 with
    Retry-After and `rate_limited`, and is not recorded, though it was a
    reading the case would otherwise take (the grid worker records the very
    same slot afterwards). The server runs with 3 a minute, one token every
    20 s, so that the burst below cannot be refilled while it runs."""

    def test_fourth_reading_within_a_minute_is_429_and_writes_nothing(self):
        db = make_task_world()
        with session(db, "2020-03-09T08:00", "qishan") as (s, q):
            rid = resident_ids(q)[ZHANG_WEI][0]
            st, h, case = q.post("/api/v1/quarantines",
                                 {"resident": rid, "kind": "home", "from": "2020-03-08",
                                  "follower": "grid1"})
            self.assertEqual(st, 201, case)
        token = case["checkin"].split("#", 1)[1]
        readings = [("2020-03-08", "morning"), ("2020-03-08", "evening"),
                    ("2020-03-09", "morning"), ("2020-03-09", "evening")]
        with Server(db, "--public-rate", str(RATE),
                    env={"CORDON_NOW": "2020-03-09T15:00"}) as s:
            anon = Client(s.port)
            answers = []
            for i, (day, slot) in enumerate(readings):
                answers.append(anon.post(f"/api/v1/checkin/{token}",
                                         {"temperature": 36.1 + i / 10, "day": day,
                                          "slot": slot}))
            self.assertEqual([a[0] for a in answers[:RATE]], [201] * RATE, answers)
            st, h, body = answers[RATE]
            self.assertEqual(st, 429, body)
            self.assertEqual(body["error"]["code"], "rate_limited")
            # One token every 60 / RATE = 20 s: the wait said is 1 to 20 s.
            self.assertIn(int(h["retry-after"]), range(1, 60 // RATE + 1))
            # Reading is not limited, and shows only the three taken.
            st, h, c = anon.get(f"/api/v1/checkin/{token}")
            self.assertEqual(st, 200, c)
            self.assertEqual(sorted((t["day"], t["slot"]) for t in c["temperatures"]),
                             sorted(readings[:RATE]))
            anon.close()
            # The refused reading was a good one: the grid worker, whose
            # route has a session and no such limit, records that slot now.
            g = Client(s.port)
            self.assertEqual(g.login("grid1")[0], 200)
            st, h, r = g.post(f"/api/v1/quarantines/{case['id']}/temperatures",
                              {"temperature": 36.4, "day": "2020-03-09", "slot": "evening"})
            self.assertEqual(st, 201, r)
            g.close()
        self.assertEqual(sql(db, "SELECT count(*) FROM temperatures"), [[RATE + 1]])


def metric(server, name):
    """The value of an unlabelled sample in /metrics."""
    st, h, text = server.get("/metrics")
    assert st == 200, st
    for line in text.decode().splitlines():
        if line.startswith(name + " "):
            return float(line.split()[1])
    raise AssertionError(f"{name} not in /metrics")


class WriterLock:
    """Holds the database's write lock from outside, as another process
    writing would: SQLite, an open BEGIN IMMEDIATE; PostgreSQL, a psql
    session inside LOCK TABLE tasks IN EXCLUSIVE MODE (reads pass)."""

    def __init__(self, db):
        self.db = db

    def __enter__(self):
        if ON_PG:
            self.p = subprocess.Popen(["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1",
                                       "-d", self.db], stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, text=True)
            self.p.stdin.write("BEGIN;\nLOCK TABLE tasks IN EXCLUSIVE MODE;\n"
                               "SELECT 'locked';\n")
            self.p.stdin.flush()
            line = self.p.stdout.readline()
            assert line.strip() == "locked", line
        else:
            import sqlite3
            self.c = sqlite3.connect(self.db, isolation_level=None, timeout=30)
            self.c.execute("BEGIN IMMEDIATE")
        return self

    def release(self):
        if ON_PG:
            if self.p.poll() is None:
                self.p.stdin.write("COMMIT;\n")
                self.p.stdin.close()
                self.p.wait(timeout=30)
                self.p.stdout.close()
        elif self.c:
            self.c.execute("COMMIT")
            self.c.close()
            self.c = None

    def __exit__(self, *exc):
        self.release()


class WriterBusyTest(unittest.TestCase):
    """--writer-queue 1: one write in the writer's hands (waiting for the
    lock) and one waiting in the queue; every other write sent meanwhile
    is answered 503 `busy` with Retry-After at once and not written. Once
    the lock goes, the writes that were taken commit and answer 201; no
    group failed (so no 503 came from the lock's own time-out); and the
    tasks table holds exactly the writes answered 201."""

    WRITES = 8

    def test_a_full_queue_answers_503_busy_and_keeps_every_201(self):
        db = make_task_world()
        with session(db, "2020-03-09T10:00", "qishan") as (s, q):
            hh = resident_ids(q)[ZHANG_WEI][1]
        with Server(db, "--writer-queue", "1", env={"CORDON_NOW": "2020-03-09T10:00"}) as s:
            clients = []
            for i in range(self.WRITES):
                c = Client(s.port)
                st, h, body = c.login("qishan")
                self.assertEqual(st, 200, body)
                # A read first: the session is cached and touched now, so
                # its own bookkeeping write is not one of the queue's.
                self.assertEqual(c.get("/api/v1/tasks")[0], 200)
                clients.append(c)
            n_before = sql(db, "SELECT count(*) FROM tasks")[0][0]
            answers = [None] * self.WRITES
            cond = threading.Condition()

            def write(i):
                r = clients[i].post("/api/v1/tasks",
                                    {"kind": "repair", "household": hh, "assignee": "grid1",
                                     "title": f"busy-{i}"})
                with cond:
                    answers[i] = r
                    cond.notify_all()

            threads = [threading.Thread(target=write, args=(i,)) for i in range(self.WRITES)]
            with WriterLock(db) as lock:
                for t in threads:
                    t.start()
                # At most two writes can be held (the writer's and the
                # queue's); wait, bounded, for every other one's answer.
                deadline = time.monotonic() + 60
                with cond:
                    while (sum(a is not None for a in answers) < self.WRITES - 2 and
                           time.monotonic() < deadline):
                        cond.wait(timeout=1)
                lock.release()
            for t in threads:
                t.join(timeout=60)
            for c in clients:
                c.close()
            self.assertTrue(all(answers), answers)
            busy = [a for a in answers if a[0] == 503]
            ok = [a for a in answers if a[0] == 201]
            self.assertEqual(len(busy) + len(ok), self.WRITES, [a[0] for a in answers])
            self.assertGreaterEqual(len(busy), self.WRITES - 2, [a[0] for a in answers])
            self.assertGreaterEqual(len(ok), 1, [a[0] for a in answers])
            for st, h, body in busy:
                self.assertEqual(body["error"]["code"], "busy", body)
                self.assertEqual(h.get("retry-after"), "1", h)
            # No group and no write failed or timed out on the lock: every
            # 503 was the full queue's.
            self.assertEqual(metric(s, "cordon_db_commits_failed_total"), 0)
            self.assertEqual(metric(s, 'cordon_db_write_jobs_total{result="failed"}'), 0)
        # Every 201 is there, and nothing else was written.
        titles = sorted(r[0] for r in sql(db, "SELECT title FROM tasks WHERE title LIKE 'busy-%'"))
        self.assertEqual(titles, sorted(body["title"] for st, h, body in ok))
        self.assertEqual(sql(db, "SELECT count(*) FROM tasks")[0][0], n_before + len(ok))

    def test_the_queue_size_is_checked(self):
        db = make_task_world()
        from harness import cordon
        for bad in ("0", "x", "-1", "1000001"):
            rc, out, err = cordon("serve", "--db", db, "--listen", "127.0.0.1:0",
                                  "--writer-queue", bad)
            self.assertEqual(rc, 2, (bad, out, err))
            self.assertIn("--writer-queue takes 1 to 1000000", err)


if __name__ == "__main__":
    unittest.main()
