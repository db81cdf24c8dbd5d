/*
 * GET /api/v1/openapi.json: an OpenAPI 3 document generated from the route
 * table (paths, methods, summaries, path and query parameters, which need a
 * session and a CSRF token) and the table of schemas below (request and
 * response bodies). Nothing is written twice, so the document cannot list a
 * route the server does not have, or miss one. Built once per process.
 */
#include "http/http.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CORDON_API_VERSION "0.1.0"

/* Component schemas, as JSON Schema text (OpenAPI 3.0 dialect). */
static const struct {
    const char *name;
    const char *schema;
} schemas[] = {
    {"Error", "{\"type\":\"object\",\"required\":[\"error\"],\"properties\":{\"error\":{"
              "\"type\":\"object\",\"required\":[\"code\",\"message\",\"field\"],\"properties\":{"
              "\"code\":{\"type\":\"string\"},\"message\":{\"type\":\"string\"},"
              "\"field\":{\"type\":\"string\",\"nullable\":true}}}}}"},
    {"Status", "{\"type\":\"object\",\"properties\":{\"status\":{\"type\":\"string\"}}}"},
    {"Unit", "{\"type\":\"object\",\"properties\":{\"code\":{\"type\":\"string\"},"
             "\"name\":{\"type\":\"string\"},\"level\":{\"type\":\"integer\",\"minimum\":1,"
             "\"maximum\":5},\"parent\":{\"type\":\"string\",\"nullable\":true},"
             "\"children\":{\"type\":\"array\",\"items\":{\"type\":\"object\"}}}}"},
    {"GridNew", "{\"type\":\"object\",\"required\":[\"name\"],\"additionalProperties\":false,"
                "\"properties\":{\"name\":{\"type\":\"string\",\"minLength\":1,"
                "\"maxLength\":120}}}"},
    {"Colours", "{\"type\":\"object\",\"properties\":{\"red\":{\"type\":\"integer\"},"
                "\"orange\":{\"type\":\"integer\"},\"yellow\":{\"type\":\"integer\"},"
                "\"green\":{\"type\":\"integer\"},\"blue\":{\"type\":\"integer\"},"
                "\"purple\":{\"type\":\"integer\"}}}"},
    {"Counts", "{\"type\":\"object\",\"properties\":{\"code\":{\"type\":\"string\"},"
               "\"total\":{\"type\":\"integer\"},\"colours\":{\"$ref\":"
               "\"#/components/schemas/Colours\"}}}"},
    {"CountsHistory",
     "{\"type\":\"object\",\"properties\":{\"code\":{\"type\":\"string\"},\"days\":{\"type\":"
     "\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"date\":{\"type\":\"string\","
     "\"format\":\"date\"},\"total\":{\"type\":\"integer\"},\"colours\":{\"$ref\":"
     "\"#/components/schemas/Colours\"}}}}}}"},
    {"Login", "{\"type\":\"object\",\"required\":[\"username\",\"password\"],"
              "\"additionalProperties\":false,\"properties\":{\"username\":{\"type\":\"string\"},"
              "\"password\":{\"type\":\"string\",\"format\":\"password\"}}}"},
    {"PasswordChange",
     "{\"type\":\"object\",\"required\":[\"password\",\"new_password\"],"
     "\"additionalProperties\":false,\"properties\":{\"password\":{\"type\":\"string\","
     "\"format\":\"password\"},\"new_password\":{\"type\":\"string\",\"format\":\"password\","
     "\"minLength\":8,\"maxLength\":128}}}"},
    {"User", "{\"type\":\"object\",\"properties\":{\"name\":{\"type\":\"string\"},"
             "\"role\":{\"type\":\"string\",\"enum\":[\"city_admin\",\"district\",\"street\","
             "\"committee\",\"grid_worker\",\"checkpoint\",\"specialist\",\"enterprise\","
             "\"property\",\"viewer\"]},\"unit\":{\"type\":\"string\"},\"unit_name\":{\"type\":"
             "\"string\",\"nullable\":true},\"grid\":{\"type\":\"string\",\"nullable\":true},"
             "\"must_change\":{\"type\":\"boolean\"},\"permissions\":{\"type\":\"array\","
             "\"items\":{\"type\":\"string\"}}}}"},
    {"Session", "{\"type\":\"object\",\"properties\":{\"csrf\":{\"type\":\"string\"},"
                "\"user\":{\"$ref\":\"#/components/schemas/User\"}}}"},
    {"Ok", "{\"type\":\"object\"}"},
    {"Date", "{\"type\":\"string\",\"format\":\"date\",\"example\":\"2020-03-09\"}"},
    {"Arrival",
     "{\"type\":\"object\",\"nullable\":true,\"required\":[\"date\"],\"additionalProperties\":"
     "false,\"properties\":{\"date\":{\"$ref\":\"#/components/schemas/Date\"},\"origin\":{"
     "\"type\":\"string\",\"maxLength\":120},\"abroad\":{\"type\":\"boolean\"}}}"},
    {"Quarantine",
     "{\"type\":\"object\",\"required\":[\"kind\"],\"additionalProperties\":false,"
     "\"properties\":{\"kind\":{\"type\":\"string\",\"enum\":[\"none\",\"home\",\"central\"]},"
     "\"from\":{\"$ref\":\"#/components/schemas/Date\"},\"until\":{\"$ref\":"
     "\"#/components/schemas/Date\"}}}"},
    {"Facts", "{\"type\":\"object\",\"additionalProperties\":false,\"minProperties\":1,"
              "\"properties\":{\"presence\":{\"type\":\"string\",\"enum\":[\"in\",\"away\"]},"
              "\"arrival\":{\"$ref\":\"#/components/schemas/Arrival\"},\"quarantine\":{\"$ref\":"
              "\"#/components/schemas/Quarantine\"},\"health\":{\"type\":\"string\",\"enum\":["
              "\"normal\",\"fever\",\"suspected\",\"confirmed\",\"recovered\"]},\"effective\":{"
              "\"$ref\":\"#/components/schemas/Date\"}}}"},
    {"Address", "{\"type\":\"object\",\"required\":[\"compound\",\"building\",\"room\"],"
                "\"additionalProperties\":false,\"properties\":{\"compound\":{\"type\":"
                "\"string\"},\"building\":{\"type\":\"string\"},\"unit\":{\"type\":\"string\"},"
                "\"room\":{\"type\":\"string\"},\"floor\":{\"type\":\"integer\"}}}"},
    {"ResidentNew",
     "{\"type\":\"object\",\"required\":[\"name\",\"doc_no\"],\"additionalProperties\":false,"
     "\"properties\":{\"name\":{\"type\":\"string\",\"maxLength\":120},\"doc_type\":{\"type\":"
     "\"string\",\"enum\":[\"id_card\",\"passport\",\"hk_macao\",\"taiwan\",\"foreign_pr\","
     "\"other\"]},\"doc_no\":{\"type\":\"string\"},\"phone\":{\"type\":\"string\"},"
     "\"committee\":{\"type\":\"string\"},\"grid\":{\"type\":\"string\"},\"address\":{\"$ref\":"
     "\"#/components/schemas/Address\"},\"presence\":{\"type\":\"string\"},\"arrival\":{"
     "\"$ref\":\"#/components/schemas/Arrival\"},\"quarantine\":{\"$ref\":"
     "\"#/components/schemas/Quarantine\"},\"health\":{\"type\":\"string\"}}}"},
    {"Resident",
     "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},\"committee\":{\"type\":"
     "\"string\"},\"grid\":{\"type\":\"string\",\"nullable\":true},\"household\":{\"type\":"
     "\"integer\",\"nullable\":true},\"address\":{\"type\":\"object\",\"nullable\":true},"
     "\"name\":{\"type\":\"string\"},\"doc_type\":{\"type\":\"string\"},\"doc_no\":{\"type\":"
     "\"string\"},\"phone\":{\"type\":\"string\",\"nullable\":true},\"sex\":{\"type\":\"string\","
     "\"nullable\":true},\"birth\":{\"type\":\"string\",\"nullable\":true},\"facts\":{\"type\":"
     "\"object\"},\"colour\":{\"type\":\"string\"},\"next_change\":{\"type\":\"string\","
     "\"nullable\":true},\"updated_at\":{\"type\":\"string\"},\"masked\":{\"type\":"
     "\"boolean\"}}}"},
    {"ResidentPage", "{\"type\":\"object\",\"properties\":{\"items\":{\"type\":\"array\","
                     "\"items\":{\"$ref\":\"#/components/schemas/Resident\"}},\"next\":{\"type\":"
                     "\"string\",\"nullable\":true}}}"},
    {"HistoryPage", "{\"type\":\"object\",\"properties\":{\"items\":{\"type\":\"array\","
                    "\"items\":{\"type\":\"object\",\"properties\":{\"id\":{\"type\":"
                    "\"integer\"},\"kind\":{\"type\":\"string\"},\"value\":{},\"effective\":{"
                    "\"type\":\"string\"},\"recorded_at\":{\"type\":\"string\"},\"recorded_by\":{"
                    "\"type\":\"string\"},\"source\":{\"type\":\"string\"},\"colour\":{\"type\":"
                    "\"string\"}}}},\"next\":{\"type\":\"string\",\"nullable\":true}}}"},
    {"Household", "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},"
                  "\"committee\":{\"type\":\"string\"},\"compound_id\":{\"type\":\"integer\"},"
                  "\"compound\":{\"type\":\"string\"},\"building\":{\"type\":\"string\"},"
                  "\"unit\":{\"type\":\"string\"},\"room\":{\"type\":\"string\"},\"floor\":{"
                  "\"type\":\"integer\",\"nullable\":true},\"residents\":{\"type\":\"array\","
                  "\"items\":{\"$ref\":\"#/components/schemas/Resident\"}}}}"},
    {"CompoundPage", "{\"type\":\"object\",\"properties\":{\"items\":{\"type\":\"array\","
                     "\"items\":{\"type\":\"object\"}},\"next\":{\"type\":\"string\","
                     "\"nullable\":true}}}"},
    {"Compound", "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},\"name\":{"
                 "\"type\":\"string\"},\"committee\":{\"type\":\"string\"},\"grid\":{\"type\":"
                 "\"string\",\"nullable\":true},\"households\":{\"type\":\"array\",\"items\":{"
                 "\"type\":\"object\"}}}}"},
    {"Rules", "{\"type\":\"object\",\"description\":\"the colour rule table, as "
              "data/rules.default.json\"}"},
    {"RulesChanged", "{\"type\":\"object\",\"properties\":{\"changed\":{\"type\":"
                     "\"integer\"}}}"},
    {"AuditPage", "{\"type\":\"object\",\"properties\":{\"items\":{\"type\":\"array\","
                  "\"items\":{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},"
                  "\"at\":{\"type\":\"string\"},\"account\":{\"type\":\"string\"},\"action\":{"
                  "\"type\":\"string\"},\"resident\":{\"type\":\"integer\",\"nullable\":true},"
                  "\"unit\":{\"type\":\"string\",\"nullable\":true},\"address\":{\"type\":"
                  "\"string\"},\"detail\":{}}}},\"next\":{\"type\":\"string\",\"nullable\":"
                  "true}}}"},
    /* Checkpoints, screenings, hand-overs (docs/checkpoints.md). */
    {"Post", "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},\"name\":{"
             "\"type\":\"string\"},\"checkpoint_id\":{\"type\":\"integer\"},\"checkpoint\":{"
             "\"type\":\"string\"},\"kind\":{\"type\":\"string\"},\"district\":{\"type\":"
             "\"string\"}}}"},
    {"PostList", "{\"type\":\"object\",\"properties\":{\"items\":{\"type\":\"array\",\"items\":{"
                 "\"$ref\":\"#/components/schemas/Post\"}}}}"},
    {"ScreeningNew",
     "{\"type\":\"object\",\"required\":[\"document\",\"name\",\"origin\",\"destination\","
     "\"temperature\"],\"additionalProperties\":false,\"properties\":{\"document\":{\"type\":"
     "\"string\"},\"document_type\":{\"type\":\"string\",\"enum\":[\"id_card\",\"passport\","
     "\"hk_macao\",\"taiwan\",\"foreign_pr\",\"other\"]},\"document_override\":{\"type\":"
     "\"string\",\"description\":\"why a number that fails its check is recorded as "
     "written (not for id_card)\"},\"name\":{\"type\":\"string\"},\"phone\":{\"type\":"
     "\"string\"},\"origin\":{\"type\":\"string\"},\"abroad\":{\"type\":\"boolean\"},\"travel\":{"
     "\"type\":\"string\"},\"destination\":{\"type\":\"string\"},\"temperature\":{\"oneOf\":[{"
     "\"type\":\"number\"},{\"type\":\"string\"}]},\"symptoms\":{\"type\":\"string\"},\"post\":{"
     "\"type\":\"integer\"},\"declaration\":{\"type\":\"integer\"}}}"},
    {"Screening",
     "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},\"post\":{\"type\":"
     "\"object\"},\"at\":{\"type\":\"string\"},\"date\":{\"type\":\"string\"},\"document_type\":{"
     "\"type\":\"string\"},\"document\":{\"type\":\"string\"},\"name\":{\"type\":\"string\"},"
     "\"temperature\":{\"type\":\"number\"},\"fever\":{\"type\":\"boolean\"},\"duplicate\":{"
     "\"type\":\"boolean\"},\"alert\":{\"type\":\"string\",\"nullable\":true},\"handover\":{"
     "\"type\":\"object\"},\"masked\":{\"type\":\"boolean\"}}}"},
    {"ScreeningPage", "{\"type\":\"object\",\"properties\":{\"items\":{\"type\":\"array\","
                      "\"items\":{\"$ref\":\"#/components/schemas/Screening\"}},\"next\":{"
                      "\"type\":\"string\",\"nullable\":true}}}"},
    {"DeclarationNew",
     "{\"type\":\"object\",\"required\":[\"post\",\"document\",\"name\",\"origin\","
     "\"destination\"],\"additionalProperties\":false,\"properties\":{\"post\":{\"type\":"
     "\"integer\"},\"document\":{\"type\":\"string\"},\"document_type\":{\"type\":\"string\"},"
     "\"name\":{\"type\":\"string\"},\"phone\":{\"type\":\"string\"},\"origin\":{\"type\":"
     "\"string\"},\"abroad\":{\"type\":\"boolean\"},\"travel\":{\"type\":\"string\"},"
     "\"destination\":{\"type\":\"string\"},\"symptoms\":{\"type\":\"string\"}}}"},
    {"DeclarationList", "{\"type\":\"object\",\"properties\":{\"items\":{\"type\":\"array\","
                        "\"items\":{\"type\":\"object\"}}}}"},
    {"Handover",
     "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},\"state\":{\"type\":"
     "\"string\",\"enum\":[\"pending\",\"accepted\"]},\"unit\":{\"type\":\"string\"},"
     "\"unit_name\":{\"type\":\"string\"},\"level\":{\"type\":\"integer\"},\"status\":{\"type\":"
     "\"string\"},\"address\":{\"type\":\"object\"},\"created_at\":{\"type\":\"string\"},"
     "\"deadline\":{\"type\":\"string\"},\"overdue\":{\"type\":\"boolean\"},\"escalation\":{"
     "\"type\":\"integer\"},\"escalated_to\":{\"type\":\"object\",\"nullable\":true},"
     "\"resident\":{\"type\":\"integer\",\"nullable\":true},\"screening\":{\"$ref\":"
     "\"#/components/schemas/Screening\"},\"events\":{\"type\":\"array\",\"items\":{\"type\":"
     "\"object\"}}}}"},
    {"HandoverPage", "{\"type\":\"object\",\"properties\":{\"items\":{\"type\":\"array\","
                     "\"items\":{\"$ref\":\"#/components/schemas/Handover\"}},\"next\":{\"type\":"
                     "\"string\",\"nullable\":true}}}"},
    {"HandoverAccept", "{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{"
                       "\"address\":{\"type\":\"object\",\"properties\":{\"compound\":{\"type\":"
                       "\"string\"},\"building\":{\"type\":\"string\"},\"unit\":{\"type\":"
                       "\"string\"},\"room\":{\"type\":\"string\"}}}}}"},
    {"HandoverReject", "{\"type\":\"object\",\"required\":[\"reason\"],\"additionalProperties\":"
                       "false,\"properties\":{\"reason\":{\"type\":\"string\"}}}"},
    {"HandoverRoute", "{\"type\":\"object\",\"required\":[\"unit\"],\"additionalProperties\":"
                      "false,\"properties\":{\"unit\":{\"type\":\"string\"},\"reason\":{\"type\":"
                      "\"string\"}}}"},
    {"QuarantineNew",
     "{\"type\":\"object\",\"required\":[\"resident\",\"kind\",\"from\"],\"additionalPrope"
     "rties\":false,\"properties\":{\"resident\":{\"type\":\"integer\"},\"kind\":{\"type\""
     ":\"string\",\"enum\":[\"home\",\"central\"]},\"from\":{\"$ref\":\"#/components/schem"
     "as/Date\"},\"until\":{\"$ref\":\"#/components/schemas/Date\"},\"facility\":{\"type\""
     ":\"string\"},\"follower\":{\"type\":\"string\"}}}"},
    {"QuarantineCase",
     "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},\"resident\":{\"t"
     "ype\":\"integer\"},\"household\":{\"type\":\"integer\",\"nullable\":true},\"kind\":{"
     "\"type\":\"string\"},\"name\":{\"type\":\"string\"},\"from\":{\"type\":\"string\"},\""
     "until\":{\"type\":\"string\"},\"address\":{\"type\":\"string\"},\"facility\":{\"type"
     "\":\"string\"},\"state\":{\"type\":\"string\",\"enum\":[\"open\",\"ended\",\"cancell"
     "ed\"]},\"colour\":{\"type\":\"string\"},\"follower\":{\"type\":\"string\",\"nullable"
     "\":true},\"due\":{\"type\":\"object\",\"properties\":{\"day\":{\"type\":\"string\"},"
     "\"slot\":{\"type\":\"string\"},\"missed\":{\"type\":\"boolean\"}}},\"temperatures\":"
     "{\"type\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"day\":{\"type\""
     ":\"string\"},\"slot\":{\"type\":\"string\"},\"temperature\":{\"type\":\"number\"},\""
     "fever\":{\"type\":\"boolean\"},\"at\":{\"type\":\"string\"},\"recorded_by\":{\"type\""
     ":\"string\"}}}},\"events\":{\"type\":\"array\",\"items\":{\"type\":\"object\"}},\"c"
     "heckin\":{\"type\":\"string\"},\"fever\":{\"type\":\"boolean\"},\"tasks_cancelled\":"
     "{\"type\":\"integer\"}}}"},
    {"QuarantineUntil",
     "{\"type\":\"object\",\"required\":[\"until\",\"reason\"],\"additionalProperties\":"
     "false,\"properties\":{\"until\":{\"$ref\":\"#/components/schemas/Date\"},\"reason\":{"
     "\"type\":\"string\"}}}"},
    {"QuarantineCancel",
     "{\"type\":\"object\",\"required\":[\"reason\"],\"additionalProperties\":false,\"pr"
     "operties\":{\"reason\":{\"type\":\"string\"}}}"},
    {"QuarantinePage",
     "{\"type\":\"object\",\"properties\":{\"items\":{\"type\":\"array\",\"items\":{\"$ref"
     "\":\"#/components/schemas/QuarantineCase\"}},\"next\":{\"type\":\"string\",\"nullabl"
     "e\":true}}}"},
    {"Temperature",
     "{\"type\":\"object\",\"required\":[\"temperature\"],\"additionalProperties\":false,\""
     "properties\":{\"temperature\":{\"oneOf\":[{\"type\":\"number\"},{\"type\":\"string\""
     "}]},\"slot\":{\"type\":\"string\",\"enum\":[\"morning\",\"evening\"]},\"day\":{\"$re"
     "f\":\"#/components/schemas/Date\"}}}"},
    {"Task", "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},\"kind\":{\"type\""
             ":\"string\",\"enum\":[\"rubbish\",\"groceries\",\"medicine\",\"inspection\",\"repair"
             "\",\"other\"]},\"title\":{\"type\":\"string\"},\"where\":{\"type\":\"string\"},\"pla"
             "ce\":{\"type\":\"integer\",\"nullable\":true},\"household\":{\"type\":\"integer\",\""
             "nullable\":true},\"grid\":{\"type\":\"string\",\"nullable\":true},\"committee\":{\"t"
             "ype\":\"string\"},\"state\":{\"type\":\"string\",\"enum\":[\"open\",\"accepted\",\"d"
             "one\",\"cancelled\"]},\"urgent\":{\"type\":\"boolean\"},\"day\":{\"type\":\"string\""
             ",\"nullable\":true},\"deadline\":{\"type\":\"string\"},\"assignee\":{\"type\":\"stri"
             "ng\",\"nullable\":true},\"escalation\":{\"type\":\"string\",\"enum\":[\"none\",\"com"
             "mittee\",\"street\",\"district\"]},\"overdue\":{\"type\":\"boolean\"},\"note\":{\"ty"
             "pe\":\"string\"},\"events\":{\"type\":\"array\",\"items\":{\"type\":\"object\"}}}}"},
    {"TaskPage",
     "{\"type\":\"object\",\"properties\":{\"items\":{\"type\":\"array\",\"items\":{\"$ref"
     "\":\"#/components/schemas/Task\"}},\"next\":{\"type\":\"string\",\"nullable\":true}}"
     "}"},
    {"TaskNew",
     "{\"type\":\"object\",\"required\":[\"kind\"],\"additionalProperties\":false,\"proper"
     "ties\":{\"kind\":{\"type\":\"string\"},\"place\":{\"type\":\"integer\"},\"household\""
     ":{\"type\":\"integer\"},\"title\":{\"type\":\"string\"},\"note\":{\"type\":\"string\""
     "},\"deadline\":{\"type\":\"string\",\"example\":\"2020-03-09T18:00\"},\"assignee\":{"
     "\"type\":\"string\"},\"urgent\":{\"type\":\"boolean\"}}}"},
    {"TaskNote",
     "{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{\"note\":{\"type"
     "\":\"string\"}}}"},
    {"Place",
     "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},\"kind\":{\"type\""
     ":\"string\"},\"name\":{\"type\":\"string\"},\"grid\":{\"type\":\"string\"},\"committ"
     "ee\":{\"type\":\"string\"},\"compound\":{\"type\":\"integer\",\"nullable\":true},\"o"
     "rg\":{\"type\":\"integer\",\"nullable\":true},\"responsible\":{\"type\":\"string\",\""
     "nullable\":true}}}"},
    {"PlaceList",
     "{\"type\":\"object\",\"properties\":{\"items\":{\"type\":\"array\",\"items\":{\"$ref"
     "\":\"#/components/schemas/Place\"}},\"next\":{\"type\":\"string\",\"nullable\":true}"
     "}}"},
    {"PlaceNew",
     "{\"type\":\"object\",\"required\":[\"kind\",\"name\",\"grid\"],\"additionalPropertie"
     "s\":false,\"properties\":{\"kind\":{\"type\":\"string\",\"enum\":[\"office\",\"park\""
     ",\"garage\",\"corridor\",\"passage\",\"market\",\"shop\",\"station_exit\",\"other\"]"
     "},\"name\":{\"type\":\"string\"},\"grid\":{\"type\":\"string\"},\"compound\":{\"type"
     "\":\"integer\"},\"org\":{\"type\":\"integer\"},\"responsible\":{\"type\":\"string\"}"
     "}}"},
    {"QuarantineHousehold",
     "{\"type\":\"object\",\"required\":[\"kind\",\"from\"],\"additionalProperties\":"
     "false,\"properties\":{\"kind\":{\"type\":\"string\",\"enum\":[\"home\",\"central\"]},"
     "\"from\":{\"type\":\"string\",\"format\":\"date\"},\"until\":{\"type\":\"string\","
     "\"format\":\"date\"},\"facility\":{\"type\":\"string\"},\"follower\":{\"type\":\"st"
     "ring\"}}}"},
    {"QuarantineHouseholdCases",
     "{\"type\":\"object\",\"properties\":{\"cases\":{\"type\":\"array\",\"items\":{\"$r"
     "ef\":\"#/components/schemas/QuarantineCase\"}},\"skipped\":{\"type\":\"array\",\"ite"
     "ms\":{\"type\":\"integer\"}},\"tasks_generated\":{\"type\":\"integer\"}}}"},
    {"Org", "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"},\"name\":{\"type\""
            ":\"string\"},\"kind\":{\"type\":\"string\",\"enum\":[\"property\",\"owners\"]},\"st"
            "reet\":{\"type\":\"string\"},\"street_name\":{\"type\":\"string\"},\"compounds\":{\"t"
            "ype\":\"array\",\"items\":{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"in"
            "teger\"},\"name\":{\"type\":\"string\"},\"committee\":{\"type\":\"string\"}}}}}}"},
    {"OrgList",
     "{\"type\":\"object\",\"properties\":{\"items\":{\"type\":\"array\",\"items\":{\"$ref"
     "\":\"#/components/schemas/Org\"}},\"next\":{\"type\":\"string\",\"nullable\":true}"
     "}}"},
    {"OrgNew",
     "{\"type\":\"object\",\"required\":[\"name\",\"kind\",\"street\"],\"additionalPrope"
     "rties\":false,\"properties\":{\"name\":{\"type\":\"string\"},\"kind\":{\"type\":\"st"
     "ring\",\"enum\":[\"property\",\"owners\"]},\"street\":{\"type\":\"string\"}}}"},
    {"OrgCompound",
     "{\"type\":\"object\",\"required\":[\"compound\"],\"additionalProperties\":false,\"p"
     "roperties\":{\"compound\":{\"type\":\"integer\"}}}"},
    {"GridPerson",
     "{\"type\":\"object\",\"required\":[\"account\"],\"properties\":{\"grid\":{\"type\":\""
     "string\"},\"account\":{\"type\":\"string\",\"nullable\":true}}}"},
    {"CompoundGrid",
     "{\"type\":\"object\",\"additionalProperties\":false,\"properties\":{\"grid\":{\"type"
     "\":\"string\",\"nullable\":true},\"building\":{\"type\":\"integer\"}}}"},
};

