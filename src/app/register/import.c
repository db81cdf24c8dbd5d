/*
 * The resident spreadsheet import (see import.h). One pass over the file:
 * each row is parsed and checked into a struct resident; good rows are
 * written through a register batch (one transaction) as they come; errors
 * are collected. At the end, any error without a rejects file means the
 * transaction is rolled back: nothing is written. Places (compound, building,
 * room) and the document numbers seen are remembered in hash maps, so a
 * million rows cost a million resident writes and no extra lookups. The file
 * itself streams (util/csvread.h): what grows with it is those maps, one
 * key per document (an ID card number packed into 8 bytes: about 25 MB a
 * million rows) and per household, never the rows.
 */
#include "app/register/import.h"

#include "app/register/register.h"
#include "core/columns.h"
#include "core/date.h"
#include "core/document.h"
#include "core/idcard.h"
#include "core/phone.h"
#include "core/unitcode.h"
#include "store/residents.h"
#include "store/residents_bulk.h"
#include "store/residents_indexes.h"
#include "app/register/import_cases.h"
#include "store/units.h"
#include "util/csvread.h"
#include "util/progress.h"
#include "util/tableread.h"
#include "util/strmap.h"
#include "util/u64map.h"
#include "util/utf8.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_HEADERS    256
#define MAX_ROW_ERRORS 16

struct importer {
    struct db *db;
    const struct import_opts *opts;
    struct import_report *rep;
    struct register_batch batch;
    int batch_open;
    int col_of[COL_COUNT];      /* field -> column index, -1 when absent */
    char *headers[MAX_HEADERS]; /* as written in the file */
    size_t nheaders;
    struct u64map idcards;    /* ID card number, packed (idcard_key) -> line */
    struct strmap docs;       /* other documents: "type:number" -> line */
    struct strmap places;     /* "c\\x1fname", "b\\x1fid\\x1fname", "h\\x1fid\\x1funit\\x1froom" */
    struct strmap grids;      /* "committee\x1fgrid name or code" -> grid code */
    struct strmap committees; /* committee code text -> 1 known, 0 unknown */
    int32_t today;
    int fresh; /* the register was empty at the start: no lookups needed */
    /* Fresh, on a driver with a fast bulk path (PostgreSQL): new places,
     * residents and history rows are staged and sent in bulk, not one
     * INSERT each (store/residents_bulk.h). NULL otherwise. */
    struct store_bulk *bulk;
    /* Fresh, on SQLite: the residents' secondary indexes, dropped before the
     * first row and built again after the last (store/residents_indexes.h). */
    struct store_deferred_indexes deferred;
    /* The register was empty before the transaction and the file was
     * switched to a rollback journal for it (db_bulk_journal). */
    int journal;
    int64_t loading_committee;
    struct progress prog;
    const struct tableread_info *info; /* the file being read: its sheet */
    int fatal;                         /* stop reading: err is set */
    struct app_error *err;
    /* Errors of the row being read. */
    struct import_error row_errors[MAX_ROW_ERRORS];
    int nrow_errors;
    /* Rows with a quarantine running today: their cases, after the commit. */
    struct import_cases cases;
};

static int resolve_committee(struct importer *im, const char *s, int64_t *out);

/* A parsed row: the resident and its address. */
struct row {
    struct resident r;
    const char *compound, *building, *unit, *room;
    int floor;
};

static void row_error(struct importer *im, size_t line, int col, const char *code, const char *fmt,
                      ...) __attribute__((format(printf, 5, 6)));

static void row_error(struct importer *im, size_t line, int col, const char *code, const char *fmt,
                      ...)
{
    struct import_error *e;
    va_list ap;

    if (im->nrow_errors >= MAX_ROW_ERRORS)
        return;
    e = &im->row_errors[im->nrow_errors++];
    memset(e, 0, sizeof *e);
    e->line = line;
    e->column = col >= 0 ? col + 1 : 0;
    if (col >= 0 && (size_t)col < im->nheaders)
        snprintf(e->header, sizeof e->header, "%s", im->headers[col]);
    snprintf(e->code, sizeof e->code, "%s", code);
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    va_end(ap);
    /* Cut at byte counts: never leave half a character (JSON refuses it). */
    utf8_repair(e->header);
    utf8_repair(e->message);
}

/*
 * Builds a map key "TAG<US>ID<US>A[<US>B]" (US = 0x1f) without printf, which
 * showed up in profiles of million-row imports. Returns its length; keys
 * longer than the buffer are cut, which can only merge names longer than the
 * 256-byte field limit allows.
 */
