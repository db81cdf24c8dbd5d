"""The per-day history after a multi-day roll-over (issue 21): when no
server ran for a week, the days skipped are rolled over one by one, so
`/api/v1/units/{code}/counts/history` and `cordon counts CODE --history N`
have one row per skipped day with that day's end-of-day counts
(docs/colours.md). The expected counts are computed here from the
documented rules (data/rules.default.json, docs/colours.md: red for fever
or suspected, orange from the first to the last day of a quarantine,
yellow/blue for 14 days from an arrival from abroad/elsewhere in China —
day 13 still coloured, day 14 green —, purple away, else green), never by
the code under test.

The residents are imported on 2020-03-09; each turns on a different day of
the week after it. The clock is then moved to 2020-03-16 with no server
running, and the catch-up is done by `cordon rollover`, or by a server's
start."""
import csv
import datetime
import io
import json
import os
import tempfile
import time
import unittest

from harness import Server, cordon, new_db
from api_helpers import CITY, DISTRICT, QISHAN, STREET, Client, password_of

IMPORTED = datetime.date(2020, 3, 9)
LATER = datetime.date(2020, 3, 16)
DAYS = (LATER - IMPORTED).days + 1  # 03-09 .. 03-16: 8 rows
COLOURS = ("red", "orange", "yellow", "blue", "purple", "green")
WINDOW = 14


def id_number(first17):
    """A mainland ID number with its GB 11643 check character."""
    weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
    s = sum(int(d) * w for d, w in zip(first17, weights))
    return first17 + "10X98765432"[s % 11]


def d(s):
    return datetime.date.fromisoformat(s) if s else None


# name, presence, arrival day, origin, quarantine kind, from, until, health.
# On 03-09: 甲一 乙二 壬九 blue, 丙三 yellow, 丁四 戊五 orange, 己六 癸十 red,
# 庚七 purple, 辛八 green. Then 甲一 turns green on 03-10, 丁四 on 03-11,
# 乙二 on 03-12, 丙三 on 03-13; 戊五 goes from orange to yellow on 03-15;
# 壬九 stays blue to the end (03-16).
PEOPLE = [
    ("甲一", "近期返沪", "2020-02-25", "湖北武汉", "无", "", "", "正常"),
    ("乙二", "近期返沪", "2020-02-27", "浙江温州", "无", "", "", "正常"),
    ("丙三", "境外返沪", "2020-02-28", "意大利", "无", "", "", "正常"),
    ("丁四", "一直在沪", "", "", "居家隔离", "2020-03-02", "2020-03-10", "正常"),
    ("戊五", "境外返沪", "2020-03-05", "意大利", "集中隔离", "2020-03-05", "2020-03-14", "正常"),
    ("己六", "一直在沪", "", "", "无", "", "", "发热"),
    ("庚七", "外出未返", "", "", "无", "", "", "正常"),
    ("辛八", "一直在沪", "", "", "无", "", "", "正常"),
    ("壬九", "近期返沪", "2020-03-03", "安徽合肥", "无", "", "", "正常"),
    ("癸十", "境外返沪", "2020-03-01", "日本", "无", "", "", "疑似"),
]


def colour_on(p, day):
    """The documented rules, first match wins."""
    name, presence, arrived, origin, qkind, qfrom, quntil, health = p
    if health in ("发热", "疑似", "确诊"):
        return "red"
    if qkind in ("居家隔离", "集中隔离") and d(qfrom) <= day <= d(quntil):
        return "orange"
    if arrived and 0 <= (day - d(arrived)).days < WINDOW:
        return "yellow" if presence == "境外返沪" else "blue"
    if presence == "外出未返":
        return "purple"
    return "green"


def expected_days():
    """[(date, {colour: n})] for 03-09 .. 03-16."""
    out = []
    for i in range(DAYS):
        day = IMPORTED + datetime.timedelta(days=i)
        n = {c: 0 for c in COLOURS}
        for p in PEOPLE:
            n[colour_on(p, day)] += 1
        out.append((day.isoformat(), n))
    return out


