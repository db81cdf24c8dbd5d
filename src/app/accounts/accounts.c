/*
 * Accounts (see accounts.h). Password hashing is the one expensive thing a
 * login does: a counting semaphore sized to the cores bounds how many
 * Argon2id computations (64 MiB each) run at once in this process, so a
 * burst of logins queues instead of exhausting memory.
 */
#include "app/accounts/accounts.h"

#include "core/unitcode.h"
#include "store/checkpoints.h"
#include "store/orgs.h"
#include "store/units.h"
#include "util/clock.h"

#include <pthread.h>
#include <semaphore.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static sem_t hash_slots;
static pthread_once_t hash_once = PTHREAD_ONCE_INIT;
static char dummy_hash[crypto_pwhash_STRBYTES];
static int dummy_ready;
static pthread_mutex_t dummy_lock = PTHREAD_MUTEX_INITIALIZER;
static uint64_t verify_count;

static void hash_init(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);

    if (sodium_init() < 0) {
        fprintf(stderr, "cordon: libsodium cannot start\n");
        abort();
    }
    sem_init(&hash_slots, 0, n > 0 ? (unsigned)n : 1u);
}

static void slot_take(void)
{
    pthread_once(&hash_once, hash_init);
    while (sem_wait(&hash_slots) != 0)
        ;
}

static void slot_give(void)
{
    sem_post(&hash_slots);
}

int accounts_name_valid(const char *name)
{
    size_t n = strlen(name);

    if (n < 2 || n > 32)
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        int alnum = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        if (!alnum && (i == 0 || (c != '.' && c != '_' && c != '-')))
            return 0;
    }
    return 1;
}

int accounts_hash_password(const char *password, char out[ACCOUNT_HASH_MAX])
{
    int rc;

    slot_take();
#ifdef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
    /* The fuzzers' build only (make fuzz): a parser that hashes a password
     * (a deployment's account) would spend each input on 64 MB of Argon2. */
    rc = crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_MIN,
                           crypto_pwhash_MEMLIMIT_MIN);
#else
    rc = crypto_pwhash_str(out, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                           crypto_pwhash_MEMLIMIT_INTERACTIVE);
#endif
    slot_give();
    return rc == 0 ? 0 : -1;
}

int accounts_verify_password(const char *hash, const char *password)
{
    int rc;

    slot_take();
    rc = crypto_pwhash_str_verify(hash, password, strlen(password));
    slot_give();
    __atomic_add_fetch(&verify_count, 1, __ATOMIC_RELAXED);
    return rc == 0 ? 0 : -1;
}

uint64_t accounts_verify_count(void)
{
    return __atomic_load_n(&verify_count, __ATOMIC_RELAXED);
}

void accounts_verify_dummy(const char *password)
{
    pthread_mutex_lock(&dummy_lock);
    if (!dummy_ready) {
        char pw[ACCOUNTS_GENERATED_LEN];
        accounts_generate_password(pw);
        dummy_ready = accounts_hash_password(pw, dummy_hash) == 0;
    }
    pthread_mutex_unlock(&dummy_lock);
    if (dummy_ready)
        (void)accounts_verify_password(dummy_hash, password);
}

void accounts_generate_password(char out[ACCOUNTS_GENERATED_LEN])
{
    static const char alphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    pthread_once(&hash_once, hash_init);
    for (int i = 0; i < ACCOUNTS_GENERATED_LEN - 1; i++)
        out[i] = alphabet[randombytes_uniform(sizeof alphabet - 1)];
    out[ACCOUNTS_GENERATED_LEN - 1] = '\0';
}

int accounts_password_ok(const char *password, struct app_error *err)
{
    size_t n = strlen(password);

    if (n < ACCOUNTS_PASSWORD_MIN || n > ACCOUNTS_PASSWORD_MAX) {
        app_fail(err, APP_E_INVALID, "bad_value", "password", "a password has %d to %d characters",
                 ACCOUNTS_PASSWORD_MIN, ACCOUNTS_PASSWORD_MAX);
        return -1;
    }
    return 0;
}

/* Checks role against unit and grid, normalising a grid given as the unit:
 * on return *unit is never a grid. */
/* 1 if `sql` (a count with one parameter) counts a row, 0 if not, < 0. */
/* 1 when the account's post (or organisation) exists, 0 when not, < 0 on
 * failure. */
