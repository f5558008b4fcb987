-- Item 3: the table a script returns has an __index that errors: glossa
-- reads the table without metamethods, so this is a table without
-- functions (nothing to run), not a Lua panic.
return setmetatable({}, {__index = function() error("boom") end})
