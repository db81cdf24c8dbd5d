/*
 * The columns of a resident spreadsheet, and the header names committees
 * really use for them (Chinese and English aliases), as a table. Also the
 * values of the 在沪情况 ("situation") column, which in one cell says whether
 * the person stayed, came back from elsewhere in China or from abroad, or is
 * away. Pure.
 */
#ifndef CORDON_CORE_COLUMNS_H
#define CORDON_CORE_COLUMNS_H

#include <stddef.h>

enum column_field {
    COL_NONE = 0, /* a column we do not know: reported, and ignored */
    COL_COMPOUND,
    COL_BUILDING,
    COL_UNIT,
    COL_ROOM,
    COL_FLOOR,
    COL_NAME,
    COL_DOC_TYPE,
    COL_ID_NUMBER,
    COL_PHONE,
    COL_PRESENCE,
    COL_ARRIVED_ON,
    COL_ORIGIN,
    COL_QUARANTINE,
    COL_QUARANTINE_FROM,
    COL_QUARANTINE_UNTIL,
    COL_HEALTH,
    COL_GRID,
    COL_COMMITTEE, /* 居委会代码: for sheets that span several committees */
    COL_COUNT
};

/* The field a header names (trimmed, ASCII case ignored), or COL_NONE. */
enum column_field columns_lookup(const char *header);

/* The canonical English key ("id_number") and Chinese header ("身份证号")
 * of a field, as used in exports and error messages. */
const char *columns_key(enum column_field f);
const char *columns_header_zh(enum column_field f);

/* All aliases of a field, NULL-terminated (for documentation and help). */
const char *const *columns_aliases(enum column_field f);

/* 在沪情况 values. */
enum situation {
    SITUATION_STAYED = 0,   /* 一直在沪: never left, no arrival */
    SITUATION_DOMESTIC = 1, /* 近期返沪: arrived from elsewhere in China */
    SITUATION_ABROAD = 2,   /* 境外返沪: arrived from abroad */
    SITUATION_AWAY = 3,     /* 外出未返: away from the city */
};

/* Parses a situation (Chinese or English, trimmed). 0 or -1 if unknown. */
int situation_parse(const char *s, enum situation *out);
const char *situation_label_zh(enum situation s);

#endif
