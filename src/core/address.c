/*
 * Chinese address resolution, pure. Three parts:
 *
 *   normalisation  one form for addresses and names alike (address_normalize);
 *   the index      every alias of every unit, compound and outside place as a
 *                  key in one open-addressing table that also holds each key's
 *                  proper prefixes, so matching at a position walks the text a
 *                  character at a time and stops as soon as no key starts so;
 *   resolving      a small search over chains of names read left to right
 *                  (city? district? street? committee? compound?), each name
 *                  starting exactly where the previous one ended; the best
 *                  chain is the deepest, then the longest, then the one with
 *                  fewer suffix-less names; ties between different units
 *                  resolve to their deepest common ancestor (ambiguity).
 *
 * The rules, and why they are so, are in docs/address.md.
 */
#include "core/address.h"

#include "core/unitcode.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------------
 * UTF-8
 */

/* Decodes one character; returns its length in bytes, or -1 if invalid. */
static int utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
    uint32_t c;
    int n;

    if (len == 0)
        return -1;
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    if ((s[0] & 0xE0) == 0xC0) {
        c = s[0] & 0x1F;
        n = 2;
    } else if ((s[0] & 0xF0) == 0xE0) {
        c = s[0] & 0x0F;
        n = 3;
    } else if ((s[0] & 0xF8) == 0xF0) {
        c = s[0] & 0x07;
        n = 4;
    } else {
        return -1;
    }
    if ((size_t)n > len)
        return -1;
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return -1;
        c = (c << 6) | (s[i] & 0x3F);
    }
    if ((n == 2 && c < 0x80) || (n == 3 && c < 0x800) || (n == 4 && c < 0x10000) || c > 0x10FFFF ||
        (c >= 0xD800 && c <= 0xDFFF))
        return -1;
    *cp = c;
    return n;
}

