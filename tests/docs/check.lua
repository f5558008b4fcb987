-- docs/api (run by tests/docs/check.sh on samples/trump-putin-call.html):
-- the `### var.name` / `### var:name(...)` headings of docs/lua-api.md against
-- the bindings and against live objects.
--   -a md=PATH                 the API reference
--   -a bind.OBJECT=":m .f …"   what core/lua_*.c defines for OBJECT (methods
--                              with ':', fields with '.')

-- The objects, each with its section title's first word and a live instance.
local OBJECTS = {"glossa", "Document", "Node", "NodeList", "Span", "SpanList",
                 "Annotation", "AnnotationList", "Regex", "Dict", "Rule", "RuleSet"}

-- Fields that may be nil on the live objects below.
local MAY_BE_NIL = {["Span.rule"] = true, ["Span.annotation"] = true,
                   -- nil but for annotations read in (--annotations)
                   ["Annotation.anchor"] = true, ["Annotation.anchor_score"] = true,
                   ["Annotation.source_id"] = true}

local function live_objects(doc)
  local dict = glossa.dict{["Vladimir Putin"] = "person"}
  local entity = doc:lookup(dict)[1] -- has value and entry
  local a = entity:annotate{label = "docs-check", note = "a note", attrs = {k = 1}}
  return {
    glossa = glossa,
    Document = doc,
    Node = doc:select("//h1")[1],
    NodeList = doc:select("//p"),
    Span = entity,
    SpanList = doc:find("Putin"),
    Annotation = a,
    AnnotationList = doc:annotations("docs-check"),
    Regex = glossa.regex("(?<w>Putin)"),
    Dict = dict,
    Rule = glossa.rule{{text = "Putin"}, label = "person", note = "n"},
    RuleSet = glossa.rules{glossa.rule{{text = "Putin"}}},
  }
end

-- documented[object][name] = {kind = "method" | "field", line = n}
local function read_reference(path, problems)
  local f = assert(io.open(path, "r"))
  local documented, vars, known = {}, {}, {}
  for _, o in ipairs(OBJECTS) do known[o] = true end
  local object, fenced, n = nil, false, 0
  for line in f:lines() do
    n = n + 1
    if line:match("^```") then
      fenced = not fenced
    elseif not fenced and line:match("^## ") then
      local word = line:match("^## `?([%w_]+)")
      object = known[word] and word or nil
      if object then
        if documented[object] then problems[#problems + 1] = ("%s:%d: a second section for %s"):format(path, n, object) end
        documented[object] = {}
      end
    elseif not fenced and object and line:match("^### ") then
      local var, sep, name, rest = line:match("^### ([%a_][%w_]*)([.:])([%a_][%w_]*)(.*)$")
      if not var then
        problems[#problems + 1] = ("%s:%d: '%s' is not `### var.field` or `### var:method(...)`"):format(path, n, line)
      else
        local kind = (sep == ":" or rest:match("^%(")) and "method" or "field"
        if kind == "method" and not rest:match("^%(.*%)$") then
          problems[#problems + 1] = ("%s:%d: method heading '%s' has no (arguments)"):format(path, n, line)
        end
        vars[object] = vars[object] or var
        if var ~= vars[object] then
          problems[#problems + 1] = ("%s:%d: '%s' in the %s section, whose headings use '%s'"):format(path, n, line, object, vars[object])
        end
        if documented[object][name] then
          problems[#problems + 1] = ("%s:%d: %s.%s is documented twice"):format(path, n, object, name)
        end
        documented[object][name] = {kind = kind, line = n}
      end
    end
  end
  f:close()
  for _, o in ipairs(OBJECTS) do
    if not documented[o] then problems[#problems + 1] = ("%s: no `## %s` section"):format(path, o) end
  end
  return documented
end

return function(doc)
  local problems = {}
  local md = assert(glossa.args.md, "check.lua needs -a md=PATH")
  local documented = read_reference(md, problems)
  local live = live_objects(doc)

  -- (a) each documented name exists on a live object
  local checked = 0
  for _, o in ipairs(OBJECTS) do
    for name, d in pairs(documented[o] or {}) do
      checked = checked + 1
      local ok, v = pcall(function() return live[o][name] end)
      if not ok then
        problems[#problems + 1] = ("%s:%d: %s.%s raises: %s"):format(md, d.line, o, name, v)
      elseif d.kind == "method" and type(v) ~= "function" then
        problems[#problems + 1] = ("%s:%d: %s:%s is documented as a method but is a %s"):format(md, d.line, o, name, type(v))
      elseif d.kind == "field" and v == nil and not MAY_BE_NIL[o .. "." .. name] then
        problems[#problems + 1] = ("%s:%d: %s.%s is documented but is nil on a live %s"):format(md, d.line, o, name, o)
      end
    end
  end

  -- (b) every binding is documented, as what it is, and nothing else is
  local bound = {}
  for _, o in ipairs(OBJECTS) do
    bound[o] = {}
    for tok in (glossa.args["bind." .. o] or ""):gmatch("%S+") do
      local sep, name = tok:sub(1, 1), tok:sub(2)
      local kind = sep == ":" and "method" or "field"
      bound[o][name] = kind
      local d = (documented[o] or {})[name]
      if not d then
        problems[#problems + 1] = ("%s: %s %s '%s' (core/lua_*.c) is not documented"):format(md, o, kind, name)
      elseif d.kind ~= kind then
        problems[#problems + 1] = ("%s:%d: %s '%s' is a %s in the C code but documented as a %s"):format(md, d.line, o, name, kind, d.kind)
      end
    end
    for name, d in pairs(documented[o] or {}) do
      if not bound[o][name] then
        problems[#problems + 1] = ("%s:%d: %s '%s' is documented but core/lua_*.c does not define it"):format(md, d.line, o, name)
      end
    end
  end

  if #problems > 0 then
    table.sort(problems)
    error("\n  " .. table.concat(problems, "\n  "), 0)
  end
  glossa.log(("%d documented names checked"):format(checked))
end
