-- wrk script for bench/api_writes.sh: POST /api/v1/residents/{id}/facts
-- with a random resident of the committee and a health value that flips,
-- so most writes change the colour (counts at five levels, history, audit).
-- Environment: COOKIE, CSRF, FIRST_ID, LAST_ID.
local cookie = os.getenv("COOKIE")
local csrf = os.getenv("CSRF")
local first = tonumber(os.getenv("FIRST_ID"))
local last = tonumber(os.getenv("LAST_ID"))
local bad = 0
local n = 0

function setup(thread)
  thread:set("id", n)
  n = n + 1
end

function init(args)
  math.randomseed(os.time() + id)
  wrk.method = "POST"
  wrk.headers["Cookie"] = "cordon_session=" .. cookie
  wrk.headers["X-CSRF-Token"] = csrf
  wrk.headers["Content-Type"] = "application/json"
  bad = 0
end

local health = {'{"health":"fever"}', '{"health":"normal"}'}

function request()
  local rid = math.random(first, last)
  return wrk.format(nil, "/api/v1/residents/" .. rid .. "/facts", nil, health[math.random(1, 2)])
end

function response(status, headers, body)
  if status ~= 200 then
    bad = bad + 1
    if bad <= 3 then
      io.stderr:write("status " .. status .. ": " .. body .. "\n")
    end
  end
end

function done(summary, latency, requests)
  local errs = summary.errors
  io.write(string.format("writes %d in %.2f s: %.0f/s, non-2xx %d, socket errors %d, " ..
                         "latency p50 %.2f ms p99 %.2f ms\n",
                         summary.requests, summary.duration / 1e6,
                         summary.requests / (summary.duration / 1e6), summary.errors.status,
                         errs.connect + errs.read + errs.write + errs.timeout,
                         latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
