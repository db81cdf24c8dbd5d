"""The schema on Citus (issue 20): `cordon init` on a Citus coordinator
distributes every table by the one rule of src/store/db_citus.c — the
residents, the history and the event tables hash-distributed by district in
one colocation group, the document lookup (resident_docs) by document
number, every other table a reference table — and a table that a later
migration adds is distributed when cordon next opens the database.

Runs only when CORDON_TEST_PG is a Citus coordinator
(scripts/citus-test-cluster start; CORDON_TEST_CITUS=1 tests/run); skipped,
visibly, otherwise."""
import os
import re
import unittest

import harness
from harness import Server, _psql, cordon, sql
from api_helpers import QISHAN, Client, make_world

on_citus = unittest.skipUnless(harness.ON_PG and harness._citus_workers(),
                               "Citus only: CORDON_TEST_PG is not a Citus coordinator "
                               "(scripts/citus-test-cluster start)")

DISTRIBUTED = {"fact_history", "audit", "quarantine_events", "task_events", "handover_events",
               "screenings", "declarations", "residents", "colour_counts", "colour_daily",
               "temperatures"}
# One person, one record across districts (store/residents_docs.h).
BY_DOCUMENT = {"resident_docs"}


def layout(db):
    """{table: (partmethod, repmodel, colocationid, distribution column)}."""
    rows = sql(db, "SELECT logicalrelid::text, partmethod, repmodel, colocationid, "
                   "coalesce(column_to_column_name(logicalrelid, partkey), '') "
                   "FROM pg_dist_partition")
    return {r[0]: tuple(r[1:]) for r in rows}


def tables(db):
    return {r[0] for r in sql(db, "SELECT relname FROM pg_class WHERE relkind = 'r' "
                                  "AND relnamespace = 'public'::regnamespace")}


