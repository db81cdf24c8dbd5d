"""The access matrix, against a real `cordon serve`: every route of the
server's own OpenAPI document (generated from src/http/routes.c, so a new
route joins by itself, and fails here until it has a row in ROUTES below)
x every role x a target in the caller's own committee (A: 岐山), in the
neighbouring committee of the same street (B: 江苏) and in another district
(C: 徐汇) -- see world.py for what each place holds.

For each cell the exact status is asserted: the role's permission missing is
403, a record outside the caller's scope is 404 exactly as one that does not
exist, public routes answer everyone. Every answer's raw body (JSON, CSV,
the XML inside .xlsx, the text of a PDF) is searched for the personal data
of every seeded person: the full name, document number or phone only in an
unmasked read by a role allowed to unmask, of a person within its scope; the
masked forms only for a caller who may see that person at all (the viewer:
never). A write that is refused writes nothing: the database is compared
row by row before and after a route's refused cells.

The expected permissions are written out here from docs/api.md, apart from
src/app/accounts/roles.c; the scope of a seeded object is the unit the API itself
reports for it (world.py)."""
import collections
import http.client
import io
import json
import subprocess
import tempfile
import unittest
import urllib.parse
import zipfile

from harness import ON_PG, Server, TMP, cordon
from api_helpers import CITY, GRID1, Client, password_of, within
from checkpoint_helpers import id_number
import workforce_helpers
from test_enterprises import credit_code
import world
from world import COMMITTEE, GRID, PLACES, STREET_OF, TODAY

CP_A = ("checkpoint", CITY, None)
ACCOUNTS = dict(world.MATRIX_ACCOUNTS)
ACCOUNTS["cp_a"] = CP_A
# Issue 13: a big screen's display token of A's street, no session at all
# ("Authorization: Bearer"): 401 on every route but its wall's.
ACCOUNTS["display"] = ("display", STREET_OF["A"], None)

# ---- permissions (docs/api.md "Roles and scope" and the feature tables) ----------

ALL_ROLES = {"city_admin", "district", "street", "committee", "grid_worker", "checkpoint",
             "specialist", "enterprise", "property", "viewer"}
COUNTS = {"city_admin", "district", "street", "committee", "grid_worker", "viewer"}
READ = {"city_admin", "district", "street", "committee", "grid_worker"}
UNMASK = {"street", "committee", "grid_worker"}
WRITE = {"committee", "grid_worker"}
GRIDS = {"committee"}
AUDIT = RULES = {"city_admin"}
SCREEN = {"checkpoint"}
HANDOVER = {"city_admin", "district", "street", "committee"}
QUARANTINE = {"committee", "grid_worker"}
TASKS = {"city_admin", "district", "street", "committee", "grid_worker", "property"}
ORGS = {"city_admin", "district", "street"}
STAFF = {"city_admin", "district", "street"}  # staff sent down (issue 14)
ENTERPRISES = {"city_admin", "district", "street"}  # return to work (issue 16)
APPROVE = {"street"}
OWN_ENTERPRISE = {"enterprise", "specialist"}  # their own / assigned enterprises only
WALL = COUNTS | {"display"}  # the big screen (issue 13)
DISPLAYS = {"city_admin", "district", "street"}
ORIGINS = {"city_admin", "district"}  # high-risk origins (issue 13)
PUBLIC = "public"
SESSION = "session"

# A unit of each place for the routes that take a unit: A is a grid (so the
# grid worker has an own cell), B and C committees.
UNIT = {"A": GRID1, "B": COMMITTEE["B"], "C": COMMITTEE["C"]}


def q(s):
    return urllib.parse.quote(s)


class Route:
    """One row of the matrix: who may call it (a set of roles, PUBLIC or
    SESSION), the path for target t (None: one cell without a target), the
    unit that puts target t in or out of a caller's scope (None: no scope),
    the status on success, and for writes a body; `fresh` makes a new object
    for a call that is expected to succeed and change it (its id replaces
    the standing one), `after` undoes or records a success; `vis` replaces
    the scope test, `expect` the whole rule; `unmask` marks a read that may
    carry personal data in full."""

    def __init__(self, roles, path, unit=None, ok=200, body=None, fresh=None, after=None,
                 vis=None, expect=None, unmask=False, check=None, one=False, own=False):
        self.own = own
        self.roles, self.path, self.unit, self.ok, self.one = roles, path, unit, ok, one
        self.body, self.fresh, self.after, self.vis, self.expect = body, fresh, after, vis, expect
        self.unmask, self.check = unmask, check


def post_visible(m, name, t):
    """A checkpoint account with a post sees that post; otherwise a city
    scope sees every post, a district scope its district's, others none."""
    if name == "cp_a":
        return t == "A"
    scope = m.scope(name)
    if len(scope) == 4:
        return True
    return len(scope) == 6 and world.DISTRICT_OF[t] == scope


