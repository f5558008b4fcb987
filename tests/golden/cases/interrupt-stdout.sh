# A run stopped while busy in C (the watcher ends the process after its
# grace period: core/interrupt.c) leaves standard output on a whole record
# (tests/SECURITY.md, item 14): everything done before is there, every line
# is JSON and the last one ends, whether stdout is a file or a pipe; so does
# a run that --fail-fast stops. The
# busy document blocks inside one C call, loadfile on a FIFO that a holder
# keeps open without writing; the holder's open returning tells the test
# that glossa is inside it, so there is no sleep to guess with.
cd "$TMP" || exit 1
mkdir docs
awk 'BEGIN { for (d = 1; d <= 30; d++) { f = sprintf("docs/d%02d.txt", d)
  for (i = 0; i < 200; i++) printf "word%d is line %d of document %d\n", i, i, d > f; close(f) } }'
echo 'the busy one' >docs/e.txt
cat >busy.lua <<'LUA'
return function(doc)
  if doc.path:find("e%.txt$") then loadfile(glossa.args.fifo) end
  doc:find("word%d+"):annotate{label = "w"}
end
LUA
child() { # the process $1 started (bounded wait: 30 s)
  n=0
  until c=$(pgrep -P $1) || [ $n -ge 300 ]; do sleep 0.1; n=$((n + 1)); done
  echo $c
}
check() { # FILE: the lines, each parsed as JSON, and the end
  python3 - "$1" <<'PY'
import json, sys
data = open(sys.argv[1], "rb").read()
lines = data.split(b"\n")
ok = sum(1 for l in lines[:-1] if json.loads(l) is not None)
print("%d lines, all JSON; %s" % (ok, "ends on a newline" if data.endswith(b"\n") else "ENDS INSIDE A RECORD: %r" % lines[-1][-40:]))
PY
}
for to in file pipe; do
  rm -f fifo opened out.jsonl; mkfifo fifo
  (exec 3>fifo; : >opened; exec sleep 60) &
  holder=$!
  if [ $to = pipe ]; then
    rm -f pipe; mkfifo pipe
    cat pipe >out.jsonl &
    reader=$!
    timeout -k 1 60 $GLOSSA -j1 -q --trusted -a fifo=fifo -f jsonl -s busy.lua docs/ >pipe 2>err &
  else
    timeout -k 1 60 $GLOSSA -j1 -q --trusted -a fifo=fifo -f jsonl -s busy.lua docs/ >out.jsonl 2>err &
  fi
  pid=$!
  g=$(child $pid)
  n=0
  until [ -e opened ] || [ $n -ge 300 ]; do sleep 0.1; n=$((n + 1)); done
  # the 30 documents before the busy one come out (bounded wait: 30 s)
  n=0
  until [ "$(wc -l <out.jsonl)" -ge 6000 ] || [ $n -ge 300 ]; do sleep 0.1; n=$((n + 1)); done
  kill -TERM $g
  wait $pid
  echo "$to: exit $?"
  [ $to = pipe ] && wait $reader
  kill $holder
  wait $holder 2>/dev/null
  check out.jsonl
  cat err
done
# --fail-fast: the document that fails stops the run; what came before it
# is out, whole
$GLOSSA -j1 -q --fail-fast -f jsonl -e 'if doc.path:find("d05") then error("stop here") end' \
  -e 'doc:find("word%d+"):annotate{label = "w"}' docs/ >out.jsonl 2>err
echo "fail-fast: exit $?"
check out.jsonl
grep -c 'stop here' err
