/*
 * Document types (codes, labels, the spellings spreadsheets use) and the
 * per-type number check. Only the mainland ID card has a check scheme we
 * can verify, delegated to core/idcard.c; for passports and permits the
 * issuing formats vary by country and year, so we accept any 5 to 20
 * letters and digits rather than reject a real document.
 */
#include "core/document.h"

#include "core/fold.h"
#include "core/date.h"
#include "core/idcard.h"

#include <string.h>

#define DOC_MIN_CHARS 5
#define DOC_MAX_CHARS 20

struct doc_name {
    const char *code;
    const char *label_zh;
};

/* Indexed by enum doc_type. */
static const struct doc_name doc_names[] = {
    {"id_card", "居民身份证"},
    {"passport", "护照"},
    {"hk_macao", "港澳居民来往内地通行证"},
    {"taiwan", "台湾居民来往大陆通行证"},
    {"foreign_pr", "外国人永久居留身份证"},
    {"other", "其他"},
};

#define DOC_TYPES (sizeof doc_names / sizeof doc_names[0])

/* Short forms people write besides the codes and full labels. */
static const struct {
    const char *text;
    enum doc_type type;
} doc_aliases[] = {
    {"身份证", DOC_ID_CARD},
    {"港澳通行证", DOC_HK_MACAO_PERMIT},
    {"台胞证", DOC_TAIWAN_PERMIT},
    {"永久居留证", DOC_FOREIGN_PERMANENT},
};

const char *doc_type_code(enum doc_type t)
{
    return (unsigned)t < DOC_TYPES ? doc_names[t].code : NULL;
}

const char *doc_type_label_zh(enum doc_type t)
{
    return (unsigned)t < DOC_TYPES ? doc_names[t].label_zh : NULL;
}

static int is_space(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int is_ideographic_space(const unsigned char *p, size_t n)
{
    return n >= 3 && p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80;
}

/* 1 if the n bytes at p equal text, ignoring ASCII case. */
static int same_text(const unsigned char *p, size_t n, const char *text)
{
    size_t k = 0;
    for (; k < n && text[k]; k++) {
        unsigned char c = p[k];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        if (c != (unsigned char)text[k])
            return 0;
    }
    return k == n && text[k] == '\0';
}

int doc_type_parse(const char *s, size_t len, enum doc_type *out)
{
    const unsigned char *p = (const unsigned char *)s;

    for (;;) {
        if (len >= 1 && is_space(p[0])) {
            p++;
            len--;
        } else if (is_ideographic_space(p, len)) {
            p += 3;
            len -= 3;
        } else if (len >= 1 && is_space(p[len - 1])) {
            len--;
        } else if (len >= 3 && is_ideographic_space(p + len - 3, 3)) {
            len -= 3;
        } else {
            break;
        }
    }
    if (len == 0)
        return -1;
    for (size_t i = 0; i < DOC_TYPES; i++) {
        if (same_text(p, len, doc_names[i].code) || same_text(p, len, doc_names[i].label_zh)) {
            *out = (enum doc_type)i;
            return 0;
        }
    }
    for (size_t i = 0; i < sizeof doc_aliases / sizeof doc_aliases[0]; i++) {
        if (same_text(p, len, doc_aliases[i].text)) {
            *out = doc_aliases[i].type;
            return 0;
        }
    }
    return -1;
}

/* Copies a normalised number of n bytes out, or reports the buffer short. */
static int put_number(const char *num, size_t n, char *out_norm, size_t out_size)
{
    if (out_size < n + 1)
        return DOC_E_BUFFER;
    memcpy(out_norm, num, n);
    out_norm[n] = '\0';
    return 0;
}

int doc_check(enum doc_type t, const char *s, size_t len, char *out_norm, size_t out_size)
{
    char buf[DOC_MAX_CHARS];
    int n, rc;

    if (out_size > 0)
        out_norm[0] = '\0';
    if ((unsigned)t >= DOC_TYPES)
        return DOC_E_TYPE;
    if (t == DOC_ID_CARD) {
        struct idcard card;
        if ((rc = idcard_parse(s, len, DATE_NONE, &card)) < 0)
            return rc;
        return put_number(card.number, IDCARD_LEN, out_norm, out_size);
    }

    n = fold_ascii(s, len, buf, sizeof buf);
    if (n == 0)
        return DOC_E_EMPTY;
    if (n < DOC_MIN_CHARS) /* also -1: more than DOC_MAX_CHARS */
        return DOC_E_LENGTH;
    for (int i = 0; i < n; i++) {
        if (buf[i] >= 'a' && buf[i] <= 'z')
            buf[i] = (char)(buf[i] - 'a' + 'A');
        else if (!((buf[i] >= 'A' && buf[i] <= 'Z') || (buf[i] >= '0' && buf[i] <= '9')))
            return DOC_E_CHAR;
    }
    return put_number(buf, (size_t)n, out_norm, out_size);
}
