/*
 * Tests of app/accounts/roles.c, app/app.c, app/accounts/accounts.c and app/accounts/session.c
 * against a real database: the permission table's promises (the viewer and
 * the roles of later features never touch the register), scope arithmetic,
 * account creation with every kind of bad input, passwords, the demo
 * accounts, and sessions: login, CSRF, logout, idle expiry, disabled
 * accounts, and the throttle of failed logins per account and per address.
 */
#include "app/accounts/accounts.h"
#include "app/units/hierarchy.h"
#include "app/accounts/roles.h"
#include "app/app.h"
#include "app/accounts/session.h"
#include "store/accounts.h"

#include "testutil.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

/* The error of the use cases that report one (app/app.h). */
static struct app_error ae;

static char path[512];
static struct db *db;

static int group_setup(void **state)
{
    char err[DB_ERR_LEN];
    struct hierarchy_report rep;
    int64_t grid;

    (void)state;
    testutil_db_path(path, sizeof path, "accounts");
    if (db_open(path, DB_OPEN_CREATE, &db, err) < 0)
        return -1;
    if (hierarchy_init_city(db, 3101, &rep, &ae) < 0)
        return -1;
    /* Qishan's four grids, as in the demo (its accounts need them). */
    static const char *const grids[] = {"岐山第一网格", "岐山第二网格", "岐山第三网格",
                                        "岐山第四网格"};
    for (int i = 0; i < 4; i++)
        if (hierarchy_grid_add(db, 310105002002LL, grids[i], &grid, &ae) < 0)
            return -1;
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    db_close(db);
    testutil_db_remove(path);
    unsetenv("CORDON_NOW");
    return 0;
}

static void roles_table_keeps_its_promises(void **state)
{
    enum role r;

    (void)state;
    for (int i = 0; i < ROLE_COUNT; i++) {
        assert_int_equal(role_parse(role_table[i].code, &r), 0);
        assert_int_equal(r, i);
        /* Unmasking or writing always comes with reading, within a scope. */
        if (role_can((enum role)i, PERM_UNMASK) || role_can((enum role)i, PERM_REGISTER_WRITE))
            assert_true(role_can((enum role)i, PERM_REGISTER_READ));
        assert_true(role_table[i].min_level <= role_table[i].max_level);
    }
    assert_int_equal(role_parse("root", &r), -1);
    /* The viewer sees aggregates only, never personal data. */
    assert_true(role_can(ROLE_VIEWER, PERM_COUNTS));
    assert_false(role_can(ROLE_VIEWER, PERM_REGISTER_READ));
    /* Roles of later features have no access to the register. */
    for (enum role x = ROLE_CHECKPOINT; x <= ROLE_PROPERTY; x++)
        assert_int_equal(role_table[x].perms &
                             (PERM_REGISTER_READ | PERM_REGISTER_WRITE | PERM_UNMASK | PERM_COUNTS),
                         0);
    /* Only those who keep the register change it. */
    assert_true(role_can(ROLE_COMMITTEE, PERM_REGISTER_WRITE));
    assert_true(role_can(ROLE_GRID_WORKER, PERM_REGISTER_WRITE));
    assert_false(role_can(ROLE_STREET, PERM_REGISTER_WRITE));
    assert_false(role_can(ROLE_DISTRICT, PERM_UNMASK));
    assert_true(role_can(ROLE_CITY_ADMIN, PERM_AUDIT));
    assert_false(role_can(ROLE_COMMITTEE, PERM_AUDIT));
    assert_string_equal(perm_code(PERM_UNMASK), "unmask");
    assert_null(perm_code(3));
}

static void scope_is_arithmetic_on_codes(void **state)
{
    struct caller c = {0};
    struct app_error e;

    (void)state;
    c.role = ROLE_COMMITTEE;
    c.unit = 310105002002LL;
    assert_true(scope_contains(&c, 310105002002LL));
    assert_true(scope_contains(&c, 310105002002001LL));
    assert_false(scope_contains(&c, 310105002003LL));
    assert_false(scope_contains(&c, 310105002LL)); /* the street above is outside */
    assert_false(scope_contains(&c, 0));
    c.role = ROLE_GRID_WORKER;
    c.grid = 310105002002001LL;
    assert_int_equal(scope_of(&c), 310105002002001LL);
    assert_false(scope_contains(&c, 310105002002LL));
    assert_false(scope_contains(&c, 310105002002002LL));
    assert_int_equal(scope_check_unit(&c, 310105002002002LL, PERM_COUNTS, &e), APP_E_NOTFOUND);
    assert_string_equal(e.field, "code");
    c.role = ROLE_CHECKPOINT;
    assert_int_equal(scope_check_unit(&c, 310105002002001LL, PERM_COUNTS, &e), APP_E_FORBIDDEN);
}

