-- One wrk script for every benchmarked call (bench/run.py sets it up through the environment).
--   BENCH_METHOD   GET or POST
--   BENCH_PATH     the request path; "{id}" is replaced by the next id of BENCH_IDS
--   BENCH_IDS      file of ids, one a line (optional): replicateBackup walks it so that every
--                  call names a fresh backup and so succeeds and writes
--   BENCH_WRAP     "1": start the ids again when they run out (servers that keep no state);
--                  otherwise a thread that runs out reuses its last id, which the emulator
--                  refuses (BackupService.1009), so an undersized pool shows as non-2xx
--   BENCH_THREADS  wrk's -t (each thread takes every BENCH_THREADS-th id)
--   BENCH_BODY     request body (optional); BENCH_TOKEN the X-Auth-Token
-- Every response's status is counted; done() prints one line "BENCH_RESULT <json>".

local method = os.getenv("BENCH_METHOD") or "GET"
local template = os.getenv("BENCH_PATH") or "/"
local ids_file = os.getenv("BENCH_IDS")
local wrap = os.getenv("BENCH_WRAP") == "1"
local body = os.getenv("BENCH_BODY")
local token = os.getenv("BENCH_TOKEN")

local thread_total = tonumber(os.getenv("BENCH_THREADS") or "1")
local threads = {}

-- wrk starts each thread right after its setup(), so the total comes from the environment.
function setup(thread)
  thread:set("thread_index", #threads)
  table.insert(threads, thread)
end

local requests = {}
local request_count = 0
local cursor = 0
statuses = {}
exhausted = 0

function init(args)
  local headers = { ["Content-Type"] = "application/json" }
  if token then
    headers["X-Auth-Token"] = token
  end
  local index = thread_index or 0
  local total = thread_total
  if ids_file and string.find(template, "{id}", 1, true) then
    -- Each thread takes every total-th id, so threads never share one.
    local line_no = 0
    for id in io.lines(ids_file) do
      if line_no % total == index and id ~= "" then
        local path = string.gsub(template, "{id}", id, 1)
        request_count = request_count + 1
        requests[request_count] = wrk.format(method, path, headers, body)
      end
      line_no = line_no + 1
    end
  end
  if request_count == 0 then
    request_count = 1
    requests[1] = wrk.format(method, template, headers, body)
    wrap = true
  end
end

function request()
  cursor = cursor + 1
  if cursor > request_count then
    if wrap then
      cursor = 1
    else
      cursor = request_count
      exhausted = exhausted + 1
    end
  end
  return requests[cursor]
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

local function json_statuses(all)
  local parts = {}
  for status, count in pairs(all) do
    table.insert(parts, string.format('"%d":%d', status, count))
  end
  return "{" .. table.concat(parts, ",") .. "}"
end

function done(summary, latency, requests_stats)
  local all = {}
  local ran_out = 0
  for _, t in ipairs(threads) do
    for status, count in pairs(t:get("statuses")) do
      all[status] = (all[status] or 0) + count
    end
    ran_out = ran_out + t:get("exhausted")
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests":%d,"duration_us":%d,"bytes":%d,' ..
      '"latency_us":{"p50":%d,"p75":%d,"p90":%d,"p99":%d,"max":%d,"mean":%.1f},' ..
      '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
      '"statuses":%s,"ids_exhausted":%d}\n',
    summary.requests, summary.duration, summary.bytes,
    latency:percentile(50), latency:percentile(75), latency:percentile(90),
    latency:percentile(99), latency.max, latency.mean,
    e.connect, e.read, e.write, e.status, e.timeout,
    json_statuses(all), ran_out))
end
