# -f sqlite over the three samples with the seed's scripts: the database
# holds what -f jsonl writes for the same run (agree.py, through the
# sqlite3 CLI), and real queries over it answer: the documents, counts per
# label, the people by the name attr, the quotes with their speakers, the
# offsets that give back the quotes in code points and in bytes.
command -v sqlite3 >/dev/null || { echo "SKIP: no sqlite3 (the CLI; Debian: sqlite3)"; exit 77; }
S="-s scripts/people.lua -s scripts/places.lua -s scripts/quotes.lua"
F="samples/trump-putin-call.txt samples/trump-putin-call.html samples/trump-putin-call.xml"
$GLOSSA -j1 -f sqlite -o $TMP/seed.db $S $F
echo "exit $?"
ls -A $TMP
$GLOSSA -j1 -f jsonl $S $F > $TMP/seed.jsonl
python3 tests/sqlite/agree.py $TMP/seed.db $TMP/seed.jsonl
Q="sqlite3 -header $TMP/seed.db"
echo "== the database"
$Q "PRAGMA integrity_check; SELECT count(*) AS foreign_key_violations FROM pragma_foreign_key_check;
    PRAGMA user_version; PRAGMA application_id;"
$Q "SELECT key, value = 'glossa ' || '$($GLOSSA -V | cut -d' ' -f2)' AS this_version FROM meta WHERE key = 'generator';
    SELECT * FROM meta WHERE key <> 'generator';"
echo "== documents, in input order"
$Q "SELECT id, path, type, lang, length(text) AS code_points, length(CAST(text AS BLOB)) AS bytes FROM documents"
echo "== annotations per label and document type"
$Q "SELECT a.label, d.type, count(*) AS n FROM annotations a JOIN documents d ON d.id = a.document
    GROUP BY a.label, d.type ORDER BY a.label, d.type"
echo "== the offsets give back the quote (code points and bytes), on every row"
$Q "SELECT count(*) AS rows, sum(substr(d.text, a.start + 1, a.end - a.start) = a.quote) AS by_code_points,
           sum(substr(CAST(d.text AS BLOB), a.start_byte + 1, a.end_byte - a.start_byte) = CAST(a.quote AS BLOB)) AS by_bytes
    FROM annotations a JOIN documents d ON d.id = a.document"
echo "== people by their name attr (a join of attrs), in the html"
$Q "SELECT v.value AS name, count(*) AS n, min(a.line) AS first_line FROM annotations a
    JOIN documents d ON d.id = a.document JOIN attrs v ON v.annotation = a.id AND v.key = 'name'
    WHERE a.label = 'person' AND d.path GLOB '*.html' GROUP BY v.value ORDER BY n DESC, name"
echo "== each quote and its speaker (links)"
$Q "SELECT d.type, q.seq AS quote, q.line, substr(q.quote, 1, 30) AS starts, l.role, s.seq AS speaker, s.quote AS who
    FROM links l JOIN annotations q ON q.id = l.annotation JOIN annotations s ON s.id = l.target
    JOIN documents d ON d.id = q.document ORDER BY q.id"
echo "== the first annotations of the xml, as rows"
$Q "SELECT a.id, a.seq, a.label, a.note, a.quote, a.start, a.end, a.start_byte, a.end_byte, a.line, a.col,
           a.script, a.script_line, a.matcher FROM annotations a JOIN documents d ON d.id = a.document
    WHERE d.type = 'xml' ORDER BY a.id LIMIT 4"