static void account_names_are_checked(void **state)
{
    (void)state;
    assert_true(accounts_name_valid("qishan"));
    assert_true(accounts_name_valid("qishan-grid1"));
    assert_true(accounts_name_valid("a.b_c"));
    assert_false(accounts_name_valid("v"));
    assert_false(accounts_name_valid("-x"));
    assert_false(accounts_name_valid("Qishan"));
    assert_false(accounts_name_valid("张三"));
    assert_false(accounts_name_valid("a b"));
    assert_false(accounts_name_valid("abcdefghijklmnopqrstuvwxyz0123456"));
}

static void creating_accounts_checks_role_scope_and_password(void **state)
{
    static const struct {
        const char *name, *role;
        int64_t unit, grid;
        const char *password;
        const char *err;
    } bad[] = {
        {"x1", "root", 3101, 0, "password1", "unknown role"},
        {"x2", "committee", 310105002, 0, "password1", "scoped to a committee"},
        {"x3", "district", 310105002002LL, 0, "password1", "scoped to a district"},
        {"x4", "grid_worker", 310105002002LL, 0, "password1", "needs --grid"},
        {"x5", "grid_worker", 310105002002LL, 310105002003001LL, "password1", "not a grid of"},
        {"x6", "committee", 310105002999LL, 0, "password1", "no unit"},
        {"x7", "committee", 310105002002LL, 0, "short", "8 to 128"},
        {"x8", "street", 310105002, 310105002002001LL, "password1", "only grid workers"},
        {"x9", "grid_worker", 310105002002999LL, 0, "password1", "no unit"},
    };
    struct account_new n = {"qishan", "committee", 310105002002LL, 0, "password1", 0, 0};
    char gen[ACCOUNTS_GENERATED_LEN];
    struct app_error err;
    struct account a;
    int64_t id;

    (void)state;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct account_new b = {
            bad[i].name, bad[i].role, bad[i].unit, bad[i].grid, bad[i].password, 0, 0};
        memset(&err, 0, sizeof err);
        assert_int_equal(accounts_create(db, &b, gen, &id, &err), -1);
        if (!strstr(err.message, bad[i].err))
            fail_msg("%s: expected \"%s\" in \"%s\"", bad[i].name, bad[i].err, err.message);
    }
    assert_int_equal(accounts_create(db, &n, gen, &id, &err), 0);
    assert_string_equal(gen, "");
    assert_int_equal(accounts_create(db, &n, gen, &id, &err), -1);
    assert_non_null(strstr(err.message, "already exists"));
    assert_string_equal(err.code, "exists");
    assert_int_equal(store_account_by_name(db, "qishan", &a), 0);
    assert_int_equal(a.unit, 310105002002LL);
    assert_int_equal(accounts_verify_password(a.password_hash, "password1"), 0);
    assert_int_equal(accounts_verify_password(a.password_hash, "password2"), -1);
    assert_null(strstr(a.password_hash, "password1"));
    /* A grid given as the unit is normalised to unit + grid; no password:
     * a one-time one. */
    struct account_new g = {"grid1", "grid_worker", 310105002002001LL, 0, NULL, 0, 0};
    assert_int_equal(accounts_create(db, &g, gen, &id, &err), 0);
    assert_int_equal(strlen(gen), ACCOUNTS_GENERATED_LEN - 1);
    assert_int_equal(store_account_by_name(db, "grid1", &a), 0);
    assert_int_equal(a.unit, 310105002002LL);
    assert_int_equal(a.grid, 310105002002001LL);
    assert_int_equal(a.must_change, 1);
    assert_int_equal(accounts_verify_password(a.password_hash, gen), 0);
}

/* An account made from a hash computed before the writer's job keeps that
 * very hash (the job does not hash again) and is to be changed at first
 * login; the checks of accounts_create still apply. */
