# -o DIR/: NAME.conll and NAME.jsonl per document, the same bytes as the
# stream's; -j2 writes the same bytes as -j1.
S="-s scripts/people.lua -s scripts/places.lua -s scripts/quotes.lua"
IN="samples/trump-putin-call.txt samples/trump-putin-call.html samples/trump-putin-call.xml"
for f in conll spans; do
  $GLOSSA -j1 -q $S -f $f -o $TMP/$f/ $IN 2>/dev/null
  echo "$f -o DIR/: exit $?"
  ls $TMP/$f
  $GLOSSA -j1 -q $S -f $f $IN >$TMP/$f.1 2>$TMP/$f.err1
  $GLOSSA -j2 -q $S -f $f $IN >$TMP/$f.2 2>$TMP/$f.err2
  cmp $TMP/$f.1 $TMP/$f.2 && cmp $TMP/$f.err1 $TMP/$f.err2 && echo "$f: -j2 is -j1, byte for byte"
  cat $TMP/$f/trump-putin-call.txt.* $TMP/$f/trump-putin-call.html.* $TMP/$f/trump-putin-call.xml.* | cmp - $TMP/$f.1 &&
    echo "$f: the files are the stream's documents"
  cat $TMP/$f.err1
done
