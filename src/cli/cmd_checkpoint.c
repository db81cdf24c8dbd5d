/*
 * `cordon checkpoint add|post|list|poster` (checkpoints, their posts and a
 * post's self-declaration poster) and `cordon handover escalate|deadline`
 * (the escalation sweep the server also runs on its tick, and the
 * deadline's length). Thin: parse, call app/checkpoints/checkpoints.c or
 * app/checkpoints/handovers.c, print.
 */
#include "app/checkpoints/checkpoints.h"
#include "app/checkpoints/handovers.h"
#include "cli/cli.h"
#include "core/unitcode.h"
#include "util/clock.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int print_post(void *arg, const struct post *p)
{
    int *n = arg;
    const char *label = checkpoint_kind_label(p->kind);

    printf("%lld\t%s\t%s\t%s\t%lld\n", (long long)p->id, p->checkpoint_name, p->name,
           label ? label : p->kind, (long long)p->district);
    (*n)++;
    return 0;
}

static int parse_id(const char *s, int64_t *out)
{
    char *end;
    long long v = strtoll(s, &end, 10);

    if (!*s || *end || v <= 0)
        return -1;
    *out = v;
    return 0;
}

static int write_file(const char *path, const unsigned char *buf, size_t len)
{
    FILE *f = fopen(path, "wb");

    if (!f)
        return cli_fail("cannot write %s", path);
    if (fwrite(buf, 1, len, f) != len) {
        fclose(f);
        return cli_fail("cannot write %s", path);
    }
    if (fclose(f) != 0)
        return cli_fail("cannot write %s", path);
    return EXIT_OK;
}

int cmd_checkpoint(int argc, char **argv)
{
    const char *action, *kind = NULL, *district_s = NULL, *name = NULL, *url = NULL, *out = NULL;
    const struct cli_option opts[] = {
        CLI_TEXT("kind", kind), CLI_TEXT("district", district_s), CLI_TEXT("name", name),
        CLI_TEXT("url", url),   CLI_LETTER('o', "output", out),   CLI_END};
    char err[CHECKPOINTS_ERR_LEN];
    int64_t district = 0, id = 0, new_id = 0;
    struct db *db;
    int rc, n = 0;

    if (argc < 2)
        return cli_usage_error("checkpoint", "say add, post, list or poster");
    action = argv[1];
    if (cli_parse_options("checkpoint", argc, argv, 2, opts, 0) < 0)
        return EXIT_USAGE;
    if (strcmp(action, "add") == 0) {
        if (!name || !kind || !district_s)
            return cli_usage_error("checkpoint", "add needs --name NAME --kind KIND --district "
                                                 "CODE");
        if (cli_parse_code("checkpoint", district_s, &district) < 0)
            return EXIT_USAGE;
    } else if (strcmp(action, "post") == 0 || strcmp(action, "poster") == 0) {
        if (argc - optind != 1 || parse_id(argv[optind], &id) < 0)
            return cli_usage_error("checkpoint", "%s needs the %s's id", action,
                                   action[4] ? "post" : "checkpoint");
        if (strcmp(action, "post") == 0 && !name)
            return cli_usage_error("checkpoint", "post needs --name NAME");
        if (strcmp(action, "poster") == 0 && (!url || !out))
            return cli_usage_error("checkpoint", "poster needs --url BASE and -o FILE.pdf|png");
    } else if (strcmp(action, "list") != 0) {
        return cli_usage_error("checkpoint", "unknown action %s", action);
    }
    if (!(db = cli_open_db(0)))
        return EXIT_RUNTIME;
    rc = 0;
    if (strcmp(action, "add") == 0) {
        struct app_error e;
        if ((rc = checkpoints_add(db, name, kind, district, &new_id, &e)) == 0)
            printf("%lld\t%s\n", (long long)new_id, name);
        else
            snprintf(err, sizeof err, "%s", e.message);
    } else if (strcmp(action, "post") == 0) {
        struct app_error e;
        if ((rc = checkpoints_post_add(db, id, name, &new_id, &e)) == 0)
            printf("%lld\t%s\n", (long long)new_id, name);
        else
            snprintf(err, sizeof err, "%s", e.message);
    } else if (strcmp(action, "list") == 0) {
        struct caller c;
        struct app_error e;
        int64_t city = 0;
        if ((rc = store_city_code(db, &city)) == 0) {
            caller_cli(&c, city);
            rc = checkpoints_posts(db, &c, print_post, &n, &e);
            if (rc < 0)
                snprintf(err, sizeof err, "%s", e.message);
        } else {
            snprintf(err, sizeof err, "%s", db_errmsg(db));
        }
        if (rc == 0 && n == 0)
            fprintf(stderr, "no checkpoints yet (cordon checkpoint add)\n");
    } else {
        struct caller c;
        struct app_error e;
        unsigned char *buf = NULL;
        size_t len = 0;
        int64_t city = 0;
        size_t ol = strlen(out);
        int pdf = !(ol > 4 && strcmp(out + ol - 4, ".png") == 0);
        if ((rc = store_city_code(db, &city)) == 0) {
            caller_cli(&c, city);
            if ((rc = checkpoints_poster(db, &c, id, url, pdf, &buf, &len, &e)) < 0)
                snprintf(err, sizeof err, "%s", e.message);
        } else {
            snprintf(err, sizeof err, "%s", db_errmsg(db));
        }
        db_close(db);
        if (rc < 0)
            return cli_fail("%s", err);
        rc = write_file(out, buf, len);
        free(buf);
        return rc;
    }
    db_close(db);
    return rc < 0 ? cli_fail("%s", err) : EXIT_OK;
}

