/*
 * Screening travellers at a checkpoint post, and the self-declarations
 * they make on their phones first. A screening is validated strictly (the
 * document number checked, a mainland ID giving birth date and sex; an
 * impossible temperature or an empty destination refused with the field
 * named), its destination resolved to the deepest unit it names, and then
 * written by one writer job with its hand-over (app/checkpoints/handovers.h): the
 * person's second screening on a day, at any post, answers the first,
 * flagged, instead of writing another. A fever (37.3 °C and above) is an
 * alert on the screening and a referral in the hand-over's timeline.
 */
#ifndef CORDON_APP_SCREENINGS_H
#define CORDON_APP_SCREENINGS_H

#include "app/units/resolve.h"
#include "app/app.h"
#include "store/checkpoints.h"
#include "store/handovers.h"
#include "store/screenings.h"
#include "store/units.h"

#include <jansson.h>
#include <stdint.h>

#define SCREENINGS_PAGE_DEFAULT 50
#define SCREENINGS_PAGE_MAX     500
#define DECLARATIONS_FIND_MAX   8

/* A screening as a reader sees it: masked unless it was just typed. */
struct screening_view {
    struct screening s;
    struct post post;
    int masked;
};

/* Creating a screening: parse (any thread), resolve (a server thread: it
 * reads), then the writer job. */
struct screening_new {
    APP_JOB_HEAD; /* c, id, today, now, err (app/app.h) */
    struct screening s;
    struct post post;
    struct resolution res;
    /* results */
    int duplicate;             /* 1: the person was already screened that day */
    struct screening_view out; /* the new screening, or the earlier one (masked) */
    struct handover h;         /* its hand-over */
    struct unit holder;        /* the unit holding it */
};

/*
 * Validates a body {document, document_type, document_override, name,
 * phone, origin, abroad, travel, destination, temperature, symptoms, post,
 * declaration} for the caller u->c (PERM_SCREEN; `post` defaults to the
 * account's own and must be one it may screen at) and resolves the
 * destination: reads the database, on the front's thread. Fills u->s,
 * u->post, u->res. Returns 0 or an app status with the field named
 * (app_parse_fn).
 */
int screenings_parse(struct db *db, const json_t *body, void *job);

/* The writer job (arg: struct screening_new): the screening, its hand-over
 * and their first timeline events, or the earlier screening (duplicate). */
int screenings_create_job(struct db *db, void *arg);

/* Screenings of `day` at a post the caller may see (post 0: every such
 * post), newest first, masked, a page at a time (the cursor: ids below
 * it). */
typedef int (*screening_view_fn)(void *arg, const struct screening_view *v);
int screenings_list(struct db *db, const struct caller *c, int64_t post, int32_t day,
                    struct page *pg, screening_view_fn fn, void *arg, struct app_error *err);

/* One screening at a post the caller may see, masked. */
int screenings_get(struct db *db, const struct caller *c, int64_t id, struct screening_view *out,
                   struct app_error *err);

/* Masks name, document and phone and drops the birth date. */
void screening_mask(struct screening *s);

/* Self-declarations. The body is a screening's without temperature,
 * override and declaration, and `post` is required; anyone may declare. */
struct declaration_new {
    APP_JOB_HEAD; /* c, id, today, now, err (app/app.h) */
    struct declaration d;
    struct post post;
};
int declarations_parse(struct db *db, const json_t *body, void *job); /* app_parse_fn */
int declarations_create_job(struct db *db, void *arg);

/* Today's declarations with that document number at posts the caller may
 * screen at (PERM_SCREEN), unmasked: the traveller stands in front of the
 * officer. *out_n how many (at most DECLARATIONS_FIND_MAX). */
int declarations_find(struct db *db, const struct caller *c, const char *document, int32_t day,
                      struct declaration *out, int *out_n, struct app_error *err);

/* The same as a writer job that also writes one audit entry per
 * declaration shown (`read_declaration`): self-declared personal data read
 * unmasked, like any other. */
struct declarations_lookup {
    APP_JOB_HEAD; /* c, id, today, now, err (app/app.h) */
    char document[RES_DOC_MAX];
    int32_t day;
    struct declaration found[DECLARATIONS_FIND_MAX];
    struct post posts[DECLARATIONS_FIND_MAX];
    int n;
};
int declarations_lookup_job(struct db *db, void *arg);

/* JSON of a screening: {"id","post":{"id","name","checkpoint"},"at","date",
 * "document_type","document","document_override","name","sex","birth",
 * "phone","origin","abroad","travel","destination","temperature","fever",
 * "symptoms","masked"}. New reference. */
json_t *screening_json(const struct screening_view *v);

/* JSON of a declaration (unmasked). New reference. */
json_t *declaration_json(const struct declaration *d, const struct post *p);

#endif
