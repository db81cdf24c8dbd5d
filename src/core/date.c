/*
 * Civil days <-> year/month/day, and the parser for dates as committees type
 * them in spreadsheets. The conversions are Howard Hinnant's days_from_civil
 * and civil_from_days, exact over the whole proleptic Gregorian calendar;
 * the parser is deliberately strict (one of a few known shapes, nothing
 * after it) so a mistyped cell is reported rather than guessed at.
 */
#include "core/date.h"

/* Longest run of digits the parser reads as one number ("20200309"). */
#define MAX_DIGITS 8

/* Most tokens any accepted form has: 2020年3月9日 is six. */
#define MAX_TOKENS 6

int32_t date_from_ymd(int year, int month, int day)
{
    /* Years start on 1 March so the leap day is the last day of a year. */
    int64_t y = (int64_t)year - (month <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;                         /* [0, 399] */
    int64_t mp = (month + 9) % 12;                       /* March = 0 */
    int64_t doy = (153 * mp + 2) / 5 + day - 1;          /* [0, 365] */
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; /* [0, 146096] */
    return (int32_t)(era * 146097 + doe - 719468);
}

void date_to_ymd(int32_t days, int *out_year, int *out_month, int *out_day)
{
    int64_t z = (int64_t)days + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;                                      /* [0, 146096] */
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* [0, 399] */
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);               /* [0, 365] */
    int64_t mp = (5 * doy + 2) / 153;                                    /* [0, 11] */
    int64_t d = doy - (153 * mp + 2) / 5 + 1;                            /* [1, 31] */
    int64_t m = mp < 10 ? mp + 3 : mp - 9;                               /* [1, 12] */

    *out_year = (int)(yoe + era * 400 + (m <= 2));
    *out_month = (int)m;
    *out_day = (int)d;
}

static int is_leap(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int days_in_month(int year, int month)
{
    static const unsigned char dim[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && is_leap(year) ? 29 : dim[month - 1];
}

int date_valid(int year, int month, int day)
{
    if (year < 1900 || year > 2200 || month < 1 || month > 12 || day < 1)
        return 0;
    return day <= days_in_month(year, month);
}

/* ---- parsing ---------------------------------------------------------- */

enum tok_kind {
    TOK_NUM,
    TOK_SEP,   /* value is '-', '/' or '.' whether typed half- or full-width */
    TOK_YEAR,  /* 年 */
    TOK_MONTH, /* 月 */
    TOK_DAY,   /* 日 */
};

struct tok {
    enum tok_kind kind;
    int value;   /* the number, or the separator character */
    int ndigits; /* TOK_NUM only */
};

/* One character of the input as the lexer sees it. */
enum unit_kind { U_DIGIT, U_SEP, U_YEAR, U_MONTH, U_DAY, U_SPACE, U_OTHER };

struct unit {
    enum unit_kind kind;
    int value;  /* digit value or separator character */
    size_t len; /* bytes it took */
};

/*
 * Classifies the character starting at s[0] (n bytes available). Full-width
 * digits U+FF10..FF19 are EF BC 90..99, and the full-width separators
 * U+FF0D (－), U+FF0E (．), U+FF0F (／) are EF BC 8D..8F.
 */
static struct unit read_unit(const unsigned char *s, size_t n)
{
    struct unit u = {U_OTHER, 0, 1};
    unsigned char c = s[0];

    if (c >= '0' && c <= '9') {
        u.kind = U_DIGIT;
        u.value = c - '0';
    } else if (c == '-' || c == '/' || c == '.') {
        u.kind = U_SEP;
        u.value = c;
    } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        u.kind = U_SPACE;
    } else if (n >= 3) {
        unsigned char b = s[1], d = s[2];
        u.len = 3;
        if (c == 0xEF && b == 0xBC && d >= 0x90 && d <= 0x99) {
            u.kind = U_DIGIT;
            u.value = d - 0x90;
        } else if (c == 0xEF && b == 0xBC && d >= 0x8D && d <= 0x8F) {
            u.kind = U_SEP;
            u.value = d == 0x8D ? '-' : d == 0x8E ? '.' : '/';
        } else if (c == 0xE5 && b == 0xB9 && d == 0xB4) {
            u.kind = U_YEAR;
        } else if (c == 0xE6 && b == 0x9C && d == 0x88) {
            u.kind = U_MONTH;
        } else if (c == 0xE6 && b == 0x97 && d == 0xA5) {
            u.kind = U_DAY;
        } else if (c == 0xE3 && b == 0x80 && d == 0x80) {
            u.kind = U_SPACE; /* U+3000 ideographic space */
        } else {
            u.len = 1;
        }
    }
    return u;
}

/* 1 if the n bytes ending at s[n-1] end with white space; sets *width. */
static int ends_with_space(const unsigned char *s, size_t n, size_t *width)
{
    unsigned char c = s[n - 1];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        *width = 1;
        return 1;
    }
    if (n >= 3 && s[n - 3] == 0xE3 && s[n - 2] == 0x80 && c == 0x80) {
        *width = 3;
        return 1;
    }
    return 0;
}

