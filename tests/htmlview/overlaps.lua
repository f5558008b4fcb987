-- overlaps.lua: annotations that exercise the HTML view (tests/htmlview):
-- nested spans ("Putin" inside "Vladimir V. Putin" inside its sentence),
-- spans that cross element boundaries (<strong>, <em>, <p>, <blockquote>),
-- two spans that overlap without nesting, one identical to another, an
-- empty one, attributes of each type, and text that needs escaping.
return function(doc)
  local function mark(pattern, fields)
    for s in doc:find(pattern) do s:annotate(fields) end
  end
  mark("President Donald J%. Trump today spoke with President Vladimir V%. Putin[^.]*%.",
       {label = "sentence"})
  mark("Vladimir V%. Putin", {label = "person", note = "full name, as in the readout",
                              attrs = {wikidata = "Q7747", mentions = 3, exact = true, score = 0.75}})
  mark("Putin", {label = "surname"})
  mark("finished a 90 minute phone call with", {label = "duration", note = "90 minutes <claim #1>",
                                                attrs = {minutes = 90}})
  mark("almost an hour and a half%.", {label = "duration", note = "\"almost an hour and a half\" & claim #2"})
  mark("some deal%-making", {label = "hedge"})
  mark("deal%-making in the works", {label = "hedge", note = "overlaps, does not nest"})
  mark("It would appear there’s some deal%-making in the works%.", {label = "claim", note = "same span as speculation"})
  -- from the readout's first paragraph into its second
  mark("November 11%.%s+Both presidents", {label = "boundary", note = "crosses a paragraph break </p><p>"})
  local s, e = doc.text:find("DPRK")
  if s then doc:span(e + 1, e):annotate{label = "point", note = "empty span after DPRK"} end
end
