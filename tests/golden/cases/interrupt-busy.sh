# SIGTERM while glossa is busy in C, where the Lua hook never looks at the
# stop flag: it still exits at once with 143 (128 + SIGTERM), the -o file
# byte for byte as it was and no temporary file left; a second run does the
# same for SIGINT with 130. Busy in C: a --trusted script's loadfile on a
# FIFO that a holder keeps open without writing; the holder's open returning
# tells the test that glossa is inside that one C call (no sleep to guess
# when it gets there, no file looked at before it exists). Timing asserts
# only generous upper bounds.
cd "$TMP" || exit 1
echo '<doc><p>one</p></doc>' >doc.xml
printf 'before the run\n\001\377' >before
child() { # the process $1 started (bounded wait: 30 s)
  n=0
  until c=$(pgrep -P $1) || [ $n -ge 300 ]; do sleep 0.1; n=$((n + 1)); done
  echo $c
}
for sig in TERM INT; do
  cp before out.jsonl
  rm -f fifo opened
  mkfifo fifo
  (exec 3>fifo; : >opened; exec sleep 60) &
  holder=$!
  # timeout's KILL ends a glossa that does not stop, so that the test fails
  # rather than hangs; the signal goes to glossa itself
  timeout -k 1 60 $GLOSSA -j1 --trusted -a fifo=fifo -f jsonl -o out.jsonl \
    -e 'loadfile(glossa.args.fifo)' doc.xml 2>err &
  pid=$!
  g=$(child $pid)
  n=0
  until [ -e opened ] || [ $n -ge 300 ]; do sleep 0.1; n=$((n + 1)); done
  start=$(date +%s%N)
  kill -$sig $g
  wait $pid
  code=$?
  ms=$((($(date +%s%N) - start) / 1000000))
  kill $holder
  wait $holder 2>/dev/null
  echo "SIG$sig: exit $code"
  if [ $ms -lt 5000 ]; then echo "stopped within 5 s"; else echo "took $ms ms"; fi
  cmp before out.jsonl && echo "the -o file is as it was"
  ls -A
  tail -1 err
done
