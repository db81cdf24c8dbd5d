-- wrk script for bench/api_entries.sh: POST /api/v1/places/{id}/entries,
-- each request a different worker (a document number from a per-thread
-- counter, so every entry is counted and none is answered "counted
-- before"), one in fifty with a fever. Environment: COOKIE, CSRF, PLACE.
local cookie = os.getenv("COOKIE")
local csrf = os.getenv("CSRF")
local path = "/api/v1/places/" .. os.getenv("PLACE") .. "/entries"
local threads = 0
local bad = 0
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

function response(status, headers, body)
  if status ~= 201 then
    bad = bad + 1
    if bad <= 3 then
      io.stderr:write("status " .. status .. ": " .. body .. "\n")
    end
  end
end

function done(summary, latency, requests)
  local errs = summary.errors
  io.write(string.format("entries %d in %.2f s: %.0f/s, non-2xx %d, socket errors %d, " ..
                         "latency p50 %.2f ms p99 %.2f ms\n",
                         summary.requests, summary.duration / 1e6,
                         summary.requests / (summary.duration / 1e6), summary.errors.status,
                         errs.connect + errs.read + errs.write + errs.timeout,
                         latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
