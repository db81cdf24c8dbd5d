"""The one shape of every write route (src/http/write.c), against a real
`cordon serve`: the path's {id} or {code} is read first (400 when malformed),
then the role's permission (403 before the body is read, so a role that may
not write learns nothing about the body's rules), then the body. The routes
and what each needs are written out here, apart from the descriptors."""
import unittest

from harness import Server
from api_helpers import ENV, GRID1, Client, make_world

# Write routes a viewer's role may not use, with a path that names
# something; each refuses the viewer before reading its body.
GUARDED = [
    ("POST", "/api/v1/residents"),
    ("POST", "/api/v1/residents/1/facts"),
    ("GET", "/api/v1/residents/1?unmask=1&reason=test"),
    ("POST", "/api/v1/screenings"),
    ("GET", "/api/v1/declarations?document=E1234567"),
    ("GET", "/api/v1/handovers/1?unmask=1&reason=test"),
    ("POST", "/api/v1/handovers/1/accept"),
    ("POST", "/api/v1/handovers/1/reject"),
    ("POST", "/api/v1/handovers/1/route"),
    ("POST", "/api/v1/quarantines"),
    ("POST", "/api/v1/quarantines/1/temperatures"),
    ("POST", "/api/v1/quarantines/1/link"),
    ("POST", "/api/v1/quarantines/1/until"),
    ("POST", "/api/v1/quarantines/1/cancel"),
    ("POST", "/api/v1/households/1/quarantine"),
    ("POST", "/api/v1/tasks"),
    ("POST", "/api/v1/tasks/1/accept"),
    ("POST", "/api/v1/tasks/1/done"),
    ("POST", "/api/v1/tasks/1/cancel"),
    ("POST", "/api/v1/places"),
    ("PUT", f"/api/v1/units/{GRID1}/responsible"),
    ("POST", "/api/v1/compounds/1/grid"),
]

# The same routes with a path that is no id (or no code): 400 first.
BAD_PATH = [
    ("POST", "/api/v1/residents/x/facts", "id"),
    ("POST", "/api/v1/handovers/0/accept", "id"),
    ("POST", "/api/v1/quarantines/-1/link", "id"),
    ("POST", "/api/v1/households/1x/quarantine", "id"),
    ("POST", "/api/v1/tasks/x/done", "id"),
    ("PUT", "/api/v1/units/31x/responsible", "code"),
    ("POST", "/api/v1/compounds/x/grid", "id"),
    ("POST", "/api/v1/orgs/x/compounds", "id"),
]


class WriteRoutesTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db = make_world()
        cls.server = Server(cls.db, env=ENV)
        cls.server.__enter__()
        cls.viewer = Client(cls.server.port)
        st, h, body = cls.viewer.login("viewer")
        assert st == 200, body
        cls.committee = Client(cls.server.port)
        st, h, body = cls.committee.login("qishan")
        assert st == 200, body

    @classmethod
    def tearDownClass(cls):
        cls.viewer.close()
        cls.committee.close()
        cls.server.__exit__(None, None, None)

    def test_permission_before_the_body(self):
        for method, path in GUARDED:
            body = None if method == "GET" else {"no_such_field": 1}
            st, h, data = self.viewer.request(method, path, body)
            self.assertEqual(st, 403, (method, path, data))
            self.assertEqual(data["error"]["code"], "forbidden", (method, path, data))

    def test_path_before_the_permission(self):
        for method, path, field in BAD_PATH:
            st, h, data = self.viewer.request(method, path, {"no_such_field": 1})
            self.assertEqual(st, 400, (method, path, data))
            self.assertEqual(data["error"]["field"], field, (method, path, data))

    def test_body_after_the_permission(self):
        # A role that may write gets the body's error, naming the field.
        st, h, data = self.committee.request("PUT", f"/api/v1/units/{GRID1}/responsible",
                                             {"no_such_field": 1})
        self.assertEqual((st, data["error"]["code"], data["error"]["field"]),
                         (400, "unknown_field", "no_such_field"), data)
        st, h, data = self.committee.request("PUT", f"/api/v1/units/{GRID1}/responsible", "{")
        self.assertEqual(st, 400, data)
        st, h, data = self.committee.post("/api/v1/residents/1/facts", {"presence": "gone"})
        self.assertEqual((st, data["error"]["field"]), (400, "presence"), data)


if __name__ == "__main__":
    unittest.main()
