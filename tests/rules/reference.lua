-- The reference rule matcher: plain Lua, slow and meant to be obviously
-- right, for tests/rules/random.lua to check the C matcher against
-- (docs/lua-api.md, "Rules", is what both implement). It reads the same
-- rule tables glossa.rule takes (plus `twin`, a Lua function standing for
-- a `re` test: true when the regex matches the whole text) and builds the
-- lattice from the public API: doc:blocks(), span:tokens(),
-- doc:sentences(), doc:annotations() and span:lookup().
--
-- A match is tried by backtracking in preference order: alternatives in
-- order, quantifiers greedy (another round before stopping), an element's
-- edges longest first (then annotations in output order). The first path
-- found is the preferred one; every path is walked to find the ends.
local M = {}

local flag_keys = {"is_alpha", "is_digit", "is_punct", "is_space", "is_upper", "is_lower",
                   "is_title", "like_num"}

local function bounds(op)
  if op == nil then return 1, 1 end
  if op == "?" then return 0, 1 end
  if op == "*" then return 0, math.huge end
  if op == "+" then return 1, math.huge end
  return op[1], op[2] == nil and op[1] or op[2]
end

local function one_of(v, x)
  if type(v) == "string" then return v == x end
  for _, y in ipairs(v) do if y == x then return true end end
  return false
end

