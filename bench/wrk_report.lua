-- What the wrk scripts of bench/ share: counting the answers that are not
-- the expected status (the first three printed to stderr) and the one
-- summary line the shell scripts and bench/city.py parse:
--   LABEL N in S s: R/s, non-2xx K, socket errors E, latency p50 A ms p99 B ms
-- A script loads it with dofile("bench/wrk_report.lua") (wrk runs from the
-- repository's root) and calls wrk_report(LABEL, EXPECTED_STATUS), which
-- defines wrk's response() and done() callbacks.
function wrk_report(label, expected)
  local bad = 0

  function response(status, headers, body)
    if status ~= expected then
      bad = bad + 1
      if bad <= 3 then
        io.stderr:write("status " .. status .. ": " .. body .. "\n")
      end
    end
  end

  function done(summary, latency, requests)
    local errs = summary.errors
    io.write(string.format("%s %d in %.2f s: %.0f/s, non-2xx %d, socket errors %d, " ..
                           "latency p50 %.2f ms p99 %.2f ms\n",
                           label, summary.requests, summary.duration / 1e6,
                           summary.requests / (summary.duration / 1e6), errs.status,
                           errs.connect + errs.read + errs.write + errs.timeout,
                           latency:percentile(50) / 1000, latency:percentile(99) / 1000))
  end
end
