-- sources.lua: where each part of the post comes from.
--
--   glossa -s scripts/sources.lua samples/trump-putin-call.{txt,html,xml}
--
-- The White House readout, quoted whole, is a source of type
-- "official-readout"; the author's own ♦ paragraphs are "analysis".
-- In HTML the readout is a <blockquote>, in the TEI file a
-- <div type="readout">: a CSS selector finds either. Plain text has no
-- markup, so there the readout is found by its sentences: it starts with the
-- paragraph after the one ending "…readout:" and ends with the paragraph
-- ending "(link)".

local intro = glossa.regex([[\breadout:\s*$]])
local last = glossa.regex([[\(link\)\s*$]])

local function readout_in_text(doc)
  local first, prev
  for b in doc:blocks() do
    if not first and prev and prev:match(intro):first() then first = b end
    if first and b:match(last):first() then return doc:span(first.start, b.stop) end
    prev = b
  end
  return first   -- no "(link)": the first paragraph alone
end

return function(doc)
  local found = false
  for q in doc:css("blockquote, [type=readout]") do
    q:span():trim():annotate{label = "source", attrs = {type = "official-readout"}}
    found = true
  end
  if not found then
    local r = readout_in_text(doc)
    if r then r:annotate{label = "source", attrs = {type = "official-readout"}} end
  end
  -- an analysis paragraph opens with a ♦ bullet, left out of the span
  for b in doc:blocks() do
    local from, to = b.text:find("^%s*♦%s*")
    if from then
      doc:span(b.start + to, b.stop):trim():annotate{label = "source", attrs = {type = "analysis"}}
    end
  end
end
