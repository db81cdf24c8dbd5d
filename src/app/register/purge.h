/*
 * Retention (PIPL: personal information kept no longer than its purpose
 * needs): the personal data of released residents and closed cases past
 * the retention period is cleared, counts and history aggregates kept, and
 * the purge itself audited. The command line's `cordon purge` calls it;
 * docs/operations.md has the policy.
 */
#ifndef CORDON_APP_REGISTER_PURGE_H
#define CORDON_APP_REGISTER_PURGE_H

#include "app/app.h"
#include "store/db.h"
#include "store/purge.h"

#include <stdint.h>

#define PURGE_MIN_DAYS 1     /* a case closed today is never purged */
#define PURGE_MAX_DAYS 36500 /* a century: anything longer is a typo */

/*
 * Purges what closed more than `days` days before `today` (the city
 * administrator or the system only: 403 otherwise), in one transaction
 * with its audit entry (who, when, the cutoff and every count), and fills
 * *out. With dry_run set, counts what would go and writes nothing.
 * Returns 0 or an app status with e filled.
 */
int purge_personal_data(struct db *db, const struct caller *c, int64_t days, int32_t today,
                        int64_t now, int dry_run, struct purge_counts *out, struct app_error *e);

#endif
