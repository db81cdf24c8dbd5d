/*
 * GET /api/v1/resolve?address=…: what the checkpoint screening makes of a
 * destination address — the deepest unit it names, the text below it, and
 * the compound, building, unit and room read there (app/units/resolve.h). The
 * index is the process-wide one, shared by every worker thread.
 */
#include "http/http.h"

#include "app/units/resolve.h"

#include <string.h>

int h_resolve(struct http_request *req, struct http_response *res)
{
    const char *address = http_query(req, "address");
    struct resolution r;
    struct app_error err;
    json_t *j;
    int rc;

    if (!address)
        return http_reply_error(res, 400, "missing", "address",
                                "give the address to resolve: ?address=…");
    rc = resolve_address(req->db, address, strlen(address), &r, &err);
    switch (rc) {
    case 0:
        break;
    case RESOLVE_E_EMPTY:
        return http_reply_error(res, 400, "empty", "address", "%s", err.message);
    case RESOLVE_E_TOOLONG:
        return http_reply_error(res, 400, "too_long", "address", "%s", err.message);
    case RESOLVE_E_UTF8:
        return http_reply_error(res, 400, "bad_encoding", "address", "%s", err.message);
    case RESOLVE_E_NOCITY:
        return http_reply_error(res, 503, "no_city", NULL, "%s", err.message);
    default:
        return http_reply_error(res, 500, "internal", NULL, "%s", err.message);
    }
    if (!(j = resolution_json(&r)))
        return http_reply_error(res, 500, "internal", NULL, "out of memory");
    http_reply_json(res, 200, j);
    return 0;
}
