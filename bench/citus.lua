-- wrk script for bench/citus.sh: requests by several committee accounts,
-- each request by one of them drawn at random, so that the load spreads
-- over committees of every district (on Citus: over the shards).
-- Environment: ACCOUNTS (a file of lines "cookie csrf first_id last_id
-- committee_code", one per logged-in committee account), MODE:
--   writes     POST /api/v1/residents/{id}/facts, a random resident of the
--              account's committee, health flipping (as bench/api_writes.lua)
--   dashboard  GET /api/v1/units/{committee}/dashboard of the account's own
--              committee (the page a committee opens first)
local mode = os.getenv("MODE")
local accounts = {}
local n = 0

function setup(thread)
  thread:set("id", n)
  n = n + 1
end

function init(args)
  math.randomseed(os.time() + id)
  for line in io.lines(os.getenv("ACCOUNTS")) do
    local c, x, f, l, u = line:match("^(%S+) (%S+) (%d+) (%d+) (%d+)$")
    if c then
      accounts[#accounts + 1] = {cookie = "cordon_session=" .. c, csrf = x,
                                 first = tonumber(f), last = tonumber(l), unit = u}
    end
  end
end

local health = {'{"health":"fever"}', '{"health":"normal"}'}

function request()
  local a = accounts[math.random(1, #accounts)]
  if mode == "writes" then
    return wrk.format("POST", "/api/v1/residents/" .. math.random(a.first, a.last) .. "/facts",
                      {["Cookie"] = a.cookie, ["X-CSRF-Token"] = a.csrf,
                       ["Content-Type"] = "application/json"},
                      health[math.random(1, 2)])
  end
  return wrk.format("GET", "/api/v1/units/" .. a.unit .. "/dashboard", {["Cookie"] = a.cookie})
end

dofile("bench/wrk_report.lua")
wrk_report(mode, 200)
