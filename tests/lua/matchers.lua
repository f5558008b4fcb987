-- matchers.lua: the matcher suite (issue 3). Regex, dictionaries, sentences,
-- tokens and blocks, CSS/XPath selection, span relations, annotation queries
-- and SpanList set operations, each checked against values computed here,
-- independently of the function under test: from doc.text with the string
-- and utf8 libraries, from the source file, or by brute force.
--
--   build/glossa -s tests/lua/matchers.lua samples/trump-putin-call.{txt,html,xml}
--   (tests/lua/run.sh runs the three in one process, so that the objects of
--   one document can be used, and must be refused, while the next one runs)
--
-- Any failed check raises "FAILED: ..." (that document is not annotated and
-- the run exits 1). When every check passes, the deal-making sentence gets
-- the label `matchers-tests` and the note "N checks passed". With -a soft=1
-- every failure is logged (the run still fails at the end), for debugging.

local N = 0
-- with -a soft=1, failures are logged and the run goes on (for debugging)
local SOFT = glossa.args.soft
local FAILS = 0
local function check(cond, what, level)
  N = N + 1
  if not cond then
    if SOFT then
      FAILS = FAILS + 1
      local _, where = pcall(error, "@", (level or 1) + 2)
      glossa.log("FAILED: " .. what .. " at " .. tostring(where))
    else
      error("FAILED: " .. what, (level or 1) + 1)
    end
  end
end

local function eq(got, want, what)
  check(got == want, string.format("%s: expected %q, got %q", what,
    tostring(want), tostring(got)), 2)
end

-- f must raise an error whose message contains `needle` (plain find).
local function fails(f, needle, what)
  local ok, err = pcall(f)
  check(not ok, what .. ": should have raised an error", 2)
  err = tostring(err)
  check(err:find(needle, 1, true) ~= nil,
    string.format("%s: message %q does not contain %q", what, err, needle), 2)
  return err
end