static int post_exists(struct db *db, int64_t id)
{
    struct post p;
    int rc = store_post_get(db, id, &p);

    return rc == DB_E_NOTFOUND ? 0 : rc < 0 ? rc : 1;
}

static int org_exists(struct db *db, int64_t id)
{
    struct org_row o;
    int rc = store_org_get(db, id, &o);

    return rc == DB_E_NOTFOUND ? 0 : rc < 0 ? rc : 1;
}

static int check_scope(struct db *db, enum role role, int64_t *unit, int64_t *grid,
                       struct app_error *err)
{
    const struct role_def *rd = &role_table[role];
    struct unit u;
    int64_t scope;
    int level, rc;

    if (unitcode_level(*unit) == LEVEL_GRID) {
        if (*grid && *grid != *unit) {
            app_fail(err, APP_E_INVALID, "bad_value", "grid",
                     "--unit is a grid and --grid another one");
            return -1;
        }
        *grid = *unit;
        *unit = unitcode_parent(*unit);
    }
    if (*grid && role != ROLE_GRID_WORKER && role != ROLE_VIEWER) {
        app_fail(err, APP_E_INVALID, "bad_value", "grid",
                 "only grid workers and viewers are scoped to a grid");
        return -1;
    }
    if (*grid && unitcode_parent(*grid) != *unit) {
        app_fail(err, APP_E_INVALID, "bad_value", "grid", "grid %lld is not a grid of %lld",
                 (long long)*grid, (long long)*unit);
        return -1;
    }
    scope = *grid ? *grid : *unit;
    level = unitcode_level(scope);
    if (level < rd->min_level || level > rd->max_level) {
        if (rd->min_level == rd->max_level)
            app_fail(err, APP_E_INVALID, "bad_value", "unit",
                     "a %s account is scoped to a %s, not a %s", rd->code,
                     unitcode_level_name(rd->min_level), unitcode_level_name(level));
        else
            app_fail(err, APP_E_INVALID, "bad_value", "unit",
                     "a %s account is scoped to a %s down to a %s", rd->code,
                     unitcode_level_name(rd->min_level), unitcode_level_name(rd->max_level));
        return -1;
    }
    if ((rc = store_unit_get(db, scope, &u)) == DB_E_NOTFOUND) {
        app_fail(err, APP_E_INVALID, "not_found", "unit", "no unit %lld in this database",
                 (long long)scope);
        return -1;
    }
    if (rc < 0) {
        app_fail(err, APP_E_INTERNAL, "db_error", NULL, "%s", db_errmsg(db));
        return rc;
    }
    return 0;
}

/* accounts_create and accounts_create_hashed: `hash` NULL hashes the given
 * or generated password here. */
