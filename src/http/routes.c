/*
 * The route table, as data: method, path pattern with {captures}, handler.
 * Matching is by path segments; the first route whose pattern matches wins.
 */
#include "http/http.h"

#include <string.h>

/* Routes that need none of the trailing columns may stop after the summary
 * (or the flags): those fields are then zero, which is what they mean. */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

const struct http_route http_routes[] = {
    /* Columns: method, pattern, handler, summary, flags (0: a session is
     * required, and a CSRF token unless GET), query parameters, request and
     * response schemas (data/openapi-schemas.json; "201:X" for another
     * status), and for a write the descriptor h_write runs (http.h). */
    {"GET", "/healthz", h_healthz,
     "Liveness: 200 and {\"status\":\"ok\"} when the database answers", HTTP_PUBLIC, "", NULL,
     "Status"},
    {"GET", "/metrics", h_metrics, "Prometheus metrics: requests, latency, database, sessions",
     HTTP_PUBLIC, "", NULL, NULL},
    {"GET", "/api/v1/openapi.json", h_openapi, "This API as an OpenAPI 3 document", HTTP_PUBLIC, "",
     NULL, "Ok"},
    {"POST", "/api/v1/session", h_session_login,
     "Log in: sets the session cookie, returns the CSRF token", HTTP_PUBLIC, "", "Login",
     "Session"},
    {"GET", "/api/v1/session", h_session_get, "Who is logged in, and the CSRF token",
     HTTP_FIRST_LOGIN, "", NULL, "Session"},
    {"DELETE", "/api/v1/session", h_session_logout, "Log out", HTTP_FIRST_LOGIN, "", NULL, "Ok"},
    {"POST", "/api/v1/session/password", h_session_password, "Change one's password",
     HTTP_FIRST_LOGIN, "", "PasswordChange", "Ok"},
    {"GET", "/api/v1/units/{code}", h_unit_get, "One org unit with its children", HTTP_PUBLIC, "",
     NULL, "Unit"},
    {"GET", "/api/v1/units/{code}/counts", h_unit_counts, "Live colour counts of a unit", 0, "",
     NULL, "Counts"},
    {"GET", "/api/v1/units/{code}/counts/history", h_unit_counts_history,
     "Daily colour counts of a unit (?days=30)", 0, "days:integer", NULL, "CountsHistory"},
    {"POST", "/api/v1/units/{code}/grids", h_unit_grids_add, "Draw a new grid in a committee", 0,
     "", "GridNew", "201:Unit"},
    {"GET", "/api/v1/residents", h_residents_list,
     "Residents within the caller's scope, masked, a page at a time", 0,
     "unit,compound:integer,colour,q,cursor:integer,limit:integer", NULL, "ResidentPage"},
    {"POST", "/api/v1/residents", h_write, "Register a resident", 0, "", "ResidentNew",
     "201:Resident", &w_residents_create},
    {"GET", "/api/v1/residents/export.xlsx", h_export_xlsx,
     "Residents of a unit as .xlsx, colour as a filled cell; masked unless ?unmask=1&reason= "
     "(audited); ?q= and ?colour= as on the residents page",
     0, "unit,unmask,reason,q,colour"},
    {"GET", "/api/v1/residents/export.csv", h_export_csv,
     "Residents of a unit as CSV (UTF-8 with BOM); masked unless ?unmask=1&reason= (audited); "
     "?q= and ?colour= as on the residents page",
     0, "unit,unmask,reason,q,colour"},
    {"GET", "/api/v1/residents/{id}", h_resident_get,
     "One resident, masked; ?unmask=1&reason= in full (allowed roles, audited)", 0, "unmask,reason",
     NULL, "Resident"},
    {"POST", "/api/v1/residents/{id}/facts", h_write,
     "Record facts: presence, arrival, quarantine, health (answered once durable)", 0, "", "Facts",
     "Resident", &w_resident_facts},
    {"GET", "/api/v1/residents/{id}/history", h_resident_history,
     "The fact history of a resident, newest first", 0, "cursor:integer,limit:integer", NULL,
     "HistoryPage"},
    {"GET", "/api/v1/households/{id}", h_household_get, "A household and its residents, masked", 0,
     "", NULL, "Household"},
    {"GET", "/api/v1/compounds", h_compounds_list, "Compounds within the caller's scope", 0,
     "unit,cursor:integer,limit:integer", NULL, "CompoundPage"},
    {"GET", "/api/v1/compounds/{id}", h_compound_get,
     "A compound and its households with their colours", 0, "", NULL, "Compound"},
    {"GET", "/api/v1/rules", h_rules_get, "The colour rule table", 0, "", NULL, "Rules"},
    {"PUT", "/api/v1/rules", h_rules_put, "Replace the colour rule table (city administrator)", 0,
     "", "Rules", "RulesChanged"},
    {"GET", "/api/v1/audit", h_audit_list,
     "The audit log of personal data, newest first (city administrator)", 0,
     "person,account,cursor:integer,limit:integer", NULL, "AuditPage"},
    {"GET", "/api/v1/units/{code}/dashboard", h_unit_dashboard,
     "Dashboard of a unit: counts, change since yesterday, 30 days, units below, compounds"},
    {"GET", "/api/v1/compounds/{id}/map", h_compound_map,
     "Six-colour map of a compound: buildings, rooms, household colours"},
    {"GET", "/api/v1/units/{code}/counts.xlsx", h_export_counts,
     "The colour counts of a unit and of the units below it, as .xlsx"},
    {"GET", "/api/v1/compounds/{id}/wallchart.pdf", h_compound_wallchart,
     "The printable wall chart of a compound: numbered A4 sheets (PDF)"},
    {"POST", "/api/v1/imports", h_import_residents,
     "Import a committee's resident spreadsheet (the .xlsx, .xls or CSV file as the body)", 0,
     "committee,skip_bad,sheet"},
    {"GET", "/api/v1/resolve", h_resolve,
     "Resolve a destination address to the deepest unit it names", 0, "address"},
    /* Checkpoints, screenings and hand-overs (docs/checkpoints.md). */
    {"GET", "/api/v1/posts", h_posts_list, "Checkpoint posts the caller may see", 0, "", NULL,
     "PostList"},
    {"GET", "/api/v1/posts/{id}", h_post_get,
     "One post's names, for the self-declaration form (public)", HTTP_PUBLIC, "", NULL, "Post"},
    {"GET", "/api/v1/posts/{id}/poster.pdf", h_post_poster_pdf,
     "The post's self-declaration poster with its QR code (A4 PDF)", 0, "base"},
    {"GET", "/api/v1/posts/{id}/poster.png", h_post_poster_png,
     "The post's self-declaration poster with its QR code (PNG)", 0, "base"},
    {"POST", "/api/v1/screenings", h_write,
     "Screen a traveller at a post: the screening and its hand-over (answered once durable)", 0, "",
     "ScreeningNew", "201:Screening", &w_screenings_create},
    {"GET", "/api/v1/screenings", h_screenings_list,
     "A post's screenings of a day, newest first, masked", 0,
     "post:integer,date,cursor:integer,limit:integer", NULL, "ScreeningPage"},
    {"GET", "/api/v1/screenings/{id}", h_screening_get, "One screening, masked", 0, "", NULL,
     "Screening"},
    {"POST", "/api/v1/declarations", h_write,
     "A traveller's self-declaration from a post's poster (public)", HTTP_PUBLIC | HTTP_LIMITED, "",
     "DeclarationNew", "201:Ok", &w_declarations_create},
    {"GET", "/api/v1/declarations", h_write,
     "Today's self-declarations with a document number, for the officer", 0, "document", NULL,
     "DeclarationList", &w_declarations_find},
    {"GET", "/api/v1/handovers", h_handovers_list,
     "Hand-overs held within a unit (the committee's inbox), a page at a time", 0,
     "unit,state,cursor:integer,limit:integer", NULL, "HandoverPage"},
    {"GET", "/api/v1/handovers/{id}", h_handover_get,
     "One hand-over and its timeline; ?unmask=1&reason= the traveller in full (allowed roles, "
     "audited)",
     0, "unmask,reason", NULL, "Handover"},
    {"POST", "/api/v1/handovers/{id}/accept", h_write,
     "Accept: link or register the resident and record the arrival", 0, "", "HandoverAccept",
     "Handover", &w_handover_accept},
    {"POST", "/api/v1/handovers/{id}/reject", h_write,
     "Reject with a reason: back one level up for re-routing", 0, "", "HandoverReject", "Handover",
     &w_handover_reject},
    {"POST", "/api/v1/handovers/{id}/route", h_write, "Route to another unit", 0, "",
     "HandoverRoute", "Handover", &w_handover_route},
    /* Quarantine cases, places and grids, tasks (docs/tasks.md). */
    {"POST", "/api/v1/quarantines", h_write,
     "Open a quarantine case: sets the resident's quarantine fact (answered once durable)", 0, "",
     "QuarantineNew", "201:QuarantineCase", &w_quarantines_open},
    {"GET", "/api/v1/quarantines", h_quarantines_list,
     "Quarantine cases within a unit, newest first (?state=open|all)", 0,
     "unit,state,cursor:integer,limit:integer", NULL, "QuarantinePage"},
    {"GET", "/api/v1/quarantines/{id}", h_quarantine_get,
     "One quarantine case with its recent temperatures", 0, "", NULL, "QuarantineCase"},
    {"POST", "/api/v1/quarantines/{id}/temperatures", h_write,
     "Record a morning or evening temperature; 37.3 or more turns the resident red", 0, "",
     "Temperature", "201:QuarantineCase", &w_quarantine_temperature},
    {"POST", "/api/v1/quarantines/{id}/link", h_write,
     "A new check-in link for the resident (the old one stops working)", 0, "", NULL, "Ok",
     &w_quarantine_link},
    {"POST", "/api/v1/quarantines/{id}/until", h_write,
     "Move a case's last day (early release or extension) with a reason; the fact follows", 0, "",
     "QuarantineUntil", "QuarantineCase", &w_quarantine_until},
    {"POST", "/api/v1/quarantines/{id}/cancel", h_write,
     "Cancel a case opened by mistake: the fact is cleared, the check-in link stops working", 0, "",
     "QuarantineCancel", "QuarantineCase", &w_quarantine_cancel},
    {"GET", "/api/v1/checkin/{token}", h_checkin_get,
     "The resident's own quarantine dates and readings, by the check-in link (public)", HTTP_PUBLIC,
     "", NULL, "QuarantineCase"},
    {"POST", "/api/v1/checkin/{token}", h_write,
     "The resident records a temperature through the check-in link (public)",
     HTTP_PUBLIC | HTTP_LIMITED, "", "Temperature", "201:QuarantineCase", &w_checkin_temperature},
    {"GET", "/api/v1/tasks", h_tasks_list,
     "Tasks within the caller's scope (?board=1: the overdue board of the unit's level)", 0,
     "unit,state,assignee,board,kind,cursor:integer,limit:integer", NULL, "TaskPage"},
    {"POST", "/api/v1/tasks", h_write,
     "Create a task at a place or household; assigned to its grid's responsible person", 0, "",
     "TaskNew", "201:Task", &w_tasks_create},
    {"GET", "/api/v1/tasks/{id}", h_task_get, "One task and its events", 0, "", NULL, "Task"},
    {"POST", "/api/v1/tasks/{id}/accept", h_write, "Accept a task (the caller takes it on)", 0, "",
     "TaskNote", "Task", &w_task_accept},
    {"POST", "/api/v1/tasks/{id}/done", h_write, "Mark a task done", 0, "", "TaskNote", "Task",
     &w_task_done},
    {"POST", "/api/v1/tasks/{id}/cancel", h_write, "Cancel a task", 0, "", "TaskNote", "Task",
     &w_task_cancel},
    {"GET", "/api/v1/places", h_places_list,
     "Non-residential places within a unit, a page at a time", 0,
     "unit,cursor:integer,limit:integer", NULL, "PlaceList"},
    {"POST", "/api/v1/places", h_write, "Register a place in a grid (committee)", 0, "", "PlaceNew",
     "201:Place", &w_places_create},
    {"POST", "/api/v1/households/{id}/quarantine", h_write,
     "Put a household into quarantine: a case for each of its residents within the scope", 0, "",
     "QuarantineHousehold", "201:QuarantineHouseholdCases", &w_quarantines_household},
    {"GET", "/api/v1/orgs", h_orgs_list,
     "Property companies and owners' committees of the streets within a unit, with their "
     "compounds",
     0, "unit,cursor:integer,limit:integer", NULL, "OrgList"},
    {"POST", "/api/v1/orgs", h_write,
     "Register a property company or owners' committee of a street", 0, "", "OrgNew", "201:Org",
     &w_orgs_create},
    {"POST", "/api/v1/orgs/{id}/compounds", h_write, "Link an organisation to a compound it serves",
     0, "", "OrgCompound", "Org", &w_orgs_serve},
    {"GET", "/api/v1/units/{code}/responsible", h_grid_responsible_get,
     "The person answerable for a grid", 0, "", NULL, "GridPerson"},
    {"PUT", "/api/v1/units/{code}/responsible", h_write,
     "Name the person answerable for a grid (committee)", 0, "", "GridPerson", "GridPerson",
     &w_grid_responsible_put},
    {"POST", "/api/v1/compounds/{id}/grid", h_write,
     "Draw a compound (or one of its buildings) into a grid (committee)", 0, "", "CompoundGrid",
     "Ok", &w_compound_grid},
    /* Supplies: masks by reservation (issue 15). */
    {"POST", "/api/v1/campaigns", h_write,
     "Open a campaign of a scarce good for the households of a committee or grid", 0, "",
     "CampaignNew", "201:Campaign", &w_campaigns_create},
    {"GET", "/api/v1/campaigns/{id}", h_campaign_get, "One campaign with its points and counts", 0,
     "", NULL, "Campaign"},
    {"POST", "/api/v1/campaigns/{id}/bookings", h_write,
     "Book for a household (one per household; 409 booked, 410 no stock left)", 0, "", "BookingNew",
     "201:Booking", &w_campaign_book},
    {"GET", "/api/v1/campaigns/{id}/list.xlsx", h_campaign_list_xlsx,
     "A campaign's bookings at a pickup point (?point=ID; all without) as .xlsx, for the pharmacy",
     0, "point:integer", NULL, NULL},
    {"POST", "/api/v1/campaigns/{id}/draw", h_write,
     "Run the seeded draw of a campaign after its window closed", 0, "", "CampaignDraw", "Campaign",
     &w_campaign_draw},
    {"POST", "/api/v1/pickups", h_write, "Hand out a booking against its pickup code", 0, "",
     "Pickup", "Booking", &w_pickups},
    {"POST", "/api/v1/households/{id}/link", h_write,
     "Issue (or reissue) a household's own page link and short code; the old ones stop working", 0,
     "", NULL, "201:HouseholdLink", &w_household_link},
    {"POST", "/api/v1/households/{id}/slip.pdf", h_write,
     "A new link for the household printed as an A4 slip with its QR code and short code "
     "(?base=the server's address as phones reach it); the old link stops working",
     0, "base", NULL, NULL, &w_household_slip},
    {"GET", "/api/v1/household/{token}", h_household_page,
     "The household's own page by its link or short code: members masked, campaigns (public)",
     HTTP_PUBLIC, "", NULL, "HouseholdPage"},
    {"POST", "/api/v1/household/{token}/bookings", h_write,
     "The household books a campaign from its own page (public)", HTTP_PUBLIC | HTTP_LIMITED, "",
     "HouseholdBooking", "201:Booking", &w_household_book},
    {"POST", "/api/v1/household/{token}/help", h_write,
     "The household asks for help: a task for its grid's responsible person (public)",
     HTTP_PUBLIC | HTTP_LIMITED, "", "HouseholdHelp", "201:HouseholdHelpTask", &w_household_help},
    {"GET", "/h/{token}", h_household_html, "The household's own page (phone, no account)",
     HTTP_PUBLIC},
    /* Issue 13 (W13b): an import's error report as .xlsx, in the user's language. */
    {"POST", "/api/v1/imports/report.xlsx", h_import_report_xlsx,
     "An import's error report (its errors, sent back) as .xlsx in the language of "
     "Accept-Language",
     0, "", "ImportReport"},
    /* Staff sent down (issue 14, h_workforce.c) */
    {"POST", "/api/v1/staff/import", h_staff_import,
     "Import staff from a CSV (姓名, 手机号, 派出单位, 批次, 技能): all or nothing, errors by line",
     0, "sheet", NULL, "StaffImport"},
    {"GET", "/api/v1/staff", h_staff_list,
     "Staff received within a unit or sent by its home units, a page at a time", 0,
     "unit,home_unit,cursor:integer,limit:integer", NULL, "StaffList"},
    {"POST", "/api/v1/deployments", h_write, "Deploy a staff member to a post for a period", 0, "",
     "DeploymentNew", "201:Deployment", &w_deploy},
    {"POST", "/api/v1/deployments/{id}/link", h_write,
     "A new one-time sign-in link for a deployed person (the old one stops working)", 0, "", NULL,
     "DeploymentLink", &w_deploy_link},
    {"POST", "/api/v1/sign/{token}", h_write,
     "Sign in or out at the post through the deployment's link (public)",
     HTTP_PUBLIC | HTTP_LIMITED, "", "SignNew", "201:Sign", &w_sign},
    {"GET", "/api/v1/units/{code}/staffing", h_unit_staffing,
     "Who is on duty at each post within a unit on a day, with the gaps", 0, "date", NULL,
     "Staffing"},
    /* Issue 13 (W13a): a committee's whole wall chart. */
    {"GET", "/api/v1/units/{code}/wallchart.pdf", h_committee_wallchart,
     "A committee's whole wall chart: every compound, numbered A4 sheets, one PDF"},
    /* Return to work (issue 16): enterprises, their status per day, resumption. */
    {"POST", "/api/v1/enterprises/import", h_enterprises_import,
     "Import a street's enterprise spreadsheet (CSV body; all or nothing, errors by line)", 0,
     "street,sheet", NULL, "EnterpriseImport"},
    {"GET", "/api/v1/enterprises", h_enterprises_list,
     "Enterprises within the caller's scope (its own, or those assigned), a page at a time", 0,
     "unit,park:integer,status,cursor:integer,limit:integer", NULL, "EnterprisePage"},
    {"GET", "/api/v1/enterprises/{id}", h_enterprise_get, "One enterprise", 0, "", NULL,
     "Enterprise"},
    {"POST", "/api/v1/enterprises/{id}/status", h_write,
     "An enterprise's status of a day: apply, approve or return, open; staff on site", 0, "",
     "EnterpriseStatus", "Enterprise", &w_enterprise_status},
    {"GET", "/api/v1/enterprises/{id}/chain", h_enterprise_chain,
     "An enterprise's supplier chain: blocked while a supplier is not open", 0, "", NULL,
     "EnterpriseChain"},
    {"POST", "/api/v1/enterprises/{id}/suppliers", h_write,
     "Record that an enterprise depends on a supplier (street)", 0, "", "EnterpriseSupplier",
     "EnterpriseChain", &w_enterprise_supplier},
    {"GET", "/api/v1/units/{code}/resumption", h_unit_resumption,
     "Resumption of a street, district or city on a date: enterprises, staff, output open", 0,
     "date", NULL, "Resumption"},
    /* A cadre's day (issue 13): the big screen of an operations centre. */
    {"POST", "/api/v1/displays", h_write,
     "Issue a display token for a unit's big screen (street, district, city); the token is "
     "shown once",
     0, "", "DisplayNew", "201:DisplayToken", &w_displays_create},
    {"GET", "/api/v1/displays", h_displays_list,
     "Display tokens of a unit and the units below it (never the tokens)", 0,
     "unit,cursor:integer,limit:integer", NULL, "DisplayPage"},
    {"POST", "/api/v1/displays/{id}/revoke", h_write,
     "Revoke a display token: its screen gets 401 from then on", 0, "", NULL, "Display",
     &w_displays_revoke},
    {"GET", "/api/v1/wall", h_wall,
     "A unit's big screen: six colours, units below ranked by what needs attention, the last "
     "hour's events; aggregates only. A display token (Authorization: Bearer) reads its own unit",
     HTTP_DISPLAY, "unit", NULL, "Wall"},
    /* Staff sent down, the rest (issue 14, x14: h_workforce.c) */
    {"POST", "/api/v1/deployments/{id}/account", h_write,
     "An account for a deployed person, scoped to the post for the deployment's days", 0, "",
     "DeploymentAccountNew", "201:DeploymentAccount", &w_deploy_account},
    {"POST", "/api/v1/sign", h_write,
     "Sign in or out at one's post with a deployed person's own account", 0, "", "SignSelf",
     "201:Sign", &w_sign_self},
    /* Supplies, the rest (issue 15): the campaign list. */
    {"GET", "/api/v1/campaigns", h_campaigns_list,
     "The campaigns the caller sees (within ?unit=), newest first, with counts by point and unit",
     0, "unit,cursor:integer,limit:integer", NULL, "CampaignList"},
    /* Return to work, the rest (issue 16, X16): problem tickets, an enterprise's history. */
    {"POST", "/api/v1/enterprises/{id}/tickets", h_write,
     "Open a problem ticket for an enterprise (the enterprise or its specialist)", 0, "",
     "TicketNew", "201:Ticket", &w_ticket_open},
    {"GET", "/api/v1/enterprises/{id}/tickets", h_enterprise_tickets,
     "An enterprise's problem tickets", 0, "state,kind,cursor:integer,limit:integer", NULL,
     "TicketPage"},
    {"GET", "/api/v1/enterprises/{id}/history", h_enterprise_history,
     "An enterprise's history: status changes and applications, its tickets' events", 0, "", NULL,
     "EnterpriseHistory"},
    {"GET", "/api/v1/tickets", h_tickets_list,
     "Problem tickets the caller sees (a specialist's, an enterprise's own, a street's)", 0,
     "state,kind,cursor:integer,limit:integer", NULL, "TicketPage"},
    {"POST", "/api/v1/tickets/{id}/accept", h_write, "Accept a ticket (the specialist)", 0, "",
     "TaskNote", "Ticket", &w_ticket_accept},
    {"POST", "/api/v1/tickets/{id}/done", h_write, "Close a ticket as solved", 0, "", "TaskNote",
     "Ticket", &w_ticket_done},
    {"POST", "/api/v1/tickets/{id}/cancel", h_write,
     "Cancel a ticket (the street, the specialist, or the enterprise its own)", 0, "", "TaskNote",
     "Ticket", &w_ticket_cancel},
    {"GET", "/api/v1/duty-posts/{id}", h_duty_post,
     "A post's page: its week's roster by day and shift, hand-over notes, teams", 0, "week", NULL,
     "DutyPost"},
    {"POST", "/api/v1/duty-posts/{id}/notes", h_write,
     "A hand-over note at a post from this shift to the next", 0, "", "ShiftNoteNew",
     "201:ShiftNote", &w_shift_note},
    {"GET", "/api/v1/teams", h_teams, "Teams at the posts within a unit, with their members", 0,
     "unit", NULL, "TeamList"},
    {"POST", "/api/v1/teams", h_write,
     "A team at a post: members from several home units and a lead among them", 0, "", "TeamNew",
     "201:Team", &w_team},
    {"GET", "/api/v1/staff/counts", h_staff_counts,
     "Staff sent by home unit and batch, received by street, district and kind of post", 0,
     "unit,date", NULL, "StaffCounts"},
    {"GET", "/api/v1/staff/hours", h_staff_hours,
     "Duty hours per person from signing in and out over some days", 0, "unit,from,until", NULL,
     "StaffHours"},
    {"POST", "/api/v1/enterprise-groups", h_write,
     "Group enterprises that resume together (street): none opens before all are approved", 0, "",
     "EnterpriseGroupNew", "201:EnterpriseGroup", &w_group_create},
    {"GET", "/api/v1/enterprise-groups/{id}", h_enterprise_group_get,
     "A resume-together group: its members' statuses, ready or how many it waits for", 0, "", NULL,
     "EnterpriseGroup"},
    {"POST", "/api/v1/places/{id}/entries", h_write,
     "A worker's entry at the door of a park or building, temperature taken; counted once a day", 0,
     "", "EntryNew", "201:Entry", &w_entry},
    {"GET", "/api/v1/units/{code}/entries", h_unit_entries,
     "Workers on site on a date by park and building, against the register's staff", 0, "date",
     NULL, "Entries"},
    {"GET", "/api/v1/units/{code}/resumption/breakdown", h_unit_resumption_breakdown,
     "Resumption by street, park, building or industry on a date; enterprises above a threshold", 0,
     "by,date,threshold:integer", NULL, "ResumptionBreakdown"},
    {"GET", "/api/v1/units/{code}/tickets/summary", h_unit_tickets_summary,
     "Open problem tickets of a unit's enterprises by kind and age", 0, "", NULL, "TicketSummary"},
    {"GET", "/api/v1/origins", h_origins_list,
     "High-risk origins: patterns of a traveller's origin and the quarantine each calls for", 0,
     "cursor:integer,limit:integer", NULL, "OriginPage"},
    {"POST", "/api/v1/origins", h_write,
     "Add a high-risk origin (city, district): accepting a traveller from it offers its "
     "quarantine",
     0, "", "OriginNew", "201:Origin", &w_origins_add},
    {"POST", "/api/v1/origins/{id}/delete", h_write, "Delete a high-risk origin (city, district)",
     0, "", NULL, "Origin", &w_origins_delete},
    /* Staff sent down, the missing pieces (issue 14, Y14): the 今日在岗 board. */
    {"GET", "/api/v1/units/{code}/on-duty", h_unit_on_duty,
     "Who is on duty where on a day: each post's shifts with the people, signed in or not, gaps "
     "first (by kind of post above the street)",
     0, "date", NULL, "OnDuty"},
    /* Return to work: returning staff handed over to their home committees (issue 16, R16). */
    {"GET", "/api/v1/enterprises/{id}/returnees", h_enterprise_returnees,
     "An enterprise's returning staff (masked) and the state of each one's hand-over", 0, "", NULL,
     "ReturneePage"},
    /* The web UI (embedded files); keep these last. */
    {"GET", "/", h_static_index, "The web UI", HTTP_PUBLIC},
    {"GET", "/vendor/{file}", h_static_vendor, "Third-party scripts of the web UI (ECharts)",
     HTTP_PUBLIC},
    {"GET", "/{file}", h_static_file, "Files of the web UI", HTTP_PUBLIC},
    {0, 0, 0, 0},
};