static void accounts_created_from_a_hash_keep_it(void **state)
{
    struct account_new n = {"hashed1", "committee", 310105002002LL, 0, NULL, 0, 0};
    struct account_new bad = {"hashed2", "district", 310105002002LL, 0, NULL, 0, 0};
    char pw[ACCOUNTS_GENERATED_LEN], hash[ACCOUNT_HASH_MAX];
    struct app_error err;
    struct account a;
    int64_t id = 0;

    (void)state;
    accounts_generate_password(pw);
    assert_int_equal(accounts_hash_password(pw, hash), 0);
    memset(&err, 0, sizeof err);
    assert_int_equal(accounts_create_hashed(db, &bad, hash, &id, &err), -1);
    assert_non_null(strstr(err.message, "scoped to a district"));
    assert_int_equal(accounts_create_hashed(db, &n, hash, &id, &err), 0);
    assert_int_equal(store_account_by_name(db, "hashed1", &a), 0);
    assert_int_equal(a.id, id);
    assert_string_equal(a.password_hash, hash);
    assert_int_equal(a.must_change, 1);
    assert_int_equal(accounts_verify_password(a.password_hash, pw), 0);
}

/* A post belongs to checkpoint accounts and an organisation to property
 * accounts only, and each must exist; the session's caller carries them. */
static void posts_and_orgs_belong_to_their_roles(void **state)
{
    struct account_new cp = {"gate1", "checkpoint", 310106LL, 0, "password1", 0, 0};
    char gen[ACCOUNTS_GENERATED_LEN];
    struct app_error err;
    int64_t id, post = 0, org = 0, cpid = 0;
    struct account a;

    (void)state;
    assert_int_equal(db_exec(db, "INSERT INTO checkpoints (name, kind, district) "
                                 "VALUES ('station', 'railway', 310106)"),
                     0);
    assert_int_equal(db_query_int64(db, "SELECT max(id) FROM checkpoints", 0, NULL, &cpid), DB_ROW);
    assert_int_equal(db_query_int64(db,
                                    "INSERT INTO posts (checkpoint, name) VALUES ($1, 'SW exit') "
                                    "RETURNING id",
                                    1, &cpid, &post),
                     DB_ROW);
    assert_int_equal(db_query_int64(db,
                                    "INSERT INTO orgs (name, kind, street) VALUES "
                                    "('property co', 'property', 310105002) RETURNING id",
                                    0, NULL, &org),
                     DB_ROW);
    cp.post = post + 1000;
    assert_int_equal(accounts_create(db, &cp, gen, &id, &err), -1);
    assert_non_null(strstr(err.message, "no post"));
    cp.post = post;
    cp.role = "street";
    cp.unit = 310105002;
    assert_int_equal(accounts_create(db, &cp, gen, &id, &err), -1);
    assert_non_null(strstr(err.message, "only checkpoint accounts"));
    cp.role = "checkpoint";
    cp.unit = 310106;
    assert_int_equal(accounts_create(db, &cp, gen, &id, &err), 0);
    assert_int_equal(store_account_by_name(db, "gate1", &a), 0);
    assert_int_equal(a.post, post);
    assert_int_equal(a.org, 0);

    struct account_new pr = {"prop1", "property", 310105002LL, 0, "password1", 0, org + 1000};
    assert_int_equal(accounts_create(db, &pr, gen, &id, &err), -1);
    assert_non_null(strstr(err.message, "no organisation"));
    pr.org = org;
    pr.role = "committee";
    pr.unit = 310105002002LL;
    assert_int_equal(accounts_create(db, &pr, gen, &id, &err), -1);
    assert_non_null(strstr(err.message, "only property accounts"));
    pr.role = "property";
    pr.unit = 310105002;
    assert_int_equal(accounts_create(db, &pr, gen, &id, &err), 0);
    assert_int_equal(store_account_by_name(db, "prop1", &a), 0);
    assert_int_equal(a.org, org);
    assert_int_equal(a.post, 0);
}

static void demo_accounts_cover_every_role(void **state)
{
    struct app_error err;
    int seen[ROLE_COUNT] = {0}, created = -1, listed = 0, existed = 0;
    struct account a;
    enum role r;

    (void)state;
    /* docs/demo.md lists 16 demo accounts; those an earlier case made
     * already are left alone, the others created. */
    for (const struct demo_account *d = accounts_demo; d->name; d++) {
        listed++;
        existed += store_account_by_name(db, d->name, &a) == 0;
    }
    assert_int_equal(listed, 16);
    if (accounts_create_demo(db, &created, &err) != 0)
        fail_msg("%s", err.message);
    assert_int_equal(created, 16 - existed);
    assert_int_equal(accounts_create_demo(db, &created, &err), 0);
    assert_int_equal(created, 0);
    for (const struct demo_account *d = accounts_demo; d->name; d++) {
        assert_int_equal(store_account_by_name(db, d->name, &a), 0);
        /* "qishan" existed before (an earlier case): left alone. */
        assert_int_equal(accounts_verify_password(a.password_hash, d->password),
                         strcmp(d->name, "qishan") == 0 ? -1 : 0);
        assert_int_equal(role_parse(d->role, &r), 0);
        seen[r]++;
    }
    for (int i = 0; i < ROLE_COUNT; i++)
        assert_true(seen[i] >= 1);
}

