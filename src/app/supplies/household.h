/*
 * The household's own page (issue 15): every household gets a private link
 * (/h/TOKEN) and a short code printed on a slip for its door; either opens
 * a phone page with no account showing its members (names masked, colours,
 * quarantine dates), the campaigns it may book, its bookings and pickup
 * codes, and a request for help that becomes a task for its grid's
 * responsible person. Only hashes are stored (like the quarantine check-in
 * link); reissuing replaces them, so the old link and code stop working.
 * Staff issue links with `register_write` over the household.
 */
#ifndef CORDON_APP_SUPPLIES_HOUSEHOLD_H
#define CORDON_APP_SUPPLIES_HOUSEHOLD_H

#include "app/app.h"
#include "app/supplies/campaigns.h"
#include "store/supplies.h"

#include <jansson.h>

#define LINK_TOKEN_LEN        65 /* 64 hex digits and the NUL */
#define HOUSEHOLD_MEMBERS_MAX 16
#define HOUSEHOLD_CAMPAIGNS   20

/* Issuing (or reissuing) the link of household {id}; no body. */
struct household_link {
    APP_JOB_HEAD;
    char token[LINK_TOKEN_LEN];
    char code[PICKUP_CODE_LEN + 1];
    char address[160];
    char base[420]; /* the slip: the server's address as phones reach it */
};
int household_link_job(struct db *db, void *arg);

struct household_page {
    int64_t household;
    char address[160];
    int nmembers;
    struct member_row members[HOUSEHOLD_MEMBERS_MAX]; /* names masked */
    int ncampaigns;
    struct {
        struct campaign_row c;
        struct booking_row b; /* b.id 0: not booked */
    } campaigns[HOUSEHOLD_CAMPAIGNS];
};

/* The page behind a token or short code (404 for a wrong or reissued
 * one). */
int household_page_get(struct db *db, const char *token, int32_t today, struct household_page *out,
                       struct app_error *err);

/* Booking from the page: struct campaigns_book with `token` set by the
 * front; body {campaign}. */
int household_book_parse(struct db *db, const json_t *body, void *job);
int household_book_job(struct db *db, void *arg);

/* A request for help: body {kind: groceries|medicine|rubbish|other,
 * note?}; answers the task made. */
struct household_help {
    APP_JOB_HEAD;
    char token[72];
    int kind; /* enum task_kind */
    char note[256];
    int64_t task;
};
int household_help_parse(struct db *db, const json_t *body, void *job);
int household_help_job(struct db *db, void *arg);

#endif