-- the token tests of spec on span (a Span of the edge's text)
local function tests_hold(spec, span)
  local text = span.text
  if spec.text and not one_of(spec.text, text) then return false end
  if spec.lower and not one_of(spec.lower, span.lower) then return false end
  if spec.shape and span.shape ~= spec.shape then return false end
  if spec.prefix and text:sub(1, #spec.prefix) ~= spec.prefix then return false end
  if spec.suffix and (#spec.suffix > #text or text:sub(-#spec.suffix) ~= spec.suffix) then
    return false
  end
  for _, k in ipairs(flag_keys) do
    if spec[k] ~= nil and span[k] ~= spec[k] then return false end
  end
  if spec.length then
    local lo, hi = bounds(type(spec.length) == "number" and {spec.length} or spec.length)
    local n = utf8.len(text)
    if n < lo or n > hi then return false end
  end
  if spec.twin and not spec.twin(text) then return false end
  if spec["not"] and tests_hold(spec["not"], span) then return false end
  return true
end

local function attrs_hold(want, a)
  for k, v in pairs(want) do
    if a.attrs[k] ~= v then return false end
  end
  return true
end

local function kind(spec)
  if spec.alt then return "alt" end
  if spec.seq then return "seq" end
  if spec.ann then return "ann" end
  if spec.dict then return "dict" end
  return "token"
end

-- The lattice of one block: tokens, their sentences, annotation and dict
-- edges by start node.
local function lattice(doc, block, sentences, anns)
  local L = {toks = {}, sent = {}, ann = {}, dict = {}, spans = {}}
  for t in block:tokens() do L.toks[#L.toks + 1] = t end
  local n = #L.toks
  for i, t in ipairs(L.toks) do
    L.sent[i] = -i -- a token in no sentence is alone
    for k, s in ipairs(sentences) do
      if t.start >= s.start and t.start <= s.stop then L.sent[i] = k break end
    end
  end
  for i = 1, n + 1 do L.ann[i] = {} end
  for order, a in ipairs(anns) do
    local as, ae = a.span.start, a.span.stop
    if as >= block.start and ae <= block.stop and ae >= as then
      local first, last
      for i, t in ipairs(L.toks) do
        if t.stop >= as and t.start <= ae then
          first = first or i
          last = i
        end
      end
      if first then
        table.insert(L.ann[first], {to = last + 1, a = a, order = order})
      end
    end
  end
  for i = 1, n + 1 do
    table.sort(L.ann[i], function(x, y)
      if x.to ~= y.to then return x.to > y.to end
      return x.order < y.order
    end)
  end
  L.block = block
  return L
end

-- The hits of dict d in L's block that start and end on token boundaries,
-- by start node, longest first.
local function dict_edges(L, d)
  if L.dict[d] then return L.dict[d] end
  local n = #L.toks
  local by = {}
  for i = 1, n + 1 do by[i] = {} end
  for h in L.block:lookup(d) do
    local a, b
    for i, t in ipairs(L.toks) do
      if t.start == h.start then a = i end
      if t.stop == h.stop then b = i end
    end
    if a and b and a <= b then table.insert(by[a], {to = b + 1}) end
  end
  for i = 1, n + 1 do
    table.sort(by[i], function(x, y) return x.to > y.to end)
  end
  L.dict[d] = by
  return by
end

-- The matcher of one rule over lattice L from node start; cont(pos) ->
-- true stops the search (the path found). caps: name -> {from, to} nodes.
local function matcher(doc, L, rule, start, budget)
  local caps = {}
  local steps = 0
  local function span_of(i, j) -- tokens i .. j - 1
    local key = i * 65536 + j
    local sp = L.spans[key]
    if not sp then
      sp = {span = j == i + 1 and L.toks[i] or doc:span(L.toks[i].start, L.toks[j - 1].stop)}
      setmetatable(sp, {__index = function(t, k) local v = t.span[k] rawset(t, k, v) return v end})
      L.spans[key] = sp
    end
    return sp
  end
  local function ok_sentence(to)
    return rule.across_sentences or L.sent[to - 1] == L.sent[start]
  end
  local elem
  local function seq(list, k, pos, cont)
    if k > #list then return cont(pos) end
    return elem(list[k], pos, function(p) return seq(list, k + 1, p, cont) end)
  end
  local function once(spec, pos, cont)
    steps = steps + 1
    if steps > budget.max then error(budget) end
    local kd = kind(spec)
    if kd == "alt" then
      for _, c in ipairs(spec.alt) do
        if elem(c, pos, cont) then return true end
      end
      return false
    elseif kd == "seq" then
      return seq(spec.seq, 1, pos, cont)
    end
    local edges = {}
    if kd == "token" then
      if pos <= #L.toks then edges[1] = {to = pos + 1} end
    elseif kd == "ann" then
      for _, e in ipairs(L.ann[pos] or {}) do
        if one_of(spec.ann, e.a.label) and (not spec.attrs or attrs_hold(spec.attrs, e.a)) then
          edges[#edges + 1] = e
        end
      end
    else
      edges = dict_edges(L, spec.dict)[pos] or {}
    end
    for _, e in ipairs(edges) do
      if ok_sentence(e.to) and tests_hold(spec, span_of(pos, e.to)) then
        if cont(e.to) then return true end
      end
    end
    return false
  end
  elem = function(spec, pos, cont)
    local lo, hi = bounds(spec.op)
    local function rep(count, p)
      if count < hi and once(spec, p, function(p2) return rep(count + 1, p2) end) then
        return true
      end
      if count < lo then return false end
      if spec.as then
        local old = caps[spec.as]
        caps[spec.as] = {pos, p}
        if cont(p) then return true end
        caps[spec.as] = old
        return false
      end
      return cont(p)
    end
    return rep(0, pos)
  end
  return function(cont)
    caps = {}
    return seq(rule, 1, start, cont), caps
  end
end

local function copy(t)
  local c = {}
  for k, v in pairs(t) do c[k] = v end
  return c
end

-- Every match of the rules (a list of rule tables, each with name =) in
-- doc, as glossa's select mode sel picks them: a list of {rule = index,
-- start =, stop =, caps = {name = {start, stop}}}, in glossa's order.
-- Returns nil when the search took more than budget steps.
function M.match(doc, rules, sel, max_steps)
  local budget = {max = max_steps or 200000}
  local labels, dicts, seen = {}, {}, {}
  local function walk(spec)
    if spec.ann then
      for _, l in ipairs(type(spec.ann) == "string" and {spec.ann} or spec.ann) do labels[l] = true end
    end
    if spec.dict and not seen[spec.dict] then
      seen[spec.dict] = true
      dicts[#dicts + 1] = spec.dict
    end
    for _, c in ipairs(spec.alt or spec.seq or {}) do walk(c) end
  end
  for _, r in ipairs(rules) do for _, e in ipairs(r) do walk(e) end end
  local anns = {}
  for a in doc:annotations() do
    anns[#anns + 1] = a -- every one, for output order; the edges filter by label
  end
  local sentences = {}
  for s in doc:sentences() do sentences[#sentences + 1] = s end
  local out = {}
  M.cache = M.cache and M.cache.doc == doc and M.cache or {doc = doc, blocks = {}}
  local ok, err = pcall(function()
    for bi, block in ipairs(doc:blocks()) do
      local L = M.cache.blocks[bi]
      if not L then
        L = lattice(doc, block, sentences, anns)
        M.cache.blocks[bi] = L
      end
      local function to_caps(c)
        local r = {}
        for name, v in pairs(c) do
          if v[2] > v[1] then r[name] = {L.toks[v[1]].start, L.toks[v[2] - 1].stop} end
        end
        return r
      end
      local function emit(ri, i, e, c)
        out[#out + 1] = {rule = ri, start = L.toks[i].start, stop = L.toks[e - 1].stop,
                         caps = to_caps(c)}
      end
      local function path_to(ri, i, e) -- the preferred path to e
        local run = matcher(doc, L, rules[ri], i, budget)
        local found, c = run(function(p) return p == e end)
        return found and copy(c) or nil
      end
      local i = 1
      while i <= #L.toks do
        local ends = {} -- ri -> {end nodes}
        local any = false
        for ri, r in ipairs(rules) do
          local set = {}
          matcher(doc, L, r, i, budget)(function(p)
            if p > i then set[p] = true any = true end
            return false
          end)
          local list = {}
          for p in pairs(set) do list[#list + 1] = p end
          table.sort(list, function(a, b) return a > b end)
          ends[ri] = list
        end
        local nexti = i + 1
        if any and sel == "all" then
          local all = {}
          for ri in ipairs(rules) do
            for _, e in ipairs(ends[ri]) do all[#all + 1] = {ri = ri, e = e} end
          end
          table.sort(all, function(a, b)
            if a.e ~= b.e then return a.e > b.e end
            return a.ri < b.ri
          end)
          for _, m in ipairs(all) do emit(m.ri, i, m.e, path_to(m.ri, i, m.e)) end
        elseif any and sel == "first" then
          for ri, r in ipairs(rules) do
            if #ends[ri] > 0 then
              local e
              local found, c = matcher(doc, L, r, i, budget)(function(p)
                if p > i then e = p return true end
                return false
              end)
              emit(ri, i, e, copy(c))
              nexti = e
              break
            end
          end
        elseif any then -- longest, then priority, then rule order
          local best, bestp, beste
          for ri, r in ipairs(rules) do
            local e = ends[ri][1]
            local p = r.priority or 0
            if e and (not best or e > beste or (e == beste and p > bestp)) then
              best, bestp, beste = ri, p, e
            end
          end
          emit(best, i, beste, path_to(best, i, beste))
          nexti = beste
        end
        i = nexti
      end
    end
  end)
  if not ok then
    if err == budget then return nil end
    error(err, 0)
  end
  return out
end

return M
