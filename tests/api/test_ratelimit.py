"""The public routes that write — a traveller's self-declaration from a
post's poster, a resident's reading through a check-in link — need no
session, so each server limits them per client address (`cordon serve
--public-rate N`, a minute): past the allowance the answer is 429 with
Retry-After, nothing is written, and routes with a session are unaffected.
The server runs with a small rate (3 a minute, one token every 20 s) so
that the burst below cannot be refilled while it runs."""
import unittest

from harness import Server, cordon, sql
from api_helpers import Client
from checkpoint_helpers import login, make_station_world, traveller, NOW


class PublicRateLimitTest(unittest.TestCase):
    def test_declarations_past_the_allowance_get_429_and_write_nothing(self):
        db, posts = make_station_world()
        with Server(db, "--public-rate", "3", env={"CORDON_NOW": NOW}) as s:
            anon = Client(s.port)
            answers = []
            for i in range(6):
                decl = {k: v for k, v in traveller(300 + i).items() if k != "temperature"}
                st, h, body = anon.post("/api/v1/declarations", dict(decl, post=posts["sw"]))
                answers.append((st, h, body))
            statuses = [a[0] for a in answers]
            self.assertEqual(statuses[:3], [201, 201, 201], answers[:3])
            self.assertEqual(statuses[3:], [429, 429, 429], statuses)
            st, h, body = answers[3]
            self.assertEqual(body["error"]["code"], "rate_limited")
            self.assertGreaterEqual(int(h["retry-after"]), 1)
            self.assertLessEqual(int(h["retry-after"]), 20)
            # Only the three accepted were written.
            self.assertEqual(sql(db, "SELECT count(*) FROM declarations"), [[3]])
            # Routes with a session are not limited.
            sw = login(s, "sw")
            for i in range(5):
                st, h, body = sw.post("/api/v1/screenings", traveller(320 + i))
                self.assertEqual(st, 201, body)
            sw.close()
            anon.close()

    def test_the_rate_is_checked(self):
        db, posts = make_station_world()
        for bad in ("0", "x", "-5", "1000001"):
            rc, out, err = cordon("serve", "--db", db, "--listen", "127.0.0.1:0",
                                  "--public-rate", bad)
            self.assertEqual(rc, 2, (bad, out, err))
            self.assertIn("--public-rate takes 1 to 1000000", err)


if __name__ == "__main__":
    unittest.main()
