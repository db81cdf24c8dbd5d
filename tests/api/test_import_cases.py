"""An imported quarantine opens its case (issue 13): a spreadsheet row that
sets a quarantine still running today gets its case, check-in link and
rubbish task through the same path as `POST /api/v1/residents/{id}/facts`
(quarantines_open_for_fact) — over HTTP as the importing account and from
`cordon import` — visible in `GET /api/v1/quarantines`; the report counts
them (`cases`). A quarantine that has ended opens nothing, and importing
the sheet again opens no second case."""
import os
import unittest

from harness import TMP, cordon, sql
from api_helpers import QISHAN
from checkpoint_helpers import id_number
from tasks_helpers import make_task_world, session

NOW = "2020-03-09T09:00"
HEAD = "姓名,身份证号,手机号,小区,楼号,室号,隔离情况,隔离开始日期,隔离结束日期\n"


def sheet(rows):
    return HEAD + "".join(",".join(r) + "\n" for r in rows)


class ImportCasesTest(unittest.TestCase):
    def test_import_opens_the_case_once(self):
        db = make_task_world()
        home, ended, cli = (id_number(region="310105", birth="19800101", seq=n) for n in (1, 2, 3))
        rows = [("居家甲", home, "13700000001", "岐山村", "1号", "101", "居家隔离", "2020-03-07",
                 "2020-03-20"),
                ("解除乙", ended, "13700000002", "岐山村", "1号", "102", "居家隔离", "2020-02-01",
                 "2020-02-14")]
        with session(db, NOW, "qishan") as (s, q):
            before = sql(db, "SELECT count(*) FROM quarantines")[0][0]
            for attempt in (1, 2):
                st, h, rep = q.request("POST", f"/api/v1/imports?committee={QISHAN}", sheet(rows),
                                       headers={"Content-Type": "text/csv"})
                self.assertEqual(st, 200, rep)
                self.assertEqual(rep["cases"], 1 if attempt == 1 else 0, rep)
            got = sql(db, "SELECT r.doc_no, q.kind, q.day_from, q.day_until FROM quarantines q "
                          "JOIN residents r ON r.id = q.resident ORDER BY q.id")[before:]
            self.assertEqual([str(g[0]) for g in got], [home])
            rid = sql(db, f"SELECT id FROM residents WHERE doc_no = '{home}'")[0][0]
            st, h, page = q.get("/api/v1/quarantines?state=all&limit=500")
            case = [c for c in page["items"] if c["resident"] == rid]
            self.assertEqual(len(case), 1, page)
            self.assertEqual((case[0]["kind"], case[0]["from"], case[0]["until"]),
                             ("home", "2020-03-07", "2020-03-20"))
            # Its rubbish task, as for a case opened from a fact.
            st, h, tasks = q.get("/api/v1/tasks?kind=rubbish&limit=500")
            self.assertTrue(any(t.get("quarantine") == case[0]["id"] for t in tasks["items"]),
                            tasks)
        # The command line imports and opens the case too.
        path = os.path.join(TMP, "import_cases.csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write(sheet([("命令丙", cli, "13700000003", "岐山村", "2号", "201", "集中隔离",
                            "2020-03-08", "2020-03-21")]))
        rc, out, err = cordon("import", "residents", path, "--committee", QISHAN, "--db", db,
                              env={"CORDON_NOW": NOW})
        self.assertEqual(rc, 0, err)
        got = sql(db, "SELECT q.kind FROM quarantines q JOIN residents r ON r.id = q.resident "
                      f"WHERE r.doc_no = '{cli}'")
        self.assertEqual(len(got), 1, got)
        self.assertIn("1 quarantine cases opened", out)
        # --no-cases: the facts alone, and the command says what it left.
        nocase = id_number(region="310105", birth="19800101", seq=4)
        with open(path, "w", encoding="utf-8") as f:
            f.write(sheet([("外管丁", nocase, "13700000004", "岐山村", "2号", "202", "集中隔离",
                            "2020-03-08", "2020-03-21")]))
        rc, out, err = cordon("import", "residents", path, "--committee", QISHAN, "--no-cases",
                              "--db", db, env={"CORDON_NOW": NOW})
        self.assertEqual(rc, 0, err)
        self.assertNotIn("cases opened", out)
        self.assertIn("1 residents in quarantine today have no case (--no-cases)", err)
        got = sql(db, "SELECT count(*) FROM quarantines q JOIN residents r ON r.id = q.resident "
                      f"WHERE r.doc_no = '{nocase}'")
        self.assertEqual(got, [[0]])


if __name__ == "__main__":
    unittest.main()
