# -o never writes over a file the run reads (tests/SECURITY.md, item 17),
# whatever name it is given by (the same device and inode: a hard link, a
# symbolic link, standard input): -o FILE is refused before the run, exit 2,
# the file as it was; under -o DIR/ a document whose output would replace an
# input is not written (exit 1), the others are.
cd "$TMP" || exit 1
E='doc:find("Hello"):annotate{label = "hi"}'
printf 'Hello input\n' >in.txt
ln in.txt hard.txt
ln -s in.txt soft.txt
printf 'return function(doc) end\n' >s.lua
printf '{"id":"r","text":"Hello"}\n' >r.jsonl
printf 'in.txt\n' >list
cp in.txt keep
for args in "-o in.txt in.txt" "-o hard.txt in.txt" "-o soft.txt in.txt" "-o s.lua -s s.lua in.txt" \
  "-o r.jsonl --records r.jsonl" "-o list --files-from list" "-o in.txt -" "-o d/in.txt d/"; do
  mkdir -p d
  cp keep d/in.txt
  $GLOSSA -e "$E" $args <in.txt
  echo "$args: exit $?"
done
cmp keep in.txt && cmp keep d/in.txt && echo "the inputs are as they were"
# -o DIR/ over the tree it reads: pages that keep their names are refused,
# new names written
mkdir site
printf '<p>Hello page</p>\n' >site/page.html
printf 'Hello notes\n' >site/notes.txt
cp site/page.html page.keep
$GLOSSA -e "$E" -f html -o site/ site/
echo "exit $?"
cmp page.keep site/page.html && echo "site/page.html is as it was"
ls site