@on_citus
class CitusLayout(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = harness.shanghai_db()

    def test_every_table_is_distributed_by_the_rule(self):
        got = layout(self.db)
        self.assertEqual(set(got), tables(self.db), "a table Citus does not manage")
        groups = set()
        for t, (method, rep, coloc, col) in got.items():
            if t in DISTRIBUTED:
                self.assertEqual((method, col), ("h", "district"), t)
                groups.add(coloc)
            elif t in BY_DOCUMENT:
                self.assertEqual((method, col), ("h", "doc_no"), t)
            else:
                self.assertEqual((method, rep), ("n", "t"), f"{t} is not a reference table")
        self.assertEqual(len(groups), 1, "the distributed tables are not co-located")
        self.assertNotIn(got["resident_docs"][2], groups, "the documents follow the districts")

    def test_keys_of_distributed_tables_carry_the_district(self):
        rows = sql(self.db, "SELECT conrelid::regclass::text, pg_get_constraintdef(oid) "
                            "FROM pg_constraint WHERE contype IN ('p', 'u') "
                            "AND conrelid::regclass::text IN ('fact_history', 'audit', "
                            "'screenings', 'residents', 'colour_counts', 'colour_daily')")
        self.assertTrue(rows)
        for t, d in rows:
            self.assertIn("district", d, t)

    def test_a_district_query_goes_to_one_shard(self):
        plan = "\n".join(r[0] for r in sql(
            self.db, "EXPLAIN SELECT count(*) FROM fact_history WHERE district = 310115"))
        print("\n-- fact_history of one district on Citus:\n" + plan)
        self.assertIn("Task Count: 1", plan)

    def test_a_table_from_a_later_migration_is_distributed_on_next_open(self):
        db = harness.shanghai_db()
        sql(db, "CREATE TABLE x20_later (id BIGINT PRIMARY KEY, "
                "unit BIGINT NOT NULL REFERENCES units (code))")
        rc, out, err = cordon("counts", "3101", "--db", db)
        self.assertEqual(rc, 0, err)
        self.assertEqual(layout(db).get("x20_later", ("?", "?"))[:2], ("n", "t"))

    def test_a_trigger_on_a_reference_table_writes_every_copy_once(self):
        # As 013's bookings_take_box: a row of one reference table takes a
        # box of another. Citus runs the trigger on each node's copy.
        db = harness.shanghai_db()
        sql(db, "CREATE TABLE x20_box (id BIGINT PRIMARY KEY, taken INTEGER NOT NULL); "
                "CREATE TABLE x20_take (id BIGINT PRIMARY KEY, box BIGINT NOT NULL); "
                "CREATE FUNCTION x20_take_box() RETURNS trigger LANGUAGE plpgsql AS $$ "
                "BEGIN UPDATE x20_box SET taken = taken + 1 WHERE id = NEW.box; "
                "RETURN NULL; END; $$; "
                "CREATE TRIGGER x20_take_box AFTER INSERT ON x20_take "
                "FOR EACH ROW EXECUTE PROCEDURE x20_take_box()")
        rc, out, err = cordon("counts", "3101", "--db", db)
        self.assertEqual(rc, 0, err)
        sql(db, "INSERT INTO x20_box VALUES (1, 0)")
        sql(db, "INSERT INTO x20_take VALUES (1, 1), (2, 1)")
        copies = sql(db, "SELECT result FROM run_command_on_placements('x20_box', "
                         "'SELECT taken FROM %s WHERE id = 1')")
        self.assertEqual([r[0] for r in copies], [2] * (1 + len(harness._citus_workers())))


def logged_plans(text):
    """The plans auto_explain logged in text (a piece of the coordinator's
    server log): [(query, plan)] of the statements cordon sent, not of the
    shard queries Citus runs for them on the coordinator's own copies."""
    out = []
    for m in re.finditer(r"LOG:  duration: [0-9.]+ ms  plan:\n\tQuery Text: (.*)\n((?:\t.*\n)*)",
                         text):
        query, plan = m.group(1), m.group(2)
        if not query.startswith(("EXPLAIN ", "BEGIN ")):
            out.append((query, plan))
    return out


class explained:
    """`with explained(db) as ex:` — ex.plans: the plans the coordinator
    made for the statements cordon sent inside the block ([(query, plan)],
    filled on exit): auto_explain, loaded for this database only, logs every plan to
    the coordinator's server.log, which scripts/citus-test-cluster keeps
    beside its data directory. Raises SkipTest when that log is not
    readable here."""

    def __init__(self, db):
        self.db = db
        self.plans = []

    def __enter__(self):
        data = sql(self.db, "SHOW data_directory")[0][0]
        self.log = os.path.join(os.path.dirname(data), "server.log")
        if not os.access(self.log, os.R_OK):
            raise unittest.SkipTest(f"the coordinator's log {self.log} is not readable here")
        name = self.db.rsplit("/", 1)[1].split("?")[0]
        _psql(f"ALTER DATABASE {name} SET session_preload_libraries = 'auto_explain'")
        _psql(f"ALTER DATABASE {name} SET auto_explain.log_min_duration = 0")
        self.mark()
        return self

    def mark(self):
        """Plans from here on only (a server started inside the block has
        connected with auto_explain loaded; what it ran before is left)."""
        self.start = os.path.getsize(self.log)

    def __exit__(self, *exc):
        with open(self.log, encoding="utf-8", errors="replace") as f:
            f.seek(self.start)
            self.plans.extend(logged_plans(f.read()))
        return False


def routed(plans):
    """The plans of statements on Citus tables: [(query, plan)]."""
    return [(q, p) for q, p in plans if "Custom Scan (Citus" in p]


def fanned_out(plans):
    """The statements on Citus tables that did not go to one shard:
    [(query, plan)]. A statement marked /* fan-out */ reads several
    districts on purpose (the events of a hand-over that passed through
    them, a resident's history across a move) and is left out."""
    return [(q, p) for q, p in routed(plans)
            if "Task Count: 1\n" not in p and "/* fan-out" not in q]


def nodes_of(plans):
    return {n for q, p in routed(plans) for n in re.findall(r"Node: (host=\S+ port=\d+)", p)}


def names_distributed(query):
    return any(re.search(rf"\b{t}\b", query) for t in DISTRIBUTED | BY_DOCUMENT)


@on_citus
class CitusDashboardPlan(unittest.TestCase):
    """The issue's "a query plan printed by the test suite shows a
    committee's dashboard routed to a single worker": the real statements of
    a real dashboard request, as the coordinator planned them, every one a
    single task. Those that read the committee's people (its live counts,
    yesterday's, the compounds' resident counts) go to the one worker that
    holds its district's shard; the rest read reference tables (the units,
    the compounds), of which the coordinator holds a copy of its own and
    which it reads there, without a hop. (Today's arrivals at the committee used to join hand-overs to
    screenings, which are distributed by the district of the post that
    screened the traveller and so fanned out to every worker; since
    migration 018 a hand-over carries its screening's day and fever.)"""

    def test_a_committees_dashboard_is_routed_to_one_worker(self):
        db = make_world()
        with explained(db) as ex, Server(db) as s:
            c = Client(s.port)
            self.assertEqual(c.login("qishan")[0], 200)
            ex.mark()
            st, h, body = c.get(f"/api/v1/units/{QISHAN}/dashboard")
            self.assertEqual(st, 200, body)
            c.close()
        plans = ex.plans
        shown = routed(plans)
        print(f"\n-- a committee's dashboard on Citus: {len(shown)} statements")
        for q, p in shown:
            print(q + "\n" + p)
        # The dashboard's main statements: the live counts, yesterday's,
        # the compounds with their numbers.
        for table in ("colour_counts", "colour_daily", "compounds"):
            self.assertTrue(any(re.search(rf"\b{table}\b", q) for q, p in shown), table)
        for q, p in shown:
            self.assertIn("Task Count: 1\n", p, q)
        people = [(q, p) for q, p in shown if names_distributed(q)]
        for table in ("residents", "colour_counts", "colour_daily"):
            self.assertTrue(any(re.search(rf"\b{table}\b", q) for q, p in people), table)
        coordinator = "port=" + harness.PG.rsplit(":", 1)[1].split("/")[0]
        workers = nodes_of(people)
        self.assertEqual(len(workers), 1, workers)
        self.assertNotIn(coordinator, workers.pop(), "the committee's people on the coordinator")
        shared = [(q, p) for q, p in shown if not names_distributed(q)]
        self.assertEqual({n.split()[1] for n in nodes_of(shared)}, {coordinator})

    def test_a_committees_fact_is_written_on_one_worker(self):
        """A fact that 岐山's cadre writes (a fever: the colour changes, so
        the counts move) is one worker's transaction: every statement that
        writes goes to the worker of 岐山's district, and none writes a
        reference table, which Citus writes on every node in a two-phase
        commit. (Before migration 021 the counts were a reference table, so
        every such fact was a two-phase commit over all three nodes.)"""
        db = make_world()
        with explained(db) as ex, Server(db, env={"CORDON_TODAY": "2020-03-09"}) as s:
            c = Client(s.port)
            self.assertEqual(c.login("qishan")[0], 200)
            st, h, body = c.get(f"/api/v1/residents?unit={QISHAN}&limit=5")
            self.assertEqual(st, 200, body)
            rid = body["items"][0]["id"]
            ex.mark()
            st, h, body = c.post(f"/api/v1/residents/{rid}/facts", {"health": "fever"})
            self.assertEqual(st, 200, body)
            c.close()
        self.assert_written_on_one_worker(ex.plans, {"residents", "fact_history",
                                                     "colour_counts"}, "fact")

    def test_a_reading_is_written_on_one_worker(self):
        """A temperature taken at a home quarantine (twice a day for every
        case) writes its reading alone, on the worker of the case's
        district: no two-phase commit."""
        db = make_world()
        with explained(db) as ex, Server(db, env={"CORDON_TODAY": "2020-03-09"}) as s:
            c = Client(s.port)
            self.assertEqual(c.login("qishan")[0], 200)
            st, h, body = c.get(f"/api/v1/residents?unit={QISHAN}&limit=5")
            self.assertEqual(st, 200, body)
            st, h, case = c.post("/api/v1/quarantines", {"resident": body["items"][1]["id"],
                                                         "kind": "home", "from": "2020-03-09"})
            self.assertEqual(st, 201, case)
            ex.mark()
            st, h, body = c.post(f"/api/v1/quarantines/{case['id']}/temperatures",
                                 {"temperature": 36.5, "slot": "morning"})
            self.assertEqual(st, 201, body)
            c.close()
        self.assert_written_on_one_worker(ex.plans, {"temperatures"}, "reading")

    def assert_written_on_one_worker(self, plans, tables, what):
        """Every statement of `plans` that writes goes to one task on the
        same worker (not the coordinator), none writes a reference table
        (written on every node in a two-phase commit), and `tables` are
        among those written (so the check looked at what it was meant to)."""
        writes = [(q, p, m.group(1).lower()) for q, p in plans
                  for m in [re.search(r"\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+(\w+)", q,
                                      re.I)] if m]
        print(f"\n-- a committee's {what} on Citus: {len(writes)} writing statements")
        for q, p, t in writes:
            print(q + "\n" + p)
        written = {t for q, p, t in writes}
        self.assertTrue(tables <= written, written)
        self.assertEqual(written - DISTRIBUTED, set(), "a reference table written")
        for q, p, t in writes:
            self.assertIn("Task Count: 1\n", p, q)
        workers = nodes_of([(q, p) for q, p, t in writes])
        coordinator = "port=" + harness.PG.rsplit(":", 1)[1].split("/")[0]
        self.assertEqual(len(workers), 1, workers)
        self.assertNotIn(coordinator, workers.pop(), f"the committee's {what} on the coordinator")

    def test_a_committees_day_reads_one_shard_a_statement(self):
        """A committee cadre's round on one resident: the list, the
        resident's page and history, a fact written, a home quarantine
        opened, its page and a reading, the tasks, the resident's audit.
        Every statement on a distributed table names its district, so each
        goes to the one shard of 岐山's district (a read of an event by its
        case's id alone went to every shard)."""
        db = make_world()
        with explained(db) as ex, Server(db, env={"CORDON_TODAY": "2020-03-09"}) as s:
            c = Client(s.port)
            self.assertEqual(c.login("qishan")[0], 200)
            ex.mark()
            st, h, body = c.get(f"/api/v1/residents?unit={QISHAN}&limit=20")
            self.assertEqual(st, 200, body)
            rid = body["items"][0]["id"]
            for path in (f"/api/v1/residents/{rid}", f"/api/v1/residents/{rid}/history"):
                st, h, body = c.get(path)
                self.assertEqual(st, 200, (path, body))
            st, h, body = c.post(f"/api/v1/residents/{rid}/facts", {"health": "fever"})
            self.assertEqual(st, 200, body)
            st, h, case = c.post("/api/v1/quarantines",
                                 {"resident": rid, "kind": "home", "from": "2020-03-09"})
            self.assertEqual(st, 201, case)
            st, h, body = c.post(f"/api/v1/quarantines/{case['id']}/temperatures",
                                 {"temperature": 36.5, "slot": "morning"})
            self.assertEqual(st, 201, body)
            for path in (f"/api/v1/quarantines/{case['id']}", f"/api/v1/residents/{rid}/history",
                         f"/api/v1/tasks?unit={QISHAN}"):
                st, h, body = c.get(path)
                self.assertEqual(st, 200, (path, body))
            st, h, tasks = c.get(f"/api/v1/tasks?unit={QISHAN}")
            for t in tasks.get("items", [])[:2]:
                st, h, body = c.get(f"/api/v1/tasks/{t['id']}")
                self.assertEqual(st, 200, body)
            c.close()
        self.assert_one_shard_a_statement(ex.plans, {"fact_history", "audit", "quarantine_events",
                                                     "temperatures"})

    def test_a_checkpoint_officers_round_reads_one_shard_a_statement(self):
        """A checkpoint officer at 上海站's south-west exit (静安区) screens
        two travellers, opens the post's list and a hand-over; 岐山 accepts
        one. The screenings lie in the post's district: every statement on
        them names it, or is marked as reading several districts (a
        traveller already screened today at any post of the city, the
        events of a hand-over that passed from the post to 岐山)."""
        from checkpoint_helpers import make_station_world, traveller
        db, posts = make_station_world()
        with explained(db) as ex, Server(db, env={"CORDON_NOW": "2020-03-09T10:00"}) as s:
            sw, q = Client(s.port), Client(s.port)
            self.assertEqual(sw.login("sw")[0], 200)
            self.assertEqual(q.login("qishan")[0], 200)
            ex.mark()
            made = []
            for n in (201, 202):
                st, h, body = sw.post("/api/v1/screenings", traveller(n))
                self.assertEqual(st, 201, body)
                made.append(body)
            for c, path in ((sw, "/api/v1/screenings"), (sw, f"/api/v1/screenings/{made[0]['id']}"),
                            (q, f"/api/v1/handovers/{made[0]['handover']['id']}"),
                            (q, "/api/v1/handovers")):
                st, h, body = c.get(path)
                self.assertEqual(st, 200, (path, body))
            st, h, body = q.post(f"/api/v1/handovers/{made[0]['handover']['id']}/accept", {})
            self.assertEqual(st, 200, body)
            sw.close()
            q.close()
        self.assert_one_shard_a_statement(ex.plans, {"screenings", "handover_events"})
        # The hand-over's screening is read in the district of its post
        # (migration 022), not by its id alone on every shard.
        opened = [q for q, p in ex.plans if "FROM screenings WHERE id = $1" in q]
        self.assertTrue(opened, "the hand-over's screening was not read")
        self.assertEqual([q for q in opened if "district = $2" not in q], [])

    def assert_one_shard_a_statement(self, plans, tables):
        """Every statement on a distributed table of the round was one task
        (or is marked fan-out), and the round touched `tables` (so the check
        looked at what it was meant to)."""
        wide = fanned_out(plans)
        for q, p in wide:
            print("\n-- fanned out:\n" + q + "\n" + p)
        self.assertEqual([q for q, p in wide], [])
        touched = {t for q, p in routed(plans) for t in DISTRIBUTED if re.search(rf"\b{t}\b", q)}
        self.assertTrue(tables <= touched, touched)


if __name__ == "__main__":
    unittest.main()
