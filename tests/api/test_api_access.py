"""Jurisdiction and personal data over the API, against a real `cordon serve`:
every route x every role x inside and outside the account's scope. Outside
the scope a record answers 404 exactly as one that does not exist; a role
without the right answers 403; personal data is masked everywhere except a
single resident unmasked by a role allowed to, for a resident in its scope;
no response to anyone ever carries the personal data (masked or not) of a
resident outside their scope; a viewer never sees a name. The expected
permissions are written out here, independently of src/app/roles.c."""
import json
import unittest

from harness import Server
from api_helpers import (ACCOUNTS, CITY, DISTRICT, ENV, GRID1, JIANGSU, OTHER_DISTRICT,
                         OTHER_STREET, QISHAN, STREET, XUHUI_COMMITTEE, Client, make_world,
                         people, within)

# What each role may do (the spec, kept apart from the code that implements it).
PERMS = {
    "city_admin": {"counts", "read", "audit", "rules"},
    "district": {"counts", "read"},
    "street": {"counts", "read", "unmask"},
    "committee": {"counts", "read", "unmask", "write", "grids"},
    "grid_worker": {"counts", "read", "unmask", "write"},
    "checkpoint": set(),
    "specialist": set(),
    "enterprise": set(),
    "property": set(),
    "viewer": {"counts"},
}

# A unit outside each account's scope (the city administrator has none
# inside its city: a code that is no unit stands in).
OUTSIDE = {
    "admin": "1101",
    "changning": OTHER_DISTRICT,
    "jiangsulu": OTHER_STREET,
    "qishan": JIANGSU,
    "jiangsu": QISHAN,
    "grid1": "310105002002002",
    "checkpoint": "1101",
    "specialist": OTHER_DISTRICT,
    "enterprise": OTHER_STREET,
    "property": JIANGSU,
    "viewer": OTHER_DISTRICT,
}

# Routes whose access rules belong to other features: checked here for
# sessions and leaks only.
# Routes whose access is tested elsewhere: the resolver below; the wall chart,
# imports and exports in test_api_files.py (scope, role, CSRF, masking).
OTHERS = {("GET", "/api/v1/resolve"), ("GET", "/api/v1/compounds/{id}/wallchart.pdf"),
          ("POST", "/api/v1/imports"), ("GET", "/api/v1/residents/export.xlsx"),
          ("GET", "/api/v1/residents/export.csv"),
          # Checkpoints, screenings and hand-overs: every role and scope crossing in
          # test_checkpoints.py and test_handovers.py; leaks checked below.
          ("GET", "/api/v1/posts"), ("GET", "/api/v1/posts/{id}"),
          ("GET", "/api/v1/posts/{id}/poster.pdf"), ("GET", "/api/v1/posts/{id}/poster.png"),
          ("POST", "/api/v1/screenings"), ("GET", "/api/v1/screenings"),
          ("GET", "/api/v1/screenings/{id}"), ("POST", "/api/v1/declarations"),
          ("GET", "/api/v1/declarations"), ("GET", "/api/v1/handovers"),
          ("GET", "/api/v1/handovers/{id}"), ("POST", "/api/v1/handovers/{id}/accept"),
          ("POST", "/api/v1/handovers/{id}/reject"), ("POST", "/api/v1/handovers/{id}/route"),
          # Quarantine cases, places, grids and tasks: roles, scopes and the
          # property company's compounds in test_quarantines.py and test_tasks.py.
          ("POST", "/api/v1/quarantines"), ("GET", "/api/v1/quarantines"),
          ("GET", "/api/v1/quarantines/{id}"), ("POST", "/api/v1/quarantines/{id}/temperatures"),
          ("POST", "/api/v1/quarantines/{id}/link"), ("POST", "/api/v1/quarantines/{id}/until"),
          ("POST", "/api/v1/quarantines/{id}/cancel"), ("GET", "/api/v1/checkin/{token}"),
          ("POST", "/api/v1/checkin/{token}"), ("GET", "/api/v1/tasks"),
          ("POST", "/api/v1/tasks"), ("GET", "/api/v1/tasks/{id}"),
          ("POST", "/api/v1/tasks/{id}/accept"), ("POST", "/api/v1/tasks/{id}/done"),
          ("POST", "/api/v1/tasks/{id}/cancel"), ("GET", "/api/v1/places"),
          ("POST", "/api/v1/places"), ("POST", "/api/v1/compounds/{id}/grid"),
          # Organisations: roles and scopes in test_orgs.py.
          ("GET", "/api/v1/orgs"), ("POST", "/api/v1/orgs"),
          ("POST", "/api/v1/orgs/{id}/compounds"),
          # A household into quarantine: test_quarantine_household.py.
          ("POST", "/api/v1/households/{id}/quarantine")}


