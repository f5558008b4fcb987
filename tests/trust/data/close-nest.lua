-- Item 2: 20 000 coroutines, each closing the previous one from a <close>
-- handler (Lua 5.4.4 does not count this nesting: C stack overflow).
local prev
for i = 1, 20000 do
  local p = prev
  local co = coroutine.create(function()
    local x <close> = setmetatable({}, {__close = function() if p then local ok, e = coroutine.close(p); if not ok then error(e, 0) end end end})
    coroutine.yield()
  end)
  coroutine.resume(co)
  prev = co
end
print(coroutine.close(prev))
-- the same through coroutine.wrap: a wrapped coroutine that fails closes
-- itself, running its handlers, which call the next wrapped one
local function chain(n)
  return coroutine.wrap(function()
    local x <close> = setmetatable({}, {__close = function() if n > 0 then chain(n - 1)() end end})
    error("fail " .. n)
  end)
end
print(pcall(chain(20000)))
-- ordinary use still works
local gen = coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i) end end)
print(gen(), gen(), gen())
local co = coroutine.create(function() local x <close> = setmetatable({}, {__close = function() print("closed") end}); coroutine.yield() end)
coroutine.resume(co)
print(coroutine.close(co))
