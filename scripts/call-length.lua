-- call-length.lua: every claim about how long the call lasted.
--
--   glossa -s scripts/call-length.lua samples/trump-putin-call.txt
--
-- A duration ("90 minute", "almost an hour and a half", "more than one
-- hour") counts as a claim about the call when its sentence talks of a call
-- (call, spoke, conversation). Each claim is converted to minutes; when the
-- claims do not all say the same, each gets a note saying so.

local duration = glossa.regex([[\b(?:(?<qual>almost|nearly|about|more than|over|under|less than)\s+)?]]
  .. [[(?<n>\d+|an?|one|two|three)[- ](?<unit>minute|hour)s?(?<half>\s+and\s+a\s+half)?\b]], "i")
local about_call = glossa.regex([[\b(?:call|calls|called|spoke|conversation)\b]], "i")
local words = {a = 1, an = 1, one = 1, two = 2, three = 3}
local counts = {"one", "two", "three", "four", "five"}

return function(doc)
  local claims = {}
  for d in doc:match(duration) do
    if d:sentence():match(about_call):first() then
      local n = tonumber(d:capture("n").text) or words[d:capture("n").text:lower()]
      if d:capture("half") then n = n + 0.5 end
      local minutes = d:capture("unit").text:lower() == "hour" and n * 60 or n
      local qual = d:capture("qual") and d:capture("qual").text:lower()
      claims[#claims + 1] = {span = d, minutes = minutes, qual = qual,
                             says = (qual and qual .. " " or "") .. string.format("%g", minutes)}
    end
  end
  -- "90 minutes vs. almost 90 vs. more than 60": one account each
  local says, differ = {}, false
  for i, c in ipairs(claims) do
    says[i] = c.says .. (i == 1 and " minutes" or "")
    differ = differ or c.says ~= claims[1].says
  end
  local note = differ and table.concat(says, " vs. ") .. ": the "
    .. (counts[#claims] or #claims) .. " accounts disagree" or nil
  for _, c in ipairs(claims) do
    c.span:annotate{label = "call-length", note = note,
                    attrs = {minutes = c.minutes, qualifier = c.qual or "exactly"}}
  end
end