def ROUTES(m):
    """The matrix rows, keyed by (method, pattern) as the OpenAPI document
    names them. `m` is the test class (world ids, counters, clients)."""
    w = m.w
    u = w["units"]
    wf = workforce_helpers.seeded(m.db, COMMITTEE)  # staff sent down (issue 14)
    return {
        ("GET", "/healthz"): Route(PUBLIC, lambda t: "/healthz", one=True),
        ("GET", "/metrics"): Route(PUBLIC, lambda t: "/metrics", one=True),
        ("GET", "/api/v1/openapi.json"): Route(PUBLIC, lambda t: "/api/v1/openapi.json", one=True),
        ("POST", "/api/v1/session"): "session",
        ("GET", "/api/v1/session"): Route(SESSION, lambda t: "/api/v1/session", one=True),
        ("DELETE", "/api/v1/session"): "session",
        ("POST", "/api/v1/session/password"): "session",
        ("GET", "/api/v1/units/{code}"): Route(PUBLIC, lambda t: f"/api/v1/units/{UNIT[t]}"),
        ("GET", "/api/v1/units/{code}/counts"):
            Route(COUNTS, lambda t: f"/api/v1/units/{UNIT[t]}/counts", UNIT.get),
        ("GET", "/api/v1/units/{code}/counts/history"):
            Route(COUNTS, lambda t: f"/api/v1/units/{UNIT[t]}/counts/history?days=7", UNIT.get),
        ("GET", "/api/v1/units/{code}/dashboard"):
            Route(COUNTS, lambda t: f"/api/v1/units/{UNIT[t]}/dashboard", UNIT.get),
        ("GET", "/api/v1/units/{code}/counts.xlsx"):
            Route(COUNTS, lambda t: f"/api/v1/units/{UNIT[t]}/counts.xlsx", UNIT.get),
        ("POST", "/api/v1/units/{code}/grids"):
            Route(GRIDS, lambda t: f"/api/v1/units/{COMMITTEE[t]}/grids", COMMITTEE.get, 201,
                  body=lambda t, n: {"name": "矩阵网格%d" % m.next()}),
        ("GET", "/api/v1/residents"):
            Route(READ, lambda t: f"/api/v1/residents?limit=100&unit={UNIT[t]}", UNIT.get),
        ("POST", "/api/v1/residents"):
            Route(WRITE, lambda t: "/api/v1/residents", UNIT.get, 201,
                  body=lambda t, n: {"name": "新人", "doc_type": "passport",
                                     "doc_no": "E%07d" % m.next(), "committee": COMMITTEE[t]}),
        ("GET", "/api/v1/residents/export.xlsx"):
            [Route(READ, lambda t: f"/api/v1/residents/export.xlsx?unit={UNIT[t]}", UNIT.get),
             Route(READ & UNMASK, lambda t: f"/api/v1/residents/export.xlsx?unit={UNIT[t]}"
                   "&unmask=1&reason=test", UNIT.get, unmask=True, expect=m.expect_export_unmask)],
        ("GET", "/api/v1/residents/export.csv"):
            [Route(READ, lambda t: f"/api/v1/residents/export.csv?unit={UNIT[t]}", UNIT.get),
             Route(READ & UNMASK, lambda t: f"/api/v1/residents/export.csv?unit={UNIT[t]}"
                   "&unmask=1&reason=test", UNIT.get, unmask=True, expect=m.expect_export_unmask)],
        ("GET", "/api/v1/residents/{id}"):
            [Route(READ, lambda t: f"/api/v1/residents/{w['case_resident'][t]}",
                   lambda t: u[("case_resident", t)]),
             Route(READ & UNMASK, lambda t: f"/api/v1/residents/{w['case_resident'][t]}?unmask=1&reason=test",
                   lambda t: u[("case_resident", t)], unmask=lambda t: m.case_person[t])],
        ("POST", "/api/v1/residents/{id}/facts"):
            Route(WRITE, lambda t: f"/api/v1/residents/{w['case_resident'][t]}/facts",
                  lambda t: u[("case_resident", t)], body=lambda t, n: {"health": "normal"}),
        ("GET", "/api/v1/residents/{id}/history"):
            Route(READ, lambda t: f"/api/v1/residents/{w['case_resident'][t]}/history",
                  lambda t: u[("case_resident", t)]),
        ("GET", "/api/v1/households/{id}"):
            Route(READ, lambda t: f"/api/v1/households/{w['household'][t]}",
                  lambda t: u[("household", t)]),
        ("GET", "/api/v1/compounds"):
            Route(READ, lambda t: f"/api/v1/compounds?unit={UNIT[t]}", UNIT.get),
        ("GET", "/api/v1/compounds/{id}"):
            Route(READ, lambda t: f"/api/v1/compounds/{w['compound'][t]}",
                  lambda t: u[("compound", t)]),
        ("GET", "/api/v1/compounds/{id}/map"):
            Route(READ, lambda t: f"/api/v1/compounds/{w['compound'][t]}/map",
                  lambda t: u[("compound", t)]),
        ("GET", "/api/v1/compounds/{id}/wallchart.pdf"):
            Route(READ, lambda t: f"/api/v1/compounds/{w['compound'][t]}/wallchart.pdf",
                  lambda t: u[("compound", t)]),
        # Issue 13 (W13a): a committee's whole wall chart.
        ("GET", "/api/v1/units/{code}/wallchart.pdf"):
            Route(READ, lambda t: f"/api/v1/units/{COMMITTEE[t]}/wallchart.pdf", COMMITTEE.get),
        ("GET", "/api/v1/rules"): Route(COUNTS, None),
        ("PUT", "/api/v1/rules"): Route(RULES, None, body=lambda t, n: w["rules"]),
        ("GET", "/api/v1/audit"): Route(AUDIT, None),
        ("POST", "/api/v1/imports"):
            Route(WRITE, lambda t: f"/api/v1/imports?committee={COMMITTEE[t]}", COMMITTEE.get,
                  body=lambda t, n: m.import_csv()),
        # W13b: an import's error report sent back as .xlsx (writes nothing).
        ("POST", "/api/v1/imports/report.xlsx"):
            Route(WRITE, None, body=lambda t, n: {"errors": [{"line": 2, "header": "姓名",
                                                               "code": "missing"}]}),
        ("GET", "/api/v1/resolve"):
            Route(SESSION, lambda t: "/api/v1/resolve?address=" + q(world.DESTINATION[t])),
        # Checkpoints, screenings, self-declarations.
        ("GET", "/api/v1/posts"): Route(SESSION, None),
        ("GET", "/api/v1/posts/{id}"): Route(PUBLIC, lambda t: f"/api/v1/posts/{w['post'][t]}"),
        ("GET", "/api/v1/posts/{id}/poster.pdf"):
            Route(ALL_ROLES, lambda t: f"/api/v1/posts/{w['post'][t]}/poster.pdf"
                  "?base=http://127.0.0.1", vis=post_visible),
        ("GET", "/api/v1/posts/{id}/poster.png"):
            Route(ALL_ROLES, lambda t: f"/api/v1/posts/{w['post'][t]}/poster.png"
                  "?base=http://127.0.0.1", vis=post_visible),
        ("POST", "/api/v1/screenings"):
            Route(SCREEN, lambda t: "/api/v1/screenings", ok=201, vis=post_visible,
                  body=lambda t, n: m.traveller(t)),
        ("GET", "/api/v1/screenings"):
            Route(SCREEN, lambda t: f"/api/v1/screenings?post={w['post'][t]}&date={TODAY}",
                  vis=post_visible),
        ("GET", "/api/v1/screenings/{id}"):
            Route(SCREEN, lambda t: f"/api/v1/screenings/{w['screening'][t]}", vis=post_visible),
        ("POST", "/api/v1/declarations"):
            Route(PUBLIC, lambda t: "/api/v1/declarations", ok=201,
                  body=lambda t, n: {k: v for k, v in m.traveller(t).items()
                                     if k != "temperature"}),
        ("GET", "/api/v1/declarations"):
            Route(SCREEN, lambda t: "/api/v1/declarations?document="
                  + w["declarant"][t]["document"], check=m.check_declarations,
                  unmask=lambda t: "declarant " + t),
        # Hand-overs.
        ("GET", "/api/v1/handovers"):
            Route(HANDOVER, lambda t: f"/api/v1/handovers?state=all&unit={COMMITTEE[t]}",
                  COMMITTEE.get),
        ("GET", "/api/v1/handovers/{id}"):
            [Route(HANDOVER, lambda t: f"/api/v1/handovers/{w['handover'][t]}",
                   lambda t: u[("handover", t)]),
             Route(HANDOVER & UNMASK, lambda t: f"/api/v1/handovers/{w['handover'][t]}?unmask=1&reason=test",
                   lambda t: u[("handover", t)], unmask=lambda t: "traveller " + t)],
        ("POST", "/api/v1/handovers/{id}/accept"):
            Route(HANDOVER, lambda t, i=None: f"/api/v1/handovers/{i or w['handover'][t]}/accept",
                  lambda t: u[("handover", t)], body=lambda t, n: {}, fresh=m.fresh_handover),
        ("POST", "/api/v1/handovers/{id}/reject"):
            Route(HANDOVER, lambda t, i=None: f"/api/v1/handovers/{i or w['handover'][t]}/reject",
                  lambda t: u[("handover", t)], body=lambda t, n: {"reason": "不在本辖区"},
                  fresh=m.fresh_handover),
        ("POST", "/api/v1/handovers/{id}/route"):
            Route(HANDOVER, lambda t, i=None: f"/api/v1/handovers/{i or w['handover'][t]}/route",
                  lambda t: u[("handover", t)],
                  body=lambda t, n: {"unit": STREET_OF[t], "reason": "改派"},
                  fresh=m.fresh_handover),
        # Quarantine cases and check-in.
        ("POST", "/api/v1/quarantines"):
            Route(QUARANTINE, lambda t: "/api/v1/quarantines",
                  lambda t: u[("free_resident", t)], 201,
                  body=lambda t, n: {"resident": w["free_resident"][t], "kind": "home",
                                     "from": TODAY},
                  after=m.cancel_cases),
        ("GET", "/api/v1/quarantines"):
            Route(QUARANTINE | READ, lambda t: f"/api/v1/quarantines?state=all&unit={UNIT[t]}",
                  UNIT.get),
        ("GET", "/api/v1/quarantines/{id}"):
            Route(QUARANTINE | READ, lambda t: f"/api/v1/quarantines/{w['case'][t]}",
                  lambda t: u[("case", t)]),
        ("POST", "/api/v1/quarantines/{id}/temperatures"):
            Route(QUARANTINE, lambda t: f"/api/v1/quarantines/{w['case'][t]}/temperatures",
                  lambda t: u[("case", t)], 201, body=lambda t, n: m.reading(t)),
        ("POST", "/api/v1/quarantines/{id}/link"):
            Route(QUARANTINE, lambda t: f"/api/v1/quarantines/{w['case'][t]}/link",
                  lambda t: u[("case", t)], body=lambda t, n: {}, after=m.new_token),
        ("POST", "/api/v1/quarantines/{id}/until"):
            Route(QUARANTINE, lambda t: f"/api/v1/quarantines/{w['case'][t]}/until",
                  lambda t: u[("case", t)],
                  body=lambda t, n: {"until": "2020-03-20", "reason": "核对"}),
        ("POST", "/api/v1/quarantines/{id}/cancel"):
            Route(QUARANTINE, lambda t, i=None: f"/api/v1/quarantines/{i or w['case'][t]}/cancel",
                  lambda t: u[("case", t)], body=lambda t, n: {"reason": "录入错误"},
                  fresh=m.fresh_case),
        ("POST", "/api/v1/households/{id}/quarantine"):
            Route(QUARANTINE, lambda t: f"/api/v1/households/{w['free_household'][t]}/quarantine",
                  lambda t: u[("free_household", t)], 201,
                  body=lambda t, n: {"kind": "home", "from": TODAY}, after=m.cancel_cases),
        # The check-in link is the resident's own: its page shows them
        # (masked) to whoever holds the link, and no one else.
        ("GET", "/api/v1/checkin/{token}"):
            Route(PUBLIC, lambda t: f"/api/v1/checkin/{w['token'][t]}", own=True),
        ("POST", "/api/v1/checkin/{token}"):
            Route(PUBLIC, lambda t, i=None: f"/api/v1/checkin/{i or w['token'][t]}", ok=201,
                  body=lambda t, n: {"temperature": 36.5, "slot": "morning", "day": TODAY},
                  fresh=m.fresh_checkin, after=m.cancel_fresh, own=True),
        # Tasks, places, grids, organisations.
        ("GET", "/api/v1/tasks"):
            Route(TASKS, lambda t: f"/api/v1/tasks?unit={UNIT[t]}", UNIT.get),
        ("POST", "/api/v1/tasks"):
            Route(TASKS, lambda t: "/api/v1/tasks", lambda t: u[("household", t)], 201,
                  body=lambda t, n: {"kind": "inspection", "household": w["household"][t]},
                  vis=m.task_visible),
        ("GET", "/api/v1/tasks/{id}"):
            Route(TASKS, lambda t: f"/api/v1/tasks/{w['task'][t]}", lambda t: u[("task", t)],
                  vis=m.task_visible),
        ("POST", "/api/v1/tasks/{id}/accept"):
            Route(TASKS, lambda t, i=None: f"/api/v1/tasks/{i or w['task'][t]}/accept",
                  lambda t: u[("task", t)], body=lambda t, n: {}, vis=m.task_visible,
                  fresh=m.fresh_task),
        ("POST", "/api/v1/tasks/{id}/done"):
            Route(TASKS, lambda t, i=None: f"/api/v1/tasks/{i or w['task'][t]}/done",
                  lambda t: u[("task", t)], body=lambda t, n: {}, vis=m.task_visible,
                  fresh=m.fresh_task),
        # Only the committee (or the task's creator) cancels: a grid worker
        # or property company that sees a task it did not create gets 403.
        ("POST", "/api/v1/tasks/{id}/cancel"):
            Route(TASKS, lambda t, i=None: f"/api/v1/tasks/{i or w['task'][t]}/cancel",
                  lambda t: u[("task", t)], body=lambda t, n: {}, vis=m.task_visible,
                  fresh=m.fresh_task, expect=m.expect_task_cancel),
        ("GET", "/api/v1/places"):
            Route(TASKS, lambda t: f"/api/v1/places?unit={UNIT[t]}", UNIT.get),
        ("POST", "/api/v1/places"):
            Route(GRIDS, lambda t: "/api/v1/places", GRID.get, 201,
                  body=lambda t, n: {"kind": "park", "name": "公园%d" % m.next(),
                                     "grid": GRID[t]}),
        ("GET", "/api/v1/units/{code}/responsible"):
            Route(TASKS, lambda t: f"/api/v1/units/{GRID[t]}/responsible", GRID.get),
        ("PUT", "/api/v1/units/{code}/responsible"):
            Route(GRIDS, lambda t: f"/api/v1/units/{GRID[t]}/responsible", GRID.get,
                  body=lambda t, n: {"account": w["responsible"][t]}),
        ("POST", "/api/v1/compounds/{id}/grid"):
            Route(GRIDS, lambda t: f"/api/v1/compounds/{w['compound'][t]}/grid", COMMITTEE.get,
                  body=lambda t, n: w["compound_grid_body"][t]),
        ("GET", "/api/v1/orgs"):
            Route(TASKS | ORGS | GRIDS, lambda t: f"/api/v1/orgs?unit={UNIT[t]}", UNIT.get,
                  vis=lambda m_, n, t: within(UNIT[t], m.scope(n)) or within(m.scope(n),
                                                                                UNIT[t])),
        ("POST", "/api/v1/orgs"):
            Route(ORGS, lambda t: "/api/v1/orgs", STREET_OF.get, 201,
                  body=lambda t, n: {"name": "物业%d" % m.next(), "kind": "property",
                                     "street": STREET_OF[t]}),
        ("POST", "/api/v1/orgs/{id}/compounds"):
            Route(ORGS | GRIDS, lambda t: f"/api/v1/orgs/{w['org'][t]}/compounds",
                  COMMITTEE.get, body=lambda t, n: {"compound": w["compound"][t]}),
        # Supplies (issue 15): campaigns are the committee's; a campaign is
        # seen from within its committee (a grid worker too); bookings and
        # pickups by the household's unit.
        ("POST", "/api/v1/campaigns"):
            Route(GRIDS, lambda t: "/api/v1/campaigns", COMMITTEE.get, 201,
                  body=lambda t, n: world.campaign_body(COMMITTEE[t])),
        ("GET", "/api/v1/campaigns/{id}"):
            Route(READ, lambda t: f"/api/v1/campaigns/{w['campaign'][t]}", COMMITTEE.get,
                  vis=lambda m_, n, t: within(COMMITTEE[t], m.scope(n)) or
                  within(m.scope(n), COMMITTEE[t])),
        ("GET", "/api/v1/campaigns"):
            Route(READ, lambda t: f"/api/v1/campaigns?unit={COMMITTEE[t]}", COMMITTEE.get,
                  vis=lambda m_, n, t: within(COMMITTEE[t], m.scope(n)) or
                  within(m.scope(n), COMMITTEE[t])),
        ("GET", "/api/v1/campaigns/{id}/list.xlsx"):
            Route(READ, lambda t: f"/api/v1/campaigns/{w['campaign'][t]}/list.xlsx", COMMITTEE.get,
                  vis=lambda m_, n, t: within(COMMITTEE[t], m.scope(n)) or
                  within(m.scope(n), COMMITTEE[t])),
        ("POST", "/api/v1/campaigns/{id}/bookings"):
            Route(WRITE, lambda t, i=None: f"/api/v1/campaigns/{i or w['campaign'][t]}/bookings",
                  lambda t: u[("household", t)], 201,
                  body=lambda t, n: {"household": w["household"][t]}, fresh=m.fresh_campaign),
        ("POST", "/api/v1/campaigns/{id}/draw"):
            Route(GRIDS, lambda t, i=None: f"/api/v1/campaigns/{i or w['draw_campaign'][t]}/draw",
                  COMMITTEE.get, body=lambda t, n: {"seed": "7"},
                  fresh=lambda t: m.fresh_campaign(t, draw=True)),
        ("POST", "/api/v1/pickups"):
            Route(WRITE, lambda t, i=None: "/api/v1/pickups", lambda t: u[("household", t)],
                  body=lambda t, n: {"code": m.pickup_code.get(t) or w["code"][t]},
                  fresh=m.fresh_pickup),
        # The household's own page: public by its link; `own` is every
        # member of the household (shown masked to whoever holds the link).
        ("POST", "/api/v1/households/{id}/link"):
            Route(WRITE, lambda t: f"/api/v1/households/{w['household'][t]}/link",
                  lambda t: u[("household", t)], 201,
                  after=lambda t, n, data: w["hh_token"].update({t: data["link"][3:]})),
        ("POST", "/api/v1/households/{id}/slip.pdf"):
            Route(WRITE, lambda t: f"/api/v1/households/{w['household'][t]}/slip.pdf"
                  "?base=http://127.0.0.1:1", lambda t: u[("household", t)], 201,
                  after=lambda t, n, data: m.relink(t)),
        ("GET", "/api/v1/household/{token}"):
            Route(PUBLIC, lambda t: f"/api/v1/household/{w['hh_token'][t]}",
                  own=m.household_people),
        ("POST", "/api/v1/household/{token}/bookings"):
            Route(PUBLIC, lambda t: f"/api/v1/household/{w['hh_token'][t]}/bookings", ok=201,
                  body=lambda t, n: {"campaign": m.fresh_campaign(t)}, own=m.household_people),
        ("POST", "/api/v1/household/{token}/help"):
            Route(PUBLIC, lambda t: f"/api/v1/household/{w['hh_token'][t]}/help", ok=201,
                  body=lambda t, n: {"kind": "other"}, own=m.household_people),
        ("GET", "/h/{token}"): Route(PUBLIC, lambda t: "/h/x", one=True),
        # Staff sent down (issue 14): posts in each committee, staff of a city office.
        ("POST", "/api/v1/staff/import"):
            Route(STAFF, lambda t: "/api/v1/staff/import", None,
                  body=lambda t, n: "姓名,手机号,派出单位,批次,技能\n"),
        ("GET", "/api/v1/staff"):
            Route(STAFF, lambda t: f"/api/v1/staff?unit={COMMITTEE[t]}", COMMITTEE.get),
        ("POST", "/api/v1/deployments"):
            Route(STAFF, lambda t: "/api/v1/deployments", COMMITTEE.get, 201,
                  body=lambda t, n: workforce_helpers.deploy_body(wf, t, m.next())),
        ("POST", "/api/v1/deployments/{id}/link"):
            Route(STAFF, lambda t: f"/api/v1/deployments/{wf['deployment'][t]}/link",
                  COMMITTEE.get),
        ("POST", "/api/v1/sign/{token}"):
            Route(PUBLIC, lambda t: f"/api/v1/sign/{wf['sign_token']}", ok=201, one=True,
                  body=lambda t, n: workforce_helpers.sign_body(wf)),
        ("GET", "/api/v1/units/{code}/staffing"):
            Route(STAFF, lambda t: f"/api/v1/units/{COMMITTEE[t]}/staffing?date={TODAY}",
                  COMMITTEE.get),
        # The 今日在岗 board (issue 14, Y14): a committee sees its own posts.
        ("GET", "/api/v1/units/{code}/on-duty"):
            Route(STAFF | {"committee"},
                  lambda t: f"/api/v1/units/{COMMITTEE[t]}/on-duty?date={TODAY}", COMMITTEE.get),
        # Accounts that follow deployments (issue 14, x14): cp_a is the
        # account of a person deployed at post A (workforce_helpers.seeded).
        ("POST", "/api/v1/deployments/{id}/account"):
            Route(STAFF, lambda t, i=None: f"/api/v1/deployments/{i or wf['deployment'][t]}"
                                           "/account",
                  COMMITTEE.get, 201, body=lambda t, n: {},
                  fresh=lambda t: workforce_helpers.fresh_deployment(m.db, wf, t)),
        ("POST", "/api/v1/sign"):
            Route(SESSION, lambda t: "/api/v1/sign", ok=201, one=True,
                  body=lambda t, n: {"action": "in"},
                  expect=lambda name, t: 201 if name == "cp_a" else 403),
        # A post's page and notes: staff over the post, or cp_a at its own.
        ("GET", "/api/v1/duty-posts/{id}"):
            Route(STAFF, lambda t: f"/api/v1/duty-posts/{wf['post'][t]}", COMMITTEE.get,
                  expect=lambda name, t: m.expect_duty_post(wf, name, t, 200)),
        ("POST", "/api/v1/duty-posts/{id}/notes"):
            Route(STAFF, lambda t: f"/api/v1/duty-posts/{wf['post'][t]}/notes", COMMITTEE.get,
                  201, body=lambda t, n: {"note": "矩阵交班"},
                  expect=lambda name, t: m.expect_duty_post(wf, name, t, 201)),
        ("GET", "/api/v1/teams"):
            Route(STAFF, lambda t: f"/api/v1/teams?unit={COMMITTEE[t]}", COMMITTEE.get),
        ("GET", "/api/v1/staff/counts"):
            Route(STAFF, lambda t: f"/api/v1/staff/counts?unit={COMMITTEE[t]}", COMMITTEE.get),
        ("GET", "/api/v1/staff/hours"):
            Route(STAFF, lambda t: f"/api/v1/staff/hours?unit={COMMITTEE[t]}", COMMITTEE.get),
        ("POST", "/api/v1/teams"):
            Route(STAFF, lambda t: "/api/v1/teams", COMMITTEE.get, 201,
                  body=lambda t, n: {"name": "矩阵队%d" % m.next(), "post": wf["post"][t],
                                     "lead": wf["staff"][0], "members": [wf["staff"][0]]}),
        # Return to work (issue 16): no enterprise is seeded, so one enterprise
        # is absent (404) for every role that sees enterprises at all.
        ("GET", "/api/v1/enterprises"):
            Route(ENTERPRISES | OWN_ENTERPRISE,
                  lambda t: f"/api/v1/enterprises?unit={STREET_OF[t]}", STREET_OF.get,
                  vis=lambda m_, n, t: ACCOUNTS[n][0] in OWN_ENTERPRISE or
                  within(STREET_OF[t], m.scope(n))),
        ("GET", "/api/v1/enterprises/{id}"):
            Route(ENTERPRISES | OWN_ENTERPRISE, lambda t: "/api/v1/enterprises/999999", ok=404,
                  one=True),
        ("POST", "/api/v1/enterprises/{id}/status"):
            Route(ENTERPRISES | OWN_ENTERPRISE,
                  lambda t, f=999999: f"/api/v1/enterprises/{f}/status", one=True,
                  body=lambda t, n: {"status": "applied"}, fresh=m.fresh_enterprise,
                  expect=lambda n, t: 200 if ACCOUNTS[n][0] in OWN_ENTERPRISE else
                  404 if ACCOUNTS[n][0] in ENTERPRISES else 403),
        ("POST", "/api/v1/enterprises/import"):
            Route(APPROVE, lambda t: f"/api/v1/enterprises/import?street={STREET_OF[t]}",
                  STREET_OF.get,
                  body=lambda t, n: "企业名称,统一社会信用代码\r\n矩阵企业%d,%s\r\n" % (
                      m.next(), credit_code(700000 + m.next()))),
        ("GET", "/api/v1/enterprises/{id}/chain"):
            Route(ENTERPRISES | OWN_ENTERPRISE, lambda t: "/api/v1/enterprises/999999/chain",
                  ok=404, one=True),
        ("POST", "/api/v1/enterprises/{id}/suppliers"):
            Route(APPROVE, lambda t, f=999999: f"/api/v1/enterprises/{f}/suppliers", one=True,
                  body=lambda t, n: {"supplier": m.w.get("ent_supplier", 999998)},
                  fresh=m.fresh_chain),
        ("GET", "/api/v1/units/{code}/resumption"):
            Route(ENTERPRISES, lambda t: f"/api/v1/units/{STREET_OF[t]}/resumption",
                  STREET_OF.get),
        # The big screen (issue 13): display tokens by street, district and
        # city; the wall read by a display token or a session.
        ("POST", "/api/v1/displays"):
            Route(DISPLAYS, lambda t: "/api/v1/displays", STREET_OF.get, 201,
                  body=lambda t, n: {"unit": STREET_OF[t], "name": "大屏%d" % m.next()}),
        ("GET", "/api/v1/displays"):
            Route(DISPLAYS, lambda t: f"/api/v1/displays?unit={STREET_OF[t]}", STREET_OF.get),
        ("POST", "/api/v1/displays/{id}/revoke"):
            Route(DISPLAYS, lambda t, i=None: f"/api/v1/displays/{i or w['display'][t]}/revoke",
                  STREET_OF.get, fresh=m.fresh_display),
        ("GET", "/api/v1/wall"): Route(WALL, lambda t: f"/api/v1/wall?unit={UNIT[t]}", UNIT.get),
        # Return to work, the rest (issue 16, X16): problem tickets and an
        # enterprise's history; no enterprise is seeded, so one is absent (404)
        # for every role that may go further than the role check.
        ("POST", "/api/v1/enterprises/{id}/tickets"):
            Route(OWN_ENTERPRISE, lambda t, f=999999: f"/api/v1/enterprises/{f}/tickets",
                  ok=201, one=True, body=lambda t, n: {"kind": "supplies"},
                  fresh=m.fresh_enterprise),
        ("GET", "/api/v1/enterprises/{id}/tickets"):
            Route(ENTERPRISES | OWN_ENTERPRISE, lambda t: "/api/v1/enterprises/999999/tickets",
                  ok=404, one=True),
        ("GET", "/api/v1/enterprises/{id}/history"):
            Route(ENTERPRISES | OWN_ENTERPRISE, lambda t: "/api/v1/enterprises/999999/history",
                  ok=404, one=True),
        ("GET", "/api/v1/tickets"):
            Route(ENTERPRISES | OWN_ENTERPRISE, lambda t: "/api/v1/tickets", one=True),
        ("POST", "/api/v1/tickets/{id}/accept"):
            Route(APPROVE | OWN_ENTERPRISE, lambda t, f=999999: f"/api/v1/tickets/{f}/accept",
                  one=True, body=lambda t, n: {}, fresh=m.fresh_ticket,
                  expect=m.expect_ticket_move),
        ("POST", "/api/v1/tickets/{id}/done"):
            Route(APPROVE | OWN_ENTERPRISE, lambda t, f=999999: f"/api/v1/tickets/{f}/done",
                  one=True, body=lambda t, n: {}, fresh=m.fresh_ticket,
                  expect=m.expect_ticket_move),
        ("POST", "/api/v1/tickets/{id}/cancel"):
            Route(APPROVE | OWN_ENTERPRISE, lambda t, f=999999: f"/api/v1/tickets/{f}/cancel",
                  one=True, body=lambda t, n: {}, fresh=m.fresh_ticket,
                  expect=m.expect_ticket_move),
        ("POST", "/api/v1/enterprise-groups"):
            Route(APPROVE, lambda t, f=None: "/api/v1/enterprise-groups", one=True, ok=201,
                  body=lambda t, n: {"name": "矩阵同步复工组%d" % m.next(),
                                     "members": m.w.get("group_members", [999997, 999998])},
                  fresh=m.fresh_group_members,
                  expect=lambda n, t: 201 if ACCOUNTS[n][0] in APPROVE and within(
                      STREET_OF["A"], m.scope(n)) else 404 if ACCOUNTS[n][0] in APPROVE
                  else 403),
        ("GET", "/api/v1/enterprise-groups/{id}"):
            Route(ENTERPRISES | OWN_ENTERPRISE, lambda t: "/api/v1/enterprise-groups/999999",
                  ok=404, one=True),
        ("POST", "/api/v1/places/{id}/entries"):
            Route(TASKS, lambda t, f=999999: f"/api/v1/places/{f}/entries", one=True, ok=201,
                  body=lambda t, n: {"worker": "W%08d" % m.next(), "temperature": 36.6},
                  fresh=m.fresh_building, expect=m.expect_entry),
        ("GET", "/api/v1/units/{code}/entries"):
            Route(ENTERPRISES, lambda t: f"/api/v1/units/{STREET_OF[t]}/entries",
                  STREET_OF.get),
        ("GET", "/api/v1/units/{code}/resumption/breakdown"):
            Route(ENTERPRISES,
                  lambda t: f"/api/v1/units/{STREET_OF[t]}/resumption/breakdown?by=park",
                  STREET_OF.get),
        ("GET", "/api/v1/units/{code}/tickets/summary"):
            Route(ENTERPRISES, lambda t: f"/api/v1/units/{STREET_OF[t]}/tickets/summary",
                  STREET_OF.get),
        # High-risk origins (issue 13): one table for the city.
        ("GET", "/api/v1/origins"): Route(HANDOVER | ORIGINS, lambda t: "/api/v1/origins", one=True),
        ("POST", "/api/v1/origins"):
            Route(ORIGINS, lambda t: "/api/v1/origins", ok=201, one=True,
                  body=lambda t, n: {"pattern": "矩阵地区%d" % m.next(), "kind": "home",
                                     "days": 14}),
        ("POST", "/api/v1/origins/{id}/delete"):
            Route(ORIGINS, lambda t, i=None: f"/api/v1/origins/{i or 999999}/delete", one=True,
                  fresh=m.fresh_origin),
        # Returning staff of an enterprise and their hand-overs (issue 16, R16).
        ("GET", "/api/v1/enterprises/{id}/returnees"):
            Route(ENTERPRISES | OWN_ENTERPRISE, lambda t: "/api/v1/enterprises/999999/returnees",
                  ok=404, one=True),
        # The web UI.
        ("GET", "/"): Route(PUBLIC, lambda t: "/", one=True),
        ("GET", "/vendor/{file}"): Route(PUBLIC, lambda t: "/vendor/echarts.min.js", one=True),
        ("GET", "/{file}"): Route(PUBLIC, lambda t: "/app.js", one=True),
    }


