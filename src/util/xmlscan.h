/*
 * A small streaming XML tokenizer for one job: the worksheet part of an
 * .xlsx (util/xlsxread.c), hundreds of megabytes of <row>/<c>/<v>/<is><t>.
 *
 * Why it exists beside expat (which still reads workbook.xml, the shared
 * strings and the styles): on a 1,000,000-row sheet expat was about 60% of
 * the reader's CPU and kept the .xlsx import at 1.7x the CSV import's CPU,
 * over issue 18's target of 1.5x. A general parser does work a sheet does
 * not need (name and attribute tables, per-call buffer copies, the full
 * well-formedness checks); this one only splits tags and text and decodes
 * what a sheet may hold. Its handlers have expat's signatures so the sheet
 * is read by the same callbacks either way, and a differential test and
 * the fuzzer (tests/fuzz/fuzz_xlsxread.c) check that whenever expat accepts
 * a sheet, this gives the same rows.
 *
 * What it reads: start, end and empty-element tags with attributes in any
 * order and either quote (names are passed as written, prefix included, as
 * expat does without namespace processing); text with &amp; &lt; &gt;
 * &quot; &apos; &#N; &#xN; decoded, line ends normalised and the UTF-8 and
 * XML characters checked; CDATA sections; comments and processing
 * instructions skipped; a leading UTF-8 byte-order mark. What it refuses:
 * a DOCTYPE (a sheet has none; entities it could define are not read),
 * unknown entities, broken tags. It does not check that end tags match
 * their start tags: the callbacks do not depend on it.
 */
#ifndef CORDON_UTIL_XMLSCAN_H
#define CORDON_UTIL_XMLSCAN_H

#include <stddef.h>

enum xmlscan_status {
    XMLSCAN_OK = 0,
    XMLSCAN_E_SYNTAX = -1,  /* malformed or unsupported XML (see xmlscan_error) */
    XMLSCAN_E_STOPPED = -2, /* a handler called xmlscan_stop() */
    XMLSCAN_E_LIMIT = -3,   /* one tag or text longer than XMLSCAN_MAX_TOKEN */
    XMLSCAN_E_NOMEM = -4,
};

#define XMLSCAN_MAX_TOKEN ((size_t)8 * 1024 * 1024)

typedef void (*xmlscan_start_fn)(void *ud, const char *name, const char **attrs);
typedef void (*xmlscan_end_fn)(void *ud, const char *name);
typedef void (*xmlscan_text_fn)(void *ud, const char *s, int len);

struct xmlscan;

struct xmlscan *xmlscan_new(void *ud, xmlscan_start_fn start, xmlscan_end_fn end,
                            xmlscan_text_fn text);
void xmlscan_free(struct xmlscan *s);

/* Room for len more bytes of the document (like XML_GetBuffer); NULL when
 * out of memory. Fill it, then call xmlscan_parse with the count. */
char *xmlscan_buffer(struct xmlscan *s, size_t len);

/* Parses what the buffer holds; final 1 with the last piece (len may be 0).
 * An XMLSCAN_* status. */
int xmlscan_parse(struct xmlscan *s, size_t len, int final);

/* From a handler: no more callbacks; xmlscan_parse returns
 * XMLSCAN_E_STOPPED. */
void xmlscan_stop(struct xmlscan *s);

/* The last error as a sentence with its byte offset in the document. */
const char *xmlscan_error(const struct xmlscan *s);

#endif
