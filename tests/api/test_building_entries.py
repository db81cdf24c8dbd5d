"""Building entry (issue 16): the door of a park or office building records
each worker with the temperature taken there; the database counts a worker
once a day (a second entry, at any door, is answered 200 "counted": false,
and no row is added, also after a restart of the server the same day: the
writer's set of the day's workers is read back from the table); a fever is recorded
and not counted on site; the street sees today's workers on site by place
against the staff its register puts there, checked here against a recount
of what was posted; bad input and jurisdiction."""
import hashlib
import hmac
import unittest

from harness import ON_PG, cordon, new_db, sql
from api_helpers import GRID1, OTHER_STREET, QISHAN, STREET
from tasks_helpers import make_task_world, session
from test_enterprises import BUILDING, FIXTURE, PARK, enterprise_world

NOW = "2020-03-09T08:30"


def normal_of():
    """The register's staff by place: in its building, else in its park."""
    out = {}
    for name, n, industry, staff, output, park, building in FIXTURE:
        place = building or park
        if place:
            out[place] = out.get(place, 0) + staff
    return out


class BuildingEntriesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db, _ = enterprise_world("entry-enterprises.csv")
        rows = sql(cls.db, "SELECT id, name FROM places")
        cls.place = {name: int(i) for i, name in rows}
        with session(cls.db, NOW, "qishan") as (s, qishan):
            st, h, p = qishan.post("/api/v1/places", {"kind": "market", "name": "岐山菜场",
                                                      "grid": GRID1})
            assert st == 201, p
            cls.market = p["id"]

    def enter(self, c, place, worker, temp=36.6):
        return c.post(f"/api/v1/places/{place}/entries", {"worker": worker, "temperature": temp})

    def test_each_worker_counted_once_a_day_and_the_street_sees_them(self):
        building, park = self.place[BUILDING], self.place[PARK]
        posted = {}  # place -> set of workers counted on site
        fevers = 0
        with session(self.db, NOW, "grid1", "jiangsulu", "qishan") as (s, door, street, committee):
            for i, (place, worker) in enumerate(((building, "310105198001010011"),
                                                 (building, "E1002"), (park, "E1003"),
                                                 (park, "p12345678"))):
                st, h, b = self.enter(door if i % 2 else committee, place, worker)
                self.assertEqual((st, b["counted"], b["fever"]), (201, True, False), b)
                posted.setdefault(place, set()).add(worker.upper())
            # Again at the same door, at another door, lower-case: not counted again.
            for place, worker in ((building, "E1002"), (park, "e1002"),
                                  (building, "P12345678")):
                st, h, b = self.enter(door, place, worker)
                self.assertEqual((st, b["counted"]), (200, False), b)
            st, h, b = self.enter(door, park, "E1099", "37.6")
            self.assertEqual((st, b["counted"], b["fever"]), (201, True, True), b)
            fevers += 1
            st, h, r = street.get(f"/api/v1/units/{STREET}/entries?date=2020-03-09")
            self.assertEqual(st, 200, r)
            normal = normal_of()
            by_id = {p["id"]: p for p in r["places"]}
            for name, pid in ((BUILDING, building), (PARK, park)):
                self.assertEqual(by_id[pid]["on_site"], len(posted.get(pid, ())), name)
                self.assertEqual(by_id[pid]["normal"], normal[name], name)
            self.assertEqual(r["on_site"], sum(len(v) for v in posted.values()))
            self.assertEqual((r["fevers"], r["normal"]), (fevers, sum(normal.values())))
            st, h, r = street.get(f"/api/v1/units/{STREET}/entries?date=2020-03-08")
            self.assertEqual((r["on_site"], r["fevers"]), (0, 0))
        # The next day the same worker is counted again.
        with session(self.db, "2020-03-10T08:30", "grid1", "jiangsulu") as (s, door, street):
            st, h, b = self.enter(door, building, "E1002")
            self.assertEqual((st, b["counted"], b["day"]), (201, True, "2020-03-10"), b)
            st, h, r = street.get(f"/api/v1/units/{STREET}/entries?date=2020-03-10")
            self.assertEqual(r["on_site"], 1)
        # After a restart the same day, the writer reads the day's workers
        # back: E1002 is not counted a second time, E1003 of the first day
        # is counted the next day, and no row is added for a repeat.
        n = int(sql(self.db, "SELECT count(*) FROM building_entries")[0][0])
        with session(self.db, "2020-03-10T17:00", "grid1", "jiangsulu") as (s, door, street):
            for worker, want in (("E1002", (200, False)), ("e1002", (200, False)),
                                 ("E1003", (201, True)), ("E1003", (200, False))):
                st, h, b = self.enter(door, park, worker)
                self.assertEqual((st, b["counted"]), want, (worker, b))
            st, h, r = street.get(f"/api/v1/units/{STREET}/entries?date=2020-03-10")
            self.assertEqual(r["on_site"], 2)
        self.assertEqual(int(sql(self.db, "SELECT count(*) FROM building_entries")[0][0]), n + 1)
        self.assertEqual(int(sql(self.db, "SELECT count(*) FROM building_entries WHERE day = "
                                          "(SELECT max(day) FROM building_entries)")[0][0]), 2)
        # Only the hash of the number is kept.
        self.assertEqual(int(sql(self.db, "SELECT count(*) FROM building_entries WHERE worker "
                                          "LIKE '%E1002%'")[0][0]), 0)

    def test_the_number_is_kept_keyed_not_as_its_sha256(self):
        """The stored value is HMAC-SHA-256 under the database's own entry key
        (meta 'entry_key'), not the SHA-256 anyone could recompute from every
        ID number; the same worker entering twice is still counted once."""
        key = sql(self.db, "SELECT value FROM meta WHERE key = 'entry_key'")[0][0]
        self.assertRegex(key, r"^[0-9a-f]{64}$")
        number = "310105198203040056"
        with session(self.db, "2020-03-11T08:30", "grid1") as (s, door):
            for place, want in ((self.place[BUILDING], (201, True)),
                                (self.place[PARK], (200, False))):
                st, h, b = self.enter(door, place, number)
                self.assertEqual((st, b["counted"]), want, b)
        stored = [w for (w,) in sql(self.db, "SELECT worker FROM building_entries WHERE day = "
                                             "(SELECT max(day) FROM building_entries)")]
        self.assertEqual(len(stored), 1)
        self.assertNotEqual(stored[0], hashlib.sha256(number.encode()).hexdigest())
        self.assertEqual(stored[0], hmac.new(key.encode(), number.encode(),
                                             hashlib.sha256).hexdigest())

    def test_bad_entries_and_jurisdiction(self):
        building = self.place[BUILDING]
        with session(self.db, NOW, "grid1", "jiangsu", "property", "viewer", "enterprise",
                     "specialist", "otherstreet", "jiangsulu") as (
                s, door, other_committee, prop, viewer, ent, spec, other, street):
            n = int(sql(self.db, "SELECT count(*) FROM building_entries")[0][0])
            for body, field, code in (({"temperature": 36.6}, "worker", "missing"),
                                      ({"worker": "E-1!", "temperature": 36.6}, "worker", None),
                                      ({"worker": "E1"}, "temperature", "missing"),
                                      ({"worker": "E1", "temperature": 50}, "temperature", None),
                                      ({"worker": "E1", "temperature": "hot"}, "temperature",
                                       None),
                                      ({"worker": "E1", "temperature": 36.6, "x": 1}, "x",
                                       "unknown_field")):
                st, h, b = door.post(f"/api/v1/places/{building}/entries", body)
                self.assertEqual((st, b["error"]["field"]), (400, field), body)
                if code:
                    self.assertEqual(b["error"]["code"], code)
            st, h, b = self.enter(door, self.market, "E5001")
            self.assertEqual((st, b["error"]["code"]), (400, "not_a_building"))
            for c in (other_committee, prop):
                st, h, b = self.enter(c, building, "E5002")
                self.assertEqual(st, 404, b)
            st, h, b = self.enter(door, 999999, "E5003")
            self.assertEqual(st, 404, b)
            for c in (viewer, ent, spec):
                st, h, b = self.enter(c, building, "E5004")
                self.assertEqual(st, 403, b)
            self.assertEqual(int(sql(self.db, "SELECT count(*) FROM building_entries")[0][0]), n)
            st, h, r = other.get(f"/api/v1/units/{STREET}/entries")
            self.assertEqual(st, 404, r)
            st, h, r = other.get(f"/api/v1/units/{OTHER_STREET}/entries")
            self.assertEqual((st, r["places"]), (200, []))
            for c in (spec, ent, door):
                st, h, r = c.get(f"/api/v1/units/{STREET}/entries")
                self.assertEqual(st, 403, r)
            st, h, r = street.get(f"/api/v1/units/{GRID1}/entries")
            self.assertEqual((st, r["error"]["field"]), (400, "code"))
            st, h, r = street.get(f"/api/v1/units/{STREET}/entries?date=2020-02-30")
            self.assertEqual((st, r["error"]["field"]), (400, "date"))


