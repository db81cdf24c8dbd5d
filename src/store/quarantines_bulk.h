/*
 * Quarantine cases opened set-wise (issue 19 §4): the cases of an import are
 * staged in a temporary table (one bulk load: COPY in PostgreSQL), then a
 * handful of INSERT ... SELECT statements write for all of them what
 * opening one case writes (app/quarantine/quarantines.c): the case, the
 * resident's new version, its history row, the audit entry, the rubbish
 * task of the day and its event. The same SQL on SQLite and PostgreSQL;
 * the rules (who follows a case, which task is due) mirror the per-case
 * path, and tests/unit/test_import_cases.c compares both.
 */
#ifndef CORDON_STORE_QUARANTINES_BULK_H
#define CORDON_STORE_QUARANTINES_BULK_H

#include "store/db.h"

#include <stdint.h>

struct case_stage;

/* One case to open: resident `resident`'s quarantine of `kind` from
 * `day_from` to `day_until`; its history says `value` (JSON) effective
 * `effective`; the check-in link's hash; `bad` != 0 when the caller may not
 * open it (the reason is the caller's to say). `line` orders the cases. */
struct case_staged {
    int64_t line;
    int64_t resident;
    int kind;
    int32_t day_from, day_until, effective;
    const char *token_hash;
    const char *value;
    int bad;
};

/* Empties the stage and starts loading it, in the caller's transaction. */
int store_case_stage_begin(struct db *db, struct case_stage **out);
int store_case_stage_add(struct case_stage *s, const struct case_staged *c);
/* Ends the load (and frees s, also on error). */
int store_case_stage_end(struct case_stage *s);

/* The first staged case (by line) that is marked bad and whose resident has
 * no case still running on `today`: its line in *out_line (0: none). */
int store_case_stage_first_bad(struct db *db, int32_t today, int64_t *out_line);

/* What the opening writes besides the staged values. */
struct case_open_params {
    int32_t today;
    int64_t now;         /* history, audit, resident's updated_at */
    int64_t created_at;  /* the cases and their tasks */
    int64_t account;     /* 0: none (follower when the grid has nobody; audit) */
    const char *by;      /* the caller's name */
    const char *address; /* the caller's address for the audit */
    const char *history_kind;
    int home_kind; /* the kind whose household gets a rubbish task */
    const char *task_kind, *task_title;
    int64_t task_deadline;
};

/* Opens every staged case whose resident has no case still running on
 * p->today (an open case past its last day is ended first), then empties
 * the stage. *out_opened: how many. */
int store_cases_open_staged(struct db *db, const struct case_open_params *p, int64_t *out_opened);

#endif
