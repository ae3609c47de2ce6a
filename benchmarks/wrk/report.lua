-- Prints wrk's totals and the latencies it measured (microseconds) as one machine-readable line for the load harness.
--
-- Before done() runs, wrk 4 adds made-up samples to its latency histogram, a correction for coordinated omission
-- meant for a load sent at a fixed rate (stats_correct in wrk's stats.c): with E the run's mean interval between two
-- requests on one connection, every sample of n >= 2E microseconds gets copies at n - E, n - 2E, ... while above E.
-- This load is a closed loop, where a slow response delays the next request by design, so the copies describe
-- requests that were never sent: with 16 connections they nearly doubled the mean and put the median 60% above
-- the measured one, by a different amount for each server. The harness reports what was measured: the copies are
-- taken out again here. wrk's own figures stay in its printed output and as corrected_* below. Set WRK_CONNECTIONS
-- to wrk's -c: E depends on it.
done = function(summary, latency, requests)
  local connections = tonumber(os.getenv("WRK_CONNECTIONS"))
  if not connections then
    error("report.lua: set WRK_CONNECTIONS to wrk's -c (the connection count)")
  end
  local per_connection = math.floor(summary.requests / connections)
  local interval = per_connection > 0 and math.floor(summary.duration / per_connection) or math.huge

  -- This wrk's Lua sees the corrected histogram only through percentile(p), which is enough: the share of wrk's
  -- samples at or below t is the largest p with percentile(p) <= t, found by bisection.
  local shares = {}
  local function corrected_share(t)
    if shares[t] == nil then
      local low, high = 0, 100
      for _ = 1, 50 do
        local p = (low + high) / 2
        if latency:percentile(p) <= t then low = p else high = p end
      end
      shares[t] = low / 100
    end
    return shares[t]
  end
  -- With D the corrected counts and R the measured ones: copies land only above E, and a bucket m > E holds its own
  -- samples and one copy of each sample at m + E, m + 2E, ..., so R(m) = D(m) - D(m + E). Summed, the measured
  -- samples above t >= E are the corrected ones in (t, t + E], and all of them are the corrected ones up to 2E.
  local measured_total = corrected_share(2 * interval)
  local function measured_share(t)
    if t <= interval then
      return corrected_share(t) / measured_total
    end
    return 1 - (corrected_share(t + interval) - corrected_share(t)) / measured_total
  end
  local function percentile(p)
    local low, high = latency.min, latency.max
    if low > high then
      return 0 -- no response at all
    end
    while low < high do
      local t = math.floor((low + high) / 2)
      -- the shares come from bisection, so allow for their last bits
      if measured_share(t) >= p / 100 - 1e-12 then high = t else low = t + 1 end
    end
    return low
  end

  local e = summary.errors
  io.write(string.format(
    "WRK_RESULT requests=%d duration_us=%d bytes=%d connect_errors=%d read_errors=%d write_errors=%d " ..
    "status_errors=%d timeouts=%d p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d " ..
    "corrected_p50_us=%d corrected_p99_us=%d corrected_mean_us=%.1f\n",
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    percentile(50), percentile(90), percentile(99), percentile(99.9), latency.max,
    latency:percentile(50), latency:percentile(99), latency.mean))
end
