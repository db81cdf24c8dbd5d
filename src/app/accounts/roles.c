/*
 * The permission matrix. Reading personal data is always masked; the roles
 * that work with people face to face (street, committee, grid worker) may
 * unmask one resident at a time, and each unmasking is audited. District and
 * city see masked lists for drill-down. Only those who keep the register
 * (committee, grid worker) change it. The viewer sees aggregates and never a
 * name. Checkpoint, specialist, enterprise and property accounts exist for
 * their own features and have no access to the register: checkpoints screen
 * travellers, property companies work on the tasks of the compounds they
 * serve; a deployed person's helper account (issue 14) sees the tasks of
 * its post's unit, for the deployment's days only. Hand-overs and tasks are seen within the scope,
 * at every level above the committee too, because overdue ones escalate up the tree. The command
 * line acts as the system role: the whole city, every permission (nothing else in the program
 * treats it specially). A check-in link acts as the link role: no scope, only the reading it was
 * sent for.
 */
#include "app/accounts/roles.h"

#include "core/unitcode.h"

#include <string.h>

#define READ (PERM_COUNTS | PERM_REGISTER_READ | PERM_WALL)

const struct role_def role_table[ROLE_ALL] = {
    [ROLE_CITY_ADMIN] = {"city_admin", "市级管理员", LEVEL_CITY, LEVEL_CITY,
                         READ | PERM_AUDIT | PERM_RULES | PERM_HANDOVER | PERM_TASKS | PERM_ORGS |
                             PERM_STAFF | PERM_ENTERPRISES | PERM_DISPLAYS | PERM_ORIGINS},
    [ROLE_DISTRICT] = {"district", "区", LEVEL_DISTRICT, LEVEL_DISTRICT,
                       READ | PERM_HANDOVER | PERM_TASKS | PERM_ORGS | PERM_STAFF |
                           PERM_ENTERPRISES | PERM_DISPLAYS | PERM_ORIGINS},
    [ROLE_STREET] = {"street", "街道/镇", LEVEL_STREET, LEVEL_STREET,
                     READ | PERM_UNMASK | PERM_HANDOVER | PERM_TASKS | PERM_ORGS | PERM_STAFF |
                         PERM_ENTERPRISES | PERM_APPROVE | PERM_DISPLAYS},
    [ROLE_COMMITTEE] = {"committee", "居委会/村委会", LEVEL_COMMITTEE, LEVEL_COMMITTEE,
                        READ | PERM_UNMASK | PERM_REGISTER_WRITE | PERM_GRIDS | PERM_HANDOVER |
                            PERM_QUARANTINE | PERM_TASKS},
    [ROLE_GRID_WORKER] = {"grid_worker", "网格员", LEVEL_GRID, LEVEL_GRID,
                          READ | PERM_UNMASK | PERM_REGISTER_WRITE | PERM_QUARANTINE | PERM_TASKS},
    [ROLE_CHECKPOINT] = {"checkpoint", "道口/站点", LEVEL_CITY, LEVEL_COMMITTEE, PERM_SCREEN},
    [ROLE_SPECIALIST] = {"specialist", "企业服务专员", LEVEL_DISTRICT, LEVEL_COMMITTEE,
                         PERM_ASSIGNED},
    [ROLE_ENTERPRISE] = {"enterprise", "企业", LEVEL_DISTRICT, LEVEL_COMMITTEE,
                         PERM_OWN_ENTERPRISE},
    [ROLE_PROPERTY] = {"property", "物业/业委会", LEVEL_STREET, LEVEL_COMMITTEE, PERM_TASKS},
    [ROLE_VIEWER] = {"viewer", "只读(汇总)", LEVEL_CITY, LEVEL_GRID, PERM_COUNTS | PERM_WALL},
    [ROLE_HOME_UNIT] = {"home_unit", "派出单位", LEVEL_CITY, LEVEL_DISTRICT, PERM_STAFF_SENT},
    [ROLE_HELPER] = {"helper", "下沉人员", LEVEL_DISTRICT, LEVEL_COMMITTEE, PERM_TASKS},
    [ROLE_SYSTEM] = {"system", "系统(命令行)", LEVEL_CITY, LEVEL_CITY,
                     ((1u << PERM_COUNT) - 1) & ~PERM_CHECKIN},
    [ROLE_LINK] = {"link", "居民链接", LEVEL_CITY, LEVEL_GRID, PERM_CHECKIN},
    [ROLE_DISPLAY] = {"display", "大屏", LEVEL_CITY, LEVEL_COMMITTEE, PERM_WALL},
};

static const char *const perm_codes[PERM_COUNT] = {
    "counts",
    "register_read",
    "unmask",
    "register_write",
    "grids",
    "audit",
    "rules",
    "screen",
    "handover",
    "quarantine",
    "tasks",
    "orgs",
    "checkin",
    /* Staff sent down (issue 14). */
    "staff",
    "staff_sent",
    /* Return to work (issue 16). */
    "enterprises",
    "approve",
    "own_enterprise",
    "assigned",
    /* A cadre's day (issue 13). */
    "displays",
    "wall",
    "origins",
};

int role_parse(const char *s, enum role *out)
{
    for (int r = 0; r < ROLE_COUNT; r++)
        if (strcmp(s, role_table[r].code) == 0) {
            *out = (enum role)r;
            return 0;
        }
    return -1;
}

const char *role_code(enum role r)
{
    return (unsigned)r < ROLE_ALL ? role_table[r].code : "?";
}

int role_can(enum role r, unsigned perm)
{
    return (unsigned)r < ROLE_ALL && (role_table[r].perms & perm) == perm;
}

const char *perm_code(unsigned perm)
{
    for (int i = 0; i < PERM_COUNT; i++)
        if (perm == 1u << i)
            return perm_codes[i];
    return NULL;
}
