-- wrk script for bench/api_bookings.sh: POST /api/v1/campaigns/{id}/bookings
-- with a distinct household each time (thread i books households FIRST_ID +
-- i, + i + THREADS, ...), so every request is a new durable booking.
-- Environment: COOKIE, CSRF, FIRST_ID, LAST_ID, CAMPAIGN, THREADS.
local cookie = os.getenv("COOKIE")
local csrf = os.getenv("CSRF")
local first = tonumber(os.getenv("FIRST_ID"))
local last = tonumber(os.getenv("LAST_ID"))
local campaign = os.getenv("CAMPAIGN")
local threads = tonumber(os.getenv("THREADS"))
local n = 0

function setup(thread)
  thread:set("id", n)
  n = n + 1
end

function init(args)
  wrk.method = "POST"
  wrk.headers["Cookie"] = "cordon_session=" .. cookie
  wrk.headers["X-CSRF-Token"] = csrf
  wrk.headers["Content-Type"] = "application/json"
  next_household = first + id
end

function request()
  local h = next_household
  next_household = next_household + threads
  if h > last then h = last end -- past the end: 409, counted as non-2xx
  return wrk.format(nil, "/api/v1/campaigns/" .. campaign .. "/bookings", nil,
                    '{"household":' .. h .. '}')
end

dofile("bench/wrk_report.lua")
wrk_report("bookings", 201)
