# -o DIR/ on a document tree (tests/SECURITY.md, item 16): the tree's
# relative paths are mirrored under DIR (made when missing, folders too);
# html and inline pages keep a name that already ends in .html or .htm, so a
# mirrored site's links still work, other formats add their extension
# (glossa(1), FILES). Two inputs with one name below their directories are
# refused before the run; record ids that are the same once made file names
# (dup, x/dup, ../../dup, a repeated id) never write over each other nor
# outside DIR: later ones get ~2, ~3 in input order, the same for any -j.
cd "$TMP" || exit 1
mkdir -p site/faq site/howto/deep
printf '<html><body><p>Hello faq, see <a href="../howto/index.html">howto</a>.</p></body></html>\n' >site/faq/index.html
printf '<html><body><p>Hello howto</p></body></html>\n' >site/howto/index.html
printf '<html><body><p>Hello deep</p></body></html>\n' >site/howto/deep/page.htm
printf 'Hello notes\n' >site/notes.txt
printf '<doc><p>Hello xml</p></doc>\n' >site/data.xml
E='doc:find("Hello"):annotate{label = "hi"}'
for f in html inline jsonl brat; do
  $GLOSSA -j2 -e "$E" -f $f -o views-$f/ site/
  echo "-f $f: exit $?"
  (cd views-$f && find . -type f | sort)
done
grep -o 'href="[^"]*howto[^"]*"' views-html/faq/index.html | head -1
grep -c '<mark' views-inline/howto/deep/page.htm
# several folders made at once, one argument a file of its own
$GLOSSA -e "$E" -o out/a/b/ site/notes.txt site/howto/
echo "exit $?"
(cd out && find . -type f | sort)
# one name twice below two directories: refused before the run
mkdir -p other/faq
cp site/faq/index.html other/faq/
$GLOSSA -e "$E" -f html -o twice/ site/ other/
echo "exit $?"
ls twice
# records whose ids collide once made file names
printf '%s\n' '{"id":"dup","text":"Hello 1"}' '{"id":"x/dup","text":"Hello 2"}' \
  '{"id":"../../dup","text":"Hello 3"}' '{"id":"dup","text":"Hello 4"}' '{"id":"dup~2","text":"Hello 5"}' \
  '{"id":"..","text":"Hello 6"}' '{"id":"","text":"Hello 7"}' '{"id":"a\nb","text":"Hello 8"}' >ids.jsonl
for j in 1 3; do
  rm -rf rec
  $GLOSSA -j$j -e "$E" -o rec/ --records ids.jsonl 2>err
  echo "-j$j: exit $?"
  for f in rec/*; do printf '%s: ' "$f"; cat "$f"; done
  cat err
done
ls -A "$TMP" | grep -v -e '^site$' -e '^other$' -e '^views-' -e '^out$' -e '^rec$' -e '^ids.jsonl$' -e '^err$'