static int create(struct db *db, const struct account_new *n, const char *hash,
                  char out_password[ACCOUNTS_GENERATED_LEN], int64_t *out_id, struct app_error *err)
{
    struct account a, old;
    enum role role;
    const char *pw = n->password;
    int rc;

    out_password[0] = '\0';
    if (!accounts_name_valid(n->name)) {
        app_fail(err, APP_E_INVALID, "bad_value", "name",
                 "%s: a name has 2 to 32 of a-z, 0-9, '.', '_', '-', starting with a letter or "
                 "digit",
                 n->name);
        return -1;
    }
    if (role_parse(n->role, &role) < 0) {
        char list[256] = "";
        for (int r = 0; r < ROLE_COUNT; r++)
            snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s", r ? ", " : "",
                     role_table[r].code);
        app_fail(err, APP_E_INVALID, "bad_value", "role", "%s: unknown role (one of %s)", n->role,
                 list);
        return -1;
    }
    memset(&a, 0, sizeof a);
    a.unit = n->unit;
    a.grid = n->grid;
    if (role == ROLE_GRID_WORKER && !a.grid && unitcode_level(a.unit) != LEVEL_GRID) {
        app_fail(err, APP_E_INVALID, "missing", "grid",
                 "a grid worker needs --grid CODE (a grid of --unit)");
        return -1;
    }
    if ((rc = check_scope(db, role, &a.unit, &a.grid, err)) < 0)
        return rc;
    if (n->post && role != ROLE_CHECKPOINT) {
        app_fail(err, APP_E_INVALID, "bad_value", "post",
                 "only checkpoint accounts belong to a post");
        return -1;
    }
    if (n->org && role != ROLE_PROPERTY) {
        app_fail(err, APP_E_INVALID, "bad_value", "org",
                 "only property accounts belong to an organisation");
        return -1;
    }
    if (n->post && (rc = post_exists(db, n->post)) <= 0) {
        if (rc < 0)
            app_fail(err, APP_E_INTERNAL, "db_error", NULL, "%s", db_errmsg(db));
        else
            app_fail(err, APP_E_INVALID, "not_found", "post", "no post %lld", (long long)n->post);
        return rc < 0 ? rc : -1;
    }
    if (n->org && (rc = org_exists(db, n->org)) <= 0) {
        if (rc < 0)
            app_fail(err, APP_E_INTERNAL, "db_error", NULL, "%s", db_errmsg(db));
        else
            app_fail(err, APP_E_INVALID, "not_found", "org", "no organisation %lld",
                     (long long)n->org);
        return rc < 0 ? rc : -1;
    }
    a.post = n->post;
    a.org = n->org;
    if (pw && accounts_password_ok(pw, err) < 0)
        return -1;
    if ((rc = store_account_by_name(db, n->name, &old)) == 0) {
        app_fail(err, APP_E_CONFLICT, "exists", "name", "an account %s already exists", n->name);
        return -1;
    }
    if (rc != DB_E_NOTFOUND) {
        app_fail(err, APP_E_INTERNAL, "db_error", NULL, "%s", db_errmsg(db));
        return rc;
    }
    if (!pw) {
        if (!hash)
            accounts_generate_password(out_password);
        pw = out_password;
        a.must_change = 1;
    }
    snprintf(a.name, sizeof a.name, "%s", n->name);
    snprintf(a.role, sizeof a.role, "%s", role_code(role));
    a.created_at = clock_now();
    if (hash)
        snprintf(a.password_hash, sizeof a.password_hash, "%s", hash);
    else if (accounts_hash_password(pw, a.password_hash) < 0) {
        app_fail(err, APP_E_INTERNAL, "nomem", NULL, "out of memory while hashing the password");
        return DB_E_NOMEM;
    }
    if ((rc = store_account_insert(db, &a)) < 0) {
        if (rc == DB_E_CONSTRAINT) {
            app_fail(err, APP_E_CONFLICT, "exists", "name", "an account %s already exists",
                     n->name);
            return -1;
        }
        app_fail(err, APP_E_INTERNAL, "db_error", NULL, "cannot create the account: %s",
                 db_errmsg(db));
        return rc;
    }
    if (out_id)
        *out_id = a.id;
    return 0;
}

int accounts_create(struct db *db, const struct account_new *n,
                    char out_password[ACCOUNTS_GENERATED_LEN], int64_t *out_id,
                    struct app_error *err)
{
    return create(db, n, NULL, out_password, out_id, err);
}

int accounts_create_hashed(struct db *db, const struct account_new *n,
                           const char hash[ACCOUNT_HASH_MAX], int64_t *out_id,
                           struct app_error *err)
{
    char unused[ACCOUNTS_GENERATED_LEN];
    struct account_new m = *n;

    m.password = NULL;
    return create(db, &m, hash, unused, out_id, err);
}

/* Runs fn(db, a) and ends the account's sessions, in one transaction. */
static int update_account(struct db *db, const char *name, int (*fn)(struct db *, int64_t, void *),
                          void *arg, char err[ACCOUNTS_ERR_LEN])
{
    struct account a;
    int rc;

    if ((rc = db_begin_write(db)) < 0) {
        snprintf(err, ACCOUNTS_ERR_LEN, "%s", db_errmsg(db));
        return rc;
    }
    rc = store_account_by_name(db, name, &a);
    if (rc == DB_E_NOTFOUND) {
        snprintf(err, ACCOUNTS_ERR_LEN, "no account %s", name);
        db_rollback(db);
        return -1;
    }
    if (rc < 0 || (rc = fn(db, a.id, arg)) < 0 ||
        (rc = store_sessions_delete_account(db, a.id, NULL)) < 0 || (rc = db_commit(db)) < 0) {
        snprintf(err, ACCOUNTS_ERR_LEN, "%s", db_errmsg(db));
        db_rollback(db);
        return rc;
    }
    return 0;
}

struct pw_update {
    char hash[ACCOUNT_HASH_MAX];
    int must_change;
};

static int set_pw(struct db *db, int64_t id, void *arg)
{
    struct pw_update *u = arg;
    return store_account_set_password(db, id, u->hash, u->must_change);
}

