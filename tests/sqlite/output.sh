# Where -f sqlite writes: only to -o FILE (standard output, a directory and
# a device cannot hold a database: refused before the run, exit 2, nothing
# made); FILE is replaced as -o FILE replaces a file for every format (made
# beside it, renamed over it at the end, with the old file's mode), whatever
# it held; never an input of the run; never a file whose rollback journal or
# write-ahead log is beside it. No temporary file is left behind.
command -v sqlite3 >/dev/null || { echo "SKIP: no sqlite3 (the CLI; Debian: sqlite3)"; exit 77; }
cd "$TMP" || exit 1
E='doc:find("Hello"):annotate{label = "hi"}'
printf 'Hello there\n' > in.txt
mkdir dir
for o in "" "-o -" "-o out/" "-o dir" "-o /dev/null"; do
  $GLOSSA -f sqlite -e "$E" $o in.txt
  echo "$o: exit $?"
done
$GLOSSA -f sqlite -e "$E" -o no-such-dir/x.db in.txt
echo "exit $?"
$GLOSSA -f sqlite -e "$E" -o in.txt/x.db in.txt
echo "exit $?"
$GLOSSA -f sqlite -e "$E" -o in.txt in.txt
echo "exit $?"
cat in.txt
ls -A
echo "== a file that is not a database is replaced, with its mode"
echo "old contents" > notes.db
chmod 640 notes.db
$GLOSSA -f sqlite -e "$E" -o notes.db in.txt
echo "exit $?"
stat -c %a notes.db
sqlite3 notes.db "SELECT path, label, quote FROM documents JOIN annotations ON document = documents.id"
echo "== a database of another run too"
printf 'Hello again, Hello\n' > again.txt
$GLOSSA -f sqlite -e "$E" -o notes.db again.txt
echo "exit $?"
sqlite3 notes.db "SELECT path, label, quote, start FROM documents JOIN annotations ON document = documents.id"
echo "== records and standard input: their names"
printf '{"id":"r/1","text":"Hello record"}\n' > r.jsonl
$GLOSSA -f sqlite -e "$E" -o names.db --records r.jsonl - < in.txt
echo "exit $?"
sqlite3 names.db "SELECT id, path, type FROM documents"
echo "== a journal or a log beside the target: not replaced"
cp notes.db keep.db
for log in journal wal; do
  echo "not SQLite's, but there" > notes.db-$log
  $GLOSSA -f sqlite -e "$E" -o notes.db in.txt
  echo "-$log: exit $?"
  cmp keep.db notes.db && echo "notes.db as it was"
  rm notes.db-$log
done
: > notes.db-journal # an empty one is no journal: SQLite deletes it
$GLOSSA -f sqlite -e "$E" -o notes.db in.txt
echo "empty -journal: exit $?"
rm notes.db-journal
ls -A
