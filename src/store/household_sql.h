/*
 * A SQL piece for statements that read one household's residents. Residents
 * are indexed by (committee, household), never by household alone: a
 * household's committee is always known, and a search by the household
 * alone reads the whole register ("SELECT min(colour) FROM residents WHERE
 * household = ?" read all 25 million rows of a city, 15 s, for one
 * booking). A statement that has only the household's id takes the
 * committee from its row with HOUSEHOLD_COMMITTEE: a subquery of its
 * parameter alone, evaluated once, never correlated with the outer rows
 * (which Citus also refuses once the register is distributed, issue 20).
 * The committee's district, when the caller knows it, is a parameter: a
 * distributed register picks its shard by a constant, not a subquery.
 */
#ifndef CORDON_STORE_HOUSEHOLD_SQL_H
#define CORDON_STORE_HOUSEHOLD_SQL_H

/* The committee of household `param` ("$1"), as a scalar subquery. */
#define HOUSEHOLD_COMMITTEE(param) "(SELECT committee FROM households WHERE id = " param ")"

/* (clang-format would break the lines at the macro, not in the text.) */
/* clang-format off */
/* The least grid of household `param`'s residents (NULL: none or no grid);
 * `also` more terms on them ("" or " AND district = $2", which on a
 * register distributed by district reads one shard). */
#define HOUSEHOLD_MEMBERS_GRID(param, also) \
    "(SELECT min(grid) FROM residents WHERE committee = " HOUSEHOLD_COMMITTEE(param) \
    " AND household = " param also ")"

/* The household's worst colour: the least of its residents' (NULL: none). */
#define HOUSEHOLD_WORST_COLOUR(param) \
    "(SELECT min(colour) FROM residents WHERE committee = " HOUSEHOLD_COMMITTEE(param) \
    " AND household = " param ")"
/* clang-format on */

#endif