local function read_file(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("a")
  f:close()
  return s
end

local SENTENCE = "It would appear there’s some deal-making in the works."

-- Compiled once, at the top level, reused for every document.
local RE_NAME = glossa.regex([[(?<first>[A-Z]\w+) (?<last>Putin)]])
local RE_SYRIA = glossa.regex([[(Syria)(ns)?]])
local PEOPLE = glossa.dict{"Putin", "Vladimir Putin", "President Vladimir V. Putin"}
local PEOPLE_ALL = glossa.dict({"Putin", "Vladimir Putin", "President Vladimir V. Putin"},
  {overlaps = "all"})
local FILE_DICT = glossa.dict("tests/lua/data/names.tsv")

-- Objects of the previous document (the run has several): they must be refused.
local PREV = nil

-- The block element names of text.c (HTML and the default XML list).
local HTML_BLOCKS = {}
for w in ([[address article aside blockquote body br caption center dd details
  dialog dir div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6
  header hgroup hr legend li listing main menu nav ol option p pre section
  summary table tbody td textarea tfoot th thead tr ul]]):gmatch("%S+") do HTML_BLOCKS[w] = true end
local XML_BLOCKS = {}
for w in ([[abstract address article author bibl blockquote body br caption cell
  chapter code dd desc div dl dt entry example figure head h1 h2 h3 h4 h5 h6
  info item l label lg li list listitem note ol p page para pre programlisting
  row screen sect1 sect2 sect3 sect4 sect5 section simpara sp speaker subtitle
  synopsis table td term th title tr ul varlistentry]]):gmatch("%S+") do XML_BLOCKS[w] = true end

-- Spans as Lua pairs {s, e}: 0-based, half-open (e exclusive).
local function range(sp) return sp.start - 1, sp.stop end
local function pairs_of(list)
  local out = {}
  for sp in list do
    local s, e = range(sp)
    out[#out + 1] = {s, e}
  end
  return out
end
local function by_start_end(a, b)
  if a[1] ~= b[1] then return a[1] < b[1] end
  return a[2] < b[2]
end

return function(doc)
  N, FAILS = 0, 0 -- counted per document
  local text = doc.text
  local len = #text
  local T = doc.type
  local source = read_file(doc.path)

  -- compare a SpanList with a list of {s, e} pairs (always two checks, so
  -- that the count does not depend on what failed)
  local function same(list, want, what)
    eq(#list, #want, "#" .. what)
    local i, bad = 0, nil
    for sp in list do
      i = i + 1
      local w = want[i]
      local s, e = range(sp)
      if not bad and (not w or s ~= w[1] or e ~= w[2]) then
        bad = w and string.format("%s[%d]: expected [%d,%d) %q, got [%d,%d) %q", what, i,
          w[1], w[2], text:sub(w[1] + 1, w[2]), s, e, sp.text)
          or string.format("%s[%d]: unexpected [%d,%d) %q", what, i, s, e, sp.text)
      end
    end
    if not bad and i ~= #want then
      local w = want[i + 1]
      bad = string.format("%s: for-in visits %d spans, %d expected (first missing [%d,%d) %q)", what, i,
        #want, w[1], w[2], text:sub(w[1] + 1, w[2]))
    end
    check(bad == nil, tostring(bad), 2)
  end

  -- block boundaries and masked ranges, derived here ------------------------
  local bounds, masked = {}, {}
  local function add_bound(o) bounds[#bounds + 1] = o end
  if T == "text" then
    -- paragraphs: runs of non-blank lines (blank: only spaces, tabs, \r, \f, \v)
    local pos, pstart, pend = 1, nil, nil
    while pos <= len do
      local nl = text:find("\n", pos, true)
      local lend = nl and nl - 1 or len
      local line = text:sub(pos, lend)
      if line:match("^[ \t\r\f\v]*$") then
        if pstart then add_bound(pstart); add_bound(pend); pstart = nil end
      else
        if not pstart then pstart = pos - 1 end
        pend = lend
      end
      pos = lend + 2
    end
    if pstart then add_bound(pstart); add_bound(pend) end
  else
    local blocks = T == "html" and HTML_BLOCKS or XML_BLOCKS
    local q = T == "html" and "//body | //body//*" or "//*"
    for n in doc:select(q) do
      local name = n.name
      if T == "xml" then name = name:gsub("^.*:", "") end
      if blocks[name] then
        local sp = n:span()
        if sp then add_bound(sp.start - 1); add_bound(sp.stop) end
      end
    end
    if T == "html" then
      for n in doc:select("//script | //style | //noscript") do
        local sp = n:span()
        if sp and #sp > 0 then masked[#masked + 1] = {sp.start - 1, sp.stop} end
      end
    end
  end
  table.sort(bounds)
  do -- unique
    local u = {}
    for _, b in ipairs(bounds) do if u[#u] ~= b then u[#u + 1] = b end end
    bounds = u
  end
  table.sort(masked, by_start_end)
  check(#bounds >= 20, "the sample has block boundaries")
  check(T ~= "html" or #masked == 1, "the HTML sample has one masked range in the view")

  -- the ranges matchers search in [from, to): cut at masked text and, unless
  -- across, at block boundaries
  local function regions(from, to, across)
    local out = {}
    if from == to then
      local inside = false
      for _, m in ipairs(masked) do if m[1] <= from and from < m[2] then inside = true end end
      if not inside then out[1] = {from, to} end
      return out
    end
    local pos = from
    while pos < to do
      local cut, skip = to, nil
      for _, m in ipairs(masked) do
        if m[1] <= pos and pos < m[2] then skip = m[2] break end
        if m[1] > pos and m[1] < cut then cut = m[1] end
      end
      if skip then
        pos = skip
      else
        if not across then
          for _, b in ipairs(bounds) do
            if b > pos then
              if b < cut then cut = b end
              break
            end
          end
        end
        out[#out + 1] = {pos, cut}
        pos = cut
      end
    end
    return out
  end
  local REG = regions(0, len, false)
  local REG_ACROSS = regions(0, len, true)
  local function in_one(rs, s, e)
    for _, r in ipairs(rs) do if r[1] <= s and e <= r[2] then return true end end
    return false
  end

  -- every match of a Lua pattern inside each region (regions are subjects:
  -- '^' anchors at a region's start)
  local function lfind(pat, rs, lower)
    local out = {}
    for _, r in ipairs(rs) do
      local sub = text:sub(r[1] + 1, r[2])
      if lower then sub = sub:lower() end
      local init = 1
      while init <= #sub do
        local s, e = sub:find(pat, init)
        if not s then break end
        assert(e >= s, "lfind: empty match")
        out[#out + 1] = {r[1] + s - 1, r[1] + e}
        if pat:sub(1, 1) == "^" then break end
        init = e + 1
      end
    end
    return out
  end

  local ds, de = text:find(SENTENCE, 1, true)
  check(ds ~= nil, "the deal-making sentence is in the view")
  local sent = doc:span(ds, de)

  -- 1. Regex ------------------------------------------------------------------
  eq(RE_NAME.pattern, [[(?<first>[A-Z]\w+) (?<last>Putin)]], "regex.pattern")
  eq(RE_NAME.groups, 2, "regex.groups")
  eq(RE_SYRIA.groups, 2, "regex.groups (numbered)")
  eq(glossa.regex("a|b").groups, 0, "regex without groups")
  eq(tostring(RE_SYRIA), "Regex((Syria)(ns)?)", "tostring(regex)")
  eq(RE_NAME.nosuch, nil, "unknown regex field")

  -- plain words, digits, capitalised words
  same(doc:match("Putin"), lfind("Putin", REG), "doc:match('Putin')")
  same(doc:match([[\d+]]), lfind("%d+", REG), "doc:match('\\d+')")
  same(doc:match("[A-Z][a-z]+"), lfind("%u%l+", REG), "doc:match('[A-Z][a-z]+')")
  -- \w under UCP: the samples' only non-ASCII characters (’ “ ” – — … ♦,
  -- no-break space) are not word characters
  same(doc:match([[\w+]]), lfind("[%w_]+", REG), "doc:match('\\w+')")
  local bil = doc:find("Bilat’s"):first()
  check(bil ~= nil, "Bilat’s is in the text")
  local bw = bil:match([[\w+]])
  eq(#bw, 2, "\\w+ in 'Bilat’s' gives two words (’ is not \\w)")
  eq(bw[1].text, "Bilat", "first word of Bilat’s")
  eq(bw[2].text, "s", "second word of Bilat’s")
  -- one code point per '.', never a cut character
  local dots = doc:match(".")
  local want_dots = {}
  for _, r in ipairs(REG) do
    local p = r[1] + 1
    while p <= r[2] do
      local c = text:byte(p)
      local w = c < 0x80 and 1 or c < 0xE0 and 2 or c < 0xF0 and 3 or 4
      if c ~= 10 then want_dots[#want_dots + 1] = {p - 1, p - 1 + w} end
      p = p + w
    end
  end
  same(dots, want_dots, "doc:match('.') (one code point each)")
  -- Unicode properties: “ is Pi; ” and ’ are Pf
  same(doc:match([[\p{Pi}]]), lfind("“", REG), "doc:match('\\p{Pi}')")
  local pf = lfind("”", REG)
  for _, h in ipairs(lfind("’", REG)) do pf[#pf + 1] = h end
  table.sort(pf, by_start_end)
  same(doc:match([[\p{Pf}]]), pf, "doc:match('\\p{Pf}')")
  same(doc:match([[\x{2019}]]), lfind("’", REG), "doc:match('\\x{2019}')")
  local q1 = doc:find("“We had"):first()
  if q1 then -- txt and xml and html all have it
    local para = q1:block()
    local qs = para:match([[\p{Pi}[^\p{Pf}”]*\p{Pf}]])
    check(#qs >= 1, "span:match with \\p{Pi} ... \\p{Pf} in the quoted paragraph")
    eq(qs[1].text:sub(1, 3), "“", "the quote starts with “")
  end
  -- flags
  same(doc:match("putin", "i"), lfind("putin", REG, true), "doc:match('putin', 'i')")
  same(doc:match("putin", {flags = "i"}), lfind("putin", REG, true), "doc:match('putin', {flags='i'})")
  same(doc:match("Pu t  in # a comment", "x"), lfind("Putin", REG), "flag x")
  same(doc:match([[^\w+]]), lfind("^[%w_]+", REG), "'^' anchors at each region's start")
  do -- with m, also after each newline inside a region
    local want = lfind("^[%w_]+", REG)
    for _, r in ipairs(REG) do
      local sub = text:sub(r[1] + 1, r[2])
      for p, w in sub:gmatch("\n()([%w_]+)") do want[#want + 1] = {r[1] + p - 1, r[1] + p - 1 + #w} end
    end
    table.sort(want, by_start_end)
    same(doc:match([[^\w+]], "m"), want, "flag m")
  end
  same(doc:match("“.+”"), lfind("“[^\n]+”", REG), "greedy .+")
  same(doc:match("“.+”", "U"), lfind("“[^\n]-”", REG), "flag U")
  same(doc:match("“.+?”", "U"), lfind("“[^\n]+”", REG), "flag U makes .+? greedy")
  -- s: '.' crosses newlines, but never a block
  same(doc:match("Wow.+?matters", "s"), lfind("Wow.-matters", REG), "flag s inside a block")
  -- across_blocks
  local fw = text:match("framework%.%s+It would")
  check(fw ~= nil, "'framework. ... It would' in the view")
  eq(#doc:match([[framework\.\s+It would]]), 0, "no match across a block boundary")
  same(doc:match([[framework\.\s+It would]], {across_blocks = true}),
    lfind("framework%.%s+It would", REG_ACROSS), "across_blocks = true")
  eq(#doc:match([[framework\.\s+It would]], {across_blocks = true}), 1, "across_blocks finds it once")
  eq(#doc:match([[framework\.\s+it would]], {flags = "i", across_blocks = false}), 0,
    "{flags=, across_blocks=false}")
  same(doc:match([[\w+]], {across_blocks = true}), lfind("[%w_]+", REG_ACROSS), "\\w+ across blocks")
  -- masked text: the HTML sample's <script> in body is in the view, unmatched
  if T == "html" then
    check(text:find("getElementById", 1, true) ~= nil, "the body script's text is in the view")
    eq(#doc:match("getElementById"), 0, "no match in masked text")
    eq(#doc:match("getElementById", {across_blocks = true}), 0, "no match in masked text, across blocks")
    eq(#doc:match("comment_parent", "i"), 0, "no match in masked text (i)")
  end
  -- the empty pattern: one empty span per code point position of each region
  do
    local seen, cnt, want = {}, 0, {}
    for _, r in ipairs(REG) do
      local p = r[1]
      while true do
        if not seen[p] then seen[p] = true; cnt = cnt + 1; want[#want + 1] = {p, p} end
        if p >= r[2] then break end
        local c = text:byte(p + 1)
        p = p + (c < 0x80 and 1 or c < 0xE0 and 2 or c < 0xF0 and 3 or 4)
      end
    end
    same(doc:match(""), want, "doc:match('')")
    check(cnt > utf8.len(text) / 2, "the empty pattern matches nearly everywhere")
  end
  -- captures
  do
    local want = lfind("%u[%w_]+ Putin", REG)
    local m = doc:match(RE_NAME)
    same(m, want, "doc:match(RE_NAME)")
    for sp in m do
      local first = sp.text:match("^(%S+)")
      eq(sp:capture(1).text, first, "capture(1)")
      eq(sp:capture("first").text, first, "capture('first')")
      eq(sp:capture(2).text, "Putin", "capture(2)")
      eq(sp:capture("last").text, "Putin", "capture('last')")
      check(sp:capture(0) == sp, "capture(0) is the match")
      eq(sp:capture(2).start, sp.stop - 4, "capture(2).start")
    end
    local m1 = m[1]
    fails(function() return m1:capture(3) end, "capture: no group 3 (the pattern has 2)", "capture(3)")
    fails(function() return m1:capture(-1) end, "capture: no group -1", "capture(-1)")
    fails(function() return m1:capture("nosuch") end,
      "capture: the pattern has no group named 'nosuch'", "capture('nosuch')")
    fails(function() return m1:capture() end, "number expected", "capture()")
    -- a group that did not take part is nil (not an error: optional groups
    -- are tested with `if`); one that matched empty is an empty span
    local opt = doc:match([[(?<who>Putin)(?<poss>'s)?(?<gap>x*)]])[1]
    check(opt:capture("poss") == nil and opt:capture(2) == nil, "capture of a group that did not take part is nil")
    eq(#opt:capture("gap"), 0, "capture of a group that matched empty")
    eq(opt:capture("gap").start, opt.stop + 1, "empty capture's start")
    local sy = doc:match(RE_SYRIA)
    local want_sy = lfind("Syria", REG)
    for _, h in ipairs(want_sy) do -- (ns)? is greedy
      if text:sub(h[2] + 1, h[2] + 2) == "ns" then h[2] = h[2] + 2 end
    end
    same(sy, want_sy, "doc:match((Syria)(ns)?)")
    for sp in sy do
      eq(sp:capture(1).text, "Syria", "group 1")
      if sp.text == "Syrians" then
        eq(sp:capture(2).text, "ns", "a set optional group")
      else
        eq(sp:capture(2), nil, "an unset optional group is nil")
      end
    end
    local sy2 = doc:match([[(Syria)(ns)?\b]])
    local k = 0
    for sp in sy2 do
      if sp.text == "Syrians" then k = k + 1; eq(sp:capture(2).text, "ns", "a set optional group") end
    end
    eq(k, #lfind("Syrians", REG), "Syrians matched with their optional group")
    -- spans that are not regex matches
    fails(function() return sent:capture(1) end, "capture: this span is not a regex match", "capture on doc:span")
    fails(function() return doc:find("Putin")[1]:capture(0) end, "capture: this span is not a regex match",
      "capture on doc:find")
    fails(function() return doc:lookup(PEOPLE)[1]:capture(0) end, "capture: this span is not a regex match",
      "capture on a lookup span")
    fails(function() return m1:capture(0):capture(0) end, "capture: this span is not a regex match",
      "capture on a capture")
  end
  -- span:match: only inside the span, the span is the subject
  do
    local words = {}
    for w in SENTENCE:gmatch("[%w_]+") do words[#words + 1] = w end
    local sm = sent:match([[\w+]])
    eq(#sm, #words, "span:match('\\w+') on the sentence")
    for i, sp in ipairs(pairs_of(sm)) do eq(text:sub(sp[1] + 1, sp[2]), words[i], "span word " .. i) end
    local inner = doc:span(ds + 1, de)
    eq(inner:match([[\w+]]):first().text, "t", "a span starting mid-word matches from its start")
    eq(#doc:span(ds, ds + 5):match("It would appear"), 0, "no match beyond the span's end")
    eq(#doc:span(ds, ds + 1):match([[\bIt\b]]), 1, "\\b at the span's end")
    local pu = doc:find("Putin"):first()
    eq(#doc:span(pu.start, pu.stop - 2):match("Putin"), 0, "span:match inside 'Put'")
    eq(#doc:span(ds, ds - 1):match("x"), 0, "empty span: no non-empty match")
    eq(#doc:span(ds, ds - 1):match(""), 1, "empty span: one empty match")
    -- a span over two blocks: never across them unless asked
    local two = doc:span(doc.text:find("framework%..-It would"))
    eq(#two:match([[\.\s+It]]), 0, "span:match does not cross the blocks inside the span")
    eq(#two:match([[\.\s+It]], {across_blocks = true}), 1, "span:match across_blocks")
  end
  -- errors
  fails(function() return glossa.regex("(x") end, "bad regex '(x': missing closing parenthesis at offset 2",
    "bad pattern")
  fails(function() return doc:match("a[") end, "bad regex 'a[': ", "doc:match bad pattern")
  check(select(2, pcall(doc.match, doc, "a[")):match("at offset %d+$") ~= nil, "the message ends in 'at offset N'")
  fails(function() return glossa.regex("x", "q") end, "unknown regex flag 'q' (flags are i, m, s, x, U)",
    "unknown flag")
  fails(function() return doc:match("x", "iq") end, "unknown regex flag 'q'", "doc:match unknown flag")
  fails(function() return doc:match("x", 5) end, "flags string or options table expected", "flags a number")
  fails(function() return doc:match({}) end, "Regex, pattern string, Rule or RuleSet expected, got table", "doc:match({})")
  fails(function() return doc:match() end, "Regex, pattern string, Rule or RuleSet expected, got no value", "doc:match()")
  fails(function() return glossa.regex() end, "bad argument #1 to 'regex' (string expected, got no value)",
    "glossa.regex()")

  -- 2. Dictionaries -------------------------------------------------------------
  local function is_word(cp)
    if cp < 0x80 then
      local c = string.char(cp)
      return c:match("[%w_]") ~= nil
    end
    if cp < 0xC0 or cp == 0xD7 or cp == 0xF7 then return false end
    if (cp >= 0x2000 and cp <= 0x2BFF) or (cp >= 0x2E00 and cp <= 0x2E7F) or
      (cp >= 0x3000 and cp <= 0x303F) or (cp >= 0xFE30 and cp <= 0xFE4F) or
      (cp >= 0xFF00 and cp <= 0xFF0F) or (cp >= 0xFF1A and cp <= 0xFF20) or
      (cp >= 0xFFF0 and cp <= 0xFFFF) or (cp >= 0xE000 and cp <= 0xF8FF) then return false end
    return true
  end
  local function cp_before(s) -- s: 0-based offset; the code point ending there
    if s == 0 then return nil end
    local p = s
    while p > 1 and (text:byte(p) & 0xC0) == 0x80 do p = p - 1 end
    return utf8.codepoint(text, p)
  end
  local function cp_at(e)
    if e >= len then return nil end
    return utf8.codepoint(text, e + 1)
  end
  -- hits of keys (a list of {key, value}) by brute force
  local function dict_brute(keys, opts)
    opts = opts or {}
    local words = opts.words ~= false
    local hits = {}
    local hay = opts.nocase and text:lower() or text
    for _, r in ipairs(REG) do
      for ki, kv in ipairs(keys) do
        local key = opts.nocase and kv[1]:lower() or kv[1]
        local init = r[1] + 1
        while true do
          local s, e = hay:find(key, init, true)
          if not s or e > r[2] then break end
          local ok = true
          if words then
            local b, a = cp_before(s - 1), cp_at(e)
            ok = not (b and is_word(b)) and not (a and is_word(a))
          end
          if ok then hits[#hits + 1] = {s - 1, e, kv[1], kv[2], ki} end
          init = s + 1
        end
      end
    end
    table.sort(hits, function(a, b)
      if a[1] ~= b[1] then return a[1] < b[1] end
      return a[2] < b[2]
    end)
    if opts.all then return hits end
    local out, last = {}, -1
    local byl = {}
    for _, h in ipairs(hits) do byl[#byl + 1] = h end
    table.sort(byl, function(a, b)
      if a[1] ~= b[1] then return a[1] < b[1] end
      return a[2] > b[2]
    end)
    for _, h in ipairs(byl) do
      if h[1] >= last then out[#out + 1] = h; last = h[2] end
    end
    return out
  end
  local function same_dict(list, want, what)
    same(list, want, what)
    local i = 0
    for sp in list do
      i = i + 1
      if want[i] then
        eq(sp.entry, want[i][3], what .. "[" .. i .. "].entry")
        eq(sp.value, want[i][4], what .. "[" .. i .. "].value")
      end
    end
  end
  local pk = {{"Putin"}, {"Vladimir Putin"}, {"President Vladimir V. Putin"}}
  eq(#PEOPLE, 3, "#dict")
  eq(PEOPLE.count, 3, "dict.count")
  eq(tostring(PEOPLE), "Dict(3 entries)", "tostring(dict)")
  eq(PEOPLE.nosuch, nil, "unknown dict field")
  local longest = doc:lookup(PEOPLE)
  same_dict(longest, dict_brute(pk), "lookup leftmost-longest")
  same_dict(doc:lookup(PEOPLE_ALL), dict_brute(pk, {all = true}), "lookup overlaps=all")
  do
    local n3, n2 = 0, 0
    for sp in longest do
      if sp.text == "President Vladimir V. Putin" then n3 = n3 + 1 end
      if sp.text == "Vladimir Putin" then n2 = n2 + 1 end
      eq(sp.value, nil, "an array entry has no value")
    end
    eq(n3, 1, "the longest name wins once")
    eq(n2, 1, "'Vladimir Putin' once")
    check(#doc:lookup(PEOPLE_ALL) == #longest + 2, "all: the two inner Putins and Vladimir V.'s Putin too")
  end
  -- words on and off: Syria inside Syrians
  do
    local w_on = glossa.dict{"Syria"}
    local w_off = glossa.dict({"Syria"}, {words = false})
    same(doc:lookup(w_on), dict_brute({{"Syria"}}), "words on")
    same(doc:lookup(w_off), dict_brute({{"Syria"}}, {words = false}), "words off")
    check(#doc:lookup(w_off) > #doc:lookup(w_on), "Syria inside Syrians/Syrian only with words off")
    for sp in doc:lookup(w_on) do
      local after = text:sub(sp.stop + 1, sp.stop + 1)
      check(not after:match("[%w_]"), "words: no word character after " .. sp.text)
    end
  end
  -- nocase
  do
    local keys = {{"north korea"}, {"PUTIN"}, {"ukraine"}}
    local nc = glossa.dict({"north korea", "PUTIN", "ukraine", "Ukraine"}, {nocase = true})
    eq(#nc, 3, "nocase: keys that fold alike are one entry")
    local l = doc:lookup(nc)
    same_dict(l, dict_brute(keys, {nocase = true}), "lookup nocase")
    eq(l:first().entry, "PUTIN", "the entry is the key as added")
    eq(l:first().text, "Putin", "the text is the document's")
    eq(#doc:lookup(glossa.dict{"north korea"}), 0, "without nocase, case matters")
  end
  -- values, a value-less entry, bulk annotate by value, filter
  do
    local vals = glossa.dict{["Vladimir Putin"] = "person", ["Putin"] = "person", ["Trump"] = "person",
      ["Syria"] = "place", ["North Korea"] = "place", ["Asia"] = true}
    eq(#vals, 6, "#name→value dict")
    local keys = {{"Vladimir Putin", "person"}, {"Putin", "person"}, {"Trump", "person"},
      {"Syria", "place"}, {"North Korea", "place"}, {"Asia"}}
    local l = doc:lookup(vals)
    same_dict(l, dict_brute(keys), "lookup name→value")
    local np, npl, nasia, first_asia = 0, 0, 0, nil
    for sp in l do
      if sp.value == "person" then np = np + 1 end
      if sp.value == "place" then npl = npl + 1 end
      if sp.text == "Asia" then
        nasia = nasia + 1
        eq(sp.value, nil, "a value-less entry (true) has no value")
        eq(sp.entry, "Asia", "its entry")
      end
    end
    check(nasia > 0, "Asia is found")
    same(l:filter("person"), (function()
      local w = {}
      for _, h in ipairs(dict_brute(keys)) do if h[4] == "person" then w[#w + 1] = h end end
      return w
    end)(), "filter('person')")
    eq(#l:filter("place"), npl, "filter('place')")
    eq(#l:filter("nosuch"), 0, "filter by a value nobody has")
    for sp in l:filter("person") do eq(sp.value, "person", "filtered spans keep their value") end
    -- bulk annotate without a label: the value is the label; a value-less
    -- entry is an error (and nothing is added)
    local before = #doc:annotations()
    local idx = 0
    for sp in l do idx = idx + 1; if sp.text == "Asia" then break end end
    fails(function() return l:annotate{} end,
      "annotate: no label given, and span " .. idx .. " has no dictionary value to use", "annotate{} with a value-less entry")
    eq(#doc:annotations(), before, "the failed bulk annotate added nothing")
    local withval = l:filter(function(sp) return sp.value ~= nil end)
    eq(#withval, np + npl, "filter(fn) keeps the spans with a value")
    eq(withval:annotate{note = "by value"}, np + npl, "bulk annotate by value")
    eq(#doc:annotations("person"), np, "labels taken from the values: person")
    eq(#doc:annotations("place"), npl, "labels taken from the values: place")
    for a in doc:annotations("place") do eq(a.note, "by value", "bulk note") end
    -- with a label, the label wins and value-less entries are fine
    eq(l:annotate{label = "dict-hit"}, #l, "bulk annotate with a label")
    eq(#doc:annotations("dict-hit"), #l, "every hit annotated")
    fails(function() return doc:find("Putin"):annotate{} end, "'label' must be a string", "annotate{} on a non-dict list")
  end
  -- matches across inline markup, never across blocks, never in masked text
  do
    local inl = glossa.dict({"90 minute phone call", "finished a 90 minute phone call with Russian",
      "more than one hour", "North Korea", "almost an hour and a half"}, {overlaps = "all"})
    local l = doc:lookup(inl)
    same(l, dict_brute({{"90 minute phone call"}, {"finished a 90 minute phone call with Russian"},
      {"more than one hour"}, {"North Korea"}, {"almost an hour and a half"}}, {all = true}), "lookup over inline markup")
    local got = {}
    for sp in l do got[sp.text] = (got[sp.text] or 0) + 1 end
    eq(got["finished a 90 minute phone call with Russian"], 1, "a hit across element boundaries")
    if T == "html" then
      local strong, a = 0, 0
      for sp in l do
        local e = sp:enclosing()
        if sp.text == "90 minute phone call" or sp.text == "more than one hour" then
          eq(e.name, "strong", sp.text .. " is inside <strong>")
          strong = strong + 1
        end
        if sp.text == "North Korea" and sp:enclosing("a") then
          a = a + 1
          check(sp:enclosing("blockquote") ~= nil, "the linked North Korea is in the readout")
        end
        if sp.text:find("^finished") then eq(sp:enclosing().name, "p", "a hit across <strong> is inside <p>") end
      end
      eq(strong, 2, "hits inside <strong>")
      eq(a, 1, "North Korea inside <a> in the readout")
      eq(#doc:lookup(glossa.dict({"getElementById", "comment_parent"}, {words = false})), 0,
        "no lookup hit in masked text")
    end
    local k = text:match("framework%.%s+It would")
    eq(#doc:lookup(glossa.dict{k}), 0, "no lookup hit across a block boundary")
    eq(#doc:lookup(glossa.dict{"works."}), 1, "a hit at a block's end")
    -- span:lookup: only inside the span
    local ps = sent:lookup(glossa.dict({"It would", "works.", "deal-making", "making", "the works. ", "in"}))
    local t = {}
    for sp in ps do t[#t + 1] = sp.text end
    -- ("the works. " is "the works.": white space at an entry's ends is dropped)
    eq(table.concat(t, "|"), "It would|deal-making|in|the works.", "span:lookup inside the sentence")
    eq(#doc:span(ds, ds + 4):lookup(glossa.dict{"It would"}), 0, "span:lookup does not run past the span")
    -- words looks outside the span
    eq(#doc:span(ds + 3, de):lookup(glossa.dict{"would"}), 1, "span:lookup of a whole word")
    eq(#doc:span(ds + 4, de):lookup(glossa.dict{"ould"}), 0, "words looks at the byte before the span")
  end
  -- the file form
  do
    eq(#FILE_DICT, 5, "#file dict: blank lines skipped, a duplicate is one entry")
    local keys = {{"Vladimir Putin", "person"}, {"Donald J. Trump", "person"}, {"Syria", "place"},
      {"North Korea"}, {"Rex Tillerson", "person"}}
    local l = doc:lookup(FILE_DICT)
    same_dict(l, dict_brute(keys), "lookup of the file dict")
    local crlf = 0
    for sp in l do
      if sp.text == "Donald J. Trump" or sp.text == "Rex Tillerson" then
        crlf = crlf + 1
        eq(sp.value, "person", "a CRLF line's value has no \\r")
      end
      if sp.text == "Vladimir Putin" then eq(sp.value, "person", "a duplicate keeps the first value") end
    end
    eq(crlf, 2, "the CRLF lines' names are found")
    fails(function() return glossa.dict("tests/lua/data/nosuch.tsv") end,
      "tests/lua/data/nosuch.tsv: No such file or directory", "a missing dictionary file")
  end
  -- dict errors
  fails(function() return glossa.dict(42) end, "bad argument #1 to 'dict' (table or file name expected, got number)",
    "glossa.dict(42)")
  fails(function() return glossa.dict({"x"}, {nocase = true, foo = 1}) end,
    "the options are nocase, words and overlaps", "unknown dict option")
  fails(function() return glossa.dict({"x"}, {overlaps = "some"}) end,
    "glossa.dict: overlaps: expected \"longest\" or \"all\", got \"some\"", "bad overlaps")
  fails(function() return glossa.dict{"x", 5} end, "glossa.dict: entry 2 must be a string (got number)",
    "a number entry")
  fails(function() return glossa.dict{x = 5} end, "glossa.dict: the value of 'x' must be a string or true",
    "a number value")
  fails(function() return glossa.dict{x = false} end, "the value of 'x' must be a string or true", "a false value")
  fails(function() return glossa.dict{"\xff"} end, "is not valid UTF-8", "an invalid UTF-8 key")
  fails(function() return doc:lookup("Putin") end, "glossa.Dict expected", "lookup of a string")
  eq(#glossa.dict{}, 0, "an empty dict")
  eq(#doc:lookup(glossa.dict{}), 0, "an empty dict finds nothing")

  -- 3. Sentences, tokens, blocks ---------------------------------------------------
  local sents = doc:sentences()
  do
    local prev = -1
    for sp in sents do
      local s, e = range(sp)
      check(e > s, "a sentence is not empty")
      check(s >= prev, "sentences are in order and disjoint")
      prev = e
      check(in_one(REG, s, e), "sentence " .. tostring(sp) .. " lies inside one block")
      check(not sp.text:match("^%s") and not sp.text:match("%s$"), "a sentence is trimmed: " .. tostring(sp))
    end
  end
  local exp_lines = {}
  for l in read_file("tests/sentences/trump-putin-call.txt.expected"):gmatch("[^\n]+") do
    local a, b, t = l:match("^(%d+) (%d+)\t(.*)$")
    check(a ~= nil, "expected file line: " .. l)
    exp_lines[#exp_lines + 1] = {tonumber(a), tonumber(b), t}
  end
  check(#exp_lines >= 40, "the expected sentence list")
  if T == "text" then
    local i = 0
    for sp in sents do
      i = i + 1
      local w = exp_lines[i]
      check(w ~= nil, "more sentences than expected: " .. tostring(sp))
      eq(text:sub(w[1] + 1, w[2]), w[3], "the expected file's offsets index the text (line " .. i .. ")")
      eq(sp.start - 1, w[1], "sentence " .. i .. " start (" .. w[3] .. ")")
      eq(sp.stop, w[2], "sentence " .. i .. " end (" .. w[3] .. ")")
      eq(sp.text, w[3], "sentence " .. i .. " text")
    end
    eq(i, #exp_lines, "#doc:sentences() == the expected list")
  else
    local from, to
    for i, w in ipairs(exp_lines) do
      if w[3]:find("^Yesterday while") then from = i end
      if w[3] == SENTENCE then to = i end
    end
    local got, on = {}, false
    for sp in sents do
      if sp.text:find("^Yesterday while") then on = true end
      if on then got[#got + 1] = sp.text end
      if sp.text == SENTENCE then break end
    end
    eq(#got, to - from + 1, "post-body sentences: same count as the .txt")
    for k = from, to do eq(got[k - from + 1], exp_lines[k][3], "post-body sentence " .. (k - from + 1)) end
  end
  -- abbreviations: these never end a sentence
  for _, abbr in ipairs{"U.N. Security Council", "Vladimir V. Putin", "Donald J. Trump", "SoS Rex Tillerson",
    "Bilat’s (Bilateral Discussion)"} do
    local sp = doc:find(abbr:gsub("%p", "%%%0")):first()
    local ss = sp:sentence()
    check(ss ~= nil and ss:contains(sp), "'" .. abbr .. "' lies in one sentence")
  end
  -- span:sentences(), span:sentence()
  do
    local blk = sent:block()
    eq(blk.text, SENTENCE, "the deal-making paragraph is one sentence (span:block())")
    local ss = blk:sentences()
    eq(#ss, 1, "span:sentences() of that block")
    check(ss[1] == sent, "... is the sentence")
    check(doc:span(ds + 5, ds + 9):sentence() == sent, "span:sentence() of a word in it")
    local j = doc:find("J%. Trump"):first()
    local js = j:sentence()
    eq(js.text:sub(1, 25), "President Donald J. Trump", "span:sentence() around 'J.'")
    -- the readout paragraph: its sentences are the doc's sentences inside it
    local rb = j:block()
    local want = {}
    for sp in sents do if rb:contains(sp) then want[#want + 1] = {range(sp)} end end
    same(rb:sentences(), want, "span:sentences() of the readout's first paragraph")
    eq(#want, 2, "the readout's first paragraph has two sentences")
    -- a span cutting a sentence: sentences of the part
    local part = doc:span(j.start, rb.stop)
    check(#part:sentences() >= 1, "span:sentences() of a partial range")
    for sp in part:sentences() do check(part:contains(sp), "span:sentences() stay inside the span") end
    -- white space between two sentences has no sentence
    local gap = doc:span(js.stop + 1, js.stop + 1)
    eq(text:sub(js.stop + 1, js.stop + 1), " ", "a space after the J. sentence")
    eq(gap:sentence(), nil, "span:sentence() of the space between sentences")
  end
  -- tokens
  do
    local toks = doc:tokens()
    local set, prev = {}, -1
    for sp in toks do
      local s, e = range(sp)
      check(e > s, "a token is not empty")
      check(s >= prev, "tokens are in order and disjoint")
      prev = e
      check(not sp.text:find("[ \t\r\n]"), "a token holds no white space: " .. tostring(sp))
      check(in_one(REG, s, e), "a token lies in one block")
      set[sp.text] = true
    end
    for _, t in ipairs{"U.N.-led", "We’re", "al-Qaeda", "deal-making", "Putin", "2254"} do
      check(set[t], "'" .. t .. "' is one token")
    end
    check(#toks > 500, "the sample has many tokens")
    -- every \w+ run lies inside one token
    local ti = {}
    for sp in toks do ti[#ti + 1] = {range(sp)} end
    local k = 1
    for _, w in ipairs(lfind("[%w_]+", REG)) do
      while k <= #ti and ti[k][2] <= w[1] do k = k + 1 end
      check(ti[k] and ti[k][1] <= w[1] and w[2] <= ti[k][2], "word " .. text:sub(w[1] + 1, w[2]) .. " inside a token")
    end
    -- span:tokens()
    local st = {}
    for sp in sent:tokens() do st[#st + 1] = sp.text end
    eq(table.concat(st, "|"), "It|would|appear|there’s|some|deal-making|in|the|works|.", "span:tokens()")
    local want = {}
    for _, t in ipairs(ti) do if t[1] >= ds - 1 and t[2] <= de then want[#want + 1] = t end end
    same(sent:tokens(), want, "span:tokens() == the doc's tokens inside it")
  end
  -- blocks
  do
    local want = {}
    local edges = {0}
    for _, b in ipairs(bounds) do if b > 0 and b < len then edges[#edges + 1] = b end end
    edges[#edges + 1] = len
    local function trim(s, e)
      while s < e do
        if text:sub(s + 1, s + 1):match("^[ \t\n\r\f\v]$") then s = s + 1
        elseif text:sub(s + 1, s + 2) == "\u{A0}" then s = s + 2
        else break end
      end
      while e > s do
        if text:sub(e, e):match("^[ \t\n\r\f\v]$") then e = e - 1
        elseif e - 1 > s and text:sub(e - 1, e) == "\u{A0}" then e = e - 2
        else break end
      end
      return s, e
    end
    for i = 1, #edges - 1 do
      local s, e = trim(edges[i], edges[i + 1])
      local m = false
      for _, r in ipairs(masked) do if r[1] < e and s < r[2] then m = true end end
      if e > s and not m then want[#want + 1] = {s, e} end
    end
    same(doc:blocks(), want, "doc:blocks()")
    if T == "text" then
      local np = 0
      for _ in doc:select("//p") do np = np + 1 end
      eq(#doc:blocks(), np, "a text document's blocks are its paragraphs")
    end
    -- span:blocks() of a range over three paragraphs: the parts inside it
    local a = doc:find("Important to note"):first()
    local z = doc:find("Both presidents"):first()
    local r = doc:span(a.start + 10, z.stop)
    local w2 = {}
    for _, b in ipairs(want) do
      local s, e = math.max(b[1], r.start - 1), math.min(b[2], r.stop)
      if e > s then
        s, e = trim(s, e)
        if e > s then w2[#w2 + 1] = {s, e} end
      end
    end
    same(r:blocks(), w2, "span:blocks()")
    eq(r:blocks()[1].text:sub(1, 8), "to note ", "span:blocks() starts at the span")
    -- span:block(): the block the span starts in
    for _, b in ipairs(want) do
      local sp = doc:span(b[1] + 1, b[1] + 1)
      local bb = sp:block()
      eq(bb.start - 1, b[1], "span:block() start")
      eq(bb.stop, b[2], "span:block() end")
    end
  end

  -- 4. Selection -------------------------------------------------------------------
  fails(function() return doc:css("p::before") end, "bad CSS selector 'p::before': ", "CSS pseudo-element")
  fails(function() return doc:css("p[") end, "bad CSS selector 'p[': ", "unfinished CSS")
  fails(function() return doc:css("") end, "bad CSS selector '': ", "empty CSS")
  fails(function() return doc:css() end, "bad argument #1 to 'css' (string expected, got no value)", "doc:css()")
  fails(function() return doc.root:css("a >") end, "bad CSS selector 'a >': ", "node:css error")
  if T == "html" then
    local bq = doc:css("blockquote")
    eq(#bq, 1, "one blockquote")
    local b = bq[1]
    eq(b.name, "blockquote", "css('blockquote') name")
    eq(#b:css("p"), 4, "the readout has 4 <p>")
    eq(#b:css("blockquote p"), 0, "relative: every compound must match inside the node")
    eq(#b:css("div p"), 0, "relative: the div is outside the blockquote")
    eq(#b:css("p a"), 2, "relative descendant selector inside it")
    eq(#b:css("p > strong"), 1, "relative child selector")
    for p in b:css("p") do check(p:parent() == b, "the readout's p's are its children") end
    eq(#doc:css("div p"), #doc:select("//div//p"), "css('div p')")
    eq(#doc:css(".entry-content > p"), #doc:select("//div[@class='entry-content']/p"), "css('.entry-content > p')")
    eq(#doc:css(".entry-content > p"), 6, "6 p children of the entry content")
    eq(#doc:css("#comments h3"), 2, "css('#comments h3')")
    eq(#doc:css("[href]"), #doc:select("//*[@href]"), "css('[href]')")
    eq(#doc:css("a[target=_blank]"), 2, "css('a[target=_blank]')")
    eq(#doc:css('a[target="_blank"]'), 2, "css with a quoted value")
    eq(#doc:css("p, blockquote"), #doc:select("//p | //blockquote"), "css group")
    eq(#doc:css("li.comment"), 1, "css('li.comment') with several classes")
    eq(#doc:css(".comment"), 2, ".comment matches a class among several (not comment-content)")
    eq(#doc:css("div.comment-form-service p"), 9, "descendant with class")
    local ec = doc:css(".entry-content")[1]
    eq(#ec:css("p"), #doc:select("//div[@class='entry-content']//p"), "node:css('p')")
    eq(#ec:css("p"), 10, "node:css('p'): 6 children and the readout's 4")
  elseif T == "xml" then
    eq(#doc:select("//t:persName", {t = "http://www.tei-c.org/ns/1.0"}),
      select(2, source:gsub("<persName>", "")), "select with a bound prefix")
    eq(#doc:select("//t:placeName", {t = "http://www.tei-c.org/ns/1.0"}),
      select(2, source:gsub("<placeName>", "")), "select placeName with a bound prefix")
  else
    eq(#doc:css("p"), #doc:select("//p"), "css('p') on text")
    eq(#doc:css("text > p"), #doc:select("/text/p"), "css('text > p')")
    eq(#doc.root:css("p"), #doc:select("//p"), "node:css('p') on text")
  end

  -- 5. Relations ---------------------------------------------------------------------
  do
    local a, b = doc:span(1, 5), doc:span(6, 10)
    eq(a:overlaps(b), false, "touching spans do not overlap")
    eq(b:overlaps(a), false, "touching spans do not overlap (reversed)")
    eq(a:before(b), true, "a before b")
    eq(b:after(a), true, "b after a")
    eq(a:after(b), false, "a not after b")
    eq(doc:span(1, 6):overlaps(b), true, "one byte in common overlaps")
    local e = doc:span(6, 5) -- empty, at byte 6
    eq(e:overlaps(doc:span(1, 10)), false, "an empty span overlaps nothing")
    eq(doc:span(1, 10):overlaps(e), false, "nothing overlaps an empty span")
    eq(e:overlaps(e), false, "an empty span does not overlap itself")
    eq(doc:span(1, 10):contains(e), true, "a span contains an empty span inside it")
    eq(e:within(doc:span(1, 10)), true, "an empty span is within")
    eq(a:contains(a), true, "a span contains itself")
    eq(a:within(a), true, "a span is within itself")
    eq(a:overlaps(a), true, "a span overlaps itself")
    -- random pairs against the definitions
    math.randomseed(7)
    for _ = 1, 300 do
      local s1 = math.random(0, len); local e1 = math.random(s1, math.min(len, s1 + 40))
      local s2 = math.random(math.max(0, s1 - 40), math.min(len, s1 + 40))
      local e2 = math.random(s2, math.min(len, s2 + 40))
      local x, y = doc:span(s1 + 1, e1), doc:span(s2 + 1, e2)
      eq(x:overlaps(y), s1 < e1 and s2 < e2 and s1 < e2 and s2 < e1, "overlaps " .. s1 .. "," .. e1 .. " / " .. s2 .. "," .. e2)
      eq(x:contains(y), s1 <= s2 and e2 <= e1, "contains")
      eq(x:within(y), s2 <= s1 and e1 <= e2, "within")
      eq(x:before(y), e1 <= s2, "before")
      eq(x:after(y), s1 >= e2, "after")
    end
    -- b an Annotation or a Node
    local ann = sent:annotate{label = "rel"}
    eq(sent:within(ann), true, "span within an Annotation")
    eq(doc:span(ds + 3, ds + 7):within(ann), true, "a word within an Annotation")
    eq(doc:span(1, 1):before(ann), true, "before an Annotation")
    local p = sent:enclosing()
    check(p ~= nil, "the sentence has an enclosing element")
    eq(p.name, "p", "span:enclosing() of the sentence is its p")
    eq(sent:within(p), true, "span within a Node")
    eq(sent:overlaps(p), true, "span overlaps its Node")
    eq(doc:span(1, 3):before(p), true, "span before a Node")
    eq(sent:contains(p), true, "the sentence contains its p (the p has no white space around it)")
    eq(sent:enclosing("p"), p, "span:enclosing('p')")
    eq(sent:enclosing("nosuch"), nil, "span:enclosing('nosuch')")
    eq(sent:enclosing(T == "xml" and "TEI" or (T == "html" and "body" or "text")).name,
      T == "xml" and "TEI" or (T == "html" and "body" or "text"), "span:enclosing(root-ish name)")
    local bil2 = doc:find("Bilat’s"):first()
    eq(bil2:enclosing().name, "p", "enclosing of a word")
    fails(function() return sent:overlaps("x") end, "Span, Annotation or Node expected", "overlaps('x')")
    fails(function() return sent:overlaps() end, "Span, Annotation or Node expected", "overlaps()")
    if T == "html" then
      local title = doc:select("//head/title")[1]
      fails(function() return sent:overlaps(title) end, "the node is not in the text view", "a node outside the view")
      fails(function() return sent:within(title) end, "the node is not in the text view", "within a node outside the view")
      fails(function() return doc:annotations{within = title} end, "the node is not in the text view",
        "annotations{within = head node}")
      local s90 = doc:find("90 minute phone call"):first()
      eq(s90:enclosing().name, "strong", "span:enclosing() in <strong>")
      eq(s90:enclosing("p").name, "p", "span:enclosing('p') above <strong>")
      eq(s90:enclosing("article"):attr("id"), "post-142613", "span:enclosing('article')")
    end
    if PREV then
      fails(function() return sent:overlaps(PREV.span) end, "document is closed", "a span of another (closed) document")
      fails(function() return sent:within(PREV.node) end, "document is closed", "a node of another document")
      fails(function() return doc:annotations{overlapping = PREV.span} end, "document is closed",
        "annotations{overlapping = another document's span}")
      fails(function() return doc:tokens():union(PREV.list) end, "the list belongs to another document",
        "union with another document's list")
      fails(function() return doc:tokens():minus(PREV.list) end, "the list belongs to another document",
        "minus with another document's list")
      fails(function() return doc:tokens():intersect(PREV.list) end, "the list belongs to another document",
        "intersect with another document's list")
      fails(function() return PREV.list:unique() end, "document is closed", "unique on a closed list")
    end
  end

  -- 6. Annotation queries ----------------------------------------------------------------
  do
    -- many annotations: every token, every word, every sentence, random spans
    doc:tokens():annotate{label = "token"}
    doc:match([[\w+]]):annotate{label = "word"}
    sents:annotate{label = "sentence"}
    doc:match([[\S]]):annotate{label = "char"}
    math.randomseed(20171115)
    local function cp_boundary(o) -- o: 0-based offset; moved back to a code point start
      while o > 0 and o < len and (text:byte(o + 1) & 0xC0) == 0x80 do o = o - 1 end
      return o
    end
    local function rnd_span(maxlen)
      local s = cp_boundary(math.random(0, len))
      local e = cp_boundary(math.min(len, s + math.random(0, maxlen)))
      if e < s then e = s end
      return doc:span(s + 1, e)
    end
    for i = 1, 300 do rnd_span(i % 10 == 0 and 0 or 300):annotate{label = "random"} end
    local total = #doc:annotations()
    check(total >= 2000, "at least 2,000 annotations (" .. total .. ")")
    -- a Lua copy of every annotation, with its creation number
    local all
    local function snapshot()
      all = {}
      for a in doc:annotations() do
        local s, e = range(a.span)
        all[#all + 1] = {s = s, e = e, seq = tonumber(a.id:sub(2)), label = a.label, id = a.id}
      end
      for i = 2, #all do
        local p, q = all[i - 1], all[i]
        if not (p.s < q.s or (p.s == q.s and (p.e < q.e or (p.e == q.e and p.seq < q.seq)))) then
          check(false, "doc:annotations() in output order at " .. i .. ": " .. p.id .. " then " .. q.id)
        end
      end
      N = N + 1
    end
    snapshot()
    eq(#all, total, "snapshot size")
    local function brute(f)
      local out = {}
      for _, a in ipairs(all) do
        local ok = true
        if f.label and a.label ~= f.label then ok = false end
        if ok and f.within then ok = f.within[1] <= a.s and a.e <= f.within[2] end
        if ok and f.overlapping then ok = a.s < f.overlapping[2] and f.overlapping[1] < a.e end
        if ok and f.containing then ok = a.s <= f.containing[1] and f.containing[2] <= a.e end
        if ok then out[#out + 1] = a.id end
      end
      return out
    end
    local function query(f, what)
      local q = {label = f.label}
      for _, k in ipairs{"within", "overlapping", "containing"} do
        if f[k] then q[k] = f[k].obj or doc:span(f[k][1] + 1, f[k][2]) end
      end
      local got = {}
      for a in doc:annotations(q) do got[#got + 1] = a.id end
      local want = brute(f)
      local gs, ws = table.concat(got, ","), table.concat(want, ",")
      if gs ~= ws then
        check(false, string.format("%s: expected %d annotations [%s], got %d [%s]", what, #want,
          ws:sub(1, 200), #got, gs:sub(1, 200)))
      end
      N = N + 1
    end
    local labels = {nil, "token", "word", "sentence", "random", "nosuch", "char", "late"}
    local function rq()
      local s = math.random(0, len)
      local e = math.random(0, 9) == 0 and s or math.min(len, s + math.random(0, 400))
      return {s, e}
    end
    for i = 1, 400 do
      local f = {label = labels[math.random(1, 8)]}
      local which = i % 7
      if which == 0 or which == 4 or which == 6 then f.within = rq() end
      if which == 1 or which == 4 or which == 5 or which == 6 then f.overlapping = rq() end
      if which == 2 or which == 5 or which == 6 then f.containing = rq() end
      if which == 3 then
        -- an annotation's own range: every relation
        local a = all[math.random(1, #all)]
        f.within, f.overlapping, f.containing = {a.s, a.e}, {a.s, a.e}, nil
        if i % 2 == 0 then f.containing = {a.s, a.e}; f.within = nil end
      end
      query(f, "annotations query " .. i)
      -- annotations added between queries: the index must see them
      if i % 50 == 0 then
        for _ = 1, 30 do rnd_span(200):annotate{label = "late"} end
        rnd_span(0):annotate{label = "late"}
        snapshot()
        query({label = "late", overlapping = {0, len}}, "late annotations are found")
        query({containing = {all[#all].s, all[#all].e}}, "containing the last added")
      end
    end
    -- empty query spans, at annotation edges
    for k = 1, 60 do
      local a = all[math.random(1, #all)]
      local at = k % 2 == 0 and a.s or a.e
      query({containing = {at, at}}, "containing an empty span at " .. at)
      query({within = {at, at}}, "within an empty span at " .. at)
      query({overlapping = {at, at}}, "overlapping an empty span at " .. at)
    end
    -- Annotation and Node as the query
    local ann = all[math.random(1, #all)]
    local aobj
    for a in doc:annotations() do if a.id == ann.id then aobj = a break end end
    query({within = {ann.s, ann.e, obj = aobj}}, "within an Annotation")
    query({containing = {ann.s, ann.e, obj = aobj}, label = "token"}, "containing an Annotation")
    local p = sent:enclosing("p")
    local pr = {range(p:span())}
    query({within = {pr[1], pr[2], obj = p}}, "within a Node")
    query({overlapping = {pr[1], pr[2], obj = p}, label = "word"}, "overlapping a Node with a label")
    -- the ones for the sentence, by hand
    local ws = doc:annotations{label = "word", within = sent}
    eq(#ws, #sent:match([[\w+]]), "words within the sentence")
    eq(#doc:annotations{label = "sentence", containing = doc:span(ds + 3, ds + 7)}, 1, "one sentence contains a word")
    eq(#doc:annotations{label = "sentence", within = sent, containing = sent}, 1, "within and containing")
    fails(function() return doc:annotations{within = "x"} end, "Span, Annotation or Node expected", "within = 'x'")
    fails(function() return doc:annotations{label = "x", colour = "red"} end,
      "the filter table takes label, within, overlapping and containing", "unknown filter key")
  end

  -- 7. SpanList set operations ---------------------------------------------------------------
  do
    -- half-open: an empty span overlaps nothing
    local function lov(a, b) return a[1] < a[2] and b[1] < b[2] and a[1] < b[2] and b[1] < a[2] end
    local function b_minus(A, B, keep)
      local out = {}
      for _, x in ipairs(A) do
        local any = false
        for _, y in ipairs(B) do if lov(x, y) then any = true break end end
        if any == keep then out[#out + 1] = x end
      end
      return out
    end
    local function b_union(A, B)
      local all = {}
      for _, x in ipairs(A) do all[#all + 1] = x end
      for _, x in ipairs(B) do all[#all + 1] = x end
      table.sort(all, by_start_end)
      local out = {}
      for _, x in ipairs(all) do
        local l = out[#out]
        if not (l and l[1] == x[1] and l[2] == x[2]) then out[#out + 1] = x end
      end
      return out
    end
    local function b_unique(A)
      local o = {}
      for i, x in ipairs(A) do o[i] = {x[1], x[2], i} end
      table.sort(o, function(a, b)
        local la, lb = a[2] - a[1], b[2] - b[1]
        if la ~= lb then return la > lb end
        if a[1] ~= b[1] then return a[1] < b[1] end
        return a[3] < b[3]
      end)
      local kept = {}
      for _, x in ipairs(o) do
        local ok = true
        for _, y in ipairs(kept) do if lov(x, y) then ok = false break end end
        if ok then kept[#kept + 1] = x end
      end
      table.sort(kept, function(a, b)
        if a[1] ~= b[1] then return a[1] < b[1] end
        if a[2] ~= b[2] then return a[2] < b[2] end
        return a[3] < b[3]
      end)
      return kept
    end
    -- restrict to one part of the document to keep brute force quick
    local para = doc:find("Both presidents also stressed"):first():block()
    local lists = {
      find = para and doc:find("%a+"),
      pairs2 = doc:match([[\w+\s\w+]]),
      toks = doc:tokens(),
      sents = doc:sentences(),
      people = doc:lookup(PEOPLE_ALL),
      empties = doc:match([[\b]]),
      syria = doc:match(RE_SYRIA),
      threes = doc:match([[\w{3}]]),
    }
    local names = {"find", "pairs2", "toks", "sents", "people", "empties", "syria", "threes"}
    local P = {}
    for _, k in ipairs(names) do P[k] = pairs_of(lists[k]) end
    -- a smaller window for the quadratic brute force
    local w0, w1 = para.start - 1 - 300, para.stop + 300
    local function window(l)
      local o = {}
      for _, x in ipairs(l) do if x[1] >= w0 and x[2] <= w1 then o[#o + 1] = x end end
      return o
    end
    local W = {}
    for _, k in ipairs(names) do
      local want = window(P[k])
      W[k] = lists[k]:filter(function(sp) return sp.start - 1 >= w0 and sp.stop <= w1 end)
      same(W[k], want, "filter(fn) window of " .. k)
      P[k] = want
    end
    for _, a in ipairs(names) do
      for _, b in ipairs(names) do
        local what = a .. " " .. b
        same(W[a]:minus(W[b]), b_minus(P[a], P[b], false), what .. " minus")
        same(W[a]:intersect(W[b]), b_minus(P[a], P[b], true), what .. " intersect")
        same(W[a]:union(W[b]), b_union(P[a], P[b]), what .. " union")
      end
      same(W[a]:unique(), b_unique(P[a]), a .. " unique")
    end
    -- whole lists, non-quadratic checks
    same(lists.toks:union(lists.toks), pairs_of(lists.toks), "union with itself")
    eq(#lists.toks:minus(lists.toks), 0, "minus itself")
    eq(#lists.toks:intersect(lists.toks), #lists.toks, "intersect itself")
    eq(#lists.toks:minus(doc:find("no such words")), #lists.toks, "minus an empty list")
    eq(#doc:find("no such words"):unique(), 0, "unique of an empty list")
    -- captures and values survive
    local m = doc:match(RE_NAME)
    local function caps(l)
      local t = {}
      for sp in l do t[#t + 1] = sp:capture("first").text .. "/" .. sp:capture(2).text end
      return table.concat(t, ",")
    end
    local mc = caps(m)
    check(#m > 3, "several name matches")
    eq(caps(m:filter(function() return true end)), mc, "captures survive filter(fn)")
    eq(caps(m:unique()), mc, "captures survive unique")
    eq(caps(m:minus(doc:find("no such words"))), mc, "captures survive minus")
    eq(caps(m:intersect(doc:find("Putin"))), mc, "captures survive intersect")
    eq(caps(m:union(m)), mc, "captures survive union with itself")
    eq(caps(m:union(doc:match(RE_NAME))), mc, "captures survive union of lists from the same Regex")
    local c1, c2 = 0, 0
    local half1 = m:filter(function() c1 = c1 + 1; return c1 % 2 == 1 end)
    local half2 = m:filter(function() c2 = c2 + 1; return c2 % 2 == 0 end)
    eq(caps(half2:union(half1)), mc, "union of two halves from the same Regex keeps every capture")
    local mixed = m:union(doc:find("Putin"))
    fails(function() return mixed[1]:capture(1) end, "not a regex match", "union with another source: plain spans")
    local sy = doc:match(RE_SYRIA)
    for sp in sy:unique() do
      eq(sp:capture(2) == nil, sp.text == "Syria", "unset groups stay unset after unique")
    end
    local l = doc:lookup(FILE_DICT)
    local function vals(x)
      local t = {}
      for sp in x do t[#t + 1] = sp.text .. "=" .. tostring(sp.value) end
      return table.concat(t, ",")
    end
    local lv = vals(l)
    eq(vals(l:filter(function() return true end)), lv, "values survive filter(fn)")
    eq(vals(l:unique()), lv, "values survive unique")
    eq(vals(l:minus(doc:find("no such words"))), lv, "values survive minus")
    eq(vals(l:intersect(l)), lv, "values survive intersect")
    eq(vals(l:union(doc:lookup(FILE_DICT))), lv, "values survive union of lists from the same Dict")
    eq(vals(l:filter("person"):union(l:filter("place"))), vals(l:filter(function(sp)
      return sp.value == "person" or sp.value == "place" end)), "union of two filters by value")
    -- errors
    fails(function() return lists.toks:filter(42) end, "dictionary value or function expected", "filter(42)")
    fails(function() return lists.toks:filter("x") end,
      "filtering by value needs the spans of a dictionary lookup", "filter(value) on a non-dict list")
    fails(function() return lists.toks:union("x") end, "glossa.SpanList expected", "union('x')")
    fails(function() return lists.toks:minus() end, "glossa.SpanList expected", "minus()")
    fails(function() return lists.toks:filter(function() error("boom") end) end, "boom", "errors in filter propagate")
    PREV = {span = sent, node = doc.root, list = lists.toks}
  end

  -- the marker: the whole suite ran
  if FAILS > 0 then error(string.format("FAILED: %d of %d checks", FAILS, N)) end
  N = N + 1
  sent:annotate{label = "matchers-tests", note = N .. " checks passed"}
end
