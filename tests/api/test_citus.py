"""The schema on Citus (issue 20): `cordon init` on a Citus coordinator
distributes every table by the one rule of src/store/db_citus.c — the
history and event tables hash-distributed by district in one colocation
group, every other table a reference table — and a table that a later
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
               "screenings", "declarations"}


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
            else:
                self.assertEqual((method, rep), ("n", "t"), f"{t} is not a reference table")
        self.assertEqual(len(groups), 1, "the distributed tables are not co-located")

    def test_keys_of_distributed_tables_carry_the_district(self):
        rows = sql(self.db, "SELECT conrelid::regclass::text, pg_get_constraintdef(oid) "
                            "FROM pg_constraint WHERE contype IN ('p', 'u') "
                            "AND conrelid::regclass::text IN ('fact_history', 'audit', "
                            "'screenings')")
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


@on_citus
class CitusDashboardPlan(unittest.TestCase):
    """The issue's "a query plan printed by the test suite shows a
    committee's dashboard routed to a single worker": the real statements of
    a real dashboard request, as the coordinator planned them (auto_explain,
    loaded for this test's database only), every one a single task on one
    node. (Today's arrivals at the committee used to join hand-overs to
    screenings, which are distributed by the district of the post that
    screened the traveller and so fanned out to every worker; since
    migration 018 a hand-over carries its screening's day and fever.)"""

    def test_a_committees_dashboard_is_routed_to_one_node(self):
        db = make_world()
        data = sql(db, "SHOW data_directory")[0][0]
        # scripts/citus-test-cluster starts the coordinator with its log in
        # server.log beside its data directory.
        log = os.path.join(os.path.dirname(data), "server.log")
        if not os.access(log, os.R_OK):
            self.skipTest(f"the coordinator's log {log} is not readable here")
        name = db.rsplit("/", 1)[1].split("?")[0]
        _psql(f"ALTER DATABASE {name} SET session_preload_libraries = 'auto_explain'")
        _psql(f"ALTER DATABASE {name} SET auto_explain.log_min_duration = 0")
        with Server(db) as s:
            c = Client(s.port)
            self.assertEqual(c.login("qishan")[0], 200)
            start = os.path.getsize(log)
            st, h, body = c.get(f"/api/v1/units/{QISHAN}/dashboard")
            self.assertEqual(st, 200, body)
            c.close()
        with open(log, encoding="utf-8", errors="replace") as f:
            f.seek(start)
            plans = logged_plans(f.read())
        routed = [(q, p) for q, p in plans if "Custom Scan (Citus" in p]
        print(f"\n-- a committee's dashboard on Citus: {len(routed)} statements")
        for q, p in routed:
            print(q + "\n" + p)
        # The dashboard's main statements: the live counts, yesterday's,
        # the compounds with their numbers.
        for table in ("colour_counts", "colour_daily", "compounds"):
            self.assertTrue(any(re.search(rf"\b{table}\b", q) for q, p in routed), table)
        nodes = set()
        for q, p in routed:
            self.assertIn("Task Count: 1\n", p, q)
            nodes.update(re.findall(r"Node: (host=\S+ port=\d+)", p))
        self.assertEqual(len(nodes), 1, nodes)


if __name__ == "__main__":
    unittest.main()
