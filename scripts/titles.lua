-- titles.lua: titles before the names of people ("President Vladimir V.
-- Putin", "Russian President Putin", "SoS Rex Tillerson").
--
--   glossa -s scripts/people.lua -s scripts/titles.lua samples/trump-putin-call.html
--
-- One rule over tokens and the person annotations people.lua made: an
-- optional country, a title, an optional "of State", then a person. The
-- whole is annotated "title", linked to the person annotation (the
-- capture of an annotation element stands for it), with the title as
-- written in the note and attrs. Needs people.lua to have run first.

local titles = {
  Ambassador = "ambassador", Minister = "minister", President = "president",
  Secretary = "secretary", Senator = "senator", SoS = "secretary of state",
}
local keys = {}
for k in pairs(titles) do keys[#keys + 1] = k end
table.sort(keys)   -- pairs has no order; the rule's list gets one

local title = glossa.rule{
  name = "title + name",
  {text = {"American", "Chinese", "Russian", "Syrian", "U.S."}, op = "?", as = "country"},
  {text = keys, as = "title"},
  {seq = {{lower = "of"}, {lower = "state"}}, op = "?", as = "of"},
  {ann = "person", as = "person"},
  label = "title",
}

return function(doc)
  for m in doc:match(title) do
    local t = titles[m:capture("title").text] .. (m:capture("of") and " of state" or "")
    local country = m:capture("country") and m:capture("country").text
    local person = m:capture("person").annotation
    m:annotate{links = {person = person}, attrs = {title = t, country = country},
               note = (country and country .. " " or "") .. t .. " " .. person.attrs.name}
  end
end