void handover_tick(struct db *db)
{
    struct escalation_report rep;
    struct app_error err;

    if (handovers_escalate(db, clock_now(), &rep, &err) < 0) {
        fprintf(stderr, "cordon: escalation failed: %s\n", err.message);
        return;
    }
    if (rep.to_street || rep.to_district)
        fprintf(stderr, "cordon: hand-overs escalated: %lld a level up, %lld two levels up\n",
                (long long)rep.to_street, (long long)rep.to_district);
}

int cmd_handover(int argc, char **argv)
{
    static const struct cli_option opts[] = {CLI_END};
    struct escalation_report rep;
    const char *action;
    struct app_error err;
    struct db *db;
    int rc, hours = 0;

    if (argc < 2)
        return cli_usage_error("handover", "say escalate or deadline");
    action = argv[1];
    if (cli_parse_options("handover", argc, argv, 2, opts, 0) < 0)
        return EXIT_USAGE;
    if (strcmp(action, "deadline") == 0) {
        char *end;
        if (argc - optind != 1)
            return cli_usage_error("handover", "deadline needs HOURS");
        hours = (int)strtol(argv[optind], &end, 10);
        if (*end || hours < 1 || hours > 168)
            return cli_usage_error("handover", "deadline takes 1 to 168 hours");
    } else if (strcmp(action, "escalate") != 0) {
        return cli_usage_error("handover", "unknown action %s", action);
    }
    if (!(db = cli_open_db(0)))
        return EXIT_RUNTIME;
    if (hours) {
        rc = handovers_set_period(db, hours, &err);
        if (rc == 0)
            printf("hand-overs created from now on are due within %d hours\n", hours);
    } else {
        rc = handovers_escalate(db, clock_now(), &rep, &err);
        if (rc == 0 && rep.skipped)
            printf("skipped: another process is escalating\n");
        else if (rc == 0)
            printf("escalated: %lld a level up, %lld two levels up\n", (long long)rep.to_street,
                   (long long)rep.to_district);
    }
    db_close(db);
    return rc < 0 ? cli_fail("%s", err.message) : EXIT_OK;
}
