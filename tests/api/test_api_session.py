"""Sessions over the API, against a real `cordon serve`: the cookie and its
attributes, the CSRF token on every state-changing request, logging out,
one-time passwords, accounts disabled or given a new password from the
command line, idle expiry, and the throttle of failed logins per account and
per address (the 6th attempt is refused even with the right password)."""
import time
import unittest

from harness import Server, cordon, sql
from api_helpers import ENV, QISHAN, Client, make_world, password_of

SOME = {
    "qishan": ("committee", QISHAN, None),
    "jiangsu": ("committee", "310105002003", None),
    "locked": ("committee", QISHAN, None),
    "changer": ("committee", QISHAN, None),
    "admin": ("city_admin", "3101", None),
}


class SessionTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = make_world(SOME)
        cls.server = Server(cls.db, env=ENV)
        cls.server.__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.server.__exit__(None, None, None)

    def client(self, name=None):
        c = Client(self.server.port)
        self.addCleanup(c.close)
        if name:
            st, h, body = c.login(name)
            self.assertEqual(st, 200, body)
        return c

    def test_login_sets_a_strict_httponly_cookie_and_returns_csrf(self):
        c = self.client()
        st, h, body = c.login("qishan")
        self.assertEqual(st, 200)
        cookie = h["set-cookie"]
        self.assertRegex(cookie, r"^cordon_session=[0-9a-f]{64}; ")
        for attr in ("HttpOnly", "SameSite=Strict", "Path=/", "Max-Age=43200"):
            self.assertIn(attr, cookie)
        self.assertRegex(body["csrf"], r"^[0-9a-f]{64}$")
        self.assertNotEqual(body["csrf"], c.token)
        self.assertEqual(body["user"]["role"], "committee")
        self.assertEqual(body["user"]["unit"], QISHAN)
        self.assertEqual(body["user"]["unit_name"], "岐山居委会")
        self.assertIn("unmask", body["user"]["permissions"])
        st, h, me = c.get("/api/v1/session")
        self.assertEqual((st, me["csrf"], me["user"]["name"]), (200, body["csrf"], "qishan"))
        # Only the token's hash is in the database.
        self.assertEqual(sql(self.db, f"SELECT count(*) FROM sessions WHERE token_hash = "
                                      f"'{c.token}'")[0][0], 0)

    def test_wrong_password_and_unknown_user_look_the_same(self):
        c = self.client()
        st1, h, a = c.request("POST", "/api/v1/session",
                              {"username": "jiangsu", "password": "not-it"})
        st2, h, b = c.request("POST", "/api/v1/session",
                              {"username": "nobody", "password": "not-it"})
        self.assertEqual((st1, st2), (401, 401))
        self.assertEqual(a, b)
        self.assertNotIn("set-cookie", h)

    def test_state_changing_requests_need_the_csrf_token(self):
        c = self.client("qishan")
        other = self.client("jiangsu")
        for headers, code in (({}, "no_csrf"), ({"X-CSRF-Token": "0" * 64}, "bad_csrf"),
                              ({"X-CSRF-Token": other.csrf}, "bad_csrf"),
                              ({"X-CSRF-Token": c.token}, "bad_csrf")):
            st, h, body = c.request("POST", "/api/v1/residents/1/facts", {"health": "normal"},
                                    headers=headers, csrf=False)
            self.assertEqual((st, body["error"]["code"]), (403, code), headers)
            self.assertEqual(body["error"]["field"], "X-CSRF-Token")
            st, h, body = c.request("DELETE", "/api/v1/session", headers=headers, csrf=False)
            self.assertEqual(st, 403)
        st, h, body = c.post("/api/v1/residents/1/facts", {"health": "normal"})
        self.assertEqual(st, 200, body)
        # GET needs none.
        st, h, body = c.get("/api/v1/residents/1", csrf=False)
        self.assertEqual(st, 200)

    def test_logout_ends_the_session(self):
        c = self.client("qishan")
        token = c.token
        st, h, body = c.request("DELETE", "/api/v1/session")
        self.assertEqual(st, 200)
        self.assertIn("Max-Age=0", h["set-cookie"])
        st, h, body = c.get("/api/v1/residents")
        self.assertEqual((st, body["error"]["code"]), (401, "no_session"))
        c.token = token
        st, h, body = c.get("/api/v1/session")
        self.assertEqual(st, 401)

    def test_bad_cookies(self):
        c = self.client()
        for bad in ("x", "0" * 64, "A" * 64, "g" * 64, ""):
            c.token = bad
            st, h, body = c.get("/api/v1/residents")
            self.assertEqual(st, 401, bad)

    def test_one_time_password_must_be_changed_first(self):
        rc, out, err = cordon("user", "add", "newbie", "--role", "committee", "--unit", QISHAN,
                              "--db", self.db)
        self.assertEqual(rc, 0, err)
        once = out.strip().rsplit(" ", 1)[1]
        self.assertEqual(len(once), 16)
        c = self.client()
        st, h, body = c.login("newbie", once)
        self.assertEqual(st, 200)
        self.assertTrue(body["user"]["must_change"])
        st, h, body = c.get("/api/v1/residents")
        self.assertEqual((st, body["error"]["code"]), (403, "password_change_required"))
        st, h, body = c.get("/api/v1/session")
        self.assertEqual(st, 200)
        for bad, field in (({"password": "wrong-one", "new_password": "brand-new-pw"},
                            "password"),
                           ({"password": once, "new_password": "short"}, "new_password"),
                           ({"password": once, "new_password": once}, "new_password"),
                           ({"password": once}, "new_password"),
                           ({"password": once, "new_password": "brand-new-pw", "x": 1}, "x")):
            st, h, body = c.post("/api/v1/session/password", bad)
            self.assertEqual((st, body["error"]["field"]), (400, field), bad)
        st, h, body = c.post("/api/v1/session/password",
                             {"password": once, "new_password": "brand-new-pw"})
        self.assertEqual(st, 200, body)
        # This session goes on, now allowed everything its role may do.
        st, h, body = c.get("/api/v1/residents")
        self.assertEqual(st, 200)
        st, h, body = self.client().login("newbie", once)
        self.assertEqual(st, 401)
        st, h, body = self.client().login("newbie", "brand-new-pw")
        self.assertEqual(st, 200)
        self.assertFalse(body["user"]["must_change"])

    def test_password_change_ends_the_other_sessions(self):
        a = self.client("changer")
        b = self.client("changer")
        st, h, body = a.post("/api/v1/session/password",
                             {"password": password_of("changer"), "new_password": "other-pw-1"})
        self.assertEqual(st, 200, body)
        self.assertEqual(a.get("/api/v1/residents")[0], 200)
        self.assertEqual(b.get("/api/v1/residents")[0], 401)

    def test_disabling_and_new_passwords_from_the_command_line(self):
        rc, out, err = cordon("user", "add", "temp", "--role", "street", "--unit", "310105002",
                              "--password-stdin", "--db", self.db, input=password_of("temp") + "\n")
        self.assertEqual(rc, 0, err)
        c = self.client("temp")
        self.assertEqual(c.get("/api/v1/residents")[0], 200)
        rc, out, err = cordon("user", "disable", "temp", "--db", self.db)
        self.assertEqual(rc, 0, err)
        # Another process changed it: this server notices within a second.
        deadline = time.time() + 5
        while c.get("/api/v1/residents")[0] == 200 and time.time() < deadline:
            time.sleep(0.2)
        self.assertEqual(c.get("/api/v1/residents")[0], 401)
        st, h, body = self.client().login("temp")
        self.assertEqual((st, body["error"]["code"]), (403, "account_disabled"))
        rc, out, err = cordon("user", "enable", "temp", "--db", self.db)
        self.assertEqual(rc, 0, err)
        c = self.client("temp")
        rc, out, err = cordon("user", "passwd", "temp", "--db", self.db)
        self.assertEqual(rc, 0, err)
        self.assertIn("one-time password", out)
        deadline = time.time() + 5
        while c.get("/api/v1/residents")[0] == 200 and time.time() < deadline:
            time.sleep(0.2)
        self.assertEqual(c.get("/api/v1/residents")[0], 401)
        rc, out, err = cordon("user", "list", "--db", self.db)
        self.assertIn("temp", out)
        self.assertIn("one-time password", out)
        for bad in (("user", "add", "x y", "--role", "street", "--unit", "310105002"),
                    ("user", "add", "ok-name", "--role", "king", "--unit", "310105002"),
                    ("user", "add", "ok-name", "--role", "street", "--unit", QISHAN),
                    ("user", "disable", "nobody")):
            rc, out, err = cordon(*bad, "--db", self.db)
            self.assertEqual(rc, 1, bad)
            self.assertEqual(len(err.strip().splitlines()), 1, err)
        rc, out, err = cordon("user", "add", "ok-name", "--db", self.db)
        self.assertEqual(rc, 2)

    def test_sessions_expire_after_idle_time(self):
        c = self.client("jiangsu")
        self.assertEqual(c.get("/api/v1/residents")[0], 200)
        # Twelve hours and more without use, seen by a server that never
        # had it in memory.
        sql(self.db, "UPDATE sessions SET last_seen = last_seen - 13 * 3600")
        with Server(self.db, env=ENV) as other:
            d = Client(other.port)
            d.token = c.token
            st, h, body = d.get("/api/v1/residents")
            self.assertEqual((st, body["error"]["code"]), (401, "session_expired"))
            d.close()


