/*
 * The audit log as use cases see it: recording who read unmasked personal
 * data or changed a resident (inside the same transaction as the read or
 * the change, so neither happens without its entry), and reading the log
 * back, for the city administrator, by person or by account.
 */
#ifndef CORDON_APP_AUDIT_H
#define CORDON_APP_AUDIT_H

#include "app/app.h"
#include "store/audit.h"
#include "store/db.h"

#include <jansson.h>
#include <stdint.h>

#define AUDIT_PAGE_MAX 500

/* Appends an entry for caller c. `unit` is the resident's grid or
 * committee; detail is JSON text or NULL. Returns 0 or a db error. */
int audit_record(struct db *db, const struct caller *c, const char *action, int64_t resident,
                 int64_t unit, const char *detail);

/* Room for the reason given to see personal data in full (100 Chinese
 * characters and the terminator). */
#define AUDIT_REASON_LEN 301

/* Checks a reason for unmasking: 0, or APP_E_INVALID ("missing" or
 * "too_long", field "reason") when it is blank or too long. */
int audit_reason_check(const char *reason, struct app_error *err);

/* Records an unmasked read or export with the reason given: the entry's
 * detail is `detail` (an object, stolen; NULL: empty) with "reason" added.
 * Returns 0 or a db error. */
int audit_record_reason(struct db *db, const struct caller *c, const char *action, int64_t resident,
                        int64_t unit, const char *reason, json_t *detail);

/* One entry, owned by the caller. */
struct audit_item {
    int64_t id;
    int64_t at;
    int64_t account;
    char account_name[64];
    char action[32];
    int64_t resident;
    int64_t unit;
    char address[64];
    char detail[1024];
};

struct audit_query {
    const char *person;  /* a document number; NULL: anyone */
    const char *account; /* an account name; NULL: anyone */
};

/*
 * Calls fn for the entries, newest first, within the caller's scope, a
 * page at a time (the cursor: entries with smaller ids; limit 100, at
 * most AUDIT_PAGE_MAX); requires PERM_AUDIT. Returns 0 or an app status
 * with err.
 */
typedef int (*audit_item_fn)(void *arg, const struct audit_item *it);
int audit_list(struct db *db, const struct caller *c, const struct audit_query *q, struct page *pg,
               audit_item_fn fn, void *arg, struct app_error *err);

#endif
