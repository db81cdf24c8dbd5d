/*
 * `cordon staff import|list|home-unit|post|deploy`: staff sent down
 * (issue 14) from the command line, as the system role: the spreadsheet
 * import, the list, registering home units and the posts that receive
 * staff, and deploying a person (the same use cases as the API).
 */
#include "app/daytime.h"
#include "app/workforce/deployed.h"
#include "app/workforce/gaps.h"
#include "app/workforce/staff_import.h"
#include "app/workforce/workforce.h"
#include "cli/cli.h"
#include "core/date.h"
#include "util/clock.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int do_import(struct db *db, const char *path, const char *sheet)
{
    struct staff_import_report rep;
    struct app_error err;
    int rc = staff_import_sheet(db, path, NULL, 0, 0, sheet, &rep, &err);

    if (rc < 0) {
        staff_import_cleanup(&rep);
        return cli_fail("%s", err.message);
    }
    for (size_t i = 0; i < rep.nerrors; i++)
        fprintf(stderr, "%s%sline %zu, %s: %s\n", rep.sheet[0] ? rep.sheet : "",
                rep.sheet[0] ? ", " : "", rep.errors[i].line, rep.errors[i].header,
                rep.errors[i].message);
    if (rc == 1)
        fprintf(stderr, "%zu errors; nothing imported\n", rep.total_errors);
    else
        printf("%zu staff imported (%zu new, %zu updated), %s\n", rep.rows, rep.created,
               rep.updated, rep.encoding);
    staff_import_cleanup(&rep);
    return rc == 1 ? EXIT_RUNTIME : EXIT_OK;
}

static int print_staff(void *arg, const struct staff_row *s)
{
    (void)arg;
    printf("%lld\t%s\t%s\t%s\t%d\t%s\n", (long long)s->id, s->name, s->phone, s->home_unit_name,
           s->batch, s->skills);
    return 0;
}

static int do_list(struct db *db, const struct caller *c, int64_t unit, const char *home)
{
    struct page pg = {0, STAFF_PAGE_MAX, 0};
    struct app_error e;
    int rc;

    do {
        if ((rc = staff_list(db, c, unit, home, &pg, print_staff, NULL, &e)) < 0)
            return cli_app_fail(db, &e, "list staff");
        pg.cursor = pg.next;
    } while (pg.next);
    db_close(db);
    return EXIT_OK;
}

struct staff_args {
    const char *account, *sheet;
    const char *name, *level, *kind, *home, *duty, *shift, *from, *until;
    int64_t deployment;
    int64_t unit, min_day, min_night, checkpoint_post, staff, post;
};

/* Closes db. */
static int deploy_now(struct db *db, const struct caller *c, const struct staff_args *a)
{
    struct deploy *u = calloc(1, sizeof *u);
    json_t *body = json_pack("{s:I, s:I, s:s, s:s, s:s, s:s}", "staff", (json_int_t)a->staff,
                             "post", (json_int_t)a->post, "from", a->from ? a->from : "", "until",
                             a->until ? a->until : "", "duty", a->duty ? a->duty : "", "shift",
                             a->shift ? a->shift : "");
    int rc = EXIT_OK;

    if (!u || !body) {
        db_close(db);
        rc = cli_fail("out of memory");
        goto out;
    }
    u->c = *c;
    u->today = clock_today();
    if (deploy_parse(db, body, u) < 0 || app_write(db, NULL, deploy_job, u) < 0) {
        rc = cli_app_fail(db, &u->err, "deploy"); /* closes db */
        goto out;
    }
    printf("deployment %lld added\n", (long long)u->d.id);
    db_close(db);
out:
    json_decref(body);
    free(u);
    return rc;
}

/* What a job on one deployment prints once written. */
static void print_link(const void *job)
{
    const struct deploy_link *u = job;

    printf("/sign.html?post=%lld#%s\n", (long long)u->post, u->token);
}

