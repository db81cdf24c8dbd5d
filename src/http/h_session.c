/*
 * Sessions over HTTP: POST /api/v1/session logs in (sets the HttpOnly,
 * SameSite=Strict cookie and returns the CSRF token), GET tells who is
 * logged in (and the CSRF token again, for a reloaded page), DELETE logs
 * out, POST /api/v1/session/password changes the password. Logging in and
 * changing a password hash with Argon2id, so they run on the task pool.
 */
#include "http/http.h"

#include "app/accounts/accounts.h"
#include "app/accounts/session.h"
#include "core/unitcode.h"
#include "store/units.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COOKIE "cordon_session"

static json_t *user_json(const struct caller *c, const char *unit_name)
{
    char unit[UNITCODE_STR_LEN], grid[UNITCODE_STR_LEN];
    json_t *perms = json_array();

    unitcode_format(c->unit, unit);
    unitcode_format(c->grid, grid);
    for (int i = 0; i < PERM_COUNT; i++)
        if (role_can(c->role, 1u << i))
            json_array_append_new(perms, json_string(perm_code(1u << i)));
    return json_pack("{s:s, s:s, s:s, s:s?, s:s?, s:o, s:o, s:b, s:o}", "name", c->name, "role",
                     role_code(c->role), "unit", unit, "unit_name", unit_name, "grid",
                     c->grid ? grid : NULL, "post", c->post ? json_integer(c->post) : json_null(),
                     "org", c->org ? json_integer(c->org) : json_null(), "must_change",
                     c->must_change, "permissions", perms);
}

/* Reads {"a": string, "b": string} with exactly the given keys. */
static int two_strings(struct http_request *req, struct http_response *res, const char *ka,
                       const char *kb, char *a, size_t asize, char *b, size_t bsize)
{
    json_t *body = http_json_body(req, res), *v;
    const char *key;

    if (!body)
        return -1;
    if (!json_is_object(body)) {
        http_reply_error(res, 400, "bad_type", NULL, "the body must be a JSON object");
        goto fail;
    }
    json_object_foreach(body, key, v)
    {
        if (strcmp(key, ka) != 0 && strcmp(key, kb) != 0) {
            http_reply_error(res, 400, "unknown_field", key, "unknown field %.40s", key);
            goto fail;
        }
        if (!json_is_string(v)) {
            http_reply_error(res, 400, "bad_type", key, "%s must be a string", key);
            goto fail;
        }
        if (strlen(json_string_value(v)) >= (strcmp(key, ka) == 0 ? asize : bsize)) {
            http_reply_error(res, 400, "too_long", key, "%s is too long", key);
            goto fail;
        }
    }
    if (!json_object_get(body, ka) || !json_object_get(body, kb)) {
        const char *missing = json_object_get(body, ka) ? kb : ka;
        http_reply_error(res, 400, "missing", missing, "%s is required", missing);
        goto fail;
    }
    snprintf(a, asize, "%s", json_string_value(json_object_get(body, ka)));
    snprintf(b, bsize, "%s", json_string_value(json_object_get(body, kb)));
    json_decref(body);
    return 0;
fail:
    json_decref(body);
    return -1;
}

/* ---- POST /api/v1/session ---------------------------------------------------------- */

struct login {
    char username[ACCOUNT_NAME_MAX];
    char password[ACCOUNTS_PASSWORD_MAX + 2];
    char client[CALLER_ADDR_MAX];
    struct login_result out;
    char unit_name[UNIT_NAME_MAX];
    struct app_error err;
};

static int login_task(struct db *db, void *arg)
{
    struct login *l = arg;
    struct unit u;
    int rc;

    rc = session_login(db, http_writer(), l->username, l->password, l->client, &l->out, &l->err);
    if (rc == 0 &&
        store_unit_get(db, l->out.caller.grid ? l->out.caller.grid : l->out.caller.unit, &u) == 0)
        snprintf(l->unit_name, sizeof l->unit_name, "%s", u.name);
    return rc;
}

