"""Retention, `cordon purge --older-than DAYS`: a resident whose every
quarantine case closed before the cutoff loses name, document number,
phone, birth date, origin, household and the values in their history; a
resident with an open case, or a case closed within the period, keeps
everything; readings of old closed cases are deleted; the colour counts and
daily history are unchanged; the purge is audited with its counts; a second
purge finds nothing; --dry-run writes nothing. On both databases."""
import json
import unittest

from api_helpers import ENV, QISHAN, make_world
from harness import cordon, sql

LATER = {"CORDON_TODAY": "2020-05-20"}
PURGE_DAY = {"CORDON_TODAY": "2020-06-01"}  # --older-than 30: closed before 05-02


class Purge(unittest.TestCase):
    def case(self, db, resident, env, close=True):
        rc, out, err = cordon("quarantine", "open", "--resident", str(resident), "--kind",
                              "central", "--facility", "某某酒店", "--from",
                              env["CORDON_TODAY"], "--db", db, env=env)
        self.assertEqual(rc, 0, err)
        q = sql(db, "SELECT max(id) FROM quarantines WHERE resident = %d" % resident)[0][0]
        if close:
            rc, out, err = cordon("quarantine", "cancel", str(q), "--reason", "解除",
                                  "--db", db, env=env)
            self.assertEqual(rc, 0, err)
        return q

    def purge(self, db, *extra):
        rc, out, err = cordon("purge", "--older-than", "30", *extra, "--db", db, env=PURGE_DAY)
        self.assertEqual(rc, 0, err)
        return out

    def person(self, db, rid):
        return sql(db, "SELECT name, doc_no, phone, birth, household FROM residents "
                       "WHERE id = %d" % rid)[0]

    def test_purge_clears_released_residents_and_keeps_the_aggregates(self):
        db = make_world()
        old, open_, recent = (r[0] for r in sql(
            db, "SELECT id FROM residents WHERE committee = %s AND phone IS NOT NULL "
                "ORDER BY id LIMIT 3" % QISHAN))
        q_old = self.case(db, old, ENV)
        self.case(db, open_, ENV, close=False)
        self.case(db, recent, LATER)
        sql(db, "INSERT INTO temperatures (quarantine, day, slot, tenths, at, recorded_by, "
                "district) VALUES (%d, 18330, 0, 372, 1583712000, 'qishan', 310105)" % q_old)
        kept = {r: self.person(db, r) for r in (open_, recent)}
        counts = sql(db, "SELECT unit, colour, n FROM colour_counts ORDER BY unit, colour")
        daily = sql(db, "SELECT count(*), sum(n) FROM colour_daily")
        total = sql(db, "SELECT count(*) FROM residents")

        out = self.purge(db, "--dry-run")
        self.assertIn("would purge", out)
        self.assertIn(" 1 residents", out)
        self.assertNotEqual(self.person(db, old)[0], "已清除")

        out = self.purge(db)
        self.assertIn("purged", out)
        name, doc, phone, birth, household = self.person(db, old)
        self.assertEqual((name, str(doc)), ("已清除", "purged:%d" % old))
        self.assertEqual((phone, birth, household), (None, None, None))
        self.assertEqual(sql(db, "SELECT count(*) FROM fact_history WHERE resident = %d "
                                 "AND value <> '{}'" % old), [[0]])
        self.assertEqual(sql(db, "SELECT count(*) FROM temperatures WHERE quarantine = %d"
                                 % q_old), [[0]])
        self.assertEqual(sql(db, "SELECT length(facility) FROM quarantines WHERE id = %d"
                                 % q_old), [[0]])
        for r, before in kept.items():
            self.assertEqual(self.person(db, r), before)
        self.assertEqual(sql(db, "SELECT unit, colour, n FROM colour_counts "
                                 "ORDER BY unit, colour"), counts)
        self.assertEqual(sql(db, "SELECT count(*), sum(n) FROM colour_daily"), daily)
        self.assertEqual(sql(db, "SELECT count(*) FROM residents"), total)
        # Audited: who, when, how many.
        rows = sql(db, "SELECT account_name, at, detail FROM audit WHERE action = 'purge'")
        self.assertEqual(len(rows), 1)
        detail = json.loads(rows[0][2])
        self.assertEqual((detail["residents"], detail["readings"], detail["cases"]), (1, 1, 1))
        self.assertEqual(detail["closed_before"], "2020-05-02")
        self.assertGreater(rows[0][1], 0)
        # Nothing left to purge the second time.
        self.assertIn(" 0 residents", self.purge(db))

    def test_purge_needs_a_sane_period(self):
        db = make_world()
        for bad in ("0", "-3", "abc", "99999"):
            rc, out, err = cordon("purge", "--older-than", bad, "--db", db)
            self.assertEqual(rc, 2, (bad, err))
        rc, out, err = cordon("purge", "--db", db)
        self.assertEqual(rc, 2)


if __name__ == "__main__":
    unittest.main()
