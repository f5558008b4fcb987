# A stop that comes while records are being written to a pipe whose reader
# is not reading (tests/SECURITY.md, item 14): the watcher waits for the
# write under way instead of cutting a record, and says so; once the reader
# reads again the output ends on a whole record. A second signal stops it
# at once (then the record may be cut, as asked). The test knows glossa's
# writer is blocked from /proc (wchan: pipe_write), not from a sleep, and
# signals glossa itself (timeout, only a safety net, would not pass a
# second signal on).
cd "$TMP" || exit 1
child() { # the process $1 started (bounded wait: 30 s)
  n=0
  until c=$(pgrep -P $1) || [ $n -ge 300 ]; do sleep 0.1; n=$((n + 1)); done
  echo $c
}
awk 'BEGIN { for (i = 0; i < 5000; i++) printf "word%d is on line %d\n", i, i }' >big.txt
for second in no yes; do
  rm -f pipe go out.jsonl err
  mkfifo pipe
  (until [ -e go ]; do sleep 0.05; done; exec cat) <pipe >out.jsonl &
  reader=$!
  timeout -k 1 60 $GLOSSA -j1 -q -f jsonl -e 'doc:find("word%d+"):annotate{label = "w"}' big.txt >pipe 2>err &
  pid=$!
  g=$(child $pid)
  n=0
  until grep -qs pipe_write /proc/$g/task/*/wchan || [ $n -ge 300 ]; do sleep 0.1; n=$((n + 1)); done
  kill -TERM $g
  n=0
  until grep -qs 'waiting for the output' err || [ $n -ge 300 ]; do sleep 0.1; n=$((n + 1)); done
  if [ $second = yes ]; then
    kill -TERM $g
    wait $pid
    echo "second signal: exit $?"
    touch go
    wait $reader
  else
    touch go
    wait $pid
    echo "reader reads again: exit $?"
    wait $reader
    python3 - out.jsonl <<'PY'
import json, sys
data = open(sys.argv[1], "rb").read()
lines = data.split(b"\n")
ok = sum(1 for l in lines[:-1] if json.loads(l) is not None)
print("%d lines, all JSON; %s" % (ok, "ends on a newline" if data.endswith(b"\n") else "ENDS INSIDE A RECORD"))
PY
  fi
  cat err
done
