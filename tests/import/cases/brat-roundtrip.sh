# brat -> glossa -> brat keeps everything: -f brat's files read back in
# (--annotations NAME.ann, NAME.txt beside it) and written again give the
# same .ann, annotation.conf and visual.conf byte for byte, with labels,
# keys and roles brat cannot hold (spaces, runs of _, non-ASCII),
# attributes of every type, notes with tabs and line breaks, and links.
cd $TMP
printf 'Ana met Bo in São Paulo.\nThey talked\tlong.\n' > doc.txt
cat > mark.lua <<'LUA'
local ana = doc:find("Ana")[1]:annotate{label = "deal making", note = "line one\nline two\tand a tab",
  attrs = {flag = true, off = false, n = 3, x = 2.5, big = 1e300, s = "two words", t = "token", e = "", zero = 0}}
local bo = doc:find("Bo")[1]:annotate{label = "a__b", attrs = {["key with space"] = "v"}}
doc:find("São Paulo")[1]:annotate{label = "lugar", note = "glossa:not a prefix", links = {met_at = ana, who = bo}}
doc:find("talked\tlong")[1]:annotate{label = "état", note = "plain"}
LUA
$GLOSSA -j1 -s mark.lua -f brat -o one/ doc.txt; echo "write exit $?"
$GLOSSA -j1 -f brat -o two/ --annotations one/doc.txt.ann one/doc.txt.txt; echo "round trip exit $?"
for f in doc.txt.ann annotation.conf visual.conf; do
  cmp one/$f two/$(echo $f | sed 's/doc.txt.ann/doc.txt.txt.ann/') && echo "$f: same bytes"
done
cat one/doc.txt.ann
$GLOSSA -j1 -f jsonl --annotations one/doc.txt.ann doc.txt | sed 's/,"start_byte".*//'