/*
 * Matches `path` (copied into pathbuf so captures can be cut out in place)
 * against `pattern`; on success fills req->params.
 */
static int match(const char *pattern, char *path, struct http_request *req)
{
    const char *p = pattern;
    char *s = path;
    int n = 0;

    while (*p && *s) {
        if (*p == '{') {
            const char *pe = strchr(p, '}');
            char *se = strchr(s, '/');
            if (!pe || n >= HTTP_MAX_PARAMS)
                return 0;
            if (!se)
                se = s + strlen(s);
            if (se == s)
                return 0;
            req->params[n++] = s;
            p = pe + 1;
            if (*se == '/') {
                if (*p != '/')
                    return 0;
                *se = '\0';
                s = se + 1;
                p++;
            } else {
                s = se;
            }
            continue;
        }
        if (*p != *s)
            return 0;
        p++, s++;
    }
    if (*p || *s)
        return 0;
    req->nparams = n;
    return 1;
}

const struct http_route *http_route_find(struct http_request *req, char *pathbuf, int *out_status)
{
    size_t len = strlen(req->path);
    int path_seen = 0;

    *out_status = 404;
    for (const struct http_route *r = http_routes; r->method; r++) {
        memcpy(pathbuf, req->path, len + 1);
        if (!match(r->pattern, pathbuf, req))
            continue;
        if (strcmp(r->method, req->method) == 0 ||
            (strcmp(req->method, "HEAD") == 0 && strcmp(r->method, "GET") == 0))
            return r;
        path_seen = 1;
    }
    if (path_seen)
        *out_status = 405;
    return NULL;
}