def masked_name(n):
    return n[0] + "*" * (len(n) - 1)


def masked_doc(d):
    return d[:3] + "*" * (len(d) - 7) + d[-4:]


class AccessMatrixTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = make_world()
        cls.server = Server(cls.db, env=ENV)
        cls.server.__enter__()
        cls.clients = {}
        for name in ACCOUNTS:
            c = Client(cls.server.port)
            st, h, body = c.login(name)
            assert st == 200, (name, st, body)
            cls.clients[name] = c
        cls.people = people()
        # Ids, households and compounds as the city administrator sees them.
        st, h, body = cls.clients["admin"].get("/api/v1/residents?limit=100")
        assert st == 200 and len(body["items"]) == len(cls.people), body
        by_doc_tail = {p["身份证号"][-4:]: p for p in cls.people}
        for item in body["items"]:
            p = by_doc_tail[item["doc_no"][-4:]]
            p["id"] = item["id"]
            p["household"] = item["household"]
        st, h, body = cls.clients["admin"].get("/api/v1/compounds?limit=100")
        cls.compounds = {c["id"]: c for c in body["items"]}
        cls.requests = 0

    @classmethod
    def tearDownClass(cls):
        for c in cls.clients.values():
            c.close()
        cls.server.__exit__(None, None, None)

    # ---- helpers -----------------------------------------------------------------

    def role(self, name):
        return ACCOUNTS[name][0]

    def scope(self, name):
        role, unit, grid = ACCOUNTS[name]
        return grid or unit

    def can(self, name, perm):
        return perm in PERMS[self.role(name)]

    def call(self, name, method, path, body=None):
        """Requests as `name` and checks the answer leaks nothing."""
        st, h, data = self.clients[name].request(method, path, body)
        self.requests += 1
        self.assert_no_leak(name, method, path, st, data)
        return st, data

    def assert_no_leak(self, name, method, path, status, data):
        text = json.dumps(data, ensure_ascii=False) if not isinstance(data, bytes) \
            else data.decode("utf-8", "replace")
        scope = self.scope(name)
        for p in self.people:
            inside = within(p["unit"], scope)
            full = [p["姓名"], p["身份证号"], p["手机号"]]
            masked = [masked_name(p["姓名"]), masked_doc(p["身份证号"])]
            unmasked_read = (inside and self.can(name, "unmask") and status == 200 and
                             path == f"/api/v1/residents/{p['id']}?unmask=1")
            for s in full:
                if s in text and not unmasked_read:
                    self.fail(f"{name} {method} {path} -> {status} shows {s!r}: {text[:300]}")
            if not inside or not self.can(name, "read"):
                for s in masked:
                    if s in text:
                        self.fail(f"{name} {method} {path} -> {status} shows {s!r} "
                                  f"(outside its scope or role): {text[:300]}")

    def expect(self, name, method, path, perm, inside, body=None, ok=200):
        st, data = self.call(name, method, path, body)
        if not self.can(name, perm):
            want = 403
        else:
            want = ok if inside else 404
        self.assertEqual(st, want, f"{name} ({self.role(name)}) {method} {path}: {data}")
        return st, data

    # ---- the matrix --------------------------------------------------------------------

    def test_every_route_is_in_the_matrix(self):
        st, h, doc = self.clients["viewer"].get("/api/v1/openapi.json")
        self.assertEqual(st, 200)
        covered = {
            ("GET", "/healthz"), ("GET", "/metrics"), ("GET", "/api/v1/openapi.json"),
            ("POST", "/api/v1/session"), ("GET", "/api/v1/session"),
            ("DELETE", "/api/v1/session"), ("POST", "/api/v1/session/password"),
            ("GET", "/api/v1/units/{code}"), ("GET", "/api/v1/units/{code}/counts"),
            ("GET", "/api/v1/units/{code}/counts/history"),
            ("POST", "/api/v1/units/{code}/grids"), ("GET", "/api/v1/residents"),
            ("POST", "/api/v1/residents"), ("GET", "/api/v1/residents/{id}"),
            ("POST", "/api/v1/residents/{id}/facts"), ("GET", "/api/v1/residents/{id}/history"),
            ("GET", "/api/v1/households/{id}"), ("GET", "/api/v1/compounds"),
            ("GET", "/api/v1/compounds/{id}"), ("GET", "/api/v1/compounds/{id}/map"),
            ("GET", "/api/v1/units/{code}/dashboard"), ("GET", "/api/v1/rules"),
            ("PUT", "/api/v1/rules"), ("GET", "/api/v1/audit"),
            ("GET", "/"), ("GET", "/{file}"), ("GET", "/vendor/{file}"),
        } | OTHERS
        routes = {(m.upper(), p) for p, ops in doc["paths"].items() for m in ops}
        missing = {r for r in routes - covered
                   if not (r[1].startswith("/api/v1/units/{code}/") or "import" in r[1] or
                           "export" in r[1])}
        self.assertEqual(missing, set(), "routes without a row in the access matrix")

    def test_no_session_no_access(self):
        anon = Client(self.server.port)
        st, h, doc = anon.get("/api/v1/openapi.json")
        for p, ops in doc["paths"].items():
            for m, op in ops.items():
                if op["security"] == []:
                    continue
                path = p.replace("{code}", QISHAN).replace("{id}", "1")
                st, h, body = anon.request(m.upper(), path, {} if m != "get" else None)
                self.assertEqual(st, 401, f"{m} {path}")
                self.assertEqual(body["error"]["code"], "no_session")
        anon.close()

    def test_counts(self):
        for name in ACCOUNTS:
            for suffix in ("/counts", "/counts/history?days=7", "/dashboard"):
                self.expect(name, "GET", f"/api/v1/units/{self.scope(name)}{suffix}", "counts",
                            True)
                self.expect(name, "GET", f"/api/v1/units/{OUTSIDE[name]}{suffix}", "counts",
                            False)
            # Above the scope is outside it too.
            if len(self.scope(name)) > 4:
                parent = self.scope(name)[:-3] if len(self.scope(name)) > 6 else CITY
                self.expect(name, "GET", f"/api/v1/units/{parent}/counts", "counts", False)
            # And a unit that does not exist looks the same as one outside.
            if self.can(name, "counts"):
                st, a = self.call(name, "GET", f"/api/v1/units/{OUTSIDE[name]}/counts")
                st2, b = self.call(name, "GET", f"/api/v1/units/{self.scope(name)}999/counts"
                                   if len(self.scope(name)) == 12 else "/api/v1/units/1101/counts")
                self.assertEqual((st, a["error"]["code"]), (st2, b["error"]["code"]))

    def test_resident_lists_hold_exactly_the_scope(self):
        for name in ACCOUNTS:
            st, data = self.expect(name, "GET", "/api/v1/residents?limit=100", "read", True)
            if st != 200:
                continue
            want = {p["id"] for p in self.people if within(p["unit"], self.scope(name))}
            self.assertEqual({i["id"] for i in data["items"]}, want, name)
            self.assertTrue(all(i["masked"] for i in data["items"]))
            self.expect(name, "GET", f"/api/v1/residents?unit={OUTSIDE[name]}", "read", False)
            # Filters never widen the list.
            for q in ("q=1", "colour=red", "q=%E5%BC%A0"):
                st, data = self.call(name, "GET", "/api/v1/residents?" + q)
                self.assertEqual(st, 200)
                self.assertTrue({i["id"] for i in data["items"]} <= want, (name, q))

    def test_one_resident_masked_unmasked_history(self):
        for name in ACCOUNTS:
            for p in self.people:
                inside = within(p["unit"], self.scope(name))
                base = f"/api/v1/residents/{p['id']}"
                st, data = self.expect(name, "GET", base, "read", inside)
                if st == 200:
                    self.assertTrue(data["masked"])
                    self.assertEqual(data["name"], masked_name(p["姓名"]))
                    self.assertIsNone(data["birth"])
                st, data = self.call(name, "GET", base + "?unmask=1")
                if not self.can(name, "unmask"):
                    self.assertEqual(st, 403, (name, p["姓名"]))
                else:
                    self.assertEqual(st, 200 if inside else 404, (name, p["姓名"]))
                    if st == 200:
                        self.assertFalse(data["masked"])
                        self.assertEqual((data["name"], data["doc_no"], data["phone"]),
                                         (p["姓名"], p["身份证号"], p["手机号"]))
                self.expect(name, "GET", base + "/history", "read", inside)
            self.expect(name, "GET", "/api/v1/residents/99999", "read", False)

    def test_recording_facts(self):
        for name in ACCOUNTS:
            for p in self.people:
                inside = within(p["unit"], self.scope(name))
                # Recording the health it already has changes no colour.
                health = {"正常": "normal", "发热": "fever", "疑似": "suspected"}[p["健康状况"]]
                st, data = self.expect(name, "POST", f"/api/v1/residents/{p['id']}/facts",
                                       "write", inside, {"health": health})
                if st == 200:
                    self.assertTrue(data["masked"])

    def test_registering_outside_the_scope(self):
        body = {"name": "新人", "doc_no": "E7654321", "doc_type": "passport",
                "committee": XUHUI_COMMITTEE}
        for name in ACCOUNTS:
            self.expect(name, "POST", "/api/v1/residents", "write", False, body)

    def test_households_and_compounds(self):
        households = {}
        for p in self.people:
            households.setdefault(p["household"], []).append(p)
        for name in ACCOUNTS:
            scope = self.scope(name)
            for hid, members in households.items():
                inside = any(within(m["unit"], scope) for m in members) or \
                    within(members[0]["居委会代码"], scope)
                st, data = self.expect(name, "GET", f"/api/v1/households/{hid}", "read", inside)
                if st == 200:
                    self.assertEqual({r["id"] for r in data["residents"]},
                                     {m["id"] for m in members if within(m["unit"], scope)})
            st, data = self.expect(name, "GET", "/api/v1/compounds?limit=100", "read", True)
            if st == 200:
                want = {cid for cid, c in self.compounds.items()
                        if within(c["grid"] or c["committee"], scope)}
                self.assertEqual({c["id"] for c in data["items"]}, want, name)
            for cid, c in self.compounds.items():
                inside = within(c["grid"] or c["committee"], scope)
                self.expect(name, "GET", f"/api/v1/compounds/{cid}", "read", inside)
                self.expect(name, "GET", f"/api/v1/compounds/{cid}/map", "read", inside)

    def test_grids_rules_audit(self):
        for name in ACCOUNTS:
            role, unit, grid = ACCOUNTS[name]
            # Grids are drawn by a committee in itself.
            self.expect(name, "POST", f"/api/v1/units/{unit}/grids", "grids",
                        len(unit) == 12, {"name": "测试网格"}, ok=201)
            self.expect(name, "POST", f"/api/v1/units/{OUTSIDE[name]}/grids", "grids",
                        False, {"name": "测试网格"})
            self.expect(name, "GET", "/api/v1/rules", "counts", True)
            st, data = self.call(name, "PUT", "/api/v1/rules", {"rules": []})
            self.assertEqual(st, 400 if self.can(name, "rules") else 403, name)
            self.expect(name, "GET", "/api/v1/audit", "audit", True)

    def test_public_and_session_routes(self):
        for name in ACCOUNTS:
            for path in ("/healthz", "/api/v1/openapi.json", f"/api/v1/units/{QISHAN}",
                         "/metrics"):
                st, data = self.call(name, "GET", path)
                self.assertEqual(st, 200, path)
            st, data = self.call(name, "GET", "/api/v1/session")
            self.assertEqual(st, 200)
            self.assertEqual(data["user"]["name"], name)
            self.assertEqual(data["user"]["role"], self.role(name))

    def test_other_features_routes_leak_nothing(self):
        for name in ACCOUNTS:
            self.call(name, "GET", "/api/v1/resolve?address=%E5%B2%90%E5%B1%B1%E6%9D%91")
            for path in ("/api/v1/posts", "/api/v1/screenings", "/api/v1/handovers",
                         "/api/v1/handovers?state=all", "/api/v1/screenings/1",
                         "/api/v1/handovers/1", "/api/v1/declarations?document=310105198001011235"):
                self.call(name, "GET", path)
            for path in ("/api/v1/quarantines", "/api/v1/quarantines?state=all",
                         "/api/v1/quarantines/1", "/api/v1/tasks", "/api/v1/tasks/1",
                         "/api/v1/places"):
                self.call(name, "GET", path)

    def test_viewer_never_sees_a_name(self):
        viewer = self.clients["viewer"]
        names = [p["姓名"] for p in self.people] + [masked_name(p["姓名"]) for p in self.people]
        st, h, doc = viewer.get("/api/v1/openapi.json")
        for p, ops in doc["paths"].items():
            for m in ops:
                if m != "get":
                    continue
                for code in (DISTRICT, STREET, QISHAN, GRID1):
                    path = p.replace("{code}", code).replace("{id}", "1").replace(
                        "{file}", "index.html")
                    for suffix in ("", "?unmask=1"):
                        st, h, body = viewer.get(path + suffix)
                        text = body.decode("utf-8", "replace") if isinstance(body, bytes) \
                            else json.dumps(body, ensure_ascii=False)
                        for n in names:
                            self.assertNotIn(n, text, f"viewer GET {path}{suffix}")


if __name__ == "__main__":
    unittest.main()
