-- api.lua: the Lua API test suite. Exercises every object, method and
-- property of the binding (issue 2), with values computed independently in
-- Lua, and every error path under pcall.
--
--   build/glossa -s tests/lua/api.lua samples/trump-putin-call.html
--   (also .txt and .xml; tests/lua/run.sh runs all three)
--
-- Any failed check raises "FAILED: ..." (the run exits 1 and the document is
-- not annotated). When every check passes, the deal-making sentence gets the
-- label `api-tests` and the note "N checks passed".
--
-- `fixed` checks bugs this suite once found in the binding (all fixed): a
-- regression fails the run like any other check.

local N = 0
local function check(cond, what, level)
  N = N + 1
  if not cond then error("FAILED: " .. what, (level or 1) + 1) end
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

-- The line of the caller and the chunk name, read from an error position
-- (the debug library is not available to sandboxed scripts).
local function here(f)
  local _, m = pcall(f)
  local src, line = m:match("^(.-):(%d+): @$")
  return src, tonumber(line)
end

-- Top level: runs once, before the first document.
local SRC = here(function() error("@") end)
check(SRC and SRC:match("api%.lua$") ~= nil, "chunk name ends in api.lua")

-- glossa -----------------------------------------------------------------
check(type(glossa) == "table", "glossa is a table")
check(type(glossa.version) == "string" and glossa.version:match("^%d+%.%d+%.%d+") ~= nil,
  "glossa.version looks like x.y.z")
check(type(glossa.args) == "table", "glossa.args is a table")
if glossa.args.suite then -- run.sh passes -a suite=api -a eq=a=b -a empty=
  eq(glossa.args.suite, "api", "glossa.args.suite")
  eq(glossa.args.eq, "a=b", "-a splits at the first '='")
  eq(glossa.args.empty, "", "-a key= gives an empty string")
else
  check(next(glossa.args) == nil, "glossa.args is empty without -a")
end
check(type(glossa.log) == "function", "glossa.log is a function")
-- its line goes to stderr: run.sh asserts it
glossa.log("api-tests log", 1, nil, true)

local SENTENCE = "It would appear there’s some deal-making in the works."
local EXPECT = {                 -- line and column of SENTENCE in the source
  text = {line = 21, col = 1, root = "text", p = "//p", ext = "txt"},
  html = {line = 47, col = 4, root = "html", p = "//p", ext = "html"},
  xml  = {line = 34, col = 4, root = "TEI", p = "//d:p", ext = "xml"},
}

