-- Queries while annotating (issue 14, item 3; bench/README.md): the
-- sentences are annotated, then every capitalised word is looked up among
-- the annotations overlapping it (its sentence and the words annotated
-- before it that overlap it) and annotated in turn, so each query sees the
-- store grown by one since the last. -a queries=0 does the same work but
-- the queries: the baseline.
local queries = glossa.args.queries ~= "0"
local word = glossa.regex([[\b\p{Lu}\w*]])
return function(doc)
  doc:sentences():annotate{label = "sentence"}
  local hits = doc:match(word)
  local found = 0
  for i = 1, #hits do
    local m = hits[i]
    if queries then found = found + #doc:annotations{overlapping = m} end
    doc:annotate(m, {label = "cap"})
  end
  glossa.count("caps", #hits)
  glossa.count("found", found)
end
