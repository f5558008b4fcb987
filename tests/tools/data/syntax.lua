-- A missing `then`: glossa check reports it as Lua does.
for s in doc:sentences() do
  if s.text:find("Putin") 
    s:annotate{label = "putin"}
  end
end