static void print_account(const void *job)
{
    const struct deploy_account *u = job;

    printf("%s\t%s\t%s\n", u->name, u->role, u->password);
}

/* link and account: a write on deployment `id` (body, may be NULL, read
 * by parse), its result printed; closes db. */
static int on_deployment(struct db *db, const struct caller *c, int64_t id, size_t size,
                         app_parse_fn parse, const json_t *body, writer_job_fn job,
                         void (*print)(const void *), const char *what)
{
    struct app_job *u = calloc(1, size);
    int rc = EXIT_OK;

    if (!u) {
        db_close(db);
        return cli_fail("out of memory");
    }
    u->c = *c;
    u->id = id;
    u->today = clock_today();
    u->now = clock_now();
    if ((parse && parse(db, body, u) < 0) || app_write(db, NULL, job, u) < 0) {
        rc = cli_app_fail(db, &u->err, what); /* closes db */
    } else {
        print(u);
        db_close(db);
    }
    free(u);
    return rc;
}

static int new_link(struct db *db, const struct caller *c, int64_t id)
{
    return on_deployment(db, c, id, sizeof(struct deploy_link), NULL, NULL, deploy_link_job,
                         print_link, "make the link");
}

/* account: the deployed person's account (name, role, one-time password). */
static int new_account(struct db *db, const struct caller *c, int64_t id, const char *name)
{
    json_t *body = json_pack("{s:s}", "username", name ? name : "");
    int rc;

    if (!body) {
        db_close(db);
        return cli_fail("out of memory");
    }
    rc = on_deployment(db, c, id, sizeof(struct deploy_account), deploy_account_parse, body,
                       deploy_account_job, print_account, "make the account");
    json_decref(body);
    return rc;
}

void staff_tick(struct db *db)
{
    int changed = 0, skipped = 0;

    if (staffing_tick(db, clock_today(), daytime_now(), &changed, &skipped) < 0) {
        fprintf(stderr, "cordon: staffing gaps: %s\n", db_errmsg(db));
        return;
    }
    if (changed)
        fprintf(stderr, "cordon: staffing gaps: %d task(s) opened or closed\n", changed);
}

/* sweep: every post's gap task opened or closed for now; closes db. */
static int sweep(struct db *db)
{
    int changed = 0, rc;

    if ((rc = db_begin_write(db)) < 0 ||
        (rc = staffing_sweep(db, clock_today(), daytime_now(), "sweep", &changed)) < 0 ||
        (rc = db_commit(db)) < 0) {
        db_rollback(db);
        rc = cli_fail("cannot check the posts: %s", db_errmsg(db));
        db_close(db);
        return rc;
    }
    printf("%d gap tasks opened or closed\n", changed);
    db_close(db);
    return EXIT_OK;
}

/* member: an account (role home_unit) of a home unit; closes db. */
static int add_member(struct db *db, const struct staff_args *a)
{
    struct app_error e = {0};
    int rc;

    if ((rc = db_begin_write(db)) < 0 || (rc = home_unit_attach(db, a->account, a->home, &e)) < 0 ||
        (rc = db_commit(db)) < 0) {
        db_rollback(db);
        return cli_app_fail(db, &e, "attach the account");
    }
    printf("%s belongs to %s\n", a->account, a->home);
    db_close(db);
    return EXIT_OK;
}

