"""A digest of a whole database: per table, its row count and a checksum
of its rows sorted (each value as text), so that two runs of `cordon init
--demo` can be compared table by table: before and after a change of the
demo's code, or SQLite against PostgreSQL (test_demo_digest).
Columns that differ from run to run by design (password hashes and salts,
session tokens, …) are left out by name (SKIP).

    python3 demo_digest.py DB [DB2]    prints the digest, or the tables
                                       where two databases differ"""
import hashlib
import sqlite3
import subprocess
import sys

# Random by design: each run salts and hashes anew, makes new tokens, the
# entry key (meta) and the pickup codes (bookings, and the delivery tasks'
# notes).
SKIP = {"password_hash", "salt", "token", "token_hash", "secret", "key_hash", "nonce",
        "seed_hash", "code", "meta.value", "tasks.note"}
SKIP_TABLES = {"schema_version", "sqlite_sequence"}


def _psql(url, query):
    p = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-F", "\x1f", "-R", "\x1e",
                        "-P", "null=\\N", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", query],
                       capture_output=True, text=True, timeout=600)
    if p.returncode != 0:
        raise RuntimeError(f"psql: {query}: {p.stderr.strip()}")
    return [r.split("\x1f") for r in p.stdout.split("\x1e") if r.strip("\n")]


def _text(v):
    if v is None or v == "\\N":
        return "\\N"
    if isinstance(v, float) and v == int(v):
        return str(int(v))
    if v in ("t", "f"):  # PostgreSQL booleans read as text
        return "1" if v == "t" else "0"
    return str(v).strip("\n")


def _tables(db):
    if "://" in db:
        rows = _psql(db, "SELECT table_name FROM information_schema.tables WHERE "
                         "table_schema = 'public' AND table_type = 'BASE TABLE'")
        names = [r[0].strip("\n") for r in rows]
    else:
        c = sqlite3.connect(db)
        names = [r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        c.close()
    return sorted(n for n in names if n not in SKIP_TABLES and not n.startswith("pg_"))


def _columns(db, table):
    if "://" in db:
        rows = _psql(db, "SELECT column_name FROM information_schema.columns WHERE "
                         f"table_schema = 'public' AND table_name = '{table}' ORDER BY "
                         "ordinal_position")
        return [r[0].strip("\n") for r in rows]
    c = sqlite3.connect(db)
    cols = [r[1] for r in c.execute(f'PRAGMA table_info("{table}")')]
    c.close()
    return cols


def _rows(db, table, cols):
    sel = ", ".join(f'"{c}"' for c in cols) or "1"
    if "://" in db:
        return _psql(db, f'SELECT {sel} FROM "{table}"')
    c = sqlite3.connect(db)
    rows = c.execute(f'SELECT {sel} FROM "{table}"').fetchall()
    c.close()
    return rows


def digest(db):
    """{table: (rows, checksum)} of every table of db (a file or a URL)."""
    out = {}
    for t in _tables(db):
        cols = [c for c in _columns(db, t) if c not in SKIP and f"{t}.{c}" not in SKIP]
        lines = sorted("\x1f".join(_text(v) for v in r) for r in _rows(db, t, cols))
        h = hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16]
        out[t] = (len(lines), h)
    return out


def differences(a, b):
    """Lines naming each table whose count or checksum differs."""
    return [f"{t}: {a.get(t)} != {b.get(t)}" for t in sorted(set(a) | set(b))
            if a.get(t) != b.get(t)]


if __name__ == "__main__":
    d = [digest(x) for x in sys.argv[1:3]]
    if len(d) == 1:
        for t, (n, h) in d[0].items():
            print(f"{t}\t{n}\t{h}")
    else:
        diff = differences(*d)
        print("\n".join(diff) or "same")
        sys.exit(1 if diff else 0)
