-- a missing "then"
return function(doc)
  if doc.type == "text"
    doc:span(1, 4):annotate{label = "x"}
  end
end
