/*
 * Identity document types a resident or traveller may show, and the check
 * of a document number for each. The mainland ID card gets the full GB 11643
 * check (core/idcard.h); other documents have no public check scheme, so
 * their numbers are only normalised and checked for shape. Pure.
 */
#ifndef CORDON_CORE_DOCUMENT_H
#define CORDON_CORE_DOCUMENT_H

#include <stddef.h>

/* Buffer size for any normalised document number and its NUL. */
#define DOC_NUMBER_LEN 21

/* Stored as these integers: append new types, never renumber. */
enum doc_type {
    DOC_ID_CARD = 0,           /* 居民身份证 */
    DOC_PASSPORT = 1,          /* 护照 */
    DOC_HK_MACAO_PERMIT = 2,   /* 港澳居民来往内地通行证 */
    DOC_TAIWAN_PERMIT = 3,     /* 台湾居民来往大陆通行证 */
    DOC_FOREIGN_PERMANENT = 4, /* 外国人永久居留身份证 */
    DOC_OTHER = 5,             /* 其他 */
};

/*
 * Errors of doc_check() for documents other than the ID card, numbered
 * apart from enum idcard_error, which doc_check() passes through for
 * DOC_ID_CARD. doc_strerror() and doc_errcode() understand both.
 */
enum doc_error {
    DOC_E_EMPTY = -101,  /* nothing but white space */
    DOC_E_LENGTH = -102, /* not 5 to 20 characters */
    DOC_E_CHAR = -103,   /* a character other than A-Z and 0-9 */
    DOC_E_TYPE = -104,   /* not an enum doc_type value */
    DOC_E_BUFFER = -105, /* out_size too small for the number */
};

/* English code ("id_card", "passport", "hk_macao", "taiwan", "foreign_pr",
 * "other"), or NULL for a value outside the enum. */
const char *doc_type_code(enum doc_type t);

/* Chinese label (居民身份证 ...), or NULL for a value outside the enum. */
const char *doc_type_label_zh(enum doc_type t);

/*
 * Reads a document type from its English code (any ASCII case) or Chinese
 * label, plus the common short forms 身份证, 港澳通行证, 台胞证 and
 * 永久居留证, ignoring surrounding white space. Returns 0 and sets *out,
 * or -1 if unknown or blank. `s` need not be NUL-terminated.
 */
int doc_type_parse(const char *s, size_t len, enum doc_type *out);

/*
 * Checks a document number of type t and writes its normalised form
 * (white space trimmed, full-width folded to ASCII, letters upper-cased)
 * into out_norm, which receives at most DOC_NUMBER_LEN bytes.
 * DOC_ID_CARD: the full GB 11643 check, with no birth-date ceiling; the
 * error is an enum idcard_error. Other types: 5 to 20 of A-Z, 0-9.
 * Returns 0, or a negative error code; out_norm is "" on error (when
 * out_size > 0).
 */
int doc_check(enum doc_type t, const char *s, size_t len, char *out_norm, size_t out_size);

/* English text of an enum doc_error or enum idcard_error. */
const char *doc_strerror(int rc);

/* Stable short machine code of an enum doc_error or enum idcard_error. */
const char *doc_errcode(int rc);

#endif
