-- earlier.lua: what corrections.lua corrects (people and places, with
-- notes and attributes).
return function(doc)
  for s in doc:find("Trump") do s:annotate{label = "person", note = "from earlier", attrs = {name = "Donald Trump"}} end
  for s in doc:find("Putin") do s:annotate{label = "person", attrs = {name = "Vladimir Putin"}} end
  doc:find("Syria"):annotate{label = "place"}
end
