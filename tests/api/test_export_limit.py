"""The HTTP export's size limit (issue 21): an export is built whole before
it is sent, so units of more than 300,000 residents answer 413 and are
left to `cordon export` (docs/api.md). The limit is not configurable, so
the test builds the real boundary: 300,000 residents in a district
(`cordon gen residents`, the bulk path: seconds on SQLite, under a minute
on PostgreSQL) export with 200 and every row; one resident more and both
the CSV and the .xlsx export of the district answer 413 `too_large`
naming the count, while a street beneath it still exports."""
import csv
import io
import unittest

from harness import Server, cordon, shanghai_db
from api_helpers import DISTRICT, STREET, Client, password_of

LIMIT = 300000  # docs/api.md: "Units of more than 300,000 residents answer 413"
ENV = {"CORDON_TODAY": "2020-03-09"}


def data_rows(raw):
    """Rows of an exported CSV but its header, read with a CSV parser."""
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    return rows[1:]


class ExportLimitTest(unittest.TestCase):
    def test_more_than_300000_residents_is_413(self):
        db = shanghai_db()
        rc, out, err = cordon("gen", "residents", "--count", str(LIMIT), "--unit", DISTRICT,
                              "--seed", "21", "--db", db, env=ENV, timeout=900)
        self.assertEqual(rc, 0, err)
        rc, out, err = cordon("user", "add", "changning", "--role", "district", "--unit",
                              DISTRICT, "--password-stdin", "--db", db,
                              input=password_of("changning") + "\n")
        self.assertEqual(rc, 0, err)
        with Server(db, env=ENV) as s:
            c = Client(s.port)
            self.assertEqual(c.login("changning")[0], 200)
            st, h, counts = c.get(f"/api/v1/units/{DISTRICT}/counts")
            self.assertEqual((st, counts["total"]), (200, LIMIT), counts)
            # Exactly the limit: exported, every resident.
            st, h, data = c.get(f"/api/v1/residents/export.csv?unit={DISTRICT}")
            self.assertEqual(st, 200, data if isinstance(data, dict) else data[:200])
            self.assertEqual(len(data_rows(data)), LIMIT)
            c.close()
        # One more (another seed: another person).
        rc, out, err = cordon("gen", "residents", "--count", "1", "--unit", DISTRICT,
                              "--seed", "22", "--db", db, env=ENV)
        self.assertEqual(rc, 0, err)
        with Server(db, env=ENV) as s:
            c = Client(s.port)
            self.assertEqual(c.login("changning")[0], 200)
            st, h, counts = c.get(f"/api/v1/units/{DISTRICT}/counts")
            self.assertEqual(counts["total"], LIMIT + 1, counts)
            for fmt in ("csv", "xlsx"):
                st, h, body = c.get(f"/api/v1/residents/export.{fmt}?unit={DISTRICT}",
                                    headers={"Accept-Language": "en"})
                self.assertEqual(st, 413, body if isinstance(body, dict) else body[:200])
                self.assertEqual((body["error"]["code"], body["error"]["field"]),
                                 ("too_large", "unit"), body)
                self.assertIn(str(LIMIT + 1), body["error"]["message"])
                self.assertIn("cordon export", body["error"]["message"])
            # The limit is per unit: a street of the district still exports.
            st, h, counts = c.get(f"/api/v1/units/{STREET}/counts")
            self.assertIn(counts["total"], range(1, LIMIT))
            st, h, data = c.get(f"/api/v1/residents/export.csv?unit={STREET}")
            self.assertEqual(st, 200)
            self.assertEqual(len(data_rows(data)), counts["total"])
            c.close()


if __name__ == "__main__":
    unittest.main()
