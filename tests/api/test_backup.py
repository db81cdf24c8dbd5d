"""`cordon backup` and `cordon restore`: a backup taken while four writers
keep registering residents is one consistent snapshot (integrity_check ok,
live counts equal a recount, every row identical to the live database's),
restoring it into a new file gives the same database, restore refuses to
replace an existing database without --force, and on PostgreSQL both
commands send the operator to pg_dump / pg_restore."""
import time
import unittest

from api_helpers import ENV, QISHAN, make_world
from harness import ON_PG, Server, cordon, sql, sqlite_only, tmp_path
from test_crash import Load

TABLES = ("residents", "households", "compounds", "colour_counts", "fact_history", "accounts")


def dump(db, table):
    return sorted(tuple(r) for r in sql(db, "SELECT * FROM %s" % table))


class Backup(unittest.TestCase):
    def consistent(self, db):
        self.assertEqual(sql(db, "PRAGMA integrity_check"), [["ok"]])
        # A city's counts are its districts' rows summed (store/counts.c).
        for units, where in (("= " + QISHAN, "committee = %s" % QISHAN),
                             ("BETWEEN 310100 AND 310199", "1 = 1")):
            live = dict(sql(db, "SELECT colour, sum(n) FROM colour_counts WHERE unit %s "
                                "GROUP BY colour HAVING sum(n) <> 0" % units))
            self.assertEqual(live, dict(sql(db, "SELECT colour, count(*) FROM residents "
                                                "WHERE %s GROUP BY colour" % where)))

    @sqlite_only
    def test_backup_under_write_load_restores_to_the_same_database(self):
        db = make_world()
        snap, again, restored = (tmp_path(n) for n in ("snap.db", "again.db", "restored.db"))
        with Server(db, env=ENV) as s:
            load = Load(s.port, 0)
            load.start()
            while len(load.acked) < 20 and not load.errors:
                time.sleep(0.01)
            rc, out, err = cordon("backup", "-o", snap, "--db", db)
            during = len(load.acked)
            load.join()
            self.assertEqual(rc, 0, err)
            self.assertIn("integrity ok", out)
            self.assertEqual(load.errors, [])
            # The snapshot: consistent, and each row as the live database has it.
            self.consistent(snap)
            live = {r[0]: r for r in sql(db, "SELECT * FROM residents")}
            for r in sql(snap, "SELECT * FROM residents"):
                self.assertEqual(live.get(r[0]), r)
            n = sql(snap, "SELECT count(*) FROM residents")[0][0]
            self.assertGreaterEqual(n, 20)
            # Quiet now: a second backup, restored, equals the live database.
            rc, out, err = cordon("backup", "-o", again, "--db", db)
            self.assertEqual(rc, 0, err)
        rc, out, err = cordon("restore", again, "--db", restored)
        self.assertEqual(rc, 0, err)
        self.consistent(restored)
        for t in TABLES:
            self.assertEqual(dump(restored, t), dump(db, t), t)
        print("\nbackup: %d writes acknowledged while backing up, snapshot of %d residents"
              % (during, n))

    @sqlite_only
    def test_restore_refuses_to_replace_a_database_without_force(self):
        db = make_world()
        snap = tmp_path("snap.db")
        self.assertEqual(cordon("backup", "-o", snap, "--db", db)[0], 0)
        rc, out, err = cordon("backup", "-o", snap, "--db", db)
        self.assertEqual(rc, 1)
        self.assertIn("--force", err)
        before = sql(db, "SELECT count(*) FROM residents")[0][0]
        rc, out, err = cordon("user", "add", "later", "--role", "viewer", "--unit", "310105",
                              "--password-stdin", "--db", db, input="pw-later-2020\n")
        self.assertEqual(rc, 0, err)
        rc, out, err = cordon("restore", snap, "--db", db)
        self.assertEqual(rc, 1)
        self.assertIn("--force", err)
        self.assertEqual(sql(db, "SELECT count(*) FROM accounts WHERE name = 'later'"), [[1]])
        rc, out, err = cordon("restore", snap, "--db", db, "--force")
        self.assertEqual(rc, 0, err)
        self.assertEqual(sql(db, "SELECT count(*) FROM accounts WHERE name = 'later'"), [[0]])
        self.assertEqual(sql(db, "SELECT count(*) FROM residents")[0][0], before)
        # Not a backup at all: refused before anything is touched.
        junk = tmp_path("junk.db")
        with open(junk, "wb") as f:
            f.write(b"not a database" * 100)
        rc, out, err = cordon("restore", junk, "--db", tmp_path("new.db"))
        self.assertEqual(rc, 1, out)

    @unittest.skipUnless(ON_PG, "PostgreSQL only")
    def test_postgres_points_to_pg_dump(self):
        db = make_world()
        rc, out, err = cordon("backup", "-o", tmp_path("x.dump"), "--db", db)
        self.assertEqual(rc, 2)
        self.assertIn("pg_dump", err)
        rc, out, err = cordon("restore", tmp_path("x.dump"), "--db", db)
        self.assertEqual(rc, 2)
        self.assertIn("pg_restore", err)


if __name__ == "__main__":
    unittest.main()
