-- quotes.lua: quoted speech, “…”, linked to who said it.
--
--   glossa -s scripts/people.lua -s scripts/quotes.lua samples/trump-putin-call.html
--
-- A quotation is a “ … ” pair inside one block (a lone “ — as in the
-- comments' heading — is not one). Its speaker is the person that
-- people.lua marked just before a verb of saying ("President Trump told
-- reporters…:"), in the quote's own block or in the block before it.
-- The quote links to that person annotation (links = {speaker = …}: -f jsonl
-- writes "links":{"speaker":"a7"}); a quote whose speaker is not found has
-- no link. Needs people.lua to have run first.

local quoted = glossa.regex([[“[^“”]+”]])
local saying = glossa.regex([[\b(?:told|tells|said|says|asked|added|declared)\b]])

-- The last person named before a verb of saying in span, or nil.
local function speaker_in(doc, span)
  local verb
  for v in span:match(saying) do verb = v end   -- the last verb in the span
  if not verb then return nil end
  local who
  for p in doc:annotations{label = "person", within = span} do
    if p.span.stop < verb.start and p.attrs.name then who = p end
  end
  return who
end

return function(doc)
  local prev
  for block in doc:blocks() do
    for q in block:match(quoted) do
      local before = q.start > block.start and doc:span(block.start, q.start - 1)
      local who = (before and speaker_in(doc, before)) or (prev and speaker_in(doc, prev))
      q:annotate{label = "quote", links = {speaker = who}}
    end
    prev = block
  end
end
