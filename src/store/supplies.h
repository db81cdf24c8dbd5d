/*
 * Storage of supplies campaigns (tables of 007_supplies.sql): campaigns,
 * their pickup points, bookings. The stock bound lives in the SQL: a
 * booking is one INSERT … SELECT that selects a row only while allocated <
 * stock, its box taken by the trigger of migration 013 (the draw and the
 * lapse take and give back with bounded UPDATEs), and the one booking per
 * household per campaign is the table's UNIQUE. Who may do
 * what is decided in app/supplies/.
 */
#ifndef CORDON_STORE_SUPPLIES_H
#define CORDON_STORE_SUPPLIES_H

#include "core/draw.h"
#include "store/db.h"

#include <stddef.h>
#include <stdint.h>

#define CAMPAIGN_ITEM_MAX   64
#define CAMPAIGN_TEXT_MAX   32
#define CAMPAIGN_SEED_MAX   24
#define CAMPAIGN_METHOD_MAX 128
#define POINT_NAME_MAX      64

struct campaign_row {
    int64_t id;
    int64_t unit;
    char item[CAMPAIGN_ITEM_MAX];
    char measure[CAMPAIGN_TEXT_MAX];
    int64_t per_household;
    int64_t stock;
    int64_t allocated;
    int32_t opens, closes;
    char allocation[CAMPAIGN_TEXT_MAX]; /* first_come | draw */
    char seed[CAMPAIGN_SEED_MAX];
    char method[CAMPAIGN_METHOD_MAX];
    int64_t drawn_at; /* 0: not drawn */
    int64_t district;
    int64_t created_at;
    char created_by[64];
    int64_t pickup_days; /* days to collect from allocation; 0: no end */
    int64_t colours;     /* bit 1 << enum colour the household's worst may be; 0: any */
    int64_t npoints;     /* pickup points (read, not written) */
};

/* How many bookings of a campaign are in each state. */
struct campaign_counts {
    int64_t booked;    /* every booking, whatever its state */
    int64_t entered;   /* waiting for the draw */
    int64_t allocated; /* holding a box, not collected yet */
    int64_t picked;    /* collected */
    int64_t delivery;  /* allocated or collected, brought to the door */
    int64_t not_drawn;
    int64_t lapsed;    /* not collected in time: the box went back */
    int64_t delivered; /* on delivery and handed over (the code entered at the door) */
};

struct point_row {
    int64_t id;
    int64_t campaign;
    char name[POINT_NAME_MAX];
    int64_t stock;
    int64_t allocated;
    int64_t picked;
    int64_t days;     /* bit 0 Monday .. bit 6 Sunday: the days it serves */
    int64_t opens_at; /* local minutes of the day it serves, [opens_at, closes_at) */
    int64_t closes_at;
    int64_t daily; /* boxes handed out a day; 0: no limit */
};

#define POINT_DAYS_ALL 127

enum booking_state {
    BOOKING_ENTERED = 0,
    BOOKING_ALLOCATED,
    BOOKING_PICKED,
    BOOKING_NOT_DRAWN,
    BOOKING_LAPSED, /* not collected by pick_by: the box went back */
    BOOKING_STATES
};

struct booking_row {
    int64_t id;
    int64_t campaign;
    int64_t household;
    int64_t point; /* 0: none */
    char code[PICKUP_CODE_LEN + 1];
    int state; /* enum booking_state */
    int delivery;
    int64_t committee;
    int64_t district;
    int64_t created_at;
    char created_by[64];
    int64_t picked_at;
    int32_t pick_by; /* last day to collect; DATE_NONE: no end */
};

int store_campaign_insert(struct db *db, struct campaign_row *c);
int store_campaign_get(struct db *db, int64_t id, struct campaign_row *out);
int store_campaign_counts(struct db *db, int64_t id, struct campaign_counts *out);
int store_point_insert(struct db *db, struct point_row *p, int64_t district);
typedef int (*point_row_fn)(void *arg, const struct point_row *p);
int store_campaign_points(struct db *db, int64_t campaign, point_row_fn fn, void *arg);

/* Takes one box of the campaign's stock: 0, or DB_E_NOTFOUND when none is
 * left. */
int store_campaign_take(struct db *db, int64_t campaign);
/* Takes one box of a point's stock: `point`, or when 0 the first point of
 * the campaign (by id) with stock left; *out the point (0 when the campaign
 * has none). DB_E_NOTFOUND when the point has none left (or is not the
 * campaign's). */
int store_point_take(struct db *db, int64_t campaign, int64_t point, int64_t *out);

/* What one booking statement needs besides the booking itself: the
 * caller's scope as a committee range [lo, hi) and grid (unit_range.h),
 * the day and instant, and whether a household quarantined today may be
 * booked (delivery) by it. */
struct booking_take {
    int64_t campaign, household, point; /* point 0: the first with stock */
    int32_t today;
    int64_t now;
    const char *by;
    const char *code;
    int64_t lo, hi, grid;
    int delivery_ok;
};
/* The whole booking as one statement: inserts it when the campaign's
 * window holds `today`, the household lies within the scope and the
 * campaign's unit, its worst colour is one the campaign takes, it has no
 * booking of the campaign yet (the UNIQUE, no error) and, first come, a
 * box is left (the trigger of 014 takes it, of the point too); a
 * household quarantined today only when delivery_ok. 0 and *out (id,
 * point, state, delivery, committee, district, pick_by), DB_E_NOTFOUND
 * when nothing was written (the caller tells why), or < 0. */
