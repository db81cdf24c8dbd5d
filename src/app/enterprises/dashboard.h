/*
 * Return to work (issue 16), the dashboards: the resumption rates of a
 * street, district or city broken down by street, park, building or
 * industry (by count, staff and output, on a date); the enterprises at or
 * above an output threshold (default 500 million yuan) with their status;
 * and the open problem tickets by kind and age.
 */
#ifndef CORDON_APP_ENTERPRISE_DASHBOARD_H
#define CORDON_APP_ENTERPRISE_DASHBOARD_H

#include "app/app.h"
#include "app/enterprises/enterprises.h"
#include "core/tickets.h"

#include <stdint.h>

enum breakdown_by {
    BY_STREET = 0,
    BY_PARK,
    BY_BUILDING,
    BY_INDUSTRY,
    BY_COUNT,
};
/* "street", "park", "building", "industry": 0, or -1 if unknown. */
int breakdown_by_parse(const char *s, enum breakdown_by *out);

/* One group of a breakdown: key (the street's code, the place's id, the
 * industry; "" for enterprises in no park or building) and its figures. */
struct breakdown_row {
    char key[ENT_TEXT_MAX];
    char name[ENT_NAME_MAX];
    struct resumption_figures f;
};
/* The breakdown of `unit` on `day` into a new array (*out, *n, freed by the
 * caller, by key order of first appearance), and large_fn (may be NULL)
 * with each enterprise whose output is at least `threshold` (万元). */
int resumption_breakdown(struct db *db, const struct caller *c, int64_t unit, int32_t day,
                         enum breakdown_by by, int64_t threshold, struct breakdown_row **out,
                         int *n, resumption_row_fn large_fn, void *arg, struct app_error *err);

/* Open problem tickets of a unit by kind: open, accepted, overdue, and by
 * age since opened (under a day, one to three days, more). */
struct ticket_ages {
    int64_t open, accepted, overdue, day1, day3, older;
};
int tickets_summary(struct db *db, const struct caller *c, int64_t unit,
                    struct ticket_ages out[TICKET_KIND_COUNT], struct app_error *err);

#endif
