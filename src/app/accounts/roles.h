/*
 * Roles and what each may do, as one table (roles.c): which roles see the
 * register, which may unmask personal data (audited), which may record
 * facts, which see only aggregates, and at which level of the tree an
 * account of the role sits. Use cases ask role_can(); nothing else in the
 * program decides who may do what.
 */
#ifndef CORDON_APP_ROLES_H
#define CORDON_APP_ROLES_H

enum role {
    ROLE_CITY_ADMIN = 0,
    ROLE_DISTRICT,
    ROLE_STREET,
    ROLE_COMMITTEE,
    ROLE_GRID_WORKER,
    ROLE_CHECKPOINT,
    ROLE_SPECIALIST,
    ROLE_ENTERPRISE,
    ROLE_PROPERTY,
    ROLE_VIEWER,
    ROLE_HOME_UNIT, /* an office that sends staff down (issue 14) */
    ROLE_HELPER,    /* a deployed person's account, at their post for its days (issue 14) */
    ROLE_COUNT,     /* the roles an account may have: those above */
    /* Roles no account has (role_parse() refuses them): the command line,
     * city-wide with every permission, and a resident's check-in link,
     * with no scope and only what the link itself opens. */
    ROLE_SYSTEM = ROLE_COUNT,
    ROLE_LINK,
    ROLE_DISPLAY, /* a big screen's display token: its unit's wall, nothing else */
    ROLE_ALL,
};

/* Permissions, one bit each. */
enum perm {
    PERM_COUNTS = 1u << 0,         /* colour counts and their history, the rules */
    PERM_REGISTER_READ = 1u << 1,  /* residents, households, places: masked */
    PERM_UNMASK = 1u << 2,         /* ?unmask=1 on one resident, audited */
    PERM_REGISTER_WRITE = 1u << 3, /* register residents, record facts */
    PERM_GRIDS = 1u << 4,          /* draw grids in the committee */
    PERM_AUDIT = 1u << 5,          /* read the audit log */
    PERM_RULES = 1u << 6,          /* replace the colour rules */
    PERM_SCREEN = 1u << 7,         /* screen travellers at a post; see that post's screenings */
    PERM_HANDOVER = 1u << 8,    /* hand-overs addressed within the scope: accept, reject, route */
    PERM_QUARANTINE = 1u << 9,  /* open quarantine cases, record their temperatures */
    PERM_TASKS = 1u << 10,      /* tasks within the scope (or the organisation's compounds) */
    PERM_ORGS = 1u << 11,       /* register property companies and owners' committees */
    PERM_CHECKIN = 1u << 12,    /* a reading on the one case a check-in link opens */
    PERM_STAFF = 1u << 13,      /* staff sent down: import, deploy, staffing (issue 14) */
    PERM_STAFF_SENT = 1u << 14, /* an office's own staff: import them, see where they are */
    /* Return to work (issue 16). */
    PERM_ENTERPRISES = 1u << 15,    /* the enterprise register within the scope, resumption rates */
    PERM_APPROVE = 1u << 16,        /* import enterprises, approve or return applications */
    PERM_OWN_ENTERPRISE = 1u << 17, /* an enterprise's own record: apply, open, staff on site */
    PERM_ASSIGNED = 1u << 18,       /* a specialist's assigned enterprises */
    /* A cadre's day (issue 13). */
    PERM_DISPLAYS = 1u << 19, /* issue and revoke display tokens of units within the scope */
    PERM_WALL = 1u << 20,     /* the big screen's aggregates of a unit */
    PERM_ORIGINS = 1u << 21,  /* the high-risk origins table: add, delete */
};
#define PERM_COUNT 22

struct role_def {
    const char *code;     /* "committee" */
    const char *label_zh; /* 居委会 */
    int min_level;        /* levels (core/unitcode.h) an account's scope may have */
    int max_level;
    unsigned perms; /* enum perm bits */
};

extern const struct role_def role_table[ROLE_ALL];

/* Parses the code of a role an account may have. Returns 0, or -1 if
 * unknown (also for "system" and "link"). */
int role_parse(const char *s, enum role *out);

const char *role_code(enum role r);

/* 1 if role r has every bit of perm. */
int role_can(enum role r, unsigned perm);

/* Code of one permission bit ("unmask"), or NULL. */
const char *perm_code(unsigned perm);

#endif
