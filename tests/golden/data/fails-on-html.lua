local function count(words)
  return #words -- fails when words is nil
end

return function(doc)
  if doc.type == "html" then
    count(nil)
  end
  doc:span(1, 4):annotate{label = "first-word"}
end
