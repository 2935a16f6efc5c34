-- wrk script for benchmarks/petition_load.py: a GET, or a form POST as a browser sends it.
--
-- wrk ... -s _petition_wrk.lua <url> -- MODE TAG [BODY COOKIE ORIGIN]
--   MODE   "get", or "post": the form fields in BODY (urlencoded, with the CSRF token and
--          the signed "started" stamp taken from one GET of the form) plus a unique
--          email per request, sent with the CSRF cookie and the page's Origin.
--   TAG    makes this run's emails differ from every other run's.
-- done() prints one line, "RESULT {json}", that the benchmark reads.

local threads = {}
local next_id = 1

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  mode, tag, body, cookie, origin = args[1], args[2], args[3], args[4], args[5]
  sent, s2xx, s3xx, other = 0, 0, 0, 0
  sample = ""
  if mode == "post" then
    wrk.method = "POST"
    wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
    wrk.headers["Cookie"] = cookie
    wrk.headers["Origin"] = origin
  end
end

function request()
  if mode ~= "post" then
    return wrk.format()
  end
  sent = sent + 1
  -- Unique per thread and per request: "load-TAG-THREAD-N@example.org".
  local email = string.format("load-%s-%d-%d%%40example.org", tag, id, sent)
  return wrk.format(nil, nil, nil, body .. "&email=" .. email)
end

function response(status, headers, response_body)
  if status >= 200 and status < 300 then
    s2xx = s2xx + 1
  elseif status >= 300 and status < 400 then
    s3xx = s3xx + 1
  else
    other = other + 1
    if sample == "" then
      sample = status .. " " .. string.sub(response_body or "", 1, 200)
    end
  end
end

local function quote(text)
  return '"' .. string.gsub(text, '[%c"\\]', " ") .. '"'
end

function done(summary, latency, requests)
  local s2, s3, bad, samples = 0, 0, 0, ""
  for _, thread in ipairs(threads) do
    s2 = s2 + thread:get("s2xx")
    s3 = s3 + thread:get("s3xx")
    bad = bad + thread:get("other")
    local one = thread:get("sample")
    if samples == "" and one ~= "" then
      samples = one
    end
  end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "s2xx": %d, "s3xx": %d, "other": %d, '
      .. '"connect": %d, "read": %d, "write": %d, "timeout": %d, '
      .. '"p50_us": %d, "p95_us": %d, "p99_us": %d, "max_us": %d, "sample": %s}\n',
    summary.requests, summary.duration, s2, s3, bad,
    e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max,
    quote(samples)
  ))
end
