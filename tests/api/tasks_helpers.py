"""Shared by tests/api/test_quarantines.py and test_tasks.py: the
api_helpers world (岐山's two grids, the fixture residents, one account per
role) plus a second grid worker, servers started at a given CORDON_NOW,
logins, and the ids of fixture residents by name."""
import contextlib

from harness import Server, cordon
from api_helpers import ACCOUNTS, GRID2, QISHAN, Client, make_world, password_of

NOW = "2020-03-09T10:00"


def make_task_world():
    """The api_helpers world and `grid2`, a grid worker of 岐山第二网格."""
    db = make_world()
    rc, out, err = cordon("user", "add", "grid2", "--role", "grid_worker", "--unit", QISHAN,
                          "--grid", GRID2, "--password-stdin", "--db", db,
                          input=password_of("grid2") + "\n")
    assert rc == 0, err
    return db


def server_at(db, now=NOW):
    return Server(db, env={"CORDON_NOW": now})


def login(server, name):
    c = Client(server.port)
    st, h, body = c.login(name)
    assert st == 200, (name, st, body)
    return c


@contextlib.contextmanager
def session(db, now, *names):
    """`with session(db, now, "qishan", "grid1") as (s, qishan, grid1):`"""
    with server_at(db, now) as s:
        clients = [login(s, n) for n in names]
        try:
            yield (s, *clients)
        finally:
            for c in clients:
                c.close()


def resident_ids(client):
    """{name: (id, household)} of the residents the client sees (names
    masked: keyed by the last four characters of the document number)."""
    st, h, body = client.get("/api/v1/residents?limit=100")
    assert st == 200, body
    return {r["doc_no"][-4:]: (r["id"], r["household"]) for r in body["items"]}


def sweep(db, now):
    rc, out, err = cordon("task", "sweep", "--db", db, env={"CORDON_NOW": now})
    assert rc == 0, err
    return out


# Fixture residents by the last four characters of their document numbers.
ZHANG_WEI = "1235"   # 岐山村 1号 1-101, grid 1
LI_NA = "2344"       # same household
WANG_FANG = "3456"   # 岐山村 2号 1-201, grid 2
LIU_YANG = "4563"    # 江苏路480弄 (no grid), already in home quarantine
ZHAO_MIN = "7898"    # 江苏居委会
