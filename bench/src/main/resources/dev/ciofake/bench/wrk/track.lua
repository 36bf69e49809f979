-- Track events: POST /api/v1/customers/p{k}/events, a purchase with data and a timestamp in seconds, for the
-- preloaded people round robin.
function init(args)
  bench_args(args)
  wrk.method = "POST"
  wrk.headers["Authorization"] = "Basic Y2lvLWZha2Utc2l0ZTpjaW8tZmFrZS10cmFjay1rZXk="
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  local body = '{"name":"purchase","data":{"price":' .. (counter % 1000) .. '.5,"sku":"sku-' .. (counter % 500) ..
    '","currency":"USD"},"timestamp":' .. (1700000000 + counter % 1000000) .. '}'
  return wrk.format(nil, "/api/v1/customers/" .. bench_person() .. "/events", nil, body)
end