-- Plain-text helpers computed without the binding.
local function plain_find_all(text, pat)
  local out, init = {}, 1
  while true do
    local s, e = text:find(pat, init)
    if not s then break end
    out[#out + 1] = {s, e}
    init = e >= s and e + 1 or s + 1
  end
  return out
end

local function read_file(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("a")
  f:close()
  return s
end

local function fixed(still_there, name)
  check(not still_there, "regression: " .. name, 2)
end

-- A missing argument must be reported as "got no value" (once, some methods
-- pushed their Document first, and the message named it instead).
local function no_value_bug(f, fname, what)
  local e = fails(f, "bad argument #1 to '" .. fname .. "' (", what)
  fixed(not e:find("got no value)", 1, true),
    what .. " says '" .. e:match("%(.-%)$") .. "', not '(... got no value)'")
end

return function(doc)
  -- doc ------------------------------------------------------------------
  local E = EXPECT[doc.type]
  check(E ~= nil, "doc.type is text, html or xml (got " .. tostring(doc.type) .. ")")
  eq(doc.path:match("%.(%a+)$"), E.ext, "doc.path's extension matches doc.type")
  eq(tostring(doc), "Document(" .. doc.path .. ")", "tostring(doc)")
  local text = doc.text
  eq(type(text), "string", "doc.text type")
  check(#text > 1000, "doc.text is the whole post")
  check(rawequal(doc.text, text), "doc.text is the same string each time")
  check(utf8.len(text) ~= nil, "doc.text is valid UTF-8")
  local source = read_file(doc.path)
  if doc.type == "text" then
    eq(text, source, "a text document's view is the file, byte for byte")
  else
    check(not text:find("<p", 1, true), "markup is not in the text view")
  end
  eq(doc.nosuchfield, nil, "unknown doc field is nil")

  -- doc.root, Node -------------------------------------------------------
  local root = doc.root
  eq(root.name, E.root, "doc.root.name")
  eq(root.type, "element", "root.type")
  check(root == doc.root, "two root objects compare equal")
  check(rawequal(root, root) and not rawequal(root, doc.root), "root objects are distinct userdata")
  eq(root:parent(), nil, "root:parent() is nil")
  eq(root:attr("nosuch"), nil, "missing attribute is nil")
  eq(root.nosuchfield, nil, "unknown node field is nil")

  -- doc:span: string.sub conventions --------------------------------------
  local len = #text
  local cases = {
    {}, {1}, {1, 5}, {5, 2}, {0}, {0, 0}, {0, 3}, {-5}, {-5, -2}, {-1, -1},
    {2, -1}, {len}, {len, len}, {len + 1}, {len + 10}, {-len - 10, 3},
    {3, len + 100}, {-len, -len}, {7, 7},
  }
  for _, c in ipairs(cases) do
    local what = "doc:span(" .. table.concat(c, ",") .. ")"
    local s = doc:span(table.unpack(c))
    local want = text:sub(c[1] or 1, c[2] or -1)
    eq(s.text, want, what .. ".text == string.sub")
    eq(#s, #want, what .. " #span")
    eq(s.stop - s.start + 1, #want, what .. " stop - start + 1")
    if #want > 0 then
      eq(text:sub(s.start, s.stop), want, what .. " start/stop index the text")
    else
      check(s.start >= 1 and s.start <= len + 1, what .. " empty span starts inside [1, len+1]")
    end
  end
  eq(doc:span(5, 2).start, 5, "empty doc:span(5,2) starts at 5")
  eq(doc:span(len + 10).start, len + 1, "doc:span past the end is empty at len+1")
  fails(function() return doc:span("x") end,
    "bad argument #1 to 'span' (number expected, got string)", "doc:span('x')")
  fails(function() return doc:span(1, {}) end,
    "bad argument #2 to 'span' (number expected, got table)", "doc:span(1, {})")
  fails(function() return doc:span(1.5) end,
    "number has no integer representation", "doc:span(1.5)")

  -- the deal-making sentence ----------------------------------------------
  local ds, de = text:find(SENTENCE, 1, true)
  check(ds ~= nil, "the deal-making sentence is in doc.text")
  check(text:find(SENTENCE, de + 1, true) == nil, "the sentence is there once")
  local found = doc:find("It would appear there’s some deal%-making in the works%.")
  eq(#found, 1, "doc:find finds the sentence once")
  local sent = found:first()
  eq(sent.start, ds, "sentence span.start")
  eq(sent.stop, de, "sentence span.stop")
  eq(sent.text, SENTENCE, "sentence span.text")
  eq(#sent, #SENTENCE, "#sentence span (bytes)")
  eq(sent.line, E.line, "sentence line")
  eq(sent.col, E.col, "sentence col")
  check(sent == doc:span(ds, de), "span == span over the same range")
  check(sent == doc:span(doc.text:find(SENTENCE, 1, true)), "doc:span(text:find()) just works")
  check(sent ~= doc:span(ds, de - 1), "spans over different ranges differ")
  check(sent ~= "x" and sent ~= root, "a span is not equal to other types")
  eq(tostring(sent), string.format('[%d,%d] "%s"', ds, de, SENTENCE), "tostring(span)")
  eq(sent.nosuchfield, nil, "unknown span field is nil")

  -- line and col against the source, computed here
  if doc.type == "text" then
    -- the view is the file: line = newlines before + 1, col in code points
    for _, pat in ipairs{"Syria", "Putin", "♦", "Valium", "WordPress"} do
      local s = doc:find(pat):first()
      local before = text:sub(1, s.start - 1)
      local _, nl = before:gsub("\n", "")
      local bol = (before:match(".*()\n") or 0) + 1
      eq(s.line, nl + 1, "line of " .. pat)
      eq(s.col, utf8.len(text:sub(bol, s.start - 1)) + 1, "col (code points) of " .. pat)
    end
  else
    -- the source line of the first "Syria" and its column in code points
    local s = doc:find("Syria"):first()
    local lineno, n = 0, 0
    for l in (source .. "\n"):gmatch("(.-)\n") do
      n = n + 1
      if l:find("Syria", 1, true) then lineno = n break end
    end
    eq(s.line, lineno, "line of the first Syria in the source")
    -- col is the column in the source file (code points), where entities
    -- such as &ndash; take several columns
    local p = doc:find("Putin"):first()
    local n2 = 0
    for l in (source .. "\n"):gmatch("(.-)\n") do
      n2 = n2 + 1
      if n2 == p.line then
        check(l:find("Putin", 1, true) ~= nil, "the first Putin's line has Putin in the source")
        local want = utf8.len(l:sub(1, l:find("Putin", 1, true) - 1)) + 1
        fixed(p.col ~= want, "the first Putin's col is " .. p.col .. ", in the source it is " ..
          want .. " (entities before it on the line)")
        break
      end
    end
  end
  local tail = doc:span(-1)
  check(tail.line >= E.line and tail.col >= 1, "the last byte has a line and col")

  -- tostring of a long span: 57 code points, then …
  local long = doc:span(ds, ds + 200)
  local cut = utf8.offset(long.text, 58) - 1
  eq(tostring(long), string.format('[%d,%d] "%s…"', ds, ds + 200, long.text:sub(1, cut)),
    "tostring(long span) is shortened")

  -- doc:find --------------------------------------------------------------
  -- text in script, style and noscript is in the view, but find skips it
  local masked = {}
  for n in doc:select("//script | //style | //noscript") do
    local sp = n:span()
    if sp then masked[#masked + 1] = sp end
  end
  local function unmasked(hits)
    local out = {}
    for _, h in ipairs(hits) do
      local inside = false
      for _, m in ipairs(masked) do
        if h[2] < h[1] then -- empty: masked when it lies inside masked text
          if h[1] >= m.start and h[1] <= m.stop then inside = true end
        elseif h[1] <= m.stop and h[2] >= m.start then
          inside = true
        end
      end
      if not inside then out[#out + 1] = h end
    end
    return out
  end
  check(doc.type ~= "html" or #masked == 1, "the HTML sample has one script in body")
  for _, pat in ipairs{"Putin", "%a+", "Syria[ns]?", "“.-”", "(Put)in", "%d+", "\n\n"} do
    local want = unmasked(plain_find_all(text, pat))
    local list = doc:find(pat)
    eq(#list, #want, "#doc:find(" .. pat .. ")")
    local i = 0
    for s in list do
      i = i + 1
      eq(s.start, want[i][1], "doc:find(" .. pat .. ")[" .. i .. "].start")
      eq(s.stop, want[i][2], "doc:find(" .. pat .. ")[" .. i .. "].stop")
      eq(s.text, text:sub(want[i][1], want[i][2]), "doc:find(" .. pat .. ") text")
    end
    eq(i, #want, "for-in visits every span of doc:find(" .. pat .. ")")
  end
  -- doc:find matches what string.gmatch gives for unanchored patterns
  local function gmatch_all(pat)
    local hits = {}
    for s, e in text:gmatch("()" .. pat .. "()") do hits[#hits + 1] = {s, e - 1} end
    return unmasked(hits)
  end
  eq(#doc:find("%a+"), #gmatch_all("%a+"), "doc:find('%a+') count == gmatch count")
  -- init
  local putins = plain_find_all(text, "Putin")
  local third = putins[3][1]
  eq(#doc:find("Putin", third), #putins - 2, "doc:find(p, init) starts at init")
  eq(doc:find("Putin", third):first().start, third, "first match from init")
  eq(#doc:find("Putin", len + 5), 0, "init past the end finds nothing")
  eq(#doc:find("no such words here"), 0, "no match: empty list")
  eq(doc:find("no such words here"):first(), nil, "empty list:first() is nil")
  -- an empty pattern matches at every position, like string.find
  eq(#doc:find(""), #gmatch_all(""), "doc:find('') matches at each unmasked position")
  check(doc.type == "html" or #doc:find("") == len + 1, "... which is len+1 of them without masks")
  fails(function() return doc:find("%") end, "malformed pattern", "doc:find('%')")
  fails(function() return doc:find("[a") end, "malformed pattern", "doc:find('[a')")
  fails(function() return doc:find() end,
    "bad argument #1 to 'find' (string expected, got no value)", "doc:find()")
  fails(function() return doc:find({}) end,
    "bad argument #1 to 'find' (string expected, got table)", "doc:find({})")
  fails(function() return doc:find("x", "y") end,
    "bad argument #2 to 'find' (number expected, got string)", "doc:find('x', 'y')")
  -- '^' anchors once, as in string.find (it once anchored at every init)
  do
    local runs = #doc:find("^.")
    fixed(runs ~= 1, "doc:find('^.') returns " .. runs .. " spans (anchored: 1)")
    -- gmatch skips an empty match right after a match; so does doc:find
    local g = #gmatch_all("%a*")
    fixed(#doc:find("%a*") ~= g, "doc:find('%a*') gives " .. #doc:find("%a*") ..
      " spans, string.gmatch " .. g)
    fixed(doc:find("Putin", -5):first() ~= nil,
      "doc:find(p, -5) ignores string.find's negative init (searches from 1)")
  end

  -- SpanList --------------------------------------------------------------
  local list = doc:find("Putin")
  local n = #list
  eq(n, #putins, "#SpanList")
  check(n >= 3, "Putin occurs at least 3 times")
  eq(tostring(list), "SpanList(" .. n .. " spans)", "tostring(SpanList)")
  check(list[1] == list:first(), "list[1] == list:first()")
  eq(list[1].start, putins[1][1], "list[1].start")
  eq(list[n].stop, putins[n][2], "list[#list].stop")
  eq(list[0], nil, "list[0] is nil")
  eq(list[n + 1], nil, "list[#list+1] is nil")
  eq(list[-1], nil, "list[-1] is nil")
  eq(list.nosuchfield, nil, "unknown SpanList field is nil")
  fails(function() return list[1.5] end, "number has no integer representation", "list[1.5]")
  -- nested loops over the same list
  local pairs_seen = 0
  for a in list do
    for b in list do
      pairs_seen = pairs_seen + 1
      check((a == b) == (a.start == b.start), "nested loop spans compare by range")
    end
  end
  eq(pairs_seen, n * n, "nested for-in over one SpanList visits n*n pairs")
  -- the list can be walked again, and with a break
  local k = 0
  for _ in list do k = k + 1; if k == 2 then break end end
  eq(k, 2, "break out of a SpanList loop")
  k = 0
  for _ in list do k = k + 1 end
  eq(k, n, "a SpanList can be iterated again")

  -- annotate: errors first (nothing may be added by a failing call) --------
  eq(#doc:annotations(), 0, "a new document has no annotations")
  local s5 = doc:span(ds, ds + 1)
  fails(function() return s5:annotate{} end,
    "annotate: 'label' must be a string (got nil)", "annotate{} with no label")
  fails(function() return s5:annotate{label = ""} end,
    "annotate: 'label' must not be empty", "annotate with an empty label")
  fails(function() return s5:annotate{label = 7} end,
    "annotate: 'label' must be a string (got number)", "annotate with a number label")
  fails(function() return s5:annotate{label = "x", colour = "red"} end,
    "annotate: unknown field 'colour' (the fields are label, note, attrs and links)", "unknown field")
  fails(function() return s5:annotate{"x"} end,
    "annotate: fields must be named (label=, note=, attrs=, links=)", "positional field")
  fails(function() return s5:annotate{label = "x", note = 1} end,
    "annotate: 'note' must be a string (got number)", "note not a string")
  fails(function() return s5:annotate{label = "x", note = {}} end,
    "annotate: 'note' must be a string (got table)", "note a table")
  fails(function() return s5:annotate{label = "x", attrs = 3} end,
    "annotate: 'attrs' must be a table (got number)", "attrs not a table")
  fails(function() return s5:annotate{label = "x", attrs = {a = {}}} end,
    "annotate: attrs.a must be a string, number or boolean (got table)", "attrs value a table")
  fails(function() return s5:annotate{label = "x", attrs = {f = print}} end,
    "annotate: attrs.f must be a string, number or boolean (got function)", "attrs value a function")
  fails(function() return s5:annotate{label = "x", attrs = {"positional"}} end,
    "annotate: attrs keys must be strings", "attrs with an integer key")
  fails(function() return s5:annotate() end,
    "bad argument #1 to 'annotate' (table expected, got no value)", "span:annotate()")
  fails(function() return s5:annotate("x") end,
    "bad argument #1 to 'annotate' (table expected, got string)", "span:annotate('x')")
  -- a span cutting a UTF-8 character: the middle of ’ (3 bytes)
  local q = text:find("’", 1, true)
  eq(text:sub(q, q + 2), "’", "’ is 3 bytes")
  fails(function() return doc:span(q + 1, q + 2):annotate{label = "x"} end,
    "annotate: span [" .. (q + 1) .. "," .. (q + 2) .. "] cuts a UTF-8 character in two",
    "span starting inside ’")
  fails(function() return doc:span(q, q):annotate{label = "x"} end,
    "cuts a UTF-8 character in two", "span ending inside ’")
  fails(function() return doc:annotate(doc:span(q + 2, q + 2), {label = "x"}) end,
    "cuts a UTF-8 character in two", "doc:annotate of a span inside ’")
  -- bulk: one bad span and nothing is added
  local bytes = doc:find("\xE2")
  check(#bytes > 0, "lead bytes found")
  fails(function() return bytes:annotate{label = "x"} end,
    "cuts a UTF-8 character in two", "bulk annotate of half characters")
  fails(function() return list:annotate{label = ""} end,
    "'label' must not be empty", "bulk annotate with an empty label")
  no_value_bug(function() return list:annotate() end, "annotate", "list:annotate()")
  fails(function() return doc:annotate("x", {label = "x"}) end,
    "bad argument #1 to 'annotate' (glossa.Span expected, got string)", "doc:annotate('x', ...)")
  fails(function() return doc:annotate(s5) end,
    "bad argument #2 to 'annotate' (table expected, got no value)", "doc:annotate(span)")
  fails(function() return doc:annotate(root, {label = "x"}) end,
    "glossa.Span expected, got glossa.Node", "doc:annotate(node, ...)")
  eq(#doc:annotations(), 0, "failed annotate calls added nothing")
  -- an empty list checks its fields too
  local okempty = pcall(function() return doc:find("no such words"):annotate{label = ""} end)
  fixed(okempty, "SpanList:annotate on an empty list does not check its fields")

  -- annotate: the good paths, and Annotation --------------------------------
  local l1 = select(2, here(function() error("@") end)) + 1 -- the next line:
  local a1 = sent:annotate{label = "speculation", note = "deal-making in the works",
    attrs = {n = 3, x = 1.5, ok = true, no = false, who = "the blogger"}}
  eq(a1.id, "a1", "the first annotation's id")
  eq(a1.label, "speculation", "annotation.label")
  eq(a1.note, "deal-making in the works", "annotation.note")
  eq(a1.script, SRC, "annotation.script is the script's path")
  eq(a1.line, l1, "annotation.line is the line of the annotate call")
  eq(a1.text, SENTENCE, "annotation.text")
  check(a1.span == sent, "annotation.span == the annotated span")
  eq(a1.span.start, ds, "annotation.span.start")
  local at = a1.attrs
  eq(at.n, 3, "attrs integer")
  eq(math.type(at.n), "integer", "attrs integers stay integers")
  eq(at.x, 1.5, "attrs float")
  eq(math.type(at.x), "float", "attrs floats stay floats")
  eq(at.ok, true, "attrs true")
  eq(at.no, false, "attrs false")
  eq(at.who, "the blogger", "attrs string")
  local nkeys = 0
  for _ in pairs(at) do nkeys = nkeys + 1 end
  eq(nkeys, 5, "attrs has exactly the 5 keys")
  check(a1.attrs ~= at, "annotation.attrs is a fresh table")
  at.n = 99
  eq(a1.attrs.n, 3, "changing the attrs copy changes nothing")
  eq(a1.nosuchfield, nil, "unknown annotation field is nil")
  eq(tostring(a1), string.format("Annotation(a1 speculation [%d,%d])", ds, de), "tostring(annotation)")

  local w = doc:find("would"):first()
  local a2 = doc:annotate(w, {label = "hedge"})
  eq(a2.id, "a2", "second id")
  eq(a2.note, nil, "note defaults to nil")
  eq(next(a2.attrs), nil, "attrs default to an empty table")
  eq(a2.text, "would", "doc:annotate's annotation text")
  -- an empty span can be annotated
  local a3 = doc:span(ds, ds - 1):annotate{label = "point"}
  eq(a3.text, "", "empty annotation text")
  eq(a3.span.start, ds, "empty annotation start")
  -- bulk
  local count = list:annotate{label = "person", note = "Putin", attrs = {src = "find"}}
  eq(count, n, "SpanList:annotate returns the count")
  eq(doc:find("no such words"):annotate{label = "none"}, 0, "empty list annotates 0")
  local total = 3 + n
  eq(#doc:annotations(), total, "#doc:annotations() after annotating")

  -- annotations([filter]) ---------------------------------------------------
  local all = doc:annotations()
  local prev
  local seen = {}
  for a in all do
    check(not seen[a.id], "ids are unique")
    seen[a.id] = true
    check(a.id:match("^a%d+$") ~= nil, "id looks like aN")
    if prev then
      local ps, pe, s, e = prev.span.start, prev.span.stop, a.span.start, a.span.stop
      check(ps < s or (ps == s and pe <= e), "annotations come by start, then end")
    end
    prev = a
  end
  check(all:first() == all[1], "AnnotationList:first() == [1]")
  check(all[1] == doc:annotations()[1], "annotations from two calls compare equal")
  check(all[1] ~= all[2], "different annotations differ")
  -- creation order breaks ties: a3 (empty, at ds) before a1 (ds..de)
  local at_ds = doc:annotations(function(a) return a.span.start == ds end)
  eq(#at_ds, 2, "two annotations start at the sentence")
  eq(at_ds[1].id, a3.id, "the shorter (empty) one first")
  eq(at_ds[2].id, a1.id, "then the sentence")
  eq(#doc:annotations(nil), total, "annotations(nil)")
  eq(#doc:annotations("person"), n, "annotations('person')")
  eq(#doc:annotations{label = "person"}, n, "annotations{label='person'}")
  eq(#doc:annotations{}, total, "annotations{} (no label) is every annotation")
  eq(#doc:annotations("nope"), 0, "annotations('nope')")
  eq(doc:annotations("nope"):first(), nil, "empty AnnotationList:first()")
  eq(doc:annotations("hedge"):first().text, "would", "annotations('hedge'):first()")
  eq(#doc:annotations(function(a) return a.note == "Putin" end), n, "function filter")
  eq(#doc:annotations(function() return nil end), 0, "function filter returning nil")
  for a in doc:annotations("person") do
    eq(a.label, "person", "label filter gives only that label")
    eq(a.attrs.src, "find", "bulk attrs")
    eq(a.text, "Putin", "bulk annotation text")
    eq(a.script, SRC, "bulk annotation script")
  end
  -- nested loops over one AnnotationList
  local pp = 0
  local persons = doc:annotations("person")
  for _ in persons do for _ in persons do pp = pp + 1 end end
  eq(pp, n * n, "nested loops over one AnnotationList")
  fails(function() return doc:annotations(42) end,
    "bad argument #1 to 'annotations' (nil, label, table or function expected, got number)",
    "annotations(42)")
  fails(function() return doc:annotations{label = {}} end,
    "'label' must be a string", "annotations{label={}}")
  fails(function() return doc:annotations(function() error("boom") end) end,
    "boom", "an error in the filter propagates")

  -- select, Node -------------------------------------------------------------
  local ps = doc:select(E.p)
  if doc.type == "text" then
    -- paragraphs split at blank lines: count them here
    -- (a paragraph is a run of non-blank lines)
    local np, inpara = 0, false
    for l in (text .. "\n"):gmatch("(.-)\n") do
      if l:match("^%s*$") then inpara = false
      elseif not inpara then inpara = true; np = np + 1 end
    end
    eq(#ps, np, "#select('//p') == paragraphs counted here")
  else
    -- every <p> of the source is a p node
    local np = 0
    for _ in source:gmatch("<p[%s>]") do np = np + 1 end
    eq(#ps, np, "#select('" .. E.p .. "') == <p> tags in the source")
  end
  local last_stop, ptext = 0, nil
  local idx = 0
  for p in ps do
    idx = idx + 1
    check(p == ps[idx], "NodeList for-in order == index order")
    eq(p.name, "p", "p.name")
    local sp = p:span()
    check(sp ~= nil, "a p has a span")
    eq(p.text, sp.text, "node.text == node:span().text")
    eq(sp.text, text:sub(sp.start, sp.stop), "node span text indexes doc.text")
    check(sp.start > last_stop, "p spans are in document order and disjoint")
    last_stop = sp.stop
    if p.text:find(SENTENCE, 1, true) then ptext = p end
  end
  eq(idx, #ps, "for-in over a NodeList visits #list nodes")
  check(ps:first() == ps[1], "NodeList:first() == [1]")
  eq(ps[#ps + 1], nil, "NodeList past the end is nil")
  check(ptext ~= nil, "a p holds the sentence")
  eq(ptext.line, E.line, "the sentence's p.line")
  eq(tostring(ptext), "Node(p, line " .. E.line .. ")", "tostring(node)")
  eq(ptext:span().start, ds, "the p starts with the sentence")
  -- nested loops over one NodeList
  local nn = 0
  for _ in ps do for _ in ps do nn = nn + 1 end end
  eq(nn, #ps * #ps, "nested loops over one NodeList")

  -- parent / children / relative select
  local par = ptext:parent()
  check(par ~= nil, "p has a parent")
  local kids = par:children()
  local found_p = false
  for c in kids do
    check(c:parent() == par, "child:parent() == parent")
    if c == ptext then found_p = true end
  end
  check(found_p, "p is among its parent's children")
  local star = par:select("*")
  eq(#star, #kids, "#node:children() == #node:select('*')")
  for i = 1, #kids do check(kids[i] == star[i], "children()[i] == select('*')[i]") end
  check(kids:first() == kids[1], "children():first()")
  check(ptext:select("..")[1] == par, "relative select('..') is the parent")
  check(ptext:select(".")[1] == ptext, "relative select('.') is the node")
  eq(#ptext:children(), #ptext:select("*"), "children of a p")
  local up, depth = ptext, 0
  while up:parent() do up = up:parent(); depth = depth + 1 end
  check(up == root and depth >= 1, "parents lead up to the root")
  eq(#root:select("." .. E.p), #ps, "relative select('." .. E.p .. "') from root finds them all")
  local child_ps = 0
  for c in kids do if c.name == "p" then child_ps = child_ps + 1 end end
  eq(#par:select(E.p:sub(3)), child_ps, "relative select('p') gives the parent's child p's")
  check(#par:select(E.p) == #ps, "an absolute path from a node still starts at the document")
  eq(#doc:select("/*"), 1, "one root element")
  check(doc:select("/*")[1] == root, "select('/*') is doc.root")
  -- a text node from XPath
  local tn = ptext:select("text()")[1]
  check(tn ~= nil, "select('text()') gives a text node")
  eq(tn.name, "#text", "text node name")
  eq(tn.type, "text", "text node type")
  eq(#tn:children(), 0, "a text node has no children")
  eq(tn:attr("x"), nil, "text node attr")
  check(tn:parent() == ptext, "text node parent")
  check(ptext.text:find(tn.text, 1, true) == 1, "text node text starts its p")

  if doc.type == "html" then
    local body = doc:select("//body")[1]
    -- the view is body.textContent; libxml2 leaves the whitespace after
    -- </body> under <html>, and the view (rightly) has it, but body:span() not
    local bs = body:span()
    eq(bs.start, 1, "body's span starts the view")
    fixed(bs.stop ~= #text, "//body's span ends at " .. bs.stop .. ", the view at " .. #text)
    local title = doc:select("//head/title")[1]
    eq(title:span(), nil, "a head element has no span (outside the view)")
    local want_title = source:match("<title>(.-)</title>")
      :gsub("&nbsp;", "\u{A0}")
      :gsub("&#(%d+);", function(d) return utf8.char(tonumber(d)) end)
    eq(title.text, want_title, "head title.text is its text content")
    local link = doc:select("//link[@href]")[1]
    local href = source:match("<link[^>]-href=\"([^\"]*)\"")
    eq(link:attr("href"), href, "node:attr('href')")
    eq(#doc:select("//blockquote"), select(2, source:gsub("<blockquote", "")), "blockquote count")
  elseif doc.type == "xml" then
    -- namespaced TEI: the default namespace is bound to the prefix "d"
    eq(#doc:select("//p"), 0, "unprefixed names do not match TEI elements")
    local quote = doc:select("//d:quote[@who]")[1]
    check(quote ~= nil, "//d:quote[@who]")
    eq(quote:attr("who"), source:match("<quote who=\"([^\"]*)\""), "quote:attr('who')")
    local date = doc:select("//d:date")[1]
    eq(date:attr("when"), "2017-11-15", "date:attr('when')")
    eq(date.text, "15 November 2017", "teiHeader text is in the view")
    local persons = doc:select("//d:persName")
    local np = select(2, source:gsub("<persName>", ""))
    eq(#persons, np, "persName count")
    local body = doc:select("//d:body")[1]
    eq(#body:select(".//d:p"), #doc:select("//d:body//d:p"), "relative namespaced select")
    eq(#doc:select("//tei:p"), #doc:select("//d:p"), "tei is bound to the TEI namespace")
    eq(#doc:select("//x:p", {x = "http://www.tei-c.org/ns/1.0"}), #doc:select("//d:p"),
      "a prefix bound by the caller")
    fails(function() return doc:select("//foo:p") end,
      "bad XPath expression '//foo:p': undefined namespace prefix", "an unbound prefix")
    fails(function() return doc:select("//p", {1}) end,
      "namespaces must map prefix strings to URI strings", "bad namespace table")
  else
    eq(root:children()[1].name, "p", "a text document is <text><p>...")
    eq(root:span().text, text, "text root spans the whole view")
    eq(#doc:select("//p[1]"), 1, "positional predicate")
  end

  fails(function() return doc:select("//p[") end, "bad XPath expression '//p['", "bad XPath")
  fails(function() return doc:select("count(//p)") end,
    "bad XPath expression 'count(//p)': it gives a value, not nodes", "non-node-set XPath")
  fails(function() return doc:select({}) end,
    "bad argument #1 to 'select' (string expected, got table)", "doc:select({})")
  fails(function() return doc:select() end,
    "bad argument #1 to 'select' (string expected, got no value)", "doc:select()")
  -- a number is coerced to a string, as in the string library
  fails(function() return doc:select(42) end, "bad XPath expression '42'", "doc:select(42)")
  fails(function() return ptext:select("((") end, "bad XPath expression '(('", "node:select bad XPath")
  no_value_bug(function() return ptext:select() end, "select", "node:select()")
  no_value_bug(function() return root:attr() end, "attr", "node:attr()")
  fails(function() return root.span(doc) end,
    "glossa.Node expected, got glossa.Document", "Node method on a Document")
  fails(function() return sent.annotate(root, {label = "x"}) end,
    "glossa.Span expected, got glossa.Node", "Span method on a Node")
  fails(function() return doc.span(sent) end,
    "glossa.Document expected, got glossa.Span", "Document method on a Span")

  -- metatables are protected
  eq(getmetatable(doc), "glossa.Document", "doc metatable is protected")
  eq(getmetatable(root), "glossa.Node", "node metatable is protected")
  eq(getmetatable(sent), "glossa.Span", "span metatable is protected")
  eq(getmetatable(list), "glossa.SpanList", "spanlist metatable is protected")
  eq(getmetatable(a1), "glossa.Annotation", "annotation metatable is protected")
  fails(function() setmetatable(doc, nil) end, "table expected", "setmetatable(doc)")

  do
  end
  -- the marker: the whole suite ran
  N = N + 1
  sent:annotate{label = "api-tests", note = N .. " checks passed"}
end
