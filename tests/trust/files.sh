# Item 12: scripts read regular data files, nothing else: not standard input
# (as /dev/stdin, /dev/fd/0 or a path to the file it is), devices, FIFOs, the
# kernel's /proc and /sys (was: /dev/stdin, /proc/self/environ,
# /proc/self/mem and /proc/self/maps were readable).
for p in /dev/stdin /dev/fd/0 /dev/zero /proc/self/environ /proc/self/maps /proc/self/mem "$TMP"; do
  $GLOSSA -e "local f, e = io.open('$p'); print(f, e)" samples/trump-putin-call.txt 2>&1 < samples/trump-putin-call.xml | sed "s#$TMP#TMP#g" | head -1
done
mkfifo "$TMP/fifo"
$GLOSSA -e "for l in io.lines('$TMP/fifo') do end" samples/trump-putin-call.txt 2>&1 | sed "s#$TMP#TMP#g" | head -1
$GLOSSA -e "io.lines('samples/trump-putin-call.xml')" samples/trump-putin-call.txt < samples/trump-putin-call.xml 2>&1 | head -1
$GLOSSA -e "local f, e, n = io.open('no/such/file'); print(f, e, n)" samples/trump-putin-call.txt
echo "exit $?"
# an ordinary data file reads, with io.open and io.lines (formats too)
$GLOSSA -e "local n = 0; for a, b in io.lines('tests/lua/data/names.tsv', 1, 'l') do n = n + 1 end; print(n)" samples/trump-putin-call.txt
echo "exit $?"
$GLOSSA --trusted -e "local f = io.open('/proc/self/status'); print(f ~= nil); f:close()" samples/trump-putin-call.txt
echo "exit $?"
