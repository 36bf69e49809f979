-- Data Pipelines batches: POST /v1/batch of 15 calls (1 identify of a new user, 14 tracks of that user, each with
-- its own messageId), Basic auth with the default workspace's Pipelines key and an empty password.
function init(args)
  bench_args(args)
  wrk.method = "POST"
  wrk.headers["Authorization"] = "Basic Y2lvLWZha2UtcGlwZWxpbmVzLWtleTo="
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  local user = prefix .. "-" .. tid .. "-" .. counter
  local calls = { '{"type":"identify","userId":"' .. user .. '","traits":{"email":"' .. user ..
    '@example.com","plan":"pro"},"messageId":"' .. user .. '-0"}' }
  for i = 1, 14 do
    calls[#calls + 1] = '{"type":"track","userId":"' .. user .. '","event":"Item Viewed","properties":{"sku":"sku-' ..
      i .. '","price":' .. i .. '.5},"messageId":"' .. user .. '-' .. i .. '","timestamp":"2026-11-30T12:00:00Z"}'
  end
  local body = '{"batch":[' .. table.concat(calls, ",") .. '],"context":{"library":{"name":"cio-fake-bench"}}}'
  return wrk.format(nil, "/v1/batch", nil, body)
end
