"""Shared by tests/api/test_api_*.py: a database with the fixture residents
of tests/data/api/residents.csv and one account per role, and an HTTP client
that keeps its own session cookie and CSRF token (one per account, so many
accounts can talk to one server at once)."""
import csv
import http.client
import json
import os
import unittest

from harness import Server, cordon, shanghai_db

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURE = os.path.join(HERE, "..", "data", "api", "residents.csv")
TODAY = "2020-03-09"
ENV = {"CORDON_TODAY": TODAY}

QISHAN = "310105002002"
GRID1 = "310105002002001"
GRID2 = "310105002002002"
JIANGSU = "310105002003"
STREET = "310105002"
OTHER_STREET = "310105001"
DISTRICT = "310105"
OTHER_DISTRICT = "310104"
XUHUI_COMMITTEE = "310104003001"
CITY = "3101"

# name -> (role, unit, grid or None); the password is password_of(name)
ACCOUNTS = {
    "admin": ("city_admin", CITY, None),
    "changning": ("district", DISTRICT, None),
    "jiangsulu": ("street", STREET, None),
    "qishan": ("committee", QISHAN, None),
    "jiangsu": ("committee", JIANGSU, None),
    "grid1": ("grid_worker", QISHAN, GRID1),
    "checkpoint": ("checkpoint", CITY, None),
    "specialist": ("specialist", DISTRICT, None),
    "enterprise": ("enterprise", STREET, None),
    "property": ("property", QISHAN, None),
    "viewer": ("viewer", DISTRICT, None),
}


def password_of(name):
    return "pw-" + name + "-2020"


def people():
    """The fixture residents as dicts with the CSV's columns, plus 'unit':
    the grid code when the row names a grid, else the committee."""
    grids = {"岐山第一网格": GRID1, "岐山第二网格": GRID2}
    out = []
    with open(FIXTURE, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            row["unit"] = grids.get(row["网格"], row["居委会代码"])
            out.append(row)
    return out


def within(code, scope):
    """unitcode_within: code is scope or lies beneath it (codes as text:
    every level's code starts with its parent's)."""
    return code.startswith(scope)


def make_world(accounts=ACCOUNTS):
    """A fresh database: Shanghai, 岐山's two grids, the fixture residents,
    and the accounts (password_of(name) each)."""
    db = shanghai_db()
    for g in ("岐山第一网格", "岐山第二网格"):
        rc, out, err = cordon("grid", "add", "--committee", QISHAN, "--name", g, "--db", db)
        assert rc == 0, err
    # The facts alone: the matrix and the task tests open the cases they need
    # (test_import_cases: an import opening them).
    rc, out, err = cordon("import", "residents", FIXTURE, "--no-cases", "--db", db, env=ENV)
    assert rc == 0, err
    for name, (role, unit, grid) in accounts.items():
        args = ["user", "add", name, "--role", role, "--unit", unit, "--password-stdin",
                "--db", db]
        if grid:
            args += ["--grid", grid]
        rc, out, err = cordon(*args, input=password_of(name) + "\n")
        assert rc == 0, err
    return db


class Client:
    """One browser: its own connection, cookie and CSRF token."""

    def __init__(self, port):
        self.port = port
        self.conn = None
        self.token = None
        self.csrf = None
        self.user = None

    def close(self):
        if self.conn:
            self.conn.close()
            self.conn = None

    # What a str body is sent as, and how long an answer may take.
    text_type = "application/json"
    timeout = 30

    def exchange(self, method, path, body=None, headers=None, csrf=True, cookie=True):
        """One request on the kept-alive connection (reopened once if the
        server closed it): (status, headers lower-cased, raw bytes)."""
        h = dict(headers or {})
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
            h.setdefault("Content-Type", "application/json")
        elif isinstance(body, str):
            body = body.encode()
            h.setdefault("Content-Type", self.text_type)
        if cookie and self.token:
            h["Cookie"] = "cordon_session=" + self.token
        if csrf and self.csrf and method not in ("GET", "HEAD"):
            h.setdefault("X-CSRF-Token", self.csrf)
        for attempt in range(2):
            if self.conn is None:
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port,
                                                       timeout=self.timeout)
            try:
                self.conn.request(method, path, body=body, headers=h)
                r = self.conn.getresponse()
                raw = r.read()
                break
            except (ConnectionError, http.client.HTTPException):
                self.close()
                if attempt:
                    raise
        return r.status, {k.lower(): v for k, v in r.getheaders()}, raw

    def request(self, method, path, body=None, headers=None, csrf=True, cookie=True):
        """(status, headers lower-cased, JSON or bytes)."""
        status, hdrs, data = self.exchange(method, path, body, headers, csrf, cookie)
        if hdrs.get("content-type", "").startswith("application/json"):
            data = json.loads(data.decode())
        return status, hdrs, data

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, body=None, **kw):
        return self.request("POST", path, body, **kw)

    def login(self, name, password=None):
        st, h, body = self.request("POST", "/api/v1/session",
                                   {"username": name,
                                    "password": password or password_of(name)})
        if st == 200:
            cookie = h.get("set-cookie", "")
            self.token = cookie.split(";", 1)[0].split("=", 1)[1]
            self.csrf = body["csrf"]
            self.user = body["user"]
        return st, h, body


class WorldTest(unittest.TestCase):
    """A test class on make_world() with one server for the class, and
    client(name): a logged-in Client closed after the test."""

    @classmethod
    def setUpClass(cls):
        cls.db = make_world()
        cls.server = Server(cls.db, env=ENV)
        cls.server.__enter__()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def client(self, name):
        c = Client(self.server.port)
        self.addCleanup(c.close)
        st, h, body = c.login(name)
        self.assertEqual(st, 200, body)
        return c