static void login(const char *name, const char *password, const char *addr, int want,
                  struct login_result *out)
{
    struct app_error e;
    int rc = session_login(db, NULL, name, password, addr, out, &e);

    if (rc != want)
        fail_msg("login %s: %d (%s), wanted %d", name, rc, e.message, want);
}

static void sessions_login_check_csrf_logout(void **state)
{
    struct login_result lr;
    struct caller c;
    struct app_error e;

    (void)state;
    login("qishan", "password1", "10.0.0.1", 0, &lr);
    assert_int_equal(strlen(lr.token), 64);
    assert_int_equal(lr.caller.role, ROLE_COMMITTEE);
    assert_int_equal(session_check(db, NULL, lr.token, "10.0.0.9", &c, &e), 0);
    assert_string_equal(c.name, "qishan");
    assert_string_equal(c.address, "10.0.0.9");
    assert_true(session_csrf_ok(lr.token, lr.csrf));
    assert_false(session_csrf_ok(lr.token, NULL));
    assert_false(session_csrf_ok(lr.token, lr.token));
    /* Only the hash of the token is stored. */
    int64_t n = -1;
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM sessions WHERE token_hash = '%s'", lr.token);
    assert_int_equal(db_query_int64(db, sql, 0, NULL, &n), DB_ROW);
    assert_int_equal(n, 0);
    assert_int_equal(session_check(db, NULL, "nothex", "", &c, &e), APP_E_AUTH);
    assert_int_equal(
        session_check(db, NULL, "0000000000000000000000000000000000000000000000000000000000000000",
                      "", &c, &e),
        APP_E_AUTH);
    assert_int_equal(session_logout(db, NULL, lr.token), 0);
    assert_int_equal(session_check(db, NULL, lr.token, "", &c, &e), APP_E_AUTH);
    assert_string_equal(e.code, "no_session");
}

static void sessions_expire_when_idle(void **state)
{
    struct login_result lr;
    struct caller c;
    struct app_error e;

    (void)state;
    setenv("CORDON_NOW", "2020-03-09T08:00", 1);
    login("qishan", "password1", "10.0.0.2", 0, &lr);
    setenv("CORDON_NOW", "2020-03-09T19:00", 1); /* 11 h later: still alive, touched */
    assert_int_equal(session_check(db, NULL, lr.token, "", &c, &e), 0);
    setenv("CORDON_NOW", "2020-03-10T06:30", 1); /* 11.5 h after the last use */
    assert_int_equal(session_check(db, NULL, lr.token, "", &c, &e), 0);
    setenv("CORDON_NOW", "2020-03-10T19:00", 1); /* 12.5 h idle */
    assert_int_equal(session_check(db, NULL, lr.token, "", &c, &e), APP_E_AUTH);
    assert_string_equal(e.code, "session_expired");
    unsetenv("CORDON_NOW");
}

static void disabled_accounts_lose_their_sessions(void **state)
{
    struct login_result lr;
    struct caller c;
    struct app_error e;
    char gen[ACCOUNTS_GENERATED_LEN];

    (void)state;
    login("jiangsu", "demo-jiangsu", "10.0.0.3", 0, &lr);
    assert_int_equal(accounts_set_disabled(db, "jiangsu", 1, &ae), 0);
    session_cache_clear(); /* as another server would after SESSION_CACHE_S */
    assert_int_equal(session_check(db, NULL, lr.token, "", &c, &e), APP_E_AUTH);
    login("jiangsu", "demo-jiangsu", "10.0.0.3", APP_E_FORBIDDEN, &lr);
    /* The same answer to a wrong password: a disabled account confirms none. */
    login("jiangsu", "wrong-password", "10.0.0.3", APP_E_FORBIDDEN, &lr);
    assert_int_equal(accounts_set_disabled(db, "jiangsu", 0, &ae), 0);
    login("jiangsu", "demo-jiangsu", "10.0.0.3", 0, &lr);
    assert_int_equal(accounts_set_password(db, "jiangsu", "new-password-1", gen, &ae), 0);
    session_cache_clear();
    assert_int_equal(session_check(db, NULL, lr.token, "", &c, &e), APP_E_AUTH);
    login("jiangsu", "new-password-1", "10.0.0.3", 0, &lr);
    assert_int_equal(accounts_set_password(db, "nobody", "new-password-1", gen, &ae), -1);
}

