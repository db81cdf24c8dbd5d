/*
 * The error codes of the core modules and what they mean, as one table
 * ({module, code, errcode, message}) in errtab.c instead of a pair of
 * switches per module that must agree. Each module's *_strerror() and
 * *_errcode() (declared in its own header) are defined there too, from
 * the table.
 */
#ifndef CORDON_CORE_ERRTAB_H
#define CORDON_CORE_ERRTAB_H

#include <limits.h>

enum errtab_module {
    ERR_ADDRESS,
    ERR_COLOUR,
    ERR_CREDITCODE,
    ERR_DATE,
    ERR_DOCUMENT, /* what is not here is the ID card's */
    ERR_IDCARD,
    ERR_PHONE,
    ERR_QUARANTINE_UNTIL,
    ERR_TEMPERATURE,
    ERR_UNITCODE,
};

struct errtab {
    enum errtab_module module;
    int rc;              /* 0 or a negative *_E_* code; ERRTAB_LAST: any other */
    const char *code;    /* stable machine code ("bad_length"), as the API sends it */
    const char *message; /* English sentence */
};

#define ERRTAB_LAST INT_MAX

/* The row of (module, rc), else the module's ERRTAB_LAST row. Never NULL. */
const struct errtab *errtab_find(enum errtab_module module, int rc);

#endif
