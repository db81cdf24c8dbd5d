/*
 * The worksheet tokenizer (see xmlscan.h for why it exists and what it
 * reads). The document is kept in one buffer: each call to xmlscan_parse()
 * handles every complete token (a tag, a text run up to the next '<', a
 * comment, a CDATA section) and leaves the incomplete tail at the front of
 * the buffer for the next piece. Tokens are decoded in place (a decoded
 * entity is never longer than its reference), so names, attribute values
 * and texts reach the handlers without a copy.
 */
#include "util/xmlscan.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct xmlscan {
    void *ud;
    xmlscan_start_fn start;
    xmlscan_end_fn end;
    xmlscan_text_fn text;
    char *buf;
    size_t cap, pos, len; /* unread bytes are buf[pos, len) */
    uint64_t offset;      /* bytes of the document before buf[0] */
    const char **attrs;   /* name, value, ..., NULL */
    size_t nattrs, acap;  /* pointers used and allocated */
    char *open;           /* names of the open elements, each NUL-ended */
    size_t open_n, open_cap, depth;
    int roots;             /* root elements seen (one allowed) */
    uint64_t line;         /* newlines before buf[0], for messages */
    int stopped, bom_seen; /* a handler stopped; the start was looked at */
    char err[160];
};

struct xmlscan *xmlscan_new(void *ud, xmlscan_start_fn start, xmlscan_end_fn end,
                            xmlscan_text_fn text)
{
    struct xmlscan *s = calloc(1, sizeof *s);

    if (!s)
        return NULL;
    s->ud = ud;
    s->start = start;
    s->end = end;
    s->text = text;
    return s;
}

void xmlscan_free(struct xmlscan *s)
{
    if (!s)
        return;
    free(s->buf);
    free(s->attrs);
    free(s->open);
    free(s);
}

void xmlscan_stop(struct xmlscan *s)
{
    s->stopped = 1;
}

const char *xmlscan_error(const struct xmlscan *s)
{
    return s->err;
}

static uint64_t newlines(const char *p, const char *e)
{
    uint64_t n = 0;

    while ((p = memchr(p, '\n', (size_t)(e - p))))
        n++, p++;
    return n;
}

static int fail(struct xmlscan *s, const char *at, const char *what)
{
    snprintf(s->err, sizeof s->err, "line %llu (byte %llu): %s",
             (unsigned long long)(s->line + 1 + newlines(s->buf, at)),
             (unsigned long long)(s->offset + (uint64_t)(at - s->buf)), what);
    return XMLSCAN_E_SYNTAX;
}

/* *p holds at least need elements of size elem afterwards (capacity in
 * *cap, doubled); 0 or XMLSCAN_E_NOMEM. */
static int grow(void *p, size_t *cap, size_t need, size_t elem, size_t first)
{
    size_t c = *cap ? *cap : first;
    void *q;

    if (need <= *cap)
        return 0;
    while (c < need)
        c *= 2;
    if (!(q = realloc(*(void **)p, c * elem)))
        return XMLSCAN_E_NOMEM;
    *(void **)p = q;
    *cap = c;
    return 0;
}

char *xmlscan_buffer(struct xmlscan *s, size_t len)
{
    if (s->pos) { /* the unread tail to the front */
        s->line += newlines(s->buf, s->buf + s->pos);
        memmove(s->buf, s->buf + s->pos, s->len - s->pos);
        s->offset += s->pos;
        s->len -= s->pos;
        s->pos = 0;
    }
    if (grow(&s->buf, &s->cap, s->len + len, 1, 65536) < 0)
        return NULL;
    return s->buf + s->len;
}

static int is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* A character XML allows (Char in the XML 1.0 grammar). */
static int xml_char(uint32_t c)
{
    return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) ||
           (c >= 0xE000 && c <= 0xFFFD) || (c >= 0x10000 && c <= 0x10FFFF);
}

