/*
 * The city's colour rule table: stored in the database (meta "rules"), the
 * shipped default until an administrator sets another. Setting a table
 * re-evaluates every resident and rebuilds the counts, since stored colours
 * and next-change days are only right for the rules that computed them.
 */
#ifndef CORDON_APP_RULES_H
#define CORDON_APP_RULES_H

#include "app/app.h"
#include "core/colour.h"
#include "store/db.h"

/* Loads the rules in force. Returns 0 or < 0 (err says why). */
int rules_load(struct db *db, struct colour_rules *out, struct app_error *err);

/* Validates and stores a rule file, then re-evaluates everyone. Returns 0,
 * -1 for an invalid file (err has the precise reason), or a db error. */
int rules_set(struct db *db, const char *json, int64_t *out_changed, struct app_error *err);

#endif