static json_t *ref(const char *name)
{
    char r[128];

    snprintf(r, sizeof r, "#/components/schemas/%s", name);
    return json_pack("{s:s}", "$ref", r);
}

static int state_changing(const char *method)
{
    return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0;
}

/* "/api/v1/units/{code}" + "get" -> "get_api_v1_units_code" */
static void operation_id(const struct http_route *r, char *out, size_t size)
{
    size_t n = 0;

    for (const char *m = r->method; *m && n + 1 < size; m++)
        out[n++] = (char)(*m >= 'A' && *m <= 'Z' ? *m + 32 : *m);
    for (const char *p = r->pattern; *p && n + 1 < size; p++) {
        char c = *p;
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            out[n++] = c;
        else if (c == '/' || c == '.' || c == '-')
            out[n++] = '_';
    }
    out[n] = '\0';
}

static json_t *parameters(const struct http_route *r)
{
    json_t *arr = json_array();
    const char *p = r->pattern;

    while ((p = strchr(p, '{'))) {
        const char *e = strchr(p, '}');
        char name[32];
        if (!e)
            break;
        snprintf(name, sizeof name, "%.*s", (int)(e - p - 1), p + 1);
        json_array_append_new(arr, json_pack("{s:s, s:s, s:b, s:{s:s}}", "name", name, "in", "path",
                                             "required", 1, "schema", "type", "string"));
        p = e;
    }
    if (r->query && *r->query) {
        char buf[256], *save = NULL, *tok;
        snprintf(buf, sizeof buf, "%s", r->query);
        for (tok = strtok_r(buf, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
            char *colon = strchr(tok, ':');
            const char *type = "string";
            if (colon) {
                *colon = '\0';
                type = colon + 1;
            }
            json_array_append_new(arr, json_pack("{s:s, s:s, s:b, s:{s:s}}", "name", tok, "in",
                                                 "query", "required", 0, "schema", "type", type));
        }
    }
    return arr;
}

static json_t *operation(const struct http_route *r)
{
    char id[128], status[4] = "200";
    const char *resp = r->response;
    json_t *op, *responses = json_object();

    if (resp && strlen(resp) > 4 && resp[3] == ':') {
        memcpy(status, resp, 3);
        resp += 4;
    }
    operation_id(r, id, sizeof id);
    op = json_pack("{s:s, s:s, s:o}", "summary", r->summary ? r->summary : "", "operationId", id,
                   "parameters", parameters(r));
    if (resp)
        json_object_set_new(responses, status,
                            json_pack("{s:s, s:{s:{s:o}}}", "description", "OK", "content",
                                      "application/json", "schema", ref(resp)));
    else
        json_object_set_new(responses, status, json_pack("{s:s}", "description", "OK"));
    json_object_set_new(responses, "default",
                        json_pack("{s:s, s:{s:{s:o}}}", "description",
                                  "an error, with the field it is about", "content",
                                  "application/json", "schema", ref("Error")));
    json_object_set_new(op, "responses", responses);
    if (r->request)
        json_object_set_new(op, "requestBody",
                            json_pack("{s:b, s:{s:{s:o}}}", "required", 1, "content",
                                      "application/json", "schema", ref(r->request)));
    if (r->flags & HTTP_PUBLIC)
        json_object_set_new(op, "security", json_array());
    else if (state_changing(r->method))
        json_object_set_new(op, "security", json_pack("[{s:[], s:[]}]", "session", "csrf"));
    else
        json_object_set_new(op, "security", json_pack("[{s:[]}]", "session"));
    return op;
}

static char *document;
static size_t document_len;
static pthread_once_t document_once = PTHREAD_ONCE_INIT;

static void build(void)
{
    json_t *paths = json_object(), *comp = json_object(), *doc;

    for (const struct http_route *r = http_routes; r->method; r++) {
        json_t *item = json_object_get(paths, r->pattern);
        char m[16];
        size_t i;
        if (!item) {
            item = json_object();
            json_object_set_new(paths, r->pattern, item);
        }
        for (i = 0; r->method[i] && i + 1 < sizeof m; i++)
            m[i] = (char)(r->method[i] >= 'A' && r->method[i] <= 'Z' ? r->method[i] + 32
                                                                     : r->method[i]);
        m[i] = '\0';
        json_object_set_new(item, m, operation(r));
    }
    for (size_t i = 0; i < sizeof schemas / sizeof schemas[0]; i++) {
        json_t *s = json_loads(schemas[i].schema, 0, NULL);
        if (!s) { /* a typo in the table above: fail loudly in tests */
            fprintf(stderr, "cordon: openapi: schema %s is not valid JSON\n", schemas[i].name);
            s = json_object();
        }
        json_object_set_new(comp, schemas[i].name, s);
    }
    doc = json_pack(
        "{s:s, s:{s:s, s:s, s:s}, s:o, s:{s:o, s:{s:{s:s, s:s, s:s}, s:{s:s, s:s, s:s}}}}",
        "openapi", "3.0.3", "info", "title", "cordon", "version", CORDON_API_VERSION, "description",
        "Community epidemic-prevention platform. Log in with POST /api/v1/session; send the "
        "returned csrf as X-CSRF-Token on every POST, PUT, PATCH and DELETE.",
        "paths", paths, "components", "schemas", comp, "securitySchemes", "session", "type",
        "apiKey", "in", "cookie", "name", "cordon_session", "csrf", "type", "apiKey", "in",
        "header", "name", "X-CSRF-Token");
    document = json_dumps(doc, JSON_COMPACT);
    document_len = document ? strlen(document) : 0;
    json_decref(doc);
}

int h_openapi(struct http_request *req, struct http_response *res)
{
    (void)req;
    pthread_once(&document_once, build);
    if (!document)
        return http_reply_error(res, 500, "nomem", NULL, "out of memory");
    http_reply_text(res, 200, "application/json; charset=utf-8", document, document_len);
    return 0;
}
