-- entities.lua: who, where, when in the seed post, with glossa's matchers.
--
--   glossa -s scripts/entities.lua samples/trump-putin-call.html
--
-- A dictionary (built once, in C) marks people, places and organisations;
-- its values are the labels. Regexes mark dates and durations; every
-- sentence and the White House readout (a CSS selector: a <blockquote> in
-- the HTML post, a <div type="readout"> in the TEI one) are marked too.

local names = glossa.dict{
  ["Donald J. Trump"] = "person", ["President Trump"] = "person", ["Trump"] = "person",
  ["Vladimir V. Putin"] = "person", ["Vladimir Putin"] = "person", ["Putin"] = "person",
  ["Rex Tillerson"] = "person", ["Bashir Assad"] = "person",
  ["Syria"] = "place", ["North Korea"] = "place", ["Ukraine"] = "place", ["Russia"] = "place",
  ["China"] = "place", ["Asia"] = "place", ["Middle East"] = "place", ["Central Asia"] = "place",
  ["White House"] = "place", ["DPRK"] = "place", ["United States"] = "place",
  ["Russian Federation"] = "place", ["Geneva"] = "place",
  ["U.N. Security Council"] = "organisation", ["ISIS"] = "organisation",
  ["al-Qaeda"] = "organisation", ["Taliban"] = "organisation", ["ASEAN"] = "organisation",
  ["APEC"] = "organisation", ["Akismet"] = "organisation", ["U.N."] = "organisation",
  ["Asia-Pacific Economic Cooperation"] = "organisation",
}
local months = "January|February|March|April|May|June|July|August|September|October|November|December"
local date = glossa.regex([[\b(?:]] .. months .. [[)\s+\d{1,2}(?:,\s*\d{4})?\b]])
local duration = glossa.regex([[\b(?:\d+|one|two|an?)(?:\s+and\s+a\s+half)?[- ](?:minute|hour)s?\b]]
  .. [[|\b(?:almost|more than)\s+(?:an?|one)\s+hours?(?:\s+and\s+a\s+half)?]], "i")

return function(doc)
  doc:lookup(names):annotate{}                 -- label = each name's value
  doc:match(date):annotate{label = "date"}
  doc:match(duration):unique():annotate{label = "duration"}
  doc:sentences():annotate{label = "sentence"}
  for q in doc:css("blockquote, [type=readout]") do q:span():trim():annotate{label = "readout"} end
end
