-- places.lua: places and organisations named in the seed post.
--
--   glossa -s scripts/boilerplate.lua -s scripts/places.lua samples/trump-putin-call.txt
--
-- One dictionary; each entry's value is its label, so a single bulk
-- annotate{} (in C) labels them all. Countries stay places even where they
-- stand for their governments; "the Taliban" is marked without its article;
-- Geneva is not listed, since here it only names the "Geneva Process".
-- Names in the comment form (Twitter, Akismet…) are boilerplate: filtered out.

local names = glossa.dict{
  ["Syria"] = "place", ["North Korea"] = "place", ["DPRK"] = "place",
  ["Ukraine"] = "place", ["Russia"] = "place", ["Russian Federation"] = "place",
  ["China"] = "place", ["United States"] = "place", ["US"] = "place",
  ["Asia"] = "place", ["Central Asia"] = "place", ["Middle East"] = "place",
  ["White House"] = "place",
  ["U.N."] = "organisation", ["U.N. Security Council"] = "organisation",
  ["ISIS"] = "organisation", ["al-Qaeda"] = "organisation", ["Taliban"] = "organisation",
  ["ASEAN"] = "organisation", ["APEC"] = "organisation",
  ["Asia-Pacific Economic Cooperation"] = "organisation", ["Twitter"] = "organisation",
}

return function(doc)
  local function outside_boilerplate(span)
    return not doc:annotations{label = "boilerplate", containing = span}:first()
  end
  doc:lookup(names):filter(outside_boilerplate):annotate{}  -- label = each name's value
end