/* home-unit and post: one row in a transaction of its own; closes db. */
static int add_row(struct db *db, const char *action, const struct staff_args *a)
{
    struct home_unit_row h = {0};
    struct duty_post_row p = {0};
    struct app_error e = {0};
    int rc, home = strcmp(action, "home-unit") == 0;

    snprintf(h.name, sizeof h.name, "%s", a->name);
    snprintf(h.level, sizeof h.level, "%s", a->level ? a->level : "");
    h.unit = p.unit = a->unit;
    snprintf(p.name, sizeof p.name, "%s", a->name);
    snprintf(p.kind, sizeof p.kind, "%s", a->kind ? a->kind : "");
    p.min_day = (int)a->min_day;
    p.min_night = (int)a->min_night;
    p.post = a->checkpoint_post;
    if ((rc = db_begin_write(db)) < 0 ||
        (rc = home ? home_unit_add(db, &h, &e) : duty_post_add(db, &p, &e)) < 0 ||
        (rc = db_commit(db)) < 0) {
        db_rollback(db);
        return cli_app_fail(db, &e, home ? "add the home unit" : "add the post");
    }
    printf("%s %lld added\n", home ? "home unit" : "post", (long long)(home ? h.id : p.id));
    db_close(db);
    return EXIT_OK;
}

int cmd_staff(int argc, char **argv)
{
    struct staff_args a = {0};
    const struct cli_option opts[] = {CLI_TEXT("name", a.name),
                                      CLI_TEXT("level", a.level),
                                      CLI_TEXT("kind", a.kind),
                                      CLI_TEXT("home-unit", a.home),
                                      CLI_TEXT("duty", a.duty),
                                      CLI_TEXT("shift", a.shift),
                                      CLI_TEXT("from", a.from),
                                      CLI_TEXT("until", a.until),
                                      CLI_CODE("unit", a.unit),
                                      CLI_NUM("min-day", a.min_day),
                                      CLI_NUM("min-night", a.min_night),
                                      CLI_NUM("checkpoint-post", a.checkpoint_post),
                                      CLI_TEXT("account", a.account),
                                      CLI_TEXT("sheet", a.sheet),
                                      CLI_NUM("staff", a.staff),
                                      CLI_NUM("post", a.post),
                                      CLI_NUM("deployment", a.deployment),
                                      CLI_END};
    const char *action;
    struct caller c;
    struct db *db;
    int rc;

    if (argc < 2)
        return cli_usage_error(
            "staff", "say import, list, home-unit, member, post, deploy, link, account or sweep");
    action = argv[1];
    if (cli_parse_options("staff", argc, argv, 2, opts, 0) < 0)
        return EXIT_USAGE;
    if (strcmp(action, "import") == 0 && argc - optind != 1)
        return cli_usage_error("staff", "import needs the file (.xlsx, .xls or CSV)");
    if ((strcmp(action, "home-unit") == 0 || strcmp(action, "post") == 0) && (!a.name || !a.unit))
        return cli_usage_error("staff", "%s needs --name NAME --unit CODE", action);
    if ((strcmp(action, "link") == 0 || strcmp(action, "account") == 0) && a.deployment <= 0)
        return cli_usage_error("staff", "%s needs --deployment ID", action);
    if (strcmp(action, "member") == 0 && (!a.account || !a.home))
        return cli_usage_error("staff", "member needs --account NAME --home-unit NAME");
    if (!(db = cli_open_city(&c, "cannot open the database")))
        return EXIT_RUNTIME;
    if (strcmp(action, "import") == 0)
        rc = do_import(db, argv[optind], a.sheet);
    else if (strcmp(action, "list") == 0)
        return do_list(db, &c, a.unit, a.home); /* closes db */
    else if (strcmp(action, "member") == 0)
        return add_member(db, &a);
    else if (strcmp(action, "sweep") == 0)
        return sweep(db);
    else if (strcmp(action, "link") == 0)
        return new_link(db, &c, a.deployment);
    else if (strcmp(action, "account") == 0)
        return new_account(db, &c, a.deployment, a.account);
    else if (strcmp(action, "deploy") == 0)
        return deploy_now(db, &c, &a);
    else if (strcmp(action, "home-unit") == 0 || strcmp(action, "post") == 0)
        return add_row(db, action, &a);
    else
        rc = cli_usage_error("staff", "unknown action %s", action);
    db_close(db);
    return rc;
}
