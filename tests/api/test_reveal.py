"""查看完整信息: seeing a resident's name and phone in full, or exporting a
unit unmasked, needs a role that may unmask AND a reason, and the reason is
kept in the audit log (GET /api/v1/audit) with the entry. A role that may
not unmask gets 403 and leaves no audit entry; a blank reason is 400
(code "missing", field "reason") and leaves none either."""
import unittest
from urllib.parse import quote

from api_helpers import QISHAN, WorldTest
from harness import sql

REASON = "电话通知居家隔离"


class RevealTest(WorldTest):
    def reveals(self):
        return sql(self.db, "SELECT count(*) FROM audit WHERE action IN "
                   "('read_unmasked', 'export_unmasked')")[0][0]

    def a_resident(self, c):
        st, h, page = c.get(f"/api/v1/residents?unit={QISHAN}&limit=1")
        self.assertEqual(st, 200, page)
        return page["items"][0]["id"]

    def test_reason_is_kept_in_the_audit_log(self):
        q, admin = self.client("qishan"), self.client("admin")
        rid = self.a_resident(q)
        st, h, masked = q.get(f"/api/v1/residents/{rid}")
        st, h, full = q.get(f"/api/v1/residents/{rid}?unmask=1&reason={quote(REASON)}")
        self.assertEqual(st, 200, full)
        self.assertNotEqual(full["name"], masked["name"])
        self.assertNotIn("*", full["phone"] or "")
        st, h, log = admin.get("/api/v1/audit?account=qishan&limit=5")
        top = log["items"][0]
        self.assertEqual((top["action"], top["resident"]), ("read_unmasked", rid))
        self.assertEqual(top["detail"]["reason"], REASON)

    def test_a_blank_reason_is_refused_and_not_audited(self):
        q = self.client("qishan")
        rid = self.a_resident(q)
        before = self.reveals()
        for query in ("?unmask=1", "?unmask=1&reason=", "?unmask=1&reason=%20%20"):
            st, h, body = q.get(f"/api/v1/residents/{rid}{query}")
            self.assertEqual((st, body["error"]["code"], body["error"]["field"]),
                             (400, "missing", "reason"), query)
        st, h, body = q.get(f"/api/v1/residents/{rid}?unmask=1&reason=" + "x" * 400)
        self.assertEqual((st, body["error"]["field"]), (400, "reason"))
        self.assertEqual(self.reveals(), before)

    def test_a_role_that_may_not_unmask_gets_403_and_no_audit_row(self):
        d = self.client("changning")
        rid = self.a_resident(d)
        before = self.reveals()
        st, h, body = d.get(f"/api/v1/residents/{rid}?unmask=1&reason={quote(REASON)}")
        self.assertEqual(st, 403, body)
        st, h, body = d.get(f"/api/v1/residents/export.xlsx?unit={QISHAN}&unmask=1"
                            f"&reason={quote(REASON)}")
        self.assertEqual(st, 403, body)
        self.assertEqual(self.reveals(), before)

    def test_unmasked_export_needs_a_reason_and_keeps_it(self):
        q, admin = self.client("qishan"), self.client("admin")
        before = self.reveals()
        st, h, body = q.get(f"/api/v1/residents/export.csv?unit={QISHAN}&unmask=1")
        self.assertEqual((st, body["error"]["field"]), (400, "reason"))
        self.assertEqual(self.reveals(), before)
        st, h, data = q.get(f"/api/v1/residents/export.csv?unit={QISHAN}&unmask=1"
                            f"&reason={quote('导出给派出所核对')}")
        self.assertEqual(st, 200)
        st, h, log = admin.get("/api/v1/audit?account=qishan&limit=1")
        self.assertEqual(log["items"][0]["action"], "export_unmasked")
        self.assertEqual(log["items"][0]["detail"]["reason"], "导出给派出所核对")


if __name__ == "__main__":
    unittest.main()
