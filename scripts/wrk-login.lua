-- A login storm for wrk: each thread (run with -c equal to -t, so one connection per
-- thread) loops GET /login (new session, CSRF token) then POST /login with the right
-- password, as a browser does. The second script argument is the password, the first
-- the username. Successful logins answer 303; anything else counts as an error.
local user, password = "jsmith", ""
local cookie, token = nil, nil
local posting = false
-- Globals, so that done() can read them from every thread.
ok, failed = 0, 0
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  user = args[1] or user
  password = args[2] or password
end

local function urlencode(s)
  return (s:gsub("[^%w%-_%.~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function request()
  if posting and token and cookie then
    local body = "username=" .. urlencode(user) .. "&password=" .. urlencode(password)
      .. "&csrf_token=" .. urlencode(token)
    return wrk.format("POST", "/login", {
      ["Cookie"] = cookie,
      ["Content-Type"] = "application/x-www-form-urlencoded",
    }, body)
  end
  posting = false
  return wrk.format("GET", "/login")
end

function response(status, headers, body)
  if posting then
    if status == 303 then ok = ok + 1 else failed = failed + 1 end
    posting = false
    cookie, token = nil, nil
    return
  end
  local set = headers["Set-Cookie"] or headers["set-cookie"]
  cookie = set and set:match("^([^;]+)")
  token = body:match('name="csrf_token" value="([^"]+)"')
  posting = cookie ~= nil and token ~= nil
  if not posting then failed = failed + 1 end
end

function done(summary, latency, requests)
  local total_ok, total_failed = 0, 0
  for _, t in ipairs(threads) do
    total_ok = total_ok + (t:get("ok") or 0)
    total_failed = total_failed + (t:get("failed") or 0)
  end
  io.write(string.format("logins_ok %d\nlogins_failed %d\n", total_ok, total_failed))
end
