-- Names the API does not have, on objects whose type is plain to see.
local re = glossa.regx("Putin")                  -- glossa.regex
for s in doc:sentences() do
  s:annotat{label = "sentence"}                  -- Span:annotate
  for t in s:tokens() do t:trm() end             -- Span:trim
end
local hits = doc:find("Putin")
hits:frist():annotate{label = "first"}           -- SpanList:first
doc:find("Trump"):filtr(function(s) return #s > 3 end)
for i, n in ipairs(doc:select("//p")) do print(i, n:parnt()) end
doc:annotations():first()
doc:lookupp(re)                                  -- Document:lookup
