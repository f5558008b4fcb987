-- call-length.lua: every claim about how long the call lasted.
--
--   glossa -s scripts/call-length.lua samples/trump-putin-call.txt
--
-- A duration ("90 minute", "almost an hour and a half", "more than one
-- hour", "a 90-minute call") is one rule over tokens, with captures for the
-- qualifier, the amount and the unit. It counts as a claim about the call
-- when its sentence talks of a call (call, spoke, conversation). Each claim
-- is converted to minutes; when the claims do not all say the same, each
-- gets a note saying so.

local units = {minute = 1, minutes = 1, hour = 60, hours = 60}
local duration = glossa.rule{
  name = "duration",
  {alt = {{lower = {"almost", "nearly", "about", "over", "under"}},
          {seq = {{lower = {"more", "less"}}, {lower = "than"}}}}, op = "?", as = "qual"},
  {alt = {
    {seq = {{alt = {{is_digit = true}, {lower = {"a", "an", "one", "two", "three"}}}, as = "amount"},
            {lower = {"minute", "minutes", "hour", "hours"}, as = "unit"}}},
    -- "90-minute" is one token
    {re = glossa.regex([[\d+-(?:minute|hour)s?]], "i"), as = "compound"}}},
  {seq = {{lower = "and"}, {lower = "a"}, {lower = "half"}}, op = "?", as = "half"},
  label = "call-length",
}
local about_call = glossa.regex([[\b(?:call|calls|called|spoke|conversation)\b]], "i")
local words = {a = 1, an = 1, one = 1, two = 2, three = 3}
local counts = {"one", "two", "three", "four", "five"}

return function(doc)
  local claims = {}
  for d in doc:match(duration) do
    if d:sentence():match(about_call):first() then
      local amount, unit
      if d:capture("compound") then
        amount, unit = d:capture("compound").text:lower():match("^(%d+)%-(%a+)$")
      else
        amount, unit = d:capture("amount").text:lower(), d:capture("unit").text:lower()
      end
      local n = tonumber(amount) or words[amount]
      if d:capture("half") then n = n + 0.5 end
      local minutes = n * units[unit]
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
    c.span:annotate{note = note, attrs = {minutes = c.minutes, qualifier = c.qual or "exactly"}}
  end
end
