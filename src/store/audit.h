/*
 * Storage of the audit log: who saw unmasked personal data or changed a
 * resident, when and from where. Append-only by construction (the table's
 * triggers refuse UPDATE and DELETE); reading is always bounded by a scope,
 * so a reader sees only entries about residents under their unit.
 */
#ifndef CORDON_STORE_AUDIT_H
#define CORDON_STORE_AUDIT_H

#include "store/db.h"

#include <stdint.h>

struct audit_entry {
    int64_t id;
    int64_t at;               /* Unix seconds */
    int64_t account;          /* 0: not an account (the command line) */
    const char *account_name; /* "qishan", or "cli" */
    const char *action;       /* "read_unmasked", "facts", "register", ... */
    int64_t resident;         /* 0: none */
    int64_t unit;             /* the resident's grid or committee; 0: none */
    const char *address;      /* client address, "" if none */
    const char *detail;       /* JSON text or NULL */
};

/* Appends e (e->id is ignored). */
int store_audit_add(struct db *db, const struct audit_entry *e);

struct audit_filter {
    int64_t scope;            /* only entries whose unit lies within it (required) */
    int64_t resident;         /* 0: any */
    const char *account_name; /* NULL: any */
    int64_t before;           /* only ids below this (cursor); 0: from the newest */
    int limit;                /* rows at most */
};

/* Calls fn for matching entries, newest first. The strings in the entry
 * are valid during the call only. fn returning non-zero stops and is
 * returned. */
typedef int (*audit_fn)(void *arg, const struct audit_entry *e);
int store_audit_list(struct db *db, const struct audit_filter *f, audit_fn fn, void *arg);

#endif
