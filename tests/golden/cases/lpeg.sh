# lpeg and re in the sandbox (Debian's lua-lpeg): positions are 1-based
# bytes as spans are, so doc:span(i, j - 1) is the text a match covers;
# re comes from lua-lpeg's re.lua; the pattern metatable is hidden and the
# debug functions are gone; lpeg.setmaxstack is capped; a match that
# backtracks badly stops at --timeout (repetitions and grammar rules poll
# the deadline), with the usual message.
S=samples/trump-putin-call.txt
$GLOSSA -e '
local R, Cp, Ct = lpeg.R, lpeg.Cp, lpeg.Ct
local word = Cp() * R("AZ") * R("az")^1 * Cp()
local words = Ct(((word / function(i, j) return {i, j} end) + 1)^0)
for _, m in ipairs(words:match(doc.text)) do
  local s = doc:span(m[1], m[2] - 1)
  if s.text == "Putin" then s:annotate{label = "lpeg"} end
end
local i, j = re.find(doc.text, "{[0-9]+} %s* \"minute\"")
doc:span(i, j):annotate{label = "re"}
' $S
$GLOSSA -e '
print(getmetatable(lpeg.P(1)), lpeg.ptree, lpeg.pcode)
print(pcall(lpeg.setmaxstack, 100000))
local deep = lpeg.P{"S", S = "(" * lpeg.V"S" * ")" + ""}
print(deep:match(("("):rep(4000) .. (")"):rep(4000)))
print(pcall(deep.match, deep, ("("):rep(20000) .. (")"):rep(20000)))
lpeg.setmaxstack(100)
print(pcall(deep.match, deep, ("("):rep(200) .. (")"):rep(200)))
print(re.gsub("hello world", "[o]", "0"), re.match("glossa 1.0", "{%a+} %s {%d+}"))
print(pcall(function() lpeg.P = nil end))
' $S
# ((a^0 b) / a)^0 over 300 000 bytes is quadratic: minutes in C
$GLOSSA --timeout 1 -e 'local P = lpeg.P
local p = ((P"a"^0 * "b") + "a")^0
return function(doc) print(p:match(("a"):rep(300000))) end' $S 2>&1 | head -1
# and a grammar that is exponential in it (each a parsed again twice)
$GLOSSA --timeout 1 -e 'local g = re.compile("S <- [a] S [b] / [a] S [c] / \"\"")
return function(doc) print(g:match(("a"):rep(60))) end' $S 2>&1 | head -1
echo "exit $?"
