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
local bad = 0
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
  bad = 0
end

function request()
  local h = next_household
  next_household = next_household + threads
  if h > last then h = last end -- past the end: 409, counted as non-2xx
  return wrk.format(nil, "/api/v1/campaigns/" .. campaign .. "/bookings", nil,
                    '{"household":' .. h .. '}')
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
  io.write(string.format("bookings %d in %.2f s: %.0f/s, non-2xx %d, socket errors %d, " ..
                         "latency p50 %.2f ms p99 %.2f ms\n",
                         summary.requests, summary.duration / 1e6,
                         summary.requests / (summary.duration / 1e6), summary.errors.status,
                         errs.connect + errs.read + errs.write + errs.timeout,
                         latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