int accounts_set_password(struct db *db, const char *name, const char *password,
                          char out_password[ACCOUNTS_GENERATED_LEN], struct app_error *err)
{
    struct pw_update u;
    char why[ACCOUNTS_ERR_LEN];
    int rc;

    out_password[0] = '\0';
    u.must_change = 0;
    if (password && accounts_password_ok(password, err) < 0)
        return -1;
    if (!password) {
        accounts_generate_password(out_password);
        password = out_password;
        u.must_change = 1;
    }
    if (accounts_hash_password(password, u.hash) < 0) {
        app_fail(err, APP_E_INTERNAL, "nomem", NULL, "out of memory while hashing the password");
        return DB_E_NOMEM;
    }
    if ((rc = update_account(db, name, set_pw, &u, why)) < 0)
        app_fail(err, rc == -1 ? APP_E_NOTFOUND : APP_E_INTERNAL, "failed", NULL, "%s", why);
    return rc;
}

static int set_disabled(struct db *db, int64_t id, void *arg)
{
    return store_account_set_disabled(db, id, *(int *)arg);
}

int accounts_set_disabled(struct db *db, const char *name, int disabled, struct app_error *err)
{
    char why[ACCOUNTS_ERR_LEN];
    int rc;

    if ((rc = update_account(db, name, set_disabled, &disabled, why)) < 0)
        app_fail(err, rc == -1 ? APP_E_NOTFOUND : APP_E_INTERNAL, "failed", NULL, "%s", why);
    return rc;
}

const struct demo_account accounts_demo[] = {
    {"admin", "city_admin", 3101, 0, "demo-admin", "上海市"},
    {"changning", "district", 310105, 0, "demo-changning", "长宁区"},
    {"jiangsulu", "street", 310105002, 0, "demo-jiangsulu", "长宁区江苏路街道"},
    {"qishan", "committee", 310105002002LL, 0, "demo-qishan", "江苏路街道岐山居委会"},
    {"qishan-grid1", "grid_worker", 310105002002LL, 310105002002001LL, "demo-qishan-grid1",
     "岐山居委会 岐山第一网格"},
    {"qishan-grid2", "grid_worker", 310105002002LL, 310105002002002LL, "demo-qishan-grid2",
     "岐山居委会 岐山第二网格"},
    {"qishan-grid3", "grid_worker", 310105002002LL, 310105002002003LL, "demo-qishan-grid3",
     "岐山居委会 岐山第三网格"},
    {"qishan-grid4", "grid_worker", 310105002002LL, 310105002002004LL, "demo-qishan-grid4",
     "岐山居委会 岐山第四网格"},
    {"jiangsu", "committee", 310105002003LL, 0, "demo-jiangsu", "江苏路街道江苏居委会"},
    {"checkpoint", "checkpoint", 3101, 0, "demo-checkpoint", "上海站 西南出口 (道口)"},
    {"specialist", "specialist", 310105, 0, "demo-specialist", "长宁区 (企业服务专员)"},
    {"enterprise", "enterprise", 310105002, 0, "demo-enterprise", "江苏路街道 (企业)"},
    {"property", "property", 310105002002LL, 0, "demo-property", "岐山居委会 (物业)"},
    {"viewer", "viewer", 310105, 0, "demo-viewer", "长宁区 (只看汇总)"},
    {"weijianwei", "home_unit", 3101, 0, "demo-weijianwei",
     "市卫健委 (派出单位: 只看本单位下沉人员)"},
    {"qishan-helper", "helper", 310105002002LL, 0, "demo-qishan-helper",
     "岐山居委会 下沉人员 (垃圾收运, 派驻期内有效)"},
    {NULL, NULL, 0, 0, NULL, NULL},
};

int accounts_create_demo(struct db *db, int *out_created, struct app_error *err)
{
    char generated[ACCOUNTS_GENERATED_LEN];
    struct account old;
    int created = 0, rc;

    for (const struct demo_account *d = accounts_demo; d->name; d++) {
        struct account_new n = {d->name, d->role, d->unit, d->grid, d->password, 0, 0};
        if ((rc = store_account_by_name(db, d->name, &old)) == 0)
            continue;
        if (rc != DB_E_NOTFOUND) {
            app_fail(err, APP_E_INTERNAL, "db_error", NULL, "%s", db_errmsg(db));
            return rc;
        }
        if ((rc = accounts_create(db, &n, generated, NULL, err)) < 0)
            return rc;
        created++;
    }
    if (out_created)
        *out_created = created;
    return 0;
}
