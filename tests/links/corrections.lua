-- corrections.lua: a:set and a:remove on annotations an earlier script
-- made (tests/links/cases/corrections.sh runs it after earlier.lua), and
-- what queries, rules and writers see after.
return function(doc)
  local persons = doc:annotations("person")
  print("persons before: " .. #persons)
  -- remove the first and the third; the ids of the others stay
  persons[1]:remove()
  persons[3]:remove()
  print("removed " .. persons[1].id .. " " .. tostring(persons[1].removed) .. ", " ..
        persons[3].id .. " " .. tostring(persons[3].removed) .. ", kept " .. persons[2].id ..
        " " .. tostring(persons[2].removed))
  local left = {}
  for a in doc:annotations("person") do left[#left + 1] = a.id end
  print("persons after: " .. table.concat(left, " "))
  -- the interval queries do not list them either
  local function ids(list)
    local out = {}
    for a in list do out[#out + 1] = a.id end
    return table.concat(out, " ")
  end
  local first = persons[1].span
  print("within the first's line: " .. ids(doc:annotations{within = first:block()}) ..
        "; overlapping the first: " .. ids(doc:annotations{overlapping = first}) ..
        "; containing it: " .. ids(doc:annotations{containing = first}))
  -- a filter function that removes what comes after it in the list
  local seen = {}
  local listed = doc:annotations(function(a)
    seen[#seen + 1] = a.id
    if a.label == "place" then
      for p in doc:annotations("place") do if p ~= a then p:remove() end end
    end
    return true
  end)
  print("filter saw " .. table.concat(seen, " ") .. "; kept " .. ids(listed))
  -- rules over annotations do not see the removed ones
  local rule = glossa.rule{name = "a person", {ann = "person"}}
  local found = {}
  for m in doc:match(rule) do found[#found + 1] = m.text .. "@" .. m.start end
  print("rule finds: " .. table.concat(found, ", "))
  local places = glossa.rule{name = "a place", {ann = "place"}}
  print("places the rule finds: " .. #doc:match(places))
  -- corrections of the note and attributes
  local p = persons[2]
  p:set{note = "corrected", attrs = {role = "president", checked = true}}
  print(p.id .. ": note " .. p.note .. ", role " .. p.attrs.role .. ", name " .. tostring(p.attrs.name))
  local q = persons[4]
  q:set{note = false}
  print(q.id .. ": note " .. tostring(q.note) .. ", attrs kept " .. tostring(q.attrs.name))
  q:set{attrs = {}}
  print(q.id .. ": attrs now " .. tostring(next(q.attrs)))
end
