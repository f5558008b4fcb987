# SIGTERM while glossa is busy in C, where the Lua hook never looks at the
# stop flag (a quadratic XPath in libxml2 that would take most of a minute):
# it still exits at once with 143 (128 + SIGTERM), the -o file byte for byte
# as it was and no temporary file left; a second run does the same for
# SIGINT with 130. Timing asserts only generous upper bounds.
awk 'BEGIN { print "<doc>"; for (i = 0; i < 50000; i++) printf "<p>w%d</p>\n", i; print "</doc>" }' >$TMP/many.xml
printf 'before the run\n\001\377' >$TMP/before
for sig in TERM INT; do
  cp $TMP/before $TMP/out.jsonl
  # timeout passes the signal on; its own KILL ends a glossa that does not
  # stop, so that the test fails rather than hangs
  timeout -k 1 30 $GLOSSA -j1 -f jsonl -o $TMP/out.jsonl \
    -e 'print("busy") doc:select("//p[count(preceding::p) < 0]")' $TMP/many.xml 2>$TMP/err &
  pid=$!
  # into the XPath: the script says so just before it (bounded: 60 s)
  n=0
  until grep -q busy $TMP/err || [ $n -ge 600 ]; do sleep 0.1; n=$((n + 1)); done
  sleep 0.3
  start=$(date +%s%N)
  kill -$sig $pid
  wait $pid
  code=$?
  ms=$((($(date +%s%N) - start) / 1000000))
  echo "SIG$sig: exit $code"
  if [ $ms -lt 5000 ]; then echo "stopped within 5 s"; else echo "took $ms ms"; fi
  cmp $TMP/before $TMP/out.jsonl && echo "the -o file is as it was"
  ls -A $TMP
  tail -1 $TMP/err
  rm $TMP/err
done
