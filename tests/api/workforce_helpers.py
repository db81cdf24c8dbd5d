"""Staff sent down (issue 14), shared by tests/api/test_workforce.py and the
access matrix: a home unit of the city and one of 长宁区, a post that
receives staff in each committee given, and staff imported from a CSV, all
through the command line (`cordon staff ...`)."""
import os

from harness import cordon, sql, tmp_path

CITY_OFFICE = "市卫健委"
DISTRICT_OFFICE = "长宁区政府办"


def staff_csv(rows, header="姓名,手机号,派出单位,批次,技能"):
    return header + "\n" + "".join(",".join(r) + "\n" for r in rows)


def cli(db, *args):
    rc, out, err = cordon("staff", *args, "--db", db)
    assert rc == 0, (args, err)
    return out


def seed(db, committees, nstaff=3):
    """Home units, a committee post (minimum 2 day, 1 night) in each of
    `committees` ({key: code}), and nstaff staff of the city office.
    Returns {"post": {key: id}, "staff": [ids]}."""
    cli(db, "home-unit", "--name", CITY_OFFICE, "--level", "city", "--unit", "3101")
    cli(db, "home-unit", "--name", DISTRICT_OFFICE, "--level", "district", "--unit", "310105")
    posts = {}
    for k, code in committees.items():
        out = cli(db, "post", "--name", f"{k}岗", "--kind", "committee", "--unit", code,
                  "--min-day", "2", "--min-night", "1")
        posts[k] = int(out.split()[1])
    path = tmp_path("staff.csv")
    with open(path, "w", encoding="utf-8") as f:
        f.write(staff_csv([(f"干部{i}", f"1370000{i:04d}", CITY_OFFICE, "第一批", "驾驶")
                           for i in range(nstaff)]))
    cli(db, "import", path)
    os.unlink(path)
    ids = [r[0] for r in sql(db, "SELECT id FROM staff ORDER BY id")]
    return {"post": posts, "staff": ids}


_seeded = {}


def seeded(db, committees):
    """seed() once per database (the access matrix asks for it per row),
    with a deployment at each post ("deployment": {key: id}) in 2022."""
    if db not in _seeded:
        w = seed(db, committees, nstaff=2 + len(committees))
        w["deployment"] = {}
        for i, k in enumerate(committees):
            out = cli(db, "deploy", "--staff", str(w["staff"][1 + i]), "--post",
                      str(w["post"][k]), "--from", "2022-01-01", "--until", "2022-01-31",
                      "--duty", "gate")
            w["deployment"][k] = int(out.split()[1])
        # A person at post A all of 2020 with a sign-in link, for the
        # public sign route (in and out in turn).
        out = cli(db, "deploy", "--staff", str(w["staff"][0]), "--post", str(w["post"][k]),
                  "--from", "2020-01-01", "--until", "2020-12-31", "--duty", "gate")
        dep = int(out.split()[1])
        w["sign_token"] = cli(db, "link", "--deployment", str(dep)).strip().split("#")[1]
        w["sign_post"] = w["post"][k]
        w["signs"] = 0
        # The checkpoint account of post A as a deployed person's own (all
        # of 2020 at post A), for signing in with an account.
        out = cli(db, "deploy", "--staff", str(w["staff"][-1]), "--post", str(w["post"][k]),
                  "--from", "2020-01-01", "--until", "2020-12-31", "--duty", "gate")
        sql(db, "INSERT INTO deployment_accounts (deployment, account) SELECT %d, id FROM "
                "accounts WHERE name = 'cp_a'" % int(out.split()[1]))
        w["cp_a_post"] = k  # the target whose post cp_a is deployed at
        w["days"] = 0
        _seeded[db] = w
    return _seeded[db]


def deploy_body(wf, t, n):
    """A one-day deployment of the first staff member to post t on a day of
    its own (day n after 2021-01-01), so that no two overlap."""
    import datetime
    day = (datetime.date(2021, 1, 1) + datetime.timedelta(days=n)).isoformat()
    return {"staff": wf["staff"][0], "post": wf["post"][t], "duty": "rubbish", "from": day,
            "until": day}


def fresh_deployment(db, wf, t):
    """A new one-day deployment at post t (a day of its own in 2023) with
    no account yet: its id."""
    import datetime
    wf["days"] += 1
    day = (datetime.date(2023, 1, 1) + datetime.timedelta(days=wf["days"])).isoformat()
    out = cli(db, "deploy", "--staff", str(wf["staff"][0]), "--post", str(wf["post"][t]),
              "--from", day, "--until", day, "--duty", "community")
    return int(out.split()[1])


def sign_body(wf):
    """In, out, in, ... at the seeded sign-in post."""
    wf["signs"] += 1
    return {"post": wf["sign_post"], "action": "in" if wf["signs"] % 2 else "out"}
