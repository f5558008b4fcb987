# Dictionaries from files (issue 11, item 9): only regular files, of at most
# 1 GiB, not the kernel's (/proc/self/environ was read), are read (/dev/zero was read until malloc failed; a FIFO blocked);
# a dictionary's memory counts against --max-memory, and the state is
# charged once for a file however many Dicts hold it. Each refusal names the
# file; the next document still runs.
cd "$TMP" || exit 2
mkfifo fifo
mkdir dir
truncate -s 1100M huge.tsv
awk 'BEGIN { for (i = 0; i < 600000; i++) printf "name%d\tvalue%d\n", i, i }' >names.tsv
echo 'name7 and name600001' >small.txt
cp small.txt next.txt
for f in /dev/zero fifo dir huge.tsv /proc/self/environ; do
  $GLOSSA -j1 -q -e "if doc.path == 'small.txt' then local d = glossa.dict('$f') end; doc:span(1, 4):annotate{label = 'ok'}" small.txt next.txt
  echo "exit $?"
done
$GLOSSA -j1 -q --max-memory 16 -e 'if doc.path == "small.txt" then local d = glossa.dict("names.tsv") end; doc:span(1, 4):annotate{label = "ok"}' small.txt next.txt
echo "exit $?"
# 48 MB each, the same file: one charge, however many Dicts
$GLOSSA -j1 -q --max-memory 80 -e 'local a, b = glossa.dict("names.tsv"), glossa.dict("names.tsv"); doc:span(1, 4):annotate{label = "dicts", note = #a .. " " .. #b .. " " .. #doc:lookup(a)}' small.txt small.txt small.txt
echo "exit $?"
