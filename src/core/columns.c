/*
 * Header aliases and situation values as tables: adding a spelling a
 * committee uses is one line here. Matching trims ASCII and ideographic
 * spaces and ignores ASCII case; a trailing "(必填)"-style note is not
 * stripped, because committees' sheets do not use it.
 */
#include "core/columns.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

struct column_def {
    enum column_field field;
    const char *key;
    const char *header_zh;
    const char *aliases[12];
};

static const struct column_def defs[COL_COUNT] = {
    {COL_NONE, "", "", {0}},
    {COL_COMPOUND, "compound", "小区", {"小区", "小区名称", "compound", 0}},
    {COL_BUILDING, "building", "楼号", {"楼号", "楼栋", "楼栋号", "幢", "号楼", "building", 0}},
    {COL_UNIT, "unit", "单元", {"单元", "单元号", "unit", "entrance", 0}},
    {COL_ROOM, "room", "室号", {"室号", "房号", "房间号", "门牌号", "室", "room", 0}},
    {COL_FLOOR, "floor", "楼层", {"楼层", "层", "floor", 0}},
    {COL_NAME, "name", "姓名", {"姓名", "名字", "name", 0}},
    {COL_DOC_TYPE, "doc_type", "证件类型", {"证件类型", "doc_type", "document_type", 0}},
    {COL_ID_NUMBER,
     "id_number",
     "身份证号",
     {"身份证号", "身份证号码", "证件号码", "证件号", "id_number", "document", "doc_no", 0}},
    {COL_PHONE,
     "phone",
     "手机号",
     {"手机号", "手机号码", "联系电话", "电话", "phone", "mobile", 0}},
    {COL_PRESENCE, "presence", "在沪情况", {"在沪情况", "在沪状态", "presence", "situation", 0}},
    {COL_ARRIVED_ON,
     "arrived_on",
     "返沪日期",
     {"返沪日期", "来沪日期", "抵沪日期", "arrived_on", "arrival_date", 0}},
    {COL_ORIGIN, "origin", "来源地", {"来源地", "出发地", "来自", "origin", 0}},
    {COL_QUARANTINE, "quarantine", "隔离情况", {"隔离情况", "隔离方式", "隔离", "quarantine", 0}},
    {COL_QUARANTINE_FROM,
     "quarantine_from",
     "隔离开始日期",
     {"隔离开始日期", "隔离开始", "quarantine_from", 0}},
    {COL_QUARANTINE_UNTIL,
     "quarantine_until",
     "隔离结束日期",
     {"隔离结束日期", "隔离结束", "解除隔离日期", "quarantine_until", 0}},
    {COL_HEALTH, "health", "健康状况", {"健康状况", "健康状态", "身体状况", "health", 0}},
    {COL_GRID, "grid", "网格", {"网格", "所属网格", "grid", 0}},
    {COL_COMMITTEE,
     "committee",
     "居委会代码",
     {"居委会代码", "居委代码", "村居代码", "committee", "committee_code", 0}},
};

/* Trims ASCII white space and U+3000 from both ends; returns the length. */
static size_t trim(const char **s)
{
    const char *p = *s;
    size_t n = strlen(p);

    for (;;) {
        if (n && isspace((unsigned char)p[0]))
            p++, n--;
        else if (n >= 3 && memcmp(p, "\xe3\x80\x80", 3) == 0)
            p += 3, n -= 3;
        else
            break;
    }
    for (;;) {
        if (n && isspace((unsigned char)p[n - 1]))
            n--;
        else if (n >= 3 && memcmp(p + n - 3, "\xe3\x80\x80", 3) == 0)
            n -= 3;
        else
            break;
    }
    *s = p;
    return n;
}

static int same(const char *a, size_t alen, const char *b)
{
    return strlen(b) == alen && strncasecmp(a, b, alen) == 0;
}

enum column_field columns_lookup(const char *header)
{
    const char *h = header;
    size_t n = trim(&h);

    for (int f = 1; f < COL_COUNT; f++)
        for (int i = 0; defs[f].aliases[i]; i++)
            if (same(h, n, defs[f].aliases[i]))
                return (enum column_field)f;
    return COL_NONE;
}

const char *columns_key(enum column_field f)
{
    return f > COL_NONE && f < COL_COUNT ? defs[f].key : "";
}

const char *columns_header_zh(enum column_field f)
{
    return f > COL_NONE && f < COL_COUNT ? defs[f].header_zh : "";
}

const char *const *columns_aliases(enum column_field f)
{
    static const char *const none[] = {0};
    return f > COL_NONE && f < COL_COUNT ? defs[f].aliases : none;
}

static const struct {
    enum situation s;
    const char *names[10];
} situations[] = {
    {SITUATION_STAYED, {"一直在沪", "在沪", "未离沪", "stayed", "in", 0}},
    {SITUATION_DOMESTIC,
     {"近期返沪", "返沪", "外省返沪", "国内返沪", "外地返沪", "returned", "domestic", "arrived",
      0}},
    {SITUATION_ABROAD, {"境外返沪", "境外来沪", "境外", "国外返沪", "abroad", 0}},
    {SITUATION_AWAY, {"外出未返", "外出", "不在沪", "离沪", "away", 0}},
};

int situation_parse(const char *s, enum situation *out)
{
    size_t n = trim(&s);

    for (size_t i = 0; i < sizeof situations / sizeof situations[0]; i++)
        for (int j = 0; situations[i].names[j]; j++)
            if (same(s, n, situations[i].names[j])) {
                *out = situations[i].s;
                return 0;
            }
    return -1;
}

const char *situation_label_zh(enum situation s)
{
    static const char *labels[] = {"一直在沪", "近期返沪", "境外返沪", "外出未返"};
    return (unsigned)s < 4 ? labels[s] : "";
}
