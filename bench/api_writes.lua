-- wrk script for bench/api_writes.sh: POST /api/v1/residents/{id}/facts
-- with a random resident of the committee and a health value that flips,
-- so most writes change the colour (counts at five levels, history, audit).
-- Environment: COOKIE, CSRF, FIRST_ID, LAST_ID.
local cookie = os.getenv("COOKIE")
local csrf = os.getenv("CSRF")
local first = tonumber(os.getenv("FIRST_ID"))
local last = tonumber(os.getenv("LAST_ID"))
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
end

local health = {'{"health":"fever"}', '{"health":"normal"}'}

function request()
  local rid = math.random(first, last)
  return wrk.format(nil, "/api/v1/residents/" .. rid .. "/facts", nil, health[math.random(1, 2)])
end

dofile("bench/wrk_report.lua")
wrk_report("writes", 200)
