"""Return to work (issue 16) over the API and the command line: a street
imports its enterprise spreadsheet (all or nothing, errors by line, updates
by credit code, UTF-8 or GB18030), the register is listed within the
caller's scope (an enterprise account sees its own record, a specialist its
assigned enterprises, and neither sees the resident register), an
enterprise applies, the street approves (never the enterprise itself), the
enterprise opens with its staff on site, the resumption figures of the
street on a date are checked against a recount from the fixture, and a
supplier chain is blocked exactly while a supplier is not open."""
import csv
import io
import unittest

from harness import cordon, sql, tmp_path
from api_helpers import (CITY, DISTRICT, GRID1, OTHER_STREET, QISHAN, STREET, password_of)
from tasks_helpers import make_task_world, session

NOW = "2020-03-09T10:00"
TODAY = "2020-03-09"
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
HEADERS = ["企业名称", "统一社会信用代码", "行业", "员工数", "年产值(万元)", "所在园区",
           "所在楼宇", "联系人", "联系电话"]
PARK, BUILDING = "岐山科技园", "岐山大厦"


def credit_code(n):
    """A valid unified social credit code (GB 32100: MOD 31 check)."""
    body = "91310105" + "%09d" % n
    s = sum(ALPHABET.index(c) * w for c, w in zip(body, WEIGHTS))
    return body + ALPHABET[(31 - s % 31) % 31]


def wrong_check(code):
    return code[:17] + ALPHABET[(ALPHABET.index(code[17]) + 1) % 31]


# The fixture: name, n (credit code), industry, staff, output (万元), park, building.
FIXTURE = [
    ("上海整车制造有限公司", 1, "汽车制造", 1200, 900000, PARK, BUILDING),
    ("岐山电子科技有限公司", 2, "电子", 300, 60000, PARK, ""),
    ("岐山软件有限公司", 3, "软件", 80, 1500.4, "", BUILDING),
    ("岐山餐饮管理有限公司", 4, "餐饮", 40, 300, "", ""),
    ("岐山物流有限公司", 5, "物流", 150, 20000, PARK, ""),
    ("岐山精密零件有限公司", 6, "汽车零部件", 500, 50000, PARK, BUILDING),
]


def sheet(rows, encoding="utf-8"):
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\r\n")
    w.writerow(HEADERS)
    for name, n, industry, staff, output, park, building in rows:
        code = n if isinstance(n, str) else credit_code(n)
        w.writerow([name, code, industry, staff, output, park, building, "张三", "13800138000"])
    return out.getvalue().encode(encoding)


def ok(*args):
    rc, out, err = cordon(*args)
    assert rc == 0, (args, err)
    return out


def enterprise_world(csv_name="enterprises.csv"):
    """(db, {credit code: id}): the task world with a park and a building of
    岐山, the accounts ent2 (enterprise), spec2 (specialist of the district)
    and otherstreet, and FIXTURE imported into the street."""
    db = make_task_world()
    ok("place", "add", "--grid", GRID1, "--kind", "park", "--name", PARK, "--db", db)
    ok("place", "add", "--grid", GRID1, "--kind", "office", "--name", BUILDING, "--db", db)
    for name, role, unit in (("ent2", "enterprise", STREET),
                             ("spec2", "specialist", DISTRICT),
                             ("otherstreet", "street", OTHER_STREET)):
        rc, out, err = cordon("user", "add", name, "--role", role, "--unit", unit,
                              "--password-stdin", "--db", db, input=password_of(name) + "\n")
        assert rc == 0, err
    path = tmp_path(csv_name)
    with open(path, "wb") as f:
        f.write(sheet(FIXTURE))
    out = ok("enterprise", "import", path, "--street", STREET, "--db", db)
    assert "6 new" in out, out
    rows = sql(db, "SELECT id, credit_code FROM enterprises ORDER BY id")
    return db, {code: int(i) for i, code in rows}


class EnterprisesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db, cls.ids = db, ids = enterprise_world()
        cls.maker = ids[credit_code(1)]
        cls.parts = ids[credit_code(6)]
        ok("enterprise", "owner", str(cls.maker), "--account", "enterprise", "--db", db)
        ok("enterprise", "owner", str(cls.parts), "--account", "ent2", "--db", db)
        ok("enterprise", "assign", str(cls.parts), "--account", "specialist", "--db", db)

    def count(self):
        return int(sql(self.db, "SELECT count(*) FROM enterprises")[0][0])

    def test_bad_rows_are_reported_by_line_and_nothing_is_written(self):
        before = sql(self.db, "SELECT id, name, staff FROM enterprises ORDER BY id")
        rows = [("新企业甲", 101, "软件", 10, 1, "", ""),
                ("新企业乙", wrong_check(credit_code(102)), "软件", 10, 1, "", ""),
                ("新企业丙", 101, "软件", 10, 1, "", ""),
                ("新企业丁", 103, "软件", 10, 1, "不存在园区", ""),
                ("新企业戊", 104, "软件", 10, 1, "", "不存在大厦"),
                ("新企业己", 105, "软件", "十", 1, "", ""),
                ("上海整车制造有限公司", 1, "汽车制造", 1, 1, PARK, "")]
        with session(self.db, NOW, "jiangsulu") as (s, street):
            st, h, rep = street.post(f"/api/v1/enterprises/import?street={STREET}",
                                     sheet(rows), headers={"Content-Type": "text/csv"})
        self.assertEqual(st, 422, rep)
        got = sorted((e["line"], e["code"]) for e in rep["errors"])
        self.assertEqual(got, [(3, "bad_check_digit"), (4, "duplicate"), (5, "unknown_park"),
                               (6, "unknown_building"), (7, "bad_number")])
        self.assertEqual((rep["committed"], rep["rows"], rep["rejected"]), (False, 7, 5))
        self.assertEqual(sql(self.db, "SELECT id, name, staff FROM enterprises ORDER BY id"),
                         before)

    def test_import_updates_by_credit_code_and_reads_gb18030(self):
        rows = [("岐山餐饮管理有限公司", 4, "餐饮", 45, 320, "", ""),
                ("岐山新开企业有限公司", 201, "零售", 12, 100, PARK, "")]
        with session(self.db, NOW, "jiangsulu") as (s, street):
            st, h, rep = street.post(f"/api/v1/enterprises/import?street={STREET}",
                                     sheet(rows, "gb18030"))
            self.assertEqual(st, 200, rep)
            self.assertEqual((rep["encoding"], rep["created"], rep["updated"]),
                             ("GB18030", 1, 1))
            st, h, e = street.get(f"/api/v1/enterprises/{self.ids[credit_code(4)]}")
            self.assertEqual((st, e["staff"], e["output"]), (200, 45, 320))
            self.assertEqual((e["contact"], e["phone"]), ("张*", "138****8000"))
        # Put the fixture back (the rate test counts it).
        sql(self.db, f"DELETE FROM enterprises WHERE credit_code = '{credit_code(201)}'")
        sql(self.db, f"UPDATE enterprises SET staff = 40, output = 300 "
                     f"WHERE credit_code = '{credit_code(4)}'")

    def test_import_jurisdiction_and_bad_requests(self):
        body = sheet([("外街企业", 301, "软件", 1, 1, "", "")])
        n = self.count()
        with session(self.db, NOW, "otherstreet", "qishan", "jiangsulu",
                     "changning") as (s, other, committee, street, district):
            st, h, b = other.post(f"/api/v1/enterprises/import?street={STREET}", body)
            self.assertEqual((st, b["error"]["field"]), (404, "street"))
            st, h, b = committee.post(f"/api/v1/enterprises/import?street={STREET}", body)
            self.assertEqual(st, 403, b)
            st, h, b = district.post(f"/api/v1/enterprises/import?street={STREET}", body)
            self.assertEqual(st, 403, b)
            st, h, b = street.post(f"/api/v1/enterprises/import?street={QISHAN}", body)
            self.assertEqual((st, b["error"]["field"]), (404, "street"))
            st, h, b = street.post("/api/v1/enterprises/import", body)
            self.assertEqual((st, b["error"]["field"]), (400, "street"))
            st, h, b = street.post(f"/api/v1/enterprises/import?street={STREET}",
                                   "名称,代码\r\n甲,乙\r\n")
            self.assertEqual((st, b["error"]["code"]), (400, "missing_column"))
            # An enterprise of another street is not moved by an import.
            st, h, b = other.post(f"/api/v1/enterprises/import?street={OTHER_STREET}",
                                  sheet([("上海整车制造有限公司", 1, "汽车", 1, 1, "", "")]))
            self.assertEqual(st, 422, b)
            self.assertEqual(b["errors"][0]["code"], "other_street")
        self.assertEqual(self.count(), n)

    def test_who_sees_which_enterprise(self):
        with session(self.db, NOW, "jiangsulu", "changning", "admin", "otherstreet",
                     "enterprise", "ent2", "specialist", "spec2", "viewer",
                     "qishan") as (s, street, district, admin, other, ent, ent2, spec, spec2,
                                   viewer, committee):
            for c in (street, district, admin):
                st, h, b = c.get(f"/api/v1/enterprises?unit={STREET}&limit=1000")
                self.assertEqual(st, 200, b)
                self.assertEqual(sorted(e["id"] for e in b["items"]), sorted(self.ids.values()))
            st, h, b = other.get("/api/v1/enterprises")
            self.assertEqual((st, b["items"]), (200, []))
            st, h, b = other.get(f"/api/v1/enterprises?unit={STREET}")
            self.assertEqual(st, 404, b)
            st, h, b = other.get(f"/api/v1/enterprises/{self.maker}")
            self.assertEqual(st, 404, b)
            st, h, b = ent.get("/api/v1/enterprises")
            self.assertEqual([e["id"] for e in b["items"]], [self.maker])
            st, h, b = ent.get(f"/api/v1/enterprises/{self.parts}")
            self.assertEqual(st, 404, b)
            st, h, b = spec.get("/api/v1/enterprises")
            self.assertEqual([e["id"] for e in b["items"]], [self.parts])
            st, h, b = spec2.get("/api/v1/enterprises")
            self.assertEqual((st, b["items"]), (200, []))
            st, h, b = spec2.get(f"/api/v1/enterprises/{self.parts}")
            self.assertEqual(st, 404, b)
            for c in (viewer, committee):
                st, h, b = c.get("/api/v1/enterprises")
                self.assertEqual(st, 403, b)
            # Nothing of the resident register for enterprise and specialist.
            for c in (ent, spec):
                st, h, b = c.get("/api/v1/residents")
                self.assertEqual(st, 403, b)
                st, h, b = c.get(f"/api/v1/units/{STREET}/resumption")
                self.assertEqual(st, 403, b)
            # Paging and the filters.
            st, h, first = street.get("/api/v1/enterprises?limit=2")
            self.assertEqual((len(first["items"]), bool(first["next"])), (2, True))
            st, h, rest = street.get(f"/api/v1/enterprises?limit=1000&cursor={first['next']}")
            self.assertEqual(len(first["items"]) + len(rest["items"]), len(self.ids))
            park = first["items"][0]["park"]["id"]
            st, h, b = street.get(f"/api/v1/enterprises?park={park}&limit=1000")
            self.assertEqual(len(b["items"]), sum(1 for r in FIXTURE if r[5] == PARK))
            st, h, b = street.get("/api/v1/enterprises?status=open")
            self.assertEqual((st, b["error"]["field"]), (400, "status"))
            st, h, b = street.get(f"/api/v1/enterprises?unit={GRID1}")
            self.assertEqual((st, b["error"]["field"]), (400, "unit"))

    def test_apply_approve_open_and_the_rates(self):
        maker, parts = self.maker, self.parts
        others = [self.ids[credit_code(n)] for n in (2, 3, 5)]
        with session(self.db, NOW, "enterprise", "jiangsulu", "ent2", "specialist",
                     "changning") as (s, ent, street, ent2, spec, district):
            def status(c, eid, body):
                return c.post(f"/api/v1/enterprises/{eid}/status", body)
            # Opening before approval, and approving oneself, are refused.
            st, h, b = status(ent, maker, {"status": "fully_open"})
            self.assertEqual((st, b["error"]["code"]), (409, "bad_transition"))
            st, h, b = status(ent, maker, {"status": "applied", "day": "2020-03-05",
                                           "reason": "测温、口罩、食堂间隔均已就绪"})
            self.assertEqual((st, b["status"]), (200, "applied"), b)
            st, h, b = status(ent, maker, {"status": "approved", "day": "2020-03-06"})
            self.assertEqual((st, b["error"]["code"]), (403, "not_yours"))
            st, h, b = status(district, maker, {"status": "approved", "day": "2020-03-06"})
            self.assertEqual(st, 403, b)
            st, h, b = status(street, maker, {"status": "approved", "day": "2020-03-06"})
            self.assertEqual((st, b["status"]), (200, "approved"), b)
            # Staff on site at most the staff, and only when open.
            st, h, b = status(ent, maker, {"status": "partly_open", "staff_on_site": 1201,
                                           "day": "2020-03-07"})
            self.assertEqual((st, b["error"]["code"]), (400, "above_staff"))
            st, h, b = status(ent, maker, {"status": "applied", "staff_on_site": 5})
            self.assertEqual((st, b["error"]["field"]), (400, "staff_on_site"))
            st, h, b = status(ent, maker, {"status": "partly_open", "staff_on_site": 600,
                                           "day": "2020-03-07"})
            self.assertEqual((st, b["staff_on_site"]), (200, 600), b)
            st, h, b = status(ent, maker, {"status": "fully_open", "staff_on_site": 1100})
            self.assertEqual((st, b["status"]), (200, "fully_open"), b)
            # A day before the latest one recorded, a day to come, bad input.
            st, h, b = status(ent, maker, {"status": "closed", "day": "2020-03-06"})
            self.assertEqual((st, b["error"]["code"]), (409, "day_passed"))
            st, h, b = status(ent, maker, {"status": "closed", "day": "2020-03-10"})
            self.assertEqual((st, b["error"]["field"]), (400, "day"))
            st, h, b = status(ent, maker, {"status": "open"})
            self.assertEqual((st, b["error"]["field"]), (400, "status"))
            st, h, b = status(ent, maker, {"status": "fully_open", "staff_on_site": -1})
            self.assertEqual((st, b["error"]["field"]), (400, "staff_on_site"))
            st, h, b = status(ent, parts, {"status": "applied"})
            self.assertEqual(st, 404, b)
            # The parts maker: applied by its specialist, approved, partly open.
            st, h, b = status(spec, parts, {"status": "applied"})
            self.assertEqual(st, 200, b)
            st, h, b = status(street, parts, {"status": "approved"})
            self.assertEqual(st, 200, b)
            st, h, b = status(ent2, parts, {"status": "partly_open", "staff_on_site": 120})
            self.assertEqual(st, 200, b)
            # Returned with reasons: applied -> closed by the street.
            st, h, b = status(street, others[0], {"status": "applied"})
            self.assertEqual((st, b["error"]["code"]), (403, "not_yours"))
            st, h, b = status(street, others[1], {"status": "closed",
                                                  "reason": "食堂间隔不足"})
            self.assertEqual(st, 200, b)
            st, h, b = street.get("/api/v1/enterprises?status=fully_open")
            self.assertEqual([e["id"] for e in b["items"]], [maker])
            # The rates, from the API and recounted from the fixture.
            states = {maker: ("fully_open", 1100), parts: ("partly_open", 120)}
            for date, want_states in ((TODAY, states),
                                      ("2020-03-07", {maker: ("partly_open", 600)}),
                                      ("2020-03-06", {maker: ("approved", 0)}),
                                      ("2020-03-05", {maker: ("applied", 0)}),
                                      ("2020-03-01", {})):
                st, h, r = street.get(f"/api/v1/units/{STREET}/resumption?date={date}")
                self.assertEqual(st, 200, r)
                self.assertEqual(r, self.recount(date, want_states), date)
            st, h, r = district.get(f"/api/v1/units/{DISTRICT}/resumption?date={TODAY}")
            self.assertEqual(r["enterprises"], self.recount(TODAY, states)["enterprises"])
            st, h, r = street.get(f"/api/v1/units/{OTHER_STREET}/resumption")
            self.assertEqual(st, 404, r)
            st, h, r = street.get(f"/api/v1/units/{STREET}/resumption?date=2020-13-01")
            self.assertEqual((st, r["error"]["field"]), (400, "date"))
            st, h, r = district.get(f"/api/v1/units/{QISHAN}/resumption")
            self.assertEqual((st, r["error"]["field"]), (400, "code"))

    def test_supplier_chain_is_blocked_while_a_supplier_is_not_open(self):
        maker, s2, parts = self.maker, self.ids[credit_code(2)], self.parts
        ok("enterprise", "owner", str(s2), "--account", "ent2", "--db", self.db)
        with session(self.db, NOW, "jiangsulu", "enterprise", "ent2", "spec2",
                     "otherstreet") as (s, street, ent, ent2, spec2, other):
            def add(c, eid, body):
                return c.post(f"/api/v1/enterprises/{eid}/suppliers", body)

            def expected(ids):
                """Blocked suppliers recounted from the register's statuses."""
                st, h, page = street.get("/api/v1/enterprises?limit=1000")
                status = {e["id"]: e["status"] for e in page["items"]}
                return sum(status[i] not in ("partly_open", "fully_open") for i in ids)

            st, h, ch = add(street, maker, {"supplier": s2})
            self.assertEqual(st, 200, ch)
            self.assertEqual([x["id"] for x in ch["suppliers"]], [s2])
            self.assertEqual((ch["blocked"], ch["blocked_suppliers"]), (True, expected([s2])))
            st, h, ch = add(street, maker, {"supplier": parts})
            self.assertEqual(sorted(x["id"] for x in ch["suppliers"]), sorted([s2, parts]))
            self.assertEqual(ch["blocked_suppliers"], expected([s2, parts]))
            # Twice changes nothing; a cycle, oneself, bad input, not the street's.
            st, h, ch = add(street, maker, {"supplier": s2})
            self.assertEqual((st, len(ch["suppliers"])), (200, 2))
            st, h, b = add(street, s2, {"supplier": maker})
            self.assertEqual((st, b["error"]["code"]), (409, "cycle"))
            st, h, b = add(street, maker, {"supplier": maker})
            self.assertEqual((st, b["error"]["field"]), (400, "supplier"))
            st, h, b = add(street, maker, {"supplier": 999999})
            self.assertEqual((st, b["error"]["field"]), (404, "supplier"))
            st, h, b = add(street, maker, {})
            self.assertEqual((st, b["error"]["field"]), (400, "supplier"))
            st, h, b = add(ent, maker, {"supplier": s2})
            self.assertEqual(st, 403, b)
            st, h, b = add(other, maker, {"supplier": s2})
            self.assertEqual(st, 404, b)
            # The maker's own account reads its chain; another specialist not.
            st, h, ch = ent.get(f"/api/v1/enterprises/{maker}/chain")
            self.assertEqual((st, len(ch["suppliers"])), (200, 2), ch)
            st, h, b = spec2.get(f"/api/v1/enterprises/{maker}/chain")
            self.assertEqual(st, 404, b)
            # The supplier reopens: no longer a blocked link.
            for c, status in ((ent2, "applied"), (street, "approved"), (ent2, "partly_open")):
                st, h, b = c.post(f"/api/v1/enterprises/{s2}/status", {"status": status})
                self.assertEqual(st, 200, b)
            st, h, ch = street.get(f"/api/v1/enterprises/{maker}/chain")
            self.assertEqual([x["blocked"] for x in ch["suppliers"] if x["id"] == s2], [False])
            self.assertEqual(ch["blocked_suppliers"], expected([s2, parts]))

    def recount(self, date, states):
        """The street's figures recounted from FIXTURE and the statuses set."""
        total = staff = output = opened = on_site = output_open = 0
        large = []
        for name, n, industry, st, out, park, building in FIXTURE:
            eid = self.ids[credit_code(n)]
            status, site = states.get(eid, ("closed", 0))
            out = round(out)
            total, staff, output = total + 1, staff + st, output + out
            if status in ("partly_open", "fully_open"):
                opened, on_site, output_open = opened + 1, on_site + site, output_open + out
            if out >= 50000:
                large.append({"id": eid, "credit_code": credit_code(n), "name": name,
                              "output": out, "staff": st, "staff_on_site": site,
                              "status": status})
        return {"unit": STREET, "date": date,
                "enterprises": {"total": total, "open": opened},
                "staff": {"total": staff, "on_site": on_site},
                "output": {"total": output, "open": output_open},
                "large": large}


if __name__ == "__main__":
    unittest.main()
