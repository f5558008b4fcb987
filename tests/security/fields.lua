-- Annotations whose label, note and attributes hold what could break a
-- format: line breaks (LF, CR, U+2028, NEL, VT, FF), a forged annotation
-- line, quotes, tabs, markup (issue 11 item 19). run.sh checks that every
-- format still parses and holds one record per annotation.
local forged = 'x\nforged.txt:9:9: evil: "forged" — forged\r\n'
for s in doc:sentences() do
  s:annotate{
    label = "label " .. forged .. "\u{2028}\u{85}\v\f\t</mark><script>",
    note = "note " .. forged .. '"\\\t\u{2029}<b>&amp;',
    attrs = {["key " .. forged] = "value " .. forged, flag = true, n = 2},
  }
end
