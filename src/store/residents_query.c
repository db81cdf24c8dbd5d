/*
 * SQL for reading the register (see residents_query.h). The list query is
 * put together from fixed fragments, one per filter in use, so each variant
 * is a distinct cached statement whose plan can use the indexes (a filter
 * written as "$n = 0 OR col = $n" would hide them from the planner). Whole
 * residents are then read with store_resident_get(), which keeps the one
 * definition of a resident row in residents.c.
 */
#include "store/residents_query.h"

#include "core/document.h"
#include "core/unitcode.h"
#include "store/unit_range.h"

#include <stdio.h>
#include <string.h>

/* "%q%" with LIKE's wildcards in q escaped by '\\'. */
static void like_pattern(const char *q, char *out, size_t size)
{
    size_t n = 0;

    out[n++] = '%';
    for (; *q && n + 3 < size; q++) {
        if (*q == '%' || *q == '_' || *q == '\\')
            out[n++] = '\\';
        out[n++] = *q;
    }
    out[n++] = '%';
    out[n] = '\0';
}

/* What a statement of find_prepare answers. */
enum find_what {
    FIND_IDS,     /* the ids of a page */
    FIND_COUNT,   /* count(*) of every match, no cursor */
    FIND_COUNTED, /* the ids of a page, each row with the count of every match */
};

/* The statement of a resident list or count: the WHERE clause is put
 * together from the filters in use; parameters are numbered in the order
 * the fragments appear, so every variant uses $1..$n without gaps
 * (PostgreSQL needs each one used). */
struct find_sql {
    char sql[1536];
    char pattern[512], compound[200];
    struct unit_range u;
};

/* The committees of the unit's range, $1 and $2 (every statement here binds
 * the range first): an index that starts with the committee is probed once
 * per committee with what follows it, instead of read over the range. */
#define COMMITTEES_OF_RANGE                                                                        \
    "r.committee IN (SELECT u.code FROM units u WHERE u.level = 4 AND u.code >= $1 AND "           \
    "u.code < $2)"
_Static_assert(LEVEL_COMMITTEE == 4, "COMMITTEES_OF_RANGE names the committee level");

/* The text search's fragment by enum resident_match, each answered from an
 * index at street size (schema 016): a substring of name, document or phone
 * scans the unit's committee range; a substring with a character outside
 * ASCII can only be in the name (document and phone numbers are ASCII,
 * core/document.c and core/phone.c), and is matched on residents_name
 * alone; a whole document number through UNIQUE (doc_type, doc_no), one
 * probe per type; a whole phone through residents_phone (committee, phone)
 * and the first character of a name through residents_name, committee by
 * committee (the first character compared to the bare parameter: wrapped
 * in CAST, SQLite no longer matches the index's expression). */
static const char *const text_match[] = {
    (" AND (r.name LIKE $%d ESCAPE '\\' OR r.doc_no LIKE $%d ESCAPE '\\' OR r.phone LIKE $%d "
     "ESCAPE '\\')"),
    (" AND ((r.doc_type IN (0, 1, 2, 3, 4, 5) AND r.doc_no = UPPER(CAST($%d AS TEXT))) OR "
     "(" COMMITTEES_OF_RANGE " AND r.phone = CAST($%d AS TEXT)))"),
    " AND substr(r.name, 1, 1) = $%d",
    " AND r.name LIKE $%d ESCAPE '\\'",
};
_Static_assert(DOC_OTHER == 5, "text_match[RESIDENT_MATCH_EXACT] names every doc_type");

/* The two substring fragments again, for a text without an ASCII letter
 * (digits, Chinese): `instr`, which finds the bytes of the text without
 * LIKE's pattern machinery, ~13 % less time over a street's 357,200 names
 * (bench/RESULTS.md, "Session 11: … the street's search"). It is
 * the same match as LIKE's for such a text: LIKE ignores the case of ASCII
 * letters on SQLite (not on PostgreSQL), and there are none; the text's
 * '%' and '_' are plain characters for instr as they are for the escaped
 * pattern. SQLite has instr; PostgreSQL gets it from migration 019, as
 * strpos. */
static const char *const text_match_plain[] = {
    " AND (instr(r.name, $%d) > 0 OR instr(r.doc_no, $%d) > 0 OR instr(r.phone, $%d) > 0)",
    NULL,
    NULL,
    " AND instr(r.name, $%d) > 0",
};

