# --records - takes records as they arrive (tests/SECURITY.md, item 15): the
# producer sends each record only once the annotation of the one before is
# out, so a glossa that waited for the end of its input would never see them
# (the producer then gives up after 30 s per record and says so). Output in
# input order with -j2; blank lines skipped, a bad record and one over
# --max-size reported with their line, the last line without a newline.
cd "$TMP" || exit 1
long=$(awk 'BEGIN { for (i = 0; i < 300; i++) printf "long " }')
ready() { # WHERE N ID: N lines in the file WHERE, or the file WHERE/ID.txt
  if [ -d "$1" ]; then [ -e "$1/$3.txt" ]; else [ "$(wc -l <"$1")" -ge $2 ]; fi
}
send() { # RECORD WHERE N ID: send RECORD, then wait until ready WHERE N ID
  printf '%s\n' "$1"
  n=0
  until ready $2 $3 $4 || [ $n -ge 300 ]; do sleep 0.1; n=$((n + 1)); done
  [ $n -ge 300 ] && echo "producer: nothing new in $2 before the next record" >&2
  return 0
}
producer() { # WHERE: where the annotations come out
  send '{"id":"r1","text":"first record"}' $1 1 r1
  printf '\n  \n'
  send '{"id":"r2","html":"<p>second <b>record</b></p>"}' $1 2 r2
  send '{"id":"r3","text":"'"$long"'"}' $1 2 r2
  send '{"id":"r4","text":"fourth record"}' $1 3 r4
  send '{"id":"r5" "text":"no comma"}' $1 3 r4
  printf '{"id":"r6","text":"last, no newline"}'
}
: >out.txt
producer out.txt | $GLOSSA -j2 --max-size 40 -e 'doc:span(1, 4):annotate{label = "w"}' --records - >out.txt
echo "exit $?"
cat out.txt
# into -o DIR/: each record's file is there before the next record comes
mkdir dir
producer dir | $GLOSSA -j2 --max-size 40 -e 'doc:span(1, 4):annotate{label = "w"}' \
  -o dir/ --records - 2>/dev/null
echo "exit $?"
ls dir
# a stop while glossa waits for input: exit 130, what was done is out
: >out.txt
mkfifo fifo
(send '{"id":"r1","text":"only one"}' out.txt 1 r1; until [ -e done ]; do sleep 0.1; done) >fifo &
producer=$!
$GLOSSA -e 'doc:span(1, 4):annotate{label = "w"}' --records - <fifo >out.txt 2>err &
pid=$!
n=0
until [ -s out.txt ] || [ $n -ge 300 ]; do sleep 0.1; n=$((n + 1)); done
kill -INT $pid
wait $pid
echo "interrupted while waiting for input: exit $?"
touch done
wait $producer
cat out.txt err
# one record for -f html is a page; a second one fails, as -f html cannot
# write two pages to one stream
printf '{"id":"p1","text":"page one"}\n{"id":"p2","text":"page two"}\n' | cat |
  $GLOSSA -f html --records - >page.html
echo "exit $?"
grep -c 'page one' page.html
