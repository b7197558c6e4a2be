-- Stops wrk after N requests (the first script argument) in total.
local limit = 0
local sent = 0
function init(args) limit = tonumber(args[1]) or 100000 end
function request()
  sent = sent + 1
  if sent > limit then wrk.thread:stop() end
  return wrk.format("GET")
end
