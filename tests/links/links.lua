-- links.lua: every way a link finds its target, on the seed's text
-- sample (tests/links/cases/links.sh writes what it made as -f jsonl and
-- -f text --explain). Prints what a.links gives back (to stderr).
local function show(a)
  local roles = {}
  for role in pairs(a.links) do roles[#roles + 1] = role end
  table.sort(roles)
  local out = {}
  for _, role in ipairs(roles) do out[#out + 1] = role .. "=" .. a.links[role].id end
  print(a.id .. " links: " .. table.concat(out, " "))
end

return function(doc)
  local trump = doc:find("President Trump")[1]:annotate{label = "person"} -- a1
  -- an Annotation; and a Span with no annotation: annotated first (a2, verb)
  local verb = doc:find("told reporters")[1]
  local said = verb:annotate{label = "said", links = {speaker = trump, verb = verb}} -- a3
  show(said)
  -- a Span with an annotation labelled as the role: that one (a2), none made
  local again = verb:annotate{label = "said-again", links = {verb = verb}} -- a4
  show(again)
  assert(again.links.verb == said.links.verb)
  -- the same span under another role: a new annotation labelled by it (a5)
  local other = verb:annotate{label = "said-other", links = {act = verb}} -- a6
  show(other)
  -- a rule's capture of an annotation element stands for it: a7, though
  -- the role (speaker) is not its label
  doc:find("President Trump")[2]:annotate{label = "person"} -- a7: "President Trump told"
  local attribution = glossa.rule{name = "attribution", {ann = "person", as = "who"}, {lower = "told"}}
  for m in doc:match(attribution) do
    show(m:annotate{label = "attribution", links = {speaker = m:capture("who")}}) -- a8
  end
  -- a list: every annotation links to the same target (a9..a17)
  local n = doc:find("Putin"):annotate{label = "putin", links = {same_call_as = trump}}
  print("list annotated " .. n)
  -- a removed target: gone from a.links and from the writers' links
  local wh = doc:find("White House")[1]:annotate{label = "place"} -- a18
  local exit = doc:find("exiting")[1]:annotate{label = "exit", links = {from = wh, by = trump}} -- a19
  wh:remove()
  show(exit)
  -- no links: {} (and no "links" key in -f jsonl)
  assert(next(trump.links) == nil)
end