static size_t make_key(char *out, size_t cap, char tag, int64_t id, const char *a, const char *b)
{
    char digits[24];
    size_t n = 0, d = 0;
    uint64_t v = id < 0 ? (uint64_t)(-id) : (uint64_t)id;

    do {
        digits[d++] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    if (id < 0)
        digits[d++] = '-';
    out[n++] = tag;
    out[n++] = '\x1f';
    while (d)
        out[n++] = digits[--d];
    for (int part = 0; part < 2; part++) {
        const char *p = part ? b : a;
        if (!p)
            break;
        if (n < cap)
            out[n++] = '\x1f';
        while (*p && n < cap)
            out[n++] = *p++;
    }
    return n;
}

/* The cell of `field` in the row, trimmed of spaces; "" when absent. */
static const char *cell(struct importer *im, const struct csvread_row *row, enum column_field f,
                        char *buf, size_t size)
{
    int c = im->col_of[f];
    const char *s;
    size_t n;

    if (c < 0 || (size_t)c >= row->nfields)
        return "";
    s = row->fields[c];
    n = row->lens[c];
    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
        n--;
    if (n >= size)
        n = size - 1;
    memcpy(buf, s, n);
    buf[n] = '\0';
    return buf;
}

static int map_header(struct importer *im, const struct csvread_row *row)
{
    size_t used = 0;

    for (int f = 0; f < COL_COUNT; f++)
        im->col_of[f] = -1;
    if (row->nfields > MAX_HEADERS) {
        app_fail(im->err, APP_E_INVALID, "bad_header", NULL, "line 1: more than %d columns",
                 MAX_HEADERS);
        return -1;
    }
    for (size_t i = 0; i < row->nfields; i++) {
        enum column_field f = columns_lookup(row->fields[i]);
        if (!(im->headers[i] = strdup(row->fields[i])))
            return -1;
        im->nheaders = i + 1;
        if (f == COL_NONE) {
            if (row->lens[i] == 0)
                continue;
            used += (size_t)snprintf(
                im->rep->ignored_columns + used,
                used < sizeof im->rep->ignored_columns ? sizeof im->rep->ignored_columns - used : 0,
                "%s%s", used ? ", " : "", row->fields[i]);
            if (used >= sizeof im->rep->ignored_columns)
                used = sizeof im->rep->ignored_columns;
            utf8_repair(im->rep->ignored_columns); /* the list may end cut */
            continue;
        }
        if (im->col_of[f] >= 0) {
            app_fail(im->err, APP_E_INVALID, "bad_header", NULL,
                     "line 1: columns %d (%s) and %zu (%s) both mean %s (%s)", im->col_of[f] + 1,
                     im->headers[im->col_of[f]], i + 1, row->fields[i], columns_header_zh(f),
                     columns_key(f));
            return -1;
        }
        im->col_of[f] = (int)i;
    }
    if (!im->opts->committee && im->col_of[COL_COMMITTEE] < 0) {
        app_fail(im->err, APP_E_INVALID, "missing_column", "committee",
                 "line 1: no %s (%s) column; give --committee CODE or add the column",
                 columns_header_zh(COL_COMMITTEE), columns_key(COL_COMMITTEE));
        return -1;
    }
    if (im->col_of[COL_NAME] < 0 || im->col_of[COL_ID_NUMBER] < 0) {
        enum column_field f = im->col_of[COL_NAME] < 0 ? COL_NAME : COL_ID_NUMBER;
        app_fail(im->err, APP_E_INVALID, "missing_column", NULL,
                 "line 1: no %s (%s) column; the header row must name it (e.g. %s)",
                 columns_header_zh(f), columns_key(f), columns_aliases(f)[0]);
        return -1;
    }
    return 0;
}

/* Floor from a room number: 601 -> 6, 1203 -> 12, "B-502" -> 5; 0 if none. */
static int floor_of_room(const char *room)
{
    int digits = 0, v = 0;

    for (const char *p = room; *p; p++) {
        if (*p >= '0' && *p <= '9') {
            if (digits < 6)
                v = v * 10 + (*p - '0');
            digits++;
        } else if (digits) {
            break;
        }
    }
    return digits >= 3 ? v / 100 : 0;
}

static int parse_day(struct importer *im, const struct csvread_row *row, enum column_field f,
                     int32_t *out)
{
    char buf[64];
    const char *s = cell(im, row, f, buf, sizeof buf);
    int rc;

    *out = DATE_NONE;
    if (!*s)
        return 0;
    if ((rc = date_parse(s, strlen(s), out)) < 0) {
        row_error(im, row->line, im->col_of[f], date_errcode(rc), "%s: %s", s, date_strerror(rc));
        return -1;
    }
    return 0;
}

/*
 * The checks of one data row, in the order of the sheet's columns. Each
 * phase reads its cells with cell() into its own slot of `bufs` (the row's
 * strings must outlive the phase: w->compound and the rest point into them)
 * and fills its part of *w; errors go to im->row_errors.
 */
#define ROW_ARGS struct importer *im, const struct csvread_row *row, struct row *w, char bufs[][256]

/* The committee cell: 0, or -1 when out of memory (im->fatal is set). */
static int parse_committee(ROW_ARGS)
{
    const char *s = cell(im, row, COL_COMMITTEE, bufs[15], 256);
    int64_t code = 0;
    int known;

    if (!*s && im->opts->committee)
        return 0;
    if ((known = resolve_committee(im, s, &code)) < 0)
        return -1;
    if (!known)
        row_error(im, row->line, im->col_of[COL_COMMITTEE], "unknown_committee",
                  "%s: not a committee (12-digit code) of this database", s);
    else if (im->opts->committee && code != im->opts->committee)
        row_error(im, row->line, im->col_of[COL_COMMITTEE], "other_committee",
                  "%s: this sheet is being imported into committee %lld", s,
                  (long long)im->opts->committee);
    else
        w->r.committee = code;
    return 0;
}

/* Cells past the header's columns, and the name. */
static void parse_name(ROW_ARGS)
{
    struct resident *r = &w->r;
    const char *s;

    for (size_t i = im->nheaders; i < row->nfields; i++)
        if (row->lens[i]) {
            row_error(im, row->line, (int)i, "extra_field",
                      "%zu fields, but the header has %zu columns", row->nfields, im->nheaders);
            break;
        }
    s = cell(im, row, COL_NAME, bufs[0], 256);
    if (!*s)
        row_error(im, row->line, im->col_of[COL_NAME], "missing", "the name is empty");
    else if (strlen(s) >= 120)
        row_error(im, row->line, im->col_of[COL_NAME], "too_long",
                  "the name is longer than 120 bytes");
    else
        snprintf(r->name, sizeof r->name, "%s", s);
}

/*
 * An ID card number as one exact integer: its 17 digits and the check
 * character (X is 10), plus 1 so that no number is 0; 0 for anything else.
 * Below 1.1e18: it fits, and two numbers never share a key.
 */
static uint64_t idcard_key(const char *s)
{
    uint64_t v = 0;
    int i;

    for (i = 0; i < 17; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        v = v * 10 + (uint64_t)(s[i] - '0');
    }
    if (s[17] >= '0' && s[17] <= '9')
        v = v * 11 + (uint64_t)(s[17] - '0');
    else if (s[17] == 'X')
        v = v * 11 + 10;
    else
        return 0;
    return s[18] == '\0' ? v + 1 : 0;
}

/* Whether an earlier line of the sheet had the same document: an error
 * naming that line; else this line is remembered for the next. */
static void seen_document(struct importer *im, size_t line, int col, const struct resident *r)
{
    uint64_t id = r->doc_type == DOC_ID_CARD ? idcard_key(r->doc_no) : 0;
    char key[64];
    size_t n = 0;
    int64_t prev;
    int found, rc;

    if (id) {
        found = u64map_get(&im->idcards, id, &prev);
    } else {
        n = make_key(key, sizeof key, 'd', r->doc_type, r->doc_no, NULL);
        found = strmap_get(&im->docs, key, n, &prev);
    }
    if (found) {
        row_error(im, line, col, "duplicate", "%s: the same document number as line %lld",
                  r->doc_no, (long long)prev);
        return;
    }
    rc = id ? u64map_put(&im->idcards, id, (int64_t)line)
            : strmap_put(&im->docs, key, n, (int64_t)line);
    if (rc < 0)
        im->fatal = 1;
}

/* The document type and number (an ID card gives birth day and sex), and
 * whether an earlier line of the sheet had the same. */
static void parse_document(ROW_ARGS)
{
    struct resident *r = &w->r;
    enum doc_type dt = DOC_ID_CARD;
    int col = im->col_of[COL_ID_NUMBER], rc;
    const char *s = cell(im, row, COL_DOC_TYPE, bufs[1], 256);

    if (*s && doc_type_parse(s, strlen(s), &dt) < 0)
        row_error(im, row->line, im->col_of[COL_DOC_TYPE], "unknown_value",
                  "%s: not a document type (居民身份证, 护照, 港澳居民来往内地通行证, ...)", s);
    r->doc_type = dt;

    s = cell(im, row, COL_ID_NUMBER, bufs[2], 256);
    if (!*s) {
        row_error(im, row->line, col, "missing", "the document number is empty");
    } else if (dt == DOC_ID_CARD) {
        struct idcard ic;
        if ((rc = idcard_parse(s, strlen(s), im->today, &ic)) < 0) {
            if (rc == IDCARD_E_CHECK)
                row_error(im, row->line, col, idcard_errcode(rc), "%s: %s (expected %c)", s,
                          idcard_strerror(rc), idcard_make_check(ic.number));
            else
                row_error(im, row->line, col, idcard_errcode(rc), "%s: %s", s, idcard_strerror(rc));
        } else {
            snprintf(r->doc_no, sizeof r->doc_no, "%s", ic.number);
            r->birth = ic.birth_day;
            r->sex = ic.sex;
        }
    } else {
        char norm[DOC_NUMBER_LEN + 1];
        if ((rc = doc_check(dt, s, strlen(s), norm, sizeof norm)) < 0)
            row_error(im, row->line, col, doc_errcode(rc), "%s: %s", s, doc_strerror(rc));
        else
            snprintf(r->doc_no, sizeof r->doc_no, "%s", norm);
    }
    if (r->doc_no[0])
        seen_document(im, row->line, col, r);
}

static void parse_phone(ROW_ARGS)
{
    const char *s = cell(im, row, COL_PHONE, bufs[3], 256);
    char norm[PHONE_STR_LEN];
    int rc;

    if (!*s)
        return;
    if ((rc = phone_check(s, strlen(s), norm)) < 0)
        row_error(im, row->line, im->col_of[COL_PHONE], phone_errcode(rc), "%s: %s", s,
                  phone_strerror(rc));
    else
        snprintf(w->r.phone, sizeof w->r.phone, "%s", norm);
}

/* The situation (一直在沪, 近期返沪, ...) and the return date, checked
 * against each other, then the origin. */
static void parse_presence(ROW_ARGS)
{
    struct resident *r = &w->r;
    enum situation sit = SITUATION_STAYED;
    int have_sit = 0;
    const char *s = cell(im, row, COL_PRESENCE, bufs[4], 256);

    if (*s) {
        if (situation_parse(s, &sit) < 0)
            row_error(im, row->line, im->col_of[COL_PRESENCE], "unknown_value",
                      "%s: not a situation (一直在沪, 近期返沪, 境外返沪, 外出未返)", s);
        else
            have_sit = 1;
    }
    if (parse_day(im, row, COL_ARRIVED_ON, &r->facts.arrival_day) == 0) {
        int32_t a = r->facts.arrival_day;
        if (a != DATE_NONE && a > im->today) {
            row_error(im, row->line, im->col_of[COL_ARRIVED_ON], "future_date",
                      "%s: the return date is after today",
                      cell(im, row, COL_ARRIVED_ON, bufs[5], 256));
        } else if (have_sit && (sit == SITUATION_DOMESTIC || sit == SITUATION_ABROAD) &&
                   a == DATE_NONE) {
            row_error(im, row->line,
                      im->col_of[COL_ARRIVED_ON] >= 0 ? im->col_of[COL_ARRIVED_ON]
                                                      : im->col_of[COL_PRESENCE],
                      "missing", "%s needs a return date (返沪日期)", situation_label_zh(sit));
        } else if (have_sit && (sit == SITUATION_STAYED || sit == SITUATION_AWAY) &&
                   a != DATE_NONE) {
            row_error(im, row->line, im->col_of[COL_ARRIVED_ON], "inconsistent",
                      "a return date, but the situation is %s", situation_label_zh(sit));
        } else if (!have_sit && a != DATE_NONE) {
            sit = SITUATION_DOMESTIC;
        }
    }
    r->facts.presence = sit == SITUATION_AWAY ? PRESENCE_AWAY : PRESENCE_IN;
    r->facts.arrival_abroad = sit == SITUATION_ABROAD;
    if (sit == SITUATION_STAYED || sit == SITUATION_AWAY)
        r->facts.arrival_day = DATE_NONE;

    s = cell(im, row, COL_ORIGIN, bufs[6], 256);
    if (strlen(s) >= 120)
        row_error(im, row->line, im->col_of[COL_ORIGIN], "too_long",
                  "the origin is longer than 120 bytes");
    else
        snprintf(r->origin, sizeof r->origin, "%s", s);
}

/* The quarantine and its dates (from the return date, 14 days by default),
 * then the health state. */
static void parse_quarantine(ROW_ARGS)
{
    struct facts *f = &w->r.facts;
    const char *s = cell(im, row, COL_QUARANTINE, bufs[7], 256);
    int32_t from, until;
    int okf, oku;

    if (*s && quarantine_parse(s, &f->quarantine) < 0)
        row_error(im, row->line, im->col_of[COL_QUARANTINE], "unknown_value",
                  "%s: not a quarantine (无, 居家隔离, 集中隔离)", s);
    okf = parse_day(im, row, COL_QUARANTINE_FROM, &from) == 0;
    oku = parse_day(im, row, COL_QUARANTINE_UNTIL, &until) == 0;
    if (f->quarantine != QUARANTINE_NONE && okf && oku) {
        if (from == DATE_NONE)
            from = f->arrival_day;
        if (from == DATE_NONE) {
            row_error(im, row->line,
                      im->col_of[COL_QUARANTINE_FROM] >= 0 ? im->col_of[COL_QUARANTINE_FROM]
                                                           : im->col_of[COL_QUARANTINE],
                      "missing", "a quarantine needs its start date (隔离开始日期)");
        } else {
            if (until == DATE_NONE)
                until = from + 13; /* 14 days counted inclusively */
            if (until < from)
                row_error(im, row->line, im->col_of[COL_QUARANTINE_UNTIL], "inconsistent",
                          "the quarantine ends before it starts");
            f->quarantine_from = from;
            f->quarantine_until = until;
        }
    }

    s = cell(im, row, COL_HEALTH, bufs[8], 256);
    if (*s && health_parse(s, &f->health) < 0)
        row_error(im, row->line, im->col_of[COL_HEALTH], "unknown_value",
                  "%s: not a health state (正常, 发热, 疑似, 确诊, 已康复)", s);
}

/* The grid, the address (compound, building, unit, room) and the floor. */
static void parse_place(ROW_ARGS)
{
    struct resident *r = &w->r;
    const char *s = cell(im, row, COL_GRID, bufs[9], 256);

    if (*s && r->committee) {
        char key[300];
        int64_t g;
        int n = snprintf(key, sizeof key, "%lld\x1f%s", (long long)r->committee, s);
        if (!strmap_get(&im->grids, key, (size_t)n, &g))
            row_error(im, row->line, im->col_of[COL_GRID], "unknown_grid",
                      "%s: no such grid in this committee (`cordon grid list`)", s);
        else
            r->grid = g;
    }

    w->compound = cell(im, row, COL_COMPOUND, bufs[10], 256);
    w->building = cell(im, row, COL_BUILDING, bufs[11], 256);
    w->unit = cell(im, row, COL_UNIT, bufs[12], 256);
    w->room = cell(im, row, COL_ROOM, bufs[13], 256);
    if (*w->compound && (!*w->building || !*w->room))
        row_error(im, row->line, !*w->building ? im->col_of[COL_BUILDING] : im->col_of[COL_ROOM],
                  "missing", "a compound needs a building (楼号) and a room (室号)");
    if (!*w->compound && (*w->building || *w->room))
        row_error(im, row->line, im->col_of[COL_COMPOUND], "missing",
                  "a building or room needs its compound (小区)");
    s = cell(im, row, COL_FLOOR, bufs[14], 256);
    if (*s) {
        char *end;
        long f = strtol(s, &end, 10);
        if (*end || f < -5 || f > 200 || f == 0)
            row_error(im, row->line, im->col_of[COL_FLOOR], "bad_number", "%s: not a floor", s);
        else
            w->floor = (int)f;
    } else {
        w->floor = floor_of_room(w->room);
    }
}

/* Parses and checks one data row into *w. Errors go to im->row_errors. */
static void parse_row(ROW_ARGS)
{
    memset(w, 0, sizeof *w);
    facts_init(&w->r.facts);
    w->r.committee = im->opts->committee;
    w->r.birth = DATE_NONE;
    if (parse_committee(im, row, w, bufs) < 0)
        return; /* out of memory: im->fatal is set */
    parse_name(im, row, w, bufs);
    parse_document(im, row, w, bufs);
    parse_phone(im, row, w, bufs);
    parse_presence(im, row, w, bufs);
    parse_quarantine(im, row, w, bufs);
    parse_place(im, row, w, bufs);
}

static int place_id(struct importer *im, const char *key, size_t n, int64_t *out)
{
    return strmap_get(&im->places, key, n, out);
}

/* Resolves (creating) the household of a parsed row. */
static int ensure_household(struct importer *im, struct row *w, int64_t *out)
{
    char key[800];
    int64_t compound, building;
    int n, rc;

    *out = 0;
    if (!*w->compound)
        return 0;
    n = (int)make_key(key, sizeof key, 'c', w->r.committee, w->compound, NULL);
    if (!place_id(im, key, (size_t)n, &compound)) {
        /* A new compound is drawn into the grid of the first row that
         * names one: sheets list a compound's households together. */
        if (im->bulk) {
            rc = store_bulk_compound(im->bulk, w->r.committee, w->compound, w->r.grid, &compound);
        } else {
            rc = store_compound_insert(im->db, w->r.committee, w->compound, &compound);
            if (rc >= 0 && w->r.grid)
                rc = store_compound_set_grid(im->db, compound, w->r.grid);
        }
        if (rc < 0)
            return rc;
        if (strmap_put(&im->places, key, (size_t)n, compound) < 0)
            return DB_E_NOMEM;
    }
    n = (int)make_key(key, sizeof key, 'b', compound, w->building, NULL);
    if (!place_id(im, key, (size_t)n, &building)) {
        int64_t district = unitcode_at_level(w->r.committee, LEVEL_DISTRICT);
        rc = im->bulk ? store_bulk_building(im->bulk, compound, district, w->building, &building)
                      : store_building_insert(im->db, compound, district, w->building, &building);
        if (rc < 0)
            return rc;
        if (strmap_put(&im->places, key, (size_t)n, building) < 0)
            return DB_E_NOMEM;
    }
    n = (int)make_key(key, sizeof key, 'h', building, w->unit, w->room);
    if (!place_id(im, key, (size_t)n, out)) {
        rc = im->bulk ? store_bulk_household(im->bulk, building, w->unit, w->room, w->floor,
                                             w->r.committee, out)
                      : store_household_insert(im->db, building, w->unit, w->room, w->floor,
                                               w->r.committee, out);
        if (rc < 0)
            return rc;
        if (strmap_put(&im->places, key, (size_t)n, *out) < 0)
            return DB_E_NOMEM;
        im->rep->households++;
    }
    return 0;
}

/*
 * Updating someone already registered: what the sheet does not say is kept.
 * A column the sheet lacks (or an empty address) leaves the stored value as
 * it was, so a sheet of only names, ID numbers and health updates health and
 * nothing else.
 */
static void keep_absent(struct importer *im, struct row *w, const struct resident *old)
{
    struct resident *r = &w->r;

    if (!*w->compound && old->committee == r->committee)
        r->household = old->household;
    if (im->col_of[COL_GRID] < 0 && old->committee == r->committee)
        r->grid = old->grid;
    if (im->col_of[COL_PHONE] < 0)
        memcpy(r->phone, old->phone, sizeof r->phone);
    if (im->col_of[COL_PRESENCE] < 0 && im->col_of[COL_ARRIVED_ON] < 0) {
        r->facts.presence = old->facts.presence;
        r->facts.arrival_day = old->facts.arrival_day;
        r->facts.arrival_abroad = old->facts.arrival_abroad;
        if (im->col_of[COL_ORIGIN] < 0)
            memcpy(r->origin, old->origin, sizeof r->origin);
    }
    if (im->col_of[COL_QUARANTINE] < 0) {
        r->facts.quarantine = old->facts.quarantine;
        r->facts.quarantine_from = old->facts.quarantine_from;
        r->facts.quarantine_until = old->facts.quarantine_until;
    }
    if (im->col_of[COL_HEALTH] < 0)
        r->facts.health = old->facts.health;
}

static int write_row(struct importer *im, struct row *w, size_t line)
{
    struct resident old;
    int rc;

    if ((rc = ensure_household(im, w, &w->r.household)) < 0)
        return rc;
    rc = im->fresh ? DB_E_NOTFOUND
                   : store_resident_find_doc(im->db, w->r.doc_type, w->r.doc_no, &old);
    if (rc == DB_E_NOTFOUND) {
        rc = register_put(&im->batch, &w->r, NULL, "register", NULL, im->today);
        im->rep->created++;
    } else if (rc == 0) {
        keep_absent(im, w, &old);
        rc = register_put(&im->batch, &w->r, &old, "register", NULL, im->today);
        im->rep->updated++;
    }
    if (rc == 0)
        rc = import_cases_note(&im->cases, line, &w->r, im->today);
    return rc;
}

static void keep_errors(struct importer *im)
{
    struct import_report *rep = im->rep;

    for (int i = 0; i < im->nrow_errors; i++) {
        struct import_error *e =
            import_error_next(&rep->errors, &rep->nerrors, &rep->errors_cap, &rep->total_errors);

        if (e)
            *e = im->row_errors[i];
    }
}

static void write_reject(struct importer *im, const struct csvread_row *row)
{
    const char *fields[MAX_HEADERS + 1];
    char reason[1024];
    size_t n = 0, used = 0;

    for (size_t i = 0; i < row->nfields && n < MAX_HEADERS; i++)
        fields[n++] = row->fields[i];
    while (n < im->nheaders)
        fields[n++] = "";
    reason[0] = '\0';
    /* From a workbook the rejected row says where it was: the rejects file
     * is a CSV whose own lines are not the workbook's. */
    if (im->info && im->info->sheet[0])
        used = (size_t)snprintf(reason, sizeof reason,
                                "工作表 %s 第 %zu 行 (sheet %s, row %zu): ", im->info->sheet,
                                row->line, im->info->sheet, row->line);
    for (int i = 0; i < im->nrow_errors && used < sizeof reason; i++) {
        const struct import_error *e = &im->row_errors[i];
        used += (size_t)snprintf(reason + used, sizeof reason - used, "%s%s%s%s", i ? "; " : "",
                                 e->header, e->header[0] ? ": " : "", e->message);
    }
    utf8_repair(reason);
    fields[n++] = reason;
    csvwrite_row(im->opts->rejects, fields, n);
}

static int on_row(void *arg, const struct csvread_row *row)
{
    struct importer *im = arg;
    char bufs[16][256];
    struct row w;
    int rc;

    if (row->index == 0) {
        if (map_header(im, row) < 0)
            return 1;
        if (im->opts->rejects) {
            const char *h[MAX_HEADERS + 1];
            for (size_t i = 0; i < im->nheaders; i++)
                h[i] = im->headers[i];
            h[im->nheaders] = "错误原因 (error)";
            csvwrite_bom(im->opts->rejects);
            csvwrite_row(im->opts->rejects, h, im->nheaders + 1);
        }
        return 0;
    }
    im->rep->rows++;
    im->nrow_errors = 0;
    parse_row(im, row, &w, bufs);
    if (im->fatal) {
        app_fail(im->err, APP_E_INTERNAL, "nomem", NULL, "out of memory at line %zu", row->line);
        return 1;
    }
    if (im->nrow_errors) {
        im->rep->rejected++;
        keep_errors(im);
        if (im->opts->rejects)
            write_reject(im, row);
    } else if (im->opts->rejects || im->rep->rejected == 0) {
        /* Without a rejects file, writing stops at the first bad row: the
         * transaction will be rolled back, and checking goes on alone. */
        if ((rc = write_row(im, &w, row->line)) < 0) {
            app_fail(im->err, APP_E_INTERNAL, "db_error", NULL, "line %zu: cannot write: %s",
                     row->line, db_errmsg(im->db));
            return 1;
        }
    }
    progress_update(&im->prog, im->rep->rows);
    return 0;
}

/* Remembers the grids of a committee under "committee\x1fname" and
 * "committee\x1fcode". */
static int remember_grid(void *arg, const struct unit *u)
{
    struct importer *im = arg;
    int64_t committee = im->loading_committee;
    char key[300];
    int n = snprintf(key, sizeof key, "%lld\x1f%s", (long long)committee, u->name);

    if (strmap_put(&im->grids, key, (size_t)n, u->code) < 0)
        return DB_E_NOMEM;
    n = snprintf(key, sizeof key, "%lld\x1f%lld", (long long)committee, (long long)u->code);
    return strmap_put(&im->grids, key, (size_t)n, u->code) < 0 ? DB_E_NOMEM : 0;
}

static int load_grids(struct importer *im, int64_t committee)
{
    int rc;

    im->loading_committee = committee;
    rc = store_unit_children(im->db, committee, remember_grid, im);
    return rc < 0 ? rc : 0;
}

static int remember_place(void *arg, int64_t compound, const char *compound_name, int64_t building,
                          const char *building_name, int64_t household, const char *unit,
                          const char *room)
{
    struct importer *im = arg;
    int64_t committee = im->loading_committee;
    char key[800];
    int n;

    n = (int)make_key(key, sizeof key, 'c', committee, compound_name, NULL);
    if (strmap_put(&im->places, key, (size_t)n, compound) < 0)
        return DB_E_NOMEM;
    if (!building)
        return 0;
    n = (int)make_key(key, sizeof key, 'b', compound, building_name, NULL);
    if (strmap_put(&im->places, key, (size_t)n, building) < 0)
        return DB_E_NOMEM;
    if (!household)
        return 0;
    n = (int)make_key(key, sizeof key, 'h', building, unit, room);
    return strmap_put(&im->places, key, (size_t)n, household) < 0 ? DB_E_NOMEM : 0;
}

/* Remembers every place of a committee, so that a place the map does not
 * know is new and is inserted without a lookup. */
static int load_places(struct importer *im, int64_t committee)
{
    im->loading_committee = committee;
    return store_places_of_committee(im->db, committee, remember_place, im);
}

/*
 * Resolves a committee code cell: 1 and *out when it names a committee of
 * this database (its grids are then loaded), 0 when it does not, -1 when
 * out of memory or the database fails (im->fatal set).
 */
static int resolve_committee(struct importer *im, const char *s, int64_t *out)
{
    int64_t known = 0, code = 0;
    struct unit u;

    if (strmap_get(&im->committees, s, strlen(s), &known)) {
        if (known)
            *out = known;
        return known != 0;
    }
    if (unitcode_parse(s, strlen(s), &code) == 0 && unitcode_level(code) == LEVEL_COMMITTEE &&
        store_unit_get(im->db, code, &u) == 0) {
        if (load_grids(im, code) < 0 || load_places(im, code) < 0) {
            im->fatal = 1;
            return -1;
        }
        known = code;
    }
    if (strmap_put(&im->committees, s, strlen(s), known) < 0) {
        im->fatal = 1;
        return -1;
    }
    if (known)
        *out = known;
    return known != 0;
}

/* Counts lines, for the progress bar's total. */
static size_t count_lines(const char *path)
{
    FILE *f = fopen(path, "rb");
    char buf[1 << 16];
    size_t n, lines = 0;

    if (!f)
        return 0;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        for (char *p = buf; (p = memchr(p, '\n', (size_t)(buf + n - p))); p++)
            lines++;
    fclose(f);
    return lines;
}

/*
 * Before the first row: the committee given checked, the write transaction
 * opened, its places and grids remembered, and the bulk path chosen when the
 * register is empty. 0, or negative with im->err set.
 */
static int import_open(struct importer *im)
{
    const struct import_opts *opts = im->opts;
    struct db *db = im->db;
    struct unit committee;
    int empty = 0, rc;

    if (opts->committee) {
        rc = store_unit_get(db, opts->committee, &committee);
        if (rc == DB_E_NOTFOUND || (rc == 0 && committee.level != LEVEL_COMMITTEE)) {
            app_fail(im->err, APP_E_INVALID, "not_found", "committee",
                     "%lld is not a committee of this database", (long long)opts->committee);
            return -1;
        }
        if (rc < 0) {
            app_fail(im->err, APP_E_INTERNAL, "db_error", NULL, "cannot read the database: %s",
                     db_errmsg(db));
            return rc;
        }
    }
    /* Empty before the transaction (read again inside it, im->fresh): every
     * page the import writes is new, written once with a rollback journal. */
    if ((rc = store_residents_empty(db, &empty)) < 0 ||
        (empty && (rc = db_bulk_journal(db, 1)) < 0)) {
        app_fail(im->err, APP_E_INTERNAL, "db_error", NULL, "cannot read the database: %s",
                 db_errmsg(db));
        return rc;
    }
    im->journal = empty && rc == 1;
    if ((rc = register_begin(&im->batch, db, opts->by ? opts->by : "cli", "import", im->err)) < 0)
        return rc;
    im->batch_open = 1;
    im->today = im->batch.today;
    if (opts->committee) {
        /* Places are read inside the write transaction: nobody else can add
         * one meanwhile, so a place not remembered is new. */
        char code[UNITCODE_STR_LEN];
        int64_t got = 0;
        unitcode_format(opts->committee, code);
        if (resolve_committee(im, code, &got) < 0) {
            app_fail(im->err, APP_E_INTERNAL, "db_error", NULL, "cannot read the database: %s",
                     db_errmsg(db));
            return -1;
        }
    }
    /* Inside the write transaction, so nobody can add residents meanwhile. */
    if ((rc = store_residents_empty(db, &im->fresh)) < 0) {
        app_fail(im->err, APP_E_INTERNAL, "db_error", NULL, "cannot read the database: %s",
                 db_errmsg(db));
        return rc;
    }
    if (im->fresh && (rc = store_residents_indexes_defer(db, &im->deferred)) < 0) {
        app_fail(im->err, APP_E_INTERNAL, "db_error", NULL, "cannot write: %s", db_errmsg(db));
        return rc;
    }
    if (im->fresh && db_bulk_is_fast(db)) {
        if ((rc = store_bulk_new(db, &im->bulk)) < 0) {
            app_fail(im->err, APP_E_INTERNAL, "nomem", NULL, "out of memory");
            return rc;
        }
        im->batch.bulk = im->bulk;
    }
    return 0;
}

/*
 * After the last row: nothing is written when a row was bad and there is no
 * rejects file (1); else the staged bulk rows are sent, the indexes put
 * aside built again and the transaction committed (0). Negative with
 * im->err set on failure.
 */
static int import_close(struct importer *im)
{
    int rc;

    if (im->rep->rejected && !im->opts->rejects)
        return 1; /* bad rows: nothing written */
    if ((im->bulk && (rc = store_bulk_flush(im->bulk)) < 0) ||
        (rc = store_residents_indexes_build(im->db, &im->deferred)) < 0 ||
        (im->fresh && (rc = store_residents_analyze(im->db)) < 0)) {
        app_fail(im->err, APP_E_INTERNAL, "db_error", NULL, "cannot write: %s", db_errmsg(im->db));
        return rc;
    }
    im->batch_open = 0;
    if ((rc = register_commit(&im->batch, im->err)) < 0)
        return rc;
    im->rep->committed = 1;
    return 0;
}

/* A header cell a resident sheet may have: where a workbook's header is. */
static int resident_column(const char *cell)
{
    return columns_lookup(cell) != COL_NONE;
}

/* Reads the file or buffer through on_row(). 0, or -1 with im->err set. */
static int import_read(struct importer *im, const char *path, const char *data, size_t len)
{
    struct tableread_opts topts = {im->opts->sheet, resident_column};
    struct tableread_info info = {0};
    char cerr[CSVREAD_ERR_LEN];
    int rc;

    im->info = &info;
    if (path)
        rc = tableread_file(path, &topts, on_row, im, &info, cerr);
    else
        rc = tableread_buffer(data, len, &topts, on_row, im, &info, cerr);
    im->rep->encoding = tableread_format_name(&info);
    snprintf(im->rep->sheet, sizeof im->rep->sheet, "%s", info.sheet);
    im->info = NULL;
    progress_finish(&im->prog, im->rep->rows);
    if (rc < 0) {
        app_fail(im->err, APP_E_INVALID, "bad_file", NULL, "%s%s%s", path ? path : "",
                 path ? ": " : "", cerr);
        return -1;
    }
    if (rc > 0) /* stopped by on_row: err is set */
        return -1;
    if (info.records == 0) {
        app_fail(im->err, APP_E_INVALID, "empty_file", NULL, "%s: the file is empty",
                 path ? path : "upload");
        return -1;
    }
    return 0;
}

int import_residents(struct db *db, const char *path, const char *data, size_t len,
                     const struct import_opts *opts, struct import_report *out,
                     struct app_error *err)
{
    struct importer im;
    int rc;

    memset(out, 0, sizeof *out);
    memset(&im, 0, sizeof im);
    im.db = db;
    im.opts = opts;
    im.rep = out;
    im.err = err;
    memset(err, 0, sizeof *err);
    u64map_init(&im.idcards);
    strmap_init(&im.docs);
    strmap_init(&im.places);
    strmap_init(&im.grids);
    strmap_init(&im.committees);
    if ((rc = import_open(&im)) < 0)
        goto out;
    db_bulk_hint(db, 1);
    progress_init(&im.prog, "importing", path ? count_lines(path) : 0, opts->progress);
    if ((rc = import_read(&im, path, data, len)) < 0)
        goto out;
    /* The rows are in; their quarantines open their cases (one path with
     * the facts route). */
    if ((rc = import_close(&im)) == 0 && opts->cases_later == IMPORT_CASES_ONE_BY_ONE)
        rc = import_cases_open_one_by_one(db, opts->caller, &im.cases, &out->cases, err);
    else if (rc == 0 && !opts->cases_later)
        rc = import_cases_open(db, opts->caller, &im.cases, &out->cases, err);
    else if (rc == 0)
        out->cases_left = (int64_t)im.cases.n;
out:
    if (im.batch_open)
        register_abort(&im.batch);
    db_bulk_hint(db, 0);
    store_bulk_free(im.bulk);
    store_residents_indexes_free(&im.deferred);
    /* Back to the write-ahead log. Not checked: the import is over either
     * way, and every open of the file sets the log again. */
    if (im.journal)
        (void)db_bulk_journal(db, 0);
    if (rc != 0 && !out->committed) {
        out->created = out->updated = 0;
        out->households = 0;
    }
    for (size_t i = 0; i < im.nheaders; i++)
        free(im.headers[i]);
    u64map_cleanup(&im.idcards);
    strmap_cleanup(&im.docs);
    strmap_cleanup(&im.places);
    strmap_cleanup(&im.grids);
    strmap_cleanup(&im.committees);
    import_cases_cleanup(&im.cases);
    return rc;
}

void import_report_cleanup(struct import_report *r)
{
    free(r->errors);
    r->errors = NULL;
    r->nerrors = r->errors_cap = 0;
}

struct import_error *import_error_next(struct import_error **errors, size_t *n, size_t *cap,
                                       size_t *total)
{
    struct import_error *e;

    ++*total;
    if (*n >= IMPORT_MAX_KEPT_ERRORS)
        return NULL;
    if (*n == *cap) {
        size_t grown = *cap ? 2 * *cap : 16;

        if (grown > IMPORT_MAX_KEPT_ERRORS)
            grown = IMPORT_MAX_KEPT_ERRORS;
        if (!(e = realloc(*errors, grown * sizeof *e)))
            return NULL;
        *errors = e;
        *cap = grown;
    }
    e = &(*errors)[(*n)++];
    memset(e, 0, sizeof *e);
    return e;
}

void import_error_vadd(struct import_error **errors, size_t *n, size_t *cap, size_t *total,
                       size_t line, int column, const char *header, const char *code,
                       const char *fmt, va_list ap)
{
    struct import_error *e = import_error_next(errors, n, cap, total);

    if (!e)
        return;
    e->line = line;
    e->column = column;
    snprintf(e->header, sizeof e->header, "%s", header);
    snprintf(e->code, sizeof e->code, "%s", code);
    vsnprintf(e->message, sizeof e->message, fmt, ap);
    /* Cut at byte counts: never leave half a character (JSON refuses it). */
    utf8_repair(e->header);
    utf8_repair(e->message);
}
