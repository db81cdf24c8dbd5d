-- wrk script for bench/api_entries.sh: POST /api/v1/places/{id}/entries,
-- each request a different worker (a document number from a per-thread
-- counter, so every entry is counted and none is answered "counted
-- before"), one in fifty with a fever. Environment: COOKIE, CSRF, PLACE.
local cookie = os.getenv("COOKIE")
local csrf = os.getenv("CSRF")
local path = "/api/v1/places/" .. os.getenv("PLACE") .. "/entries"
local threads = 0
local counter = 0

function setup(thread)
  thread:set("tid", threads)
  threads = threads + 1
end

function init(args)
  wrk.method = "POST"
  wrk.headers["Cookie"] = "cordon_session=" .. cookie
  wrk.headers["X-CSRF-Token"] = csrf
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  local temp = (counter % 50 == 0) and "37.8" or "36.5"
  local body = string.format('{"worker":"W%02d%010d","temperature":%s}', tid, counter, temp)
  return wrk.format(nil, path, nil, body)
end

dofile("bench/wrk_report.lua")
wrk_report("entries", 201)
