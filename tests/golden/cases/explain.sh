# --explain: the script and line that made each annotation, and the matcher
# that found its span (a find pattern, a regex, a dictionary entry, a CSS
# selector or XPath, sentences).
$GLOSSA --explain -s scripts/deal-making.lua -s scripts/entities.lua \
  -e 'for q in doc:css("blockquote p") do q:span():annotate{label = "readout-paragraph"} end' \
  -e 'doc:annotate(doc:select("//h1")[1]:span(), {label = "title"})' samples/trump-putin-call.html >$TMP/out
echo "exit $?"
grep -v ': sentence: ' $TMP/out | head -24
