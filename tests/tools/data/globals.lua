-- Globals: assignments to names nobody declared, and a misspelt local.
local count = 0
total = 0                       -- undeclared global
for s in doc:sentences() do
  cuont = count + 1             -- meant the local count
  local n = #s
  total = total + n             -- the same global: warned once
end
function helper(x) return x end -- a global function
local function ok(y) return y end
local t = {}
function t.method() end         -- a field of a local: fine
prnt(ok(helper(1)), t, tostring(total))  -- prnt is nobody's
