"""The seeded world of the access matrix (test_api_access.py): at least one
of everything, in three places -- A in 岐山居委会 (its first grid where a
thing sits in a grid), B in 江苏居委会 (the neighbouring committee of the
same street) and C in 上海新村居委会 (another district, 徐汇) -- with the
accounts of api_helpers plus a committee of C (`xuhui`), a checkpoint
account on post A (`cp_a`) and the property company of 岐山村 (`property`).

A, B and C each hold: residents with personal data (one in an open
quarantine case with its check-in token, one free to be put into one), a
household, a compound drawn into a grid, a grid with its responsible person,
a place, an organisation serving the compound, a checkpoint post with a
screening whose hand-over waits (pending) at the committee, a
self-declaration, a task; unmasked reads leave audit entries. Every id the
matrix needs is in the dict make_matrix_world() returns, with the unit by
which each object is in or out of a caller's scope, read back from the API
rather than assumed."""
from harness import Server, cordon
from api_helpers import (ACCOUNTS, CITY, GRID1, JIANGSU, QISHAN, Client, make_world,
                         password_of, people)
from checkpoint_helpers import id_number

NOW = "2020-03-09T10:00"
TODAY = "2020-03-09"
SERVER_ENV = {"CORDON_NOW": NOW}
# Public writes are rate-limited per address; the matrix makes many.
SERVER_ARGS = ("--public-rate", "1000000")

XUHUI = "310104003001"
JIANGSU_GRID = "310105002003001"
XUHUI_GRID = "310104003001001"

PLACES = "ABC"
COMMITTEE = {"A": QISHAN, "B": JIANGSU, "C": XUHUI}
GRID = {"A": GRID1, "B": JIANGSU_GRID, "C": XUHUI_GRID}
STREET_OF = {"A": QISHAN[:9], "B": JIANGSU[:9], "C": XUHUI[:9]}
DISTRICT_OF = {"A": "310105", "B": "310105", "C": "310104"}
# Who keeps each place's register (seeds its cases and tasks).
KEEPER = {"A": "qishan", "B": "jiangsu", "C": "xuhui"}
# Residents by the last four characters of their document numbers: the one
# in an open case, and one free for a new case (same household as A's case
# for A, so a household quarantine there skips one and opens one).
CASE_RESIDENT = {"A": "1235", "B": "7898", "C": "9124"}
FREE_RESIDENT = {"A": "2344", "B": "8910", "C": "123X"}
COMPOUND = {"A": "岐山村", "B": "江苏新村", "C": "上海新村"}
DESTINATION = {"A": "长宁区江苏路街道岐山村12号601室",
               "B": "长宁区江苏路街道江苏居委会江苏新村5号",
               "C": "徐汇区天平路街道上海新村居委会上海新村7号"}
# Travellers: surnames no fixture resident has, so a masked name (孙**)
# identifies its traveller.
TRAVELLER_NAME = {"A": "孙小明", "B": "钱多多", "C": "郑成功"}
DECLARANT_NAME = {"A": "冯子材", "B": "褚遂良", "C": "卫青山"}

MATRIX_ACCOUNTS = dict(ACCOUNTS)
MATRIX_ACCOUNTS["xuhui"] = ("committee", XUHUI, None)


def _ok(rc_out_err):
    rc, out, err = rc_out_err
    assert rc == 0, err
    return out


def _login(port, name):
    c = Client(port)
    st, h, body = c.login(name)
    assert st == 200, (name, st, body)
    return c


def campaign_body(unit, draw=False):
    """A supplies campaign of `unit` open today, or (draw) a draw whose
    window closed yesterday."""
    return {"item": "口罩", "unit": unit, "per_household": 1, "stock": 100000,
            "opens": "2020-03-01", "closes": "2020-03-08" if draw else "2020-03-31",
            "allocation": "draw" if draw else "first_come"}