def sheet():
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["小区", "楼号", "室号", "姓名", "身份证号", "在沪情况", "返沪日期", "来源地",
                "隔离情况", "隔离开始日期", "隔离结束日期", "健康状况"])
    for i, p in enumerate(PEOPLE):
        name, presence, arrived, origin, qkind, qfrom, quntil, health = p
        w.writerow(["岐山村", "8号", f"{i + 1}01", name,
                    id_number(f"31010519800115{i + 1:03d}"), presence, arrived, origin, qkind,
                    qfrom, quntil, health])
    return out.getvalue()


def as_rows(history):
    return [(x["date"], {c: x["colours"].get(c, 0) for c in COLOURS}) for x in history["days"]]


class SkippedDaysHistoryTest(unittest.TestCase):
    def world(self):
        """Shanghai, the residents imported on 03-09, a district account."""
        db = new_db("rollover.db")
        env = {"CORDON_TODAY": IMPORTED.isoformat()}
        rc, out, err = cordon("init", "--city", "3101", "--db", db, env=env)
        self.assertEqual(rc, 0, err)
        fd, path = tempfile.mkstemp(suffix=".csv")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(sheet())
        self.addCleanup(os.unlink, path)
        rc, out, err = cordon("import", "residents", path, "--committee", QISHAN, "--db", db,
                              env=env)
        self.assertEqual(rc, 0, err + out)
        rc, out, err = cordon("user", "add", "changning", "--role", "district", "--unit",
                              DISTRICT, "--password-stdin", "--db", db,
                              input=password_of("changning") + "\n")
        self.assertEqual(rc, 0, err)
        # On the day of the import, the counts are the rules' of that day.
        rc, out, err = cordon("counts", QISHAN, "--json", "--db", db, env=env)
        self.assertEqual(rc, 0, err)
        now = json.loads(out)
        self.assertEqual({c: now["colours"].get(c, 0) for c in COLOURS}, expected_days()[0][1])
        return db

    def check(self, rows):
        want = expected_days()
        self.assertEqual([r[0] for r in rows], [w[0] for w in want])
        for got, exp in zip(rows, want):
            self.assertEqual(got, exp, got[0])

    def test_cordon_rollover_writes_one_row_per_skipped_day(self):
        db = self.world()
        env = {"CORDON_TODAY": LATER.isoformat()}
        rc, out, err = cordon("rollover", "--db", db, env=env)
        self.assertEqual(rc, 0, err)
        # Every unit from the committee to the city holds these residents only.
        for code in (QISHAN, STREET, DISTRICT, CITY):
            rc, out, err = cordon("counts", code, "--history", str(DAYS), "--json", "--db", db,
                                  env=env)
            self.assertEqual(rc, 0, err)
            self.check(as_rows(json.loads(out)))
        with Server(db, env=env) as s:
            c = Client(s.port)
            self.assertEqual(c.login("changning")[0], 200)
            st, h, hist = c.get(f"/api/v1/units/{QISHAN}/counts/history?days={DAYS}")
            self.assertEqual(st, 200, hist)
            self.check(as_rows(hist))
            c.close()

    def test_a_server_start_catches_up_the_same_way(self):
        db = self.world()
        env = {"CORDON_TODAY": LATER.isoformat()}
        with Server(db, env=env) as s:
            c = Client(s.port)
            self.assertEqual(c.login("changning")[0], 200)
            # The server rolls over as it starts; wait for it, bounded.
            deadline = time.monotonic() + 30
            while True:
                st, h, hist = c.get(f"/api/v1/units/{QISHAN}/counts/history?days={DAYS}")
                self.assertEqual(st, 200, hist)
                if len(hist["days"]) == DAYS or time.monotonic() > deadline:
                    break
                time.sleep(0.2)
            self.check(as_rows(hist))
            c.close()


if __name__ == "__main__":
    unittest.main()
