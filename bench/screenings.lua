-- wrk script for bench/api_screenings.sh: POST /api/v1/screenings, each
-- request a different traveller (a valid mainland ID number built from a
-- per-thread counter, so no two requests are the same person on the same
-- day and none is answered as a duplicate), going to one of a few
-- destinations (a committee's compound, a street, outside the city), one in
-- twenty with a fever. Environment: COOKIE, CSRF.
local cookie = os.getenv("COOKIE")
local csrf = os.getenv("CSRF")
local threads = 0
-- COUNTER_FROM (optional): where the travellers' numbers start, so that a
-- second run on the same database screens new travellers.
local counter = tonumber(os.getenv("COUNTER_FROM") or "0")

local weights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}
local checks = "10X98765432"
local destinations = {
  "长宁区江苏路街道岐山村12号601室", "长宁区江苏路480弄3号301室", "江苏路街道岐山村2号201",
  "长宁区长宁路1000号", "北京市朝阳区建国路88号", "静安区南京西路街道",
}

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

local function id_number(n)
  -- Region 4201xx per thread, a birth date from 1950 on, a 3-digit sequence.
  local region = string.format("42%04d", 100 + tid)
  local birth = os.date("!%Y%m%d", -631152000 + math.floor(n / 1000) * 86400)
  local body = region .. birth .. string.format("%03d", n % 1000)
  local s = 0
  for i = 1, 17 do
    s = s + tonumber(body:sub(i, i)) * weights[i]
  end
  local k = (s % 11) + 1
  return body .. checks:sub(k, k)
end

function request()
  counter = counter + 1
  local temp = (counter % 20 == 0) and "38.1" or "36.6"
  local body = string.format('{"document":"%s","name":"旅客%d","origin":"湖北武汉",' ..
                             '"travel":"G%d","destination":"%s","temperature":%s}',
                             id_number(counter), counter, 1000 + counter % 9000,
                             destinations[counter % #destinations + 1], temp)
  return wrk.format(nil, "/api/v1/screenings", nil, body)
end

dofile("bench/wrk_report.lua")
wrk_report("screenings", 201)
