-- wrk script: correct sign-ins spread over 32 accounts (bench01..bench32), so that concurrent
-- requests rarely hit one account: more than five simultaneous attempts on one account are
-- throttled by design (each is counted as a failure until its password is verified).
local threads = {}
function setup(thread)
  thread:set("offset", #threads * 16)
  table.insert(threads, thread)
end
local counter = 0
function request()
  counter = counter + 1
  local n = ((offset or 0) + counter) % 32 + 1
  local body = string.format('{"email":"bench%02d@picap.example.org","password":"bench account passphrase"}', n)
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, body)
end