static void login_finish(void *arg, int rc, struct http_response *res)
{
    struct login *l = arg;
    char cookie[160];

    /* Logged as the name tried, whatever the outcome (names are validated
     * to a-z 0-9 . _ - when accounts are made; others are shown escaped). */
    for (size_t i = 0; l->username[i] && i + 1 < sizeof res->account; i++) {
        unsigned char ch = (unsigned char)l->username[i];
        res->account[i] = ch > 0x20 && ch < 0x7f && ch != '"' && ch != '\\' ? (char)ch : '?';
        res->account[i + 1] = '\0';
    }
    if (rc < 0) {
        http_reply_app_error(res, rc, &l->err);
    } else {
        snprintf(cookie, sizeof cookie, COOKIE "=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d",
                 l->out.token, SESSION_IDLE_S);
        http_add_header(res, "Set-Cookie", cookie);
        http_reply_json(res, 200,
                        json_pack("{s:s, s:o}", "csrf", l->out.csrf, "user",
                                  user_json(&l->out.caller, l->unit_name)));
    }
    sodium_memzero(l, sizeof *l);
    free(l);
}

int h_session_login(struct http_request *req, struct http_response *res)
{
    struct login *l = calloc(1, sizeof *l);

    if (!l)
        return http_reply_error(res, 500, "nomem", NULL, "out of memory");
    if (two_strings(req, res, "username", "password", l->username, sizeof l->username, l->password,
                    sizeof l->password) < 0) {
        free(l);
        return 0;
    }
    snprintf(l->client, sizeof l->client, "%s", req->client ? req->client : "");
    return http_defer_task(req, login_task, login_finish, l);
}

/* ---- GET /api/v1/session ------------------------------------------------------------- */

int h_session_get(struct http_request *req, struct http_response *res)
{
    char csrf[SESSION_TOKEN_LEN];
    struct unit u;
    const struct caller *c = req->caller;
    int have = store_unit_get(req->db, c->grid ? c->grid : c->unit, &u) == 0;

    /* The CSRF token is derived from the session token: recompute it. */
    session_csrf(req->token, csrf);
    http_reply_json(
        res, 200,
        json_pack("{s:s, s:o}", "csrf", csrf, "user", user_json(c, have ? u.name : NULL)));
    return 0;
}

/* ---- DELETE /api/v1/session ----------------------------------------------------------- */

struct logout {
    char token[SESSION_TOKEN_LEN];
};

static int logout_task(struct db *db, void *arg)
{
    struct logout *l = arg;
    return session_logout(db, http_writer(), l->token);
}

static void logout_finish(void *arg, int rc, struct http_response *res)
{
    free(arg);
    if (rc < 0) {
        struct app_error e = {0};
        http_reply_app_error(res, rc, &e);
        return;
    }
    http_add_header(res, "Set-Cookie", COOKIE "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    http_reply_json(res, 200, json_pack("{s:b}", "logged_out", 1));
}

int h_session_logout(struct http_request *req, struct http_response *res)
{
    struct logout *l = calloc(1, sizeof *l);

    if (!l)
        return http_reply_error(res, 500, "nomem", NULL, "out of memory");
    snprintf(l->token, sizeof l->token, "%s", req->token);
    return http_defer_task(req, logout_task, logout_finish, l);
}

/* ---- POST /api/v1/session/password ---------------------------------------------------- */

struct passwd {
    struct caller c;
    char token[SESSION_TOKEN_LEN];
    char current[ACCOUNTS_PASSWORD_MAX + 2];
    char next[ACCOUNTS_PASSWORD_MAX + 2];
    struct app_error err;
};

static int passwd_task(struct db *db, void *arg)
{
    struct passwd *p = arg;
    return session_change_password(db, http_writer(), &p->c, p->token, p->current, p->next,
                                   &p->err);
}

static void passwd_finish(void *arg, int rc, struct http_response *res)
{
    struct passwd *p = arg;

    if (rc < 0)
        http_reply_app_error(res, rc, &p->err);
    else
        http_reply_json(res, 200, json_pack("{s:b}", "changed", 1));
    sodium_memzero(p, sizeof *p);
    free(p);
}

int h_session_password(struct http_request *req, struct http_response *res)
{
    struct passwd *p = calloc(1, sizeof *p);

    if (!p)
        return http_reply_error(res, 500, "nomem", NULL, "out of memory");
    if (two_strings(req, res, "password", "new_password", p->current, sizeof p->current, p->next,
                    sizeof p->next) < 0) {
        free(p);
        return 0;
    }
    p->c = *req->caller;
    snprintf(p->token, sizeof p->token, "%s", req->token);
    return http_defer_task(req, passwd_task, passwd_finish, p);
}
