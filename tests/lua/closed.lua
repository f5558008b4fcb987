-- closed.lua: objects kept from a document that has been closed.
--
--   build/glossa -s tests/lua/closed.lua samples/trump-putin-call.txt samples/trump-putin-call.html
--
-- On the first document it keeps the Document, its root Node, a Span, a
-- SpanList, an Annotation, a NodeList and an AnnotationList. On the second it
-- uses each of them under pcall: every use must raise the "document is
-- closed" error (never crash, never read the old document). The second
-- document gets a `closed-tests` annotation, "N checks passed".

local CLOSED = "this object's document is closed"
local N = 0
local function check(cond, what)
  N = N + 1
  if not cond then error("FAILED: " .. what, 2) end
end
local function closed(f, what)
  local ok, err = pcall(f)
  check(not ok, what .. ": should raise an error")
  check(tostring(err):find(CLOSED, 1, true) ~= nil,
    what .. ": message " .. tostring(err) .. " lacks '" .. CLOSED .. "'")
end

local kept        -- everything from the first document, in an upvalue
local runs = 0
return function(doc)
  runs = runs + 1
  if runs == 1 then
    kept = {
      doc = doc, root = doc.root, span = doc:span(1, 4),
      list = doc:find("Putin"), nodes = doc:select("//p"),
    }
    kept.ann = kept.span:annotate{label = "first", note = "kept"}
    kept.anns = doc:annotations()
    kept.child = kept.root:children()[1]
    glossa_kept_node = doc.root -- a global too
    return
  end
  local k = kept
  -- Document
  closed(function() return k.doc.text end, "doc.text")
  closed(function() return k.doc.path end, "doc.path")
  closed(function() return k.doc.root end, "doc.root")
  closed(function() return k.doc:span(1, 2) end, "doc:span")
  closed(function() return k.doc:find("a") end, "doc:find")
  closed(function() return k.doc:select("//p") end, "doc:select")
  closed(function() return k.doc:annotations() end, "doc:annotations")
  closed(function() return k.doc:annotate(doc:span(1, 2), {label = "x"}) end, "old doc:annotate")
  check(tostring(k.doc) == "Document(closed)", "tostring(closed doc)")
  -- Node (upvalue and global)
  for name, node in pairs{root = k.root, child = k.child, global = glossa_kept_node} do
    closed(function() return node.name end, name .. ".name")
    closed(function() return node.text end, name .. ".text")
    closed(function() return node.line end, name .. ".line")
    closed(function() return node:attr("x") end, name .. ":attr")
    closed(function() return node:span() end, name .. ":span")
    closed(function() return node:parent() end, name .. ":parent")
    closed(function() return node:children() end, name .. ":children")
    closed(function() return node:select("*") end, name .. ":select")
    check(tostring(node) == "Node(closed)", "tostring(closed " .. name .. ")")
    check(node ~= doc.root, "a closed " .. name .. " is not the new root")
  end
  -- NodeList: the list is a plain table, its nodes are closed
  local n1 = k.nodes[1]
  check(n1 ~= nil, "the kept NodeList still holds its nodes")
  closed(function() return n1.text end, "NodeList[1].text")
  closed(function() for n in k.nodes do local _ = n.name end end, "for n in closed NodeList")
  closed(function() return k.nodes:first():span() end, "NodeList:first():span()")
  -- Span
  closed(function() return k.span.text end, "span.text")
  closed(function() return k.span.start end, "span.start")
  closed(function() return k.span.stop end, "span.stop")
  closed(function() return k.span.line end, "span.line")
  closed(function() return k.span.col end, "span.col")
  closed(function() return k.span:annotate{label = "x"} end, "span:annotate")
  check(tostring(k.span) == "[1,4] (document closed)", "tostring(closed span)")
  check(k.span ~= doc:span(1, 4), "a closed span is not the new document's span")
  -- SpanList
  closed(function() for s in k.list do local _ = s end end, "for s in closed SpanList")
  closed(function() return k.list[1] end, "SpanList[1]")
  closed(function() return k.list:first() end, "SpanList:first()")
  closed(function() return k.list:annotate{label = "x"} end, "SpanList:annotate")
  -- Annotation and AnnotationList
  for _, f in ipairs{"id", "label", "note", "attrs", "span", "script", "line", "text"} do
    closed(function() return k.ann[f] end, "annotation." .. f)
  end
  check(tostring(k.ann) == "Annotation(closed)", "tostring(closed annotation)")
  closed(function() return k.anns:first().label end, "AnnotationList:first().label")
  closed(function() for a in k.anns do local _ = a.id end end, "for a in closed AnnotationList")
  -- the new document is untouched by all this
  check(#doc:annotations() == 0, "nothing was added to the new document")
  -- a closed Span is refused by the new document's annotate; lengths raise
  closed(function() return doc:annotate(k.span, {label = "stale"}) end, "doc:annotate(closed span)")
  closed(function() return #k.span end, "#closed span")
  closed(function() return #k.list end, "#closed SpanList")
  local marker = doc:span(1, 4)
  marker:annotate{label = "closed-tests", note = N .. " checks passed"}
end
