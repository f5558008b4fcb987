-- deal-making.lua: mark the post's closing speculation.
--
-- The post ends on a hedged claim that is not in the White House readout:
-- "It would appear there’s some deal-making in the works." This script finds
-- that sentence in the document's text (whatever the markup around it) and
-- marks it as speculation.
--
--   glossa -s scripts/deal-making.lua samples/trump-putin-call.html

-- A Lua pattern over the text view: %- escapes the hyphen, and the curly
-- apostrophe is matched as it is (the text view is UTF-8).
local sentence = "It would appear there’s some deal%-making in the works%."

return function(doc)
  for span in doc:find(sentence) do
    span:annotate{label = "speculation", note = "deal-making in the works"}
  end
end
