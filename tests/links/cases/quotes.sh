# The seed's quotes.lua links each quote to its speaker, the person
# people.lua marked before the verb of saying: the quote's line and its
# speaker's, in -f jsonl, on the three samples.
for f in samples/trump-putin-call.txt samples/trump-putin-call.html samples/trump-putin-call.xml; do
  $GLOSSA -j1 -f jsonl -s scripts/people.lua -s scripts/quotes.lua $f > $TMP/out.jsonl
  echo "exit $?"
  grep '"label":"quote"' $TMP/out.jsonl | sed 's/,"start".*//'
  for id in $(grep '"label":"quote"' $TMP/out.jsonl | sed -n 's/.*"links":{"speaker":"\(a[0-9]*\)"}.*/\1/p'); do
    grep "\"id\":\"$id\"" $TMP/out.jsonl | sed 's/,"start_byte".*//'
  done
  $GLOSSA -j1 --explain -s scripts/people.lua -s scripts/quotes.lua $f | grep ': quote: ' | sed 's/: quote: ".*"  (by/: quote: "…"  (by/'
done
