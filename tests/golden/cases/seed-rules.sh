# The seed's rules (issue 14): call-length.lua (one rule with captures for
# the qualifier, the amount and the unit), titles.lua (a title before a
# person annotation, linked to it), quotes.lua (a person followed by a verb
# of saying, found by a rule, linked from the quote) on the samples and on
# a text with the other forms each handles.
S=samples/trump-putin-call
echo "== call-length"
$GLOSSA -q --explain -s scripts/call-length.lua $S.txt $S.html $S.xml
printf 'The call lasted a 90-minute stretch. They spoke for nearly 3 hours and a half.\n\nAnother call: more than two minutes. A walk of an hour was pleasant.\n' >$TMP/durations.txt
$GLOSSA -q -s scripts/call-length.lua $TMP/durations.txt | sed "s|^$TMP/||"
echo "== titles"
$GLOSSA -q --explain -s scripts/boilerplate.lua -s scripts/people.lua -s scripts/titles.lua $S.txt | grep ': title: '
$GLOSSA -q -f jsonl -s scripts/boilerplate.lua -s scripts/people.lua -s scripts/titles.lua $S.html |
  grep '"label":"title"' | head -2 | sed 's/"prefix":.*"script"/…"script"/'
echo "== quotes"
cat >$TMP/quotes.txt <<'TXT'
“We will talk again,” Putin said on Tuesday.

Trump told reporters: “It was a great call.” Later Tillerson added that it was long.

Assad declared victory.

“Nothing has changed.”

“No speaker here.” Someone else spoke, and Putin said nothing.
TXT
$GLOSSA -q --explain -s scripts/people.lua -s scripts/quotes.lua $TMP/quotes.txt | grep ': quote: ' | sed "s|^$TMP/||"
$GLOSSA -q -f jsonl -s scripts/people.lua -s scripts/quotes.lua $TMP/quotes.txt |
  sed -n 's/.*"id":"\(a[0-9]*\)","label":"\([a-z]*\)".*"links":\({[^}]*}\).*"exact":\("[^"]*"\).*/\1 \2 \3 \4/p'
echo "exit $?"
