-- Rules at scale (issue 14; bench/README.md, "Rules"): -a n=N rules, or
-- -a mode=dict for the dictionary lookup alone. The words come from
-- benchwords.lua (written by bench/rules.sh from the corpus, found with
-- --lib): its `bigrams` (the corpus's most frequent word pairs) and `words`
-- (its most frequent words), most frequent first.
--   half the rules start with a literal token:      {lower = a}, {lower = b}
--   a quarter with a token test:                     {is_title = true}, {lower = w}
--   a quarter with an annotation (numbers, "num"):   {ann = "num"}, {lower = w}
-- mode=dict looks up a dictionary of the same phrases: each bigram "a b"
-- and each word w. Both modes annotate the numbers first (one regex pass)
-- and annotate every match (bulk, in C).
local W = require("benchwords")
local n = tonumber(glossa.args.n or "10")
local dict = glossa.args.mode == "dict"
local half, quarter = n // 2, n // 4

local matcher
if dict then
  local entries = {}
  for i = 1, half do entries[W.bigrams[i][1] .. " " .. W.bigrams[i][2]] = "phrase" end
  for i = 1, n - half do entries[W.words[i]] = "word" end
  matcher = glossa.dict(entries, {nocase = true})
else
  local rules = {}
  for i = 1, half do
    rules[#rules + 1] = glossa.rule{name = "b" .. i, {lower = W.bigrams[i][1]}, {lower = W.bigrams[i][2]}}
  end
  for i = 1, quarter do
    rules[#rules + 1] = glossa.rule{name = "t" .. i, {is_title = true}, {lower = W.words[i]}}
  end
  for i = quarter + 1, n - half do
    rules[#rules + 1] = glossa.rule{name = "a" .. i, {ann = "num"}, {lower = W.words[i]}}
  end
  matcher = glossa.rules(rules)
end
local number = glossa.regex([[\b\d+\b]])

return function(doc)
  doc:match(number):annotate{label = "num"}
  local hits = dict and doc:lookup(matcher) or doc:match(matcher)
  hits:annotate{label = "hit"}
  glossa.count("hits", #hits)
end
