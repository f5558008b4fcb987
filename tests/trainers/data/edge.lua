-- Spans that test -f conll's rules and -f spans' fields (tests/trainers):
-- inside a token, overlaps of every kind, across a sentence, no token.
local function at(s, n) return doc:find(s, 1, true)[n or 1] end
at("Putin"):annotate{label = "person"}                       -- inside "Putin's"
local vp = doc:find("Vladimir Putin")[1]:annotate{label = "person name", attrs = {known = true}}
doc:find("Putin")[2]:annotate{label = "person"}              -- inside the longer one
doc:find("New York")[1]:annotate{label = "place"}            -- two tokens, earlier
doc:find("York City")[1]:annotate{label = "place"}           -- two tokens, later: left out
doc:find("City%. He")[1]:annotate{label = "crossing", note = "across a sentence"}
doc:find("He")[1]:annotate{label = "pronoun", links = {antecedent = vp}, note = "he \"himself\"\n"}
doc:span(5, 4):annotate{label = "empty"}                     -- no text
doc:find("\n\n")[1]:annotate{label = "gap"}                  -- white space only
doc:find("U%.N%.%-led")[1]:annotate{label = "org"}
doc:find("talks ended")[1]:annotate{label = "event"}
doc:find("talks ended")[1]:annotate{label = "event2"}        -- same span, made later: left out
doc:find("Genève")[1]:annotate{label = "place"}              -- after a 4-byte character
