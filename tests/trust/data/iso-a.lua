-- Item 11: script A tries to change what script B sees.
shared_secret = "from A"
print("A: string.upper", pcall(function() string.upper = function() return "HACKED" end end))
print("A: glossa.count", pcall(function() glossa.count = function() end end))
print("A: glossa.args", pcall(function() glossa.args.mode = "A" end))
print("A: table.insert", pcall(function() rawset(table, "insert", print) end))
print("A: _G.x", pcall(function() _G.tostring = function() return "HACKED" end end))
print("A: string metatable", getmetatable(""))
print("A: file metatable", getmetatable(io.open("samples/trump-putin-call.txt")))
return function(doc) end
