/*
 * `cordon <command> [options]`: the command table and dispatch, `help` and
 * `version`. Commands are data (cli_commands[]), each in cli/cmd_*.c.
 */
#include "cli/cli.h"

#include "util/clock.h"

#include <stdio.h>
#include <string.h>

#define CORDON_VERSION "0.1.0"

static int cmd_help(int argc, char **argv);
static int cmd_version(int argc, char **argv);

const struct cli_command cli_commands[] = {
    {"init", cmd_init, "create a database with a city's hierarchy (and the demo)",
     "usage: cordon init [--city CODE] [--demo [--demo-per-committee N]] [--db PATH]\n"
     "  Creates the database (default ./cordon.db) with the city's districts, streets\n"
     "  and towns, committees and villages from the national division codes.\n"
     "  --city CODE   4-digit city code (default 3101, Shanghai); `cordon cities` lists them\n"
     "  --demo        also the demo scenario (Shanghai only): 岐山居委会 with ~6,000 residents\n"
     "                in ~2,000 households, N (default 10) residents in every other committee,\n"
     "                30 days of history\n"
     "  Running it again on the same database changes nothing.\n"},
    {"cities", cmd_cities, "list the cities that `init --city` knows",
     "usage: cordon cities [FILTER]\n"
     "  Lists city codes and names, with their number of districts, streets and committees.\n"
     "  FILTER keeps cities whose code, name or province contains it (e.g. 上海, 3101).\n"},
    {"units", cmd_units, "print the subtree of an org unit",
     "usage: cordon units CODE [--depth N] [--json] [--db PATH]\n"
     "  Prints CODE and the units beneath it, N levels deep (default 1).\n"},
    {"grid", cmd_grid, "draw, list, rename and remove a committee's grids",
     "usage: cordon grid add --committee CODE --name NAME\n"
     "       cordon grid list --committee CODE\n"
     "       cordon grid rename GRID --name NAME\n"
     "       cordon grid remove GRID\n"
     "  A grid's code is its committee's code followed by three digits.\n"},
    {"import", cmd_import, "import a committee's resident spreadsheet (.xlsx, .xls or CSV)",
     "usage: cordon import residents FILE [--committee CODE] [--sheet NAME]\n"
     "                               [--skip-bad REJECTS.csv] [--quiet] [--no-cases]\n"
     "  Reads the Excel workbook (.xlsx, .xls; the first sheet whose header is found, or\n"
     "  --sheet NAME; title rows above the header skipped) or the CSV as Excel or WPS\n"
     "  saves it (UTF-8 with or without BOM, or GB18030),\n"
     "  headers in Chinese or English in any order: 小区 楼号 单元 室号 姓名 身份证号\n"
     "  手机号 在沪情况 返沪日期 来源地 隔离情况 隔离开始日期 隔离结束日期 健康状况 (see\n"
     "  docs/import.md). All or nothing: if any row is bad, nothing is written and every\n"
     "  bad row is listed as FILE:LINE:COLUMN. --skip-bad imports the good rows and writes\n"
     "  the bad ones, with their reasons, to REJECTS.csv. A resident already registered\n"
     "  (same document number) is updated, never duplicated. Without --committee, each\n"
     "  row names its committee in a 居委会代码 (committee) column. A row with a\n"
     "  quarantine running today opens its case (check-in link, rubbish task), unless\n"
     "  --no-cases: the facts alone, for a register whose quarantines are followed by\n"
     "  another system (a hotel's, the district's); how many are left without a case\n"
     "  is said, and `cordon quarantine open` opens one later (docs/import.md).\n"},
    {"export", cmd_export, "export residents of any unit to .xlsx or CSV",
     "usage: cordon export residents --unit CODE [--format xlsx|csv] -o FILE [--masked]\n"
     "  Writes every resident under CODE with Chinese headers (the same the import\n"
     "  reads); in .xlsx the colour is a filled cell. --masked hides names, document\n"
     "  numbers and phones (张*, 310***********123X, 138****5678).\n"},
    {"gen", cmd_gen, "generate synthetic residents (tests, benchmarks, demo)",
     "usage: cordon gen residents --count N [--seed S] [--unit CODE] [-o FILE.csv]\n"
     "  Deterministic residents over the real hierarchy with a plausible colour mix,\n"
     "  spread over the committees under CODE (default: the whole city). With -o they\n"
     "  are written as an import CSV instead of being imported.\n"},
    {"map", cmd_map, "print a compound's six-colour wall chart on A4 sheets (PDF, PNG, SVG)",
     "usage: cordon map --compound ID -o FILE [--format pdf|png|svg] [--dpi N]\n"
     "  Draws the compound's buildings side by side, floors as rows, rooms as cells in\n"
     "  their household's most urgent colour, tiled over numbered A4 sheets that tape\n"
     "  together (each with the legend, the compound's name and today's date).\n"
     "  --format   pdf (one file, a page per sheet), png or svg (a file per sheet:\n"
     "             FILE-1.png ... when there are several); default from FILE's extension\n"
     "  --dpi N    PNG resolution, 36 to 300 (default 150)\n"
     "  `cordon compounds --committee CODE` lists the compounds and their ids.\n"
     "  See docs/wallchart.md.\n"},
    {"compounds", cmd_compounds, "list the compounds of a committee (or any unit) with their ids",
     "usage: cordon compounds --committee CODE [--json]\n"
     "  Lists the compounds under CODE (a committee, or a street, district, city or\n"
     "  grid) with their ids and numbers of buildings, households and residents.\n"},
    {"counts", cmd_counts, "the six colour counts of any unit",
     "usage: cordon counts CODE [--json] [--history DAYS]\n"
     "  Live counts of residents by colour under the unit (city, district, street,\n"
     "  committee or grid), for today. --history prints the daily series.\n"},
    {"rollover", cmd_rollover, "re-evaluate the residents whose colour changes today",
     "usage: cordon rollover\n"
     "  Brings colours up to today (the server does this at midnight). Only residents\n"
     "  whose colour is due to change are touched.\n"},
    {"rules", cmd_rules, "show or set the colour rule table",
     "usage: cordon rules show\n"
     "       cordon rules set FILE\n"
     "  The rule table is JSON (see data/rules.default.json). Setting it re-evaluates\n"
     "  every resident.\n"},
    {"resolve", cmd_resolve, "resolve a destination address to its district, street, committee",
     "usage: cordon resolve ADDRESS... [--json]\n"
     "       cordon resolve --file FILE|- [--json]\n"
     "  Resolves a free-text address (长宁区江苏路街道岐山村12号601室) to the deepest\n"
     "  unit it names unambiguously, and reads compound, building, unit and room\n"
     "  from what follows (see docs/address.md). --file reads one address per line\n"
     "  and prints one line each (TSV, or JSON lines with --json).\n"},
    {"checkpoint", cmd_checkpoint, "add and list checkpoints and posts, print a post's poster",
     "usage: cordon checkpoint add --name NAME --kind KIND --district CODE\n"
     "       cordon checkpoint post CHECKPOINT_ID --name NAME\n"
     "       cordon checkpoint list\n"
     "       cordon checkpoint poster POST_ID --url BASE -o FILE.pdf|FILE.png\n"
     "  Kinds: railway_station, highway_gate, airport, metro_station. A checkpoint sits in\n"
     "  a district; its posts (exits, lanes) get checkpoint accounts (`cordon user add\n"
     "  NAME --role checkpoint --unit CODE --post ID`). The poster's QR code opens\n"
     "  BASE/declare.html?post=ID, the self-declaration form (see docs/checkpoints.md).\n"},
    {"handover", cmd_handover, "record due hand-over escalations; set the deadline",
     "usage: cordon handover escalate\n"
     "       cordon handover deadline HOURS\n"
     "  escalate records, in each overdue hand-over's timeline, its escalation to the\n"
     "  street (past the deadline) and to the district (a further period later); the\n"
     "  server does it on its tick. deadline sets the time a unit has to accept or\n"
     "  reject a hand-over, for hand-overs created from now on (default 12 hours).\n"},
    {"quarantine", cmd_quarantine, "open, change and list quarantine cases",
     "usage: cordon quarantine open --resident ID --kind home|central --from DATE\n"
     "                              [--until DATE] [--facility TEXT] [--follower NAME]\n"
     "       cordon quarantine until ID --until DATE --reason TEXT\n"
     "       cordon quarantine cancel ID --reason TEXT\n"
     "       cordon quarantine list [--unit CODE] [--all]\n"
     "  open sets the resident's quarantine fact (colour and counts change at once)\n"
     "  and prints the resident's check-in link; until defaults to from + 13 (14 days).\n"
     "  The case ends by itself after its last day (see docs/tasks.md). until moves\n"
     "  the last day (early release: yesterday at the earliest, or extension); cancel\n"
     "  withdraws a case opened by mistake and clears the fact.\n"},
    {"task", cmd_task, "run the daily task sweep; list a unit's tasks",
     "usage: cordon task sweep\n"
     "       cordon task list [--unit CODE] [--state open|accepted|done|cancelled|active]\n"
     "                        [--board]\n"
     "  sweep ends quarantines past their last day, generates today's rubbish\n"
     "  collection for each household in home quarantine, raises missed check-ins\n"
     "  and records the escalation of overdue tasks; the server runs it on its tick,\n"
     "  and running it twice a day adds nothing. --board lists the overdue tasks on\n"
     "  the unit's level's board (committee, street, district).\n"},
    {"place", cmd_place, "places in grids, grid responsible persons, compounds into grids",
     "usage: cordon place add --grid CODE --kind KIND --name NAME [--compound ID] [--org ID]\n"
     "                        [--responsible NAME]\n"
     "       cordon place list [--unit CODE]\n"
     "       cordon place responsible --grid CODE --account NAME\n"
     "       cordon place assign --compound ID [--building ID] --grid CODE\n"
     "       cordon place lift --compound ID [--building ID] --lift|--walk-up\n"
     "  Kinds: office, park, garage, corridor, passage, market, shop, station_exit, other.\n"
     "  Every place lies in one grid; its tasks go to its responsible person, else to\n"
     "  the grid's. assign draws a compound (or one building) into a grid; lift says\n"
     "  whether its buildings (or one) have a lift, for the grid worker's task card.\n"},
    {"org", cmd_org, "property companies and owners' committees, their compounds and accounts",
     "usage: cordon org add --street CODE --name NAME --kind property|owners\n"
     "       cordon org link ORG_ID --compound ID\n"
     "       cordon org member ORG_ID --account NAME\n"
     "  An organisation sees the tasks of the compounds it serves (link); its\n"
     "  accounts have the role property (member, or `cordon user add --org ID`).\n"},
    {"campaign", cmd_campaign, "supplies by reservation: campaigns, bookings, draw, pickups",
     "usage: cordon campaign add --unit CODE --item TEXT --stock N --opens DATE --closes DATE\n"
     "                           [--measure TEXT] [--per-household N]\n"
     "                           [--allocation first_come|draw] [--point NAME=STOCK]...\n"
     "                           [--pickup-days N]\n"
     "       cordon campaign book ID --household ID [--at POINT_ID]\n"
     "       cordon campaign draw ID [--seed N]\n"
     "       cordon campaign pickup --code CODE\n"
     "       cordon campaign show ID\n"
     "       cordon campaign link HOUSEHOLD_ID\n"
     "       cordon campaign lapse\n"
     "  One booking per household per campaign; first_come allocates while stock lasts,\n"
     "  draw allocates after the window closes with a seeded, reproducible shuffle\n"
     "  (the seed and method are kept on the campaign). link issues (or reissues) the\n"
     "  household's own page /h/TOKEN and its short code; the old ones stop working.\n"
     "  lapse puts back the boxes not collected by the end of their pickup window (to\n"
     "  stock, or to the next households in the draw's order); the server does it on\n"
     "  its tick.\n"},
    {"staff", cmd_staff, "staff sent down: import, list, home units, posts, deployments",
     "usage: cordon staff import FILE [--sheet NAME]  (.xlsx/.xls/CSV: 姓名, 手机号, 派出单位, "
     "批次, 技能)\n"
     "       cordon staff list [--unit CODE] [--home-unit NAME]\n"
     "       cordon staff home-unit --name NAME --level city|district --unit CODE\n"
     "       cordon staff member --account NAME --home-unit NAME   (a home_unit account)\n"
     "       cordon staff post --name NAME --kind KIND --unit CODE [--min-day N] [--min-night N]\n"
     "       cordon staff deploy --staff ID --post ID --from DATE --until DATE --duty DUTY "
     "[--shift day|night]\n"
     "       cordon staff link --deployment ID     (a new sign-in link; the old one stops)\n"
     "       cordon staff sweep     (each post below its minimum now: a task to the level above)\n"
     "  Kinds: committee, checkpoint, toll_gate, metro, railway, airport, service.\n"
     "  Duties: community, shops, gate, crowd, rubbish, other (or 社区防控 ...).\n"},
    {"enterprise", cmd_enterprise, "return to work: import a street's enterprises, their accounts",
     "usage: cordon enterprise import FILE --street CODE [--sheet NAME]\n"
     "       cordon enterprise list [--unit CODE]\n"
     "       cordon enterprise owner ENTERPRISE_ID --account NAME\n"
     "       cordon enterprise assign ENTERPRISE_ID --account NAME\n"
     "  import takes the street's CSV (UTF-8 or GB18030; headers 企业名称,\n"
     "  统一社会信用代码, 行业, 员工数, 年产值(万元), 所在园区, 所在楼宇, 联系人, 联系电话),\n"
     "  all or nothing, updating enterprises by credit code. owner links the\n"
     "  enterprise's own account (role enterprise); assign a service specialist.\n"},
    {"demo", cmd_demo, "the demo's long steps: a day of building entries",
     "usage: cordon demo entries\n"
     "  entries writes today's 300,000 building entries of 虹梅路街道 (the demo's\n"
     "  Hongmei Road parks and office buildings, by their staff), once a day.\n"},
    {"serve", cmd_serve, "serve the API (and the UI) over HTTP",
     "usage: cordon serve [--listen HOST:PORT] [--threads N] [--max-body BYTES]\n"
     "                    [--request-timeout S] [--public-rate N] [--search-rate N]\n"
     "                    [--max-per-address N] [--metrics-from LIST] [--writer-queue N]\n"
     "                    [--db PATH]\n"
     "  --listen           address to listen on (default 127.0.0.1:8080; port 0 picks a free one)\n"
     "  --threads          worker threads (default: one per core)\n"
     "  --max-body         largest request body accepted, in bytes (default 1048576)\n"
     "  --request-timeout  a request must arrive whole within S seconds of its first line\n"
     "                     (default 30; beyond: 408 and the connection is closed, however\n"
     "                     slowly the bytes keep coming)\n"
     "  --max-per-address  connections at once from one client address (default 128)\n"
     "  --metrics-from     client addresses that may read /metrics, comma-separated (default\n"
     "                     127.0.0.1,::1; any: everyone); or send Authorization: Bearer with\n"
     "                     the token in the server's CORDON_METRICS_TOKEN\n"
     "  --public-rate      public writes (self-declarations, check-in readings) a minute per\n"
     "                     client address (default 30; beyond: 429 with Retry-After)\n"
     "  --search-rate      searches of the register (?q=) a minute per account (default 60;\n"
     "                     beyond: 429 throttled with Retry-After)\n"
     "  --writer-queue     writes waiting for the database writer at most (default 65536;\n"
     "                     beyond: 503 busy with Retry-After)\n"
     "  The API needs a session (see docs/api.md and `cordon user`). One JSON line per\n"
     "  request goes to standard error (the access log). Stops cleanly on SIGINT or SIGTERM.\n"},
    {"user", cmd_user, "add, list, disable, enable accounts and set their passwords",
     "usage: cordon user add NAME --role ROLE --unit CODE [--grid CODE] [--post ID] [--org ID]\n"
     "                        [--password-stdin]\n"
     "       cordon user list\n"
     "       cordon user disable|enable NAME\n"
     "       cordon user passwd NAME [--password-stdin]\n"
     "  Roles: city_admin (scope: the city), district, street, committee, grid_worker\n"
     "  (--unit COMMITTEE --grid GRID), checkpoint, specialist, enterprise, property, viewer\n"
     "  (counts only, never a name). A checkpoint account may belong to a post (--post, see\n"
     "  `cordon checkpoint`), a property account to an organisation (--org). Without "
     "--password-stdin a one-time password is\n"
     "  generated and printed; it must be changed at first login. Disabling an account or\n"
     "  setting its password ends its sessions.\n"},
    {"audit", cmd_audit, "show who saw unmasked personal data or changed a resident",
     "usage: cordon audit [--person DOCNO] [--account NAME] [--limit N]\n"
     "  Prints the audit log, newest first: unmasked reads and changes of residents, by\n"
     "  whom, when, from which address. --person narrows it to one person by document\n"
     "  number; --account to one account.\n"},
    {"backup", cmd_backup, "copy the SQLite database online, while the server serves",
     "usage: cordon backup -o FILE [--force]\n"
     "  Copies the database into FILE with SQLite's backup API: one consistent snapshot,\n"
     "  taken a few hundred pages at a time while the server keeps committing; FILE is\n"
     "  written through FILE.tmp and checked (integrity_check) before it appears. An\n"
     "  existing FILE needs --force. PostgreSQL: use pg_dump (docs/operations.md).\n"},
    {"restore", cmd_restore, "restore a backup into a new database",
     "usage: cordon restore FILE [--db PATH] [--force]\n"
     "  Checks the backup FILE (a cordon database passing integrity_check) and copies it\n"
     "  into the database (--db); an existing database is replaced only with --force.\n"
     "  PostgreSQL: use pg_restore (docs/operations.md).\n"},
    {"purge", cmd_purge, "retention: clear personal data of residents released long ago",
     "usage: cordon purge --older-than DAYS [--dry-run]\n"
     "  Anonymises the residents whose every quarantine case closed more than DAYS days\n"
     "  ago (name, document number, phone, birth date, origin, household, the values in\n"
     "  their history) and deletes the temperature readings of cases closed before then.\n"
     "  Counts, colours, units and the colour history stay. Audited (action purge).\n"
     "  --dry-run counts without writing. See docs/operations.md (PIPL).\n"},
    {"help", cmd_help, "show help for a command", "usage: cordon help [COMMAND]\n"},
    {"version", cmd_version, "print the version and schema version", "usage: cordon version\n"},
    {0, 0, 0, 0},
};

