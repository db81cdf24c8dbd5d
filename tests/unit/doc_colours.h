/*
 * The default colour rules as docs/colours.md states them, written out for
 * the tests instead of taken from core/colour.c: a test that checks stored
 * colours with the code under test would agree with any mistake in it.
 * Header-only, like testutil.h. doc_colour() is the table (first match
 * wins, a 14-day window in which day 13 after arrival still counts and day
 * 14 does not, the last day of a quarantine still orange); doc_next_change()
 * looks at each later day for the first on which the colour differs. The
 * tests check both against cases worked out by hand (test_register.c).
 */
#ifndef CORDON_TESTS_DOC_COLOURS_H
#define CORDON_TESTS_DOC_COLOURS_H

#include "core/colour.h"
#include "core/date.h"
#include "core/facts.h"

#define DOC_WINDOW 14

/* The colour the documented rules give facts f on day `today`. */
static inline enum colour doc_colour(const struct facts *f, int32_t today)
{
    int recent = f->arrival_day != DATE_NONE && today - f->arrival_day >= 0 &&
                 today - f->arrival_day < DOC_WINDOW;

    if (f->health == HEALTH_FEVER || f->health == HEALTH_SUSPECTED || f->health == HEALTH_CONFIRMED)
        return COLOUR_RED;
    if (f->quarantine != QUARANTINE_NONE && f->quarantine_from <= today &&
        today <= f->quarantine_until)
        return COLOUR_ORANGE;
    if (recent && f->arrival_abroad)
        return COLOUR_YELLOW;
    if (recent)
        return COLOUR_BLUE;
    if (f->presence == PRESENCE_AWAY)
        return COLOUR_PURPLE;
    return COLOUR_GREEN;
}

/* The first day after `today` on which the colour changes with no new fact
 * (docs/colours.md, "next_change"), found by looking at each day of the
 * year ahead, far beyond any date the tests make; DATE_NONE if none. */
static inline int32_t doc_next_change(const struct facts *f, int32_t today)
{
    enum colour now = doc_colour(f, today);

    for (int32_t d = today + 1; d <= today + 366; d++)
        if (doc_colour(f, d) != now)
            return d;
    return DATE_NONE;
}

#endif
