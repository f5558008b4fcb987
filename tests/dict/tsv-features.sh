# Dictionary entries with features (issue 14, item 4): a TSV file
# name<TAB>label<TAB>NAME=VALUE…, plain and feature lines mixed; annotating a
# lookup's spans gives each entry's features as the annotation's attrs
# (jsonl, exact), attrs given to annotate win on a name; span.features; the
# errors of bad feature columns (PATH:LINE:COL) and of bad options. Run by
# tests/golden/run.sh from the repository root ($TMP: scratch).
D=tests/dict/data/people.tsv
S=samples/trump-putin-call.txt

echo "-- every labelled hit: its entry's features are its attrs"
$GLOSSA -q -j1 -f jsonl -e "doc:lookup(glossa.dict('$D')):filter(function(s) return s.value end):annotate{}" $S
echo "exit $?"

echo "-- given attrs win on a name; an entry without features keeps only them"
$GLOSSA -q -j1 -f jsonl -e "
local d = glossa.dict('$D')
local hits = doc:lookup(d)
hits:filter('place'):annotate{attrs = {kind = 'state', checked = true}}
for s in hits do
  if s.entry == 'Vladimir Putin' then s:annotate{label = 'leader', attrs = {country = 'Russia', rank = 1}} end
  if s.entry == 'Rex Tillerson' then s:annotate{label = 'official'} end
  if s.entry == 'ISIS' then s:annotate{label = 'group', attrs = {kind = 'group'}} end
end" $S | sed 's/"start":.*"exact":/"exact":/; s/,"prefix".*//'
echo "exit $?"

echo "-- span.features, before annotating"
$GLOSSA -q -j1 -e "
for s in doc:lookup(glossa.dict('$D')) do
  local names = {}
  for k, v in pairs(s.features) do names[#names + 1] = k .. '=' .. v end
  table.sort(names)
  io.stderr:write(s.start, ' ', s.entry, ' [', tostring(s.value), '] {', table.concat(names, ', '), '}\n')
end
io.stderr:write('plain span: ', tostring(doc:span(1, 4).features), '\n')" $S
echo "exit $?"

echo "-- the first of a name listed twice wins, its features too; -j2 over two documents"
$GLOSSA -q -j2 -f jsonl -e "
local d = glossa.dict('$D')
for s in doc:lookup(d) do if s.entry == 'Vladimir Putin' then s:annotate{label = s.value} end end" \
  $S samples/trump-putin-call.html | sed 's/"id":"\([^"]*\)".*"label":"\([^"]*\)".*"attrs":\({[^}]*}\).*"exact":"\([^"]*\)".*/\1 \2 \3 \4/'
echo "exit $?"

echo "-- bad feature columns: PATH:LINE:COL"
cd "$TMP" || exit 2
echo 'President Putin' >small.txt
n=0
while IFS= read -r body; do
  n=$((n + 1))
  printf "$body" >bad$n.tsv
  $GLOSSA -q -j1 -e "glossa.dict('bad$n.tsv')" small.txt 2>&1 | head -1
done <<'CASES'
Paris\tcity\tcountry=FR\nBerlin\tcity\tDE\n
Paris\tcity\tcountry=FR\t\n
\357\273\277Évry-Courcouronnes\tcity\t=FR\n
Paris\tcity\t2nd=Lyon\n
Paris\tcity\tcountry=FR\tpop=2100000\tcountry=DE\n
Paris\tcity\tcountry=F\0R\n
Paris\tcity with\ttabs in its label\n
CASES

echo "-- options and tables: each error names what is wrong"
for opts in '{overlaps = false}' '{overlaps = "some"}' '{nocase = "yes"}' '{words = 1}' '{case = true}' '{true}'; do
  $GLOSSA -q -j1 -e "glossa.dict({'Putin'}, $opts)" small.txt 2>&1 | head -1
done
for src in "{Putin = {'person', ['wiki data'] = 'Q7747'}}" "{Putin = {'person', rank = 1}}" \
           "{Putin = {'person', 'leader'}}" "{Putin = {true}}" "{Putin = 1}"; do
  $GLOSSA -q -j1 -e "glossa.dict($src)" small.txt 2>&1 | head -1
done
