# Ctrl-C (SIGINT) in the middle of a run: the workers stop, a script in a
# loop is stopped too, the -o file is left as it was, nothing half-written
# stays behind, and the exit status is 130.
echo "before the run" > $TMP/out.jsonl
$GLOSSA -j2 -f jsonl -o $TMP/out.jsonl -e 'while true do end' samples/ tests/html/cases/ 2>$TMP/err &
pid=$!
sleep 1
kill -INT $pid
wait $pid
echo "exit $?"
cat $TMP/out.jsonl
ls -A $TMP
tail -1 $TMP/err