/* Which text_match fragment a filter uses; *out_plain (when asked) whether
 * the text has no ASCII letter (text_match_plain's). */
static int match_of(const struct resident_filter *f, int *out_plain)
{
    int wide = 0, letter = 0;

    if (out_plain)
        *out_plain = 0;
    if (f->match != RESIDENT_MATCH_SUBSTRING)
        return f->match;
    for (const char *p = f->q; *p; p++) {
        unsigned char c = (unsigned char)*p;
        wide |= c >= 0x80;
        letter |= (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }
    if (out_plain)
        *out_plain = !letter;
    return wide ? RESIDENT_MATCH_NAME_SUBSTRING : RESIDENT_MATCH_SUBSTRING;
}

static void append(struct find_sql *q, size_t *len, const char *fmt, int p)
{
    *len += (size_t)snprintf(q->sql + *len, sizeof q->sql - *len, fmt, p, p, p, p, p);
}

static int find_prepare(struct db *db, const struct resident_filter *f, enum find_what what,
                        struct find_sql *q, struct db_stmt **out)
{
    static const char *const columns[] = {"r.id", "count(*)", "r.id, count(*) OVER ()"};
    int count = what == FIND_COUNT;
    const struct resident_address_filter *a = f->address;
    size_t len;
    int rc, p = 1, joins = f->compound || a, text = !a && f->q && *f->q, plain = 0;
    int cursor = !count && (f->after > 0 || f->walk);
    int match = text ? match_of(f, &plain) : -1;
    int64_t district;

    if ((rc = store_unit_range(f->unit, &q->u)) < 0)
        return rc;
    len = (size_t)snprintf(q->sql, sizeof q->sql, "SELECT %s FROM residents r%s%s WHERE ",
                           columns[what],
                           joins ? " JOIN households h ON h.id = r.household "
                                   "JOIN buildings b ON b.id = h.building"
                                 : "",
                           a && a->compound[0] ? " JOIN compounds c ON c.id = b.compound" : "");
    /* A grid is searched within its committee (store/unit_range.h). The
     * first character of a name is sought in each committee of the range
     * (residents_name's first two columns), not over the range. */
    len += (size_t)snprintf(q->sql + len, sizeof q->sql - len, "%s",
                            text && match == RESIDENT_MATCH_NAME_START
                                ? COMMITTEES_OF_RANGE
                                : "r.committee >= $1 AND r.committee < $2");
    p += 2;
    if (q->u.grid)
        append(q, &len, " AND r.grid = $%d", p++);
    if ((district = store_unit_range_district(db, &q->u)))
        append(q, &len, " AND r.district = $%d", p++);
    /* "+": the cursor is a filter, never the access path. Without
     * statistics SQLite would otherwise walk the primary key from the
     * cursor, every resident of the city below the unit's (5 s for a
     * street of Pudong in a city of 25 million). A first page has no
     * cursor term at all: it was read from every entry the scan went over
     * (a substring search reads a street's 357,200: 20 % of its time). */
    if (cursor)
        append(q, &len, f->walk ? " AND r.id > $%d /* walk */" : " AND +r.id > $%d", p++);
    if (f->compound)
        append(q, &len, " AND b.compound = $%d", p++);
    if (f->colour >= 0)
        append(q, &len, " AND r.colour = $%d", p++);
    if (a && a->compound[0])
        append(q, &len, " AND c.name LIKE $%d ESCAPE '\\'", p++);
    if (a && a->building[0])
        append(q, &len,
               " AND (b.name = CAST($%d AS TEXT) OR b.name = CAST($%d AS TEXT) || '号' OR b.name "
               "= CAST($%d AS TEXT) || '号楼' OR b.name = CAST($%d AS TEXT) || '栋' OR b.name = "
               "CAST($%d AS TEXT) || '幢')",
               p++);
    if (a && a->unit[0])
        append(q, &len, " AND h.unit = $%d", p++);
    if (a && a->room[0])
        append(q, &len, " AND h.room = $%d", p++);
    if (text)
        append(q, &len, plain ? text_match_plain[match] : text_match[match], p++);
    if (!count)
        append(q, &len, " ORDER BY r.id LIMIT $%d", p);
    if ((rc = db_prepare(db, q->sql, out)) < 0)
        return rc;
    p = 1;
    db_bind_int64(*out, p++, q->u.lo);
    db_bind_int64(*out, p++, q->u.hi);
    if (q->u.grid)
        db_bind_int64(*out, p++, q->u.grid);
    if (district)
        db_bind_int64(*out, p++, district);
    if (cursor)
        db_bind_int64(*out, p++, f->after);
    if (f->compound)
        db_bind_int64(*out, p++, f->compound);
    if (f->colour >= 0)
        db_bind_int64(*out, p++, f->colour);
    if (a && a->compound[0]) {
        like_pattern(a->compound, q->compound, sizeof q->compound);
        db_bind_text(*out, p++, q->compound, -1);
    }
    if (a && a->building[0])
        db_bind_text(*out, p++, a->building, -1);
    if (a && a->unit[0])
        db_bind_text(*out, p++, a->unit, -1);
    if (a && a->room[0])
        db_bind_text(*out, p++, a->room, -1);
    if (text && (plain || match == RESIDENT_MATCH_EXACT || match == RESIDENT_MATCH_NAME_START)) {
        db_bind_text(*out, p++, f->q, -1);
    } else if (text) {
        like_pattern(f->q, q->pattern, sizeof q->pattern);
        db_bind_text(*out, p++, q->pattern, -1);
    }
    if (!count)
        db_bind_int64(*out, p, f->limit);
    return 0;
}

/* Runs a FIND_IDS or FIND_COUNTED statement: at most f->limit ids, and
 * for FIND_COUNTED the count every row carries into *out_total. */
static int find_run(struct db *db, const struct resident_filter *f, enum find_what what,
                    int64_t *out_ids, int *out_n, int64_t *out_total)
{
    struct find_sql q;
    struct db_stmt *st;
    int rc, n = 0;

    *out_n = 0;
    if ((rc = find_prepare(db, f, what, &q, &st)) < 0)
        return rc;
    while (n < f->limit && (rc = db_step(st)) == DB_ROW) {
        out_ids[n++] = db_column_int64(st, 0);
        if (what == FIND_COUNTED)
            *out_total = db_column_int64(st, 1);
    }
    db_done(st);
    if (rc < 0)
        return rc;
    *out_n = n;
    return 0;
}

int store_residents_find(struct db *db, const struct resident_filter *f, int64_t *out_ids,
                         int *out_n)
{
    return find_run(db, f, FIND_IDS, out_ids, out_n, NULL);
}

int store_residents_count_matching(struct db *db, const struct resident_filter *f,
                                   int64_t *out_count)
{
    struct find_sql q;
    struct db_stmt *st;
    int rc;

    *out_count = 0;
    if ((rc = find_prepare(db, f, FIND_COUNT, &q, &st)) < 0)
        return rc;
    if ((rc = db_step(st)) == DB_ROW)
        *out_count = db_column_int64(st, 0);
    db_done(st);
    return rc < 0 ? rc : 0;
}

/* A substring of name, document or phone is matched by reading every
 * index entry (or row) of the unit: 357,200 for a large street of the city,
 * 39 ms of CPU for the page and as much again for a separate count. There
 * the page's statement carries the count of every match (count(*) OVER (),
 * one scan; SQLite keeps the matches in a temporary table to count them:
 * cheap beside the scan when the substring is rare, 12 % more CPU than
 * two statements when nearly every resident matches, as one digit does;
 * bench/RESULTS.md). Any other filter reads the page from an index in id
 * order, or a few entries probed, and its count from a covering index: two
 * statements cost less there than one that keeps every match. */
int store_residents_find_counted(struct db *db, const struct resident_filter *f, int64_t *out_ids,
                                 int *out_n, int64_t *out_total)
{
    int match = f->q && *f->q ? match_of(f, NULL) : -1;
    int rc;

    *out_total = 0;
    if (!f->after && !f->address &&
        (match == RESIDENT_MATCH_SUBSTRING || match == RESIDENT_MATCH_NAME_SUBSTRING))
        return find_run(db, f, FIND_COUNTED, out_ids, out_n, out_total);
    if ((rc = find_run(db, f, FIND_IDS, out_ids, out_n, NULL)) < 0)
        return rc;
    return store_residents_count_matching(db, f, out_total);
}

static int read_household(void *arg, struct db_stmt *st)
{
    struct household_info *out = arg;

    out->id = db_column_int64(st, 0);
    out->committee = db_column_int64(st, 1);
    out->compound = db_column_int64(st, 2);
    snprintf(out->compound_name, sizeof out->compound_name, "%s", db_column_text(st, 3));
    snprintf(out->building, sizeof out->building, "%s", db_column_text(st, 4));
    snprintf(out->unit, sizeof out->unit, "%s", db_column_text(st, 5));
    snprintf(out->room, sizeof out->room, "%s", db_column_text(st, 6));
    out->floor = db_column_is_null(st, 7) ? 0 : (int)db_column_int64(st, 7);
    out->lift = db_column_is_null(st, 8) ? -1 : (int)db_column_int64(st, 8);
    out->building_id = db_column_int64(st, 9);
    return 0;
}

int store_household_get(struct db *db, int64_t id, struct household_info *out)
{
    const struct db_value args[] = {DB_ARG_INT(id)};

    memset(out, 0, sizeof *out);
    return db_get(
        db,
        "SELECT h.id, h.committee, c.id, c.name, b.name, h.unit, h.room, h.floor, b.lift, b.id "
        "FROM households h JOIN buildings b ON b.id = h.building "
        "JOIN compounds c ON c.id = b.compound WHERE h.id = $1",
        args, 1, read_household, out);
}

int store_household_residents(struct db *db, int64_t household, int64_t committee, int64_t *out_ids,
                              int max, int *out_n)
{
    struct unit_range u = {committee, committee + 1, 0};
    int64_t district = store_unit_range_district(db, &u);
    const struct db_value args[] = {DB_ARG_INT(committee), DB_ARG_INT(household),
                                    DB_ARG_INT(district)};

    /* (committee, household) is the index that serves this. */
#define OF_HOUSEHOLD "SELECT id FROM residents WHERE committee = $1 AND household = $2"
    return db_list_ids(
        db, district ? OF_HOUSEHOLD " AND district = $3 ORDER BY id" : OF_HOUSEHOLD " ORDER BY id",
        args, district ? 3 : 2, out_ids, max, out_n);
#undef OF_HOUSEHOLD
}

int store_history_list(struct db *db, int64_t resident, int64_t before, int limit, history_fn fn,
                       void *arg)
{
    struct db_stmt *st;
    struct history_row h;
    int rc;

    if ((rc = db_prepare(db,
                         "SELECT version, kind, value, effective, recorded_at, recorded_by, "
                         "source, colour FROM fact_history WHERE resident = $1 AND ($2 = 0 OR "
                         "version < $2) /* fan-out: a move across districts leaves the "
                         "history before it in the old one */ ORDER BY version DESC LIMIT $3",
                         &st)) < 0)
        return rc;
    db_bind_int64(st, 1, resident);
    db_bind_int64(st, 2, before);
    db_bind_int64(st, 3, limit);
    while ((rc = db_step(st)) == DB_ROW) {
        h.id = db_column_int64(st, 0);
        h.kind = db_column_text(st, 1);
        h.value = db_column_text(st, 2);
        h.effective = (int32_t)db_column_int64(st, 3);
        h.recorded_at = db_column_int64(st, 4);
        h.recorded_by = db_column_text(st, 5);
        h.source = db_column_text(st, 6);
        h.colour = (int)db_column_int64(st, 7);
        if ((rc = fn(arg, &h)) != 0)
            break;
    }
    db_done(st);
    return rc == DB_DONE ? 0 : rc;
}

_Static_assert(DOC_OTHER == 5, "store_residents_by_doc_no names every document type");

int store_residents_by_doc_no(struct db *db, const char *doc_no, int64_t *out_ids, int max,
                              int *out_n)
{
    const struct db_value args[] = {DB_ARG_TEXT(doc_no)};

    /* On Citus, the document lookup: one shard (store/residents_docs.h). */
    if (db_is_citus(db))
        return db_list_ids(db, "SELECT id FROM resident_docs WHERE doc_no = $1 ORDER BY id", args,
                           1, out_ids, max, out_n);
    /* Every document type named, so that the (doc_type, doc_no) key is
     * searched once per type: by doc_no alone, the whole register was
     * read. */
    return db_list_ids(db,
                       "SELECT id FROM residents WHERE doc_type IN (0, 1, 2, 3, 4, 5) AND "
                       "doc_no = $1 ORDER BY id",
                       args, 1, out_ids, max, out_n);
}
