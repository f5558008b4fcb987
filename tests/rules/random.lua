-- The C rule matcher against the reference (reference.lua) on random rules:
-- for each document, random annotations are made, then CASES random rule
-- sets (-a cases=N, default 300; -a seed=S) of every element kind,
-- quantifier and select mode are matched by both, and every match (its
-- rule, span and captures) must agree. Prints one line per document:
--   rules-random: PATH: N cases, M matches, K skipped
-- where skipped cases are those the reference gave up on (over its step
-- budget); a disagreement is an error naming the case, with both answers.
local ref = require("reference")

local cases = tonumber(glossa.args.cases) or 300
local seed = tonumber(glossa.args.seed) or 1
local ndoc = 0

-- Regex tests with a Lua twin that says the same for a whole token.
local regexes = {
  {re = "[a-z]+", twin = function(t) return t:match("^%l+$") ~= nil end},
  {re = [[\d+]], twin = function(t) return t:match("^%d+$") ~= nil end},
  {re = "a|ab", twin = function(t) return t == "a" or t == "ab" end},
  {re = "[A-Z].*", twin = function(t) return t:match("^%u") ~= nil end},
}

return function(doc)
  ndoc = ndoc + 1
  math.randomseed(seed * 1000 + ndoc)
  local R = math.random
  local function pick(v) return v[R(#v)] end
  -- the vocabulary: the document's own tokens (a few of each kind)
  local toks, seen = {}, {}
  for t in doc:tokens() do
    if not seen[t.text] and #toks < 60 then
      seen[t.text] = true
      toks[#toks + 1] = t
    end
  end
  if #toks == 0 then return end
  local all = doc:tokens()
  -- random annotations over runs of 1 to 3 tokens (some crossing sentences)
  for _ = 1, math.min(40, #all // 2) do
    local i = R(#all)
    local j = math.min(#all, i + R(3) - 1)
    local sp = doc:span(all[i].start, all[j].stop)
    sp:annotate{label = pick({"P", "Q"}), attrs = {k = pick({"v1", "v2"}), n = R(2)}}
  end
  local dict = glossa.dict({toks[R(#toks)].text, toks[R(#toks)].text .. " " .. toks[R(#toks)].text,
                            toks[R(#toks)].lower}, {nocase = R(2) == 1, overlaps = pick({"all", "longest"})})

  local function token_tests(e, depth)
    local t = pick(toks)
    local n = R(2)
    for _ = 1, n do
      local c = R(14)
      if c <= 3 then e.text = R(3) == 1 and {t.text, pick(toks).text} or t.text
      elseif c <= 5 then e.lower = R(3) == 1 and {t.lower, pick(toks).lower} or t.lower
      elseif c == 6 then e.shape = t.shape
      elseif c == 7 then e.prefix = t.text:sub(1, 1)
      elseif c == 8 then e.suffix = t.text:sub(-1)
      elseif c == 9 then e[pick({"is_alpha", "is_digit", "is_punct", "is_upper", "is_title", "like_num", "is_lower"})] = R(3) > 1
      elseif c == 10 then e.length = pick({{1, 3}, 2, {2, 4}})
      elseif c == 11 then local x = pick(regexes) e.re, e.twin = x.re, x.twin
      elseif c == 12 and depth < 2 then e["not"] = token_tests({}, depth + 1)
      elseif depth == 0 then e.any = true
      else e.text = t.text end
    end
    return e
  end

  local elem
  local function nullable(e)
    local lo = e.op == "?" and 0 or e.op == "*" and 0 or (type(e.op) == "table" and e.op[1] == 0) and 0 or 1
    if lo == 0 then return true end
    if e.seq then
      for _, c in ipairs(e.seq) do if not nullable(c) then return false end end
      return true
    end
    if e.alt then
      for _, c in ipairs(e.alt) do if nullable(c) then return true end end
    end
    return false
  end
  elem = function(depth)
    local c = R(20)
    local e
    if c <= 11 or depth >= 2 then
      e = token_tests({}, 0)
    elseif c <= 14 then
      e = {ann = R(3) == 1 and {"P", "Q"} or pick({"P", "Q"})}
      if R(3) == 1 then e.attrs = R(2) == 1 and {k = pick({"v1", "v2"})} or {n = R(2)} end
      if R(5) == 1 then e.is_title = true end
    elseif c == 15 then
      e = {dict = dict}
    elseif c <= 17 then
      e = {alt = {}}
      for _ = 1, R(2) + 1 do e.alt[#e.alt + 1] = elem(depth + 1) end
    else
      e = {seq = {}}
      for _ = 1, R(3) do e.seq[#e.seq + 1] = elem(depth + 1) end
    end
    local q = R(12)
    if q == 1 then e.op = "?"
    elseif q == 2 then e.op = "*"
    elseif q == 3 then e.op = "+"
    elseif q == 4 then e.op = {0, 2}
    elseif q == 5 then e.op = {1, 2}
    elseif q == 6 then e.op = {2, 3} end
    if (e.op == "*" or e.op == "+") then
      local save = e.op
      e.op = nil
      if nullable(e) then e.op = {1, 2} else e.op = save end
    end
    if R(4) == 1 then e.as = pick({"x", "y", "z"}) end
    return e
  end

  -- a copy without the reference's twins
  local function for_c(e)
    if type(e) ~= "table" or getmetatable(e) then return e end
    local c = {}
    for k, v in pairs(e) do
      if k ~= "twin" then c[k] = for_c(v) end
    end
    return c
  end

  local function describe(v, ind)
    if type(v) == "userdata" then return tostring(v) end
    if type(v) ~= "table" then return string.format("%q", v) end
    local parts = {}
    for k, x in pairs(v) do
      if k ~= "twin" then parts[#parts + 1] = tostring(k) .. "=" .. describe(x) end
    end
    table.sort(parts)
    return "{" .. table.concat(parts, ", ") .. "}"
  end

  local compared, skipped, nmatch = 0, 0, 0
  local modes = {"longest", "all", "first"}
  for case = 1, cases do
    local rules, built = {}, {}
    local sel = pick(modes)
    for r = 1, R(3) do
      local rule = {name = "r" .. r, priority = R(3) == 1 and R(3) or nil,
                    across_sentences = R(4) == 1 or nil}
      for _ = 1, R(3) do rule[#rule + 1] = elem(0) end
      rules[r] = rule
      local c = for_c(rule)
      c.select = #rules == 1 and sel or nil
      built[r] = glossa.rule(c)
    end
    local set = #built == 1 and glossa.rule((function()
      local c = for_c(rules[1])
      c.select = sel
      return c
    end)()) or glossa.rules((function()
      local l = {select = sel}
      for i, b in ipairs(built) do l[i] = b end
      return l
    end)())
    local want = ref.match(doc, rules, sel, 300000)
    if not want then
      skipped = skipped + 1
    else
      local got = {}
      local names = {"x", "y", "z"}
      for m in doc:match(set) do
        local caps = {}
        for _, n in ipairs(names) do
          local ok, c = pcall(m.capture, m, n)
          if ok and c then caps[n] = {c.start, c.stop} end
        end
        got[#got + 1] = {rule = tonumber(m.rule.name:sub(2)), start = m.start, stop = m.stop, caps = caps}
      end
      local function show(list)
        local out = {}
        for _, x in ipairs(list) do
          local cs = {}
          for _, n in ipairs(names) do
            if x.caps[n] then cs[#cs + 1] = n .. "=" .. x.caps[n][1] .. "-" .. x.caps[n][2] end
          end
          out[#out + 1] = string.format("r%d %d-%d %s %q", x.rule, x.start, x.stop, table.concat(cs, " "),
                                        doc:span(x.start, x.stop).text)
        end
        return table.concat(out, "\n    ")
      end
      local same = #got == #want
      for i = 1, math.max(#got, #want) do
        local a, b = got[i], want[i]
        if not a or not b or a.rule ~= b.rule or a.start ~= b.start or a.stop ~= b.stop then
          same = false
        else
          for _, n in ipairs(names) do
            local x, y = a.caps[n], b.caps[n]
            if (x == nil) ~= (y == nil) or (x and (x[1] ~= y[1] or x[2] ~= y[2])) then same = false end
          end
        end
      end
      if not same then
        error(string.format("%s: case %d (select %s) differs:\n  rules: %s\n  C:\n    %s\n  reference:\n    %s",
                            doc.path, case, sel, describe(rules), show(got), show(want)), 0)
      end
      compared = compared + 1
      nmatch = nmatch + #got
    end
  end
  print(string.format("rules-random: %s: %d cases, %d matches, %d skipped", doc.path:match("[^/]*$"), compared,
                      nmatch, skipped))
end
