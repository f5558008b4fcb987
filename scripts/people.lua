-- people.lua: the people in the seed post, each with their role.
--
--   glossa -s scripts/boilerplate.lua -s scripts/people.lua samples/trump-putin-call.html
--
-- A dictionary maps every way the post names a person to one key; the table
-- `who` gives that person's full name and role, written as attributes. The
-- span is the name only: in "President Trump" the title is left out and
-- recorded as the role (as TEI does: President <persName>Trump</persName>).

local who = {
  trump     = {name = "Donald J. Trump",   role = "president"},
  putin     = {name = "Vladimir V. Putin", role = "president"},
  tillerson = {name = "Rex Tillerson",     role = "secretary of state"},
  assad     = {name = "Bashir Assad",      role = "president of Syria"},
}

-- Longest match wins, so "Donald J. Trump" is one mention, not two.
local names = glossa.dict{
  ["Donald J. Trump"] = "trump", ["Donald Trump"] = "trump", ["Trump"] = "trump",
  ["Vladimir V. Putin"] = "putin", ["Vladimir Putin"] = "putin", ["Putin"] = "putin",
  ["Rex Tillerson"] = "tillerson", ["Tillerson"] = "tillerson",
  ["Bashir Assad"] = "assad", ["Bashar al-Assad"] = "assad", ["Assad"] = "assad",
}

return function(doc)
  for m in doc:lookup(names) do
    -- names in the comment form (boilerplate.lua) are not mentions
    if not doc:annotations{label = "boilerplate", containing = m}:first() then
      local p = who[m.value]
      m:annotate{label = "person", attrs = {name = p.name, role = p.role}}
    end
  end
end
