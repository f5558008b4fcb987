# docs/sqlite.md is the database's: its schema block is what .schema shows,
# and each example query prints what the page says, over the database of
# the page's first command.
command -v sqlite3 >/dev/null || { echo "SKIP: no sqlite3 (the CLI; Debian: sqlite3)"; exit 77; }
$GLOSSA -q -f sqlite -o $TMP/corpus.db -s scripts/people.lua -s scripts/places.lua -s scripts/quotes.lua samples/trump-putin-call.*
echo "exit $?"
python3 tests/sqlite/docs.py $TMP/corpus.db docs/sqlite.md
