"""Helpers for end-to-end tests: run the real `cordon` binary, start
`cordon serve` on a free loopback port (it prints the port it got), talk to
it over HTTP with keep-alive, and stop it with SIGTERM.

Databases: on the PostgreSQL pass of tests/run, CORDON_TEST_PG holds the URL
of a server's admin database, and every test database is a fresh PostgreSQL
database on it (a URL where a file path is used otherwise): tmp_path() of a
name ending in ".db", new_db() and shanghai_db() all make one. sql() reads a
database of either kind; @sqlite_only skips a test, visibly, on that pass,
and @pg_only on the SQLite pass."""
import atexit
import http.client
import json
import os
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import unittest

BIN = os.path.abspath(os.environ.get("CORDON_BIN", "build/cordon"))
TMP = os.environ.get("TMPDIR", tempfile.gettempdir())

_shanghai = None

PG = os.environ.get("CORDON_TEST_PG") or None
ON_PG = PG is not None
sqlite_only = unittest.skipIf(ON_PG, "SQLite only: about the database file itself")
pg_only = unittest.skipUnless(ON_PG, "PostgreSQL only: several servers share a database "
                                     "server (runs on the PostgreSQL pass)")
_pg_made = []

# tests/run's SQLite pass names a file here: every server then runs with the
# plan check (src/store/db_sqlite_plan.c), and the full scans each logged
# are appended to the file when it stops; tests/run fails on any. So every
# statement the whole suite makes a server run is checked against a city of
# 25 million, not only the pages test_query_plans walks.
PLAN_LOG = None if ON_PG else (os.environ.get("CORDON_PLAN_LOG") or None)


def _psql(query, db=None):
    """Runs one SQL command with psql on db (default: the admin database);
    returns its rows as lists of text, NULL as None."""
    p = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-F", "\t", "-P", "null=\\N",
                        "-v", "ON_ERROR_STOP=1", "-d", db or PG, "-c", query],
                       capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        raise RuntimeError(f"psql: {query}: {p.stderr.strip()}")
    return [[None if v == "\\N" else v for v in line.split("\t")]
            for line in p.stdout.splitlines() if line]


def _pg_url(name):
    """The admin URL with its database replaced by name."""
    scheme, rest = PG.split("://", 1)
    rest, q, query = rest.partition("?")
    host = rest.split("/", 1)[0]
    return f"{scheme}://{host}/{name}" + (q + query if q else "")


_citus = None


def _citus_workers():
    """On a Citus coordinator (tests/run's Citus pass, scripts/citus-test-cluster):
    the admin URLs of its workers; [] on plain PostgreSQL."""
    global _citus
    if _citus is None:
        _citus = []
        if _psql("SELECT 1 FROM pg_extension WHERE extname = 'citus'"):
            scheme, rest = PG.split("://", 1)
            user = rest.split("@", 1)[0] + "@" if "@" in rest.split("/", 1)[0] else ""
            _citus = [f"{scheme}://{user}{h}:{p}/postgres" for h, p in
                      _psql("SELECT nodename, nodeport FROM pg_dist_node WHERE groupid > 0 "
                            "ORDER BY nodeid")]
        if os.environ.get("CORDON_TEST_CITUS") == "1" and not _citus:
            raise RuntimeError("CORDON_TEST_CITUS=1 but CORDON_TEST_PG is not a Citus "
                               "coordinator with workers")
    return _citus


def _drop(name):
    for admin in [PG] + _citus_workers():
        _psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', admin)


