-- The dictionary workload of bench/matchers.sh: every name of a gazetteer
-- file (-a dict=PATH) found in the document and annotated, in C.
local names = glossa.dict(glossa.args.dict)
return function(doc)
  doc:lookup(names):annotate{label = "name"}
end