class EntryKeyMigrationTest(unittest.TestCase):
    def test_migration_014_makes_a_key_and_retires_the_plain_hashes(self):
        """A database from before migration 014: its entries keep their day
        and place (still counted) but lose the reversible SHA-256, and the
        database gets its own entry key."""
        # The database as cordon left it at schema 13 (CORDON_SCHEMA_UPTO
        # stops the migrations there), then opened by this cordon. The day
        # is rolled over already, as the old cordon would have done it:
        # this cordon's roll-over writes the counts as schema 021 has them,
        # which a database at 13 has not.
        old = {"CORDON_SCHEMA_UPTO": "13", "CORDON_TODAY": "2020-03-09"}
        db = new_db("m13.db")
        rc, out, err = cordon("init", "--city", "3101", "--db", db, env=old)
        self.assertEqual(rc, 0, err)
        sql(db, "INSERT INTO meta (key, value) VALUES ('rolled_to', '18330')")
        self.assertEqual(sql(db, "SELECT version FROM schema_version")[0][0], 13)
        rc, out, err = cordon("grid", "add", "--committee", QISHAN, "--name", "岐山第一网格",
                              "--db", db, env=old)
        self.assertEqual(rc, 0, err)
        rc, out, err = cordon("place", "add", "--grid", GRID1, "--kind", "office", "--name",
                              "老楼", "--db", db, env=old)
        self.assertEqual(rc, 0, err)
        place = sql(db, "SELECT id, district FROM places WHERE kind = 'office'")[0]
        plain = hashlib.sha256(b"310105198001010011").hexdigest()
        self.assertEqual(sql(db, "SELECT count(*) FROM meta WHERE key = 'entry_key'")[0][0], 0)
        sql(db, "INSERT INTO building_entries (day, worker, place, street, tenths, fever, at, "
                f"district) VALUES (18330, '{plain}', {place[0]}, {STREET}, 366, 0, 0, "
                f"{place[1]})")
        rc, out, err = cordon("counts", str(STREET), "--db", db)
        self.assertEqual(rc, 0, err)
        self.assertGreater(sql(db, "SELECT version FROM schema_version")[0][0], 13)
        rows = sql(db, "SELECT worker, day FROM building_entries")
        self.assertEqual(len(rows), 1)
        self.assertNotEqual(rows[0][0], plain)
        self.assertRegex(rows[0][0], r"^old:[0-9a-f]{32}$")
        key = sql(db, "SELECT value FROM meta WHERE key = 'entry_key'")[0][0]
        self.assertRegex(key, r"^[0-9a-f]{64}$")


if __name__ == "__main__":
    unittest.main()