static size_t put_utf8(char *w, uint32_t c)
{
    if (c < 0x80) {
        w[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        w[0] = (char)(0xC0 | c >> 6);
        w[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        w[0] = (char)(0xE0 | c >> 12);
        w[1] = (char)(0x80 | (c >> 6 & 0x3F));
        w[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    w[0] = (char)(0xF0 | c >> 18);
    w[1] = (char)(0x80 | (c >> 12 & 0x3F));
    w[2] = (char)(0x80 | (c >> 6 & 0x3F));
    w[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

/* The entity reference at r (its '&') before e, decoded to w: the bytes of
 * the reference read, or 0 when it is not one XML predefines or a valid
 * character reference. */
static size_t entity(const char *r, const char *e, char *w, size_t *wrote)
{
    static const struct {
        const char *name;
        size_t n;
        char c;
    } named[] = {
        {"amp;", 4, '&'}, {"lt;", 3, '<'}, {"gt;", 3, '>'}, {"quot;", 5, '"'}, {"apos;", 5, '\''}};
    const char *p = r + 1;
    uint32_t c = 0;
    int hex, digits = 0;

    for (size_t i = 0; i < sizeof named / sizeof named[0]; i++)
        if ((size_t)(e - p) >= named[i].n && memcmp(p, named[i].name, named[i].n) == 0) {
            *w = named[i].c;
            *wrote = 1;
            return 1 + named[i].n;
        }
    if (p >= e || *p++ != '#')
        return 0;
    hex = p < e && *p == 'x';
    p += hex;
    for (; p < e && *p != ';'; p++, digits++) {
        int d = *p >= '0' && *p <= '9'          ? *p - '0'
                : hex && *p >= 'a' && *p <= 'f' ? *p - 'a' + 10
                : hex && *p >= 'A' && *p <= 'F' ? *p - 'A' + 10
                                                : -1;
        if (d < 0 || c > 0x10FFFF)
            return 0;
        c = c * (hex ? 16 : 10) + (uint32_t)d;
    }
    if (p >= e || !digits || !xml_char(c))
        return 0;
    *wrote = put_utf8(w, c);
    return (size_t)(p + 1 - r);
}

/* Length of the UTF-8 sequence at r (before e) if it is a valid XML
 * character, else 0. */
static size_t utf8_len(const unsigned char *r, const unsigned char *e)
{
    unsigned char c = r[0];
    size_t n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    unsigned char lo = 0x80, hi = 0xBF;

    if (c < 0xC2 || c > 0xF4 || (size_t)(e - r) < n)
        return 0;
    if (c == 0xE0)
        lo = 0xA0;
    else if (c == 0xED)
        hi = 0x9F; /* no surrogates */
    else if (c == 0xF0)
        lo = 0x90;
    else if (c == 0xF4)
        hi = 0x8F;
    if (r[1] < lo || r[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if (r[i] < 0x80 || r[i] > 0xBF)
            return 0;
    if (c == 0xEF && r[1] == 0xBF && r[2] >= 0xBE)
        return 0; /* U+FFFE, U+FFFF */
    return n;
}

enum decode_mode { TEXT, ATTR, CDATA };

/* Decodes [p, e) in place: entities (not in CDATA), line ends to \n (to a
 * space in an attribute, as are tabs and newlines), checking the UTF-8 and
 * the characters. The decoded length, or -1 (s->err set). */
static long decode(struct xmlscan *s, char *p, const char *e, enum decode_mode mode)
{
    char *w = p;
    const char *r = p;
    size_t n, wrote;

    while (r < e) {
        unsigned char c = (unsigned char)*r;
        if (c >= 0x20 && c < 0x80 && c != '&' && c != '<') {
            *w++ = *r++;
        } else if (c == '&' && mode != CDATA) {
            if (!(n = entity(r, e, w, &wrote)))
                return fail(s, r, "an unknown entity or a bad character reference");
            r += n, w += wrote;
        } else if (c == '<' || c == '&') {
            if (mode == ATTR)
                return fail(s, r, "'<' in an attribute value");
            *w++ = *r++; /* '&' or '<' in CDATA */
        } else if (c == '\r' || c == '\n' || c == '\t') {
            r += c == '\r' && r + 1 < e && r[1] == '\n';
            r++;
            *w++ = mode == ATTR ? ' ' : c == '\t' ? '\t' : '\n';
        } else if (c < 0x20) {
            return fail(s, r, "a control character");
        } else if ((n = utf8_len((const unsigned char *)r, (const unsigned char *)e))) {
            memmove(w, r, n);
            r += n, w += n;
        } else {
            return fail(s, r, "not UTF-8, or not a character XML allows");
        }
    }
    return (long)(w - p);
}

static int text(struct xmlscan *s, char *p, const char *e, enum decode_mode mode)
{
    long n;

    if (s->depth == 0) { /* outside the root: only white space */
        for (const char *r = p; r < e; r++)
            if (!is_space(*r) || mode == CDATA)
                return fail(s, r, "text outside the root element");
        return 0;
    }
    n = decode(s, p, e, mode);

    if (n < 0)
        return XMLSCAN_E_SYNTAX;
    if (n > 0)
        s->text(s->ud, p, (int)n);
    return 0;
}

/* Room for one more name and value and the final NULL. */
static int attr_room(struct xmlscan *s)
{
    return grow(&s->attrs, &s->acap, s->nattrs + 3, sizeof *s->attrs, 16);
}

/* The attributes of a start tag, [q, be): name = "value" or 'value'. */
static int attributes(struct xmlscan *s, char *q, char *be)
{
    int rc;

    s->nattrs = 0;
    for (;;) {
        char *n0, *n1, *v0, *v1;
        long n;
        while (q < be && is_space(*q))
            q++;
        if (q >= be)
            break;
        for (n0 = q; q < be && !is_space(*q) && *q != '='; q++)
            ;
        n1 = q;
        while (q < be && is_space(*q))
            q++;
        if (n1 == n0 || q >= be || *q != '=')
            return fail(s, n0, "an attribute without a name or '='");
        for (q++; q < be && is_space(*q); q++)
            ;
        if (q >= be || (*q != '"' && *q != '\''))
            return fail(s, q, "an attribute value without quotes");
        v0 = q + 1;
        if (!(v1 = memchr(v0, *q, (size_t)(be - v0))))
            return fail(s, q, "an attribute value not closed");
        if ((n = decode(s, v0, v1, ATTR)) < 0)
            return XMLSCAN_E_SYNTAX;
        *n1 = '\0';
        v0[n] = '\0';
        if ((rc = attr_room(s)) < 0)
            return rc;
        s->attrs[s->nattrs++] = n0;
        s->attrs[s->nattrs++] = v0;
        q = v1 + 1;
    }
    if ((rc = attr_room(s)) < 0)
        return rc;
    s->attrs[s->nattrs] = NULL;
    return 0;
}

/* Element name (n bytes) opened: one root, its name kept for the end tag. */
static int push_open(struct xmlscan *s, const char *name, size_t n, const char *at)
{
    if (s->depth == 0 && s->roots++)
        return fail(s, at, "a second root element");
    if (grow(&s->open, &s->open_cap, s->open_n + n + 1, 1, 256) < 0)
        return XMLSCAN_E_NOMEM;
    memcpy(s->open + s->open_n, name, n);
    s->open_n += n;
    s->open[s->open_n++] = '\0';
    s->depth++;
    return 0;
}

/* The end tag of name (n bytes) closes the innermost open element. */
static int pop_open(struct xmlscan *s, const char *name, size_t n, const char *at)
{
    if (!s->depth || s->open_n < n + 1 || memcmp(s->open + s->open_n - n - 1, name, n) != 0 ||
        (s->open_n > n + 1 && s->open[s->open_n - n - 2] != '\0'))
        return fail(s, at, "an end tag that does not match its start tag");
    s->open_n -= n + 1;
    s->depth--;
    return 0;
}

/* A start or empty-element tag at p; gt is its closing '>'. */
static int start_tag(struct xmlscan *s, char *p, char *gt)
{
    int empty = gt[-1] == '/' && gt - 1 > p + 1;
    char *be = empty ? gt - 1 : gt, *name = p + 1, *q = name;
    int rc;

    while (q < be && !is_space(*q))
        q++;
    if (q == name)
        return fail(s, p, "a tag without a name");
    if ((rc = attributes(s, q, be)) < 0 || (rc = push_open(s, name, (size_t)(q - name), p)) < 0)
        return rc;
    *q = '\0';
    s->start(s->ud, name, s->attrs);
    if (empty) {
        s->depth--, s->open_n -= (size_t)(q - name) + 1;
        if (!s->stopped)
            s->end(s->ud, name);
    }
    return 0;
}

static int end_tag(struct xmlscan *s, char *p, char *gt)
{
    char *name = p + 2, *q = name;
    int rc;

    while (q < gt && !is_space(*q))
        q++;
    if (q == name)
        return fail(s, p, "an end tag without a name");
    for (char *r = q; r < gt; r++)
        if (!is_space(*r))
            return fail(s, r, "text after an end tag's name");
    if ((rc = pop_open(s, name, (size_t)(q - name), p)) < 0)
        return rc;
    *q = '\0';
    s->end(s->ud, name);
    return 0;
}

/* The '>' closing the start tag at p, outside quoted values; NULL if the
 * tag does not end before lim. */
static char *tag_end(char *p, const char *lim)
{
    char quote = 0;

    for (char *r = p + 1; r < lim; r++) {
        if (quote) {
            if (*r == quote)
                quote = 0;
        } else if (*r == '"' || *r == '\'') {
            quote = *r;
        } else if (*r == '>') {
            return r;
        }
    }
    return NULL;
}

/* <!-- -->, <![CDATA[ ]]> or <? ?> at p: the bytes it takes (0 when
 * incomplete), or < 0. */
static long markup(struct xmlscan *s, char *p, char *lim)
{
    size_t avail = (size_t)(lim - p);
    char *z;
    int rc;

    if (p[1] == '?')
        return (z = memmem(p + 2, avail - 2, "?>", 2)) ? z + 2 - p : 0;
    if (avail < 9 && memcmp(p, "<![CDATA[", avail) == 0)
        return 0; /* not yet told apart */
    if (avail >= 4 && memcmp(p, "<!--", 4) == 0)
        return (z = memmem(p + 4, avail - 4, "-->", 3)) ? z + 3 - p : 0;
    if (avail >= 9 && memcmp(p, "<![CDATA[", 9) == 0) {
        if (!(z = memmem(p + 9, avail - 9, "]]>", 3)))
            return 0;
        if ((rc = text(s, p + 9, z, CDATA)) < 0)
            return rc;
        return z + 3 - p;
    }
    if (avail < 4 && memcmp(p, "<!--", avail) == 0)
        return 0;
    return fail(s, p, "a DOCTYPE or declaration (not read in a sheet)");
}

/* The token at p (a '<'): the bytes it takes, 0 when it is incomplete,
 * or < 0. */
static long tag(struct xmlscan *s, char *p, char *lim)
{
    char *gt;
    int rc;

    if (lim - p < 2)
        return 0;
    if (p[1] == '?' || p[1] == '!')
        return markup(s, p, lim);
    if (p[1] == '/') {
        if (!(gt = memchr(p + 2, '>', (size_t)(lim - p - 2))))
            return 0;
        rc = end_tag(s, p, gt);
    } else {
        if (!(gt = tag_end(p, lim)))
            return 0;
        rc = start_tag(s, p, gt);
    }
    return rc < 0 ? rc : gt + 1 - p;
}

int xmlscan_parse(struct xmlscan *s, size_t len, int final)
{
    char *lim;
    long n;

    s->len += len;
    lim = s->buf + s->len;
    if (!s->bom_seen) {
        if (s->len - s->pos < 3 && !final)
            return 0;
        if (s->len - s->pos >= 3 && memcmp(s->buf + s->pos, "\xEF\xBB\xBF", 3) == 0)
            s->pos += 3;
        s->bom_seen = 1;
    }
    while (s->pos < s->len && !s->stopped) {
        char *p = s->buf + s->pos, *lt;
        if (*p != '<') {
            if (!(lt = memchr(p, '<', (size_t)(lim - p)))) {
                if (!final)
                    break;
                lt = lim;
            }
            if ((n = text(s, p, lt, TEXT)) < 0)
                return (int)n;
            s->pos = (size_t)(lt - s->buf);
            continue;
        }
        if ((n = tag(s, p, lim)) < 0)
            return (int)n;
        if (n == 0)
            break;
        s->pos += (size_t)n;
    }
    if (s->stopped)
        return XMLSCAN_E_STOPPED;
    if (final && s->pos < s->len)
        return fail(s, s->buf + s->pos, "the document ends inside a tag");
    if (final && (s->depth || !s->roots))
        return fail(s, s->buf + s->pos,
                    s->roots ? "the document ends inside an element" : "no element");
    if (s->len - s->pos > XMLSCAN_MAX_TOKEN) {
        snprintf(s->err, sizeof s->err, "a tag or text longer than %zu bytes", XMLSCAN_MAX_TOKEN);
        return XMLSCAN_E_LIMIT;
    }
    return 0;
}
