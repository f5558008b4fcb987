-- boilerplate.lua: mark the comment form at the foot of the page.
--
-- Everything from the "Leave a Reply" heading to the end of the document is
-- the blog's comment form, not the post. It is marked `boilerplate` so that
-- the scripts after this one can skip it:
--
--   if doc:annotations{label = "boilerplate", containing = span}:first() then
--     -- span lies in the comment form: ignore it
--   end
--
-- Run it first: glossa -s scripts/boilerplate.lua -s … samples/trump-putin-call.txt

-- The heading WordPress puts over its comment form, alone in its block.
local heading = glossa.regex([[^\s*Leave a (?:Reply|Comment)\s*$]], "i")

return function(doc)
  -- Blocks are paragraphs (text), or block elements (HTML, XML); the text
  -- that script and style elements leave in an HTML view is never a block.
  local first, last
  for b in doc:blocks() do
    if not first and b:match(heading):first() then first = b end
    last = b
  end
  if first then
    doc:span(first.start, last.stop):annotate{label = "boilerplate", note = "comment form"}
  end
end
