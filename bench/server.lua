-- wrk's script for bench/server.sh: every request is one of many users'
-- (their session cookies and CSRF tokens come from the file $SESSIONS, one
-- "TOKEN CSRF" line each, as the seeding program wrote them), rotating so
-- that no two requests in a row are the same user's.
--
--   MODE=agenda   GET / (the agenda page) only
--   MODE=mix      of every 10 requests: 8 GET /, 1 GET /applications/new
--                 (the record form), 1 POST /applications (an application
--                 recorded, with the user's CSRF token; the answer is a 303)
--   COOKIE        the session cookie's name (afterview_session in server mode)
--   HOST_HEADER   the Host every request names (the public address)
--   DELAY_MS      a pause before each connection's next request: with C
--                 connections, about C * 1000 / DELAY_MS requests a second
--
-- done() prints one line, "RESULT rps=… p50=… p99=… …", in milliseconds,
-- for the shell script to read.

local sessions = {}
for line in io.lines(os.getenv("SESSIONS")) do
  local token, csrf = line:match("^(%S+)%s+(%S+)")
  if token then
    sessions[#sessions + 1] = { token = token, csrf = csrf }
  end
end
local mode = os.getenv("MODE") or "agenda"
local cookie = os.getenv("COOKIE") or "afterview_session"
local host = os.getenv("HOST_HEADER")
local gap = tonumber(os.getenv("DELAY_MS") or "0")

local record = "&company=Bench+Co&role=Analyst&status=active&culture=unknown&region="
  .. "&first_contact=other&applied_on=&posting_url=&notes="

local threads = 0
function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

local n, offset = 0, 0
function init(args)
  -- Each thread starts at its own place in the list.
  offset = (wrk.thread:get("id") or 0) * 7919
end

function request()
  n = n + 1
  -- A stride coprime with most list lengths walks every user in turn.
  local s = sessions[(offset + n * 7) % #sessions + 1]
  local headers = { Cookie = cookie .. "=" .. s.token }
  if host then
    headers["Host"] = host
  end
  if mode == "mix" then
    local k = n % 10
    if k == 8 then
      return wrk.format("GET", "/applications/new", headers)
    elseif k == 9 then
      headers["Content-Type"] = "application/x-www-form-urlencoded"
      return wrk.format("POST", "/applications", headers, "csrf=" .. s.csrf .. record)
    end
  end
  return wrk.format("GET", "/", headers)
end

if gap > 0 then
  function delay()
    return gap
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT rps=%.1f p50=%.2f p90=%.2f p99=%.2f max=%.2f requests=%d socket_errors=%d status_errors=%d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, summary.requests, e.connect + e.read + e.write + e.timeout, e.status))
end
