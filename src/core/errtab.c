/*
 * The lookup behind every core module's _strerror() and _errcode() (see
 * errtab.h). Tables are a handful of rows: a linear scan is the fastest.
 */
#include "core/errtab.h"

const struct errtab *errtab_find(const struct errtab *t, int rc)
{
    while (t->rc != ERRTAB_LAST && t->rc != rc)
        t++;
    return t;
}