/* The throttle as docs/api.md promises it, written out here rather than
 * read from app/accounts/session.h, so that a changed limit fails a test: 5 failures
 * for an account or 20 from one address lock that key for 60 s, doubling
 * with each lockout in a row. */
#define DOC_FAILURES_ACCOUNT 5
#define DOC_FAILURES_ADDRESS 20
#define DOC_LOCK_S           60

static void failed_logins_are_throttled_per_account(void **state)
{
    struct login_result lr;
    struct app_error e;

    (void)state;
    setenv("CORDON_NOW", "2020-03-09T09:00", 1);
    for (int i = 0; i < DOC_FAILURES_ACCOUNT; i++)
        login("changning", "wrong", "10.1.0.1", APP_E_AUTH, &lr);
    /* Locked: even the right password is not checked. */
    assert_int_equal(session_login(db, NULL, "changning", "demo-changning", "10.1.0.2", &lr, &e),
                     APP_E_THROTTLED);
    assert_int_equal(e.retry_after, DOC_LOCK_S);
    /* Another account from the same address is not locked. */
    login("jiangsulu", "demo-jiangsulu", "10.1.0.1", 0, &lr);
    /* After the lock, a second lockout in a row lasts twice as long. */
    setenv("CORDON_NOW", "2020-03-09T09:02", 1);
    for (int i = 0; i < DOC_FAILURES_ACCOUNT; i++)
        login("changning", "wrong", "10.1.0.1", APP_E_AUTH, &lr);
    assert_int_equal(session_login(db, NULL, "changning", "demo-changning", "10.1.0.3", &lr, &e),
                     APP_E_THROTTLED);
    assert_int_equal(e.retry_after, 2 * DOC_LOCK_S);
    /* Once it has passed, the right password works and clears the count. */
    setenv("CORDON_NOW", "2020-03-09T09:05", 1);
    login("changning", "demo-changning", "10.1.0.1", 0, &lr);
    login("changning", "wrong", "10.1.0.1", APP_E_AUTH, &lr);
    login("changning", "demo-changning", "10.1.0.1", 0, &lr);
    unsetenv("CORDON_NOW");
}

static void failed_logins_are_throttled_per_address(void **state)
{
    struct login_result lr;
    struct app_error e;
    char name[32];

    (void)state;
    setenv("CORDON_NOW", "2020-03-09T10:00", 1);
    /* Guessing names: every name is new, the address is the same. */
    for (int i = 0; i < DOC_FAILURES_ADDRESS; i++) {
        snprintf(name, sizeof name, "guess%d", i);
        login(name, "wrong", "10.2.0.1", APP_E_AUTH, &lr);
    }
    assert_int_equal(session_login(db, NULL, "qishan", "password1", "10.2.0.1", &lr, &e),
                     APP_E_THROTTLED);
    login("qishan", "password1", "10.2.0.2", 0, &lr);
    unsetenv("CORDON_NOW");
}

static void bad_login_input(void **state)
{
    struct login_result lr;
    char longpw[300];

    (void)state;
    memset(longpw, 'a', sizeof longpw - 1);
    longpw[sizeof longpw - 1] = '\0';
    login("", "x", "10.3.0.1", APP_E_INVALID, &lr);
    login("qishan", longpw, "10.3.0.1", APP_E_INVALID, &lr);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(roles_table_keeps_its_promises),
        cmocka_unit_test(scope_is_arithmetic_on_codes),
        cmocka_unit_test(account_names_are_checked),
        cmocka_unit_test(creating_accounts_checks_role_scope_and_password),
        cmocka_unit_test(accounts_created_from_a_hash_keep_it),
        cmocka_unit_test(posts_and_orgs_belong_to_their_roles),
        cmocka_unit_test(demo_accounts_cover_every_role),
        cmocka_unit_test(sessions_login_check_csrf_logout),
        cmocka_unit_test(sessions_expire_when_idle),
        cmocka_unit_test(disabled_accounts_lose_their_sessions),
        cmocka_unit_test(failed_logins_are_throttled_per_account),
        cmocka_unit_test(failed_logins_are_throttled_per_address),
        cmocka_unit_test(bad_login_input),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
