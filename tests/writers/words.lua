-- tests/writers: marks at every word and across every pair of words (so
-- that marks cross element boundaries, references and CDATA sections and
-- overlap), an empty one before each word, and notes past ASCII.
return function(doc)
  doc:find("%S+"):annotate{label = "word"}
  doc:find("%S+%s+%S+"):annotate{label = "pair", note = "deux mots — «pair»"}
  for s in doc:find("%f[%S]") do s:annotate{label = "here"} end
end
