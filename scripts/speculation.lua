-- speculation.lua: the post's hedged claims.
--
--   glossa -s scripts/deal-making.lua -s scripts/speculation.lua samples/trump-putin-call.txt
--
-- A sentence that guesses at what someone wants or plans ("would prefer",
-- "seems to want", "it would appear") is speculation: the readout does not
-- say it. Sentences already marked (deal-making.lua marks the last one, with
-- its note) are left alone, and so are quotes, readers' comments and
-- boilerplate, which are not the author's claims.

local hedge = glossa.regex([[\b(?:would prefer|seems? to|appears? to|it would appear|]]
  .. [[perhaps|probably|likely|apparently|might)\b]], "i")
local skip = {"speculation", "quote", "comment", "boilerplate"}

return function(doc)
  for s in doc:sentences() do
    local h = s:match(hedge):first()
    local taken = false
    for _, label in ipairs(skip) do
      taken = taken or doc:annotations{label = label, overlapping = s}:first() ~= nil
    end
    if h and not taken then
      -- the ♦ that opens an analysis paragraph is a bullet, not the claim
      local start = s.text:find("^♦") and s.start + #"♦" or s.start
      doc:span(start, s.stop):annotate{label = "speculation", attrs = {hedge = h.text}}
    end
  end
end
