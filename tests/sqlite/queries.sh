# Corpus queries over a -f sqlite database, with their plans: "all
# annotations of label X in documents matching path Y" goes through the
# indices (documents_path for the path's range, then annotations_label for
# label and document), never a scan of annotations; so do counts per label,
# an attribute's value, the links to an annotation and a document's
# annotation by its jsonl id. Attribute types stay apart.
command -v sqlite3 >/dev/null || { echo "SKIP: no sqlite3 (the CLI; Debian: sqlite3)"; exit 77; }
# 400 documents in 8 folders; every word from a small list is annotated by
# what it is, with typed attrs
mkdir -p $TMP/c
for area in blog docs forum mail news notes reviews wiki; do
  mkdir -p $TMP/c/$area
  i=0
  while [ $i -lt 50 ]; do
    printf 'Ada met Grace in Paris on day %d.\nThen Alan wrote to Ada from Rome; Grace replied from %s.\n' $i $area > $TMP/c/$area/$i.txt
    i=$((i + 1))
  done
done
E='for w in doc:find("%f[%w]%u%l+") do
  local t = w.text
  if t == "Ada" or t == "Grace" or t == "Alan" then w:annotate{label = "person", attrs = {first = t, n = #t, len = #t / 2, known = t ~= "Alan"}}
  elseif t == "Paris" or t == "Rome" then w:annotate{label = "place", attrs = {city = t}}
  else w:annotate{label = "word"} end
end
for w in doc:find("day 7%f[^%d]") do w:annotate{label = "rare"} end'
$GLOSSA -j2 -q -f sqlite -o $TMP/c.db -e "$E" $TMP/c/
echo "exit $?"
Q="sqlite3 -header $TMP/c.db"
$Q "SELECT count(*) AS documents FROM documents; SELECT label, count(*) AS n FROM annotations GROUP BY label"
echo "== the people in documents under c/news/, and the plan"
P="SELECT a.quote, count(*) AS n FROM annotations a JOIN documents d ON d.id = a.document
   WHERE a.label = 'person' AND d.path GLOB '$TMP/c/news/*' GROUP BY a.quote ORDER BY a.quote"
$Q "$P"
$Q "EXPLAIN QUERY PLAN $P" | sed 's/^QUERY PLAN$/plan:/'
echo "== a path pattern with no fixed start (no index can take it): a scan of documents, not of annotations"
P="SELECT d.path, a.quote FROM annotations a JOIN documents d ON d.id = a.document
   WHERE a.label = 'rare' AND d.path GLOB '*/[bn]*/7.txt' ORDER BY d.id"
$Q "$P" | sed "s|$TMP/||"
$Q "EXPLAIN QUERY PLAN $P" | sed 's/^QUERY PLAN$/plan:/'
echo "== counts per label: a covering index"
$Q "EXPLAIN QUERY PLAN SELECT label, count(*) FROM annotations GROUP BY label" | sed 's/^QUERY PLAN$/plan:/'
echo "== by an attribute's value"
P="SELECT count(*) AS n FROM attrs v JOIN annotations a ON a.id = v.annotation WHERE v.key = 'first' AND v.value = 'Grace'"
$Q "$P"
$Q "EXPLAIN QUERY PLAN $P" | sed 's/^QUERY PLAN$/plan:/'
echo "== a document's annotation by its jsonl id, and an annotation's attrs"
P="SELECT a.seq, a.label, a.quote, v.key, v.type, v.value, typeof(v.value) AS stored FROM annotations a
   JOIN attrs v ON v.annotation = a.id WHERE a.document = 2 AND a.seq = 5 ORDER BY v.key"
$Q "$P"
$Q "EXPLAIN QUERY PLAN $P" | sed 's/^QUERY PLAN$/plan:/'
echo "== types across the corpus: never mixed within a type"
$Q "SELECT type, typeof(value) AS stored, count(*) AS n FROM attrs GROUP BY type, stored ORDER BY type"
echo "== the links to an annotation"
$GLOSSA -j1 -q -f sqlite -o $TMP/l.db -s scripts/people.lua -s scripts/quotes.lua samples/
P="SELECT l.annotation, l.role FROM links l WHERE l.target = 3"
sqlite3 -header $TMP/l.db "$P; EXPLAIN QUERY PLAN $P" | sed 's/^QUERY PLAN$/plan:/'