def _citus_join(name):
    """Citus keeps its extension and its node list per database: a new
    database gets both on the coordinator and every worker, as an operator
    would set up a city's database."""
    url = _pg_url(name)
    host, port = url.split("://", 1)[1].split("/", 1)[0].split("@")[-1].rsplit(":", 1)
    for admin in _citus_workers():
        _psql(f'CREATE DATABASE "{name}"', admin)
        _psql("CREATE EXTENSION citus", admin.rsplit("/", 1)[0] + "/" + name)
    _psql("CREATE EXTENSION citus", url)
    _psql(f"SELECT citus_set_coordinator_host('{host}', {port})", url)
    for admin in _citus_workers():
        h, p = admin.split("://", 1)[1].split("/", 1)[0].split("@")[-1].rsplit(":", 1)
        _psql(f"SELECT citus_add_node('{h}', {p})", url)


def _citus_copy(name, template):
    """A copy of a Citus database: the template copied on the coordinator and
    on every worker (its shards and Citus's metadata with it; the nodes are
    named by address, not by database). Citus's maintenance daemon keeps a
    session on each copy of the template: ended before each copy, and the
    copy tried again if one came back meanwhile."""
    for admin in [PG] + _citus_workers():
        for attempt in range(20):
            _psql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                  f"WHERE datname = '{template}' AND pid <> pg_backend_pid()", admin)
            try:
                _psql(f'CREATE DATABASE "{name}" TEMPLATE "{template}"', admin)
                break
            except RuntimeError as e:
                if "is being accessed by other users" not in str(e) or attempt == 19:
                    raise
                time.sleep(0.1)


