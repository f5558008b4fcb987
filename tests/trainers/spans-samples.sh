# -f spans over the three samples with the seed's people, places and quotes
# (quotes link to their speakers: relations), one line per document.
$GLOSSA -j1 -s scripts/people.lua -s scripts/places.lua -s scripts/quotes.lua -f spans \
  samples/trump-putin-call.txt samples/trump-putin-call.html samples/trump-putin-call.xml
