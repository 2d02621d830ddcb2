-- wrk script: POST one JSON body (file named by the first argument) to the URL, each request
-- with its own Idempotency-Key, as a well-behaved API client sends.
--   wrk -t2 -c16 -d20s --latency -s bench/web/post.lua URL -- BODY_FILE KEY_PREFIX
local threads = 0
local counter = 0
local prefix = "bench"
local body = ""

function setup(thread)
  threads = threads + 1
  thread:set("thread_id", threads)
end

function init(args)
  local file = assert(io.open(args[1], "rb"))
  body = file:read("*a")
  file:close()
  prefix = string.format("%s-%d", args[2] or "bench", thread_id or 0)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  wrk.headers["Idempotency-Key"] = prefix .. "-" .. counter
  return wrk.format(nil, nil, nil, body)
end