def _pg_create(label, template=None):
    name = "cordon_a%d_%d_%s" % (os.getpid(), len(_pg_made),
                                 "".join(c if c.isalnum() else "_" for c in label.lower()))[:63]
    _drop(name)
    _pg_made.append(name)
    if template and _citus_workers():
        _citus_copy(name, template)
        return _pg_url(name)
    _psql(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    if _citus_workers():
        _citus_join(name)
    return _pg_url(name)


@atexit.register
def _pg_drop_all():
    for name in reversed(_pg_made):
        try:
            _drop(name)
        except Exception:
            pass


def new_db(name):
    """Where a new, empty database goes: a path that does not exist yet, or
    on the PostgreSQL pass the URL of a fresh empty database."""
    if ON_PG:
        return _pg_create(name)
    d = tempfile.mkdtemp(prefix="cordon-", dir=TMP)
    return os.path.join(d, name)


def sql(db, query):
    """Rows of query on a database made here (file or URL), as lists;
    integers read as int on both kinds."""
    if "://" in db:
        rows = _psql(query, db)
        return [[int(v) if v is not None and v.lstrip("-").isdigit() else v for v in r]
                for r in rows]
    import sqlite3
    c = sqlite3.connect(db, isolation_level=None)
    try:
        return [list(r) for r in c.execute(query).fetchall()]
    finally:
        c.close()


def cordon(*args, env=None, input=None, timeout=120):
    """Runs cordon with args; returns (exit code, stdout, stderr) as text."""
    e = dict(os.environ)
    e.pop("CORDON_DB", None)
    if env:
        e.update(env)
    p = subprocess.run([BIN, *args], capture_output=True, text=True, env=e, input=input,
                       timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def tmp_path(name):
    """A fresh path for a file; a name ending in .db is a database (see
    new_db)."""
    if name.endswith(".db"):
        return new_db(name)
    d = tempfile.mkdtemp(prefix="cordon-", dir=TMP)
    return os.path.join(d, name)


def _copy_of(made):
    """A fresh copy of a database made here that nothing has open."""
    if ON_PG:
        # A database used as a template must have no connections: cordon
        # has exited, and nothing else opens this one (on Citus, it is
        # copied on every node: _citus_copy).
        return _pg_create("copy", template=made.rsplit("/", 1)[1].split("?")[0])
    copy = tmp_path("copy.db")
    shutil.copyfile(made, copy)
    return copy


def shanghai_db():
    """A fresh copy of a database initialised with Shanghai (init runs once
    per test process; each caller gets its own copy to change)."""
    global _shanghai
    if _shanghai is None:
        _shanghai = tmp_path("shanghai.db")
        rc, out, err = cordon("init", "--city", "3101", "--db", _shanghai)
        if rc != 0:
            raise RuntimeError(f"init failed: {err}")
    return _copy_of(_shanghai)


# How long `cordon init --demo` may take: 7-12 s on SQLite, ~50 s on
# PostgreSQL and 3-4 minutes on Citus (a commit is a two-phase commit over
# three nodes) on the loaded 2-core test machine (docs/scaling.md).
DEMO_TIMEOUT = 900
_demos = {}


def demo_db(per_committee=0, env=None):
    """A fresh copy of a demo database (`cordon init --demo
    --demo-per-committee N` with env), the demo made once per test process
    for each (N, env): on Citus one demo costs minutes, and several modules
    start from the same one."""
    key = (per_committee, tuple(sorted((env or {}).items())))
    if key not in _demos:
        made = tmp_path("demo.db")
        rc, out, err = cordon("init", "--demo", "--demo-per-committee", str(per_committee),
                              "--db", made, env=env, timeout=DEMO_TIMEOUT)
        if rc != 0:
            raise RuntimeError(f"init --demo failed: {err}")
        _demos[key] = made
    return _copy_of(_demos[key])


class Server:
    """`with Server(db) as s:` starts cordon serve, `s.get(path)`."""

    def __init__(self, db, *extra, env=None):
        self.db = db
        self.extra = extra
        self.env = env
        self.proc = None
        self.port = None
        self.conn = None

    def __enter__(self):
        e = dict(os.environ)
        if PLAN_LOG:
            e["CORDON_PLAN_CHECK"] = "1"
        if self.env:
            e.update(self.env)
        self.proc = subprocess.Popen([BIN, "serve", "--db", self.db, "--listen", "127.0.0.1:0",
                                      *self.extra], stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True, env=e)
        line = self.proc.stdout.readline()
        if "listening on http://" not in line:
            self.proc.kill()
            raise RuntimeError("server did not start: " + line + self.proc.stderr.read())
        self.port = int(line.strip().rsplit(":", 1)[1])
        # The server logs a line per request on stderr: read it all the time,
        # or a full pipe would block the server. Lines are kept in self.log.
        self.log = []
        self._drain = threading.Thread(target=self._read_stderr, daemon=True)
        self._drain.start()
        return self

    def _read_stderr(self):
        for line in self.proc.stderr:
            self.log.append(line)

    def __exit__(self, *exc):
        self.stop()

    def stop(self):
        """SIGTERM, and the exit code (0 on a clean stop)."""
        if self.conn:
            self.conn.close()
            self.conn = None
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        rc = self.proc.returncode
        if getattr(self, "_drain", None):
            self._drain.join(timeout=10)
            self._drain = None
            plans = [line for line in self.log if line.startswith("cordon: plan: ")]
            if PLAN_LOG and plans:
                with open(PLAN_LOG, "a", encoding="utf-8") as f:
                    f.write("".join(plans))
        for f in (self.proc.stdout, self.proc.stderr):
            if f:
                f.close()
        return rc

    def connection(self):
        if self.conn is None:
            self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        return self.conn

    def request(self, method, path, body=None, headers=None):
        """Returns (status, headers dict lower-cased, parsed JSON or raw bytes)."""
        h = dict(headers or {})
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
            h.setdefault("Content-Type", "application/json")
        for attempt in range(2):
            c = self.connection()
            try:
                c.request(method, path, body=body, headers=h)
                r = c.getresponse()
                data = r.read()
                break
            except (ConnectionError, http.client.HTTPException):
                self.conn.close()
                self.conn = None
                if attempt:
                    raise
        hdrs = {k.lower(): v for k, v in r.getheaders()}
        if hdrs.get("content-type", "").startswith("application/json"):
            data = json.loads(data.decode())
        return r.status, hdrs, data

    def get(self, path, **kw):
        return self.request("GET", path, **kw)