int store_booking_take(struct db *db, const struct booking_take *in, struct booking_row *out);

/* *out 1 when the household already booked the campaign. */
int store_booking_exists(struct db *db, int64_t campaign, int64_t household, int *out);
/* 0, DB_E_NOTFOUND or < 0. */
int store_booking_by_code(struct db *db, const char *code, struct booking_row *out);
/* Marks an allocated booking picked up: 0, or DB_E_NOTFOUND when it was
 * not in the allocated state (already collected). */
int store_booking_pick(struct db *db, int64_t id, int64_t now, const char *by);
int store_booking_get(struct db *db, int64_t id, struct booking_row *out);
/* Up to max (at most 256) allocated bookings, not on delivery, whose last
 * day to collect is before `today`, by id. */
int store_bookings_overdue(struct db *db, int32_t today, int64_t *ids, int max, int *n);
/* Lapses an allocated booking: its box goes back to the campaign and its
 * point. 0, or DB_E_NOTFOUND when it was no longer allocated. */
int store_booking_lapse(struct db *db, const struct booking_row *b);
/* The not-drawn booking of a campaign first in the draw's order: 0 and
 * *out, or DB_E_NOTFOUND. */
int store_campaign_next_drawn(struct db *db, int64_t campaign, int64_t *out);
/* The colour of the household's worst-coloured member (lowest enum
 * colour), -1 when it has none. */
int store_household_worst_colour(struct db *db, int64_t household, int *out);
/* One point (picked is not read). 0, DB_E_NOTFOUND or < 0. */
int store_point_get(struct db *db, int64_t id, struct point_row *out);
/* Counts one pickup at the point on `day` while fewer than `daily` were:
 * 0, or DB_E_NOTFOUND when the day's boxes are gone. */
int store_point_pick_day(struct db *db, int64_t point, int32_t day, int64_t daily);
/* The entered bookings of a campaign by id, up to max. */
int store_campaign_entries(struct db *db, int64_t campaign, int64_t *ids, int max, int *n);
/* Sets a booking's state, point (0: unchanged), last day to collect
 * (DATE_NONE: none) and place in the draw (0: unchanged). */
int store_booking_settle(struct db *db, int64_t id, int state, int64_t point, int32_t pick_by,
                         int64_t rank);
/* Records the draw on the campaign. */
int store_campaign_drawn(struct db *db, int64_t id, const char *seed, const char *method,
                         int64_t now);
/* *out 1 when a case of the household is open at home on `today`. */
int store_household_quarantined(struct db *db, int64_t household, int32_t today, int *out);

/* ---- the household's own page ----------------------------------------------- */

#define LINK_HASH_LEN 65 /* hex SHA-256 and its NUL */

/* Sets (replacing) the household's link: the hashes of its token and code. */
int store_household_link_set(struct db *db, int64_t household, const char *token_hash,
                             const char *code_hash, int64_t district, int64_t now, const char *by);
/* The household of a link's token hash, or of a code hash: 0,
 * DB_E_NOTFOUND or < 0. */
int store_household_by_link(struct db *db, const char *hash, int64_t *out);

/* One member as the page shows it (the name masked by the caller). */
struct member_row {
    int64_t id;
    char name[64];
    int colour;               /* enum colour */
    int32_t quarantine_until; /* 0: none */
};
typedef int (*member_row_fn)(void *arg, const struct member_row *m);
int store_household_members(struct db *db, int64_t household, member_row_fn fn, void *arg);

/* The household's address: compound, building, unit and room. */
int store_household_address(struct db *db, int64_t household, char *out, size_t size);

/* Campaigns of units `committee` or `grid` still open on `today` or
 * booked by the household, newest first, each with the household's
 * booking (b.id 0 when none). */
typedef int (*household_campaign_fn)(void *arg, const struct campaign_row *c,
                                     const struct booking_row *b);
int store_household_campaigns(struct db *db, int64_t household, int64_t committee, int64_t grid,
                              int32_t today, household_campaign_fn fn, void *arg);

/* Campaigns of `district` (0: every district) with id below `before`
 * (0: no bound), newest first; fn's non-zero return stops the walk. */
typedef int (*campaign_row_fn)(void *arg, const struct campaign_row *c);
int store_campaigns_walk(struct db *db, int64_t district, int64_t before, campaign_row_fn fn,
                         void *arg);

/* A campaign's bookings counted by the unit of the household (its
 * building's grid, else its committee), by unit code. */
struct unit_counts {
    int64_t unit;
    int64_t booked, allocated, picked, delivery, delivered;
};
typedef int (*unit_counts_fn)(void *arg, const struct unit_counts *u);
int store_campaign_units(struct db *db, int64_t campaign, unit_counts_fn fn, void *arg);

/* How many campaigns there are, city-wide (the demo's "already made"). */
int store_campaigns_count(struct db *db, int64_t *out);

/* The bookings of a campaign at a point (0: every point) for its list, by
 * id, with the household's address (compound, building, unit-room). */
typedef int (*booking_line_fn)(void *arg, const struct booking_row *b, const char *address);
int store_point_bookings(struct db *db, int64_t campaign, int64_t point, booking_line_fn fn,
                         void *arg);

#endif
