-- Every case of -f xmi's mapping (core/out_xmi.c): plain annotations
-- (NamedEntity), notes, attributes of each kind, links (one to a removed
-- annotation, which is not written), labels that need mangling, and text
-- beyond the BMP (two UTF-16 units a character).
return function(doc)
  local first
  for s in doc:find("Putin") do
    local a = s:annotate{label = "person"}
    first = first or a
  end
  -- person's rank is an integer here and a string in other.txt: String
  -- in the run's type system, whose XMI files both still read
  local rank = doc.path:match("other") and "first" or 1
  for s in doc:find("Trump") do
    s:annotate{label = "person", note = "note with \"quotes\" & <marks>\tand a tab",
               attrs = {rank = rank, score = 0.5, known = true, role = "president"}}
  end
  for s in doc:find("😀") do s:annotate{label = "emoji face", attrs = {rank = 2.5}} end
  for s in doc:find("Syria") do s:annotate{label = "_place", attrs = {known = false}} end
  for s in doc:find("Korea") do s:annotate{label = "9 lives", note = "x"} end
  for s in doc:find("Straße") do s:annotate{label = "Straße", attrs = {rank = "high"}} end
  for s in doc:find("phone call") do
    local gone = s:annotate{label = "gone"}
    s:annotate{label = "call", links = {about = first, lost = gone}}
    gone:remove()
  end
end