/* Splits the trimmed input into tokens; returns their count or DATE_E_SYNTAX. */
static int tokenize(const unsigned char *s, size_t n, struct tok toks[MAX_TOKENS])
{
    int ntok = 0;
    size_t i = 0;

    while (i < n) {
        struct unit u = read_unit(s + i, n - i);
        struct tok *t;

        i += u.len;
        if (u.kind == U_DIGIT && ntok > 0 && toks[ntok - 1].kind == TOK_NUM) {
            t = &toks[ntok - 1];
            if (++t->ndigits > MAX_DIGITS)
                return DATE_E_SYNTAX;
            t->value = t->value * 10 + u.value;
            continue;
        }
        if (u.kind == U_SPACE || u.kind == U_OTHER || ntok == MAX_TOKENS)
            return DATE_E_SYNTAX;
        t = &toks[ntok++];
        t->value = u.value;
        t->ndigits = 0;
        switch (u.kind) {
        case U_DIGIT:
            t->kind = TOK_NUM;
            t->ndigits = 1;
            break;
        case U_SEP:
            t->kind = TOK_SEP;
            break;
        case U_YEAR:
            t->kind = TOK_YEAR;
            break;
        case U_MONTH:
            t->kind = TOK_MONTH;
            break;
        default:
            t->kind = TOK_DAY;
            break;
        }
    }
    return ntok;
}

static int is_num(const struct tok *t, int min_digits, int max_digits)
{
    return t->kind == TOK_NUM && t->ndigits >= min_digits && t->ndigits <= max_digits;
}

/* Recognises the accepted shapes; fills y, m, d or returns DATE_E_SYNTAX. */
static int match_form(const struct tok *t, int ntok, int *y, int *m, int *d)
{
    if (ntok == 1 && is_num(&t[0], 8, 8)) {
        /* 20200309 */
        *y = t[0].value / 10000;
        *m = t[0].value / 100 % 100;
        *d = t[0].value % 100;
        return 0;
    }
    if (ntok == 5 && is_num(&t[0], 4, 4) && t[1].kind == TOK_SEP && is_num(&t[2], 1, 2) &&
        t[3].kind == TOK_SEP && t[3].value == t[1].value && is_num(&t[4], 1, 2)) {
        /* 2020-3-9, 2020/03/09, 2020.3.9: one separator used twice */
        *y = t[0].value;
        *m = t[2].value;
        *d = t[4].value;
        return 0;
    }
    if (ntok == 6 && is_num(&t[0], 4, 4) && t[1].kind == TOK_YEAR && is_num(&t[2], 1, 2) &&
        t[3].kind == TOK_MONTH && is_num(&t[4], 1, 2) && t[5].kind == TOK_DAY) {
        /* 2020年3月9日 */
        *y = t[0].value;
        *m = t[2].value;
        *d = t[4].value;
        return 0;
    }
    return DATE_E_SYNTAX;
}

int date_parse(const char *s, size_t len, int32_t *out_days)
{
    const unsigned char *p = (const unsigned char *)s;
    struct tok toks[MAX_TOKENS];
    size_t width;
    int ntok, y, m, d, rc;

    /* Trim leading then trailing white space (ASCII and U+3000). */
    while (len > 0) {
        struct unit u = read_unit(p, len);
        if (u.kind != U_SPACE)
            break;
        p += u.len;
        len -= u.len;
    }
    while (len > 0 && ends_with_space(p, len, &width))
        len -= width;
    if (len == 0)
        return DATE_E_EMPTY;

    if ((ntok = tokenize(p, len, toks)) < 0)
        return ntok;
    if ((rc = match_form(toks, ntok, &y, &m, &d)) < 0)
        return rc;
    if (y < 1900 || y > 2200)
        return DATE_E_YEAR;
    if (!date_valid(y, m, d))
        return DATE_E_RANGE;
    *out_days = date_from_ymd(y, m, d);
    return 0;
}

/* Writes n decimal digits of v, zero-padded, and returns the end. */
static char *put_digits(char *out, int v, int n)
{
    for (int i = n - 1; i >= 0; i--) {
        out[i] = (char)('0' + v % 10);
        v /= 10;
    }
    return out + n;
}

void date_format(int32_t days, char out[DATE_STR_LEN])
{
    int y, m, d;
    char *p = out;

    /* A year outside 0..9999 cannot be written in ten characters; such a
     * day is never produced by date_parse(), so it is written as absent. */
    if (days == DATE_NONE) {
        out[0] = '\0';
        return;
    }
    date_to_ymd(days, &y, &m, &d);
    if (y < 0 || y > 9999) {
        out[0] = '\0';
        return;
    }
    p = put_digits(p, y, 4);
    *p++ = '-';
    p = put_digits(p, m, 2);
    *p++ = '-';
    p = put_digits(p, d, 2);
    *p = '\0';
}

int date_weekday(int32_t days)
{
    int w = (int)(((int64_t)days + 3) % 7);
    return w < 0 ? w + 7 : w;
}
