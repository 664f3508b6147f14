-- wrk script of `swarm bench external` (dev.swarm.node.bench.Wrk).
-- With a directory argument (wrk ... -s wrk-ingest.lua URL -- DIR), each wrk thread posts the
-- pre-signed bodies of DIR/bodies-N.txt (one JSON body a line, N the thread's number) in order,
-- each exactly once, and keeps the message_id of every body answered 200. When a thread runs out of
-- bodies it stops (and the run says so: the duration was too long for the bodies given). Without an
-- argument it sends wrk's own request (a GET of the URL). At the end it prints one JSON line.

local threads = {}
local count = 0

function setup(thread)
  thread:set("id", count)
  table.insert(threads, thread)
  count = count + 1
end

function init(args)
  bodies = {}
  answered = {}
  next_body = 1
  ok = 0
  refused = 0
  exhausted = 0
  posting = args[1] ~= nil
  if posting then
    for line in io.lines(args[1] .. "/bodies-" .. id .. ".txt") do
      bodies[#bodies + 1] = line
    end
  end
  headers = { ["Content-Type"] = "application/json", ["X-Swarm-Protocol"] = "0.1.0" }
end

function request()
  if not posting then
    return wrk.format("GET")
  end
  if next_body > #bodies then
    exhausted = 1
    wrk.thread:stop()
    return wrk.format("GET")
  end
  local body = bodies[next_body]
  next_body = next_body + 1
  return wrk.format("POST", nil, headers, body)
end

function response(status, headers, body)
  if status == 200 then
    ok = ok + 1
    if posting then
      local id = string.match(body, '"message_id":"([^"]+)"')
      if id then
        answered[#answered + 1] = id
      end
    end
  else
    refused = refused + 1
  end
end

function done(summary, latency, requests)
  local total_ok, total_refused, total_exhausted = 0, 0, 0
  local out = nil
  if os.getenv("SWARM_WRK_ANSWERED") then
    out = io.open(os.getenv("SWARM_WRK_ANSWERED"), "w")
  end
  for _, thread in ipairs(threads) do
    total_ok = total_ok + thread:get("ok")
    total_refused = total_refused + thread:get("refused")
    total_exhausted = total_exhausted + thread:get("exhausted")
    if out then
      for _, id in ipairs(thread:get("answered")) do
        out:write(id, "\n")
      end
    end
  end
  if out then
    out:close()
  end
  local e = summary.errors
  io.write(string.format('SWARM-WRK {"seconds":%.6f,"requests":%d,"ok":%d,"refused":%d,"exhausted_threads":%d,'
    .. '"connect_errors":%d,"read_errors":%d,"write_errors":%d,"timeouts":%d,'
    .. '"p50_ms":%.3f,"p99_ms":%.3f,"max_ms":%.3f}\n',
    summary.duration / 1e6, summary.requests, total_ok, total_refused, total_exhausted,
    e.connect, e.read, e.write, e.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
