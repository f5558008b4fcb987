# The XML mistakes people make most get FILE:LINE:COL, libxml2's message and
# what to do (write &amp; or &lt;, a character reference for &nbsp;, close
# in order, quote attributes, or read the file as HTML with -t html); each
# exits 1. The same page read with -t html loads.
mkdir -p "$TMP"
i=0
for t in '<p>Smith & Jones</p>' '<p>a&nbsp;b</p>' '<p>AT&amp T</p>' '<p>1 < 2</p>' \
         '<p><b>bold</p>' '<p>open' '<p class=x>y</p>' '<p>one</p><p>two</p>'; do
  i=$((i + 1))
  printf '%s\n' "$t" > "$TMP/e$i.xml"
  (cd "$TMP" && $GLOSSA -e '' "e$i.xml"; echo "exit $?")
done
(cd "$TMP" && $GLOSSA -t html -e 'print(doc.text)' e1.xml; echo "exit $?")
