-- dates.lua: calendar dates ("November 11", "15 November 2017").
--
--   glossa -s scripts/dates.lua samples/trump-putin-call.xml
--
-- A regex with named groups; the month and day go into attributes.
-- Relative dates ("yesterday", "today") are left alone: they need the
-- post's own date to mean anything.

local months = "January|February|March|April|May|June|July|August|September|October|November|December"
local date = glossa.regex(
  [[\b(?:(?<month>]] .. months .. [[)\s+(?<day>\d{1,2})(?:,\s*(?<year>\d{4}))?]] ..
  [[|(?<day2>\d{1,2})\s+(?<month2>]] .. months .. [[)(?:\s+(?<year2>\d{4}))?)\b]])

return function(doc)
  for d in doc:match(date) do
    local month = d:capture("month") or d:capture("month2")
    local day = d:capture("day") or d:capture("day2")
    local year = d:capture("year") or d:capture("year2")
    d:annotate{label = "date", attrs = {month = month.text, day = tonumber(day.text),
                                        year = year and tonumber(year.text) or nil}}
  end
end