def make_matrix_world():
    """(db, world): a fresh database and the ids and units described above.
    Every account of MATRIX_ACCOUNTS plus cp_a (post A) exists, with
    password_of(name)."""
    db = make_world(MATRIX_ACCOUNTS)
    w = {"units": {}}
    for committee, name in ((JIANGSU, "江苏第一网格"), (XUHUI, "上海新村第一网格")):
        _ok(cordon("grid", "add", "--committee", committee, "--name", name, "--db", db))
    # Checkpoints: posts A and B in 长宁, C in 徐汇.
    out = _ok(cordon("checkpoint", "add", "--name", "中山公园站", "--kind", "metro_station",
                     "--district", "310105", "--db", db))
    cn = out.split("\t")[0]
    out = _ok(cordon("checkpoint", "add", "--name", "徐家汇站", "--kind", "metro_station",
                     "--district", "310104", "--db", db))
    xh = out.split("\t")[0]
    w["post"] = {}
    for t, cp, name in (("A", cn, "1号口"), ("B", cn, "2号口"), ("C", xh, "3号口")):
        out = _ok(cordon("checkpoint", "post", cp, "--name", name, "--db", db))
        w["post"][t] = int(out.split("\t")[0])
    w["post_district"] = DISTRICT_OF
    _ok(cordon("user", "add", "cp_a", "--role", "checkpoint", "--unit", CITY, "--post",
               str(w["post"]["A"]), "--password-stdin", "--db", db,
               input=password_of("cp_a") + "\n"))
    # Grids' responsible persons.
    for t in PLACES:
        _ok(cordon("place", "responsible", "--grid", GRID[t], "--account", KEEPER[t] if t != "A"
                   else "grid1", "--db", db))
    w["responsible"] = {"A": "grid1", "B": "jiangsu", "C": "xuhui"}

    with Server(db, *SERVER_ARGS, env=SERVER_ENV) as s:
        admin = _login(s.port, "admin")
        keepers = {t: _login(s.port, KEEPER[t]) for t in PLACES}
        st, h, cs = admin.get("/api/v1/compounds?limit=100")
        compounds = {c["name"]: c for c in cs["items"]}
        w["compound"] = {t: compounds[COMPOUND[t]]["id"] for t in PLACES}
        # Draw each compound (A: its building 1号) into the place's grid.
        for t in PLACES:
            cid = w["compound"][t]
            st, h, m = admin.get(f"/api/v1/compounds/{cid}/map")
            assert st == 200, m
            body = {"grid": GRID[t]}
            if t == "A":
                body["building"] = [b["id"] for b in m["buildings"] if b["name"] == "1号"][0]
            w.setdefault("compound_grid_body", {})[t] = body
            st, h, r = keepers[t].post(f"/api/v1/compounds/{cid}/grid", body)
            assert st == 200, (t, r)
        st, h, cs = admin.get("/api/v1/compounds?limit=100")
        for c in cs["items"]:
            for t in PLACES:
                if c["id"] == w["compound"][t]:
                    w["units"][("compound", t)] = c["grid"] or c["committee"]
        # Residents, as the administrator sees them (masked: matched on the
        # last four characters of the document number).
        st, h, rs = admin.get("/api/v1/residents?limit=100")
        w["people"] = people()
        by_tail = {p["身份证号"][-4:]: p for p in w["people"]}
        for r in rs["items"]:
            p = by_tail[r["doc_no"][-4:]]
            p["id"], p["household"] = r["id"], r["household"]
            p["unit"] = r["grid"] or r["committee"]
            p["compound_id"] = None
        for t in PLACES:
            for role, tails in (("case_resident", CASE_RESIDENT), ("free_resident", FREE_RESIDENT)):
                p = by_tail[tails[t]]
                w.setdefault(role, {})[t] = p["id"]
                w["units"][(role, t)] = p["unit"]
            p = by_tail[CASE_RESIDENT[t]]
            w.setdefault("household", {})[t] = p["household"]
            w["units"][("household", t)] = p["unit"]
            w.setdefault("free_household", {})[t] = by_tail[FREE_RESIDENT[t]]["household"]
            w["units"][("free_household", t)] = by_tail[FREE_RESIDENT[t]]["unit"]
        # Organisations: one per compound, each serving it; `property` is A's.
        w["org"] = {}
        for t, name in (("A", "长宁物业"), ("B", "江苏物业"), ("C", "徐汇物业")):
            out = _ok(cordon("org", "add", "--street", STREET_OF[t], "--name", name, "--kind",
                             "property", "--db", db))
            w["org"][t] = int(out.split()[1])
            _ok(cordon("org", "link", str(w["org"][t]), "--compound", str(w["compound"][t]),
                       "--db", db))
        _ok(cordon("org", "member", str(w["org"]["A"]), "--account", "property", "--db", db))
        w["org_compounds"] = {w["compound"]["A"]}
        # Places, quarantine cases (from well before today, so there are
        # days and slots for many readings), tasks.
        w["place"], w["case"], w["token"], w["task"] = {}, {}, {}, {}
        for t in PLACES:
            k = keepers[t]
            st, h, p = k.post("/api/v1/places", {"kind": "market", "name": "菜场" + t,
                                                 "grid": GRID[t]})
            assert st == 201, p
            w["place"][t] = p["id"]
            st, h, q = k.post("/api/v1/quarantines",
                              {"resident": w["case_resident"][t], "kind": "home",
                               "from": "2020-02-24", "until": "2020-03-20"})
            assert st == 201, q
            w["case"][t] = q["id"]
            w["token"][t] = q["checkin"].split("#", 1)[1]
            w["units"][("case", t)] = w["units"][("case_resident", t)]
            st, h, task = k.post("/api/v1/tasks", {"kind": "inspection",
                                                   "household": w["household"][t]})
            assert st == 201, task
            w["task"][t] = task["id"]
            w["units"][("task", t)] = task["grid"] or task["committee"]
        # Supplies (issue 15): a first-come campaign of each committee with
        # its household booked (the pickup code), and a draw campaign whose
        # window closed yesterday.
        w["campaign"], w["draw_campaign"], w["code"] = {}, {}, {}
        for t in PLACES:
            k = keepers[t]
            st, h, c = k.post("/api/v1/campaigns", campaign_body(COMMITTEE[t]))
            assert st == 201, c
            w["campaign"][t] = c["id"]
            st, h, b = k.post(f"/api/v1/campaigns/{c['id']}/bookings",
                              {"household": w["household"][t]})
            assert st == 201, b
            w["code"][t] = b["code"]
            st, h, c = k.post("/api/v1/campaigns", campaign_body(COMMITTEE[t], draw=True))
            assert st == 201, c
            w["draw_campaign"][t] = c["id"]
            st, h, link = k.post(f"/api/v1/households/{w['household'][t]}/link")
            assert st == 201, link
            w.setdefault("hh_token", {})[t] = link["link"].split("/h/", 1)[1]
        # Screenings (each with a hand-over pending at the committee) and
        # self-declarations, one per post.
        cp = _login(s.port, "checkpoint")
        w["screening"], w["handover"], w["traveller"], w["declarant"] = {}, {}, {}, {}
        for i, t in enumerate(PLACES):
            trav = {"document": id_number(seq=100 + i), "name": TRAVELLER_NAME[t],
                    "phone": "1390000%04d" % (100 + i), "origin": "湖北武汉", "travel": "G1234",
                    "destination": DESTINATION[t], "temperature": 36.5, "post": w["post"][t]}
            st, h, sc = cp.post("/api/v1/screenings", trav)
            assert st == 201, sc
            w["screening"][t] = sc["id"]
            w["handover"][t] = sc["handover"]["id"]
            w["units"][("handover", t)] = sc["handover"]["unit"]
            w["traveller"][t] = trav
            dec = {"document": id_number(seq=200 + i), "name": DECLARANT_NAME[t],
                   "phone": "1370000%04d" % (200 + i), "origin": "浙江温州",
                   "destination": DESTINATION[t], "post": w["post"][t]}
            st, h, d = cp.post("/api/v1/declarations", dec)
            assert st == 201, d
            w["declarant"][t] = dec
        # Audit entries: an unmasked read in each committee.
        for t in PLACES:
            st, h, r = keepers[t].get(f"/api/v1/residents/{w['case_resident'][t]}?unmask=1&reason=test")
            assert st == 200, r
        st, h, rules = admin.get("/api/v1/rules")
        w["rules"] = rules
        for c in [admin, cp, *keepers.values()]:
            c.close()
    return db, w
