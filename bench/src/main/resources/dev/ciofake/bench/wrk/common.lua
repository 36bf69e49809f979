-- Shared by the bench's wrk scripts (prepended to each): per-thread numbering and the machine-readable summary
-- line that the bench parses. Arguments after "--": prefix, people (0: every id unique).
local threads = {}
local nthreads = 1

function setup(thread)
  thread:set("tid", #threads)
  table.insert(threads, thread)
  nthreads = #threads
end

counter = 0

function bench_args(args)
  prefix = args[1] or "r"
  people = tonumber(args[2] or "0")
  nthreads = tonumber(args[3] or "1")
end

-- the k-th person of the preloaded ones ("p0" .. "p<people-1>"), spread over the threads
function bench_person()
  return "p" .. ((counter * nthreads + tid) % people)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH requests=%d duration_us=%d non2xx=%d errors=%d p50_us=%d p99_us=%d p999_us=%d max_us=%d\n",
    summary.requests, summary.duration, e.status, e.connect + e.read + e.write + e.timeout,
    latency:percentile(50.0), latency:percentile(99.0), latency:percentile(99.9), latency.max))
end