# ---- bodies as text -----------------------------------------------------------------

def body_text(raw, content_type):
    """Everything a person could read in an answer: the raw bytes as text,
    the JSON with its escapes undone, the XML parts of an .xlsx, the text of
    a PDF (pdftotext)."""
    parts = [raw.decode("utf-8", "replace")]
    if content_type.startswith("application/json"):
        try:
            parts.append(json.dumps(json.loads(raw), ensure_ascii=False))
        except ValueError:
            pass
    if raw[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            parts += [z.read(n).decode("utf-8", "replace") for n in z.namelist()
                      if n.endswith(".xml")]
    if raw[:4] == b"%PDF":
        with tempfile.NamedTemporaryFile(suffix=".pdf", dir=TMP) as f:
            f.write(raw)
            f.flush()
            p = subprocess.run(["pdftotext", "-enc", "UTF-8", f.name, "-"],
                               capture_output=True, timeout=60)
            parts.append(p.stdout.decode("utf-8", "replace"))
    return "\n".join(parts)


def masks(name, doc, phone):
    """The masked forms, from the rules in docs/api.md and src/core/mask.h's
    comments: name first character kept; documents of 15 or more keep 3 and
    4; phones of 11 keep 3 and 4."""
    return [name[0] + "*" * (len(name) - 1), doc[:3] + "*" * (len(doc) - 7) + doc[-4:],
            phone[:3] + "*" * (len(phone) - 7) + phone[-4:]]


# ---- database fingerprint: refused writes write nothing -------------------------------

SKIP_TABLES = {"sessions", "login_failures"}


def fingerprint(db):
    """{table: digest of all its rows} for every table but the sessions'."""
    import hashlib
    out = {}
    if ON_PG:
        tables = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-d", db, "-c",
                                 "SELECT tablename FROM pg_tables WHERE schemaname='public' "
                                 "ORDER BY 1"], capture_output=True, text=True,
                                check=True).stdout.split()
        args = []
        for t in tables:
            if t not in SKIP_TABLES:
                args += ["-c", f"SELECT '@@table {t}'", "-c", f'SELECT * FROM "{t}" ORDER BY 1']
        text = subprocess.run(["psql", "-X", "-q", "-A", "-t", "-d", db, *args],
                              capture_output=True, text=True, check=True).stdout
        for part in text.split("@@table ")[1:]:
            name, _, rows = part.partition("\n")
            # Sorted: on Citus, rows that tie on the first column come from
            # several shards in any order.
            rows = "\n".join(sorted(rows.splitlines()))
            out[name] = hashlib.sha256(rows.encode()).hexdigest()
        return out
    import sqlite3
    c = sqlite3.connect(db)
    try:
        for (t,) in c.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY 1"):
            if t not in SKIP_TABLES:
                rows = c.execute(f'SELECT * FROM "{t}" ORDER BY 1').fetchall()
                out[t] = hashlib.sha256(repr(rows).encode()).hexdigest()
        return out
    finally:
        c.close()


