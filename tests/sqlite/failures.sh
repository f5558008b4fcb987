# A run that cannot be completed leaves the target as it was and no file
# behind: a full file system (a file size limit, ulimit -f, SIGXFSZ
# ignored: SQLite's writes past it fail with EFBIG), a signal while the
# scripts run (SIGINT: exit 130) and while the database is written
# (SIGTERM: 143), a script whose top level fails (exit 2). Each says so on
# stderr. Documents that fail do not stop the run: they are not in the
# database (exit 1).
command -v sqlite3 >/dev/null || { echo "SKIP: no sqlite3 (the CLI; Debian: sqlite3)"; exit 77; }
cd "$TMP" || exit 1
root=$OLDPWD
mkdir docs
awk 'BEGIN { for (i = 0; i < 3000; i++) printf "Hello line %d\n", i }' > docs/b.txt
printf 'Hello small\n' > docs/a.txt
E='doc:find("Hello"):annotate{label = "hi", attrs = {n = 1}}'
echo "before the run" > out.db
(
  trap '' XFSZ
  ulimit -f 40 # 40 blocks: 20 KB in dash (512-byte blocks), 40 KB in bash
  $GLOSSA -j2 -e "$E" -f sqlite -o out.db docs/
  echo "a full disk: exit $?"
)
cat out.db
ls -A
$GLOSSA -j2 -f sqlite -o out.db -e 'while true do end' docs/ "$root/samples/" 2>err &
pid=$!
sleep 1
kill -INT $pid
wait $pid
echo "SIGINT: exit $?"
tail -1 err
cat out.db
ls -A
# a stop while the writer is busy: many documents with many annotations,
# stopped once the first are in (the sink's temporary file is there)
i=0
while [ $i -lt 300 ]; do cp docs/b.txt docs/c$i.txt; i=$((i + 1)); done
$GLOSSA -j1 -f sqlite -o out.db -e "$E" docs/ 2>err &
pid=$!
n=0
while [ $n -lt 200 ] && ! ls .glossa-out.* >/dev/null 2>&1; do sleep 0.05; n=$((n + 1)); done
sleep 0.5
kill -TERM $pid
wait $pid
echo "SIGTERM: exit $?"
# the run stops by itself, or, when the writer is still inside SQLite after
# the grace period, the process is ended (core/interrupt.h): either way the
# file is as it was
tail -1 err | sed 's/^glossa: interrupted; .*/glossa: interrupted; …/'
cat out.db
ls -A | grep -v '^docs$'
$GLOSSA -f sqlite -o out.db -e 'error("no")' docs/a.txt 2>err
echo "top level: exit $?"
tail -1 err
cat out.db
echo "== a document that fails is left out, the others written"
printf '<?xml version="1.0"?><a><b></a>' > docs/bad.xml
rm docs/c*.txt
$GLOSSA -j2 -q -e "$E" -f sqlite -o out.db docs/a.txt docs/bad.xml docs/b.txt
echo "exit $?"
sqlite3 out.db "SELECT id, path, (SELECT count(*) FROM annotations WHERE document = documents.id) FROM documents"
ls -A | grep -v '^docs$'