static const struct cli_command *find(const char *name)
{
    for (const struct cli_command *c = cli_commands; c->name; c++)
        if (strcmp(c->name, name) == 0)
            return c;
    return NULL;
}

static void overview(FILE *f)
{
    fprintf(f, "cordon — community epidemic-prevention platform\n\n"
               "usage: cordon <command> [options]\n\ncommands:\n");
    for (const struct cli_command *c = cli_commands; c->name; c++)
        fprintf(f, "  %-10s %s\n", c->name, c->summary);
    fprintf(f, "\ncommon options: --db PATH (or $CORDON_DB; default ./cordon.db), --tz ZONE\n"
               "clock: CORDON_TODAY=YYYY-MM-DD and CORDON_NOW=YYYY-MM-DDTHH:MM replace it\n");
}

static int cmd_help(int argc, char **argv)
{
    const struct cli_command *c;

    if (argc < 2) {
        overview(stdout);
        return EXIT_OK;
    }
    if (!(c = find(argv[1])))
        return cli_usage_error("help", "unknown command %s", argv[1]);
    fputs(c->usage, stdout);
    return EXIT_OK;
}

static int cmd_version(int argc, char **argv)
{
    (void)argc, (void)argv;
    printf("cordon %s (schema %d)\n", CORDON_VERSION, db_schema_latest(DB_SQLITE));
    return EXIT_OK;
}

int main(int argc, char **argv)
{
    const struct cli_command *c;
    char err[256];

    if (argc < 2) {
        overview(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)
        return cmd_help(1, argv);
    if (strcmp(argv[1], "--version") == 0)
        return cmd_version(1, argv);
    if (!(c = find(argv[1]))) {
        fprintf(stderr, "cordon: unknown command %s (see `cordon help`)\n", argv[1]);
        return EXIT_USAGE;
    }
    if (clock_check_env(err) < 0) {
        fprintf(stderr, "cordon: %s\n", err);
        return EXIT_USAGE;
    }
    return c->run(argc - 1, argv + 1);
}
