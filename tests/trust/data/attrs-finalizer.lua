-- Item 1: a finalizer that adds keys to the attrs table while annotate is
-- reading it (the box for the attributes is allocated between two walks of
-- the table, and an allocation can run the collector). Trusted scripts may
-- have finalizers; sandboxed ones may not (see gc.sh).
local A = {}; for i = 1, 64 do A["k"..i] = "v" end
local mt = {__gc = function() for i = 1, 256 do A["x"..i] = "y" end end}
local ok, err
for n = 1, 20000 do
  setmetatable({}, mt)
  ok, err = pcall(doc.span(doc, 1, 1).annotate, doc:span(1, 1), {label = "x", attrs = A})
  if not ok then break end
  for i = 1, 256 do A["x"..i] = nil end
end
print(ok, err)
