-- quotes.lua: quoted speech, “…”, linked to who said it.
--
--   glossa -s scripts/people.lua -s scripts/quotes.lua samples/trump-putin-call.html
--
-- A quotation is a “ … ” pair inside one block (a lone “ — as in the
-- comments' heading — is not one). Its speaker is a person that people.lua
-- marked, followed by a verb of saying: one rule over the person
-- annotations and tokens. The speaker is looked for right after the quote
-- ("“…,” Trump said"), else before it in its block, else in the block
-- before ("President Trump told reporters…:" and the quote in the next
-- paragraph); before a quote, the last such person counts.
-- The quote links to that person annotation (links = {speaker = …}: -f jsonl
-- writes "links":{"speaker":"a7"}); a quote whose speaker is not found has
-- no link. Needs people.lua to have run first.

local quoted = glossa.regex([[“[^“”]+”]])
local says = glossa.rule{
  name = "person says",
  {ann = "person", as = "speaker"},
  {lower = {"told", "tells", "said", "says", "asked", "added", "declared"}},
}

-- The person (a capture that stands for the annotation) of the last match
-- of `says` in span, or nil.
local function speaker_in(span)
  local hits = span and span:match(says)
  return hits and #hits > 0 and hits[#hits]:capture("speaker") or nil
end

-- The person of a match of `says` right after the quote q ("“…,” Trump
-- said": at most a comma and white space between), or nil.
local function speaker_after(q, span)
  local hit = span and span:match(says)[1]
  return hit and hit.start <= q.stop + 3 and hit:capture("speaker") or nil
end

return function(doc)
  local prev
  for block in doc:blocks() do
    for q in block:match(quoted) do
      local before = q.start > block.start and doc:span(block.start, q.start - 1)
      local after = q.stop < block.stop and doc:span(q.stop + 1, block.stop)
      local who = speaker_after(q, after) or speaker_in(before) or speaker_in(prev)
      q:annotate{label = "quote", links = {speaker = who}}
    end
    prev = block
  end
end
