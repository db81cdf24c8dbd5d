"""Shared by tests/api/test_checkpoints.py and test_handovers.py: a world
with Shanghai Railway Station (上海站, 静安区) and its three exits, one
checkpoint account per exit, the accounts of api_helpers, valid mainland
ID numbers made up on the spot, and servers started at a given CORDON_NOW
(the clock the hand-overs' deadlines run on)."""
import re

from harness import Server, cordon
from api_helpers import Client, make_world, password_of

STATION_DISTRICT = "310106"
NOW = "2020-03-09T10:00"
QISHAN_ADDRESS = "长宁区江苏路街道岐山村12号601室"


def id_number(region="420106", birth="19900101", seq=1):
    """A mainland ID number with the right check character (GB 11643)."""
    body = "%s%s%03d" % (region, birth, seq % 1000)
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    s = sum(int(d) * w for d, w in zip(body, weights))
    return body + "10X98765432"[s % 11]


def make_station_world():
    """(db, posts {name: id}): the api_helpers world plus the station, its
    exits and accounts se/sw/nw (checkpoint, each on its exit)."""
    db = make_world()
    rc, out, err = cordon("checkpoint", "add", "--name", "上海站", "--kind", "railway_station",
                          "--district", STATION_DISTRICT, "--db", db)
    assert rc == 0, err
    station = out.split("\t")[0]
    posts = {}
    for short, name in (("se", "东南出口"), ("sw", "西南出口"), ("nw", "西北出口")):
        rc, out, err = cordon("checkpoint", "post", station, "--name", name, "--db", db)
        assert rc == 0, err
        posts[short] = int(out.split("\t")[0])
        rc, out, err = cordon("user", "add", short, "--role", "checkpoint", "--unit", "3101",
                              "--post", str(posts[short]), "--password-stdin", "--db", db,
                              input=password_of(short) + "\n")
        assert rc == 0, err
    return db, posts


def server_at(db, now=NOW):
    return Server(db, env={"CORDON_NOW": now})


def login(server, name):
    c = Client(server.port)
    st, h, body = c.login(name)
    assert st == 200, (name, st, body)
    return c


def traveller(seq=1, **kw):
    body = {"document": id_number(seq=seq), "name": "旅客%d" % seq, "phone": "13900000%03d" % seq,
            "origin": "湖北武汉", "travel": "G1234", "destination": QISHAN_ADDRESS,
            "temperature": 36.5}
    body.update(kw)
    return body


def event_kinds(handover):
    return [e["kind"] for e in handover["events"]]


def only_digits(s):
    return re.sub(r"\D", "", s)
