# The same inputs give the same database whatever -j: the same .dump and
# the same bytes (documents in input order, ids given out in it). With
# links and corrections (tests/links: corrections.lua removes the person
# most links of links.lua go to), only live annotations and links to live
# ones are written: the database agrees with -f jsonl of the same run.
command -v sqlite3 >/dev/null || { echo "SKIP: no sqlite3 (the CLI; Debian: sqlite3)"; exit 77; }
jobs() { # NAME SCRIPTS FILES: -j1, -j2 and -j3 compared
  for j in 1 2 3; do
    $GLOSSA -j$j -q -f sqlite -o $TMP/$1-j$j.db $2 $3 2>/dev/null
    echo "$1 -j$j: exit $?"
    sqlite3 $TMP/$1-j$j.db .dump > $TMP/$1-j$j.dump
  done
  for j in 2 3; do
    cmp $TMP/$1-j1.dump $TMP/$1-j$j.dump && echo "$1 -j$j: the same .dump"
    cmp $TMP/$1-j1.db $TMP/$1-j$j.db && echo "$1 -j$j: the same bytes"
  done
  sqlite3 $TMP/$1-j1.db "SELECT count(*) || ' documents' FROM documents; SELECT count(*) || ' annotations' FROM annotations;
                         SELECT count(*) || ' links' FROM links"
  $GLOSSA -j2 -q -f jsonl $2 $3 > $TMP/$1.jsonl 2>/dev/null
  python3 tests/sqlite/agree.py $TMP/$1-j1.db $TMP/$1.jsonl
}
F="samples/trump-putin-call.txt samples/trump-putin-call.html samples/trump-putin-call.xml"
jobs seed "-s scripts/people.lua -s scripts/places.lua -s scripts/quotes.lua" "$F tests/html/cases/"
for i in 1 2 3 4; do F="$F samples/trump-putin-call.txt"; done
jobs links "-s scripts/people.lua -s scripts/quotes.lua -s tests/links/links.lua -s tests/links/earlier.lua -s tests/links/corrections.lua" "$F"
grep -c '"links"' $TMP/links.jsonl
