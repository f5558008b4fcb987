# Item 8: --timeout is a wall-clock promise also inside C working for a
# script: each of these ran until killed (was: exit 124 under `timeout`).
# The document fails with the limit's name and the next one still runs.
for code in 'local s = string.rep("", 2^40)' \
            'table.move({}, 1, 2^40, 2)' \
            'string.find(("a"):rep(40), ("a*"):rep(20) .. "b")' \
            'local s = ("a"):rep(40); s:gsub(("a*"):rep(20) .. "b", "")'; do
  $GLOSSA --timeout 1 -e "if doc.type == 'text' then $code else doc:span(1, 2):annotate{label = 'next-doc'} end" \
    samples/trump-putin-call.txt samples/trump-putin-call.xml
  echo "exit $?"
done