static int utf8_encode(uint32_t c, char *out)
{
    if (c < 0x80) {
        out[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        out[0] = (char)(0xC0 | (c >> 6));
        out[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        out[0] = (char)(0xE0 | (c >> 12));
        out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        out[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (c >> 18));
    out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    out[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

/* Length of the (valid, normalised) character starting at s. */
static size_t clen(const char *s)
{
    unsigned char c = (unsigned char)*s;
    return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

static int is_alnum(int c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static int is_digit(int c)
{
    return c >= '0' && c <= '9';
}

static int starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static int ends(const char *s, size_t len, const char *suffix)
{
    size_t n = strlen(suffix);
    return len >= n && memcmp(s + len - n, suffix, n) == 0;
}

/* Number of characters in len bytes of valid UTF-8. */
static size_t nchars(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i += clen(s + i))
        n++;
    return n;
}

/* ------------------------------------------------------------------------
 * Normalisation
 */

#define SEP 0xFFFFFFFFu /* a separator: dropped, or '-' between two ASCII alnums */

/* Characters mapped one to one (after full-width to ASCII). */
static const struct {
    uint32_t from, to;
} char_map[] = {
    {'#', 0x53F7},    /* 12#601 -> 12号601 */
    {0x865F, 0x53F7}, /* 號 */
    {0x6A13, 0x697C}, /* 樓 */
    {0x68DF, 0x680B}, /* 棟 */
    {0x5340, 0x533A}, /* 區 */
    {0x93AE, 0x9547}, /* 鎮 */
    {0x55AE, 0x5355}, /* 單 */
    {0x5C64, 0x5C42}, /* 層 */
    {0x3010, '('},    /* 【 */
    {0x3011, ')'},    /* 】 */
    {0x3014, '('},    /* 〔 */
    {0x3015, ')'},    /* 〕 */
    {'[', '('},       {']', ')'}, {'{', '('}, {'}', ')'},
};

static uint32_t map_char(uint32_t c)
{
    if (c >= 0xFF01 && c <= 0xFF5E)
        c -= 0xFEE0; /* full-width ASCII */
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 'A';
    for (size_t i = 0; i < sizeof char_map / sizeof char_map[0]; i++)
        if (char_map[i].from == c)
            return char_map[i].to;
    if (c == '-' || (c >= 0x2010 && c <= 0x2015) || c == 0x2212 || c == 0xFE58 || c == 0xFE63 ||
        c == '~' || c == 0x301C || c == 0x2053)
        return SEP; /* dashes: kept only between two ASCII letters or digits */
    if (c <= ' ' || c == 0x7F || c == 0xA0 || c == 0x3000)
        return SEP;
    if ((c >= '!' && c <= '/' && c != '(' && c != ')') || (c >= ':' && c <= '@') || c == '\\' ||
        c == '^' || c == '_' || c == '`' || c == '|')
        return SEP;
    if ((c >= 0x3001 && c <= 0x3003) || (c >= 0x3008 && c <= 0x300F) ||
        (c >= 0x2018 && c <= 0x201F) || c == 0x00B7 || c == 0x30FB || c == 0x2026 || c == 0xFF61 ||
        c == 0xFF64)
        return SEP; /* 、。〈〉《》「」『』 quotes · … */
    return c;
}

/* Chinese numerals: value 0-9, 10/100/1000 for 十百千, -1 if none. */
/* clang-format off */
static int numeral(uint32_t c)
{
    switch (c) {
    case 0x3007: /* 〇 */
    case 0x96F6: /* 零 */
        return 0;
    case 0x4E00: return 1; /* 一 */
    case 0x4E8C: /* 二 */
    case 0x4E24: /* 两 */
        return 2;
    case 0x4E09: return 3; /* 三 */
    case 0x56DB: return 4; /* 四 */
    case 0x4E94: return 5; /* 五 */
    case 0x516D: return 6; /* 六 */
    case 0x4E03: return 7; /* 七 */
    case 0x516B: return 8; /* 八 */
    case 0x4E5D: return 9; /* 九 */
    case 0x5341: return 10;   /* 十 */
    case 0x767E: return 100;  /* 百 */
    case 0x5343: return 1000; /* 千 */
    default: return -1;
    }
}
/* clang-format on */

/* A numeral directly before one of these is a house, building, unit or room
 * number (十二号, 六〇一室, 三单元, 四九九弄). */
static int number_marker_at(const uint32_t *c, size_t i, size_t n)
{
    if (i >= n)
        return 0;
    switch (c[i]) {
    case 0x53F7: /* 号 */
    case 0x5F04: /* 弄 */
    case 0x680B: /* 栋 */
    case 0x5E62: /* 幢 */
    case 0x5EA7: /* 座 */
    case 0x697C: /* 楼 */
    case 0x5BA4: /* 室 */
    case 0x5C42: /* 层 */
    case 0x623F: /* 房 */
        return 1;
    case 0x5355: /* 单(元) */
        return i + 1 < n && c[i + 1] == 0x5143;
    default:
        return 0;
    }
}

/* ... and a numeral run at the very end right after one of these is a room
 * or building number too (一单元六〇一). */
static int number_marker_before(uint32_t c)
{
    return c == 0x53F7 || c == 0x5143 || c == 0x680B || c == 0x5E62 || c == 0x5EA7 || c == 0x697C ||
           c == 0x5F04 || c == 0x5C42;
}

/* Value of a numeral run: positional when it has 十/百/千 (一千一百 = 1100,
 * 十二 = 12), digit by digit otherwise (六〇一 = 601). Writes ASCII digits
 * into out (at least 12 bytes); returns their count, or 0 if it is not a
 * well-formed number. */
static int numeral_value(const uint32_t *c, size_t n, char *out)
{
    int positional = 0;
    long total = 0, cur = 0;

    for (size_t i = 0; i < n; i++)
        if (numeral(c[i]) >= 10)
            positional = 1;
    if (!positional) {
        if (n > 10)
            return 0;
        for (size_t i = 0; i < n; i++)
            out[i] = (char)('0' + numeral(c[i]));
        return (int)n;
    }
    for (size_t i = 0; i < n; i++) {
        int v = numeral(c[i]);
        if (v >= 10) {
            total += (cur ? cur : 1) * v;
            cur = 0;
        } else if (v > 0) {
            if (cur)
                return 0; /* 二三十: not a number */
            cur = v;
        }
    }
    total += cur;
    if (total <= 0 || total > 99999)
        return 0;
    return (int)(sprintf(out, "%ld", total));
}

int address_normalize(const char *in, size_t len, char *out, size_t out_size)
{
    uint32_t c[ADDRESS_MAX], d[ADDRESS_MAX];
    size_t n = 0, m = 0, o = 0, i = 0;
    uint32_t prev = 0;

    if (len > ADDRESS_MAX)
        return ADDRESS_E_TOOLONG;
    while (i < len) {
        uint32_t cp;
        int k = utf8_decode((const unsigned char *)in + i, len - i, &cp);
        if (k < 0)
            return ADDRESS_E_UTF8;
        i += (size_t)k;
        c[n++] = map_char(cp);
    }

    /* Numbered estates are named in Chinese numerals (天山三村, 曹杨一村) and
     * often written with digits (天山3村): back to the name's form. */
    for (i = 0; i < n;) {
        static const uint32_t zh[10] = {0,      0x4E00, 0x4E8C, 0x4E09, 0x56DB,
                                        0x4E94, 0x516D, 0x4E03, 0x516B, 0x4E5D};
        size_t j = i;
        unsigned v = 0;
        while (j < n && c[j] >= '0' && c[j] <= '9' && j - i < 3)
            v = v * 10 + (c[j++] - '0');
        if (j == i || j - i > 2 || j >= n || c[j] != 0x6751 /* 村 */ || i == 0 ||
            c[i - 1] < 0x3400 || v == 0) {
            i = j > i ? j : i + 1;
            continue;
        }
        /* v is 1..99: at most three characters, never more than the digits + 1 */
        {
            uint32_t w[3];
            size_t k = 0;
            if (v >= 20)
                w[k++] = zh[v / 10];
            if (v >= 10)
                w[k++] = 0x5341; /* 十 */
            if (v % 10)
                w[k++] = zh[v % 10];
            if (k > j - i) { /* 12村 -> 十二村: make room */
                if (n + 1 > ADDRESS_MAX)
                    return ADDRESS_E_TOOLONG;
                memmove(c + j + 1, c + j, (n - j) * sizeof c[0]);
                n++;
                j++;
            }
            memcpy(c + i, w, k * sizeof w[0]);
            if (k < j - i) {
                memmove(c + i + k, c + j, (n - j) * sizeof c[0]);
                n -= j - i - k;
            }
            i += k;
        }
    }

    /* Chinese numerals that are house numbers become digits. */
    for (i = 0; i < n;) {
        size_t j = i, t;
        char digits[16];
        int nd, convert;

        if (numeral(c[i]) < 0) {
            if (m >= ADDRESS_MAX)
                return ADDRESS_E_TOOLONG;
            d[m++] = c[i++];
            continue;
        }
        while (j < n && numeral(c[j]) >= 0)
            j++;
        for (t = j; t < n && c[t] == SEP; t++)
            ;
        convert = number_marker_at(c, j, n) || (t == n && i > 0 && number_marker_before(c[i - 1]));
        if (convert && j - i <= 10 && (nd = numeral_value(c + i, j - i, digits)) > 0) {
            if (m + (size_t)nd > ADDRESS_MAX)
                return ADDRESS_E_TOOLONG;
            for (int k = 0; k < nd; k++)
                d[m++] = (uint32_t)digits[k];
        } else {
            if (m + (j - i) > ADDRESS_MAX)
                return ADDRESS_E_TOOLONG;
            while (i < j)
                d[m++] = c[i++];
        }
        i = j;
    }

    /* Separators: dropped, or one '-' between two ASCII letters/digits. */
    for (i = 0; i < m; i++) {
        char buf[4];
        int k;

        if (d[i] == SEP) {
            size_t j = i;
            while (j < m && d[j] == SEP)
                j++;
            if (o > 0 && j < m && prev < 0x80 && is_alnum((int)prev) && d[j] < 0x80 &&
                is_alnum((int)d[j])) {
                if (o + 1 >= out_size || o + 1 > ADDRESS_MAX)
                    return ADDRESS_E_TOOLONG;
                out[o++] = '-';
            }
            i = j - 1;
            continue;
        }
        k = utf8_encode(d[i], buf);
        if (o + (size_t)k >= out_size || o + (size_t)k > ADDRESS_MAX)
            return ADDRESS_E_TOOLONG;
        memcpy(out + o, buf, (size_t)k);
        o += (size_t)k;
        prev = d[i];
    }
    if (out_size)
        out[o] = '\0';
    return (int)o;
}

/* ------------------------------------------------------------------------
 * Aliases
 */

#define ALIAS_MAX      256
#define MIN_STEM_CHARS 2 /* a one-character stem (江, 新) would match anything */

struct alias_out {
    address_alias_fn fn;
    void *arg;
    int demote; /* 1: every form is at least a variant (the name lost a parenthesis) */
};

static int emit(struct alias_out *a, const char *stem, size_t slen, const char *suffix,
                enum address_form form)
{
    char buf[ALIAS_MAX];
    size_t sl = strlen(suffix);

    if (slen + sl >= sizeof buf)
        return 0;
    if (form >= ADDRESS_SHORT && nchars(stem, slen) < MIN_STEM_CHARS)
        return 0;
    memcpy(buf, stem, slen);
    memcpy(buf + slen, suffix, sl);
    buf[slen + sl] = '\0';
    if (a->demote && form == ADDRESS_FULL)
        form = ADDRESS_VARIANT;
    return a->fn(a->arg, buf, slen + sl, form);
}

/* The suffix table: for a name ending in `suffix` at `level`, the stem is
 * the name without it, and the stem followed by each of `variants` is
 * another way to write the name. The bare stem is added after them (for a
 * village, the stem is its short name, 光明村). Only the first rule that
 * fits applies, so 新区 comes before 区 and 新镇 before 镇. */
struct suffix_rule {
    int level;
    const char *suffix;
    const char *variants[8]; /* written with another suffix or a typo */
};

static const struct suffix_rule suffix_rules[] = {
    {2, "新区", {"区", NULL}},
    {2, "区", {NULL}},
    {2, "县", {NULL}},
    {3, "街道", {"街道办事处", "街道办", "街到", NULL}},
    {3, "新镇", {"镇", NULL}},
    {3, "镇", {"乡", NULL}},
    {3, "乡", {"镇", NULL}},
    {4, "社区居委会", {"居委会", "居民委员会", "居委", "社区", "社区居委", NULL}},
    {4, "居委会", {"居民委员会", "居委", "社区居委会", "社区", NULL}},
    {4,
     "村委会",
     {"村民委员会", "民委员会", "委",
      NULL}}, /* 光明村村委会: 光明村村民委员会, 光明村民委员会, 光明村委 */
};

static int alias_forms(struct alias_out *a, const char *nm, size_t len, int level)
{
    int rc;

    if ((rc = emit(a, nm, len, "", ADDRESS_FULL)) != 0)
        return rc;
    for (size_t r = 0; r < sizeof suffix_rules / sizeof suffix_rules[0]; r++) {
        const struct suffix_rule *sr = &suffix_rules[r];
        size_t slen;

        if (sr->level != level || !ends(nm, len, sr->suffix))
            continue;
        slen = len - strlen(sr->suffix);
        if (nchars(nm, slen) < MIN_STEM_CHARS)
            break;
        for (int v = 0; sr->variants[v]; v++)
            if ((rc = emit(a, nm, slen, sr->variants[v], ADDRESS_VARIANT)) != 0)
                return rc;
        if (level == 4 && ends(sr->suffix, strlen(sr->suffix), "村委会"))
            /* A village is written by its own name, 光明村; never shorter (光明
             * would be every 光明 of the city). */
            return emit(a, nm, slen, "", ADDRESS_SHORT);
        if ((rc = emit(a, nm, slen, "", ADDRESS_BARE)) != 0)
            return rc;
        /* 江湾镇街道: once a town, still called 江湾镇, or 江湾. */
        if (level == 3 && ends(nm, slen, "镇") && nchars(nm, slen) > MIN_STEM_CHARS) {
            if ((rc = emit(a, nm, slen, "", ADDRESS_VARIANT)) != 0)
                return rc;
            return emit(a, nm, slen - strlen("镇"), "", ADDRESS_BARE);
        }
        return 0;
    }
    return 0;
}

int address_aliases(const char *name, int level, address_alias_fn fn, void *arg)
{
    char nm[ADDRESS_MAX + 1], np[ADDRESS_MAX + 1];
    struct alias_out a = {fn, arg, 0};
    int len, rc;
    const char *open, *close;

    if ((len = address_normalize(name, strlen(name), nm, sizeof nm)) <= 0)
        return 0;
    if ((rc = alias_forms(&a, nm, (size_t)len, level)) != 0)
        return rc;
    /* 水产村(方泰)村委会: also without what is in parentheses. */
    if ((open = strchr(nm, '(')) && (close = strchr(open, ')'))) {
        size_t k = (size_t)(open - nm);
        memcpy(np, nm, k);
        strcpy(np + k, close + 1);
        if (nchars(np, strlen(np)) >= MIN_STEM_CHARS) {
            a.demote = 1;
            return alias_forms(&a, np, strlen(np), level);
        }
    }
    return 0;
}

/* ------------------------------------------------------------------------
 * The index
 */

enum entry_type { T_CITY = 1, T_UNIT, T_COMPOUND, T_OUT_FULL, T_OUT_STEM };

#define F_ROAD 1 /* a bare stem that is a road's name (江苏路, 云南中路) */
#define F_LANE 2 /* a bare stem that is a lane (宝山路499弄) */

struct xunit {
    int64_t code;
    uint32_t name; /* arena offset of the official name */
    uint8_t level;
};

struct xcomp {
    int64_t id;
    uint32_t unit; /* the committee's index in units */
    uint32_t name;
};

struct xout {
    int64_t code;
    uint32_t name;
};

struct entry {
    uint32_t next; /* index + 1 of the next entry of the same key, 0 at the end */
    uint32_t target;
    uint8_t type, form, flags;
};

/* A key of the table: an alias (is_key, with its entries), a proper prefix
 * of one (is_prefix), or both. The bytes live in the arena. */
struct slot {
    uint64_t hash;
    uint32_t off, len;
    uint32_t first; /* index + 1 of the first entry */
    uint8_t used, is_key, is_prefix;
};

struct address_index {
    int64_t city;
    char *arena;
    size_t arena_len, arena_cap;
    struct xunit *units;
    size_t nunits, units_cap;
    uint32_t *codes; /* open addressing: unit index + 1 by code */
    size_t codes_cap;
    struct xcomp *comps;
    size_t ncomps, comps_cap;
    struct xout *outs;
    size_t nouts, outs_cap;
    struct entry *entries;
    size_t nentries, entries_cap;
    struct slot *slots;
    size_t slots_cap, slots_used;
    size_t maxkey; /* bytes of the longest key */
};

#define FNV_OFFSET 1469598103934665603ULL
#define FNV_PRIME  1099511628211ULL

static uint64_t fnv_step(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * FNV_PRIME;
    return h;
}

static int grow(void **p, size_t *cap, size_t need, size_t elem)
{
    size_t nc = *cap ? *cap : 64;
    void *np;

    if (need <= *cap)
        return 0;
    while (nc < need)
        nc *= 2;
    if (!(np = realloc(*p, nc * elem)))
        return ADDRESS_E_NOMEM;
    *p = np;
    *cap = nc;
    return 0;
}

static int64_t arena_put(struct address_index *ix, const char *s, size_t len)
{
    size_t off = ix->arena_len;

    if (grow((void **)&ix->arena, &ix->arena_cap, off + len + 1, 1) < 0)
        return ADDRESS_E_NOMEM;
    memcpy(ix->arena + off, s, len);
    ix->arena[off + len] = '\0';
    ix->arena_len += len + 1;
    return (int64_t)off;
}

static size_t code_slot(int64_t code, size_t cap)
{
    return (size_t)(((uint64_t)code * 0x9E3779B97F4A7C15ULL) >> 17) & (cap - 1);
}

static int unit_index(const struct address_index *ix, int64_t code)
{
    size_t i = code_slot(code, ix->codes_cap);

    while (ix->codes[i]) {
        if (ix->units[ix->codes[i] - 1].code == code)
            return (int)ix->codes[i] - 1;
        i = (i + 1) & (ix->codes_cap - 1);
    }
    return -1;
}

static int codes_insert(struct address_index *ix, int64_t code, uint32_t idx)
{
    if ((ix->nunits + 1) * 2 > ix->codes_cap) {
        size_t nc = ix->codes_cap ? ix->codes_cap * 2 : 1024;
        uint32_t *n = calloc(nc, sizeof *n);
        if (!n)
            return ADDRESS_E_NOMEM;
        for (size_t u = 0; u < ix->nunits; u++) {
            size_t i = code_slot(ix->units[u].code, nc);
            while (n[i])
                i = (i + 1) & (nc - 1);
            n[i] = (uint32_t)u + 1;
        }
        free(ix->codes);
        ix->codes = n;
        ix->codes_cap = nc;
    }
    size_t i = code_slot(code, ix->codes_cap);
    while (ix->codes[i])
        i = (i + 1) & (ix->codes_cap - 1);
    ix->codes[i] = idx + 1;
    return 0;
}

static struct slot *slot_find(const struct address_index *ix, uint64_t h, const char *s, size_t len)
{
    size_t i = (size_t)h & (ix->slots_cap - 1);

    while (ix->slots[i].used) {
        struct slot *sl = &ix->slots[i];
        if (sl->hash == h && sl->len == len && memcmp(ix->arena + sl->off, s, len) == 0)
            return sl;
        i = (i + 1) & (ix->slots_cap - 1);
    }
    return NULL;
}

static int slots_grow(struct address_index *ix)
{
    size_t nc = ix->slots_cap ? ix->slots_cap * 2 : 1 << 14;
    struct slot *n = calloc(nc, sizeof *n);

    if (!n)
        return ADDRESS_E_NOMEM;
    for (size_t k = 0; k < ix->slots_cap; k++) {
        size_t i;
        if (!ix->slots[k].used)
            continue;
        i = (size_t)ix->slots[k].hash & (nc - 1);
        while (n[i].used)
            i = (i + 1) & (nc - 1);
        n[i] = ix->slots[k];
    }
    free(ix->slots);
    ix->slots = n;
    ix->slots_cap = nc;
    return 0;
}

/* The slot of key s[0..len) (stored at arena offset off), created if new. */
static struct slot *slot_get(struct address_index *ix, uint64_t h, uint32_t off, const char *s,
                             size_t len)
{
    struct slot *sl;
    size_t i;

    if ((sl = slot_find(ix, h, s, len)))
        return sl;
    if ((ix->slots_used + 1) * 2 > ix->slots_cap && slots_grow(ix) < 0)
        return NULL;
    i = (size_t)h & (ix->slots_cap - 1);
    while (ix->slots[i].used)
        i = (i + 1) & (ix->slots_cap - 1);
    sl = &ix->slots[i];
    memset(sl, 0, sizeof *sl);
    sl->used = 1;
    sl->hash = h;
    sl->off = off;
    sl->len = (uint32_t)len;
    ix->slots_used++;
    return sl;
}

/* Adds key s with one entry; the same target under the same key keeps the
 * strongest form (full over variant over bare). */
static int add_key(struct address_index *ix, const char *s, size_t len, uint8_t type,
                   uint32_t target, uint8_t form, uint8_t flags)
{
    uint64_t h = FNV_OFFSET;
    int64_t off;
    struct slot *sl;
    struct entry *en;
    uint32_t k;

    if (len == 0 || len > 255)
        return 0;
    if ((off = arena_put(ix, s, len)) < 0)
        return ADDRESS_E_NOMEM;
    for (size_t i = 0; i < len;) {
        size_t cl = clen(s + i);
        h = fnv_step(h, s + i, cl);
        i += cl;
        if (!(sl = slot_get(ix, h, (uint32_t)off, s, i)))
            return ADDRESS_E_NOMEM;
        if (i < len)
            sl->is_prefix = 1;
    }
    sl->is_key = 1;
    for (k = sl->first; k; k = ix->entries[k - 1].next) {
        en = &ix->entries[k - 1];
        if (en->type == type && en->target == target) {
            if (form < en->form) {
                en->form = form;
                en->flags = flags;
            }
            return 0;
        }
    }
    if (grow((void **)&ix->entries, &ix->entries_cap, ix->nentries + 1, sizeof *ix->entries) < 0)
        return ADDRESS_E_NOMEM;
    en = &ix->entries[ix->nentries++];
    en->next = sl->first;
    en->target = target;
    en->type = type;
    en->form = form;
    en->flags = flags;
    sl->first = (uint32_t)ix->nentries;
    if (len > ix->maxkey)
        ix->maxkey = len;
    return 0;
}

static uint8_t stem_flags(const char *s, size_t len, enum address_form form)
{
    if (form != ADDRESS_BARE)
        return 0;
    if (ends(s, len, "路") || ends(s, len, "街") || ends(s, len, "道") || ends(s, len, "巷"))
        return F_ROAD;
    if (ends(s, len, "弄"))
        return F_LANE;
    return 0;
}

struct key_sink {
    struct address_index *ix;
    uint8_t type;
    uint32_t target;
};

static int sink_alias(void *arg, const char *alias, size_t len, enum address_form form)
{
    struct key_sink *k = arg;
    return add_key(k->ix, alias, len, k->type, k->target, (uint8_t)form,
                   stem_flags(alias, len, form));
}

static int add_unit_raw(struct address_index *ix, int64_t code, const char *name, int level)
{
    int64_t off;
    struct xunit *u;
    int rc;

    if ((rc = grow((void **)&ix->units, &ix->units_cap, ix->nunits + 1, sizeof *ix->units)) < 0)
        return rc;
    if ((off = arena_put(ix, name, strlen(name))) < 0)
        return ADDRESS_E_NOMEM;
    if ((rc = codes_insert(ix, code, (uint32_t)ix->nunits)) < 0)
        return rc;
    u = &ix->units[ix->nunits++];
    u->code = code;
    u->name = (uint32_t)off;
    u->level = (uint8_t)level;
    return (int)(ix->nunits - 1);
}

struct address_index *address_index_new(int64_t city, const char *city_name)
{
    struct address_index *ix = calloc(1, sizeof *ix);
    char nm[ADDRESS_MAX + 1];
    int len;

    if (!ix)
        return NULL;
    ix->city = city;
    if (slots_grow(ix) < 0 || add_unit_raw(ix, city, city_name, LEVEL_CITY) < 0)
        goto fail;
    len = address_normalize(city_name, strlen(city_name), nm, sizeof nm);
    if (len > 0) {
        if (add_key(ix, nm, (size_t)len, T_CITY, 0, ADDRESS_FULL, 0) < 0)
            goto fail;
        /* 上海市 is also said 上海; the stem needs confirmation like any bare name. */
        if (ends(nm, (size_t)len, "市") && nchars(nm, (size_t)len) > MIN_STEM_CHARS &&
            add_key(ix, nm, (size_t)len - strlen("市"), T_CITY, 0, ADDRESS_BARE, 0) < 0)
            goto fail;
    }
    return ix;
fail:
    address_index_free(ix);
    return NULL;
}

void address_index_free(struct address_index *ix)
{
    if (!ix)
        return;
    free(ix->arena);
    free(ix->units);
    free(ix->codes);
    free(ix->comps);
    free(ix->outs);
    free(ix->entries);
    free(ix->slots);
    free(ix);
}

int address_index_add_unit(struct address_index *ix, int64_t code, const char *name)
{
    int level = unitcode_level(code), idx;
    struct key_sink k;

    if (level < LEVEL_DISTRICT || level > LEVEL_COMMITTEE || !unitcode_within(code, ix->city) ||
        unit_index(ix, unitcode_parent(code)) < 0)
        return ADDRESS_E_CODE;
    if (unit_index(ix, code) >= 0)
        return 0;
    if ((idx = add_unit_raw(ix, code, name, level)) < 0)
        return idx;
    k.ix = ix;
    k.type = T_UNIT;
    k.target = (uint32_t)idx;
    return address_aliases(name, level, sink_alias, &k);
}

int address_index_add_alias(struct address_index *ix, int64_t code, const char *alias)
{
    char nm[ADDRESS_MAX + 1];
    int idx = unit_index(ix, code), len;

    if (idx < 0)
        return ADDRESS_E_CODE;
    if ((len = address_normalize(alias, strlen(alias), nm, sizeof nm)) <= 0)
        return len < 0 ? len : 0;
    return add_key(ix, nm, (size_t)len, idx == 0 ? T_CITY : T_UNIT, (uint32_t)idx, ADDRESS_VARIANT,
                   0);
}

int address_index_add_compound(struct address_index *ix, int64_t id, int64_t committee,
                               const char *name)
{
    char nm[ADDRESS_MAX + 1];
    int unit = unit_index(ix, committee), len, rc;
    int64_t off;
    struct xcomp *c;

    if (unit < 0 || ix->units[unit].level != LEVEL_COMMITTEE)
        return ADDRESS_E_CODE;
    if ((len = address_normalize(name, strlen(name), nm, sizeof nm)) <= 0)
        return len < 0 ? len : 0;
    if (nchars(nm, (size_t)len) < MIN_STEM_CHARS)
        return 0; /* a compound called 1 or 甲 would match anything */
    if ((rc = grow((void **)&ix->comps, &ix->comps_cap, ix->ncomps + 1, sizeof *ix->comps)) < 0)
        return rc;
    if ((off = arena_put(ix, name, strlen(name))) < 0)
        return ADDRESS_E_NOMEM;
    c = &ix->comps[ix->ncomps++];
    c->id = id;
    c->unit = (uint32_t)unit;
    c->name = (uint32_t)off;
    if ((rc = add_key(ix, nm, (size_t)len, T_COMPOUND, (uint32_t)(ix->ncomps - 1), ADDRESS_FULL,
                      0)) < 0)
        return rc;
    /* 中海寰宇小区 registered is also written 中海寰宇 (the parser skips a
     * 小区 after the name either way). */
    if (ends(nm, (size_t)len, "小区") && nchars(nm, (size_t)len - strlen("小区")) >= MIN_STEM_CHARS)
        return add_key(ix, nm, (size_t)len - strlen("小区"), T_COMPOUND, (uint32_t)(ix->ncomps - 1),
                       ADDRESS_VARIANT, 0);
    return 0;
}

/* Cuts the suffix of an outside province or city: 江苏省 -> 江苏,
 * 广西壮族自治区 -> 广西, 南京市 -> 南京, 兴安盟 -> 兴安. 0 if none. */
static size_t outside_stem(const char *nm, size_t len, int digits)
{
    static const char *const province_cuts[] = {"壮族",   "回族",       "维吾尔",
                                                "自治区", "特别行政区", NULL};
    static const char *const tails[] = {"省", "市", "地区", "盟", NULL};
    size_t best = len;

    if (digits == 2)
        for (int i = 0; province_cuts[i]; i++) {
            const char *hit = strstr(nm, province_cuts[i]);
            if (hit && (size_t)(hit - nm) < best)
                best = (size_t)(hit - nm);
        }
    if (best == len)
        for (int i = 0; tails[i]; i++)
            if (ends(nm, len, tails[i])) {
                best = len - strlen(tails[i]);
                break;
            }
    if (best == len || nchars(nm, best) < MIN_STEM_CHARS)
        return 0;
    return best;
}

static int code_digits(int64_t code)
{
    int d = 0;
    do {
        d++;
        code /= 10;
    } while (code);
    return d;
}

int address_index_add_outside(struct address_index *ix, int64_t code, const char *name)
{
    char nm[ADDRESS_MAX + 1];
    int digits = code_digits(code), len, rc;
    int64_t off;
    size_t stem;
    struct xout *o;

    if (digits != 2 && digits != 4 && digits != 6)
        return ADDRESS_E_CODE;
    if ((len = address_normalize(name, strlen(name), nm, sizeof nm)) <= 0)
        return len < 0 ? len : 0;
    if (strcmp(nm, "市辖区") == 0 || strcmp(nm, "县") == 0 || strstr(nm, "直辖县级"))
        return 0; /* placeholders of the statistical data, not names */
    if ((rc = grow((void **)&ix->outs, &ix->outs_cap, ix->nouts + 1, sizeof *ix->outs)) < 0)
        return rc;
    if ((off = arena_put(ix, name, strlen(name))) < 0)
        return ADDRESS_E_NOMEM;
    o = &ix->outs[ix->nouts++];
    o->code = code;
    o->name = (uint32_t)off;
    if ((rc = add_key(ix, nm, (size_t)len, T_OUT_FULL, (uint32_t)(ix->nouts - 1), ADDRESS_FULL,
                      0)) < 0)
        return rc;
    if (digits < 6 && (stem = outside_stem(nm, (size_t)len, digits)))
        return add_key(ix, nm, stem, T_OUT_STEM, (uint32_t)(ix->nouts - 1), ADDRESS_BARE, 0);
    return 0;
}

void address_index_stats(const struct address_index *ix, struct address_index_stats *out)
{
    out->units = ix->nunits;
    out->compounds = ix->ncomps;
    out->outside = ix->nouts;
    out->keys = ix->slots_used;
    out->bytes = ix->arena_cap + ix->units_cap * sizeof *ix->units +
                 ix->codes_cap * sizeof *ix->codes + ix->comps_cap * sizeof *ix->comps +
                 ix->outs_cap * sizeof *ix->outs + ix->entries_cap * sizeof *ix->entries +
                 ix->slots_cap * sizeof *ix->slots;
}

int64_t address_index_city(const struct address_index *ix)
{
    return ix->city;
}

const char *address_index_name(const struct address_index *ix, int64_t code)
{
    int i = unit_index(ix, code);
    return i < 0 ? NULL : ix->arena + ix->units[i].name;
}

/* ------------------------------------------------------------------------
 * Resolving
 */

#define MAX_KEYS_AT 24 /* keys ending at different places, from one position */
#define MAX_BRANCH  32 /* readings compared at one position; more are dropped */

struct km {
    uint32_t end, first;
};

/* The keys that start at t[p]: walks one character at a time while the
 * text so far is a key or a prefix of one. Shortest first. */
static int keys_at(const struct address_index *ix, const char *t, size_t p, size_t n,
                   struct km *out)
{
    uint64_t h = FNV_OFFSET;
    size_t e = p;
    int k = 0;

    while (e < n && e - p < ix->maxkey) {
        size_t cl = clen(t + e);
        const struct slot *sl;
        h = fnv_step(h, t + e, cl);
        e += cl;
        if (!(sl = slot_find(ix, h, t + p, e - p)))
            break;
        if (sl->is_key && k < MAX_KEYS_AT) {
            out[k].end = (uint32_t)e;
            out[k].first = sl->first;
            k++;
        }
        if (!sl->is_prefix)
            break;
    }
    return k;
}

/* One reading of the address from some position on. */
struct chain {
    int level;   /* level of `unit`, the deepest unit it resolves (or the common ancestor) */
    int matched; /* bytes covered by names */
    int bare;    /* names written without their suffix */
    int tokens;  /* names */
    int unit;    /* index in units */
    int rest;    /* where the text below `unit` starts */
    int tail;    /* where the place (compound, building, room) starts */
    int comp, comp_at, comp_len; /* registered compound, -1 if none */
    int ntotal, ncand;           /* > 1: ambiguous between these units */
    int32_t cand[ADDRESS_CANDIDATES_MAX];
};

struct ctx {
    const struct address_index *ix;
    const char *t;
    int n, start;
};

/* After a committee's bare stem, these begin the name of the compound the
 * committee was named after (岐山村, 愚三小区): the stem is taken as naming
 * that committee, and stays in the text below it. */
static const char *const compound_suffixes[] = {
    "村", "新村", "小区", "花园", "苑", "公寓", "大楼", "大厦", "里",   "坊",
    "园", "城",   "庭",   "邸",   "湾", "广场", "别墅", "山庄", "家园", NULL,
};

static int bare_committee_ok(const char *t, int e, int n, int flags)
{
    if (e >= n)
        return !(flags & F_ROAD); /* 云南中路 alone is the road */
    if (t[e] >= 0 && is_alnum(t[e]))
        return !(flags & F_ROAD); /* 岐山12号, 宝山路499弄12号; not 江苏路46号 */
    for (int i = 0; compound_suffixes[i]; i++)
        if (starts(t + e, compound_suffixes[i]))
            return 1;
    return 0;
}

static void chain_stop(struct chain *c, int p, int unit, int level)
{
    memset(c, 0, sizeof *c);
    c->level = level;
    c->unit = unit;
    c->rest = c->tail = p;
    c->comp = -1;
    c->ntotal = 1;
}

/* > 0 when a is the better reading: deeper, then longer, then fewer bare
 * names, then fewer names (one long name over two short ones). */
static int chain_cmp(const struct chain *a, const struct chain *b)
{
    if (a->level != b->level)
        return a->level - b->level;
    if (a->matched != b->matched)
        return a->matched - b->matched;
    if (a->bare != b->bare)
        return b->bare - a->bare;
    return b->tokens - a->tokens;
}

static int lca(const struct address_index *ix, int a, int b)
{
    int64_t ca = ix->units[a].code, cb = ix->units[b].code;
    int l = ix->units[a].level < ix->units[b].level ? ix->units[a].level : ix->units[b].level;

    for (; l > LEVEL_CITY; l--)
        if (unitcode_at_level(ca, l) == unitcode_at_level(cb, l))
            return unit_index(ix, unitcode_at_level(ca, l));
    return 0;
}

static void add_cand(struct chain *m, int32_t u)
{
    for (int i = 0; i < m->ncand; i++)
        if (m->cand[i] == u)
            return;
    if (m->ncand < ADDRESS_CANDIDATES_MAX)
        m->cand[m->ncand++] = u;
    m->ntotal++;
}

/* Picks the best of nch readings from position p. Readings that tie but
 * end in different units make an ambiguous reading at their common
 * ancestor, with the text from p below it. */
static void pick(const struct address_index *ix, const struct chain *ch, int nch, int p,
                 struct chain *out)
{
    int best = 0, mixed = 0, l = -1;
    struct chain m;

    for (int i = 1; i < nch; i++)
        if (chain_cmp(&ch[i], &ch[best]) > 0)
            best = i;
    for (int i = 0; i < nch; i++)
        if (chain_cmp(&ch[i], &ch[best]) == 0 && ch[i].unit != ch[best].unit)
            mixed = 1;
    if (!mixed) {
        if (ch[best].comp < 0)
            for (int i = 0; i < nch; i++)
                if (chain_cmp(&ch[i], &ch[best]) == 0 && ch[i].comp >= 0) {
                    best = i;
                    break;
                }
        *out = ch[best];
        return;
    }
    m = ch[best];
    m.ncand = m.ntotal = 0;
    for (int i = 0; i < nch; i++) {
        if (chain_cmp(&ch[i], &ch[best]) != 0)
            continue;
        if (ch[i].ntotal > 1) {
            for (int k = 0; k < ch[i].ncand; k++)
                add_cand(&m, ch[i].cand[k]);
            m.ntotal += ch[i].ntotal - ch[i].ncand;
        } else {
            add_cand(&m, ch[i].unit);
        }
        l = l < 0 ? ch[i].unit : lca(ix, l, ch[i].unit);
    }
    m.unit = l;
    m.level = ix->units[l].level;
    m.rest = p;
    m.comp = -1;
    *out = m;
}

/* True when the key whose entries start at `first` is also the name of an
 * ancestor of `code`: 虹桥 is 虹桥街道 before it is that street's 虹桥居委会,
 * so the bare name alone does not pick the committee. */
static int names_ancestor(const struct address_index *ix, uint32_t first, int64_t code)
{
    for (uint32_t ei = first; ei; ei = ix->entries[ei - 1].next) {
        const struct entry *en = &ix->entries[ei - 1];
        if (en->type == T_UNIT && ix->units[en->target].level < LEVEL_COMMITTEE &&
            unitcode_within(code, ix->units[en->target].code))
            return 1;
    }
    return 0;
}

/* True when entry en names something that may follow under unit su. */
static int fits(const struct address_index *ix, const struct entry *en, const struct xunit *su)
{
    int64_t code;

    if (en->type == T_CITY)
        return su->level == LEVEL_CITY;
    if (en->type == T_UNIT)
        code = ix->units[en->target].code;
    else if (en->type == T_COMPOUND)
        code = ix->units[ix->comps[en->target].unit].code;
    else
        return 0;
    return unitcode_within(code, su->code) &&
           (en->type == T_COMPOUND || ix->units[en->target].level > su->level);
}

/* The best reading of t[p..] below unit `scope`. */
static void explore(const struct ctx *x, int p, int scope, struct chain *out)
{
    const struct address_index *ix = x->ix;
    const struct xunit *su = &ix->units[scope];
    struct chain ch[MAX_BRANCH];
    struct km km[MAX_KEYS_AT];
    int nch = 0, nk, explicit_end = 0;

    chain_stop(&ch[nch++], p, scope, su->level);
    nk = p < x->n ? keys_at(ix, x->t, (size_t)p, (size_t)x->n, km) : 0;
    /* A name written in full wins over a bare stem it begins with: 静安寺街道
     * is not 静安 + 寺, 仙霞新村街道 not the committee 仙霞 + 新村. */
    for (int k = 0; k < nk; k++)
        for (uint32_t ei = km[k].first; ei; ei = ix->entries[ei - 1].next)
            if (ix->entries[ei - 1].form < ADDRESS_SHORT && fits(ix, &ix->entries[ei - 1], su) &&
                (int)km[k].end > explicit_end)
                explicit_end = (int)km[k].end;
    for (int k = 0; k < nk; k++) {
        int e = (int)km[k].end;
        for (uint32_t ei = km[k].first; ei && nch < MAX_BRANCH; ei = ix->entries[ei - 1].next) {
            const struct entry *en = &ix->entries[ei - 1];
            struct chain *c = &ch[nch];
            int bare = en->form >= ADDRESS_SHORT;

            if (bare && e < explicit_end)
                continue;

            switch (en->type) {
            case T_CITY:
                /* 上海市 / 上海, only first */
                if (p != x->start || scope != 0)
                    continue;
                explore(x, e, 0, c);
                if (bare && c->matched == 0 && e != x->n)
                    continue;
                break;
            case T_UNIT: {
                const struct xunit *u = &ix->units[en->target];
                if (u->level <= su->level || !unitcode_within(u->code, su->code))
                    continue;
                explore(x, e, (int)en->target, c);
                if (u->level < LEVEL_COMMITTEE) {
                    /* 长宁 or 江苏路 alone: a road or a word, unless a unit
                     * below follows at once (or, for a non-road, nothing does). */
                    if (bare && c->matched == 0 && (e != x->n || (en->flags & F_ROAD)))
                        continue;
                } else if (bare) {
                    /* 岐山, 光明村: only before a number, a compound, the end;
                     * with nothing above it, a bare stem must be a lane
                     * (宝山路499弄) or be confirmed by a registered compound:
                     * 人民 + 广场 is not the 人民居委会 of 新华路街道. */
                    if (c->matched == 0 && (!bare_committee_ok(x->t, e, x->n, en->flags) ||
                                            names_ancestor(ix, km[k].first, u->code) ||
                                            (su->level == LEVEL_CITY && en->form == ADDRESS_BARE &&
                                             !(en->flags & F_LANE))))
                        continue;
                    if (en->form == ADDRESS_BARE)
                        c->rest = c->tail = p; /* the stem names the place below it */
                }
                break;
            }
            case T_COMPOUND: {
                const struct xcomp *cp = &ix->comps[en->target];
                if (su->level > LEVEL_COMMITTEE ||
                    !unitcode_within(ix->units[cp->unit].code, su->code))
                    continue;
                chain_stop(c, p, (int)cp->unit, LEVEL_COMMITTEE);
                c->comp = (int)en->target;
                c->comp_at = p;
                c->comp_len = e - p;
                c->matched = 0; /* counted below */
                c->tokens = 0;
                break;
            }
            default:
                continue;
            }
            c->matched += e - p;
            c->tokens++;
            c->bare += bare;
            nch++;
        }
    }
    pick(ix, ch, nch, p, out);
}

/* True when c lies beneath anc (codes of 2, 4 or 6 digits). */
static int code_under(int64_t c, int64_t anc)
{
    int dc = code_digits(c), da = code_digits(anc);

    if (dc <= da)
        return 0;
    for (; dc > da; dc--)
        c /= 10;
    return c == anc;
}

/* An address that starts with a province, city or county outside the city
 * (北京市…, 江苏南京…, 昆山市…). Returns the outside entry's index, or -1. */
static int find_outside(const struct ctx *x)
{
    const struct address_index *ix = x->ix;
    struct km km[MAX_KEYS_AT], km2[MAX_KEYS_AT];
    int nk = keys_at(ix, x->t, (size_t)x->start, (size_t)x->n, km);

    for (int k = nk - 1; k >= 0; k--)
        for (uint32_t ei = km[k].first; ei; ei = ix->entries[ei - 1].next)
            if (ix->entries[ei - 1].type == T_OUT_FULL)
                return (int)ix->entries[ei - 1].target;
    /* A stem counts only with one of its own divisions after it: 江苏南京,
     * but not 江苏路 or 北京西路, which are streets of Shanghai. */
    for (int k = nk - 1; k >= 0; k--)
        for (uint32_t ei = km[k].first; ei; ei = ix->entries[ei - 1].next) {
            const struct entry *en = &ix->entries[ei - 1];
            int nk2;
            if (en->type != T_OUT_STEM)
                continue;
            nk2 = keys_at(ix, x->t, km[k].end, (size_t)x->n, km2);
            for (int k2 = nk2 - 1; k2 >= 0; k2--)
                for (uint32_t e2 = km2[k2].first; e2; e2 = ix->entries[e2 - 1].next) {
                    const struct entry *o = &ix->entries[e2 - 1];
                    if ((o->type == T_OUT_FULL || o->type == T_OUT_STEM) &&
                        code_under(ix->outs[o->target].code, ix->outs[en->target].code))
                        return (int)o->target;
                }
        }
    return -1;
}

/* A compound may also follow a road and lane that are not names we know
 * (梅陇镇莲花南路1500弄中海寰宇16号楼): look for one of the resolved unit's
 * compounds after such a boundary, and take the first position with one. */
static int compound_boundary(const char *t, int q)
{
    int s = q - 1;

    if ((unsigned char)t[s] < 0x80)
        return is_alnum(t[s]) || t[s] == ')';
    while (s > 0 && ((unsigned char)t[s] & 0xC0) == 0x80)
        s--;
    return starts(t + s, "号") || starts(t + s, "弄") || starts(t + s, "路") ||
           starts(t + s, "街") || starts(t + s, "道") || starts(t + s, "巷");
}

static void scan_compounds(const struct ctx *x, struct chain *best)
{
    const struct address_index *ix = x->ix;
    const struct xunit *su = &ix->units[best->unit];

    for (int q = best->tail; q < x->n; q += (int)clen(x->t + q)) {
        struct km km[MAX_KEYS_AT];
        struct chain ch[MAX_BRANCH], m;
        int nk, nch = 0;

        if (q == best->tail || !compound_boundary(x->t, q))
            continue;
        nk = keys_at(ix, x->t, (size_t)q, (size_t)x->n, km);
        for (int k = 0; k < nk; k++)
            for (uint32_t ei = km[k].first; ei && nch < MAX_BRANCH; ei = ix->entries[ei - 1].next) {
                const struct entry *en = &ix->entries[ei - 1];
                const struct xcomp *cp;
                if (en->type != T_COMPOUND)
                    continue;
                cp = &ix->comps[en->target];
                if (!unitcode_within(ix->units[cp->unit].code, su->code))
                    continue;
                ch[nch] = *best;
                ch[nch].level = LEVEL_COMMITTEE;
                ch[nch].unit = (int)cp->unit;
                ch[nch].comp = (int)en->target;
                ch[nch].comp_at = q;
                ch[nch].comp_len = (int)km[k].end - q;
                ch[nch].matched = best->matched + ch[nch].comp_len;
                ch[nch].tokens = best->tokens + 1;
                nch++;
            }
        if (!nch)
            continue;
        pick(ix, ch, nch, best->rest, &m);
        if (m.level > best->level || m.ntotal > 1) {
            m.rest = best->rest;
            *best = m;
        }
        return;
    }
}

int address_resolve(const struct address_index *ix, const char *text, size_t len,
                    struct address_result *out)
{
    struct ctx x;
    struct chain best;
    int n, o;

    memset(out, 0, sizeof *out);
    if ((n = address_normalize(text, len, out->normalized, sizeof out->normalized)) < 0)
        return n;
    if (n == 0)
        return ADDRESS_E_EMPTY;
    x.ix = ix;
    x.t = out->normalized;
    x.n = n;
    x.start = starts(x.t, "中华人民共和国") ? (int)strlen("中华人民共和国")
              : starts(x.t, "中国")         ? (int)strlen("中国")
                                            : 0;
    explore(&x, x.start, 0, &best);

    if (best.matched == 0 && (o = find_outside(&x)) >= 0) {
        out->status = ADDRESS_OUTSIDE;
        out->outside_code = ix->outs[o].code;
        snprintf(out->outside_name, sizeof out->outside_name, "%s", ix->arena + ix->outs[o].name);
        snprintf(out->rest, sizeof out->rest, "%s", x.t);
        return 0;
    }
    if (best.level < LEVEL_COMMITTEE && best.comp < 0 && best.ntotal <= 1)
        scan_compounds(&x, &best);

    out->code = ix->units[best.unit].code;
    out->level = ix->units[best.unit].level;
    out->name = ix->arena + ix->units[best.unit].name;
    snprintf(out->rest, sizeof out->rest, "%s", x.t + best.rest);
    if (best.ntotal > 1) {
        out->status = ADDRESS_AMBIGUOUS;
        out->ncandidates = best.ntotal;
        for (int i = 0; i < best.ncand; i++) { /* in code order */
            int64_t c = ix->units[best.cand[i]].code;
            int k = i;
            for (; k > 0 && out->candidates[k - 1] > c; k--)
                out->candidates[k] = out->candidates[k - 1];
            out->candidates[k] = c;
        }
    } else {
        out->status = out->level == LEVEL_COMMITTEE ? ADDRESS_RESOLVED : ADDRESS_PARTIAL;
    }
    if (best.comp >= 0) {
        const struct xcomp *cp = &ix->comps[best.comp];
        address_parse_place(x.t + best.tail, (size_t)(best.comp_at - best.tail),
                            (size_t)best.comp_len, &out->place);
        out->place.compound_id = cp->id;
        snprintf(out->place.compound, sizeof out->place.compound, "%s", ix->arena + cp->name);
    } else {
        address_parse_place(x.t + best.tail, 0, 0, &out->place);
    }
    return 0;
}

/* ------------------------------------------------------------------------
 * The place below the unit
 */

static void set_field(char *dst, size_t size, const char *s, size_t len)
{
    if (len >= size)
        len = size - 1;
    memcpy(dst, s, len);
    dst[len] = '\0';
}

static size_t value_end(const char *s, size_t i, size_t n)
{
    while (i < n && (unsigned char)s[i] < 0x80 && is_alnum(s[i]))
        i++;
    return i;
}

static int set_floor(const char *s, size_t len)
{
    int f = 0;

    for (size_t i = 0; i < len; i++) {
        if (!is_digit(s[i]) || f > 1000)
            return 0;
        f = f * 10 + (s[i] - '0');
    }
    return f;
}

/* Appends "N弄" (a lane inside a named compound: 岐山村12弄) to the compound. */
static void add_lane(struct address_place *o, const char *v, size_t vl, const char *marker)
{
    size_t cl = strlen(o->compound), ml = strlen(marker);

    if (cl + vl + ml < sizeof o->compound) {
        memcpy(o->compound + cl, v, vl);
        memcpy(o->compound + cl + vl, marker, ml + 1);
    }
}

/* Building, unit, floor and room from s[i..n). */
static void read_numbers(const char *s, size_t i, size_t n, struct address_place *o)
{
    while (i < n) {
        const char *v;
        size_t j, vl;

        if (starts(s + i, "第"))
            i += strlen("第");
        j = value_end(s, i, n);
        if (j == i)
            return; /* something we do not read: it stays in rest */
        v = s + i;
        vl = j - i;
        if (j < n && s[j] == '-') {
            /* 12-1-601 (building-unit-room), 12-601 (building-room) */
            const char *vs[4] = {v};
            size_t ls[4] = {vl};
            int nv = 1;
            while (j < n && s[j] == '-' && nv < 4) {
                size_t a = j + 1, b = value_end(s, a, n);
                if (b == a)
                    break;
                vs[nv] = s + a;
                ls[nv++] = b - a;
                j = b;
            }
            if (starts(s + j, "室") || starts(s + j, "号") || starts(s + j, "房"))
                j += strlen("室");
            if (!*o->building) {
                set_field(o->building, sizeof o->building, vs[0], ls[0]);
                if (nv >= 3)
                    set_field(o->unit, sizeof o->unit, vs[1], ls[1]);
            } else if (!*o->unit && nv == 2) {
                set_field(o->unit, sizeof o->unit, vs[0], ls[0]);
            }
            set_field(o->room, sizeof o->room, vs[nv - 1], ls[nv - 1]);
            i = j;
            continue;
        }
        if (starts(s + j, "号楼") || starts(s + j, "栋") || starts(s + j, "幢") ||
            starts(s + j, "座")) {
            if (*o->building)
                return;
            set_field(o->building, sizeof o->building, v, vl);
            j += starts(s + j, "号楼") ? strlen("号楼") : strlen("栋");
        } else if (starts(s + j, "支弄") || starts(s + j, "弄")) {
            if (*o->building)
                return;
            add_lane(o, v, vl, starts(s + j, "支弄") ? "支弄" : "弄");
            j += starts(s + j, "支弄") ? strlen("支弄") : strlen("弄");
        } else if (starts(s + j, "号")) {
            if (!*o->building)
                set_field(o->building, sizeof o->building, v, vl);
            else
                set_field(o->room, sizeof o->room, v, vl);
            j += strlen("号");
        } else if (starts(s + j, "楼")) {
            /* 5楼2单元: building; 12号楼3楼: floor */
            if (!*o->building)
                set_field(o->building, sizeof o->building, v, vl);
            else
                o->floor = set_floor(v, vl);
            j += strlen("楼");
        } else if (starts(s + j, "单元")) {
            set_field(o->unit, sizeof o->unit, v, vl);
            j += strlen("单元");
        } else if (starts(s + j, "层")) {
            o->floor = set_floor(v, vl);
            j += strlen("层");
        } else if (starts(s + j, "室") || starts(s + j, "房") || starts(s + j, "户")) {
            set_field(o->room, sizeof o->room, v, vl);
            j += strlen("室");
        } else if (starts(s + j, "组") || starts(s + j, "队")) {
            j += strlen("组"); /* a village's group (3组): not part of the house number */
        } else {
            /* A number without a marker, at the end: the room once a
             * building or unit is known (12号601), else the building
             * (岐山村12). Before anything else it is not ours to guess. */
            if (j < n)
                return;
            if (!*o->building && !*o->unit)
                set_field(o->building, sizeof o->building, v, vl);
            else if (!*o->room)
                set_field(o->room, sizeof o->room, v, vl);
            else
                return;
        }
        i = j;
    }
}

static int road_end(const char *s, size_t len)
{
    return ends(s, len, "路") || ends(s, len, "街") || ends(s, len, "道") || ends(s, len, "巷");
}

void address_parse_place(const char *rest, size_t compound_at, size_t compound_len,
                         struct address_place *out)
{
    size_t n = strlen(rest), i = 0;

    memset(out, 0, sizeof *out);
    if (compound_len) {
        i = compound_at + compound_len;
        if (i > n)
            i = n;
        if (starts(rest + i, "小区"))
            i += strlen("小区");
    } else {
        /* The text before the first number names the compound: a lane
         * (江苏路480弄), a road number (江苏路46号), or a name (岐山村,
         * 中海寰宇小区). */
        size_t j = 0, k;
        while (j < n && !((unsigned char)rest[j] < 0x80 && is_alnum(rest[j])))
            j += clen(rest + j);
        k = value_end(rest, j, n);
        if (k > j && starts(rest + k, "弄")) {
            i = k + strlen("弄");
            set_field(out->compound, sizeof out->compound, rest, i);
        } else if (j > 0 && k > j && is_digit(rest[j]) && starts(rest + k, "号") &&
                   !starts(rest + k, "号楼") && road_end(rest, j)) {
            i = k + strlen("号");
            set_field(out->compound, sizeof out->compound, rest, i);
        } else if (j > 0) {
            i = j;
            if (ends(rest, j, "第")) /* 第3幢: the ordinal belongs to the number */
                j -= strlen("第");
            set_field(out->compound, sizeof out->compound, rest, j);
        }
    }
    read_numbers(rest, i, n, out);
}
