"""A login for an unknown user name must cost what a wrong password costs
and say the same (issue 21), or the answer's time or text tells which
names exist. Timing is not asserted (it would be flaky on a loaded
machine); the mechanism is: /metrics counts the password hashes computed
(`cordon_password_verifications_total`), and a login with an unknown name
adds exactly one, as a wrong password for a real account does; and the two
answers are byte for byte the same (status, body, headers but Date)."""
import http.client
import json
import unittest

from harness import Server
from api_helpers import ENV, make_world, password_of


def metric(port, name):
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        c.request("GET", "/metrics")
        r = c.getresponse()
        text = r.read().decode()
    finally:
        c.close()
    for line in text.splitlines():
        if line.startswith(name + " "):
            return int(float(line.split()[1]))
    raise AssertionError(f"{name} not in /metrics")


def login(port, username, password):
    """(status, headers as a sorted list but Date, raw body) on a fresh
    connection, so that keep-alive state cannot differ."""
    c = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        c.request("POST", "/api/v1/session",
                  body=json.dumps({"username": username, "password": password}).encode(),
                  headers={"Content-Type": "application/json"})
        r = c.getresponse()
        body = r.read()
        headers = sorted((k.lower(), v) for k, v in r.getheaders() if k.lower() != "date")
        return r.status, headers, body
    finally:
        c.close()


class UnknownUserLikeWrongPasswordTest(unittest.TestCase):
    def test_unknown_name_hashes_once_and_answers_the_same(self):
        db = make_world()
        with Server(db, env=ENV) as s:
            n0 = metric(s.port, "cordon_password_verifications_total")
            wrong = login(s.port, "qishan", "not-the-password-1")
            n1 = metric(s.port, "cordon_password_verifications_total")
            unknown = login(s.port, "nobody-by-that-name", "not-the-password-1")
            n2 = metric(s.port, "cordon_password_verifications_total")
            self.assertEqual(wrong[0], 401, wrong)
            self.assertEqual((n1 - n0, n2 - n1), (1, 1))
            self.assertEqual(unknown, wrong)
            self.assertEqual(json.loads(wrong[2])["error"]["code"], "bad_credentials")
            # The right password costs one hash too: the counter counts
            # hashes, not failures.
            ok = login(s.port, "qishan", password_of("qishan"))
            self.assertEqual(ok[0], 200, ok)
            self.assertEqual(metric(s.port, "cordon_password_verifications_total") - n2, 1)


if __name__ == "__main__":
    unittest.main()
