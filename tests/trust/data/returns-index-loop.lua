-- Item 3: an __index that never returns, on the returned table and on a
-- document field: the first is never called; the second is ordinary Lua,
-- stopped by --max-instructions.
return setmetatable({document = function(doc) local t = setmetatable({}, {__index = function() while true do end end}); return t.x end},
                    {__index = function() while true do end end})
