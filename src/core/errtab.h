/*
 * Error tables: each core module lists its negative return codes once, as
 * {code, errcode, message} rows, and its _strerror() and _errcode() look the
 * code up here instead of keeping two switches that must agree. The last
 * row of a table is ERRTAB_END: what an unknown code gets.
 */
#ifndef CORDON_CORE_ERRTAB_H
#define CORDON_CORE_ERRTAB_H

#include <limits.h>

struct errtab {
    int rc;              /* 0 or a negative *_E_* code; ERRTAB_LAST ends the table */
    const char *code;    /* stable machine code ("bad_length"), as the API sends it */
    const char *message; /* English sentence */
};

#define ERRTAB_LAST INT_MAX
/* The row that ends a table, with what an unknown code gets (NULL: the
 * caller has a fallback of its own). */
#define ERRTAB_END(code, message)                                                                  \
    {                                                                                              \
        ERRTAB_LAST, code, message                                                                 \
    }

/* The row of `rc` in `t`, else its ERRTAB_END row. Never NULL. */
const struct errtab *errtab_find(const struct errtab *t, int rc);

#endif
