# --timeout stops libxml2's XPath evaluation (issue 11, item 8): a query of
# some 3000^3 steps on 3000 elements, the same through node:select, and a
# CSS selector whose XPath merges 20000 siblings many times, each fail their
# document with the limit's name, and the next document still runs.
cd "$TMP" || exit 2
awk 'BEGIN { printf "<root>"; for (i = 0; i < 3000; i++) printf "<e>x</e>"; print "</root>" }' >big.xml
awk 'BEGIN { printf "<root>"; for (i = 0; i < 20000; i++) printf "<e>x</e>"; print "</root>" }' >wide.xml
echo '<root><e>small</e></root>' >small.xml
$GLOSSA -j1 -q --timeout 1 -e 'doc:span(1, 4):annotate{label = "select", note = tostring(#doc:select("//*[count(//*[count(//*) > 0]) > 0]"))}' big.xml small.xml
echo "exit $?"
$GLOSSA -j1 -q --timeout 1 -e 'doc:span(1, 4):annotate{label = "node:select", note = tostring(#doc.root:select("//*[count(//*[count(//*) > 0]) > 0]"))}' big.xml small.xml
echo "exit $?"
$GLOSSA -j1 -q --timeout 1 -e 'doc:span(1, 4):annotate{label = "css", note = tostring(#doc:css("e ~ e ~ e:nth-child(odd)"))}' wide.xml small.xml
echo "exit $?"