def changed_tables(before, after):
    return sorted(t for t in set(before) | set(after) if before.get(t) != after.get(t))


class RawClient(Client):
    """A Client that keeps the raw bytes and content type of the last answer."""

    text_type = "text/csv"
    timeout = 60

    def request(self, method, path, body=None, headers=None, csrf=True, cookie=True):
        status, hdrs, raw = self.exchange(method, path, body, headers, csrf, cookie)
        self.raw, self.ctype = raw, hdrs.get("content-type", "")
        data = json.loads(raw.decode()) if self.ctype.startswith("application/json") else raw
        return status, hdrs, data


class DisplayClient(RawClient):
    """A big screen: no session, its display token on every request."""

    def __init__(self, port, token):
        super().__init__(port)
        self.bearer = token

    def exchange(self, method, path, body=None, headers=None, csrf=True, cookie=True):
        h = dict(headers or {})
        h.setdefault("Authorization", "Bearer " + self.bearer)
        return super().exchange(method, path, body, h, csrf, cookie)


class AccessMatrixTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.db, cls.w = world.make_matrix_world()
        cls.server = Server(cls.db, *world.SERVER_ARGS, env=world.SERVER_ENV)
        cls.server.__enter__()
        cls.counter = 0
        cls.slots = {}
        cls.clients = {name: cls.login(name) for name in ACCOUNTS if name != "display"}
        cls.keepers = {t: cls.clients[world.KEEPER[t]] for t in PLACES}
        cls.w["display"] = {t: cls.new_display(t)["id"] for t in PLACES}
        cls.clients["display"] = DisplayClient(cls.server.port, cls.new_display("A")["token"])
        cls.persons = cls.seeded_persons()
        tails = {p["身份证号"][-4:]: p["姓名"] for p in cls.w["people"]}
        cls.case_person = {t: tails[world.CASE_RESIDENT[t]] for t in PLACES}
        cls.free_person = {t: tails[world.FREE_RESIDENT[t]] for t in PLACES}
        cls.want = 0
        # The hidden-data checks made, by kind: printed at the end, and
        # compared by tests/run between its SQLite, PostgreSQL and Citus
        # passes (the same matrix must check the same cells on each).
        cls.checks = collections.Counter()

    @classmethod
    def tearDownClass(cls):
        print("\nhidden-data checks: " + ", ".join(f"{k} {v}" for k, v in
                                                   sorted(cls.checks.items())), flush=True)
        for c in cls.clients.values():
            c.close()
        cls.server.__exit__(None, None, None)

    @classmethod
    def login(cls, name):
        c = RawClient(cls.server.port)
        st, h, body = c.login(name)
        assert st == 200, (name, st, body)
        return c

    @classmethod
    def new_display(cls, t):
        """A display token of place t's street, issued by the city."""
        st, h, d = cls.clients["admin"].post("/api/v1/displays", {"unit": STREET_OF[t]})
        assert st == 201, d
        return d

    def fresh_display(self, t):
        return self.new_display(t)["id"]

    def fresh_origin(self, t):
        st, h, r = self.clients["admin"].post("/api/v1/origins", {
            "pattern": "矩阵删除%d" % self.next(), "kind": "central", "days": 7})
        self.assertEqual(st, 201, r)
        return r["id"]

    @classmethod
    def next(cls):
        cls.counter += 1
        return cls.counter

    @classmethod
    def seeded_persons(cls):
        """[(label, name, doc, phone, may_see(account) -> bool)]: whom each
        seeded person may be shown to at all (masked)."""
        w = cls.w
        out = []
        for p in w["people"]:
            # Only the roles that read the register see residents, masked
            # (the viewer, checkpoints, specialists, enterprises and
            # property companies: never, not even in a task).
            def sees(n, p=p):
                return ACCOUNTS[n][0] in READ and within(p["unit"], cls.scope(n))
            out.append((p["姓名"], p["姓名"], p["身份证号"], p["手机号"], sees))
        for t in PLACES:
            tr = w["traveller"][t]

            def sees_traveller(n, t=t):
                role = ACCOUNTS[n][0]
                if role == "checkpoint":
                    return post_visible(cls, n, t)
                return role in HANDOVER and within(w["units"][("handover", t)], cls.scope(n))
            out.append(("traveller " + t, tr["name"], tr["document"], tr["phone"],
                        sees_traveller))
            d = w["declarant"][t]
            out.append(("declarant " + t, d["name"], d["document"], d["phone"],
                        lambda n, t=t: ACCOUNTS[n][0] == "checkpoint" and post_visible(cls, n, t)))
        return out

    # ---- the model ------------------------------------------------------------------

    @classmethod
    def scope(cls, name):
        role, unit, grid = ACCOUNTS[name]
        return grid or unit

    def task_visible(self, _m, name, t):
        """Tasks: a property company sees those of the compounds its
        organisation serves (A's), the others by scope."""
        if ACCOUNTS[name][0] == "property":
            return t == "A"
        unit = self.w["units"][("task", t)]
        return within(unit, self.scope(name))

    def expect_duty_post(self, wf, name, t, ok):
        """Staff roles: the post within the scope, else 404; cp_a (a
        deployed person's account): its own post, else 403; others 403."""
        if name == "cp_a":
            return ok if t == wf["cp_a_post"] else 403
        if ACCOUNTS[name][0] not in STAFF:
            return 403
        return ok if within(COMMITTEE[t], self.scope(name)) else 404

    def expect_task_cancel(self, name, t):
        if ACCOUNTS[name][0] not in TASKS:
            return 403
        if not self.task_visible(self, name, t):
            return 404
        return 403 if ACCOUNTS[name][0] in ("grid_worker", "property") else 200

    def expect_export_unmask(self, name, t):
        """An unmasked export: without register_read 403; a unit outside
        the scope 404 (checked before the unmask permission, unlike
        GET /residents/{id}?unmask=1, which answers 403 first); then 403
        for a role that may not unmask."""
        role = ACCOUNTS[name][0]
        if role not in READ:
            return 403
        if not within(UNIT[t], self.scope(name)):
            return 404
        return 200 if role in UNMASK else 403

    def expected(self, r, name, t):
        if ACCOUNTS[name][0] == "display" and r.roles != PUBLIC and (
                r.roles == SESSION or "display" not in r.roles):
            return 401  # a display token opens its wall only
        if r.expect:
            return r.expect(name, t)
        if r.roles == PUBLIC:
            return r.ok
        if r.roles != SESSION and ACCOUNTS[name][0] not in r.roles:
            return 403
        if r.vis:
            inside = r.vis(self, name, t)
        else:
            inside = r.unit is None or t is None or within(r.unit(t), self.scope(name))
        return r.ok if inside else 404

    # ---- bodies and fresh objects ------------------------------------------------------

    def traveller(self, t):
        n = self.next()
        return {"document": id_number(birth="19850101", seq=n), "name": "旅客%d" % n,
                "phone": "1350000%04d" % n, "origin": "湖北武汉", "travel": "G1",
                "destination": world.DESTINATION[t], "temperature": 36.5,
                "post": self.w["post"][t]}

    def reading(self, t):
        """A temperature for a slot of case t not used yet by a reading
        that is to succeed (readings are for today or yesterday)."""
        slots = (("2020-03-08", "morning"), ("2020-03-08", "evening"), (TODAY, "morning"))
        k = self.slots.get(t, 0)
        if self.want < 400:
            self.slots[t] = k + 1
        day, slot = slots[k]
        return {"temperature": 36.5, "slot": slot, "day": day}

    def fresh_checkin(self, t):
        """A new case of t's free resident; its check-in token."""
        st, h, case = self.keepers[t].post("/api/v1/quarantines",
                                           {"resident": self.w["free_resident"][t],
                                            "kind": "home", "from": TODAY})
        self.assertEqual(st, 201, case)
        self.fresh_case_id = case["id"]
        self.own_person = self.free_person[t]
        return case["checkin"].split("#", 1)[1]

    def cancel_fresh(self, t, name, data):
        st, h, r = self.keepers[t].post(f"/api/v1/quarantines/{self.fresh_case_id}/cancel",
                                        {"reason": "矩阵测试"})
        self.assertEqual(st, 200, r)

    def import_csv(self):
        n = self.next()
        return ("姓名,身份证号,手机号,小区,楼号,室号\n"
                f"导入{n},{id_number(birth='19700101', seq=n)},1360000{n:04d},导入小区,1号,101\n")

    def fresh_handover(self, t):
        st, h, sc = self.clients["checkpoint"].post("/api/v1/screenings", self.traveller(t))
        self.assertEqual(st, 201, sc)
        return sc["handover"]["id"]

    def fresh_case(self, t):
        st, h, case = self.keepers[t].post("/api/v1/quarantines",
                                           {"resident": self.w["free_resident"][t],
                                            "kind": "home", "from": TODAY})
        self.assertEqual(st, 201, case)
        return case["id"]

    pickup_code = {}

    def relink(self, t):
        """A new page link for place t's household (a slip was printed)."""
        st, h, link = self.keepers[t].post(f"/api/v1/households/{self.w['household'][t]}/link")
        self.assertEqual(st, 201, link)
        self.w["hh_token"][t] = link["link"][3:]

    def household_people(self, t):
        """The labels (names) of the members of place t's household."""
        return {p["姓名"] for p in self.w["people"] if p.get("household") == self.w["household"][t]}

    def fresh_campaign(self, t, draw=False):
        st, h, c = self.keepers[t].post("/api/v1/campaigns",
                                        world.campaign_body(COMMITTEE[t], draw))
        self.assertEqual(st, 201, c)
        return c["id"]

    def fresh_pickup(self, t):
        """A booking on a fresh campaign; its code is the next pickup's."""
        cid = self.fresh_campaign(t)
        st, h, b = self.keepers[t].post(f"/api/v1/campaigns/{cid}/bookings",
                                        {"household": self.w["household"][t]})
        self.assertEqual(st, 201, b)
        self.pickup_code[t] = b["code"]
        return cid
    def import_enterprise(self):
        """A new enterprise of A's street (imported by its street): its id."""
        code = credit_code(800000 + self.next())
        st, h, rep = self.clients["jiangsulu"].post(
            f"/api/v1/enterprises/import?street={STREET_OF['A']}",
            "企业名称,统一社会信用代码\r\n矩阵复工企业,%s\r\n" % code)
        self.assertEqual(st, 200, rep)
        st, h, page = self.clients["jiangsulu"].get("/api/v1/enterprises?limit=1000")
        return next(e["id"] for e in page["items"] if e["credit_code"] == code)

    def fresh_chain(self, t):
        """Two new enterprises: the one returned, and its supplier-to-be."""
        self.w["ent_supplier"] = self.import_enterprise()
        return self.import_enterprise()

    def fresh_enterprise(self, t):
        """An enterprise of A's street whose own account is `enterprise`
        and whose specialist is `specialist`."""
        eid = self.import_enterprise()
        for action, account in (("owner", "enterprise"), ("assign", "specialist")):
            rc, out, err = cordon("enterprise", action, str(eid), "--account", account,
                                  "--db", self.db)
            self.assertEqual(rc, 0, err)
        return eid

    def fresh_group_members(self, t):
        """Two new enterprises of A's street for a group's body."""
        self.w["group_members"] = [self.import_enterprise(), self.import_enterprise()]
        return 1

    def fresh_building(self, t):
        """An office building in A's grid (the world's places are markets)."""
        st, h, p = self.keepers["A"].post("/api/v1/places", {
            "kind": "office", "name": "矩阵楼宇%d" % self.next(), "grid": GRID1})
        self.assertEqual(st, 201, p)
        return p["id"]

    def expect_entry(self, name, t):
        """A door's entry: those who work A's grid's tasks record it at a
        building there (a property company only at its own organisation's:
        not this one); the absent place is 404 for every other task role."""
        role = ACCOUNTS[name][0]
        if role not in TASKS:
            return 403
        return 201 if role != "property" and within(GRID1, self.scope(name)) else 404

    def fresh_ticket(self, t):
        """A problem ticket of a fresh enterprise, opened by its specialist."""
        eid = self.fresh_enterprise(t)
        st, h, ticket = self.clients["specialist"].post(f"/api/v1/enterprises/{eid}/tickets",
                                                        {"kind": "logistics"})
        self.assertEqual(st, 201, ticket)
        return ticket["id"]

    def expect_ticket_move(self, name, t):
        """The specialist and the street of A's enterprises move a fresh
        ticket; the enterprise (not its ticket) and the other register roles
        look for the absent one (404), the rest are refused by role."""
        role = ACCOUNTS[name][0]
        if role == "specialist" or (role in APPROVE and within(STREET_OF["A"], self.scope(name))):
            return 200
        return 404 if role in APPROVE | OWN_ENTERPRISE else 403

    def fresh_task(self, t):
        st, h, task = self.keepers[t].post("/api/v1/tasks", {"kind": "repair",
                                                             "household": self.w["household"][t]})
        self.assertEqual(st, 201, task)
        return task["id"]

    def cancel_cases(self, t, name, data):
        cases = data["cases"] if "cases" in data else [data]
        for case in cases:
            st, h, r = self.clients[name].post(f"/api/v1/quarantines/{case['id']}/cancel",
                                               {"reason": "矩阵测试"})
            self.assertEqual(st, 200, r)

    def new_token(self, t, name, data):
        if isinstance(data, dict) and data.get("checkin"):
            self.w["token"][t] = data["checkin"].split("#", 1)[1]

    def check_declarations(self, name, t, data):
        """The officer finds a declaration only at a post it sees."""
        self.assertEqual(len(data["items"]), 1 if post_visible(self, name, t) else 0,
                         (name, t, data))

    # ---- one cell ----------------------------------------------------------------------

    def call(self, name, method, path, body=None, unmask=False, own=None):
        c = self.clients[name]
        st, h, data = c.request(method, path, body)
        self.assert_no_leak(name, method, path, st, body_text(c.raw, c.ctype), unmask, own)
        return st, data

    def assert_no_leak(self, name, method, path, status, text, unmask=False, own=None):
        """`unmask`: True when the answer may show everyone the caller
        sees in full (an unmasked export), or the label of the one person it
        may show in full. `own`: the person whose own page this is (a
        check-in link), shown masked to whoever holds it."""
        for label, pname, doc, phone, sees in self.persons:
            visible = sees(name) or label == own or (isinstance(own, set) and label in own)
            in_full = unmask is True or (unmask and unmask == label)
            if not (in_full and status == 200 and visible):
                for s in (pname, doc, phone):
                    if s in text:
                        self.fail(f"{name} {method} {path} -> {status} shows {label}'s "
                                  f"{s!r} in full: {text[:300]}")
            if not visible:
                for s in masks(pname, doc, phone):
                    if s in text:
                        self.fail(f"{name} {method} {path} -> {status} shows {label}'s "
                                  f"{s!r} (not theirs to see): {text[:300]}")

    def cells(self, method, pattern):
        rows = self.routes[(method, pattern)]
        for r in rows if isinstance(rows, list) else [rows]:
            for name in ACCOUNTS:
                for t in ((None,) if r.path is None or r.one else PLACES):
                    yield r, name, t

    def run_cell(self, method, pattern, r, name, t, fresh_id=None):
        want = self.want = self.expected(r, name, t)
        path = r.path(t, fresh_id) if fresh_id else (r.path(t) if r.path else pattern)
        body = r.body(t, name) if r.body else None
        own = None
        if callable(r.own):
            own = r.own(t)
        elif r.own:
            own = self.own_person if fresh_id else self.case_person[t]
        unmask = r.unmask(t) if callable(r.unmask) else r.unmask
        st, data = self.call(name, method, path, body, unmask, own)
        self.assertEqual(st, want, f"{name} ({ACCOUNTS[name][0]}) {method} {path} [{t}]: "
                         f"{data if not isinstance(data, bytes) else data[:200]}")
        if method == "GET" or want < 400:  # refused writes: counted by test_2_writes
            self.checks[("read" if method == "GET" else "write") + "-" +
                        ("outside" if want == 404 else "refused" if want >= 400 else "allowed")] += 1
        if st < 300 and r.check:
            r.check(name, t, data)
        if st < 300 and r.after:
            r.after(t, name, data)
        return st

    def refused_cells(self, method, pattern, refused, allowed):
        """The refused cells of a write route; then one allowed cell without
        the CSRF header and with another session's token: refused before
        anything is read or written."""
        for r, name, t in refused:
            with self.subTest(route=f"{method} {pattern}", account=name, target=t):
                self.run_cell(method, pattern, r, name, t)
        r, name, t = allowed[0] if allowed else (None, None, None)
        if r is None or r.roles == PUBLIC:
            return
        other = self.clients["viewer" if name != "viewer" else "admin"].csrf
        for token, code in ((None, "no_csrf"), (other, "bad_csrf")):
            with self.subTest(route=f"{method} {pattern}", account=name, csrf=code):
                path = r.path(t) if r.path else pattern
                body = r.body(t, name) if r.body else None
                st, h, data = self.clients[name].request(
                    method, path, body, csrf=False,
                    headers={"X-CSRF-Token": token} if token else {})
                self.assertEqual((st, data["error"]["code"]), (403, code), path)

    # ---- the tests ---------------------------------------------------------------------

    @classmethod
    def routes_doc(cls):
        st, h, doc = cls.clients["viewer"].get("/api/v1/openapi.json")
        assert st == 200
        return {(m.upper(), p) for p, ops in doc["paths"].items() for m in ops}

    def setUp(self):
        self.routes = ROUTES(self)

    def test_every_route_has_a_row(self):
        self.assertEqual(self.routes_doc() - set(self.routes), set(),
                         "routes of the server without a row in the access matrix")
        self.assertEqual(set(self.routes) - self.routes_doc(), set(),
                         "rows of the access matrix for routes the server does not have")

    # ---- what lists hold (before the writes add to the world) ------------------------

    def list_ids(self, name, path):
        st, data = self.call(name, "GET", path)
        self.assertEqual(st, 200, (name, path, data))
        self.checks["list"] += 1
        return {i["id"] for i in data["items"]}

    def test_0_lists_hold_exactly_the_scope(self):
        """Lists have no 404 to show the scope: what they hold is the test.
        Residents and compounds: exactly those within the scope; the seeded
        cases, hand-overs, tasks, places, organisations, posts and
        screenings: each listed exactly when the caller may see it."""
        w, u = self.w, self.w["units"]
        for name, (role, unit, grid) in ACCOUNTS.items():
            sc = self.scope(name)
            with self.subTest(account=name):
                if role in READ:
                    got = self.list_ids(name, "/api/v1/residents?limit=100")
                    self.assertEqual(got, {p["id"] for p in w["people"]
                                           if within(p["unit"], sc)})
                    # Filters never widen the list.
                    for f in ("q=1", "colour=red", "q=" + q("张"), "q=" + q("周杰")):
                        if role not in UNMASK and f in ("q=1", "q=" + q("周杰")):
                            # No partial search without unmask (issue 17).
                            st, data = self.call(name, "GET", "/api/v1/residents?" + f)
                            self.assertEqual((st, data["error"]["code"]),
                                             (400, "search_restricted"))
                            continue
                        self.assertLessEqual(self.list_ids(name, "/api/v1/residents?" + f), got)
                    got = self.list_ids(name, "/api/v1/compounds?limit=100")
                    self.assertEqual({t for t in PLACES if w["compound"][t] in got},
                                     {t for t in PLACES if within(u[("compound", t)], sc)})
                if role in READ | QUARANTINE:
                    got = self.list_ids(name, "/api/v1/quarantines?state=all&limit=100")
                    self.assertEqual({t for t in PLACES if w["case"][t] in got},
                                     {t for t in PLACES if within(u[("case", t)], sc)})
                if role in HANDOVER:
                    got = self.list_ids(name, "/api/v1/handovers?state=all&limit=100")
                    self.assertEqual({t for t in PLACES if w["handover"][t] in got},
                                     {t for t in PLACES if within(u[("handover", t)], sc)})
                if role in TASKS:
                    got = self.list_ids(name, "/api/v1/tasks?limit=100")
                    self.assertEqual({t for t in PLACES if w["task"][t] in got},
                                     {t for t in PLACES if self.task_visible(self, name, t)})
                    got = self.list_ids(name, "/api/v1/places?limit=100")
                    want = set() if role == "property" else \
                        {t for t in PLACES if within(GRID[t], sc)}
                    self.assertEqual({t for t in PLACES if w["place"][t] in got}, want)
                if role in TASKS | ORGS | GRIDS:
                    got = self.list_ids(name, "/api/v1/orgs?limit=100")
                    self.assertEqual({t for t in PLACES if w["org"][t] in got},
                                     {t for t in PLACES if within(STREET_OF[t], sc) or
                                      within(sc, STREET_OF[t])})
                if role == "display":
                    continue  # its wall only (test_1_reads)
                got = self.list_ids(name, "/api/v1/posts")
                self.assertEqual({t for t in PLACES if w["post"][t] in got},
                                 {t for t in PLACES if post_visible(self, name, t)})
                if role in SCREEN:
                    got = self.list_ids(name, f"/api/v1/screenings?date={TODAY}")
                    self.assertEqual({t for t in PLACES if w["screening"][t] in got},
                                     {t for t in PLACES if post_visible(self, name, t)})

    def test_0_one_resident_masked_and_unmasked(self):
        """What a reader sees of one resident: masked (first character,
        3+4 of the document and phone, no birth date); in full with
        ?unmask=1 for the roles that may unmask."""
        for name, (role, unit, grid) in ACCOUNTS.items():
            if role not in READ:
                continue
            for p in self.w["people"]:
                if not within(p["unit"], self.scope(name)):
                    continue
                with self.subTest(account=name, resident=p["姓名"]):
                    st, data = self.call(name, "GET", f"/api/v1/residents/{p['id']}")
                    self.assertEqual(st, 200, data)
                    self.assertTrue(data["masked"])
                    self.assertEqual([data["name"], data["doc_no"], data["phone"]],
                                     masks(p["姓名"], p["身份证号"], p["手机号"]))
                    self.assertIsNone(data["birth"])
                    self.checks["masked"] += 1
                    if role in UNMASK:
                        st, data = self.call(name, "GET", f"/api/v1/residents/{p['id']}?unmask=1&reason=test",
                                             unmask=p["姓名"])
                        self.assertEqual(st, 200, data)
                        self.assertFalse(data["masked"])
                        self.assertEqual((data["name"], data["doc_no"], data["phone"]),
                                         (p["姓名"], p["身份证号"], p["手机号"]))

    def test_0_above_the_scope_is_outside(self):
        """The unit above an account's own is outside its scope too."""
        for name, (role, unit, grid) in ACCOUNTS.items():
            sc = self.scope(name)
            if role not in COUNTS or len(sc) == 4:
                continue
            parent = CITY if len(sc) == 6 else sc[:-3]
            for suffix in ("/counts", "/dashboard", "/counts/history?days=7", "/counts.xlsx"):
                with self.subTest(account=name, suffix=suffix):
                    st, data = self.call(name, "GET", f"/api/v1/units/{parent}{suffix}")
                    self.assertEqual(st, 404, data)
                    self.checks["above"] += 1

    def test_0_unknown_looks_like_outside(self):
        """A record that does not exist answers exactly as one outside the
        scope: for every read route with an id or code, the caller's answer
        for C's record (another district) and for a made-up one."""
        import re
        n = 0
        for (method, pattern), rows in sorted(self.routes.items()):
            if method != "GET" or rows == "session" or "{" not in pattern:
                continue
            for r in rows if isinstance(rows, list) else [rows]:
                if r.roles == PUBLIC:
                    continue
                rx = "^" + re.sub(r"\\{\w+\\}", "([^/?]+)", re.escape(pattern)) + "([?].*)?$"
                for name in ("qishan", "changning", "grid1", "cp_a", "property"):
                    if self.expected(r, name, "C") != 404:
                        continue
                    path = r.path("C")
                    m = re.match(rx, path)
                    self.assertIsNotNone(m, (rx, path))
                    made_up = path[:m.start(1)] + ("310104003099" if "{code}" in pattern
                                                   else "999999") + path[m.end(1):]
                    with self.subTest(account=name, path=path):
                        st, a = self.call(name, "GET", path)
                        st2, b = self.call(name, "GET", made_up)
                        self.assertEqual((st, a["error"]["code"]), (404, "not_found"))
                        self.assertEqual((st2, b["error"]["code"]), (404, "not_found"), made_up)
                        n += 1
        self.checks["unknown"] += n
        self.assertGreater(n, 40)

    def test_1_reads(self):
        """Every read route x role x target: status, and nothing leaks."""
        n = 0
        for method, pattern in sorted(self.routes_doc()):
            if method != "GET" or self.routes.get((method, pattern)) in (None, "session"):
                continue
            for r, name, t in self.cells(method, pattern):
                with self.subTest(route=f"{method} {pattern}", account=name, target=t):
                    self.run_cell(method, pattern, r, name, t)
                    n += 1
        self.assertGreater(n, 1000)

    def test_2_writes(self):
        """Every write route x role x target: status; the refused cells of
        a route together change no row of the database; the allowed ones run
        on fresh objects where they would change the standing one."""
        # Check-in readings before a new link invalidates the tokens.
        order = sorted((k for k in self.routes_doc() if k[0] != "GET" and
                        self.routes.get(k) != "session"),
                       key=lambda k: (k[1].endswith("/link"), k))
        for method, pattern in order:
            cells = list(self.cells(method, pattern))
            refused = [c for c in cells if self.expected(*c) >= 400]
            allowed = [c for c in cells if self.expected(*c) < 400]
            # The server's tick (every 30 s: task sweep, hand-over
            # escalation) may write on its own; the clock is frozen, so it
            # seldom has anything to do, but when it logs that it did within
            # the window, the window is run again.
            for attempt in (1, 2):
                before, mark = fingerprint(self.db), len(self.server.log)
                self.refused_cells(method, pattern, refused, allowed)
                changed = changed_tables(before, fingerprint(self.db))
                ticked = [line for line in self.server.log[mark:]
                          if line.startswith("cordon: ") and not line.startswith("cordon: {")]
                if not (changed and ticked and attempt == 1):
                    break
            self.assertEqual(changed, [], f"{method} {pattern}: a refused write changed these "
                             f"tables (server said: {ticked})")
            # Counted once whatever the retry: refused, and nothing written.
            for c in refused:
                self.checks["write-outside" if self.expected(*c) == 404 else "write-refused"] += 1
            for r, name, t in allowed:
                with self.subTest(route=f"{method} {pattern}", account=name, target=t):
                    fresh = r.fresh(t) if r.fresh else None
                    self.run_cell(method, pattern, r, name, t, fresh)
            self.assertTrue(allowed, (method, pattern))

    def test_3_sessions(self):
        """Logging in, out and changing one's password: every role, each
        on a session of its own (a password change ends the others, so the
        matrix's own session is opened again)."""
        for name in ACCOUNTS:
            if name == "display":
                continue  # no password, no session
            with self.subTest(account=name):
                c = RawClient(self.server.port)
                st, h, body = c.login(name)
                self.assertEqual(st, 200, body)
                self.assert_no_leak(name, "POST", "/api/v1/session", st,
                                    body_text(c.raw, c.ctype))
                new = password_of(name) + "-new"
                for old, pw in ((password_of(name), new), (new, password_of(name))):
                    st, h, r = c.post("/api/v1/session/password",
                                      {"password": old, "new_password": pw})
                    self.assertEqual(st, 200, r)
                st, h, r = c.request("DELETE", "/api/v1/session")
                self.assertEqual(st, 200, r)
                st, h, r = c.get("/api/v1/session")
                self.assertEqual(st, 401, r)
                c.close()
                # The matrix's session of this account ended with the change.
                st, h, r = self.clients[name].get("/api/v1/session")
                self.assertEqual(st, 401, r)
                self.clients[name].close()
                self.clients[name] = self.login(name)
                if name in world.KEEPER.values():
                    for t in PLACES:
                        if world.KEEPER[t] == name:
                            self.keepers[t] = self.clients[name]

    def test_no_session_no_access(self):
        anon = RawClient(self.server.port)
        for method, pattern in sorted(self.routes_doc()):
            r = self.routes[(method, pattern)]
            r = r[0] if isinstance(r, list) else r
            if r == "session":
                continue
            path = r.path("A") if r.path else pattern
            st, h, body = anon.request(method, path, {} if method != "GET" else None)
            if r.roles == PUBLIC:
                self.assertNotIn(st, (401, 403), f"{method} {path}")
            else:
                self.assertEqual(st, 401, f"{method} {path}")
                self.assertEqual(body["error"]["code"], "no_session")
            self.assert_no_leak("viewer", method, path, st, body_text(anon.raw, anon.ctype),
                                own=(r.own("A") if callable(r.own) else self.case_person["A"])
                                if r.own else None)
        anon.close()


if __name__ == "__main__":
    unittest.main()
