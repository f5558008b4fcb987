-- comments.lua: the readers' comments under the post.
--
--   glossa -s scripts/boilerplate.lua -s scripts/comments.lua samples/trump-putin-call.txt
--
-- HTML and TEI say where a comment is (class="comment-content",
-- <div type="comment">). In plain text the comments follow the
-- "2 comments on …" heading, each starting with its number ("1. "), and end
-- where the comment form (boilerplate.lua) begins. The span is the comment's
-- words, without its number.

local heading = glossa.regex([[^\s*\d+\s+(?:comments?|responses?|replies)\s+(?:on|to)\b]], "i")
local number = glossa.regex([[^\s*\d+\.\s+]])

local function comments_in_text(doc)
  local found, open, after_heading = {}, nil, false
  for b in doc:blocks() do
    if doc:annotations{label = "boilerplate", overlapping = b}:first() then break end
    if after_heading then
      local n = b:match(number):first()
      if n then                                  -- "1. Wow…": a new comment
        open = {start = n.stop + 1, stop = b.stop}
        found[#found + 1] = open
      elseif open then
        open.stop = b.stop                       -- its next paragraph
      end
    elseif b:match(heading):first() then
      after_heading = true
    end
  end
  return found
end

return function(doc)
  local any = false
  for c in doc:css(".comment-content, [type=comment]") do
    c:span():trim():annotate{label = "comment"}
    any = true
  end
  if not any then
    for _, c in ipairs(comments_in_text(doc)) do
      doc:span(c.start, c.stop):trim():annotate{label = "comment"}
    end
  end
end
