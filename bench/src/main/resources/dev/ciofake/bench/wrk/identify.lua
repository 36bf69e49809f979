-- Track identifies: PUT /api/v1/customers/{id}, Basic auth with the default workspace's Track key. With people = 0
-- every id is new; otherwise the ids of the preloaded people, round robin.
function init(args)
  bench_args(args)
  wrk.method = "PUT"
  wrk.headers["Authorization"] = "Basic Y2lvLWZha2Utc2l0ZTpjaW8tZmFrZS10cmFjay1rZXk="
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  counter = counter + 1
  local id
  if people > 0 then id = bench_person() else id = prefix .. "-" .. tid .. "-" .. counter end
  local body = '{"email":"' .. id .. '@example.com","created_at":' .. (1700000000 + counter) ..
    ',"first_name":"Ada","last_name":"Lovelace","plan":"pro","logins":' .. counter .. ',"newsletter":true}'
  return wrk.format(nil, "/api/v1/customers/" .. id, nil, body)
end
