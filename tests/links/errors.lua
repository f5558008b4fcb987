-- errors.lua: every error of links and corrections, under pcall; prints
-- each message (to stderr). Run on two documents: an annotation kept from
-- the first is used on the second.
local kept
local function try(what, f, ...)
  local ok, err = pcall(f, ...)
  print(what .. ": " .. (ok and "no error" or tostring(err)))
end

return function(doc)
  local s = doc:find("Putin")[1]
  local a = s:annotate{label = "person"}
  try("remove", a.remove, a)
  try("remove twice", a.remove, a)
  try("set removed", a.set, a, {note = "x"})
  try("link removed", s.annotate, s, {label = "x", links = {speaker = a}})
  local b = s:annotate{label = "person"}
  local r = glossa.rule{{ann = "person", as = "who"}}
  local m = doc:match(r)[1]
  b:remove()
  try("link span of removed", s.annotate, s, {label = "x", links = {speaker = m:capture("who")}})
  try("links number", s.annotate, s, {label = "x", links = {speaker = 3}})
  try("links string", s.annotate, s, {label = "x", links = {speaker = "Trump"}})
  try("links table", s.annotate, s, {label = "x", links = {speaker = {}}})
  try("links not a table", s.annotate, s, {label = "x", links = "speaker"})
  try("links positional", s.annotate, s, {label = "x", links = {s}})
  try("role digit", s.annotate, s, {label = "x", links = {["1st"] = s}})
  try("role space", s.annotate, s, {label = "x", links = {["said by"] = s}})
  try("role empty", s.annotate, s, {label = "x", links = {[""] = s}})
  try("role dash first", s.annotate, s, {label = "x", links = {["-x"] = s}})
  try("role with - and _", s.annotate, s, {label = "x", links = {["_Said_by-2"] = s}})
  local c = s:annotate{label = "person"}
  try("set label", c.set, c, {label = "x"})
  try("set positional", c.set, c, {"x"})
  try("set note number", c.set, c, {note = 1})
  try("set note true", c.set, c, {note = true})
  try("set attrs string", c.set, c, {attrs = "x"})
  try("set attrs value", c.set, c, {attrs = {k = {}}})
  try("set attrs key", c.set, c, {attrs = {"x"}})
  try("set not a table", function() return c:set("x") end)
  try("unknown annotate field", s.annotate, s, {label = "x", link = {}})
  -- nothing was added by the failed calls
  local ids = {}
  for x in doc:annotations() do ids[#ids + 1] = x.id .. " " .. x.label end
  print("annotations: " .. table.concat(ids, ", "))
  if kept then
    try("annotation of another document", s.annotate, s, {label = "x", links = {speaker = kept}})
    try("remove on another document", function() return kept:remove() end)
  end
  kept = c
end
