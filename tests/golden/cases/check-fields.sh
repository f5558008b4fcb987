# glossa check warns about fields, as about methods, on objects whose type is
# plain from the code (doc, loop variables over its lists, locals set from a
# chain, doc.root, annotation.span): a name that is neither a field nor a
# method of the class reads nil, and one close to a real name raises at run
# time. The names and the hint are the runtime's own (lua_class.c's tables
# and lclass_suggest, for methods too): the last part runs the near misses
# and shows the same hint. Correct fields, methods read as values, and fields of the table
# lists (which scripts may set) draw no warning.
cd "$TMP" || exit 1
printf 'Hello world. Bye now.\n' >doc.txt
cat >fields.lua <<'LUA'
for s in doc:sentences() do
  print(s.txt)                                -- Span.text
  print(s.text, s.start, s.stop, s.line, s.col, s.value, s.entry)
  local f = s.annotate                        -- a method read as a value
  print(s.colour)                             -- nothing like it: nil
end
local x = doc:sentences()[1]
print(x.txet)                                 -- Span.text, swapped letters
print(doc.pth, doc.path, doc.type, doc.text)  -- Document.path
print(doc.root.nmae, doc.root.name)           -- Node.name
local a = doc:span(1, 5):annotate{label = "hi"}
print(a.lable, a.label, a.span.strat, a.span.start)  -- Annotation.label, Span.start
print(#doc:find("o"), doc:find("o").n)        -- a SpanList has no fields
local nodes = doc:select("//p")
nodes.seen = true                             -- a table: anything goes
print(nodes.seen, doc:annotations().extra)
for _, t in ipairs(doc:tokens()) do print(t.stat) end  -- Span.start
x:tirm()                                      -- a method: Span:trim, the run's hint
LUA
$GLOSSA check fields.lua
echo "check: exit $?"
# the right names only: clean even with --strict
cat >clean.lua <<'LUA'
for s in doc:sentences() do
  print(s.text, s.start, s.stop, s.line, s.col, s.value, s.entry, s.sentences)
  local a = s:annotate{label = "s"}
  print(a.id, a.label, a.note, a.script, a.line, a.matcher, a.attrs, a.text, a.span.text)
end
print(doc.path, doc.type, doc.text, doc.root.name, doc.root.text, doc.root.line, doc.root.type)
LUA
$GLOSSA check --strict clean.lua
echo "check --strict: exit $?"
for code in 'for s in doc:sentences() do print(s.txt) end' 'print(doc:sentences()[1].txet)' \
            'print(doc.root.nmae)' 'print(doc:span(1, 5):annotate{label = "hi"}.span.strat)' \
            'doc:sentences()[1]:tirm()' 'print(doc:sentences()[1].colour, doc:find("o").n)'; do
  $GLOSSA -e "$code" doc.txt 2>&1 | head -1
done
