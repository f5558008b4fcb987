# -f conll over the three samples with the seed's people and places: one
# stream, a -DOCSTART- line before each document, every token of
# doc:tokens() on its line, a blank line after each sentence.
$GLOSSA -j1 -s scripts/people.lua -s scripts/places.lua -f conll \
  samples/trump-putin-call.txt samples/trump-putin-call.html samples/trump-putin-call.xml
