# span:capture of a group that did not take part in the match is nil (as
# docs/lua-api.md says); one that matched empty is an empty span; a group
# the pattern does not have raises.
printf 'November 11 and December.\n' >"$TMP/d.txt"
$GLOSSA -j1 -e '
  for _, m in ipairs(doc:match([[(?<month>November|December)(?: (?<day>\d+))?(?<gap>x*)]])) do
    local g = m:capture("gap")
    print(m.text, m:capture("day"), m:capture(2), "gap " .. g.start .. "-" .. g.stop .. " #" .. #g)
  end
  print(pcall(function() return doc:match("(a)")[1]:capture("day") end))
  print(pcall(function() return doc:match("(a)")[1]:capture(2) end))' "$TMP/d.txt"
echo "exit $?"
