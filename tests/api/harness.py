"""Helpers for end-to-end tests: run the real `cordon` binary, start
`cordon serve` on a free loopback port (it prints the port it got), talk to
it over HTTP with keep-alive, and stop it with SIGTERM."""
import http.client
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time

BIN = os.path.abspath(os.environ.get("CORDON_BIN", "build/cordon"))
TMP = os.environ.get("TMPDIR", tempfile.gettempdir())

_shanghai = None


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
    d = tempfile.mkdtemp(prefix="cordon-", dir=TMP)
    return os.path.join(d, name)


def shanghai_db():
    """A fresh copy of a database initialised with Shanghai (init runs once
    per test process; each caller gets its own copy to change)."""
    global _shanghai
    if _shanghai is None:
        _shanghai = tmp_path("shanghai.db")
        rc, out, err = cordon("init", "--city", "3101", "--db", _shanghai)
        if rc != 0:
            raise RuntimeError(f"init failed: {err}")
    copy = tmp_path("copy.db")
    shutil.copyfile(_shanghai, copy)
    return copy


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
        return self

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