class ThrottleTest(unittest.TestCase):
    """A server of its own: the per-address lock blocks its whole address."""

    def test_failed_logins_per_account_then_per_address(self):
        db = make_world({"victim": ("committee", QISHAN, None),
                         "bystander": ("committee", QISHAN, None)})
        with Server(db, env=ENV) as s:
            c = Client(s.port)
            for i in range(5):
                st, h, body = c.request("POST", "/api/v1/session",
                                        {"username": "victim", "password": f"guess-{i}"})
                self.assertEqual(st, 401, i)
            # The 6th attempt is refused, even with the right password.
            st, h, body = c.login("victim")
            self.assertEqual((st, body["error"]["code"]), (429, "throttled"))
            self.assertTrue(50 <= int(h["retry-after"]) <= 60, h)
            b = Client(s.port)
            st, h, body = b.login("bystander")
            self.assertEqual(st, 200)
            b.close()
            # Guessing names from one address: 20 failures lock the address.
            for i in range(15):
                st, h, body = c.request("POST", "/api/v1/session",
                                        {"username": f"guess{i}", "password": "x-password"})
                self.assertEqual(st, 401, i)
            b = Client(s.port)
            st, h, body = b.login("bystander")
            self.assertEqual(st, 429)
            b.close()
            c.close()


if __name__ == "__main__":
    unittest.main()
