-- wrk script for the load benchmark: POST /predict with the corpus' texts, one text per
-- request, each wrk thread walking the corpus from its own offset.
--
--   wrk -s predict.lua <url> -- <corpus file> <model>[,<model>...] [zipf exponent]
--
-- With several models and an exponent s, each request picks model k (1-based, in the order
-- given) with probability proportional to 1 / k^s (seeded, so runs repeat).
-- done() prints one "RESULT key=value ..." line that bench/load.sh reads.

local bodies = {}
local models = {}
local weights = {}
local index = 1
local threads = {}

local function escape(s)
  return (s:gsub("\\", "\\\\"):gsub('"', '\\"'))
end

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  local corpus, names, exponent = args[1], args[2], tonumber(args[3] or "0")
  for name in names:gmatch("[^,]+") do
    table.insert(models, name)
  end
  local total = 0
  for k = 1, #models do
    total = total + 1 / (k ^ exponent)
    weights[k] = total
  end
  for k = 1, #models do
    weights[k] = weights[k] / total
  end
  for line in io.lines(corpus) do
    table.insert(bodies, escape(line))
  end
  index = (id * 137) % #bodies + 1
  math.randomseed(1000 + id)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  if os.getenv("LOAD_API_KEY") then
    wrk.headers["X-API-Key"] = os.getenv("LOAD_API_KEY")
  end
end

local function model()
  if #models == 1 then
    return models[1]
  end
  local r = math.random()
  for k = 1, #models do
    if r <= weights[k] then
      return models[k]
    end
  end
  return models[#models]
end

function request()
  local text = bodies[index]
  index = index % #bodies + 1
  return wrk.format(nil, "/predict", nil,
    '{"text":"' .. text .. '","model_name":"' .. model() .. '"}')
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d seconds=%.2f rps=%.1f p50_ms=%.3f p95_ms=%.3f p99_ms=%.3f" ..
    " non2xx=%d connect_errors=%d read_errors=%d write_errors=%d timeouts=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    e.status, e.connect, e.read, e.write, e.timeout))
end
