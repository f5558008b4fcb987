-- The standard workload of issue 5 (bench/run): per document, what
-- ../shared/bench/py_lxml_annotate.py does, plus sentence splitting.
--
--   glossa -s bench/workload.lua -a labels=/tmp/glossa-gazetteer/labels.tsv \
--          -f jsonl --files-from html.list > out.jsonl
--
-- * the gazetteer: labels.tsv ("name<TAB>CITY|COUNTRY|PERSON"), case-sensitive,
--   whole words, leftmost-longest; each entry's value is its label;
-- * the three regexes of py_lxml_annotate.py (--print-regexes), same labels;
-- * sentences (doc:sentences()), label "sentence".
-- The dictionary and the regexes are built once per worker, at the top level.

local labels = glossa.args.labels or error("needs -a labels=PATH/labels.tsv")
local names = glossa.dict(labels)

local MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
  .. "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
local DATE = glossa.regex([[\b(?:(?:]] .. MONTHS .. [[)\.?\s+\d{1,2}(?:st|nd|rd|th)?(?:,?\s+\d{4})?|\d{1,2}\s+(?:]]
  .. MONTHS .. [[)(?:\s+\d{4})?)\b]])
local QUANTITY = glossa.regex([[\b\d+(?:[.,]\d+)?(?:\s?(?:[KMGTP]i?B|[kKMG]Hz|bytes?|bits?|ms|µs|us|ns|seconds?|minutes?]]
  .. [[|hours?|days?|weeks?|years?|mm|cm|km|kg)\b|\s?%)]])
local QUOTE = glossa.regex([["[^"\n]{1,200}"|“[^”\n]{1,200}”|«[^»\n]{1,200}»]])

return function(doc)
  doc:lookup(names):annotate{}
  doc:match(DATE):annotate{label = "DATE"}
  doc:match(QUANTITY):annotate{label = "QUANTITY"}
  doc:match(QUOTE):annotate{label = "QUOTE"}
  doc:sentences():annotate{label = "sentence"}
end
